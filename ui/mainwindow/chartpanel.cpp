#include "mainwindow/chartpanel.h"

#include "chart/snapshotchart.h"
#include "storage/candlehistory.h"
#include "storage/schema.h"
#include "storage/sqldialect.h"

#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSqlQuery>
#include <QStringListModel>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace {

std::optional<qint64> optionalInt(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

// A year of minutes is 525,600 candles: a period whose stored span holds more than this is read
// only where the chart is zoomed to.
constexpr qint64 kMaxHistoryPoints = 600000;

struct LoadedHistory
{
    QList<HistoryPoint> points;
    int periodMinutes = 0;
    bool connected = false; // false: the database could not be opened (a server's outage)
};

// Candles of several periods in time order, each with its period (minutes).
struct PeriodPoints
{
    QList<HistoryPoint> points;
    std::vector<int> periods;
};

// Lays finer candles over coarser ones as they are read, in one pass without a copy of the finer
// ones: a finer candle replaces every coarser one whose period holds it; coarser ones elsewhere
// (before, after and between the finer ones' spans, or where the finer history has no trade) stay.
class Overlay final
{
public:
    // `expected`: how many finer candles may come, so that the result grows once.
    Overlay(PeriodPoints coarse, int finePeriod, qint64 expected)
        : m_coarse(std::move(coarse))
        , m_finePeriod(finePeriod)
    {
        const qint64 size
            = qint64(m_coarse.points.size()) + std::clamp<qint64>(expected, 0, kMaxHistoryPoints);
        m_result.points.reserve(qsizetype(size));
        m_result.periods.reserve(size_t(size));
    }

    // Candles come oldest first.
    void add(const CandlePrice &candle)
    {
        for (; m_next < m_coarse.points.size(); ++m_next) {
            const HistoryPoint &coarse = m_coarse.points.at(m_next);
            const int period = m_coarse.periods[size_t(m_next)];
            if (coarse.time - qint64(period) * 60 >= candle.periodEnd)
                break;
            if (candle.periodEnd > coarse.time) { // else the candle lies in its period: it gives way
                m_result.points.append(coarse);
                m_result.periods.push_back(period);
            }
        }
        m_result.points.append(
            {candle.periodEnd, candle.close ? candle.close : candle.previous, candle.low, candle.high});
        m_result.periods.push_back(m_finePeriod);
    }

    PeriodPoints finish()
    {
        for (; m_next < m_coarse.points.size(); ++m_next) {
            m_result.points.append(m_coarse.points.at(m_next));
            m_result.periods.push_back(m_coarse.periods[size_t(m_next)]);
        }
        return std::move(m_result);
    }

    // The coarser candles as they were (a read that failed part way).
    PeriodPoints abandon() { return std::move(m_coarse); }

private:
    PeriodPoints m_coarse;
    PeriodPoints m_result;
    qsizetype m_next = 0;
    int m_finePeriod = 0;
};

// Runs in a loader thread on a read-only connection of its own (opened and closed here). Each
// period stored for the market, coarsest first, with the finer ones laid over it: a period whose
// stored span holds more than kMaxHistoryPoints candles only within `detail` (where the chart was
// zoomed to), the others whole. The reported period is the coarsest one still drawn.
LoadedHistory readHistory(const QString &path, qint64 marketId, const QString &connection,
    const std::optional<ChartPanel::HistoryRange> &detail)
{
    LoadedHistory loaded;
    Schema::ConnectionOptions options;
    options.access = Schema::Access::ReadOnly;
    QString error;
    if (!Schema::openConnection(connection, path, options, &error))
        return loaded;
    loaded.connected = true;
    PeriodPoints merged;
    for (const int period : {1440, 60, 1}) {
        std::optional<QPair<qint64, qint64>> span;
        if (!CandleHistory::storedSpan(connection, marketId, period, &span, &error))
            break;
        if (!span)
            continue;
        qint64 from = span->first;
        qint64 to = span->second;
        if ((to - from) / (60 * qint64(period)) + 1 > kMaxHistoryPoints) {
            if (!detail || detail->periodMinutes != period)
                continue;
            from = detail->from;
            to = detail->to;
        }
        const qint64 expected
            = (std::min(to, span->second) - std::max(from, span->first)) / (60 * qint64(period)) + 1;
        Overlay overlay(std::move(merged), period, expected);
        const bool read = CandleHistory::readEach(
            connection, marketId, period, from, to,
            [&overlay](const CandlePrice &candle) { overlay.add(candle); }, &error);
        if (!read) {
            merged = overlay.abandon();
            break;
        }
        merged = overlay.finish();
    }
    Schema::closeConnection(connection);
    if (!merged.periods.empty())
        loaded.periodMinutes = *std::max_element(merged.periods.cbegin(), merged.periods.cend());
    loaded.points = std::move(merged.points);
    return loaded;
}

// Digit runs compare as numbers, the rest case-insensitively. Not QCollator: its numeric mode
// does nothing without ICU or in the C locale.
bool naturalLess(const QString &a, const QString &b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a.at(i).isDigit() && b.at(j).isDigit()) {
            const qsizetype startA = i;
            const qsizetype startB = j;
            while (i < a.size() && a.at(i).isDigit())
                ++i;
            while (j < b.size() && b.at(j).isDigit())
                ++j;
            QStringView digitsA = QStringView(a).mid(startA, i - startA);
            QStringView digitsB = QStringView(b).mid(startB, j - startB);
            while (digitsA.size() > 1 && digitsA.front() == u'0')
                digitsA = digitsA.mid(1);
            while (digitsB.size() > 1 && digitsB.front() == u'0')
                digitsB = digitsB.mid(1);
            if (digitsA.size() != digitsB.size())
                return digitsA.size() < digitsB.size();
            if (const int c = digitsA.compare(digitsB); c != 0)
                return c < 0;
            continue;
        }
        const QChar ca = a.at(i).toCaseFolded();
        const QChar cb = b.at(j).toCaseFolded();
        if (ca != cb)
            return ca < cb;
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

} // namespace

ChartPanel::ChartPanel(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_info(new QLabel(this))
    , m_unit(new QComboBox(this))
    , m_chart(new SnapshotChart(this))
    , m_completer(new QCompleter(this))
    , m_completions(new QStringListModel(this))
    , m_completionTimer(new QTimer(this))
    , m_detailTimer(new QTimer(this))
{
    m_search->setPlaceholderText(tr("Market ticker or title, e.g. KXHIGHNY-26DEC01-B45"));
    m_search->setClearButtonEnabled(true);
    m_completer->setModel(m_completions);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setMaxVisibleItems(15);
    m_search->setCompleter(m_completer);
    m_completionTimer->setSingleShot(true);
    m_completionTimer->setInterval(150);
    m_detailTimer->setSingleShot(true);
    m_detailTimer->setInterval(400); // a wheel zoom or a drag comes as a burst of changes

    auto *show = new QPushButton(tr("Show"), this);
    auto *reset = new QPushButton(tr("Reset zoom"), this);
    reset->setToolTip(tr("Show every snapshot (Home, or double-click the chart)"));
    m_unit->addItem(tr("Cents (\u00a2)"));
    m_unit->addItem(tr("Probability (%)"));
    m_unit->setToolTip(tr("Show prices in cents or as the probability they stand for"));
    auto *saveImage = new QAction(tr("Save Chart as PNG\u2026"), this);
    auto *saveCsv = new QAction(tr("Save Visible Data as CSV\u2026"), this);
    auto *resetAction = new QAction(tr("Reset Zoom"), this);
    auto *exportMenu = new QMenu(this);
    exportMenu->addAction(saveImage);
    exportMenu->addAction(saveCsv);
    auto *exportButton = new QPushButton(tr("Export"), this);
    exportButton->setMenu(exportMenu);
    m_chart->addAction(saveImage);
    m_chart->addAction(saveCsv);
    m_chart->addAction(resetAction);
    m_chart->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Market:"), this));
    bar->addWidget(m_search, 1);
    bar->addWidget(show);
    bar->addWidget(reset);
    bar->addWidget(m_unit);
    bar->addWidget(exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_info);
    layout->addWidget(m_chart, 1);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(m_search, &QLineEdit::textEdited, this, &ChartPanel::onSearchEdited);
    connect(m_search, &QLineEdit::returnPressed, this, &ChartPanel::onSearchAccepted);
    connect(show, &QPushButton::clicked, this, &ChartPanel::onSearchAccepted);
    connect(reset, &QPushButton::clicked, m_chart, &SnapshotChart::resetZoom);
    connect(resetAction, &QAction::triggered, m_chart, &SnapshotChart::resetZoom);
    connect(saveImage, &QAction::triggered, this, &ChartPanel::chooseImageFile);
    connect(saveCsv, &QAction::triggered, this, &ChartPanel::chooseCsvFile);
    connect(m_unit, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
        m_chart->setPriceUnit(index == 1 ? ChartAxis::PriceUnit::Percent : ChartAxis::PriceUnit::Cents);
    });
    connect(m_completionTimer, &QTimer::timeout, this, &ChartPanel::updateCompletions);
    connect(m_chart, &SnapshotChart::visibleTimeRangeChanged, m_detailTimer, qOverload<>(&QTimer::start));
    connect(m_detailTimer, &QTimer::timeout, this, &ChartPanel::askForVisibleDetail);
    connect(
        m_completer, qOverload<const QString &>(&QCompleter::activated), this, [this](const QString &text) {
            m_search->setText(text.section(u' ', 0, 0));
            onSearchAccepted();
        });
}

void ChartPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // With nothing shown yet, the only useful thing to do here is to pick a market.
    if (m_ticker.isEmpty())
        m_search->setFocus(Qt::OtherFocusReason);
}

void ChartPanel::setDatabase(const QString &connectionName, const QString &databasePath)
{
    m_connectionName = connectionName;
    m_databasePath = databasePath;
}

bool ChartPanel::databaseReadable() const
{
    return !m_connectionName.isEmpty() && QSqlDatabase::contains(m_connectionName)
        && QSqlDatabase::database(m_connectionName, false).isOpen();
}

void ChartPanel::onSearchEdited(const QString &)
{
    m_completionTimer->start();
}

void ChartPanel::updateCompletions()
{
    const QString text = m_search->text().trimmed();
    if (text.size() < 2 || !databaseReadable())
        return;
    m_completions->setStringList(completionsFor(text));
    if (m_search->hasFocus())
        m_completer->complete();
}

QStringList ChartPanel::completionsFor(const QString &text) const
{
    if (!databaseReadable())
        return {};
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'%', QStringLiteral("\\%"))
        .replace(u'_', QStringLiteral("\\_"));
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // Ticker prefixes use the primary key; titles need a scan, so cap the work with LIMIT.
    query.prepare(QStringLiteral("SELECT ticker, title FROM markets WHERE ticker LIKE ? ESCAPE '\\' "
                                 "UNION ALL SELECT ticker, title FROM (SELECT ticker, title FROM markets "
                                 "WHERE title %1 ? ESCAPE '\\' LIMIT 30) AS by_title LIMIT 50")
                      .arg(SqlDialect::caseInsensitiveLike(SqlDialect::of(db))));
    query.addBindValue(QString(escaped.toUpper() + u'%'));
    query.addBindValue(QString(u'%' + escaped + u'%'));
    QStringList items;
    if (query.exec()) {
        while (query.next()) {
            const QString item = query.value(0).toString() + QStringLiteral("  ") + query.value(1).toString();
            if (!items.contains(item))
                items.append(item);
        }
    }
    query.finish();
    // Strikes in tickers are numbers: KX...-B9 before KX...-B10, T100 after T95.
    std::sort(items.begin(), items.end(), naturalLess);
    return items;
}

void ChartPanel::onSearchAccepted()
{
    m_completionTimer->stop();
    m_completer->popup()->hide();
    const QString ticker = m_search->text().trimmed().section(u' ', 0, 0);
    if (!ticker.isEmpty())
        showMarket(ticker.toUpper());
}

bool ChartPanel::loadMarket(const QString &ticker, QString *title, QString *status,
    std::optional<qint64> *openTime, std::optional<qint64> *closeTime)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT title, id, status, open_time, close_time FROM markets WHERE ticker = ?"));
    query.addBindValue(ticker);
    const bool found = query.exec() && query.next();
    if (found) {
        *title = query.value(0).toString();
        m_marketId = query.value(1).toLongLong();
        *status = query.value(2).toString();
        const auto optional = [&query](int column) {
            return query.isNull(column) ? std::nullopt
                                        : std::optional<qint64>(query.value(column).toLongLong());
        };
        *openTime = optional(3);
        *closeTime = optional(4);
    }
    query.finish();
    return found;
}

void ChartPanel::saveState(QSettings &settings) const
{
    if (m_ticker.isEmpty())
        return;
    settings.setValue(QStringLiteral("chart/market"), m_ticker);
    if (m_chart->isShowingAll()) {
        settings.remove(QStringLiteral("chart/from"));
        settings.remove(QStringLiteral("chart/to"));
        return;
    }
    const auto range = m_chart->visibleTimeRange();
    settings.setValue(QStringLiteral("chart/from"), range.first);
    settings.setValue(QStringLiteral("chart/to"), range.second);
}

void ChartPanel::restoreState(const QSettings &settings)
{
    const QString market = settings.value(QStringLiteral("chart/market")).toString();
    if (market.isEmpty())
        return;
    showMarket(market);
    bool fromOk = false;
    bool toOk = false;
    const qint64 from = settings.value(QStringLiteral("chart/from")).toLongLong(&fromOk);
    const qint64 to = settings.value(QStringLiteral("chart/to")).toLongLong(&toOk);
    if (m_ticker.isEmpty() || !fromOk || !toOk || to <= from)
        return;
    m_chart->setVisibleTimeRange(from, to);
    m_restoredRange = qMakePair(from, to);
}

void ChartPanel::showMarket(const QString &ticker)
{
    m_restoredRange.reset();
    m_search->setText(ticker);
    m_ticker.clear();
    m_marketId = 0;
    m_lastTime = 0;
    m_detail.reset();
    m_loadedDetail.reset();
    m_askedDetails.clear();
    m_detailTimer->stop();
    QString title;
    QString status;
    std::optional<qint64> openTime;
    std::optional<qint64> closeTime;
    m_pendingTicker.clear();
    if (!databaseReadable() && !m_connectionName.isEmpty()) {
        m_pendingTicker = ticker;
        m_chart->clear();
        m_info->setText(
            tr("The database cannot be read at the moment; %1 is shown when it can be.").arg(ticker));
        return;
    }
    if (m_connectionName.isEmpty() || !loadMarket(ticker, &title, &status, &openTime, &closeTime)) {
        m_chart->clear();
        m_info->setText(tr("No market %1 in the database.").arg(ticker));
        return;
    }
    m_ticker = ticker;
    m_openTime = openTime;
    m_closeTime = closeTime;
    m_lifePeriod = historyPeriodFor(openTime, closeTime, QDateTime::currentSecsSinceEpoch());
    m_chart->setMarket(ticker, title);
    m_chart->setPoints({});
    m_info->clear();
    appendNewSnapshots();
    loadHistory();
    Q_EMIT historyWanted(ticker, m_lifePeriod, 0, 0);
    if (m_chart->pointCount() > 0)
        return;
    // Collection snapshots open markets only: say so instead of "not yet" where it never will.
    static const QStringList ended
        = {QStringLiteral("closed"), QStringLiteral("determined"), QStringLiteral("disputed"),
            QStringLiteral("amended"), QStringLiteral("finalized"), QStringLiteral("settled")};
    static const QStringList notOpen = {QStringLiteral("initialized"), QStringLiteral("unopened"),
        QStringLiteral("inactive"), QStringLiteral("paused")};
    if (ended.contains(status))
        m_chart->setEmptyText(
            tr("%1 has closed (status: %2) and no snapshots of it are stored. Collection takes "
               "snapshots of open markets only, so a market that closed before collection "
               "ran has no snapshots here; Kalshi's own history of it is drawn here once it "
               "has been fetched.")
                .arg(ticker, status));
    else if (notOpen.contains(status))
        m_chart->setEmptyText(
            tr("%1 is not open (status: %2). Collection takes snapshots of open markets only; "
               "its price history starts once it opens.")
                .arg(ticker, status));
}

int ChartPanel::historyPeriodFor(std::optional<qint64> openTime, std::optional<qint64> closeTime, qint64 now)
{
    if (!openTime)
        return 60;
    const qint64 end = closeTime ? qMin(*closeTime, now) : now;
    return historyPeriodForSpan(end - *openTime);
}

int ChartPanel::historyPeriodForSpan(qint64 span)
{
    constexpr qint64 day = 86400;
    if (span <= 3 * day)
        return 1;
    if (span <= 92 * day)
        return 60;
    return 1440;
}

QString ChartPanel::infoText() const
{
    return m_info->text();
}

void ChartPanel::historyFetchStarted(const QString &ticker)
{
    if (ticker == m_ticker)
        m_info->setText(tr("Fetching Kalshi's history of %1\u2026").arg(ticker));
}

void ChartPanel::historyRetrying(const QString &ticker, const QString &trouble)
{
    if (ticker == m_ticker)
        m_info->setText(tr("Fetching Kalshi's history of %1: %2").arg(ticker, trouble));
}

void ChartPanel::historyFetched(const QString &ticker, bool ok, qint64 candles, const QString &error)
{
    if (ticker != m_ticker)
        return;
    m_info->clear();
    if (!ok) {
        m_info->setText(tr("Kalshi's history of %1 could not be fetched: %2").arg(ticker, error));
        return;
    }
    if (candles > 0 || m_detail != m_loadedDetail)
        loadHistory();
}

void ChartPanel::askForVisibleDetail()
{
    if (m_ticker.isEmpty() || !m_openTime || m_chart->isShowingAll())
        return;
    const auto [visibleFrom, visibleTo] = m_chart->visibleTimeRange();
    const qint64 span = visibleTo - visibleFrom;
    const int period = historyPeriodForSpan(span);
    if (span <= 0 || period >= m_lifePeriod)
        return;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 lifeEnd = m_closeTime ? qMin(*m_closeTime, now) : now;
    const qint64 shownFrom = qMax(*m_openTime, visibleFrom);
    const qint64 shownTo = qMin(lifeEnd, visibleTo);
    if (shownTo <= shownFrom)
        return;
    const auto covering
        = std::find_if(m_askedDetails.cbegin(), m_askedDetails.cend(), [&](const HistoryRange &asked) {
              return asked.periodMinutes <= period && asked.from <= shownFrom && asked.to >= shownTo;
          });
    if (covering != m_askedDetails.cend()) {
        if (m_detail != *covering) {
            m_detail = *covering;
            loadHistory();
        }
        return;
    }
    const HistoryRange wanted{
        period, qMax(*m_openTime, visibleFrom - span / 2), qMin(lifeEnd, visibleTo + span / 2)};
    m_askedDetails.append(wanted);
    m_detail = wanted;
    Q_EMIT historyWanted(m_ticker, wanted.periodMinutes, wanted.from, wanted.to);
}

void ChartPanel::loadHistory()
{
    const quint64 generation = ++m_historyGeneration;
    const QString path = m_databasePath;
    if (path.isEmpty())
        return;
    const qint64 marketId = m_marketId;
    const QString connection = QStringLiteral("km-chart-history-%1").arg(generation);
    m_loadedDetail = m_detail;
    QThread *loader = QThread::create([this, path, marketId, connection, generation, detail = m_detail] {
        LoadedHistory loaded = readHistory(path, marketId, connection, detail);
        // Queued to the panel, which waits for its loaders before it goes.
        QMetaObject::invokeMethod(
            this,
            [this, generation, loaded = std::move(loaded)]() mutable {
                // What the chart shows stays while the database cannot be opened.
                if (generation != m_historyGeneration || !loaded.connected)
                    return;
                m_chart->setHistory(std::move(loaded.points), loaded.periodMinutes);
                if (const auto range = std::exchange(m_restoredRange, std::nullopt))
                    m_chart->setVisibleTimeRange(range->first, range->second);
            },
            Qt::QueuedConnection);
    });
    loader->setObjectName(QStringLiteral("km-chart-history"));
    loader->setParent(this);
    connect(loader, &QThread::finished, loader, &QObject::deleteLater);
    loader->start();
}

ChartPanel::~ChartPanel()
{
    for (QThread *loader : findChildren<QThread *>(Qt::FindDirectChildrenOnly))
        loader->wait();
}

void ChartPanel::appendNewSnapshots()
{
    if (!m_pendingTicker.isEmpty() && databaseReadable()) {
        showMarket(std::exchange(m_pendingTicker, QString()));
        return;
    }
    if (m_ticker.isEmpty() || m_marketId == 0 || !databaseReadable())
        return;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    // No ORDER BY: snapshot_rows is a view over runs of unchanged values (schema version 7), whose
    // rows come per run, in time order within each scope; SQLite would sort them in a temporary
    // b-tree (about two thirds of the query at 30 days of 5-minute points), the sort below costs
    // next to nothing on rows that are nearly in order already.
    query.prepare(
        QStringLiteral("SELECT snapshot_time, yes_bid, yes_ask, last_price, volume FROM snapshot_rows "
                       "WHERE market_id = ? AND snapshot_time > ?"));
    query.addBindValue(m_marketId);
    query.addBindValue(m_lastTime);
    QList<ChartPoint> points;
    if (query.exec()) {
        while (query.next()) {
            ChartPoint point;
            point.time = query.value(0).toLongLong();
            point.yesBid = optionalInt(query.value(1));
            point.yesAsk = optionalInt(query.value(2));
            point.lastPrice = optionalInt(query.value(3));
            point.volume = optionalInt(query.value(4));
            points.append(point);
        }
    }
    query.finish();
    if (points.isEmpty())
        return;
    std::sort(points.begin(), points.end(),
        [](const ChartPoint &a, const ChartPoint &b) { return a.time < b.time; });
    m_lastTime = points.last().time;
    if (m_chart->pointCount() == 0)
        m_chart->setPoints(points);
    else
        m_chart->appendPoints(points);
}

QString ChartPanel::suggestedFileName(const QString &suffix) const
{
    const QString base = m_ticker.isEmpty() ? QStringLiteral("chart") : m_ticker;
    return QDir::home().filePath(base + u'.' + suffix);
}

bool ChartPanel::exportImage(const QString &path, QString *error)
{
    const QImage image = m_chart->renderImage();
    if (image.save(path, "PNG"))
        return true;
    *error = tr("Could not write %1.").arg(QDir::toNativeSeparators(path));
    return false;
}

bool ChartPanel::exportCsv(const QString &path, QString *error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        file.write(m_chart->visibleCsv().toUtf8());
        if (file.commit())
            return true;
    }
    *error = tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
}

void ChartPanel::chooseImageFile()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Chart as PNG"), suggestedFileName(QStringLiteral("png")), tr("PNG images (*.png)"));
    QString error;
    if (!path.isEmpty() && !exportImage(path, &error))
        QMessageBox::warning(this, tr("Export"), error);
}

void ChartPanel::chooseCsvFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Visible Data as CSV"),
        suggestedFileName(QStringLiteral("csv")), tr("CSV files (*.csv)"));
    QString error;
    if (!path.isEmpty() && !exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export"), error);
}

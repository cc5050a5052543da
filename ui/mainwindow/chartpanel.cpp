#include "mainwindow/chartpanel.h"

#include "chart/snapshotchart.h"
#include "storage/schema.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QStringListModel>
#include <QTimer>
#include <QVBoxLayout>

namespace {

std::optional<qint64> optionalInt(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

} // namespace

ChartPanel::ChartPanel(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_info(new QLabel(this))
    , m_chart(new SnapshotChart(this))
    , m_completer(new QCompleter(this))
    , m_completions(new QStringListModel(this))
    , m_completionTimer(new QTimer(this))
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

    auto *show = new QPushButton(tr("Show"), this);
    auto *reset = new QPushButton(tr("Reset zoom"), this);
    reset->setToolTip(tr("Show every snapshot (Home, or double-click the chart)"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Market:"), this));
    bar->addWidget(m_search, 1);
    bar->addWidget(show);
    bar->addWidget(reset);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_info);
    layout->addWidget(m_chart, 1);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(m_search, &QLineEdit::textEdited, this, &ChartPanel::onSearchEdited);
    connect(m_search, &QLineEdit::returnPressed, this, &ChartPanel::onSearchAccepted);
    connect(show, &QPushButton::clicked, this, &ChartPanel::onSearchAccepted);
    connect(reset, &QPushButton::clicked, m_chart, &SnapshotChart::resetZoom);
    connect(m_completionTimer, &QTimer::timeout, this, &ChartPanel::updateCompletions);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, [this](const QString &text) {
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

void ChartPanel::setConnectionName(const QString &connectionName)
{
    m_connectionName = connectionName;
}

void ChartPanel::onSearchEdited(const QString &)
{
    m_completionTimer->start();
}

void ChartPanel::updateCompletions()
{
    const QString text = m_search->text().trimmed();
    if (text.size() < 2 || m_connectionName.isEmpty())
        return;
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'%', QStringLiteral("\\%")).replace(u'_', QStringLiteral("\\_"));
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    // Ticker prefixes use the primary key; titles need a scan, so cap the work with LIMIT.
    query.prepare(QStringLiteral("SELECT ticker, title FROM markets WHERE ticker LIKE ? ESCAPE '\\' "
                                 "UNION ALL SELECT ticker, title FROM (SELECT ticker, title FROM markets "
                                 "WHERE title LIKE ? ESCAPE '\\' LIMIT 30) LIMIT 50"));
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
    m_completions->setStringList(items);
    if (m_search->hasFocus())
        m_completer->complete();
}

void ChartPanel::onSearchAccepted()
{
    m_completionTimer->stop();
    m_completer->popup()->hide();
    const QString ticker = m_search->text().trimmed().section(u' ', 0, 0);
    if (!ticker.isEmpty())
        showMarket(ticker.toUpper());
}

bool ChartPanel::loadTitle(const QString &ticker, QString *title)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT title, id FROM markets WHERE ticker = ?"));
    query.addBindValue(ticker);
    const bool found = query.exec() && query.next();
    if (found) {
        *title = query.value(0).toString();
        m_marketId = query.value(1).toLongLong();
    }
    query.finish();
    return found;
}

void ChartPanel::showMarket(const QString &ticker)
{
    m_search->setText(ticker);
    m_ticker.clear();
    m_marketId = 0;
    m_lastTime = 0;
    QString title;
    if (m_connectionName.isEmpty() || !loadTitle(ticker, &title)) {
        m_chart->clear();
        m_info->setText(tr("No market %1 in the database.").arg(ticker));
        return;
    }
    m_ticker = ticker;
    m_chart->setMarket(ticker, title);
    m_chart->setPoints({});
    m_info->clear();
    appendNewSnapshots();
}

void ChartPanel::appendNewSnapshots()
{
    if (m_ticker.isEmpty() || m_marketId == 0 || m_connectionName.isEmpty())
        return;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT snapshot_time, yes_bid, yes_ask, last_price, volume FROM snapshot_rows "
                                 "WHERE market_id = ? AND snapshot_time > ? ORDER BY snapshot_time"));
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
    m_lastTime = points.last().time;
    if (m_chart->pointCount() == 0)
        m_chart->setPoints(points);
    else
        m_chart->appendPoints(points);
    m_info->setText(tr("%n snapshot(s)", nullptr, m_chart->pointCount()));
}

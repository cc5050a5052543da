#include "dashboardwidget.h"

#include "syncformat.h"
#include "syncruntablemodel.h"

#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <initializer_list>
#include <limits>

namespace {

constexpr int tickMs = 250;
const QString dash = QStringLiteral("\u2014");

QLabel *numberLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(dash, parent);
    label->setObjectName(objectName);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return label;
}

void setMuted(QWidget *widget, bool muted)
{
    QPalette palette = widget->parentWidget() ? widget->parentWidget()->palette() : widget->palette();
    if (muted)
        palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    widget->setPalette(palette);
}

QString rowsToolTip(const RowCounts &rows)
{
    const QLocale locale;
    return DashboardWidget::tr("Events: %1\nMarkets: %2\nSettlements: %3\nSnapshots: %4")
        .arg(locale.toString(rows.events), locale.toString(rows.markets), locale.toString(rows.settlements),
            locale.toString(rows.snapshots));
}

// What a phase's row counts in the user's terms: a snapshot its snapshot rows, one per market,
// not also the markets it updated on the way.
QString rowsText(qint64 rows)
{
    if (rows <= std::numeric_limits<int>::max())
        return DashboardWidget::tr("%Ln row(s)", nullptr, int(rows));
    return DashboardWidget::tr("%1 rows").arg(QLocale().toString(rows));
}

} // namespace

DashboardWidget::DashboardWidget(QWidget *parent)
    : QWidget(parent)
    , m_runsModel(new SyncRunTableModel(this))
    , m_ticker(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);

    auto *headerLayout = new QHBoxLayout;
    headerLayout->setSpacing(8);
    m_headerIcon = new QLabel(this);
    m_headerIcon->setFixedSize(20, 20);
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("header"));
    QFont headerFont = m_header->font();
    headerFont.setPointSizeF(headerFont.pointSizeF() * 1.25);
    headerFont.setBold(true);
    m_header->setFont(headerFont);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    headerLayout->addWidget(m_headerIcon);
    headerLayout->addWidget(m_header, 1);
    layout->addLayout(headerLayout);

    auto *phaseBox = new QGroupBox(tr("Current sync"), this);
    auto *grid = new QGridLayout(phaseBox);
    grid->setHorizontalSpacing(18);
    grid->setVerticalSpacing(8);
    const QStringList headings = {tr("Phase"), tr("Progress"), tr("Status"), tr("Pages"), tr("Rows"),
        tr("Skipped"), tr("Retries"), tr("Elapsed")};
    for (int column = 0; column < headings.size(); ++column) {
        auto *heading = new QLabel(headings.at(column), phaseBox);
        QFont font = heading->font();
        font.setBold(true);
        heading->setFont(font);
        heading->setAlignment(
            column >= 3 ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
        grid->addWidget(heading, 0, column);
    }
    const int numberWidth = fontMetrics().horizontalAdvance(QStringLiteral("0,000,000")) + 4;
    for (const SyncPhase kind : phases()) {
        const QString phase = SyncState::toText(kind);
        PhaseRow row;
        row.phase = kind;
        row.title = new QLabel(SyncFormat::phaseTitle(kind), phaseBox);
        row.bar = new QProgressBar(phaseBox);
        row.bar->setObjectName(QLatin1String("progress:") + phase);
        row.bar->setTextVisible(false);
        row.bar->setMinimumWidth(160);
        row.statusIcon = new QLabel(phaseBox);
        row.statusIcon->setFixedSize(16, 16);
        row.status = new QLabel(phaseBox);
        row.status->setObjectName(QLatin1String("status:") + phase);
        row.status->setMinimumWidth(
            fontMetrics().horizontalAdvance(SyncFormat::statusText(SyncStatus::Cancelled)) + 4);
        row.pages = numberLabel(QLatin1String("pages:") + phase, phaseBox);
        row.rows = numberLabel(QLatin1String("rows:") + phase, phaseBox);
        row.rows->setMinimumWidth(numberWidth);
        row.skipped = numberLabel(QLatin1String("skipped:") + phase, phaseBox);
        row.skipped->setToolTip(tr("Malformed items that were skipped"));
        row.retries = numberLabel(QLatin1String("retries:") + phase, phaseBox);
        row.retries->setToolTip(tr("HTTP requests that were retried"));
        row.elapsed = numberLabel(QLatin1String("elapsed:") + phase, phaseBox);
        row.elapsed->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("00 min 00 s")) + 4);

        auto *statusCell = new QHBoxLayout;
        statusCell->setSpacing(6);
        statusCell->addWidget(row.statusIcon);
        statusCell->addWidget(row.status, 1);

        const int line = int(m_rows.size()) + 1;
        grid->addWidget(row.title, line, 0);
        grid->addWidget(row.bar, line, 1);
        grid->addLayout(statusCell, line, 2);
        grid->addWidget(row.pages, line, 3);
        grid->addWidget(row.rows, line, 4);
        grid->addWidget(row.skipped, line, 5);
        grid->addWidget(row.retries, line, 6);
        grid->addWidget(row.elapsed, line, 7);
        m_rows.append(row);
    }
    grid->setColumnStretch(1, 1);
    layout->addWidget(phaseBox);

    m_troubleBox = new QFrame(this);
    auto *troubleLayout = new QHBoxLayout(m_troubleBox);
    troubleLayout->setContentsMargins(0, 0, 0, 0);
    troubleLayout->setSpacing(8);
    m_troubleIcon = new QLabel(m_troubleBox);
    m_troubleIcon->setFixedSize(16, 16);
    m_trouble = new QLabel(m_troubleBox);
    m_trouble->setObjectName(QStringLiteral("trouble"));
    m_trouble->setWordWrap(true);
    m_trouble->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retryButton = new QPushButton(tr("&Retry"), m_troubleBox);
    m_retryButton->setObjectName(QStringLiteral("retrySync"));
    connect(m_retryButton, &QPushButton::clicked, this, &DashboardWidget::retryRequested);
    troubleLayout->addWidget(m_troubleIcon, 0, Qt::AlignTop);
    troubleLayout->addWidget(m_trouble, 1);
    troubleLayout->addWidget(m_retryButton, 0, Qt::AlignTop);
    layout->addWidget(m_troubleBox);

    auto *errorLayout = new QHBoxLayout;
    errorLayout->setSpacing(8);
    m_lastErrorIcon = new QLabel(this);
    m_lastErrorIcon->setFixedSize(16, 16);
    m_lastErrorLabel = new QLabel(this);
    m_lastErrorLabel->setObjectName(QStringLiteral("lastError"));
    m_lastErrorLabel->setWordWrap(true);
    m_lastErrorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    errorLayout->addWidget(m_lastErrorIcon, 0, Qt::AlignTop);
    errorLayout->addWidget(m_lastErrorLabel, 1);
    layout->addLayout(errorLayout);

    auto *runsBox = new QGroupBox(tr("Recent syncs"), this);
    auto *runsLayout = new QVBoxLayout(runsBox);
    m_runsView = new QTableView(runsBox);
    m_runsView->setObjectName(QStringLiteral("recentRuns"));
    m_runsView->setModel(m_runsModel);
    m_runsView->setAlternatingRowColors(true);
    m_runsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runsView->setWordWrap(false);
    m_runsView->setShowGrid(false);
    m_runsView->verticalHeader()->hide();
    m_runsView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_runsView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_runsView->horizontalHeader()->setStretchLastSection(true);
    m_runsView->horizontalHeader()->setHighlightSections(false);
    runsLayout->addWidget(m_runsView);
    layout->addWidget(runsBox, 1);

    m_ticker->setInterval(tickMs);
    connect(m_ticker, &QTimer::timeout, this, &DashboardWidget::tick);

    for (PhaseRow &row : m_rows)
        resetRow(row, false);
    updateHeader();
    updateLastErrorLabel();
    updateTrouble();
    setRecentRuns({});
}

DashboardWidget::~DashboardWidget() = default;

QList<SyncPhase> DashboardWidget::phases()
{
    return {SyncPhase::Events, SyncPhase::Markets, SyncPhase::Settlements, SyncPhase::Snapshot};
}

QList<SyncPhase> DashboardWidget::phasesOf(const QString &command)
{
    for (const SyncPhase phase : phases()) {
        const QString name = SyncState::toText(phase);
        if (command == name || command == QLatin1String("sync-") + name)
            return {phase};
    }
    return phases();
}

std::optional<SyncStatus> DashboardWidget::phaseStatus(SyncPhase phase) const
{
    const PhaseRow *row = findRow(phase);
    return row ? row->state : std::nullopt;
}

QString DashboardWidget::headerText() const
{
    return m_header->text();
}

DashboardWidget::PhaseRow *DashboardWidget::findRow(SyncPhase phase)
{
    for (PhaseRow &row : m_rows) {
        if (row.phase == phase)
            return &row;
    }
    return nullptr;
}

const DashboardWidget::PhaseRow *DashboardWidget::findRow(SyncPhase phase) const
{
    for (const PhaseRow &row : m_rows) {
        if (row.phase == phase)
            return &row;
    }
    return nullptr;
}

void DashboardWidget::resetRow(PhaseRow &row, bool planned)
{
    row.elapsedMs = 0;
    row.page = 0;
    row.sinceUpdate.invalidate();
    for (QLabel *label : {row.pages, row.rows, row.skipped, row.retries, row.elapsed})
        label->setText(dash);
    row.rows->setToolTip(QString());
    row.bar->setRange(0, 1);
    row.bar->setValue(0);
    for (QWidget *widget : std::initializer_list<QWidget *>{
             row.title, row.bar, row.pages, row.rows, row.skipped, row.retries, row.elapsed})
        widget->setEnabled(planned);
    setRowState(row, planned ? std::optional(SyncStatus::Waiting) : std::nullopt);
}

void DashboardWidget::setRowState(PhaseRow &row, std::optional<SyncStatus> state)
{
    row.state = state;
    if (state)
        row.status->setText(SyncFormat::statusText(state));
    else
        row.status->setText(m_running || m_hasFinished ? tr("not in this sync") : tr("idle"));
    row.statusIcon->setPixmap(SyncFormat::statusIcon(state).pixmap(16, 16));
    QPalette palette = row.status->parentWidget()->palette();
    if (!state || state == SyncStatus::Waiting || state == SyncStatus::NotRun)
        palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    else
        palette.setColor(QPalette::WindowText, SyncFormat::statusColor(state));
    row.status->setPalette(palette);

    row.bar->setTextVisible(state == SyncStatus::Running);
    if (state == SyncStatus::Running) {
        updateRunningBar(row);
    } else if (state == SyncStatus::Ok || state == SyncStatus::Truncated) {
        row.bar->setRange(0, 1);
        row.bar->setValue(1);
    } else {
        // Failed, cancelled and unfinished phases stop the busy bar without claiming completion.
        row.bar->setRange(0, 1);
        row.bar->setValue(0);
    }
}

// Never a busy bar that looks finished: the pages of the last finished run of the same kind tell
// roughly how far along the phase is; without one the bar counts pages up.
void DashboardWidget::updateRunningBar(PhaseRow &row)
{
    const QString pages = QLocale().toString(row.page);
    if (row.expectedPages > 0) {
        // Past the estimate the bar stays just short of full until the phase ends.
        row.bar->setRange(0, qMax(row.expectedPages, row.page + 1));
        row.bar->setValue(row.page);
        row.bar->setFormat(tr("page %1 of about %2").arg(pages, QLocale().toString(row.expectedPages)));
        row.bar->setToolTip(tr("The last %1 run read %Ln page(s)", nullptr, row.expectedPages)
                                .arg(SyncFormat::phaseTitle(row.phase)));
    } else {
        row.bar->setRange(0, 1);
        row.bar->setValue(0);
        row.bar->setFormat(tr("page %1").arg(pages));
        row.bar->setToolTip(tr("No earlier run of this kind tells how many pages to expect"));
    }
}

int DashboardWidget::expectedPages(SyncPhase phase) const
{
    // Newest first; a run cut short says nothing about the whole listing.
    for (const SyncRunRecord &run : m_runsModel->runs()) {
        if (run.kind == phase && run.status == SyncStatus::Ok)
            return run.pages;
    }
    return 0;
}

void DashboardWidget::syncStarted(const QString &command)
{
    m_running = true;
    m_command = command;
    m_newestRunIdAtStart = m_lastSync.newestRunId();
    m_runsModel->clearLiveProgress();
    clearTrouble();
    m_syncClock.start();
    const QList<SyncPhase> planned = phasesOf(command);
    for (PhaseRow &row : m_rows) {
        resetRow(row, planned.contains(row.phase));
        row.expectedPages = expectedPages(row.phase);
    }
    m_ticker->start();
    updateHeader();
}

void DashboardWidget::updateProgress(const SyncProgress &progress)
{
    if (!m_running)
        syncStarted(QString());
    PhaseRow *row = findRow(progress.phase);
    if (!row)
        return;
    const QLocale locale;
    for (QWidget *widget : std::initializer_list<QWidget *>{
             row->title, row->bar, row->pages, row->rows, row->skipped, row->retries, row->elapsed})
        widget->setEnabled(true);
    row->page = progress.page;
    const qint64 phaseRows = progress.rows.ofPhase(progress.phase);
    m_runsModel->showLiveProgress(progress.phase, m_newestRunIdAtStart, progress.page, phaseRows);
    row->pages->setText(locale.toString(progress.page));
    row->rows->setText(locale.toString(phaseRows));
    row->rows->setToolTip(rowsToolTip(progress.rows));
    row->skipped->setText(locale.toString(progress.skipped));
    row->retries->setText(locale.toString(progress.retries));
    row->elapsedMs = progress.elapsedMs;
    row->elapsed->setText(SyncFormat::elapsed(progress.elapsedMs));

    SyncStatus state = progress.status;
    if (!progress.finished)
        state = SyncStatus::Running;
    else if (state == SyncStatus::Running)
        state = SyncStatus::Ok;
    if (state == SyncStatus::Running)
        row->sinceUpdate.start();
    else
        row->sinceUpdate.invalidate();
    if (state != row->state)
        setRowState(*row, state);
    else if (state == SyncStatus::Running)
        updateRunningBar(*row);
    if (m_hasRetry && progress.phase == m_retry.phase && progress.page > m_retryPage) {
        m_hasRetry = false; // a page came through: the retry worked
        updateTrouble();
    }
    updateHeader();
}

void DashboardWidget::syncFinished(const SyncSummary &summary)
{
    m_ticker->stop();
    m_running = false;
    m_hasFinished = true;
    m_lastSummary = summary;
    if (m_command.isEmpty())
        m_command = summary.command;
    m_finishedAt = QDateTime::currentDateTime();

    const SyncStatus endState = summary.cancelled ? SyncStatus::Cancelled
        : !summary.ok                             ? SyncStatus::Failed
                                                  : SyncStatus::Ok;
    for (PhaseRow &row : m_rows) {
        if (row.state == SyncStatus::Running) {
            row.sinceUpdate.invalidate();
            row.elapsed->setText(SyncFormat::elapsed(row.elapsedMs));
            setRowState(row, endState);
        } else if (row.state == SyncStatus::Waiting) {
            if (summary.ok && !summary.cancelled)
                resetRow(row, false);
            else
                setRowState(row, SyncStatus::NotRun);
        }
    }
    if (!summary.ok && !summary.cancelled && !summary.error.isEmpty())
        setLastError(summary.error, m_finishedAt);
    if (!summary.ok && !summary.cancelled) {
        // A request that failed after retries is told in the words of its last retry.
        const bool afterRetries = m_hasRetry;
        const QString cause = afterRetries
            ? SyncFormat::gaveUp(SyncFormat::requestProblem(m_retry.error, m_retry.server), m_retry.attempt)
            : summary.error.trimmed();
        m_failure = tr("%1 failed at %2: %3")
                        .arg(SyncFormat::commandTitle(m_command), SyncFormat::timeOfDay(m_finishedAt), cause)
            + u'\n' + SyncFormat::failureHint(afterRetries ? m_retry.error : RequestError());
    }
    m_hasRetry = false;
    updateTrouble();
    updateHeader();
}

void DashboardWidget::setRecentRuns(const QList<SyncRunRecord> &runs)
{
    m_runsModel->setRuns(runs);
    m_lastSync = LastSync::fromRuns(runs);
    updateHeader();
    // Few rows (the caller shows a recent window), so measuring every cell is cheap.
    for (int column = 0; column < SyncRunTableModel::ErrorColumn; ++column) {
        m_runsView->resizeColumnToContents(column);
        m_runsView->setColumnWidth(column, m_runsView->columnWidth(column) + 14);
    }
}

void DashboardWidget::setLastError(const QString &message, const QDateTime &when)
{
    m_lastError = message.trimmed();
    m_lastErrorTime = when;
    updateLastErrorLabel();
}

void DashboardWidget::clearLastError()
{
    m_lastError.clear();
    m_lastErrorTime = QDateTime();
    updateLastErrorLabel();
}

bool DashboardWidget::isOwnSyncUnread() const
{
    return m_hasFinished && m_lastSync.newestRunId() <= m_newestRunIdAtStart;
}

LastSync DashboardWidget::shownSync() const
{
    return isOwnSyncUnread() ? LastSync::fromSummary(m_lastSummary, m_finishedAt) : m_lastSync;
}

QString DashboardWidget::troubleText() const
{
    return m_troubleBox->isHidden() ? QString() : m_trouble->text();
}

bool DashboardWidget::isRetryOffered() const
{
    return !m_troubleBox->isHidden() && !m_retryButton->isHidden();
}

void DashboardWidget::showRetry(const SyncRetry &retry)
{
    m_hasRetry = true;
    m_retry = retry;
    const PhaseRow *row = findRow(retry.phase);
    m_retryPage = row ? row->page : 0;
    m_sinceRetry.start();
    updateTrouble();
}

void DashboardWidget::setDatabaseBusy(qint64 waitedMs, qint64 deadlineMs)
{
    Q_UNUSED(waitedMs);
    m_databaseBusy
        = tr("The database is locked by another program: waiting for it to finish (giving up after "
             "%1 s)")
              .arg((deadlineMs + 999) / 1000);
    updateTrouble();
}

void DashboardWidget::clearDatabaseBusy()
{
    if (m_databaseBusy.isEmpty())
        return;
    m_databaseBusy.clear();
    updateTrouble();
}

void DashboardWidget::setDatabaseEmpty(bool empty)
{
    m_databaseEmpty = empty;
    updateHeader();
}

void DashboardWidget::clearTrouble()
{
    m_hasRetry = false;
    m_retry = SyncRetry();
    m_failure.clear();
    updateTrouble();
}

void DashboardWidget::updateTrouble()
{
    QString text;
    SyncStatus status = SyncStatus::Truncated; // amber: under way
    if (!m_databaseBusy.isEmpty()) {
        text = m_databaseBusy;
    } else if (m_hasRetry) {
        text = SyncFormat::retryText(m_retry, m_retry.delayMs - m_sinceRetry.elapsed());
    } else if (!m_failure.isEmpty()) {
        text = m_failure;
        status = SyncStatus::Failed;
    }
    m_troubleBox->setHidden(text.isEmpty());
    showLastErrorLine();
    m_retryButton->setHidden(m_failure.isEmpty() || m_hasRetry || m_running);
    if (m_trouble->text() != text)
        m_trouble->setText(text);
    if (m_troubleIcon->property("status").toString() != SyncState::toText(status)) {
        m_troubleIcon->setProperty("status", SyncState::toText(status));
        m_troubleIcon->setPixmap(SyncFormat::statusIcon(status).pixmap(16, 16));
    }
}

void DashboardWidget::tick()
{
    for (PhaseRow &row : m_rows) {
        if (row.sinceUpdate.isValid())
            row.elapsed->setText(SyncFormat::elapsed(row.elapsedMs + row.sinceUpdate.elapsed()));
    }
    if (m_hasRetry)
        updateTrouble();
    updateHeader();
}

void DashboardWidget::updateHeader()
{
    SyncStatus status = SyncStatus::Waiting;
    QString text;
    if (m_running) {
        status = SyncStatus::Running;
        text = tr("%1 running \u2014 %2")
                   .arg(SyncFormat::commandTitle(m_command), SyncFormat::elapsed(m_syncClock.elapsed()));
    } else if (!m_lastSync.isEmpty() || m_hasFinished) {
        // Until the database shows this window's sync, its summary tells it.
        const bool ownSyncRead = m_hasFinished && m_lastSync.oldestRunId() > m_newestRunIdAtStart
            && qAbs(m_lastSync.finishedAt().secsTo(m_finishedAt)) <= 2;
        const bool ownSyncUnread = isOwnSyncUnread();
        const LastSync last = shownSync();
        status = last.status().value_or(SyncStatus::Waiting);
        text = last.headline(ownSyncRead || ownSyncUnread ? m_lastSummary.elapsedMs : -1);
        QStringList lines;
        for (const SyncRunRecord &run : last.runs()) {
            lines.append(tr("%1: %2, %Ln page(s), %3 in %4", nullptr, run.pages)
                             .arg(SyncFormat::phaseTitle(run.kind), SyncFormat::statusText(run.status),
                                 rowsText(run.rows), SyncFormat::seconds(run.finishedAt - run.startedAt)));
        }
        m_header->setToolTip(lines.join(u'\n'));
    } else {
        text = m_databaseEmpty ? tr("No data yet \u2014 press Sync Now (F5) to download Kalshi's markets")
                               : tr("No sync has run yet");
    }
    if (m_header->text() != text)
        m_header->setText(text);
    if (m_headerIcon->property("status").toString() != SyncState::toText(status)) {
        m_headerIcon->setProperty("status", SyncState::toText(status));
        m_headerIcon->setPixmap(SyncFormat::statusIcon(status).pixmap(20, 20));
    }
}

void DashboardWidget::updateLastErrorLabel()
{
    if (m_lastError.isEmpty()) {
        m_lastErrorLabel->setText(tr("No errors reported."));
        m_lastErrorLabel->setToolTip(QString());
        m_lastErrorIcon->setPixmap(SyncFormat::statusIcon(SyncStatus::Ok).pixmap(16, 16));
        setMuted(m_lastErrorLabel, true);
        showLastErrorLine();
        return;
    }
    m_lastErrorLabel->setText(
        tr("Last error at %1: %2")
            .arg(SyncFormat::timeOfDay(m_lastErrorTime), SyncFormat::storedError(m_lastError)));
    m_lastErrorLabel->setToolTip(m_lastError);
    m_lastErrorIcon->setPixmap(SyncFormat::statusIcon(SyncStatus::Failed).pixmap(16, 16));
    setMuted(m_lastErrorLabel, false);
    showLastErrorLine();
}

// "No errors reported." under a line about trouble happening now would contradict it; the error of
// the failure that line tells would repeat it.
void DashboardWidget::showLastErrorLine()
{
    const bool troubleShown = !m_troubleBox->isHidden();
    const bool hidden = troubleShown && (m_lastError.isEmpty() || !m_failure.isEmpty());
    m_lastErrorLabel->setHidden(hidden);
    m_lastErrorIcon->setHidden(hidden);
}

#include "collectionpanel.h"

#include "collect/collectionsettings.h"
#include "collect/duration.h"
#include "collect/jobrunner.h"
#include "dashboard/syncformat.h"
#include "storage/databaselocation.h"
#include "storage/schema.h"

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QSignalBlocker>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

namespace {

const QString dash = QStringLiteral("\u2014");

enum GridColumn {
    JobColumn,
    EnabledColumn,
    IntervalColumn,
    NextRunColumn,
    ActivityColumn,
    ResultColumn,
    RowsColumn,
    DurationColumn,
    FinishedColumn,
    GridColumnCount
};

void setTextColor(QLabel *label, const QColor &color)
{
    QPalette palette = label->parentWidget()->palette();
    if (color.isValid())
        palette.setColor(QPalette::WindowText, color);
    label->setPalette(palette);
}

QColor mutedColor(const QWidget *widget)
{
    return widget->palette().color(QPalette::PlaceholderText);
}

// A one-line label that elides what does not fit instead of widening the grid; the full text is
// in the tooltip.
class ElidedLabel final : public QLabel
{
public:
    using QLabel::QLabel;

    QSize minimumSizeHint() const override
    {
        return QSize(fontMetrics().averageCharWidth() * 12, QLabel::minimumSizeHint().height());
    }

protected:
    void paintEvent(QPaintEvent *event) override
    {
        Q_UNUSED(event);
        QPainter painter(this);
        const QRect area = contentsRect();
        const QString shown = fontMetrics().elidedText(text(), Qt::ElideRight, area.width());
        style()->drawItemText(
            &painter, area, int(alignment()), palette(), isEnabled(), shown, foregroundRole());
    }
};

QHBoxLayout *iconAndText(QLabel *icon, QLabel *text)
{
    auto *layout = new QHBoxLayout;
    layout->setSpacing(6);
    icon->setFixedSize(16, 16);
    layout->addWidget(icon);
    layout->addWidget(text, 1);
    return layout;
}

} // namespace

CollectionPanel::CollectionPanel(QWidget *parent)
    : QWidget(parent)
    , m_countdown(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);

    auto *statusBox = new QGroupBox(tr("Collection"), this);
    auto *statusGrid = new QGridLayout(statusBox);
    statusGrid->setHorizontalSpacing(8);
    statusGrid->setVerticalSpacing(6);
    m_collectingIcon = new QLabel(statusBox);
    m_collectingIcon->setFixedSize(16, 16);
    m_collectingLabel = new QLabel(statusBox);
    m_collectingLabel->setObjectName(QStringLiteral("collecting"));
    QFont bold = m_collectingLabel->font();
    bold.setBold(true);
    m_collectingLabel->setFont(bold);
    m_lockLabel = new QLabel(statusBox);
    m_lockLabel->setObjectName(QStringLiteral("lockHolder"));
    m_lockLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_databaseLabel = new QLabel(statusBox);
    m_databaseLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_databaseLabel->setWordWrap(true);
    statusGrid->addWidget(m_collectingIcon, 0, 0);
    statusGrid->addWidget(m_collectingLabel, 0, 1);
    statusGrid->addWidget(m_lockLabel, 1, 1);
    statusGrid->addWidget(m_databaseLabel, 2, 1);
    m_lockLostLabel = new QLabel(statusBox);
    m_lockLostLabel->setObjectName(QStringLiteral("lockLost"));
    m_lockLostLabel->setWordWrap(true);
    m_lockLostLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lockLostLabel->hide();
    statusGrid->addWidget(m_lockLostLabel, 3, 1);
    statusGrid->setColumnStretch(1, 1);
    layout->addWidget(statusBox);

    auto *jobsBox = new QGroupBox(tr("Jobs"), this);
    m_jobsBox = jobsBox;
    auto *jobsLayout = new QVBoxLayout(jobsBox);
    jobsLayout->setSpacing(10);
    m_grid = new QGridLayout;
    m_grid->setHorizontalSpacing(18);
    m_grid->setVerticalSpacing(8);
    const QStringList headings = {tr("Job"), tr("Enabled"), tr("Interval"), tr("Next run"), tr("Activity"),
        tr("Last result"), tr("Stored"), tr("Duration"), tr("Finished")};
    for (int column = 0; column < GridColumnCount; ++column) {
        auto *heading = new QLabel(headings.at(column), jobsBox);
        heading->setFont(bold);
        Qt::Alignment alignment = Qt::AlignLeft;
        if (column == EnabledColumn)
            alignment = Qt::AlignHCenter;
        else if (column == RowsColumn || column == DurationColumn)
            alignment = Qt::AlignRight;
        heading->setAlignment(alignment | Qt::AlignVCenter);
        m_grid->addWidget(heading, 0, column);
    }
    m_grid->setColumnStretch(ResultColumn, 1);
    jobsLayout->addLayout(m_grid);

    auto *hint = new QLabel(tr("Intervals are a whole number followed by s, m or h, for example 20s, 15m "
                               "or 6h; a bare number means minutes."),
        jobsBox);
    hint->setWordWrap(true);
    setTextColor(hint, mutedColor(hint));
    jobsLayout->addWidget(hint);

    auto *errorLayout = new QHBoxLayout;
    m_errorIcon = new QLabel(jobsBox);
    m_errorLabel = new QLabel(jobsBox);
    m_errorLabel->setObjectName(QStringLiteral("intervalError"));
    m_errorLabel->setWordWrap(true);
    errorLayout->addLayout(iconAndText(m_errorIcon, m_errorLabel));
    m_errorIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(16, 16));
    jobsLayout->addLayout(errorLayout);
    m_errorIcon->hide();
    m_errorLabel->hide();

    layout->addWidget(jobsBox);
    layout->addStretch(1);

    for (const QString &job : CollectionSettings::scheduledJobs())
        addRow(job);
    addRow(SyncState::toText(CollectJob::FullSync));

    // Four times a second: a countdown in whole seconds driven by a 1 s timer, whose phase has
    // nothing to do with the jobs' times and which may fire a little late, can skip a second
    // (tst_collectionpanel::countdownLabel once never saw "in 1:28" within 4 s in a busy CI run).
    m_countdown->setInterval(250);
    connect(m_countdown, &QTimer::timeout, this, &CollectionPanel::updateCountdowns);
    m_countdown->start();

    setLockHolder(std::nullopt, QString());
    updateCollectingLabel();
}

CollectionPanel::~CollectionPanel()
{
    // ~QWidget hides the window, and the focused field would commit into the destroyed rows.
    for (const JobRow &row : std::as_const(m_rows)) {
        disconnect(row.interval, nullptr, this, nullptr);
        disconnect(row.enabled, nullptr, this, nullptr);
    }
}

QStringList CollectionPanel::jobs() const
{
    QStringList names;
    for (const JobRow &row : m_rows)
        names.append(row.job);
    return names;
}

std::optional<JobState> CollectionPanel::jobState(const QString &job) const
{
    const JobRow *row = findRow(job);
    if (!row || !row->hasState)
        return std::nullopt;
    return row->state;
}

QString CollectionPanel::lockHolderText() const
{
    return m_lockLabel->text();
}

QString CollectionPanel::lockLostText() const
{
    return m_lockLostLabel->isHidden() ? QString() : m_lockLostLabel->text();
}

void CollectionPanel::showLockLost(const QString &message)
{
    m_lockLostLabel->setText(message);
    setTextColor(m_lockLostLabel, SyncFormat::statusColor(SyncStatus::Failed));
    m_lockLostLabel->show();
}

QString CollectionPanel::storedText(const QString &job, const RowCounts &counts)
{
    StoredCounts headline;
    switch (SyncState::fromText<CollectJob>(job).value_or(CollectJob::FullSync)) {
    case CollectJob::Snapshot:
    case CollectJob::Watchlist:
        headline.markets = counts.snapshots;
        break;
    case CollectJob::Settlements:
        headline.settlements = counts.settlements;
        break;
    case CollectJob::Markets:
    case CollectJob::FullSync:
        headline.markets = counts.markets;
        break;
    }
    const QString text = SyncFormat::storedCounts(headline);
    return text.isEmpty() ? tr("nothing new") : text;
}

QString CollectionPanel::storedDetails(const QString &job, const RowCounts &counts)
{
    const QString text = SyncFormat::storedCounts(
        StoredCounts::fromRows(counts, SyncState::fromText<CollectJob>(job) == CollectJob::Watchlist));
    return text.isEmpty() ? tr("Nothing new was stored.") : text;
}

QString CollectionPanel::intervalError() const
{
    return m_errorLabel->isHidden() ? QString() : m_errorLabel->text();
}

QString CollectionPanel::jobTitle(const QString &job)
{
    const std::optional<CollectJob> known = SyncState::fromText<CollectJob>(job);
    if (!known)
        return job;
    switch (*known) {
    case CollectJob::Snapshot:
        return tr("Snapshot");
    case CollectJob::Markets:
        return tr("Markets");
    case CollectJob::Settlements:
        return tr("Settlements");
    case CollectJob::Watchlist:
        return tr("Watchlist");
    case CollectJob::FullSync:
        return tr("Full sync (manual / initial)");
    }
    return job;
}

QString CollectionPanel::countdownText(qint64 msLeft)
{
    if (msLeft <= 0)
        return tr("due");
    const qint64 seconds = (msLeft + 999) / 1000;
    const qint64 days = seconds / 86400;
    const qint64 hours = (seconds % 86400) / 3600;
    const qint64 minutes = (seconds % 3600) / 60;
    const QLatin1Char zero('0');
    if (days > 0)
        return tr("in %n day(s) %1 h", nullptr, int(days)).arg(hours);
    if (hours > 0)
        return tr("in %1:%2:%3").arg(hours).arg(minutes, 2, 10, zero).arg(seconds % 60, 2, 10, zero);
    return tr("in %1:%2").arg(minutes).arg(seconds % 60, 2, 10, zero);
}

QString CollectionPanel::holderText(const std::optional<CollectorLock::HolderInfo> &holder)
{
    if (!holder)
        return tr("Nobody is collecting");
    if (holder->thisProcess)
        return tr("This window is collecting");
    const QDateTime since = holder->since.toLocalTime();
    const QString sinceText = since.date() == QDate::currentDate()
        ? since.toString(QStringLiteral("HH:mm"))
        : since.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    const QString app = holder->appName.isEmpty() ? tr("unknown program") : holder->appName;
    const QString host = holder->hostName.isEmpty() ? tr("an unknown host") : holder->hostName;
    return tr("Another process is collecting: pid %1 (%2 on %3) since %4")
        .arg(holder->pid)
        .arg(app, host, sinceText);
}

void CollectionPanel::setJobStates(const QList<JobState> &states)
{
    for (JobRow &row : m_rows)
        row.hasState = false;
    for (const JobState &state : states) {
        JobRow &row = rowFor(state.name);
        row.state = state;
        row.hasState = true;
    }
    for (JobRow &row : m_rows)
        showState(row);
}

void CollectionPanel::updateJobState(const JobState &state)
{
    JobRow &row = rowFor(state.name);
    row.state = state;
    row.hasState = true;
    showState(row);
}

void CollectionPanel::setPaused(const QString &message)
{
    m_paused = !message.isEmpty();
    if (m_paused)
        showLockLost(message);
    else
        m_lockLostLabel->hide();
    updateCollectingLabel();
}

void CollectionPanel::setCollecting(bool collecting)
{
    if (collecting) {
        m_lockLostLabel->hide();
        m_paused = false;
    }
    m_collecting = collecting;
    updateCollectingLabel();
    updateCountdowns();
}

void CollectionPanel::setLockHolder(
    const std::optional<CollectorLock::HolderInfo> &holder, const QString &databasePath)
{
    m_lockLabel->setText(holderText(holder));
    QString toolTip;
    if (holder && !databasePath.isEmpty())
        toolTip = CollectorLock::describeHolder(*holder, databasePath);
    if (!databasePath.isEmpty()) {
        if (!toolTip.isEmpty())
            toolTip += u'\n';
        if (DatabaseLocation::isServerUrl(databasePath)) {
            toolTip += tr("Lock: an advisory lock on the server, held by this collector's own session");
            m_databaseLabel->setText(tr("Database: %1").arg(Schema::displayName(databasePath)));
        } else {
            toolTip += tr("Lock file: %1")
                           .arg(QDir::toNativeSeparators(CollectorLock::lockFilePath(databasePath)));
            m_databaseLabel->setText(
                tr("Database: %1").arg(QDir::toNativeSeparators(QFileInfo(databasePath).absoluteFilePath())));
        }
    } else {
        m_databaseLabel->setText(tr("Database: not chosen yet"));
    }
    m_lockLabel->setToolTip(toolTip);
    setTextColor(m_databaseLabel, mutedColor(m_databaseLabel));
    const bool other = holder && !holder->thisProcess;
    setTextColor(m_lockLabel, other ? SyncFormat::statusColor(SyncStatus::Truncated) : QColor());
}

CollectionPanel::JobRow *CollectionPanel::findRow(const QString &job)
{
    for (JobRow &row : m_rows) {
        if (row.job == job)
            return &row;
    }
    return nullptr;
}

const CollectionPanel::JobRow *CollectionPanel::findRow(const QString &job) const
{
    for (const JobRow &row : m_rows) {
        if (row.job == job)
            return &row;
    }
    return nullptr;
}

CollectionPanel::JobRow &CollectionPanel::rowFor(const QString &job)
{
    if (JobRow *row = findRow(job))
        return *row;
    addRow(job);
    return m_rows.last();
}

void CollectionPanel::addRow(const QString &job)
{
    QWidget *box = m_jobsBox;
    JobRow row;
    row.job = job;
    row.title = new QLabel(jobTitle(job), box);
    row.enabled = new QCheckBox(box);
    row.enabled->setObjectName(QLatin1String("enabled:") + job);
    row.enabled->setToolTip(tr("Run %1 on its interval while collecting").arg(jobTitle(job)));
    row.interval = new QLineEdit(box);
    row.interval->setObjectName(QLatin1String("interval:") + job);
    row.interval->setPlaceholderText(QStringLiteral("15m"));
    row.interval->setFixedWidth(fontMetrics().horizontalAdvance(QStringLiteral("1500ms")) + 28);
    row.interval->setToolTip(tr("How often %1 runs: 20s, 15m, 6h").arg(jobTitle(job)));
    row.manual = new QLabel(tr("manual"), box);
    setTextColor(row.manual, mutedColor(row.manual));
    row.nextRun = new QLabel(dash, box);
    row.nextRun->setObjectName(QLatin1String("nextRun:") + job);
    row.nextRun->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("in 0 days 00 h")) + 4);
    row.activityIcon = new QLabel(box);
    row.activity = new QLabel(box);
    row.activity->setObjectName(QLatin1String("activity:") + job);
    row.resultIcon = new QLabel(box);
    row.result = new ElidedLabel(box);
    row.result->setObjectName(QLatin1String("result:") + job);
    row.rows = new QLabel(dash, box);
    row.rows->setObjectName(QLatin1String("rows:") + job);
    row.rows->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    row.duration = new QLabel(dash, box);
    row.duration->setObjectName(QLatin1String("duration:") + job);
    row.duration->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    row.finished = new QLabel(dash, box);
    row.finished->setObjectName(QLatin1String("finished:") + job);

    const int line = int(m_rows.size()) + 1;
    m_grid->addWidget(row.title, line, JobColumn);
    m_grid->addWidget(row.enabled, line, EnabledColumn, Qt::AlignHCenter);
    m_grid->addWidget(row.interval, line, IntervalColumn);
    m_grid->addWidget(row.manual, line, IntervalColumn);
    m_grid->addWidget(row.nextRun, line, NextRunColumn);
    m_grid->addLayout(iconAndText(row.activityIcon, row.activity), line, ActivityColumn);
    m_grid->addLayout(iconAndText(row.resultIcon, row.result), line, ResultColumn);
    m_grid->addWidget(row.rows, line, RowsColumn);
    m_grid->addWidget(row.duration, line, DurationColumn);
    m_grid->addWidget(row.finished, line, FinishedColumn);

    connect(row.interval, &QLineEdit::editingFinished, this, [this, job] { commitInterval(job); });
    connect(row.enabled, &QCheckBox::toggled, this, [this, job](bool on) { toggleEnabled(job, on); });
    m_rows.append(row);
    showState(m_rows.last());
}

bool CollectionPanel::isManual(const JobRow &row) const
{
    return SyncState::fromText<CollectJob>(row.job) == CollectJob::FullSync
        || (row.hasState && row.state.intervalMs <= 0);
}

void CollectionPanel::showState(JobRow &row)
{
    const bool manual = isManual(row);
    row.interval->setVisible(!manual);
    row.manual->setVisible(manual);
    row.enabled->setVisible(!manual);
    for (QWidget *widget : {static_cast<QWidget *>(row.title), static_cast<QWidget *>(row.enabled),
             static_cast<QWidget *>(row.interval)})
        widget->setEnabled(row.hasState);
    {
        const QSignalBlocker blocker(row.enabled);
        row.enabled->setChecked(row.hasState && row.state.enabled);
    }
    // Never overwrite what the user is typing; the edit is committed when they leave the field.
    if (!(row.interval->hasFocus() && row.interval->isModified()))
        row.interval->setText(row.hasState ? Duration::format(row.state.intervalMs) : QString());

    SyncStatus activity = SyncStatus::Waiting;
    QString activityText = row.hasState ? tr("idle") : dash;
    if (row.hasState && row.state.running) {
        activity = SyncStatus::Running;
        activityText = tr("running");
    } else if (row.hasState && row.state.pending) {
        activityText = tr("queued");
    }
    row.activity->setText(activityText);
    row.activityIcon->setPixmap(SyncFormat::statusIcon(activity).pixmap(16, 16));
    setTextColor(row.activity,
        row.hasState && row.state.running ? SyncFormat::statusColor(activity) : mutedColor(row.activity));

    if (row.hasState && row.state.hasResult) {
        const JobOutcome &last = row.state.last;
        const SyncStatus status = last.cancelled ? SyncStatus::Cancelled
            : last.ok                            ? SyncStatus::Ok
                                                 : SyncStatus::Failed;
        const QString firstLine = last.message.section(u'\n', 0, 0).trimmed();
        row.result->setText(firstLine.isEmpty()
                ? SyncFormat::statusText(status)
                : tr("%1: %2").arg(SyncFormat::statusText(status), firstLine));
        row.result->setToolTip(last.message.isEmpty() ? QString() : last.message);
        row.resultIcon->setPixmap(SyncFormat::statusIcon(status).pixmap(16, 16));
        setTextColor(row.result, status == SyncStatus::Failed ? SyncFormat::statusColor(status) : QColor());
        row.rows->setText(storedText(row.job, last.counts));
        row.rows->setToolTip(storedDetails(row.job, last.counts));
        row.duration->setText(SyncFormat::elapsed(last.durationMs));
        row.finished->setText(SyncFormat::timeOfDay(row.state.lastFinished));
        row.finished->setToolTip(SyncFormat::dateTime(row.state.lastFinished));
    } else {
        row.result->setText(row.hasState ? tr("not run yet") : dash);
        row.result->setToolTip(QString());
        row.resultIcon->setPixmap(QPixmap());
        setTextColor(row.result, mutedColor(row.result));
        row.rows->setText(dash);
        row.rows->setToolTip(QString());
        row.duration->setText(dash);
        row.finished->setText(dash);
        row.finished->setToolTip(QString());
    }
    showNextRun(row);
}

void CollectionPanel::showNextRun(JobRow &row)
{
    const bool scheduled
        = m_collecting && row.hasState && !isManual(row) && row.state.enabled && row.state.nextRun.isValid();
    QString text = dash;
    if (row.hasState && row.state.pending)
        text = tr("due");
    else if (scheduled)
        text = countdownText(QDateTime::currentDateTime().msecsTo(row.state.nextRun));
    if (row.nextRun->text() != text)
        row.nextRun->setText(text);
    row.nextRun->setToolTip(
        scheduled ? tr("Next run at %1").arg(SyncFormat::dateTime(row.state.nextRun)) : QString());
}

void CollectionPanel::updateCountdowns()
{
    for (JobRow &row : m_rows)
        showNextRun(row);
}

void CollectionPanel::commitInterval(const QString &job)
{
    JobRow *row = findRow(job);
    if (!row || !row->hasState)
        return;
    const QString text = row->interval->text().trimmed();
    const std::optional<qint64> ms = Duration::parseMs(text);
    if (!ms) {
        showIntervalError(text.isEmpty()
                ? tr("%1 needs an interval, for example 20s, 15m or 6h; the previous "
                     "interval (%2) is kept.")
                      .arg(jobTitle(job), Duration::format(row->state.intervalMs))
                : tr("\u201c%1\u201d is not an interval for %2: write a whole number followed by "
                     "s, m or h, for example 20s, 15m or 6h. The previous interval (%3) is kept.")
                      .arg(text, jobTitle(job), Duration::format(row->state.intervalMs)));
        row->interval->setText(Duration::format(row->state.intervalMs));
        return;
    }
    showIntervalError(QString());
    row->interval->setText(Duration::format(*ms));
    if (*ms == row->state.intervalMs)
        return;
    row->state.intervalMs = *ms;
    Q_EMIT intervalChanged(job, *ms);
}

void CollectionPanel::toggleEnabled(const QString &job, bool enabled)
{
    JobRow *row = findRow(job);
    if (!row || !row->hasState || row->state.enabled == enabled)
        return;
    row->state.enabled = enabled;
    showNextRun(*row);
    Q_EMIT enabledChanged(job, enabled);
}

void CollectionPanel::showIntervalError(const QString &message)
{
    m_errorLabel->setText(message);
    m_errorLabel->setVisible(!message.isEmpty());
    m_errorIcon->setVisible(!message.isEmpty());
}

void CollectionPanel::updateCollectingLabel()
{
    m_collectingLabel->setText(m_collecting ? tr("Collection is on: jobs run on their intervals")
            : m_paused                      ? tr("Collection is paused: waiting for the collector lock")
                                            : tr("Collection is off: no job runs on its own"));
    m_collectingIcon->setPixmap(SyncFormat::statusIcon(m_collecting ? SyncStatus::Ok
            : m_paused                                              ? SyncStatus::Truncated
                                                                    : SyncStatus::Waiting)
                                    .pixmap(16, 16));
}

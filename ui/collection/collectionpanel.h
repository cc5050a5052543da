#pragma once

#include "collect/collectionscheduler.h"
#include "collect/collectorlock.h"

#include <QList>
#include <QString>
#include <QWidget>

#include <optional>

class QCheckBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QTimer;

// Lives in the GUI thread. Shows the collection jobs (snapshot, markets, settlements and the manual
// full sync) as the CollectionScheduler in the sync thread reports them, lets the user change a
// job's interval and enabled flag (announced through signals; the main window forwards them to the
// scheduler, which echoes the new JobState), counts down to each job's next run once a second, and
// says whether collection is on and which process holds the database's collector lock.
// Child widgets have object names for tests: "collecting", "lockHolder", "intervalError", and per
// job "interval:<job>", "enabled:<job>", "nextRun:<job>", "activity:<job>", "result:<job>",
// "rows:<job>", "duration:<job>", "finished:<job>".
class CollectionPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionPanel)

public:
    explicit CollectionPanel(QWidget *parent = nullptr);
    ~CollectionPanel() override;

    // The jobs shown, in their order: snapshot, markets, settlements, full-sync, then unknown ones.
    QStringList jobs() const;
    // The state last received for job, with the user's edits applied; std::nullopt when none came.
    std::optional<JobState> jobState(const QString &job) const;
    bool isCollecting() const { return m_collecting; }
    QString lockHolderText() const;
    // The notice that the collector lock was lost, empty when none is shown.
    QString lockLostText() const;
    // The message about a refused interval, empty when none is shown.
    QString intervalError() const;

    // "Snapshot", "Markets", "Settlements", "Full sync (manual / initial)"; unknown names as given.
    static QString jobTitle(const QString &job);
    // msLeft > 0: "in 4:32" (whole seconds rounded up; "in 1:02:03" past an hour, days past a day);
    // otherwise "due".
    static QString countdownText(qint64 msLeft);
    // "This window is collecting", "Another process is collecting: pid 1234 (kalshi-monitor-cli on
    // host) since 14:02" or "Nobody is collecting".
    static QString holderText(const std::optional<CollectorLock::HolderInfo> &holder);
    // What a run of the job stored, counted as its headline counts: "3,563 markets" for a snapshot
    // of them (not the 7,126 rows of markets and snapshots), "600 settlements"; the full sync and
    // the markets job by the markets listed; "nothing new" for none. storedDetails(): every kind,
    // for the tooltip.
    static QString storedText(const QString &job, const RowCounts &counts);
    static QString storedDetails(const QString &job, const RowCounts &counts);

public Q_SLOTS:
    void setJobStates(const QList<JobState> &states);
    void updateJobState(const JobState &state);
    void setCollecting(bool collecting);
    // Said until collection starts again: the lock was lost and collection stopped.
    void showLockLost(const QString &message);
    // The lock was lost and is being taken again: `message` says why and when the next attempt is
    // (shown as showLockLost() shows it), and the headline says collection is paused. Empty: not
    // paused any more, and the notice goes.
    void setPaused(const QString &message);
    bool isPaused() const { return m_paused; }
    void setLockHolder(const std::optional<CollectorLock::HolderInfo> &holder, const QString &databasePath);

Q_SIGNALS:
    // The user entered a valid interval different from the current one.
    void intervalChanged(const QString &job, qint64 ms);
    void enabledChanged(const QString &job, bool enabled);

private:
    struct JobRow
    {
        QString job;
        bool hasState = false;
        JobState state;
        QLabel *title = nullptr;
        QCheckBox *enabled = nullptr;
        QLineEdit *interval = nullptr;
        QLabel *manual = nullptr;
        QLabel *nextRun = nullptr;
        QLabel *activityIcon = nullptr;
        QLabel *activity = nullptr;
        QLabel *resultIcon = nullptr;
        QLabel *result = nullptr;
        QLabel *rows = nullptr;
        QLabel *duration = nullptr;
        QLabel *finished = nullptr;
    };

    JobRow &rowFor(const QString &job);
    JobRow *findRow(const QString &job);
    const JobRow *findRow(const QString &job) const;
    void addRow(const QString &job);
    bool isManual(const JobRow &row) const;
    void showState(JobRow &row);
    void showNextRun(JobRow &row);
    void updateCountdowns();
    void commitInterval(const QString &job);
    void toggleEnabled(const QString &job, bool enabled);
    void showIntervalError(const QString &message);
    void updateCollectingLabel();

    QList<JobRow> m_rows;
    QGridLayout *m_grid = nullptr;
    QWidget *m_jobsBox = nullptr;
    QLabel *m_collectingIcon = nullptr;
    QLabel *m_collectingLabel = nullptr;
    QLabel *m_lockLabel = nullptr;
    QLabel *m_lockLostLabel = nullptr;
    QLabel *m_databaseLabel = nullptr;
    QLabel *m_errorIcon = nullptr;
    QLabel *m_errorLabel = nullptr;
    QTimer *m_countdown = nullptr;
    bool m_collecting = false;
    bool m_paused = false;
};

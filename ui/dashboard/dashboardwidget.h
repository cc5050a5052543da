#pragma once

#include "lastsync.h"
#include "records.h"
#include "sync/syncsummary.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;
class SyncRunTableModel;

// Lives in the GUI thread. Shows the sync that runs now, phase by phase (events, markets,
// settlements, snapshot), how the last one ended, the last error, and the recent sync_runs rows.
// The headline tells the last sync as sync_runs records it (setRecentRuns), whoever ran it; a sync
// of this window that finished before its rows were read back is told from its summary meanwhile.
// Fed through its slots with value types; the main window connects them (queued) to the sync
// thread's signals and reads the sync_runs rows from its own read connection. While a sync runs,
// elapsed times tick every 250 ms between progress updates.
// Trouble shows as it happens, on the "trouble" line: a request that is retried (what failed and
// what happens next, counting down), the database held by another program, and after a failed
// sync a hint and the "retrySync" button.
// Child widgets have object names for tests and style sheets: "header", "lastError",
// "recentRuns", and per phase "progress:<phase>", "status:<phase>", "pages:<phase>",
// "rows:<phase>", "skipped:<phase>", "retries:<phase>", "elapsed:<phase>".
class DashboardWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardWidget)

public:
    explicit DashboardWidget(QWidget *parent = nullptr);
    ~DashboardWidget() override;

    // events, markets, settlements, snapshot: the phases of a full sync, in their order.
    static QList<SyncPhase> phases();
    // The phases a command runs ("full-sync": all; "snapshot", "sync-markets" or "markets": one);
    // all of them for an unknown command.
    static QList<SyncPhase> phasesOf(const QString &command);

    bool isSyncRunning() const { return m_running; }
    // The status of a phase's row: none (not part of the sync), Waiting, Running, Ok, Failed,
    // Truncated, Cancelled or NotRun.
    std::optional<SyncStatus> phaseStatus(SyncPhase phase) const;
    QString headerText() const;
    LastSync lastSync() const { return m_lastSync; }
    // The sync the headline tells: this window's last one from its summary until the database
    // shows it, else the last one the database records.
    LastSync shownSync() const;
    // Empty when no error has been reported.
    QString lastError() const { return m_lastError; }
    QDateTime lastErrorTime() const { return m_lastErrorTime; }
    SyncRunTableModel *recentRunsModel() const { return m_runsModel; }
    // Empty when nothing is wrong now.
    QString troubleText() const;
    bool isRetryOffered() const;

Q_SIGNALS:
    // The Retry button after a failed sync.
    void retryRequested();

public Q_SLOTS:
    // A sync began: every row is reset; the command's phases wait, the others are greyed out.
    void syncStarted(const QString &command);
    // Updates the row progress.phase names; an update without syncStarted() starts a sync of
    // unknown command.
    void updateProgress(const SyncProgress &progress);
    // Phases still running take the sync's outcome, phases that never started become "not run";
    // an error of a sync that was not cancelled becomes the last error.
    void syncFinished(const SyncSummary &summary);
    void setRecentRuns(const QList<SyncRunRecord> &runs);
    // Shows an error that did not come from a sync summary (e.g. the database could not be opened).
    void setLastError(const QString &message, const QDateTime &when);
    void clearLastError();
    // No sync has run and nothing is stored: the headline says how to start.
    void setDatabaseEmpty(bool empty);
    // A request of the running sync failed and is tried again.
    void showRetry(const SyncRetry &retry);
    // The writer waits for another program's write lock (waitedMs so far, giving up at deadlineMs).
    void setDatabaseBusy(qint64 waitedMs, qint64 deadlineMs);
    void clearDatabaseBusy();

private:
    struct PhaseRow
    {
        SyncPhase phase = SyncPhase::Events;
        QLabel *title = nullptr;
        QProgressBar *bar = nullptr;
        QLabel *statusIcon = nullptr;
        QLabel *status = nullptr;
        QLabel *pages = nullptr;
        QLabel *rows = nullptr;
        QLabel *skipped = nullptr;
        QLabel *retries = nullptr;
        QLabel *elapsed = nullptr;
        std::optional<SyncStatus> state;
        int page = 0;
        int expectedPages = 0; // pages of the last finished run of this kind; 0: unknown
        qint64 elapsedMs = 0;
        QElapsedTimer sinceUpdate; // valid while the phase runs: elapsedMs + this is live time
    };

    PhaseRow *findRow(SyncPhase phase);
    const PhaseRow *findRow(SyncPhase phase) const;
    void setRowState(PhaseRow &row, std::optional<SyncStatus> state);
    void resetRow(PhaseRow &row, bool planned);
    void updateRunningBar(PhaseRow &row);
    int expectedPages(SyncPhase phase) const;
    void tick();
    void updateHeader();
    bool isOwnSyncUnread() const;
    void showLastErrorLine();
    void updateLastErrorLabel();
    void updateTrouble();
    void clearTrouble();

    QList<PhaseRow> m_rows;
    QLabel *m_headerIcon = nullptr;
    QLabel *m_header = nullptr;
    QLabel *m_lastErrorIcon = nullptr;
    QLabel *m_lastErrorLabel = nullptr;
    QWidget *m_troubleBox = nullptr;
    QLabel *m_troubleIcon = nullptr;
    QLabel *m_trouble = nullptr;
    QPushButton *m_retryButton = nullptr;
    QTableView *m_runsView = nullptr;
    SyncRunTableModel *m_runsModel = nullptr;
    QTimer *m_ticker = nullptr;

    bool m_running = false;
    bool m_hasFinished = false;
    QString m_command;
    QElapsedTimer m_syncClock;
    SyncSummary m_lastSummary;
    QDateTime m_finishedAt;
    LastSync m_lastSync; // from the database
    bool m_hasRetry = false; // m_retry is the running sync's latest
    SyncRetry m_retry;
    int m_retryPage = 0; // the phase's pages when it came: a later page means it worked
    QElapsedTimer m_sinceRetry;
    QString m_failure; // the last sync failed: what and what to do
    QString m_databaseBusy;
    bool m_databaseEmpty = false;
    qint64 m_newestRunIdAtStart = 0; // runs above it belong to this window's last sync
    QString m_lastError;
    QDateTime m_lastErrorTime;
};

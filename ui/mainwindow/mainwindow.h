#pragma once

#include "collect/collectionscheduler.h"
#include "collect/collectorlockkeeper.h"
#include "records.h"
#include "settings/settingsdialog.h"
#include "storage/schema.h"
#include "sync/syncsummary.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QSet>

#include <functional>
#include <memory>

class AlertsWidget;
class BrowserWidget;
class QSettings;
class QSocketNotifier;
class QSqlDriver;
class ChartPanel;
class CollectionPanel;
class DashboardWidget;
class LogView;
class QAction;
class QLabel;
class QTabWidget;
class QThread;
class QTimer;
class StorageController;
class SyncController;
class TrayIcon;
class WatchlistWidget;
class WriterThread;

// Lives in the GUI thread. The application window: owns the pipeline (the writer thread and the
// sync thread, through WriterThread and SyncController), the GUI's read-only connection, the
// collector lock (in a thread of its own, through CollectorLockKeeper), and the views. A collector
// lock lost while collecting pauses collection; the keeper takes it again in the background and
// collection resumes, unless the user switches Collect off meanwhile. Closing it while collecting hides it to
// the tray (or asks, where there is no tray) and collection goes on. Quitting hides it at once; the sync
// stops between pages, the pages already fetched commit unless another process holds the lock (then they give
// up at once and are reported lost), both threads stop, and only then it closes. The GUI thread never waits.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    struct Startup
    {
        AppSettings settings;
        QString apiBaseOverride; // --api-base or --demo: not saved in the settings
        bool demo = false;
        bool restoreCollecting = true;
        // Empty: QSystemTrayIcon::isSystemTrayAvailable(). Tests choose either answer offscreen.
        std::function<bool()> systemTrayAvailable;
    };

    explicit MainWindow(const Startup &startup, QWidget *parent = nullptr);
    ~MainWindow() override;

    // For tests and the screenshot script.
    enum class Page { Dashboard, Collection, Browser, Chart, Log, Watchlist, Alerts };
    void showPage(Page page);
    QAction *syncNowAction() const { return m_syncNowAction; }
    QAction *cancelAction() const { return m_cancelAction; }
    QAction *collectAction() const { return m_collectAction; }
    QAction *settingsAction() const { return m_settingsAction; }
    QAction *exportAction() const { return m_exportAction; }
    StorageController *storageController() const { return m_storage; }
    QAction *quitAction() const { return m_quitAction; }
    TrayIcon *trayIcon() const { return m_tray; }
    DashboardWidget *dashboard() const { return m_dashboard; }
    CollectionPanel *collectionPanel() const { return m_collectionPanel; }
    BrowserWidget *browser() const { return m_browser; }
    ChartPanel *chartPanel() const { return m_chartPanel; }
    LogView *logView() const { return m_logView; }
    WatchlistWidget *watchlist() const { return m_watchlist; }
    AlertsWidget *alerts() const { return m_alerts; }
    SyncController *syncController() const { return m_sync.get(); }
    QString statusText() const;
    bool isPipelineStopped() const;
    QString apiBase() const;
    // PostgreSQL: whether the read connection listens for the writers' commit notifications, how
    // many arrived, and how many refreshes they caused (nothing is polled there).
    bool isListeningForCommits() const { return m_listening; }
    int notificationsReceived() const { return m_notificationsReceived; }
    int notifiedRefreshes() const { return m_notifiedRefreshes; }

    // Quit, unlike closing the window, ends collection too. AskIfRunning asks first while a sync
    // or collection runs (unless the user said not to ask again); a termination signal does not ask.
    enum class QuitPrompt { AskIfRunning, DontAsk };
    void quit(QuitPrompt prompt = QuitPrompt::AskIfRunning);

Q_SIGNALS:
    // The pipeline has stopped after a close request; the window closes right after.
    void pipelineStopped();
    // Pages that could not be written after a close request (another process held the lock).
    void pagesLost(int pages);
    void databaseOpened(bool ok);
    void batchCommitted(const BatchResult &result);
    // PostgreSQL: a writer (of any process) committed `payload` (a batch kind, "change"), and the
    // views read again because of such notifications.
    void serverNotified(const QString &payload);
    void refreshedFromNotification();
    // The collector lock was lost while collecting (the server ended its session): collection
    // pauses until the lock is taken again (collectorLockRegained) or Collect is switched off.
    void collectorLockLost(const QString &message);
    void collectorLockRegained();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createStatusBar();
    // The watchlist and alerts tabs and their wiring: reads follow the writer's commits (and other
    // processes' commits at the status refresh); changes go to the writer thread by queued signal.
    void createWatchlistViews();
    void startPipeline();
    void stopPipeline();
    void onPipelineStopped();
    void onWriterStopped();
    void onLockStopped(); // the rest of onWriterStopped() once the lock's thread has ended
    void onWriterMigrating(int fromVersion, int toVersion);
    void onWriterOpened(bool ok, const QString &error);
    void onBatchWritten(const BatchResult &result);
    void onSyncStarted(const QString &command);
    void onSyncFinished(const SyncSummary &summary);
    void onBusyChanged(bool busy);
    void onCollectToggled(bool on);
    void onCollectingChanged(bool collecting);
    void refreshViews();
    void refreshStatus();
    // The dashboard's headline and Recent syncs and the status bar's last sync, from sync_runs.
    void refreshRuns();
    void ensureLockKeeper();
    void refreshLockHolder();
    void onLockHolderFound(
        const QString &databasePath, const std::optional<CollectorLock::HolderInfo> &holder);
    bool openReadConnection(bool reportFailure = true);
    bool listenForCommits(const Schema::ConnectionOptions &options);
    void watchListenSocket(QSqlDriver *driver);
    void onListenSocketReady();
    bool readable();
    void onServerConnectionLost();
    void reconnectToServer();
    void onServerProbed(bool answered);
    void onServerNotification(const QString &payload);
    void refreshFromNotification();
    void onCollectorLockStatus(const CollectorLockStatus &status);
    void onCollectorLockLost(const QString &error);
    void onCollectorLockRegained();
    // "Collection paused: <why> — retrying in 30 s", from the last Waiting status.
    QString lockPausedText() const;
    // In the status bar (unless a manual sync shows its progress there and takeStatusBar is
    // false), the Collection tab and the tray.
    void showLockPaused(bool takeStatusBar);
    // Stops the lock's thread (releasing the lock) and calls then() once it has ended.
    void stopLock(const std::function<void()> &then);
    void closeReadConnection();
    void showSettings();
    void showExport();
    void seedDemoWatchlist();
    void applySettings(const AppSettings &settings);
    void showAbout();
    // The browser's columns, filters and tab and the chart's market, for the next launch.
    void saveViewState(QSettings &settings) const;
    void saveSettings();
    void updateActions();
    bool systemTrayAvailable() const;
    void hideToTray();
    void showFromTray();
    void updateTray();
    bool confirmQuit();
    enum class CloseChoice { KeepCollecting, Quit, Cancel };
    CloseChoice askKeepCollecting();

    AppSettings m_settings;
    QString m_apiBaseOverride;
    bool m_demo = false;
    bool m_demoSeeded = false;
    std::function<bool()> m_systemTrayAvailable;
    QString m_readConnection;
    QString m_listenConnection; // PostgreSQL: LISTEN, nothing else
    QPointer<QSocketNotifier> m_listenNotifier; // the QPSQL driver's, of m_listenConnection
    QPointer<QObject> m_listenSocketFilter; // finds m_listenNotifier
    int m_serverReconnectAttempts = 0;
    bool m_readOpen = false;

    std::unique_ptr<WriterThread> m_writer;
    std::unique_ptr<SyncController> m_sync;
    std::unique_ptr<CollectorLockKeeper> m_lock;
    // None: not wanted; Acquiring: asked for, Collect on; Held: collecting under it; Waiting: lost
    // while collecting and retried in the background, Collect still on.
    enum class LockPhase { None, Acquiring, Held, Waiting };
    LockPhase m_lockPhase = LockPhase::None;
    quint64 m_lockRequest = 0; // statuses answering older requests are stale
    CollectorLockStatus m_lockWaiting; // the last Waiting status
    bool m_lockStopping = false; // the lock's thread is ending (stopLock())
    bool m_releaseLockWhenStopped = false; // Collect was switched off while collecting
    QString m_lockPausedShown; // the pause as the status bar last showed it
    bool m_writerOpen = false;
    bool m_busy = false;
    bool m_collecting = false;
    bool m_closeRequested = false;
    bool m_quitRequested = false; // the close under way comes from quit()
    QuitPrompt m_quitPrompt = QuitPrompt::AskIfRunning;
    bool m_trayNoticeShown = false;
    QSet<QString> m_notifiedFailures; // commands whose failure raised a notification, until they succeed
    bool m_restartRequested = false;
    bool m_restoreCollecting = false; // once the database has opened
    int m_pagesLost = 0;
    bool m_viewsDirty = false;
    bool m_snapshotsDirty = false;
    bool m_runsDirty = false;
    bool m_initialSyncRunning = false;
    qint64 m_statsDataVersion = -1; // PRAGMA data_version when the counts were last read
    bool m_listening = false; // PostgreSQL: LISTEN on the read connection
    bool m_serverChanged = false; // a commit was notified since the counts were last read
    int m_notificationsReceived = 0;
    int m_notifiedRefreshes = 0;
    QElapsedTimer m_lastNotifiedRefresh;
    QString m_lockLostMessage; // shown while collection is paused after the lock was lost

    QTabWidget *m_tabs;
    DashboardWidget *m_dashboard;
    CollectionPanel *m_collectionPanel;
    BrowserWidget *m_browser;
    ChartPanel *m_chartPanel;
    LogView *m_logView;
    WatchlistWidget *m_watchlist = nullptr;
    AlertsWidget *m_alerts = nullptr;
    bool m_watchlistDirty = false;
    bool m_watchlistNotified = false; // PostgreSQL: a commit was notified since they were read

    QAction *m_syncNowAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_collectAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_quitAction = nullptr;

    QLabel *m_statusActivity;
    QLabel *m_statusDatabase;
    QLabel *m_statusCounts;
    QLabel *m_statusLastSync;
    QLabel *m_statusNextRun;
    QLabel *m_statusApi;

    TrayIcon *m_tray = nullptr;
    StorageController *m_storage = nullptr;

    QTimer *m_refreshTimer;
    QTimer *m_statusTimer;
    QTimer *m_notifiedRefresh; // coalesces notifications to one refresh a second
    QTimer *m_serverReconnect; // PostgreSQL: the next attempt after a lost session
    QPointer<QThread> m_serverProbe; // PostgreSQL: opens a connection off the GUI thread, then ends
    QList<JobState> m_jobStates;
};

#include "mainwindow/mainwindow.h"

#include "alerts/alertrule.h"
#include "browser/browserwidget.h"
#include "collect/collectorlock.h"
#include "collect/collectorlockkeeper.h"
#include "collection/collectionpanel.h"
#include "dashboard/dashboardwidget.h"
#include "dashboard/syncformat.h"
#include "log/logview.h"
#include "logging.h"
#include "mainwindow/chartpanel.h"
#include "mainwindow/exportdialog.h"
#include "mainwindow/socketeventfilter.h"
#include "mainwindow/trayicon.h"
#include "settings/storagecontroller.h"
#include "storage/databaselocation.h"
#include "storage/databasestats.h"
#include "storage/pgstatements.h"
#include "storage/schema.h"
#include "storage/sqldialect.h"
#include "storage/writerthread.h"
#include "sync/synccontroller.h"
#include "watchlist/alertswidget.h"
#include "watchlist/watchlistwidget.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSocketNotifier>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolBar>

#include <cstdio>
#include <utility>

namespace {

// The dashboard's Recent syncs, enough to hold every phase of the last sync.
constexpr int recentRunCount = 20;

const QString askBeforeQuitKey = QStringLiteral("window/askBeforeQuit");
const QString trayNoticeShownKey = QStringLiteral("window/trayNoticeShown");

// The status bar's and the title's name of the database: the file's name, or "db@host".
QString shortDatabaseName(const QString &location)
{
    if (!DatabaseLocation::isServerUrl(location))
        return QFileInfo(location).fileName();
    QString error;
    const DatabaseLocation server = DatabaseLocation::parse(location, &error);
    if (!server.isValid())
        return Schema::displayName(location);
    const QString host = server.host().isEmpty() || server.host().startsWith(u'/')
        ? QStringLiteral("localhost")
        : server.host();
    return server.databaseName() + u'@' + host;
}

} // namespace

MainWindow::MainWindow(const Startup &startup, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(startup.settings)
    , m_apiBaseOverride(startup.apiBaseOverride)
    , m_demo(startup.demo)
    , m_systemTrayAvailable(
          startup.systemTrayAvailable ? startup.systemTrayAvailable : &QSystemTrayIcon::isSystemTrayAvailable)
    , m_readConnection(QStringLiteral("km-gui-reader-%1").arg(quintptr(this), 0, 16))
    , m_listenConnection(QStringLiteral("km-gui-listener-%1").arg(quintptr(this), 0, 16))
    , m_tabs(new QTabWidget(this))
    , m_dashboard(new DashboardWidget(this))
    , m_collectionPanel(new CollectionPanel(this))
    , m_browser(new BrowserWidget(this))
    , m_chartPanel(new ChartPanel(this))
    , m_logView(new LogView(this))
    , m_statusActivity(new QLabel(this))
    , m_statusDatabase(new QLabel(this))
    , m_statusCounts(new QLabel(this))
    , m_statusLastSync(new QLabel(this))
    , m_statusNextRun(new QLabel(this))
    , m_statusApi(new QLabel(this))
    , m_refreshTimer(new QTimer(this))
    , m_statusTimer(new QTimer(this))
    , m_notifiedRefresh(new QTimer(this))
    , m_serverReconnect(new QTimer(this))
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/kalshi-monitor.png")));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_dashboard, tr("&Dashboard"));
    m_tabs->addTab(m_collectionPanel, tr("C&ollection"));
    m_tabs->addTab(m_browser, tr("&Browser"));
    m_tabs->addTab(m_chartPanel, tr("Char&t"));
    m_tabs->addTab(m_logView, tr("&Log"));
    setCentralWidget(m_tabs);

    m_storage = new StorageController(this);
    m_storage->setSettings(m_settings.storage);
    connect(m_storage, &StorageController::pruneStarted, this,
        [this](const PruneRequest &request, StorageController::Origin origin) {
            if (request.dryRun)
                return;
            const QString text = origin == StorageController::Origin::Daily
                ? tr("Daily prune: thinning old snapshots\u2026")
                : tr("Pruning old snapshots\u2026");
            m_statusActivity->setText(text);
            m_logView->appendMessage(LogView::Level::Info, text);
        });
    connect(m_storage, &StorageController::pruneFinished, this,
        [this](const PruneResult &result, StorageController::Origin origin) {
            if (result.request.dryRun)
                return;
            const QString text = StorageController::describe(result, m_storage->sizes());
            const QString line = origin == StorageController::Origin::Daily ? tr("Daily prune: %1").arg(text)
                                                                            : tr("Prune: %1").arg(text);
            m_statusActivity->setText(line);
            m_logView->appendMessage(result.ok ? LogView::Level::Info : LogView::Level::Error, line);
            m_snapshotsDirty = true;
        });
    connect(m_storage, &StorageController::dailyPruneFinished, this, [this](qint64 finishedAt) {
        m_settings.storage.lastDailyPrune = finishedAt;
        saveSettings();
    });

    createActions();
    createMenus();
    createStatusBar();
    createWatchlistViews();

    m_tray = new TrayIcon(m_syncNowAction, m_collectAction, m_quitAction, this);
    connect(m_tray, &TrayIcon::showWindowRequested, this, &MainWindow::showFromTray);
    if (systemTrayAvailable())
        m_tray->install();
    m_trayNoticeShown = QSettings().value(trayNoticeShownKey, false).toBool();

    connect(m_dashboard, &DashboardWidget::retryRequested, m_syncNowAction, &QAction::trigger);
    connect(m_browser, &BrowserWidget::marketActivated, this, [this](const QString &ticker) {
        m_chartPanel->showMarket(ticker);
        showPage(Page::Chart);
    });
    connect(m_chartPanel, &ChartPanel::historyWanted, this,
        [this](const QString &ticker, int periodMinutes, qint64 since, qint64 until) {
            if (!m_sync || !m_writerOpen || m_closeRequested)
                return;
            BackfillRequest request;
            request.tickers = {ticker};
            request.periodMinutes = periodMinutes;
            if (since != 0 || until != 0) {
                request.since = since;
                request.until = until;
            }
            request.databasePath = m_settings.databasePath;
            m_sync->fetchHistory(request);
            m_chartPanel->historyFetchStarted(ticker);
        });
    connect(
        m_collectionPanel, &CollectionPanel::intervalChanged, this, [this](const QString &job, qint64 ms) {
            m_settings.collection.jobs[job].intervalMs = ms;
            saveSettings();
            if (m_sync)
                m_sync->setJobInterval(job, ms);
        });
    connect(
        m_collectionPanel, &CollectionPanel::enabledChanged, this, [this](const QString &job, bool enabled) {
            m_settings.collection.jobs[job].enabled = enabled;
            saveSettings();
            if (m_sync)
                m_sync->setJobEnabled(job, enabled);
        });
    connect(m_logView, &LogView::errorLogged, this, [this](const QString &) {
        if (m_tabs->currentWidget() != m_logView)
            m_tabs->setTabText(m_tabs->indexOf(m_logView), tr("&Log (new errors)"));
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_logView)
            m_tabs->setTabText(index, tr("&Log"));
        if (m_tabs->widget(index) == m_browser && m_viewsDirty)
            refreshViews();
        if (m_tabs->widget(index) == m_collectionPanel && m_writerOpen)
            refreshLockHolder();
    });

    // Views and the sync runs follow the writer's commits at most once a second, so a fast sync cannot flood
    // them.
    m_refreshTimer->setInterval(1000);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (m_viewsDirty || m_snapshotsDirty)
            refreshViews();
        if (m_runsDirty)
            refreshRuns();
        readable(); // a read connection the server ended is seen here when nothing listens
        showLockPaused(false);
    });
    m_refreshTimer->start();
    m_statusTimer->setInterval(5000);
    connect(m_statusTimer, &QTimer::timeout, this, [this] {
        refreshStatus();
        refreshLockHolder(); // on a server only while the Collection tab shows it
    });
    m_statusTimer->start();
    m_serverReconnect->setSingleShot(true);
    connect(m_serverReconnect, &QTimer::timeout, this, &MainWindow::reconnectToServer);
    m_notifiedRefresh->setSingleShot(true);
    connect(m_notifiedRefresh, &QTimer::timeout, this, &MainWindow::refreshFromNotification);

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1180, 760);
    m_browser->restoreState(settings);

    // Collection restored from the settings starts only once the database has opened.
    m_restoreCollecting = startup.restoreCollecting && m_settings.collection.collecting;
    startPipeline();
}

MainWindow::~MainWindow()
{
    if (m_serverProbe)
        m_serverProbe->wait();
    // Normally closeEvent() already stopped everything; this covers a window deleted directly.
    m_sync.reset();
    m_writer.reset();
    closeReadConnection();
}

void MainWindow::createActions()
{
    m_syncNowAction = new QAction(QIcon(QStringLiteral(":/icons/sync.png")), tr("&Sync Now"), this);
    m_syncNowAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_syncNowAction->setToolTip(tr("Run a full sync now: events, markets, settlements and a snapshot (F5)"));
    connect(m_syncNowAction, &QAction::triggered, this, [this] {
        if (m_sync)
            m_sync->syncNow();
    });

    m_cancelAction = new QAction(QIcon(QStringLiteral(":/icons/cancel.png")), tr("&Cancel Sync"), this);
    // Not Esc: that closes popups and dialogs, and must never stop a sync by accident.
    m_cancelAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_cancelAction->setToolTip(tr("Stop the running sync after the current page (Shift+F5)"));
    m_cancelAction->setVisible(false);
    connect(m_cancelAction, &QAction::triggered, this, [this] {
        if (m_sync)
            m_sync->cancelSync();
    });

    m_collectAction = new QAction(QIcon(QStringLiteral(":/icons/collect.png")), tr("C&ollect"), this);
    m_collectAction->setCheckable(true);
    m_collectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_collectAction->setToolTip(
        tr("Collect continuously: snapshots, markets and settlements on their intervals"));
    connect(m_collectAction, &QAction::toggled, this, &MainWindow::onCollectToggled);

    m_settingsAction = new QAction(QIcon(QStringLiteral(":/icons/settings.png")), tr("S&ettings…"), this);
    // Preferences has no key on X11 outside GNOME and KDE; Ctrl+, is what users try there.
    QList<QKeySequence> settingsKeys = QKeySequence::keyBindings(QKeySequence::Preferences);
    if (!settingsKeys.contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)))
        settingsKeys.append(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setShortcuts(settingsKeys);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);

    m_exportAction = new QAction(tr("E&xport\u2026"), this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::showExport);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, [this] { quit(); });

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addAction(m_syncNowAction);
    toolbar->addAction(m_cancelAction);
    toolbar->addSeparator();
    toolbar->addAction(m_collectAction);
    toolbar->addSeparator();
    toolbar->addAction(m_settingsAction);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_syncNowAction);
    file->addAction(m_cancelAction);
    file->addAction(m_collectAction);
    file->addSeparator();
    file->addAction(m_exportAction);
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QList<QPair<QString, Page>> pages = {
        {tr("&Dashboard"), Page::Dashboard},
        {tr("C&ollection"), Page::Collection},
        {tr("&Browser"), Page::Browser},
        {tr("Char&t"), Page::Chart},
        {tr("&Log"), Page::Log},
        {tr("&Watchlist"), Page::Watchlist},
        {tr("Alerts"), Page::Alerts},
    };
    int number = 1;
    for (const auto &[title, page] : pages) {
        QAction *action = view->addAction(title);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + number++)));
        connect(action, &QAction::triggered, this, [this, page = page] { showPage(page); });
    }
    view->addSeparator();
    QAction *refresh = view->addAction(tr("&Refresh Views"));
    refresh->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(refresh, &QAction::triggered, this, [this] {
        m_viewsDirty = true;
        m_serverChanged = true;
        refreshViews();
        refreshStatus();
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Kalshi Monitor"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = help->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createStatusBar()
{
    // The activity text may be long; it gives way to the fixed facts on the right.
    m_statusActivity->setMinimumWidth(120);
    m_statusActivity->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    for (QLabel *label : {m_statusDatabase, m_statusCounts, m_statusLastSync, m_statusNextRun, m_statusApi})
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_statusActivity, 1);
    statusBar()->addPermanentWidget(m_statusCounts);
    statusBar()->addPermanentWidget(m_statusLastSync);
    statusBar()->addPermanentWidget(m_statusNextRun);
    statusBar()->addPermanentWidget(m_statusDatabase);
    statusBar()->addPermanentWidget(m_statusApi);
}

void MainWindow::createWatchlistViews()
{
    m_watchlist = new WatchlistWidget(this);
    m_alerts = new AlertsWidget(this);
    m_tabs->insertTab(m_tabs->indexOf(m_chartPanel), m_watchlist, tr("&Watchlist"));
    m_tabs->insertTab(m_tabs->indexOf(m_chartPanel), m_alerts, tr("Alerts"));
    m_alerts->restoreState(QSettings());

    const auto openChart = [this](const QString &ticker) {
        m_chartPanel->showMarket(ticker);
        showPage(Page::Chart);
    };
    connect(m_watchlist, &WatchlistWidget::marketActivated, this, openChart);
    connect(m_alerts, &AlertsWidget::marketActivated, this, openChart);
    const auto addAlert = [this](const QString &ticker) {
        showPage(Page::Alerts);
        m_alerts->openAddDialog(ticker);
    };
    connect(m_watchlist, &WatchlistWidget::alertRequested, this, addAlert);
    connect(m_browser, &BrowserWidget::alertRequested, this, addAlert);
    connect(m_browser, &BrowserWidget::watchRequested, m_watchlist, &WatchlistWidget::setWatched);
    connect(
        m_watchlist, &WatchlistWidget::watchedTickersChanged, m_browser, &BrowserWidget::setWatchedTickers);
    // Told on the desktop unless the user is looking at them.
    connect(m_alerts, &AlertsWidget::firingsArrived, this, [this](const QStringList &messages) {
        if (isActiveWindow() && m_tabs->currentWidget() == m_alerts)
            return;
        const QString title
            = messages.size() == 1 ? tr("Alert") : tr("%n alert(s)", nullptr, int(messages.size()));
        QString text = messages.constFirst();
        if (messages.size() > 1)
            text += u'\n' + tr("and %n more", nullptr, int(messages.size() - 1));
        m_tray->notify(title, text, TrayIcon::Urgency::Information);
    });
    connect(m_alerts, &AlertsWidget::unreadCountChanged, this, [this](int unread) {
        m_tabs->setTabText(
            m_tabs->indexOf(m_alerts), unread > 0 ? tr("Alerts (%1)").arg(unread) : tr("Alerts"));
    });

    connect(this, &MainWindow::databaseOpened, this, [this](bool ok) {
        if (!ok || !m_writer)
            return;
        DatabaseWriter *writer = m_writer->writer();
        // Context `writer`: the lambdas run in the writer thread, queued, with the values copied.
        connect(m_watchlist, &WatchlistWidget::watchlistChangeRequested, writer,
            [writer](const QStringList &add, const QStringList &remove) {
                writer->changeWatchlist(0, add, remove);
            });
        connect(m_alerts, &AlertsWidget::ruleRemovalRequested, writer,
            [writer](qint64 ruleId) { writer->removeAlertRule(0, ruleId); });
        connect(m_alerts, &AlertsWidget::ruleAddRequested, writer,
            [writer](const AlertRule &rule) { writer->addAlertRule(0, rule); });
        connect(writer, &DatabaseWriter::alertRuleAdded, m_alerts, &AlertsWidget::ruleAdded);
        connect(writer, &DatabaseWriter::watchlistChanged, m_watchlist, &WatchlistWidget::watchlistWritten);
        connect(writer, &DatabaseWriter::alertRuleRemoved, m_alerts, &AlertsWidget::ruleRemoved);
        m_watchlist->setConnectionName(m_readConnection);
        m_alerts->setConnectionName(m_readConnection);
    });
    // Commits of this window's writer: read at the next tick of the views' refresh (at most once a
    // second). Commits of other processes (a CLI collector): on SQLite at the status refresh, when
    // PRAGMA data_version says the file changed; on PostgreSQL when the server notifies a commit.
    connect(this, &MainWindow::batchCommitted, this,
        [this](const BatchResult &result) { m_watchlistDirty = m_watchlistDirty || result.ok; });
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (!std::exchange(m_watchlistDirty, false) || !m_readOpen)
            return;
        m_watchlist->refresh();
        m_alerts->refresh();
    });
    connect(m_statusTimer, &QTimer::timeout, this, [this] {
        if (!m_readOpen || m_listening)
            return;
        m_watchlist->refresh();
        m_alerts->refresh();
    });
}

void MainWindow::showPage(Page page)
{
    QWidget *widgets[]
        = {m_dashboard, m_collectionPanel, m_browser, m_chartPanel, m_logView, m_watchlist, m_alerts};
    m_tabs->setCurrentWidget(widgets[int(page)]);
}

QString MainWindow::apiBase() const
{
    return m_apiBaseOverride.isEmpty() ? m_settings.apiBase() : m_apiBaseOverride;
}

QString MainWindow::statusText() const
{
    return QStringList{m_statusActivity->text(), m_statusCounts->text(), m_statusLastSync->text(),
        m_statusNextRun->text(), m_statusDatabase->text(), m_statusApi->text()}
        .join(QStringLiteral(" | "));
}

bool MainWindow::isPipelineStopped() const
{
    return !m_sync && !m_writer && !m_lockStopping;
}

void MainWindow::startPipeline()
{
    // The platform appends the application's display name ("… — Kalshi Monitor").
    setWindowTitle(
        m_demo ? tr("Demo with the bundled simulator") : shortDatabaseName(m_settings.databasePath));
    m_writerOpen = false;
    DatabaseWriter::Options writerOptions;
    writerOptions.databasePath = m_settings.databasePath;
    m_writer = std::make_unique<WriterThread>(writerOptions);
    connect(m_writer->writer(), &DatabaseWriter::migrating, this, &MainWindow::onWriterMigrating);
    connect(m_writer->writer(), &DatabaseWriter::opened, this, &MainWindow::onWriterOpened);
    connect(m_writer->writer(), &DatabaseWriter::batchWritten, this, &MainWindow::onBatchWritten);
    connect(
        m_writer->writer(), &DatabaseWriter::busyWaiting, this, [this](qint64 waitedMs, qint64 deadlineMs) {
            m_dashboard->setDatabaseBusy(waitedMs, deadlineMs);
            m_statusActivity->setText(tr("Waiting for the database: another program is writing to it"));
        });

    SyncWorker::Options syncOptions;
    syncOptions.apiBase = QUrl(apiBase());
    syncOptions.rateLimit = m_settings.rateLimit;
    syncOptions.collection = m_settings.collection;
    syncOptions.databasePath = m_settings.databasePath;
    m_sync = std::make_unique<SyncController>(syncOptions, m_writer->writer());
    connect(m_sync.get(), &SyncController::syncStarted, this, &MainWindow::onSyncStarted);
    connect(m_sync.get(), &SyncController::progress, m_dashboard, &DashboardWidget::updateProgress);
    connect(m_sync.get(), &SyncController::retrying, m_dashboard, &DashboardWidget::showRetry);
    connect(m_sync.get(), &SyncController::syncFinished, this, &MainWindow::onSyncFinished);
    connect(m_sync.get(), &SyncController::logMessage, m_logView,
        [this](SyncLogLevel level, const QString &message) {
            m_logView->appendMessage(level == SyncLogLevel::Error ? LogView::Level::Error
                    : level == SyncLogLevel::Warning              ? LogView::Level::Warning
                                                                  : LogView::Level::Info,
                message);
        });
    connect(m_sync.get(), &SyncController::busyChanged, this, &MainWindow::onBusyChanged);
    connect(m_sync.get(), &SyncController::collectingChanged, this, &MainWindow::onCollectingChanged);
    connect(m_sync.get(), &SyncController::initialSyncRunningChanged, this, [this](bool running) {
        m_initialSyncRunning = running;
        refreshStatus();
    });
    connect(m_sync.get(), &SyncController::jobStatesReset, this, [this](const QList<JobState> &states) {
        m_jobStates = states;
        m_collectionPanel->setJobStates(states);
    });
    connect(m_sync.get(), &SyncController::jobStateChanged, this, [this](const JobState &state) {
        for (JobState &known : m_jobStates) {
            if (known.name == state.name)
                known = state;
        }
        m_collectionPanel->updateJobState(state);
        refreshStatus();
    });
    connect(m_sync.get(), &SyncController::stopped, this, &MainWindow::onPipelineStopped);
    connect(m_sync.get(), &SyncController::historyFetched, this,
        [this](const BackfillRequest &request, const SyncSummary &summary) {
            for (const QString &ticker : request.tickers)
                m_chartPanel->historyFetched(ticker, summary.ok, summary.rows.candles, summary.error);
        });
    connect(m_sync.get(), &SyncController::historyRetrying, this,
        [this](const BackfillRequest &request, const SyncRetry &retry) {
            const QString trouble = SyncFormat::retryText(retry, retry.delayMs);
            for (const QString &ticker : request.tickers)
                m_chartPanel->historyRetrying(ticker, trouble);
        });

    m_statusApi->setText(m_demo ? tr("API: demo simulator") : tr("API: %1").arg(QUrl(apiBase()).host()));
    m_statusApi->setToolTip(apiBase());
    m_statusActivity->setText(tr("Opening %1…").arg(Schema::displayName(m_settings.databasePath)));
    // On a server, the Collection tab's holder lookups connect from the lock's thread: it runs from
    // the start, though the lock is only taken when Collect is switched on.
    if (DatabaseLocation::isServerUrl(m_settings.databasePath))
        ensureLockKeeper();
    m_writer->start();
    m_sync->start();
    updateActions();
}

void MainWindow::onWriterMigrating(int fromVersion, int toVersion)
{
    if (fromVersion == 0)
        return; // a new file: creating it takes no time worth a word
    const QString path = Schema::displayName(m_settings.databasePath);
    m_statusActivity->setText(tr("Updating %1 to the new database format…").arg(path));
    m_logView->appendMessage(LogView::Level::Info,
        tr("Updating %1 from schema version %2 to %3; a large file can take a "
           "few seconds, once.")
            .arg(path)
            .arg(fromVersion)
            .arg(toVersion));
}

void MainWindow::onWriterOpened(bool ok, const QString &error)
{
    m_writerOpen = ok;
    const bool restoreCollecting = std::exchange(m_restoreCollecting, false);
    if (!ok) {
        m_statusActivity->setText(tr("Cannot use the database"));
        m_logView->appendMessage(LogView::Level::Error, tr("Cannot open the database: %1").arg(error));
        if (restoreCollecting)
            m_logView->appendMessage(
                LogView::Level::Warning, tr("Collection not started: the database could not be opened"));
        QMessageBox::warning(this, tr("Database"),
            tr("Kalshi Monitor cannot use the database:\n\n%1\n\nChoose another file in Settings.")
                .arg(error));
        updateActions();
        Q_EMIT databaseOpened(false);
        return;
    }
    m_statusActivity->setText(tr("Ready"));
    openReadConnection();
    m_browser->setDatabasePath(m_settings.databasePath);
    m_chartPanel->setDatabase(m_readConnection, m_settings.databasePath);
    if (m_chartPanel->currentTicker().isEmpty())
        m_chartPanel->restoreState(QSettings());
    refreshStatus();
    refreshLockHolder();
    m_storage->attach(m_writer->writer(), m_settings.databasePath);
    if (DatabaseLocation::isServerUrl(m_settings.databasePath))
        m_logView->appendMessage(LogView::Level::Info,
            tr("Opened the PostgreSQL database %1.").arg(Schema::displayName(m_settings.databasePath)));
    updateActions();
    Q_EMIT databaseOpened(true);
    if (restoreCollecting && !m_closeRequested)
        m_collectAction->setChecked(true);
}

bool MainWindow::openReadConnection(bool reportFailure)
{
    closeReadConnection();
    m_statsDataVersion = -1;
    Schema::ConnectionOptions options;
    options.access = Schema::Access::ReadOnly;
    options.busyTimeoutMs = 100; // a GUI read never waits long; WAL readers rarely wait at all
    QString error;
    m_readOpen = Schema::openConnection(m_readConnection, m_settings.databasePath, options, &error);
    if (!m_readOpen) {
        if (reportFailure)
            m_logView->appendMessage(LogView::Level::Error, tr("Cannot read the database: %1").arg(error));
        return false;
    }
    return listenForCommits(options);
}

// PostgreSQL has no data_version to poll: the writers of every process notify each commit (see
// SqlDialect::commitNotice), and a GUI-thread connection of its own listens for them. It runs no
// other statement, so no query's result can swallow a notification, and only its socket notifier
// can meet a session the server ended (onListenSocketReady()).
bool MainWindow::listenForCommits(const Schema::ConnectionOptions &options)
{
    if (SqlDialect::commitNotice(SqlDialect::of(m_readConnection)).isEmpty())
        return true;
    QString error;
    if (Schema::openConnection(m_listenConnection, m_settings.databasePath, options, &error)) {
        QSqlDriver *driver = QSqlDatabase::database(m_listenConnection, false).driver();
        connect(driver, &QSqlDriver::notification, this,
            [this](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                onServerNotification(payload.toString());
            });
        m_listening = driver->subscribeToNotification(SqlDialect::notifyChannel());
        if (m_listening)
            watchListenSocket(driver);
        else
            error = Schema::describe(driver->lastError());
    }
    if (!m_listening)
        m_logView->appendMessage(LogView::Level::Warning,
            tr("The server does not tell this window about new data (%1); use View > Refresh Views.")
                .arg(error));
    m_serverChanged = true;
    return m_listening;
}

// QPSQL reads its socket when its notifier fires, and libpq closes the socket when it reads the end
// of a session, leaving the notifier on a closed socket (Qt warns, and nothing reconnects). So this
// window takes the notifier over: it reads the socket through the driver and checks the session
// after each read. The notifier has no parent to find it by: the first socket event for the
// connection's socket, seen by an application event filter, names it.
void MainWindow::watchListenSocket(QSqlDriver *driver)
{
    const int socket = PgStatements::socketOf(QSqlDatabase::database(m_listenConnection, false));
    if (socket < 0)
        return;
    auto *finder = new SocketEventFilter(socket, this);
    m_listenSocketFilter = finder;
    connect(finder, &SocketEventFilter::found, this, [this, driver, finder](QSocketNotifier *notifier) {
        finder->deleteLater();
        m_listenNotifier = notifier;
        disconnect(notifier, nullptr, driver, nullptr);
        connect(notifier, &QSocketNotifier::activated, this, &MainWindow::onListenSocketReady);
        onListenSocketReady();
    });
}

void MainWindow::onListenSocketReady()
{
    if (!m_listenNotifier)
        return;
    m_listenNotifier->setEnabled(false);
    QSqlDriver *driver = QSqlDatabase::database(m_listenConnection, false).driver();
    QMetaObject::invokeMethod(driver, "_q_handleNotification", Qt::DirectConnection);
    if (QSqlDatabase::database(m_listenConnection, false).isOpen())
        m_listenNotifier->setEnabled(true);
    else
        onServerConnectionLost();
}

// Whether the read connection can be read; a session the server ended (QPSQL then reports the
// connection as not open) is closed here, before another statement fails on it with a warning,
// and opened again later (onServerConnectionLost()).
bool MainWindow::readable()
{
    if (!m_readOpen)
        return false;
    if (QSqlDatabase::database(m_readConnection, false).isOpen()
        || !DatabaseLocation::isServerUrl(m_settings.databasePath))
        return true;
    onServerConnectionLost();
    return false;
}

void MainWindow::onServerConnectionLost()
{
    if (m_serverReconnect->isActive() || m_serverProbe)
        return;
    // Nothing reads the dead session meanwhile (each statement would fail with a warning).
    closeReadConnection();
    m_serverReconnectAttempts = 0;
    m_logView->appendMessage(LogView::Level::Warning,
        tr("Lost the connection to the database server; this window connects again and shows what was "
           "stored meanwhile"));
    // Shorter: the status bar's counts and locations leave it half the window's width.
    m_statusActivity->setText(tr("Lost the connection to the database server; connecting again"));
    m_serverReconnect->start(1000);
}

// A probe connection in a thread of its own first: a host that vanished costs the connect timeout
// per attempt, which the GUI thread must not wait through. Once the server answers, the read and
// listen connections open on the GUI thread as at the start. The attempts grow apart (1, 2, 4 ...
// 30 s).
void MainWindow::reconnectToServer()
{
    if (!m_writerOpen || m_closeRequested || m_serverProbe)
        return;
    ++m_serverReconnectAttempts;
    qCInfo(lcUi) << "connecting to the database server again, attempt" << m_serverReconnectAttempts;
    const QString location = m_settings.databasePath;
    const QString connection = QStringLiteral("km-window-probe-%1").arg(m_serverReconnectAttempts);
    m_serverProbe = QThread::create([this, location, connection] {
        Schema::ConnectionOptions options;
        options.access = Schema::Access::ReadOnly;
        options.migrate = false;
        QString error;
        const bool answered = Schema::openConnection(connection, location, options, &error);
        if (answered)
            Schema::closeConnection(connection);
        // Queued to the window, which waits for its probe before it goes.
        QMetaObject::invokeMethod(
            this, [this, answered] { onServerProbed(answered); }, Qt::QueuedConnection);
    });
    m_serverProbe->setObjectName(QStringLiteral("km-server-probe"));
    m_serverProbe->setParent(this);
    connect(m_serverProbe, &QThread::finished, m_serverProbe, &QObject::deleteLater);
    m_serverProbe->start();
}

void MainWindow::onServerProbed(bool answered)
{
    m_serverProbe = nullptr;
    if (!m_writerOpen || m_closeRequested)
        return;
    if (!answered || !openReadConnection(false)) {
        m_serverReconnect->start(qMin(30000, 1000 << qMin(m_serverReconnectAttempts, 5)));
        return;
    }
    const QString message = tr("Connected to the database server again");
    m_logView->appendMessage(LogView::Level::Info, message);
    m_statusActivity->setText(message);
    m_viewsDirty = m_runsDirty = m_snapshotsDirty = m_watchlistNotified = true;
    refreshFromNotification();
}

void MainWindow::onServerNotification(const QString &payload)
{
    ++m_notificationsReceived;
    m_serverChanged = true;
    m_viewsDirty = true;
    m_runsDirty = true;
    m_watchlistNotified = true;
    if (payload == batchKindName(WriteBatch::Kind::Snapshots))
        m_snapshotsDirty = true;
    Q_EMIT serverNotified(payload);
    // At most once a second, like the refresh after this window's own commits, but the first
    // notification after a quiet second is shown at once.
    if (m_notifiedRefresh->isActive())
        return;
    const qint64 sinceLast = m_lastNotifiedRefresh.isValid() ? m_lastNotifiedRefresh.elapsed() : 1000;
    m_notifiedRefresh->start(int(qMax<qint64>(0, 1000 - sinceLast)));
}

void MainWindow::refreshFromNotification()
{
    if (!readable())
        return;
    m_lastNotifiedRefresh.start();
    refreshViews();
    refreshStatus(); // the counts, the runs and the dashboard
    if (std::exchange(m_watchlistNotified, false)) {
        m_watchlist->refresh();
        m_alerts->refresh();
    }
    ++m_notifiedRefreshes;
    Q_EMIT refreshedFromNotification();
}

void MainWindow::closeReadConnection()
{
    m_listening = false;
    m_listenNotifier = nullptr;
    delete m_listenSocketFilter;
    if (QSqlDatabase::contains(m_listenConnection))
        Schema::closeConnection(m_listenConnection);
    if (m_readOpen) {
        Schema::closeConnection(m_readConnection);
        m_readOpen = false;
    }
}

void MainWindow::onBatchWritten(const BatchResult &result)
{
    m_dashboard->clearDatabaseBusy();
    if (!result.ok && m_closeRequested)
        ++m_pagesLost;
    if (result.ok) {
        m_viewsDirty = true;
        m_runsDirty = true;
        if (result.kind == WriteBatch::Kind::Snapshots)
            m_snapshotsDirty = true;
    } else {
        m_logView->appendMessage(LogView::Level::Error,
            tr("The database refused %1 page %2: %3")
                .arg(batchKindName(result.kind))
                .arg(result.page)
                .arg(result.error));
    }
    Q_EMIT batchCommitted(result);
}

void MainWindow::refreshViews()
{
    if (!readable())
        return;
    if (m_viewsDirty && m_tabs->currentWidget() == m_browser) {
        m_browser->refresh();
        m_viewsDirty = false;
    }
    if (m_snapshotsDirty) {
        m_chartPanel->appendNewSnapshots();
        m_snapshotsDirty = false;
    }
}

void MainWindow::refreshStatus()
{
    const QLocale locale;
    m_statusDatabase->setText(tr("DB: %1").arg(shortDatabaseName(m_settings.databasePath)));
    // Counting costs tens of milliseconds on a million markets: only when another connection
    // has committed since the last count.
    // On PostgreSQL the server's notifications say when (m_serverChanged), nothing is polled.
    const qint64 dataVersion = m_readOpen && !m_listening ? Schema::dataVersion(m_readConnection) : -1;
    const bool changed = m_listening ? std::exchange(m_serverChanged, false)
                                     : dataVersion < 0 || dataVersion != m_statsDataVersion;
    if (changed && readable()) {
        m_statsDataVersion = dataVersion;
        DatabaseStats stats;
        QString error;
        // Quick: counting snapshot rows would stall the GUI for a third of a second at 2M rows.
        if (DatabaseStats::read(m_readConnection, m_settings.databasePath, &stats, &error, recentRunCount,
                DatabaseStats::Scope::Quick)) {
            m_statusDatabase->setText(tr("DB: %1 (%2)")
                                          .arg(shortDatabaseName(m_settings.databasePath),
                                              locale.formattedDataSize(stats.fileBytes)));
            // The full counts in the tooltip: the status bar has room for the two that grow.
            const QString lastSnapshot = stats.lastSnapshotTime > 0
                ? SyncFormat::timeOfDay(QDateTime::fromSecsSinceEpoch(stats.lastSnapshotTime))
                : tr("none");
            m_statusCounts->setText(
                tr("%1 markets · last snapshot %2").arg(locale.toString(stats.markets), lastSnapshot));
            const bool empty = stats.markets == 0 && stats.events == 0 && stats.settlements == 0;
            m_dashboard->setDatabaseEmpty(empty);
            m_browser->setDatabaseEmpty(empty);
            m_statusCounts->setToolTip(
                tr("%1 markets (%2 open), %3 events, %4 settlements")
                    .arg(locale.toString(stats.markets), locale.toString(stats.openMarkets),
                        locale.toString(stats.events), locale.toString(stats.settlements)));
        }
    }
    m_statusDatabase->setToolTip(Schema::displayName(m_settings.databasePath));
    if (!m_listening || changed)
        refreshRuns();
    QDateTime next;
    for (const JobState &state : std::as_const(m_jobStates)) {
        if (state.enabled && state.nextRun.isValid() && (!next.isValid() || state.nextRun < next))
            next = state.nextRun;
    }
    if (m_collecting && m_initialSyncRunning)
        m_statusNextRun->setText(tr("Collection starting: initial sync"));
    else if (m_collecting && next.isValid())
        m_statusNextRun->setText(tr("Next run %1").arg(SyncFormat::timeOfDay(next)));
    else if (m_collecting)
        m_statusNextRun->setText(tr("Collecting"));
    else if (m_lockPhase == LockPhase::Waiting)
        m_statusNextRun->setText(tr("Collection paused"));
    else
        m_statusNextRun->setText(tr("Collection off"));
    updateTray();
}

void MainWindow::refreshRuns()
{
    m_runsDirty = false;
    if (!readable())
        return;
    QList<SyncRunRecord> runs;
    QString error;
    // Cheap (the newest rows by primary key), so it follows every commit of a running sync.
    if (!DatabaseStats::readRecentRuns(m_readConnection, recentRunCount, &runs, &error)) {
        qCDebug(lcUi) << "reading sync_runs failed:" << error;
        return;
    }
    m_dashboard->setRecentRuns(runs);
    const LastSync last = m_dashboard->lastSync();
    m_statusLastSync->setText(last.statusBarText());
    m_statusLastSync->setToolTip(last.headline());
}

void MainWindow::ensureLockKeeper()
{
    if (m_lock)
        return;
    CollectorLockKeeper::Options options;
    options.databasePath = m_settings.databasePath;
    m_lock = std::make_unique<CollectorLockKeeper>(options);
    connect(m_lock.get(), &CollectorLockKeeper::statusChanged, this, &MainWindow::onCollectorLockStatus);
    connect(m_lock.get(), &CollectorLockKeeper::holderFound, this, &MainWindow::onLockHolderFound);
}

void MainWindow::refreshLockHolder()
{
    if (!DatabaseLocation::isServerUrl(m_settings.databasePath)) {
        m_collectionPanel->setLockHolder(
            CollectorLock::currentHolder(m_settings.databasePath), m_settings.databasePath);
        return;
    }
    // While the lock is retried, the server may not answer: the retries name the holder.
    if (m_lockPhase == LockPhase::Waiting) {
        m_collectionPanel->setLockHolder(m_lockWaiting.holder, m_settings.databasePath);
        return;
    }
    // A server's holder is read through a connection, which may take up to the connect timeout:
    // in the lock's thread, never in this one, and only while the Collection tab shows it (switching
    // to the tab reads it).
    if (m_lock && m_tabs->currentWidget() == m_collectionPanel)
        m_lock->lookUpHolder();
}

void MainWindow::onLockHolderFound(
    const QString &databasePath, const std::optional<CollectorLock::HolderInfo> &holder)
{
    if (databasePath != m_settings.databasePath || m_lockPhase == LockPhase::Waiting)
        return;
    m_collectionPanel->setLockHolder(holder, databasePath);
}

void MainWindow::onSyncStarted(const QString &command)
{
    m_dashboard->syncStarted(command);
    m_runsDirty = true;
    m_statusActivity->setText(tr("%1 running…").arg(SyncFormat::commandTitle(command)));
}

// A demo starts with something to watch: after its first sync, when the demo file has no watchlist,
// the four open markets with the most 24 h volume are watched and the first two get a rule that
// fires on a 1¢ move within 10 minutes (the simulator moves prices every few seconds), so the
// Watchlist and Alerts tabs fill once collection runs.
void MainWindow::seedDemoWatchlist()
{
    m_demoSeeded = true;
    if (!m_writer || !m_readOpen)
        return;
    QSqlQuery query(QSqlDatabase::database(m_readConnection, false));
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT count(*) FROM watchlist")) || !query.next()
        || query.value(0).toLongLong() > 0)
        return;
    QStringList tickers;
    if (query.exec(QStringLiteral("SELECT ticker FROM markets WHERE status IN ('active', 'open') "
                                  "ORDER BY volume_24h DESC, ticker LIMIT 4"))) {
        while (query.next())
            tickers.append(query.value(0).toString());
    }
    query.finish();
    if (tickers.isEmpty())
        return;
    QList<AlertRule> rules;
    for (const QString &ticker : tickers.mid(0, 2)) {
        AlertRule rule;
        rule.scope = AlertRule::Scope::Ticker;
        rule.target = ticker;
        rule.kind = AlertRule::Kind::Move;
        rule.level = 10000; // 1¢ in micro-dollars
        rule.windowSecs = 600;
        rule.note = tr("demo");
        rules.append(rule);
    }
    DatabaseWriter *writer = m_writer->writer();
    QMetaObject::invokeMethod(
        writer,
        [writer, tickers, rules] {
            writer->changeWatchlist(0, tickers, {});
            for (const AlertRule &rule : rules)
                writer->addAlertRule(0, rule);
        },
        Qt::QueuedConnection);
    m_logView->appendMessage(LogView::Level::Info,
        tr("Demo: watching %1; alert rules on a 1\u00a2 move within 10 minutes for %2. Switch "
           "Collect on to see them fire.")
            .arg(tickers.join(QStringLiteral(", ")), tickers.mid(0, 2).join(QStringLiteral(", "))));
}

void MainWindow::onSyncFinished(const SyncSummary &summary)
{
    m_dashboard->clearDatabaseBusy();
    m_dashboard->syncFinished(summary);
    // Its runs have committed: counted as the database counts them, like the headline.
    refreshStatus();
    if (summary.ok) {
        m_notifiedFailures.remove(summary.command);
        if (m_demo && !m_demoSeeded)
            seedDemoWatchlist();
        const QString counts = m_dashboard->shownSync().countsText();
        m_statusActivity->setText(
            tr("%1 finished: %2").arg(SyncFormat::commandTitle(summary.command), counts));
        m_logView->appendMessage(LogView::Level::Info,
            tr("%1 finished: %2 (%3 pages, %4 skipped, %5 retries)")
                .arg(SyncFormat::commandTitle(summary.command), counts)
                .arg(summary.pages)
                .arg(summary.skipped)
                .arg(summary.retries));
    } else if (summary.cancelled) {
        const QString cancelled = tr("%1 cancelled").arg(SyncFormat::commandTitle(summary.command));
        m_statusActivity->setText(cancelled);
        m_logView->appendMessage(LogView::Level::Warning, cancelled);
    } else {
        const QString title = tr("%1 failed").arg(SyncFormat::commandTitle(summary.command));
        const QString problem = SyncFormat::storedError(summary.error, SyncRetry::serverOf(QUrl(apiBase())));
        m_statusActivity->setText(title);
        // The log keeps the request's own words too: what a user copies into a bug report.
        m_logView->appendMessage(LogView::Level::Error,
            problem == summary.error.trimmed()
                ? tr("%1: %2").arg(title, problem)
                : tr("%1: %2 [%3]").arg(title, problem, summary.error.trimmed()));
        // Once per kind while it keeps failing: a collection job retried every minute must not
        // raise a notification every minute.
        if (!isActiveWindow() && !m_closeRequested && !m_notifiedFailures.contains(summary.command)) {
            m_notifiedFailures.insert(summary.command);
            m_tray->notify(title, problem, TrayIcon::Urgency::Warning);
        }
    }
    m_viewsDirty = true;
    refreshViews();
}

void MainWindow::onBusyChanged(bool busy)
{
    m_busy = busy;
    updateActions();
    updateTray();
}

void MainWindow::updateActions()
{
    const bool running = m_sync && !m_closeRequested;
    m_syncNowAction->setEnabled(running && m_writerOpen && !m_busy);
    m_cancelAction->setVisible(m_busy);
    m_cancelAction->setEnabled(running && m_busy);
    m_collectAction->setEnabled(running && m_writerOpen);
    m_settingsAction->setEnabled(!m_closeRequested);
    m_exportAction->setEnabled(running && m_writerOpen && m_readOpen);
    m_exportAction->setToolTip(tr("Export the rows the browser shows, or the chart's snapshots, to "
                                  "CSV or JSON Lines (Ctrl+E)"));
}

void MainWindow::onCollectToggled(bool on)
{
    if (!m_sync || !m_writerOpen) {
        const QSignalBlocker blocker(m_collectAction);
        m_collectAction->setChecked(false);
        return;
    }
    if (on) {
        if (m_collecting || m_lockPhase != LockPhase::None)
            return;
        ensureLockKeeper();
        // Taken in the lock's thread (a server lock connects); collection starts once it is held.
        m_lockPhase = LockPhase::Acquiring;
        m_lockRequest = m_lock->acquire();
        return;
    }
    switch (m_lockPhase) {
    case LockPhase::Held:
        // The lock goes once collection has stopped (onCollectingChanged); lost meanwhile, it is
        // not taken again.
        m_lockPhase = LockPhase::None;
        m_releaseLockWhenStopped = true;
        m_sync->setCollecting(false);
        break;
    case LockPhase::Waiting:
    case LockPhase::Acquiring:
        m_lockPhase = LockPhase::None;
        m_lockRequest = m_lock->release();
        if (!m_lockLostMessage.isEmpty()) {
            m_lockLostMessage.clear();
            const QString message = tr("Collection stopped: the collector lock is no longer tried again");
            m_logView->appendMessage(LogView::Level::Info, message);
            m_statusActivity->setText(message);
            m_statusActivity->setToolTip(QString());
            m_collectionPanel->setPaused(QString());
        }
        if (m_collecting)
            m_sync->setCollecting(false);
        break;
    case LockPhase::None:
        if (m_collecting)
            m_sync->setCollecting(false);
        break;
    }
    m_settings.collection.collecting = false;
    saveSettings();
    refreshLockHolder();
    updateTray();
}

void MainWindow::onCollectorLockStatus(const CollectorLockStatus &status)
{
    if (status.request != m_lockRequest || !m_sync || m_closeRequested)
        return; // it answers an earlier request, or the pipeline is going
    switch (status.state) {
    case CollectorLockStatus::State::Released:
        return;
    case CollectorLockStatus::State::Held:
        if (m_lockPhase == LockPhase::Waiting) {
            onCollectorLockRegained();
            return;
        }
        if (m_lockPhase != LockPhase::Acquiring)
            return;
        m_lockPhase = LockPhase::Held;
        m_lockLostMessage.clear();
        m_sync->setCollecting(true);
        m_settings.collection.collecting = true;
        saveSettings();
        refreshLockHolder();
        return;
    case CollectorLockStatus::State::Refused: {
        if (m_lockPhase != LockPhase::Acquiring)
            return;
        m_lockPhase = LockPhase::None;
        const QString message = status.error;
        m_logView->appendMessage(LogView::Level::Warning, tr("Collection not started: %1").arg(message));
        // Said where the user looks first, naming the holder (pid, program, host, since when).
        m_statusActivity->setText(tr("Collection not started: %1").arg(message));
        m_statusActivity->setToolTip(message);
        {
            const QSignalBlocker blocker(m_collectAction);
            m_collectAction->setChecked(false);
        }
        refreshLockHolder();
        updateTray();
        return;
    }
    case CollectorLockStatus::State::Waiting: {
        if (m_lockPhase != LockPhase::Held && m_lockPhase != LockPhase::Waiting)
            return;
        const std::optional<CollectorLock::HolderInfo> before = m_lockWaiting.holder;
        m_lockWaiting = status;
        if (status.lostJustNow) {
            onCollectorLockLost(status.error);
        } else if (status.holder && (!before || before->pid != status.holder->pid)) {
            // Another collector took the database meanwhile: said once, then waited for.
            const QString message
                = tr("Collection paused: %1; waiting for it to stop")
                      .arg(CollectorLock::describeHolder(*status.holder, m_settings.databasePath));
            m_logView->appendMessage(LogView::Level::Warning, message);
            if (!isActiveWindow())
                m_tray->notify(tr("Collection paused"), message, TrayIcon::Urgency::Warning);
        }
        showLockPaused(true);
        refreshLockHolder();
        return;
    }
    }
}

void MainWindow::onCollectorLockLost(const QString &error)
{
    m_lockPhase = LockPhase::Waiting;
    const QString message = tr("Collection paused: %1").arg(error);
    m_lockLostMessage = message;
    m_logView->appendMessage(LogView::Level::Error, message);
    if (!isActiveWindow())
        m_tray->notify(tr("Collection paused"), message, TrayIcon::Urgency::Warning);
    Q_EMIT collectorLockLost(message);
    if (m_sync)
        m_sync->setCollecting(false);
}

void MainWindow::onCollectorLockRegained()
{
    m_lockPhase = LockPhase::Held;
    m_lockLostMessage.clear();
    m_lockWaiting = CollectorLockStatus();
    const QString message = tr("Collection resumed: the collector lock of %1 is held again")
                                .arg(Schema::displayName(m_settings.databasePath));
    m_logView->appendMessage(LogView::Level::Info, message);
    m_statusActivity->setText(message);
    m_statusActivity->setToolTip(QString());
    m_collectionPanel->setPaused(QString());
    if (!isActiveWindow())
        m_tray->notify(tr("Collection resumed"), message, TrayIcon::Urgency::Information);
    Q_EMIT collectorLockRegained();
    m_sync->setCollecting(true);
    refreshLockHolder();
}

QString MainWindow::lockPausedText() const
{
    const qint64 seconds
        = qMax<qint64>(0, (QDateTime::currentDateTime().msecsTo(m_lockWaiting.retryAt) + 999) / 1000);
    const QString when = seconds == 0 ? tr("retrying now")
        : seconds <= 90               ? tr("retrying in %1 s").arg(seconds)
                                      : tr("retrying in %1 min").arg((seconds + 59) / 60);
    const QString why = m_lockWaiting.holder
        ? CollectorLock::describeHolder(*m_lockWaiting.holder, m_settings.databasePath)
        : tr("lost the connection to the database server");
    return tr("Collection paused: %1 \u2014 %2").arg(why, when);
}

void MainWindow::showLockPaused(bool takeStatusBar)
{
    if (m_lockPhase != LockPhase::Waiting)
        return;
    const QString text = lockPausedText();
    // The pause is what matters most while it lasts; only a running manual sync keeps its
    // progress in the status bar (the dashboard and the log keep every sync's result).
    if (takeStatusBar || !m_busy || m_statusActivity->text() == m_lockPausedShown) {
        m_statusActivity->setText(text);
        m_statusActivity->setToolTip(m_lockWaiting.error);
    }
    m_lockPausedShown = text;
    m_collectionPanel->setPaused(text);
    updateTray();
}

void MainWindow::onCollectingChanged(bool collecting)
{
    m_collecting = collecting;
    if (!collecting)
        m_initialSyncRunning = false;
    m_collectionPanel->setCollecting(collecting);
    {
        const QSignalBlocker blocker(m_collectAction);
        m_collectAction->setChecked(collecting || m_lockPhase == LockPhase::Waiting);
    }
    if (!collecting && (m_lockPhase == LockPhase::Held || m_releaseLockWhenStopped) && m_lock) {
        m_lockPhase = LockPhase::None;
        m_lockRequest = m_lock->release();
    }
    if (!collecting)
        m_releaseLockWhenStopped = false;
    if (m_lockPhase == LockPhase::Waiting)
        showLockPaused(true);
    else if (collecting || m_lockLostMessage.isEmpty())
        m_statusActivity->setText(collecting ? tr("Collecting") : tr("Collection stopped"));
    refreshLockHolder();
    refreshStatus();
}

void MainWindow::stopLock(const std::function<void()> &then)
{
    m_lockPhase = LockPhase::None;
    m_releaseLockWhenStopped = false;
    m_lockLostMessage.clear();
    if (!m_lock) {
        then();
        return;
    }
    // The lock's thread may be connecting (up to the connect timeout): not waited for here.
    CollectorLockKeeper *lock = m_lock.release();
    lock->setParent(this); // a window deleted meanwhile waits for it in its destructor
    m_lockStopping = true;
    connect(lock, &CollectorLockKeeper::stopped, this, [this, lock, then] {
        m_lockStopping = false;
        lock->deleteLater();
        then();
    });
    lock->stopAsync();
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(this);
    dialog.setSettings(m_settings);
    dialog.setApiInUse(m_apiBaseOverride, m_demo);
    dialog.setStorageController(m_storage);
    if (dialog.exec() != QDialog::Accepted)
        return;
    applySettings(dialog.settings());
}

void MainWindow::showExport()
{
    if (!m_writerOpen || m_closeRequested)
        return;
    ExportDialog dialog(m_settings.databasePath, ExportDialog::browserSource(m_browser),
        ExportDialog::chartSource(m_chartPanel), this);
    if (m_tabs->currentWidget() == m_chartPanel)
        dialog.setSource(ExportDialog::SourceKind::Chart);
    connect(&dialog, &ExportDialog::exportFinished, this, [this](const ExportOutcome &outcome) {
        if (outcome.ok)
            m_logView->appendMessage(LogView::Level::Info,
                tr("Exported %1 rows to %2")
                    .arg(QLocale().toString(outcome.rows), QDir::toNativeSeparators(outcome.outPath)));
        else if (!outcome.cancelled)
            m_logView->appendMessage(LogView::Level::Error, tr("Export failed: %1").arg(outcome.error));
    });
    dialog.exec();
}

void MainWindow::applySettings(const AppSettings &settings)
{
    const bool databaseChanged = settings.databasePath != m_settings.databasePath;
    const bool apiChanged
        = settings.apiBase() != m_settings.apiBase() || settings.rateLimit != m_settings.rateLimit;
    const bool wasCollecting = m_collecting;
    const qint64 lastDailyPrune = qMax(settings.storage.lastDailyPrune, m_settings.storage.lastDailyPrune);
    m_settings = settings;
    m_settings.storage.lastDailyPrune = lastDailyPrune;
    m_storage->setSettings(m_settings.storage);
    m_settings.collection.collecting = wasCollecting;
    saveSettings();
    if (m_sync) {
        for (auto it = settings.collection.jobs.cbegin(); it != settings.collection.jobs.cend(); ++it) {
            m_sync->setJobInterval(it.key(), it->intervalMs);
            m_sync->setJobEnabled(it.key(), it->enabled);
        }
        m_sync->setMveFilter(m_settings.collection.mveFilter);
        if (apiChanged && m_apiBaseOverride.isEmpty()) {
            m_sync->setApi(QUrl(apiBase()), m_settings.rateLimit);
            m_statusApi->setText(tr("API: %1").arg(QUrl(apiBase()).host()));
            m_statusApi->setToolTip(apiBase());
        }
    }
    if (databaseChanged) {
        m_logView->appendMessage(LogView::Level::Info,
            tr("Switching to the database %1").arg(Schema::displayName(m_settings.databasePath)));
        m_restartRequested = true;
        m_settings.collection.collecting = false;
        stopPipeline();
    }
}

void MainWindow::saveViewState(QSettings &settings) const
{
    if (m_demo)
        return; // a demo session must not change the user's real settings
    m_browser->saveState(settings);
    m_chartPanel->saveState(settings);
    m_alerts->saveState(settings);
}

void MainWindow::saveSettings()
{
    if (m_demo)
        return; // a demo session must not change the user's real settings
    QSettings settings;
    m_settings.save(settings);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Kalshi Monitor"),
        tr("<h3>Kalshi Monitor %1</h3>"
           "<p>Collects Kalshi's public market data (events, markets, settlements and price "
           "snapshots) into a local SQLite database and shows it.</p>"
           "<p>Database: %2<br>API: %3</p>"
           "<p>Built with Qt %4. MIT License.</p>")
            .arg(QStringLiteral(KM_VERSION), Schema::displayName(m_settings.databasePath).toHtmlEscaped(),
                apiBase().toHtmlEscaped(), QString::fromLatin1(qVersion())));
}

void MainWindow::stopPipeline()
{
    updateActions();
    m_syncNowAction->setEnabled(false);
    m_collectAction->setEnabled(false);
    m_statusActivity->setText(m_busy ? tr("Stopping after the current page…") : tr("Stopping…"));
    if (m_sync)
        m_sync->shutdown();
    else
        onPipelineStopped();
}

void MainWindow::onPipelineStopped()
{
    // The sync thread has ended; every page it handed over is queued at the writer, which commits
    // them before closing the connection (after a close request, giving up at once on a lock held
    // by another process). The GUI goes on meanwhile; onWriterStopped() follows.
    m_sync.reset();
    if (m_writer) {
        connect(
            m_writer.get(), &WriterThread::stopped, this, &MainWindow::onWriterStopped, Qt::UniqueConnection);
        m_writer->stopAsync(m_closeRequested);
        return;
    }
    onWriterStopped();
}

void MainWindow::onWriterStopped()
{
    m_storage->attach(nullptr, QString());
    m_writer.reset();
    stopLock([this] { onLockStopped(); });
}

void MainWindow::onLockStopped()
{
    m_serverReconnect->stop();
    m_busy = false;
    m_collecting = false;
    m_lockWaiting = CollectorLockStatus();
    m_collectionPanel->setPaused(QString());
    {
        const QSignalBlocker blocker(m_collectAction);
        m_collectAction->setChecked(false);
    }
    m_browser->setDatabasePath(QString());
    closeReadConnection();
    if (m_closeRequested) {
        if (m_pagesLost > 0) {
            const QString message = tr("%n page(s) fetched before closing could not be written: another "
                                       "process held the database lock. The next sync fetches them again.",
                "", m_pagesLost);
            m_logView->appendMessage(LogView::Level::Error, message);
            std::fprintf(stderr, "kalshi-monitor: %s\n", qPrintable(message));
            Q_EMIT pagesLost(m_pagesLost);
        }
        Q_EMIT pipelineStopped();
        close();
        return;
    }
    if (m_restartRequested) {
        m_restartRequested = false;
        startPipeline();
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (isPipelineStopped()) {
        if (isVisible()) {
            QSettings settings;
            settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
            saveViewState(settings);
        }
        event->accept();
        return;
    }
    event->ignore();
    if (m_closeRequested)
        return;
    if (!m_quitRequested && m_collecting) {
        if (systemTrayAvailable()) {
            hideToTray();
            return;
        }
        switch (askKeepCollecting()) {
        case CloseChoice::KeepCollecting:
            showMinimized();
            return;
        case CloseChoice::Cancel:
            return;
        case CloseChoice::Quit:
            break; // the answer confirmed it
        }
    } else if (m_quitPrompt == QuitPrompt::AskIfRunning && !confirmQuit()) {
        return;
    }
    if (m_closeRequested)
        return; // a termination signal closed it while the question was open
    m_closeRequested = true;
    qCDebug(lcUi) << "close requested: busy" << m_busy << "collecting" << m_collecting;
    m_logView->appendMessage(LogView::Level::Info, tr("Closing: finishing the current page"));
    // Gone for the user at once; a page waiting for another process's lock gives up now
    // instead of after the writer's deadline, and is reported in onWriterStopped().
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    saveViewState(settings);
    hide();
    if (m_writer && m_writer->writer())
        m_writer->writer()->abandonRetries();
    stopPipeline();
}

void MainWindow::quit(QuitPrompt prompt)
{
    m_quitRequested = true;
    m_quitPrompt = prompt;
    close();
    m_quitRequested = false;
    m_quitPrompt = QuitPrompt::AskIfRunning;
}

bool MainWindow::systemTrayAvailable() const
{
    return m_systemTrayAvailable();
}

void MainWindow::hideToTray()
{
    QSettings settings;
    if (isVisible()) {
        settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
        saveViewState(settings);
    }
    hide();
    if (m_trayNoticeShown)
        return;
    m_trayNoticeShown = true;
    if (!m_demo)
        settings.setValue(trayNoticeShownKey, true);
    m_tray->notify(tr("Kalshi Monitor keeps collecting"),
        tr("The window is closed, collection goes on. Use the tray icon to show the window or to quit."),
        TrayIcon::Urgency::Information);
}

void MainWindow::showFromTray()
{
    if (m_closeRequested)
        return;
    showNormal();
    raise();
    activateWindow();
}

void MainWindow::updateTray()
{
    const bool paused = m_lockPhase == LockPhase::Waiting;
    const TrayIcon::State state = m_busy ? TrayIcon::State::Running
        : m_collecting                   ? TrayIcon::State::Collecting
        : paused                         ? TrayIcon::State::CollectionPaused
                                         : TrayIcon::State::CollectionOff;
    QStringList details;
    if (paused)
        details.append(m_lockPausedShown);
    if (m_collecting)
        details.append(m_statusNextRun->text());
    if (!m_statusLastSync->text().isEmpty())
        details.append(m_statusLastSync->text());
    m_tray->setState(state, details.join(QLatin1Char('\n')));
}

bool MainWindow::confirmQuit()
{
    if (!m_busy && !m_collecting)
        return true;
    QSettings settings;
    if (!settings.value(askBeforeQuitKey, true).toBool())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Quit Kalshi Monitor"),
        m_collecting ? tr("Collection is running. Quit anyway?") : tr("A sync is running. Quit anyway?"),
        QMessageBox::NoButton, this);
    box.setInformativeText(m_collecting
            ? tr("No snapshots are stored until Kalshi Monitor runs again.")
            : tr("The sync stops after the current page; the next sync fetches the rest."));
    QPushButton *quitButton = box.addButton(tr("&Quit"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(quitButton);
    auto *dontAsk = new QCheckBox(tr("&Don't ask again"), &box);
    box.setCheckBox(dontAsk);
    box.exec();
    if (box.clickedButton() != quitButton)
        return false;
    if (dontAsk->isChecked() && !m_demo)
        settings.setValue(askBeforeQuitKey, false);
    return true;
}

MainWindow::CloseChoice MainWindow::askKeepCollecting()
{
    QMessageBox box(QMessageBox::Question, tr("Keep collecting?"),
        tr("Collection is running. Keep collecting with the window minimized, or quit?"),
        QMessageBox::NoButton, this);
    box.setInformativeText(tr("This desktop has no system tray, so the window cannot hide there."));
    QPushButton *keepButton = box.addButton(tr("&Keep Collecting"), QMessageBox::AcceptRole);
    QPushButton *quitButton = box.addButton(tr("&Quit"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(keepButton);
    box.exec();
    if (box.clickedButton() == keepButton)
        return CloseChoice::KeepCollecting;
    return box.clickedButton() == quitButton ? CloseChoice::Quit : CloseChoice::Cancel;
}

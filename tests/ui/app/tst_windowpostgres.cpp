// The window on a PostgreSQL database: every view reads it, another process's commits arrive through
// LISTEN/NOTIFY (nothing is polled there), the collector lock is the server's advisory lock and its
// loss pauses collection until it is taken again, and the password never reaches the settings or the window's
// texts.
#include <QApplication>

#include "browser/browserwidget.h"
#include "browser/markettablemodel.h"
#include "chart/snapshotchart.h"
#include "collect/collectorlock.h"
#include "collection/collectionpanel.h"
#include "databasefolder.h"
#include "log/logview.h"
#include "mainwindow/chartpanel.h"
#include "mainwindow/exportdialog.h"
#include "mainwindow/mainwindow.h"
#include "mainwindow/trayicon.h"
#include "pgtestserver.h"
#include "settings/appsettings.h"
#include "settings/storagecontroller.h"
#include "settings/storagepage.h"
#include "silentserver.h"
#include "simulatorprocess.h"
#include "sync/synccontroller.h"
#include "testsupport.h"
#include "watchlist/watchlistwidget.h"
#include "windowtesting.h"

#include <QAction>
#include <QCheckBox>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <utility>

using KmTest::closeAndWait;

class TstWindowPostgres : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("windowpostgres")};
    std::unique_ptr<PgTestServer> m_server;

    // Runs kalshi-monitor-cli to its end, blocking this thread (so no notification is handled
    // meanwhile); its exit code.
    static int runCli(const QStringList &arguments)
    {
        QProcess cli;
        cli.start(KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli")), arguments);
        if (!cli.waitForFinished(120000)) {
            cli.kill();
            cli.waitForFinished();
            return -1;
        }
        return cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
    }

    static QStringList cliDatabase(const QString &url, const QString &apiBase)
    {
        return {QStringLiteral("--db"), url, QStringLiteral("--api-base"), apiBase,
            QStringLiteral("--rate-limit"), QStringLiteral("0")};
    }

    // KM_LOCK_SCREENSHOTS=<folder> keeps the Collection tab while paused, for a person to look at.
    static void saveScreenshot(MainWindow &window, const QString &name)
    {
        const QString folder = qEnvironmentVariable("KM_LOCK_SCREENSHOTS");
        if (folder.isEmpty())
            return;
        window.showPage(MainWindow::Page::Collection);
        QTest::qWait(100);
        QVERIFY(window.grab().save(QDir(folder).filePath(name)));
    }

    static QString marketsText(qint64 count)
    {
        return QLocale().toString(count) + QStringLiteral(" markets");
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        QVERIFY2(!KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli")).isEmpty(),
            "kalshi-monitor-cli was not built");
        KmTest::useTestSettings(
            QStringLiteral("tst_windowpostgres"), m_dir.filePath(QStringLiteral("config")));
        QSettings().setValue(QStringLiteral("window/askBeforeQuit"), false);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        m_server = KmTest::startPostgres();
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    // Opened with a password in its URL (the test server trusts the role, so any password works):
    // the views read the server, and what another process commits shows within a second, through
    // the notification of its commit.
    void anotherProcessesCommitsArriveByNotify()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("400"),
            QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        QString error;
        const QString plainUrl = m_server->newDatabaseUrl(&error);
        QVERIFY2(!plainUrl.isEmpty(), qPrintable(error));
        const QString secret = QStringLiteral("not-a-real-secret-4711");
        QString url = plainUrl;
        url.replace(QStringLiteral("postgresql://km@"), QStringLiteral("postgresql://km:") + secret + u'@');
        QVERIFY(url.contains(secret));
        QCOMPARE(
            runCli(QStringList{QStringLiteral("full-sync")} + cliDatabase(url, simulator->baseUrlString())),
            0);
        const qint64 markets = KmTest::countRows(plainUrl, QStringLiteral("markets"));
        QVERIFY(markets > 0);

        auto window = KmTest::openWindow(KmTest::windowStartup(url, simulator->baseUrlString()));
        QVERIFY(window->isListeningForCommits());
        QTRY_VERIFY2(window->statusText().contains(marketsText(markets)), qPrintable(window->statusText()));
        QVERIFY2(!window->statusText().contains(secret), qPrintable(window->statusText()));
        QVERIFY(!window->windowTitle().contains(secret));
        QVERIFY(!window->logView()->visibleText().contains(secret));
        // Export reads the server through a cursor: enabled as on SQLite.
        QVERIFY(window->exportAction()->isEnabled());

        // Settings > Storage measures the tables through the server's catalog (pruning: below).
        StorageController *storage = window->storageController();
        QVERIFY(storage->isAttached());
        QVERIFY(storage->canMeasure());
        QSignalSpy sizesRead(storage, &StorageController::sizesRead);
        storage->readSizes();
        QVERIFY(sizesRead.wait(30000));
        const StorageSizes sizes = storage->sizes();
        QVERIFY2(sizes.ok, qPrintable(sizes.error));
        QVERIFY(sizes.onServer && sizes.bytesPerTable && sizes.fileBytes > 0);
        QVERIFY(sizes.snapshotBytes > 0);
        QCOMPARE(sizes.snapshotRows, KmTest::countRows(plainUrl, QStringLiteral("price_snapshots")));
        const auto marketsTable = std::find_if(sizes.tables.cbegin(), sizes.tables.cend(),
            [](const StorageSizes::Table &table) { return table.name == QLatin1String("markets"); });
        QVERIFY(marketsTable != sizes.tables.cend());
        QCOMPARE(marketsTable->rows, markets);
        QVERIFY(marketsTable->bytes > 0);

        // The browser: every market, a case-insensitive search (ILIKE), a sort by title (lower()).
        window->showPage(MainWindow::Page::Browser);
        MarketTableModel *model = window->browser()->marketModel();
        QTRY_VERIFY2(model->totalCount() == markets,
            qPrintable(window->browser()->message() + u' ' + model->errorString() + u' '
                + QString::number(model->totalCount())));
        const QString ticker = KmTest::queryValue(
            plainUrl, QStringLiteral("SELECT ticker FROM markets ORDER BY volume_24h DESC, ticker LIMIT 1"))
                                   .toString();
        QVERIFY(!ticker.isEmpty());
        {
            // File > Export of the browser's markets, counted first, through the export's own connection.
            ExportDialog dialog(url, ExportDialog::browserSource(window->browser()),
                ExportDialog::chartSource(window->chartPanel()));
            const QString out = m_dir.filePath(QStringLiteral("markets.csv"));
            dialog.setOutputPath(out);
            QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
            QVERIFY(dialog.startExport());
            QVERIFY(finished.wait(60000));
            const auto outcome = finished.at(0).at(0).value<ExportOutcome>();
            QVERIFY2(outcome.ok, qPrintable(outcome.error));
            // The rows the browser's default filter shows, with the header line.
            QVERIFY(model->matchingCount() > 0);
            QCOMPARE(outcome.rows, model->matchingCount());
            QFile file(out);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray csv = file.readAll();
            QCOMPARE(csv.count("\r\n"), outcome.rows + 1);
            QVERIFY(csv.startsWith("ticker,event_ticker,series_ticker,"));
        }
        BrowserTableModel::Filter filter;
        filter.searchText = ticker.toLower();
        model->setFilter(filter);
        QTRY_COMPARE(model->matchingCount(),
            KmTest::countRows(plainUrl,
                QStringLiteral("markets WHERE ticker ILIKE '%%1%' OR title ILIKE '%%1%'").arg(ticker)));
        QVERIFY(model->errorString().isEmpty());
        model->setFilter(BrowserTableModel::Filter());
        model->sort(1, Qt::DescendingOrder);
        const QString lastTitle = KmTest::queryValue(
            plainUrl, QStringLiteral("SELECT title FROM markets ORDER BY lower(title) DESC, ticker LIMIT 1"))
                                      .toString();
        QTRY_COMPARE(model->data(model->index(0, 1)).toString(), lastTitle);
        QVERIFY2(model->errorString().isEmpty(), qPrintable(model->errorString()));

        // The chart reads the market's snapshots.
        // Opening it fetches its candle history through this window's writer: done (and its
        // refreshes over) before another process writes below.
        QSignalSpy history(window->syncController(), &SyncController::historyFetched);
        window->chartPanel()->showMarket(ticker);
        QTRY_VERIFY(window->chartPanel()->chart()->pointCount() > 0);
        QVERIFY(history.wait(30000));
        QVERIFY2(history.first().at(1).value<SyncSummary>().ok,
            qPrintable(history.first().at(1).value<SyncSummary>().error));
        // The chart draws the stored history, read by its loader from the server (it opened the
        // server's database name as a file, and drew none).
        QVERIFY(KmTest::countRows(plainUrl, QStringLiteral("candles")) > 0);
        QTRY_VERIFY_WITH_TIMEOUT(window->chartPanel()->chart()->historyCount() > 0, 10000);
        QTest::qWait(1100); // a notified refresh still due (at most one a second) has run

        // Another process stores more markets. Its commits are notified while this thread waits for
        // it; nothing has read them yet when it ends.
        auto bigger = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("900"), QStringLiteral("--seed"),
                QStringLiteral("7"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        QSignalSpy notified(window.get(), &MainWindow::serverNotified);
        QSignalSpy refreshed(window.get(), &MainWindow::refreshedFromNotification);
        QCOMPARE(
            runCli(QStringList{QStringLiteral("sync-markets")} + cliDatabase(url, bigger->baseUrlString())),
            0);
        const qint64 moreMarkets = KmTest::countRows(plainUrl, QStringLiteral("markets"));
        QVERIFY(moreMarkets > markets);
        QVERIFY2(!window->statusText().contains(marketsText(moreMarkets)), qPrintable(window->statusText()));
        QCOMPARE(notified.count(), 0);
        // Within one second, and through the notifications: on PostgreSQL the status refresh does
        // not read the counts unless a notification said something committed.
        QTRY_VERIFY2_WITH_TIMEOUT(
            window->statusText().contains(marketsText(moreMarkets)), qPrintable(window->statusText()), 1000);
        QVERIFY(notified.count() > 0);
        QVERIFY(refreshed.count() > 0);
        bool marketsBatch = false;
        for (const QList<QVariant> &arguments : std::as_const(notified))
            marketsBatch = marketsBatch || arguments.first().toString() == QLatin1String("markets");
        QVERIFY2(marketsBatch, "no notification named a markets batch");
        QTRY_COMPARE(model->totalCount(), moreMarkets);

        // Another process watches a market: the Watchlist tab shows it within a second.
        notified.clear();
        const int refreshesBefore = window->notifiedRefreshes();
        QVERIFY(!window->watchlist()->watchedTickers().contains(ticker));
        QCOMPARE(
            runCli({QStringLiteral("watch"), QStringLiteral("add"), ticker, QStringLiteral("--db"), url}), 0);
        QTRY_VERIFY_WITH_TIMEOUT(window->watchlist()->watchedTickers().contains(ticker), 1000);
        QVERIFY(notified.count() > 0);
        QVERIFY(window->notifiedRefreshes() > refreshesBefore);

        QVERIFY(closeAndWait(*window));
        // What the window saved names the server without the password.
        QFile config(QSettings().fileName());
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QByteArray saved = config.readAll();
        QVERIFY(!saved.contains(secret.toUtf8()));
    }

    // The settings keep a server URL, never its password.
    void settingsKeepThePasswordOut()
    {
        const QString url = QStringLiteral(
            "postgresql://analyst:hunter2-secret@db.example.org:5433/kalshi?sslmode=require");
        QVERIFY2(
            AppSettings::checkDatabasePath(url).isEmpty(), qPrintable(AppSettings::checkDatabasePath(url)));
        QVERIFY(!AppSettings::checkDatabasePath(QStringLiteral("postgresql://db.example.org:x/kalshi"))
                     .isEmpty());
        AppSettings settings = AppSettings::defaults();
        settings.databasePath = url;
        const QString file = m_dir.filePath(QStringLiteral("password.ini"));
        {
            QSettings store(file, QSettings::IniFormat);
            QVERIFY(settings.save(store));
        }
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray text = written.readAll();
        QVERIFY2(!text.contains("hunter2"), text.constData());
        QSettings store(file, QSettings::IniFormat);
        QStringList problems;
        const AppSettings loaded = AppSettings::load(store, &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QCOMPARE(loaded.databasePath,
            QStringLiteral("postgresql://analyst@db.example.org:5433/kalshi?sslmode=require"));
    }

    // Settings > Storage prunes a server's database on demand (through the window's writer, as the
    // CLI's prune does) but never daily: several analysts' windows share it.
    void pruneOnDemandNotDaily()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("150"), QStringLiteral("--settled"),
                QStringLiteral("0"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString url = m_server->newDatabaseUrlOrAbort();
        QCOMPARE(
            runCli(QStringList{QStringLiteral("full-sync")} + cliDatabase(url, simulator->baseUrlString())),
            0);
        QCOMPARE(
            runCli(QStringList{QStringLiteral("snapshot")} + cliDatabase(url, simulator->baseUrlString())),
            0);
        const qint64 snapshots = KmTest::countRows(url, QStringLiteral("price_snapshots"));
        QVERIFY(snapshots > 0);

        MainWindow::Startup startup = KmTest::windowStartup(url, simulator->baseUrlString());
        startup.settings.storage.daily = true;
        startup.settings.storage.lastDailyPrune = 0;
        startup.settings.storage.olderThanDays = 1;
        auto window = KmTest::openWindow(startup);
        StorageController *storage = window->storageController();
        QTRY_VERIFY(storage->isAttached());
        QVERIFY2(storage->dailyUnavailableReason().contains(QLatin1String("PostgreSQL server")),
            qPrintable(storage->dailyUnavailableReason()));
        QSignalSpy started(storage, &StorageController::pruneStarted);
        const qint64 inTwoDays = QDateTime::currentSecsSinceEpoch() + 2 * 86400;
        QVERIFY(storage->settings().dailyPruneDue(inTwoDays));
        QVERIFY(!storage->runDailyIfDue(inTwoDays));
        QCOMPARE(started.count(), 0);
        {
            StoragePage page;
            page.setController(storage);
            page.setStorageSettings(storage->settings());
            auto *daily = page.findChild<QCheckBox *>(QStringLiteral("daily"));
            QVERIFY(daily && daily->isChecked() && !daily->isEnabled());
            auto *lastDaily = page.findChild<QLabel *>(QStringLiteral("lastDaily"));
            QVERIFY(lastDaily);
            QCOMPARE(lastDaily->text(), storage->dailyUnavailableReason());
        }

        QSignalSpy finished(storage, &StorageController::pruneFinished);
        PruneRequest request;
        request.olderThan = QDateTime::currentSecsSinceEpoch() + 3600;
        request.keep = PruneRequest::Keep::None;
        request.dryRun = true;
        QVERIFY(storage->startPrune(request));
        QVERIFY(finished.wait(60000));
        PruneResult result = finished.takeFirst().at(0).value<PruneResult>();
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.rowsRemoved(), snapshots);
        QCOMPARE(KmTest::countRows(url, QStringLiteral("price_snapshots")), snapshots);

        request.dryRun = false;
        QVERIFY(storage->startPrune(request));
        QVERIFY(finished.wait(60000));
        result = finished.takeFirst().at(0).value<PruneResult>();
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.autoVacuum, PruneResult::AutoVacuum::Server);
        QCOMPARE(result.rowsRemoved(), snapshots);
        QCOMPARE(KmTest::countRows(url, QStringLiteral("price_snapshots")), 0);
        const QString words = StorageController::describe(result, storage->sizes());
        QVERIFY2(words.contains(QLatin1String("VACUUM")), qPrintable(words));
        QVERIFY(closeAndWait(*window));
    }

    // Collecting holds the server's advisory lock, named like the lock file's holder. When the
    // server ends the lock's session, collection pauses and the window says so (status bar,
    // Collection tab, tray, log) with Collect still on; the lock is taken again in the background
    // and collection resumes. A collector that took the lock meanwhile is named and waited for.
    // Switching Collect off while paused ends the waiting.
    void lostCollectorLockPausesAndResumes()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("200"),
            QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        QString error;
        const QString url = m_server->newDatabaseUrl(&error);
        QVERIFY2(!url.isEmpty(), qPrintable(error));
        auto window = KmTest::openWindow(KmTest::windowStartup(url, simulator->baseUrlString()));
        QSignalSpy lost(window.get(), &MainWindow::collectorLockLost);
        QSignalSpy regained(window.get(), &MainWindow::collectorLockRegained);
        SyncController *sync = window->syncController();
        CollectionPanel *panel = window->collectionPanel();
        // The holder is looked up in the lock's thread while the Collection tab shows it.
        window->showPage(MainWindow::Page::Collection);
        QTRY_COMPARE_WITH_TIMEOUT(panel->lockHolderText(), QStringLiteral("Nobody is collecting"), 20000);
        window->collectAction()->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(sync->isCollecting(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(
            panel->lockHolderText(), QStringLiteral("This window is collecting"), 20000);
        std::optional<CollectorLock::HolderInfo> holder = CollectorLock::currentHolder(url);
        QVERIFY(holder.has_value());
        QVERIFY(holder->thisProcess);
        QCOMPARE(holder->pid, QCoreApplication::applicationPid());
        QVERIFY(holder->serverPid > 0);
        const auto terminate = [&url](qint64 serverPid) {
            return KmTest::queryValue(url, QStringLiteral("SELECT pg_terminate_backend(%1)").arg(serverPid))
                .toBool();
        };
        const QString paused = QStringLiteral("Collection paused: ");

        QVERIFY(terminate(holder->serverPid));
        QVERIFY(lost.wait(20000));
        QCOMPARE(lost.count(), 1);
        const QString message = lost.first().first().toString();
        QVERIFY2(message.startsWith(paused + QStringLiteral("lost the collector lock")), qPrintable(message));
        QVERIFY(window->logView()->visibleText().contains(message));
        QTRY_VERIFY_WITH_TIMEOUT(!sync->isCollecting(), 30000);
        QVERIFY(window->collectAction()->isChecked()); // still wanted: it resumes by itself
        const QString waiting
            = paused + QStringLiteral("lost the connection to the database server \u2014 retrying ");
        QTRY_VERIFY2(window->statusText().startsWith(waiting), qPrintable(window->statusText()));
        QVERIFY(panel->isPaused());
        QVERIFY2(panel->lockLostText().startsWith(waiting), qPrintable(panel->lockLostText()));
        QTRY_COMPARE(window->trayIcon()->state(), TrayIcon::State::CollectionPaused);
        QTRY_VERIFY2(window->statusText().contains(QStringLiteral(" | Collection paused | ")),
            qPrintable(window->statusText()));
        QVERIFY2(window->trayIcon()->toolTip().contains(waiting), qPrintable(window->trayIcon()->toolTip()));
        saveScreenshot(*window, QStringLiteral("lock-paused.png"));
        const qint64 runsBefore
            = KmTest::queryValue(url, QStringLiteral("SELECT count(*) FROM sync_runs")).toLongLong();

        QVERIFY(regained.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(sync->isCollecting(), 10000);
        holder = CollectorLock::currentHolder(url);
        QVERIFY(holder.has_value());
        QVERIFY(holder->thisProcess);
        QVERIFY(!panel->isPaused());
        QCOMPARE(panel->lockLostText(), QString());
        QVERIFY(!window->statusText().startsWith(paused));
        QVERIFY(window->trayIcon()->state() != TrayIcon::State::CollectionPaused);
        QVERIFY(window->logView()->visibleText().contains(QStringLiteral("Collection resumed")));
        // Collecting again: its runs are stored.
        QTRY_VERIFY_WITH_TIMEOUT(
            KmTest::queryValue(url, QStringLiteral("SELECT count(*) FROM sync_runs")).toLongLong()
                > runsBefore,
            60000);

        // Lost again, and another collector takes the database before the next attempt.
        QVERIFY(terminate(holder->serverPid));
        QVERIFY(lost.wait(20000));
        CollectorLock other(url);
        QVERIFY2(other.tryAcquire(), qPrintable(other.errorString()));
        const QString named
            = paused + QStringLiteral("another collector (pid %1, ").arg(QCoreApplication::applicationPid());
        QTRY_VERIFY2_WITH_TIMEOUT(
            window->statusText().startsWith(named), qPrintable(window->statusText()), 30000);
        QVERIFY2(panel->lockLostText().startsWith(named), qPrintable(panel->lockLostText()));
        QVERIFY(window->collectAction()->isChecked());
        QVERIFY(!sync->isCollecting());
        QVERIFY(window->logView()->visibleText().contains(QStringLiteral("; waiting for it to stop")));
        saveScreenshot(*window, QStringLiteral("lock-paused-holder.png"));
        other.release();
        QVERIFY(regained.wait(40000));
        QTRY_VERIFY_WITH_TIMEOUT(sync->isCollecting(), 10000);
        QVERIFY(CollectorLock::currentHolder(url)->thisProcess);

        // Switched off while paused: no more attempts, the lock stays free.
        QVERIFY(terminate(CollectorLock::currentHolder(url)->serverPid));
        QVERIFY(lost.wait(20000));
        window->collectAction()->setChecked(false);
        QTRY_VERIFY(!panel->isPaused());
        QVERIFY2(window->statusText().startsWith(QStringLiteral("Collection stopped")),
            qPrintable(window->statusText()));
        QTest::qWait(7000); // past the first retry's 5 s
        QVERIFY(!CollectorLock::currentHolder(url).has_value());
        QVERIFY(!window->collectAction()->isChecked());
        QCOMPARE(regained.count(), 2);
        QVERIFY(closeAndWait(*window));
    }

    // The server restarts under an open window (every session ends): the window's own sync is
    // stored (its writer connects again), and another process's commit still reaches the window
    // (its read connection listens again). Last: it restarts the test server.
    void aRestartedServerIsFollowed()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("150"),
            QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString url = m_server->newDatabaseUrlOrAbort();
        auto window = KmTest::openWindow(KmTest::windowStartup(url, simulator->baseUrlString()));
        QVERIFY(window->isListeningForCommits());
        QTRY_VERIFY_WITH_TIMEOUT(window->syncNowAction()->isEnabled(), 20000);
        QString error;
        QVERIFY2(m_server->restart(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(
            window->logView()->visibleText().contains(
                QStringLiteral("Lost the connection to the database server; this window connects again")),
            10000);
        QTRY_VERIFY_WITH_TIMEOUT(window->isListeningForCommits(), 20000);
        QVERIFY(window->logView()->visibleText().contains(
            QStringLiteral("Connected to the database server again")));

        QSignalSpy finished(window->syncController(), &SyncController::syncFinished);
        window->syncNowAction()->trigger();
        QVERIFY(finished.wait(60000));
        const SyncSummary summary = finished.at(0).at(0).value<SyncSummary>();
        QVERIFY2(summary.ok, qPrintable(summary.error));
        const qint64 markets = KmTest::countRows(url, QStringLiteral("markets"));
        QVERIFY(markets > 0);
        QTRY_VERIFY2_WITH_TIMEOUT(
            window->statusText().contains(marketsText(markets)), qPrintable(window->statusText()), 20000);

        QVERIFY2(m_server->restart(&error), qPrintable(error));
        auto larger = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("300"),
            QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        QCOMPARE(
            runCli(QStringList{QStringLiteral("full-sync")} + cliDatabase(url, larger->baseUrlString())), 0);
        const qint64 more = KmTest::countRows(url, QStringLiteral("markets"));
        QVERIFY(more > markets);
        QTRY_VERIFY2_WITH_TIMEOUT(
            window->statusText().contains(marketsText(more)), qPrintable(window->statusText()), 20000);
        QVERIFY(window->isListeningForCommits());
        QVERIFY(closeAndWait(*window));
    }

    // While the server is down the chart reads nothing (a read of the removed connection made Qt
    // warn "QSqlQuery::prepare: database not open"), says why a market is not shown, and shows it
    // once the window has connected again.
    void anOutageKeepsTheChartWaiting()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("400"),
            QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString url = m_server->newDatabaseUrlOrAbort() + QStringLiteral("?connect_timeout=2");
        QCOMPARE(
            runCli(QStringList{QStringLiteral("full-sync")} + cliDatabase(url, simulator->baseUrlString())),
            0);
        const QString ticker = KmTest::queryValue(
            url, QStringLiteral("SELECT ticker FROM price_snapshots ORDER BY ticker LIMIT 1"))
                                   .toString();
        auto window = KmTest::openWindow(KmTest::windowStartup(url, simulator->baseUrlString()));
        QVERIFY(window->isListeningForCommits());
        QVERIFY(!ticker.isEmpty());
        const QString prefix = ticker.left(4);
        QVERIFY(!window->chartPanel()->completionsFor(prefix).isEmpty());
        // Stopped while nothing reads: a session ended under a running read's prepared statement
        // still makes QPSQL warn (docs/architecture.md, "A server that restarts under its clients").
        const qint64 markets = KmTest::countRows(url, QStringLiteral("markets"));
        QTRY_VERIFY2_WITH_TIMEOUT(
            window->statusText().contains(marketsText(markets)), qPrintable(window->statusText()), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!window->browser()->marketModel()->isBusy(), 20000);
        QTest::qWait(200);

        m_server->stop(PgTestServer::StopMode::Fast);
        const auto serverBack = qScopeGuard([this] { // also for the tests after a failed one
            QString error;
            if (!m_server->startAgain(&error))
                qCritical("cannot start the test server again: %s", qPrintable(error));
        });
        QTRY_VERIFY_WITH_TIMEOUT(
            window->logView()->visibleText().contains(
                QStringLiteral("Lost the connection to the database server; this window connects again")),
            10000);
        QVERIFY2(window->statusText().startsWith(
                     QStringLiteral("Lost the connection to the database server; connecting again |")),
            qPrintable(window->statusText()));
        QVERIFY(window->chartPanel()->completionsFor(prefix).isEmpty());
        window->chartPanel()->showMarket(ticker);
        QVERIFY2(window->chartPanel()->infoText().contains(QStringLiteral("cannot be read at the moment")),
            qPrintable(window->chartPanel()->infoText()));
        QCOMPARE(window->chartPanel()->chart()->pointCount(), 0);
        // The browser's reader says the connection is lost while the server is down (its first
        // request then ran statements on the dead session: Qt warned "database not open"), and keeps
        // trying at later requests (it said "No database is open." for good once one attempt failed).
        MarketTableModel *model = window->browser()->marketModel();
        model->reload();
        QTRY_VERIFY_WITH_TIMEOUT(!model->isBusy(), 20000);
        QVERIFY2(model->errorString().contains(QStringLiteral("Lost the connection to the database server")),
            qPrintable(model->errorString()));
        model->reload(); // now its attempt to connect again fails
        QTRY_VERIFY_WITH_TIMEOUT(!model->isBusy(), 20000);
        QVERIFY2(model->errorString().contains(QStringLiteral("Lost the connection to the database server")),
            qPrintable(model->errorString()));
        QTest::qWait(1500); // the refresh ticks of an outage stay quiet

        // The host vanishes (its port takes connections and never answers): the attempts to
        // connect again wait out the connect timeout (2 s here) off the GUI thread, which keeps
        // turning (it stood still for the timeout at each attempt).
        {
            const KmTest::SilentServer vanished(quint16(m_server->port()));
            QVERIFY(vanished.isListening());
            QElapsedTimer sinceLastTick;
            sinceLastTick.start();
            qint64 longestPause = 0;
            QTimer heartbeat;
            connect(&heartbeat, &QTimer::timeout, this,
                [&] { longestPause = qMax(longestPause, sinceLastTick.restart()); });
            heartbeat.start(50);
            QTest::qWait(7000); // attempts after 1, 2 and 4 s
            heartbeat.stop();
            QVERIFY2(longestPause < 1500, qPrintable(QString::number(longestPause)));
        }

        QString error;
        QVERIFY2(m_server->startAgain(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(window->isListeningForCommits(), 40000);
        QTRY_VERIFY2_WITH_TIMEOUT(window->chartPanel()->chart()->pointCount() > 0,
            qPrintable(window->chartPanel()->infoText()), 10000);
        QCOMPARE(window->chartPanel()->currentTicker(), ticker);
        QVERIFY(!window->chartPanel()->completionsFor(prefix).isEmpty());
        model->reload();
        QTRY_VERIFY_WITH_TIMEOUT(!model->isBusy(), 20000);
        QVERIFY2(model->errorString().isEmpty(), qPrintable(model->errorString()));
        QCOMPARE(model->totalCount(), markets);
        QVERIFY(closeAndWait(*window));
    }
};

KM_TEST_WIDGETS_MAIN(TstWindowPostgres)
#include "tst_windowpostgres.moc"

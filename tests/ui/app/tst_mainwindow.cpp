// The desktop window against the simulator: Sync now, collection on/off, chart, closing mid-sync.
#include "browser/browserwidget.h"
#include "chart/snapshotchart.h"
#include "collect/collectorlock.h"
#include "databasefolder.h"
#include "log/logview.h"
#include "mainwindow/chartpanel.h"
#include "mainwindow/exportdialog.h"
#include "mainwindow/mainwindow.h"
#include "settings/settingsdialog.h"
#include "settings/storagecontroller.h"
#include "settings/storagepage.h"
#include "simulatorprocess.h"
#include "storage/schema.h"
#include "sync/synccontroller.h"
#include "testsupport.h"
#include "windowtesting.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sqlite3.h>

#include <memory>

#include <csignal>

using KmTest::closeAndWait;

class TstMainWindow : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("gui")};

    QString newDatabasePath() { return m_dir.newDatabasePath(); }

    static std::unique_ptr<MainWindow> openWindow(const QString &databasePath, const QString &apiBase)
    {
        return KmTest::openWindow(KmTest::windowStartup(databasePath, apiBase));
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        KmTest::useTestSettings(QStringLiteral("tst_mainwindow"), m_dir.filePath(QStringLiteral("config")));
        // These tests close mid-sync to test the shutdown; tst_tray tests the question before it.
        QSettings().setValue(QStringLiteral("window/askBeforeQuit"), false);
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void syncNowShowsProgressAndRows()
    {
        // A locale whose short time format is 12 h: the status bar must not follow it (see below).
        const QLocale previousLocale;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        const auto restoreLocale = qScopeGuard([previousLocale] { QLocale::setDefault(previousLocale); });
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("3000"), QStringLiteral("--latency-ms"),
                QStringLiteral("20"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        auto window = openWindow(path, simulator->baseUrlString());
        QVERIFY(window->syncNowAction()->isEnabled());
        QVERIFY(!window->cancelAction()->isVisible());
        // The toolbar's icons come from the resources.
        for (const QAction *action :
            {window->syncNowAction(), window->cancelAction(), window->collectAction()})
            QVERIFY2(!action->icon().pixmap(16).isNull(), qPrintable(action->text()));
        QVERIFY(!window->windowIcon().pixmap(32).isNull());

        QSignalSpy progress(window->syncController(), &SyncController::progress);
        QSignalSpy finished(window->syncController(), &SyncController::syncFinished);
        QSignalSpy committed(window.get(), &MainWindow::batchCommitted);
        window->syncNowAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window->cancelAction()->isVisible(), 10000);
        QVERIFY(!window->syncNowAction()->isEnabled());
        QVERIFY(finished.wait(60000));
        const SyncSummary summary = finished.at(0).at(0).value<SyncSummary>();
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(committed.size() >= 4);
        // Progress advanced page by page for every phase.
        QStringList phases;
        int maxMarketPages = 0;
        for (const QList<QVariant> &arguments : std::as_const(progress)) {
            const SyncProgress p = arguments.at(0).value<SyncProgress>();
            if (!phases.contains(SyncState::toText(p.phase)))
                phases.append(SyncState::toText(p.phase));
            if (p.phase == SyncPhase::Markets)
                maxMarketPages = qMax(maxMarketPages, p.page);
        }
        // The snapshot shares the markets listing (one request per page for both), so it follows markets.
        QCOMPARE(phases,
            (QStringList{QStringLiteral("events"), QStringLiteral("markets"), QStringLiteral("snapshot"),
                QStringLiteral("settlements")}));
        QVERIFY(maxMarketPages >= 2);
        QTRY_VERIFY(window->syncNowAction()->isEnabled());
        QVERIFY(!window->cancelAction()->isVisible());

        // The browser shows the stored markets; the status bar counts them.
        window->showPage(MainWindow::Page::Browser);
        const qint64 markets = KmTest::countRows(path, QStringLiteral("markets"));
        QVERIFY(markets > 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            window->statusText().contains(QLocale().toString(markets) + QStringLiteral(" markets")), 10000);
        QVERIFY2(!window->statusText().contains(QStringLiteral("last snapshot none")),
            qPrintable(window->statusText()));
        // Times read like the dashboard's, 24 h with seconds, whatever the locale (en_US's short
        // format says "1:05 AM").
        const QRegularExpression clock(
            QStringLiteral("last snapshot \\d\\d:\\d\\d:\\d\\d \\| Last sync \\d\\d:\\d\\d:\\d\\d \\|"));
        QTRY_VERIFY2(clock.match(window->statusText()).hasMatch(), qPrintable(window->statusText()));
        QAbstractItemModel *marketModel = window->browser()->view(BrowserWidget::MarketsTab)->model();
        QTRY_VERIFY_WITH_TIMEOUT(marketModel->rowCount() > 0, 5000);
        QVERIFY(marketModel->rowCount() <= markets);

        // Chart of a market with one snapshot; a second sync adds the next point live.
        const QString ticker
            = KmTest::queryValue(path, QStringLiteral("SELECT ticker FROM price_snapshots LIMIT 1"))
                  .toString();
        window->chartPanel()->showMarket(ticker);
        QCOMPARE(window->chartPanel()->chart()->pointCount(), 1);
        QTest::qWait(1100); // snapshot times are whole seconds
        finished.clear();
        window->syncNowAction()->trigger();
        QVERIFY(finished.wait(60000));
        QTRY_COMPARE_WITH_TIMEOUT(window->chartPanel()->chart()->pointCount(), 2, 5000);
        QVERIFY(closeAndWait(*window));
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
    }

    // A file of schema version 1 (market ids in market_ids): the writer migrates it on open and
    // the window's readers open only after that, so the browser and the chart read version 2.
    void aVersion1DatabaseOpensMigrated()
    {
        const QString path = newDatabasePath();
        QFile schema(QStringLiteral(":/sql/001_initial.sql"));
        QVERIFY(schema.open(QIODevice::ReadOnly));
        const QByteArray script = "PRAGMA journal_mode = WAL; BEGIN;\n" + schema.readAll()
            + "\nINSERT INTO events(ticker, series_ticker, title, updated_at) VALUES ('E1', 'KX', 'Event', "
              "1);"
              "INSERT INTO markets(ticker, event_ticker, title, status, updated_at) VALUES "
              "('KX-B', 'E1', 'Market B', 'active', 1), ('KX-A', 'E1', 'Market A', 'active', 1);"
              "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid) VALUES "
              "(1, 1790000000, 10000), (2, 1790000000, 20000), (2, 1790000300, 30000), (2, 1790000600, "
              "40000);"
              "PRAGMA user_version = 1; COMMIT;";
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &db), SQLITE_OK);
        const int rc = sqlite3_exec(db, script.constData(), nullptr, nullptr, nullptr);
        sqlite3_close(db);
        QCOMPARE(rc, SQLITE_OK);

        auto window = openWindow(path, QStringLiteral("http://127.0.0.1:9/trade-api/v2"));
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA user_version")).toInt(),
            Schema::currentVersion());
        QCOMPARE(window->logView()->lineCount(LogView::Level::Error), 0);
        const QString updateLine
            = QStringLiteral("from schema version 1 to %1").arg(Schema::currentVersion());
        QVERIFY2(window->logView()->visibleText().count(updateLine) == 1,
            qPrintable(window->logView()->visibleText()));
        window->chartPanel()->showMarket(QStringLiteral("KX-A"));
        QCOMPARE(window->chartPanel()->chart()->pointCount(), 3);
        window->chartPanel()->showMarket(QStringLiteral("KX-B"));
        QCOMPARE(window->chartPanel()->chart()->pointCount(), 1);
        window->showPage(MainWindow::Page::Browser);
        QAbstractItemModel *marketModel = window->browser()->view(BrowserWidget::MarketsTab)->model();
        QTRY_COMPARE_WITH_TIMEOUT(marketModel->rowCount(), 2, 5000);
        QVERIFY(closeAndWait(*window));
    }

    // Opening a market's chart fetches Kalshi's history of it in the background (here from the
    // simulator's candlesticks) and draws it once committed.
    // The API stops answering after a sync: the chart says from the first failed attempt that it
    // cannot reach it and what happens next, not only "Fetching…" until the last attempt fails.
    void chartSaysWhyItsHistoryIsLate()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("5")});
        const QUrl api(simulator->baseUrlString());
        const QString path = newDatabasePath();
        auto window = openWindow(path, api.toString());
        SyncController *sync = window->syncController();
        QSignalSpy synced(sync, &SyncController::syncFinished);
        window->syncNowAction()->trigger();
        QVERIFY(synced.wait(30000));
        QVERIFY(synced.at(0).at(0).value<SyncSummary>().ok);
        const QVariantList tickers
            = KmTest::queryColumn(path, QStringLiteral("SELECT ticker FROM markets ORDER BY ticker"));
        QVERIFY(!tickers.isEmpty());
        const QString ticker = tickers.first().toString();
        simulator.reset(); // nothing listens on its port any more

        QSignalSpy fetched(sync, &SyncController::historyFetched);
        window->chartPanel()->showMarket(ticker);
        const QRegularExpression retrying(
            QStringLiteral("^Fetching Kalshi's history of %1: Can't reach 127\\.0\\.0\\.1:%2 \\(connection "
                           "refused\\) \u2014 attempt 2 of \\d+ in \\d+ s$")
                .arg(QRegularExpression::escape(ticker))
                .arg(api.port()));
        QTRY_VERIFY2_WITH_TIMEOUT(retrying.match(window->chartPanel()->infoText()).hasMatch(),
            qPrintable(window->chartPanel()->infoText()), 5000);
        QCOMPARE(fetched.size(), 0);
        QVERIFY(closeAndWait(*window));
    }

    void openingAChartFetchesItsHistory()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("50"),
            QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        auto window = openWindow(path, simulator->baseUrlString());
        SyncController *sync = window->syncController();
        QSignalSpy synced(sync, &SyncController::syncFinished);
        window->syncNowAction()->trigger();
        QVERIFY(synced.wait(30000));
        QVERIFY(synced.at(0).at(0).value<SyncSummary>().ok);
        QString ticker;
        qint64 openTime = 0;
        qint64 closeTime = 0;
        {
            const QString connection = QStringLiteral("tst_mainwindow_pick");
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
                db.setDatabaseName(path);
                QVERIFY(db.open());
                QSqlQuery query(db);
                // A settled market (the simulator's first ones are): its whole life comes from Kalshi.
                QVERIFY(query.exec(QStringLiteral(
                    "SELECT ticker, open_time, close_time FROM markets ORDER BY ticker LIMIT 1")));
                QVERIFY(query.next());
                ticker = query.value(0).toString();
                openTime = query.value(1).toLongLong();
                closeTime = query.value(2).toLongLong();
            }
            QSqlDatabase::removeDatabase(connection);
        }
        QSignalSpy fetched(sync, &SyncController::historyFetched);
        window->chartPanel()->showMarket(ticker);
        QVERIFY2(window->chartPanel()->infoText().contains(QStringLiteral("Fetching Kalshi's history")),
            qPrintable(window->chartPanel()->infoText()));
        QVERIFY(fetched.wait(30000));
        const auto summary = fetched.at(0).at(1).value<SyncSummary>();
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QVERIFY(summary.rows.candles > 0);
        QTRY_VERIFY_WITH_TIMEOUT(window->chartPanel()->chart()->historyCount() > 0, 5000);
        QVERIFY(window->chartPanel()->infoText().isEmpty());

        // Zoomed into two days of a longer life: those days come in minutes, asked for as a range.
        const qint64 lifeEnd = qMin(closeTime, QDateTime::currentSecsSinceEpoch());
        QVERIFY2(ChartPanel::historyPeriodFor(openTime, closeTime, QDateTime::currentSecsSinceEpoch()) > 1,
            "the simulator's first market should live longer than three days");
        const int before = window->chartPanel()->chart()->historyCount();
        const qint64 from = (openTime + lifeEnd) / 2;
        window->chartPanel()->chart()->setVisibleTimeRange(from, from + 2 * 86400);
        QVERIFY(fetched.wait(30000));
        const auto detail = fetched.at(1).at(0).value<BackfillRequest>();
        QCOMPARE(detail.tickers, QStringList{ticker});
        QCOMPARE(detail.periodMinutes, 1);
        QCOMPARE(detail.since, std::optional<qint64>(qMax(openTime, from - 86400)));
        QCOMPARE(detail.until, std::optional<qint64>(qMin(lifeEnd, from + 3 * 86400)));
        const auto detailSummary = fetched.at(1).at(1).value<SyncSummary>();
        QVERIFY2(detailSummary.ok, qPrintable(detailSummary.error));
        QVERIFY(detailSummary.rows.candles > 0);
        QTRY_VERIFY_WITH_TIMEOUT(window->chartPanel()->chart()->historyCount() > before, 5000);
        QVERIFY(closeAndWait(*window));
    }

    // A demo starts with a watchlist and two rules after its first sync; later syncs add nothing.
    void demoSeedsAWatchlistAndRules()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("100"), QStringLiteral("--settled"),
                QStringLiteral("0"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        MainWindow::Startup startup;
        startup.settings.databasePath = path;
        startup.settings.rateLimit = 0;
        startup.apiBaseOverride = simulator->baseUrlString();
        startup.restoreCollecting = false;
        startup.demo = true;
        auto window = std::make_unique<MainWindow>(startup);
        QSignalSpy opened(window.get(), &MainWindow::databaseOpened);
        window->show();
        QVERIFY(opened.wait(10000));
        QVERIFY(opened.at(0).at(0).toBool());
        QSignalSpy synced(window->syncController(), &SyncController::syncFinished);
        window->syncNowAction()->trigger();
        QVERIFY(synced.wait(30000));
        QTRY_COMPARE_WITH_TIMEOUT(KmTest::countRows(path, QStringLiteral("alert_rules")), qint64(2), 10000);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("watchlist")), qint64(4));
        window->syncNowAction()->trigger();
        QVERIFY(synced.wait(30000));
        QTest::qWait(500);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("watchlist")), qint64(4));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_rules")), qint64(2));
        QVERIFY(window->logView()->visibleText().contains(QStringLiteral("Demo: watching")));
        QVERIFY(closeAndWait(*window));
    }

    void collectionToggleNeverOverlaps()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("4000"), QStringLiteral("--latency-ms"),
                QStringLiteral("60"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        auto window = openWindow(path, simulator->baseUrlString());
        SyncController *sync = window->syncController();
        QStringList sequence;
        connect(sync, &SyncController::syncStarted, this,
            [&sequence](const QString &) { sequence.append(QStringLiteral("start")); });
        connect(sync, &SyncController::syncFinished, this,
            [&sequence](const SyncSummary &) { sequence.append(QStringLiteral("end")); });

        window->collectAction()->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(sync->isBusy(), 10000); // the initial full sync runs
        window->syncNowAction()->trigger(); // Sync now while collecting: queued, not parallel
        window->collectAction()->setChecked(false); // off while the job runs
        QTRY_VERIFY_WITH_TIMEOUT(!sync->isBusy() && !sync->isCollecting(), 30000);
        window->collectAction()->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(sync->isBusy(), 10000);
        QTest::qWait(300);
        window->collectAction()->setChecked(false);
        QTRY_VERIFY_WITH_TIMEOUT(!sync->isBusy() && !sync->isCollecting(), 30000);
        QVERIFY(!window->collectAction()->isChecked());

        QVERIFY(sequence.size() >= 4);
        for (int i = 0; i < sequence.size(); ++i)
            QCOMPARE(sequence.at(i), i % 2 == 0 ? QStringLiteral("start") : QStringLiteral("end"));
        QVERIFY(closeAndWait(*window));
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'running'")), 0);
        QVERIFY(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'cancelled'")) >= 1);
    }

    void closingMidSyncStopsCleanly()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("20000"), QStringLiteral("--latency-ms"),
                QStringLiteral("150"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        auto window = openWindow(path, simulator->baseUrlString());
        QSignalSpy committed(window.get(), &MainWindow::batchCommitted);
        window->syncNowAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(committed.size() >= 2, 20000);
        QVERIFY(window->syncController()->isBusy());
        QVERIFY(closeAndWait(*window));
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'running'")), 0);
        QCOMPARE(
            KmTest::queryValue(path, QStringLiteral("SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1"))
                .toString(),
            QStringLiteral("cancelled"));
        // Every committed page is complete: markets come in whole pages of 1000.
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")) % 1000, 0);
    }

    // Another process holds the write lock when the window closes: the window is gone at once,
    // the pipeline stops while the lock is still held (the writer's deadline is 30 s a page), and
    // the pages that could not be written are reported, not dropped silently.
    void closingWhileAnotherProcessHoldsTheLockReportsLostPages()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("20000"), QStringLiteral("--latency-ms"),
                QStringLiteral("150"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        auto window = openWindow(path, simulator->baseUrlString());
        QSignalSpy committed(window.get(), &MainWindow::batchCommitted);
        window->syncNowAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(committed.size() >= 1, 20000);

        sqlite3 *holder = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &holder), SQLITE_OK);
        auto closeHolder = qScopeGuard([holder] { sqlite3_close(holder); });
        sqlite3_busy_timeout(holder, 30000);
        QCOMPARE(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        const int committedBeforeLock = int(committed.size());
        QTest::qWait(1000); // lets the listing hand more pages to the writer, which now waits
        QVERIFY(window->syncController()->isBusy());

        QSignalSpy stopped(window.get(), &MainWindow::pipelineStopped);
        QSignalSpy lost(window.get(), &MainWindow::pagesLost);
        window->close();
        QVERIFY(!window->isVisible());
        QVERIFY(stopped.wait(20000));
        QVERIFY(window->isPipelineStopped());

        int failed = 0;
        for (qsizetype i = committedBeforeLock; i < committed.size(); ++i)
            failed += committed.at(i).at(0).value<BatchResult>().ok ? 0 : 1;
        QVERIFY(failed >= 1);
        QCOMPARE(lost.size(), 1);
        QCOMPARE(lost.at(0).at(0).toInt(), failed);
        QVERIFY(window->logView()->visibleText().contains(QStringLiteral("could not be written")));

        QCOMPARE(sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
    }

    // Collection remembered in the settings starts only once the database has opened.
    void collectRestoredOnAFileThatCannotBeOpenedDoesNotStart()
    {
        const QString path = newDatabasePath();
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(8192, 'x')); // not a database: refused and left untouched
        }
        MainWindow::Startup startup;
        startup.settings.databasePath = path;
        startup.settings.collection.collecting = true;
        startup.apiBaseOverride = QStringLiteral("http://127.0.0.1:9");
        startup.restoreCollecting = true;
        // The refusal shows a message box: close it as a user would.
        QTimer dismiss;
        connect(&dismiss, &QTimer::timeout, this, [] {
            if (QWidget *modal = QApplication::activeModalWidget())
                modal->close();
        });
        dismiss.start(50);
        auto window = std::make_unique<MainWindow>(startup);
        QSignalSpy opened(window.get(), &MainWindow::databaseOpened);
        window->show();
        QVERIFY(opened.wait(10000));
        QCOMPARE(opened.at(0).at(0).toBool(), false);
        QTest::qWait(200); // a collection started behind the refusal would show by now
        QVERIFY(!window->collectAction()->isChecked());
        QVERIFY(!window->syncController()->isCollecting());
        QVERIFY(!QFile::exists(path + QStringLiteral(".collector.lock")));
        QVERIFY(window->logView()->visibleText().contains(QStringLiteral("Collection not started")));
        QVERIFY(closeAndWait(*window));
    }

    // Settings names the API this session really uses, not only the saved choice ("Production").
    void settingsShowTheApiInUse()
    {
        auto window = openWindow(newDatabasePath(), QStringLiteral("http://127.0.0.1:9/trade-api/v2"));
        QString shown;
        bool found = false;
        QTimer::singleShot(0, this, [&] {
            auto *dialog = qobject_cast<SettingsDialog *>(QApplication::activeModalWidget());
            found = dialog != nullptr;
            if (dialog) {
                shown = dialog->apiInUseText();
                dialog->reject();
            }
        });
        window->settingsAction()->trigger();
        QVERIFY(found);
        QVERIFY2(shown.contains(QStringLiteral("http://127.0.0.1:9/trade-api/v2")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("--api-base")), qPrintable(shown));
        QVERIFY(closeAndWait(*window));
    }

    // Settings > Storage works on the window's writer once the database is open; File > Export
    // offers the browser's view; both let go when the pipeline stops.
    void storageTabAndExportFollowTheDatabase()
    {
        auto window = openWindow(newDatabasePath(), QStringLiteral("http://127.0.0.1:9/trade-api/v2"));
        QVERIFY(window->storageController()->isAttached());
        QVERIFY(window->exportAction()->isEnabled());
        bool previewEnabled = false;
        QTimer::singleShot(0, this, [&] {
            if (auto *dialog = qobject_cast<SettingsDialog *>(QApplication::activeModalWidget())) {
                previewEnabled
                    = dialog->storagePage()->findChild<QPushButton *>(QStringLiteral("preview"))->isEnabled();
                dialog->reject();
            }
        });
        window->settingsAction()->trigger();
        QVERIFY(previewEnabled);
        bool browserOffered = false;
        QTimer::singleShot(0, this, [&] {
            if (auto *dialog = qobject_cast<ExportDialog *>(QApplication::activeModalWidget())) {
                browserOffered
                    = dialog->findChild<QRadioButton *>(QStringLiteral("sourceBrowser"))->isChecked();
                dialog->reject();
            }
        });
        window->exportAction()->trigger();
        QVERIFY(browserOffered);
        StorageController *storage = window->storageController();
        QVERIFY(closeAndWait(*window));
        QVERIFY(!storage->isAttached());
    }

    // A remembered collection whose lock another collector holds says so at launch, naming the
    // holder, in the status bar and the log, and leaves Collect off.
    void rememberedCollectionRefusedByAnotherCollectorSaysSo()
    {
        const QString path = newDatabasePath();
        {
            auto first = openWindow(path, QStringLiteral("http://127.0.0.1:9"));
            QVERIFY(closeAndWait(*first)); // creates the database
        }
        CollectorLock other(path);
        QVERIFY2(other.tryAcquire(), qPrintable(other.errorString()));
        MainWindow::Startup startup;
        startup.settings.databasePath = path;
        startup.settings.collection.collecting = true;
        startup.apiBaseOverride = QStringLiteral("http://127.0.0.1:9");
        startup.restoreCollecting = true;
        auto window = std::make_unique<MainWindow>(startup);
        QSignalSpy opened(window.get(), &MainWindow::databaseOpened);
        window->show();
        QVERIFY(opened.wait(10000));
        QVERIFY(opened.at(0).at(0).toBool());
        const QString pid = QStringLiteral("pid %1").arg(QCoreApplication::applicationPid());
        QTRY_VERIFY2(window->statusText().contains(
                         QStringLiteral("Collection not started: another collector (") + pid),
            qPrintable(window->statusText()));
        QVERIFY(window->logView()->visibleText().contains(QStringLiteral("Collection not started")));
        QVERIFY(!window->collectAction()->isChecked());
        QVERIFY(!window->syncController()->isCollecting());
        QVERIFY(closeAndWait(*window));
    }

    void terminatingTheAppMidSyncExitsCleanly()
    {
        const QString app = KmTest::builtExecutable(QStringLiteral("kalshi-monitor"));
        QVERIFY2(!app.isEmpty(), "kalshi-monitor was not built");
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("20000"), QStringLiteral("--latency-ms"),
                QStringLiteral("150"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        // A settings file that has collection switched on: the app starts its initial sync at once.
        const QString config = m_dir.filePath(QStringLiteral("xdg-config"));
        {
            QSettings settings(
                config + QStringLiteral("/kalshi-monitor/kalshi-monitor.conf"), QSettings::IniFormat);
            settings.setValue(QStringLiteral("collection/collecting"), true);
        }
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(environment);
        process.start(app,
            {QStringLiteral("--db"), path, QStringLiteral("--api-base"), simulator->baseUrlString(),
                QStringLiteral("--lang"), QStringLiteral("en")});
        QVERIFY(process.waitForStarted());
        // Wait until pages are being committed, then terminate as a logout would.
        QTRY_VERIFY_WITH_TIMEOUT(
            KmTest::countRows(path, QStringLiteral("sync_runs WHERE kind = 'markets'")) > 0
                && KmTest::countRows(path, QStringLiteral("markets")) >= 1000,
            30000);
        process.terminate();
        QVERIFY(process.waitForFinished(30000));
        const QByteArray errors = process.readAllStandardError();
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY2(!KmTest::forbiddenWarningPattern().match(QString::fromUtf8(errors)).hasMatch(),
            errors.constData());
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'running'")), 0);
        QVERIFY(!QFile::exists(path + QStringLiteral(".collector.lock")));
    }

    // SIGHUP (treated like SIGTERM) while another process holds the write lock: the app exits
    // while the lock is still held, instead of retrying each queued page until the deadline, and
    // says on stderr which pages it could not write.
    void hangupWhileAnotherProcessHoldsTheLockExitsAndReports()
    {
        const QString app = KmTest::builtExecutable(QStringLiteral("kalshi-monitor"));
        QVERIFY2(!app.isEmpty(), "kalshi-monitor was not built");
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("20000"), QStringLiteral("--latency-ms"),
                QStringLiteral("150"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        const QString config = m_dir.filePath(QStringLiteral("xdg-config-hup"));
        {
            QSettings settings(
                config + QStringLiteral("/kalshi-monitor/kalshi-monitor.conf"), QSettings::IniFormat);
            settings.setValue(QStringLiteral("collection/collecting"), true);
        }
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(environment);
        process.start(app,
            {QStringLiteral("--db"), path, QStringLiteral("--api-base"), simulator->baseUrlString(),
                QStringLiteral("--lang"), QStringLiteral("en")});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(
            KmTest::countRows(path, QStringLiteral("sync_runs WHERE kind = 'markets'")) > 0
                && KmTest::countRows(path, QStringLiteral("markets")) >= 1000,
            30000);
        sqlite3 *holder = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &holder), SQLITE_OK);
        auto closeHolder = qScopeGuard([holder] { sqlite3_close(holder); });
        sqlite3_busy_timeout(holder, 30000);
        QCOMPARE(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        QTest::qWait(1000); // lets the listing hand more pages to the writer, which now waits
        QElapsedTimer timer;
        timer.start();
        ::kill(pid_t(process.processId()), SIGHUP);
        // The writer's deadline is 30 s a page: exiting within 20 s means it gave up at once.
        QVERIFY(process.waitForFinished(20000));
        qInfo("exited %lld ms after SIGHUP with the lock held", timer.elapsed());
        QCOMPARE(sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
        const QByteArray errors = process.readAllStandardError();
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY2(!KmTest::forbiddenWarningPattern().match(QString::fromUtf8(errors)).hasMatch(),
            errors.constData());
        QVERIFY2(errors.contains("could not be written"), errors.constData());
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
        QVERIFY(!QFile::exists(path + QStringLiteral(".collector.lock")));
    }
};

KM_TEST_WIDGETS_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"

// What the window says about the database and the network: the headline and the status bar from
// sync_runs whoever wrote them, and trouble while it happens.
#include <QApplication>

#include "browser/browserwidget.h"
#include "dashboard/dashboardwidget.h"
#include "databasefolder.h"
#include "englishplurals.h"
#include "mainwindow/mainwindow.h"
#include "simulatorprocess.h"
#include "sync/synccontroller.h"
#include "testsupport.h"
#include "windowtesting.h"
#include "writelock.h"

#include <QAction>
#include <QFileInfo>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using KmTest::closeAndWait;

class TstWindowStatus : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("status")};
    EnglishPlurals m_plurals;

    static std::unique_ptr<MainWindow> openWindow(
        const QString &databasePath, const QString &apiBase, bool demo = false)
    {
        MainWindow::Startup startup = KmTest::windowStartup(databasePath, apiBase);
        startup.demo = demo;
        return KmTest::openWindow(startup);
    }

    // Runs kalshi-monitor-cli to its end; its exit code.
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

    static QString localeCount(qint64 count) { return QLocale().toString(count); }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        QVERIFY2(!KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli")).isEmpty(),
            "kalshi-monitor-cli was not built");
        KmTest::useTestSettings(QStringLiteral("tst_windowstatus"), m_dir.filePath(QStringLiteral("config")));
        // These tests close mid-sync to test the shutdown; tst_tray tests the question before it.
        QSettings().setValue(QStringLiteral("window/askBeforeQuit"), false);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCoreApplication::installTranslator(&m_plurals);
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    // A file only the CLI has synced opens with its last sync as the headline, and what another
    // process writes while the window is open (more markets, then a failed sync) shows within the
    // status refresh.
    void headlineAndStatusFollowTheDatabase()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("1500"),
            QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = m_dir.newDatabasePath();
        const QStringList base{QStringLiteral("--db"), path, QStringLiteral("--api-base"),
            simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0")};
        QCOMPARE(runCli(QStringList{QStringLiteral("full-sync")} + base), 0);
        // Each run counts its own kind: the settlements run its settlements, not also the settled
        // markets stored with them (the headline sums these).
        QCOMPARE(
            KmTest::queryValue(path, QStringLiteral("SELECT rows FROM sync_runs WHERE kind = 'settlements'"))
                .toLongLong(),
            KmTest::countRows(path, QStringLiteral("settlements")));
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT rows FROM sync_runs WHERE kind = 'events'"))
                     .toLongLong(),
            KmTest::countRows(path, QStringLiteral("events WHERE is_placeholder = 0")));
        QTest::qWait(1100); // snapshot times are whole seconds: the same second stores nothing new
        QCOMPARE(runCli(QStringList{QStringLiteral("snapshot")} + base), 0);

        auto window = openWindow(path, simulator->baseUrlString());
        const qint64 snapshotRows = KmTest::queryValue(path,
            QStringLiteral("SELECT rows FROM sync_runs WHERE kind = 'snapshot' ORDER BY id DESC LIMIT 1"))
                                        .toLongLong();
        QVERIFY(snapshotRows > 0);
        const QString headline = window->dashboard()->headerText();
        QVERIFY2(headline.startsWith(QStringLiteral("Last sync finished at ")), qPrintable(headline));
        QVERIFY2(headline.contains(
                     QStringLiteral(": a snapshot of %1 markets in ").arg(localeCount(snapshotRows))),
            qPrintable(headline));
        const QRegularExpression lastSync(QStringLiteral("\\| Last sync \\d\\d:\\d\\d:\\d\\d \\|"));
        QVERIFY2(lastSync.match(window->statusText()).hasMatch(), qPrintable(window->statusText()));
        const qint64 markets = KmTest::countRows(path, QStringLiteral("markets"));
        QVERIFY2(window->statusText().contains(localeCount(markets) + QStringLiteral(" markets")),
            qPrintable(window->statusText()));

        // Another process adds markets: the count follows (a read left open would pin the old one).
        auto bigger = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("2600"), QStringLiteral("--seed"),
                QStringLiteral("7"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        QCOMPARE(runCli({QStringLiteral("sync-markets"), QStringLiteral("--db"), path,
                     QStringLiteral("--api-base"), bigger->baseUrlString(), QStringLiteral("--rate-limit"),
                     QStringLiteral("0")}),
            0);
        const qint64 moreMarkets = KmTest::countRows(path, QStringLiteral("markets"));
        QVERIFY(moreMarkets > markets);
        QTRY_VERIFY2_WITH_TIMEOUT(
            window->statusText().contains(localeCount(moreMarkets) + QStringLiteral(" markets")),
            qPrintable(window->statusText()), 15000);
        // The headline counts the markets that sync stored, as its run recorded them.
        const qint64 listed
            = KmTest::queryValue(path, QStringLiteral("SELECT rows FROM sync_runs ORDER BY id DESC LIMIT 1"))
                  .toLongLong();
        QTRY_VERIFY2(window->dashboard()->headerText().contains(
                         QStringLiteral(": %1 markets in ").arg(localeCount(listed))),
            qPrintable(window->dashboard()->headerText()));

        // Another process's sync fails: the headline and the status bar say so, with its error.
        auto broken = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("2600"),
            QStringLiteral("--repeat-cursor-page"), QStringLiteral("2")});
        QVERIFY(runCli({QStringLiteral("sync-markets"), QStringLiteral("--db"), path,
                    QStringLiteral("--api-base"), broken->baseUrlString(), QStringLiteral("--rate-limit"),
                    QStringLiteral("0")})
            != 0);
        const QString error
            = KmTest::queryValue(path, QStringLiteral("SELECT error FROM sync_runs ORDER BY id DESC LIMIT 1"))
                  .toString();
        QVERIFY(!error.isEmpty());
        QTRY_VERIFY2_WITH_TIMEOUT(
            window->dashboard()->headerText().startsWith(QStringLiteral("Last sync failed at ")),
            qPrintable(window->dashboard()->headerText()), 15000);
        QVERIFY2(window->dashboard()->headerText().endsWith(QStringLiteral(": ") + error),
            qPrintable(window->dashboard()->headerText()));
        QVERIFY2(window->statusText().contains(QStringLiteral("| Last sync failed at ")),
            qPrintable(window->statusText()));
        QVERIFY(closeAndWait(*window));

        // Opened again, the window starts from the failure, not from "No sync has run yet".
        window = openWindow(path, simulator->baseUrlString());
        QVERIFY2(window->dashboard()->headerText().startsWith(QStringLiteral("Last sync failed at ")),
            qPrintable(window->dashboard()->headerText()));
        QVERIFY(closeAndWait(*window));
    }

    // Every request refused: from the first failed attempt the dashboard says what is wrong and
    // what happens next; after the last attempt, a hint and a Retry button that syncs again.
    void connectionRefusedIsShownAsItHappens()
    {
        quint16 port = 0;
        {
            QTcpServer server;
            QVERIFY(server.listen(QHostAddress::LocalHost));
            port = server.serverPort();
        }
        const QString server = QStringLiteral("127.0.0.1:%1").arg(port);
        auto window = openWindow(m_dir.newDatabasePath(), QStringLiteral("http://") + server);
        DashboardWidget *dashboard = window->dashboard();
        QVERIFY(dashboard->troubleText().isEmpty());
        QSignalSpy finished(window->syncController(), &SyncController::syncFinished);
        window->syncNowAction()->trigger();
        const QRegularExpression retrying(
            QStringLiteral("^Can't reach %1 \\(connection refused\\) \u2014 attempt 2 "
                           "of 6 in \\d+ s$")
                .arg(QRegularExpression::escape(server)));
        QTRY_VERIFY2(
            retrying.match(dashboard->troubleText()).hasMatch(), qPrintable(dashboard->troubleText()));
        QVERIFY(!dashboard->isRetryOffered());
        // Nothing beside it says all is well.
        const auto *lastError = dashboard->findChild<QLabel *>(QStringLiteral("lastError"));
        QVERIFY(lastError);
        QVERIFY2(!lastError->isVisibleTo(dashboard), qPrintable(lastError->text()));

        // Backoff 1 + 2 + 4 + 8 + 16 s at most between the six attempts.
        QVERIFY(finished.wait(60000));
        const QString failure = dashboard->troubleText();
        QVERIFY2(failure.startsWith(QStringLiteral("Full sync failed at ")), qPrintable(failure));
        QVERIFY2(failure.contains(
                     QStringLiteral(": Can't reach %1 (connection refused) (gave up after 6 attempts)\n"
                                    "Check the API address in Settings")
                         .arg(server)),
            qPrintable(failure));
        QVERIFY(dashboard->isRetryOffered());
        QVERIFY(dashboard->headerText().startsWith(QStringLiteral("Last sync failed at ")));

        finished.clear();
        auto *retry = dashboard->findChild<QPushButton *>(QStringLiteral("retrySync"));
        QVERIFY(retry);
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_VERIFY(window->cancelAction()->isVisible());
        QVERIFY(!dashboard->isRetryOffered());
        QTRY_VERIFY2(
            retrying.match(dashboard->troubleText()).hasMatch(), qPrintable(dashboard->troubleText()));
        window->cancelAction()->trigger();
        QVERIFY(finished.wait(30000));
        QVERIFY(closeAndWait(*window));
    }

    // Kalshi's rate limit: the dashboard says it is waiting, and once a page comes through it says
    // nothing more.
    void rateLimitIsShownWhileItLasts()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("3000"), QStringLiteral("--fail-429-every"),
                QStringLiteral("3"), QStringLiteral("--retry-after"), QStringLiteral("2")});
        auto window = openWindow(m_dir.newDatabasePath(), simulator->baseUrlString());
        DashboardWidget *dashboard = window->dashboard();
        QSignalSpy finished(window->syncController(), &SyncController::syncFinished);
        window->syncNowAction()->trigger();
        const QRegularExpression waiting(
            QStringLiteral("^Kalshi is limiting our requests \u2014 waiting [12] s$"));
        QTRY_VERIFY2_WITH_TIMEOUT(
            waiting.match(dashboard->troubleText()).hasMatch(), qPrintable(dashboard->troubleText()), 20000);
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.at(0).at(0).value<SyncSummary>().ok,
            qPrintable(finished.at(0).at(0).value<SyncSummary>().error));
        QCOMPARE(dashboard->troubleText(), QString());
        QVERIFY(closeAndWait(*window));
    }

    // Another program holds the database's write lock: the window says it waits for it, and stops
    // saying so once the lock is free and the pages commit.
    void databaseBusyIsShown()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("1500")});
        const QString path = m_dir.newDatabasePath();
        auto window = openWindow(path, simulator->baseUrlString());
        DashboardWidget *dashboard = window->dashboard();
        KmTest::WriteLock lock(path);
        QVERIFY2(lock.isHeld(), qPrintable(lock.error()));
        QSignalSpy finished(window->syncController(), &SyncController::syncFinished);
        window->syncNowAction()->trigger();
        QTRY_VERIFY2_WITH_TIMEOUT(dashboard->troubleText().startsWith(QStringLiteral(
                                      "The database is locked by another program: waiting for it")),
            qPrintable(dashboard->troubleText()), 15000);
        QVERIFY(window->statusText().startsWith(QStringLiteral("Waiting for the database")));
        QVERIFY(lock.release());
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.at(0).at(0).value<SyncSummary>().ok,
            qPrintable(finished.at(0).at(0).value<SyncSummary>().error));
        QCOMPARE(dashboard->troubleText(), QString());
        QVERIFY(closeAndWait(*window));
    }

    // A first launch: nothing stored, no sync run. Dashboard and Browser say how to start; the
    // title names the file (the platform adds the application's name).
    void emptyDatabaseSaysHowToStart()
    {
        const QString path = m_dir.newDatabasePath();
        auto window = openWindow(path, QStringLiteral("http://127.0.0.1:9"));
        const QString hint
            = QStringLiteral("No data yet \u2014 press Sync Now (F5) to download Kalshi's markets");
        QCOMPARE(window->dashboard()->headerText(), hint);
        window->showPage(MainWindow::Page::Browser);
        QTRY_COMPARE(window->browser()->message(), hint);
        QCOMPARE(window->windowTitle(), QFileInfo(path).fileName());
        QVERIFY(closeAndWait(*window));

        auto demo = openWindow(m_dir.newDatabasePath(), QStringLiteral("http://127.0.0.1:9"), true);
        QVERIFY2(demo->windowTitle().startsWith(QStringLiteral("Demo")), qPrintable(demo->windowTitle()));
        QVERIFY2(
            !demo->windowTitle().contains(QStringLiteral("Kalshi Monitor")), qPrintable(demo->windowTitle()));
        QVERIFY(closeAndWait(*demo));
    }

    // Ctrl+, opens Settings, as on other desktops (QKeySequence::Preferences is empty on plain X11).
    void settingsHaveCtrlComma()
    {
        auto window = openWindow(m_dir.newDatabasePath(), QStringLiteral("http://127.0.0.1:9"));
        QAction *settings = nullptr;
        for (QAction *action : window->findChildren<QAction *>()) {
            if (action->text() == QStringLiteral("S&ettings\u2026"))
                settings = action;
        }
        QVERIFY(settings);
        QVERIFY(settings->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)));
        QVERIFY(closeAndWait(*window));
    }
};

KM_TEST_WIDGETS_MAIN(TstWindowStatus)
#include "tst_windowstatus.moc"

// Closing the window while collecting: hidden to the tray (or a question where there is no tray),
// collection goes on; quitting while work runs asks first; failures raise a desktop notification.
#include <QApplication>

#include "databasefolder.h"
#include "mainwindow/mainwindow.h"
#include "mainwindow/trayicon.h"
#include "simulatorprocess.h"
#include "sync/synccontroller.h"
#include "testsupport.h"
#include "windowtesting.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QFile>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>

namespace {

// Answers the next modal message box: ticks its checkbox if asked, clicks the button whose text
// (without '&') is `button`, and keeps what it asked. Lives in the test's thread.
class DialogAnswerer final : public QObject
{
public:
    explicit DialogAnswerer(const QString &button, bool tickCheckBox = false)
        : m_button(button)
        , m_tickCheckBox(tickCheckBox)
    {
        m_poll.setInterval(20);
        QObject::connect(&m_poll, &QTimer::timeout, this, [this] { answer(); });
        m_poll.start();
    }

    int questionsAnswered() const { return m_questions.size(); }
    QString lastQuestion() const { return m_questions.value(m_questions.size() - 1); }
    bool lastHadCheckBox() const { return m_lastHadCheckBox; }

private:
    void answer()
    {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || box == m_answered)
            return;
        m_answered = box;
        m_questions.append(box->text());
        m_lastHadCheckBox = box->checkBox() != nullptr;
        if (m_tickCheckBox && box->checkBox())
            box->checkBox()->setChecked(true);
        for (QAbstractButton *button : box->buttons()) {
            if (button->text().remove(QLatin1Char('&')) == m_button) {
                button->click();
                return;
            }
        }
        qWarning("no button %s in the question \"%s\"", qPrintable(m_button), qPrintable(box->text()));
        box->reject();
    }

    QString m_button;
    bool m_tickCheckBox;
    QTimer m_poll;
    QPointer<QMessageBox> m_answered;
    QStringList m_questions;
    bool m_lastHadCheckBox = false;
};

} // namespace

class TstTray : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("tray")};

    // A window whose tray availability the test decides; snapshots every second while collecting.
    static std::unique_ptr<MainWindow> openWindow(
        const QString &databasePath, const QString &apiBase, bool trayAvailable, bool initialSync = true)
    {
        MainWindow::Startup startup = KmTest::windowStartup(databasePath, apiBase);
        startup.settings.collection = CollectionSettings::defaults();
        startup.settings.collection.jobs[QStringLiteral("snapshot")].intervalMs = 1000;
        startup.settings.collection.initialSync = initialSync;
        startup.systemTrayAvailable = [trayAvailable] { return trayAvailable; };
        return KmTest::openWindow(startup);
    }

    static qint64 storedSnapshots(const QString &path)
    {
        return KmTest::countRows(path, QStringLiteral("sync_runs WHERE kind = 'snapshot' AND status = 'ok'"));
    }

    // Collection on, its initial sync done and a snapshot stored.
    static bool startCollecting(MainWindow &window, const QString &path)
    {
        window.collectAction()->setChecked(true);
        return QTest::qWaitFor(
            [&] { return window.syncController()->isCollecting() && storedSnapshots(path) > 0; }, 60000);
    }

    // The process state after a quit: threads gone, lock released, no run left open, file sound.
    static void verifyStoppedCleanly(MainWindow &window, const QString &path)
    {
        QVERIFY(window.isPipelineStopped());
        QVERIFY(!window.isVisible());
        QVERIFY(!QFile::exists(path + QStringLiteral(".collector.lock")));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'running'")), 0);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
    }

    std::unique_ptr<SimulatorProcess> startSimulator()
    {
        return KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("800"), QStringLiteral("--settled"),
                QStringLiteral("50"), QStringLiteral("--tick-seconds"), QStringLiteral("1")});
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        KmTest::useTestSettings(QStringLiteral("tst_tray"), m_dir.filePath(QStringLiteral("config")));
    }
    void init()
    {
        KmTest::failOnForbiddenWarnings();
        QSettings().clear();
    }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    // With a tray, closing while collecting only hides the window: snapshots go on being stored,
    // a notice says so once (also after a restart), and Quit from the tray's menu stops it all.
    void closingWhileCollectingHidesToTheTray()
    {
        auto simulator = startSimulator();
        const QString path = m_dir.newDatabasePath();
        auto window = openWindow(path, simulator->baseUrlString(), true);
        QSignalSpy notified(window->trayIcon(), &TrayIcon::notified);
        QVERIFY(startCollecting(*window, path));
        // The tray tells the state and, once the initial sync is over, the last sync. (Not busy alone
        // is no sign of that: the collector may not have started its initial sync yet.)
        QTRY_VERIFY2_WITH_TIMEOUT(window->trayIcon()->state() == TrayIcon::State::Collecting
                && !window->syncController()->isBusy()
                && window->trayIcon()->toolTip().contains(QStringLiteral("Last sync ")),
            qPrintable(window->trayIcon()->toolTip()), 30000);
        QVERIFY2(window->trayIcon()->toolTip().startsWith(QStringLiteral("Kalshi Monitor: Collection on\n")),
            qPrintable(window->trayIcon()->toolTip()));

        {
            DialogAnswerer answerer(
                QStringLiteral("Cancel")); // none expected; a question must not hang the test
            window->close();
            QCOMPARE(answerer.questionsAnswered(), 0);
        }
        QVERIFY(!window->isVisible());
        QVERIFY(!window->isPipelineStopped());
        QCOMPARE(notified.size(), 1);
        QVERIFY2(notified.at(0).at(1).toString().contains(QStringLiteral("collection goes on")),
            qPrintable(notified.at(0).at(1).toString()));
        QVERIFY(QSettings().value(QStringLiteral("window/trayNoticeShown")).toBool());
        const qint64 snapshotsWhenClosed = storedSnapshots(path);
        QTRY_VERIFY_WITH_TIMEOUT(storedSnapshots(path) >= snapshotsWhenClosed + 2, 30000);
        QVERIFY(window->syncController()->isCollecting());
        QVERIFY(window->collectAction()->isChecked());

        // Shown again from the tray and closed again: hidden, no second notice.
        window->trayIcon()->showWindowAction()->trigger();
        QVERIFY(window->isVisible());
        {
            DialogAnswerer answerer(QStringLiteral("Cancel"));
            window->close();
            QCOMPARE(answerer.questionsAnswered(), 0);
        }
        QVERIFY(!window->isVisible());
        QCOMPARE(notified.size(), 1);

        // The tray's menu offers Quit; it asks (collection runs) and then stops everything.
        QVERIFY(window->trayIcon()->menu()->actions().contains(window->quitAction()));
        QVERIFY(window->trayIcon()->menu()->actions().contains(window->syncNowAction()));
        QVERIFY(window->trayIcon()->menu()->actions().contains(window->collectAction()));
        QSignalSpy stopped(window.get(), &MainWindow::pipelineStopped);
        {
            DialogAnswerer answerer(QStringLiteral("Quit"));
            window->quitAction()->trigger();
            QCOMPARE(answerer.questionsAnswered(), 1);
        }
        QVERIFY(stopped.wait(30000));
        verifyStoppedCleanly(*window, path);
        window.reset();

        // The notice was a one-time one: a new window hiding to the tray says nothing.
        auto again = openWindow(path, simulator->baseUrlString(), true);
        QSignalSpy notifiedAgain(again->trayIcon(), &TrayIcon::notified);
        QVERIFY(startCollecting(*again, path));
        {
            DialogAnswerer answerer(QStringLiteral("Cancel"));
            again->close();
            QCOMPARE(answerer.questionsAnswered(), 0);
        }
        QVERIFY(!again->isVisible());
        QVERIFY(!again->isPipelineStopped());
        QCOMPARE(notifiedAgain.size(), 0);
        QSignalSpy stoppedAgain(again.get(), &MainWindow::pipelineStopped);
        again->quit(MainWindow::QuitPrompt::DontAsk);
        QVERIFY(stoppedAgain.wait(30000));
        verifyStoppedCleanly(*again, path);
    }

    // Quit asks while collection runs, not when idle; Cancel keeps everything running, and
    // "Don't ask again" is remembered for the next window.
    void quitAsksWhileCollectingUnlessToldNotTo()
    {
        auto simulator = startSimulator();
        const QString path = m_dir.newDatabasePath();
        {
            auto idle = openWindow(path, simulator->baseUrlString(), true);
            QSignalSpy stopped(idle.get(), &MainWindow::pipelineStopped);
            DialogAnswerer answerer(QStringLiteral("Cancel"));
            idle->quitAction()->trigger();
            QVERIFY(stopped.wait(30000));
            QCOMPARE(answerer.questionsAnswered(), 0);
            verifyStoppedCleanly(*idle, path);
        }

        auto window = openWindow(path, simulator->baseUrlString(), true);
        QVERIFY(startCollecting(*window, path));
        {
            DialogAnswerer answerer(QStringLiteral("Cancel"));
            window->quitAction()->trigger();
            QCOMPARE(answerer.questionsAnswered(), 1);
            QVERIFY2(answerer.lastQuestion().contains(QStringLiteral("Collection is running")),
                qPrintable(answerer.lastQuestion()));
            QVERIFY(answerer.lastHadCheckBox());
        }
        QVERIFY(window->isVisible());
        QVERIFY(!window->isPipelineStopped());
        QVERIFY(window->syncController()->isCollecting());

        QSignalSpy stopped(window.get(), &MainWindow::pipelineStopped);
        {
            DialogAnswerer answerer(QStringLiteral("Quit"), true);
            window->quitAction()->trigger();
            QCOMPARE(answerer.questionsAnswered(), 1);
        }
        QVERIFY(stopped.wait(30000));
        verifyStoppedCleanly(*window, path);
        QCOMPARE(QSettings().value(QStringLiteral("window/askBeforeQuit")).toBool(), false);
        window.reset();

        auto untroubled = openWindow(path, simulator->baseUrlString(), true);
        QVERIFY(startCollecting(*untroubled, path));
        QSignalSpy stoppedUntroubled(untroubled.get(), &MainWindow::pipelineStopped);
        DialogAnswerer answerer(QStringLiteral("Cancel"));
        untroubled->quitAction()->trigger();
        QVERIFY(stoppedUntroubled.wait(30000));
        QCOMPARE(answerer.questionsAnswered(), 0);
        verifyStoppedCleanly(*untroubled, path);
    }

    // A sync running without collection: Quit asks too.
    void quitAsksWhileASyncRuns()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("20000"), QStringLiteral("--latency-ms"),
                QStringLiteral("150"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = m_dir.newDatabasePath();
        auto window = openWindow(path, simulator->baseUrlString(), false);
        window->syncNowAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window->syncController()->isBusy(), 10000);
        QSignalSpy stopped(window.get(), &MainWindow::pipelineStopped);
        DialogAnswerer answerer(QStringLiteral("Quit"));
        window->close();
        QCOMPARE(answerer.questionsAnswered(), 1);
        QVERIFY2(answerer.lastQuestion().contains(QStringLiteral("A sync is running")),
            qPrintable(answerer.lastQuestion()));
        QVERIFY(stopped.wait(30000));
        verifyStoppedCleanly(*window, path);
    }

    // Without a tray, closing while collecting asks: keep collecting (minimized), cancel, or quit.
    void closingWithoutATrayAsks()
    {
        auto simulator = startSimulator();
        const QString path = m_dir.newDatabasePath();
        auto window = openWindow(path, simulator->baseUrlString(), false);
        QVERIFY(startCollecting(*window, path));
        {
            DialogAnswerer answerer(QStringLiteral("Keep Collecting"));
            window->close();
            QCOMPARE(answerer.questionsAnswered(), 1);
            QVERIFY2(answerer.lastQuestion().contains(QStringLiteral("Keep collecting")),
                qPrintable(answerer.lastQuestion()));
        }
        QVERIFY(window->isMinimized());
        QVERIFY(!window->isPipelineStopped());
        const qint64 snapshotsWhenMinimized = storedSnapshots(path);
        QTRY_VERIFY_WITH_TIMEOUT(storedSnapshots(path) >= snapshotsWhenMinimized + 2, 30000);
        QVERIFY(window->syncController()->isCollecting());

        window->showNormal();
        {
            DialogAnswerer answerer(QStringLiteral("Cancel"));
            window->close();
            QCOMPARE(answerer.questionsAnswered(), 1);
        }
        QVERIFY(window->isVisible());
        QVERIFY(!window->isMinimized());
        QVERIFY(window->syncController()->isCollecting());

        // Quit there is the confirmation: no second question.
        QSignalSpy stopped(window.get(), &MainWindow::pipelineStopped);
        {
            DialogAnswerer answerer(QStringLiteral("Quit"));
            window->close();
            QCOMPARE(answerer.questionsAnswered(), 1);
        }
        QVERIFY(stopped.wait(30000));
        verifyStoppedCleanly(*window, path);
    }

    // A sync or collection job that fails while the window is not the active one raises a
    // notification, once while it keeps failing; while the user looks at the window it does not.
    void failedSyncNotifiesWhenTheWindowIsInactive()
    {
        auto broken = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("2600"),
            QStringLiteral("--repeat-cursor-page"), QStringLiteral("2")});
        const QString path = m_dir.newDatabasePath();
        auto window = openWindow(path, broken->baseUrlString(), true, false);
        QSignalSpy notified(window->trayIcon(), &TrayIcon::notified);
        QSignalSpy finished(window->syncController(), &SyncController::syncFinished);

        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        window->syncNowAction()->trigger();
        QVERIFY(finished.wait(60000));
        QVERIFY(!finished.at(0).at(0).value<SyncSummary>().ok);
        QCOMPARE(notified.size(), 0);

        QWidget other;
        other.show();
        other.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&other));
        QVERIFY(!window->isActiveWindow());
        finished.clear();
        window->syncNowAction()->trigger();
        QVERIFY(finished.wait(60000));
        const SyncSummary summary = finished.at(0).at(0).value<SyncSummary>();
        QVERIFY(!summary.ok && !summary.cancelled);
        QCOMPARE(notified.size(), 1);
        QCOMPARE(notified.at(0).at(0).toString(), QStringLiteral("Full sync failed"));
        // A repeated cursor has no plainer words than its own (SyncFormat::storedError).
        QCOMPARE(notified.at(0).at(1).toString(), summary.error);

        // Failing again, it does not notify again.
        finished.clear();
        window->syncNowAction()->trigger();
        QVERIFY(finished.wait(60000));
        QVERIFY(!finished.at(0).at(0).value<SyncSummary>().ok);
        QCOMPARE(notified.size(), 1);

        // A collection job failing notifies under its own name.
        window->collectAction()->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(notified.size() == 2, 30000);
        QCOMPARE(notified.at(1).at(0).toString(), QStringLiteral("Snapshot failed"));
        window->collectAction()->setChecked(false);
        QTRY_VERIFY_WITH_TIMEOUT(
            !window->syncController()->isCollecting() && !window->syncController()->isBusy(), 30000);

        QSignalSpy stopped(window.get(), &MainWindow::pipelineStopped);
        DialogAnswerer answerer(QStringLiteral("Quit"));
        window->close();
        QCOMPARE(answerer.questionsAnswered(), 0); // idle: nothing to ask
        QVERIFY(stopped.wait(30000));
        verifyStoppedCleanly(*window, path);
    }
};

KM_TEST_WIDGETS_MAIN(TstTray)
#include "tst_tray.moc"

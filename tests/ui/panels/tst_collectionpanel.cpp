#include <QApplication>

#include "collect/duration.h"
#include "collection/collectionpanel.h"
#include "englishplurals.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

namespace {

constexpr qint64 minute = 60 * 1000;

JobState job(const QString &name, qint64 intervalMs, bool enabled = true)
{
    JobState state;
    state.name = name;
    state.intervalMs = intervalMs;
    state.enabled = enabled;
    return state;
}

QList<JobState> standardJobs()
{
    return {job(QStringLiteral("snapshot"), 15 * minute), job(QStringLiteral("markets"), 60 * minute),
        job(QStringLiteral("settlements"), 6 * 60 * minute), job(QStringLiteral("full-sync"), 0)};
}

} // namespace

class TstCollectionPanel : public QObject
{
    Q_OBJECT

private:
    EnglishPlurals m_plurals;

    template <typename T> static T *child(const CollectionPanel &panel, const QString &name)
    {
        T *widget = panel.findChild<T *>(name);
        if (!widget)
            qFatal("no child %s", qPrintable(name));
        return widget;
    }
    static QString labelText(const CollectionPanel &panel, const QString &name)
    {
        return child<QLabel>(panel, name)->text();
    }
    static void enterText(QLineEdit *edit, const QString &text)
    {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, text);
        QTest::keyClick(edit, Qt::Key_Return);
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCoreApplication::installTranslator(&m_plurals);
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void showsIntervals_data()
    {
        QTest::addColumn<QString>("job");
        QTest::addColumn<qint64>("intervalMs");
        QTest::addColumn<QString>("shown");
        QTest::newRow("snapshot 15m") << QStringLiteral("snapshot") << 15 * minute << QStringLiteral("15m");
        QTest::newRow("markets 1h") << QStringLiteral("markets") << 60 * minute << QStringLiteral("1h");
        QTest::newRow("settlements 6h")
            << QStringLiteral("settlements") << 6 * 60 * minute << QStringLiteral("6h");
        QTest::newRow("snapshot 20s") << QStringLiteral("snapshot") << qint64(20000) << QStringLiteral("20s");
        QTest::newRow("markets 90m") << QStringLiteral("markets") << 90 * minute << QStringLiteral("90m");
    }

    void showsIntervals()
    {
        QFETCH(QString, job);
        QFETCH(qint64, intervalMs);
        QFETCH(QString, shown);
        CollectionPanel panel;
        QList<JobState> states = standardJobs();
        for (JobState &state : states) {
            if (state.name == job)
                state.intervalMs = intervalMs;
        }
        panel.setJobStates(states);
        QCOMPARE(child<QLineEdit>(panel, QLatin1String("interval:") + job)->text(), shown);
        QVERIFY(child<QLineEdit>(panel, QLatin1String("interval:") + job)->isEnabled());
    }

    void rowsBeforeAndAfterStates()
    {
        CollectionPanel panel;
        const QStringList expected = {QStringLiteral("snapshot"), QStringLiteral("markets"),
            QStringLiteral("settlements"), QStringLiteral("watchlist"), QStringLiteral("full-sync")};
        QCOMPARE(panel.jobs(), expected);
        // Nothing to edit until the scheduler has said what the jobs are.
        QVERIFY(!child<QLineEdit>(panel, QStringLiteral("interval:snapshot"))->isEnabled());
        QVERIFY(!panel.jobState(QStringLiteral("snapshot")));
        panel.setJobStates(standardJobs());
        QVERIFY(panel.jobState(QStringLiteral("snapshot")));
        QCOMPARE(panel.jobState(QStringLiteral("snapshot"))->intervalMs, 15 * minute);

        // The manual full sync has no interval or enabled box.
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(!child<QLineEdit>(panel, QStringLiteral("interval:full-sync"))->isVisible());
        QVERIFY(!child<QCheckBox>(panel, QStringLiteral("enabled:full-sync"))->isVisible());
        QVERIFY(child<QLineEdit>(panel, QStringLiteral("interval:snapshot"))->isVisible());
        QCOMPARE(CollectionPanel::jobTitle(QStringLiteral("full-sync")),
            QStringLiteral("Full sync (manual / initial)"));

        // Unknown jobs get a row of their own.
        panel.updateJobState(job(QStringLiteral("orderbook"), 5 * minute));
        QCOMPARE(panel.jobs().size(), 6);
        QCOMPARE(child<QLineEdit>(panel, QStringLiteral("interval:orderbook"))->text(), QStringLiteral("5m"));
    }

    void editInterval_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<qint64>("emittedMs"); // 0: nothing emitted
        QTest::addColumn<bool>("error");
        QTest::addColumn<QString>("shownAfter");
        QTest::newRow("20s") << QStringLiteral("20s") << qint64(20000) << false << QStringLiteral("20s");
        QTest::newRow("2h with spaces")
            << QStringLiteral(" 2h ") << qint64(7200000) << false << QStringLiteral("2h");
        QTest::newRow("bare minutes")
            << QStringLiteral("30") << qint64(1800000) << false << QStringLiteral("30m");
        QTest::newRow("120m normalised")
            << QStringLiteral("120m") << qint64(7200000) << false << QStringLiteral("2h");
        QTest::newRow("unchanged") << QStringLiteral("15m") << qint64(0) << false << QStringLiteral("15m");
        QTest::newRow("5x") << QStringLiteral("5x") << qint64(0) << true << QStringLiteral("15m");
        QTest::newRow("zero") << QStringLiteral("0s") << qint64(0) << true << QStringLiteral("15m");
        QTest::newRow("negative") << QStringLiteral("-5m") << qint64(0) << true << QStringLiteral("15m");
        QTest::newRow("empty") << QString() << qint64(0) << true << QStringLiteral("15m");
    }

    void editInterval()
    {
        QFETCH(QString, typed);
        QFETCH(qint64, emittedMs);
        QFETCH(bool, error);
        QFETCH(QString, shownAfter);

        CollectionPanel panel;
        panel.setJobStates(standardJobs());
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy intervals(&panel, &CollectionPanel::intervalChanged);
        QLineEdit *edit = child<QLineEdit>(panel, QStringLiteral("interval:snapshot"));
        enterText(edit, typed);

        if (emittedMs > 0) {
            QCOMPARE(intervals.size(), 1);
            QCOMPARE(intervals.at(0).at(0).toString(), QStringLiteral("snapshot"));
            QCOMPARE(intervals.at(0).at(1).toLongLong(), emittedMs);
            QCOMPARE(panel.jobState(QStringLiteral("snapshot"))->intervalMs, emittedMs);
        } else {
            QCOMPARE(intervals.size(), 0);
            QCOMPARE(panel.jobState(QStringLiteral("snapshot"))->intervalMs, 15 * minute);
        }
        QCOMPARE(edit->text(), shownAfter);
        QCOMPARE(!panel.intervalError().isEmpty(), error);
        QCOMPARE(child<QLabel>(panel, QStringLiteral("intervalError"))->isVisible(), error);
        if (error && !typed.isEmpty())
            QVERIFY2(panel.intervalError().contains(typed.trimmed()), qPrintable(panel.intervalError()));

        // Leaving the field again neither emits twice nor changes the verdict.
        edit->clearFocus();
        QCOMPARE(intervals.size(), emittedMs > 0 ? 1 : 0);
    }

    void validEditClearsError()
    {
        CollectionPanel panel;
        panel.setJobStates(standardJobs());
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QLineEdit *edit = child<QLineEdit>(panel, QStringLiteral("interval:markets"));
        enterText(edit, QStringLiteral("5x"));
        QVERIFY(!panel.intervalError().isEmpty());
        QCOMPARE(edit->text(), QStringLiteral("1h"));
        enterText(edit, QStringLiteral("45m"));
        QVERIFY(panel.intervalError().isEmpty());
    }

    void schedulerEchoDoesNotEmit()
    {
        CollectionPanel panel;
        QSignalSpy intervals(&panel, &CollectionPanel::intervalChanged);
        QSignalSpy enabled(&panel, &CollectionPanel::enabledChanged);
        panel.setJobStates(standardJobs());
        JobState changed = job(QStringLiteral("snapshot"), 20000, false);
        panel.updateJobState(changed);
        QCOMPARE(child<QLineEdit>(panel, QStringLiteral("interval:snapshot"))->text(), QStringLiteral("20s"));
        QVERIFY(!child<QCheckBox>(panel, QStringLiteral("enabled:snapshot"))->isChecked());
        QCOMPARE(intervals.size(), 0);
        QCOMPARE(enabled.size(), 0);
    }

    void toggleEnabled()
    {
        CollectionPanel panel;
        panel.setJobStates(standardJobs());
        QSignalSpy enabled(&panel, &CollectionPanel::enabledChanged);
        QCheckBox *box = child<QCheckBox>(panel, QStringLiteral("enabled:markets"));
        QVERIFY(box->isChecked());
        box->click();
        QCOMPARE(enabled.size(), 1);
        QCOMPARE(enabled.at(0).at(0).toString(), QStringLiteral("markets"));
        QCOMPARE(enabled.at(0).at(1).toBool(), false);
        QCOMPARE(panel.jobState(QStringLiteral("markets"))->enabled, false);
        box->click();
        QCOMPARE(enabled.size(), 2);
        QCOMPARE(enabled.at(1).at(1).toBool(), true);
    }

    void countdownText_data()
    {
        QTest::addColumn<qint64>("msLeft");
        QTest::addColumn<QString>("text");
        QTest::newRow("90 s") << qint64(90000) << QStringLiteral("in 1:30");
        QTest::newRow("rounds up") << qint64(89001) << QStringLiteral("in 1:30");
        QTest::newRow("4:32") << qint64(272000) << QStringLiteral("in 4:32");
        QTest::newRow("last ms") << qint64(1) << QStringLiteral("in 0:01");
        QTest::newRow("hours") << qint64(3723000) << QStringLiteral("in 1:02:03");
        QTest::newRow("one day") << qint64(86400000 + 3 * 3600000) << QStringLiteral("in 1 day 3 h");
        QTest::newRow("days") << qint64(2 * 86400000) << QStringLiteral("in 2 days 0 h");
        QTest::newRow("now") << qint64(0) << QStringLiteral("due");
        QTest::newRow("past") << qint64(-5000) << QStringLiteral("due");
    }

    void countdownText()
    {
        QFETCH(qint64, msLeft);
        QFETCH(QString, text);
        QCOMPARE(CollectionPanel::countdownText(msLeft), text);
    }

    void countdownLabel()
    {
        CollectionPanel panel;
        panel.setCollecting(true);
        QList<JobState> states = standardJobs();
        states[0].nextRun = QDateTime::currentDateTime().addSecs(90);
        states[1].nextRun = QDateTime::currentDateTime().addSecs(-3);
        states[2].nextRun = QDateTime::currentDateTime().addSecs(600);
        states[2].enabled = false;
        panel.setJobStates(states);
        const QString snapshot = labelText(panel, QStringLiteral("nextRun:snapshot"));
        QVERIFY2(snapshot == QStringLiteral("in 1:30") || snapshot == QStringLiteral("in 1:29"),
            qPrintable(snapshot));
        QCOMPARE(labelText(panel, QStringLiteral("nextRun:markets")), QStringLiteral("due"));
        QCOMPARE(labelText(panel, QStringLiteral("nextRun:settlements")), QStringLiteral("\u2014"));
        QCOMPARE(labelText(panel, QStringLiteral("nextRun:full-sync")), QStringLiteral("\u2014"));

        // The countdown moves on by itself once a second.
        QTRY_VERIFY2_WITH_TIMEOUT(
            labelText(panel, QStringLiteral("nextRun:snapshot")) == QStringLiteral("in 1:28"),
            qPrintable(labelText(panel, QStringLiteral("nextRun:snapshot"))), 4000);

        // Unchecking a job blanks its countdown at once.
        child<QCheckBox>(panel, QStringLiteral("enabled:snapshot"))->click();
        QCOMPARE(labelText(panel, QStringLiteral("nextRun:snapshot")), QStringLiteral("\u2014"));

        panel.setCollecting(false);
        QCOMPARE(labelText(panel, QStringLiteral("nextRun:markets")), QStringLiteral("\u2014"));
        QVERIFY(
            labelText(panel, QStringLiteral("collecting")).startsWith(QStringLiteral("Collection is off")));
        panel.setCollecting(true);
        QVERIFY(
            labelText(panel, QStringLiteral("collecting")).startsWith(QStringLiteral("Collection is on")));
    }

    void activityAndLastResult()
    {
        CollectionPanel panel;
        QList<JobState> states = standardJobs();
        states[0].running = true;
        states[1].pending = true;
        states[2].hasResult = true;
        states[2].last.ok = false;
        states[2].last.message = QStringLiteral("HTTP 503 Service Unavailable\nafter 5 retries");
        states[2].last.rows = 120;
        states[2].last.counts.settlements = 120;
        states[2].last.durationMs = 4200;
        states[2].lastFinished = QDateTime::currentDateTime();
        states[3].hasResult = true;
        states[3].last.ok = true;
        states[3].last.message = QStringLiteral("212 pages");
        states[3].last.rows = 52340 + 1200 + 160 + 40000;
        states[3].last.counts.markets = 52340;
        states[3].last.counts.events = 1200;
        states[3].last.counts.settlements = 160;
        states[3].last.counts.snapshots = 40000;
        states[3].last.durationMs = 8130;
        states[3].lastFinished = QDateTime::currentDateTime();
        panel.setJobStates(states);

        QCOMPARE(labelText(panel, QStringLiteral("activity:snapshot")), QStringLiteral("running"));
        QCOMPARE(labelText(panel, QStringLiteral("activity:markets")), QStringLiteral("queued"));
        QCOMPARE(labelText(panel, QStringLiteral("activity:settlements")), QStringLiteral("idle"));
        QCOMPARE(labelText(panel, QStringLiteral("result:snapshot")), QStringLiteral("not run yet"));
        QCOMPARE(labelText(panel, QStringLiteral("result:settlements")),
            QStringLiteral("failed: HTTP 503 Service Unavailable"));
        QCOMPARE(
            child<QLabel>(panel, QStringLiteral("result:settlements"))->toolTip(), states[2].last.message);
        QCOMPARE(labelText(panel, QStringLiteral("rows:settlements")), QStringLiteral("120 settlements"));
        QCOMPARE(labelText(panel, QStringLiteral("duration:settlements")), QStringLiteral("4.2 s"));
        QCOMPARE(labelText(panel, QStringLiteral("result:full-sync")), QStringLiteral("ok: 212 pages"));
        QCOMPARE(labelText(panel, QStringLiteral("rows:full-sync")), QStringLiteral("52,340 markets"));
        QCOMPARE(child<QLabel>(panel, QStringLiteral("rows:full-sync"))->toolTip(),
            QStringLiteral(
                "1,200 events, 52,340 markets, 160 settlements, and a snapshot of 40,000 markets"));
        // A snapshot counts its markets, not its rows (each market's upsert and its snapshot).
        JobState snapshot = states[0];
        snapshot.running = false;
        snapshot.hasResult = true;
        snapshot.last.ok = true;
        snapshot.last.rows = 7126;
        snapshot.last.counts.markets = 3563;
        snapshot.last.counts.snapshots = 3563;
        panel.updateJobState(snapshot);
        QCOMPARE(labelText(panel, QStringLiteral("rows:snapshot")), QStringLiteral("3,563 markets"));
        QCOMPARE(child<QLabel>(panel, QStringLiteral("rows:snapshot"))->toolTip(),
            QStringLiteral("3,563 markets and a snapshot of 3,563 markets"));
        JobState watchlist = job(QStringLiteral("watchlist"), minute);
        watchlist.hasResult = true;
        watchlist.last.ok = true;
        watchlist.last.counts.markets = 12;
        watchlist.last.counts.snapshots = 12;
        panel.updateJobState(watchlist);
        QCOMPARE(labelText(panel, QStringLiteral("rows:watchlist")), QStringLiteral("12 markets"));
        QCOMPARE(child<QLabel>(panel, QStringLiteral("rows:watchlist"))->toolTip(),
            QStringLiteral("12 markets and a watchlist snapshot of 12 markets"));
        watchlist.last.counts = RowCounts();
        panel.updateJobState(watchlist);
        QCOMPARE(labelText(panel, QStringLiteral("rows:watchlist")), QStringLiteral("nothing new"));
        QCOMPARE(child<QLabel>(panel, QStringLiteral("rows:watchlist"))->toolTip(),
            QStringLiteral("Nothing new was stored."));
        QCOMPARE(labelText(panel, QStringLiteral("duration:full-sync")), QStringLiteral("8.1 s"));
        QCOMPARE(labelText(panel, QStringLiteral("finished:full-sync")),
            states[3].lastFinished.toString(QStringLiteral("HH:mm:ss")));

        JobState cancelled = states[0];
        cancelled.running = false;
        cancelled.hasResult = true;
        cancelled.last = JobOutcome();
        cancelled.last.cancelled = true;
        cancelled.lastFinished = QDateTime::currentDateTime().addDays(-1);
        panel.updateJobState(cancelled);
        QCOMPARE(labelText(panel, QStringLiteral("activity:snapshot")), QStringLiteral("idle"));
        QCOMPARE(labelText(panel, QStringLiteral("result:snapshot")), QStringLiteral("cancelled"));
        QCOMPARE(labelText(panel, QStringLiteral("finished:snapshot")),
            cancelled.lastFinished.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    }

    void lockHolder_data()
    {
        QTest::addColumn<bool>("held");
        QTest::addColumn<bool>("thisProcess");
        QTest::addColumn<int>("daysAgo");
        QTest::addColumn<QString>("expected");
        const QDateTime since(QDate::currentDate(), QTime(0, 2));
        QTest::newRow("nobody") << false << false << 0 << QStringLiteral("Nobody is collecting");
        QTest::newRow("this window") << true << true << 0 << QStringLiteral("This window is collecting");
        QTest::newRow("other today") << true << false << 0
                                     << QStringLiteral("Another process is collecting: pid 1234 "
                                                       "(kalshi-monitor-cli on host) since 00:02");
        QTest::newRow("other earlier")
            << true << false << 2
            << QStringLiteral("Another process is collecting: pid 1234 "
                              "(kalshi-monitor-cli on host) since %1")
                   .arg(since.addDays(-2).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    }

    void lockHolder()
    {
        QFETCH(bool, held);
        QFETCH(bool, thisProcess);
        QFETCH(int, daysAgo);
        QFETCH(QString, expected);
        std::optional<CollectorLock::HolderInfo> holder;
        if (held) {
            CollectorLock::HolderInfo info;
            info.pid = 1234;
            info.appName = QStringLiteral("kalshi-monitor-cli");
            info.hostName = QStringLiteral("host");
            info.since = QDateTime(QDate::currentDate().addDays(-daysAgo), QTime(0, 2));
            info.thisProcess = thisProcess;
            holder = info;
        }
        CollectionPanel panel;
        panel.setLockHolder(holder, QStringLiteral("/data/kalshi.db"));
        QCOMPARE(panel.lockHolderText(), expected);
        const QString tip = child<QLabel>(panel, QStringLiteral("lockHolder"))->toolTip();
        QVERIFY2(tip.contains(QStringLiteral("/data/kalshi.db.collector.lock")), qPrintable(tip));
    }

    // A lost lock being taken again: the headline says paused, the notice says why and when; it
    // goes when collection runs again, or when the pause is lifted.
    void pausedWhileTheLockIsRetried()
    {
        CollectionPanel panel;
        panel.setCollecting(true);
        panel.setCollecting(false);
        const QString notice = QStringLiteral(
            "Collection paused: lost the connection to the database server \u2014 retrying in 30 s");
        panel.setPaused(notice);
        QVERIFY(panel.isPaused());
        QCOMPARE(panel.lockLostText(), notice);
        QCOMPARE(labelText(panel, QStringLiteral("collecting")),
            QStringLiteral("Collection is paused: waiting for the collector lock"));
        panel.setCollecting(true);
        QVERIFY(!panel.isPaused());
        QCOMPARE(panel.lockLostText(), QString());
        QVERIFY(
            labelText(panel, QStringLiteral("collecting")).startsWith(QStringLiteral("Collection is on")));
        panel.setCollecting(false);
        panel.setPaused(notice);
        panel.setPaused(QString());
        QCOMPARE(panel.lockLostText(), QString());
        QVERIFY(
            labelText(panel, QStringLiteral("collecting")).startsWith(QStringLiteral("Collection is off")));
    }
};

KM_TEST_WIDGETS_MAIN(TstCollectionPanel)
#include "tst_collectionpanel.moc"

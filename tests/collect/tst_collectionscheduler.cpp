#include "collect/collectionscheduler.h"
#include "fakejobrunner.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;

namespace {

// Timers never fire early; the two clocks (the scheduler's and the runner's) truncate to
// milliseconds separately, so allow this much.
constexpr qint64 epsilonMs = 2;

// Watches jobStateChanged: every time a job leaves the queue to run, it must be the one that has
// waited longest among the queued jobs.
class FifoChecker
{
public:
    void onState(const JobState &state, qint64 nowNs)
    {
        const bool wasPending = m_pendingSince.contains(state.name);
        if (state.pending && !wasPending) {
            m_pendingSince.insert(state.name, nowNs);
        } else if (!state.pending && wasPending) {
            const qint64 since = m_pendingSince.take(state.name);
            if (!state.running)
                return;
            ++m_dispatches;
            for (auto it = m_pendingSince.cbegin(); it != m_pendingSince.cend(); ++it) {
                if (it.value() < since)
                    m_violations.append(
                        state.name + u" started before "_s + it.key() + u", which was queued earlier"_s);
            }
        }
    }

    int dispatches() const { return m_dispatches; }
    const QStringList &violations() const { return m_violations; }

private:
    QHash<QString, qint64> m_pendingSince;
    QStringList m_violations;
    int m_dispatches = 0;
};

} // namespace

class TstCollectionScheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KmTest::failOnForbiddenWarnings(); }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void nothingRunsAtStartWithoutRunImmediately()
    {
        FakeJobRunner runner;
        runner.setDefaultDuration(5);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"a"_s, 300));
        QVERIFY(scheduler.addJob(u"b"_s, 400));
        QSignalSpy started(&scheduler, &CollectionScheduler::jobStarted);

        const qint64 t0 = runner.nowNs();
        scheduler.start();
        QVERIFY(scheduler.isActive());
        QTest::qWait(300 - 2 * epsilonMs - 10);
        QCOMPARE(started.count(), 0);
        QVERIFY(runner.runs().isEmpty());

        QTRY_COMPARE_WITH_TIMEOUT(runner.countRuns(u"b"_s), 1, 2000);
        const qint64 aStart = FakeJobRunner::toMs(runner.runs().at(0).startNs - t0);
        const qint64 bStart = FakeJobRunner::toMs(runner.runs().at(1).startNs - t0);
        QCOMPARE(runner.runs().at(0).job, u"a"_s);
        QVERIFY2(aStart >= 300 - epsilonMs, qPrintable(QString::number(aStart)));
        QVERIFY2(bStart >= 400 - epsilonMs, qPrintable(QString::number(bStart)));
    }

    void runImmediatelyRunsAtStart()
    {
        FakeJobRunner runner;
        runner.setDefaultDuration(5);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"now"_s, 10000, true, true));
        QVERIFY(scheduler.addJob(u"later"_s, 10000, true, false));
        QSignalSpy finished(&scheduler, &CollectionScheduler::jobFinished);

        const qint64 t0 = runner.nowNs();
        const QDateTime wallStart = QDateTime::currentDateTimeUtc();
        scheduler.start();
        QVERIFY(finished.wait(1000));
        QCOMPARE(runner.jobsRun(), QStringList{u"now"_s});
        QVERIFY(FakeJobRunner::toMs(runner.runs().first().startNs - t0) < 100);

        // The next run of both is one interval after start, not a backlog.
        const JobState now = *scheduler.jobState(u"now"_s);
        QVERIFY(now.nextRun.isValid());
        const qint64 untilNext = wallStart.msecsTo(now.nextRun);
        QVERIFY2(untilNext >= 10000 - 50 && untilNext <= 10000 + 50, qPrintable(QString::number(untilNext)));
        QTest::qWait(100);
        QCOMPARE(runner.runs().size(), 1);
    }

    // Three jobs of 120 ms that come due every 50-80 ms keep the scheduler saturated for 1.5 s.
    void slowJobsNeverOverlap()
    {
        FakeJobRunner runner;
        runner.setDefaultDuration(120);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"a"_s, 50));
        QVERIFY(scheduler.addJob(u"b"_s, 65));
        QVERIFY(scheduler.addJob(u"c"_s, 80));

        FifoChecker fifo;
        const auto connection = connect(&scheduler, &CollectionScheduler::jobStateChanged, this,
            [&](const JobState &state) { fifo.onState(state, runner.nowNs()); });
        QVector<int> queueLengths;
        const auto lengthWatch = connect(&scheduler, &CollectionScheduler::jobStateChanged, this, [&] {
            const QList<JobState> states = scheduler.jobStates();
            queueLengths.append(int(
                std::count_if(states.cbegin(), states.cend(), [](const JobState &s) { return s.pending; })));
        });

        const qint64 t0 = runner.nowNs();
        scheduler.start();
        QTest::qWait(1500);
        disconnect(connection);
        disconnect(lengthWatch);
        const qint64 elapsedMs = FakeJobRunner::toMs(runner.nowNs() - t0);
        QSignalSpy stopped(&scheduler, &CollectionScheduler::stopped);
        scheduler.stop();
        QVERIFY(stopped.count() == 1 || stopped.wait(1000));
        const int runsAtStop = int(runner.runs().size());

        QCOMPARE(runner.overlaps(), 0);
        QString why;
        QVERIFY2(runsAreSerial(runner.runs(), &why), qPrintable(why));

        // Coalescing: at most elapsed / duration runs fit (+1 for the one cut short by stop), far
        // fewer than the ~70 ticks that came due; a backlog would show as more.
        QVERIFY2(runsAtStop <= elapsedMs / 120 + 1,
            qPrintable(u"%1 runs in %2 ms"_s.arg(runsAtStop).arg(elapsedMs)));
        QVERIFY2(runsAtStop >= 6, qPrintable(QString::number(runsAtStop)));
        for (int length : queueLengths)
            QVERIFY(length <= 3);

        // FIFO: every dispatch took the longest-waiting job; under saturation that is round robin.
        QVERIFY2(fifo.violations().isEmpty(), qPrintable(fifo.violations().join(u"; "_s)));
        QVERIFY(fifo.dispatches() >= runsAtStop - 1);
        const int a = runner.countRuns(u"a"_s);
        const int b = runner.countRuns(u"b"_s);
        const int c = runner.countRuns(u"c"_s);
        QVERIFY2(std::max({a, b, c}) - std::min({a, b, c}) <= 1, qPrintable(runner.jobsRun().join(u' ')));
        const QStringList order = runner.jobsRun();
        QCOMPARE(order.mid(0, 3), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
        for (int i = 3; i < order.size(); ++i)
            QCOMPARE(order.at(i), order.at(i - 3));

        // Nothing replays after the stop.
        QTest::qWait(300);
        QCOMPARE(int(runner.runs().size()), runsAtStop);
        QVERIFY(!runner.isRunning());
    }

    // While a long job runs, ticks of the others are coalesced; afterwards each runs once, in the
    // order they came due, and then on its own grid again: no replay of the missed ticks.
    void missedTicksAreSkippedAfterLongJob()
    {
        FakeJobRunner runner;
        runner.setDuration(u"slow"_s, 1100);
        runner.setDuration(u"f1"_s, 5);
        runner.setDuration(u"f2"_s, 5);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"slow"_s, 0));
        QVERIFY(scheduler.addJob(u"f1"_s, 200));
        QVERIFY(scheduler.addJob(u"f2"_s, 300));

        const qint64 t0 = runner.nowNs();
        scheduler.start();
        QVERIFY(scheduler.requestRun(u"slow"_s));
        QTRY_VERIFY_WITH_TIMEOUT(runner.runs().size() >= 5, 3000);
        scheduler.stop();

        const QList<FakeJobRunner::Run> runs = runner.runs();
        QCOMPARE(runs.at(0).job, u"slow"_s);
        const qint64 slowEnd = runs.at(0).endNs;
        QVERIFY(FakeJobRunner::toMs(slowEnd - t0) >= 1100);
        // f1 came due at 200 ms and f2 at 300 ms: both waited, each runs exactly once, f1 first.
        QCOMPARE(runs.at(1).job, u"f1"_s);
        QCOMPARE(runs.at(2).job, u"f2"_s);
        QVERIFY(runs.at(1).startNs >= slowEnd);
        // Their next runs are on the grid (1200 ms), not right behind: no backlog.
        for (int i = 3; i < runs.size(); ++i) {
            const qint64 startMs = FakeJobRunner::toMs(runs.at(i).startNs - t0);
            QVERIFY2(startMs >= 1200 - epsilonMs,
                qPrintable(u"%1 started at %2 ms"_s.arg(runs.at(i).job).arg(startMs)));
        }
        QString why;
        QVERIFY2(runsAreSerial(runs, &why), qPrintable(why));
    }

    void manualRequestsCoalesce()
    {
        FakeJobRunner runner;
        runner.setDuration(u"slow"_s, 200);
        runner.setDuration(u"b"_s, 5);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"slow"_s, 0));
        QVERIFY(scheduler.addJob(u"b"_s, 0));
        QSignalSpy idle(&scheduler, &CollectionScheduler::idle);

        QVERIFY(!scheduler.requestRun(u"b"_s)); // not started
        scheduler.start();
        QVERIFY(scheduler.requestRun(u"slow"_s));
        QCOMPARE(scheduler.runningJob(), u"slow"_s);
        for (int i = 0; i < 5; ++i)
            QVERIFY(scheduler.requestRun(u"b"_s));
        QVERIFY(!scheduler.requestRun(u"unknown"_s));
        QVERIFY(scheduler.jobState(u"b"_s)->pending);
        QVERIFY(idle.wait(2000));
        QCOMPARE(runner.jobsRun(), (QStringList{u"slow"_s, u"b"_s}));
        QCOMPARE(idle.count(), 1);
        QVERIFY(!scheduler.jobState(u"b"_s)->pending);
    }

    void manualJobNeverRunsByItself()
    {
        FakeJobRunner runner;
        runner.setDefaultDuration(5);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"manual"_s, 0, true, false));
        QVERIFY(scheduler.addJob(u"off"_s, 50, false, true));
        QVERIFY(!scheduler.addJob(u"manual"_s, 10));
        scheduler.start();
        QTest::qWait(200);
        QVERIFY(runner.runs().isEmpty());
        QVERIFY(!scheduler.jobState(u"off"_s)->nextRun.isValid());
        QVERIFY(!scheduler.jobState(u"manual"_s)->nextRun.isValid());
        // A disabled job still runs when asked for.
        QSignalSpy finished(&scheduler, &CollectionScheduler::jobFinished);
        QVERIFY(scheduler.requestRun(u"off"_s));
        QVERIFY(finished.wait(1000));
        QCOMPARE(runner.jobsRun(), QStringList{u"off"_s});
    }

    void stopWhileJobRuns()
    {
        FakeJobRunner runner;
        runner.setDuration(u"a"_s, 400);
        runner.setDuration(u"b"_s, 5);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"a"_s, 50));
        QVERIFY(scheduler.addJob(u"b"_s, 60));
        QStringList events;
        connect(&scheduler, &CollectionScheduler::jobStarted, this,
            [&](const QString &job) { events << u"started "_s + job; });
        connect(&scheduler, &CollectionScheduler::jobFinished, this,
            [&](const QString &job, const JobOutcome &outcome) {
                events << u"finished "_s + job + (outcome.cancelled ? u" cancelled"_s : QString());
            });
        connect(&scheduler, &CollectionScheduler::stopped, this, [&] { events << u"stopped"_s; });
        QSignalSpy stopped(&scheduler, &CollectionScheduler::stopped);

        scheduler.start();
        QTRY_COMPARE_WITH_TIMEOUT(scheduler.runningJob(), u"a"_s, 1000);
        QTRY_VERIFY_WITH_TIMEOUT(scheduler.jobState(u"b"_s)->pending, 1000);
        scheduler.stop();
        QCOMPARE(runner.cancelCalls(), 1);
        QCOMPARE(runner.cancelsWhileRunning(), 1);
        QVERIFY(scheduler.isStopping());
        QCOMPARE(stopped.count(), 0); // the job has not reported yet
        QVERIFY(!scheduler.jobState(u"b"_s)->pending);
        QVERIFY(!scheduler.requestRun(u"b"_s));
        scheduler.stop(); // a second stop while stopping changes nothing
        QCOMPARE(runner.cancelCalls(), 1);

        QVERIFY(stopped.wait(1000));
        QCOMPARE(stopped.count(), 1);
        QCOMPARE(events, (QStringList{u"started a"_s, u"finished a cancelled"_s, u"stopped"_s}));
        QVERIFY(runner.runs().first().cancelled);
        QVERIFY(!scheduler.isActive());
        QVERIFY(!scheduler.jobState(u"a"_s)->running);

        // Nothing starts after stop: b was queued and a's timer kept ticking before.
        QTest::qWait(300);
        QCOMPARE(runner.runs().size(), 1);
        QCOMPARE(stopped.count(), 1);
    }

    void stopWhenIdleEmitsAtOnce()
    {
        FakeJobRunner runner;
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"a"_s, 100));
        QSignalSpy stopped(&scheduler, &CollectionScheduler::stopped);
        scheduler.stop(); // never started
        QCOMPARE(stopped.count(), 1);
        scheduler.start();
        scheduler.stop();
        QCOMPARE(stopped.count(), 2);
        QCOMPARE(runner.cancelCalls(), 0);
        QTest::qWait(200);
        QVERIFY(runner.runs().isEmpty());
    }

    void startWhileStoppingWaitsForTheRunningJob()
    {
        FakeJobRunner runner;
        runner.setDuration(u"a"_s, 300);
        runner.setDuration(u"b"_s, 5);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"a"_s, 0));
        QVERIFY(scheduler.addJob(u"b"_s, 30, true, true));
        QSignalSpy stopped(&scheduler, &CollectionScheduler::stopped);

        QVERIFY(scheduler.startAfter(u"a"_s));
        QCOMPARE(scheduler.runningJob(), u"a"_s);
        scheduler.stop();
        scheduler.start(); // deferred until a has reported
        QVERIFY(scheduler.isStopping());
        QVERIFY(stopped.wait(1000));
        QVERIFY(scheduler.isActive());
        QTRY_VERIFY_WITH_TIMEOUT(runner.countRuns(u"b"_s) >= 2, 1000);
        QCOMPARE(runner.overlaps(), 0);
        QString why;
        QVERIFY2(runsAreSerial(runner.runs(), &why), qPrintable(why));
        QVERIFY(runner.runs().at(1).startNs >= runner.runs().at(0).endNs);
        scheduler.stop();
    }

    void startAfterHoldsTheTimersUntilTheFirstJobEnded()
    {
        FakeJobRunner runner;
        runner.setDuration(u"first"_s, 300);
        runner.setDefaultDuration(5);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"first"_s, 0));
        QVERIFY(scheduler.addJob(u"eager"_s, 20, true, true)); // would run at once with start()
        QVERIFY(scheduler.addJob(u"ticking"_s, 50));
        QVERIFY(!scheduler.startAfter(u"nope"_s));

        QVERIFY(scheduler.startAfter(u"first"_s));
        QVERIFY(!scheduler.startAfter(u"first"_s)); // already active
        QVERIFY(!scheduler.jobState(u"ticking"_s)->nextRun.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(runner.countRuns(u"ticking"_s) >= 1, 2000);
        scheduler.stop();

        const QList<FakeJobRunner::Run> runs = runner.runs();
        QCOMPARE(runs.at(0).job, u"first"_s);
        const qint64 firstEnd = runs.at(0).endNs;
        QCOMPARE(runs.at(1).job, u"eager"_s);
        for (int i = 1; i < runs.size(); ++i)
            QVERIFY(runs.at(i).startNs >= firstEnd);
        for (const FakeJobRunner::Run &run : runs) {
            if (run.job == u"ticking"_s)
                QVERIFY(FakeJobRunner::toMs(run.startNs - firstEnd) >= 50 - epsilonMs);
        }
    }

    void runOnceRunsOneJobThenStops()
    {
        FakeJobRunner runner;
        runner.setDefaultDuration(50);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"full"_s, 0));
        QVERIFY(scheduler.addJob(u"a"_s, 20, true, true));
        QStringList events;
        connect(
            &scheduler, &CollectionScheduler::jobFinished, this, [&](const QString &job) { events << job; });
        connect(&scheduler, &CollectionScheduler::stopped, this, [&] { events << u"stopped"_s; });
        QSignalSpy stopped(&scheduler, &CollectionScheduler::stopped);

        QVERIFY(scheduler.runOnce(u"full"_s));
        QVERIFY(!scheduler.runOnce(u"full"_s));
        QVERIFY(!scheduler.requestRun(u"a"_s));
        QVERIFY(stopped.wait(1000));
        QCOMPARE(events, (QStringList{u"full"_s, u"stopped"_s}));
        QTest::qWait(150);
        QCOMPARE(runner.jobsRun(), QStringList{u"full"_s});
        QVERIFY(!scheduler.isActive());
    }

    void enableDisableAndIntervalChangeWhileRunning()
    {
        FakeJobRunner runner;
        runner.setDefaultDuration(5);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"a"_s, 60));
        QVERIFY(scheduler.addJob(u"b"_s, 60));
        scheduler.start();
        QTRY_VERIFY_WITH_TIMEOUT(runner.countRuns(u"a"_s) >= 2 && runner.countRuns(u"b"_s) >= 2, 2000);

        // Disable a: it stops, b goes on.
        scheduler.setEnabled(u"a"_s, false);
        const qint64 disabledAt = runner.nowNs();
        QVERIFY(!scheduler.jobState(u"a"_s)->enabled);
        QVERIFY(!scheduler.jobState(u"a"_s)->nextRun.isValid());
        const int bBefore = runner.countRuns(u"b"_s);
        QTest::qWait(300);
        for (const FakeJobRunner::Run &run : runner.runs()) {
            if (run.job == u"a"_s)
                QVERIFY(run.startNs < disabledAt);
        }
        QVERIFY(runner.countRuns(u"b"_s) >= bBefore + 3);

        // Enable again: first run one interval later.
        scheduler.setEnabled(u"a"_s, true);
        const qint64 enabledAt = runner.nowNs();
        QVERIFY(scheduler.jobState(u"a"_s)->nextRun.isValid());
        const int aBefore = runner.countRuns(u"a"_s);
        QTRY_VERIFY_WITH_TIMEOUT(runner.countRuns(u"a"_s) > aBefore, 1000);
        for (const FakeJobRunner::Run &run : runner.runs()) {
            if (run.job == u"a"_s && run.startNs > enabledAt)
                QVERIFY(FakeJobRunner::toMs(run.startNs - enabledAt) >= 60 - epsilonMs);
        }

        // Lengthen b: no run of b within the new interval.
        scheduler.setInterval(u"b"_s, 400);
        const qint64 changedAt = runner.nowNs();
        QCOMPARE(scheduler.jobState(u"b"_s)->intervalMs, qint64(400));
        const int bAtChange = runner.countRuns(u"b"_s);
        QTRY_VERIFY_WITH_TIMEOUT(runner.countRuns(u"b"_s) > bAtChange, 2000);
        for (const FakeJobRunner::Run &run : runner.runs()) {
            if (run.job == u"b"_s && run.startNs > changedAt)
                QVERIFY(FakeJobRunner::toMs(run.startNs - changedAt) >= 400 - epsilonMs);
        }
        // Meanwhile a kept its 60 ms pace.
        QVERIFY(runner.countRuns(u"a"_s) >= aBefore + 4);

        // Interval 0 turns b into a manual job.
        scheduler.setInterval(u"b"_s, 0);
        const int bManual = runner.countRuns(u"b"_s);
        QTest::qWait(500);
        QCOMPARE(runner.countRuns(u"b"_s), bManual);
        scheduler.stop();
        QCOMPARE(runner.overlaps(), 0);
    }

    void jobStateReportsTheLastRun()
    {
        FakeJobRunner runner;
        runner.setDuration(u"a"_s, 30);
        runner.setFailing(u"b"_s, true);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"a"_s, 60000, true, true));
        QVERIFY(scheduler.addJob(u"b"_s, 0));
        QList<JobState> seen;
        connect(
            &scheduler, &CollectionScheduler::jobStateChanged, this, [&](const JobState &s) { seen << s; });

        JobState initial = *scheduler.jobState(u"a"_s);
        QCOMPARE(initial.name, u"a"_s);
        QVERIFY(initial.enabled);
        QCOMPARE(initial.intervalMs, qint64(60000));
        QVERIFY(!initial.hasResult);
        QVERIFY(!initial.nextRun.isValid());

        QSignalSpy idle(&scheduler, &CollectionScheduler::idle);
        scheduler.start();
        QVERIFY(scheduler.jobState(u"a"_s)->running);
        QVERIFY(idle.wait(1000));
        const JobState a = *scheduler.jobState(u"a"_s);
        QVERIFY(!a.running);
        QVERIFY(a.hasResult);
        QVERIFY(a.last.ok);
        QCOMPARE(a.last.rows, qint64(7));
        QVERIFY(a.last.durationMs >= 30 - epsilonMs);
        QVERIFY(qAbs(a.lastFinished.msecsTo(QDateTime::currentDateTimeUtc())) < 1000);
        QVERIFY(a.nextRun > QDateTime::currentDateTimeUtc().addSecs(50));

        QVERIFY(scheduler.requestRun(u"b"_s));
        QVERIFY(idle.wait(1000));
        const JobState b = *scheduler.jobState(u"b"_s);
        QVERIFY(b.hasResult);
        QVERIFY(!b.last.ok);
        QVERIFY(!b.last.cancelled);

        // Every transition was announced: queued, running, done.
        auto announced = [&](const QString &name, auto predicate) {
            return std::any_of(seen.cbegin(), seen.cend(),
                [&](const JobState &s) { return s.name == name && predicate(s); });
        };
        QVERIFY(announced(u"a"_s, [](const JobState &s) { return s.pending && !s.running; }));
        QVERIFY(announced(u"a"_s, [](const JobState &s) { return s.running; }));
        QVERIFY(announced(u"a"_s, [](const JobState &s) { return s.hasResult && !s.running; }));

        scheduler.stop();
        QVERIFY(!scheduler.jobState(u"a"_s)->nextRun.isValid());
    }

    // A runner that reports from inside runJob() must not re-enter the dispatch.
    void runnerFinishingSynchronously()
    {
        FakeJobRunner runner;
        runner.setFinishSynchronously(true);
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"a"_s, 0));
        QVERIFY(scheduler.addJob(u"b"_s, 0));
        QVERIFY(scheduler.addJob(u"c"_s, 0));
        QStringList events;
        connect(&scheduler, &CollectionScheduler::jobStarted, this,
            [&](const QString &job) { events << u"+"_s + job; });
        connect(&scheduler, &CollectionScheduler::jobFinished, this,
            [&](const QString &job) { events << u"-"_s + job; });
        QSignalSpy idle(&scheduler, &CollectionScheduler::idle);
        scheduler.start();
        QVERIFY(scheduler.requestRun(u"a"_s));
        QVERIFY(scheduler.requestRun(u"b"_s));
        QVERIFY(scheduler.requestRun(u"c"_s));
        QVERIFY(idle.wait(1000));
        QCOMPARE(events, (QStringList{u"+a"_s, u"-a"_s, u"+b"_s, u"-b"_s, u"+c"_s, u"-c"_s}));
        QCOMPARE(runner.overlaps(), 0);
    }

    // The scheduler and its runner in a worker thread, driven from here through queued calls:
    // its timers start in the worker thread (a "Timers cannot be started from another thread"
    // warning would fail the test).
    void runsInItsOwnThread()
    {
        QThread worker;
        worker.setObjectName(u"km-test-sync"_s);
        auto *runner = new FakeJobRunner;
        runner->setDefaultDuration(20);
        auto *scheduler = new CollectionScheduler(runner);
        QVERIFY(scheduler->addJob(u"a"_s, 30));
        QVERIFY(scheduler->addJob(u"b"_s, 45));
        runner->moveToThread(&worker);
        scheduler->moveToThread(&worker);
        worker.start();

        QSignalSpy finished(scheduler, &CollectionScheduler::jobFinished);
        QSignalSpy stopped(scheduler, &CollectionScheduler::stopped);
        QMetaObject::invokeMethod(scheduler, &CollectionScheduler::start, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 6, 3000);
        QMetaObject::invokeMethod(scheduler, &CollectionScheduler::stop, Qt::QueuedConnection);
        QVERIFY(stopped.wait(2000));

        int overlaps = -1;
        QList<FakeJobRunner::Run> runs;
        QMetaObject::invokeMethod(
            runner,
            [&] {
                overlaps = runner->overlaps();
                runs = runner->runs();
            },
            Qt::BlockingQueuedConnection);
        connect(&worker, &QThread::finished, scheduler, &QObject::deleteLater);
        connect(&worker, &QThread::finished, runner, &QObject::deleteLater);
        worker.quit();
        QVERIFY(worker.wait(2000));
        QCOMPARE(overlaps, 0);
        QString why;
        QVERIFY2(runsAreSerial(runs, &why), qPrintable(why));
        QVERIFY(runs.size() >= 6);
    }

    void callsFromAnotherThreadAreRefused()
    {
        QThread worker;
        FakeJobRunner runner;
        CollectionScheduler scheduler(&runner);
        QVERIFY(scheduler.addJob(u"a"_s, 10, true, true));
        runner.moveToThread(&worker);
        scheduler.moveToThread(&worker);
        QTest::ignoreMessage(
            QtWarningMsg, "CollectionScheduler::start called outside the scheduler's thread; ignored");
        scheduler.start();
        QVERIFY(!scheduler.isActive());
        // Objects can only be pushed from their own thread: bring them back for destruction here.
        worker.start();
        QMetaObject::invokeMethod(
            &scheduler,
            [&] {
                scheduler.moveToThread(QCoreApplication::instance()->thread());
                runner.moveToThread(QCoreApplication::instance()->thread());
            },
            Qt::BlockingQueuedConnection);
        worker.quit();
        QVERIFY(worker.wait(2000));
        QVERIFY(runner.runs().isEmpty());
    }
};

KM_TEST_GUILESS_MAIN(TstCollectionScheduler)
#include "tst_collectionscheduler.moc"

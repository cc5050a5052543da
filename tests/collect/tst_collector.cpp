#include "collect/collector.h"
#include "fakejobrunner.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 epsilonMs = 2;

void useShortIntervals(Collector &collector)
{
    collector.setInterval(SyncState::toText(CollectJob::Snapshot), 50);
    collector.setInterval(SyncState::toText(CollectJob::Markets), 60);
    collector.setInterval(SyncState::toText(CollectJob::Settlements), 70);
}

} // namespace

class TstCollector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KmTest::failOnForbiddenWarnings(); }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void defaults()
    {
        FakeJobRunner runner;
        Collector collector(&runner);
        QCOMPARE(collector.state(), Collector::State::Off);
        QVERIFY(collector.initialSync());
        QHash<QString, JobState> states;
        for (const JobState &state : collector.jobStates())
            states.insert(state.name, state);
        QCOMPARE(states.size(), 5);
        QCOMPARE(states.value(SyncState::toText(CollectJob::FullSync)).intervalMs, qint64(0));
        QCOMPARE(states.value(SyncState::toText(CollectJob::Snapshot)).intervalMs, qint64(15 * 60 * 1000));
        QCOMPARE(states.value(SyncState::toText(CollectJob::Markets)).intervalMs, qint64(60 * 60 * 1000));
        QCOMPARE(
            states.value(SyncState::toText(CollectJob::Settlements)).intervalMs, qint64(6 * 60 * 60 * 1000));
        QCOMPARE(states.value(SyncState::toText(CollectJob::Watchlist)).intervalMs, qint64(60 * 1000));
        for (const JobState &state : states)
            QVERIFY(state.enabled);
    }

    void settingsApplyAndReadBack()
    {
        FakeJobRunner runner;
        Collector collector(&runner);
        CollectionSettings settings = CollectionSettings::defaults();
        settings.jobs[SyncState::toText(CollectJob::Snapshot)].intervalMs = 20000;
        settings.jobs[SyncState::toText(CollectJob::Settlements)].enabled = false;
        settings.initialSync = false;
        collector.applySettings(settings);
        QVERIFY(!collector.initialSync());
        QCOMPARE(collector.scheduler()->jobState(SyncState::toText(CollectJob::Snapshot))->intervalMs,
            qint64(20000));
        QVERIFY(!collector.scheduler()->jobState(SyncState::toText(CollectJob::Settlements))->enabled);

        const CollectionSettings back = collector.settings();
        QCOMPARE(back.jobs.size(), 4);
        QCOMPARE(back.jobs.value(SyncState::toText(CollectJob::Snapshot)).intervalMs, qint64(20000));
        QVERIFY(!back.jobs.value(SyncState::toText(CollectJob::Settlements)).enabled);
        QCOMPARE(back.jobs.value(SyncState::toText(CollectJob::Markets)).intervalMs, qint64(60 * 60 * 1000));
        QVERIFY(!back.initialSync);
        QVERIFY(!back.collecting);
    }

    // BUG-053 Repro C: no scheduled job may run beside the initial full sync. Intervals far
    // shorter than the sync would make them come due many times during it if timers ran.
    void initialSyncFinishesBeforeAnyScheduledJob()
    {
        FakeJobRunner runner;
        runner.setDuration(SyncState::toText(CollectJob::FullSync), 400);
        runner.setDefaultDuration(10);
        Collector collector(&runner);
        useShortIntervals(collector);
        QSignalSpy initialSync(&collector, &Collector::initialSyncRunningChanged);
        QSignalSpy collecting(&collector, &Collector::collectingChanged);
        QList<Collector::State> states;
        connect(&collector, &Collector::stateChanged, this, [&](Collector::State s) { states << s; });

        QVERIFY(collector.start());
        QCOMPARE(collector.state(), Collector::State::InitialSync);
        QVERIFY(collector.isInitialSyncRunning());
        QVERIFY(collector.start()); // already on: nothing more
        QTRY_VERIFY_WITH_TIMEOUT(runner.runs().size() >= 6, 3000);
        collector.stop();

        const QList<FakeJobRunner::Run> runs = runner.runs();
        QCOMPARE(runs.first().job, SyncState::toText(CollectJob::FullSync));
        QCOMPARE(runner.countRuns(SyncState::toText(CollectJob::FullSync)), 1);
        const qint64 syncEnd = runs.first().endNs;
        QVERIFY(syncEnd > 0);
        for (int i = 1; i < runs.size(); ++i) {
            QVERIFY2(runs.at(i).startNs >= syncEnd, qPrintable(runs.at(i).job));
            // runImmediately is off: the first scheduled run is one interval after the sync.
            QVERIFY(FakeJobRunner::toMs(runs.at(i).startNs - syncEnd) >= 50 - epsilonMs);
        }
        QCOMPARE(runner.overlaps(), 0);
        QString why;
        QVERIFY2(runsAreSerial(runs, &why), qPrintable(why));

        QCOMPARE(initialSync.count(), 2);
        QCOMPARE(initialSync.at(0).at(0).toBool(), true);
        QCOMPARE(initialSync.at(1).at(0).toBool(), false);
        QCOMPARE(collecting.count(), 2);
        QCOMPARE(collecting.at(0).at(0).toBool(), true);
        QCOMPARE(collecting.at(1).at(0).toBool(), false);
        QVERIFY(states.size() >= 3);
        QCOMPARE(states.mid(0, 3),
            (QList<Collector::State>{
                Collector::State::InitialSync, Collector::State::Collecting, Collector::State::Stopping}));
    }

    void withoutInitialSyncTheTimersStartAtOnce()
    {
        FakeJobRunner runner;
        runner.setDefaultDuration(5);
        Collector collector(&runner);
        useShortIntervals(collector);
        collector.setInitialSync(false);
        QSignalSpy initialSync(&collector, &Collector::initialSyncRunningChanged);
        const qint64 t0 = runner.nowNs();
        QVERIFY(collector.start());
        QCOMPARE(collector.state(), Collector::State::Collecting);
        QTRY_VERIFY_WITH_TIMEOUT(runner.runs().size() >= 3, 2000);
        collector.stop();
        QCOMPARE(runner.countRuns(SyncState::toText(CollectJob::FullSync)), 0);
        QVERIFY(FakeJobRunner::toMs(runner.runs().first().startNs - t0) >= 50 - epsilonMs);
        QCOMPARE(initialSync.count(), 0);
    }

    void failedInitialSyncStillCollects()
    {
        FakeJobRunner runner;
        runner.setDuration(SyncState::toText(CollectJob::FullSync), 30);
        runner.setFailing(SyncState::toText(CollectJob::FullSync), true);
        runner.setDefaultDuration(5);
        Collector collector(&runner);
        useShortIntervals(collector);
        QVERIFY(collector.start());
        QTRY_VERIFY_WITH_TIMEOUT(runner.runs().size() >= 3, 2000);
        QCOMPARE(collector.state(), Collector::State::Collecting);
        const JobState sync = *collector.scheduler()->jobState(SyncState::toText(CollectJob::FullSync));
        QVERIFY(sync.hasResult);
        QVERIFY(!sync.last.ok);
        collector.stop();
    }

    void stopDuringInitialSync()
    {
        FakeJobRunner runner;
        runner.setDuration(SyncState::toText(CollectJob::FullSync), 1000);
        Collector collector(&runner);
        useShortIntervals(collector);
        QStringList events;
        connect(
            &collector, &Collector::jobFinished, this, [&](const QString &job, const JobOutcome &outcome) {
                events << job + (outcome.cancelled ? u" cancelled"_s : u" done"_s);
            });
        connect(&collector, &Collector::stopped, this, [&] { events << u"stopped"_s; });
        QSignalSpy stopped(&collector, &Collector::stopped);

        QVERIFY(collector.start());
        QTRY_VERIFY_WITH_TIMEOUT(runner.isRunning(), 1000);
        QTest::qWait(100);
        collector.stop();
        QCOMPARE(collector.state(), Collector::State::Stopping);
        QVERIFY(!collector.isCollecting());
        QCOMPARE(runner.cancelsWhileRunning(), 1);
        QCOMPARE(stopped.count(), 0);
        QVERIFY(collector.start()); // deferred until stopped...
        collector.stop(); // ...and dropped by this stop
        QVERIFY(stopped.wait(1000));
        QCOMPARE(events, (QStringList{u"full-sync cancelled"_s, u"stopped"_s}));
        QCOMPARE(collector.state(), Collector::State::Off);
        QVERIFY(!collector.isInitialSyncRunning());

        QTest::qWait(300);
        QCOMPARE(runner.runs().size(), 1);
        QCOMPARE(stopped.count(), 1);
    }

    void stopWhileCollecting()
    {
        FakeJobRunner runner;
        runner.setDuration(SyncState::toText(CollectJob::FullSync), 20);
        runner.setDuration(SyncState::toText(CollectJob::Snapshot), 300);
        runner.setDefaultDuration(5);
        Collector collector(&runner);
        useShortIntervals(collector);
        QStringList events;
        connect(&collector, &Collector::jobFinished, this, [&](const QString &job) { events << job; });
        connect(&collector, &Collector::stopped, this, [&] { events << u"stopped"_s; });
        QSignalSpy stopped(&collector, &Collector::stopped);

        QVERIFY(collector.start());
        QTRY_COMPARE_WITH_TIMEOUT(
            collector.scheduler()->runningJob(), SyncState::toText(CollectJob::Snapshot), 2000);
        collector.stop();
        QCOMPARE(runner.cancelsWhileRunning(), 1);
        QVERIFY(stopped.wait(1000));
        QCOMPARE(events.last(), u"stopped"_s);
        QCOMPARE(events.at(events.size() - 2), SyncState::toText(CollectJob::Snapshot));
        QVERIFY(runner.runs().last().cancelled);
        const int runsAtStop = int(runner.runs().size());
        QTest::qWait(300);
        QCOMPARE(int(runner.runs().size()), runsAtStop);
        QVERIFY(!collector.requestRun(SyncState::toText(CollectJob::Markets)));
    }

    void stopWhenOffEmitsAtOnce()
    {
        FakeJobRunner runner;
        Collector collector(&runner);
        QSignalSpy stopped(&collector, &Collector::stopped);
        collector.stop();
        QCOMPARE(stopped.count(), 1);
        QCOMPARE(runner.cancelCalls(), 0);
    }

    void startWhileStoppingRestartsAfterwards()
    {
        FakeJobRunner runner;
        runner.setDuration(SyncState::toText(CollectJob::FullSync), 200);
        runner.setDefaultDuration(5);
        Collector collector(&runner);
        useShortIntervals(collector);
        QSignalSpy stopped(&collector, &Collector::stopped);

        QVERIFY(collector.start());
        QTRY_VERIFY_WITH_TIMEOUT(runner.isRunning(), 1000);
        collector.stop();
        QVERIFY(collector.start());
        QCOMPARE(collector.state(), Collector::State::Stopping);
        QVERIFY(stopped.wait(1000));
        // The second start began with its own full sync once the first had reported.
        QTRY_COMPARE_WITH_TIMEOUT(collector.state(), Collector::State::Collecting, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(runner.runs().size() >= 4, 2000);
        collector.stop();
        const QList<FakeJobRunner::Run> runs = runner.runs();
        QCOMPARE(runs.at(0).job, SyncState::toText(CollectJob::FullSync));
        QVERIFY(runs.at(0).cancelled);
        QCOMPARE(runs.at(1).job, SyncState::toText(CollectJob::FullSync));
        QVERIFY(!runs.at(1).cancelled);
        QCOMPARE(runner.overlaps(), 0);
        QString why;
        QVERIFY2(runsAreSerial(runs, &why), qPrintable(why));
    }

    void runOnceRunsTheFullSyncOnly()
    {
        FakeJobRunner runner;
        runner.setDuration(SyncState::toText(CollectJob::FullSync), 100);
        runner.setDefaultDuration(5);
        Collector collector(&runner);
        useShortIntervals(collector);
        QStringList events;
        connect(&collector, &Collector::jobFinished, this, [&](const QString &job) { events << job; });
        connect(&collector, &Collector::finished, this, [&](const JobOutcome &outcome) {
            events << (outcome.ok ? u"finished ok"_s : u"finished failed"_s);
        });
        connect(&collector, &Collector::stopped, this, [&] { events << u"stopped"_s; });
        QSignalSpy stopped(&collector, &Collector::stopped);

        QVERIFY(collector.runOnce());
        QCOMPARE(collector.state(), Collector::State::RunningOnce);
        QVERIFY(!collector.isCollecting());
        QVERIFY(!collector.start());
        QVERIFY(!collector.runOnce());
        QVERIFY(!collector.requestRun(SyncState::toText(CollectJob::Markets)));
        QVERIFY(stopped.wait(1000));
        QCOMPARE(
            events, (QStringList{SyncState::toText(CollectJob::FullSync), u"finished ok"_s, u"stopped"_s}));
        QCOMPARE(collector.state(), Collector::State::Off);
        QTest::qWait(200);
        QCOMPARE(runner.jobsRun(), QStringList{SyncState::toText(CollectJob::FullSync)});
    }

    void stopDuringRunOnce()
    {
        FakeJobRunner runner;
        runner.setDuration(SyncState::toText(CollectJob::FullSync), 1000);
        Collector collector(&runner);
        QSignalSpy finished(&collector, &Collector::finished);
        QSignalSpy stopped(&collector, &Collector::stopped);
        QVERIFY(collector.runOnce());
        QTRY_VERIFY_WITH_TIMEOUT(runner.isRunning(), 1000);
        collector.stop();
        QVERIFY(stopped.wait(1000));
        QCOMPARE(finished.count(), 1);
        const JobOutcome outcome = finished.at(0).at(0).value<JobOutcome>();
        QVERIFY(outcome.cancelled);
        QVERIFY(!outcome.ok);
        QCOMPARE(runner.cancelsWhileRunning(), 1);
    }

    void syncNowGoesThroughTheQueue()
    {
        FakeJobRunner runner;
        runner.setDuration(SyncState::toText(CollectJob::FullSync), 150);
        runner.setDuration(SyncState::toText(CollectJob::Snapshot), 150);
        runner.setDefaultDuration(5);
        Collector collector(&runner);
        collector.setInterval(SyncState::toText(CollectJob::Snapshot), 40);
        collector.setEnabled(SyncState::toText(CollectJob::Markets), false);
        collector.setEnabled(SyncState::toText(CollectJob::Settlements), false);
        QVERIFY(!collector.requestRun(SyncState::toText(CollectJob::FullSync))); // off

        QVERIFY(collector.start());
        // Already running as the initial sync: no second run queued.
        QVERIFY(collector.requestRun(SyncState::toText(CollectJob::FullSync)));
        QVERIFY(!collector.scheduler()->jobState(SyncState::toText(CollectJob::FullSync))->pending);
        QTRY_COMPARE_WITH_TIMEOUT(
            collector.scheduler()->runningJob(), SyncState::toText(CollectJob::Snapshot), 2000);
        QVERIFY(collector.requestRun(SyncState::toText(CollectJob::FullSync)));
        QVERIFY(collector.scheduler()->jobState(SyncState::toText(CollectJob::FullSync))->pending);
        QTRY_COMPARE_WITH_TIMEOUT(runner.countRuns(SyncState::toText(CollectJob::FullSync)), 2, 2000);
        collector.stop();
        QCOMPARE(runner.countRuns(SyncState::toText(CollectJob::Markets)), 0);
        QCOMPARE(runner.overlaps(), 0);
        QString why;
        QVERIFY2(runsAreSerial(runner.runs(), &why), qPrintable(why));
    }

    void jobSignalsAreForwarded()
    {
        FakeJobRunner runner;
        runner.setDuration(SyncState::toText(CollectJob::FullSync), 10);
        Collector collector(&runner);
        QSignalSpy started(&collector, &Collector::jobStarted);
        QSignalSpy finished(&collector, &Collector::jobFinished);
        QSignalSpy state(&collector, &Collector::jobStateChanged);
        QVERIFY(collector.start());
        QVERIFY(finished.wait(1000));
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.at(0).at(0).toString(), SyncState::toText(CollectJob::FullSync));
        QCOMPARE(finished.at(0).at(0).toString(), SyncState::toText(CollectJob::FullSync));
        QVERIFY(finished.at(0).at(1).value<JobOutcome>().ok);
        QVERIFY(state.count() >= 3);
        collector.stop();
    }
};

KM_TEST_GUILESS_MAIN(TstCollector)
#include "tst_collector.moc"

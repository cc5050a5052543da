#pragma once

#include "collect/collectionscheduler.h"
#include "collect/collectionsettings.h"
#include "collect/jobrunner.h"

#include <QObject>

// The `collect` orchestration. Lives in the sync thread with its JobRunner; every method must be
// called in that thread (from the GUI thread use QMetaObject::invokeMethod and the signals).
// start() runs the initial full sync through the scheduler and the scheduler starts its interval
// timers only once that run has finished, with runImmediately off, so no scheduled job can run
// beside it (BUG-053 Repro C); after that the scheduler runs one job at a time anyway.
// An initial sync that fails or ends early does not stop collection: the interval jobs still run
// and its outcome is in jobFinished() and the full-sync JobState.
class Collector final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Collector)

public:
    enum class State { Off, InitialSync, Collecting, RunningOnce, Stopping };
    Q_ENUM(State)

    // Registers the manual job "full-sync" and the interval jobs of CollectionSettings::defaults().
    // The runner must live in this thread and outlive the collector.
    explicit Collector(JobRunner *runner, QObject *parent = nullptr);
    ~Collector() override;

    State state() const { return m_state; }
    // Continuous collection is on: InitialSync or Collecting.
    bool isCollecting() const;
    bool isInitialSyncRunning() const { return m_initialSyncRunning; }
    bool initialSync() const { return m_initialSync; }
    void setInitialSync(bool enabled) { m_initialSync = enabled; }

    // For reading states and connecting to it; drive it through the Collector.
    const CollectionScheduler *scheduler() const { return m_scheduler; }
    QList<JobState> jobStates() const { return m_scheduler->jobStates(); }

    // Intervals, enabled flags and the initial-sync flag; collecting is isCollecting().
    CollectionSettings settings() const;
    // Applies intervals, enabled flags and initialSync at once; does not start or stop.
    void applySettings(const CollectionSettings &settings);

public Q_SLOTS:
    // Starts continuous collection. True when started, already on, or deferred until a stop in
    // progress has finished; false while runOnce() runs.
    bool start();
    // The --once mode: runs the full sync alone, then emits finished() and stopped(). False unless Off.
    bool runOnce();
    // Cancels whatever runs (the initial sync included); stopped() follows once the runner is
    // idle, at once when already off. A start() deferred by a stop in progress is dropped.
    void stop();
    // Manual run ("Sync now") through the scheduler's queue while collecting; false otherwise.
    // Asking for the full sync while the initial one runs is satisfied by that run.
    bool requestRun(const QString &job);
    void setInterval(const QString &job, qint64 intervalMs);
    void setEnabled(const QString &job, bool enabled);

Q_SIGNALS:
    void stateChanged(Collector::State state);
    void collectingChanged(bool collecting);
    void initialSyncRunningChanged(bool running);
    void jobStateChanged(const JobState &state);
    void jobStarted(const QString &job);
    void jobFinished(const QString &job, const JobOutcome &outcome);
    // The full sync of runOnce() ended (also when stopped: outcome.cancelled).
    void finished(const JobOutcome &outcome);
    // Off again, with no job running.
    void stopped();

private:
    void setState(State state);
    void setInitialSyncRunning(bool running);
    void onJobFinished(const QString &job, const JobOutcome &outcome);
    void onSchedulerStopped();

    CollectionScheduler *m_scheduler = nullptr;
    State m_state = State::Off;
    bool m_initialSync = true;
    bool m_initialSyncRunning = false;
    bool m_onceRunning = false;
    bool m_restartAfterStop = false;
};

#pragma once

#include "collect/jobrunner.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

class QTimer;

// What the GUI shows for one job.
struct JobState
{
    QString name;
    bool enabled = false;
    qint64 intervalMs = 0; // 0: manual job, runs only when requested
    QDateTime nextRun; // next timed run (UTC); invalid when not scheduled
    bool running = false;
    bool pending = false; // queued to run once the jobs ahead of it are done
    bool hasResult = false; // last and lastFinished are meaningful
    JobOutcome last;
    QDateTime lastFinished; // UTC
};

// Lives in the thread that owns it (the sync thread), with the JobRunner it drives; every method
// must be called in that thread (from elsewhere use QMetaObject::invokeMethod), and its timers are
// created and started there.
// Invariants, by construction: at most one job runs at a time (the runner is called only when the
// previous run reported finished); jobs that come due while another runs wait in one FIFO queue in
// the order they came due; a job is queued at most once (further ticks coalesce); ticks missed
// while waiting are skipped, each interval job keeping its grid start + k * interval; after stop()
// nothing runs until the next start.
class CollectionScheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionScheduler)

public:
    // The runner must live in this thread and outlive the scheduler.
    explicit CollectionScheduler(JobRunner *runner, QObject *parent = nullptr);
    ~CollectionScheduler() override;

    // Registers a job (no-op returning false if the name exists). intervalMs <= 0 makes a manual
    // job that runs only through requestRun(), startAfter() or runOnce(). runImmediately queues the
    // job when the timers start instead of waiting one interval.
    bool addJob(const QString &name, qint64 intervalMs, bool enabled = true, bool runImmediately = false);

    QList<JobState> jobStates() const;
    std::optional<JobState> jobState(const QString &name) const;
    bool hasJob(const QString &name) const;

    bool isActive() const { return m_phase == Phase::Active; }
    bool isStopping() const { return m_phase == Phase::Stopping; }
    // Name of the running job, empty when none runs.
    QString runningJob() const { return m_running; }

public Q_SLOTS:
    // Starts the timers of the enabled interval jobs; first runs one interval from now unless
    // runImmediately. No-op when already active; deferred until stopped() while stopping.
    void start();
    // Runs firstJob, and starts the timers only once it has reported finished (whatever its
    // outcome), so that no scheduled job can come due before it ends. False for an unknown job.
    bool startAfter(const QString &firstJob);
    // Runs job once, then stops by itself (stopped() follows its jobFinished()); no timers.
    // False for an unknown job or when not stopped.
    bool runOnce(const QString &job);
    // Stops the timers and drops the queue; a running job is asked to cancel. stopped() is
    // emitted once no job runs any more: at once when idle, else after the job's jobFinished().
    void stop();

    // Queues one manual run (also of a disabled job). False when the job is unknown or the
    // scheduler is not active or is in runOnce(); true when queued or already queued.
    bool requestRun(const QString &job);
    // Take effect at once: the job's next timed run is one new interval from now.
    void setInterval(const QString &job, qint64 intervalMs);
    void setEnabled(const QString &job, bool enabled);
    void setRunImmediately(const QString &job, bool runImmediately);

Q_SIGNALS:
    void jobStateChanged(const JobState &state);
    void jobStarted(const QString &job);
    void jobFinished(const QString &job, const JobOutcome &outcome);
    // A run finished and nothing is queued.
    void idle();
    void stopped();

private:
    enum class Phase { Stopped, Active, Stopping };
    enum class Pending { None, Start, StartAfter };

    struct Job
    {
        QString name;
        qint64 intervalMs = 0;
        bool enabled = true;
        bool runImmediately = false;
        QTimer *timer = nullptr;
        qint64 dueMs = 0; // on m_clock
        QDateTime nextRun; // dueMs on the wall clock, for display
        bool pending = false;
        bool hasResult = false;
        JobOutcome last;
        QDateTime lastFinished;
    };

    bool inOwnThread(const char *function) const;
    Job *findJob(const QString &name);
    const Job *findJob(const QString &name) const;
    JobState stateOf(const Job &job) const;
    void emitState(const Job &job);

    void activate(const QString &firstJob, bool stopAfterFirst);
    void startTimers();
    void stopTimers();
    void scheduleNext(Job &job, qint64 dueMs);
    void armTimer(Job &job);
    void onTimer(const QString &name);
    bool enqueue(Job &job);
    void dispatch();
    void onRunnerFinished(const QString &name, const JobOutcome &outcome);
    void finishStop();

    QPointer<JobRunner> m_runner;
    QList<Job> m_jobs;
    QList<QString> m_queue;
    QString m_running;
    QString m_firstJob; // timers start once it finished (startAfter) or we stop (runOnce)
    bool m_stopAfterFirst = false;
    bool m_timersRunning = false;
    Phase m_phase = Phase::Stopped;
    Pending m_pendingStart = Pending::None; // a start asked for while stopping
    QString m_pendingFirstJob;
    QElapsedTimer m_clock;
};

Q_DECLARE_METATYPE(JobState)

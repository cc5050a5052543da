#include "collect/collectionscheduler.h"

#include "collect/duration.h"

#include <QThread>
#include <QTimer>

#include <algorithm>
#include <limits>

CollectionScheduler::CollectionScheduler(JobRunner *runner, QObject *parent)
    : QObject(parent)
    , m_runner(runner)
{
    m_clock.start();
    // Queued even within one thread: a runner that reports from inside runJob() must not re-enter
    // the dispatch that called it.
    if (runner)
        connect(runner, &JobRunner::jobFinished, this, &CollectionScheduler::onRunnerFinished,
            Qt::QueuedConnection);
}

CollectionScheduler::~CollectionScheduler()
{
    if (!m_running.isEmpty() && m_runner)
        m_runner->cancelJob();
}

bool CollectionScheduler::inOwnThread(const char *function) const
{
    if (QThread::currentThread() == thread())
        return true;
    qWarning("CollectionScheduler::%s called outside the scheduler's thread; ignored", function);
    return false;
}

CollectionScheduler::Job *CollectionScheduler::findJob(const QString &name)
{
    for (Job &job : m_jobs) {
        if (job.name == name)
            return &job;
    }
    return nullptr;
}

const CollectionScheduler::Job *CollectionScheduler::findJob(const QString &name) const
{
    for (const Job &job : m_jobs) {
        if (job.name == name)
            return &job;
    }
    return nullptr;
}

bool CollectionScheduler::hasJob(const QString &name) const
{
    return findJob(name) != nullptr;
}

bool CollectionScheduler::addJob(const QString &name, qint64 intervalMs, bool enabled, bool runImmediately)
{
    if (!inOwnThread("addJob") || name.isEmpty() || findJob(name))
        return false;
    Job job;
    job.name = name;
    job.intervalMs = std::clamp<qint64>(intervalMs, 0, Duration::maxMs);
    job.enabled = enabled;
    job.runImmediately = runImmediately;
    job.timer = new QTimer(this);
    job.timer->setSingleShot(true);
    job.timer->setTimerType(Qt::PreciseTimer);
    connect(job.timer, &QTimer::timeout, this, [this, name] { onTimer(name); });
    m_jobs.append(job);

    Job &added = m_jobs.last();
    if (m_timersRunning && added.enabled && added.intervalMs > 0)
        scheduleNext(added, m_clock.elapsed() + added.intervalMs);
    emitState(added);
    return true;
}

JobState CollectionScheduler::stateOf(const Job &job) const
{
    JobState state;
    state.name = job.name;
    state.enabled = job.enabled;
    state.intervalMs = job.intervalMs;
    if (m_timersRunning && job.enabled && job.intervalMs > 0)
        state.nextRun = job.nextRun;
    state.running = (m_running == job.name);
    state.pending = job.pending;
    state.hasResult = job.hasResult;
    state.last = job.last;
    state.lastFinished = job.lastFinished;
    return state;
}

QList<JobState> CollectionScheduler::jobStates() const
{
    QList<JobState> states;
    states.reserve(m_jobs.size());
    for (const Job &job : m_jobs)
        states.append(stateOf(job));
    return states;
}

std::optional<JobState> CollectionScheduler::jobState(const QString &name) const
{
    if (const Job *job = findJob(name))
        return stateOf(*job);
    return std::nullopt;
}

void CollectionScheduler::emitState(const Job &job)
{
    Q_EMIT jobStateChanged(stateOf(job));
}

void CollectionScheduler::start()
{
    if (!inOwnThread("start"))
        return;
    if (m_phase == Phase::Stopping) {
        m_pendingStart = Pending::Start;
        return;
    }
    if (m_phase == Phase::Active)
        return;
    activate(QString(), false);
}

bool CollectionScheduler::startAfter(const QString &firstJob)
{
    if (!inOwnThread("startAfter") || !findJob(firstJob))
        return false;
    if (m_phase == Phase::Stopping) {
        m_pendingStart = Pending::StartAfter;
        m_pendingFirstJob = firstJob;
        return true;
    }
    if (m_phase == Phase::Active)
        return false;
    activate(firstJob, false);
    return true;
}

bool CollectionScheduler::runOnce(const QString &job)
{
    if (!inOwnThread("runOnce") || !findJob(job) || m_phase != Phase::Stopped)
        return false;
    activate(job, true);
    return true;
}

void CollectionScheduler::activate(const QString &firstJob, bool stopAfterFirst)
{
    m_phase = Phase::Active;
    if (firstJob.isEmpty()) {
        startTimers();
    } else {
        m_firstJob = firstJob;
        m_stopAfterFirst = stopAfterFirst;
        Job *job = findJob(firstJob);
        enqueue(*job);
        emitState(*job);
    }
    dispatch();
}

void CollectionScheduler::stop()
{
    if (!inOwnThread("stop"))
        return;
    m_pendingStart = Pending::None;
    if (m_phase == Phase::Stopping)
        return;
    if (m_phase == Phase::Stopped) {
        Q_EMIT stopped();
        return;
    }

    m_firstJob.clear();
    m_stopAfterFirst = false;
    stopTimers();
    const QList<QString> dropped = m_queue;
    m_queue.clear();
    for (const QString &name : dropped) {
        Job *job = findJob(name);
        job->pending = false;
        emitState(*job);
    }
    if (m_running.isEmpty()) {
        m_phase = Phase::Stopped;
        Q_EMIT stopped();
        return;
    }
    m_phase = Phase::Stopping;
    if (m_runner)
        m_runner->cancelJob();
}

bool CollectionScheduler::requestRun(const QString &name)
{
    if (!inOwnThread("requestRun"))
        return false;
    Job *job = findJob(name);
    if (!job || m_phase != Phase::Active || m_stopAfterFirst)
        return false;
    if (enqueue(*job))
        emitState(*job);
    dispatch();
    return true;
}

void CollectionScheduler::setInterval(const QString &name, qint64 intervalMs)
{
    if (!inOwnThread("setInterval"))
        return;
    Job *job = findJob(name);
    if (!job)
        return;
    job->intervalMs = std::clamp<qint64>(intervalMs, 0, Duration::maxMs);
    if (m_timersRunning) {
        if (job->enabled && job->intervalMs > 0)
            scheduleNext(*job, m_clock.elapsed() + job->intervalMs);
        else
            job->timer->stop();
    }
    emitState(*job);
}

void CollectionScheduler::setEnabled(const QString &name, bool enabled)
{
    if (!inOwnThread("setEnabled"))
        return;
    Job *job = findJob(name);
    if (!job || job->enabled == enabled)
        return;
    job->enabled = enabled;
    if (!enabled) {
        job->timer->stop();
        // The first job of startAfter() keeps its place: the timers wait for it.
        if (job->pending && name != m_firstJob) {
            m_queue.removeAll(name);
            job->pending = false;
        }
    } else if (m_timersRunning && job->intervalMs > 0) {
        scheduleNext(*job, m_clock.elapsed() + job->intervalMs);
    }
    emitState(*job);
}

void CollectionScheduler::setRunImmediately(const QString &name, bool runImmediately)
{
    if (!inOwnThread("setRunImmediately"))
        return;
    if (Job *job = findJob(name))
        job->runImmediately = runImmediately;
}

void CollectionScheduler::startTimers()
{
    m_timersRunning = true;
    const qint64 now = m_clock.elapsed();
    for (Job &job : m_jobs) {
        if (!job.enabled)
            continue;
        if (job.intervalMs > 0)
            scheduleNext(job, now + job.intervalMs);
        if (job.runImmediately)
            enqueue(job);
        emitState(job);
    }
}

void CollectionScheduler::stopTimers()
{
    const bool wereRunning = m_timersRunning;
    m_timersRunning = false;
    for (Job &job : m_jobs) {
        job.timer->stop();
        if (wereRunning && job.enabled && job.intervalMs > 0)
            emitState(job);
    }
}

void CollectionScheduler::scheduleNext(Job &job, qint64 dueMs)
{
    job.dueMs = dueMs;
    job.nextRun = QDateTime::currentDateTimeUtc().addMSecs(dueMs - m_clock.elapsed());
    armTimer(job);
}

void CollectionScheduler::armTimer(Job &job)
{
    // QTimer takes int milliseconds: a longer wait is covered in several shots (see onTimer).
    const qint64 wait = std::clamp<qint64>(job.dueMs - m_clock.elapsed(), 0, std::numeric_limits<int>::max());
    job.timer->start(int(wait));
}

void CollectionScheduler::onTimer(const QString &name)
{
    Job *job = findJob(name);
    if (!job || !m_timersRunning || !job->enabled || job->intervalMs <= 0)
        return;
    const qint64 now = m_clock.elapsed();
    if (now < job->dueMs) {
        armTimer(*job);
        return;
    }
    // Ticks missed while the event loop or other jobs kept us busy are skipped, not replayed:
    // the next run is the first grid point after now.
    const qint64 missed = (now - job->dueMs) / job->intervalMs;
    scheduleNext(*job, job->dueMs + (missed + 1) * job->intervalMs);
    enqueue(*job);
    emitState(*job);
    dispatch();
}

bool CollectionScheduler::enqueue(Job &job)
{
    if (job.pending)
        return false;
    job.pending = true;
    m_queue.append(job.name);
    return true;
}

void CollectionScheduler::dispatch()
{
    if (m_phase != Phase::Active || !m_running.isEmpty() || m_queue.isEmpty())
        return;
    const QString name = m_queue.takeFirst();
    findJob(name)->pending = false;
    m_running = name;
    if (m_runner) {
        m_runner->runJob(name);
    } else {
        JobOutcome outcome;
        outcome.message = tr("No job runner");
        QMetaObject::invokeMethod(
            this, [this, name, outcome] { onRunnerFinished(name, outcome); }, Qt::QueuedConnection);
    }
    if (const Job *job = findJob(name))
        emitState(*job);
    Q_EMIT jobStarted(name);
}

void CollectionScheduler::onRunnerFinished(const QString &name, const JobOutcome &outcome)
{
    if (m_running.isEmpty() || name != m_running) {
        // Not a run of ours (the Collector or a test may drive the runner while we are stopped).
        return;
    }
    m_running.clear();
    Job *job = findJob(name);
    job->hasResult = true;
    job->last = outcome;
    job->lastFinished = QDateTime::currentDateTimeUtc();

    const bool wasFirst = !m_firstJob.isEmpty() && name == m_firstJob;
    if (wasFirst) {
        m_firstJob.clear();
        if (m_stopAfterFirst) {
            // Stopping, so that a start() from a slot of jobFinished() waits for stopped().
            m_stopAfterFirst = false;
            m_phase = Phase::Stopping;
        } else if (m_phase == Phase::Active) {
            startTimers();
        }
    }

    emitState(*job);
    Q_EMIT jobFinished(name, outcome);

    if (m_phase == Phase::Stopping) {
        finishStop();
        return;
    }
    dispatch();
    if (m_phase == Phase::Active && m_running.isEmpty() && m_queue.isEmpty())
        Q_EMIT idle();
}

void CollectionScheduler::finishStop()
{
    m_phase = Phase::Stopped;
    Q_EMIT stopped();
    const Pending pending = m_pendingStart;
    m_pendingStart = Pending::None;
    if (pending == Pending::Start)
        start();
    else if (pending == Pending::StartAfter)
        startAfter(m_pendingFirstJob);
}

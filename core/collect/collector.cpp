#include "collect/collector.h"

Collector::Collector(JobRunner *runner, QObject *parent)
    : QObject(parent)
    , m_scheduler(new CollectionScheduler(runner, this))
{
    connect(m_scheduler, &CollectionScheduler::jobStateChanged, this, &Collector::jobStateChanged);
    connect(m_scheduler, &CollectionScheduler::jobStarted, this, &Collector::jobStarted);
    connect(m_scheduler, &CollectionScheduler::jobFinished, this, &Collector::onJobFinished);
    connect(m_scheduler, &CollectionScheduler::stopped, this, &Collector::onSchedulerStopped);

    m_scheduler->addJob(SyncState::toText(CollectJob::FullSync), 0);
    const CollectionSettings defaults = CollectionSettings::defaults();
    for (const QString &name : CollectionSettings::scheduledJobs()) {
        const CollectionSettings::Job job = defaults.jobs.value(name);
        m_scheduler->addJob(name, job.intervalMs, job.enabled, false);
    }
}

Collector::~Collector() = default;

bool Collector::isCollecting() const
{
    return m_state == State::InitialSync || m_state == State::Collecting;
}

CollectionSettings Collector::settings() const
{
    CollectionSettings settings;
    settings.collecting = isCollecting();
    settings.initialSync = m_initialSync;
    for (const QString &name : CollectionSettings::scheduledJobs()) {
        if (const std::optional<JobState> state = m_scheduler->jobState(name))
            settings.jobs.insert(name, CollectionSettings::Job{state->intervalMs, state->enabled});
    }
    return settings;
}

void Collector::applySettings(const CollectionSettings &settings)
{
    m_initialSync = settings.initialSync;
    for (auto it = settings.jobs.cbegin(); it != settings.jobs.cend(); ++it) {
        if (!CollectionSettings::scheduledJobs().contains(it.key()))
            continue;
        m_scheduler->setInterval(it.key(), it->intervalMs);
        m_scheduler->setEnabled(it.key(), it->enabled);
    }
}

bool Collector::start()
{
    switch (m_state) {
    case State::InitialSync:
    case State::Collecting:
        return true;
    case State::RunningOnce:
        return false;
    case State::Stopping:
        m_restartAfterStop = true;
        return true;
    case State::Off:
        break;
    }
    if (m_initialSync) {
        setState(State::InitialSync);
        setInitialSyncRunning(true);
        m_scheduler->startAfter(SyncState::toText(CollectJob::FullSync));
    } else {
        setState(State::Collecting);
        m_scheduler->start();
    }
    return true;
}

bool Collector::runOnce()
{
    if (m_state != State::Off)
        return false;
    setState(State::RunningOnce);
    m_onceRunning = true;
    m_scheduler->runOnce(SyncState::toText(CollectJob::FullSync));
    return true;
}

void Collector::stop()
{
    m_restartAfterStop = false;
    switch (m_state) {
    case State::Off:
        Q_EMIT stopped();
        return;
    case State::Stopping:
        return;
    case State::InitialSync:
    case State::Collecting:
    case State::RunningOnce:
        break;
    }
    setState(State::Stopping);
    m_scheduler->stop();
}

bool Collector::requestRun(const QString &job)
{
    if (!isCollecting())
        return false;
    if (m_initialSyncRunning && SyncState::fromText<CollectJob>(job) == CollectJob::FullSync)
        return true;
    return m_scheduler->requestRun(job);
}

void Collector::setInterval(const QString &job, qint64 intervalMs)
{
    if (CollectionSettings::scheduledJobs().contains(job))
        m_scheduler->setInterval(job, intervalMs);
}

void Collector::setEnabled(const QString &job, bool enabled)
{
    if (CollectionSettings::scheduledJobs().contains(job))
        m_scheduler->setEnabled(job, enabled);
}

void Collector::setState(State state)
{
    if (m_state == state)
        return;
    const bool wasCollecting = isCollecting();
    m_state = state;
    Q_EMIT stateChanged(state);
    if (isCollecting() != wasCollecting)
        Q_EMIT collectingChanged(isCollecting());
}

void Collector::setInitialSyncRunning(bool running)
{
    if (m_initialSyncRunning == running)
        return;
    m_initialSyncRunning = running;
    Q_EMIT initialSyncRunningChanged(running);
}

void Collector::onJobFinished(const QString &job, const JobOutcome &outcome)
{
    Q_EMIT jobFinished(job, outcome);
    if (SyncState::fromText<CollectJob>(job) == CollectJob::FullSync) {
        if (m_initialSyncRunning) {
            setInitialSyncRunning(false);
            if (m_state == State::InitialSync)
                setState(State::Collecting);
        }
        if (m_onceRunning) {
            m_onceRunning = false;
            Q_EMIT finished(outcome);
        }
    }
}

void Collector::onSchedulerStopped()
{
    if (m_state == State::Off)
        return;
    setInitialSyncRunning(false);
    m_onceRunning = false;
    setState(State::Off);
    Q_EMIT stopped();
    if (m_restartAfterStop) {
        m_restartAfterStop = false;
        start();
    }
}

#pragma once

#include "collect/jobrunner.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QStringList>
#include <QTimer>

#include <algorithm>

// Lives in the thread it is created in (or moved to, with the scheduler that drives it). Its jobs
// only wait a configurable time on a QTimer; every run is recorded with start and end times on one
// monotonic clock, and a runJob() while a run is open is counted as an overlap.
class FakeJobRunner final : public JobRunner
{
    Q_OBJECT

public:
    struct Run
    {
        QString job;
        qint64 startNs = 0;
        qint64 endNs = -1; // -1 while running
        bool cancelRequested = false;
        bool cancelled = false;
    };

    explicit FakeJobRunner(QObject *parent = nullptr)
        : JobRunner(parent)
    {
        m_clock.start();
    }

    qint64 nowNs() const { return m_clock.nsecsElapsed(); }
    static qint64 toMs(qint64 ns) { return ns / 1000000; }

    void setDuration(const QString &job, int ms) { m_durations.insert(job, ms); }
    void setDefaultDuration(int ms) { m_defaultDuration = ms; }
    void setFailing(const QString &job, bool failing) { m_failing.insert(job, failing); }
    // Reports jobFinished() from inside runJob(), as a runner that fails at once might.
    void setFinishSynchronously(bool synchronous) { m_synchronous = synchronous; }

    const QList<Run> &runs() const { return m_runs; }
    QStringList jobsRun() const
    {
        QStringList names;
        for (const Run &run : m_runs)
            names.append(run.job);
        return names;
    }
    int countRuns(const QString &job) const
    {
        return int(
            std::count_if(m_runs.cbegin(), m_runs.cend(), [&](const Run &run) { return run.job == job; }));
    }
    bool isRunning() const { return m_active >= 0; }
    int overlaps() const { return m_overlaps; }
    int cancelCalls() const { return m_cancelCalls; }
    int cancelsWhileRunning() const { return m_cancelsWhileRunning; }

    void runJob(const QString &job) override
    {
        if (m_active >= 0)
            ++m_overlaps;
        Run run;
        run.job = job;
        run.startNs = nowNs();
        m_runs.append(run);
        m_active = int(m_runs.size() - 1);
        if (m_synchronous) {
            finish();
            return;
        }
        if (!m_timer) {
            m_timer = new QTimer(this);
            m_timer->setSingleShot(true);
            m_timer->setTimerType(Qt::PreciseTimer);
            connect(m_timer, &QTimer::timeout, this, &FakeJobRunner::finish);
        }
        m_timer->start(m_durations.value(job, m_defaultDuration));
    }

    void cancelJob() override
    {
        ++m_cancelCalls;
        if (m_active < 0 || m_runs[m_active].cancelRequested)
            return;
        ++m_cancelsWhileRunning;
        m_runs[m_active].cancelRequested = true;
        // Stops at the next page boundary, a little later.
        m_timer->start(std::min(m_timer->remainingTime(), 10));
    }

private:
    void finish()
    {
        Run &run = m_runs[m_active];
        run.endNs = nowNs();
        run.cancelled = run.cancelRequested;
        m_active = -1;
        JobOutcome outcome;
        outcome.cancelled = run.cancelled;
        outcome.ok = !run.cancelled && !m_failing.value(run.job, false);
        outcome.message = outcome.ok ? QStringLiteral("done") : QStringLiteral("failed or cancelled");
        outcome.rows = 7;
        outcome.durationMs = toMs(run.endNs - run.startNs);
        emit jobFinished(run.job, outcome);
    }

    QElapsedTimer m_clock;
    QHash<QString, int> m_durations;
    QHash<QString, bool> m_failing;
    int m_defaultDuration = 20;
    bool m_synchronous = false;
    QTimer *m_timer = nullptr;
    QList<Run> m_runs;
    int m_active = -1;
    int m_overlaps = 0;
    int m_cancelCalls = 0;
    int m_cancelsWhileRunning = 0;
};

// Checks the recorded runs pairwise: every run ended before the next one started.
inline bool runsAreSerial(const QList<FakeJobRunner::Run> &runs, QString *why)
{
    QList<FakeJobRunner::Run> sorted = runs;
    std::sort(sorted.begin(), sorted.end(),
        [](const FakeJobRunner::Run &a, const FakeJobRunner::Run &b) { return a.startNs < b.startNs; });
    for (int i = 0; i + 1 < sorted.size(); ++i) {
        const FakeJobRunner::Run &a = sorted.at(i);
        const FakeJobRunner::Run &b = sorted.at(i + 1);
        if (a.endNs < 0 || a.endNs > b.startNs) {
            *why = QStringLiteral("%1 [%2 ns, %3 ns] overlaps %4 starting at %5 ns")
                       .arg(a.job)
                       .arg(a.startNs)
                       .arg(a.endNs)
                       .arg(b.job)
                       .arg(b.startNs);
            return false;
        }
    }
    return true;
}

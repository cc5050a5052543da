#pragma once

#include "sync/syncsummary.h"
#include "syncstate.h"

#include <QMetaType>
#include <QObject>
#include <QString>

// Jobs are named by SyncState::toText(CollectJob): the scheduler keys any job by its name, and the
// collection settings store them under it.

// How one run of a job ended. A cancelled run has cancelled = true and ok = false; rows counts
// what it stored before it stopped (every row: a snapshot of 3,563 markets stores 7,126, the
// markets and their snapshots), counts the same by kind, for people (the snapshot's 3,563).
struct JobOutcome
{
    bool ok = false;
    bool cancelled = false;
    QString message;
    qint64 rows = 0;
    RowCounts counts;
    qint64 durationMs = 0;
};

// Lives in the sync thread, the thread of the CollectionScheduler that drives it; runJob() and
// cancelJob() are called only from that thread.
// Contract: runJob() starts one job and returns at once; the runner reports every run exactly once
// through jobFinished() with the same job name, also when the job failed or was cancelled, and
// also when the name is unknown (ok = false). The scheduler never calls runJob() while a run has
// not reported finished: implementations need not queue. cancelJob() asks the running job to stop
// at its next page boundary; it is a no-op when nothing runs.
class JobRunner : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobRunner)

public:
    explicit JobRunner(QObject *parent = nullptr)
        : QObject(parent)
    {
    }
    ~JobRunner() override = default;

    virtual void runJob(const QString &job) = 0;
    virtual void cancelJob() = 0;

Q_SIGNALS:
    void jobFinished(const QString &job, const JobOutcome &outcome);
};

Q_DECLARE_METATYPE(JobOutcome)

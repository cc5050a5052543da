#pragma once

#include "collect/jobrunner.h"
#include "sync/syncrequest.h"
#include "sync/syncsummary.h"

class SyncSession;

// Lives in the sync thread beside its SyncSession. Lets the collection scheduler run sync jobs:
// "full-sync", "markets" (open markets), "snapshot" and "settlements", each as one SyncRequest on
// the session. The session runs one request at a time; the scheduler never asks for two.
class SyncJobRunner final : public JobRunner
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncJobRunner)

public:
    explicit SyncJobRunner(SyncSession *session, QObject *parent = nullptr);

    // The request a job name stands for; false for an unknown name.
    static bool requestForJob(const QString &job, SyncRequest *request);

    // Where the "watchlist" job reads the watched tickers (a read-only connection per run); without
    // it, or with no market watched, that job ends at once with nothing to do.
    void setDatabasePath(const QString &path) { m_databasePath = path; }

    // Applied to every request: multivariate filter for markets and snapshots.
    void setMveFilter(const QString &filter) { m_mveFilter = filter; }

    void runJob(const QString &job) override;
    void cancelJob() override;

private:
    void onSessionFinished(const SyncSummary &summary);

    SyncSession *m_session;
    QString m_mveFilter = QStringLiteral("exclude");
    QString m_databasePath;
    QString m_runningJob;
};

#include "sync/syncjobrunner.h"

#include "sync/syncsession.h"

#include "alerts/alertstore.h"

SyncJobRunner::SyncJobRunner(SyncSession *session, QObject *parent)
    : JobRunner(parent)
    , m_session(session)
{
    connect(session, &SyncSession::finished, this, &SyncJobRunner::onSessionFinished);
}

bool SyncJobRunner::requestForJob(const QString &job, SyncRequest *request)
{
    *request = SyncRequest();
    const std::optional<CollectJob> known = SyncState::fromText<CollectJob>(job);
    if (!known)
        return false;
    switch (*known) {
    case CollectJob::FullSync:
        request->kind = SyncRequest::Kind::Full;
        break;
    case CollectJob::Markets:
        request->kind = SyncRequest::Kind::Markets;
        break;
    case CollectJob::Snapshot:
    case CollectJob::Watchlist:
        request->kind = SyncRequest::Kind::Snapshot;
        break;
    case CollectJob::Settlements:
        request->kind = SyncRequest::Kind::Settlements;
        break;
    }
    return true;
}

void SyncJobRunner::runJob(const QString &job)
{
    SyncRequest request;
    if (!requestForJob(job, &request)) {
        JobOutcome outcome;
        outcome.message = tr("unknown job %1").arg(job);
        Q_EMIT jobFinished(job, outcome);
        return;
    }
    if (m_session->isRunning()) {
        JobOutcome outcome;
        outcome.message = tr("another sync is still running");
        Q_EMIT jobFinished(job, outcome);
        return;
    }
    request.mveFilter = m_mveFilter;
    if (SyncState::fromText<CollectJob>(job) == CollectJob::Watchlist) {
        QString error;
        if (!m_databasePath.isEmpty()
            && !AlertStore::readWatchedTickersFromFile(m_databasePath, &request.tickers, &error)) {
            JobOutcome outcome;
            outcome.message = tr("cannot read the watchlist: %1").arg(error);
            Q_EMIT jobFinished(job, outcome);
            return;
        }
        if (request.tickers.isEmpty()) {
            JobOutcome outcome;
            outcome.ok = true;
            outcome.message = tr("no market watched");
            Q_EMIT jobFinished(job, outcome);
            return;
        }
    }
    m_runningJob = job;
    m_session->start(request);
}

void SyncJobRunner::cancelJob()
{
    if (!m_runningJob.isEmpty())
        m_session->cancel();
}

void SyncJobRunner::onSessionFinished(const SyncSummary &summary)
{
    if (m_runningJob.isEmpty())
        return; // a request that did not come from the scheduler
    const QString job = std::exchange(m_runningJob, QString());
    JobOutcome outcome;
    outcome.ok = summary.ok;
    outcome.cancelled = summary.cancelled;
    outcome.rows = summary.rows.total();
    outcome.counts = summary.rows;
    outcome.durationMs = summary.elapsedMs;
    if (!summary.error.isEmpty())
        outcome.message = summary.error;
    else
        outcome.message
            = tr("%n page(s)", nullptr, summary.pages) + (summary.truncated ? tr(", truncated") : QString());
    Q_EMIT jobFinished(job, outcome);
}

#include "sync/syncworker.h"

#include "collect/collector.h"
#include "logging.h"
#include "network/kalshiclient.h"
#include "sync/syncjobrunner.h"
#include "sync/syncsession.h"

#include <QThread>

SyncWorker::SyncWorker(const Options &options, DatabaseWriter *writer)
    : m_options(options)
    , m_writer(writer)
{
}

SyncWorker::~SyncWorker() = default;

void SyncWorker::initialize()
{
    Q_ASSERT(QThread::currentThread() == thread());
    KalshiClient::Options clientOptions;
    clientOptions.baseUrl = m_options.apiBase;
    clientOptions.requestsPerSecond = m_options.rateLimit;
    m_client = new KalshiClient(clientOptions, this);
    m_session = new SyncSession(m_client, this);
    m_session->attachWriter(m_writer);
    m_runner = new SyncJobRunner(m_session, this);
    m_runner->setDatabasePath(m_options.databasePath);
    m_runner->setMveFilter(m_options.collection.mveFilter);
    m_collector = new Collector(m_runner, this);
    m_collector->applySettings(m_options.collection);

    connect(m_session, &SyncSession::started, this, &SyncWorker::onSessionStarted);
    connect(m_session, &SyncSession::progress, this, &SyncWorker::progress);
    connect(m_session, &SyncSession::finished, this, &SyncWorker::onSessionFinished);
    connect(m_session, &SyncSession::logMessage, this, &SyncWorker::logMessage);
    connect(m_session, &SyncSession::retrying, this, &SyncWorker::retrying);
    connect(m_collector, &Collector::collectingChanged, this, &SyncWorker::collectingChanged);
    connect(m_collector, &Collector::initialSyncRunningChanged, this, &SyncWorker::initialSyncRunningChanged);
    connect(m_collector, &Collector::jobStateChanged, this, &SyncWorker::jobStateChanged);
    connect(m_collector, &Collector::stopped, this, &SyncWorker::onCollectorStopped);
    connect(
        m_collector, &Collector::jobFinished, this, [this](const QString &job, const JobOutcome &outcome) {
            if (!outcome.ok && !outcome.cancelled)
                Q_EMIT logMessage(
                    SyncLogLevel::Error, tr("Collection job %1 failed: %2").arg(job, outcome.message));
        });
    Q_EMIT jobStatesReset(m_collector->jobStates());
}

void SyncWorker::syncNow()
{
    if (m_shuttingDown || !m_session)
        return;
    if (m_collector->isCollecting()) {
        m_collector->requestRun(SyncState::toText(CollectJob::FullSync));
        return;
    }
    if (m_session->isRunning())
        return;
    rebuildClientIfIdle();
    SyncRequest request;
    request.kind = SyncRequest::Kind::Full;
    request.mveFilter = m_options.collection.mveFilter;
    m_session->start(request);
}

void SyncWorker::cancelSync()
{
    if (m_session && m_session->isRunning())
        m_session->cancel();
}

void SyncWorker::setCollecting(bool collecting)
{
    if (!m_collector || m_shuttingDown)
        return;
    m_wantCollecting = collecting;
    if (!collecting) {
        m_collector->stop();
        return;
    }
    // A manual sync still running would collide with the initial sync: start once it ended.
    if (m_session->isRunning() && !m_collector->isCollecting())
        return;
    rebuildClientIfIdle();
    m_collector->start();
}

void SyncWorker::setJobInterval(const QString &job, qint64 intervalMs)
{
    if (m_collector)
        m_collector->setInterval(job, intervalMs);
}

void SyncWorker::setJobEnabled(const QString &job, bool enabled)
{
    if (m_collector)
        m_collector->setEnabled(job, enabled);
}

void SyncWorker::setMveFilter(const QString &filter)
{
    m_options.collection.mveFilter = filter;
    if (m_runner)
        m_runner->setMveFilter(filter);
}

void SyncWorker::setApi(const QUrl &apiBase, double rateLimit)
{
    m_options.apiBase = apiBase;
    m_options.rateLimit = rateLimit;
    m_clientOutdated = true;
    rebuildClientIfIdle();
}

void SyncWorker::fetchHistory(const BackfillRequest &request)
{
    if (m_shuttingDown || !m_client)
        return;
    if (m_history) {
        m_nextHistory = request;
        return;
    }
    startHistory(request);
}

void SyncWorker::startHistory(const BackfillRequest &request)
{
    rebuildClientIfIdle();
    m_historyRequest = request;
    if (m_historyRequest.databasePath.isEmpty())
        m_historyRequest.databasePath = m_options.databasePath;
    m_history = new Backfill(m_client, this);
    m_history->attachWriter(m_writer);
    connect(m_history, &Backfill::finished, this, &SyncWorker::onHistoryFinished);
    connect(m_history, &Backfill::retrying, this,
        [this](const SyncRetry &retry) { Q_EMIT historyRetrying(m_historyRequest, retry); });
    connect(m_history, &Backfill::logMessage, this, [this](SyncLogLevel level, const QString &message) {
        // Per-request chatter stays in the developer log; trouble reaches the user's log.
        if (level == SyncLogLevel::Info)
            qCDebug(lcSync) << "history:" << message;
        else
            Q_EMIT logMessage(level, message);
    });
    m_history->start(m_historyRequest);
}

void SyncWorker::onHistoryFinished(const SyncSummary &summary)
{
    Backfill *finished = std::exchange(m_history, nullptr);
    finished->deleteLater();
    Q_EMIT historyFetched(m_historyRequest, summary);
    if (m_shuttingDown) {
        maybeCompleteShutdown();
        return;
    }
    rebuildClientIfIdle();
    if (auto next = std::exchange(m_nextHistory, std::nullopt))
        startHistory(*next);
}

void SyncWorker::rebuildClientIfIdle()
{
    if (!m_clientOutdated || !m_session || m_session->isRunning() || m_history)
        return;
    m_clientOutdated = false;
    KalshiClient::Options clientOptions;
    clientOptions.baseUrl = m_options.apiBase;
    clientOptions.requestsPerSecond = m_options.rateLimit;
    KalshiClient *old = m_client;
    m_client = new KalshiClient(clientOptions, this);
    m_session->setClient(m_client);
    old->deleteLater();
    Q_EMIT logMessage(SyncLogLevel::Info,
        tr("Using the API at %1, at most %2 requests per second")
            .arg(m_options.apiBase.toString())
            .arg(m_options.rateLimit));
}

void SyncWorker::shutdown()
{
    qCDebug(lcSync) << "shutdown: session running" << (m_session && m_session->isRunning()) << "collector on"
                    << (m_collector && m_collector->state() != Collector::State::Off);
    m_shuttingDown = true;
    m_wantCollecting = false;
    if (m_collector && m_collector->state() != Collector::State::Off)
        m_collector->stop();
    if (m_session && m_session->isRunning())
        m_session->cancel();
    m_nextHistory.reset();
    if (m_history)
        m_history->cancel();
    maybeCompleteShutdown();
}

void SyncWorker::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void SyncWorker::onSessionStarted(const SyncRequest &request)
{
    setBusy(true);
    Q_EMIT syncStarted(SyncRequest::commandName(request.kind));
}

void SyncWorker::onSessionFinished(const SyncSummary &summary)
{
    setBusy(false);
    Q_EMIT syncFinished(summary);
    if (m_shuttingDown) {
        maybeCompleteShutdown();
        return;
    }
    rebuildClientIfIdle();
    if (m_wantCollecting && m_collector->state() == Collector::State::Off)
        m_collector->start();
}

void SyncWorker::onCollectorStopped()
{
    maybeCompleteShutdown();
}

void SyncWorker::maybeCompleteShutdown()
{
    // Collector::stop() may report stopped() synchronously inside shutdown(): emit only once.
    if (!m_shuttingDown || m_shutdownCompleted)
        return;
    const bool sessionIdle = !m_session || !m_session->isRunning();
    const bool collectorOff = !m_collector || m_collector->state() == Collector::State::Off;
    if (sessionIdle && collectorOff && !m_history) {
        m_shutdownCompleted = true;
        qCDebug(lcSync) << "shutdown complete";
        Q_EMIT shutdownComplete();
    }
}

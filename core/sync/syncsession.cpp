#include "sync/syncsession.h"

#include "logging.h"

#include "network/kalshiclient.h"
#include "network/marketparser.h"
#include "storage/databasewriter.h"

#include <QDateTime>
#include <QThread>

namespace {

// Pages the fetcher may run ahead of the writer's acknowledgements, so that fetching and parsing go
// on while the writer commits (one transaction per page); 16 pages of records are about 12 MB.
constexpr int pagesAhead = 16;

quint64 nextRunToken()
{
    static QAtomicInteger<quint64> counter(0);
    return ++counter;
}

} // namespace

SyncSession::SyncSession(KalshiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

SyncSession::~SyncSession()
{
    if (m_fetcher)
        m_fetcher->cancel();
}

void SyncSession::attachWriter(DatabaseWriter *writer)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_writerConnections))
        disconnect(connection);
    m_writerConnections = {
        connect(this, &SyncSession::batchReady, writer, &DatabaseWriter::write),
        connect(this, &SyncSession::syncRunRequested, writer, &DatabaseWriter::startSyncRun),
        connect(this, &SyncSession::syncRunFinishRequested, writer, &DatabaseWriter::finishSyncRun),
        connect(writer, &DatabaseWriter::batchWritten, this, &SyncSession::onBatchWritten),
        connect(writer, &DatabaseWriter::syncRunStarted, this, &SyncSession::onSyncRunStarted),
        connect(writer, &DatabaseWriter::syncRunFinished, this, &SyncSession::onSyncRunFinished),
    };
}

void SyncSession::setClient(KalshiClient *client)
{
    Q_ASSERT(!m_running);
    m_client = client;
}

QUrlQuery SyncSession::listingQuery(Phase phase, const SyncRequest &request)
{
    QUrlQuery query;
    const auto addMveFilter = [&] {
        if (request.mveFilter != QStringLiteral("include"))
            query.addQueryItem(QStringLiteral("mve_filter"), request.mveFilter);
    };
    switch (phase) {
    case Phase::Events:
        break;
    case Phase::Markets:
        if (request.marketStatus != QStringLiteral("all") && !request.marketStatus.isEmpty())
            query.addQueryItem(QStringLiteral("status"), request.marketStatus);
        addMveFilter();
        break;
    case Phase::Settlements:
        query.addQueryItem(QStringLiteral("status"), QStringLiteral("settled"));
        break;
    case Phase::HistoricalSettlements:
        // Every market there is settled; the tier takes no status filter.
        query.addQueryItem(QStringLiteral("mve_filter"), QStringLiteral("exclude"));
        break;
    case Phase::Snapshot:
        query.addQueryItem(QStringLiteral("status"), QStringLiteral("open"));
        addMveFilter();
        break;
    case Phase::Watchlist: // the tickers are added per chunk
    case Phase::Backfill:
        break;
    }
    return query;
}

bool SyncSession::sharesMarketsListing(const SyncRequest &request)
{
    return request.kind == SyncRequest::Kind::Full
        && listingQuery(Phase::Markets, request) == listingQuery(Phase::Snapshot, request);
}

void SyncSession::start(const SyncRequest &request)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_running) {
        SyncSummary refused;
        refused.command = SyncRequest::commandName(request.kind);
        refused.error = QStringLiteral("a sync is already running in this session");
        Q_EMIT finished(refused);
        return;
    }
    m_running = true;
    m_cancelRequested = false;
    m_request = request;
    m_summary = SyncSummary();
    m_summary.command = SyncRequest::commandName(request.kind);
    m_summary.ok = true;
    switch (request.kind) {
    case SyncRequest::Kind::Events:
        m_phases = {Phase::Events};
        break;
    case SyncRequest::Kind::Markets:
        m_phases = {Phase::Markets};
        break;
    case SyncRequest::Kind::Settlements:
        m_phases = {Phase::Settlements};
        if (request.historical)
            m_phases.append(Phase::HistoricalSettlements);
        break;
    case SyncRequest::Kind::Snapshot:
        m_phases = {Phase::Snapshot};
        m_tickerChunks.clear();
        if (!request.tickers.isEmpty()) {
            // Short URLs: 100 tickers of about 30 characters per request.
            constexpr int chunk = 100;
            m_phases.clear();
            for (qsizetype i = 0; i < request.tickers.size(); i += chunk) {
                m_tickerChunks.append(request.tickers.mid(i, chunk).join(u','));
                m_phases.append(Phase::Watchlist);
            }
        }
        break;
    case SyncRequest::Kind::Full:
        m_phases = {Phase::Events, Phase::Markets, Phase::Settlements, Phase::Snapshot};
        break;
    }
    m_requestTimer.start();
    qCDebug(lcSync) << "sync" << m_summary.command << "starts with" << m_phases.size() << "phases";
    Q_EMIT started(request);
    startNextPhase();
}

void SyncSession::cancel()
{
    if (!m_running || m_cancelRequested)
        return;
    m_cancelRequested = true;
    qCDebug(lcSync) << "cancel requested during" << m_summary.command
                    << "with a fetcher running:" << bool(m_fetcher);
    Q_EMIT logMessage(SyncLogLevel::Info,
        tr("Cancelling %1 after the pages already fetched are stored").arg(m_summary.command));
    if (m_fetcher)
        m_fetcher->cancel();
    else
        maybeFinishPhase();
}

void SyncSession::startNextPhase()
{
    if (m_phases.isEmpty() || m_cancelRequested || !m_summary.error.isEmpty()) {
        finishRequest();
        return;
    }
    m_phase = m_phases.takeFirst();
    m_snapshotShared
        = m_phase == Phase::Markets && m_phases.contains(Phase::Snapshot) && sharesMarketsListing(m_request);
    if (m_snapshotShared)
        m_phases.removeAll(Phase::Snapshot);
    m_snapshotRunToken = 0;
    m_snapshotRunId = 0;
    m_runToken = nextRunToken();
    m_runId = 0;
    m_progress = SyncProgress();
    m_progress.phase = m_phase;
    m_progress.status = SyncStatus::Running;
    m_pendingPages.clear();
    m_fetchDone = false;
    m_fetchOutcome = PageFetcher::Outcome();
    m_writeError.clear();
    m_finishingPhase = false;
    m_snapshotTime = QDateTime::currentSecsSinceEpoch();
    m_phaseTimer.start();
    emitProgress();
    Q_EMIT syncRunRequested(m_runToken, m_progress.phase);
}

void SyncSession::onSyncRunStarted(quint64 token, qint64 runId, const QString &error)
{
    if (m_snapshotShared && token == m_snapshotRunToken && m_runId > 0 && m_snapshotRunId == 0) {
        if (runId <= 0) {
            // The markets row exists: it ends as failed instead of staying "running".
            m_writeError = tr("%1: cannot record the sync in the database: %2")
                               .arg(SyncState::toText(Phase::Snapshot), error);
            m_fetchDone = true;
            maybeFinishPhase();
            return;
        }
        m_snapshotRunId = runId;
    } else if (token != m_runToken || m_runId != 0) {
        return;
    } else if (runId <= 0) {
        // Without a sync_runs row the database is not writable: nothing else would succeed either.
        m_summary.ok = false;
        m_summary.error = tr("%1: cannot record the sync in the database: %2")
                              .arg(SyncState::toText(m_progress.phase), error);
        m_progress.finished = true;
        m_progress.status = SyncStatus::Failed;
        emitProgress();
        finishRequest();
        return;
    } else {
        m_runId = runId;
        if (m_snapshotShared) {
            // One row after the other: a row the writer could not insert never leaves the other one
            // behind as "running" (see above).
            m_snapshotRunToken = nextRunToken();
            Q_EMIT syncRunRequested(m_snapshotRunToken, Phase::Snapshot);
            return;
        }
    }
    if (m_cancelRequested) {
        m_fetchDone = true;
        m_fetchOutcome.status = PageFetcher::Status::Cancelled;
        maybeFinishPhase();
        return;
    }
    beginFetching();
}

void SyncSession::beginFetching()
{
    PageFetcher::Endpoint endpoint
        = m_phase == Phase::Events ? PageFetcher::Endpoint::events() : PageFetcher::Endpoint::markets();
    if (m_phase == Phase::HistoricalSettlements)
        endpoint.path = QStringLiteral("/historical/markets");
    QUrlQuery query = listingQuery(m_phase, m_request);
    if (m_phase == Phase::Watchlist && !m_tickerChunks.isEmpty())
        query.addQueryItem(QStringLiteral("tickers"), m_tickerChunks.takeFirst());
    auto *fetcher = new PartitionedListing(m_client, endpoint, query, this);
    if (m_phase == Phase::Markets || m_phase == Phase::Snapshot) {
        fetcher->setBoundaries(PartitionedListing::defaultBoundaries(m_snapshotTime));
        fetcher->setSplit(PartitionedListing::Split::WhenLatencyBound);
    } else {
        fetcher->setSplit(PartitionedListing::Split::Never);
    }
    fetcher->setMaxPages(m_request.maxPages);
    fetcher->setMaxPagesAhead(pagesAhead);
    connect(fetcher, &PartitionedListing::listPageReady, this, &SyncSession::onPage);
    connect(fetcher, &PartitionedListing::finished, this, &SyncSession::onFetchFinished);
    connect(fetcher, &PartitionedListing::splitStarted, this,
        [this](int windows, const QString &timeField, int concurrency) {
            const QString field = timeField == u"created" ? tr("creation time") : tr("close time");
            Q_EMIT logMessage(SyncLogLevel::Info,
                tr("%1: each request took longer than the rate limit's interval; listing the rest "
                   "in %2 windows by %3, %4 requests at a time")
                    .arg(SyncState::toText(m_progress.phase))
                    .arg(windows)
                    .arg(field)
                    .arg(concurrency));
        });
    connect(m_client, &KalshiClient::retrying, fetcher,
        [this](quint64, int attempt, qint64 delayMs, const RequestError &error) {
            ++m_progress.retries;
            Q_EMIT logMessage(SyncLogLevel::Warning,
                tr("%1: retrying in %2 ms: %3")
                    .arg(SyncState::toText(m_progress.phase))
                    .arg(delayMs)
                    .arg(error.text()));
            const KalshiClient::Options &client = m_client->options();
            Q_EMIT retrying(SyncRetry::announced(
                m_progress.phase, client.baseUrl, client.maxAttempts, attempt, delayMs, error));
            emitProgress();
        });
    m_fetcher = fetcher;
    fetcher->start();
}

WriteBatch SyncSession::buildBatch(int page, const ListPage &items, RowCounts *rows)
{
    WriteBatch batch;
    batch.syncRunId = m_runId;
    batch.snapshotRunId = m_snapshotShared ? m_snapshotRunId : 0;
    batch.page = page;
    QList<MarketParser::SkippedItem> skipped;
    if (m_phase == Phase::Events) {
        MarketParser::ParsedEventPage parsed = MarketParser::parseEventsPage(items);
        batch.kind = WriteBatch::Kind::Events;
        batch.events = std::move(parsed.records);
        skipped = std::move(parsed.skipped);
        rows->events = batch.events.size();
    } else {
        MarketParser::ParsedPage parsed = MarketParser::parseMarketsPage(items);
        batch.markets = std::move(parsed.records);
        skipped = std::move(parsed.skipped);
        rows->markets = batch.markets.size();
        switch (m_phase) {
        case Phase::Markets:
            batch.kind = WriteBatch::Kind::Markets;
            if (m_snapshotShared) {
                batch.kind = WriteBatch::Kind::Snapshots;
                batch.snapshots.reserve(batch.markets.size());
                for (const MarketRecord &market : std::as_const(batch.markets))
                    batch.snapshots.append(MarketParser::snapshotFromMarket(market, m_snapshotTime));
                rows->snapshots = batch.snapshots.size();
            }
            break;
        case Phase::HistoricalSettlements:
            if (m_request.settledSince) {
                const qint64 since = *m_request.settledSince;
                batch.markets.removeIf([since](const MarketRecord &market) {
                    const std::optional<qint64> settled
                        = market.settlementTs ? market.settlementTs : market.expirationTime;
                    return settled && *settled < since;
                });
                rows->markets = batch.markets.size();
            }
            Q_FALLTHROUGH();
        case Phase::Settlements:
            batch.kind = WriteBatch::Kind::Settlements;
            for (const MarketRecord &market : std::as_const(batch.markets)) {
                QString whyNot;
                if (const auto settlement = MarketParser::settlementFromMarket(market, &whyNot))
                    batch.settlements.append(*settlement);
                else
                    skipped.append({market.ticker, whyNot});
            }
            rows->settlements = batch.settlements.size();
            break;
        case Phase::Snapshot:
        case Phase::Watchlist:
            batch.kind = WriteBatch::Kind::Snapshots;
            batch.snapshotScope
                = m_phase == Phase::Watchlist ? SnapshotScope::Watchlist : SnapshotScope::Listing;
            batch.snapshots.reserve(batch.markets.size());
            for (const MarketRecord &market : std::as_const(batch.markets))
                batch.snapshots.append(MarketParser::snapshotFromMarket(market, m_snapshotTime));
            rows->snapshots = batch.snapshots.size();
            break;
        case Phase::Events:
        case Phase::Backfill:
            break;
        }
    }
    m_progress.skipped += int(skipped.size());
    for (const MarketParser::SkippedItem &item : std::as_const(skipped)) {
        Q_EMIT logMessage(SyncLogLevel::Warning,
            tr("%1 page %2: skipped %3: %4")
                .arg(SyncState::toText(m_progress.phase))
                .arg(page)
                .arg(item.ticker.isEmpty() ? tr("an item without ticker") : item.ticker, item.reason));
    }
    return batch;
}

void SyncSession::onPage(int page, const ListPage &items)
{
    if (m_cancelRequested || !m_writeError.isEmpty())
        return;
    RowCounts rows;
    const WriteBatch batch = buildBatch(page, items, &rows);
    m_pendingPages.insert(page, rows);
    Q_EMIT batchReady(batch);
}

void SyncSession::onBatchWritten(const BatchResult &result)
{
    if (m_runId == 0 || result.syncRunId != m_runId)
        return; // another session's batch on the shared writer
    const auto pending = m_pendingPages.constFind(result.page);
    if (pending == m_pendingPages.constEnd())
        return;
    RowCounts rows = *pending;
    m_pendingPages.erase(pending);
    if (result.kind == WriteBatch::Kind::Snapshots)
        rows.snapshots = result.snapshotsStored; // a snapshot already stored for that time is kept
    if (result.ok) {
        ++m_progress.page;
        m_progress.rows += rows;
        if (m_fetcher)
            m_fetcher->acknowledge(result.page);
    } else if (m_writeError.isEmpty()) {
        m_writeError = tr("%1 page %2: the database refused the page: %3")
                           .arg(SyncState::toText(m_progress.phase))
                           .arg(result.page)
                           .arg(result.error);
        if (m_fetcher)
            m_fetcher->cancel();
    }
    emitProgress();
    maybeFinishPhase();
}

void SyncSession::onFetchFinished(const PageFetcher::Outcome &outcome)
{
    m_fetchDone = true;
    m_fetchOutcome = outcome;
    if (m_fetcher) {
        m_fetcher->deleteLater();
        m_fetcher = nullptr;
    }
    maybeFinishPhase();
}

void SyncSession::maybeFinishPhase()
{
    if (!m_fetchDone || !m_pendingPages.isEmpty() || m_finishingPhase || m_runId == 0)
        return;
    m_finishingPhase = true;

    SyncStatus status = SyncStatus::Ok;
    QString error;
    if (!m_writeError.isEmpty()) {
        status = SyncStatus::Failed;
        error = m_writeError;
    } else if (m_cancelRequested || m_fetchOutcome.status == PageFetcher::Status::Cancelled) {
        status = SyncStatus::Cancelled;
    } else if (m_fetchOutcome.status == PageFetcher::Status::Failed) {
        status = SyncStatus::Failed;
        error = m_fetchOutcome.error.text();
    } else if (m_fetchOutcome.status == PageFetcher::Status::Truncated) {
        status = SyncStatus::Truncated;
        error = tr("stopped at the page limit (%1) with more pages left").arg(m_request.maxPages);
    }

    m_progress.finished = true;
    m_progress.status = status;
    m_progress.elapsedMs = m_phaseTimer.elapsed();

    m_summary.pages += m_progress.page;
    m_summary.rows += m_progress.rows;
    m_summary.skipped += m_progress.skipped;
    m_summary.retries += m_progress.retries;
    if (status == SyncStatus::Truncated)
        m_summary.truncated = true;
    if (status == SyncStatus::Cancelled)
        m_summary.cancelled = true;
    if (status == SyncStatus::Failed) {
        m_summary.ok = false;
        m_summary.error = error;
    }

    SyncRunRecord run;
    run.id = m_runId;
    run.kind = m_progress.phase;
    run.finishedAt = QDateTime::currentSecsSinceEpoch();
    run.status = status;
    run.pages = m_progress.page;
    // As the writer counted them in each page's transaction: the rows of the run's own kind, a
    // snapshot run its stored snapshot rows.
    const auto runRows = [this](Phase phase) {
        const bool snapshotRun = phase == Phase::Snapshot || phase == Phase::Watchlist;
        return (snapshotRun ? m_progress : progressOf(phase)).rows.ofPhase(phase);
    };
    run.rows = runRows(m_phase);
    run.skipped = m_progress.skipped;
    run.retries = m_progress.retries;
    run.error = error;
    QList<SyncRunRecord> runs{run};
    if (m_snapshotRunId > 0) {
        run.id = m_snapshotRunId;
        run.kind = Phase::Snapshot;
        run.rows = runRows(Phase::Snapshot);
        runs.append(run);
    }
    emitProgress();
    m_runsFinishing = int(runs.size());
    for (const SyncRunRecord &finished : std::as_const(runs))
        Q_EMIT syncRunFinishRequested(finished);
}

void SyncSession::onSyncRunFinished(const SyncRunRecord &run, bool ok, const QString &error)
{
    if (!m_finishingPhase || run.id <= 0 || (run.id != m_runId && run.id != m_snapshotRunId))
        return;
    if (!ok) {
        Q_EMIT logMessage(SyncLogLevel::Error,
            tr("%1: could not record the end of the sync: %2").arg(SyncState::toText(run.kind), error));
        if (m_summary.error.isEmpty()) {
            m_summary.ok = false;
            m_summary.error = tr("%1: cannot record the sync in the database: %2")
                                  .arg(SyncState::toText(run.kind), error);
        }
    }
    if (--m_runsFinishing > 0)
        return;
    m_runId = 0;
    m_snapshotRunId = 0;
    m_finishingPhase = false;
    startNextPhase();
}

void SyncSession::finishRequest()
{
    m_running = false;
    m_phases.clear();
    if (m_cancelRequested) {
        m_summary.cancelled = true;
        m_summary.ok = false;
        if (m_summary.error.isEmpty())
            m_summary.error = tr("cancelled");
    }
    m_summary.elapsedMs = m_requestTimer.elapsed();
    qCDebug(lcSync) << "sync" << m_summary.command << "ends: ok" << m_summary.ok << "cancelled"
                    << m_summary.cancelled << "pages" << m_summary.pages << "after" << m_summary.elapsedMs
                    << "ms";
    Q_EMIT finished(m_summary);
}

void SyncSession::emitProgress()
{
    m_progress.elapsedMs = m_phaseTimer.elapsed();
    Q_EMIT progress(progressOf(m_phase));
    if (m_snapshotShared)
        Q_EMIT progress(progressOf(Phase::Snapshot));
}

SyncProgress SyncSession::progressOf(Phase phase) const
{
    SyncProgress progress = m_progress;
    if (m_snapshotShared) {
        progress.phase = phase;
        // The markets phase records its markets; the snapshot phase, like a snapshot run of its own,
        // the markets and their snapshot rows.
        if (phase == Phase::Markets)
            progress.rows.snapshots = 0;
    }
    return progress;
}

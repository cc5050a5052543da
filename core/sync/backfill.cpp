#include "sync/backfill.h"

#include "logging.h"
#include "network/candleparser.h"
#include "network/kalshiclient.h"
#include "network/marketparser.h"
#include "storage/databasewriter.h"
#include "storage/schema.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>

namespace {

// Tickers per GET /markets?tickers=...: keeps the URL short.
constexpr int tickersPerListing = 100;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

qint64 ceilDiv(qint64 a, qint64 b)
{
    return -floorDiv(-a, b);
}

// market_settled_ts as an RFC 3339 time or as Unix seconds.
std::optional<qint64> cutoffOf(const QByteArray &body)
{
    const QJsonValue value = QJsonDocument::fromJson(body).object().value(QLatin1String("market_settled_ts"));
    if (value.isString())
        return MarketParser::parseRfc3339(value.toString());
    if (value.isDouble() && double(value.toInteger()) == value.toDouble())
        return value.toInteger();
    return std::nullopt;
}

} // namespace

Backfill::Backfill(KalshiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_connectionName(QStringLiteral("km-backfill-%1").arg(quintptr(this), 0, 16))
{
}

Backfill::~Backfill()
{
    if (QSqlDatabase::contains(m_connectionName))
        Schema::closeConnection(m_connectionName);
}

void Backfill::attachWriter(DatabaseWriter *writer)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_writerConnections))
        disconnect(connection);
    m_writerConnections = {
        connect(this, &Backfill::batchReady, writer, &DatabaseWriter::write),
        connect(writer, &DatabaseWriter::batchWritten, this, &Backfill::onBatchWritten),
    };
}

QList<Backfill::Range> Backfill::plan(qint64 from, qint64 to, int periodMinutes, QList<Range> stored)
{
    const qint64 period = qint64(periodMinutes) * 60;
    QList<Range> gaps;
    if (to < from || period <= 0)
        return gaps;
    std::sort(stored.begin(), stored.end());
    qint64 cursor = from;
    const auto addGap = [&gaps](qint64 a, qint64 b) {
        if (a <= b)
            gaps.append({a, b});
    };
    for (const Range &range : std::as_const(stored)) {
        if (range.second < cursor)
            continue;
        if (range.first > to)
            break;
        addGap(cursor, range.first - 1);
        cursor = range.second + 1;
        if (cursor > to)
            break;
    }
    if (cursor <= to)
        addGap(cursor, to);

    QList<Range> requests;
    for (const Range &gap : std::as_const(gaps)) {
        qint64 start = gap.first;
        while (start <= gap.second) {
            const qint64 firstEnd = ceilDiv(start, period) * period;
            if (firstEnd > gap.second)
                break; // no period ends inside what is left
            const qint64 end = std::min(gap.second, firstEnd + (maxCandlesPerRequest - 1) * period);
            requests.append({start, end});
            start = end + 1;
        }
    }
    return requests;
}

void Backfill::start(const BackfillRequest &request)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_request = request;
    m_summary = SyncSummary();
    m_summary.command = QStringLiteral("backfill");
    m_summary.ok = true;
    m_progress = SyncProgress();
    m_progress.phase = SyncPhase::Backfill;
    m_progress.status = SyncStatus::Running;
    m_markets.clear();
    m_marketsStored.clear();
    m_cancelled = false;
    m_now = QDateTime::currentSecsSinceEpoch();
    m_timer.start();
    m_clientConnection = connect(m_client, &KalshiClient::finished, this, &Backfill::onClientFinished);
    m_retryConnection = connect(m_client, &KalshiClient::retrying, this,
        [this](quint64 id, int attempt, qint64 delayMs, const RequestError &reason) {
            if (!m_calls.contains(id))
                return;
            ++m_progress.retries;
            Q_EMIT logMessage(
                SyncLogLevel::Warning, tr("backfill: retrying in %1 ms: %2").arg(delayMs).arg(reason.text()));
            const KalshiClient::Options &client = m_client->options();
            Q_EMIT retrying(SyncRetry::announced(
                SyncPhase::Backfill, client.baseUrl, client.maxAttempts, attempt, delayMs, reason));
            emitProgress();
        });

    Schema::ConnectionOptions options;
    options.access = Schema::Access::ReadOnly;
    QString error;
    if (!Schema::openConnection(m_connectionName, m_request.databasePath, options, &error)) {
        failWith(error);
        m_stage = Stage::Candles;
        maybeFinish();
        return;
    }
    if (!m_request.tickers.isEmpty())
        readStoredMarkets(m_request.tickers);
    emitProgress();
    requestCutoff();
}

void Backfill::cancel()
{
    if (m_stage == Stage::Idle || m_stage == Stage::Done || m_cancelled)
        return;
    m_cancelled = true;
    const QList<quint64> ids = m_calls.keys();
    for (const quint64 id : ids) {
        if (m_client)
            m_client->cancel(id);
    }
    maybeFinish();
}

void Backfill::readStoredMarkets(const QStringList &tickers)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ticker, event_ticker, series_ticker, status, open_time, close_time, "
                                 "settlement_ts FROM markets WHERE ticker = ?"));
    const auto optional = [&query](int column) {
        return query.isNull(column) ? std::optional<qint64>()
                                    : std::optional<qint64>(query.value(column).toLongLong());
    };
    for (const QString &ticker : tickers) {
        query.addBindValue(ticker);
        if (query.exec() && query.next()) {
            Market market;
            market.record.ticker = query.value(0).toString();
            market.record.eventTicker = query.value(1).toString();
            market.record.seriesTicker = query.value(2).toString();
            market.record.status = query.value(3).toString();
            market.record.openTime = optional(4);
            market.record.closeTime = optional(5);
            market.record.settlementTs = optional(6);
            m_markets.insert(ticker, market);
        }
        query.finish();
    }
}

QList<Backfill::Range> Backfill::storedRanges(const QString &ticker)
{
    QList<Range> ranges;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT r.range_start, r.range_end FROM candle_ranges AS r "
        "JOIN markets AS m ON m.id = r.market_id WHERE m.ticker = ? AND r.period_minutes = ?"));
    query.addBindValue(ticker);
    query.addBindValue(m_request.periodMinutes);
    if (query.exec()) {
        while (query.next())
            ranges.append({query.value(0).toLongLong(), query.value(1).toLongLong()});
    }
    query.finish();
    return ranges;
}

void Backfill::requestCutoff()
{
    m_stage = Stage::Cutoff;
    const quint64 id = m_client->get(QStringLiteral("/historical/cutoff"));
    m_calls.insert(id, [this](bool ok, const QByteArray &body, const RequestError &error) {
        if (!ok) {
            failWith(error.text());
            return;
        }
        const std::optional<qint64> cutoff = cutoffOf(body);
        if (!cutoff) {
            failWith(tr("GET /historical/cutoff: no market_settled_ts in the answer"));
            return;
        }
        m_cutoff = *cutoff;
        requestMarketLists();
    });
}

void Backfill::requestMarketLists()
{
    m_stage = Stage::Markets;
    QList<QUrlQuery> queries;
    if (!m_request.tickers.isEmpty()) {
        QStringList missing;
        for (const QString &ticker : std::as_const(m_request.tickers)) {
            if (!m_markets.contains(ticker))
                missing.append(ticker);
        }
        for (qsizetype i = 0; i < missing.size(); i += tickersPerListing) {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("tickers"), missing.mid(i, tickersPerListing).join(u','));
            queries.append(query);
        }
    } else {
        QUrlQuery query;
        if (!m_request.eventTicker.isEmpty())
            query.addQueryItem(QStringLiteral("event_ticker"), m_request.eventTicker);
        else
            query.addQueryItem(QStringLiteral("series_ticker"), m_request.seriesTicker);
        query.addQueryItem(QStringLiteral("mve_filter"), QStringLiteral("exclude"));
        queries.append(query);
    }
    for (const QUrlQuery &query : std::as_const(queries)) {
        listMarkets(QStringLiteral("/markets"), query, QString());
        listMarkets(QStringLiteral("/historical/markets"), query, QString());
    }
    if (m_listingsRunning == 0)
        planCandles();
}

void Backfill::listMarkets(const QString &path, const QUrlQuery &query, const QString &cursor)
{
    QUrlQuery page = query;
    page.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
    if (!cursor.isEmpty())
        page.addQueryItem(QStringLiteral("cursor"), cursor);
    ++m_listingsRunning;
    const quint64 id = m_client->get(path, page);
    const bool historical = path.startsWith(QStringLiteral("/historical"));
    m_calls.insert(id,
        [this, path, query, cursor, historical](bool ok, const QByteArray &body, const RequestError &error) {
            --m_listingsRunning;
            if (!ok) {
                failWith(error.text());
            } else {
                const QJsonObject object = QJsonDocument::fromJson(body).object();
                const MarketParser::ParsedPage parsed
                    = MarketParser::parseMarketsPage(object.value(QLatin1String("markets")).toArray());
                for (const MarketParser::SkippedItem &item : parsed.skipped) {
                    ++m_progress.skipped;
                    Q_EMIT logMessage(SyncLogLevel::Warning,
                        tr("backfill: skipped market %1: %2").arg(item.ticker, item.reason));
                }
                for (const MarketRecord &record : parsed.records) {
                    if (!m_request.tickers.isEmpty() && !m_request.tickers.contains(record.ticker))
                        continue;
                    Market market;
                    market.record = record;
                    market.fromApi = true;
                    market.historical = historical;
                    m_markets.insert(record.ticker, market);
                }
                const QString next = object.value(QLatin1String("cursor")).toString();
                if (!next.isEmpty() && next != cursor && !m_cancelled && m_summary.error.isEmpty())
                    listMarkets(path, query, next);
            }
            if (m_listingsRunning == 0 && m_summary.error.isEmpty() && !m_cancelled)
                planCandles();
        });
}

void Backfill::planCandles()
{
    m_stage = Stage::Candles;
    const qint64 period = qint64(m_request.periodMinutes) * 60;
    QStringList tickers = m_request.tickers;
    if (tickers.isEmpty()) {
        tickers = m_markets.keys();
        std::sort(tickers.begin(), tickers.end());
    }
    for (const QString &ticker : std::as_const(tickers)) {
        const auto found = m_markets.find(ticker);
        if (found == m_markets.end()) {
            failWith(tr("backfill: market %1 not found, neither live nor under /historical").arg(ticker));
            continue;
        }
        Market &market = *found;
        const MarketRecord &record = market.record;
        if (!market.fromApi)
            market.historical = record.settlementTs && *record.settlementTs < m_cutoff;
        const std::optional<qint64> from = m_request.since ? m_request.since : record.openTime;
        if (!from) {
            failWith(tr("backfill: %1 has no open time; give --since").arg(ticker));
            continue;
        }
        qint64 to = m_request.until.value_or(m_now);
        if (record.closeTime)
            to = std::min(to, ceilDiv(*record.closeTime, period) * period);
        to = std::min(to, floorDiv(m_now, period) * period); // never a period still in progress
        const QList<Range> requests = plan(*from, to, m_request.periodMinutes, storedRanges(ticker));
        const QString series = record.seriesTicker.isEmpty()
            ? MarketParser::seriesFromEventTicker(record.eventTicker)
            : record.seriesTicker;
        const QString path = market.historical
            ? QStringLiteral("/historical/markets/%1/candlesticks").arg(ticker)
            : QStringLiteral("/series/%1/markets/%2/candlesticks").arg(series, ticker);
        for (const Range &range : requests) {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("start_ts"), QString::number(range.first));
            query.addQueryItem(QStringLiteral("end_ts"), QString::number(range.second));
            query.addQueryItem(QStringLiteral("period_interval"), QString::number(m_request.periodMinutes));
            const quint64 id = m_client->get(path, query);
            ++m_requestsPlanned;
            const Chunk chunk{ticker, range};
            m_calls.insert(id, [this, chunk](bool ok, const QByteArray &body, const RequestError &error) {
                if (!ok)
                    failWith(error.text());
                else
                    onCandles(chunk, body);
            });
        }
    }
    qCDebug(lcSync) << "backfill:" << tickers.size() << "markets," << m_requestsPlanned
                    << "candlestick requests";
    if (m_requestsPlanned == 0)
        Q_EMIT logMessage(SyncLogLevel::Info, tr("backfill: every range asked for is stored already"));
    emitProgress();
    maybeFinish();
}

void Backfill::onClientFinished(quint64 id, bool ok, const QByteArray &body, const RequestError &error)
{
    const auto call = m_calls.take(id);
    if (!call)
        return; // another user's request on the shared client
    if (error.kind == RequestError::Kind::Cancelled) {
        maybeFinish();
        return;
    }
    call(ok, body, error);
    maybeFinish();
}

void Backfill::onCandles(const Chunk &chunk, const QByteArray &body)
{
    ++m_progress.page;
    CandleParser::ParsedCandles parsed
        = CandleParser::parseResponse(body, chunk.ticker, m_request.periodMinutes);
    if (!parsed.ok()) {
        failWith(tr("backfill: %1 [%2, %3]: %4")
                     .arg(chunk.ticker)
                     .arg(chunk.range.first)
                     .arg(chunk.range.second)
                     .arg(parsed.error));
        return;
    }
    for (const CandleParser::SkippedCandle &skipped : std::as_const(parsed.skipped)) {
        ++m_progress.skipped;
        Q_EMIT logMessage(SyncLogLevel::Warning,
            tr("backfill: skipped a candle of %1 ending %2: %3")
                .arg(chunk.ticker)
                .arg(skipped.periodEnd)
                .arg(skipped.reason));
    }
    // Only what the range asked for: a server that sends more does not make it look fetched.
    parsed.candles.erase(std::remove_if(parsed.candles.begin(), parsed.candles.end(),
                             [&chunk](const CandleRecord &c) {
                                 return c.periodEnd < chunk.range.first || c.periodEnd > chunk.range.second;
                             }),
        parsed.candles.end());
    WriteBatch batch;
    batch.kind = WriteBatch::Kind::Candles;
    batch.page = m_nextBatch++;
    const Market &market = m_markets.value(chunk.ticker);
    if (market.fromApi)
        batch.markets.append(market.record);
    batch.candles = std::move(parsed.candles);
    // A range with a skipped candle is not complete: the next run asks for it again.
    if (parsed.skipped.isEmpty())
        batch.candleRanges.append(
            {chunk.ticker, m_request.periodMinutes, chunk.range.first, chunk.range.second});
    m_pendingWrites.insert(
        batch.page, {int(batch.candles.size()), market.fromApi ? chunk.ticker : QString()});
    Q_EMIT batchReady(batch);
    emitProgress();
}

void Backfill::onBatchWritten(const BatchResult &result)
{
    if (result.kind != WriteBatch::Kind::Candles)
        return;
    const auto pending = m_pendingWrites.constFind(result.page);
    if (pending == m_pendingWrites.constEnd())
        return;
    const PendingWrite written = *pending; // NOLINT(performance-unnecessary-copy-initialization): erased next
    m_pendingWrites.erase(pending);
    if (result.ok) {
        m_progress.rows.candles += written.candles;
        if (!written.market.isEmpty())
            m_marketsStored.insert(written.market);
    } else
        failWith(tr("backfill: the database refused a batch: %1").arg(result.error));
    emitProgress();
    maybeFinish();
}

void Backfill::failWith(const QString &error)
{
    Q_EMIT logMessage(SyncLogLevel::Error, error);
    if (m_summary.error.isEmpty())
        m_summary.error = error;
    m_summary.ok = false;
}

void Backfill::maybeFinish()
{
    if (m_stage == Stage::Done || m_stage == Stage::Idle || !m_calls.isEmpty() || !m_pendingWrites.isEmpty()
        || m_listingsRunning > 0)
        return;
    if (m_stage != Stage::Candles && m_summary.error.isEmpty() && !m_cancelled)
        return; // between stages
    m_stage = Stage::Done;
    disconnect(m_clientConnection);
    disconnect(m_retryConnection);
    if (QSqlDatabase::contains(m_connectionName))
        Schema::closeConnection(m_connectionName);
    m_summary.pages = m_progress.page;
    m_summary.rows = m_progress.rows;
    m_summary.rows.markets = m_marketsStored.size();
    m_summary.skipped = m_progress.skipped;
    m_summary.retries = m_progress.retries;
    if (m_cancelled) {
        m_summary.ok = false;
        m_summary.cancelled = true;
        if (m_summary.error.isEmpty())
            m_summary.error = tr("cancelled");
    }
    m_summary.elapsedMs = m_timer.elapsed();
    m_progress.finished = true;
    m_progress.status
        = m_summary.ok ? SyncStatus::Ok : (m_cancelled ? SyncStatus::Cancelled : SyncStatus::Failed);
    emitProgress();
    Q_EMIT finished(m_summary);
}

void Backfill::emitProgress()
{
    m_progress.elapsedMs = m_timer.elapsed();
    Q_EMIT progress(m_progress);
}

#pragma once

#include "network/requesterror.h"
#include "records.h"
#include "sync/syncsummary.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <optional>
#include <utility>

class DatabaseWriter;
class KalshiClient;

// What one backfill should fetch; a value type.
struct BackfillRequest
{
    QStringList tickers; // exactly one of tickers, eventTicker, seriesTicker
    QString eventTicker;
    QString seriesTicker;
    int periodMinutes = 60; // 1, 60 or 1440
    std::optional<qint64> since; // Unix seconds; default: each market's open time
    std::optional<qint64> until; // Unix seconds; default: now
    QString databasePath; // read (read-only) for known markets and the ranges already stored
};

// Lives in the sync thread (the CLI's main thread) beside its KalshiClient, whose rate limiter and
// retry policy every request shares. Fetches Kalshi's candlesticks of the requested markets into
// the candles table:
// 1. one GET /historical/cutoff; markets settled before it are asked for under /historical/...;
// 2. the markets: from the database where stored, else GET /markets and /historical/markets
//    (tickers, event or series; multivariate excluded for event and series);
// 3. per market the range from --since (or its open time) to --until (or now, or its close), minus
//    the ranges candle_ranges says are stored, cut into requests of at most 5,000 candles; a period
//    still in progress is neither asked for nor marked fetched;
// 4. each response goes to the writer as one Candles batch (its candles, the range now stored, and
//    the market when it came from the API), through a queued signal.
// So an identical second run asks for no candlestick at all. Reads the database through its own
// read-only connection, opened and closed in this thread; never writes.
class Backfill final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Backfill)

public:
    static constexpr int maxCandlesPerRequest = 5000;

    using Range = std::pair<qint64, qint64>; // period ends, both included

    explicit Backfill(KalshiClient *client, QObject *parent = nullptr);
    ~Backfill() override;

    void attachWriter(DatabaseWriter *writer);

    // The requests that fetch every period end in [from, to] not inside a stored range: gaps of the
    // stored ranges, each cut into ranges of at most maxCandlesPerRequest period ends. Pure.
    static QList<Range> plan(qint64 from, qint64 to, int periodMinutes, QList<Range> stored);

public Q_SLOTS:
    void start(const BackfillRequest &request);
    // Stops the requests not answered yet; the batches already handed to the writer still commit.
    void cancel();

Q_SIGNALS:
    void progress(const SyncProgress &progress);
    void finished(const SyncSummary &summary);
    void logMessage(SyncLogLevel level, const QString &message);
    // A candlestick request failed and is tried again: what failed and what happens next.
    void retrying(const SyncRetry &retry);
    void batchReady(const WriteBatch &batch); // to the writer (queued)

private:
    struct Market
    {
        MarketRecord record;
        bool fromApi = false; // not stored yet: rides along with its candles
        bool historical = false; // settled before the cutoff
    };
    struct Chunk
    {
        QString ticker;
        Range range;
    };
    enum class Stage { Idle, Cutoff, Markets, Candles, Done };

    void readStoredMarkets(const QStringList &tickers);
    QList<Range> storedRanges(const QString &ticker);
    void requestCutoff();
    void requestMarketLists();
    void listMarkets(const QString &path, const QUrlQuery &query, const QString &cursor);
    void planCandles();
    void onClientFinished(quint64 id, bool ok, const QByteArray &body, const RequestError &error);
    void onCandles(const Chunk &chunk, const QByteArray &body);
    void onBatchWritten(const BatchResult &result);
    void failWith(const QString &error);
    void maybeFinish();
    void emitProgress();

    QPointer<KalshiClient> m_client;
    QList<QMetaObject::Connection> m_writerConnections;
    QMetaObject::Connection m_clientConnection;
    QMetaObject::Connection m_retryConnection;
    BackfillRequest m_request;
    QString m_connectionName;
    Stage m_stage = Stage::Idle;
    qint64 m_now = 0;
    qint64 m_cutoff = 0;
    QHash<QString, Market> m_markets;
    QHash<quint64, std::function<void(bool, const QByteArray &, const RequestError &)>> m_calls;
    int m_listingsRunning = 0;
    struct PendingWrite
    {
        int candles = 0;
        QString market; // the market the batch stores too, if any
    };
    QHash<int, PendingWrite> m_pendingWrites; // by batch number
    QSet<QString> m_marketsStored;
    int m_nextBatch = 1;
    bool m_cancelled = false;
    SyncSummary m_summary;
    SyncProgress m_progress;
    int m_requestsPlanned = 0;
    QElapsedTimer m_timer;
};

Q_DECLARE_METATYPE(BackfillRequest)

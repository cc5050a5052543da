// Benchmark 1: the writer (WriterThread + DatabaseWriter, queued page-sized batches) against the
// textbook raw sqlite3 path (one prepared single-row statement per table, one transaction per 1000
// rows), same schema, same rows, same run. Markets alone, then snapshot batches (markets + snapshots).
// For the snapshot batches also, as information, a raw loader with the writer's statement shape
// (the markets upsert without the indexed columns, then their guarded updates: event, status and
// close time in one, the 24 h volume in another), so that the figure
// tells the statement shape apart from the binding path.
#include "benchrecords.h"
#include "benchsupport.h"
#include "storage/schema.h"
#include "storage/writerthread.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSet>
#include <QTemporaryDir>

#include <sqlite3.h>

namespace {

int rowCount = 200000;
constexpr int rowsPerBatch = 1000;
int rounds = 3;
int rawRowsPerTransaction = 1000;
QStringList extraPragmas; // --pragma: applied to both sides alike, for experiments
QStringList rawPragmas; // --raw-pragma: the raw side only, after the others
QString side; // --side: run only "raw" or only "writer", for profiling
constexpr qint64 snapshotTime = 1800000000;

// Lives in the main thread and emits batches into the writer thread the way SyncSession does:
// through a queued signal.
class BatchSource final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchSource)

public:
    BatchSource() = default;
    ~BatchSource() override = default;

Q_SIGNALS:
    void batchReady(const WriteBatch &batch);
};

bool createSchema(const QString &path)
{
    const QString name = QStringLiteral("bench-schema");
    QString error;
    if (!Schema::openConnection(name, path, {}, &error)) {
        Bench::note(QStringLiteral("cannot create %1: %2").arg(path, error));
        return false;
    }
    Schema::closeConnection(name);
    return true;
}

enum class RawShape { Textbook, WriterShape };

// The raw C API baseline: what a careful hand-written loader does.
class RawWriter final
{
public:
    explicit RawWriter(RawShape shape)
        : m_shape(shape)
    {
    }
    ~RawWriter() { close(); }
    RawWriter(const RawWriter &) = delete;
    RawWriter &operator=(const RawWriter &) = delete;

    bool open(const QString &path)
    {
        const bool split = m_shape == RawShape::WriterShape;
        const QByteArray marketSql = QByteArray(
            "INSERT INTO markets(ticker, event_ticker, series_ticker, market_type, title, subtitle, "
            "yes_sub_title, no_sub_title, status, result, open_time, close_time, expiration_time, "
            "settlement_ts, yes_bid, yes_ask, no_bid, no_ask, last_price, volume, volume_24h, "
            "open_interest, liquidity, updated_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(ticker) DO UPDATE SET "
            + QByteArray(split ? ""
                               : "event_ticker = excluded.event_ticker, status = excluded.status, "
                                 "close_time = excluded.close_time, ")
            + "series_ticker = excluded.series_ticker, market_type = excluded.market_type, "
              "title = excluded.title, subtitle = excluded.subtitle, yes_sub_title = excluded.yes_sub_title, "
              "no_sub_title = excluded.no_sub_title, result = excluded.result, "
              "open_time = excluded.open_time, "
              "expiration_time = excluded.expiration_time, settlement_ts = excluded.settlement_ts, "
              "yes_bid = excluded.yes_bid, yes_ask = excluded.yes_ask, no_bid = excluded.no_bid, "
              "no_ask = excluded.no_ask, last_price = excluded.last_price, volume = excluded.volume, "
            + QByteArray(split ? "" : "volume_24h = excluded.volume_24h, ")
            + "open_interest = excluded.open_interest, "
              "liquidity = excluded.liquidity, updated_at = excluded.updated_at");
        if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db, SQLITE_OPEN_READWRITE, nullptr)
            != SQLITE_OK)
            return fail("open");
        if (!exec("PRAGMA journal_mode = WAL") || !exec("PRAGMA synchronous = NORMAL")
            || !exec("PRAGMA foreign_keys = ON"))
            return false;
        // The writer's own connection tuning, so that the comparison is about the write path only.
        for (const QString &pragma : DatabaseWriter::connectionPragmas() + extraPragmas + rawPragmas) {
            if (!exec(pragma.toUtf8().constData()))
                return false;
        }
        return true
            && prepare(&m_event,
                "INSERT INTO events(ticker, series_ticker, title, is_placeholder, updated_at) "
                "VALUES (?, ?, ?, 1, ?) ON CONFLICT(ticker) DO NOTHING")
            && prepare(&m_market, marketSql.constData())
            && (!split
                || prepare(&m_marketIndexed,
                    "UPDATE markets SET event_ticker = ?2, status = ?3, close_time = ?4 WHERE ticker = ?1 "
                    "AND (event_ticker IS NOT ?2 OR status IS NOT ?3 OR close_time IS NOT ?4)"))
            && (!split
                || prepare(&m_marketVolume,
                    "UPDATE markets SET volume_24h = ?2 WHERE ticker = ?1 AND volume_24h IS NOT ?2"))
            && prepare(&m_lastRowid, "SELECT coalesce(max(rowid), 0) FROM markets")
            && prepare(&m_snapshot,
                "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, "
                "last_price, volume, volume_24h, open_interest) VALUES "
                // A view since schema 7: its INSTEAD OF trigger resolves conflicts (no UPSERT on a view).
                "((SELECT id FROM markets WHERE ticker = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    void close()
    {
        for (sqlite3_stmt *statement :
            {m_event, m_market, m_marketIndexed, m_marketVolume, m_lastRowid, m_snapshot})
            sqlite3_finalize(statement);
        m_event = m_market = m_marketIndexed = m_marketVolume = m_lastRowid = m_snapshot = nullptr;
        if (m_db)
            sqlite3_close(m_db);
        m_db = nullptr;
    }

    bool begin() { return exec("BEGIN IMMEDIATE"); }
    bool commit() { return exec("COMMIT"); }

    bool write(const WriteBatch &batch)
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QSet<QString> seen;
        for (const MarketRecord &m : batch.markets) {
            if (seen.contains(m.eventTicker))
                continue;
            seen.insert(m.eventTicker);
            const qsizetype dash = m.eventTicker.indexOf(u'-');
            const QString series = !m.seriesTicker.isEmpty() ? m.seriesTicker
                : dash > 0                                   ? m.eventTicker.left(dash)
                                                             : m.eventTicker;
            text(m_event, 1, m.eventTicker);
            text(m_event, 2, series);
            text(m_event, 3, m.eventTicker);
            sqlite3_bind_int64(m_event, 4, now);
            if (!step(m_event))
                return false;
        }
        const qint64 rowidBefore = m_marketIndexed ? lastRowid() : 0;
        for (const MarketRecord &m : batch.markets) {
            int i = 1;
            text(m_market, i++, m.ticker);
            text(m_market, i++, m.eventTicker);
            nullableText(m_market, i++, m.seriesTicker);
            nullableText(m_market, i++, m.marketType);
            text(m_market, i++, m.title);
            nullableText(m_market, i++, m.subtitle);
            nullableText(m_market, i++, m.yesSubTitle);
            nullableText(m_market, i++, m.noSubTitle);
            text(m_market, i++, m.status);
            nullableText(m_market, i++, m.result);
            for (const auto &value :
                {m.openTime, m.closeTime, m.expirationTime, m.settlementTs, m.yesBid, m.yesAsk, m.noBid,
                    m.noAsk, m.lastPrice, m.volume, m.volume24h, m.openInterest, m.liquidity})
                integer(m_market, i++, value);
            sqlite3_bind_int64(m_market, i++, now);
            if (!step(m_market))
                return false;
        }
        if (m_marketIndexed && lastRowid() - rowidBefore != batch.markets.size()) {
            for (const MarketRecord &m : batch.markets) {
                text(m_marketIndexed, 1, m.ticker);
                text(m_marketIndexed, 2, m.eventTicker);
                text(m_marketIndexed, 3, m.status);
                integer(m_marketIndexed, 4, m.closeTime);
                if (!step(m_marketIndexed))
                    return false;
            }
            for (const MarketRecord &m : batch.markets) {
                text(m_marketVolume, 1, m.ticker);
                integer(m_marketVolume, 2, m.volume24h);
                if (!step(m_marketVolume))
                    return false;
            }
        }
        for (const SnapshotRecord &s : batch.snapshots) {
            int i = 1;
            text(m_snapshot, i++, s.ticker);
            sqlite3_bind_int64(m_snapshot, i++, s.snapshotTime);
            for (const auto &value :
                {s.yesBid, s.yesAsk, s.noBid, s.noAsk, s.lastPrice, s.volume, s.volume24h, s.openInterest})
                integer(m_snapshot, i++, value);
            if (!step(m_snapshot))
                return false;
        }
        return true;
    }

private:
    static void text(sqlite3_stmt *statement, int index, const QString &value)
    {
        sqlite3_bind_text16(statement, index, value.utf16(), int(value.size() * 2), SQLITE_STATIC);
    }
    static void nullableText(sqlite3_stmt *statement, int index, const QString &value)
    {
        if (value.isEmpty())
            sqlite3_bind_null(statement, index);
        else
            text(statement, index, value);
    }
    static void integer(sqlite3_stmt *statement, int index, const std::optional<qint64> &value)
    {
        if (value)
            sqlite3_bind_int64(statement, index, *value);
        else
            sqlite3_bind_null(statement, index);
    }
    qint64 lastRowid()
    {
        const qint64 rowid
            = sqlite3_step(m_lastRowid) == SQLITE_ROW ? sqlite3_column_int64(m_lastRowid, 0) : -1;
        sqlite3_reset(m_lastRowid);
        return rowid;
    }
    bool step(sqlite3_stmt *statement)
    {
        const int rc = sqlite3_step(statement);
        sqlite3_reset(statement);
        return rc == SQLITE_DONE || fail("step");
    }
    bool exec(const char *sql)
    {
        return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK || fail(sql);
    }
    bool prepare(sqlite3_stmt **statement, const char *sql)
    {
        return sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, statement, nullptr) == SQLITE_OK
            || fail(sql);
    }
    bool fail(const char *what)
    {
        Bench::note(QStringLiteral("raw sqlite3 failed at %1: %2")
                        .arg(QString::fromLatin1(what), QString::fromUtf8(sqlite3_errmsg(m_db))));
        return false;
    }

    const RawShape m_shape;
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_event = nullptr;
    sqlite3_stmt *m_market = nullptr;
    sqlite3_stmt *m_marketIndexed = nullptr;
    sqlite3_stmt *m_marketVolume = nullptr;
    sqlite3_stmt *m_lastRowid = nullptr;
    sqlite3_stmt *m_snapshot = nullptr;
};

// Rows per second through the raw path; the file already holds the schema (and any base rows).
double runRaw(
    const QString &path, const QList<WriteBatch> &batches, qint64 rows, RawShape shape = RawShape::Textbook)
{
    if (side == QStringLiteral("writer"))
        return 1;
    RawWriter raw(shape);
    if (!raw.open(path))
        return 0;
    QElapsedTimer timer;
    timer.start();
    const int batchesPerTransaction = qMax(1, rawRowsPerTransaction / rowsPerBatch);
    for (qsizetype i = 0; i < batches.size(); ++i) {
        if (i % batchesPerTransaction == 0 && !raw.begin())
            return 0;
        if (!raw.write(batches.at(i)))
            return 0;
        if (((i + 1) % batchesPerTransaction == 0 || i + 1 == batches.size()) && !raw.commit())
            return 0;
    }
    return double(rows) / (double(timer.nsecsElapsed()) / 1e9);
}

// Rows per second through the real writer; the clock runs from the first queued batch to the last
// batchWritten() received back in this thread, as SyncSession sees it.
double runWriter(const QString &path, const QList<WriteBatch> &batches, qint64 rows, bool always = false)
{
    if (side == QStringLiteral("raw") && !always)
        return 1;
    DatabaseWriter::Options options;
    options.databasePath = path;
    options.extraPragmas = extraPragmas;
    WriterThread writer(options);
    QString error;
    if (!writer.startAndWait(&error)) {
        Bench::note(QStringLiteral("writer did not open: ") + error);
        return 0;
    }
    BatchSource source;
    QObject::connect(&source, &BatchSource::batchReady, writer.writer(), &DatabaseWriter::write);
    QEventLoop loop;
    qsizetype written = 0;
    bool ok = true;
    QObject::connect(writer.writer(), &DatabaseWriter::batchWritten, &loop, [&](const BatchResult &result) {
        if (!result.ok) {
            Bench::note(QStringLiteral("writer batch failed: ") + result.error);
            ok = false;
        }
        if (++written == batches.size())
            loop.quit();
    });
    QElapsedTimer timer;
    timer.start();
    for (const WriteBatch &batch : batches)
        Q_EMIT source.batchReady(batch);
    loop.exec();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    writer.stop();
    return ok ? double(rows) / seconds : 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("Rows per run."),
        QStringLiteral("n"), QString::number(rowCount));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"), QStringLiteral("Runs of each side."),
        QStringLiteral("n"), QString::number(rounds));
    const QCommandLineOption pragmaOption(QStringLiteral("pragma"),
        QStringLiteral("Extra PRAGMA for both sides (experiments)."), QStringLiteral("sql"));
    const QCommandLineOption rawTransactionOption(QStringLiteral("raw-rows-per-transaction"),
        QStringLiteral("Raw side: rows per transaction (experiments)."), QStringLiteral("n"),
        QString::number(rawRowsPerTransaction));
    const QCommandLineOption onlyOption(
        QStringLiteral("only"), QStringLiteral("markets or snapshots."), QStringLiteral("part"));
    const QCommandLineOption sideOption(
        QStringLiteral("side"), QStringLiteral("raw or writer only (profiling)."), QStringLiteral("side"));
    const QCommandLineOption rawPragmaOption(QStringLiteral("raw-pragma"),
        QStringLiteral("Extra PRAGMA for the raw side only (experiments)."), QStringLiteral("sql"));
    parser.addOptions({rowsOption, roundsOption, pragmaOption, rawPragmaOption, rawTransactionOption,
        onlyOption, sideOption});
    parser.process(app);
    rowCount = qMax(rowsPerBatch, parser.value(rowsOption).toInt() / rowsPerBatch * rowsPerBatch);
    rounds = qMax(1, parser.value(roundsOption).toInt());
    extraPragmas = parser.values(pragmaOption);
    rawPragmas = parser.values(rawPragmaOption);
    rawRowsPerTransaction = parser.value(rawTransactionOption).toInt();
    const QString only = parser.value(onlyOption);
    side = parser.value(sideOption);

    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;

    QList<MarketRecord> base;
    base.reserve(rowCount);
    for (int i = 0; i < rowCount; ++i)
        base.append(BenchRecords::market(i, 0));

    QList<WriteBatch> marketBatches;
    QList<WriteBatch> snapshotBatches;
    for (int first = 0; first < rowCount; first += rowsPerBatch) {
        WriteBatch markets;
        markets.kind = WriteBatch::Kind::Markets;
        markets.page = first / rowsPerBatch + 1;
        WriteBatch snapshots;
        snapshots.kind = WriteBatch::Kind::Snapshots;
        snapshots.page = markets.page;
        for (int i = first; i < first + rowsPerBatch; ++i) {
            markets.markets.append(base.at(i));
            const MarketRecord next = BenchRecords::nextRound(base.at(i), i, 1);
            snapshots.markets.append(next);
            snapshots.snapshots.append(BenchRecords::snapshot(next, snapshotTime));
        }
        marketBatches.append(markets);
        snapshotBatches.append(snapshots);
    }

    // Markets into an empty database: schema only.
    const QString path = dir.filePath(QStringLiteral("run.db"));
    QList<double> raw;
    QList<double> writer;
    for (int round = 0; only != QStringLiteral("snapshots") && round < rounds; ++round) {
        Bench::removeDatabase(path);
        if (!createSchema(path))
            return 1;
        raw.append(runRaw(path, marketBatches, rowCount));
        Bench::removeDatabase(path);
        writer.append(runWriter(path, marketBatches, rowCount));
    }
    Bench::note(QStringLiteral("markets rows/s raw: %1").arg(Bench::samples(raw, 0)));
    Bench::note(QStringLiteral("markets rows/s writer: %1").arg(Bench::samples(writer, 0)));
    if (!raw.isEmpty()) {
        Bench::figure("writer_markets_rows_per_s", Bench::median(writer), 0, "info");
        Bench::figure("raw_markets_rows_per_s", Bench::median(raw), 0, "info");
        Bench::figure("writer_vs_raw_markets", Bench::median(writer) / Bench::median(raw), 2, ">= 1.0");
    }
    if (only == QStringLiteral("markets"))
        return 0;

    // Snapshot batches (every market updated plus one snapshot each) on a database that already
    // holds the 200k markets, as a collector's snapshot sync meets it. Rows: markets + snapshots.
    const QString templatePath = dir.filePath(QStringLiteral("template.db"));
    if (runWriter(templatePath, marketBatches, rowCount, true) <= 0)
        return 1;
    raw.clear();
    writer.clear();
    QList<double> rawWriterShape;
    for (int round = 0; round < rounds; ++round) {
        for (const int variant : {0, 1, 2}) {
            Bench::removeDatabase(path);
            if (!QFile::copy(templatePath, path))
                return 1;
            const qint64 rows = 2 * qint64(rowCount);
            if (variant == 0)
                raw.append(runRaw(path, snapshotBatches, rows));
            else if (variant == 1)
                writer.append(runWriter(path, snapshotBatches, rows));
            else
                rawWriterShape.append(runRaw(path, snapshotBatches, rows, RawShape::WriterShape));
        }
    }
    Bench::note(QStringLiteral("snapshot batch rows/s raw: %1").arg(Bench::samples(raw, 0)));
    Bench::note(QStringLiteral("snapshot batch rows/s writer: %1").arg(Bench::samples(writer, 0)));
    Bench::note(QStringLiteral("snapshot batch rows/s raw with the writer's statement shape: %1")
                    .arg(Bench::samples(rawWriterShape, 0)));
    Bench::figure("writer_snapshot_batch_rows_per_s", Bench::median(writer), 0, "info");
    Bench::figure("raw_snapshot_batch_rows_per_s", Bench::median(raw), 0, "info");
    Bench::figure("writer_vs_raw_snapshots", Bench::median(writer) / Bench::median(raw), 2, ">= 1.0");
    Bench::figure("writer_vs_raw_same_shape_snapshots", Bench::median(writer) / Bench::median(rawWriterShape),
        2, "info");
    return 0;
}

#include "bench_writer.moc"

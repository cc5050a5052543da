// Issue 17's benchmark: the writer (WriterThread + DatabaseWriter on a postgresql:// location, queued
// page-sized batches) against a raw libpq loader of the same rows in the same run: one multi-row
// INSERT ... ON CONFLICT per table and batch (text parameters, one transaction per batch), and COPY
// FROM STDIN into empty tables as the floor. Markets alone (fresh database per run), then snapshot
// batches (1000 market upserts + 1000 snapshots) on a database already holding the markets. The
// server is PgTestServer's throwaway one (fsync and synchronous_commit off, for both sides alike).
#include "benchrecords.h"
#include "benchsupport.h"
#include "pgtestserver.h"
#include "storage/databaselocation.h"
#include "storage/schema.h"
#include "storage/writerthread.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSet>

#include <libpq-fe.h>

namespace {

int rowCount = 100000;
constexpr int rowsPerBatch = 1000;
int rounds = 3;
constexpr qint64 batchTime = 1800000000;
constexpr qint64 snapshotTime = 1800000600;

const char *const marketColumns
    = "ticker, event_ticker, series_ticker, market_type, title, subtitle, yes_sub_title, no_sub_title, "
      "status, result, open_time, close_time, expiration_time, settlement_ts, yes_bid, yes_ask, no_bid, "
      "no_ask, last_price, volume, volume_24h, open_interest, liquidity, updated_at";
constexpr int marketColumnCount = 24;
const char *const snapshotValueColumns
    = "yes_bid, yes_ask, no_bid, no_ask, last_price, volume, volume_24h, open_interest";

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

QByteArray textOf(const std::optional<qint64> &value)
{
    return value ? QByteArray::number(*value) : QByteArray();
}

// The market's values in column order as text; a null is an empty QByteArray with isNull().
QList<QByteArray> marketValues(const MarketRecord &m)
{
    const auto nullable = [](const QString &text) { return text.isEmpty() ? QByteArray() : text.toUtf8(); };
    return {m.ticker.toUtf8(), m.eventTicker.toUtf8(), nullable(m.seriesTicker), nullable(m.marketType),
        m.title.toUtf8(), nullable(m.subtitle), nullable(m.yesSubTitle), nullable(m.noSubTitle),
        m.status.toUtf8(), nullable(m.result), textOf(m.openTime), textOf(m.closeTime),
        textOf(m.expirationTime), textOf(m.settlementTs), textOf(m.yesBid), textOf(m.yesAsk), textOf(m.noBid),
        textOf(m.noAsk), textOf(m.lastPrice), textOf(m.volume), textOf(m.volume24h), textOf(m.openInterest),
        textOf(m.liquidity), QByteArray::number(batchTime)};
}

QList<QByteArray> snapshotValues(const SnapshotRecord &s)
{
    return {textOf(s.yesBid), textOf(s.yesAsk), textOf(s.noBid), textOf(s.noAsk), textOf(s.lastPrice),
        textOf(s.volume), textOf(s.volume24h), textOf(s.openInterest)};
}

QString libpqConnInfo(const QString &url)
{
    QString error;
    const DatabaseLocation location = DatabaseLocation::parse(url, &error);
    return QStringLiteral("host=%1 port=%2 dbname=%3 user=%4")
        .arg(location.host())
        .arg(location.port())
        .arg(location.databaseName(), location.user());
}

// What a careful hand-written libpq loader does.
class RawLoader final
{
public:
    RawLoader() = default;
    ~RawLoader()
    {
        if (m_conn)
            PQfinish(m_conn);
    }
    RawLoader(const RawLoader &) = delete;
    RawLoader &operator=(const RawLoader &) = delete;

    bool open(const QString &url)
    {
        m_conn = PQconnectdb(libpqConnInfo(url).toUtf8().constData());
        if (PQstatus(m_conn) != CONNECTION_OK)
            return fail("connect");
        return exec("SET client_min_messages = warning"); // as Schema sets it for the writer
    }

    // One multi-row statement per table, one transaction per batch.
    bool insert(const WriteBatch &batch)
    {
        if (!exec("BEGIN"))
            return false;
        QList<QByteArray> values;
        QByteArray sql
            = "INSERT INTO events(ticker, series_ticker, title, is_placeholder, updated_at) VALUES ";
        QSet<QString> seen;
        int n = 0;
        for (const MarketRecord &m : batch.markets) {
            if (seen.contains(m.eventTicker))
                continue;
            seen.insert(m.eventTicker);
            sql += (n ? ",(" : "(") + placeholders(n * 5, 5) + ")";
            values << m.eventTicker.toUtf8() << m.eventTicker.section(u'-', 0, 0).toUtf8()
                   << m.eventTicker.toUtf8() << "1" << QByteArray::number(batchTime);
            ++n;
        }
        sql += " ON CONFLICT(ticker) DO NOTHING";
        if (!execParams(sql, values))
            return false;
        values.clear();
        sql = QByteArray("INSERT INTO markets(") + marketColumns + ") VALUES ";
        for (int i = 0; i < batch.markets.size(); ++i) {
            sql += (i ? ",(" : "(") + placeholders(i * marketColumnCount, marketColumnCount) + ")";
            values << marketValues(batch.markets.at(i));
        }
        sql += " ON CONFLICT(ticker) DO UPDATE SET ";
        const QList<QByteArray> columns = QByteArray(marketColumns).split(',');
        for (int c = 1; c < columns.size(); ++c) {
            const QByteArray column = columns.at(c).trimmed();
            sql += (c > 1 ? ", " : "") + column + " = excluded." + column;
        }
        if (!execParams(sql, values))
            return false;
        if (!batch.snapshots.isEmpty()) {
            // Schema 7+: the batch's times registered first (their trigger takes the snapshot lock),
            // then one set-based upsert of snapshot_states, as the writer does (snapshot_rows is a
            // view whose trigger works row by row): a row whose market's latest run ends at the
            // scope's previous time with equal values extends it, a row its run covers already is
            // skipped, any other starts a run. (Markets listed twice in a batch are not handled;
            // the benchmark has none.)
            values.clear();
            QSet<qint64> times;
            sql = "INSERT INTO snapshot_times(snapshot_time, scope) VALUES ";
            for (const SnapshotRecord &s : batch.snapshots) {
                if (times.contains(s.snapshotTime))
                    continue;
                times.insert(s.snapshotTime);
                sql += (values.isEmpty() ? "(CAST($" : ",(CAST($") + QByteArray::number(values.size() + 1)
                    + " AS BIGINT), 0)";
                values << QByteArray::number(s.snapshotTime);
            }
            sql += " ON CONFLICT(snapshot_time) DO NOTHING";
            if (!execParams(sql, values))
                return false;
            values.clear();
            QByteArray equal;
            for (const QByteArray &column : QByteArray(snapshotValueColumns).split(',')) {
                const QByteArray c = column.trimmed();
                equal += " AND run." + c + " IS NOT DISTINCT FROM v." + c;
            }
            sql = QByteArray("INSERT INTO snapshot_states(market_id, scope, first_time, last_time, ")
                + snapshotValueColumns
                + ") SELECT v.market_id, v.scope, CASE WHEN run.last_time = v.previous_time" + equal
                + " THEN run.first_time ELSE v.t END, v.t, v.yes_bid, v.yes_ask, v.no_bid, v.no_ask, "
                  "v.last_price, v.volume, v.volume_24h, v.open_interest FROM (SELECT m.id AS market_id, "
                  "st.scope, w.t, (SELECT max(p.snapshot_time) FROM snapshot_times AS p WHERE p.scope = "
                  "st.scope AND p.snapshot_time < w.t) AS previous_time, w.yes_bid, w.yes_ask, w.no_bid, "
                  "w.no_ask, w.last_price, w.volume, w.volume_24h, w.open_interest FROM (SELECT v.ticker, "
                  "CAST(v.t AS BIGINT) AS t, CAST(v.a AS BIGINT) AS yes_bid, CAST(v.b AS BIGINT) AS yes_ask, "
                  "CAST(v.c AS BIGINT) AS no_bid, CAST(v.d AS BIGINT) AS no_ask, CAST(v.e AS BIGINT) AS "
                  "last_price, CAST(v.f AS BIGINT) AS volume, CAST(v.g AS BIGINT) AS volume_24h, CAST(v.h AS "
                  "BIGINT) AS open_interest FROM (VALUES ";
            for (int i = 0; i < batch.snapshots.size(); ++i) {
                const SnapshotRecord &s = batch.snapshots.at(i);
                sql += (i ? ",(" : "(") + placeholders(i * 10, 10) + ")";
                values << s.ticker.toUtf8() << QByteArray::number(s.snapshotTime) << snapshotValues(s);
            }
            sql += ") AS v(ticker, t, a, b, c, d, e, f, g, h)) AS w JOIN markets AS m ON m.ticker = w.ticker "
                   "JOIN snapshot_times AS st ON st.snapshot_time = w.t) AS v LEFT JOIN LATERAL (SELECT * "
                   "FROM snapshot_states AS s WHERE s.market_id = v.market_id AND s.scope = v.scope AND "
                   "s.first_time <= v.t ORDER BY s.first_time DESC LIMIT 1) AS run ON true "
                   "WHERE run.last_time IS NULL OR run.last_time < v.t "
                   "ON CONFLICT(market_id, scope, first_time) DO UPDATE SET last_time = excluded.last_time";
            if (!execParams(sql, values))
                return false;
        }
        return exec("COMMIT");
    }

    // The floor: COPY into tables that hold none of the rows (no conflict to resolve). Markets:
    // their placeholder events and the markets. Snapshots: the batch's markets into a temporary
    // table (the bytes an upsert receives) and the snapshot rows with ids resolved beforehand.
    bool copy(const WriteBatch &batch)
    {
        if (!exec("BEGIN"))
            return false;
        QByteArray data;
        if (batch.snapshots.isEmpty()) {
            QSet<QString> seen;
            for (const MarketRecord &m : batch.markets) {
                if (seen.contains(m.eventTicker))
                    continue;
                seen.insert(m.eventTicker);
                appendRow(&data,
                    {m.eventTicker.toUtf8(), m.eventTicker.section(u'-', 0, 0).toUtf8(),
                        m.eventTicker.toUtf8(), "1", QByteArray::number(batchTime)});
            }
            if (!copyIn(
                    "COPY events(ticker, series_ticker, title, is_placeholder, updated_at) FROM STDIN", data))
                return false;
            data.clear();
            for (const MarketRecord &m : batch.markets)
                appendRow(&data, marketValues(m));
            if (!copyIn(QByteArray("COPY markets(") + marketColumns + ") FROM STDIN", data))
                return false;
        } else {
            for (const MarketRecord &m : batch.markets)
                appendRow(&data, marketValues(m));
            if (!exec(QByteArray("CREATE TEMP TABLE IF NOT EXISTS staging_markets AS SELECT ") + marketColumns
                    + " FROM markets WITH NO DATA")
                || !copyIn(QByteArray("COPY staging_markets(") + marketColumns + ") FROM STDIN", data))
                return false;
            data.clear();
            // Schema 7+: the rows as new runs of snapshot_states (what they become when the time is
            // new), the time registered first; COPY into the snapshot_rows view would run its
            // PL/pgSQL trigger per row, no floor.
            QSet<qint64> times;
            for (const SnapshotRecord &s : batch.snapshots) {
                if (!times.contains(s.snapshotTime)) {
                    times.insert(s.snapshotTime);
                    if (!exec("INSERT INTO snapshot_times(snapshot_time, scope) VALUES ("
                            + QByteArray::number(s.snapshotTime) + ", 0) ON CONFLICT DO NOTHING"))
                        return false;
                }
                const QByteArray time = QByteArray::number(s.snapshotTime);
                appendRow(&data,
                    QList<QByteArray>{QByteArray::number(m_ids.value(s.ticker)), "0", time, time}
                        + snapshotValues(s));
            }
            if (!copyIn(QByteArray("COPY snapshot_states(market_id, scope, first_time, last_time, ")
                        + snapshotValueColumns + ") FROM STDIN",
                    data))
                return false;
        }
        return exec("COMMIT");
    }

    // For copy() of snapshots: every market's id, read once (untimed).
    bool readIds()
    {
        PGresult *result = PQexec(m_conn, "SELECT ticker, id FROM markets");
        if (PQresultStatus(result) != PGRES_TUPLES_OK) {
            PQclear(result);
            return fail("SELECT ids");
        }
        for (int row = 0; row < PQntuples(result); ++row)
            m_ids.insert(QString::fromUtf8(PQgetvalue(result, row, 0)),
                QByteArray(PQgetvalue(result, row, 1)).toLongLong());
        PQclear(result);
        return true;
    }

private:
    static QByteArray placeholders(int first, int count)
    {
        QByteArray text;
        for (int i = 0; i < count; ++i)
            text += (i ? ",$" : "$") + QByteArray::number(first + i + 1);
        return text;
    }
    static void appendRow(QByteArray *data, const QList<QByteArray> &values)
    {
        for (int i = 0; i < values.size(); ++i) {
            if (i)
                *data += '\t';
            if (values.at(i).isNull()) {
                *data += "\\N";
                continue;
            }
            for (const char c : values.at(i)) {
                if (c == '\\' || c == '\t' || c == '\n' || c == '\r')
                    *data += '\\';
                *data += c;
            }
        }
        *data += '\n';
    }
    bool exec(const QByteArray &sql)
    {
        PGresult *result = PQexec(m_conn, sql.constData());
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        return ok || fail(sql.left(60));
    }
    bool execParams(const QByteArray &sql, const QList<QByteArray> &values)
    {
        QList<const char *> pointers;
        pointers.reserve(values.size());
        for (const QByteArray &value : values)
            pointers.append(value.isNull() ? nullptr : value.constData());
        PGresult *result = PQexecParams(
            m_conn, sql.constData(), int(values.size()), nullptr, pointers.constData(), nullptr, nullptr, 0);
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        return ok || fail(sql.left(60));
    }
    bool copyIn(const QByteArray &sql, const QByteArray &data)
    {
        PGresult *result = PQexec(m_conn, sql.constData());
        const bool started = PQresultStatus(result) == PGRES_COPY_IN;
        PQclear(result);
        if (!started)
            return fail(sql.left(60));
        if (PQputCopyData(m_conn, data.constData(), int(data.size())) != 1
            || PQputCopyEnd(m_conn, nullptr) != 1)
            return fail("copy data");
        bool ok = true;
        while ((result = PQgetResult(m_conn)) != nullptr) {
            ok = ok && PQresultStatus(result) == PGRES_COMMAND_OK;
            PQclear(result);
        }
        return ok || fail(sql.left(60));
    }
    bool fail(const QByteArray &what)
    {
        Bench::note(QStringLiteral("raw libpq failed at %1: %2")
                        .arg(QString::fromUtf8(what), QString::fromUtf8(PQerrorMessage(m_conn)).trimmed()));
        return false;
    }

    PGconn *m_conn = nullptr;
    QHash<QString, qint64> m_ids;
};

bool createSchema(const QString &url)
{
    const QString name = QStringLiteral("bench-schema");
    QString error;
    if (!Schema::openConnection(name, url, {}, &error)) {
        Bench::note(QStringLiteral("cannot create the schema: ") + error);
        return false;
    }
    Schema::closeConnection(name);
    return true;
}

enum class Raw { Insert, Copy };

double runRaw(const QString &url, const QList<WriteBatch> &batches, qint64 rows, Raw how)
{
    RawLoader loader;
    if (!loader.open(url)
        || (how == Raw::Copy && !batches.constFirst().snapshots.isEmpty() && !loader.readIds()))
        return 0;
    QElapsedTimer timer;
    timer.start();
    for (const WriteBatch &batch : batches) {
        if (!(how == Raw::Insert ? loader.insert(batch) : loader.copy(batch)))
            return 0;
    }
    return double(rows) / (double(timer.nsecsElapsed()) / 1e9);
}

// As SyncSession sees it: from the first queued batch to the last batchWritten() received back.
double runWriter(const QString &url, const QList<WriteBatch> &batches, qint64 rows)
{
    DatabaseWriter::Options options;
    options.databasePath = url;
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
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("Markets per run."),
        QStringLiteral("n"), QString::number(rowCount));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"), QStringLiteral("Runs of each side."),
        QStringLiteral("n"), QString::number(rounds));
    const QCommandLineOption onlyOption(
        QStringLiteral("only"), QStringLiteral("markets or snapshots."), QStringLiteral("part"));
    const QCommandLineOption sideOption(QStringLiteral("side"),
        QStringLiteral("writer, insert or copy only (profiling)."), QStringLiteral("side"));
    const QCommandLineOption logOption(QStringLiteral("server-log"),
        QStringLiteral("Copy the server's log here at the end (e.g. with PGOPTIONS=\"-c "
                       "log_statement_stats=on\" for the server's CPU time per statement)."),
        QStringLiteral("file"));
    parser.addOptions({rowsOption, roundsOption, onlyOption, sideOption, logOption});
    parser.process(app);
    const QString only = parser.value(onlyOption);
    const QString side = parser.value(sideOption);
    const auto runs = [&side](const char *name) { return side.isEmpty() || side == QLatin1String(name); };
    rowCount = qMax(rowsPerBatch, parser.value(rowsOption).toInt() / rowsPerBatch * rowsPerBatch);
    rounds = qMax(1, parser.value(roundsOption).toInt());

    std::unique_ptr<PgTestServer> server = KmTest::startPostgres();
    const auto newDatabase = [&server] {
        const QString url = server->newDatabaseUrl();
        return url.isEmpty() || !createSchema(url) ? QString() : url;
    };

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
            const MarketRecord market = BenchRecords::market(i, 0);
            markets.markets.append(market);
            const MarketRecord next = BenchRecords::nextRound(market, i, 1);
            snapshots.markets.append(next);
            snapshots.snapshots.append(BenchRecords::snapshot(next, snapshotTime));
        }
        marketBatches.append(markets);
        snapshotBatches.append(snapshots);
    }

    QList<double> writer;
    QList<double> insert;
    QList<double> copy;
    for (int round = 0; only != QLatin1String("snapshots") && round < rounds; ++round) {
        QString url;
        if (runs("writer")) {
            url = newDatabase();
            writer.append(url.isEmpty() ? 0 : runWriter(url, marketBatches, rowCount));
        }
        if (runs("insert")) {
            url = newDatabase();
            insert.append(url.isEmpty() ? 0 : runRaw(url, marketBatches, rowCount, Raw::Insert));
        }
        if (runs("copy")) {
            url = newDatabase();
            copy.append(url.isEmpty() ? 0 : runRaw(url, marketBatches, rowCount, Raw::Copy));
        }
    }
    Bench::note(QStringLiteral("markets/s writer: %1").arg(Bench::samples(writer, 0)));
    Bench::note(QStringLiteral("markets/s multi-row INSERT: %1").arg(Bench::samples(insert, 0)));
    Bench::note(QStringLiteral("markets/s COPY: %1").arg(Bench::samples(copy, 0)));
    Bench::figure("pg_writer_markets_per_s", Bench::median(writer), 0, ">= 60000");
    Bench::figure("pg_insert_markets_per_s", Bench::median(insert), 0, "info");
    Bench::figure("pg_copy_markets_per_s", Bench::median(copy), 0, "info");
    Bench::figure(
        "pg_writer_vs_insert_markets", Bench::median(writer) / qMax(1.0, Bench::median(insert)), 2, "info");

    // Snapshot batches on a database holding the markets (loaded by COPY, untimed).
    writer.clear();
    insert.clear();
    copy.clear();
    const qint64 snapshotRows = 2 * qint64(rowCount); // markets + snapshots, as km-bench-writer counts
    for (int round = 0; only != QLatin1String("markets") && round < rounds; ++round) {
        QString url;
        if (runs("writer")) {
            url = newDatabase();
            if (!url.isEmpty() && runRaw(url, marketBatches, rowCount, Raw::Copy) > 0)
                writer.append(runWriter(url, snapshotBatches, snapshotRows));
        }
        if (runs("insert")) {
            url = newDatabase();
            if (!url.isEmpty() && runRaw(url, marketBatches, rowCount, Raw::Copy) > 0)
                insert.append(runRaw(url, snapshotBatches, snapshotRows, Raw::Insert));
        }
        if (runs("copy")) {
            url = newDatabase();
            if (!url.isEmpty() && runRaw(url, marketBatches, rowCount, Raw::Copy) > 0)
                copy.append(runRaw(url, snapshotBatches, snapshotRows, Raw::Copy));
        }
    }
    Bench::note(QStringLiteral("snapshot batch rows/s writer: %1").arg(Bench::samples(writer, 0)));
    Bench::note(QStringLiteral("snapshot batch rows/s multi-row INSERT: %1").arg(Bench::samples(insert, 0)));
    Bench::note(QStringLiteral("snapshot batch rows/s COPY: %1").arg(Bench::samples(copy, 0)));
    Bench::figure("pg_writer_snapshot_batch_rows_per_s", Bench::median(writer), 0,
        ">= 120000 (60000 markets + 60000 snapshots)");
    Bench::figure("pg_insert_snapshot_batch_rows_per_s", Bench::median(insert), 0, "info");
    Bench::figure("pg_copy_snapshot_batch_rows_per_s", Bench::median(copy), 0, "info");
    if (parser.isSet(logOption)) {
        QFile::remove(parser.value(logOption));
        QFile::copy(server->socketDirectory() + QStringLiteral("/server.log"), parser.value(logOption));
    }
    return 0;
}

#include "bench_writer_postgres.moc"

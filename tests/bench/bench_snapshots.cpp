// Benchmark 4: snapshot storage and chart reads. 2M snapshot rows over 20k markets in our schema
// against the predecessor's layout for the same rows (rowid table, TEXT ticker, ISO-8601 TEXT time,
// the same 8 INTEGER values, one index on ticker and one on time); bytes per row after VACUUM,
// indexes included. Ours counts the snapshot tables alone (since schema version 7 snapshot_states
// and snapshot_times behind the snapshot_rows view; this benchmark's values move every hour, so its
// runs are about 12 rows long): since schema version 2 a market's id is the
// markets table's rowid, which a markets table keyed by ticker had anyway, so ids cost no table of
// their own (neither side's markets table is counted). Then the chart's query for the one market
// with 10k points, and the same through the price_snapshots view by ticker.
#include "benchsupport.h"
#include "storage/databasestats.h"
#include "storage/schema.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <optional>

namespace {

constexpr int marketCount = 20000;
constexpr qint64 rowTotal = 2000000;
constexpr int longPoints = 10000; // market 1
constexpr qint64 firstTime = 1790000000;
constexpr int interval = 300; // a snapshot every five minutes

// Markets 2..10100 get 100 points, 10101..20000 get 99; with market 1's 10000 that is 2,000,000.
constexpr int hundredPointMarkets = 10099;

bool run(QSqlQuery &query, const QString &sql)
{
    if (query.exec(sql)) {
        query.finish();
        return true;
    }
    Bench::note(Schema::describe(query.lastError()) + QStringLiteral(" in ") + sql.left(160));
    return false;
}

// Every (market, time) of the benchmark in insertion order: time-major, as a collector writes them.
// Times 0-98 for every market, time 99 for markets 1-10100, times 100-9999 for market 1.
QString pointsCte()
{
    return QStringLiteral("WITH RECURSIVE t(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM t WHERE i + 1 < %1), "
                          "m(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM m WHERE id + 1 <= %2), "
                          "p(id, i) AS (SELECT m.id, t.i FROM t CROSS JOIN m WHERE t.i < 99 "
                          "UNION ALL SELECT id, 99 FROM m WHERE id <= %3 "
                          "UNION ALL SELECT 1, i FROM t WHERE i >= 100) ")
        .arg(longPoints)
        .arg(marketCount)
        .arg(hundredPointMarkets + 1);
}

// The eight values of point (id, i), a slow walk per market: realistic magnitudes for varints.
QString valuesSql()
{
    return QStringLiteral(
        "((id * 37 + i / 12) % 97 + 1) * 10000, ((id * 37 + i / 12) % 97 + 3) * 10000, "
        "(97 - (id * 37 + i / 12) % 97) * 10000, (99 - (id * 37 + i / 12) % 97) * 10000, "
        "((id * 37 + i / 10) % 97 + 2) * 10000, (id % 1000) * 38470 + i * 25, (id % 300) * 611 + i % 50, "
        "(id % 700) * 13080 + i * 3");
}

qint64 pagesOf(QSqlQuery &query, const QString &names)
{
    if (!query.exec(
            QStringLiteral("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN (%1)").arg(names))
        || !query.next()) {
        Bench::note(Schema::describe(query.lastError()));
        return -1;
    }
    const qint64 bytes = query.value(0).toLongLong();
    query.finish();
    return bytes;
}

bool buildOurs(const QString &path, qint64 *bytes, qint64 *rows, qint64 *bytesBeforeVacuum)
{
    const QString name = QStringLiteral("bench-ours");
    QString error;
    if (!Schema::openConnection(name, path, {}, &error)) {
        Bench::note(error);
        return false;
    }
    bool ok = false;
    {
        QSqlQuery query(QSqlDatabase::database(name, false));
        ok = run(query, QStringLiteral("BEGIN"))
            && run(query,
                QStringLiteral(
                    "INSERT INTO events(ticker, series_ticker, title, updated_at) "
                    "WITH RECURSIVE e(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM e WHERE i + 1 < %1) "
                    "SELECT printf('KXSIM%d-26DEC%.2d-E%d', i % 97, 1 + i % 28, i), printf('KXSIM%d', i % "
                    "97), "
                    "printf('Event %d', i), %2 FROM e")
                    .arg(marketCount / 8)
                    .arg(firstTime))
            && run(query,
                QStringLiteral(
                    "INSERT INTO markets(ticker, event_ticker, title, status, updated_at) "
                    "WITH RECURSIVE m(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM m WHERE n + 1 < %1) "
                    "SELECT printf('KXSIM%d-26DEC%.2d-E%d-M%d', (n / 8) % 97, 1 + (n / 8) % 28, n / 8, n), "
                    "printf('KXSIM%d-26DEC%.2d-E%d', (n / 8) % 97, 1 + (n / 8) % 28, n / 8), "
                    "printf('Will Initial jobless claims be above %d?', 200 + n % 700), 'active', %2 FROM m")
                    .arg(marketCount)
                    .arg(firstTime))
            && run(query,
                QStringLiteral(
                    "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, "
                    "last_price, volume, volume_24h, open_interest) ")
                    + pointsCte() + QStringLiteral("SELECT id, %1 + i * %2, ").arg(firstTime).arg(interval)
                    + valuesSql() + QStringLiteral(" FROM p"))
            && run(query, QStringLiteral("COMMIT"))
            && run(query, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        *bytesBeforeVacuum = ok
            ? pagesOf(query, QStringLiteral("'snapshot_states', 'snapshot_times', 'snapshot_times_scope'"))
            : -1;
        ok = ok && run(query, QStringLiteral("VACUUM"));
        if (ok && query.exec(QStringLiteral("SELECT count(*) FROM snapshot_rows")) && query.next())
            *rows = query.value(0).toLongLong();
        query.finish();
        *bytes = ok
            ? pagesOf(query, QStringLiteral("'snapshot_states', 'snapshot_times', 'snapshot_times_scope'"))
            : -1;
    }
    Schema::closeConnection(name);
    return ok && *bytes > 0;
}

bool buildTheirs(const QString &path, const QString &oursPath, qint64 *bytes, qint64 *bytesBeforeVacuum)
{
    const QString name = QStringLiteral("bench-theirs");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            ok = run(query, QStringLiteral("PRAGMA journal_mode = WAL"))
                && run(query, QStringLiteral("ATTACH DATABASE '%1' AS ours").arg(oursPath))
                && run(query,
                    QStringLiteral(
                        "CREATE TABLE snapshots (id INTEGER PRIMARY KEY, ticker TEXT NOT NULL, "
                        "snapshot_time TEXT NOT NULL, yes_bid INTEGER, yes_ask INTEGER, no_bid INTEGER, "
                        "no_ask INTEGER, last_price INTEGER, volume INTEGER, volume_24h INTEGER, "
                        "open_interest INTEGER)"))
                && run(query, QStringLiteral("CREATE INDEX snapshots_ticker ON snapshots(ticker)"))
                && run(query, QStringLiteral("CREATE INDEX snapshots_time ON snapshots(snapshot_time)"))
                && run(query, QStringLiteral("BEGIN"))
                && run(query,
                    QStringLiteral(
                        "INSERT INTO snapshots(ticker, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, "
                        "last_price, volume, volume_24h, open_interest) ")
                        + pointsCte()
                        + QStringLiteral("SELECT (SELECT ticker FROM ours.markets WHERE markets.id = p.id), "
                                         "strftime('%Y-%m-%dT%H:%M:%SZ', %1 + i * %2, 'unixepoch'), ")
                              .arg(firstTime)
                              .arg(interval)
                        + valuesSql() + QStringLiteral(" FROM p"))
                && run(query, QStringLiteral("COMMIT")) && run(query, QStringLiteral("DETACH DATABASE ours"))
                && run(query, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
            *bytesBeforeVacuum = ok
                ? pagesOf(query, QStringLiteral("'snapshots', 'snapshots_ticker', 'snapshots_time'"))
                : -1;
            ok = ok && run(query, QStringLiteral("VACUUM"));
            *bytes = ok ? pagesOf(query, QStringLiteral("'snapshots', 'snapshots_ticker', 'snapshots_time'"))
                        : -1;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok && *bytes > 0;
}

struct ChartPoint
{
    qint64 time = 0;
    std::optional<qint64> yesBid;
    std::optional<qint64> yesAsk;
    std::optional<qint64> lastPrice;
    std::optional<qint64> volume;
};

std::optional<qint64> optionalInt(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

// Runs the query as ChartPanel::appendNewSnapshots() does, reading every row into chart points.
// Returns milliseconds, or -1.
double timeChartQuery(const QString &connection, const QString &sql, const QVariant &key, int *points)
{
    QElapsedTimer timer;
    timer.start();
    QSqlQuery query(QSqlDatabase::database(connection, false));
    query.setForwardOnly(true);
    query.prepare(sql);
    query.addBindValue(key);
    query.addBindValue(qint64(0));
    QList<ChartPoint> list;
    if (!query.exec()) {
        Bench::note(Schema::describe(query.lastError()));
        return -1;
    }
    while (query.next()) {
        ChartPoint point;
        point.time = query.value(0).toLongLong();
        point.yesBid = optionalInt(query.value(1));
        point.yesAsk = optionalInt(query.value(2));
        point.lastPrice = optionalInt(query.value(3));
        point.volume = optionalInt(query.value(4));
        list.append(point);
    }
    query.finish();
    *points = int(list.size());
    return double(timer.nsecsElapsed()) / 1e6;
}

bool benchChartQueries(const QString &path)
{
    const QString name = QStringLiteral("bench-reader");
    Schema::ConnectionOptions options;
    options.access = Schema::Access::ReadOnly;
    QString error;
    if (!Schema::openConnection(name, path, options, &error)) {
        Bench::note(error);
        return false;
    }
    QString ticker;
    {
        QSqlQuery query(QSqlDatabase::database(name, false));
        if (query.exec(QStringLiteral("SELECT ticker FROM markets WHERE id = 1")) && query.next())
            ticker = query.value(0).toString();
        query.finish();
    }
    const QString byId
        = QStringLiteral("SELECT snapshot_time, yes_bid, yes_ask, last_price, volume FROM snapshot_rows "
                         "WHERE market_id = ? AND snapshot_time > ? ORDER BY snapshot_time");
    const QString byTicker
        = QStringLiteral("SELECT snapshot_time, yes_bid, yes_ask, last_price, volume FROM price_snapshots "
                         "WHERE ticker = ? AND snapshot_time > ? ORDER BY snapshot_time");
    bool ok = true;
    for (const auto &[label, sql, key] : {std::tuple{"chart_query_10k_ms", byId, QVariant(qint64(1))},
             std::tuple{"chart_query_view_10k_ms", byTicker, QVariant(ticker)}}) {
        QList<double> times;
        int points = 0;
        for (int i = 0; i < 21; ++i) {
            const double ms = timeChartQuery(name, sql, key, &points);
            if (ms < 0 || points != longPoints) {
                Bench::note(QStringLiteral("%1: %2 points").arg(QString::fromLatin1(label)).arg(points));
                ok = false;
                break;
            }
            if (i > 0) // the first run warms the cache
                times.append(ms);
        }
        if (!ok)
            break;
        Bench::note(QStringLiteral("%1: %2").arg(QString::fromLatin1(label), Bench::samples(times, 2)));
        Bench::figure(label, Bench::median(times), 2, "<= 5");
    }
    if (ok) {
        // The CLI's stats (Full) and what the status bar reads in the GUI thread after commits (Quick).
        for (const auto &[scope, label] :
            {std::pair{DatabaseStats::Scope::Full, "stats_read_full_2m_snapshots_ms"},
                std::pair{DatabaseStats::Scope::Quick, "stats_read_quick_2m_snapshots_ms"}}) {
            QList<double> times;
            for (int i = 0; i < 3 && ok; ++i) {
                QElapsedTimer timer;
                timer.start();
                DatabaseStats stats;
                if (!DatabaseStats::read(name, path, &stats, &error, 20, scope)) {
                    Bench::note(error);
                    ok = false;
                    break;
                }
                times.append(double(timer.nsecsElapsed()) / 1e6);
            }
            Bench::note(QStringLiteral("DatabaseStats::read %1: %2 ms")
                            .arg(QString::fromLatin1(label), Bench::samples(times, 1)));
            Bench::figure(label, Bench::median(times), 1,
                scope == DatabaseStats::Scope::Quick ? "info; GUI thread" : "info; CLI stats");
        }
    }
    Schema::closeConnection(name);
    return ok;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.process(app);
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    const QString ours = dir.filePath(QStringLiteral("ours.db"));
    const QString theirs = dir.filePath(QStringLiteral("theirs.db"));
    qint64 oursBytes = 0;
    qint64 theirsBytes = 0;
    qint64 rows = 0;
    qint64 oursBefore = 0;
    qint64 theirsBefore = 0;
    QElapsedTimer timer;
    timer.start();
    if (!buildOurs(ours, &oursBytes, &rows, &oursBefore) || rows != rowTotal) {
        Bench::note(QStringLiteral("our database has %1 rows").arg(rows));
        return 1;
    }
    Bench::note(QStringLiteral("built ours in %1 s").arg(double(timer.restart()) / 1000));
    if (!buildTheirs(theirs, ours, &theirsBytes, &theirsBefore))
        return 1;
    Bench::note(QStringLiteral("built theirs in %1 s").arg(double(timer.restart()) / 1000));
    const double oursPerRow = double(oursBytes) / double(rows);
    const double theirsPerRow = double(theirsBytes) / double(rows);
    Bench::figure("snapshot_bytes_per_row", oursPerRow, 1, "info");
    Bench::figure("predecessor_bytes_per_row", theirsPerRow, 1, "info");
    Bench::figure("snapshot_bytes_vs_predecessor", oursPerRow / theirsPerRow, 3, "<= 0.333");
    // As written in time order, before any VACUUM: what a collector's file holds.
    Bench::figure("snapshot_bytes_per_row_unvacuumed", double(oursBefore) / double(rows), 1, "info");
    Bench::figure("predecessor_bytes_per_row_unvacuumed", double(theirsBefore) / double(rows), 1, "info");
    return benchChartQueries(ours) ? 0 : 1;
}

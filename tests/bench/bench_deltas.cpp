// Issue 16: snapshots that store change (schema version 7) against the table of schema version 6,
// in the same run, on the same generated snapshots.
//
// Generated: 40,000 open markets; at every 5-minute snapshot 10% of them (chosen at random,
// seeded) change their values, the others repeat theirs. Both files get the writer's connection
// PRAGMAs and the writer's snapshot statements, in batches of 1,000 rows (a page), each one
// BEGIN IMMEDIATE transaction of 64-row statements:
//   old: INSERT INTO snapshot_rows(...) VALUES ... ON CONFLICT(market_id, snapshot_time) DO NOTHING
//        (the version-6 writer's statement, generated from the same description)
//   new: the time registered in snapshot_times, then WriterTables::snapshots() past the view's
//        trigger straight into snapshot_states (TableStatement::insertPastTrigger, as the writer
//        writes a page that lists each market once), extending or starting each market's run.
// (The markets upsert that rides along in a collector's snapshot batch is the same in both layouts
// and left out.) The two sides alternate snapshot by snapshot.
//
// Part 1, --markets (40,000) x --snapshots (default 48, four hours: scaled down from 30 days for
// run time): the write path per snapshot, old vs new. Part 2, 30 days: --chart-markets (100) of the
// same 40,000 markets (the highest ids, so ids take the bytes they take at 40,000) x 8,640
// snapshots, written the same way: bytes on disk per (market x covered snapshot time) of each
// layout (dbstat, indexes included, as written, no VACUUM), and ChartPanel's query for one market
// over the 30 days (median of 20 warm runs).
// Part 3, --batch-markets (40,000) x --batch-snapshots (48): a collector's whole snapshot batch
// (the page's markets upsert, their indexes and full-text triggers included, plus their snapshot
// rows; see BatchWriter) on a schema-5 file (before issue 16: snapshot rows in a table, no
// full-text index, no 24 h volume index) against a file of the current schema, alternating
// snapshot by snapshot. --batch-only runs it alone (with small sizes: the callgrind figure).
// --history-days D first gives both files D days of 5-minute snapshots of the same markets (a
// collection that has run for D days), generated with SQL in each layout's own tables (History);
// the timed snapshots continue it. Before that, the generated history of --verify-markets (200)
// markets x 1 day is compared with a file written snapshot by snapshot (exit 1 if they differ).
#include "benchrecords.h"
#include "benchsupport.h"
#include "records.h"
#include "storage/databasewriter.h"
#include "storage/snapshotreads.h"
#include "storage/sqldialect.h"
#include "storage/statementbinder.h"
#include "storage/tablestatement.h"
#include "storage/writertables.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <time.h>

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

namespace {

constexpr qint64 firstTime = 1790000000;
constexpr int interval = 300;
constexpr int pageRows = 1000;

// The migrations in the resources, in order: the files Schema applies.
QStringList migrationNames()
{
    return QDir(QStringLiteral(":/sql")).entryList({QStringLiteral("0*.sql")}, QDir::Files, QDir::Name);
}

// A file with the migrations up to lastMigration applied by SQLite alone, in one transaction.
bool createFile(const QString &path, int lastMigration, QString *error)
{
    const QStringList names = migrationNames();
    QByteArray script = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = OFF; BEGIN;\n";
    for (int i = 0; i < lastMigration; ++i) {
        if (i >= names.size() || !names.at(i).startsWith(QString::asprintf("%03d_", i + 1))) {
            *error = QStringLiteral("migration %1 is missing").arg(i + 1);
            return false;
        }
        QFile file(QStringLiteral(":/sql/") + names.at(i));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = file.fileName() + QStringLiteral(" is missing");
            return false;
        }
        script += file.readAll() + '\n';
    }
    script += "PRAGMA user_version = " + QByteArray::number(lastMigration) + "; COMMIT;";
    sqlite3 *db = nullptr;
    int rc = sqlite3_open_v2(
        QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    char *message = nullptr;
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, script.constData(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK)
        *error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    sqlite3_close(db);
    return rc == SQLITE_OK;
}

struct Market
{
    qint64 yesBid, lastPrice, volume, volume24h, openInterest;
};

// The values of every market, moved for a random tenth at each snapshot.
class Generator
{
public:
    explicit Generator(int markets)
        : m_random(16)
    {
        for (int i = 1; i <= markets; ++i)
            m_markets.push_back({((i * 37) % 90 + 5) * 10000, ((i * 37) % 90 + 6) * 10000, qint64(i) * 123400,
                qint64(i % 1000) * 5600, qint64(i % 700) * 3300});
    }
    void advance()
    {
        const int changes = int(m_markets.size() / 10);
        for (int c = 0; c < changes; ++c) {
            Market &m = m_markets[m_random.bounded(int(m_markets.size()))];
            m.yesBid
                = qBound(qint64(10000), m.yesBid + (m_random.bounded(2) ? 10000 : -10000), qint64(970000));
            m.lastPrice = m.yesBid + 10000 * m_random.bounded(3);
            const qint64 traded = 100 * (1 + m_random.bounded(5000));
            m.volume += traded;
            m.volume24h += traded;
            m.openInterest += traded / 2;
        }
    }
    SnapshotRecord record(int index, qint64 time) const
    {
        const Market &m = m_markets[size_t(index)];
        SnapshotRecord s;
        s.ticker = ticker(index + 1);
        s.snapshotTime = time;
        s.yesBid = m.yesBid;
        s.yesAsk = m.yesBid + 20000;
        s.noBid = 1000000 - *s.yesAsk;
        s.noAsk = 1000000 - m.yesBid;
        s.lastPrice = m.lastPrice;
        s.volume = m.volume;
        s.volume24h = m.volume24h;
        s.openInterest = m.openInterest;
        return s;
    }
    static QString ticker(int id) { return QStringLiteral("KXBENCH-%1").arg(id, 6, 10, QLatin1Char('0')); }

private:
    QRandomGenerator m_random;
    std::vector<Market> m_markets;
};

// One layout: its connection (the writer's PRAGMAs) and its prepared statements.
class Side
{
public:
    Side(const QString &name, const QString &path, bool states)
        : m_name(name)
        , m_states(states)
        , m_old(QStringLiteral("snapshot_rows"), TableStatement::OnConflict::Ignore,
              WriterTables::snapshots().statement().columns())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.open();
        QSqlQuery query(db);
        for (const QString &pragma :
            QStringList{QStringLiteral("PRAGMA journal_mode = WAL"),
                QStringLiteral("PRAGMA synchronous = NORMAL"), QStringLiteral("PRAGMA foreign_keys = ON")}
                + DatabaseWriter::connectionPragmas())
            query.exec(pragma);
    }
    ~Side()
    {
        m_statements.clear();
        m_register.reset();
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

    bool exec(const QString &sql)
    {
        QSqlQuery query(db());
        if (query.exec(sql))
            return true;
        Bench::note(m_name + QStringLiteral(": ") + query.lastError().text() + QStringLiteral(" in ")
            + sql.left(120));
        return false;
    }

    // One page of snapshot rows in one transaction, as the writer commits it.
    bool writePage(const QList<SnapshotRecord> &records)
    {
        QSqlDatabase database = db();
        if (!exec(QStringLiteral("BEGIN IMMEDIATE")))
            return false;
        bool ok = true;
        if (m_states) {
            if (!m_register) {
                m_register = std::make_unique<QSqlQuery>(database);
                m_register->prepare(WriterTables::snapshotTimes().statement().insert(1));
            }
            m_register->addBindValue(records.first().snapshotTime);
            m_register->addBindValue(0);
            ok = m_register->exec();
        }
        const TableStatement &table = m_states ? WriterTables::snapshots().statement() : m_old;
        qsizetype offset = 0;
        while (ok && offset < records.size()) {
            int rows = 64;
            while (rows > records.size() - offset)
                rows /= 2;
            auto &slot = m_statements[rows];
            if (!slot) {
                slot = std::make_unique<QSqlQuery>(database);
                if (!slot->prepare(m_states ? table.insertPastTrigger(rows) : table.insert(rows)))
                    Bench::note(slot->lastError().text());
            }
            for (int r = 0; r < rows; ++r) {
                const SnapshotRecord &s = records.at(offset + r);
                slot->addBindValue(s.ticker);
                slot->addBindValue(s.snapshotTime);
                for (const auto &value : {s.yesBid, s.yesAsk, s.noBid, s.noAsk, s.lastPrice, s.volume,
                         s.volume24h, s.openInterest})
                    slot->addBindValue(value ? QVariant(*value) : QVariant());
            }
            ok = slot->exec();
            if (!ok)
                Bench::note(m_name + QStringLiteral(": ") + slot->lastError().text());
            slot->finish();
            offset += rows;
        }
        return exec(ok ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK")) && ok;
    }

    qint64 bytesOf(const QStringList &tables)
    {
        QSqlQuery query(db());
        QStringList quoted;
        for (const QString &table : tables)
            quoted << u'\'' + table + u'\'';
        query.exec(
            QStringLiteral("SELECT sum(d.pgsize) FROM dbstat AS d JOIN sqlite_schema AS s ON s.name = d.name "
                           "WHERE d.aggregate = TRUE AND s.tbl_name IN (%1)")
                .arg(quoted.join(u',')));
        return query.next() ? query.value(0).toLongLong() : -1;
    }

private:
    QString m_name;
    bool m_states;
    TableStatement m_old;
    std::unique_ptr<QSqlQuery> m_register;
    std::map<int, std::unique_ptr<QSqlQuery>> m_statements;
};

bool insertMarkets(Side &side, int markets)
{
    return side.exec(QStringLiteral("BEGIN"))
        && side.exec(QStringLiteral("INSERT INTO events(ticker, series_ticker, title, updated_at) "
                                    "VALUES ('KXBENCH', 'KXBENCH', 'Bench', 1)"))
        && side.exec(
            QStringLiteral("WITH RECURSIVE m(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM m WHERE i < %1) "
                           "INSERT INTO markets(ticker, event_ticker, title, status, updated_at) "
                           "SELECT printf('KXBENCH-%06d', i), 'KXBENCH', 'Market ' || i, 'active', 1 FROM m")
                .arg(markets))
        && side.exec(QStringLiteral("COMMIT"));
}

// Writes `snapshots` snapshots of markets [first, first + count) to both sides, alternating;
// returns the seconds per snapshot of each side.
bool writeSnapshots(Side &oldSide, Side &newSide, Generator &generator, int first, int count, int snapshots,
    QList<double> *oldSeconds, QList<double> *newSeconds)
{
    for (int k = 0; k < snapshots; ++k) {
        if (k > 0)
            generator.advance();
        const qint64 time = firstTime + qint64(interval) * k;
        QList<QList<SnapshotRecord>> pages;
        for (int from = first; from < first + count; from += pageRows) {
            QList<SnapshotRecord> page;
            for (int i = from; i < qMin(first + count, from + pageRows); ++i)
                page << generator.record(i, time);
            pages << page;
        }
        for (int pass = 0; pass < 2; ++pass) {
            const bool newFirst = k % 2 == 1;
            Side &side = (pass == 0) == newFirst ? newSide : oldSide;
            QElapsedTimer timer;
            timer.start();
            for (const QList<SnapshotRecord> &page : std::as_const(pages)) {
                if (!side.writePage(page))
                    return false;
            }
            (&side == &newSide ? newSeconds : oldSeconds)->append(timer.nsecsElapsed() / 1e9);
        }
    }
    return true;
}

// ChartPanel::appendNewSnapshots' read: every row into points, then in time order. The version-6
// query had ORDER BY, which its primary key gave for free; the view's rows are sorted afterwards.
double chartQueryMs(Side &side, qint64 marketId, bool states)
{
    QSqlQuery query(side.db());
    query.setForwardOnly(true);
    query.prepare(states ? QStringLiteral("SELECT snapshot_time, yes_bid, yes_ask, last_price, volume FROM "
                                          "snapshot_rows WHERE market_id = ? AND snapshot_time > ?")
                         : QStringLiteral("SELECT snapshot_time, yes_bid, yes_ask, last_price, volume FROM "
                                          "snapshot_rows WHERE market_id = ? AND snapshot_time > ? "
                                          "ORDER BY snapshot_time"));
    QList<double> samples;
    QList<double> cpuSamples;
    const auto threadCpuMs = [] {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
    };
    int points = 0;
    for (int run = 0; run < 21; ++run) {
        QElapsedTimer timer;
        timer.start();
        const double cpuStart = threadCpuMs();
        query.addBindValue(marketId);
        query.addBindValue(0);
        query.exec();
        struct Point
        {
            qint64 time, yesBid, yesAsk, lastPrice, volume;
        };
        QList<Point> read;
        while (query.next()) {
            read.append({query.value(0).toLongLong(), query.value(1).toLongLong(),
                query.value(2).toLongLong(), query.value(3).toLongLong(), query.value(4).toLongLong()});
        }
        query.finish();
        if (states)
            std::sort(
                read.begin(), read.end(), [](const Point &a, const Point &b) { return a.time < b.time; });
        points = int(read.size());
        const qint64 sum = read.isEmpty() ? 0 : read.last().time;
        if (run > 0) {
            samples << timer.nsecsElapsed() / 1e6;
            cpuSamples << threadCpuMs() - cpuStart;
        }
        Q_UNUSED(sum);
    }
    Bench::note(QStringLiteral("chart query, %1 points: %2 ms wall; %3 ms CPU")
                    .arg(points)
                    .arg(Bench::samples(samples), Bench::samples(cpuSamples)));
    Bench::note(QStringLiteral("chart query wall median %1 ms, min %2 ms")
                    .arg(Bench::median(samples), 0, 'f', 2)
                    .arg(*std::min_element(samples.cbegin(), samples.cend()), 0, 'f', 2));
    // The reading thread's own CPU time: on a machine shared with other work the wall clock
    // mostly measures waiting for a core.
    return Bench::median(cpuSamples);
}

// The watchlist's read of a market's newest 48 snapshots (its sparkline; the alert evaluator's
// previous samples are the same shape): on the version-6 table by its key, on the version-7 view
// (what the watchlist did before SnapshotReads: the view expands the market's whole history), and
// through SnapshotReads on the runs. CPU time of the reading thread, median of 20 warm runs.
enum class NewestRead { Table, View, Runs };
double newestQueryCpuMs(Side &side, qint64 marketId, NewestRead how)
{
    constexpr int count = 48;
    QSqlQuery query(side.db());
    query.setForwardOnly(true);
    if (how == NewestRead::Runs) {
        query.prepare(QStringLiteral("SELECT * FROM (")
            + SnapshotReads::newestRows(
                QStringLiteral("t.snapshot_time AS snapshot_time, r.last_price AS last_price"),
                QStringLiteral("(SELECT CAST(? AS BIGINT) AS id) AS m"), QStringLiteral("m.id"))
            + QStringLiteral(") AS n ORDER BY n.snapshot_time DESC LIMIT ?"));
    } else {
        query.prepare(
            QStringLiteral("SELECT snapshot_time, last_price FROM snapshot_rows WHERE market_id = ? "
                           "ORDER BY snapshot_time DESC LIMIT ?"));
    }
    const auto threadCpuMs = [] {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
    };
    QList<double> cpuSamples;
    int rows = 0;
    for (int run = 0; run < 21; ++run) {
        const double cpuStart = threadCpuMs();
        if (how == NewestRead::Runs)
            SnapshotReads::bindNewest(query, {marketId}, std::numeric_limits<qint64>::max(), count);
        else
            query.addBindValue(marketId);
        query.addBindValue(count);
        query.exec();
        rows = 0;
        while (query.next())
            ++rows;
        query.finish();
        if (run > 0)
            cpuSamples << threadCpuMs() - cpuStart;
    }
    Bench::note(QStringLiteral("newest %1 read (%2): %3 rows, %4 ms CPU")
                    .arg(count)
                    .arg(int(how))
                    .arg(rows)
                    .arg(Bench::samples(cpuSamples)));
    return Bench::median(cpuSamples);
}

// Part 3: a collector's whole snapshot batch, as DatabaseWriter::applyBatch writes it on SQLite
// (WriteBatch::Kind::Snapshots): the placeholder events of the page's markets, the markets upsert
// with the largest rowid read before and after it, the guarded update of the indexed columns (the
// markets are stored already), then the snapshot: from schema 7 on the time registered, the rows
// past the view's trigger into snapshot_states (TableStatement::insertPastTrigger; a page lists each
// market once) and total_changes() read around them; on schema 5 the
// rows into its table with the version-6 writer's INSERT ... ON CONFLICT DO NOTHING. One
// BEGIN IMMEDIATE transaction. The statements are the writer's (WriterTables, 64-row chunks,
// named placeholders bound by StatementBinder as BulkStatementCache binds them); the schema is the
// file's, so the markets upsert meets whatever indexes and triggers its version has. On schema 5
// the markets statements are the writer's of that time: every guarded column in one guarded update,
// volume_24h (no index then) set by the upsert itself.
TableStatement schema5Markets()
{
    QList<TableStatement::Column> columns = WriterTables::markets().statement().columns();
    for (TableStatement::Column &column : columns) {
        if (column.role == TableStatement::Role::Guarded && column.guardGroup > 0) {
            column.role = TableStatement::Role::Updated;
            column.guardGroup = 0;
        }
    }
    return TableStatement(QStringLiteral("markets"), TableStatement::OnConflict::Update, columns);
}

class BatchWriter
{
public:
    BatchWriter(Side &side, bool states)
        : m_side(side)
        , m_states(states)
        , m_oldSnapshots(QStringLiteral("snapshot_rows"), TableStatement::OnConflict::Ignore,
              WriterTables::snapshots().statement().columns())
        , m_markets(states ? WriterTables::markets().statement() : schema5Markets())
    {
    }

    bool write(const QList<MarketRecord> &markets, const QList<SnapshotRecord> &snapshots, qint64 batchTime)
    {
        m_batchTime = batchTime;
        if (!m_side.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return false;
        const bool ok = placeholderEvents(markets) && upsertMarkets(markets)
            && (snapshots.isEmpty() || insertSnapshots(snapshots));
        return m_side.exec(ok ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK")) && ok;
    }

private:
    bool placeholderEvents(const QList<MarketRecord> &markets)
    {
        QList<MarketRecord> distinct;
        QSet<QString> seen;
        for (const MarketRecord &market : markets) {
            if (!seen.contains(market.eventTicker)) {
                seen.insert(market.eventTicker);
                distinct.append(market);
            }
        }
        return bulk(WriterTables::placeholderEvents(), WriterTables::placeholderEvents().statement(), false,
            distinct);
    }

    bool upsertMarkets(const QList<MarketRecord> &markets)
    {
        qint64 before = 0;
        qint64 after = 0;
        if (!value(SqlDialect::largestMarketId(SqlDialect::Backend::Sqlite), &before)
            || !bulk(WriterTables::markets(), m_markets, false, markets)
            || !value(SqlDialect::largestMarketId(SqlDialect::Backend::Sqlite), &after))
            return false;
        if (after - before == markets.size())
            return true;
        for (int group = 0; group < m_markets.guardGroups(); ++group) {
            if (!bulk(WriterTables::markets(), m_markets, true, markets, group))
                return false;
        }
        return true;
    }

    bool insertSnapshots(const QList<SnapshotRecord> &snapshots)
    {
        if (!m_states)
            return bulk(WriterTables::snapshots(), m_oldSnapshots, false, snapshots);
        qint64 before = 0;
        qint64 after = 0;
        const QString changes = SqlDialect::triggerChanges(SqlDialect::Backend::Sqlite);
        return bulk(WriterTables::snapshotTimes(), WriterTables::snapshotTimes().statement(), false,
                   QList<SnapshotTimeRecord>{{snapshots.first().snapshotTime, SnapshotScope::Listing}})
            && value(changes, &before)
            && bulk(
                WriterTables::snapshots(), WriterTables::snapshots().statement(), false, snapshots, 0, true)
            && value(changes, &after);
    }

    bool value(const QString &sql, qint64 *result)
    {
        auto &slot = m_plain[sql];
        if (!slot) {
            slot = std::make_unique<QSqlQuery>(m_side.db());
            slot->prepare(sql);
        }
        if (!slot->exec() || !slot->next()) {
            Bench::note(slot->lastError().text());
            return false;
        }
        *result = slot->value(0).toLongLong();
        slot->finish();
        return true;
    }

    template <typename Record>
    bool bulk(const TableDescription<Record> &table, const TableStatement &statement, bool guarded,
        const QList<Record> &records, int group = 0, bool pastTrigger = false)
    {
        qsizetype offset = 0;
        while (offset < records.size()) {
            int rows = 64;
            while (rows > records.size() - offset)
                rows /= 2;
            auto &slot = m_statements[{&statement, guarded ? group + 1 : (pastTrigger ? -1 : 0), rows}];
            if (!slot) {
                slot = std::make_unique<QSqlQuery>(m_side.db());
                const QString sql = guarded
                    ? statement.guardedUpdate(rows, SqlDialect::Backend::Sqlite, group)
                    : pastTrigger ? statement.insertPastTrigger(rows)
                                  : statement.insert(rows);
                if (!slot->prepare(named(sql))) {
                    Bench::note(slot->lastError().text());
                    return false;
                }
            }
            StatementBinder binder(slot.get(), m_text, m_placeholders, m_batchTime);
            for (int r = 0; r < rows; ++r) {
                if (guarded)
                    table.bindGuarded(binder, records.at(offset + r), group);
                else
                    table.bindInsert(binder, records.at(offset + r));
            }
            const bool ok = slot->exec();
            if (!ok)
                Bench::note(statement.table() + QStringLiteral(": ") + slot->lastError().text());
            slot->finish();
            if (!ok)
                return false;
            offset += rows;
        }
        return true;
    }

    // The generated '?' as named placeholders (":v0", ":v1", ...), as BulkStatementCache names them.
    QString named(const QString &generated)
    {
        QString sql;
        int position = 0;
        for (const QChar c : generated) {
            if (c != u'?') {
                sql += c;
                continue;
            }
            while (m_placeholders.size() <= position)
                m_placeholders.append(u":v" + QString::number(m_placeholders.size()));
            sql += m_placeholders.at(position++);
        }
        return sql;
    }

    Side &m_side;
    bool m_states;
    TableStatement m_oldSnapshots;
    TableStatement m_markets;
    qint64 m_batchTime = 0;
    QStringList m_placeholders;
    TextArena m_text; // declared before the statements, which are finalized first
    std::map<QString, std::unique_ptr<QSqlQuery>> m_plain;
    // (statement, 0 for the insert, -1 for the insert past the trigger or 1 + the guard group, rows)
    std::map<std::tuple<const TableStatement *, int, int>, std::unique_ptr<QSqlQuery>> m_statements;
};

// The page's markets as a collector lists them (BenchRecords' texts, eight markets per event), their
// numbers moved for a random tenth at each snapshot (seeded), and the snapshot rows of them.
class CollectorMarkets
{
public:
    explicit CollectorMarkets(int markets)
        : m_random(5)
    {
        for (int i = 0; i < markets; ++i)
            m_markets.append(BenchRecords::market(i, 0));
    }
    void advance()
    {
        const int changes = int(m_markets.size() / 10);
        for (int c = 0; c < changes; ++c) {
            MarketRecord &m = m_markets[m_random.bounded(int(m_markets.size()))];
            const qint64 bid
                = qBound(qint64(10000), *m.yesBid + (m_random.bounded(2) ? 10000 : -10000), qint64(960000));
            m.yesBid = bid;
            m.yesAsk = bid + 30000;
            m.noBid = 1000000 - *m.yesAsk;
            m.noAsk = 1000000 - bid;
            m.lastPrice = bid + 10000 * m_random.bounded(3);
            const qint64 traded = 100 * (1 + m_random.bounded(5000));
            m.volume = *m.volume + traded;
            m.volume24h = *m.volume24h + traded;
            m.openInterest = *m.openInterest + traded / 2;
        }
    }
    QList<MarketRecord> page(int from) const { return m_markets.mid(from, pageRows); }
    static QList<SnapshotRecord> snapshots(const QList<MarketRecord> &page, qint64 time)
    {
        QList<SnapshotRecord> rows;
        rows.reserve(page.size());
        for (const MarketRecord &m : page)
            rows.append(BenchRecords::snapshot(m, time));
        return rows;
    }
    int size() const { return int(m_markets.size()); }
    // The numbers of market `index` as a snapshot row holds them (a history's last values).
    void setNumbers(int index, const SnapshotRecord &values)
    {
        MarketRecord &m = m_markets[index];
        m.yesBid = values.yesBid;
        m.yesAsk = values.yesAsk;
        m.noBid = values.noBid;
        m.noAsk = values.noAsk;
        m.lastPrice = values.lastPrice;
        m.volume = values.volume;
        m.volume24h = values.volume24h;
        m.openInterest = values.openInterest;
    }

private:
    QRandomGenerator m_random;
    QList<MarketRecord> m_markets;
};

// Part 3's history (--history-days): `times` 5-minute snapshots of every market before the timed
// ones, generated with SQL straight into each layout's own tables, in key order (a file written
// snapshot by snapshot has the same rows and runs; its b-tree pages are less full). At every
// snapshot after the first, markets / 10 draws (with replacement, as CollectorMarkets::advance
// draws) from a seeded integer hash move their market; a market's values are a function of its
// id and of the snapshot that moved it last, with the volume growing with that snapshot, so every
// move changes the values and every other snapshot repeats them, which is what makes a new run.
class History
{
public:
    History(int markets, int times, int seed = 16)
        : m_markets(markets)
        , m_times(times)
        , m_seed(seed)
    {
    }
    int times() const { return m_times; }
    qint64 time(int k) const { return firstTime - qint64(interval) * (m_times - k); }

    // The temporary tables of the history (history_times, history_moves, history_runs) on this
    // connection, then its rows in the file's layout; the temporary tables stay for readEnd().
    bool write(Side &side, bool states) const
    {
        const QString n = QString::number(m_markets);
        const QString last = QString::number(m_times - 1);
        QStringList sql{QStringLiteral("PRAGMA foreign_keys = OFF"),
            QStringLiteral("PRAGMA journal_mode = OFF"), QStringLiteral("PRAGMA synchronous = OFF"),
            QStringLiteral("CREATE TEMP TABLE history_times(k INTEGER PRIMARY KEY, t INTEGER NOT NULL)"),
            QStringLiteral("WITH RECURSIVE s(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM s WHERE k < %1) "
                           "INSERT INTO history_times SELECT k, %2 + k * %3 FROM s")
                .arg(last)
                .arg(time(0))
                .arg(interval),
            QStringLiteral("CREATE TEMP TABLE history_moves(m INTEGER NOT NULL, k INTEGER NOT NULL, "
                           "PRIMARY KEY (m, k)) WITHOUT ROWID"),
            QStringLiteral("WITH RECURSIVE s(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM s WHERE m < %1) "
                           "INSERT INTO history_moves SELECT m, 0 FROM s")
                .arg(n),
            // Every step stays below 2^63 (SQLite turns an overflowing product into a REAL).
            QStringLiteral(
                "WITH RECURSIVE d(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM d WHERE j < %1), "
                "x AS (SELECT t.k AS k, (t.k * 131071 + d.j * 8191 + %2 * 524287) % 2147483648 AS x "
                "FROM history_times AS t, d WHERE t.k > 0), "
                "a AS (SELECT k, (x * 1103515245 + 12345) % 2147483648 AS h FROM x), "
                "b AS (SELECT k, ((h * h) >> 15) % 2147483648 AS h FROM a) "
                "INSERT OR IGNORE INTO history_moves SELECT ((h >> 7) * %3 >> 24) + 1, k FROM b")
                .arg(m_markets / 10)
                .arg(m_seed)
                .arg(n),
            QStringLiteral("CREATE TEMP TABLE history_runs(m INTEGER NOT NULL, ks INTEGER NOT NULL, "
                           "ke INTEGER NOT NULL, PRIMARY KEY (m, ks)) WITHOUT ROWID"),
            QStringLiteral("INSERT INTO history_runs SELECT m, k, "
                           "coalesce(lead(k) OVER (PARTITION BY m ORDER BY k) - 1, %1) FROM history_moves")
                .arg(last)};
        const QString columns = QStringLiteral(
            "yes_bid, yes_ask, no_bid, no_ask, last_price, volume, volume_24h, open_interest");
        if (states) {
            sql << QStringLiteral("INSERT INTO snapshot_times(snapshot_time, scope) "
                                  "SELECT t, 0 FROM history_times ORDER BY k")
                << QStringLiteral("INSERT INTO snapshot_states(market_id, scope, first_time, last_time, %1) "
                                  "SELECT r.m, 0, %2 + r.ks * %3, %2 + r.ke * %3, %4 FROM history_runs AS r "
                                  "ORDER BY r.m, r.ks")
                       .arg(columns)
                       .arg(time(0))
                       .arg(interval)
                       .arg(values());
        } else {
            // CROSS JOIN keeps the runs outside: the rows come in (market, time) order, the key's.
            sql << QStringLiteral("INSERT INTO snapshot_rows(market_id, snapshot_time, %1) "
                                  "SELECT r.m, t.t, %2 FROM history_runs AS r CROSS JOIN history_times AS t "
                                  "WHERE t.k BETWEEN r.ks AND r.ke")
                       .arg(columns, values());
        }
        sql << QStringLiteral("PRAGMA journal_mode = WAL") << QStringLiteral("PRAGMA synchronous = NORMAL")
            << QStringLiteral("PRAGMA foreign_keys = ON");
        for (const QString &statement : std::as_const(sql)) {
            if (statement.startsWith(QStringLiteral("INSERT"))
                || statement.startsWith(QStringLiteral("WITH"))) {
                if (!side.exec(QStringLiteral("BEGIN")) || !side.exec(statement)
                    || !side.exec(QStringLiteral("COMMIT")))
                    return false;
            } else if (!side.exec(statement)) {
                return false;
            }
        }
        return true;
    }

    // Every market's values at the history's last snapshot, into `markets`.
    bool readEnd(Side &side, CollectorMarkets *markets) const
    {
        {
            QSqlQuery query(side.db());
            query.setForwardOnly(true);
            if (!query.exec(QStringLiteral("SELECT r.m, %1 FROM history_runs AS r WHERE r.ke = %2")
                                .arg(values())
                                .arg(m_times - 1))) {
                Bench::note(query.lastError().text());
                return false;
            }
            int count = 0;
            while (query.next()) {
                markets->setNumbers(query.value(0).toInt() - 1, numbers(query, 1));
                ++count;
            }
            if (count != markets->size()) {
                Bench::note(QStringLiteral("the history ends with %1 markets, not %2")
                                .arg(count)
                                .arg(markets->size()));
                return false;
            }
        }
        return true;
    }
    static bool dropTables(Side &side)
    {
        return side.exec(QStringLiteral("DROP TABLE history_runs"))
            && side.exec(QStringLiteral("DROP TABLE history_moves"))
            && side.exec(QStringLiteral("DROP TABLE history_times"));
    }

    // The eight values of a row from column `first` on.
    static SnapshotRecord numbers(const QSqlQuery &query, int first)
    {
        SnapshotRecord s;
        std::optional<qint64> *fields[] = {
            &s.yesBid, &s.yesAsk, &s.noBid, &s.noAsk, &s.lastPrice, &s.volume, &s.volume24h, &s.openInterest};
        for (int i = 0; i < 8; ++i) {
            const QVariant value = query.value(first + i);
            if (!value.isNull())
                *fields[i] = value.toLongLong();
        }
        return s;
    }

private:
    // The values of the run of market r.m that starts at history snapshot r.ks (as BenchRecords
    // shapes them: the market's index is r.m - 1).
    static QString values()
    {
        const QString bid = QStringLiteral("(10000 * (((r.m - 1) * 7 + r.ks * 3) % 97 + 1))");
        return QStringLiteral("%1, %1 + 30000, 970000 - %1, 1000000 - %1, %1 + 10000 * (r.ks % 3), "
                              "((r.m - 1) % 1000) * 38470 + r.ks * 250, ((r.m - 1) % 300) * 611 + r.ks * 25, "
                              "((r.m - 1) % 700) * 13080 + r.ks * 10")
            .arg(bid);
    }

    int m_markets;
    int m_times;
    int m_seed;
};

// One snapshot of every market through one side, page by page. Inlined into one function per side
// (which differ in the name they report), so that callgrind's inclusive counts tell the sides apart.
Q_ALWAYS_INLINE bool writeSnapshot(
    BatchWriter &writer, const CollectorMarkets &markets, qint64 time, const char *side)
{
    for (int from = 0; from < markets.size(); from += pageRows) {
        const QList<MarketRecord> page = markets.page(from);
        if (!writer.write(page, CollectorMarkets::snapshots(page, time), time)) {
            Bench::note(QStringLiteral("%1: a batch failed").arg(QLatin1String(side)));
            return false;
        }
    }
    return true;
}

Q_NEVER_INLINE bool writeSnapshotSchema5(BatchWriter &writer, const CollectorMarkets &markets, qint64 time)
{
    return writeSnapshot(writer, markets, time, "schema 5");
}

Q_NEVER_INLINE bool writeSnapshotCurrent(BatchWriter &writer, const CollectorMarkets &markets, qint64 time)
{
    return writeSnapshot(writer, markets, time, "current schema");
}

// Bytes this process has handed to write() so far (/proc/self/io's wchar): WAL frames, and the
// checkpoints that a commit past wal_autocheckpoint runs, into the file of the side that commits.
qint64 writtenBytes()
{
    QFile file(QStringLiteral("/proc/self/io"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("wchar:"))
            return line.mid(6).trimmed().toLongLong();
    }
    return 0;
}

// Every market's stored values, untimed (a sync), through both writers.
bool syncMarkets(const CollectorMarkets &markets, const std::vector<BatchWriter *> &writers, qint64 time)
{
    for (int from = 0; from < markets.size(); from += pageRows) {
        const QList<MarketRecord> page = markets.page(from);
        for (BatchWriter *writer : writers) {
            if (!writer->write(page, {}, time))
                return false;
        }
    }
    return true;
}

QString fileSizes(const QString &path)
{
    return QStringLiteral("%1 MB (+ %2 MB WAL)")
        .arg(QFileInfo(path).size() / 1e6, 0, 'f', 1)
        .arg(QFileInfo(path + QStringLiteral("-wal")).size() / 1e6, 0, 'f', 1);
}

// The history's rows in both files, timed per side; `markets` end with its last values.
bool writeHistory(const History &history, Side &oldSide, Side &newSide, CollectorMarkets *markets)
{
    QElapsedTimer timer;
    timer.start();
    if (!history.write(oldSide, false))
        return false;
    const double oldSeconds = timer.nsecsElapsed() / 1e9;
    timer.restart();
    if (!history.write(newSide, true))
        return false;
    const double newSeconds = timer.nsecsElapsed() / 1e9;
    if (!history.readEnd(newSide, markets) || !History::dropTables(oldSide) || !History::dropTables(newSide))
        return false;
    QSqlQuery count(newSide.db());
    count.exec(QStringLiteral(
        "SELECT (SELECT count(*) FROM snapshot_states), (SELECT count(*) FROM snapshot_times)"));
    count.next();
    const qint64 runs = count.value(0).toLongLong();
    Bench::note(QStringLiteral("history: %1 snapshots of %2 markets: schema 5 %3 rows generated in %4 s; "
                               "current %5 runs (%6 moves per market-snapshot) and %7 times in %8 s")
                    .arg(history.times())
                    .arg(markets->size())
                    .arg(qint64(history.times()) * markets->size())
                    .arg(oldSeconds, 0, 'f', 1)
                    .arg(runs)
                    .arg(double(runs - markets->size()) / (double(markets->size()) * (history.times() - 1)),
                        0, 'f', 4)
                    .arg(count.value(1).toLongLong())
                    .arg(newSeconds, 0, 'f', 1));
    return true;
}

// The generated history against a file written snapshot by snapshot through the bench's writer
// statements (BatchWriter, as the timed snapshots are written), with the values of the generated
// schema-5 rows: the same snapshot_states, snapshot_times and price_snapshots rows, and the same
// price_snapshots rows on the generated schema-5 file. False (and a note) on any difference.
bool verifyHistory(const QTemporaryDir &dir, int marketCount, int days, QString *error)
{
    const int current = int(migrationNames().size());
    const QString generated5 = dir.filePath(QStringLiteral("verify-v5.db"));
    const QString generated = dir.filePath(QStringLiteral("verify-generated.db"));
    const QString written = dir.filePath(QStringLiteral("verify-written.db"));
    if (!createFile(generated5, 5, error) || !createFile(generated, current, error)
        || !createFile(written, current, error))
        return false;
    Side generated5Side(QStringLiteral("verify-generated-v5"), generated5, false);
    Side generatedSide(QStringLiteral("verify-generated"), generated, true);
    Side writtenSide(QStringLiteral("verify-written"), written, true);
    const History history(marketCount, days * 86400 / interval);
    QElapsedTimer timer;
    timer.start();
    {
        BatchWriter generated5Writer(generated5Side, false);
        BatchWriter generatedWriter(generatedSide, true);
        BatchWriter writtenWriter(writtenSide, true);
        CollectorMarkets markets(marketCount);
        if (!syncMarkets(
                markets, {&generated5Writer, &generatedWriter, &writtenWriter}, history.time(0) - 60))
            return false;
        CollectorMarkets ends(marketCount);
        if (!writeHistory(history, generated5Side, generatedSide, &ends))
            return false;
        QSqlQuery rows(generated5Side.db());
        rows.setForwardOnly(true);
        rows.prepare(QStringLiteral("SELECT market_id, yes_bid, yes_ask, no_bid, no_ask, last_price, volume, "
                                    "volume_24h, open_interest FROM snapshot_rows WHERE snapshot_time = ? "
                                    "ORDER BY market_id"));
        for (int k = 0; k < history.times(); ++k) {
            const qint64 time = history.time(k);
            rows.addBindValue(time);
            rows.exec();
            int count = 0;
            while (rows.next()) {
                markets.setNumbers(rows.value(0).toInt() - 1, History::numbers(rows, 1));
                ++count;
            }
            rows.finish();
            if (count != marketCount) {
                *error = QStringLiteral("the generated schema-5 file has %1 rows at %2").arg(count).arg(time);
                return false;
            }
            for (int from = 0; from < markets.size(); from += pageRows) {
                const QList<MarketRecord> page = markets.page(from);
                if (!writtenWriter.write(page, CollectorMarkets::snapshots(page, time), time))
                    return false;
            }
        }
    }
    const auto rowsOf = [](Side &side, const QString &sql) {
        QSqlQuery query(side.db());
        query.setForwardOnly(true);
        query.exec(sql);
        QStringList rows;
        while (query.next()) {
            QStringList values;
            for (int i = 0; i < query.record().count(); ++i)
                values << (query.isNull(i) ? QStringLiteral("NULL") : query.value(i).toString());
            rows << values.join(u' ');
        }
        return rows;
    };
    const QString view = QStringLiteral("SELECT * FROM price_snapshots ORDER BY ticker, snapshot_time");
    const struct
    {
        Side &a;
        Side &b;
        QString sql;
    } checks[] = {{generatedSide, writtenSide, view},
        {generatedSide, writtenSide,
            QStringLiteral("SELECT * FROM snapshot_states ORDER BY market_id, scope, first_time")},
        {generatedSide, writtenSide, QStringLiteral("SELECT * FROM snapshot_times ORDER BY snapshot_time")},
        {generated5Side, generatedSide, view}};
    for (const auto &check : checks) {
        const QStringList a = rowsOf(check.a, check.sql);
        const QStringList b = rowsOf(check.b, check.sql);
        qsizetype first = 0;
        while (first < a.size() && first < b.size() && a.at(first) == b.at(first))
            ++first;
        Bench::note(QStringLiteral("verify %1 x %2 days, %3: %4 and %5 rows%6")
                        .arg(marketCount)
                        .arg(days)
                        .arg(check.sql)
                        .arg(a.size())
                        .arg(b.size())
                        .arg(a == b ? QStringLiteral(", equal") : QString()));
        if (a != b || a.isEmpty()) {
            *error = QStringLiteral("the generated history differs at row %1: \"%2\" against \"%3\" (%4)")
                         .arg(first)
                         .arg(a.value(first), b.value(first), check.sql);
            return false;
        }
    }
    Bench::note(QStringLiteral("verify: the generated history is what the writer writes (%1 s)")
                    .arg(timer.elapsed() / 1000.0));
    return true;
}

// Part 3's run; false when a statement failed.
bool collectorBatches(
    const QTemporaryDir &dir, int marketCount, int snapshots, int historyDays, QString *error)
{
    const int current = int(migrationNames().size());
    const QString oldPath = dir.filePath(QStringLiteral("batch-v5.db"));
    const QString newPath = dir.filePath(QStringLiteral("batch-v%1.db").arg(current));
    if (!createFile(oldPath, 5, error) || !createFile(newPath, current, error))
        return false;
    Side oldSide(QStringLiteral("batch-old"), oldPath, false);
    Side newSide(QStringLiteral("batch-new"), newPath, true);
    QList<double> oldSeconds;
    QList<double> newSeconds;
    QList<double> oldMegabytes;
    QList<double> newMegabytes;
    {
        BatchWriter oldWriter(oldSide, false);
        BatchWriter newWriter(newSide, true);
        CollectorMarkets markets(marketCount);
        // With a history: the markets stored before it, its rows, then the markets stored again
        // with its last values, all untimed; the timed snapshots continue it.
        if (historyDays > 0) {
            const History history(marketCount, historyDays * 86400 / interval);
            if (!syncMarkets(markets, {&oldWriter, &newWriter}, history.time(0) - 60)
                || !writeHistory(history, oldSide, newSide, &markets))
                return false;
            Bench::note(QStringLiteral("schema 5 file %1; current file %2")
                            .arg(fileSizes(oldPath), fileSizes(newPath)));
        }
        // The markets stored first (a sync), untimed.
        if (!syncMarkets(markets, {&oldWriter, &newWriter}, firstTime - 60))
            return false;
        for (int k = 0; k < snapshots; ++k) {
            if (k > 0)
                markets.advance();
            const qint64 time = firstTime + qint64(interval) * k;
            for (int pass = 0; pass < 2; ++pass) {
                const bool newSidePass = (pass == 0) == (k % 2 == 1);
                const qint64 written = writtenBytes();
                QElapsedTimer timer;
                timer.start();
                const bool ok = newSidePass ? writeSnapshotCurrent(newWriter, markets, time)
                                            : writeSnapshotSchema5(oldWriter, markets, time);
                if (!ok)
                    return false;
                (newSidePass ? newSeconds : oldSeconds).append(timer.nsecsElapsed() / 1e9);
                (newSidePass ? newMegabytes : oldMegabytes).append((writtenBytes() - written) / 1e6);
            }
        }
    }
    // The same answers on both sides: every market's stored values and every snapshot row.
    const auto digest = [](Side &side, const QString &sql) {
        QSqlQuery query(side.db());
        query.exec(sql);
        QStringList values;
        if (query.next()) {
            for (int i = 0; i < query.record().count(); ++i)
                values << query.value(i).toString();
        }
        return values.join(u' ');
    };
    QElapsedTimer compared;
    compared.start();
    for (const QString &sql :
        {QStringLiteral("SELECT count(*), sum(yes_bid), sum(volume_24h), sum(length(title)), max(updated_at) "
                        "FROM markets"),
            QStringLiteral("SELECT count(*), sum(yes_bid), sum(last_price), sum(volume), sum(volume_24h), "
                           "sum(open_interest), sum(snapshot_time) FROM snapshot_rows")}) {
        const QString oldDigest = digest(oldSide, sql);
        const QString newDigest = digest(newSide, sql);
        Bench::note(QStringLiteral("schema 5: %1; current: %2").arg(oldDigest, newDigest));
        if (oldDigest != newDigest) {
            *error = QStringLiteral("the two files differ");
            return false;
        }
    }
    Bench::note(QStringLiteral("the two files compared (every snapshot row, history included) in %1 s")
                    .arg(compared.elapsed() / 1000.0));
    // The first snapshot starts every run in the new layout; the rest is the steady state.
    const double oldMedian = Bench::median(oldSeconds.mid(1));
    const double newMedian = Bench::median(newSeconds.mid(1));
    QList<double> ratios;
    for (qsizetype k = 1; k < oldSeconds.size(); ++k)
        ratios << newSeconds.at(k) / oldSeconds.at(k);
    Bench::note(QStringLiteral("schema 5 s per snapshot: %1").arg(Bench::samples(oldSeconds)));
    Bench::note(QStringLiteral("schema %1 s per snapshot: %2").arg(current).arg(Bench::samples(newSeconds)));
    Bench::figure("deltas_batch_v5_s_per_snapshot", oldMedian, 3, "info");
    Bench::figure("deltas_batch_current_s_per_snapshot", newMedian, 3, "info");
    Bench::figure("deltas_batch_current_vs_v5", newMedian / oldMedian, 2, "<= 1.0");
    Bench::figure("deltas_batch_current_vs_v5_median_of_ratios", Bench::median(ratios), 2, "info");
    Bench::note(QStringLiteral("schema 5 MB written per snapshot: %1").arg(Bench::samples(oldMegabytes, 1)));
    Bench::note(QStringLiteral("current MB written per snapshot: %1").arg(Bench::samples(newMegabytes, 1)));
    Bench::figure("deltas_batch_v5_mb_written_per_snapshot", Bench::median(oldMegabytes.mid(1)), 1, "info");
    Bench::figure(
        "deltas_batch_current_mb_written_per_snapshot", Bench::median(newMegabytes.mid(1)), 1, "info");
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("markets"), QStringLiteral("Open markets."), QStringLiteral("N"),
        QStringLiteral("40000")});
    parser.addOption({QStringLiteral("snapshots"), QStringLiteral("Snapshots of every market in part 1."),
        QStringLiteral("N"), QStringLiteral("48")});
    parser.addOption({QStringLiteral("chart-markets"), QStringLiteral("Markets with 30 days in part 2."),
        QStringLiteral("N"), QStringLiteral("100")});
    parser.addOption({QStringLiteral("days"), QStringLiteral("Days of part 2."), QStringLiteral("N"),
        QStringLiteral("30")});
    parser.addOption({QStringLiteral("skip-write"), QStringLiteral("Leave part 1 out.")});
    parser.addOption({QStringLiteral("batch-markets"), QStringLiteral("Open markets in part 3."),
        QStringLiteral("N"), QStringLiteral("40000")});
    parser.addOption({QStringLiteral("batch-snapshots"),
        QStringLiteral("Snapshots of every market in part 3."), QStringLiteral("N"), QStringLiteral("48")});
    parser.addOption({QStringLiteral("batch-only"), QStringLiteral("Run part 3 alone.")});
    parser.addOption({QStringLiteral("skip-batch"), QStringLiteral("Leave part 3 out.")});
    parser.addOption({QStringLiteral("history-days"),
        QStringLiteral("Days of 5-minute snapshots both files of part 3 hold before the timed ones."),
        QStringLiteral("D"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("verify-markets"),
        QStringLiteral("Markets of the check of the generated history (0: none before part 3)."),
        QStringLiteral("N"), QStringLiteral("200")});
    parser.addOption({QStringLiteral("verify-history"),
        QStringLiteral("Only check the generated history (--verify-markets x --history-days, at least 1) "
                       "against one written snapshot by snapshot.")});
    parser.process(app);
    const int markets = parser.value(QStringLiteral("markets")).toInt();
    const int snapshots = parser.value(QStringLiteral("snapshots")).toInt();
    const int chartMarkets = parser.value(QStringLiteral("chart-markets")).toInt();
    const int days = parser.value(QStringLiteral("days")).toInt();

    QTemporaryDir dir;
    QString error;

    // Part 3's history checked first (with a history: one day; alone: the days asked).
    const int historyDays = parser.value(QStringLiteral("history-days")).toInt();
    const bool verifyOnly = parser.isSet(QStringLiteral("verify-history"));
    const int verifyMarkets = parser.value(QStringLiteral("verify-markets")).toInt();
    if (verifyOnly || (historyDays > 0 && verifyMarkets > 0 && !parser.isSet(QStringLiteral("skip-batch")))) {
        if (!verifyHistory(dir, verifyMarkets, verifyOnly ? qMax(1, historyDays) : 1, &error)) {
            Bench::note(error);
            return 1;
        }
        if (verifyOnly)
            return 0;
    }
    // Part 3 (first: it is the one the others' files would leave in the page cache's way).
    if (!parser.isSet(QStringLiteral("skip-batch"))) {
        if (!collectorBatches(dir, parser.value(QStringLiteral("batch-markets")).toInt(),
                parser.value(QStringLiteral("batch-snapshots")).toInt(), historyDays, &error)) {
            Bench::note(error);
            return 1;
        }
        if (parser.isSet(QStringLiteral("batch-only")))
            return 0;
    }
    const auto makeSides
        = [&](const QString &tag, std::unique_ptr<Side> *oldSide, std::unique_ptr<Side> *newSide) {
              const QString oldPath = dir.filePath(tag + QStringLiteral("-v6.db"));
              const QString newPath = dir.filePath(tag + QStringLiteral("-v7.db"));
              if (!createFile(oldPath, 6, &error) || !createFile(newPath, 7, &error))
                  return false;
              *oldSide = std::make_unique<Side>(tag + QStringLiteral("-old"), oldPath, false);
              *newSide = std::make_unique<Side>(tag + QStringLiteral("-new"), newPath, true);
              return insertMarkets(**oldSide, markets) && insertMarkets(**newSide, markets);
          };

    // Part 1: the write path per snapshot of every market.
    if (!parser.isSet(QStringLiteral("skip-write"))) {
        std::unique_ptr<Side> oldSide;
        std::unique_ptr<Side> newSide;
        if (!makeSides(QStringLiteral("write"), &oldSide, &newSide)) {
            Bench::note(error);
            return 1;
        }
        Generator generator(markets);
        QList<double> oldSeconds;
        QList<double> newSeconds;
        if (!writeSnapshots(*oldSide, *newSide, generator, 0, markets, snapshots, &oldSeconds, &newSeconds))
            return 1;
        // The first snapshot starts every run in both layouts: the steady state is the rest.
        const double oldMedian = Bench::median(oldSeconds.mid(1));
        const double newMedian = Bench::median(newSeconds.mid(1));
        Bench::note(QStringLiteral("old layout s per snapshot: %1").arg(Bench::samples(oldSeconds)));
        Bench::note(QStringLiteral("new layout s per snapshot: %1").arg(Bench::samples(newSeconds)));
        Bench::figure("deltas_write_old_s_per_snapshot", oldMedian, 3, "info");
        Bench::figure("deltas_write_new_s_per_snapshot", newMedian, 3, "info");
        Bench::figure("deltas_write_new_vs_old", newMedian / oldMedian, 2, "<= 1.0");
        const double covered = double(markets) * snapshots;
        Bench::figure("deltas_bytes_per_covered_part1_old",
            oldSide->bytesOf({QStringLiteral("snapshot_rows")}) / covered, 1, "info");
        Bench::figure("deltas_bytes_per_covered_part1_new",
            newSide->bytesOf({QStringLiteral("snapshot_states"), QStringLiteral("snapshot_times")}) / covered,
            1, "info");
    }

    // Part 2: 30 days of some of the markets: bytes per covered time and the chart query.
    {
        std::unique_ptr<Side> oldSide;
        std::unique_ptr<Side> newSide;
        if (!makeSides(QStringLiteral("month"), &oldSide, &newSide)) {
            Bench::note(error);
            return 1;
        }
        Generator generator(chartMarkets);
        QList<double> oldSeconds;
        QList<double> newSeconds;
        const int times = days * 86400 / interval;
        // Generator index i is market id markets - chartMarkets + 1 + i: records name their ticker.
        QElapsedTimer timer;
        timer.start();
        for (int k = 0; k < times; ++k) {
            if (k > 0)
                generator.advance();
            QList<SnapshotRecord> page;
            for (int i = 0; i < chartMarkets; ++i) {
                SnapshotRecord record = generator.record(i, firstTime + qint64(interval) * k);
                record.ticker = Generator::ticker(markets - chartMarkets + 1 + i);
                page << record;
            }
            if (!oldSide->writePage(page) || !newSide->writePage(page))
                return 1;
        }
        Bench::note(QStringLiteral("part 2 written in %1 s").arg(timer.elapsed() / 1000.0));
        const double covered = double(chartMarkets) * times;
        const double oldBytes = oldSide->bytesOf({QStringLiteral("snapshot_rows")}) / covered;
        const double newBytes
            = newSide->bytesOf({QStringLiteral("snapshot_states"), QStringLiteral("snapshot_times")})
            / covered;
        QSqlQuery count(newSide->db());
        count.exec(QStringLiteral(
            "SELECT (SELECT count(*) FROM snapshot_states), (SELECT count(*) FROM snapshot_rows)"));
        count.next();
        Bench::note(QStringLiteral("part 2: %1 states for %2 covered rows (%3 expected)")
                        .arg(count.value(0).toLongLong())
                        .arg(count.value(1).toLongLong())
                        .arg(qint64(covered)));
        count.finish();
        Bench::figure("deltas_bytes_per_covered_old", oldBytes, 1, "info (today 45)");
        Bench::figure("deltas_bytes_per_covered_new", newBytes, 1, "<= 8");
        Bench::figure("deltas_chart_query_30d_old_cpu_ms", chartQueryMs(*oldSide, markets, false), 2, "info");
        Bench::figure("deltas_chart_query_30d_new_cpu_ms", chartQueryMs(*newSide, markets, true), 2, "<= 5");
        Bench::figure("deltas_newest48_30d_old_cpu_ms",
            newestQueryCpuMs(*oldSide, markets, NewestRead::Table), 3, "info");
        Bench::figure("deltas_newest48_30d_view_cpu_ms",
            newestQueryCpuMs(*newSide, markets, NewestRead::View), 3, "info");
        Bench::figure("deltas_newest48_30d_runs_cpu_ms",
            newestQueryCpuMs(*newSide, markets, NewestRead::Runs), 3, "info");
    }
    return 0;
}

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

private:
    QRandomGenerator m_random;
    QList<MarketRecord> m_markets;
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

// Part 3's run; false when a statement failed.
bool collectorBatches(const QTemporaryDir &dir, int marketCount, int snapshots, QString *error)
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
    {
        BatchWriter oldWriter(oldSide, false);
        BatchWriter newWriter(newSide, true);
        CollectorMarkets markets(marketCount);
        // The markets stored first (a sync), untimed.
        for (int from = 0; from < markets.size(); from += pageRows) {
            const QList<MarketRecord> page = markets.page(from);
            if (!oldWriter.write(page, {}, firstTime - 60) || !newWriter.write(page, {}, firstTime - 60))
                return false;
        }
        for (int k = 0; k < snapshots; ++k) {
            if (k > 0)
                markets.advance();
            const qint64 time = firstTime + qint64(interval) * k;
            for (int pass = 0; pass < 2; ++pass) {
                const bool newSidePass = (pass == 0) == (k % 2 == 1);
                QElapsedTimer timer;
                timer.start();
                const bool ok = newSidePass ? writeSnapshotCurrent(newWriter, markets, time)
                                            : writeSnapshotSchema5(oldWriter, markets, time);
                if (!ok)
                    return false;
                (newSidePass ? newSeconds : oldSeconds).append(timer.nsecsElapsed() / 1e9);
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
    parser.process(app);
    const int markets = parser.value(QStringLiteral("markets")).toInt();
    const int snapshots = parser.value(QStringLiteral("snapshots")).toInt();
    const int chartMarkets = parser.value(QStringLiteral("chart-markets")).toInt();
    const int days = parser.value(QStringLiteral("days")).toInt();

    QTemporaryDir dir;
    QString error;

    // Part 3 (first: it is the one the others' files would leave in the page cache's way).
    if (!parser.isSet(QStringLiteral("skip-batch"))) {
        if (!collectorBatches(dir, parser.value(QStringLiteral("batch-markets")).toInt(),
                parser.value(QStringLiteral("batch-snapshots")).toInt(), &error)) {
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

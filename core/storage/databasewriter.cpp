#include "storage/databasewriter.h"

#include "storage/syncrunowner.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

#include <QSet>
#include <QStringEncoder>

#include <map>
#include <memory>
#include <vector>

namespace {

// Rows per multi-row statement. Bigger statements amortize QSqlQuery's per-exec cost; SQLite
// allows 32766 parameters, far above 64 rows of 24 columns.
constexpr int maxRowsPerStatement = 64;

struct BulkSpec
{
    int id;
    const char *head;   // INSERT INTO t(c1, ...) VALUES
    int columns;
    const char *row;    // one row's placeholders, "(?, ?, ...)", may wrap expressions
    const char *tail;   // ON CONFLICT ...
    bool stampsUpdatedAt = false;  // the last column is updated_at, bound to the batch time
};

const BulkSpec placeholderEventsSpec {
    1, "INSERT INTO events(ticker, series_ticker, title, is_placeholder, updated_at) VALUES ", 4,
    "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), 1, ?)", " ON CONFLICT(ticker) DO NOTHING", true};

const BulkSpec eventsSpec {
    2,
    "INSERT INTO events(ticker, series_ticker, title, sub_title, category, mutually_exclusive, "
    "is_placeholder, updated_at) VALUES ",
    7, "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), ?, 0, ?)",
    " ON CONFLICT(ticker) DO UPDATE SET series_ticker = excluded.series_ticker, "
    "title = excluded.title, sub_title = excluded.sub_title, category = excluded.category, "
    "mutually_exclusive = excluded.mutually_exclusive, is_placeholder = 0, "
    "updated_at = excluded.updated_at",
    true};

const BulkSpec marketsSpec {
    3,
    "INSERT INTO markets(ticker, event_ticker, series_ticker, market_type, title, subtitle, "
    "yes_sub_title, no_sub_title, status, result, open_time, close_time, expiration_time, "
    "settlement_ts, yes_bid, yes_ask, no_bid, no_ask, last_price, volume, volume_24h, "
    "open_interest, liquidity, updated_at) VALUES ",
    24,
    "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), "
    "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    " ON CONFLICT(ticker) DO UPDATE SET "
    "series_ticker = excluded.series_ticker, market_type = excluded.market_type, "
    "title = excluded.title, subtitle = excluded.subtitle, yes_sub_title = excluded.yes_sub_title, "
    "no_sub_title = excluded.no_sub_title, result = excluded.result, "
    "open_time = excluded.open_time, "
    "expiration_time = excluded.expiration_time, settlement_ts = excluded.settlement_ts, "
    "yes_bid = excluded.yes_bid, yes_ask = excluded.yes_ask, no_bid = excluded.no_bid, "
    "no_ask = excluded.no_ask, last_price = excluded.last_price, volume = excluded.volume, "
    "volume_24h = excluded.volume_24h, open_interest = excluded.open_interest, "
    "liquidity = excluded.liquidity, updated_at = excluded.updated_at",
    true};

// The columns of markets' secondary indexes, written only where they changed. SQLite rewrites an
// index on UPDATE whenever one of its columns is in the SET list, even with an equal value, so
// marketsSpec leaves them out and this statement follows it. (SQLite alone updating 200k stored
// markets in 1000-row transactions, tests/bench/upsert-shape.sh: 1.09-1.13 s with these columns in
// the upsert, 0.55-0.60 s split like this; docs/performance.md.)
const BulkSpec marketIndexedColumnsSpec {
    6,
    "UPDATE markets SET event_ticker = v.column2, status = v.column3, close_time = v.column4 "
    "FROM (VALUES ",
    4, "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), ?)",
    ") AS v WHERE markets.ticker = v.column1 AND (markets.event_ticker IS NOT v.column2 "
    "OR markets.status IS NOT v.column3 OR markets.close_time IS NOT v.column4)"};

// Key of the max(rowid) statement in BulkStatementCache; the specs use 1 to 6.
constexpr int lastMarketRowidId = 7;

const BulkSpec settlementsSpec {
    4,
    "INSERT INTO settlements(ticker, event_ticker, result, settled_at, settlement_value) VALUES ",
    5, "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), ?, ?)",
    " ON CONFLICT(ticker) DO UPDATE SET event_ticker = excluded.event_ticker, "
    "result = excluded.result, settled_at = excluded.settled_at, "
    "settlement_value = excluded.settlement_value"};

// The market id comes from markets inside the statement: an unknown ticker yields NULL and
// fails the batch on NOT NULL instead of being dropped silently.
const BulkSpec snapshotsSpec {
    5,
    "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, "
    "last_price, volume, volume_24h, open_interest) VALUES ",
    10, "((SELECT id FROM markets WHERE ticker = CAST(? AS TEXT)), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    " ON CONFLICT(market_id, snapshot_time) DO NOTHING"};

QVariant nullable(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant();
}

QVariant nullable(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

QVariant nullable(const std::optional<bool> &value)
{
    return value ? QVariant(*value ? 1 : 0) : QVariant();
}

QString seriesOf(const MarketRecord &market)
{
    if (!market.seriesTicker.isEmpty())
        return market.seriesTicker;
    const qsizetype dash = market.eventTicker.indexOf(u'-');
    return dash > 0 ? market.eventTicker.left(dash) : market.eventTicker;
}

} // namespace

// UTF-8 copies of the text values of the statement being bound (writer thread). Text goes in as
// UTF-8: QSQLite binds a QByteArray as a blob without a copy (SQLITE_STATIC) and CAST(? AS TEXT)
// makes it text of the UTF-8 database as it is, where a QString is bound as UTF-16 that SQLite
// translates with a malloc per value. Callgrind, 20k new markets: DatabaseWriter::write 1,080 M
// instructions with QString, 1,036 M with a QByteArray per value, 993 M with this arena.
// The blocks outlive the statements, so no binding ever points into freed memory; rewinding
// overwrites bytes an executed statement still has bound, which is safe because every exec
// rebinds all of its statement's values first.
class TextArena final
{
public:
    void rewind()
    {
        m_block = 0;
        m_used = 0;
    }

    QByteArray store(QStringView text)
    {
        const qsizetype needed = m_encoder.requiredSpace(text.size());
        while (m_block < m_blocks.size() && m_blocks[m_block].size - m_used < needed) {
            ++m_block;
            m_used = 0;
        }
        if (m_block == m_blocks.size()) {
            const qsizetype size = qMax(blockSize, needed);
            m_blocks.push_back({std::make_unique<char[]>(size_t(size)), size});
        }
        char *begin = m_blocks[m_block].data.get() + m_used;
        char *end = m_encoder.appendToBuffer(begin, text);
        m_used += end - begin;
        // Not null even when empty: '' stays '', only a null QVariant binds NULL.
        return QByteArray::fromRawData(begin, end - begin);
    }

private:
    static constexpr qsizetype blockSize = 64 * 1024;
    struct Block
    {
        std::unique_ptr<char[]> data;
        qsizetype size;
    };
    std::vector<Block> m_blocks;
    size_t m_block = 0;
    qsizetype m_used = 0;
    QStringEncoder m_encoder {QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
};

// Prepared multi-row statements of the write connection, one per (statement, row count).
// Row counts are powers of two up to maxRowsPerStatement, so a table needs at most 7 of them.
// Placeholders are named (":v0", ":v1", ...) and bound by name: QSqlQuery::bindValue(int) builds
// a placeholder name with QString::arg on every call, which callgrind showed costing more
// instructions than SQLite's whole upsert (docs/performance.md); a name lookup costs a fraction.
class BulkStatementCache
{
public:
    explicit BulkStatementCache(const QString &connectionName) : m_connectionName(connectionName) { }

    QSqlQuery *statement(const BulkSpec &spec, int rows, Schema::Failure *failure)
    {
        auto &slot = m_statements[{spec.id, rows}];
        if (slot)
            return slot.get();
        const QString row = QString::fromLatin1(spec.row);
        QString sql = QString::fromLatin1(spec.head);
        int position = 0;
        for (int r = 0; r < rows; ++r) {
            if (r > 0)
                sql += u',';
            for (const QChar c : row) {
                if (c == u'?')
                    sql += placeholder(position++);
                else
                    sql += c;
            }
        }
        sql += QString::fromLatin1(spec.tail);
        return prepareInto(slot, sql, failure);
    }

    // A prepared statement without placeholders, kept like the bulk ones (rows 0 in the key).
    QSqlQuery *plain(int id, const char *sql, Schema::Failure *failure)
    {
        auto &slot = m_statements[{id, 0}];
        if (slot)
            return slot.get();
        return prepareInto(slot, QString::fromLatin1(sql), failure);
    }

    const QString &placeholder(int position)
    {
        while (m_placeholders.size() <= position)
            m_placeholders.append(u":v" + QString::number(m_placeholders.size()));
        return m_placeholders.at(position);
    }

    TextArena &text() { return m_text; }

    void clear() { m_statements.clear(); }

private:
    QSqlQuery *prepareInto(std::unique_ptr<QSqlQuery> &slot, const QString &sql, Schema::Failure *failure)
    {
        auto query = std::make_unique<QSqlQuery>(QSqlDatabase::database(m_connectionName, false));
        if (!query->prepare(sql)) {
            *failure = Schema::Failure::fromSql(query->lastError());
            return nullptr;
        }
        slot = std::move(query);
        return slot.get();
    }

    QString m_connectionName;
    QStringList m_placeholders;
    TextArena m_text;  // declared before the statements, which are finalized first
    std::map<std::pair<int, int>, std::unique_ptr<QSqlQuery>> m_statements;
};

// Binds a statement's values in placeholder order.
class StatementBinder
{
public:
    StatementBinder(BulkStatementCache &cache, QSqlQuery &query) : m_cache(cache), m_query(query)
    {
        m_cache.text().rewind();
    }

    void add(const QVariant &value) { m_query.bindValue(m_cache.placeholder(m_position++), value); }
    // For a CAST(? AS TEXT) placeholder: a null QString binds NULL, any other one its UTF-8.
    void addText(const QString &text)
    {
        add(text.isNull() ? QVariant() : QVariant(m_cache.text().store(text)));
    }
    // As nullable(const QString &): an empty QString binds NULL.
    void addNullableText(const QString &text)
    {
        add(text.isEmpty() ? QVariant() : QVariant(m_cache.text().store(text)));
    }
    int position() const { return m_position; }

private:
    BulkStatementCache &m_cache;
    QSqlQuery &m_query;
    int m_position = 0;
};

namespace {

int chunkSize(qsizetype remaining)
{
    int chunk = maxRowsPerStatement;
    while (chunk > remaining)
        chunk /= 2;
    return chunk;
}

} // namespace

QStringList DatabaseWriter::connectionPragmas()
{
    // temp_store: Debian's SQLite keeps temporary files on disk, and every statement that writes
    // several rows or tables writes a statement journal: with MEMORY that is no system call.
    // cache_size: 32 MiB holds the index pages a sync of a few hundred thousand markets touches.
    // wal_autocheckpoint: the Checkpointer's thread checkpoints behind the commits; this is only
    // the backstop should it fall behind (or fail to open): 40000 pages, 160 MiB of WAL.
    // (Measured with km-bench-writer, see docs/performance.md.)
    // journal_size_limit: a WAL file keeps the size of its biggest burst (a first sync, a
    // migration) until the last connection closes; this truncates it to 64 MiB when it restarts.
    return {QStringLiteral("PRAGMA temp_store = MEMORY"), QStringLiteral("PRAGMA cache_size = -32768"),
            QStringLiteral("PRAGMA wal_autocheckpoint = 40000"),
            QStringLiteral("PRAGMA journal_size_limit = 67108864")};
}

DatabaseWriter::DatabaseWriter(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_connectionName(QStringLiteral("km-writer-%1").arg(quintptr(this), 0, 16))
    , m_owner(SyncRunOwner::currentProcess())
{
}

DatabaseWriter::~DatabaseWriter()
{
    // close() must have run in the writer thread; a connection cannot be closed from here.
    Q_ASSERT(!m_open);
}

void DatabaseWriter::abandonRetries()
{
    m_abandon.storeRelaxed(1);
}

void DatabaseWriter::open()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_open) {
        Q_EMIT opened(true, QString());
        return;
    }
    Schema::ConnectionOptions connection;
    connection.access = Schema::Access::ReadWrite;
    connection.busyTimeoutMs = m_options.busyTimeoutMs;
    connection.extraPragmas = connectionPragmas() + m_options.extraPragmas;
    connection.aboutToMigrate = [this](int fromVersion, int toVersion) { Q_EMIT migrating(fromVersion, toVersion); };
    Schema::Failure failure;
    // Opening migrates, which itself may meet a busy database: retry like any batch.
    QElapsedTimer timer;
    timer.start();
    int backoffMs = 20;
    bool announced = false;
    while (!Schema::openConnection(m_connectionName, m_options.databasePath, connection, &failure)) {
        if (!failure.busy() || timer.elapsed() + backoffMs > m_options.busyDeadlineMs
            || m_abandon.loadRelaxed()) {
            Q_EMIT opened(false, failure.message);
            return;
        }
        if (!announced && timer.elapsed() >= busyNoticeMs) {
            announced = true;
            Q_EMIT busyWaiting(timer.elapsed(), m_options.busyDeadlineMs);
        }
        QThread::msleep(backoffMs);
        backoffMs = qMin(backoffMs * 2, 500);
    }
    m_statements = std::make_unique<BulkStatementCache>(m_connectionName);
    m_open = true;
    markAbandonedRuns();
    Q_EMIT opened(true, QString());
}

void DatabaseWriter::markAbandonedRuns()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const auto goneRuns = [&db] {
        QList<qint64> gone;
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (query.exec(QStringLiteral("SELECT id, owner_pid, owner_host, owner_started_at FROM sync_runs "
                                      "WHERE status = 'running' AND owner_pid IS NOT NULL"))) {
            while (query.next()) {
                SyncRunOwner owner;
                owner.pid = query.value(1).toLongLong();
                owner.host = query.value(2).toString();
                if (!query.isNull(3))
                    owner.startedAt = query.value(3).toLongLong();
                if (owner.isGone())
                    gone.append(query.value(0).toLongLong());
            }
        }
        query.finish();
        return gone;
    };
    // A plain read first: the write lock is taken only when there is something to mark, and only
    // once; a busy file is left for the next writer that opens it.
    if (goneRuns().isEmpty())
        return;
    Schema::Failure failure;
    attemptTransaction(
        [&](Schema::Failure *error) {
            QSqlQuery update(db);
            update.prepare(QStringLiteral(
                "UPDATE sync_runs SET status = 'abandoned', finished_at = coalesce(finished_at, ?), "
                "error = coalesce(error, 'its process (pid ' || owner_pid || ' on ' || owner_host || "
                "') ended without finishing it') WHERE id = ? AND status = 'running'"));
            const qint64 now = QDateTime::currentSecsSinceEpoch();
            for (qint64 id : goneRuns()) {
                update.addBindValue(now);
                update.addBindValue(id);
                if (!update.exec()) {
                    *error = Schema::Failure::fromSql(update.lastError());
                    return false;
                }
            }
            return true;
        },
        &failure);
}

void DatabaseWriter::close()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_open) {
        m_statements.reset();
        Schema::closeConnection(m_connectionName);
        m_open = false;
    }
    Q_EMIT closed();
}

void DatabaseWriter::write(const WriteBatch &batch)
{
    Q_ASSERT(QThread::currentThread() == thread());
    BatchResult result;
    result.kind = batch.kind;
    result.syncRunId = batch.syncRunId;
    result.page = batch.page;
    result.rows = batch.rowCount();
    QElapsedTimer timer;
    timer.start();
    if (!m_open) {
        result.error = QStringLiteral("the database is not open");
    } else {
        m_batchTime = QDateTime::currentSecsSinceEpoch();
        result.ok = runTransaction(
            [&](Schema::Failure *failure) {
                m_snapshotsStored = 0;
                return applyBatch(batch, failure) && countInSyncRuns(batch, failure);
            },
            &result.attempts, &result.error);
        if (result.ok)
            result.snapshotsStored = m_snapshotsStored;
    }
    result.durationMs = timer.elapsed();
    Q_EMIT batchWritten(result);
}

void DatabaseWriter::startSyncRun(quint64 token, const QString &kind)
{
    Q_ASSERT(QThread::currentThread() == thread());
    qint64 runId = 0;
    QString error;
    int attempts = 0;
    if (!m_open) {
        error = QStringLiteral("the database is not open");
    } else {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const bool ok = runTransaction(
            [&](Schema::Failure *failure) {
                QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
                query.prepare(QStringLiteral(
                    "INSERT INTO sync_runs(kind, started_at, status, owner_pid, owner_host, owner_started_at) "
                    "VALUES (?, ?, 'running', ?, ?, ?)"));
                query.addBindValue(kind);
                query.addBindValue(now);
                query.addBindValue(m_owner.pid);
                query.addBindValue(m_owner.host);
                query.addBindValue(nullable(m_owner.startedAt));
                if (!query.exec()) {
                    *failure = Schema::Failure::fromSql(query.lastError());
                    return false;
                }
                runId = query.lastInsertId().toLongLong();
                return true;
            },
            &attempts, &error);
        if (!ok)
            runId = 0;
    }
    Q_EMIT syncRunStarted(token, runId, error);
}

void DatabaseWriter::finishSyncRun(const SyncRunRecord &run)
{
    Q_ASSERT(QThread::currentThread() == thread());
    QString error;
    int attempts = 0;
    bool ok = false;
    if (!m_open) {
        error = QStringLiteral("the database is not open");
    } else {
        ok = runTransaction(
            [&](Schema::Failure *failure) {
                QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
                query.prepare(QStringLiteral(
                    "UPDATE sync_runs SET finished_at = ?, status = ?, pages = ?, rows = ?, "
                    "skipped = ?, retries = ?, error = ? WHERE id = ?"));
                query.addBindValue(run.finishedAt > 0 ? run.finishedAt : QDateTime::currentSecsSinceEpoch());
                query.addBindValue(run.status);
                query.addBindValue(run.pages);
                query.addBindValue(run.rows);
                query.addBindValue(run.skipped);
                query.addBindValue(run.retries);
                query.addBindValue(nullable(run.error));
                query.addBindValue(run.id);
                if (!query.exec()) {
                    *failure = Schema::Failure::fromSql(query.lastError());
                    return false;
                }
                return true;
            },
            &attempts, &error);
    }
    Q_EMIT syncRunFinished(run, ok, error);
}

bool DatabaseWriter::runTransaction(const TransactionBody &body, int *attempts, QString *error)
{
    QElapsedTimer timer;
    timer.start();
    int backoffMs = 10;
    bool announced = false;
    *attempts = 0;
    for (;;) {
        ++*attempts;
        Schema::Failure failure;
        if (attemptTransaction(body, &failure))
            return true;
        *error = failure.message;
        if (!failure.busy())
            return false;
        const int sleepMs = backoffMs + int(QRandomGenerator::global()->bounded(backoffMs));
        if (timer.elapsed() + sleepMs > m_options.busyDeadlineMs || m_abandon.loadRelaxed()) {
            *error = QStringLiteral("the database stayed locked by another process for %1 ms "
                                    "(%2 attempts): %3")
                         .arg(timer.elapsed())
                         .arg(*attempts)
                         .arg(*error);
            return false;
        }
        if (!announced && timer.elapsed() >= busyNoticeMs) {
            announced = true;
            Q_EMIT busyWaiting(timer.elapsed(), m_options.busyDeadlineMs);
        }
        QThread::msleep(sleepMs);
        backoffMs = qMin(backoffMs * 2, 400);
    }
}

bool DatabaseWriter::attemptTransaction(const TransactionBody &body, Schema::Failure *failure)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    {
        QSqlQuery begin(db);
        if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            *failure = Schema::Failure::fromSql(begin.lastError());
            return false;
        }
    }
    if (!body(failure)) {
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        *failure = Schema::Failure::fromSql(db.lastError());
        db.rollback();
        return false;
    }
    return true;
}

// In the batch's own transaction, so that a run whose process is killed still says what committed.
// A run counts the rows of its own kind; a snapshot run counts only the snapshot rows stored.
bool DatabaseWriter::countInSyncRuns(const WriteBatch &batch, Schema::Failure *failure)
{
    if (batch.syncRunId <= 0)
        return true;
    qint64 rows = batch.rowCount();
    if (batch.kind == WriteBatch::Kind::Snapshots)
        rows = batch.snapshotRunId > 0 ? batch.markets.size() : m_snapshotsStored;
    QList<std::pair<qint64, qint64>> counts{{batch.syncRunId, rows}};
    if (batch.snapshotRunId > 0)
        counts.append({batch.snapshotRunId, m_snapshotsStored});
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(QStringLiteral("UPDATE sync_runs SET pages = pages + 1, rows = rows + ? WHERE id = ?"));
    for (const auto &[runId, runRows] : std::as_const(counts)) {
        query.addBindValue(runRows);
        query.addBindValue(runId);
        if (!query.exec()) {
            *failure = Schema::Failure::fromSql(query.lastError());
            return false;
        }
    }
    return true;
}

bool DatabaseWriter::applyBatch(const WriteBatch &batch, Schema::Failure *error)
{
    switch (batch.kind) {
    case WriteBatch::Kind::Events:
        return upsertEvents(batch.events, error);
    case WriteBatch::Kind::Markets:
        return insertPlaceholderEvents(batch.markets, error) && upsertMarkets(batch.markets, error);
    case WriteBatch::Kind::Settlements:
        return insertPlaceholderEvents(batch.markets, error) && upsertMarkets(batch.markets, error)
            && upsertSettlements(batch.settlements, error);
    case WriteBatch::Kind::Snapshots:
        return insertPlaceholderEvents(batch.markets, error) && upsertMarkets(batch.markets, error)
            && insertSnapshots(batch.snapshots, error);
    }
    return false;
}

namespace {

template <typename Record, typename Binder>
bool executeBulk(BulkStatementCache &cache, const BulkSpec &spec, const QList<Record> &records,
                 qint64 batchTime, Binder bind, Schema::Failure *error)
{
    qsizetype offset = 0;
    while (offset < records.size()) {
        const int rows = chunkSize(records.size() - offset);
        QSqlQuery *query = cache.statement(spec, rows, error);
        if (!query)
            return false;
        StatementBinder binder(cache, *query);
        for (int row = 0; row < rows; ++row) {
            bind(binder, records.at(offset + row));
            if (spec.stampsUpdatedAt)
                binder.add(batchTime);
        }
        Q_ASSERT(binder.position() == rows * spec.columns);
        if (!query->exec()) {
            *error = Schema::Failure::fromSql(query->lastError(),
                                              QStringLiteral(" (%1 rows from %2)").arg(rows).arg(offset));
            query->finish();
            return false;
        }
        query->finish();
        offset += rows;
    }
    return true;
}

} // namespace

bool DatabaseWriter::insertPlaceholderEvents(const QList<MarketRecord> &markets, Schema::Failure *error)
{
    // One placeholder per distinct event; ON CONFLICT DO NOTHING leaves real events alone.
    QList<MarketRecord> distinct;
    QSet<QString> seen;
    for (const MarketRecord &market : markets) {
        if (!seen.contains(market.eventTicker)) {
            seen.insert(market.eventTicker);
            distinct.append(market);
        }
    }
    return executeBulk(*m_statements, placeholderEventsSpec, distinct, m_batchTime,
                       [](StatementBinder &binder, const MarketRecord &market) {
                           binder.addText(market.eventTicker);
                           binder.addText(seriesOf(market));
                           binder.addText(market.eventTicker);
                       },
                       error);
}

bool DatabaseWriter::upsertEvents(const QList<EventRecord> &events, Schema::Failure *error)
{
    return executeBulk(*m_statements, eventsSpec, events, m_batchTime,
                       [](StatementBinder &binder, const EventRecord &event) {
                           binder.addText(event.ticker);
                           binder.addText(event.seriesTicker);
                           binder.addText(event.title);
                           binder.addNullableText(event.subTitle);
                           binder.addNullableText(event.category);
                           binder.add(nullable(event.mutuallyExclusive));
                       },
                       error);
}

bool DatabaseWriter::lastMarketRowid(qint64 *rowid, Schema::Failure *error)
{
    QSqlQuery *query = m_statements->plain(lastMarketRowidId, "SELECT coalesce(max(rowid), 0) FROM markets",
                                           error);
    if (!query)
        return false;
    if (!query->exec() || !query->next()) {
        *error = Schema::Failure::fromSql(query->lastError());
        query->finish();
        return false;
    }
    *rowid = query->value(0).toLongLong();
    query->finish();
    return true;
}

bool DatabaseWriter::upsertMarkets(const QList<MarketRecord> &markets, Schema::Failure *error)
{
    // Every insert takes the next rowid and an update takes none, so when the largest rowid grew
    // by the batch's size, every market of it was new and its indexed columns are written already.
    // (Inside BEGIN IMMEDIATE no other connection inserts in between.)
    qint64 rowidBefore = 0;
    qint64 rowidAfter = 0;
    if (!lastMarketRowid(&rowidBefore, error) || !upsertMarketRows(markets, error)
        || !lastMarketRowid(&rowidAfter, error))
        return false;
    if (rowidAfter - rowidBefore == markets.size())
        return true;
    // An UPDATE ... FROM applies an arbitrary one of several source rows for the same market, so a
    // ticker listed twice keeps only its last listing, the one the upsert left in place.
    QHash<QString, qsizetype> lastListing;
    lastListing.reserve(markets.size());
    for (qsizetype i = 0; i < markets.size(); ++i)
        lastListing.insert(markets.at(i).ticker, i);
    QList<MarketRecord> latest;
    if (lastListing.size() == markets.size()) {
        latest = markets;
    } else {
        latest.reserve(lastListing.size());
        for (qsizetype i = 0; i < markets.size(); ++i) {
            if (lastListing.value(markets.at(i).ticker) == i)
                latest.append(markets.at(i));
        }
    }
    return executeBulk(*m_statements, marketIndexedColumnsSpec, latest, m_batchTime,
                       [](StatementBinder &binder, const MarketRecord &market) {
                           binder.addText(market.ticker);
                           binder.addText(market.eventTicker);
                           binder.addText(market.status);
                           binder.add(nullable(market.closeTime));
                       },
                       error);
}

bool DatabaseWriter::upsertMarketRows(const QList<MarketRecord> &markets, Schema::Failure *error)
{
    return executeBulk(*m_statements, marketsSpec, markets, m_batchTime,
                       [](StatementBinder &binder, const MarketRecord &market) {
                           binder.addText(market.ticker);
                           binder.addText(market.eventTicker);
                           binder.addNullableText(market.seriesTicker);
                           binder.addNullableText(market.marketType);
                           binder.addText(market.title);
                           binder.addNullableText(market.subtitle);
                           binder.addNullableText(market.yesSubTitle);
                           binder.addNullableText(market.noSubTitle);
                           binder.addText(market.status);
                           binder.addNullableText(market.result);
                           binder.add(nullable(market.openTime));
                           binder.add(nullable(market.closeTime));
                           binder.add(nullable(market.expirationTime));
                           binder.add(nullable(market.settlementTs));
                           binder.add(nullable(market.yesBid));
                           binder.add(nullable(market.yesAsk));
                           binder.add(nullable(market.noBid));
                           binder.add(nullable(market.noAsk));
                           binder.add(nullable(market.lastPrice));
                           binder.add(nullable(market.volume));
                           binder.add(nullable(market.volume24h));
                           binder.add(nullable(market.openInterest));
                           binder.add(nullable(market.liquidity));
                       },
                       error);
}

bool DatabaseWriter::upsertSettlements(const QList<SettlementRecord> &settlements, Schema::Failure *error)
{
    return executeBulk(*m_statements, settlementsSpec, settlements, m_batchTime,
                       [](StatementBinder &binder, const SettlementRecord &settlement) {
                           binder.addText(settlement.ticker);
                           binder.addText(settlement.eventTicker);
                           binder.addText(settlement.result);
                           binder.add(settlement.settledAt);
                           binder.add(nullable(settlement.settlementValue));
                       },
                       error);
}

bool DatabaseWriter::insertSnapshots(const QList<SnapshotRecord> &snapshots, Schema::Failure *error)
{
    // total_changes() counts the rows inserted, not those ON CONFLICT DO NOTHING kept out.
    const auto totalChanges = [this](qint64 *changes, Schema::Failure *failure) {
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        if (!query.exec(QStringLiteral("SELECT total_changes()")) || !query.next()) {
            *failure = Schema::Failure::fromSql(query.lastError());
            return false;
        }
        *changes = query.value(0).toLongLong();
        return true;
    };
    qint64 before = 0;
    qint64 after = 0;
    if (!totalChanges(&before, error) || !insertSnapshotRows(snapshots, error) || !totalChanges(&after, error))
        return false;
    m_snapshotsStored = int(after - before);
    return true;
}

bool DatabaseWriter::insertSnapshotRows(const QList<SnapshotRecord> &snapshots, Schema::Failure *error)
{
    return executeBulk(*m_statements, snapshotsSpec, snapshots, m_batchTime,
                       [](StatementBinder &binder, const SnapshotRecord &snapshot) {
                           binder.addText(snapshot.ticker);
                           binder.add(snapshot.snapshotTime);
                           binder.add(nullable(snapshot.yesBid));
                           binder.add(nullable(snapshot.yesAsk));
                           binder.add(nullable(snapshot.noBid));
                           binder.add(nullable(snapshot.noAsk));
                           binder.add(nullable(snapshot.lastPrice));
                           binder.add(nullable(snapshot.volume));
                           binder.add(nullable(snapshot.volume24h));
                           binder.add(nullable(snapshot.openInterest));
                       },
                       error);
}

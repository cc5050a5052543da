#include "storage/databasewriter.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>

#include <sqlite3.h>

#include <map>
#include <memory>

namespace {

// Rows per multi-row statement. A statement execution has a fixed cost (reset, opening a cursor on
// every table and index it touches, the trigger's sub-program) that 64 rows spread thin; measured,
// 256 or 1024 rows gain nothing more (km-bench-writer), and 64 x 24 parameters stay far below
// SQLite's limit of 32766.
constexpr int maxRowsPerStatement = 64;

struct BulkSpec
{
    int id;
    const char *head;   // INSERT INTO t(c1, ...) VALUES
    const char *row;    // one row's placeholders, "(?, ?, ...)", may wrap expressions
    const char *tail;   // ON CONFLICT ...
};

const BulkSpec placeholderEventsSpec {
    1, "INSERT INTO events(ticker, series_ticker, title, is_placeholder, updated_at) VALUES ",
    "(?, ?, ?, 1, ?)", " ON CONFLICT(ticker) DO NOTHING"};

const BulkSpec eventsSpec {
    2,
    "INSERT INTO events(ticker, series_ticker, title, sub_title, category, mutually_exclusive, "
    "is_placeholder, updated_at) VALUES ",
    "(?, ?, ?, ?, ?, ?, 0, ?)",
    " ON CONFLICT(ticker) DO UPDATE SET series_ticker = excluded.series_ticker, "
    "title = excluded.title, sub_title = excluded.sub_title, category = excluded.category, "
    "mutually_exclusive = excluded.mutually_exclusive, is_placeholder = 0, "
    "updated_at = excluded.updated_at"};

const BulkSpec marketsSpec {
    3,
    "INSERT INTO markets(ticker, event_ticker, series_ticker, market_type, title, subtitle, "
    "yes_sub_title, no_sub_title, status, result, open_time, close_time, expiration_time, "
    "settlement_ts, yes_bid, yes_ask, no_bid, no_ask, last_price, volume, volume_24h, "
    "open_interest, liquidity, updated_at) VALUES ",
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    " ON CONFLICT(ticker) DO UPDATE SET event_ticker = excluded.event_ticker, "
    "series_ticker = excluded.series_ticker, market_type = excluded.market_type, "
    "title = excluded.title, subtitle = excluded.subtitle, yes_sub_title = excluded.yes_sub_title, "
    "no_sub_title = excluded.no_sub_title, status = excluded.status, result = excluded.result, "
    "open_time = excluded.open_time, close_time = excluded.close_time, "
    "expiration_time = excluded.expiration_time, settlement_ts = excluded.settlement_ts, "
    "yes_bid = excluded.yes_bid, yes_ask = excluded.yes_ask, no_bid = excluded.no_bid, "
    "no_ask = excluded.no_ask, last_price = excluded.last_price, volume = excluded.volume, "
    "volume_24h = excluded.volume_24h, open_interest = excluded.open_interest, "
    "liquidity = excluded.liquidity, updated_at = excluded.updated_at"};

const BulkSpec settlementsSpec {
    4,
    "INSERT INTO settlements(ticker, event_ticker, result, settled_at, settlement_value) VALUES ",
    "(?, ?, ?, ?, ?)",
    " ON CONFLICT(ticker) DO UPDATE SET event_ticker = excluded.event_ticker, "
    "result = excluded.result, settled_at = excluded.settled_at, "
    "settlement_value = excluded.settlement_value"};

// The market id comes from market_ids inside the statement: an unknown ticker yields NULL and
// fails the batch on NOT NULL instead of being dropped silently.
const BulkSpec snapshotsSpec {
    5,
    "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, "
    "last_price, volume, volume_24h, open_interest) VALUES ",
    "((SELECT id FROM market_ids WHERE ticker = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    " ON CONFLICT(market_id, snapshot_time) DO NOTHING"};

QString describe(sqlite3 *db)
{
    return QString::fromUtf8(sqlite3_errmsg(db)) + QStringLiteral(" [SQLite code %1]").arg(sqlite3_extended_errcode(db));
}

// Holds the UTF-8 copies of one statement's ASCII texts until its step. SQLite stores text as UTF-8,
// and binding UTF-16 makes it translate every value with a byte-at-a-time loop; an ASCII copy is a
// plain narrowing loop. A fixed capacity, so that bound pointers stay valid; texts that do not fit,
// or are not ASCII, are bound as UTF-16 as before (SQLite's translation then gives the same bytes).
class TextArena
{
public:
    TextArena() : m_buffer(std::make_unique<char[]>(capacity)) { }

    void reset() { m_used = 0; }

    // The text as ASCII bytes in the arena, or nullptr.
    const char *ascii(const QString &text)
    {
        const qsizetype size = text.size();
        if (m_used + size > capacity)
            return nullptr;
        char *out = m_buffer.get() + m_used;
        const QChar *in = text.constData();
        for (qsizetype i = 0; i < size; ++i) {
            if (in[i].unicode() >= 0x80)
                return nullptr;
            out[i] = char(in[i].unicode());
        }
        m_used += size;
        return out;
    }

private:
    static constexpr qsizetype capacity = 256 * 1024;
    std::unique_ptr<char[]> m_buffer;
    qsizetype m_used = 0;
};

// Binds one statement's parameters in order. The records outlive the statement's step, so texts
// that are not copied into the arena are bound straight from the QString (SQLITE_STATIC). As with
// QSqlQuery, a null QString is NULL; the nullable() forms also store empty texts and absent numbers
// as NULL.
class Binder
{
public:
    Binder(sqlite3_stmt *statement, TextArena *arena) : m_statement(statement), m_arena(arena) { }

    void text(const QString &value)
    {
        if (value.isNull()) {
            sqlite3_bind_null(m_statement, m_index++);
        } else if (const char *ascii = m_arena->ascii(value)) {
            sqlite3_bind_text(m_statement, m_index++, ascii, int(value.size()), SQLITE_STATIC);
        } else {
            sqlite3_bind_text16(m_statement, m_index++, value.utf16(), int(value.size() * 2), SQLITE_STATIC);
        }
    }
    void nullable(const QString &value)
    {
        if (value.isEmpty())
            sqlite3_bind_null(m_statement, m_index++);
        else
            text(value);
    }
    void integer(qint64 value) { sqlite3_bind_int64(m_statement, m_index++, value); }
    void nullable(const std::optional<qint64> &value)
    {
        if (value)
            integer(*value);
        else
            sqlite3_bind_null(m_statement, m_index++);
    }
    void nullable(const std::optional<bool> &value)
    {
        if (value)
            integer(*value ? 1 : 0);
        else
            sqlite3_bind_null(m_statement, m_index++);
    }
    int bound() const { return m_index - 1; }

private:
    sqlite3_stmt *m_statement;
    TextArena *m_arena;
    int m_index = 1;
};

QString seriesOf(const MarketRecord &market)
{
    if (!market.seriesTicker.isEmpty())
        return market.seriesTicker;
    const qsizetype dash = market.eventTicker.indexOf(u'-');
    return dash > 0 ? market.eventTicker.left(dash) : market.eventTicker;
}

struct PlaceholderEvent
{
    QString ticker;
    QString series;
};

} // namespace

// Prepared multi-row statements of the write connection, one per (statement, row count).
// Row counts are powers of two up to maxRowsPerStatement, so a table needs at most 7 of them.
class BulkStatementCache
{
public:
    explicit BulkStatementCache(sqlite3 *db) : m_db(db) { }
    ~BulkStatementCache()
    {
        for (const auto &entry : m_statements)
            sqlite3_finalize(entry.second);
    }
    BulkStatementCache(const BulkStatementCache &) = delete;
    BulkStatementCache &operator=(const BulkStatementCache &) = delete;

    sqlite3_stmt *statement(const BulkSpec &spec, int rows, QString *error)
    {
        sqlite3_stmt *&slot = m_statements[{spec.id, rows}];
        if (slot)
            return slot;
        QByteArray sql(spec.head);
        for (int row = 0; row < rows; ++row) {
            if (row > 0)
                sql += ',';
            sql += spec.row;
        }
        sql += spec.tail;
        if (sqlite3_prepare_v3(m_db, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &slot, nullptr)
            != SQLITE_OK) {
            *error = describe(m_db);
            sqlite3_finalize(slot);
            slot = nullptr;
            m_statements.erase({spec.id, rows});
        }
        return slot;
    }

    sqlite3 *database() const { return m_db; }
    TextArena *arena() { return &m_arena; }

private:
    sqlite3 *m_db;
    TextArena m_arena;
    std::map<std::pair<int, int>, sqlite3_stmt *> m_statements;
};

namespace {

int chunkSize(qsizetype remaining)
{
    int chunk = maxRowsPerStatement;
    while (chunk > remaining)
        chunk /= 2;
    return chunk;
}

template <typename Record, typename Bind>
bool executeBulk(BulkStatementCache &cache, const BulkSpec &spec, const QList<Record> &records, Bind bind,
                 QString *error)
{
    qsizetype offset = 0;
    while (offset < records.size()) {
        const int rows = chunkSize(records.size() - offset);
        sqlite3_stmt *statement = cache.statement(spec, rows, error);
        if (!statement)
            return false;
        cache.arena()->reset();
        Binder binder(statement, cache.arena());
        for (int row = 0; row < rows; ++row)
            bind(binder, records.at(offset + row));
        Q_ASSERT(binder.bound() == sqlite3_bind_parameter_count(statement));
        const int rc = sqlite3_step(statement);
        if (rc != SQLITE_DONE) {
            *error = QStringLiteral("%1 (%2 rows from %3)").arg(describe(cache.database())).arg(rows).arg(offset);
            sqlite3_reset(statement);
            return false;
        }
        sqlite3_reset(statement);
        offset += rows;
    }
    return true;
}

} // namespace

QStringList DatabaseWriter::connectionPragmas()
{
    // temp_store: Debian's SQLite keeps temporary files on disk, and every statement that writes
    // several rows or tables writes a statement journal: with MEMORY that is no system call.
    // cache_size: 32 MiB holds the index pages a sync of a few hundred thousand markets touches.
    // wal_autocheckpoint: 1000 pages (the default) checkpoints after almost every page-sized
    // transaction of a sync; 8000 pages (32 MiB) lets one checkpoint write each page once for many.
    return {QStringLiteral("PRAGMA temp_store = MEMORY"), QStringLiteral("PRAGMA cache_size = -32768"),
            QStringLiteral("PRAGMA wal_autocheckpoint = 8000")};
}

DatabaseWriter::DatabaseWriter(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_connectionName(QStringLiteral("km-writer-%1").arg(quintptr(this), 0, 16))
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
    QString error;
    // Opening migrates, which itself may meet a busy database: retry like any batch.
    QElapsedTimer timer;
    timer.start();
    int backoffMs = 20;
    while (!Schema::openConnection(m_connectionName, m_options.databasePath, connection, &error)) {
        const bool busy = error.contains(QStringLiteral("[SQLite code 5")) || error.contains(QStringLiteral("locked"));
        if (!busy || timer.elapsed() + backoffMs > m_options.busyDeadlineMs || m_abandon.loadRelaxed()) {
            Q_EMIT opened(false, error);
            return;
        }
        QThread::msleep(backoffMs);
        backoffMs = qMin(backoffMs * 2, 500);
    }
    // Qt's QSQLITE driver and this library use the same libsqlite3, so the driver's handle is ours
    // to prepare statements on; it stays valid until the connection closes.
    const QVariant handle = QSqlDatabase::database(m_connectionName, false).driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0
        || !*static_cast<sqlite3 *const *>(handle.constData())) {
        Schema::closeConnection(m_connectionName);
        Q_EMIT opened(false, QStringLiteral("the Qt SQLite driver gave no sqlite3 handle"));
        return;
    }
    m_db = *static_cast<sqlite3 *const *>(handle.constData());
    m_statements = std::make_unique<BulkStatementCache>(m_db);
    m_open = true;
    Q_EMIT opened(true, QString());
}

void DatabaseWriter::close()
{
    Q_ASSERT(QThread::currentThread() == thread());
    flushPending();
    if (m_open) {
        m_statements.reset();
        m_db = nullptr;
        Schema::closeConnection(m_connectionName);
        m_open = false;
    }
    Q_EMIT closed();
}

void DatabaseWriter::write(const WriteBatch &batch)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_open) {
        BatchResult result = resultFor(batch);
        result.error = QStringLiteral("the database is not open");
        Q_EMIT batchWritten(result);
        return;
    }
    // The flush is queued behind every event already waiting, so the batches that queued up while
    // the previous group was being written all land in the next group.
    m_pending.append(batch);
    if (!m_flushQueued) {
        m_flushQueued = true;
        QMetaObject::invokeMethod(this, &DatabaseWriter::flushPending, Qt::QueuedConnection);
    }
}

BatchResult DatabaseWriter::resultFor(const WriteBatch &batch) const
{
    BatchResult result;
    result.kind = batch.kind;
    result.syncRunId = batch.syncRunId;
    result.page = batch.page;
    result.rows = batch.rowCount();
    return result;
}

void DatabaseWriter::flushPending()
{
    m_flushQueued = false;
    while (!m_pending.isEmpty()) {
        QList<WriteBatch> group;
        qint64 rows = 0;
        do {
            rows += m_pending.constFirst().rowCount();
            group.append(m_pending.takeFirst());
        } while (!m_pending.isEmpty() && rows + m_pending.constFirst().rowCount() <= m_options.maxRowsPerTransaction);
        if (group.size() == 1)
            writeOne(group.constFirst());
        else
            writeGroup(group);
    }
}

void DatabaseWriter::writeOne(const WriteBatch &batch)
{
    BatchResult result = resultFor(batch);
    QElapsedTimer timer;
    timer.start();
    m_batchTime = QDateTime::currentSecsSinceEpoch();
    result.ok = runTransaction([&](QString *error) { return applyBatch(batch, error); }, &result.attempts,
                               &result.error);
    result.durationMs = timer.elapsed();
    Q_EMIT batchWritten(result);
}

void DatabaseWriter::writeGroup(const QList<WriteBatch> &group)
{
    QElapsedTimer timer;
    timer.start();
    m_batchTime = QDateTime::currentSecsSinceEpoch();
    int attempts = 0;
    QString error;
    bool busyGaveUp = false;
    const bool ok = runTransaction(
        [&](QString *message) {
            for (const WriteBatch &batch : group) {
                if (!applyBatch(batch, message))
                    return false;
            }
            return true;
        },
        &attempts, &error, &busyGaveUp);
    if (ok || busyGaveUp) {
        for (const WriteBatch &batch : group) {
            BatchResult result = resultFor(batch);
            result.ok = ok;
            result.attempts = attempts;
            result.error = error;
            result.durationMs = timer.elapsed();
            Q_EMIT batchWritten(result);
        }
        return;
    }
    // One batch is bad (or the disk is full): nothing of the group was kept. Each batch alone
    // reports exactly what it would have without grouping.
    for (const WriteBatch &batch : group)
        writeOne(batch);
}

void DatabaseWriter::startSyncRun(quint64 token, const QString &kind)
{
    Q_ASSERT(QThread::currentThread() == thread());
    flushPending();
    qint64 runId = 0;
    QString error;
    int attempts = 0;
    if (!m_open) {
        error = QStringLiteral("the database is not open");
    } else {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const bool ok = runTransaction(
            [&](QString *message) {
                QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
                query.prepare(QStringLiteral(
                    "INSERT INTO sync_runs(kind, started_at, status) VALUES (?, ?, 'running')"));
                query.addBindValue(kind);
                query.addBindValue(now);
                if (!query.exec()) {
                    *message = Schema::describe(query.lastError());
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
    flushPending();
    QString error;
    int attempts = 0;
    bool ok = false;
    if (!m_open) {
        error = QStringLiteral("the database is not open");
    } else {
        ok = runTransaction(
            [&](QString *message) {
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
                query.addBindValue(run.error.isEmpty() ? QVariant() : QVariant(run.error));
                query.addBindValue(run.id);
                if (!query.exec()) {
                    *message = Schema::describe(query.lastError());
                    return false;
                }
                return true;
            },
            &attempts, &error);
    }
    Q_EMIT syncRunFinished(run, ok, error);
}

bool DatabaseWriter::runTransaction(const TransactionBody &body, int *attempts, QString *error, bool *busyGaveUp)
{
    QElapsedTimer timer;
    timer.start();
    int backoffMs = 10;
    *attempts = 0;
    for (;;) {
        ++*attempts;
        bool busy = false;
        if (attemptTransaction(body, &busy, error))
            return true;
        if (!busy)
            return false;
        const int sleepMs = backoffMs + int(QRandomGenerator::global()->bounded(backoffMs));
        if (timer.elapsed() + sleepMs > m_options.busyDeadlineMs || m_abandon.loadRelaxed()) {
            *error = QStringLiteral("the database stayed locked by another process for %1 ms "
                                    "(%2 attempts): %3")
                         .arg(timer.elapsed())
                         .arg(*attempts)
                         .arg(*error);
            if (busyGaveUp)
                *busyGaveUp = true;
            return false;
        }
        QThread::msleep(sleepMs);
        backoffMs = qMin(backoffMs * 2, 400);
    }
}

QString DatabaseWriter::lastError() const
{
    return describe(m_db);
}

bool DatabaseWriter::execute(const char *sql, QString *error)
{
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK)
        return true;
    *error = lastError();
    return false;
}

bool DatabaseWriter::attemptTransaction(const TransactionBody &body, bool *busy, QString *error)
{
    QString ignored;
    if (!execute("BEGIN IMMEDIATE", error)) {
        *busy = (sqlite3_extended_errcode(m_db) & 0xFF) == SQLITE_BUSY;
        return false;
    }
    QString bodyError;
    if (!body(&bodyError)) {
        *error = bodyError;
        *busy = bodyError.contains(QStringLiteral("[SQLite code 5]"))
            || bodyError.contains(QStringLiteral("[SQLite code 517]"))
            || bodyError.contains(QStringLiteral("[SQLite code 261]"));
        // Fails harmlessly when SQLite already rolled back by itself (SQLITE_FULL, for one).
        execute("ROLLBACK", &ignored);
        return false;
    }
    if (!execute("COMMIT", error)) {
        *busy = (sqlite3_extended_errcode(m_db) & 0xFF) == SQLITE_BUSY;
        execute("ROLLBACK", &ignored);
        return false;
    }
    return true;
}

bool DatabaseWriter::applyBatch(const WriteBatch &batch, QString *error)
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

bool DatabaseWriter::insertPlaceholderEvents(const QList<MarketRecord> &markets, QString *error)
{
    // One placeholder per distinct event; ON CONFLICT DO NOTHING leaves real events alone.
    QList<PlaceholderEvent> distinct;
    QSet<QString> seen;
    seen.reserve(markets.size());
    for (const MarketRecord &market : markets) {
        if (!seen.contains(market.eventTicker)) {
            seen.insert(market.eventTicker);
            distinct.append({market.eventTicker, seriesOf(market)});
        }
    }
    const qint64 now = m_batchTime;
    return executeBulk(*m_statements, placeholderEventsSpec, distinct,
                       [now](Binder &bind, const PlaceholderEvent &event) {
                           bind.text(event.ticker);
                           bind.text(event.series);
                           bind.text(event.ticker);
                           bind.integer(now);
                       },
                       error);
}

bool DatabaseWriter::upsertEvents(const QList<EventRecord> &events, QString *error)
{
    const qint64 now = m_batchTime;
    return executeBulk(*m_statements, eventsSpec, events,
                       [now](Binder &bind, const EventRecord &event) {
                           bind.text(event.ticker);
                           bind.text(event.seriesTicker);
                           bind.text(event.title);
                           bind.nullable(event.subTitle);
                           bind.nullable(event.category);
                           bind.nullable(event.mutuallyExclusive);
                           bind.integer(now);
                       },
                       error);
}

bool DatabaseWriter::upsertMarkets(const QList<MarketRecord> &markets, QString *error)
{
    const qint64 now = m_batchTime;
    return executeBulk(*m_statements, marketsSpec, markets,
                       [now](Binder &bind, const MarketRecord &market) {
                           bind.text(market.ticker);
                           bind.text(market.eventTicker);
                           bind.nullable(market.seriesTicker);
                           bind.nullable(market.marketType);
                           bind.text(market.title);
                           bind.nullable(market.subtitle);
                           bind.nullable(market.yesSubTitle);
                           bind.nullable(market.noSubTitle);
                           bind.text(market.status);
                           bind.nullable(market.result);
                           bind.nullable(market.openTime);
                           bind.nullable(market.closeTime);
                           bind.nullable(market.expirationTime);
                           bind.nullable(market.settlementTs);
                           bind.nullable(market.yesBid);
                           bind.nullable(market.yesAsk);
                           bind.nullable(market.noBid);
                           bind.nullable(market.noAsk);
                           bind.nullable(market.lastPrice);
                           bind.nullable(market.volume);
                           bind.nullable(market.volume24h);
                           bind.nullable(market.openInterest);
                           bind.nullable(market.liquidity);
                           bind.integer(now);
                       },
                       error);
}

bool DatabaseWriter::upsertSettlements(const QList<SettlementRecord> &settlements, QString *error)
{
    return executeBulk(*m_statements, settlementsSpec, settlements,
                       [](Binder &bind, const SettlementRecord &settlement) {
                           bind.text(settlement.ticker);
                           bind.text(settlement.eventTicker);
                           bind.text(settlement.result);
                           bind.integer(settlement.settledAt);
                           bind.nullable(settlement.settlementValue);
                       },
                       error);
}

bool DatabaseWriter::insertSnapshots(const QList<SnapshotRecord> &snapshots, QString *error)
{
    return executeBulk(*m_statements, snapshotsSpec, snapshots,
                       [](Binder &bind, const SnapshotRecord &snapshot) {
                           bind.text(snapshot.ticker);
                           bind.integer(snapshot.snapshotTime);
                           bind.nullable(snapshot.yesBid);
                           bind.nullable(snapshot.yesAsk);
                           bind.nullable(snapshot.noBid);
                           bind.nullable(snapshot.noAsk);
                           bind.nullable(snapshot.lastPrice);
                           bind.nullable(snapshot.volume);
                           bind.nullable(snapshot.volume24h);
                           bind.nullable(snapshot.openInterest);
                       },
                       error);
}

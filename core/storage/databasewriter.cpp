#include "storage/databasewriter.h"

#include "logging.h"

#include "alerts/alertevaluator.h"

#include "storage/pgstatements.h"
#include "storage/snapshotpruner.h"
#include "storage/sqldialect.h"
#include "storage/statementbinder.h"
#include "storage/syncrunowner.h"
#include "storage/tablestatement.h"
#include "storage/writertables.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

#include <QSet>

#include <map>
#include <memory>
#include <tuple>

namespace {

// Rows per multi-row statement. Bigger statements amortize QSqlQuery's per-exec cost; SQLite
// allows 32766 parameters, far above 64 rows of 24 columns.
constexpr int maxRowsPerStatement = 64;

QVariant nullable(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

QVariant nullable(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant();
}

int chunkSize(qsizetype remaining)
{
    int chunk = maxRowsPerStatement;
    while (chunk > remaining)
        chunk /= 2;
    return chunk;
}

} // namespace

// Prepared multi-row statements of the write connection, one per (table statement, form, row
// count), generated from WriterTables' descriptions. Row counts are powers of two up to
// maxRowsPerStatement, so a form needs at most 7 of them. The generated '?' become named
// placeholders (":v0", ":v1", ...), bound by name (see StatementBinder).
class BulkStatementCache
{
public:
    // InsertPastTrigger: TableStatement::insertPastTrigger, bound as Insert.
    enum class Form {
        Insert,
        InsertPastTrigger,
        GuardedUpdate,
        LastMarketRowid,
        SnapshotWriteLock,
        CommitNotice
    };

    explicit BulkStatementCache(const QString &connectionName)
        : m_connectionName(connectionName)
        , m_backend(SqlDialect::of(connectionName))
    {
    }

    SqlDialect::Backend backend() const { return m_backend; }
    QSqlDatabase database() const { return QSqlDatabase::database(m_connectionName, false); }

    // group: the guard group of a GuardedUpdate (TableStatement::Column::guardGroup).
    QSqlQuery *statement(
        const TableStatement &table, Form form, int rows, Schema::Failure *failure, int group = 0)
    {
        auto &slot = m_statements[{&table, form, rows, group}];
        if (slot)
            return slot.get();
        const QString generated = form == Form::Insert ? table.insert(rows, m_backend)
            : form == Form::InsertPastTrigger          ? table.insertPastTrigger(rows, m_backend)
                                                       : table.guardedUpdate(rows, m_backend, group);
        if (generated.isEmpty()) {
            *failure = {QStringLiteral("internal error: no such statement for %1").arg(table.table())};
            return nullptr;
        }
        return prepareInto(slot, named(generated), failure);
    }

    // The names of the insert statements that bind one array per column (SqlDialect::
    // bindsColumnArrays), prepared through libpq (PgStatements) and executed in order with the same
    // arrays; nullptr when one does not prepare.
    const std::vector<QByteArray> *arrayStatements(
        const TableStatement &table, Form form, Schema::Failure *failure)
    {
        auto &names = m_arrayStatements[{&table, form}];
        if (!names.empty())
            return &names;
        if (form != Form::Insert) {
            // The backends that bind arrays do not guard indexed columns (SqlDialect).
            *failure = {QStringLiteral("internal error: no guarded update from arrays")};
            return nullptr;
        }
        const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        const QStringList generated = table.insertFromArrays(m_backend);
        std::vector<QByteArray> prepared;
        for (const QString &sql : generated) {
            const QByteArray name = "km_writer_" + QByteArray::number(++m_directStatements);
            if (!PgStatements::prepare(db, name, numbered(sql).toUtf8(), failure))
                return nullptr;
            prepared.push_back(name);
        }
        names = std::move(prepared);
        return &names;
    }

    // A prepared statement without placeholders, kept like the bulk ones.
    QSqlQuery *plain(Form form, const QString &sql, Schema::Failure *failure)
    {
        auto &slot = m_statements[{nullptr, form, 0, 0}];
        if (slot)
            return slot.get();
        return prepareInto(slot, sql, failure);
    }

    StatementBinder binder(QSqlQuery *query, qint64 batchTime, int arrayColumns = 0)
    {
        return StatementBinder(
            query, m_text, m_placeholders, batchTime, SqlDialect::bindsTextAsUtf8(m_backend), arrayColumns);
    }

private:
    // The generated '?' as libpq's $1, $2, ...
    static QString numbered(const QString &generated)
    {
        QString sql;
        sql.reserve(generated.size() + 64);
        int position = 0;
        for (const QChar c : generated) {
            if (c == u'?')
                sql += u'$' + QString::number(++position);
            else
                sql += c;
        }
        return sql;
    }

    // The generated '?' as named placeholders.
    QString named(const QString &generated)
    {
        QString sql;
        sql.reserve(generated.size() * 2);
        int position = 0;
        for (const QChar c : generated) {
            if (c == u'?')
                sql += placeholder(position++);
            else
                sql += c;
        }
        return sql;
    }

    const QString &placeholder(int position)
    {
        while (m_placeholders.size() <= position)
            m_placeholders.append(u":v" + QString::number(m_placeholders.size()));
        return m_placeholders.at(position);
    }

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
    SqlDialect::Backend m_backend;
    QStringList m_placeholders;
    TextArena m_text; // declared before the statements, which are finalized first
    std::map<std::tuple<const TableStatement *, Form, int, int>, std::unique_ptr<QSqlQuery>> m_statements;
    std::map<std::pair<const TableStatement *, Form>, std::vector<QByteArray>> m_arrayStatements;
    int m_directStatements = 0;
};

namespace {

// Writes the records through the description's statement in the given form, in multi-row chunks.
// rowsChanged, if given, gets the rows the statements inserted or updated (for an ON CONFLICT DO
// NOTHING insert: the rows inserted), as the driver reports them (sqlite3_changes, PQcmdTuples).
template <typename Record>
bool executeBulkArrays(BulkStatementCache &cache, const TableDescription<Record> &table,
    BulkStatementCache::Form form, const QList<Record> &records, qint64 batchTime, Schema::Failure *error,
    qint64 *rowsChanged, int statementLimit)
{
    if (records.isEmpty())
        return true;
    const bool insert = form == BulkStatementCache::Form::Insert;
    const int valuesPerRow = insert ? table.insertValuesPerRow() : table.guardedValuesPerRow();
    const auto *statements = cache.arrayStatements(table.statement(), form, error);
    if (!statements)
        return false;
    StatementBinder binder = cache.binder(nullptr, batchTime, valuesPerRow);
    binder.reserveRows(records.size());
    for (const Record &record : records) {
        if (insert)
            table.bindInsert(binder, record);
        else
            table.bindGuarded(binder, record);
    }
    if (binder.position() != records.size() * valuesPerRow) {
        *error = {QStringLiteral("internal error: %1 values bound for %2 rows of %3")
                      .arg(binder.position())
                      .arg(records.size())
                      .arg(table.statement().table())};
        return false;
    }
    const std::vector<QByteArray> arrays = binder.arrays();
    const QSqlDatabase db = cache.database();
    const size_t count
        = statementLimit < 0 ? statements->size() : qMin(statements->size(), size_t(statementLimit));
    for (size_t i = 0; i < count; ++i) {
        const QByteArray &statement = statements->at(i);
        if (!PgStatements::execute(db, statement, arrays, rowsChanged, error)) {
            error->message
                += QStringLiteral(" (%1 rows of %2)").arg(records.size()).arg(table.statement().table());
            return false;
        }
    }
    return true;
}

// guardGroup: which guarded update a GuardedUpdate is (TableStatement::Column::guardGroup).
template <typename Record>
bool executeBulk(BulkStatementCache &cache, const TableDescription<Record> &table,
    BulkStatementCache::Form form, const QList<Record> &records, qint64 batchTime, Schema::Failure *error,
    qint64 *rowsChanged = nullptr, int arrayStatementLimit = -1, int guardGroup = 0)
{
    if (rowsChanged)
        *rowsChanged = 0;
    if (SqlDialect::bindsColumnArrays(cache.backend()))
        return executeBulkArrays(
            cache, table, form, records, batchTime, error, rowsChanged, arrayStatementLimit);
    const bool insert = form != BulkStatementCache::Form::GuardedUpdate;
    const int valuesPerRow = insert ? table.insertValuesPerRow() : table.guardedValuesPerRow(guardGroup);
    qsizetype offset = 0;
    while (offset < records.size()) {
        const int rows = chunkSize(records.size() - offset);
        QSqlQuery *query = cache.statement(table.statement(), form, rows, error, guardGroup);
        if (!query)
            return false;
        StatementBinder binder = cache.binder(query, batchTime);
        for (int row = 0; row < rows; ++row) {
            if (insert)
                table.bindInsert(binder, records.at(offset + row));
            else
                table.bindGuarded(binder, records.at(offset + row), guardGroup);
        }
        if (binder.position() != rows * valuesPerRow) {
            *error = {QStringLiteral("internal error: %1 values bound for %2 placeholders of %3")
                          .arg(binder.position())
                          .arg(rows * valuesPerRow)
                          .arg(table.statement().table())};
            return false;
        }
        if (!query->exec()) {
            *error = Schema::Failure::fromSql(
                query->lastError(), QStringLiteral(" (%1 rows from %2)").arg(rows).arg(offset));
            query->finish();
            return false;
        }
        if (rowsChanged)
            *rowsChanged += query->numRowsAffected();
        query->finish();
        offset += rows;
    }
    return true;
}

// Whether the open file has every column the writer's descriptions write, and whether every
// statement prepares on it (which resolves the names inside expressions too). Runs at every open,
// in every build type: a file that does not fit is refused before any batch is tried on it.
bool checkWriterTables(const QString &connectionName, BulkStatementCache &cache, Schema::Failure *failure)
{
    const QString problem = WriterTables::problem();
    if (!problem.isEmpty()) {
        *failure = {QStringLiteral("internal error in a table description: ") + problem};
        return false;
    }
    const QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    for (const TableStatement *table : WriterTables::all()) {
        if (!table->matchesDatabase(db, failure))
            return false;
        const bool arrays = SqlDialect::bindsColumnArrays(cache.backend());
        const auto prepares = [&](BulkStatementCache::Form form, int group) {
            return arrays ? cache.arrayStatements(*table, form, failure) != nullptr
                          : cache.statement(*table, form, 1, failure, group) != nullptr;
        };
        bool prepared = prepares(BulkStatementCache::Form::Insert, 0);
        if (prepared && !arrays && !table->insertPastTrigger(1, cache.backend()).isEmpty())
            prepared = prepares(BulkStatementCache::Form::InsertPastTrigger, 0);
        if (SqlDialect::guardsIndexedColumns(cache.backend())) {
            for (int group = 0; prepared && group < table->guardGroups(); ++group)
                prepared = prepares(BulkStatementCache::Form::GuardedUpdate, group);
        }
        if (!prepared) {
            failure->message
                = QStringLiteral("the database file does not fit this build: ") + failure->message;
            return false;
        }
    }
    return true;
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
    const Schema::ConnectionOptions connection = connectionOptions();
    Schema::Failure failure;
    // Opening migrates, which itself may meet a busy database: retry like any batch.
    QElapsedTimer timer;
    timer.start();
    int backoffMs = 20;
    bool announced = false;
    // Preparing the statements may wait for another session's lock too (PostgreSQL: a PREPARE of an
    // INSERT takes the table's lock and fails with 55P03 after lock_timeout): retried the same way.
    const auto openAndCheck = [&] {
        if (!Schema::openConnection(m_connectionName, m_options.databasePath, connection, &failure))
            return false;
        m_statements = std::make_unique<BulkStatementCache>(m_connectionName);
        if (checkWriterTables(m_connectionName, *m_statements, &failure))
            return true;
        m_statements.reset();
        Schema::closeConnection(m_connectionName);
        return false;
    };
    while (!openAndCheck()) {
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
    m_alerts = std::make_unique<AlertEvaluator>(m_connectionName);
    m_open = true;
    markAbandonedRuns();
    primeAlerts();
    Q_EMIT opened(true, QString());
}

Schema::ConnectionOptions DatabaseWriter::connectionOptions()
{
    Schema::ConnectionOptions connection;
    connection.access = Schema::Access::ReadWrite;
    connection.busyTimeoutMs = m_options.busyTimeoutMs;
    connection.extraPragmas = connectionPragmas() + m_options.extraPragmas;
    connection.aboutToMigrate
        = [this](int fromVersion, int toVersion) { Q_EMIT migrating(fromVersion, toVersion); };
    return connection;
}

bool DatabaseWriter::connectionLost() const
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    return db.isValid() && SqlDialect::of(db) == SqlDialect::Backend::PostgreSql && !db.isOpen();
}

void DatabaseWriter::dropLostConnection()
{
    qCInfo(lcStorage) << "the database server ended the writer's session";
    // The driver goes first: the statements prepared in the dead session are then dropped without
    // a DEALLOCATE to a server that is not there (QPSQL warns for each).
    Schema::closeConnection(m_connectionName);
    m_statements.reset();
    if (m_pruner)
        m_pruner->dropStatements();
    m_alerts = std::make_unique<AlertEvaluator>(m_connectionName); // kept samples read again
}

bool DatabaseWriter::connectAgain(Schema::Failure *failure)
{
    if (!Schema::openConnection(m_connectionName, m_options.databasePath, connectionOptions(), failure)) {
        failure->connectionLost = true;
        return false;
    }
    m_statements = std::make_unique<BulkStatementCache>(m_connectionName);
    if (!checkWriterTables(m_connectionName, *m_statements, failure)) {
        m_statements.reset();
        Schema::closeConnection(m_connectionName);
        return false;
    }
    qCInfo(lcStorage) << "the writer is connected to the database server again";
    return true;
}

// The rules and the newest stored samples of the markets they watch, read once now instead of in
// the transaction of the first snapshot after opening (AlertEvaluator::prime()). Not retried: a
// busy or failed read leaves them to that snapshot, as before.
void DatabaseWriter::primeAlerts()
{
    if (SqlDialect::of(QSqlDatabase::database(m_connectionName, false)) != SqlDialect::Backend::Sqlite)
        return;
    Schema::Failure failure;
    if (!attemptTransaction([this](Schema::Failure *error) { return m_alerts->prime(error); }, &failure,
            TransactionKind::Read)) {
        m_alerts->forgetHistory();
        m_alerts->rulesChanged();
    }
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
            if (!update.prepare(QStringLiteral(
                    "UPDATE sync_runs SET status = 'abandoned', finished_at = coalesce(finished_at, ?), "
                    "error = coalesce(error, 'its process (pid ' || owner_pid || ' on ' || owner_host || "
                    "') ended without finishing it') WHERE id = ? AND status = 'running'"))) {
                *error = Schema::Failure::fromSql(update.lastError());
                return false;
            }
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
        &failure, TransactionKind::Write);
}

void DatabaseWriter::close()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_pruner)
        finishPrune(QStringLiteral("the database was closed before the prune finished"));
    if (m_open) {
        // A session the server ended since the last batch is only noticed by a statement: one is
        // sent, so that the prepared ones go without a DEALLOCATE to a dead session (QPSQL warns).
        if (m_statements && m_statements->backend() == SqlDialect::Backend::PostgreSql) {
            QSqlQuery probe(QSqlDatabase::database(m_connectionName, false));
            probe.exec(QStringLiteral("SELECT 1"));
        }
        if (connectionLost())
            dropLostConnection();
        m_alerts.reset();
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
        QList<AlertFiring> firings;
        m_commitNotice = batchKindName(batch.kind);
        result.ok = runTransaction(
            [&](Schema::Failure *failure) {
                m_snapshotsStored = 0;
                firings.clear();
                const bool alerts = batch.kind != WriteBatch::Kind::Events;
                return (!alerts || m_alerts->loadRules(failure))
                    && (!alerts || m_alerts->captureStatuses(batch.markets, failure))
                    && applyBatch(batch, failure)
                    && (!alerts
                        || m_alerts->evaluate(batch, m_batchTime, m_snapshotsStored, &firings, failure))
                    && recordFirings(&firings, failure) && countInSyncRuns(batch, failure);
            },
            &result.attempts, &result.error);
        m_commitNotice = defaultCommitNotice();
        if (result.ok)
            result.snapshotsStored = m_snapshotsStored;
        if (batch.kind != WriteBatch::Kind::Events) {
            if (result.ok)
                m_alerts->committed();
            else
                m_alerts->forgetHistory();
        }
        result.durationMs = timer.elapsed();
        // Before batchWritten: whoever waits for the batch finds its firings announced.
        if (result.ok && !firings.isEmpty())
            Q_EMIT alertsFired(firings);
        Q_EMIT batchWritten(result);
        return;
    }
    result.durationMs = timer.elapsed();
    Q_EMIT batchWritten(result);
}

void DatabaseWriter::startSyncRun(quint64 token, SyncPhase kind)
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
                if (!query.prepare(
                        QStringLiteral("INSERT INTO sync_runs(kind, started_at, status, owner_pid, "
                                       "owner_host, owner_started_at) "
                                       "VALUES (?, ?, 'running', ?, ?, ?)"))) {
                    *failure = Schema::Failure::fromSql(query.lastError());
                    return false;
                }
                query.addBindValue(SyncState::toText(kind));
                query.addBindValue(now);
                query.addBindValue(m_owner.pid);
                query.addBindValue(m_owner.host);
                query.addBindValue(nullable(m_owner.startedAt));
                if (!query.exec()) {
                    *failure = Schema::Failure::fromSql(query.lastError());
                    return false;
                }
                if (SqlDialect::of(m_connectionName) == SqlDialect::Backend::Sqlite) {
                    runId = query.lastInsertId().toLongLong();
                    return true;
                }
                return lastInsertedId(&runId, failure);
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
                if (!query.prepare(QStringLiteral(
                        "UPDATE sync_runs SET finished_at = ?, status = ?, pages = ?, rows = ?, "
                        "skipped = ?, retries = ?, error = ? WHERE id = ?"))) {
                    *failure = Schema::Failure::fromSql(query.lastError());
                    return false;
                }
                query.addBindValue(run.finishedAt > 0 ? run.finishedAt : QDateTime::currentSecsSinceEpoch());
                query.addBindValue(SyncState::toText(run.status));
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

bool DatabaseWriter::runTransaction(
    const TransactionBody &body, int *attempts, QString *error, TransactionKind kind)
{
    QElapsedTimer timer;
    timer.start();
    int backoffMs = 10;
    bool announced = false;
    *attempts = 0;
    for (;;) {
        ++*attempts;
        Schema::Failure failure;
        if (attemptTransaction(body, &failure, kind))
            return true;
        *error = failure.message;
        // A session the server ended is opened again and the transaction tried again, like a busy
        // database, unless it ended during the COMMIT (the batch may be stored: it is not applied
        // twice; the sync that sent it reports the error and a later one fetches it again).
        if (!failure.busy() && !failure.connectionLost)
            return false;
        const int sleepMs = backoffMs + int(QRandomGenerator::global()->bounded(backoffMs));
        if (timer.elapsed() + sleepMs > m_options.busyDeadlineMs || m_abandon.loadRelaxed()) {
            *error = failure.connectionLost
                ? QStringLiteral("lost the connection to the database server (%1 attempts in %2 s): %3")
                      .arg(*attempts)
                      .arg((timer.elapsed() + 999) / 1000)
                      .arg(*error)
                : QStringLiteral("the database stayed locked by another process for %1 ms "
                                 "(%2 attempts): %3")
                      .arg(timer.elapsed())
                      .arg(*attempts)
                      .arg(*error);
            return false;
        }
        if (!announced && !failure.connectionLost && timer.elapsed() >= busyNoticeMs) {
            announced = true;
            Q_EMIT busyWaiting(timer.elapsed(), m_options.busyDeadlineMs);
        }
        QThread::msleep(sleepMs);
        backoffMs = qMin(backoffMs * 2, 400);
    }
}

bool DatabaseWriter::attemptTransaction(
    const TransactionBody &body, Schema::Failure *failure, TransactionKind kind)
{
    if (!m_statements && !connectAgain(failure))
        return false; // the session was lost and the server does not answer yet
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const auto lost = [this, &db, failure] {
        if (!connectionLost())
            return false;
        db = QSqlDatabase();
        dropLostConnection();
        failure->connectionLost = true;
        return true;
    };
    bool begun = false;
    {
        QSqlQuery begin(db);
        const SqlDialect::Backend backend = SqlDialect::of(db);
        begun = begin.exec(kind == TransactionKind::Write ? SqlDialect::beginWrite(backend)
                                                          : SqlDialect::beginRead(backend));
        if (!begun)
            *failure = Schema::Failure::fromSql(begin.lastError());
    }
    if (!begun) {
        lost();
        return false;
    }
    if (!body(failure) || (kind == TransactionKind::Write && !sendCommitNotice(db, failure))) {
        if (!lost())
            db.rollback();
        return false;
    }
    if (!db.commit()) {
        *failure = Schema::Failure::fromSql(db.lastError());
        if (lost()) {
            failure->connectionLost = false; // not tried again: the COMMIT may have been applied
            failure->message = QStringLiteral("lost the connection to the database server while committing "
                                              "(whether this batch was stored is unknown): %1")
                                   .arg(failure->message);
            return false;
        }
        db.rollback();
        return false;
    }
    return true;
}

// One notification per committed transaction on PostgreSQL (windows on the database LISTEN for it
// instead of polling); delivered by the server at the commit, never for a rollback.
bool DatabaseWriter::sendCommitNotice(QSqlDatabase &db, Schema::Failure *failure)
{
    const QString sql = SqlDialect::commitNotice(SqlDialect::of(db));
    if (sql.isEmpty())
        return true;
    // Prepared once: a QSqlQuery prepared per transaction was PREPARE, EXECUTE and DEALLOCATE.
    QSqlQuery *notice = m_statements->plain(BulkStatementCache::Form::CommitNotice, sql, failure);
    if (!notice)
        return false;
    notice->bindValue(0, m_commitNotice);
    const bool ok = notice->exec();
    if (!ok)
        *failure = Schema::Failure::fromSql(notice->lastError());
    notice->finish();
    return ok;
}

// In the batch's own transaction, so that a run whose process is killed still says what committed.
// A run counts the rows of its own kind (a settlements run its settlements, not also the settled
// markets stored with them); a snapshot run counts only the snapshot rows stored.
bool DatabaseWriter::countInSyncRuns(const WriteBatch &batch, Schema::Failure *failure)
{
    if (batch.syncRunId <= 0)
        return true;
    qint64 rows = batch.rowCount();
    if (batch.kind == WriteBatch::Kind::Events)
        rows = batch.events.size();
    else if (batch.kind == WriteBatch::Kind::Markets)
        rows = batch.markets.size();
    else if (batch.kind == WriteBatch::Kind::Settlements)
        rows = batch.settlements.size();
    else if (batch.kind == WriteBatch::Kind::Snapshots)
        rows = batch.snapshotRunId > 0 ? batch.markets.size() : m_snapshotsStored;
    QList<std::pair<qint64, qint64>> counts{{batch.syncRunId, rows}};
    if (batch.snapshotRunId > 0)
        counts.append({batch.snapshotRunId, m_snapshotsStored});
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.prepare(
            QStringLiteral("UPDATE sync_runs SET pages = pages + 1, rows = rows + ? WHERE id = ?"))) {
        *failure = Schema::Failure::fromSql(query.lastError());
        return false;
    }
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
            && registerSnapshotTimes(batch, error) && insertSnapshots(batch.snapshots, error);
    case WriteBatch::Kind::Candles:
        // The markets ride along when the backfill met them first (not synced yet).
        return insertPlaceholderEvents(batch.markets, error) && upsertMarkets(batch.markets, error)
            && executeBulk(*m_statements, WriterTables::candles(), BulkStatementCache::Form::Insert,
                batch.candles, m_batchTime, error)
            && executeBulk(*m_statements, WriterTables::candleRanges(), BulkStatementCache::Form::Insert,
                batch.candleRanges, m_batchTime, error);
    }
    return false;
}

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
    return executeBulk(*m_statements, WriterTables::placeholderEvents(), BulkStatementCache::Form::Insert,
        distinct, m_batchTime, error);
}

bool DatabaseWriter::lastInsertedId(qint64 *id, Schema::Failure *error)
{
    QSqlQuery last(QSqlDatabase::database(m_connectionName, false));
    if (!last.exec(SqlDialect::lastInsertedId(m_statements->backend())) || !last.next()) {
        *error = Schema::Failure::fromSql(last.lastError());
        return false;
    }
    *id = last.value(0).toLongLong();
    return true;
}

bool DatabaseWriter::upsertEvents(const QList<EventRecord> &events, Schema::Failure *error)
{
    return executeBulk(
        *m_statements, WriterTables::events(), BulkStatementCache::Form::Insert, events, m_batchTime, error);
}

bool DatabaseWriter::lastMarketRowid(qint64 *rowid, Schema::Failure *error)
{
    QSqlQuery *query = m_statements->plain(BulkStatementCache::Form::LastMarketRowid,
        SqlDialect::largestMarketId(m_statements->backend()), error);
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
    // PostgreSQL's upsert sets the indexed columns itself (SqlDialect::guardsIndexedColumns).
    if (!SqlDialect::guardsIndexedColumns(m_statements->backend()))
        return upsertMarketRows(markets, error);
    if (SqlDialect::idGrowthCountsInserts(m_statements->backend())) {
        qint64 rowidBefore = 0;
        qint64 rowidAfter = 0;
        if (!lastMarketRowid(&rowidBefore, error) || !upsertMarketRows(markets, error)
            || !lastMarketRowid(&rowidAfter, error))
            return false;
        if (rowidAfter - rowidBefore == markets.size())
            return true;
    } else if (!upsertMarketRows(markets, error)) {
        return false;
    }
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
    // One guarded update per guard group: each rewrites only its own columns' indexes, and only for
    // the markets where one of its columns changed.
    for (int group = 0; group < WriterTables::markets().statement().guardGroups(); ++group) {
        if (!executeBulk(*m_statements, WriterTables::markets(), BulkStatementCache::Form::GuardedUpdate,
                latest, m_batchTime, error, nullptr, -1, group))
            return false;
    }
    return true;
}

bool DatabaseWriter::upsertMarketRows(const QList<MarketRecord> &markets, Schema::Failure *error)
{
    return executeBulk(*m_statements, WriterTables::markets(), BulkStatementCache::Form::Insert, markets,
        m_batchTime, error);
}

bool DatabaseWriter::upsertSettlements(const QList<SettlementRecord> &settlements, Schema::Failure *error)
{
    return executeBulk(*m_statements, WriterTables::settlements(), BulkStatementCache::Form::Insert,
        settlements, m_batchTime, error);
}

bool DatabaseWriter::registerSnapshotTimes(const WriteBatch &batch, Schema::Failure *error)
{
    QList<SnapshotTimeRecord> times;
    QSet<qint64> seen;
    for (const SnapshotRecord &snapshot : batch.snapshots) {
        if (!seen.contains(snapshot.snapshotTime)) {
            seen.insert(snapshot.snapshotTime);
            times.append({snapshot.snapshotTime, batch.snapshotScope});
        }
    }
    // The schema's order check (an AFTER INSERT trigger) must see the times inserted before each one
    // only: PostgreSQL fires it at the end of the statement, when the later times of the same
    // statement are there too (a time followed by a newer one would get a scope of its own).
    if (!SqlDialect::afterRowTriggersSeeLaterRows(m_statements->backend()) || times.size() < 2)
        return executeBulk(*m_statements, WriterTables::snapshotTimes(), BulkStatementCache::Form::Insert,
            times, m_batchTime, error);
    for (const SnapshotTimeRecord &time : std::as_const(times)) {
        if (!executeBulk(*m_statements, WriterTables::snapshotTimes(), BulkStatementCache::Form::Insert,
                {time}, m_batchTime, error))
            return false;
    }
    return true;
}

bool DatabaseWriter::insertSnapshots(const QList<SnapshotRecord> &snapshots, Schema::Failure *error)
{
    // SQLite counts what the view's trigger stored only in total_changes() (the runs it started or
    // extended, one per market and time stored; the times were registered before); PostgreSQL in the
    // statement's own count (the rows whose INSTEAD OF trigger returned NEW). SqlDialect says which.
    const QString changes = SqlDialect::triggerChanges(m_statements->backend());
    const auto totalChanges = [this, &changes](qint64 *count, Schema::Failure *failure) {
        if (changes.isEmpty())
            return true;
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        if (!query.exec(changes) || !query.next()) {
            *failure = Schema::Failure::fromSql(query.lastError());
            return false;
        }
        *count = query.value(0).toLongLong();
        return true;
    };
    // PostgreSQL's set-based snapshot statement reads the runs without a trigger: the lock first,
    // in a statement of its own, so that the next one's snapshot sees the previous holder's commit.
    const QString lock = SqlDialect::snapshotWriteLock(m_statements->backend());
    if (!lock.isEmpty() && !snapshots.isEmpty()) {
        QSqlQuery *query = m_statements->plain(BulkStatementCache::Form::SnapshotWriteLock, lock, error);
        if (!query)
            return false;
        const bool locked = query->exec();
        if (!locked)
            *error = Schema::Failure::fromSql(query->lastError());
        query->finish();
        if (!locked)
            return false;
    }
    qint64 before = 0;
    qint64 after = 0;
    qint64 stored = 0;
    if (!totalChanges(&before, error) || !insertSnapshotRows(snapshots, &stored, error)
        || !totalChanges(&after, error))
        return false;
    m_snapshotsStored = int(changes.isEmpty() ? stored : after - before);
    return true;
}

bool DatabaseWriter::insertSnapshotRows(
    const QList<SnapshotRecord> &snapshots, qint64 *stored, Schema::Failure *error)
{
    const SqlDialect::Backend backend = m_statements->backend();
    const TableDescription<SnapshotRecord> &table = WriterTables::snapshots();
    // SQLite: the rows of markets listed once go past the view's trigger into snapshot_states, in
    // set-based statements (SqlDialect::viewInsertFromValues; the times were registered by
    // registerSnapshotTimes). A market listed twice (at one time or two) goes through the view, whose
    // trigger decides row by row in listing order; a market's runs depend on no other market's, so
    // the two groups do not interact. Ticker is unique in markets, so distinct tickers are distinct
    // markets; an unknown one fails the set-based statement on NOT NULL, as the trigger would.
    if (!SqlDialect::bindsColumnArrays(backend)) {
        if (table.statement().insertPastTrigger(1, backend).isEmpty())
            return executeBulk(*m_statements, table, BulkStatementCache::Form::Insert, snapshots, m_batchTime,
                error, stored);
        QHash<QString, int> listings;
        listings.reserve(snapshots.size());
        for (const SnapshotRecord &snapshot : snapshots)
            ++listings[snapshot.ticker];
        QList<SnapshotRecord> once;
        QList<SnapshotRecord> repeated;
        if (listings.size() == snapshots.size()) {
            once = snapshots;
        } else {
            for (const SnapshotRecord &snapshot : snapshots)
                (listings.value(snapshot.ticker) == 1 ? once : repeated).append(snapshot);
        }
        qint64 storedRepeated = 0;
        if (!executeBulk(*m_statements, table, BulkStatementCache::Form::InsertPastTrigger, once, m_batchTime,
                error, stored)
            || !executeBulk(*m_statements, table, BulkStatementCache::Form::Insert, repeated, m_batchTime,
                error, &storedRepeated))
            return false;
        *stored += storedRepeated;
        return true;
    }
    // With every market listed once the first of PostgreSQL's statements stores every row (the times
    // were registered by registerSnapshotTimes); ticker is unique in markets, so distinct tickers are
    // distinct markets (an unknown one fails the first statement).
    int statements = -1;
    const int forDistinct = SqlDialect::snapshotStatementsForDistinctMarkets(backend);
    if (forDistinct > 0) {
        QSet<QString> tickers;
        tickers.reserve(snapshots.size());
        for (const SnapshotRecord &snapshot : snapshots)
            tickers.insert(snapshot.ticker);
        if (tickers.size() == snapshots.size())
            statements = forDistinct;
    }
    return executeBulk(*m_statements, table, BulkStatementCache::Form::Insert, snapshots, m_batchTime, error,
        stored, statements);
}

bool DatabaseWriter::recordFirings(QList<AlertFiring> *firings, Schema::Failure *error)
{
    if (firings->isEmpty())
        return true;
    QList<AlertFiring> recorded;
    for (AlertFiring &firing : *firings) {
        firing.firedAt = m_batchTime;
        qint64 inserted = 0;
        if (!executeBulk(*m_statements, WriterTables::alertEvents(), BulkStatementCache::Form::Insert,
                {firing}, m_batchTime, error, &inserted))
            return false;
        if (inserted == 1) {
            if (!lastInsertedId(&firing.id, error))
                return false;
            recorded.append(firing);
        }
    }
    *firings = recorded;
    return true;
}

void DatabaseWriter::changeWatchlist(quint64 token, const QStringList &add, const QStringList &remove)
{
    Q_ASSERT(QThread::currentThread() == thread());
    QString error;
    int changed = 0;
    int attempts = 0;
    if (!m_open) {
        error = QStringLiteral("the database is not open");
    } else {
        m_batchTime = QDateTime::currentSecsSinceEpoch();
        const bool ok = runTransaction(
            [&](Schema::Failure *failure) {
                changed = 0;
                for (const QString &ticker : add) {
                    qint64 inserted = 0;
                    if (!executeBulk(*m_statements, WriterTables::watchlist(),
                            BulkStatementCache::Form::Insert, {WatchlistEntry{ticker}}, m_batchTime, failure,
                            &inserted))
                        return false;
                    changed += int(inserted);
                }
                QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
                if (!query.prepare(QStringLiteral("DELETE FROM watchlist WHERE ticker = ?"))) {
                    *failure = Schema::Failure::fromSql(query.lastError());
                    return false;
                }
                for (const QString &ticker : remove) {
                    query.addBindValue(ticker);
                    if (!query.exec()) {
                        *failure = Schema::Failure::fromSql(query.lastError());
                        return false;
                    }
                    changed += query.numRowsAffected();
                }
                return true;
            },
            &attempts, &error);
        if (ok)
            error.clear();
    }
    Q_EMIT watchlistChanged(token, changed, error);
}

void DatabaseWriter::addAlertRule(quint64 token, const AlertRule &rule)
{
    Q_ASSERT(QThread::currentThread() == thread());
    QString error;
    qint64 id = 0;
    int attempts = 0;
    if (!m_open) {
        error = QStringLiteral("the database is not open");
    } else {
        m_batchTime = QDateTime::currentSecsSinceEpoch();
        AlertRule stored = rule;
        stored.id.reset();
        const bool ok = runTransaction(
            [&](Schema::Failure *failure) {
                if (!executeBulk(*m_statements, WriterTables::alertRules(), BulkStatementCache::Form::Insert,
                        {stored}, m_batchTime, failure))
                    return false;
                return lastInsertedId(&id, failure);
            },
            &attempts, &error);
        if (ok)
            error.clear();
        else
            id = 0;
        m_alerts->rulesChanged();
    }
    Q_EMIT alertRuleAdded(token, id, error);
}

void DatabaseWriter::removeAlertRule(quint64 token, qint64 ruleId)
{
    Q_ASSERT(QThread::currentThread() == thread());
    QString error;
    bool found = false;
    int attempts = 0;
    if (!m_open) {
        error = QStringLiteral("the database is not open");
    } else {
        const bool ok = runTransaction(
            [&](Schema::Failure *failure) {
                // The row stays, so that its firings keep their rule.
                QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
                if (!query.prepare(QStringLiteral(
                        "UPDATE alert_rules SET removed_at = ? WHERE id = ? AND removed_at IS NULL"))) {
                    *failure = Schema::Failure::fromSql(query.lastError());
                    return false;
                }
                query.addBindValue(QDateTime::currentSecsSinceEpoch());
                query.addBindValue(ruleId);
                if (!query.exec()) {
                    *failure = Schema::Failure::fromSql(query.lastError());
                    return false;
                }
                found = query.numRowsAffected() == 1;
                return true;
            },
            &attempts, &error);
        if (ok)
            error.clear();
        m_alerts->rulesChanged();
    }
    Q_EMIT alertRuleRemoved(token, found, error);
}

void DatabaseWriter::prune(quint64 token, const PruneRequest &request)
{
    Q_ASSERT(QThread::currentThread() == thread());
    PruneResult refused;
    refused.request = request;
    refused.finished = true;
    if (!m_open || m_pruner) {
        refused.error = !m_open ? QStringLiteral("the database is not open")
                                : QStringLiteral("a prune is running already");
        Q_EMIT pruned(token, refused);
        return;
    }
    m_alerts->forgetHistory();
    m_pruner = std::make_unique<SnapshotPruner>(m_connectionName, request);
    m_pruneToken = token;
    m_pruneStopRequested = false;
    m_pruneTimer.start();
    int attempts = 0;
    QString error;
    if (!runTransaction([this](Schema::Failure *failure) { return m_pruner->prepare(failure); }, &attempts,
            &error, TransactionKind::Read)) {
        finishPrune(error);
        return;
    }
    continuePrune();
}

void DatabaseWriter::stopPrune()
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_pruneStopRequested = true;
}

void DatabaseWriter::continuePrune()
{
    if (!m_pruner)
        return;
    if (m_pruneStopRequested) {
        finishPrune(QStringLiteral("stopped before the prune finished"));
        return;
    }
    m_alerts->forgetHistory();
    int attempts = 0;
    QString error;
    const bool dryRun = m_pruner->result().request.dryRun;
    // From the moment the lock is held (the body runs right after BEGIN IMMEDIATE) to the commit.
    QElapsedTimer held;
    const auto batch = [this, &held](Schema::Failure *failure) {
        held.start();
        return m_pruner->runBatch(failure);
    };
    if (!runTransaction(batch, &attempts, &error, dryRun ? TransactionKind::Read : TransactionKind::Write)) {
        finishPrune(error);
        return;
    }
    m_pruner->batchCommitted();
    m_pruner->result().longestBatchMs = qMax(m_pruner->result().longestBatchMs, held.elapsed());
    if (m_pruner->isDone()) {
        finishPrune(QString());
        return;
    }
    m_pruner->result().elapsedMs = m_pruneTimer.elapsed();
    Q_EMIT pruneProgress(m_pruneToken, m_pruner->result());
    // A dry run only reads, which never keeps another writer waiting in WAL mode.
    QTimer::singleShot(dryRun ? 0 : m_pruner->result().request.pauseMs, this, &DatabaseWriter::continuePrune);
}

void DatabaseWriter::finishPrune(const QString &error)
{
    PruneResult result = m_pruner->result();
    m_pruner.reset();
    result.finished = true;
    result.ok = error.isEmpty();
    result.error = error;
    result.elapsedMs = m_pruneTimer.elapsed();
    Q_EMIT pruned(m_pruneToken, result);
}

#include "storage/databasecopy.h"

#include "storage/databaselocation.h"
#include "storage/schema.h"
#include "storage/sqldialect.h"
#include "storage/tablestatement.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <atomic>

namespace {

using Backend = SqlDialect::Backend;

const QString progressTable = QStringLiteral("km_copy_progress");
// Large enough that a copy of a realistic file is limited by the rows, small enough that a statement
// stays below SQLite's 32766 host parameters and the text of PostgreSQL's EXECUTE stays small.
constexpr int maxRowsPerStatement = 256;
constexpr int maxValuesPerStatement = 8000;
constexpr qint64 busyDeadlineMs = 30000;
// A prime above every small integer, so that the sum of residues of a million values stays far from
// overflow and a changed value changes the sum.
constexpr qint64 checksumModulus = 1000003;

// The copy is a command-line tool's work; its words are English like the rest of the CLI's.
QString words(const char *text)
{
    return QString::fromUtf8(text);
}

QString identity(const QString &location)
{
    if (DatabaseLocation::isServerUrl(location))
        return Schema::displayName(location);
    const QFileInfo info(location);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

bool exec(QSqlQuery &query, const QString &sql, Schema::Failure *failure)
{
    if (query.exec(sql))
        return true;
    *failure = Schema::Failure::fromSql(query.lastError(), QStringLiteral(" (in: ") + sql.left(100) + u')');
    return false;
}

bool execPrepared(QSqlQuery &query, Schema::Failure *failure)
{
    if (query.exec())
        return true;
    *failure = Schema::Failure::fromSql(
        query.lastError(), QStringLiteral(" (in: ") + query.lastQuery().left(100) + u')');
    return false;
}

// The first column of every row of `sql`.
bool readColumn(const QSqlDatabase &db, const QString &sql, QStringList *values, Schema::Failure *failure)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!exec(query, sql, failure))
        return false;
    while (query.next())
        values->append(query.value(0).toString());
    return true;
}

QString openFailureText(const QString &which, const QString &message)
{
    return which + QStringLiteral(": ") + message;
}

} // namespace

struct DatabaseCopy::Table
{
    QString name;
    QStringList columns;
    QList<bool> integer; // per column: INTEGER / BIGINT, else TEXT
    QList<int> key; // indexes into columns, in primary key order
    QStringList serialColumns; // target columns whose default draws from a sequence
    QStringList references;
};

DatabaseCopy::DatabaseCopy(QString from, QString to)
    : m_from(std::move(from))
    , m_to(std::move(to))
{
    static std::atomic<int> counter{0};
    const int n = ++counter;
    m_sourceConnection = QStringLiteral("km-copy-source-%1").arg(n);
    m_targetConnection = QStringLiteral("km-copy-target-%1").arg(n);
    m_sourceId = identity(m_from);
}

bool DatabaseCopy::sameDatabase(const QString &a, const QString &b)
{
    const bool serverA = DatabaseLocation::isServerUrl(a);
    if (serverA != DatabaseLocation::isServerUrl(b))
        return false;
    if (!serverA)
        return identity(a) == identity(b);
    QString error;
    const DatabaseLocation x = DatabaseLocation::parse(a, &error);
    const DatabaseLocation y = DatabaseLocation::parse(b, &error);
    const auto port = [](const DatabaseLocation &l) { return l.port() > 0 ? l.port() : 5432; };
    return x.isValid() && y.isValid() && x.host() == y.host() && port(x) == port(y)
        && x.databaseName() == y.databaseName();
}

qint64 DatabaseCopy::rowsCopied() const
{
    qint64 rows = 0;
    for (const TableResult &table : m_tables)
        rows += table.rowsCopied;
    return rows;
}

DatabaseCopy::Outcome DatabaseCopy::run()
{
    QElapsedTimer clock;
    clock.start();
    m_tables.clear();
    m_error.clear();
    m_resumed = false;
    const Outcome outcome = copyAll();
    Schema::closeConnection(m_sourceConnection);
    Schema::closeConnection(m_targetConnection);
    m_seconds = double(clock.nsecsElapsed()) / 1e9;
    return outcome;
}

bool DatabaseCopy::openBoth(Outcome *outcome)
{
    *outcome = Outcome::Refused;
    for (const QString *location : {&m_from, &m_to}) {
        if (const QString problem = Schema::checkDatabaseFile(*location); !problem.isEmpty()) {
            m_error = problem;
            return false;
        }
    }
    if (sameDatabase(m_from, m_to)) {
        m_error
            = words("the source and the target are the same database (%1)").arg(Schema::displayName(m_from));
        return false;
    }
    // The source first: a refused source leaves no target file behind. Its own messages name the
    // location; the Schema's refusals (missing, not ours, newer or older schema) come without a
    // database error code, the rest (a server that cannot be reached) with one.
    Schema::ConnectionOptions reading;
    reading.access = Schema::Access::ReadOnly;
    Schema::Failure failure;
    if (!Schema::openConnection(m_sourceConnection, m_from, reading, &failure)) {
        m_error = openFailureText(words("source"), failure.message);
        return false;
    }
    Schema::ConnectionOptions writing;
    if (!Schema::openConnection(m_targetConnection, m_to, writing, &failure)) {
        m_error = openFailureText(words("target"), failure.message);
        if (failure.sqliteCode != 0 || !failure.sqlState.isEmpty())
            *outcome = Outcome::Failed;
        return false;
    }
    return true;
}

bool DatabaseCopy::readTables(QList<Table> *tables)
{
    const QSqlDatabase source = QSqlDatabase::database(m_sourceConnection, false);
    const QSqlDatabase target = QSqlDatabase::database(m_targetConnection, false);
    const Backend sourceBackend = SqlDialect::of(source);
    const Backend targetBackend = SqlDialect::of(target);
    Schema::Failure failure;
    QStringList names;
    QStringList sourceNames;
    if (!readColumn(target, SqlDialect::baseTables(targetBackend), &names, &failure)
        || !readColumn(source, SqlDialect::baseTables(sourceBackend), &sourceNames, &failure)) {
        m_error = failure.message;
        return false;
    }
    names.removeAll(SqlDialect::postgresVersionTable());
    names.removeAll(progressTable);
    QList<Table> unordered;
    for (const QString &name : std::as_const(names)) {
        Table table;
        table.name = name;
        if (!sourceNames.contains(name)) {
            m_error = words("the source has no table %1").arg(name);
            return false;
        }
        QSqlQuery columns(target);
        columns.setForwardOnly(true);
        if (!exec(columns, SqlDialect::tableColumns(targetBackend, name), &failure)) {
            m_error = failure.message;
            return false;
        }
        // Rows like PRAGMA table_info's, read by column name (SQLite's start with cid).
        while (columns.next()) {
            const QString column = columns.value(QStringLiteral("name")).toString();
            const QString type = columns.value(QStringLiteral("type")).toString().toUpper();
            if (!type.contains(QLatin1String("INT")) && !type.contains(QLatin1String("TEXT"))) {
                m_error = words("%1.%2 has the type %3, which copy does not know").arg(name, column, type);
                return false;
            }
            table.columns.append(column);
            table.integer.append(type.contains(QLatin1String("INT")));
            if (columns.value(QStringLiteral("dflt_value")).toString().startsWith(QLatin1String("nextval(")))
                table.serialColumns.append(column);
        }
        columns.finish();
        QStringList sourceColumns;
        QSqlQuery sourceQuery(source);
        sourceQuery.setForwardOnly(true);
        if (!exec(sourceQuery, SqlDialect::tableColumns(sourceBackend, name), &failure)) {
            m_error = failure.message;
            return false;
        }
        while (sourceQuery.next())
            sourceColumns.append(sourceQuery.value(QStringLiteral("name")).toString());
        sourceQuery.finish();
        QStringList key;
        if (!readColumn(target, SqlDialect::primaryKeyColumns(targetBackend, name), &key, &failure)
            || !readColumn(
                target, SqlDialect::referencedTables(targetBackend, name), &table.references, &failure)) {
            m_error = failure.message;
            return false;
        }
        for (const QString &column : std::as_const(table.columns)) {
            if (!sourceColumns.contains(column)) {
                m_error = words("the source's table %1 has no column %2").arg(name, column);
                return false;
            }
        }
        if (key.isEmpty()) {
            m_error = words("the table %1 has no primary key to copy it by").arg(name);
            return false;
        }
        for (const QString &column : std::as_const(key))
            table.key.append(int(table.columns.indexOf(column)));
        unordered.append(table);
    }
    // Parents first: the target checks foreign keys as the rows arrive.
    QStringList placed;
    while (!unordered.isEmpty()) {
        qsizetype next = -1;
        for (qsizetype i = 0; i < unordered.size() && next < 0; ++i) {
            bool ready = true;
            for (const QString &parent : std::as_const(unordered.at(i).references))
                ready = ready
                    && (parent == unordered.at(i).name || placed.contains(parent) || !names.contains(parent));
            if (ready)
                next = i;
        }
        if (next < 0) {
            m_error = words("the tables' foreign keys form a cycle; copy cannot order them");
            return false;
        }
        placed.append(unordered.at(next).name);
        tables->append(unordered.takeAt(next));
    }
    return true;
}

// A target with rows is only written when a copy from this same source put them there (an
// interrupted or an earlier finished run); anything else would mix two collections, whose market
// ids name different markets.
bool DatabaseCopy::checkTargetIsOurs(const QList<Table> &tables, Outcome *outcome)
{
    *outcome = Outcome::Failed;
    const QSqlDatabase target = QSqlDatabase::database(m_targetConnection, false);
    Schema::Failure failure;
    QStringList names;
    if (!readColumn(target, SqlDialect::baseTables(SqlDialect::of(target)), &names, &failure)) {
        m_error = failure.message;
        return false;
    }
    QSqlQuery query(target);
    query.setForwardOnly(true);
    if (names.contains(progressTable)) {
        query.prepare(
            QStringLiteral("SELECT count(*), coalesce(sum(done), 0) FROM km_copy_progress WHERE source = ?"));
        query.addBindValue(m_sourceId);
        if (!execPrepared(query, &failure) || !query.next()) {
            m_error = failure.message;
            return false;
        }
        const qint64 entries = query.value(0).toLongLong();
        const qint64 done = query.value(1).toLongLong();
        query.finish();
        if (entries > 0) {
            // Every table finished: this run copies everything again (upserts), e.g. to bring the
            // target up to date with what the source collected since.
            m_resumed = done < tables.size();
            if (!m_resumed) {
                query.prepare(QStringLiteral("DELETE FROM km_copy_progress WHERE source = ?"));
                query.addBindValue(m_sourceId);
                if (!execPrepared(query, &failure)) {
                    m_error = failure.message;
                    return false;
                }
            }
            return true;
        }
    }
    for (const Table &table : tables) {
        if (!exec(query,
                QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM %1 LIMIT 1) AS t").arg(table.name),
                &failure)
            || !query.next()) {
            m_error = failure.message;
            return false;
        }
        const bool hasRows = query.value(0).toLongLong() > 0;
        query.finish();
        if (hasRows) {
            *outcome = Outcome::Refused;
            m_error
                = words("the target %1 already holds data (table %2) that no copy from %3 put there; copy "
                        "into a new, empty database (a new file, or a new PostgreSQL database), since two "
                        "collections cannot be merged: their market ids differ")
                      .arg(Schema::displayName(m_to), table.name, Schema::displayName(m_from));
            return false;
        }
    }
    // Kept beside the schema, not in it: it belongs to copies, and copies leave it out.
    if (!exec(query,
            QStringLiteral("CREATE TABLE IF NOT EXISTS km_copy_progress (source TEXT NOT NULL, "
                           "table_name TEXT NOT NULL, last_key TEXT, rows_copied BIGINT NOT NULL, "
                           "done BIGINT NOT NULL, PRIMARY KEY (source, table_name))"),
            &failure)) {
        m_error = failure.message;
        return false;
    }
    return true;
}

DatabaseCopy::Outcome DatabaseCopy::copyAll()
{
    Outcome outcome = Outcome::Refused;
    if (!openBoth(&outcome))
        return outcome;
    QList<Table> tables;
    if (!readTables(&tables))
        return Outcome::Failed;
    if (!checkTargetIsOurs(tables, &outcome))
        return outcome;
    // One snapshot of the source for the copy and its verification: a collector may go on writing
    // the source meanwhile (on SQLite its WAL then grows until the copy ends).
    QSqlDatabase source = QSqlDatabase::database(m_sourceConnection, false);
    QSqlQuery begin(source);
    Schema::Failure failure;
    if (!exec(begin, SqlDialect::beginSnapshotRead(SqlDialect::of(source)), &failure)) {
        m_error = failure.message;
        return Outcome::Failed;
    }
    bool ok = true;
    for (const Table &table : std::as_const(tables)) {
        TableResult result;
        result.table = table.name;
        ok = copyTable(table, &result);
        m_tables.append(result);
        if (!ok)
            break;
    }
    ok = ok && advanceSequences(tables);
    bool verified = ok;
    for (qsizetype i = 0; ok && i < tables.size(); ++i) {
        ok = verifyTable(tables.at(i), &m_tables[i]);
        verified = verified && m_tables.at(i).verified;
    }
    begin.exec(QStringLiteral("ROLLBACK"));
    if (!ok)
        return Outcome::Failed;
    if (!verified) {
        for (const TableResult &result : std::as_const(m_tables)) {
            if (!result.verified) {
                // Typically rows the source gained or lost between an interrupted run and the one
                // that finished it; every table is marked done, so the next run copies all again.
                m_error = words("the copy differs from the source in %1: %2 (if the source changed "
                                "since an interrupted run, run the copy again: it then copies everything)")
                              .arg(result.table, result.difference);
                break;
            }
        }
        return Outcome::Mismatch;
    }
    return Outcome::Copied;
}

namespace {

// Runs `work` in one writing transaction of `db`, again from the start while the database is busy
// (another writer holds the lock), until busyDeadlineMs passed.
bool inWriteTransaction(
    QSqlDatabase &db, const std::function<bool(Schema::Failure *)> &work, Schema::Failure *failure)
{
    QElapsedTimer waited;
    waited.start();
    for (int attempt = 0;; ++attempt) {
        QSqlQuery begin(db);
        if (exec(begin, SqlDialect::beginWrite(SqlDialect::of(db)), failure)) {
            if (work(failure)) {
                if (db.commit())
                    return true;
                *failure = Schema::Failure::fromSql(db.lastError(), QStringLiteral(" (in: COMMIT)"));
            }
            db.rollback();
        }
        if (!failure->busy() || waited.elapsed() > busyDeadlineMs)
            return false;
        QThread::msleep(std::min<unsigned long>(1000, 20ul << std::min(attempt, 5)));
    }
}

QString keyText(const QVariantList &key)
{
    QJsonArray values;
    for (const QVariant &value : key)
        values.append(value.toString());
    return QString::fromUtf8(QJsonDocument(values).toJson(QJsonDocument::Compact));
}

} // namespace

bool DatabaseCopy::copyTable(const Table &table, TableResult *result)
{
    QElapsedTimer clock;
    clock.start();
    QSqlDatabase source = QSqlDatabase::database(m_sourceConnection, false);
    QSqlDatabase target = QSqlDatabase::database(m_targetConnection, false);
    const Backend sourceBackend = SqlDialect::of(source);
    const Backend targetBackend = SqlDialect::of(target);
    Schema::Failure failure;
    const auto failed = [&] {
        m_error = words("copying %1: %2").arg(table.name, failure.message);
        return false;
    };

    // Where an earlier run of this copy stopped.
    QVariantList lastKey;
    bool done = false;
    {
        QSqlQuery progress(target);
        progress.setForwardOnly(true);
        progress.prepare(QStringLiteral(
            "SELECT last_key, rows_copied, done FROM km_copy_progress WHERE source = ? AND table_name = ?"));
        progress.addBindValue(m_sourceId);
        progress.addBindValue(table.name);
        if (!execPrepared(progress, &failure))
            return failed();
        if (progress.next()) {
            const QJsonArray values = QJsonDocument::fromJson(progress.value(0).toString().toUtf8()).array();
            for (qsizetype i = 0; i < values.size() && i < table.key.size(); ++i) {
                const QString text = values.at(i).toString();
                lastKey.append(
                    table.integer.at(table.key.at(i)) ? QVariant(text.toLongLong()) : QVariant(text));
            }
            result->rowsSkipped = progress.value(1).toLongLong();
            done = progress.value(2).toLongLong() != 0;
        }
    }
    {
        QSqlQuery count(source);
        if (!exec(count, QStringLiteral("SELECT count(*) FROM ") + table.name, &failure) || !count.next())
            return failed();
        result->sourceRows = count.value(0).toLongLong();
    }

    QStringList keyNames;
    QStringList keyValues;
    for (const int index : table.key) {
        keyNames.append(table.columns.at(index));
        keyValues.append(SqlDialect::boundValue(sourceBackend,
            table.integer.at(index) ? QStringLiteral("?") : QStringLiteral("CAST(? AS TEXT)")));
    }
    const QString select = u"SELECT " + table.columns.join(QStringLiteral(", ")) + u" FROM " + table.name;
    const QString order
        = u" ORDER BY " + keyNames.join(QStringLiteral(", ")) + QStringLiteral(" LIMIT %1").arg(m_batchRows);
    const QString after = u" WHERE (" + keyNames.join(QStringLiteral(", ")) + u") > ("
        + keyValues.join(QStringLiteral(", ")) + u')';

    QList<TableStatement::Column> columns;
    for (qsizetype i = 0; i < table.columns.size(); ++i) {
        columns.append({table.columns.at(i),
            table.integer.at(i) ? QStringLiteral("?") : QStringLiteral("CAST(? AS TEXT)"),
            table.key.contains(int(i)) ? TableStatement::Role::Key : TableStatement::Role::Updated});
    }
    const TableStatement statement(table.name,
        columns.size() > table.key.size() ? TableStatement::OnConflict::Update
                                          : TableStatement::OnConflict::Ignore,
        columns);
    const int width = int(table.columns.size());
    // snapshot_times' AFTER INSERT trigger moves a time below the newest of its scope into a scope
    // of its own. PostgreSQL runs it at the end of the statement, when every row of a multi-row
    // insert is in: all but the newest time of a batch would move. One row per statement there, in
    // key (time) order, keeps every copied scope as it is (the table has one row per snapshot time).
    const bool triggerReadsLaterRows = table.name == QLatin1String("snapshot_times")
        && SqlDialect::afterRowTriggersSeeLaterRows(targetBackend);
    const int rowsPerStatement
        = triggerReadsLaterRows ? 1 : qBound(1, maxValuesPerStatement / width, maxRowsPerStatement);
    QSqlQuery fullInsert(target);
    if (!fullInsert.prepare(statement.insert(rowsPerStatement, targetBackend))) {
        failure = Schema::Failure::fromSql(fullInsert.lastError());
        return failed();
    }
    QSqlQuery saveProgress(target);
    if (!saveProgress.prepare(
            QStringLiteral("INSERT INTO km_copy_progress(source, table_name, last_key, rows_copied, done) "
                           "VALUES (?, ?, ?, ?, ?) "
                           "ON CONFLICT(source, table_name) DO UPDATE SET last_key = excluded.last_key, "
                           "rows_copied = excluded.rows_copied, done = excluded.done"))) {
        failure = Schema::Failure::fromSql(saveProgress.lastError());
        return failed();
    }
    const auto storeProgress
        = [&](const QVariantList &key, qint64 rows, bool finished, Schema::Failure *error) {
              saveProgress.addBindValue(m_sourceId);
              saveProgress.addBindValue(table.name);
              saveProgress.addBindValue(key.isEmpty() ? QVariant() : QVariant(keyText(key)));
              saveProgress.addBindValue(rows);
              saveProgress.addBindValue(finished ? 1 : 0);
              return execPrepared(saveProgress, error);
          };

    QSqlQuery read(source);
    read.setForwardOnly(true);
    QVariantList values;
    values.reserve(m_batchRows * width);
    qint64 copied = 0;
    qint64 lastReport = -1;
    while (!done) {
        values.clear();
        if (!read.prepare(select + (lastKey.isEmpty() ? QString() : after) + order)) {
            failure = Schema::Failure::fromSql(read.lastError());
            return failed();
        }
        for (const QVariant &value : std::as_const(lastKey))
            read.addBindValue(value);
        if (!execPrepared(read, &failure))
            return failed();
        while (read.next()) {
            for (int c = 0; c < width; ++c)
                values.append(read.value(c));
        }
        if (read.lastError().isValid()) {
            failure = Schema::Failure::fromSql(read.lastError());
            return failed();
        }
        read.finish();
        const int rows = int(values.size() / width);
        if (rows == 0)
            break;
        QVariantList key;
        for (const int index : table.key)
            key.append(values.at((rows - 1) * width + index));
        const bool last = rows < m_batchRows;
        const bool written = inWriteTransaction(
            target,
            [&](Schema::Failure *error) {
                int row = 0;
                while (row < rows) {
                    const int n = std::min(rowsPerStatement, rows - row);
                    QSqlQuery tail(target);
                    QSqlQuery &insert = n == rowsPerStatement ? fullInsert : tail;
                    if (n != rowsPerStatement && !insert.prepare(statement.insert(n, targetBackend))) {
                        *error = Schema::Failure::fromSql(insert.lastError());
                        return false;
                    }
                    for (qsizetype v = qsizetype(row) * width; v < qsizetype(row + n) * width; ++v)
                        insert.addBindValue(values.at(v));
                    if (!execPrepared(insert, error))
                        return false;
                    row += n;
                }
                return storeProgress(key, result->rowsSkipped + copied + rows, last, error);
            },
            &failure);
        if (!written)
            return failed();
        copied += rows;
        lastKey = key;
        done = last;
        const qint64 elapsed = clock.elapsed();
        if (m_progress && !last && (lastReport < 0 || elapsed - lastReport >= 500)) {
            lastReport = elapsed;
            m_progress({table.name, result->rowsSkipped + copied, result->sourceRows,
                elapsed > 0 ? double(copied) * 1000.0 / double(elapsed) : 0.0});
        }
    }
    if (!done) {
        // An empty table, or the last batch ended exactly on the batch size.
        const bool marked = inWriteTransaction(
            target,
            [&](Schema::Failure *error) { return storeProgress(lastKey, result->rowsSkipped, true, error); },
            &failure);
        if (!marked)
            return failed();
    }
    result->rowsCopied = copied;
    result->seconds = double(clock.nsecsElapsed()) / 1e9;
    if (m_progress)
        m_progress({table.name, result->rowsSkipped + copied, result->sourceRows,
            result->seconds > 0 ? double(copied) / result->seconds : 0.0});
    return true;
}

bool DatabaseCopy::advanceSequences(const QList<Table> &tables)
{
    QSqlDatabase target = QSqlDatabase::database(m_targetConnection, false);
    QSqlQuery query(target);
    Schema::Failure failure;
    for (const Table &table : tables) {
        for (const QString &column : table.serialColumns) {
            const QString sql = SqlDialect::advanceSequence(SqlDialect::of(target), table.name, column);
            if (!sql.isEmpty() && !exec(query, sql, &failure)) {
                m_error = words("moving the id sequence of %1 past the copied ids: %2")
                              .arg(table.name, failure.message);
                return false;
            }
            query.finish();
        }
    }
    return true;
}

bool DatabaseCopy::verifyTable(const Table &table, TableResult *result)
{
    QStringList figures{QStringLiteral("count(*)")};
    QStringList names{words("rows")};
    for (qsizetype i = 0; i < table.columns.size(); ++i) {
        const QString &column = table.columns.at(i);
        figures << QStringLiteral("count(%1)").arg(column)
                << (table.integer.at(i)
                           ? u"CAST(coalesce(sum(" + column + u" % " + QString::number(checksumModulus)
                               + u"), 0) AS BIGINT)"
                           : QStringLiteral("CAST(coalesce(sum(length(%1)), 0) AS BIGINT)").arg(column));
        names << words("values of %1").arg(column)
              << (table.integer.at(i) ? words("sum of %1 modulo %2").arg(column).arg(checksumModulus)
                                      : words("total length of %1").arg(column));
    }
    const QString sql = u"SELECT " + figures.join(QStringLiteral(", ")) + u" FROM " + table.name;
    QList<qint64> sides[2];
    const QString connections[2] = {m_sourceConnection, m_targetConnection};
    for (int side = 0; side < 2; ++side) {
        QSqlQuery query(QSqlDatabase::database(connections[side], false));
        query.setForwardOnly(true);
        Schema::Failure failure;
        if (!exec(query, sql, &failure) || !query.next()) {
            m_error = words("verifying %1: %2").arg(table.name, failure.message);
            return false;
        }
        for (qsizetype i = 0; i < figures.size(); ++i)
            sides[side].append(query.value(int(i)).toLongLong());
    }
    result->sourceRows = sides[0].value(0);
    result->targetRows = sides[1].value(0);
    result->verified = sides[0] == sides[1];
    for (qsizetype i = 0; i < figures.size() && !result->verified && result->difference.isEmpty(); ++i) {
        if (sides[0].at(i) != sides[1].at(i))
            result->difference = words("%1: %2 in the source, %3 in the target")
                                     .arg(names.at(i))
                                     .arg(sides[0].at(i))
                                     .arg(sides[1].at(i));
    }
    return true;
}

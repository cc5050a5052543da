#include "schema.h"

#include "storage/databaselocation.h"
#include "storage/marketsearch.h"
#include "storage/sqldialect.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUrl>

#include <sqlite3.h>

#include <algorithm>
#include <iterator>

namespace Schema {

namespace {

struct Migration
{
    int version = 0;
    QString path;
};

QList<Migration> migrations(SqlDialect::Backend backend = SqlDialect::Backend::Sqlite)
{
    static const QRegularExpression namePattern(QStringLiteral("^(\\d{3})_.*\\.sql$"));
    QList<Migration> list;
    const QDir dir(SqlDialect::migrationFolder(backend));
    const QStringList names = dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        const QRegularExpressionMatch match = namePattern.match(name);
        if (match.hasMatch())
            list.append({match.captured(1).toInt(), dir.filePath(name)});
    }
    std::sort(list.begin(), list.end(),
        [](const Migration &a, const Migration &b) { return a.version < b.version; });
    return list;
}

bool execute(QSqlQuery &query, const QString &sql, Failure *error)
{
    if (query.exec(sql)) {
        query.finish();
        return true;
    }
    *error = Failure::fromSql(query.lastError(), QStringLiteral(" (in: ") + sql.left(80) + u')');
    return false;
}

bool readUserVersion(QSqlDatabase &db, int *version, Failure *error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        *error = Failure::fromSql(query.lastError());
        return false;
    }
    *version = query.value(0).toInt();
    return true;
}

// The tables every version of this project's schema has (snapshot_rows a view from version 7);
// another application's file that merely shares a user_version lacks them.
const char *const ownTables[] = {"events", "markets", "settlements", "snapshot_rows", "sync_runs"};

// The schema version, the number of schema objects and how many of ownTables exist, read in ONE
// statement so that all belong to the same snapshot: another process may commit its migration
// between two separate reads.
bool readSchemaState(QSqlDatabase &db, int *version, int *objects, int *ownTablesFound, Failure *error)
{
    QStringList names;
    for (const char *table : ownTables)
        names << u'\'' + QLatin1String(table) + u'\'';
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral(
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "(SELECT count(*) FROM sqlite_schema), "
            "(SELECT count(*) FROM sqlite_schema WHERE type IN ('table', 'view') AND name IN (%1))")
                        .arg(names.join(QStringLiteral(", "))))
        || !query.next()) {
        *error = Failure::fromSql(query.lastError());
        return false;
    }
    *version = query.value(0).toInt();
    *objects = query.value(1).toInt();
    *ownTablesFound = query.value(2).toInt();
    query.finish();
    return true;
}

// Rows that break a foreign key, as "table rowid -> parent" for the first few; empty if none.
bool findForeignKeyViolations(QSqlQuery &query, QStringList *violations, Failure *error)
{
    if (!query.exec(QStringLiteral("PRAGMA foreign_key_check"))) {
        *error = Failure::fromSql(query.lastError(), QStringLiteral(" (in: PRAGMA foreign_key_check)"));
        return false;
    }
    while (violations->size() < 3 && query.next()) {
        violations->append(query.value(0).toString() + u' ' + query.value(1).toString()
            + QStringLiteral(" -> ") + query.value(2).toString());
    }
    const QSqlError stepError = query.lastError();
    query.finish();
    if (stepError.isValid()) {
        *error = Failure::fromSql(stepError, QStringLiteral(" (in: PRAGMA foreign_key_check)"));
        return false;
    }
    return true;
}

bool applyMigrations(QSqlDatabase &db, const MigrationNotice &aboutToMigrate, Failure *error)
{
    const QList<Migration> all = migrations();
    // A plain read first: a file that is up to date needs no write lock, so opening it never waits
    // for another process that is writing.
    int currentFileVersion = 0;
    if (!readUserVersion(db, &currentFileVersion, error))
        return false;
    if (all.isEmpty() || currentFileVersion >= all.last().version)
        return true;
    QSqlQuery query(db);
    bool announced = false;
    for (const Migration &migration : all) {
        // BEGIN IMMEDIATE takes the write lock first, so two processes migrating at once
        // serialize here and the second sees the first one's version.
        if (!execute(query, QStringLiteral("BEGIN IMMEDIATE"), error))
            return false;
        int version = 0;
        if (!readUserVersion(db, &version, error)) {
            db.rollback();
            return false;
        }
        if (version >= migration.version) {
            db.rollback();
            continue;
        }
        if (!announced && aboutToMigrate) {
            announced = true;
            aboutToMigrate(version, all.last().version);
        }
        QFile file(migration.path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = {QStringLiteral("cannot read migration ") + migration.path};
            db.rollback();
            return false;
        }
        const QStringList statements
            = SqlDialect::splitStatements(SqlDialect::Backend::Sqlite, QString::fromUtf8(file.readAll()));
        for (const QString &statement : statements) {
            if (!execute(query, statement, error)) {
                db.rollback();
                return false;
            }
        }
        // Foreign keys are off while migrating (tables are rebuilt and renamed), so the result
        // is checked as a whole before it may commit.
        QStringList violations;
        if (!findForeignKeyViolations(query, &violations, error)) {
            db.rollback();
            return false;
        }
        if (!violations.isEmpty()) {
            *error = {QStringLiteral("migration %1 would break foreign keys: %2")
                          .arg(migration.version)
                          .arg(violations.join(QStringLiteral(", ")))};
            db.rollback();
            return false;
        }
        if (!execute(query, QStringLiteral("PRAGMA user_version = %1").arg(migration.version), error)
            || !db.commit()) {
            if (error->message.isEmpty())
                *error = Failure::fromSql(db.lastError());
            db.rollback();
            return false;
        }
    }
    return true;
}

// PRAGMA foreign_keys is a no-op inside a transaction, so it is switched off around the
// migrations' transactions and put back to what it was on every path out.
bool migrateDatabase(QSqlDatabase &db, const MigrationNotice &aboutToMigrate, Failure *error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA foreign_keys")) || !query.next()) {
        *error = Failure::fromSql(query.lastError());
        return false;
    }
    const bool foreignKeys = query.value(0).toInt() != 0;
    query.finish();
    if (!execute(query, QStringLiteral("PRAGMA foreign_keys = OFF"), error))
        return false;
    const bool ok = applyMigrations(db, aboutToMigrate, error);
    Failure restoreError;
    const bool restored = execute(query,
        foreignKeys ? QStringLiteral("PRAGMA foreign_keys = ON")
                    : QStringLiteral("PRAGMA foreign_keys = OFF"),
        &restoreError);
    if (ok && !restored)
        *error = restoreError;
    return ok && restored;
}

bool configureAndCheck(
    QSqlDatabase &db, const QString &path, const ConnectionOptions &options, Failure *error)
{
    int version = 0;
    int objects = 0;
    int ownTablesFound = 0;
    if (!readSchemaState(db, &version, &objects, &ownTablesFound, error)) {
        if ((error->sqliteCode & 0xFF) == SQLITE_NOTADB) {
            *error = {
                QCoreApplication::translate("Schema", "%1 is not an SQLite database; it was left untouched.")
                    .arg(QDir::toNativeSeparators(path))};
        } else {
            error->message = QCoreApplication::translate("Schema", "cannot read %1: %2")
                                 .arg(QDir::toNativeSeparators(path), error->message);
        }
        return false;
    }
    if (version == 0 && objects > 0) {
        *error = {QCoreApplication::translate("Schema",
            "%1 is not a Kalshi Monitor database: an SQLite database of another application (it "
            "has tables but no Kalshi Monitor schema version); it was left untouched.")
                      .arg(QDir::toNativeSeparators(path))};
        return false;
    }
    if (version > 0 && version <= currentVersion() && ownTablesFound < int(std::size(ownTables))) {
        *error = {QCoreApplication::translate("Schema",
            "%1 is not a Kalshi Monitor database: an SQLite database of another application "
            "(schema version %2, but not Kalshi Monitor's tables); it was left untouched.")
                      .arg(QDir::toNativeSeparators(path))
                      .arg(version)};
        return false;
    }
    if (version > currentVersion()) {
        *error = {QCoreApplication::translate("Schema",
            "%1 has schema version %2, newer than this build understands (%3); "
            "it was left untouched. Use a newer Kalshi Monitor.")
                      .arg(QDir::toNativeSeparators(path))
                      .arg(version)
                      .arg(currentVersion())};
        return false;
    }
    if (version == 0) {
        if (options.access == Access::ReadOnly) {
            *error = {QCoreApplication::translate(
                "Schema", "%1 holds no Kalshi Monitor data yet (run a sync first).")
                          .arg(QDir::toNativeSeparators(path))};
            return false;
        }
    }
    // Readers never migrate, and this build's queries name columns an older schema lacks: a reader
    // waits for a writer (the GUI's, or kalshi-monitor-cli init) to bring the file up to date.
    if (version < currentVersion() && options.access == Access::ReadOnly) {
        *error = {QCoreApplication::translate("Schema",
            "%1 has schema version %2, older than this build's (%3). Open it once in Kalshi "
            "Monitor or run kalshi-monitor-cli init to update it.")
                      .arg(QDir::toNativeSeparators(path))
                      .arg(version)
                      .arg(currentVersion())};
        return false;
    }

    QSqlQuery query(db);
    QStringList pragmas;
    if (options.access == Access::ReadWrite) {
        pragmas << QStringLiteral("PRAGMA journal_mode = WAL")
                << QStringLiteral("PRAGMA synchronous = NORMAL");
    }
    pragmas << QStringLiteral("PRAGMA foreign_keys = ON") << options.extraPragmas;
    for (const QString &pragma : std::as_const(pragmas)) {
        if (!execute(query, pragma, error))
            return false;
    }
    if (options.access == Access::ReadWrite && options.migrate
        && !migrateDatabase(db, options.aboutToMigrate, error)) {
        error->message = QCoreApplication::translate("Schema", "cannot prepare %1: %2")
                             .arg(QDir::toNativeSeparators(path), error->message);
        return false;
    }
    return true;
}

bool openSqlite(const QString &name, const QString &path, const ConnectionOptions &options, bool immutable,
    Failure *error)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        if (!db.isValid()) {
            *error = {QCoreApplication::translate(
                "Schema", "the Qt SQLite driver (QSQLITE) is not available: install libqt6sql6-sqlite")};
        } else {
            QString connectOptions = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeoutMs);
            if (options.access == Access::ReadOnly)
                connectOptions += QStringLiteral(";QSQLITE_OPEN_READONLY");
            if (immutable) {
                db.setDatabaseName(
                    QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toString(QUrl::FullyEncoded)
                    + QStringLiteral("?immutable=1"));
                connectOptions += QStringLiteral(";QSQLITE_OPEN_URI");
            } else {
                db.setDatabaseName(path);
            }
            db.setConnectOptions(connectOptions);
            if (!db.open()) {
                *error = Failure::fromSql(db.lastError());
                error->message = QCoreApplication::translate("Schema", "cannot open %1: %2")
                                     .arg(QDir::toNativeSeparators(path), error->message);
            } else {
                ok = configureAndCheck(db, path, options, error);
                // The browser's search (and an export of what it shows) calls these.
                QString message;
                if (ok && !MarketSearch::registerSqliteFunctions(db, &message)) {
                    *error = {QCoreApplication::translate("Schema", "cannot open %1: %2")
                                  .arg(QDir::toNativeSeparators(path), message)};
                    ok = false;
                }
            }
            if (!ok)
                db.close();
        }
    }
    if (!ok)
        QSqlDatabase::removeDatabase(name);
    return ok;
}

// PostgreSQL: the schema version is the one row of SqlDialect::postgresVersionTable(). Whether it
// exists and the tables of the current schema are read in one statement; the version, if the
// table exists, in a second (a migration commits it together with its tables, under a lock).
bool readPostgresState(QSqlDatabase &db, int *version, int *tables, int *ownTablesFound, Failure *error)
{
    QStringList names;
    for (const char *table : ownTables)
        names << u'\'' + QLatin1String(table) + u'\'';
    const QString versionTable = SqlDialect::postgresVersionTable();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT to_regclass('%1') IS NOT NULL, "
                                   "(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
                                   "AND tablename <> '%1'), "
                                   "(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
                                   "AND tablename IN (%2)) + (SELECT count(*) FROM pg_views "
                                   "WHERE schemaname = current_schema() AND viewname IN (%2))")
                        .arg(versionTable, names.join(QStringLiteral(", "))))
        || !query.next()) {
        *error = Failure::fromSql(query.lastError());
        return false;
    }
    const bool hasVersion = query.value(0).toBool();
    *tables = query.value(1).toInt();
    *ownTablesFound = query.value(2).toInt();
    query.finish();
    *version = 0;
    if (!hasVersion)
        return true;
    if (!query.exec(QStringLiteral("SELECT coalesce(max(version), 0) FROM %1").arg(versionTable))
        || !query.next()) {
        *error = Failure::fromSql(query.lastError());
        return false;
    }
    *version = query.value(0).toInt();
    query.finish();
    return true;
}

// One transaction per migration, like SQLite's. The transaction-scoped advisory lock makes a
// second session wait until the first committed its version, then it finds the new version.
bool applyPostgresMigrations(QSqlDatabase &db, const MigrationNotice &aboutToMigrate, Failure *error)
{
    const QList<Migration> all = migrations(SqlDialect::Backend::PostgreSql);
    int version = 0;
    int tables = 0;
    int own = 0;
    if (!readPostgresState(db, &version, &tables, &own, error))
        return false;
    if (all.isEmpty() || version >= all.last().version)
        return true;
    const QString versionTable = SqlDialect::postgresVersionTable();
    QSqlQuery query(db);
    bool announced = false;
    for (const Migration &migration : all) {
        if (!execute(query, SqlDialect::beginWrite(SqlDialect::Backend::PostgreSql), error))
            return false;
        const auto abort = [&db] {
            db.rollback();
            return false;
        };
        if (!execute(query, SqlDialect::postgresMigrationLock(), error)
            || !execute(query,
                QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (version BIGINT NOT NULL)").arg(versionTable),
                error)
            || !readPostgresState(db, &version, &tables, &own, error))
            return abort();
        if (version >= migration.version) {
            db.rollback();
            continue;
        }
        if (!announced && aboutToMigrate) {
            announced = true;
            aboutToMigrate(version, all.last().version);
        }
        QFile file(migration.path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = {QStringLiteral("cannot read migration ") + migration.path};
            return abort();
        }
        const QStringList statements
            = SqlDialect::splitStatements(SqlDialect::Backend::PostgreSql, QString::fromUtf8(file.readAll()));
        for (const QString &statement : statements) {
            if (!execute(query, statement, error))
                return abort();
        }
        if (!execute(query, QStringLiteral("DELETE FROM %1").arg(versionTable), error)
            || !execute(query,
                QStringLiteral("INSERT INTO %1(version) VALUES (%2)")
                    .arg(versionTable)
                    .arg(migration.version),
                error))
            return abort();
        if (!db.commit()) {
            *error = Failure::fromSql(db.lastError());
            return abort();
        }
    }
    return true;
}

bool configurePostgres(
    QSqlDatabase &db, const DatabaseLocation &location, const ConnectionOptions &options, Failure *error)
{
    // Notices (CREATE ... IF NOT EXISTS) would go to stderr through libpq's default processor.
    // A lock wait longer than the busy timeout fails with 55P03, which the writer retries.
    QSqlQuery query(db);
    QStringList settings{QStringLiteral("SET client_min_messages = warning"),
        QStringLiteral("SET lock_timeout = %1").arg(qMax(1, options.busyTimeoutMs))};
    if (options.access == Access::ReadOnly)
        settings << QStringLiteral("SET default_transaction_read_only = on");
    for (const QString &setting : std::as_const(settings)) {
        if (!execute(query, setting, error))
            return false;
    }
    const QString where = location.displayText();
    int version = 0;
    int tables = 0;
    int ownTablesFound = 0;
    if (!readPostgresState(db, &version, &tables, &ownTablesFound, error)) {
        error->message
            = QCoreApplication::translate("Schema", "cannot read %1: %2").arg(where, error->message);
        return false;
    }
    if (version == 0 && tables > 0) {
        *error = {QCoreApplication::translate("Schema",
            "%1 is not a Kalshi Monitor database: its schema has tables but no Kalshi Monitor "
            "schema version; it was left untouched.")
                      .arg(where)};
        return false;
    }
    if (version > 0 && version <= currentVersion() && ownTablesFound < int(std::size(ownTables))) {
        *error = {QCoreApplication::translate("Schema",
            "%1 is not a Kalshi Monitor database (schema version %2, but not Kalshi Monitor's "
            "tables); it was left untouched.")
                      .arg(where)
                      .arg(version)};
        return false;
    }
    if (version > currentVersion()) {
        *error = {QCoreApplication::translate("Schema",
            "%1 has schema version %2, newer than this build understands (%3); "
            "it was left untouched. Use a newer Kalshi Monitor.")
                      .arg(where)
                      .arg(version)
                      .arg(currentVersion())};
        return false;
    }
    if (options.access == Access::ReadOnly && version == 0) {
        *error = {
            QCoreApplication::translate("Schema", "%1 holds no Kalshi Monitor data yet (run a sync first).")
                .arg(where)};
        return false;
    }
    if (options.access == Access::ReadOnly && version < currentVersion()) {
        *error = {QCoreApplication::translate("Schema",
            "%1 has schema version %2, older than this build's (%3). Open it once in Kalshi "
            "Monitor or run kalshi-monitor-cli init to update it.")
                      .arg(where)
                      .arg(version)
                      .arg(currentVersion())};
        return false;
    }
    if (options.access == Access::ReadWrite && options.migrate
        && !applyPostgresMigrations(db, options.aboutToMigrate, error)) {
        error->message
            = QCoreApplication::translate("Schema", "cannot prepare %1: %2").arg(where, error->message);
        return false;
    }
    return true;
}

bool openPostgres(
    const QString &name, const DatabaseLocation &location, const ConnectionOptions &options, Failure *error)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        if (!db.isValid()) {
            *error = {QCoreApplication::translate(
                "Schema", "the Qt PostgreSQL driver (QPSQL) is not available: install libqt6sql6-psql")};
        } else {
            db.setHostName(location.host());
            if (location.port() > 0)
                db.setPort(location.port());
            db.setDatabaseName(location.databaseName());
            db.setUserName(location.user());
            // Empty: libpq reads PGPASSWORD or ~/.pgpass itself.
            db.setPassword(location.password());
            db.setConnectOptions(location.openOptions());
            if (!db.open()) {
                *error = Failure::fromSql(db.lastError());
                error->message = QCoreApplication::translate("Schema", "cannot open %1: %2")
                                     .arg(location.displayText(), error->message);
            } else {
                ok = configurePostgres(db, location, options, error);
            }
            if (!ok)
                db.close();
        }
    }
    if (!ok)
        QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

int currentVersion()
{
    const QList<Migration> all = migrations();
    return all.isEmpty() ? 0 : all.last().version;
}

QString displayName(const QString &path)
{
    if (!DatabaseLocation::isServerUrl(path))
        return QDir::toNativeSeparators(path);
    QString error;
    const DatabaseLocation location = DatabaseLocation::parse(path, &error);
    return location.isValid() ? location.displayText() : QStringLiteral("postgresql://(malformed URL)");
}

QString checkDatabaseFile(const QString &path)
{
    if (DatabaseLocation::isServerUrl(path)) {
        QString error;
        DatabaseLocation::parse(path, &error);
        return error;
    }
    // Never open the file itself here: closing a second descriptor of a database file drops every
    // POSIX lock this process holds on it, so another process could then checkpoint and delete
    // the WAL under our open connections. SQLite recognises a non-database itself (SQLITE_NOTADB).
    // Names that Qt or SQLite read as something other than a file would lose every write: Qt takes
    // ":name" for a resource (and once created a folder ":" for ":memory:"), SQLite ":memory:" for
    // a database in memory and "file:..." for a URI that may say mode=memory.
    if (path.trimmed().isEmpty())
        return QCoreApplication::translate("Schema", "no database file given.");
    if (path.startsWith(u':') || path.startsWith(QLatin1String("file:"), Qt::CaseInsensitive)) {
        return QCoreApplication::translate("Schema",
            "%1 is not a plain file path (in-memory databases, URIs and Qt resource "
            "names are refused: nothing would be saved).")
            .arg(path);
    }
    const QFileInfo info(path);
    if ((info.exists() && info.isDir()) || info.fileName().isEmpty())
        return QCoreApplication::translate("Schema", "%1 is a folder, not a database file.")
            .arg(QDir::toNativeSeparators(path));
    if (info.exists() && !info.isFile())
        return QCoreApplication::translate("Schema", "%1 is not a regular file (a device, pipe or socket).")
            .arg(QDir::toNativeSeparators(path));
    return QString();
}

bool openConnection(
    const QString &name, const QString &path, const ConnectionOptions &options, QString *error)
{
    Failure failure;
    const bool ok = openConnection(name, path, options, &failure);
    if (!ok)
        *error = failure.message;
    return ok;
}

bool openConnection(
    const QString &name, const QString &path, const ConnectionOptions &options, Failure *error)
{
    if (DatabaseLocation::isServerUrl(path)) {
        QString message;
        const DatabaseLocation location = DatabaseLocation::parse(path, &message);
        if (!location.isValid()) {
            *error = {message};
            return false;
        }
        return openPostgres(name, location, options, error);
    }
    QString message = checkDatabaseFile(path);
    if (message.isEmpty() && options.access == Access::ReadOnly && !QFileInfo::exists(path))
        message
            = QCoreApplication::translate("Schema", "no database at %1").arg(QDir::toNativeSeparators(path));
    if (message.isEmpty() && options.access == Access::ReadWrite) {
        const QFileInfo info(path);
        if (!QDir().mkpath(info.absolutePath()))
            message = QCoreApplication::translate("Schema", "cannot create the folder %1")
                          .arg(info.absolutePath());
    }
    if (!message.isEmpty()) {
        *error = {message};
        return false;
    }

    // A WAL database needs its -shm file beside it. In a folder this process cannot write (a
    // read-only mount, another user's collection) where no writer has left one, SQLite cannot open
    // the file at all, so a reader retries it as immutable: with no -shm nobody is writing it now.
    return openSqlite(name, path, options, /*immutable=*/false, error)
        || (options.access == Access::ReadOnly && !QFileInfo(QFileInfo(path).absolutePath()).isWritable()
            && !QFileInfo::exists(path + QStringLiteral("-shm"))
            && openSqlite(name, path, options, /*immutable=*/true, error));
}

bool migrate(const QString &name, Failure *failure, const MigrationNotice &aboutToMigrate)
{
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (!db.isOpen()) {
        *failure = {QStringLiteral("connection %1 is not open").arg(name)};
        return false;
    }
    if (SqlDialect::of(db) == SqlDialect::Backend::PostgreSql)
        return applyPostgresMigrations(db, aboutToMigrate, failure);
    return migrateDatabase(db, aboutToMigrate, failure);
}

qint64 dataVersion(const QString &name)
{
    if (!QSqlDatabase::contains(name))
        return -1;
    const QSqlDatabase db = QSqlDatabase::database(name, false);
    if (!db.isOpen())
        return -1;
    const QString sql = SqlDialect::dataVersion(SqlDialect::of(db));
    if (sql.isEmpty())
        return -1;
    QSqlQuery version(db);
    if (!version.exec(sql) || !version.next())
        return -1;
    return version.value(0).toLongLong();
}

void closeConnection(const QString &name)
{
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

namespace {

// QSqlError does not say which driver made it. SQLite's result codes are decimal numbers below
// 10000 (the largest extended code is 8714); PostgreSQL's SQLSTATE is always five characters.
bool isSqlState(const QString &nativeCode)
{
    return nativeCode.size() == 5;
}

bool isRetriedSqlState(const QString &sqlState)
{
    return sqlState == QLatin1String("40001") || sqlState == QLatin1String("40P01")
        || sqlState == QLatin1String("55P03") || sqlState == QLatin1String("57014");
}

} // namespace

bool isBusy(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (isSqlState(code))
        return isRetriedSqlState(code);
    bool ok = false;
    const int sqliteCode = code.toInt(&ok);
    return ok && (sqliteCode & 0xFF) == SQLITE_BUSY;
}

bool Failure::busy() const
{
    return (sqliteCode & 0xFF) == SQLITE_BUSY || isRetriedSqlState(sqlState);
}

Failure Failure::fromSql(const QSqlError &error, const QString &context)
{
    const QString code = error.nativeErrorCode();
    if (isSqlState(code))
        return {describe(error) + context, 0, code};
    return {describe(error) + context, code.toInt()};
}

QString describe(const QSqlError &error)
{
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.text();
    const QString code = error.nativeErrorCode();
    if (isSqlState(code))
        text += QStringLiteral(" [SQLSTATE %1]").arg(code);
    else if (!code.isEmpty())
        text += QStringLiteral(" [SQLite code %1]").arg(code);
    return text;
}

} // namespace Schema

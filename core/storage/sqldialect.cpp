#include "storage/sqldialect.h"

#include <QSqlDriver>

#include <sqlite3.h>

namespace SqlDialect {

Backend of(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL") ? Backend::PostgreSql : Backend::Sqlite;
}

Backend of(const QString &connectionName)
{
    return of(QSqlDatabase::database(connectionName, false));
}

QString driverName(Backend backend)
{
    return backend == Backend::PostgreSql ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE");
}

QString beginWrite(Backend backend)
{
    return backend == Backend::PostgreSql ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE");
}

QString beginRead(Backend)
{
    return QStringLiteral("BEGIN");
}

QString boundValue(Backend backend, const QString &value)
{
    if (backend == Backend::PostgreSql && value == QLatin1String("?"))
        return QStringLiteral("CAST(? AS BIGINT)");
    return value;
}

QString isDistinctFrom(Backend backend)
{
    return backend == Backend::PostgreSql ? QStringLiteral("IS DISTINCT FROM") : QStringLiteral("IS NOT");
}

bool bindsTextAsUtf8(Backend backend)
{
    return backend == Backend::Sqlite;
}

bool idGrowthCountsInserts(Backend backend)
{
    return backend == Backend::Sqlite;
}

QString largestMarketId(Backend backend)
{
    return backend == Backend::PostgreSql ? QStringLiteral("SELECT coalesce(max(id), 0) FROM markets")
                                          : QStringLiteral("SELECT coalesce(max(rowid), 0) FROM markets");
}

QString triggerChanges(Backend backend)
{
    return backend == Backend::PostgreSql ? QString() : QStringLiteral("SELECT total_changes()");
}

QString lastInsertedId(Backend backend)
{
    return backend == Backend::PostgreSql ? QStringLiteral("SELECT lastval()")
                                          : QStringLiteral("SELECT last_insert_rowid()");
}

QString tableColumns(Backend backend, const QString &table)
{
    if (backend == Backend::Sqlite)
        return u"PRAGMA table_info(\"" + table + u"\")";
    // Table names come from this build's descriptions, never from input.
    return QStringLiteral(
        "SELECT a.attname AS name, upper(format_type(a.atttypid, a.atttypmod)) AS type, "
        "CASE WHEN a.attnotnull THEN 1 ELSE 0 END AS notnull, "
        "pg_get_expr(d.adbin, d.adrelid) AS dflt_value, 0 AS pk "
        "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE a.attrelid = to_regclass('%1') AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY a.attnum")
        .arg(table);
}

QString dataVersion(Backend backend)
{
    return backend == Backend::PostgreSql ? QString() : QStringLiteral("PRAGMA data_version");
}

QString schemaVersion(Backend backend)
{
    return backend == Backend::PostgreSql
        ? QStringLiteral("SELECT coalesce(max(version), 0) FROM ") + postgresVersionTable()
        : QStringLiteral("PRAGMA user_version");
}

QString databaseBytes(Backend backend)
{
    return backend == Backend::PostgreSql ? QStringLiteral("SELECT pg_database_size(current_database())")
                                          : QString();
}

QString notifyChannel()
{
    return QStringLiteral("kalshi_monitor");
}

QString commitNotice(Backend backend)
{
    // pg_notify inside the transaction: queued until its commit, dropped by a rollback.
    return backend == Backend::PostgreSql
        ? QStringLiteral("SELECT pg_notify('") + notifyChannel() + QStringLiteral("', CAST(? AS TEXT))")
        : QString();
}

QString caseInsensitiveLike(Backend backend)
{
    return backend == Backend::PostgreSql ? QStringLiteral("ILIKE") : QStringLiteral("LIKE");
}

QString caseInsensitiveOrder(Backend backend, const QString &sqliteTemplate)
{
    static const QString noCase = QStringLiteral(" COLLATE NOCASE");
    if (backend != Backend::PostgreSql || !sqliteTemplate.contains(noCase))
        return sqliteTemplate;
    return QStringLiteral("lower(") + QString(sqliteTemplate).remove(noCase) + u')';
}

QString migrationFolder(Backend backend)
{
    return backend == Backend::PostgreSql ? QStringLiteral(":/sql/postgresql") : QStringLiteral(":/sql");
}

QStringList splitStatements(Backend backend, const QString &script)
{
    QStringList statements;
    QString pending;
    bool inBody = false;
    const QStringList lines = script.split(u'\n');
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (pending.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith(u"--")))
            continue;
        pending += line + u'\n';
        bool complete = false;
        if (backend == Backend::Sqlite) {
            complete = sqlite3_complete(pending.toUtf8().constData());
        } else {
            if (line.count(QLatin1String("$$")) % 2 == 1)
                inBody = !inBody;
            complete = !inBody && trimmed.endsWith(u';');
        }
        if (complete) {
            statements.append(pending.trimmed());
            pending.clear();
        }
    }
    if (!pending.trimmed().isEmpty())
        statements.append(pending.trimmed());
    return statements;
}

QString postgresVersionTable()
{
    return QStringLiteral("km_schema_version");
}

QString postgresMigrationLock()
{
    // An arbitrary constant of this project ("KMSCHEMA" in ASCII, shortened to 63 bits).
    return QStringLiteral("SELECT pg_advisory_xact_lock(5426598137488672065)");
}

QString jsonTextElements(Backend backend, const QString &alias)
{
    if (backend == Backend::PostgreSql)
        return u"json_array_elements_text(CAST(? AS json)) AS " + alias + u"(value)";
    return u"json_each(?) AS " + alias;
}

QString baseTables(Backend backend)
{
    if (backend == Backend::PostgreSql)
        return QStringLiteral(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename");
    return QStringLiteral("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
                          "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
}

// Table names come from the database's own catalog, never from input.
QString primaryKeyColumns(Backend backend, const QString &table)
{
    if (backend == Backend::PostgreSql)
        return QStringLiteral(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass('%1') AND i.indisprimary "
            "ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)")
            .arg(table);
    return QStringLiteral("SELECT name FROM pragma_table_info('%1') WHERE pk > 0 ORDER BY pk").arg(table);
}

QString referencedTables(Backend backend, const QString &table)
{
    if (backend == Backend::PostgreSql)
        return QStringLiteral("SELECT DISTINCT CAST(CAST(confrelid AS regclass) AS text) FROM pg_constraint "
                              "WHERE conrelid = to_regclass('%1') AND contype = 'f'")
            .arg(table);
    return QStringLiteral("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('%1')").arg(table);
}

QString beginSnapshotRead(Backend backend)
{
    return backend == Backend::PostgreSql ? QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                                          : QStringLiteral("BEGIN");
}

QString advanceSequence(Backend backend, const QString &table, const QString &column)
{
    if (backend != Backend::PostgreSql)
        return QString();
    return QStringLiteral(
        "SELECT setval(pg_get_serial_sequence('%1', '%2'), coalesce(max(%2), 0) + 1, false) "
        "FROM %1")
        .arg(table, column);
}

} // namespace SqlDialect

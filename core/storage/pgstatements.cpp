#include "storage/pgstatements.h"

#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>

#include <cstring>

namespace PgStatements {

namespace {

PGconn *connectionOf(const QSqlDatabase &db)
{
    if (!db.isOpen() || db.driverName() != QLatin1String("QPSQL"))
        return nullptr;
    const QVariant handle = db.driver()->handle();
    // Qt registers the type as "PGconn*" (libpq's typedef) or by the struct's name, "pg_conn*".
    if (!handle.isValid()
        || (std::strcmp(handle.typeName(), "PGconn*") != 0
            && std::strcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}

// QPSQL reads one result per statement and leaves libpq's closing one to be read before its next
// statement (QPSQLDriverPrivate::discardResults); read it here as the driver would. A forward-only
// QSqlQuery still being stepped would lose its rows, as it does when any other statement runs.
PGconn *readyConnection(const QSqlDatabase &db, Schema::Failure *failure)
{
    PGconn *conn = connectionOf(db);
    if (!conn) {
        *failure = {QStringLiteral("internal error: no libpq connection behind the database connection")};
        return nullptr;
    }
    while (PGresult *pending = PQgetResult(conn))
        PQclear(pending);
    return conn;
}

// Whether `result` is not of the `expected` status; then `failure` has the result's message and
// SQLSTATE (as Schema::describe writes them), or the connection's message when there is no result.
bool failed(
    PGconn *conn, PGresult *result, ExecStatusType expected, const QByteArray &name, Schema::Failure *failure)
{
    if (result && PQresultStatus(result) == expected)
        return false;
    QString message
        = QString::fromUtf8(result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr).trimmed();
    if (message.isEmpty())
        message = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
    const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const QString sqlState = state ? QString::fromLatin1(state) : QString();
    if (!sqlState.isEmpty())
        message += QStringLiteral(" [SQLSTATE %1]").arg(sqlState);
    *failure = {message + QStringLiteral(" (statement %1)").arg(QString::fromLatin1(name)), 0, sqlState};
    return true;
}

} // namespace

int socketOf(const QSqlDatabase &db)
{
    PGconn *conn = connectionOf(db);
    return conn ? PQsocket(conn) : -1;
}

bool available(const QSqlDatabase &db)
{
    return connectionOf(db) != nullptr;
}

bool prepare(const QSqlDatabase &db, const QByteArray &name, const QByteArray &sql, Schema::Failure *failure)
{
    PGconn *conn = readyConnection(db, failure);
    if (!conn)
        return false;
    PGresult *result = PQprepare(conn, name.constData(), sql.constData(), 0, nullptr);
    const bool bad = failed(conn, result, PGRES_COMMAND_OK, name, failure);
    PQclear(result);
    return !bad;
}

bool execute(const QSqlDatabase &db, const QByteArray &name, const std::vector<QByteArray> &binaryValues,
    qint64 *rowsAffected, Schema::Failure *failure)
{
    PGconn *conn = readyConnection(db, failure);
    if (!conn)
        return false;
    std::vector<const char *> values;
    std::vector<int> lengths;
    values.reserve(binaryValues.size());
    lengths.reserve(binaryValues.size());
    for (const QByteArray &value : binaryValues) {
        values.push_back(value.constData());
        lengths.push_back(int(value.size()));
    }
    const std::vector<int> formats(binaryValues.size(), 1);
    PGresult *result = PQexecPrepared(
        conn, name.constData(), int(values.size()), values.data(), lengths.data(), formats.data(), 0);
    const bool bad = failed(conn, result, PGRES_COMMAND_OK, name, failure);
    if (!bad && rowsAffected)
        *rowsAffected += QByteArray(PQcmdTuples(result)).toLongLong();
    PQclear(result);
    return !bad;
}

} // namespace PgStatements

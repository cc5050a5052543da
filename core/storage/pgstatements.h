#pragma once

#include "storage/schema.h"

#include <QByteArray>
#include <QSqlDatabase>

#include <vector>

// Prepared statements with binary parameters through the libpq connection of an open QPSQL
// connection (QSqlDriver::handle()): the same session and transaction as the connection's QSqlQuery
// statements. QPSQL itself sends every bound value as a literal inside the text of an EXECUTE,
// which the client formats and the server parses (docs/performance.md); here a parameter is sent as
// its binary value (an array as array_recv reads it, StatementBinder). Writer thread (the
// connection's thread); no QSqlQuery of the connection may be stepping through a result meanwhile.
namespace PgStatements {

// Whether `db` is a QPSQL connection whose libpq connection is reachable.
bool available(const QSqlDatabase &db);

// The socket of `db`'s libpq connection (PQsocket), or -1 (not QPSQL, not connected).
int socketOf(const QSqlDatabase &db);

// Prepares `sql` (placeholders $1, $2, ...; their types inferred by the server, e.g. from a CAST)
// as `name` in the connection's session.
bool prepare(const QSqlDatabase &db, const QByteArray &name, const QByteArray &sql, Schema::Failure *failure);

// Executes the prepared statement `name` with one binary value per placeholder; `rowsAffected`, if
// given, gets the rows the statement inserted or updated (PQcmdTuples). On failure the server's
// message and SQLSTATE, as Schema::Failure::fromSql gives them, so that a serialization failure or
// a lock timeout is retried like any other statement's.
bool execute(const QSqlDatabase &db, const QByteArray &name, const std::vector<QByteArray> &binaryValues,
    qint64 *rowsAffected, Schema::Failure *failure);

} // namespace PgStatements

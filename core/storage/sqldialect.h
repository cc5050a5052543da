#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

// Everything whose SQL text or mechanism differs between the two backends, in one place: the
// writer, the schema code and the table descriptions ask here instead of branching themselves.
// Pure functions; any thread (a QSqlDatabase argument must belong to the calling thread).
namespace SqlDialect {

enum class Backend { Sqlite, PostgreSql };

// The backend of an open (or added) connection, by its Qt driver.
Backend of(const QSqlDatabase &db);
Backend of(const QString &connectionName);

// The Qt driver name: QSQLITE or QPSQL.
QString driverName(Backend backend);

// Opens a writing transaction. SQLite: BEGIN IMMEDIATE takes the write lock before any read, so
// a transaction never needs an upgrade. PostgreSQL: READ COMMITTED; row locks are taken by the
// upserts themselves, and what conflicts (serialization failure, deadlock, lock timeout) is
// retried whole like SQLITE_BUSY.
QString beginWrite(Backend backend);
QString beginRead(Backend backend);

// A bound value of a generated statement: SQLite takes '?' as it is; PostgreSQL must know a
// placeholder's type where no column gives it (VALUES of an UPDATE ... FROM), so a plain integer
// placeholder is cast to BIGINT there (every integer column is BIGINT on PostgreSQL).
QString boundValue(Backend backend, const QString &value);
// Whether the writer binds one array per column for a whole batch (PostgreSQL: QPSQL sends every
// bound value as a literal in the text of an EXECUTE, so 1000 rows of 24 columns were 24000 literals
// to format and parse; the writer prepares these statements through libpq instead and sends the 24
// arrays as binary parameters, PgStatements; docs/performance.md) instead of one value per row and
// column in multi-row VALUES (SQLite). See TableStatement::insertFromArrays.
bool bindsColumnArrays(Backend backend);
// One bound array of text or BIGINT elements.
QString boundArray(Backend backend, bool text);
// The rows of the bound arrays as a FROM item `alias(names)`; the last name numbers the rows from 1.
QString rowsOfArrays(
    Backend backend, const QStringList &arrays, const QString &alias, const QStringList &names);
// The name of that numbering column in TableStatement::insertFromArrays' rows.
QString listingColumn();
// The statements that insert `rows` (a SELECT of `columns` and listingColumn()) into `view`, whose
// INSTEAD OF INSERT trigger resolves conflicts row by row, as if each row were inserted through the
// view in listing order; the sum of their row counts is the rows the trigger would have stored.
// PostgreSQL's snapshot_rows: one set-based upsert of snapshot_states for the rows whose market is
// listed once when every time of the batch is registered (the common case; a plpgsql trigger per row
// cost more than the rest of the batch), then the view, in order, for all other rows.
QStringList viewInsertFromRows(
    Backend backend, const QString &view, const QString &rows, const QStringList &columns);
// The statement that inserts multi-row `values` ("(...),(...)", each row in the order of `columns`)
// into `view` past its INSTEAD OF INSERT trigger, where the dialect has one; empty otherwise.
// SQLite's snapshot_rows: the trigger's run upsert (resources/sql/007_*.sql) for every row at once,
// straight into snapshot_states. It gives what the trigger gives only when no market is listed twice
// in the rows and every time of the rows is registered (the writer registers them first; a row of an
// unregistered time fails on NOT NULL): then the scopes and previous times are fixed, and no row can
// see another's run. Its changes are the rows the trigger would have stored.
QString viewInsertFromValues(
    Backend backend, const QString &view, const QString &values, const QStringList &columns);
// How many of viewInsertFromRows' statements for snapshot_rows store a batch in which no market is
// listed twice, once every time of the batch is registered (the writer registers them first): 1 on
// PostgreSQL, whose second statement takes only the other rows and would find none (it cost 9% of a
// snapshot batch's server time, docs/performance.md); -1 (all) elsewhere.
int snapshotStatementsForDistinctMarkets(Backend backend);
// Whether a row-level AFTER trigger runs at the end of its statement (PostgreSQL), seeing the rows
// the statement inserted after its own, rather than right after its row (SQLite).
bool afterRowTriggersSeeLaterRows(Backend backend);
// Serializes snapshot writes of all sessions before a set-based snapshot statement reads the runs
// (what the schema's snapshot triggers take first); empty on SQLite, whose BEGIN IMMEDIATE did.
QString snapshotWriteLock(Backend backend);
// The null-safe "differs" operator: IS NOT / IS DISTINCT FROM.
QString isDistinctFrom(Backend backend);

// Whether text is bound as UTF-8 bytes (SQLite: CAST(? AS TEXT) takes them as they are, cheaper
// than UTF-16) or as a QString (QPSQL would send a QByteArray as bytea).
bool bindsTextAsUtf8(Backend backend);

// Whether a table's Guarded columns (TableStatement::Role) are kept out of the upsert and written
// by a second statement only where they changed: SQLite rewrites an index entry for every column
// in the SET list, even with an equal value. PostgreSQL decides per row whether an indexed value
// changed at all (a HOT update writes no index entry), so its upsert sets them like any column and
// no second statement runs (it cost 10% of a snapshot batch there, docs/performance.md).
bool guardsIndexedColumns(Backend backend);

// SQLite only: whether a batch whose largest markets.id grew by exactly its size inserted every
// market (each insert takes the next rowid, inside BEGIN IMMEDIATE nobody else inserts), so that
// the guarded update can be skipped. On PostgreSQL a sequence value is drawn for every row of an
// upsert, conflicting or not, and by other sessions at the same time.
bool idGrowthCountsInserts(Backend backend);
QString largestMarketId(Backend backend);

// What counts the snapshot rows an INSERT into the snapshot_rows view stored (schema version 7):
// SQLite counts an INSTEAD OF trigger's changes only in total_changes() (read before and after);
// empty on PostgreSQL, where the statement's own count is the rows whose trigger returned NEW.
QString triggerChanges(Backend backend);

// The id the last INSERT of this connection generated: last_insert_rowid() / lastval().
QString lastInsertedId(Backend backend);

// The described table's columns as rows of (name, type, notnull, dflt_value, pk), like
// PRAGMA table_info; an empty result when the table does not exist.
QString tableColumns(Backend backend, const QString &table);

// A cheap value that changes when another connection committed (PRAGMA data_version). Empty on
// PostgreSQL, which has none: callers then read again every time.
QString dataVersion(Backend backend);

// The schema version of a migrated database as one row of (version): PRAGMA user_version, or
// the row of postgresVersionTable().
QString schemaVersion(Backend backend);
// The bytes the database occupies on the server as one row of (bytes); empty on SQLite, where the
// file and its -wal file are measured instead.
QString databaseBytes(Backend backend);
// Bytes per table with its indexes (and, on PostgreSQL, its TOAST data) as rows of (name, bytes),
// largest first. SQLite: the dbstat virtual table (a scan of every page; a library built without it
// fails the statement); PostgreSQL: pg_total_relation_size() of each table of the current schema.
QString tableBytes(Backend backend);

// LISTEN/NOTIFY (PostgreSQL): every writing transaction of DatabaseWriter runs commitNotice() with
// one bound value (what committed: a batch kind, "watchlist", "sync run", ...) before its commit,
// so the server delivers one notification on notifyChannel() per committed transaction, and none
// for one rolled back. Empty on SQLite, where readers poll dataVersion() instead.
QString notifyChannel();
QString commitNotice(Backend backend);

// Case-insensitive matching and ordering as SQLite's ASCII rules give them: `text LIKE ?` and
// `text COLLATE NOCASE` there, ILIKE and lower(text) on PostgreSQL. caseInsensitiveOrder() takes
// a template with %1 for the operand ("%1 COLLATE NOCASE") and returns it for the backend.
QString caseInsensitiveLike(Backend backend);
QString caseInsensitiveOrder(Backend backend, const QString &sqliteTemplate);

// The folder of migrations in the resources (":/sql" for SQLite, ":/sql/postgresql").
QString migrationFolder(Backend backend);
// Splits a migration script into statements: SQLite's like its shell (trigger bodies stay whole),
// PostgreSQL's at a ';' ending a line outside a $$ ... $$ body.
QStringList splitStatements(Backend backend, const QString &script);

// PostgreSQL's schema version is the one row of this table (SQLite: PRAGMA user_version).
QString postgresVersionTable();
// Serializes migrations across sessions: taken inside each migration's transaction, released by
// its commit or rollback (or by the server when the session dies).
QString postgresMigrationLock();

// A table of the text elements of a bound JSON array, with column `value`, as `alias`.
QString jsonTextElements(Backend backend, const QString &alias);

// For DatabaseCopy, which copies what the schema holds rather than a list of its own.
// The base tables as rows of (name): no views, no virtual tables (FTS5) or their shadow tables, no
// sqlite_ tables; on PostgreSQL every table of the current schema (the caller leaves out the
// version table).
QString baseTables(Backend backend);
// The primary key's columns of `table` in key order, as rows of (name).
QString primaryKeyColumns(Backend backend, const QString &table);
// The tables that `table` references by foreign keys, as rows of (name).
QString referencedTables(Backend backend, const QString &table);
// One read transaction that sees one snapshot of the database until it ends.
QString beginSnapshotRead(Backend backend);
// After rows were inserted with explicit ids: moves the sequence behind `column` (its default is
// nextval(...)) past the largest stored id, so that later inserts draw unused ids. Empty on SQLite,
// whose INTEGER PRIMARY KEY takes the largest rowid + 1 by itself.
QString advanceSequence(Backend backend, const QString &table, const QString &column);

// TableExporter's snapshot rows: SQLite reads the price_snapshots view in its storage order (per
// market in key order, then its runs, each run's times ascending) without sorting. PostgreSQL has no
// order without ORDER BY: its source is the view's join with the keys of that order as extra
// columns, and snapshotExportOrder() sorts by them (an index scan, no sort, for a cursor). With a
// filter on markets SQLite starts from the tickers instead, in ticker order; `byTicker` says so.
QString snapshotExportSource(Backend backend);
QString snapshotExportOrder(Backend backend, bool byTicker);
// `column` ordered by its bytes, like SQLite's BINARY collation: COLLATE "C" on PostgreSQL, whose
// database collation may be a locale's.
QString byteOrder(Backend backend, const QString &column);
// A long read in constant client memory: QPSQL keeps a whole result set in the client, so such a
// read declares a server-side cursor (inside a transaction) and fetches it in batches until a batch
// comes back empty. Empty on SQLite, which steps its statement row by row.
QString declareCursor(Backend backend, const QString &name, const QString &select);
QString fetchFromCursor(Backend backend, const QString &name, int rows);

} // namespace SqlDialect

#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>

#include <functional>

// Opening, checking and migrating the database file. Every function works on connections of the
// calling thread only; each caller owns its connections (see DatabaseWriter, the GUI's reader).
namespace Schema {

// The newest schema version this build knows; the migrations are resources/sql/NNN_*.sql.
int currentVersion();

enum class Access { ReadWrite, ReadOnly };

// Called in the opening thread, at most once per opening, right before the first migration that
// will run: the file's version then (0 for a new file) and currentVersion().
using MigrationNotice = std::function<void(int fromVersion, int toVersion)>;

struct ConnectionOptions
{
    Access access = Access::ReadWrite;
    int busyTimeoutMs = 5000; // PostgreSQL: the session's lock_timeout
    // Run after the standard ones, e.g. PRAGMA max_page_count for tests; SQLite only (ignored on
    // PostgreSQL, which has no PRAGMA).
    QStringList extraPragmas;
    bool migrate = true; // ReadWrite only; false for a connection that never writes data
    MigrationNotice aboutToMigrate;
};

// `path` everywhere below is a database location (DatabaseLocation): an SQLite file path or a
// postgresql:// URL, opened through Qt's QPSQL driver.

// Refuses a path that cannot be a database file (a folder, a device, an empty name, ":memory:",
// a "file:" URI or a Qt resource name), without touching it or creating anything; for a server
// URL, says what is malformed in it (never showing a password). Files that are not
// SQLite databases are refused by openConnection() through SQLite itself: opening the file here
// would drop this process's SQLite locks on it (POSIX locks belong to the process, not the fd).
QString checkDatabaseFile(const QString &path);

// The location for users, logs and messages: the file path, or the URL without its password.
QString displayName(const QString &path);

// Adds and opens connection `name` to `path`. ReadWrite: creates the file if missing, sets WAL,
// synchronous=NORMAL, foreign_keys=ON and migrates to currentVersion(). ReadOnly: never writes, and
// refuses a file older than currentVersion() (a writer must migrate it first).
// Both refuse non-database files and schema versions newer than this build, leaving them untouched.
// On failure the connection is removed again and `error` says why.
bool openConnection(
    const QString &name, const QString &path, const ConnectionOptions &options, QString *error);

// Why an operation failed: the message for users, and SQLite's result code or PostgreSQL's
// SQLSTATE when the database said it (0 / empty otherwise). busy(): whether the same operation is
// worth another attempt (SQLITE_BUSY; serialization failure, deadlock, lock or statement timeout).
struct Failure
{
    QString message;
    int sqliteCode = 0;
    QString sqlState = QString();
    // PostgreSQL: the server ended the session (a restart, a crash, a broken network); the
    // connection is gone, and a new one may succeed.
    bool connectionLost = false;

    bool busy() const;
    static Failure fromSql(const QSqlError &error, const QString &context = QString());
};

// As above, and says whether the failure was a busy database (another process migrating or writing).
bool openConnection(
    const QString &name, const QString &path, const ConnectionOptions &options, Failure *failure);

// Migrates the open ReadWrite connection `name` to currentVersion(), one transaction per migration,
// with foreign keys off inside them and back as they were afterwards. On failure the file keeps
// the last version that committed. openConnection() calls this unless options.migrate is false.
bool migrate(const QString &name, Failure *failure, const MigrationNotice &aboutToMigrate = {});

// Closes and removes connection `name`; every QSqlQuery on it must be gone already.
void closeConnection(const QString &name);

// PRAGMA data_version of open connection `name`: it changes when another connection has committed
// since this one last looked. -1 when the connection is missing or closed, or the read failed.
qint64 dataVersion(const QString &name);

// SQLITE_BUSY and its extended codes (BUSY_RECOVERY 261, BUSY_SNAPSHOT 517), PostgreSQL's 40001
// (serialization failure), 40P01 (deadlock), 55P03 (lock not available) and 57014 (a timeout
// cancelled the statement): worth a retry.
bool isBusy(const QSqlError &error);

// A one-line description of an SQL error for users: the driver text and SQLite's result code or
// PostgreSQL's SQLSTATE.
QString describe(const QSqlError &error);

} // namespace Schema

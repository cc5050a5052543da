#pragma once

#include <QList>
#include <QString>

// Who holds SQLite's write lock on a database file, as far as this host can tell: read from
// /proc/locks (Linux), where SQLite's POSIX locks appear with the pid of their process. Plain
// functions of the calling thread; they never open the database file (closing a descriptor of it
// would drop this process's own SQLite locks).
namespace DatabaseLocks {

// Processes of this host holding the write lock of `databasePath` (WAL mode: byte 120 of the -shm
// file; rollback mode: SQLite's RESERVED/PENDING bytes of the file). Empty when unknown.
QList<qint64> writerPids(const QString &databasePath);

// "pid 1234 (kalshi-monitor-cli)" for each writer, or an empty string when none is known.
QString describeWriters(const QString &databasePath);

} // namespace DatabaseLocks

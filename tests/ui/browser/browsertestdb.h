#pragma once

#include <QAbstractItemModel>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <memory>

// Builds deterministic browser fixtures: a migrated database file filled with plain SQL in one
// transaction. Used from the test's main thread only.
class BrowserReader;
class BrowserReaderThread;
class BrowserTableModel;

namespace BrowserTestDb {

struct Shape
{
    int events = 1000;
    int markets = 100000; // spread evenly over the events
};

// Creates (migrating the schema through Schema::openConnection) and fills the database at `path`.
// Markets: ticker KXEV-<event %04d>-M<n %06d>; status by n % 10 (0-4 active, 5 closed, 6 determined,
// 7 finalized, 8 initialized, 9 inactive); yes_bid NULL when n % 17 == 0, sub-penny when n % 23 == 0;
// one title in 2,500 contains the literal text "50%_odds". Events: category by index % 7 (NULL for 6).
// Settlements for every determined or finalized market.
bool create(const QString &path, const Shape &shape, QString *error);

// The categories create() uses, in events.category.
QStringList categories();

// Runs statements on a private read-write connection in one transaction.
bool write(const QString &path, const QStringList &statements, QString *error);

// A realistic-looking database for screenshots: Kalshi-style series, events and markets.
bool createShowcase(const QString &path, QString *error);

// The browser's kind of connection: read-only, opened with Schema::openConnection under a unique
// name in the calling thread, closed again by the destructor.
class ReadConnection
{
public:
    explicit ReadConnection(const QString &path);
    ~ReadConnection();
    ReadConnection(const ReadConnection &) = delete;
    ReadConnection &operator=(const ReadConnection &) = delete;

    bool isOpen() const { return m_open; }
    QString name() const { return m_name; }
    QString error() const { return m_error; }

private:
    QString m_name;
    QString m_error;
    bool m_open = false;
};

// Runs PRAGMA wal_checkpoint(TRUNCATE) on a separate read-write connection that waits at most
// busyTimeoutMs; returns its busy column (0: completed, 1: a reader or writer was in the way), or -1.
int checkpointBusy(const QString &path, int busyTimeoutMs = 2000);

// Size of the database's -wal file (0 after a complete TRUNCATE checkpoint).
qint64 walSize(const QString &path);

// The browser's reader: a BrowserReaderThread opened on `path` (its connection lives in that
// thread), closed and stopped by the destructor.
class Reader
{
public:
    explicit Reader(const QString &path);
    ~Reader();
    Reader(const Reader &) = delete;
    Reader &operator=(const Reader &) = delete;

    bool isOpen() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    BrowserReader *reader() const;

private:
    std::unique_ptr<BrowserReaderThread> m_thread;
    QString m_error;
};

// Waits (processing events) until the model has no request in flight or wanted; false on timeout.
bool settle(BrowserTableModel &model, int timeoutMs = 60000);
// setReader() and settle().
bool attach(BrowserTableModel &model, const Reader &reader);

// The first column of every row of `sql`, as strings.
QStringList strings(const QString &path, const QString &sql);

// Every row of `sql` (NULL as an invalid QVariant), read on a private connection.
QList<QVariantList> rows(const QString &path, const QString &sql);

// The tickers of rows first..first+count-1 (count -1: to the end), read page by page through the
// model's cache; an empty string for a row that did not arrive.
QStringList modelTickers(BrowserTableModel &model, int first = 0, int count = -1);

// `text` as an SQL string literal.
QString quoted(const QString &text);

} // namespace BrowserTestDb

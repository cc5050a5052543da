#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariant>

class QThread;

// What a browser table model asks of the reader: counts and pages of one query. A value type that
// crosses threads through queued signals.
struct BrowserReadRequest
{
    int client = 0; // which model asked
    quint64 generation = 0; // the model's query generation, echoed in the reply
    bool reset = false; // the model waits for this reply to start over
    QString countSql; // SELECT count(*) ... under the filter, with whereValues bound
    QString totalSql; // the same without the filter; empty when there is no filter
    QVariantList whereValues;
    // SELECT ... ORDER BY ... LIMIT ? OFFSET ?, with pageValues bound first: the filter written
    // for the index that delivers the order.
    QString pageSql;
    QString reversePageSql; // the same in the opposite order, for pages nearer the end
    QVariantList pageValues;
    // When not empty: the same pages with whereValues bound, the filter's rows found first and
    // sorted; read instead when the filter matches so few rows that stepping along the order's
    // index would pass many times more rows than it keeps.
    QString rowsFirstPageSql;
    QString rowsFirstReversePageSql;
    // When not empty: a search ranked by relevance; its pages are read with this (rankedValues
    // bound first, then LIMIT and OFFSET) instead of the above, always from the start. With
    // decideRanking (a reset) only when matchBoundSql counts at most sortedMatchesBound matches
    // (reply.rankDecided, reply.ranked); above it ranking every match costs too much and the
    // pages are read as without it.
    QString rankedPageSql;
    QVariantList rankedValues;
    bool decideRanking = false;
    int pageSize = 256;
    QList<int> pages;
    // When set, the counts are not read: the pages come back first (reply.countPending) and the
    // model asks for the counts next. Pages are then read from the start (no reading from the end,
    // which needs the count) and, with rowsFirstPageSql, matchBoundSql decides how: it counts the
    // search's matches up to a bound bound last (matchBoundValues first), an upper bound of the
    // rows that match; at most sortedMatchesBound of them are sorted, more are stepped through.
    bool countLater = false;
    QString matchBoundSql;
    QVariantList matchBoundValues;
    // Counts are repeated when the database changed since knownVersion (or it is -1).
    qint64 knownVersion = -1;
    qint64 knownMatching = -1;
    qint64 knownTotal = -1;
    bool onlyIfChanged = false; // reply `unchanged` without reading when the version is knownVersion
    // Rows to find under the query by ticker: locateRowSql reads the row's current values (where
    // values, then the ticker), locateCountSql counts the rows up to it (where values, then the
    // row's values at locateColumns).
    QStringList locateTickers;
    QString locateRowSql;
    QString locateCountSql;
    QList<int> locateColumns;
};

struct BrowserReadReply
{
    int client = 0;
    quint64 generation = 0;
    bool reset = false;
    bool unchanged = false;
    qint64 dataVersion = -1;
    bool counted = false;
    bool countPending = false; // the request's countLater: matching and total are -1 (unknown)
    bool rankDecided = false; // the request's decideRanking was answered by `ranked`
    bool ranked = false;
    qint64 matching = -1;
    qint64 total = -1;
    QList<int> pages;
    QList<QList<QVariantList>> pageRows;
    QList<qint64> located; // per locateTickers: the row's position, or -1 when it is not there
    qint64 elapsedMs = 0;
    qint64 countMs = 0; // of that, counting
    QString error;
};

Q_DECLARE_METATYPE(BrowserReadRequest)
Q_DECLARE_METATYPE(BrowserReadReply)

// Lives in the browser's reader thread and owns the one read-only connection the browser uses,
// opened, used and closed in that thread. Every request runs in one read transaction that ends
// before the reply, so no snapshot outlives a request (the writer's checkpoints are never pinned).
class BrowserReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrowserReader)

public:
    explicit BrowserReader(QObject *parent = nullptr);
    ~BrowserReader() override;

    // Whether a page of `rowsToStep` rows (OFFSET + LIMIT) of `matching` rows among `total` is
    // read for less by sorting the matching rows than by stepping along the order's index, which
    // passes about rowsToStep * total / matching rows (each costs about as much as one sorted).
    static bool sortsMatchesFirst(qint64 rowsToStep, qint64 matching, qint64 total);
    // Without a count (BrowserReadRequest::countLater): the most matches of a search its first
    // pages are read for by sorting them; with more the order's index is stepped through.
    static constexpr qint64 sortedMatchesBound = 16384;

public Q_SLOTS:
    // Returns an empty string on success, else why the file cannot be shown.
    QString open(const QString &path, int busyTimeoutMs);
    void close();
    void read(const BrowserReadRequest &request);
    void readCategories();

Q_SIGNALS:
    void replied(const BrowserReadReply &reply);
    void categoriesRead(const QStringList &categories);

private:
    bool exec(class QSqlQuery &query, const QString &sql, const QVariantList &values, QString *error);
    // A server that ended the session (a restart) is connected to again before a request; false
    // (with the reason) while it does not answer.
    bool connectedAgainIfLost(QString *error);

    QString m_connectionName;
    bool m_open = false;
    QString m_path;
    int m_busyTimeoutMs = 0;
};

// Lives in the GUI thread: starts the reader's thread, opens and closes its connection there, and
// stops the thread in its destructor. open() and close() wait for the reader (opening is quick; a
// request still running is waited for).
class BrowserReaderThread final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrowserReaderThread)

public:
    explicit BrowserReaderThread(QObject *parent = nullptr);
    ~BrowserReaderThread() override;

    BrowserReader *reader() const { return m_reader; }
    QString open(const QString &path, int busyTimeoutMs = 250);
    void close();

private:
    QThread *m_thread = nullptr;
    BrowserReader *m_reader = nullptr;
};

#include "browserreader.h"

#include "storage/schema.h"
#include "storage/sqldialect.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>
#include <QUuid>

#include <algorithm>

BrowserReader::BrowserReader(QObject *parent)
    : QObject(parent)
    , m_connectionName(QStringLiteral("km-browser-") + QUuid::createUuid().toString(QUuid::Id128))
{
}

BrowserReader::~BrowserReader()
{
    close();
}

QString BrowserReader::open(const QString &path, int busyTimeoutMs)
{
    close();
    if (path.isEmpty())
        return tr("No database selected.");
    Schema::ConnectionOptions options;
    options.access = Schema::Access::ReadOnly;
    options.busyTimeoutMs = busyTimeoutMs;
    QString error;
    if (!Schema::openConnection(m_connectionName, path, options, &error))
        return error.isEmpty() ? tr("The database cannot be opened.") : error;
    m_open = true;
    m_path = path;
    m_busyTimeoutMs = busyTimeoutMs;
    return QString();
}

bool BrowserReader::connectedAgainIfLost(QString *error)
{
    if (QSqlDatabase::database(m_connectionName, false).isOpen())
        return true;
    const QString path = m_path;
    const QString failure = open(path, m_busyTimeoutMs);
    if (failure.isEmpty())
        return true;
    m_open = true; // still this reader's database: the next request tries again
    *error = tr("Lost the connection to the database server: %1").arg(failure);
    return false;
}

void BrowserReader::close()
{
    if (!m_open)
        return;
    Schema::closeConnection(m_connectionName);
    m_open = false;
}

bool BrowserReader::exec(QSqlQuery &query, const QString &sql, const QVariantList &values, QString *error)
{
    if (!QSqlDatabase::database(m_connectionName, false).isOpen()) {
        *error = tr("Lost the connection to the database server.");
        return false;
    }
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        *error = Schema::describe(query.lastError());
        return false;
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        *error = Schema::describe(query.lastError());
        return false;
    }
    return true;
}

void BrowserReader::read(const BrowserReadRequest &request)
{
    QElapsedTimer clock;
    clock.start();
    BrowserReadReply reply;
    reply.client = request.client;
    reply.generation = request.generation;
    reply.reset = request.reset;
    if (!m_open) {
        reply.error = tr("No database is open.");
        Q_EMIT replied(reply);
        return;
    }
    if (!connectedAgainIfLost(&reply.error)) {
        Q_EMIT replied(reply);
        return;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const bool transaction = db.transaction();
    if (!db.isOpen()) {
        // The server ended the session since the last request; its BEGIN found out. The next
        // request connects again.
        reply.error = tr("Lost the connection to the database server.");
        Q_EMIT replied(reply);
        return;
    }
    QString error;
    const auto single = [&](const QString &sql, const QVariantList &values, qint64 *value) {
        QSqlQuery query(db);
        if (!exec(query, sql, values, &error))
            return false;
        if (!query.next()) {
            error = query.lastError().isValid() ? Schema::describe(query.lastError())
                                                : tr("The row count query returned nothing.");
            return false;
        }
        *value = query.value(0).toLongLong();
        query.finish();
        return true;
    };
    bool ok = true;
    const QString dataVersionSql = SqlDialect::dataVersion(SqlDialect::of(db));
    if (dataVersionSql.isEmpty()) {
        // PostgreSQL: one snapshot for the whole request too. It has no data_version (-1): every
        // refresh counts again, and the window asks for one only when a commit was notified.
        QSqlQuery isolation(db);
        ok = isolation.exec(QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
        if (!ok)
            error = Schema::describe(isolation.lastError());
        reply.dataVersion = -1;
    } else {
        // The first read starts the snapshot; data_version then tells whose commits it holds.
        qint64 ignored = 0;
        ok = single(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE 0"), {}, &ignored)
            && single(dataVersionSql, {}, &reply.dataVersion);
    }
    if (ok && request.onlyIfChanged && reply.dataVersion >= 0 && reply.dataVersion == request.knownVersion) {
        reply.unchanged = true;
    } else if (ok) {
        reply.matching = request.knownMatching;
        reply.total = request.knownTotal;
        // Pages first, the counts in a request of their own: a search shows its first rows without
        // waiting for every match to be counted.
        qint64 matchBound = -1;
        if (request.countLater) {
            reply.countPending = true;
            reply.matching = -1;
            reply.total = -1;
            if (!request.matchBoundSql.isEmpty() && !request.rowsFirstPageSql.isEmpty())
                ok = single(request.matchBoundSql,
                    request.matchBoundValues + QVariantList{sortedMatchesBound + 1}, &matchBound);
        } else if (request.knownVersion < 0 || reply.dataVersion != request.knownVersion
            || reply.matching < 0) {
            QElapsedTimer counting;
            counting.start();
            ok = single(request.countSql, request.whereValues, &reply.matching);
            if (ok && request.totalSql.isEmpty())
                reply.total = reply.matching;
            else if (ok)
                ok = single(request.totalSql, {}, &reply.total);
            reply.counted = ok;
            reply.countMs = counting.elapsed();
        }
        // Ranking reads every match (its tier and the row's tie value): only when the index holds few.
        bool ranked = !request.rankedPageSql.isEmpty() && !request.decideRanking;
        if (ok && !request.rankedPageSql.isEmpty() && request.decideRanking) {
            if (matchBound < 0 && !request.matchBoundSql.isEmpty())
                ok = single(request.matchBoundSql,
                    request.matchBoundValues + QVariantList{sortedMatchesBound + 1}, &matchBound);
            ranked = ok && matchBound >= 0 && matchBound <= sortedMatchesBound;
            reply.rankDecided = ok;
            reply.ranked = ranked;
        }
        for (const QString &ticker : request.locateTickers) {
            if (!ok)
                break;
            QSqlQuery query(db);
            ok = exec(query, request.locateRowSql, request.whereValues + QVariantList{ticker}, &error);
            if (!ok)
                break;
            qint64 position = -1;
            if (query.next()) {
                QVariantList values = request.whereValues;
                for (const int column : request.locateColumns)
                    values.append(query.isNull(column) ? QVariant() : query.value(column));
                query.finish();
                ok = single(request.locateCountSql, values, &position);
                --position;
            }
            query.finish();
            reply.located.append(position);
        }
        for (const int page : request.pages) {
            if (!ok)
                break;
            const qint64 offset = qint64(page) * request.pageSize;
            const bool counted = !reply.countPending;
            if (counted && offset >= reply.matching)
                continue;
            const qint64 limit
                = counted ? qMin(qint64(request.pageSize), reply.matching - offset) : request.pageSize;
            // OFFSET steps over rows one by one: pages in the second half are read from the end
            // (a ranked search sorts its few matches for any page: always from the start).
            const bool fromEnd = !ranked && counted && offset + limit / 2 > reply.matching / 2;
            const qint64 sqlOffset = fromEnd ? reply.matching - offset - limit : offset;
            const bool rowsFirst = !ranked && !request.rowsFirstPageSql.isEmpty()
                && (counted ? sortsMatchesFirst(sqlOffset + limit, reply.matching, reply.total)
                            : matchBound >= 0 && matchBound <= sortedMatchesBound);
            QVariantList values
                = ranked ? request.rankedValues : (rowsFirst ? request.whereValues : request.pageValues);
            values << limit << sqlOffset;
            const QString &sql = ranked ? request.rankedPageSql
                : rowsFirst ? (fromEnd ? request.rowsFirstReversePageSql : request.rowsFirstPageSql)
                            : (fromEnd ? request.reversePageSql : request.pageSql);
            QSqlQuery query(db);
            if (!exec(query, sql, values, &error)) {
                ok = false;
                break;
            }
            QList<QVariantList> rows;
            rows.reserve(int(limit));
            const int width = query.record().count();
            while (query.next()) {
                QVariantList row;
                row.reserve(width);
                for (int column = 0; column < width; ++column)
                    row.append(query.isNull(column) ? QVariant() : query.value(column));
                rows.append(row);
            }
            if (query.lastError().isValid()) {
                error = Schema::describe(query.lastError());
                ok = false;
                break;
            }
            query.finish();
            if (fromEnd)
                std::reverse(rows.begin(), rows.end());
            reply.pages.append(page);
            reply.pageRows.append(rows);
        }
    }
    if (transaction && !db.commit())
        db.rollback();
    if (!ok)
        reply.error = error;
    reply.elapsedMs = clock.elapsed();
    Q_EMIT replied(reply);
}

bool BrowserReader::sortsMatchesFirst(qint64 rowsToStep, qint64 matching, qint64 total)
{
    // rowsToStep * total / matching > matching, without the division's rounding.
    return matching <= 0 || rowsToStep * total > matching * matching;
}

void BrowserReader::readCategories()
{
    QString error;
    if (!m_open || !connectedAgainIfLost(&error))
        return;
    QStringList categories;
    {
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        query.setForwardOnly(true);
        const SqlDialect::Backend backend = SqlDialect::of(m_connectionName);
        // PostgreSQL wants what it orders DISTINCT rows by in the select list.
        if (query.exec(QStringLiteral("SELECT category FROM events WHERE category IS NOT NULL "
                                      "AND category <> '' GROUP BY category ORDER BY ")
                + SqlDialect::caseInsensitiveOrder(backend, QStringLiteral("%1 COLLATE NOCASE"))
                      .arg(QStringLiteral("category")))) {
            while (query.next())
                categories << query.value(0).toString();
        }
        query.finish();
    }
    Q_EMIT categoriesRead(categories);
}

BrowserReaderThread::BrowserReaderThread(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_reader(new BrowserReader)
{
    m_thread->setObjectName(QStringLiteral("km-browser-reader"));
    m_reader->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_reader, &QObject::deleteLater);
    m_thread->start();
}

BrowserReaderThread::~BrowserReaderThread()
{
    close();
    m_thread->quit();
    m_thread->wait();
}

QString BrowserReaderThread::open(const QString &path, int busyTimeoutMs)
{
    QString error;
    QMetaObject::invokeMethod(m_reader, "open", Qt::BlockingQueuedConnection, Q_RETURN_ARG(QString, error),
        Q_ARG(QString, path), Q_ARG(int, busyTimeoutMs));
    return error;
}

void BrowserReaderThread::close()
{
    QMetaObject::invokeMethod(m_reader, &BrowserReader::close, Qt::BlockingQueuedConnection);
}

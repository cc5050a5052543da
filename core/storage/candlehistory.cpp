#include "storage/candlehistory.h"

#include "storage/schema.h"
#include "storage/sqldialect.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

namespace {

std::optional<qint64> column(sqlite3_stmt *statement, int index)
{
    if (sqlite3_column_type(statement, index) == SQLITE_NULL)
        return std::nullopt;
    return sqlite3_column_int64(statement, index);
}

const char *const candlesSql
    = "SELECT period_end, price_close, price_previous, price_low, price_high FROM candles "
      "WHERE market_id = ? AND period_minutes = ? AND period_end BETWEEN ? AND ? ORDER BY period_end";

std::optional<qint64> optionalValue(const QSqlQuery &query, int index)
{
    return query.isNull(index) ? std::nullopt : std::optional<qint64>(query.value(index).toLongLong());
}

// PostgreSQL has no C API under Qt's driver that would be worth it: QSqlQuery, forward only.
bool readThroughQt(const QSqlDatabase &db, qint64 marketId, int periodMinutes, qint64 from, qint64 to,
    const std::function<void(const CandlePrice &)> &visit, QString *error)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(QString::fromLatin1(candlesSql));
    query.addBindValue(marketId);
    query.addBindValue(periodMinutes);
    query.addBindValue(from);
    query.addBindValue(to);
    if (!query.exec()) {
        *error = Schema::describe(query.lastError());
        return false;
    }
    while (query.next()) {
        visit({query.value(0).toLongLong(), optionalValue(query, 1), optionalValue(query, 2),
            optionalValue(query, 3), optionalValue(query, 4)});
    }
    if (query.lastError().isValid()) {
        *error = Schema::describe(query.lastError());
        return false;
    }
    return true;
}

} // namespace

namespace CandleHistory {

bool storedSpan(const QString &connectionName, qint64 marketId, int periodMinutes,
    std::optional<QPair<qint64, qint64>> *span, QString *error)
{
    // min() and max() in separate statements: SQLite seeks for a lone min() or max() only.
    span->reset();
    const QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    auto bound = [&](const QString &sql, std::optional<qint64> *value) {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        query.prepare(sql);
        query.addBindValue(marketId);
        query.addBindValue(periodMinutes);
        if (!query.exec()) {
            *error = Schema::describe(query.lastError());
            return false;
        }
        *value = query.next() && !query.value(0).isNull() ? std::optional<qint64>(query.value(0).toLongLong())
                                                          : std::nullopt;
        return true;
    };
    std::optional<qint64> first;
    std::optional<qint64> last;
    if (!bound(
            QStringLiteral("SELECT min(period_end) FROM candles WHERE market_id = ? AND period_minutes = ?"),
            &first)
        || !bound(
            QStringLiteral("SELECT max(period_end) FROM candles WHERE market_id = ? AND period_minutes = ?"),
            &last))
        return false;
    if (first && last)
        *span = qMakePair(*first, *last);
    return true;
}

bool read(const QString &connectionName, qint64 marketId, int periodMinutes,
    std::vector<CandlePrice> *candles, QString *error, qint64 from, qint64 to)
{
    candles->clear();
    return readEach(
        connectionName, marketId, periodMinutes, from, to,
        [candles](const CandlePrice &candle) { candles->push_back(candle); }, error);
}

bool readEach(const QString &connectionName, qint64 marketId, int periodMinutes, qint64 from, qint64 to,
    const std::function<void(const CandlePrice &)> &visit, QString *error)
{
    const QSqlDatabase connection = QSqlDatabase::database(connectionName, false);
    if (SqlDialect::of(connection) == SqlDialect::Backend::PostgreSql)
        return readThroughQt(connection, marketId, periodMinutes, from, to, visit, error);
    const QVariant handle = connection.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        *error = QStringLiteral("connection %1 is not an open SQLite connection").arg(connectionName);
        return false;
    }
    sqlite3 *db = *static_cast<sqlite3 *const *>(handle.constData());
    sqlite3_stmt *statement = nullptr;
    const char *sql = candlesSql;
    int rc = sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(statement, 1, marketId);
        sqlite3_bind_int(statement, 2, periodMinutes);
        sqlite3_bind_int64(statement, 3, from);
        sqlite3_bind_int64(statement, 4, to);
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
            visit({sqlite3_column_int64(statement, 0), column(statement, 1), column(statement, 2),
                column(statement, 3), column(statement, 4)});
        }
    }
    const bool ok = rc == SQLITE_DONE;
    if (!ok)
        *error = QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_finalize(statement);
    return ok;
}

} // namespace CandleHistory

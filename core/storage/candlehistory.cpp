#include "storage/candlehistory.h"

#include "storage/schema.h"

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
    const QVariant handle = QSqlDatabase::database(connectionName, false).driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        *error = QStringLiteral("connection %1 is not an open SQLite connection").arg(connectionName);
        return false;
    }
    sqlite3 *db = *static_cast<sqlite3 *const *>(handle.constData());
    sqlite3_stmt *statement = nullptr;
    const char *sql = "SELECT period_end, price_close, price_previous, price_low, price_high FROM candles "
                      "WHERE market_id = ? AND period_minutes = ? AND period_end BETWEEN ? AND ? "
                      "ORDER BY period_end";
    int rc = sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(statement, 1, marketId);
        sqlite3_bind_int(statement, 2, periodMinutes);
        sqlite3_bind_int64(statement, 3, from);
        sqlite3_bind_int64(statement, 4, to);
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
            candles->push_back({sqlite3_column_int64(statement, 0), column(statement, 1),
                column(statement, 2), column(statement, 3), column(statement, 4)});
        }
    }
    const bool ok = rc == SQLITE_DONE;
    if (!ok)
        *error = QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_finalize(statement);
    return ok;
}

} // namespace CandleHistory

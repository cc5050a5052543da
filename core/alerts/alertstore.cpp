#include "alerts/alertstore.h"

#include "storage/schema.h"

#include <QJsonValue>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

namespace {

std::optional<qint64> optionalValue(const QSqlQuery &query, int column)
{
    return query.isNull(column) ? std::nullopt : std::optional<qint64>(query.value(column).toLongLong());
}

bool run(QSqlQuery &query, const QString &sql, const QVariantList &values, QString *error)
{
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

} // namespace

namespace AlertStore {

bool readWatchlist(const QString &connectionName, QList<WatchedMarket> *markets, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    if (!run(query,
            QStringLiteral(
                "SELECT w.ticker, w.added_at, m.title, m.status, m.yes_bid, m.yes_ask, m.last_price, "
                "m.volume_24h, m.close_time FROM watchlist AS w LEFT JOIN markets AS m ON m.ticker = "
                "w.ticker "
                "ORDER BY w.ticker"),
            {}, error))
        return false;
    markets->clear();
    while (query.next()) {
        WatchedMarket market;
        market.ticker = query.value(0).toString();
        market.addedAt = query.value(1).toLongLong();
        market.title = query.value(2).toString();
        market.status = query.value(3).toString();
        market.yesBid = optionalValue(query, 4);
        market.yesAsk = optionalValue(query, 5);
        market.lastPrice = optionalValue(query, 6);
        market.volume24h = optionalValue(query, 7);
        market.closeTime = optionalValue(query, 8);
        markets->append(market);
    }
    return true;
}

bool readWatchedTickers(const QString &connectionName, QStringList *tickers, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    if (!run(query, QStringLiteral("SELECT ticker FROM watchlist ORDER BY ticker"), {}, error))
        return false;
    tickers->clear();
    while (query.next())
        tickers->append(query.value(0).toString());
    return true;
}

bool readWatchedTickersFromFile(const QString &databasePath, QStringList *tickers, QString *error)
{
    const QString connection
        = QStringLiteral("km-watchlist-%1").arg(quintptr(QThread::currentThreadId()), 0, 16);
    Schema::ConnectionOptions options;
    options.access = Schema::Access::ReadOnly;
    if (!Schema::openConnection(connection, databasePath, options, error))
        return false;
    const bool ok = readWatchedTickers(connection, tickers, error);
    Schema::closeConnection(connection);
    return ok;
}

bool readMarketScope(
    const QString &connectionName, const QString &ticker, QString *event, QString *series, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    if (!run(query,
            QStringLiteral("SELECT m.event_ticker, COALESCE(NULLIF(m.series_ticker, ''), e.series_ticker) "
                           "FROM markets AS m LEFT JOIN events AS e ON e.ticker = m.event_ticker "
                           "WHERE m.ticker = ?"),
            {ticker}, error))
        return false;
    const bool found = query.next();
    *event = found ? query.value(0).toString() : QString();
    *series = found ? query.value(1).toString() : QString();
    return true;
}

bool readRules(const QString &connectionName, QList<AlertRule> *rules, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    if (!run(query,
            QStringLiteral("SELECT id, scope, target, kind, field, level, window_secs, note, created_at "
                           "FROM alert_rules WHERE removed_at IS NULL ORDER BY id"),
            {}, error))
        return false;
    rules->clear();
    while (query.next()) {
        AlertRule rule;
        rule.id = query.value(0).toLongLong();
        rule.scope = AlertRule::scopeFromName(query.value(1).toString()).value_or(AlertRule::Scope::Ticker);
        rule.target = query.value(2).toString();
        rule.kind = AlertRule::kindFromName(query.value(3).toString()).value_or(AlertRule::Kind::Above);
        rule.field
            = AlertRule::fieldFromName(query.value(4).toString()).value_or(AlertRule::Field::LastPrice);
        rule.level = query.value(5).toLongLong();
        rule.windowSecs = query.value(6).toLongLong();
        rule.note = query.value(7).toString();
        rule.createdAt = query.value(8).toLongLong();
        rules->append(rule);
    }
    return true;
}

namespace {

const QString firingColumns = QStringLiteral(
    "SELECT e.id, e.rule_id, e.ticker, e.snapshot_time, e.fired_at, e.value_before, e.value_after, e.status, "
    "e.message, r.kind, r.note FROM alert_events AS e JOIN alert_rules AS r ON r.id = e.rule_id ");

void readFiringRows(QSqlQuery &query, QList<AlertFiring> *firings)
{
    firings->clear();
    while (query.next()) {
        AlertFiring firing;
        firing.id = query.value(0).toLongLong();
        firing.ruleId = query.value(1).toLongLong();
        firing.ticker = query.value(2).toString();
        firing.snapshotTime = query.value(3).toLongLong();
        firing.firedAt = query.value(4).toLongLong();
        firing.valueBefore = optionalValue(query, 5);
        firing.valueAfter = optionalValue(query, 6);
        firing.status = query.value(7).toString();
        firing.message = query.value(8).toString();
        firing.kind = AlertRule::kindFromName(query.value(9).toString()).value_or(AlertRule::Kind::Above);
        firing.note = query.value(10).toString();
        firings->append(firing);
    }
}

} // namespace

bool readFirings(
    const QString &connectionName, qint64 since, QList<AlertFiring> *firings, QString *error, qint64 afterId)
{
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    if (!run(query, firingColumns + QStringLiteral("WHERE e.fired_at >= ? AND e.id > ? ORDER BY e.id"),
            {since, afterId}, error))
        return false;
    readFiringRows(query, firings);
    return true;
}

bool readLatestFirings(const QString &connectionName, int limit, QList<AlertFiring> *firings, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    if (!run(query, firingColumns + QStringLiteral("ORDER BY e.id DESC LIMIT ?"), {limit}, error))
        return false;
    readFiringRows(query, firings);
    return true;
}

QJsonObject toJson(const WatchedMarket &market)
{
    const auto price = [](const std::optional<qint64> &value) {
        return value ? QJsonValue(formatDollars(*value)) : QJsonValue(QJsonValue::Null);
    };
    return QJsonObject{{QStringLiteral("ticker"), market.ticker},
        {QStringLiteral("added_at"), market.addedAt},
        {QStringLiteral("title"),
            market.title.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(market.title)},
        {QStringLiteral("status"),
            market.status.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(market.status)},
        {QStringLiteral("yes_bid"), price(market.yesBid)}, {QStringLiteral("yes_ask"), price(market.yesAsk)},
        {QStringLiteral("last_price"), price(market.lastPrice)},
        {QStringLiteral("volume_24h"),
            market.volume24h ? QJsonValue(formatContracts(*market.volume24h)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("close_time"),
            market.closeTime ? QJsonValue(*market.closeTime) : QJsonValue(QJsonValue::Null)}};
}

} // namespace AlertStore

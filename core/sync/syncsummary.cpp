#include "sync/syncsummary.h"

RowCounts &RowCounts::operator+=(const RowCounts &other)
{
    events += other.events;
    markets += other.markets;
    settlements += other.settlements;
    snapshots += other.snapshots;
    candles += other.candles;
    return *this;
}

qint64 RowCounts::ofPhase(SyncPhase phase) const
{
    switch (phase) {
    case SyncPhase::Events:
        return events;
    case SyncPhase::Markets:
        return markets;
    case SyncPhase::Settlements:
    case SyncPhase::HistoricalSettlements:
        return settlements;
    case SyncPhase::Snapshot:
    case SyncPhase::Watchlist:
        return snapshots;
    case SyncPhase::Backfill:
        return candles;
    }
    return total();
}

QJsonObject RowCounts::toJson() const
{
    return {{QStringLiteral("events"), events}, {QStringLiteral("markets"), markets},
        {QStringLiteral("settlements"), settlements}, {QStringLiteral("snapshots"), snapshots},
        {QStringLiteral("candles"), candles}};
}

QJsonObject SyncSummary::toJson() const
{
    return {{QStringLiteral("command"), command}, {QStringLiteral("ok"), ok},
        {QStringLiteral("pages"), pages}, {QStringLiteral("rows"), rows.toJson()},
        {QStringLiteral("skipped"), skipped}, {QStringLiteral("retries"), retries},
        {QStringLiteral("truncated"), truncated}, {QStringLiteral("elapsed_ms"), elapsedMs},
        {QStringLiteral("error"), error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(error)}};
}

SyncRetry SyncRetry::announced(SyncPhase phase, const QUrl &apiBase, int maxAttempts, int attempt,
    qint64 delayMs, const RequestError &error)
{
    SyncRetry retry;
    retry.phase = phase;
    retry.server = serverOf(apiBase);
    retry.attempt = attempt;
    retry.maxAttempts = maxAttempts;
    retry.delayMs = delayMs;
    retry.error = error;
    return retry;
}

QString SyncRetry::serverOf(const QUrl &apiBase)
{
    return apiBase.port() > 0 ? apiBase.host() + u':' + QString::number(apiBase.port()) : apiBase.host();
}

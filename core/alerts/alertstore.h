#pragma once

#include "alerts/alertrule.h"

#include <QList>
#include <QString>

#include <optional>

// Reads the watchlist, the rules and their firings on a connection of the calling thread (the CLI's
// or the GUI's read-only one). Writes go through DatabaseWriter.
namespace AlertStore {

struct WatchedMarket
{
    QString ticker;
    qint64 addedAt = 0;
    QString title; // empty while the market is not stored yet
    QString status;
    std::optional<qint64> yesBid, yesAsk, lastPrice, volume24h, closeTime;
};

bool readWatchlist(const QString &connectionName, QList<WatchedMarket> *markets, QString *error);
bool readWatchedTickers(const QString &connectionName, QStringList *tickers, QString *error);
// The same on a read-only connection of its own, opened and closed in the calling thread.
bool readWatchedTickersFromFile(const QString &databasePath, QStringList *tickers, QString *error);
// The event and series of a stored market (the series from its event when the listing left it
// out); both empty for an unknown ticker.
bool readMarketScope(
    const QString &connectionName, const QString &ticker, QString *event, QString *series, QString *error);
// The active rules (not removed), oldest first.
bool readRules(const QString &connectionName, QList<AlertRule> *rules, QString *error);
// Firings with fired_at >= since (or id > afterId), oldest first.
bool readFirings(const QString &connectionName, qint64 since, QList<AlertFiring> *firings, QString *error,
    qint64 afterId = 0);
// The newest `limit` firings, newest first (the app's alerts view).
bool readLatestFirings(const QString &connectionName, int limit, QList<AlertFiring> *firings, QString *error);

QJsonObject toJson(const WatchedMarket &market);

} // namespace AlertStore

#include "alerts/alertevaluator.h"

#include "storage/snapshotreads.h"
#include "storage/sqldialect.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <limits>
#include <utility>

namespace {

enum Slot {
    DataVersionSlot,
    RulesSlot,
    PreviousSlot,
    LastPricesSlot,
    FiredSinceSlot,
    FiredStatusSlot,
    StatusSlot,
    StatusOneSlot,
    LatestTimeSlot,
    LatestSlot,
    WhereSlot,
    SeriesSlot,
    NewestTimeSlot,
    SlotCount
};

std::optional<qint64> optionalValue(const QSqlQuery &query, int column)
{
    return query.isNull(column) ? std::nullopt : std::optional<qint64>(query.value(column).toLongLong());
}

// A sample of the snapshot at `time` from the six price and volume columns from `firstColumn` on:
// yes_bid, yes_ask, no_bid, no_ask, last_price, volume_24h.
AlertEvaluator::Sample sampleAt(const QSqlQuery &query, int firstColumn, qint64 time)
{
    AlertEvaluator::Sample sample;
    sample.time = time;
    sample.yesBid = optionalValue(query, firstColumn);
    sample.yesAsk = optionalValue(query, firstColumn + 1);
    sample.noBid = optionalValue(query, firstColumn + 2);
    sample.noAsk = optionalValue(query, firstColumn + 3);
    sample.lastPrice = optionalValue(query, firstColumn + 4);
    sample.volume24h = optionalValue(query, firstColumn + 5);
    return sample;
}

QString statusText(const QString &status, const QString &result)
{
    return result.isEmpty() ? status : status + QStringLiteral(" (result ") + result + u')';
}

// The stored snapshots before the newest of a market's history (newest first), without a copy.
struct Earlier
{
    const AlertEvaluator::History &history;

    bool isEmpty() const { return history.count < 2; }
    qsizetype size() const { return history.count - 1; }
    const AlertEvaluator::Sample &first() const { return history.samples[1]; }
    const AlertEvaluator::Sample &at(qsizetype i) const { return history.samples[std::size_t(i + 1)]; }
};

// One text shared by both (MarketParser gives a snapshot its listing's ticker), or equal ones.
bool sameText(const QString &a, const QString &b)
{
    return (a.constData() == b.constData() && a.size() == b.size()) || a == b;
}

// Tickers differ mostly at their end: compared there first, without a call.
bool sameTicker(const QString &a, const QString &b)
{
    return a.size() == b.size() && (a.isEmpty() || a.back() == b.back()) && sameText(a, b);
}

QString withNote(const AlertRule &rule, const QString &message)
{
    return rule.note.isEmpty() ? message : message + QStringLiteral(" - ") + rule.note;
}

} // namespace

AlertEvaluator::AlertEvaluator(QString connectionName)
    : m_connectionName(std::move(connectionName))
{
    m_queries.resize(SlotCount);
}

AlertEvaluator::~AlertEvaluator() = default;

QSqlQuery &AlertEvaluator::prepared(int slot, const char *sql, Schema::Failure *failure, bool *ok)
{
    return prepared(slot, QString::fromLatin1(sql), failure, ok);
}

QSqlQuery &AlertEvaluator::prepared(int slot, const QString &sql, Schema::Failure *failure, bool *ok)
{
    std::unique_ptr<QSqlQuery> &query = m_queries[std::size_t(slot)];
    *ok = true;
    if (!query) {
        query = std::make_unique<QSqlQuery>(QSqlDatabase::database(m_connectionName, false));
        query->setForwardOnly(true);
        if (!query->prepare(sql)) {
            *failure = Schema::Failure::fromSql(query->lastError());
            *ok = false;
            query.reset();
            static QSqlQuery none;
            return none;
        }
    }
    return *query;
}

bool AlertEvaluator::loadRules(Schema::Failure *failure)
{
    m_seriesOfEvent.clear();
    m_listingsLookedUpCount = -1;
    m_statusBefore.clear();
    m_statusListings.clear();
    bool ok = false;
    // Without a data version (PostgreSQL) the rules are read for every batch.
    const QString versionSql = SqlDialect::dataVersion(SqlDialect::of(m_connectionName));
    qint64 dataVersion = -1;
    m_pendingRecent.clear();
    m_pendingForgetAll = false;
    m_canKeepHistory = !versionSql.isEmpty();
    if (!m_canKeepHistory)
        forgetRecent();
    if (!versionSql.isEmpty()) {
        QSqlQuery &version = prepared(DataVersionSlot, versionSql, failure, &ok);
        if (!ok)
            return false;
        if (!version.exec() || !version.next()) {
            *failure = Schema::Failure::fromSql(version.lastError());
            return false;
        }
        dataVersion = version.value(0).toLongLong();
        version.finish();
        if (m_rulesValid && dataVersion == m_dataVersion)
            return true;
    }
    m_dataVersion = dataVersion;
    m_rulesValid = true;
    // Another connection committed, or the rules changed (and with them the watched markets).
    forgetRecent();
    m_rules.clear();
    m_byTicker.clear();
    m_byEvent.clear();
    m_bySeries.clear();
    m_tickerFilter.clear();
    m_eventFilter.clear();
    m_seriesFilter.clear();
    m_rulesOfTicker.clear();
    m_seriesOfEvent.clear();
    m_listingRules.clear();
    m_statusBefore.clear();
    m_hasStatusRules = false;
    m_hasSeriesStatusRules = false;
    m_statusTickers.clear();
    m_statusEvents.clear();
    m_statusSeries.clear();
    QSqlQuery &query = prepared(RulesSlot,
        "SELECT id, scope, target, kind, field, level, window_secs, note, created_at "
        "FROM alert_rules WHERE removed_at IS NULL ORDER BY id",
        failure, &ok);
    if (!ok)
        return false;
    if (!query.exec()) {
        m_rulesValid = false;
        *failure = Schema::Failure::fromSql(query.lastError());
        return false;
    }
    while (query.next()) {
        AlertRule rule;
        rule.id = query.value(0).toLongLong();
        const auto scope = AlertRule::scopeFromName(query.value(1).toString());
        const auto kind = AlertRule::kindFromName(query.value(3).toString());
        if (!scope || !kind)
            continue;
        rule.scope = *scope;
        rule.target = query.value(2).toString();
        rule.kind = *kind;
        if (const auto field = AlertRule::fieldFromName(query.value(4).toString()))
            rule.field = *field;
        rule.level = query.value(5).toLongLong();
        rule.windowSecs = query.value(6).toLongLong();
        rule.note = query.value(7).toString();
        rule.createdAt = query.value(8).toLongLong();
        m_rules.append(rule);
    }
    query.finish();
    for (const AlertRule &rule : std::as_const(m_rules)) {
        auto &index = rule.scope == AlertRule::Scope::Ticker ? m_byTicker
            : rule.scope == AlertRule::Scope::Event          ? m_byEvent
                                                             : m_bySeries;
        (rule.scope == AlertRule::Scope::Ticker         ? m_tickerFilter
                : rule.scope == AlertRule::Scope::Event ? m_eventFilter
                                                        : m_seriesFilter)
            .insert(rule.target);
        TargetRules &target = index[rule.target];
        target.rules.append(&rule);
        target.watchStatus = target.watchStatus || rule.kind == AlertRule::Kind::StatusChange;
        if (rule.kind == AlertRule::Kind::StatusChange) {
            (rule.scope == AlertRule::Scope::Ticker         ? m_statusTickers
                    : rule.scope == AlertRule::Scope::Event ? m_statusEvents
                                                            : m_statusSeries)
                .insert(rule.target);
        }
        m_hasStatusRules = m_hasStatusRules || rule.kind == AlertRule::Kind::StatusChange;
        m_hasSeriesStatusRules = m_hasSeriesStatusRules
            || (rule.kind == AlertRule::Kind::StatusChange && rule.scope == AlertRule::Scope::Series);
    }
    return true;
}

const AlertEvaluator::TargetRules *AlertEvaluator::rulesOfTarget(
    const RuleIndex &index, const QString &target)
{
    if (index.isEmpty())
        return nullptr;
    const auto found = index.constFind(target);
    return found == index.constEnd() ? nullptr : &found.value();
}

AlertEvaluator::MarketRules AlertEvaluator::rulesFor(const Where &where) const
{
    MarketRules rules;
    rules.ofTicker = rulesOfTarget(m_byTicker, where.ticker);
    rules.ofEvent = rulesOfTarget(m_byEvent, where.eventTicker);
    if (!where.seriesTicker.isEmpty())
        rules.ofSeries = rulesOfTarget(m_bySeries, where.seriesTicker);
    return rules;
}

void AlertEvaluator::lookUpListings(const QList<MarketRecord> &markets)
{
    m_listingRules.assign(std::size_t(markets.size()), ListingRules());
    m_listingsLookedUp = markets.constData();
    m_listingsLookedUpCount = markets.size();
    const bool eventRules = !m_byEvent.isEmpty();
    const bool seriesRules = !m_bySeries.isEmpty();
    for (qsizetype i = 0; i < markets.size(); ++i) {
        const MarketRecord &market = markets.at(i);
        ListingRules &listing = m_listingRules[std::size_t(i)];
        listing.rules.ofTicker = rulesOfTarget(m_byTicker, m_tickerFilter, market.ticker);
        if (eventRules)
            listing.rules.ofEvent = rulesOfTarget(m_byEvent, m_eventFilter, market.eventTicker);
        if (seriesRules && !market.seriesTicker.isEmpty())
            listing.rules.ofSeries = rulesOfTarget(m_bySeries, m_seriesFilter, market.seriesTicker);
        // As rulesOfTicker()'s other path: an unknown event, or series, may be stored later.
        listing.settled = !market.eventTicker.isEmpty() || (!eventRules && !seriesRules);
        listing.seriesPending = seriesRules && market.seriesTicker.isEmpty() && !market.eventTicker.isEmpty();
    }
}

bool AlertEvaluator::resolveListingSeries(
    const QList<MarketRecord> &markets, qsizetype i, Schema::Failure *failure)
{
    ListingRules &listing = m_listingRules[std::size_t(i)];
    if (!listing.seriesPending)
        return true;
    listing.seriesPending = false;
    // As before listings were looked up: the rules kept for the ticker (found with the event's
    // series when it was first seen), else the event's series now, kept once known.
    const QString &ticker = markets.at(i).ticker;
    if (const auto known = m_rulesOfTicker.constFind(ticker); known != m_rulesOfTicker.constEnd()) {
        listing.rules = *known;
        return true;
    }
    // Kalshi's market listings mostly leave series_ticker out: the event names its series.
    QString series;
    if (!seriesOfEvent(markets.at(i).eventTicker, &series, failure))
        return false;
    if (series.isEmpty()) {
        listing.settled = false;
        return true;
    }
    listing.rules.ofSeries = rulesOfTarget(m_bySeries, series);
    m_rulesOfTicker.insert(ticker, listing.rules);
    return true;
}

bool AlertEvaluator::rulesOfTicker(const QString &ticker, const QList<MarketRecord> &batchMarkets,
    qsizetype hint, QHash<QString, qsizetype> *listings, MarketRules *rules, Schema::Failure *failure)
{
    // A batch lists a market once, mostly in the order of its snapshots; the last listing of a
    // ticker is the one stored, but event and series of a market never change.
    qsizetype listing = -1;
    if (hint >= 0 && hint < batchMarkets.size() && sameText(batchMarkets.at(hint).ticker, ticker)) {
        listing = hint;
    } else if (!batchMarkets.isEmpty()) {
        if (listings->isEmpty()) {
            listings->reserve(batchMarkets.size());
            for (qsizetype i = 0; i < batchMarkets.size(); ++i)
                listings->insert(batchMarkets.at(i).ticker, i);
        }
        listing = listings->value(ticker, -1);
    }
    if (listing >= 0 && !resolveListingSeries(batchMarkets, listing, failure))
        return false;
    if (listing >= 0 && m_listingRules.at(std::size_t(listing)).settled) {
        *rules = m_listingRules.at(std::size_t(listing)).rules;
        return true;
    }
    if (const auto known = m_rulesOfTicker.constFind(ticker); known != m_rulesOfTicker.constEnd()) {
        *rules = *known;
        return true;
    }
    if (listing >= 0) {
        // What whereOf() finds from the listing; not kept, as the event or series may be stored later.
        *rules = m_listingRules.at(std::size_t(listing)).rules;
        return true;
    }
    Where where;
    if (!whereOf(ticker, &where, failure))
        return false;
    *rules = rulesFor(where);
    // An event or series not known yet may be stored later: find them again then.
    const bool settled = (!where.eventTicker.isEmpty() || (m_byEvent.isEmpty() && m_bySeries.isEmpty()))
        && (!where.seriesTicker.isEmpty() || m_bySeries.isEmpty());
    if (settled)
        m_rulesOfTicker.insert(ticker, *rules);
    return true;
}

bool AlertEvaluator::seriesOfEvent(const QString &eventTicker, QString *series, Schema::Failure *failure)
{
    if (const auto cached = m_seriesOfEvent.constFind(eventTicker); cached != m_seriesOfEvent.constEnd()) {
        *series = *cached;
        return true;
    }
    bool ok = false;
    QSqlQuery &query
        = prepared(SeriesSlot, "SELECT series_ticker FROM events WHERE ticker = ?", failure, &ok);
    if (!ok)
        return false;
    query.addBindValue(eventTicker);
    if (!query.exec()) {
        *failure = Schema::Failure::fromSql(query.lastError());
        return false;
    }
    *series = query.next() ? query.value(0).toString() : QString();
    query.finish();
    m_seriesOfEvent.insert(eventTicker, *series);
    return true;
}

bool AlertEvaluator::whereOf(const QString &ticker, Where *where, Schema::Failure *failure)
{
    where->ticker = ticker;
    if (!m_byEvent.isEmpty() || !m_bySeries.isEmpty()) {
        bool ok = false;
        QSqlQuery &query = prepared(
            WhereSlot, "SELECT event_ticker, series_ticker FROM markets WHERE ticker = ?", failure, &ok);
        if (!ok)
            return false;
        query.addBindValue(ticker);
        if (!query.exec()) {
            *failure = Schema::Failure::fromSql(query.lastError());
            return false;
        }
        if (query.next()) {
            where->eventTicker = query.value(0).toString();
            where->seriesTicker = query.value(1).toString();
        }
        query.finish();
    }
    // Kalshi's market listings mostly leave series_ticker out: the event names its series.
    if (where->seriesTicker.isEmpty() && !m_bySeries.isEmpty() && !where->eventTicker.isEmpty())
        return seriesOfEvent(where->eventTicker, &where->seriesTicker, failure);
    return true;
}

bool AlertEvaluator::watchedForStatus(
    const QString &ticker, const QString &eventTicker, const QString &seriesTicker) const
{
    // As rulesFor(): the event's rules, and the series' when the series is known.
    return (!m_statusTickers.isEmpty() && m_statusTickers.contains(ticker))
        || (!m_statusEvents.isEmpty() && m_statusEvents.contains(eventTicker))
        || (!m_statusSeries.isEmpty() && !seriesTicker.isEmpty() && m_statusSeries.contains(seriesTicker));
}

bool AlertEvaluator::captureStatuses(const QList<MarketRecord> &markets, Schema::Failure *failure)
{
    m_statusBefore.clear();
    m_statusListings.clear();
    if (!m_hasStatusRules)
        return true;
    // Only the stored rows that can matter, in one statement: reading every listed market's row
    // cost more than the rest of the evaluation together. A listing without a series needs its
    // stored row to find the series (as whereOf() does), but only when a series rule watches status.
    lookUpListings(markets);
    QList<qsizetype> candidates; // indexes into `markets`
    const auto watchStatus = [](const TargetRules *target) { return target && target->watchStatus; };
    for (qsizetype i = 0; i < markets.size(); ++i) {
        const MarketRecord &market = markets.at(i);
        // watchedForStatus() of the listing's ticker, event and series.
        const MarketRules &rules = m_listingRules[std::size_t(i)].rules;
        if (watchStatus(rules.ofTicker) || watchStatus(rules.ofEvent)
            || (market.seriesTicker.isEmpty() ? m_hasSeriesStatusRules : watchStatus(rules.ofSeries))) {
            candidates.append(i);
        }
    }
    if (candidates.isEmpty())
        return true;
    struct StoredMarket
    {
        QString eventTicker;
        QString seriesTicker;
        StoredStatus status;
    };
    QHash<QString, StoredMarket> stored;
    const auto read = [&stored, failure](QSqlQuery &query) {
        if (!query.exec()) {
            *failure = Schema::Failure::fromSql(query.lastError());
            return false;
        }
        while (query.next()) {
            stored.insert(query.value(0).toString(),
                {query.value(1).toString(), query.value(2).toString(),
                    {query.value(3).toString(), query.value(4).toString()}});
        }
        query.finish();
        return true;
    };
    bool ok = false;
    // A few candidates (a batch mostly has none or one): an index seek each costs less than the
    // statement over a JSON list.
    if (candidates.size() <= 8) {
        QSqlQuery &query = prepared(StatusOneSlot,
            "SELECT ticker, event_ticker, series_ticker, status, result FROM markets WHERE ticker = ?",
            failure, &ok);
        if (!ok)
            return false;
        for (const qsizetype i : std::as_const(candidates)) {
            query.addBindValue(markets.at(i).ticker);
            if (!read(query))
                return false;
        }
    } else {
        QJsonArray tickers;
        for (const qsizetype i : std::as_const(candidates))
            tickers.append(markets.at(i).ticker);
        QSqlQuery &query = prepared(StatusSlot,
            QStringLiteral("SELECT m.ticker, m.event_ticker, m.series_ticker, m.status, m.result "
                           "FROM markets AS m WHERE m.ticker IN (SELECT w.value FROM %1)")
                .arg(SqlDialect::jsonTextElements(SqlDialect::of(m_connectionName), QStringLiteral("w"))),
            failure, &ok);
        if (!ok)
            return false;
        query.addBindValue(QString::fromUtf8(QJsonDocument(tickers).toJson(QJsonDocument::Compact)));
        if (!read(query))
            return false;
    }
    QHash<QString, qsizetype> lastListing;
    for (const qsizetype i : std::as_const(candidates)) {
        const MarketRecord &market = markets.at(i);
        const auto row = stored.constFind(market.ticker);
        if (row == stored.constEnd())
            continue;
        if (m_statusBefore.contains(market.ticker)) {
            lastListing[market.ticker] = i;
            continue;
        }
        QString series = market.seriesTicker;
        if (series.isEmpty()) {
            series = row->seriesTicker;
            if (series.isEmpty() && !m_bySeries.isEmpty() && !row->eventTicker.isEmpty()
                && !seriesOfEvent(row->eventTicker, &series, failure))
                return false;
        }
        if (watchedForStatus(market.ticker, market.eventTicker, series)) {
            m_statusBefore.insert(market.ticker, row->status);
            lastListing[market.ticker] = i;
        }
    }
    // evaluate() judges the last listing of each (the one stored), from the batch's end. A later
    // listing of the ticker may not have been a candidate (another event or series named).
    if (lastListing.size() <= 16) {
        for (auto it = lastListing.begin(); it != lastListing.end(); ++it) {
            for (qsizetype j = markets.size() - 1; j > it.value(); --j) {
                if (sameTicker(markets.at(j).ticker, it.key())) {
                    it.value() = j;
                    break;
                }
            }
        }
    } else {
        QSet<QString> seen;
        for (qsizetype j = markets.size() - 1; j >= 0; --j) {
            const QString &ticker = markets.at(j).ticker;
            if (m_statusBefore.contains(ticker) && !seen.contains(ticker)) {
                seen.insert(ticker);
                lastListing[ticker] = j;
            }
        }
    }
    m_statusListings = lastListing.values();
    std::sort(m_statusListings.begin(), m_statusListings.end(), std::greater<>());
    return true;
}

bool AlertEvaluator::readPrevious(qint64 time, const QStringList &tickers, int count,
    QHash<QString, History> *history, Schema::Failure *failure)
{
    count = qBound(1, count, 3);
    QJsonArray wanted;
    QHash<QString, QList<Sample>> read;
    read.reserve(tickers.size());
    for (const QString &ticker : tickers) {
        if (read.contains(ticker))
            continue;
        read.insert(ticker, {});
        wanted.append(ticker);
    }
    if (wanted.isEmpty())
        return true;
    // One statement for the batch: a prepared statement per market cost most of the evaluation.
    bool ok = false;
    // On the runs and times themselves (SnapshotReads): through the snapshot_rows view the newest
    // rows cost the market's whole history. The candidates include the newest `count`; the rest
    // are cut below.
    QSqlQuery &query = prepared(PreviousSlot,
        SnapshotReads::newestRows(
            QStringLiteral(
                "m.ticker, t.snapshot_time, r.yes_bid, r.yes_ask, r.no_bid, r.no_ask, r.last_price, "
                "r.volume_24h"),
            SqlDialect::jsonTextElements(SqlDialect::of(m_connectionName), QStringLiteral("w"))
                + QStringLiteral(" JOIN markets AS m ON m.ticker = w.value"),
            QStringLiteral("m.id")),
        failure, &ok);
    if (!ok)
        return false;
    SnapshotReads::bindNewest(
        query, {QString::fromUtf8(QJsonDocument(wanted).toJson(QJsonDocument::Compact))}, time, count);
    if (!query.exec()) {
        *failure = Schema::Failure::fromSql(query.lastError());
        return false;
    }
    while (query.next()) {
        read[query.value(0).toString()].append(sampleAt(query, 2, query.value(1).toLongLong()));
    }
    query.finish();
    for (auto it = read.begin(); it != read.end(); ++it) {
        QList<Sample> &samples = it.value();
        std::sort(
            samples.begin(), samples.end(), [](const Sample &a, const Sample &b) { return a.time > b.time; });
        History &kept = (*history)[it.key()];
        kept = History();
        for (qsizetype i = 0; i < qMin<qsizetype>(samples.size(), count); ++i)
            kept.append(samples.at(i));
    }
    return true;
}

bool AlertEvaluator::readLatest(qint64 time, const QStringList &tickers, QHash<QString, History> *history,
    QStringList *notThere, Schema::Failure *failure)
{
    bool ok = false;
    QSqlQuery &latest = prepared(LatestTimeSlot,
        "SELECT snapshot_time, scope FROM snapshot_times WHERE snapshot_time <= ? "
        "ORDER BY snapshot_time DESC LIMIT 1",
        failure, &ok);
    if (!ok)
        return false;
    latest.addBindValue(time);
    if (!latest.exec()) {
        *failure = Schema::Failure::fromSql(latest.lastError());
        return false;
    }
    if (!latest.next()) {
        latest.finish();
        return true; // no snapshot before: no market has one
    }
    const qint64 newest = latest.value(0).toLongLong();
    const qint64 scope = latest.value(1).toLongLong();
    latest.finish();
    // The run of each market in that time's scope that starts last at or before it, if it reaches
    // the time: an index seek for the start, one for the run (newestRows() does several per scope).
    QSqlQuery &query = prepared(LatestSlot,
        QStringLiteral(
            "SELECT m.ticker, r.yes_bid, r.yes_ask, r.no_bid, r.no_ask, r.last_price, r.volume_24h "
            "FROM %1 JOIN markets AS m ON m.ticker = w.value "
            "JOIN snapshot_states AS r ON r.market_id = m.id AND r.scope = ? AND r.first_time = "
            "(SELECT max(q.first_time) FROM snapshot_states AS q WHERE q.market_id = m.id "
            "AND q.scope = ? AND q.first_time <= ?) "
            "WHERE r.last_time >= ?")
            .arg(SqlDialect::jsonTextElements(SqlDialect::of(m_connectionName), QStringLiteral("w"))),
        failure, &ok);
    if (!ok)
        return false;
    QJsonArray wanted;
    for (const QString &ticker : tickers)
        wanted.append(ticker);
    query.addBindValue(QString::fromUtf8(QJsonDocument(wanted).toJson(QJsonDocument::Compact)));
    query.addBindValue(scope);
    query.addBindValue(scope);
    query.addBindValue(newest);
    query.addBindValue(newest);
    if (!query.exec()) {
        *failure = Schema::Failure::fromSql(query.lastError());
        return false;
    }
    QSet<QString> found;
    while (query.next()) {
        const Sample sample = sampleAt(query, 1, newest);
        const QString ticker = query.value(0).toString();
        History &kept = (*history)[ticker];
        kept = History();
        kept.append(sample);
        found.insert(ticker);
    }
    query.finish();
    for (const QString &ticker : tickers) {
        if (!found.contains(ticker))
            notThere->append(ticker);
    }
    return true;
}

bool AlertEvaluator::lastPrices(
    const QString &ticker, qint64 from, qint64 to, QList<Sample> *samples, Schema::Failure *failure)
{
    bool ok = false;
    QSqlQuery &query = prepared(LastPricesSlot,
        // The runs that overlap the window, expanded over its times only.
        "SELECT t.snapshot_time, r.last_price FROM snapshot_states AS r "
        "JOIN snapshot_times AS t ON t.scope = r.scope AND t.snapshot_time >= r.first_time "
        "AND t.snapshot_time <= r.last_time "
        "WHERE r.market_id = (SELECT id FROM markets WHERE ticker = ?) "
        "AND r.last_time >= ? AND r.first_time < ? AND t.snapshot_time >= ? AND t.snapshot_time < ? "
        "ORDER BY t.snapshot_time",
        failure, &ok);
    if (!ok)
        return false;
    query.addBindValue(ticker);
    query.addBindValue(from);
    query.addBindValue(to);
    query.addBindValue(from);
    query.addBindValue(to);
    if (!query.exec()) {
        *failure = Schema::Failure::fromSql(query.lastError());
        return false;
    }
    samples->clear();
    while (query.next()) {
        Sample sample;
        sample.time = query.value(0).toLongLong();
        sample.lastPrice = optionalValue(query, 1);
        samples->append(sample);
    }
    query.finish();
    return true;
}

bool AlertEvaluator::appendUnfired(
    const QList<Candidate> &candidates, QList<AlertFiring> *firings, Schema::Failure *failure)
{
    if (candidates.isEmpty())
        return true;
    QMap<qint64, QJsonArray> tickersOfRule;
    for (const Candidate &candidate : candidates) {
        if (candidate.checkRecorded)
            tickersOfRule[candidate.firing.ruleId].append(candidate.firing.ticker);
    }
    if (tickersOfRule.isEmpty()) {
        for (const Candidate &candidate : candidates)
            firings->append(candidate.firing);
        return true;
    }
    bool ok = false;
    // The unique key (rule_id, ticker, snapshot_time) serves each ticker with one seek.
    QSqlQuery &query = prepared(FiredSinceSlot,
        QStringLiteral("SELECT e.ticker, max(e.snapshot_time) FROM alert_events AS e "
                       "WHERE e.rule_id = ? AND e.ticker IN (SELECT w.value FROM %1) GROUP BY e.ticker")
            .arg(SqlDialect::jsonTextElements(SqlDialect::of(m_connectionName), QStringLiteral("w"))),
        failure, &ok);
    if (!ok)
        return false;
    // The newest recorded firing per rule and ticker.
    QHash<qint64, QHash<QString, qint64>> newest;
    for (auto it = tickersOfRule.cbegin(); it != tickersOfRule.cend(); ++it) {
        query.addBindValue(it.key());
        query.addBindValue(QString::fromUtf8(QJsonDocument(it.value()).toJson(QJsonDocument::Compact)));
        if (!query.exec()) {
            *failure = Schema::Failure::fromSql(query.lastError());
            return false;
        }
        while (query.next())
            newest[it.key()].insert(query.value(0).toString(), query.value(1).toLongLong());
        query.finish();
    }
    for (const Candidate &candidate : candidates) {
        const auto ofRule
            = candidate.checkRecorded ? newest.constFind(candidate.firing.ruleId) : newest.constEnd();
        if (ofRule != newest.constEnd()) {
            const auto fired = ofRule->constFind(candidate.firing.ticker);
            if (fired != ofRule->constEnd() && *fired > candidate.after)
                continue;
        }
        firings->append(candidate.firing);
    }
    return true;
}

bool AlertEvaluator::firedWithStatus(
    qint64 ruleId, const QString &ticker, const QString &status, bool *fired, Schema::Failure *failure)
{
    bool ok = false;
    QSqlQuery &query = prepared(FiredStatusSlot,
        "SELECT 1 FROM alert_events WHERE rule_id = ? AND ticker = ? AND status = ? LIMIT 1", failure, &ok);
    if (!ok)
        return false;
    query.addBindValue(ruleId);
    query.addBindValue(ticker);
    query.addBindValue(status);
    if (!query.exec()) {
        *failure = Schema::Failure::fromSql(query.lastError());
        return false;
    }
    *fired = query.next();
    query.finish();
    return true;
}

namespace {

std::optional<qint64> fieldValue(AlertRule::Field field, const std::optional<qint64> &yesBid,
    const std::optional<qint64> &yesAsk, const std::optional<qint64> &noBid,
    const std::optional<qint64> &noAsk, const std::optional<qint64> &lastPrice)
{
    switch (field) {
    case AlertRule::Field::YesBid:
        return yesBid;
    case AlertRule::Field::YesAsk:
        return yesAsk;
    case AlertRule::Field::NoBid:
        return noBid;
    case AlertRule::Field::NoAsk:
        return noAsk;
    case AlertRule::Field::LastPrice:
        return lastPrice;
    case AlertRule::Field::Spread:
        if (yesBid && yesAsk)
            return *yesAsk - *yesBid;
        return std::nullopt;
    }
    return std::nullopt;
}

// Whether `value` is past the rule's level; none when the value is unknown.
std::optional<bool> beyondLevel(const AlertRule &rule, const std::optional<qint64> &value)
{
    if (!value)
        return std::nullopt;
    return rule.kind == AlertRule::Kind::Above ? *value > rule.level : *value < rule.level;
}

// The farthest price in the window from `current` when it is at least the rule's move away.
std::optional<qint64> movedFrom(const AlertRule &rule, qint64 current, const QList<qint64> &window)
{
    std::optional<qint64> farthest;
    for (const qint64 price : window) {
        const qint64 distance = price > current ? price - current : current - price;
        if (distance >= rule.level && (!farthest || distance > qAbs(*farthest - current)))
            farthest = price;
    }
    return farthest;
}

} // namespace

bool AlertEvaluator::evaluateSnapshot(const AlertRule &rule, const SnapshotRecord &batchRow,
    const History &history, bool checkRecorded, QList<Candidate> *candidates, Schema::Failure *failure)
{
    // The stored row, not the batch's: another process may have stored other prices for the same
    // market and second first (its row stays), and only stored rows decide what crossed.
    if (history.isEmpty() || history.first().time != batchRow.snapshotTime)
        return true;
    // The stored row, then the stored snapshots before it, newest first.
    const Sample &snapshot = history.first();
    const Earlier before{history};
    const QString &ticker = batchRow.ticker;
    AlertFiring firing;
    switch (rule.kind) {
    case AlertRule::Kind::Above:
    case AlertRule::Kind::Below: {
        if (before.isEmpty())
            return true;
        const Sample &prev = before.first();
        const std::optional<qint64> was
            = fieldValue(rule.field, prev.yesBid, prev.yesAsk, prev.noBid, prev.noAsk, prev.lastPrice);
        const std::optional<qint64> now = fieldValue(
            rule.field, snapshot.yesBid, snapshot.yesAsk, snapshot.noBid, snapshot.noAsk, snapshot.lastPrice);
        if (beyondLevel(rule, was) != std::optional<bool>(false)
            || beyondLevel(rule, now) != std::optional<bool>(true))
            return true;
        firing.valueBefore = was;
        firing.valueAfter = now;
        firing.message = QStringLiteral("%1: %2 %3 %4 (%5 -> %6)")
                             .arg(ticker, AlertRule::fieldName(rule.field),
                                 rule.kind == AlertRule::Kind::Above ? QStringLiteral("rose above")
                                                                     : QStringLiteral("fell below"),
                                 formatDollars(rule.level), formatDollars(*was), formatDollars(*now));
        firing.snapshotTime = prev.time; // the earlier snapshot, for the armed check below
        break;
    }
    case AlertRule::Kind::Move: {
        if (before.isEmpty() || !snapshot.lastPrice || !before.first().lastPrice)
            return true;
        const Sample prev = before.first();
        QList<Sample> window;
        if (!lastPrices(ticker, prev.time - rule.windowSecs, snapshot.time, &window, failure))
            return false;
        QList<qint64> windowNow;
        QList<qint64> windowBefore;
        for (const Sample &sample : std::as_const(window)) {
            if (!sample.lastPrice)
                continue;
            if (sample.time >= snapshot.time - rule.windowSecs)
                windowNow.append(*sample.lastPrice);
            if (sample.time < prev.time && sample.time >= prev.time - rule.windowSecs)
                windowBefore.append(*sample.lastPrice);
        }
        if (movedFrom(rule, *prev.lastPrice, windowBefore))
            return true; // already moved at the previous snapshot
        const std::optional<qint64> from = movedFrom(rule, *snapshot.lastPrice, windowNow);
        if (!from)
            return true;
        firing.valueBefore = from;
        firing.valueAfter = snapshot.lastPrice;
        firing.message = QStringLiteral("%1: last_price moved %2 within %3 s (%4 -> %5)")
                             .arg(ticker, formatDollars(*snapshot.lastPrice - *from))
                             .arg(rule.windowSecs)
                             .arg(formatDollars(*from), formatDollars(*snapshot.lastPrice));
        firing.snapshotTime = prev.time;
        break;
    }
    case AlertRule::Kind::VolumeJump: {
        if (before.isEmpty() || !before.first().volume24h || !snapshot.volume24h)
            return true;
        const qint64 was = *before.first().volume24h;
        if (*snapshot.volume24h - was < rule.level)
            return true;
        if (before.size() > 1 && before.at(1).volume24h && was - *before.at(1).volume24h >= rule.level)
            return true; // the jump goes on: it fired when it began
        firing.valueBefore = was;
        firing.valueAfter = snapshot.volume24h;
        firing.message = QStringLiteral("%1: volume_24h jumped by %2 contracts (%3 -> %4)")
                             .arg(ticker, formatContracts(*snapshot.volume24h - was), formatContracts(was),
                                 formatContracts(*snapshot.volume24h));
        firing.snapshotTime = before.first().time;
        break;
    }
    case AlertRule::Kind::StatusChange:
        return true;
    }
    // Recorded unless a firing of the rule for the market after the earlier snapshot exists
    // (appendUnfired()).
    const qint64 after = firing.snapshotTime;
    firing.ruleId = *rule.id;
    firing.kind = rule.kind;
    firing.note = rule.note;
    firing.ticker = ticker;
    firing.snapshotTime = snapshot.time;
    firing.message = withNote(rule, firing.message);
    candidates->append({std::move(firing), after, checkRecorded});
    return true;
}

bool AlertEvaluator::evaluateStatus(const AlertRule &rule, const MarketRecord &market, qint64 time,
    QList<AlertFiring> *firings, Schema::Failure *failure)
{
    const auto stored = m_statusBefore.constFind(market.ticker);
    if (stored == m_statusBefore.constEnd() || market.status.isEmpty())
        return true;
    if (stored->status == market.status && (market.result.isEmpty() || stored->result == market.result))
        return true;
    const QString now = statusText(market.status, market.result);
    bool fired = false;
    if (!firedWithStatus(*rule.id, market.ticker, now, &fired, failure))
        return false;
    if (fired)
        return true;
    AlertFiring firing;
    firing.ruleId = *rule.id;
    firing.kind = rule.kind;
    firing.note = rule.note;
    firing.ticker = market.ticker;
    firing.snapshotTime = time;
    firing.status = now;
    firing.message = withNote(rule,
        QStringLiteral("%1: status %2 -> %3")
            .arg(market.ticker, statusText(stored->status, stored->result), now));
    firings->append(firing);
    return true;
}

void AlertEvaluator::committed()
{
    if (std::exchange(m_pendingForgetAll, false)) {
        forgetRecent();
    } else {
        for (const auto &[ticker, history] : std::as_const(m_pendingRecent)) {
            if (history.isEmpty())
                m_recent.remove(ticker);
            else
                m_recent.insert(ticker, history);
        }
    }
    m_pendingRecent.clear();
}

void AlertEvaluator::forgetHistory()
{
    forgetRecent();
    m_pendingRecent.clear();
    m_pendingForgetAll = false;
}

void AlertEvaluator::forgetRecent()
{
    m_recent.clear();
    m_hasPrimed = false;
    m_primedTime.reset();
}

void AlertEvaluator::dropPrimedAtAnotherTime(const WriteBatch &batch)
{
    if (batch.snapshots.isEmpty())
        return;
    const qint64 time = m_primedTime.value_or(batch.snapshots.first().snapshotTime);
    bool another = false;
    for (const SnapshotRecord &snapshot : batch.snapshots) {
        if (snapshot.snapshotTime != time) {
            another = true;
            break;
        }
    }
    if (!another) {
        m_primedTime = time;
        return;
    }
    for (auto it = m_recent.begin(); it != m_recent.end();) {
        if (it->primed)
            it = m_recent.erase(it);
        else
            ++it;
    }
    m_hasPrimed = false;
    m_primedTime.reset();
}

bool AlertEvaluator::prime(Schema::Failure *failure)
{
    m_rulesValid = false;
    if (!loadRules(failure))
        return false;
    if (!m_canKeepHistory || m_rules.isEmpty())
        return true;
    // The newest snapshot time of the file and its scope (none: no market has a sample).
    bool ok = false;
    QSqlQuery &latest = prepared(LatestTimeSlot,
        "SELECT snapshot_time, scope FROM snapshot_times WHERE snapshot_time <= ? "
        "ORDER BY snapshot_time DESC LIMIT 1",
        failure, &ok);
    if (!ok)
        return false;
    latest.addBindValue(std::numeric_limits<qint64>::max());
    if (!latest.exec()) {
        *failure = Schema::Failure::fromSql(latest.lastError());
        return false;
    }
    if (!latest.next()) {
        latest.finish();
        return true;
    }
    const qint64 newest = latest.value(0).toLongLong();
    const qint64 scope = latest.value(1).toLongLong();
    latest.finish();
    // The markets the rules watch, found as whereOf() finds a market's event and series: by ticker,
    // by event, and by the series of their events (each term through an index; a market whose own
    // series names a series rule that its event does not is left to the first snapshot's read),
    // each with its run at the newest time, if it has one there (as readLatest() reads it).
    QJsonArray tickers;
    QJsonArray events;
    QJsonArray series;
    for (auto it = m_byTicker.cbegin(); it != m_byTicker.cend(); ++it)
        tickers.append(it.key());
    for (auto it = m_byEvent.cbegin(); it != m_byEvent.cend(); ++it)
        events.append(it.key());
    for (auto it = m_bySeries.cbegin(); it != m_bySeries.cend(); ++it)
        series.append(it.key());
    const SqlDialect::Backend backend = SqlDialect::of(m_connectionName);
    const QString list = SqlDialect::jsonTextElements(backend, QStringLiteral("w"));
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    if (!query.prepare(QStringLiteral(
            "SELECT m.ticker, m.event_ticker, m.series_ticker, e.series_ticker, r.market_id, r.yes_bid, "
            "r.yes_ask, r.no_bid, r.no_ask, r.last_price, r.volume_24h FROM markets AS m "
            "LEFT JOIN events AS e ON e.ticker = m.event_ticker "
            "LEFT JOIN snapshot_states AS r ON r.market_id = m.id AND r.scope = ? AND r.first_time = "
            "(SELECT max(q.first_time) FROM snapshot_states AS q WHERE q.market_id = m.id "
            "AND q.scope = ? AND q.first_time <= ?) AND r.last_time >= ? "
            "WHERE m.ticker IN (SELECT w.value FROM %1) OR m.event_ticker IN (SELECT w.value FROM %1) "
            "OR m.event_ticker IN (SELECT s.ticker FROM events AS s WHERE s.series_ticker IN "
            "(SELECT w.value FROM %1))")
                           .arg(list))) {
        *failure = Schema::Failure::fromSql(query.lastError());
        return false;
    }
    query.addBindValue(scope);
    query.addBindValue(scope);
    query.addBindValue(newest);
    query.addBindValue(newest);
    for (const QJsonArray *targets : {&tickers, &events, &series})
        query.addBindValue(QString::fromUtf8(QJsonDocument(*targets).toJson(QJsonDocument::Compact)));
    if (!query.exec()) {
        *failure = Schema::Failure::fromSql(query.lastError());
        return false;
    }
    // As many samples as the kept ones must hold for the market's rules: two for a volume jump
    // (evaluate() takes up to two kept ones), else one.
    QHash<QString, History> &read = m_recent; // empty: loadRules() read the rules
    QStringList notAtNewest;
    QStringList readTwo;
    while (query.next()) {
        Where where;
        where.ticker = query.value(0).toString();
        where.eventTicker = query.value(1).toString();
        where.seriesTicker = query.value(2).toString();
        if (where.seriesTicker.isEmpty())
            where.seriesTicker = query.value(3).toString();
        const MarketRules rules = rulesFor(where);
        if (rules.isEmpty())
            continue;
        bool jump = false;
        rules.forEach([&jump](const AlertRule &rule) {
            jump = jump || rule.kind == AlertRule::Kind::VolumeJump;
            return !jump;
        });
        if (jump) {
            readTwo.append(where.ticker);
        } else if (query.isNull(4)) {
            notAtNewest.append(where.ticker); // its newest sample is older (readPrevious())
        } else {
            History &kept = read[where.ticker];
            kept = History();
            kept.append(sampleAt(query, 5, newest));
        }
    }
    query.finish();
    constexpr qint64 any = std::numeric_limits<qint64>::max();
    if ((!notAtNewest.isEmpty() && !readPrevious(any, notAtNewest, 1, &read, failure))
        || (!readTwo.isEmpty() && !readPrevious(any, readTwo, 2, &read, failure)))
        return false;
    for (auto it = read.begin(); it != read.end();) {
        if (it->isEmpty()) {
            it = read.erase(it); // no stored snapshot: the first snapshot finds none either
        } else {
            it->primed = true;
            ++it;
        }
    }
    m_hasPrimed = !m_recent.isEmpty();
    m_primedTime.reset();
    return true;
}

bool AlertEvaluator::newestSnapshotTime(qint64 *time, Schema::Failure *failure)
{
    bool ok = false;
    QSqlQuery &query
        = prepared(NewestTimeSlot, "SELECT max(snapshot_time) FROM snapshot_times", failure, &ok);
    if (!ok)
        return false;
    if (!query.exec() || !query.next()) {
        *failure = Schema::Failure::fromSql(query.lastError());
        return false;
    }
    *time = query.value(0).toLongLong();
    query.finish();
    return true;
}

namespace {

// How many stored snapshots before `now` (the market's stored row) its rules need to judge it: none
// when no rule can fire whatever came before (a level rule whose value is not past its level now),
// one for a level or move rule, two for a volume jump (one that goes on fired when it began).
// `forEach`: AlertEvaluator::MarketRules::forEach of the market's rules.
template <typename ForEach> int earlierNeeded(const ForEach &forEach, const AlertEvaluator::Sample &now)
{
    int needed = 0;
    forEach([&needed, &now](const AlertRule &rule) {
        switch (rule.kind) {
        case AlertRule::Kind::Above:
        case AlertRule::Kind::Below:
            if (beyondLevel(
                    rule, fieldValue(rule.field, now.yesBid, now.yesAsk, now.noBid, now.noAsk, now.lastPrice))
                == std::optional<bool>(true))
                needed = qMax(needed, 1);
            break;
        case AlertRule::Kind::Move:
            needed = qMax(needed, 1);
            break;
        case AlertRule::Kind::VolumeJump:
            needed = 2;
            return false;
        case AlertRule::Kind::StatusChange:
            break;
        }
        return true;
    });
    return needed;
}

} // namespace

bool AlertEvaluator::evaluate(const WriteBatch &batch, qint64 batchTime, int snapshotsStored,
    QList<AlertFiring> *firings, Schema::Failure *failure)
{
    m_pendingRecent.clear();
    m_pendingForgetAll = false;
    if (m_hasPrimed)
        dropPrimedAtAnotherTime(batch);
    if (m_rules.isEmpty())
        return true;
    if (m_listingsLookedUpCount != batch.markets.size() || m_listingsLookedUp != batch.markets.constData())
        lookUpListings(batch.markets);
    QHash<QString, qsizetype> listings;

    const qsizetype snapshotCount = batch.snapshots.size();
    std::vector<MarketRules> rulesOfSnapshot(static_cast<std::size_t>(snapshotCount));
    QMap<qint64, QList<qsizetype>> watchedAt; // indexes into batch.snapshots
    qsizetype watchedCount = 0;
    for (qsizetype i = 0; i < snapshotCount; ++i) {
        const SnapshotRecord &snapshot = batch.snapshots.at(i);
        MarketRules &rules = rulesOfSnapshot[std::size_t(i)];
        if (!rulesOfTicker(snapshot.ticker, batch.markets, i, &listings, &rules, failure))
            return false;
        if (!rules.isEmpty()) {
            watchedAt[snapshot.snapshotTime].append(i);
            ++watchedCount;
        }
    }
    // Of each watched snapshot (historyOf: its index into `history`, or -1): the stored row at its
    // time, then the stored snapshots before it.
    std::vector<History> history(static_cast<std::size_t>(watchedCount));
    std::vector<qsizetype> historyOf(watchedCount > 0 ? std::size_t(snapshotCount) : 0, -1);
    // Of each watched snapshot (by historyOf): whether its history came from the kept samples.
    std::vector<char> fromKept(static_cast<std::size_t>(watchedCount), 0);
    {
        qsizetype next = 0;
        for (const QList<qsizetype> &indexes : std::as_const(watchedAt)) {
            for (const qsizetype i : indexes)
                historyOf[std::size_t(i)] = next++;
        }
    }
    // The kept samples serve a batch of one snapshot time whose every row was stored (so the
    // stored rows are the batch's: no ticker twice, none stored before by another writer). Any other
    // batch reads from the file and makes the kept samples be forgotten at its commit.
    const bool keptServe
        = m_canKeepHistory && watchedAt.size() == 1 && snapshotsStored == batch.snapshots.size();
    m_pendingForgetAll = !watchedAt.isEmpty() && !keptServe;
    if (keptServe) {
        const qint64 time = watchedAt.firstKey();
        const QList<qsizetype> &watched = watchedAt.first();
        // The markets not kept: their stored row at `time` is the batch's, so only the snapshots
        // before it are read, and only as many as their rules need (earlierNeeded()). A market
        // none of whose rules can fire now keeps its row alone: its rules look no further back at
        // the next snapshot either (a rule change forgets the kept samples).
        QStringList readOne;
        QStringList readTwo;
        QList<qsizetype> notKept;
        for (const qsizetype i : watched) {
            const SnapshotRecord &snapshot = batch.snapshots.at(i);
            History &samples = history[std::size_t(historyOf[std::size_t(i)])];
            Sample stored;
            stored.time = time;
            stored.yesBid = snapshot.yesBid;
            stored.yesAsk = snapshot.yesAsk;
            stored.noBid = snapshot.noBid;
            stored.noAsk = snapshot.noAsk;
            stored.lastPrice = snapshot.lastPrice;
            stored.volume24h = snapshot.volume24h;
            samples.append(stored);
            const auto kept = m_recent.constFind(snapshot.ticker);
            if (kept == m_recent.constEnd() || kept->isEmpty() || kept->first().time >= time) {
                notKept.append(i);
                const MarketRules &rules = rulesOfSnapshot[std::size_t(i)];
                const int needed = earlierNeeded(
                    [&rules](const auto &function) { return rules.forEach(function); }, stored);
                if (needed > 0)
                    (needed > 1 ? readTwo : readOne).append(snapshot.ticker);
                continue;
            }
            for (qsizetype k = 0; k < qMin<qsizetype>(kept->count, 2); ++k)
                samples.append(kept->samples[std::size_t(k)]);
            // Primed samples too: the newest row of the market in the file when prime() read it,
            // with no commit of another connection since (loadRules()) and none of this one but
            // this batch's row (dropPrimedAtAnotherTime()). A firing's time is a stored snapshot's,
            // and a prune never removes a market's newest row while keeping an older one, so no
            // firing after it can exist either.
            fromKept[std::size_t(historyOf[std::size_t(i)])] = 1;
        }
        qint64 newest = 0;
        if (!notKept.isEmpty()) {
            QHash<QString, History> read;
            read.reserve(readOne.size() + readTwo.size());
            QStringList notAtLatest;
            if ((!readOne.isEmpty() && !readLatest(time - 1, readOne, &read, &notAtLatest, failure))
                || (!notAtLatest.isEmpty() && !readPrevious(time - 1, notAtLatest, 1, &read, failure))
                || (!readTwo.isEmpty() && !readPrevious(time - 1, readTwo, 2, &read, failure)))
                return false;
            if (!read.isEmpty()) {
                for (const qsizetype i : std::as_const(notKept)) {
                    const auto before = read.constFind(batch.snapshots.at(i).ticker);
                    if (before == read.constEnd())
                        continue;
                    History &samples = history[std::size_t(historyOf[std::size_t(i)])];
                    for (qsizetype k = 0; k < before->count; ++k)
                        samples.append(before->samples[std::size_t(k)]);
                }
            }
            // A history read at or before the newest time of the file is the market's newest.
            if (!newestSnapshotTime(&newest, failure))
                return false;
        }
        m_pendingRecent.reserve(watched.size());
        qsizetype nextNotKept = 0;
        for (const qsizetype i : watched) {
            const bool wasKept = nextNotKept >= notKept.size() || notKept.at(nextNotKept) != i;
            if (!wasKept)
                ++nextNotKept;
            m_pendingRecent.append({batch.snapshots.at(i).ticker,
                wasKept || newest == time ? history[std::size_t(historyOf[std::size_t(i)])] : History()});
        }
    } else {
        for (auto it = watchedAt.cbegin(); it != watchedAt.cend(); ++it) {
            QStringList tickers;
            tickers.reserve(it.value().size());
            for (const qsizetype i : it.value())
                tickers.append(batch.snapshots.at(i).ticker);
            QHash<QString, History> read;
            if (!readPrevious(it.key(), tickers, 3, &read, failure))
                return false;
            for (const qsizetype i : it.value())
                history[std::size_t(historyOf[std::size_t(i)])] = read.value(batch.snapshots.at(i).ticker);
        }
    }
    QList<Candidate> candidates;
    for (qsizetype i = 0; i < snapshotCount; ++i) {
        const MarketRules &rules = rulesOfSnapshot[std::size_t(i)];
        if (rules.isEmpty())
            continue;
        const auto at = std::size_t(historyOf[std::size_t(i)]);
        const SnapshotRecord &snapshot = batch.snapshots.at(i);
        if (!rules.forEach([&](const AlertRule &rule) {
                return evaluateSnapshot(rule, snapshot, history[at], !fromKept[at], &candidates, failure);
            }))
            return false;
    }
    if (!appendUnfired(candidates, firings, failure))
        return false;
    if (!m_statusListings.isEmpty()) {
        const qint64 time = batch.snapshots.isEmpty() ? batchTime : batch.snapshots.first().snapshotTime;
        // The last listing of a market is the one stored (captureStatuses() found it).
        for (const qsizetype index : std::as_const(m_statusListings)) {
            if (index >= batch.markets.size())
                continue;
            const MarketRecord &market = batch.markets.at(index);
            MarketRules rules;
            if (!rulesOfTicker(market.ticker, batch.markets, index, &listings, &rules, failure))
                return false;
            if (!rules.forEach([&](const AlertRule &rule) {
                    return rule.kind != AlertRule::Kind::StatusChange
                        || evaluateStatus(rule, market, time, firings, failure);
                }))
                return false;
        }
    }
    return true;
}

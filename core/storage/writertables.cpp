#include "storage/writertables.h"

namespace {

QString placeholderSeries(const MarketRecord &market)
{
    if (!market.seriesTicker.isEmpty())
        return market.seriesTicker;
    const qsizetype dash = market.eventTicker.indexOf(u'-');
    return dash > 0 ? market.eventTicker.left(dash) : market.eventTicker;
}

qint64 scopeValue(const SnapshotTimeRecord &time)
{
    return qint64(time.scope);
}

qint64 candlePeriod(const CandleRecord &candle)
{
    return candle.periodMinutes;
}

qint64 rangePeriod(const CandleRangeRecord &range)
{
    return range.periodMinutes;
}

} // namespace

namespace WriterTables {

const TableDescription<MarketRecord> &placeholderEvents()
{
    using T = TableDescription<MarketRecord>;
    static const T table{QStringLiteral("events"), TableStatement::OnConflict::Ignore,
        {
            T::text<&MarketRecord::eventTicker>("ticker").key(),
            T::text<&placeholderSeries>("series_ticker"),
            T::text<&MarketRecord::eventTicker>("title"),
            T::constant("is_placeholder", "1"),
            T::batchTime("updated_at"),
        }};
    return table;
}

const TableDescription<EventRecord> &events()
{
    using T = TableDescription<EventRecord>;
    static const T table{QStringLiteral("events"), TableStatement::OnConflict::Update,
        {
            T::text<&EventRecord::ticker>("ticker").key(),
            T::text<&EventRecord::seriesTicker>("series_ticker"),
            T::text<&EventRecord::title>("title"),
            T::nullableText<&EventRecord::subTitle>("sub_title"),
            T::nullableText<&EventRecord::category>("category"),
            T::integer<&EventRecord::mutuallyExclusive>("mutually_exclusive"),
            T::constant("is_placeholder", "0"),
            T::batchTime("updated_at"),
        }};
    return table;
}

const TableDescription<MarketRecord> &markets()
{
    using T = TableDescription<MarketRecord>;
    static const T table{QStringLiteral("markets"), TableStatement::OnConflict::Update,
        {
            T::text<&MarketRecord::ticker>("ticker").key(),
            T::text<&MarketRecord::eventTicker>("event_ticker").guarded(),
            T::nullableText<&MarketRecord::seriesTicker>("series_ticker"),
            T::nullableText<&MarketRecord::marketType>("market_type"),
            T::text<&MarketRecord::title>("title"),
            T::nullableText<&MarketRecord::subtitle>("subtitle"),
            T::nullableText<&MarketRecord::yesSubTitle>("yes_sub_title"),
            T::nullableText<&MarketRecord::noSubTitle>("no_sub_title"),
            T::text<&MarketRecord::status>("status").guarded(),
            T::nullableText<&MarketRecord::result>("result"),
            T::integer<&MarketRecord::openTime>("open_time"),
            T::integer<&MarketRecord::closeTime>("close_time").guarded(),
            T::integer<&MarketRecord::expirationTime>("expiration_time"),
            T::integer<&MarketRecord::settlementTs>("settlement_ts"),
            T::integer<&MarketRecord::yesBid>("yes_bid"),
            T::integer<&MarketRecord::yesAsk>("yes_ask"),
            T::integer<&MarketRecord::noBid>("no_bid"),
            T::integer<&MarketRecord::noAsk>("no_ask"),
            T::integer<&MarketRecord::lastPrice>("last_price"),
            T::integer<&MarketRecord::volume>("volume"),
            // In schema 8's index of the 24 h volume order; it moves for every traded market, so
            // its guarded update is one of its own (TableStatement::Column::guardGroup).
            T::integer<&MarketRecord::volume24h>("volume_24h").guarded(1),
            T::integer<&MarketRecord::openInterest>("open_interest"),
            T::integer<&MarketRecord::liquidity>("liquidity"),
            T::batchTime("updated_at"),
        }};
    return table;
}

const TableDescription<SettlementRecord> &settlements()
{
    using T = TableDescription<SettlementRecord>;
    static const T table{QStringLiteral("settlements"), TableStatement::OnConflict::Update,
        {
            T::text<&SettlementRecord::ticker>("ticker").key(),
            T::text<&SettlementRecord::eventTicker>("event_ticker"),
            T::text<&SettlementRecord::result>("result"),
            T::integer<&SettlementRecord::settledAt>("settled_at"),
            T::integer<&SettlementRecord::settlementValue>("settlement_value"),
        }};
    return table;
}

const TableDescription<SnapshotRecord> &snapshots()
{
    using T = TableDescription<SnapshotRecord>;
    // The market id comes from markets inside the statement: an unknown ticker yields NULL and
    // fails the batch on NOT NULL instead of being dropped silently. snapshot_rows is a view (schema
    // version 7): its INSTEAD OF INSERT trigger upserts the market's run in snapshot_states, and
    // keeps a market and time already stored as it is (ON CONFLICT there).
    static const T table{QStringLiteral("snapshot_rows"), TableStatement::OnConflict::ByTrigger,
        {
            T::text<&SnapshotRecord::ticker>("market_id")
                .key()
                .as("(SELECT id FROM markets WHERE ticker = CAST(? AS TEXT))"),
            T::integer<&SnapshotRecord::snapshotTime>("snapshot_time").key(),
            T::integer<&SnapshotRecord::yesBid>("yes_bid"),
            T::integer<&SnapshotRecord::yesAsk>("yes_ask"),
            T::integer<&SnapshotRecord::noBid>("no_bid"),
            T::integer<&SnapshotRecord::noAsk>("no_ask"),
            T::integer<&SnapshotRecord::lastPrice>("last_price"),
            T::integer<&SnapshotRecord::volume>("volume"),
            T::integer<&SnapshotRecord::volume24h>("volume_24h"),
            T::integer<&SnapshotRecord::openInterest>("open_interest"),
        }};
    return table;
}

const TableDescription<SnapshotTimeRecord> &snapshotTimes()
{
    using T = TableDescription<SnapshotTimeRecord>;
    // A time stored already keeps its scope; the schema's trigger gives a time older than the newest
    // of its scope a scope of its own.
    static const T table{QStringLiteral("snapshot_times"), TableStatement::OnConflict::Ignore,
        {
            T::integer<&SnapshotTimeRecord::snapshotTime>("snapshot_time").key(),
            T::integer<&scopeValue>("scope"),
        }};
    return table;
}

const TableDescription<CandleRecord> &candles()
{
    using T = TableDescription<CandleRecord>;
    // Like snapshots: an unknown ticker fails the batch on NOT NULL instead of dropping the rows.
    static const T table{QStringLiteral("candles"), TableStatement::OnConflict::Update,
        {
            T::text<&CandleRecord::ticker>("market_id")
                .key()
                .as("(SELECT id FROM markets WHERE ticker = CAST(? AS TEXT))"),
            T::integer<&candlePeriod>("period_minutes").key(),
            T::integer<&CandleRecord::periodEnd>("period_end").key(),
            T::integer<&CandleRecord::yesBidOpen>("yes_bid_open"),
            T::integer<&CandleRecord::yesBidHigh>("yes_bid_high"),
            T::integer<&CandleRecord::yesBidLow>("yes_bid_low"),
            T::integer<&CandleRecord::yesBidClose>("yes_bid_close"),
            T::integer<&CandleRecord::yesAskOpen>("yes_ask_open"),
            T::integer<&CandleRecord::yesAskHigh>("yes_ask_high"),
            T::integer<&CandleRecord::yesAskLow>("yes_ask_low"),
            T::integer<&CandleRecord::yesAskClose>("yes_ask_close"),
            T::integer<&CandleRecord::priceOpen>("price_open"),
            T::integer<&CandleRecord::priceHigh>("price_high"),
            T::integer<&CandleRecord::priceLow>("price_low"),
            T::integer<&CandleRecord::priceClose>("price_close"),
            T::integer<&CandleRecord::pricePrevious>("price_previous"),
            T::integer<&CandleRecord::volume>("volume"),
            T::integer<&CandleRecord::openInterest>("open_interest"),
        }};
    return table;
}

const TableDescription<CandleRangeRecord> &candleRanges()
{
    using T = TableDescription<CandleRangeRecord>;
    static const T table{QStringLiteral("candle_ranges"), TableStatement::OnConflict::Ignore,
        {
            T::text<&CandleRangeRecord::ticker>("market_id")
                .key()
                .as("(SELECT id FROM markets WHERE ticker = CAST(? AS TEXT))"),
            T::integer<&rangePeriod>("period_minutes").key(),
            T::integer<&CandleRangeRecord::rangeStart>("range_start").key(),
            T::integer<&CandleRangeRecord::rangeEnd>("range_end").key(),
        }};
    return table;
}

const TableDescription<WatchlistEntry> &watchlist()
{
    using T = TableDescription<WatchlistEntry>;
    static const T table{QStringLiteral("watchlist"), TableStatement::OnConflict::Ignore,
        {
            T::text<&WatchlistEntry::ticker>("ticker").key(),
            T::batchTime("added_at"),
        }};
    return table;
}

const TableDescription<AlertRule> &alertRules()
{
    using T = TableDescription<AlertRule>;
    static const T table{QStringLiteral("alert_rules"), TableStatement::OnConflict::Ignore,
        {
            T::integer<&AlertRule::id>("id").key(),
            T::text<&AlertRule::scopeText>("scope"),
            T::text<&AlertRule::target>("target"),
            T::text<&AlertRule::kindText>("kind"),
            T::nullableText<&AlertRule::fieldText>("field"),
            T::integer<&AlertRule::levelValue>("level"),
            T::integer<&AlertRule::windowValue>("window_secs"),
            T::nullableText<&AlertRule::note>("note"),
            T::batchTime("created_at"),
        }};
    return table;
}

const TableDescription<AlertFiring> &alertEvents()
{
    using T = TableDescription<AlertFiring>;
    static const T table{QStringLiteral("alert_events"), TableStatement::OnConflict::Ignore,
        {
            T::integer<&AlertFiring::ruleId>("rule_id").key(),
            T::text<&AlertFiring::ticker>("ticker").key(),
            T::integer<&AlertFiring::snapshotTime>("snapshot_time").key(),
            T::batchTime("fired_at"),
            T::integer<&AlertFiring::valueBefore>("value_before"),
            T::integer<&AlertFiring::valueAfter>("value_after"),
            T::nullableText<&AlertFiring::status>("status"),
            T::text<&AlertFiring::message>("message"),
        }};
    return table;
}

QList<const TableStatement *> all()
{
    return {&placeholderEvents().statement(), &events().statement(), &markets().statement(),
        &settlements().statement(), &snapshotTimes().statement(), &snapshots().statement(),
        &candles().statement(), &candleRanges().statement(), &watchlist().statement(),
        &alertRules().statement(), &alertEvents().statement()};
}

QString problem()
{
    for (const QString &problem :
        {placeholderEvents().problem(), events().problem(), markets().problem(), settlements().problem(),
            snapshotTimes().problem(), snapshots().problem(), candles().problem(), candleRanges().problem(),
            watchlist().problem(), alertRules().problem(), alertEvents().problem()}) {
        if (!problem.isEmpty())
            return problem;
    }
    return QString();
}

} // namespace WriterTables

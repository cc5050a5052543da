#include "markettablemodel.h"

#include "storage/marketsearch.h"

namespace {

// Hidden after the visible columns.
constexpr int subtitleColumn = MarketTableModel::ColumnCount;

} // namespace

MarketTableModel::MarketTableModel(QObject *parent)
    : BrowserTableModel(parent)
{
}

MarketTableModel::~MarketTableModel() = default;

QString MarketTableModel::sourceSql() const
{
    return QStringLiteral(
        "SELECT ticker, title, event_ticker, status, yes_bid, yes_ask, last_price, volume_24h, "
        "volume, open_interest, close_time, result, updated_at, subtitle, id FROM markets");
}

const QList<BrowserTableModel::ColumnSpec> &MarketTableModel::columnSpecs() const
{
    // Statuses sort in the order of a market's life, not alphabetically.
    static const QList<ColumnSpec> specs = {
        {QLatin1String("ticker"), ValueKind::Text, false},
        {QLatin1String("title"), ValueKind::Text, false, QLatin1String("%1 COLLATE NOCASE")},
        {QLatin1String("event_ticker"), ValueKind::Text, false},
        {QLatin1String("status"), ValueKind::MarketStatus, false,
            QLatin1String(
                "CASE %1 WHEN 'initialized' THEN 0 WHEN 'unopened' THEN 0 WHEN 'active' THEN 1 "
                "WHEN 'open' THEN 1 WHEN 'inactive' THEN 2 WHEN 'paused' THEN 2 WHEN 'closed' THEN 3 "
                "WHEN 'determined' THEN 4 WHEN 'disputed' THEN 5 WHEN 'amended' THEN 6 "
                "WHEN 'finalized' THEN 7 WHEN 'settled' THEN 7 ELSE 8 END")},
        {QLatin1String("yes_bid"), ValueKind::Price, true},
        {QLatin1String("yes_ask"), ValueKind::Price, true},
        {QLatin1String("last_price"), ValueKind::Price, true},
        {QLatin1String("volume_24h"), ValueKind::Contracts, true},
        {QLatin1String("volume"), ValueKind::Contracts, true},
        {QLatin1String("open_interest"), ValueKind::Contracts, true},
        {QLatin1String("close_time"), ValueKind::Time, true},
        {QLatin1String("result"), ValueKind::SettlementResult, true},
        {QLatin1String("updated_at"), ValueKind::Time, false},
        {QLatin1String("subtitle"), ValueKind::Text, true},
    };
    return specs;
}

QString MarketTableModel::columnTitle(int column) const
{
    switch (column) {
    case Ticker:
        return tr("Ticker");
    case Title:
        return tr("Title");
    case Event:
        return tr("Event");
    case Status:
        return tr("Status");
    case YesBid:
        return tr("Yes bid");
    case YesAsk:
        return tr("Yes ask");
    case LastPrice:
        return tr("Last");
    case Volume24h:
        return tr("Volume 24 h");
    case Volume:
        return tr("Volume");
    case OpenInterest:
        return tr("Open interest");
    case CloseTime:
        return tr("Closes");
    case Result:
        return tr("Result");
    case Updated:
        return tr("Updated");
    default:
        return QString();
    }
}

QString MarketTableModel::columnToolTip(int column) const
{
    switch (column) {
    case YesBid:
        return tr("Best bid for YES");
    case YesAsk:
        return tr("Best ask for YES");
    case LastPrice:
        return tr("Price of the last trade");
    case Volume24h:
        return tr("Contracts traded in the last 24 hours");
    case Volume:
        return tr("Contracts traded");
    case OpenInterest:
        return tr("Contracts outstanding");
    case CloseTime:
        return tr("When trading closes (local time)");
    case Updated:
        return tr("When this market was last stored (local time)");
    case Result:
        return tr("How the market settled, once it has");
    default:
        return QString();
    }
}

QString MarketTableModel::statusGroupSql()
{
    static const QString sql = [] {
        QString expression = QStringLiteral("(CASE status");
        for (const StatusFilter group : {StatusFilter::Unopened, StatusFilter::Open, StatusFilter::Paused,
                 StatusFilter::Closed, StatusFilter::Settled}) {
            const QStringList statuses = statusValues(group);
            for (const QString &status : statuses)
                expression += QStringLiteral(" WHEN '") + status + QStringLiteral("' THEN ")
                    + QString::number(int(group));
        }
        expression += QStringLiteral(" ELSE 0 END)");
        return expression;
    }();
    return sql;
}

void MarketTableModel::appendFilterTerms(
    const Filter &filter, FilterUse use, QStringList *terms, QVariantList *values) const
{
    const QString unindexed = use == FilterUse::TickerOrder ? QStringLiteral("+") : QString();
    const QStringList statuses = statusValues(filter.status);
    if (!statuses.isEmpty() && use == FilterUse::SortOrder) {
        // Leads the index (status group, volume_24h DESC, ticker): in 24 h volume order the first
        // and the last page are a walk along it, not a sort of every market of the group.
        *terms << statusGroupSql() + QStringLiteral(" = ?");
        values->append(int(filter.status));
    } else if (!statuses.isEmpty()) {
        QStringList placeholders;
        for (const QString &status : statuses) {
            placeholders << QStringLiteral("?");
            values->append(status);
        }
        *terms << unindexed + QStringLiteral("status IN (") + placeholders.join(u',') + u')';
    }
    if (!filter.eventTicker.isEmpty()) {
        // Selective: its index is worth using in any order.
        *terms << QStringLiteral("event_ticker = ?");
        values->append(filter.eventTicker);
    }
    if (!filter.category.isEmpty()) {
        *terms << unindexed
                + QStringLiteral("event_ticker IN (SELECT ticker FROM events WHERE category = ?)");
        values->append(filter.category);
    }
}

QString MarketTableModel::searchCondition(const QString &text, QVariantList *values) const
{
    // PostgreSQL has no FTS5 index: the words are matched with ILIKE like the other tables'.
    const QString match
        = backend() == SqlDialect::Backend::Sqlite ? MarketSearch::matchExpression(text) : QString();
    if (match.isEmpty())
        return BrowserTableModel::searchCondition(text, values);
    values->append(match);
    return QStringLiteral("id IN (SELECT rowid FROM market_search WHERE market_search MATCH ?)");
}

QString MarketTableModel::searchWalkCondition(const QString &text, QVariantList *values) const
{
    const QString match
        = backend() == SqlDialect::Backend::Sqlite ? MarketSearch::matchExpression(text) : QString();
    if (match.isEmpty())
        return searchCondition(text, values);
    // The same rows as searchCondition()'s; `id IN (...)` would first insert every match into a
    // temporary b-tree (199,600 for "gamma"*), this reads them into a sorted list once.
    values->append(match);
    return QStringLiteral("km_search_hit(id, ?)");
}

QString MarketTableModel::searchMatchBoundSql(const QString &text, QVariantList *values) const
{
    const QString match
        = backend() == SqlDialect::Backend::Sqlite ? MarketSearch::matchExpression(text) : QString();
    if (match.isEmpty())
        return QString();
    // The full-text index alone, which stops at the bound (no markets row is read). The last word
    // as a whole word first: its list is read as it is, while the prefix's lists are merged
    // before the first row (all 199,600 rows of "gamma"* on 1,000,000 markets: 10 to 22 ms
    // against 1 ms for "gamma"); the prefix matches at least as many, so more whole-word matches
    // than the bound answer for it.
    // A last word of at most three characters reads one list of the prefix index (schema 9), not
    // merged; counting the whole words first would only repeat the other words' AND (a second
    // pass over "above", in nearly every market, for "alpha above 51"). Either way the answer is
    // above the bound exactly when the prefix has more matches than the bound.
    const QString limit = QString::number(BrowserReader::sortedMatchesBound + 1);
    const QString bound = QString::number(BrowserReader::sortedMatchesBound);
    const QString boundedCount = QStringLiteral(
        "(SELECT count(*) FROM (SELECT 1 FROM market_search WHERE market_search MATCH ? LIMIT %1))")
                                     .arg(limit);
    const QStringList words = match.split(u' ');
    const QString &lastWord = words.constLast();
    const qsizetype lastWordLength = lastWord.size() - 3; // "word"*
    QString counted;
    QVariantList countedValues;
    if (lastWordLength <= 3) {
        countedValues.append(match);
        counted = QStringLiteral(
            "(SELECT count(*) FROM (SELECT 1 FROM market_search WHERE market_search MATCH ? LIMIT ?))");
    } else {
        QString wholeWords = match;
        wholeWords.chop(1);
        countedValues.append(wholeWords);
        countedValues.append(match);
        counted = QStringLiteral(
            "CASE WHEN %1 > %2 THEN %3 ELSE (SELECT count(*) FROM (SELECT 1 FROM market_search "
            "WHERE market_search MATCH ? LIMIT ?)) END")
                      .arg(boundedCount, bound, limit);
    }
    if (words.size() < 2 || lastWordLength > 3) {
        values->append(countedValues);
        return QStringLiteral("SELECT ") + counted;
    }
    // Several words, the last in a prefix index: every match holds that word, so its own count is
    // an upper bound too, and one within the bound decides as the count of all words would. It
    // reads one list up to the bound; the words' AND may read much more ("above", in nearly every
    // market, for "alpha above 51": 7 to 9 ms CPU against under 1 ms for "51"* alone), and a
    // ranked page reads that AND again. (Every word counted alone cost up to 1 ms more per word
    // where none was within the bound, as for "kxev 0042"; a last word of 1 to 3 characters is
    // the one that is often selective, a number.)
    values->append(lastWord);
    values->append(countedValues);
    // The last word's count first in the text, as its value comes first; the bound's last value
    // (the reader's) is the last placeholder.
    return QStringLiteral(
        "WITH alone(fewest) AS (SELECT %1) SELECT CASE WHEN fewest <= %2 THEN fewest ELSE %3 END "
        "FROM alone")
        .arg(boundedCount, bound, counted);
}

bool MarketTableModel::ranksSearch(const QString &text) const
{
    return backend() == SqlDialect::Backend::Sqlite && !MarketSearch::matchExpression(text).isEmpty();
}

QString MarketTableModel::relevanceJoinSql(const QString &text, QVariantList *values) const
{
    if (!ranksSearch(text))
        return QString();
    // The columns that hold every word: the ticker alone (0), with the title (1), with the
    // subtitles (2), else the event's title is needed (3): km_search_tier() reads them from the
    // match's own position lists (MarketSearch::registerSqliteFunctions), one MATCH for all tiers.
    // Until 2026-12-07 each tier was a column-filtered MATCH of its own (up to four in all);
    // FTS5's bm25() was tried before and dropped: its first call counts every row holding each
    // word ("above": most of 1,000,000 markets), which cost more than the page.
    values->append(MarketSearch::matchExpression(text));
    return QStringLiteral(
        "JOIN (SELECT rowid AS search_id, km_search_tier(market_search) AS search_rank FROM market_search "
        "WHERE market_search MATCH ?) AS search_hits ON search_hits.search_id = source_rows.id");
}

QStringList MarketTableModel::searchAliases() const
{
    return {QStringLiteral("ticker"), QStringLiteral("title")};
}

QVariant MarketTableModel::toolTip(int row, int column) const
{
    if (column == Title) {
        const QString subtitle = rawValue(row, subtitleColumn).toString();
        const QString title = rawValue(row, Title).toString();
        return subtitle.isEmpty() ? title : title + u'\n' + subtitle;
    }
    return BrowserTableModel::toolTip(row, column);
}

#include "eventtablemodel.h"

namespace {

constexpr int subTitleColumn = EventTableModel::ColumnCount;

} // namespace

EventTableModel::EventTableModel(QObject *parent)
    : BrowserTableModel(parent)
{
}

EventTableModel::~EventTableModel() = default;

QString EventTableModel::sourceSql() const
{
    // The count is a lookup in markets_event per row, so it costs only for the rows read.
    return QStringLiteral(
        "SELECT e.ticker AS ticker, e.series_ticker AS series_ticker, e.title AS title, "
        "e.category AS category, "
        "(SELECT count(*) FROM markets AS m WHERE m.event_ticker = e.ticker) AS market_count, "
        "e.is_placeholder AS is_placeholder, e.sub_title AS sub_title FROM events AS e");
}

const QList<BrowserTableModel::ColumnSpec> &EventTableModel::columnSpecs() const
{
    static const QList<ColumnSpec> specs = {
        {QLatin1String("ticker"), ValueKind::Text, false},
        {QLatin1String("series_ticker"), ValueKind::Text, false},
        {QLatin1String("title"), ValueKind::Text, false, QLatin1String("%1 COLLATE NOCASE")},
        {QLatin1String("category"), ValueKind::Text, true, QLatin1String("%1 COLLATE NOCASE")},
        {QLatin1String("market_count"), ValueKind::Integer, false},
        {QLatin1String("is_placeholder"), ValueKind::Flag, false},
        {QLatin1String("sub_title"), ValueKind::Text, true},
    };
    return specs;
}

QString EventTableModel::columnTitle(int column) const
{
    switch (column) {
    case Ticker:
        return tr("Ticker");
    case Series:
        return tr("Series");
    case Title:
        return tr("Title");
    case Category:
        return tr("Category");
    case MarketCount:
        return tr("Markets");
    case Placeholder:
        return tr("Synced");
    default:
        return QString();
    }
}

QString EventTableModel::columnToolTip(int column) const
{
    switch (column) {
    case MarketCount:
        return tr("Markets of this event in the database");
    case Placeholder:
        return tr("Whether the event itself has been synced, or only a market of it (a placeholder row)");
    default:
        return QString();
    }
}

void EventTableModel::appendFilterTerms(
    const Filter &filter, FilterUse use, QStringList *terms, QVariantList *values) const
{
    const QString unindexed = use == FilterUse::TickerOrder ? QStringLiteral("+") : QString();
    if (!filter.category.isEmpty()) {
        *terms << unindexed + QStringLiteral("category = ?");
        values->append(filter.category);
    }
}

QStringList EventTableModel::searchAliases() const
{
    return {QStringLiteral("ticker"), QStringLiteral("title")};
}

QVariant EventTableModel::toolTip(int row, int column) const
{
    if (column == Title) {
        const QString subTitle = rawValue(row, subTitleColumn).toString();
        const QString title = rawValue(row, Title).toString();
        return subTitle.isEmpty() ? title : title + u'\n' + subTitle;
    }
    return BrowserTableModel::toolTip(row, column);
}

QVariant EventTableModel::displayValue(int row, int column) const
{
    if (column == Placeholder) {
        return rawValue(row, column).toLongLong() != 0 ? tr("Not yet (placeholder)") : tr("Yes");
    }
    return BrowserTableModel::displayValue(row, column);
}

#include "settlementtablemodel.h"

SettlementTableModel::SettlementTableModel(QObject *parent)
    : BrowserTableModel(parent)
{
}

SettlementTableModel::~SettlementTableModel() = default;

QString SettlementTableModel::sourceSql() const
{
    return QStringLiteral(
        "SELECT s.ticker AS ticker, m.title AS title, s.event_ticker AS event_ticker, s.result AS result, "
        "s.settled_at AS settled_at, s.settlement_value AS settlement_value "
        "FROM settlements AS s LEFT JOIN markets AS m ON m.ticker = s.ticker");
}

const QList<BrowserTableModel::ColumnSpec> &SettlementTableModel::columnSpecs() const
{
    static const QList<ColumnSpec> specs = {
        {QLatin1String("ticker"), ValueKind::Text, false},
        {QLatin1String("title"), ValueKind::Text, true, QLatin1String("%1 COLLATE NOCASE")},
        {QLatin1String("event_ticker"), ValueKind::Text, false},
        {QLatin1String("result"), ValueKind::SettlementResult, false},
        {QLatin1String("settled_at"), ValueKind::Time, false},
        {QLatin1String("settlement_value"), ValueKind::Price, true},
    };
    return specs;
}

QString SettlementTableModel::columnTitle(int column) const
{
    switch (column) {
    case Ticker:
        return tr("Ticker");
    case Title:
        return tr("Title");
    case Event:
        return tr("Event");
    case Result:
        return tr("Result");
    case SettledAt:
        return tr("Settled");
    case SettlementValue:
        return tr("Settlement value");
    default:
        return QString();
    }
}

QString SettlementTableModel::columnToolTip(int column) const
{
    switch (column) {
    case SettledAt:
        return tr("When the market settled (local time)");
    case SettlementValue:
        return tr("What one YES contract paid out");
    default:
        return QString();
    }
}

void SettlementTableModel::appendFilterTerms(
    const Filter &filter, FilterUse use, QStringList *terms, QVariantList *values) const
{
    const QString unindexed = use == FilterUse::TickerOrder ? QStringLiteral("+") : QString();
    if (!filter.category.isEmpty()) {
        *terms << unindexed
                + QStringLiteral("event_ticker IN (SELECT ticker FROM events WHERE category = ?)");
        values->append(filter.category);
    }
}

QStringList SettlementTableModel::searchAliases() const
{
    return {QStringLiteral("ticker"), QStringLiteral("title")};
}

QVariant SettlementTableModel::toolTip(int row, int column) const
{
    if (column == Ticker) {
        const QString title = rawValue(row, Title).toString();
        const QString ticker = rawValue(row, Ticker).toString();
        return title.isEmpty() ? ticker : ticker + u'\n' + title;
    }
    return BrowserTableModel::toolTip(row, column);
}

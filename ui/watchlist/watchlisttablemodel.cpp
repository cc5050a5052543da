#include "watchlist/watchlisttablemodel.h"

#include "browser/browserformat.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

WatchlistTableModel::WatchlistTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

WatchlistTableModel::~WatchlistTableModel() = default;

void WatchlistTableModel::setRows(const QList<WatchlistRow> &rows)
{
    if (tickers() != [&rows] {
            QStringList names;
            for (const WatchlistRow &row : rows)
                names.append(row.ticker);
            return names;
        }()) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    m_rows = rows;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QStringList WatchlistTableModel::tickers() const
{
    QStringList names;
    for (const WatchlistRow &row : m_rows)
        names.append(row.ticker);
    return names;
}

int WatchlistTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int WatchlistTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString WatchlistTableModel::formatChange(qint64 micros)
{
    // Micro-dollars are 10^-4 cents; a sub-penny move keeps its decimals.
    const QString cents = BrowserFormat::scaledDecimal(micros, 4, 0, true);
    return (micros > 0 ? QStringLiteral("+") : QString()) + cents + QChar(0x00A2);
}

std::optional<qint64> WatchlistTableModel::rawValue(const WatchlistRow &row, int column) const
{
    switch (column) {
    case YesBid:
        return row.yesBid;
    case YesAsk:
        return row.yesAsk;
    case LastPrice:
        return row.lastPrice;
    case Change:
        return row.changeSincePrevious;
    case Change24h:
        return row.change24h;
    case Volume24h:
        return row.volume24h;
    case CloseTime:
        return row.closeTime;
    default:
        return std::nullopt;
    }
}

QVariant WatchlistTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const WatchlistRow &row = m_rows.at(index.row());
    const int column = index.column();
    const std::optional<qint64> value = rawValue(row, column);
    switch (role) {
    case TickerRole:
        return row.ticker;
    case RecentPricesRole:
        return column == Trend ? QVariant::fromValue(row.recentPrices) : QVariant();
    case RawValueRole:
        return value ? QVariant(*value) : QVariant();
    case Qt::DisplayRole:
        switch (column) {
        case Ticker:
            return row.ticker;
        case Title:
            return row.title.isEmpty() ? tr("(not stored yet)") : row.title;
        case YesBid:
        case YesAsk:
        case LastPrice:
            return value ? BrowserFormat::price(*value, BrowserFormat::PriceFormat::Cents)
                         : BrowserFormat::missing();
        case Change:
        case Change24h:
            return value ? formatChange(*value) : BrowserFormat::missing();
        case Volume24h:
            return value ? BrowserFormat::contracts(*value) : BrowserFormat::missing();
        case CloseTime:
            return value ? BrowserFormat::dateTime(*value) : BrowserFormat::missing();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (column) {
        case Title:
            return row.status.isEmpty()
                ? row.title
                : tr("%1 (%2)").arg(row.title, BrowserFormat::marketStatus(row.status));
        case YesBid:
        case YesAsk:
        case LastPrice:
        case Change:
        case Change24h:
            return value ? BrowserFormat::priceToolTip(*value) : QVariant();
        case Volume24h:
            return value ? BrowserFormat::contractsToolTip(*value) : QVariant();
        case CloseTime:
            return value ? BrowserFormat::dateTimeToolTip(*value) : QVariant();
        case Trend:
            return tr("last price of the latest %n snapshot(s)", "", int(row.recentPrices.size()));
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return column == Ticker || column == Title ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if ((column == Change || column == Change24h) && value && *value != 0)
            return QBrush(*value > 0 ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xc0, 0x39, 0x2b));
        return {};
    default:
        return {};
    }
}

QVariant WatchlistTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Ticker:
        return tr("Ticker");
    case Title:
        return tr("Title");
    case YesBid:
        return tr("Yes bid");
    case YesAsk:
        return tr("Yes ask");
    case LastPrice:
        return tr("Last");
    case Change:
        return tr("Change");
    case Change24h:
        return tr("Change 24 h");
    case Volume24h:
        return tr("Volume 24 h");
    case CloseTime:
        return tr("Closes");
    case Trend:
        return tr("Trend");
    default:
        return {};
    }
}

#pragma once

#include "watchlist/watchlistdata.h"

#include <QAbstractTableModel>
#include <QList>

// Lives in the GUI thread. The watched markets as WatchlistData read them, one row each in the
// order given (by ticker). Prices in whole cents like the browser, exact values in tooltips.
class WatchlistTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WatchlistTableModel)

public:
    enum Column {
        Ticker,
        Title,
        YesBid,
        YesAsk,
        LastPrice,
        Change,
        Change24h,
        Volume24h,
        CloseTime,
        Trend,
        ColumnCount
    };
    enum Role {
        TickerRole = Qt::UserRole + 1,
        RecentPricesRole, // QList<qint64>, oldest first, on the Trend column
        RawValueRole, // the stored integer, or an invalid QVariant for none
    };

    explicit WatchlistTableModel(QObject *parent = nullptr);
    ~WatchlistTableModel() override;

    // Replaces the rows; rows of the same tickers in the same order are updated in place, so the
    // view keeps its selection and scroll position across refreshes.
    void setRows(const QList<WatchlistRow> &rows);
    const QList<WatchlistRow> &rows() const { return m_rows; }
    QStringList tickers() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // 30000 -> "+3¢", -5000 -> "-0.5¢", 0 -> "0¢".
    static QString formatChange(qint64 micros);

private:
    std::optional<qint64> rawValue(const WatchlistRow &row, int column) const;

    QList<WatchlistRow> m_rows;
};

#pragma once

#include "browsertablemodel.h"

// Lives in the GUI thread (see BrowserTableModel): the markets table, one row per market, filtered
// by search text, status group and the category of the market's event.
class MarketTableModel final : public BrowserTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarketTableModel)

public:
    enum Column {
        Ticker,
        Title,
        Event,
        Status,
        YesBid,
        YesAsk,
        LastPrice,
        Volume,
        OpenInterest,
        CloseTime,
        Updated,
        ColumnCount
    };

    explicit MarketTableModel(QObject *parent = nullptr);
    ~MarketTableModel() override;

    bool supportsStatusFilter() const override { return true; }

protected:
    QString sourceSql() const override;
    const QList<ColumnSpec> &columnSpecs() const override;
    int hiddenColumnCount() const override { return 1; }
    QString columnTitle(int column) const override;
    QString columnToolTip(int column) const override;
    void appendFilterTerms(
        const Filter &filter, bool keyOrderScan, QStringList *terms, QVariantList *values) const override;
    QStringList searchAliases() const override;
    QVariant toolTip(int row, int column) const override;
};

#pragma once

#include "browsertablemodel.h"

// Lives in the GUI thread (see BrowserTableModel): the settlements table, one row per settled
// market; the search also matches the market's title, the category is the market's event's.
class SettlementTableModel final : public BrowserTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettlementTableModel)

public:
    enum Column { Ticker, Title, Event, Result, SettledAt, SettlementValue, ColumnCount };

    explicit SettlementTableModel(QObject *parent = nullptr);
    ~SettlementTableModel() override;

    int stretchColumn() const override { return Title; }

protected:
    QString sourceSql() const override;
    const QList<ColumnSpec> &columnSpecs() const override;
    int eventColumn() const override { return Event; }
    QString columnTitle(int column) const override;
    QString columnToolTip(int column) const override;
    void appendFilterTerms(
        const Filter &filter, FilterUse use, QStringList *terms, QVariantList *values) const override;
    QStringList searchAliases() const override;
    QVariant toolTip(int row, int column) const override;
};

#pragma once

#include "browsertablemodel.h"

// Lives in the GUI thread (see BrowserTableModel): the events table, one row per event, with the
// number of its markets; filtered by search text and category.
class EventTableModel final : public BrowserTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventTableModel)

public:
    enum Column { Ticker, Series, Title, Category, MarketCount, Placeholder, ColumnCount };

    explicit EventTableModel(QObject *parent = nullptr);
    ~EventTableModel() override;

    bool isHiddenByDefault(int column) const override { return column == Placeholder; }
    int stretchColumn() const override { return Title; }

protected:
    QString sourceSql() const override;
    const QList<ColumnSpec> &columnSpecs() const override;
    int hiddenColumnCount() const override { return 1; }
    int eventColumn() const override { return Ticker; }
    QVariant displayValue(int row, int column) const override;
    QString columnTitle(int column) const override;
    QString columnToolTip(int column) const override;
    void appendFilterTerms(
        const Filter &filter, FilterUse use, QStringList *terms, QVariantList *values) const override;
    QStringList searchAliases() const override;
    QVariant toolTip(int row, int column) const override;
};

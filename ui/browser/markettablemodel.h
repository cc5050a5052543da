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
        Volume24h,
        Volume,
        OpenInterest,
        CloseTime,
        Result,
        Updated,
        ColumnCount
    };

    explicit MarketTableModel(QObject *parent = nullptr);
    ~MarketTableModel() override;

    // The market's status group as an SQL expression: int(StatusFilter) of the group its status
    // belongs to, 0 for a status no group knows. The same expression as the index of schema 8
    // (resources/sql/008_market_volume_order.sql) leads with, which SQLite uses only for the same
    // expression.
    static QString statusGroupSql();

    bool supportsStatusFilter() const override { return true; }
    bool supportsEventFilter() const override { return true; }
    bool isHiddenByDefault(int column) const override { return column == Result || column == Updated; }
    int stretchColumn() const override { return Title; }

protected:
    QString sourceSql() const override;
    const QList<ColumnSpec> &columnSpecs() const override;
    int hiddenColumnCount() const override { return 1; }
    int eventColumn() const override { return Event; }
    QString columnTitle(int column) const override;
    QString columnToolTip(int column) const override;
    void appendFilterTerms(
        const Filter &filter, FilterUse use, QStringList *terms, QVariantList *values) const override;
    QStringList searchAliases() const override;
    // Words in the full-text index (ticker, title, subtitles, event title), the last as a prefix.
    QString searchCondition(const QString &text, QVariantList *values) const override;
    // The same, tested row by row from a list of the matches read once per statement.
    QString searchWalkCondition(const QString &text, QVariantList *values) const override;
    // Matches in the full-text index up to the bound (any status, category or event).
    QString searchMatchBoundSql(const QString &text, QVariantList *values) const override;
    // Relevance (SQLite): where the words are, from the match's position lists (km_search_tier,
    // the tiers the full-text index's column filters would give): every
    // word in the ticker first, then in ticker and title, then with the subtitles, then those
    // needing the event's title; ties by 24 h volume, most traded first. PostgreSQL has no index
    // to rank with.
    bool ranksSearch(const QString &text) const override;
    QString relevanceJoinSql(const QString &text, QVariantList *values) const override;
    int relevanceTieColumn() const override { return Volume24h; }
    QVariant toolTip(int row, int column) const override;
};

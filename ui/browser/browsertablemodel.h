#pragma once

#include "browserformat.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>

class QSqlQuery;

// Lives in the GUI thread and queries the GUI's read-only connection (given by name), created in
// that thread. The common part of the browser's table models: rows are read lazily in windows by
// keyset pagination on (sort column, ticker), filters and sorting are SQL, and every statement is
// read to its end at once, so that no read transaction outlives a call (the writer's WAL
// checkpoints must never be pinned by the browser). Column 0 of every subclass is the ticker that
// identifies a row.
class BrowserTableModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrowserTableModel)

public:
    enum Role {
        RawValueRole = Qt::UserRole, // the stored value: qlonglong, QString, or invalid for NULL
        TickerRole, // the row's ticker (market ticker; event ticker in events)
    };

    // Market status groups; the stored values are the API's (see statusValues()).
    enum class StatusFilter { All, Unopened, Open, Paused, Closed, Settled };

    struct Filter
    {
        QString searchText; // matches ticker or title, case-insensitively, as plain text
        StatusFilter status = StatusFilter::All; // only where supportsStatusFilter()
        QString category; // events.category; empty for all
        bool operator==(const Filter &other) const
        {
            return searchText == other.searchText && status == other.status && category == other.category;
        }
        bool operator!=(const Filter &other) const { return !(*this == other); }
    };

    static constexpr int defaultWindowSize = 256;

    // The API status values that a status group stands for.
    static QStringList statusValues(StatusFilter status);
    // `text` made literal for LIKE ... ESCAPE '\', wrapped in % for a substring match.
    static QString likePattern(const QString &text);

    ~BrowserTableModel() override;

    // Queries the connection `name` from now on (the first window is read at once); an empty name
    // detaches the model and empties it, which must happen before that connection is closed.
    void setConnectionName(const QString &name);
    QString connectionName() const { return m_connectionName; }

    void setFilter(const Filter &filter);
    Filter filter() const { return m_filter; }
    void setSearchText(const QString &text);
    void setStatusFilter(StatusFilter status);
    void setCategory(const QString &category);
    virtual bool supportsStatusFilter() const { return false; }

    void setPriceFormat(BrowserFormat::PriceFormat format);
    BrowserFormat::PriceFormat priceFormat() const { return m_priceFormat; }

    void setWindowSize(int rows);
    int windowSize() const { return m_windowSize; }

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // Rows matching the filter and rows in the table, as of the last reload or refresh; -1 unknown.
    qint64 matchingCount() const { return m_matchingCount; }
    qint64 totalCount() const { return m_totalCount; }

    // Among the rows fetched so far: the row of `ticker`, or -1.
    int rowOfTicker(const QString &ticker) const { return m_rowOfTicker.value(ticker, -1); }
    QString tickerAt(int row) const;

    // The last query error, empty after a successful query.
    QString errorString() const { return m_error; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

public Q_SLOTS:
    // Re-reads what the writer committed since the last query, keeping every row fetched so far
    // (at least as many rows, and every row up to the last fetched key) and reporting the
    // differences as row removals, moves, insertions and data changes, so that views keep their
    // selection, current index and scroll position. Does nothing when nothing was committed.
    // Returns true if it re-read.
    bool refresh();
    // Starts again from the first window (model reset).
    void reload();

Q_SIGNALS:
    void countsChanged(qint64 matching, qint64 total);
    void errorOccurred(const QString &message);

protected:
    enum class ValueKind { Text, Price, Contracts, Time, Integer, Flag, MarketStatus, SettlementResult };

    struct ColumnSpec
    {
        QLatin1String alias; // column name in sourceSql()
        ValueKind kind;
        bool nullable;
        // How the column sorts, with %1 for the value (the column or a bound key): e.g.
        // "%1 COLLATE NOCASE"; empty sorts by the value itself.
        QLatin1String sortTemplate = QLatin1String();
    };

    explicit BrowserTableModel(QObject *parent = nullptr);

    // The SELECT whose aliases the model filters, sorts and shows: the visible columns in Column
    // order, then any hidden ones (hiddenColumnCount()).
    virtual QString sourceSql() const = 0;
    virtual const QList<ColumnSpec> &columnSpecs() const = 0;
    virtual int hiddenColumnCount() const { return 0; }
    virtual QString columnTitle(int column) const = 0;
    virtual QString columnToolTip(int column) const
    {
        Q_UNUSED(column);
        return QString();
    }
    // Filter terms beyond the search text (which matches searchAliases()), on the aliases. With
    // keyOrderScan the query reads rows in ticker order and stops after a window, so terms must not
    // make SQLite pick their index (write +column): for a filter that most rows pass, that index
    // would cost a sort of all of them.
    virtual void appendFilterTerms(
        const Filter &filter, bool keyOrderScan, QStringList *terms, QVariantList *values) const = 0;
    virtual QStringList searchAliases() const = 0;
    // A cell's tooltip; the default explains units and shows exact values.
    virtual QVariant toolTip(int row, int column) const;

    QVariant rawValue(int row, int column) const;
    static bool isNumeric(ValueKind kind)
    {
        return kind == ValueKind::Price || kind == ValueKind::Contracts || kind == ValueKind::Integer
            || kind == ValueKind::Time;
    }

private:
    using Row = QVariantList;

    struct Window
    {
        QList<Row> rows;
        QList<bool> withinBound; // per row: not after the bound key (refetch only)
        bool atEnd = false;
    };

    QSqlDatabase database() const;
    bool isAttached() const;
    void resetContents();
    bool loadFirstWindow(qint64 *matching, qint64 *total);

    QString whereClause(bool keyOrderScan, QVariantList *values) const;
    bool preferKeyOrderScan(qint64 matching, qint64 total) const;
    QString sortTerm(int column, const QString &operand) const;
    QString afterKeyCondition(const Row &key, QVariantList *values) const;
    QString orderByClause() const;
    QString selectList() const;
    bool queryWindow(const Row *afterKey, const Row *boundKey, int limit, bool keyOrderScan, Window *window);
    bool queryCounts(qint64 *matching, qint64 *total);
    bool queryDataVersion(qint64 *version);
    bool execute(QSqlQuery &query, const QString &sql, const QVariantList &values);
    void setError(const QString &message);

    void applyRefetch(const QList<Row> &fresh);
    void rebuildRowIndex();
    void publishCounts(qint64 matching, qint64 total);

    QString m_connectionName;
    Filter m_filter;
    BrowserFormat::PriceFormat m_priceFormat = BrowserFormat::PriceFormat::Cents;
    int m_windowSize = defaultWindowSize;
    int m_sortColumn = 0;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    QList<Row> m_rows;
    QHash<QString, int> m_rowOfTicker;
    // True while the model emits its own change signals: a slot (a view, a model tester) asking for
    // more rows then must not start a nested change.
    bool m_changing = false;
    bool m_atEnd = true;
    bool m_loaded = false;
    qint64 m_dataVersion = -1;
    qint64 m_matchingCount = -1;
    qint64 m_totalCount = -1;
    // Counting a filter SQLite cannot index reads the whole table. When the last count took
    // 100 ms or more, refresh() recounts only once ten times that duration has passed, so counts
    // stay a small share of the GUI thread's time even when the writer commits every second.
    QElapsedTimer m_sinceCount;
    qint64 m_countCostMs = 0;
    bool m_countsStale = false;
    QString m_error;
};

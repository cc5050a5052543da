#pragma once

#include "browserformat.h"
#include "browserreader.h"
#include "storage/sqldialect.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariant>

// Lives in the GUI thread and never runs SQL there: a windowed model over one query whose rows are
// read by a BrowserReader in its own thread. The row count is known up front (a count under the same
// filter), so the scrollbar and End reach the last row; except for a search that
// searchMatchBoundSql() can bound, whose first page is shown first (as many rows as it holds) and
// whose count follows in a second request (the rows grow to it then); rows are read in pages for what the
// view shows (data() of a row not read yet asks for its page and shows an empty cell until it arrives), and
// pages near the end are read in the opposite order, so the last page costs no more than the first. A bounded
// cache keeps the pages used last. Filters and sorting are SQL. Column 0 of every subclass is the ticker that
// identifies a row.
class BrowserTableModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrowserTableModel)

public:
    enum Role {
        RawValueRole = Qt::UserRole, // the stored value: qlonglong, QString, or invalid for NULL
        TickerRole, // the row's ticker (market ticker; event ticker in events); empty until read
        EventTickerRole, // the row's event ticker
    };

    // Market status groups; the stored values are the API's (see statusValues()).
    enum class StatusFilter { All, Unopened, Open, Paused, Closed, Settled };

    struct Filter
    {
        QString searchText; // matches ticker or title, case-insensitively, as plain text
        StatusFilter status = StatusFilter::All; // only where supportsStatusFilter()
        QString category; // events.category; empty for all
        QString eventTicker; // only where supportsEventFilter(); empty for all
        bool operator==(const Filter &other) const
        {
            return searchText == other.searchText && status == other.status && category == other.category
                && eventTicker == other.eventTicker;
        }
        bool operator!=(const Filter &other) const { return !(*this == other); }
    };

    static constexpr int defaultPageSize = 256;
    static constexpr int defaultCachedPages = 64;

    static QStringList statusValues(StatusFilter status);
    // `text` made literal for LIKE ... ESCAPE '\', wrapped in % for a substring match.
    static QString likePattern(const QString &text);

    ~BrowserTableModel() override;

    // Reads through `reader` from now on (counts and the first page at once); nullptr detaches the
    // model and empties it.
    void setReader(BrowserReader *reader);
    BrowserReader *reader() const { return m_reader; }
    // The SQL the model writes follows the database's backend (case-insensitive search and sort).
    void setBackend(SqlDialect::Backend backend) { m_backend = backend; }
    SqlDialect::Backend backend() const { return m_backend; }

    void setFilter(const Filter &filter);
    Filter filter() const { return m_filter; }
    void setSearchText(const QString &text);
    void setStatusFilter(StatusFilter status);
    void setCategory(const QString &category);
    virtual bool supportsStatusFilter() const { return false; }
    virtual bool supportsEventFilter() const { return false; }

    void setPriceFormat(BrowserFormat::PriceFormat format);
    BrowserFormat::PriceFormat priceFormat() const { return m_priceFormat; }

    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    void setCachedPages(int pages) { m_cachedPages = qMax(4, pages); }

    // The column chosen by sort(); while isSortedByRelevance() it is not the rows' order but the
    // one they return to when the search is cleared.
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // A search in a table that ranks (ranksSearch()) orders its rows by relevance, best match
    // first, ties by relevanceTieColumn() in its initial order, until sort() picks a column during
    // the search; clearing the search returns to sortColumn(). The header then shows no column.
    bool isSortedByRelevance() const { return m_byRelevance; }
    enum class Ranking {
        None, // not sorted by relevance
        Pending, // the reader has not answered yet
        Ranked, // rows best match first
        // More matches in the index than BrowserReader::sortedMatchesBound: ranking all of them
        // would take too long, the rows come in relevanceTieColumn()'s order alone.
        TooManyToRank,
    };
    Ranking ranking() const { return m_ranking; }
    // The order a column sorts in when its header is first clicked: numbers and times descending.
    Qt::SortOrder initialSortOrder(int column) const;
    // Columns a user sees only after choosing them (internal or rarely wanted).
    virtual bool isHiddenByDefault(int column) const
    {
        Q_UNUSED(column);
        return false;
    }
    // The column that takes the spare width.
    virtual int stretchColumn() const { return -1; }

    // Rows matching the filter and rows in the table, as of the last count; -1 unknown (also while
    // a search's first page is shown and its count is still being read).
    qint64 matchingCount() const { return m_matchingCount; }
    qint64 totalCount() const { return m_totalCount; }

    // True while a reply is awaited or pages are wanted that have not arrived.
    bool isBusy() const;
    bool isRowLoaded(int row) const;
    // Asks for the pages of rows first..last (in that order, after what the view shows).
    void ensureRows(int first, int last);
    // While paused (a scrollbar being dragged), rows the view asks for are remembered but not read:
    // a page for every position the slider passes would delay the one where it stops.
    void setDemandsPaused(bool paused);
    // Among the rows in the cache: the row of `ticker`, or -1.
    int rowOfTicker(const QString &ticker) const;
    // The ticker of `row`, empty while it is not read.
    QString tickerAt(int row) const;
    // How long the reader took for the last reply.
    qint64 lastReadMs() const { return m_lastReadMs; }

    // The rows the filter shows, in the view's order, for an export: a SELECT of their tickers
    // (column shown_ticker) and their position (shown_order), with the values to bind in order.
    QString shownRowsSql(QVariantList *values) const;

    // The last query error, empty after a successful query.
    QString errorString() const { return m_error; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

public Q_SLOTS:
    // Asks whether the writer committed since the last read; if so, recounts and re-reads the pages
    // the view showed last, keeping current and selected rows on their tickers (persistent indexes
    // follow them). Returns false when nothing was asked (detached, or a reset is awaited).
    bool refresh();
    // Starts over: counts and the first page, then a model reset; persistent rows are found again.
    void reload();

Q_SIGNALS:
    void countsChanged(qint64 matching, qint64 total);
    void errorOccurred(const QString &message);
    // A reload's reply was applied (model reset); `anchorRow` is where the row that was current
    // before is now, or -1.
    void reloaded(int anchorRow);
    // Rows first..last arrived from the reader.
    void rowsLoaded(int first, int last);
    // A refresh found new commits and applied them.
    void refreshed();
    void readRequested(const BrowserReadRequest &request);
    // isSortedByRelevance() or ranking() changed.
    void rankingChanged();

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
    virtual int eventColumn() const { return -1; }
    virtual QString columnTitle(int column) const = 0;
    virtual QString columnToolTip(int column) const
    {
        Q_UNUSED(column);
        return QString();
    }
    // What a filter term is written for: the same rows either way, a different index for SQLite.
    enum class FilterUse {
        // Pages read in ticker order along its index: terms must not make SQLite pick their own
        // index (write +column) unless they are selective.
        TickerOrder,
        // Pages read in another column's order: terms may lead an index that continues in that
        // order (the markets' status group and 24 h volume, schema 8).
        SortOrder,
        // Counts, located rows and the pages of a search that matches few rows: the terms' own
        // indexes find the rows, which are then counted or sorted.
        RowsFirst,
    };

    // Filter terms beyond the search text (which matches searchAliases()), on the aliases.
    virtual void appendFilterTerms(
        const Filter &filter, FilterUse use, QStringList *terms, QVariantList *values) const = 0;
    virtual QStringList searchAliases() const = 0;
    // The condition for the search text; the default: any of searchAliases() contains it (LIKE).
    virtual QString searchCondition(const QString &text, QVariantList *values) const;
    // The same rows as searchCondition(), written for pages that step along an order's index and
    // test each row they pass (FilterUse::TickerOrder and SortOrder in the reader's pages); the
    // default is searchCondition().
    virtual QString searchWalkCondition(const QString &text, QVariantList *values) const
    {
        return searchCondition(text, values);
    }
    // A query that counts rows searchCondition() may match, up to a bound the reader binds last (an
    // upper bound of the filter's rows that is cheap for any count: the rows the reader sorts for
    // the first page when few match). Empty by default: the search is counted before any page.
    virtual QString searchMatchBoundSql(const QString &text, QVariantList *values) const
    {
        Q_UNUSED(text);
        Q_UNUSED(values);
        return QString();
    }
    // Whether a search for `text` can be ranked by relevance (relevanceJoinSql() gives a join).
    virtual bool ranksSearch(const QString &text) const
    {
        Q_UNUSED(text);
        return false;
    }
    // For a ranked search: a JOIN onto source_rows that keeps the rows the search matches and adds
    // their column search_rank (lower is more relevant), with the values it binds.
    virtual QString relevanceJoinSql(const QString &text, QVariantList *values) const
    {
        Q_UNUSED(text);
        Q_UNUSED(values);
        return QString();
    }
    // The order of equally relevant rows (in the column's initialSortOrder()), and of every row of
    // a search with too many matches to rank.
    virtual int relevanceTieColumn() const { return 0; }
    // A cell's tooltip; the default explains units and shows exact values.
    virtual QVariant toolTip(int row, int column) const;
    virtual QVariant displayValue(int row, int column) const;

    // The row's stored value; only for rows isRowLoaded().
    QVariant rawValue(int row, int column) const;
    static bool isNumeric(ValueKind kind)
    {
        return kind == ValueKind::Price || kind == ValueKind::Contracts || kind == ValueKind::Integer
            || kind == ValueKind::Time;
    }

private:
    using Row = QVariantList;
    using Page = QList<Row>;

    const Row *rowAt(int row) const;
    void touch(int page) const;
    void demand(int page) const;
    void scheduleDispatch() const;
    void dispatch();
    qint64 refreshDelayMs() const;
    void onReply(const BrowserReadReply &reply);
    void applyReset(const BrowserReadReply &reply);
    void applyChange(const BrowserReadReply &reply);
    void applyCount(const BrowserReadReply &reply);
    void storePages(const BrowserReadReply &reply);
    void trimCache();
    void setError(const QString &message);
    void publishCounts(qint64 matching, qint64 total);

    BrowserReadRequest newRequest() const;
    // `walk`: the search written with searchWalkCondition() (pages along an order's index).
    QString whereClause(FilterUse use, QVariantList *values, bool withSearch = true, bool walk = false) const;
    // The order the rows are read in: the chosen column, or while sorted by relevance the tie
    // column (after search_rank when the search is ranked).
    int orderColumn() const { return m_byRelevance ? relevanceTieColumn() : m_sortColumn; }
    Qt::SortOrder orderDirection() const
    {
        return m_byRelevance ? initialSortOrder(relevanceTieColumn()) : m_sortOrder;
    }
    FilterUse pageFilterUse() const
    {
        return orderColumn() == 0 ? FilterUse::TickerOrder : FilterUse::SortOrder;
    }
    QString sortTerm(int column, const QString &operand) const;
    QString afterKeyCondition(QList<int> *bindColumns) const;
    QString orderTerms(bool reversed) const;
    QString orderByClause(bool reversed) const { return QStringLiteral(" ORDER BY ") + orderTerms(reversed); }
    // The FROM of a ranked search (source_rows joined to the matches), with its values.
    QString rankedFrom(QVariantList *values) const;
    void setRanking(bool byRelevance, Ranking ranking);
    QString selectList() const;
    void addLocate(BrowserReadRequest *request, const QStringList &tickers) const;

    QPointer<BrowserReader> m_reader;
    SqlDialect::Backend m_backend = SqlDialect::Backend::Sqlite;
    QMetaObject::Connection m_replyConnection;
    const int m_client;
    quint64 m_generation = 0;
    Filter m_filter;
    BrowserFormat::PriceFormat m_priceFormat = BrowserFormat::PriceFormat::Cents;
    int m_pageSize = defaultPageSize;
    int m_cachedPages = defaultCachedPages;
    int m_sortColumn = 0;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    bool m_byRelevance = false;
    bool m_sortChosenInSearch = false; // sort() was called since the search text was set
    Ranking m_ranking = Ranking::None;

    int m_rowCount = 0;
    QHash<int, Page> m_pages;
    mutable QList<int> m_recent; // cached pages, most recently used first
    mutable QList<int> m_demanded; // pages data() wanted and the cache lacks, most recent first
    mutable bool m_dispatchScheduled = false;
    QList<int> m_prefetch; // ensureRows(), in order
    QList<int> m_inFlightPages;
    bool m_inFlight = false;
    bool m_resetWanted = false;
    bool m_resetAwaited = false; // between a reset request and its reply
    bool m_countPending = false; // the rows are a first page; the count is still to be read
    bool m_refreshWanted = false;
    bool m_refreshTimerArmed = false;
    bool m_demandsPaused = false;
    QStringList m_resetAnchors;
    QList<QPersistentModelIndex> m_refreshAnchors;
    qint64 m_dataVersion = -1;
    qint64 m_matchingCount = -1;
    qint64 m_totalCount = -1;
    qint64 m_lastReadMs = 0;
    qint64 m_lastCountMs = 0;
    QElapsedTimer m_sinceCount;
    QString m_error;
};

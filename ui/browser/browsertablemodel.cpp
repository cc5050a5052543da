#include "browsertablemodel.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QPalette>
#include <QTimer>

#include <atomic>
#include <climits>

namespace {

// Pages of one request: what a screen shows, without making the newest wait for many.
constexpr int pagesPerDemand = 3;
constexpr int pagesPerPrefetch = 8;
constexpr int demandedPagesKept = 8;
constexpr int anchorsKept = 4;
// Counting a filter SQLite cannot index reads the whole table. When the last count took this long
// or more, refresh() asks again only once ten times its duration has passed, so that the reader is
// not busy counting all the time while the writer commits every second.
constexpr qint64 expensiveCountMs = 100;

std::atomic<int> nextClient{1};

// As int: what the item delegates and header views of Qt 6.4 read from TextAlignmentRole.
QVariant alignmentFor(bool numeric)
{
    return int(Qt::AlignVCenter | (numeric ? Qt::AlignRight : Qt::AlignLeft));
}

} // namespace

BrowserTableModel::BrowserTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(nextClient++)
{
    qRegisterMetaType<BrowserReadRequest>();
    qRegisterMetaType<BrowserReadReply>();
}

BrowserTableModel::~BrowserTableModel() = default;

QStringList BrowserTableModel::statusValues(StatusFilter status)
{
    switch (status) {
    case StatusFilter::All:
        return {};
    case StatusFilter::Unopened:
        return {QStringLiteral("initialized"), QStringLiteral("unopened")};
    case StatusFilter::Open:
        return {QStringLiteral("active"), QStringLiteral("open")};
    case StatusFilter::Paused:
        return {QStringLiteral("inactive"), QStringLiteral("paused")};
    case StatusFilter::Closed:
        return {QStringLiteral("closed")};
    case StatusFilter::Settled:
        return {QStringLiteral("determined"), QStringLiteral("disputed"), QStringLiteral("amended"),
            QStringLiteral("finalized"), QStringLiteral("settled")};
    }
    return {};
}

QString BrowserTableModel::likePattern(const QString &text)
{
    QString pattern;
    pattern.reserve(text.size() + 4);
    pattern += u'%';
    for (const QChar c : text) {
        if (c == u'\\' || c == u'%' || c == u'_')
            pattern += u'\\';
        pattern += c;
    }
    pattern += u'%';
    return pattern;
}

void BrowserTableModel::setReader(BrowserReader *reader)
{
    if (m_replyConnection)
        disconnect(m_replyConnection);
    disconnect(this, &BrowserTableModel::readRequested, nullptr, nullptr);
    m_reader = reader;
    m_inFlight = false;
    m_inFlightPages.clear();
    m_resetAwaited = false;
    if (reader) {
        connect(this, &BrowserTableModel::readRequested, reader, &BrowserReader::read, Qt::QueuedConnection);
        m_replyConnection = connect(
            reader, &BrowserReader::replied, this, &BrowserTableModel::onReply, Qt::QueuedConnection);
    }
    reload();
}

void BrowserTableModel::setFilter(const Filter &filter)
{
    Filter normalized = filter;
    normalized.searchText = filter.searchText.trimmed();
    if (!supportsStatusFilter())
        normalized.status = StatusFilter::All;
    if (!supportsEventFilter())
        normalized.eventTicker.clear();
    if (normalized == m_filter)
        return;
    const bool wasSearching = !m_filter.searchText.isEmpty();
    m_filter = normalized;
    // A new search is ranked; a column chosen during it holds until the search is cleared.
    if (m_filter.searchText.isEmpty() || !wasSearching)
        m_sortChosenInSearch = false;
    const bool byRelevance
        = !m_filter.searchText.isEmpty() && !m_sortChosenInSearch && ranksSearch(m_filter.searchText);
    setRanking(byRelevance, byRelevance ? Ranking::Pending : Ranking::None);
    if (m_reader)
        reload();
}

void BrowserTableModel::setRanking(bool byRelevance, Ranking ranking)
{
    if (byRelevance == m_byRelevance && ranking == m_ranking)
        return;
    m_byRelevance = byRelevance;
    m_ranking = ranking;
    Q_EMIT rankingChanged();
}

void BrowserTableModel::setSearchText(const QString &text)
{
    Filter changed = m_filter;
    changed.searchText = text;
    setFilter(changed);
}

void BrowserTableModel::setStatusFilter(StatusFilter status)
{
    Filter changed = m_filter;
    changed.status = status;
    setFilter(changed);
}

void BrowserTableModel::setCategory(const QString &category)
{
    Filter changed = m_filter;
    changed.category = category;
    setFilter(changed);
}

void BrowserTableModel::setPriceFormat(BrowserFormat::PriceFormat format)
{
    if (format == m_priceFormat)
        return;
    m_priceFormat = format;
    if (m_rowCount > 0)
        Q_EMIT dataChanged(index(0, 0), index(m_rowCount - 1, columnCount() - 1), {Qt::DisplayRole});
}

void BrowserTableModel::setPageSize(int rows)
{
    m_pageSize = qMax(1, rows);
    if (m_reader)
        reload();
}

Qt::SortOrder BrowserTableModel::initialSortOrder(int column) const
{
    if (column < 0 || column >= columnCount())
        return Qt::AscendingOrder;
    return isNumeric(columnSpecs().at(column).kind) ? Qt::DescendingOrder : Qt::AscendingOrder;
}

bool BrowserTableModel::isBusy() const
{
    return m_inFlight || m_resetWanted || m_resetAwaited || m_countPending || m_refreshWanted
        || m_dispatchScheduled || !m_demanded.isEmpty() || !m_prefetch.isEmpty();
}

const BrowserTableModel::Row *BrowserTableModel::rowAt(int row) const
{
    if (row < 0 || row >= m_rowCount)
        return nullptr;
    const auto page = m_pages.constFind(row / m_pageSize);
    if (page == m_pages.cend())
        return nullptr;
    const int offset = row % m_pageSize;
    return offset < page->size() ? &page->at(offset) : nullptr;
}

bool BrowserTableModel::isRowLoaded(int row) const
{
    return rowAt(row) != nullptr;
}

void BrowserTableModel::ensureRows(int first, int last)
{
    first = qMax(0, first);
    last = qMin(last, m_rowCount - 1);
    if (first > last)
        return;
    for (int page = first / m_pageSize; page <= last / m_pageSize; ++page) {
        if (!m_pages.contains(page) && !m_prefetch.contains(page) && !m_inFlightPages.contains(page))
            m_prefetch.append(page);
    }
    dispatch();
}

int BrowserTableModel::rowOfTicker(const QString &ticker) const
{
    for (auto page = m_pages.cbegin(); page != m_pages.cend(); ++page) {
        for (int i = 0; i < page->size(); ++i) {
            if (page->at(i).constFirst().toString() == ticker)
                return page.key() * m_pageSize + i;
        }
    }
    return -1;
}

QString BrowserTableModel::tickerAt(int row) const
{
    const Row *values = rowAt(row);
    return values ? values->constFirst().toString() : QString();
}

int BrowserTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int BrowserTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(columnSpecs().size()) - hiddenColumnCount();
}

QVariant BrowserTableModel::rawValue(int row, int column) const
{
    const Row *values = rowAt(row);
    return values ? values->at(column) : QVariant();
}

void BrowserTableModel::touch(int page) const
{
    if (!m_recent.isEmpty() && m_recent.constFirst() == page)
        return;
    m_recent.removeOne(page);
    m_recent.prepend(page);
}

void BrowserTableModel::setDemandsPaused(bool paused)
{
    if (paused == m_demandsPaused)
        return;
    m_demandsPaused = paused;
    if (!paused)
        dispatch();
}

void BrowserTableModel::demand(int page) const
{
    if (m_resetWanted || m_resetAwaited || m_inFlightPages.contains(page))
        return;
    if (!m_demanded.isEmpty() && m_demanded.constFirst() == page)
        return;
    m_demanded.removeOne(page);
    m_demanded.prepend(page);
    if (m_demanded.size() > demandedPagesKept)
        m_demanded.resize(demandedPagesKept);
    scheduleDispatch();
}

void BrowserTableModel::scheduleDispatch() const
{
    if (m_dispatchScheduled)
        return;
    m_dispatchScheduled = true;
    // After the paint that asked: by then every visible page has been demanded.
    auto *self = const_cast<BrowserTableModel *>(this);
    QMetaObject::invokeMethod(
        self,
        [self] {
            self->m_dispatchScheduled = false;
            self->dispatch();
        },
        Qt::QueuedConnection);
}

QVariant BrowserTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rowCount || index.column() >= columnCount())
        return QVariant();
    const ColumnSpec &spec = columnSpecs().at(index.column());
    if (role == Qt::TextAlignmentRole)
        return alignmentFor(isNumeric(spec.kind));
    const int page = index.row() / m_pageSize;
    const Row *values = rowAt(index.row());
    if (!values) {
        if (role == Qt::DisplayRole)
            demand(page);
        return QVariant();
    }
    touch(page);
    const QVariant &value = values->at(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(index.row(), index.column());
    case Qt::ToolTipRole:
        return toolTip(index.row(), index.column());
    case Qt::ForegroundRole:
        if (!value.isValid())
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return QVariant();
    case RawValueRole:
        return value;
    case TickerRole:
        return values->constFirst();
    case EventTickerRole:
        return eventColumn() >= 0 ? values->at(eventColumn()) : QVariant();
    default:
        return QVariant();
    }
}

QVariant BrowserTableModel::displayValue(int row, int column) const
{
    const QVariant value = rawValue(row, column);
    if (!value.isValid())
        return BrowserFormat::missing();
    switch (columnSpecs().at(column).kind) {
    case ValueKind::Text:
        return value.toString();
    case ValueKind::Price:
        return BrowserFormat::price(value.toLongLong(), m_priceFormat);
    case ValueKind::Contracts:
        return BrowserFormat::contracts(value.toLongLong());
    case ValueKind::Time:
        return BrowserFormat::dateTime(value.toLongLong());
    case ValueKind::Integer:
        return QLocale().toString(value.toLongLong());
    case ValueKind::Flag:
        return value.toLongLong() != 0 ? tr("Yes") : tr("No");
    case ValueKind::MarketStatus:
        return BrowserFormat::marketStatus(value.toString());
    case ValueKind::SettlementResult:
        return BrowserFormat::settlementResult(value.toString());
    }
    return QVariant();
}

QVariant BrowserTableModel::toolTip(int row, int column) const
{
    const QVariant value = rawValue(row, column);
    if (!value.isValid())
        return tr("No value");
    switch (columnSpecs().at(column).kind) {
    case ValueKind::Text:
        return value.toString();
    case ValueKind::Price:
        return BrowserFormat::priceToolTip(value.toLongLong());
    case ValueKind::Contracts:
        return BrowserFormat::contractsToolTip(value.toLongLong());
    case ValueKind::Time:
        return BrowserFormat::dateTimeToolTip(value.toLongLong());
    case ValueKind::Integer:
        return QLocale().toString(value.toLongLong());
    case ValueKind::Flag:
        return QVariant();
    case ValueKind::MarketStatus:
        return tr("API status: %1").arg(value.toString());
    case ValueKind::SettlementResult:
        return tr("Stored result: %1").arg(value.toString());
    }
    return QVariant();
}

QVariant BrowserTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return QLocale().toString(section + 1);
        return QVariant();
    }
    if (section < 0 || section >= columnCount())
        return QVariant();
    switch (role) {
    case Qt::DisplayRole:
        return columnTitle(section);
    case Qt::ToolTipRole:
        return columnToolTip(section);
    case Qt::TextAlignmentRole:
        return alignmentFor(isNumeric(columnSpecs().at(section).kind));
    case Qt::InitialSortOrderRole:
        return int(initialSortOrder(section));
    default:
        return QVariant();
    }
}

void BrowserTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= columnCount())
        return;
    if (!m_filter.searchText.isEmpty())
        m_sortChosenInSearch = true;
    // Choosing the column the rows return to leaves the relevance order too.
    if (column == m_sortColumn && order == m_sortOrder && !m_byRelevance)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    setRanking(false, Ranking::None);
    if (m_reader)
        reload();
}

bool BrowserTableModel::refresh()
{
    if (!m_reader || m_resetWanted || m_resetAwaited)
        return false;
    m_refreshWanted = true;
    dispatch();
    return true;
}

void BrowserTableModel::reload()
{
    ++m_generation;
    m_demanded.clear();
    m_prefetch.clear();
    m_refreshWanted = false;
    m_countPending = false;
    if (!m_reader) {
        beginResetModel();
        m_pages.clear();
        m_recent.clear();
        m_rowCount = 0;
        m_dataVersion = -1;
        m_resetAwaited = false;
        m_resetWanted = false;
        endResetModel();
        publishCounts(-1, -1);
        return;
    }
    // The rows that views keep (current, selected) are looked for under the new query; not in
    // relevance order, where a row's position is not counted (the ranked pages are sorted).
    m_resetAnchors.clear();
    if (m_byRelevance)
        setRanking(true, Ranking::Pending);
    const QModelIndexList persistent = m_byRelevance ? QModelIndexList() : persistentIndexList();
    for (const QModelIndex &index : persistent) {
        const QString ticker = tickerAt(index.row());
        if (!ticker.isEmpty() && !m_resetAnchors.contains(ticker) && m_resetAnchors.size() < anchorsKept)
            m_resetAnchors.append(ticker);
    }
    m_resetWanted = true;
    dispatch();
}

QString BrowserTableModel::searchCondition(const QString &text, QVariantList *values) const
{
    const QString pattern = likePattern(text);
    QStringList alternatives;
    const QStringList aliases = searchAliases();
    for (const QString &alias : aliases) {
        alternatives << alias + u' ' + SqlDialect::caseInsensitiveLike(m_backend)
                + QStringLiteral(" ? ESCAPE '\\'");
        values->append(pattern);
    }
    return u'(' + alternatives.join(QStringLiteral(" OR ")) + u')';
}

QString BrowserTableModel::whereClause(FilterUse use, QVariantList *values, bool withSearch, bool walk) const
{
    QStringList terms;
    if (withSearch && !m_filter.searchText.isEmpty()) {
        terms << (walk && use != FilterUse::RowsFirst ? searchWalkCondition(m_filter.searchText, values)
                                                      : searchCondition(m_filter.searchText, values));
    }
    appendFilterTerms(m_filter, use, &terms, values);
    return terms.join(QStringLiteral(" AND "));
}

QString BrowserTableModel::sortTerm(int column, const QString &operand) const
{
    const ColumnSpec &spec = columnSpecs().at(column);
    if (spec.sortTemplate.isEmpty())
        return operand;
    return SqlDialect::caseInsensitiveOrder(m_backend, QString(spec.sortTemplate)).arg(operand);
}

// Rows after a key row in the current order, the key's values bound from its columns
// `bindColumns` in order. Never NULL-valued, so NOT (...) is its exact complement.
QString BrowserTableModel::afterKeyCondition(QList<int> *bindColumns) const
{
    const QString ticker = columnSpecs().constFirst().alias;
    const int sortColumn = orderColumn();
    const bool ascending = orderDirection() == Qt::AscendingOrder;
    if (sortColumn == 0) {
        bindColumns->append(0);
        return ticker + (ascending ? QStringLiteral(" > ?") : QStringLiteral(" < ?"));
    }
    const ColumnSpec &spec = columnSpecs().at(sortColumn);
    const QString term = sortTerm(sortColumn, spec.alias);
    const QString keyTerm = sortTerm(sortColumn, QStringLiteral("?"));
    const QString after = term + (ascending ? QStringLiteral(" > ") : QStringLiteral(" < ")) + keyTerm
        + QStringLiteral(" OR (") + term + QStringLiteral(" = ") + keyTerm + QStringLiteral(" AND ") + ticker
        + QStringLiteral(" > ?)");
    if (!spec.nullable) {
        *bindColumns << sortColumn << sortColumn << 0;
        return u'(' + after + u')';
    }
    // NULLs sort last in both directions, among themselves by ticker.
    *bindColumns << sortColumn << 0 << sortColumn << sortColumn << 0;
    return QStringLiteral("(CASE WHEN ? IS NULL THEN (") + QString(spec.alias)
        + QStringLiteral(" IS NULL AND ") + ticker + QStringLiteral(" > ?) ELSE (") + after
        + QStringLiteral(" OR ") + spec.alias + QStringLiteral(" IS NULL) END)");
}

QString BrowserTableModel::orderTerms(bool reversed) const
{
    const QString ticker = columnSpecs().constFirst().alias;
    const int sortColumn = orderColumn();
    const bool ascending = (orderDirection() == Qt::AscendingOrder) != reversed;
    const QString direction = ascending ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    if (sortColumn == 0)
        return ticker + direction;
    const ColumnSpec &spec = columnSpecs().at(sortColumn);
    QString clause = sortTerm(sortColumn, spec.alias) + direction;
    if (spec.nullable)
        clause += reversed ? QStringLiteral(" NULLS FIRST") : QStringLiteral(" NULLS LAST");
    return clause + QStringLiteral(", ") + ticker
        + (reversed ? QStringLiteral(" DESC") : QStringLiteral(" ASC"));
}

QString BrowserTableModel::selectList() const
{
    QStringList aliases;
    const QList<ColumnSpec> &specs = columnSpecs();
    for (const ColumnSpec &spec : specs)
        aliases << spec.alias;
    return aliases.join(QStringLiteral(", "));
}

QString BrowserTableModel::rankedFrom(QVariantList *values) const
{
    // The join's values come first: its placeholders precede the filter's.
    const QString join = relevanceJoinSql(m_filter.searchText, values);
    const QString where = whereClause(FilterUse::RowsFirst, values, false);
    return QStringLiteral(" FROM (") + sourceSql() + QStringLiteral(") AS source_rows ") + join
        + (where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where);
}

QString BrowserTableModel::shownRowsSql(QVariantList *values) const
{
    if (m_ranking == Ranking::Ranked) {
        return QStringLiteral("SELECT ") + columnSpecs().constFirst().alias
            + QStringLiteral(" AS shown_ticker, row_number() OVER (ORDER BY search_rank, ")
            + orderTerms(false) + QStringLiteral(") AS shown_order") + rankedFrom(values);
    }
    const QString where = whereClause(pageFilterUse(), values);
    return QStringLiteral("SELECT ") + columnSpecs().constFirst().alias
        + QStringLiteral(" AS shown_ticker, row_number() OVER (") + orderByClause(false).trimmed()
        + QStringLiteral(") AS shown_order FROM (") + sourceSql() + QStringLiteral(") AS source_rows")
        + (where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where);
}

BrowserReadRequest BrowserTableModel::newRequest() const
{
    BrowserReadRequest request;
    request.client = m_client;
    request.generation = m_generation;
    request.pageSize = m_pageSize;
    request.knownVersion = m_dataVersion;
    request.knownMatching = m_matchingCount;
    request.knownTotal = m_totalCount;
    const QString from = QStringLiteral(" FROM (") + sourceSql() + QStringLiteral(") AS source_rows");
    const auto filtered = [this, &from](FilterUse use, QVariantList *values) {
        const QString where = whereClause(use, values, true, use != FilterUse::RowsFirst);
        return where.isEmpty() ? from : from + QStringLiteral(" WHERE ") + where;
    };
    const QString rowsFirst = filtered(FilterUse::RowsFirst, &request.whereValues);
    request.countSql = QStringLiteral("SELECT count(*)") + rowsFirst;
    if (rowsFirst != from)
        request.totalSql = QStringLiteral("SELECT count(*)") + from;
    // In ticker order the ticker's index delivers the rows sorted, in 24 h volume order the
    // markets' status group index (schema 8); OFFSET then steps along it instead of sorting every
    // matching row for each page.
    const QString select = QStringLiteral("SELECT ") + selectList();
    const QString ordered = select + filtered(pageFilterUse(), &request.pageValues);
    request.pageSql = ordered + orderByClause(false) + QStringLiteral(" LIMIT ? OFFSET ?");
    request.reversePageSql = ordered + orderByClause(true) + QStringLiteral(" LIMIT ? OFFSET ?");
    // Stepping along an index to find the rows of a search that matches few of them would pass
    // nearly every row; those pages sort the matches instead (the reader picks by the count).
    if (!m_filter.searchText.isEmpty()) {
        request.rowsFirstPageSql
            = select + rowsFirst + orderByClause(false) + QStringLiteral(" LIMIT ? OFFSET ?");
        request.rowsFirstReversePageSql
            = select + rowsFirst + orderByClause(true) + QStringLiteral(" LIMIT ? OFFSET ?");
    }
    // Relevance first, then the tie column's order; sorted for every page (few matches).
    if (m_ranking == Ranking::Pending || m_ranking == Ranking::Ranked) {
        request.rankedPageSql = select + rankedFrom(&request.rankedValues)
            + QStringLiteral(" ORDER BY search_rank, ") + orderTerms(false)
            + QStringLiteral(" LIMIT ? OFFSET ?");
    }
    return request;
}

void BrowserTableModel::addLocate(BrowserReadRequest *request, const QStringList &tickers) const
{
    if (tickers.isEmpty())
        return;
    QVariantList ignored;
    const QString where = whereClause(FilterUse::RowsFirst, &ignored);
    const QString from = QStringLiteral(" FROM (") + sourceSql() + QStringLiteral(") AS source_rows WHERE ")
        + (where.isEmpty() ? QString() : where + QStringLiteral(" AND "));
    request->locateTickers = tickers;
    request->locateRowSql = QStringLiteral("SELECT ") + selectList() + from + columnSpecs().constFirst().alias
        + QStringLiteral(" = ?");
    request->locateCountSql = QStringLiteral("SELECT count(*)") + from + QStringLiteral("NOT ")
        + afterKeyCondition(&request->locateColumns);
}

void BrowserTableModel::dispatch()
{
    if (m_inFlight || !m_reader)
        return;
    BrowserReadRequest request = newRequest();
    bool countOnly = false;
    if (m_resetWanted) {
        m_resetWanted = false;
        m_resetAwaited = true;
        request.reset = true;
        request.knownVersion = -1;
        request.pages = {0};
        request.decideRanking = m_ranking == Ranking::Pending;
        addLocate(&request, m_resetAnchors);
        // A search shows its first page before its count, unless a row is to be found again (its
        // position may lie beyond the first page).
        if (!m_filter.searchText.isEmpty() && m_resetAnchors.isEmpty()) {
            request.matchBoundSql = searchMatchBoundSql(m_filter.searchText, &request.matchBoundValues);
            request.countLater = !request.matchBoundSql.isEmpty();
        }
    } else if (m_countPending) {
        // The count of the rows whose first page is shown (knownMatching is -1: the reader counts).
        countOnly = true;
    } else if (!m_demanded.isEmpty() && !m_demandsPaused) {
        // The newest demand and its neighbours (one screen spans at most two pages); older ones
        // are places the view has left, and it asks again for what it still shows.
        const int newest = m_demanded.constFirst();
        for (const int page : std::as_const(m_demanded)) {
            if (!m_pages.contains(page) && request.pages.size() < pagesPerDemand && qAbs(page - newest) <= 1)
                request.pages.append(page);
        }
        m_demanded.clear();
    } else if (m_refreshWanted && refreshDelayMs() == 0) {
        m_refreshWanted = false;
        request.onlyIfChanged = true;
        // The pages the view showed last come back fresh in the same reply: no flicker.
        for (const int page : std::as_const(m_recent)) {
            if (request.pages.size() < pagesPerDemand)
                request.pages.append(page);
        }
        m_refreshAnchors.clear();
        QStringList tickers;
        // Ranked rows have no position to count: they stay where they are.
        const QModelIndexList persistent
            = m_ranking == Ranking::Ranked ? QModelIndexList() : persistentIndexList();
        for (const QModelIndex &index : persistent) {
            const QString ticker = tickerAt(index.row());
            if (ticker.isEmpty() || tickers.contains(ticker) || tickers.size() >= anchorsKept)
                continue;
            tickers.append(ticker);
            m_refreshAnchors.append(QPersistentModelIndex(index));
        }
        addLocate(&request, tickers);
    } else if (!m_prefetch.isEmpty()) {
        while (!m_prefetch.isEmpty() && request.pages.size() < pagesPerPrefetch) {
            const int page = m_prefetch.takeFirst();
            if (!m_pages.contains(page))
                request.pages.append(page);
        }
    }
    if (!request.reset && !request.onlyIfChanged && !countOnly && request.pages.isEmpty()) {
        if (!m_prefetch.isEmpty()) {
            dispatch();
        } else if (m_refreshWanted && !m_refreshTimerArmed) {
            m_refreshTimerArmed = true;
            QTimer::singleShot(int(refreshDelayMs()), this, [this] {
                m_refreshTimerArmed = false;
                dispatch();
            });
        }
        return;
    }
    // Until the reset's reply says whether the search is ranked, only the reset may read ranked.
    if (!request.reset && m_ranking == Ranking::Pending) {
        request.rankedPageSql.clear();
        request.rankedValues.clear();
    }
    m_inFlight = true;
    m_inFlightPages = request.pages;
    Q_EMIT readRequested(request);
}

qint64 BrowserTableModel::refreshDelayMs() const
{
    if (m_lastCountMs < expensiveCountMs || !m_sinceCount.isValid())
        return 0;
    return qMax(qint64(0), 10 * m_lastCountMs - m_sinceCount.elapsed());
}

void BrowserTableModel::onReply(const BrowserReadReply &reply)
{
    if (reply.client != m_client)
        return;
    m_inFlight = false;
    m_inFlightPages.clear();
    m_lastReadMs = reply.elapsedMs;
    if (reply.reset)
        m_resetAwaited = false;
    if (reply.generation == m_generation) {
        if (!reply.error.isEmpty()) {
            // A count that failed is not asked for again and again; the next reload asks anew.
            m_countPending = false;
            setError(reply.error);
            if (reply.reset) {
                beginResetModel();
                m_pages.clear();
                m_recent.clear();
                m_rowCount = 0;
                endResetModel();
                publishCounts(-1, -1);
                Q_EMIT reloaded(-1);
            }
        } else {
            m_error.clear();
            if (reply.counted) {
                m_lastCountMs = reply.countMs;
                m_sinceCount.start();
            }
            if (reply.reset)
                applyReset(reply);
            else if (reply.unchanged)
                ;
            // PostgreSQL has no data_version (-1): a refresh's counts are applied as a change.
            else if (reply.counted && (reply.dataVersion < 0 || reply.dataVersion != m_dataVersion))
                applyChange(reply);
            else if (reply.counted && m_countPending)
                applyCount(reply);
            else
                storePages(reply);
        }
    }
    dispatch();
}

void BrowserTableModel::applyReset(const BrowserReadReply &reply)
{
    if (reply.rankDecided && m_byRelevance)
        setRanking(true, reply.ranked ? Ranking::Ranked : Ranking::TooManyToRank);
    beginResetModel();
    m_pages.clear();
    m_recent.clear();
    // Without a count: the rows of the first page, until the count arrives.
    m_countPending = reply.countPending;
    m_rowCount = m_countPending ? (reply.pageRows.isEmpty() ? 0 : int(reply.pageRows.constFirst().size()))
                                : int(qBound(qint64(0), reply.matching, qint64(INT_MAX)));
    m_dataVersion = reply.dataVersion;
    for (int i = 0; i < reply.pages.size(); ++i) {
        m_pages.insert(reply.pages.at(i), reply.pageRows.at(i));
        m_recent.append(reply.pages.at(i));
    }
    endResetModel();
    publishCounts(reply.matching, reply.total);
    int anchor = -1;
    if (!reply.located.isEmpty() && reply.located.constFirst() >= 0
        && reply.located.constFirst() < m_rowCount)
        anchor = int(reply.located.constFirst());
    Q_EMIT reloaded(anchor);
}

void BrowserTableModel::applyCount(const BrowserReadReply &reply)
{
    // The same data version as the pages shown: they stay, the rows grow (or shrink) to the count.
    m_countPending = false;
    const int newCount = int(qBound(qint64(0), reply.matching, qint64(INT_MAX)));
    if (newCount > m_rowCount) {
        beginInsertRows(QModelIndex(), m_rowCount, newCount - 1);
        m_rowCount = newCount;
        endInsertRows();
    } else if (newCount < m_rowCount) {
        beginRemoveRows(QModelIndex(), newCount, m_rowCount - 1);
        m_rowCount = newCount;
        endRemoveRows();
    }
    publishCounts(reply.matching, reply.total);
    storePages(reply);
}

void BrowserTableModel::applyChange(const BrowserReadReply &reply)
{
    m_countPending = false;
    const int oldCount = m_rowCount;
    const int newCount = int(qBound(qint64(0), reply.matching, qint64(INT_MAX)));
    const int columns = columnCount();
    if (newCount > oldCount) {
        beginInsertRows(QModelIndex(), oldCount, newCount - 1);
        m_rowCount = newCount;
        endInsertRows();
    }
    // Current and selected rows follow their tickers.
    QModelIndexList from;
    QModelIndexList to;
    for (int i = 0; i < m_refreshAnchors.size() && i < reply.located.size(); ++i) {
        const QPersistentModelIndex &anchor = m_refreshAnchors.at(i);
        const qint64 located = reply.located.at(i);
        if (!anchor.isValid() || located < 0 || located >= newCount || located == anchor.row())
            continue;
        const QModelIndexList persistent = persistentIndexList();
        for (const QModelIndex &index : persistent) {
            if (index.row() == anchor.row()) {
                from.append(index);
                to.append(this->index(int(located), index.column()));
            }
        }
    }
    m_refreshAnchors.clear();
    if (!from.isEmpty())
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    m_pages.clear();
    m_recent.clear();
    m_dataVersion = reply.dataVersion;
    for (int i = 0; i < reply.pages.size(); ++i) {
        m_pages.insert(reply.pages.at(i), reply.pageRows.at(i));
        m_recent.append(reply.pages.at(i));
    }
    if (!from.isEmpty()) {
        changePersistentIndexList(from, to);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }
    if (newCount < oldCount) {
        beginRemoveRows(QModelIndex(), newCount, oldCount - 1);
        m_rowCount = newCount;
        endRemoveRows();
    }
    if (m_rowCount > 0)
        Q_EMIT dataChanged(index(0, 0), index(m_rowCount - 1, columns - 1));
    publishCounts(reply.matching, reply.total);
    Q_EMIT refreshed();
}

void BrowserTableModel::storePages(const BrowserReadReply &reply)
{
    for (int i = 0; i < reply.pages.size(); ++i) {
        const int page = reply.pages.at(i);
        const Page &rows = reply.pageRows.at(i);
        m_pages.insert(page, rows);
        m_recent.removeOne(page);
        m_recent.prepend(page);
        if (rows.isEmpty())
            continue;
        const int first = page * m_pageSize;
        const int last = qMin(m_rowCount - 1, first + int(rows.size()) - 1);
        if (first <= last) {
            Q_EMIT dataChanged(index(first, 0), index(last, columnCount() - 1));
            Q_EMIT rowsLoaded(first, last);
        }
    }
    trimCache();
}

void BrowserTableModel::trimCache()
{
    while (m_pages.size() > m_cachedPages && !m_recent.isEmpty())
        m_pages.remove(m_recent.takeLast());
}

void BrowserTableModel::setError(const QString &message)
{
    m_error = message;
    Q_EMIT errorOccurred(message);
}

void BrowserTableModel::publishCounts(qint64 matching, qint64 total)
{
    if (matching == m_matchingCount && total == m_totalCount)
        return;
    m_matchingCount = matching;
    m_totalCount = total;
    Q_EMIT countsChanged(matching, total);
}

#include "browsertablemodel.h"

#include "storage/schema.h"

#include <QGuiApplication>
#include <QPalette>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <numeric>

namespace {

// Counts faster than this are always repeated on refresh(); slower ones are spaced out.
constexpr qint64 expensiveCountMs = 100;

class ChangeGuard
{
public:
    explicit ChangeGuard(bool *flag)
        : m_flag(flag)
    {
        *m_flag = true;
    }
    ~ChangeGuard() { *m_flag = false; }
    ChangeGuard(const ChangeGuard &) = delete;
    ChangeGuard &operator=(const ChangeGuard &) = delete;

private:
    bool *m_flag;
};

QString tickerOf(const QVariantList &row)
{
    return row.constFirst().toString();
}

// As int: what the item delegates and header views of Qt 6.4 read from TextAlignmentRole.
QVariant alignmentFor(bool numeric)
{
    return int(Qt::AlignVCenter | (numeric ? Qt::AlignRight : Qt::AlignLeft));
}

} // namespace

BrowserTableModel::BrowserTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

BrowserTableModel::~BrowserTableModel() = default;

QStringList BrowserTableModel::statusValues(StatusFilter status)
{
    switch (status) {
    case StatusFilter::All:
        return {};
    case StatusFilter::Unopened:
        return { QStringLiteral("initialized"), QStringLiteral("unopened") };
    case StatusFilter::Open:
        return { QStringLiteral("active"), QStringLiteral("open") };
    case StatusFilter::Paused:
        return { QStringLiteral("inactive"), QStringLiteral("paused") };
    case StatusFilter::Closed:
        return { QStringLiteral("closed") };
    case StatusFilter::Settled:
        return { QStringLiteral("determined"), QStringLiteral("disputed"), QStringLiteral("amended"),
            QStringLiteral("finalized"), QStringLiteral("settled") };
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

void BrowserTableModel::setConnectionName(const QString &name)
{
    m_connectionName = name;
    reload();
}

void BrowserTableModel::setFilter(const Filter &filter)
{
    Filter normalized = filter;
    normalized.searchText = filter.searchText.trimmed();
    if (normalized == m_filter)
        return;
    m_filter = normalized;
    reload();
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
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), { Qt::DisplayRole });
}

void BrowserTableModel::setWindowSize(int rows)
{
    m_windowSize = qMax(1, rows);
}

QString BrowserTableModel::tickerAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? tickerOf(m_rows.at(row)) : QString();
}

int BrowserTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BrowserTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(columnSpecs().size()) - hiddenColumnCount();
}

QVariant BrowserTableModel::rawValue(int row, int column) const
{
    return m_rows.at(row).at(column);
}

QVariant BrowserTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= columnCount())
        return QVariant();
    const QVariant &value = m_rows.at(index.row()).at(index.column());
    const ColumnSpec &spec = columnSpecs().at(index.column());
    switch (role) {
    case Qt::DisplayRole: {
        if (!value.isValid())
            return BrowserFormat::missing();
        switch (spec.kind) {
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
    case Qt::ToolTipRole:
        return toolTip(index.row(), index.column());
    case Qt::TextAlignmentRole:
        return alignmentFor(isNumeric(spec.kind));
    case Qt::ForegroundRole:
        if (!value.isValid())
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return QVariant();
    case RawValueRole:
        return value;
    case TickerRole:
        return tickerOf(m_rows.at(index.row()));
    default:
        return QVariant();
    }
}

QVariant BrowserTableModel::toolTip(int row, int column) const
{
    const QVariant &value = m_rows.at(row).at(column);
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
    default:
        return QVariant();
    }
}

bool BrowserTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_loaded && !m_atEnd && !m_changing;
}

void BrowserTableModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_changing || !m_loaded || m_atEnd || m_rows.isEmpty() || !isAttached())
        return;
    Window window;
    const Row last = m_rows.constLast();
    if (!queryWindow(
            &last, nullptr, m_windowSize, preferKeyOrderScan(m_matchingCount, m_totalCount), &window))
        return;
    m_atEnd = window.atEnd;
    if (window.rows.isEmpty())
        return;
    const int first = int(m_rows.size());
    const ChangeGuard guard(&m_changing);
    beginInsertRows(QModelIndex(), first, first + int(window.rows.size()) - 1);
    m_rows.append(window.rows);
    for (int row = first; row < m_rows.size(); ++row)
        m_rowOfTicker.insert(tickerOf(m_rows.at(row)), row);
    endInsertRows();
}

void BrowserTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= columnCount())
        return;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    if (isAttached())
        reload();
}

bool BrowserTableModel::refresh()
{
    if (!isAttached())
        return false;
    if (!m_loaded) {
        reload();
        return m_loaded;
    }
    qint64 version = 0;
    if (!queryDataVersion(&version))
        return false;
    const bool recount = m_countCostMs < expensiveCountMs || m_sinceCount.elapsed() >= 10 * m_countCostMs;
    if (version == m_dataVersion) {
        if (m_countsStale && recount) {
            qint64 matching = -1;
            qint64 total = -1;
            if (queryCounts(&matching, &total))
                publishCounts(matching, total);
        }
        return false;
    }

    // Refetch from the top: every row up to the last fetched key, at least as many rows as now,
    // plus one window of slack so that rows the writer inserted need no extra round trip. Not more:
    // during a sync this runs every second in the GUI thread, and four windows of slack made it
    // read and convert 1280 rows to keep 256 (km-bench-gui).
    const bool hadEverything = m_atEnd;
    const int minimum = qMax(int(m_rows.size()), m_windowSize);
    const int limit = minimum + m_windowSize;
    Window window;
    const Row bound = m_rows.isEmpty() ? Row() : m_rows.constLast();
    qint64 matching = m_matchingCount;
    qint64 total = m_totalCount;
    QSqlDatabase db = database();
    // One read transaction for the rows and counts so that they agree; it ends before we return.
    const bool snapshot = db.transaction();
    bool ok = !recount || queryCounts(&matching, &total);
    ok = ok
        && queryWindow(
            nullptr, bound.isEmpty() ? nullptr : &bound, limit, preferKeyOrderScan(matching, total), &window);
    if (snapshot && !db.commit())
        db.rollback();
    if (!ok)
        return false;
    m_countsStale = !recount;

    const int returned = int(window.rows.size());
    int keep = returned;
    if (!hadEverything) {
        keep = 0;
        while (keep < returned
            && (keep < minimum || (keep < window.withinBound.size() && window.withinBound.at(keep))))
            ++keep;
    }
    window.rows.resize(keep);
    m_dataVersion = version;
    {
        const ChangeGuard guard(&m_changing);
        m_atEnd = window.atEnd && keep == returned;
        applyRefetch(window.rows);
    }
    publishCounts(matching, total);
    return true;
}

void BrowserTableModel::reload()
{
    qint64 matching = -1;
    qint64 total = -1;
    {
        const ChangeGuard guard(&m_changing);
        beginResetModel();
        resetContents();
        if (isAttached())
            loadFirstWindow(&matching, &total);
        endResetModel();
    }
    publishCounts(matching, total);
}

QSqlDatabase BrowserTableModel::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool BrowserTableModel::isAttached() const
{
    return !m_connectionName.isEmpty() && database().isOpen();
}

void BrowserTableModel::resetContents()
{
    m_rows.clear();
    m_rowOfTicker.clear();
    m_atEnd = true;
    m_loaded = false;
    m_dataVersion = -1;
}

bool BrowserTableModel::loadFirstWindow(qint64 *matching, qint64 *total)
{
    qint64 version = 0;
    if (!queryDataVersion(&version))
        return false;
    Window window;
    QSqlDatabase db = database();
    const bool snapshot = db.transaction();
    const bool ok = queryCounts(matching, total)
        && queryWindow(nullptr, nullptr, m_windowSize, preferKeyOrderScan(*matching, *total), &window);
    if (snapshot && !db.commit())
        db.rollback();
    if (!ok)
        return false;
    m_rows = window.rows;
    m_atEnd = window.atEnd;
    m_loaded = true;
    m_dataVersion = version;
    rebuildRowIndex();
    return true;
}

bool BrowserTableModel::preferKeyOrderScan(qint64 matching, qint64 total) const
{
    // Reading in ticker order until a window is full reads about window * total / matching rows;
    // the filter's index reads `matching` rows and sorts them. The first wins unless the filter is
    // selective: matching^2 < window * total.
    if (m_sortColumn != 0 || matching < 0 || total <= 0)
        return false;
    return matching * matching >= qint64(m_windowSize) * total;
}

QString BrowserTableModel::whereClause(bool keyOrderScan, QVariantList *values) const
{
    QStringList terms;
    if (!m_filter.searchText.isEmpty()) {
        const QString pattern = likePattern(m_filter.searchText);
        QStringList alternatives;
        const QStringList aliases = searchAliases();
        for (const QString &alias : aliases) {
            alternatives << alias + QStringLiteral(" LIKE ? ESCAPE '\\'");
            values->append(pattern);
        }
        terms << u'(' + alternatives.join(QStringLiteral(" OR ")) + u')';
    }
    appendFilterTerms(m_filter, keyOrderScan, &terms, values);
    return terms.join(QStringLiteral(" AND "));
}

QString BrowserTableModel::sortTerm(int column, const QString &operand) const
{
    const ColumnSpec &spec = columnSpecs().at(column);
    if (spec.sortTemplate.isEmpty())
        return operand;
    return QString(spec.sortTemplate).arg(operand);
}

// Rows after `key` in the current order. Never NULL-valued, so NOT (...) is its exact complement.
QString BrowserTableModel::afterKeyCondition(const Row &key, QVariantList *values) const
{
    const QString ticker = columnSpecs().constFirst().alias;
    const bool ascending = m_sortOrder == Qt::AscendingOrder;
    if (m_sortColumn == 0) {
        values->append(key.constFirst());
        return ticker + (ascending ? QStringLiteral(" > ?") : QStringLiteral(" < ?"));
    }
    const ColumnSpec &spec = columnSpecs().at(m_sortColumn);
    const QVariant &value = key.at(m_sortColumn);
    if (!value.isValid()) {
        // NULLs sort last in both directions, among themselves by ticker.
        values->append(key.constFirst());
        return u'(' + QString(spec.alias) + QStringLiteral(" IS NULL AND ") + ticker
            + QStringLiteral(" > ?)");
    }
    const QString term = sortTerm(m_sortColumn, spec.alias);
    const QString keyTerm = sortTerm(m_sortColumn, QStringLiteral("?"));
    values->append(value);
    values->append(value);
    values->append(key.constFirst());
    QString condition = u'(' + term + (ascending ? QStringLiteral(" > ") : QStringLiteral(" < ")) + keyTerm
        + QStringLiteral(" OR (") + term + QStringLiteral(" = ") + keyTerm + QStringLiteral(" AND ") + ticker
        + QStringLiteral(" > ?)");
    if (spec.nullable)
        condition += QStringLiteral(" OR ") + spec.alias + QStringLiteral(" IS NULL");
    return condition + u')';
}

QString BrowserTableModel::orderByClause() const
{
    const QString ticker = columnSpecs().constFirst().alias;
    const QString direction
        = m_sortOrder == Qt::AscendingOrder ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    if (m_sortColumn == 0)
        return QStringLiteral(" ORDER BY ") + ticker + direction;
    const ColumnSpec &spec = columnSpecs().at(m_sortColumn);
    return QStringLiteral(" ORDER BY ") + sortTerm(m_sortColumn, spec.alias) + direction
        + (spec.nullable ? QStringLiteral(" NULLS LAST") : QString()) + QStringLiteral(", ") + ticker
        + QStringLiteral(" ASC");
}

QString BrowserTableModel::selectList() const
{
    QStringList aliases;
    const QList<ColumnSpec> &specs = columnSpecs();
    for (const ColumnSpec &spec : specs)
        aliases << spec.alias;
    return aliases.join(QStringLiteral(", "));
}

bool BrowserTableModel::queryWindow(
    const Row *afterKey, const Row *boundKey, int limit, bool keyOrderScan, Window *window)
{
    QVariantList values;
    QString sql = QStringLiteral("SELECT ") + selectList();
    if (boundKey)
        sql += QStringLiteral(", NOT (") + afterKeyCondition(*boundKey, &values)
            + QStringLiteral(") AS within_bound");
    sql += QStringLiteral(" FROM (") + sourceSql() + u')';
    QString where = whereClause(keyOrderScan, &values);
    if (afterKey) {
        const QString after = afterKeyCondition(*afterKey, &values);
        where = where.isEmpty() ? after : where + QStringLiteral(" AND ") + after;
    }
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    sql += orderByClause() + QStringLiteral(" LIMIT ?");
    values.append(limit);

    QSqlQuery query(database());
    if (!execute(query, sql, values))
        return false;
    const int columns = int(columnSpecs().size());
    window->rows.reserve(limit);
    while (query.next()) {
        Row row;
        row.reserve(columns);
        for (int column = 0; column < columns; ++column)
            row.append(query.isNull(column) ? QVariant() : query.value(column));
        window->rows.append(row);
        if (boundKey)
            window->withinBound.append(query.value(columns).toBool());
    }
    if (query.lastError().isValid()) {
        setError(Schema::describe(query.lastError()));
        return false;
    }
    query.finish();
    window->atEnd = window->rows.size() < limit;
    return true;
}

bool BrowserTableModel::queryCounts(qint64 *matchingCount, qint64 *totalCount)
{
    QVariantList values;
    const QString source = QStringLiteral("SELECT count(*) FROM (") + sourceSql() + u')';
    const QString where = whereClause(false, &values);
    qint64 matching = -1;
    qint64 total = -1;
    QElapsedTimer cost;
    cost.start();
    {
        QSqlQuery query(database());
        if (!execute(query, where.isEmpty() ? source : source + QStringLiteral(" WHERE ") + where, values)
            || !query.next()) {
            if (!query.lastError().isValid())
                setError(tr("The row count query returned nothing."));
            else
                setError(Schema::describe(query.lastError()));
            return false;
        }
        matching = query.value(0).toLongLong();
        query.finish();
    }
    if (where.isEmpty()) {
        total = matching;
    } else {
        QSqlQuery query(database());
        if (!execute(query, source, {}) || !query.next()) {
            setError(Schema::describe(query.lastError()));
            return false;
        }
        total = query.value(0).toLongLong();
        query.finish();
    }
    *matchingCount = matching;
    *totalCount = total;
    m_countCostMs = cost.elapsed();
    m_sinceCount.start();
    m_countsStale = false;
    return true;
}

bool BrowserTableModel::queryDataVersion(qint64 *version)
{
    QSqlQuery query(database());
    if (!execute(query, QStringLiteral("PRAGMA data_version"), {}) || !query.next()) {
        setError(Schema::describe(query.lastError()));
        return false;
    }
    *version = query.value(0).toLongLong();
    query.finish();
    return true;
}

bool BrowserTableModel::execute(QSqlQuery &query, const QString &sql, const QVariantList &values)
{
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        setError(Schema::describe(query.lastError()));
        return false;
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        setError(Schema::describe(query.lastError()));
        return false;
    }
    m_error.clear();
    return true;
}

void BrowserTableModel::setError(const QString &message)
{
    m_error = message;
    emit errorOccurred(message);
}

void BrowserTableModel::applyRefetch(const QList<Row> &fresh)
{
    QHash<QString, int> freshRow;
    freshRow.reserve(fresh.size());
    for (int row = 0; row < fresh.size(); ++row)
        freshRow.insert(tickerOf(fresh.at(row)), row);

    // 1. Rows that are gone (deleted, filtered out, or pushed past the kept range), bottom up.
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (freshRow.contains(tickerOf(m_rows.at(row)))) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !freshRow.contains(tickerOf(m_rows.at(first - 1))))
            --first;
        beginRemoveRows(QModelIndex(), first, row);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + row + 1);
        endRemoveRows();
        row = first - 1;
    }

    // 2. Rows whose sort value changed enough to move: one layout change moving persistent indexes.
    QList<int> target(m_rows.size());
    bool ordered = true;
    for (int row = 0; row < m_rows.size(); ++row) {
        target[row] = freshRow.value(tickerOf(m_rows.at(row)));
        if (row > 0 && target.at(row) < target.at(row - 1))
            ordered = false;
    }
    if (!ordered) {
        emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        QList<int> oldRowAt(m_rows.size());
        std::iota(oldRowAt.begin(), oldRowAt.end(), 0);
        std::sort(oldRowAt.begin(), oldRowAt.end(),
            [&target](int a, int b) { return target.at(a) < target.at(b); });
        QList<int> newRowOf(m_rows.size());
        QList<Row> reordered;
        reordered.reserve(m_rows.size());
        for (int row = 0; row < oldRowAt.size(); ++row) {
            newRowOf[oldRowAt.at(row)] = row;
            reordered.append(m_rows.at(oldRowAt.at(row)));
        }
        m_rows = reordered;
        const QModelIndexList from = persistentIndexList();
        QModelIndexList to;
        to.reserve(from.size());
        for (const QModelIndex &index : from)
            to.append(this->index(newRowOf.at(index.row()), index.column()));
        changePersistentIndexList(from, to);
        emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }

    // 3. New rows. m_rows is now an ordered subsequence of fresh, so every mismatch is an insertion.
    for (int row = 0; row < fresh.size();) {
        if (row < m_rows.size() && tickerOf(m_rows.at(row)) == tickerOf(fresh.at(row))) {
            ++row;
            continue;
        }
        const QString next = row < m_rows.size() ? tickerOf(m_rows.at(row)) : QString();
        int last = row;
        while (last + 1 < fresh.size() && (next.isNull() || tickerOf(fresh.at(last + 1)) != next))
            ++last;
        beginInsertRows(QModelIndex(), row, last);
        m_rows.insert(row, last - row + 1, Row());
        for (int i = row; i <= last; ++i)
            m_rows[i] = fresh.at(i);
        endInsertRows();
        row = last + 1;
    }

    // 4. Changed values: one dataChanged over the span that changed.
    int firstChanged = -1;
    int lastChanged = -1;
    for (int row = 0; row < fresh.size(); ++row) {
        if (m_rows.at(row) != fresh.at(row)) {
            m_rows[row] = fresh.at(row);
            if (firstChanged < 0)
                firstChanged = row;
            lastChanged = row;
        }
    }
    rebuildRowIndex();
    if (firstChanged >= 0)
        emit dataChanged(index(firstChanged, 0), index(lastChanged, columnCount() - 1));
}

void BrowserTableModel::rebuildRowIndex()
{
    m_rowOfTicker.clear();
    m_rowOfTicker.reserve(m_rows.size());
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowOfTicker.insert(tickerOf(m_rows.at(row)), row);
}

void BrowserTableModel::publishCounts(qint64 matching, qint64 total)
{
    if (matching == m_matchingCount && total == m_totalCount)
        return;
    m_matchingCount = matching;
    m_totalCount = total;
    emit countsChanged(matching, total);
}

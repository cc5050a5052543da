#include "export/tableexporter.h"

#include "export/exportencoding.h"
#include "storage/schema.h"
#include "storage/sqldialect.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlField>
#include <QSqlQuery>

#include <sqlite3.h>

#include <algorithm>

namespace {

using Unit = ExportColumn::Unit;

// Big enough that write() calls cost nothing per row, small enough to be no memory at all.
constexpr qsizetype bufferBytes = qsizetype(1) << 20;

// A fixed byte buffer in front of a QIODevice. room() hands out space for at least `bytes` bytes,
// writing the buffer out first when they would not fit; a value larger than the whole buffer grows
// it to that value's size (memory then follows the largest single value, not the row count).
class OutputBuffer final
{
public:
    explicit OutputBuffer(QIODevice *device)
        : m_device(device)
        , m_data(bufferBytes, Qt::Uninitialized)
    {
    }

    char *room(qsizetype bytes)
    {
        if (m_used + bytes > m_data.size()) {
            flush();
            if (bytes > m_data.size())
                m_data.resize(bytes);
        }
        return m_data.data() + m_used;
    }

    void advanceTo(const char *end) { m_used = end - m_data.constData(); }

    void append(QByteArrayView bytes)
    {
        char *out = room(bytes.size());
        std::copy(bytes.begin(), bytes.end(), out);
        advanceTo(out + bytes.size());
    }

    // False once a write failed; later flushes write nothing.
    bool flush()
    {
        if (m_failed || m_used == 0)
            return !m_failed;
        m_failed = m_device->write(m_data.constData(), m_used) != m_used;
        m_used = 0;
        return !m_failed;
    }

    bool failed() const { return m_failed; }

private:
    QIODevice *m_device;
    QByteArray m_data;
    qsizetype m_used = 0;
    bool m_failed = false;
};

// The column whose time --since/--until bound: when a snapshot was taken, a settlement settled, or
// a market or event was last stored.
const char *timeColumn(ExportRequest::Table table)
{
    switch (table) {
    case ExportRequest::Table::Snapshots:
        return "snapshot_time";
    case ExportRequest::Table::Settlements:
        return "settled_at";
    case ExportRequest::Table::Markets:
    case ExportRequest::Table::Events:
        return "updated_at";
    }
    return "updated_at";
}

const char *sourceOf(ExportRequest::Table table)
{
    switch (table) {
    case ExportRequest::Table::Snapshots:
        return "price_snapshots";
    case ExportRequest::Table::Markets:
        return "markets";
    case ExportRequest::Table::Events:
        return "events";
    case ExportRequest::Table::Settlements:
        return "settlements";
    }
    return "";
}

// A market belongs to a series by its own series_ticker or, when Kalshi left that empty, its event's.
const QString marketsOfSeries
    = QStringLiteral("SELECT ticker FROM markets WHERE series_ticker = ? OR event_ticker IN (SELECT ticker "
                     "FROM events WHERE series_ticker = ?)");

// Writes rows value by value. The SQLite path hands over values straight from sqlite3_column_*:
// no QVariant, no UTF-16 round trip of every ticker; the PostgreSQL path hands over QSqlQuery's.
class RowWriter final
{
public:
    RowWriter(const QList<ExportColumn> &columns, const ExportRequest &request, OutputBuffer *out)
        : m_columns(columns)
        , m_jsonl(request.format == ExportRequest::Format::Jsonl)
        , m_dollars(request.dollars)
        , m_out(out)
    {
        for (qsizetype i = 0; i < m_columns.size(); ++i) {
            const QByteArray name(m_columns.at(i).name);
            m_jsonKeys.append((i == 0 ? QByteArray("{\"") : QByteArray(",\"")) + name + "\":");
        }
    }

    void writeHeader()
    {
        if (m_jsonl)
            return;
        QByteArray header;
        for (const ExportColumn &column : m_columns)
            header += (header.isEmpty() ? QByteArray() : QByteArray(",")) + column.name;
        header += "\r\n";
        m_out->append(header);
    }

    void writeRow(sqlite3_stmt *statement)
    {
        for (int i = 0; i < int(m_columns.size()); ++i) {
            beginValue(i);
            const int type = sqlite3_column_type(statement, i);
            if (type == SQLITE_NULL) {
                writeNull();
            } else if (m_columns.at(i).unit == Unit::Text || type != SQLITE_INTEGER) {
                // Only text is written as text; a number column holding something other than an
                // integer (never written by this project) keeps SQLite's own text of it.
                const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(statement, i));
                writeText(QByteArrayView(text, sqlite3_column_bytes(statement, i)));
            } else {
                writeNumber(i, sqlite3_column_int64(statement, i));
            }
        }
        endRow();
    }

    // The same text for the same values: every integer column is BIGINT on PostgreSQL, which QPSQL
    // hands over as qulonglong when positive and qlonglong when negative.
    void writeRow(const QSqlQuery &query)
    {
        for (int i = 0; i < int(m_columns.size()); ++i) {
            beginValue(i);
            const QVariant value = query.value(i);
            const int type = value.typeId();
            const bool integer = type == QMetaType::LongLong || type == QMetaType::ULongLong
                || type == QMetaType::Int || type == QMetaType::UInt;
            if (value.isNull())
                writeNull();
            else if (m_columns.at(i).unit == Unit::Text || !integer)
                writeText(value.toString().toUtf8());
            else
                writeNumber(i, value.toLongLong());
        }
        endRow();
    }

private:
    void beginValue(int column)
    {
        if (m_jsonl)
            m_out->append(m_jsonKeys.at(column));
        else if (column > 0)
            m_out->append(",");
    }

    void endRow() { m_out->append(m_jsonl ? QByteArrayView("}\n") : QByteArrayView("\r\n")); }

    void writeNull()
    {
        if (m_jsonl)
            m_out->append("null");
    }

    void writeText(QByteArrayView utf8)
    {
        using namespace ExportEncoding;
        char *out = m_out->room(m_jsonl ? jsonStringMaxBytes(utf8.size()) : csvFieldMaxBytes(utf8.size()));
        m_out->advanceTo(m_jsonl ? writeJsonString(out, utf8) : writeCsvField(out, utf8));
    }

    void writeNumber(int column, qint64 value)
    {
        using namespace ExportEncoding;
        const Unit unit = m_columns.at(column).unit;
        switch (unit) {
        case Unit::Text:
            return;
        case Unit::Time: {
            char *out = m_out->room(timeMaxBytes + 2);
            if (m_jsonl)
                *out++ = '"';
            out = writeTime(out, value);
            if (m_jsonl)
                *out++ = '"';
            m_out->advanceTo(out);
            return;
        }
        case Unit::Price:
        case Unit::Count: {
            char *out = m_out->room(decimalMaxBytes);
            const bool price = unit == Unit::Price;
            m_out->advanceTo(
                m_dollars ? writeScaled(out, value, price ? 6 : 2, price ? 4 : 0) : writeInteger(out, value));
            return;
        }
        case Unit::Flag:
            m_out->append(value != 0 ? QByteArrayView("true") : QByteArrayView("false"));
            return;
        }
    }

    const QList<ExportColumn> m_columns;
    const bool m_jsonl;
    const bool m_dollars;
    OutputBuffer *m_out;
    QList<QByteArray> m_jsonKeys;
};

QString describeSqlite(sqlite3 *db)
{
    return QStringLiteral("%1 (SQLite code %2)")
        .arg(QString::fromUtf8(sqlite3_errmsg(db)))
        .arg(sqlite3_extended_errcode(db));
}

// The sqlite3 handle of an open QSQLITE connection (Qt's documented way down to the C API).
sqlite3 *sqliteHandle(const QSqlDatabase &database)
{
    const QVariant handle = database.isOpen() ? database.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

// The statement's text with each ? placeholder (outside quotes) replaced by its value as the
// driver quotes it.
QString withBoundValues(const QSqlDriver *driver, const TableExporter::Statement &statement)
{
    QString sql;
    qsizetype next = 0;
    QChar quote;
    for (const QChar c : statement.sql) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'\'' || c == u'"') {
            quote = c;
        } else if (c == u'?' && next < statement.bindValues.size()) {
            const QVariant &value = statement.bindValues.at(next++);
            QSqlField field(QString(), value.metaType());
            field.setValue(value);
            sql += driver->formatValue(field);
            continue;
        }
        sql += c;
    }
    return sql;
}

} // namespace

TableExporter::TableExporter(ExportRequest request)
    : m_request(std::move(request))
{
}

QList<ExportColumn> TableExporter::columns(ExportRequest::Table table)
{
    switch (table) {
    case ExportRequest::Table::Snapshots:
        return {{"ticker", Unit::Text}, {"snapshot_time", Unit::Time}, {"yes_bid", Unit::Price},
            {"yes_ask", Unit::Price}, {"no_bid", Unit::Price}, {"no_ask", Unit::Price},
            {"last_price", Unit::Price}, {"volume", Unit::Count}, {"volume_24h", Unit::Count},
            {"open_interest", Unit::Count}};
    case ExportRequest::Table::Markets:
        return {{"ticker", Unit::Text}, {"event_ticker", Unit::Text}, {"series_ticker", Unit::Text},
            {"market_type", Unit::Text}, {"title", Unit::Text}, {"subtitle", Unit::Text},
            {"yes_sub_title", Unit::Text}, {"no_sub_title", Unit::Text}, {"status", Unit::Text},
            {"result", Unit::Text}, {"open_time", Unit::Time}, {"close_time", Unit::Time},
            {"expiration_time", Unit::Time}, {"settlement_ts", Unit::Time}, {"yes_bid", Unit::Price},
            {"yes_ask", Unit::Price}, {"no_bid", Unit::Price}, {"no_ask", Unit::Price},
            {"last_price", Unit::Price}, {"volume", Unit::Count}, {"volume_24h", Unit::Count},
            {"open_interest", Unit::Count}, {"liquidity", Unit::Price}, {"updated_at", Unit::Time}};
    case ExportRequest::Table::Events:
        return {{"ticker", Unit::Text}, {"series_ticker", Unit::Text}, {"title", Unit::Text},
            {"sub_title", Unit::Text}, {"category", Unit::Text}, {"mutually_exclusive", Unit::Flag},
            {"is_placeholder", Unit::Flag}, {"updated_at", Unit::Time}};
    case ExportRequest::Table::Settlements:
        return {{"ticker", Unit::Text}, {"event_ticker", Unit::Text}, {"result", Unit::Text},
            {"settled_at", Unit::Time}, {"settlement_value", Unit::Price}};
    }
    return {};
}

void TableExporter::setProgress(qint64 everyRows, std::function<bool(qint64)> progress)
{
    m_progressEvery = qMax<qint64>(1, everyRows);
    m_progress = std::move(progress);
}

TableExporter::Statement TableExporter::statement(SqlDialect::Backend backend) const
{
    using Table = ExportRequest::Table;
    const Table table = m_request.table;
    Statement statement;
    QStringList names;
    for (const ExportColumn &column : columns(table))
        names.append(QString::fromLatin1(column.name));
    QStringList where;
    if (!m_request.tickers.isEmpty()) {
        const QString marks = QStringList(m_request.tickers.size(), QStringLiteral("?")).join(u',');
        // Events are those of the given markets.
        where.append(table == Table::Events
                ? QStringLiteral("ticker IN (SELECT event_ticker FROM markets WHERE ticker IN (%1))")
                      .arg(marks)
                : QStringLiteral("ticker IN (%1)").arg(marks));
        for (const QString &ticker : m_request.tickers)
            statement.bindValues.append(ticker);
    }
    if (!m_request.eventTicker.isEmpty()) {
        where.append(table == Table::Snapshots
                ? QStringLiteral("ticker IN (SELECT ticker FROM markets WHERE event_ticker = ?)")
                : table == Table::Events ? QStringLiteral("ticker = ?")
                                         : QStringLiteral("event_ticker = ?"));
        statement.bindValues.append(m_request.eventTicker);
    }
    if (!m_request.seriesTicker.isEmpty()) {
        if (table == Table::Events) {
            where.append(QStringLiteral("series_ticker = ?"));
            statement.bindValues.append(m_request.seriesTicker);
        } else {
            where.append(QStringLiteral("ticker IN (") + marketsOfSeries + u')');
            statement.bindValues << m_request.seriesTicker << m_request.seriesTicker;
        }
    }
    const QString time = QString::fromLatin1(timeColumn(table));
    if (m_request.since) {
        where.append(time + QStringLiteral(" >= ?"));
        statement.bindValues.append(*m_request.since);
    }
    if (m_request.until) {
        where.append(time + QStringLiteral(" < ?"));
        statement.bindValues.append(*m_request.until);
    }
    statement.sql = QStringLiteral("SELECT ") + names.join(QStringLiteral(", ")) + QStringLiteral(" FROM ")
        + (table == Table::Snapshots ? SqlDialect::snapshotExportSource(backend)
                                     : QString::fromLatin1(sourceOf(table)));
    if (!where.isEmpty())
        statement.sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    // Snapshots come in storage order (per market, by time) without a sort over millions of rows;
    // the other tables are small enough to sort by their key.
    if (table == Table::Snapshots) {
        const bool byTicker = !m_request.tickers.isEmpty() || !m_request.eventTicker.isEmpty()
            || !m_request.seriesTicker.isEmpty();
        statement.sql += SqlDialect::snapshotExportOrder(backend, byTicker);
    } else {
        statement.sql
            += QStringLiteral(" ORDER BY ") + SqlDialect::byteOrder(backend, QStringLiteral("ticker"));
    }
    return statement;
}

bool TableExporter::run(const QString &connection, QIODevice *out, QString *error)
{
    m_rows = 0;
    m_untilProgress = m_progressEvery;
    m_cancelled = false;
    const QSqlDatabase database = QSqlDatabase::database(connection, false);
    if (database.isOpen() && SqlDialect::of(database) == SqlDialect::Backend::PostgreSql)
        return runOnServer(connection, out, error);
    // A QSqlQuery per row costs a QVariant per value and a UTF-16 copy of every text: a third of
    // the export's time at 10 million snapshots. The statement runs on the connection's own handle,
    // in this thread, which owns the connection; it is finalized before run() returns.
    sqlite3 *db = sqliteHandle(database);
    if (!db) {
        *error
            = QCoreApplication::translate("TableExporter", "connection %1 is not an open SQLite connection")
                  .arg(connection);
        return false;
    }
    const Statement select = m_statement ? *m_statement : statement();
    sqlite3_stmt *query = nullptr;
    if (sqlite3_prepare_v2(db, select.sql.toUtf8().constData(), -1, &query, nullptr) != SQLITE_OK) {
        *error = describeSqlite(db);
        sqlite3_finalize(query);
        return false;
    }
    for (int i = 0; i < int(select.bindValues.size()); ++i) {
        const QVariant &value = select.bindValues.at(i);
        const int bound = value.typeId() == QMetaType::QString
            ? sqlite3_bind_text(query, i + 1, value.toString().toUtf8().constData(), -1, SQLITE_TRANSIENT)
            : sqlite3_bind_int64(query, i + 1, value.toLongLong());
        if (bound != SQLITE_OK) {
            *error = describeSqlite(db);
            sqlite3_finalize(query);
            return false;
        }
    }
    OutputBuffer buffer(out);
    RowWriter writer(columns(m_request.table), m_request, &buffer);
    writer.writeHeader();
    int stepped = SQLITE_ROW;
    while (!buffer.failed() && (stepped = sqlite3_step(query)) == SQLITE_ROW) {
        writer.writeRow(query);
        if (!countRow())
            break;
    }
    const QString stepError
        = stepped == SQLITE_ROW || stepped == SQLITE_DONE ? QString() : describeSqlite(db);
    sqlite3_finalize(query);
    return finish(buffer.flush(), out, stepError, error);
}

// QPSQL would fetch the whole result into this process: the rows come from a server-side cursor
// instead, `cursorBatch` at a time, inside one read-only snapshot transaction of this connection
// (the statement sees one state of the database, as SQLite's read transaction does). The cursor
// cannot be a prepared statement, so bound values are written into its text by the driver's own
// quoting (QPSQL sends every bound value that way anyway).
bool TableExporter::runOnServer(const QString &connection, QIODevice *out, QString *error)
{
    using Backend = SqlDialect::Backend;
    constexpr int cursorBatch = 10000;
    const QString cursor = QStringLiteral("km_export");
    QSqlDatabase database = QSqlDatabase::database(connection, false);
    const Statement select = m_statement ? *m_statement : statement(Backend::PostgreSql);
    const QString sql = withBoundValues(database.driver(), select);
    QSqlQuery query(database);
    query.setForwardOnly(true);
    if (!query.exec(SqlDialect::beginSnapshotRead(Backend::PostgreSql))
        || !query.exec(SqlDialect::declareCursor(Backend::PostgreSql, cursor, sql))) {
        *error = Schema::describe(query.lastError());
        query.finish();
        database.rollback();
        return false;
    }
    OutputBuffer buffer(out);
    RowWriter writer(columns(m_request.table), m_request, &buffer);
    writer.writeHeader();
    const QString fetch = SqlDialect::fetchFromCursor(Backend::PostgreSql, cursor, cursorBatch);
    QString fetchError;
    bool more = true;
    while (more && !buffer.failed()) {
        if (!query.exec(fetch)) {
            fetchError = Schema::describe(query.lastError());
            break;
        }
        more = false;
        while (query.next()) {
            more = true;
            writer.writeRow(query);
            if (!countRow()) {
                more = false;
                break;
            }
        }
    }
    query.finish();
    // Only read: the end of the transaction closes the cursor.
    if (!query.exec(QStringLiteral("ROLLBACK")))
        database.rollback();
    query.finish();
    return finish(buffer.flush(), out, fetchError, error);
}

bool TableExporter::countRow()
{
    ++m_rows;
    if (!m_progress || --m_untilProgress > 0)
        return true;
    m_untilProgress = m_progressEvery;
    if (m_progress(m_rows))
        return true;
    m_cancelled = true;
    return false;
}

bool TableExporter::finish(bool written, QIODevice *out, const QString &readError, QString *error) const
{
    if (!written) {
        *error = QCoreApplication::translate("TableExporter", "cannot write the export: %1")
                     .arg(out->errorString());
        return false;
    }
    if (!readError.isEmpty()) {
        *error = readError;
        return false;
    }
    if (m_cancelled) {
        *error = QCoreApplication::translate("TableExporter", "the export was cancelled");
        return false;
    }
    return true;
}

#include "export/tableexporter.h"

#include "export/exportencoding.h"
#include "storage/schema.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QSqlQuery>

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
const QString marketsOfSeries = QStringLiteral(
    "SELECT ticker FROM markets WHERE series_ticker = ? OR event_ticker IN (SELECT ticker FROM events WHERE series_ticker = ?)");

// Writes one row's values; the text of a Text column is cached per column, since the snapshots of
// one market arrive together and repeat its ticker.
class RowWriter final
{
public:
    RowWriter(const QList<ExportColumn> &columns, const ExportRequest &request, OutputBuffer *out)
        : m_columns(columns)
        , m_jsonl(request.format == ExportRequest::Format::Jsonl)
        , m_dollars(request.dollars)
        , m_out(out)
        , m_lastText(columns.size())
        , m_lastUtf8(columns.size())
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

    void writeRow(const QSqlQuery &query)
    {
        for (int i = 0; i < int(m_columns.size()); ++i) {
            if (m_jsonl)
                m_out->append(m_jsonKeys.at(i));
            else if (i > 0)
                m_out->append(",");
            writeValue(i, query.value(i));
        }
        m_out->append(m_jsonl ? QByteArrayView("}\n") : QByteArrayView("\r\n"));
    }

private:
    void writeValue(int column, const QVariant &value)
    {
        if (value.isNull()) {
            if (m_jsonl)
                m_out->append("null");
            return;
        }
        using namespace ExportEncoding;
        switch (m_columns.at(column).unit) {
        case Unit::Text: {
            const QByteArray &utf8 = textOf(column, value);
            char *out = m_out->room(m_jsonl ? jsonStringMaxBytes(utf8.size()) : csvFieldMaxBytes(utf8.size()));
            m_out->advanceTo(m_jsonl ? writeJsonString(out, utf8) : writeCsvField(out, utf8));
            return;
        }
        case Unit::Time: {
            char *out = m_out->room(timeMaxBytes + 2);
            if (m_jsonl)
                *out++ = '"';
            out = writeTime(out, value.toLongLong());
            if (m_jsonl)
                *out++ = '"';
            m_out->advanceTo(out);
            return;
        }
        case Unit::Price:
        case Unit::Count: {
            char *out = m_out->room(decimalMaxBytes);
            const bool price = m_columns.at(column).unit == Unit::Price;
            m_out->advanceTo(m_dollars ? writeScaled(out, value.toLongLong(), price ? 6 : 2, price ? 4 : 0)
                                       : writeInteger(out, value.toLongLong()));
            return;
        }
        case Unit::Flag:
            m_out->append(value.toLongLong() != 0 ? QByteArrayView("true") : QByteArrayView("false"));
            return;
        }
    }

    const QByteArray &textOf(int column, const QVariant &value)
    {
        const QString text = value.toString();
        if (text != m_lastText.at(column) || m_lastUtf8.at(column).isNull()) {
            m_lastUtf8[column] = text.toUtf8();
            if (m_lastUtf8.at(column).isNull())
                m_lastUtf8[column] = QByteArray("");
            m_lastText[column] = text;
        }
        return m_lastUtf8.at(column);
    }

    const QList<ExportColumn> m_columns;
    const bool m_jsonl;
    const bool m_dollars;
    OutputBuffer *m_out;
    QList<QByteArray> m_jsonKeys;
    QList<QString> m_lastText;
    QList<QByteArray> m_lastUtf8;
};

} // namespace

TableExporter::TableExporter(ExportRequest request)
    : m_request(std::move(request))
{
}

QList<ExportColumn> TableExporter::columns(ExportRequest::Table table)
{
    switch (table) {
    case ExportRequest::Table::Snapshots:
        return {{"ticker", Unit::Text},     {"snapshot_time", Unit::Time}, {"yes_bid", Unit::Price},
                {"yes_ask", Unit::Price},   {"no_bid", Unit::Price},       {"no_ask", Unit::Price},
                {"last_price", Unit::Price}, {"volume", Unit::Count},      {"volume_24h", Unit::Count},
                {"open_interest", Unit::Count}};
    case ExportRequest::Table::Markets:
        return {{"ticker", Unit::Text},          {"event_ticker", Unit::Text},    {"series_ticker", Unit::Text},
                {"market_type", Unit::Text},     {"title", Unit::Text},           {"subtitle", Unit::Text},
                {"yes_sub_title", Unit::Text},   {"no_sub_title", Unit::Text},    {"status", Unit::Text},
                {"result", Unit::Text},          {"open_time", Unit::Time},       {"close_time", Unit::Time},
                {"expiration_time", Unit::Time}, {"settlement_ts", Unit::Time},   {"yes_bid", Unit::Price},
                {"yes_ask", Unit::Price},        {"no_bid", Unit::Price},         {"no_ask", Unit::Price},
                {"last_price", Unit::Price},     {"volume", Unit::Count},         {"volume_24h", Unit::Count},
                {"open_interest", Unit::Count},  {"liquidity", Unit::Price},      {"updated_at", Unit::Time}};
    case ExportRequest::Table::Events:
        return {{"ticker", Unit::Text},   {"series_ticker", Unit::Text},     {"title", Unit::Text},
                {"sub_title", Unit::Text}, {"category", Unit::Text},         {"mutually_exclusive", Unit::Flag},
                {"is_placeholder", Unit::Flag}, {"updated_at", Unit::Time}};
    case ExportRequest::Table::Settlements:
        return {{"ticker", Unit::Text},     {"event_ticker", Unit::Text}, {"result", Unit::Text},
                {"settled_at", Unit::Time}, {"settlement_value", Unit::Price}};
    }
    return {};
}

TableExporter::Statement TableExporter::statement() const
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
        where.append(table == Table::Events ? QStringLiteral("ticker IN (SELECT event_ticker FROM markets WHERE ticker IN (%1))").arg(marks)
                                            : QStringLiteral("ticker IN (%1)").arg(marks));
        for (const QString &ticker : m_request.tickers)
            statement.bindValues.append(ticker);
    }
    if (!m_request.eventTicker.isEmpty()) {
        where.append(table == Table::Snapshots ? QStringLiteral("ticker IN (SELECT ticker FROM markets WHERE event_ticker = ?)")
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
        + QString::fromLatin1(sourceOf(table));
    if (!where.isEmpty())
        statement.sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    // Snapshots come in storage order (per market, by time) without a sort over millions of rows;
    // the other tables are small enough to sort by their key.
    if (table != Table::Snapshots)
        statement.sql += QStringLiteral(" ORDER BY ticker");
    return statement;
}

bool TableExporter::run(const QString &connection, QIODevice *out, QString *error)
{
    m_rows = 0;
    QSqlQuery query(QSqlDatabase::database(connection, false));
    query.setForwardOnly(true);
    const Statement select = statement();
    if (!query.prepare(select.sql)) {
        *error = Schema::describe(query.lastError());
        return false;
    }
    for (const QVariant &value : select.bindValues)
        query.addBindValue(value);
    if (!query.exec()) {
        *error = Schema::describe(query.lastError());
        return false;
    }
    OutputBuffer buffer(out);
    RowWriter writer(columns(m_request.table), m_request, &buffer);
    writer.writeHeader();
    while (!buffer.failed() && query.next()) {
        writer.writeRow(query);
        ++m_rows;
    }
    // next() says false both at the end and on a failed step; only the error tells them apart.
    const QSqlError stepError = query.lastError();
    query.finish();
    if (!buffer.flush()) {
        *error = QCoreApplication::translate("TableExporter", "cannot write the export: %1").arg(out->errorString());
        return false;
    }
    if (stepError.isValid()) {
        *error = Schema::describe(stepError);
        return false;
    }
    return true;
}

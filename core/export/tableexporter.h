#pragma once

#include "export/exportrequest.h"
#include "storage/sqldialect.h"

#include <QList>
#include <QString>
#include <QVariantList>

#include <functional>
#include <optional>

class QIODevice;

// One exported column: its name (the database's) and how its integer is written.
struct ExportColumn
{
    enum class Unit {
        Text,
        Time, // Unix seconds -> RFC 3339 UTC
        Price, // micro-dollars, or dollars with --dollars
        Count, // centi-contracts, or contracts with --dollars
        Flag, // 0/1 -> false/true
    };

    const char *name;
    Unit unit;
};

// Writes one table (snapshots through the price_snapshots view) as CSV or JSON Lines. Runs in the
// thread that calls run(), on a connection that thread opened (read-only for the CLI): SQLite's
// statement is stepped through its C API, PostgreSQL's rows come from a server-side cursor in
// batches; the same data gives the same bytes on both. Rows stream into a fixed buffer that is
// written out whenever it fills, so memory stays flat whatever the row count; the statement (or
// the cursor's transaction) ends before run() returns, so no read transaction stays open.
class TableExporter final
{
public:
    explicit TableExporter(ExportRequest request);

    // The columns of `table` in output order; they also make the SELECT list.
    static QList<ExportColumn> columns(ExportRequest::Table table);

    // The statement for the request and the values of its ? placeholders, in order.
    struct Statement
    {
        QString sql;
        QVariantList bindValues;
    };
    Statement statement(SqlDialect::Backend backend = SqlDialect::Backend::Sqlite) const;
    // Replaces the statement made from the request's filters (the app exports the rows its browser's
    // filter shows); its SELECT list must be columns(request.table), in that order.
    void setStatement(Statement statement) { m_statement = std::move(statement); }

    // Called by run() after every `everyRows` rows with the rows written so far; returning false
    // stops the export there: run() then returns false and wasCancelled() is true.
    void setProgress(qint64 everyRows, std::function<bool(qint64 rows)> progress);
    bool wasCancelled() const { return m_cancelled; }

    // Writes the header (CSV) and every row to `out`. On failure `error` says why; rows already
    // written stay written (the CLI writes files through QSaveFile, which then keeps the old file).
    bool run(const QString &connection, QIODevice *out, QString *error);

    qint64 rowsWritten() const { return m_rows; }

private:
    bool runOnServer(const QString &connection, QIODevice *out, QString *error);
    // Counts a written row and reports progress; false when the progress callback stopped the export.
    bool countRow();
    bool finish(bool written, QIODevice *out, const QString &readError, QString *error) const;

    const ExportRequest m_request;
    std::optional<Statement> m_statement;
    std::function<bool(qint64)> m_progress;
    qint64 m_progressEvery = 0;
    qint64 m_untilProgress = 0;
    qint64 m_rows = 0;
    bool m_cancelled = false;
};

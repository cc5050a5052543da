#pragma once

#include <QList>
#include <QString>

#include <functional>

// Copies a whole Kalshi Monitor database into another: an SQLite file or a postgresql:// URL on
// either side (issue 17: a laptop's collection to the team server and back).
//
// Lives in the thread that calls run(), which opens, uses and closes both connections there: the
// source read-only (never written; one snapshot read transaction for the whole run), the target
// read-write and migrated to this build's schema by Schema::openConnection like every writer.
// The tables are the target schema's base tables (no views, no FTS5 index: SQLite's market_search is
// filled by its triggers as the markets arrive), parents before the tables that reference them, each
// read in keyset order of its primary key and written in batches, one transaction per batch with
// INSERT ... ON CONFLICT upserts of the same rows and columns. Each batch's transaction also stores
// the last key it wrote in the target's km_copy_progress (per source), so a killed copy run again
// continues after the last committed batch. Afterwards every table is compared: row count, non-NULL
// count per column, a sum of each integer column modulo a prime and of each text's length.
class DatabaseCopy final
{
public:
    enum class Outcome {
        Copied, // and verified
        Refused, // nothing was written (same database, missing source, newer schema, foreign data)
        Failed, // an error while copying; committed batches stay and a re-run continues
        Mismatch, // copied, but the verification found a table that differs
    };

    struct TableResult
    {
        QString table;
        qint64 sourceRows = 0;
        qint64 targetRows = 0;
        qint64 rowsCopied = 0; // in this run
        qint64 rowsSkipped = 0; // copied by an earlier, interrupted run
        double seconds = 0;
        bool verified = false; // every figure equal
        QString difference; // the first figure that differs
    };

    struct Progress
    {
        QString table;
        qint64 rowsDone = 0; // of this table, including rows of an earlier run
        qint64 rowsTotal = 0;
        double rowsPerSecond = 0; // of this run in this table
    };
    using ProgressCallback = std::function<void(const Progress &)>;

    DatabaseCopy(QString from, QString to);

    // Rows per transaction (default 5000).
    void setBatchRows(int rows) { m_batchRows = qMax(1, rows); }
    // Called after every committed batch and at the end of each table, in the calling thread.
    void setProgressCallback(ProgressCallback callback) { m_progress = std::move(callback); }

    Outcome run();

    // Why the run was refused, failed or did not verify (never shows a password).
    const QString &error() const { return m_error; }
    const QList<TableResult> &tables() const { return m_tables; }
    bool resumed() const { return m_resumed; }
    qint64 rowsCopied() const;
    double seconds() const { return m_seconds; }

    // Whether two locations name the same database (the same file, or the same server and database).
    static bool sameDatabase(const QString &a, const QString &b);

private:
    struct Table;
    Outcome copyAll();
    bool openBoth(Outcome *outcome);
    bool readTables(QList<Table> *tables);
    bool checkTargetIsOurs(const QList<Table> &tables, Outcome *outcome);
    bool copyTable(const Table &table, TableResult *result);
    bool verifyTable(const Table &table, TableResult *result);
    bool advanceSequences(const QList<Table> &tables);

    QString m_from;
    QString m_to;
    QString m_sourceId; // names the source in km_copy_progress (no password)
    QString m_sourceConnection;
    QString m_targetConnection;
    int m_batchRows = 5000;
    ProgressCallback m_progress;
    QString m_error;
    QList<TableResult> m_tables;
    bool m_resumed = false;
    double m_seconds = 0;
};

#pragma once

#include "cli/clioptions.h"
#include "network/kalshiclient.h"
#include "sync/syncsummary.h"

#include <QObject>
#include <QTextStream>

class WriterThread;

// Lives in the main thread of kalshi-monitor-cli (QCoreApplication, no Widgets). Runs one command
// to its end and returns the exit status: 0 success, 1 failure. The writer gets its own thread; the
// sync runs in this thread's event loop, which is free for nothing else in a headless run.
class CliRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CliRunner)

public:
    explicit CliRunner(const CliOptions &options, QObject *parent = nullptr);

    int exec();

private:
    int runInit();
    int runStats();
    int runSync();
    int runCollect();
    int runBackfill();
    int runWatch();
    int runAlerts();
    int runExport();
    int runPrune();
    int runCopy();
    void printPruneResult(const PruneResult &result);
    // runSync and runBackfill: Job is SyncSession or Backfill; unit names what a lost batch is.
    template <typename Job, typename Request>
    int runFetchJob(const Request &request, const char *unit, const char *units);
    // For the list commands: a read-only connection (the file must exist and be migrated).
    bool openReader(const QString &connection, QString *error);
    void printJsonLine(const QJsonObject &object);
    // Starts the writer and waits until it opened the database; says on stderr when it migrates.
    bool openWriter(WriterThread &writer, QString *error);

    void printProgress(const SyncProgress &progress);
    void printSummary(const SyncSummary &summary, int pagesNotWritten = 0);
    // "the database is busy": who holds the write lock, from /proc/locks or the collector lock.
    void reportBusy(qint64 waitedMs, qint64 deadlineMs);
    int fail(const QString &error, const QJsonObject &json = QJsonObject());
    // Ends an open "\r[phase] page N ..." line before anything else is written to stderr.
    void endProgressLine();
    KalshiClient::Options clientOptions() const;

    const CliOptions m_options;
    QTextStream m_out;
    QTextStream m_err;
    bool m_progressOnTerminal = false;
    bool m_progressLineOpen = false;
};

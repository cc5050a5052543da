#pragma once

#include "export/tableexporter.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

class QThread;

// What the app's File > Export writes: a table's rows (the request's filters, or `statement`) to
// request.outPath, counted first by `countStatement` when given so that progress has a total.
struct ExportJobRequest
{
    QString databasePath;
    ExportRequest request;
    std::optional<TableExporter::Statement> statement;
    std::optional<TableExporter::Statement> countStatement;
    qint64 progressEveryRows = 20000;
};

struct ExportOutcome
{
    bool ok = false;
    bool cancelled = false;
    qint64 rows = 0; // written; on failure or cancel none of them reached the file
    QString outPath;
    QString error;
};

// Lives in the GUI thread. start() runs the export in a thread of its own, which opens, uses and
// closes its own read-only connection and streams through TableExporter into a QSaveFile: the file
// appears (or replaces an older one) only once the export completed; a cancel or a failure leaves
// the old file, or none, and no partial file. Results come back as queued calls; destroying the job
// cancels a running export and waits for its thread.
class ExportJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportJob)

public:
    explicit ExportJob(QObject *parent = nullptr);
    ~ExportJob() override;

    // False (and nothing started) while an export runs.
    bool start(const ExportJobRequest &request);
    bool isRunning() const { return m_thread != nullptr; }

public Q_SLOTS:
    // Stops the running export at its next progress step; finished() then reports cancelled.
    void cancel();

Q_SIGNALS:
    // Rows written so far and the rows to write (-1 while unknown).
    void progress(qint64 rows, qint64 total);
    void finished(const ExportOutcome &outcome);

private:
    void onThreadFinished();

    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    ExportOutcome m_outcome;
    quint64 m_generation = 0;
};

Q_DECLARE_METATYPE(ExportOutcome)

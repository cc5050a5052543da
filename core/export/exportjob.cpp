#include "export/exportjob.h"

#include "storage/schema.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>
#include <QSqlQuery>
#include <QThread>

namespace {

bool countRows(
    const QString &connection, const TableExporter::Statement &count, qint64 *total, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(connection, false));
    query.setForwardOnly(true);
    query.prepare(count.sql);
    for (const QVariant &value : count.bindValues)
        query.addBindValue(value);
    const bool ok = query.exec() && query.next();
    if (ok)
        *total = query.value(0).toLongLong();
    else
        *error = Schema::describe(query.lastError());
    query.finish();
    return ok;
}

} // namespace

ExportJob::ExportJob(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ExportOutcome>();
}

ExportJob::~ExportJob()
{
    if (m_thread) {
        m_cancel->store(true);
        m_thread->wait();
        delete m_thread;
    }
}

bool ExportJob::start(const ExportJobRequest &request)
{
    if (m_thread)
        return false;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_outcome = ExportOutcome();
    const quint64 generation = ++m_generation;
    const QString connection = QStringLiteral("km-export-%1-%2").arg(quintptr(this), 0, 16).arg(generation);
    const std::shared_ptr<std::atomic<bool>> cancel = m_cancel;
    // The thread ends before the job is destroyed (the destructor waits), so `this` stays valid for
    // the queued calls; the outcome is handed over when the thread has finished.
    m_thread = QThread::create([this, request, connection, cancel] {
        ExportOutcome outcome;
        outcome.outPath = request.request.outPath;
        Schema::ConnectionOptions options;
        options.access = Schema::Access::ReadOnly;
        options.busyTimeoutMs = 1000;
        QString error;
        if (!Schema::openConnection(connection, request.databasePath, options, &error)) {
            outcome.error = error;
            m_outcome = outcome;
            return;
        }
        {
            qint64 total = -1;
            if (request.countStatement && !countRows(connection, *request.countStatement, &total, &error))
                total = -1; // progress without a total; the export itself says what is wrong
            QMetaObject::invokeMethod(
                this, [this, total] { Q_EMIT progress(0, total); }, Qt::QueuedConnection);
            QSaveFile file(request.request.outPath);
            if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
                outcome.error
                    = tr("cannot write %1: %2")
                          .arg(QDir::toNativeSeparators(request.request.outPath), file.errorString());
            } else {
                TableExporter exporter(request.request);
                if (request.statement)
                    exporter.setStatement(*request.statement);
                exporter.setProgress(request.progressEveryRows, [this, total, cancel](qint64 rows) {
                    if (cancel->load())
                        return false;
                    QMetaObject::invokeMethod(
                        this, [this, rows, total] { Q_EMIT progress(rows, total); }, Qt::QueuedConnection);
                    return true;
                });
                const bool written = exporter.run(connection, &file, &error);
                outcome.cancelled = exporter.wasCancelled() || cancel->load();
                if (!written || outcome.cancelled) {
                    file.cancelWriting();
                    outcome.error = outcome.cancelled ? QString() : error;
                } else if (!file.commit()) {
                    outcome.error
                        = tr("cannot write %1: %2")
                              .arg(QDir::toNativeSeparators(request.request.outPath), file.errorString());
                } else {
                    outcome.ok = true;
                }
                outcome.rows = exporter.rowsWritten();
            }
        }
        Schema::closeConnection(connection);
        m_outcome = outcome;
    });
    m_thread->setObjectName(QStringLiteral("km-export"));
    connect(m_thread, &QThread::finished, this, &ExportJob::onThreadFinished);
    m_thread->start();
    return true;
}

void ExportJob::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void ExportJob::onThreadFinished()
{
    if (!m_thread)
        return;
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    // Progress posted by the thread is delivered before this (same queue, posted earlier).
    Q_EMIT finished(m_outcome);
}

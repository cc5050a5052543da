#include "storage/writerthread.h"

#include "logging.h"

WriterThread::WriterThread(const DatabaseWriter::Options &options, QObject *parent)
    : QObject(parent)
    , m_writer(new DatabaseWriter(options))
    , m_checkpointer(new Checkpointer(options.databasePath))
{
    m_thread.setObjectName(QStringLiteral("km-writer"));
    m_writer->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_writer, &QObject::deleteLater);

    m_checkpointThread.setObjectName(QStringLiteral("km-checkpointer"));
    m_checkpointer->moveToThread(&m_checkpointThread);
    connect(&m_checkpointThread, &QThread::finished, m_checkpointer, &QObject::deleteLater);
    // Opened only after the writer has migrated the file; then every commit asks for a checkpoint,
    // and so does the opening: a migration, or a process that died, may have left a long WAL.
    connect(m_writer, &DatabaseWriter::opened, m_checkpointer, [checkpointer = m_checkpointer](bool ok) {
        if (ok) {
            checkpointer->open();
            checkpointer->requestCheckpoint();
        }
    });
    connect(m_writer, &DatabaseWriter::batchWritten, m_checkpointer, &Checkpointer::requestCheckpoint);
    connect(m_writer, &DatabaseWriter::pruneProgress, m_checkpointer, &Checkpointer::requestCheckpoint);
    connect(m_writer, &DatabaseWriter::pruned, m_checkpointer, &Checkpointer::requestCheckpoint);
    connect(m_writer, &DatabaseWriter::opened, this, [this](bool ok, const QString &error) {
        m_openReported = true;
        m_openOk = ok;
        m_openError = error;
        if (m_openLoop)
            m_openLoop->quit();
    });
    connect(&m_thread, &QThread::finished, this, &WriterThread::onWriterThreadFinished, Qt::QueuedConnection);
    connect(
        &m_checkpointThread, &QThread::finished, this,
        [this] {
            if (m_stoppedEmitted)
                return;
            m_stoppedEmitted = true;
            m_checkpointThread.wait();
            Q_EMIT stopped();
        },
        Qt::QueuedConnection);
}

WriterThread::~WriterThread()
{
    if (!m_thread.isRunning() && !m_thread.isFinished()) {
        // Never started: no thread will run deleteLater for them.
        delete m_writer;
        delete m_checkpointer;
        return;
    }
    stop();
}

void WriterThread::start()
{
    if (m_thread.isRunning() || m_thread.isFinished() || !m_writer)
        return;
    m_checkpointThread.start();
    m_thread.start();
    QMetaObject::invokeMethod(m_writer, &DatabaseWriter::open, Qt::QueuedConnection);
}

bool WriterThread::startAndWait(QString *error)
{
    if (!m_writer) {
        if (error)
            *error = QStringLiteral("the writer has stopped");
        return false;
    }
    start();
    if (!m_openReported) {
        QEventLoop loop;
        m_openLoop = &loop;
        loop.exec();
        m_openLoop = nullptr;
    }
    if (error)
        *error = m_openError;
    return m_openOk;
}

namespace {

// Runs in the object's thread after everything queued before it, then ends that thread.
template <typename T> void queueCloseAndQuit(T *object)
{
    QMetaObject::invokeMethod(
        object,
        [object] {
            object->close();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
}

} // namespace

void WriterThread::stopAsync(bool abandonBusyRetries)
{
    if (!m_thread.isRunning()) {
        if (!m_stopping) {
            m_stopping = true;
            QMetaObject::invokeMethod(this, &WriterThread::stopped, Qt::QueuedConnection);
        }
        return;
    }
    if (abandonBusyRetries)
        m_writer->abandonRetries();
    if (m_stopping)
        return;
    qCDebug(lcStorage) << "writer stops after the queued batches; busy retries abandoned:"
                       << abandonBusyRetries;
    m_stopping = true;
    queueCloseAndQuit(m_writer);
}

void WriterThread::onWriterThreadFinished()
{
    if (!m_checkpointer || !m_checkpointThread.isRunning())
        return;
    m_thread.wait(); // finished() comes as the thread ends: returns at once
    m_writer = nullptr;
    queueCloseAndQuit(m_checkpointer);
    m_checkpointer = nullptr;
}

void WriterThread::stop(bool abandonBusyRetries)
{
    if (m_thread.isRunning()) {
        if (abandonBusyRetries)
            m_writer->abandonRetries();
        if (!m_stopping) {
            m_stopping = true;
            queueCloseAndQuit(m_writer);
        }
        m_thread.wait();
        m_writer = nullptr;
    }
    if (m_checkpointThread.isRunning()) {
        if (m_checkpointer)
            queueCloseAndQuit(m_checkpointer);
        m_checkpointer = nullptr;
        m_checkpointThread.wait();
    }
}

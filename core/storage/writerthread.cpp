#include "storage/writerthread.h"

#include <QEventLoop>

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
}

WriterThread::~WriterThread()
{
    stop();
}

void WriterThread::start()
{
    if (m_thread.isRunning())
        return;
    m_checkpointThread.start();
    m_thread.start();
    QMetaObject::invokeMethod(m_writer, &DatabaseWriter::open, Qt::QueuedConnection);
}

bool WriterThread::startAndWait(QString *error)
{
    bool ok = false;
    QEventLoop loop;
    const auto connection = connect(m_writer, &DatabaseWriter::opened, &loop,
                                    [&](bool success, const QString &message) {
                                        ok = success;
                                        if (error)
                                            *error = message;
                                        loop.quit();
                                    });
    start();
    loop.exec();
    disconnect(connection);
    return ok;
}

void WriterThread::stop(bool abandonBusyRetries)
{
    if (!m_thread.isRunning())
        return;
    if (abandonBusyRetries)
        m_writer->abandonRetries();
    // Runs in the writer thread after every batch queued before it.
    DatabaseWriter *writer = m_writer;
    QMetaObject::invokeMethod(
        writer,
        [writer] {
            writer->close();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread.wait();
    m_writer = nullptr;

    Checkpointer *checkpointer = m_checkpointer;
    QMetaObject::invokeMethod(
        checkpointer,
        [checkpointer] {
            checkpointer->close();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_checkpointThread.wait();
    m_checkpointer = nullptr;
}

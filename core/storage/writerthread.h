#pragma once

#include "storage/checkpointer.h"
#include "storage/databasewriter.h"

#include <QEventLoop>
#include <QObject>
#include <QThread>

// Lives in the thread that creates it (the GUI or the CLI's main thread) and owns the writer
// thread with the DatabaseWriter in it, and a second thread whose Checkpointer copies the WAL
// into the database file behind the writer's commits. Others connect to writer() only through
// queued signals; they never call its methods directly. stop() lets every batch already queued
// commit first.
class WriterThread final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WriterThread)

public:
    explicit WriterThread(const DatabaseWriter::Options &options, QObject *parent = nullptr);
    ~WriterThread() override;

    // For connect() only: the object lives in the writer thread.
    DatabaseWriter *writer() const { return m_writer; }
    Checkpointer *checkpointer() const { return m_checkpointer; }

    // Starts the thread and queues DatabaseWriter::open(); opened() reports the outcome.
    void start();

    // Blocks until open() has run: for command-line use, where nothing else happens meanwhile.
    // On a thread already started it returns open()'s outcome, waiting for it if need be.
    bool startAndWait(QString *error);

    // Queues close() behind every batch already submitted, then ends the thread and waits for it.
    // The writer is gone afterwards: a WriterThread runs once.
    // With abandonBusyRetries, a batch waiting for another process's lock gives up at once.
    void stop(bool abandonBusyRetries = false);

    // The same without blocking: stopped() follows once both threads have ended. For the GUI.
    void stopAsync(bool abandonBusyRetries);

    bool isRunning() const { return m_thread.isRunning(); }

Q_SIGNALS:
    void stopped();

private:
    void onWriterThreadFinished();

    QThread m_thread;
    QThread m_checkpointThread;
    DatabaseWriter *m_writer = nullptr;
    Checkpointer *m_checkpointer = nullptr;
    QEventLoop *m_openLoop = nullptr;
    QString m_openError;
    bool m_openReported = false;
    bool m_openOk = false;
    bool m_stopping = false;
    bool m_stoppedEmitted = false;
};

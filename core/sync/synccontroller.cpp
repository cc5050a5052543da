#include "sync/synccontroller.h"

SyncController::SyncController(const SyncWorker::Options &options, DatabaseWriter *writer, QObject *parent)
    : QObject(parent)
    , m_worker(new SyncWorker(options, writer))
{
    m_thread.setObjectName(QStringLiteral("km-sync"));
    m_worker->moveToThread(&m_thread);
    // The worker and its children (client, network manager, timers) are deleted in their thread.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(&m_thread, &QThread::started, m_worker, &SyncWorker::initialize);

    connect(m_worker, &SyncWorker::syncStarted, this, &SyncController::syncStarted);
    connect(m_worker, &SyncWorker::progress, this, &SyncController::progress);
    connect(m_worker, &SyncWorker::syncFinished, this, &SyncController::syncFinished);
    connect(m_worker, &SyncWorker::logMessage, this, &SyncController::logMessage);
    connect(m_worker, &SyncWorker::retrying, this, &SyncController::retrying);
    connect(m_worker, &SyncWorker::busyChanged, this, [this](bool busy) {
        m_busy = busy;
        Q_EMIT busyChanged(busy);
    });
    connect(m_worker, &SyncWorker::collectingChanged, this, [this](bool collecting) {
        m_collecting = collecting;
        Q_EMIT collectingChanged(collecting);
    });
    connect(
        m_worker, &SyncWorker::initialSyncRunningChanged, this, &SyncController::initialSyncRunningChanged);
    connect(m_worker, &SyncWorker::jobStateChanged, this, &SyncController::jobStateChanged);
    connect(m_worker, &SyncWorker::jobStatesReset, this, &SyncController::jobStatesReset);
    connect(m_worker, &SyncWorker::historyFetched, this, &SyncController::historyFetched);
    connect(m_worker, &SyncWorker::historyRetrying, this, &SyncController::historyRetrying);
    connect(m_worker, &SyncWorker::shutdownComplete, this, &SyncController::onShutdownComplete);
    connect(&m_thread, &QThread::finished, this, &SyncController::onThreadFinished, Qt::QueuedConnection);
}

SyncController::~SyncController()
{
    if (!m_thread.isRunning() && !m_thread.isFinished()) {
        delete m_worker; // never started: the worker was never moved into a running thread
        return;
    }
    if (m_thread.isRunning()) {
        // Last resort when the owner did not wait for stopped(): cancel and block.
        QMetaObject::invokeMethod(m_worker, &SyncWorker::shutdown, Qt::QueuedConnection);
        QMetaObject::invokeMethod(
            m_worker, [] { QThread::currentThread()->quit(); }, Qt::QueuedConnection);
        m_thread.wait();
    }
}

void SyncController::start()
{
    m_thread.start();
}

void SyncController::syncNow()
{
    QMetaObject::invokeMethod(m_worker, &SyncWorker::syncNow, Qt::QueuedConnection);
}

void SyncController::cancelSync()
{
    QMetaObject::invokeMethod(m_worker, &SyncWorker::cancelSync, Qt::QueuedConnection);
}

void SyncController::setCollecting(bool collecting)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, collecting] { worker->setCollecting(collecting); },
        Qt::QueuedConnection);
}

void SyncController::setJobInterval(const QString &job, qint64 intervalMs)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, job, intervalMs] { worker->setJobInterval(job, intervalMs); },
        Qt::QueuedConnection);
}

void SyncController::setJobEnabled(const QString &job, bool enabled)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, job, enabled] { worker->setJobEnabled(job, enabled); },
        Qt::QueuedConnection);
}

void SyncController::setMveFilter(const QString &filter)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, filter] { worker->setMveFilter(filter); }, Qt::QueuedConnection);
}

void SyncController::fetchHistory(const BackfillRequest &request)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, request] { worker->fetchHistory(request); }, Qt::QueuedConnection);
}

void SyncController::setApi(const QUrl &apiBase, double rateLimit)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, apiBase, rateLimit] { worker->setApi(apiBase, rateLimit); },
        Qt::QueuedConnection);
}

void SyncController::shutdown()
{
    if (m_shutdownRequested)
        return;
    m_shutdownRequested = true;
    if (!m_thread.isRunning()) {
        if (!m_stoppedEmitted) {
            m_stoppedEmitted = true;
            Q_EMIT stopped();
        }
        return;
    }
    QMetaObject::invokeMethod(m_worker, &SyncWorker::shutdown, Qt::QueuedConnection);
}

void SyncController::onShutdownComplete()
{
    // The worker is idle: its event loop ends at once, and onThreadFinished() follows, queued.
    m_thread.quit();
}

void SyncController::onThreadFinished()
{
    if (m_stoppedEmitted || !m_shutdownRequested)
        return;
    m_thread.wait(); // finished() is emitted as the thread ends: this returns at once
    m_stoppedEmitted = true;
    Q_EMIT stopped();
}

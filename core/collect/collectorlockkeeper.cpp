#include "collect/collectorlockkeeper.h"

#include "logging.h"

#include <QTimer>

#include <memory>
#include <utility>

// Lives in the keeper's thread, where it creates the lock (with its connection and session check)
// and the retry timer on first use, and removes them in shutdown().
class CollectorLockWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectorLockWorker)

public:
    explicit CollectorLockWorker(const CollectorLockKeeper::Options &options)
        : m_options(options)
    {
    }
    ~CollectorLockWorker() override = default;

    void acquire(quint64 request)
    {
        ensureCreated();
        m_retry->stop();
        m_request = request;
        m_attempts = 0;
        CollectorLockStatus status;
        status.request = request;
        if (m_lock->tryAcquire()) {
            status.state = CollectorLockStatus::State::Held;
        } else {
            status.state = CollectorLockStatus::State::Refused;
            status.error = m_lock->errorString();
            status.holder = CollectorLock::currentHolder(m_options.databasePath);
        }
        Q_EMIT statusChanged(status);
    }

    void release(quint64 request)
    {
        if (m_retry)
            m_retry->stop();
        if (m_lock)
            m_lock->release();
        CollectorLockStatus status;
        status.request = request;
        Q_EMIT statusChanged(status);
    }

    void lookUpHolder() { Q_EMIT holderLookedUp(CollectorLock::currentHolder(m_options.databasePath)); }

    // Runs last in the thread: the lock and its connection go in the thread that made them.
    void shutdown()
    {
        m_lock.reset();
        delete m_retry;
        m_retry = nullptr;
        QThread::currentThread()->quit();
    }

Q_SIGNALS:
    void statusChanged(const CollectorLockStatus &status);
    void holderLookedUp(const std::optional<CollectorLock::HolderInfo> &holder);

private:
    void ensureCreated()
    {
        if (m_lock)
            return;
        m_lock = std::make_unique<CollectorLock>(m_options.databasePath);
        m_lock->setCheckInterval(m_options.checkIntervalMs);
        connect(m_lock.get(), &CollectorLock::lost, this, [this](const QString &error) {
            qCDebug(lcCollect) << "collector lock lost:" << error;
            m_attempts = 0;
            scheduleRetry(error, std::nullopt, true);
        });
        m_retry = new QTimer(this);
        m_retry->setSingleShot(true);
        connect(m_retry, &QTimer::timeout, this, &CollectorLockWorker::retry);
    }

    void retry()
    {
        ++m_attempts;
        if (m_lock->tryAcquire()) {
            qCDebug(lcCollect) << "collector lock taken again after" << m_attempts << "attempt(s)";
            CollectorLockStatus status;
            status.state = CollectorLockStatus::State::Held;
            status.request = m_request;
            status.attempts = m_attempts;
            Q_EMIT statusChanged(status);
            return;
        }
        const QString error = m_lock->errorString();
        scheduleRetry(error, CollectorLock::currentHolder(m_options.databasePath), false);
    }

    void scheduleRetry(
        const QString &error, const std::optional<CollectorLock::HolderInfo> &holder, bool lostJustNow)
    {
        const int delay
            = CollectorLockKeeper::retryDelayMs(m_attempts, m_options.firstRetryMs, m_options.maxRetryMs);
        CollectorLockStatus status;
        status.state = CollectorLockStatus::State::Waiting;
        status.request = m_request;
        status.error = error;
        status.holder = holder;
        status.attempts = m_attempts;
        status.lostJustNow = lostJustNow;
        status.retryAt = QDateTime::currentDateTime().addMSecs(delay);
        m_retry->start(delay);
        Q_EMIT statusChanged(status);
    }

    const CollectorLockKeeper::Options m_options;
    std::unique_ptr<CollectorLock> m_lock;
    QTimer *m_retry = nullptr;
    quint64 m_request = 0; // the acquire() a retry still serves
    int m_attempts = 0; // failed retries since the loss
};

CollectorLockKeeper::CollectorLockKeeper(const Options &options, QObject *parent)
    : QObject(parent)
    , m_databasePath(options.databasePath)
{
    auto *worker = new CollectorLockWorker(options);
    m_worker = worker;
    m_thread.setObjectName(QStringLiteral("km-collector-lock"));
    worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &CollectorLockWorker::statusChanged, this, &CollectorLockKeeper::statusChanged);
    connect(worker, &CollectorLockWorker::holderLookedUp, this, &CollectorLockKeeper::onHolderLookedUp);
    connect(
        &m_thread, &QThread::finished, this,
        [this] {
            if (m_stoppedEmitted)
                return;
            m_stoppedEmitted = true;
            m_thread.wait(); // finished() comes as the thread ends: returns at once
            Q_EMIT stopped();
        },
        Qt::QueuedConnection);
    m_thread.start();
}

CollectorLockKeeper::~CollectorLockKeeper()
{
    stopAsync();
    m_thread.wait();
}

quint64 CollectorLockKeeper::acquire()
{
    const quint64 request = ++m_lastRequest;
    if (!m_stopping) {
        auto *worker = static_cast<CollectorLockWorker *>(m_worker);
        QMetaObject::invokeMethod(
            worker, [worker, request] { worker->acquire(request); }, Qt::QueuedConnection);
    }
    return request;
}

quint64 CollectorLockKeeper::release()
{
    const quint64 request = ++m_lastRequest;
    if (!m_stopping) {
        auto *worker = static_cast<CollectorLockWorker *>(m_worker);
        QMetaObject::invokeMethod(
            worker, [worker, request] { worker->release(request); }, Qt::QueuedConnection);
    }
    return request;
}

void CollectorLockKeeper::lookUpHolder()
{
    if (m_stopping)
        return;
    if (m_lookupRunning) {
        m_lookupAgain = true;
        return;
    }
    m_lookupRunning = true;
    auto *worker = static_cast<CollectorLockWorker *>(m_worker);
    QMetaObject::invokeMethod(
        worker, [worker] { worker->lookUpHolder(); }, Qt::QueuedConnection);
}

void CollectorLockKeeper::onHolderLookedUp(const std::optional<CollectorLock::HolderInfo> &holder)
{
    m_lookupRunning = false;
    if (std::exchange(m_lookupAgain, false))
        lookUpHolder();
    Q_EMIT holderFound(m_databasePath, holder);
}

void CollectorLockKeeper::stopAsync()
{
    if (m_stopping)
        return;
    m_stopping = true;
    auto *worker = static_cast<CollectorLockWorker *>(m_worker);
    QMetaObject::invokeMethod(
        worker, [worker] { worker->shutdown(); }, Qt::QueuedConnection);
}

int CollectorLockKeeper::retryDelayMs(int attempts, int firstMs, int maxMs)
{
    qint64 delay = qMax(1, firstMs);
    for (int i = 0; i < attempts && delay < maxMs; ++i)
        delay *= 2;
    return int(qMin<qint64>(delay, qMax(firstMs, maxMs)));
}

#include "collectorlockkeeper.moc"

#include "storage/checkpointer.h"

#include "storage/databaselocation.h"

#include "storage/schema.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

Checkpointer::Checkpointer(const QString &databasePath, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_databasePath(databasePath)
    , m_connectionName(QStringLiteral("km-checkpointer-%1").arg(quintptr(this), 0, 16))
    , m_intervalMs(intervalMs)
{
    qRegisterMetaType<Checkpointer::Result>();
}

Checkpointer::~Checkpointer()
{
    // close() must have run in the checkpointer's thread.
    Q_ASSERT(!m_open);
}

void Checkpointer::open()
{
    Q_ASSERT(QThread::currentThread() == thread());
    // A PostgreSQL server checkpoints itself: no connection, every request is ignored.
    if (m_open || DatabaseLocation::isServerUrl(m_databasePath))
        return;
    Schema::ConnectionOptions options;
    options.access = Schema::Access::ReadWrite; // a checkpoint writes the database file
    options.migrate = false; // the writer has migrated; never take its lock
    Schema::Failure failure;
    if (!Schema::openConnection(m_connectionName, m_databasePath, options, &failure)) {
        // The writer's own autocheckpoint backstop keeps the WAL bounded without us.
        Result result;
        result.error = failure.message;
        Q_EMIT checkpointed(result);
        return;
    }
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &Checkpointer::checkpoint);
    m_open = true;
}

void Checkpointer::requestCheckpoint()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_open || m_timer->isActive())
        return;
    const qint64 wait = m_sinceLast.isValid() ? m_intervalMs - m_sinceLast.elapsed() : 0;
    if (wait <= 0)
        checkpoint();
    else
        m_timer->start(int(wait));
}

void Checkpointer::checkpoint()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_open)
        return;
    Result result;
    {
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        if (query.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")) && query.next()) {
            result.ok = true;
            result.walFrames = query.value(1).toInt();
            result.checkpointedFrames = query.value(2).toInt();
        } else {
            result.error = Schema::describe(query.lastError());
        }
    }
    m_sinceLast.start();
    Q_EMIT checkpointed(result);
}

void Checkpointer::close()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_open)
        return;
    delete m_timer;
    m_timer = nullptr;
    Schema::closeConnection(m_connectionName);
    m_open = false;
}

#include "writelock.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace KmTest {

namespace {

QString nextConnectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("km-test-write-lock-%1").arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

WriteLock::WriteLock(const QString &databasePath)
    : m_connectionName(nextConnectionName())
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(databasePath);
    m_open = db.open();
    if (!m_open) {
        m_error = db.lastError().text();
        return;
    }
    QSqlQuery query(db);
    m_held = query.exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!m_held)
        m_error = query.lastError().text();
}

WriteLock::~WriteLock()
{
    release();
}

bool WriteLock::release()
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (m_held) {
            QSqlQuery query(db);
            ok = query.exec(QStringLiteral("ROLLBACK"));
            m_held = false;
        }
        if (m_open)
            db.close();
        m_open = false;
    }
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
    return ok;
}

void WriteLockThread::run()
{
    WriteLock lock(m_path);
    if (!lock.isHeld())
        return;
    locked.storeRelease(1);
    QThread::msleep(m_holdMs);
}

} // namespace KmTest

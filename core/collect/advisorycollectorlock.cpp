#include "collect/advisorycollectorlock.h"

#include "storage/schema.h"

#include <QAtomicInteger>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

namespace {

// application_name holds at most NAMEDATALEN - 1 bytes; the server cuts longer ones silently.
constexpr int maxApplicationName = 63;

QString lockPredicate()
{
    constexpr qint64 key = AdvisoryCollectorLock::advisoryKey;
    return QStringLiteral("l.locktype = 'advisory' AND l.granted AND l.classid = %1 AND l.objid = %2 "
                          "AND l.objsubid = 1 "
                          "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")
        .arg(key >> 32)
        .arg(key & 0xFFFFFFFF);
}

QString uniqueConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("km-collector-lock-%1").arg(counter.fetchAndAddRelaxed(1));
}

// application_name takes printable ASCII only (the server turns anything else into '?').
QString printableAscii(const QString &text)
{
    QString result = text;
    for (QChar &c : result) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7E)
            c = u'?';
    }
    return result;
}

QString programName()
{
    const QString name = QCoreApplication::applicationName();
    return name.isEmpty() ? QStringLiteral("unknown") : name;
}

// Plain statements only: QPSQL frees a prepared one with a DEALLOCATE when the query goes, which
// fails with a warning once the server has ended the session, the very event this lock watches for.
bool run(QSqlQuery &query, const QString &sql, QString *error)
{
    if (!query.exec(sql)) {
        *error = query.lastError().text();
        return false;
    }
    return true;
}

// A string literal for a text that printableAscii() made (standard_conforming_strings is on).
QString textLiteral(const QString &printable)
{
    QString quoted = printable;
    quoted.replace(u'\'', QStringLiteral("''"));
    return u'\'' + quoted + u'\'';
}

} // namespace

AdvisoryCollectorLock::AdvisoryCollectorLock(const QString &databaseUrl)
    : m_databaseUrl(databaseUrl)
    , m_connectionName(uniqueConnectionName())
{
}

AdvisoryCollectorLock::~AdvisoryCollectorLock()
{
    release();
}

QString AdvisoryCollectorLock::holderName(
    qint64 pid, const QString &program, const QString &host, const QDateTime &since)
{
    const QString head = printableAscii(program).left(24).replace(u'@', u'?')
        + QStringLiteral("/%1/%2@").arg(pid).arg(since.toSecsSinceEpoch());
    return head + printableAscii(host).left(qMax(0, maxApplicationName - int(head.size())));
}

std::optional<CollectorLock::HolderInfo> AdvisoryCollectorLock::parseHolderName(
    const QString &applicationName)
{
    static const QRegularExpression form(QStringLiteral("^(.+)/(\\d+)/(\\d+)@([^@]*)$"));
    const QRegularExpressionMatch match = form.match(applicationName);
    if (!match.hasMatch())
        return std::nullopt;
    CollectorLock::HolderInfo info;
    info.pid = match.captured(2).toLongLong();
    info.appName = match.captured(1);
    info.hostName = match.captured(4);
    info.since = QDateTime::fromSecsSinceEpoch(match.captured(3).toLongLong());
    // The host may have been cut to fit.
    const QString ourHost = printableAscii(QSysInfo::machineHostName());
    info.thisProcess = info.pid == QCoreApplication::applicationPid() && !info.hostName.isEmpty()
        && ourHost.startsWith(info.hostName);
    return info;
}

bool AdvisoryCollectorLock::tryAcquire(QString *error)
{
    if (m_held)
        return true;
    const QString where = Schema::displayName(m_databaseUrl);
    Schema::ConnectionOptions options;
    options.migrate = false; // the writer migrates; this connection never changes data
    QString failure;
    if (!Schema::openConnection(m_connectionName, m_databaseUrl, options, &failure)) {
        *error = tr("cannot take the collector lock of %1: %2").arg(where, failure);
        return false;
    }
    m_open = true;
    bool acquired = false;
    QString message;
    {
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        const QString name = holderName(QCoreApplication::applicationPid(), programName(),
            QSysInfo::machineHostName(), QDateTime::currentDateTime());
        // Named before the lock is taken, so a refused collector can always name this one. The
        // keepalives let the server end the session (and release the lock) about a minute after
        // this host vanished without closing its connection; a Unix socket ignores them.
        bool ok
            = run(query,
                  QStringLiteral("SELECT set_config('application_name', %1, false)").arg(textLiteral(name)),
                  &failure)
            && run(query,
                QStringLiteral("SELECT set_config('tcp_keepalives_idle', '30', false), "
                               "set_config('tcp_keepalives_interval', '10', false), "
                               "set_config('tcp_keepalives_count', '3', false)"),
                &failure);
        // Two rounds: the holder may end between our failed attempt and reading its name.
        for (int round = 0; ok && round < 2 && !acquired && message.isEmpty(); ++round) {
            ok = run(query, QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(advisoryKey), &failure)
                && query.next();
            if (!ok)
                break;
            acquired = query.value(0).toBool();
            query.finish();
            if (acquired)
                break;
            if (const std::optional<CollectorLock::HolderInfo> holder = readHolder(m_connectionName))
                message = CollectorLock::describeHolder(*holder, m_databaseUrl);
        }
        if (!ok)
            message = tr("cannot take the collector lock of %1: %2").arg(where, failure);
        else if (!acquired && message.isEmpty())
            message = tr("another collector is collecting into %1").arg(where);
    }
    if (!acquired) {
        closeConnection();
        *error = message;
        return false;
    }
    m_held = true;
    return true;
}

bool AdvisoryCollectorLock::verify(QString *error)
{
    if (!m_held)
        return false;
    QString failure;
    bool holds = false;
    {
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        const QString sql
            = QStringLiteral("SELECT count(*) FROM pg_locks l WHERE l.pid = pg_backend_pid() AND ")
            + lockPredicate();
        if (run(query, sql, &failure) && query.next())
            holds = query.value(0).toLongLong() == 1;
        else if (failure.isEmpty())
            failure = tr("no answer");
    }
    if (holds)
        return true;
    const QString where = Schema::displayName(m_databaseUrl);
    *error = failure.isEmpty()
        ? tr("lost the collector lock of %1: its session no longer holds it; stopping, since another "
             "collector may take over")
              .arg(where)
        : tr("lost the collector lock of %1: %2; stopping, since another collector may take over")
              .arg(where, failure.simplified());
    m_held = false;
    closeConnection();
    return false;
}

void AdvisoryCollectorLock::release()
{
    if (m_held) {
        // Closing the session releases it too; unlocking first makes it free at once.
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        query.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(advisoryKey));
        m_held = false;
    }
    closeConnection();
}

void AdvisoryCollectorLock::closeConnection()
{
    if (!m_open)
        return;
    Schema::closeConnection(m_connectionName);
    m_open = false;
}

std::optional<CollectorLock::HolderInfo> AdvisoryCollectorLock::readHolder(const QString &connectionName)
{
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    query.setForwardOnly(true);
    // application_name is readable by every role; client_addr and backend_start only by the same
    // role (or pg_read_all_stats), so they only stand in for a holder that is not a collector.
    const QString sql
        = QStringLiteral("SELECT l.pid, a.application_name, host(a.client_addr), a.backend_start "
                         "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE ")
        + lockPredicate();
    if (!query.exec(sql) || !query.next())
        return std::nullopt;
    const qint64 serverPid = query.value(0).toLongLong();
    const QString applicationName = query.value(1).toString();
    std::optional<CollectorLock::HolderInfo> holder = parseHolderName(applicationName);
    if (!holder) {
        holder = CollectorLock::HolderInfo();
        holder->pid = serverPid;
        holder->appName = applicationName;
        holder->hostName = query.value(2).toString();
        holder->since = query.value(3).toDateTime().toLocalTime();
    }
    holder->serverPid = serverPid;
    query.finish();
    return holder;
}

std::optional<CollectorLock::HolderInfo> AdvisoryCollectorLock::currentHolder(const QString &databaseUrl)
{
    const QString name = uniqueConnectionName();
    // Not read-only: that refuses a database without data yet. It never writes either.
    Schema::ConnectionOptions options;
    options.migrate = false;
    QString failure;
    if (!Schema::openConnection(name, databaseUrl, options, &failure))
        return std::nullopt;
    std::optional<CollectorLock::HolderInfo> holder = readHolder(name);
    Schema::closeConnection(name);
    return holder;
}

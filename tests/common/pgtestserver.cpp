#include "pgtestserver.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QVersionNumber>

#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr uid_t kUnprivilegedId = 65534; // nobody / nogroup on Debian

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

int freeLocalPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

} // namespace

PgTestServer::~PgTestServer()
{
    stop();
}

QString PgTestServer::findBinDir(QString *error)
{
    const QString fromEnvironment = qEnvironmentVariable("KM_PG_BINDIR");
    if (!fromEnvironment.isEmpty()) {
        if (QFileInfo(QDir(fromEnvironment).filePath(QStringLiteral("initdb"))).isExecutable())
            return fromEnvironment;
        *error = QStringLiteral("KM_PG_BINDIR=%1 holds no initdb").arg(fromEnvironment);
        return {};
    }
    QString newest;
    QVersionNumber newestVersion;
    const QDir versions(QStringLiteral("/usr/lib/postgresql"));
    for (const QString &version : versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString bin = versions.filePath(version + QStringLiteral("/bin"));
        const QVersionNumber number = QVersionNumber::fromString(version);
        if (QFileInfo(QDir(bin).filePath(QStringLiteral("initdb"))).isExecutable()
            && number > newestVersion) {
            newest = bin;
            newestVersion = number;
        }
    }
    if (!newest.isEmpty())
        return newest;
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("initdb"));
    if (!onPath.isEmpty())
        return QFileInfo(onPath).absolutePath();
    *error = QStringLiteral("the PostgreSQL server binaries (initdb, pg_ctl) are not installed: "
                            "scripts/install-deps.sh installs them (Debian package postgresql-15), "
                            "or set KM_PG_BINDIR to their folder");
    return {};
}

bool PgTestServer::run(
    const QString &program, const QStringList &arguments, QString *output, int timeoutMs) const
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    environment.remove(QStringLiteral("PGPASSWORD"));
    process.setProcessEnvironment(environment);
    const QString path = QDir(m_binDir).filePath(program);
    // psql and createdb are clients and may run as anyone; the server must not run as root.
    const bool asServerUser = runningAsRoot() && program != QStringLiteral("psql");
    if (asServerUser) {
        const QStringList dropped{QStringLiteral("--reuid=%1").arg(kUnprivilegedId),
            QStringLiteral("--regid=%1").arg(kUnprivilegedId), QStringLiteral("--clear-groups"),
            QStringLiteral("--"), path};
        process.start(QStringLiteral("setpriv"), dropped + arguments);
    } else {
        process.start(path, arguments);
    }
    const bool finished = process.waitForFinished(timeoutMs);
    if (output)
        *output = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (!finished) {
        process.kill();
        process.waitForFinished(1000);
        if (output)
            *output = QStringLiteral("%1 did not finish within %2 ms").arg(program).arg(timeoutMs);
        return false;
    }
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

bool PgTestServer::start(QString *error)
{
    if (m_running)
        return true;
    m_binDir = findBinDir(error);
    if (m_binDir.isEmpty())
        return false;
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/km-pg-XXXXXX"));
    if (!m_dir->isValid()) {
        *error
            = QStringLiteral("cannot create a temporary folder for the server: %1").arg(m_dir->errorString());
        return false;
    }
    if (runningAsRoot()
        && ::chown(QFile::encodeName(m_dir->path()).constData(), kUnprivilegedId, kUnprivilegedId) != 0) {
        *error = QStringLiteral("cannot hand %1 to the unprivileged server user").arg(m_dir->path());
        return false;
    }
    const QString data = m_dir->filePath(QStringLiteral("data"));
    QString output;
    if (!run(QStringLiteral("initdb"),
            {QStringLiteral("-D"), data, QStringLiteral("-U"), userName(), QStringLiteral("--auth=trust"),
                QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
                QStringLiteral("--no-sync")},
            &output, 120000)) {
        *error = QStringLiteral("initdb failed: %1").arg(output);
        return false;
    }
    return launch(true, error);
}

bool PgTestServer::restart(QString *error)
{
    if (!m_dir) {
        *error = QStringLiteral("the PostgreSQL test server was never started");
        return false;
    }
    stop(StopMode::Fast);
    return startAgain(error);
}

bool PgTestServer::startAgain(QString *error)
{
    if (!m_dir) {
        *error = QStringLiteral("the PostgreSQL test server was never started");
        return false;
    }
    return m_running || launch(false, error);
}

bool PgTestServer::launch(bool newPort, QString *error)
{
    const QString data = m_dir->filePath(QStringLiteral("data"));
    QString output;
    // A port taken between the probe and the server's start makes pg_ctl fail; try a few (a restart
    // keeps its port, which its clients know).
    for (int attempt = 0; attempt < 5 && !m_running; ++attempt) {
        if (newPort)
            m_port = freeLocalPort();
        const QString serverOptions = QStringLiteral("-k %1 -p %2 -c listen_addresses=127.0.0.1 -c fsync=off "
                                                     "-c synchronous_commit=off -c full_page_writes=off "
                                                     "-c max_connections=200")
                                          .arg(m_dir->path())
                                          .arg(m_port);
        m_running = run(QStringLiteral("pg_ctl"),
            {QStringLiteral("-D"), data, QStringLiteral("-l"), m_dir->filePath(QStringLiteral("server.log")),
                QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"),
                serverOptions, QStringLiteral("start")},
            &output, 90000);
    }
    if (!m_running) {
        QFile log(m_dir->filePath(QStringLiteral("server.log")));
        const QString logText
            = log.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(log.readAll()) : QString();
        *error = QStringLiteral("the PostgreSQL server did not start: %1\n%2").arg(output, logText);
    }
    return m_running;
}

void PgTestServer::stop(StopMode mode)
{
    if (!m_running)
        return;
    QString output;
    run(QStringLiteral("pg_ctl"),
        {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")), QStringLiteral("-m"),
            mode == StopMode::Fast ? QStringLiteral("fast") : QStringLiteral("immediate"),
            QStringLiteral("-w"), QStringLiteral("stop")},
        &output, 60000);
    m_running = false;
}

QString PgTestServer::urlFor(const QString &databaseName) const
{
    return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(userName()).arg(m_port).arg(databaseName);
}

QString PgTestServer::newDatabaseUrlOrAbort()
{
    QString error;
    const QString url = newDatabaseUrl(&error);
    if (url.isEmpty())
        qFatal("cannot create a PostgreSQL database: %s", qPrintable(error));
    return url;
}

QString PgTestServer::newDatabaseUrl(QString *error)
{
    const QString name = QStringLiteral("km_test_%1").arg(++m_databaseCounter);
    QString output;
    if (!m_running
        || !run(QStringLiteral("createdb"),
            {QStringLiteral("-h"), m_dir->path(), QStringLiteral("-p"), QString::number(m_port),
                QStringLiteral("-U"), userName(), name},
            &output, 60000)) {
        if (error)
            *error = m_running ? QStringLiteral("createdb %1 failed: %2").arg(name, output)
                               : QStringLiteral("the PostgreSQL test server is not running");
        return {};
    }
    return urlFor(name);
}

QString PgTestServer::psql(const QString &databaseName, const QString &sql, QString *error) const
{
    QString output;
    // Asks the socket even after stop(): a test can prove that the server is gone.
    if (!m_dir
        || !run(QStringLiteral("psql"),
            {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"), QStringLiteral("-t"),
                QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-h"), m_dir->path(),
                QStringLiteral("-p"), QString::number(m_port), QStringLiteral("-U"), userName(),
                QStringLiteral("-d"), databaseName, QStringLiteral("-c"), sql},
            &output, 60000)) {
        if (error)
            *error = m_dir ? output : QStringLiteral("the PostgreSQL test server was never started");
        return {};
    }
    return output;
}

namespace KmTest {

std::unique_ptr<PgTestServer> startPostgres()
{
    auto server = std::make_unique<PgTestServer>();
    QString error;
    if (!server->start(&error))
        qFatal("cannot start a PostgreSQL test server: %s", qPrintable(error));
    return server;
}

} // namespace KmTest

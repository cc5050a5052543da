#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

// A throwaway PostgreSQL server for one test process: initdb into a temporary folder, the socket in
// that folder, TCP on a free port of 127.0.0.1 only, trust authentication for the one role "km".
// Runs the server as an unprivileged user (uid 65534) when the tests run as root, since PostgreSQL
// refuses to run as root. Stopped (immediately, like a crash) and removed when this object goes.
// Lives in the test's thread.
class PgTestServer final
{
public:
    PgTestServer() = default;
    ~PgTestServer();
    PgTestServer(const PgTestServer &) = delete;
    PgTestServer &operator=(const PgTestServer &) = delete;

    // Where the server binaries are (KM_PG_BINDIR, else the newest /usr/lib/postgresql/*/bin, else
    // the folder of initdb on PATH), or empty with the reason in `error`.
    static QString findBinDir(QString *error);

    bool start(QString *error);
    // Immediate: as a crash would (with synchronous_commit off, the last commits may be lost);
    // Fast: as a service's stop does, ending every session and keeping every commit.
    enum class StopMode { Immediate, Fast };
    void stop(StopMode mode = StopMode::Immediate);
    // Stops the server (StopMode::Fast) and starts it again on the same port and data, as a
    // restart of the service under its clients (an upgrade, a reboot).
    bool restart(QString *error);
    // Starts a stopped server again on the same port and data (the end of an outage).
    bool startAgain(QString *error);
    bool isRunning() const { return m_running; }

    // Creates a new, empty database and returns its URL (postgresql://km@127.0.0.1:PORT/NAME).
    // Empty on failure, with the reason in `error`.
    QString newDatabaseUrl(QString *error = nullptr);
    // The same, for set-up that cannot go on without it: ends the test run (qFatal) on failure.
    QString newDatabaseUrlOrAbort();

    QString socketDirectory() const { return m_dir ? m_dir->path() : QString(); }
    int port() const { return m_port; }
    QString userName() const { return QStringLiteral("km"); }
    QString urlFor(const QString &databaseName) const;

    // Runs SQL through psql against `databaseName` and returns its unaligned output; empty on failure.
    QString psql(const QString &databaseName, const QString &sql, QString *error = nullptr) const;

private:
    bool launch(bool newPort, QString *error);
    bool run(const QString &program, const QStringList &arguments, QString *output, int timeoutMs) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_binDir;
    int m_port = 0;
    int m_databaseCounter = 0;
    bool m_running = false;
};

namespace KmTest {

// For tests that need PostgreSQL: a failed start aborts the test process (qFatal) with the reason
// (no silent skip: a machine without the server binaries fails these tests and says what to install).
std::unique_ptr<PgTestServer> startPostgres();

} // namespace KmTest

#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <utility>

// Where the data lives: an SQLite file path, or a PostgreSQL server named by a libpq URL
// (postgresql://user@host:port/dbname?sslmode=...; a `host` parameter may name a socket folder).
// A password is taken from the URL for the connection only: displayText() never shows it, and
// without one libpq itself reads PGPASSWORD or ~/.pgpass. Plain value; any thread.
class DatabaseLocation
{
    Q_DECLARE_TR_FUNCTIONS(DatabaseLocation)

public:
    enum class Kind { SqliteFile, PostgreSql };

    // Whether `text` is meant as a server URL (postgresql:// or postgres://), valid or not.
    static bool isServerUrl(const QString &text);
    // A path is taken as it is (Schema::checkDatabaseFile judges it); a URL is parsed, and on a
    // malformed one `error` says what is wrong (without the password) and the result is invalid.
    static DatabaseLocation parse(const QString &text, QString *error);

    bool isValid() const { return m_valid; }
    Kind kind() const { return m_kind; }
    bool isServer() const { return m_kind == Kind::PostgreSql; }

    // SqliteFile only.
    const QString &path() const { return m_path; }

    // PostgreSql only; empty host/user mean libpq's defaults (PGHOST, the socket folder, the login).
    const QString &host() const { return m_host; }
    int port() const { return m_port; } // -1: libpq's default
    const QString &user() const { return m_user; }
    const QString &databaseName() const { return m_databaseName; }
    const QString &password() const { return m_password; }
    // The other libpq parameters (sslmode, connect_timeout, ...) in the order given.
    const QList<std::pair<QString, QString>> &parameters() const { return m_parameters; }
    // "key=value;key=value" for QSqlDatabase::setConnectOptions (QPSQL hands them to libpq).
    QString connectOptions() const;

    // libpq waits for a server that does not answer for as long as the operating system lets it
    // (minutes) unless connect_timeout is set; every connection of the app gets this many seconds
    // instead, so a vanished server fails an attempt instead of hanging it.
    static constexpr int defaultConnectTimeoutSecs = 10;
    // What a connection is opened with: connectOptions() plus connect_timeout=
    // defaultConnectTimeoutSecs when neither the URL nor the environment (PGCONNECT_TIMEOUT, which
    // libpq reads itself) sets one. The URL's own value, PGPASSWORD and ~/.pgpass work as in libpq.
    QString openOptions() const;

    // For users, logs and messages: the path, or the URL without any password.
    QString displayText() const;

private:
    bool m_valid = false;
    Kind m_kind = Kind::SqliteFile;
    QString m_path;
    QString m_host;
    int m_port = -1;
    QString m_user;
    QString m_databaseName;
    QString m_password;
    QList<std::pair<QString, QString>> m_parameters;
};

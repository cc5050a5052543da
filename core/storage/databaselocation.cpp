#include "storage/databaselocation.h"

#include <QCoreApplication>
#include <QDir>
#include <QStringList>
#include <QUrl>

#include <algorithm>

namespace {

QString decoded(QStringView part)
{
    return QUrl::fromPercentEncoding(part.toUtf8());
}

// Percent-encodes what would otherwise end the part it stands in.
QString encoded(const QString &text, const QByteArray &keep = QByteArray())
{
    return QString::fromUtf8(QUrl::toPercentEncoding(text, keep));
}

// libpq parameters passed on as they are; host, port, user, dbname and password are taken apart.
const QStringList passedParameters
    = {QStringLiteral("sslmode"), QStringLiteral("sslrootcert"), QStringLiteral("sslcert"),
        QStringLiteral("sslkey"), QStringLiteral("sslcrl"), QStringLiteral("connect_timeout"),
        QStringLiteral("application_name"), QStringLiteral("target_session_attrs")};
const QStringList sslModes = {QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"),
    QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};

bool parsePort(const QString &text, int *port)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 1 || value > 65535 || text.startsWith(u'+'))
        return false;
    *port = value;
    return true;
}

} // namespace

bool DatabaseLocation::isServerUrl(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive)
        || trimmed.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

DatabaseLocation DatabaseLocation::parse(const QString &text, QString *error)
{
    DatabaseLocation location;
    error->clear();
    if (!isServerUrl(text)) {
        location.m_kind = Kind::SqliteFile;
        location.m_path = text;
        location.m_valid = true;
        return location;
    }
    location.m_kind = Kind::PostgreSql;
    const QString trimmed = text.trimmed();
    QStringView rest = QStringView(trimmed).mid(trimmed.indexOf(QLatin1String("://")) + 3);
    const auto fail = [&](const QString &message) {
        *error = tr("database URL: %1").arg(message);
        location.m_valid = false;
        return location;
    };

    QStringView query;
    if (const qsizetype mark = rest.indexOf(u'?'); mark >= 0) {
        query = rest.mid(mark + 1);
        rest = rest.left(mark);
    }
    QStringView authority = rest;
    QStringView path;
    if (const qsizetype slash = rest.indexOf(u'/'); slash >= 0) {
        authority = rest.left(slash);
        path = rest.mid(slash + 1);
    }
    if (const qsizetype at = authority.lastIndexOf(u'@'); at >= 0) {
        const QStringView userInfo = authority.left(at);
        authority = authority.mid(at + 1);
        if (const qsizetype colon = userInfo.indexOf(u':'); colon >= 0) {
            location.m_user = decoded(userInfo.left(colon));
            location.m_password = decoded(userInfo.mid(colon + 1));
        } else {
            location.m_user = decoded(userInfo);
        }
    }
    if (authority.contains(u','))
        return fail(tr("several hosts are not supported; name one server"));
    QStringView hostPart = authority;
    QStringView portPart;
    if (authority.startsWith(u'[')) {
        const qsizetype close = authority.indexOf(u']');
        if (close < 0)
            return fail(tr("an IPv6 address lacks its closing ']'"));
        hostPart = authority.mid(1, close - 1);
        const QStringView after = authority.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(u':'))
                return fail(tr("unexpected text after the IPv6 address"));
            portPart = after.mid(1);
        }
    } else if (const qsizetype colon = authority.lastIndexOf(u':'); colon >= 0) {
        hostPart = authority.left(colon);
        portPart = authority.mid(colon + 1);
    }
    location.m_host = decoded(hostPart);
    if (!portPart.isEmpty() && !parsePort(portPart.toString(), &location.m_port))
        return fail(tr("the port '%1' is not a number from 1 to 65535").arg(portPart.toString()));
    if (path.contains(u'/'))
        return fail(tr("the path must be just the database name"));
    location.m_databaseName = decoded(path);

    if (!query.isEmpty()) {
        for (const QStringView pair : query.split(u'&', Qt::SkipEmptyParts)) {
            const qsizetype equals = pair.indexOf(u'=');
            if (equals <= 0)
                return fail(tr("the parameter '%1' has no value").arg(decoded(pair)));
            const QString key = decoded(pair.left(equals));
            const QString value = decoded(pair.mid(equals + 1));
            if (key == QLatin1String("host")) {
                if (value.contains(u','))
                    return fail(tr("several hosts are not supported; name one server"));
                location.m_host = value;
            } else if (key == QLatin1String("port")) {
                if (!parsePort(value, &location.m_port))
                    return fail(tr("the port '%1' is not a number from 1 to 65535").arg(value));
            } else if (key == QLatin1String("user")) {
                location.m_user = value;
            } else if (key == QLatin1String("dbname")) {
                location.m_databaseName = value;
            } else if (key == QLatin1String("password")) {
                location.m_password = value;
            } else if (passedParameters.contains(key)) {
                if (key == QLatin1String("sslmode") && !sslModes.contains(value))
                    return fail(
                        tr("sslmode '%1' is not one of %2").arg(value, sslModes.join(QStringLiteral(", "))));
                if (key == QLatin1String("connect_timeout") && (value.toInt() < 0 || value.isEmpty()))
                    return fail(tr("connect_timeout '%1' is not a number of seconds").arg(value));
                if (value.contains(u';'))
                    return fail(tr("the parameter '%1' contains ';'").arg(key));
                location.m_parameters.append({key, value});
            } else {
                return fail(tr("unknown parameter '%1' (known: host, port, user, dbname, %2)")
                                .arg(key, passedParameters.join(QStringLiteral(", "))));
            }
        }
    }
    if (location.m_databaseName.isEmpty())
        return fail(tr("no database named (postgresql://user@host:port/DBNAME)"));
    location.m_valid = true;
    return location;
}

QString DatabaseLocation::connectOptions() const
{
    QStringList options;
    for (const auto &[key, value] : m_parameters)
        options.append(key + u'=' + value);
    return options.join(u';');
}

QString DatabaseLocation::openOptions() const
{
    QString options = connectOptions();
    const bool urlSetsTimeout = std::any_of(
        m_parameters.cbegin(), m_parameters.cend(), [](const std::pair<QString, QString> &parameter) {
            return parameter.first == QLatin1String("connect_timeout");
        });
    if (urlSetsTimeout || !qEnvironmentVariableIsEmpty("PGCONNECT_TIMEOUT"))
        return options;
    if (!options.isEmpty())
        options += u';';
    return options + QStringLiteral("connect_timeout=%1").arg(defaultConnectTimeoutSecs);
}

QString DatabaseLocation::displayText() const
{
    if (m_kind == Kind::SqliteFile)
        return QDir::toNativeSeparators(m_path);
    QString text = QStringLiteral("postgresql://");
    if (!m_user.isEmpty())
        text += encoded(m_user) + u'@';
    // A socket folder is a path: it goes into the query, where libpq reads it too.
    const bool socketFolder = m_host.startsWith(u'/');
    if (!socketFolder)
        text += m_host.contains(u':') ? u'[' + m_host + u']' : encoded(m_host, "-.");
    if (m_port > 0)
        text += u':' + QString::number(m_port);
    text += u'/' + encoded(m_databaseName);
    QStringList query;
    if (socketFolder)
        query.append(QStringLiteral("host=") + encoded(m_host, "/"));
    for (const auto &[key, value] : m_parameters)
        query.append(key + u'=' + encoded(value, "/-"));
    if (!query.isEmpty())
        text += u'?' + query.join(u'&');
    return text;
}

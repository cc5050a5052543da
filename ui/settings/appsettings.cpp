#include "appsettings.h"

#include "collect/duration.h"
#include "network/ratelimiter.h"
#include "paths.h"
#include "storage/databaselocation.h"
#include "storage/schema.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QSettings>
#include <QUrl>

#include <cmath>

namespace {

const QString environmentSetting = QStringLiteral("api/environment");
const QString customBaseSetting = QStringLiteral("api/customBase");
const QString rateLimitSetting = QStringLiteral("api/rateLimit");
const QString databaseSetting = QStringLiteral("database/path");

QString withoutTrailingSlash(QString url)
{
    url = url.trimmed();
    while (url.endsWith(u'/'))
        url.chop(1);
    return url;
}

} // namespace

AppSettings AppSettings::defaults()
{
    AppSettings settings;
    const QString base = withoutTrailingSlash(Paths::defaultApiBase());
    if (base == QLatin1String(Paths::productionApiBase)) {
        settings.environment = ApiEnvironment::Production;
    } else if (base == QLatin1String(Paths::demoApiBase)) {
        settings.environment = ApiEnvironment::Demo;
    } else {
        settings.environment = ApiEnvironment::Custom;
        settings.customApiBase = base;
    }
    settings.databasePath = Paths::defaultDatabasePath();
    settings.rateLimit = RateLimiter::defaultRate;
    settings.collection = CollectionSettings::defaults();
    return settings;
}

QString AppSettings::environmentKey(ApiEnvironment environment)
{
    switch (environment) {
    case ApiEnvironment::Production:
        return QStringLiteral("production");
    case ApiEnvironment::Demo:
        return QStringLiteral("demo");
    case ApiEnvironment::Custom:
        return QStringLiteral("custom");
    }
    return QString();
}

AppSettings AppSettings::load(QSettings &settings, QStringList *problems)
{
    AppSettings loaded = defaults();
    const auto report = [problems](const QString &key, const QString &problem) {
        if (problems)
            problems->append(key + QLatin1String(": ") + problem);
    };

    loaded.customApiBase
        = withoutTrailingSlash(settings.value(customBaseSetting, loaded.customApiBase).toString());
    const QVariant environment = settings.value(environmentSetting);
    if (environment.isValid()) {
        const QString key = environment.toString().trimmed().toLower();
        bool known = false;
        for (const ApiEnvironment candidate :
            {ApiEnvironment::Production, ApiEnvironment::Demo, ApiEnvironment::Custom}) {
            if (key == environmentKey(candidate)) {
                loaded.environment = candidate;
                known = true;
            }
        }
        if (!known)
            report(environmentSetting,
                tr("\u201c%1\u201d is not production, demo or custom").arg(environment.toString()));
    }
    if (loaded.environment == ApiEnvironment::Custom) {
        const QString problem = checkCustomApiBase(loaded.customApiBase);
        if (!problem.isEmpty()) {
            report(customBaseSetting, problem);
            loaded.environment = ApiEnvironment::Production;
        }
    }

    const QVariant rate = settings.value(rateLimitSetting);
    if (rate.isValid()) {
        bool ok = false;
        const double value = rate.toString().trimmed().toDouble(&ok);
        const QString problem
            = ok ? checkRateLimit(value) : tr("\u201c%1\u201d is not a number").arg(rate.toString());
        if (problem.isEmpty())
            loaded.rateLimit = value;
        else
            report(rateLimitSetting, problem);
    }

    const QVariant database = settings.value(databaseSetting);
    if (database.isValid()) {
        const QString path = database.toString().trimmed();
        const QString problem = checkDatabasePath(path);
        if (problem.isEmpty())
            loaded.databasePath = path;
        else
            report(databaseSetting, problem);
    }

    loaded.collection = CollectionSettings::load(settings, problems);
    loaded.storage = StorageSettings::load(settings, problems);
    return loaded;
}

bool AppSettings::save(QSettings &settings) const
{
    settings.setValue(environmentSetting, environmentKey(environment));
    settings.setValue(customBaseSetting, customApiBase);
    // Written as text so that the INI file stays readable and editable by hand.
    settings.setValue(rateLimitSetting, QString::number(rateLimit, 'g', QLocale::FloatingPointShortest));
    // A server URL without its password: libpq finds it in PGPASSWORD or ~/.pgpass next time.
    settings.setValue(databaseSetting,
        DatabaseLocation::isServerUrl(databasePath) ? Schema::displayName(databasePath) : databasePath);
    storage.save(settings);
    // CollectionSettings::save() syncs the file.
    const bool collectionSaved = collection.save(settings);
    return collectionSaved && settings.status() == QSettings::NoError;
}

QString AppSettings::apiBase() const
{
    switch (environment) {
    case ApiEnvironment::Production:
        return QString::fromLatin1(Paths::productionApiBase);
    case ApiEnvironment::Demo:
        return QString::fromLatin1(Paths::demoApiBase);
    case ApiEnvironment::Custom:
        return withoutTrailingSlash(customApiBase);
    }
    return QString();
}

QString AppSettings::checkCustomApiBase(const QString &url)
{
    const QString text = url.trimmed();
    if (text.isEmpty())
        return tr("Enter the address of the API, for example https://demo-api.kalshi.co/trade-api/v2.");
    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid())
        return tr("This is not a valid web address.");
    const QString scheme = parsed.scheme().toLower();
    if (scheme != u"http" && scheme != u"https")
        return tr("The address must start with https:// (or http:// for a local test server).");
    if (parsed.host().isEmpty())
        return tr("The address has no host name.");
    return QString();
}

QString AppSettings::checkDatabasePath(const QString &path)
{
    const QString text = path.trimmed();
    if (text.isEmpty())
        return tr("Choose the database file.");
    if (DatabaseLocation::isServerUrl(text))
        return Schema::checkDatabaseFile(text);
    if (!Schema::checkDatabaseFile(text).isEmpty() && !QFileInfo(text).isDir())
        return tr("%1 is not a plain file path: an in-memory database, a URI or a resource name would "
                  "save nothing.")
            .arg(text);
    const QFileInfo info(text);
    if (info.isRelative())
        return tr("Enter the full path of the file, for example %1.")
            .arg(QDir::toNativeSeparators(QDir::home().filePath(QStringLiteral("kalshi-monitor.db"))));
    if (info.isDir())
        return tr("%1 is a folder: choose a file in it, for example %2.")
            .arg(QDir::toNativeSeparators(text),
                QDir::toNativeSeparators(QDir(text).filePath(QStringLiteral("kalshi-monitor.db"))));
    return QString();
}

QString AppSettings::checkRateLimit(double requestsPerSecond)
{
    if (!std::isfinite(requestsPerSecond) || requestsPerSecond < minimumRateLimit
        || requestsPerSecond > maximumRateLimit) {
        const QLocale locale;
        return tr("%1 is not between %2 and %3 requests per second.")
            .arg(locale.toString(requestsPerSecond, 'g', QLocale::FloatingPointShortest),
                locale.toString(minimumRateLimit), locale.toString(maximumRateLimit));
    }
    return QString();
}

QString AppSettings::checkInterval(const QString &text)
{
    if (text.trimmed().isEmpty())
        return tr("Enter an interval, e.g. 20s, 15m or 6h.");
    if (!Duration::parseMs(text))
        return tr("\u201c%1\u201d is not an interval: use e.g. 20s, 15m or 6h.").arg(text.trimmed());
    return QString();
}

#pragma once

#include "collect/collectionsettings.h"
#include "storagesettings.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QSettings;

// Everything the user can set in the desktop app: which Kalshi API to use, the database file, the
// request rate and the collection settings. A value type usable in any thread; load() and save()
// use the QSettings they are given in the calling thread. Keys: api/environment (production, demo,
// custom), api/customBase, api/rateLimit (requests per second), database/path, and the
// collection/... keys of CollectionSettings and the storage/... keys of StorageSettings.
struct AppSettings
{
    Q_DECLARE_TR_FUNCTIONS(AppSettings)

public:
    enum class ApiEnvironment { Production, Demo, Custom };

    static constexpr double minimumRateLimit = 0.5;
    static constexpr double maximumRateLimit = 100.0;

    ApiEnvironment environment = ApiEnvironment::Production;
    QString customApiBase;
    QString databasePath;
    double rateLimit = 0;
    CollectionSettings collection;
    StorageSettings storage;

    // Production API (Demo or Custom when KALSHI_API_BASE names one), Paths::defaultDatabasePath(),
    // RateLimiter::defaultRate requests per second, CollectionSettings::defaults().
    static AppSettings defaults();
    // Missing keys take the default; an unusable value takes the default and is described in
    // problems, e.g. "api/rateLimit: 500 is not between 0.5 and 100".
    static AppSettings load(QSettings &settings, QStringList *problems = nullptr);
    // Writes every key and syncs; false if QSettings reports an error.
    bool save(QSettings &settings) const;

    // The base URL the client should use: the production or demo constant of core/paths.h, or
    // customApiBase.
    QString apiBase() const;

    static QString environmentKey(ApiEnvironment environment);

    // Checks shared by load() and SettingsDialog: an empty string when the value is usable, else
    // what is wrong with it in words for people.
    static QString checkCustomApiBase(const QString &url);
    static QString checkDatabasePath(const QString &path);
    static QString checkRateLimit(double requestsPerSecond);
    static QString checkInterval(const QString &text);
};

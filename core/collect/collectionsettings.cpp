#include "collect/collectionsettings.h"

#include "collect/duration.h"
#include "collect/jobrunner.h"

#include <QSettings>

namespace {

constexpr qint64 msPerMinute = 60 * 1000;

QString jobKey(const QString &job, QLatin1String field)
{
    return QLatin1String("collection/") + job + u'/' + field;
}

// Reads a bool written by save() ("true"/"false"); an INI edited by hand may also say 1 or 0.
bool readBool(QSettings &settings, const QString &key, bool fallback, QStringList *problems)
{
    const QVariant value = settings.value(key);
    if (!value.isValid())
        return fallback;
    const QString text = value.toString().trimmed().toLower();
    if (text == u"true" || text == u"1")
        return true;
    if (text == u"false" || text == u"0")
        return false;
    if (problems)
        problems->append(
            key + QLatin1String(": \"") + value.toString() + QLatin1String("\" is not true or false"));
    return fallback;
}

} // namespace

QStringList CollectionSettings::scheduledJobs()
{
    QStringList names;
    for (const CollectJob job :
        {CollectJob::Snapshot, CollectJob::Markets, CollectJob::Settlements, CollectJob::Watchlist})
        names.append(SyncState::toText(job));
    return names;
}

QStringList CollectionSettings::mveFilters()
{
    return {QStringLiteral("exclude"), QStringLiteral("only"), QStringLiteral("include")};
}

qint64 CollectionSettings::defaultIntervalMs(const QString &job)
{
    switch (SyncState::fromText<CollectJob>(job).value_or(CollectJob::FullSync)) {
    case CollectJob::Snapshot:
        return 15 * msPerMinute;
    case CollectJob::Markets:
        return 60 * msPerMinute;
    case CollectJob::Settlements:
        return 6 * 60 * msPerMinute;
    case CollectJob::Watchlist:
        return msPerMinute;
    case CollectJob::FullSync:
        break; // manual, as is any name that is no interval job
    }
    return 0;
}

CollectionSettings CollectionSettings::defaults()
{
    CollectionSettings settings;
    for (const QString &name : scheduledJobs())
        settings.jobs.insert(name, Job{defaultIntervalMs(name), true});
    return settings;
}

CollectionSettings CollectionSettings::load(QSettings &settings, QStringList *problems)
{
    CollectionSettings loaded = defaults();
    loaded.collecting
        = readBool(settings, QStringLiteral("collection/collecting"), loaded.collecting, problems);
    loaded.initialSync
        = readBool(settings, QStringLiteral("collection/initialSync"), loaded.initialSync, problems);
    const QString mveKey = QStringLiteral("collection/mveFilter");
    const QVariant mveFilter = settings.value(mveKey);
    if (mveFilter.isValid()) {
        if (mveFilters().contains(mveFilter.toString()))
            loaded.mveFilter = mveFilter.toString();
        else if (problems)
            problems->append(mveKey + QLatin1String(": \"") + mveFilter.toString()
                + QLatin1String("\" is not exclude, only or include"));
    }
    for (auto it = loaded.jobs.begin(); it != loaded.jobs.end(); ++it) {
        const QString intervalKey = jobKey(it.key(), QLatin1String("interval"));
        const QVariant interval = settings.value(intervalKey);
        if (interval.isValid()) {
            if (const std::optional<qint64> ms = Duration::parseMs(interval.toString())) {
                it->intervalMs = *ms;
            } else if (problems) {
                problems->append(intervalKey + QLatin1String(": \"") + interval.toString()
                    + QLatin1String("\" is not a duration"));
            }
        }
        it->enabled = readBool(settings, jobKey(it.key(), QLatin1String("enabled")), it->enabled, problems);
    }
    return loaded;
}

bool CollectionSettings::save(QSettings &settings) const
{
    settings.setValue(QStringLiteral("collection/collecting"), collecting);
    settings.setValue(QStringLiteral("collection/initialSync"), initialSync);
    settings.setValue(QStringLiteral("collection/mveFilter"), mveFilter);
    for (auto it = jobs.cbegin(); it != jobs.cend(); ++it) {
        settings.setValue(jobKey(it.key(), QLatin1String("interval")), Duration::format(it->intervalMs));
        settings.setValue(jobKey(it.key(), QLatin1String("enabled")), it->enabled);
    }
    settings.sync();
    return settings.status() == QSettings::NoError;
}

#include "storagesettings.h"

#include <QSettings>

namespace {

const QString olderThanKey = QStringLiteral("storage/olderThanDays");
const QString keepKey = QStringLiteral("storage/keep");
const QString dropSettledKey = QStringLiteral("storage/dropSettled");
const QString settledAfterKey = QStringLiteral("storage/settledAfterDays");
const QString dailyKey = QStringLiteral("storage/daily");
const QString lastDailyKey = QStringLiteral("storage/lastDailyPrune");

constexpr qint64 day = 86400;

} // namespace

PruneRequest StorageSettings::pruneRequest(qint64 now, bool dryRun) const
{
    PruneRequest request;
    request.olderThan = now - olderThanDays * day;
    request.keep = keep;
    if (dropSettled)
        request.settledBefore = now - settledAfterDays * day;
    request.dryRun = dryRun;
    return request;
}

bool StorageSettings::dailyPruneDue(qint64 now) const
{
    return daily && now - lastDailyPrune >= day;
}

StorageSettings StorageSettings::load(QSettings &settings, QStringList *problems)
{
    StorageSettings loaded;
    const auto days = [&](const QString &key, int *value) {
        const QVariant stored = settings.value(key);
        if (!stored.isValid())
            return;
        bool ok = false;
        const int number = stored.toString().trimmed().toInt(&ok);
        if (ok && number >= minimumDays && number <= maximumDays) {
            *value = number;
        } else if (problems) {
            problems->append(key + QLatin1String(": ")
                + tr("\u201c%1\u201d is not a number of days from %2 to %3")
                      .arg(stored.toString())
                      .arg(minimumDays)
                      .arg(maximumDays));
        }
    };
    days(olderThanKey, &loaded.olderThanDays);
    days(settledAfterKey, &loaded.settledAfterDays);
    const QVariant keep = settings.value(keepKey);
    if (keep.isValid()) {
        if (const auto parsed = PruneRequest::keepFromName(keep.toString().trimmed().toLower()))
            loaded.keep = *parsed;
        else if (problems)
            problems->append(keepKey + QLatin1String(": ")
                + tr("\u201c%1\u201d is not hourly, daily or none").arg(keep.toString()));
    }
    loaded.dropSettled = settings.value(dropSettledKey, loaded.dropSettled).toBool();
    loaded.daily = settings.value(dailyKey, loaded.daily).toBool();
    loaded.lastDailyPrune = settings.value(lastDailyKey, 0).toLongLong();
    return loaded;
}

void StorageSettings::save(QSettings &settings) const
{
    settings.setValue(olderThanKey, olderThanDays);
    settings.setValue(keepKey, PruneRequest::keepName(keep));
    settings.setValue(dropSettledKey, dropSettled);
    settings.setValue(settledAfterKey, settledAfterDays);
    settings.setValue(dailyKey, daily);
    settings.setValue(lastDailyKey, lastDailyPrune);
}

bool StorageSettings::operator==(const StorageSettings &other) const
{
    return olderThanDays == other.olderThanDays && keep == other.keep && dropSettled == other.dropSettled
        && settledAfterDays == other.settledAfterDays && daily == other.daily
        && lastDailyPrune == other.lastDailyPrune;
}

#pragma once

#include "storage/prunerequest.h"

#include <QCoreApplication>
#include <QStringList>

class QSettings;

// Settings > Storage: what a prune removes (the choices of `kalshi-monitor-cli prune`, in days) and
// whether the app prunes daily while it is open. A value type usable in any thread. Keys:
// storage/olderThanDays, storage/keep (hourly, daily, none), storage/dropSettled,
// storage/settledAfterDays, storage/daily, storage/lastDailyPrune (Unix seconds of the last daily run
// that finished).
struct StorageSettings
{
    Q_DECLARE_TR_FUNCTIONS(StorageSettings)

public:
    static constexpr int minimumDays = 1;
    static constexpr int maximumDays = 3650;

    int olderThanDays = 90;
    PruneRequest::Keep keep = PruneRequest::Keep::Hourly;
    bool dropSettled = false;
    int settledAfterDays = 180;
    bool daily = false;
    qint64 lastDailyPrune = 0;

    // The prune these settings ask for, its ages counted back from `now` (Unix seconds).
    PruneRequest pruneRequest(qint64 now, bool dryRun) const;
    // A daily prune is due: daily is on and the last one finished a day or more before `now`.
    bool dailyPruneDue(qint64 now) const;

    // Missing keys take the default; an unusable value takes the default and is described in problems.
    static StorageSettings load(QSettings &settings, QStringList *problems = nullptr);
    void save(QSettings &settings) const;

    bool operator==(const StorageSettings &other) const;
    bool operator!=(const StorageSettings &other) const { return !(*this == other); }
};

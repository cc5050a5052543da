#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

class QSettings;

// The collection settings the user chose: interval and enabled flag per scheduled job, whether the
// initial full sync runs, and whether collection was on (to restore it at the next launch).
// A value type, usable in any thread; load() and save() use the QSettings they are given, in the
// calling thread. Keys: collection/collecting, collection/initialSync, collection/mveFilter,
// collection/<job>/interval (a Duration text such as "15m"), collection/<job>/enabled.
struct CollectionSettings
{
    struct Job
    {
        qint64 intervalMs = 0;
        bool enabled = true;
    };

    QMap<QString, Job> jobs; // one entry per scheduledJobs() name
    bool collecting = false;
    bool initialSync = true;
    // Which multivariate markets the markets and snapshot listings ask for: one of mveFilters().
    QString mveFilter = QStringLiteral("exclude");

    // exclude, only, include: the API's mve_filter values (include sends no filter).
    static QStringList mveFilters();

    // The interval jobs, in the order the user sees them: snapshot, markets, settlements, watchlist.
    static QStringList scheduledJobs();
    // snapshot 15 min, markets 60 min, settlements 6 h, watchlist 1 min; 0 for other names.
    static qint64 defaultIntervalMs(const QString &job);
    static CollectionSettings defaults();

    // Missing keys take the default; an unreadable value takes the default and is described in
    // problems (e.g. "collection/markets/interval: \"5x\" is not a duration").
    static CollectionSettings load(QSettings &settings, QStringList *problems = nullptr);
    // Writes every key and syncs; false if QSettings reports an error.
    bool save(QSettings &settings) const;
};

#pragma once

#include "syncstate.h"

#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QIcon>
#include <QString>

#include <optional>

// How the panels word and colour sync and job statuses, durations and times. No status
// (std::nullopt) is a phase outside the current sync, or a job without a result yet.
// Used in the GUI thread (icons are painted pixmaps).
class SyncFormat final
{
    Q_DECLARE_TR_FUNCTIONS(SyncFormat)

public:
    SyncFormat() = delete;

    static QString statusText(std::optional<SyncStatus> status);
    static QColor statusColor(std::optional<SyncStatus> status);
    static QIcon statusIcon(std::optional<SyncStatus> status);

    // "Events", "Markets", "Settlements", "Snapshot"; the other phases by their names.
    static QString phaseTitle(SyncPhase phase);
    // "Full sync", "Snapshot", "Markets sync"... for the CLI command names and the job names.
    static QString commandTitle(const QString &command);

    // 420 -> "0.4 s", 8130 -> "8.1 s", 65000 -> "1 min 05 s", 7500000 -> "2 h 05 min".
    static QString elapsed(qint64 ms);
    // Whole seconds: 8 -> "8 s", 65 -> "1 min 05 s".
    static QString seconds(qint64 seconds);

    // Local time "14:02:11", with the date in front when it is not today.
    static QString timeOfDay(const QDateTime &time);
    // Local "2026-03-12 14:02:11".
    static QString dateTime(const QDateTime &time);
};

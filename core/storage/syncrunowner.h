#pragma once

#include <QString>

#include <optional>

// The process that records a sync run (sync_runs.owner_*), and whether the process that recorded
// an older run is gone. Plain functions of the calling thread; they read /proc on Linux.
struct SyncRunOwner
{
    qint64 pid = 0;
    QString host;
    std::optional<qint64> startedAt; // Unix seconds; unknown where /proc is missing

    static SyncRunOwner currentProcess();

    // When process `pid` of this host started, in Unix seconds; std::nullopt when no such process
    // runs (a zombie counts as gone) or the time cannot be read.
    static std::optional<qint64> processStartTime(qint64 pid);

    // True only when the owner is known to be gone: it ran on this host and its pid runs no
    // process, or a process that started at another time (the pid was reused). An owner on another
    // host, or without a pid, is never taken for gone.
    bool isGone() const;
};

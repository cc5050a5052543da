#pragma once

#include "syncstate.h"

#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QIcon>
#include <QString>

#include <optional>

struct RequestError;
struct RowCounts;
struct SyncRetry;

// What a sync or a job stored, by kind, for SyncFormat::storedCounts. A snapshot that was taken is
// named even when it held no market; the other kinds only when they stored rows.
struct StoredCounts
{
    qint64 events = 0;
    qint64 markets = 0;
    qint64 settlements = 0;
    qint64 candles = 0;
    std::optional<qint64> snapshot;
    std::optional<qint64> watchlistSnapshot;

    // A job's counts: its snapshots are a watchlist snapshot when watchlist is set.
    static StoredCounts fromRows(const RowCounts &counts, bool watchlist);
};

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
    // Whole seconds: 0 -> "< 1 s", 8 -> "8 s", 65 -> "1 min 05 s".
    static QString seconds(qint64 seconds);

    // What went wrong with a request, in the user's words: "Can't reach 127.0.0.1:59999
    // (connection refused)", "Kalshi is limiting our requests", "Server error 503".
    static QString requestProblem(const RequestError &error, const QString &server);
    // A sync's error as sync_runs keeps it (whoever ran the sync), in the user's words where it is
    // a request's trouble: "Can't reach the API server (connection refused) (gave up after 6
    // attempts)" for "GET /events page 1: network error: Connection refused (gave up after 6
    // attempts)". Other errors (the database's, a malformed page) come back as stored. server
    // names the API the sync asked, where the caller knows it.
    static QString storedError(const QString &stored, const QString &server = QString());
    // "<problem> (gave up after 6 attempts)".
    static QString gaveUp(const QString &problem, int attempts);
    // The problem and what happens next, remainingMs before the next attempt: "… — attempt 2 of 6
    // in 12 s", "Kalshi is limiting our requests — waiting 4 s", "Server error 503 — retrying in 3 s".
    static QString retryText(const SyncRetry &retry, qint64 remainingMs);
    // What the user can do after a request failed for good.
    static QString failureHint(const RequestError &error);

    // Counts above INT_MAX (2 billion rows, never met) only choose the plural form.
    static int pluralCount(qint64 count);
    // "1,200 events, 52,340 markets, 160 settlements, and a snapshot of 40,000 markets"; an empty
    // string when nothing was stored.
    static QString storedCounts(const StoredCounts &stored);

    // Local time "14:02:11", with the date in front when it is not today.
    static QString timeOfDay(const QDateTime &time);
    // Local "2026-03-12 14:02:11".
    static QString dateTime(const QDateTime &time);
};

#pragma once

#include "network/requesterror.h"
#include "syncstate.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QUrl>

// Value types describing a sync while it runs and after it ended; they cross threads in signals.

// How much a sync's log line matters; the GUI colours and filters by it.
enum class SyncLogLevel { Info, Warning, Error };

struct RowCounts
{
    qint64 events = 0;
    qint64 markets = 0;
    qint64 settlements = 0;
    qint64 snapshots = 0;
    qint64 candles = 0;

    qint64 total() const { return events + markets + settlements + snapshots + candles; }
    // The rows of the kind a phase stores: snapshots for a snapshot or watchlist run, candles for a
    // backfill, settlements for both settlement listings.
    qint64 ofPhase(SyncPhase phase) const;
    RowCounts &operator+=(const RowCounts &other);
    QJsonObject toJson() const;
};

struct SyncProgress
{
    SyncPhase phase = SyncPhase::Events;
    int page = 0; // pages committed so far in this phase
    RowCounts rows; // rows committed so far in this phase
    int skipped = 0; // malformed items skipped in this phase
    int retries = 0; // HTTP retries in this phase
    qint64 elapsedMs = 0; // since the phase started
    bool finished = false; // the phase has ended (see status)
    SyncStatus status = SyncStatus::Running; // Running, Ok, Failed, Truncated, Cancelled
};

// A request of a running sync failed and is tried again: what failed and what happens next.
struct SyncRetry
{
    SyncPhase phase = SyncPhase::Markets;
    QString server; // the API's host and port, "127.0.0.1:59999"
    int attempt = 0; // the coming attempt: 2 for the first retry
    int maxAttempts = 0; // the first try included
    qint64 delayMs = 0; // until the coming attempt
    RequestError error; // why the last attempt failed

    // The retry the client announced, for the API at apiBase.
    static SyncRetry announced(SyncPhase phase, const QUrl &apiBase, int maxAttempts, int attempt,
        qint64 delayMs, const RequestError &error);
    // `server` as a user knows it: the host of the API's address, with its port when it names one.
    static QString serverOf(const QUrl &apiBase);
};

struct SyncSummary
{
    QString command;
    bool ok = false;
    bool truncated = false;
    bool cancelled = false;
    int pages = 0;
    RowCounts rows;
    int skipped = 0;
    int retries = 0;
    qint64 elapsedMs = 0;
    QString error;

    // {"command","ok","pages","rows":{...},"skipped","retries","truncated","elapsed_ms","error"}
    QJsonObject toJson() const;
};

Q_DECLARE_METATYPE(SyncLogLevel)
Q_DECLARE_METATYPE(SyncProgress)
Q_DECLARE_METATYPE(SyncSummary)
Q_DECLARE_METATYPE(SyncRetry)

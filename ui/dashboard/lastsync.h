#pragma once

#include "records.h"
#include "sync/syncsummary.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// The last sync as the database records it in sync_runs, whoever ran it (this window, the CLI,
// cron, another window): the newest run and the runs of the same sync before it. A full sync
// records one run per phase, back to back, from one process; they count as one sync here. A value read in the
// GUI thread from the rows the status refresh reads; it puts itself into the user's words.
class LastSync final
{
    Q_DECLARE_TR_FUNCTIONS(LastSync)

public:
    // runs newest first, as DatabaseStats::recentRuns. Empty when no run is recorded.
    static LastSync fromRuns(const QList<SyncRunRecord> &runs);
    // This window's own sync before its sync_runs rows have been read back: the same words.
    static LastSync fromSummary(const SyncSummary &summary, const QDateTime &finishedAt);

    bool isEmpty() const { return m_runs.isEmpty(); }
    // The newest run has not finished (and its process is alive, or it would read "abandoned").
    bool isRunning() const { return !isEmpty() && m_status == SyncStatus::Running; }
    // Ok, Failed, Cancelled, Truncated, Abandoned or Running: the worst of the sync's runs; none
    // when no run is recorded.
    std::optional<SyncStatus> status() const { return m_status; }
    QString error() const { return m_error; }
    QDateTime startedAt() const;
    QDateTime finishedAt() const;
    qint64 durationSeconds() const { return m_finishedAt - m_startedAt; }
    // Oldest first.
    const QList<SyncRunRecord> &runs() const { return m_runs; }
    qint64 newestRunId() const { return isEmpty() ? 0 : m_runs.constLast().id; }
    qint64 oldestRunId() const { return isEmpty() ? 0 : m_runs.constFirst().id; }

    // What was stored, in the user's terms: "1,204 events, 3,563 markets, 812 settlements and a
    // snapshot of 3,563 markets". A snapshot run counts its stored snapshot rows, one per market.
    QString countsText() const;
    // "Last sync finished at 13:55:02: 3,563 markets in 4.2 s" (elapsedMs when the caller knows
    // it, else the whole seconds the database keeps), "Last sync failed at 13:55:02: <error>",
    // "Markets sync running since 13:55:02", or "No sync has run yet".
    QString headline(qint64 elapsedMs = -1) const;
    // For the status bar: "Last sync 13:55:02", "Last sync failed at 13:55:02: <error>",
    // "Sync running since 13:55:02", "Never synced". Errors are cut at maxErrorChars.
    QString statusBarText(int maxErrorChars = 60) const;

private:
    QList<SyncRunRecord> m_runs;
    std::optional<SyncStatus> m_status;
    QString m_error;
    qint64 m_startedAt = 0;
    qint64 m_finishedAt = 0;
};

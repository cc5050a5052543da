#include "lastsync.h"

#include "syncformat.h"

#include <QLocale>
#include <QSet>

namespace {

// Worst first: the sync's status is that of its worst run.
int severity(SyncStatus status)
{
    if (status == SyncStatus::Running)
        return 5;
    if (status == SyncStatus::Failed)
        return 4;
    if (status == SyncStatus::Abandoned)
        return 3;
    if (status == SyncStatus::Cancelled)
        return 2;
    if (status == SyncStatus::Truncated)
        return 1;
    return 0;
}

} // namespace

LastSync LastSync::fromRuns(const QList<SyncRunRecord> &runs)
{
    LastSync last;
    if (runs.isEmpty())
        return last;
    // The phases of one sync run in one process and follow each other at once (or overlap: the
    // snapshot shares the markets listing); a run of another process, one that ended more than a
    // second before the next one started, or one that repeats a kind already counted belongs to an
    // earlier sync.
    QSet<SyncPhase> kinds;
    for (const SyncRunRecord &run : runs) {
        if (!last.m_runs.isEmpty()) {
            const SyncRunRecord &next = last.m_runs.constFirst();
            if (run.owner != next.owner || run.finishedAt <= 0 || run.finishedAt + 1 < next.startedAt
                || kinds.contains(run.kind))
                break;
        }
        kinds.insert(run.kind);
        last.m_runs.prepend(run);
    }
    last.m_startedAt = last.m_runs.constFirst().startedAt;
    for (const SyncRunRecord &run : std::as_const(last.m_runs)) {
        last.m_startedAt = qMin(last.m_startedAt, run.startedAt);
        last.m_finishedAt = qMax(last.m_finishedAt, qMax(run.finishedAt, run.startedAt));
        if (!last.m_status || severity(run.status) > severity(*last.m_status))
            last.m_status = run.status;
        if (last.m_error.isEmpty() && !run.error.isEmpty() && run.status != SyncStatus::Ok)
            last.m_error = run.error.trimmed();
    }
    if (runs.constFirst().status == SyncStatus::Running)
        last.m_status = SyncStatus::Running;
    return last;
}

LastSync LastSync::fromSummary(const SyncSummary &summary, const QDateTime &finishedAt)
{
    const SyncStatus status = summary.cancelled ? SyncStatus::Cancelled
        : !summary.ok                           ? SyncStatus::Failed
        : summary.truncated                     ? SyncStatus::Truncated
                                                : SyncStatus::Ok;
    SyncRunRecord run;
    run.finishedAt = finishedAt.toSecsSinceEpoch();
    run.startedAt = run.finishedAt - summary.elapsedMs / 1000;
    run.status = status;
    QList<SyncRunRecord> runs;
    const auto add = [&](SyncPhase kind, qint64 rows) {
        run.kind = kind;
        run.rows = rows;
        runs.prepend(run);
    };
    // A snapshot stores the markets it lists as well; the user counts the snapshot.
    const bool snapshotOnly = summary.command == u"snapshot";
    if (!snapshotOnly && summary.rows.events > 0)
        add(SyncPhase::Events, summary.rows.events);
    if (!snapshotOnly && summary.rows.markets > 0)
        add(SyncPhase::Markets, summary.rows.markets);
    if (!snapshotOnly && summary.rows.settlements > 0)
        add(SyncPhase::Settlements, summary.rows.settlements);
    if (snapshotOnly || summary.rows.snapshots > 0)
        add(SyncPhase::Snapshot, summary.rows.snapshots);
    if (runs.isEmpty()) {
        QStringView command = summary.command;
        if (command.startsWith(u"sync-"))
            command = command.mid(5);
        add(SyncState::fromText<SyncPhase>(command).value_or(SyncPhase::Markets), 0);
    }
    LastSync last = fromRuns(runs);
    last.m_status = status;
    last.m_error = summary.ok || summary.cancelled ? QString() : summary.error.trimmed();
    return last;
}

QDateTime LastSync::startedAt() const
{
    return isEmpty() ? QDateTime() : QDateTime::fromSecsSinceEpoch(m_startedAt);
}

QDateTime LastSync::finishedAt() const
{
    return isEmpty() ? QDateTime() : QDateTime::fromSecsSinceEpoch(m_finishedAt);
}

QString LastSync::countsText() const
{
    StoredCounts stored;
    for (const SyncRunRecord &run : m_runs) {
        if (run.kind == SyncPhase::Events)
            stored.events += run.rows;
        else if (run.kind == SyncPhase::Markets)
            stored.markets += run.rows;
        else if (run.kind == SyncPhase::Settlements || run.kind == SyncPhase::HistoricalSettlements)
            stored.settlements += run.rows;
        else if (run.kind == SyncPhase::Snapshot)
            stored.snapshot = stored.snapshot.value_or(0) + run.rows;
        else if (run.kind == SyncPhase::Watchlist)
            stored.watchlistSnapshot = stored.watchlistSnapshot.value_or(0) + run.rows;
    }
    const QString text = SyncFormat::storedCounts(stored);
    return text.isEmpty() ? tr("nothing new") : text;
}

QString LastSync::headline(qint64 elapsedMs) const
{
    if (isEmpty())
        return tr("No sync has run yet");
    const QString finished = SyncFormat::timeOfDay(finishedAt());
    const QString duration
        = elapsedMs >= 0 ? SyncFormat::elapsed(elapsedMs) : SyncFormat::seconds(durationSeconds());
    if (m_status == SyncStatus::Running)
        return tr("%1 running since %2")
            .arg(SyncFormat::commandTitle(SyncState::toText(m_runs.constLast().kind)),
                SyncFormat::timeOfDay(startedAt()));
    if (m_status == SyncStatus::Failed)
        return m_error.isEmpty()
            ? tr("Last sync failed at %1").arg(finished)
            : tr("Last sync failed at %1: %2").arg(finished, SyncFormat::storedError(m_error));
    if (m_status == SyncStatus::Abandoned)
        return tr("Last sync, started at %1, ended with its process before it finished")
            .arg(SyncFormat::timeOfDay(startedAt()));
    if (m_status == SyncStatus::Cancelled)
        return tr("Last sync cancelled at %1 after storing %2").arg(finished, countsText());
    if (m_status == SyncStatus::Truncated)
        return tr("Last sync stopped at its page limit at %1: %2 in %3")
            .arg(finished, countsText(), duration);
    return tr("Last sync finished at %1: %2 in %3").arg(finished, countsText(), duration);
}

QString LastSync::statusBarText(int maxErrorChars) const
{
    if (isEmpty())
        return tr("Never synced");
    if (m_status == SyncStatus::Running)
        return tr("Sync running since %1").arg(SyncFormat::timeOfDay(startedAt()));
    const QString finished = SyncFormat::timeOfDay(finishedAt());
    if (m_status == SyncStatus::Failed) {
        QString error = SyncFormat::storedError(m_error);
        if (error.size() > maxErrorChars)
            error = error.left(maxErrorChars - 1).trimmed() + u'\u2026';
        return error.isEmpty() ? tr("Last sync failed at %1").arg(finished)
                               : tr("Last sync failed at %1: %2").arg(finished, error);
    }
    if (m_status == SyncStatus::Abandoned)
        return tr("Last sync did not finish (%1)").arg(SyncFormat::timeOfDay(startedAt()));
    if (m_status == SyncStatus::Cancelled)
        return tr("Last sync cancelled at %1").arg(finished);
    return tr("Last sync %1").arg(finished);
}

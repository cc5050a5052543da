#include "syncstate.h"

namespace {

template <typename Enum> struct Name
{
    Enum value;
    const char16_t *text;
};

// One table per enum drives both directions, so the two cannot drift apart.
constexpr Name<SyncStatus> statusNames[] = {
    {SyncStatus::Waiting, u"waiting"},
    {SyncStatus::Running, u"running"},
    {SyncStatus::Ok, u"ok"},
    {SyncStatus::Failed, u"failed"},
    {SyncStatus::Truncated, u"truncated"},
    {SyncStatus::Cancelled, u"cancelled"},
    {SyncStatus::Abandoned, u"abandoned"},
    {SyncStatus::NotRun, u"notrun"},
};

constexpr Name<SyncPhase> phaseNames[] = {
    {SyncPhase::Events, u"events"},
    {SyncPhase::Markets, u"markets"},
    {SyncPhase::Settlements, u"settlements"},
    {SyncPhase::HistoricalSettlements, u"historical-settlements"},
    {SyncPhase::Snapshot, u"snapshot"},
    {SyncPhase::Watchlist, u"watchlist"},
    {SyncPhase::Backfill, u"backfill"},
};

constexpr Name<CollectJob> jobNames[] = {
    {CollectJob::FullSync, u"full-sync"},
    {CollectJob::Markets, u"markets"},
    {CollectJob::Snapshot, u"snapshot"},
    {CollectJob::Settlements, u"settlements"},
    {CollectJob::Watchlist, u"watchlist"},
};

template <typename Enum, std::size_t N> QString textOf(const Name<Enum> (&names)[N], Enum value)
{
    for (const Name<Enum> &name : names) {
        if (name.value == value)
            return QString::fromUtf16(name.text);
    }
    Q_UNREACHABLE();
    return QString();
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const Name<Enum> (&names)[N], QStringView text)
{
    for (const Name<Enum> &name : names) {
        if (text == QStringView(name.text))
            return name.value;
    }
    return std::nullopt;
}

} // namespace

namespace SyncState {

QString toText(SyncStatus status)
{
    return textOf(statusNames, status);
}

QString toText(SyncPhase phase)
{
    return textOf(phaseNames, phase);
}

QString toText(CollectJob job)
{
    return textOf(jobNames, job);
}

template <> std::optional<SyncStatus> fromText<SyncStatus>(QStringView text)
{
    return valueOf(statusNames, text);
}

template <> std::optional<SyncPhase> fromText<SyncPhase>(QStringView text)
{
    return valueOf(phaseNames, text);
}

template <> std::optional<CollectJob> fromText<CollectJob>(QStringView text)
{
    return valueOf(jobNames, text);
}

} // namespace SyncState

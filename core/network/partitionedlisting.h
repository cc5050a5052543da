#pragma once

#include "network/listpage.h"
#include "network/pagefetcher.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QUrlQuery>

#include <optional>

class KalshiClient;

// Lives in the sync thread, beside the KalshiClient all its requests share (and so share the one
// rate limiter). Lists GET /markets as several independent cursor chains at once, one per time
// window, so that at high latency the limiter, not one chain's round trips, sets the pace. The time
// is one Kalshi lets the listing's status filter combine with (timeFieldFor(): close time for all
// or closed markets, created time for open or unopened ones); a listing with any other status
// filter never splits. "Window time" below means that time.
//
// Window i OWNS [from, to) (an absent bound is infinite) and asks for min_<field>_ts = from - 1 and
// max_<field>_ts = to: whether the server reads a bound as inclusive or not, the owned range is
// inside the answer, and an item outside it is dropped silently (its owner brings it). Items
// without a usable window time cannot be placed: only the first window (from = -inf) keeps them;
// Kalshi filters on that time, so a bounded window probably never sees them at all.
//
// A run starts with ONE unbounded chain (the lead), exactly like a PageFetcher. At its page
// leadPages (once, never later), if the listing goes on and the split policy says so, the lead is dropped and
// the windows take over; whatever the lead already handed out is dropped from their pages by ticker, and the
// window times the lead saw order the windows (largest first), so the big ones do not finish last.
// Those window times also place the windows: equal-count quantiles of the sample (sampledWindows,
// first and last unbounded, so the ownership rule still covers everything), unless the sample is
// too small, has one window time, or follows the listing order (then the lead's pages are a biased
// sample of one end): the boundaries from setBoundaries() then, and stats().source says why.
// WhenLatencyBound splits only if the lead's requests spent longer on the wire than 0.9 x the
// client's rate-limit interval: when the limiter is what paces the lead, more chains cannot help,
// and a short or rate-bound listing keeps exactly the single chain's pages and requests.
//
// Pages are handed out in arrival order with a running number 1, 2, 3...; maxPages caps them over
// all chains; flow control counts every unacknowledged page of every chain. A failing page ends
// every chain; a run ends with exactly one finished().
class PartitionedListing final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PartitionedListing)

public:
    // The market time the windows split on. Kalshi accepts each timestamp filter pair only beside
    // some status filters (docs.kalshi.com, Get Markets): created_ts with unopened or open, close_ts
    // with closed, settled_ts with settled; all three with no status filter.
    enum class TimeField { Created, Close };
    // Close for no status or closed, Created for open/unopened; none (never split) for anything
    // else: settled (older settled markets carry no settlement_ts), paused, statuses of different
    // pairs, or a query that filters on a time already.
    static std::optional<TimeField> timeFieldFor(const QUrlQuery &query);
    static QString queryName(TimeField field); // "close" as in min_close_ts
    static QByteArray jsonKey(TimeField field); // "close_time", "created_time"

    struct Window
    {
        std::optional<qint64> from; // owned: from <= window time < to
        std::optional<qint64> to;

        bool owns(qint64 time) const { return (!from || time >= *from) && (!to || time < *to); }
        // base plus min_<field>_ts = from - 1 and max_<field>_ts = to, whichever are finite.
        QUrlQuery query(const QUrlQuery &base, TimeField field = TimeField::Close) const;
        QString label() const; // "[1796083200, 1796169600)", "(-inf, 1796083200)"
    };

    enum class Split { Never, Always, WhenLatencyBound };

    // Where the windows of a split came from.
    enum class WindowSource {
        Fixed, // setBoundaries(): Split::Always (no sample yet) or sampledWindows 0
        LeadSample, // quantiles of the lead's window times
        FewSamples, // fixed: fewer than 2 x minSamplesPerWindow window times in the sample
        OneTime, // fixed: every sampled window time is the same
        OrderedSample, // fixed: window times follow the listing order (|rank correlation| >= 0.8)
    };

    struct Stats
    {
        bool split = false;
        int windows = 0; // windows started
        int emptyWindows = 0; // of those, windows that brought no item at all
        int emptyPages = 0; // pages handed out with no item left in them
        qint64 droppedItems = 0; // items another window (or the lead) owns
        WindowSource source = WindowSource::Fixed;
        int sampled = 0; // window times the lead saw before the split
    };

    static constexpr int defaultConcurrency = 3;
    static constexpr int defaultLeadPages = 3;
    // km-bench-sync --only pacing (unbiased sample): 1 window a chain 4.54 s, 2 4.69 s, 3 4.77 s;
    // in a model of the same listing with the lead's sample skewed by listing order, 2 beat 1.
    static constexpr int defaultSampledWindowsPerChain = 2;
    static constexpr int minSamplesPerWindow = 50;
    static constexpr double orderedSampleCorrelation = 0.8;

    // Window boundaries around `now` (Unix seconds): finer near now, where most open markets close
    // (days to weeks), coarser towards a year either way; 22 boundaries, 23 windows.
    static QList<qint64> defaultBoundaries(qint64 now);
    // Sorted, duplicates removed: n boundaries give n + 1 windows covering everything.
    static QList<Window> windowsFor(QList<qint64> boundaries);
    // Up to windows - 1 boundaries splitting `times` (in listing order) into windows of about
    // equal count; a lump of equal window times is never split, so there may be fewer. Empty, with
    // *source saying why, when the sample cannot place windows (see WindowSource).
    static QList<qint64> sampleBoundaries(
        const QList<qint64> &times, int windows, WindowSource *source = nullptr);
    // Spearman's rank correlation of window time with position in the listing; 0 for < 2 items.
    static double listingOrderCorrelation(const QList<qint64> &times);

    PartitionedListing(KalshiClient *client, const PageFetcher::Endpoint &endpoint,
        const QUrlQuery &query = QUrlQuery(), QObject *parent = nullptr);
    ~PartitionedListing() override;

    // Before start(). No boundaries: never split.
    void setBoundaries(const QList<qint64> &boundaries) { m_windows = windowsFor(boundaries); }
    void setSplit(Split split) { m_split = split; }
    void setLeadPages(int pages) { m_leadPages = qMax(1, pages); }
    void setMaxPages(int maxPages) { m_maxPages = qMax(0, maxPages); }
    // As PageFetcher's, over all chains together.
    void setPageCeiling(int pages) { m_pageCeiling = qMax(0, pages); }
    // Windows placed from the lead's sample at a split; 0: always the fixed boundaries. Default:
    // defaultSampledWindowsPerChain x concurrency.
    void setSampledWindows(int windows) { m_sampledWindows = qMax(0, windows); }
    // As PageFetcher's, over all chains together (each chain gets a share of it).
    void setMaxPagesAhead(int pages) { m_maxPagesAhead = pages; }

    const QList<Window> &windows() const { return m_windows; }
    const Stats &stats() const { return m_stats; }
    bool isRunning() const { return m_started && !m_done; }

public Q_SLOTS:
    void start();
    void acknowledge(int page);
    void cancel();

Q_SIGNALS:
    void listPageReady(int page, const ListPage &items);
    // The lead gave way to `windows` windows over `timeField` ("created", "close"), run
    // `concurrency` at a time; emitted once, before the windows' first requests.
    void splitStarted(int windows, const QString &timeField, int concurrency);
    void finished(const PageFetcher::Outcome &outcome);

private:
    struct Chain
    {
        QPointer<PageFetcher> fetcher;
        int window = -1; // -1: the lead
        qint64 items = 0; // items this chain kept
    };
    struct Item
    {
        std::optional<qint64> time; // of m_timeField
        QString ticker;
    };

    PageFetcher *startFetcher(const QUrlQuery &query, int window);
    void onChainPage(PageFetcher *fetcher, int localPage, const ListPage &page);
    void onChainFinished(PageFetcher *fetcher, const PageFetcher::Outcome &outcome);
    bool shouldSplit(const PageFetcher::Outcome &lead) const;
    void splitIntoWindows();
    void startQueuedWindows();
    int chainIndex(const PageFetcher *fetcher) const;
    void dropChain(int index);
    void finish(PageFetcher::Status status, const RequestError &error = RequestError());
    void fail(RequestError::Kind kind, int page);
    ListPage ownedItems(const Chain &chain, const ListPage &page);
    Item itemOf(const ListPage &page, qsizetype index) const;

    QPointer<KalshiClient> m_client;
    const PageFetcher::Endpoint m_endpoint;
    const QUrlQuery m_query;
    QList<Window> m_windows;
    Split m_split = Split::WhenLatencyBound;
    int m_concurrency = defaultConcurrency;
    int m_leadPages = defaultLeadPages;
    int m_maxPages = 0;
    int m_pageCeiling = PageFetcher::defaultPageCeiling;
    int m_sampledWindows = -1; // -1: defaultSampledWindowsPerChain x m_concurrency
    int m_maxPagesAhead = PageFetcher::defaultMaxPagesAhead;

    bool m_started = false;
    bool m_done = false;
    bool m_splitDone = false;
    QList<Chain> m_chains;
    QList<int> m_queue; // windows not started yet, next first
    QMap<int, QPair<QPointer<PageFetcher>, int>> m_unacknowledged; // page -> chain's own page
    QSet<QString> m_leadTickers; // handed out by the lead: the windows drop them
    QList<qint64> m_leadTimes; // times of m_timeField, whichever it is
    std::optional<TimeField> m_timeField;
    int m_retriesOfDropped = 0;
    Stats m_stats;
    PageFetcher::Outcome m_outcome;
};

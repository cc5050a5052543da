#include "network/partitionedlisting.h"

#include "network/jsonscanner.h"
#include "network/kalshiclient.h"
#include "network/marketparser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace {

constexpr qint64 hour = 3600;

std::optional<qint64> timeFromText(const QString &text)
{
    return text.isEmpty() ? std::nullopt : MarketParser::parseRfc3339(text);
}

} // namespace

QUrlQuery PartitionedListing::Window::query(const QUrlQuery &base, TimeField field) const
{
    const QString name = queryName(field);
    const QString minKey = QStringLiteral("min_") + name + QStringLiteral("_ts");
    const QString maxKey = QStringLiteral("max_") + name + QStringLiteral("_ts");
    QUrlQuery query = base;
    query.removeAllQueryItems(minKey);
    query.removeAllQueryItems(maxKey);
    if (from)
        query.addQueryItem(minKey, QString::number(*from - 1));
    if (to)
        query.addQueryItem(maxKey, QString::number(*to));
    return query;
}

std::optional<PartitionedListing::TimeField> PartitionedListing::timeFieldFor(const QUrlQuery &query)
{
    const QStringList statuses
        = query.queryItemValue(QStringLiteral("status"), QUrl::FullyDecoded).split(u',', Qt::SkipEmptyParts);
    static const QStringList timeFilters = {QStringLiteral("min_created_ts"),
        QStringLiteral("max_created_ts"), QStringLiteral("min_close_ts"), QStringLiteral("max_close_ts"),
        QStringLiteral("min_settled_ts"), QStringLiteral("max_settled_ts"), QStringLiteral("min_updated_ts")};
    for (const QString &filter : timeFilters) {
        if (query.hasQueryItem(filter))
            return std::nullopt; // the caller filters on a time already: one pair at a time
    }
    const auto only = [&statuses](std::initializer_list<QStringView> allowed) {
        for (const QString &status : statuses) {
            if (std::find(allowed.begin(), allowed.end(), QStringView(status).trimmed()) == allowed.end())
                return false;
        }
        return true;
    };
    if (statuses.isEmpty() || only({u"closed"}))
        return TimeField::Close;
    if (only({u"unopened", u"open"}))
        return TimeField::Created;
    // Not settled_ts for settled listings: settlement_ts is only in responses since December 2025,
    // and a market without it would be in no bounded window at all.
    return std::nullopt;
}

QString PartitionedListing::queryName(TimeField field)
{
    switch (field) {
    case TimeField::Created:
        return QStringLiteral("created");
    case TimeField::Close:
        break;
    }
    return QStringLiteral("close");
}

QByteArray PartitionedListing::jsonKey(TimeField field)
{
    switch (field) {
    case TimeField::Created:
        return QByteArrayLiteral("created_time");
    case TimeField::Close:
        break;
    }
    return QByteArrayLiteral("close_time");
}

QString PartitionedListing::Window::label() const
{
    return (from ? u'[' + QString::number(*from) : QStringLiteral("(-inf")) + QStringLiteral(", ")
        + (to ? QString::number(*to) : QStringLiteral("+inf")) + u')';
}

QList<qint64> PartitionedListing::defaultBoundaries(qint64 now)
{
    // Hours from now. Kalshi's open markets mostly close within days to weeks; settled ones lie in
    // the past, and /markets keeps only about three months of them (older ones are historical).
    static constexpr qint64 offsets[] = {-8760, -2160, -720, -168, -72, -24, -6, 0, 6, 24, 48, 72, 96, 144,
        192, 264, 384, 528, 768, 1536, 4320, 8760};
    QList<qint64> boundaries;
    for (const qint64 offset : offsets)
        boundaries.append(now + offset * hour);
    return boundaries;
}

QList<PartitionedListing::Window> PartitionedListing::windowsFor(QList<qint64> boundaries)
{
    std::sort(boundaries.begin(), boundaries.end());
    boundaries.erase(std::unique(boundaries.begin(), boundaries.end()), boundaries.end());
    QList<Window> windows;
    if (boundaries.isEmpty())
        return windows;
    std::optional<qint64> from;
    for (const qint64 boundary : std::as_const(boundaries)) {
        windows.append({from, boundary});
        from = boundary;
    }
    windows.append({from, std::nullopt});
    return windows;
}

double PartitionedListing::listingOrderCorrelation(const QList<qint64> &times)
{
    const qsizetype n = times.size();
    if (n < 2)
        return 0;
    QList<qsizetype> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(
        order.begin(), order.end(), [&times](qsizetype a, qsizetype b) { return times.at(a) < times.at(b); });
    // Ties share their average rank, so a sample of a few lumps does not look ordered.
    QList<double> rank(n);
    for (qsizetype i = 0; i < n;) {
        qsizetype j = i;
        while (j < n && times.at(order.at(j)) == times.at(order.at(i)))
            ++j;
        const double average = double(i + j - 1) / 2;
        for (qsizetype k = i; k < j; ++k)
            rank[order.at(k)] = average;
        i = j;
    }
    const double mean = double(n - 1) / 2;
    double covariance = 0;
    double positions = 0;
    double ranks = 0;
    for (qsizetype i = 0; i < n; ++i) {
        covariance += (double(i) - mean) * (rank.at(i) - mean);
        positions += (double(i) - mean) * (double(i) - mean);
        ranks += (rank.at(i) - mean) * (rank.at(i) - mean);
    }
    return ranks > 0 ? covariance / std::sqrt(positions * ranks) : 0;
}

QList<qint64> PartitionedListing::sampleBoundaries(
    const QList<qint64> &times, int windows, WindowSource *source)
{
    const auto fallBack = [source](WindowSource why) {
        if (source)
            *source = why;
        return QList<qint64>();
    };
    windows = int(qMin<qsizetype>(windows, times.size() / minSamplesPerWindow));
    if (windows < 2)
        return fallBack(WindowSource::FewSamples);
    QList<qint64> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    if (sorted.first() == sorted.last())
        return fallBack(WindowSource::OneTime);
    if (std::abs(listingOrderCorrelation(times)) >= orderedSampleCorrelation)
        return fallBack(WindowSource::OrderedSample);

    // Split the sorted sample at the edge of the lump (equal window times) at each quantile that is
    // nearer to it. A boundary goes midway into the gap there, not onto a sampled window time: a
    // window asks for both of its bounds inclusively (see above), so a boundary on a lump would make
    // two windows fetch the whole lump.
    const qsizetype n = sorted.size();
    QList<qsizetype> splits;
    for (int k = 1; k < windows; ++k) {
        const double target = double(k) * double(n) / windows;
        const qint64 value = sorted.at(qMin(n - 1, qsizetype(std::llround(target))));
        const qsizetype lower = std::lower_bound(sorted.cbegin(), sorted.cend(), value) - sorted.cbegin();
        const qsizetype upper = std::upper_bound(sorted.cbegin(), sorted.cend(), value) - sorted.cbegin();
        if (upper < n && (lower == 0 || double(upper) - target < target - double(lower)))
            splits.append(upper);
        else if (lower > 0)
            splits.append(lower);
    }
    std::sort(splits.begin(), splits.end());
    splits.erase(std::unique(splits.begin(), splits.end()), splits.end());
    QList<qint64> boundaries;
    for (const qsizetype split : std::as_const(splits)) {
        const qint64 below = sorted.at(split - 1);
        const qint64 above = sorted.at(split);
        // from - 1 must stay above `below` and to below `above`; in a gap of 1 or 2 s, take `above`.
        boundaries.append(above - below >= 3 ? below + 1 + (above - below) / 2 : above);
    }
    if (source)
        *source = WindowSource::LeadSample;
    return boundaries;
}

PartitionedListing::PartitionedListing(
    KalshiClient *client, const PageFetcher::Endpoint &endpoint, const QUrlQuery &query, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_endpoint(endpoint)
    , m_query(query)
    , m_timeField(timeFieldFor(query))
{
}

PartitionedListing::~PartitionedListing()
{
    for (const Chain &chain : std::as_const(m_chains)) {
        if (chain.fetcher)
            disconnect(chain.fetcher, nullptr, this, nullptr);
    }
}

void PartitionedListing::fail(RequestError::Kind kind, int page)
{
    RequestError error;
    error.kind = kind;
    error.path = m_endpoint.path;
    error.page = page;
    finish(
        kind == RequestError::Kind::Cancelled ? PageFetcher::Status::Cancelled : PageFetcher::Status::Failed,
        error);
}

PageFetcher *PartitionedListing::startFetcher(const QUrlQuery &query, int window)
{
    auto *fetcher = new PageFetcher(m_client, m_endpoint, query, this);
    fetcher->setPageCeiling(0); // counted over all chains, in onChainPage()
    if (m_maxPagesAhead < 0)
        fetcher->setMaxPagesAhead(-1);
    else
        fetcher->setMaxPagesAhead(window < 0 ? m_maxPagesAhead : qMax(1, m_maxPagesAhead / m_concurrency));
    connect(fetcher, &PageFetcher::listPageReady, this,
        [this, fetcher](int page, const ListPage &items) { onChainPage(fetcher, page, items); });
    connect(fetcher, &PageFetcher::finished, this,
        [this, fetcher](const PageFetcher::Outcome &outcome) { onChainFinished(fetcher, outcome); });
    m_chains.append({fetcher, window, 0});
    fetcher->start();
    return fetcher;
}

void PartitionedListing::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_started)
        return;
    m_started = true;
    if (!m_client) {
        fail(RequestError::Kind::NoClient, 1);
        return;
    }
    if (m_split == Split::Always && !m_windows.isEmpty() && m_timeField) {
        splitIntoWindows();
        return;
    }
    startFetcher(m_query, -1);
}

void PartitionedListing::acknowledge(int page)
{
    while (!m_unacknowledged.isEmpty() && m_unacknowledged.firstKey() <= page) {
        const QPair<QPointer<PageFetcher>, int> entry = m_unacknowledged.take(m_unacknowledged.firstKey());
        if (entry.first)
            entry.first->acknowledge(entry.second);
    }
    startQueuedWindows();
}

void PartitionedListing::cancel()
{
    if (m_done)
        return;
    m_started = true;
    fail(RequestError::Kind::Cancelled, m_outcome.pages + 1);
}

int PartitionedListing::chainIndex(const PageFetcher *fetcher) const
{
    for (int i = 0; i < m_chains.size(); ++i) {
        if (m_chains.at(i).fetcher == fetcher)
            return i;
    }
    return -1;
}

void PartitionedListing::dropChain(int index)
{
    const Chain chain = m_chains.takeAt(index);
    if (!chain.fetcher)
        return;
    disconnect(chain.fetcher, nullptr, this, nullptr);
    m_retriesOfDropped += chain.fetcher->outcome().retries;
    chain.fetcher->cancel();
    chain.fetcher->deleteLater();
}

PartitionedListing::Item PartitionedListing::itemOf(const ListPage &page, qsizetype index) const
{
    const QByteArray timeKey = jsonKey(m_timeField.value_or(TimeField::Close));
    Item item;
    QJsonObject object;
    if (page.scanned) {
        const JsonScanner::Span &span = page.elements.at(index);
        if (span.kind != JsonScanner::Kind::Object)
            return item;
        JsonScanner::MemberReader members(page.elementText(index));
        QByteArrayView key;
        QByteArrayView value;
        bool escaped = false;
        JsonScanner::Kind kind;
        bool seenTicker = false;
        bool seenTime = false;
        bool plain = true;
        while (plain && members.next(&key, &escaped, &value, &kind)) {
            if (escaped) {
                plain = false;
            } else if (key == "ticker" || key == timeKey) {
                bool &seen = key == "ticker" ? seenTicker : seenTime;
                if (seen) {
                    plain = false; // a repeated key: Qt keeps the last one, read it Qt's way
                    break;
                }
                seen = true;
                if (kind != JsonScanner::Kind::String)
                    continue;
                const std::optional<QString> text = JsonScanner::decodeString(value);
                if (!text) {
                    plain = false;
                } else if (key == "ticker") {
                    item.ticker = *text;
                } else {
                    item.time = timeFromText(*text);
                }
            }
        }
        if (plain)
            return item;
        item = Item();
        object = QJsonDocument::fromJson(page.elementText(index).toByteArray()).object();
    } else {
        object = page.parsedItems.at(index).toObject();
    }
    item.ticker = object.value(QLatin1String("ticker")).toString();
    item.time = timeFromText(object.value(QLatin1String(timeKey)).toString());
    return item;
}

ListPage PartitionedListing::ownedItems(const Chain &chain, const ListPage &page)
{
    const Window &window = m_windows.at(chain.window);
    const bool firstWindow = chain.window == 0;
    ListPage kept;
    kept.body = page.body;
    kept.scanned = page.scanned;
    for (qsizetype i = 0; i < page.size(); ++i) {
        const Item item = itemOf(page, i);
        const bool owned = item.time ? window.owns(*item.time) : firstWindow;
        if (!owned || (!item.ticker.isEmpty() && m_leadTickers.contains(item.ticker))) {
            ++m_stats.droppedItems;
            continue;
        }
        if (page.scanned)
            kept.elements.append(page.elements.at(i));
        else
            kept.parsedItems.append(page.parsedItems.at(i));
    }
    return kept;
}

void PartitionedListing::onChainPage(PageFetcher *fetcher, int localPage, const ListPage &page)
{
    const int index = chainIndex(fetcher);
    if (m_done || index < 0)
        return;
    Chain &chain = m_chains[index];
    const bool lead = chain.window < 0;
    const bool mayStillSplit
        = lead && !m_splitDone && !m_windows.isEmpty() && m_split != Split::Never && m_timeField;
    ListPage handedOut;
    if (lead) {
        handedOut = page;
        if (mayStillSplit) {
            for (qsizetype i = 0; i < page.size(); ++i) {
                const Item item = itemOf(page, i);
                if (!item.ticker.isEmpty())
                    m_leadTickers.insert(item.ticker);
                if (item.time)
                    m_leadTimes.append(*item.time);
            }
        }
    } else {
        handedOut = ownedItems(chain, page);
    }
    chain.items += handedOut.size();
    if (handedOut.size() == 0)
        ++m_stats.emptyPages;

    const int number = ++m_outcome.pages;
    m_outcome.items += handedOut.size();
    if (m_maxPagesAhead >= 0)
        m_unacknowledged.insert(number, {fetcher, localPage});
    const bool more = fetcher->hasMorePages() || m_chains.size() > 1 || !m_queue.isEmpty();
    const bool capped = m_maxPages > 0 && number >= m_maxPages && more;
    const bool ceiling = !capped && m_pageCeiling > 0 && number >= m_pageCeiling && more;
    const bool splitNow = mayStillSplit && !capped && !ceiling && localPage == m_leadPages
        && fetcher->hasMorePages() && shouldSplit(fetcher->outcome());
    Q_EMIT listPageReady(number, handedOut);
    if (m_done)
        return; // the consumer cancelled from its slot
    if (capped) {
        finish(PageFetcher::Status::Truncated);
    } else if (ceiling) {
        RequestError error;
        error.kind = RequestError::Kind::PageCeiling;
        error.path = m_endpoint.path;
        error.page = number + 1;
        error.limit = m_pageCeiling;
        finish(PageFetcher::Status::Failed, error);
    } else if (splitNow)
        splitIntoWindows();
}

bool PartitionedListing::shouldSplit(const PageFetcher::Outcome &lead) const
{
    if (m_split == Split::Always)
        return true;
    const double rate = m_client ? m_client->options().requestsPerSecond : 0;
    if (rate <= 0 || lead.pages <= 0)
        return false; // nothing to catch up with: no limiter sets a pace
    // One chain sends its next request only when the previous response is in: it keeps up with the
    // limiter only while a round trip is shorter than the limiter's interval. The round trip is
    // measured on the wire (not from page to page, which a busy machine stretches), so a
    // listing the limiter paces is not split because of a slow moment.
    const double roundTripMs = double(lead.roundTripMs) / lead.pages;
    return roundTripMs > 0.9 * 1000.0 / rate;
}

void PartitionedListing::splitIntoWindows()
{
    m_splitDone = true;
    m_stats.split = true;
    for (int i = int(m_chains.size()) - 1; i >= 0; --i)
        dropChain(i); // the lead: its pages are out, its next request goes
    m_stats.sampled = int(m_leadTimes.size());
    const int sampledWindows
        = m_sampledWindows < 0 ? defaultSampledWindowsPerChain * m_concurrency : m_sampledWindows;
    if (sampledWindows > 0 && m_outcome.pages > 0) { // not for Split::Always: no lead, no sample
        const QList<qint64> boundaries = sampleBoundaries(m_leadTimes, sampledWindows, &m_stats.source);
        if (!boundaries.isEmpty())
            m_windows = windowsFor(boundaries);
    }
    // Largest first by the lead's sample, so that no big window starts last; untouched ones after.
    QList<int> counts(m_windows.size(), 0);
    for (const qint64 time : std::as_const(m_leadTimes)) {
        for (int w = 0; w < m_windows.size(); ++w) {
            if (m_windows.at(w).owns(time)) {
                ++counts[w];
                break;
            }
        }
    }
    m_queue.clear();
    for (int w = 0; w < m_windows.size(); ++w)
        m_queue.append(w);
    std::stable_sort(
        m_queue.begin(), m_queue.end(), [&counts](int a, int b) { return counts.at(a) > counts.at(b); });
    Q_EMIT splitStarted(int(m_windows.size()), queryName(*m_timeField), m_concurrency);
    if (m_done)
        return; // the consumer cancelled from its slot
    startQueuedWindows();
}

void PartitionedListing::startQueuedWindows()
{
    if (m_done || !m_splitDone)
        return;
    while (!m_queue.isEmpty() && m_chains.size() < m_concurrency
        && (m_maxPagesAhead < 0 || m_unacknowledged.size() < qMax(1, m_maxPagesAhead))) {
        const int window = m_queue.takeFirst();
        ++m_stats.windows;
        startFetcher(m_windows.at(window).query(m_query, *m_timeField), window);
        if (m_done)
            return;
    }
    if (m_chains.isEmpty() && m_queue.isEmpty())
        finish(PageFetcher::Status::Ok);
}

void PartitionedListing::onChainFinished(PageFetcher *fetcher, const PageFetcher::Outcome &outcome)
{
    const int index = chainIndex(fetcher);
    if (m_done || index < 0)
        return;
    const Chain chain = m_chains.takeAt(index);
    m_retriesOfDropped += outcome.retries;
    disconnect(fetcher, nullptr, this, nullptr);
    fetcher->deleteLater();
    switch (outcome.status) {
    case PageFetcher::Status::Ok:
    case PageFetcher::Status::Truncated:
        if (chain.window >= 0 && chain.items == 0)
            ++m_stats.emptyWindows;
        if (m_splitDone)
            startQueuedWindows();
        else
            finish(PageFetcher::Status::Ok);
        return;
    case PageFetcher::Status::Cancelled:
        finish(PageFetcher::Status::Cancelled, outcome.error);
        return;
    case PageFetcher::Status::Failed:
        break;
    }
    if (chain.window < 0) {
        finish(PageFetcher::Status::Failed, outcome.error); // the lead's pages are the listing's pages
        return;
    }
    // The chain's error names its own page; name the listing's next page, and the window.
    RequestError error = outcome.error;
    error.page = m_outcome.pages + 1;
    error.window
        = QStringLiteral("%1-time window %2, its page %3")
              .arg(queryName(m_timeField.value_or(TimeField::Close)), m_windows.at(chain.window).label())
              .arg(outcome.pages + 1);
    finish(PageFetcher::Status::Failed, error);
}

void PartitionedListing::finish(PageFetcher::Status status, const RequestError &error)
{
    if (m_done)
        return;
    m_done = true;
    for (int i = int(m_chains.size()) - 1; i >= 0; --i)
        dropChain(i);
    m_queue.clear();
    m_unacknowledged.clear();
    m_outcome.status = status;
    m_outcome.error = error;
    m_outcome.retries = m_retriesOfDropped;
    Q_EMIT finished(m_outcome);
}

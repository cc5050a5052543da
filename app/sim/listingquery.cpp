#include "listingquery.h"

#include <QList>
#include <QStringList>

#include <algorithm>

namespace {

quint64 fnv1a(const QByteArray &text)
{
    quint64 hash = 0xcbf29ce484222325ULL;
    for (const char c : text) {
        hash ^= quint64(static_cast<unsigned char>(c));
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

QString value(const QUrlQuery &query, const QString &key)
{
    return query.queryItemValue(key, QUrl::FullyDecoded).trimmed();
}

QStringList commaList(const QString &text)
{
    QStringList items = text.split(u',', Qt::SkipEmptyParts);
    for (QString &item : items)
        item = item.trimmed();
    items.removeAll(QString());
    return items;
}

} // namespace

ListingQuery::ListingQuery(Kind kind, const MarketGenerator &generator)
    : m_kind(kind)
    , m_generator(generator)
{
}

void ListingQuery::setTier(Tier tier, qint64 cutoff)
{
    m_tier = tier;
    m_cutoff = cutoff;
}

bool ListingQuery::isHistorical(const MarketGenerator &generator, int market, qint64 cutoff)
{
    const std::optional<qint64> settled = generator.settlementTime(market);
    return settled && *settled < cutoff;
}

bool ListingQuery::parse(const QUrlQuery &query, QString *error)
{
    const int maxLimit = m_kind == Kind::Markets ? 1000 : 200;
    const QString limitText = value(query, QStringLiteral("limit"));
    if (!limitText.isEmpty()) {
        bool ok = false;
        m_limit = limitText.toInt(&ok);
        if (!ok || m_limit < 1 || m_limit > maxLimit) {
            *error = QStringLiteral("limit must be an integer between 1 and %1").arg(maxLimit);
            return false;
        }
    }

    const QStringList statuses = commaList(value(query, QStringLiteral("status")));
    for (const QString &status : statuses) {
        const quint8 bit = MarketGenerator::parseStatusFilter(status);
        if (bit == 0) {
            *error = QStringLiteral("invalid status '%1': expected unopened, open, paused, closed or settled")
                         .arg(status);
            return false;
        }
        m_statusMask |= bit;
    }

    const QString mve = value(query, QStringLiteral("mve_filter"));
    if (m_kind == Kind::Markets && !mve.isEmpty()) {
        if (mve == u"only") {
            m_mveFilter = MveFilter::Only;
        } else if (mve == u"exclude") {
            m_mveFilter = MveFilter::Exclude;
        } else {
            *error = QStringLiteral("invalid mve_filter '%1': expected only or exclude").arg(mve);
            return false;
        }
    }

    if (m_kind == Kind::Markets) {
        struct Pair
        {
            TimeField field;
            const char *name; // "close" for min_close_ts / max_close_ts
            quint8 allowedStatuses;
            const char *allowedText;
        };
        const Pair pairs[] = {
            {TimeField::Created, "created", MarketGenerator::FilterUnopened | MarketGenerator::FilterOpen,
                "unopened or open"},
            {TimeField::Close, "close", MarketGenerator::FilterClosed, "closed"},
            {TimeField::Settled, "settled", MarketGenerator::FilterSettled, "settled"},
        };
        for (const Pair &pair : pairs) {
            const QString name = QString::fromLatin1(pair.name);
            bool present = false;
            for (const bool isMin : {true, false}) {
                const QString key = (isMin ? QStringLiteral("min_") : QStringLiteral("max_")) + name
                    + QStringLiteral("_ts");
                const QString text = value(query, key);
                if (text.isEmpty())
                    continue;
                bool ok = false;
                const qint64 seconds = text.toLongLong(&ok);
                if (!ok) {
                    *error = QStringLiteral("%1 must be an integer (Unix seconds)").arg(key);
                    return false;
                }
                present = true;
                (isMin ? m_minTime : m_maxTime) = seconds;
            }
            if (!present)
                continue;
            if (m_timeField != TimeField::None) {
                *error = QStringLiteral("timestamp filters are mutually exclusive: use one of "
                                        "created, close or settled");
                return false;
            }
            m_timeField = pair.field;
            if (m_statusMask != 0 && (m_statusMask & ~pair.allowedStatuses) != 0) {
                *error = QStringLiteral("min_%1_ts / max_%1_ts can only be combined with status %2 "
                                        "or no status")
                             .arg(name, QLatin1String(pair.allowedText));
                return false;
            }
        }
    }

    const QString seriesTicker = value(query, QStringLiteral("series_ticker"));
    if (!seriesTicker.isEmpty()) {
        m_series = m_generator.seriesIndex(seriesTicker);
        m_unknownTicker = m_series < 0;
    }
    const QString eventTicker
        = m_kind == Kind::Markets ? value(query, QStringLiteral("event_ticker")) : QString();
    if (!eventTicker.isEmpty()) {
        m_event = m_generator.eventIndex(eventTicker);
        m_unknownTicker = m_unknownTicker || m_event < 0;
    }
    QStringList tickers
        = m_kind == Kind::Markets ? commaList(value(query, QStringLiteral("tickers"))) : QStringList();
    tickers.sort();
    tickers.removeDuplicates();
    m_nestedMarkets = m_kind == Kind::Events
        && value(query, QStringLiteral("with_nested_markets")).compare(u"true", Qt::CaseInsensitive) == 0;

    if (m_unknownTicker) {
        m_allItems = false;
    } else if (!tickers.isEmpty()) {
        m_allItems = false;
        for (const QString &ticker : std::as_const(tickers)) {
            const int market = m_generator.marketIndex(ticker);
            if (market >= 0)
                m_candidates.push_back(market);
        }
        std::sort(m_candidates.begin(), m_candidates.end());
    } else if (m_event >= 0) {
        m_allItems = false;
        m_candidates = m_generator.marketsOfEvent(m_event);
    } else if (m_series >= 0) {
        m_allItems = false;
        for (const int event : m_generator.eventsOfSeries(m_series)) {
            if (m_kind == Kind::Events) {
                if (m_generator.eventKind(event) != MarketGenerator::EventKind::Orphan)
                    m_candidates.push_back(event);
            } else {
                const std::vector<int> &markets = m_generator.marketsOfEvent(event);
                m_candidates.insert(m_candidates.end(), markets.begin(), markets.end());
            }
        }
        std::sort(m_candidates.begin(), m_candidates.end());
    }

    // Paging parameters (limit, with_nested_markets) stay out of the hash: clients may change them.
    const QByteArray canonical = (m_kind == Kind::Markets ? "markets|" : "events|")
        + QByteArray::number(m_statusMask) + '|' + QByteArray::number(int(m_mveFilter)) + '|'
        + eventTicker.toUtf8() + '|' + seriesTicker.toUtf8() + '|' + tickers.join(u',').toUtf8() + '|'
        + QByteArray::number(int(m_timeField)) + '|'
        + (m_minTime ? QByteArray::number(*m_minTime) : QByteArray()) + '|'
        + (m_maxTime ? QByteArray::number(*m_maxTime) : QByteArray()) + '|' + QByteArray::number(int(m_tier));
    m_filterHash = fnv1a(canonical);

    m_requestCursor = value(query, QStringLiteral("cursor")).toLatin1();
    if (m_requestCursor.isEmpty())
        return true;
    const auto decoded = QByteArray::fromBase64Encoding(
        m_requestCursor, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    const QList<QByteArray> parts = decoded ? decoded.decoded.split(':') : QList<QByteArray>();
    bool pageOk = false;
    bool positionOk = false;
    bool hashOk = false;
    if (parts.size() == 4 && parts[0] == "v1") {
        m_pageNumber = parts[1].toInt(&pageOk);
        m_start = parts[2].toLongLong(&positionOk);
        hashOk = parts[3].toULongLong(nullptr, 16) == m_filterHash;
    }
    if (!pageOk || !positionOk || m_pageNumber < 1 || m_start < 0 || m_start > candidateCount()) {
        *error = QStringLiteral("invalid cursor");
        return false;
    }
    if (!hashOk) {
        *error = QStringLiteral("cursor does not belong to this query's filters");
        return false;
    }
    return true;
}

QByteArray ListingQuery::cursorFor(int pageNumber, qsizetype position) const
{
    const QByteArray plain = "v1:" + QByteArray::number(pageNumber) + ':' + QByteArray::number(position) + ':'
        + QByteArray::number(m_filterHash, 16);
    return plain.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

qsizetype ListingQuery::candidateCount() const
{
    if (!m_allItems)
        return qsizetype(m_candidates.size());
    return m_kind == Kind::Markets ? m_generator.marketCount() : qsizetype(m_generator.listedEvents().size());
}

int ListingQuery::candidateAt(qsizetype position) const
{
    if (!m_allItems)
        return m_candidates[size_t(position)];
    return m_kind == Kind::Markets ? int(position) : m_generator.listedEvents()[size_t(position)];
}

bool ListingQuery::matches(int item) const
{
    if (m_kind == Kind::Events) {
        return (m_statusMask == 0 || (m_generator.eventStatusFilterBit(item) & m_statusMask))
            && (m_series < 0 || m_generator.seriesOf(item) == m_series);
    }
    if (m_statusMask != 0 && !(MarketGenerator::statusFilterBit(m_generator.status(item)) & m_statusMask))
        return false;
    if (isHistorical(m_generator, item, m_cutoff) != (m_tier == Tier::Historical))
        return false;
    if (m_mveFilter != MveFilter::All && m_generator.isMultivariate(item) != (m_mveFilter == MveFilter::Only))
        return false;
    if (m_timeField != TimeField::None) {
        std::optional<qint64> time;
        switch (m_timeField) {
        case TimeField::Created:
            time = m_generator.createdTime(item);
            break;
        case TimeField::Close:
            time = m_generator.closeTime(item);
            break;
        case TimeField::Settled:
            time = m_generator.settlementTime(item);
            break;
        case TimeField::None:
            break;
        }
        if (!time || (m_minTime && *time < *m_minTime) || (m_maxTime && *time > *m_maxTime))
            return false;
    }
    const int event = m_generator.eventOf(item);
    return (m_event < 0 || event == m_event) && (m_series < 0 || m_generator.seriesOf(event) == m_series);
}

ListingQuery::Page ListingQuery::run() const
{
    Page page;
    page.items.reserve(size_t(m_limit));
    const qsizetype count = candidateCount();
    qsizetype position = m_start;
    for (; position < count && int(page.items.size()) < m_limit; ++position) {
        const int item = candidateAt(position);
        if (matches(item))
            page.items.push_back(item);
    }
    // Look ahead to the next match so that the last page, not an extra empty one, ends the listing.
    while (position < count && !matches(candidateAt(position)))
        ++position;
    if (position < count)
        page.cursor = cursorFor(m_pageNumber + 1, position);
    return page;
}

#pragma once

#include "marketgenerator.h"

#include <QByteArray>
#include <QString>
#include <QUrlQuery>

#include <optional>
#include <vector>

// One GET /markets or GET /events request: validates the query, decodes the cursor and selects the
// page. Markets take one pair of timestamp filters (Unix seconds, both inclusive):
// min/max_created_ts, min/max_close_ts or min/max_settled_ts, with Kalshi's compatibility rules
// (docs.kalshi.com, Get Markets): created only with status unopened/open or none, close only with
// closed or none, settled only with settled or none; two pairs at once are refused (HTTP 400).
// Cursors are opaque to clients (base64url of page number, position and a hash of the filters),
// so a cursor only works with the filters it was issued for. A value type used by the thread that
// serves the request.
class ListingQuery final
{
public:
    enum class Kind : quint8 { Markets, Events };

    struct Page
    {
        std::vector<int> items; // market or event indices, in listing order
        QByteArray cursor; // for the next page; empty on the last page
    };

    // Kalshi's two tiers of markets: markets settled before the historical cutoff are listed only
    // by GET /historical/markets, every other one only by GET /markets.
    enum class Tier : quint8 { Live, Historical };

    ListingQuery(Kind kind, const MarketGenerator &generator);

    // Before parse(): which tier a markets listing serves, and the cutoff (Unix seconds) between them.
    void setTier(Tier tier, qint64 cutoff);
    // Whether a market is served by the historical tier under this cutoff.
    static bool isHistorical(const MarketGenerator &generator, int market, qint64 cutoff);

    // False with a message for an HTTP 400 answer.
    bool parse(const QUrlQuery &query, QString *error);

    Kind kind() const { return m_kind; }
    bool withNestedMarkets() const { return m_nestedMarkets; }
    int pageNumber() const { return m_pageNumber; } // 1-based, of the page this query asks for
    QByteArray requestCursor() const { return m_requestCursor; }
    QByteArray cursorFor(int pageNumber, qsizetype position) const;

    Page run() const;

private:
    enum class MveFilter : quint8 { All, Only, Exclude };

    qsizetype candidateCount() const;
    int candidateAt(qsizetype position) const;
    bool matches(int item) const;

    Kind m_kind;
    const MarketGenerator &m_generator;
    int m_limit = 100;
    quint8 m_statusMask = 0; // 0 = any status
    MveFilter m_mveFilter = MveFilter::All;
    int m_event = -1; // -1 = no filter
    int m_series = -1;
    enum class TimeField : quint8 { None, Created, Close, Settled };
    TimeField m_timeField = TimeField::None;
    std::optional<qint64> m_minTime;
    std::optional<qint64> m_maxTime;
    bool m_unknownTicker = false; // an event or series filter that matches nothing
    bool m_allItems = true; // else m_candidates holds the items to scan
    std::vector<int> m_candidates;
    bool m_nestedMarkets = false;
    Tier m_tier = Tier::Live;
    qint64 m_cutoff = 0;
    int m_pageNumber = 1;
    qsizetype m_start = 0;
    quint64 m_filterHash = 0;
    QByteArray m_requestCursor;
};

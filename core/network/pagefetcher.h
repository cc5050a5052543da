#pragma once

#include "network/listpage.h"
#include "network/requesterror.h"

#include <QJsonArray>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QUrlQuery>

#include <optional>

class KalshiClient;

// Lives in the sync thread, beside the KalshiClient it sends through. Walks one cursor-paginated
// list endpoint from the first page to the last. JSON is read here, never in the GUI thread.
// As soon as a page's body arrives it is validated and its cursor read (JsonScanner, one pass
// without building a document; QJsonDocument for whatever the scanner does not vouch for), the next
// page requested, and only then is the page handed out, through listPageReady() and, when anything
// is connected to it, as a QJsonArray through pageReady(): the network works while the consumer
// processes.
// Flow control: page p is requested only while p <= (highest acknowledged page) + 1 + maxPagesAhead,
// so the pages handed out but unacknowledged, plus the one in flight, never exceed maxPagesAhead + 1:
// a slow writer makes the fetcher wait instead of memory grow.
// A run ends with exactly one finished().
class PageFetcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PageFetcher)

public:
    struct Endpoint
    {
        QString path; // "/markets"
        QString itemsKey; // the array in each page: "markets"
        int maxLimit = 0; // the largest page size the server accepts; 0: send no limit

        static Endpoint events(); // /events, "events", limit <= 200
        static Endpoint markets(); // /markets, "markets", limit <= 1000
    };

    enum class Status { Ok, Failed, Truncated, Cancelled };

    struct Outcome
    {
        Status status = Status::Ok;
        int pages = 0; // pages handed out through pageReady()
        qint64 items = 0; // items in those pages
        int retries = 0; // retries the client made for this run's requests
        qint64 roundTripMs = 0; // time those pages' requests spent on the wire, summed
        RequestError error; // Failed and Cancelled: why; error.text() "GET /markets page 7: ..."
        QString nextCursor; // Truncated: the cursor a continuation would start from
    };

    static constexpr int defaultMaxPagesAhead = 2;
    // Far above any real listing (all of Kalshi's markets are about 100 pages of 1000): a server
    // that sends fresh cursors for ever fails the run here instead of holding it for ever.
    static constexpr int defaultPageCeiling = 100000;

    // query: the caller's filters (status, series_ticker, mve_filter...). A "limit" in it is kept
    // within 1..endpoint.maxLimit; without one the endpoint's maximum is asked for.
    PageFetcher(KalshiClient *client, const Endpoint &endpoint, const QUrlQuery &query = QUrlQuery(),
        QObject *parent = nullptr);
    ~PageFetcher() override;

    // Stop after this many pages (0, the default: no cap). A cursor left after the last allowed page
    // ends the run as Truncated.
    void setMaxPages(int maxPages) { m_maxPages = qMax(0, maxPages); }
    int maxPages() const { return m_maxPages; }
    // A cursor left after this many pages fails the run (RequestError::Kind::PageCeiling): unlike
    // maxPages, which the user asks for, this is a server misbehaving. 0: none.
    void setPageCeiling(int pages) { m_pageCeiling = qMax(0, pages); }
    int pageCeiling() const { return m_pageCeiling; }

    // Pages that may be requested beyond the oldest unacknowledged one. 0: strictly one page at a
    // time; negative: no flow control (acknowledge() is then not needed).
    void setMaxPagesAhead(int pages);
    int maxPagesAhead() const { return m_maxPagesAhead; }

    const Endpoint &endpoint() const { return m_endpoint; }
    bool isRunning() const { return m_started && !m_done; }
    // While the last page handed out is being delivered: whether a cursor followed it (the listing
    // goes on, unless capped or cancelled). False before the first page.
    bool hasMorePages() const { return m_morePages; }
    // The run so far; final once finished() was emitted.
    const Outcome &outcome() const { return m_outcome; }

public Q_SLOTS:
    void start();
    // The consumer is done with every page up to and including `page`.
    void acknowledge(int page);
    // Ends the run as Cancelled and cancels its request; no pageReady() follows.
    void cancel();

Q_SIGNALS:
    // The same page twice: listPageReady() first. pageReady() costs a QJsonDocument of the page and
    // is emitted only while something is connected to it.
    void listPageReady(int page, const ListPage &items);
    void pageReady(int page, const QJsonArray &items);
    void finished(const PageFetcher::Outcome &outcome);

private:
    void onClientFinished(quint64 id, bool ok, const QByteArray &body, const RequestError &error);
    void handlePage(int page, const QByteArray &body);
    void requestNextIfAllowed();
    void finish(Status status, RequestError error = RequestError());
    void fail(RequestError::Kind kind, int page, const QString &detail = QString());

    QPointer<KalshiClient> m_client;
    const Endpoint m_endpoint;
    QUrlQuery m_query;
    int m_maxPages = 0;
    int m_pageCeiling = defaultPageCeiling;
    int m_maxPagesAhead = defaultMaxPagesAhead;

    bool m_started = false;
    bool m_done = false;
    quint64 m_requestId = 0; // 0 while no request is in flight
    int m_requestPage = 0; // the page m_requestId asks for
    int m_acknowledged = 0;
    std::optional<QString> m_nextCursor; // set while the next page waits for the window to open
    bool m_morePages = false;
    QSet<QString> m_seenCursors;
    Outcome m_outcome;
};

Q_DECLARE_METATYPE(PageFetcher::Outcome)

#pragma once

#include "listingquery.h"
#include "marketgenerator.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <map>
#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

// Serves the generator's universe with Kalshi's paths and JSON shapes on 127.0.0.1 only, with
// optional faults for client tests. Lives in the thread that creates it (kalshi-sim's main thread):
// delayed answers wait on timers of that thread, so latency and stalls never block other requests.
// Answers on one connection always leave in the order their requests arrived, even when a later
// request's delay is shorter, so pipelining clients stay in step.
class SimulatorServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulatorServer)

public:
    struct Faults
    {
        int fail429Every = 0; // every Nth list request answers 429
        int retryAfterSeconds = 0; // > 0: 429s carry Retry-After
        bool retryAfterAsDate = false;
        int fail500Every = 0; // every Nth list request answers 500, 502, 503 in turn
        int truncatePage = 0; // 1-based page of every listing sent with half its body
        int repeatCursorPage = 0; // that page returns a cursor to itself
        int stallPage = 0; // that page answers only after stallMs more
        int stallMs = 0;
        int latencyMs = 0; // every API response waits this long
    };

    SimulatorServer(MarketGenerator &generator, const Faults &faults, QObject *parent = nullptr);
    ~SimulatorServer() override;

    // Listens on 127.0.0.1; port 0 lets the OS choose. Returns the port, or 0 on failure.
    quint16 listen(quint16 port = 0);
    quint16 port() const { return m_port; }
    QUrl baseUrl() const; // http://127.0.0.1:<port>/trade-api/v2

    // Unix seconds that pick the price bucket; the wall clock unless a test sets another.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    // Markets settled before this (Unix seconds) are served only under /historical/...; 0, the
    // default, puts every market in the live tier.
    void setHistoricalCutoff(qint64 cutoff) { m_historicalCutoff = cutoff; }

private:
    struct Reply
    {
        int status = 200;
        QByteArray body;
        QByteArray retryAfter;
        int delayMs = 0;
    };
    struct Pending
    {
        std::unique_ptr<QHttpServerResponder> responder;
        Reply reply;
        bool ready = false;
    };
    struct Connection
    {
        QTcpSocket *socket = nullptr;
        quint64 nextSequence = 0; // given to the next request that arrives
        quint64 nextToSend = 0;
        std::map<quint64, Pending> pending;
    };

    void countRequest(const QHttpServerRequest &request);
    void enqueue(QHttpServerResponder &&responder, Reply reply);
    void markReady(quint64 connectionId, quint64 sequence);
    static void send(QHttpServerResponder &responder, const Reply &reply);

    Reply listingReply(ListingQuery::Kind kind, const QHttpServerRequest &request,
        ListingQuery::Tier tier = ListingQuery::Tier::Live);
    Reply marketReply(const QString &ticker, ListingQuery::Tier tier) const;
    // series empty: the historical path, which names none.
    Reply candlesReply(const QString &series, const QString &ticker, ListingQuery::Tier tier,
        const QHttpServerRequest &request) const;
    Reply cutoffReply() const;
    // The market of a ticker in the given tier, else -1.
    int marketInTier(const QString &ticker, ListingQuery::Tier tier) const;
    Reply statsReply() const;
    // POST /sim/markets/{ticker}: new prices for a market, e.g. {"yes_bid_dollars": "0.70"}.
    Reply moveMarketReply(const QString &ticker, const QByteArray &body);
    static Reply errorReply(int status, const QByteArray &code, const QString &message);

    MarketGenerator &m_generator;
    const Faults m_faults;
    std::unique_ptr<QHttpServer> m_http;
    quint16 m_port = 0;
    std::function<qint64()> m_clock;
    qint64 m_historicalCutoff = 0;

    qint64 m_listSequence = 0; // counts every list request for the faults; never reset
    int m_serverErrors = 0;

    QElapsedTimer m_started;
    qint64 m_requests = 0;
    qint64 m_listRequests = 0;
    QMap<QString, qint64> m_requestsByPath;
    QList<qint64> m_listRequestTimesMs;

    quint64 m_nextConnectionId = 1;
    QHash<QTcpSocket *, quint64> m_connectionIds;
    std::map<quint64, Connection> m_connections;
};

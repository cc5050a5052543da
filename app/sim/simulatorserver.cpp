#include "simulatorserver.h"

#include "candlebuilder.h"
#include "jsonwriter.h"

#include <QDateTime>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace {

const QString kApiPrefix = QStringLiteral("/trade-api/v2");

QByteArray httpDate(qint64 unixSeconds)
{
    return QLocale::c()
        .toString(QDateTime::fromSecsSinceEpoch(unixSeconds, Qt::UTC), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'")
        .toLatin1();
}

} // namespace

SimulatorServer::SimulatorServer(MarketGenerator &generator, const Faults &faults, QObject *parent)
    : QObject(parent)
    , m_generator(generator)
    , m_faults(faults)
    , m_http(std::make_unique<QHttpServer>())
    , m_clock([] { return QDateTime::currentSecsSinceEpoch(); })
{
    m_started.start();
    using Method = QHttpServerRequest::Method;

    m_http->route(kApiPrefix + u"/markets", Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            countRequest(request);
            enqueue(std::move(responder), listingReply(ListingQuery::Kind::Markets, request));
        });
    m_http->route(kApiPrefix + u"/events", Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            countRequest(request);
            enqueue(std::move(responder), listingReply(ListingQuery::Kind::Events, request));
        });
    m_http->route(kApiPrefix + u"/markets/<arg>", Method::Get,
        [this](const QString &ticker, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            countRequest(request);
            enqueue(std::move(responder), marketReply(ticker, ListingQuery::Tier::Live));
        });
    m_http->route(kApiPrefix + u"/series/<arg>/markets/<arg>/candlesticks", Method::Get,
        [this](const QString &series, const QString &ticker, const QHttpServerRequest &request,
            QHttpServerResponder &&responder) {
            countRequest(request);
            enqueue(std::move(responder), candlesReply(series, ticker, ListingQuery::Tier::Live, request));
        });
    m_http->route(kApiPrefix + u"/historical/cutoff", Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            countRequest(request);
            enqueue(std::move(responder), cutoffReply());
        });
    m_http->route(kApiPrefix + u"/historical/markets", Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            countRequest(request);
            enqueue(std::move(responder),
                listingReply(ListingQuery::Kind::Markets, request, ListingQuery::Tier::Historical));
        });
    m_http->route(kApiPrefix + u"/historical/markets/<arg>", Method::Get,
        [this](const QString &ticker, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            countRequest(request);
            enqueue(std::move(responder), marketReply(ticker, ListingQuery::Tier::Historical));
        });
    m_http->route(kApiPrefix + u"/historical/markets/<arg>/candlesticks", Method::Get,
        [this](const QString &ticker, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            countRequest(request);
            enqueue(std::move(responder),
                candlesReply(QString(), ticker, ListingQuery::Tier::Historical, request));
        });
    m_http->route(kApiPrefix + u"/exchange/status", Method::Get,
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            countRequest(request);
            Reply reply;
            reply.body = R"({"exchange_active":true,"trading_active":true,)"
                         R"("exchange_estimated_resume_time":null})";
            reply.delayMs = m_faults.latencyMs;
            enqueue(std::move(responder), reply);
        });
    // Observability for tests, at the root and under the base URL: neither counted nor delayed.
    for (const QString &prefix : {QString(), kApiPrefix}) {
        m_http->route(prefix + u"/sim/stats", Method::Get,
            [this](const QHttpServerRequest &, QHttpServerResponder &&responder) {
                enqueue(std::move(responder), statsReply());
            });
        m_http->route(prefix + u"/sim/reset-stats", Method::Post,
            [this](const QHttpServerRequest &, QHttpServerResponder &&responder) {
                m_requests = 0;
                m_listRequests = 0;
                m_requestsByPath.clear();
                m_listRequestTimesMs.clear();
                Reply reply;
                reply.body = R"({"reset":true})";
                enqueue(std::move(responder), reply);
            });
    }
    // Moving a market for tests and the demo: neither counted nor delayed.
    for (const QString &prefix : {QString(), kApiPrefix}) {
        m_http->route(prefix + u"/sim/markets/<arg>", Method::Post,
            [this](
                const QString &ticker, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                enqueue(std::move(responder), moveMarketReply(ticker, request.body()));
            });
    }
    m_http->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        const QString path = request.url().path();
        const bool api = path.startsWith(kApiPrefix) && !path.startsWith(kApiPrefix + u"/sim/");
        if (api)
            countRequest(request);
        Reply reply = errorReply(404, "not_found", QStringLiteral("no such endpoint"));
        reply.delayMs = api ? m_faults.latencyMs : 0;
        enqueue(std::move(responder), reply);
    });
}

SimulatorServer::~SimulatorServer()
{
    // Pending responders refer to sockets the HTTP server owns: drop them first.
    m_connections.clear();
    m_http.reset();
}

quint16 SimulatorServer::listen(quint16 port)
{
    m_port = m_http->listen(QHostAddress::LocalHost, port);
    return m_port;
}

QUrl SimulatorServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setPath(kApiPrefix);
    return url;
}

void SimulatorServer::countRequest(const QHttpServerRequest &request)
{
    ++m_requests;
    ++m_requestsByPath[request.url().path()];
}

void SimulatorServer::enqueue(QHttpServerResponder &&responder, Reply reply)
{
    QTcpSocket *socket = responder.socket();
    quint64 id = m_connectionIds.value(socket);
    if (id == 0) {
        id = m_nextConnectionId++;
        m_connectionIds.insert(socket, id);
        m_connections[id].socket = socket;
        // Ids, not socket addresses, name connections in timers: a new socket may reuse an address.
        connect(socket, &QObject::destroyed, this, [this, socket, id] {
            m_connectionIds.remove(socket);
            m_connections.erase(id);
        });
    }
    Connection &connection = m_connections[id];
    const quint64 sequence = connection.nextSequence++;
    const int delayMs = reply.delayMs;
    Pending &pending = connection.pending[sequence];
    pending.responder = std::make_unique<QHttpServerResponder>(std::move(responder));
    pending.reply = std::move(reply);
    if (delayMs <= 0)
        markReady(id, sequence);
    else
        QTimer::singleShot(delayMs, this, [this, id, sequence] { markReady(id, sequence); });
}

void SimulatorServer::markReady(quint64 connectionId, quint64 sequence)
{
    const auto found = m_connections.find(connectionId);
    if (found == m_connections.end())
        return; // the client went away
    Connection &connection = found->second;
    connection.pending[sequence].ready = true;
    while (!connection.pending.empty() && connection.pending.begin()->first == connection.nextToSend
        && connection.pending.begin()->second.ready) {
        Pending &next = connection.pending.begin()->second;
        if (connection.socket->state() == QAbstractSocket::ConnectedState)
            send(*next.responder, next.reply);
        connection.pending.erase(connection.pending.begin());
        ++connection.nextToSend;
    }
}

void SimulatorServer::send(QHttpServerResponder &responder, const Reply &reply)
{
    const auto status = static_cast<QHttpServerResponder::StatusCode>(reply.status);
    // HeaderList is an initializer_list, so each header set needs its own call.
    if (reply.retryAfter.isEmpty()) {
        responder.write(reply.body, {{"Content-Type", "application/json"}}, status);
    } else {
        responder.write(
            reply.body, {{"Content-Type", "application/json"}, {"Retry-After", reply.retryAfter}}, status);
    }
}

SimulatorServer::Reply SimulatorServer::errorReply(int status, const QByteArray &code, const QString &message)
{
    Reply reply;
    reply.status = status;
    JsonWriter w(reply.body);
    w.beginObject();
    w.key("error");
    w.beginObject();
    w.key("code");
    w.string(code);
    w.key("message");
    w.string(message.toUtf8());
    w.endObject();
    w.endObject();
    return reply;
}

SimulatorServer::Reply SimulatorServer::listingReply(
    ListingQuery::Kind kind, const QHttpServerRequest &request, ListingQuery::Tier tier)
{
    const qint64 sequence = ++m_listSequence;
    ++m_listRequests;
    m_listRequestTimesMs.append(m_started.elapsed());

    Reply reply;
    if (m_faults.fail429Every > 0 && sequence % m_faults.fail429Every == 0) {
        reply.status = 429;
        reply.body = R"({"error":"too many requests"})";
        if (m_faults.retryAfterSeconds > 0) {
            reply.retryAfter = m_faults.retryAfterAsDate
                ? httpDate(QDateTime::currentSecsSinceEpoch() + m_faults.retryAfterSeconds)
                : QByteArray::number(m_faults.retryAfterSeconds);
        }
    } else if (m_faults.fail500Every > 0 && sequence % m_faults.fail500Every == 0) {
        switch (m_serverErrors++ % 3) {
        case 0:
            reply = errorReply(500, "internal_server_error", QStringLiteral("simulated failure"));
            break;
        case 1:
            reply = errorReply(502, "bad_gateway", QStringLiteral("simulated failure"));
            break;
        default:
            reply = errorReply(503, "service_unavailable", QStringLiteral("simulated failure"));
            break;
        }
    } else {
        ListingQuery query(kind, m_generator);
        query.setTier(tier, m_historicalCutoff);
        QString error;
        if (!query.parse(request.query(), &error)) {
            reply = errorReply(400, "invalid_parameters", error);
        } else {
            ListingQuery::Page page = query.run();
            const int number = query.pageNumber();
            if (number == m_faults.repeatCursorPage)
                page.cursor = number == 1 ? query.cursorFor(1, 0) : query.requestCursor();

            const qint64 bucket = m_generator.bucketAt(m_clock());
            const bool markets = kind == ListingQuery::Kind::Markets;
            reply.body.reserve(qsizetype(page.items.size()) * (markets ? 1800 : 600) + 64);
            JsonWriter w(reply.body);
            w.beginObject();
            w.key(markets ? "markets" : "events");
            w.beginArray();
            for (const int item : page.items) {
                w.rawValue();
                if (markets)
                    m_generator.appendMarketJson(reply.body, item, bucket);
                else
                    m_generator.appendEventJson(reply.body, item, bucket, query.withNestedMarkets());
            }
            w.endArray();
            w.key("cursor");
            w.string(page.cursor);
            w.endObject();

            if (number == m_faults.truncatePage)
                reply.body.truncate(reply.body.size() / 2);
            if (number == m_faults.stallPage)
                reply.delayMs += m_faults.stallMs;
        }
    }
    reply.delayMs += m_faults.latencyMs;
    return reply;
}

int SimulatorServer::marketInTier(const QString &ticker, ListingQuery::Tier tier) const
{
    const int market = m_generator.marketIndex(ticker);
    if (market < 0
        || ListingQuery::isHistorical(m_generator, market, m_historicalCutoff)
            != (tier == ListingQuery::Tier::Historical))
        return -1;
    return market;
}

SimulatorServer::Reply SimulatorServer::cutoffReply() const
{
    Reply reply;
    JsonWriter w(reply.body);
    w.beginObject();
    w.key("market_settled_ts");
    w.time(m_historicalCutoff);
    w.key("orders_updated_ts");
    w.time(m_historicalCutoff);
    w.key("trades_created_ts");
    w.time(m_historicalCutoff);
    w.endObject();
    reply.delayMs = m_faults.latencyMs;
    return reply;
}

SimulatorServer::Reply SimulatorServer::candlesReply(const QString &series, const QString &ticker,
    ListingQuery::Tier tier, const QHttpServerRequest &request) const
{
    Reply reply;
    reply.delayMs = m_faults.latencyMs;
    const int market = marketInTier(ticker, tier);
    if (market < 0
        || (!series.isEmpty()
            && m_generator.seriesTicker(m_generator.seriesOf(m_generator.eventOf(market))) != series)) {
        reply = errorReply(404, "not_found", QStringLiteral("market not found"));
        reply.delayMs = m_faults.latencyMs;
        return reply;
    }
    const QUrlQuery query(request.url());
    bool startOk = false;
    bool endOk = false;
    bool periodOk = false;
    const qint64 start = query.queryItemValue(QStringLiteral("start_ts")).toLongLong(&startOk);
    const qint64 end = query.queryItemValue(QStringLiteral("end_ts")).toLongLong(&endOk);
    const int period = query.queryItemValue(QStringLiteral("period_interval")).toInt(&periodOk);
    QString error;
    if (!startOk || !endOk)
        error = QStringLiteral("start_ts and end_ts must be integers (Unix seconds)");
    else if (!periodOk || (period != 1 && period != 60 && period != 1440))
        error = QStringLiteral("period_interval must be 1, 60 or 1440");
    else if (end < start)
        error = QStringLiteral("end_ts must not be before start_ts");
    else if (CandleBuilder::requestedCandles(start, end, period) > CandleBuilder::maxCandles)
        error = QStringLiteral("too many candlesticks requested: at most %1 per request")
                    .arg(CandleBuilder::maxCandles);
    if (!error.isEmpty()) {
        reply = errorReply(400, "invalid_parameters", error);
        reply.delayMs = m_faults.latencyMs;
        return reply;
    }
    CandleBuilder::appendCandlesJson(reply.body, m_generator, market, start, end, period, m_clock());
    return reply;
}

SimulatorServer::Reply SimulatorServer::marketReply(const QString &ticker, ListingQuery::Tier tier) const
{
    const int market = marketInTier(ticker, tier);
    Reply reply;
    if (market < 0) {
        reply = errorReply(404, "not_found", QStringLiteral("market not found"));
    } else {
        JsonWriter w(reply.body);
        w.beginObject();
        w.key("market");
        w.rawValue();
        m_generator.appendMarketJson(reply.body, market, m_generator.bucketAt(m_clock()));
        w.endObject();
    }
    reply.delayMs = m_faults.latencyMs;
    return reply;
}

SimulatorServer::Reply SimulatorServer::moveMarketReply(const QString &ticker, const QByteArray &body)
{
    const int market = m_generator.marketIndex(ticker);
    if (market < 0)
        return errorReply(404, "not_found", QStringLiteral("market not found"));
    QJsonParseError parseError;
    const QJsonObject values = QJsonDocument::fromJson(body, &parseError).object();
    if (parseError.error != QJsonParseError::NoError)
        return errorReply(400, "bad_request", QStringLiteral("the body is not a JSON object"));
    // Dollars as the API writes them ("0.7000"), to 1/10000 dollar; volume in contracts.
    const auto scaled = [&values](const char *key, double scale, double maximum, std::optional<qint64> *out) {
        const QJsonValue value = values.value(QLatin1String(key));
        if (value.isUndefined())
            return true;
        bool ok = false;
        const double number = value.isString() ? value.toString().toDouble(&ok) : value.toDouble();
        ok = ok || value.isDouble();
        if (!ok || number < 0 || number > maximum)
            return false;
        *out = qRound64(number * scale);
        return true;
    };
    std::optional<qint64> yesBid, yesAsk, lastPrice, volume24h;
    if (!scaled("yes_bid_dollars", 10000, 1, &yesBid) || !scaled("yes_ask_dollars", 10000, 1, &yesAsk)
        || !scaled("last_price_dollars", 10000, 1, &lastPrice)
        || !scaled("volume_24h_fp", 100, 1e12, &volume24h)) {
        return errorReply(400, "bad_request",
            QStringLiteral("yes_bid_dollars, yes_ask_dollars and last_price_dollars take 0 to 1 dollar, "
                           "volume_24h_fp a count of contracts"));
    }
    MarketGenerator::QuoteOverride set;
    const auto pips = [](const std::optional<qint64> &value) {
        return value ? std::optional<int>(int(*value)) : std::nullopt;
    };
    set.yesBid = pips(yesBid);
    set.yesAsk = pips(yesAsk);
    set.lastPrice = pips(lastPrice);
    set.volume24h = volume24h;
    m_generator.setQuoteOverride(market, set);
    Reply reply = marketReply(ticker, ListingQuery::Tier::Live);
    reply.delayMs = 0;
    return reply;
}

SimulatorServer::Reply SimulatorServer::statsReply() const
{
    Reply reply;
    JsonWriter w(reply.body);
    w.beginObject();
    w.key("requests");
    w.integer(m_requests);
    w.key("list_requests");
    w.integer(m_listRequests);
    w.key("by_path");
    w.beginObject();
    for (auto it = m_requestsByPath.cbegin(); it != m_requestsByPath.cend(); ++it) {
        w.key(it.key().toUtf8());
        w.integer(it.value());
    }
    w.endObject();
    w.key("request_times_ms");
    w.beginArray();
    for (const qint64 ms : m_listRequestTimesMs)
        w.integer(ms);
    w.endArray();
    w.endObject();
    return reply;
}

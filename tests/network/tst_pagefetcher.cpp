#include "fakehttpserver.h"
#include "network/kalshiclient.h"
#include "network/pagefetcher.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <memory>

using Response = FakeHttpServer::Response;
using Status = PageFetcher::Status;

namespace {

constexpr int waitMs = 15000;

// Page `page` of a list: `count` items named "P<page>-<i>", and the cursor (omitted when undefined).
QByteArray pageBody(
    int page, int count, const QJsonValue &cursor, const QString &key = QStringLiteral("markets"))
{
    QJsonArray items;
    for (int i = 1; i <= count; ++i)
        items.append(QJsonObject{{QStringLiteral("ticker"), QStringLiteral("P%1-%2").arg(page).arg(i)}});
    QJsonObject object{{key, items}};
    if (!cursor.isUndefined())
        object.insert(QStringLiteral("cursor"), cursor);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Which page a request asks for: no cursor is page 1, cursor "c<k>" is page k.
int requestedPage(const FakeHttpServer::Request &request)
{
    const QString cursor = request.queryValue(QStringLiteral("cursor"));
    return cursor.isEmpty() ? 1 : cursor.mid(1).toInt();
}

// A well-behaved list of `pages` pages of 3 items (the last has 1); bodies[k] replaces page k's.
FakeHttpServer::Handler listOf(int pages, const QHash<int, Response> &replaced = {}, int delayMs = 0)
{
    return [pages, replaced, delayMs](const FakeHttpServer::Request &request) {
        const int page = requestedPage(request);
        Response response = replaced.contains(page)
            ? replaced.value(page)
            : Response::json(pageBody(page, page == pages ? 1 : 3,
                page < pages ? QJsonValue(QStringLiteral("c%1").arg(page + 1)) : QJsonValue(QString())));
        response.delayMs = delayMs;
        return response;
    };
}

PageFetcher::Outcome outcomeOf(const QSignalSpy &spy)
{
    return spy.isEmpty() ? PageFetcher::Outcome() : spy.first().first().value<PageFetcher::Outcome>();
}

} // namespace

class TstPageFetcher : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<KalshiClient> m_client;

    KalshiClient::Options options() const
    {
        KalshiClient::Options o;
        o.baseUrl = m_server->baseUrl();
        o.requestsPerSecond = 0;
        o.backoffBaseMs = 20;
        o.backoffJitter = 0;
        return o;
    }

    // A consumer that acknowledges every page as soon as it sees it.
    static void acknowledgeEachPage(PageFetcher *fetcher)
    {
        connect(
            fetcher, &PageFetcher::pageReady, fetcher, [fetcher](int page) { fetcher->acknowledge(page); });
    }

    QList<int> pagesOf(const QSignalSpy &pageReady) const
    {
        QList<int> pages;
        for (const QList<QVariant> &args : pageReady)
            pages.append(args.at(0).toInt());
        return pages;
    }

private Q_SLOTS:
    void initTestCase() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void init()
    {
        KmTest::failOnForbiddenWarnings();
        m_server = std::make_unique<FakeHttpServer>();
        QVERIFY(m_server->listen());
        m_client = std::make_unique<KalshiClient>(options());
    }

    void cleanup()
    {
        m_client.reset();
        m_server.reset();
    }

    void walksEveryPageToTheEnd()
    {
        m_server->setHandler(listOf(4));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("status"), QStringLiteral("open"));
        query.addQueryItem(QStringLiteral("mve_filter"), QStringLiteral("exclude"));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets(), query);
        acknowledgeEachPage(&fetcher);
        QSignalSpy pageReady(&fetcher, &PageFetcher::pageReady);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QVERIFY(fetcher.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);

        const PageFetcher::Outcome outcome = outcomeOf(finished);
        QCOMPARE(outcome.status, Status::Ok);
        QCOMPARE(outcome.pages, 4);
        QCOMPARE(outcome.items, qint64(10));
        QCOMPARE(outcome.error.text(), QString());
        QCOMPARE(outcome.nextCursor, QString());
        QVERIFY(!fetcher.isRunning());
        QCOMPARE(pagesOf(pageReady), QList<int>({1, 2, 3, 4}));
        const QJsonArray third = pageReady.at(2).at(1).value<QJsonArray>();
        QCOMPARE(third.size(), 3);
        QCOMPARE(third.at(0).toObject().value(QLatin1String("ticker")).toString(), QStringLiteral("P3-1"));
        QCOMPARE(pageReady.at(3).at(1).value<QJsonArray>().size(), 1);

        const QList<FakeHttpServer::Request> &requests = m_server->requests();
        QCOMPARE(requests.size(), 4);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(requests.at(i).path, QStringLiteral("/trade-api/v2/markets"));
            QCOMPARE(requests.at(i).queryValue(QStringLiteral("limit")), QStringLiteral("1000"));
            QCOMPARE(requests.at(i).queryValue(QStringLiteral("status")), QStringLiteral("open"));
            QCOMPARE(requests.at(i).queryValue(QStringLiteral("mve_filter")), QStringLiteral("exclude"));
            QCOMPARE(requests.at(i).query.hasQueryItem(QStringLiteral("cursor")), i > 0);
            QCOMPARE(requestedPage(requests.at(i)), i + 1);
        }
        QCOMPARE(outcome.status, PageFetcher::Status::Ok);
    }

    void lastPageEnds_data()
    {
        QTest::addColumn<QJsonValue>("cursor");
        QTest::newRow("empty cursor") << QJsonValue(QString());
        QTest::newRow("null cursor") << QJsonValue(QJsonValue::Null);
        QTest::newRow("missing cursor") << QJsonValue(QJsonValue::Undefined);
    }

    void lastPageEnds()
    {
        QFETCH(QJsonValue, cursor);
        m_server->enqueue(Response::json(pageBody(1, 3, QStringLiteral("c2"))));
        m_server->enqueue(Response::json(pageBody(2, 2, cursor)));
        m_server->enqueue(Response::json(pageBody(3, 2, QString()))); // must not be asked for
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        acknowledgeEachPage(&fetcher);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).status, Status::Ok);
        QCOMPARE(outcomeOf(finished).pages, 2);
        QCOMPARE(outcomeOf(finished).items, qint64(5));
        QCOMPARE(m_server->requests().size(), 2);
    }

    void repeatedCursorRefused()
    {
        m_server->enqueue(Response::json(pageBody(1, 3, QStringLiteral("c2"))));
        m_server->enqueue(Response::json(pageBody(2, 3, QStringLiteral("c3"))));
        m_server->enqueue(Response::json(pageBody(3, 3, QStringLiteral("c2"))));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        acknowledgeEachPage(&fetcher);
        QSignalSpy pageReady(&fetcher, &PageFetcher::pageReady);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);

        const PageFetcher::Outcome outcome = outcomeOf(finished);
        QCOMPARE(outcome.status, Status::Failed);
        QCOMPARE(outcome.error.text(),
            QStringLiteral("GET /markets page 3: the server repeated cursor \"c2\" (endless loop refused)"));
        QCOMPARE(pagesOf(pageReady), QList<int>({1, 2}));
        QCOMPARE(outcome.pages, 2);
        QCOMPARE(m_server->requests().size(), 3);
    }

    // Issue 12: an endless chain of fresh cursors ran for ever. The page ceiling fails the run,
    // naming the cause; the pages before it were handed out.
    void endlessCursorChainHitsTheCeiling()
    {
        m_server->setHandler(listOf(1000000));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        QCOMPARE(fetcher.pageCeiling(), PageFetcher::defaultPageCeiling);
        QCOMPARE(PageFetcher::defaultPageCeiling, 100000);
        fetcher.setPageCeiling(5);
        acknowledgeEachPage(&fetcher);
        QSignalSpy pageReady(&fetcher, &PageFetcher::pageReady);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);

        const PageFetcher::Outcome outcome = outcomeOf(finished);
        QCOMPARE(outcome.status, Status::Failed);
        QCOMPARE(outcome.error.kind, RequestError::Kind::PageCeiling);
        QCOMPARE(outcome.error.text(),
            QStringLiteral("GET /markets page 6: more pages after 5, the ceiling for one "
                           "listing (endless listing refused)"));
        QCOMPARE(pagesOf(pageReady), QList<int>({1, 2, 3, 4, 5}));
        QCOMPARE(m_server->requests().size(), 5);
    }

    // The error is a value: its kind, status and page, not words to search.
    void errorsCarryTheirKind()
    {
        m_server->setHandler(listOf(3, {{2, Response::json(R"({"error":"gone"})", 404)}}));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        acknowledgeEachPage(&fetcher);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        const RequestError error = outcomeOf(finished).error;
        QCOMPARE(error.kind, RequestError::Kind::Http);
        QCOMPARE(error.httpStatus, 404);
        QCOMPARE(error.page, 2);
        QCOMPARE(error.path, QStringLiteral("/markets"));
        QCOMPARE(error.detail, QStringLiteral("gone"));
        QCOMPARE(error.text(), QStringLiteral("GET /markets page 2: HTTP 404 gone"));
    }

    void maxPagesTruncates()
    {
        m_server->setHandler(listOf(5));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        fetcher.setMaxPages(3);
        acknowledgeEachPage(&fetcher);
        QSignalSpy pageReady(&fetcher, &PageFetcher::pageReady);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);

        const PageFetcher::Outcome outcome = outcomeOf(finished);
        QCOMPARE(outcome.status, Status::Truncated);
        QCOMPARE(outcome.nextCursor, QStringLiteral("c4"));
        QCOMPARE(outcome.pages, 3);
        QCOMPARE(outcome.items, qint64(9));
        QCOMPARE(pagesOf(pageReady), QList<int>({1, 2, 3}));
        QCOMPARE(m_server->requests().size(), 3);
        QCOMPARE(m_client->pendingCount(), 0);
        QCOMPARE(outcome.status, PageFetcher::Status::Truncated);
    }

    void maxPagesReachedExactlyIsComplete()
    {
        m_server->setHandler(listOf(3));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        fetcher.setMaxPages(3);
        acknowledgeEachPage(&fetcher);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).status, Status::Ok);
        QCOMPARE(outcomeOf(finished).pages, 3);
    }

    void badPageFailsNamingIt_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");

        QTest::newRow("invalid JSON") << QByteArray(R"({"markets":[{"ticker":"P3-1"},x],"cursor":"c4"})")
                                      << QStringLiteral("GET /markets page 3: response is not valid JSON "
                                                        "(illegal number at offset 30)");
        QTest::newRow("empty body") << QByteArray()
                                    << QStringLiteral("GET /markets page 3: response is not valid JSON "
                                                      "(illegal value at offset 0)");
        QTest::newRow("missing array") << QByteArray(
            R"({"cursor":"c4"})") << QStringLiteral("GET /markets page 3: response has no \"markets\" array");
        QTest::newRow("wrong array") << QByteArray(R"({"events":[],"cursor":"c4"})")
                                     << QStringLiteral(
                                            "GET /markets page 3: response has no \"markets\" array");
        QTest::newRow("array is an object")
            << QByteArray(R"({"markets":{},"cursor":"c4"})")
            << QStringLiteral("GET /markets page 3: response has no \"markets\" array");
        QTest::newRow("not an object") << QByteArray(
            R"([{"ticker":"P3-1"}])") << QStringLiteral("GET /markets page 3: response is not a JSON object");
        QTest::newRow("cursor not a string")
            << QByteArray(R"({"markets":[],"cursor":4})")
            << QStringLiteral("GET /markets page 3: \"cursor\" is not a string");
    }

    void badPageFailsNamingIt()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        m_server->setHandler(listOf(6, {{3, Response::json(body)}}));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        acknowledgeEachPage(&fetcher);
        QSignalSpy pageReady(&fetcher, &PageFetcher::pageReady);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);

        const PageFetcher::Outcome outcome = outcomeOf(finished);
        QCOMPARE(outcome.status, Status::Failed);
        QCOMPARE(outcome.error.text(), error);
        QCOMPARE(pagesOf(pageReady), QList<int>({1, 2}));
        QCOMPARE(outcome.pages, 2);
        QCOMPARE(outcome.items, qint64(6));
        QCOMPARE(m_server->requests().size(), 3);
        QCOMPARE(outcome.status, PageFetcher::Status::Failed);
    }

    void eventsEndpoint()
    {
        m_server->enqueue(Response::json(pageBody(1, 2, QStringLiteral("c2"), QStringLiteral("events"))));
        m_server->enqueue(Response::json(R"({"markets":[],"cursor":""})"));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::events(), query);
        acknowledgeEachPage(&fetcher);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).status, Status::Failed);
        QCOMPARE(outcomeOf(finished).error.text(),
            QStringLiteral("GET /events page 2: response has no \"events\" array"));
        QCOMPARE(m_server->requests().first().path, QStringLiteral("/trade-api/v2/events"));
        // 500 is above the endpoint's maximum of 200.
        QCOMPARE(m_server->requests().first().queryValue(QStringLiteral("limit")), QStringLiteral("200"));
    }

    void limitKeptWithinTheEndpoint_data()
    {
        QTest::addColumn<QString>("asked");
        QTest::addColumn<QString>("sent");
        QTest::newRow("none") << QString() << QStringLiteral("1000");
        QTest::newRow("small") << QStringLiteral("50") << QStringLiteral("50");
        QTest::newRow("too big") << QStringLiteral("5000") << QStringLiteral("1000");
        QTest::newRow("zero") << QStringLiteral("0") << QStringLiteral("1000");
        QTest::newRow("garbage") << QStringLiteral("lots") << QStringLiteral("1000");
    }

    void limitKeptWithinTheEndpoint()
    {
        QFETCH(QString, asked);
        QFETCH(QString, sent);
        m_server->setHandler(listOf(1));
        QUrlQuery query;
        if (!asked.isNull())
            query.addQueryItem(QStringLiteral("limit"), asked);
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets(), query);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(m_server->requests().first().query.allQueryItemValues(QStringLiteral("limit")),
            QStringList{sent});
    }

    void nullArrayIsAnEmptyPage()
    {
        m_server->enqueue(Response::json(R"({"markets":null,"cursor":""})"));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        QSignalSpy pageReady(&fetcher, &PageFetcher::pageReady);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).status, Status::Ok);
        QCOMPARE(pageReady.count(), 1);
        QCOMPARE(pageReady.first().at(1).value<QJsonArray>().size(), 0);
    }

    void httpErrorNamesThePage()
    {
        m_server->setHandler(listOf(4,
            {{2, Response::json(R"({"error":{"code":"invalid_cursor","message":"cursor expired"}})", 400)}}));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        acknowledgeEachPage(&fetcher);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).status, Status::Failed);
        QCOMPARE(outcomeOf(finished).error.text(),
            QStringLiteral("GET /markets page 2: HTTP 400 invalid_cursor: cursor expired"));
        QCOMPARE(outcomeOf(finished).pages, 1);
    }

    void retriesAreCounted()
    {
        int served = 0;
        m_server->setHandler([&served, pages = listOf(3)](const FakeHttpServer::Request &request) {
            // The first try of page 2 and of page 3 fail with 503.
            ++served;
            if (served == 2 || served == 4)
                return Response::json(R"({"error":"unavailable"})", 503);
            return pages(request);
        });
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        acknowledgeEachPage(&fetcher);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).status, Status::Ok);
        QCOMPARE(outcomeOf(finished).pages, 3);
        QCOMPARE(outcomeOf(finished).retries, 2);
        QCOMPARE(m_server->requests().size(), 5);
    }

    void opaqueCursorRoundTrips()
    {
        const QString cursor = QStringLiteral("CgwI+o/Y=%2B a&b");
        m_server->enqueue(Response::json(pageBody(1, 1, cursor)));
        m_server->enqueue(Response::json(pageBody(2, 1, QString())));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        acknowledgeEachPage(&fetcher);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).status, Status::Ok);
        QCOMPARE(m_server->requests().at(1).queryValue(QStringLiteral("cursor")), cursor);
    }

    void nextPageIsRequestedBeforeThePageIsProcessed()
    {
        // The consumer acknowledges nothing: the default window still lets pages 2 and 3 be asked
        // for while page 1 is being processed, and each request goes out before its predecessor
        // page is handed over.
        m_server->setHandler(listOf(5));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        QCOMPARE(fetcher.maxPagesAhead(), 2);
        QList<int> pendingWhenDelivered;
        connect(&fetcher, &PageFetcher::pageReady, this,
            [this, &pendingWhenDelivered] { pendingWhenDelivered.append(m_client->pendingCount()); });
        QSignalSpy pageReady(&fetcher, &PageFetcher::pageReady);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();

        QTRY_COMPARE_WITH_TIMEOUT(pageReady.count(), 3, waitMs);
        // Pages 1 and 2 were handed out with the request for the next page already on its way.
        QCOMPARE(pendingWhenDelivered, QList<int>({1, 1, 0}));
        // And those requests reached the server with page 1 still unacknowledged.
        QCOMPARE(m_server->requests().size(), 3);
        QCOMPARE(requestedPage(m_server->requests().at(1)), 2);
        QCOMPARE(requestedPage(m_server->requests().at(2)), 3);
        QCOMPARE(m_client->pendingCount(), 0);

        fetcher.acknowledge(1);
        QTRY_COMPARE_WITH_TIMEOUT(pageReady.count(), 4, waitMs);
        QCOMPARE(pendingWhenDelivered.last(), 0);
        fetcher.acknowledge(4);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).status, Status::Ok);
        QCOMPARE(pagesOf(pageReady), QList<int>({1, 2, 3, 4, 5}));
    }

    void slowConsumerStopsTheFetcher()
    {
        m_server->setHandler(listOf(6));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        fetcher.setMaxPagesAhead(1);
        QSignalSpy pageReady(&fetcher, &PageFetcher::pageReady);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();

        // Nothing acknowledged: page 1 being processed, page 2 fetched ahead, then a stop.
        QTRY_COMPARE_WITH_TIMEOUT(pageReady.count(), 2, waitMs);
        QCOMPARE(m_client->pendingCount(), 0);
        QTest::qWait(200);
        QCOMPARE(m_server->requests().size(), 2);
        QCOMPARE(pageReady.count(), 2);

        fetcher.acknowledge(1);
        QTRY_COMPARE_WITH_TIMEOUT(pageReady.count(), 3, waitMs);
        QCOMPARE(m_client->pendingCount(), 0);
        QCOMPARE(m_server->requests().size(), 3);

        // Acknowledging up to page 3 opens the window to page 5.
        fetcher.acknowledge(3);
        QTRY_COMPARE_WITH_TIMEOUT(pageReady.count(), 5, waitMs);
        QCOMPARE(m_client->pendingCount(), 0);
        QCOMPARE(m_server->requests().size(), 5);
        QCOMPARE(finished.count(), 0);

        fetcher.acknowledge(4);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).status, Status::Ok);
        QCOMPARE(pagesOf(pageReady), QList<int>({1, 2, 3, 4, 5, 6}));
    }

    void windowOfZeroAlternates()
    {
        m_server->setHandler(listOf(3));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        fetcher.setMaxPagesAhead(0);
        QSignalSpy pageReady(&fetcher, &PageFetcher::pageReady);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        for (int page = 1; page <= 2; ++page) {
            QTRY_COMPARE_WITH_TIMEOUT(pageReady.count(), page, waitMs);
            QCOMPARE(m_client->pendingCount(), 0);
            QCOMPARE(m_server->requests().size(), page);
            fetcher.acknowledge(page);
            QCOMPARE(m_client->pendingCount(), 1);
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).pages, 3);
    }

    void noFlowControlNeedsNoAcknowledgements()
    {
        m_server->setHandler(listOf(7));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        fetcher.setMaxPagesAhead(-1);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).status, Status::Ok);
        QCOMPARE(outcomeOf(finished).pages, 7);
    }

    void cancelStopsTheRun()
    {
        m_server->setHandler(listOf(5, {}, 300));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        acknowledgeEachPage(&fetcher);
        QSignalSpy pageReady(&fetcher, &PageFetcher::pageReady);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), 2, waitMs);
        fetcher.cancel();
        QCOMPARE(finished.count(), 1);
        const PageFetcher::Outcome outcome = outcomeOf(finished);
        QCOMPARE(outcome.status, Status::Cancelled);
        QCOMPARE(outcome.error.text(), QStringLiteral("GET /markets page 2: cancelled"));
        QCOMPARE(outcome.pages, 1);
        QCOMPARE(m_client->pendingCount(), 0);
        QTest::qWait(500);
        QCOMPARE(pageReady.count(), 1);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(m_server->requests().size(), 2);
        fetcher.cancel();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(outcome.status, PageFetcher::Status::Cancelled);
    }

    void cancelFromThePageSlot()
    {
        m_server->setHandler(listOf(5));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        connect(&fetcher, &PageFetcher::pageReady, &fetcher, [&fetcher](int page) {
            if (page == 2)
                fetcher.cancel();
        });
        QSignalSpy pageReady(&fetcher, &PageFetcher::pageReady);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).status, Status::Cancelled);
        // Page 3 was already asked for when page 2 was handed out; that request is withdrawn.
        QCOMPARE(outcomeOf(finished).error.text(), QStringLiteral("GET /markets page 3: cancelled"));
        QCOMPARE(m_client->pendingCount(), 0);
        QTest::qWait(200);
        QCOMPARE(pagesOf(pageReady), QList<int>({1, 2}));
    }

    void clientCancelAllEndsTheRunAsCancelled()
    {
        m_server->setHandler(listOf(5, {}, 300));
        PageFetcher fetcher(m_client.get(), PageFetcher::Endpoint::markets());
        acknowledgeEachPage(&fetcher);
        QSignalSpy finished(&fetcher, &PageFetcher::finished);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), 2, waitMs);
        m_client->cancelAll();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(outcomeOf(finished).status, Status::Cancelled);
        QCOMPARE(outcomeOf(finished).error.text(), QStringLiteral("GET /markets page 2: cancelled"));
    }

    void twoFetchersShareOneClient()
    {
        m_server->setHandler([](const FakeHttpServer::Request &request) {
            const QString key = request.path.endsWith(QLatin1String("/events")) ? QStringLiteral("events")
                                                                                : QStringLiteral("markets");
            const int page = requestedPage(request);
            Response response = Response::json(pageBody(
                page, 2, page < 3 ? QJsonValue(QStringLiteral("c%1").arg(page + 1)) : QJsonValue(), key));
            response.delayMs = 50;
            return response;
        });
        PageFetcher events(m_client.get(), PageFetcher::Endpoint::events());
        PageFetcher markets(m_client.get(), PageFetcher::Endpoint::markets());
        acknowledgeEachPage(&events);
        acknowledgeEachPage(&markets);
        QSignalSpy eventsFinished(&events, &PageFetcher::finished);
        QSignalSpy marketsFinished(&markets, &PageFetcher::finished);
        events.start();
        markets.start();
        QTRY_COMPARE_WITH_TIMEOUT(eventsFinished.count(), 1, waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(marketsFinished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(eventsFinished).status, Status::Ok);
        QCOMPARE(outcomeOf(eventsFinished).items, qint64(6));
        QCOMPARE(outcomeOf(marketsFinished).status, Status::Ok);
        QCOMPARE(outcomeOf(marketsFinished).items, qint64(6));
        QCOMPARE(m_server->requests().size(), 6);
    }

    void runsInTheSyncThreadForAConsumerElsewhere()
    {
        // Client and fetcher in the sync thread; pages cross to this thread by queued signals and
        // acknowledgements go back the same way.
        m_server->setHandler(listOf(4));
        m_client.reset();
        QThread syncThread;
        auto *client = new KalshiClient(options());
        auto *fetcher = new PageFetcher(client, PageFetcher::Endpoint::markets(), QUrlQuery(), client);
        client->moveToThread(&syncThread);
        connect(&syncThread, &QThread::finished, client, &QObject::deleteLater);
        syncThread.start();
        const auto stopThread = qScopeGuard([&syncThread] {
            syncThread.quit();
            syncThread.wait();
        });

        QList<int> pages;
        QList<Qt::HANDLE> deliveredIn;
        connect(fetcher, &PageFetcher::pageReady, this, [&](int page, const QJsonArray &items) {
            pages.append(page);
            deliveredIn.append(QThread::currentThreadId());
            QVERIFY(!items.isEmpty());
            QMetaObject::invokeMethod(fetcher, [fetcher, page] { fetcher->acknowledge(page); });
        });
        QSignalSpy finished(fetcher, &PageFetcher::finished);
        QMetaObject::invokeMethod(fetcher, &PageFetcher::start);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, waitMs);
        QCOMPARE(outcomeOf(finished).status, Status::Ok);
        // finished() is seen here at once by the spy; the last queued page may still be on its way.
        QTRY_COMPARE_WITH_TIMEOUT(pages, QList<int>({1, 2, 3, 4}), waitMs);
        for (const Qt::HANDLE thread : std::as_const(deliveredIn))
            QCOMPARE(thread, QThread::currentThreadId());
    }
};

KM_TEST_GUILESS_MAIN(TstPageFetcher)
#include "tst_pagefetcher.moc"

#include "network/requesterror.h"
#include "testsupport.h"

#include <QTest>

namespace {

RequestError errorOf(RequestError::Kind kind)
{
    RequestError error;
    error.kind = kind;
    error.path = QStringLiteral("/markets");
    return error;
}

} // namespace

// RequestError's words read back from the text a sync stored in sync_runs.
class TstRequestError : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void actionableErrorsReadBack_data()
    {
        QTest::addColumn<RequestError>("error");

        RequestError refused = errorOf(RequestError::Kind::Network);
        refused.path = QStringLiteral("/events");
        refused.page = 1;
        refused.detail = QStringLiteral("Connection refused");
        refused.attempts = 6;
        QTest::newRow("refused after retries") << refused;

        RequestError notFound = errorOf(RequestError::Kind::Network);
        notFound.detail = QStringLiteral("Host api.example.org not found");
        QTest::newRow("host not found, first attempt") << notFound;

        RequestError timeout = errorOf(RequestError::Kind::Timeout);
        timeout.page = 12;
        timeout.limit = 30000;
        timeout.attempts = 3;
        timeout.window = QStringLiteral("close-time window [100, 200), its page 3");
        QTest::newRow("timeout in a window") << timeout;

        RequestError deadline = errorOf(RequestError::Kind::Deadline);
        deadline.limit = 120000;
        QTest::newRow("deadline") << deadline;

        RequestError server = errorOf(RequestError::Kind::Http);
        server.httpStatus = 503;
        server.detail = QStringLiteral("service_unavailable: try again (later)");
        server.attempts = 6;
        QTest::newRow("503 with a detail in parentheses") << server;

        RequestError limited = errorOf(RequestError::Kind::Http);
        limited.httpStatus = 429;
        QTest::newRow("429 without a detail") << limited;
    }

    void actionableErrorsReadBack()
    {
        QFETCH(RequestError, error);
        const RequestError read = RequestError::fromText(error.text());
        QCOMPARE(read.kind, error.kind);
        QCOMPARE(read.path, error.path);
        QCOMPARE(read.page, error.page);
        QCOMPARE(read.detail, error.detail);
        QCOMPARE(read.limit, error.limit);
        QCOMPARE(read.httpStatus, error.httpStatus);
        QCOMPARE(read.attempts, error.attempts > 1 ? error.attempts : 0);
        QCOMPARE(read.window, error.window);
        QCOMPARE(read.text(), error.text());
    }

    void otherTextIsNotAnError_data()
    {
        QTest::addColumn<QString>("text");
        RequestError parse = errorOf(RequestError::Kind::Parse);
        parse.detail = QStringLiteral("malformed JSON at offset 12");
        QTest::newRow("parse error") << parse.text();
        RequestError ceiling = errorOf(RequestError::Kind::PageCeiling);
        ceiling.limit = 1000;
        QTest::newRow("page ceiling") << ceiling.text();
        RequestError content = errorOf(RequestError::Kind::Content);
        content.httpStatus = 200;
        content.detail = QStringLiteral("decompression bomb");
        QTest::newRow("refused body") << content.text();
        QTest::newRow("database") << QStringLiteral("database error: disk I/O error");
        QTest::newRow("empty") << QString();
    }

    void otherTextIsNotAnError()
    {
        QFETCH(QString, text);
        QCOMPARE(RequestError::fromText(text).kind, RequestError::Kind::None);
    }
};

QTEST_GUILESS_MAIN(TstRequestError)
#include "tst_requesterror.moc"

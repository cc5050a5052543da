// CandleHistory, the chart loader's reads of stored candles, on SQLite (its own C API) and on
// PostgreSQL (QSqlQuery; a throwaway PgTestServer): the rows of one market and period in a range,
// oldest first, with NULL prices kept, handed over one by one (readEach) or as a vector (read).
// Without the PostgreSQL server binaries the test FAILS (KmTest::startPostgres), never skips.
#include "pgtestserver.h"
#include "storage/candlehistory.h"
#include "storage/schema.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

namespace {

bool same(const std::vector<CandlePrice> &a, const std::vector<CandlePrice> &b)
{
    return std::equal(
        a.cbegin(), a.cend(), b.cbegin(), b.cend(), [](const CandlePrice &x, const CandlePrice &y) {
            return x.periodEnd == y.periodEnd && x.close == y.close && x.previous == y.previous
                && x.low == y.low && x.high == y.high;
        });
}

QString describe(const std::vector<CandlePrice> &candles)
{
    QStringList parts;
    const auto value
        = [](const std::optional<qint64> &v) { return v ? QString::number(*v) : QStringLiteral("-"); };
    for (const CandlePrice &c : candles)
        parts << QStringLiteral("%1:%2/%3/%4/%5")
                     .arg(c.periodEnd)
                     .arg(value(c.close), value(c.previous), value(c.low), value(c.high));
    return parts.join(u' ');
}

} // namespace

class TstCandleHistory : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<PgTestServer> m_server;

    // Two markets; market 1 has minutes (some without a trade) and hours, market 2 minutes.
    static QStringList fixture()
    {
        return {
            QStringLiteral(
                "INSERT INTO events(ticker, series_ticker, title, updated_at) VALUES ('E1', 'S1', 'E', 1)"),
            QStringLiteral("INSERT INTO markets(id, ticker, event_ticker, title, status, updated_at) VALUES "
                           "(1, 'KXA-1', 'E1', 'A', 'active', 1), (2, 'KXB-1', 'E1', 'B', 'active', 1)"),
            QStringLiteral(
                "INSERT INTO candles(market_id, period_minutes, period_end, price_close, price_previous, "
                "price_low, price_high) VALUES "
                "(1, 1, 1790000300, 410000, NULL, 400000, 450000), "
                "(1, 1, 1790000060, 420000, NULL, 415000, 425000), "
                "(1, 1, 1790000120, NULL, 420000, NULL, NULL), "
                "(1, 1, 1790000180, 430000, NULL, NULL, NULL), "
                "(1, 60, 1790003600, 440000, NULL, 390000, 460000), "
                "(2, 1, 1790000120, 990000, NULL, 980000, 990000)")};
    }

    void checkReads(const QString &location)
    {
        QString error;
        QVERIFY2(KmTest::execStatements(location, fixture(), &error), qPrintable(error));
        const QString connection = QStringLiteral("tst-candlehistory");
        Schema::ConnectionOptions options;
        options.access = Schema::Access::ReadOnly;
        QVERIFY2(Schema::openConnection(connection, location, options, &error), qPrintable(error));

        const std::vector<CandlePrice> minutes = {{1790000060, 420000, std::nullopt, 415000, 425000},
            {1790000120, std::nullopt, 420000, std::nullopt, std::nullopt},
            {1790000180, 430000, std::nullopt, std::nullopt, std::nullopt},
            {1790000300, 410000, std::nullopt, 400000, 450000}};
        std::vector<CandlePrice> visited;
        const auto collect = [&visited](const CandlePrice &candle) { visited.push_back(candle); };
        QVERIFY2(CandleHistory::readEach(connection, 1, 1, std::numeric_limits<qint64>::min(),
                     std::numeric_limits<qint64>::max(), collect, &error),
            qPrintable(error));
        QVERIFY2(same(visited, minutes), qPrintable(describe(visited)));

        // A range (both ends included), and read() with the same rows as a vector.
        visited.clear();
        QVERIFY2(CandleHistory::readEach(connection, 1, 1, 1790000120, 1790000180, collect, &error),
            qPrintable(error));
        QVERIFY2(same(visited, std::vector<CandlePrice>(minutes.begin() + 1, minutes.begin() + 3)),
            qPrintable(describe(visited)));
        std::vector<CandlePrice> read = {{1, 2, 3, 4, 5}}; // replaced, not appended to
        QVERIFY2(
            CandleHistory::read(connection, 1, 1, &read, &error, 1790000120, 1790000180), qPrintable(error));
        QVERIFY2(same(read, visited), qPrintable(describe(read)));

        // Another period and another market are apart; nothing in a range is no error.
        QVERIFY2(CandleHistory::read(connection, 1, 60, &read, &error), qPrintable(error));
        QVERIFY2(
            same(read, {{1790003600, 440000, std::nullopt, 390000, 460000}}), qPrintable(describe(read)));
        QVERIFY2(CandleHistory::read(connection, 2, 1, &read, &error), qPrintable(error));
        QCOMPARE(read.size(), size_t(1));
        QCOMPARE(read.front().close, std::optional<qint64>(990000));
        visited.clear();
        QVERIFY2(CandleHistory::readEach(connection, 1, 1, 1790000301, 1790009999, collect, &error),
            qPrintable(error));
        QVERIFY(visited.empty());

        std::optional<QPair<qint64, qint64>> span;
        QVERIFY2(CandleHistory::storedSpan(connection, 1, 1, &span, &error), qPrintable(error));
        QVERIFY(span.has_value());
        QCOMPARE(span->first, qint64(1790000060));
        QCOMPARE(span->second, qint64(1790000300));
        QVERIFY2(CandleHistory::storedSpan(connection, 2, 1440, &span, &error), qPrintable(error));
        QVERIFY(!span.has_value());
        Schema::closeConnection(connection);
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        m_server = KmTest::startPostgres();
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        m_server.reset();
    }

    void readsOnSqlite()
    {
        const QString path = m_dir.filePath(QStringLiteral("candles.db"));
        QString error;
        QVERIFY2(
            Schema::openConnection(QStringLiteral("tst-create"), path, Schema::ConnectionOptions(), &error),
            qPrintable(error));
        Schema::closeConnection(QStringLiteral("tst-create"));
        checkReads(path);
    }

    void readsOnPostgres()
    {
        QString error;
        const QString url = m_server->newDatabaseUrl(&error);
        QVERIFY2(!url.isEmpty(), qPrintable(error));
        QVERIFY2(
            Schema::openConnection(QStringLiteral("tst-create"), url, Schema::ConnectionOptions(), &error),
            qPrintable(error));
        Schema::closeConnection(QStringLiteral("tst-create"));
        checkReads(url);
    }
};

KM_TEST_GUILESS_MAIN(TstCandleHistory)
#include "tst_candlehistory.moc"

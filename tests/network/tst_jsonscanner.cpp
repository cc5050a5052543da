// JsonScanner and MarketParser::parseMarketsPage(ListPage) must give exactly what the QJsonDocument
// path gives: the same records, the same skipped reasons, and the scanner must never accept a body
// that Qt reads differently. Edge cases by hand, realistic pages, and random mutations of both.
#include "scannerequivalence.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QTest>

using namespace ScannerEquivalence;

class TstJsonScanner : public QObject
{
    Q_OBJECT

private:
    static void verifySamePath(const QByteArray &body)
    {
        ListPage page;
        if (!scan(body, &page))
            return; // left to QJsonDocument entirely: nothing to compare
        const QString difference = compare(slowParse(body), MarketParser::parseMarketsPage(page));
        QVERIFY2(
            difference.isEmpty(), qPrintable(difference + QStringLiteral("\n  ") + QString::fromUtf8(body)));
    }

    static void verifyScannerAgreesWithQt(const QByteArray &body)
    {
        JsonScanner::ListBody scanned;
        if (!JsonScanner::scanListBody(body, QLatin1String("markets"), &scanned))
            return;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(body, &error);
        QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(),
            qPrintable(QStringLiteral("the scanner accepted what Qt refuses (%1): %2")
                           .arg(error.errorString(), QString::fromUtf8(body))));
        if (scanned.cursor && scanned.cursor->kind == JsonScanner::Kind::String) {
            const std::optional<QString> cursor = JsonScanner::decodeString(QByteArrayView(body).sliced(
                scanned.cursor->begin, scanned.cursor->end - scanned.cursor->begin));
            QVERIFY(cursor.has_value());
            QCOMPARE(*cursor, document.object().value(QLatin1String("cursor")).toString());
        }
    }

private Q_SLOTS:
    void init() { KmTest::failOnForbiddenWarnings(); }

    void edgeCasesParseIdentically()
    {
        int scanned = 0;
        for (const QByteArray &body : edgeCases()) {
            ListPage page;
            scanned += scan(body, &page) ? 1 : 0;
            verifySamePath(body);
            verifyScannerAgreesWithQt(body);
        }
        // Most edge cases must really go through the fast path, or the comparison proves nothing.
        QVERIFY2(scanned > edgeCases().size() / 2, qPrintable(QString::number(scanned)));
    }

    void realisticPageParsesIdentically()
    {
        const QByteArray body = ScannerEquivalence::realisticPage();
        ListPage page;
        QVERIFY(scan(body, &page));
        const MarketParser::ParsedPage parsed = MarketParser::parseMarketsPage(page);
        QCOMPARE(parsed.records.size(), 200);
        QCOMPARE(parsed.records.at(1).yesBid, std::optional<qint64>(1001 * 100)); // "0.1001"
        QCOMPARE(parsed.records.at(7).yesBid, std::optional<qint64>(70000)); // legacy 7 cents
        QCOMPARE(parsed.records.at(7).liquidity, std::optional<qint64>()); // negative legacy: unknown
        QCOMPARE(parsed.records.at(3).volume, std::optional<qint64>(325)); // "3.25"
        verifySamePath(body);
        verifyScannerAgreesWithQt(body);
    }

    void invalidBodiesAreLeftToQt_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("truncated") << ScannerEquivalence::realisticPage().left(5000);
        QTest::newRow("trailing comma") << QByteArray("{\"markets\":[{\"ticker\":\"A\"},],\"cursor\":\"\"}");
        QTest::newRow("single quotes") << QByteArray("{'markets':[]}");
        QTest::newRow("no array") << QByteArray("{\"cursor\":\"x\"}");
        QTest::newRow("bad utf-8") << QByteArray("{\"markets\":[{\"ticker\":\"\xc3\x28\"}],\"cursor\":\"\"}");
        QTest::newRow("lone surrogate")
            << QByteArray("{\"markets\":[{\"ticker\":\"\\ud800\"}],\"cursor\":\"\"}");
        QTest::newRow("garbage after") << QByteArray("{\"markets\":[],\"cursor\":\"\"} x");
    }

    void invalidBodiesAreLeftToQt()
    {
        QFETCH(QByteArray, body);
        JsonScanner::ListBody scanned;
        if (JsonScanner::scanListBody(body, QLatin1String("markets"), &scanned))
            verifyScannerAgreesWithQt(body); // accepted: then Qt must read it the same way
        QJsonParseError error;
        QJsonDocument::fromJson(body, &error);
        if (error.error != QJsonParseError::NoError)
            QVERIFY2(!JsonScanner::scanListBody(body, QLatin1String("markets"), &scanned), body.constData());
    }

    void randomMutationsNeverDisagree()
    {
        const QList<QByteArray> seeds
            = edgeCases() + QList<QByteArray>{ScannerEquivalence::realisticPage().left(3000) + "]}"};
        QRandomGenerator random(20261128);
        int accepted = 0;
        for (int i = 0; i < 8000; ++i) {
            const QByteArray body = mutate(seeds.at(int(random.bounded(seeds.size()))), random);
            JsonScanner::ListBody scanned;
            if (!JsonScanner::scanListBody(body, QLatin1String("markets"), &scanned))
                continue;
            ++accepted;
            verifyScannerAgreesWithQt(body);
            if (QTest::currentTestFailed())
                return;
            verifySamePath(body);
            if (QTest::currentTestFailed())
                return;
        }
        QVERIFY2(accepted > 100, qPrintable(QString::number(accepted)));
    }
};

KM_TEST_GUILESS_MAIN(TstJsonScanner)
#include "tst_jsonscanner.moc"

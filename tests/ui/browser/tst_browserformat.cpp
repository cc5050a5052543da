#include "browser/browserformat.h"
#include "testsupport.h"

#include <QTest>

#include <limits>

// Local time is pinned to a fixed offset without daylight saving (POSIX "JST-9" is UTC+9, needs no
// tz database), so that "local" is visibly different from UTC.
class TstBrowserFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        qputenv("TZ", "JST-9");
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void price_data()
    {
        QTest::addColumn<qint64>("micros");
        QTest::addColumn<bool>("probability");
        QTest::addColumn<QString>("expected");

        // One precision per column: whole cents, rounded half away from zero (exact in the tooltip).
        QTest::newRow("whole cents") << qint64(450000) << false << QStringLiteral("45¢");
        QTest::newRow("sub-penny under one cent") << qint64(1000) << false << QStringLiteral("<1¢");
        QTest::newRow("smallest tick") << qint64(100) << false << QStringLiteral("<1¢");
        QTest::newRow("rounds down") << qint64(452300) << false << QStringLiteral("45¢");
        QTest::newRow("half rounds up") << qint64(455000) << false << QStringLiteral("46¢");
        QTest::newRow("rounds up") << qint64(123456) << false << QStringLiteral("12¢");
        QTest::newRow("just under a dollar") << qint64(999000) << false << QStringLiteral(">99¢");
        QTest::newRow("one dollar") << qint64(1000000) << false << QStringLiteral("100¢");
        QTest::newRow("zero") << qint64(0) << false << QStringLiteral("0¢");
        QTest::newRow("negative") << qint64(-15000) << false << QStringLiteral("-2¢");
        QTest::newRow("grouped") << qint64(123456780000) << false << QStringLiteral("12,345,678¢");
        QTest::newRow("probability") << qint64(450000) << true << QStringLiteral("45%");
        QTest::newRow("probability sub-penny") << qint64(1000) << true << QStringLiteral("<1%");
        QTest::newRow("probability certain") << qint64(1000000) << true << QStringLiteral("100%");
    }

    void price()
    {
        QFETCH(qint64, micros);
        QFETCH(bool, probability);
        QFETCH(QString, expected);
        const auto format
            = probability ? BrowserFormat::PriceFormat::Probability : BrowserFormat::PriceFormat::Cents;
        QCOMPARE(BrowserFormat::price(micros, format), expected);
    }

    void priceFollowsLocale()
    {
        const QLocale german(QLocale::German, QLocale::Germany);
        QCOMPARE(BrowserFormat::price(123456780000, BrowserFormat::PriceFormat::Cents, german),
            QStringLiteral("12.345.678¢"));
        QCOMPARE(BrowserFormat::contracts(123456789, german), QStringLiteral("1.234.567,89"));
    }

    void contracts_data()
    {
        QTest::addColumn<qint64>("centi");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("toolTip");

        QTest::newRow("fractional") << qint64(387756) << QStringLiteral("3,877.56")
                                    << QStringLiteral("3,877.56 contracts (387,756 centi-contracts)");
        QTest::newRow("trailing zero kept") << qint64(387750) << QStringLiteral("3,877.50")
                                            << QStringLiteral("3,877.50 contracts (387,750 centi-contracts)");
        QTest::newRow("whole") << qint64(387700) << QStringLiteral("3,877")
                               << QStringLiteral("3,877.00 contracts (387,700 centi-contracts)");
        QTest::newRow("hundredth") << qint64(5) << QStringLiteral("0.05")
                                   << QStringLiteral("0.05 contracts (5 centi-contracts)");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0")
                              << QStringLiteral("0.00 contracts (0 centi-contracts)");
        QTest::newRow("large") << qint64(123456789012) << QStringLiteral("1,234,567,890.12")
                               << QStringLiteral(
                                      "1,234,567,890.12 contracts (123,456,789,012 centi-contracts)");
    }

    void contracts()
    {
        QFETCH(qint64, centi);
        QFETCH(QString, expected);
        QFETCH(QString, toolTip);
        QCOMPARE(BrowserFormat::contracts(centi), expected);
        QCOMPARE(BrowserFormat::contractsToolTip(centi), toolTip);
    }

    void priceToolTipShowsExactDollars()
    {
        QCOMPARE(BrowserFormat::priceToolTip(452300), QStringLiteral("$0.4523 (452,300 micro-dollars)"));
        QCOMPARE(BrowserFormat::priceToolTip(450000), QStringLiteral("$0.4500 (450,000 micro-dollars)"));
        QCOMPARE(BrowserFormat::priceToolTip(123456), QStringLiteral("$0.123456 (123,456 micro-dollars)"));
        QCOMPARE(BrowserFormat::priceToolTip(1000000), QStringLiteral("$1.0000 (1,000,000 micro-dollars)"));
    }

    void mostNegativeValueHasAMagnitude()
    {
        QCOMPARE(BrowserFormat::scaledDecimal(std::numeric_limits<qint64>::min(), 2, 0, true),
            QStringLiteral("-92,233,720,368,547,758.08"));
    }

    void dateTime_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("toolTip");

        QTest::newRow("epoch") << qint64(0) << QStringLiteral("1970-01-01 09:00")
                               << QStringLiteral(
                                      "1970-01-01 09:00:00 local time\n1970-01-01 00:00:00 UTC\nUnix time 0");
        QTest::newRow("2026") << qint64(1773320733) << QStringLiteral("2026-03-12 22:05")
                              << QStringLiteral("2026-03-12 22:05:33 local time\n2026-03-12 13:05:33 UTC\n"
                                                "Unix time 1773320733");
    }

    void dateTime()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, expected);
        QFETCH(QString, toolTip);
        QCOMPARE(BrowserFormat::dateTime(seconds), expected);
        QCOMPARE(BrowserFormat::dateTimeToolTip(seconds), toolTip);
    }

    void statusWords_data()
    {
        QTest::addColumn<QString>("stored");
        QTest::addColumn<QString>("shown");

        QTest::newRow("active") << QStringLiteral("active") << QStringLiteral("Open");
        QTest::newRow("initialized") << QStringLiteral("initialized") << QStringLiteral("Unopened");
        QTest::newRow("inactive") << QStringLiteral("inactive") << QStringLiteral("Paused");
        QTest::newRow("closed") << QStringLiteral("closed") << QStringLiteral("Closed");
        QTest::newRow("determined") << QStringLiteral("determined") << QStringLiteral("Determined");
        QTest::newRow("finalized") << QStringLiteral("finalized") << QStringLiteral("Settled");
        QTest::newRow("unknown kept") << QStringLiteral("halted") << QStringLiteral("halted");
    }

    void statusWords()
    {
        QFETCH(QString, stored);
        QFETCH(QString, shown);
        QCOMPARE(BrowserFormat::marketStatus(stored), shown);
    }

    void missingIsADash() { QCOMPARE(BrowserFormat::missing(), QString(QChar(0x2014))); }
};

KM_TEST_GUILESS_MAIN(TstBrowserFormat)
#include "tst_browserformat.moc"

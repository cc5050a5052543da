#include "fixedpoint.h"
#include "testsupport.h"

#include <QTest>

#include <limits>

class TstFixedPoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { KmTest::failOnForbiddenWarnings(); }

    void dollars_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("micros");

        QTest::newRow("sub-penny") << QStringLiteral("0.0010") << true << qint64(1000);
        QTest::newRow("one dollar") << QStringLiteral("1.0000") << true << qint64(1000000);
        QTest::newRow("4 decimals") << QStringLiteral("0.4523") << true << qint64(452300);
        QTest::newRow("typical") << QStringLiteral("0.4500") << true << qint64(450000);
        QTest::newRow("large") << QStringLiteral("12345.6700") << true << qint64(12345670000);
        QTest::newRow("zero") << QStringLiteral("0.00") << true << qint64(0);
        QTest::newRow("no fraction") << QStringLiteral("3") << true << qint64(3000000);
        QTest::newRow("trailing zeros past scale") << QStringLiteral("0.45000000") << true << qint64(450000);
        QTest::newRow("6 decimals exact") << QStringLiteral("0.123456") << true << qint64(123456);
        QTest::newRow("negative") << QStringLiteral("-0.0100") << true << qint64(-10000);
        QTest::newRow("surrounding space") << QStringLiteral(" 0.5 ") << true << qint64(500000);
        QTest::newRow("7 significant decimals") << QStringLiteral("0.1234567") << false << qint64(0);
        QTest::newRow("empty") << QString() << false << qint64(0);
        QTest::newRow("letters") << QStringLiteral("abc") << false << qint64(0);
        QTest::newRow("two points") << QStringLiteral("0.45.1") << false << qint64(0);
        QTest::newRow("lone point") << QStringLiteral(".") << false << qint64(0);
        QTest::newRow("trailing point") << QStringLiteral("1.") << false << qint64(0);
        QTest::newRow("exponent") << QStringLiteral("1e3") << false << qint64(0);
        QTest::newRow("comma") << QStringLiteral("0,45") << false << qint64(0);
        QTest::newRow("sign only") << QStringLiteral("-") << false << qint64(0);
        QTest::newRow("overflow") << QStringLiteral("99999999999999999999") << false << qint64(0);
        QTest::newRow("inner space") << QStringLiteral("0. 45") << false << qint64(0);
        // Issue 12: one past qint64's largest value once scaled; stored as -9223372036854775807 before.
        QTest::newRow("overflow by the last digit")
            << QStringLiteral("9223372036854.775809") << false << qint64(0);
        QTest::newRow("overflow by one") << QStringLiteral("9223372036854.775808") << false << qint64(0);
        QTest::newRow("largest") << QStringLiteral("9223372036854.775807") << true
                                 << std::numeric_limits<qint64>::max();
        QTest::newRow("negative largest")
            << QStringLiteral("-9223372036854.775807") << true << -std::numeric_limits<qint64>::max();
        QTest::newRow("overflow by scaling") << QStringLiteral("9223372036855") << false << qint64(0);
    }

    void dollars()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(qint64, micros);
        const std::optional<qint64> parsed = FixedPoint::dollarsToMicros(text);
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(*parsed, micros);
    }

    void contracts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("centi");

        QTest::newRow("fractional") << QStringLiteral("3877.56") << true << qint64(387756);
        QTest::newRow("zero") << QStringLiteral("0.00") << true << qint64(0);
        QTest::newRow("whole") << QStringLiteral("3877") << true << qint64(387700);
        QTest::newRow("one decimal") << QStringLiteral("12.5") << true << qint64(1250);
        QTest::newRow("large") << QStringLiteral("12345.67") << true << qint64(1234567);
        QTest::newRow("three decimals") << QStringLiteral("1.234") << false << qint64(0);
        QTest::newRow("garbage") << QStringLiteral("12x") << false << qint64(0);
        QTest::newRow("overflow by the last digit")
            << QStringLiteral("92233720368547758.09") << false << qint64(0);
        QTest::newRow("largest") << QStringLiteral("92233720368547758.07") << true
                                 << std::numeric_limits<qint64>::max();
    }

    void contracts()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(qint64, centi);
        const std::optional<qint64> parsed = FixedPoint::contractsToCenti(text);
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(*parsed, centi);
    }

    void legacyUnits()
    {
        QCOMPARE(FixedPoint::centsToMicros(45), qint64(450000));
        QCOMPARE(FixedPoint::centsToMicros(100), qint64(1000000));
        QCOMPARE(FixedPoint::wholeContractsToCenti(3877), qint64(387700));
    }
};

KM_TEST_GUILESS_MAIN(TstFixedPoint)
#include "tst_fixedpoint.moc"

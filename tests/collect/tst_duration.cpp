#include "collect/duration.h"
#include "testsupport.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TstDuration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { KmTest::failOnForbiddenWarnings(); }

    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("ms");

        QTest::newRow("bare number is minutes") << u"15"_s << true << qint64(900000);
        QTest::newRow("minutes") << u"15m"_s << true << qint64(900000);
        QTest::newRow("seconds") << u"20s"_s << true << qint64(20000);
        QTest::newRow("hours") << u"6h"_s << true << qint64(21600000);
        QTest::newRow("one second") << u"1s"_s << true << qint64(1000);
        QTest::newRow("milliseconds") << u"1500ms"_s << true << qint64(1500);
        QTest::newRow("leading zero") << u"05m"_s << true << qint64(300000);
        QTest::newRow("surrounding space") << u" 60m "_s << true << qint64(3600000);
        QTest::newRow("one year in hours") << u"8784h"_s << true << Duration::maxMs;
        QTest::newRow("zero") << u"0"_s << false << qint64(0);
        QTest::newRow("zero seconds") << u"0s"_s << false << qint64(0);
        QTest::newRow("zeros") << u"000h"_s << false << qint64(0);
        QTest::newRow("negative") << u"-5"_s << false << qint64(0);
        QTest::newRow("negative minutes") << u"-5m"_s << false << qint64(0);
        QTest::newRow("plus sign") << u"+5m"_s << false << qint64(0);
        QTest::newRow("empty") << QString() << false << qint64(0);
        QTest::newRow("blank") << u"   "_s << false << qint64(0);
        QTest::newRow("unknown unit") << u"5x"_s << false << qint64(0);
        QTest::newRow("days") << u"1d"_s << false << qint64(0);
        QTest::newRow("upper case unit") << u"5M"_s << false << qint64(0);
        QTest::newRow("unit only") << u"m"_s << false << qint64(0);
        QTest::newRow("unit twice") << u"5mm"_s << false << qint64(0);
        QTest::newRow("inner space") << u"5 m"_s << false << qint64(0);
        QTest::newRow("fraction") << u"1.5h"_s << false << qint64(0);
        QTest::newRow("above a year") << u"8785h"_s << false << qint64(0);
        QTest::newRow("overflow minutes") << u"99999999999999999999"_s << false << qint64(0);
        QTest::newRow("overflow hours") << u"9223372036854775807h"_s << false << qint64(0);
        QTest::newRow("overflow ms") << u"99999999999999999999999ms"_s << false << qint64(0);
    }

    void parseAge_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("secs");

        QTest::newRow("days") << u"30d"_s << true << qint64(30 * 86400);
        QTest::newRow("hours") << u"12h"_s << true << qint64(12 * 3600);
        QTest::newRow("minutes") << u"90m"_s << true << qint64(90 * 60);
        QTest::newRow("weeks") << u"2w"_s << true << qint64(14 * 86400);
        QTest::newRow("surrounding space") << u" 7d "_s << true << qint64(7 * 86400);
        QTest::newRow("six digits") << u"999999w"_s << true << qint64(999999) * 7 * 86400;
        QTest::newRow("seven digits") << u"1000000w"_s << false << qint64(0);
        QTest::newRow("bare number") << u"30"_s << false << qint64(0);
        QTest::newRow("zero") << u"0d"_s << false << qint64(0);
        QTest::newRow("seconds") << u"30s"_s << false << qint64(0);
        QTest::newRow("negative") << u"-3d"_s << false << qint64(0);
        QTest::newRow("unknown unit") << u"3x"_s << false << qint64(0);
        QTest::newRow("unit only") << u"d"_s << false << qint64(0);
        QTest::newRow("fraction") << u"1.5d"_s << false << qint64(0);
        QTest::newRow("empty") << QString() << false << qint64(0);
    }

    void parseAge()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(qint64, secs);
        const std::optional<qint64> parsed = Duration::parseAgeSecs(text);
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(*parsed, secs);
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(qint64, ms);
        const std::optional<qint64> parsed = Duration::parseMs(text);
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(*parsed, ms);
    }

    void format_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");

        QTest::newRow("15 minutes") << qint64(900000) << u"15m"_s;
        QTest::newRow("6 hours") << qint64(21600000) << u"6h"_s;
        QTest::newRow("60 minutes is 1h") << qint64(3600000) << u"1h"_s;
        QTest::newRow("90 minutes") << qint64(5400000) << u"90m"_s;
        QTest::newRow("20 seconds") << qint64(20000) << u"20s"_s;
        QTest::newRow("90 seconds") << qint64(90000) << u"90s"_s;
        QTest::newRow("sub-second") << qint64(1500) << u"1500ms"_s;
        QTest::newRow("zero") << qint64(0) << QString();
        QTest::newRow("negative") << qint64(-60000) << QString();
    }

    void format()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(Duration::format(ms), text);
        if (ms > 0)
            QCOMPARE(Duration::parseMs(text), std::optional<qint64>(ms));
    }
};

KM_TEST_GUILESS_MAIN(TstDuration)
#include "tst_duration.moc"

// The byte-level text of export rows (ExportEncoding) and the times export accepts
// (ExportRequest::parseTime): every written value parses back to the integer it came from.
#include "export/exportencoding.h"
#include "export/exportrequest.h"
#include "fixedpoint.h"
#include "testsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <limits>

namespace {

QByteArray integerText(qint64 value)
{
    char buffer[ExportEncoding::integerMaxBytes];
    return QByteArray(buffer, ExportEncoding::writeInteger(buffer, value) - buffer);
}

QByteArray scaledText(qint64 value, int scale, int minFraction)
{
    char buffer[ExportEncoding::decimalMaxBytes];
    const char *end = ExportEncoding::writeScaled(buffer, value, scale, minFraction);
    [&] { QVERIFY(end - buffer <= ExportEncoding::decimalMaxBytes); }();
    return QByteArray(buffer, end - buffer);
}

QByteArray timeText(qint64 seconds)
{
    char buffer[ExportEncoding::timeMaxBytes];
    return QByteArray(buffer, ExportEncoding::writeTime(buffer, seconds) - buffer);
}

QByteArray csvText(const QByteArray &utf8)
{
    QByteArray buffer(ExportEncoding::csvFieldMaxBytes(utf8.size()), Qt::Uninitialized);
    return buffer.left(ExportEncoding::writeCsvField(buffer.data(), utf8) - buffer.constData());
}

QByteArray jsonText(const QByteArray &utf8)
{
    QByteArray buffer(ExportEncoding::jsonStringMaxBytes(utf8.size()), Qt::Uninitialized);
    return buffer.left(ExportEncoding::writeJsonString(buffer.data(), utf8) - buffer.constData());
}

} // namespace

class TstExportEncoding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { KmTest::failOnForbiddenWarnings(); }

    void integers()
    {
        for (const qint64 value : {qint64(0), qint64(7), qint64(-7), qint64(450000), qint64(1000000),
                 std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::min()})
            QCOMPARE(integerText(value), QByteArray::number(value));
    }

    void scaled_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<int>("scale");
        QTest::addColumn<int>("minFraction");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("price") << qint64(450000) << 6 << 4 << QByteArray("0.4500");
        QTest::newRow("sub-cent price") << qint64(450100) << 6 << 4 << QByteArray("0.4501");
        QTest::newRow("micro price") << qint64(450001) << 6 << 4 << QByteArray("0.450001");
        QTest::newRow("five decimals") << qint64(450010) << 6 << 4 << QByteArray("0.45001");
        QTest::newRow("one dollar") << qint64(1000000) << 6 << 4 << QByteArray("1.0000");
        QTest::newRow("zero price") << qint64(0) << 6 << 4 << QByteArray("0.0000");
        QTest::newRow("negative price") << qint64(-10000) << 6 << 4 << QByteArray("-0.0100");
        QTest::newRow("whole contracts") << qint64(387700) << 2 << 0 << QByteArray("3877");
        QTest::newRow("centi contracts") << qint64(387756) << 2 << 0 << QByteArray("3877.56");
        QTest::newRow("tenth contracts") << qint64(150) << 2 << 0 << QByteArray("1.5");
        QTest::newRow("zero contracts") << qint64(0) << 2 << 0 << QByteArray("0");
        QTest::newRow("min qint64") << std::numeric_limits<qint64>::min() << 6 << 4
                                    << QByteArray("-9223372036854.775808");
        QTest::newRow("max qint64") << std::numeric_limits<qint64>::max() << 2 << 0
                                    << QByteArray("92233720368547758.07");
    }
    void scaled()
    {
        QFETCH(qint64, value);
        QFETCH(int, scale);
        QFETCH(int, minFraction);
        QFETCH(QByteArray, text);
        QCOMPARE(scaledText(value, scale, minFraction), text);
    }

    void scaledParsesBackExactly()
    {
        QRandomGenerator random(16);
        for (int i = 0; i < 100000; ++i) {
            const qint64 value = qint64(random.generate64() >> (i % 60)) * (i % 2 ? 1 : -1);
            for (const int scale : {2, 6}) {
                const QByteArray text = scaledText(value, scale, scale == 6 ? 4 : 0);
                QCOMPARE(
                    FixedPoint::parseScaled(QString::fromLatin1(text), scale), std::optional<qint64>(value));
            }
        }
    }

    void timesAreRfc3339Utc()
    {
        QCOMPARE(timeText(0), QByteArray("1970-01-01T00:00:00Z"));
        QCOMPARE(timeText(1790000000), QByteArray("2026-09-21T14:13:20Z"));
        QCOMPARE(timeText(951782400), QByteArray("2000-02-29T00:00:00Z"));
        QCOMPARE(timeText(-1), QByteArray("1969-12-31T23:59:59Z"));
        QCOMPARE(timeText(253402300799), QByteArray("9999-12-31T23:59:59Z"));
        QCOMPARE(timeText(253402300800), QByteArray("253402300800"));
        QRandomGenerator random(1970);
        for (int i = 0; i < 100000; ++i) {
            // From 1900 on: QDate has no year 0, so earlier years would compare two calendars.
            const qint64 seconds = qint64(random.bounded(quint64(253402300799 + 2208988800))) - 2208988800;
            const QByteArray text = timeText(seconds);
            const QDateTime parsed = QDateTime::fromString(QString::fromLatin1(text), Qt::ISODate);
            QVERIFY2(parsed.isValid() && parsed.toSecsSinceEpoch() == seconds, text.constData());
            QCOMPARE(text, QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate).toLatin1());
        }
    }

    void csvFields_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("field");
        QTest::newRow("plain") << QByteArray("KXHIGHNY-26DEC01-B45") << QByteArray("KXHIGHNY-26DEC01-B45");
        QTest::newRow("empty stays apart from NULL") << QByteArray("") << QByteArray("\"\"");
        QTest::newRow("comma") << QByteArray("Above 5, below 7") << QByteArray("\"Above 5, below 7\"");
        QTest::newRow("quotes doubled") << QByteArray("the \"best\"") << QByteArray("\"the \"\"best\"\"\"");
        QTest::newRow("newline") << QByteArray("two\nlines") << QByteArray("\"two\nlines\"");
        QTest::newRow("carriage return") << QByteArray("a\rb") << QByteArray("\"a\rb\"");
        QTest::newRow("spaces kept unquoted") << QByteArray(" x ") << QByteArray(" x ");
        QTest::newRow("utf-8 kept") << QByteArray("Zürich ≥ 5°") << QByteArray("Zürich ≥ 5°");
    }
    void csvFields()
    {
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, field);
        QCOMPARE(csvText(value), field);
    }

    void jsonStringsParseBack()
    {
        QByteArray all;
        for (int c = 1; c < 0x80; ++c)
            all += char(c);
        for (const QByteArray &value :
            {QByteArray(""), QByteArray("plain"), QByteArray("a \"quoted\" \\ back"),
                QByteArray("tab\there\nnew\rline"), all, QByteArray("Zürich ≥ 5°")}) {
            const QByteArray document = '[' + jsonText(value) + ']';
            QJsonParseError error;
            const QJsonArray parsed = QJsonDocument::fromJson(document, &error).array();
            QVERIFY2(error.error == QJsonParseError::NoError, document.constData());
            QCOMPARE(parsed.at(0).toString(), QString::fromUtf8(value));
        }
    }

    void times_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds"); // -1: refused
        const qint64 now = 1790000000;
        QTest::newRow("days ago") << "7d" << now - 7 * 86400;
        QTest::newRow("hours ago") << "12h" << now - 12 * 3600;
        QTest::newRow("minutes ago") << "30m" << now - 30 * 60;
        QTest::newRow("weeks ago") << "2w" << now - 14 * 86400;
        QTest::newRow("date") << "2026-11-01" << qint64(1793491200);
        QTest::newRow("date-time Z") << "2026-11-01T12:30:45Z" << qint64(1793491200 + 45045);
        QTest::newRow("date-time without seconds") << "2026-11-01T12:30" << qint64(1793491200 + 45000);
        QTest::newRow("space separator") << "2026-11-01 12:30:45" << qint64(1793491200 + 45045);
        QTest::newRow("offset") << "2026-11-01T12:30:45+02:00" << qint64(1793491200 + 45045 - 7200);
        QTest::newRow("negative offset") << "2026-11-01T12:30:45-05:30" << qint64(1793491200 + 45045 + 19800);
        QTest::newRow("no unit") << "7" << qint64(-1);
        QTest::newRow("seconds unit") << "30s" << qint64(-1);
        QTest::newRow("negative") << "-7d" << qint64(-1);
        QTest::newRow("february 30") << "2026-02-30" << qint64(-1);
        QTest::newRow("hour 24") << "2026-11-01T24:00" << qint64(-1);
        QTest::newRow("offset hour 24") << "2026-11-01T12:00+24:00" << qint64(-1);
        QTest::newRow("words") << "yesterday" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("short year") << "26-11-01" << qint64(-1);
    }
    void times()
    {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const std::optional<qint64> parsed = ExportRequest::parseTime(text, 1790000000);
        QCOMPARE(parsed, seconds < 0 ? std::nullopt : std::optional<qint64>(seconds));
    }
};

KM_TEST_GUILESS_MAIN(TstExportEncoding)
#include "tst_exportencoding.moc"

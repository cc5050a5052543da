#include "jsonwriter.h"
#include "testsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TstJsonWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { KmTest::failOnForbiddenWarnings(); }

    void fixed_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<int>("decimals");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("price") << qint64(4500) << 4 << QByteArray("0.4500");
        QTest::newRow("sub-penny") << qint64(10) << 4 << QByteArray("0.0010");
        QTest::newRow("one dollar") << qint64(10000) << 4 << QByteArray("1.0000");
        QTest::newRow("zero") << qint64(0) << 4 << QByteArray("0.0000");
        QTest::newRow("fractional count") << qint64(387756) << 2 << QByteArray("3877.56");
        QTest::newRow("whole count") << qint64(387700) << 2 << QByteArray("3877.00");
        QTest::newRow("negative") << qint64(-105) << 2 << QByteArray("-1.05");
        QTest::newRow("no decimals") << qint64(42) << 0 << QByteArray("42");
    }

    void fixed()
    {
        QFETCH(qint64, value);
        QFETCH(int, decimals);
        QFETCH(QByteArray, expected);
        QByteArray out;
        JsonWriter::appendFixed(out, value, decimals);
        QCOMPARE(out, expected);
    }

    void integers()
    {
        for (const qint64 value :
            {qint64(0), qint64(7), qint64(-7), qint64(1234567890123), qint64(-9223372036854775807LL - 1)}) {
            QByteArray out;
            JsonWriter::appendInteger(out, value);
            QCOMPARE(out, QByteArray::number(value));
        }
    }

    void timesMatchQDateTime()
    {
        // Every day over several leap and non-leap years, at varying times of day, and before 1970.
        for (qint64 t = -86400LL * 400 - 1; t < 86400LL * 365 * 60; t += 86400 * 3 + 3607) {
            QByteArray out;
            JsonWriter::appendRfc3339(out, t);
            const QString expected = QDateTime::fromSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODate);
            QCOMPARE(QString::fromLatin1(out), expected);
        }
    }

    void nestingAndEscaping()
    {
        QByteArray out;
        JsonWriter w(out);
        w.beginObject();
        w.key("a");
        w.beginArray();
        w.integer(1);
        w.boolean(true);
        w.null();
        w.beginObject();
        w.endObject();
        w.string("q\"b\\s\n\x01");
        w.endArray();
        w.key("he said \"hi\"");
        w.fixed(4500, 4);
        w.key("raw");
        w.rawValue();
        out.append("{\"x\":[]}");
        w.key("t");
        w.time(0);
        w.endObject();

        QJsonParseError error;
        const QJsonObject object = QJsonDocument::fromJson(out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray array = object.value(u"a").toArray();
        QCOMPARE(array.size(), 5);
        QCOMPARE(array[0].toInt(), 1);
        QCOMPARE(array[1].toBool(), true);
        QVERIFY(array[2].isNull());
        QVERIFY(array[3].isObject());
        QCOMPARE(array[4].toString(), QStringLiteral("q\"b\\s\n\x01"));
        QCOMPARE(object.value(u"he said \"hi\"").toString(), QStringLiteral("0.4500"));
        QVERIFY(object.value(u"raw").toObject().value(u"x").isArray());
        QCOMPARE(object.value(u"t").toString(), QStringLiteral("1970-01-01T00:00:00Z"));
    }
};

KM_TEST_GUILESS_MAIN(TstJsonWriter)
#include "tst_jsonwriter.moc"

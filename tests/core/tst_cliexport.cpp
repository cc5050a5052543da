// kalshi-monitor-cli export as a real process: every table round-trips (the CSV or JSON Lines parsed
// back equals the database, in micro-dollars/centi-contracts and in dollars/contracts), the filters
// select the right rows, malformed arguments exit 2, stdout and files get the same bytes, and the
// database is only read: a missing file is an error and a held write lock does not stop an export.
// The same fixture copied to a throwaway PostgreSQL server exports the same bytes there.
#include "databasefolder.h"
#include "fixedpoint.h"
#include "pgtestserver.h"
#include "testsupport.h"
#include "writelock.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

namespace {

constexpr qint64 firstTime = 1790000000; // 2026-09-21T14:13:20Z

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// The test's own reading of the schema's units (README "Database"), independent of the exporter.
enum class Unit { Text, Time, Price, Count, Flag };

Unit unitOf(const QString &column)
{
    static const QStringList prices = {QStringLiteral("yes_bid"), QStringLiteral("yes_ask"),
        QStringLiteral("no_bid"), QStringLiteral("no_ask"), QStringLiteral("last_price"),
        QStringLiteral("liquidity"), QStringLiteral("settlement_value")};
    static const QStringList counts
        = {QStringLiteral("volume"), QStringLiteral("volume_24h"), QStringLiteral("open_interest")};
    static const QStringList times = {QStringLiteral("snapshot_time"), QStringLiteral("open_time"),
        QStringLiteral("close_time"), QStringLiteral("expiration_time"), QStringLiteral("settlement_ts"),
        QStringLiteral("updated_at"), QStringLiteral("settled_at")};
    static const QStringList flags = {QStringLiteral("mutually_exclusive"), QStringLiteral("is_placeholder")};
    return prices.contains(column) ? Unit::Price
        : counts.contains(column)  ? Unit::Count
        : times.contains(column)   ? Unit::Time
        : flags.contains(column)   ? Unit::Flag
                                   : Unit::Text;
}

// One value as text that compares exactly: "null", "i:<integer>" or "s:<text>".
QString canonical(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("null");
    if (value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int)
        return QStringLiteral("i:") + QString::number(value.toLongLong());
    return QStringLiteral("s:") + value.toString();
}

using Field = std::optional<QString>; // std::nullopt is NULL

// An exported value back in the database's units, canonical; "bad:..." when the text is not what
// the unit allows.
QString fromExported(const QString &column, const Field &field, bool dollars)
{
    if (!field)
        return QStringLiteral("null");
    const QString &text = *field;
    static const QRegularExpression integer(QStringLiteral("^-?\\d+$"));
    static const QRegularExpression rfc3339(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$"));
    const QString bad = QStringLiteral("bad:") + text;
    switch (unitOf(column)) {
    case Unit::Text:
        return QStringLiteral("s:") + text;
    case Unit::Time: {
        if (!rfc3339.match(text).hasMatch())
            return bad;
        return QStringLiteral("i:")
            + QString::number(QDateTime::fromString(text, Qt::ISODate).toSecsSinceEpoch());
    }
    case Unit::Price:
    case Unit::Count: {
        if (!dollars) {
            return integer.match(text).hasMatch() ? QStringLiteral("i:") + text : bad;
        }
        const int scale = unitOf(column) == Unit::Price ? 6 : 2;
        // Prices keep the API's four decimals at least.
        if (scale == 6 && !QRegularExpression(QStringLiteral("^-?\\d+\\.\\d{4,6}$")).match(text).hasMatch())
            return bad;
        const std::optional<qint64> value = FixedPoint::parseScaled(text, scale);
        return value ? QStringLiteral("i:") + QString::number(*value) : bad;
    }
    case Unit::Flag:
        return text == QStringLiteral("true") ? QStringLiteral("i:1")
            : text == QStringLiteral("false") ? QStringLiteral("i:0")
                                              : bad;
    }
    return bad;
}

// RFC 4180 records; an unquoted empty field is NULL, a quoted one the empty text.
QList<QList<Field>> parseCsv(const QByteArray &bytes, QString *error)
{
    QList<QList<Field>> records;
    QList<Field> record;
    QByteArray field;
    bool quoted = false;
    qsizetype i = 0;
    const auto endField = [&] {
        record.append(quoted || !field.isEmpty() ? Field(QString::fromUtf8(field)) : std::nullopt);
        field.clear();
        quoted = false;
    };
    while (i < bytes.size()) {
        const char c = bytes.at(i);
        if (field.isEmpty() && !quoted && c == '"') {
            quoted = true;
            ++i;
            while (true) {
                if (i >= bytes.size()) {
                    *error = QStringLiteral("unterminated quoted field");
                    return {};
                }
                if (bytes.at(i) == '"') {
                    if (i + 1 < bytes.size() && bytes.at(i + 1) == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += bytes.at(i++);
            }
            if (i < bytes.size() && bytes.at(i) != ',' && bytes.at(i) != '\r') {
                *error = QStringLiteral("text after a closing quote at byte %1").arg(i);
                return {};
            }
            continue;
        }
        if (c == ',') {
            endField();
            ++i;
        } else if (c == '\r') {
            if (i + 1 >= bytes.size() || bytes.at(i + 1) != '\n') {
                *error = QStringLiteral("a record does not end with CRLF at byte %1").arg(i);
                return {};
            }
            endField();
            records.append(record);
            record.clear();
            i += 2;
        } else if (c == '"' || c == '\n') {
            *error = QStringLiteral("unquoted quote or LF at byte %1").arg(i);
            return {};
        } else {
            field += c;
            ++i;
        }
    }
    if (!record.isEmpty() || !field.isEmpty())
        *error = QStringLiteral("the last record does not end with CRLF");
    return records;
}

struct Parsed
{
    QStringList header;
    QStringList rows; // canonical values joined by U+001F, sorted
    QString error;
};

Parsed parseExport(const QByteArray &bytes, bool jsonl, bool dollars)
{
    Parsed parsed;
    if (!jsonl) {
        const QList<QList<Field>> records = parseCsv(bytes, &parsed.error);
        if (records.isEmpty()) {
            parsed.error += QStringLiteral(" (no header)");
            return parsed;
        }
        for (const Field &name : records.first())
            parsed.header.append(name.value_or(QString()));
        for (qsizetype r = 1; r < records.size(); ++r) {
            const QList<Field> &record = records.at(r);
            if (record.size() != parsed.header.size()) {
                parsed.error = QStringLiteral("record %1 has %2 fields").arg(r).arg(record.size());
                return parsed;
            }
            QStringList values;
            for (qsizetype c = 0; c < record.size(); ++c)
                values.append(fromExported(parsed.header.at(c), record.at(c), dollars));
            parsed.rows.append(values.join(QChar(0x1f)));
        }
    } else {
        if (!bytes.isEmpty() && !bytes.endsWith('\n'))
            parsed.error = QStringLiteral("the last line does not end with LF");
        static const QRegularExpression key(QStringLiteral("[{,]\"([a-z_0-9]+)\":"));
        for (const QByteArray &line : bytes.split('\n')) {
            if (line.isEmpty())
                continue;
            QJsonParseError error;
            const QJsonObject object = QJsonDocument::fromJson(line, &error).object();
            if (error.error != QJsonParseError::NoError) {
                parsed.error = error.errorString() + QStringLiteral(" in ") + QString::fromUtf8(line);
                return parsed;
            }
            // The keys in the order the line gives them (QJsonObject sorts its keys).
            QStringList names;
            const QString text = QString::fromUtf8(line);
            for (QRegularExpressionMatchIterator it = key.globalMatch(text); it.hasNext();)
                names.append(it.next().captured(1));
            names = names.mid(0, object.size());
            if (parsed.header.isEmpty())
                parsed.header = names;
            if (names != parsed.header || object.keys().size() != names.size()) {
                parsed.error = QStringLiteral("keys differ from the first line's in ") + text;
                return parsed;
            }
            QStringList values;
            for (const QString &name : std::as_const(names)) {
                const QJsonValue value = object.value(name);
                Field exported;
                if (value.isString()) {
                    exported = value.toString();
                    if (unitOf(name) != Unit::Text && unitOf(name) != Unit::Time)
                        exported = QStringLiteral("\x01string");
                } else if (value.isBool()) {
                    exported = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
                } else if (value.isDouble()) {
                    // The number's own text, not the double it parses to.
                    const QRegularExpression raw(QStringLiteral("\"%1\":(-?[0-9.]+)[,}]").arg(name));
                    exported = raw.match(text).captured(1);
                    if (unitOf(name) == Unit::Text || unitOf(name) == Unit::Time)
                        exported = QStringLiteral("\x01number");
                }
                values.append(fromExported(name, exported, dollars));
            }
            parsed.rows.append(values.join(QChar(0x1f)));
        }
    }
    parsed.rows.sort();
    return parsed;
}

} // namespace

class TstCliExport : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("cliexport")};
    QString m_cli;
    QString m_database; // the fixture, filled once
    qint64 m_recentTime = 0;
    std::unique_ptr<PgTestServer> m_server; // started by the first test that needs it
    QString m_serverCopy; // the fixture copied there

    // The fixture, copied once by kalshi-monitor-cli copy into a new PostgreSQL database.
    QString serverCopy()
    {
        if (!m_serverCopy.isEmpty())
            return m_serverCopy;
        if (!m_server)
            m_server = KmTest::startPostgres();
        const QString url = m_server->newDatabaseUrlOrAbort();
        QProcess process;
        process.start(m_cli,
            {QStringLiteral("copy"), QStringLiteral("--from"), m_database, QStringLiteral("--to"), url});
        if (!process.waitForFinished(120000) || process.exitCode() != 0)
            qFatal("copy to PostgreSQL failed: %s", process.readAllStandardError().constData());
        m_serverCopy = url;
        return url;
    }

    Run run(const QStringList &arguments, const QString &database = QString())
    {
        QProcess process;
        process.start(m_cli,
            arguments + QStringList{QStringLiteral("--db"), database.isEmpty() ? m_database : database});
        Run result;
        if (!process.waitForFinished(120000))
            return result;
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

    // Every row of `sql` in the database, canonical and sorted like Parsed::rows.
    QStringList databaseRows(const QString &sql, QStringList *columns = nullptr)
    {
        QStringList rows;
        const QString name = QStringLiteral("tst-cliexport-read");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(m_database);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (db.open()) {
                QSqlQuery query(db);
                query.setForwardOnly(true);
                if (!query.exec(sql))
                    qDebug("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
                if (columns) {
                    columns->clear();
                    for (int i = 0; i < query.record().count(); ++i)
                        columns->append(query.record().fieldName(i));
                }
                while (query.next()) {
                    QStringList values;
                    for (int i = 0; i < query.record().count(); ++i)
                        values.append(canonical(query.value(i)));
                    rows.append(values.join(QChar(0x1f)));
                }
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        rows.sort();
        return rows;
    }

    QStringList exportedColumnsOf(const QString &table)
    {
        QStringList columns;
        const QString source
            = table == QStringLiteral("snapshots") ? QStringLiteral("price_snapshots") : table;
        databaseRows(QStringLiteral("SELECT * FROM %1 LIMIT 0").arg(source), &columns);
        columns.removeAll(QStringLiteral("id")); // markets.id is the file's own key, not data
        return columns;
    }

    // Exports `table` with `arguments` and checks it against `sql`'s rows; returns the row count.
    void checkExport(const QString &table, const QStringList &arguments, const QString &where)
    {
        const bool jsonl = arguments.contains(QStringLiteral("jsonl"));
        const bool dollars = arguments.contains(QStringLiteral("--dollars"));
        const Run result = run(QStringList{QStringLiteral("export"), table} + arguments);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const Parsed parsed = parseExport(result.out, jsonl, dollars);
        QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
        const QStringList columns = exportedColumnsOf(table);
        if (!parsed.rows.isEmpty() || !jsonl)
            QCOMPARE(parsed.header, columns);
        const QString source
            = table == QStringLiteral("snapshots") ? QStringLiteral("price_snapshots") : table;
        const QStringList expected = databaseRows(
            QStringLiteral("SELECT %1 FROM %2 %3").arg(columns.join(QStringLiteral(", ")), source, where));
        QCOMPARE(parsed.rows, expected);
        const QString summary
            = QStringLiteral("exported %1 %2 of %3")
                  .arg(expected.size())
                  .arg(expected.size() == 1 ? QStringLiteral("row") : QStringLiteral("rows"), table);
        QVERIFY2(result.err.contains(summary.toUtf8()), result.err.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        m_cli = KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli"));
        QVERIFY(!m_cli.isEmpty());
        m_database = m_dir.newDatabasePath();
        const Run init = run({QStringLiteral("init")});
        QVERIFY2(init.exitCode == 0, init.err.constData());
        m_recentTime = QDateTime::currentSecsSinceEpoch() - 3600;
        QString error;
        const bool filled = KmTest::execStatements(m_database,
            {
                QStringLiteral(
                    "INSERT INTO events(ticker, series_ticker, title, sub_title, category, "
                    "mutually_exclusive, "
                    "is_placeholder, updated_at) VALUES "
                    "('KXA-E1', 'KXA', 'Event, one', 'sub \"quoted\"', 'Economics', 1, 0, %1), "
                    "('KXA-E2', 'KXA', 'Event two', NULL, NULL, NULL, 0, %2), "
                    "('KXB-E3', 'KXB', 'Zürich ≥ 5°' || char(10) || 'second line', '', 'Climate', 0, 1, %3)")
                    .arg(firstTime)
                    .arg(firstTime + 100)
                    .arg(firstTime + 200),
                QStringLiteral(
                    "INSERT INTO markets(ticker, event_ticker, series_ticker, market_type, title, subtitle, "
                    "yes_sub_title, no_sub_title, status, result, open_time, close_time, expiration_time, "
                    "settlement_ts, yes_bid, yes_ask, no_bid, no_ask, last_price, volume, volume_24h, "
                    "open_interest, liquidity, updated_at) VALUES "
                    "('KXA-E1-M1', 'KXA-E1', 'KXA', 'binary', 'Above 5, \"really\"?', '', 'Yes' || char(13) "
                    "|| char(10) || 'x', "
                    " 'No', 'active', NULL, %1, %2, %3, NULL, 450001, 460000, 540000, 549999, 455000, "
                    "387756, "
                    " 150, 100, 12345678901, %1), "
                    "('KXA-E1-M2', 'KXA-E1', NULL, NULL, 'Second', NULL, NULL, NULL, 'active', NULL, NULL, "
                    "NULL, "
                    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, %4), "
                    "('KXA-E2-M3', 'KXA-E2', 'KXA', 'binary', 'Third', 'sub', 'y', 'n', 'settled', 'no', %1, "
                    "%2, %3, "
                    " %5, 0, 10000, 990000, 1000000, 10000, 0, 0, 0, 0, %5), "
                    "('KXB-E3-M4', 'KXB-E3', 'KXB', 'scalar', 'Fourth', 's', 'y', 'n', 'finalized', 'yes', "
                    "%1, %2, "
                    " %3, %6, 990000, 1000000, 0, 10000, 1000000, 100, 1, 2, 3, %6)")
                    .arg(firstTime - 86400)
                    .arg(firstTime + 86400)
                    .arg(firstTime + 90000)
                    .arg(firstTime + 300)
                    .arg(firstTime + 600)
                    .arg(firstTime + 900),
                // Five snapshots per market, every fifth value NULL, sub-cent prices; one recent row.
                QStringLiteral(
                    "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, "
                    "last_price, "
                    "volume, volume_24h, open_interest) "
                    "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 4) "
                    "SELECT m.id, %1 + k.i * 300, "
                    "CASE WHEN (m.id + k.i) % 5 = 0 THEN NULL ELSE (m.id * 37 + k.i) % 97 * 10000 + k.i END, "
                    "(m.id * 37 + k.i) % 97 * 10000 + 20000, 1000000 - (m.id * 37 + k.i) % 97 * 10000 - "
                    "20000, "
                    "1000000 - (m.id * 37 + k.i) % 97 * 10000, "
                    "CASE WHEN (m.id + k.i) % 5 = 1 THEN NULL ELSE 5000 * k.i + m.id END, "
                    "387756 * k.i + m.id, CASE WHEN (m.id + k.i) % 5 = 2 THEN NULL ELSE 150 * k.i END, 100 * "
                    "m.id "
                    "FROM markets AS m CROSS JOIN k")
                    .arg(firstTime),
                QStringLiteral("INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, volume) "
                               "SELECT id, %1, 420000, 500 FROM markets WHERE ticker = 'KXA-E1-M1'")
                    .arg(m_recentTime),
                QStringLiteral(
                    "INSERT INTO settlements(ticker, event_ticker, result, settled_at, settlement_value) "
                    "VALUES "
                    "('KXA-E2-M3', 'KXA-E2', 'no', %1, NULL), ('KXB-E3-M4', 'KXB-E3', 'yes', %2, 1000000)")
                    .arg(firstTime + 600)
                    .arg(firstTime + 900),
            },
            &error);
        QVERIFY2(filled, qPrintable(error));
        QCOMPARE(KmTest::countRows(m_database, QStringLiteral("price_snapshots")), qint64(21));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        m_server.reset();
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("dollars");
        for (const char *table : {"snapshots", "markets", "events", "settlements"}) {
            for (const char *format : {"csv", "jsonl"}) {
                for (const bool dollars : {false, true}) {
                    QTest::addRow("%s %s%s", table, format, dollars ? " --dollars" : "")
                        << QString::fromLatin1(table) << QString::fromLatin1(format) << dollars;
                }
            }
        }
    }
    void roundTrip()
    {
        QFETCH(QString, table);
        QFETCH(QString, format);
        QFETCH(bool, dollars);
        QStringList arguments{QStringLiteral("--format"), format};
        if (dollars)
            arguments.append(QStringLiteral("--dollars"));
        checkExport(table, arguments, QString());
    }

    void dollarsAreExactDecimals()
    {
        const Run result = run({QStringLiteral("export"), QStringLiteral("markets"),
            QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--dollars"),
            QStringLiteral("--ticker"), QStringLiteral("KXA-E1-M1")});
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> lines = result.out.split('\n');
        QCOMPARE(lines.size(), 4); // the quoted CR LF inside a field, and the empty rest after the last
        QCOMPARE(
            lines.at(1), QByteArray("KXA-E1-M1,KXA-E1,KXA,binary,\"Above 5, \"\"really\"\"?\",\"\",\"Yes\r"));
        QVERIFY2(lines.at(2).startsWith(
                     "x\",No,active,,2026-09-20T14:13:20Z,2026-09-22T14:13:20Z,2026-09-22T15:13:20Z,,"
                     "0.450001,0.4600,0.5400,0.549999,0.4550,3877.56,1.5,1,12345.678901,"
                     "2026-09-20T14:13:20Z\r"),
            lines.at(2).constData());
        const Run units
            = run({QStringLiteral("export"), QStringLiteral("markets"), QStringLiteral("--format"),
                QStringLiteral("jsonl"), QStringLiteral("--ticker"), QStringLiteral("KXA-E1-M1")});
        QVERIFY2(units.out.contains("\"yes_bid\":450001,\"yes_ask\":460000,"), units.out.constData());
        QVERIFY2(units.out.contains(
                     "\"volume\":387756,\"volume_24h\":150,\"open_interest\":100,\"liquidity\":12345678901,"),
            units.out.constData());
        QVERIFY2(units.out.contains("\"result\":null,\"open_time\":\"2026-09-20T14:13:20Z\""),
            units.out.constData());
    }

    void filters_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("where");
        QTest::addColumn<int>("rows");
        const QString m1m4 = QStringLiteral("WHERE ticker IN ('KXA-E1-M1', 'KXB-E3-M4')");
        QTest::newRow("two --ticker") << "snapshots"
                                      << "--ticker KXA-E1-M1 --ticker KXB-E3-M4" << m1m4 << 11;
        QTest::newRow("comma tickers") << "snapshots"
                                       << "--ticker KXA-E1-M1,KXB-E3-M4" << m1m4 << 11;
        QTest::newRow("event") << "snapshots"
                               << "--event KXA-E1"
                               << "WHERE ticker IN ('KXA-E1-M1', 'KXA-E1-M2')" << 11;
        QTest::newRow("series through the event")
            << "snapshots"
            << "--series KXA"
            << "WHERE ticker IN ('KXA-E1-M1', 'KXA-E1-M2', 'KXA-E2-M3')" << 16;
        QTest::newRow("since and until dates")
            << "snapshots"
            << "--since 2026-09-21T14:18:20Z --until 2026-09-21T14:28:20+00:00"
            << QStringLiteral("WHERE snapshot_time >= %1 AND snapshot_time < %2")
                   .arg(firstTime + 300)
                   .arg(firstTime + 900)
            << 8;
        QTest::newRow("since a day") << "snapshots"
                                     << "--since 2026-09-21"
                                     << QStringLiteral("WHERE snapshot_time >= %1").arg(1790035200 - 86400)
                                     << 21;
        QTest::newRow("since two hours ago")
            << "snapshots"
            << "--since 2h" << QStringLiteral("WHERE snapshot_time > %1").arg(firstTime + 86400) << 1;
        QTest::newRow("ticker and time")
            << "snapshots"
            << "--ticker KXB-E3-M4 --until 2026-09-21T14:23:20Z"
            << QStringLiteral("WHERE ticker = 'KXB-E3-M4' AND snapshot_time < %1").arg(firstTime + 600) << 2;
        QTest::newRow("markets of a series")
            << "markets"
            << "--series KXA"
            << "WHERE ticker IN ('KXA-E1-M1', 'KXA-E1-M2', 'KXA-E2-M3')" << 3;
        QTest::newRow("markets of an event") << "markets"
                                             << "--event KXB-E3"
                                             << "WHERE ticker = 'KXB-E3-M4'" << 1;
        QTest::newRow("markets updated since")
            << "markets"
            << "--since 2026-09-21T14:18:20Z" << QStringLiteral("WHERE updated_at >= %1").arg(firstTime + 300)
            << 3;
        QTest::newRow("events of a series") << "events"
                                            << "--series KXB"
                                            << "WHERE ticker = 'KXB-E3'" << 1;
        QTest::newRow("events of a market") << "events"
                                            << "--ticker KXA-E1-M2"
                                            << "WHERE ticker = 'KXA-E1'" << 1;
        QTest::newRow("settlements of a series") << "settlements"
                                                 << "--series KXA"
                                                 << "WHERE ticker = 'KXA-E2-M3'" << 1;
        QTest::newRow("settlements until")
            << "settlements"
            << "--until 2026-09-21T14:28:20Z" << QStringLiteral("WHERE settled_at < %1").arg(firstTime + 900)
            << 1;
        QTest::newRow("nothing matches") << "settlements"
                                         << "--ticker KXA-E1-M1"
                                         << "WHERE 0" << 0;
    }
    void filters()
    {
        QFETCH(QString, table);
        QFETCH(QString, arguments);
        QFETCH(QString, where);
        QFETCH(int, rows);
        // The expected rows are a fixed count, so a WHERE that selects everything cannot pass.
        QCOMPARE(
            databaseRows(
                QStringLiteral("SELECT 1 FROM %1 %2")
                    .arg(table == QStringLiteral("snapshots") ? QStringLiteral("price_snapshots") : table,
                        where))
                .size(),
            rows);
        for (const char *format : {"csv", "jsonl"})
            checkExport(table,
                QStringList{QStringLiteral("--format"), QString::fromLatin1(format)} + arguments.split(u' '),
                where);
    }

    // Every table in both formats and both units, and every filter, from the fixture's copy on a
    // PostgreSQL server: byte for byte what the SQLite file gives (rows, order, text, NULLs).
    void postgresExportsTheSameBytes_data()
    {
        QTest::addColumn<QString>("arguments");
        for (const char *table : {"snapshots", "markets", "events", "settlements"}) {
            for (const char *format : {"csv", "jsonl"}) {
                for (const bool dollars : {false, true}) {
                    QTest::addRow("%s %s%s", table, format, dollars ? " --dollars" : "")
                        << QStringLiteral("%1 --format %2%3")
                               .arg(QLatin1String(table), QLatin1String(format),
                                   dollars ? QStringLiteral(" --dollars") : QString());
                }
            }
        }
        for (const char *filter :
            {"snapshots --ticker KXB-E3-M4,KXA-E1-M1", "snapshots --event KXA-E1", "snapshots --series KXA",
                "snapshots --since 2026-09-21T14:18:20Z --until 2026-09-21T14:28:20Z", "snapshots --since 2h",
                "snapshots --ticker KXB-E3-M4 --until 2026-09-21T14:23:20Z", "markets --series KXA",
                "markets --event KXB-E3", "events --ticker KXA-E1-M2",
                "settlements --until 2026-09-21T14:28:20Z", "settlements --ticker KXA-E1-M1"}) {
            for (const char *format : {"csv", "jsonl --dollars"})
                QTest::addRow("%s %s", filter, format)
                    << QStringLiteral("%1 --format %2").arg(QLatin1String(filter), QLatin1String(format));
        }
    }
    void postgresExportsTheSameBytes()
    {
        QFETCH(QString, arguments);
        const QStringList words = QStringList{QStringLiteral("export")} + arguments.split(u' ');
        const Run onFile = run(words);
        const Run onServer = run(words, serverCopy());
        QVERIFY2(onFile.exitCode == 0, onFile.err.constData());
        QVERIFY2(onServer.exitCode == 0, onServer.err.constData());
        QVERIFY(!onFile.out.isEmpty() || arguments.contains(QLatin1String("jsonl")));
        QCOMPARE(onServer.out, onFile.out);
        QCOMPARE(onServer.err, onFile.err); // "exported N rows of TABLE"
    }

    void malformedArgumentsExit2_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("named");
        QTest::newRow("no table") << "export --format csv"
                                  << "export needs what to export";
        QTest::newRow("unknown table") << "export prices --format csv"
                                       << "unknown table 'prices'";
        QTest::newRow("second table") << "export markets events --format csv"
                                      << "unexpected argument 'events'";
        QTest::newRow("no format") << "export markets"
                                   << "needs --format csv or --format jsonl";
        QTest::newRow("bad format") << "export markets --format parquet"
                                    << "--format must be csv or jsonl, not 'parquet'";
        QTest::newRow("bad since") << "export snapshots --format csv --since yesterday"
                                   << "--since 'yesterday'";
        QTest::newRow("since in seconds") << "export snapshots --format csv --since 30s"
                                          << "--since '30s'";
        QTest::newRow("bad until") << "export snapshots --format csv --until 2026-13-01"
                                   << "--until '2026-13-01'";
        QTest::newRow("until before since")
            << "export snapshots --format csv --since 2026-11-02 --until 2026-11-01"
            << "--until is not after --since";
        QTest::newRow("empty ticker") << "export snapshots --format csv --ticker ,"
                                      << "--ticker needs a market ticker";
        QTest::newRow("empty out") << "export snapshots --format csv --out="
                                   << "--out needs a file name";
        QTest::newRow("json to stdout") << "export snapshots --format csv --json"
                                        << "give --out FILE";
        QTest::newRow("dollars elsewhere") << "stats --dollars"
                                           << "--dollars does not apply to stats";
        QTest::newRow("format elsewhere") << "stats --format csv"
                                          << "--format does not apply to stats";
        QTest::newRow("out elsewhere") << "stats --out x.csv"
                                       << "--out does not apply to stats";
        QTest::newRow("ticker elsewhere") << "stats --ticker A"
                                          << "--ticker applies to backfill, alerts add and export only";
    }
    void malformedArgumentsExit2()
    {
        QFETCH(QString, arguments);
        QFETCH(QString, named);
        const QString out = m_dir.filePath(QStringLiteral("malformed.csv"));
        QStringList words = arguments.split(u' ');
        if (!words.contains(QStringLiteral("--json")))
            words << QStringLiteral("--json");
        if (!arguments.contains(QStringLiteral("--out")) && !arguments.contains(QStringLiteral("--json"))
            && words.first() == QStringLiteral("export"))
            words << QStringLiteral("--out") << out;
        const Run result = run(words);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(named.toUtf8()), result.err.constData());
        QCOMPARE(
            QJsonDocument::fromJson(result.out).object().value(QStringLiteral("usage_error")).toBool(), true);
        QVERIFY(!QFile::exists(out));
    }

    void stdoutAndFileHoldTheSameBytes()
    {
        const QString file = m_dir.filePath(QStringLiteral("snapshots.jsonl"));
        const QStringList arguments{QStringLiteral("export"), QStringLiteral("snapshots"),
            QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--dollars")};
        const Run toFile
            = run(arguments + QStringList{QStringLiteral("--out"), file, QStringLiteral("--json")});
        QVERIFY2(toFile.exitCode == 0, toFile.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(toFile.out).object();
        QCOMPARE(summary.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(summary.value(QStringLiteral("rows")).toInteger(), 21);
        QCOMPARE(summary.value(QStringLiteral("out")).toString(), file);
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray bytes = written.readAll();
        QCOMPARE(bytes.count('\n'), 21);

        const Run dash = run(arguments + QStringList{QStringLiteral("--out"), QStringLiteral("-")});
        QCOMPARE(dash.exitCode, 0);
        QCOMPARE(dash.out, bytes);
        QVERIFY2(dash.err.contains("exported 21 rows of snapshots"), dash.err.constData());
        const Run implicit = run(arguments);
        QCOMPARE(implicit.exitCode, 0);
        QCOMPARE(implicit.out, bytes);
    }

    void missingDatabaseFailsAndCreatesNothing()
    {
        const QString missing = m_dir.filePath(QStringLiteral("missing.db"));
        const QString out = m_dir.filePath(QStringLiteral("missing.csv"));
        const Run result
            = run({QStringLiteral("export"), QStringLiteral("snapshots"), QStringLiteral("--format"),
                      QStringLiteral("csv"), QStringLiteral("--out"), out},
                missing);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("no database at"), result.err.constData());
        QVERIFY(!QFile::exists(missing));
        QVERIFY(!QFile::exists(out));
    }

    void exportsWhileAnotherProcessHoldsTheWriteLock()
    {
        // A reader must not need the write lock: with it held, export still runs (a writer would
        // wait out its 5 s busy timeout and fail).
        KmTest::WriteLock lock(m_database);
        QVERIFY2(lock.isHeld(), qPrintable(lock.error()));
        checkExport(
            QStringLiteral("snapshots"), {QStringLiteral("--format"), QStringLiteral("csv")}, QString());
        QVERIFY(lock.release());
    }

    void unwritableOutFails()
    {
        const QString out = m_dir.filePath(QStringLiteral("no-such-folder/x.csv"));
        const Run result = run({QStringLiteral("export"), QStringLiteral("events"),
            QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--out"), out});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("cannot write"), result.err.constData());
    }
};

KM_TEST_GUILESS_MAIN(TstCliExport)
#include "tst_cliexport.moc"

// End-to-end tests of kalshi-monitor-cli against the bundled simulator, as real processes.
#include "recordfactory.h"
#include "simulatorprocess.h"
#include "storage/writerthread.h"
#include "testsupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

namespace {

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json;   // the last line of stdout, when --json was given
};

// An independent decimal conversion for expectations: "0.4500" -> 450000 at scale 6.
std::optional<qint64> scaled(const QString &text, int digits)
{
    const qsizetype point = text.indexOf(u'.');
    const QString whole = point < 0 ? text : text.left(point);
    QString fraction = point < 0 ? QString() : text.mid(point + 1);
    while (fraction.size() < digits)
        fraction += u'0';
    bool ok = false;
    const qint64 value = QString(whole + fraction.left(digits)).toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

} // namespace

class TstCliSync : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_fileCounter = 0;
    QString m_cli;

    QString newDatabasePath() { return m_dir.filePath(QStringLiteral("cli-%1.db").arg(++m_fileCounter)); }

    QProcess *startCli(const QStringList &arguments, QObject *parent)
    {
        auto *process = new QProcess(parent);
        process->start(m_cli, arguments);
        return process;
    }

    static CliResult collect(QProcess *process, int timeoutMs = 120000)
    {
        CliResult result;
        if (!process->waitForFinished(timeoutMs)) {
            process->kill();
            process->waitForFinished();
        }
        result.exitCode = process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
        result.out = process->readAllStandardOutput();
        result.err = process->readAllStandardError();
        const QList<QByteArray> lines = result.out.trimmed().split('\n');
        if (!lines.isEmpty())
            result.json = QJsonDocument::fromJson(lines.last()).object();
        return result;
    }

    CliResult runCli(const QStringList &arguments, int timeoutMs = 120000)
    {
        QObject owner;
        return collect(startCli(arguments, &owner), timeoutMs);
    }

    static void verifyIntact(const QString &path)
    {
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        QCOMPARE(KmTest::queryColumn(path, QStringLiteral("PRAGMA foreign_key_check")).size(), 0);
    }

    static qsizetype countWhere(const QJsonArray &items, const std::function<bool(const QJsonObject &)> &predicate)
    {
        qsizetype n = 0;
        for (const QJsonValue &item : items)
            n += predicate(item.toObject()) ? 1 : 0;
        return n;
    }

    static bool isMve(const QJsonObject &market)
    {
        return !market.value(QStringLiteral("mve_collection_ticker")).toString().isEmpty();
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        m_cli = KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli"));
        QVERIFY2(!m_cli.isEmpty(), "kalshi-monitor-cli was not built");
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no command") << QStringList();
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("bad status") << QStringList{QStringLiteral("sync-markets"), QStringLiteral("--status"), QStringLiteral("bogus")};
        QTest::newRow("bad max pages") << QStringList{QStringLiteral("sync-events"), QStringLiteral("--max-pages"), QStringLiteral("0")};
        QTest::newRow("bad mve filter") << QStringList{QStringLiteral("snapshot"), QStringLiteral("--mve-filter"), QStringLiteral("some")};
        QTest::newRow("option of another command") << QStringList{QStringLiteral("stats"), QStringLiteral("--status"), QStringLiteral("open")};
        QTest::newRow("bad api base") << QStringList{QStringLiteral("sync-events"), QStringLiteral("--api-base"), QStringLiteral("ftp://x")};
        QTest::newRow("bad rate") << QStringList{QStringLiteral("sync-events"), QStringLiteral("--rate-limit"), QStringLiteral("fast")};
        QTest::newRow("bad interval") << QStringList{QStringLiteral("collect"), QStringLiteral("--snapshot-interval"), QStringLiteral("5x")};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("init"), QStringLiteral("--frob")};
    }

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, arguments);
        const CliResult result = runCli(arguments + QStringList{QStringLiteral("--db"), newDatabasePath()});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.startsWith("usage error: "), result.err.constData());
    }

    void initAndStats()
    {
        const QString path = newDatabasePath();
        CliResult result = runCli({QStringLiteral("init"), QStringLiteral("--db"), path, QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(), true);
        QVERIFY(QFile::exists(path));
        result = runCli({QStringLiteral("stats"), QStringLiteral("--db"), path, QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.json.value(QStringLiteral("markets")).toInt(), 0);
        QCOMPARE(result.json.value(QStringLiteral("schema_version")).toInt(), 1);
    }

    // Regression: a process that read user_version 0 and then, in a separate statement, saw the
    // tables another process had just migrated took the file for another application's database.
    void concurrentFirstOpensAllSucceed()
    {
        for (int round = 0; round < 8; ++round) {
            const QString path = newDatabasePath();
            QObject owner;
            QList<QProcess *> processes;
            for (int i = 0; i < 4; ++i)
                processes.append(startCli({QStringLiteral("init"), QStringLiteral("--db"), path}, &owner));
            for (QProcess *process : std::as_const(processes)) {
                const CliResult result = collect(process);
                QVERIFY2(result.exitCode == 0, result.err.constData());
            }
            QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA user_version")).toInt(), 1);
        }
    }

    void notADatabaseFailsWithoutTouchingIt()
    {
        const QString path = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("my notes, not a database\n");
        file.close();
        for (const QString &command : {QStringLiteral("init"), QStringLiteral("sync-events"), QStringLiteral("stats")}) {
            const CliResult result = runCli({command, QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                                             QStringLiteral("http://127.0.0.1:9/trade-api/v2")});
            QCOMPARE(result.exitCode, 1);
            QVERIFY2(result.err.startsWith("error: ") && result.err.contains("not an SQLite database"),
                     result.err.constData());
        }
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("my notes, not a database\n"));
    }

    // Regression: reading the database file through a second descriptor in this process (as a header
    // check once did) drops the process's POSIX locks; another process closing its connection then
    // believed it was the last one, checkpointed and deleted the WAL that our writer still used, and
    // every later commit was lost.
    void anotherProcessClosingKeepsOurCommits()
    {
        const QString path = newDatabasePath();
        DatabaseWriter::Options options;
        options.databasePath = path;
        WriterThread writer(options);
        QString error;
        QVERIFY2(writer.startAndWait(&error), qPrintable(error));
        DatabaseWriter *w = writer.writer();
        QSignalSpy written(w, &DatabaseWriter::batchWritten);
        const auto write = [w](const WriteBatch &batch) {
            QMetaObject::invokeMethod(w, [w, batch] { w->write(batch); }, Qt::QueuedConnection);
        };
        write(RecordFactory::marketsBatch(0, 500));
        QTRY_COMPARE(written.size(), 1);

        // The GUI opens and closes read connections while the writer is open.
        for (int i = 0; i < 3; ++i) {
            Schema::ConnectionOptions readOnly;
            readOnly.access = Schema::Access::ReadOnly;
            const QString name = QStringLiteral("reader-%1").arg(i);
            QVERIFY2(Schema::openConnection(name, path, readOnly, &error), qPrintable(error));
            Schema::closeConnection(name);
        }
        // Another process opens the database read-write and closes it.
        QCOMPARE(runCli({QStringLiteral("init"), QStringLiteral("--db"), path}).exitCode, 0);
        QVERIFY2(QFile::exists(path + QStringLiteral("-wal")), "another process deleted the WAL we still use");

        write(RecordFactory::marketsBatch(500, 500));
        QTRY_COMPARE(written.size(), 2);
        QVERIFY(written.at(1).at(0).value<BatchResult>().ok);
        writer.stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 1000);
    }

    void everyCommandEndToEnd()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("3000"),
                                                 QStringLiteral("--events"), QStringLiteral("150"),
                                                 QStringLiteral("--settled"), QStringLiteral("400"),
                                                 QStringLiteral("--seed"), QStringLiteral("7"),
                                                 QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        const QStringList common = {QStringLiteral("--db"), path, QStringLiteral("--api-base"), simulator->baseUrlString(),
                                    QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")};

        // Events.
        const QJsonArray events = simulator->listAll(QStringLiteral("/events"), QStringLiteral("events"));
        QVERIFY(events.size() > 0);
        CliResult result = runCli(QStringList{QStringLiteral("sync-events")} + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.json.value(QStringLiteral("command")).toString(), QStringLiteral("sync-events"));
        QCOMPARE(result.json.value(QStringLiteral("rows")).toObject().value(QStringLiteral("events")).toInt(), events.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("events")), events.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("events WHERE is_placeholder = 1")), 0);

        // Markets: open, multivariate excluded by default.
        const QJsonArray open = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
                                                   QStringLiteral("status=open&mve_filter=exclude"));
        const QJsonArray allMarkets = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"));
        QVERIFY(open.size() > 0);
        QVERIFY(countWhere(allMarkets, isMve) > 0);
        QCOMPARE(countWhere(open, isMve), 0);
        result = runCli(QStringList{QStringLiteral("sync-markets")} + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.json.value(QStringLiteral("rows")).toObject().value(QStringLiteral("markets")).toInt(), open.size());
        QCOMPARE(result.json.value(QStringLiteral("skipped")).toInt(), 0);
        QCOMPARE(result.json.value(QStringLiteral("truncated")).toBool(), false);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), open.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets WHERE status <> 'active'")), 0);
        // Markets whose events /events never listed got placeholders.
        QVERIFY(KmTest::countRows(path, QStringLiteral("events WHERE is_placeholder = 1")) > 0);

        // Exact units for known markets, modern and legacy, checked against the simulator's own JSON.
        int legacyChecked = 0;
        int modernChecked = 0;
        for (const QJsonValue &value : open) {
            const QJsonObject market = value.toObject();
            const bool legacy = !market.contains(QStringLiteral("yes_bid_dollars"));
            if ((legacy && legacyChecked >= 3) || (!legacy && modernChecked >= 3))
                continue;
            const QString ticker = market.value(QStringLiteral("ticker")).toString();
            const QString row = KmTest::queryValue(path, QStringLiteral(
                "SELECT yes_bid || '|' || yes_ask || '|' || no_bid || '|' || no_ask || '|' || last_price || '|' || "
                "volume || '|' || open_interest || '|' || close_time FROM markets WHERE ticker = '%1'").arg(ticker)).toString();
            QStringList expected;
            if (legacy) {
                for (const char *field : {"yes_bid", "yes_ask", "no_bid", "no_ask", "last_price"})
                    expected << QString::number(market.value(QLatin1String(field)).toInteger() * 10000);
                for (const char *field : {"volume", "open_interest"})
                    expected << QString::number(market.value(QLatin1String(field)).toInteger() * 100);
                ++legacyChecked;
            } else {
                for (const char *field : {"yes_bid_dollars", "yes_ask_dollars", "no_bid_dollars", "no_ask_dollars",
                                          "last_price_dollars"})
                    expected << QString::number(*scaled(market.value(QLatin1String(field)).toString(), 6));
                for (const char *field : {"volume_fp", "open_interest_fp"})
                    expected << QString::number(*scaled(market.value(QLatin1String(field)).toString(), 2));
                ++modernChecked;
            }
            expected << QString::number(QDateTime::fromString(market.value(QStringLiteral("close_time")).toString(),
                                                              Qt::ISODate).toSecsSinceEpoch());
            QCOMPARE(row, expected.join(u'|'));
        }
        QCOMPARE(legacyChecked, 3);
        QCOMPARE(modernChecked, 3);

        // Settlements.
        const QJsonArray settled = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
                                                      QStringLiteral("status=settled"));
        const qsizetype withResult = countWhere(settled, [](const QJsonObject &m) {
            return !m.value(QStringLiteral("result")).toString().isEmpty();
        });
        QVERIFY(withResult > 0);
        result = runCli(QStringList{QStringLiteral("sync-settlements")} + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("settlements")), withResult);
        QCOMPARE(result.json.value(QStringLiteral("rows")).toObject().value(QStringLiteral("settlements")).toInt(), withResult);
        const QJsonObject firstSettled = settled.first().toObject();
        const QString settledTs = firstSettled.value(QStringLiteral("settlement_ts")).toString();
        if (!settledTs.isEmpty()) {
            QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT settled_at FROM settlements WHERE ticker = '%1'")
                                                  .arg(firstSettled.value(QStringLiteral("ticker")).toString())).toLongLong(),
                     QDateTime::fromString(settledTs, Qt::ISODate).toSecsSinceEpoch());
        }

        // Snapshot: one row per open non-multivariate market, one snapshot_time for the run.
        result = runCli(QStringList{QStringLiteral("snapshot")} + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), open.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM price_snapshots)")), 1);

        // Full sync and the sync_runs rows.
        result = runCli(QStringList{QStringLiteral("full-sync")} + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        for (const char *key : {"command", "ok", "pages", "rows", "skipped", "retries", "truncated", "elapsed_ms", "error"})
            QVERIFY2(result.json.contains(QLatin1String(key)), key);
        QCOMPARE(result.json.value(QStringLiteral("command")).toString(), QStringLiteral("full-sync"));
        QVERIFY(result.json.value(QStringLiteral("error")).isNull());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'ok'")), 4 + 4);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status <> 'ok'")), 0);

        result = runCli({QStringLiteral("stats"), QStringLiteral("--db"), path});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("markets:"));
        verifyIntact(path);
    }

    // BUG-053 Repro B as real processes: two syncs at once, several rounds, exact results.
    void concurrentSyncsAllSucceed()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("4000"),
                                                 QStringLiteral("--settled"), QStringLiteral("1500"),
                                                 QStringLiteral("--seed"), QStringLiteral("3"),
                                                 QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QJsonArray open = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
                                                   QStringLiteral("status=open&mve_filter=exclude"));
        const QJsonArray settled = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
                                                      QStringLiteral("status=settled"));
        const QString path = newDatabasePath();
        const QStringList common = {QStringLiteral("--db"), path, QStringLiteral("--api-base"), simulator->baseUrlString(),
                                    QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")};
        const QList<QPair<QString, QString>> pairs = {
            {QStringLiteral("sync-markets"), QStringLiteral("sync-markets")},
            {QStringLiteral("sync-settlements"), QStringLiteral("sync-settlements")},
            {QStringLiteral("snapshot"), QStringLiteral("sync-markets")},
        };
        constexpr int rounds = 3;
        for (int round = 0; round < rounds; ++round) {
            for (const auto &pair : pairs) {
                QObject owner;
                QProcess *a = startCli(QStringList{pair.first} + common, &owner);
                QProcess *b = startCli(QStringList{pair.second} + common, &owner);
                const CliResult ra = collect(a);
                const CliResult rb = collect(b);
                QVERIFY2(ra.exitCode == 0, ra.err.constData());
                QVERIFY2(rb.exitCode == 0, rb.err.constData());
                for (const CliResult *r : {&ra, &rb}) {
                    QVERIFY2(!r->err.contains("locked") && !r->err.contains("constraint"), r->err.constData());
                    QCOMPARE(r->json.value(QStringLiteral("ok")).toBool(), true);
                }
            }
        }
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets WHERE status = 'active'")), open.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("settlements")), settled.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), open.size() + settled.size());
        // Every snapshot run wrote exactly one row per open market (the time is per second, so two
        // runs in one second share rows: repeated snapshots are no-ops).
        const qint64 times
            = KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM price_snapshots)"));
        QVERIFY(times >= 1 && times <= rounds);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), times * open.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status <> 'ok'")), 0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs")), 2 * rounds * pairs.size());
        verifyIntact(path);
    }

    void faultsAreRetried_data()
    {
        QTest::addColumn<QStringList>("faults");
        QTest::newRow("429 storm, no Retry-After") << QStringList{QStringLiteral("--fail-429-every"), QStringLiteral("2")};
        QTest::newRow("429 with Retry-After seconds")
            << QStringList{QStringLiteral("--fail-429-every"), QStringLiteral("3"), QStringLiteral("--retry-after"), QStringLiteral("1")};
        QTest::newRow("429 with Retry-After date")
            << QStringList{QStringLiteral("--fail-429-every"), QStringLiteral("3"), QStringLiteral("--retry-after"),
                           QStringLiteral("1"), QStringLiteral("--retry-after-date")};
        QTest::newRow("5xx") << QStringList{QStringLiteral("--fail-500-every"), QStringLiteral("2")};
    }

    void faultsAreRetried()
    {
        QFETCH(QStringList, faults);
        auto simulator = KmTest::startSimulator(QStringList{QStringLiteral("--markets"), QStringLiteral("2500"),
                                                            QStringLiteral("--seed"), QStringLiteral("5"),
                                                            QStringLiteral("--tick-seconds"), QStringLiteral("3600")}
                                                + faults);
        const QString path = newDatabasePath();
        // Count the expected markets before faults start counting (the simulator counts requests).
        const CliResult result = runCli({QStringLiteral("sync-markets"), QStringLiteral("--status"), QStringLiteral("all"),
                                         QStringLiteral("--mve-filter"), QStringLiteral("include"), QStringLiteral("--db"), path,
                                         QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY(result.json.value(QStringLiteral("retries")).toInt() > 0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 2500);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT retries FROM sync_runs")).toInt(),
                 result.json.value(QStringLiteral("retries")).toInt());
    }

    void truncatedPageKeepsEarlierPages()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("5000"),
                                                 QStringLiteral("--truncate-page"), QStringLiteral("3"),
                                                 QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        const CliResult result = runCli({QStringLiteral("sync-markets"), QStringLiteral("--status"), QStringLiteral("all"),
                                         QStringLiteral("--mve-filter"), QStringLiteral("include"), QStringLiteral("--db"), path,
                                         QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.startsWith("error: "), result.err.constData());
        QVERIFY2(result.err.contains("page 3"), result.err.constData());
        QVERIFY2(result.err.contains("JSON"), result.err.constData());
        QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(result.json.value(QStringLiteral("pages")).toInt(), 2);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 2000);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT status || '|' || pages FROM sync_runs")).toString(),
                 QStringLiteral("failed|2"));
        verifyIntact(path);
    }

    void repeatedCursorIsRefused()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("5000"),
                                                 QStringLiteral("--repeat-cursor-page"), QStringLiteral("2"),
                                                 QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        const CliResult result = runCli({QStringLiteral("sync-markets"), QStringLiteral("--status"), QStringLiteral("all"),
                                         QStringLiteral("--db"), path, QStringLiteral("--api-base"), simulator->baseUrlString()},
                                        60000);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("cursor"), result.err.constData());
        verifyIntact(path);
    }

    void malformedMarketsAreSkippedAndCounted()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("1000"),
                                                 QStringLiteral("--malformed-every"), QStringLiteral("50"),
                                                 QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        const CliResult result = runCli({QStringLiteral("sync-markets"), QStringLiteral("--status"), QStringLiteral("all"),
                                         QStringLiteral("--mve-filter"), QStringLiteral("include"), QStringLiteral("--db"), path,
                                         QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.json.value(QStringLiteral("skipped")).toInt(), 20);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 980);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT skipped FROM sync_runs")).toInt(), 20);
        QVERIFY2(result.err.contains("skipped"), result.err.constData());
    }

    void maxPagesReportsTruncation()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("3000"),
                                                 QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        const CliResult result = runCli({QStringLiteral("sync-markets"), QStringLiteral("--status"), QStringLiteral("all"),
                                         QStringLiteral("--mve-filter"), QStringLiteral("include"), QStringLiteral("--max-pages"),
                                         QStringLiteral("2"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                                         simulator->baseUrlString(), QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.json.value(QStringLiteral("truncated")).toBool(), true);
        QCOMPARE(result.json.value(QStringLiteral("pages")).toInt(), 2);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 2000);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT status FROM sync_runs")).toString(), QStringLiteral("truncated"));
    }

    void httpErrorFailsClearly()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("100")});
        const QString path = newDatabasePath();
        // A wrong base path: the simulator answers 404 and the client must not retry it.
        const CliResult result = runCli({QStringLiteral("sync-events"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                                         simulator->baseUrlString() + QStringLiteral("/nowhere")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("404"), result.err.constData());
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT status FROM sync_runs")).toString(), QStringLiteral("failed"));
    }

    void rateLimitIsHonored()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("25000"),
                                                 QStringLiteral("--settled"), QStringLiteral("0"),
                                                 QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        QVERIFY(simulator->resetStats());
        const CliResult result = runCli({QStringLiteral("sync-markets"), QStringLiteral("--status"), QStringLiteral("all"),
                                         QStringLiteral("--mve-filter"), QStringLiteral("include"), QStringLiteral("--db"), path,
                                         QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--rate-limit"),
                                         QStringLiteral("10"), QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject stats = simulator->get(QStringLiteral("/sim/stats")).object();
        QJsonArray times = stats.value(QStringLiteral("request_times_ms")).toArray();
        QCOMPARE(times.size(), 25);
        const double first = times.first().toDouble();
        const double last = times.last().toDouble();
        // 25 requests at 10/s with a burst of at most 3: the last cannot start before ~2.1 s.
        QVERIFY2(last - first >= (25 - 1 - 3) * 100.0 - 50.0, qPrintable(QString::number(last - first)));
        for (qsizetype i = 0; i < times.size(); ++i) {
            qsizetype inWindow = 0;
            for (qsizetype j = i; j < times.size() && times.at(j).toDouble() - times.at(i).toDouble() < 1000.0; ++j)
                ++inWindow;
            QVERIFY2(inWindow <= 10 + 3, qPrintable(QStringLiteral("%1 requests within one second").arg(inWindow)));
        }
    }
};

KM_TEST_GUILESS_MAIN(TstCliSync)
#include "tst_clisync.moc"

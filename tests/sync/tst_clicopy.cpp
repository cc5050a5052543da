// kalshi-monitor-cli copy as a real process between SQLite files and a throwaway PostgreSQL server
// (PgTestServer): a round trip gives back every row of every table, a copy killed with SIGKILL
// continues where it stopped, and what must not be copied is refused with exit status 2.
// Without the PostgreSQL server binaries the test FAILS (KmTest::startPostgres), never skips.
#include "cliresult.h"
#include "databasefolder.h"
#include "pgtestserver.h"
#include "simulatorprocess.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <limits>

#include <signal.h>

namespace {

using KmTest::CliResult;

const QString frozenPrices = QString::number(std::numeric_limits<int>::max());

// Every base table of an SQLite file, each as its rows in primary key order with every column
// quoted (NULL, integers and texts told apart), and the full-text index's contents.
QStringList sqliteContents(const QString &file)
{
    QStringList contents;
    const QVariantList tables = KmTest::queryColumn(file,
        QStringLiteral("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
                       "AND name NOT LIKE 'sqlite%' AND name <> 'km_copy_progress' ORDER BY name"));
    for (const QVariant &table : tables) {
        const QString name = table.toString();
        QStringList columns;
        for (const QVariant &column : KmTest::queryColumn(file,
                 QStringLiteral("SELECT 'quote(' || name || ')' FROM pragma_table_info('%1') ORDER BY cid")
                     .arg(name)))
            columns.append(column.toString());
        QStringList key;
        for (const QVariant &column : KmTest::queryColumn(file,
                 QStringLiteral("SELECT name FROM pragma_table_info('%1') WHERE pk > 0 ORDER BY pk")
                     .arg(name)))
            key.append(column.toString());
        QStringList rows;
        for (const QVariant &row : KmTest::queryColumn(file,
                 QStringLiteral("SELECT %1 FROM %2 ORDER BY %3")
                     .arg(columns.join(QStringLiteral(" || '|' || ")), name, key.join(QStringLiteral(", ")))))
            rows.append(row.toString());
        contents.append(name + u'\n' + rows.join(u'\n'));
    }
    QStringList search;
    for (const QVariant &row : KmTest::queryColumn(file,
             QStringLiteral(
                 "SELECT rowid || '|' || quote(ticker) || '|' || quote(title) || '|' || quote(subtitles) "
                 "|| '|' || quote(event_title) FROM market_search ORDER BY rowid")))
        search.append(row.toString());
    contents.append(QStringLiteral("market_search\n") + search.join(u'\n'));
    return contents;
}

qint64 rowsOf(const QJsonObject &summary, const QString &table, const QString &field)
{
    for (const QJsonValue &value : summary.value(QStringLiteral("tables")).toArray()) {
        if (value.toObject().value(QStringLiteral("table")).toString() == table)
            return value.toObject().value(field).toInteger(-1);
    }
    return -1;
}

} // namespace

class TstCliCopy : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("clicopy")};
    std::unique_ptr<PgTestServer> m_server;
    QString m_cli;
    QString m_source; // a synced file with rows in every table

    static CliResult collect(QProcess &process, int timeoutMs = 300000)
    {
        return KmTest::finishCli(process, timeoutMs);
    }

    CliResult runCli(const QStringList &arguments)
    {
        QProcess process;
        process.start(m_cli, arguments);
        return collect(process);
    }

    CliResult copy(const QString &from, const QString &to)
    {
        return runCli({QStringLiteral("copy"), QStringLiteral("--from"), from, QStringLiteral("--to"), to,
            QStringLiteral("--json")});
    }

    void verifyCopied(const CliResult &result)
    {
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(), true);
        const QJsonArray tables = result.json.value(QStringLiteral("tables")).toArray();
        QVERIFY(tables.size() >= 10);
        for (const QJsonValue &table : tables) {
            const QJsonObject object = table.toObject();
            QVERIFY2(object.value(QStringLiteral("verified")).toBool(),
                qPrintable(object.value(QStringLiteral("table")).toString()));
            QCOMPARE(
                object.value(QStringLiteral("target_rows")), object.value(QStringLiteral("source_rows")));
        }
    }

    // A collection with rows in every table: a full sync from the simulator, then what the sync does
    // not write (the watchlist, rules and their firings, candles) and snapshots with gaps and NULLs.
    void buildSource(const QString &file)
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("1500"),
            QStringLiteral("--events"), QStringLiteral("90"), QStringLiteral("--settled"),
            QStringLiteral("200"), QStringLiteral("--seed"), QStringLiteral("11"),
            QStringLiteral("--tick-seconds"), frozenPrices});
        const CliResult synced
            = runCli({QStringLiteral("full-sync"), QStringLiteral("--db"), file, QStringLiteral("--api-base"),
                simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0")});
        QVERIFY2(synced.exitCode == 0, synced.err.constData());
        QString error;
        QVERIFY2(
            KmTest::execStatements(file,
                {
                    QStringLiteral(
                        "INSERT INTO watchlist(ticker, added_at) SELECT ticker, 1700000000 + id FROM "
                        "markets WHERE id % 97 = 0"),
                    QStringLiteral(
                        "INSERT INTO alert_rules(scope, target, kind, field, level, window_secs, note, "
                        "created_at, removed_at) VALUES ('ticker', 'A', 'above', 'yes_bid', 650000, "
                        "NULL, 'ä note', 1700000000, NULL), ('event', 'E', 'move', 'last_price', "
                        "50000, 3600, NULL, 1700000001, 1700000500)"),
                    QStringLiteral("INSERT INTO alert_events(rule_id, ticker, snapshot_time, fired_at, "
                                   "value_before, value_after, status, message) SELECT 1, ticker, 1700000000 "
                                   "+ id, 1700000100 + id, NULL, id, NULL, 'crossed ' || ticker FROM markets "
                                   "WHERE id % 50 = 0"),
                    // Earlier snapshots of every third market, with an hour missing, NULL prices.
                    QStringLiteral(
                        "INSERT INTO snapshot_rows SELECT market_id, snapshot_time - 7200, NULL, "
                        "yes_ask, no_bid, NULL, last_price, volume, volume_24h, open_interest FROM "
                        "snapshot_rows WHERE market_id % 3 = 0"),
                    QStringLiteral(
                        "INSERT INTO snapshot_rows SELECT market_id, snapshot_time - 10800, yes_bid, "
                        "NULL, NULL, no_ask, NULL, NULL, volume_24h, NULL FROM snapshot_rows WHERE "
                        "market_id % 3 = 0 AND snapshot_time = (SELECT max(snapshot_time) FROM "
                        "snapshot_rows)"),
                    QStringLiteral("INSERT INTO candles(market_id, period_minutes, period_end, price_close, "
                                   "volume) SELECT id, 60, 1700003600, last_price, volume FROM markets WHERE "
                                   "id % 10 = 0"),
                    QStringLiteral("INSERT INTO candle_ranges SELECT id, 60, 1700000000, 1700086400 FROM "
                                   "markets WHERE id % 10 = 0"),
                },
                &error),
            qPrintable(error));
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        m_cli = KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli"));
        QVERIFY2(!m_cli.isEmpty(), "kalshi-monitor-cli was not built");
        m_server = KmTest::startPostgres();
        m_source = m_dir.newDatabasePath();
        buildSource(m_source);
        for (const QString &table : {QStringLiteral("events"), QStringLiteral("markets"),
                 QStringLiteral("settlements"), QStringLiteral("snapshot_rows"), QStringLiteral("sync_runs"),
                 QStringLiteral("watchlist"), QStringLiteral("alert_rules"), QStringLiteral("alert_events"),
                 QStringLiteral("candles"), QStringLiteral("candle_ranges")})
            QVERIFY2(KmTest::countRows(m_source, table) > 0, qPrintable(table));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        m_server.reset();
    }

    // SQLite -> PostgreSQL -> PostgreSQL -> SQLite, and SQLite -> SQLite: every table row for row.
    void roundTripKeepsEveryRow()
    {
        const QString server = m_server->newDatabaseUrlOrAbort();
        const QString server2 = m_server->newDatabaseUrlOrAbort();
        const QString back = m_dir.newDatabasePath();
        const QString direct = m_dir.newDatabasePath();
        verifyCopied(copy(m_source, server));
        verifyCopied(copy(server, server2));
        verifyCopied(copy(server2, back));
        verifyCopied(copy(m_source, direct));
        const QStringList expected = sqliteContents(m_source);
        QCOMPARE(sqliteContents(back), expected);
        QCOMPARE(sqliteContents(direct), expected);
        // The server's ids go on after the copied ones: a new rule and a new market get fresh ids.
        const CliResult rule = runCli({QStringLiteral("alerts"), QStringLiteral("add"),
            QStringLiteral("--db"), server, QStringLiteral("--ticker"), QStringLiteral("NEW"),
            QStringLiteral("--status-change"), QStringLiteral("--json")});
        QVERIFY2(rule.exitCode == 0, rule.err.constData());
        QCOMPARE(rule.json.value(QStringLiteral("id")).toInteger(),
            KmTest::queryValue(m_source, QStringLiteral("SELECT max(id) FROM alert_rules")).toLongLong() + 1);
    }

    // A finished copy run again copies everything again over the target, and still verifies.
    void copyAgainRefreshes()
    {
        const QString target = m_dir.newDatabasePath();
        verifyCopied(copy(m_source, target));
        const CliResult again = copy(m_source, target);
        verifyCopied(again);
        QCOMPARE(again.json.value(QStringLiteral("resumed")).toBool(), false);
        QCOMPARE(rowsOf(again.json, QStringLiteral("markets"), QStringLiteral("rows_copied")),
            KmTest::countRows(m_source, QStringLiteral("markets")));
        QCOMPARE(sqliteContents(target), sqliteContents(m_source));
    }

    // Killed with SIGKILL in the middle of the largest table, the copy run again continues after the
    // last committed batch and ends with the same contents.
    void killedCopyResumes_data()
    {
        QTest::addColumn<bool>("toServer");
        QTest::newRow("sqlite to postgresql") << true;
        QTest::newRow("sqlite to sqlite") << false;
    }
    void killedCopyResumes()
    {
        QFETCH(bool, toServer);
        const QString big = m_dir.newDatabasePath();
        QVERIFY(QFile::copy(m_source, big));
        QString error;
        // About 200 snapshots per market: several seconds of copying on this machine.
        QVERIFY2(KmTest::execStatements(big,
                     {QStringLiteral(
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
                         "INSERT INTO snapshot_rows SELECT s.market_id, s.snapshot_time - 86400 - n.i * "
                         "900, s.yes_bid + n.i, s.yes_ask, s.no_bid, s.no_ask, s.last_price, s.volume, "
                         "s.volume_24h, s.open_interest FROM snapshot_rows s CROSS JOIN n WHERE "
                         "s.snapshot_time = (SELECT max(snapshot_time) FROM snapshot_rows)")},
                     &error),
            qPrintable(error));
        QVERIFY(KmTest::countRows(big, QStringLiteral("snapshot_rows")) > 200000);
        // Snapshots are stored as runs of unchanged values: the table copied is snapshot_states.
        const qint64 snapshots = KmTest::countRows(big, QStringLiteral("snapshot_states"));
        QVERIFY(snapshots > 100000);
        const QString target = toServer ? m_server->newDatabaseUrlOrAbort() : m_dir.newDatabasePath();

        QProcess first;
        first.setProcessChannelMode(QProcess::SeparateChannels);
        first.start(m_cli,
            {QStringLiteral("copy"), QStringLiteral("--from"), big, QStringLiteral("--to"), target,
                QStringLiteral("--json")});
        QVERIFY(first.waitForStarted());
        first.setReadChannel(QProcess::StandardError);
        // Killed once it reported committed snapshot batches, well before the last one.
        QByteArray err;
        bool midway = false;
        while (!midway && first.state() == QProcess::Running && first.waitForReadyRead(60000)) {
            err += first.readAllStandardError();
            midway = err.contains("[copy] snapshot_states: ");
        }
        QVERIFY2(midway, err.constData());
        ::kill(pid_t(first.processId()), SIGKILL);
        QVERIFY(first.waitForFinished(30000));
        QCOMPARE(first.exitStatus(), QProcess::CrashExit);

        const CliResult second = copy(big, target);
        verifyCopied(second);
        QCOMPARE(second.json.value(QStringLiteral("resumed")).toBool(), true);
        const qint64 skipped
            = rowsOf(second.json, QStringLiteral("snapshot_states"), QStringLiteral("rows_skipped"));
        const qint64 copied
            = rowsOf(second.json, QStringLiteral("snapshot_states"), QStringLiteral("rows_copied"));
        QVERIFY2(skipped > 0 && copied > 0, second.out.constData());
        QCOMPARE(skipped + copied, snapshots);
        QCOMPARE(rowsOf(second.json, QStringLiteral("markets"), QStringLiteral("rows_copied")), 0);

        QString back = target;
        if (toServer) {
            back = m_dir.newDatabasePath();
            verifyCopied(copy(target, back));
        }
        QCOMPARE(sqliteContents(back), sqliteContents(big));
    }

    // Rows the source gained behind the point where an interrupted copy stopped are not copied by
    // the run that continues it: the verification says so (exit 1), and the next run copies all.
    void sourceChangedSinceInterruptionIsReported()
    {
        const QString source = m_dir.newDatabasePath();
        QVERIFY(QFile::copy(m_source, source));
        const QString target = m_dir.newDatabasePath();
        verifyCopied(copy(source, target));
        // As if killed after the last batch of snapshot_states committed but before it was marked done.
        QVERIFY(KmTest::execStatements(target,
            {QStringLiteral("UPDATE km_copy_progress SET done = 0 WHERE table_name = 'snapshot_states'")}));
        QVERIFY(KmTest::execStatements(source,
            {QStringLiteral("INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid) "
                            "SELECT min(id), 1000, 1 FROM markets")}));
        const CliResult resumed = copy(source, target);
        QCOMPARE(resumed.exitCode, 1);
        QCOMPARE(resumed.json.value(QStringLiteral("ok")).toBool(true), false);
        QCOMPARE(resumed.json.value(QStringLiteral("resumed")).toBool(), true);
        QVERIFY2(
            resumed.json.value(QStringLiteral("error")).toString().contains(QLatin1String("snapshot_states")),
            resumed.out.constData());
        QCOMPARE(rowsOf(resumed.json, QStringLiteral("snapshot_states"), QStringLiteral("target_rows")) + 1,
            rowsOf(resumed.json, QStringLiteral("snapshot_states"), QStringLiteral("source_rows")));
        const CliResult again = copy(source, target);
        verifyCopied(again);
        QCOMPARE(sqliteContents(target), sqliteContents(source));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("situation");
        QTest::newRow("same file") << "same file";
        QTest::newRow("same server database") << "same server database";
        QTest::newRow("missing source") << "missing source";
        QTest::newRow("newer source schema") << "newer source schema";
        QTest::newRow("target with other data") << "target with other data";
        QTest::newRow("--db instead of --from") << "--db instead of --from";
    }
    void refusals()
    {
        QFETCH(QString, situation);
        QString from = m_source;
        QString to = m_dir.newDatabasePath();
        QStringList extra;
        if (situation == QLatin1String("same file")) {
            to = QDir(m_dir.filePath(QStringLiteral("."))).filePath(QFileInfo(m_source).fileName());
        } else if (situation == QLatin1String("same server database")) {
            from = m_server->newDatabaseUrlOrAbort();
            to = from;
        } else if (situation == QLatin1String("missing source")) {
            from = m_dir.filePath(QStringLiteral("nothing-here.db"));
        } else if (situation == QLatin1String("newer source schema")) {
            from = m_dir.newDatabasePath();
            QVERIFY(QFile::copy(m_source, from));
            QVERIFY(KmTest::execStatements(from, {QStringLiteral("PRAGMA user_version = 99")}));
        } else if (situation == QLatin1String("target with other data")) {
            to = m_server->newDatabaseUrlOrAbort();
            const CliResult rule
                = runCli({QStringLiteral("alerts"), QStringLiteral("add"), QStringLiteral("--db"), to,
                    QStringLiteral("--ticker"), QStringLiteral("X"), QStringLiteral("--status-change")});
            QCOMPARE(rule.exitCode, 0);
        } else {
            extra = {QStringLiteral("--db"), m_source};
        }
        const bool otherData = situation == QLatin1String("target with other data");
        const QString before = otherData
            ? KmTest::queryValue(to, QStringLiteral("SELECT count(*) FROM alert_rules")).toString()
            : QString();
        const CliResult result = runCli(QStringList{QStringLiteral("copy"), QStringLiteral("--from"), from,
                                            QStringLiteral("--to"), to, QStringLiteral("--json")}
            + extra);
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(true), false);
        QVERIFY(!result.json.value(QStringLiteral("error")).toString().isEmpty());
        QVERIFY(!result.err.isEmpty());
        if (situation == QLatin1String("missing source") || situation == QLatin1String("newer source schema"))
            QVERIFY2(!QFile::exists(to), "a refused copy created its target");
        if (otherData)
            QCOMPARE(KmTest::queryValue(to, QStringLiteral("SELECT count(*) FROM alert_rules")).toString(),
                before);
    }
};

KM_TEST_GUILESS_MAIN(TstCliCopy)

#include "tst_clicopy.moc"

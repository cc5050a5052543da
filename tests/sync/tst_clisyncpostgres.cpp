// kalshi-monitor-cli against a throwaway PostgreSQL server (PgTestServer) and the bundled
// simulator, as real processes: the same results as on SQLite, several writers at once exact.
// Without the PostgreSQL server binaries the test FAILS (KmTest::startPostgres), never skips.
#include "cliresult.h"
#include "databasefolder.h"
#include "pgtestserver.h"
#include "simulatorprocess.h"
#include "storage/schema.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <limits>

namespace {

using KmTest::CliResult;

const QString frozenPrices = QString::number(std::numeric_limits<int>::max());

// The stored data in a form both backends print alike: every row of each query, joined.
const QStringList contentQueries = {
    QStringLiteral("SELECT ticker || '|' || series_ticker || '|' || title || '|' || coalesce(sub_title, '~') "
                   "|| '|' || coalesce(category, '~') || '|' || coalesce(mutually_exclusive, -1) || '|' "
                   "|| is_placeholder FROM events ORDER BY ticker"),
    QStringLiteral(
        "SELECT ticker || '|' || event_ticker || '|' || coalesce(series_ticker, '~') || '|' || title "
        "|| '|' || coalesce(subtitle, '~') || '|' || status || '|' || coalesce(result, '~') || '|' "
        "|| coalesce(open_time, -1) || '|' || coalesce(close_time, -1) || '|' || coalesce(yes_bid, -1) "
        "|| '|' || coalesce(yes_ask, -1) || '|' || coalesce(no_bid, -1) || '|' || coalesce(no_ask, -1) "
        "|| '|' || coalesce(last_price, -1) || '|' || coalesce(volume, -1) || '|' "
        "|| coalesce(volume_24h, -1) || '|' || coalesce(open_interest, -1) || '|' "
        "|| coalesce(liquidity, -1) FROM markets ORDER BY ticker"),
    QStringLiteral("SELECT ticker || '|' || event_ticker || '|' || result || '|' || settled_at || '|' "
                   "|| coalesce(settlement_value, -1) FROM settlements ORDER BY ticker"),
    // The snapshot time is the run's own second, different between the two runs.
    QStringLiteral("SELECT ticker || '|' || coalesce(yes_bid, -1) || '|' || coalesce(yes_ask, -1) || '|' "
                   "|| coalesce(last_price, -1) || '|' || coalesce(volume, -1) || '|' "
                   "|| coalesce(open_interest, -1) FROM price_snapshots ORDER BY ticker"),
    QStringLiteral("SELECT kind || '|' || status || '|' || pages || '|' || rows || '|' || skipped "
                   "FROM sync_runs ORDER BY id"),
};

} // namespace

class TstCliSyncPostgres : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("clipg")};
    std::unique_ptr<PgTestServer> m_server;
    QString m_cli;

    QProcess *startCli(const QStringList &arguments, QObject *parent)
    {
        auto *process = new QProcess(parent);
        process->start(m_cli, arguments);
        return process;
    }

    static CliResult collect(QProcess *process, int timeoutMs = 180000)
    {
        return KmTest::finishCli(*process, timeoutMs);
    }

    CliResult runCli(const QStringList &arguments)
    {
        QObject owner;
        return collect(startCli(arguments, &owner));
    }

    static QStringList contents(const QString &location)
    {
        QStringList tables;
        for (const QString &sql : contentQueries) {
            QStringList rows;
            for (const QVariant &row : KmTest::queryColumn(location, sql))
                rows.append(row.toString());
            tables.append(rows.join(u'\n'));
        }
        return tables;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        m_cli = KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli"));
        QVERIFY2(!m_cli.isEmpty(), "kalshi-monitor-cli was not built");
        m_server = KmTest::startPostgres();
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        m_server.reset();
    }

    // Every sync command, one after another, into SQLite and into PostgreSQL: the same output
    // counts and, row for row, the same stored data (prices, times, placeholders, runs).
    void everyCommandStoresWhatSqliteStores()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("3000"),
            QStringLiteral("--events"), QStringLiteral("150"), QStringLiteral("--settled"),
            QStringLiteral("400"), QStringLiteral("--seed"), QStringLiteral("7"),
            QStringLiteral("--tick-seconds"), frozenPrices});
        const QString file = m_dir.newDatabasePath();
        const QString url = m_server->newDatabaseUrlOrAbort();
        const QStringList network = {QStringLiteral("--api-base"), simulator->baseUrlString(),
            QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")};
        for (const char *command :
            {"sync-events", "sync-markets", "sync-settlements", "snapshot", "full-sync"}) {
            // A snapshot's time is its second: the snapshot and the full sync's snapshot must fall
            // in different seconds on both backends, or the second one rightly stores nothing.
            QTest::qWait(1100);
            const CliResult onFile
                = runCli(QStringList{QLatin1String(command), QStringLiteral("--db"), file} + network);
            const CliResult onServer
                = runCli(QStringList{QLatin1String(command), QStringLiteral("--db"), url} + network);
            QVERIFY2(onFile.exitCode == 0, onFile.err.constData());
            QVERIFY2(onServer.exitCode == 0, onServer.err.constData());
            QCOMPARE(onServer.json.value(QStringLiteral("rows")), onFile.json.value(QStringLiteral("rows")));
            QCOMPARE(
                onServer.json.value(QStringLiteral("pages")), onFile.json.value(QStringLiteral("pages")));
            QCOMPARE(onServer.json.value(QStringLiteral("ok")).toBool(), true);
        }
        QVERIFY(KmTest::countRows(url, QStringLiteral("markets")) > 2000);
        QVERIFY(KmTest::countRows(url, QStringLiteral("events WHERE is_placeholder = 1")) > 0);
        QVERIFY(KmTest::countRows(url, QStringLiteral("settlements")) > 0);
        const QStringList expected = contents(file);
        const QStringList actual = contents(url);
        QCOMPARE(actual.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i) {
            QVERIFY2(!expected.at(i).isEmpty(), qPrintable(contentQueries.at(i)));
            QVERIFY2(actual.at(i) == expected.at(i), qPrintable(contentQueries.at(i)));
        }
        // The second snapshot (full-sync) of each market is a second row, as on SQLite.
        QCOMPARE(KmTest::countRows(url, QStringLiteral("price_snapshots")),
            KmTest::countRows(file, QStringLiteral("price_snapshots")));
        QCOMPARE(KmTest::queryValue(url, QStringLiteral("SELECT version FROM km_schema_version")).toInt(),
            Schema::currentVersion());
    }

    // BUG-053's guarantee across processes on one PostgreSQL database: several syncs at once, all
    // succeed, no error reaches the user, and the results are exact.
    void concurrentSyncsAllSucceed()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("4000"),
            QStringLiteral("--events"), QStringLiteral("150"), QStringLiteral("--settled"),
            QStringLiteral("1500"), QStringLiteral("--seed"), QStringLiteral("3"),
            QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QJsonArray open = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
            QStringLiteral("status=open&mve_filter=exclude"));
        const QJsonArray settled = simulator->listAll(
            QStringLiteral("/markets"), QStringLiteral("markets"), QStringLiteral("status=settled"));
        const QString url = m_server->newDatabaseUrlOrAbort();
        const QStringList common
            = {QStringLiteral("--db"), url, QStringLiteral("--api-base"), simulator->baseUrlString(),
                QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")};
        // The first round also migrates a new database from three processes at once.
        const QList<QStringList> rounds = {
            {QStringLiteral("full-sync"), QStringLiteral("full-sync"), QStringLiteral("full-sync")},
            {QStringLiteral("sync-markets"), QStringLiteral("sync-markets"), QStringLiteral("snapshot")},
            {QStringLiteral("sync-settlements"), QStringLiteral("sync-settlements"),
                QStringLiteral("full-sync")},
        };
        int runs = 0;
        for (const QStringList &commands : rounds) {
            QObject owner;
            QList<QProcess *> processes;
            for (const QString &command : commands)
                processes.append(startCli(QStringList{command} + common, &owner));
            for (QProcess *process : std::as_const(processes)) {
                const CliResult result = collect(process);
                QVERIFY2(result.exitCode == 0, result.err.constData());
                QVERIFY2(!result.err.contains("error") && !result.err.contains("constraint"),
                    result.err.constData());
                QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(), true);
            }
        }
        for (const QStringList &commands : rounds) {
            for (const QString &command : commands)
                runs += command == QLatin1String("full-sync") ? 4 : 1;
        }
        QCOMPARE(KmTest::countRows(url, QStringLiteral("markets WHERE status = 'active'")), open.size());
        QCOMPARE(KmTest::countRows(url, QStringLiteral("settlements")), settled.size());
        QCOMPARE(KmTest::countRows(url, QStringLiteral("markets")), open.size() + settled.size());
        const qint64 times = KmTest::countRows(
            url, QStringLiteral("(SELECT DISTINCT snapshot_time FROM price_snapshots) AS t"));
        QVERIFY(times >= 1 && times <= 5);
        QCOMPARE(KmTest::countRows(url, QStringLiteral("price_snapshots")), times * open.size());
        QCOMPARE(
            KmTest::queryValue(url, QStringLiteral("SELECT sum(rows) FROM sync_runs WHERE kind = 'snapshot'"))
                .toLongLong(),
            times * open.size());
        QCOMPARE(KmTest::countRows(url, QStringLiteral("sync_runs WHERE status <> 'ok'")), 0);
        QCOMPARE(KmTest::countRows(url, QStringLiteral("sync_runs")), runs);
    }

    // A password given in the URL opens the connection but appears nowhere: not in the output, not
    // in messages, not in sync_runs.
    void passwordInTheUrlIsNeverShown()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("300"),
            QStringLiteral("--seed"), QStringLiteral("5")});
        const QString url = m_server->newDatabaseUrlOrAbort();
        const QByteArray secret = "Sekr3tPassw0rd";
        QString withPassword = url;
        withPassword.replace(QLatin1String("postgresql://km@"),
            QStringLiteral("postgresql://km:%1@").arg(QString::fromLatin1(secret)));
        QVERIFY(withPassword.contains(QLatin1String(secret)));
        CliResult result = runCli({QStringLiteral("full-sync"), QStringLiteral("--db"), withPassword,
            QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--rate-limit"),
            QStringLiteral("0"), QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY(!result.out.contains(secret));
        QVERIFY(!result.err.contains(secret));
        result = runCli(
            {QStringLiteral("init"), QStringLiteral("--db"), withPassword, QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(!result.out.contains(secret), result.out.constData());
        QCOMPARE(result.json.value(QStringLiteral("database")).toString(), Schema::displayName(url));
        const QString runs = KmTest::queryColumn(
            url, QStringLiteral("SELECT concat_ws('|', kind, status, error, owner_host) FROM sync_runs"))
                                 .constFirst()
                                 .toString();
        QVERIFY(!runs.isEmpty());
        QVERIFY(!runs.contains(QLatin1String(secret)));
        // A failing connection's message names the server without the password.
        QString wrongPort = withPassword;
        wrongPort.replace(QStringLiteral(":%1/").arg(m_server->port()), QStringLiteral(":1/"));
        QVERIFY(wrongPort != withPassword);
        result = runCli({QStringLiteral("init"), QStringLiteral("--db"), wrongPort});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("cannot open postgresql://km@127.0.0.1:1/"), result.err.constData());
        QVERIFY2(!result.err.contains(secret), result.err.constData());
    }

    void lockTimeoutIsRetriedUntilTheLockGoes_data()
    {
        QTest::addColumn<QString>("table");
        // The writer's opening prepares its INSERT on markets, which waits for the lock.
        QTest::newRow("markets: while opening") << QStringLiteral("markets");
        // Opening only reads sync_runs; the run's INSERT is the first writing transaction.
        QTest::newRow("sync_runs: in a transaction") << QStringLiteral("sync_runs");
    }
    // Another session holding a lock longer than the writer's lock_timeout (5 s): the statement
    // fails with 55P03, which is retried like SQLITE_BUSY, and the sync completes once the lock goes.
    void lockTimeoutIsRetriedUntilTheLockGoes()
    {
        QFETCH(QString, table);
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("500"),
            QStringLiteral("--seed"), QStringLiteral("9")});
        const QJsonArray open = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
            QStringLiteral("status=open&mve_filter=exclude"));
        const QString url = m_server->newDatabaseUrlOrAbort();
        QCOMPARE(runCli({QStringLiteral("init"), QStringLiteral("--db"), url}).exitCode, 0);
        QString error;
        const QString binDir = PgTestServer::findBinDir(&error);
        QVERIFY2(!binDir.isEmpty(), qPrintable(error));
        const QString database = url.section(u'/', -1);
        QProcess holder;
        holder.start(binDir + QStringLiteral("/psql"),
            {QStringLiteral("-h"), m_server->socketDirectory(), QStringLiteral("-p"),
                QString::number(m_server->port()), QStringLiteral("-U"), m_server->userName(),
                QStringLiteral("-d"), database, QStringLiteral("-c"),
                QStringLiteral("BEGIN; LOCK TABLE %1 IN SHARE ROW EXCLUSIVE MODE; "
                               "SELECT pg_sleep(7); COMMIT;")
                    .arg(table)});
        QVERIFY(holder.waitForStarted());
        const QString heldLocks
            = QStringLiteral("SELECT count(*) FROM pg_locks WHERE relation = '%1'::regclass "
                             "AND granted AND mode = 'ShareRowExclusiveLock'")
                  .arg(table);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->psql(database, heldLocks).trimmed(), QStringLiteral("1"), 5000);
        const CliResult result = runCli({QStringLiteral("sync-markets"), QStringLiteral("--db"), url,
            QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--rate-limit"),
            QStringLiteral("0"), QStringLiteral("--json")});
        QVERIFY(holder.waitForFinished(20000));
        QCOMPARE(holder.exitCode(), 0);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY2(result.err.contains("is busy"), result.err.constData());
        QCOMPARE(KmTest::countRows(url, QStringLiteral("markets")), open.size());
        QCOMPARE(KmTest::countRows(url, QStringLiteral("sync_runs WHERE status = 'ok'")), 1);
    }

    // The same data in both backends (synced from the simulator into a file, then copied to the
    // server, so that times and ids are equal too): export writes the same bytes from both, in both
    // formats and units, also where a filter on markets orders the snapshots by ticker; stats counts
    // the same snapshot rows, states and times, and measures every table on the server.
    void exportAndStatsMatchSqlite()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("1500"),
            QStringLiteral("--events"), QStringLiteral("100"), QStringLiteral("--settled"),
            QStringLiteral("300"), QStringLiteral("--seed"), QStringLiteral("11"),
            QStringLiteral("--tick-seconds"), QStringLiteral("1")});
        const QString file = m_dir.newDatabasePath();
        const QStringList network = {QStringLiteral("--db"), file, QStringLiteral("--api-base"),
            simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0")};
        // Three snapshot times, prices moving between them: runs that continue and runs that start.
        for (const char *command : {"full-sync", "snapshot", "snapshot"}) {
            QTest::qWait(1100);
            const CliResult synced = runCli(QStringList{QLatin1String(command)} + network);
            QVERIFY2(synced.exitCode == 0, synced.err.constData());
        }
        const QString url = m_server->newDatabaseUrlOrAbort();
        const CliResult copied
            = runCli({QStringLiteral("copy"), QStringLiteral("--from"), file, QStringLiteral("--to"), url});
        QVERIFY2(copied.exitCode == 0, copied.err.constData());
        const qint64 states = KmTest::countRows(file, QStringLiteral("snapshot_states"));
        QVERIFY(states > KmTest::countRows(file, QStringLiteral("markets WHERE status = 'active'")));
        QVERIFY(states < KmTest::countRows(file, QStringLiteral("price_snapshots")));
        // Two markets whose ids run against their tickers' order, and their events: filtered
        // snapshots come in ticker order on SQLite, not in the id order of an unfiltered export.
        const QStringList reversed = KmTest::queryValue(file,
            QStringLiteral("SELECT a.ticker || ',' || b.ticker || ',' || a.event_ticker FROM markets AS a "
                           "JOIN markets AS b ON a.id < b.id AND a.ticker > b.ticker "
                           "WHERE a.status = 'active' AND b.status = 'active' ORDER BY a.id, b.id LIMIT 1"))
                                         .toString()
                                         .split(u',');
        QCOMPARE(reversed.size(), 3);
        QStringList exports;
        for (const char *table : {"snapshots", "markets", "events", "settlements"}) {
            for (const char *format : {"csv", "jsonl"}) {
                exports << QStringLiteral("%1 --format %2").arg(QLatin1String(table), QLatin1String(format))
                        << QStringLiteral("%1 --format %2 --dollars")
                               .arg(QLatin1String(table), QLatin1String(format));
            }
        }
        exports << QStringLiteral("snapshots --format csv --ticker %1,%2").arg(reversed.at(0), reversed.at(1))
                << QStringLiteral("snapshots --format jsonl --dollars --event %1").arg(reversed.at(2));
        for (const QString &arguments : std::as_const(exports)) {
            const QStringList words = QStringList{QStringLiteral("export")} + arguments.split(u' ');
            const CliResult onFile = runCli(words + QStringList{QStringLiteral("--db"), file});
            const CliResult onServer = runCli(words + QStringList{QStringLiteral("--db"), url});
            QVERIFY2(onFile.exitCode == 0, onFile.err.constData());
            QVERIFY2(onServer.exitCode == 0, qPrintable(arguments + u' ' + QString::fromUtf8(onServer.err)));
            QVERIFY2(onFile.out.count('\n') > 1, qPrintable(arguments));
            QVERIFY2(onServer.out == onFile.out, qPrintable(arguments));
        }

        const CliResult fileStats
            = runCli({QStringLiteral("stats"), QStringLiteral("--db"), file, QStringLiteral("--json")});
        const CliResult serverStats
            = runCli({QStringLiteral("stats"), QStringLiteral("--db"), url, QStringLiteral("--json")});
        QVERIFY2(fileStats.exitCode == 0, fileStats.err.constData());
        QVERIFY2(serverStats.exitCode == 0, serverStats.err.constData());
        for (const char *key : {"schema_version", "events", "placeholder_events", "markets", "open_markets",
                 "settlements", "snapshots", "snapshot_states", "snapshot_times", "last_snapshot_time"}) {
            const QString name = QLatin1String(key);
            QVERIFY2(serverStats.json.value(name) == fileStats.json.value(name), key);
        }
        QCOMPARE(serverStats.json.value(QStringLiteral("snapshot_states")).toInteger(), states);
        QCOMPARE(serverStats.json.value(QStringLiteral("table_bytes_source")).toString(),
            QStringLiteral("pg_total_relation_size"));
        QVERIFY(serverStats.json.value(QStringLiteral("file_bytes")).toInteger() > 0);
        const QJsonObject tables = serverStats.json.value(QStringLiteral("table_bytes")).toObject();
        for (const char *table : {"events", "markets", "settlements", "snapshot_states", "snapshot_times"})
            QVERIFY2(tables.value(QLatin1String(table)).toInteger() > 0, table);
        const CliResult text = runCli({QStringLiteral("stats"), QStringLiteral("--db"), url});
        QVERIFY2(text.out.contains("bytes per table (with its indexes and TOAST; PostgreSQL"),
            text.out.constData());
    }

    // A database with another application's tables is refused and left untouched.
    void foreignDatabaseIsRefused()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        QString error;
        QVERIFY(KmTest::execStatements(url, {QStringLiteral("CREATE TABLE accounts(id BIGINT)")}, &error));
        const CliResult result = runCli({QStringLiteral("init"), QStringLiteral("--db"), url});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("is not a Kalshi Monitor database"), result.err.constData());
        // Read past the project's own opening, which refuses this database.
        const QString tables = m_server->psql(url.section(u'/', -1),
            QStringLiteral("SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'"),
            &error);
        QCOMPARE(tables.trimmed(), QStringLiteral("accounts"));
    }
};

KM_TEST_GUILESS_MAIN(TstCliSyncPostgres)
#include "tst_clisyncpostgres.moc"

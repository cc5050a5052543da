// kalshi-monitor-cli prune as a real process, against the test's own model of what must stay: the
// last stored row of each market in each UTC hour or day before the cutoff, every row after it;
// --keep none drops the old rows; --settled-after drops every row of the markets settled before it
// and nothing else; a dry run changes nothing and counts what the real run then removes; a prune
// beside another writer holding the lock completes and loses none of that writer's rows; incremental
// vacuum gives the pages back; malformed arguments exit 2 and leave the file alone. The same data
// copied to a throwaway PostgreSQL server prunes to the same rows there.
#include "databasefolder.h"
#include "pgtestserver.h"
#include "storage/databaselocation.h"
#include "storage/schema.h"
#include "testsupport.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <memory>

namespace {

constexpr qint64 day = 86400;

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

struct Row
{
    qint64 market = 0;
    qint64 time = 0;
    qint64 yesBid = 0;
    QString key() const { return QStringLiteral("%1:%2:%3").arg(market).arg(time).arg(yesBid); }
};

// What prune must leave: rows at or after the cutoff; before it, with a bucket, the newest row of
// each market in each bucket; every row of a settled market goes.
QStringList expectedRows(
    const QList<Row> &rows, qint64 cutoff, qint64 bucket, const QSet<qint64> &settled = {})
{
    QHash<QPair<qint64, qint64>, qint64> newestInBucket;
    for (const Row &row : rows) {
        if (row.time >= cutoff || bucket == 0)
            continue;
        const QPair<qint64, qint64> key(row.market, row.time / bucket);
        newestInBucket[key] = qMax(newestInBucket.value(key, row.time), row.time);
    }
    QStringList kept;
    for (const Row &row : rows) {
        if (settled.contains(row.market))
            continue;
        if (row.time >= cutoff
            || (bucket > 0 && newestInBucket.value({row.market, row.time / bucket}) == row.time))
            kept.append(row.key());
    }
    kept.sort();
    return kept;
}

// Inserts rows from a thread of its own, like another process's collector: the first transaction
// takes the write lock and keeps it for holdMs, then more short ones follow.
class CollectorLikeWriter final : public QThread
{
public:
    CollectorLikeWriter(QString path, QList<Row> rows, int holdMs)
        : m_path(std::move(path))
        , m_rows(std::move(rows))
        , m_holdMs(holdMs)
    {
    }
    ~CollectorLikeWriter() override { wait(); }

    QAtomicInt holding;
    QString error;

protected:
    void run() override
    {
        const QString name = QStringLiteral("collector-like-") + QUuid::createUuid().toString(QUuid::Id128);
        // On PostgreSQL the view's trigger takes the snapshot writers' advisory lock, as a prune
        // batch does; SQLite's write lock is taken by BEGIN IMMEDIATE.
        const QString begin = DatabaseLocation::isServerUrl(m_path) ? QStringLiteral("BEGIN")
                                                                    : QStringLiteral("BEGIN IMMEDIATE");
        {
            Schema::ConnectionOptions options;
            options.migrate = false;
            // Generous: a prune batch is meant to hold the lock for a fraction of a second.
            options.busyTimeoutMs = 20000;
            if (Schema::openConnection(name, m_path, options, &error)) {
                QSqlQuery query(QSqlDatabase::database(name, false));
                for (qsizetype i = 0; i < m_rows.size() && error.isEmpty(); ++i) {
                    if (!query.exec(begin)) {
                        error = query.lastError().text();
                        break;
                    }
                    const Row &row = m_rows.at(i);
                    if (!query.exec(
                            QStringLiteral("INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid) "
                                           "VALUES (%1, %2, %3)")
                                .arg(row.market)
                                .arg(row.time)
                                .arg(row.yesBid)))
                        error = query.lastError().text();
                    if (i == 0) {
                        holding.storeRelease(1);
                        QThread::msleep(m_holdMs);
                    }
                    if (!query.exec(error.isEmpty() ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK")))
                        error = query.lastError().text();
                    QThread::msleep(20);
                }
            }
        }
        Schema::closeConnection(name);
        holding.storeRelease(1);
    }

private:
    QString m_path;
    QList<Row> m_rows;
    int m_holdMs;
};

} // namespace

class TstCliPrune : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("cliprune")};
    QString m_cli;
    qint64 m_now = 0;
    qint64 m_cutoff = 0; // now - 30 days: no row lies within 10 minutes of it
    std::unique_ptr<PgTestServer> m_server; // started by the first test that needs it

    Run run(const QStringList &arguments, const QString &database)
    {
        QProcess process;
        process.start(m_cli, arguments + QStringList{QStringLiteral("--db"), database});
        Run result;
        if (!process.waitForFinished(240000))
            return result;
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

    // Four markets with rows every 5 minutes (jittered) from 40 days ago to 2 hours ago, with gaps of
    // 100 minutes; market 3 settled 20 days ago, market 4 two days ago.
    QList<Row> fillDatabase(const QString &path, int markets = 4)
    {
        const Run init = run({QStringLiteral("init")}, path);
        if (init.exitCode != 0) {
            qWarning("init failed: %s", init.err.constData());
            return {};
        }
        QList<Row> rows;
        for (qint64 market = 1; market <= markets; ++market) {
            for (qint64 i = 0;; ++i) {
                const qint64 time = m_now - 40 * day + i * 300 + (market * 7 + i * 13) % 120;
                if (time > m_now - 7200)
                    break;
                if (i % 100 >= 80 || qAbs(time - m_cutoff) < 600)
                    continue;
                rows.append({market, time, market * 1000000 + i});
            }
        }
        QStringList statements = {QStringLiteral(
            "INSERT INTO events(ticker, series_ticker, title, updated_at) VALUES ('E', 'S', 'Event', %1)")
                                      .arg(m_now)};
        for (qint64 market = 1; market <= markets; ++market) {
            statements.append(
                QStringLiteral("INSERT INTO markets(id, ticker, event_ticker, title, status, updated_at) "
                               "VALUES (%1, 'M%1', 'E', 'Market %1', 'active', %2)")
                    .arg(market)
                    .arg(m_now));
        }
        statements.append(
            QStringLiteral("INSERT INTO settlements(ticker, event_ticker, result, settled_at) VALUES "
                           "('M3', 'E', 'yes', %1), ('M4', 'E', 'no', %2)")
                .arg(m_now - 20 * day)
                .arg(m_now - 2 * day));
        for (qsizetype start = 0; start < rows.size(); start += 400) {
            QStringList values;
            for (const Row &row : rows.mid(start, 400))
                values.append(QStringLiteral("(%1, %2, %3)").arg(row.market).arg(row.time).arg(row.yesBid));
            statements.append(
                QStringLiteral("INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid) VALUES ")
                + values.join(u','));
        }
        QString error;
        if (!KmTest::execStatements(path, statements, &error)) {
            qWarning("fill failed: %s", qPrintable(error));
            return {};
        }
        return rows;
    }

    static QStringList storedRows(const QString &path)
    {
        QStringList rows;
        const QVariantList keys = KmTest::queryColumn(path,
            QStringLiteral("SELECT market_id || ':' || snapshot_time || ':' || yes_bid FROM snapshot_rows"));
        for (const QVariant &key : keys)
            rows.append(key.toString());
        rows.sort();
        return rows;
    }

    // Everything prune could touch, and what it must not: the whole file's data as text.
    static QStringList fileContents(const QString &path)
    {
        QStringList contents = storedRows(path);
        for (const QString &table :
            {QStringLiteral("markets"), QStringLiteral("settlements"), QStringLiteral("events")})
            contents.append(table + u'=' + QString::number(KmTest::countRows(path, table)));
        contents.append(QStringLiteral("version=")
            + KmTest::queryValue(path, QStringLiteral("PRAGMA user_version")).toString());
        return contents;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        m_cli = KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli"));
        QVERIFY(!m_cli.isEmpty());
        m_now = QDateTime::currentSecsSinceEpoch();
        m_cutoff = m_now - 30 * day;
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        m_server.reset();
    }

    // The fixture copied to PostgreSQL (kalshi-monitor-cli copy) and pruned there and in the file
    // alike: the same price_snapshots rows stay, the same counts come back, in more than one batch.
    void postgresPrunesLikeSqlite_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::newRow("hourly") << "--older-than 30d --keep hourly";
        QTest::newRow("daily, settled") << "--older-than 30d --keep daily --settled-after 7d";
        QTest::newRow("none") << "--older-than 30d --keep none";
    }
    void postgresPrunesLikeSqlite()
    {
        QFETCH(QString, arguments);
        const QString file = m_dir.newDatabasePath();
        const QList<Row> rows = fillDatabase(file);
        QVERIFY(!rows.isEmpty());
        if (!m_server)
            m_server = KmTest::startPostgres();
        QString error;
        const QString url = m_server->newDatabaseUrl(&error);
        QVERIFY2(!url.isEmpty(), qPrintable(error));
        QProcess copy;
        copy.start(
            m_cli, {QStringLiteral("copy"), QStringLiteral("--from"), file, QStringLiteral("--to"), url});
        QVERIFY(copy.waitForFinished(120000));
        QVERIFY2(copy.exitCode() == 0, copy.readAllStandardError().constData());
        const QString view = QStringLiteral(
            "SELECT ticker || ':' || snapshot_time || ':' || coalesce(yes_bid, -1) FROM price_snapshots");
        const auto viewRows = [&view](const QString &location) {
            QStringList keys;
            for (const QVariant &key : KmTest::queryColumn(location, view))
                keys.append(key.toString());
            keys.sort();
            return keys;
        };
        QCOMPARE(viewRows(url), viewRows(file));
        const QStringList words = QStringList{QStringLiteral("prune")} + arguments.split(u' ')
            + QStringList{QStringLiteral("--json")};
        const Run onFile = run(words, file);
        const Run onServer = run(words, url);
        QVERIFY2(onFile.exitCode == 0, onFile.err.constData());
        QVERIFY2(onServer.exitCode == 0, onServer.err.constData());
        const QStringList kept = viewRows(file);
        QVERIFY(kept.size() < rows.size());
        QCOMPARE(viewRows(url), kept);
        for (const char *key :
            {"old_rows", "old_rows_removed", "settled_markets", "settled_rows_removed", "rows_removed"}) {
            QVERIFY2(
                onServer.json().value(QLatin1String(key)) == onFile.json().value(QLatin1String(key)), key);
        }
        QVERIFY(onServer.json().value(QStringLiteral("rows_removed")).toInteger() > 0);
        QCOMPARE(onServer.json().value(QStringLiteral("auto_vacuum")).toString(), QStringLiteral("server"));
        // The dry run of the pruned data finds nothing more, as on SQLite.
        const Run again = run({QStringLiteral("prune"), QStringLiteral("--older-than"), QStringLiteral("30d"),
                                  QStringLiteral("--dry-run"), QStringLiteral("--json")},
            url);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(again.json().value(QStringLiteral("rows_removed")).toInteger(), 0);
        const Run text
            = run({QStringLiteral("prune"), QStringLiteral("--older-than"), QStringLiteral("30d")}, url);
        QVERIFY2(text.out.contains("VACUUM FULL would shrink them"), text.out.constData());
    }

    void thinsToTheLastStatePerBucket_data()
    {
        QTest::addColumn<QString>("keep");
        QTest::addColumn<qint64>("bucket");
        QTest::newRow("hourly") << QStringLiteral("hourly") << qint64(3600);
        QTest::newRow("daily") << QStringLiteral("daily") << qint64(day);
        QTest::newRow("none") << QStringLiteral("none") << qint64(0);
    }

    void thinsToTheLastStatePerBucket()
    {
        QFETCH(QString, keep);
        QFETCH(qint64, bucket);
        const QString path = m_dir.newDatabasePath();
        const QList<Row> rows = fillDatabase(path);
        QVERIFY(!rows.isEmpty());
        const QStringList expected = expectedRows(rows, m_cutoff, bucket);
        QVERIFY(expected.size() < rows.size());
        const Run result
            = run({QStringLiteral("prune"), QStringLiteral("--older-than"), QStringLiteral("30d"),
                      QStringLiteral("--keep"), keep, QStringLiteral("--json")},
                path);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(storedRows(path), expected);
        const QJsonObject json = result.json();
        QCOMPARE(json.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(json.value(QStringLiteral("rows_removed")).toInteger(), rows.size() - expected.size());
        qint64 old = 0;
        for (const Row &row : rows)
            old += row.time < m_cutoff ? 1 : 0;
        QCOMPARE(json.value(QStringLiteral("old_rows")).toInteger(), old);
        QCOMPARE(json.value(QStringLiteral("keep")).toString(), keep);
        // A second prune finds nothing more to remove.
        const Run again = run({QStringLiteral("prune"), QStringLiteral("--older-than"), QStringLiteral("30d"),
                                  QStringLiteral("--keep"), keep, QStringLiteral("--json")},
            path);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(again.json().value(QStringLiteral("rows_removed")).toInteger(), 0);
        QCOMPARE(storedRows(path), expected);
    }

    void settledAfterDropsOnlyMarketsSettledBeforeIt()
    {
        const QString path = m_dir.newDatabasePath();
        const QList<Row> rows = fillDatabase(path);
        QVERIFY(!rows.isEmpty());
        // Market 3 settled 20 days ago: all its rows go, newer than 30 days too. Market 4 settled 2
        // days ago, after the 7-day line: it is thinned like the open markets, nothing more.
        const QStringList expected = expectedRows(rows, m_cutoff, 3600, {3});
        const Run result
            = run({QStringLiteral("prune"), QStringLiteral("--older-than"), QStringLiteral("30d"),
                      QStringLiteral("--settled-after"), QStringLiteral("7d"), QStringLiteral("--json")},
                path);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(storedRows(path), expected);
        const QJsonObject json = result.json();
        QCOMPARE(json.value(QStringLiteral("settled_markets")).toInteger(), 1);
        QCOMPARE(json.value(QStringLiteral("settled_rows_removed")).toInteger(),
            std::count_if(rows.cbegin(), rows.cend(), [](const Row &row) { return row.market == 3; }));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("snapshot_rows WHERE market_id = 3")), 0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 4);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("settlements")), 2);
    }

    void dryRunChangesNothingAndCountsWhatTheRunRemoves()
    {
        const QString path = m_dir.newDatabasePath();
        const QList<Row> rows = fillDatabase(path);
        QVERIFY(!rows.isEmpty());
        const QStringList arguments = {QStringLiteral("prune"), QStringLiteral("--older-than"),
            QStringLiteral("30d"), QStringLiteral("--keep"), QStringLiteral("daily"),
            QStringLiteral("--settled-after"), QStringLiteral("7d"), QStringLiteral("--json")};
        // A run left 'running' by a process of this host that is gone: opening a writer would mark it
        // abandoned; a dry run must not.
        QVERIFY(KmTest::execStatements(path,
            {QStringLiteral("INSERT INTO sync_runs(kind, started_at, status, owner_pid, owner_host) "
                            "VALUES ('snapshot', %1, 'running', 2147483000, '%2')")
                    .arg(m_now - 600)
                    .arg(QSysInfo::machineHostName())}));
        const QStringList before = fileContents(path);
        const Run dry = run(arguments + QStringList{QStringLiteral("--dry-run")}, path);
        QVERIFY2(dry.exitCode == 0, dry.err.constData());
        QCOMPARE(fileContents(path), before);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT status FROM sync_runs")).toString(),
            QStringLiteral("running"));
        const QJsonObject counted = dry.json();
        QCOMPARE(counted.value(QStringLiteral("dry_run")).toBool(), true);
        QVERIFY(counted.value(QStringLiteral("rows_removed")).toInteger() > 0);

        const Run real = run(arguments, path);
        QVERIFY2(real.exitCode == 0, real.err.constData());
        const QJsonObject removed = real.json();
        for (const QString &key : {QStringLiteral("old_rows"), QStringLiteral("old_rows_removed"),
                 QStringLiteral("old_rows_kept"), QStringLiteral("settled_markets"),
                 QStringLiteral("settled_rows_removed"), QStringLiteral("rows_removed")}) {
            QCOMPARE(removed.value(key).toInteger(), counted.value(key).toInteger());
        }
        QCOMPARE(qint64(storedRows(path).size()),
            rows.size() - counted.value(QStringLiteral("rows_removed")).toInteger());
        QCOMPARE(storedRows(path), expectedRows(rows, m_cutoff, day, {3}));

        // The text form says the same without --json.
        const Run text = run({QStringLiteral("prune"), QStringLiteral("--older-than"), QStringLiteral("30d"),
                                 QStringLiteral("--dry-run")},
            path);
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QVERIFY2(text.out.contains("dry run, nothing changed"), text.out.constData());
    }

    // A collector's transaction holds the write lock (SQLite's, taken by BEGIN IMMEDIATE; on
    // PostgreSQL the snapshot writers' advisory lock) for 1.5 s while the prune's first batch waits
    // for it; then both go on, nothing is lost, and the prune keeps the right rows.
    void prunesBesideAWriterHoldingTheLock_data()
    {
        QTest::addColumn<bool>("onServer");
        QTest::addColumn<int>("markets");
        // More rows than one batch takes: 24 markets of about 9,000 rows; fewer on the server,
        // where copying them there is most of the test's time.
        QTest::newRow("sqlite") << false << 24;
        QTest::newRow("postgresql") << true << 8;
    }
    void prunesBesideAWriterHoldingTheLock()
    {
        QFETCH(bool, onServer);
        QFETCH(int, markets);
        const QString file = m_dir.newDatabasePath();
        const QList<Row> rows = fillDatabase(file, markets);
        QVERIFY(!rows.isEmpty());
        QString location = file;
        if (onServer) {
            if (!m_server)
                m_server = KmTest::startPostgres();
            location = m_server->newDatabaseUrlOrAbort();
            QProcess copy;
            copy.start(m_cli,
                {QStringLiteral("copy"), QStringLiteral("--from"), file, QStringLiteral("--to"), location});
            QVERIFY(copy.waitForFinished(120000));
            QVERIFY2(copy.exitCode() == 0, copy.readAllStandardError().constData());
            QCOMPARE(storedRows(location), storedRows(file));
        }
        QList<Row> newer;
        for (qint64 i = 0; i < 40; ++i)
            newer.append({1 + i % markets, m_now - 3600 + i, 777000000 + i});
        CollectorLikeWriter writer(location, newer, 1500);
        writer.start();
        QTRY_VERIFY(writer.holding.loadAcquire() == 1);
        const Run result = run({QStringLiteral("prune"), QStringLiteral("--older-than"),
                                   QStringLiteral("30d"), QStringLiteral("--json")},
            location);
        QVERIFY(writer.wait(120000));
        QVERIFY2(writer.error.isEmpty(), qPrintable(writer.error));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY2(result.json().value(QStringLiteral("batches")).toInteger() > 1, result.out.constData());
        QCOMPARE(storedRows(location), expectedRows(rows + newer, m_cutoff, 3600));
    }

    void incrementalVacuumGivesPagesBack()
    {
        const QString path = m_dir.newDatabasePath();
        QVERIFY(!fillDatabase(path).isEmpty());
        QString error;
        QVERIFY2(KmTest::execStatements(path,
                     {QStringLiteral("PRAGMA auto_vacuum = INCREMENTAL"), QStringLiteral("VACUUM")}, &error),
            qPrintable(error));
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA auto_vacuum")).toInt(), 2);
        const qint64 pagesBefore = KmTest::queryValue(path, QStringLiteral("PRAGMA page_count")).toLongLong();
        const Run result
            = run({QStringLiteral("prune"), QStringLiteral("--older-than"), QStringLiteral("30d"),
                      QStringLiteral("--keep"), QStringLiteral("none"), QStringLiteral("--json")},
                path);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject json = result.json();
        QCOMPARE(json.value(QStringLiteral("auto_vacuum")).toString(), QStringLiteral("incremental"));
        QVERIFY(json.value(QStringLiteral("vacuumed_bytes")).toInteger() > 0);
        QCOMPARE(json.value(QStringLiteral("vacuum_needed")).toBool(), false);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA freelist_count")).toLongLong(), 0);
        QVERIFY(KmTest::queryValue(path, QStringLiteral("PRAGMA page_count")).toLongLong() < pagesBefore);
    }

    void withoutAutoVacuumSaysVacuumIsNeeded()
    {
        const QString path = m_dir.newDatabasePath();
        QVERIFY(!fillDatabase(path).isEmpty());
        const QStringList arguments = {QStringLiteral("prune"), QStringLiteral("--older-than"),
            QStringLiteral("30d"), QStringLiteral("--keep"), QStringLiteral("none")};
        const Run text = run(arguments + QStringList{QStringLiteral("--dry-run")}, path);
        QVERIFY2(text.exitCode == 0, text.err.constData());
        const Run result = run(arguments + QStringList{QStringLiteral("--json")}, path);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject json = result.json();
        QCOMPARE(json.value(QStringLiteral("auto_vacuum")).toString(), QStringLiteral("none"));
        QCOMPARE(json.value(QStringLiteral("vacuum_needed")).toBool(), true);
        QVERIFY(json.value(QStringLiteral("free_bytes")).toInteger()
            > json.value(QStringLiteral("free_bytes_before")).toInteger());
    }

    void malformedArgumentsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("named");
        const QString prune = QStringLiteral("prune");
        const QString olderThan = QStringLiteral("--older-than");
        QTest::newRow("no --older-than") << QStringList{prune} << QStringLiteral("--older-than");
        QTest::newRow("unknown unit")
            << QStringList{prune, olderThan, QStringLiteral("30x")} << QStringLiteral("'30x'");
        QTest::newRow("bare number") << QStringList{prune, olderThan, QStringLiteral("30")}
                                     << QStringLiteral("--older-than '30'");
        QTest::newRow("zero") << QStringList{prune, olderThan, QStringLiteral("0d")}
                              << QStringLiteral("'0d'");
        QTest::newRow("keep") << QStringList{prune, olderThan, QStringLiteral("30d"),
            QStringLiteral("--keep"), QStringLiteral("weekly")}
                              << QStringLiteral("--keep 'weekly'");
        QTest::newRow("settled-after") << QStringList{prune, olderThan, QStringLiteral("30d"),
            QStringLiteral("--settled-after"), QStringLiteral("-7d")}
                                       << QStringLiteral("--settled-after '-7d'");
        QTest::newRow("extra word") << QStringList{prune, QStringLiteral("now"), olderThan,
            QStringLiteral("30d")} << QStringLiteral("'now'");
        QTest::newRow("--dry-run elsewhere") << QStringList{QStringLiteral("stats"),
            QStringLiteral("--dry-run")} << QStringLiteral("--dry-run");
        QTest::newRow("--older-than elsewhere") << QStringList{QStringLiteral("init"), olderThan,
            QStringLiteral("30d")} << QStringLiteral("--older-than");
    }

    void malformedArgumentsExitTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, named);
        static QString path;
        if (path.isEmpty()) {
            path = m_dir.newDatabasePath();
            QVERIFY(!fillDatabase(path).isEmpty());
        }
        const QStringList before = fileContents(path);
        const Run result = run(arguments, path);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(named.toUtf8()), result.err.constData());
        QCOMPARE(fileContents(path), before);
    }
};

KM_TEST_GUILESS_MAIN(TstCliPrune)
#include "tst_cliprune.moc"

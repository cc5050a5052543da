// Schema version 1 -> 2: markets.id replaces the market_ids table; 2 -> 3: sync_runs records its owner.
// Version-1 files are built by running resources/sql/001_initial.sql alone, then migrated through Schema as
// the app does.
#include "databasefolder.h"
#include "recordfactory.h"
#include "startwriter.h"
#include "storage/schema.h"
#include "storage/writerthread.h"
#include "testsupport.h"
#include "writelock.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sqlite3.h>

#include <memory>
#include <vector>

namespace {

using KmTest::startWriter;

// The fixture's markets in insertion order, so that id order differs from ticker order.
const QStringList fixtureTickers = {QStringLiteral("KX-ZULU"), QStringLiteral("KX-ALPHA"),
    QStringLiteral("KX-MIKE"), QStringLiteral("KX-BRAVO"), QStringLiteral("KX-YANKEE")};
// KX-MIKE's id is moved to 1000 after its insert (the next markets get 1001, 1002): ids need not be
// dense, and must be kept as they are.
constexpr qint64 movedId = 1000;
constexpr qint64 largestFixtureId = 1002;
constexpr int snapshotsPerMarket = 3;
constexpr qint64 firstSnapshotTime = 1790000000;

qint64 expectedFixtureId(const QString &ticker)
{
    const qsizetype mike = fixtureTickers.indexOf(QStringLiteral("KX-MIKE"));
    const qsizetype index = fixtureTickers.indexOf(ticker);
    return index < mike ? index + 1 : movedId + (index - mike);
}

// yes_bid of a fixture snapshot: names the market and the time, so a wrong join shows.
qint64 fixtureYesBid(int market, int point)
{
    return 10000 * (market + 1) + point;
}

// The statements that fill a version-1 file the way the version-1 writer did (foreign keys on).
QStringList fixtureStatements()
{
    QStringList statements = {QStringLiteral(
        "INSERT INTO events(ticker, series_ticker, title, updated_at) VALUES ('E1', 'KX', 'Event 1', 5), "
        "('E2', 'KX', 'Event 2', 6)")};
    for (int i = 0; i < fixtureTickers.size(); ++i) {
        statements << QStringLiteral(
            "INSERT INTO markets(ticker, event_ticker, series_ticker, market_type, title, subtitle, "
            "status, open_time, close_time, yes_bid, yes_ask, volume, updated_at) "
            "VALUES ('%1', 'E%2', 'KX', 'binary', 'Title %1', 'sub %3', 'active', %4, %5, %6, %7, %8, 100)")
                          .arg(fixtureTickers.at(i))
                          .arg(1 + i % 2)
                          .arg(i)
                          .arg(1700000000 + i)
                          .arg(1800000000 - i)
                          .arg(10000 * i)
                          .arg(10000 * i + 500)
                          .arg(7 * i);
        if (fixtureTickers.at(i) == QStringLiteral("KX-MIKE"))
            statements
                << QStringLiteral("UPDATE market_ids SET id = %1 WHERE ticker = 'KX-MIKE'").arg(movedId);
    }
    // An upsert that updates fires no INSERT trigger and keeps the id.
    statements << QStringLiteral(
        "INSERT INTO markets(ticker, event_ticker, title, status, updated_at) VALUES ('KX-ALPHA', 'E2', "
        "'Alpha v2', "
        "'closed', 200) ON CONFLICT(ticker) DO UPDATE SET title = excluded.title, status = excluded.status, "
        "updated_at = excluded.updated_at");
    for (int point = 0; point < snapshotsPerMarket; ++point) {
        for (int i = 0; i < fixtureTickers.size(); ++i) {
            statements << QStringLiteral(
                "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, volume) "
                "VALUES ((SELECT id FROM market_ids WHERE ticker = '%1'), %2, %3, %4)")
                              .arg(fixtureTickers.at(i))
                              .arg(firstSnapshotTime + 300 * point)
                              .arg(fixtureYesBid(i, point))
                              .arg(point);
        }
    }
    statements << QStringLiteral(
        "INSERT INTO settlements(ticker, event_ticker, result, settled_at, settlement_value) "
        "VALUES ('KX-BRAVO', 'E2', 'yes', 1790009999, 1000000)")
               << QStringLiteral("INSERT INTO sync_runs(kind, started_at, finished_at, status, pages, rows) "
                                 "VALUES ('full', 1, 2, 'ok', 3, 4)");
    return statements;
}

// Runs the version-1 script alone plus `statements` through SQLite itself, in WAL mode as the app
// leaves its files.
bool createVersion1(const QString &path, const QStringList &statements, QString *error)
{
    QFile file(QStringLiteral(":/sql/001_initial.sql"));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("no :/sql/001_initial.sql");
        return false;
    }
    const QByteArray script = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; BEGIN;\n" + file.readAll()
        + '\n' + statements.join(QStringLiteral(";\n")).toUtf8() + ";\nPRAGMA user_version = 1; COMMIT;";
    sqlite3 *db = nullptr;
    int rc = sqlite3_open_v2(
        QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    char *message = nullptr;
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, script.constData(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK)
        *error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    sqlite3_close(db);
    return rc == SQLITE_OK;
}

// Every row of every statement's result as text, one string per row.
QStringList rows(const QString &connection, const QString &sql)
{
    QStringList result;
    QSqlQuery query(QSqlDatabase::database(connection, false));
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        result << QStringLiteral("ERROR: ") + query.lastError().text();
        return result;
    }
    while (query.next()) {
        QStringList values;
        for (int i = 0; i < query.record().count(); ++i)
            values << (query.isNull(i) ? QStringLiteral("NULL") : query.value(i).toString());
        result << values.join(u'|');
    }
    query.finish();
    return result;
}

// The same through a private connection to the file.
QStringList fileRows(const QString &path, const QString &sql)
{
    const QString name = QStringLiteral("tst-schemamigration-rows");
    QStringList result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open())
            result = rows(name, sql);
        else
            result << QStringLiteral("ERROR: ") + db.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

// The whole logical content of a file: version, schema objects and every table's rows.
QStringList dump(const QString &path)
{
    QStringList result = fileRows(path, QStringLiteral("PRAGMA user_version"));
    result += fileRows(
        path, QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"));
    const QStringList tables = fileRows(path,
        QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'table' "
                       "ORDER BY name"));
    for (const QString &table : tables)
        result += fileRows(path, QStringLiteral("SELECT '%1', * FROM \"%1\"").arg(table));
    return result;
}

// The columns a table had in version 1 (sync_runs gained its owner in version 3).
QString columnsOfVersion1(const QString &table)
{
    if (table == QStringLiteral("sync_runs"))
        return QStringLiteral(
            "id, kind, started_at, finished_at, status, pages, rows, skipped, retries, error");
    return QStringLiteral("*");
}

// Applies resources/sql/002_market_id.sql to a version-1 file the way the version-2 build did.
bool migrateToVersion2(const QString &path, QString *error)
{
    QFile file(QStringLiteral(":/sql/002_market_id.sql"));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("no :/sql/002_market_id.sql");
        return false;
    }
    const QByteArray script
        = "PRAGMA foreign_keys = OFF; BEGIN;\n" + file.readAll() + "\nPRAGMA user_version = 2; COMMIT;";
    sqlite3 *db = nullptr;
    int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE, nullptr);
    char *message = nullptr;
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, script.constData(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK)
        *error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    sqlite3_close(db);
    return rc == SQLITE_OK;
}

const QString marketColumns = QStringLiteral(
    "ticker, event_ticker, series_ticker, market_type, title, subtitle, yes_sub_title, no_sub_title, status, "
    "result, open_time, close_time, expiration_time, settlement_ts, yes_bid, yes_ask, no_bid, no_ask, "
    "last_price, volume, volume_24h, open_interest, liquidity, updated_at");

} // namespace

class TstSchemaMigration : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("v1")};
    int m_counter = 0;

    QString newPath() { return m_dir.newDatabasePath(); }
    QString nextConnection() { return QStringLiteral("tst-schemamigration-%1").arg(++m_counter); }

    static BatchResult writeOne(WriterThread &thread, const WriteBatch &batch)
    {
        QSignalSpy spy(thread.writer(), &DatabaseWriter::batchWritten);
        DatabaseWriter *writer = thread.writer();
        QMetaObject::invokeMethod(
            writer, [writer, batch] { writer->write(batch); }, Qt::QueuedConnection);
        if (!QTest::qWaitFor([&] { return !spy.isEmpty(); }, 30000))
            return {};
        return spy.at(0).at(0).value<BatchResult>();
    }

    // What a correctly migrated fixture file holds (the checks after any successful migration).
    static void verifyMigratedSchema(const QString &connection)
    {
        QCOMPARE(rows(connection, QStringLiteral("PRAGMA user_version")),
            QStringList{QString::number(Schema::currentVersion())});
        // The only triggers are those that keep the full-text index (006) current and the two of
        // the snapshot layout (007).
        QCOMPARE(
            rows(connection,
                QStringLiteral("SELECT name FROM sqlite_schema WHERE name IN ('market_ids', 'markets_v2') "
                               "OR (type = 'trigger' AND name NOT LIKE 'market\\_search\\_%' ESCAPE '\\' "
                               "AND name NOT IN ('snapshot_times_in_order', 'snapshot_rows_insert'))")),
            QStringList());
        QCOMPARE(
            rows(connection, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'")),
            QStringList{QStringLiteral("6")});
        QCOMPARE(
            rows(connection,
                QStringLiteral(
                    "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('snapshot_states')")),
            QStringList{QStringLiteral("markets|market_id|id")});
        QCOMPARE(rows(connection,
                     QStringLiteral(
                         "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('settlements')")),
            QStringList{QStringLiteral("markets|ticker|ticker")});
        QCOMPARE(
            rows(connection,
                QStringLiteral("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('markets')")),
            QStringList{QStringLiteral("events|event_ticker|ticker")});
        QCOMPARE(rows(connection, QStringLiteral("PRAGMA foreign_key_check")), QStringList());
        // Version 5: the watchlist and alerts, empty after a migration.
        QCOMPARE(
            rows(connection,
                QStringLiteral("SELECT (SELECT count(*) FROM watchlist) + (SELECT count(*) FROM alert_rules) "
                               "+ (SELECT count(*) FROM alert_events)")),
            QStringList{QStringLiteral("0")});
        QCOMPARE(rows(connection,
                     QStringLiteral(
                         "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('alert_events')")),
            QStringList{QStringLiteral("alert_rules|rule_id|id")});
        QCOMPARE(
            rows(connection, QStringLiteral("PRAGMA integrity_check")), QStringList{QStringLiteral("ok")});
        QCOMPARE(rows(connection,
                     QStringLiteral("SELECT group_concat(name, ', ') FROM pragma_table_info('markets')")),
            QStringList{QStringLiteral("id, ") + marketColumns});
        QCOMPARE(
            rows(connection, QStringLiteral("SELECT name FROM pragma_table_info('markets') WHERE pk = 1")),
            QStringList{QStringLiteral("id")});
        QCOMPARE(rows(connection,
                     QStringLiteral("SELECT name || ':' || tbl_name FROM sqlite_schema WHERE type = 'index' "
                                    "AND sql IS NOT NULL AND tbl_name = 'markets' ORDER BY name")),
            (QStringList{QStringLiteral("markets_close_time:markets"),
                QStringLiteral("markets_event:markets"), QStringLiteral("markets_status:markets"),
                QStringLiteral("markets_status_volume_24h:markets")}));
        QCOMPARE(rows(connection,
                     QStringLiteral("SELECT group_concat(name, ', ') FROM pragma_table_info('sync_runs')")),
            QStringList{
                QStringLiteral("id, kind, started_at, finished_at, status, pages, rows, skipped, retries, "
                               "error, owner_pid, owner_host, owner_started_at")});
        // ticker stays UNIQUE (settlements' foreign key needs it) and NOT NULL.
        QCOMPARE(rows(connection,
                     QStringLiteral("SELECT il.\"unique\", ii.name FROM pragma_index_list('markets') AS il "
                                    "JOIN pragma_index_info(il.name) AS ii WHERE il.origin = 'u'")),
            QStringList{QStringLiteral("1|ticker")});
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        // The fixtures below are files of versions 1 to 3; 004 (candles), 005 (watchlist, alerts) and
        // 006 (the markets' full-text index) only add tables and triggers; 007 moves the snapshot
        // rows into runs behind the same views (tst_snapshotstates checks every row of that); 008
        // adds an index on markets (the browser's status group and 24 h volume); 009 builds the
        // full-text index again with prefix indexes (PostgreSQL: nothing); 010 is empty on SQLite
        // (PostgreSQL: markets' foreign key to events dropped; tst_databasewriterpostgres).
        QCOMPARE(Schema::currentVersion(), 10);
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void version1IsMigratedKeepingIds_data()
    {
        QTest::addColumn<bool>("marketWithoutId");
        QTest::newRow("every market has an id") << false;
        // With the trigger dropped by hand, a market could exist without an id (and so without
        // snapshots): it gets a new id above every kept one.
        QTest::newRow("a market without an id") << true;
    }

    void version1IsMigratedKeepingIds()
    {
        QFETCH(bool, marketWithoutId);
        const QString path = newPath();
        QStringList statements = fixtureStatements();
        if (marketWithoutId) {
            statements << QStringLiteral("DROP TRIGGER markets_assign_id")
                       << QStringLiteral(
                              "INSERT INTO markets(ticker, event_ticker, title, status, updated_at) "
                              "VALUES ('KX-NOID', 'E1', 'No id', 'active', 300)")
                       << QStringLiteral("CREATE TRIGGER markets_assign_id AFTER INSERT ON markets BEGIN "
                                         "INSERT INTO market_ids(ticker) VALUES (new.ticker) ON "
                                         "CONFLICT(ticker) DO NOTHING; END");
        }
        QString error;
        QVERIFY2(createVersion1(path, statements, &error), qPrintable(error));
        QCOMPARE(fileRows(path, QStringLiteral("PRAGMA user_version")), QStringList{QStringLiteral("1")});
        // The fixture's ids as version 1 stored them.
        QStringList expectedIds;
        for (const QString &ticker : fixtureTickers)
            expectedIds << ticker + u'|' + QString::number(expectedFixtureId(ticker));
        expectedIds.sort();
        QCOMPARE(
            fileRows(path, QStringLiteral("SELECT ticker, id FROM market_ids ORDER BY ticker")), expectedIds);
        if (marketWithoutId) {
            expectedIds << QStringLiteral("KX-NOID|%1").arg(largestFixtureId + 1);
            expectedIds.sort();
        }

        const QString marketsSql
            = QStringLiteral("SELECT %1 FROM markets ORDER BY ticker").arg(marketColumns);
        const QString snapshotRowsSql
            = QStringLiteral("SELECT * FROM snapshot_rows ORDER BY market_id, snapshot_time");
        const QString viewSql
            = QStringLiteral("SELECT * FROM price_snapshots ORDER BY ticker, snapshot_time");
        const QStringList marketsBefore = fileRows(path, marketsSql);
        const QStringList snapshotRowsBefore = fileRows(path, snapshotRowsSql);
        const QStringList viewBefore = fileRows(path, viewSql);
        QStringList untouchedBefore;
        for (const QString &table :
            {QStringLiteral("events"), QStringLiteral("settlements"), QStringLiteral("sync_runs")})
            untouchedBefore += fileRows(
                path, QStringLiteral("SELECT '%1', %2 FROM %1").arg(table, columnsOfVersion1(table)));
        QCOMPARE(marketsBefore.size(), fixtureTickers.size() + (marketWithoutId ? 1 : 0));
        QCOMPARE(snapshotRowsBefore.size(), fixtureTickers.size() * snapshotsPerMarket);

        const QString name = nextConnection();
        QVERIFY2(Schema::openConnection(name, path, {}, &error), qPrintable(error));
        verifyMigratedSchema(name);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(rows(name, QStringLiteral("PRAGMA foreign_keys")), QStringList{QStringLiteral("1")});
        QCOMPARE(rows(name, QStringLiteral("SELECT ticker, id FROM markets ORDER BY ticker")), expectedIds);
        QCOMPARE(rows(name, marketsSql), marketsBefore);
        QCOMPARE(rows(name, snapshotRowsSql), snapshotRowsBefore);
        QCOMPARE(rows(name, viewSql), viewBefore);
        QStringList untouchedAfter;
        for (const QString &table :
            {QStringLiteral("events"), QStringLiteral("settlements"), QStringLiteral("sync_runs")})
            untouchedAfter
                += rows(name, QStringLiteral("SELECT '%1', %2 FROM %1").arg(table, columnsOfVersion1(table)));
        QCOMPARE(untouchedAfter, untouchedBefore);

        // The view joins every snapshot to the market it was written for.
        QStringList expectedView;
        for (int i = 0; i < fixtureTickers.size(); ++i) {
            for (int point = 0; point < snapshotsPerMarket; ++point)
                expectedView << QStringLiteral("%1|%2|%3")
                                    .arg(fixtureTickers.at(i))
                                    .arg(firstSnapshotTime + 300 * point)
                                    .arg(fixtureYesBid(i, point));
        }
        expectedView.sort();
        QCOMPARE(rows(name,
                     QStringLiteral("SELECT ticker, snapshot_time, yes_bid FROM price_snapshots ORDER BY "
                                    "ticker, snapshot_time")),
            expectedView);

        // The foreign keys are enforced again on the migrated connection.
        {
            QSqlQuery query(QSqlDatabase::database(name));
            QVERIFY(!query.exec(
                QStringLiteral("INSERT INTO snapshot_rows(market_id, snapshot_time) VALUES (424242, 1)")));
            QCOMPARE(query.lastError().nativeErrorCode().toInt() & 0xFF, SQLITE_CONSTRAINT);
            QVERIFY(!query.exec(
                QStringLiteral("INSERT INTO settlements(ticker, event_ticker, result, settled_at) "
                               "VALUES ('KX-NOWHERE', 'E1', 'no', 1)")));
            QCOMPARE(query.lastError().nativeErrorCode().toInt() & 0xFF, SQLITE_CONSTRAINT);
        }
        Schema::closeConnection(name);

        // The writer of this build: a new market gets a fresh id above every old one, an upsert of
        // an old market keeps its id, and snapshots find both by ticker.
        auto writer = startWriter(path);
        WriteBatch batch;
        batch.kind = WriteBatch::Kind::Snapshots;
        MarketRecord known = RecordFactory::market(3, 1);
        known.ticker = QStringLiteral("KX-ZULU");
        known.eventTicker = QStringLiteral("E1");
        batch.markets << RecordFactory::market(7) << known;
        SnapshotRecord zulu = RecordFactory::snapshot(3, firstSnapshotTime + 3600);
        zulu.ticker = QStringLiteral("KX-ZULU");
        zulu.yesBid = 123456;
        batch.snapshots << RecordFactory::snapshot(7, firstSnapshotTime + 3600) << zulu;
        const BatchResult result = writeOne(*writer, batch);
        QVERIFY2(result.ok, qPrintable(result.error));
        writer->stop();
        writer.reset();

        const qint64 newId = KmTest::queryValue(path,
            QStringLiteral("SELECT id FROM markets WHERE ticker = '%1'").arg(RecordFactory::marketTicker(7)))
                                 .toLongLong();
        QVERIFY2(newId > largestFixtureId + (marketWithoutId ? 1 : 0), qPrintable(QString::number(newId)));
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT id FROM markets WHERE ticker = 'KX-ZULU'"))
                     .toLongLong(),
            1);
        QCOMPARE(
            KmTest::queryValue(path, QStringLiteral("SELECT title FROM markets WHERE ticker = 'KX-ZULU'"))
                .toString(),
            known.title);
        QCOMPARE(fileRows(path,
                     QStringLiteral("SELECT market_id, yes_bid FROM snapshot_rows WHERE snapshot_time = %1 "
                                    "ORDER BY market_id")
                         .arg(firstSnapshotTime + 3600)),
            (QStringList{QStringLiteral("1|123456"),
                QStringLiteral("%1|%2").arg(newId).arg(*RecordFactory::snapshot(7, 0).yesBid)}));
        QCOMPARE(
            fileRows(path,
                QStringLiteral("SELECT ticker FROM price_snapshots WHERE snapshot_time = %1 ORDER BY ticker")
                    .arg(firstSnapshotTime + 3600)),
            (QStringList{QStringLiteral("KX-ZULU"), RecordFactory::marketTicker(7)}));
    }

    // Version 2 -> 3: sync_runs gains its owner; a run left 'running' by an older build, whose
    // process nothing can check, becomes 'abandoned' with its pages and rows; the rest is kept.
    void version2GainsSyncRunOwners()
    {
        const QString path = newPath();
        QString error;
        QVERIFY2(createVersion1(path,
                     fixtureStatements()
                         << QStringLiteral("INSERT INTO sync_runs(kind, started_at, status, pages, rows) "
                                           "VALUES ('markets', 10, 'running', 2, 2000)"),
                     &error),
            qPrintable(error));
        QVERIFY2(migrateToVersion2(path, &error), qPrintable(error));
        QCOMPARE(fileRows(path, QStringLiteral("PRAGMA user_version")), QStringList{QStringLiteral("2")});
        const QStringList tablesBefore = fileRows(path,
            QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'table' "
                           "AND name <> 'sync_runs' ORDER BY name"));
        QStringList contentBefore;
        for (const QString &table : tablesBefore)
            contentBefore += fileRows(path, QStringLiteral("SELECT '%1', * FROM \"%1\"").arg(table));

        const QString name = nextConnection();
        QVERIFY2(Schema::openConnection(name, path, {}, &error), qPrintable(error));
        verifyMigratedSchema(name);
        if (QTest::currentTestFailed())
            return;
        QStringList contentAfter;
        for (const QString &table : tablesBefore)
            contentAfter += rows(name, QStringLiteral("SELECT '%1', * FROM \"%1\"").arg(table));
        QCOMPARE(contentAfter, contentBefore);
        QCOMPARE(rows(name,
                     QStringLiteral(
                         "SELECT kind, status, pages, rows, coalesce(error, 'NULL'), owner_pid, owner_host, "
                         "owner_started_at FROM sync_runs ORDER BY id")),
            (QStringList{QStringLiteral("full|ok|3|4|NULL|NULL|NULL|NULL"),
                QStringLiteral("markets|abandoned|2|2000|ended without finishing before Kalshi Monitor "
                               "recorded sync owners|NULL|NULL|NULL")}));
        Schema::closeConnection(name);
    }

    // 006 indexes the markets already stored (ticker, title, subtitles, event title), and its
    // triggers keep the index current: a changed title, a new market, an event's new title.
    void version6IndexesMarketsForSearch()
    {
        const QString path = newPath();
        QString error;
        QVERIFY2(createVersion1(path, fixtureStatements(), &error), qPrintable(error));
        const QString name = nextConnection();
        QVERIFY2(Schema::openConnection(name, path, {}, &error), qPrintable(error));
        const QString indexed
            = QStringLiteral("SELECT rowid, ticker, title, subtitles, coalesce(event_title, 'NULL') "
                             "FROM market_search ORDER BY rowid");
        const QString expected = QStringLiteral(
            "SELECT m.id, m.ticker, m.title, trim(coalesce(m.subtitle, '') || ' ' || "
            "coalesce(m.yes_sub_title, '') "
            "|| ' ' || coalesce(m.no_sub_title, '')), coalesce(e.title, 'NULL') FROM markets m "
            "LEFT JOIN events e ON e.ticker = m.event_ticker ORDER BY m.id");
        const QStringList before = rows(name, expected);
        QVERIFY(!before.isEmpty());
        QCOMPARE(rows(name, indexed), before);
        // Version 9 built it again, with prefix indexes for short last words, from the same rows.
        QVERIFY(rows(name, QStringLiteral("SELECT sql FROM sqlite_master WHERE name = 'market_search'"))
                    .value(0)
                    .contains(QStringLiteral("prefix='1 2 3'")));

        QSqlQuery query(QSqlDatabase::database(name));
        QVERIFY(query.exec(QStringLiteral("UPDATE markets SET title = 'Renamed zebracorn market' WHERE id = "
                                          "(SELECT min(id) FROM markets)")));
        QVERIFY(query.exec(
            QStringLiteral("UPDATE events SET title = 'Okapi event' WHERE ticker = "
                           "(SELECT event_ticker FROM markets WHERE id = (SELECT max(id) FROM markets))")));
        QVERIFY(query.exec(QStringLiteral(
            "INSERT INTO markets(ticker, event_ticker, title, yes_sub_title, status, updated_at) "
            "SELECT 'KXNEW-1', ticker, 'Fresh', 'Quokka rising', 'active', 1 FROM events LIMIT 1")));
        query.finish();
        QCOMPARE(rows(name, indexed), rows(name, expected));
        QCOMPARE(
            rows(name, QStringLiteral("SELECT ticker FROM market_search WHERE market_search MATCH 'zebra*'"))
                .size(),
            1);
        QVERIFY(
            !rows(name, QStringLiteral("SELECT ticker FROM market_search WHERE market_search MATCH 'okapi'"))
                 .isEmpty());
        QCOMPARE(
            rows(name, QStringLiteral("SELECT ticker FROM market_search WHERE market_search MATCH 'quokka'")),
            QStringList{QStringLiteral("KXNEW-1")});
        // One to three characters read the prefix indexes: the same rows as a longer prefix.
        QCOMPARE(
            rows(name, QStringLiteral("SELECT ticker FROM market_search WHERE market_search MATCH 'q*'")),
            QStringList{QStringLiteral("KXNEW-1")});
        QCOMPARE(
            rows(name, QStringLiteral("SELECT ticker FROM market_search WHERE market_search MATCH 'quo*'")),
            QStringList{QStringLiteral("KXNEW-1")});
        Schema::closeConnection(name);
    }

    // The writer says before opened() that it migrates, once, with the file's version; a file
    // already current says nothing, a new one says it comes from version 0.
    void writerAnnouncesTheMigration()
    {
        const QString oldFile = newPath();
        QString error;
        QVERIFY2(createVersion1(oldFile, fixtureStatements(), &error), qPrintable(error));
        const QString newFile = newPath();
        for (const auto &[path, expected] : {std::pair(oldFile, QList<QVariant>{1, Schema::currentVersion()}),
                 std::pair(oldFile, QList<QVariant>()),
                 std::pair(newFile, QList<QVariant>{0, Schema::currentVersion()})}) {
            DatabaseWriter::Options options;
            options.databasePath = path;
            WriterThread thread(options);
            QSignalSpy migrating(thread.writer(), &DatabaseWriter::migrating);
            QSignalSpy opened(thread.writer(), &DatabaseWriter::opened);
            QVERIFY2(thread.startAndWait(&error), qPrintable(error));
            QTRY_COMPARE(opened.size(), 1);
            QCOMPARE(migrating.size(), expected.isEmpty() ? 0 : 1);
            if (!expected.isEmpty())
                QCOMPARE(migrating.first(), expected);
            thread.stop();
        }
    }

    void freshFileHasVersion2Schema()
    {
        const QString path = newPath();
        const QString name = nextConnection();
        QString error;
        QVERIFY2(Schema::openConnection(name, path, {}, &error), qPrintable(error));
        verifyMigratedSchema(name);
        if (QTest::currentTestFailed())
            return;
        Schema::closeConnection(name);
    }

    void brokenForeignKeysFailTheMigration_data()
    {
        QTest::addColumn<QStringList>("statements");
        QTest::newRow("snapshot of an unknown id") << QStringList{QStringLiteral("PRAGMA foreign_keys = OFF"),
            QStringLiteral("INSERT INTO snapshot_rows(market_id, snapshot_time) VALUES (77, 1)")};
        // An id whose market row is gone: its snapshots would point at no market after the migration.
        QTest::newRow("id without a market") << QStringList{QStringLiteral("PRAGMA foreign_keys = OFF"),
            QStringLiteral("INSERT INTO market_ids(id, ticker) VALUES (77, 'KX-GONE')"),
            QStringLiteral("INSERT INTO snapshot_rows(market_id, snapshot_time) VALUES (77, 1)")};
    }

    void brokenForeignKeysFailTheMigration()
    {
        QFETCH(QStringList, statements);
        const QString path = newPath();
        QString error;
        // PRAGMA foreign_keys is a no-op inside createVersion1's transaction: run the breakage apart.
        QVERIFY2(createVersion1(path, fixtureStatements(), &error), qPrintable(error));
        QVERIFY2(KmTest::execStatements(path, statements, &error), qPrintable(error));
        const QStringList before = dump(path);
        QVERIFY(!Schema::openConnection(nextConnection(), path, {}, &error));
        QVERIFY2(error.contains(QStringLiteral("would break foreign keys"))
                && error.contains(QStringLiteral("snapshot_rows")),
            qPrintable(error));
        QCOMPARE(dump(path), before);
    }

    void busyFileStaysVersion1()
    {
        const QString path = newPath();
        QString error;
        QVERIFY2(createVersion1(path, fixtureStatements(), &error), qPrintable(error));
        const QStringList before = dump(path);
        {
            KmTest::WriteLock lock(path);
            QVERIFY2(lock.isHeld(), qPrintable(lock.error()));

            Schema::ConnectionOptions options;
            options.busyTimeoutMs = 50;
            Schema::Failure failure;
            const QString name = nextConnection();
            QVERIFY(!Schema::openConnection(name, path, options, &failure));
            QVERIFY2(failure.busy(), qPrintable(failure.message));
            QVERIFY(!QSqlDatabase::contains(name));
            QVERIFY(lock.release());
        }
        QCOMPARE(dump(path), before);

        const QString name = nextConnection();
        QVERIFY2(Schema::openConnection(name, path, {}, &error), qPrintable(error));
        verifyMigratedSchema(name);
        if (QTest::currentTestFailed())
            return;
        Schema::closeConnection(name);
    }

    // SQLITE_FULL at the first statement and in the middle (while copying the markets).
    void failedMigrationRollsBack_data()
    {
        QTest::addColumn<int>("sparePages");
        QTest::addColumn<QString>("failingStatement");
        QTest::newRow("no spare page") << 0 << QStringLiteral("CREATE TABLE markets_v2");
        QTest::newRow("fails while copying") << 4 << QStringLiteral("INSERT INTO markets_v2");
    }

    void failedMigrationRollsBack()
    {
        QFETCH(int, sparePages);
        QFETCH(QString, failingStatement);
        const QString path = newPath();
        // Enough markets that copying them needs more pages than are spare.
        const QStringList statements = fixtureStatements()
            << QStringLiteral(
                   "INSERT INTO markets(ticker, event_ticker, title, status, updated_at) "
                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                   "SELECT printf('KX-BULK-%05d', i), 'E1', printf('Bulk market number %d with a long "
                   "title', i), 'active', i FROM n");
        QString error;
        QVERIFY2(createVersion1(path, statements, &error), qPrintable(error));
        const QStringList before = dump(path);
        const int pages = KmTest::queryValue(path, QStringLiteral("PRAGMA page_count")).toInt();
        QVERIFY(pages > 10);

        Schema::ConnectionOptions options;
        options.migrate = false;
        options.extraPragmas = {QStringLiteral("PRAGMA max_page_count = %1").arg(pages + sparePages)};
        const QString name = nextConnection();
        QVERIFY2(Schema::openConnection(name, path, options, &error), qPrintable(error));
        Schema::Failure failure;
        QVERIFY(!Schema::migrate(name, &failure));
        QCOMPARE(failure.sqliteCode & 0xFF, SQLITE_FULL);
        QVERIFY2(failure.message.contains(failingStatement), qPrintable(failure.message));
        // The connection is usable as before: foreign keys back on, no transaction left open.
        QCOMPARE(rows(name, QStringLiteral("PRAGMA foreign_keys")), QStringList{QStringLiteral("1")});
        QCOMPARE(rows(name, QStringLiteral("PRAGMA user_version")), QStringList{QStringLiteral("1")});
        {
            QSqlQuery query(QSqlDatabase::database(name));
            QVERIFY2(query.exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(query.lastError().text()));
            QVERIFY(query.exec(QStringLiteral("ROLLBACK")));
        }
        Schema::closeConnection(name);
        QCOMPARE(dump(path), before);

        // The same through openConnection, as the writer opens: refused, removed, file untouched.
        options.migrate = true;
        QVERIFY(!Schema::openConnection(name, path, options, &error));
        QVERIFY2(error.contains(QStringLiteral("cannot prepare")), qPrintable(error));
        QVERIFY(!QSqlDatabase::contains(name));
        QCOMPARE(dump(path), before);

        // With room the same file migrates.
        QVERIFY2(Schema::openConnection(name, path, {}, &error), qPrintable(error));
        verifyMigratedSchema(name);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(
            rows(name, QStringLiteral("SELECT count(*) FROM markets")), QStringList{QStringLiteral("3005")});
        Schema::closeConnection(name);
    }

    // Readers never migrate: a version-1 file is refused (untouched) until a writer has opened it.
    void readOnlyRefusesAnOlderVersion()
    {
        const QString path = newPath();
        QString error;
        QVERIFY2(createVersion1(path, fixtureStatements(), &error), qPrintable(error));
        const QStringList before = dump(path);
        Schema::ConnectionOptions readOnly;
        readOnly.access = Schema::Access::ReadOnly;
        const QString name = nextConnection();
        QVERIFY(!Schema::openConnection(name, path, readOnly, &error));
        QVERIFY2(error.contains(QStringLiteral("schema version 1, older than this build's (%1)")
                                    .arg(Schema::currentVersion())),
            qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("kalshi-monitor-cli init")), qPrintable(error));
        QVERIFY(!QSqlDatabase::contains(name));
        QCOMPARE(dump(path), before);

        const QString writerName = nextConnection();
        QVERIFY2(Schema::openConnection(writerName, path, {}, &error), qPrintable(error));
        Schema::closeConnection(writerName);
        QVERIFY2(Schema::openConnection(name, path, readOnly, &error), qPrintable(error));
        // The chart panel's query.
        QCOMPARE(rows(name, QStringLiteral("SELECT title, id FROM markets WHERE ticker = 'KX-MIKE'")),
            QStringList{QStringLiteral("Title KX-MIKE|%1").arg(movedId)});
        Schema::closeConnection(name);
    }

    // The CLI's stats reads through a ReadOnly connection: refused on a version-1 file, which
    // init then migrates.
    void cliStatsRefusesVersion1UntilInit()
    {
        const QString cli = KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli"));
        QVERIFY2(!cli.isEmpty(), "kalshi-monitor-cli is not built");
        const QString path = newPath();
        QString error;
        QVERIFY2(createVersion1(path, fixtureStatements(), &error), qPrintable(error));
        const QStringList before = dump(path);
        QProcess stats;
        stats.start(cli, {QStringLiteral("stats"), QStringLiteral("--db"), path});
        QVERIFY(stats.waitForFinished(30000));
        const QByteArray err = stats.readAllStandardError();
        QCOMPARE(stats.exitCode(), 1);
        QVERIFY2(err.contains(QByteArray("schema version 1, older than this build's ("
                     + QByteArray::number(Schema::currentVersion()) + ")")),
            err.constData());
        QCOMPARE(dump(path), before);

        QProcess init;
        init.start(cli, {QStringLiteral("init"), QStringLiteral("--db"), path});
        QVERIFY(init.waitForFinished(30000));
        QCOMPARE(init.exitCode(), 0);
        const QByteArray notice = init.readAllStandardError();
        QVERIFY2(notice.contains(
                     QByteArray("from schema version 1 to " + QByteArray::number(Schema::currentVersion()))),
            notice.constData());
        stats.start(cli, {QStringLiteral("stats"), QStringLiteral("--db"), path, QStringLiteral("--json")});
        QVERIFY(stats.waitForFinished(30000));
        const QByteArray out = stats.readAllStandardOutput();
        QCOMPARE(stats.exitCode(), 0);
        QVERIFY2(out.contains("\"markets\":5")
                && out.contains(
                    QByteArray("\"schema_version\":" + QByteArray::number(Schema::currentVersion()))),
            out.constData());
    }

    // Connections in several threads migrating one file at once: all open, the file ends at
    // version 2 with its ids, the migration applied once (a second run would find no market_ids).
    void concurrentThreadsMigrateOnce()
    {
        for (int round = 0; round < 4; ++round) {
            const QString path = newPath();
            QString error;
            QVERIFY2(createVersion1(path, fixtureStatements(), &error), qPrintable(error));
            const QStringList idsBefore
                = fileRows(path, QStringLiteral("SELECT ticker, id FROM market_ids ORDER BY ticker"));
            QCOMPARE(idsBefore.size(), fixtureTickers.size());
            constexpr int threadCount = 4;
            std::vector<QString> errors(threadCount);
            QList<QThread *> threads;
            for (int i = 0; i < threadCount; ++i) {
                const QString name = nextConnection();
                threads << QThread::create([name, path, &errors, i] {
                    QString threadError;
                    if (Schema::openConnection(name, path, {}, &threadError))
                        Schema::closeConnection(name);
                    else
                        errors[size_t(i)] = threadError.isEmpty() ? QStringLiteral("failed") : threadError;
                });
            }
            for (QThread *thread : std::as_const(threads))
                thread->start();
            for (QThread *thread : std::as_const(threads)) {
                QVERIFY(thread->wait(30000));
                delete thread;
            }
            for (const QString &threadError : errors)
                QVERIFY2(threadError.isEmpty(), qPrintable(threadError));
            const QString name = nextConnection();
            QVERIFY2(Schema::openConnection(name, path, {}, &error), qPrintable(error));
            verifyMigratedSchema(name);
            if (QTest::currentTestFailed())
                return;
            QCOMPARE(rows(name, QStringLiteral("SELECT ticker, id FROM markets ORDER BY ticker")), idsBefore);
            Schema::closeConnection(name);
        }
    }

    // The same with separate processes (kalshi-monitor-cli init), as in tst_clisync.
    void concurrentProcessesMigrateOnce()
    {
        const QString cli = KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli"));
        QVERIFY2(!cli.isEmpty(), "kalshi-monitor-cli is not built");
        for (int round = 0; round < 3; ++round) {
            const QString path = newPath();
            QString error;
            QVERIFY2(createVersion1(path, fixtureStatements(), &error), qPrintable(error));
            const QStringList idsBefore
                = fileRows(path, QStringLiteral("SELECT ticker, id FROM market_ids ORDER BY ticker"));
            QList<QProcess *> processes;
            QObject owner;
            for (int i = 0; i < 4; ++i) {
                auto *process = new QProcess(&owner);
                process->start(cli, {QStringLiteral("init"), QStringLiteral("--db"), path});
                processes << process;
            }
            for (QProcess *process : std::as_const(processes)) {
                QVERIFY(process->waitForFinished(30000));
                QVERIFY2(process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0,
                    process->readAllStandardError().constData());
            }
            const QString name = nextConnection();
            QVERIFY2(Schema::openConnection(name, path, {}, &error), qPrintable(error));
            verifyMigratedSchema(name);
            if (QTest::currentTestFailed())
                return;
            QCOMPARE(rows(name, QStringLiteral("SELECT ticker, id FROM markets ORDER BY ticker")), idsBefore);
            Schema::closeConnection(name);
        }
    }
};

KM_TEST_GUILESS_MAIN(TstSchemaMigration)
#include "tst_schemamigration.moc"

// Schema version 7: snapshots store change (snapshot_states + snapshot_times behind the
// snapshot_rows and price_snapshots views). Every answer must stay what the old table gave:
// the view's full output on a file with gaps is identical before and after the migration, and
// after further snapshots written against both layouts (the old one by the old writer's
// statement, INSERT ... ON CONFLICT DO NOTHING into the table); two writers at once stay exact.
#include "databasefolder.h"
#include "pgtestserver.h"
#include "recordfactory.h"
#include "startwriter.h"
#include "storage/databaselocation.h"
#include "storage/schema.h"
#include "storage/snapshotreads.h"
#include "storage/writerthread.h"
#include "testsupport.h"

#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <sqlite3.h>

#include <map>
#include <memory>

namespace {

using KmTest::startWriter;

constexpr qint64 baseTime = 1790000000;
constexpr int fixtureMarkets = 12;
constexpr int fixtureTimes = 40;

void submit(WriterThread &thread, const WriteBatch &batch)
{
    DatabaseWriter *writer = thread.writer();
    QMetaObject::invokeMethod(
        writer, [writer, batch] { writer->write(batch); }, Qt::QueuedConnection);
}

bool execRaw(const QString &path, const QByteArray &script, QString *error)
{
    sqlite3 *db = nullptr;
    int rc = sqlite3_open_v2(
        QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    char *message = nullptr;
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, script.constData(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK && error)
        *error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    sqlite3_close(db);
    return rc == SQLITE_OK;
}

// A file of schema version 6 (the old snapshot_rows table), made by the migrations 1 to 6 alone.
bool createVersion6(const QString &path, const QByteArray &fill, QString *error)
{
    QByteArray script = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = OFF; BEGIN;\n";
    for (const char *name : {"001_initial", "002_market_id", "003_sync_run_owner", "004_candles",
             "005_watchlist_alerts", "006_market_search"}) {
        QFile file(QStringLiteral(":/sql/%1.sql").arg(QLatin1String(name)));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = file.fileName() + QStringLiteral(" is missing");
            return false;
        }
        script += file.readAll() + '\n';
    }
    script += fill + "\nPRAGMA user_version = 6; COMMIT;";
    return execRaw(path, script, error);
}

// Markets 0..fixtureMarkets-1 (RecordFactory tickers), and snapshots every 5 minutes whose values
// change now and then, with gaps: market m is missing at time k when (k * 7 + m) % 9 == 0, and
// market 11 appears only from time 10 on.
QByteArray fixtureFill()
{
    QByteArray fill
        = "INSERT INTO events(ticker, series_ticker, title, updated_at) VALUES ('E', 'KXTEST', 'E', 1);\n";
    for (int m = 0; m < fixtureMarkets; ++m) {
        fill += QStringLiteral("INSERT INTO markets(ticker, event_ticker, title, status, updated_at) "
                               "VALUES ('%1', 'E', 'T', 'active', 1);\n")
                    .arg(RecordFactory::marketTicker(m))
                    .toUtf8();
    }
    fill += QStringLiteral(
        "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < %1) "
        "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, last_price, "
        "volume, volume_24h, open_interest) "
        "SELECT m.id, %2 + 300 * k.i, (m.id * (k.i / 8)) % 3 * 10000, 20000, "
        "CASE WHEN k.i % 20 = 0 THEN NULL ELSE 5 END, NULL, (m.id + k.i / 10) % 2, 7, m.id, 9 "
        "FROM markets AS m CROSS JOIN k "
        "WHERE (k.i * 7 + m.id) % 9 <> 0 AND (m.ticker <> '%3' OR k.i >= 10);\n")
                .arg(fixtureTimes - 1)
                .arg(baseTime)
                .arg(RecordFactory::marketTicker(fixtureMarkets - 1))
                .toUtf8();
    return fill;
}

// The same database at version 6 on PostgreSQL: its migrations 1 to 6 through psql, the version
// row, the fill.
bool createPostgresVersion6(PgTestServer &server, const QString &url, const QByteArray &fill, QString *error)
{
    QByteArray script;
    for (const char *name : {"001_initial", "002_market_id", "003_sync_run_owner", "004_candles",
             "005_watchlist_alerts", "006_market_search"}) {
        QFile file(QStringLiteral(":/sql/postgresql/%1.sql").arg(QLatin1String(name)));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = file.fileName() + QStringLiteral(" is missing");
            return false;
        }
        script += file.readAll() + '\n';
    }
    script += "CREATE TABLE km_schema_version (version BIGINT NOT NULL);\n"
              "INSERT INTO km_schema_version(version) VALUES (6);\n"
        + fill;
    server.psql(QUrl(url).path().mid(1), QString::fromUtf8(script), error);
    return error->isEmpty();
}

// Every row of price_snapshots as text, sorted here (the backends' collations differ): the same
// SQL on SQLite and PostgreSQL.
QStringList portableRows(const QString &location)
{
    QString sql = QStringLiteral("SELECT ticker");
    for (const char *column : {"snapshot_time", "yes_bid", "yes_ask", "no_bid", "no_ask", "last_price",
             "volume", "volume_24h", "open_interest"}) {
        sql += QStringLiteral(" || '|' || coalesce(CAST(%1 AS TEXT), 'NULL')").arg(QLatin1String(column));
    }
    QStringList rows;
    for (const QVariant &row : KmTest::queryColumn(location, sql + QStringLiteral(" FROM price_snapshots")))
        rows << row.toString();
    rows.sort();
    return rows;
}

// Runs `work` on a private connection to the database, never migrating it.
template <typename Work> void withQuery(const QString &location, Work &&work)
{
    const QString name = QStringLiteral("states-") + QUuid::createUuid().toString(QUuid::Id128);
    Schema::ConnectionOptions options;
    options.migrate = false;
    QString error;
    if (!Schema::openConnection(name, location, options, &error)) {
        QFAIL(qPrintable(error));
    }
    {
        QSqlQuery query(QSqlDatabase::database(name, false));
        work(query);
    }
    Schema::closeConnection(name);
}

// Every row of the price_snapshots view, in one order, read with SQLite alone (any version).
QStringList viewRows(const QString &path)
{
    QStringList rows;
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr)
        == SQLITE_OK) {
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(
                db, "SELECT * FROM price_snapshots ORDER BY ticker, snapshot_time", -1, &statement, nullptr)
            == SQLITE_OK) {
            while (sqlite3_step(statement) == SQLITE_ROW) {
                QStringList values;
                for (int c = 0; c < sqlite3_column_count(statement); ++c) {
                    values << (sqlite3_column_type(statement, c) == SQLITE_NULL
                            ? QStringLiteral("NULL")
                            : QString::fromUtf8(
                                reinterpret_cast<const char *>(sqlite3_column_text(statement, c))));
                }
                rows << values.join(u'|');
            }
        } else {
            rows << QStringLiteral("error: ") + QString::fromUtf8(sqlite3_errmsg(db));
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return rows;
}

QByteArray sqlValue(const std::optional<qint64> &value)
{
    return value ? QByteArray::number(*value) : QByteArrayLiteral("NULL");
}

// What the version-6 writer did with a snapshots batch: one transaction, every row
// INSERT ... ON CONFLICT(market_id, snapshot_time) DO NOTHING.
bool legacyWrite(const QString &path, const WriteBatch &batch, QString *error)
{
    QByteArray script = "BEGIN IMMEDIATE;\n";
    for (const SnapshotRecord &s : batch.snapshots) {
        script += "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, "
                  "last_price, volume, volume_24h, open_interest) VALUES ((SELECT id FROM markets WHERE "
                  "ticker = '"
            + s.ticker.toUtf8() + "'), " + QByteArray::number(s.snapshotTime) + ", " + sqlValue(s.yesBid)
            + ", " + sqlValue(s.yesAsk) + ", " + sqlValue(s.noBid) + ", " + sqlValue(s.noAsk) + ", "
            + sqlValue(s.lastPrice) + ", " + sqlValue(s.volume) + ", " + sqlValue(s.volume24h) + ", "
            + sqlValue(s.openInterest) + ") ON CONFLICT(market_id, snapshot_time) DO NOTHING;\n";
    }
    script += "COMMIT;";
    return execRaw(path, script, error);
}

// What the writer did before it wrote past the view's trigger (and what tests and tools still do): in
// one transaction the batch's times registered with its scope in the order they first appear, then
// every row INSERT INTO the view, in listing order. The rows the trigger stored (total_changes() over
// the inserts), or -1 when a statement failed (the transaction rolled back).
int triggerWrite(const QString &path, const WriteBatch &batch)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE, nullptr)
        != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db, 5000);
    QByteArray times;
    QSet<qint64> seen;
    for (const SnapshotRecord &s : batch.snapshots) {
        if (!seen.contains(s.snapshotTime)) {
            seen.insert(s.snapshotTime);
            times += "INSERT INTO snapshot_times(snapshot_time, scope) VALUES ("
                + QByteArray::number(s.snapshotTime) + ", " + QByteArray::number(int(batch.snapshotScope))
                + ") ON CONFLICT DO NOTHING;\n";
        }
    }
    QByteArray rows;
    for (const SnapshotRecord &s : batch.snapshots) {
        rows += "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, "
                "last_price, "
                "volume, volume_24h, open_interest) VALUES ((SELECT id FROM markets WHERE ticker = '"
            + s.ticker.toUtf8() + "'), " + QByteArray::number(s.snapshotTime) + ", " + sqlValue(s.yesBid)
            + ", " + sqlValue(s.yesAsk) + ", " + sqlValue(s.noBid) + ", " + sqlValue(s.noAsk) + ", "
            + sqlValue(s.lastPrice) + ", " + sqlValue(s.volume) + ", " + sqlValue(s.volume24h) + ", "
            + sqlValue(s.openInterest) + ");\n";
    }
    int stored = -1;
    const QByteArray begin = "BEGIN IMMEDIATE;\n" + times;
    if (sqlite3_exec(db, begin.constData(), nullptr, nullptr, nullptr) == SQLITE_OK) {
        const int before = sqlite3_total_changes(db);
        if (sqlite3_exec(db, rows.constData(), nullptr, nullptr, nullptr) == SQLITE_OK)
            stored = sqlite3_total_changes(db) - before;
        sqlite3_exec(db, stored >= 0 ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
    }
    sqlite3_close(db);
    return stored;
}

SnapshotRecord state(int market, qint64 time, qint64 yesBid, std::optional<qint64> lastPrice = 5)
{
    SnapshotRecord s;
    s.ticker = RecordFactory::marketTicker(market);
    s.snapshotTime = time;
    s.yesBid = yesBid;
    s.yesAsk = 20000;
    s.lastPrice = lastPrice;
    s.volume = 7;
    s.openInterest = 9;
    return s;
}

WriteBatch snapshots(const QList<SnapshotRecord> &records, SnapshotScope scope = SnapshotScope::Listing)
{
    WriteBatch batch;
    batch.kind = WriteBatch::Kind::Snapshots;
    batch.snapshotScope = scope;
    batch.snapshots = records;
    return batch;
}

} // namespace

class TstSnapshotStates : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("states")};
    std::unique_ptr<PgTestServer> m_server;

    bool createPostgresVersion6(const QString &url, const QByteArray &fill, QString *error)
    {
        return ::createPostgresVersion6(*m_server, url, fill, error);
    }

    static QList<BatchResult> writeAll(WriterThread &thread, const QList<WriteBatch> &batches)
    {
        QSignalSpy spy(thread.writer(), &DatabaseWriter::batchWritten);
        for (const WriteBatch &batch : batches)
            submit(thread, batch);
        if (!QTest::qWaitFor([&] { return spy.size() >= batches.size(); }, 30000))
            qWarning("%d of %d batch results", int(spy.size()), int(batches.size()));
        QList<BatchResult> results;
        for (const QList<QVariant> &arguments : std::as_const(spy))
            results.append(arguments.at(0).value<BatchResult>());
        return results;
    }

    // Further snapshots after the fixture: unchanged and changed values, gaps, a time written twice
    // with other values (the first stays), a time older than the newest (out of order), the
    // watchlist's own times, a watchlist batch at a listing time, a market new to the snapshots.
    static QList<WriteBatch> furtherBatches()
    {
        const qint64 t = baseTime + 300 * fixtureTimes;
        QList<WriteBatch> batches;
        const auto listing = [](qint64 time, int round, int skip) {
            QList<SnapshotRecord> records;
            for (int m = 0; m < fixtureMarkets; ++m) {
                if (skip >= 0 && m % 5 == skip)
                    continue;
                records << state(m, time, (m % 3 == 0 ? round : 0) * 10000);
            }
            return records;
        };
        batches << snapshots(listing(t, 0, -1)) << snapshots(listing(t + 300, 0, 1))
                << snapshots(listing(t + 600, 1, 2));
        // The same time again, other values: the stored ones stay.
        batches << snapshots({state(0, t + 600, 990000), state(1, t + 600, 990000)});
        batches << snapshots(listing(t + 900, 1, -1).mid(0, 6));
        batches << snapshots(listing(t + 900, 1, -1).mid(6));
        // The watchlist every minute for two markets, between listing times.
        for (int minute = 1; minute <= 4; ++minute) {
            batches << snapshots(
                {state(2, t + 900 + 60 * minute, 0), state(3, t + 900 + 60 * minute, minute > 2 ? 10000 : 0)},
                SnapshotScope::Watchlist);
        }
        // A listing time that is older than the newest listing time (another process started first).
        batches << snapshots({state(4, t + 450, 0), state(5, t + 450, 0), state(6, t + 450, 70000)});
        batches << snapshots(listing(t + 1200, 1, 3));
        // A watchlist batch in the second of a listing snapshot: the stored row stays.
        batches << snapshots({state(2, t + 1200, 123), state(3, t + 1200, 0)}, SnapshotScope::Watchlist);
        batches << snapshots(listing(t + 1500, 1, -1)) << snapshots(listing(t + 1800, 2, -1));
        return batches;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        m_server = KmTest::startPostgres();
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        m_server.reset();
    }

    void migrationKeepsEveryRowAndGap()
    {
        const QString oldLayout = m_dir.newDatabasePath();
        const QString newLayout = m_dir.newDatabasePath();
        QString error;
        QVERIFY2(createVersion6(oldLayout, fixtureFill(), &error), qPrintable(error));
        QVERIFY2(createVersion6(newLayout, fixtureFill(), &error), qPrintable(error));
        const QStringList before = viewRows(oldLayout);
        // Gaps: fewer rows than markets x times.
        QVERIFY(before.size() > 300);
        QVERIFY(before.size() < fixtureMarkets * fixtureTimes);
        QCOMPARE(viewRows(newLayout), before);

        startWriter(newLayout)->stop(); // migrates to the current version
        QCOMPARE(KmTest::queryValue(newLayout, QStringLiteral("PRAGMA user_version")).toInt(),
            Schema::currentVersion());
        QCOMPARE(viewRows(newLayout), before);
        // Stored as runs: fewer states than rows, and every time of the file in snapshot_times.
        const qint64 states = KmTest::countRows(newLayout, QStringLiteral("snapshot_states"));
        QVERIFY2(states < before.size() / 2, qPrintable(QString::number(states)));
        QCOMPARE(KmTest::countRows(newLayout, QStringLiteral("snapshot_times")), qint64(fixtureTimes));
        // The old table's other reader shape: snapshot_rows by market id.
        QCOMPARE(KmTest::countRows(newLayout, QStringLiteral("snapshot_rows")), qint64(before.size()));
        QCOMPARE(KmTest::queryValue(newLayout, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
        QCOMPARE(KmTest::queryColumn(newLayout, QStringLiteral("PRAGMA foreign_key_check")).size(), 0);
    }

    void furtherSnapshotsGiveTheSameRowsInBothLayouts()
    {
        const QString oldLayout = m_dir.newDatabasePath();
        const QString newLayout = m_dir.newDatabasePath();
        QString error;
        QVERIFY2(createVersion6(oldLayout, fixtureFill(), &error), qPrintable(error));
        QVERIFY2(createVersion6(newLayout, fixtureFill(), &error), qPrintable(error));
        auto writer = startWriter(newLayout);
        const QList<WriteBatch> batches = furtherBatches();
        const qint64 oldRowsBefore = viewRows(oldLayout).size();
        QList<int> storedOld;
        for (const WriteBatch &batch : batches) {
            const qint64 rowsBefore = viewRows(oldLayout).size();
            QVERIFY2(legacyWrite(oldLayout, batch, &error), qPrintable(error));
            storedOld << int(viewRows(oldLayout).size() - rowsBefore);
        }
        const QList<BatchResult> results = writeAll(*writer, batches);
        writer->stop();
        QCOMPARE(results.size(), batches.size());
        for (int i = 0; i < results.size(); ++i) {
            QVERIFY2(results.at(i).ok, qPrintable(results.at(i).error));
            // Rows new to the database, counted as the old table counted them.
            QCOMPARE(results.at(i).snapshotsStored, storedOld.at(i));
        }
        const QStringList expected = viewRows(oldLayout);
        QVERIFY(expected.size() > oldRowsBefore + 60);
        QCOMPARE(viewRows(newLayout), expected);
        // The repeated time kept its first values; the watchlist kept its own times.
        QCOMPARE(KmTest::countRows(newLayout, QStringLiteral("price_snapshots WHERE yes_bid = 990000")), 0);
        QCOMPARE(KmTest::countRows(newLayout, QStringLiteral("snapshot_times WHERE scope = 1")), 4);
        QCOMPARE(KmTest::countRows(newLayout, QStringLiteral("snapshot_times WHERE scope >= 100")), 1);
        QCOMPARE(KmTest::queryValue(newLayout, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
    }

    // A snapshot of unchanged markets stores no new state; a changed one stores one; a gap splits.
    void unchangedValuesStoreNothingNew()
    {
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        QList<WriteBatch> batches = {RecordFactory::marketsBatch(0, 3)};
        for (int k = 0; k < 10; ++k) {
            QList<SnapshotRecord> records = {state(0, baseTime + 300 * k, 10000)};
            records << state(1, baseTime + 300 * k, k < 5 ? 10000 : 20000);
            if (k != 4)
                records << state(2, baseTime + 300 * k, 10000);
            batches << snapshots(records);
        }
        const QList<BatchResult> results = writeAll(*writer, batches);
        writer->stop();
        for (const BatchResult &result : results)
            QVERIFY2(result.ok, qPrintable(result.error));
        const auto statesOf = [&](int market) {
            return KmTest::countRows(path,
                QStringLiteral(
                    "snapshot_states WHERE market_id = (SELECT id FROM markets WHERE ticker = '%1')")
                    .arg(RecordFactory::marketTicker(market)));
        };
        QCOMPARE(statesOf(0), 1); // ten times, one state
        QCOMPARE(statesOf(1), 2); // changed once
        QCOMPARE(statesOf(2), 2); // the gap at time 4 stays a gap: two runs, nine rows
        QCOMPARE(
            KmTest::countRows(path,
                QStringLiteral("price_snapshots WHERE ticker = '%1'").arg(RecordFactory::marketTicker(2))),
            9);
        QCOMPARE(KmTest::countRows(path,
                     QStringLiteral("price_snapshots WHERE ticker = '%1' AND snapshot_time = %2")
                         .arg(RecordFactory::marketTicker(2))
                         .arg(baseTime + 1200)),
            0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), 29);
    }

    // Prune on the new layout: rows before the line thin to the last covered state of each hour
    // (runs that cross the line are cut there), rows at or after it stay as they were, and the
    // next snapshot still extends the newest runs.
    void pruneKeepsTheLastStatePerHourAndNothingNewer()
    {
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        const qint64 start = baseTime - baseTime % 86400;
        QList<WriteBatch> batches = {RecordFactory::marketsBatch(0, 6)};
        // 6 markets, every 5 minutes for 6 hours; market m changes every (m + 2) * 25 minutes and
        // is missing at every 7th time after the first of market 5.
        for (int k = 0; k < 72; ++k) {
            QList<SnapshotRecord> records;
            for (int m = 0; m < 6; ++m) {
                if (m == 5 && k % 7 == 3)
                    continue;
                records << state(m, start + 300 * k, 10000 * ((k * 5) / ((m + 2) * 25)));
            }
            batches << snapshots(records);
        }
        QVERIFY(writeAll(*writer, batches).size() == batches.size());
        const qint64 line = start + 3 * 3600 + 1200; // inside runs, not on an hour
        // Expected: per market, before the line the row at the last covered time of each hour.
        QStringList expected;
        std::map<QString, QString> lastOfHour; // "ticker|hour" -> row
        for (const QVariant &row :
            KmTest::queryColumn(path,
                QStringLiteral("SELECT ticker || '|' || snapshot_time || '|' || yes_bid FROM price_snapshots "
                               "ORDER BY ticker, snapshot_time"))) {
            const QStringList parts = row.toString().split(u'|');
            const qint64 time = parts.at(1).toLongLong();
            if (time >= line)
                expected << row.toString();
            else
                lastOfHour[parts.at(0) + u'|' + QString::number(time / 3600)] = row.toString();
        }
        for (const auto &[hour, row] : lastOfHour)
            expected << row;
        expected.sort();

        PruneRequest request;
        request.olderThan = line;
        request.keep = PruneRequest::Keep::Hourly;
        QSignalSpy pruned(writer->writer(), &DatabaseWriter::pruned);
        DatabaseWriter *w = writer->writer();
        QMetaObject::invokeMethod(
            w, [w, request] { w->prune(1, request); }, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(pruned.size(), 1, 60000);
        const PruneResult result = pruned.at(0).at(1).value<PruneResult>();
        QVERIFY2(result.ok, qPrintable(result.error));
        const auto actualRows = [&] {
            QStringList rows;
            for (const QVariant &row : KmTest::queryColumn(path,
                     QStringLiteral(
                         "SELECT ticker || '|' || snapshot_time || '|' || yes_bid FROM price_snapshots")))
                rows << row.toString();
            rows.sort();
            return rows;
        };
        QCOMPARE(actualRows(), expected);
        QVERIFY(result.oldRowsRemoved > 0);

        // The next snapshot, values unchanged: every market's newest run is extended, none started.
        const qint64 statesBefore = KmTest::countRows(path, QStringLiteral("snapshot_states"));
        QList<SnapshotRecord> next;
        for (int m = 0; m < 6; ++m)
            next << state(m, start + 300 * 72, 10000 * ((71 * 5) / ((m + 2) * 25)));
        const QList<BatchResult> written = writeAll(*writer, {snapshots(next)});
        writer->stop();
        QVERIFY(written.value(0).ok);
        QCOMPARE(written.value(0).snapshotsStored, 6);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("snapshot_states")), statesBefore);
        for (const SnapshotRecord &record : std::as_const(next))
            expected
                << QStringLiteral("%1|%2|%3").arg(record.ticker).arg(record.snapshotTime).arg(*record.yesBid);
        expected.sort();
        QCOMPARE(actualRows(), expected);
    }

    // Two writers (two connections, two threads) snapshot at once, each its own time, pages in any
    // order: the view gives exactly a row per market per time it was written at, with its values.
    void twoWritersSnapshotAtOnceStayExact() { twoWritersAtOnce(m_dir.newDatabasePath()); }

    // The same on PostgreSQL, where the writers are two sessions under READ COMMITTED, serialized
    // by the triggers' advisory lock (resources/sql/postgresql/007_snapshot_states.sql).
    void twoWritersSnapshotAtOnceStayExactOnPostgres()
    {
        twoWritersAtOnce(m_server->newDatabaseUrlOrAbort());
    }

    // The migration of a PostgreSQL database with the fixture's rows gives the view SQLite's
    // migration gives, and further snapshots through the writer give the same rows and the same
    // stored counts on both backends.
    void postgresGivesSqlitesAnswers()
    {
        const QString sqlite = m_dir.newDatabasePath();
        const QString postgres = m_server->newDatabaseUrlOrAbort();
        QString error;
        QVERIFY2(createVersion6(sqlite, fixtureFill(), &error), qPrintable(error));
        QVERIFY2(createPostgresVersion6(postgres, fixtureFill(), &error), qPrintable(error));
        const QStringList before = portableRows(sqlite);
        QVERIFY(before.size() > 300);
        QCOMPARE(portableRows(postgres), before);

        auto sqliteWriter = startWriter(sqlite);
        auto postgresWriter = startWriter(postgres);
        QCOMPARE(
            KmTest::queryValue(postgres, QStringLiteral("SELECT version FROM km_schema_version")).toInt(),
            Schema::currentVersion());
        QCOMPARE(portableRows(postgres), before);
        QCOMPARE(KmTest::countRows(postgres, QStringLiteral("snapshot_states")),
            KmTest::countRows(sqlite, QStringLiteral("snapshot_states")));

        const QList<WriteBatch> batches = furtherBatches();
        const QList<BatchResult> sqliteResults = writeAll(*sqliteWriter, batches);
        const QList<BatchResult> postgresResults = writeAll(*postgresWriter, batches);
        sqliteWriter->stop();
        postgresWriter->stop();
        QCOMPARE(postgresResults.size(), batches.size());
        QCOMPARE(sqliteResults.size(), batches.size());
        for (int i = 0; i < batches.size(); ++i) {
            QVERIFY2(sqliteResults.at(i).ok, qPrintable(sqliteResults.at(i).error));
            QVERIFY2(postgresResults.at(i).ok, qPrintable(postgresResults.at(i).error));
            QCOMPARE(postgresResults.at(i).snapshotsStored, sqliteResults.at(i).snapshotsStored);
        }
        const QStringList after = portableRows(sqlite);
        QVERIFY(after.size() > before.size() + 60);
        QCOMPARE(portableRows(postgres), after);
        for (const QString &table : {QStringLiteral("snapshot_states"), QStringLiteral("snapshot_times")}) {
            QCOMPARE(KmTest::countRows(postgres, table), KmTest::countRows(sqlite, table));
        }
        QCOMPARE(KmTest::countRows(postgres, QStringLiteral("snapshot_times WHERE scope >= 100")), 1);
        newestReadsMatchTheView(sqlite);
        newestReadsMatchTheView(postgres);
    }

    // SnapshotReads (the watchlist's and the alerts' "newest N rows") gives exactly the view's
    // ORDER BY snapshot_time DESC LIMIT N, for every market, several bounds and counts, with the
    // listing's and the watchlist's times interleaved and a time of a scope of its own.
    void newestReadsMatchTheViewOnSqlite()
    {
        const QString path = m_dir.newDatabasePath();
        QString error;
        QVERIFY2(createVersion6(path, fixtureFill(), &error), qPrintable(error));
        auto writer = startWriter(path);
        for (const BatchResult &result : writeAll(*writer, furtherBatches()))
            QVERIFY2(result.ok, qPrintable(result.error));
        writer->stop();
        newestReadsMatchTheView(path);
    }

    // The writer writes the rows of markets listed once in a batch past the view's trigger (set-based,
    // straight into snapshot_states) and the others through the view. Against the trigger alone, row
    // by row: the same runs (not only the same view rows), the same times and scopes, the same stored
    // count per batch, and the same failure for an unknown ticker. The batches: pages of two times
    // interleaved, the later time's first (the earlier gets a scope of its own), gaps, NULL values,
    // a time written again with other values, a market listed twice at one time (once extending its
    // run, once not) and at two times, the watchlist's scope.
    void writerPastTheTriggerStoresWhatTheTriggerStores()
    {
        const QString viaWriter = m_dir.newDatabasePath();
        const QString viaTrigger = m_dir.newDatabasePath();
        constexpr int markets = 12;
        for (const QString &path : {viaWriter, viaTrigger}) {
            auto writer = startWriter(path);
            QVERIFY(writeAll(*writer, {RecordFactory::marketsBatch(0, markets)}).value(0).ok);
            writer->stop();
        }
        const qint64 t = baseTime;
        const auto page = [](qint64 time, int from, int to, int round) {
            QList<SnapshotRecord> records;
            for (int m = from; m < to; ++m) {
                if ((m + round) % 5 == 4)
                    continue; // a gap
                records << state(m, time, (m % 3 == 0 ? round : 1) * 10000,
                    m == 7 && round % 2 == 1 ? std::nullopt : std::optional<qint64>(5));
            }
            return records;
        };
        QList<WriteBatch> batches;
        batches << snapshots(page(t, 0, markets, 0)) << snapshots(page(t + 300, 0, markets, 0));
        // Two collectors' pages: the later time's first.
        batches << snapshots(page(t + 900, 0, 6, 1)) << snapshots(page(t + 600, 0, 6, 1))
                << snapshots(page(t + 900, 6, markets, 1)) << snapshots(page(t + 600, 6, markets, 1));
        batches << snapshots(page(t + 1200, 0, markets, 1)) << snapshots(page(t + 1500, 0, markets, 2));
        // Again at t + 1500 with other values: the stored ones stay.
        batches << snapshots({state(0, t + 1500, 990000), state(1, t + 1500, 990000)});
        // Market 1 twice at one time: first its unchanged values (the run is extended), then others.
        // Market 2 twice at one time: first other values (a new run), then its unchanged ones.
        QList<SnapshotRecord> twice = page(t + 1800, 0, markets, 2);
        twice << state(1, t + 1800, 770000) << state(2, t + 1800, 10000);
        twice.prepend(state(2, t + 1800, 880000));
        batches << snapshots(twice);
        // Market 5 at two times of one batch with equal values, market 6 at the later one only.
        batches << snapshots({state(5, t + 2100, 10000), state(6, t + 2400, 10000), state(5, t + 2400, 10000),
            state(8, t + 2100, 10000)});
        // The watchlist's own times, and one in a listing time's second.
        for (int minute = 1; minute <= 3; ++minute) {
            batches << snapshots(
                {state(2, t + 2400 + 60 * minute, 0), state(3, t + 2400 + 60 * minute, 10000)},
                SnapshotScope::Watchlist);
        }
        batches << snapshots({state(2, t + 2400, 123), state(9, t + 2400, 10000)}, SnapshotScope::Watchlist);
        batches << snapshots(page(t + 2700, 0, markets, 2));
        // An unknown ticker fails the whole batch.
        QList<SnapshotRecord> unknown = page(t + 3000, 0, markets, 3);
        unknown << state(markets + 5, t + 3000, 10000);
        batches << snapshots(unknown) << snapshots(page(t + 3000, 0, markets, 3));

        QList<int> expectedStored;
        for (const WriteBatch &batch : std::as_const(batches))
            expectedStored << triggerWrite(viaTrigger, batch);
        auto writer = startWriter(viaWriter);
        const QList<BatchResult> results = writeAll(*writer, batches);
        writer->stop();
        QCOMPARE(results.size(), batches.size());
        for (int i = 0; i < results.size(); ++i) {
            QCOMPARE(results.at(i).ok, expectedStored.at(i) >= 0);
            if (results.at(i).ok)
                QCOMPARE(results.at(i).snapshotsStored, expectedStored.at(i));
        }
        QVERIFY(!results.at(results.size() - 2).ok);
        QVERIFY2(results.at(results.size() - 2).error.contains(QLatin1String("NOT NULL")),
            qPrintable(results.at(results.size() - 2).error));
        const auto rowsOf = [](const QString &path, const QString &sql) {
            QStringList rows;
            for (const QVariant &row : KmTest::queryColumn(path, sql))
                rows << row.toString();
            return rows;
        };
        const QString states = QStringLiteral(
            "SELECT market_id || '|' || scope || '|' || first_time || '|' || last_time || '|' || "
            "coalesce(yes_bid, 'NULL') || '|' || coalesce(last_price, 'NULL') FROM snapshot_states "
            "ORDER BY market_id, scope, first_time");
        const QString times = QStringLiteral(
            "SELECT snapshot_time || '|' || scope FROM snapshot_times ORDER BY snapshot_time");
        QCOMPARE(rowsOf(viaWriter, states), rowsOf(viaTrigger, states));
        QCOMPARE(rowsOf(viaWriter, times), rowsOf(viaTrigger, times));
        QCOMPARE(viewRows(viaWriter), viewRows(viaTrigger));
        // The batches met what they were meant to: an earlier time's own scope, a repeated time kept,
        // a run extended by a market listed twice, NULLs.
        QVERIFY(viewRows(viaTrigger).size() > 90);
        QCOMPARE(KmTest::countRows(viaTrigger, QStringLiteral("snapshot_times WHERE scope >= 100")), 1);
        QCOMPARE(KmTest::countRows(viaTrigger, QStringLiteral("price_snapshots WHERE yes_bid >= 770000")), 1);
        QVERIFY(
            KmTest::countRows(viaTrigger, QStringLiteral("price_snapshots WHERE last_price IS NULL")) > 0);
        QCOMPARE(KmTest::queryValue(viaWriter, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
    }

private:
    void newestReadsMatchTheView(const QString &location)
    {
        const qint64 t = baseTime + 300 * fixtureTimes;
        int compared = 0;
        for (int m = 0; m < fixtureMarkets; ++m) {
            for (const qint64 bound : {t + 1800, t + 1200, t + 960, t + 450, t - 1, baseTime}) {
                for (const int count : {1, 2, 5, 30}) {
                    const QString id = QStringLiteral("(SELECT id FROM markets WHERE ticker = '%1')")
                                           .arg(RecordFactory::marketTicker(m));
                    const QString values = QStringLiteral(
                        "CAST(snapshot_time AS TEXT) || '|' || coalesce(CAST(yes_bid AS TEXT), "
                        "'NULL') || '|' || coalesce(CAST(last_price AS TEXT), 'NULL')");
                    const QVariantList viaView = KmTest::queryColumn(location,
                        QStringLiteral(
                            "SELECT %1 FROM snapshot_rows WHERE market_id = %2 AND snapshot_time <= %3 "
                            "ORDER BY snapshot_time DESC LIMIT %4")
                            .arg(values, id)
                            .arg(bound)
                            .arg(count));
                    QVariantList viaRuns;
                    withQuery(location, [&](QSqlQuery &query) {
                        const QString select
                            = QString(values)
                                  .replace(QStringLiteral("snapshot_time"), QStringLiteral("t.snapshot_time"))
                                  .replace(QStringLiteral("yes_bid"), QStringLiteral("r.yes_bid"))
                                  .replace(QStringLiteral("last_price"), QStringLiteral("r.last_price"))
                            + QStringLiteral(" AS v, t.snapshot_time AS snapshot_time");
                        QVERIFY2(
                            query.prepare(QStringLiteral("SELECT v FROM (")
                                + SnapshotReads::newestRows(select,
                                    QStringLiteral("(SELECT %1 AS id) AS m").arg(id), QStringLiteral("m.id"))
                                + QStringLiteral(") AS n ORDER BY n.snapshot_time DESC LIMIT ?")),
                            qPrintable(query.lastError().text()));
                        SnapshotReads::bindNewest(query, {}, bound, count);
                        query.addBindValue(count);
                        QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
                        while (query.next())
                            viaRuns << query.value(0);
                    });
                    QCOMPARE(viaRuns, viaView);
                    compared += int(viaView.size());
                }
            }
        }
        QVERIFY(compared > 500);
    }

private:
    void twoWritersAtOnce(const QString &path)
    {
        auto first = startWriter(path);
        auto second = startWriter(path);
        constexpr int markets = 200;
        constexpr int rounds = 12;
        QVERIFY(writeAll(*first, {RecordFactory::marketsBatch(0, markets)}).value(0).ok);
        QSignalSpy firstSpy(first->writer(), &DatabaseWriter::batchWritten);
        QSignalSpy secondSpy(second->writer(), &DatabaseWriter::batchWritten);
        std::map<QString, QString> expected;
        const auto page = [&](int round, qint64 time, int from, int count) {
            QList<SnapshotRecord> records;
            for (int m = from; m < from + count; ++m) {
                if ((m + round) % 17 == 0)
                    continue; // a gap
                // Most values repeat round after round; every seventh market moves each round.
                const qint64 yesBid = 10000 * (m % 7 == 0 ? round : m % 3);
                records << state(m, time, yesBid);
                expected[QStringLiteral("%1|%2").arg(RecordFactory::marketTicker(m)).arg(time)]
                    = QString::number(yesBid);
            }
            return snapshots(records);
        };
        int batches = 0;
        for (int round = 0; round < rounds; ++round) {
            // The later time's pages first, the earlier one's after: either may commit first.
            const qint64 early = baseTime + 600 * round;
            const qint64 late = early + 300;
            for (int from = 0; from < markets; from += 50) {
                submit(*second, page(round, late, from, 50));
                submit(*first, page(round, early, markets - from - 50, 50));
                batches += 2;
            }
            // Both at the same second with the same values: stored once.
            submit(*first, page(round, late + 1, 0, 40));
            submit(*second, page(round, late + 1, 0, 40));
            batches += 2;
        }
        QTRY_COMPARE_WITH_TIMEOUT(firstSpy.size() + secondSpy.size(), batches, 60000);
        qint64 stored = 0;
        for (const QSignalSpy *spy : {&firstSpy, &secondSpy}) {
            for (const QList<QVariant> &arguments : *spy) {
                const BatchResult result = arguments.at(0).value<BatchResult>();
                QVERIFY2(result.ok, qPrintable(result.error));
                stored += result.snapshotsStored;
            }
        }
        first->stop();
        second->stop();
        QStringList expectedRows;
        for (const auto &[key, yesBid] : expected)
            expectedRows << key + u'|' + yesBid;
        QStringList actual;
        for (const QVariant &row : KmTest::queryColumn(path,
                 QStringLiteral(
                     "SELECT ticker || '|' || snapshot_time || '|' || yes_bid FROM price_snapshots")))
            actual << row.toString();
        actual.sort();
        expectedRows.sort();
        QCOMPARE(actual.size(), expectedRows.size());
        QCOMPARE(actual, expectedRows);
        QCOMPARE(stored, qint64(expectedRows.size()));
        QVERIFY(KmTest::countRows(path, QStringLiteral("snapshot_states")) < expectedRows.size());
        if (!DatabaseLocation::isServerUrl(path)) {
            QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
                QStringLiteral("ok"));
        }
    }
};

KM_TEST_GUILESS_MAIN(TstSnapshotStates)
#include "tst_snapshotstates.moc"

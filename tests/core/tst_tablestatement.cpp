#include "storage/writertables.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

// The statement texts the writer used while they were written out by hand (before the tables
// were described once): the generated ones must be the same statements. Since schema 8 indexes
// volume_24h, the upsert leaves it to a guarded update of its own.
const char *const marketsUpsert
    = "INSERT INTO markets(ticker, event_ticker, series_ticker, market_type, title, subtitle, "
      "yes_sub_title, no_sub_title, status, result, open_time, close_time, expiration_time, "
      "settlement_ts, yes_bid, yes_ask, no_bid, no_ask, last_price, volume, volume_24h, "
      "open_interest, liquidity, updated_at) VALUES "
      "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), "
      "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT(ticker) DO UPDATE SET "
      "series_ticker = excluded.series_ticker, market_type = excluded.market_type, "
      "title = excluded.title, subtitle = excluded.subtitle, yes_sub_title = excluded.yes_sub_title, "
      "no_sub_title = excluded.no_sub_title, result = excluded.result, "
      "open_time = excluded.open_time, "
      "expiration_time = excluded.expiration_time, settlement_ts = excluded.settlement_ts, "
      "yes_bid = excluded.yes_bid, yes_ask = excluded.yes_ask, no_bid = excluded.no_bid, "
      "no_ask = excluded.no_ask, last_price = excluded.last_price, volume = excluded.volume, "
      "open_interest = excluded.open_interest, "
      "liquidity = excluded.liquidity, updated_at = excluded.updated_at";

} // namespace

class TstTableStatement : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // A database file with one table, created by `createSql`.
    QString databaseWith(const QString &name, const QString &createSql)
    {
        const QString path = m_dir.filePath(name);
        QString error;
        if (!KmTest::execStatements(path, {createSql}, &error))
            qFatal("fixture: %s", qPrintable(error));
        return path;
    }

    // TableStatement::matchesDatabase() on a private connection to `path`; the failure's message.
    static QString mismatch(const TableStatement &table, const QString &path)
    {
        const QString name = QStringLiteral("tst-tablestatement");
        QString message;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path);
            if (!db.open())
                return QStringLiteral("cannot open");
            Schema::Failure failure;
            if (!table.matchesDatabase(db, &failure))
                message = failure.message.isEmpty() ? QStringLiteral("failed without a message")
                                                    : failure.message;
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return message;
    }

    static TableStatement smallTable(TableStatement::OnConflict onConflict)
    {
        using Role = TableStatement::Role;
        return TableStatement(QStringLiteral("t"), onConflict,
            {{QStringLiteral("a"), QStringLiteral("CAST(? AS TEXT)"), Role::Key},
                {QStringLiteral("b"), QStringLiteral("?"), Role::Key},
                {QStringLiteral("c"), QStringLiteral("?"), Role::Updated},
                {QStringLiteral("d"), QStringLiteral("7"), Role::Updated}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void writerTablesAreSound() { QCOMPARE(WriterTables::problem(), QString()); }

    void marketsUpsertIsTheHandWrittenOne()
    {
        QCOMPARE(WriterTables::markets().statement().insert(1), QString::fromLatin1(marketsUpsert));
        QCOMPARE(WriterTables::markets().insertValuesPerRow(), 24);
    }

    void marketsGuardedUpdateIsTheHandWrittenOne()
    {
        QCOMPARE(WriterTables::markets().statement().guardedUpdate(2),
            QStringLiteral(
                "UPDATE markets SET event_ticker = v.column2, status = v.column3, "
                "close_time = v.column4 FROM (VALUES "
                "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), ?),"
                "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), ?)"
                ") AS v WHERE markets.ticker = v.column1 AND (markets.event_ticker IS NOT v.column2 "
                "OR markets.status IS NOT v.column3 OR markets.close_time IS NOT v.column4)"));
        QCOMPARE(WriterTables::markets().guardedValuesPerRow(), 4);
    }

    // The 24 h volume (schema 8's index) moves for every traded market: its own guarded update, so
    // that it rewrites only that index, and only where the volume changed.
    void marketsVolumeHasAGuardedUpdateOfItsOwn()
    {
        QCOMPARE(WriterTables::markets().statement().guardGroups(), 2);
        QCOMPARE(WriterTables::markets().statement().guardedUpdate(2, SqlDialect::Backend::Sqlite, 1),
            QStringLiteral(
                "UPDATE markets SET volume_24h = v.column2 FROM (VALUES "
                "(CAST(? AS TEXT), ?),(CAST(? AS TEXT), ?)"
                ") AS v WHERE markets.ticker = v.column1 AND (markets.volume_24h IS NOT v.column2)"));
        QCOMPARE(WriterTables::markets().guardedValuesPerRow(1), 2);
        QCOMPARE(
            WriterTables::markets().statement().guardedUpdate(1, SqlDialect::Backend::Sqlite, 2), QString());
        QCOMPARE(WriterTables::events().statement().guardGroups(), 0);
    }

    // PostgreSQL's statements (SqlDialect::bindsColumnArrays): one typed array per bound column,
    // whatever the number of rows; the markets upsert keeps a ticker's last listing and sets the
    // indexed columns itself (SqlDialect::guardsIndexedColumns); snapshot rows take two statements.
    void arrayStatementsBindOneArrayPerBoundColumn()
    {
        const auto postgres = SqlDialect::Backend::PostgreSql;
        for (const TableStatement *table : WriterTables::all()) {
            qsizetype bound = 0;
            for (const TableStatement::Column &column : table->columns())
                bound += column.isBound() ? 1 : 0;
            const QStringList statements = table->insertFromArrays(postgres);
            QVERIFY2(!statements.isEmpty(), qPrintable(table->table()));
            for (const QString &sql : statements) {
                QCOMPARE(sql.count(u'?'), bound);
                QCOMPARE(sql.count(QLatin1String("CAST(? AS text[])"))
                        + sql.count(QLatin1String("CAST(? AS bigint[])")),
                    bound);
                QVERIFY2(sql.contains(QLatin1String(" WITH ORDINALITY AS u(")), qPrintable(sql));
            }
        }
        const QString markets = WriterTables::markets().statement().insertFromArrays(postgres).join(u'\n');
        QVERIFY2(markets.startsWith(QLatin1String("INSERT INTO markets(ticker, event_ticker, ")),
            qPrintable(markets));
        QVERIFY(markets.contains(QLatin1String("SELECT DISTINCT ON (v.ticker) v.ticker, v.event_ticker, ")));
        QVERIFY(markets.contains(
            QLatin1String("ORDER BY v.ticker, v.listing DESC ON CONFLICT(ticker) DO UPDATE SET")));
        QVERIFY(markets.contains(QLatin1String("status = excluded.status")));
        QVERIFY(!markets.contains(QLatin1String("ticker = excluded.ticker,")));
        const QString events
            = WriterTables::placeholderEvents().statement().insertFromArrays(postgres).join(u'\n');
        QVERIFY2(events.contains(QLatin1String("ORDER BY v.listing ON CONFLICT(ticker) DO NOTHING")),
            qPrintable(events));
        QVERIFY(!events.contains(QLatin1String("DISTINCT")));
        const QStringList snapshots = WriterTables::snapshots().statement().insertFromArrays(postgres);
        QCOMPARE(snapshots.size(), 2);
        QVERIFY(snapshots.at(0).contains(QLatin1String("INSERT INTO snapshot_states(")));
        QVERIFY(snapshots.at(1).contains(QLatin1String("INSERT INTO snapshot_rows(")));
        QVERIFY(snapshots.at(1).endsWith(QLatin1String("ORDER BY b.listing")));
    }

    // SQLite's snapshot rows past the view's trigger: the trigger's run upsert for a whole VALUES
    // list, bound as the insert into the view is; no other table or backend has one.
    void snapshotRowsPastTheTriggerOnSqliteOnly()
    {
        const TableStatement &snapshots = WriterTables::snapshots().statement();
        const QString sql = snapshots.insertPastTrigger(2);
        QCOMPARE(sql.count(u'?'), snapshots.insert(2).count(u'?'));
        QVERIFY2(
            sql.startsWith(QLatin1String("WITH w(market_id, snapshot_time, yes_bid, ")), qPrintable(sql));
        QVERIFY(sql.contains(
            QLatin1String(") INSERT INTO snapshot_states(market_id, scope, first_time, last_time, ")));
        QVERIFY(sql.contains(QLatin1String("r.open_interest IS w.open_interest")));
        QVERIFY(sql.endsWith(
            QLatin1String("ON CONFLICT(market_id, scope, first_time) DO UPDATE SET last_time = "
                          "excluded.last_time WHERE excluded.last_time > snapshot_states.last_time")));
        QCOMPARE(snapshots.insertPastTrigger(2, SqlDialect::Backend::PostgreSql), QString());
        for (const TableStatement *table : WriterTables::all()) {
            if (table != &snapshots)
                QVERIFY2(table->insertPastTrigger(1).isEmpty(), qPrintable(table->table()));
        }
    }

    void otherTablesAreTheHandWrittenOnes_data()
    {
        QTest::addColumn<QString>("generated");
        QTest::addColumn<QString>("expected");
        QTest::newRow("placeholder events, 2 rows")
            << WriterTables::placeholderEvents().statement().insert(2)
            << QStringLiteral(
                   "INSERT INTO events(ticker, series_ticker, title, is_placeholder, updated_at) VALUES "
                   "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), 1, ?),"
                   "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), 1, ?)"
                   " ON CONFLICT(ticker) DO NOTHING");
        QTest::newRow("events")
            << WriterTables::events().statement().insert(1)
            << QStringLiteral(
                   "INSERT INTO events(ticker, series_ticker, title, sub_title, category, "
                   "mutually_exclusive, "
                   "is_placeholder, updated_at) VALUES "
                   "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), ?, "
                   "0, ?)"
                   " ON CONFLICT(ticker) DO UPDATE SET series_ticker = excluded.series_ticker, "
                   "title = excluded.title, sub_title = excluded.sub_title, category = excluded.category, "
                   "mutually_exclusive = excluded.mutually_exclusive, is_placeholder = 0, "
                   "updated_at = excluded.updated_at");
        QTest::newRow("settlements")
            << WriterTables::settlements().statement().insert(1)
            << QStringLiteral("INSERT INTO settlements(ticker, event_ticker, result, settled_at, "
                              "settlement_value) VALUES "
                              "(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), ?, ?)"
                              " ON CONFLICT(ticker) DO UPDATE SET event_ticker = excluded.event_ticker, "
                              "result = excluded.result, settled_at = excluded.settled_at, "
                              "settlement_value = excluded.settlement_value");
        QTest::newRow("snapshots")
            << WriterTables::snapshots().statement().insert(1)
            << QStringLiteral(
                   "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, "
                   "last_price, volume, volume_24h, open_interest) VALUES "
                   "((SELECT id FROM markets WHERE ticker = CAST(? AS TEXT)), ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        // snapshot_rows is a view since schema version 7: its trigger resolves the conflicts.
        QTest::newRow("snapshot times")
            << WriterTables::snapshotTimes().statement().insert(2)
            << QStringLiteral("INSERT INTO snapshot_times(snapshot_time, scope) "
                              "VALUES (?, ?),(?, ?) ON CONFLICT(snapshot_time) DO NOTHING");
        QTest::newRow("no guarded columns, no guarded update")
            << WriterTables::events().statement().guardedUpdate(1) << QString();
    }

    void otherTablesAreTheHandWrittenOnes()
    {
        QFETCH(QString, generated);
        QFETCH(QString, expected);
        QCOMPARE(generated, expected);
    }

    void compositeKeyAndConstant()
    {
        QCOMPARE(smallTable(TableStatement::OnConflict::Update).insert(2),
            QStringLiteral(
                "INSERT INTO t(a, b, c, d) VALUES (CAST(? AS TEXT), ?, ?, 7),(CAST(? AS TEXT), ?, ?, 7)"
                " ON CONFLICT(a, b) DO UPDATE SET c = excluded.c, d = 7"));
        QCOMPARE(smallTable(TableStatement::OnConflict::Ignore).insert(1),
            QStringLiteral(
                "INSERT INTO t(a, b, c, d) VALUES (CAST(? AS TEXT), ?, ?, 7) ON CONFLICT(a, b) DO NOTHING"));
    }

    void unsoundDescriptionsAreNamed_data()
    {
        using Role = TableStatement::Role;
        using OnConflict = TableStatement::OnConflict;
        QTest::addColumn<int>("onConflict");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("role");
        QTest::addColumn<bool>("withKey");
        QTest::addColumn<QString>("problem");
        QTest::newRow("two placeholders")
            << int(OnConflict::Update) << QStringLiteral("? + ?") << int(Role::Updated) << true
            << QStringLiteral("t.x: more than one placeholder in one value");
        QTest::newRow("constant key") << int(OnConflict::Update) << QStringLiteral("1") << int(Role::Key)
                                      << true << QStringLiteral("t.x: a key or guarded column must be bound");
        QTest::newRow("guarded, ignoring conflicts")
            << int(OnConflict::Ignore) << QStringLiteral("?") << int(Role::Guarded) << true
            << QStringLiteral("t.x: guarded, but conflicts are ignored");
        QTest::newRow("no key") << int(OnConflict::Update) << QStringLiteral("?") << int(Role::Updated)
                                << false << QStringLiteral("t: no key column for ON CONFLICT");
    }

    void guardGroupsWithoutGapsOnGuardedColumnsOnly()
    {
        using Role = TableStatement::Role;
        const auto problemOf = [](int xRole, int xGroup) {
            TableStatement::Column x{QStringLiteral("x"), QStringLiteral("?"), Role(xRole)};
            x.guardGroup = xGroup;
            return TableStatement(QStringLiteral("t"), TableStatement::OnConflict::Update,
                {{QStringLiteral("k"), QStringLiteral("?"), Role::Key}, x})
                .problem();
        };
        QCOMPARE(problemOf(int(Role::Guarded), 0), QString());
        QCOMPARE(problemOf(int(Role::Guarded), 1), QStringLiteral("t: guard group 0 has no column"));
        QCOMPARE(problemOf(int(Role::Updated), 1),
            QStringLiteral("t.x: a guard group below 0 or on a column that is not guarded"));
        QCOMPARE(problemOf(int(Role::Guarded), -1),
            QStringLiteral("t.x: a guard group below 0 or on a column that is not guarded"));
    }

    void unsoundDescriptionsAreNamed()
    {
        QFETCH(int, onConflict);
        QFETCH(QString, value);
        QFETCH(int, role);
        QFETCH(bool, withKey);
        QFETCH(QString, problem);
        QList<TableStatement::Column> columns = {{QStringLiteral("x"), value, TableStatement::Role(role)}};
        if (withKey)
            columns.prepend({QStringLiteral("k"), QStringLiteral("?"), TableStatement::Role::Key});
        const TableStatement table(QStringLiteral("t"), TableStatement::OnConflict(onConflict), columns);
        QCOMPARE(table.problem(), problem);
        QCOMPARE(smallTable(TableStatement::OnConflict::Update).problem(), QString());
    }

    void fileMatchingTheDescriptionIsAccepted()
    {
        const QString path = databaseWith(QStringLiteral("match.db"),
            QStringLiteral("CREATE TABLE t(id INTEGER PRIMARY KEY NOT NULL, a TEXT NOT NULL, "
                           "b INTEGER NOT NULL, c, d, e INTEGER NOT NULL DEFAULT 0, f TEXT)"));
        QCOMPARE(mismatch(smallTable(TableStatement::OnConflict::Update), path), QString());
    }

    void fileWithoutADescribedColumnIsRefused()
    {
        const QString path
            = databaseWith(QStringLiteral("missing.db"), QStringLiteral("CREATE TABLE t(a, b, d)"));
        QCOMPARE(mismatch(smallTable(TableStatement::OnConflict::Update), path),
            QStringLiteral("the database file does not fit this build: table t has no column c"));
    }

    void fileWithoutTheTableIsRefused()
    {
        const QString path
            = databaseWith(QStringLiteral("other.db"), QStringLiteral("CREATE TABLE u(a, b, c, d)"));
        QCOMPARE(mismatch(smallTable(TableStatement::OnConflict::Update), path),
            QStringLiteral("the database file does not fit this build: it has no table t"));
    }

    void fileRequiringAnUndescribedValueIsRefused()
    {
        const QString path = databaseWith(
            QStringLiteral("required.db"), QStringLiteral("CREATE TABLE t(a, b, c, d, owner TEXT NOT NULL)"));
        QCOMPARE(mismatch(smallTable(TableStatement::OnConflict::Update), path),
            QStringLiteral("the database file does not fit this build: table t requires a value for owner, "
                           "which this build does not write"));
    }
};

KM_TEST_GUILESS_MAIN(TstTableStatement)
#include "tst_tablestatement.moc"

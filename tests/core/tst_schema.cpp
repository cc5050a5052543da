#include "storage/schema.h"
#include "testsupport.h"
#include "writelock.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TstSchema : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_connectionCounter = 0;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString nextConnection() { return QStringLiteral("tst-schema-%1").arg(++m_connectionCounter); }

    static QByteArray readAll(const QString &file)
    {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return QByteArray();
        return f.readAll();
    }

    static void writeFile(const QString &file, const QByteArray &bytes)
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(f.write(bytes), bytes.size());
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void freshDatabaseIsMigrated()
    {
        const QString file = path(QStringLiteral("fresh/nested/km.db"));
        const QString name = nextConnection();
        QString error;
        QVERIFY2(Schema::openConnection(name, file, {}, &error), qPrintable(error));
        Schema::closeConnection(name);

        QVERIFY(Schema::currentVersion() >= 1);
        QCOMPARE(KmTest::queryValue(file, QStringLiteral("PRAGMA user_version")).toInt(),
            Schema::currentVersion());
        QCOMPARE(KmTest::queryValue(file, QStringLiteral("PRAGMA journal_mode")).toString(),
            QStringLiteral("wal"));
        const QVariantList tables = KmTest::queryColumn(file,
            QStringLiteral("SELECT name FROM sqlite_schema WHERE type IN ('table','view') ORDER BY name"));
        for (const char *expected : {"events", "markets", "price_snapshots", "settlements", "sync_runs"})
            QVERIFY2(tables.contains(QString::fromLatin1(expected)), expected);

        // The contract's column names are all queryable.
        const QStringList contractQueries = {
            QStringLiteral("SELECT ticker, series_ticker, title, sub_title, category, mutually_exclusive, "
                           "is_placeholder, updated_at FROM events"),
            QStringLiteral("SELECT ticker, event_ticker, series_ticker, market_type, title, subtitle, "
                           "yes_sub_title, no_sub_title, status, result, open_time, close_time, "
                           "expiration_time, settlement_ts, yes_bid, yes_ask, no_bid, no_ask, last_price, "
                           "volume, volume_24h, open_interest, liquidity, updated_at FROM markets"),
            QStringLiteral("SELECT ticker, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, last_price, "
                           "volume, volume_24h, open_interest FROM price_snapshots"),
            QStringLiteral(
                "SELECT ticker, event_ticker, result, settled_at, settlement_value FROM settlements"),
            QStringLiteral("SELECT id, kind, started_at, finished_at, status, pages, rows, skipped, retries, "
                           "error FROM sync_runs"),
        };
        for (const QString &sql : contractQueries) {
            QString queryError;
            QVERIFY2(KmTest::execStatements(file, {sql}, &queryError), qPrintable(queryError));
        }
    }

    void reopeningIsIdempotent()
    {
        const QString file = path(QStringLiteral("reopen.db"));
        for (int i = 0; i < 3; ++i) {
            const QString name = nextConnection();
            QString error;
            QVERIFY2(Schema::openConnection(name, file, {}, &error), qPrintable(error));
            Schema::closeConnection(name);
        }
        QCOMPARE(KmTest::queryValue(file, QStringLiteral("PRAGMA user_version")).toInt(),
            Schema::currentVersion());
    }

    void notADatabaseIsRefusedUntouched_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("text") << QByteArray("ticker,price\nKX-1,0.45\n");
        QTest::newRow("short") << QByteArray("SQLi");
        QByteArray random(8192, '\0');
        QRandomGenerator generator(42);
        for (char &c : random)
            c = char(generator.bounded(256));
        QTest::newRow("random") << random;
        QTest::newRow("almost sqlite") << QByteArray("SQLite format 2\0 and then some more bytes", 40);
    }

    void notADatabaseIsRefusedUntouched()
    {
        QFETCH(QByteArray, bytes);
        const QString file
            = path(QStringLiteral("not-a-db-%1.db").arg(QString::fromLatin1(QTest::currentDataTag())));
        writeFile(file, bytes);
        for (Schema::Access access : {Schema::Access::ReadWrite, Schema::Access::ReadOnly}) {
            const QString name = nextConnection();
            QString error;
            Schema::ConnectionOptions options;
            options.access = access;
            QVERIFY(!Schema::openConnection(name, file, options, &error));
            QVERIFY2(error.contains(QStringLiteral("not an SQLite database")), qPrintable(error));
            QVERIFY(!QSqlDatabase::contains(name));
        }
        QCOMPARE(readAll(file), bytes);
        QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(file + QStringLiteral("-journal")));
    }

    void specialNamesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("memory") << QStringLiteral(":memory:");
        QTest::newRow("uri memory") << QStringLiteral("file:x.db?mode=memory");
        QTest::newRow("uri in a folder") << QStringLiteral("file:sub/x.db");
        QTest::newRow("resource") << QStringLiteral(":/sql/x.db");
        QTest::newRow("empty") << QString();
        QTest::newRow("device") << QStringLiteral("/dev/null");
    }

    // Regression: ":memory:" synced a whole listing into memory, saved nothing and created a
    // folder ":" (Qt reads the name as a resource path).
    void specialNamesAreRefused()
    {
        QFETCH(QString, name);
        QTemporaryDir workDir;
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(workDir.path()));
        for (Schema::Access access : {Schema::Access::ReadWrite, Schema::Access::ReadOnly}) {
            const QString connection = nextConnection();
            QString error;
            Schema::ConnectionOptions options;
            options.access = access;
            const bool opened = Schema::openConnection(connection, name, options, &error);
            if (opened)
                Schema::closeConnection(connection);
            QVERIFY(!opened);
            QVERIFY(!error.isEmpty());
            QVERIFY(!QSqlDatabase::contains(connection));
        }
        QVERIFY(QDir::setCurrent(previous));
        QCOMPARE(QDir(workDir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
            QStringList());
    }

    void newerSchemaIsRefusedUntouched()
    {
        const QString file = path(QStringLiteral("newer.db"));
        QVERIFY(KmTest::execStatements(
            file, {QStringLiteral("CREATE TABLE future(x)"), QStringLiteral("PRAGMA user_version = 999")}));
        const QByteArray before = readAll(file);
        QVERIFY(!before.isEmpty());

        const QString name = nextConnection();
        QString error;
        QVERIFY(!Schema::openConnection(name, file, {}, &error));
        QVERIFY2(error.contains(QStringLiteral("newer than this build")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("999")), qPrintable(error));
        QCOMPARE(readAll(file), before);
        QCOMPARE(KmTest::queryValue(file, QStringLiteral("PRAGMA journal_mode")).toString(),
            QStringLiteral("delete"));
    }

    void foreignDatabaseIsRefusedUntouched()
    {
        const QString file = path(QStringLiteral("other-app.db"));
        QVERIFY(KmTest::execStatements(file,
            {QStringLiteral("CREATE TABLE contacts(name TEXT)"),
                QStringLiteral("INSERT INTO contacts VALUES ('Ada')")}));
        const QByteArray before = readAll(file);
        const QString name = nextConnection();
        QString error;
        QVERIFY(!Schema::openConnection(name, file, {}, &error));
        QVERIFY2(error.contains(QStringLiteral("another application")), qPrintable(error));
        QCOMPARE(readAll(file), before);
    }

    void foreignDatabaseWithOurVersionIsRefusedUntouched_data()
    {
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("wal");
        QTest::newRow("version 1") << 1 << false;
        QTest::newRow("version 2") << 2 << false;
        QTest::newRow("version 2, wal") << 2 << true;
        QTest::newRow("current version") << Schema::currentVersion() << false;
    }

    // Regression: another application's file with user_version 1 or 2 was switched to WAL and met
    // "Parameter count mismatch" errors; the schema is recognised by its tables, not the number.
    void foreignDatabaseWithOurVersionIsRefusedUntouched()
    {
        QFETCH(int, version);
        QFETCH(bool, wal);
        const QString file = path(QStringLiteral("other-app-v%1-%2.db").arg(version).arg(wal));
        // An application with tables of the same names as some of ours still is another one.
        QStringList statements = {QStringLiteral("CREATE TABLE markets(name TEXT)"),
            QStringLiteral("CREATE TABLE events(name TEXT)"),
            QStringLiteral("INSERT INTO markets VALUES ('fish')"),
            QStringLiteral("PRAGMA user_version = %1").arg(version)};
        if (wal)
            statements.prepend(QStringLiteral("PRAGMA journal_mode = WAL"));
        QVERIFY(KmTest::execStatements(file, statements));
        const QByteArray before = readAll(file);
        for (Schema::Access access : {Schema::Access::ReadWrite, Schema::Access::ReadOnly}) {
            const QString name = nextConnection();
            QString error;
            Schema::ConnectionOptions options;
            options.access = access;
            QVERIFY(!Schema::openConnection(name, file, options, &error));
            QVERIFY2(error.contains(QStringLiteral("is not a Kalshi Monitor database")), qPrintable(error));
            QVERIFY(!QSqlDatabase::contains(name));
        }
        QCOMPARE(readAll(file), before);
        if (!wal) {
            QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
            QCOMPARE(KmTest::queryValue(file, QStringLiteral("PRAGMA journal_mode")).toString(),
                QStringLiteral("delete"));
        }
        QCOMPARE(
            KmTest::queryValue(file, QStringLiteral("SELECT group_concat(name) FROM markets")).toString(),
            QStringLiteral("fish"));
    }

    void readOnlyConnection()
    {
        const QString missing = path(QStringLiteral("missing.db"));
        Schema::ConnectionOptions readOnly;
        readOnly.access = Schema::Access::ReadOnly;
        QString error;
        QVERIFY(!Schema::openConnection(nextConnection(), missing, readOnly, &error));
        QVERIFY2(error.contains(QStringLiteral("no database")), qPrintable(error));
        QVERIFY(!QFile::exists(missing));

        const QString file = path(QStringLiteral("readonly.db"));
        const QString writerName = nextConnection();
        QVERIFY2(Schema::openConnection(writerName, file, {}, &error), qPrintable(error));
        Schema::closeConnection(writerName);

        const QString name = nextConnection();
        QVERIFY2(Schema::openConnection(name, file, readOnly, &error), qPrintable(error));
        {
            QSqlQuery query(QSqlDatabase::database(name));
            QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM markets")));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toInt(), 0);
            query.finish();
            QVERIFY(!query.exec(QStringLiteral(
                "INSERT INTO events(ticker, series_ticker, title, updated_at) VALUES ('E', 'S', 'T', 0)")));
            QVERIFY2(query.lastError().nativeErrorCode().toInt() % 256 == 8, // SQLITE_READONLY
                qPrintable(query.lastError().text()));
        }
        Schema::closeConnection(name);
    }

    void busyClassification_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("busy");
        QTest::newRow("busy") << QStringLiteral("5") << true;
        QTest::newRow("busy recovery") << QStringLiteral("261") << true;
        QTest::newRow("busy snapshot") << QStringLiteral("517") << true;
        QTest::newRow("constraint pk") << QStringLiteral("1555") << false;
        QTest::newRow("full") << QStringLiteral("13") << false;
        QTest::newRow("locked (shared cache)") << QStringLiteral("6") << false;
        QTest::newRow("none") << QString() << false;
        // PostgreSQL's SQLSTATE (QPSQL's native code): conflicts between writers are retried.
        QTest::newRow("pg serialization failure") << QStringLiteral("40001") << true;
        QTest::newRow("pg deadlock") << QStringLiteral("40P01") << true;
        QTest::newRow("pg lock timeout") << QStringLiteral("55P03") << true;
        QTest::newRow("pg statement cancelled by a timeout") << QStringLiteral("57014") << true;
        QTest::newRow("pg unique violation") << QStringLiteral("23505") << false;
        QTest::newRow("pg not null violation") << QStringLiteral("23502") << false;
        QTest::newRow("pg connection failure") << QStringLiteral("08006") << false;
    }

    // The writer retries an open only when it failed on a busy database: the failure must say so,
    // and must not say so for a file that will never open.
    void openFailureSaysWhetherTheDatabaseWasBusy()
    {
        const QString file = path(QStringLiteral("busy-at-open.db"));
        {
            KmTest::WriteLock lock(file);
            QVERIFY2(lock.isHeld(), qPrintable(lock.error()));

            Schema::ConnectionOptions options;
            options.busyTimeoutMs = 50;
            Schema::Failure failure;
            QVERIFY(!Schema::openConnection(nextConnection(), file, options, &failure));
            QVERIFY2(failure.busy(), qPrintable(failure.message));
            QVERIFY2(failure.message.contains(QStringLiteral("locked")), qPrintable(failure.message));

            QVERIFY(lock.release());
            const QString name = nextConnection();
            QVERIFY(Schema::openConnection(name, file, options, &failure));
            Schema::closeConnection(name);
        }

        const QString garbage = path(QStringLiteral("not-busy-garbage.db"));
        writeFile(garbage, QByteArray(4096, 'x'));
        Schema::Failure failure;
        QVERIFY(!Schema::openConnection(nextConnection(), garbage, {}, &failure));
        QVERIFY2(!failure.busy(), qPrintable(failure.message));
        QVERIFY(failure.message.contains(QStringLiteral("not an SQLite database")));
    }

    void busyClassification()
    {
        QFETCH(QString, code);
        QFETCH(bool, busy);
        const QSqlError error(
            QStringLiteral("driver"), QStringLiteral("db"), QSqlError::StatementError, code);
        QCOMPARE(Schema::isBusy(error), busy);
        const Schema::Failure failure = Schema::Failure::fromSql(error);
        QCOMPARE(failure.busy(), busy);
        // A code is carried as what it is: five characters are an SQLSTATE, never an SQLite code.
        QCOMPARE(failure.sqlState, code.size() == 5 ? code : QString());
        QCOMPARE(failure.sqliteCode, code.size() == 5 ? 0 : code.toInt());
    }
};

KM_TEST_GUILESS_MAIN(TstSchema)
#include "tst_schema.moc"

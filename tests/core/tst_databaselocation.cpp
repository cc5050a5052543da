#include "silentserver.h"
#include "storage/databaselocation.h"
#include "storage/schema.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QTest>

#include <chrono>
#include <future>
#include <memory>
#include <thread>

// Parsing of --db / Settings locations: SQLite paths, libpq URLs, and what is shown of them; the
// connect timeout every server connection gets unless the URL or PGCONNECT_TIMEOUT sets one.
class TstDatabaseLocation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathsStaySqlite_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("relative") << QStringLiteral("kalshi.db");
        QTest::newRow("absolute") << QStringLiteral("/var/lib/km/kalshi.db");
        QTest::newRow("contains postgresql") << QStringLiteral("/data/postgresql://x.db");
        QTest::newRow("other scheme") << QStringLiteral("mysql://u@h/db");
    }
    void pathsStaySqlite()
    {
        QFETCH(QString, text);
        QString error = QStringLiteral("stale");
        const DatabaseLocation location = DatabaseLocation::parse(text, &error);
        QVERIFY(location.isValid());
        QVERIFY(error.isEmpty());
        QCOMPARE(location.kind(), DatabaseLocation::Kind::SqliteFile);
        QCOMPARE(location.path(), text);
        QVERIFY(!DatabaseLocation::isServerUrl(text));
    }

    void goodUrls_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("display");
        QTest::newRow("full") << QStringLiteral("postgresql://km@db.example.org:5433/kalshi?sslmode=require")
                              << QStringLiteral("db.example.org") << 5433 << QStringLiteral("km")
                              << QStringLiteral("kalshi") << QStringLiteral("sslmode=require")
                              << QStringLiteral("postgresql://km@db.example.org:5433/kalshi?sslmode=require");
        QTest::newRow("postgres scheme, no port")
            << QStringLiteral("postgres://ana@server/km") << QStringLiteral("server") << -1
            << QStringLiteral("ana") << QStringLiteral("km") << QString()
            << QStringLiteral("postgresql://ana@server/km");
        QTest::newRow("socket folder in host parameter")
            << QStringLiteral("postgresql://km@/kalshi?host=/tmp/pg%20dev&port=55432")
            << QStringLiteral("/tmp/pg dev") << 55432 << QStringLiteral("km") << QStringLiteral("kalshi")
            << QString() << QStringLiteral("postgresql://km@:55432/kalshi?host=/tmp/pg%20dev");
        QTest::newRow("socket folder percent-encoded as host")
            << QStringLiteral("postgresql://%2Fvar%2Frun%2Fpostgresql/kalshi")
            << QStringLiteral("/var/run/postgresql") << -1 << QString() << QStringLiteral("kalshi")
            << QString() << QStringLiteral("postgresql:///kalshi?host=/var/run/postgresql");
        QTest::newRow("ipv6") << QStringLiteral("postgresql://km@[::1]:5432/kalshi?connect_timeout=5")
                              << QStringLiteral("::1") << 5432 << QStringLiteral("km")
                              << QStringLiteral("kalshi") << QStringLiteral("connect_timeout=5")
                              << QStringLiteral("postgresql://km@[::1]:5432/kalshi?connect_timeout=5");
        QTest::newRow("dbname and user as parameters")
            << QStringLiteral("postgresql://localhost?dbname=kalshi&user=km&sslmode=verify-full")
            << QStringLiteral("localhost") << -1 << QStringLiteral("km") << QStringLiteral("kalshi")
            << QStringLiteral("sslmode=verify-full")
            << QStringLiteral("postgresql://km@localhost/kalshi?sslmode=verify-full");
    }
    void goodUrls()
    {
        QFETCH(QString, text);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, user);
        QFETCH(QString, database);
        QFETCH(QString, options);
        QFETCH(QString, display);
        QString error;
        const DatabaseLocation location = DatabaseLocation::parse(text, &error);
        QVERIFY2(location.isValid(), qPrintable(error));
        QVERIFY(location.isServer());
        QCOMPARE(location.host(), host);
        QCOMPARE(location.port(), port);
        QCOMPARE(location.user(), user);
        QCOMPARE(location.databaseName(), database);
        QCOMPARE(location.connectOptions(), options);
        QVERIFY(location.password().isEmpty());
        QCOMPARE(location.displayText(), display);
        // What is displayed reads back as the same server.
        const DatabaseLocation again = DatabaseLocation::parse(location.displayText(), &error);
        QVERIFY2(again.isValid(), qPrintable(error));
        QCOMPARE(again.host(), host);
        QCOMPARE(again.port(), port);
        QCOMPARE(again.databaseName(), database);
        QCOMPARE(Schema::checkDatabaseFile(text), QString());
    }

    void badUrlsAreRefusedClearly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no database") << QStringLiteral("postgresql://km@host:5432/")
                                     << QStringLiteral("database URL: no database named");
        QTest::newRow("port not a number") << QStringLiteral("postgresql://km@host:54x/db")
                                           << QStringLiteral("database URL: the port '54x' is not a number");
        QTest::newRow("port out of range")
            << QStringLiteral("postgresql://km@host:70000/db")
            << QStringLiteral("database URL: the port '70000' is not a number");
        QTest::newRow("unknown parameter") << QStringLiteral("postgresql://km@host/db?sslmod=require")
                                           << QStringLiteral("database URL: unknown parameter 'sslmod'");
        QTest::newRow("bad sslmode") << QStringLiteral("postgresql://km@host/db?sslmode=always")
                                     << QStringLiteral("database URL: sslmode 'always' is not one of");
        QTest::newRow("several hosts") << QStringLiteral("postgresql://km@a,b/db")
                                       << QStringLiteral("database URL: several hosts are not supported");
        QTest::newRow("path with folders")
            << QStringLiteral("postgresql://km@host/db/extra")
            << QStringLiteral("database URL: the path must be just the database name");
        QTest::newRow("parameter without value")
            << QStringLiteral("postgresql://km@host/db?sslmode")
            << QStringLiteral("database URL: the parameter 'sslmode' has no value");
        QTest::newRow("unclosed ipv6") << QStringLiteral("postgresql://km@[::1/db")
                                       << QStringLiteral("database URL: an IPv6 address lacks");
    }
    void badUrlsAreRefusedClearly()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QString error;
        const DatabaseLocation location = DatabaseLocation::parse(text, &error);
        QVERIFY(!location.isValid());
        QVERIFY2(error.startsWith(expected), qPrintable(error));
        // The CLI's --db check and Schema::openConnection say the same.
        QCOMPARE(Schema::checkDatabaseFile(text), error);
        QString openError;
        QVERIFY(!Schema::openConnection(QStringLiteral("bad-url"), text, {}, &openError));
        QCOMPARE(openError, error);
    }

    void passwordIsUsedButNeverShown_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("in the user info")
            << QStringLiteral("postgresql://km:s3cr%40t-pw@host:5432/kalshi?sslmode=require");
        QTest::newRow("as a parameter")
            << QStringLiteral("postgresql://km@host:5432/kalshi?password=s3cr%40t-pw");
    }
    void passwordIsUsedButNeverShown()
    {
        QFETCH(QString, text);
        QString error;
        const DatabaseLocation location = DatabaseLocation::parse(text, &error);
        QVERIFY2(location.isValid(), qPrintable(error));
        QCOMPARE(location.password(), QStringLiteral("s3cr@t-pw"));
        QVERIFY(!location.displayText().contains(QLatin1String("s3cr")));
        QVERIFY(!location.connectOptions().contains(QLatin1String("s3cr")));
        QVERIFY(!Schema::displayName(text).contains(QLatin1String("s3cr")));
        QVERIFY(Schema::displayName(text).startsWith(QLatin1String("postgresql://km@host:5432/kalshi")));
        // An error about another part of the same URL does not quote the password either.
        const QString broken = QString(text).replace(QLatin1String(":5432"), QLatin1String(":bad"));
        DatabaseLocation::parse(broken, &error);
        QVERIFY(!error.isEmpty());
        QVERIFY2(!error.contains(QLatin1String("s3cr")), qPrintable(error));
    }
    // Without a connect_timeout of its own a connection waits defaultConnectTimeoutSecs; the URL's
    // value and PGCONNECT_TIMEOUT (read by libpq itself) win, as libpq has it.
    void aConnectTimeoutUnlessOneIsSet()
    {
        const QByteArray saved = qgetenv("PGCONNECT_TIMEOUT");
        qunsetenv("PGCONNECT_TIMEOUT");
        QString error;
        const DatabaseLocation plain
            = DatabaseLocation::parse(QStringLiteral("postgresql://km@host/db"), &error);
        QCOMPARE(plain.connectOptions(), QString());
        QCOMPARE(plain.openOptions(),
            QStringLiteral("connect_timeout=%1").arg(DatabaseLocation::defaultConnectTimeoutSecs));
        const DatabaseLocation ssl
            = DatabaseLocation::parse(QStringLiteral("postgresql://km@host/db?sslmode=require"), &error);
        QCOMPARE(ssl.openOptions(),
            QStringLiteral("sslmode=require;connect_timeout=%1")
                .arg(DatabaseLocation::defaultConnectTimeoutSecs));
        const DatabaseLocation own = DatabaseLocation::parse(
            QStringLiteral("postgresql://km@host/db?connect_timeout=0&sslmode=require"), &error);
        QCOMPARE(own.openOptions(), QStringLiteral("connect_timeout=0;sslmode=require"));
        qputenv("PGCONNECT_TIMEOUT", "3");
        QCOMPARE(plain.openOptions(), QString());
        QCOMPARE(ssl.openOptions(), QStringLiteral("sslmode=require"));
        if (saved.isNull())
            qunsetenv("PGCONNECT_TIMEOUT");
        else
            qputenv("PGCONNECT_TIMEOUT", saved);
    }

    // A server that accepts the connection but never answers (a hung host, a half-open route):
    // opening gives up with libpq's timeout instead of blocking its thread for good.
    void aServerThatNeverAnswersTimesOut()
    {
        if (!qEnvironmentVariableIsEmpty("PGCONNECT_TIMEOUT"))
            QSKIP("PGCONNECT_TIMEOUT is set in this environment");
        const KmTest::SilentServer silent;
        QVERIFY(silent.isListening());
        const QString url = silent.postgresUrl();

        // In a thread of its own, so that a connection that never gives up fails the test
        // instead of hanging it.
        auto done = std::make_shared<std::promise<std::pair<bool, QString>>>();
        std::future<std::pair<bool, QString>> result = done->get_future();
        std::thread opener([url, done] {
            QString error;
            const bool ok = Schema::openConnection(QStringLiteral("never-answers"), url, {}, &error);
            if (ok)
                Schema::closeConnection(QStringLiteral("never-answers"));
            done->set_value({ok, error});
        });
        const int limitSecs = DatabaseLocation::defaultConnectTimeoutSecs * 4;
        if (result.wait_for(std::chrono::seconds(limitSecs)) != std::future_status::ready) {
            opener.detach();
            QFAIL(qPrintable(QStringLiteral("still connecting after %1 s").arg(limitSecs)));
        }
        opener.join();
        const auto [ok, error] = result.get();
        QVERIFY(!ok);
        QVERIFY2(error.contains(QLatin1String("timeout expired")), qPrintable(error));
    }
};

KM_TEST_GUILESS_MAIN(TstDatabaseLocation)
#include "tst_databaselocation.moc"

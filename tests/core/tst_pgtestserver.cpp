#include "pgtestserver.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

#include <unistd.h>

// The throwaway PostgreSQL server the storage tests run against: it starts without help, hands out
// separate databases, speaks to Qt's QPSQL driver, never runs as root, and is gone after stop().
class TestPgTestServer : public QObject
{
    Q_OBJECT

private slots:
    void init() { KmTest::failOnForbiddenWarnings(); }

    void startsAndHandsOutSeparateDatabases()
    {
        const auto server = KmTest::startPostgres();
        QString error;
        const QString first = server->newDatabaseUrl(&error);
        QVERIFY2(!first.isEmpty(), qPrintable(error));
        const QString second = server->newDatabaseUrl(&error);
        QVERIFY2(!second.isEmpty(), qPrintable(error));
        QVERIFY(first != second);

        const QString firstName = QUrl(first).path().mid(1);
        QCOMPARE(server->psql(firstName,
                     QStringLiteral("CREATE TABLE t (x integer); INSERT INTO t VALUES (7);"), &error),
            QString());
        QCOMPARE(server->psql(firstName, QStringLiteral("SELECT x FROM t"), &error), QStringLiteral("7"));
        const QString secondName = QUrl(second).path().mid(1);
        QCOMPARE(
            server->psql(secondName, QStringLiteral("SELECT count(*) FROM pg_tables WHERE tablename = 't'")),
            QStringLiteral("0"));
    }

    void qpsqlConnectsOverTcpAndSocket()
    {
        QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")),
            "Qt's QPSQL driver is missing: scripts/install-deps.sh installs libqt6sql6-psql");
        const auto server = KmTest::startPostgres();
        const QUrl url(server->newDatabaseUrl());
        for (const QString &host : {QStringLiteral("127.0.0.1"), server->socketDirectory()}) {
            const QString name = QStringLiteral("probe-") + host;
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
                db.setHostName(host);
                db.setPort(server->port());
                db.setUserName(server->userName());
                db.setDatabaseName(url.path().mid(1));
                QVERIFY2(db.open(), qPrintable(db.lastError().text()));
                QSqlQuery query(db);
                QVERIFY(query.exec(QStringLiteral("SELECT current_user, 6 * 7")));
                QVERIFY(query.next());
                QCOMPARE(query.value(0).toString(), QStringLiteral("km"));
                QCOMPARE(query.value(1).toInt(), 42);
            }
            QSqlDatabase::removeDatabase(name);
        }
    }

    void serverNeverRunsAsRootAndStops()
    {
        const auto server = KmTest::startPostgres();
        const QString dataDirectory
            = server->psql(QStringLiteral("postgres"), QStringLiteral("SHOW data_directory"));
        QVERIFY(!dataDirectory.isEmpty());
        const QFileInfo data(dataDirectory);
        QVERIFY(data.exists());
        if (::geteuid() == 0)
            QCOMPARE(data.ownerId(), 65534u);
        else
            QCOMPARE(data.ownerId(), uint(::geteuid()));

        server->stop();
        QString error;
        QCOMPARE(server->psql(QStringLiteral("postgres"), QStringLiteral("SELECT 1"), &error), QString());
        QVERIFY2(!error.isEmpty(), "psql against a stopped server must fail");
    }
};

KM_TEST_GUILESS_MAIN(TestPgTestServer)
#include "tst_pgtestserver.moc"

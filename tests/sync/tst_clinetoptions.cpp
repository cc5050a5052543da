// The network options of kalshi-monitor-cli (--rate-limit, --api-base): what parseCliArguments()
// accepts, and that a refused value ends the process with exit status 2 before anything is opened.
#include "cli/clioptions.h"
#include "network/ratelimiter.h"
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TstCliNetOptions : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static CliParse parse(const QStringList &options, CliOptions *parsed, QString *message)
    {
        return parseCliArguments(
            QStringList{QStringLiteral("kalshi-monitor-cli"), QStringLiteral("sync-events"),
                QStringLiteral("--db"), QStringLiteral("unused.db")}
                + options,
            parsed, message);
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
    }
    void init() { KmTest::failOnForbiddenWarnings(); }

    void rateLimitAccepted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("rate");
        QTest::newRow("default") << QStringLiteral("15") << 15.0;
        QTest::newRow("minimum") << QStringLiteral("0.01") << 0.01;
        QTest::newRow("maximum") << QStringLiteral("1000") << 1000.0;
        QTest::newRow("fraction") << QStringLiteral("2.5") << 2.5;
        QTest::newRow("zero is unlimited") << QStringLiteral("0") << 0.0;
        QTest::newRow("unlimited") << QStringLiteral("unlimited") << 0.0;
    }

    void rateLimitAccepted()
    {
        QFETCH(QString, text);
        QFETCH(double, rate);
        CliOptions options;
        QString message;
        QCOMPARE(parse({QStringLiteral("--rate-limit"), text}, &options, &message), CliParse::Ok);
        QCOMPARE(options.rateLimit, rate);
    }

    // Issue 12: nan and 1e-300 ran unlimited, 0.0001 stalled silently.
    void rateLimitRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("nan") << QStringLiteral("nan");
        QTest::newRow("inf") << QStringLiteral("inf");
        QTest::newRow("-inf") << QStringLiteral("-inf");
        QTest::newRow("1e-300") << QStringLiteral("1e-300");
        QTest::newRow("0.0001") << QStringLiteral("0.0001");
        QTest::newRow("below the minimum") << QStringLiteral("0.009");
        QTest::newRow("above the maximum") << QStringLiteral("1000.5");
        QTest::newRow("1e300") << QStringLiteral("1e300");
        QTest::newRow("negative") << QStringLiteral("-1");
        QTest::newRow("words") << QStringLiteral("fast");
        QTest::newRow("empty") << QString();
    }

    void rateLimitRefused()
    {
        QFETCH(QString, text);
        CliOptions options;
        QString message;
        QCOMPARE(parse({QStringLiteral("--rate-limit"), text}, &options, &message), CliParse::UsageError);
        QVERIFY2(message.startsWith(QStringLiteral("--rate-limit '") + text + u'\''), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("from 0.01 to 1000")), qPrintable(message));
    }

    void apiBaseWithCredentialsRefused_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("user and password")
            << QStringLiteral("https://user:s3cret@api.example.com/trade-api/v2");
        QTest::newRow("user only") << QStringLiteral("http://user@127.0.0.1:8080/trade-api/v2");
        QTest::newRow("empty password") << QStringLiteral("https://user:@api.example.com/");
    }

    void apiBaseWithCredentialsRefused()
    {
        QFETCH(QString, url);
        CliOptions options;
        QString message;
        QCOMPARE(parse({QStringLiteral("--api-base"), url}, &options, &message), CliParse::UsageError);
        QVERIFY2(message.contains(QStringLiteral("no credentials")), qPrintable(message));
        QVERIFY2(
            !message.contains(QStringLiteral("s3cret")), qPrintable(message)); // the secret is not echoed
    }

    void apiBaseWithoutCredentialsAccepted()
    {
        CliOptions options;
        QString message;
        const QString url = QStringLiteral("http://127.0.0.1:8080/trade-api/v2");
        QCOMPARE(parse({QStringLiteral("--api-base"), url}, &options, &message), CliParse::Ok);
        QCOMPARE(options.apiBase, url);
    }

    // The whole process: exit status 2, the reason on stderr, and no database file created.
    void refusedOptionsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("rate nan") << QStringList{QStringLiteral("--rate-limit"), QStringLiteral("nan")}
                                  << QByteArray("--rate-limit 'nan'");
        QTest::newRow("rate 1e-300") << QStringList{QStringLiteral("--rate-limit"), QStringLiteral("1e-300")}
                                     << QByteArray("--rate-limit '1e-300'");
        QTest::newRow("rate 0.0001") << QStringList{QStringLiteral("--rate-limit"), QStringLiteral("0.0001")}
                                     << QByteArray("--rate-limit '0.0001'");
        QTest::newRow("credentials") << QStringList{QStringLiteral("--api-base"),
            QStringLiteral("https://user:pass@127.0.0.1:1/")}
                                     << QByteArray("no credentials");
    }

    void refusedOptionsExitTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, expected);
        const QString cli = KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli"));
        QVERIFY2(!cli.isEmpty(), "kalshi-monitor-cli was not built");
        const QString path = m_dir.filePath(
            QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_') + QStringLiteral(".db"));
        QProcess process;
        process.start(
            cli, QStringList{QStringLiteral("sync-events"), QStringLiteral("--db"), path} + arguments);
        QVERIFY(process.waitForFinished(30000));
        const QByteArray err = process.readAllStandardError();
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        QVERIFY2(err.contains(expected), err.constData());
        QVERIFY(!QFile::exists(path));
    }
};

KM_TEST_GUILESS_MAIN(TstCliNetOptions)
#include "tst_clinetoptions.moc"

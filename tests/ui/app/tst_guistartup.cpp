#include "mainwindow/guistartup.h"
#include "testsupport.h"

#include <QTest>

// The app's command line: a PostgreSQL URL is taken as the database (the window opens it like a
// file), a malformed one is refused without showing its password, and a file path still passes.
class TstGuiStartup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serverUrlIsAccepted()
    {
        GuiOptions options;
        QString message;
        bool help = false;
        const QString url = QStringLiteral("postgresql://km:pw@db.example.org:5433/kalshi?sslmode=require");
        QVERIFY2(GuiStartup::parse({QStringLiteral("kalshi-monitor"), QStringLiteral("--db"), url}, &options,
                     &message, &help),
            qPrintable(message));
        QCOMPARE(options.databasePath, url);
        QVERIFY(message.isEmpty());
        QVERIFY(!help);
    }

    void malformedServerUrlIsRefusedWithoutItsPassword()
    {
        GuiOptions options;
        QString message;
        bool help = false;
        QVERIFY(!GuiStartup::parse({QStringLiteral("kalshi-monitor"), QStringLiteral("--db"),
                                       QStringLiteral("postgresql://km:pw@db.example.org:notaport/kalshi")},
            &options, &message, &help));
        QVERIFY(message.startsWith(QLatin1String("--db: ")));
        QVERIFY2(!message.contains(QLatin1String("pw")), qPrintable(message));
    }

    void filePathIsAccepted()
    {
        GuiOptions options;
        QString message;
        bool help = false;
        QVERIFY2(GuiStartup::parse({QStringLiteral("kalshi-monitor"), QStringLiteral("--db"),
                                       QStringLiteral("/tmp/kalshi-monitor-test.db")},
                     &options, &message, &help),
            qPrintable(message));
        QCOMPARE(options.databasePath, QStringLiteral("/tmp/kalshi-monitor-test.db"));
    }
};

KM_TEST_GUILESS_MAIN(TstGuiStartup)
#include "tst_guistartup.moc"

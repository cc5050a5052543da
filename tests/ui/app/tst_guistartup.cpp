#include "mainwindow/guistartup.h"
#include "testsupport.h"

#include <QTest>

// The app's command line: a PostgreSQL URL is refused clearly (the app's views read through
// SQLite) and never half-opened; a file path still passes.
class TstGuiStartup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serverUrlIsRefusedClearly()
    {
        GuiOptions options;
        QString message;
        bool help = false;
        QVERIFY(!GuiStartup::parse({QStringLiteral("kalshi-monitor"), QStringLiteral("--db"),
                                       QStringLiteral("postgresql://km:pw@db.example.org/kalshi")},
            &options, &message, &help));
        QVERIFY(message.contains(QLatin1String("cannot open a PostgreSQL database yet")));
        QVERIFY(!message.contains(QLatin1String("pw@")));
        QVERIFY(!help);
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

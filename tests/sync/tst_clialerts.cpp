// kalshi-monitor-cli watch and alerts as real processes: the exact syntax, usage errors that store
// nothing, and the JSON of add, list, remove and history.
#include "databasefolder.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

class TstCliAlerts : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("clialerts")};
    QString m_cli;

    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;

        QList<QJsonObject> jsonLines() const
        {
            QList<QJsonObject> lines;
            for (const QByteArray &line : out.split('\n')) {
                if (!line.trimmed().isEmpty())
                    lines.append(QJsonDocument::fromJson(line).object());
            }
            return lines;
        }
    };

    Run run(const QString &path, const QStringList &arguments)
    {
        QProcess process;
        process.start(m_cli, arguments + QStringList{QStringLiteral("--db"), path});
        Run result;
        if (!process.waitForFinished(60000))
            return result;
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

    QString initialisedDatabase()
    {
        const QString path = m_dir.newDatabasePath();
        const Run init = run(path, {QStringLiteral("init")});
        if (init.exitCode != 0)
            qWarning("init failed: %s", init.err.constData());
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        m_cli = KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli"));
        QVERIFY(!m_cli.isEmpty());
    }
    void init() { KmTest::failOnForbiddenWarnings(); }

    void malformedRuleExits2AndStoresNothing_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("named"); // the bad part, as the message names it
        QTest::newRow("no scope") << "--when yes_bid above 0.65"
                                  << "--ticker T, --event E or --series S";
        QTest::newRow("two scopes") << "--ticker A --series S --status-change"
                                    << "--ticker and --series";
        QTest::newRow("no condition") << "--ticker A"
                                      << "needs a condition";
        QTest::newRow("two conditions") << "--ticker A --status-change --volume-jump 5"
                                        << "--volume-jump and --status-change";
        QTest::newRow("unknown field") << "--ticker A --when yes_bd above 0.65"
                                       << "unknown field 'yes_bd'";
        QTest::newRow("bad direction") << "--ticker A --when yes_bid over 0.65"
                                       << "'over' is neither above nor below";
        QTest::newRow("level above a dollar") << "--ticker A --when yes_bid above 1.5"
                                              << "level '1.5'";
        QTest::newRow("level in tenths of a cent") << "--ticker A --when yes_bid above 65.5.c"
                                                   << "level '65.5.c'";
        QTest::newRow("missing level") << "--ticker A --when yes_bid above"
                                       << "--when needs three words";
        QTest::newRow("move without window") << "--ticker A --move 5"
                                             << "--move needs --within";
        QTest::newRow("bad window") << "--ticker A --move 5 --within soon"
                                    << "--within 'soon'";
        QTest::newRow("move above a dollar") << "--ticker A --move 101 --within 1h"
                                             << "--move '101'";
        QTest::newRow("window without move") << "--ticker A --status-change --within 1h"
                                             << "--within applies to --move only";
        QTest::newRow("negative volume") << "--ticker A --volume-jump -5"
                                         << "--volume-jump '-5'";
        QTest::newRow("stray word") << "--ticker A --status-change extra"
                                    << "unexpected argument 'extra'";
    }
    void malformedRuleExits2AndStoresNothing()
    {
        QFETCH(QString, arguments);
        QFETCH(QString, named);
        const QString path = initialisedDatabase();
        const Run result = run(path,
            QStringList{QStringLiteral("alerts"), QStringLiteral("add")} + arguments.split(u' ')
                + QStringList{QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(named.toUtf8()), result.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(result.out).object();
        QCOMPARE(json.value(QStringLiteral("usage_error")).toBool(), true);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_rules")), 0);
    }

    void rulesRoundTrip()
    {
        const QString path = initialisedDatabase();
        const Run added = run(path,
            {QStringLiteral("alerts"), QStringLiteral("add"), QStringLiteral("--ticker"),
                QStringLiteral("KXA-1"), QStringLiteral("--when"), QStringLiteral("yes_ask"),
                QStringLiteral("below"), QStringLiteral("65c"), QStringLiteral("--note"),
                QStringLiteral("buy below 65"), QStringLiteral("--json")});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const QJsonObject rule = added.jsonLines().value(0);
        QCOMPARE(rule.value(QStringLiteral("id")).toInt(), 1);
        QCOMPARE(rule.value(QStringLiteral("kind")).toString(), QStringLiteral("below"));
        QCOMPARE(rule.value(QStringLiteral("field")).toString(), QStringLiteral("yes_ask"));
        QCOMPARE(rule.value(QStringLiteral("level")).toString(), QStringLiteral("0.6500"));
        QCOMPARE(rule.value(QStringLiteral("note")).toString(), QStringLiteral("buy below 65"));
        QCOMPARE(
            KmTest::queryColumn(path, QStringLiteral("SELECT level FROM alert_rules")), QVariantList{650000});

        QCOMPARE(run(path,
                     {QStringLiteral("alerts"), QStringLiteral("add"), QStringLiteral("--series"),
                         QStringLiteral("KXB"), QStringLiteral("--move"), QStringLiteral("5"),
                         QStringLiteral("--within"), QStringLiteral("30m")})
                     .exitCode,
            0);
        const QList<QJsonObject> listed
            = run(path, {QStringLiteral("alerts"), QStringLiteral("list"), QStringLiteral("--json")})
                  .jsonLines();
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed.at(1).value(QStringLiteral("scope")).toString(), QStringLiteral("series"));
        QCOMPARE(listed.at(1).value(QStringLiteral("window_secs")).toInt(), 1800);
        QCOMPARE(listed.at(1).value(QStringLiteral("level")).toString(), QStringLiteral("0.0500"));

        QCOMPARE(
            run(path, {QStringLiteral("alerts"), QStringLiteral("remove"), QStringLiteral("1")}).exitCode, 0);
        const Run again
            = run(path, {QStringLiteral("alerts"), QStringLiteral("remove"), QStringLiteral("1")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("no active rule #1"), again.err.constData());
        QCOMPARE(run(path, {QStringLiteral("alerts"), QStringLiteral("list"), QStringLiteral("--json")})
                     .jsonLines()
                     .size(),
            1);
        const Run history = run(path,
            {QStringLiteral("alerts"), QStringLiteral("history"), QStringLiteral("--since"),
                QStringLiteral("24h"), QStringLiteral("--json")});
        QCOMPARE(history.exitCode, 0);
        QCOMPARE(history.jsonLines().size(), 0);
    }

    void historyListsFirings()
    {
        const QString path = initialisedDatabase();
        QVERIFY(KmTest::execStatements(path,
            {QStringLiteral("INSERT INTO alert_rules(id, scope, target, kind, field, level, created_at) "
                            "VALUES (4, 'ticker', 'KXA', 'above', 'yes_bid', 650000, 1)"),
                QStringLiteral(
                    "INSERT INTO alert_events(rule_id, ticker, snapshot_time, fired_at, value_before, "
                    "value_after, message) VALUES (4, 'KXA', 100, 100, 600000, 700000, 'old'), "
                    "(4, 'KXA', 200, strftime('%s', 'now'), 600000, 700000, 'new')")}));
        const QList<QJsonObject> all
            = run(path, {QStringLiteral("alerts"), QStringLiteral("history"), QStringLiteral("--json")})
                  .jsonLines();
        QCOMPARE(all.size(), 2);
        const QList<QJsonObject> recent = run(path,
            {QStringLiteral("alerts"), QStringLiteral("history"), QStringLiteral("--since"),
                QStringLiteral("1h"), QStringLiteral("--json")})
                                              .jsonLines();
        QCOMPARE(recent.size(), 1);
        const QJsonObject firing = recent.first();
        QCOMPARE(firing.value(QStringLiteral("rule_id")).toInt(), 4);
        QCOMPARE(firing.value(QStringLiteral("ticker")).toString(), QStringLiteral("KXA"));
        QCOMPARE(firing.value(QStringLiteral("value")).toString(), QStringLiteral("0.7000"));
        QCOMPARE(firing.value(QStringLiteral("message")).toString(), QStringLiteral("new"));
        QVERIFY(firing.value(QStringLiteral("fired_at")).toInteger() > 200);
    }

    void watchAddRemoveList()
    {
        const QString path = initialisedDatabase();
        const Run added = run(path,
            {QStringLiteral("watch"), QStringLiteral("add"), QStringLiteral("KXA"), QStringLiteral("KXB"),
                QStringLiteral("KXA"), QStringLiteral("--json")});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QCOMPARE(added.jsonLines().value(0).value(QStringLiteral("added")).toInt(), 2);
        QCOMPARE(
            run(path, {QStringLiteral("watch"), QStringLiteral("remove"), QStringLiteral("KXA")}).exitCode,
            0);
        const QList<QJsonObject> listed
            = run(path, {QStringLiteral("watch"), QStringLiteral("list"), QStringLiteral("--json")})
                  .jsonLines();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first().value(QStringLiteral("ticker")).toString(), QStringLiteral("KXB"));
        const Run empty = run(path, {QStringLiteral("watch"), QStringLiteral("add")});
        QCOMPARE(empty.exitCode, 2);
        QVERIFY2(empty.err.contains("at least one TICKER"), empty.err.constData());
    }
};

KM_TEST_GUILESS_MAIN(TstCliAlerts)
#include "tst_clialerts.moc"

// Alert rules evaluated by the writer on PostgreSQL (a throwaway PgTestServer): the evaluator's own
// statements there (the earlier snapshots read for a batch, the crossings checked against the
// recorded firings one statement per rule, the status read). tst_alerts covers the rules on SQLite.
// Without the PostgreSQL server binaries the test FAILS (KmTest::startPostgres), never skips.
#include "alertbatches.h"
#include "alertwriting.h"
#include "pgtestserver.h"
#include "startwriter.h"
#include "storage/writerthread.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using KmTest::startWriter;

namespace {

constexpr qint64 t0 = 1800000000;

AlertRule rule(AlertRule::Scope scope, const QString &target, AlertRule::Kind kind, qint64 level)
{
    AlertRule rule;
    rule.scope = scope;
    rule.target = target;
    rule.kind = kind;
    rule.field = AlertRule::Field::YesBid;
    rule.level = level;
    return rule;
}

} // namespace

class TstAlertsPostgres : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PgTestServer> m_server;

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        m_server = KmTest::startPostgres();
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { m_server.reset(); }

    void crossingsOnceAcrossRestarts()
    {
        const QString url = m_server->newDatabaseUrlOrAbort();
        {
            auto writer = startWriter(url);
            QVERIFY(KmTest::addAlertRule(*writer,
                        rule(AlertRule::Scope::Event, RecordFactory::eventTicker(3), AlertRule::Kind::Above,
                            650000))
                > 0);
            AlertRule status;
            status.target = RecordFactory::marketTicker(25);
            status.kind = AlertRule::Kind::StatusChange;
            QVERIFY(KmTest::addAlertRule(*writer, status) > 0);
            // Markets 0..19: the event rule watches 3 and 13.
            QVERIFY(KmTest::writeForFirings(
                *writer, AlertBatches::snapshots(0, 20, t0, AlertBatches::bid(600000)))
                        .isEmpty());
            const QList<AlertFiring> rise = KmTest::writeForFirings(
                *writer, AlertBatches::snapshots(0, 20, t0 + 60, AlertBatches::bid(700000)));
            QCOMPARE(rise.size(), 2);
            QCOMPARE(rise.first().valueBefore, std::optional<qint64>(600000));
            QVERIFY(KmTest::writeForFirings(
                *writer, AlertBatches::snapshots(0, 20, t0 + 120, AlertBatches::bid(710000)))
                        .isEmpty());
            AlertBatches::Prices closed = AlertBatches::bid(710000);
            closed.status = QStringLiteral("closed");
            // Market 25's first listing is no change; its next one closed is.
            QVERIFY(KmTest::writeForFirings(
                *writer, AlertBatches::snapshots(25, 1, t0 + 150, AlertBatches::bid(710000)))
                        .isEmpty());
            const QList<AlertFiring> closing
                = KmTest::writeForFirings(*writer, AlertBatches::snapshots(25, 1, t0 + 180, closed));
            QCOMPARE(closing.size(), 1);
            QCOMPARE(closing.first().status, QStringLiteral("closed"));
            writer->stop();
        }
        auto writer = startWriter(url);
        // The crossing's snapshot again and a later one still above: recorded already.
        QVERIFY(KmTest::writeForFirings(
            *writer, AlertBatches::snapshots(3, 1, t0 + 60, AlertBatches::bid(700000)))
                    .isEmpty());
        QVERIFY(KmTest::writeForFirings(
            *writer, AlertBatches::snapshots(0, 20, t0 + 240, AlertBatches::bid(720000)))
                    .isEmpty());
        // Below re-arms; the next rise fires again.
        QVERIFY(KmTest::writeForFirings(
            *writer, AlertBatches::snapshots(0, 20, t0 + 300, AlertBatches::bid(600000)))
                    .isEmpty());
        QCOMPARE(KmTest::writeForFirings(
                     *writer, AlertBatches::snapshots(0, 20, t0 + 360, AlertBatches::bid(700000)))
                     .size(),
            2);
        writer->stop();
        QCOMPARE(
            KmTest::queryColumn(url,
                QStringLiteral("SELECT ticker || '@' || CAST(snapshot_time - %1 AS TEXT) FROM alert_events "
                               "ORDER BY id")
                    .arg(t0)),
            (QVariantList{QVariant(RecordFactory::marketTicker(3) + QStringLiteral("@60")),
                QVariant(RecordFactory::marketTicker(13) + QStringLiteral("@60")),
                QVariant(RecordFactory::marketTicker(25) + QStringLiteral("@180")),
                QVariant(RecordFactory::marketTicker(3) + QStringLiteral("@360")),
                QVariant(RecordFactory::marketTicker(13) + QStringLiteral("@360"))}));
    }
};

KM_TEST_GUILESS_MAIN(TstAlertsPostgres)
#include "tst_alertspostgres.moc"

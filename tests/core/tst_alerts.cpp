#include "alertbatches.h"
#include "alertwriting.h"
#include "databasefolder.h"
#include "startwriter.h"
#include "storage/writerthread.h"
#include "testsupport.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>

namespace {

using KmTest::startWriter;

constexpr qint64 t0 = 1800000000;

AlertRule priceRule(
    AlertRule::Scope scope, const QString &target, AlertRule::Kind kind, AlertRule::Field field, qint64 level)
{
    AlertRule rule;
    rule.scope = scope;
    rule.target = target;
    rule.kind = kind;
    rule.field = field;
    rule.level = level;
    return rule;
}

AlertRule tickerAbove(int market, qint64 level)
{
    return priceRule(AlertRule::Scope::Ticker, RecordFactory::marketTicker(market), AlertRule::Kind::Above,
        AlertRule::Field::YesBid, level);
}

// Adds the listings and snapshots of `more` to `batch`.
void append(WriteBatch &batch, const WriteBatch &more)
{
    batch.markets += more.markets;
    batch.snapshots += more.snapshots;
}

} // namespace

// Alert rules evaluated by the writer: crossings, re-arming, scopes, moves, volume jumps, status
// changes, restarts and two processes at once. Times are whole seconds from t0.
class TstAlerts : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("alerts")};

    static QList<AlertFiring> snapshot(
        WriterThread &thread, int market, qint64 time, const AlertBatches::Prices &prices)
    {
        return KmTest::writeForFirings(thread, AlertBatches::snapshots(market, 1, time, prices));
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
    }
    void init() { KmTest::failOnForbiddenWarnings(); }

    void formatsDollarsAndContracts_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QString>("dollars");
        QTest::addColumn<QString>("contracts");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0.0000") << QStringLiteral("0");
        QTest::newRow("level") << qint64(650000) << QStringLiteral("0.6500") << QStringLiteral("6500");
        QTest::newRow("finer") << qint64(123450) << QStringLiteral("0.12345") << QStringLiteral("1234.50");
        QTest::newRow("micro") << qint64(10) << QStringLiteral("0.00001") << QStringLiteral("0.10");
        QTest::newRow("whole") << qint64(12000000) << QStringLiteral("12.0000") << QStringLiteral("120000");
        QTest::newRow("mixed") << qint64(1234567) << QStringLiteral("1.234567") << QStringLiteral("12345.67");
        QTest::newRow("negative") << qint64(-50000) << QStringLiteral("-0.0500") << QStringLiteral("-500");
        QTest::newRow("negative cents")
            << qint64(-105) << QStringLiteral("-0.000105") << QStringLiteral("-1.05");
    }
    void formatsDollarsAndContracts()
    {
        // The firings' messages and the CLI's JSON: four decimals for dollars (finer ones kept),
        // contracts with cents only when there are any.
        QFETCH(qint64, value);
        QFETCH(QString, dollars);
        QFETCH(QString, contracts);
        QCOMPARE(formatDollars(value), dollars);
        QCOMPARE(formatContracts(value), contracts);
    }

    void crossingFiresOnceAndRearms()
    {
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        const qint64 rule = KmTest::addAlertRule(*writer, tickerAbove(3, 650000));
        QVERIFY(rule > 0);
        QVERIFY(snapshot(*writer, 3, t0, AlertBatches::bid(600000)).isEmpty());
        const QList<AlertFiring> first = snapshot(*writer, 3, t0 + 60, AlertBatches::bid(700000));
        QCOMPARE(first.size(), 1);
        QCOMPARE(first.first().ruleId, rule);
        QCOMPARE(first.first().ticker, RecordFactory::marketTicker(3));
        QCOMPARE(first.first().snapshotTime, t0 + 60);
        QCOMPARE(first.first().valueBefore, std::optional<qint64>(600000));
        QCOMPARE(first.first().valueAfter, std::optional<qint64>(700000));
        QVERIFY2(first.first().message.contains(QStringLiteral("rose above 0.6500")),
            qPrintable(first.first().message));
        // Still above: no second firing.
        QVERIFY(snapshot(*writer, 3, t0 + 120, AlertBatches::bid(710000)).isEmpty());
        QVERIFY(snapshot(*writer, 3, t0 + 180, AlertBatches::bid(800000)).isEmpty());
        // Below again re-arms; the next rise fires again.
        QVERIFY(snapshot(*writer, 3, t0 + 240, AlertBatches::bid(640000)).isEmpty());
        QCOMPARE(snapshot(*writer, 3, t0 + 300, AlertBatches::bid(660000)).size(), 1);
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_events")), 2);
        QCOMPARE(
            KmTest::queryColumn(path, QStringLiteral("SELECT snapshot_time FROM alert_events ORDER BY id")),
            (QVariantList{t0 + 60, t0 + 300}));
    }

    void noFiringWithoutCrossing_data()
    {
        QTest::addColumn<qint64>("before");
        QTest::addColumn<qint64>("after");
        QTest::newRow("stays below") << qint64(500000) << qint64(640000);
        QTest::newRow("stays above") << qint64(700000) << qint64(900000);
        QTest::newRow("touches the level") << qint64(500000) << qint64(650000);
        QTest::newRow("falls") << qint64(700000) << qint64(500000);
    }
    void noFiringWithoutCrossing()
    {
        QFETCH(qint64, before);
        QFETCH(qint64, after);
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        QVERIFY(KmTest::addAlertRule(*writer, tickerAbove(1, 650000)) > 0);
        // A first snapshot has nothing before it: a market already above does not fire either.
        QVERIFY(snapshot(*writer, 1, t0, AlertBatches::bid(before)).isEmpty());
        QVERIFY(snapshot(*writer, 1, t0 + 60, AlertBatches::bid(after)).isEmpty());
        // Another market's crossing is not this rule's.
        QVERIFY(snapshot(*writer, 2, t0, AlertBatches::bid(500000)).isEmpty());
        QVERIFY(snapshot(*writer, 2, t0 + 60, AlertBatches::bid(900000)).isEmpty());
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_events")), 0);
    }

    void belowAndSpread()
    {
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        QVERIFY(KmTest::addAlertRule(*writer,
                    priceRule(AlertRule::Scope::Ticker, RecordFactory::marketTicker(4),
                        AlertRule::Kind::Below, AlertRule::Field::LastPrice, 300000))
            > 0);
        QVERIFY(KmTest::addAlertRule(*writer,
                    priceRule(AlertRule::Scope::Ticker, RecordFactory::marketTicker(4),
                        AlertRule::Kind::Above, AlertRule::Field::Spread, 50000))
            > 0);
        QVERIFY(snapshot(*writer, 4, t0, AlertBatches::bid(400000)).isEmpty());
        AlertBatches::Prices wide = AlertBatches::bid(250000);
        wide.yesAsk = 350000; // spread 0.10 and last 0.26
        const QList<AlertFiring> firings = snapshot(*writer, 4, t0 + 60, wide);
        QCOMPARE(firings.size(), 2);
        QVERIFY2(firings.at(0).message.contains(QStringLiteral("last_price fell below 0.3000")),
            qPrintable(firings.at(0).message));
        QCOMPARE(firings.at(1).valueAfter, std::optional<qint64>(100000));
        writer->stop();
    }

    void eventAndSeriesRules()
    {
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        // Markets 0..19: market i belongs to event KXTEST-E(i % 10), all to series KXTEST.
        QVERIFY(KmTest::addAlertRule(*writer,
                    priceRule(AlertRule::Scope::Event, RecordFactory::eventTicker(3), AlertRule::Kind::Above,
                        AlertRule::Field::YesBid, 650000))
            > 0);
        QVERIFY(KmTest::addAlertRule(*writer,
                    priceRule(AlertRule::Scope::Series, QStringLiteral("KXTEST"), AlertRule::Kind::Above,
                        AlertRule::Field::YesBid, 680000))
            > 0);
        QVERIFY(KmTest::addAlertRule(*writer,
                    priceRule(AlertRule::Scope::Series, QStringLiteral("KXOTHER"), AlertRule::Kind::Above,
                        AlertRule::Field::YesBid, 100000))
            > 0);
        QVERIFY(
            KmTest::writeForFirings(*writer, AlertBatches::snapshots(0, 20, t0, AlertBatches::bid(600000)))
                .isEmpty());
        const QList<AlertFiring> firings = KmTest::writeForFirings(
            *writer, AlertBatches::snapshots(0, 20, t0 + 60, AlertBatches::bid(700000)));
        // The event rule for markets 3 and 13, the series rule for all 20.
        QCOMPARE(firings.size(), 22);
        writer->stop();
        QCOMPARE(KmTest::queryColumn(path,
                     QStringLiteral("SELECT ticker FROM alert_events WHERE rule_id = 1 ORDER BY ticker")),
            (QVariantList{RecordFactory::marketTicker(13), RecordFactory::marketTicker(3)}));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_events WHERE rule_id = 2")), 20);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_events WHERE rule_id = 3")), 0);
    }

    void seriesRuleUsesTheEventsSeries()
    {
        // Kalshi's listings mostly leave a market's series_ticker out: the stored event names it.
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        WriteBatch events;
        events.kind = WriteBatch::Kind::Events;
        EventRecord event = RecordFactory::event(5);
        event.seriesTicker = QStringLiteral("KXREAL");
        events.events.append(event);
        KmTest::writeForFirings(*writer, events);
        QVERIFY(KmTest::addAlertRule(*writer,
                    priceRule(AlertRule::Scope::Series, QStringLiteral("KXREAL"), AlertRule::Kind::Above,
                        AlertRule::Field::YesBid, 650000))
            > 0);
        WriteBatch low = AlertBatches::snapshots(5, 1, t0, AlertBatches::bid(600000));
        WriteBatch high = AlertBatches::snapshots(5, 1, t0 + 60, AlertBatches::bid(700000));
        low.markets[0].seriesTicker.clear();
        high.markets[0].seriesTicker.clear();
        QVERIFY(KmTest::writeForFirings(*writer, low).isEmpty());
        QCOMPARE(KmTest::writeForFirings(*writer, high).size(), 1);
        writer->stop();
    }

    void statusRuleOnTheEventsSeries()
    {
        // A status rule finds a listing's series the same way (the stored row read for the whole batch).
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        WriteBatch events;
        events.kind = WriteBatch::Kind::Events;
        EventRecord event = RecordFactory::event(5);
        event.seriesTicker = QStringLiteral("KXREAL");
        events.events.append(event);
        KmTest::writeForFirings(*writer, events);
        AlertRule rule;
        rule.scope = AlertRule::Scope::Series;
        rule.target = QStringLiteral("KXREAL");
        rule.kind = AlertRule::Kind::StatusChange;
        QVERIFY(KmTest::addAlertRule(*writer, rule) > 0);
        AlertBatches::Prices prices;
        WriteBatch open = AlertBatches::snapshots(5, 2, t0, prices);
        prices.status = QStringLiteral("closed");
        WriteBatch closed = AlertBatches::snapshots(5, 2, t0 + 60, prices);
        for (WriteBatch *batch : {&open, &closed}) {
            for (MarketRecord &market : batch->markets)
                market.seriesTicker.clear();
        }
        QVERIFY(KmTest::writeForFirings(*writer, open).isEmpty());
        const QList<AlertFiring> fired = KmTest::writeForFirings(*writer, closed);
        QCOMPARE(fired.size(), 1); // market 6 is in another event, of no known series
        QCOMPARE(fired.first().ticker, RecordFactory::marketTicker(5));
        QCOMPARE(fired.first().status, QStringLiteral("closed"));
        QVERIFY(KmTest::writeForFirings(*writer, closed).isEmpty());
        writer->stop();
    }

    void moveWithinWindow()
    {
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        AlertRule rule;
        rule.target = RecordFactory::marketTicker(6);
        rule.kind = AlertRule::Kind::Move;
        rule.level = 100000; // 10 cents
        rule.windowSecs = 600;
        QVERIFY(KmTest::addAlertRule(*writer, rule) > 0);
        const auto last = [](qint64 lastPrice) {
            AlertBatches::Prices prices;
            prices.lastPrice = lastPrice;
            return prices;
        };
        // 0.50 -> 0.55 -> 0.58 within 10 minutes: 8 cents, no firing.
        QVERIFY(snapshot(*writer, 6, t0, last(500000)).isEmpty());
        QVERIFY(snapshot(*writer, 6, t0 + 300, last(550000)).isEmpty());
        QVERIFY(snapshot(*writer, 6, t0 + 540, last(580000)).isEmpty());
        // 0.61 at t0+590: 11 cents above t0's 0.50, inside the window.
        const QList<AlertFiring> firings = snapshot(*writer, 6, t0 + 590, last(610000));
        QCOMPARE(firings.size(), 1);
        QCOMPARE(firings.first().valueBefore, std::optional<qint64>(500000));
        QCOMPARE(firings.first().valueAfter, std::optional<qint64>(610000));
        // Still 11 cents from t0 within the window at t0+595: the same move, not a new one.
        QVERIFY(snapshot(*writer, 6, t0 + 595, last(610000)).isEmpty());
        // Slow drift: 0.61 -> 0.70 over 20 minutes moves 9 cents within any 10: nothing.
        QVERIFY(snapshot(*writer, 6, t0 + 1300, last(650000)).isEmpty());
        QVERIFY(snapshot(*writer, 6, t0 + 1900, last(700000)).isEmpty());
        // A fall of 12 cents within the window fires again.
        QCOMPARE(snapshot(*writer, 6, t0 + 2000, last(580000)).size(), 1);
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_events")), 2);
    }

    void volumeJump()
    {
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        AlertRule rule;
        rule.target = RecordFactory::marketTicker(7);
        rule.kind = AlertRule::Kind::VolumeJump;
        rule.level = 100000; // 1,000 contracts
        QVERIFY(KmTest::addAlertRule(*writer, rule) > 0);
        const auto volume = [](qint64 centi) {
            AlertBatches::Prices prices;
            prices.volume24h = centi;
            return prices;
        };
        QVERIFY(snapshot(*writer, 7, t0, volume(10000)).isEmpty());
        QVERIFY(snapshot(*writer, 7, t0 + 60, volume(90000)).isEmpty());
        QCOMPARE(snapshot(*writer, 7, t0 + 120, volume(200000)).size(), 1);
        // Jumping on at the next snapshot is the same burst.
        QVERIFY(snapshot(*writer, 7, t0 + 180, volume(400000)).isEmpty());
        QVERIFY(snapshot(*writer, 7, t0 + 240, volume(410000)).isEmpty());
        QCOMPARE(snapshot(*writer, 7, t0 + 300, volume(600000)).size(), 1);
        writer->stop();
    }

    void statusChangeOnSettlement()
    {
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        AlertRule rule;
        rule.scope = AlertRule::Scope::Event;
        rule.target = RecordFactory::eventTicker(8);
        rule.kind = AlertRule::Kind::StatusChange;
        rule.note = QStringLiteral("rain bet");
        QVERIFY(KmTest::addAlertRule(*writer, rule) > 0);
        AlertBatches::Prices prices;
        // The first listing of a market is no change.
        QVERIFY(snapshot(*writer, 8, t0, prices).isEmpty());
        QVERIFY(snapshot(*writer, 8, t0 + 60, prices).isEmpty());
        prices.status = QStringLiteral("closed");
        const QList<AlertFiring> closed = snapshot(*writer, 8, t0 + 120, prices);
        QCOMPARE(closed.size(), 1);
        QCOMPARE(closed.first().status, QStringLiteral("closed"));
        QVERIFY(snapshot(*writer, 8, t0 + 180, prices).isEmpty());
        // Settlement arrives through a settlements batch: status and result.
        WriteBatch settlements;
        settlements.kind = WriteBatch::Kind::Settlements;
        MarketRecord market = AlertBatches::snapshots(8, 1, t0, prices).markets.first();
        market.status = QStringLiteral("settled");
        market.result = QStringLiteral("yes");
        settlements.markets.append(market);
        SettlementRecord settlement;
        settlement.ticker = market.ticker;
        settlement.eventTicker = market.eventTicker;
        settlement.result = QStringLiteral("yes");
        settlement.settledAt = t0 + 200;
        settlements.settlements.append(settlement);
        const QList<AlertFiring> settled = KmTest::writeForFirings(*writer, settlements);
        QCOMPARE(settled.size(), 1);
        QCOMPARE(settled.first().status, QStringLiteral("settled (result yes)"));
        QVERIFY2(
            settled.first().message.contains(QStringLiteral("closed -> settled (result yes) - rain bet")),
            qPrintable(settled.first().message));
        // The same settlement listed again (another sync) is no new change.
        QVERIFY(KmTest::writeForFirings(*writer, settlements).isEmpty());
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_events")), 2);
    }

    void restartDoesNotFireAgain()
    {
        const QString path = m_dir.newDatabasePath();
        {
            auto writer = startWriter(path);
            QVERIFY(KmTest::addAlertRule(*writer, tickerAbove(9, 650000)) > 0);
            QVERIFY(snapshot(*writer, 9, t0, AlertBatches::bid(600000)).isEmpty());
            QCOMPARE(snapshot(*writer, 9, t0 + 60, AlertBatches::bid(700000)).size(), 1);
            writer->stop();
        }
        auto writer = startWriter(path);
        // The same snapshot again (a second process or a retry), and later ones still above.
        QVERIFY(snapshot(*writer, 9, t0 + 60, AlertBatches::bid(700000)).isEmpty());
        QVERIFY(snapshot(*writer, 9, t0 + 120, AlertBatches::bid(720000)).isEmpty());
        // A snapshot committed late, between the crossing's two snapshots, is the same rise.
        QVERIFY(snapshot(*writer, 9, t0 + 30, AlertBatches::bid(690000)).isEmpty());
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_events")), 1);
    }

    void storedRowDecidesNotTheBatch()
    {
        // Two processes snapshot the same second, the first at $0.40, the second already at $0.60:
        // the second's row is kept out (ON CONFLICT DO NOTHING), so the crossing is the stored $0.60
        // one second later, recorded once.
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        QVERIFY(KmTest::addAlertRule(*writer, tickerAbove(5, 500000)) > 0);
        QVERIFY(snapshot(*writer, 5, t0, AlertBatches::bid(400000)).isEmpty());
        QVERIFY(snapshot(*writer, 5, t0 + 1, AlertBatches::bid(400000)).isEmpty());
        QVERIFY(snapshot(*writer, 5, t0 + 1, AlertBatches::bid(600000)).isEmpty());
        QCOMPARE(snapshot(*writer, 5, t0 + 2, AlertBatches::bid(600000)).size(), 1);
        writer->stop();
        QCOMPARE(KmTest::queryColumn(path, QStringLiteral("SELECT snapshot_time FROM alert_events")),
            QVariantList{t0 + 2});
    }

    void keptHistoryFollowsAnotherWriter()
    {
        // The writer keeps the newest samples of watched markets between its batches; a snapshot that
        // another connection commits in between must be the one the next crossing starts from.
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        QVERIFY(KmTest::addAlertRule(*writer, tickerAbove(4, 650000)) > 0);
        QVERIFY(snapshot(*writer, 4, t0, AlertBatches::bid(600000)).isEmpty());
        QCOMPARE(snapshot(*writer, 4, t0 + 60, AlertBatches::bid(700000)).size(), 1);
        {
            auto other = startWriter(path);
            QVERIFY(snapshot(*other, 4, t0 + 120, AlertBatches::bid(600000)).isEmpty());
            other->stop();
        }
        const QList<AlertFiring> again = snapshot(*writer, 4, t0 + 180, AlertBatches::bid(700000));
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.first().valueBefore, std::optional<qint64>(600000));
        writer->stop();
        QCOMPARE(
            KmTest::queryColumn(path, QStringLiteral("SELECT snapshot_time FROM alert_events ORDER BY id")),
            (QVariantList{t0 + 60, t0 + 180}));
    }

    void primedSamplesFollowAnotherWriter()
    {
        // The writer reads the watched markets' newest samples when it opens (AlertEvaluator::prime());
        // a snapshot that another connection commits before the writer's first one must be the one
        // its first crossing starts from, and the other's firing must not be recorded again.
        const QString path = m_dir.newDatabasePath();
        {
            auto writer = startWriter(path);
            QVERIFY(KmTest::addAlertRule(*writer, tickerAbove(4, 650000)) > 0);
            QVERIFY(snapshot(*writer, 4, t0, AlertBatches::bid(600000)).isEmpty());
            writer->stop();
        }
        auto writer = startWriter(path);
        {
            auto other = startWriter(path);
            QCOMPARE(snapshot(*other, 4, t0 + 60, AlertBatches::bid(700000)).size(), 1);
            other->stop();
        }
        QVERIFY(snapshot(*writer, 4, t0 + 120, AlertBatches::bid(700000)).isEmpty());
        QVERIFY(snapshot(*writer, 4, t0 + 180, AlertBatches::bid(600000)).isEmpty());
        const QList<AlertFiring> again = snapshot(*writer, 4, t0 + 240, AlertBatches::bid(700000));
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.first().valueBefore, std::optional<qint64>(600000));
        writer->stop();
        QCOMPARE(
            KmTest::queryColumn(path, QStringLiteral("SELECT snapshot_time FROM alert_events ORDER BY id")),
            (QVariantList{t0 + 60, t0 + 240}));
    }

    void primedSampleOfAMarketWrittenUnwatched()
    {
        // The markets primed at the open are found from the stored markets and events; a listing may
        // name another series, so that the batch writes the market's row without a rule watching it
        // (and without keeping it). When a later listing makes it watched again, its first crossing
        // starts from that row, not from the sample primed at the open.
        const QString path = m_dir.newDatabasePath();
        {
            auto writer = startWriter(path);
            WriteBatch events;
            events.kind = WriteBatch::Kind::Events;
            EventRecord event = RecordFactory::event(5);
            event.seriesTicker = QStringLiteral("KXREAL");
            events.events.append(event);
            KmTest::writeForFirings(*writer, events);
            QVERIFY(KmTest::addAlertRule(*writer,
                        priceRule(AlertRule::Scope::Series, QStringLiteral("KXREAL"), AlertRule::Kind::Above,
                            AlertRule::Field::YesBid, 650000))
                > 0);
            WriteBatch low = AlertBatches::snapshots(5, 1, t0, AlertBatches::bid(600000));
            low.markets[0].seriesTicker.clear();
            QVERIFY(KmTest::writeForFirings(*writer, low).isEmpty());
            writer->stop();
        }
        auto writer = startWriter(path);
        WriteBatch elsewhere = AlertBatches::snapshots(5, 1, t0 + 60, AlertBatches::bid(700000));
        elsewhere.markets[0].seriesTicker = QStringLiteral("KXOTHER");
        QVERIFY(KmTest::writeForFirings(*writer, elsewhere).isEmpty());
        WriteBatch back = AlertBatches::snapshots(5, 1, t0 + 120, AlertBatches::bid(700000));
        back.markets[0].seriesTicker.clear();
        QVERIFY(KmTest::writeForFirings(*writer, back).isEmpty());
        WriteBatch low = AlertBatches::snapshots(5, 1, t0 + 180, AlertBatches::bid(600000));
        low.markets[0].seriesTicker.clear();
        QVERIFY(KmTest::writeForFirings(*writer, low).isEmpty());
        WriteBatch high = AlertBatches::snapshots(5, 1, t0 + 240, AlertBatches::bid(700000));
        high.markets[0].seriesTicker.clear();
        QCOMPARE(KmTest::writeForFirings(*writer, high).size(), 1);
        writer->stop();
        QCOMPARE(KmTest::queryColumn(path, QStringLiteral("SELECT snapshot_time FROM alert_events")),
            QVariantList{t0 + 240});
    }

    void olderSnapshotTimeBetweenNewerOnes()
    {
        // A page of an older snapshot committed after a newer one (a listing written while the
        // watchlist's snapshot went first) is decided from the file, and the next snapshot starts
        // from the newest stored one, not from the older page the writer wrote last.
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        QVERIFY(KmTest::addAlertRule(*writer, tickerAbove(6, 650000)) > 0);
        QVERIFY(snapshot(*writer, 6, t0 + 60, AlertBatches::bid(600000)).isEmpty());
        QVERIFY(snapshot(*writer, 6, t0 + 180, AlertBatches::bid(600000)).isEmpty());
        QCOMPARE(snapshot(*writer, 6, t0 + 120, AlertBatches::bid(700000)).size(), 1);
        const QList<AlertFiring> rise = snapshot(*writer, 6, t0 + 240, AlertBatches::bid(700000));
        QCOMPARE(rise.size(), 1);
        QCOMPARE(rise.first().valueBefore, std::optional<qint64>(600000));
        QVERIFY(snapshot(*writer, 6, t0 + 300, AlertBatches::bid(710000)).isEmpty());
        writer->stop();
        QCOMPARE(
            KmTest::queryColumn(path, QStringLiteral("SELECT snapshot_time FROM alert_events ORDER BY id")),
            (QVariantList{t0 + 120, t0 + 240}));
    }

    void firstSnapshotAfterOpeningReadsWhatRulesNeed()
    {
        // The first snapshot after the writer opened reads the earlier snapshots of a watched
        // market only as far back as its rules look: none for a level rule not past its level now
        // (it keeps the stored row alone for the next snapshot), one when it is, two for a volume
        // jump. Every crossing must still be decided as with the whole history.
        const QString path = m_dir.newDatabasePath();
        const auto volume = [](qint64 centi) {
            AlertBatches::Prices prices;
            prices.volume24h = centi;
            return prices;
        };
        AlertRule jump;
        jump.target = RecordFactory::marketTicker(7);
        jump.kind = AlertRule::Kind::VolumeJump;
        jump.level = 100000;
        {
            auto writer = startWriter(path);
            QVERIFY(KmTest::addAlertRule(*writer, tickerAbove(3, 650000)) > 0);
            QVERIFY(KmTest::addAlertRule(*writer, tickerAbove(4, 650000)) > 0);
            QVERIFY(KmTest::addAlertRule(*writer, jump) > 0);
            QVERIFY(
                KmTest::writeForFirings(*writer, AlertBatches::snapshots(3, 2, t0, AlertBatches::bid(600000)))
                    .isEmpty());
            QVERIFY(snapshot(*writer, 7, t0, volume(10000)).isEmpty());
            QCOMPARE(snapshot(*writer, 7, t0 + 60, volume(200000)).size(), 1);
            writer->stop();
        }
        auto writer = startWriter(path);
        // Market 3 stays below (nothing read), market 4 rises: its earlier snapshot is read.
        WriteBatch mixed = AlertBatches::snapshots(3, 2, t0 + 120, AlertBatches::bid(600000));
        mixed.snapshots[1].yesBid = 700000;
        const QList<AlertFiring> rise = KmTest::writeForFirings(*writer, mixed);
        QCOMPARE(rise.size(), 1);
        QCOMPARE(rise.first().ticker, RecordFactory::marketTicker(4));
        QCOMPARE(rise.first().valueBefore, std::optional<qint64>(600000));
        // Market 3's next snapshot starts from the row kept without a read.
        const QList<AlertFiring> later = snapshot(*writer, 3, t0 + 180, AlertBatches::bid(700000));
        QCOMPARE(later.size(), 1);
        QCOMPARE(later.first().valueBefore, std::optional<qint64>(600000));
        QVERIFY(snapshot(*writer, 3, t0 + 240, AlertBatches::bid(710000)).isEmpty());
        QVERIFY(snapshot(*writer, 3, t0 + 300, AlertBatches::bid(600000)).isEmpty());
        QCOMPARE(snapshot(*writer, 3, t0 + 360, AlertBatches::bid(700000)).size(), 1);
        // The jump that began before the restart goes on: it fired when it began.
        QVERIFY(snapshot(*writer, 7, t0 + 420, volume(400000)).isEmpty());
        QVERIFY(snapshot(*writer, 7, t0 + 480, volume(410000)).isEmpty());
        QCOMPARE(snapshot(*writer, 7, t0 + 540, volume(600000)).size(), 1);
        writer->stop();
        QCOMPARE(
            KmTest::queryColumn(path,
                QStringLiteral("SELECT ticker || '@' || (snapshot_time - %1) FROM alert_events ORDER BY id")
                    .arg(t0)),
            (QVariantList{QVariant(RecordFactory::marketTicker(7) + QStringLiteral("@60")),
                QVariant(RecordFactory::marketTicker(4) + QStringLiteral("@120")),
                QVariant(RecordFactory::marketTicker(3) + QStringLiteral("@180")),
                QVariant(RecordFactory::marketTicker(3) + QStringLiteral("@360")),
                QVariant(RecordFactory::marketTicker(7) + QStringLiteral("@540"))}));
    }

    void eventRuleOnMarketsListedLater()
    {
        // The rules of each ticker are kept once found; markets of a watched event that are first
        // listed after that (in another order than their snapshots, or with no listing in the
        // batch) are found all the same.
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        QVERIFY(KmTest::addAlertRule(*writer,
                    priceRule(AlertRule::Scope::Event, RecordFactory::eventTicker(2), AlertRule::Kind::Above,
                        AlertRule::Field::YesBid, 650000))
            > 0);
        // Markets 0, 1 and 3 (events 0, 1 and 3): nothing watched yet.
        WriteBatch first = AlertBatches::snapshots(0, 2, t0, AlertBatches::bid(600000));
        append(first, AlertBatches::snapshots(3, 1, t0, AlertBatches::bid(600000)));
        QVERIFY(KmTest::writeForFirings(*writer, first).isEmpty());
        QVERIFY(KmTest::writeForFirings(
            *writer, AlertBatches::snapshots(0, 2, t0 + 60, AlertBatches::bid(700000)))
                    .isEmpty());
        // Markets 2 and 12 (event 2) appear, listed in reverse order of their snapshots.
        WriteBatch appear = AlertBatches::snapshots(2, 1, t0 + 120, AlertBatches::bid(600000));
        append(appear, AlertBatches::snapshots(12, 1, t0 + 120, AlertBatches::bid(600000)));
        std::reverse(appear.markets.begin(), appear.markets.end());
        QVERIFY(KmTest::writeForFirings(*writer, appear).isEmpty());
        WriteBatch rise = AlertBatches::snapshots(2, 1, t0 + 180, AlertBatches::bid(700000));
        append(rise, AlertBatches::snapshots(12, 1, t0 + 180, AlertBatches::bid(700000)));
        std::reverse(rise.markets.begin(), rise.markets.end());
        QCOMPARE(KmTest::writeForFirings(*writer, rise).size(), 2);
        // Market 22 (event 2) listed alone, then snapshots without their listings: the stored
        // markets name the event.
        WriteBatch listing = AlertBatches::snapshots(22, 1, t0 + 200, AlertBatches::bid(600000));
        listing.kind = WriteBatch::Kind::Markets;
        listing.snapshots.clear();
        QVERIFY(KmTest::writeForFirings(*writer, listing).isEmpty());
        WriteBatch fall = AlertBatches::snapshots(2, 1, t0 + 240, AlertBatches::bid(600000));
        append(fall, AlertBatches::snapshots(12, 1, t0 + 240, AlertBatches::bid(600000)));
        append(fall, AlertBatches::snapshots(22, 1, t0 + 240, AlertBatches::bid(600000)));
        fall.markets.clear();
        QVERIFY(KmTest::writeForFirings(*writer, fall).isEmpty());
        WriteBatch again = AlertBatches::snapshots(12, 1, t0 + 300, AlertBatches::bid(700000));
        append(again, AlertBatches::snapshots(22, 1, t0 + 300, AlertBatches::bid(700000)));
        again.markets.clear();
        QCOMPARE(KmTest::writeForFirings(*writer, again).size(), 2);
        writer->stop();
        QCOMPARE(
            KmTest::queryColumn(path,
                QStringLiteral("SELECT ticker || '@' || (snapshot_time - %1) FROM alert_events ORDER BY id")
                    .arg(t0)),
            (QVariantList{QVariant(RecordFactory::marketTicker(2) + QStringLiteral("@180")),
                QVariant(RecordFactory::marketTicker(12) + QStringLiteral("@180")),
                QVariant(RecordFactory::marketTicker(12) + QStringLiteral("@300")),
                QVariant(RecordFactory::marketTicker(22) + QStringLiteral("@300"))}));
    }

    void statusOfTheLastListing()
    {
        // A market listed twice in one batch: the last listing is the one stored, and its status is
        // the change.
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        AlertRule rule;
        rule.target = RecordFactory::marketTicker(5);
        rule.kind = AlertRule::Kind::StatusChange;
        QVERIFY(KmTest::addAlertRule(*writer, rule) > 0);
        QVERIFY(snapshot(*writer, 5, t0, AlertBatches::Prices()).isEmpty());
        AlertBatches::Prices closed;
        closed.status = QStringLiteral("closed");
        WriteBatch twice = AlertBatches::snapshots(5, 1, t0 + 60, AlertBatches::Prices());
        twice.markets += AlertBatches::snapshots(4, 2, t0 + 60, closed).markets;
        const QList<AlertFiring> firings = KmTest::writeForFirings(*writer, twice);
        QCOMPARE(firings.size(), 1);
        QCOMPARE(firings.first().status, QStringLiteral("closed"));
        writer->stop();
    }

    void removedRuleStopsFiring()
    {
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        const qint64 rule = KmTest::addAlertRule(*writer, tickerAbove(2, 650000));
        DatabaseWriter *databaseWriter = writer->writer();
        QSignalSpy removed(databaseWriter, &DatabaseWriter::alertRuleRemoved);
        QMetaObject::invokeMethod(
            databaseWriter, [databaseWriter, rule] { databaseWriter->removeAlertRule(1, rule); });
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(1).toBool(), true);
        QMetaObject::invokeMethod(
            databaseWriter, [databaseWriter, rule] { databaseWriter->removeAlertRule(2, rule); });
        QTRY_COMPARE(removed.size(), 2);
        QCOMPARE(removed.at(1).at(1).toBool(), false);
        QVERIFY(snapshot(*writer, 2, t0, AlertBatches::bid(600000)).isEmpty());
        QVERIFY(snapshot(*writer, 2, t0 + 60, AlertBatches::bid(700000)).isEmpty());
        writer->stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_rules")), 1);
    }

    void watchlistChanges()
    {
        const QString path = m_dir.newDatabasePath();
        auto writer = startWriter(path);
        DatabaseWriter *databaseWriter = writer->writer();
        QSignalSpy changed(databaseWriter, &DatabaseWriter::watchlistChanged);
        const auto change = [&](const QStringList &add, const QStringList &remove) {
            const qsizetype before = changed.size();
            QMetaObject::invokeMethod(databaseWriter,
                [databaseWriter, add, remove] { databaseWriter->changeWatchlist(3, add, remove); });
            if (!QTest::qWaitFor([&] { return changed.size() > before; }, 10000))
                return -1;
            return changed.last().at(1).toInt();
        };
        QCOMPARE(change({QStringLiteral("A"), QStringLiteral("B")}, {}), 2);
        QCOMPARE(change({QStringLiteral("B"), QStringLiteral("C")}, {}), 1);
        QCOMPARE(change({}, {QStringLiteral("A"), QStringLiteral("X")}), 1);
        writer->stop();
        QCOMPARE(KmTest::queryColumn(path, QStringLiteral("SELECT ticker FROM watchlist ORDER BY ticker")),
            (QVariantList{QStringLiteral("B"), QStringLiteral("C")}));
    }

    void twoProcessesRecordEachCrossingOnce()
    {
        const QString helper = KmTest::builtExecutable(QStringLiteral("km-alert-writer"));
        QVERIFY2(!helper.isEmpty(), "km-alert-writer was not built");
        const QString path = m_dir.newDatabasePath();
        {
            auto writer = startWriter(path);
            QVERIFY(KmTest::addAlertRule(*writer,
                        priceRule(AlertRule::Scope::Series, QStringLiteral("KXTEST"), AlertRule::Kind::Above,
                            AlertRule::Field::YesBid, 650000))
                > 0);
            writer->stop();
        }
        // Both snapshot the same 60 markets, one second apart, 20 rounds alternating below and
        // above the level: 10 rises per market, whichever process commits first.
        constexpr int rounds = 20;
        constexpr int markets = 60;
        QProcess a;
        QProcess b;
        a.start(helper, {path, QString::number(t0), QString::number(rounds), QString::number(markets)});
        b.start(helper, {path, QString::number(t0 + 1), QString::number(rounds), QString::number(markets)});
        QVERIFY(a.waitForFinished(120000));
        QVERIFY(b.waitForFinished(120000));
        QVERIFY2(a.exitStatus() == QProcess::NormalExit && a.exitCode() == 0,
            a.readAllStandardError().constData());
        QVERIFY2(b.exitStatus() == QProcess::NormalExit && b.exitCode() == 0,
            b.readAllStandardError().constData());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("snapshot_rows")), 2 * rounds * markets);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_events")), rounds / 2 * markets);
        // Exactly one firing per market and rise (rise k spans t0 + 10(2k+1) and the second after).
        QCOMPARE(KmTest::queryValue(path,
                     QStringLiteral("SELECT count(*) FROM (SELECT ticker, (snapshot_time - %1) / 20 "
                                    "FROM alert_events GROUP BY 1, 2 HAVING count(*) = 1)")
                         .arg(t0))
                     .toInt(),
            rounds / 2 * markets);
    }
};

KM_TEST_GUILESS_MAIN(TstAlerts)
#include "tst_alerts.moc"

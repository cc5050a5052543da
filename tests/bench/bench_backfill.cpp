// Backfill requests: `kalshi-monitor-cli backfill` of 100 markets x 30 days of hourly candles against
// kalshi-sim. Counts what the simulator received: at most the requests the 5,000-candle limit
// requires (one per market here: 720 candles each) plus the one cutoff lookup; then an identical
// second run, which needs no candlestick request at all.
#include "benchsupport.h"
#include "simulatorprocess.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace {

constexpr int markets = 100;
constexpr qint64 days = 30;
constexpr int maxCandles = 5000;

struct Run
{
    bool ok = false;
    double seconds = 0;
    QJsonObject summary;
};

Run runCli(const QStringList &arguments)
{
    Run run;
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli")), arguments);
    if (!process.waitForFinished(600000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.seconds = double(timer.nsecsElapsed()) / 1e9;
    run.summary
        = QJsonDocument::fromJson(process.readAllStandardOutput().trimmed().split('\n').constLast()).object();
    run.ok = process.exitCode() == 0 && run.summary.value(QStringLiteral("ok")).toBool();
    if (!run.ok)
        Bench::note(QStringLiteral("failed: ") + QString::fromUtf8(process.readAllStandardError()).left(500));
    return run;
}

struct Counts
{
    qint64 all = 0;
    qint64 candlesticks = 0;
    qint64 cutoff = 0;
};

Counts counts(const SimulatorProcess &simulator)
{
    Counts c;
    const QJsonObject stats = simulator.get(QStringLiteral("/sim/stats")).object();
    c.all = stats.value(QStringLiteral("requests")).toInteger();
    const QJsonObject byPath = stats.value(QStringLiteral("by_path")).toObject();
    for (auto it = byPath.begin(); it != byPath.end(); ++it) {
        if (it.key().endsWith(QStringLiteral("/candlesticks")))
            c.candlesticks += it.value().toInteger();
        if (it.key().endsWith(QStringLiteral("/historical/cutoff")))
            c.cutoff += it.value().toInteger();
    }
    return c;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("2000")});
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("backfill.db"));
    const QStringList common
        = {QStringLiteral("--db"), path, QStringLiteral("--api-base"), simulator->baseUrlString(),
            QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")};
    // The markets are known (synced) first, as they are for someone who backfills their markets.
    if (!runCli(QStringList{QStringLiteral("sync-markets")} + common).ok)
        return 1;
    const QJsonArray open = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
        QStringLiteral("status=open&mve_filter=exclude"));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 since = now - days * 86400;
    QStringList tickers;
    qint64 required = 0; // requests the 5,000-candle limit requires, market by market
    for (const QJsonValue market : open) {
        if (tickers.size() == markets)
            break;
        const qint64 openTime
            = QDateTime::fromString(market[QStringLiteral("open_time")].toString(), Qt::ISODate)
                  .toSecsSinceEpoch();
        const qint64 closeTime
            = QDateTime::fromString(market[QStringLiteral("close_time")].toString(), Qt::ISODate)
                  .toSecsSinceEpoch();
        if (openTime > since || closeTime < now)
            continue; // 30 full days of history, still trading
        tickers << market[QStringLiteral("ticker")].toString();
        const qint64 hours = now / 3600 - (since + 3599) / 3600 + 1;
        required += (hours + maxCandles - 1) / maxCandles;
    }
    if (tickers.size() < markets) {
        Bench::note(QStringLiteral("only %1 markets with 30 days of history").arg(tickers.size()));
        return 1;
    }
    const QStringList backfill = QStringList{QStringLiteral("backfill"), QStringLiteral("--ticker"),
                                     tickers.join(u','), QStringLiteral("--period"), QStringLiteral("1h"),
                                     QStringLiteral("--since"), QStringLiteral("30d")}
        + common;

    simulator->resetStats();
    const Run first = runCli(backfill);
    const Counts firstCounts = counts(*simulator);
    simulator->resetStats();
    const Run second = runCli(backfill);
    const Counts secondCounts = counts(*simulator);
    if (!first.ok || !second.ok)
        return 1;
    Bench::note(QStringLiteral(
        "first run: %1 candles in %2 s; %3 requests (%4 candlesticks, %5 cutoff); required %6 + 1")
                    .arg(first.summary.value(QStringLiteral("rows"))
                             .toObject()
                             .value(QStringLiteral("candles"))
                             .toInteger())
                    .arg(first.seconds, 0, 'f', 2)
                    .arg(firstCounts.all)
                    .arg(firstCounts.candlesticks)
                    .arg(firstCounts.cutoff)
                    .arg(required));
    Bench::figure("backfill 100 markets x 30 d hourly: requests sent", double(firstCounts.all), 0,
        qPrintable(QStringLiteral("<= %1 = the 5,000-candle limit's %2 + 1 cutoff")
                       .arg(required + 1)
                       .arg(required)));
    Bench::figure(
        "backfill 100 markets x 30 d hourly: seconds (rate limit off)", first.seconds, 2, "recorded");
    Bench::figure(
        "backfill identical second run: candlestick requests", double(secondCounts.candlesticks), 0, "0");
    Bench::figure(
        "backfill identical second run: requests sent", double(secondCounts.all), 0, "1, the cutoff");
    return firstCounts.all <= required + 1 && secondCounts.candlesticks == 0 ? 0 : 1;
}

#include "marketgenerator.h"
#include "shutdownwatcher.h"
#include "simulatorserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <limits>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kalshi-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KM_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Local Kalshi Trade API v2 simulator. Prints 'kalshi-sim "
                                                    "listening on <base URL>' as its first line."));
    parser.addHelpOption();
    parser.addVersionOption();
    struct IntOption
    {
        QString name;
        QString help;
        qint64 defaultValue;
        qint64 minimum;
        qint64 maximum;
    };
    const qint64 intMax = std::numeric_limits<int>::max();
    const QList<IntOption> intOptions = {
        {QStringLiteral("port"), QStringLiteral("Port on 127.0.0.1; 0 lets the OS choose."), 0, 0, 65535},
        {QStringLiteral("markets"), QStringLiteral("Number of markets."), 2000, 0, 10000000},
        {QStringLiteral("events"), QStringLiteral("Number of events listed by /events."), 200, 1, 1000000},
        {QStringLiteral("settled"), QStringLiteral("Number of settled markets (at most --markets)."), 300, 0,
            intMax},
        {QStringLiteral("seed"), QStringLiteral("Seed of the generator."), 1, 0,
            std::numeric_limits<qint64>::max()},
        {QStringLiteral("tick-seconds"), QStringLiteral("Prices move every this many seconds."), 5, 1,
            intMax},
        {QStringLiteral("malformed-every"), QStringLiteral("Every Nth market is malformed; 0 = none."), 0, 0,
            intMax},
        {QStringLiteral("fail-429-every"), QStringLiteral("Every Nth list request answers 429."), 0, 0,
            intMax},
        {QStringLiteral("retry-after"), QStringLiteral("Retry-After seconds on 429s; 0 = no header."), 0, 0,
            intMax},
        {QStringLiteral("fail-500-every"), QStringLiteral("Every Nth list request answers 500/502/503."), 0,
            0, intMax},
        {QStringLiteral("truncate-page"), QStringLiteral("Page P of every listing has its body cut in half."),
            0, 0, intMax},
        {QStringLiteral("repeat-cursor-page"), QStringLiteral("Page P returns the cursor that requested it."),
            0, 0, intMax},
        {QStringLiteral("stall-page"), QStringLiteral("Page P answers only after --stall-ms."), 0, 0, intMax},
        {QStringLiteral("stall-ms"), QStringLiteral("Delay of the stalled page in ms."), 0, 0, intMax},
        {QStringLiteral("latency-ms"), QStringLiteral("Delay of every API response in ms."), 0, 0, intMax},
        {QStringLiteral("historical-cutoff"),
            QStringLiteral(
                "Markets settled before this Unix time are served only under /historical; 0 = none."),
            0, 0, std::numeric_limits<qint64>::max()},
    };
    for (const IntOption &option : intOptions)
        parser.addOption(
            {option.name, option.help, QStringLiteral("n"), QString::number(option.defaultValue)});
    const QCommandLineOption retryAfterDate(
        QStringLiteral("retry-after-date"), QStringLiteral("Send Retry-After as an HTTP-date."));
    const QCommandLineOption exitOnStdinClose(
        QStringLiteral("exit-on-stdin-close"), QStringLiteral("Exit when stdin reaches end of file."));
    parser.addOption(retryAfterDate);
    parser.addOption(exitOnStdinClose);
    parser.process(app);

    QHash<QString, qint64> values;
    for (const IntOption &option : intOptions) {
        bool ok = false;
        const qint64 value = parser.value(option.name).toLongLong(&ok);
        if (!ok || value < option.minimum || value > option.maximum) {
            std::fprintf(stderr, "kalshi-sim: --%s must be an integer from %lld to %lld\n",
                qPrintable(option.name), option.minimum, option.maximum);
            return 2;
        }
        values.insert(option.name, value);
    }
    auto intValue = [&values](const char *name) { return int(values.value(QLatin1String(name))); };

    MarketGenerator::Options generatorOptions;
    generatorOptions.markets = intValue("markets");
    generatorOptions.events = intValue("events");
    generatorOptions.settled = intValue("settled");
    generatorOptions.seed = quint64(values.value(QStringLiteral("seed")));
    generatorOptions.tickSeconds = intValue("tick-seconds");
    generatorOptions.malformedEvery = intValue("malformed-every");
    MarketGenerator generator(generatorOptions);

    SimulatorServer::Faults faults;
    faults.fail429Every = intValue("fail-429-every");
    faults.retryAfterSeconds = intValue("retry-after");
    faults.retryAfterAsDate = parser.isSet(retryAfterDate);
    faults.fail500Every = intValue("fail-500-every");
    faults.truncatePage = intValue("truncate-page");
    faults.repeatCursorPage = intValue("repeat-cursor-page");
    faults.stallPage = intValue("stall-page");
    faults.stallMs = intValue("stall-ms");
    faults.latencyMs = intValue("latency-ms");

    SimulatorServer server(generator, faults);
    server.setHistoricalCutoff(values.value(QStringLiteral("historical-cutoff")));
    if (server.listen(quint16(intValue("port"))) == 0) {
        std::fprintf(stderr, "kalshi-sim: cannot listen on 127.0.0.1 port %d\n", intValue("port"));
        return 1;
    }
    ShutdownWatcher watcher(parser.isSet(exitOnStdinClose));
    QObject::connect(&watcher, &ShutdownWatcher::shutdownRequested, &app, &QCoreApplication::quit);

    // The contract with parent processes: this exact first line, flushed at once.
    std::printf("kalshi-sim listening on %s\n", server.baseUrl().toString().toUtf8().constData());
    std::fflush(stdout);
    return app.exec();
}

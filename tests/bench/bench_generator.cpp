#include "benchsupport.h"
#include "marketgenerator.h"

#include <QElapsedTimer>

// The simulator's market generator: building a 100k-market universe and serializing 1000-market
// pages. Was an assertion in tst_marketgenerator (fastEnough), which failed on a loaded CI machine
// (60.5 ms against a 50 ms bound); timings belong here, not in the test suite.
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    constexpr qint64 fixedTime = 1795000000;

    QElapsedTimer timer;
    timer.start();
    MarketGenerator::Options options;
    options.markets = 100000;
    options.events = 2000;
    const MarketGenerator generator(options);
    Bench::figure("generator_build_100k_ms", double(timer.nsecsElapsed()) / 1e6, 1, "target < 1000");

    const qint64 bucket = generator.bucketAt(fixedTime);
    QList<double> pageMs;
    for (int page = 0; page < 20; ++page) {
        QByteArray json;
        json.reserve(2000000);
        timer.restart();
        for (int i = page * 5000; i < page * 5000 + 1000; ++i)
            generator.appendMarketJson(json, i, bucket);
        pageMs.append(double(timer.nsecsElapsed()) / 1e6);
    }
    Bench::note(QStringLiteral("page serialization samples (ms): ") + Bench::samples(pageMs));
    Bench::figure("generator_page_1000_ms", Bench::median(pageMs), 2, "median of 20, target < 50");
    return 0;
}

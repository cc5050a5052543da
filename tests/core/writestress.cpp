// A second OS process for tst_databasewriter: writes overlapping batches through its own
// WriterThread. Usage: km-write-stress DB ROUNDS FIRST COUNT
#include "recordfactory.h"
#include "storage/writerthread.h"

#include <QCoreApplication>
#include <QEventLoop>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        std::fprintf(stderr, "usage: km-write-stress DB ROUNDS FIRST COUNT\n");
        return 2;
    }
    DatabaseWriter::Options options;
    options.databasePath = args.at(1);
    const int rounds = args.at(2).toInt();
    const int first = args.at(3).toInt();
    const int count = args.at(4).toInt();

    WriterThread writerThread(options);
    QString error;
    if (!writerThread.startAndWait(&error)) {
        std::fprintf(stderr, "error: %s\n", qPrintable(error));
        return 1;
    }
    int pending = 0;
    int failures = 0;
    QEventLoop loop;
    QObject::connect(
        writerThread.writer(), &DatabaseWriter::batchWritten, &loop, [&](const BatchResult &result) {
            if (!result.ok) {
                ++failures;
                std::fprintf(stderr, "error: batch failed: %s\n", qPrintable(result.error));
            }
            if (--pending == 0)
                loop.quit();
        });
    for (int round = 0; round < rounds; ++round) {
        // Markets, their snapshots and a settlement batch, all on keys the other process writes too.
        WriteBatch markets = RecordFactory::marketsBatch(first, count, round);
        WriteBatch snapshots;
        snapshots.kind = WriteBatch::Kind::Snapshots;
        snapshots.markets = markets.markets;
        for (int i = first; i < first + count; ++i)
            snapshots.snapshots.append(RecordFactory::snapshot(i, 1800000000 + round));
        WriteBatch events;
        events.kind = WriteBatch::Kind::Events;
        for (int e = 0; e < 10; ++e)
            events.events.append(RecordFactory::event(e, round));
        for (const WriteBatch &batch : {markets, snapshots, events}) {
            ++pending;
            DatabaseWriter *writer = writerThread.writer();
            QMetaObject::invokeMethod(
                writer, [writer, batch] { writer->write(batch); }, Qt::QueuedConnection);
        }
    }
    loop.exec();
    writerThread.stop();
    return failures == 0 ? 0 : 1;
}

// A second OS process for tst_alerts: snapshots markets 0..MARKETS-1 through its own WriterThread at
// FIRST, FIRST+10, ... (ROUNDS times), their yes bid at $0.40 in even rounds and $0.70 in odd ones.
// Usage: km-alert-writer DB FIRST ROUNDS MARKETS
#include "alertbatches.h"
#include "storage/writerthread.h"

#include <QCoreApplication>
#include <QEventLoop>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        std::fprintf(stderr, "usage: km-alert-writer DB FIRST ROUNDS MARKETS\n");
        return 2;
    }
    DatabaseWriter::Options options;
    options.databasePath = args.at(1);
    const qint64 first = args.at(2).toLongLong();
    const int rounds = args.at(3).toInt();
    const int markets = args.at(4).toInt();

    WriterThread writerThread(options);
    QString error;
    if (!writerThread.startAndWait(&error)) {
        std::fprintf(stderr, "error: %s\n", qPrintable(error));
        return 1;
    }
    int pending = rounds;
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
        const WriteBatch batch = AlertBatches::snapshots(
            0, markets, first + 10 * round, AlertBatches::bid(round % 2 ? 700000 : 400000));
        DatabaseWriter *writer = writerThread.writer();
        QMetaObject::invokeMethod(
            writer, [writer, batch] { writer->write(batch); }, Qt::QueuedConnection);
    }
    loop.exec();
    writerThread.stop();
    return failures == 0 ? 0 : 1;
}

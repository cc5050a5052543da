// Benchmark: what evaluating 1,000 alert rules adds to the commit path of a snapshot of 100,000
// markets. A base file holds 100,000 markets and one snapshot; two copies of it take the next two
// snapshots (prices moved, so that rules cross) through one real WriterThread each, in page-sized
// batches of 1,000: one copy without rules, one with 1,000 rules (ticker rules of every kind, event
// rules over 100 markets each, series rules over 1,000 markets each). The figures are the
// differences of the writer's own time for each whole snapshot (sum of BatchResult::durationMs),
// median of the runs: the first snapshot after the writer opened (since 2026-12-07 the writer
// reads the watched markets' newest samples when it opens, AlertEvaluator::prime(), outside the
// batches' time) and the next one (a collector's steady state: the evaluator keeps the
// newest stored samples of the watched markets between batches). Evaluation runs in the writer
// thread only: nothing of it reaches the GUI thread.
//
// The writer's time with and without rules scatters more on a shared machine than evaluation
// adds, so the evaluator is also timed on its own (--evaluator-only skips the writer runs): on
// one connection, each batch in its transaction as DatabaseWriter runs it (loadRules,
// captureStatuses, the rows inserted through the snapshot_rows view, evaluate, the firings
// inserted ON CONFLICT DO NOTHING, commit, committed()), after prime() in a read transaction as the
// writer's open runs it (timed apart), the evaluator's three calls timed with a
// QElapsedTimer (wall clock) and the thread's CPU clock (what other processes on a loaded machine
// do not add to), the inserts not; the first snapshot after opening and the next one.
#include "alerts/alertevaluator.h"
#include "benchsupport.h"
#include "storage/schema.h"
#include "storage/writerthread.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVariant>

#include <ctime>

namespace {

constexpr int batchSize = 1000;
constexpr qint64 firstTime = 1800000000;

MarketRecord market(int i, int round)
{
    MarketRecord m;
    const int event = i / 100;
    const int series = event / 10;
    m.ticker = QStringLiteral("KXB%1-E%2-M%3").arg(series).arg(event).arg(i);
    m.eventTicker = QStringLiteral("KXB%1-E%2").arg(series).arg(event);
    m.seriesTicker = QStringLiteral("KXB%1").arg(series);
    m.title = QStringLiteral("Market %1").arg(i);
    m.status = QStringLiteral("active");
    const qint64 bid = 10000 * ((i * 7 + round * 13) % 90 + 1);
    m.yesBid = bid;
    m.yesAsk = bid + 20000;
    m.noBid = 1000000 - bid - 20000;
    m.noAsk = 1000000 - bid;
    m.lastPrice = bid + 10000;
    m.volume24h = 100 * (i % 1000) + 50000 * round * (i % 3);
    m.closeTime = 1810000000 + i;
    return m;
}

QList<WriteBatch> snapshotBatches(int markets, int round)
{
    QList<WriteBatch> batches;
    for (int first = 0; first < markets; first += batchSize) {
        WriteBatch batch;
        batch.kind = WriteBatch::Kind::Snapshots;
        for (int i = first; i < qMin(markets, first + batchSize); ++i) {
            const MarketRecord m = market(i, round);
            SnapshotRecord s;
            s.ticker = m.ticker;
            s.snapshotTime = firstTime + 60 * round;
            s.yesBid = m.yesBid;
            s.yesAsk = m.yesAsk;
            s.noBid = m.noBid;
            s.noAsk = m.noAsk;
            s.lastPrice = m.lastPrice;
            s.volume24h = m.volume24h;
            batch.markets.append(m);
            batch.snapshots.append(s);
        }
        batches.append(batch);
    }
    return batches;
}

struct Run
{
    qint64 writerMs = 0; // sum of the batches' durationMs
    QList<qint64> snapshotWriterMs; // the same per snapshot of `batchesPerSnapshot` batches
    qint64 wallMs = 0;
    int failed = 0;
    int firings = 0;
};

Run write(const QString &path, const QList<WriteBatch> &batches, int batchesPerSnapshot = 0)
{
    DatabaseWriter::Options options;
    options.databasePath = path;
    WriterThread writer(options);
    QString error;
    if (!writer.startAndWait(&error)) {
        Bench::note(QStringLiteral("cannot open %1: %2").arg(path, error));
        return {};
    }
    Run run;
    int pending = int(batches.size());
    QEventLoop loop;
    QObject::connect(writer.writer(), &DatabaseWriter::alertsFired, &loop,
        [&](const QList<AlertFiring> &firings) { run.firings += int(firings.size()); });
    int written = 0;
    QObject::connect(writer.writer(), &DatabaseWriter::batchWritten, &loop, [&](const BatchResult &result) {
        run.writerMs += result.durationMs;
        if (batchesPerSnapshot > 0) {
            if (written % batchesPerSnapshot == 0)
                run.snapshotWriterMs.append(0);
            run.snapshotWriterMs.last() += result.durationMs;
        }
        ++written;
        if (!result.ok)
            ++run.failed;
        if (--pending == 0)
            loop.quit();
    });
    QElapsedTimer timer;
    timer.start();
    DatabaseWriter *target = writer.writer();
    for (const WriteBatch &batch : batches)
        QMetaObject::invokeMethod(
            target, [target, batch] { target->write(batch); }, Qt::QueuedConnection);
    loop.exec();
    run.wallMs = timer.elapsed();
    writer.stop();
    return run;
}

bool addRules(const QString &path, int markets, int rules)
{
    const QString name = QStringLiteral("bench-rules");
    QString error;
    if (!Schema::openConnection(name, path, {}, &error)) {
        Bench::note(error);
        return false;
    }
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::database(name);
        db.transaction();
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral(
            "INSERT INTO alert_rules(scope, target, kind, field, level, window_secs, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 1)"));
        const QStringList fields
            = {QStringLiteral("yes_bid"), QStringLiteral("yes_ask"), QStringLiteral("no_bid"),
                QStringLiteral("no_ask"), QStringLiteral("last_price"), QStringLiteral("spread")};
        for (int r = 0; r < rules && ok; ++r) {
            QString scope = QStringLiteral("ticker");
            QString target;
            QString kind = r % 2 ? QStringLiteral("above") : QStringLiteral("below");
            QVariant field = fields.at(r % fields.size());
            qint64 level = 10000 * (r % 90 + 5);
            QVariant window;
            if (r < 40) { // 40 event rules, 100 markets each
                scope = QStringLiteral("event");
                target = market(r * 2500, 0).eventTicker;
            } else if (r < 50) { // 10 series rules, 1,000 markets each
                scope = QStringLiteral("series");
                target = market((r - 40) * 10000, 0).seriesTicker;
            } else {
                target = market((r * 97) % markets, 0).ticker;
                if (r % 10 == 7) {
                    kind = QStringLiteral("move");
                    field = QStringLiteral("last_price");
                    level = 50000;
                    window = 3600;
                } else if (r % 10 == 8) {
                    kind = QStringLiteral("volume_jump");
                    field = QStringLiteral("volume_24h");
                    level = 100000;
                } else if (r % 10 == 9) {
                    kind = QStringLiteral("status_change");
                    field = QVariant();
                }
            }
            for (const QVariant &value :
                {QVariant(scope), QVariant(target), QVariant(kind), field, QVariant(level), window})
                insert.addBindValue(value);
            ok = insert.exec();
        }
        ok = ok && db.commit();
    }
    Schema::closeConnection(name);
    return ok;
}

qint64 threadCpuNs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

struct EvaluatorRun
{
    QList<double> snapshotMs; // the evaluator's time per snapshot
    QList<double> snapshotCpuMs; // the same in CPU time of this thread
    double openMs = 0; // AlertEvaluator::prime() at the open, as DatabaseWriter::open() runs it
    double openCpuMs = 0;
    int firings = 0;
    bool ok = false;
};

EvaluatorRun evaluateDirectly(const QString &path, const QList<QList<WriteBatch>> &snapshots)
{
    const QString name = QStringLiteral("bench-evaluator");
    QString error;
    EvaluatorRun run;
    if (!Schema::openConnection(name, path, {}, &error)) {
        Bench::note(error);
        return run;
    }
    {
        QSqlDatabase db = QSqlDatabase::database(name);
        AlertEvaluator evaluator(name);
        QSqlQuery row(db);
        QSqlQuery fired(db);
        run.ok = row.prepare(QStringLiteral(
                     "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, "
                     "last_price, volume, volume_24h, open_interest) VALUES "
                     "((SELECT id FROM markets WHERE ticker = ?), ?, ?, ?, ?, ?, ?, NULL, ?, NULL)"))
            && fired.prepare(
                QStringLiteral("INSERT INTO alert_events(rule_id, ticker, snapshot_time, fired_at, "
                               "value_before, value_after, "
                               "status, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
        const auto value = [](const std::optional<qint64> &v) { return v ? QVariant(*v) : QVariant(); };
        if (run.ok) {
            // What the writer does when it opens, before any batch: not on a snapshot's commit path.
            Schema::Failure failure;
            QElapsedTimer timer;
            timer.start();
            const qint64 cpu = threadCpuNs();
            run.ok = db.transaction() && evaluator.prime(&failure) && db.commit();
            run.openMs = double(timer.nsecsElapsed()) / 1e6;
            run.openCpuMs = double(threadCpuNs() - cpu) / 1e6;
            if (!run.ok)
                Bench::note(QStringLiteral("priming failed: %1").arg(failure.message));
        }
        for (const QList<WriteBatch> &batches : snapshots) {
            qint64 ns = 0;
            qint64 cpuNs = 0;
            for (const WriteBatch &batch : batches) {
                if (!run.ok)
                    break;
                Schema::Failure failure;
                QList<AlertFiring> firings;
                QElapsedTimer timer;
                run.ok = db.transaction();
                timer.start();
                qint64 cpu = threadCpuNs();
                run.ok = run.ok && evaluator.loadRules(&failure)
                    && evaluator.captureStatuses(batch.markets, &failure);
                ns += timer.nsecsElapsed();
                cpuNs += threadCpuNs() - cpu;
                for (const SnapshotRecord &s : batch.snapshots) {
                    for (const QVariant &v :
                        {QVariant(s.ticker), QVariant(s.snapshotTime), value(s.yesBid), value(s.yesAsk),
                            value(s.noBid), value(s.noAsk), value(s.lastPrice), value(s.volume24h)})
                        row.addBindValue(v);
                    run.ok = run.ok && row.exec();
                }
                timer.start();
                cpu = threadCpuNs();
                run.ok = run.ok
                    && evaluator.evaluate(batch, firstTime, int(batch.snapshots.size()), &firings, &failure);
                ns += timer.nsecsElapsed();
                cpuNs += threadCpuNs() - cpu;
                for (const AlertFiring &f : std::as_const(firings)) {
                    for (const QVariant &v :
                        {QVariant(f.ruleId), QVariant(f.ticker), QVariant(f.snapshotTime),
                            QVariant(firstTime), value(f.valueBefore), value(f.valueAfter),
                            f.status.isEmpty() ? QVariant() : QVariant(f.status), QVariant(f.message)})
                        fired.addBindValue(v);
                    run.ok = run.ok && fired.exec();
                }
                run.firings += int(firings.size());
                run.ok = run.ok && db.commit();
                if (!run.ok)
                    Bench::note(QStringLiteral("evaluator run failed: %1 %2 %3")
                                    .arg(failure.message, row.lastError().text(), fired.lastError().text()));
                evaluator.committed();
            }
            run.snapshotMs.append(double(ns) / 1e6);
            run.snapshotCpuMs.append(double(cpuNs) / 1e6);
        }
    }
    Schema::closeConnection(name);
    return run;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("markets"), QStringLiteral("Markets per snapshot."), QStringLiteral("N"),
        QStringLiteral("100000")});
    parser.addOption({QStringLiteral("rules"), QStringLiteral("Alert rules."), QStringLiteral("N"),
        QStringLiteral("1000")});
    parser.addOption({QStringLiteral("rounds"), QStringLiteral("Runs per side."), QStringLiteral("N"),
        QStringLiteral("3")});
    parser.addOption({QStringLiteral("evaluator-only"),
        QStringLiteral("Time the evaluator on its own only (no writer runs with and without rules).")});
    parser.process(app);
    const bool evaluatorOnly = parser.isSet(QStringLiteral("evaluator-only"));
    const int markets = parser.value(QStringLiteral("markets")).toInt();
    const int rules = parser.value(QStringLiteral("rules")).toInt();
    const int rounds = parser.value(QStringLiteral("rounds")).toInt();

    QTemporaryDir dir;
    const QString base = dir.filePath(QStringLiteral("base.db"));
    const Run seeded = write(base, snapshotBatches(markets, 0));
    if (seeded.failed > 0)
        return 1;
    Bench::note(
        QStringLiteral("base: %1 markets and their first snapshot in %2 ms").arg(markets).arg(seeded.wallMs));
    const QList<WriteBatch> first = snapshotBatches(markets, 1);
    const QList<WriteBatch> next = first + snapshotBatches(markets, 2);
    const int batches = int(first.size());

    QList<double> evaluatorFirst;
    QList<double> evaluatorNext;
    QList<double> evaluatorFirstCpu;
    QList<double> evaluatorNextCpu;
    QList<double> evaluatorOpen;
    QList<double> evaluatorOpenCpu;
    for (int round = 0; round < rounds; ++round) {
        const QString path = dir.filePath(QStringLiteral("evaluator-%1.db").arg(round));
        if (!QFile::copy(base, path) || !addRules(path, markets, rules))
            return 1;
        const EvaluatorRun run = evaluateDirectly(path, {first, snapshotBatches(markets, 2)});
        if (!run.ok || run.snapshotMs.size() != 2)
            return 1;
        evaluatorFirst.append(run.snapshotMs.at(0));
        evaluatorNext.append(run.snapshotMs.at(1));
        evaluatorFirstCpu.append(run.snapshotCpuMs.at(0));
        evaluatorNextCpu.append(run.snapshotCpuMs.at(1));
        evaluatorOpen.append(run.openMs);
        evaluatorOpenCpu.append(run.openCpuMs);
        Bench::note(QStringLiteral("round %1 evaluator alone: at the open %7 ms (CPU %8 ms), first snapshot "
                                   "%2 ms (CPU %3 ms), next %4 ms (CPU %5 ms), %6 firings")
                        .arg(round)
                        .arg(run.snapshotMs.at(0), 0, 'f', 1)
                        .arg(run.snapshotCpuMs.at(0), 0, 'f', 1)
                        .arg(run.snapshotMs.at(1), 0, 'f', 1)
                        .arg(run.snapshotCpuMs.at(1), 0, 'f', 1)
                        .arg(run.firings)
                        .arg(run.openMs, 0, 'f', 1)
                        .arg(run.openCpuMs, 0, 'f', 1));
        Bench::removeDatabase(path);
    }
    Bench::figure("alerts_evaluator_ms_first_snapshot", Bench::median(evaluatorFirst), 1,
        "<= 50 ms; loadRules + captureStatuses + evaluate over the first snapshot after opening");
    Bench::figure("alerts_evaluator_ms_next_snapshot", Bench::median(evaluatorNext), 1,
        "<= 50 ms; the same over the next snapshot (a collector's steady state)");
    Bench::figure("alerts_evaluator_cpu_ms_first_snapshot", Bench::median(evaluatorFirstCpu), 1,
        "info: the first snapshot's evaluation in CPU time of the writing thread");
    Bench::figure("alerts_evaluator_cpu_ms_next_snapshot", Bench::median(evaluatorNextCpu), 1,
        "info: the next snapshot's evaluation in CPU time of the writing thread");
    Bench::figure("alerts_evaluator_ms_open", Bench::median(evaluatorOpen), 1,
        "info: AlertEvaluator::prime() when the writer opens (before any batch, no snapshot's commit path)");
    Bench::figure("alerts_evaluator_cpu_ms_open", Bench::median(evaluatorOpenCpu), 1,
        "info: the same in CPU time of the writing thread");
    if (evaluatorOnly)
        return 0;

    QList<double> without;
    QList<double> with;
    QList<double> nextWithout;
    QList<double> nextWith;
    int firings = 0;
    for (int round = 0; round < rounds; ++round) {
        for (const bool withRules : {false, true}) {
            const QString path = dir.filePath(QStringLiteral("run-%1-%2.db").arg(round).arg(withRules));
            if (!QFile::copy(base, path) || (withRules && !addRules(path, markets, rules)))
                return 1;
            const Run run = write(path, next, batches);
            if (run.failed > 0 || run.snapshotWriterMs.size() != 2)
                return 1;
            (withRules ? with : without).append(double(run.snapshotWriterMs.at(0)));
            (withRules ? nextWith : nextWithout).append(double(run.snapshotWriterMs.at(1)));
            if (withRules)
                firings = run.firings;
            Bench::note(QStringLiteral("round %1 %2: writer %3 ms (first snapshot %4, next %5), wall %6 ms, "
                                       "%7 firings")
                            .arg(round)
                            .arg(withRules ? QStringLiteral("with rules") : QStringLiteral("without"))
                            .arg(run.writerMs)
                            .arg(run.snapshotWriterMs.at(0))
                            .arg(run.snapshotWriterMs.at(1))
                            .arg(run.wallMs)
                            .arg(run.firings));
            Bench::removeDatabase(path);
        }
    }
    const double added = Bench::median(with) - Bench::median(without);
    const double addedNext = Bench::median(nextWith) - Bench::median(nextWithout);
    Bench::note(QStringLiteral("writer ms, first snapshot without: %1; with: %2; next snapshot without: %3; "
                               "with: %4; %5 firings per run (both snapshots)")
                    .arg(Bench::samples(without, 0), Bench::samples(with, 0), Bench::samples(nextWithout, 0),
                        Bench::samples(nextWith, 0))
                    .arg(firings));
    Bench::figure("alerts_added_ms_per_snapshot", added, 1,
        "<= 50 ms for 1,000 rules and 100,000 markets; the first snapshot after the writer opened");
    Bench::figure("alerts_added_ms_next_snapshot", addedNext, 1,
        "<= 50 ms; the next snapshot of the same writer (a collector's steady state)");
    Bench::figure("alerts_added_ms_per_batch", added / batches, 2, "info: per page of 1,000 markets, first");
    Bench::figure("alerts_snapshot_writer_ms_without", Bench::median(without), 0, "info");
    return 0;
}

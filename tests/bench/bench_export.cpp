// Benchmark: kalshi-monitor-cli export of snapshot rows to CSV (issue 16: 10,000,000 rows at
// 1,000,000 rows/s or more, peak RSS at most 100 MB). Generates a database of --rows snapshot rows
// (40,000 markets, a 5-minute snapshot each, values walking slowly), then runs the real CLI as a
// child process, once in integer units and once with --dollars, writing a file beside the database.
// Peak RSS is the child's (getrusage RUSAGE_CHILDREN: this process starts no other child).
#include "benchsupport.h"
#include "storage/schema.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <sys/resource.h>

namespace {

constexpr int marketCount = 40000;
constexpr qint64 firstTime = 1790000000;
constexpr int interval = 300;

bool run(QSqlQuery &query, const QString &sql)
{
    if (query.exec(sql)) {
        query.finish();
        return true;
    }
    Bench::note(Schema::describe(query.lastError()) + QStringLiteral(" in ") + sql.left(160));
    return false;
}

// Markets come one after another with all their times, which is snapshot_rows' key order: the
// insert appends, so 10M rows take about a minute rather than the collector's time-major order.
bool generate(const QString &path, qint64 rows)
{
    const QString name = QStringLiteral("bench-export");
    QString error;
    if (!Schema::openConnection(name, path, {}, &error)) {
        Bench::note(error);
        return false;
    }
    const qint64 times = (rows + marketCount - 1) / marketCount;
    bool ok = false;
    {
        QSqlQuery query(QSqlDatabase::database(name, false));
        ok = run(query, QStringLiteral("BEGIN"))
            && run(query,
                QStringLiteral(
                    "INSERT INTO events(ticker, series_ticker, title, updated_at) "
                    "WITH RECURSIVE e(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM e WHERE i + 1 < %1) "
                    "SELECT printf('KXSIM%d-26DEC%.2d-E%d', i % 97, 1 + i % 28, i), printf('KXSIM%d', i % "
                    "97), "
                    "printf('Event %d', i), %2 FROM e")
                    .arg(marketCount / 8)
                    .arg(firstTime))
            && run(query,
                QStringLiteral(
                    "INSERT INTO markets(ticker, event_ticker, title, status, updated_at) "
                    "WITH RECURSIVE m(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM m WHERE n + 1 < %1) "
                    "SELECT printf('KXSIM%d-26DEC%.2d-E%d-M%d', (n / 8) % 97, 1 + (n / 8) % 28, n / 8, n), "
                    "printf('KXSIM%d-26DEC%.2d-E%d', (n / 8) % 97, 1 + (n / 8) % 28, n / 8), "
                    "printf('Will Initial jobless claims be above %d?', 200 + n % 700), 'active', %2 FROM m")
                    .arg(marketCount)
                    .arg(firstTime))
            && run(query,
                QStringLiteral(
                    "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, no_bid, no_ask, "
                    "last_price, volume, volume_24h, open_interest) "
                    "WITH RECURSIVE t(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM t WHERE i + 1 < %1), "
                    "p(id, i) AS (SELECT m.id, t.i FROM markets AS m CROSS JOIN t LIMIT %2) "
                    "SELECT id, %3 + i * %4, "
                    "((id * 37 + i / 12) % 97 + 1) * 10000, ((id * 37 + i / 12) % 97 + 3) * 10000, "
                    "(97 - (id * 37 + i / 12) % 97) * 10000, (99 - (id * 37 + i / 12) % 97) * 10000, "
                    "((id * 37 + i / 10) % 97 + 2) * 10000 + i % 3 * 100, (id % 1000) * 38470 + i * 25, "
                    "(id % 300) * 611 + i % 50, (id % 700) * 13080 + i * 3 FROM p")
                    .arg(times)
                    .arg(rows)
                    .arg(firstTime)
                    .arg(interval))
            && run(query, QStringLiteral("COMMIT"))
            && run(query, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    Schema::closeConnection(name);
    return ok;
}

struct Measured
{
    qint64 rows = 0; // as the CLI reports them
    double seconds = 0; // wall clock, process start included
    double cpuSeconds = 0; // the child's user + system time
    qint64 outputBytes = 0;
};

double childCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

bool exportOnce(const QString &cli, const QString &database, const QString &out, const QStringList &extra,
    Measured *measured)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const QStringList arguments
        = QStringList{QStringLiteral("export"), QStringLiteral("snapshots"), QStringLiteral("--format"),
              QStringLiteral("csv"), QStringLiteral("--db"), database, QStringLiteral("--out"), out}
        + extra;
    const double cpuBefore = childCpuSeconds();
    QElapsedTimer timer;
    timer.start();
    process.start(cli, arguments);
    if (!process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        Bench::note(
            QStringLiteral("export failed: ") + QString::fromLocal8Bit(process.readAllStandardOutput()));
        return false;
    }
    measured->seconds = double(timer.nsecsElapsed()) / 1e9;
    measured->cpuSeconds = childCpuSeconds() - cpuBefore;
    measured->outputBytes = QFileInfo(out).size();
    // "exported N rows of snapshots to FILE"
    const QByteArray summary = process.readAllStandardOutput();
    measured->rows = summary.split(' ').value(1).toLongLong();
    Bench::note(QStringLiteral("%1 %2: %3 rows, %4 s wall, %5 s CPU, %6 MB written")
                    .arg(cli, arguments.join(u' '))
                    .arg(measured->rows)
                    .arg(measured->seconds, 0, 'f', 2)
                    .arg(measured->cpuSeconds, 0, 'f', 2)
                    .arg(double(measured->outputBytes) / 1e6, 0, 'f', 0));
    return measured->rows > 0;
}

QString cliBesideThis()
{
    QDir dir(QCoreApplication::applicationDirPath());
    for (int up = 0; up < 4 && !dir.exists(QStringLiteral("app/cli/kalshi-monitor-cli")); ++up)
        dir.cdUp();
    return dir.filePath(QStringLiteral("app/cli/kalshi-monitor-cli"));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption rowsOption(QStringLiteral("rows"),
        QStringLiteral("Snapshot rows (default 10000000)."), QStringLiteral("N"), QStringLiteral("10000000"));
    const QCommandLineOption dirOption(QStringLiteral("dir"),
        QStringLiteral("Folder for the database and CSV (default: a temporary one)."),
        QStringLiteral("PATH"));
    const QCommandLineOption keepOption(QStringLiteral("keep"),
        QStringLiteral("Generate the database at PATH once and reuse it."), QStringLiteral("PATH"));
    parser.addOptions({rowsOption, dirOption, keepOption});
    parser.addHelpOption();
    parser.process(app);
    const qint64 rows = parser.value(rowsOption).toLongLong(); // for generating; figures use the CLI's count
    QTemporaryDir temporary(parser.isSet(dirOption)
            ? parser.value(dirOption) + QStringLiteral("/km-bench-export-XXXXXX")
            : QDir::tempPath() + QStringLiteral("/km-bench-export-XXXXXX"));
    if (rows <= 0 || !temporary.isValid()) {
        std::fprintf(stderr, "need --rows N > 0 and a writable folder\n");
        return 2;
    }
    const QString cli = cliBesideThis();
    if (!QFileInfo(cli).isExecutable()) {
        std::fprintf(stderr, "kalshi-monitor-cli not found beside this benchmark (%s)\n", qPrintable(cli));
        return 1;
    }
    const QString database = parser.isSet(keepOption) ? parser.value(keepOption)
                                                      : temporary.filePath(QStringLiteral("export.db"));
    const QString out = temporary.filePath(QStringLiteral("snapshots.csv"));

    QElapsedTimer generation;
    generation.start();
    if (parser.isSet(keepOption) && QFileInfo::exists(database)) {
        Bench::note(QStringLiteral("reusing %1 (--rows is what it was generated with)").arg(database));
    } else if (!generate(database, rows)) {
        return 1;
    } else {
        Bench::note(QStringLiteral("generated %1 snapshot rows over %2 markets in %3 s, %4 MB")
                        .arg(rows)
                        .arg(marketCount)
                        .arg(double(generation.elapsed()) / 1000.0, 0, 'f', 1)
                        .arg(double(QFileInfo(database).size()) / 1e6, 0, 'f', 0));
    }

    Measured units;
    Measured dollars;
    if (!exportOnce(cli, database, out, {}, &units)
        || !exportOnce(cli, database, out, {QStringLiteral("--dollars")}, &dollars))
        return 1;
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage); // ru_maxrss in kB: the larger of the two exports

    // Wall clock is the target's measure; CPU time says what the export costs when the two shared
    // cores are busy with other work.
    Bench::figure(
        "export_snapshot_csv_rows_per_s", double(units.rows) / units.seconds, 0, "target >= 1000000");
    Bench::figure("export_snapshot_csv_dollars_rows_per_s", double(dollars.rows) / dollars.seconds, 0,
        "target >= 1000000");
    Bench::figure("export_snapshot_csv_rows_per_cpu_s", double(units.rows) / units.cpuSeconds, 0, "info");
    Bench::figure(
        "export_snapshot_csv_dollars_rows_per_cpu_s", double(dollars.rows) / dollars.cpuSeconds, 0, "info");
    Bench::figure("export_peak_rss_mb", double(usage.ru_maxrss) / 1024.0, 1, "target <= 100");
    Bench::figure("export_csv_bytes_per_row", double(units.outputBytes) / double(units.rows), 1, "info");
    return 0;
}

// Benchmarks 2 and 6, against kalshi-sim as a child process.
// 2: `kalshi-monitor-cli sync-markets` of 100k markets (rate limit off) against only downloading the
//    same pages (plain sequential GETs following cursors, no parsing, no writes), same run.
// 6: pages per second that sync-markets achieves against its 15/s rate limit when every response
//    takes 100 ms.
#include "benchsupport.h"
#include "simulatorprocess.h"
#include "testsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>

namespace {

struct CliRun
{
    bool ok = false;
    double wallSeconds = 0;
    QJsonObject summary;
};

CliRun runCli(const QStringList &arguments)
{
    CliRun run;
    const QString cli = KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli"));
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(cli, arguments);
    if (!process.waitForFinished(600000)) {
        process.kill();
        process.waitForFinished();
        Bench::note(QStringLiteral("kalshi-monitor-cli did not finish"));
        return run;
    }
    run.wallSeconds = double(timer.nsecsElapsed()) / 1e9;
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    run.summary = QJsonDocument::fromJson(lines.constLast()).object();
    run.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0
        && run.summary.value(QStringLiteral("ok")).toBool();
    if (!run.ok)
        Bench::note(
            QStringLiteral("sync failed: ") + QString::fromUtf8(process.readAllStandardError()).left(500));
    return run;
}

// The cursor of a page without parsing it: the body ends with "cursor":"..."} (kalshi-sim, Kalshi).
QByteArray cursorOf(const QByteArray &body)
{
    static const QByteArray key = QByteArrayLiteral("\"cursor\":\"");
    const qsizetype at = body.lastIndexOf(key);
    if (at < 0)
        return QByteArray();
    const qsizetype start = at + key.size();
    const qsizetype end = body.indexOf('"', start);
    return end < 0 ? QByteArray() : body.mid(start, end - start);
}

// Downloads every page of /markets?limit=1000 one after the other, as the fetcher must with cursors.
// Returns seconds, or 0 on failure; *pages and *bytes say what came.
double download(const QUrl &base, int *pages, qint64 *bytes)
{
    QNetworkAccessManager manager;
    QElapsedTimer timer;
    timer.start();
    QByteArray cursor;
    *pages = 0;
    *bytes = 0;
    for (;;) {
        QUrl url(base.toString() + QStringLiteral("/markets"));
        QString query = QStringLiteral("limit=1000");
        if (!cursor.isEmpty())
            query += QStringLiteral("&cursor=")
                + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(cursor)));
        url.setQuery(query, QUrl::StrictMode);
        QNetworkRequest request(url);
        request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
        QNetworkReply *reply = manager.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const QByteArray body = reply->readAll();
        const bool ok = reply->error() == QNetworkReply::NoError;
        delete reply;
        if (!ok)
            return 0;
        ++*pages;
        *bytes += body.size();
        cursor = cursorOf(body);
        if (cursor.isEmpty())
            break;
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

bool benchSyncVersusDownload(const QString &dirPath, int markets, int runs)
{
    SimulatorProcess simulator;
    QString error;
    if (!simulator.start({QStringLiteral("--markets"), QString::number(markets), QStringLiteral("--settled"),
                             QStringLiteral("0")},
            &error)) {
        Bench::note(error);
        return false;
    }
    QList<double> downloads;
    QList<double> syncs;
    QList<double> syncSessions;
    QList<double> resyncs;
    for (int run = 0; run < runs; ++run) {
        int pages = 0;
        qint64 bytes = 0;
        const double seconds = download(simulator.baseUrl(), &pages, &bytes);
        if (seconds <= 0)
            return false;
        downloads.append(seconds);
        Bench::note(QStringLiteral("download: %1 pages, %2 MB in %3 s")
                        .arg(pages)
                        .arg(double(bytes) / 1e6, 0, 'f', 1)
                        .arg(seconds, 0, 'f', 3));

        const QString db = dirPath + QStringLiteral("/sync-%1.db").arg(run);
        const CliRun sync = runCli({QStringLiteral("sync-markets"), QStringLiteral("--db"), db,
            QStringLiteral("--api-base"), simulator.baseUrlString(), QStringLiteral("--status"),
            QStringLiteral("all"), QStringLiteral("--mve-filter"), QStringLiteral("include"),
            QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")});
        if (!sync.ok)
            return false;
        const qint64 rows = sync.summary.value(QStringLiteral("rows"))
                                .toObject()
                                .value(QStringLiteral("markets"))
                                .toInteger();
        if (rows != markets) {
            Bench::note(QStringLiteral("sync stored %1 markets, expected %2").arg(rows).arg(markets));
            return false;
        }
        syncs.append(sync.wallSeconds);
        syncSessions.append(sync.summary.value(QStringLiteral("elapsed_ms")).toDouble() / 1000);
        Bench::note(QStringLiteral("sync-markets: %1 pages in %2 s (process), %3 s (session)")
                        .arg(sync.summary.value(QStringLiteral("pages")).toInt())
                        .arg(sync.wallSeconds, 0, 'f', 3)
                        .arg(syncSessions.constLast(), 0, 'f', 3));
        // Once more into the same file: every market exists, as in a collector's routine sync.
        const CliRun resync = runCli({QStringLiteral("sync-markets"), QStringLiteral("--db"), db,
            QStringLiteral("--api-base"), simulator.baseUrlString(), QStringLiteral("--status"),
            QStringLiteral("all"), QStringLiteral("--mve-filter"), QStringLiteral("include"),
            QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")});
        if (!resync.ok)
            return false;
        resyncs.append(resync.wallSeconds);
        Bench::note(
            QStringLiteral("sync-markets again into the same file: %1 s").arg(resync.wallSeconds, 0, 'f', 3));
        Bench::removeDatabase(db);
    }
    Bench::figure("download_100k_s", Bench::median(downloads), 3, "info");
    Bench::figure("sync_100k_s", Bench::median(syncs), 3, "info");
    Bench::figure("sync_vs_download", Bench::median(syncs) / Bench::median(downloads), 2, "<= 1.15");
    Bench::figure("resync_vs_download", Bench::median(resyncs) / Bench::median(downloads), 2,
        "info; markets already stored");
    return true;
}

// kalshi-sim's observability endpoint (neither counted nor delayed): POST reset-stats, GET stats.
QJsonObject simStats(const QUrl &base, bool reset)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(
        QUrl(base.toString() + (reset ? QStringLiteral("/sim/reset-stats") : QStringLiteral("/sim/stats"))));
    QNetworkReply *reply = reset ? manager.post(request, QByteArray()) : manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject stats = QJsonDocument::fromJson(reply->readAll()).object();
    delete reply;
    return stats;
}

bool benchPacing(const QString &dirPath, int markets)
{
    constexpr double limit = 15;
    SimulatorProcess simulator;
    QString error;
    if (!simulator.start({QStringLiteral("--markets"), QString::number(markets), QStringLiteral("--settled"),
                             QStringLiteral("0"), QStringLiteral("--latency-ms"), QStringLiteral("100")},
            &error)) {
        Bench::note(error);
        return false;
    }
    // What cursor pagination allows at this latency: the same pages as plain sequential GETs.
    int downloadPages = 0;
    qint64 bytes = 0;
    const double downloadSeconds = download(simulator.baseUrl(), &downloadPages, &bytes);
    if (downloadSeconds <= 0)
        return false;
    const double bound = downloadPages / downloadSeconds;
    simStats(simulator.baseUrl(), true);
    const QString db = dirPath + QStringLiteral("/pacing.db");
    const CliRun sync = runCli({QStringLiteral("sync-markets"), QStringLiteral("--db"), db,
        QStringLiteral("--api-base"), simulator.baseUrlString(), QStringLiteral("--status"),
        QStringLiteral("all"), QStringLiteral("--mve-filter"), QStringLiteral("include"),
        QStringLiteral("--rate-limit"), QString::number(limit), QStringLiteral("--json")});
    if (!sync.ok)
        return false;
    const int pages = sync.summary.value(QStringLiteral("pages")).toInt();
    const double seconds = sync.summary.value(QStringLiteral("elapsed_ms")).toDouble() / 1000;
    const double rate = pages / seconds;
    Bench::note(QStringLiteral("pacing: %1 pages in %2 s (session), %3 s (process)")
                    .arg(pages)
                    .arg(seconds, 0, 'f', 3)
                    .arg(sync.wallSeconds, 0, 'f', 3));
    Bench::note(QStringLiteral("pacing: plain sequential download of %1 pages in %2 s")
                    .arg(downloadPages)
                    .arg(downloadSeconds, 0, 'f', 3));
    Bench::note(
        QStringLiteral("pacing: %1 list requests reached the simulator for %2 markets")
            .arg(simStats(simulator.baseUrl(), false).value(QStringLiteral("list_requests")).toInteger())
            .arg(markets));
    Bench::figure("pacing_markets_per_s", markets / seconds, 0, "info; the limit allows 15 full pages/s");
    Bench::figure("pacing_pages_per_s", rate, 2, "info; limit 15");
    Bench::figure("pacing_sequential_download_pages_per_s", bound, 2, "info; one cursor at a time");
    Bench::figure("pacing_vs_limit", rate / limit, 2, ">= 0.9");
    Bench::figure("pacing_vs_sequential_bound", rate / qMin(bound, limit), 2, "info");
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs of each side."),
        QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption marketsOption(QStringLiteral("markets"),
        QStringLiteral("Markets for the sync benchmark."), QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption pacingMarketsOption(QStringLiteral("pacing-markets"),
        QStringLiteral("Markets for the pacing benchmark (1000 a page)."), QStringLiteral("n"),
        QStringLiteral("60000"));
    const QCommandLineOption onlyOption(
        QStringLiteral("only"), QStringLiteral("sync or pacing."), QStringLiteral("part"));
    parser.addOptions({runsOption, marketsOption, pacingMarketsOption, onlyOption});
    parser.process(app);
    const QString only = parser.value(onlyOption);

    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    bool ok = true;
    if (only.isEmpty() || only == QStringLiteral("sync"))
        ok = benchSyncVersusDownload(
                 dir.path(), parser.value(marketsOption).toInt(), parser.value(runsOption).toInt())
            && ok;
    if (only.isEmpty() || only == QStringLiteral("pacing"))
        ok = benchPacing(dir.path(), parser.value(pacingMarketsOption).toInt()) && ok;
    return ok ? 0 : 1;
}

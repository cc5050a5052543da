// Benchmarks 3 and 5: the desktop window (MainWindow) under load.
// 3 (responsiveness): the window on the Markets browser tab while "Sync Now" runs a full sync of a
//   100k-market kalshi-sim; a 5 ms heartbeat timer in the GUI thread records how late it fires.
// 5 (memory): resident memory of a fresh process showing a 1M-market database on the Markets tab.
// Run with QT_QPA_PLATFORM=offscreen (the default here when no platform is set) or under xvfb-run.
#include "benchsupport.h"
#include "browser/browserwidget.h"
#include "mainwindow/mainwindow.h"
#include "simulatorprocess.h"
#include "storage/databasestats.h"
#include "storage/schema.h"
#include "sync/synccontroller.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>
#include <ctime>
#include <memory>
#include <numeric>

namespace {

constexpr int heartbeatMs = 5;

// Lives in the GUI thread: a PreciseTimer that records, for every tick, how much later than its
// interval it came. A tick that comes 40 ms late means the event loop was blocked for about 40 ms.
class Heartbeat final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Heartbeat)

public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(heartbeatMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const double gapMs = double(m_clock.nsecsElapsed()) / 1e6;
            m_clock.start();
            const double cpuMs = threadCpuMs();
            m_lateness.append(qMax(0.0, gapMs - heartbeatMs));
            m_busy.append(cpuMs - m_lastCpuMs);
            m_lastCpuMs = cpuMs;
        });
    }
    ~Heartbeat() override = default;

    void start()
    {
        m_lateness.clear();
        m_busy.clear();
        m_lastCpuMs = threadCpuMs();
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }

    QList<double> lateness() const { return m_lateness; }
    // Per tick: CPU time the GUI thread itself used since the previous tick. A late tick with little
    // CPU behind it waited for a core (the other threads and kalshi-sim share two), not for GUI work.
    QList<double> busy() const { return m_busy; }

    // "late/cpu" of the worst ticks.
    QString worst(int count) const
    {
        QList<qsizetype> order(m_lateness.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(),
            [this](qsizetype a, qsizetype b) { return m_lateness.at(a) > m_lateness.at(b); });
        QStringList texts;
        for (qsizetype i = 0; i < qMin<qsizetype>(count, order.size()); ++i)
            texts << QStringLiteral("%1/%2")
                         .arg(m_lateness.at(order.at(i)), 0, 'f', 1)
                         .arg(m_busy.at(order.at(i)), 0, 'f', 1);
        return texts.join(QStringLiteral(", "));
    }

private:
    static double threadCpuMs()
    {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    QList<double> m_lateness;
    QList<double> m_busy;
    double m_lastCpuMs = 0;
};

// Runs the event loop for `ms`. Not QTest::qWait(): that sleeps 10 ms between event batches, which
// would show up as heartbeat lateness.
void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = qMin(values.size() - 1, qsizetype(std::ceil(p * double(values.size()))) - 1);
    return values.at(qMax<qsizetype>(0, index));
}

std::unique_ptr<MainWindow> openWindow(const QString &databasePath, const QString &apiBase)
{
    MainWindow::Startup startup;
    startup.settings = AppSettings::defaults();
    startup.settings.databasePath = databasePath;
    startup.settings.rateLimit = 0;
    startup.apiBaseOverride = apiBase;
    startup.restoreCollecting = false;
    auto window = std::make_unique<MainWindow>(startup);
    QSignalSpy opened(window.get(), &MainWindow::databaseOpened);
    window->resize(1280, 800);
    window->show();
    if (!opened.wait(60000) || !opened.at(0).at(0).toBool()) {
        Bench::note(QStringLiteral("the window did not open its database"));
        return nullptr;
    }
    window->showPage(MainWindow::Page::Browser);
    window->browser()->setCurrentTab(BrowserWidget::MarketsTab);
    return window;
}

bool closeWindow(MainWindow &window)
{
    QSignalSpy stopped(&window, &MainWindow::pipelineStopped);
    window.quit(MainWindow::QuitPrompt::DontAsk);
    return window.isPipelineStopped() || stopped.wait(60000);
}

void isolateSettings(const QString &dir)
{
    QCoreApplication::setOrganizationName(QStringLiteral("kalshi-monitor-bench"));
    QCoreApplication::setApplicationName(QStringLiteral("km-bench-gui"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir);
}

int benchResponsiveness(const QString &dir, int markets)
{
    SimulatorProcess simulator;
    QString error;
    if (!simulator.start({QStringLiteral("--markets"), QString::number(markets), QStringLiteral("--settled"),
                             QStringLiteral("0")},
            &error)) {
        Bench::note(error);
        return 1;
    }
    const QString path = dir + QStringLiteral("/gui.db");
    auto window = openWindow(path, simulator.baseUrlString());
    if (!window)
        return 1;
    QSignalSpy finished(window->syncController(), &SyncController::syncFinished);
    Heartbeat heartbeat;
    // Let the window settle (first paint, first status read) before measuring.
    spin(500);
    heartbeat.start();
    QElapsedTimer timer;
    timer.start();
    window->syncNowAction()->trigger();
    if (!finished.wait(600000)) {
        Bench::note(QStringLiteral("the sync did not finish"));
        return 1;
    }
    const double syncSeconds = double(timer.nsecsElapsed()) / 1e9;
    // The window refreshes its views and status right after the sync and on its 5 s status timer.
    spin(6000);
    heartbeat.stop();
    const SyncSummary summary = finished.at(0).at(0).value<SyncSummary>();
    if (!summary.ok) {
        Bench::note(QStringLiteral("sync failed: ") + summary.error);
        return 1;
    }
    const QList<double> lateness = heartbeat.lateness();
    const QList<double> busy = heartbeat.busy();
    Bench::note(QStringLiteral(
        "full sync of %1 rows (%2 pages) in %3 s; %4 heartbeats; worst (late ms/GUI-thread CPU ms): %5")
                    .arg(summary.rows.total())
                    .arg(summary.pages)
                    .arg(syncSeconds, 0, 'f', 2)
                    .arg(lateness.size())
                    .arg(heartbeat.worst(10)));
    Bench::figure("gui_stall_max_ms", percentile(lateness, 1.0), 1, "<= 50");
    Bench::figure("gui_stall_p99_ms", percentile(lateness, 0.99), 1, "<= 16");
    Bench::figure("gui_busy_max_ms", percentile(busy, 1.0), 1, "info; GUI-thread CPU between two ticks");
    // The whole process, writer and sync threads included, at its peak during the sync.
    Bench::figure("gui_peak_rss_during_sync_mb", double(Bench::procStatusKb("VmHWM")) / 1024, 1, "info");
    return closeWindow(*window) ? 0 : 1;
}

bool createMillionMarketDatabase(const QString &path, int markets)
{
    const QString name = QStringLiteral("bench-generator");
    QString error;
    Schema::ConnectionOptions options;
    options.extraPragmas
        = {QStringLiteral("PRAGMA temp_store = MEMORY"), QStringLiteral("PRAGMA cache_size = -262144")};
    if (!Schema::openConnection(name, path, options, &error)) {
        Bench::note(error);
        return false;
    }
    bool ok = true;
    {
        QSqlQuery query(QSqlDatabase::database(name, false));
        // Eight markets per event; texts of the simulator's lengths. Tokens instead of arg(): printf's
        // %.2d would be read as a place marker.
        const QStringList statements = {
            QStringLiteral("BEGIN"),
            QStringLiteral(
                "INSERT INTO events(ticker, series_ticker, title, sub_title, category, mutually_exclusive, "
                "is_placeholder, updated_at) "
                "WITH RECURSIVE e(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM e WHERE i + 1 < {EVENTS}) "
                "SELECT printf('KXSIM%d-26DEC%.2d-E%d', i % 97, 1 + i % 28, i), printf('KXSIM%d', i % 97), "
                "printf('Initial jobless claims on Dec %d, 2026?', 1 + i % 28), printf('On Dec %d', 1 + i % "
                "28), "
                "CASE i % 5 WHEN 0 THEN 'Economics' WHEN 1 THEN 'Politics' WHEN 2 THEN 'Sports' "
                "WHEN 3 THEN 'Climate and Weather' ELSE 'Crypto' END, i % 2, 0, 1790000000 FROM e"),
            QStringLiteral(
                "INSERT INTO markets(ticker, event_ticker, series_ticker, market_type, title, subtitle, "
                "yes_sub_title, no_sub_title, status, result, open_time, close_time, expiration_time, "
                "yes_bid, yes_ask, no_bid, no_ask, last_price, volume, volume_24h, open_interest, liquidity, "
                "updated_at) "
                "WITH RECURSIVE m(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM m WHERE n + 1 < {MARKETS}) "
                "SELECT printf('KXSIM%d-26DEC%.2d-E%d-M%d', (n / 8) % 97, 1 + (n / 8) % 28, n / 8, n), "
                "printf('KXSIM%d-26DEC%.2d-E%d', (n / 8) % 97, 1 + (n / 8) % 28, n / 8), "
                "printf('KXSIM%d', (n / 8) % 97), 'binary', "
                "printf('Will Initial jobless claims be above %d on Dec %d, 2026?', 200 + n % 700, 1 + (n / "
                "8) % 28), "
                "printf('Above %d', 200 + n % 700), printf('Above %d', 200 + n % 700), "
                "printf('Not above %d', 200 + n % 700), "
                "CASE WHEN n % 23 = 0 THEN 'closed' WHEN n % 29 = 0 THEN 'finalized' ELSE 'active' END, "
                "CASE WHEN n % 29 = 0 THEN 'yes' END, 1790000000 + (n % 5000) * 60, 1798000000 + (n % 9000) "
                "* 60, "
                "1798003600 + (n % 9000) * 60, ((n * 7) % 97 + 1) * 10000, ((n * 7) % 97 + 4) * 10000, "
                "(96 - (n * 7) % 97) * 10000, (99 - (n * 7) % 97) * 10000, ((n * 7) % 97 + 2) * 10000, "
                "(n % 1000) * 38470, (n % 300) * 611, (n % 700) * 13080, (n % 400) * 176078400, 1790000000 "
                "FROM m"),
            QStringLiteral("COMMIT"),
            QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"),
        };
        for (QString sql : statements) {
            sql.replace(QStringLiteral("{EVENTS}"), QString::number(markets / 8))
                .replace(QStringLiteral("{MARKETS}"), QString::number(markets));
            if (!query.exec(sql)) {
                Bench::note(Schema::describe(query.lastError()));
                ok = false;
                break;
            }
            query.finish();
        }
    }
    Schema::closeConnection(name);
    return ok;
}

// In a fresh process: open the window on the database, show the Markets tab, scroll a few windows
// down, wait past the status bar's 5 s refresh, and print the resident memory.
int memoryChild(const QString &path)
{
    QElapsedTimer timer;
    timer.start();
    auto window = openWindow(path, QStringLiteral("http://127.0.0.1:9/trade-api/v2"));
    if (!window)
        return 1;
    QTableView *view = window->browser()->view(BrowserWidget::MarketsTab);
    if (!QTest::qWaitFor([view] { return view->model()->rowCount() > 0; }, 60000))
        return 1;
    const double openSeconds = double(timer.nsecsElapsed()) / 1e9;
    // The idle window on a big file: the 5 s status refresh is the only work, measured too.
    Heartbeat heartbeat;
    heartbeat.start();
    for (int i = 0; i < 8; ++i) {
        view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum());
        spin(50);
    }
    spin(5500);
    heartbeat.stop();
    const double worst = percentile(heartbeat.lateness(), 1.0);
    const qint64 rss = Bench::procStatusKb("VmRSS");
    const qint64 hwm = Bench::procStatusKb("VmHWM");
    std::printf("rss_kb=%lld hwm_kb=%lld rows=%d open_s=%.3f stall_ms=%.1f\n", rss, hwm,
        view->model()->rowCount(), openSeconds, worst);
    std::fflush(stdout);
    return closeWindow(*window) ? 0 : 1;
}

int benchMemory(const QString &dir, int markets)
{
    const QString path = dir + QStringLiteral("/million.db");
    QElapsedTimer timer;
    timer.start();
    if (!createMillionMarketDatabase(path, markets))
        return 1;
    Bench::note(QStringLiteral("generated %1 markets in %2 s")
                    .arg(markets)
                    .arg(double(timer.nsecsElapsed()) / 1e9, 0, 'f', 1));
    {
        // What the status bar reads in the GUI thread every 5 s, on this file.
        const QString name = QStringLiteral("bench-stats");
        Schema::ConnectionOptions options;
        options.access = Schema::Access::ReadOnly;
        QString error;
        if (Schema::openConnection(name, path, options, &error)) {
            QList<double> times;
            for (int i = 0; i < 3; ++i) {
                QElapsedTimer read;
                read.start();
                DatabaseStats stats;
                DatabaseStats::read(name, path, &stats, &error, 20, DatabaseStats::Scope::Quick);
                times.append(double(read.nsecsElapsed()) / 1e6);
            }
            Schema::closeConnection(name);
            Bench::note(QStringLiteral("DatabaseStats::read: %1 ms").arg(Bench::samples(times, 1)));
            Bench::figure("stats_read_quick_1m_markets_ms", Bench::median(times), 1, "info; GUI thread");
        }
    }
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(),
        {QStringLiteral("--part"), QStringLiteral("memory-child"), QStringLiteral("--db"), path,
            QStringLiteral("--settings"), dir});
    if (!child.waitForFinished(300000) || child.exitCode() != 0) {
        Bench::note(QStringLiteral("the memory child failed"));
        return 1;
    }
    const QString output = QString::fromLatin1(child.readAllStandardOutput()).trimmed();
    Bench::note(output);
    QHash<QString, QString> values;
    for (const QString &pair : output.split(u' '))
        values.insert(pair.section(u'=', 0, 0), pair.section(u'=', 1));
    Bench::figure(
        "gui_rss_1m_markets_mb", values.value(QStringLiteral("rss_kb")).toDouble() / 1024, 1, "<= 150");
    Bench::figure(
        "gui_peak_rss_1m_markets_mb", values.value(QStringLiteral("hwm_kb")).toDouble() / 1024, 1, "<= 150");
    Bench::figure("gui_open_1m_markets_s", values.value(QStringLiteral("open_s")).toDouble(), 3, "info");
    // Scrolling eight windows down and the status bar's periodic refresh on the 1M-market file.
    Bench::figure("gui_stall_max_idle_1m_markets_ms", values.value(QStringLiteral("stall_ms")).toDouble(), 1,
        "info; <= 50");
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption partOption(QStringLiteral("part"),
        QStringLiteral("responsiveness, memory (default: both)."), QStringLiteral("part"));
    const QCommandLineOption marketsOption(QStringLiteral("markets"),
        QStringLiteral("Markets in the simulator."), QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption databaseMarketsOption(QStringLiteral("database-markets"),
        QStringLiteral("Markets in the memory benchmark's database."), QStringLiteral("n"),
        QStringLiteral("1000000"));
    const QCommandLineOption dbOption(
        QStringLiteral("db"), QStringLiteral("Database (memory-child)."), QStringLiteral("path"));
    const QCommandLineOption settingsOption(QStringLiteral("settings"),
        QStringLiteral("Settings folder (memory-child)."), QStringLiteral("path"));
    parser.addOptions({partOption, marketsOption, databaseMarketsOption, dbOption, settingsOption});
    parser.process(app);
    const QString part = parser.value(partOption);

    if (part == QStringLiteral("memory-child")) {
        isolateSettings(parser.value(settingsOption));
        return memoryChild(parser.value(dbOption));
    }
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    isolateSettings(dir.path());
    int result = 0;
    if (part.isEmpty() || part == QStringLiteral("responsiveness"))
        result |= benchResponsiveness(dir.path(), parser.value(marketsOption).toInt());
    if (part.isEmpty() || part == QStringLiteral("memory"))
        result |= benchMemory(dir.path(), parser.value(databaseMarketsOption).toInt());
    return result;
}

#include "bench_gui.moc"

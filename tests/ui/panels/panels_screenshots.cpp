// Renders the dashboard, collection panel, log view and settings dialog with realistic data to
// PNGs that a person can judge: panels_screenshots [output folder, default /tmp]
//   panel-dashboard.png, panel-dashboard-finished.png, panel-collection.png,
//   panel-collection-other.png, panel-log.png,
//   panel-settings.png, panel-settings-errors.png
#include "collection/collectionpanel.h"
#include "dashboard/dashboardwidget.h"
#include "englishplurals.h"
#include "log/logview.h"
#include "settings/settingsdialog.h"

#include <QApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QLocale>
#include <QTest>

#include <cstdio>

namespace {

constexpr qint64 minute = 60 * 1000;

void save(QWidget &widget, const QString &path)
{
    widget.show();
    QCoreApplication::processEvents();
    QTest::qWait(300);
    if (!widget.grab().save(path))
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
    else
        std::printf("%s (%dx%d)\n", qPrintable(path), widget.width(), widget.height());
}

SyncProgress phase(const QString &name, int page, RowCounts rows, qint64 elapsedMs, const QString &status,
    int skipped = 0, int retries = 0)
{
    SyncProgress p;
    p.phase = SyncState::fromText<SyncPhase>(name).value();
    p.page = page;
    p.rows = rows;
    p.elapsedMs = elapsedMs;
    p.finished = status != u"running";
    p.status = SyncState::fromText<SyncStatus>(status).value();
    p.skipped = skipped;
    p.retries = retries;
    return p;
}

QList<SyncRunRecord> recentRuns()
{
    QList<SyncRunRecord> runs;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const struct
    {
        const char *kind;
        qint64 ago;
        qint64 duration;
        const char *status;
        int pages;
        qint64 rows;
        int skipped;
        int retries;
        const char *error;
    } samples[] = {
        {"snapshot", 40, 0, "running", 12, 11800, 0, 0, ""},
        {"snapshot", 940, 9, "ok", 53, 52340, 0, 1, ""},
        {"settlements", 1500, 21, "ok", 18, 17412, 2, 0, ""},
        {"markets", 1900, 66, "ok", 47, 46210, 0, 2, ""},
        {"events", 1990, 8, "ok", 3, 2480, 0, 0, ""},
        {"snapshot", 1840, 12, "failed", 7, 6000, 0, 5,
            "HTTP 503 Service Unavailable from /markets after 5 retries"},
        {"snapshot", 2740, 10, "truncated", 50, 50000, 0, 0,
            "stopped at the page limit (50) with more pages left"},
        {"snapshot", 3640, 4, "cancelled", 4, 3900, 0, 0, ""},
        {"markets", 5500, 71, "ok", 48, 47006, 1, 0, ""},
    };
    qint64 id = 212;
    for (const auto &s : samples) {
        SyncRunRecord run;
        run.id = id--;
        run.kind = SyncState::fromText<SyncPhase>(QString::fromLatin1(s.kind)).value();
        run.startedAt = now - s.ago;
        run.finishedAt = s.duration > 0 ? run.startedAt + s.duration : 0;
        run.status = SyncState::fromText<SyncStatus>(QString::fromLatin1(s.status)).value();
        run.pages = s.pages;
        run.rows = s.rows;
        run.skipped = s.skipped;
        run.retries = s.retries;
        run.error = QString::fromLatin1(s.error);
        runs.append(run);
    }
    return runs;
}

void dashboard(const QString &folder)
{
    DashboardWidget widget;
    widget.resize(1100, 650);
    widget.setRecentRuns(recentRuns());
    widget.setLastError(
        QStringLiteral("snapshot: HTTP 503 Service Unavailable from /markets after 5 retries"),
        QDateTime::currentDateTime().addSecs(-1828));
    widget.syncStarted(QStringLiteral("full-sync"));
    RowCounts events;
    events.events = 2480;
    widget.updateProgress(phase(QStringLiteral("events"), 3, events, 8210, QStringLiteral("ok")));
    RowCounts markets;
    markets.markets = 31000;
    widget.updateProgress(
        phase(QStringLiteral("markets"), 31, markets, 44230, QStringLiteral("running"), 1, 2));
    save(widget, folder + QLatin1String("/panel-dashboard.png"));

    markets.markets = 46210;
    widget.updateProgress(phase(QStringLiteral("markets"), 47, markets, 66100, QStringLiteral("ok"), 1, 2));
    RowCounts settlements;
    settlements.settlements = 17412;
    widget.updateProgress(
        phase(QStringLiteral("settlements"), 18, settlements, 20900, QStringLiteral("ok"), 2));
    RowCounts snapshots;
    snapshots.snapshots = 52340;
    widget.updateProgress(
        phase(QStringLiteral("snapshot"), 53, snapshots, 9020, QStringLiteral("failed"), 0, 5));
    SyncSummary summary;
    summary.command = QStringLiteral("full-sync");
    summary.ok = false;
    summary.pages = 121;
    summary.rows = events;
    summary.rows += markets;
    summary.rows += settlements;
    summary.rows += snapshots;
    summary.skipped = 3;
    summary.retries = 7;
    summary.elapsedMs = 104230;
    summary.error = QStringLiteral("snapshot: the database is locked (another program holds a write lock)");
    widget.syncFinished(summary);
    save(widget, folder + QLatin1String("/panel-dashboard-finished.png"));
}

void collection(const QString &folder)
{
    CollectionPanel panel;
    panel.resize(1100, 650);
    const QDateTime now = QDateTime::currentDateTime();
    QList<JobState> states;
    JobState snapshot;
    snapshot.name = QStringLiteral("snapshot");
    snapshot.enabled = true;
    snapshot.intervalMs = 15 * minute;
    snapshot.nextRun = now.addSecs(272);
    snapshot.hasResult = true;
    snapshot.last.ok = true;
    snapshot.last.message = QStringLiteral("53 pages");
    snapshot.last.rows = 2 * 52340;
    snapshot.last.counts.markets = 52340;
    snapshot.last.counts.snapshots = 52340;
    snapshot.last.durationMs = 9020;
    snapshot.lastFinished = now.addSecs(-619);
    JobState markets;
    markets.name = QStringLiteral("markets");
    markets.enabled = true;
    markets.intervalMs = 60 * minute;
    markets.nextRun = now.addSecs(1880);
    markets.running = true;
    markets.hasResult = true;
    markets.last.ok = false;
    markets.last.message = QStringLiteral("HTTP 503 Service Unavailable from /markets after 5 retries");
    markets.last.rows = 6000;
    markets.last.counts.markets = 6000;
    markets.last.durationMs = 12400;
    markets.lastFinished = now.addSecs(-3590);
    JobState settlements;
    settlements.name = QStringLiteral("settlements");
    settlements.enabled = false;
    settlements.intervalMs = 6 * 60 * minute;
    JobState full;
    full.name = QStringLiteral("full-sync");
    full.enabled = true;
    full.hasResult = true;
    full.last.ok = true;
    full.last.message = QStringLiteral("121 pages");
    full.last.rows = 118442;
    full.last.counts = {2430, 58120, 5772, 52120, 0};
    full.last.durationMs = 104230;
    full.lastFinished = now.addSecs(-4000);
    states << snapshot << markets << settlements << full;
    panel.setJobStates(states);
    panel.setCollecting(true);
    CollectorLock::HolderInfo holder;
    holder.pid = 48213;
    holder.appName = QStringLiteral("kalshi-monitor-cli");
    holder.hostName = QStringLiteral("workstation");
    holder.since = now.addSecs(-7400);
    const QString database
        = QDir::home().filePath(QStringLiteral(".local/share/kalshi-monitor/kalshi-monitor.db"));
    holder.thisProcess = true;
    panel.setLockHolder(holder, database);
    save(panel, folder + QLatin1String("/panel-collection.png"));

    // Another process collects, this window does not, and the user typed a bad interval.
    holder.thisProcess = false;
    panel.setLockHolder(holder, database);
    panel.setCollecting(false);
    auto *edit = panel.findChild<QLineEdit *>(QStringLiteral("interval:settlements"));
    panel.show();
    edit->setText(QStringLiteral("5x"));
    Q_EMIT edit->editingFinished();
    save(panel, folder + QLatin1String("/panel-collection-other.png"));
}

void log(const QString &folder)
{
    LogView view;
    view.resize(1100, 650);
    QDateTime t = QDateTime::currentDateTime().addSecs(-600);
    const struct
    {
        LogView::Level level;
        const char *text;
    } lines[] = {
        {LogView::Level::Info,
            "Collection started: snapshot every 15m, markets every 1h, settlements every 6h"},
        {LogView::Level::Info, "Full sync started"},
        {LogView::Level::Info, "events: 3 pages, 2,480 rows in 8.2 s"},
        {LogView::Level::Warning, "markets: retrying in 2000 ms: HTTP 429 Too Many Requests"},
        {LogView::Level::Info, "markets: 47 pages, 46,210 rows in 1 min 06 s"},
        {LogView::Level::Warning,
            "settlements: skipped a malformed market (KXHIGHNY-25NOV27-B48.5): settlement_value_dollars "
            "\"1.2.3\" is not a price"},
        {LogView::Level::Info, "settlements: 18 pages, 17,412 rows in 20.9 s"},
        {LogView::Level::Warning, "snapshot: retrying in 4000 ms: HTTP 503 Service Unavailable"},
        {LogView::Level::Error, "snapshot: the database is locked (another program holds a write lock)"},
        {LogView::Level::Info, "Full sync finished: failed, 118,442 rows in 1 min 44 s"},
    };
    for (int round = 0; round < 4; ++round) {
        for (const auto &line : lines) {
            t = t.addMSecs(4300);
            view.appendMessageAt(t, line.level, QString::fromUtf8(line.text));
        }
    }
    save(view, folder + QLatin1String("/panel-log.png"));
}

void settings(const QString &folder)
{
    SettingsDialog dialog;
    AppSettings values = AppSettings::defaults();
    values.databasePath
        = QDir::home().filePath(QStringLiteral(".local/share/kalshi-monitor/kalshi-monitor.db"));
    dialog.setSettings(values);
    dialog.adjustSize();
    save(dialog, folder + QLatin1String("/panel-settings.png"));

    values.environment = AppSettings::ApiEnvironment::Custom;
    values.customApiBase = QStringLiteral("ftp://127.0.0.1:8089/trade-api/v2");
    dialog.setSettings(values);
    dialog.findChild<QDoubleSpinBox *>(QStringLiteral("rateLimit"))->setValue(150);
    dialog.findChild<QLineEdit *>(QStringLiteral("interval:markets"))->setText(QStringLiteral("5x"));
    dialog.findChild<QLineEdit *>(QStringLiteral("databasePath"))->setText(QDir::homePath());
    dialog.accept();
    dialog.adjustSize();
    save(dialog, folder + QLatin1String("/panel-settings-errors.png"));
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    EnglishPlurals plurals;
    QCoreApplication::installTranslator(&plurals);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const QStringList args = QCoreApplication::arguments();
    const QString folder = args.size() > 1 ? args.at(1) : QStringLiteral("/tmp");
    dashboard(folder);
    collection(folder);
    log(folder);
    settings(folder);
    return 0;
}

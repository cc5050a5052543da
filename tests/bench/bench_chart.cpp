// Benchmark 6: the chart with 10,000 snapshots (ChartSamples::realistic, the shape of a thin market's
// week of one-minute snapshots) in SnapshotChart: one paint of everything and one paint zoomed to
// 600 points, into a 1280x600 image; median of 25 runs of the GUI thread's own CPU time (the
// machine's other work does not count). Run with QT_QPA_PLATFORM=offscreen.
//
// Issue 15: a year of Kalshi's 1-minute history (525,600 candles) of one market stored in a file;
// ChartPanel::showMarket until the chart has it (wall clock: the loader thread's read included),
// then paints of the whole year and of one month in that panel's chart, GUI-thread CPU time.
#include "benchsupport.h"
#include "chart/snapshotchart.h"
#include "chartsamples.h"
#include "mainwindow/chartpanel.h"
#include "storage/schema.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>
#include <QVariantList>

#include <algorithm>
#include <ctime>

namespace {

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QList<ChartPoint> points = ChartSamples::realistic(10000);
    SnapshotChart chart;
    chart.resize(1280, 600);
    chart.setMarket(QStringLiteral("KXBENCH-1"), QStringLiteral("Benchmark market"));
    QImage image(chart.size(), QImage::Format_ARGB32_Premultiplied);
    QList<double> full;
    QList<double> zoomed;
    for (int run = 0; run < 26; ++run) {
        chart.setPoints(points);
        const double start = threadCpuMs();
        chart.render(&image);
        const double painted = threadCpuMs();
        chart.setVisibleTimeRange(points.at(4000).time, points.at(4600).time);
        const double zoomStart = threadCpuMs();
        chart.render(&image);
        const double zoomEnd = threadCpuMs();
        if (run == 0) // warms caches and the font engine
            continue;
        full.append(painted - start);
        zoomed.append(zoomEnd - zoomStart);
    }
    Bench::note(QStringLiteral("chart paint (full): %1").arg(Bench::samples(full, 2)));
    Bench::note(QStringLiteral("chart paint (zoomed): %1").arg(Bench::samples(zoomed, 2)));
    Bench::figure("chart_paint_10k_ms", Bench::median(full), 2, "<= 16, one frame");
    Bench::figure("chart_paint_zoomed_10k_ms", Bench::median(zoomed), 2, "<= 16, one frame");

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.db"));
    const QString connection = QStringLiteral("bench-chart");
    QString error;
    if (!Schema::openConnection(connection, path, Schema::ConnectionOptions(), &error)) {
        Bench::note(QStringLiteral("cannot create %1: %2").arg(path, error));
        return 1;
    }
    constexpr int kMinutes = 525600;
    constexpr qint64 kStart = 1760000000;
    {
        QSqlDatabase db = QSqlDatabase::database(connection);
        QSqlQuery query(db);
        query.exec(QStringLiteral(
            "INSERT INTO events(ticker, series_ticker, title, updated_at) VALUES ('E1', 'S1', 'E', 1)"));
        query.exec(QStringLiteral("INSERT INTO markets(ticker, event_ticker, title, status, updated_at) "
                                  "VALUES ('KXYEAR-1', 'E1', 'A year of minutes', 'active', 1)"));
        db.transaction();
        query.prepare(QStringLiteral(
            "INSERT INTO candles(market_id, period_minutes, period_end, price_close, price_previous, "
            "price_low, price_high) VALUES (1, 1, ?, ?, ?, ?, ?)"));
        QVariantList ends, closes, previous, lows, highs;
        qint64 price = 500000;
        quint32 state = 1;
        for (int i = 0; i < kMinutes; ++i) {
            state = state * 1103515245u + 12345u;
            price = std::clamp<qint64>(price + qint64((state >> 16) % 2001) - 1000, 10000, 990000);
            ends.append(kStart + 60 * qint64(i));
            const bool traded = (state >> 8) % 4 != 0;
            closes.append(traded ? QVariant(price) : QVariant());
            previous.append(traded ? QVariant() : QVariant(price));
            lows.append(traded ? QVariant(price - 2000) : QVariant());
            highs.append(traded ? QVariant(price + 2000) : QVariant());
        }
        for (const QVariantList &column : {ends, closes, previous, lows, highs})
            query.addBindValue(column);
        if (!query.execBatch() || !db.commit()) {
            Bench::note(QStringLiteral("cannot store the candles"));
            return 1;
        }
    }
    QList<double> opened;
    QList<double> yearPaint;
    QList<double> monthPaint;
    for (int run = 0; run < 6; ++run) {
        ChartPanel panel;
        panel.resize(1280, 700);
        panel.setDatabase(connection, path);
        // Sleeps until an event comes (the loader's result; the timer only bounds a failed run):
        // processEvents(flags, ms) returns at once without events, and a loop of it would spin a
        // core that the loader thread needs on this 2-core machine.
        QTimer giveUp;
        giveUp.setSingleShot(true);
        giveUp.start(30000);
        QElapsedTimer wall;
        wall.start();
        panel.showMarket(QStringLiteral("KXYEAR-1"));
        while (panel.chart()->historyCount() == 0 && giveUp.isActive())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QImage historyImage(panel.chart()->size(), QImage::Format_ARGB32_Premultiplied);
        panel.chart()->render(&historyImage);
        const double openedMs = double(wall.nsecsElapsed()) / 1e6;
        double start = threadCpuMs();
        panel.chart()->render(&historyImage);
        const double yearMs = threadCpuMs() - start;
        panel.chart()->setVisibleTimeRange(kStart + 86400 * 100, kStart + 86400 * 130);
        start = threadCpuMs();
        panel.chart()->render(&historyImage);
        const double monthMs = threadCpuMs() - start;
        if (panel.chart()->historyCount() != kMinutes) {
            Bench::note(QStringLiteral("history not shown: %1 candles").arg(panel.chart()->historyCount()));
            return 1;
        }
        if (run == 0)
            continue;
        opened.append(openedMs);
        yearPaint.append(yearMs);
        monthPaint.append(monthMs);
    }
    Schema::closeConnection(connection);
    Bench::note(QStringLiteral("year of minutes, opened: %1").arg(Bench::samples(opened, 1)));
    Bench::note(QStringLiteral("year of minutes, paint: %1").arg(Bench::samples(yearPaint, 2)));
    Bench::note(QStringLiteral("one month of it, paint: %1").arg(Bench::samples(monthPaint, 2)));
    Bench::figure("chart_history_year_open_ms", Bench::median(opened), 1, "<= 200, shown from a stored file");
    Bench::figure("chart_history_year_paint_ms", Bench::median(yearPaint), 2, "<= 16, one frame");
    Bench::figure("chart_history_month_paint_ms", Bench::median(monthPaint), 2, "<= 16, one frame");
    return 0;
}

// Benchmark 6: the chart with 10,000 snapshots (ChartSamples::realistic, the shape of a thin market's
// week of one-minute snapshots) in SnapshotChart: one paint of everything and one paint zoomed to
// 600 points, into a 1280x600 image; median of 25 runs of the GUI thread's own CPU time (the
// machine's other work does not count). Run with QT_QPA_PLATFORM=offscreen.
#include "benchsupport.h"
#include "chart/snapshotchart.h"
#include "chartsamples.h"

#include <QApplication>
#include <QImage>

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
        if (run == 0)   // warms caches and the font engine
            continue;
        full.append(painted - start);
        zoomed.append(zoomEnd - zoomStart);
    }
    Bench::note(QStringLiteral("chart paint (full): %1").arg(Bench::samples(full, 2)));
    Bench::note(QStringLiteral("chart paint (zoomed): %1").arg(Bench::samples(zoomed, 2)));
    Bench::figure("chart_paint_10k_ms", Bench::median(full), 2, "<= 16, one frame");
    Bench::figure("chart_paint_zoomed_10k_ms", Bench::median(zoomed), 2, "<= 16, one frame");
    return 0;
}

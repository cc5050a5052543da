// Renders ChartSamples::realistic() to a PNG so that a person can judge the chart:
//   snapshotchart_example [out.png] [--dark] [--hover] [--scale 2] [--zoom] [--points N] [--empty]
//                         [--percent] [--lang de --translations DIR (where kalshimonitor_de.qm is)]
#include "chart/snapshotchart.h"
#include "chartsamples.h"

#include <QApplication>
#include <QImage>
#include <QLocale>
#include <QMouseEvent>
#include <QPalette>
#include <QStringList>
#include <QTranslator>

#include <algorithm>
#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStringList args = QApplication::arguments();
    args.removeFirst();
    QString out = QStringLiteral("/tmp/snapshotchart-example.png");
    bool dark = false;
    bool hover = false;
    bool zoom = false;
    bool empty = false;
    bool percent = false;
    QString language;
    QString translations;
    int count = 500;
    qreal scale = 1;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--dark"))
            dark = true;
        else if (a == QLatin1String("--hover"))
            hover = true;
        else if (a == QLatin1String("--zoom"))
            zoom = true;
        else if (a == QLatin1String("--empty"))
            empty = true;
        else if (a == QLatin1String("--percent"))
            percent = true;
        else if (a == QLatin1String("--lang") && i + 1 < args.size())
            language = args.at(++i);
        else if (a == QLatin1String("--translations") && i + 1 < args.size())
            translations = args.at(++i);
        else if (a == QLatin1String("--points") && i + 1 < args.size())
            count = std::max(2, args.at(++i).toInt());
        else if (a == QLatin1String("--scale") && i + 1 < args.size())
            scale = args.at(++i).toDouble();
        else
            out = a;
    }

    QTranslator translator;
    if (!language.isEmpty()) {
        QLocale::setDefault(QLocale(language));
        if (translator.load(QStringLiteral("kalshimonitor_") + language, translations))
            QCoreApplication::installTranslator(&translator);
        else
            std::fprintf(
                stderr, "no kalshimonitor_%s.qm in %s\n", qPrintable(language), qPrintable(translations));
    }

    SnapshotChart chart;
    if (percent)
        chart.setPriceUnit(ChartAxis::PriceUnit::Percent);
    if (dark) {
        QPalette pal;
        pal.setColor(QPalette::Window, QColor(32, 33, 36));
        pal.setColor(QPalette::WindowText, QColor(232, 234, 237));
        pal.setColor(QPalette::Base, QColor(24, 25, 27));
        pal.setColor(QPalette::Text, QColor(232, 234, 237));
        pal.setColor(QPalette::Mid, QColor(80, 80, 84));
        pal.setColor(QPalette::ToolTipBase, QColor(48, 49, 52));
        pal.setColor(QPalette::ToolTipText, QColor(232, 234, 237));
        pal.setColor(QPalette::PlaceholderText, QColor(160, 160, 165));
        chart.setPalette(pal);
    }
    chart.resize(960, 540);
    chart.setMarket(QStringLiteral("KXHIGHNY-25NOV27-B48.5"),
        QStringLiteral("Will the high temperature in NYC be 48-49\u00b0 on Nov 27, 2025?"));
    const QList<ChartPoint> points = empty ? QList<ChartPoint>() : ChartSamples::realistic(count);
    chart.setPoints(points);
    if (zoom && points.size() > 340)
        chart.setVisibleTimeRange(points.at(260).time, points.at(340).time);
    chart.show();
    QApplication::processEvents();
    if (hover && points.size() > 380) {
        const int index = zoom ? 310 : 380;
        const QPointF at
            = chart.mapToWidget(points.at(index).time, *points.at(index).lastPrice) + QPointF(0, -30);
        QMouseEvent move(
            QEvent::MouseMove, at, chart.mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(&chart, &move);
    }

    QImage image(chart.size() * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    chart.render(&image);
    if (!image.save(out)) {
        std::fprintf(stderr, "could not write %s\n", qPrintable(out));
        return 1;
    }
    std::printf("%s\n", qPrintable(out));
    return 0;
}

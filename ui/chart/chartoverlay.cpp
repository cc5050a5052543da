#include "chart/chartoverlay.h"

#include "chart/chartaxis.h"
#include "chart/chartdata.h"
#include "chart/chartviewport.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace {

QColor withAlpha(QColor color, int alpha)
{
    return ChartPainter::withAlpha(color, alpha);
}

} // namespace

void ChartOverlay::paintHeader(QPainter &p, const ChartLayout &l, const ChartStyle &s, const Header &h)
{
    const QPalette &pal = s.palette;
    const QFontMetricsF fm(s.font);
    const double left = l.priceFrame.left();
    double x = left;
    const double titleBaseline = 6 + fm.ascent();

    if (!h.ticker.isEmpty()) {
        QFont bold = s.font;
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QPointF(x, titleBaseline), h.ticker);
        x += QFontMetricsF(bold).horizontalAdvance(h.ticker) + fm.horizontalAdvance(QStringLiteral("  "));
        p.setFont(s.font);
        const double room = l.priceFrame.right() - x;
        if (!h.title.isEmpty() && room > 20)
            p.drawText(QPointF(x, titleBaseline), fm.elidedText(h.title, Qt::ElideRight, room));
    }
    if (h.pointCount == 0 && h.historyCount == 0)
        return;

    const QFont small = s.smallFont;
    const QFontMetricsF sfm(small);
    p.setFont(small);
    const double legendMiddle = 6 + fm.height() + 4 + sfm.height() / 2;
    const double baseline = legendMiddle - sfm.height() / 2 + sfm.ascent();
    const QColor text = withAlpha(pal.color(QPalette::WindowText), 200);
    x = left;
    auto label = [&](const QString &t) {
        p.setPen(text);
        p.drawText(QPointF(x, baseline), t);
        x += sfm.horizontalAdvance(t) + 18;
    };

    p.setRenderHint(QPainter::Antialiasing);
    QColor band = s.band;
    p.setPen(withAlpha(band, std::min(255, band.alpha() * 3)));
    p.setBrush(band);
    p.drawRect(QRectF(x, legendMiddle - 5, 18, 10));
    x += 24;
    // Split so that lupdate does not read "\u2013a" as a single escape.
    label(tr("Yes bid\u2013"
             "ask"));

    p.setPen(QPen(s.lastPrice, 2));
    p.drawLine(QPointF(x, legendMiddle), QPointF(x + 18, legendMiddle));
    x += 24;
    label(tr("Last price"));

    p.setPen(Qt::NoPen);
    p.setBrush(s.volume);
    p.drawRect(QRectF(x + 2, legendMiddle - 2, 4, 7));
    p.drawRect(QRectF(x + 8, legendMiddle - 5, 4, 10));
    p.drawRect(QRectF(x + 14, legendMiddle - 1, 4, 6));
    x += 24;
    label(tr("Volume (contracts)"));

    if (h.historyCount > 0) {
        p.setPen(QPen(s.history, 1.4));
        p.drawLine(QPointF(x, legendMiddle + 3), QPointF(x + 6, legendMiddle + 3));
        p.drawLine(QPointF(x + 6, legendMiddle + 3), QPointF(x + 6, legendMiddle - 3));
        p.drawLine(QPointF(x + 6, legendMiddle - 3), QPointF(x + 18, legendMiddle - 3));
        x += 24;
        const QString period = h.historyPeriodMinutes >= 1440 ? tr("daily")
            : h.historyPeriodMinutes >= 60                    ? tr("hourly")
                                                              : tr("per minute");
        label(tr("Kalshi history (%1)").arg(period));
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setBrush(Qt::NoBrush);

    QStringList counts;
    if (h.pointCount > 0)
        counts << (h.pointCount == 1 ? tr("1 snapshot")
                                     : tr("%1 snapshots").arg(s.locale.toString(h.pointCount)));
    if (h.historyCount > 0)
        counts << tr("%1 candles").arg(s.locale.toString(h.historyCount));
    QString status = counts.join(QStringLiteral(" \u00b7 "));
    if (h.zoomed)
        status += tr(" \u00b7 zoomed, double-click to show all");
    const double statusWidth = sfm.horizontalAdvance(status);
    if (l.priceFrame.right() - statusWidth > x) {
        p.setPen(withAlpha(pal.color(QPalette::WindowText), 130));
        p.drawText(QPointF(l.priceFrame.right() - statusWidth, baseline), status);
    }
}

void ChartOverlay::paintCrosshair(
    QPainter &p, const ChartLayout &l, const ChartStyle &s, const ChartViewport &view, const Crosshair &c)
{
    const QPalette &pal = s.palette;
    const ChartPoint &point = c.point;
    const double x = std::round(view.xOf(double(point.time), l.price)) + 0.5;
    const QColor lineColor = withAlpha(pal.color(QPalette::WindowText), 120);
    QPen dashed(lineColor, 1, Qt::DashLine);
    p.setPen(dashed);
    p.drawLine(QPointF(x, l.price.top()), QPointF(x, l.price.bottom()));
    p.drawLine(QPointF(x, l.volume.top()), QPointF(x, l.volume.bottom()));

    const QFont small = s.smallFont;
    const QFontMetricsF sfm(small);
    p.setFont(small);
    if (c.mouseInside && l.priceFrame.contains(c.mouse)) {
        const double y = std::round(c.mouse.y()) + 0.5;
        p.setPen(dashed);
        p.drawLine(QPointF(l.priceFrame.left(), y), QPointF(l.priceFrame.right(), y));
        const qint64 price = view.priceLow()
            + qint64(double(view.priceHigh() - view.priceLow()) * (l.price.bottom() - y) / l.price.height());
        const QString label = ChartAxis::formatPrice(price, s.unit, s.locale);
        const QRectF box(1, y - sfm.height() / 2 - 1, l.priceFrame.left() - 3, sfm.height() + 2);
        p.fillRect(box, pal.color(QPalette::WindowText));
        p.setPen(pal.color(QPalette::Window));
        p.drawText(box.adjusted(0, 0, -4, 0), Qt::AlignRight | Qt::AlignVCenter, label);
    }

    p.setRenderHint(QPainter::Antialiasing);
    auto dot = [&](std::optional<qint64> value, const QColor &color) {
        if (!value)
            return;
        p.setPen(QPen(pal.color(QPalette::Base), 1.5));
        p.setBrush(color);
        p.drawEllipse(QPointF(x, view.yOf(double(*value), l.price)), 3.5, 3.5);
    };
    if (ChartData::hasQuote(point)) {
        const QColor edge = withAlpha(s.band, 255);
        dot(point.yesBid, edge);
        dot(point.yesAsk, edge);
    }
    dot(point.lastPrice, s.lastPrice);
    p.setBrush(Qt::NoBrush);

    const QList<QPair<QString, QString>> &rows = c.rows;
    QFont bold = small;
    bold.setBold(true);
    const QFontMetricsF bfm(bold);
    double labelWidth = 0;
    double valueWidth = 0;
    for (qsizetype i = 1; i < rows.size(); ++i) {
        labelWidth = std::max(labelWidth, sfm.horizontalAdvance(rows.at(i).first));
        valueWidth = std::max(valueWidth, sfm.horizontalAdvance(rows.at(i).second));
    }
    const double pad = 7;
    const double rowHeight = sfm.height() + 1;
    const double boxWidth
        = std::max(bfm.horizontalAdvance(rows.at(0).first), labelWidth + 14 + valueWidth) + 2 * pad;
    const double boxHeight = rowHeight * double(rows.size()) + 2 * pad;
    double bx = x + 12;
    if (bx + boxWidth > l.priceFrame.right() - 2)
        bx = x - 12 - boxWidth;
    bx = std::max(bx, 2.0);
    double by = l.price.top() + 8;
    if (c.mouseInside && c.mouse.y() < by + boxHeight + 12 && c.mouse.y() < l.price.bottom()
        && l.price.top() + boxHeight + 40 < l.price.bottom())
        by = std::min(l.price.bottom() - boxHeight - 8, c.mouse.y() + 16);
    const QRectF box(bx, by, boxWidth, boxHeight);
    p.setPen(withAlpha(pal.color(QPalette::ToolTipText), 90));
    p.setBrush(withAlpha(pal.color(QPalette::ToolTipBase), 238));
    p.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    p.setBrush(Qt::NoBrush);
    p.setRenderHint(QPainter::Antialiasing, false);

    double y = by + pad + sfm.ascent();
    p.setPen(pal.color(QPalette::ToolTipText));
    p.setFont(bold);
    p.drawText(QPointF(bx + pad, y), rows.at(0).first);
    p.setFont(small);
    for (qsizetype i = 1; i < rows.size(); ++i) {
        y += rowHeight;
        p.setPen(withAlpha(pal.color(QPalette::ToolTipText), 170));
        p.drawText(QPointF(bx + pad, y), rows.at(i).first);
        p.setPen(pal.color(QPalette::ToolTipText));
        const double vw = sfm.horizontalAdvance(rows.at(i).second);
        p.drawText(QPointF(bx + boxWidth - pad - vw, y), rows.at(i).second);
    }
}

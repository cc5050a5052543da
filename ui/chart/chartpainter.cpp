#include "chart/chartpainter.h"

#include "chart/chartaxis.h"
#include "chart/chartdata.h"
#include "chart/charthistory.h"
#include "chart/chartviewport.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

ChartPainter::ChartPainter(const ChartData &data, const ChartViewport &view)
    : m_data(data)
    , m_view(view)
{
}

QColor ChartPainter::withAlpha(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

QColor ChartPainter::blend(QColor top, QColor background)
{
    const double a = top.alphaF();
    auto mix = [a](int t, int b) { return int(std::lround(a * t + (1 - a) * b)); };
    return QColor(mix(top.red(), background.red()), mix(top.green(), background.green()),
        mix(top.blue(), background.blue()));
}

void ChartPainter::paintGaps(QPainter &p, const ChartLayout &l, const ChartStyle &s, int first, int last)
{
    const QPalette &pal = s.palette;
    const QColor shade = withAlpha(pal.color(QPalette::WindowText), s.dark ? 14 : 10);
    const QFont small = s.smallFont;
    const QFontMetricsF sfm(small);
    const QString label = tr("no data");
    const double labelWidth = sfm.horizontalAdvance(label);
    p.setFont(small);
    for (int i = std::max(1, first); i < last; ++i) {
        if (!m_data.isGapBefore(i))
            continue;
        const double x0 = std::max(l.priceFrame.left(), m_view.xOf(double(m_data.at(i - 1).time), l.price));
        const double x1 = std::min(l.priceFrame.right(), m_view.xOf(double(m_data.at(i).time), l.price));
        if (x1 - x0 < 1)
            continue;
        p.fillRect(QRectF(x0, l.price.top(), x1 - x0, l.price.height()), shade);
        p.fillRect(QRectF(x0, l.volume.top(), x1 - x0, l.volume.height()), shade);
        if (x1 - x0 > labelWidth + 12) {
            p.setPen(withAlpha(pal.color(QPalette::WindowText), 120));
            p.drawText(QRectF(x0, l.price.top() + 4, x1 - x0, sfm.height()), Qt::AlignCenter, label);
        }
    }
}

void ChartPainter::paintPriceGrid(QPainter &p, const ChartLayout &l, const ChartStyle &s)
{
    const QPalette &pal = s.palette;
    const QRectF &plot = l.price;
    const QFont small = s.smallFont;
    const QFontMetricsF sfm(small);
    p.setFont(small);
    const double span = double(m_view.priceHigh() - m_view.priceLow());
    const double wanted = std::max(2.0, plot.height() / (sfm.height() * 2.6));
    const qint64 step = ChartAxis::niceStep(span / wanted, 100);
    const QColor grid = withAlpha(pal.color(QPalette::WindowText), s.dark ? 40 : 28);
    const QColor text = withAlpha(pal.color(QPalette::WindowText), 185);
    for (qint64 tick = (m_view.priceLow() + step - 1) / step * step; tick <= m_view.priceHigh();
         tick += step) {
        const double y = std::round(m_view.yOf(double(tick), plot)) + 0.5;
        if (y < plot.top() || y > plot.bottom() + 1)
            continue;
        p.setPen(grid);
        p.drawLine(QPointF(l.priceFrame.left(), y), QPointF(l.priceFrame.right(), y));
        p.setPen(text);
        const QRectF labelRect(0, y - sfm.height() / 2, l.priceFrame.left() - 6, sfm.height());
        p.drawText(
            labelRect, Qt::AlignRight | Qt::AlignVCenter, ChartAxis::formatPrice(tick, s.unit, s.locale));
    }
}

void ChartPainter::paintTimeGrid(QPainter &p, const ChartLayout &l, const ChartStyle &s)
{
    const QPalette &pal = s.palette;
    const QRectF &plot = l.price;
    const QFont small = s.smallFont;
    const QFontMetricsF sfm(small);
    p.setFont(small);
    const double minSpacing = sfm.horizontalAdvance(QStringLiteral("00:00:00")) + 22;
    const qint64 from = qint64(std::ceil(m_view.start()));
    const qint64 to = qint64(std::floor(m_view.end()));
    const ChartAxis::TimeStep &step
        = ChartAxis::chooseTimeStep(m_view.end() - m_view.start(), plot.width(), minSpacing);
    const QList<qint64> ticks = ChartAxis::timeTicks(step, from, to);

    const QColor grid = withAlpha(pal.color(QPalette::WindowText), s.dark ? 40 : 28);
    const QColor text = withAlpha(pal.color(QPalette::WindowText), 185);
    const QColor context = withAlpha(pal.color(QPalette::WindowText), 135);
    QString primaryFormat;
    switch (step.unit) {
    case ChartAxis::TimeUnit::Second:
        primaryFormat = QStringLiteral("HH:mm:ss");
        break;
    case ChartAxis::TimeUnit::Minute:
    case ChartAxis::TimeUnit::Hour:
        primaryFormat = QStringLiteral("HH:mm");
        break;
    case ChartAxis::TimeUnit::Day:
    case ChartAxis::TimeUnit::Week:
        primaryFormat = tr("d MMM", "time axis: day and month");
        break;
    case ChartAxis::TimeUnit::Month:
        primaryFormat = QStringLiteral("MMM");
        break;
    case ChartAxis::TimeUnit::Year:
        primaryFormat = QStringLiteral("yyyy");
        break;
    }
    // Sub-day ticks name the date under the first tick and under each new day; longer steps the year.
    const bool subDay = step.unit == ChartAxis::TimeUnit::Second || step.unit == ChartAxis::TimeUnit::Minute
        || step.unit == ChartAxis::TimeUnit::Hour;
    const QLocale &locale = s.locale;
    const double primaryY = l.timeAxis.top() + 4;
    const double contextY = primaryY + sfm.height();
    double primaryRight = -1e9;
    double contextRight = -1e9;
    QDate previousDate;

    // The axis names its time zone at the right end of the date row; dates keep clear of it.
    const QString zone = tr("Time: %1").arg(ChartAxis::timeZoneLabel(qint64(m_view.end())));
    const double zoneWidth = sfm.horizontalAdvance(zone);
    const double zoneLeft = l.priceFrame.right() - zoneWidth;
    p.setPen(context);
    p.drawText(QPointF(zoneLeft, contextY + sfm.ascent()), zone);

    for (const qint64 tick : ticks) {
        const double x = std::round(m_view.xOf(double(tick), plot)) + 0.5;
        if (x < plot.left() || x > plot.right() + 1)
            continue;
        p.setPen(grid);
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.drawLine(QPointF(x, l.volume.top()), QPointF(x, l.volume.bottom()));
        p.drawLine(QPointF(x, l.volume.bottom()), QPointF(x, l.volume.bottom() + 3));

        const QDateTime local = QDateTime::fromSecsSinceEpoch(tick);
        const QString primary = locale.toString(local, primaryFormat);
        const double pw = sfm.horizontalAdvance(primary);
        const double px = std::clamp(x - pw / 2, 0.0, s.widgetWidth - pw);
        if (px > primaryRight + 6) {
            p.setPen(text);
            p.drawText(QPointF(px, primaryY + sfm.ascent()), primary);
            primaryRight = px + pw;
        }

        QString contextText;
        const QDate date = local.date();
        if (subDay) {
            if (!previousDate.isValid() || date != previousDate)
                contextText = locale.toString(date,
                    previousDate.isValid() ? tr("ddd d MMM", "time axis: a new day")
                                           : tr("ddd d MMM yyyy", "time axis: the first day"));
        } else if (step.unit != ChartAxis::TimeUnit::Year) {
            if (!previousDate.isValid() || date.year() != previousDate.year())
                contextText = QString::number(date.year());
        }
        previousDate = date;
        if (!contextText.isEmpty()) {
            const double cw = sfm.horizontalAdvance(contextText);
            const double cx = std::clamp(x - cw / 2, 0.0, s.widgetWidth - cw);
            if (cx > contextRight + 8 && cx + cw < zoneLeft - 12) {
                p.setPen(context);
                p.drawText(QPointF(cx, contextY + sfm.ascent()), contextText);
                contextRight = cx + cw;
            }
        }
    }
}

void ChartPainter::paintBand(QPainter &p, const QRectF &plot, const ChartStyle &s, int first, int last)
{
    const double dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    const QColor fill = s.band;
    const QColor background = s.palette.color(QPalette::Base);
    const QColor edge = blend(withAlpha(fill, std::min(255, fill.alpha() * 3)), background);
    // Device columns worth filling: the clip would drop the rest, but only after they were built.
    const qint64 minColumn = qint64(std::floor(plot.left() * dpr)) - 1;
    const qint64 maxColumn = qint64(std::ceil(plot.right() * dpr)) + 1;
    QPen edgePen(edge, 1.0);
    edgePen.setCosmetic(true);
    edgePen.setCapStyle(Qt::FlatCap);
    m_upper.clear();
    m_lower.clear();
    m_bandRects.clear();
    m_edges.clear();

    bool open = false;
    qint64 columnKey = 0;
    double columnX = 0;
    double columnTop = 0;
    double columnBottom = 0;
    auto flushColumn = [&] {
        if (!open)
            return;
        m_upper.emplace_back(columnX, columnTop);
        m_lower.emplace_back(columnX, columnBottom);
        open = false;
    };
    // The fill is one rectangle per device-pixel column, interpolated between the outline's
    // vertices: the raster engine fills those far faster than an antialiased polygon, and no
    // pixel is blended twice.
    auto endSegment = [&] {
        flushColumn();
        const size_t count = m_upper.size();
        if (count == 1) {
            const QPointF top = m_upper.front();
            m_bandRects.emplace_back(top.x() - 1, top.y(), 2, std::max(1.0, m_lower.front().y() - top.y()));
        } else if (count > 1) {
            for (size_t k = 0; k + 1 < count; ++k) {
                const double x0 = m_upper[k].x();
                const double x1 = m_upper[k + 1].x();
                qint64 c0 = qint64(std::ceil(x0 * dpr - 0.5));
                qint64 c1 = qint64(std::ceil(x1 * dpr - 0.5)) - (k + 2 < count ? 1 : 0);
                c0 = std::max(c0, minColumn);
                c1 = std::min(c1, maxColumn);
                for (qint64 c = c0; c <= c1; ++c) {
                    const double xc = (double(c) + 0.5) / dpr;
                    const double t = x1 > x0 ? std::clamp((xc - x0) / (x1 - x0), 0.0, 1.0) : 0.0;
                    const double top = m_upper[k].y() + t * (m_upper[k + 1].y() - m_upper[k].y());
                    const double bottom = m_lower[k].y() + t * (m_lower[k + 1].y() - m_lower[k].y());
                    m_bandRects.emplace_back(double(c) / dpr, top, 1.0 / dpr, std::max(0.0, bottom - top));
                }
            }
            for (size_t k = 0; k + 1 < count; ++k) {
                m_edges.emplace_back(m_upper[k], m_upper[k + 1]);
                m_edges.emplace_back(m_lower[k], m_lower[k + 1]);
            }
        }
        m_upper.clear();
        m_lower.clear();
    };

    for (int i = first; i < last; ++i) {
        const ChartPoint &point = m_data.at(i);
        if (m_data.isGapBefore(i))
            endSegment();
        if (!ChartData::hasQuote(point)) {
            endSegment();
            continue;
        }
        const double x = m_view.xOf(double(point.time), plot);
        const double yAsk = m_view.yOf(double(std::max(*point.yesBid, *point.yesAsk)), plot);
        const double yBid = m_view.yOf(double(std::min(*point.yesBid, *point.yesAsk)), plot);
        // Decimation: the column keeps the envelope of the quotes that fall into it.
        const qint64 key = qint64(std::floor(x * dpr));
        if (open && key == columnKey) {
            columnTop = std::min(columnTop, yAsk);
            columnBottom = std::max(columnBottom, yBid);
        } else {
            flushColumn();
            open = true;
            columnKey = key;
            columnX = x;
            columnTop = yAsk;
            columnBottom = yBid;
        }
    }
    endSegment();

    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRects(m_bandRects.data(), int(m_bandRects.size()));
    p.setBrush(Qt::NoBrush);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(edgePen);
    p.drawLines(m_edges.data(), int(m_edges.size()));
    m_primitiveCount += int(m_bandRects.size() + m_edges.size());
}

void ChartPainter::paintHistory(
    QPainter &p, const QRectF &plot, const ChartStyle &s, const ChartHistory &history)
{
    if (history.isEmpty())
        return;
    const double dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    const int count = std::max(1, int(std::ceil(plot.width() * dpr)));
    const std::vector<ChartHistory::Column> columns = history.columns(m_view.start(), m_view.end(), count);
    m_segments.clear(); // each column's low-high range, faint
    m_edges.clear(); // the close as steps: a price holds until the next candle changes it
    bool hasPrevious = false;
    QPointF previous;
    for (int c = 0; c < count; ++c) {
        const ChartHistory::Column &column = columns[size_t(c)];
        if (!column.valid)
            continue;
        const double x = plot.left() + (double(c) + 0.5) * plot.width() / double(count);
        const double top = m_view.yOf(double(column.high), plot);
        const double bottom = m_view.yOf(double(column.low), plot);
        if (bottom > top)
            m_segments.emplace_back(x, top, x, bottom);
        const QPointF close(x, m_view.yOf(double(column.close), plot));
        if (hasPrevious) {
            m_edges.emplace_back(previous, QPointF(x, previous.y()));
            if (close.y() != previous.y())
                m_edges.emplace_back(QPointF(x, previous.y()), close);
        }
        previous = close;
        hasPrevious = true;
    }
    QPen range(withAlpha(s.history, std::max(1, s.history.alpha() / 2)), 1.0);
    range.setCapStyle(Qt::FlatCap);
    p.setPen(range);
    p.drawLines(m_segments.data(), int(m_segments.size()));
    QPen steps(s.history, 1.4);
    steps.setCapStyle(Qt::SquareCap);
    p.setPen(steps);
    p.drawLines(m_edges.data(), int(m_edges.size()));
    m_primitiveCount += int(m_segments.size() + m_edges.size());
}

void ChartPainter::paintLine(QPainter &p, const QRectF &plot, const ChartStyle &s, int first, int last)
{
    const double dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    const QColor color = s.lastPrice;
    // Separate segments, not one polyline: QStroker joins a long wide polyline in far more than
    // linear time, and square caps close the joins of an opaque line just as well.
    QPen pen(color, 1.8);
    pen.setCapStyle(Qt::SquareCap);
    m_segments.clear();
    m_dots.clear();

    bool open = false;
    bool hasPrevious = false;
    int columnsInSegment = 0;
    qint64 columnKey = 0;
    double columnX = 0;
    double minY = 0;
    double maxY = 0;
    double lastY = 0;
    QPointF previous;
    auto flushColumn = [&] {
        if (!open)
            return;
        // Steps: a price holds until it changes, so the line runs flat to this column and jumps
        // there; the jump and the column's own range share one vertical segment.
        double top = minY;
        double bottom = maxY;
        if (hasPrevious) {
            if (columnX > previous.x())
                m_segments.emplace_back(previous, QPointF(columnX, previous.y()));
            top = std::min(top, previous.y());
            bottom = std::max(bottom, previous.y());
        }
        if (bottom > top)
            m_segments.emplace_back(columnX, top, columnX, bottom);
        previous = QPointF(columnX, lastY);
        hasPrevious = true;
        ++columnsInSegment;
        open = false;
    };
    auto endSegment = [&] {
        flushColumn();
        if (columnsInSegment == 1 && !(maxY > minY))
            m_dots.push_back(previous);
        hasPrevious = false;
        columnsInSegment = 0;
    };

    for (int i = first; i < last; ++i) {
        const ChartPoint &point = m_data.at(i);
        if (m_data.isGapBefore(i))
            endSegment();
        if (!point.lastPrice) {
            endSegment();
            continue;
        }
        const double x = m_view.xOf(double(point.time), plot);
        const double y = m_view.yOf(double(*point.lastPrice), plot);
        // Decimation: min, max and last of the column keep every spike visible.
        const qint64 key = qint64(std::floor(x * dpr));
        if (open && key == columnKey) {
            minY = std::min(minY, y);
            maxY = std::max(maxY, y);
            lastY = y;
        } else {
            flushColumn();
            open = true;
            columnKey = key;
            columnX = x;
            minY = maxY = lastY = y;
        }
    }
    endSegment();

    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(pen);
    p.drawLines(m_segments.data(), int(m_segments.size()));
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    for (const QPointF &dot : m_dots)
        p.drawEllipse(dot, 2.0, 2.0);
    p.setBrush(Qt::NoBrush);
    m_primitiveCount += int(m_segments.size() + m_dots.size());
}

void ChartPainter::paintVolume(QPainter &p, const ChartLayout &l, const ChartStyle &s, int first, int last)
{
    const QRectF &pane = l.volume;
    const QPalette &pal = s.palette;
    const double dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    const double span = m_view.end() - m_view.start();
    const double spacingPx = span > 0 ? double(m_data.medianSpacing()) * pane.width() / span : 0;
    // Dense bars touch (no gap would survive at 1-2 px); sparse ones keep air between them.
    const double barWidth = spacingPx >= 3 ? std::min(spacingPx * 0.7, 14.0) : std::max(1.0 / dpr, spacingPx);
    m_bars.clear();

    qint64 columnKey = std::numeric_limits<qint64>::min();
    for (int i = first; i < last; ++i) {
        const qint64 delta = m_data.rawVolumeDelta(i);
        if (delta <= 0)
            continue;
        // Points sharing a device column add up: the bar is the volume traded in that slice of time.
        const double x = m_view.xOf(double(m_data.at(i).time), pane);
        const qint64 key = qint64(std::floor(x * dpr));
        if (!m_bars.empty() && key == columnKey) {
            m_bars.back().setHeight(m_bars.back().height() + double(delta));
        } else {
            columnKey = key;
            m_bars.emplace_back(x - barWidth / 2, 0, barWidth, double(delta));
        }
    }
    m_clippedBars = 0;

    const QFont small = s.smallFont;
    const QFontMetricsF sfm(small);
    p.setFont(small);
    const QColor text = withAlpha(pal.color(QPalette::WindowText), 185);
    if (m_bars.empty()) {
        p.setPen(withAlpha(pal.color(QPalette::WindowText), 110));
        p.drawText(l.volumeFrame, Qt::AlignCenter, tr("No traded volume in view"));
        return;
    }
    m_heights.clear();
    for (const QRectF &bar : m_bars)
        m_heights.push_back(bar.height());
    const qint64 top = ChartAxis::niceStep(ChartData::volumeScaleTop(m_heights), 1);
    const QColor grid = withAlpha(pal.color(QPalette::WindowText), s.dark ? 40 : 28);
    const double usable = pane.height() - 3;
    for (const qint64 tick : {top / 2, top}) {
        const double y = std::round(pane.bottom() - double(tick) / double(top) * usable) + 0.5;
        p.setPen(grid);
        p.drawLine(QPointF(l.volumeFrame.left(), y), QPointF(l.volumeFrame.right(), y));
        p.setClipping(false);
        p.setPen(text);
        p.drawText(QRectF(0, y - sfm.height() / 2, l.volumeFrame.left() - 6, sfm.height()),
            Qt::AlignRight | Qt::AlignVCenter, ChartAxis::compactContracts(tick, s.locale));
        p.setClipRect(l.volumeFrame);
    }
    m_clipMarks.clear();
    for (QRectF &bar : m_bars) {
        // A bar above the scale (a spike) is cut at the top of the pane and capped with a mark.
        const bool clipped = bar.height() > double(top);
        const double h = clipped ? usable : std::max(1.0 / dpr, bar.height() / double(top) * usable);
        bar = QRectF(bar.x(), pane.bottom() - h, bar.width(), h);
        if (clipped)
            m_clipMarks.emplace_back(bar.x() - 1, bar.top() - 1, bar.width() + 2, 3);
    }
    p.setPen(Qt::NoPen);
    p.setBrush(s.volume);
    p.drawRects(m_bars.data(), int(m_bars.size()));
    if (!m_clipMarks.empty()) {
        p.setBrush(s.lastPrice);
        p.drawRects(m_clipMarks.data(), int(m_clipMarks.size()));
    }
    p.setBrush(Qt::NoBrush);
    m_clippedBars = int(m_clipMarks.size());
    m_primitiveCount += int(m_bars.size() + m_clipMarks.size());
}

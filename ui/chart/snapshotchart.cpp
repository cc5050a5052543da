#include "snapshotchart.h"

#include "chart/chartaxis.h"
#include "chart/chartoverlay.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QImage>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace {

constexpr double kEdgePadding = 8; // pixels between a frame and the data inside it

QColor withAlpha(QColor color, int alpha)
{
    return ChartPainter::withAlpha(color, alpha);
}

} // namespace

SnapshotChart::SnapshotChart(QWidget *parent)
    : QWidget(parent)
    , m_painter(m_data, m_view)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::WheelFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::CrossCursor);
}

SnapshotChart::~SnapshotChart() = default;

QSize SnapshotChart::sizeHint() const
{
    return {760, 440};
}

QSize SnapshotChart::minimumSizeHint() const
{
    return {320, 220};
}

void SnapshotChart::setMarket(const QString &ticker, const QString &title)
{
    if (ticker != m_ticker)
        m_emptyText.clear();
    if (ticker != m_ticker && !(m_data.isEmpty() && m_history.isEmpty())) {
        m_data.clear();
        m_history.clear();
        dataChanged();
        setHovered(-1);
        showAll();
    }
    m_ticker = ticker;
    m_title = title;
    update();
}

void SnapshotChart::setPoints(QList<ChartPoint> points)
{
    m_data.setPoints(std::move(points));
    dataChanged();
    setHovered(-1);
    showAll();
    update();
}

void SnapshotChart::setHistory(QList<HistoryPoint> points, int periodMinutes)
{
    const bool showingAll = m_view.isShowingAll();
    m_history.setPoints(std::move(points), periodMinutes);
    dataChanged();
    if (showingAll)
        showAll();
    update();
}

void SnapshotChart::appendPoints(const QList<ChartPoint> &points)
{
    if (points.isEmpty())
        return;
    const bool wasEmpty = m_data.isEmpty();
    const bool following = isFollowingLatest();
    const double span = m_view.span();
    if (m_data.append(points))
        setHovered(-1);
    dataChanged();
    if (!wasEmpty && following && (m_mouseInside || m_dragging)) {
        // The view holds still under the cursor (the point under it stays there) and catches up
        // when the cursor leaves the plot.
        if (!m_catchUpPending)
            m_catchUpEnd = m_view.end();
        m_catchUpPending = true;
    } else if (wasEmpty || m_view.isShowingAll()) {
        showAll();
    } else if (following) {
        const double latest = double(m_data.lastTime());
        setView(latest - span, latest);
    }
    refreshHover();
    update();
}

void SnapshotChart::catchUp()
{
    if (!m_catchUpPending)
        return;
    m_catchUpPending = false;
    if (m_view.isShowingAll()) {
        showAll();
    } else if (m_view.end() == m_catchUpEnd) { // not panned or zoomed away meanwhile
        const double latest = double(m_data.lastTime());
        setView(latest - m_view.span(), latest);
    }
}

void SnapshotChart::clear()
{
    m_ticker.clear();
    m_title.clear();
    m_emptyText.clear();
    m_data.clear();
    m_history.clear();
    dataChanged();
    setHovered(-1);
    showAll();
    update();
}

void SnapshotChart::setGapThreshold(qint64 seconds)
{
    m_data.setGapThreshold(seconds);
    dataChanged();
    update();
}

void SnapshotChart::setFullPriceRange(bool full)
{
    if (m_fullPriceRange == full)
        return;
    m_fullPriceRange = full;
    m_priceRangeValid = false;
    update();
}

void SnapshotChart::dataChanged()
{
    qint64 first = m_data.firstTime();
    qint64 last = m_data.lastTime();
    if (!m_history.isEmpty()) {
        // A candle's time is the end of its period: the chart starts where the first period began.
        const qint64 historyFirst = m_history.firstTime() - qint64(m_history.periodMinutes()) * 60;
        first = m_data.isEmpty() ? historyFirst : std::min(first, historyFirst);
        last = m_data.isEmpty() ? m_history.lastTime() : std::max(last, m_history.lastTime());
    }
    m_view.setExtent(first, last, m_data.size() + m_history.size());
    m_priceRangeValid = false;
}

// ---- view ----

void SnapshotChart::viewChanged(bool changed)
{
    m_priceRangeValid = false;
    if (changed) {
        const auto range = visibleTimeRange();
        Q_EMIT visibleTimeRangeChanged(range.first, range.second);
    }
    refreshHover();
    update();
}

void SnapshotChart::showAll()
{
    viewChanged(m_view.showAll());
}

void SnapshotChart::setView(double start, double end)
{
    viewChanged(m_view.setView(start, end));
}

void SnapshotChart::setVisibleTimeRange(qint64 from, qint64 to)
{
    setView(double(from), double(to));
}

void SnapshotChart::zoomAround(double anchorTime, double factor)
{
    if (m_view.span() > 0)
        viewChanged(m_view.zoomAround(anchorTime, factor));
}

void SnapshotChart::panBy(double seconds)
{
    if (!m_view.isShowingAll())
        viewChanged(m_view.panBy(seconds));
}

void SnapshotChart::resetZoom()
{
    showAll();
}

void SnapshotChart::zoomIn()
{
    zoomAround((m_view.start() + m_view.end()) / 2, ChartViewport::kZoomStep);
}

void SnapshotChart::zoomOut()
{
    zoomAround((m_view.start() + m_view.end()) / 2, 1.0 / ChartViewport::kZoomStep);
}

bool SnapshotChart::isFollowingLatest() const
{
    return m_view.isFollowingLatest();
}

QPair<qint64, qint64> SnapshotChart::visibleTimeRange() const
{
    return m_view.timeRange();
}

void SnapshotChart::ensurePriceRange() const
{
    if (m_priceRangeValid)
        return;
    m_priceRangeValid = true;
    auto range = m_fullPriceRange ? qMakePair(qint64(0), ChartData::kDollar)
                                  : m_data.priceRange(m_view.start(), m_view.end());
    if (!m_fullPriceRange) {
        if (const auto history = m_history.priceRange(m_view.start(), m_view.end())) {
            // Padded like the snapshots' range; without visible snapshots the history alone.
            const qint64 pad = std::max<qint64>(5000, (history->second - history->first) / 20);
            const qint64 low = std::max<qint64>(0, history->first - pad);
            const qint64 high = std::min(ChartData::kDollar, history->second + pad);
            const auto [first, last] = m_data.indexRange(m_view.start(), m_view.end());
            range = first < last ? qMakePair(std::min(range.first, low), std::max(range.second, high))
                                 : qMakePair(low, high);
        }
    }
    m_view.setPriceRange(range.first, range.second);
}

QPair<qint64, qint64> SnapshotChart::visiblePriceRange() const
{
    ensurePriceRange();
    return {m_view.priceLow(), m_view.priceHigh()};
}

// ---- geometry ----

QFont SnapshotChart::smallFont() const
{
    QFont f = font();
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * 0.88);
    else
        f.setPixelSize(std::max(8, f.pixelSize() * 88 / 100));
    return f;
}

ChartLayout SnapshotChart::layout() const
{
    const QFontMetricsF fm(font());
    const QFontMetricsF small(smallFont());
    const double w = width();
    const double h = height();
    const double headerHeight = std::ceil(fm.height() + small.height() + 16);
    const double axisHeight = std::ceil(small.height() * 2 + 8);
    // Fixed from the widest label, not the current ones: the plot must not jump while zooming.
    const double widestLabel = std::max(
        small.horizontalAdvance(ChartAxis::formatPrice(992500, ChartAxis::PriceUnit::Cents, locale())),
        small.horizontalAdvance(ChartAxis::formatPrice(992500, ChartAxis::PriceUnit::Percent, locale())));
    const double left = std::ceil(widestLabel + 16);
    const double right = 14;
    const double paneGap = 8;
    const double available = std::max(40.0, h - headerHeight - axisHeight);
    const double volumeHeight = std::round(std::clamp(available * 0.2, 24.0, 140.0));
    const double priceHeight = std::max(16.0, available - volumeHeight - paneGap);
    const double plotWidth = std::max(16.0, w - left - right);

    ChartLayout l;
    l.header = QRectF(0, 0, w, headerHeight);
    l.priceFrame = QRectF(left, headerHeight, plotWidth, priceHeight);
    l.volumeFrame = QRectF(left, l.priceFrame.bottom() + paneGap, plotWidth, volumeHeight);
    // The data maps inside the frames: the first and last points, their dots and bars stay whole.
    const double pad = std::min(kEdgePadding, plotWidth / 4);
    l.price = l.priceFrame.adjusted(pad, 0, -pad, 0);
    l.volume = l.volumeFrame.adjusted(pad, 0, -pad, 0);
    l.timeAxis = QRectF(0, l.volumeFrame.bottom(), w, axisHeight);
    return l;
}

ChartStyle SnapshotChart::style() const
{
    ChartStyle s;
    s.palette = palette();
    s.font = font();
    s.smallFont = smallFont();
    s.dark = isDark();
    s.band = bandColor();
    s.lastPrice = lastPriceColor();
    s.volume = volumeColor();
    s.history = historyColor();
    s.widgetWidth = width();
    s.locale = locale();
    s.unit = m_priceUnit;
    return s;
}

QRectF SnapshotChart::plotRect() const
{
    return layout().price;
}

QRectF SnapshotChart::volumeRect() const
{
    return layout().volume;
}

QPointF SnapshotChart::mapToWidget(qint64 time, qint64 price) const
{
    ensurePriceRange();
    return m_view.map(double(time), double(price), plotRect());
}

double SnapshotChart::timeAtX(double x) const
{
    return m_view.timeAtX(x, plotRect());
}

int SnapshotChart::nearestIndex(int x) const
{
    if (m_data.isEmpty())
        return -1;
    const ChartLayout l = layout();
    const QRectF &frame = l.priceFrame;
    if (x < frame.left() - 1 || x > frame.right() + 1)
        return -1;
    const int index = m_data.nearestIndex(m_view.timeAtX(x, l.price));
    // Inside a long gap the nearest snapshot can be off screen: no crosshair there.
    const double px = m_view.xOf(double(m_data.at(index).time), l.price);
    if (px < frame.left() - 1 || px > frame.right() + 1)
        return -1;
    return index;
}

// ---- text ----

QString SnapshotChart::formatCents(qint64 micros)
{
    return ChartAxis::formatCents(micros);
}

QString SnapshotChart::formatContracts(qint64 centi)
{
    return ChartAxis::formatContracts(centi);
}

QList<qint64> SnapshotChart::timeTicks(qint64 from, qint64 to, double pixelWidth, double minSpacingPx)
{
    return ChartAxis::timeTicks(
        ChartAxis::chooseTimeStep(double(to - from), pixelWidth, minSpacingPx), from, to);
}

QString SnapshotChart::placeholderText() const
{
    if (m_ticker.isEmpty())
        return tr("No market selected. Choose a market to see its price history.");
    if (m_data.isEmpty() && m_history.isEmpty() && !m_emptyText.isEmpty())
        return m_emptyText;
    if (m_data.isEmpty() && m_history.isEmpty())
        return tr("No snapshots yet for %1. Snapshots appear once collection runs.").arg(m_ticker);
    return {};
}

void SnapshotChart::setEmptyText(const QString &text)
{
    m_emptyText = text;
    update();
}

void SnapshotChart::setPriceUnit(ChartAxis::PriceUnit unit)
{
    if (m_priceUnit == unit)
        return;
    m_priceUnit = unit;
    update();
}

QList<QPair<QString, QString>> SnapshotChart::summaryRows(int index) const
{
    QList<QPair<QString, QString>> rows;
    if (index < 0 || index >= m_data.size())
        return rows;
    const ChartPoint &p = m_data.at(index);
    const QString none = QStringLiteral("\u2014");
    const QLocale l = locale();
    const auto price = [&](qint64 micros) { return ChartAxis::formatPrice(micros, m_priceUnit, l); };
    const QDateTime time = QDateTime::fromSecsSinceEpoch(p.time);
    rows.append({l.toString(time, tr("yyyy-MM-dd HH:mm:ss", "crosshair time")) + QLatin1Char(' ')
            + ChartAxis::timeZoneLabel(p.time),
        QString()});
    if (p.yesBid && p.yesAsk && !hasQuote(p)) {
        rows.append({tr("Yes bid"), tr("no quote")});
        rows.append({tr("Yes ask"), tr("no quote")});
    } else {
        rows.append({tr("Yes bid"), p.yesBid ? price(*p.yesBid) : none});
        rows.append({tr("Yes ask"), p.yesAsk ? price(*p.yesAsk) : none});
    }
    rows.append({tr("Last price"), p.lastPrice ? price(*p.lastPrice) : none});
    const std::optional<qint64> delta = volumeDeltaAt(index);
    rows.append({tr("Volume"), delta ? ChartAxis::formatContracts(*delta, l) : none});
    if (p.volume)
        rows.append({tr("Total volume"), ChartAxis::formatContracts(*p.volume, l)});
    return rows;
}

QStringList SnapshotChart::pointSummary(int index) const
{
    QStringList lines;
    for (const auto &[label, value] : summaryRows(index))
        lines.append(value.isEmpty() ? label : label + QStringLiteral(": ") + value);
    return lines;
}

QImage SnapshotChart::renderImage()
{
    const qreal dpr = devicePixelRatioF();
    QImage image((QSizeF(size()) * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    m_exporting = true;
    render(&image);
    m_exporting = false;
    return image;
}

QString SnapshotChart::visibleCsv() const
{
    const auto [first, last] = m_data.indexRange(m_view.start(), m_view.end());
    return m_data.csv(first, last);
}

// ---- colors ----

bool SnapshotChart::isDark() const
{
    return palette().color(QPalette::Base).lightness() < 128;
}

QColor SnapshotChart::bandColor() const
{
    return isDark() ? QColor(96, 165, 250, 84) : QColor(37, 99, 235, 56);
}

QColor SnapshotChart::lastPriceColor() const
{
    return isDark() ? QColor(251, 146, 60) : QColor(217, 70, 0);
}

QColor SnapshotChart::historyColor() const
{
    return isDark() ? QColor(125, 211, 252, 170) : QColor(14, 116, 144, 150);
}

QColor SnapshotChart::volumeColor() const
{
    return isDark() ? QColor(148, 163, 184, 210) : QColor(100, 116, 139, 200);
}

// ---- interaction ----

void SnapshotChart::setHovered(int index)
{
    if (index == m_hovered)
        return;
    m_hovered = index;
    Q_EMIT hoveredPointChanged(index);
    update();
}

void SnapshotChart::refreshHover()
{
    if (m_mouseInside && !m_data.isEmpty())
        setHovered(nearestIndex(int(std::floor(m_mousePos.x()))));
    else
        setHovered(-1);
}

void SnapshotChart::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (m_data.size() < 2 || steps == 0) {
        event->ignore();
        return;
    }
    const QRectF plot = plotRect();
    const double x = std::clamp(event->position().x(), plot.left(), plot.right());
    zoomAround(timeAtX(x), std::pow(ChartViewport::kZoomStep, steps));
    event->accept();
}

void SnapshotChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !m_data.isEmpty()) {
        m_dragging = true;
        m_dragOrigin = event->position();
        m_dragViewStart = m_view.start();
        m_dragViewEnd = m_view.end();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void SnapshotChart::mouseMoveEvent(QMouseEvent *event)
{
    const ChartLayout l = layout();
    m_mousePos = event->position();
    if (m_dragging) {
        const double secondsPerPixel = (m_dragViewEnd - m_dragViewStart) / l.price.width();
        const double shift = -(m_mousePos.x() - m_dragOrigin.x()) * secondsPerPixel;
        if (!m_view.isShowingAll() || shift != 0)
            setView(m_dragViewStart + shift, m_dragViewEnd + shift);
    }
    m_mouseInside = m_mousePos.x() >= l.priceFrame.left() && m_mousePos.x() <= l.priceFrame.right()
        && m_mousePos.y() >= l.priceFrame.top() && m_mousePos.y() <= l.volumeFrame.bottom();
    if (!m_mouseInside && !m_dragging)
        catchUp();
    refreshHover();
    update();
}

void SnapshotChart::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_dragging) {
        m_dragging = false;
        setCursor(Qt::CrossCursor);
        if (!m_mouseInside)
            catchUp();
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void SnapshotChart::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        resetZoom();
        event->accept();
        return;
    }
    QWidget::mouseDoubleClickEvent(event);
}

void SnapshotChart::keyPressEvent(QKeyEvent *event)
{
    const double span = m_view.end() - m_view.start();
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
    case Qt::Key_Underscore:
        zoomOut();
        break;
    case Qt::Key_Left:
        panBy(-span * 0.1);
        break;
    case Qt::Key_Right:
        panBy(span * 0.1);
        break;
    case Qt::Key_Home:
        resetZoom();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void SnapshotChart::leaveEvent(QEvent *event)
{
    m_mouseInside = false;
    if (!m_dragging)
        catchUp();
    setHovered(-1);
    update();
    QWidget::leaveEvent(event);
}

void SnapshotChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange
        || event->type() == QEvent::StyleChange)
        update();
    QWidget::changeEvent(event);
}

// ---- painting ----

void SnapshotChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.window());
    const ChartLayout l = layout();
    m_painter.resetPrimitiveCount();
    const ChartStyle s = style();
    ChartOverlay::paintHeader(p, l, s,
        {m_ticker, m_title, m_data.size(), !m_view.isShowingAll(), m_history.size(),
            m_history.periodMinutes()});

    const QString placeholder = placeholderText();
    // The empty plot frame keeps the layout stable when data arrives.
    if (!placeholder.isEmpty()) {
        const QRectF area = l.priceFrame.united(l.volumeFrame);
        p.fillRect(area, pal.base());
        p.setPen(withAlpha(pal.color(QPalette::Mid), 160));
        p.drawRect(area.adjusted(0.5, 0.5, -0.5, -0.5));
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(area.adjusted(24, 0, -24, 0), Qt::AlignCenter | Qt::TextWordWrap, placeholder);
        return;
    }

    ensurePriceRange();
    p.fillRect(l.priceFrame, pal.base());
    p.fillRect(l.volumeFrame, pal.base());
    const auto [first, last] = m_data.paintRange(m_view.start(), m_view.end());
    m_painter.paintGaps(p, l, s, first, last);
    m_painter.paintPriceGrid(p, l, s);
    m_painter.paintTimeGrid(p, l, s);

    p.save();
    p.setClipRect(l.priceFrame);
    p.setRenderHint(QPainter::Antialiasing);
    m_painter.paintHistory(p, l.price, s, m_history);
    m_painter.paintBand(p, l.price, s, first, last);
    m_painter.paintLine(p, l.price, s, first, last);
    p.restore();

    p.save();
    p.setClipRect(l.volumeFrame);
    m_painter.paintVolume(p, l, s, first, last);
    p.restore();

    p.setPen(withAlpha(pal.color(QPalette::WindowText), 70));
    p.setBrush(Qt::NoBrush);
    p.drawRect(l.priceFrame.adjusted(-0.5, -0.5, 0.5, 0.5));
    p.drawRect(l.volumeFrame.adjusted(-0.5, -0.5, 0.5, 0.5));

    if (!m_exporting && m_hovered >= 0 && m_hovered < m_data.size()) {
        ChartOverlay::Crosshair crosshair{
            m_data.at(m_hovered), summaryRows(m_hovered), m_mousePos, m_mouseInside};
        ChartOverlay::paintCrosshair(p, l, s, m_view, crosshair);
    }
}

#include "watchlist/sparklinedelegate.h"

#include <QApplication>
#include <QPainter>
#include <QPolygonF>

#include <algorithm>

SparklineDelegate::SparklineDelegate(int role, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_role(role)
{
}

SparklineDelegate::~SparklineDelegate() = default;

QPolygonF SparklineDelegate::polyline(const QList<qint64> &prices, const QRectF &rect)
{
    QPolygonF points;
    if (prices.size() < 2)
        return points;
    const auto [low, high] = std::minmax_element(prices.cbegin(), prices.cend());
    const double range = double(*high - *low);
    const double step = rect.width() / double(prices.size() - 1);
    for (qsizetype i = 0; i < prices.size(); ++i) {
        const double y = range > 0 ? rect.bottom() - double(prices.at(i) - *low) / range * rect.height()
                                   : rect.center().y();
        points.append(QPointF(rect.left() + double(i) * step, y));
    }
    return points;
}

void SparklineDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const QList<qint64> prices = index.data(m_role).value<QList<qint64>>();
    const QPolygonF points = polyline(prices, QRectF(option.rect).adjusted(4, 4, -4, -4));
    if (points.isEmpty())
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option.state & QStyle::State_Selected;
    const QColor rising(0x1b, 0x7f, 0x3b);
    const QColor falling(0xc0, 0x39, 0x2b);
    const QColor color = selected                  ? option.palette.highlightedText().color()
        : prices.constLast() > prices.constFirst() ? rising
        : prices.constLast() < prices.constFirst() ? falling
                                                   : option.palette.text().color();
    painter->setPen(QPen(color, 1.5));
    painter->drawPolyline(points);
    painter->setBrush(color);
    painter->drawEllipse(points.constLast(), 2.0, 2.0);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return QStyledItemDelegate::sizeHint(option, index).expandedTo(QSize(100, 0));
}

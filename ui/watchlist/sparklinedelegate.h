#pragma once

#include <QStyledItemDelegate>

// Lives in the GUI thread. Paints a cell's list of prices (a QList<qint64> under `role`, oldest
// first) as a line scaled to the cell, rising prices up; the last point is marked. Nothing is
// painted for fewer than two prices.
class SparklineDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SparklineDelegate)

public:
    explicit SparklineDelegate(int role, QObject *parent = nullptr);
    ~SparklineDelegate() override;

    void paint(
        QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The points of `prices` in `rect`: evenly spaced left to right, the lowest price at the
    // bottom and the highest at the top (a flat line in the middle).
    static QPolygonF polyline(const QList<qint64> &prices, const QRectF &rect);

private:
    int m_role;
};

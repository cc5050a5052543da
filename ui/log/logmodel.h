#pragma once

#include "logview.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QIcon>
#include <QList>

// Lives in the GUI thread. The messages of a LogView, oldest first, at most maximumLines() of them:
// appending past the bound drops the oldest. QList removes from its front in constant time, so a
// full log costs the same per message as an empty one.
class LogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogModel)

public:
    enum Column { TimeColumn, LevelColumn, MessageColumn, ColumnCount };
    enum Role { LevelRole = Qt::UserRole + 1, FullTextRole };

    struct Entry
    {
        QDateTime time;
        LogView::Level level = LogView::Level::Info;
        QString text;
    };

    explicit LogModel(int maximumLines, QObject *parent = nullptr);
    ~LogModel() override;

    int maximumLines() const { return m_maximumLines; }
    void setMaximumLines(int lines);
    void append(const Entry &entry);
    void clear();
    const Entry &entry(int row) const { return m_entries.at(row); }
    int count(LogView::Level level) const;

    // "14:02:11  Warning  text", the line as copied and saved.
    static QString lineText(const Entry &entry);
    static QString levelText(LogView::Level level);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void dropOldest(int rows);

    QList<Entry> m_entries;
    int m_maximumLines;
    int m_counts[3] = {0, 0, 0};
    QIcon m_icons[3];
};

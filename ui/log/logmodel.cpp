#include "logmodel.h"

#include "dashboard/syncformat.h"

#include <QApplication>
#include <QStyle>

namespace {

int levelIndex(LogView::Level level)
{
    return static_cast<int>(level);
}

} // namespace

LogModel::LogModel(int maximumLines, QObject *parent)
    : QAbstractTableModel(parent)
    , m_maximumLines(qMax(1, maximumLines))
{
    QStyle *style = QApplication::style();
    m_icons[levelIndex(LogView::Level::Info)] = style->standardIcon(QStyle::SP_MessageBoxInformation);
    m_icons[levelIndex(LogView::Level::Warning)] = style->standardIcon(QStyle::SP_MessageBoxWarning);
    m_icons[levelIndex(LogView::Level::Error)] = style->standardIcon(QStyle::SP_MessageBoxCritical);
}

LogModel::~LogModel() = default;

void LogModel::setMaximumLines(int lines)
{
    m_maximumLines = qMax(1, lines);
    if (m_entries.size() > m_maximumLines)
        dropOldest(int(m_entries.size()) - m_maximumLines);
}

void LogModel::append(const Entry &entry)
{
    if (m_entries.size() >= m_maximumLines)
        dropOldest(int(m_entries.size()) - m_maximumLines + 1);
    const int row = int(m_entries.size());
    beginInsertRows(QModelIndex(), row, row);
    m_entries.append(entry);
    ++m_counts[levelIndex(entry.level)];
    endInsertRows();
}

void LogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_counts[0] = m_counts[1] = m_counts[2] = 0;
    endResetModel();
}

int LogModel::count(LogView::Level level) const
{
    return m_counts[levelIndex(level)];
}

void LogModel::dropOldest(int rows)
{
    if (rows <= 0)
        return;
    beginRemoveRows(QModelIndex(), 0, rows - 1);
    for (int i = 0; i < rows; ++i)
        --m_counts[levelIndex(m_entries.at(i).level)];
    m_entries.remove(0, rows);
    endRemoveRows();
}

QString LogModel::levelText(LogView::Level level)
{
    switch (level) {
    case LogView::Level::Info:
        return LogView::tr("Info");
    case LogView::Level::Warning:
        return LogView::tr("Warning");
    case LogView::Level::Error:
        return LogView::tr("Error");
    }
    return QString();
}

QString LogModel::lineText(const Entry &entry)
{
    return entry.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + u'\t'
        + levelText(entry.level) + u'\t' + entry.text;
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return QVariant();
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return entry.time.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
        case LevelColumn:
            return levelText(entry.level);
        case MessageColumn: {
            // Rows have one uniform height: a multi-line message shows its lines joined.
            QString text = entry.text;
            text.replace(u'\n', QStringLiteral(" \u23ce "));
            return text;
        }
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == LevelColumn)
            return m_icons[levelIndex(entry.level)];
        break;
    case Qt::ForegroundRole:
        if (index.column() == TimeColumn)
            break;
        if (entry.level == LogView::Level::Error)
            return SyncFormat::statusColor(SyncStatus::Failed);
        if (entry.level == LogView::Level::Warning)
            return QColor(0xb4, 0x5f, 0x06);
        break;
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return SyncFormat::dateTime(entry.time);
        if (index.column() == MessageColumn)
            return entry.text;
        break;
    case LevelRole:
        return levelIndex(entry.level);
    case FullTextRole:
        return lineText(entry);
    }
    return QVariant();
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case TimeColumn:
        return LogView::tr("Time");
    case LevelColumn:
        return LogView::tr("Level");
    case MessageColumn:
        return LogView::tr("Message");
    }
    return QVariant();
}

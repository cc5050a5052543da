#include "syncruntablemodel.h"

#include "syncformat.h"

#include <QDateTime>
#include <QLocale>

SyncRunTableModel::SyncRunTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

SyncRunTableModel::~SyncRunTableModel() = default;

void SyncRunTableModel::setRuns(const QList<SyncRunRecord> &runs)
{
    beginResetModel();
    m_runs = runs;
    for (const auto &[phase, live] : m_live)
        applyLiveProgress(phase, live);
    endResetModel();
}

void SyncRunTableModel::showLiveProgress(SyncPhase phase, qint64 afterRunId, int pages, qint64 rows)
{
    const LiveProgress live{afterRunId, pages, rows};
    m_live[phase] = live;
    const int row = applyLiveProgress(phase, live);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, PagesColumn), index(row, RowsColumn));
}

void SyncRunTableModel::clearLiveProgress()
{
    m_live.clear();
}

int SyncRunTableModel::applyLiveProgress(SyncPhase phase, const LiveProgress &live)
{
    for (int row = 0; row < m_runs.size(); ++row) {
        SyncRunRecord &run = m_runs[row];
        if (run.kind != phase || run.status != SyncStatus::Running || run.id <= live.afterRunId)
            continue;
        if (run.pages >= live.pages)
            return -1;
        run.pages = live.pages;
        run.rows = qMax(run.rows, live.rows);
        return row;
    }
    return -1;
}

int SyncRunTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int SyncRunTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SyncRunTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const SyncRunRecord &run = m_runs.at(index.row());
    const QLocale locale;
    const QDateTime started = QDateTime::fromSecsSinceEpoch(run.startedAt);

    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case IdColumn:
            return QString::number(run.id);
        case KindColumn:
            return SyncFormat::phaseTitle(run.kind);
        case StartedColumn:
            return SyncFormat::dateTime(started);
        case DurationColumn:
            if (run.finishedAt <= 0)
                return run.status == SyncStatus::Running ? tr("running") : QStringLiteral("\u2014");
            return SyncFormat::seconds(run.finishedAt - run.startedAt);
        case StatusColumn:
            return SyncFormat::statusText(run.status);
        case PagesColumn:
            return locale.toString(run.pages);
        case RowsColumn:
            return locale.toString(run.rows);
        case SkippedColumn:
            return locale.toString(run.skipped);
        case RetriesColumn:
            return locale.toString(run.retries);
        case ErrorColumn:
            // One line per row, in words: the stored text in full is in the tooltip.
            return SyncFormat::storedError(run.error).section(u'\n', 0, 0);
        }
        return QVariant();
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case StartedColumn:
            if (run.finishedAt > 0) {
                return tr("Started %1, finished %2")
                    .arg(SyncFormat::dateTime(started),
                        SyncFormat::dateTime(QDateTime::fromSecsSinceEpoch(run.finishedAt)));
            }
            return tr("Started %1").arg(SyncFormat::dateTime(started));
        case ErrorColumn:
            return run.error.isEmpty() ? QVariant() : QVariant(run.error);
        case SkippedColumn:
            return tr("Malformed items that were skipped");
        case RetriesColumn:
            return tr("HTTP requests that were retried");
        }
        return QVariant();
    }
    if (role == Qt::ForegroundRole && index.column() == StatusColumn)
        return SyncFormat::statusColor(run.status);
    if (role == Qt::ForegroundRole && index.column() == ErrorColumn && !run.error.isEmpty())
        return SyncFormat::statusColor(run.status == SyncStatus::Truncated ? run.status : SyncStatus::Failed);
    if (role == Qt::DecorationRole && index.column() == StatusColumn)
        return SyncFormat::statusIcon(run.status);
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case IdColumn:
        case PagesColumn:
        case RowsColumn:
        case SkippedColumn:
        case RetriesColumn:
        case DurationColumn:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        }
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
    return QVariant();
}

QVariant SyncRunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QVariant();
    if (role == Qt::TextAlignmentRole) {
        switch (section) {
        case IdColumn:
        case PagesColumn:
        case RowsColumn:
        case SkippedColumn:
        case RetriesColumn:
        case DurationColumn:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        }
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case IdColumn:
        return tr("Run");
    case KindColumn:
        return tr("Kind");
    case StartedColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case StatusColumn:
        return tr("Status");
    case PagesColumn:
        return tr("Pages");
    case RowsColumn:
        return tr("Rows");
    case SkippedColumn:
        return tr("Skipped");
    case RetriesColumn:
        return tr("Retries");
    case ErrorColumn:
        return tr("Error");
    }
    return QVariant();
}

#pragma once

#include "records.h"

#include <QAbstractTableModel>
#include <QList>

#include <map>

// Lives in the GUI thread. The recent rows of sync_runs as the main window read them (newest first
// is the caller's choice: rows are shown in the order given). Times are shown in local time.
class SyncRunTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncRunTableModel)

public:
    enum Column {
        IdColumn,
        KindColumn,
        StartedColumn,
        DurationColumn,
        StatusColumn,
        PagesColumn,
        RowsColumn,
        SkippedColumn,
        RetriesColumn,
        ErrorColumn,
        ColumnCount
    };

    explicit SyncRunTableModel(QObject *parent = nullptr);
    ~SyncRunTableModel() override;

    void setRuns(const QList<SyncRunRecord> &runs);
    const QList<SyncRunRecord> &runs() const { return m_runs; }

    // This window's running sync, as its progress reports commits: the newest running run of
    // `phase` with an id above `afterRunId` shows at least `pages` and `rows`, also after a read of
    // sync_runs that lags behind them (the window reads it at most once a second).
    void showLiveProgress(SyncPhase phase, qint64 afterRunId, int pages, qint64 rows);
    void clearLiveProgress();

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct LiveProgress
    {
        qint64 afterRunId = 0;
        int pages = 0;
        qint64 rows = 0;
    };
    // The row that shows `live`, or -1.
    int applyLiveProgress(SyncPhase phase, const LiveProgress &live);

    QList<SyncRunRecord> m_runs;
    std::map<SyncPhase, LiveProgress> m_live;
};

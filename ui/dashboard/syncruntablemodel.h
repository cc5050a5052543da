#pragma once

#include "records.h"

#include <QAbstractTableModel>
#include <QList>

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

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<SyncRunRecord> m_runs;
};

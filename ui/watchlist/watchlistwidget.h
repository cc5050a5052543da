#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QMenu;
class QPushButton;
class QTableView;
class WatchlistTableModel;

// Lives in the GUI thread. The watchlist tab: every watched market with its quote, its moves and a
// sparkline of its latest snapshots, read through the GUI's read-only connection (a few primary-key
// reads per watched market). refresh() reads only when another connection has committed since the
// last read (PRAGMA data_version). Changes to the watchlist are requested by signal; the window
// hands them to the writer thread, and its answer comes back through watchlistWritten().
class WatchlistWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WatchlistWidget)

public:
    // Snapshots shown in a row's sparkline.
    static constexpr int sparklinePoints = 48;

    explicit WatchlistWidget(QWidget *parent = nullptr);
    ~WatchlistWidget() override;

    // The connection belongs to the GUI thread; empty: none (nothing is read).
    void setConnectionName(const QString &connectionName);
    QTableView *view() const { return m_view; }
    WatchlistTableModel *model() const { return m_model; }
    QStringList watchedTickers() const;
    QString message() const;
    // The row menu for `index`; the caller owns it.
    QMenu *createRowMenu(const QModelIndex &index, QWidget *parent);

public Q_SLOTS:
    // Reads again if the database changed since the last read (always when `force`).
    void refresh(bool force = false);
    // Asks for `ticker` to be added to (or removed from) the watchlist.
    void setWatched(const QString &ticker, bool watched);
    void removeSelected();
    // The writer's answer to a change (DatabaseWriter::watchlistChanged).
    void watchlistWritten(quint64 token, int changed, const QString &error);

Q_SIGNALS:
    void marketActivated(const QString &ticker);
    // "Alert Me…" in the row menu: an alert rule for the market (its event or series) is wanted.
    void alertRequested(const QString &ticker);
    void watchlistChangeRequested(const QStringList &add, const QStringList &remove);
    // After every read that changed the set of watched tickers.
    void watchedTickersChanged(const QStringList &tickers);

private:
    void showRowMenu(const QPoint &position);
    void updateMessage();

    QString m_connectionName;
    qint64 m_dataVersion = -1;
    QString m_error;
    QLabel *m_message;
    QTableView *m_view;
    WatchlistTableModel *m_model;
    QPushButton *m_removeButton;
};

#pragma once

#include "browsertablemodel.h"

#include <QAbstractItemView>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <array>

class BrowserReaderThread;
class EventTableModel;
class MarketTableModel;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTableView;
class SettlementTableModel;

// Lives in the GUI thread. Browses the database in three tabs (markets, events, settlements)
// through its own read-only connection, owned by a BrowserReader in the browser's reader thread
// (opened, used and closed there). Only the visible tab's model reads; the others catch up when
// they are shown. A missing or unreadable
// database is shown as a message above the tables, and refresh() retries opening it.
class BrowserWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrowserWidget)

public:
    enum Tab { MarketsTab, EventsTab, SettlementsTab };

    explicit BrowserWidget(QWidget *parent = nullptr);
    ~BrowserWidget() override;

    QString databasePath() const { return m_databasePath; }
    bool isDatabaseOpen() const { return m_open; }
    // The message shown above the tables, empty when none is.
    QString message() const;

    QTableView *view(Tab tab) const { return m_views.at(tab); }
    BrowserTableModel *model(Tab tab) const { return m_models.at(tab); }
    MarketTableModel *marketModel() const { return m_marketModel; }
    Tab currentTab() const;
    void setCurrentTab(Tab tab);

    // The ticker of the view's current row, or empty.
    static QString currentTicker(const QAbstractItemView *view);
    // Makes the row of `ticker` current and selected if the view's BrowserTableModel has fetched it.
    static bool selectTicker(QAbstractItemView *view, const QString &ticker,
        QAbstractItemView::ScrollHint hint = QAbstractItemView::EnsureVisible);

public Q_SLOTS:
    // Opens (or reopens) the read connection to `path`; on failure shows why instead of tables.
    void setDatabasePath(const QString &path);
    // Shows what the writer committed since the last call; cheap when nothing was committed.
    void refresh();

Q_SIGNALS:
    // Double-click or Enter on a row of the markets table.
    void marketActivated(const QString &ticker);

private:
    QTableView *createView(BrowserTableModel *model, Tab tab);
    void sizeColumns(Tab tab);
    bool openDatabase();
    void closeDatabase();
    void activateTab(int index);
    void updateControls();
    void applyFilter();
    BrowserTableModel::Filter currentFilter() const;
    void reloadCategories();
    void applyCategories(QStringList categories);
    void updateCountLabel();
    void showMessage(const QString &text);
    void hideMessage();

    BrowserReaderThread *m_readerThread = nullptr;
    QString m_databasePath;
    bool m_open = false;

    MarketTableModel *m_marketModel = nullptr;
    EventTableModel *m_eventModel = nullptr;
    SettlementTableModel *m_settlementModel = nullptr;
    std::array<BrowserTableModel *, 3> m_models{};
    std::array<QTableView *, 3> m_views{};

    QFrame *m_messageFrame = nullptr;
    QLabel *m_messageLabel = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_category = nullptr;
    QComboBox *m_priceFormat = nullptr;
    QLabel *m_countLabel = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTimer m_searchDelay;
};

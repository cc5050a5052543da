#pragma once

#include "browsertablemodel.h"

#include <QAbstractItemView>
#include <QByteArray>
#include <QSet>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <QWidget>

#include <array>
#include <functional>
#include <optional>

class BrowserReaderThread;
class EventTableModel;
class MarketTableModel;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QMenu;
class QSettings;
class QToolButton;
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
    // Nothing is stored yet: the message says how to start, wherever no other message is shown.
    void setDatabaseEmpty(bool empty);

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

    // Rows of the view's model as tab-separated text: the shown columns in their on-screen order,
    // cells as shown (an empty field for no value), a header line first when `withHeader`. Rows
    // not read yet come out empty; copyRows() waits for them.
    static QString rowsAsTsv(const QTableView *view, const QList<int> &rows, bool withHeader);
    // The page of an event's series on kalshi.com.
    static QUrl kalshiUrl(const QString &eventTicker);
    // Puts rowsAsTsv() on the clipboard once every row has been read (at most maxCopiedRows).
    void copyRows(Tab tab, QList<int> rows, bool withHeader);
    static constexpr int maxCopiedRows = 8192;

    // The context menus, built for `index` (rows) or a tab's header; the caller owns them.
    QMenu *createRowMenu(Tab tab, const QModelIndex &index, QWidget *parent);
    QMenu *createHeaderMenu(Tab tab, QWidget *parent);
    // Lists every market of the event on the Markets tab (other filters cleared).
    void showEventMarkets(const QString &eventTicker);
    QString eventFilter() const { return m_eventTicker; }
    void resetColumns(Tab tab);
    // The watched markets, for the row menu's "Add to Watchlist" or "Remove from Watchlist".
    void setWatchedTickers(const QStringList &tickers);
    bool isWatched(const QString &ticker) const { return m_watched.contains(ticker); }
    // Where "Open on kalshi.com" goes; QDesktopServices::openUrl unless set (tests).
    void setUrlOpener(std::function<void(const QUrl &)> opener) { m_urlOpener = std::move(opener); }

    // Column widths, order, visibility and sort of every tab, the filters and the current tab.
    void saveState(QSettings &settings) const;
    void restoreState(QSettings &settings);

public Q_SLOTS:
    // Opens (or reopens) the read connection to `path`; on failure shows why instead of tables.
    void setDatabasePath(const QString &path);
    // Shows what the writer committed since the last call; cheap when nothing was committed.
    void refresh();

Q_SIGNALS:
    // Double-click or Enter on a row of the markets or settlements table, or "Open Chart".
    void marketActivated(const QString &ticker);
    // The clipboard got text from a copy action.
    void copied(int rows);
    // "Add to Watchlist" (watched) or "Remove from Watchlist" in a row menu.
    void watchRequested(const QString &ticker, bool watched);
    // "Alert Me…" in a market's row menu.
    void alertRequested(const QString &ticker);

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
    static QString emptyDatabaseText();
    void showRowMenu(Tab tab, const QPoint &position);
    void showHeaderMenu(Tab tab, const QPoint &position);
    void finishCopy();
    void openChartOf(const QModelIndex &index);
    void setEventFilter(const QString &eventTicker);
    void applyDefaultColumns(Tab tab);

    struct PendingCopy
    {
        Tab tab = MarketsTab;
        QList<int> rows;
        bool withHeader = false;
    };

    BrowserReaderThread *m_readerThread = nullptr;
    QString m_databasePath;
    bool m_open = false;
    bool m_databaseEmpty = false;

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
    QToolButton *m_eventButton = nullptr;
    QString m_eventTicker;
    QSet<QString> m_watched;
    std::array<QByteArray, 3> m_defaultColumns;
    std::optional<PendingCopy> m_pendingCopy;
    std::function<void(const QUrl &)> m_urlOpener;
    QTabWidget *m_tabs = nullptr;
    QTimer m_searchDelay;
};

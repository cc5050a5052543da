#include "watchlist/watchlistwidget.h"

#include "logging.h"
#include "storage/schema.h"
#include "watchlist/sparklinedelegate.h"
#include "watchlist/watchlistdata.h"
#include "watchlist/watchlisttablemodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QVBoxLayout>

WatchlistWidget::WatchlistWidget(QWidget *parent)
    : QWidget(parent)
    , m_message(new QLabel(this))
    , m_view(new QTableView(this))
    , m_model(new WatchlistTableModel(this))
    , m_removeButton(new QPushButton(tr("&Remove from Watchlist"), this))
{
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_view->setObjectName(QStringLiteral("watchlistView"));
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(
        WatchlistTableModel::Trend, new SparklineDelegate(WatchlistTableModel::RecentPricesRole, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(WatchlistTableModel::Title, QHeaderView::Stretch);
    m_view->horizontalHeader()->resizeSection(WatchlistTableModel::Ticker, 220);
    m_view->horizontalHeader()->resizeSection(WatchlistTableModel::CloseTime, 130);
    m_view->horizontalHeader()->resizeSection(WatchlistTableModel::Trend, 140);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QTableView::customContextMenuRequested, this, &WatchlistWidget::showRowMenu);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT marketActivated(index.data(WatchlistTableModel::TickerRole).toString());
    });
    auto *removeAction = new QAction(this);
    removeAction->setShortcut(QKeySequence::Delete);
    removeAction->setShortcutContext(Qt::WidgetShortcut);
    connect(removeAction, &QAction::triggered, this, &WatchlistWidget::removeSelected);
    m_view->addAction(removeAction);

    m_removeButton->setObjectName(QStringLiteral("removeFromWatchlistButton"));
    m_removeButton->setEnabled(false);
    connect(m_removeButton, &QPushButton::clicked, this, &WatchlistWidget::removeSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        [this] { m_removeButton->setEnabled(m_view->selectionModel()->hasSelection()); });
    connect(m_model, &QAbstractItemModel::modelReset, this,
        [this] { m_removeButton->setEnabled(m_view->selectionModel()->hasSelection()); });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_message, 1);
    buttons->addWidget(m_removeButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    updateMessage();
}

WatchlistWidget::~WatchlistWidget() = default;

void WatchlistWidget::setConnectionName(const QString &connectionName)
{
    m_connectionName = connectionName;
    m_dataVersion = -1;
    if (connectionName.isEmpty()) {
        m_model->setRows({});
        Q_EMIT watchedTickersChanged({});
        updateMessage();
        return;
    }
    refresh(true);
}

QStringList WatchlistWidget::watchedTickers() const
{
    return m_model->tickers();
}

QString WatchlistWidget::message() const
{
    return m_message->text();
}

void WatchlistWidget::refresh(bool force)
{
    if (m_connectionName.isEmpty() || !QSqlDatabase::contains(m_connectionName))
        return;
    const QSqlDatabase database = QSqlDatabase::database(m_connectionName, false);
    if (!database.isOpen())
        return;
    const qint64 dataVersion = Schema::dataVersion(m_connectionName);
    if (!force && dataVersion >= 0 && dataVersion == m_dataVersion)
        return;
    m_dataVersion = dataVersion;
    QList<WatchlistRow> rows;
    QString error;
    if (!WatchlistData::read(m_connectionName, sparklinePoints, &rows, &error)) {
        qCDebug(lcUi) << "reading the watchlist failed:" << error;
        m_error = tr("Cannot read the watchlist: %1").arg(error);
        updateMessage();
        return;
    }
    m_error.clear();
    const QStringList before = m_model->tickers();
    m_model->setRows(rows);
    if (m_model->tickers() != before)
        Q_EMIT watchedTickersChanged(m_model->tickers());
    updateMessage();
}

void WatchlistWidget::setWatched(const QString &ticker, bool watched)
{
    if (ticker.isEmpty())
        return;
    if (watched)
        Q_EMIT watchlistChangeRequested({ticker}, {});
    else
        Q_EMIT watchlistChangeRequested({}, {ticker});
}

void WatchlistWidget::removeSelected()
{
    QStringList tickers;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        tickers.append(index.data(WatchlistTableModel::TickerRole).toString());
    if (!tickers.isEmpty())
        Q_EMIT watchlistChangeRequested({}, tickers);
}

void WatchlistWidget::watchlistWritten(quint64, int, const QString &error)
{
    if (!error.isEmpty()) {
        m_error = tr("The watchlist could not be changed: %1").arg(error);
        updateMessage();
        return;
    }
    refresh(true);
}

QMenu *WatchlistWidget::createRowMenu(const QModelIndex &index, QWidget *parent)
{
    if (index.isValid() && !m_view->selectionModel()->isRowSelected(index.row(), QModelIndex()))
        m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const QString ticker = index.data(WatchlistTableModel::TickerRole).toString();
    auto *menu = new QMenu(parent);
    QAction *chart
        = menu->addAction(tr("Open Chart"), this, [this, ticker] { Q_EMIT marketActivated(ticker); });
    chart->setObjectName(QStringLiteral("openChartAction"));
    chart->setEnabled(!ticker.isEmpty());
    QAction *alert
        = menu->addAction(tr("Alert Me…"), this, [this, ticker] { Q_EMIT alertRequested(ticker); });
    alert->setObjectName(QStringLiteral("alertMeAction"));
    alert->setEnabled(!ticker.isEmpty());
    QAction *remove = menu->addAction(tr("Remove from Watchlist"), this, &WatchlistWidget::removeSelected);
    remove->setObjectName(QStringLiteral("removeFromWatchlistAction"));
    remove->setEnabled(m_view->selectionModel()->hasSelection());
    return menu;
}

void WatchlistWidget::showRowMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (!index.isValid())
        return;
    QMenu *menu = createRowMenu(index, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_view->viewport()->mapToGlobal(position));
}

void WatchlistWidget::updateMessage()
{
    if (!m_error.isEmpty())
        m_message->setText(m_error);
    else if (m_connectionName.isEmpty())
        m_message->setText(tr("No database is open."));
    else if (m_model->rowCount() == 0)
        m_message->setText(
            tr("No watched markets. Add one with \"Add to Watchlist\" in the Browser's row menu, or "
               "with kalshi-monitor-cli watch add TICKER."));
    else
        m_message->setText(
            tr("%n watched market(s). Double-click a row to open its chart.", "", m_model->rowCount()));
}

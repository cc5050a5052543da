// BrowserWidget's context menus, copying, column defaults and saved state (GUI thread).
#include "browserwidget.h"

#include "eventtablemodel.h"
#include "markettablemodel.h"
#include "settlementtablemodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>

#include <algorithm>

namespace {

// Bumped when columns change meaning; a saved header of another version is not restored.
constexpr int stateVersion = 1;

QString tabKey(BrowserWidget::Tab tab)
{
    switch (tab) {
    case BrowserWidget::MarketsTab:
        return QStringLiteral("markets");
    case BrowserWidget::EventsTab:
        return QStringLiteral("events");
    case BrowserWidget::SettlementsTab:
        return QStringLiteral("settlements");
    }
    return QString();
}

QString tsvField(const QModelIndex &index)
{
    if (!index.data(BrowserTableModel::RawValueRole).isValid())
        return QString();
    QString text = index.data().toString();
    for (QChar &c : text) {
        if (c == u'\t' || c == u'\n' || c == u'\r')
            c = u' ';
    }
    return text;
}

} // namespace

void BrowserWidget::applyDefaultColumns(Tab tab)
{
    QTableView *view = m_views.at(tab);
    const auto *model = qobject_cast<const BrowserTableModel *>(view->model());
    QHeaderView *header = view->horizontalHeader();
    sizeColumns(tab);
    for (int column = 0; column < model->columnCount(); ++column) {
        header->setSectionHidden(column, model->isHiddenByDefault(column));
        header->setSectionResizeMode(column, QHeaderView::Interactive);
    }
    if (model->stretchColumn() >= 0)
        header->setSectionResizeMode(model->stretchColumn(), QHeaderView::Stretch);
    switch (tab) {
    case MarketsTab:
        header->setSortIndicator(MarketTableModel::Volume24h, Qt::DescendingOrder);
        break;
    case EventsTab:
        header->setSortIndicator(EventTableModel::Ticker, Qt::AscendingOrder);
        break;
    case SettlementsTab:
        header->setSortIndicator(SettlementTableModel::SettledAt, Qt::DescendingOrder);
        break;
    }
}

void BrowserWidget::resetColumns(Tab tab)
{
    QHeaderView *header = m_views.at(tab)->horizontalHeader();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (logical != visual)
            header->moveSection(header->visualIndex(visual), visual);
    }
    applyDefaultColumns(tab);
}

QString BrowserWidget::rowsAsTsv(const QTableView *view, const QList<int> &rows, bool withHeader)
{
    const QAbstractItemModel *model = view->model();
    const QHeaderView *header = view->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    QString text;
    const auto appendLine = [&text](const QStringList &fields) { text += fields.join(u'\t') + u'\n'; };
    if (withHeader) {
        QStringList titles;
        for (const int column : std::as_const(columns))
            titles << model->headerData(column, Qt::Horizontal).toString();
        appendLine(titles);
    }
    for (const int row : rows) {
        QStringList fields;
        for (const int column : std::as_const(columns))
            fields << tsvField(model->index(row, column));
        appendLine(fields);
    }
    return text;
}

QUrl BrowserWidget::kalshiUrl(const QString &eventTicker)
{
    // Kalshi's pages are per series (the event ticker's first part) and lead on to the event.
    const QString series = eventTicker.section(u'-', 0, 0).toLower();
    return QUrl(
        QStringLiteral("https://kalshi.com/markets/") + QString::fromLatin1(QUrl::toPercentEncoding(series)));
}

void BrowserWidget::copyRows(Tab tab, QList<int> rows, bool withHeader)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (rows.isEmpty())
        return;
    if (rows.size() > maxCopiedRows) {
        showMessage(tr("Copied the first %1 of %2 selected rows.")
                        .arg(QLocale().toString(maxCopiedRows), QLocale().toString(rows.size())));
        rows.resize(maxCopiedRows);
    }
    m_pendingCopy = PendingCopy{tab, rows, withHeader};
    BrowserTableModel *model = m_models.at(tab);
    int first = rows.constFirst();
    for (int i = 1; i <= rows.size(); ++i) {
        if (i == rows.size() || rows.at(i) != rows.at(i - 1) + 1) {
            model->ensureRows(first, rows.at(i - 1));
            if (i < rows.size())
                first = rows.at(i);
        }
    }
    finishCopy();
}

void BrowserWidget::finishCopy()
{
    if (!m_pendingCopy)
        return;
    const BrowserTableModel *model = m_models.at(m_pendingCopy->tab);
    for (const int row : std::as_const(m_pendingCopy->rows)) {
        if (row < model->rowCount() && !model->isRowLoaded(row))
            return;
    }
    const PendingCopy copy = *m_pendingCopy;
    m_pendingCopy.reset();
    QApplication::clipboard()->setText(rowsAsTsv(m_views.at(copy.tab), copy.rows, copy.withHeader));
    Q_EMIT copied(int(copy.rows.size()));
}

void BrowserWidget::openChartOf(const QModelIndex &index)
{
    const QString ticker = index.data(BrowserTableModel::TickerRole).toString();
    if (!ticker.isEmpty())
        Q_EMIT marketActivated(ticker);
}

void BrowserWidget::setEventFilter(const QString &eventTicker)
{
    m_eventTicker = eventTicker;
    m_eventButton->setText(tr("Event %1").arg(eventTicker));
    m_eventButton->setVisible(!eventTicker.isEmpty());
    applyFilter();
}

void BrowserWidget::showEventMarkets(const QString &eventTicker)
{
    // Every market of the event, whatever its status: the other filters would hide some.
    {
        const QSignalBlocker blockSearch(m_search);
        const QSignalBlocker blockStatus(m_status);
        const QSignalBlocker blockCategory(m_category);
        m_search->clear();
        m_status->setCurrentIndex(m_status->findData(int(BrowserTableModel::StatusFilter::All)));
        m_category->setCurrentIndex(0);
    }
    setCurrentTab(MarketsTab);
    setEventFilter(eventTicker);
}

QMenu *BrowserWidget::createRowMenu(Tab tab, const QModelIndex &index, QWidget *parent)
{
    QTableView *view = m_views.at(tab);
    auto *menu = new QMenu(parent);
    const int row = index.row();
    if (index.isValid() && !view->selectionModel()->isRowSelected(row, QModelIndex())) {
        view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    QAction *cell = menu->addAction(
        tr("Copy Cell"), this, [index] { QApplication::clipboard()->setText(tsvField(index)); });
    cell->setObjectName(QStringLiteral("copyCellAction"));
    cell->setEnabled(index.isValid());
    QAction *rowAction
        = menu->addAction(tr("Copy Row"), this, [this, tab, row] { copyRows(tab, {row}, false); });
    rowAction->setObjectName(QStringLiteral("copyRowAction"));
    rowAction->setEnabled(index.isValid());
    QAction *selection = menu->addAction(tr("Copy Selection as TSV"), this, [this, tab, view] {
        QList<int> rows;
        const QModelIndexList selected = view->selectionModel()->selectedRows();
        for (const QModelIndex &selectedIndex : selected)
            rows.append(selectedIndex.row());
        copyRows(tab, rows, true);
    });
    selection->setObjectName(QStringLiteral("copySelectionAction"));
    selection->setShortcut(QKeySequence::Copy);
    selection->setEnabled(view->selectionModel()->hasSelection());
    menu->addSeparator();

    const QString ticker = index.data(BrowserTableModel::TickerRole).toString();
    const QString event = index.data(BrowserTableModel::EventTickerRole).toString();
    if (tab != EventsTab) {
        QAction *chart
            = menu->addAction(tr("Open Chart"), this, [this, ticker] { Q_EMIT marketActivated(ticker); });
        chart->setObjectName(QStringLiteral("openChartAction"));
        chart->setEnabled(!ticker.isEmpty());
    }
    if (tab == MarketsTab) {
        const bool watched = isWatched(ticker);
        QAction *watch = menu->addAction(watched ? tr("Remove from Watchlist") : tr("Add to Watchlist"), this,
            [this, ticker, watched] { Q_EMIT watchRequested(ticker, !watched); });
        watch->setObjectName(QStringLiteral("watchAction"));
        watch->setEnabled(!ticker.isEmpty());
        QAction *alert
            = menu->addAction(tr("Alert Me…"), this, [this, ticker] { Q_EMIT alertRequested(ticker); });
        alert->setObjectName(QStringLiteral("alertMeAction"));
        alert->setEnabled(!ticker.isEmpty());
    }
    QAction *markets
        = menu->addAction(tr("Show the Event's Markets"), this, [this, event] { showEventMarkets(event); });
    markets->setObjectName(QStringLiteral("showEventMarketsAction"));
    markets->setEnabled(!event.isEmpty());
    QAction *web = menu->addAction(tr("Open on kalshi.com"), this, [this, event] {
        const QUrl url = kalshiUrl(event);
        if (m_urlOpener)
            m_urlOpener(url);
        else
            QDesktopServices::openUrl(url);
    });
    web->setObjectName(QStringLiteral("openKalshiAction"));
    web->setEnabled(!event.isEmpty());
    web->setToolTip(kalshiUrl(event).toString());
    return menu;
}

void BrowserWidget::setWatchedTickers(const QStringList &tickers)
{
    m_watched = QSet<QString>(tickers.cbegin(), tickers.cend());
}

QMenu *BrowserWidget::createHeaderMenu(Tab tab, QWidget *parent)
{
    QTableView *view = m_views.at(tab);
    QHeaderView *header = view->horizontalHeader();
    const QAbstractItemModel *model = view->model();
    auto *menu = new QMenu(parent);
    QMenu *columns = menu->addMenu(tr("Columns"));
    columns->setObjectName(QStringLiteral("columnsMenu"));
    int shown = 0;
    for (int column = 0; column < model->columnCount(); ++column)
        shown += header->isSectionHidden(column) ? 0 : 1;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int column = header->logicalIndex(visual);
        QAction *action = columns->addAction(model->headerData(column, Qt::Horizontal).toString());
        action->setObjectName(QStringLiteral("column%1Action").arg(column));
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        // The last shown column stays: a table without columns could not be given them back here.
        action->setEnabled(header->isSectionHidden(column) || shown > 1);
        connect(action, &QAction::toggled, this,
            [header, column](bool on) { header->setSectionHidden(column, !on); });
    }
    QAction *reset = menu->addAction(tr("Reset Columns"), this, [this, tab] { resetColumns(tab); });
    reset->setObjectName(QStringLiteral("resetColumnsAction"));
    return menu;
}

void BrowserWidget::showRowMenu(Tab tab, const QPoint &position)
{
    QTableView *view = m_views.at(tab);
    const QModelIndex index = view->indexAt(position);
    if (!index.isValid())
        return;
    QMenu *menu = createRowMenu(tab, index, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(view->viewport()->mapToGlobal(position));
}

void BrowserWidget::showHeaderMenu(Tab tab, const QPoint &position)
{
    QHeaderView *header = m_views.at(tab)->horizontalHeader();
    QMenu *menu = createHeaderMenu(tab, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(header->mapToGlobal(position));
}

void BrowserWidget::saveState(QSettings &settings) const
{
    settings.beginGroup(QStringLiteral("browser"));
    settings.setValue(QStringLiteral("version"), stateVersion);
    settings.setValue(QStringLiteral("tab"), int(currentTab()));
    settings.setValue(QStringLiteral("search"), m_search->text());
    settings.setValue(QStringLiteral("status"), m_status->currentData().toInt());
    settings.setValue(QStringLiteral("category"), m_category->currentData().toString());
    settings.setValue(QStringLiteral("priceFormat"), m_priceFormat->currentData().toInt());
    settings.setValue(QStringLiteral("event"), m_eventTicker);
    for (const Tab tab : {MarketsTab, EventsTab, SettlementsTab}) {
        settings.setValue(tabKey(tab) + QStringLiteral("/columns"), m_models.at(tab)->columnCount());
        settings.setValue(
            tabKey(tab) + QStringLiteral("/header"), m_views.at(tab)->horizontalHeader()->saveState());
        // While ranked by relevance the header shows no column: the one the rows return to.
        settings.setValue(tabKey(tab) + QStringLiteral("/sortColumn"), m_models.at(tab)->sortColumn());
        settings.setValue(tabKey(tab) + QStringLiteral("/sortOrder"), int(m_models.at(tab)->sortOrder()));
    }
    settings.endGroup();
}

void BrowserWidget::restoreState(QSettings &settings)
{
    settings.beginGroup(QStringLiteral("browser"));
    if (settings.value(QStringLiteral("version")).toInt() != stateVersion) {
        settings.endGroup();
        return;
    }
    for (const Tab tab : {MarketsTab, EventsTab, SettlementsTab}) {
        if (settings.value(tabKey(tab) + QStringLiteral("/columns")).toInt()
            != m_models.at(tab)->columnCount())
            continue;
        QHeaderView *header = m_views.at(tab)->horizontalHeader();
        if (!header->restoreState(settings.value(tabKey(tab) + QStringLiteral("/header")).toByteArray()))
            resetColumns(tab);
        const int sortColumn = settings.value(tabKey(tab) + QStringLiteral("/sortColumn"), -1).toInt();
        if (header->sortIndicatorSection() < 0 && sortColumn >= 0 && sortColumn < header->count())
            header->setSortIndicator(sortColumn,
                Qt::SortOrder(settings.value(tabKey(tab) + QStringLiteral("/sortOrder")).toInt()));
    }
    {
        const QSignalBlocker blockSearch(m_search);
        const QSignalBlocker blockStatus(m_status);
        const QSignalBlocker blockCategory(m_category);
        m_search->setText(settings.value(QStringLiteral("search")).toString());
        const int status
            = m_status->findData(settings.value(QStringLiteral("status"), m_status->currentData()));
        if (status >= 0)
            m_status->setCurrentIndex(status);
        const QString category = settings.value(QStringLiteral("category")).toString();
        // The categories are read once the database is open; keep the choice until then.
        if (!category.isEmpty() && m_category->findData(category) < 0)
            m_category->addItem(category, category);
        m_category->setCurrentIndex(qMax(0, m_category->findData(category)));
    }
    const int format = m_priceFormat->findData(
        settings.value(QStringLiteral("priceFormat"), m_priceFormat->currentData()));
    if (format >= 0)
        m_priceFormat->setCurrentIndex(format);
    m_eventTicker = settings.value(QStringLiteral("event")).toString();
    m_eventButton->setText(tr("Event %1").arg(m_eventTicker));
    m_eventButton->setVisible(!m_eventTicker.isEmpty());
    const int tab = settings.value(QStringLiteral("tab"), int(currentTab())).toInt();
    settings.endGroup();
    setCurrentTab(Tab(qBound(0, tab, 2)));
    applyFilter();
}

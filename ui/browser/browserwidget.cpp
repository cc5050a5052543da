#include "browserwidget.h"

#include "browserreader.h"
#include "eventtablemodel.h"
#include "markettablemodel.h"
#include "settlementtablemodel.h"
#include "storage/databaselocation.h"
#include "storage/schema.h"

#include <QAction>
#include <QComboBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

constexpr int searchDelayMs = 200;
constexpr int readBusyTimeoutMs = 250; // the reader must not wait long for a busy file

// Rows are selected whole, so Home and End go to the first and last row (QTableView moves within
// the row unless Ctrl is held).
class BrowserTableView final : public QTableView
{
public:
    using QTableView::QTableView;

protected:
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override
    {
        if (action == MoveHome || action == MoveEnd)
            modifiers |= Qt::ControlModifier;
        return QTableView::moveCursor(action, modifiers);
    }
};

} // namespace

BrowserWidget::BrowserWidget(QWidget *parent)
    : QWidget(parent)
    , m_readerThread(new BrowserReaderThread(this))
{
    connect(m_readerThread->reader(), &BrowserReader::categoriesRead, this, &BrowserWidget::applyCategories);
    m_marketModel = new MarketTableModel(this);
    m_eventModel = new EventTableModel(this);
    m_settlementModel = new SettlementTableModel(this);
    m_models = {m_marketModel, m_eventModel, m_settlementModel};

    m_messageFrame = new QFrame(this);
    m_messageFrame->setObjectName(QStringLiteral("messageFrame"));
    m_messageFrame->setFrameShape(QFrame::StyledPanel);
    m_messageFrame->setAutoFillBackground(true);
    QPalette messagePalette = m_messageFrame->palette();
    const QColor base = messagePalette.color(QPalette::Base);
    const QColor warning(0xf5, 0xc2, 0x11);
    messagePalette.setColor(QPalette::Window,
        QColor::fromRgbF(0.85f * base.redF() + 0.15f * warning.redF(),
            0.85f * base.greenF() + 0.15f * warning.greenF(),
            0.85f * base.blueF() + 0.15f * warning.blueF()));
    m_messageFrame->setPalette(messagePalette);
    auto *messageIcon = new QLabel(m_messageFrame);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    messageIcon->setPixmap(
        style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize));
    m_messageLabel = new QLabel(m_messageFrame);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *messageLayout = new QHBoxLayout(m_messageFrame);
    messageLayout->addWidget(messageIcon, 0, Qt::AlignTop);
    messageLayout->addWidget(m_messageLabel, 1);
    m_messageFrame->hide();

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("searchEdit"));
    m_search->setPlaceholderText(tr("Search ticker or title"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(
        tr("Markets: every word must be a word of the ticker, title, subtitles or event title (the "
           "last one may be cut short). Events and settlements: the ticker or title contains this "
           "text. Any case."));

    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("statusCombo"));
    m_status->addItem(tr("All statuses"), int(BrowserTableModel::StatusFilter::All));
    m_status->addItem(tr("Open"), int(BrowserTableModel::StatusFilter::Open));
    m_status->addItem(tr("Unopened"), int(BrowserTableModel::StatusFilter::Unopened));
    m_status->addItem(tr("Paused"), int(BrowserTableModel::StatusFilter::Paused));
    m_status->addItem(tr("Closed"), int(BrowserTableModel::StatusFilter::Closed));
    m_status->addItem(tr("Settled"), int(BrowserTableModel::StatusFilter::Settled));
    m_status->setToolTip(tr("Market status"));

    m_category = new QComboBox(this);
    m_category->setObjectName(QStringLiteral("categoryCombo"));
    m_category->addItem(tr("All categories"), QString());
    m_category->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_category->setToolTip(tr("Category of the event"));

    m_priceFormat = new QComboBox(this);
    m_priceFormat->setObjectName(QStringLiteral("priceFormatCombo"));
    m_priceFormat->addItem(tr("Prices in cents"), int(BrowserFormat::PriceFormat::Cents));
    m_priceFormat->addItem(tr("Prices as probability"), int(BrowserFormat::PriceFormat::Probability));

    m_eventButton = new QToolButton(this);
    m_eventButton->setObjectName(QStringLiteral("eventFilterButton"));
    m_eventButton->setToolTip(tr("Only the markets of this event are shown; click to show all"));
    m_eventButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_eventButton->setIcon(style()->standardIcon(QStyle::SP_DialogCloseButton, nullptr, this));
    m_eventButton->hide();
    connect(m_eventButton, &QToolButton::clicked, this, [this] { setEventFilter(QString()); });

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    m_countLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(m_eventButton);
    filterBar->addWidget(m_search, 1);
    filterBar->addWidget(m_status);
    filterBar->addWidget(m_category);
    filterBar->addWidget(m_priceFormat);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("browserTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(createView(m_marketModel, MarketsTab), tr("Markets"));
    m_tabs->addTab(createView(m_eventModel, EventsTab), tr("Events"));
    m_tabs->addTab(createView(m_settlementModel, SettlementsTab), tr("Settlements"));
    m_tabs->setCornerWidget(m_countLabel, Qt::TopRightCorner);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_messageFrame);
    layout->addLayout(filterBar);
    layout->addWidget(m_tabs, 1);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(searchDelayMs);
    connect(&m_searchDelay, &QTimer::timeout, this, &BrowserWidget::applyFilter);
    connect(m_search, &QLineEdit::textChanged, &m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &BrowserWidget::applyFilter);
    connect(m_status, &QComboBox::currentIndexChanged, this, &BrowserWidget::applyFilter);
    connect(m_category, &QComboBox::currentIndexChanged, this, &BrowserWidget::applyFilter);
    connect(m_priceFormat, &QComboBox::currentIndexChanged, this, [this] {
        const auto format = BrowserFormat::PriceFormat(m_priceFormat->currentData().toInt());
        for (BrowserTableModel *model : m_models)
            model->setPriceFormat(format);
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &BrowserWidget::activateTab);
    // A market or settlement opens its chart; an event lists its markets.
    for (const Tab tab : {MarketsTab, SettlementsTab})
        connect(m_views.at(tab), &QAbstractItemView::activated, this, &BrowserWidget::openChartOf);
    connect(m_views.at(EventsTab), &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString event = index.data(BrowserTableModel::TickerRole).toString();
        if (!event.isEmpty())
            showEventMarkets(event);
    });
    auto *copy = new QAction(tr("Copy Selection as TSV"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, [this] {
        const Tab tab = currentTab();
        QList<int> rows;
        const QModelIndexList selected = m_views.at(tab)->selectionModel()->selectedRows();
        for (const QModelIndex &index : selected)
            rows.append(index.row());
        copyRows(tab, rows, true);
    });
    addAction(copy);

    // What a researcher wants first: open markets, the most traded in the last day on top.
    m_status->setCurrentIndex(m_status->findData(int(BrowserTableModel::StatusFilter::Open)));

    activateTab(m_tabs->currentIndex());
    showMessage(tr("No database selected."));
}

BrowserWidget::~BrowserWidget()
{
    closeDatabase();
}

QTableView *BrowserWidget::createView(BrowserTableModel *model, Tab tab)
{
    auto *view = new BrowserTableView(this);
    view->setObjectName(QStringLiteral("browserView%1").arg(int(tab)));
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->setShowGrid(false);
    view->setCornerButtonEnabled(false);
    view->verticalHeader()->hide();
    // Fixed row heights: the view never measures rows, which keeps scrolling cheap on long tables.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setSectionsMovable(true);
    view->horizontalHeader()->setStretchLastSection(false);
    view->setSortingEnabled(true);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    view->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this,
        [this, tab](const QPoint &position) { showRowMenu(tab, position); });
    connect(view->horizontalHeader(), &QWidget::customContextMenuRequested, this,
        [this, tab](const QPoint &position) { showHeaderMenu(tab, position); });
    connect(view->verticalScrollBar(), &QAbstractSlider::sliderPressed, model,
        [model] { model->setDemandsPaused(true); });
    connect(view->verticalScrollBar(), &QAbstractSlider::sliderReleased, model,
        [model] { model->setDemandsPaused(false); });
    m_views[tab] = view;
    applyDefaultColumns(tab);
    m_defaultColumns[tab] = view->horizontalHeader()->saveState();
    connect(model, &BrowserTableModel::rowsLoaded, this, [this, tab] {
        if (m_pendingCopy && m_pendingCopy->tab == tab)
            finishCopy();
    });

    // The row that was current before a new filter or order is found again under it.
    connect(model, &BrowserTableModel::reloaded, this, [this, view, tab](int anchorRow) {
        if (anchorRow >= 0) {
            const QModelIndex index = view->model()->index(anchorRow, qMax(0, view->currentIndex().column()));
            view->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            view->scrollTo(index, QAbstractItemView::PositionAtCenter);
        }
        if (currentTab() == tab && m_models.at(tab)->errorString().isEmpty())
            hideMessage();
    });
    connect(model, &BrowserTableModel::refreshed, this, [this] {
        if (m_open)
            QMetaObject::invokeMethod(m_readerThread->reader(), &BrowserReader::readCategories);
    });
    connect(model, &BrowserTableModel::countsChanged, this, [this, tab] {
        if (currentTab() == tab)
            updateCountLabel();
    });
    // Ranked by relevance, the header shows no sorted column (a click on one sorts by it); after
    // the search it shows the column the rows returned to.
    connect(model, &BrowserTableModel::rankingChanged, this, [this, view, model, tab] {
        QHeaderView *header = view->horizontalHeader();
        if (model->isSortedByRelevance())
            header->setSortIndicator(-1, header->sortIndicatorOrder());
        else
            header->setSortIndicator(model->sortColumn(), model->sortOrder());
        if (currentTab() == tab)
            updateCountLabel();
    });
    for (const auto rowsChanged : {&BrowserTableModel::rowsInserted, &BrowserTableModel::rowsRemoved}) {
        connect(model, rowsChanged, this, [this, tab] {
            if (currentTab() == tab)
                updateCountLabel();
        });
    }
    connect(model, &BrowserTableModel::errorOccurred, this, [this, tab](const QString &error) {
        if (currentTab() == tab)
            showMessage(tr("Cannot read the database: %1").arg(error));
    });
    return view;
}

void BrowserWidget::sizeColumns(Tab tab)
{
    QTableView *view = m_views.at(tab);
    const QAbstractItemModel *model = view->model();
    const QFontMetrics metrics = view->fontMetrics();
    const QFontMetrics headerMetrics = view->horizontalHeader()->fontMetrics();
    QHeaderView *header = view->horizontalHeader();
    // Wide enough for a typical value and for the title with its sort arrow.
    const auto fit = [&](int column, const QString &sample) {
        const QString title = model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column,
            qMax(metrics.horizontalAdvance(sample) + 16, headerMetrics.horizontalAdvance(title) + 28));
    };
    const QString ticker = QStringLiteral("KXSPOTIFY-26MAR12-S280");
    const QString event = QStringLiteral("KXHIGHNY-26MAR12");
    const QString time = QStringLiteral("2026-03-12 14:05");
    switch (tab) {
    case MarketsTab:
        fit(MarketTableModel::Ticker, ticker);
        fit(MarketTableModel::Title, QStringLiteral("Will the high temp in NYC be above 45 F"));
        fit(MarketTableModel::Event, event);
        fit(MarketTableModel::Status, QStringLiteral("Determined"));
        for (int column :
            {int(MarketTableModel::YesBid), int(MarketTableModel::YesAsk), int(MarketTableModel::LastPrice)})
            fit(column, QStringLiteral("99.99%"));
        fit(MarketTableModel::Volume24h, QStringLiteral("1,234,567.89"));
        fit(MarketTableModel::Volume, QStringLiteral("1,234,567.89"));
        fit(MarketTableModel::Result, QStringLiteral("Void"));
        fit(MarketTableModel::OpenInterest, QStringLiteral("123,456.78"));
        fit(MarketTableModel::CloseTime, time);
        fit(MarketTableModel::Updated, time);
        break;
    case EventsTab:
        fit(EventTableModel::Ticker, event);
        fit(EventTableModel::Series, QStringLiteral("KXSPOTIFY0"));
        fit(EventTableModel::Title, QStringLiteral("Highest temperature in New York on Mar 12, 2026?"));
        fit(EventTableModel::Category, QStringLiteral("Climate and Weather"));
        fit(EventTableModel::MarketCount, QStringLiteral("1,000"));
        fit(EventTableModel::Placeholder, QStringLiteral("No"));
        break;
    case SettlementsTab:
        fit(SettlementTableModel::Ticker, ticker);
        fit(SettlementTableModel::Title, QStringLiteral("Will the high temp in NYC be above 45 F"));
        fit(SettlementTableModel::Event, event);
        fit(SettlementTableModel::Result, QStringLiteral("Void"));
        fit(SettlementTableModel::SettledAt, time);
        fit(SettlementTableModel::SettlementValue, QStringLiteral("100¢"));
        break;
    }
}

QString BrowserWidget::message() const
{
    return m_messageFrame->isHidden() ? QString() : m_messageLabel->text();
}

BrowserWidget::Tab BrowserWidget::currentTab() const
{
    return Tab(qBound(0, m_tabs->currentIndex(), 2));
}

void BrowserWidget::setCurrentTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

QString BrowserWidget::currentTicker(const QAbstractItemView *view)
{
    return view->currentIndex().data(BrowserTableModel::TickerRole).toString();
}

bool BrowserWidget::selectTicker(
    QAbstractItemView *view, const QString &ticker, QAbstractItemView::ScrollHint hint)
{
    const auto *model = qobject_cast<const BrowserTableModel *>(view->model());
    if (!model || !view->selectionModel())
        return false;
    const int row = model->rowOfTicker(ticker);
    if (row < 0)
        return false;
    const int column = qMax(0, view->currentIndex().column());
    const QModelIndex index = model->index(row, column);
    view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->scrollTo(index, hint);
    return true;
}

void BrowserWidget::setDatabasePath(const QString &path)
{
    closeDatabase();
    m_databasePath = path;
    if (openDatabase())
        activateTab(m_tabs->currentIndex());
    updateCountLabel();
}

void BrowserWidget::refresh()
{
    if (!m_open) {
        // The writer may have created the file since: try again, quietly.
        if (!m_databasePath.isEmpty() && openDatabase())
            activateTab(m_tabs->currentIndex());
        return;
    }
    m_models.at(currentTab())->refresh();
}

bool BrowserWidget::openDatabase()
{
    if (m_databasePath.isEmpty()) {
        showMessage(tr("No database selected."));
        return false;
    }
    const QString error = m_readerThread->open(m_databasePath, readBusyTimeoutMs);
    if (!error.isEmpty()) {
        showMessage(tr("Cannot show the database: %1").arg(error));
        return false;
    }
    m_open = true;
    for (BrowserTableModel *model : m_models)
        model->setBackend(DatabaseLocation::isServerUrl(m_databasePath) ? SqlDialect::Backend::PostgreSql
                                                                        : SqlDialect::Backend::Sqlite);
    hideMessage();
    reloadCategories();
    updateControls();
    return true;
}

void BrowserWidget::closeDatabase()
{
    // Detached models drop their rows and ignore replies still on their way.
    for (BrowserTableModel *model : m_models)
        model->setReader(nullptr);
    if (m_open)
        m_readerThread->close();
    m_open = false;
    updateControls();
}

void BrowserWidget::activateTab(int index)
{
    const Tab tab = Tab(qBound(0, index, 2));
    BrowserTableModel *model = m_models.at(tab);
    updateControls();
    if (m_open) {
        model->setFilter(currentFilter());
        if (model->reader() != m_readerThread->reader())
            model->setReader(m_readerThread->reader());
        else
            model->refresh();
        if (model->errorString().isEmpty())
            hideMessage();
        else
            showMessage(tr("Cannot read the database: %1").arg(model->errorString()));
    }
    updateCountLabel();
}

void BrowserWidget::updateControls()
{
    m_search->setEnabled(m_open);
    m_category->setEnabled(m_open);
    m_priceFormat->setEnabled(m_open);
    m_status->setEnabled(m_open && m_models.at(currentTab())->supportsStatusFilter());
}

BrowserTableModel::Filter BrowserWidget::currentFilter() const
{
    BrowserTableModel::Filter filter;
    filter.eventTicker = m_eventTicker;
    filter.searchText = m_search->text();
    filter.status = BrowserTableModel::StatusFilter(m_status->currentData().toInt());
    filter.category = m_category->currentData().toString();
    return filter;
}

void BrowserWidget::applyFilter()
{
    m_searchDelay.stop();
    if (m_open)
        m_models.at(currentTab())->setFilter(currentFilter());
    updateCountLabel();
}

void BrowserWidget::reloadCategories()
{
    if (m_open)
        QMetaObject::invokeMethod(m_readerThread->reader(), &BrowserReader::readCategories);
}

void BrowserWidget::applyCategories(QStringList categories)
{
    if (!m_open)
        return;
    const QString selected = m_category->currentData().toString();
    if (!selected.isEmpty() && !categories.contains(selected))
        categories << selected;
    QStringList present;
    for (int i = 1; i < m_category->count(); ++i)
        present << m_category->itemData(i).toString();
    if (present == categories)
        return;
    const QSignalBlocker blocker(m_category);
    while (m_category->count() > 1)
        m_category->removeItem(1);
    for (const QString &category : std::as_const(categories))
        m_category->addItem(category, category);
    m_category->setCurrentIndex(qMax(0, m_category->findData(selected)));
}

void BrowserWidget::updateCountLabel()
{
    const Tab tab = currentTab();
    const BrowserTableModel *model = m_models.at(tab);
    if (!m_open || model->totalCount() < 0) {
        m_countLabel->clear();
        m_countLabel->setToolTip(QString());
        return;
    }
    const QLocale locale;
    const QString matching = locale.toString(model->matchingCount());
    const QString total = locale.toString(model->totalCount());
    switch (tab) {
    case MarketsTab:
        if (model->ranking() == BrowserTableModel::Ranking::Ranked) {
            m_countLabel->setText(tr("%1 of %2 markets shown, best matches first").arg(matching, total));
            m_countLabel->setToolTip(tr("Ranked by relevance: markets whose ticker holds every word first, "
                                        "then ticker and title, then with the subtitles, then the event's "
                                        "title; equal matches by 24 h volume. Click a column header to "
                                        "sort by it."));
            return;
        }
        if (model->ranking() == BrowserTableModel::Ranking::TooManyToRank) {
            m_countLabel->setText(tr("%1 of %2 markets shown, most traded first").arg(matching, total));
            m_countLabel->setToolTip(tr("Too many matches to rank by relevance: sorted by 24 h volume. "
                                        "Type more words to rank, or click a column header to sort by it."));
            return;
        }
        m_countLabel->setText(tr("%1 of %2 markets shown").arg(matching, total));
        break;
    case EventsTab:
        m_countLabel->setText(tr("%1 of %2 events shown").arg(matching, total));
        break;
    case SettlementsTab:
        m_countLabel->setText(tr("%1 of %2 settlements shown").arg(matching, total));
        break;
    }
    m_countLabel->setToolTip(tr("Rows are read as they come into view"));
}

void BrowserWidget::showMessage(const QString &text)
{
    m_messageLabel->setText(text);
    m_messageFrame->show();
}

void BrowserWidget::setDatabaseEmpty(bool empty)
{
    if (empty == m_databaseEmpty)
        return;
    m_databaseEmpty = empty;
    if (empty ? m_messageFrame->isHidden() : m_messageLabel->text() == emptyDatabaseText())
        hideMessage();
}

QString BrowserWidget::emptyDatabaseText()
{
    return tr("No data yet \u2014 press Sync Now (F5) to download Kalshi's markets");
}

void BrowserWidget::hideMessage()
{
    if (m_databaseEmpty && m_open) {
        showMessage(emptyDatabaseText());
        return;
    }
    m_messageFrame->hide();
    m_messageLabel->clear();
}

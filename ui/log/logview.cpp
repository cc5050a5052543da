#include "logview.h"

#include "logmodel.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace {

// Passes the messages at or above a level.
class LevelFilterModel final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setMinimumLevel(int level)
    {
        if (level == m_minimumLevel)
            return;
        m_minimumLevel = level;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override
    {
        if (m_minimumLevel == 0)
            return true;
        const auto *model = static_cast<const LogModel *>(sourceModel());
        Q_UNUSED(sourceParent);
        return static_cast<int>(model->entry(sourceRow).level) >= m_minimumLevel;
    }

private:
    int m_minimumLevel = 0;
};

int minimumLevel(LogView::Filter filter)
{
    switch (filter) {
    case LogView::Filter::All:
        return static_cast<int>(LogView::Level::Info);
    case LogView::Filter::WarningsAndErrors:
        return static_cast<int>(LogView::Level::Warning);
    case LogView::Filter::Errors:
        return static_cast<int>(LogView::Level::Error);
    }
    return 0;
}

} // namespace

LogView::LogView(QWidget *parent)
    : QWidget(parent)
    , m_model(new LogModel(defaultMaximumLines, this))
    , m_proxy(new LevelFilterModel(this))
    , m_countTimer(new QTimer(this))
{
    m_proxy->setSourceModel(m_model);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(8);

    auto *toolbar = new QHBoxLayout;
    toolbar->setSpacing(8);
    auto *filterLabel = new QLabel(tr("&Show:"), this);
    m_filterBox = new QComboBox(this);
    m_filterBox->setObjectName(QStringLiteral("levelFilter"));
    m_filterBox->addItem(tr("All messages"), QVariant::fromValue(Filter::All));
    m_filterBox->addItem(tr("Warnings and errors"), QVariant::fromValue(Filter::WarningsAndErrors));
    m_filterBox->addItem(tr("Errors"), QVariant::fromValue(Filter::Errors));
    filterLabel->setBuddy(m_filterBox);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("count"));
    QPalette muted = m_countLabel->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_countLabel->setPalette(muted);
    auto *copyButton = new QPushButton(tr("&Copy"), this);
    copyButton->setToolTip(tr("Copy the selected lines, or all shown lines when none is selected"));
    auto *saveButton = new QPushButton(tr("Save &As\u2026"), this);
    saveButton->setToolTip(tr("Save the shown lines to a text file"));
    auto *clearButton = new QPushButton(tr("Cl&ear"), this);
    clearButton->setObjectName(QStringLiteral("clear"));
    toolbar->addWidget(filterLabel);
    toolbar->addWidget(m_filterBox);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_countLabel, 1);
    toolbar->addWidget(copyButton);
    toolbar->addWidget(saveButton);
    toolbar->addWidget(clearButton);
    layout->addLayout(toolbar);

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("logLines"));
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setItemsExpandable(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(true);
    header->setSectionsMovable(false);
    // Fixed widths: measuring contents would visit every row on each layout.
    const QFontMetrics metrics = fontMetrics();
    header->resizeSection(LogModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("00:00:00")) + 24);
    int levelWidth = 0;
    for (const Level level : {Level::Info, Level::Warning, Level::Error})
        levelWidth = std::max(levelWidth, metrics.horizontalAdvance(LogModel::levelText(level)));
    header->resizeSection(LogModel::LevelColumn, levelWidth + 16 + 34);
    layout->addWidget(m_view, 1);

    auto *copyAction = new QAction(tr("&Copy"), m_view);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copyAction, &QAction::triggered, this, &LogView::copy);
    auto *selectAllAction = new QAction(tr("Select &All"), m_view);
    selectAllAction->setShortcut(QKeySequence::SelectAll);
    selectAllAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(selectAllAction, &QAction::triggered, m_view, &QTreeView::selectAll);
    auto *clearAction = new QAction(tr("Cl&ear"), m_view);
    connect(clearAction, &QAction::triggered, this, &LogView::clear);
    m_view->addActions({copyAction, selectAllAction, clearAction});
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(m_filterBox, &QComboBox::currentIndexChanged, this,
        [this] { setFilter(m_filterBox->currentData().value<Filter>()); });
    connect(copyButton, &QPushButton::clicked, this, &LogView::copy);
    connect(saveButton, &QPushButton::clicked, this, &LogView::saveAs);
    connect(clearButton, &QPushButton::clicked, this, &LogView::clear);

    QScrollBar *bar = m_view->verticalScrollBar();
    connect(bar, &QScrollBar::rangeChanged, this, &LogView::onScrollRangeChanged);
    connect(bar, &QScrollBar::valueChanged, this, &LogView::onScrollValueChanged);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &LogView::onRowsRemoved);

    m_countTimer->setSingleShot(true);
    m_countTimer->setInterval(100);
    connect(m_countTimer, &QTimer::timeout, this, &LogView::updateCountLabel);
    updateCountLabel();
}

LogView::~LogView() = default;

int LogView::maximumLines() const
{
    return m_model->maximumLines();
}

void LogView::setMaximumLines(int lines)
{
    m_model->setMaximumLines(lines);
    scheduleCountUpdate();
}

int LogView::lineCount() const
{
    return m_model->rowCount();
}

int LogView::lineCount(Level level) const
{
    return m_model->count(level);
}

int LogView::visibleLineCount() const
{
    return m_proxy->rowCount();
}

void LogView::setFilter(Filter filter)
{
    m_filter = filter;
    const int index = m_filterBox->findData(QVariant::fromValue(filter));
    if (index != m_filterBox->currentIndex())
        m_filterBox->setCurrentIndex(index);
    static_cast<LevelFilterModel *>(m_proxy)->setMinimumLevel(minimumLevel(filter));
    if (m_follow)
        m_view->scrollToBottom();
    updateCountLabel();
}

QString LogView::visibleText() const
{
    QString text;
    const int rows = m_proxy->rowCount();
    for (int row = 0; row < rows; ++row)
        text
            += LogModel::lineText(m_model->entry(m_proxy->mapToSource(m_proxy->index(row, 0)).row())) + u'\n';
    return text;
}

bool LogView::saveVisibleText(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(visibleText().toUtf8()) < 0
        || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void LogView::appendMessage(LogView::Level level, const QString &text)
{
    appendMessageAt(QDateTime::currentDateTime(), level, text);
}

void LogView::appendMessageAt(const QDateTime &time, LogView::Level level, const QString &text)
{
    m_appending = true;
    m_model->append({time, level, text});
    m_appending = false;
    scheduleCountUpdate();
    if (level == Level::Error)
        Q_EMIT errorLogged(text);
}

void LogView::info(const QString &text)
{
    appendMessage(Level::Info, text);
}

void LogView::warning(const QString &text)
{
    appendMessage(Level::Warning, text);
}

void LogView::error(const QString &text)
{
    appendMessage(Level::Error, text);
}

void LogView::clear()
{
    m_model->clear();
    m_follow = true;
    updateCountLabel();
}

void LogView::copy()
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    QString text;
    if (rows.isEmpty()) {
        text = visibleText();
    } else {
        std::sort(rows.begin(), rows.end(),
            [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        for (const QModelIndex &index : std::as_const(rows))
            text += LogModel::lineText(m_model->entry(m_proxy->mapToSource(index).row())) + u'\n';
    }
    QGuiApplication::clipboard()->setText(text);
}

void LogView::saveAs()
{
    const QString suggested
        = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
              .filePath(QLatin1String("kalshi-monitor-log-")
                  + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))
                  + QLatin1String(".txt"));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Log"), suggested, tr("Text files (*.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveVisibleText(path, &error)) {
        QMessageBox::warning(this, tr("Save Log"),
            tr("The log could not be saved to %1: %2").arg(QDir::toNativeSeparators(path), error));
    }
}

void LogView::onScrollRangeChanged(int minimum, int maximum)
{
    Q_UNUSED(minimum);
    if (m_follow)
        m_view->verticalScrollBar()->setValue(maximum);
}

void LogView::onScrollValueChanged(int value)
{
    m_follow = value >= m_view->verticalScrollBar()->maximum();
}

void LogView::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    // The oldest lines were dropped: keep the lines the user is reading in place.
    if (!m_appending || parent.isValid() || first != 0 || m_follow)
        return;
    QScrollBar *bar = m_view->verticalScrollBar();
    bar->setValue(bar->value() - (last - first + 1));
}

void LogView::scheduleCountUpdate()
{
    if (!m_countTimer->isActive())
        m_countTimer->start();
}

void LogView::updateCountLabel()
{
    m_countTimer->stop();
    const int total = lineCount();
    QString text = tr("%Ln message(s)", nullptr, total);
    const int warnings = m_model->count(Level::Warning);
    const int errors = m_model->count(Level::Error);
    if (warnings > 0 || errors > 0) {
        text += QStringLiteral(" \u00b7 ") + tr("%Ln warning(s)", nullptr, warnings) + QStringLiteral(", ")
            + tr("%Ln error(s)", nullptr, errors);
    }
    if (visibleLineCount() != total)
        text += QStringLiteral(" \u00b7 ") + tr("%Ln shown", nullptr, visibleLineCount());
    m_countLabel->setText(text);
}

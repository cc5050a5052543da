#include "storagepage.h"

#include "dashboard/syncformat.h"
#include "storage/prunerequest.h"
#include "storagecontroller.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

QSpinBox *daysBox(const QString &objectName, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(objectName);
    box->setRange(StorageSettings::minimumDays, StorageSettings::maximumDays);
    box->setSuffix(StoragePage::tr(" days"));
    return box;
}

QTableWidgetItem *numberItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

StoragePage::StoragePage(QWidget *parent)
    : QWidget(parent)
    , m_confirm([this](const QString &question) {
        return QMessageBox::question(this, tr("Prune Snapshots"), question,
                   QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Yes;
    })
{
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);

    auto *pruneBox = new QGroupBox(tr("Old snapshots"), this);
    auto *form = new QFormLayout(pruneBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_olderThan = daysBox(QStringLiteral("olderThanDays"), pruneBox);
    auto *olderLabel = new QLabel(tr("&Thin snapshots older than:"), pruneBox);
    olderLabel->setBuddy(m_olderThan);
    form->addRow(olderLabel, m_olderThan);

    m_keepHourly = new QRadioButton(tr("The last state of each market in each &hour"), pruneBox);
    m_keepHourly->setObjectName(QStringLiteral("keepHourly"));
    m_keepDaily = new QRadioButton(tr("The last state of each market in each d&ay"), pruneBox);
    m_keepDaily->setObjectName(QStringLiteral("keepDaily"));
    m_keepNone = new QRadioButton(tr("&Nothing: drop them"), pruneBox);
    m_keepNone->setObjectName(QStringLiteral("keepNone"));
    auto *keepGroup = new QButtonGroup(this);
    auto *keepColumn = new QVBoxLayout;
    keepColumn->setSpacing(4);
    for (QRadioButton *button : {m_keepHourly, m_keepDaily, m_keepNone}) {
        keepGroup->addButton(button);
        keepColumn->addWidget(button);
    }
    form->addRow(tr("Of those, keep:"), keepColumn);

    m_dropSettled = new QCheckBox(tr("Also drop &every snapshot of markets settled more than"), pruneBox);
    m_dropSettled->setObjectName(QStringLiteral("dropSettled"));
    m_settledAfter = daysBox(QStringLiteral("settledAfterDays"), pruneBox);
    auto *settledRow = new QHBoxLayout;
    settledRow->addWidget(m_dropSettled);
    settledRow->addWidget(m_settledAfter);
    settledRow->addWidget(new QLabel(tr("ago"), pruneBox));
    settledRow->addStretch(1);
    form->addRow(settledRow);

    m_daily = new QCheckBox(tr("Prune &daily with these choices while Kalshi Monitor is open"), pruneBox);
    m_daily->setObjectName(QStringLiteral("daily"));
    m_lastDaily = new QLabel(pruneBox);
    m_lastDaily->setObjectName(QStringLiteral("lastDaily"));
    QPalette muted = m_lastDaily->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_lastDaily->setPalette(muted);
    form->addRow(m_daily);
    form->addRow(m_lastDaily);

    m_preview = new QPushButton(tr("Pre&view"), pruneBox);
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setToolTip(tr("Count what a prune with these choices would remove; nothing is changed"));
    m_pruneNow = new QPushButton(tr("&Prune Now"), pruneBox);
    m_pruneNow->setObjectName(QStringLiteral("pruneNow"));
    m_stop = new QPushButton(tr("&Stop"), pruneBox);
    m_stop->setObjectName(QStringLiteral("stopPrune"));
    m_stop->setToolTip(tr("Stop after the current batch; what was removed until then stays removed"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_preview);
    buttons->addWidget(m_pruneNow);
    buttons->addWidget(m_stop);
    buttons->addStretch(1);
    form->addRow(buttons);
    m_progress = new QProgressBar(pruneBox);
    m_progress->setObjectName(QStringLiteral("pruneProgress"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->hide();
    form->addRow(m_progress);
    m_status = new QLabel(pruneBox);
    m_status->setObjectName(QStringLiteral("pruneStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_status);
    layout->addWidget(pruneBox);

    auto *sizeBox = new QGroupBox(tr("Size per table"), this);
    auto *sizeLayout = new QVBoxLayout(sizeBox);
    m_tables = new QTableWidget(0, 3, sizeBox);
    m_tables->setObjectName(QStringLiteral("tableSizes"));
    m_tables->setHorizontalHeaderLabels({tr("Table"), tr("Rows"), tr("Size")});
    m_tables->verticalHeader()->hide();
    m_tables->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tables->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tables->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tables->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tables->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_tables->setMinimumHeight(160);
    sizeLayout->addWidget(m_tables, 1);
    m_sizeSummary = new QLabel(sizeBox);
    m_sizeSummary->setObjectName(QStringLiteral("sizeSummary"));
    m_sizeSummary->setWordWrap(true);
    m_refresh = new QPushButton(tr("&Refresh"), sizeBox);
    m_refresh->setObjectName(QStringLiteral("refreshSizes"));
    auto *summaryRow = new QHBoxLayout;
    summaryRow->addWidget(m_sizeSummary, 1);
    summaryRow->addWidget(m_refresh);
    sizeLayout->addLayout(summaryRow);
    layout->addWidget(sizeBox, 1);

    connect(m_preview, &QPushButton::clicked, this, &StoragePage::preview);
    connect(m_pruneNow, &QPushButton::clicked, this, &StoragePage::pruneNow);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (m_controller)
            m_controller->stopPrune();
        setStatus(tr("Stopping after the current batch\u2026"));
    });
    connect(m_refresh, &QPushButton::clicked, this, [this] {
        if (m_controller)
            m_controller->readSizes();
        updateControls();
    });
    connect(m_dropSettled, &QCheckBox::toggled, m_settledAfter, &QWidget::setEnabled);
    setStorageSettings(m_settings);
    updateControls();
}

StoragePage::~StoragePage() = default;

void StoragePage::setController(StorageController *controller)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    if (controller) {
        connect(controller, &StorageController::pruneStarted, this, &StoragePage::onPruneStarted);
        connect(controller, &StorageController::pruneProgress, this, &StoragePage::onPruneProgress);
        connect(controller, &StorageController::pruneFinished, this,
            [this](const PruneResult &result) { onPruneFinished(result); });
        connect(controller, &StorageController::sizesRead, this, &StoragePage::showSizes);
        connect(controller, &StorageController::attachedChanged, this, &StoragePage::updateControls);
        connect(controller, &StorageController::dailyPruneFinished, this, [this](qint64 at) {
            m_settings.lastDailyPrune = at;
            updateLastDaily();
        });
        if (controller->isPruning()) {
            onPruneStarted();
        }
        if (controller->sizes().ok)
            showSizes(controller->sizes());
    }
    updateControls();
}

void StoragePage::setStorageSettings(const StorageSettings &settings)
{
    m_settings = settings;
    m_olderThan->setValue(settings.olderThanDays);
    m_keepHourly->setChecked(settings.keep == PruneRequest::Keep::Hourly);
    m_keepDaily->setChecked(settings.keep == PruneRequest::Keep::Daily);
    m_keepNone->setChecked(settings.keep == PruneRequest::Keep::None);
    m_dropSettled->setChecked(settings.dropSettled);
    m_settledAfter->setValue(settings.settledAfterDays);
    m_settledAfter->setEnabled(settings.dropSettled);
    m_daily->setChecked(settings.daily);
    updateLastDaily();
}

StorageSettings StoragePage::storageSettings() const
{
    StorageSettings edited = m_settings;
    edited.olderThanDays = m_olderThan->value();
    edited.keep = m_keepDaily->isChecked() ? PruneRequest::Keep::Daily
        : m_keepNone->isChecked()          ? PruneRequest::Keep::None
                                           : PruneRequest::Keep::Hourly;
    edited.dropSettled = m_dropSettled->isChecked();
    edited.settledAfterDays = m_settledAfter->value();
    edited.daily = m_daily->isChecked();
    return edited;
}

QString StoragePage::statusText() const
{
    return m_status->text();
}

void StoragePage::preview()
{
    if (!m_controller)
        return;
    const PruneRequest request = storageSettings().pruneRequest(QDateTime::currentSecsSinceEpoch(), true);
    if (!m_controller->startPrune(request))
        setStatus(tr("A prune is running; wait for it or stop it first."), true);
}

void StoragePage::pruneNow()
{
    if (!m_controller)
        return;
    const StorageSettings edited = storageSettings();
    QString question = edited.keep == PruneRequest::Keep::None
        ? tr("Remove every snapshot older than %n day(s)?", nullptr, edited.olderThanDays)
        : edited.keep == PruneRequest::Keep::Hourly
        ? tr("Thin the snapshots older than %n day(s) to the last of each hour?", nullptr,
            edited.olderThanDays)
        : tr("Thin the snapshots older than %n day(s) to the last of each day?", nullptr,
            edited.olderThanDays);
    if (edited.dropSettled)
        question += u' '
            + tr("Also remove every snapshot of the markets settled more than %n day(s) ago?", nullptr,
                edited.settledAfterDays);
    question += QStringLiteral("\n\n") + tr("Removed snapshots cannot be brought back.");
    if (!m_confirm(question))
        return;
    const PruneRequest request = edited.pruneRequest(QDateTime::currentSecsSinceEpoch(), false);
    if (!m_controller->startPrune(request))
        setStatus(tr("A prune is running; wait for it or stop it first."), true);
}

void StoragePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_controller && m_controller->canMeasure() && !m_controller->isReadingSizes())
        m_controller->readSizes();
    updateControls();
}

void StoragePage::updateControls()
{
    const bool attached = m_controller && m_controller->isAttached();
    const bool measured = m_controller && m_controller->canMeasure();
    const bool running = attached && m_controller->isPruning();
    m_preview->setEnabled(attached && !running);
    m_pruneNow->setEnabled(attached && !running);
    m_stop->setEnabled(running);
    m_refresh->setEnabled(measured);
    m_progress->setVisible(running);
    const QString notOpen = tr("The database is not open: nothing can be pruned or measured now.");
    // The daily choice stays as saved (other databases use it); it is not offered here.
    m_daily->setEnabled(!m_controller || m_controller->dailyUnavailableReason().isEmpty());
    updateLastDaily();
    if (!attached) {
        setStatus(notOpen);
        if (!measured) {
            m_tables->setRowCount(0);
            m_sizeSummary->clear();
            return;
        }
    }
    if (m_status->text() == notOpen)
        setStatus(QString());
    if (m_controller->isReadingSizes() && m_tables->rowCount() == 0) {
        m_sizeSummary->setText(tr("Measuring the tables\u2026"));
    }
}

void StoragePage::updateLastDaily()
{
    const QString dailyUnavailable = m_controller ? m_controller->dailyUnavailableReason() : QString();
    if (!dailyUnavailable.isEmpty()) {
        m_lastDaily->setText(dailyUnavailable);
        return;
    }
    m_lastDaily->setText(m_settings.lastDailyPrune > 0
            ? tr("Last daily prune: %1")
                  .arg(QLocale().toString(
                      QDateTime::fromSecsSinceEpoch(m_settings.lastDailyPrune), QLocale::ShortFormat))
            : tr("No daily prune has run yet."));
}

void StoragePage::onPruneStarted()
{
    m_lastResult.reset();
    const bool dryRun = m_controller && m_controller->runningRequest().dryRun;
    setStatus(dryRun ? tr("Counting what would go\u2026") : tr("Pruning\u2026"));
    updateControls();
}

void StoragePage::onPruneProgress(const PruneResult &soFar)
{
    setStatus(StorageController::describeProgress(soFar));
}

void StoragePage::onPruneFinished(const PruneResult &result)
{
    const StorageSizes sizes = m_controller ? m_controller->sizes() : StorageSizes();
    m_lastResult = std::make_shared<const PruneResult>(result);
    setStatus(StorageController::describe(result, sizes), !result.ok);
    updateControls();
}

void StoragePage::showSizes(const StorageSizes &sizes)
{
    const QLocale locale;
    if (!sizes.ok) {
        m_tables->setRowCount(0);
        m_sizeSummary->setText(tr("The sizes could not be read: %1").arg(sizes.error));
        return;
    }
    m_tables->setRowCount(int(sizes.tables.size()));
    for (int row = 0; row < sizes.tables.size(); ++row) {
        const StorageSizes::Table &table = sizes.tables.at(row);
        m_tables->setItem(row, 0, new QTableWidgetItem(table.name));
        m_tables->setItem(row, 1, numberItem(table.rows >= 0 ? locale.toString(table.rows) : QString()));
        auto *bytes = numberItem(locale.formattedDataSize(table.bytes, 1));
        bytes->setToolTip(tr("%1 bytes").arg(locale.toString(table.bytes)));
        bytes->setData(Qt::UserRole, table.bytes);
        m_tables->setItem(row, 2, bytes);
    }
    QString summary = sizes.onServer
        ? tr("The database on the PostgreSQL server: %1 (pg_database_size).")
              .arg(locale.formattedDataSize(sizes.fileBytes, 1))
        : tr("The file with its write-ahead log: %1, of which %2 free inside it for new data.")
              .arg(
                  locale.formattedDataSize(sizes.fileBytes, 1), locale.formattedDataSize(sizes.freeBytes, 1));
    if (!sizes.bytesPerTable)
        summary += u' ' + tr("This SQLite library cannot measure single tables.");
    m_sizeSummary->setText(summary);
    // The estimate of the last result follows the sizes read after it.
    if (m_lastResult && m_lastResult->request.dryRun)
        setStatus(StorageController::describe(*m_lastResult, sizes), !m_lastResult->ok);
    updateControls();
}

void StoragePage::setStatus(const QString &text, bool error)
{
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText,
        error ? SyncFormat::statusColor(SyncStatus::Failed) : this->palette().color(QPalette::WindowText));
    m_status->setPalette(palette);
    m_status->setText(text);
}

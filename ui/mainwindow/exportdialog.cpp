#include "mainwindow/exportdialog.h"

#include "browser/browserwidget.h"
#include "chart/snapshotchart.h"
#include "dashboard/syncformat.h"
#include "mainwindow/chartpanel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

ExportDialog::ExportDialog(
    const QString &databasePath, const Source &browser, const Source &chart, QWidget *parent)
    : QDialog(parent)
    , m_databasePath(databasePath)
    , m_browser(browser)
    , m_chart(chart)
    , m_job(new ExportJob(this))
{
    setWindowTitle(tr("Export"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(form);

    m_sourceBrowser
        = new QRadioButton(browser.available ? browser.description : browser.unavailableReason, this);
    m_sourceBrowser->setObjectName(QStringLiteral("sourceBrowser"));
    m_sourceBrowser->setEnabled(browser.available);
    m_sourceChart = new QRadioButton(chart.available ? chart.description : chart.unavailableReason, this);
    m_sourceChart->setObjectName(QStringLiteral("sourceChart"));
    m_sourceChart->setEnabled(chart.available);
    auto *sources = new QButtonGroup(this);
    sources->addButton(m_sourceBrowser);
    sources->addButton(m_sourceChart);
    auto *sourceColumn = new QVBoxLayout;
    sourceColumn->addWidget(m_sourceBrowser);
    sourceColumn->addWidget(m_sourceChart);
    form->addRow(tr("What:"), sourceColumn);

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("format"));
    m_format->addItem(tr("CSV (a header row, comma-separated)"), int(ExportRequest::Format::Csv));
    m_format->addItem(tr("JSON Lines (one object per line)"), int(ExportRequest::Format::Jsonl));
    auto *formatLabel = new QLabel(tr("&Format:"), this);
    formatLabel->setBuddy(m_format);
    form->addRow(formatLabel, m_format);

    m_units
        = new QRadioButton(tr("&Integer units: prices in micro-dollars, counts in centi-contracts"), this);
    m_units->setObjectName(QStringLiteral("units"));
    m_dollars = new QRadioButton(tr("&Dollars and contracts (exact decimals)"), this);
    m_dollars->setObjectName(QStringLiteral("dollars"));
    m_units->setChecked(true);
    auto *unitGroup = new QButtonGroup(this);
    unitGroup->addButton(m_units);
    unitGroup->addButton(m_dollars);
    auto *unitColumn = new QVBoxLayout;
    unitColumn->addWidget(m_units);
    unitColumn->addWidget(m_dollars);
    form->addRow(tr("Values:"), unitColumn);

    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("path"));
    m_path->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 50);
    m_browse = new QPushButton(tr("&Browse\u2026"), this);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto *pathLabel = new QLabel(tr("Fi&le:"), this);
    pathLabel->setBuddy(m_path);
    form->addRow(pathLabel, pathRow);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->hide();
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(this);
    m_export = buttons->addButton(tr("E&xport"), QDialogButtonBox::AcceptRole);
    m_export->setObjectName(QStringLiteral("export"));
    m_export->setDefault(true);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons);

    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    // While exporting, the button is Cancel: it stops the export and the dialog stays to say so.
    connect(m_close, &QPushButton::clicked, this, [this] {
        if (m_job->isRunning())
            cancelExport();
        else
            reject();
    });
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::chooseFile);
    connect(m_job, &ExportJob::progress, this, &ExportDialog::onProgress);
    connect(m_job, &ExportJob::finished, this, &ExportDialog::onFinished);
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        // The suffix follows the format while the name is the suggested one.
        const QString path = m_path->text();
        const QFileInfo info(path);
        if (!path.isEmpty() && (info.suffix() == u"csv" || info.suffix() == u"jsonl"))
            m_path->setText(info.dir().filePath(info.completeBaseName() + u'.' + suffix()));
    });
    const auto suggest = [this] {
        m_path->setText(
            QDir::toNativeSeparators(QDir::home().filePath(currentSource().suggestedName + u'.' + suffix())));
    };
    connect(sources, &QButtonGroup::buttonToggled, this, [suggest](QAbstractButton *, bool checked) {
        if (checked)
            suggest();
    });
    setSource(browser.available || !chart.available ? SourceKind::Browser : SourceKind::Chart);
    suggest();
    updateControls();
}

ExportDialog::~ExportDialog() = default;

ExportDialog::Source ExportDialog::browserSource(const BrowserWidget *browser)
{
    Source source;
    const BrowserWidget::Tab tab = browser->currentTab();
    const BrowserTableModel *model = browser->model(tab);
    const auto table = tab == BrowserWidget::EventsTab ? ExportRequest::Table::Events
        : tab == BrowserWidget::SettlementsTab         ? ExportRequest::Table::Settlements
                                                       : ExportRequest::Table::Markets;
    const QString tableTitle = tab == BrowserWidget::EventsTab ? tr("Events")
        : tab == BrowserWidget::SettlementsTab                 ? tr("Settlements")
                                                               : tr("Markets");
    source.request.table = table;
    source.suggestedName = ExportRequest::tableName(table);
    if (!browser->isDatabaseOpen() || !model) {
        source.unavailableReason = tr("Browser: the database is not open");
        return source;
    }
    // The browser's rows, in its order, with the export's columns of their table.
    TableExporter::Statement statement;
    const QString shown = model->shownRowsSql(&statement.bindValues);
    QStringList columns;
    for (const ExportColumn &column : TableExporter::columns(table))
        columns.append(QStringLiteral("x.") + QString::fromLatin1(column.name));
    statement.sql = QStringLiteral("SELECT ") + columns.join(QStringLiteral(", ")) + QStringLiteral(" FROM (")
        + shown + QStringLiteral(") AS shown JOIN ") + ExportRequest::tableName(table)
        + QStringLiteral(" AS x ON x.ticker = shown.shown_ticker ORDER BY shown.shown_order");
    source.statement = statement;
    const BrowserTableModel::Filter filter = model->filter();
    QStringList what;
    if (!filter.searchText.isEmpty())
        what.append(tr("search \u201c%1\u201d").arg(filter.searchText));
    switch (filter.status) {
    case BrowserTableModel::StatusFilter::All:
        break;
    case BrowserTableModel::StatusFilter::Unopened:
        what.append(tr("not yet open"));
        break;
    case BrowserTableModel::StatusFilter::Open:
        what.append(tr("open"));
        break;
    case BrowserTableModel::StatusFilter::Paused:
        what.append(tr("paused"));
        break;
    case BrowserTableModel::StatusFilter::Closed:
        what.append(tr("closed"));
        break;
    case BrowserTableModel::StatusFilter::Settled:
        what.append(tr("settled"));
        break;
    }
    if (!filter.category.isEmpty())
        what.append(tr("category %1").arg(filter.category));
    if (!filter.eventTicker.isEmpty())
        what.append(tr("event %1").arg(filter.eventTicker));
    const qint64 rows = model->matchingCount();
    const QString count
        = rows >= 0 ? tr("%Ln row(s)", nullptr, int(qMin<qint64>(rows, INT_MAX))) : tr("all rows");
    source.description = what.isEmpty()
        ? tr("B&rowser: %1, %2").arg(tableTitle, count)
        : tr("B&rowser: %1, %2 (%3)").arg(tableTitle, count, what.join(QStringLiteral(", ")));
    source.available = true;
    return source;
}

ExportDialog::Source ExportDialog::chartSource(const ChartPanel *panel)
{
    Source source;
    source.request.table = ExportRequest::Table::Snapshots;
    const SnapshotChart *chart = panel->chart();
    const QString ticker = panel->currentTicker();
    if (ticker.isEmpty() || chart->pointCount() == 0) {
        source.unavailableReason = tr("Chart: no market with snapshots is shown");
        return source;
    }
    const QPair<qint64, qint64> range = chart->visibleTimeRange();
    source.request.tickers = {ticker};
    source.request.since = range.first;
    source.request.until = range.second + 1;
    source.suggestedName = ticker;
    const QLocale locale;
    const auto time = [&locale](qint64 secs) {
        return locale.toString(QDateTime::fromSecsSinceEpoch(secs), QLocale::ShortFormat);
    };
    source.description = tr("C&hart: the snapshots of %1 shown, %2 to %3")
                             .arg(ticker, time(range.first), time(range.second));
    source.available = true;
    return source;
}

void ExportDialog::setSource(SourceKind kind)
{
    (kind == SourceKind::Browser ? m_sourceBrowser : m_sourceChart)->setChecked(true);
}

void ExportDialog::setFormat(ExportRequest::Format format)
{
    m_format->setCurrentIndex(qMax(0, m_format->findData(int(format))));
}

void ExportDialog::setDollars(bool dollars)
{
    (dollars ? m_dollars : m_units)->setChecked(true);
}

void ExportDialog::setOutputPath(const QString &path)
{
    m_path->setText(QDir::toNativeSeparators(path));
}

QString ExportDialog::outputPath() const
{
    return QDir::fromNativeSeparators(m_path->text().trimmed());
}

QString ExportDialog::statusText() const
{
    return m_status->text();
}

const ExportDialog::Source &ExportDialog::currentSource() const
{
    return m_sourceChart->isChecked() ? m_chart : m_browser;
}

QString ExportDialog::suffix() const
{
    return m_format->currentData().toInt() == int(ExportRequest::Format::Jsonl) ? QStringLiteral("jsonl")
                                                                                : QStringLiteral("csv");
}

ExportJobRequest ExportDialog::jobRequest() const
{
    const Source &source = currentSource();
    ExportJobRequest job;
    job.databasePath = m_databasePath;
    job.request = source.request;
    job.request.format = ExportRequest::Format(m_format->currentData().toInt());
    job.request.dollars = m_dollars->isChecked();
    job.request.outPath = outputPath();
    job.statement = source.statement;
    const TableExporter::Statement rows
        = source.statement ? *source.statement : TableExporter(job.request).statement();
    job.countStatement = TableExporter::Statement{
        QStringLiteral("SELECT count(*) FROM (") + rows.sql + QStringLiteral(") AS counted"),
        rows.bindValues};
    job.progressEveryRows = m_progressEveryRows;
    return job;
}

void ExportDialog::chooseFile()
{
    const bool jsonl = suffix() == u"jsonl";
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export To"), outputPath(), jsonl ? tr("JSON Lines (*.jsonl)") : tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        setOutputPath(path);
}

bool ExportDialog::startExport()
{
    if (m_job->isRunning() || !currentSource().available)
        return false;
    if (outputPath().isEmpty())
        chooseFile();
    if (outputPath().isEmpty())
        return false;
    if (!m_job->start(jobRequest()))
        return false;
    m_progress->setRange(0, 0);
    m_progress->show();
    m_status->setPalette(palette());
    m_status->setText(tr("Exporting to %1\u2026").arg(QDir::toNativeSeparators(outputPath())));
    updateControls();
    return true;
}

void ExportDialog::cancelExport()
{
    if (!m_job->isRunning())
        return;
    m_job->cancel();
    m_status->setText(tr("Cancelling\u2026"));
}

void ExportDialog::reject()
{
    if (m_job->isRunning()) {
        // Closing stops the export first; the dialog closes once the thread has let go of the file.
        m_closeWhenStopped = true;
        cancelExport();
        return;
    }
    QDialog::reject();
}

void ExportDialog::onProgress(qint64 rows, qint64 total)
{
    const QLocale locale;
    if (total > 0) {
        // Rows may pass the count when the collector commits meanwhile.
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(qMin<qint64>(1000, rows * 1000 / total)));
        m_status->setText(
            tr("Exported %1 of %2 rows\u2026").arg(locale.toString(rows), locale.toString(total)));
    } else if (rows > 0) {
        m_status->setText(tr("Exported %1 rows\u2026").arg(locale.toString(rows)));
    }
}

void ExportDialog::onFinished(const ExportOutcome &outcome)
{
    const QLocale locale;
    const QString path = QDir::toNativeSeparators(outcome.outPath);
    m_progress->hide();
    QPalette statusPalette = palette();
    if (outcome.ok) {
        m_status->setText(
            tr("Exported %Ln row(s) to %1.", nullptr, int(qMin<qint64>(outcome.rows, INT_MAX))).arg(path));
    } else {
        statusPalette.setColor(QPalette::WindowText, SyncFormat::statusColor(SyncStatus::Failed));
        m_status->setText(outcome.cancelled
                ? tr("Cancelled after %1 rows: nothing was written to %2.")
                      .arg(locale.toString(outcome.rows), path)
                : tr("The export failed: %1. Nothing was written to %2.").arg(outcome.error, path));
    }
    m_status->setPalette(statusPalette);
    updateControls();
    Q_EMIT exportFinished(outcome);
    if (std::exchange(m_closeWhenStopped, false))
        QDialog::reject();
}

void ExportDialog::updateControls()
{
    const bool running = m_job->isRunning();
    for (QWidget *field :
        {static_cast<QWidget *>(m_format), static_cast<QWidget *>(m_units), static_cast<QWidget *>(m_dollars),
            static_cast<QWidget *>(m_path), static_cast<QWidget *>(m_browse)})
        field->setEnabled(!running);
    m_sourceBrowser->setEnabled(!running && m_browser.available);
    m_sourceChart->setEnabled(!running && m_chart.available);
    m_export->setEnabled(!running && currentSource().available);
    m_close->setText(running ? tr("Cancel") : tr("Close"));
}

#pragma once

#include "export/exportjob.h"

#include <QDialog>

class BrowserWidget;
class ChartPanel;
class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

// Lives in the GUI thread. File > Export: the rows the browser's current tab and filter show, or the
// snapshots the chart shows, to CSV or JSON Lines in the database's integer units or in dollars and
// contracts, written by an ExportJob (a thread of its own with its own read-only connection,
// streaming; the file appears only once complete). Progress and Cancel while it runs; Cancel (or
// closing) stops it and leaves no partial file. Fields have object names for tests: "sourceBrowser",
// "sourceChart", "format", "units", "dollars", "path", "progress", "status", "export".
class ExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)

public:
    // One thing to export: the table's columns (TableExporter::columns) for the request's filters,
    // or for `statement` when given.
    struct Source
    {
        QString description; // e.g. "Browser: Markets, 1,204 rows (status: open, search “fed”)"
        ExportRequest request; // table; filters when no statement
        std::optional<TableExporter::Statement> statement;
        QString suggestedName; // file name without suffix
        bool available = false;
        QString unavailableReason;
    };
    enum class SourceKind { Browser, Chart };

    // What the browser's current tab and filter show (its rows in its order), and the snapshots in
    // the chart's visible time range.
    static Source browserSource(const BrowserWidget *browser);
    static Source chartSource(const ChartPanel *panel);

    ExportDialog(
        const QString &databasePath, const Source &browser, const Source &chart, QWidget *parent = nullptr);
    ~ExportDialog() override;

    void setSource(SourceKind kind);
    void setFormat(ExportRequest::Format format);
    void setDollars(bool dollars);
    void setOutputPath(const QString &path);
    QString outputPath() const;
    // Rows between two progress reports (and cancel checks); for tests.
    void setProgressEveryRows(qint64 rows) { m_progressEveryRows = rows; }

    bool isExporting() const { return m_job->isRunning(); }
    QString statusText() const;
    // The request the Export button would start now.
    ExportJobRequest jobRequest() const;

public Q_SLOTS:
    // Starts the export to outputPath() (asking for one when empty); false if nothing started.
    bool startExport();
    void cancelExport();
    void reject() override;

Q_SIGNALS:
    void exportFinished(const ExportOutcome &outcome);

private:
    void chooseFile();
    void onProgress(qint64 rows, qint64 total);
    void onFinished(const ExportOutcome &outcome);
    void updateControls();
    const Source &currentSource() const;
    QString suffix() const;

    const QString m_databasePath;
    const Source m_browser;
    const Source m_chart;
    ExportJob *m_job;
    qint64 m_progressEveryRows = 20000;
    QRadioButton *m_sourceBrowser;
    QRadioButton *m_sourceChart;
    QComboBox *m_format;
    QRadioButton *m_units;
    QRadioButton *m_dollars;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QProgressBar *m_progress;
    QLabel *m_status;
    QPushButton *m_export;
    QPushButton *m_close;
    bool m_closeWhenStopped = false;
};

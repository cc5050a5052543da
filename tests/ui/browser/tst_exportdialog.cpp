#include <QApplication>

#include "browser/browserwidget.h"
#include "browsertestdb.h"
#include "chart/snapshotchart.h"
#include "mainwindow/chartpanel.h"
#include "mainwindow/exportdialog.h"
#include "recordfactory.h"
#include "storage/schema.h"
#include "storage/writerthread.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

// RFC 4180 as the exporter writes it: CRLF line ends, quoted fields with doubled quotes.
QList<QStringList> parseCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            row.append(field);
            field.clear();
            rows.append(row);
            row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TstExportDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;

    bool showFiltered(BrowserWidget &widget, const QString &search)
    {
        widget.findChild<QLineEdit *>(QStringLiteral("searchEdit"))->setText(search);
        BrowserTableModel *model = widget.model(BrowserWidget::MarketsTab);
        return QTest::qWaitFor([model, &search] { return model->filter().searchText == search; }, 10000)
            && BrowserTestDb::settle(*model);
    }

    // Exports with the dialog and waits for the outcome.
    static ExportOutcome exportWith(ExportDialog &dialog)
    {
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        if (!dialog.startExport() || !finished.wait(60000))
            return {};
        return finished.at(0).at(0).value<ExportOutcome>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("export.db"));
        QString error;
        QVERIFY2(BrowserTestDb::create(m_path, {40, 4000}, &error), qPrintable(error));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }

    void filteredBrowserViewExportsExactlyItsRows()
    {
        BrowserWidget widget;
        widget.setDatabasePath(m_path);
        QVERIFY(widget.isDatabaseOpen());
        QVERIFY(showFiltered(widget, QStringLiteral("gamma")));
        BrowserTableModel *model = widget.model(BrowserWidget::MarketsTab);
        // What the browser shows: open markets whose words match "gamma", by 24 h volume.
        const QStringList shown = BrowserTestDb::modelTickers(*model);
        QVERIFY(shown.size() > 50);
        QVERIFY(model->matchingCount() < 4000);
        QVERIFY(!shown.contains(QString()));

        ChartPanel chart;
        const ExportDialog::Source browser = ExportDialog::browserSource(&widget);
        QVERIFY(browser.available);
        QVERIFY2(browser.description.contains(QStringLiteral("gamma")), qPrintable(browser.description));
        QVERIFY2(
            browser.description.contains(QLocale().toString(shown.size())), qPrintable(browser.description));
        const ExportDialog::Source noChart = ExportDialog::chartSource(&chart);
        QVERIFY(!noChart.available);
        ExportDialog dialog(m_path, browser, noChart);
        const QString out = m_dir.filePath(QStringLiteral("gamma.csv"));
        dialog.setOutputPath(out);
        dialog.setProgressEveryRows(25);
        const ExportOutcome outcome = exportWith(dialog);
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        QCOMPARE(outcome.rows, qint64(shown.size()));
        QVERIFY2(
            dialog.statusText().startsWith(QStringLiteral("Exported ")), qPrintable(dialog.statusText()));

        const QList<QStringList> rows = parseCsv(readAll(out));
        QCOMPARE(rows.size(), shown.size() + 1);
        QStringList header;
        for (const ExportColumn &column : TableExporter::columns(ExportRequest::Table::Markets))
            header.append(QString::fromLatin1(column.name));
        QCOMPARE(rows.first(), header);
        QStringList tickers;
        for (qsizetype i = 1; i < rows.size(); ++i)
            tickers.append(rows.at(i).at(0));
        QCOMPARE(tickers, shown); // the same rows, in the browser's order
        // The values are the database's, in integer units.
        const int yesBid = int(header.indexOf(QStringLiteral("yes_bid")));
        const int status = int(header.indexOf(QStringLiteral("status")));
        const QList<QVariantList> stored
            = BrowserTestDb::rows(m_path, QStringLiteral("SELECT ticker, yes_bid, status FROM markets"));
        QHash<QString, QVariantList> byTicker;
        for (const QVariantList &row : stored)
            byTicker.insert(row.at(0).toString(), row);
        for (qsizetype i = 1; i < rows.size(); ++i) {
            const QVariantList &expected = byTicker.value(rows.at(i).at(0));
            QCOMPARE(rows.at(i).at(yesBid), expected.at(1).isNull() ? QString() : expected.at(1).toString());
            QCOMPARE(rows.at(i).at(status), expected.at(2).toString());
        }
    }

    void jsonLinesInDollars()
    {
        BrowserWidget widget;
        widget.setDatabasePath(m_path);
        QVERIFY(showFiltered(widget, QStringLiteral("delta")));
        BrowserTableModel *model = widget.model(BrowserWidget::MarketsTab);
        const QStringList shown = BrowserTestDb::modelTickers(*model);
        QVERIFY(!shown.isEmpty());
        ChartPanel chart;
        ExportDialog dialog(m_path, ExportDialog::browserSource(&widget), ExportDialog::chartSource(&chart));
        dialog.setFormat(ExportRequest::Format::Jsonl);
        dialog.setDollars(true);
        QVERIFY(dialog.outputPath().endsWith(QStringLiteral("markets.jsonl")));
        const QString out = m_dir.filePath(QStringLiteral("delta.jsonl"));
        dialog.setOutputPath(out);
        const ExportOutcome outcome = exportWith(dialog);
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        const QList<QByteArray> lines = readAll(out).split('\n');
        QCOMPARE(lines.size(), shown.size() + 1); // the last line ends with a newline
        QVERIFY(lines.last().isEmpty());
        for (qsizetype i = 0; i < shown.size(); ++i) {
            QJsonParseError error;
            const QJsonObject object = QJsonDocument::fromJson(lines.at(i), &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(object.value(QStringLiteral("ticker")).toString(), shown.at(i));
            const QVariant micros = KmTest::queryValue(
                m_path, QStringLiteral("SELECT yes_bid FROM markets WHERE ticker = '%1'").arg(shown.at(i)));
            if (micros.isNull())
                QVERIFY(object.value(QStringLiteral("yes_bid")).isNull());
            else // exact decimals: 450000 micro-dollars is 0.4500
                QCOMPARE(object.value(QStringLiteral("yes_bid")).toDouble(), micros.toLongLong() / 1e6);
        }
    }

    void cancelLeavesNoPartialFile()
    {
        BrowserWidget widget;
        widget.setDatabasePath(m_path);
        QVERIFY(BrowserTestDb::settle(*widget.model(BrowserWidget::MarketsTab)));
        ChartPanel chart;
        ExportDialog dialog(m_path, ExportDialog::browserSource(&widget), ExportDialog::chartSource(&chart));
        dialog.setProgressEveryRows(10);
        // An older export of the same name stays as it was; a new name is not created.
        const QString existing = m_dir.filePath(QStringLiteral("old.csv"));
        {
            QFile file(existing);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("old content\n");
        }
        const QString fresh = m_dir.filePath(QStringLiteral("fresh.csv"));
        const QStringList before = QDir(m_dir.path()).entryList(QDir::Files);
        for (const QString &out : {existing, fresh}) {
            dialog.setOutputPath(out);
            QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
            QVERIFY(dialog.startExport());
            QVERIFY(dialog.isExporting());
            // The button beside Export is Cancel while it runs.
            QPushButton *cancel = nullptr;
            for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
                if (button->text() == QStringLiteral("Cancel"))
                    cancel = button;
            }
            QVERIFY(cancel);
            QTest::mouseClick(cancel, Qt::LeftButton);
            QVERIFY(finished.wait(60000));
            const ExportOutcome outcome = finished.at(0).at(0).value<ExportOutcome>();
            QVERIFY(outcome.cancelled);
            QVERIFY(!outcome.ok);
            QVERIFY2(dialog.statusText().startsWith(QStringLiteral("Cancelled after ")),
                qPrintable(dialog.statusText()));
            QVERIFY(dialog.statusText().contains(QStringLiteral("nothing was written")));
        }
        QCOMPARE(readAll(existing), QByteArray("old content\n"));
        QVERIFY(!QFile::exists(fresh));
        // No temporary file is left beside them.
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), before);
    }

    void chartDataExportsTheVisibleSnapshots()
    {
        // 40 snapshots of one market, a minute apart, written as collection writes them.
        const QString path = m_dir.filePath(QStringLiteral("chart.db"));
        const qint64 start = 1800000000;
        {
            DatabaseWriter::Options options;
            options.databasePath = path;
            WriterThread writer(options);
            QString error;
            QVERIFY2(writer.startAndWait(&error), qPrintable(error));
            DatabaseWriter *w = writer.writer();
            QSignalSpy written(w, &DatabaseWriter::batchWritten);
            WriteBatch batch;
            batch.kind = WriteBatch::Kind::Snapshots;
            for (int i = 0; i < 40; ++i) {
                batch.markets.append(RecordFactory::market(1));
                batch.snapshots.append(RecordFactory::snapshot(1, start + 60 * i));
            }
            QMetaObject::invokeMethod(
                w, [w, batch] { w->write(batch); }, Qt::QueuedConnection);
            QVERIFY(written.wait(30000));
            QVERIFY(written.at(0).at(0).value<BatchResult>().ok);
            writer.stop();
        }
        const QString ticker = RecordFactory::marketTicker(1);
        BrowserTestDb::ReadConnection connection(path);
        QVERIFY2(connection.isOpen(), qPrintable(connection.error()));
        ChartPanel chart;
        chart.setDatabase(connection.name(), path);
        chart.showMarket(ticker);
        QCOMPARE(chart.chart()->pointCount(), 40);
        chart.chart()->setVisibleTimeRange(start + 600, start + 1200);
        const QPair<qint64, qint64> range = chart.chart()->visibleTimeRange();
        const qint64 visible = KmTest::countRows(path,
            QStringLiteral("price_snapshots WHERE snapshot_time BETWEEN %1 AND %2")
                .arg(range.first)
                .arg(range.second));
        QVERIFY(visible > 5 && visible < 40);

        BrowserWidget widget;
        const ExportDialog::Source source = ExportDialog::chartSource(&chart);
        QVERIFY(source.available);
        QVERIFY2(source.description.contains(ticker), qPrintable(source.description));
        ExportDialog dialog(path, ExportDialog::browserSource(&widget), source);
        QVERIFY(dialog.outputPath().endsWith(ticker + QStringLiteral(".csv")));
        const QString out = m_dir.filePath(QStringLiteral("chart.csv"));
        dialog.setOutputPath(out);
        const ExportOutcome outcome = exportWith(dialog);
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        const QList<QStringList> rows = parseCsv(readAll(out));
        QCOMPARE(rows.size(), visible + 1);
        QCOMPARE(rows.first().at(1), QStringLiteral("snapshot_time"));
        QCOMPARE(rows.at(1).at(0), ticker);
        for (qsizetype i = 1; i < rows.size(); ++i) {
            const QDateTime time = QDateTime::fromString(rows.at(i).at(1), Qt::ISODate);
            QVERIFY(time.toSecsSinceEpoch() >= range.first && time.toSecsSinceEpoch() <= range.second);
        }
    }

    void failureIsShownAndWritesNothing()
    {
        BrowserWidget widget;
        widget.setDatabasePath(m_path);
        QVERIFY(BrowserTestDb::settle(*widget.model(BrowserWidget::MarketsTab)));
        ChartPanel chart;
        ExportDialog dialog(m_path, ExportDialog::browserSource(&widget), ExportDialog::chartSource(&chart));
        const QString out = m_dir.filePath(QStringLiteral("no-such-folder/out.csv"));
        dialog.setOutputPath(out);
        const ExportOutcome outcome = exportWith(dialog);
        QVERIFY(!outcome.ok);
        QVERIFY(!outcome.cancelled);
        QVERIFY(!outcome.error.isEmpty());
        QVERIFY2(dialog.statusText().startsWith(QStringLiteral("The export failed: ")),
            qPrintable(dialog.statusText()));
        QVERIFY(!QFile::exists(out));
    }
};

KM_TEST_WIDGETS_MAIN(TstExportDialog)
#include "tst_exportdialog.moc"

// Renders Settings > Storage (after a preview and after a prune) and the export dialog in the middle
// of an export, against databases built here, to PNGs a person can judge:
//   storage_screenshots [output folder, default /tmp]
//   panel-storage-preview.png, panel-storage-pruned.png, panel-export-progress.png
#include "browser/browserwidget.h"
#include "browsertestdb.h"
#include "englishplurals.h"
#include "mainwindow/chartpanel.h"
#include "mainwindow/exportdialog.h"
#include "recordfactory.h"
#include "settings/settingsdialog.h"
#include "settings/storagecontroller.h"
#include "settings/storagepage.h"
#include "storage/writerthread.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

namespace {

void save(QWidget &widget, const QString &path)
{
    if (!widget.grab().save(path))
        std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
    else
        std::printf("%s (%dx%d)\n", qPrintable(path), widget.width(), widget.height());
}

// 200 markets, a snapshot every 10 minutes for the last 12 days, written by the writer.
bool fill(WriterThread &writer)
{
    DatabaseWriter *w = writer.writer();
    QSignalSpy written(w, &DatabaseWriter::batchWritten);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    int batches = 1;
    QMetaObject::invokeMethod(
        w, [w] { w->write(RecordFactory::marketsBatch(0, 200)); }, Qt::QueuedConnection);
    for (qint64 time = now - 12 * 86400; time < now; time += 600, ++batches) {
        WriteBatch batch;
        batch.kind = WriteBatch::Kind::Snapshots;
        for (int i = 0; i < 200; ++i) {
            batch.markets.append(RecordFactory::market(i));
            batch.snapshots.append(RecordFactory::snapshot(i, time));
        }
        QMetaObject::invokeMethod(
            w, [w, batch] { w->write(batch); }, Qt::QueuedConnection);
    }
    return QTest::qWaitFor([&] { return written.size() == batches; }, 300000);
}

void storage(const QString &folder, const QString &path)
{
    DatabaseWriter::Options options;
    options.databasePath = path;
    WriterThread writer(options);
    QString error;
    if (!writer.startAndWait(&error) || !fill(writer)) {
        std::fprintf(stderr, "cannot fill %s: %s\n", qPrintable(path), qPrintable(error));
        return;
    }
    StorageController controller;
    StorageSettings settings;
    settings.olderThanDays = 7;
    settings.daily = true;
    controller.setSettings(settings);
    controller.attach(writer.writer(), path);
    SettingsDialog dialog;
    AppSettings app = AppSettings::defaults();
    app.databasePath = path;
    app.storage = settings;
    dialog.setSettings(app);
    dialog.setStorageController(&controller);
    dialog.showStoragePage();
    dialog.resize(760, 720);
    dialog.show();
    QSignalSpy sizes(&controller, &StorageController::sizesRead);
    QSignalSpy finished(&controller, &StorageController::pruneFinished);
    sizes.wait(30000);
    dialog.storagePage()->preview();
    finished.wait(60000);
    QTest::qWait(500);
    save(dialog, folder + QLatin1String("/panel-storage-preview.png"));
    dialog.storagePage()->setConfirmation([](const QString &) { return true; });
    QElapsedTimer timer;
    timer.start();
    dialog.storagePage()->pruneNow();
    finished.wait(120000);
    if (finished.size() == 2)
        std::printf("prune of %lld snapshot rows through the writer: %lld ms\n",
            finished.at(1).at(0).value<PruneResult>().rowsRemoved(), timer.elapsed());
    sizes.wait(30000);
    QTest::qWait(300);
    save(dialog, folder + QLatin1String("/panel-storage-pruned.png"));
    controller.attach(nullptr, QString());
    writer.stop();
}

void exportProgress(const QString &folder, const QString &path)
{
    QString error;
    if (!BrowserTestDb::create(path, {2000, 400000}, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return;
    }
    BrowserWidget browser;
    browser.setDatabasePath(path);
    BrowserTestDb::settle(*browser.model(BrowserWidget::MarketsTab));
    ChartPanel chart;
    ExportDialog dialog(path, ExportDialog::browserSource(&browser), ExportDialog::chartSource(&chart));
    dialog.setProgressEveryRows(2000);
    dialog.setOutputPath(folder + QLatin1String("/markets-export.csv"));
    dialog.show();
    auto *bar = dialog.findChild<QProgressBar *>(QStringLiteral("progress"));
    bool saved = false;
    QObject::connect(bar, &QProgressBar::valueChanged, &dialog, [&](int value) {
        if (saved || value < 350)
            return;
        saved = true;
        save(dialog, folder + QLatin1String("/panel-export-progress.png"));
    });
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    QElapsedTimer timer;
    timer.start();
    dialog.startExport();
    finished.wait(120000);
    if (!finished.isEmpty())
        std::printf("export of %lld browser rows: %lld ms\n",
            finished.at(0).at(0).value<ExportOutcome>().rows, timer.elapsed());
    QTest::qWait(200);
    save(dialog, folder + QLatin1String("/panel-export-done.png"));
    QFile::remove(folder + QLatin1String("/markets-export.csv"));
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    EnglishPlurals plurals;
    QCoreApplication::installTranslator(&plurals);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const QStringList args = QCoreApplication::arguments();
    const QString folder = args.size() > 1 ? args.at(1) : QStringLiteral("/tmp");
    QTemporaryDir work;
    storage(folder, work.filePath(QStringLiteral("storage.db")));
    exportProgress(folder, work.filePath(QStringLiteral("export.db")));
    return 0;
}

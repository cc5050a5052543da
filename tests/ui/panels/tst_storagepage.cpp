#include <QApplication>

#include "databasefolder.h"
#include "englishplurals.h"
#include "recordfactory.h"
#include "settings/settingsdialog.h"
#include "settings/storagecontroller.h"
#include "settings/storagepage.h"
#include "storage/writerthread.h"
#include "testsupport.h"
#include "writelock.h"

#include <QCheckBox>
#include <QDateTime>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

#include <memory>

namespace {

constexpr qint64 day = 86400;
constexpr int marketCount = 5;

// Snapshot rows of `marketCount` markets every 10 minutes for two days, ending `daysAgo` days ago.
QList<WriteBatch> snapshotBatches(qint64 now, int daysAgo)
{
    QList<WriteBatch> batches = {RecordFactory::marketsBatch(0, marketCount)};
    const qint64 end = now - daysAgo * day;
    for (qint64 time = end - 2 * day; time < end; time += 600) {
        WriteBatch batch;
        batch.kind = WriteBatch::Kind::Snapshots;
        for (int i = 0; i < marketCount; ++i) {
            batch.markets.append(RecordFactory::market(i));
            batch.snapshots.append(RecordFactory::snapshot(i, time));
        }
        batches.append(batch);
    }
    return batches;
}

// The app's arrangement: a writer thread, the controller attached to its writer, the page on it.
struct Fixture
{
    explicit Fixture(const QString &databasePath, int busyDeadlineMs = 30000)
        : path(databasePath)
    {
        DatabaseWriter::Options options;
        options.databasePath = path;
        options.busyTimeoutMs = 50;
        options.busyDeadlineMs = busyDeadlineMs;
        writer = std::make_unique<WriterThread>(options);
    }
    ~Fixture()
    {
        controller.attach(nullptr, QString());
        writer->stop();
    }

    bool start(const QList<WriteBatch> &batches)
    {
        QString error;
        if (!writer->startAndWait(&error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        DatabaseWriter *w = writer->writer();
        QSignalSpy written(w, &DatabaseWriter::batchWritten);
        for (const WriteBatch &batch : batches)
            QMetaObject::invokeMethod(
                w, [w, batch] { w->write(batch); }, Qt::QueuedConnection);
        if (!QTest::qWaitFor([&] { return written.size() == batches.size(); }, 60000))
            return false;
        for (const QList<QVariant> &result : std::as_const(written)) {
            if (!result.at(0).value<BatchResult>().ok)
                return false;
        }
        controller.attach(w, path);
        page.setController(&controller);
        return true;
    }

    QString path;
    std::unique_ptr<WriterThread> writer;
    StorageController controller;
    StoragePage page;
};

template <typename T> T *child(const QWidget &parent, const QString &name)
{
    T *widget = parent.findChild<T *>(name);
    if (!widget)
        qFatal("no child %s", qPrintable(name));
    return widget;
}

qint64 snapshotRows(const QString &path)
{
    return KmTest::countRows(path, QStringLiteral("price_snapshots"));
}

// The rows thinning to hours (or days) keeps of snapshots before `before`, counted independently of
// the pruner: one per market and bucket that has any, plus every newer row.
qint64 rowsKept(const QString &path, qint64 bucket, qint64 before)
{
    return KmTest::countRows(path,
               QStringLiteral("(SELECT DISTINCT ticker, snapshot_time / %1 FROM price_snapshots WHERE "
                              "snapshot_time < %2)")
                   .arg(bucket)
                   .arg(before))
        + KmTest::countRows(path, QStringLiteral("price_snapshots WHERE snapshot_time >= %1").arg(before));
}

} // namespace

class TstStoragePage : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_folder{QStringLiteral("storage")};
    EnglishPlurals m_plurals;

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_folder.isValid());
        QCoreApplication::installTranslator(&m_plurals);
        QCoreApplication::setOrganizationName(QStringLiteral("km-test-storagepage"));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }

    void previewsThenPrunesThroughTheWriter()
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        Fixture fixture(m_folder.newDatabasePath());
        // Ten days old, and one day of recent rows that a 5-day line never touches.
        QList<WriteBatch> batches = snapshotBatches(now, 10);
        batches += snapshotBatches(now, 0).mid(1, 24);
        QVERIFY(fixture.start(batches));
        const QString path = fixture.path;
        const qint64 before = snapshotRows(path);
        QCOMPARE(before, qint64(marketCount * (288 + 24)));
        StoragePage &page = fixture.page;
        child<QSpinBox>(page, QStringLiteral("olderThanDays"))->setValue(5);
        child<QRadioButton>(page, QStringLiteral("keepHourly"))->setChecked(true);
        const qint64 line = now - 5 * day;
        const qint64 kept = rowsKept(path, 3600, line);
        QVERIFY(kept < before);

        QSignalSpy finished(&fixture.controller, &StorageController::pruneFinished);
        QTest::mouseClick(child<QPushButton>(page, QStringLiteral("preview")), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        const PruneResult preview = finished.at(0).at(0).value<PruneResult>();
        QVERIFY2(preview.ok, qPrintable(preview.error));
        QVERIFY(preview.request.dryRun);
        QCOMPARE(preview.rowsRemoved(), before - kept);
        // In words, with the count as the locale writes it and a size estimate (once the sizes, read
        // in their own thread, have arrived); nothing changed.
        const QString expected
            = QStringLiteral("Would remove %1 snapshot rows, about ").arg(QLocale().toString(before - kept));
        QTRY_VERIFY2_WITH_TIMEOUT(
            page.statusText().startsWith(expected), qPrintable(page.statusText()), 30000);
        QVERIFY2(page.statusText().contains(
                     QStringLiteral("%1 older rows stay: the last of each market in each hour.")
                         .arg(kept - marketCount * 24)),
            qPrintable(page.statusText()));
        const QString previewText = page.statusText();
        QCOMPARE(snapshotRows(path), before);

        // Declined: nothing starts.
        QString asked;
        page.setConfirmation([&asked](const QString &question) {
            asked = question;
            return false;
        });
        QTest::mouseClick(child<QPushButton>(page, QStringLiteral("pruneNow")), Qt::LeftButton);
        QVERIFY(asked.contains(QStringLiteral("5 days")));
        QVERIFY(!fixture.controller.isPruning());
        QCOMPARE(page.statusText(), previewText);

        page.setConfirmation([](const QString &) { return true; });
        QSignalSpy sizes(&fixture.controller, &StorageController::sizesRead);
        QTest::mouseClick(child<QPushButton>(page, QStringLiteral("pruneNow")), Qt::LeftButton);
        QVERIFY(fixture.controller.isPruning());
        QVERIFY(!child<QPushButton>(page, QStringLiteral("pruneNow"))->isEnabled());
        QVERIFY(child<QPushButton>(page, QStringLiteral("stopPrune"))->isEnabled());
        QVERIFY(finished.wait(60000));
        const PruneResult pruned = finished.at(1).at(0).value<PruneResult>();
        QVERIFY2(pruned.ok, qPrintable(pruned.error));
        QVERIFY(!pruned.request.dryRun);
        QCOMPARE(pruned.rowsRemoved(), preview.rowsRemoved());
        QCOMPARE(snapshotRows(path), kept);
        QVERIFY2(page.statusText().startsWith(
                     QStringLiteral("Removed %1 snapshot rows. The file keeps its size: the ")
                         .arg(QLocale().toString(before - kept))),
            qPrintable(page.statusText()));
        // Newer rows are untouched.
        QCOMPARE(
            KmTest::countRows(path, QStringLiteral("price_snapshots WHERE snapshot_time >= %1").arg(line)),
            qint64(marketCount * 24));
        // The sizes are read again after a prune.
        QVERIFY(sizes.size() > 0 || sizes.wait(30000));
        QVERIFY(child<QPushButton>(page, QStringLiteral("pruneNow"))->isEnabled());
    }

    void tableSizesAgreeWithTheDatabase()
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        Fixture fixture(m_folder.newDatabasePath());
        QVERIFY(fixture.start(snapshotBatches(now, 3)));
        QSignalSpy sizes(&fixture.controller, &StorageController::sizesRead);
        fixture.page.show();
        QVERIFY(sizes.wait(30000));
        const auto *table = child<QTableWidget>(fixture.page, QStringLiteral("tableSizes"));
        QVERIFY(table->rowCount() >= 4);
        QStringList names;
        for (int row = 0; row < table->rowCount(); ++row) {
            const QString name = table->item(row, 0)->text();
            names.append(name);
            const qint64 rows = KmTest::countRows(fixture.path, u'"' + name + u'"');
            QCOMPARE(table->item(row, 1)->text(), QLocale().toString(rows));
            const qint64 bytes = KmTest::queryValue(fixture.path,
                QStringLiteral(
                    "SELECT sum(d.pgsize) FROM dbstat AS d LEFT JOIN sqlite_schema AS s "
                    "ON s.name = d.name WHERE d.aggregate = TRUE AND coalesce(s.tbl_name, d.name) = '%1'")
                    .arg(name))
                                     .toLongLong();
            QVERIFY(bytes > 0);
            QCOMPARE(table->item(row, 2)->data(Qt::UserRole).toLongLong(), bytes);
            if (row > 0)
                QVERIFY(bytes <= table->item(row - 1, 2)->data(Qt::UserRole).toLongLong());
        }
        QVERIFY(names.contains(QStringLiteral("markets")));
        const int markets = int(names.indexOf(QStringLiteral("markets")));
        QCOMPARE(table->item(markets, 1)->text(), QLocale().toString(marketCount));
        // The estimate per snapshot row comes from the tables that hold them.
        const StorageSizes &read = fixture.controller.sizes();
        QCOMPARE(read.snapshotRows, snapshotRows(fixture.path));
        QVERIFY(read.bytesPerSnapshotRow() > 0);
        QVERIFY(!child<QLabel>(fixture.page, QStringLiteral("sizeSummary"))->text().isEmpty());
    }

    void busyDatabaseIsShownAndNothingIsLost()
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        Fixture fixture(m_folder.newDatabasePath(), 1500);
        QVERIFY(fixture.start(snapshotBatches(now, 10)));
        const qint64 before = snapshotRows(fixture.path);
        child<QSpinBox>(fixture.page, QStringLiteral("olderThanDays"))->setValue(1);
        child<QRadioButton>(fixture.page, QStringLiteral("keepNone"))->setChecked(true);
        fixture.page.setConfirmation([](const QString &) { return true; });
        // Another program holds the write lock for longer than the writer's deadline.
        KmTest::WriteLock lock(fixture.path);
        QVERIFY2(lock.isHeld(), qPrintable(lock.error()));
        QSignalSpy finished(&fixture.controller, &StorageController::pruneFinished);
        fixture.page.pruneNow();
        QVERIFY(finished.wait(60000));
        const PruneResult result = finished.at(0).at(0).value<PruneResult>();
        QVERIFY(!result.ok);
        QCOMPARE(result.rowsRemoved(), 0);
        QVERIFY2(fixture.page.statusText().startsWith(QStringLiteral("The prune stopped: ")),
            qPrintable(fixture.page.statusText()));
        QVERIFY(fixture.page.statusText().endsWith(QStringLiteral("Nothing was changed.")));
        QVERIFY(lock.release());
        QCOMPARE(snapshotRows(fixture.path), before);
        QVERIFY(child<QPushButton>(fixture.page, QStringLiteral("pruneNow"))->isEnabled());
    }

    void dailyPruneRunsOnceADay()
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        Fixture fixture(m_folder.newDatabasePath());
        QVERIFY(fixture.start(snapshotBatches(now, 10)));
        StorageSettings settings;
        settings.olderThanDays = 2;
        settings.keep = PruneRequest::Keep::Daily;
        settings.daily = false;
        fixture.controller.setSettings(settings);
        QVERIFY(!fixture.controller.runDailyIfDue(now)); // off
        settings.daily = true;
        settings.lastDailyPrune = now - day + 60;
        fixture.controller.setSettings(settings);
        QVERIFY(!fixture.controller.runDailyIfDue(now)); // the last one is not a day old
        settings.lastDailyPrune = now - day - 60;
        fixture.controller.setSettings(settings);
        const qint64 kept = rowsKept(fixture.path, day, now - 2 * day);
        QSignalSpy daily(&fixture.controller, &StorageController::dailyPruneFinished);
        QVERIFY(fixture.controller.runDailyIfDue(now));
        QVERIFY(daily.wait(60000));
        QVERIFY(daily.at(0).at(0).toLongLong() >= now);
        QCOMPARE(fixture.controller.settings().lastDailyPrune, daily.at(0).at(0).toLongLong());
        QCOMPARE(snapshotRows(fixture.path), kept);
        QVERIFY(!fixture.controller.runDailyIfDue(now + 3600));
        QVERIFY(fixture.controller.settings().dailyPruneDue(now + 2 * day));
    }

    void settingsRoundTripAndRequest()
    {
        QSettings store(m_folder.filePath(QStringLiteral("storage.conf")), QSettings::IniFormat);
        StorageSettings settings;
        settings.olderThanDays = 30;
        settings.keep = PruneRequest::Keep::None;
        settings.dropSettled = true;
        settings.settledAfterDays = 90;
        settings.daily = true;
        settings.lastDailyPrune = 1800000000;
        settings.save(store);
        QStringList problems;
        QCOMPARE(StorageSettings::load(store, &problems), settings);
        QVERIFY(problems.isEmpty());
        const PruneRequest request = settings.pruneRequest(1800000000, true);
        QCOMPARE(request.olderThan, 1800000000 - 30 * day);
        QCOMPARE(request.settledBefore.value_or(0), 1800000000 - 90 * day);
        QCOMPARE(request.keep, PruneRequest::Keep::None);
        QVERIFY(request.dryRun);
        settings.dropSettled = false;
        QVERIFY(!settings.pruneRequest(1800000000, false).settledBefore.has_value());

        store.setValue(QStringLiteral("storage/olderThanDays"), QStringLiteral("0"));
        store.setValue(QStringLiteral("storage/keep"), QStringLiteral("weekly"));
        const StorageSettings loaded = StorageSettings::load(store, &problems);
        QCOMPARE(loaded.olderThanDays, StorageSettings().olderThanDays);
        QCOMPARE(loaded.keep, StorageSettings().keep);
        QCOMPARE(problems.size(), 2);

        // The dialog's Storage tab edits them; OK hands them back.
        SettingsDialog dialog;
        AppSettings app = AppSettings::defaults();
        app.databasePath = m_folder.filePath(QStringLiteral("dialog.db"));
        app.storage = settings;
        dialog.setSettings(app);
        StoragePage *page = dialog.storagePage();
        QCOMPARE(page->storageSettings(), settings);
        child<QSpinBox>(*page, QStringLiteral("olderThanDays"))->setValue(45);
        child<QRadioButton>(*page, QStringLiteral("keepDaily"))->setChecked(true);
        child<QCheckBox>(*page, QStringLiteral("daily"))->setChecked(false);
        // Without a controller nothing can run, and the page says why.
        QVERIFY(!child<QPushButton>(*page, QStringLiteral("preview"))->isEnabled());
        QVERIFY(page->statusText().contains(QStringLiteral("not open")));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.settings().storage.olderThanDays, 45);
        QCOMPARE(dialog.settings().storage.keep, PruneRequest::Keep::Daily);
        QVERIFY(!dialog.settings().storage.daily);
        QCOMPARE(dialog.settings().storage.lastDailyPrune, settings.lastDailyPrune);
    }
};

KM_TEST_WIDGETS_MAIN(TstStoragePage)
#include "tst_storagepage.moc"

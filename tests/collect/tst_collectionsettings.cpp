#include "collect/collectionsettings.h"
#include "collect/jobrunner.h"
#include "testsupport.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TstCollectionSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { KmTest::failOnForbiddenWarnings(); }

    void defaultsWhenNothingIsStored()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        QStringList problems;
        const CollectionSettings loaded = CollectionSettings::load(settings, &problems);
        QVERIFY(problems.isEmpty());
        QVERIFY(!loaded.collecting);
        QVERIFY(loaded.initialSync);
        QCOMPARE(loaded.mveFilter, u"exclude"_s);
        QCOMPARE(loaded.jobs.keys(),
            (QStringList{SyncState::toText(CollectJob::Markets), SyncState::toText(CollectJob::Settlements),
                SyncState::toText(CollectJob::Snapshot), SyncState::toText(CollectJob::Watchlist)}));
        QCOMPARE(
            loaded.jobs.value(SyncState::toText(CollectJob::Snapshot)).intervalMs, qint64(15 * 60 * 1000));
        QCOMPARE(
            loaded.jobs.value(SyncState::toText(CollectJob::Markets)).intervalMs, qint64(60 * 60 * 1000));
        QCOMPARE(loaded.jobs.value(SyncState::toText(CollectJob::Settlements)).intervalMs,
            qint64(6 * 60 * 60 * 1000));
        QCOMPARE(loaded.jobs.value(SyncState::toText(CollectJob::Watchlist)).intervalMs, qint64(60 * 1000));
        for (const CollectionSettings::Job &job : loaded.jobs)
            QVERIFY(job.enabled);
        QCOMPARE(CollectionSettings::scheduledJobs(),
            (QStringList{SyncState::toText(CollectJob::Snapshot), SyncState::toText(CollectJob::Markets),
                SyncState::toText(CollectJob::Settlements), SyncState::toText(CollectJob::Watchlist)}));
    }

    void saveAndLoadRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"settings.ini"_s);
        CollectionSettings changed = CollectionSettings::defaults();
        changed.collecting = true;
        changed.initialSync = false;
        changed.mveFilter = u"only"_s;
        changed.jobs[SyncState::toText(CollectJob::Snapshot)].intervalMs = 20000;
        changed.jobs[SyncState::toText(CollectJob::Markets)].enabled = false;
        changed.jobs[SyncState::toText(CollectJob::Settlements)].intervalMs = 90 * 60 * 1000;
        {
            QSettings settings(path, QSettings::IniFormat);
            settings.setValue(u"other/key"_s, 1);
            QVERIFY(changed.save(settings));
        }
        QSettings settings(path, QSettings::IniFormat);
        // Human-readable values under collection/.
        QCOMPARE(settings.value(u"collection/snapshot/interval"_s).toString(), u"20s"_s);
        QCOMPARE(settings.value(u"collection/settlements/interval"_s).toString(), u"90m"_s);
        QCOMPARE(settings.value(u"collection/markets/interval"_s).toString(), u"1h"_s);
        QCOMPARE(settings.value(u"collection/markets/enabled"_s).toString(), u"false"_s);
        QCOMPARE(settings.value(u"collection/collecting"_s).toString(), u"true"_s);
        QCOMPARE(settings.value(u"collection/mveFilter"_s).toString(), u"only"_s);
        QStringList ours = settings.allKeys();
        ours.removeAll(u"other/key"_s);
        QCOMPARE(ours.size(), 11); // collecting, initialSync, mveFilter, interval and enabled of 4 jobs
        for (const QString &key : ours)
            QVERIFY2(key.startsWith(u"collection/"_s), qPrintable(key));

        QStringList problems;
        const CollectionSettings loaded = CollectionSettings::load(settings, &problems);
        QVERIFY(problems.isEmpty());
        QCOMPARE(loaded.collecting, true);
        QCOMPARE(loaded.initialSync, false);
        QCOMPARE(loaded.mveFilter, u"only"_s);
        QCOMPARE(loaded.jobs.value(SyncState::toText(CollectJob::Snapshot)).intervalMs, qint64(20000));
        QVERIFY(!loaded.jobs.value(SyncState::toText(CollectJob::Markets)).enabled);
        QCOMPARE(loaded.jobs.value(SyncState::toText(CollectJob::Markets)).intervalMs, qint64(3600000));
        QCOMPARE(
            loaded.jobs.value(SyncState::toText(CollectJob::Settlements)).intervalMs, qint64(90 * 60 * 1000));
        QVERIFY(loaded.jobs.value(SyncState::toText(CollectJob::Settlements)).enabled);
    }

    void unreadableValuesFallBack_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");

        QTest::newRow("bad unit") << u"collection/markets/interval"_s << u"5x"_s;
        QTest::newRow("zero interval") << u"collection/snapshot/interval"_s << u"0"_s;
        QTest::newRow("negative interval") << u"collection/settlements/interval"_s << u"-6h"_s;
        QTest::newRow("bad bool") << u"collection/markets/enabled"_s << u"maybe"_s;
        QTest::newRow("bad collecting") << u"collection/collecting"_s << u"yes"_s;
        QTest::newRow("bad mve filter") << u"collection/mveFilter"_s << u"some"_s;
    }

    void unreadableValuesFallBack()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        settings.setValue(key, value);
        settings.setValue(u"collection/snapshot/enabled"_s, u"0"_s); // a hand-edited valid value
        QStringList problems;
        const CollectionSettings loaded = CollectionSettings::load(settings, &problems);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().startsWith(key + u": \""_s + value + u'"'), qPrintable(problems.first()));
        const CollectionSettings defaults = CollectionSettings::defaults();
        for (const QString &job : CollectionSettings::scheduledJobs())
            QCOMPARE(loaded.jobs.value(job).intervalMs, defaults.jobs.value(job).intervalMs);
        QCOMPARE(loaded.jobs.value(SyncState::toText(CollectJob::Markets)).enabled, true);
        QCOMPARE(loaded.jobs.value(SyncState::toText(CollectJob::Snapshot)).enabled, false);
        QCOMPARE(loaded.collecting, false);
        QCOMPARE(loaded.mveFilter, u"exclude"_s);
    }
};

KM_TEST_GUILESS_MAIN(TstCollectionSettings)
#include "tst_collectionsettings.moc"

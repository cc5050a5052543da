// The one conversion between the sync enums and the words the database, the CLI and the settings use.
#include "syncstate.h"
#include "testsupport.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TstSyncState : public QObject
{
    Q_OBJECT

private:
    // Every value with the word it must keep: sync_runs rows and the CLI's JSON written by earlier
    // versions hold these words, so a changed one would be a format change.
    template <typename Enum>
    static void checkRoundTrip(const QList<QPair<Enum, QString>> &words, int valueCount)
    {
        QCOMPARE(words.size(), valueCount);
        QStringList seen;
        for (const auto &[value, word] : words) {
            QCOMPARE(SyncState::toText(value), word);
            QCOMPARE(SyncState::fromText<Enum>(word), std::optional<Enum>(value));
            QVERIFY2(!seen.contains(word), qPrintable(word));
            seen.append(word);
        }
    }

private Q_SLOTS:
    void init() { KmTest::failOnForbiddenWarnings(); }

    void statusRoundTrip()
    {
        checkRoundTrip<SyncStatus>(
            {{SyncStatus::Waiting, u"waiting"_s}, {SyncStatus::Running, u"running"_s},
                {SyncStatus::Ok, u"ok"_s}, {SyncStatus::Failed, u"failed"_s},
                {SyncStatus::Truncated, u"truncated"_s}, {SyncStatus::Cancelled, u"cancelled"_s},
                {SyncStatus::Abandoned, u"abandoned"_s}, {SyncStatus::NotRun, u"notrun"_s}},
            int(SyncStatus::NotRun) + 1);
    }

    void phaseRoundTrip()
    {
        checkRoundTrip<SyncPhase>(
            {{SyncPhase::Events, u"events"_s}, {SyncPhase::Markets, u"markets"_s},
                {SyncPhase::Settlements, u"settlements"_s},
                {SyncPhase::HistoricalSettlements, u"historical-settlements"_s},
                {SyncPhase::Snapshot, u"snapshot"_s}, {SyncPhase::Watchlist, u"watchlist"_s},
                {SyncPhase::Backfill, u"backfill"_s}},
            int(SyncPhase::Backfill) + 1);
    }

    void jobRoundTrip()
    {
        checkRoundTrip<CollectJob>(
            {{CollectJob::FullSync, u"full-sync"_s}, {CollectJob::Markets, u"markets"_s},
                {CollectJob::Snapshot, u"snapshot"_s}, {CollectJob::Settlements, u"settlements"_s},
                {CollectJob::Watchlist, u"watchlist"_s}},
            int(CollectJob::Watchlist) + 1);
    }

    void unknownTextIsNoValue_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("other word") << u"full"_s;
        QTest::newRow("case differs") << u"OK"_s;
        QTest::newRow("padded") << u" running"_s;
        QTest::newRow("translated") << u"abgebrochen"_s;
        QTest::newRow("command, not a job") << u"sync-markets"_s;
    }

    void unknownTextIsNoValue()
    {
        QFETCH(QString, text);
        QVERIFY(!SyncState::fromText<SyncStatus>(text));
        QVERIFY(!SyncState::fromText<SyncPhase>(text));
        QVERIFY(!SyncState::fromText<CollectJob>(text));
    }

    // The same word names a phase and a job; each enum reads only its own words.
    void wordsBelongToTheirEnum()
    {
        QVERIFY(!SyncState::fromText<SyncPhase>(u"full-sync"));
        QVERIFY(!SyncState::fromText<CollectJob>(u"events"));
        QVERIFY(!SyncState::fromText<SyncStatus>(u"markets"));
        QCOMPARE(SyncState::fromText<SyncPhase>(u"markets"), std::optional(SyncPhase::Markets));
        QCOMPARE(SyncState::fromText<CollectJob>(u"markets"), std::optional(CollectJob::Markets));
    }
};

KM_TEST_GUILESS_MAIN(TstSyncState)
#include "tst_syncstate.moc"

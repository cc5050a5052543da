#include <QApplication>

#include "dashboard/dashboardwidget.h"
#include "dashboard/syncformat.h"
#include "dashboard/syncruntablemodel.h"
#include "englishplurals.h"
#include "testsupport.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

namespace {

SyncProgress progress(const QString &phase, int page, RowCounts rows, bool finished = false,
    const QString &status = QStringLiteral("running"))
{
    SyncProgress p;
    p.phase = SyncState::fromText<SyncPhase>(phase).value();
    p.page = page;
    p.rows = rows;
    p.finished = finished;
    p.status = SyncState::fromText<SyncStatus>(status).value();
    return p;
}

// A phase row's status as its word, empty when the phase is not part of the sync.
QString statusOf(const DashboardWidget &widget, const QString &phase)
{
    const std::optional<SyncStatus> status
        = widget.phaseStatus(SyncState::fromText<SyncPhase>(phase).value());
    return status ? SyncState::toText(*status) : QString();
}

QStringList phaseNames()
{
    QStringList names;
    for (const SyncPhase phase : DashboardWidget::phases())
        names.append(SyncState::toText(phase));
    return names;
}

RowCounts eventRows(qint64 n)
{
    RowCounts rows;
    rows.events = n;
    return rows;
}

RowCounts marketRows(qint64 n)
{
    RowCounts rows;
    rows.markets = n;
    return rows;
}

} // namespace

class TstDashboardWidget : public QObject
{
    Q_OBJECT

private:
    EnglishPlurals m_plurals;

    static QString text(const DashboardWidget &widget, const QString &field, const QString &phase)
    {
        const auto *label = widget.findChild<QLabel *>(field + u':' + phase);
        return label ? label->text() : QStringLiteral("<missing>");
    }
    static QProgressBar *bar(const DashboardWidget &widget, const QString &phase)
    {
        return widget.findChild<QProgressBar *>(QLatin1String("progress:") + phase);
    }
    static bool isBusy(const QProgressBar *bar) { return bar->minimum() == 0 && bar->maximum() == 0; }
    // Counting pages up without an estimate: empty, with the page in its text, never a busy bar.
    static bool isCounting(const QProgressBar *bar, int page)
    {
        return !isBusy(bar) && bar->value() == bar->minimum() && bar->isTextVisible()
            && bar->text() == QStringLiteral("page %1").arg(page);
    }
    static bool isFull(const QProgressBar *bar)
    {
        return bar->maximum() > 0 && bar->value() == bar->maximum();
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        // A fixed zone east of UTC: local times differ from UTC, across midnight for late runs.
        qputenv("TZ", "KMT-5:30");
        QCoreApplication::installTranslator(&m_plurals);
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void initialState()
    {
        DashboardWidget widget;
        QCOMPARE(widget.headerText(), QStringLiteral("No sync has run yet"));
        QVERIFY(!widget.isSyncRunning());
        QVERIFY(widget.lastError().isEmpty());
        QCOMPARE(widget.findChild<QLabel *>(QStringLiteral("lastError"))->text(),
            QStringLiteral("No errors reported."));
        for (const QString &phase : phaseNames())
            QCOMPARE(statusOf(widget, phase), QString());
    }

    void plannedPhases_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("planned");
        QTest::newRow("full") << QStringLiteral("full-sync") << phaseNames();
        QTest::newRow("snapshot") << QStringLiteral("snapshot") << QStringList{QStringLiteral("snapshot")};
        QTest::newRow("cli markets") << QStringLiteral("sync-markets")
                                     << QStringList{QStringLiteral("markets")};
        QTest::newRow("job settlements")
            << QStringLiteral("settlements") << QStringList{QStringLiteral("settlements")};
        QTest::newRow("cli events") << QStringLiteral("sync-events") << QStringList{QStringLiteral("events")};
    }

    void plannedPhases()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, planned);
        DashboardWidget widget;
        widget.syncStarted(command);
        QVERIFY(widget.isSyncRunning());
        for (const QString &phase : phaseNames()) {
            const bool in = planned.contains(phase);
            QCOMPARE(statusOf(widget, phase), in ? QStringLiteral("waiting") : QString());
            QCOMPARE(bar(widget, phase)->isEnabled(), in);
            QCOMPARE(text(widget, QStringLiteral("status"), phase),
                in ? QStringLiteral("waiting") : QStringLiteral("not in this sync"));
        }
    }

    // The last finished run of the same kind tells how many pages to expect.
    void progressIsDeterminateAfterAnEarlierRun()
    {
        DashboardWidget widget;
        SyncRunRecord earlier;
        earlier.id = 1;
        earlier.kind = SyncPhase::Markets;
        earlier.status = SyncStatus::Ok;
        earlier.pages = 10;
        earlier.startedAt = 1773324300;
        earlier.finishedAt = earlier.startedAt + 20;
        SyncRunRecord cutShort = earlier;
        cutShort.id = 2;
        cutShort.status = SyncStatus::Failed;
        cutShort.pages = 2;
        widget.setRecentRuns({cutShort, earlier});
        widget.syncStarted(QStringLiteral("markets"));
        widget.updateProgress(progress(QStringLiteral("markets"), 3, marketRows(3000)));
        const QProgressBar *markets = bar(widget, QStringLiteral("markets"));
        QCOMPARE(markets->maximum(), 10);
        QCOMPARE(markets->value(), 3);
        QCOMPARE(markets->text(), QStringLiteral("page 3 of about 10"));
        widget.updateProgress(progress(QStringLiteral("markets"), 12, marketRows(12000)));
        QCOMPARE(markets->value(), 12);
        QVERIFY(!isFull(markets)); // more pages than last time: not done until the phase ends
        widget.updateProgress(
            progress(QStringLiteral("markets"), 12, marketRows(12000), true, QStringLiteral("ok")));
        QVERIFY(isFull(markets));
    }

    void progressSequence()
    {
        DashboardWidget widget;
        widget.syncStarted(QStringLiteral("full-sync"));
        QVERIFY(widget.headerText().startsWith(QStringLiteral("Full sync running \u2014 ")));

        widget.updateProgress(progress(QStringLiteral("events"), 1, eventRows(200)));
        QCOMPARE(statusOf(widget, QStringLiteral("events")), QStringLiteral("running"));
        QVERIFY(isCounting(bar(widget, QStringLiteral("events")), 1));
        QCOMPARE(text(widget, QStringLiteral("pages"), QStringLiteral("events")), QStringLiteral("1"));
        QCOMPARE(text(widget, QStringLiteral("rows"), QStringLiteral("events")), QStringLiteral("200"));
        QCOMPARE(statusOf(widget, QStringLiteral("markets")), QStringLiteral("waiting"));

        SyncProgress eventsDone
            = progress(QStringLiteral("events"), 3, eventRows(540), true, QStringLiteral("ok"));
        eventsDone.skipped = 2;
        eventsDone.retries = 1;
        eventsDone.elapsedMs = 1250;
        widget.updateProgress(eventsDone);
        QCOMPARE(statusOf(widget, QStringLiteral("events")), QStringLiteral("ok"));
        QCOMPARE(text(widget, QStringLiteral("status"), QStringLiteral("events")), QStringLiteral("ok"));
        QVERIFY(isFull(bar(widget, QStringLiteral("events"))));
        QCOMPARE(text(widget, QStringLiteral("pages"), QStringLiteral("events")), QStringLiteral("3"));
        QCOMPARE(text(widget, QStringLiteral("rows"), QStringLiteral("events")), QStringLiteral("540"));
        QCOMPARE(text(widget, QStringLiteral("skipped"), QStringLiteral("events")), QStringLiteral("2"));
        QCOMPARE(text(widget, QStringLiteral("retries"), QStringLiteral("events")), QStringLiteral("1"));
        QCOMPARE(text(widget, QStringLiteral("elapsed"), QStringLiteral("events")), QStringLiteral("1.2 s"));

        RowCounts mixed = marketRows(45210);
        mixed.events = 12;
        SyncProgress markets = progress(QStringLiteral("markets"), 46, mixed);
        markets.retries = 3;
        widget.updateProgress(markets);
        QCOMPARE(statusOf(widget, QStringLiteral("markets")), QStringLiteral("running"));
        QVERIFY(isCounting(bar(widget, QStringLiteral("markets")), 46));
        QCOMPARE(text(widget, QStringLiteral("pages"), QStringLiteral("markets")), QStringLiteral("46"));
        // The markets it stored; the placeholder events it added are in the tooltip.
        QCOMPARE(text(widget, QStringLiteral("rows"), QStringLiteral("markets")), QStringLiteral("45,210"));
        QCOMPARE(text(widget, QStringLiteral("retries"), QStringLiteral("markets")), QStringLiteral("3"));
        const QString tip = widget.findChild<QLabel *>(QStringLiteral("rows:markets"))->toolTip();
        QVERIFY2(
            tip.contains(QStringLiteral("Markets: 45,210")) && tip.contains(QStringLiteral("Events: 12")),
            qPrintable(tip));
        // The finished row keeps its values.
        QCOMPARE(text(widget, QStringLiteral("rows"), QStringLiteral("events")), QStringLiteral("540"));

        widget.updateProgress(
            progress(QStringLiteral("markets"), 47, marketRows(46000), true, QStringLiteral("failed")));
        QCOMPARE(statusOf(widget, QStringLiteral("markets")), QStringLiteral("failed"));
        QVERIFY(!isBusy(bar(widget, QStringLiteral("markets"))));
        QVERIFY(!isFull(bar(widget, QStringLiteral("markets"))));

        SyncSummary summary;
        summary.command = QStringLiteral("full-sync");
        summary.ok = false;
        summary.pages = 50;
        summary.rows = marketRows(46000);
        summary.rows.events = 540;
        summary.elapsedMs = 8130;
        summary.error = QStringLiteral("markets: HTTP 503 Service Unavailable after 5 retries");
        const QDateTime before = QDateTime::currentDateTime();
        widget.syncFinished(summary);
        QVERIFY(!widget.isSyncRunning());
        QCOMPARE(statusOf(widget, QStringLiteral("settlements")), QStringLiteral("notrun"));
        QCOMPARE(statusOf(widget, QStringLiteral("snapshot")), QStringLiteral("notrun"));
        QCOMPARE(
            text(widget, QStringLiteral("status"), QStringLiteral("snapshot")), QStringLiteral("not run"));

        const QRegularExpression header(
            QStringLiteral("^Last sync failed at (\\d\\d:\\d\\d:\\d\\d): "
                           "markets: HTTP 503 Service Unavailable after 5 retries$"));
        const QRegularExpressionMatch match = header.match(widget.headerText());
        QVERIFY2(match.hasMatch(), qPrintable(widget.headerText()));
        const QTime shown = QTime::fromString(match.captured(1), QStringLiteral("HH:mm:ss"));
        QVERIFY(qAbs(shown.secsTo(before.time())) <= 2 || qAbs(shown.secsTo(before.time())) >= 86398);

        QCOMPARE(widget.lastError(), summary.error);
        QVERIFY(qAbs(widget.lastErrorTime().secsTo(before)) <= 2);
        const QString errorLabel = widget.findChild<QLabel *>(QStringLiteral("lastError"))->text();
        QCOMPARE(errorLabel, QStringLiteral("Last error at %1: %2").arg(match.captured(1), summary.error));
        // The trouble line tells this failure: the last error line would repeat it.
        QVERIFY(widget.findChild<QLabel *>(QStringLiteral("lastError"))->isHidden());
    }

    void finishedSyncOk()
    {
        DashboardWidget widget;
        widget.setLastError(QStringLiteral("earlier problem"), QDateTime::currentDateTime());
        widget.syncStarted(QStringLiteral("snapshot"));
        widget.updateProgress(progress(QStringLiteral("snapshot"), 53, {}, false));
        SyncSummary summary;
        summary.command = QStringLiteral("snapshot");
        summary.ok = true;
        summary.rows.snapshots = 52340;
        summary.elapsedMs = 8100;
        widget.syncFinished(summary);
        // A phase still marked running when the sync ends takes the sync's outcome.
        QCOMPARE(statusOf(widget, QStringLiteral("snapshot")), QStringLiteral("ok"));
        QVERIFY(isFull(bar(widget, QStringLiteral("snapshot"))));
        QVERIFY2(
            QRegularExpression(
                QStringLiteral(
                    "^Last sync finished at \\d\\d:\\d\\d:\\d\\d: a snapshot of 52,340 markets in 8\\.1 s$"))
                .match(widget.headerText())
                .hasMatch(),
            qPrintable(widget.headerText()));
        // Success does not erase the last error: it says when the last problem happened.
        QCOMPARE(widget.lastError(), QStringLiteral("earlier problem"));
        widget.clearLastError();
        QCOMPARE(widget.findChild<QLabel *>(QStringLiteral("lastError"))->text(),
            QStringLiteral("No errors reported."));
    }

    void cancelledSync()
    {
        DashboardWidget widget;
        widget.syncStarted(QStringLiteral("full-sync"));
        widget.updateProgress(progress(QStringLiteral("events"), 2, eventRows(300)));
        SyncSummary summary;
        summary.command = QStringLiteral("full-sync");
        summary.cancelled = true;
        summary.error = QStringLiteral("cancelled");
        summary.rows = eventRows(300);
        widget.syncFinished(summary);
        QCOMPARE(statusOf(widget, QStringLiteral("events")), QStringLiteral("cancelled"));
        QCOMPARE(statusOf(widget, QStringLiteral("markets")), QStringLiteral("notrun"));
        QVERIFY2(widget.headerText().startsWith(QStringLiteral("Last sync cancelled at "))
                && widget.headerText().endsWith(QStringLiteral(" after storing 300 events")),
            qPrintable(widget.headerText()));
        QVERIFY(widget.lastError().isEmpty());
    }

    void truncatedHeaderAndSingularRow()
    {
        DashboardWidget widget;
        widget.syncStarted(QStringLiteral("sync-markets"));
        widget.updateProgress(
            progress(QStringLiteral("markets"), 1, marketRows(1), true, QStringLiteral("truncated")));
        QCOMPARE(statusOf(widget, QStringLiteral("markets")), QStringLiteral("truncated"));
        QVERIFY(isFull(bar(widget, QStringLiteral("markets"))));
        SyncSummary summary;
        summary.command = QStringLiteral("sync-markets");
        summary.ok = true;
        summary.truncated = true;
        summary.rows = marketRows(1);
        summary.elapsedMs = 400;
        widget.syncFinished(summary);
        QVERIFY2(widget.headerText().startsWith(QStringLiteral("Last sync stopped at its page limit at "))
                && widget.headerText().endsWith(QStringLiteral(": 1 market in 0.4 s")),
            qPrintable(widget.headerText()));
    }

    void newSyncResetsRows()
    {
        DashboardWidget widget;
        widget.syncStarted(QStringLiteral("full-sync"));
        widget.updateProgress(
            progress(QStringLiteral("events"), 3, eventRows(540), true, QStringLiteral("ok")));
        SyncSummary summary;
        summary.ok = true;
        widget.syncFinished(summary);
        widget.syncStarted(QStringLiteral("full-sync"));
        QCOMPARE(statusOf(widget, QStringLiteral("events")), QStringLiteral("waiting"));
        QCOMPARE(text(widget, QStringLiteral("pages"), QStringLiteral("events")), QStringLiteral("\u2014"));
        QCOMPARE(text(widget, QStringLiteral("rows"), QStringLiteral("events")), QStringLiteral("\u2014"));
        QVERIFY(!isFull(bar(widget, QStringLiteral("events"))));
        QVERIFY(!isBusy(bar(widget, QStringLiteral("events"))));
    }

    void progressWithoutStartBeginsSync()
    {
        DashboardWidget widget;
        widget.updateProgress(progress(QStringLiteral("snapshot"), 2, {}));
        QVERIFY(widget.isSyncRunning());
        QCOMPARE(statusOf(widget, QStringLiteral("snapshot")), QStringLiteral("running"));
        widget.updateProgress(progress(QStringLiteral("backfill"), 2, {}));
        QVERIFY(widget.isSyncRunning());
    }

    void elapsedTicksWhileRunning()
    {
        DashboardWidget widget;
        widget.syncStarted(QStringLiteral("snapshot"));
        SyncProgress running = progress(QStringLiteral("snapshot"), 1, {});
        running.elapsedMs = 1000;
        widget.updateProgress(running);
        QCOMPARE(
            text(widget, QStringLiteral("elapsed"), QStringLiteral("snapshot")), QStringLiteral("1.0 s"));
        const auto seconds = [&widget] {
            QString t = text(widget, QStringLiteral("elapsed"), QStringLiteral("snapshot"));
            t.chop(2);
            return t.toDouble();
        };
        QTRY_VERIFY_WITH_TIMEOUT(seconds() >= 1.4, 3000);
        QVERIFY(seconds() < 3.5);
        QTRY_VERIFY_WITH_TIMEOUT(widget.headerText() != QStringLiteral("Snapshot running \u2014 0.0 s")
                && widget.headerText().startsWith(QStringLiteral("Snapshot running \u2014 ")),
            3000);
        // Finished phases stop ticking.
        running.finished = true;
        running.status = SyncStatus::Ok;
        running.elapsedMs = 1700;
        widget.updateProgress(running);
        QCOMPARE(
            text(widget, QStringLiteral("elapsed"), QStringLiteral("snapshot")), QStringLiteral("1.7 s"));
        QTest::qWait(600);
        QCOMPARE(
            text(widget, QStringLiteral("elapsed"), QStringLiteral("snapshot")), QStringLiteral("1.7 s"));
    }

    void recentRuns()
    {
        DashboardWidget widget;
        SyncRunRecord ok;
        ok.id = 41;
        ok.kind = SyncPhase::Markets;
        ok.startedAt = 1773324300; // 2026-03-12 14:05:00 UTC
        ok.finishedAt = ok.startedAt + 65;
        ok.status = SyncStatus::Ok;
        ok.pages = 47;
        ok.rows = 46210;
        ok.retries = 2;
        SyncRunRecord failed;
        failed.id = 42;
        failed.kind = SyncPhase::Snapshot;
        failed.startedAt = 1773359400; // 2026-03-12 23:50:00 UTC
        failed.finishedAt = failed.startedAt + 8;
        failed.status = SyncStatus::Failed;
        failed.pages = 3;
        failed.rows = 3000;
        failed.skipped = 4;
        failed.error = QStringLiteral("HTTP 503 Service Unavailable\nafter 5 retries");
        SyncRunRecord running;
        running.id = 43;
        running.kind = SyncPhase::Events;
        running.startedAt = 1773359500;
        running.status = SyncStatus::Running;
        widget.setRecentRuns({failed, ok, running});

        const auto *view = widget.findChild<QTableView *>(QStringLiteral("recentRuns"));
        QVERIFY(view);
        QAbstractItemModel *model = view->model();
        QCOMPARE(model->rowCount(), 3);
        const auto cell = [model](int row, int column, int role = Qt::DisplayRole) {
            return model->index(row, column).data(role);
        };
        QCOMPARE(cell(0, SyncRunTableModel::IdColumn).toString(), QStringLiteral("42"));
        QCOMPARE(cell(0, SyncRunTableModel::KindColumn).toString(), QStringLiteral("Snapshot"));
        // TZ is UTC+5:30: local time, here on the next day.
        QCOMPARE(cell(0, SyncRunTableModel::StartedColumn).toString(), QStringLiteral("2026-03-13 05:20:00"));
        QCOMPARE(cell(1, SyncRunTableModel::StartedColumn).toString(), QStringLiteral("2026-03-12 19:35:00"));
        QCOMPARE(cell(0, SyncRunTableModel::DurationColumn).toString(), QStringLiteral("8 s"));
        QCOMPARE(cell(1, SyncRunTableModel::DurationColumn).toString(), QStringLiteral("1 min 05 s"));
        SyncRunRecord quick = ok;
        quick.finishedAt = quick.startedAt;
        widget.setRecentRuns({quick});
        QCOMPARE(cell(0, SyncRunTableModel::DurationColumn).toString(), QStringLiteral("< 1 s"));
        widget.setRecentRuns({failed, ok, running});
        QCOMPARE(cell(2, SyncRunTableModel::DurationColumn).toString(), QStringLiteral("running"));
        QCOMPARE(cell(0, SyncRunTableModel::StatusColumn).toString(), QStringLiteral("failed"));
        QCOMPARE(cell(1, SyncRunTableModel::StatusColumn).toString(), QStringLiteral("ok"));
        QCOMPARE(cell(0, SyncRunTableModel::PagesColumn).toString(), QStringLiteral("3"));
        QCOMPARE(cell(1, SyncRunTableModel::RowsColumn).toString(), QStringLiteral("46,210"));
        QCOMPARE(cell(0, SyncRunTableModel::SkippedColumn).toString(), QStringLiteral("4"));
        QCOMPARE(cell(1, SyncRunTableModel::RetriesColumn).toString(), QStringLiteral("2"));
        QCOMPARE(cell(0, SyncRunTableModel::ErrorColumn).toString(),
            QStringLiteral("HTTP 503 Service Unavailable"));
        QCOMPARE(cell(0, SyncRunTableModel::ErrorColumn, Qt::ToolTipRole).toString(), failed.error);
        failed.error = QStringLiteral("GET /events page 1: timed out (no data for 30000 ms)");
        widget.setRecentRuns({failed});
        QCOMPARE(cell(0, SyncRunTableModel::ErrorColumn).toString(),
            QStringLiteral("The API server does not answer (no data for 30 s)"));
        QCOMPARE(cell(0, SyncRunTableModel::ErrorColumn, Qt::ToolTipRole).toString(), failed.error);
        widget.setRecentRuns({failed, ok, running});

        const QColor failedColor
            = cell(0, SyncRunTableModel::StatusColumn, Qt::ForegroundRole).value<QColor>();
        const QColor okColor = cell(1, SyncRunTableModel::StatusColumn, Qt::ForegroundRole).value<QColor>();
        QVERIFY(failedColor.isValid() && okColor.isValid());
        QVERIFY(failedColor != okColor);
        QVERIFY(failedColor.red() > failedColor.green());
        QVERIFY(okColor.green() > okColor.red());
        QVERIFY(!cell(0, SyncRunTableModel::StatusColumn, Qt::DecorationRole).value<QIcon>().isNull());

        widget.setRecentRuns({});
        QCOMPARE(model->rowCount(), 0);
    }

    // The Recent syncs row of this window's running sync shows the pages its progress reports,
    // also when the read of sync_runs (at most once a second) lags behind them; other rows and the
    // finished run show what the database holds.
    void runningRowFollowsProgress()
    {
        DashboardWidget widget;
        SyncRunRecord earlier;
        earlier.id = 7;
        earlier.kind = SyncPhase::Snapshot;
        earlier.startedAt = 1773324300;
        earlier.finishedAt = earlier.startedAt + 2;
        earlier.status = SyncStatus::Ok;
        earlier.pages = 4;
        earlier.rows = 3563;
        widget.setRecentRuns({earlier});
        widget.syncStarted(QStringLiteral("full-sync"));

        SyncRunRecord running = earlier;
        running.id = 8;
        running.startedAt = earlier.startedAt + 600;
        running.finishedAt = 0;
        running.status = SyncStatus::Running;
        running.pages = 1;
        running.rows = 1000;
        widget.setRecentRuns({running, earlier});
        const auto *view = widget.findChild<QTableView *>(QStringLiteral("recentRuns"));
        QVERIFY(view);
        QAbstractItemModel *model = view->model();
        const auto cell
            = [model](int row, int column) { return model->index(row, column).data().toString(); };
        QCOMPARE(cell(0, SyncRunTableModel::PagesColumn), QStringLiteral("1"));

        SyncProgress progress;
        progress.phase = SyncPhase::Snapshot;
        progress.page = 3;
        progress.rows.snapshots = 3000;
        QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
        widget.updateProgress(progress);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(cell(0, SyncRunTableModel::PagesColumn), QStringLiteral("3"));
        QCOMPARE(cell(0, SyncRunTableModel::RowsColumn), QStringLiteral("3,000"));
        QCOMPARE(cell(1, SyncRunTableModel::PagesColumn), QStringLiteral("4"));

        // A lagging read keeps the live figures; a newer one shows the database's.
        widget.setRecentRuns({running, earlier});
        QCOMPARE(cell(0, SyncRunTableModel::PagesColumn), QStringLiteral("3"));
        running.pages = 4;
        running.rows = 3563;
        widget.setRecentRuns({running, earlier});
        QCOMPARE(cell(0, SyncRunTableModel::PagesColumn), QStringLiteral("4"));
        QCOMPARE(cell(0, SyncRunTableModel::RowsColumn), QStringLiteral("3,563"));

        // Finished: what the database holds, even below what progress said.
        running.status = SyncStatus::Failed;
        running.finishedAt = running.startedAt + 3;
        running.pages = 2;
        running.rows = 2000;
        widget.setRecentRuns({running, earlier});
        QCOMPARE(cell(0, SyncRunTableModel::PagesColumn), QStringLiteral("2"));
    }

    // The headline tells the last sync as sync_runs records it, whoever ran it: here a full sync
    // of another process (four runs back to back) after an older snapshot.
    void headlineFromRecordedRuns()
    {
        DashboardWidget widget;
        QCOMPARE(widget.headerText(), QStringLiteral("No sync has run yet"));
        const qint64 start = 1773324300;
        const auto run = [](qint64 id, SyncPhase kind, qint64 startedAt, qint64 finishedAt, qint64 rows) {
            SyncRunRecord record;
            record.id = id;
            record.kind = kind;
            record.startedAt = startedAt;
            record.finishedAt = finishedAt;
            record.status = SyncStatus::Ok;
            record.rows = rows;
            record.owner = QStringLiteral("4242@host@1773324000");
            return record;
        };
        const QList<SyncRunRecord> runs{
            run(8, SyncPhase::Settlements, start + 9, start + 12, 812),
            run(7, SyncPhase::Snapshot, start + 2, start + 9, 3563),
            run(6, SyncPhase::Markets, start + 2, start + 9, 3563),
            run(5, SyncPhase::Events, start, start + 2, 1204),
            run(4, SyncPhase::Snapshot, start - 3600, start - 3590, 3500),
        };
        widget.setRecentRuns(runs);
        const QString finished = SyncFormat::timeOfDay(QDateTime::fromSecsSinceEpoch(start + 12));
        QCOMPARE(widget.headerText(),
            QStringLiteral("Last sync finished at %1: 1,204 events, 3,563 markets, 812 settlements, and a "
                           "snapshot of 3,563 markets in 12 s")
                .arg(finished));
        QCOMPARE(widget.lastSync().runs().size(), 4);
        QCOMPARE(widget.lastSync().statusBarText(), QStringLiteral("Last sync %1").arg(finished));

        // Another process's run straight after it is a sync of its own.
        SyncRunRecord other = run(12, SyncPhase::Markets, start + 13, start + 15, 3600);
        other.owner = QStringLiteral("4343@host@1773324010");
        widget.setRecentRuns(QList<SyncRunRecord>{other} + runs);
        QCOMPARE(widget.headerText(),
            QStringLiteral("Last sync finished at %1: 3,600 markets in 2 s")
                .arg(SyncFormat::timeOfDay(QDateTime::fromSecsSinceEpoch(start + 15))));

        // A snapshot on its own, quicker than the second the database keeps.
        widget.setRecentRuns({run(9, SyncPhase::Snapshot, start + 600, start + 600, 3563)});
        QVERIFY2(widget.headerText().endsWith(QStringLiteral(": a snapshot of 3,563 markets in < 1 s")),
            qPrintable(widget.headerText()));

        // A failed last run says so, with its error, in the headline and the status bar.
        SyncRunRecord failed = run(10, SyncPhase::Markets, start + 900, start + 931, 1000);
        failed.status = SyncStatus::Failed;
        // A request's trouble in the user's words (the row does not say which server), other errors
        // as stored.
        failed.error = QStringLiteral(
            "GET /markets page 2: network error: Connection refused (gave up after 6 attempts)");
        widget.setRecentRuns({failed, run(9, SyncPhase::Snapshot, start + 600, start + 600, 3563)});
        const QString failedAt = SyncFormat::timeOfDay(QDateTime::fromSecsSinceEpoch(start + 931));
        const QString inWords
            = QStringLiteral("Can't reach the API server (connection refused) (gave up after 6 attempts)");
        QCOMPARE(widget.headerText(), QStringLiteral("Last sync failed at %1: %2").arg(failedAt, inWords));
        QCOMPARE(widget.lastSync().statusBarText(200),
            QStringLiteral("Last sync failed at %1: %2").arg(failedAt, inWords));
        QVERIFY(widget.lastSync().statusBarText(20).endsWith(QStringLiteral("Can't reach the API\u2026")));
        // Where the caller knows the server (its own sync), it is named.
        QCOMPARE(SyncFormat::storedError(failed.error, QStringLiteral("127.0.0.1:9")),
            QStringLiteral("Can't reach 127.0.0.1:9 (connection refused) (gave up after 6 attempts)"));
        failed.error = QStringLiteral("GET /markets page 2: HTTP 503 (gave up after 6 attempts)");
        widget.setRecentRuns({failed});
        QCOMPARE(widget.headerText(),
            QStringLiteral("Last sync failed at %1: Server error 503 (gave up after 6 attempts)")
                .arg(failedAt));
        failed.error = QStringLiteral("database error: database or disk is full");
        widget.setRecentRuns({failed});
        QCOMPARE(
            widget.headerText(), QStringLiteral("Last sync failed at %1: %2").arg(failedAt, failed.error));
        widget.setRecentRuns({failed, run(9, SyncPhase::Snapshot, start + 600, start + 600, 3563)});

        // A run of another process still under way.
        SyncRunRecord running = run(11, SyncPhase::Markets, start + 1000, 0, 0);
        running.status = SyncStatus::Running;
        widget.setRecentRuns({running, failed});
        QCOMPARE(widget.headerText(),
            QStringLiteral("Markets sync running since %1")
                .arg(SyncFormat::timeOfDay(QDateTime::fromSecsSinceEpoch(start + 1000))));
    }

    // This window's sync: its summary until its runs are read back, then the runs, with the
    // duration it measured (the database keeps whole seconds).
    void ownSyncReadBackKeepsItsDuration()
    {
        DashboardWidget widget;
        SyncRunRecord older;
        older.id = 3;
        older.kind = SyncPhase::Markets;
        older.startedAt = QDateTime::currentSecsSinceEpoch() - 7200;
        older.finishedAt = older.startedAt + 20;
        older.status = SyncStatus::Ok;
        older.rows = 3000;
        widget.setRecentRuns({older});
        widget.syncStarted(QStringLiteral("snapshot"));
        RowCounts rows;
        rows.markets = 3563;
        rows.snapshots = 3563;
        // The snapshot's row counts its snapshot rows, one per market, not also the markets it updated.
        widget.updateProgress(progress(QStringLiteral("snapshot"), 4, rows));
        QCOMPARE(text(widget, QStringLiteral("rows"), QStringLiteral("snapshot")), QStringLiteral("3,563"));
        SyncSummary summary;
        summary.command = QStringLiteral("snapshot");
        summary.ok = true;
        summary.rows = rows;
        summary.elapsedMs = 400;
        widget.syncFinished(summary);
        QVERIFY2(widget.headerText().endsWith(QStringLiteral(": a snapshot of 3,563 markets in 0.4 s")),
            qPrintable(widget.headerText()));
        SyncRunRecord own;
        own.id = 4;
        own.kind = SyncPhase::Snapshot;
        own.startedAt = QDateTime::currentSecsSinceEpoch();
        own.finishedAt = own.startedAt;
        own.status = SyncStatus::Ok;
        own.rows = 3563;
        widget.setRecentRuns({own, older});
        QVERIFY2(widget.headerText().endsWith(QStringLiteral(": a snapshot of 3,563 markets in 0.4 s")),
            qPrintable(widget.headerText()));
        // A later run of another process is told in the database's seconds.
        SyncRunRecord later = own;
        later.id = 5;
        later.startedAt = own.startedAt + 600;
        later.finishedAt = later.startedAt + 3;
        widget.setRecentRuns({later, own, older});
        QVERIFY2(widget.headerText().endsWith(QStringLiteral(": a snapshot of 3,563 markets in 3 s")),
            qPrintable(widget.headerText()));
    }

    void elapsedFormat_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0.0 s");
        QTest::newRow("tenths round down") << qint64(8199) << QStringLiteral("8.1 s");
        QTest::newRow("under a minute") << qint64(59999) << QStringLiteral("59.9 s");
        QTest::newRow("minute") << qint64(65000) << QStringLiteral("1 min 05 s");
        QTest::newRow("hours") << qint64(7500000) << QStringLiteral("2 h 05 min");
        QTest::newRow("negative") << qint64(-5) << QStringLiteral("0.0 s");
    }

    void elapsedFormat()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, expected);
        QCOMPARE(SyncFormat::elapsed(ms), expected);
    }
};

KM_TEST_WIDGETS_MAIN(TstDashboardWidget)
#include "tst_dashboardwidget.moc"

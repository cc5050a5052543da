// Issue 13: the database browser on a big table. A BrowserWidget on a generated database (1,000,000
// markets by default) with a 1 ms heartbeat timer in the GUI thread. Measures, for the Markets tab
// by ticker and in its default view (open markets by 24 h volume):
//   - the time from dragging the scrollbar to its bottom (ten steps, then release) until every row
//     on screen has arrived, and the same for End;
//   - the longest the GUI thread was blocked meanwhile (heartbeat lateness).
// Usage: km-bench-browser [--markets N] [--keep PATH]. Run with QT_QPA_PLATFORM=offscreen or xvfb.
#include "benchsupport.h"
#include "browser/browsertablemodel.h"
#include "browser/browserwidget.h"
#include "browser/markettablemodel.h"
#include "browsertestdb.h"

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <pthread.h>

namespace {

// The calling thread's CPU time.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// Lives in the GUI thread: a 1 ms PreciseTimer recording how late each tick came, i.e. how long
// the event loop was blocked, and the GUI thread's own CPU time between two ticks (its work, as
// against waiting for one of the two cores).
class Heartbeat final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Heartbeat)

public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const double gapMs = double(m_clock.nsecsElapsed()) / 1e6;
            m_clock.start();
            m_worst = qMax(m_worst, gapMs - 1.0);
            const double cpu = threadCpuMs();
            m_worstBusy = qMax(m_worstBusy, cpu - m_cpu);
            m_cpu = cpu;
        });
    }
    ~Heartbeat() override = default;

    void start()
    {
        m_worst = 0;
        m_worstBusy = 0;
        m_clock.start();
        m_cpu = threadCpuMs();
        m_timer.start();
    }
    double stop()
    {
        m_timer.stop();
        return m_worst;
    }
    // The most CPU time the GUI thread spent between two ticks since start().
    double worstBusy() const { return m_worstBusy; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_worst = 0;
    double m_worstBusy = 0;
    double m_cpu = 0;
};

// Runs the event loop until `done` holds or `timeoutMs` passed. Unlike QTest::qWaitFor, which
// sleeps 10 ms between its passes over the events, this never blocks the GUI thread: the
// heartbeat stays on time while nothing happens, and a reply is seen within a millisecond.
template <typename Predicate> bool waitFor(Predicate done, int timeoutMs)
{
    QElapsedTimer since;
    since.start();
    while (!done()) {
        if (since.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(1, Qt::PreciseTimer, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

bool visibleRowsLoaded(QTableView *view)
{
    const auto *model = qobject_cast<const BrowserTableModel *>(view->model());
    const int first = view->rowAt(0);
    int last = view->rowAt(view->viewport()->height() - 1);
    if (last < 0)
        last = model->rowCount() - 1;
    if (first < 0)
        return false;
    for (int row = first; row <= last; ++row) {
        if (!model->isRowLoaded(row))
            return false;
    }
    return true;
}

// Runs the event loop until the view shows only rows that arrived; returns the milliseconds taken.
double untilShown(QTableView *view, const QElapsedTimer &since)
{
    while (!visibleRowsLoaded(view)) {
        QEventLoop loop;
        QTimer::singleShot(1, Qt::PreciseTimer, &loop, &QEventLoop::quit);
        loop.exec();
        if (since.elapsed() > 60000)
            return -1;
    }
    return double(since.nsecsElapsed()) / 1e6;
}

void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

struct Run
{
    double dragShownMs = 0;
    double dragStallMs = 0;
    double endShownMs = 0;
    double endStallMs = 0;
};

Run measure(BrowserWidget &widget, Heartbeat &heartbeat)
{
    QTableView *view = widget.view(BrowserWidget::MarketsTab);
    QScrollBar *bar = view->verticalScrollBar();
    auto *model = qobject_cast<BrowserTableModel *>(view->model());
    // Each measurement starts from a fresh read of the top (an empty page cache).
    const auto fresh = [model, view] {
        // No current row: a reload would find it again and scroll back to it.
        view->selectionModel()->clear();
        view->setCurrentIndex(QModelIndex());
        // A reset keeps the scroll position: back to the top first, so the end is not read.
        view->verticalScrollBar()->setValue(0);
        model->reload();
        if (!QTest::qWaitFor([model] { return !model->isBusy(); }, 60000))
            Bench::note(QStringLiteral("the model was still busy after 60 s; figures include that wait"));
        QElapsedTimer since;
        since.start();
        untilShown(view, since);
        spin(200);
    };
    Run run;
    // Drag: the slider moves in ten steps 15 ms apart, as a hand would, then is released.
    fresh();
    heartbeat.start();
    bar->setSliderDown(true);
    for (int step = 1; step <= 10; ++step) {
        bar->setSliderPosition(int(qint64(bar->maximum()) * step / 10));
        spin(15);
    }
    bar->setSliderDown(false);
    Bench::note(QStringLiteral("drag: top row %1, bottom row loaded %2")
                    .arg(view->rowAt(0))
                    .arg(model->isRowLoaded(model->rowCount() - 1)));
    QElapsedTimer released;
    released.start();
    run.dragShownMs = untilShown(view, released);
    spin(100);
    run.dragStallMs = heartbeat.stop();

    // End from the top.
    fresh();
    view->setFocus();
    view->setCurrentIndex(view->model()->index(view->rowAt(0), 1));
    heartbeat.start();
    QElapsedTimer pressed;
    pressed.start();
    QTest::keyClick(view, Qt::Key_End);
    Bench::note(QStringLiteral("End: current row %1, top row %2, bottom row loaded %3")
                    .arg(view->currentIndex().row())
                    .arg(view->rowAt(0))
                    .arg(model->isRowLoaded(model->rowCount() - 1)));
    run.endShownMs = untilShown(view, pressed);
    spin(100);
    run.endStallMs = heartbeat.stop();
    return run;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("markets"), QStringLiteral("Markets to generate"), QStringLiteral("N"),
        QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("keep"),
        QStringLiteral("Database file to reuse (generated there when missing)"), QStringLiteral("PATH")});
    parser.process(app);
    const int markets = parser.value(QStringLiteral("markets")).toInt();

    QTemporaryDir dir;
    QString path = parser.value(QStringLiteral("keep"));
    if (path.isEmpty())
        path = dir.filePath(QStringLiteral("browser-bench.db"));
    if (!QFileInfo::exists(path)) {
        QElapsedTimer build;
        build.start();
        QString error;
        if (!BrowserTestDb::create(path, {qMax(1, markets / 100), markets}, &error)) {
            Bench::note(QStringLiteral("cannot generate the database: ") + error);
            return 1;
        }
        Bench::note(
            QStringLiteral("generated %1 markets in %2 s").arg(markets).arg(build.elapsed() / 1000.0));
    }

    BrowserWidget widget;
    widget.resize(1280, 800);
    auto *status = widget.findChild<QComboBox *>(QStringLiteral("statusCombo"));
    status->setCurrentIndex(status->findData(int(BrowserTableModel::StatusFilter::All)));
    QTableView *view = widget.view(BrowserWidget::MarketsTab);
    view->sortByColumn(MarketTableModel::Ticker, Qt::AscendingOrder);
    widget.show();
    Heartbeat heartbeat;
    QElapsedTimer opening;
    opening.start();
    heartbeat.start();
    widget.setDatabasePath(path);
    const double openMs = untilShown(view, opening);
    const double openStall = heartbeat.stop();
    BrowserTableModel *model = widget.model(BrowserWidget::MarketsTab);
    Bench::note(
        QStringLiteral("%1 rows; first rows after %2 ms").arg(model->rowCount()).arg(openMs, 0, 'f', 1));
    Bench::figure("browser_open_first_rows_ms", openMs, 1, "informative");
    Bench::figure("browser_open_gui_stall_ms", openStall, 1, "informative; includes the blocking open");

    const Run byTicker = measure(widget, heartbeat);
    Bench::figure("browser_drag_to_bottom_shown_ms", byTicker.dragShownMs, 1, "<= 100, by ticker");
    Bench::figure("browser_drag_gui_stall_max_ms", byTicker.dragStallMs, 1, "<= 16, by ticker");
    Bench::figure("browser_end_shown_ms", byTicker.endShownMs, 1, "<= 100, by ticker");
    Bench::figure("browser_end_gui_stall_max_ms", byTicker.endStallMs, 1, "<= 16, by ticker");

    // The default view: open markets by 24 h volume (no index on volume_24h: every page sorts).
    status->setCurrentIndex(status->findData(int(BrowserTableModel::StatusFilter::Open)));
    view->sortByColumn(MarketTableModel::Volume24h, Qt::DescendingOrder);
    QElapsedTimer reloading;
    reloading.start();
    untilShown(view, reloading);
    if (!QTest::qWaitFor([model] { return !model->isBusy(); }, 60000))
        Bench::note(QStringLiteral("the model was still busy after 60 s"));
    Bench::note(QStringLiteral("default view: %1 rows, first rows after %2 ms")
                    .arg(model->rowCount())
                    .arg(double(reloading.nsecsElapsed()) / 1e6, 0, 'f', 1));
    const Run byVolume = measure(widget, heartbeat);
    Bench::figure("browser_default_view_drag_to_bottom_shown_ms", byVolume.dragShownMs, 1,
        "<= 100, open by 24 h volume");
    Bench::figure("browser_default_view_drag_gui_stall_max_ms", byVolume.dragStallMs, 1, "<= 16");
    Bench::figure("browser_default_view_end_shown_ms", byVolume.endShownMs, 1, "<= 100");
    Bench::figure("browser_default_view_end_gui_stall_max_ms", byVolume.endStallMs, 1, "<= 16");
    Bench::note(QStringLiteral("last reader request took %1 ms").arg(model->lastReadMs()));

    // Search (issue 16): the full-text index, in the default view (open markets by 24 h volume).
    // From setting the text to the first rows on screen, per query; p95 over the queries. A new
    // search is ranked by relevance (where the index holds at most 16,384 matches); then the same
    // queries again with the 24 h volume header clicked during the search, as information on what
    // ranking costs.
    const QStringList queries
        = {QStringLiteral("KXEV-0042"), QStringLiteral("M00012"), QStringLiteral("kxev-1234-m123456"),
            QStringLiteral("gamma 77"), QStringLiteral("reading 4242"), QStringLiteral("alpha above 51"),
            QStringLiteral("series 7 day 70"), QStringLiteral("rate cut"), QStringLiteral("odds case"),
            QStringLiteral("delta 3"), QStringLiteral("epsilon 499"), QStringLiteral("zzzz"),
            QStringLiteral("highest 12"), QStringLiteral("beta 9999"), QStringLiteral("gamma")};
    // The first rows may come before the count (a search's first page is answered first): the
    // clock stops when the query's reset has arrived and the rows on screen are its own; the count
    // (all rows known, the scrollbar final) is timed on to the model's idle, as information.
    QList<double> searchMs;
    QList<double> countedMs;
    QList<double> byColumnMs;
    double searchStall = 0;
    double searchBusy = 0;
    QList<double> guiCpuMs;
    // The reader thread's CPU time (its clock read from here): what the queries cost, apart from
    // waiting for a core.
    clockid_t readerClock{};
    QMetaObject::invokeMethod(
        model->reader(), [&readerClock] { pthread_getcpuclockid(pthread_self(), &readerClock); },
        Qt::BlockingQueuedConnection);
    const auto readerCpuMs = [&readerClock] {
        timespec now{};
        clock_gettime(readerClock, &now);
        return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
    };
    bool resetArrived = false;
    qint64 resetReadMs = 0;
    double readerCpuBefore = 0;
    double resetReaderCpuMs = 0;
    QList<double> readerCpu;
    QObject::connect(model, &BrowserTableModel::reloaded, model,
        [&resetArrived, &resetReadMs, &resetReaderCpuMs, &readerCpuBefore, &readerCpuMs, model] {
            resetArrived = true;
            resetReadMs = model->lastReadMs();
            resetReaderCpuMs = readerCpuMs() - readerCpuBefore;
        });
    const auto rankingName = [model] {
        switch (model->ranking()) {
        case BrowserTableModel::Ranking::Ranked:
            return QStringLiteral("ranked");
        case BrowserTableModel::Ranking::TooManyToRank:
            return QStringLiteral("too many to rank, by volume");
        case BrowserTableModel::Ranking::Pending:
            return QStringLiteral("pending");
        case BrowserTableModel::Ranking::None:
            break;
        }
        return QStringLiteral("by the column");
    };
    for (const bool byColumn : {false, true}) {
        if (byColumn) {
            // The header clicked during a search: that order holds while the text changes.
            model->setSearchText(queries.constLast());
            view->sortByColumn(MarketTableModel::Volume24h, Qt::DescendingOrder);
            if (!waitFor([model] { return !model->isBusy(); }, 60000))
                Bench::note(QStringLiteral("the model was still busy after 60 s"));
        }
        for (const QString &query : queries) {
            heartbeat.start();
            const double cpuBefore = threadCpuMs();
            QElapsedTimer typed;
            typed.start();
            resetArrived = false;
            readerCpuBefore = readerCpuMs();
            model->setSearchText(query);
            if (!waitFor([&resetArrived] { return resetArrived; }, 60000))
                Bench::note(QStringLiteral("search %1: no reply after 60 s").arg(query));
            // No matching row is an answer too.
            const double shownMs
                = model->rowCount() == 0 ? double(typed.nsecsElapsed()) / 1e6 : untilShown(view, typed);
            if (!waitFor([model] { return !model->isBusy(); }, 60000))
                Bench::note(QStringLiteral("search %1: still busy after 60 s").arg(query));
            const double allMs = double(typed.nsecsElapsed()) / 1e6;
            const double stall = heartbeat.stop();
            const double cpuMs = threadCpuMs() - cpuBefore;
            searchStall = qMax(searchStall, stall);
            searchBusy = qMax(searchBusy, heartbeat.worstBusy());
            if (byColumn) {
                byColumnMs.append(shownMs);
            } else {
                searchMs.append(shownMs);
                countedMs.append(allMs);
                guiCpuMs.append(cpuMs);
                readerCpu.append(resetReaderCpuMs);
            }
            Bench::note(QStringLiteral(
                "search '%1' (%5): %2 rows, first rows in %3 ms, counted and idle "
                "after %4 ms (the reader's first reply took %9 ms, %10 ms of its CPU); GUI stall %6 "
                "ms, GUI thread CPU %7 ms (most between two ticks %8 ms)")
                            .arg(query)
                            .arg(model->rowCount())
                            .arg(shownMs, 0, 'f', 1)
                            .arg(allMs, 0, 'f', 1)
                            .arg(rankingName())
                            .arg(stall, 0, 'f', 1)
                            .arg(cpuMs, 0, 'f', 1)
                            .arg(heartbeat.worstBusy(), 0, 'f', 1)
                            .arg(resetReadMs)
                            .arg(resetReaderCpuMs, 0, 'f', 1));
        }
    }
    const auto p95Of = [](QList<double> samples) {
        std::sort(samples.begin(), samples.end());
        return samples.at(qMin(samples.size() - 1, int(std::ceil(0.95 * samples.size())) - 1));
    };
    Bench::figure("browser_search_p95_ms", p95Of(searchMs), 1, "<= 50, default view, full-text index");
    Bench::figure("browser_search_reader_cpu_p95_ms", p95Of(readerCpu), 1,
        "informative; the reader thread's CPU time until the first page");
    Bench::figure("browser_search_counted_p95_ms", p95Of(countedMs), 1, "informative; until the count too");
    Bench::figure("browser_search_by_column_p95_ms", p95Of(byColumnMs), 1,
        "informative; the 24 h volume header clicked, not ranked");
    Bench::figure("browser_search_gui_stall_max_ms", searchStall, 1, "<= 16");
    Bench::figure("browser_search_gui_busy_max_ms", searchBusy, 1,
        "informative; the GUI thread's CPU time between two heartbeat ticks, at most");
    Bench::figure("browser_search_gui_cpu_max_ms", *std::max_element(guiCpuMs.cbegin(), guiCpuMs.cend()), 1,
        "informative; the GUI thread's CPU time for one search, until idle");
    // What one paint of the table costs the GUI thread (the rows of the last search on screen):
    // the part of a search's GUI time that is not the model's.
    QList<double> paintMs;
    for (int i = 0; i < 10; ++i) {
        const double before = threadCpuMs();
        view->viewport()->repaint();
        paintMs.append(threadCpuMs() - before);
    }
    Bench::figure("browser_table_paint_cpu_ms", Bench::median(paintMs), 1,
        "informative; GUI thread CPU of one repaint of the table, median of 10");
    // Of that, the model's share: the display texts and roles a paint asks for, per visible cell.
    QList<double> dataMs;
    const int firstShown = qMax(0, view->rowAt(0));
    int lastShown = view->rowAt(view->viewport()->height() - 1);
    if (lastShown < 0)
        lastShown = model->rowCount() - 1;
    for (int i = 0; i < 10; ++i) {
        const double before = threadCpuMs();
        for (int row = firstShown; row <= lastShown; ++row) {
            for (int column = 0; column < model->columnCount(); ++column) {
                const QModelIndex index = model->index(row, column);
                for (const int role : {int(Qt::DisplayRole), int(Qt::TextAlignmentRole),
                         int(Qt::ForegroundRole), int(Qt::FontRole), int(Qt::DecorationRole),
                         int(Qt::BackgroundRole), int(Qt::CheckStateRole)})
                    model->data(index, role);
            }
        }
        dataMs.append(threadCpuMs() - before);
    }
    Bench::figure("browser_table_data_cpu_ms", Bench::median(dataMs), 2,
        "informative; the model's data() for every role a paint asks of each visible cell, median of 10");
    model->setSearchText(QString());
    widget.setDatabasePath(QString());
    return 0;
}

#include "bench_browser.moc"

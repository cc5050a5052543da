#include <QApplication>

#include "browser/browserwidget.h"
#include "browser/markettablemodel.h"
#include "browsertestdb.h"
#include "testsupport.h"

#include "browser/eventtablemodel.h"
#include "browser/settlementtablemodel.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <memory>

using BrowserTestDb::quoted;
using BrowserTestDb::strings;
using StatusFilter = BrowserTableModel::StatusFilter;

class TstBrowserWidget : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path; // 100,000 markets
    int m_inserted = 0;

    static QString countText(const BrowserWidget &widget)
    {
        return widget.findChild<QLabel *>(QStringLiteral("countLabel"))->text();
    }

    static int browserConnections()
    {
        int count = 0;
        const QStringList names = QSqlDatabase::connectionNames();
        for (const QString &name : names)
            count += name.startsWith(u"km-browser-") ? 1 : 0;
        return count;
    }

    // The markets status filter the widget applies, as SQL for tests to count with.
    static QString statusWhere(const BrowserTableModel *model)
    {
        const QStringList values = BrowserTableModel::statusValues(model->filter().status);
        if (values.isEmpty())
            return QString();
        QStringList quotedValues;
        for (const QString &value : values)
            quotedValues << quoted(value);
        return QStringLiteral(" AND status IN (") + quotedValues.join(u',') + u')';
    }

    qint64 sqlCount(const QString &sql) const { return KmTest::queryValue(m_path, sql).toLongLong(); }

    static QString number(qint64 value) { return QLocale().toString(value); }

    // Waits until every model of the widget has the replies it asked for.
    static bool settle(BrowserWidget &widget)
    {
        for (const BrowserWidget::Tab tab :
            {BrowserWidget::MarketsTab, BrowserWidget::EventsTab, BrowserWidget::SettlementsTab}) {
            if (!BrowserTestDb::settle(*widget.model(tab)))
                return false;
        }
        return true;
    }

    // True when every row the view shows has arrived from the reader.
    static bool visibleRowsLoaded(QTableView *view)
    {
        QCoreApplication::processEvents();
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

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("browser.db"));
        QString error;
        QVERIFY2(BrowserTestDb::create(m_path, {}, &error), qPrintable(error));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QCOMPARE(browserConnections(), 0);
    }

    void missingDatabaseShowsAMessageUntilItExists()
    {
        const QString path = m_dir.filePath(QStringLiteral("later/km.db"));
        BrowserWidget widget;
        widget.setDatabasePath(path);
        QVERIFY(!widget.isDatabaseOpen());
        QVERIFY2(widget.message().contains(QDir::toNativeSeparators(path)), qPrintable(widget.message()));
        auto *search = widget.findChild<QLineEdit *>(QStringLiteral("searchEdit"));
        QVERIFY(!search->isEnabled());
        QCOMPARE(widget.model(BrowserWidget::MarketsTab)->rowCount(), 0);
        QVERIFY(countText(widget).isEmpty());
        widget.refresh();
        QVERIFY(!widget.isDatabaseOpen());
        QVERIFY(!widget.message().isEmpty());
        QVERIFY(!QFile::exists(path)); // the browser never creates it

        QString error;
        QVERIFY2(BrowserTestDb::create(path, {10, 100}, &error), qPrintable(error));
        widget.refresh();
        QVERIFY(widget.isDatabaseOpen());
        QVERIFY(settle(widget));
        QVERIFY(widget.message().isEmpty());
        QVERIFY(search->isEnabled());
        // The default view: open markets.
        const qint64 open
            = KmTest::queryValue(path, QStringLiteral("SELECT count(*) FROM markets WHERE status = 'active'"))
                  .toLongLong();
        QCOMPARE(widget.model(BrowserWidget::MarketsTab)->rowCount(), int(open));
        QCOMPARE(countText(widget), QStringLiteral("%1 of 100 markets shown").arg(open));
    }

    void unusableFileShowsAMessage_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("not SQLite") << QStringLiteral("garbage");
        QTest::newRow("folder") << QStringLiteral("folder");
        QTest::newRow("other application") << QStringLiteral("foreign");
        QTest::newRow("no path") << QStringLiteral("empty");
    }

    void unusableFileShowsAMessage()
    {
        QFETCH(QString, kind);
        QString path = m_dir.filePath(QStringLiteral("unusable-") + kind);
        if (kind == u"garbage") {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(4096, 'x'));
        } else if (kind == u"folder") {
            QVERIFY(QDir().mkpath(path));
        } else if (kind == u"foreign") {
            QVERIFY(KmTest::execStatements(path, {QStringLiteral("CREATE TABLE notes(body TEXT)")}));
        } else {
            path.clear();
        }
        const QByteArray before = kind == u"garbage" ? QByteArray(4096, 'x') : QByteArray();
        BrowserWidget widget;
        widget.setDatabasePath(path);
        QVERIFY(!widget.isDatabaseOpen());
        QVERIFY(!widget.message().isEmpty());
        widget.refresh();
        QVERIFY(!widget.message().isEmpty());
        for (const BrowserWidget::Tab tab : {BrowserWidget::MarketsTab, BrowserWidget::EventsTab})
            QCOMPARE(widget.model(tab)->rowCount(), 0);
        if (kind == u"garbage") {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.readAll(), before); // left untouched
        }
        QCOMPARE(browserConnections(), 0);
    }

    void reopeningReplacesTheConnection()
    {
        const QString small = m_dir.filePath(QStringLiteral("small.db"));
        QString error;
        QVERIFY2(BrowserTestDb::create(small, {5, 50}, &error), qPrintable(error));
        {
            BrowserWidget widget;
            widget.setDatabasePath(m_path);
            QVERIFY(settle(widget));
            QCOMPARE(widget.model(BrowserWidget::MarketsTab)->totalCount(),
                sqlCount(QStringLiteral("SELECT count(*) FROM markets")));
            widget.setDatabasePath(small);
            QVERIFY(settle(widget));
            QCOMPARE(widget.databasePath(), small);
            QCOMPARE(widget.model(BrowserWidget::MarketsTab)->totalCount(), qint64(50));
            QCOMPARE(browserConnections(), 1);
        }
        QCOMPARE(browserConnections(), 0);
    }

    void filtersAndCounts()
    {
        BrowserWidget widget;
        auto *status = widget.findChild<QComboBox *>(QStringLiteral("statusCombo"));
        auto *category = widget.findChild<QComboBox *>(QStringLiteral("categoryCombo"));
        QVERIFY(status && category);
        status->setCurrentIndex(status->findData(int(StatusFilter::All)));
        widget.setDatabasePath(m_path);
        QVERIFY(settle(widget));
        BrowserTableModel *markets = widget.model(BrowserWidget::MarketsTab);
        const qint64 total = sqlCount(QStringLiteral("SELECT count(*) FROM markets"));
        QCOMPARE(countText(widget), QStringLiteral("%1 of %1 markets shown").arg(number(total)));

        status->setCurrentIndex(status->findData(int(StatusFilter::Closed)));
        QCOMPARE(markets->filter().status, StatusFilter::Closed);
        QVERIFY(settle(widget));
        QCOMPARE(countText(widget),
            QStringLiteral("%1 of %2 markets shown")
                .arg(number(sqlCount(QStringLiteral("SELECT count(*) FROM markets WHERE status = 'closed'"))),
                    number(total)));

        QStringList expectedCategories = {QStringLiteral("All categories")};
        expectedCategories << strings(m_path,
            QStringLiteral("SELECT DISTINCT category FROM events WHERE category "
                           "IS NOT NULL ORDER BY category COLLATE NOCASE"));
        const auto shownCategories = [category] {
            QStringList shown;
            for (int i = 0; i < category->count(); ++i)
                shown << category->itemText(i);
            return shown;
        };
        QTRY_COMPARE(shownCategories(), expectedCategories);

        category->setCurrentIndex(category->findData(QStringLiteral("Sports")));
        QVERIFY(settle(widget));
        QCOMPARE(countText(widget),
            QStringLiteral("%1 of %2 markets shown")
                .arg(number(sqlCount(QStringLiteral(
                         "SELECT count(*) FROM markets AS m JOIN events AS e ON e.ticker = m.event_ticker "
                         "WHERE m.status = 'closed' AND e.category = 'Sports'"))),
                    number(total)));

        widget.setCurrentTab(BrowserWidget::EventsTab);
        QVERIFY(settle(widget));
        QVERIFY(!status->isEnabled());
        QCOMPARE(widget.model(BrowserWidget::EventsTab)->filter().category, QStringLiteral("Sports"));
        QCOMPARE(countText(widget),
            QStringLiteral("%1 of %2 events shown")
                .arg(
                    number(sqlCount(QStringLiteral("SELECT count(*) FROM events WHERE category = 'Sports'"))),
                    number(sqlCount(QStringLiteral("SELECT count(*) FROM events")))));
        widget.setCurrentTab(BrowserWidget::SettlementsTab);
        QVERIFY(settle(widget));
        QVERIFY(countText(widget).endsWith(QStringLiteral(" settlements shown")));
        widget.setCurrentTab(BrowserWidget::MarketsTab);
        QVERIFY(status->isEnabled());
    }

    void searchIsDebounced()
    {
        BrowserWidget widget;
        widget.setDatabasePath(m_path);
        QVERIFY(settle(widget));
        BrowserTableModel *markets = widget.model(BrowserWidget::MarketsTab);
        auto *search = widget.findChild<QLineEdit *>(QStringLiteral("searchEdit"));
        QSignalSpy resets(markets, &QAbstractItemModel::modelReset);
        QElapsedTimer typed;
        QTest::keyClicks(search, QStringLiteral("gamma"));
        typed.start();
        QVERIFY(markets->filter().searchText.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(markets->filter().searchText, QStringLiteral("gamma"), 2000);
        QVERIFY2(typed.elapsed() >= 150, qPrintable(QString::number(typed.elapsed())));
        QVERIFY(settle(widget));
        QCOMPARE(resets.count(), 1); // one query for five keystrokes
        QCOMPARE(markets->matchingCount(),
            sqlCount(QStringLiteral("SELECT count(*) FROM markets WHERE (instr(lower(title), 'gamma') > 0 "
                                    "OR instr(lower(ticker), 'gamma') > 0)")
                + statusWhere(markets)));

        // Enter applies at once.
        search->clear();
        QTest::keyClicks(search, QStringLiteral("beta"));
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(markets->filter().searchText, QStringLiteral("beta"));
    }

    // Issue 16: a new market search is ranked by relevance and the header shows no sorted column;
    // a click on a header sorts by it; clearing the search shows the column from before again.
    void headerDuringARankedSearch()
    {
        BrowserWidget widget;
        widget.resize(1200, 700);
        widget.show();
        widget.setDatabasePath(m_path);
        QVERIFY(settle(widget));
        QTableView *view = widget.view(BrowserWidget::MarketsTab);
        QHeaderView *header = view->horizontalHeader();
        BrowserTableModel *markets = widget.model(BrowserWidget::MarketsTab);
        view->sortByColumn(MarketTableModel::YesBid, Qt::AscendingOrder);
        QVERIFY(settle(widget));
        auto *search = widget.findChild<QLineEdit *>(QStringLiteral("searchEdit"));
        const auto searchFor = [&](const QString &text) {
            search->setText(text);
            QTest::keyClick(search, Qt::Key_Return);
            return settle(widget);
        };

        QVERIFY(searchFor(QStringLiteral("gamma 77")));
        QVERIFY(markets->isSortedByRelevance());
        QCOMPARE(markets->ranking(), BrowserTableModel::Ranking::Ranked);
        QCOMPARE(header->sortIndicatorSection(), -1);
        QVERIFY2(countText(widget).endsWith(QStringLiteral(", best matches first")),
            qPrintable(countText(widget)));
        // Under the view's status filter (open markets): its rows, read.
        QVERIFY(markets->matchingCount() > 0);
        QCOMPARE(markets->rowCount(), int(markets->matchingCount()));
        QVERIFY(markets->isRowLoaded(0));
        QVERIFY(
            markets->index(0, MarketTableModel::Title).data().toString().contains(QStringLiteral("Gamma")));

        // A click on the 24 h volume header: that column, most traded first.
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
            QPoint(header->sectionViewportPosition(MarketTableModel::Volume24h) + 5, header->height() / 2));
        QVERIFY(settle(widget));
        QVERIFY(!markets->isSortedByRelevance());
        QCOMPARE(markets->sortColumn(), int(MarketTableModel::Volume24h));
        QCOMPARE(markets->sortOrder(), Qt::DescendingOrder);
        QCOMPARE(header->sortIndicatorSection(), int(MarketTableModel::Volume24h));
        QVERIFY2(countText(widget).endsWith(QStringLiteral(" markets shown")), qPrintable(countText(widget)));

        // Cleared: the clicked column stays. A new search ranks again; cleared, it returns to it.
        QVERIFY(searchFor(QString()));
        QCOMPARE(header->sortIndicatorSection(), int(MarketTableModel::Volume24h));
        QVERIFY(searchFor(QStringLiteral("gamma 77")));
        QCOMPARE(header->sortIndicatorSection(), -1);
        QVERIFY(searchFor(QString()));
        QVERIFY(!markets->isSortedByRelevance());
        QCOMPARE(header->sortIndicatorSection(), int(MarketTableModel::Volume24h));
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QCOMPARE(markets->sortColumn(), int(MarketTableModel::Volume24h));

        // Too many matches to rank: by 24 h volume, and the count label says so.
        QVERIFY(searchFor(QStringLiteral("gamma")));
        QCOMPARE(markets->ranking(), BrowserTableModel::Ranking::TooManyToRank);
        QVERIFY2(
            countText(widget).endsWith(QStringLiteral(", most traded first")), qPrintable(countText(widget)));
    }

    void marketActivatedByDoubleClickAndEnter()
    {
        BrowserWidget widget;
        widget.resize(1200, 700);
        widget.setDatabasePath(m_path);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QVERIFY(settle(widget));
        QTableView *view = widget.view(BrowserWidget::MarketsTab);
        BrowserTableModel *markets = widget.model(BrowserWidget::MarketsTab);
        QTRY_VERIFY(visibleRowsLoaded(view));
        QSignalSpy activated(&widget, &BrowserWidget::marketActivated);

        const QRect cell = view->visualRect(markets->index(3, MarketTableModel::Title));
        QVERIFY(cell.isValid());
        // For widgets QTest::mouseDClick sends only the double-click event; a real one follows a click.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(activated.count(), 0);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), markets->tickerAt(3));

        view->setFocus();
        view->setCurrentIndex(markets->index(5, 0));
        QTest::keyClick(view, Qt::Key_Return);
        QCOMPARE(activated.count(), 2);
        QCOMPARE(activated.at(1).at(0).toString(), markets->tickerAt(5));

        widget.setCurrentTab(BrowserWidget::EventsTab);
        QTableView *events = widget.view(BrowserWidget::EventsTab);
        QTRY_VERIFY(events->isVisible());
        QVERIFY(settle(widget));
        const QRect eventCell = events->visualRect(widget.model(BrowserWidget::EventsTab)->index(1, 0));
        QTest::mouseClick(events->viewport(), Qt::LeftButton, {}, eventCell.center());
        const QString event = widget.model(BrowserWidget::EventsTab)->tickerAt(1);
        QTest::mouseDClick(events->viewport(), Qt::LeftButton, {}, eventCell.center());
        QCOMPARE(activated.count(), 2);
        // An event lists its markets.
        QCOMPARE(widget.currentTab(), BrowserWidget::MarketsTab);
        QCOMPARE(widget.eventFilter(), event);
        QVERIFY(settle(widget));
        QCOMPARE(BrowserTestDb::modelTickers(*markets),
            strings(m_path,
                QStringLiteral(
                    "SELECT ticker FROM markets WHERE event_ticker = %1 ORDER BY volume_24h DESC, ticker")
                    .arg(quoted(event))));
        auto *eventButton = widget.findChild<QToolButton *>(QStringLiteral("eventFilterButton"));
        QVERIFY(eventButton->isVisible());
        eventButton->click();
        QVERIFY(widget.eventFilter().isEmpty());
        QVERIFY(settle(widget));
        QCOMPARE(markets->matchingCount(), sqlCount(QStringLiteral("SELECT count(*) FROM markets")));

        // A settlement opens its market's chart.
        widget.setCurrentTab(BrowserWidget::SettlementsTab);
        QTableView *settlements = widget.view(BrowserWidget::SettlementsTab);
        QTRY_VERIFY(settlements->isVisible());
        QVERIFY(settle(widget));
        QTRY_VERIFY(visibleRowsLoaded(settlements));
        const QRect settlementCell
            = settlements->visualRect(widget.model(BrowserWidget::SettlementsTab)->index(0, 0));
        QTest::mouseClick(settlements->viewport(), Qt::LeftButton, {}, settlementCell.center());
        QTest::mouseDClick(settlements->viewport(), Qt::LeftButton, {}, settlementCell.center());
        QCOMPARE(activated.count(), 3);
        QCOMPARE(activated.at(2).at(0).toString(), widget.model(BrowserWidget::SettlementsTab)->tickerAt(0));
    }

    void refreshKeepsSelectionAndScroll()
    {
        BrowserWidget widget;
        widget.resize(1200, 700);
        auto *status = widget.findChild<QComboBox *>(QStringLiteral("statusCombo"));
        status->setCurrentIndex(status->findData(int(StatusFilter::All)));
        widget.setDatabasePath(m_path);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QTableView *view = widget.view(BrowserWidget::MarketsTab);
        view->sortByColumn(MarketTableModel::Ticker, Qt::AscendingOrder);
        QVERIFY(settle(widget));
        BrowserTableModel *markets = widget.model(BrowserWidget::MarketsTab);
        view->scrollTo(markets->index(600, 0), QAbstractItemView::PositionAtCenter);
        QTRY_VERIFY(visibleRowsLoaded(view));
        markets->ensureRows(600, 600);
        QVERIFY(settle(widget));

        const QString selected = markets->tickerAt(600);
        QVERIFY(BrowserWidget::selectTicker(view, selected));
        const int scroll = view->verticalScrollBar()->value();
        QVERIFY(scroll > 0);
        QSignalSpy resets(markets, &QAbstractItemModel::modelReset);
        const int before = markets->rowCount();

        QStringList statements;
        for (int i = 0; i < 5; ++i) {
            statements << QStringLiteral(
                "INSERT INTO markets(ticker, event_ticker, title, status, updated_at) "
                "VALUES (%1, 'KXEV-0001', 'Inserted during sync', 'active', 0)")
                              .arg(quoted(
                                  markets->tickerAt(100) + QStringLiteral("-ins%1").arg(++m_inserted)));
        }
        statements
            << QStringLiteral("UPDATE markets SET yes_bid = 777700 WHERE ticker = %1").arg(quoted(selected));
        QString error;
        QVERIFY2(BrowserTestDb::write(m_path, statements, &error), qPrintable(error));

        widget.refresh();
        QVERIFY(settle(widget));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(markets->rowCount(), before + 5);
        QCOMPARE(BrowserWidget::currentTicker(view), selected);
        QCOMPARE(view->currentIndex().row(), 605);
        const QModelIndexList selectedRows = view->selectionModel()->selectedRows();
        QCOMPARE(selectedRows.size(), 1);
        QCOMPARE(selectedRows.first().data(BrowserTableModel::TickerRole).toString(), selected);
        QCOMPARE(view->verticalScrollBar()->value(), scroll);
        QCOMPARE(markets->index(605, MarketTableModel::YesBid).data().toString(), QStringLiteral("78¢"));
        QCOMPARE(BrowserTestDb::modelTickers(*markets, 0, 1029),
            strings(m_path, QStringLiteral("SELECT ticker FROM markets ORDER BY ticker LIMIT 1029")));

        // A sync committing again and again: each refresh re-reads, the selection stays.
        for (int i = 0; i < 5; ++i) {
            QVERIFY2(BrowserTestDb::write(m_path,
                         {QStringLiteral("UPDATE markets SET yes_bid = %1 WHERE rowid % 500 = 0")
                                 .arg(10000 * (i + 1))},
                         &error),
                qPrintable(error));
            widget.refresh();
            QVERIFY(settle(widget));
        }
        QCOMPARE(BrowserWidget::currentTicker(view), selected);
        QCOMPARE(view->verticalScrollBar()->value(), scroll);
    }

    void sortKeepsTheSelectedTicker()
    {
        const QStringList byBid = strings(
            m_path, QStringLiteral("SELECT ticker FROM markets ORDER BY yes_bid DESC NULLS LAST, ticker"));
        BrowserWidget widget;
        widget.resize(1200, 700);
        auto *status = widget.findChild<QComboBox *>(QStringLiteral("statusCombo"));
        status->setCurrentIndex(status->findData(int(StatusFilter::All)));
        widget.setDatabasePath(m_path);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QTableView *view = widget.view(BrowserWidget::MarketsTab);
        BrowserTableModel *markets = widget.model(BrowserWidget::MarketsTab);
        view->sortByColumn(MarketTableModel::Ticker, Qt::AscendingOrder);
        QVERIFY(settle(widget));
        const QString selected = markets->tickerAt(10);
        QVERIFY(BrowserWidget::selectTicker(view, selected));
        view->sortByColumn(MarketTableModel::YesBid, Qt::DescendingOrder);
        QVERIFY(settle(widget));
        QCOMPARE(markets->sortColumn(), int(MarketTableModel::YesBid));
        // Found again far down under the new order, and scrolled to.
        const int expectedRow = int(byBid.indexOf(selected));
        QVERIFY(expectedRow > 1000);
        QCOMPARE(view->currentIndex().row(), expectedRow);
        QTRY_VERIFY(visibleRowsLoaded(view));
        QCOMPARE(BrowserWidget::currentTicker(view), selected);
        QCOMPARE(BrowserTestDb::modelTickers(*markets, 0, 300), byBid.mid(0, 300));
    }

    // Issue 13: End and the scrollbar's bottom reach the last row of a big result.
    void endAndScrollbarReachTheLastOf200000Rows()
    {
        const QString path = m_dir.filePath(QStringLiteral("big.db"));
        QString error;
        QVERIFY2(BrowserTestDb::create(path, {2000, 200000}, &error), qPrintable(error));
        const QStringList lastTickers = strings(path,
            QStringLiteral("SELECT ticker FROM (SELECT ticker FROM markets ORDER BY ticker DESC LIMIT 40) "
                           "ORDER BY ticker"));
        BrowserWidget widget;
        widget.resize(1200, 700);
        auto *status = widget.findChild<QComboBox *>(QStringLiteral("statusCombo"));
        status->setCurrentIndex(status->findData(int(StatusFilter::All)));
        widget.setDatabasePath(path);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QTableView *view = widget.view(BrowserWidget::MarketsTab);
        BrowserTableModel *markets = widget.model(BrowserWidget::MarketsTab);
        view->sortByColumn(MarketTableModel::Ticker, Qt::AscendingOrder);
        QVERIFY(settle(widget));
        QCOMPARE(markets->rowCount(), 200000);

        view->setFocus();
        view->setCurrentIndex(markets->index(0, MarketTableModel::Title));
        QTest::keyClick(view, Qt::Key_End);
        QCOMPARE(view->currentIndex().row(), 199999);
        QTRY_VERIFY(visibleRowsLoaded(view));
        QCOMPARE(BrowserWidget::currentTicker(view), lastTickers.constLast());
        const QRect endRect = view->visualRect(view->currentIndex());
        QVERIFY(endRect.top() >= 0 && endRect.bottom() < view->viewport()->height());

        QTest::keyClick(view, Qt::Key_Home);
        QCOMPARE(view->currentIndex().row(), 0);
        QTRY_VERIFY(visibleRowsLoaded(view));
        QCOMPARE(view->verticalScrollBar()->value(), 0);

        // Dragging the scrollbar to its bottom.
        QScrollBar *bar = view->verticalScrollBar();
        bar->setSliderDown(true);
        for (int step = 1; step <= 10; ++step) {
            bar->setSliderPosition(bar->maximum() * step / 10);
            QCoreApplication::processEvents();
        }
        bar->setSliderDown(false);
        QCOMPARE(bar->value(), bar->maximum());
        QTRY_VERIFY(visibleRowsLoaded(view));
        const int bottomRow = view->rowAt(view->viewport()->height() - 1);
        QCOMPARE(bottomRow < 0 ? markets->rowCount() - 1 : bottomRow, 199999);
        const int firstShown = view->rowAt(0);
        QVERIFY(firstShown > 199999 - 40);
        QCOMPARE(BrowserTestDb::modelTickers(*markets, firstShown), lastTickers.mid(firstShown - 199960));
        QCOMPARE(markets->index(199999, MarketTableModel::Ticker).data().toString(), lastTickers.constLast());
    }

    void defaultViewIsOpenMarketsBy24hVolume()
    {
        BrowserWidget widget;
        widget.resize(1200, 700);
        widget.setDatabasePath(m_path);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QVERIFY(settle(widget));
        BrowserTableModel *markets = widget.model(BrowserWidget::MarketsTab);
        QCOMPARE(markets->filter().status, StatusFilter::Open);
        QCOMPARE(markets->sortColumn(), int(MarketTableModel::Volume24h));
        QCOMPARE(markets->sortOrder(), Qt::DescendingOrder);
        QCOMPARE(BrowserTestDb::modelTickers(*markets, 0, 100),
            strings(m_path,
                QStringLiteral("SELECT ticker FROM markets WHERE status = 'active' "
                               "ORDER BY volume_24h DESC NULLS LAST, ticker LIMIT 100")));

        QTableView *view = widget.view(BrowserWidget::MarketsTab);
        QHeaderView *header = view->horizontalHeader();
        QCOMPARE(header->sectionResizeMode(MarketTableModel::Title), QHeaderView::Stretch);
        QVERIFY(header->isSectionHidden(MarketTableModel::Result));
        QVERIFY(!header->isSectionHidden(MarketTableModel::Volume24h));
        QVERIFY(widget.view(BrowserWidget::EventsTab)
                    ->horizontalHeader()
                    ->isSectionHidden(EventTableModel::Placeholder));
        // The title takes the width the other columns leave.
        int others = 0;
        for (int column = 0; column < header->count(); ++column) {
            if (column != MarketTableModel::Title && !header->isSectionHidden(column))
                others += header->sectionSize(column);
        }
        QCOMPARE(header->sectionSize(MarketTableModel::Title),
            qMax(header->minimumSectionSize(), view->viewport()->width() - others));

        // Numbers sort descending on the first click, text ascending.
        const auto clickHeader = [header](int column) {
            const int x = header->sectionViewportPosition(column) + header->sectionSize(column) / 2;
            QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        };
        clickHeader(MarketTableModel::OpenInterest);
        QCOMPARE(markets->sortColumn(), int(MarketTableModel::OpenInterest));
        QCOMPARE(markets->sortOrder(), Qt::DescendingOrder);
        clickHeader(MarketTableModel::Event);
        QCOMPARE(markets->sortColumn(), int(MarketTableModel::Event));
        QCOMPARE(markets->sortOrder(), Qt::AscendingOrder);
        QVERIFY(settle(widget));
    }

    void rowContextMenu()
    {
        const QString path = m_dir.filePath(QStringLiteral("menu.db"));
        QString error;
        QVERIFY2(BrowserTestDb::write(path,
                     {QStringLiteral("INSERT INTO events(ticker, series_ticker, title, category, updated_at) "
                                     "VALUES ('KXTEST-26DEC01', 'KXTEST', 'Test event', 'Sports', 0), "
                                     "('KXOTHER-1', 'KXOTHER', 'Other event', 'Sports', 0)"),
                         QStringLiteral("INSERT INTO markets(ticker, event_ticker, title, status, yes_bid, "
                                        "yes_ask, last_price, "
                                        "volume_24h, volume, open_interest, close_time, updated_at) VALUES "
                                        "('KXTEST-26DEC01-A', 'KXTEST-26DEC01', 'Will A\ttab?', 'active', "
                                        "450000, 470000, NULL, "
                                        "1200, 387756, 100, NULL, 0), "
                                        "('KXTEST-26DEC01-B', 'KXTEST-26DEC01', 'Will B?', 'closed', 1000, "
                                        "999000, 500000, 0, 0, "
                                        "NULL, NULL, 0), "
                                        "('KXOTHER-1-C', 'KXOTHER-1', 'Will C?', 'active', NULL, NULL, NULL, "
                                        "NULL, NULL, NULL, "
                                        "NULL, 0)"),
                         QStringLiteral("INSERT INTO settlements(ticker, event_ticker, result, settled_at) "
                                        "VALUES ('KXTEST-26DEC01-B', 'KXTEST-26DEC01', 'no', 0)")},
                     &error),
            qPrintable(error));
        BrowserWidget widget;
        widget.resize(1200, 500);
        QList<QUrl> opened;
        widget.setUrlOpener([&opened](const QUrl &url) { opened.append(url); });
        auto *status = widget.findChild<QComboBox *>(QStringLiteral("statusCombo"));
        status->setCurrentIndex(status->findData(int(StatusFilter::All)));
        widget.setDatabasePath(path);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QTableView *view = widget.view(BrowserWidget::MarketsTab);
        BrowserTableModel *markets = widget.model(BrowserWidget::MarketsTab);
        view->sortByColumn(MarketTableModel::Ticker, Qt::AscendingOrder);
        QVERIFY(settle(widget));
        QCOMPARE(markets->rowCount(), 3);
        QCOMPARE(BrowserTestDb::modelTickers(*markets),
            QStringList({QStringLiteral("KXOTHER-1-C"), QStringLiteral("KXTEST-26DEC01-A"),
                QStringLiteral("KXTEST-26DEC01-B")}));
        QClipboard *clipboard = QApplication::clipboard();
        const auto trigger = [](QMenu *menu, const char *name) {
            auto *action = menu->findChild<QAction *>(QLatin1String(name));
            QVERIFY2(action && action->isEnabled(), name);
            action->trigger();
        };

        // Rows 1 and 2 selected; the menu opens on row 1's title.
        view->selectionModel()->select(
            markets->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        view->selectionModel()->select(
            markets->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        std::unique_ptr<QMenu> menu(widget.createRowMenu(
            BrowserWidget::MarketsTab, markets->index(1, MarketTableModel::Title), nullptr));
        clipboard->clear();
        trigger(menu.get(), "copySelectionAction");
        QTRY_VERIFY(!clipboard->text().isEmpty());
        QCOMPARE(clipboard->text(),
            QStringLiteral(
                "Ticker\tTitle\tEvent\tStatus\tYes bid\tYes ask\tLast\tVolume 24 h\tVolume\tOpen "
                "interest\tCloses\n"
                "KXTEST-26DEC01-A\tWill A tab?\tKXTEST-26DEC01\tOpen\t45¢\t47¢\t\t12\t3,877.56\t1\t\n"
                "KXTEST-26DEC01-B\tWill B?\tKXTEST-26DEC01\tClosed\t<1¢\t>99¢\t50¢\t0\t0\t\t\n"));
        clipboard->clear();
        trigger(menu.get(), "copyRowAction");
        QTRY_VERIFY(!clipboard->text().isEmpty());
        QCOMPARE(clipboard->text(),
            QStringLiteral(
                "KXTEST-26DEC01-A\tWill A tab?\tKXTEST-26DEC01\tOpen\t45¢\t47¢\t\t12\t3,877.56\t1\t\n"));
        clipboard->clear();
        trigger(menu.get(), "copyCellAction");
        QCOMPARE(clipboard->text(), QStringLiteral("Will A tab?"));
        // The columns as the user arranged them: moved and hidden ones follow.
        QHeaderView *header = view->horizontalHeader();
        header->moveSection(header->visualIndex(MarketTableModel::Volume), 0);
        header->setSectionHidden(MarketTableModel::Event, true);
        QCOMPARE(BrowserWidget::rowsAsTsv(view, {1}, true),
            QStringLiteral(
                "Volume\tTicker\tTitle\tStatus\tYes bid\tYes ask\tLast\tVolume 24 h\tOpen interest\tCloses\n"
                "3,877.56\tKXTEST-26DEC01-A\tWill A tab?\tOpen\t45¢\t47¢\t\t12\t1\t\n"));
        widget.resetColumns(BrowserWidget::MarketsTab);

        QSignalSpy activated(&widget, &BrowserWidget::marketActivated);
        trigger(menu.get(), "openChartAction");
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("KXTEST-26DEC01-A"));
        trigger(menu.get(), "openKalshiAction");
        QCOMPARE(opened, QList<QUrl>({QUrl(QStringLiteral("https://kalshi.com/markets/kxtest"))}));

        // The event's markets, from a settlement's row.
        widget.setCurrentTab(BrowserWidget::SettlementsTab);
        QVERIFY(settle(widget));
        BrowserTableModel *settlements = widget.model(BrowserWidget::SettlementsTab);
        QCOMPARE(settlements->rowCount(), 1);
        QCOMPARE(
            settlements->index(0, SettlementTableModel::Title).data().toString(), QStringLiteral("Will B?"));
        std::unique_ptr<QMenu> settlementMenu(
            widget.createRowMenu(BrowserWidget::SettlementsTab, settlements->index(0, 0), nullptr));
        trigger(settlementMenu.get(), "showEventMarketsAction");
        QCOMPARE(widget.currentTab(), BrowserWidget::MarketsTab);
        QVERIFY(settle(widget));
        QCOMPARE(BrowserTestDb::modelTickers(*markets),
            QStringList({QStringLiteral("KXTEST-26DEC01-A"), QStringLiteral("KXTEST-26DEC01-B")}));
        // Events offer no chart.
        widget.setCurrentTab(BrowserWidget::EventsTab);
        QVERIFY(settle(widget));
        std::unique_ptr<QMenu> eventMenu(widget.createRowMenu(
            BrowserWidget::EventsTab, widget.model(BrowserWidget::EventsTab)->index(0, 0), nullptr));
        QVERIFY(!eventMenu->findChild<QAction *>(QStringLiteral("openChartAction")));
        QVERIFY(eventMenu->findChild<QAction *>(QStringLiteral("showEventMarketsAction"))->isEnabled());
    }

    void copyWaitsForRowsNotReadYet()
    {
        BrowserWidget widget;
        auto *status = widget.findChild<QComboBox *>(QStringLiteral("statusCombo"));
        status->setCurrentIndex(status->findData(int(StatusFilter::All)));
        widget.setDatabasePath(m_path);
        widget.view(BrowserWidget::MarketsTab)->sortByColumn(MarketTableModel::Ticker, Qt::AscendingOrder);
        QVERIFY(settle(widget));
        BrowserTableModel *markets = widget.model(BrowserWidget::MarketsTab);
        QVERIFY(!markets->isRowLoaded(50000));
        QSignalSpy copied(&widget, &BrowserWidget::copied);
        widget.copyRows(BrowserWidget::MarketsTab, {50001, 50000}, false);
        QVERIFY(copied.wait(10000));
        const QStringList lines = QApplication::clipboard()->text().split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0).section(u'\t', 0, 0) + u' ' + lines.at(1).section(u'\t', 0, 0),
            strings(m_path, QStringLiteral("SELECT ticker FROM markets ORDER BY ticker LIMIT 2 OFFSET 50000"))
                .join(u' '));
    }

    void headerMenuChoosesAndResetsColumns()
    {
        BrowserWidget widget;
        widget.setDatabasePath(m_path);
        QHeaderView *header = widget.view(BrowserWidget::MarketsTab)->horizontalHeader();
        std::unique_ptr<QMenu> menu(widget.createHeaderMenu(BrowserWidget::MarketsTab, nullptr));
        auto *event
            = menu->findChild<QAction *>(QStringLiteral("column%1Action").arg(int(MarketTableModel::Event)));
        auto *result
            = menu->findChild<QAction *>(QStringLiteral("column%1Action").arg(int(MarketTableModel::Result)));
        QVERIFY(event && result);
        QVERIFY(event->isChecked());
        QVERIFY(!result->isChecked());
        event->trigger();
        result->trigger();
        QVERIFY(header->isSectionHidden(MarketTableModel::Event));
        QVERIFY(!header->isSectionHidden(MarketTableModel::Result));
        header->moveSection(header->visualIndex(MarketTableModel::Volume), 0);
        header->resizeSection(MarketTableModel::Ticker, 333);
        menu->findChild<QAction *>(QStringLiteral("resetColumnsAction"))->trigger();
        QVERIFY(!header->isSectionHidden(MarketTableModel::Event));
        QVERIFY(header->isSectionHidden(MarketTableModel::Result));
        for (int column = 0; column < header->count(); ++column)
            QCOMPARE(header->visualIndex(column), column);
        QVERIFY(header->sectionSize(MarketTableModel::Ticker) != 333);
        QCOMPARE(header->sortIndicatorSection(), int(MarketTableModel::Volume24h));
        QVERIFY(settle(widget));

        // The last shown column cannot be hidden.
        for (int column = 1; column < header->count(); ++column)
            header->setSectionHidden(column, true);
        std::unique_ptr<QMenu> last(widget.createHeaderMenu(BrowserWidget::MarketsTab, nullptr));
        QVERIFY(!last->findChild<QAction *>(QStringLiteral("column0Action"))->isEnabled());
    }

    void restoresColumnsSortFiltersAndTab()
    {
        const QString file = m_dir.filePath(QStringLiteral("state.ini"));
        QByteArray headerState;
        {
            BrowserWidget widget;
            widget.resize(1200, 700);
            widget.setDatabasePath(m_path);
            QHeaderView *header = widget.view(BrowserWidget::MarketsTab)->horizontalHeader();
            header->moveSection(header->visualIndex(MarketTableModel::LastPrice), 1);
            header->resizeSection(MarketTableModel::Ticker, 321);
            header->setSectionHidden(MarketTableModel::Event, true);
            header->setSectionHidden(MarketTableModel::Updated, false);
            widget.view(BrowserWidget::MarketsTab)
                ->sortByColumn(MarketTableModel::YesBid, Qt::AscendingOrder);
            widget.view(BrowserWidget::SettlementsTab)
                ->sortByColumn(SettlementTableModel::Result, Qt::DescendingOrder);
            widget.findChild<QLineEdit *>(QStringLiteral("searchEdit"))->setText(QStringLiteral("gamma"));
            auto *status = widget.findChild<QComboBox *>(QStringLiteral("statusCombo"));
            status->setCurrentIndex(status->findData(int(StatusFilter::Closed)));
            auto *format = widget.findChild<QComboBox *>(QStringLiteral("priceFormatCombo"));
            format->setCurrentIndex(format->findData(int(BrowserFormat::PriceFormat::Probability)));
            widget.setCurrentTab(BrowserWidget::SettlementsTab);
            QVERIFY(settle(widget));
            QSettings settings(file, QSettings::IniFormat);
            widget.saveState(settings);
            headerState = header->saveState();
        }
        BrowserWidget widget;
        widget.resize(1200, 700);
        {
            QSettings settings(file, QSettings::IniFormat);
            widget.restoreState(settings);
        }
        widget.setDatabasePath(m_path);
        QVERIFY(settle(widget));
        QHeaderView *header = widget.view(BrowserWidget::MarketsTab)->horizontalHeader();
        QCOMPARE(header->visualIndex(MarketTableModel::LastPrice), 1);
        QCOMPARE(header->sectionSize(MarketTableModel::Ticker), 321);
        QVERIFY(header->isSectionHidden(MarketTableModel::Event));
        QVERIFY(!header->isSectionHidden(MarketTableModel::Updated));
        QCOMPARE(header->sortIndicatorSection(), int(MarketTableModel::YesBid));
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
        QCOMPARE(widget.currentTab(), BrowserWidget::SettlementsTab);
        BrowserTableModel *settlements = widget.model(BrowserWidget::SettlementsTab);
        QCOMPARE(settlements->sortColumn(), int(SettlementTableModel::Result));
        QCOMPARE(settlements->sortOrder(), Qt::DescendingOrder);
        QCOMPARE(settlements->filter().searchText, QStringLiteral("gamma"));
        QCOMPARE(
            widget.findChild<QLineEdit *>(QStringLiteral("searchEdit"))->text(), QStringLiteral("gamma"));
        QCOMPARE(settlements->priceFormat(), BrowserFormat::PriceFormat::Probability);
        widget.setCurrentTab(BrowserWidget::MarketsTab);
        QVERIFY(settle(widget));
        BrowserTableModel *markets = widget.model(BrowserWidget::MarketsTab);
        QCOMPARE(markets->sortColumn(), int(MarketTableModel::YesBid));
        QCOMPARE(markets->sortOrder(), Qt::AscendingOrder);
        QCOMPARE(markets->filter().status, StatusFilter::Closed);
        QCOMPARE(markets->matchingCount(),
            sqlCount(
                QStringLiteral("SELECT count(*) FROM markets WHERE status = 'closed' AND "
                               "(instr(lower(title), 'gamma') > 0 OR instr(lower(ticker), 'gamma') > 0)")));
    }

    void screenshot()
    {
        const QString database = m_dir.filePath(QStringLiteral("showcase.db"));
        QString error;
        QVERIFY2(BrowserTestDb::createShowcase(database, &error), qPrintable(error));
        BrowserWidget widget;
        widget.resize(1280, 720);
        widget.setDatabasePath(database);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QTableView *view = widget.view(BrowserWidget::MarketsTab);
        view->sortByColumn(MarketTableModel::Volume, Qt::DescendingOrder);
        QVERIFY(settle(widget));
        view->setFocus();
        QTRY_VERIFY(visibleRowsLoaded(view));
        QVERIFY(BrowserWidget::selectTicker(view, widget.model(BrowserWidget::MarketsTab)->tickerAt(2)));
        QCoreApplication::processEvents();
        const QPixmap shot = widget.grab();
        QVERIFY(!shot.isNull());
        // KM_BROWSER_SCREENSHOT=/tmp/browser-example.png keeps the picture for a person to look at.
        const QString file = qEnvironmentVariable(
            "KM_BROWSER_SCREENSHOT", m_dir.filePath(QStringLiteral("browser-example.png")));
        QVERIFY(shot.save(file));
        QVERIFY(QFile(file).size() > 10000);
    }

    void screenshotOfAMissingDatabase()
    {
        BrowserWidget widget;
        widget.resize(900, 300);
        widget.setDatabasePath(m_dir.filePath(QStringLiteral("nowhere/km.db")));
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        const QPixmap shot = widget.grab();
        QVERIFY(!shot.isNull());
        const QString file = qEnvironmentVariable(
            "KM_BROWSER_MISSING_SCREENSHOT", m_dir.filePath(QStringLiteral("browser-missing.png")));
        QVERIFY(shot.save(file));
    }
};

KM_TEST_WIDGETS_MAIN(TstBrowserWidget)
#include "tst_browserwidget.moc"

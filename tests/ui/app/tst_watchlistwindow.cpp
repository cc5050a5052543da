// The window's watchlist and alerts wiring on a prepared database (no sync): the browser's row menu
// adds a market through the writer thread, the watchlist tab removes it and opens its chart, and a
// firing recorded by another process shows as unread in the Alerts tab's title.
#include "browser/browserwidget.h"
#include "browser/markettablemodel.h"
#include "browsertestdb.h"
#include "databasefolder.h"
#include "mainwindow/chartpanel.h"
#include "mainwindow/mainwindow.h"
#include "mainwindow/trayicon.h"
#include "testsupport.h"
#include "watchlist/alertswidget.h"
#include "watchlist/alerttablemodel.h"
#include "watchlist/watchlisttablemodel.h"
#include "watchlist/watchlistwidget.h"
#include "windowtesting.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <memory>

namespace {

const QString ticker = QStringLiteral("KXEV-0000-M000002");

QAction *watchAction(MainWindow &window)
{
    QTableView *view = window.browser()->view(BrowserWidget::MarketsTab);
    if (!BrowserWidget::selectTicker(view, ticker))
        return nullptr;
    QMenu *menu = window.browser()->createRowMenu(BrowserWidget::MarketsTab, view->currentIndex(), &window);
    menu->deleteLater();
    return menu->findChild<QAction *>(QStringLiteral("watchAction"));
}

QString alertsTabText(MainWindow &window)
{
    auto *tabs = qobject_cast<QTabWidget *>(window.centralWidget());
    return tabs ? tabs->tabText(tabs->indexOf(window.alerts())) : QString();
}

} // namespace

using KmTest::closeAndWait;

class TstWatchlistWindow : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("watchwindow")};

    static std::unique_ptr<MainWindow> openWindow(const QString &databasePath)
    {
        auto window = KmTest::openWindow(KmTest::windowStartup(databasePath));
        if (!QTest::qWaitForWindowExposed(window.get()))
            qFatal("the window was not shown");
        return window;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        KmTest::useTestSettings(
            QStringLiteral("tst_watchlistwindow"), m_dir.filePath(QStringLiteral("config")));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void browserMenuAddsToTheWatchlist()
    {
        const QString path = m_dir.newDatabasePath();
        QString error;
        QVERIFY2(BrowserTestDb::create(path, {1, 5}, &error), qPrintable(error));
        auto window = openWindow(path);
        window->showPage(MainWindow::Page::Browser);
        QTRY_VERIFY_WITH_TIMEOUT(window->browser()->marketModel()->rowCount() == 5, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(watchAction(*window) != nullptr, 10000);
        QAction *add = watchAction(*window);
        QCOMPARE(add->text(), QStringLiteral("Add to Watchlist"));
        add->trigger();

        // Stored by the writer thread, then read back into the watchlist tab and the browser.
        const QString watchedRow = QStringLiteral("watchlist WHERE ticker = '%1'").arg(ticker);
        QTRY_COMPARE_WITH_TIMEOUT(KmTest::countRows(path, watchedRow), qint64(1), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(window->watchlist()->watchedTickers(), QStringList{ticker}, 10000);
        QCOMPARE(watchAction(*window)->text(), QStringLiteral("Remove from Watchlist"));

        // Double-click opens the chart of the market.
        window->showPage(MainWindow::Page::Watchlist);
        QTableView *view = window->watchlist()->view();
        QTRY_VERIFY(view->isVisible() && view->viewport()->height() > 0);
        const QRect cell
            = view->visualRect(window->watchlist()->model()->index(0, WatchlistTableModel::Title));
        // QTest::mouseDClick sends only the double-click event; a real one follows a click.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(window->chartPanel()->currentTicker(), ticker);

        // Removing it in the watchlist tab.
        view->selectRow(0);
        window->watchlist()->findChild<QPushButton *>(QStringLiteral("removeFromWatchlistButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(KmTest::countRows(path, QStringLiteral("watchlist")), qint64(0), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(window->watchlist()->watchedTickers().isEmpty(), 10000);
        QCOMPARE(watchAction(*window)->text(), QStringLiteral("Add to Watchlist"));
        QVERIFY(closeAndWait(*window));
    }

    void firingOfAnotherProcessCountsAsUnread()
    {
        const QString path = m_dir.newDatabasePath();
        QString error;
        QVERIFY2(BrowserTestDb::create(path, {1, 5}, &error), qPrintable(error));
        auto window = openWindow(path);
        window->showPage(MainWindow::Page::Dashboard);
        QCOMPARE(alertsTabText(*window), QStringLiteral("Alerts"));
        QSignalSpy notified(window->trayIcon(), &TrayIcon::notified);

        // As a CLI collector records it: another connection, no commit of this window's writer.
        QVERIFY2(BrowserTestDb::write(path,
                     {QStringLiteral("INSERT INTO alert_rules(id, scope, target, kind, field, level, "
                                     "created_at) VALUES (1, 'ticker', '%1', 'above', 'yes_bid', "
                                     "400000, 1)")
                             .arg(ticker),
                         QStringLiteral("INSERT INTO alert_events(rule_id, ticker, snapshot_time, fired_at, "
                                        "value_before, value_after, message) VALUES (1, '%1', 10, 10, "
                                        "390000, 410000, 'yes_bid above 0.40')")
                             .arg(ticker)},
                     &error),
            qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(alertsTabText(*window), QStringLiteral("Alerts (1)"), 20000);
        // Told on the desktop (through the tray) while the user looks at another tab.
        QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 1, 5000);
        QCOMPARE(notified.at(0).at(0).toString(), QStringLiteral("Alert"));
        QCOMPARE(notified.at(0).at(1).toString(), ticker + QStringLiteral(": yes bid rose above $0.40"));
        QCOMPARE(window->alerts()->firingsModel()->rowCount(), 1);

        window->showPage(MainWindow::Page::Alerts);
        QCOMPARE(alertsTabText(*window), QStringLiteral("Alerts"));
        QVERIFY(closeAndWait(*window));

        // Read in this session: not unread in the next one.
        auto next = openWindow(path);
        QCOMPARE(next->alerts()->unreadCount(), 0);
        QCOMPARE(alertsTabText(*next), QStringLiteral("Alerts"));
        QVERIFY(closeAndWait(*next));
    }
};

KM_TEST_WIDGETS_MAIN(TstWatchlistWindow)
#include "tst_watchlistwindow.moc"

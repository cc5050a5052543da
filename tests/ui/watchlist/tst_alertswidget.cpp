// The alerts tab on a prepared database: firings newest first with their rules, the unread count,
// and a firing recorded by another connection shown at the next refresh.
#include "browsertestdb.h"
#include "databasefolder.h"
#include "testsupport.h"
#include "watchlist/alertruledialog.h"
#include "watchlist/alertruletext.h"
#include "watchlist/alertswidget.h"
#include "watchlist/alerttablemodel.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

namespace {

const QString ticker = QStringLiteral("KXEV-0000-M000000");
const QString otherTicker = QStringLiteral("KXEV-0000-M000001");

QString firing(qint64 id, qint64 ruleId, const QString &market, qint64 firedAt, qint64 before, qint64 after,
    const QString &message)
{
    return QStringLiteral(
        "INSERT INTO alert_events(id, rule_id, ticker, snapshot_time, fired_at, value_before, "
        "value_after, message) VALUES (%1, %2, %3, %4, %4, %5, %6, %7)")
        .arg(id)
        .arg(ruleId)
        .arg(BrowserTestDb::quoted(market))
        .arg(firedAt)
        .arg(before)
        .arg(after)
        .arg(BrowserTestDb::quoted(message));
}

QString cell(const AlertTableModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

} // namespace

class TstAlertsWidget : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("alerts")};

    QString createDatabase()
    {
        const QString path = m_dir.newDatabasePath();
        QString error;
        if (!BrowserTestDb::create(path, {1, 3}, &error))
            qFatal("%s", qPrintable(error));
        const QStringList statements = {
            QStringLiteral("INSERT INTO alert_rules(id, scope, target, kind, field, level, note, created_at) "
                           "VALUES (1, 'ticker', %1, 'above', 'last_price', 400000, 'sell?', 1)")
                .arg(BrowserTestDb::quoted(ticker)),
            QStringLiteral("INSERT INTO alert_rules(id, scope, target, kind, level, window_secs, created_at, "
                           "removed_at) "
                           "VALUES (2, 'event', 'KXEV-0000', 'move', 50000, 3600, 1, 5)"),
            firing(1, 2, otherTicker, 1000, 200000, 260000, QStringLiteral("moved 6c")),
            firing(2, 1, ticker, 2000, 380000, 410000, QStringLiteral("last_price above 0.40")),
            firing(3, 1, ticker, 3000, 390000, 420000, QStringLiteral("last_price above 0.40 again")),
        };
        if (!BrowserTestDb::write(path, statements, &error))
            qFatal("%s", qPrintable(error));
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void listsFiringsNewestFirstAndCountsUnread()
    {
        const QString path = createDatabase();
        BrowserTestDb::ReadConnection connection(path);
        QVERIFY2(connection.isOpen(), qPrintable(connection.error()));
        AlertsWidget widget;
        QSignalSpy unread(&widget, &AlertsWidget::unreadCountChanged);
        QSignalSpy arrived(&widget, &AlertsWidget::firingsArrived);
        widget.setConnectionName(connection.name());
        QCOMPARE(arrived.size(), 0); // the first read announces nothing: the unread count tells
        const AlertTableModel &model = *widget.firingsModel();
        QCOMPARE(model.rowCount(), 3);
        // What happened in plain words, from the firing and its rule; the stored message (the CLI's
        // words) in the tooltip.
        QCOMPARE(
            cell(model, 0, AlertTableModel::Message), QStringLiteral("last price rose above $0.40 (sell?)"));
        QCOMPARE(model.index(0, AlertTableModel::Message).data(Qt::ToolTipRole).toString(),
            QStringLiteral("last_price above 0.40 again"));
        QCOMPARE(cell(model, 2, AlertTableModel::Message), QStringLiteral("rose 6¢"));
        QCOMPARE(cell(model, 0, AlertTableModel::Ticker), ticker);
        QCOMPARE(cell(model, 2, AlertTableModel::Ticker), otherTicker);
        QCOMPARE(cell(model, 0, AlertTableModel::Rule),
            QStringLiteral("#1 %1 last price above $0.40").arg(ticker));
        QCOMPARE(cell(model, 2, AlertTableModel::Rule), QStringLiteral("#2 price move (removed)"));
        QCOMPARE(cell(model, 0, AlertTableModel::Value), QStringLiteral("39¢ → 42¢"));
        QVERIFY(model.index(0, 0).data(Qt::FontRole).value<QFont>().bold());
        // Only the active rule is listed, in plain words.
        QCOMPARE(widget.rulesView()->rowCount(), 1);
        QCOMPARE(widget.rulesView()->item(0, 0)->text(), ticker + QStringLiteral(" last price above $0.40"));
        QCOMPARE(widget.rulesView()->item(0, 1)->text(), QStringLiteral("sell?"));
        QCOMPARE(widget.unreadCount(), 3);
        QCOMPARE(unread.size(), 1);
        QCOMPARE(unread.last().at(0).toInt(), 3);

        // Shown: all read.
        widget.show();
        QCOMPARE(widget.unreadCount(), 0);
        QCOMPARE(unread.last().at(0).toInt(), 0);
        QVERIFY(!model.index(0, 0).data(Qt::FontRole).value<QFont>().bold());

        // A firing recorded by another process while the tab is hidden.
        widget.hide();
        QString error;
        QVERIFY2(BrowserTestDb::write(
                     path, {firing(4, 1, ticker, 4000, 400000, 450000, QStringLiteral("fourth"))}, &error),
            qPrintable(error));
        widget.refresh();
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(
            cell(model, 0, AlertTableModel::Message), QStringLiteral("last price rose above $0.40 (sell?)"));
        QCOMPARE(widget.unreadCount(), 1);
        QCOMPARE(unread.last().at(0).toInt(), 1);
        QCOMPARE(arrived.size(), 1);
        QCOMPARE(arrived.last().at(0).toStringList(),
            QStringList{ticker + QStringLiteral(": last price rose above $0.40 (sell?)")});
        widget.refresh(true);
        QCOMPARE(arrived.size(), 1); // announced once

        // The newest firing seen is kept for the next session.
        QSettings settings(m_dir.filePath(QStringLiteral("alerts.ini")), QSettings::IniFormat);
        widget.saveState(settings);
        AlertsWidget next;
        next.restoreState(settings);
        next.setConnectionName(connection.name());
        QCOMPARE(next.unreadCount(), 1);

        // Where plain words need what the firing lacks (here a move without its values), the stored
        // message stands; it names its market already (as the evaluator writes them): not prefixed twice.
        QVERIFY2(BrowserTestDb::write(path,
                     {QStringLiteral("INSERT INTO alert_events(id, rule_id, ticker, snapshot_time, fired_at, "
                                     "message) VALUES (5, 2, %1, 5000, 5000, %2)")
                             .arg(BrowserTestDb::quoted(ticker),
                                 BrowserTestDb::quoted(ticker + QStringLiteral(": fifth")))},
                     &error),
            qPrintable(error));
        widget.refresh();
        QCOMPARE(arrived.size(), 2);
        QCOMPARE(arrived.last().at(0).toStringList(), QStringList{ticker + QStringLiteral(": fifth")});
    }

    void activatingAFiringOpensItsMarket()
    {
        const QString path = createDatabase();
        BrowserTestDb::ReadConnection connection(path);
        QVERIFY2(connection.isOpen(), qPrintable(connection.error()));
        AlertsWidget widget;
        widget.setConnectionName(connection.name());
        widget.resize(900, 500);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        QSignalSpy activated(&widget, &AlertsWidget::marketActivated);
        QTableView *view = widget.firingsView();
        const QRect cellRect = view->visualRect(widget.firingsModel()->index(2, AlertTableModel::Message));
        // QTest::mouseDClick sends only the double-click event; a real one follows a click.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cellRect.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cellRect.center());
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), otherTicker);
    }

    void removeRuleAsksTheWriter()
    {
        const QString path = createDatabase();
        BrowserTestDb::ReadConnection connection(path);
        QVERIFY2(connection.isOpen(), qPrintable(connection.error()));
        AlertsWidget widget;
        widget.setConnectionName(connection.name());
        QSignalSpy removal(&widget, &AlertsWidget::ruleRemovalRequested);
        widget.rulesView()->selectRow(0);
        widget.removeSelectedRules();
        QCOMPARE(removal.size(), 1);
        QCOMPARE(removal.at(0).at(0).toLongLong(), 1);
    }

    // "Alert Me…" with no database open: no dialog whose rule would go nowhere; the view says why.
    void addingARuleWithoutADatabaseSaysWhy()
    {
        AlertsWidget widget;
        QVERIFY(!widget.openAddDialog(QStringLiteral("KXTEST-1")));
        QVERIFY(!widget.findChild<AlertRuleDialog *>());
        const auto *message = widget.findChild<QLabel *>(QStringLiteral("alertsMessage"));
        QVERIFY(message);
        QVERIFY2(message->text().startsWith(QStringLiteral("No database is open, so there is nowhere")),
            qPrintable(message->text()));
    }

    void rulesInPlainWords_data()
    {
        QTest::addColumn<int>("scope");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("field");
        QTest::addColumn<qint64>("level");
        QTest::addColumn<qint64>("window");
        QTest::addColumn<QString>("words");
        using R = AlertRule;
        QTest::newRow("above") << int(R::Scope::Ticker) << int(R::Kind::Above) << int(R::Field::YesBid)
                               << qint64(650000) << qint64(0)
                               << QStringLiteral("KXBTC-25 yes bid above $0.65");
        QTest::newRow("below sub-penny")
            << int(R::Scope::Ticker) << int(R::Kind::Below) << int(R::Field::Spread) << qint64(15000)
            << qint64(0) << QStringLiteral("KXBTC-25 spread below $0.015");
        QTest::newRow("event move") << int(R::Scope::Event) << int(R::Kind::Move) << int(R::Field::LastPrice)
                                    << qint64(50000) << qint64(600)
                                    << QStringLiteral("any market of event KXBTC-25 moves 5¢ within 10 min");
        QTest::newRow("series move, hours")
            << int(R::Scope::Series) << int(R::Kind::Move) << int(R::Field::LastPrice) << qint64(25000)
            << qint64(7200) << QStringLiteral("any market of series KXBTC-25 moves 2.5¢ within 2 h");
        QTest::newRow("volume") << int(R::Scope::Ticker) << int(R::Kind::VolumeJump)
                                << int(R::Field::LastPrice) << qint64(150050) << qint64(0)
                                << QStringLiteral(
                                       "KXBTC-25 24h volume jumps by 1,500.50 contracts between snapshots");
        QTest::newRow("status") << int(R::Scope::Event) << int(R::Kind::StatusChange)
                                << int(R::Field::LastPrice) << qint64(0) << qint64(0)
                                << QStringLiteral("any market of event KXBTC-25 changes status or result");
    }
    void rulesInPlainWords()
    {
        QFETCH(int, scope);
        QFETCH(int, kind);
        QFETCH(int, field);
        QFETCH(qint64, level);
        QFETCH(qint64, window);
        QFETCH(QString, words);
        AlertRule rule;
        rule.scope = AlertRule::Scope(scope);
        rule.target = QStringLiteral("KXBTC-25");
        rule.kind = AlertRule::Kind(kind);
        rule.field = AlertRule::Field(field);
        rule.level = level;
        rule.windowSecs = window;
        QCOMPARE(AlertRuleText::describe(rule), words);
    }

    void dialogRefusesBadWordsAndAcceptsGoodOnes()
    {
        AlertRuleDialog dialog({QStringLiteral("KXT-1"), QStringLiteral("KXT"), QStringLiteral("KXSER")});
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        dialog.show();
        dialog.setCondition(AlertRuleDialog::Condition::VolumeJump);
        dialog.volumeEdit()->setText(QStringLiteral("-3"));
        dialog.accept();
        QCOMPARE(accepted.size(), 0);
        QCOMPARE(dialog.errorLabel()->text(),
            QStringLiteral("Volume jump: '-3' is not a positive number of contracts."));

        dialog.setScope(AlertRule::Scope::Series);
        QCOMPARE(dialog.targetEdit()->text(), QStringLiteral("KXSER"));
        dialog.targetEdit()->clear();
        dialog.volumeEdit()->setText(QStringLiteral("250.5"));
        dialog.accept();
        QCOMPARE(accepted.size(), 0);
        QCOMPARE(dialog.errorLabel()->text(), QStringLiteral("Enter the ticker to watch, without spaces."));

        dialog.setScope(AlertRule::Scope::Event);
        QCOMPARE(dialog.targetEdit()->text(), QStringLiteral("KXT"));
        dialog.noteEdit()->setText(QStringLiteral("  busy  "));
        dialog.accept();
        QCOMPARE(accepted.size(), 1);
        const AlertRule &rule = dialog.rule();
        QCOMPARE(rule.scope, AlertRule::Scope::Event);
        QCOMPARE(rule.target, QStringLiteral("KXT"));
        QCOMPARE(rule.kind, AlertRule::Kind::VolumeJump);
        QCOMPARE(rule.level, qint64(25050));
        QCOMPARE(rule.note, QStringLiteral("busy"));
        QVERIFY(!rule.id);
    }
};

KM_TEST_WIDGETS_MAIN(TstAlertsWidget)
#include "tst_alertswidget.moc"

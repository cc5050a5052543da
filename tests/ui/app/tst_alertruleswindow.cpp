// Alert rules in the window, against the CLI: a rule added through the Add dialog (opened from the
// browser's row menu) is stored by the window's writer thread exactly as `kalshi-monitor-cli alerts
// add` stores the same words (compared through `alerts list --json`); invalid words show the
// dialog's message and store nothing; a rule the CLI adds appears in the open window; Remove Rule
// removes it.
#include "browser/browserwidget.h"
#include "browser/markettablemodel.h"
#include "browsertestdb.h"
#include "databasefolder.h"
#include "mainwindow/mainwindow.h"
#include "testsupport.h"
#include "watchlist/alertruledialog.h"
#include "watchlist/alertswidget.h"
#include "windowtesting.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

#include <memory>

namespace {

const QString ticker = QStringLiteral("KXEV-0000-M000002");
const QString eventTicker = QStringLiteral("KXEV-0000");

struct Cli
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Cli runCli(const QStringList &arguments)
{
    QProcess process;
    process.start(KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli")), arguments);
    Cli result;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// `alerts list --json`: one object per active rule, oldest first.
QList<QJsonObject> listedRules(const QString &path)
{
    const Cli cli = runCli({QStringLiteral("alerts"), QStringLiteral("list"), QStringLiteral("--json"),
        QStringLiteral("--db"), path});
    if (cli.exitCode != 0)
        qFatal("alerts list failed: %s", cli.err.constData());
    QList<QJsonObject> rules;
    for (const QByteArray &line : cli.out.trimmed().split('\n')) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        if (object.contains(QStringLiteral("scope")))
            rules.append(object);
    }
    return rules;
}

// What a rule is, without what only the storing gives it.
QJsonObject withoutIdentity(QJsonObject rule)
{
    rule.remove(QStringLiteral("id"));
    rule.remove(QStringLiteral("created_at"));
    return rule;
}

QAction *alertMeAction(MainWindow &window, QMenu **menu)
{
    QTableView *view = window.browser()->view(BrowserWidget::MarketsTab);
    if (!BrowserWidget::selectTicker(view, ticker))
        return nullptr;
    *menu = window.browser()->createRowMenu(BrowserWidget::MarketsTab, view->currentIndex(), &window);
    (*menu)->deleteLater();
    return (*menu)->findChild<QAction *>(QStringLiteral("alertMeAction"));
}

AlertRuleDialog *openDialog(MainWindow &window)
{
    // A dialog closed before is deleted later: until then findChild() could return it.
    if (!QTest::qWaitFor([&window] { return !window.alerts()->findChild<AlertRuleDialog *>(); }, 5000))
        return nullptr;
    QMenu *menu = nullptr;
    QAction *action = alertMeAction(window, &menu);
    if (!action)
        return nullptr;
    action->trigger();
    return window.alerts()->findChild<AlertRuleDialog *>(QStringLiteral("alertRuleDialog"));
}

} // namespace

using KmTest::closeAndWait;

class TstAlertRulesWindow : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("ruleswindow")};

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        QVERIFY2(!KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli")).isEmpty(),
            "kalshi-monitor-cli was not built");
        KmTest::useTestSettings(
            QStringLiteral("tst_alertruleswindow"), m_dir.filePath(QStringLiteral("config")));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void dialogStoresWhatTheCliStores()
    {
        const QString path = m_dir.newDatabasePath();
        QString error;
        QVERIFY2(BrowserTestDb::create(path, {1, 5}, &error), qPrintable(error));
        auto window = KmTest::openWindow(KmTest::windowStartup(path));
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        window->showPage(MainWindow::Page::Browser);
        QTRY_VERIFY_WITH_TIMEOUT(window->browser()->marketModel()->rowCount() == 5, 10000);
        QMenu *menu = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(alertMeAction(*window, &menu) != nullptr, 10000);

        // Invalid words: the dialog names the bad part, stays open and nothing is stored.
        AlertRuleDialog *dialog = openDialog(*window);
        QVERIFY(dialog);
        QCOMPARE(dialog->targetEdit()->text(), ticker);
        dialog->setCondition(AlertRuleDialog::Condition::Level);
        dialog->fieldBox()->setCurrentIndex(dialog->fieldBox()->findData(QStringLiteral("yes_bid")));
        dialog->directionBox()->setCurrentIndex(dialog->directionBox()->findData(QStringLiteral("above")));
        dialog->levelEdit()->setText(QStringLiteral("1.5"));
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->errorLabel()->isVisible());
        QVERIFY2(dialog->errorLabel()->text().startsWith(QStringLiteral("Level: '1.5'")),
            qPrintable(dialog->errorLabel()->text()));
        dialog->levelEdit()->setText(QString());
        dialog->accept();
        QVERIFY2(dialog->errorLabel()->text().startsWith(QStringLiteral("Level: enter")),
            qPrintable(dialog->errorLabel()->text()));
        dialog->reject();
        QTRY_VERIFY(window->alerts()->findChild<AlertRuleDialog *>() == nullptr);

        // A move rule on the market's event: the scope fills in the event of the stored market.
        dialog = openDialog(*window);
        QVERIFY(dialog);
        dialog->setScope(AlertRule::Scope::Event);
        QCOMPARE(dialog->targetEdit()->text(), eventTicker);
        dialog->setCondition(AlertRuleDialog::Condition::Move);
        dialog->moveEdit()->setText(QStringLiteral("5"));
        dialog->withinEdit()->setText(QStringLiteral("2h30"));
        dialog->accept();
        QVERIFY2(dialog->errorLabel()->text().startsWith(QStringLiteral("Within: '2h30'")),
            qPrintable(dialog->errorLabel()->text()));
        QTest::qWait(200);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("alert_rules")), qint64(0));
        dialog->withinEdit()->setText(QStringLiteral("10m"));
        dialog->noteEdit()->setText(QStringLiteral("event moves"));
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(KmTest::countRows(path, QStringLiteral("alert_rules")), qint64(1), 10000);

        // A level rule on the market.
        dialog = openDialog(*window);
        QVERIFY(dialog);
        dialog->setCondition(AlertRuleDialog::Condition::Level);
        dialog->fieldBox()->setCurrentIndex(dialog->fieldBox()->findData(QStringLiteral("yes_bid")));
        dialog->directionBox()->setCurrentIndex(dialog->directionBox()->findData(QStringLiteral("below")));
        dialog->levelEdit()->setText(QStringLiteral("35c"));
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(KmTest::countRows(path, QStringLiteral("alert_rules")), qint64(2), 10000);
        QTableWidget *rules = window->alerts()->rulesView();
        QTRY_COMPARE_WITH_TIMEOUT(rules->rowCount(), 2, 10000);
        QCOMPARE(rules->item(0, 0)->text(),
            QStringLiteral("any market of event %1 moves 5¢ within 10 min").arg(eventTicker));
        QCOMPARE(rules->item(1, 0)->text(), QStringLiteral("%1 yes bid below $0.35").arg(ticker));

        // The same words through the CLI: the same rules, and the open window shows them.
        QCOMPARE(runCli({QStringLiteral("alerts"), QStringLiteral("add"), QStringLiteral("--db"), path,
                            QStringLiteral("--event"), eventTicker, QStringLiteral("--move"),
                            QStringLiteral("5"), QStringLiteral("--within"), QStringLiteral("10m"),
                            QStringLiteral("--note"), QStringLiteral("event moves")})
                     .exitCode,
            0);
        QCOMPARE(runCli({QStringLiteral("alerts"), QStringLiteral("add"), QStringLiteral("--db"), path,
                            QStringLiteral("--ticker"), ticker, QStringLiteral("--when"),
                            QStringLiteral("yes_bid"), QStringLiteral("below"), QStringLiteral("35c")})
                     .exitCode,
            0);
        const QList<QJsonObject> listed = listedRules(path);
        QCOMPARE(listed.size(), 4);
        QCOMPARE(withoutIdentity(listed.at(0)), withoutIdentity(listed.at(2)));
        QCOMPARE(withoutIdentity(listed.at(1)), withoutIdentity(listed.at(3)));
        QTRY_COMPARE_WITH_TIMEOUT(rules->rowCount(), 4, 20000);

        // Remove Rule: gone from the file's active rules and from the list.
        rules->selectRow(3);
        QPushButton *remove = window->alerts()->removeRuleButton();
        QVERIFY(remove->isEnabled());
        remove->click();
        QTRY_COMPARE_WITH_TIMEOUT(
            KmTest::countRows(path, QStringLiteral("alert_rules WHERE removed_at IS NULL")), qint64(3),
            10000);
        QTRY_COMPARE_WITH_TIMEOUT(rules->rowCount(), 3, 10000);
        QCOMPARE(listedRules(path).size(), 3);
        QVERIFY(closeAndWait(*window));
    }
};

KM_TEST_WIDGETS_MAIN(TstAlertRulesWindow)
#include "tst_alertruleswindow.moc"

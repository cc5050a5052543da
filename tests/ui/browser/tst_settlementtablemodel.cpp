#include "browser/settlementtablemodel.h"
#include "browsertestdb.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using BrowserTestDb::modelTickers;
using BrowserTestDb::strings;

class TstSettlementTableModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path; // 10,000 markets over 100 events; settlements for determined and finalized ones

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("settlements.db"));
        QString error;
        QVERIFY2(BrowserTestDb::create(m_path, {100, 10000}, &error), qPrintable(error));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void opensOneWindow()
    {
        const qint64 total
            = KmTest::queryValue(m_path, QStringLiteral("SELECT count(*) FROM settlements")).toLongLong();
        QVERIFY(total > 1000);
        BrowserTestDb::Reader reader(m_path);
        SettlementTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        QCOMPARE(model.rowCount(), int(total));
        QCOMPARE(model.columnCount(), int(SettlementTableModel::ColumnCount));
        QCOMPARE(model.totalCount(), total);
        QVERIFY(model.isRowLoaded(255));
        QVERIFY(!model.isRowLoaded(256));
        QCOMPARE(modelTickers(model, 0, 256),
            strings(m_path, QStringLiteral("SELECT ticker FROM settlements ORDER BY ticker LIMIT 256")));
    }

    void sortBySettledAtDescending()
    {
        QList<QVariantList> all
            = BrowserTestDb::rows(m_path, QStringLiteral("SELECT ticker, settled_at FROM settlements"));
        std::sort(all.begin(), all.end(), [](const QVariantList &a, const QVariantList &b) {
            if (a.at(1).toLongLong() != b.at(1).toLongLong())
                return a.at(1).toLongLong() > b.at(1).toLongLong();
            return a.at(0).toString() < b.at(0).toString();
        });
        QStringList expected;
        for (const QVariantList &row : std::as_const(all))
            expected << row.at(0).toString();

        BrowserTestDb::Reader reader(m_path);
        SettlementTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        model.sort(SettlementTableModel::SettledAt, Qt::DescendingOrder);
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(model.rowCount(), expected.size());
        QCOMPARE(modelTickers(model), expected);
    }

    void searchMatchesTheMarketTitle()
    {
        const QStringList expected = strings(m_path,
            QStringLiteral("SELECT s.ticker FROM settlements AS s JOIN markets AS m ON m.ticker = s.ticker "
                           "WHERE instr(lower(m.title), 'rate cut') > 0 ORDER BY s.ticker"));
        QCOMPARE(expected.size(), 3); // the fourth "Rate cut" market has no close time, so no settlement
        BrowserTestDb::Reader reader(m_path);
        SettlementTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        model.setSearchText(QStringLiteral("Rate Cut"));
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(model.matchingCount(), qint64(expected.size()));
        QCOMPARE(modelTickers(model), expected);
        QVERIFY(model.index(0, SettlementTableModel::Ticker)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Rate cut 50%_odds")));
    }

    void categoryFilterUsesTheEvent()
    {
        const QStringList expected = strings(m_path,
            QStringLiteral(
                "SELECT s.ticker FROM settlements AS s JOIN events AS e ON e.ticker = s.event_ticker "
                "WHERE e.category = 'Crypto' ORDER BY s.ticker"));
        QVERIFY(expected.size() > 100);
        BrowserTestDb::Reader reader(m_path);
        SettlementTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        model.setCategory(QStringLiteral("Crypto"));
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(modelTickers(model), expected);
    }

    void display_data()
    {
        QTest::addColumn<QString>("result");
        QTest::addColumn<QString>("shownResult");
        QTest::addColumn<QString>("shownValue");

        QTest::newRow("yes") << QStringLiteral("yes") << QStringLiteral("Yes") << QStringLiteral("100¢");
        QTest::newRow("no") << QStringLiteral("no") << QStringLiteral("No") << QStringLiteral("0¢");
        QTest::newRow("void") << QStringLiteral("void") << QStringLiteral("Void") << QStringLiteral("—");
    }

    void display()
    {
        QFETCH(QString, result);
        QFETCH(QString, shownResult);
        QFETCH(QString, shownValue);
        const QString ticker = KmTest::queryValue(m_path,
            QStringLiteral("SELECT ticker FROM settlements WHERE result = '%1' ORDER BY ticker LIMIT 1")
                .arg(result))
                                   .toString();
        QVERIFY(!ticker.isEmpty());
        BrowserTestDb::Reader reader(m_path);
        SettlementTableModel model;
        model.setSearchText(ticker);
        QVERIFY(BrowserTestDb::attach(model, reader));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, SettlementTableModel::Result).data().toString(), shownResult);
        QCOMPARE(model.index(0, SettlementTableModel::SettlementValue).data().toString(), shownValue);
        QCOMPARE(model.index(0, SettlementTableModel::Event).data().toString(), ticker.left(9));
        // The market's title, in a column of its own.
        QCOMPARE(model.index(0, SettlementTableModel::Title).data().toString(),
            KmTest::queryValue(m_path,
                QStringLiteral("SELECT title FROM markets WHERE ticker = %1")
                    .arg(BrowserTestDb::quoted(ticker)))
                .toString());
        QCOMPARE(
            model.index(0, SettlementTableModel::Result).data(BrowserTableModel::RawValueRole).toString(),
            result);
    }

    void neverHoldsAReadTransaction()
    {
        BrowserTestDb::Reader reader(m_path);
        SettlementTableModel model;
        int step = 0;
        const auto commitThenCheck = [&](const std::function<void()> &action) {
            ++step;
            QString error;
            QVERIFY2(BrowserTestDb::write(m_path,
                         {QStringLiteral("UPDATE settlements SET settled_at = settled_at + 1 "
                                         "WHERE rowid = 1")},
                         &error),
                qPrintable(error));
            action();
            QVERIFY(BrowserTestDb::settle(model));
            QVERIFY2(BrowserTestDb::checkpointBusy(m_path) == 0, qPrintable(QString::number(step)));
            QVERIFY2(BrowserTestDb::walSize(m_path) == 0, qPrintable(QString::number(step)));
        };
        commitThenCheck([&] { model.setReader(reader.reader()); });
        commitThenCheck([&] { model.index(model.rowCount() - 1, 0).data(); });
        commitThenCheck([&] { model.sort(SettlementTableModel::SettlementValue, Qt::AscendingOrder); });
        commitThenCheck([&] { model.setSearchText(QStringLiteral("rate")); });
        commitThenCheck([&] { QVERIFY(model.refresh()); });
        QVERIFY(model.errorString().isEmpty());
    }
};

KM_TEST_WIDGETS_MAIN(TstSettlementTableModel)
#include "tst_settlementtablemodel.moc"

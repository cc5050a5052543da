#include "browser/eventtablemodel.h"
#include "browsertestdb.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using BrowserTestDb::modelTickers;
using BrowserTestDb::quoted;
using BrowserTestDb::strings;

class TstEventTableModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path; // 1,000 events of 20 markets, one event without markets, one with 25

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("events.db"));
        QString error;
        QVERIFY2(BrowserTestDb::create(m_path, {1000, 20000}, &error), qPrintable(error));
        QVERIFY2(
            BrowserTestDb::write(m_path,
                {QStringLiteral("INSERT INTO events(ticker, series_ticker, title, sub_title, category, "
                                "is_placeholder, updated_at) VALUES ('KXEMPTY', 'KXE', 'Empty event', "
                                "'Nothing yet', 'Sports', 1, 0)"),
                    QStringLiteral("INSERT INTO markets(ticker, event_ticker, title, status, updated_at) "
                                   "SELECT 'KXEV-0500-EXTRA' || n, 'KXEV-0500', 'Extra', 'active', 0 FROM "
                                   "(SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
                                   "UNION ALL SELECT 5)")},
                &error),
            qPrintable(error));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void opensOneWindow()
    {
        BrowserTestDb::Reader reader(m_path);
        QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
        EventTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        QCOMPARE(model.rowCount(), 1001);
        QCOMPARE(model.columnCount(), int(EventTableModel::ColumnCount));
        QCOMPARE(model.totalCount(), qint64(1001));
        QVERIFY(model.isRowLoaded(255));
        QVERIFY(!model.isRowLoaded(256));
        QCOMPARE(modelTickers(model),
            strings(m_path, QStringLiteral("SELECT ticker FROM events ORDER BY ticker")));
        QVERIFY(!model.supportsStatusFilter());
    }

    void marketCountsMatch()
    {
        const QList<QVariantList> counted = BrowserTestDb::rows(
            m_path, QStringLiteral("SELECT event_ticker, count(*) FROM markets GROUP BY event_ticker"));
        QHash<QString, qint64> expected;
        for (const QVariantList &row : counted)
            expected.insert(row.at(0).toString(), row.at(1).toLongLong());

        BrowserTestDb::Reader reader(m_path);
        EventTableModel model;
        model.setPageSize(300);
        QVERIFY(BrowserTestDb::attach(model, reader));
        QCOMPARE(model.rowCount(), 1001);
        model.ensureRows(0, 1000);
        QVERIFY(BrowserTestDb::settle(model));
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex index = model.index(row, EventTableModel::MarketCount);
            QCOMPARE(index.data(BrowserTableModel::RawValueRole).toLongLong(),
                expected.value(model.tickerAt(row), 0));
        }
        QCOMPARE(model.index(model.rowOfTicker(QStringLiteral("KXEV-0500")), EventTableModel::MarketCount)
                     .data()
                     .toString(),
            QStringLiteral("25"));
        QCOMPARE(model.index(model.rowOfTicker(QStringLiteral("KXEMPTY")), EventTableModel::MarketCount)
                     .data()
                     .toString(),
            QStringLiteral("0"));
    }

    void categoryFilter_data()
    {
        QTest::addColumn<QString>("category");
        for (const QString &category : BrowserTestDb::categories())
            QTest::newRow(qPrintable(category)) << category;
        QTest::newRow("all") << QString();
    }

    void categoryFilter()
    {
        QFETCH(QString, category);
        const QString where
            = category.isEmpty() ? QString() : QStringLiteral(" WHERE category = %1").arg(quoted(category));
        const QStringList expected
            = strings(m_path, QStringLiteral("SELECT ticker FROM events%1 ORDER BY ticker").arg(where));
        QVERIFY(expected.size() > 100);

        BrowserTestDb::Reader reader(m_path);
        EventTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        model.setCategory(category);
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(model.matchingCount(), qint64(expected.size()));
        QCOMPARE(modelTickers(model), expected);
    }

    void statusFilterIsIgnored()
    {
        BrowserTestDb::Reader reader(m_path);
        EventTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        model.setStatusFilter(BrowserTableModel::StatusFilter::Closed);
        QVERIFY(!model.isBusy()); // no new query
        QCOMPARE(model.matchingCount(), qint64(1001));
    }

    void searchMatchesTitleInAnyCase()
    {
        const QStringList expected = strings(m_path,
            QStringLiteral("SELECT ticker FROM events WHERE instr(lower(title), 'series 7 on') > 0 "
                           "OR instr(lower(ticker), 'series 7 on') > 0 ORDER BY ticker"));
        QCOMPARE(expected.size(), 25);
        BrowserTestDb::Reader reader(m_path);
        EventTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        model.setSearchText(QStringLiteral("SERIES 7 ON"));
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(model.rowCount(), 25);
        QCOMPARE(modelTickers(model), expected);
    }

    void sort_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<Qt::SortOrder>("order");
        QTest::newRow("markets desc") << int(EventTableModel::MarketCount) << Qt::DescendingOrder;
        QTest::newRow("markets asc") << int(EventTableModel::MarketCount) << Qt::AscendingOrder;
        QTest::newRow("category asc") << int(EventTableModel::Category) << Qt::AscendingOrder;
        QTest::newRow("category desc") << int(EventTableModel::Category) << Qt::DescendingOrder;
        QTest::newRow("placeholder desc") << int(EventTableModel::Placeholder) << Qt::DescendingOrder;
        QTest::newRow("ticker desc") << int(EventTableModel::Ticker) << Qt::DescendingOrder;
    }

    // Sorted in C++ from SQL facts: NULLs last, ties by ticker ascending.
    void sort()
    {
        QFETCH(int, column);
        QFETCH(Qt::SortOrder, order);
        QList<QVariantList> all = BrowserTestDb::rows(m_path,
            QStringLiteral("SELECT e.ticker, CASE %1 WHEN 3 THEN e.category WHEN 5 THEN e.is_placeholder "
                           "ELSE (SELECT count(*) FROM markets AS m WHERE m.event_ticker = e.ticker) END "
                           "FROM events AS e")
                .arg(column));
        const bool descending = order == Qt::DescendingOrder;
        std::sort(all.begin(), all.end(), [column, descending](const QVariantList &a, const QVariantList &b) {
            if (column == EventTableModel::Ticker)
                return descending ? a.at(0).toString() > b.at(0).toString()
                                  : a.at(0).toString() < b.at(0).toString();
            if (a.at(1).isValid() != b.at(1).isValid())
                return a.at(1).isValid();
            int comparison = 0;
            if (a.at(1).isValid()) {
                comparison = column == EventTableModel::Category
                    ? a.at(1).toString().compare(b.at(1).toString(), Qt::CaseInsensitive)
                    : int(a.at(1).toLongLong() - b.at(1).toLongLong());
            }
            if (comparison != 0)
                return descending ? comparison > 0 : comparison < 0;
            return a.at(0).toString() < b.at(0).toString();
        });
        QStringList expected;
        for (const QVariantList &row : std::as_const(all))
            expected << row.at(0).toString();

        BrowserTestDb::Reader reader(m_path);
        EventTableModel model;
        model.setPageSize(97);
        QVERIFY(BrowserTestDb::attach(model, reader));
        model.sort(column, order);
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(modelTickers(model), expected);
    }

    void display()
    {
        BrowserTestDb::Reader reader(m_path);
        EventTableModel model;
        model.setSearchText(QStringLiteral("KXEMPTY"));
        QVERIFY(BrowserTestDb::attach(model, reader));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, EventTableModel::Placeholder).data().toString(),
            QStringLiteral("Not yet (placeholder)"));
        QVERIFY(model.isHiddenByDefault(EventTableModel::Placeholder));
        QCOMPARE(model.index(0, EventTableModel::Title).data(Qt::ToolTipRole).toString(),
            QStringLiteral("Empty event\nNothing yet"));
        QVERIFY(model.index(0, EventTableModel::MarketCount).data(Qt::TextAlignmentRole).toInt()
            & Qt::AlignRight);
        QVERIFY(model.index(0, EventTableModel::Title).data(Qt::TextAlignmentRole).toInt() & Qt::AlignLeft);

        model.setSearchText(QStringLiteral("KXEV-0006")); // index 6: no category
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.index(0, EventTableModel::Category).data(BrowserTableModel::RawValueRole).isValid());
        QCOMPARE(model.index(0, EventTableModel::Category).data().toString(), QStringLiteral("—"));
        QCOMPARE(model.index(0, EventTableModel::Placeholder).data().toString(), QStringLiteral("Yes"));
        QCOMPARE(model.index(0, EventTableModel::Series).data().toString(), QStringLiteral("KXSER06"));
    }

    void neverHoldsAReadTransaction()
    {
        BrowserTestDb::Reader reader(m_path);
        EventTableModel model;
        int step = 0;
        const auto commitThenCheck = [&](const std::function<void()> &action) {
            ++step;
            QString error;
            QVERIFY2(BrowserTestDb::write(m_path,
                         {QStringLiteral("UPDATE events SET updated_at = updated_at + 1 "
                                         "WHERE ticker = 'KXEV-0001'")},
                         &error),
                qPrintable(error));
            action();
            QVERIFY(BrowserTestDb::settle(model));
            QVERIFY2(BrowserTestDb::checkpointBusy(m_path) == 0, qPrintable(QString::number(step)));
            QVERIFY2(BrowserTestDb::walSize(m_path) == 0, qPrintable(QString::number(step)));
        };
        commitThenCheck([&] { model.setReader(reader.reader()); });
        commitThenCheck([&] { model.index(model.rowCount() - 1, 0).data(); });
        commitThenCheck([&] { model.sort(EventTableModel::MarketCount, Qt::DescendingOrder); });
        commitThenCheck([&] { model.setCategory(QStringLiteral("Sports")); });
        commitThenCheck([&] { QVERIFY(model.refresh()); });
        QVERIFY(model.errorString().isEmpty());
    }
};

KM_TEST_WIDGETS_MAIN(TstEventTableModel)
#include "tst_eventtablemodel.moc"

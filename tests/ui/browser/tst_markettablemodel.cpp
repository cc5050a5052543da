#include "browser/markettablemodel.h"
#include "browsertestdb.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using BrowserTestDb::modelTickers;
using BrowserTestDb::quoted;
using BrowserTestDb::strings;
using Column = MarketTableModel::Column;
using StatusFilter = BrowserTableModel::StatusFilter;

Q_DECLARE_METATYPE(BrowserTableModel::StatusFilter)

// Expectations come from SQL the model does not use (instr instead of LIKE, plain WHERE status IN)
// or from sorting in C++, never from the model's own query text.
class TstMarketTableModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path; // 100,000 markets over 1,000 events
    QString m_formatPath; // one market whose values the formatting test sets
    int m_inserted = 0;

    bool write(const QStringList &statements)
    {
        QString error;
        const bool ok = BrowserTestDb::write(m_path, statements, &error);
        if (!ok)
            qWarning("write failed: %s", qPrintable(error));
        return ok;
    }

    // A fresh market in event KXEV-0000, sorting right after `after`.
    QString insertMarketAfter(const QString &after)
    {
        const QString ticker = after + QStringLiteral("-new%1").arg(++m_inserted);
        write(
            { QStringLiteral("INSERT INTO markets(ticker, event_ticker, title, status, yes_bid, updated_at) "
                             "VALUES (%1, 'KXEV-0000', 'Inserted market', 'active', 420000, 1767225600)")
                    .arg(quoted(ticker)) });
        return ticker;
    }

    static int statusRank(const QString &status)
    {
        static const QStringList lifecycle = { QStringLiteral("initialized"), QStringLiteral("active"),
            QStringLiteral("inactive"), QStringLiteral("closed"), QStringLiteral("determined"),
            QStringLiteral("disputed"), QStringLiteral("amended"), QStringLiteral("finalized") };
        return int(lifecycle.indexOf(status));
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        qputenv("TZ", "JST-9");
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("markets.db"));
        QElapsedTimer timer;
        timer.start();
        QString error;
        QVERIFY2(BrowserTestDb::create(m_path, {}, &error), qPrintable(error));
        qInfo("generated 100,000 markets in %lld ms", timer.elapsed());

        m_formatPath = m_dir.filePath(QStringLiteral("format.db"));
        QVERIFY2(
            BrowserTestDb::write(m_formatPath,
                { QStringLiteral("INSERT INTO events(ticker, series_ticker, title, updated_at) "
                                 "VALUES ('FMT', 'FMTS', 'Format event', 0)"),
                    QStringLiteral("INSERT INTO markets(ticker, event_ticker, title, status, updated_at) "
                                   "VALUES ('FMT-1', 'FMT', 'Format market', 'active', 0)") },
                &error),
            qPrintable(error));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void opensOneWindowOfALargeTable()
    {
        BrowserTestDb::ReadConnection reader(m_path);
        QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
        MarketTableModel model;
        QSignalSpy counts(&model, &BrowserTableModel::countsChanged);
        QElapsedTimer timer;
        timer.start();
        model.setConnectionName(reader.name());
        qInfo("opened in %lld ms", timer.elapsed());

        const qint64 total
            = KmTest::queryValue(m_path, QStringLiteral("SELECT count(*) FROM markets")).toLongLong();
        QVERIFY(total >= 100000);
        QCOMPARE(model.rowCount(), BrowserTableModel::defaultWindowSize);
        QVERIFY(model.rowCount() * 100 < total);
        QVERIFY(model.canFetchMore(QModelIndex()));
        QCOMPARE(model.totalCount(), total);
        QCOMPARE(model.matchingCount(), total);
        QCOMPARE(counts.count(), 1);
        QCOMPARE(model.columnCount(), int(MarketTableModel::ColumnCount));
        QCOMPARE(modelTickers(model),
            strings(m_path, QStringLiteral("SELECT ticker FROM markets ORDER BY ticker LIMIT 256")));
        QVERIFY(model.errorString().isEmpty());
    }

    void fetchMoreAppendsTheNextWindow()
    {
        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        model.setConnectionName(reader.name());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.fetchMore(QModelIndex());
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 256);
        QCOMPARE(inserted.at(0).at(2).toInt(), 511);
        model.fetchMore(QModelIndex());
        QCOMPARE(model.rowCount(), 768);
        QCOMPARE(modelTickers(model),
            strings(m_path, QStringLiteral("SELECT ticker FROM markets ORDER BY ticker LIMIT 768")));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.rowOfTicker(model.tickerAt(row)), row);
    }

    void fetchesToTheEndExactly()
    {
        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        model.setWindowSize(100);
        model.setSearchText(QStringLiteral("KXEV-0003"));
        model.setConnectionName(reader.name());
        BrowserTestDb::fetchAll(&model);
        QVERIFY(!model.canFetchMore(QModelIndex()));
        QCOMPARE(modelTickers(model),
            strings(m_path,
                QStringLiteral("SELECT ticker FROM markets WHERE instr(ticker, 'KXEV-0003') > 0 "
                               "ORDER BY ticker")));
        QCOMPARE(model.rowCount(), 100);
    }

    void search_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("fixtureCount"); // what the fixture was built to contain, -1: unchecked

        QTest::newRow("ticker part") << QStringLiteral("M00012") << 10;
        QTest::newRow("title word, other case") << QStringLiteral("GAMMA") << 19960;
        QTest::newRow("literal percent") << QStringLiteral("50%") << 40;
        QTest::newRow("literal underscore") << QStringLiteral("%_odds") << 40;
        QTest::newRow("underscore alone") << QStringLiteral("e_") << 0;
        QTest::newRow("backslash") << QStringLiteral("\\") << 0;
        QTest::newRow("quote") << QStringLiteral("it's") << 0;
        QTest::newRow("surrounding spaces ignored") << QStringLiteral("  case 17 ") << -1;
        QTest::newRow("no match") << QStringLiteral("zzzz") << 0;
    }

    void search()
    {
        QFETCH(QString, text);
        QFETCH(int, fixtureCount);
        const QString needle = quoted(text.trimmed().toLower());
        const QStringList expected = strings(m_path,
            QStringLiteral("SELECT ticker FROM markets WHERE instr(lower(ticker), %1) > 0 "
                           "OR instr(lower(title), %1) > 0 ORDER BY ticker")
                .arg(needle));
        if (fixtureCount >= 0)
            QCOMPARE(expected.size(), fixtureCount);

        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        model.setWindowSize(4096);
        model.setConnectionName(reader.name());
        model.setSearchText(text);
        QCOMPARE(model.matchingCount(), qint64(expected.size()));
        BrowserTestDb::fetchAll(&model);
        QCOMPARE(modelTickers(model), expected);
    }

    void statusFilter_data()
    {
        QTest::addColumn<StatusFilter>("status");
        QTest::addColumn<QString>("storedValues");

        QTest::newRow("all") << StatusFilter::All << QString();
        QTest::newRow("open") << StatusFilter::Open << QStringLiteral("'active'");
        QTest::newRow("closed") << StatusFilter::Closed << QStringLiteral("'closed'");
        QTest::newRow("settled") << StatusFilter::Settled << QStringLiteral("'determined', 'finalized'");
        QTest::newRow("unopened") << StatusFilter::Unopened << QStringLiteral("'initialized'");
        QTest::newRow("paused") << StatusFilter::Paused << QStringLiteral("'inactive'");
    }

    void statusFilter()
    {
        QFETCH(StatusFilter, status);
        QFETCH(QString, storedValues);
        const QString where
            = storedValues.isEmpty() ? QString() : QStringLiteral(" WHERE status IN (%1)").arg(storedValues);
        const qint64 expectedCount
            = KmTest::queryValue(m_path, QStringLiteral("SELECT count(*) FROM markets") + where).toLongLong();
        QVERIFY(expectedCount > 0);

        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        model.setConnectionName(reader.name());
        model.setStatusFilter(status);
        QCOMPARE(model.matchingCount(), expectedCount);
        model.fetchMore(QModelIndex());
        QCOMPARE(modelTickers(model),
            strings(
                m_path, QStringLiteral("SELECT ticker FROM markets%1 ORDER BY ticker LIMIT 512").arg(where)));
    }

    void categoryAndSearchCombine()
    {
        const QString expectedSql = QStringLiteral(
            "SELECT m.ticker FROM markets AS m JOIN events AS e ON e.ticker = m.event_ticker "
            "WHERE e.category = 'Sports' AND m.status = 'active' AND instr(lower(m.title), 'beta') > 0 "
            "ORDER BY m.ticker");
        const QStringList expected = strings(m_path, expectedSql);
        QVERIFY(expected.size() > 100);

        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        model.setConnectionName(reader.name());
        BrowserTableModel::Filter filter;
        filter.searchText = QStringLiteral("Beta");
        filter.status = StatusFilter::Open;
        filter.category = QStringLiteral("Sports");
        model.setFilter(filter);
        QCOMPARE(model.matchingCount(), qint64(expected.size()));
        QCOMPARE(model.totalCount(),
            KmTest::queryValue(m_path, QStringLiteral("SELECT count(*) FROM markets")).toLongLong());
        BrowserTestDb::fetchAll(&model);
        QCOMPARE(modelTickers(model), expected);
    }

    void sortByYesBidDescending()
    {
        // Sorted here, in C++: highest bid first, NULL bids last, equal bids by ticker.
        QList<QVariantList> all
            = BrowserTestDb::rows(m_path, QStringLiteral("SELECT ticker, yes_bid FROM markets"));
        std::sort(all.begin(), all.end(), [](const QVariantList &a, const QVariantList &b) {
            if (a.at(1).isValid() != b.at(1).isValid())
                return a.at(1).isValid();
            if (a.at(1).isValid() && a.at(1).toLongLong() != b.at(1).toLongLong())
                return a.at(1).toLongLong() > b.at(1).toLongLong();
            return a.at(0).toString() < b.at(0).toString();
        });
        QStringList expected;
        for (int i = 0; i < 768; ++i)
            expected << all.at(i).at(0).toString();

        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        model.setConnectionName(reader.name());
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.sort(MarketTableModel::YesBid, Qt::DescendingOrder);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowCount(), 256);
        QCOMPARE(modelTickers(model), expected.mid(0, 256));
        model.fetchMore(QModelIndex());
        model.fetchMore(QModelIndex());
        QCOMPARE(modelTickers(model), expected);
        QCOMPARE(model.index(0, MarketTableModel::YesBid).data(BrowserTableModel::RawValueRole).toLongLong(),
            all.at(0).at(1).toLongLong());
        // Sorting again the same way is not a new query.
        model.sort(MarketTableModel::YesBid, Qt::DescendingOrder);
        QCOMPARE(resets.count(), 1);
    }

    void sortEveryColumnAcrossWindows_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<Qt::SortOrder>("order");
        for (int column = 0; column < MarketTableModel::ColumnCount; ++column) {
            for (const Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
                const QString name = QStringLiteral("%1 %2").arg(column).arg(
                    order == Qt::AscendingOrder ? QStringLiteral("asc") : QStringLiteral("desc"));
                QTest::newRow(qPrintable(name)) << column << order;
            }
        }
    }

    // Windows of 7 rows over the 100 markets of one event: every window boundary is a keyset
    // continuation, through ties, NULLs and case differences.
    void sortEveryColumnAcrossWindows()
    {
        QFETCH(int, column);
        QFETCH(Qt::SortOrder, order);
        static const char *const sqlColumns[] = { "ticker", "title", "event_ticker", "status", "yes_bid",
            "yes_ask", "last_price", "volume", "open_interest", "close_time", "updated_at" };
        QList<QVariantList> all = BrowserTestDb::rows(m_path,
            QStringLiteral("SELECT ticker, %1 FROM markets WHERE ticker LIKE 'KXEV-0001-%'")
                .arg(QLatin1String(sqlColumns[column])));
        QCOMPARE(all.size(), 100);
        const bool descending = order == Qt::DescendingOrder;
        std::sort(all.begin(), all.end(), [column, descending](const QVariantList &a, const QVariantList &b) {
            const QString tickerA = a.at(0).toString();
            const QString tickerB = b.at(0).toString();
            if (column == MarketTableModel::Ticker)
                return descending ? tickerA > tickerB : tickerA < tickerB;
            const QVariant &x = a.at(1);
            const QVariant &y = b.at(1);
            if (x.isValid() != y.isValid())
                return x.isValid();
            int comparison = 0;
            if (x.isValid()) {
                if (column == MarketTableModel::Title)
                    comparison = x.toString().compare(y.toString(), Qt::CaseInsensitive);
                else if (column == MarketTableModel::Status)
                    comparison = statusRank(x.toString()) - statusRank(y.toString());
                else if (column == MarketTableModel::Event)
                    comparison = x.toString().compare(y.toString());
                else
                    comparison
                        = x.toLongLong() < y.toLongLong() ? -1 : (x.toLongLong() > y.toLongLong() ? 1 : 0);
            }
            if (comparison != 0)
                return descending ? comparison > 0 : comparison < 0;
            return tickerA < tickerB;
        });
        QStringList expected;
        for (const QVariantList &row : std::as_const(all))
            expected << row.at(0).toString();

        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        model.setWindowSize(7);
        model.setSearchText(QStringLiteral("KXEV-0001-"));
        model.sort(column, order);
        model.setConnectionName(reader.name());
        QCOMPARE(model.rowCount(), 7);
        BrowserTestDb::fetchAll(&model);
        QCOMPARE(modelTickers(model), expected);
    }

    void refreshInsertsAndUpdatesInPlace()
    {
        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setConnectionName(reader.name());
        model.fetchMore(QModelIndex());
        QCOMPARE(model.rowCount(), 512);
        QVERIFY(!model.refresh()); // nothing committed since the last query

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy moved(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const QString updated = model.tickerAt(300);
        const QPersistentModelIndex updatedIndex = model.index(300, MarketTableModel::YesBid);
        const QString early = insertMarketAfter(model.tickerAt(5));
        const QString early2 = insertMarketAfter(early);
        const QString middle = insertMarketAfter(model.tickerAt(150));
        QVERIFY(write({ QStringLiteral("UPDATE markets SET yes_bid = 123400 WHERE ticker = %1")
                            .arg(quoted(updated)) }));

        QVERIFY(model.refresh());
        QCOMPARE(resets.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(moved.count(), 0);
        QCOMPARE(inserted.count(), 2); // one run of two rows, one single row
        QCOMPARE(model.rowCount(), 515);
        QCOMPARE(modelTickers(model),
            strings(m_path, QStringLiteral("SELECT ticker FROM markets ORDER BY ticker LIMIT 515")));
        QCOMPARE(model.rowOfTicker(early), 6);
        QCOMPARE(model.rowOfTicker(early2), 7);
        QCOMPARE(updatedIndex.row(), 303);
        QCOMPARE(updatedIndex.data(BrowserTableModel::RawValueRole).toLongLong(), qint64(123400));
        QCOMPARE(updatedIndex.data().toString(), QStringLiteral("12.34¢"));
        QVERIFY(changed.count() >= 1);
        const QModelIndex top = changed.last().at(0).toModelIndex();
        const QModelIndex bottom = changed.last().at(1).toModelIndex();
        QVERIFY(top.row() <= 303 && bottom.row() >= 303);
        QCOMPARE(model.totalCount(),
            KmTest::queryValue(m_path, QStringLiteral("SELECT count(*) FROM markets")).toLongLong());
        QVERIFY(model.rowOfTicker(middle) > 150);
        QVERIFY(!model.refresh());
        QVERIFY(model.canFetchMore(QModelIndex()));
    }

    void refreshMovesRowsWhoseSortValueChanged()
    {
        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.sort(MarketTableModel::YesBid, Qt::DescendingOrder);
        model.setConnectionName(reader.name());
        model.fetchMore(QModelIndex());
        const int rows = model.rowCount();
        const QString risen = model.tickerAt(200);
        const QString fallen = model.tickerAt(10);
        const QPersistentModelIndex risenIndex = model.index(200, MarketTableModel::Title);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy moved(&model, &QAbstractItemModel::layoutChanged);
        QVERIFY(write(
            { QStringLiteral("UPDATE markets SET yes_bid = 999900 WHERE ticker = %1").arg(quoted(risen)),
                QStringLiteral("UPDATE markets SET yes_bid = 0 WHERE ticker = %1").arg(quoted(fallen)) }));

        QVERIFY(model.refresh());
        QCOMPARE(resets.count(), 0);
        QCOMPARE(moved.count(), 1);
        QCOMPARE(risenIndex.row(), 0);
        QCOMPARE(risenIndex.data(BrowserTableModel::TickerRole).toString(), risen);
        QCOMPARE(model.rowOfTicker(fallen), -1); // now far below the fetched rows
        QCOMPARE(model.rowCount(), rows);
        QCOMPARE(modelTickers(model),
            strings(m_path,
                QStringLiteral("SELECT ticker FROM markets ORDER BY yes_bid DESC NULLS LAST, "
                               "ticker LIMIT %1")
                    .arg(rows)));
    }

    void refreshRemovesRowsThatLeaveTheFilter()
    {
        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStatusFilter(StatusFilter::Open);
        model.setConnectionName(reader.name());
        const qint64 matching = model.matchingCount();
        const QString leaving = model.tickerAt(50);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QVERIFY(write({ QStringLiteral("UPDATE markets SET status = 'closed' WHERE ticker = %1")
                            .arg(quoted(leaving)) }));

        QVERIFY(model.refresh());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 50);
        QCOMPARE(model.rowOfTicker(leaving), -1);
        QCOMPARE(model.matchingCount(), matching - 1);
        QCOMPARE(model.rowCount(), 256); // topped up from below
        QCOMPARE(modelTickers(model),
            strings(m_path,
                QStringLiteral("SELECT ticker FROM markets WHERE status = 'active' "
                               "ORDER BY ticker LIMIT 256")));
    }

    void display_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("sqlValue");
        QTest::addColumn<bool>("probability");
        QTest::addColumn<QString>("shown");
        QTest::addColumn<bool>("rightAligned");

        QTest::newRow("price") << int(MarketTableModel::YesBid) << QStringLiteral("450000") << false
                               << QStringLiteral("45¢") << true;
        QTest::newRow("price sub-penny") << int(MarketTableModel::YesAsk) << QStringLiteral("1000") << false
                                         << QStringLiteral("0.10¢") << true;
        QTest::newRow("price decimals") << int(MarketTableModel::LastPrice) << QStringLiteral("452300")
                                        << false << QStringLiteral("45.23¢") << true;
        QTest::newRow("price as probability") << int(MarketTableModel::YesBid) << QStringLiteral("450000")
                                              << true << QStringLiteral("45%") << true;
        QTest::newRow("sub-penny probability") << int(MarketTableModel::YesBid) << QStringLiteral("1000")
                                               << true << QStringLiteral("0.10%") << true;
        QTest::newRow("price NULL") << int(MarketTableModel::YesBid) << QStringLiteral("NULL") << false
                                    << QStringLiteral("—") << true;
        QTest::newRow("count") << int(MarketTableModel::Volume) << QStringLiteral("387756") << false
                               << QStringLiteral("3,877.56") << true;
        QTest::newRow("count one decimal") << int(MarketTableModel::OpenInterest) << QStringLiteral("387750")
                                           << false << QStringLiteral("3,877.50") << true;
        QTest::newRow("count whole") << int(MarketTableModel::Volume) << QStringLiteral("387700") << false
                                     << QStringLiteral("3,877") << true;
        QTest::newRow("count NULL") << int(MarketTableModel::Volume) << QStringLiteral("NULL") << false
                                    << QStringLiteral("—") << true;
        QTest::newRow("time (UTC+9)") << int(MarketTableModel::CloseTime) << QStringLiteral("1773320733")
                                      << false << QStringLiteral("2026-03-12 22:05") << true;
        QTest::newRow("time NULL") << int(MarketTableModel::CloseTime) << QStringLiteral("NULL") << false
                                   << QStringLiteral("—") << true;
        QTest::newRow("status") << int(MarketTableModel::Status) << QStringLiteral("'finalized'") << false
                                << QStringLiteral("Settled") << false;
        QTest::newRow("title") << int(MarketTableModel::Title) << QStringLiteral("'Will it rain?'") << false
                               << QStringLiteral("Will it rain?") << false;
    }

    void display()
    {
        QFETCH(int, column);
        QFETCH(QString, sqlValue);
        QFETCH(bool, probability);
        QFETCH(QString, shown);
        QFETCH(bool, rightAligned);
        static const char *const sqlColumns[] = { "ticker", "title", "event_ticker", "status", "yes_bid",
            "yes_ask", "last_price", "volume", "open_interest", "close_time", "updated_at" };
        BrowserTestDb::ReadConnection reader(m_formatPath);
        MarketTableModel model;
        model.setPriceFormat(
            probability ? BrowserFormat::PriceFormat::Probability : BrowserFormat::PriceFormat::Cents);
        model.setConnectionName(reader.name());
        QCOMPARE(model.rowCount(), 1);
        QString error;
        QVERIFY2(BrowserTestDb::write(m_formatPath,
                     { QStringLiteral("UPDATE markets SET %1 = %2 WHERE ticker = 'FMT-1'")
                             .arg(QLatin1String(sqlColumns[column]), sqlValue) },
                     &error),
            qPrintable(error));
        model.refresh(); // re-reads unless the value was already there (then nothing was committed)

        const QModelIndex index = model.index(0, column);
        QCOMPARE(index.data().toString(), shown);
        const QVariant raw = index.data(BrowserTableModel::RawValueRole);
        if (sqlValue == u"NULL") {
            QVERIFY(!raw.isValid());
            QVERIFY(index.data(Qt::ForegroundRole).isValid()); // dimmed
        } else if (sqlValue.startsWith(u'\'')) {
            QCOMPARE(raw.toString(), sqlValue.mid(1, sqlValue.size() - 2));
        } else {
            QCOMPARE(raw.toLongLong(), sqlValue.toLongLong());
        }
        QVERIFY(!index.data(Qt::ToolTipRole).toString().isEmpty());
        const int alignment = index.data(Qt::TextAlignmentRole).toInt();
        QCOMPARE(bool(alignment & Qt::AlignRight), rightAligned);
        QCOMPARE(model.headerData(column, Qt::Horizontal, Qt::TextAlignmentRole).toInt(), alignment);
        QCOMPARE(index.data(BrowserTableModel::TickerRole).toString(), QStringLiteral("FMT-1"));
    }

    void toolTipsShowExactValues()
    {
        QString error;
        QVERIFY2(BrowserTestDb::write(m_formatPath,
                     { QStringLiteral("UPDATE markets SET yes_bid = 452300, volume = 387756, "
                                      "close_time = 0, subtitle = 'Sub' WHERE ticker = 'FMT-1'") },
                     &error),
            qPrintable(error));
        BrowserTestDb::ReadConnection reader(m_formatPath);
        MarketTableModel model;
        model.setConnectionName(reader.name());
        QCOMPARE(model.index(0, MarketTableModel::YesBid).data(Qt::ToolTipRole).toString(),
            QStringLiteral("$0.4523 (452,300 micro-dollars)"));
        QCOMPARE(model.index(0, MarketTableModel::Volume).data(Qt::ToolTipRole).toString(),
            QStringLiteral("3,877.56 contracts (387,756 centi-contracts)"));
        QVERIFY(model.index(0, MarketTableModel::CloseTime)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("1970-01-01 00:00:00 UTC")));
        QVERIFY(model.index(0, MarketTableModel::Title).data(Qt::ToolTipRole).toString().endsWith(u"\nSub"));
    }

    void priceFormatChangeRepaints()
    {
        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        model.setConnectionName(reader.name());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setPriceFormat(BrowserFormat::PriceFormat::Probability);
        QCOMPARE(changed.count(), 1);
        const QModelIndex priced = model.index(1, MarketTableModel::YesBid);
        QVERIFY(priced.data().toString().endsWith(u'%'));
    }

    // An unfinished SELECT on the reader does block the checkpoint: the check below can fail.
    void checkpointCheckDetectsAPinnedSnapshot()
    {
        BrowserTestDb::ReadConnection reader(m_path);
        {
            QSqlQuery query(QSqlDatabase::database(reader.name(), false));
            query.setForwardOnly(true);
            QVERIFY(query.exec(QStringLiteral("SELECT ticker FROM markets")));
            QVERIFY(query.next());
            QVERIFY(write({ QStringLiteral("UPDATE markets SET updated_at = updated_at + 1 "
                                           "WHERE ticker = 'KXEV-0000-M000001'") }));
            QCOMPARE(BrowserTestDb::checkpointBusy(m_path, 100), 1);
            query.finish();
        }
        QCOMPARE(BrowserTestDb::checkpointBusy(m_path), 0);
    }

    void neverHoldsAReadTransaction()
    {
        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        const auto commitThenCheck = [this](const std::function<void()> &step, const char *name) {
            QVERIFY(write({ QStringLiteral(
                "UPDATE markets SET volume = volume + 1 WHERE ticker = 'KXEV-0000-M000002'") }));
            QVERIFY2(BrowserTestDb::walSize(m_path) > 0, name);
            step();
            QVERIFY2(BrowserTestDb::checkpointBusy(m_path) == 0, name);
            QVERIFY2(BrowserTestDb::walSize(m_path) == 0, name);
        };
        commitThenCheck([&] { model.setConnectionName(reader.name()); }, "open");
        commitThenCheck(
            [&] {
                for (int row = 0; row < model.rowCount(); ++row) {
                    for (int column = 0; column < model.columnCount(); ++column) {
                        for (const int role : { int(Qt::DisplayRole), int(Qt::ToolTipRole),
                                 int(BrowserTableModel::RawValueRole) })
                            model.index(row, column).data(role);
                    }
                }
            },
            "data");
        commitThenCheck([&] { model.fetchMore(QModelIndex()); }, "fetchMore");
        commitThenCheck([&] { model.sort(MarketTableModel::LastPrice, Qt::DescendingOrder); }, "sort");
        commitThenCheck([&] { model.fetchMore(QModelIndex()); }, "fetchMore sorted");
        commitThenCheck([&] { model.setSearchText(QStringLiteral("gamma")); }, "search");
        commitThenCheck([&] { model.setStatusFilter(StatusFilter::Open); }, "status");
        commitThenCheck([&] { model.setCategory(QStringLiteral("Sports")); }, "category");
        commitThenCheck([&] { QVERIFY(model.refresh()); }, "refresh");
        commitThenCheck([&] { BrowserTestDb::fetchAll(&model); }, "fetch all");
        commitThenCheck([&] { QVERIFY(model.refresh()); }, "refresh at end");
        QVERIFY(model.errorString().isEmpty());
    }

    void detachEmptiesTheModel()
    {
        BrowserTestDb::ReadConnection reader(m_path);
        MarketTableModel model;
        model.setConnectionName(reader.name());
        QVERIFY(model.rowCount() > 0);
        QSignalSpy counts(&model, &BrowserTableModel::countsChanged);
        model.setConnectionName(QString());
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.canFetchMore(QModelIndex()));
        QCOMPARE(model.totalCount(), qint64(-1));
        QCOMPARE(counts.count(), 1);
        QVERIFY(!model.refresh());
    }

    void timings()
    {
        // KM_BROWSER_BENCH_MARKETS=1000000 measures a bigger database (built once, ~10 s per 1M).
        QString path = m_path;
        const int markets = qEnvironmentVariableIntValue("KM_BROWSER_BENCH_MARKETS");
        if (markets > 0) {
            path = m_dir.filePath(QStringLiteral("bench.db"));
            QString error;
            QElapsedTimer build;
            build.start();
            QVERIFY2(
                BrowserTestDb::create(path, { qMax(1, markets / 100), markets }, &error), qPrintable(error));
            qInfo("generated %d markets in %lld ms", markets, build.elapsed());
        }
        BrowserTestDb::ReadConnection reader(path);
        MarketTableModel model;
        QElapsedTimer timer;
        const auto measure = [&timer](const char *what, const std::function<void()> &step, int repeat = 1) {
            timer.start();
            for (int i = 0; i < repeat; ++i)
                step();
            qInfo("%-52s %9.3f ms", what, double(timer.nsecsElapsed()) / 1e6 / repeat);
        };
        int price = 0;
        const auto commitPrices = [&] {
            QString error;
            QVERIFY2(BrowserTestDb::write(path,
                         { QStringLiteral("UPDATE markets SET yes_bid = %1 WHERE rowid % 997 = 0")
                                 .arg(10000 + (++price % 90) * 10000) },
                         &error),
                qPrintable(error));
        };
        measure("open (first window and counts)", [&] { model.setConnectionName(reader.name()); });
        QCOMPARE(model.rowCount(), 256);
        measure(
            "fetchMore, by ticker", [&] { model.fetchMore(QModelIndex()); }, 10);
        measure(
            "refresh, nothing committed", [&] { QVERIFY(!model.refresh()); }, 20);
        double total = 0;
        for (int i = 0; i < 10; ++i) {
            commitPrices();
            timer.start();
            QVERIFY(model.refresh());
            total += double(timer.nsecsElapsed()) / 1e6;
        }
        qInfo("%-52s %9.3f ms", "refresh after a commit, 2,816 rows fetched", total / 10);
        model.reload();
        total = 0;
        for (int i = 0; i < 10; ++i) {
            commitPrices();
            timer.start();
            QVERIFY(model.refresh());
            total += double(timer.nsecsElapsed()) / 1e6;
        }
        qInfo("%-52s %9.3f ms", "refresh after a commit, 256 rows fetched", total / 10);
        measure(
            "sort by yes bid (reload)", [&] { model.sort(MarketTableModel::YesBid, Qt::DescendingOrder); });
        measure(
            "fetchMore, by yes bid", [&] { model.fetchMore(QModelIndex()); }, 5);
        total = 0;
        for (int i = 0; i < 5; ++i) {
            commitPrices();
            timer.start();
            QVERIFY(model.refresh());
            total += double(timer.nsecsElapsed()) / 1e6;
        }
        qInfo("%-52s %9.3f ms", "refresh after a commit, by yes bid, 1,536 rows", total / 5);
        const auto refreshAfterCommits = [&](const char *what) {
            double sum = 0;
            double worst = 0;
            for (int i = 0; i < 5; ++i) {
                commitPrices();
                timer.start();
                QVERIFY(model.refresh());
                const double ms = double(timer.nsecsElapsed()) / 1e6;
                sum += ms;
                worst = qMax(worst, ms);
            }
            qInfo("%-52s %9.3f ms (worst %.3f)", what, sum / 5, worst);
        };
        measure("search 'gamma' (reload)", [&] { model.setSearchText(QStringLiteral("gamma")); });
        refreshAfterCommits("refresh after a commit, search 'gamma', by yes bid");
        measure("sort by ticker (reload)", [&] { model.sort(MarketTableModel::Ticker, Qt::AscendingOrder); });
        refreshAfterCommits("refresh after a commit, search 'gamma', by ticker");
        measure("status open (reload)", [&] {
            model.setFilter({});
            model.setStatusFilter(StatusFilter::Open);
        });
        refreshAfterCommits("refresh after a commit, status open, by ticker");
        measure("status settled + category Sports (reload)", [&] {
            BrowserTableModel::Filter filter;
            filter.status = StatusFilter::Settled;
            filter.category = QStringLiteral("Sports");
            model.setFilter(filter);
        });
        QVERIFY(model.errorString().isEmpty());
    }
};

KM_TEST_WIDGETS_MAIN(TstMarketTableModel)
#include "tst_markettablemodel.moc"

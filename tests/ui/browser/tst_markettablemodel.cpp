#include "browser/markettablemodel.h"
#include "browsertestdb.h"
#include "storage/marketsearch.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
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

namespace {

// Prepares `sql`, binds `values` and runs it; a failure is printed, and the caller's rows then
// differ from what it compares them with.
bool runQuery(QSqlQuery &query, const QString &sql, const QVariantList &values)
{
    if (!query.prepare(sql)) {
        qWarning("%s", qPrintable(query.lastError().text()));
        return false;
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        qWarning("%s", qPrintable(query.lastError().text()));
        return false;
    }
    return true;
}

} // namespace

// Expectations come from SQL the model does not use (instr instead of LIKE, plain WHERE status IN)
// or from sorting in C++, never from the model's own query text.
class TstMarketTableModel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path; // 100,000 markets over 1,000 events
    QString m_formatPath; // one market whose values the formatting test sets
    QString m_rankPath; // a few markets whose words the relevance tests place
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
        write({QStringLiteral("INSERT INTO markets(ticker, event_ticker, title, status, yes_bid, updated_at) "
                              "VALUES (%1, 'KXEV-0000', 'Inserted market', 'active', 420000, 1767225600)")
                   .arg(quoted(ticker))});
        return ticker;
    }

    // The reset request a model sends for its current filter and order (setReader() disconnects
    // every receiver of readRequested, so the spy comes after it).
    static BrowserReadRequest resetRequest(MarketTableModel &model, const BrowserTestDb::Reader &reader)
    {
        if (!BrowserTestDb::attach(model, reader))
            return {};
        QSignalSpy requests(&model, &BrowserTableModel::readRequested);
        model.reload();
        if (!BrowserTestDb::settle(model) || requests.isEmpty())
            return {};
        return requests.constFirst().constFirst().value<BrowserReadRequest>();
    }

    // SQLite's plan for `sql` with `values` bound: one detail line per step.
    QStringList queryPlan(const QString &sql, const QVariantList &values) const
    {
        BrowserTestDb::ReadConnection connection(m_path);
        QStringList plan;
        {
            QSqlQuery query(QSqlDatabase::database(connection.name(), false));
            if (!query.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + sql)) {
                qWarning("cannot prepare the plan of %s", qPrintable(sql));
                return plan;
            }
            for (const QVariant &value : values)
                query.addBindValue(value);
            if (!query.exec())
                qWarning("cannot explain %s", qPrintable(sql));
            while (query.next())
                plan << query.value(3).toString();
        }
        return plan;
    }

    // "A B C" -> {"A", "B", "C"}
    static QStringList tickerList(const char *tickers) { return QString::fromLatin1(tickers).split(u' '); }

    static int statusRank(const QString &status)
    {
        static const QStringList lifecycle = {QStringLiteral("initialized"), QStringLiteral("active"),
            QStringLiteral("inactive"), QStringLiteral("closed"), QStringLiteral("determined"),
            QStringLiteral("disputed"), QStringLiteral("amended"), QStringLiteral("finalized")};
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
        // Some markets of every status without a 24 h volume: they come last in either direction.
        QVERIFY2(
            BrowserTestDb::write(m_path,
                {QStringLiteral("UPDATE markets SET volume_24h = NULL WHERE substr(ticker, -3) = '007'")},
                &error),
            qPrintable(error));
        qInfo("generated 100,000 markets in %lld ms", timer.elapsed());

        m_formatPath = m_dir.filePath(QStringLiteral("format.db"));
        QVERIFY2(
            BrowserTestDb::write(m_formatPath,
                {QStringLiteral("INSERT INTO events(ticker, series_ticker, title, updated_at) "
                                "VALUES ('FMT', 'FMTS', 'Format event', 0)"),
                    QStringLiteral("INSERT INTO markets(ticker, event_ticker, title, status, updated_at) "
                                   "VALUES ('FMT-1', 'FMT', 'Format market', 'active', 0)")},
                &error),
            qPrintable(error));
        // "rain" in a title (least traded), in a subtitle, in an event's title (most traded); tickers
        // sort in none of the orders; "rain" in a ticker (traded least of all). "hail" in three
        // titles: equal relevance. "fog" in an open and a closed market's title.
        m_rankPath = m_dir.filePath(QStringLiteral("rank.db"));
        QVERIFY2(BrowserTestDb::write(m_rankPath,
                     {QStringLiteral("INSERT INTO events(ticker, series_ticker, title, updated_at) VALUES "
                                     "('RNK', 'RNKS', 'Weather in cities', 0), "
                                     "('RNKE', 'RNKS', 'Rain totals', 0)"),
                         QStringLiteral(
                             "INSERT INTO markets(ticker, event_ticker, title, subtitle, status, yes_bid, "
                             "volume_24h, updated_at) VALUES "
                             "('RNK-3', 'RNK', 'Rain in Seattle', NULL, 'active', 10, 10, 0), "
                             "('RNK-2', 'RNK', 'Snow in Seattle', 'Rain', 'active', 30, 1000, 0), "
                             "('RNKE-1', 'RNKE', 'Sun in Seattle', NULL, 'active', 20, 5000, 0), "
                             "('RNK-H1', 'RNK', 'Hail in Denver', NULL, 'active', 1, 5, 0), "
                             "('RNK-H2', 'RNK', 'Hail in Boston', NULL, 'active', 2, 50, 0), "
                             "('RNK-H3', 'RNK', 'Hail in Austin', NULL, 'active', 3, 20, 0), "
                             "('RNK-F1', 'RNK', 'Fog in Denver', NULL, 'active', NULL, 2, 0), "
                             "('RNK-F2', 'RNK', 'Fog', NULL, 'closed', NULL, 1, 0), "
                             "('RNK-RAIN', 'RNK', 'Drizzle in Seattle', NULL, 'active', NULL, 0, 0)")},
                     &error),
            qPrintable(error));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void opensWithTheCountAndTheFirstPage()
    {
        BrowserTestDb::Reader reader(m_path);
        QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
        MarketTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counts(&model, &BrowserTableModel::countsChanged);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setReader(reader.reader());
        QCOMPARE(model.rowCount(), 0); // nothing is read in the GUI thread
        QVERIFY(model.isBusy());
        QVERIFY(BrowserTestDb::settle(model));

        const qint64 total
            = KmTest::queryValue(m_path, QStringLiteral("SELECT count(*) FROM markets")).toLongLong();
        QVERIFY(total >= 100000);
        QCOMPARE(model.rowCount(), int(total)); // every row, known up front
        QCOMPARE(resets.count(), 1); // when the reply came
        QCOMPARE(model.totalCount(), total);
        QCOMPARE(model.matchingCount(), total);
        QCOMPARE(counts.count(), 1);
        QCOMPARE(model.columnCount(), int(MarketTableModel::ColumnCount));
        QVERIFY(model.isRowLoaded(0));
        QVERIFY(model.isRowLoaded(BrowserTableModel::defaultPageSize - 1));
        QVERIFY(!model.isRowLoaded(BrowserTableModel::defaultPageSize));
        QVERIFY(!model.isRowLoaded(int(total) - 1));
        QCOMPARE(modelTickers(model, 0, 256),
            strings(m_path, QStringLiteral("SELECT ticker FROM markets ORDER BY ticker LIMIT 256")));
        QVERIFY(model.errorString().isEmpty());
    }

    void rowsInViewArriveOnDemand()
    {
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        const int last = model.rowCount() - 1;
        const QModelIndex end = model.index(last, MarketTableModel::Title);
        QCOMPARE(end.data(), QVariant()); // not read yet: an empty cell, and a request
        QVERIFY(model.isBusy());
        QSignalSpy loaded(&model, &BrowserTableModel::rowsLoaded);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loaded.at(0).at(1).toInt(), last);
        QCOMPARE(changed.count(), 1);
        // The last page, read from the end, in the model's order.
        const QStringList expectedEnd = strings(m_path,
            QStringLiteral("SELECT ticker FROM (SELECT ticker FROM markets ORDER BY ticker DESC LIMIT %1) "
                           "ORDER BY ticker")
                .arg(model.rowCount() - (last / 256) * 256));
        QCOMPARE(modelTickers(model, (last / 256) * 256), expectedEnd);
        QCOMPARE(end.data().toString(),
            KmTest::queryValue(
                m_path, QStringLiteral("SELECT title FROM markets ORDER BY ticker DESC LIMIT 1"))
                .toString());
        // A page in the middle.
        QCOMPARE(modelTickers(model, 40000, 300),
            strings(
                m_path, QStringLiteral("SELECT ticker FROM markets ORDER BY ticker LIMIT 300 OFFSET 40000")));
        QCOMPARE(model.rowOfTicker(model.tickerAt(40100)), 40100);
    }

    void cacheKeepsTheRecentPagesOnly()
    {
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        model.setPageSize(10);
        model.setCachedPages(4);
        QVERIFY(BrowserTestDb::attach(model, reader));
        for (const int row : {100, 200, 300, 400, 500}) {
            model.index(row, 0).data();
            QVERIFY(BrowserTestDb::settle(model));
        }
        QVERIFY(!model.isRowLoaded(0)); // the oldest page left the cache
        for (const int row : {200, 300, 400, 500})
            QVERIFY(model.isRowLoaded(row));
        QCOMPARE(modelTickers(model, 95, 10),
            strings(m_path, QStringLiteral("SELECT ticker FROM markets ORDER BY ticker LIMIT 10 OFFSET 95")));
    }

    void pagesEndExactly()
    {
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        model.setPageSize(30);
        model.setSearchText(QStringLiteral("KXEV-0003"));
        model.sort(MarketTableModel::Ticker, Qt::AscendingOrder); // the header clicked: not by relevance
        QVERIFY(BrowserTestDb::attach(model, reader));
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(modelTickers(model),
            strings(m_path,
                QStringLiteral("SELECT ticker FROM markets WHERE instr(ticker, 'KXEV-0003') > 0 "
                               "ORDER BY ticker")));
    }

    void search_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("fixtureCount"); // what the fixture was built to contain, -1: unchecked

        // Words are words of the ticker, title, subtitles or event title (full-text index), the last
        // one a prefix of one.
        QTest::newRow("ticker word prefix") << QStringLiteral("M00012") << 10;
        QTest::newRow("whole ticker") << QStringLiteral("KXEV-0000-M000012") << 1;
        QTest::newRow("title word, other case") << QStringLiteral("GAMMA") << 19960;
        QTest::newRow("two words, any order") << QStringLiteral("gamma will") << 19960;
        QTest::newRow("only the last word is a prefix") << QStringLiteral("gam will") << 0;
        QTest::newRow("subtitle word") << QStringLiteral("above 51") << -1;
        QTest::newRow("event title word") << QStringLiteral("highest reading series 7") << -1;
        QTest::newRow("punctuation separates") << QStringLiteral("50%") << -1;
        QTest::newRow("odds") << QStringLiteral("%_odds") << 40;
        QTest::newRow("quote") << QStringLiteral("it's") << 0;
        QTest::newRow("surrounding spaces ignored") << QStringLiteral("  case 17 ") << -1;
        QTest::newRow("no match") << QStringLiteral("zzzz") << 0;
        // No word at all: contains, on the ticker and title, as before.
        QTest::newRow("backslash") << QStringLiteral("\\") << 0;
        QTest::newRow("dash") << QStringLiteral("-") << 100000;
    }

    static QStringList wordsOf(const QString &text)
    {
        QStringList words;
        QString word;
        for (const QChar c : text) {
            if (c.isLetterOrNumber()) {
                word.append(c.toLower());
            } else if (!word.isEmpty()) {
                words.append(word);
                word.clear();
            }
        }
        if (!word.isEmpty())
            words.append(word);
        return words;
    }

    void search()
    {
        QFETCH(QString, text);
        QFETCH(int, fixtureCount);
        const QStringList queryWords = wordsOf(text);
        QStringList expected;
        if (queryWords.isEmpty()) {
            const QString needle = quoted(text.trimmed().toLower());
            expected = strings(m_path,
                QStringLiteral("SELECT ticker FROM markets WHERE instr(lower(ticker), %1) > 0 "
                               "OR instr(lower(title), %1) > 0 ORDER BY ticker")
                    .arg(needle));
        } else {
            // Computed here, word by word, not by the index under test.
            const QStringList rows = strings(m_path,
                QStringLiteral(
                    "SELECT m.ticker || char(1) || m.title || ' ' || coalesce(m.subtitle, '') || ' ' "
                    "|| coalesce(m.yes_sub_title, '') || ' ' || coalesce(m.no_sub_title, '') || ' ' "
                    "|| coalesce(e.title, '') FROM markets m LEFT JOIN events e ON e.ticker = m.event_ticker "
                    "ORDER BY m.ticker"));
            for (const QString &row : rows) {
                const QString ticker = row.section(QChar(1), 0, 0);
                const QStringList words = wordsOf(ticker + u' ' + row.section(QChar(1), 1));
                bool all = true;
                for (int i = 0; i < queryWords.size() && all; ++i) {
                    const QString &wanted = queryWords.at(i);
                    const bool last = i == queryWords.size() - 1;
                    all = std::any_of(words.cbegin(), words.cend(),
                        [&](const QString &word) { return last ? word.startsWith(wanted) : word == wanted; });
                }
                if (all)
                    expected.append(ticker);
            }
        }
        if (fixtureCount >= 0)
            QCOMPARE(expected.size(), fixtureCount);

        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        model.setSearchText(text);
        model.sort(MarketTableModel::Ticker, Qt::AscendingOrder); // the header clicked: not by relevance
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(model.matchingCount(), qint64(expected.size()));
        QCOMPARE(model.rowCount(), expected.size());
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

        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        model.setStatusFilter(status);
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(model.matchingCount(), expectedCount);
        QCOMPARE(modelTickers(model, 0, 512),
            strings(
                m_path, QStringLiteral("SELECT ticker FROM markets%1 ORDER BY ticker LIMIT 512").arg(where)));
        QCOMPARE(modelTickers(model, int(expectedCount) - 300),
            strings(m_path,
                QStringLiteral("SELECT ticker FROM markets%1 ORDER BY ticker LIMIT 300 OFFSET %2")
                    .arg(where)
                    .arg(expectedCount - 300)));
    }

    void defaultViewPagesWalkTheVolumeIndex_data()
    {
        QTest::addColumn<StatusFilter>("status");
        QTest::addColumn<QString>("storedValues");
        QTest::addColumn<Qt::SortOrder>("order");

        // The default view first; every status group, so each group's value in the expression
        // (MarketTableModel::statusGroupSql) is known to reach the index of schema 8.
        QTest::newRow("open, highest volume first")
            << StatusFilter::Open << QStringLiteral("'active'") << Qt::DescendingOrder;
        QTest::newRow("open, lowest volume first")
            << StatusFilter::Open << QStringLiteral("'active'") << Qt::AscendingOrder;
        QTest::newRow("closed") << StatusFilter::Closed << QStringLiteral("'closed'") << Qt::DescendingOrder;
        QTest::newRow("settled") << StatusFilter::Settled << QStringLiteral("'determined', 'finalized'")
                                 << Qt::DescendingOrder;
        QTest::newRow("unopened") << StatusFilter::Unopened << QStringLiteral("'initialized'")
                                  << Qt::DescendingOrder;
        QTest::newRow("paused") << StatusFilter::Paused << QStringLiteral("'inactive'")
                                << Qt::DescendingOrder;
    }

    // Issue 13: the first and the last page of a status group by 24 h volume are read along the
    // index (status group, volume_24h DESC, ticker), never by sorting the group's markets.
    void defaultViewPagesWalkTheVolumeIndex()
    {
        QFETCH(StatusFilter, status);
        QFETCH(QString, storedValues);
        QFETCH(Qt::SortOrder, order);
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        model.setStatusFilter(status);
        model.sort(MarketTableModel::Volume24h, order);
        const BrowserReadRequest request = resetRequest(model, reader);
        QVERIFY(!request.pageSql.isEmpty());
        // Lowest first, equal volumes are still in ticker order: the index (volume DESC, ticker ASC)
        // read backwards sorts each run of equal volumes ("RIGHT PART OF ORDER BY"), not the group.
        const QLatin1String sort = order == Qt::DescendingOrder ? QLatin1String("TEMP B-TREE")
                                                                : QLatin1String("TEMP B-TREE FOR ORDER BY");
        for (const QString &sql : {request.pageSql, request.reversePageSql}) {
            const QString plan = queryPlan(sql, request.pageValues + QVariantList{256, 0}).join(u'\n');
            QVERIFY2(plan.contains(QLatin1String("USING INDEX markets_status_volume_24h")), qPrintable(plan));
            QVERIFY2(!plan.contains(sort), qPrintable(plan));
        }

        // And the rows are those of the group in that order, NULL volumes last either way.
        const QString where = QStringLiteral(" WHERE status IN (%1)").arg(storedValues);
        const QString direction = order == Qt::DescendingOrder ? QStringLiteral("DESC NULLS LAST")
                                                               : QStringLiteral("ASC NULLS LAST");
        const qint64 count
            = KmTest::queryValue(m_path, QStringLiteral("SELECT count(*) FROM markets") + where).toLongLong();
        QCOMPARE(model.matchingCount(), count);
        const QString reference = QStringLiteral(
            "SELECT ticker FROM markets%1 ORDER BY volume_24h %2, ticker LIMIT %3 OFFSET %4");
        QCOMPARE(
            modelTickers(model, 0, 300), strings(m_path, reference.arg(where, direction).arg(300).arg(0)));
        QCOMPARE(modelTickers(model, int(count) - 300),
            strings(m_path, reference.arg(where, direction).arg(300).arg(count - 300)));
    }

    void searchInVolumeOrderMatchesAReference_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("match"); // the full-text query the reference uses
        QTest::addColumn<int>("column");
        QTest::addColumn<Qt::SortOrder>("order");
        QTest::addColumn<bool>("broad"); // the first page steps along the index, later ones sort

        const int volume = MarketTableModel::Volume24h;
        QTest::newRow("one word in a fifth") << QStringLiteral("gamma") << QStringLiteral("\"gamma\"*")
                                             << volume << Qt::DescendingOrder << true;
        QTest::newRow("a prefix, lowest first")
            << QStringLiteral("del") << QStringLiteral("\"del\"*") << volume << Qt::AscendingOrder << true;
        QTest::newRow("two words") << QStringLiteral("gamma 77") << QStringLiteral("\"gamma\" \"77\"*")
                                   << volume << Qt::DescendingOrder << false;
        QTest::newRow("one event") << QStringLiteral("KXEV-0042") << QStringLiteral("\"kxev\" \"0042\"*")
                                   << volume << Qt::DescendingOrder << false;
        QTest::newRow("bids with NULLs") << QStringLiteral("epsilon") << QStringLiteral("\"epsilon\"*")
                                         << int(MarketTableModel::YesBid) << Qt::AscendingOrder << true;
        QTest::newRow("nothing") << QStringLiteral("zzzz") << QStringLiteral("\"zzzz\"*") << volume
                                 << Qt::DescendingOrder << false;
    }

    // Issue 16: a search in the default view reads its pages either along the volume index or by
    // sorting its matches (BrowserReader picks by the count); the rows come in the order of a plain
    // query that sorts all matches, through pages of both kinds.
    void searchInVolumeOrderMatchesAReference()
    {
        QFETCH(QString, text);
        QFETCH(QString, match);
        QFETCH(int, column);
        QFETCH(Qt::SortOrder, order);
        QFETCH(bool, broad);
        const QString sqlColumn
            = column == MarketTableModel::YesBid ? QStringLiteral("yes_bid") : QStringLiteral("volume_24h");
        const QStringList expected = strings(m_path,
            QStringLiteral("SELECT ticker FROM markets WHERE status IN ('active', 'open') AND id IN "
                           "(SELECT rowid FROM market_search WHERE market_search MATCH %1) "
                           "ORDER BY %2 %3 NULLS LAST, ticker")
                .arg(quoted(match), sqlColumn,
                    order == Qt::DescendingOrder ? QStringLiteral("DESC") : QStringLiteral("ASC")));

        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        model.setPageSize(64);
        model.setStatusFilter(StatusFilter::Open);
        // A column chosen during the search (a new search is ranked by relevance).
        model.setSearchText(text);
        model.sort(column, order);
        const BrowserReadRequest request = resetRequest(model, reader);
        QVERIFY(!request.rowsFirstPageSql.isEmpty());
        QCOMPARE(model.matchingCount(), qint64(expected.size()));
        const qint64 total = model.totalCount();
        QCOMPARE(BrowserReader::sortsMatchesFirst(64, expected.size(), total), !broad);
        if (broad) // the middle pages sort the matches
            QVERIFY(BrowserReader::sortsMatchesFirst(expected.size() / 2, expected.size(), total));
        // The first rows, rows around the middle and the last rows (each page kind; every row of
        // 10,000 through 64-row pages would take minutes on a loaded machine).
        const int size = int(expected.size());
        for (const int first : {0, size / 2 - 100, size - 200}) {
            const int from = qMax(0, first);
            QCOMPARE(modelTickers(model, from, 200), expected.mid(from, 200));
        }
    }

    void searchShowsItsFirstPageBeforeItsCount_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("match"); // the full-text query the reference uses
        QTest::addColumn<bool>("sorted"); // the first page sorts the matches (few in the index)

        QTest::newRow("broad: the first page steps along the index")
            << QStringLiteral("gamma") << QStringLiteral("\"gamma\"*") << false;
        QTest::newRow("selective: the first page sorts the matches")
            << QStringLiteral("delta 3") << QStringLiteral("\"delta\" \"3\"*") << true;
    }

    // Issue 16: a search answers with its first page before its count (matchingCount() -1 and as
    // many rows as the page holds meanwhile); the count follows, the rows grow to it, and the last
    // row is reached exactly, in the order of a plain query that sorts every match.
    void searchShowsItsFirstPageBeforeItsCount()
    {
        QFETCH(QString, text);
        QFETCH(QString, match);
        QFETCH(bool, sorted);
        const QStringList inIndex = strings(m_path,
            QStringLiteral("SELECT rowid FROM market_search WHERE market_search MATCH %1")
                .arg(quoted(match)));
        QCOMPARE(inIndex.size() <= BrowserReader::sortedMatchesBound, sorted);
        const QStringList expected = strings(m_path,
            QStringLiteral("SELECT ticker FROM markets WHERE status IN ('active', 'open') AND id IN "
                           "(SELECT rowid FROM market_search WHERE market_search MATCH %1) "
                           "ORDER BY volume_24h DESC NULLS LAST, ticker")
                .arg(quoted(match)));
        constexpr int pageSize = 64;
        QVERIFY(expected.size() > 2 * pageSize);

        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(pageSize);
        model.setStatusFilter(StatusFilter::Open);
        model.sort(MarketTableModel::Volume24h, Qt::DescendingOrder);
        QVERIFY(BrowserTestDb::attach(model, reader));
        QVERIFY(model.matchingCount() > 0);

        int rowsAtReset = -1;
        qint64 countAtReset = 0;
        QStringList firstRows;
        connect(&model, &BrowserTableModel::reloaded, this, [&] {
            rowsAtReset = model.rowCount();
            countAtReset = model.matchingCount();
            for (int row = 0; row < model.rowCount(); ++row)
                firstRows << model.tickerAt(row);
        });
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setSearchText(text);
        // The column clicked before the search's reply (a new search is ranked by relevance).
        model.sort(MarketTableModel::Volume24h, Qt::DescendingOrder);
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(rowsAtReset, pageSize);
        QCOMPARE(countAtReset, qint64(-1));
        QCOMPARE(firstRows, expected.mid(0, pageSize));
        // The count arrived later and added the rows after the first page.
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.constFirst().at(1).toInt(), pageSize);
        QCOMPARE(inserted.constFirst().at(2).toInt(), int(expected.size()) - 1);
        QCOMPARE(model.matchingCount(), qint64(expected.size()));
        QCOMPARE(model.rowCount(), expected.size());
        const int size = int(expected.size());
        QCOMPARE(modelTickers(model, size - 100, 100), expected.mid(size - 100));
        QCOMPARE(modelTickers(model, size / 2, 100), expected.mid(size / 2, 100));
    }

    void searchFunctionsMatchTheirQueries_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("text");
        // Words in every column, in one or in several; prefixes with and without a prefix index;
        // a word in a ticker and in titles; none.
        for (const char *text :
            {"rain", "rai", "seattle rain", "rain seattle", "hail", "fog", "in s", "r", "weather seattle"})
            QTest::newRow(qPrintable(QStringLiteral("rank: ") + QLatin1String(text)))
                << QStringLiteral("rank") << QString::fromLatin1(text);
        for (const char *text : {"gamma 77", "alpha above 51", "series 7 day 70", "kxev 0042", "m00012",
                 "epsilon 499", "day 3", "reading 4242", "above 1", "zzzz"})
            QTest::newRow(qPrintable(QStringLiteral("markets: ") + QLatin1String(text)))
                << QStringLiteral("markets") << QString::fromLatin1(text);
    }

    // km_search_tier() gives every match the tier of the column-filtered MATCHes the ranking was
    // written with before (one MATCH per tier), and km_search_hit() the rows of `id IN (...)`.
    void searchFunctionsMatchTheirQueries()
    {
        QFETCH(QString, file);
        QFETCH(QString, text);
        const QString path = file == QLatin1String("rank") ? m_rankPath : m_path;
        const QString match = MarketSearch::matchExpression(text);
        const QString words = QStringLiteral(" : (") + match + u')';
        const QString tier
            = QStringLiteral("rowid IN (SELECT rowid FROM market_search WHERE market_search MATCH ?)");
        BrowserTestDb::ReadConnection connection(path);
        QVERIFY2(connection.isOpen(), qPrintable(connection.error()));
        const auto read = [&connection](const QString &sql, const QVariantList &values) {
            QList<QPair<qint64, int>> rows;
            QSqlQuery query(QSqlDatabase::database(connection.name(), false));
            if (!runQuery(query, sql, values))
                return rows;
            while (query.next())
                rows.append({query.value(0).toLongLong(), query.value(1).toInt()});
            return rows;
        };
        const QList<QPair<qint64, int>> expected = read(QStringLiteral("SELECT rowid, CASE WHEN ") + tier
                + QStringLiteral(" THEN 0 WHEN ") + tier + QStringLiteral(" THEN 1 WHEN ") + tier
                + QStringLiteral(
                    " THEN 2 ELSE 3 END FROM market_search WHERE market_search MATCH ? ORDER BY rowid"),
            {QString(QStringLiteral("{ticker}") + words), QString(QStringLiteral("{ticker title}") + words),
                QString(QStringLiteral("{ticker title subtitles}") + words), match});
        const QList<QPair<qint64, int>> tiers
            = read(QStringLiteral("SELECT rowid, km_search_tier(market_search) FROM market_search "
                                  "WHERE market_search MATCH ? ORDER BY rowid"),
                {match});
        QCOMPARE(tiers, expected);
        if (text != QLatin1String("zzzz"))
            QVERIFY(!expected.isEmpty());
        // Hits, with another filter beside them: the same markets as IN.
        const QList<QPair<qint64, int>> in = read(
            QStringLiteral(
                "SELECT id, status = 'active' FROM markets WHERE id IN (SELECT rowid FROM "
                "market_search WHERE market_search MATCH ?) AND status IN ('active', 'closed') ORDER BY id"),
            {match});
        const QList<QPair<qint64, int>> hits
            = read(QStringLiteral("SELECT id, status = 'active' FROM markets WHERE km_search_hit(id, ?) "
                                  "AND status IN ('active', 'closed') ORDER BY id"),
                {match});
        QCOMPARE(hits, in);
    }

    void searchHitTestsRowsAsTheListDoes_data()
    {
        QTest::addColumn<QString>("text");
        // One word in a fifth of the markets, a prefix index's list, an AND with a word in every
        // market, words in tickers, none.
        for (const char *text : {"gamma", "gam", "delta 3", "highest 12", "alpha above 51", "kxev 0042",
                 "m00012", "series 7 day 70", "above", "zzzz"})
            QTest::newRow(text) << QString::fromLatin1(text);
    }

    // Issue 16: km_search_hit() tests a walk's first rows one by one (the row's indexed texts
    // tokenized), then reads every match into a list; either way the rows, in the walk's order,
    // are those of `id IN (...)`. Row limits: 0 (the list at once), 100 (the list after 100 rows),
    // the default, and more rows than the file holds; hit limits: 10 (the list after 10 hits),
    // and more (every row tested alone).
    void searchHitTestsRowsAsTheListDoes()
    {
        QFETCH(QString, text);
        const QString match = MarketSearch::matchExpression(text);
        BrowserTestDb::ReadConnection connection(m_path);
        QVERIFY2(connection.isOpen(), qPrintable(connection.error()));
        const auto ids = [&connection](
                             const QString &condition, const QVariantList &values, const QString &page) {
            QList<qint64> rows;
            QSqlQuery query(QSqlDatabase::database(connection.name(), false));
            // The 24 h volume order, along its index (the browser's walk), open markets first.
            if (!runQuery(query,
                    QStringLiteral("SELECT id FROM markets WHERE ") + condition
                        + QStringLiteral(" ORDER BY status <> 'active', volume_24h DESC NULLS LAST, ticker ")
                        + page,
                    values))
                return rows;
            while (query.next())
                rows.append(query.value(0).toLongLong());
            return rows;
        };
        const QString in
            = QStringLiteral("id IN (SELECT rowid FROM market_search WHERE market_search MATCH ?)");
        for (const QString &page :
            {QString(), QStringLiteral("LIMIT 256"), QStringLiteral("LIMIT 256 OFFSET 5000")}) {
            const QList<qint64> expected = ids(in, {match}, page);
            if (page.isEmpty() && text != QLatin1String("zzzz"))
                QVERIFY(!expected.isEmpty());
            QCOMPARE(ids(QStringLiteral("km_search_hit(id, ?)"), {match}, page), expected);
            for (const qint64 limit : {qint64(0), qint64(100), qint64(1) << 40})
                QCOMPARE(ids(QStringLiteral("km_search_hit(id, ?, ?)"), {match, limit}, page), expected);
            for (const qint64 limit : {qint64(10), qint64(1) << 40})
                QCOMPARE(
                    ids(QStringLiteral("km_search_hit(id, ?, ?, ?)"), {match, qint64(1) << 40, limit}, page),
                    expected);
        }
    }

    // The row test tokenizes as the index does: case and diacritics folded, letters of any
    // script, a prefix as the start of a token; words FTS5 reads as several tokens or none fall
    // back to the list. Every market is tested alone (the row limit above the file's rows).
    void searchHitFoldsAsTheIndexDoes()
    {
        const QString path = m_dir.filePath(QStringLiteral("unicode.db"));
        QString error;
        QVERIFY2(
            BrowserTestDb::write(path,
                {QStringLiteral("INSERT INTO events(ticker, series_ticker, title, updated_at) VALUES "
                                "('UNI', 'UNIS', 'Städte und Wetter', 0)"),
                    QStringLiteral(
                        "INSERT INTO markets(ticker, event_ticker, title, subtitle, yes_sub_title, status, "
                        "volume_24h, updated_at) VALUES "
                        "('UNI-1', 'UNI', 'Zürich über 30°C?', NULL, NULL, 'active', 1, 0), "
                        "('UNI-2', 'UNI', 'CAFÉ prices', 'naïve forecast', NULL, 'active', 2, 0), "
                        "('UNI-3', 'UNI', 'São Paulo rain', NULL, 'Chuva em São Paulo', 'active', 3, 0), "
                        "('UNI-4', 'UNI', '東京 rain', NULL, NULL, 'closed', 4, 0), "
                        "('UNI-5', 'UNI', 'Zurich cafe', NULL, NULL, 'active', 5, 0), "
                        "('UNI-6', 'UNI', 'x-ray ÆON ǅemal', NULL, NULL, 'active', 6, 0)")},
                &error),
            qPrintable(error));
        BrowserTestDb::ReadConnection connection(path);
        QVERIFY2(connection.isOpen(), qPrintable(connection.error()));
        const auto tickers = [&connection](const QString &condition, const QVariantList &values) {
            QStringList rows;
            QSqlQuery query(QSqlDatabase::database(connection.name(), false));
            if (!runQuery(query,
                    QStringLiteral("SELECT ticker FROM markets WHERE ") + condition
                        + QStringLiteral(" ORDER BY volume_24h DESC"),
                    values))
                return QStringList{QStringLiteral("error")};
            while (query.next())
                rows.append(query.value(0).toString());
            return rows;
        };
        int matched = 0;
        for (const char *text : {"zurich", "ZÜRICH", "zür", "zu", "uber", "cafe", "CAFÉ", "naive",
                 "sao paulo", "são p", "chuva", "東京", "東", "städte", "stadte wetter", "x ray", "xray",
                 "ray", "æon", "aeon", "ǆemal", "dzemal", "30", "30 c", "uni 5", "rain", "zzzz"}) {
            const QString match = MarketSearch::matchExpression(QString::fromUtf8(text));
            const QStringList expected = tickers(
                QStringLiteral("id IN (SELECT rowid FROM market_search WHERE market_search MATCH ?)"),
                {match});
            matched += expected.isEmpty() ? 0 : 1;
            QCOMPARE(tickers(QStringLiteral("km_search_hit(id, ?, ?, ?)"),
                         {match, qint64(1) << 40, qint64(1) << 40}),
                expected);
            QCOMPARE(tickers(QStringLiteral("km_search_hit(id, ?)"), {match}), expected);
        }
        QVERIFY(matched >= 15);
    }

    void searchRanksWhenTheIndexHoldsFewMatches_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("lastWordAlone"); // -1: not counted alone, else 1 when within the bound
        // The last word (1 to 3 characters) alone within the bound ("51"*, "77"*); above it, the
        // AND within it ("alpha 1") or above it ("above 1"); a last word longer than a prefix
        // index's, the words' AND within the bound ("alpha beta": no market is both) or above it
        // ("highest reading"); one word.
        QTest::newRow("alpha above 51") << QStringLiteral("alpha above 51") << 1;
        QTest::newRow("gamma 77") << QStringLiteral("gamma 77") << 1;
        QTest::newRow("alpha 1") << QStringLiteral("alpha 1") << 0;
        QTest::newRow("above 1") << QStringLiteral("above 1") << 0;
        QTest::newRow("alpha beta") << QStringLiteral("alpha beta") << -1;
        QTest::newRow("highest reading") << QStringLiteral("highest reading") << -1;
        QTest::newRow("above alph") << QStringLiteral("above alph") << -1;
        QTest::newRow("gamma") << QStringLiteral("gamma") << -1;
        QTest::newRow("zzzz") << QStringLiteral("zzzz") << -1;
    }

    // A search is ranked exactly when the full-text index holds at most the bound of its matches,
    // however the bound is counted (the last word alone first, then all words).
    void searchRanksWhenTheIndexHoldsFewMatches()
    {
        QFETCH(QString, text);
        QFETCH(int, lastWordAlone);
        const QString match = MarketSearch::matchExpression(text);
        const auto count = [this](const QString &expression) {
            return KmTest::queryValue(m_path,
                QStringLiteral("SELECT count(*) FROM market_search WHERE market_search MATCH '%1'")
                    .arg(expression))
                .toLongLong();
        };
        const qint64 matches = count(match);
        // The rows cover what they say they do.
        if (lastWordAlone >= 0) {
            const qint64 alone = count(match.split(u' ').constLast());
            QCOMPARE(alone <= BrowserReader::sortedMatchesBound, lastWordAlone == 1);
        }
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        model.setSearchText(text);
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(model.ranking(),
            matches <= BrowserReader::sortedMatchesBound ? BrowserTableModel::Ranking::Ranked
                                                         : BrowserTableModel::Ranking::TooManyToRank);
        QVERIFY(model.errorString().isEmpty());
    }

    void searchRanksByRelevance_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<StatusFilter>("status");
        QTest::addColumn<QStringList>("expected");

        // A word of the ticker before one of a title before one of a subtitle before one of the
        // event's title, whatever their volumes (0, 10, 1,000, 5,000) or tickers.
        QTest::newRow("ticker, title, subtitle, event title")
            << QStringLiteral("rain") << StatusFilter::All << tickerList("RNK-RAIN RNK-3 RNK-2 RNKE-1");
        QTest::newRow("prefix") << QStringLiteral("rai") << StatusFilter::All
                                << tickerList("RNK-RAIN RNK-3 RNK-2 RNKE-1");
        // Both words in ticker and title: equal, by volume; one word only in a subtitle: after.
        QTest::newRow("two words") << QStringLiteral("seattle rain") << StatusFilter::All
                                   << tickerList("RNK-3 RNK-RAIN RNK-2 RNKE-1");
        QTest::newRow("open markets")
            << QStringLiteral("rain") << StatusFilter::Open << tickerList("RNK-RAIN RNK-3 RNK-2 RNKE-1");
        // The status filter's values after the search's (bound in the order of the SQL).
        QTest::newRow("fog, all") << QStringLiteral("fog") << StatusFilter::All
                                  << tickerList("RNK-F1 RNK-F2");
        QTest::newRow("fog, open") << QStringLiteral("fog") << StatusFilter::Open << tickerList("RNK-F1");
        QTest::newRow("fog, closed") << QStringLiteral("fo") << StatusFilter::Closed << tickerList("RNK-F2");
        // Equally relevant: by 24 h volume, most traded first (50, 20, 5).
        QTest::newRow("ties by 24 h volume")
            << QStringLiteral("hail") << StatusFilter::All << tickerList("RNK-H2 RNK-H3 RNK-H1");
        QTest::newRow("ties, prefix")
            << QStringLiteral("ha") << StatusFilter::Open << tickerList("RNK-H2 RNK-H3 RNK-H1");
    }

    // Issue 16: a new search is ranked by relevance (the columns that hold its words: ticker, then
    // title, subtitles, event title), equal matches by 24 h volume; the header shows no column.
    void searchRanksByRelevance()
    {
        QFETCH(QString, text);
        QFETCH(StatusFilter, status);
        QFETCH(QStringList, expected);
        BrowserTestDb::Reader reader(m_rankPath);
        MarketTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStatusFilter(status);
        QVERIFY(BrowserTestDb::attach(model, reader));
        QVERIFY(!model.isSortedByRelevance());
        QCOMPARE(model.ranking(), BrowserTableModel::Ranking::None);
        QSignalSpy ranking(&model, &BrowserTableModel::rankingChanged);
        model.setSearchText(text);
        QVERIFY(model.isSortedByRelevance());
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(model.ranking(), BrowserTableModel::Ranking::Ranked);
        QVERIFY(!ranking.isEmpty());
        QCOMPARE(model.matchingCount(), qint64(expected.size()));
        QCOMPARE(modelTickers(model), expected);
        // The rows an export writes come in the same order.
        QVariantList values;
        const QString shown = model.shownRowsSql(&values);
        QStringList exported;
        {
            BrowserTestDb::ReadConnection connection(m_rankPath);
            QSqlQuery query(QSqlDatabase::database(connection.name(), false));
            QVERIFY(query.prepare(
                QStringLiteral("SELECT shown_ticker FROM (%1) ORDER BY shown_order").arg(shown)));
            for (const QVariant &value : std::as_const(values))
                query.addBindValue(value);
            QVERIFY(query.exec());
            while (query.next())
                exported << query.value(0).toString();
        }
        QCOMPARE(exported, expected);
    }

    // A header clicked during a search sorts by its column; clearing the search keeps a column
    // chosen during it, and returns to the one from before when none was.
    void headerClickDuringASearchAndClearing()
    {
        BrowserTestDb::Reader reader(m_rankPath);
        MarketTableModel model;
        model.sort(MarketTableModel::Volume24h, Qt::DescendingOrder);
        QVERIFY(BrowserTestDb::attach(model, reader));
        const QStringList byVolume
            = tickerList("RNKE-1 RNK-2 RNK-H2 RNK-H3 RNK-3 RNK-H1 RNK-F1 RNK-F2 RNK-RAIN");
        QCOMPARE(modelTickers(model), byVolume);

        model.setSearchText(QStringLiteral("rain"));
        QVERIFY(BrowserTestDb::settle(model));
        QVERIFY(model.isSortedByRelevance());
        QCOMPARE(modelTickers(model), tickerList("RNK-RAIN RNK-3 RNK-2 RNKE-1"));
        // The column the rows return to is still the one chosen before.
        QCOMPARE(model.sortColumn(), int(MarketTableModel::Volume24h));
        model.setSearchText(QString());
        QVERIFY(BrowserTestDb::settle(model));
        QVERIFY(!model.isSortedByRelevance());
        QCOMPARE(model.ranking(), BrowserTableModel::Ranking::None);
        QCOMPARE(modelTickers(model), byVolume);

        // Clicking the column the rows would return to leaves relevance too.
        model.setSearchText(QStringLiteral("rain"));
        model.sort(MarketTableModel::Volume24h, Qt::DescendingOrder);
        QVERIFY(BrowserTestDb::settle(model));
        QVERIFY(!model.isSortedByRelevance());
        QCOMPARE(modelTickers(model), tickerList("RNKE-1 RNK-2 RNK-3 RNK-RAIN"));

        model.setSearchText(QString());
        model.setSearchText(QStringLiteral("rain"));
        QVERIFY(model.isSortedByRelevance());
        model.sort(MarketTableModel::YesBid, Qt::DescendingOrder);
        QVERIFY(BrowserTestDb::settle(model));
        QVERIFY(!model.isSortedByRelevance());
        QCOMPARE(modelTickers(model), tickerList("RNK-2 RNKE-1 RNK-3 RNK-RAIN"));
        // More words: still the column chosen.
        model.setSearchText(QStringLiteral("rain seattle"));
        QVERIFY(BrowserTestDb::settle(model));
        QVERIFY(!model.isSortedByRelevance());
        QCOMPARE(modelTickers(model), tickerList("RNK-2 RNKE-1 RNK-3 RNK-RAIN"));
        model.setSearchText(QString());
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(model.sortColumn(), int(MarketTableModel::YesBid));
        QCOMPARE(modelTickers(model),
            tickerList("RNK-2 RNKE-1 RNK-3 RNK-H3 RNK-H2 RNK-H1 RNK-F1 RNK-F2 RNK-RAIN"));
    }

    // A search with more matches in the index than the reader ranks comes by 24 h volume alone,
    // and says so (ranking()).
    void broadSearchIsNotRanked()
    {
        const QStringList expected = strings(m_path,
            QStringLiteral("SELECT ticker FROM markets WHERE id IN (SELECT rowid FROM market_search WHERE "
                           "market_search MATCH '\"gamma\"*') ORDER BY volume_24h DESC NULLS LAST, ticker"));
        QVERIFY(expected.size() > BrowserReader::sortedMatchesBound);
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        model.setSearchText(QStringLiteral("gamma"));
        QVERIFY(BrowserTestDb::settle(model));
        QVERIFY(model.isSortedByRelevance());
        QCOMPARE(model.ranking(), BrowserTableModel::Ranking::TooManyToRank);
        QCOMPARE(model.matchingCount(), qint64(expected.size()));
        QCOMPARE(modelTickers(model, 0, 300), expected.mid(0, 300));
        const int size = int(expected.size());
        QCOMPARE(modelTickers(model, size - 100, 100), expected.mid(size - 100));
    }

    // A search that keeps the current row counts first (its row may lie beyond the first page).
    void searchKeepingARowCountsFirst()
    {
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        model.setPageSize(64);
        QVERIFY(BrowserTestDb::attach(model, reader));
        const QStringList tickers = modelTickers(model, 300, 1);
        QCOMPARE(tickers.size(), 1);
        // The current row a view would keep: the model finds it again under the search.
        const QPersistentModelIndex current = model.index(300, 0);
        QCOMPARE(model.tickerAt(300), tickers.constFirst());
        QSignalSpy requests(&model, &BrowserTableModel::readRequested);
        QSignalSpy reloaded(&model, &BrowserTableModel::reloaded);
        // Every ticker starts with KXEV: the row stays 300, beyond the first page (in ticker
        // order, clicked at once: a search ranked by relevance does not keep rows).
        model.setSearchText(QStringLiteral("kxev"));
        model.sort(MarketTableModel::Ticker, Qt::AscendingOrder);
        QVERIFY(BrowserTestDb::settle(model));
        QVERIFY(!requests.isEmpty());
        const auto request = requests.constLast().constFirst().value<BrowserReadRequest>();
        QVERIFY(request.reset);
        QVERIFY(!request.countLater);
        QCOMPARE(model.matchingCount(), qint64(100000));
        QCOMPARE(reloaded.size(), 1);
        QCOMPARE(reloaded.constFirst().constFirst().toInt(), 300);
    }

    void categoryAndSearchCombine()
    {
        const QString expectedSql = QStringLiteral(
            "SELECT m.ticker FROM markets AS m JOIN events AS e ON e.ticker = m.event_ticker "
            "WHERE e.category = 'Sports' AND m.status = 'active' AND instr(lower(m.title), 'beta') > 0 "
            "ORDER BY m.ticker");
        const QStringList expected = strings(m_path, expectedSql);
        QVERIFY(expected.size() > 100);

        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        BrowserTableModel::Filter filter;
        filter.searchText = QStringLiteral("Beta");
        filter.status = StatusFilter::Open;
        filter.category = QStringLiteral("Sports");
        model.setFilter(filter);
        model.sort(MarketTableModel::Ticker, Qt::AscendingOrder); // the header clicked: not by relevance
        QVERIFY(BrowserTestDb::attach(model, reader));
        QCOMPARE(model.matchingCount(), qint64(expected.size()));
        QCOMPARE(model.totalCount(),
            KmTest::queryValue(m_path, QStringLiteral("SELECT count(*) FROM markets")).toLongLong());
        QCOMPARE(modelTickers(model), expected);
    }

    void eventFilterListsTheEventsMarkets()
    {
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        BrowserTableModel::Filter filter;
        filter.eventTicker = QStringLiteral("KXEV-0042");
        model.setFilter(filter);
        QVERIFY(BrowserTestDb::attach(model, reader));
        const QStringList expected = strings(m_path,
            QStringLiteral("SELECT ticker FROM markets WHERE event_ticker = 'KXEV-0042' ORDER BY ticker"));
        QCOMPARE(expected.size(), 100);
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
        for (const QVariantList &row : std::as_const(all))
            expected << row.at(0).toString();

        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.sort(MarketTableModel::YesBid, Qt::DescendingOrder);
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowCount(), expected.size());
        QCOMPARE(modelTickers(model, 0, 768), expected.mid(0, 768));
        // The end (NULL bids, by ticker) is read backwards and comes out in the same order.
        QCOMPARE(modelTickers(model, int(expected.size()) - 700), expected.mid(expected.size() - 700));
        QCOMPARE(model.index(0, MarketTableModel::YesBid).data(BrowserTableModel::RawValueRole).toLongLong(),
            all.at(0).at(1).toLongLong());
        // Sorting again the same way is not a new query.
        model.sort(MarketTableModel::YesBid, Qt::DescendingOrder);
        QVERIFY(!model.isBusy());
        QCOMPARE(resets.count(), 1);
    }

    void sortEveryColumnAcrossWindows_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<Qt::SortOrder>("order");
        for (int column = 0; column < MarketTableModel::ColumnCount; ++column) {
            for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                const QString name = QStringLiteral("%1 %2").arg(column).arg(
                    order == Qt::AscendingOrder ? QStringLiteral("asc") : QStringLiteral("desc"));
                QTest::newRow(qPrintable(name)) << column << order;
            }
        }
    }

    // Pages of 7 rows over the 100 markets of one event, the second half read in the opposite order:
    // through ties, NULLs and case differences both directions give the same order.
    void sortEveryColumnAcrossWindows()
    {
        QFETCH(int, column);
        QFETCH(Qt::SortOrder, order);
        static const char *const sqlColumns[]
            = {"ticker", "title", "event_ticker", "status", "yes_bid", "yes_ask", "last_price", "volume_24h",
                "volume", "open_interest", "close_time", "result", "updated_at"};
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
                else if (column == MarketTableModel::Event || column == MarketTableModel::Result)
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

        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        model.setPageSize(7);
        model.setSearchText(QStringLiteral("KXEV-0001-"));
        model.sort(column, order);
        QVERIFY(BrowserTestDb::attach(model, reader));
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(modelTickers(model), expected);
    }

    void refreshInsertsAndUpdatesInPlace()
    {
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(BrowserTestDb::attach(model, reader));
        QCOMPARE(modelTickers(model, 0, 512).size(), 512);
        const int before = model.rowCount();
        QSignalSpy refreshed(&model, &BrowserTableModel::refreshed);
        QVERIFY(model.refresh());
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(refreshed.count(), 0); // nothing committed since the last read

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const QString updated = model.tickerAt(300);
        model.index(300, 0).data(); // the page of row 300 was shown last
        const QPersistentModelIndex updatedIndex = model.index(300, MarketTableModel::YesBid);
        const QString early = insertMarketAfter(model.tickerAt(5));
        const QString early2 = insertMarketAfter(early);
        const QString middle = insertMarketAfter(model.tickerAt(150));
        QVERIFY(write(
            {QStringLiteral("UPDATE markets SET yes_bid = 123400 WHERE ticker = %1").arg(quoted(updated))}));

        QVERIFY(model.refresh());
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(refreshed.count(), 1);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(inserted.count(), 1); // the count grew by three
        QCOMPARE(model.rowCount(), before + 3);
        QVERIFY(changed.count() >= 1);
        // The persistent index followed its ticker, three rows down.
        QCOMPARE(updatedIndex.row(), 303);
        QCOMPARE(updatedIndex.data(BrowserTableModel::TickerRole).toString(), updated);
        QCOMPARE(updatedIndex.data(BrowserTableModel::RawValueRole).toLongLong(), qint64(123400));
        QCOMPARE(updatedIndex.data().toString(), QStringLiteral("12¢"));
        QCOMPARE(modelTickers(model, 0, 515),
            strings(m_path, QStringLiteral("SELECT ticker FROM markets ORDER BY ticker LIMIT 515")));
        QCOMPARE(model.rowOfTicker(early), 6);
        QCOMPARE(model.rowOfTicker(early2), 7);
        QVERIFY(model.rowOfTicker(middle) > 150);
        QCOMPARE(model.totalCount(),
            KmTest::queryValue(m_path, QStringLiteral("SELECT count(*) FROM markets")).toLongLong());
        QVERIFY(model.refresh());
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(refreshed.count(), 1);
    }

    void refreshMovesRowsWhoseSortValueChanged()
    {
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.sort(MarketTableModel::YesBid, Qt::DescendingOrder);
        QVERIFY(BrowserTestDb::attach(model, reader));
        const int rows = model.rowCount();
        const QString risen = model.tickerAt(200);
        const QString fallen = model.tickerAt(10);
        const QPersistentModelIndex risenIndex = model.index(200, MarketTableModel::Title);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy moved(&model, &QAbstractItemModel::layoutChanged);
        QVERIFY(
            write({QStringLiteral("UPDATE markets SET yes_bid = 999900 WHERE ticker = %1").arg(quoted(risen)),
                QStringLiteral("UPDATE markets SET yes_bid = 0 WHERE ticker = %1").arg(quoted(fallen))}));

        QVERIFY(model.refresh());
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(moved.count(), 1);
        QCOMPARE(risenIndex.row(), 0);
        QCOMPARE(risenIndex.data(BrowserTableModel::TickerRole).toString(), risen);
        QCOMPARE(model.rowCount(), rows);
        const QStringList expected = strings(
            m_path, QStringLiteral("SELECT ticker FROM markets ORDER BY yes_bid DESC NULLS LAST, ticker"));
        QCOMPARE(modelTickers(model, 0, 256), expected.mid(0, 256));
        QCOMPARE(model.rowOfTicker(fallen), -1); // now far below
        const int fallenRow = int(expected.indexOf(fallen));
        QCOMPARE(modelTickers(model, fallenRow, 1), QStringList{fallen});
    }

    void refreshRemovesRowsThatLeaveTheFilter()
    {
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStatusFilter(StatusFilter::Open);
        QVERIFY(BrowserTestDb::attach(model, reader));
        const qint64 matching = model.matchingCount();
        const QString leaving = model.tickerAt(50);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QVERIFY(write(
            {QStringLiteral("UPDATE markets SET status = 'closed' WHERE ticker = %1").arg(quoted(leaving))}));

        QVERIFY(model.refresh());
        QVERIFY(BrowserTestDb::settle(model));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), int(matching) - 1); // one row fewer, at the end
        QCOMPARE(model.rowOfTicker(leaving), -1);
        QCOMPARE(model.matchingCount(), matching - 1);
        QCOMPARE(model.rowCount(), int(matching) - 1);
        QCOMPARE(modelTickers(model, 0, 256),
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
                                         << QStringLiteral("<1¢") << true;
        QTest::newRow("price rounded") << int(MarketTableModel::LastPrice) << QStringLiteral("452300")
                                       << false << QStringLiteral("45¢") << true;
        QTest::newRow("price as probability") << int(MarketTableModel::YesBid) << QStringLiteral("450000")
                                              << true << QStringLiteral("45%") << true;
        QTest::newRow("sub-penny probability") << int(MarketTableModel::YesBid) << QStringLiteral("1000")
                                               << true << QStringLiteral("<1%") << true;
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
        QTest::newRow("volume 24 h") << int(MarketTableModel::Volume24h) << QStringLiteral("1200") << false
                                     << QStringLiteral("12") << true;
        QTest::newRow("result") << int(MarketTableModel::Result) << QStringLiteral("'yes'") << false
                                << QStringLiteral("Yes") << false;
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
        static const char *const sqlColumns[]
            = {"ticker", "title", "event_ticker", "status", "yes_bid", "yes_ask", "last_price", "volume_24h",
                "volume", "open_interest", "close_time", "result", "updated_at"};
        BrowserTestDb::Reader reader(m_formatPath);
        MarketTableModel model;
        model.setPriceFormat(
            probability ? BrowserFormat::PriceFormat::Probability : BrowserFormat::PriceFormat::Cents);
        QVERIFY(BrowserTestDb::attach(model, reader));
        QCOMPARE(model.rowCount(), 1);
        QString error;
        QVERIFY2(BrowserTestDb::write(m_formatPath,
                     {QStringLiteral("UPDATE markets SET %1 = %2 WHERE ticker = 'FMT-1'")
                             .arg(QLatin1String(sqlColumns[column]), sqlValue)},
                     &error),
            qPrintable(error));
        model.refresh(); // re-reads unless the value was already there (then nothing was committed)
        QVERIFY(BrowserTestDb::settle(model));

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
                     {QStringLiteral("UPDATE markets SET yes_bid = 452300, volume = 387756, "
                                     "close_time = 0, subtitle = 'Sub' WHERE ticker = 'FMT-1'")},
                     &error),
            qPrintable(error));
        BrowserTestDb::Reader reader(m_formatPath);
        MarketTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
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
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
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
            QVERIFY(write({QStringLiteral("UPDATE markets SET updated_at = updated_at + 1 "
                                          "WHERE ticker = 'KXEV-0000-M000001'")}));
            QCOMPARE(BrowserTestDb::checkpointBusy(m_path, 100), 1);
            query.finish();
        }
        QCOMPARE(BrowserTestDb::checkpointBusy(m_path), 0);
    }

    void neverHoldsAReadTransaction()
    {
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        const auto commitThenCheck = [this, &model](const std::function<void()> &step, const char *name) {
            QVERIFY(write({QStringLiteral(
                "UPDATE markets SET volume = volume + 1 WHERE ticker = 'KXEV-0000-M000002'")}));
            QVERIFY2(BrowserTestDb::walSize(m_path) > 0, name);
            step();
            QVERIFY2(BrowserTestDb::settle(model), name);
            QVERIFY2(BrowserTestDb::checkpointBusy(m_path) == 0, name);
            QVERIFY2(BrowserTestDb::walSize(m_path) == 0, name);
        };
        commitThenCheck([&] { model.setReader(reader.reader()); }, "open");
        commitThenCheck(
            [&] {
                for (int row = 0; row < 300; ++row) {
                    for (int column = 0; column < model.columnCount(); ++column) {
                        for (const int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole),
                                 int(BrowserTableModel::RawValueRole)})
                            model.index(row, column).data(role);
                    }
                }
            },
            "data");
        commitThenCheck([&] { model.index(model.rowCount() - 1, 0).data(); }, "last page");
        commitThenCheck([&] { model.sort(MarketTableModel::LastPrice, Qt::DescendingOrder); }, "sort");
        commitThenCheck([&] { model.index(model.rowCount() / 2, 0).data(); }, "middle page sorted");
        commitThenCheck([&] { model.setSearchText(QStringLiteral("gamma")); }, "search");
        commitThenCheck([&] { model.setStatusFilter(StatusFilter::Open); }, "status");
        commitThenCheck([&] { model.setCategory(QStringLiteral("Sports")); }, "category");
        commitThenCheck([&] { QVERIFY(model.refresh()); }, "refresh");
        commitThenCheck([&] { model.ensureRows(0, model.rowCount() - 1); }, "every row");
        QVERIFY(model.errorString().isEmpty());
    }

    void detachEmptiesTheModel()
    {
        BrowserTestDb::Reader reader(m_path);
        MarketTableModel model;
        QVERIFY(BrowserTestDb::attach(model, reader));
        QVERIFY(model.rowCount() > 0);
        QSignalSpy counts(&model, &BrowserTableModel::countsChanged);
        model.setReader(nullptr);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.totalCount(), qint64(-1));
        QCOMPARE(counts.count(), 1);
        QVERIFY(!model.refresh());
        QVERIFY(!model.isBusy());
    }

    void numericColumnsSortDescendingFirst()
    {
        MarketTableModel model;
        for (int column = 0; column < model.columnCount(); ++column) {
            const bool numeric = column == MarketTableModel::YesBid || column == MarketTableModel::YesAsk
                || column == MarketTableModel::LastPrice || column == MarketTableModel::Volume24h
                || column == MarketTableModel::Volume || column == MarketTableModel::OpenInterest
                || column == MarketTableModel::CloseTime || column == MarketTableModel::Updated;
            QCOMPARE(model.headerData(column, Qt::Horizontal, Qt::InitialSortOrderRole).toInt(),
                int(numeric ? Qt::DescendingOrder : Qt::AscendingOrder));
        }
    }
};

KM_TEST_WIDGETS_MAIN(TstMarketTableModel)
#include "tst_markettablemodel.moc"

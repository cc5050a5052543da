// The watchlist tab on a prepared database: quotes, moves and sparklines of the watched markets,
// and a snapshot committed by the writer shown at the next refresh.
#include "browser/browserformat.h"
#include "browsertestdb.h"
#include "databasefolder.h"
#include "storage/writerthread.h"
#include "testsupport.h"
#include "watchlist/sparklinedelegate.h"
#include "watchlist/watchlisttablemodel.h"
#include "watchlist/watchlistwidget.h"

#include <QApplication>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

namespace {

const QString watchedA = QStringLiteral("KXEV-0000-M000000");
const QString watchedB = QStringLiteral("KXEV-0000-M000001");
const QString notStored = QStringLiteral("KXNOT-STORED-YET");
constexpr qint64 newest = 1'765'000'000;

QString snapshotRow(const QString &ticker, qint64 time, qint64 lastPrice)
{
    return QStringLiteral(
        "INSERT INTO snapshot_rows(market_id, snapshot_time, yes_bid, yes_ask, last_price, volume_24h) "
        "SELECT id, %1, %2, %3, %2, 150000 FROM markets WHERE ticker = %4")
        .arg(time)
        .arg(lastPrice)
        .arg(lastPrice + 20000)
        .arg(BrowserTestDb::quoted(ticker));
}

QString cell(const WatchlistTableModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

} // namespace

class TstWatchlistWidget : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("watchlist")};

    // A: four snapshots newer than its market row (25 h, 1 h, 1 min before the newest, and the
    // newest); B: a market row without snapshots; the third ticker is watched but not stored.
    QString createDatabase()
    {
        const QString path = m_dir.newDatabasePath();
        QString error;
        if (!BrowserTestDb::create(path, {1, 3}, &error))
            qFatal("%s", qPrintable(error));
        const QStringList statements = {
            QStringLiteral(
                "UPDATE markets SET title = 'Alpha above 50?', yes_bid = 100000, yes_ask = 120000, "
                "last_price = 110000, volume_24h = 900, close_time = %1, updated_at = %2 WHERE ticker = %3")
                .arg(newest + 86400)
                .arg(newest - 7200)
                .arg(BrowserTestDb::quoted(watchedA)),
            QStringLiteral(
                "UPDATE markets SET title = 'Beta', yes_bid = 550000, yes_ask = 570000, last_price = 560000, "
                "volume_24h = 12345, updated_at = %1 WHERE ticker = %2")
                .arg(newest)
                .arg(BrowserTestDb::quoted(watchedB)),
            snapshotRow(watchedA, newest - 90000, 300000),
            snapshotRow(watchedA, newest - 3600, 350000),
            snapshotRow(watchedA, newest - 60, 380000),
            snapshotRow(watchedA, newest, 410000),
            QStringLiteral("INSERT INTO watchlist(ticker, added_at) VALUES (%1, 1), (%2, 2), (%3, 3)")
                .arg(BrowserTestDb::quoted(watchedA), BrowserTestDb::quoted(watchedB),
                    BrowserTestDb::quoted(notStored)),
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

    void showsWatchedMarketsFromTheDatabase()
    {
        const QString path = createDatabase();
        BrowserTestDb::ReadConnection connection(path);
        QVERIFY2(connection.isOpen(), qPrintable(connection.error()));
        WatchlistWidget widget;
        QSignalSpy tickersChanged(&widget, &WatchlistWidget::watchedTickersChanged);
        widget.setConnectionName(connection.name());
        const WatchlistTableModel &model = *widget.model();
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(widget.watchedTickers(), (QStringList{watchedA, watchedB, notStored}));
        QCOMPARE(tickersChanged.size(), 1);

        // A: the newest snapshot is newer than the market row, so it gives the quote.
        QCOMPARE(cell(model, 0, WatchlistTableModel::Title), QStringLiteral("Alpha above 50?"));
        QCOMPARE(cell(model, 0, WatchlistTableModel::YesBid), QStringLiteral("41¢"));
        QCOMPARE(cell(model, 0, WatchlistTableModel::YesAsk), QStringLiteral("43¢"));
        QCOMPARE(cell(model, 0, WatchlistTableModel::LastPrice), QStringLiteral("41¢"));
        QCOMPARE(cell(model, 0, WatchlistTableModel::Change), QStringLiteral("+3¢"));
        // Against the newest snapshot at least 24 h older: the one of 25 h before.
        QCOMPARE(cell(model, 0, WatchlistTableModel::Change24h), QStringLiteral("+11¢"));
        QCOMPARE(cell(model, 0, WatchlistTableModel::Volume24h), QStringLiteral("1,500"));
        QCOMPARE(cell(model, 0, WatchlistTableModel::CloseTime), BrowserFormat::dateTime(newest + 86400));
        QCOMPARE(model.index(0, WatchlistTableModel::Trend)
                     .data(WatchlistTableModel::RecentPricesRole)
                     .value<QList<qint64>>(),
            (QList<qint64>{300000, 350000, 380000, 410000}));

        // B: no snapshots, so the market row's quote and no moves.
        QCOMPARE(cell(model, 1, WatchlistTableModel::LastPrice), QStringLiteral("56¢"));
        QCOMPARE(cell(model, 1, WatchlistTableModel::Volume24h), QStringLiteral("123.45"));
        QCOMPARE(cell(model, 1, WatchlistTableModel::Change), BrowserFormat::missing());
        QCOMPARE(cell(model, 1, WatchlistTableModel::Change24h), BrowserFormat::missing());
        QVERIFY(model.index(1, WatchlistTableModel::Trend)
                    .data(WatchlistTableModel::RecentPricesRole)
                    .value<QList<qint64>>()
                    .isEmpty());

        QCOMPARE(cell(model, 2, WatchlistTableModel::Title), QStringLiteral("(not stored yet)"));
        QCOMPARE(cell(model, 2, WatchlistTableModel::LastPrice), BrowserFormat::missing());

        // The sparkline rises from the cell's bottom left to its top right.
        const QPolygonF line
            = SparklineDelegate::polyline({300000, 350000, 380000, 410000}, QRectF(0, 0, 30, 11));
        QCOMPARE(line.size(), 4);
        QCOMPARE(line.constFirst(), QPointF(0, 11));
        QCOMPARE(line.constLast(), QPointF(30, 0));
        QCOMPARE(line.at(1).x(), 10.0);
        QCOMPARE(line.at(1).y(), 6.0);
        widget.resize(1000, 300);
        widget.show();
        QVERIFY(!widget.grab().isNull());
    }

    void updatesAfterASnapshotCommit()
    {
        const QString path = createDatabase();
        BrowserTestDb::ReadConnection connection(path);
        QVERIFY2(connection.isOpen(), qPrintable(connection.error()));
        WatchlistWidget widget;
        widget.setConnectionName(connection.name());
        QCOMPARE(cell(*widget.model(), 0, WatchlistTableModel::LastPrice), QStringLiteral("41¢"));

        DatabaseWriter::Options options;
        options.databasePath = path;
        WriterThread writer(options);
        QString error;
        QVERIFY2(writer.startAndWait(&error), qPrintable(error));
        QSignalSpy written(writer.writer(), &DatabaseWriter::batchWritten);
        WriteBatch batch;
        batch.kind = WriteBatch::Kind::Snapshots;
        SnapshotRecord snapshot;
        snapshot.ticker = watchedA;
        snapshot.snapshotTime = newest + 60;
        snapshot.yesBid = 360000;
        snapshot.yesAsk = 380000;
        snapshot.lastPrice = 370000;
        snapshot.volume24h = 160000;
        batch.snapshots = {snapshot};
        DatabaseWriter *databaseWriter = writer.writer();
        QMetaObject::invokeMethod(databaseWriter, [databaseWriter, batch] { databaseWriter->write(batch); });
        QVERIFY(written.wait(10000));
        QVERIFY2(written.at(0).at(0).value<BatchResult>().ok,
            qPrintable(written.at(0).at(0).value<BatchResult>().error));

        widget.refresh();
        const WatchlistTableModel &model = *widget.model();
        QCOMPARE(cell(model, 0, WatchlistTableModel::LastPrice), QStringLiteral("37¢"));
        QCOMPARE(cell(model, 0, WatchlistTableModel::YesBid), QStringLiteral("36¢"));
        QCOMPARE(cell(model, 0, WatchlistTableModel::Change), QStringLiteral("-4¢"));
        QCOMPARE(cell(model, 0, WatchlistTableModel::Change24h), QStringLiteral("+7¢"));
        QCOMPARE(cell(model, 0, WatchlistTableModel::Volume24h), QStringLiteral("1,600"));
        QCOMPARE(model.index(0, WatchlistTableModel::Trend)
                     .data(WatchlistTableModel::RecentPricesRole)
                     .value<QList<qint64>>(),
            (QList<qint64>{300000, 350000, 380000, 410000, 370000}));
        writer.stop();
    }

    void removeAsksForTheSelectedMarkets()
    {
        const QString path = createDatabase();
        BrowserTestDb::ReadConnection connection(path);
        QVERIFY2(connection.isOpen(), qPrintable(connection.error()));
        WatchlistWidget widget;
        widget.setConnectionName(connection.name());
        auto *remove = widget.findChild<QPushButton *>(QStringLiteral("removeFromWatchlistButton"));
        QVERIFY(remove);
        QVERIFY(!remove->isEnabled());
        widget.view()->selectRow(1);
        QVERIFY(remove->isEnabled());
        QSignalSpy requested(&widget, &WatchlistWidget::watchlistChangeRequested);
        remove->click();
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.at(0).at(0).toStringList(), QStringList());
        QCOMPARE(requested.at(0).at(1).toStringList(), QStringList{watchedB});
    }
};

KM_TEST_WIDGETS_MAIN(TstWatchlistWidget)
#include "tst_watchlistwidget.moc"

#include <QApplication>

#include "englishplurals.h"
#include "log/logmodel.h"
#include "log/logview.h"
#include "testsupport.h"

#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

class TstLogView : public QObject
{
    Q_OBJECT

private:
    EnglishPlurals m_plurals;

    static QStringList visibleMessages(const LogView &log)
    {
        QStringList messages;
        const QAbstractItemModel *model = log.view()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            messages.append(model->index(row, LogModel::MessageColumn).data().toString());
        return messages;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCoreApplication::installTranslator(&m_plurals);
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void levelFilter_data()
    {
        QTest::addColumn<LogView::Filter>("filter");
        QTest::addColumn<QStringList>("shown");
        QTest::newRow("all") << LogView::Filter::All
                             << QStringList{QStringLiteral("sync started"), QStringLiteral("retrying page 3"),
                                    QStringLiteral("HTTP 503"), QStringLiteral("sync finished")};
        QTest::newRow("warnings and errors")
            << LogView::Filter::WarningsAndErrors
            << QStringList{QStringLiteral("retrying page 3"), QStringLiteral("HTTP 503")};
        QTest::newRow("errors") << LogView::Filter::Errors << QStringList{QStringLiteral("HTTP 503")};
    }

    void levelFilter()
    {
        QFETCH(LogView::Filter, filter);
        QFETCH(QStringList, shown);
        LogView log;
        log.info(QStringLiteral("sync started"));
        log.warning(QStringLiteral("retrying page 3"));
        log.error(QStringLiteral("HTTP 503"));
        log.info(QStringLiteral("sync finished"));
        log.setFilter(filter);
        QCOMPARE(visibleMessages(log), shown);
        QCOMPARE(log.visibleLineCount(), int(shown.size()));
        QCOMPARE(log.lineCount(), 4);
        // The combo box follows, and choosing in it filters the same way.
        auto *box = log.findChild<QComboBox *>(QStringLiteral("levelFilter"));
        QCOMPARE(box->currentData().value<LogView::Filter>(), filter);
        box->setCurrentIndex(0);
        QCOMPARE(log.filter(), LogView::Filter::All);
        QCOMPARE(log.visibleLineCount(), 4);
        box->setCurrentIndex(box->findData(QVariant::fromValue(filter)));
        QCOMPARE(visibleMessages(log), shown);
        // Lines that arrive later are filtered too.
        log.info(QStringLiteral("later info"));
        log.error(QStringLiteral("later error"));
        QCOMPARE(log.visibleLineCount(), int(shown.size()) + (filter == LogView::Filter::All ? 2 : 1));
        QVERIFY(log.visibleText().contains(QStringLiteral("later error")));
        QCOMPARE(log.visibleText().contains(QStringLiteral("later info")), filter == LogView::Filter::All);
    }

    void boundDropsOldest()
    {
        LogView log;
        QCOMPARE(log.maximumLines(), 5000);
        for (int i = 0; i < 5003; ++i)
            log.info(QStringLiteral("line %1").arg(i));
        QCOMPARE(log.lineCount(), 5000);
        const QStringList messages = visibleMessages(log);
        QCOMPARE(messages.first(), QStringLiteral("line 3"));
        QCOMPARE(messages.last(), QStringLiteral("line 5002"));

        log.setMaximumLines(10);
        QCOMPARE(log.lineCount(), 10);
        QCOMPARE(visibleMessages(log).first(), QStringLiteral("line 4993"));
        log.error(QStringLiteral("newest"));
        QCOMPARE(log.lineCount(), 10);
        QCOMPARE(log.lineCount(LogView::Level::Info), 9);
        QCOMPARE(log.lineCount(LogView::Level::Error), 1);
        QCOMPARE(visibleMessages(log).first(), QStringLiteral("line 4994"));
        QCOMPARE(visibleMessages(log).last(), QStringLiteral("newest"));
    }

    void errorLogged()
    {
        LogView log;
        QSignalSpy errors(&log, &LogView::errorLogged);
        log.info(QStringLiteral("fine"));
        log.warning(QStringLiteral("careful"));
        QCOMPARE(errors.size(), 0);
        log.error(QStringLiteral("database is locked"));
        log.appendMessage(LogView::Level::Error, QStringLiteral("HTTP 503"));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors.at(0).at(0).toString(), QStringLiteral("database is locked"));
        QCOMPARE(errors.at(1).at(0).toString(), QStringLiteral("HTTP 503"));
    }

    void timestampsAndLevels()
    {
        LogView log;
        const QDateTime when(QDate(2026, 3, 12), QTime(14, 2, 11));
        log.appendMessageAt(when, LogView::Level::Warning, QStringLiteral("two\nlines"));
        const QAbstractItemModel *model = log.view()->model();
        QCOMPARE(model->index(0, LogModel::TimeColumn).data().toString(), QStringLiteral("14:02:11"));
        QCOMPARE(model->index(0, LogModel::LevelColumn).data().toString(), QStringLiteral("Warning"));
        QVERIFY(!model->index(0, LogModel::LevelColumn).data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(model->index(0, LogModel::MessageColumn).data(Qt::ForegroundRole).value<QColor>().isValid());
        QCOMPARE(model->index(0, LogModel::MessageColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("two\nlines"));
        QVERIFY(!model->index(0, LogModel::MessageColumn).data().toString().contains(u'\n'));
        QCOMPARE(log.visibleText(), QStringLiteral("2026-03-12 14:02:11\tWarning\ttwo\nlines\n"));

        const QDateTime now = QDateTime::currentDateTime();
        log.info(QStringLiteral("now"));
        const QTime shown = QTime::fromString(
            model->index(1, LogModel::TimeColumn).data().toString(), QStringLiteral("HH:mm:ss"));
        QVERIFY(shown.isValid());
        QVERIFY(qAbs(shown.secsTo(now.time())) <= 1 || qAbs(shown.secsTo(now.time())) >= 86399);
    }

    void followsNewestUnlessScrolledUp()
    {
        LogView log;
        log.resize(800, 300);
        log.show();
        QVERIFY(QTest::qWaitForWindowExposed(&log));
        for (int i = 0; i < 300; ++i)
            log.info(QStringLiteral("line %1").arg(i));
        QScrollBar *bar = log.view()->verticalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());
        QVERIFY(log.isFollowingNewest());

        // The user scrolls up: new lines do not move the view.
        bar->setValue(10);
        QVERIFY(!log.isFollowingNewest());
        const QModelIndex top = log.view()->indexAt(QPoint(5, 5));
        for (int i = 0; i < 50; ++i)
            log.info(QStringLiteral("more %1").arg(i));
        QTest::qWait(50);
        QCOMPARE(bar->value(), 10);
        QCOMPARE(log.view()->indexAt(QPoint(5, 5)).data().toString(), top.data().toString());

        // Scrolled back to the bottom, it follows again.
        bar->setValue(bar->maximum());
        QVERIFY(log.isFollowingNewest());
        log.info(QStringLiteral("tail"));
        QTRY_COMPARE(bar->value(), bar->maximum());
        const QAbstractItemModel *model = log.view()->model();
        const QModelIndex last = model->index(model->rowCount() - 1, LogModel::MessageColumn);
        QCOMPARE(last.data().toString(), QStringLiteral("tail"));
        QTRY_VERIFY(log.view()->viewport()->rect().contains(log.view()->visualRect(last)));
    }

    void droppedLinesKeepReadingPosition()
    {
        LogView log;
        log.setMaximumLines(200);
        log.resize(800, 300);
        log.show();
        QVERIFY(QTest::qWaitForWindowExposed(&log));
        for (int i = 0; i < 200; ++i)
            log.info(QStringLiteral("line %1").arg(i));
        QScrollBar *bar = log.view()->verticalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0);
        bar->setValue(100);
        const QString reading
            = log.view()->indexAt(QPoint(5, 5)).siblingAtColumn(LogModel::MessageColumn).data().toString();
        for (int i = 0; i < 20; ++i)
            log.info(QStringLiteral("new %1").arg(i));
        QTest::qWait(50);
        QCOMPARE(log.view()->indexAt(QPoint(5, 5)).siblingAtColumn(LogModel::MessageColumn).data().toString(),
            reading);
    }

    void clearAndCount()
    {
        LogView log;
        log.info(QStringLiteral("a"));
        log.warning(QStringLiteral("b"));
        log.error(QStringLiteral("c"));
        auto *count = log.findChild<QLabel *>(QStringLiteral("count"));
        QTRY_COMPARE(count->text(), QStringLiteral("3 messages \u00b7 1 warning, 1 error"));
        log.setFilter(LogView::Filter::Errors);
        QCOMPARE(count->text(), QStringLiteral("3 messages \u00b7 1 warning, 1 error \u00b7 1 shown"));
        log.clear();
        QCOMPARE(log.lineCount(), 0);
        QCOMPARE(log.visibleLineCount(), 0);
        QCOMPARE(count->text(), QStringLiteral("0 messages"));
        log.error(QStringLiteral("after clear"));
        QCOMPARE(log.visibleLineCount(), 1);
    }

    void copyAndSave()
    {
        LogView log;
        const QDateTime when(QDate(2026, 3, 12), QTime(9, 0, 1));
        log.appendMessageAt(when, LogView::Level::Info, QStringLiteral("first"));
        log.appendMessageAt(when.addSecs(1), LogView::Level::Error, QStringLiteral("second"));
        log.appendMessageAt(when.addSecs(2), LogView::Level::Warning, QStringLiteral("third"));

        log.copy();
        QCOMPARE(QGuiApplication::clipboard()->text(), log.visibleText());
        QCOMPARE(log.visibleText().count(u'\n'), 3);

        QItemSelectionModel *selection = log.view()->selectionModel();
        const QAbstractItemModel *model = log.view()->model();
        selection->select(model->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        selection->select(model->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        log.copy();
        QCOMPARE(QGuiApplication::clipboard()->text(),
            QStringLiteral("2026-03-12 09:00:02\tError\tsecond\n2026-03-12 09:00:03\tWarning\tthird\n"));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        log.setFilter(LogView::Filter::WarningsAndErrors);
        const QString path = dir.filePath(QStringLiteral("log.txt"));
        QVERIFY(log.saveVisibleText(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        QCOMPARE(QString::fromUtf8(file.readAll()), log.visibleText());
        QVERIFY(!log.visibleText().contains(QStringLiteral("first")));

        QString error;
        QVERIFY(!log.saveVisibleText(dir.filePath(QStringLiteral("missing/folder/log.txt")), &error));
        QVERIFY(!error.isEmpty());
    }

    // How fast this is belongs to the benchmarks; here only that a flood keeps the bound and filter.
    void manyMessagesKeepBoundAndFilter()
    {
        LogView log;
        log.resize(1000, 600);
        log.show();
        QVERIFY(QTest::qWaitForWindowExposed(&log));
        log.setFilter(LogView::Filter::WarningsAndErrors);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 20000; ++i)
            log.appendMessage(i % 3 == 0 ? LogView::Level::Warning : LogView::Level::Info,
                QStringLiteral("page %1 written: 1,000 markets").arg(i));
        QCoreApplication::processEvents();
        const qint64 ms = timer.elapsed();
        qInfo("20000 messages into a full 5000-line log, shown and filtered: %lld ms", ms);
        QCOMPARE(log.lineCount(), 5000);
        // The last 5000 of i = 0..19999, every third a warning: i = 15000, 15003, ..., 19998.
        QCOMPARE(log.lineCount(LogView::Level::Warning), 1667);
        QCOMPARE(log.visibleLineCount(), 1667);
    }
};

KM_TEST_WIDGETS_MAIN(TstLogView)
#include "tst_logview.moc"

// TableExporter's hooks for the app's File > Export: a statement of the caller's instead of the
// request's filters, progress every N rows, and a stop from the progress callback.
#include "export/tableexporter.h"
#include "recordfactory.h"
#include "storage/schema.h"
#include "storage/writerthread.h"
#include "testsupport.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TstTableExporter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    const QString m_connection = QStringLiteral("tst-tableexporter");

    static QList<QByteArray> lines(const QByteArray &csv)
    {
        QList<QByteArray> result = csv.split('\n');
        if (!result.isEmpty() && result.last().isEmpty())
            result.removeLast();
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("export.db"));
        DatabaseWriter::Options options;
        options.databasePath = m_path;
        WriterThread writer(options);
        QString error;
        QVERIFY2(writer.startAndWait(&error), qPrintable(error));
        DatabaseWriter *w = writer.writer();
        QSignalSpy written(w, &DatabaseWriter::batchWritten);
        const WriteBatch batch = RecordFactory::marketsBatch(0, 100);
        QMetaObject::invokeMethod(
            w, [w, batch] { w->write(batch); }, Qt::QueuedConnection);
        QVERIFY(written.wait(30000));
        QVERIFY(written.at(0).at(0).value<BatchResult>().ok);
        writer.stop();
        Schema::ConnectionOptions read;
        read.access = Schema::Access::ReadOnly;
        QVERIFY2(Schema::openConnection(m_connection, m_path, read, &error), qPrintable(error));
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        Schema::closeConnection(m_connection);
    }

    void progressEveryNRowsAndStop()
    {
        ExportRequest request;
        request.table = ExportRequest::Table::Markets;
        TableExporter exporter(request);
        QList<qint64> reported;
        exporter.setProgress(7, [&reported](qint64 rows) {
            reported.append(rows);
            return rows < 35;
        });
        QBuffer out;
        QVERIFY(out.open(QIODevice::WriteOnly));
        QString error;
        QVERIFY(!exporter.run(m_connection, &out, &error));
        QVERIFY(exporter.wasCancelled());
        QCOMPARE(error, QStringLiteral("the export was cancelled"));
        QCOMPARE(reported, QList<qint64>({7, 14, 21, 28, 35}));
        QCOMPARE(exporter.rowsWritten(), 35);
        QCOMPARE(lines(out.data()).size(), 36); // the header and the rows before the stop

        // Never stopped: every row, and the callback at each multiple.
        reported.clear();
        TableExporter whole(request);
        whole.setProgress(40, [&reported](qint64 rows) {
            reported.append(rows);
            return true;
        });
        QBuffer all;
        QVERIFY(all.open(QIODevice::WriteOnly));
        QVERIFY2(whole.run(m_connection, &all, &error), qPrintable(error));
        QVERIFY(!whole.wasCancelled());
        QCOMPARE(whole.rowsWritten(), 100);
        QCOMPARE(reported, QList<qint64>({40, 80}));
    }

    void theCallersStatementChoosesTheRows()
    {
        ExportRequest request;
        request.table = ExportRequest::Table::Markets;
        TableExporter exporter(request);
        // The request's columns, rows of the caller's choosing in the caller's order.
        QStringList columns;
        for (const ExportColumn &column : TableExporter::columns(request.table))
            columns.append(QString::fromLatin1(column.name));
        exporter.setStatement({QStringLiteral("SELECT ") + columns.join(QStringLiteral(", "))
                + QStringLiteral(" FROM markets WHERE volume_24h >= ? ORDER BY volume_24h DESC"),
            {qint64(900)}});
        QBuffer out;
        QVERIFY(out.open(QIODevice::WriteOnly));
        QString error;
        QVERIFY2(exporter.run(m_connection, &out, &error), qPrintable(error));
        // RecordFactory: volume_24h is 10 * index, so markets 90..99, the largest first.
        const QList<QByteArray> rows = lines(out.data());
        QCOMPARE(rows.size(), 11);
        QVERIFY(rows.at(0).startsWith("ticker,"));
        QVERIFY(rows.at(1).startsWith(QByteArray(RecordFactory::marketTicker(99).toUtf8() + ',')));
        QVERIFY(rows.at(10).startsWith(QByteArray(RecordFactory::marketTicker(90).toUtf8() + ',')));
    }
};

KM_TEST_GUILESS_MAIN(TstTableExporter)
#include "tst_tableexporter.moc"

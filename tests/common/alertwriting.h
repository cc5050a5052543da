#pragma once

#include "alerts/alertrule.h"
#include "records.h"
#include "storage/databasewriter.h"
#include "storage/writerthread.h"

#include <QSignalSpy>
#include <QTest>

// Alert rules and snapshot batches through a test's writer thread, waited for in the test's thread.
namespace KmTest {

// Adds the rule through the writer; its id, or 0 when the writer did not answer within 10 s.
inline qint64 addAlertRule(WriterThread &thread, const AlertRule &rule)
{
    DatabaseWriter *writer = thread.writer();
    QSignalSpy spy(writer, &DatabaseWriter::alertRuleAdded);
    QMetaObject::invokeMethod(
        writer, [writer, rule] { writer->addAlertRule(7, rule); }, Qt::QueuedConnection);
    if (!QTest::qWaitFor([&] { return !spy.isEmpty(); }, 10000))
        return 0;
    if (!spy.first().at(2).toString().isEmpty())
        qWarning("addAlertRule: %s", qPrintable(spy.first().at(2).toString()));
    return spy.first().at(1).toLongLong();
}

// Writes the batch and returns the firings it announced.
inline QList<AlertFiring> writeForFirings(WriterThread &thread, const WriteBatch &batch)
{
    DatabaseWriter *writer = thread.writer();
    QSignalSpy written(writer, &DatabaseWriter::batchWritten);
    QSignalSpy fired(writer, &DatabaseWriter::alertsFired);
    QMetaObject::invokeMethod(
        writer, [writer, batch] { writer->write(batch); }, Qt::QueuedConnection);
    if (!QTest::qWaitFor([&] { return !written.isEmpty(); }, 30000)
        || !written.first().at(0).value<BatchResult>().ok)
        qWarning("batch not written: %s", qPrintable(written.value(0).value(0).value<BatchResult>().error));
    // alertsFired comes before batchWritten, from the same slot.
    QList<AlertFiring> firings;
    for (const QList<QVariant> &arguments : std::as_const(fired))
        firings += arguments.at(0).value<QList<AlertFiring>>();
    return firings;
}

} // namespace KmTest

#pragma once

#include "storage/databasewriter.h"
#include "storage/writerthread.h"

#include <QString>

#include <memory>

namespace KmTest {

// A started writer thread on a database file or postgresql:// URL with default options; a writer
// that cannot open its database ends the test run (qFatal) with the writer's error.
inline std::unique_ptr<WriterThread> startWriter(const QString &location)
{
    DatabaseWriter::Options options;
    options.databasePath = location;
    auto thread = std::make_unique<WriterThread>(options);
    QString error;
    if (!thread->startAndWait(&error))
        qFatal("writer did not open: %s", qPrintable(error));
    return thread;
}

} // namespace KmTest

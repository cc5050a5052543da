#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

class QTimer;

// Lives in its own thread (see WriterThread) with its own connection, which never changes data:
// it copies committed WAL frames into the database file (PRAGMA wal_checkpoint(PASSIVE)) while the
// writer goes on writing. Checkpointing in the writer's thread (SQLite's autocheckpoint) made every
// few commits wait for the copy and its two fsyncs: a third of the writer's time in
// km-bench-writer (docs/performance.md). A passive checkpoint never blocks the writer or readers.
class Checkpointer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Checkpointer)

public:
    struct Result
    {
        bool ok = false;
        int walFrames = -1; // frames in the WAL when the checkpoint ran
        int checkpointedFrames = -1; // of which now copied into the database file
        QString error;
    };

    // At most one checkpoint per interval while commits keep arriving.
    explicit Checkpointer(const QString &databasePath, int intervalMs = 250, QObject *parent = nullptr);
    ~Checkpointer() override;

public Q_SLOTS:
    void open();
    // A commit happened: checkpoint now, or once the interval since the last one has passed.
    void requestCheckpoint();
    void close();

Q_SIGNALS:
    void checkpointed(const Checkpointer::Result &result);

private:
    void checkpoint();

    const QString m_databasePath;
    const QString m_connectionName;
    const int m_intervalMs;
    QTimer *m_timer = nullptr; // created in open(), in this object's thread
    QElapsedTimer m_sinceLast;
    bool m_open = false;
};

Q_DECLARE_METATYPE(Checkpointer::Result)

#pragma once

#include "storage/prunerequest.h"
#include "storagesettings.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class DatabaseWriter;
class QTimer;

// The database's size per table, read by StorageController::readSizes() in a thread of its own.
struct StorageSizes
{
    struct Table
    {
        QString name;
        qint64 bytes = 0; // with its indexes (dbstat, or pg_total_relation_size)
        qint64 rows = 0;
    };
    bool ok = false;
    QString error;
    bool bytesPerTable = false; // false where SQLite lacks dbstat: only the file's figures
    bool onServer = false; // PostgreSQL: fileBytes is the database's size there, freeBytes 0
    QList<Table> tables; // largest first
    qint64 fileBytes = 0; // the database and its WAL
    qint64 freeBytes = 0; // free pages inside the file
    qint64 snapshotRows = 0; // rows of the price_snapshots view
    qint64 snapshotBytes = 0; // the tables holding them (their names begin with "snapshot")

    // Bytes a snapshot row takes on average, 0 while unknown.
    double bytesPerSnapshotRow() const;
};

// Lives in the GUI thread, owned by the main window. Settings > Storage's work: prunes (and their
// dry runs) go to the window's DatabaseWriter by queued calls, like every write, and come back as
// its pruneProgress()/pruned() signals, told apart by a token; the size per table is read in a
// short-lived thread with its own read-only connection, never in the GUI thread. With daily pruning
// on, the settings' prune runs once a day while the app is open on a SQLite file (checked at attach() and
// every 10 minutes); dailyPruneFinished() tells the window to remember when.
class StorageController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StorageController)

public:
    explicit StorageController(QObject *parent = nullptr);
    ~StorageController() override;

    // The writer of an open database (for connect() and queued calls only), or nullptr when the
    // database closes; a prune running then reports the writer's own final word. A PostgreSQL
    // database (PostgreSQL) is pruned on demand only: dailyUnavailableReason() says why.
    void attach(DatabaseWriter *writer, const QString &databasePath);
    bool isAttached() const { return !m_writer.isNull(); }
    // Whether readSizes() can measure the open database (SQLite or PostgreSQL).
    bool canMeasure() const { return !m_databasePath.isEmpty(); }
    // Why the open database is not pruned daily from here; empty when it can be (or none is open).
    QString dailyUnavailableReason() const { return m_dailyUnavailableReason; }
    QString databasePath() const { return m_databasePath; }

    void setSettings(const StorageSettings &settings) { m_settings = settings; }
    const StorageSettings &settings() const { return m_settings; }

    enum class Origin { User, Daily };
    // False (nothing started) without a writer or while a prune runs.
    bool startPrune(const PruneRequest &request, Origin origin = Origin::User);
    // The running prune ends after its current batch; what committed stays removed.
    void stopPrune();
    bool isPruning() const { return m_running; }
    const PruneRequest &runningRequest() const { return m_request; }
    // Starts the settings' prune when daily pruning is on and due at `now` (Unix seconds).
    bool runDailyIfDue(qint64 now);

    // Reads the sizes again in a thread of its own; sizesRead() follows.
    void readSizes();
    bool isReadingSizes() const { return m_sizesPending > 0; }
    const StorageSizes &sizes() const { return m_sizes; }

    // What a prune did or would do, in words for people; `sizes` gives the bytes estimate.
    static QString describe(const PruneResult &result, const StorageSizes &sizes);
    static QString describeProgress(const PruneResult &soFar);

Q_SIGNALS:
    void pruneStarted(const PruneRequest &request, Origin origin);
    void pruneProgress(const PruneResult &soFar);
    void pruneFinished(const PruneResult &result, Origin origin);
    void dailyPruneFinished(qint64 finishedAt);
    void sizesRead(const StorageSizes &sizes);
    void attachedChanged(bool attached);

private:
    void onPruneProgress(quint64 token, const PruneResult &soFar);
    void onPruned(quint64 token, const PruneResult &result);

    QPointer<DatabaseWriter> m_writer;
    QList<QMetaObject::Connection> m_connections;
    QString m_databasePath;
    QString m_dailyUnavailableReason;
    StorageSettings m_settings;
    QTimer *m_dailyTimer;
    bool m_running = false;
    Origin m_origin = Origin::User;
    PruneRequest m_request;
    quint64 m_token = 0;
    StorageSizes m_sizes;
    quint64 m_sizesGeneration = 0;
    int m_sizesPending = 0;
};

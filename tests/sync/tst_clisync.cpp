// End-to-end tests of kalshi-monitor-cli against the bundled simulator, as real processes.
#include "cliresult.h"
#include "databasefolder.h"
#include "network/kalshiclient.h"
#include "recordfactory.h"
#include "simulatorprocess.h"
#include "storage/writerthread.h"
#include "sync/syncsession.h"
#include "testsupport.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

#include <limits>
#include <optional>

namespace {

using KmTest::CliResult;

// An independent decimal conversion for expectations: "0.4500" -> 450000 at scale 6.
std::optional<qint64> scaled(const QString &text, int digits)
{
    const qsizetype point = text.indexOf(u'.');
    const QString whole = point < 0 ? text : text.left(point);
    QString fraction = point < 0 ? QString() : text.mid(point + 1);
    while (fraction.size() < digits)
        fraction += u'0';
    bool ok = false;
    const qint64 value = QString(whole + fraction.left(digits)).toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

// Prices and contract counts of a simulator market in database units, in the column order of
// snapshotPricesSql: yes_bid|yes_ask|no_bid|no_ask|last_price|volume|volume_24h|open_interest.
QString expectedPrices(const QJsonObject &market)
{
    QStringList fields;
    if (!market.contains(QStringLiteral("yes_bid_dollars"))) { // legacy: cents and whole contracts
        for (const char *field : {"yes_bid", "yes_ask", "no_bid", "no_ask", "last_price"})
            fields << QString::number(market.value(QLatin1String(field)).toInteger() * 10000);
        for (const char *field : {"volume", "volume_24h", "open_interest"})
            fields << QString::number(market.value(QLatin1String(field)).toInteger() * 100);
    } else {
        for (const char *field :
            {"yes_bid_dollars", "yes_ask_dollars", "no_bid_dollars", "no_ask_dollars", "last_price_dollars"})
            fields << QString::number(*scaled(market.value(QLatin1String(field)).toString(), 6));
        for (const char *field : {"volume_fp", "volume_24h_fp", "open_interest_fp"})
            fields << QString::number(*scaled(market.value(QLatin1String(field)).toString(), 2));
    }
    return fields.join(u'|');
}

const QString pricesSql
    = QStringLiteral("coalesce(yes_bid, 'NULL') || '|' || coalesce(yes_ask, 'NULL') || '|' || "
                     "coalesce(no_bid, 'NULL') || '|' || "
                     "coalesce(no_ask, 'NULL') || '|' || coalesce(last_price, 'NULL') || '|' || "
                     "coalesce(volume, 'NULL') || '|' || "
                     "coalesce(volume_24h, 'NULL') || '|' || coalesce(open_interest, 'NULL')");

// Prices never move during a test: the first tick ends in 2038.
const QString frozenPrices = QString::number(std::numeric_limits<int>::max());

} // namespace

// A SyncSession in this process (no rate limit) against the simulator at `baseUrl`, writing
// through its own writer thread into `path`; `error` is empty when the writer opened.
struct InProcessSync
{
    InProcessSync(const QString &path, const QUrl &baseUrl)
        : writer(writerOptions(path))
        , client(clientOptions(baseUrl))
        , session(&client)
    {
        if (writer.startAndWait(&error))
            session.attachWriter(writer.writer());
        else if (error.isEmpty())
            error = QStringLiteral("the writer did not open");
    }

    static DatabaseWriter::Options writerOptions(const QString &path)
    {
        DatabaseWriter::Options options;
        options.databasePath = path;
        return options;
    }

    static KalshiClient::Options clientOptions(const QUrl &baseUrl)
    {
        KalshiClient::Options options;
        options.baseUrl = baseUrl;
        options.requestsPerSecond = 0;
        return options;
    }

    QString error;
    WriterThread writer;
    KalshiClient client;
    SyncSession session;
};

class TstCliSync : public QObject
{
    Q_OBJECT

private:
    KmTest::DatabaseFolder m_dir{QStringLiteral("cli")};
    QString m_cli;

    QString newDatabasePath() { return m_dir.newDatabasePath(); }

    QProcess *startCli(const QStringList &arguments, QObject *parent)
    {
        auto *process = new QProcess(parent);
        process->start(m_cli, arguments);
        return process;
    }

    static CliResult collect(QProcess *process, int timeoutMs = 120000)
    {
        return KmTest::finishCli(*process, timeoutMs);
    }

    CliResult runCli(const QStringList &arguments, int timeoutMs = 120000)
    {
        QObject owner;
        return collect(startCli(arguments, &owner), timeoutMs);
    }

    static void verifyIntact(const QString &path)
    {
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
        QCOMPARE(KmTest::queryColumn(path, QStringLiteral("PRAGMA foreign_key_check")).size(), 0);
    }

    static qsizetype countWhere(
        const QJsonArray &items, const std::function<bool(const QJsonObject &)> &predicate)
    {
        qsizetype n = 0;
        for (const QJsonValue &item : items)
            n += predicate(item.toObject()) ? 1 : 0;
        return n;
    }

    static bool isMve(const QJsonObject &market)
    {
        return !market.value(QStringLiteral("mve_collection_ticker")).toString().isEmpty();
    }

    // Requests the simulator counted on an API path (e.g. "/markets") since its stats were reset.
    static int requestsTo(const SimulatorProcess &simulator, const QString &path)
    {
        const QJsonObject stats = simulator.get(QStringLiteral("/sim/stats")).object();
        return stats.value(QStringLiteral("by_path"))
            .toObject()
            .value(simulator.baseUrl().path() + path)
            .toInt();
    }

    // A /markets listing and the requests it takes at the sync's page size (listAll asks for 1000).
    static QJsonArray listMarkets(const SimulatorProcess &simulator, const QString &query, int *requests)
    {
        simulator.resetStats();
        const QJsonArray items
            = simulator.listAll(QStringLiteral("/markets"), QStringLiteral("markets"), query);
        *requests = requestsTo(simulator, QStringLiteral("/markets"));
        return items;
    }

    // Every snapshot row against the simulator's JSON of the listing it came from, exactly.
    static void verifySnapshotsMatch(const QString &path, const QJsonArray &listing)
    {
        QStringList expected;
        for (const QJsonValue &value : listing) {
            const QJsonObject market = value.toObject();
            expected << market.value(QStringLiteral("ticker")).toString() + u'=' + expectedPrices(market);
        }
        QStringList actual;
        const QVariantList rows
            = KmTest::queryColumn(path, u"SELECT ticker || '=' || " + pricesSql + u" FROM price_snapshots");
        for (const QVariant &row : rows)
            actual << row.toString();
        expected.sort();
        actual.sort();
        QCOMPARE(actual.size(), expected.size());
        QCOMPARE(actual, expected);
        QCOMPARE(
            KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM price_snapshots)")),
            1);
    }

    // kind|status|pages|rows|skipped of every sync_runs row, oldest first.
    static QStringList syncRuns(const QString &path)
    {
        QStringList runs;
        const QVariantList rows = KmTest::queryColumn(path,
            QStringLiteral("SELECT kind || '|' || status || '|' || pages || '|' || rows || '|' || skipped "
                           "FROM sync_runs ORDER BY id"));
        for (const QVariant &row : rows)
            runs << row.toString();
        return runs;
    }

    static QString runRow(const QString &kind, const QString &status, int pages, qint64 rows)
    {
        return QStringLiteral("%1|%2|%3|%4|0").arg(kind, status).arg(pages).arg(rows);
    }

    static qint64 runTime(const QString &path, const QString &column, const QString &kind)
    {
        return KmTest::queryValue(
            path, QStringLiteral("SELECT %1 FROM sync_runs WHERE kind = '%2'").arg(column, kind))
            .toLongLong();
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        m_cli = KmTest::builtExecutable(QStringLiteral("kalshi-monitor-cli"));
        QVERIFY2(!m_cli.isEmpty(), "kalshi-monitor-cli was not built");
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no command") << QStringList();
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("bad status") << QStringList{
            QStringLiteral("sync-markets"), QStringLiteral("--status"), QStringLiteral("bogus")};
        QTest::newRow("bad max pages")
            << QStringList{QStringLiteral("sync-events"), QStringLiteral("--max-pages"), QStringLiteral("0")};
        QTest::newRow("bad mve filter") << QStringList{
            QStringLiteral("snapshot"), QStringLiteral("--mve-filter"), QStringLiteral("some")};
        QTest::newRow("option of another command")
            << QStringList{QStringLiteral("stats"), QStringLiteral("--status"), QStringLiteral("open")};
        QTest::newRow("bad api base") << QStringList{
            QStringLiteral("sync-events"), QStringLiteral("--api-base"), QStringLiteral("ftp://x")};
        QTest::newRow("bad rate") << QStringList{
            QStringLiteral("sync-events"), QStringLiteral("--rate-limit"), QStringLiteral("fast")};
        QTest::newRow("bad interval") << QStringList{
            QStringLiteral("collect"), QStringLiteral("--snapshot-interval"), QStringLiteral("5x")};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("init"), QStringLiteral("--frob")};
    }

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, arguments);
        const CliResult result = runCli(arguments + QStringList{QStringLiteral("--db"), newDatabasePath()});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.startsWith("usage error: "), result.err.constData());
    }

    void specialDatabaseNamesAreRefused_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("name");
        QTest::newRow("memory") << QStringLiteral("sync-events") << QStringLiteral(":memory:");
        QTest::newRow("uri memory") << QStringLiteral("sync-events")
                                    << QStringLiteral("file:x.db?mode=memory");
        QTest::newRow("uri in a folder") << QStringLiteral("init") << QStringLiteral("file:sub/x.db");
        QTest::newRow("resource") << QStringLiteral("collect") << QStringLiteral(":/x/kalshi.db");
        QTest::newRow("stats memory") << QStringLiteral("stats") << QStringLiteral(":memory:");
    }

    // Regression: --db :memory: and file:x.db?mode=memory exited 0 after a whole sync that saved
    // nothing, and created a folder ":" in the working directory.
    void specialDatabaseNamesAreRefused()
    {
        QFETCH(QString, command);
        QFETCH(QString, name);
        QTemporaryDir workDir;
        QProcess process;
        process.setWorkingDirectory(workDir.path());
        process.start(m_cli,
            {command, QStringLiteral("--db"), name, QStringLiteral("--api-base"),
                QStringLiteral("http://127.0.0.1:9/trade-api/v2")});
        const CliResult result = collect(&process);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.startsWith("usage error: --db: ") && result.err.contains("not a plain file path"),
            result.err.constData());
        QCOMPARE(QDir(workDir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
            QStringList());
    }

    // Regression: usage errors printed no JSON line for scripts that asked for one.
    void usageErrorWithJsonPrintsOneJsonLine()
    {
        const CliResult result = runCli({QStringLiteral("sync-events"), QStringLiteral("--max-pages"),
            QStringLiteral("0"), QStringLiteral("--db"), newDatabasePath(), QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.out.trimmed().count('\n'), 0);
        QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(true), false);
        QCOMPARE(result.json.value(QStringLiteral("command")).toString(), QStringLiteral("sync-events"));
        QCOMPARE(result.json.value(QStringLiteral("error")).toString(),
            QStringLiteral("--max-pages must be a positive whole number"));
    }

    void initAndStats()
    {
        const QString path = newDatabasePath();
        CliResult result
            = runCli({QStringLiteral("init"), QStringLiteral("--db"), path, QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(), true);
        QVERIFY(QFile::exists(path));
        result = runCli({QStringLiteral("stats"), QStringLiteral("--db"), path, QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.json.value(QStringLiteral("markets")).toInt(), 0);
        QCOMPARE(result.json.value(QStringLiteral("schema_version")).toInt(), Schema::currentVersion());
    }

    // A read-only mount, or another user's collection: SQLite cannot create the -shm file a WAL
    // database needs there. stats must still read it, and leave the folder as it was.
    void statsReadsAFileInAReadOnlyFolder()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("200"),
            QStringLiteral("--events"), QStringLiteral("20"), QStringLiteral("--seed"), QStringLiteral("3")});
        QTemporaryDir parent;
        QVERIFY(parent.isValid());
        const QString folder = parent.filePath(QStringLiteral("readonly"));
        QVERIFY(QDir().mkpath(folder));
        const QString path = folder + QStringLiteral("/km.db");
        const CliResult synced = runCli({QStringLiteral("sync-markets"), QStringLiteral("--status"),
            QStringLiteral("all"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
            simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0")});
        QVERIFY2(synced.exitCode == 0, synced.err.constData());
        const int markets = KmTest::countRows(path, QStringLiteral("markets"));
        QVERIFY(markets > 0);
        const QStringList before = QDir(folder).entryList(QDir::Files);
        QCOMPARE(before, QStringList{QStringLiteral("km.db")});

        // Root ignores file modes, so as root the CLI runs as nobody, who can read but not write.
        const QFileDevice::Permissions readable = QFileDevice::ReadOwner | QFileDevice::ReadGroup
            | QFileDevice::ReadOther | QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther;
        QVERIFY(QFile::setPermissions(parent.path(), readable | QFileDevice::WriteOwner));
        QVERIFY(QFile::setPermissions(folder, readable));
        QStringList command{
            m_cli, QStringLiteral("stats"), QStringLiteral("--db"), path, QStringLiteral("--json")};
        if (::geteuid() == 0) {
            const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
            if (setpriv.isEmpty())
                QSKIP("running as root without setpriv: cannot make a folder read-only for the CLI");
            command = QStringList{setpriv, QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                          QStringLiteral("--clear-groups")}
                + command;
        }
        QProcess process;
        process.start(command.takeFirst(), command);
        const CliResult result = collect(&process);
        QVERIFY(QFile::setPermissions(folder, readable | QFileDevice::WriteOwner));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.json.value(QStringLiteral("markets")).toInt(), markets);
        QCOMPARE(QDir(folder).entryList(QDir::Files), before);
    }

    // Regression: a process that read user_version 0 and then, in a separate statement, saw the
    // tables another process had just migrated took the file for another application's database.
    void concurrentFirstOpensAllSucceed()
    {
        for (int round = 0; round < 8; ++round) {
            const QString path = newDatabasePath();
            QObject owner;
            QList<QProcess *> processes;
            for (int i = 0; i < 4; ++i)
                processes.append(startCli({QStringLiteral("init"), QStringLiteral("--db"), path}, &owner));
            for (QProcess *process : std::as_const(processes)) {
                const CliResult result = collect(process);
                QVERIFY2(result.exitCode == 0, result.err.constData());
            }
            QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA user_version")).toInt(),
                Schema::currentVersion());
        }
    }

    void notADatabaseFailsWithoutTouchingIt()
    {
        const QString path = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("my notes, not a database\n");
        file.close();
        for (const QString &command :
            {QStringLiteral("init"), QStringLiteral("sync-events"), QStringLiteral("stats")}) {
            const CliResult result = runCli({command, QStringLiteral("--db"), path,
                QStringLiteral("--api-base"), QStringLiteral("http://127.0.0.1:9/trade-api/v2")});
            QCOMPARE(result.exitCode, 1);
            QVERIFY2(result.err.startsWith("error: ") && result.err.contains("not an SQLite database"),
                result.err.constData());
        }
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("my notes, not a database\n"));
    }

    // While another process holds the write lock: commands that need not write (stats, init of an
    // up-to-date file, opening a sync's writer) do not wait for it; a sync that must write says
    // after a second that the database is busy and who holds it, and a signal ends its retries.
    void busyDatabaseIsReportedAndSignalEndsTheWait()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("100"),
            QStringLiteral("--events"), QStringLiteral("150")});
        const QString path = newDatabasePath();
        QCOMPARE(runCli({QStringLiteral("init"), QStringLiteral("--db"), path}).exitCode, 0);
        const QString holderName = QStringLiteral("tst-clisync-lock-holder");
        {
            QSqlDatabase holder = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), holderName);
            holder.setDatabaseName(path);
            QVERIFY(holder.open());
            QSqlQuery lock(holder);
            QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));

            // Before the fix, init of an up-to-date file waited 30 s for the lock and failed.
            CliResult result = runCli({QStringLiteral("init"), QStringLiteral("--db"), path});
            QVERIFY2(result.exitCode == 0, result.err.constData());
            result = runCli({QStringLiteral("stats"), QStringLiteral("--db"), path});
            QVERIFY2(result.exitCode == 0, result.err.constData());

            const QStringList network = {QStringLiteral("--api-base"), simulator->baseUrlString(),
                QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")};
            QObject owner;
            QProcess *waiting = startCli(
                QStringList{QStringLiteral("sync-events"), QStringLiteral("--db"), path} + network, &owner);
            QByteArray err;
            QTRY_VERIFY_WITH_TIMEOUT((err += waiting->readAllStandardError()).contains("is busy"), 20000);
            const QByteArray expectedHolder = "is busy: pid "
                + QByteArray::number(QCoreApplication::applicationPid()) + " ("
                + QFileInfo(QCoreApplication::applicationFilePath()).fileName().left(15).toUtf8()
                + ") is writing to it";
            QVERIFY2(err.contains(expectedHolder), err.constData());

            // SIGHUP, like SIGTERM, gives up the wait at once (the writer would retry for 30 s).
            ::kill(pid_t(waiting->processId()), SIGHUP);
            result = collect(waiting, 20000);
            QCOMPARE(result.exitCode, 1);
            QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(true), false);
            QVERIFY2(result.err.contains("signal 1: stopped"), result.err.constData());

            // Released: the same sync runs through.
            QProcess *writing = startCli(
                QStringList{QStringLiteral("sync-events"), QStringLiteral("--db"), path} + network, &owner);
            err.clear();
            QTRY_VERIFY_WITH_TIMEOUT((err += writing->readAllStandardError()).contains("is busy"), 20000);
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
            result = collect(writing);
            QVERIFY2(result.exitCode == 0, result.err.constData());
            QCOMPARE(result.json.value(QStringLiteral("pages_not_written")).toInt(-1), 0);
        }
        Schema::closeConnection(holderName);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("events")), 150);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'running'")), 0);
        verifyIntact(path);
    }

    // A page fetched while another process holds the lock, then SIGTERM: the wait ends at once and
    // the page that could not be written is reported.
    void signalReportsPagesNotWritten()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("100"),
            QStringLiteral("--events"), QStringLiteral("150"), QStringLiteral("--stall-page"),
            QStringLiteral("1"), QStringLiteral("--stall-ms"), QStringLiteral("3000")});
        const QString path = newDatabasePath();
        QCOMPARE(runCli({QStringLiteral("init"), QStringLiteral("--db"), path}).exitCode, 0);
        QObject owner;
        QProcess *process
            = startCli({QStringLiteral("sync-events"), QStringLiteral("--db"), path,
                           QStringLiteral("--api-base"), simulator->baseUrlString(),
                           QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")},
                &owner);
        // The run's row exists and its first page is stalled: now take the lock.
        QTRY_VERIFY_WITH_TIMEOUT(
            KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'running'")) == 1, 20000);
        const QString holderName = QStringLiteral("tst-clisync-lock-holder-2");
        {
            QSqlDatabase holder = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), holderName);
            holder.setDatabaseName(path);
            QVERIFY(holder.open());
            QSqlQuery lock(holder);
            QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));
            QByteArray err;
            QTRY_VERIFY_WITH_TIMEOUT((err += process->readAllStandardError()).contains("is busy"), 20000);
            process->terminate();
            const CliResult result = collect(process, 20000);
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
            QCOMPARE(result.exitCode, 1);
            QCOMPARE(result.json.value(QStringLiteral("pages_not_written")).toInt(-1), 1);
            QVERIFY2(result.err.contains("signal 15: stopped; 1 page fetched but not written"),
                result.err.constData());
        }
        Schema::closeConnection(holderName);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("events")), 0);
        verifyIntact(path);
    }

    // Regression: reading the database file through a second descriptor in this process (as a header
    // check once did) drops the process's POSIX locks; another process closing its connection then
    // believed it was the last one, checkpointed and deleted the WAL that our writer still used, and
    // every later commit was lost.
    void anotherProcessClosingKeepsOurCommits()
    {
        const QString path = newDatabasePath();
        DatabaseWriter::Options options;
        options.databasePath = path;
        WriterThread writer(options);
        QString error;
        QVERIFY2(writer.startAndWait(&error), qPrintable(error));
        DatabaseWriter *w = writer.writer();
        QSignalSpy written(w, &DatabaseWriter::batchWritten);
        const auto write = [w](const WriteBatch &batch) {
            QMetaObject::invokeMethod(
                w, [w, batch] { w->write(batch); }, Qt::QueuedConnection);
        };
        write(RecordFactory::marketsBatch(0, 500));
        QTRY_COMPARE(written.size(), 1);

        // The GUI opens and closes read connections while the writer is open.
        for (int i = 0; i < 3; ++i) {
            Schema::ConnectionOptions readOnly;
            readOnly.access = Schema::Access::ReadOnly;
            const QString name = QStringLiteral("reader-%1").arg(i);
            QVERIFY2(Schema::openConnection(name, path, readOnly, &error), qPrintable(error));
            Schema::closeConnection(name);
        }
        // Another process opens the database read-write and closes it.
        QCOMPARE(runCli({QStringLiteral("init"), QStringLiteral("--db"), path}).exitCode, 0);
        QVERIFY2(
            QFile::exists(path + QStringLiteral("-wal")), "another process deleted the WAL we still use");

        write(RecordFactory::marketsBatch(500, 500));
        QTRY_COMPARE(written.size(), 2);
        QVERIFY(written.at(1).at(0).value<BatchResult>().ok);
        writer.stop();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 1000);
    }

    void everyCommandEndToEnd()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("3000"),
            QStringLiteral("--events"), QStringLiteral("150"), QStringLiteral("--settled"),
            QStringLiteral("400"), QStringLiteral("--seed"), QStringLiteral("7"),
            QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        const QStringList common
            = {QStringLiteral("--db"), path, QStringLiteral("--api-base"), simulator->baseUrlString(),
                QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")};

        // Events.
        const QJsonArray events = simulator->listAll(QStringLiteral("/events"), QStringLiteral("events"));
        QVERIFY(events.size() > 0);
        CliResult result = runCli(QStringList{QStringLiteral("sync-events")} + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.json.value(QStringLiteral("command")).toString(), QStringLiteral("sync-events"));
        QCOMPARE(result.json.value(QStringLiteral("rows")).toObject().value(QStringLiteral("events")).toInt(),
            events.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("events")), events.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("events WHERE is_placeholder = 1")), 0);

        // Markets: open, multivariate excluded by default.
        const QJsonArray open = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
            QStringLiteral("status=open&mve_filter=exclude"));
        const QJsonArray allMarkets
            = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"));
        QVERIFY(open.size() > 0);
        QVERIFY(countWhere(allMarkets, isMve) > 0);
        QCOMPARE(countWhere(open, isMve), 0);
        result = runCli(QStringList{QStringLiteral("sync-markets")} + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(
            result.json.value(QStringLiteral("rows")).toObject().value(QStringLiteral("markets")).toInt(),
            open.size());
        QCOMPARE(result.json.value(QStringLiteral("skipped")).toInt(), 0);
        QCOMPARE(result.json.value(QStringLiteral("truncated")).toBool(), false);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), open.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets WHERE status <> 'active'")), 0);
        // Markets whose events /events never listed got placeholders.
        QVERIFY(KmTest::countRows(path, QStringLiteral("events WHERE is_placeholder = 1")) > 0);

        // Exact units for known markets, modern and legacy, checked against the simulator's own JSON.
        int legacyChecked = 0;
        int modernChecked = 0;
        for (const QJsonValue &value : open) {
            const QJsonObject market = value.toObject();
            const bool legacy = !market.contains(QStringLiteral("yes_bid_dollars"));
            if ((legacy && legacyChecked >= 3) || (!legacy && modernChecked >= 3))
                continue;
            const QString ticker = market.value(QStringLiteral("ticker")).toString();
            const QString row = KmTest::queryValue(path,
                QStringLiteral(
                    "SELECT yes_bid || '|' || yes_ask || '|' || no_bid || '|' || no_ask || '|' || last_price "
                    "|| '|' || "
                    "volume || '|' || open_interest || '|' || close_time FROM markets WHERE ticker = '%1'")
                    .arg(ticker))
                                    .toString();
            QStringList expected;
            if (legacy) {
                for (const char *field : {"yes_bid", "yes_ask", "no_bid", "no_ask", "last_price"})
                    expected << QString::number(market.value(QLatin1String(field)).toInteger() * 10000);
                for (const char *field : {"volume", "open_interest"})
                    expected << QString::number(market.value(QLatin1String(field)).toInteger() * 100);
                ++legacyChecked;
            } else {
                for (const char *field : {"yes_bid_dollars", "yes_ask_dollars", "no_bid_dollars",
                         "no_ask_dollars", "last_price_dollars"})
                    expected << QString::number(*scaled(market.value(QLatin1String(field)).toString(), 6));
                for (const char *field : {"volume_fp", "open_interest_fp"})
                    expected << QString::number(*scaled(market.value(QLatin1String(field)).toString(), 2));
                ++modernChecked;
            }
            expected << QString::number(
                QDateTime::fromString(market.value(QStringLiteral("close_time")).toString(), Qt::ISODate)
                    .toSecsSinceEpoch());
            QCOMPARE(row, expected.join(u'|'));
        }
        QCOMPARE(legacyChecked, 3);
        QCOMPARE(modernChecked, 3);

        // Settlements.
        const QJsonArray settled = simulator->listAll(
            QStringLiteral("/markets"), QStringLiteral("markets"), QStringLiteral("status=settled"));
        const qsizetype withResult = countWhere(settled,
            [](const QJsonObject &m) { return !m.value(QStringLiteral("result")).toString().isEmpty(); });
        QVERIFY(withResult > 0);
        result = runCli(QStringList{QStringLiteral("sync-settlements")} + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("settlements")), withResult);
        QCOMPARE(
            result.json.value(QStringLiteral("rows")).toObject().value(QStringLiteral("settlements")).toInt(),
            withResult);
        const QJsonObject firstSettled = settled.first().toObject();
        const QString settledTs = firstSettled.value(QStringLiteral("settlement_ts")).toString();
        if (!settledTs.isEmpty()) {
            QCOMPARE(KmTest::queryValue(path,
                         QStringLiteral("SELECT settled_at FROM settlements WHERE ticker = '%1'")
                             .arg(firstSettled.value(QStringLiteral("ticker")).toString()))
                         .toLongLong(),
                QDateTime::fromString(settledTs, Qt::ISODate).toSecsSinceEpoch());
        }

        // Snapshot: one row per open non-multivariate market, one snapshot_time for the run.
        result = runCli(QStringList{QStringLiteral("snapshot")} + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), open.size());
        QCOMPARE(
            KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM price_snapshots)")),
            1);

        // Full sync and the sync_runs rows.
        result = runCli(QStringList{QStringLiteral("full-sync")} + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        for (const char *key :
            {"command", "ok", "pages", "rows", "skipped", "retries", "truncated", "elapsed_ms", "error"})
            QVERIFY2(result.json.contains(QLatin1String(key)), key);
        QCOMPARE(result.json.value(QStringLiteral("command")).toString(), QStringLiteral("full-sync"));
        QVERIFY(result.json.value(QStringLiteral("error")).isNull());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'ok'")), 4 + 4);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status <> 'ok'")), 0);

        result = runCli({QStringLiteral("stats"), QStringLiteral("--db"), path});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("markets:"));
        verifyIntact(path);
    }

    // With the default filters the markets phase lists exactly the open markets the snapshot needs:
    // one listing serves both phases, and both still record their own sync_runs row.
    void fullSyncListsOpenMarketsOnce()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("3000"),
            QStringLiteral("--events"), QStringLiteral("150"), QStringLiteral("--settled"),
            QStringLiteral("400"), QStringLiteral("--seed"), QStringLiteral("11"),
            QStringLiteral("--tick-seconds"), frozenPrices});
        int openPages = 0;
        int settledPages = 0;
        const QJsonArray open
            = listMarkets(*simulator, QStringLiteral("status=open&mve_filter=exclude"), &openPages);
        const QJsonArray settled = listMarkets(*simulator, QStringLiteral("status=settled"), &settledPages);
        const QJsonArray events = simulator->listAll(QStringLiteral("/events"), QStringLiteral("events"));
        const qsizetype withResult = countWhere(settled,
            [](const QJsonObject &m) { return !m.value(QStringLiteral("result")).toString().isEmpty(); });
        QVERIFY(openPages >= 3);
        QVERIFY(settledPages >= 1);
        QCOMPARE(events.size(), 150); // one page of /events
        // --rate-limit 0: the listing is never split into windows, so requests are exactly pages.
        const QStringList network = {QStringLiteral("--api-base"), simulator->baseUrlString(),
            QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")};

        // The snapshot command on its own keeps its own listing.
        const QString snapshotPath = newDatabasePath();
        QVERIFY(simulator->resetStats());
        CliResult result
            = runCli(QStringList{QStringLiteral("snapshot"), QStringLiteral("--db"), snapshotPath} + network);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(requestsTo(*simulator, QStringLiteral("/markets")), openPages);
        QCOMPARE(result.json.value(QStringLiteral("pages")).toInt(), openPages);
        QCOMPARE(syncRuns(snapshotPath),
            QStringList{runRow(QStringLiteral("snapshot"), QStringLiteral("ok"), openPages, open.size())});
        verifySnapshotsMatch(snapshotPath, open);

        const QString path = newDatabasePath();
        QVERIFY(simulator->resetStats());
        result = runCli(QStringList{QStringLiteral("full-sync"), QStringLiteral("--db"), path} + network);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(requestsTo(*simulator, QStringLiteral("/markets")),
            openPages + settledPages); // was 2 x openPages + settledPages
        QCOMPARE(requestsTo(*simulator, QStringLiteral("/events")), 1);

        // The summary counts what was fetched and written, each shared page once.
        QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(result.json.value(QStringLiteral("pages")).toInt(), 1 + openPages + settledPages);
        const QJsonObject rows = result.json.value(QStringLiteral("rows")).toObject();
        QCOMPARE(rows.value(QStringLiteral("events")).toInteger(), events.size());
        QCOMPARE(rows.value(QStringLiteral("markets")).toInteger(), open.size() + settled.size());
        QCOMPARE(rows.value(QStringLiteral("snapshots")).toInteger(), open.size());
        QCOMPARE(rows.value(QStringLiteral("settlements")).toInteger(), withResult);

        // Each phase's row says what that phase would say on its own, in rows of its own kind (the
        // settlements row its settlements, not the settled markets stored with them); the snapshot
        // row comes right after the markets row, whose listing it shared.
        QCOMPARE(syncRuns(path),
            (QStringList{runRow(QStringLiteral("events"), QStringLiteral("ok"), 1, events.size()),
                runRow(QStringLiteral("markets"), QStringLiteral("ok"), openPages, open.size()),
                runRow(QStringLiteral("snapshot"), QStringLiteral("ok"), openPages, open.size()),
                runRow(QStringLiteral("settlements"), QStringLiteral("ok"), settledPages, withResult)}));
        verifySnapshotsMatch(path, open);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets WHERE status = 'active'")), open.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("settlements")), withResult);

        // One snapshot time, taken when the markets listing started, as the snapshot phase takes
        // its own; the snapshot row starts then too (the status bar's "last snapshot").
        const qint64 snapshotTime
            = KmTest::queryValue(path, QStringLiteral("SELECT snapshot_time FROM price_snapshots LIMIT 1"))
                  .toLongLong();
        QVERIFY(runTime(path, QStringLiteral("finished_at"), QStringLiteral("events")) <= snapshotTime);
        QVERIFY(snapshotTime <= runTime(path, QStringLiteral("started_at"), QStringLiteral("markets")));
        QVERIFY(runTime(path, QStringLiteral("started_at"), QStringLiteral("markets"))
            <= runTime(path, QStringLiteral("started_at"), QStringLiteral("snapshot")));
        QVERIFY(runTime(path, QStringLiteral("started_at"), QStringLiteral("snapshot"))
            <= runTime(path, QStringLiteral("started_at"), QStringLiteral("settlements")));
        QVERIFY(runTime(path, QStringLiteral("started_at"), QStringLiteral("snapshot")) - snapshotTime <= 5);
        verifyIntact(path);
    }

    // A failed page and the page limit end both phases of the shared listing the same way. In this
    // process, as the CLI's full-sync takes no --max-pages.
    void fullSyncSharedListingEndsBothRows_data()
    {
        QTest::addColumn<QStringList>("simulatorArguments");
        QTest::addColumn<int>("maxPages");
        QTest::addColumn<QString>("status");
        QTest::newRow("page limit") << QStringList() << 2 << QStringLiteral("truncated");
        QTest::newRow("page 3 fails") << QStringList{QStringLiteral("--truncate-page"), QStringLiteral("3")}
                                      << 0 << QStringLiteral("failed");
    }

    void fullSyncSharedListingEndsBothRows()
    {
        QFETCH(QStringList, simulatorArguments);
        QFETCH(int, maxPages);
        QFETCH(QString, status);
        auto simulator = KmTest::startSimulator(
            QStringList{QStringLiteral("--markets"), QStringLiteral("5000"), QStringLiteral("--events"),
                QStringLiteral("150"), QStringLiteral("--settled"), QStringLiteral("400"),
                QStringLiteral("--tick-seconds"), frozenPrices}
            + simulatorArguments);
        const QString path = newDatabasePath();
        InProcessSync sync(path, simulator->baseUrl());
        QVERIFY2(sync.error.isEmpty(), qPrintable(sync.error));
        SyncSession &session = sync.session;
        WriterThread &writer = sync.writer;
        QSignalSpy finished(&session, &SyncSession::finished);
        SyncRequest request;
        request.kind = SyncRequest::Kind::Full;
        request.maxPages = maxPages;
        QVERIFY(SyncSession::sharesMarketsListing(request));
        session.start(request);
        QVERIFY(finished.wait(60000));
        writer.stop();
        const SyncSummary summary = finished.at(0).at(0).value<SyncSummary>();
        const bool failed = status == QStringLiteral("failed");
        QCOMPARE(summary.ok, !failed);
        QCOMPARE(summary.truncated, !failed);
        QCOMPARE(summary.rows.snapshots, 2000);

        const QStringList runs = syncRuns(path);
        QCOMPARE(runs.size(), failed ? 3 : 4); // a failed page ends the request: no settlements
        QCOMPARE(runs.at(0), runRow(QStringLiteral("events"), QStringLiteral("ok"), 1, 150));
        QCOMPARE(runs.at(1), runRow(QStringLiteral("markets"), status, 2, 2000));
        QCOMPARE(runs.at(2), runRow(QStringLiteral("snapshot"), status, 2, 2000));
        if (!failed)
            QVERIFY2(runs.at(3).startsWith(QStringLiteral("settlements|ok|1|")), qPrintable(runs.at(3)));
        const QVariantList errors = KmTest::queryColumn(path,
            QStringLiteral(
                "SELECT DISTINCT coalesce(error, '') FROM sync_runs WHERE kind IN ('markets', 'snapshot')"));
        QCOMPARE(errors.size(), 1);
        if (failed) {
            QCOMPARE(errors.at(0).toString(), summary.error);
            QVERIFY2(summary.error.contains(QStringLiteral("page 3")), qPrintable(summary.error));
        }
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), 2000);
        QCOMPARE(
            KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM price_snapshots)")),
            1);
        verifyIntact(path);
    }

    // Cancelled while the shared listing waits for its second page: both rows say cancelled and
    // keep the page already stored; settlements never start.
    void cancelledFullSyncEndsBothRows()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("5000"),
            QStringLiteral("--events"), QStringLiteral("150"), QStringLiteral("--stall-page"),
            QStringLiteral("2"), QStringLiteral("--stall-ms"), QStringLiteral("30000"),
            QStringLiteral("--tick-seconds"), frozenPrices});
        const QString path = newDatabasePath();
        QObject owner;
        QProcess *process
            = startCli({QStringLiteral("full-sync"), QStringLiteral("--db"), path,
                           QStringLiteral("--api-base"), simulator->baseUrlString(),
                           QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")},
                &owner);
        QTRY_VERIFY_WITH_TIMEOUT(
            QFile::exists(path) && KmTest::countRows(path, QStringLiteral("price_snapshots")) == 1000, 20000);
        process->terminate();
        const CliResult result = collect(process, 20000);
        QCOMPARE(result.exitCode, 1);
        QCOMPARE(result.json.value(QStringLiteral("error")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(syncRuns(path),
            (QStringList{runRow(QStringLiteral("events"), QStringLiteral("ok"), 1, 150),
                runRow(QStringLiteral("markets"), QStringLiteral("cancelled"), 1, 1000),
                runRow(QStringLiteral("snapshot"), QStringLiteral("cancelled"), 1, 1000)}));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), 1000);
        verifyIntact(path);
    }

    // Regression: a SIGKILLed sync left its rows 'running' with 0 pages forever. The pages count
    // in the page's own transaction; stats shows the run abandoned (without writing), and the next
    // writer that opens the file records it so.
    void killedSyncIsAbandonedWithItsCommittedPages()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("5000"),
            QStringLiteral("--events"), QStringLiteral("150"), QStringLiteral("--stall-page"),
            QStringLiteral("2"), QStringLiteral("--stall-ms"), QStringLiteral("30000"),
            QStringLiteral("--tick-seconds"), frozenPrices});
        const QString path = newDatabasePath();
        QObject owner;
        QProcess *process = startCli(
            {QStringLiteral("full-sync"), QStringLiteral("--db"), path, QStringLiteral("--api-base"),
                simulator->baseUrlString(), QStringLiteral("--rate-limit"), QStringLiteral("0")},
            &owner);
        QTRY_VERIFY_WITH_TIMEOUT(
            QFile::exists(path) && KmTest::countRows(path, QStringLiteral("price_snapshots")) == 1000, 20000);
        const qint64 pid = process->processId();
        process->kill(); // SIGKILL
        QVERIFY(process->waitForFinished(10000));
        QCOMPARE(syncRuns(path),
            (QStringList{runRow(QStringLiteral("events"), QStringLiteral("ok"), 1, 150),
                runRow(QStringLiteral("markets"), QStringLiteral("running"), 1, 1000),
                runRow(QStringLiteral("snapshot"), QStringLiteral("running"), 1, 1000)}));

        const CliResult stats
            = runCli({QStringLiteral("stats"), QStringLiteral("--db"), path, QStringLiteral("--json")});
        QCOMPARE(stats.exitCode, 0);
        QStringList shown;
        for (const QJsonValue &run : stats.json.value(QStringLiteral("recent_runs")).toArray())
            shown << run.toObject().value(QStringLiteral("status")).toString();
        QCOMPARE(shown,
            (QStringList{QStringLiteral("abandoned"), QStringLiteral("abandoned"), QStringLiteral("ok")}));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status = 'running'")), 2);

        QCOMPARE(runCli({QStringLiteral("init"), QStringLiteral("--db"), path}).exitCode, 0);
        QCOMPARE(syncRuns(path),
            (QStringList{runRow(QStringLiteral("events"), QStringLiteral("ok"), 1, 150),
                runRow(QStringLiteral("markets"), QStringLiteral("abandoned"), 1, 1000),
                runRow(QStringLiteral("snapshot"), QStringLiteral("abandoned"), 1, 1000)}));
        QCOMPARE(KmTest::queryColumn(
                     path, QStringLiteral("SELECT DISTINCT error FROM sync_runs WHERE status = 'abandoned'")),
            QVariantList{QStringLiteral("its process (pid %1 on %2) ended without finishing it")
                             .arg(pid)
                             .arg(QSysInfo::machineHostName())});
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), 1000);
        verifyIntact(path);
    }

    // Requests whose markets phase lists other markets than the snapshot keep two listings; an mve
    // filter applies to both phases, so "include" still shares. Only the session takes such
    // requests (the CLI's full-sync has no --status), so it runs here in this process.
    void fullSyncListingsFollowTheFilters_data()
    {
        QTest::addColumn<QString>("marketStatus");
        QTest::addColumn<QString>("mveFilter");
        QTest::addColumn<bool>("shared");
        QTest::newRow("all statuses") << QStringLiteral("all") << QStringLiteral("exclude") << false;
        QTest::newRow("settled") << QStringLiteral("settled") << QStringLiteral("exclude") << false;
        QTest::newRow("open, multivariate included")
            << QStringLiteral("open") << QStringLiteral("include") << true;
        QTest::newRow("open, multivariate only") << QStringLiteral("open") << QStringLiteral("only") << true;
    }

    void fullSyncListingsFollowTheFilters()
    {
        QFETCH(QString, marketStatus);
        QFETCH(QString, mveFilter);
        QFETCH(bool, shared);
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("3000"),
            QStringLiteral("--events"), QStringLiteral("150"), QStringLiteral("--settled"),
            QStringLiteral("400"), QStringLiteral("--seed"), QStringLiteral("13"),
            QStringLiteral("--tick-seconds"), frozenPrices});
        const QString mveQuery
            = mveFilter == QStringLiteral("include") ? QString() : QStringLiteral("&mve_filter=") + mveFilter;
        QString marketsQuery
            = marketStatus == QStringLiteral("all") ? QString() : QStringLiteral("status=") + marketStatus;
        marketsQuery += mveQuery;
        if (marketsQuery.startsWith(u'&'))
            marketsQuery.remove(0, 1);
        int marketsPages = 0;
        int snapshotPages = 0;
        int settledPages = 0;
        const QJsonArray markets = listMarkets(*simulator, marketsQuery, &marketsPages);
        const QJsonArray open
            = listMarkets(*simulator, QStringLiteral("status=open") + mveQuery, &snapshotPages);
        listMarkets(*simulator, QStringLiteral("status=settled"), &settledPages);
        QVERIFY(!open.isEmpty());

        const QString path = newDatabasePath();
        InProcessSync sync(path, simulator->baseUrl());
        QVERIFY2(sync.error.isEmpty(), qPrintable(sync.error));
        SyncSession &session = sync.session;
        WriterThread &writer = sync.writer;
        QSignalSpy finished(&session, &SyncSession::finished);
        QSignalSpy progress(&session, &SyncSession::progress);
        SyncRequest request;
        request.kind = SyncRequest::Kind::Full;
        request.marketStatus = marketStatus;
        request.mveFilter = mveFilter;
        QCOMPARE(SyncSession::sharesMarketsListing(request), shared);

        QVERIFY(simulator->resetStats());
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        session.start(request);
        QVERIFY(finished.wait(60000));
        writer.stop();
        const SyncSummary summary = finished.at(0).at(0).value<SyncSummary>();
        QVERIFY2(summary.ok, qPrintable(summary.error));
        QCOMPARE(requestsTo(*simulator, QStringLiteral("/markets")),
            marketsPages + settledPages + (shared ? 0 : snapshotPages));

        // Both phases report progress; each ends once, finished and ok, with its own rows.
        QHash<QString, SyncProgress> last;
        QHash<QString, int> finishedReports;
        for (const QList<QVariant> &arguments : std::as_const(progress)) {
            const SyncProgress report = arguments.at(0).value<SyncProgress>();
            last.insert(SyncState::toText(report.phase), report);
            finishedReports[SyncState::toText(report.phase)] += report.finished ? 1 : 0;
        }
        for (const QString &phase : {QStringLiteral("events"), QStringLiteral("markets"),
                 QStringLiteral("settlements"), QStringLiteral("snapshot")}) {
            QCOMPARE(finishedReports.value(phase), 1);
            QCOMPARE(last.value(phase).status, SyncStatus::Ok);
        }
        QCOMPARE(last.value(QStringLiteral("markets")).page, marketsPages);
        QCOMPARE(last.value(QStringLiteral("markets")).rows.total(), markets.size());
        QCOMPARE(last.value(QStringLiteral("snapshot")).page, snapshotPages);
        QCOMPARE(last.value(QStringLiteral("snapshot")).rows.snapshots, open.size());
        QCOMPARE(last.value(QStringLiteral("snapshot")).rows.markets, open.size());

        const QStringList runs = syncRuns(path);
        QCOMPARE(runs.size(), 4);
        QCOMPARE(runs.at(1),
            runRow(QStringLiteral("markets"), QStringLiteral("ok"), marketsPages, markets.size()));
        const QString snapshotRow
            = runRow(QStringLiteral("snapshot"), QStringLiteral("ok"), snapshotPages, open.size());
        QCOMPARE(runs.at(shared ? 2 : 3), snapshotRow);
        verifySnapshotsMatch(path, open);
        const qint64 snapshotTime
            = KmTest::queryValue(path, QStringLiteral("SELECT snapshot_time FROM price_snapshots LIMIT 1"))
                  .toLongLong();
        QVERIFY(before <= snapshotTime);
        // A separate snapshot phase takes its time after settlements; a shared one before them.
        if (shared)
            QVERIFY(
                snapshotTime <= runTime(path, QStringLiteral("started_at"), QStringLiteral("settlements")));
        else
            QVERIFY(
                runTime(path, QStringLiteral("finished_at"), QStringLiteral("settlements")) <= snapshotTime);
    }

    // Two full syncs at once on one database, sharing their listings, several rounds: exact.
    void concurrentFullSyncsAllSucceed()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("4000"),
            QStringLiteral("--events"), QStringLiteral("150"), QStringLiteral("--settled"),
            QStringLiteral("1500"), QStringLiteral("--seed"), QStringLiteral("3"),
            QStringLiteral("--tick-seconds"), frozenPrices});
        int openPages = 0;
        int settledPages = 0;
        const QJsonArray open
            = listMarkets(*simulator, QStringLiteral("status=open&mve_filter=exclude"), &openPages);
        const QJsonArray settled = listMarkets(*simulator, QStringLiteral("status=settled"), &settledPages);
        const QString path = newDatabasePath();
        const QStringList arguments = {QStringLiteral("full-sync"), QStringLiteral("--db"), path,
            QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--rate-limit"),
            QStringLiteral("0"), QStringLiteral("--json")};
        constexpr int rounds = 2;
        qint64 snapshotsReported = 0;
        for (int round = 0; round < rounds; ++round) {
            QVERIFY(simulator->resetStats());
            QObject owner;
            QProcess *a = startCli(arguments, &owner);
            QProcess *b = startCli(arguments, &owner);
            const CliResult ra = collect(a);
            const CliResult rb = collect(b);
            for (const CliResult *r : {&ra, &rb}) {
                QVERIFY2(r->exitCode == 0, r->err.constData());
                QVERIFY2(!r->err.contains("locked") && !r->err.contains("constraint"), r->err.constData());
                // Snapshot rows count as stored by the run that stored them: two runs in one second
                // share their rows, and the second stores none of them.
                snapshotsReported += r->json.value(QStringLiteral("rows"))
                                         .toObject()
                                         .value(QStringLiteral("snapshots"))
                                         .toInt();
            }
            QCOMPARE(requestsTo(*simulator, QStringLiteral("/markets")), 2 * (openPages + settledPages));
        }
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets WHERE status = 'active'")), open.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), open.size() + settled.size());
        // One row per open market per snapshot time (two runs in one second share their rows).
        const qint64 times
            = KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM price_snapshots)"));
        QVERIFY(times >= 1 && times <= 2 * rounds);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), times * open.size());
        QCOMPARE(snapshotsReported, times * open.size());
        QCOMPARE(KmTest::queryValue(
                     path, QStringLiteral("SELECT sum(rows) FROM sync_runs WHERE kind = 'snapshot'"))
                     .toLongLong(),
            times * open.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status <> 'ok'")), 0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs")), 2 * rounds * 4);
        QCOMPARE(KmTest::countRows(
                     path, QStringLiteral("sync_runs WHERE kind = 'snapshot' AND pages = %1").arg(openPages)),
            2 * rounds);
        verifyIntact(path);
    }

    // BUG-053 Repro B as real processes: two syncs at once, several rounds, exact results.
    void concurrentSyncsAllSucceed()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("4000"),
            QStringLiteral("--settled"), QStringLiteral("1500"), QStringLiteral("--seed"),
            QStringLiteral("3"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QJsonArray open = simulator->listAll(QStringLiteral("/markets"), QStringLiteral("markets"),
            QStringLiteral("status=open&mve_filter=exclude"));
        const QJsonArray settled = simulator->listAll(
            QStringLiteral("/markets"), QStringLiteral("markets"), QStringLiteral("status=settled"));
        const QString path = newDatabasePath();
        const QStringList common
            = {QStringLiteral("--db"), path, QStringLiteral("--api-base"), simulator->baseUrlString(),
                QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")};
        const QList<QPair<QString, QString>> pairs = {
            {QStringLiteral("sync-markets"), QStringLiteral("sync-markets")},
            {QStringLiteral("sync-settlements"), QStringLiteral("sync-settlements")},
            {QStringLiteral("snapshot"), QStringLiteral("sync-markets")},
        };
        constexpr int rounds = 3;
        for (int round = 0; round < rounds; ++round) {
            for (const auto &pair : pairs) {
                QObject owner;
                QProcess *a = startCli(QStringList{pair.first} + common, &owner);
                QProcess *b = startCli(QStringList{pair.second} + common, &owner);
                const CliResult ra = collect(a);
                const CliResult rb = collect(b);
                QVERIFY2(ra.exitCode == 0, ra.err.constData());
                QVERIFY2(rb.exitCode == 0, rb.err.constData());
                for (const CliResult *r : {&ra, &rb}) {
                    QVERIFY2(
                        !r->err.contains("locked") && !r->err.contains("constraint"), r->err.constData());
                    QCOMPARE(r->json.value(QStringLiteral("ok")).toBool(), true);
                }
            }
        }
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets WHERE status = 'active'")), open.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("settlements")), settled.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), open.size() + settled.size());
        // Every snapshot run wrote exactly one row per open market (the time is per second, so two
        // runs in one second share rows: repeated snapshots are no-ops).
        const qint64 times
            = KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM price_snapshots)"));
        QVERIFY(times >= 1 && times <= rounds);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), times * open.size());
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs WHERE status <> 'ok'")), 0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("sync_runs")), 2 * rounds * pairs.size());
        verifyIntact(path);
    }

    void faultsAreRetried_data()
    {
        QTest::addColumn<QStringList>("faults");
        QTest::newRow("429 storm, no Retry-After")
            << QStringList{QStringLiteral("--fail-429-every"), QStringLiteral("2")};
        QTest::newRow("429 with Retry-After seconds") << QStringList{QStringLiteral("--fail-429-every"),
            QStringLiteral("3"), QStringLiteral("--retry-after"), QStringLiteral("1")};
        QTest::newRow("429 with Retry-After date") << QStringList{QStringLiteral("--fail-429-every"),
            QStringLiteral("3"), QStringLiteral("--retry-after"), QStringLiteral("1"),
            QStringLiteral("--retry-after-date")};
        QTest::newRow("5xx") << QStringList{QStringLiteral("--fail-500-every"), QStringLiteral("2")};
    }

    void faultsAreRetried()
    {
        QFETCH(QStringList, faults);
        auto simulator = KmTest::startSimulator(
            QStringList{QStringLiteral("--markets"), QStringLiteral("2500"), QStringLiteral("--seed"),
                QStringLiteral("5"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")}
            + faults);
        const QString path = newDatabasePath();
        // Count the expected markets before faults start counting (the simulator counts requests).
        const CliResult result
            = runCli({QStringLiteral("sync-markets"), QStringLiteral("--status"), QStringLiteral("all"),
                QStringLiteral("--mve-filter"), QStringLiteral("include"), QStringLiteral("--db"), path,
                QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY(result.json.value(QStringLiteral("retries")).toInt() > 0);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 2500);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT retries FROM sync_runs")).toInt(),
            result.json.value(QStringLiteral("retries")).toInt());
    }

    void truncatedPageKeepsEarlierPages()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("5000"), QStringLiteral("--truncate-page"),
                QStringLiteral("3"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        const CliResult result
            = runCli({QStringLiteral("sync-markets"), QStringLiteral("--status"), QStringLiteral("all"),
                QStringLiteral("--mve-filter"), QStringLiteral("include"), QStringLiteral("--db"), path,
                QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.startsWith("error: "), result.err.constData());
        QVERIFY2(result.err.contains("page 3"), result.err.constData());
        QVERIFY2(result.err.contains("JSON"), result.err.constData());
        QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(result.json.value(QStringLiteral("pages")).toInt(), 2);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 2000);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT status || '|' || pages FROM sync_runs"))
                     .toString(),
            QStringLiteral("failed|2"));
        verifyIntact(path);
    }

    void repeatedCursorIsRefused()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("5000"), QStringLiteral("--repeat-cursor-page"),
                QStringLiteral("2"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        const CliResult result = runCli(
            {QStringLiteral("sync-markets"), QStringLiteral("--status"), QStringLiteral("all"),
                QStringLiteral("--db"), path, QStringLiteral("--api-base"), simulator->baseUrlString()},
            60000);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("cursor"), result.err.constData());
        verifyIntact(path);
    }

    void malformedMarketsAreSkippedAndCounted()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("1000"), QStringLiteral("--malformed-every"),
                QStringLiteral("50"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        const CliResult result
            = runCli({QStringLiteral("sync-markets"), QStringLiteral("--status"), QStringLiteral("all"),
                QStringLiteral("--mve-filter"), QStringLiteral("include"), QStringLiteral("--db"), path,
                QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.json.value(QStringLiteral("skipped")).toInt(), 20);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 980);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT skipped FROM sync_runs")).toInt(), 20);
        QVERIFY2(result.err.contains("skipped"), result.err.constData());
    }

    void maxPagesReportsTruncation()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("3000"),
            QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        const CliResult result = runCli({QStringLiteral("sync-markets"), QStringLiteral("--status"),
            QStringLiteral("all"), QStringLiteral("--mve-filter"), QStringLiteral("include"),
            QStringLiteral("--max-pages"), QStringLiteral("2"), QStringLiteral("--db"), path,
            QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.json.value(QStringLiteral("truncated")).toBool(), true);
        QCOMPARE(result.json.value(QStringLiteral("pages")).toInt(), 2);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 2000);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT status FROM sync_runs")).toString(),
            QStringLiteral("truncated"));
    }

    void httpErrorFailsClearly()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("100")});
        const QString path = newDatabasePath();
        // A wrong base path: the simulator answers 404 and the client must not retry it.
        const CliResult result = runCli({QStringLiteral("sync-events"), QStringLiteral("--db"), path,
            QStringLiteral("--api-base"), simulator->baseUrlString() + QStringLiteral("/nowhere")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("404"), result.err.constData());
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("SELECT status FROM sync_runs")).toString(),
            QStringLiteral("failed"));
    }

    // At Kalshi-like latency one cursor chain cannot keep up with the limiter, so the open-markets
    // listing splits into created-time windows (close-time filters beside status=open are refused
    // by Kalshi, and by kalshi-sim): the snapshot still holds every open market exactly once, with
    // the simulator's exact prices.
    void latencyBoundOpenListingSplitsAndStaysExact()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("12000"),
            QStringLiteral("--settled"), QStringLiteral("0"), QStringLiteral("--latency-ms"),
            QStringLiteral("120"), QStringLiteral("--tick-seconds"), frozenPrices});
        int listingRequests = 0;
        const QJsonArray open
            = listMarkets(*simulator, QStringLiteral("status=open&mve_filter=exclude"), &listingRequests);
        QVERIFY(listingRequests >= 6);
        const QString path = newDatabasePath();
        QVERIFY(simulator->resetStats());
        const CliResult result = runCli({QStringLiteral("snapshot"), QStringLiteral("--db"), path,
            QStringLiteral("--api-base"), simulator->baseUrlString(), QStringLiteral("--rate-limit"),
            QStringLiteral("15"), QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        // It says so, and the lead's first pages are fetched again by the windows: more requests than
        // one chain needs.
        QVERIFY2(
            result.err.contains("windows by creation time, 3 requests at a time"), result.err.constData());
        QVERIFY2(requestsTo(*simulator, QStringLiteral("/markets")) > listingRequests,
            qPrintable(
                QStringLiteral("%1 requests").arg(requestsTo(*simulator, QStringLiteral("/markets")))));
        QCOMPARE(KmTest::countRows(path, QStringLiteral("price_snapshots")), open.size());
        QCOMPARE(
            KmTest::countRows(path, QStringLiteral("(SELECT DISTINCT snapshot_time FROM snapshot_rows)")), 1);
        verifySnapshotsMatch(path, open);
        QCOMPARE(KmTest::queryValue(path, QStringLiteral("PRAGMA integrity_check")).toString(),
            QStringLiteral("ok"));
    }

    // --verbose turns on the km.* developer logs on stderr; without it they stay quiet.
    // With --historical, settled history is complete: the markets settled before Kalshi's cutoff,
    // which /markets no longer lists, come from /historical/markets (multivariate excluded);
    // --since keeps only those settled since then.
    void historicalSettlementsComplete()
    {
        const qint64 cutoff = 1793491200 - 20 * 86400; // inside the simulator's settlement times
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("1200"), QStringLiteral("--settled"),
                QStringLiteral("150"), QStringLiteral("--historical-cutoff"), QString::number(cutoff)});
        const auto hasResult
            = [](const QJsonObject &m) { return !m.value(QStringLiteral("result")).toString().isEmpty(); };
        const QJsonArray live = simulator->listAll(
            QStringLiteral("/markets"), QStringLiteral("markets"), QStringLiteral("status=settled"));
        const QJsonArray historical = simulator->listAll(QStringLiteral("/historical/markets"),
            QStringLiteral("markets"), QStringLiteral("mve_filter=exclude"));
        const QJsonArray historicalAll
            = simulator->listAll(QStringLiteral("/historical/markets"), QStringLiteral("markets"));
        QVERIFY(countWhere(historical, hasResult) > 0);
        QVERIFY(historicalAll.size() > historical.size()); // the simulator has multivariate ones there too
        const QStringList common = {QStringLiteral("--api-base"), simulator->baseUrlString(),
            QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--json")};

        const QString liveOnly = newDatabasePath();
        CliResult result = runCli(
            QStringList{QStringLiteral("sync-settlements"), QStringLiteral("--db"), liveOnly} + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(KmTest::countRows(liveOnly, QStringLiteral("settlements")), countWhere(live, hasResult));

        const QString path = newDatabasePath();
        result = runCli(QStringList{QStringLiteral("sync-settlements"), QStringLiteral("--historical"),
                            QStringLiteral("--db"), path}
            + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const qsizetype expected = countWhere(live, hasResult) + countWhere(historical, hasResult);
        QCOMPARE(KmTest::countRows(path, QStringLiteral("settlements")), expected);
        QCOMPARE(
            result.json.value(QStringLiteral("rows")).toObject().value(QStringLiteral("settlements")).toInt(),
            expected);
        QCOMPARE(KmTest::countRows(path,
                     QStringLiteral("sync_runs WHERE kind = 'historical-settlements' AND status = 'ok'")),
            1);
        const QString oldest = historical.first().toObject().value(QStringLiteral("ticker")).toString();
        QCOMPARE(KmTest::countRows(path, QStringLiteral("settlements WHERE ticker = '%1'").arg(oldest)),
            hasResult(historical.first().toObject()) ? 1 : 0);

        // --since: only markets settled since then, from the historical tier.
        const qint64 since = QDateTime(QDate(2026, 10, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
        const qsizetype historicalSince = countWhere(historical, [&](const QJsonObject &m) {
            return hasResult(m)
                && QDateTime::fromString(m.value(QStringLiteral("settlement_ts")).toString(), Qt::ISODate)
                       .toSecsSinceEpoch()
                >= since;
        });
        QVERIFY(historicalSince > 0 && historicalSince < countWhere(historical, hasResult));
        const QString sincePath = newDatabasePath();
        result = runCli(
            QStringList{QStringLiteral("sync-settlements"), QStringLiteral("--historical"),
                QStringLiteral("--since"), QStringLiteral("2026-10-01"), QStringLiteral("--db"), sincePath}
            + common);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(KmTest::countRows(sincePath, QStringLiteral("settlements")),
            countWhere(live, hasResult) + historicalSince);

        // --since needs --historical.
        result = runCli(QStringList{QStringLiteral("sync-settlements"), QStringLiteral("--since"),
                            QStringLiteral("30d"), QStringLiteral("--db"), newDatabasePath()}
            + common);
        QCOMPARE(result.exitCode, 2);
    }

    void verboseWritesDeveloperLogs()
    {
        auto simulator = KmTest::startSimulator({QStringLiteral("--markets"), QStringLiteral("200"),
            QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QStringList arguments = {QStringLiteral("sync-markets"), QStringLiteral("--db"),
            newDatabasePath(), QStringLiteral("--api-base"), simulator->baseUrlString(),
            QStringLiteral("--rate-limit"), QStringLiteral("0")};
        const CliResult quiet = runCli(arguments);
        QVERIFY2(quiet.exitCode == 0, quiet.err.constData());
        QVERIFY2(!quiet.err.contains("sync \"sync-markets\" starts"), quiet.err.constData());
        const CliResult verbose = runCli(arguments + QStringList{QStringLiteral("--verbose")});
        QVERIFY2(verbose.exitCode == 0, verbose.err.constData());
        QVERIFY2(verbose.err.contains("sync \"sync-markets\" starts"), verbose.err.constData());
        QVERIFY2(verbose.err.contains("sync \"sync-markets\" ends: ok true"), verbose.err.constData());
    }

    void rateLimitIsHonored()
    {
        auto simulator = KmTest::startSimulator(
            {QStringLiteral("--markets"), QStringLiteral("25000"), QStringLiteral("--settled"),
                QStringLiteral("0"), QStringLiteral("--tick-seconds"), QStringLiteral("3600")});
        const QString path = newDatabasePath();
        QVERIFY(simulator->resetStats());
        const CliResult result = runCli({QStringLiteral("sync-markets"), QStringLiteral("--status"),
            QStringLiteral("all"), QStringLiteral("--mve-filter"), QStringLiteral("include"),
            QStringLiteral("--db"), path, QStringLiteral("--api-base"), simulator->baseUrlString(),
            QStringLiteral("--rate-limit"), QStringLiteral("10"), QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject stats = simulator->get(QStringLiteral("/sim/stats")).object();
        QJsonArray times = stats.value(QStringLiteral("request_times_ms")).toArray();
        // Every market arrives, however the listing was split: a slow machine (a sanitizer build, a
        // busy CI host) splits it into time windows and sends more requests than 25 pages.
        QCOMPARE(KmTest::countRows(path, QStringLiteral("markets")), 25000);
        QVERIFY2(times.size() >= 25, qPrintable(QString::number(times.size())));
        const double first = times.first().toDouble();
        const double last = times.last().toDouble();
        // n requests at 10/s with a burst of at most 3: the last cannot start before (n - 4) * 100 ms.
        QVERIFY2(
            last - first >= (times.size() - 1 - 3) * 100.0 - 50.0, qPrintable(QString::number(last - first)));
        for (qsizetype i = 0; i < times.size(); ++i) {
            qsizetype inWindow = 0;
            for (qsizetype j = i;
                 j < times.size() && times.at(j).toDouble() - times.at(i).toDouble() < 1000.0; ++j)
                ++inWindow;
            QVERIFY2(inWindow <= 10 + 3,
                qPrintable(QStringLiteral("%1 requests within one second").arg(inWindow)));
        }
    }
};

KM_TEST_GUILESS_MAIN(TstCliSync)
#include "tst_clisync.moc"

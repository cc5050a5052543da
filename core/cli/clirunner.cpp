#include "cli/clirunner.h"

#include "alerts/alertcommand.h"
#include "alerts/alertstore.h"

#include "cli/unixsignalwatcher.h"
#include "collect/collector.h"
#include "collect/collectorlock.h"
#include "collect/duration.h"
#include "export/tableexporter.h"
#include "network/kalshiclient.h"
#include "storage/databasecopy.h"
#include "storage/databaselocation.h"
#include "storage/databaselocks.h"
#include "storage/databasestats.h"
#include "storage/schema.h"
#include "storage/snapshotpruner.h"
#include "storage/writerthread.h"
#include "sync/backfill.h"
#include "sync/syncjobrunner.h"
#include "sync/syncsession.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSaveFile>

#include <cstdio>
#include <unistd.h>

CliRunner::CliRunner(const CliOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_out(stdout)
    , m_err(stderr)
    , m_progressOnTerminal(::isatty(STDERR_FILENO) == 1)
{
}

int CliRunner::exec()
{
    if (m_options.command == QStringLiteral("init"))
        return runInit();
    if (m_options.command == QStringLiteral("stats"))
        return runStats();
    if (m_options.command == QStringLiteral("collect"))
        return runCollect();
    if (m_options.command == QStringLiteral("backfill"))
        return runBackfill();
    if (m_options.command == QStringLiteral("watch"))
        return runWatch();
    if (m_options.command == QStringLiteral("alerts"))
        return runAlerts();
    if (m_options.command == QStringLiteral("export"))
        return runExport();
    if (m_options.command == QStringLiteral("prune"))
        return runPrune();
    if (m_options.command == QStringLiteral("copy"))
        return runCopy();
    return runSync();
}

// The copy runs in this thread with its own two connections; nothing else needs the event loop.
int CliRunner::runCopy()
{
    DatabaseCopy copy(m_options.copyFrom, m_options.copyTo);
    copy.setProgressCallback([this](const DatabaseCopy::Progress &progress) {
        if (m_progressOnTerminal)
            m_err << '\r';
        m_err << "[copy] " << progress.table << ": " << progress.rowsDone << " of " << progress.rowsTotal
              << " rows, " << qRound64(progress.rowsPerSecond) << " rows/s";
        if (m_progressOnTerminal) {
            m_err << "   " << Qt::flush;
            m_progressLineOpen = true;
        } else {
            m_err << Qt::endl;
        }
    });
    const DatabaseCopy::Outcome outcome = copy.run();
    endProgressLine();
    const QString from = Schema::displayName(m_options.copyFrom);
    const QString to = Schema::displayName(m_options.copyTo);
    const bool copied = outcome == DatabaseCopy::Outcome::Copied;
    const double rate = copy.seconds() > 0 ? double(copy.rowsCopied()) / copy.seconds() : 0.0;
    if (outcome == DatabaseCopy::Outcome::Refused) {
        fail(copy.error(),
            {{QStringLiteral("from"), from}, {QStringLiteral("to"), to}, {QStringLiteral("refused"), true}});
        return 2;
    }
    if (m_options.json) {
        QJsonArray tables;
        for (const DatabaseCopy::TableResult &table : copy.tables()) {
            tables.append(QJsonObject{{QStringLiteral("table"), table.table},
                {QStringLiteral("source_rows"), table.sourceRows},
                {QStringLiteral("target_rows"), table.targetRows},
                {QStringLiteral("rows_copied"), table.rowsCopied},
                {QStringLiteral("rows_skipped"), table.rowsSkipped},
                {QStringLiteral("seconds"), table.seconds}, {QStringLiteral("verified"), table.verified}});
        }
        printJsonLine({{QStringLiteral("command"), m_options.command}, {QStringLiteral("ok"), copied},
            {QStringLiteral("from"), from}, {QStringLiteral("to"), to},
            {QStringLiteral("resumed"), copy.resumed()}, {QStringLiteral("tables"), tables},
            {QStringLiteral("rows_copied"), copy.rowsCopied()}, {QStringLiteral("seconds"), copy.seconds()},
            {QStringLiteral("rows_per_second"), qRound64(rate)},
            {QStringLiteral("error"), copied ? QJsonValue(QJsonValue::Null) : QJsonValue(copy.error())}});
    } else {
        for (const DatabaseCopy::TableResult &table : copy.tables()) {
            m_out << table.table << ": " << table.sourceRows << " rows in the source, " << table.targetRows
                  << " in the target, " << table.rowsCopied << " copied now";
            if (table.rowsSkipped > 0)
                m_out << ", " << table.rowsSkipped << " by an earlier run";
            m_out << (table.verified             ? ", verified"
                    : table.difference.isEmpty() ? ""
                                                 : ", DIFFERS: ")
                  << table.difference << Qt::endl;
        }
        if (copied) {
            m_out << "copy: ok, " << copy.rowsCopied() << " rows from " << from << " to " << to << " in "
                  << QString::number(copy.seconds(), 'f', 1) << " s (" << qRound64(rate) << " rows/s)"
                  << (copy.resumed() ? ", continuing an interrupted copy" : "") << Qt::endl;
        }
    }
    if (!copied)
        m_err << "error: " << copy.error() << Qt::endl;
    return copied ? 0 : 1;
}

// The writer prunes in batches between which its thread is free; this thread waits for pruned().
// A dry run only reads, on a read-only connection of this thread: opening the writer would migrate
// an older file and mark the runs of dead processes abandoned.
int CliRunner::runPrune()
{
    if (m_options.prune.dryRun) {
        const QString connection = QStringLiteral("km-cli-prune");
        QString error;
        if (!openReader(connection, &error))
            return fail(error);
        PruneResult result;
        {
            SnapshotPruner pruner(connection, m_options.prune);
            Schema::Failure failure;
            if (!pruner.countAll(&failure))
                error = failure.message;
            result = pruner.result();
        }
        Schema::closeConnection(connection);
        if (!error.isEmpty())
            return fail(error);
        printPruneResult(result);
        return 0;
    }
    DatabaseWriter::Options writerOptions;
    writerOptions.databasePath = m_options.databasePath;
    WriterThread writer(writerOptions);
    UnixSignalWatcher signalWatcher;
    int signalNumber = 0;
    DatabaseWriter *databaseWriter = writer.writer();
    connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, this,
        [&signalNumber, databaseWriter](int number) {
            signalNumber = number;
            databaseWriter->abandonRetries();
            QMetaObject::invokeMethod(databaseWriter, &DatabaseWriter::stopPrune, Qt::QueuedConnection);
        });
    QString error;
    if (!openWriter(writer, &error))
        return fail(error);
    PruneResult result;
    QEventLoop loop;
    connect(databaseWriter, &DatabaseWriter::pruneProgress, this, [this](quint64, const PruneResult &soFar) {
        if (!m_progressOnTerminal)
            return;
        const QLocale c = QLocale::c();
        m_err << "\r[prune] batch " << soFar.batches << ", " << c.toString(soFar.rowsRemoved())
              << (soFar.request.dryRun ? " rows would go, " : " rows removed, ")
              << QString::number(double(soFar.elapsedMs) / 1000.0, 'f', 1) << " s   ";
        m_err.flush();
        m_progressLineOpen = true;
    });
    connect(databaseWriter, &DatabaseWriter::pruned, &loop, [&](quint64, const PruneResult &outcome) {
        result = outcome;
        loop.quit();
    });
    const PruneRequest request = m_options.prune;
    QMetaObject::invokeMethod(
        databaseWriter, [databaseWriter, request] { databaseWriter->prune(1, request); },
        Qt::QueuedConnection);
    loop.exec();
    writer.stop(signalNumber != 0);
    endProgressLine();
    if (signalNumber != 0)
        m_err << "signal " << signalNumber << ": stopped after the current batch" << Qt::endl;
    if (!result.ok) {
        // What committed before the failure stays removed: say how much.
        if (!m_options.json)
            printPruneResult(result);
        return fail(result.error, result.toJson());
    }
    printPruneResult(result);
    return 0;
}

void CliRunner::printPruneResult(const PruneResult &result)
{
    if (m_options.json) {
        if (result.ok) {
            QJsonObject object = result.toJson();
            object.insert(QStringLiteral("command"), m_options.command);
            object.insert(QStringLiteral("ok"), true);
            object.insert(QStringLiteral("error"), QJsonValue(QJsonValue::Null));
            printJsonLine(object);
        }
        return;
    }
    const QLocale c = QLocale::c();
    const PruneRequest &request = result.request;
    const auto time
        = [](qint64 secs) { return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(Qt::ISODate); };
    const char *removed = request.dryRun ? " would go" : " removed";
    m_out << "prune: " << (result.ok ? (request.dryRun ? "dry run, nothing changed" : "ok") : "FAILED")
          << '\n'
          << "  snapshot rows before " << time(request.olderThan) << ": " << c.toString(result.oldRows)
          << ", " << c.toString(result.oldRowsRemoved) << removed << ", " << c.toString(result.oldRowsKept())
          << " kept";
    if (request.keep != PruneRequest::Keep::None)
        m_out << " (the last per market and UTC "
              << (request.keep == PruneRequest::Keep::Hourly ? "hour" : "day") << ')';
    m_out << '\n';
    if (request.settledBefore) {
        m_out << "  markets settled before " << time(*request.settledBefore) << ": "
              << c.toString(result.settledMarkets) << " with snapshots, "
              << c.toString(result.settledRowsRemoved) << " rows" << removed << '\n';
    }
    m_out << "  " << result.batches << (result.batches == 1 ? " batch, " : " batches, ")
          << QString::number(double(result.elapsedMs) / 1000.0, 'f', 1)
          << " s, the longest held the database " << result.longestBatchMs << " ms\n";
    const QString mib = QStringLiteral("%1 MiB");
    const auto size = [&mib](qint64 bytes) { return mib.arg(double(bytes) / 1048576.0, 0, 'f', 1); };
    if (result.autoVacuum == PruneResult::AutoVacuum::Server) {
        m_out << "  space: on the PostgreSQL server, VACUUM (autovacuum, or the administrator's plain\n"
              << "  VACUUM snapshot_states) makes the removed rows' space reusable by new snapshots; the\n"
              << "  tables keep their size on disk (VACUUM FULL would shrink them, but it locks the table\n"
              << "  against every writer while it rewrites it: not done here)" << Qt::endl;
        return;
    }
    if (request.dryRun) {
        m_out << "  space: removed rows free their pages inside the file (auto_vacuum "
              << PruneResult::autoVacuumName(result.autoVacuum) << ")" << Qt::endl;
        return;
    }
    switch (result.autoVacuum) {
    case PruneResult::AutoVacuum::Incremental:
        m_out << "  space: " << size(result.vacuumedPages * result.pageSize)
              << " given back to the file system (incremental vacuum, in steps)";
        break;
    case PruneResult::AutoVacuum::Full:
        m_out << "  space: given back to the file system at each commit (auto_vacuum full)";
        break;
    case PruneResult::AutoVacuum::Server:
        break;
    case PruneResult::AutoVacuum::None:
        m_out
            << "  space: " << size(result.freePagesAfter * result.pageSize)
            << " free inside the file, reused by new snapshots; the file keeps its size (auto_vacuum is "
               "off).\n"
            << "  To shrink it, VACUUM it while nothing writes to it (it rewrites the whole file and blocks\n"
            << "  writers meanwhile): sqlite3 FILE 'VACUUM'; 'PRAGMA auto_vacuum = INCREMENTAL; VACUUM' "
               "also\n"
            << "  makes later prunes give space back by themselves";
        break;
    }
    m_out << Qt::endl;
}

int CliRunner::runExport()
{
    const ExportRequest &request = m_options.exportRequest;
    const QString connection = QStringLiteral("km-cli-export");
    QString error;
    // The reader opens first: a missing or unmigrated database leaves no output file behind.
    if (!openReader(connection, &error))
        return fail(error);
    // A file is written beside itself and renamed over the old one only when complete.
    QFile standardOutput;
    QSaveFile file(request.outPath);
    QIODevice *out = &file;
    if (request.toStdout()) {
        m_out.flush();
        out = &standardOutput;
        if (!standardOutput.open(STDOUT_FILENO, QIODevice::WriteOnly | QIODevice::Unbuffered))
            error = standardOutput.errorString();
    } else if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        error = QStringLiteral("cannot write %1: %2")
                    .arg(QDir::toNativeSeparators(request.outPath), file.errorString());
    }
    TableExporter exporter(request);
    const bool ok = error.isEmpty() && exporter.run(connection, out, &error);
    Schema::closeConnection(connection);
    if (ok && !request.toStdout() && !file.commit())
        error = QStringLiteral("cannot write %1: %2")
                    .arg(QDir::toNativeSeparators(request.outPath), file.errorString());
    if (!error.isEmpty())
        return fail(error);
    const QString table = ExportRequest::tableName(request.table);
    if (m_options.json) {
        printJsonLine({{QStringLiteral("command"), m_options.command}, {QStringLiteral("ok"), true},
            {QStringLiteral("table"), table}, {QStringLiteral("rows"), exporter.rowsWritten()},
            {QStringLiteral("out"), request.outPath},
            {QStringLiteral("error"), QJsonValue(QJsonValue::Null)}});
        return 0;
    }
    // The rows own stdout when they go there; the summary then goes to stderr.
    QTextStream &summary = request.toStdout() ? m_err : m_out;
    summary << "exported " << exporter.rowsWritten()
            << (exporter.rowsWritten() == 1 ? " row of " : " rows of ") << table;
    if (!request.toStdout())
        summary << " to " << QDir::toNativeSeparators(request.outPath);
    summary << Qt::endl;
    return 0;
}

void CliRunner::printJsonLine(const QJsonObject &object)
{
    m_out << QJsonDocument(object).toJson(QJsonDocument::Compact) << Qt::endl;
}

bool CliRunner::openReader(const QString &connection, QString *error)
{
    Schema::ConnectionOptions options;
    options.access = Schema::Access::ReadOnly;
    return Schema::openConnection(connection, m_options.databasePath, options, error);
}

int CliRunner::runWatch()
{
    if (m_options.subcommand == QStringLiteral("list")) {
        const QString connection = QStringLiteral("km-cli-watch");
        QString error;
        QList<AlertStore::WatchedMarket> markets;
        const bool ok
            = openReader(connection, &error) && AlertStore::readWatchlist(connection, &markets, &error);
        Schema::closeConnection(connection);
        if (!ok)
            return fail(error);
        for (const AlertStore::WatchedMarket &market : std::as_const(markets)) {
            if (m_options.json) {
                printJsonLine(AlertStore::toJson(market));
                continue;
            }
            const auto price = [](const std::optional<qint64> &value) {
                return value ? formatDollars(*value) : QStringLiteral("-");
            };
            m_out << market.ticker << "  bid " << price(market.yesBid) << "  ask " << price(market.yesAsk)
                  << "  last " << price(market.lastPrice) << "  "
                  << (market.title.isEmpty() ? QStringLiteral("(not synced yet)") : market.title) << '\n';
        }
        if (!m_options.json)
            m_out << markets.size() << (markets.size() == 1 ? " market" : " markets") << " watched"
                  << Qt::endl;
        return 0;
    }
    DatabaseWriter::Options writerOptions;
    writerOptions.databasePath = m_options.databasePath;
    WriterThread writer(writerOptions);
    QString error;
    if (!openWriter(writer, &error))
        return fail(error);
    const bool add = m_options.subcommand == QStringLiteral("add");
    int changed = 0;
    QEventLoop loop;
    connect(writer.writer(), &DatabaseWriter::watchlistChanged, &loop,
        [&](quint64, int count, const QString &message) {
            changed = count;
            error = message;
            loop.quit();
        });
    DatabaseWriter *databaseWriter = writer.writer();
    const QStringList tickers = m_options.tickers;
    QMetaObject::invokeMethod(
        databaseWriter,
        [databaseWriter, tickers, add] {
            databaseWriter->changeWatchlist(1, add ? tickers : QStringList(), add ? QStringList() : tickers);
        },
        Qt::QueuedConnection);
    loop.exec();
    writer.stop();
    if (!error.isEmpty())
        return fail(error);
    if (m_options.json) {
        printJsonLine({{QStringLiteral("command"), m_options.command}, {QStringLiteral("ok"), true},
            {add ? QStringLiteral("added") : QStringLiteral("removed"), changed},
            {QStringLiteral("error"), QJsonValue(QJsonValue::Null)}});
    } else if (add) {
        m_out << "watching " << changed << " more " << (changed == 1 ? "market" : "markets") << " ("
              << m_options.tickers.size() - changed << " already watched)" << Qt::endl;
    } else {
        m_out << "stopped watching " << changed << (changed == 1 ? " market" : " markets") << Qt::endl;
    }
    return 0;
}

int CliRunner::runAlerts()
{
    const QString &sub = m_options.subcommand;
    if (sub == QStringLiteral("list") || sub == QStringLiteral("history")) {
        const QString connection = QStringLiteral("km-cli-alerts");
        QString error;
        QList<AlertRule> rules;
        QList<AlertFiring> firings;
        const qint64 since
            = m_options.sinceMs > 0 ? QDateTime::currentSecsSinceEpoch() - m_options.sinceMs / 1000 : 0;
        const bool ok = openReader(connection, &error)
            && (sub == QStringLiteral("list") ? AlertStore::readRules(connection, &rules, &error)
                                              : AlertStore::readFirings(connection, since, &firings, &error));
        Schema::closeConnection(connection);
        if (!ok)
            return fail(error);
        for (const AlertRule &rule : std::as_const(rules)) {
            if (m_options.json)
                printJsonLine(rule.toJson());
            else
                m_out << '#' << *rule.id << "  " << rule.describe()
                      << (rule.note.isEmpty() ? QString() : QStringLiteral("  (") + rule.note + u')') << '\n';
        }
        for (const AlertFiring &firing : std::as_const(firings)) {
            if (m_options.json)
                printJsonLine(firing.toJson());
            else
                m_out << QDateTime::fromSecsSinceEpoch(firing.firedAt).toString(Qt::ISODate) << "  #"
                      << firing.ruleId << "  " << firing.message << '\n';
        }
        if (!m_options.json) {
            if (sub == QStringLiteral("list"))
                m_out << rules.size() << (rules.size() == 1 ? " rule" : " rules") << Qt::endl;
            else
                m_out << firings.size() << (firings.size() == 1 ? " firing" : " firings") << Qt::endl;
        }
        return 0;
    }
    DatabaseWriter::Options writerOptions;
    writerOptions.databasePath = m_options.databasePath;
    WriterThread writer(writerOptions);
    QString error;
    if (!openWriter(writer, &error))
        return fail(error);
    DatabaseWriter *databaseWriter = writer.writer();
    QEventLoop loop;
    qint64 ruleId = 0;
    bool found = false;
    if (sub == QStringLiteral("add")) {
        connect(databaseWriter, &DatabaseWriter::alertRuleAdded, &loop,
            [&](quint64, qint64 id, const QString &message) {
                ruleId = id;
                error = message;
                loop.quit();
            });
        const AlertRule rule = m_options.rule;
        QMetaObject::invokeMethod(
            databaseWriter, [databaseWriter, rule] { databaseWriter->addAlertRule(1, rule); },
            Qt::QueuedConnection);
    } else {
        connect(databaseWriter, &DatabaseWriter::alertRuleRemoved, &loop,
            [&](quint64, bool removed, const QString &message) {
                found = removed;
                error = message;
                loop.quit();
            });
        const qint64 id = m_options.ruleId;
        QMetaObject::invokeMethod(
            databaseWriter, [databaseWriter, id] { databaseWriter->removeAlertRule(1, id); },
            Qt::QueuedConnection);
    }
    loop.exec();
    writer.stop();
    if (!error.isEmpty())
        return fail(error);
    if (sub == QStringLiteral("add")) {
        AlertRule rule = m_options.rule;
        rule.id = ruleId;
        rule.createdAt = QDateTime::currentSecsSinceEpoch();
        if (m_options.json)
            printJsonLine(rule.toJson());
        else
            m_out << "rule #" << ruleId << " added: " << rule.describe() << Qt::endl;
        return 0;
    }
    if (!found)
        return fail(QStringLiteral("no active rule #%1 (see alerts list)").arg(m_options.ruleId));
    if (m_options.json)
        printJsonLine({{QStringLiteral("command"), m_options.command}, {QStringLiteral("ok"), true},
            {QStringLiteral("removed"), m_options.ruleId},
            {QStringLiteral("error"), QJsonValue(QJsonValue::Null)}});
    else
        m_out << "rule #" << m_options.ruleId << " removed" << Qt::endl;
    return 0;
}

void CliRunner::endProgressLine()
{
    if (m_progressLineOpen) {
        m_err << '\n';
        m_progressLineOpen = false;
    }
}

KalshiClient::Options CliRunner::clientOptions() const
{
    KalshiClient::Options options;
    options.baseUrl = QUrl(m_options.apiBase);
    options.requestsPerSecond = m_options.rateLimit;
    return options;
}

int CliRunner::fail(const QString &error, const QJsonObject &json)
{
    endProgressLine();
    m_err << "error: " << QString(error).replace(u'\n', u' ') << Qt::endl;
    if (m_options.json) {
        QJsonObject object = json;
        object.insert(QStringLiteral("command"), m_options.command);
        object.insert(QStringLiteral("ok"), false);
        object.insert(QStringLiteral("error"), error);
        m_out << QJsonDocument(object).toJson(QJsonDocument::Compact) << Qt::endl;
    }
    return 1;
}

void CliRunner::reportBusy(qint64 waitedMs, qint64 deadlineMs)
{
    endProgressLine();
    QString holder = DatabaseLocks::describeWriters(m_options.databasePath);
    if (holder.isEmpty()) {
        if (const auto collector = CollectorLock::currentHolder(m_options.databasePath))
            holder = QStringLiteral("perhaps the collector pid %1 (%2)")
                         .arg(collector->pid)
                         .arg(collector->appName);
        else
            holder = QStringLiteral("another process");
    }
    m_err << "the database " << Schema::displayName(m_options.databasePath) << " is busy: " << holder
          << " is writing to it; waited " << QString::number(double(waitedMs) / 1000.0, 'f', 1)
          << " s, trying for up to " << deadlineMs / 1000 << " s" << Qt::endl;
}

bool CliRunner::openWriter(WriterThread &writer, QString *error)
{
    connect(writer.writer(), &DatabaseWriter::busyWaiting, this, &CliRunner::reportBusy);
    const QString path = Schema::displayName(m_options.databasePath);
    const auto notice
        = connect(writer.writer(), &DatabaseWriter::migrating, this, [this, path](int from, int to) {
              if (from > 0) {
                  m_err << "updating " << path << " from schema version " << from << " to " << to
                        << " (once; a large file takes a few seconds)" << Qt::endl;
              }
          });
    const bool ok = writer.startAndWait(error);
    disconnect(notice);
    return ok;
}

int CliRunner::runInit()
{
    DatabaseWriter::Options writerOptions;
    writerOptions.databasePath = m_options.databasePath;
    WriterThread writer(writerOptions);
    QString error;
    if (!openWriter(writer, &error))
        return fail(error);
    writer.stop();
    const QString path = Schema::displayName(m_options.databasePath);
    if (m_options.json) {
        m_out << QJsonDocument(QJsonObject{{QStringLiteral("command"), m_options.command},
                                   {QStringLiteral("ok"), true}, {QStringLiteral("database"), path},
                                   {QStringLiteral("schema_version"), Schema::currentVersion()},
                                   {QStringLiteral("error"), QJsonValue(QJsonValue::Null)}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
    } else {
        m_out << "database ready: " << path << " (schema version " << Schema::currentVersion() << ")"
              << Qt::endl;
    }
    return 0;
}

int CliRunner::runStats()
{
    const QString connection = QStringLiteral("km-cli-stats");
    Schema::ConnectionOptions options;
    options.access = Schema::Access::ReadOnly;
    QString error;
    if (!Schema::openConnection(connection, m_options.databasePath, options, &error))
        return fail(error);
    DatabaseStats stats;
    const bool ok = DatabaseStats::read(connection, m_options.databasePath, &stats, &error);
    Schema::closeConnection(connection);
    if (!ok)
        return fail(error);
    if (m_options.json) {
        QJsonObject object = stats.toJson();
        object.insert(QStringLiteral("command"), m_options.command);
        object.insert(QStringLiteral("ok"), true);
        object.insert(QStringLiteral("error"), QJsonValue(QJsonValue::Null));
        m_out << QJsonDocument(object).toJson(QJsonDocument::Compact) << Qt::endl;
    } else {
        m_out << stats.toText();
        m_out.flush();
    }
    return 0;
}

int CliRunner::runSync()
{
    return runFetchJob<SyncSession>(m_options.request, "page", "pages");
}

int CliRunner::runBackfill()
{
    BackfillRequest request = m_options.backfill;
    if (m_options.backfillWatchlist) {
        QString error;
        if (!AlertStore::readWatchedTickersFromFile(m_options.databasePath, &request.tickers, &error))
            return fail(error);
        if (request.tickers.isEmpty())
            return fail(QStringLiteral(
                "the watchlist is empty: add markets with kalshi-monitor-cli watch add TICKER..."));
    }
    return runFetchJob<Backfill>(request, "batch", "batches");
}

// A sync or a backfill: the writer in its thread, the job in this thread's event loop until it
// finishes or a signal cancels it.
template <typename Job, typename Request>
int CliRunner::runFetchJob(const Request &request, const char *unit, const char *units)
{
    DatabaseWriter::Options writerOptions;
    writerOptions.databasePath = m_options.databasePath;
    WriterThread writer(writerOptions);
    // Watched from before the opening: a signal also cuts short a wait for another process's lock.
    UnixSignalWatcher signalWatcher;
    int signalNumber = 0;
    DatabaseWriter *databaseWriter = writer.writer();
    connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, this,
        [&signalNumber, databaseWriter](int number) {
            signalNumber = number;
            databaseWriter->abandonRetries();
        });
    QString error;
    if (!openWriter(writer, &error)) {
        SyncSummary summary;
        summary.command = m_options.command;
        summary.error = error;
        return fail(error, summary.toJson());
    }
    int pagesNotWritten = 0;
    connect(
        databaseWriter, &DatabaseWriter::batchWritten, this, [&pagesNotWritten](const BatchResult &result) {
            if (!result.ok)
                ++pagesNotWritten;
        });

    KalshiClient client(clientOptions());
    Job job(&client);
    job.attachWriter(databaseWriter);

    SyncSummary summary;
    QEventLoop loop;
    connect(&job, &Job::progress, this, &CliRunner::printProgress);
    connect(&job, &Job::logMessage, this, [this](SyncLogLevel, const QString &message) {
        endProgressLine();
        m_err << message << Qt::endl;
    });
    connect(&job, &Job::finished, &loop, [&](const SyncSummary &result) {
        summary = result;
        loop.quit();
    });
    connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, &job, &Job::cancel);

    QMetaObject::invokeMethod(
        &job, [&] { job.start(request); }, Qt::QueuedConnection);
    loop.exec();
    writer.stop(signalNumber != 0);

    endProgressLine();
    if (signalNumber != 0) {
        m_err << "signal " << signalNumber << ": stopped; " << pagesNotWritten << ' '
              << (pagesNotWritten == 1 ? unit : units) << " fetched but not written" << Qt::endl;
    }
    printSummary(summary, pagesNotWritten);
    return summary.ok ? 0 : 1;
}

int CliRunner::runCollect()
{
    // One continuous collector per database; one-shot syncs beside it stay allowed. The lock is a
    // file beside an SQLite database, an advisory lock on a PostgreSQL server (CollectorLock).
    CollectorLock lock(m_options.databasePath);
    if (!m_options.once && !lock.tryAcquire())
        return fail(lock.errorString());

    DatabaseWriter::Options writerOptions;
    writerOptions.databasePath = m_options.databasePath;
    WriterThread writer(writerOptions);
    UnixSignalWatcher signalWatcher;
    bool signalled = false;
    DatabaseWriter *databaseWriter = writer.writer();
    connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, this, [&signalled, databaseWriter] {
        signalled = true;
        databaseWriter->abandonRetries();
    });
    QString error;
    if (!openWriter(writer, &error))
        return fail(error);
    // The file exists now: take the device-and-inode part of the lock, which a new file lacked
    // (a server lock lost while the writer opened is taken again, or refused naming the new holder).
    if (!m_options.once && !lock.tryAcquire()) {
        writer.stop();
        return fail(lock.errorString());
    }

    KalshiClient client(clientOptions());
    SyncSession session(&client);
    session.attachWriter(writer.writer());
    SyncJobRunner runner(&session);
    runner.setDatabasePath(m_options.databasePath);
    Collector collector(&runner);

    CollectionSettings settings = collector.settings();
    settings.jobs[SyncState::toText(CollectJob::Snapshot)].intervalMs = m_options.snapshotIntervalMs;
    settings.jobs[SyncState::toText(CollectJob::Markets)].intervalMs = m_options.marketIntervalMs;
    settings.jobs[SyncState::toText(CollectJob::Settlements)].intervalMs = m_options.settlementIntervalMs;
    settings.jobs[SyncState::toText(CollectJob::Watchlist)].intervalMs = m_options.watchIntervalMs;
    settings.initialSync = m_options.initialSync;
    collector.applySettings(settings);

    const auto stamp = [] { return QDateTime::currentDateTime().toString(Qt::ISODate); };
    connect(&session, &SyncSession::logMessage, this, [this, stamp](SyncLogLevel, const QString &message) {
        m_err << stamp() << ' ' << message << Qt::endl;
    });
    int jobsRun = 0;
    int jobsFailed = 0;
    connect(&collector, &Collector::jobStarted, this,
        [this, stamp](const QString &job) { m_err << stamp() << " started " << job << Qt::endl; });
    connect(&collector, &Collector::jobFinished, this,
        [this, stamp, &jobsRun, &jobsFailed](const QString &job, const JobOutcome &outcome) {
            ++jobsRun;
            if (!outcome.ok && !outcome.cancelled)
                ++jobsFailed;
            m_err << stamp() << ' ' << job << ' '
                  << (outcome.ok ? "ok" : (outcome.cancelled ? "cancelled" : "FAILED")) << ": "
                  << outcome.rows << " rows in " << outcome.durationMs << " ms"
                  << (outcome.message.isEmpty() ? QString() : QStringLiteral(" (") + outcome.message + u')')
                  << Qt::endl;
        });

    // Firings this process recorded, delivered in this thread as the writer commits them.
    AlertCommand alertCommand(m_options.onAlertCommand);
    connect(&alertCommand, &AlertCommand::failed, this,
        [this, stamp](const QString &message) { m_err << stamp() << ' ' << message << Qt::endl; });
    int alertsFired = 0;
    connect(databaseWriter, &DatabaseWriter::alertsFired, this,
        [this, stamp, &alertCommand, &alertsFired](const QList<AlertFiring> &firings) {
            for (const AlertFiring &firing : firings) {
                ++alertsFired;
                m_err << stamp() << " ALERT #" << firing.ruleId << ' ' << firing.message << Qt::endl;
                if (m_options.json)
                    printJsonLine({{QStringLiteral("alert"), firing.toJson()}});
                if (!m_options.onAlertCommand.isEmpty())
                    alertCommand.run(firing);
            }
        });

    QEventLoop loop;
    bool onceOk = true;
    QString onceError;
    connect(&collector, &Collector::finished, this, [&onceOk, &onceError](const JobOutcome &outcome) {
        onceOk = outcome.ok;
        if (!outcome.ok)
            onceError = outcome.message.isEmpty()
                ? (outcome.cancelled ? QStringLiteral("cancelled") : QStringLiteral("the full sync failed"))
                : outcome.message;
    });
    connect(&collector, &Collector::stopped, &loop, &QEventLoop::quit);
    // The server ended the lock's session: another collector may take over, so this one stops
    // and exits with an error (a service manager may start it again; it then waits its turn).
    QString lockLost;
    connect(&lock, &CollectorLock::lost, this, [this, &collector, &lockLost, stamp](const QString &error) {
        lockLost = error;
        m_err << stamp() << ' ' << error << Qt::endl;
        collector.stop();
    });
    connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, &collector,
        [this, &collector, stamp](int number) {
            m_err << stamp() << " signal " << number << ": stopping after the current page" << Qt::endl;
            collector.stop();
        });

    if (m_options.once) {
        collector.runOnce();
    } else {
        m_err << stamp() << " collecting into " << Schema::displayName(m_options.databasePath) << " every "
              << Duration::format(m_options.snapshotIntervalMs) << " (snapshot), "
              << Duration::format(m_options.marketIntervalMs) << " (markets), "
              << Duration::format(m_options.settlementIntervalMs) << " (settlements), "
              << Duration::format(m_options.watchIntervalMs) << " (watchlist)" << Qt::endl;
        collector.start();
    }
    loop.exec();
    writer.stop(signalled);
    lock.release();
    QCoreApplication::sendPostedEvents(this); // firings queued by the writer's last commits
    alertCommand.finish(5000);

    if (!m_options.once && !lockLost.isEmpty())
        onceError = lockLost;
    const bool ok = m_options.once ? onceOk : lockLost.isEmpty();
    if (!ok)
        m_err << "error: " << QString(onceError).replace(u'\n', u' ') << Qt::endl;
    if (m_options.json) {
        m_out << QJsonDocument(
            QJsonObject{{QStringLiteral("command"), m_options.command}, {QStringLiteral("ok"), ok},
                {QStringLiteral("jobs"), jobsRun}, {QStringLiteral("failed_jobs"), jobsFailed},
                {QStringLiteral("alerts"), alertsFired},
                {QStringLiteral("error"), ok ? QJsonValue(QJsonValue::Null) : QJsonValue(onceError)}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
    }
    return ok ? 0 : 1;
}

void CliRunner::printProgress(const SyncProgress &progress)
{
    if (!m_progressOnTerminal)
        return;
    const QLocale c = QLocale::c();
    if (progress.phase == SyncPhase::Backfill) {
        m_err << "\r[backfill] " << progress.page << " candlestick requests answered, "
              << c.toString(progress.rows.candles) << " candles stored, ";
    } else {
        m_err << "\r[" << SyncState::toText(progress.phase) << "] page " << progress.page << ", "
              << c.toString(progress.rows.total()) << " rows, ";
    }
    m_err << progress.skipped << " skipped, " << progress.retries << " retries, "
          << QString::number(double(progress.elapsedMs) / 1000.0, 'f', 1) << " s";
    if (progress.finished) {
        m_err << " - " << SyncState::toText(progress.status) << '\n';
        m_progressLineOpen = false;
    } else {
        m_err << "   ";
        m_progressLineOpen = true;
    }
    m_err.flush();
}

void CliRunner::printSummary(const SyncSummary &summary, int pagesNotWritten)
{
    if (!summary.ok)
        m_err << "error: " << QString(summary.error).replace(u'\n', u' ') << Qt::endl;
    if (m_options.json) {
        QJsonObject object = summary.toJson();
        object.insert(QStringLiteral("pages_not_written"), pagesNotWritten);
        m_out << QJsonDocument(object).toJson(QJsonDocument::Compact) << Qt::endl;
        return;
    }
    const QLocale c = QLocale::c();
    m_out << summary.command << ": " << (summary.ok ? "ok" : (summary.cancelled ? "cancelled" : "FAILED"))
          << (summary.truncated ? " (TRUNCATED: page limit reached, more data left)" : "") << '\n'
          << "  pages " << summary.pages << ", events " << c.toString(summary.rows.events) << ", markets "
          << c.toString(summary.rows.markets) << ", settlements " << c.toString(summary.rows.settlements)
          << ", snapshots " << c.toString(summary.rows.snapshots) << ", candles "
          << c.toString(summary.rows.candles) << '\n'
          << "  skipped " << summary.skipped << ", retries " << summary.retries << ", "
          << QString::number(double(summary.elapsedMs) / 1000.0, 'f', 1) << " s" << Qt::endl;
}

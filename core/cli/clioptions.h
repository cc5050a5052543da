#pragma once

#include "alerts/alertrule.h"
#include "export/exportrequest.h"
#include "storage/prunerequest.h"
#include "sync/backfill.h"
#include "sync/syncrequest.h"

#include <QString>
#include <QStringList>

// The parsed command line of kalshi-monitor-cli.
struct CliOptions
{
    QString command; // init, sync-events, sync-markets, sync-settlements, snapshot,
                     // full-sync, stats, collect, watch, alerts, export, prune, copy
    QString subcommand; // watch: add, remove, list; alerts: add, list, remove, history
    QString databasePath;
    QString apiBase;
    double rateLimit = 15.0; // requests per second, RateLimiter::minimumRate..maximumRate; 0 = unlimited
    bool json = false;
    bool verbose = false; // developer logs (km.*.debug) on stderr
    SyncRequest request; // for the sync commands
    BackfillRequest backfill; // for backfill (its databasePath is databasePath)
    bool backfillWatchlist = false; // backfill --watchlist: the tickers are read from the file first

    // collect
    qint64 snapshotIntervalMs = 15 * 60 * 1000;
    qint64 marketIntervalMs = 60 * 60 * 1000;
    qint64 settlementIntervalMs = 6 * 60 * 60 * 1000;
    bool once = false;
    bool initialSync = true;
    qint64 watchIntervalMs = 60 * 1000;
    QString onAlertCommand; // run by /bin/sh -c with KM_ALERT_JSON set, per firing

    // watch add|remove
    QStringList tickers;
    // alerts add
    AlertRule rule;
    // alerts remove
    qint64 ruleId = 0;
    // alerts history: fired_at >= now - sinceMs (everything when 0)
    qint64 sinceMs = 0;
    // export
    ExportRequest exportRequest;
    // prune
    PruneRequest prune;
    // copy: database locations (SQLite paths or postgresql:// URLs)
    QString copyFrom;
    QString copyTo;

    bool isSyncCommand() const;
};

enum class CliParse { Ok, Help, UsageError };

// Parses the arguments (argv[0] included). On Help, `message` is the help text; on UsageError, one
// line saying what is wrong.
CliParse parseCliArguments(const QStringList &arguments, CliOptions *options, QString *message);

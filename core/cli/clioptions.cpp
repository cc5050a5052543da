#include "cli/clioptions.h"

#include "alerts/alertruleinput.h"
#include "collect/duration.h"
#include "network/ratelimiter.h"
#include "paths.h"
#include "storage/databasecopy.h"
#include "storage/schema.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>
#include <optional>

namespace {

const QStringList &commands()
{
    static const QStringList names = {
        QStringLiteral("init"),
        QStringLiteral("sync-events"),
        QStringLiteral("sync-markets"),
        QStringLiteral("sync-settlements"),
        QStringLiteral("snapshot"),
        QStringLiteral("full-sync"),
        QStringLiteral("stats"),
        QStringLiteral("collect"),
        QStringLiteral("backfill"),
        QStringLiteral("watch"),
        QStringLiteral("alerts"),
        QStringLiteral("export"),
        QStringLiteral("prune"),
        QStringLiteral("copy"),
    };
    return names;
}

QString usageSummary()
{
    return QStringLiteral(
        "Usage: kalshi-monitor-cli <command> [--db PATH] [--api-base URL] [--rate-limit N] [--json] "
        "[--verbose] [options]\n"
        "\n"
        "Commands:\n"
        "  init                 create or migrate the database\n"
        "  sync-events          [--max-pages N]\n"
        "  sync-markets         [--status open|closed|settled|unopened|paused|all] [--max-pages N]\n"
        "                       [--mve-filter exclude|only|include]\n"
        "  sync-settlements     [--max-pages N] [--historical [--since D|YYYY-MM-DD]]   --historical also\n"
        "                       reads /historical/markets (settled before Kalshi's cutoff; no multivariate)\n"
        "  snapshot             [--max-pages N] [--mve-filter exclude|only|include]\n"
        "  full-sync            events, markets, settlements and a snapshot, in that order\n"
        "  stats                row counts and recent syncs\n"
        "  backfill             (--ticker T... | --event E | --series S | --watchlist) [--period 1m|1h|1d]\n"
        "                       [--since D|YYYY-MM-DD] [--until D|YYYY-MM-DD]   Kalshi's candlesticks;\n"
        "                       D is N[m|h|d|w] before now; default 1h, since each market's open\n"
        "  collect              [--snapshot-interval D] [--market-interval D] [--settlement-interval D]\n"
        "                       [--watch-interval D] [--on-alert CMD] [--once] [--no-initial-sync]\n"
        "                       (D is N[s|m|h]; a bare number is minutes)\n"
        "  watch add|remove TICKER...   watch list\n"
        "  alerts add           (--ticker T | --event E | --series S)\n"
        "                       (--when FIELD above|below LEVEL | --move CENTS --within D\n"
        "                        | --volume-jump N | --status-change) [--note TEXT]\n"
        "                       FIELD: yes_bid yes_ask no_bid no_ask last_price spread;\n"
        "                       LEVEL in dollars (0.65) or cents (65c)\n"
        "  alerts list          alerts remove ID          alerts history [--since D]\n"
        "  export               (snapshots|markets|events|settlements) --format csv|jsonl [--dollars]\n"
        "                       [--ticker T...] [--event E] [--series S] [--since D|DATE] [--until D|DATE]\n"
        "                       [--out FILE|-]   prices in micro-dollars and counts in centi-contracts,\n"
        "                       or dollars and contracts with --dollars; times RFC 3339 UTC; DATE is\n"
        "                       YYYY-MM-DD[THH:MM[:SS][Z|+HH:MM]]; --until is exclusive; --out - is stdout\n"
        "  prune                --older-than D [--keep hourly|daily|none] [--settled-after D] [--dry-run]\n"
        "                       snapshots older than D thinned to each market's last state per UTC hour\n"
        "                       (default) or day, or dropped; --settled-after D also drops every snapshot\n"
        "                       of markets settled more than D ago; D is N[m|h|d|w]; in batches beside a\n"
        "                       running collector; --dry-run counts what would go and changes nothing\n"
        "  copy                 --from PATH|URL --to PATH|URL   the whole database into another, either\n"
        "                       backend (SQLite file or postgresql:// URL); the source is only read; the\n"
        "                       target must be new or empty, or filled by an earlier copy from the same\n"
        "                       source: an interrupted copy continues where it stopped, a finished one is\n"
        "                       copied again over it (upserts); verified per table by counts and sums\n"
        "\n"
        "Defaults: --db from KALSHI_MONITOR_DB, else the application data folder; --api-base from\n"
        "KALSHI_API_BASE, else production (no user name or password in it); --rate-limit 15 (requests\n"
        "per second, 0.01 to 1000, or 0 / unlimited); --mve-filter exclude; --status open.\n"
        "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

// Finite rates the limiter can keep; nan, inf and 1e-300 are not (a tiny rate's interval overflows).
std::optional<double> parseRateLimit(const QString &text)
{
    if (text == QStringLiteral("unlimited"))
        return 0.0;
    bool ok = false;
    const double rate = text.toDouble(&ok);
    if (!ok || !std::isfinite(rate))
        return std::nullopt;
    if (rate == 0)
        return 0.0;
    if (rate < RateLimiter::minimumRate || rate > RateLimiter::maximumRate)
        return std::nullopt;
    return rate;
}

// "2026-11-01" (00:00 UTC of that day) or "30d", "12h", "90m", "2w" before now.
std::optional<qint64> parsePointInTime(const QString &text, qint64 now)
{
    static const QRegularExpression datePattern(QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})$"));
    static const QRegularExpression agoPattern(QStringLiteral("^(\\d{1,9})([mhdw])$"));
    if (const QRegularExpressionMatch date = datePattern.match(text); date.hasMatch()) {
        const QDate day(date.captured(1).toInt(), date.captured(2).toInt(), date.captured(3).toInt());
        if (!day.isValid())
            return std::nullopt;
        return QDateTime(day, QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
    }
    if (const QRegularExpressionMatch ago = agoPattern.match(text); ago.hasMatch()) {
        const qint64 count = ago.captured(1).toLongLong();
        const QChar unit = ago.captured(2).at(0);
        const qint64 seconds = unit == u'm' ? 60 : unit == u'h' ? 3600 : unit == u'd' ? 86400 : 7 * 86400;
        return now - count * seconds;
    }
    return std::nullopt;
}

// "--when FIELD above|below LEVEL" takes three words; QCommandLineParser takes one value per option,
// so the three become one value before parsing.
bool joinWhenWords(QStringList *arguments, QString *message)
{
    for (qsizetype i = 0; i < arguments->size(); ++i) {
        if (arguments->at(i) != QStringLiteral("--when"))
            continue;
        QStringList words;
        for (qsizetype j = i + 1;
             j < arguments->size() && j <= i + 3 && !arguments->at(j).startsWith(QStringLiteral("--")); ++j)
            words.append(arguments->at(j));
        if (words.size() != 3) {
            *message = QStringLiteral(
                "--when needs three words: FIELD above|below LEVEL (e.g. --when yes_bid above 0.65)");
            return false;
        }
        arguments->remove(i + 1, 3);
        arguments->insert(i + 1, words.join(u'\x1f'));
    }
    return true;
}

bool parseRule(const QCommandLineParser &parser, CliOptions *options, QString *message)
{
    const auto value = [&parser](const char *name) -> std::optional<QString> {
        const QString option = QString::fromLatin1(name);
        return parser.isSet(option) ? std::optional<QString>(parser.value(option)) : std::nullopt;
    };
    AlertRuleInput input;
    input.ticker = value("ticker");
    input.event = value("event");
    input.series = value("series");
    if (const std::optional<QString> when = value("when"))
        input.when = when->split(u'\x1f');
    input.move = value("move");
    input.within = value("within");
    input.volumeJump = value("volume-jump");
    input.statusChange = parser.isSet(QStringLiteral("status-change"));
    input.note = parser.value(QStringLiteral("note"));
    AlertRuleInputError error;
    const std::optional<AlertRule> rule = AlertRuleParser::parse(input, &error);
    if (!rule) {
        *message = error.cliMessage();
        return false;
    }
    options->rule = *rule;
    return true;
}

bool parseWatchOrAlerts(
    const QCommandLineParser &parser, const QStringList &positional, CliOptions *options, QString *message)
{
    const QString &command = options->command;
    const QStringList subcommands = command == QStringLiteral("watch")
        ? QStringList{QStringLiteral("add"), QStringLiteral("remove"), QStringLiteral("list")}
        : QStringList{QStringLiteral("add"), QStringLiteral("list"), QStringLiteral("remove"),
            QStringLiteral("history")};
    options->subcommand = positional.value(1);
    if (!subcommands.contains(options->subcommand)) {
        *message = QStringLiteral("%1 needs one of: %2").arg(command, subcommands.join(QStringLiteral(", ")));
        return false;
    }
    const QStringList rest = positional.mid(2);
    const QString full = command + u' ' + options->subcommand;
    if (command == QStringLiteral("watch") && options->subcommand != QStringLiteral("list")) {
        if (rest.isEmpty()) {
            *message = QStringLiteral("%1 needs at least one TICKER").arg(full);
            return false;
        }
        options->tickers = rest;
        options->tickers.removeDuplicates();
        return true;
    }
    if (command == QStringLiteral("alerts") && options->subcommand == QStringLiteral("remove")) {
        bool ok = false;
        options->ruleId = rest.value(0).toLongLong(&ok);
        if (rest.size() != 1 || !ok || options->ruleId <= 0) {
            *message = QStringLiteral("alerts remove needs one rule ID (see alerts list)");
            return false;
        }
        return true;
    }
    if (!rest.isEmpty()) {
        *message = QStringLiteral("unexpected argument '%1' for %2").arg(rest.first(), full);
        return false;
    }
    if (command == QStringLiteral("alerts") && options->subcommand == QStringLiteral("add"))
        return parseRule(parser, options, message);
    if (parser.isSet(QStringLiteral("since"))) {
        const std::optional<qint64> since = Duration::parseMs(parser.value(QStringLiteral("since")));
        if (!since) {
            *message = QStringLiteral("--since '%1' is not a duration like 24h or 30m")
                           .arg(parser.value(QStringLiteral("since")));
            return false;
        }
        options->sinceMs = *since;
    }
    return true;
}

// export TABLE: the options apply as the table allows; a time is bound to the table's own time
// column (snapshot_time, settled_at, or updated_at for markets and events).
bool parseExport(
    const QCommandLineParser &parser, const QStringList &positional, CliOptions *options, QString *message)
{
    ExportRequest &request = options->exportRequest;
    const std::optional<ExportRequest::Table> table = ExportRequest::tableFromName(positional.value(1));
    if (!table) {
        *message = positional.size() < 2
            ? QStringLiteral("export needs what to export: snapshots, markets, events or settlements")
            : QStringLiteral("export: unknown table '%1' (snapshots, markets, events or settlements)")
                  .arg(positional.at(1));
        return false;
    }
    if (positional.size() > 2) {
        *message = QStringLiteral(
            "unexpected argument '%1' (give several tickers as --ticker A --ticker B or --ticker A,B)")
                       .arg(positional.at(2));
        return false;
    }
    request.table = *table;
    const QString format = parser.value(QStringLiteral("format"));
    if (format.isEmpty()) {
        *message = QStringLiteral("export needs --format csv or --format jsonl");
        return false;
    }
    if (format != QStringLiteral("csv") && format != QStringLiteral("jsonl")) {
        *message = QStringLiteral("--format must be csv or jsonl, not '%1'").arg(format);
        return false;
    }
    request.format
        = format == QStringLiteral("csv") ? ExportRequest::Format::Csv : ExportRequest::Format::Jsonl;
    request.dollars = parser.isSet(QStringLiteral("dollars"));
    for (const QString &value : parser.values(QStringLiteral("ticker"))) {
        for (const QString &one : value.split(u',', Qt::SkipEmptyParts)) {
            if (!request.tickers.contains(one.trimmed()) && !one.trimmed().isEmpty())
                request.tickers.append(one.trimmed());
        }
    }
    if (parser.isSet(QStringLiteral("ticker")) && request.tickers.isEmpty()) {
        *message = QStringLiteral("--ticker needs a market ticker");
        return false;
    }
    for (const auto &[name, target] : {std::pair(QStringLiteral("event"), &request.eventTicker),
             std::pair(QStringLiteral("series"), &request.seriesTicker)}) {
        if (!parser.isSet(name))
            continue;
        *target = parser.value(name).trimmed();
        if (target->isEmpty()) {
            *message = QStringLiteral("--%1 needs a ticker").arg(name);
            return false;
        }
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    for (const auto &[name, target] : {std::pair(QStringLiteral("since"), &request.since),
             std::pair(QStringLiteral("until"), &request.until)}) {
        if (!parser.isSet(name))
            continue;
        *target = ExportRequest::parseTime(parser.value(name), now);
        if (!*target) {
            *message
                = QStringLiteral("--%1 '%2' is neither a time ago like 7d, 12h, 30m or 2w nor a date like "
                                 "2026-11-01 or 2026-11-01T12:30:00Z")
                      .arg(name, parser.value(name));
            return false;
        }
    }
    if (request.since && request.until && *request.until <= *request.since) {
        *message = QStringLiteral("--until is not after --since");
        return false;
    }
    if (parser.isSet(QStringLiteral("out"))) {
        request.outPath = parser.value(QStringLiteral("out"));
        if (request.outPath.isEmpty()) {
            *message = QStringLiteral("--out needs a file name, or - for stdout");
            return false;
        }
    }
    // The JSON summary goes to stdout; so would the rows.
    if (options->json && request.toStdout()) {
        *message = QStringLiteral("--json prints its summary on stdout: give --out FILE");
        return false;
    }
    return true;
}

bool parsePrune(const QCommandLineParser &parser, CliOptions *options, QString *message)
{
    PruneRequest &request = options->prune;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (!parser.isSet(QStringLiteral("older-than"))) {
        *message = QStringLiteral("prune needs --older-than D (e.g. --older-than 30d)");
        return false;
    }
    const auto age = [&](const QString &name, qint64 *secs) {
        const std::optional<qint64> parsed = Duration::parseAgeSecs(parser.value(name));
        if (!parsed) {
            *message = QStringLiteral("--%1 '%2' is not an age like 30d, 12h, 90m or 2w")
                           .arg(name, parser.value(name));
            return false;
        }
        *secs = *parsed;
        return true;
    };
    qint64 olderThanSecs = 0;
    if (!age(QStringLiteral("older-than"), &olderThanSecs))
        return false;
    request.olderThan = now - olderThanSecs;
    if (parser.isSet(QStringLiteral("settled-after"))) {
        qint64 settledSecs = 0;
        if (!age(QStringLiteral("settled-after"), &settledSecs))
            return false;
        request.settledBefore = now - settledSecs;
    }
    if (parser.isSet(QStringLiteral("keep"))) {
        const std::optional<PruneRequest::Keep> keep
            = PruneRequest::keepFromName(parser.value(QStringLiteral("keep")));
        if (!keep) {
            *message = QStringLiteral("--keep '%1' must be hourly, daily or none")
                           .arg(parser.value(QStringLiteral("keep")));
            return false;
        }
        request.keep = *keep;
    }
    request.dryRun = parser.isSet(QStringLiteral("dry-run"));
    return true;
}

bool parseCopy(const QCommandLineParser &parser, CliOptions *options, QString *message)
{
    if (parser.isSet(QStringLiteral("db"))) {
        *message = QStringLiteral("copy takes --from and --to, not --db");
        return false;
    }
    for (const QString &name : {QStringLiteral("from"), QStringLiteral("to")}) {
        const QString location = parser.value(name);
        if (!parser.isSet(name) || location.isEmpty()) {
            *message = QStringLiteral("copy needs --from PATH|URL and --to PATH|URL");
            return false;
        }
        if (const QString refused = Schema::checkDatabaseFile(location); !refused.isEmpty()) {
            *message = u"--" + name + u": " + refused;
            return false;
        }
    }
    options->copyFrom = parser.value(QStringLiteral("from"));
    options->copyTo = parser.value(QStringLiteral("to"));
    if (DatabaseCopy::sameDatabase(options->copyFrom, options->copyTo)) {
        *message = QStringLiteral("--from and --to name the same database (%1)")
                       .arg(Schema::displayName(options->copyFrom));
        return false;
    }
    return true;
}

} // namespace

CliParse parseCliArguments(const QStringList &rawArguments, CliOptions *options, QString *message)
{
    QStringList arguments = rawArguments;
    if (!joinWhenWords(&arguments, message))
        return CliParse::UsageError;
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(
        {QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption db(
        QStringLiteral("db"), QStringLiteral("Database file."), QStringLiteral("PATH"));
    const QCommandLineOption apiBase(
        QStringLiteral("api-base"), QStringLiteral("API base URL."), QStringLiteral("URL"));
    const QCommandLineOption rateLimit(
        QStringLiteral("rate-limit"), QStringLiteral("Requests per second."), QStringLiteral("N"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON summary."));
    const QCommandLineOption verbose(QStringLiteral("verbose"), QStringLiteral("Developer logs on stderr."));
    const QCommandLineOption maxPages(
        QStringLiteral("max-pages"), QStringLiteral("Page limit."), QStringLiteral("N"));
    const QCommandLineOption status(
        QStringLiteral("status"), QStringLiteral("Market status."), QStringLiteral("S"));
    const QCommandLineOption mveFilter(
        QStringLiteral("mve-filter"), QStringLiteral("Multivariate markets."), QStringLiteral("F"));
    const QCommandLineOption snapshotInterval(
        QStringLiteral("snapshot-interval"), QString(), QStringLiteral("D"));
    const QCommandLineOption marketInterval(
        QStringLiteral("market-interval"), QString(), QStringLiteral("D"));
    const QCommandLineOption settlementInterval(
        QStringLiteral("settlement-interval"), QString(), QStringLiteral("D"));
    const QCommandLineOption once(QStringLiteral("once"), QStringLiteral("Run the full sync once and exit."));
    const QCommandLineOption noInitialSync(
        QStringLiteral("no-initial-sync"), QStringLiteral("Skip the initial sync."));
    const QCommandLineOption ticker(
        QStringLiteral("ticker"), QStringLiteral("Market ticker(s)."), QStringLiteral("T"));
    const QCommandLineOption event(
        QStringLiteral("event"), QStringLiteral("Event ticker."), QStringLiteral("E"));
    const QCommandLineOption series(
        QStringLiteral("series"), QStringLiteral("Series ticker."), QStringLiteral("S"));
    const QCommandLineOption period(
        QStringLiteral("period"), QStringLiteral("Candle period."), QStringLiteral("P"));
    const QCommandLineOption since(QStringLiteral("since"), QStringLiteral("Start."), QStringLiteral("D"));
    const QCommandLineOption until(QStringLiteral("until"), QStringLiteral("End."), QStringLiteral("D"));
    const QCommandLineOption historical(
        QStringLiteral("historical"), QStringLiteral("Also /historical/markets."));
    const QCommandLineOption watchlist(
        QStringLiteral("watchlist"), QStringLiteral("The watchlist's markets."));
    const QCommandLineOption watchInterval(QStringLiteral("watch-interval"), QString(), QStringLiteral("D"));
    const QCommandLineOption onAlert(QStringLiteral("on-alert"), QString(), QStringLiteral("CMD"));
    const QCommandLineOption when(
        QStringLiteral("when"), QString(), QStringLiteral("FIELD above|below LEVEL"));
    const QCommandLineOption move(QStringLiteral("move"), QString(), QStringLiteral("CENTS"));
    const QCommandLineOption within(QStringLiteral("within"), QString(), QStringLiteral("D"));
    const QCommandLineOption volumeJump(QStringLiteral("volume-jump"), QString(), QStringLiteral("N"));
    const QCommandLineOption statusChange(QStringLiteral("status-change"), QString());
    const QCommandLineOption note(QStringLiteral("note"), QString(), QStringLiteral("TEXT"));
    const QCommandLineOption format(QStringLiteral("format"), QString(), QStringLiteral("csv|jsonl"));
    const QCommandLineOption dollars(QStringLiteral("dollars"), QString());
    const QCommandLineOption out(QStringLiteral("out"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption olderThan(QStringLiteral("older-than"), QString(), QStringLiteral("D"));
    const QCommandLineOption keep(QStringLiteral("keep"), QString(), QStringLiteral("hourly|daily|none"));
    const QCommandLineOption settledAfter(QStringLiteral("settled-after"), QString(), QStringLiteral("D"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"), QString());
    const QCommandLineOption from(QStringLiteral("from"), QString(), QStringLiteral("PATH|URL"));
    const QCommandLineOption to(QStringLiteral("to"), QString(), QStringLiteral("PATH|URL"));
    parser.addOptions({help, db, apiBase, rateLimit, json, verbose, maxPages, status, mveFilter,
        snapshotInterval, marketInterval, settlementInterval, once, noInitialSync, ticker, event, series,
        period, since, until, historical, watchlist, watchInterval, onAlert, when, move, within, volumeJump,
        statusChange, note});
    parser.addOptions({format, dollars, out, olderThan, keep, settledAfter, dryRun, from, to});
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("What to do."));

    if (!parser.parse(arguments)) {
        *message = parser.errorText();
        return CliParse::UsageError;
    }
    if (parser.isSet(help)) {
        *message = usageSummary();
        return CliParse::Help;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        *message = QStringLiteral("no command given (try --help)");
        return CliParse::UsageError;
    }
    options->command = positional.first();
    if (!commands().contains(options->command)) {
        *message = QStringLiteral("unknown command '%1' (try --help)").arg(options->command);
        return CliParse::UsageError;
    }
    const bool watchOrAlerts
        = options->command == QStringLiteral("watch") || options->command == QStringLiteral("alerts");
    const bool exportCommand = options->command == QStringLiteral("export");
    if (positional.size() > 1 && !watchOrAlerts && !exportCommand) {
        *message = QStringLiteral("unexpected argument '%1'").arg(positional.at(1));
        return CliParse::UsageError;
    }

    options->databasePath = parser.isSet(db) ? parser.value(db) : Paths::defaultDatabasePath();
    if (options->databasePath.isEmpty()) {
        *message = QStringLiteral("--db needs a path");
        return CliParse::UsageError;
    }
    if (const QString refused = Schema::checkDatabaseFile(options->databasePath); !refused.isEmpty()) {
        *message = QStringLiteral("--db: ") + refused;
        return CliParse::UsageError;
    }
    options->apiBase = parser.isSet(apiBase) ? parser.value(apiBase) : Paths::defaultApiBase();
    const QUrl url(options->apiBase, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("https"))
        || url.host().isEmpty()) {
        *message = QStringLiteral("--api-base '%1' is not an http(s) URL").arg(options->apiBase);
        return CliParse::UsageError;
    }
    if (!url.userInfo().isEmpty()) {
        *message = QStringLiteral(
            "--api-base must not hold a user name or password (this tool sends no credentials)");
        return CliParse::UsageError;
    }
    if (parser.isSet(rateLimit)) {
        const std::optional<double> rate = parseRateLimit(parser.value(rateLimit));
        if (!rate) {
            *message
                = QStringLiteral("--rate-limit '%1' is not a rate: give requests per second from %2 to %3, "
                                 "or 0 or 'unlimited' for no limit")
                      .arg(parser.value(rateLimit))
                      .arg(RateLimiter::minimumRate)
                      .arg(RateLimiter::maximumRate);
            return CliParse::UsageError;
        }
        options->rateLimit = *rate;
    }
    options->json = parser.isSet(json);
    options->verbose = parser.isSet(verbose);

    const auto only = [&](const QCommandLineOption &option, const QStringList &allowedCommands) {
        if (parser.isSet(option) && !allowedCommands.contains(options->command)) {
            *message = QStringLiteral("--%1 does not apply to %2")
                           .arg(option.names().constFirst(), options->command);
            return false;
        }
        return true;
    };
    const QStringList pagedCommands = {QStringLiteral("sync-events"), QStringLiteral("sync-markets"),
        QStringLiteral("sync-settlements"), QStringLiteral("snapshot")};
    const QStringList collectOnly = {QStringLiteral("collect")};
    if (!only(maxPages, pagedCommands) || !only(status, {QStringLiteral("sync-markets")})
        || !only(mveFilter, {QStringLiteral("sync-markets"), QStringLiteral("snapshot")})
        || !only(snapshotInterval, collectOnly) || !only(marketInterval, collectOnly)
        || !only(settlementInterval, collectOnly) || !only(once, collectOnly)
        || !only(noInitialSync, collectOnly) || !only(watchInterval, collectOnly)
        || !only(onAlert, collectOnly) || !only(format, {QStringLiteral("export")})
        || !only(dollars, {QStringLiteral("export")}) || !only(out, {QStringLiteral("export")})
        || !only(olderThan, {QStringLiteral("prune")}) || !only(keep, {QStringLiteral("prune")})
        || !only(settledAfter, {QStringLiteral("prune")}) || !only(dryRun, {QStringLiteral("prune")})
        || !only(from, {QStringLiteral("copy")}) || !only(to, {QStringLiteral("copy")})) {
        return CliParse::UsageError;
    }
    if (options->command == QStringLiteral("copy"))
        return parseCopy(parser, options, message) ? CliParse::Ok : CliParse::UsageError;
    const QString alertsSub = options->command == QStringLiteral("alerts") ? positional.value(1) : QString();
    const bool backfill = options->command == QStringLiteral("backfill");
    for (const QCommandLineOption *option : {&ticker, &event, &series}) {
        if (parser.isSet(*option) && !backfill && alertsSub != QStringLiteral("add") && !exportCommand) {
            *message = QStringLiteral("--%1 applies to backfill, alerts add and export only")
                           .arg(option->names().constFirst());
            return CliParse::UsageError;
        }
    }
    for (const QCommandLineOption *option : {&when, &move, &within, &volumeJump, &statusChange, &note}) {
        if (parser.isSet(*option) && alertsSub != QStringLiteral("add")) {
            *message = QStringLiteral("--%1 applies to alerts add only").arg(option->names().constFirst());
            return CliParse::UsageError;
        }
    }
    const QStringList backfillOnly = {QStringLiteral("backfill")};
    if (!only(period, backfillOnly) || !only(until, {QStringLiteral("backfill"), QStringLiteral("export")})
        || !only(watchlist, backfillOnly) || !only(historical, {QStringLiteral("sync-settlements")})) {
        return CliParse::UsageError;
    }
    if (parser.isSet(since) && !backfill && options->command != QStringLiteral("sync-settlements")
        && alertsSub != QStringLiteral("history") && !exportCommand) {
        *message = QStringLiteral(
            "--since applies to backfill, sync-settlements --historical, alerts history and export only");
        return CliParse::UsageError;
    }
    if (options->command == QStringLiteral("prune"))
        return parsePrune(parser, options, message) ? CliParse::Ok : CliParse::UsageError;
    if (exportCommand)
        return parseExport(parser, positional, options, message) ? CliParse::Ok : CliParse::UsageError;
    if (watchOrAlerts)
        return parseWatchOrAlerts(parser, positional, options, message) ? CliParse::Ok : CliParse::UsageError;
    if (options->command == QStringLiteral("sync-settlements")) {
        options->request.historical = parser.isSet(historical);
        if (parser.isSet(since)) {
            if (!options->request.historical) {
                *message = QStringLiteral("--since applies to sync-settlements only with --historical");
                return CliParse::UsageError;
            }
            options->request.settledSince
                = parsePointInTime(parser.value(since), QDateTime::currentSecsSinceEpoch());
            if (!options->request.settledSince) {
                *message
                    = QStringLiteral("--since '%1' is neither a date (YYYY-MM-DD) nor a time ago like 30d")
                          .arg(parser.value(since));
                return CliParse::UsageError;
            }
        }
    }
    if (options->command == QStringLiteral("backfill")) {
        BackfillRequest &backfill = options->backfill;
        backfill.databasePath = options->databasePath;
        for (const QString &value : parser.values(ticker)) {
            for (const QString &one : value.split(u',', Qt::SkipEmptyParts)) {
                if (!backfill.tickers.contains(one.trimmed()) && !one.trimmed().isEmpty())
                    backfill.tickers.append(one.trimmed());
            }
        }
        backfill.eventTicker = parser.value(event).trimmed();
        backfill.seriesTicker = parser.value(series).trimmed();
        options->backfillWatchlist = parser.isSet(watchlist);
        const int selectors = int(!backfill.tickers.isEmpty()) + int(!backfill.eventTicker.isEmpty())
            + int(!backfill.seriesTicker.isEmpty()) + int(options->backfillWatchlist);
        if (selectors != 1) {
            *message
                = QStringLiteral("backfill needs exactly one of --ticker, --event, --series or --watchlist");
            return CliParse::UsageError;
        }
        if (parser.isSet(period)) {
            static const QHash<QString, int> periods
                = {{QStringLiteral("1m"), 1}, {QStringLiteral("1h"), 60}, {QStringLiteral("1d"), 1440}};
            backfill.periodMinutes = periods.value(parser.value(period), 0);
            if (backfill.periodMinutes == 0) {
                *message = QStringLiteral("--period must be 1m, 1h or 1d");
                return CliParse::UsageError;
            }
        }
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        for (const auto &[option, target] :
            {std::pair(&since, &backfill.since), std::pair(&until, &backfill.until)}) {
            if (!parser.isSet(*option))
                continue;
            *target = parsePointInTime(parser.value(*option), now);
            if (!*target) {
                *message = QStringLiteral(
                    "--%1 '%2' is neither a date (YYYY-MM-DD) nor a time ago like 30d, 12h, 90m or 2w")
                               .arg(option->names().constFirst(), parser.value(*option));
                return CliParse::UsageError;
            }
        }
        if (backfill.since && backfill.until && *backfill.until < *backfill.since) {
            *message = QStringLiteral("--until is before --since");
            return CliParse::UsageError;
        }
    }

    if (options->command == QStringLiteral("sync-events"))
        options->request.kind = SyncRequest::Kind::Events;
    else if (options->command == QStringLiteral("sync-markets"))
        options->request.kind = SyncRequest::Kind::Markets;
    else if (options->command == QStringLiteral("sync-settlements"))
        options->request.kind = SyncRequest::Kind::Settlements;
    else if (options->command == QStringLiteral("snapshot"))
        options->request.kind = SyncRequest::Kind::Snapshot;
    else
        options->request.kind = SyncRequest::Kind::Full;

    if (parser.isSet(maxPages)) {
        bool ok = false;
        options->request.maxPages = parser.value(maxPages).toInt(&ok);
        if (!ok || options->request.maxPages < 1) {
            *message = QStringLiteral("--max-pages must be a positive whole number");
            return CliParse::UsageError;
        }
    }
    if (parser.isSet(status)) {
        static const QStringList statuses
            = {QStringLiteral("open"), QStringLiteral("closed"), QStringLiteral("settled"),
                QStringLiteral("unopened"), QStringLiteral("paused"), QStringLiteral("all")};
        options->request.marketStatus = parser.value(status);
        if (!statuses.contains(options->request.marketStatus)) {
            *message = QStringLiteral("--status must be one of %1").arg(statuses.join(QStringLiteral(", ")));
            return CliParse::UsageError;
        }
    }
    if (parser.isSet(mveFilter)) {
        static const QStringList filters
            = {QStringLiteral("exclude"), QStringLiteral("only"), QStringLiteral("include")};
        options->request.mveFilter = parser.value(mveFilter);
        if (!filters.contains(options->request.mveFilter)) {
            *message = QStringLiteral("--mve-filter must be exclude, only or include");
            return CliParse::UsageError;
        }
    }

    const auto interval = [&](const QCommandLineOption &option, qint64 *target) {
        if (!parser.isSet(option))
            return true;
        const std::optional<qint64> ms = Duration::parseMs(parser.value(option));
        if (!ms) {
            *message = QStringLiteral("--%1 '%2' is not a duration like 15m, 20s or 6h")
                           .arg(option.names().constFirst(), parser.value(option));
            return false;
        }
        *target = *ms;
        return true;
    };
    if (!interval(snapshotInterval, &options->snapshotIntervalMs)
        || !interval(marketInterval, &options->marketIntervalMs)
        || !interval(settlementInterval, &options->settlementIntervalMs)
        || !interval(watchInterval, &options->watchIntervalMs)) {
        return CliParse::UsageError;
    }
    options->onAlertCommand = parser.value(onAlert);
    options->once = parser.isSet(once);
    options->initialSync = !parser.isSet(noInitialSync);
    if (options->once && !options->initialSync) {
        *message = QStringLiteral("--once and --no-initial-sync exclude each other");
        return CliParse::UsageError;
    }
    return CliParse::Ok;
}

bool CliOptions::isSyncCommand() const
{
    return command.startsWith(QStringLiteral("sync-")) || command == QStringLiteral("snapshot")
        || command == QStringLiteral("full-sync");
}

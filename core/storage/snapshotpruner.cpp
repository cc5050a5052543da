#include "storage/snapshotpruner.h"

#include "storage/sqldialect.h"

#include <QElapsedTimer>
#include <QSqlDatabase>

#include <functional>

namespace {

// A unit's span: 7 days, a whole number of UTC days and hours.
constexpr qint64 unitSeconds = 7 * 86400;
// Pages given back per batch by PRAGMA incremental_vacuum: 8 MiB of 4 KiB pages.
constexpr int vacuumPagesPerStep = 2048;

qint64 floorToUnit(qint64 time)
{
    const qint64 quotient = time / unitSeconds;
    return (quotient - (time % unitSeconds < 0 ? 1 : 0)) * unitSeconds;
}

const QString &unitRows()
{
    static const QString where = QStringLiteral("market_id = ? AND snapshot_time >= ? AND snapshot_time < ?");
    return where;
}

} // namespace

SnapshotPruner::SnapshotPruner(const QString &connectionName, const PruneRequest &request)
    : m_connectionName(connectionName)
{
    m_result.request = request;
}

SnapshotPruner::~SnapshotPruner() = default;

void SnapshotPruner::dropStatements()
{
    for (std::unique_ptr<QSqlQuery> *slot : {&m_nextMarket, &m_timeRange, &m_countUnit, &m_collectKept,
             &m_keepTails, &m_cutHeads, &m_deleteRuns, &m_insertKept})
        slot->reset();
}

QSqlQuery &SnapshotPruner::statement(std::unique_ptr<QSqlQuery> &slot, const QString &sql)
{
    if (!slot) {
        slot = std::make_unique<QSqlQuery>(QSqlDatabase::database(m_connectionName, false));
        slot->setForwardOnly(true);
        slot->prepare(sql);
    }
    return *slot;
}

bool SnapshotPruner::fail(QSqlQuery &query, Schema::Failure *failure)
{
    *failure = Schema::Failure::fromSql(query.lastError());
    query.finish();
    return false;
}

bool SnapshotPruner::prepare(Schema::Failure *failure)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    m_backend = SqlDialect::of(m_connectionName);
    m_settledMarkets.clear();
    // A server has no free list of a file: its VACUUM (autovacuum) makes the space reusable.
    if (m_backend == SqlDialect::Backend::PostgreSql) {
        m_result.autoVacuum = PruneResult::AutoVacuum::Server;
        return readSettledMarkets(query, failure);
    }
    const auto pragma = [&](const char *name, qint64 *value) {
        if (!query.exec(QStringLiteral("PRAGMA ") + QLatin1String(name)) || !query.next())
            return fail(query, failure);
        *value = query.value(0).toLongLong();
        query.finish();
        return true;
    };
    qint64 autoVacuum = 0;
    if (!pragma("auto_vacuum", &autoVacuum) || !pragma("page_size", &m_result.pageSize)
        || !pragma("freelist_count", &m_result.freePagesBefore))
        return false;
    m_result.autoVacuum = autoVacuum == 1 ? PruneResult::AutoVacuum::Full
        : autoVacuum == 2                 ? PruneResult::AutoVacuum::Incremental
                                          : PruneResult::AutoVacuum::None;
    m_result.freePagesAfter = m_result.freePagesBefore;
    return readSettledMarkets(query, failure);
}

bool SnapshotPruner::readSettledMarkets(QSqlQuery &query, Schema::Failure *failure)
{
    if (!m_result.request.settledBefore)
        return true;
    query.prepare(QStringLiteral("SELECT m.id FROM settlements AS s JOIN markets AS m ON m.ticker = s.ticker "
                                 "WHERE s.settled_at < ?"));
    query.addBindValue(*m_result.request.settledBefore);
    if (!query.exec())
        return fail(query, failure);
    while (query.next())
        m_settledMarkets.insert(query.value(0).toLongLong());
    query.finish();
    return true;
}

bool SnapshotPruner::startNextMarket(Position *position, bool *found, Schema::Failure *failure)
{
    QSqlQuery &next = statement(m_nextMarket,
        QStringLiteral("SELECT market_id FROM snapshot_states WHERE market_id > ? "
                       "ORDER BY market_id LIMIT 1"));
    next.addBindValue(position->lastMarket);
    if (!next.exec())
        return fail(next, failure);
    *found = next.next();
    if (!*found) {
        next.finish();
        return true;
    }
    const qint64 market = next.value(0).toLongLong();
    next.finish();
    // The market's first and last covered times: a run starts and ends at times it covers.
    QSqlQuery &range = statement(m_timeRange,
        QStringLiteral("SELECT min(first_time), max(last_time) FROM snapshot_states WHERE market_id = ?"));
    range.addBindValue(market);
    if (!range.exec() || !range.next())
        return fail(range, failure);
    const qint64 first = range.value(0).toLongLong();
    const qint64 last = range.value(1).toLongLong();
    range.finish();
    position->marketSettled = m_settledMarkets.contains(market);
    position->limit = position->marketSettled ? last + 1 : m_result.request.olderThan;
    if (first >= position->limit) {
        position->lastMarket = market;
        position->market = -1;
        return true;
    }
    position->market = market;
    position->windowStart = floorToUnit(first);
    return true;
}

bool SnapshotPruner::run(std::unique_ptr<QSqlQuery> &slot, const QString &sql, const QVariantList &values,
    Schema::Failure *failure)
{
    QSqlQuery &query = statement(slot, sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return fail(query, failure);
    query.finish();
    return true;
}

bool SnapshotPruner::runUnit(
    const Position &position, qint64 windowEnd, Counts *counts, Schema::Failure *failure)
{
    // A settled market's rows all go; otherwise one row stays per bucket (none with Keep::None: a
    // division by NULL is NULL, which count(DISTINCT) skips). Counted on the view, i.e.
    // per covered snapshot time, as the rows were counted before schema version 7.
    const qint64 bucket = position.marketSettled ? 0 : PruneRequest::bucketSeconds(m_result.request.keep);
    const auto countRows = [&](qint64 *rows, qint64 *buckets) {
        QSqlQuery &count = statement(m_countUnit,
            QStringLiteral("SELECT count(*), count(DISTINCT snapshot_time / nullif(?, 0)) "
                           "FROM snapshot_rows WHERE ")
                + unitRows());
        count.addBindValue(bucket);
        count.addBindValue(position.market);
        count.addBindValue(position.windowStart);
        count.addBindValue(windowEnd);
        if (!count.exec() || !count.next())
            return fail(count, failure);
        *rows = count.value(0).toLongLong();
        *buckets = count.value(1).toLongLong();
        count.finish();
        return true;
    };
    qint64 rows = 0;
    qint64 buckets = 0;
    if (!countRows(&rows, &buckets))
        return false;
    const qint64 removable = rows - buckets;
    if (position.marketSettled) {
        counts->settledRowsRemoved += removable;
    } else {
        counts->oldRows += rows;
        counts->oldRowsRemoved += removable;
    }
    if (m_result.request.dryRun || removable == 0)
        return true;
    // The runs of the market that hold a time of the window are rewritten: the part of a run after
    // the window stays as a run from its first time after the window; the part before the window
    // (none when the units of the market run in order) ends at its last time before it; what was
    // in the window becomes one single-time run per kept row (the last covered time of its bucket,
    // with its values), read before anything changes.
    const QVariant market = position.market;
    const QVariant start = position.windowStart;
    const QVariant end = windowEnd;
    // The kept rows (the last covered time of each bucket, with its values and its time's scope),
    // read before anything changes.
    QList<QVariantList> kept;
    if (bucket != 0) {
        QSqlQuery &collect = statement(m_collectKept,
            QStringLiteral(
                "SELECT k.snapshot_time, (SELECT t.scope FROM snapshot_times AS t WHERE t.snapshot_time "
                "= k.snapshot_time), k.yes_bid, k.yes_ask, k.no_bid, k.no_ask, k.last_price, k.volume, "
                "k.volume_24h, k.open_interest FROM snapshot_rows AS k WHERE ")
                + unitRows()
                + QStringLiteral(
                    " AND k.snapshot_time IN (SELECT max(snapshot_time) FROM snapshot_rows WHERE ")
                + unitRows() + QStringLiteral(" GROUP BY snapshot_time / ?)"));
        for (const QVariant &value : {market, start, end, market, start, end, QVariant(bucket)})
            collect.addBindValue(value);
        if (!collect.exec())
            return fail(collect, failure);
        while (collect.next()) {
            QVariantList row;
            for (int column = 0; column < 10; ++column)
                row.append(collect.value(column));
            kept.append(row);
        }
        collect.finish();
    }
    bool ok = run(m_keepTails,
                  QStringLiteral(
                      "INSERT INTO snapshot_states(market_id, scope, first_time, last_time, yes_bid, "
                      "yes_ask, no_bid, no_ask, last_price, volume, volume_24h, open_interest) "
                      "SELECT r.market_id, r.scope, (SELECT min(t.snapshot_time) FROM snapshot_times "
                      "AS t WHERE t.scope = r.scope AND t.snapshot_time >= ?), r.last_time, r.yes_bid, "
                      "r.yes_ask, r.no_bid, r.no_ask, r.last_price, r.volume, r.volume_24h, "
                      "r.open_interest FROM snapshot_states AS r WHERE r.market_id = ? "
                      "AND r.first_time < ? AND r.last_time >= ?"),
                  {end, market, end, end}, failure)
        && run(m_cutHeads,
            QStringLiteral(
                "UPDATE snapshot_states SET last_time = (SELECT max(t.snapshot_time) FROM "
                "snapshot_times AS t WHERE t.scope = snapshot_states.scope AND t.snapshot_time < ?) "
                "WHERE market_id = ? AND first_time < ? AND last_time >= ?"),
            {start, market, start, start}, failure)
        && run(m_deleteRuns,
            QStringLiteral("DELETE FROM snapshot_states WHERE market_id = ? AND first_time >= ? "
                           "AND first_time < ?"),
            {market, start, end}, failure);
    for (const QVariantList &row : std::as_const(kept)) {
        if (!ok)
            break;
        // A single-time run: its scope has other times around it.
        ok = run(m_insertKept,
            QStringLiteral("INSERT INTO snapshot_states(market_id, scope, first_time, last_time, yes_bid, "
                           "yes_ask, no_bid, no_ask, last_price, volume, volume_24h, open_interest) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            QVariantList{market, row.at(1), row.at(0), row.at(0)} + row.mid(2), failure);
    }
    if (!ok)
        return false;
    qint64 rowsAfter = 0;
    qint64 bucketsAfter = 0;
    if (!countRows(&rowsAfter, &bucketsAfter))
        return false;
    if (rows - rowsAfter != removable || bucketsAfter != (bucket == 0 ? 0 : buckets)) {
        *failure = {
            QStringLiteral("internal error: %1 snapshot rows of market id %2 removed where %3 were counted")
                .arg(rows - rowsAfter)
                .arg(position.market)
                .arg(removable)};
        return false;
    }
    return true;
}

bool SnapshotPruner::vacuumStep(Position *position, Counts *counts, Schema::Failure *failure)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    const auto freePages = [&](qint64 *pages) {
        if (!query.exec(QStringLiteral("PRAGMA freelist_count")) || !query.next())
            return fail(query, failure);
        *pages = query.value(0).toLongLong();
        query.finish();
        return true;
    };
    qint64 before = 0;
    if (!freePages(&before))
        return false;
    // The pragma moves one page per step and has no result columns, so Qt steps it once per exec().
    QSqlQuery vacuum(QSqlDatabase::database(m_connectionName, false));
    if (!vacuum.prepare(QStringLiteral("PRAGMA incremental_vacuum")))
        return fail(vacuum, failure);
    for (qint64 step = 0; step < qMin<qint64>(before, vacuumPagesPerStep); ++step) {
        if (!vacuum.exec())
            return fail(vacuum, failure);
    }
    vacuum.finish();
    qint64 after = 0;
    if (!freePages(&after))
        return false;
    counts->vacuumedPages += before - after;
    counts->freePages = after;
    if (after == 0 || after == before)
        position->phase = Phase::Done;
    return true;
}

bool SnapshotPruner::runBatch(Schema::Failure *failure)
{
    Position position = m_position;
    Counts counts;
    const PruneRequest &request = m_result.request;
    if (position.phase == Phase::Vacuum) {
        if (!vacuumStep(&position, &counts, failure))
            return false;
    }
    // PostgreSQL: snapshot writers of all sessions are serialized by one transaction-scoped lock
    // (what the schema's snapshot triggers take); held from here to this batch's commit, so a
    // collector waits one batch at most and never sees a market's runs half rewritten.
    const QString lock = request.dryRun ? QString() : SqlDialect::snapshotWriteLock(m_backend);
    if (!lock.isEmpty()) {
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        if (!query.exec(lock))
            return fail(query, failure);
        query.finish();
    }
    QElapsedTimer timer;
    timer.start();
    while (position.phase == Phase::Rows) {
        if (position.market < 0) {
            bool found = false;
            if (!startNextMarket(&position, &found, failure))
                return false;
            if (found && position.market >= 0 && position.marketSettled)
                ++counts.settledMarkets;
            if (!found) {
                const bool vacuum
                    = !request.dryRun && m_result.autoVacuum == PruneResult::AutoVacuum::Incremental;
                position.phase = vacuum ? Phase::Vacuum : Phase::Done;
                if (m_backend == SqlDialect::Backend::PostgreSql)
                    break;
                QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
                if (!query.exec(QStringLiteral("PRAGMA freelist_count")) || !query.next())
                    return fail(query, failure);
                counts.freePages = query.value(0).toLongLong();
                query.finish();
                break;
            }
        } else {
            const qint64 windowEnd = position.limit - position.windowStart > unitSeconds
                ? position.windowStart + unitSeconds
                : position.limit;
            if (!runUnit(position, windowEnd, &counts, failure))
                return false;
            if (windowEnd >= position.limit) {
                position.lastMarket = position.market;
                position.market = -1;
            } else {
                position.windowStart = windowEnd;
            }
        }
        if (counts.oldRows + counts.settledRowsRemoved >= request.maxRowsPerBatch
            || timer.elapsed() >= request.maxBatchMs)
            break;
    }
    m_pendingPosition = position;
    m_pendingCounts = counts;
    return true;
}

void SnapshotPruner::batchCommitted()
{
    m_position = m_pendingPosition;
    m_result.oldRows += m_pendingCounts.oldRows;
    m_result.oldRowsRemoved += m_pendingCounts.oldRowsRemoved;
    m_result.settledMarkets += m_pendingCounts.settledMarkets;
    m_result.settledRowsRemoved += m_pendingCounts.settledRowsRemoved;
    m_result.vacuumedPages += m_pendingCounts.vacuumedPages;
    if (m_pendingCounts.freePages >= 0)
        m_result.freePagesAfter = m_pendingCounts.freePages;
    ++m_result.batches;
    m_pendingCounts = Counts();
}

bool SnapshotPruner::countAll(Schema::Failure *failure)
{
    Q_ASSERT(m_result.request.dryRun);
    QElapsedTimer timer;
    timer.start();
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const auto inReadTransaction = [&](const std::function<bool()> &body) {
        QSqlQuery begin(db);
        if (!begin.exec(QStringLiteral("BEGIN")))
            return fail(begin, failure);
        const bool ok = body();
        db.rollback(); // nothing to keep: it only read
        return ok;
    };
    if (!inReadTransaction([&] { return prepare(failure); }))
        return false;
    while (!isDone()) {
        QElapsedTimer held;
        held.start();
        if (!inReadTransaction([&] { return runBatch(failure); }))
            return false;
        batchCommitted();
        m_result.longestBatchMs = qMax(m_result.longestBatchMs, held.elapsed());
    }
    m_result.elapsedMs = timer.elapsed();
    m_result.finished = true;
    m_result.ok = true;
    return true;
}

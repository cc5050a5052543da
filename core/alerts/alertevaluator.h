#pragma once

#include "alerts/alertrule.h"
#include "records.h"
#include "storage/schema.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <array>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QSqlQuery;

// Used by DatabaseWriter in the writer thread, on its connection, inside the transaction of a batch:
// finds the crossings the batch makes, reading only stored snapshots and firings, so that what fires
// depends on the file alone (a restart or a second process sees the same state). A crossing at
// snapshot s: the condition is true at the STORED row of s (another process may have stored other
// prices for the same second first) and false at the stored snapshot before s, and no firing of
// the rule for that market is recorded after that earlier snapshot (a second process that committed
// a later snapshot of the same rise first). The writer records the crossings; the UNIQUE key of
// alert_events keeps an identical one out.
class AlertEvaluator final
{
    Q_DISABLE_COPY_MOVE(AlertEvaluator)

public:
    explicit AlertEvaluator(QString connectionName);
    ~AlertEvaluator();

    // Reads the active rules at the start of each batch's transaction, unless no connection has
    // committed since the last read (PRAGMA data_version; other processes change rules too) and
    // rulesChanged() was not called. The caches of the last batch go either way.
    bool loadRules(Schema::Failure *failure);
    // Once after the connection opened, before its first batch (DatabaseWriter::open(), in a read
    // transaction): reads the rules and, of the markets they watch, the newest stored samples into
    // the kept ones, so that the first snapshot after opening finds its watched markets' earlier
    // rows without reading them in its transaction, as a collector's next snapshot does. They serve
    // while no other connection commits (loadRules()) and only the batches of the first snapshot
    // time after opening (then the samples kept by batches take over). SQLite only: nothing on
    // PostgreSQL, which keeps no samples.
    bool prime(Schema::Failure *failure);
    // This connection changed the rules (its own commits do not change data_version).
    void rulesChanged() { m_rulesValid = false; }
    bool hasRules() const { return !m_rules.isEmpty(); }
    int ruleCount() const { return int(m_rules.size()); }

    // Before the batch's markets are written: the stored status of those a status rule watches.
    bool captureStatuses(const QList<MarketRecord> &markets, Schema::Failure *failure);
    // After the batch's rows are written (snapshotsStored of them stored): the crossings it makes,
    // not yet recorded.
    bool evaluate(const WriteBatch &batch, qint64 batchTime, int snapshotsStored, QList<AlertFiring> *firings,
        Schema::Failure *failure);
    // The batch's transaction committed, or did not: the newest stored samples of the watched
    // markets kept between batches follow it, or are forgotten.
    void committed();
    // Something other than a batch changed snapshots (a prune): read them from the file again.
    void forgetHistory();

    // One stored snapshot of a market, as rules read it.
    struct Sample
    {
        qint64 time = 0;
        std::optional<qint64> yesBid, yesAsk, noBid, noAsk, lastPrice, volume24h;
    };
    // Up to three stored snapshots of a market, newest first, held without a heap allocation.
    struct History
    {
        // Not defaulted: a vector of them (one per watched market of a batch) would be zeroed
        // whole first, which cost more than judging the rules.
        History() { } // NOLINT(modernize-use-equals-default)

        std::array<Sample, 3> samples;
        qsizetype count = 0;
        bool primed = false; // kept by prime(), not by a batch

        bool isEmpty() const { return count == 0; }
        const Sample &first() const { return samples[0]; }
        void append(const Sample &sample)
        {
            if (count < qsizetype(samples.size()))
                samples[std::size_t(count++)] = sample;
        }
    };

private:
    bool newestSnapshotTime(qint64 *time, Schema::Failure *failure);
    void forgetRecent();
    // The primed samples serve the batches of one snapshot time, the first after opening: from
    // another time on they go (see m_primedTime).
    void dropPrimedAtAnotherTime(const WriteBatch &batch);
    struct Where
    {
        QString ticker;
        QString eventTicker;
        QString seriesTicker;
    };
    // The rules of one target (never empty in the indexes), and whether one is a status rule.
    struct TargetRules
    {
        QList<const AlertRule *> rules;
        bool watchStatus = false;
    };
    using RuleIndex = QHash<QString, TargetRules>;
    // The targets of an index as bits over a cheap mix of a text's length and some of its
    // characters (no hash of the whole text): a clear bit means no target, a set one a lookup.
    class TargetFilter
    {
    public:
        void clear() { m_bits.assign(m_bits.size(), 0); }
        void insert(const QString &text)
        {
            const quint32 at = slot(text);
            m_bits[at / 64] |= quint64(1) << (at % 64);
        }
        bool mayContain(const QString &text) const
        {
            const quint32 at = slot(text);
            return (m_bits[at / 64] >> (at % 64)) & 1;
        }

    private:
        static quint32 slot(const QString &text)
        {
            // The length, the first two and the last four characters and the middle one: tickers
            // of one event or series differ at their end. Fixed-size copies: no call.
            const qsizetype size = text.size();
            const QChar *data = text.constData();
            quint64 last = 0;
            quint32 first = 0;
            if (size >= 4) {
                std::memcpy(&last, data + size - 4, sizeof(last));
                std::memcpy(&first, data, sizeof(first));
            } else {
                for (qsizetype i = 0; i < size; ++i)
                    last = (last << 16) | data[i].unicode();
            }
            const quint64 middle = size > 0 ? data[size / 2].unicode() : 0;
            const quint64 mixed
                = (last ^ (quint64(first) << 7) ^ (middle << 41) ^ (quint64(size) * 0x9E3779B1U))
                * 0x9E3779B97F4A7C15ULL;
            return quint32(mixed >> 48);
        }

        std::vector<quint64> m_bits = std::vector<quint64>(1024); // 65,536 bits
    };
    // The rules that watch one market: its ticker's, its event's and its series', in that order,
    // as pointers into the indexes (valid until the rules are read again); no list is built.
    struct MarketRules
    {
        const TargetRules *ofTicker = nullptr;
        const TargetRules *ofEvent = nullptr;
        const TargetRules *ofSeries = nullptr;

        bool isEmpty() const { return !ofTicker && !ofEvent && !ofSeries; }
        template <typename Function> bool forEach(Function function) const
        {
            for (const TargetRules *target : {ofTicker, ofEvent, ofSeries}) {
                if (!target)
                    continue;
                for (const AlertRule *rule : target->rules) {
                    if (!function(*rule))
                        return false;
                }
            }
            return true;
        }
    };
    // Of each listing of the batch, by position: its rules. Found once per batch for
    // captureStatuses() and evaluate() together, from the small indexes of the rules' targets: a
    // hash of every market's ticker missed the cache at each lookup. A listing that names no series
    // gets its event's series when evaluate() first needs its rules (resolveListingSeries(), through
    // m_rulesOfTicker as before).
    struct ListingRules
    {
        MarketRules rules;
        bool settled = true; // false: event or series unknown, m_rulesOfTicker may know them
        bool seriesPending = false;
    };
    void lookUpListings(const QList<MarketRecord> &markets);
    bool resolveListingSeries(const QList<MarketRecord> &markets, qsizetype i, Schema::Failure *failure);
    static const TargetRules *rulesOfTarget(const RuleIndex &index, const QString &target);
    static const TargetRules *rulesOfTarget(
        const RuleIndex &index, const TargetFilter &filter, const QString &target)
    {
        return filter.mayContain(target) ? rulesOfTarget(index, target) : nullptr;
    }

    MarketRules rulesFor(const Where &where) const;
    // The rules that watch `ticker`: of the batch's listing at `hint` when it is the ticker's, else
    // of its last listing in the batch (`listings`: the batch's listings by ticker, built on the
    // first call that needs them), else from m_rulesOfTicker or found through whereOf().
    bool rulesOfTicker(const QString &ticker, const QList<MarketRecord> &batchMarkets, qsizetype hint,
        QHash<QString, qsizetype> *listings, MarketRules *rules, Schema::Failure *failure);
    bool watchedForStatus(
        const QString &ticker, const QString &eventTicker, const QString &seriesTicker) const;
    // From the stored market (the ticker has no listing in the batch).
    bool whereOf(const QString &ticker, Where *where, Schema::Failure *failure);
    bool seriesOfEvent(const QString &eventTicker, QString *series, Schema::Failure *failure);
    // Into `history`: up to `count` (at most three) stored snapshots of each ticker at or before
    // `time`, newest first (an empty History for a ticker without any).
    bool readPrevious(qint64 time, const QStringList &tickers, int count, QHash<QString, History> *history,
        Schema::Failure *failure);
    // Into `history`: the stored snapshot of each ticker at the newest snapshot time at or before
    // `time` (its newest at or before `time`); into `notThere` the tickers without one there, whose
    // newest is older (readPrevious()).
    bool readLatest(qint64 time, const QStringList &tickers, QHash<QString, History> *history,
        QStringList *notThere, Schema::Failure *failure);
    // The stored last prices of the ticker in [from, to), oldest first.
    bool lastPrices(
        const QString &ticker, qint64 from, qint64 to, QList<Sample> *samples, Schema::Failure *failure);
    // A crossing found, not yet checked against the recorded firings.
    struct Candidate
    {
        AlertFiring firing;
        qint64 after = 0; // the earlier snapshot's time: a firing of the rule for the market after it
                          // means the crossing was recorded already
        // false when the history came from the kept samples: the file holds no snapshot of the
        // market after `after` but this batch's row (only this connection committed since it
        // stored it, or since prime() read it), so no firing after it either.
        bool checkRecorded = true;
    };
    // Appends to `firings` the candidates (in their order) without a firing of their rule for
    // their market after `after`: one statement per rule among those to check.
    bool appendUnfired(
        const QList<Candidate> &candidates, QList<AlertFiring> *firings, Schema::Failure *failure);
    bool firedWithStatus(
        qint64 ruleId, const QString &ticker, const QString &status, bool *fired, Schema::Failure *failure);

    // `history`: the stored row at the snapshot's time, then the stored snapshots before it.
    bool evaluateSnapshot(const AlertRule &rule, const SnapshotRecord &snapshot, const History &history,
        bool checkRecorded, QList<Candidate> *candidates, Schema::Failure *failure);
    bool evaluateStatus(const AlertRule &rule, const MarketRecord &market, qint64 time,
        QList<AlertFiring> *firings, Schema::Failure *failure);

    QSqlQuery &prepared(int slot, const char *sql, Schema::Failure *failure, bool *ok);
    QSqlQuery &prepared(int slot, const QString &sql, Schema::Failure *failure, bool *ok);

    const QString m_connectionName;
    QList<AlertRule> m_rules;
    RuleIndex m_byTicker;
    RuleIndex m_byEvent;
    RuleIndex m_bySeries;
    TargetFilter m_tickerFilter;
    TargetFilter m_eventFilter;
    TargetFilter m_seriesFilter;
    // The targets of the status rules, so that finding the markets they watch builds no rule lists.
    QSet<QString> m_statusTickers;
    QSet<QString> m_statusEvents;
    QSet<QString> m_statusSeries;
    bool m_hasStatusRules = false;
    bool m_hasSeriesStatusRules = false;
    bool m_rulesValid = false;
    qint64 m_dataVersion = -1;
    QHash<QString, QString> m_seriesOfEvent; // of this batch
    // The rules of each market whose event (and series, where series rules exist) is known, found
    // without a listing that names both: they never change for a market, so they stay until the
    // rules are read again.
    QHash<QString, MarketRules> m_rulesOfTicker;
    std::vector<ListingRules> m_listingRules;
    const MarketRecord *m_listingsLookedUp = nullptr; // the listings m_listingRules is of
    qsizetype m_listingsLookedUpCount = 0;
    struct StoredStatus
    {
        QString status;
        QString result;
    };
    QHash<QString, StoredStatus> m_statusBefore;
    // Of the markets in m_statusBefore: the index of the last listing of each in the batch (the one
    // stored), highest first.
    QList<qsizetype> m_statusListings;
    // The newest stored samples (up to three, newest first) of markets that rules watch, as the file
    // holds them after this connection's last commit. Valid only while no other connection commits
    // (PRAGMA data_version, read in loadRules() inside the write transaction) and the rules stay, so
    // never on PostgreSQL. A snapshot at a time newer than a market's newest sample here makes its
    // history without a read: the batch's row (when every row of the batch was stored, the stored
    // row is the batch's) and the two newest before it. This is what keeps a collector's snapshots
    // from reading the history of every watched market again; the first snapshot after opening, a
    // rule change or another process's commit still reads it.
    QHash<QString, History> m_recent;
    // What this batch will make of m_recent once it commits (an empty History: forget the market).
    QList<std::pair<QString, History>> m_pendingRecent;
    bool m_pendingForgetAll = false;
    bool m_canKeepHistory = false;
    // Whether m_recent holds samples from prime(), and the snapshot time of the first batch after
    // it. Those samples were the file's newest at the open; the markets prime() found watched (from
    // the stored markets, their events and series) may differ from what a batch's listings make
    // watched (a listing naming another series), and a batch writes the rows of markets it does not
    // watch without keeping them: such a market's primed sample would be stale from the next
    // snapshot time on. Within the first time a market written already is not served by kept
    // samples (its row is not stored again, so the batch reads the file).
    bool m_hasPrimed = false;
    std::optional<qint64> m_primedTime;
    std::vector<std::unique_ptr<QSqlQuery>> m_queries;
};

#include "browsertestdb.h"

#include "browser/browserreader.h"
#include "browser/browsertablemodel.h"
#include "storage/schema.h"
#include "testsupport.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLocale>
#include <QTest>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

namespace BrowserTestDb {

QStringList categories()
{
    return {QStringLiteral("Politics"), QStringLiteral("Economics"), QStringLiteral("Sports"),
        QStringLiteral("Climate and Weather"), QStringLiteral("Crypto"), QStringLiteral("Culture")};
}

bool write(const QString &path, const QStringList &statements, QString *error)
{
    const QString name = QStringLiteral("browser-test-writer-") + QUuid::createUuid().toString(QUuid::Id128);
    if (!Schema::openConnection(name, path, {}, error))
        return false;
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        QSqlQuery query(db);
        ok = query.exec(QStringLiteral("BEGIN IMMEDIATE"));
        for (const QString &sql : statements) {
            if (!ok)
                break;
            ok = query.exec(sql);
            if (!ok)
                *error = Schema::describe(query.lastError()) + QStringLiteral(" in ") + sql.left(120);
        }
        query.finish();
        if (ok)
            ok = db.commit();
        else
            db.rollback();
    }
    Schema::closeConnection(name);
    return ok;
}

bool create(const QString &path, const Shape &shape, QString *error)
{
    const int perEvent = qMax(1, shape.markets / shape.events);
    // Tokens like {EVENTS} are replaced: QString::arg() would take printf's %04d for a place marker.
    QString categoryCase = QStringLiteral("CASE i % 7");
    const QStringList names = categories();
    for (int i = 0; i < names.size(); ++i)
        categoryCase += QStringLiteral(" WHEN ") + QString::number(i) + QStringLiteral(" THEN '")
            + names.at(i) + u'\'';
    categoryCase += QStringLiteral(" ELSE NULL END");

    const QString events = QStringLiteral(
        "INSERT INTO events(ticker, series_ticker, title, sub_title, category, mutually_exclusive, "
        "is_placeholder, updated_at) "
        "WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < {EVENTS}) "
        "SELECT printf('KXEV-%04d', i), printf('KXSER%02d', i % 40), "
        "printf('Highest reading of series %d on day %d?', i % 40, i), "
        "CASE WHEN i % 3 = 0 THEN printf('Day %d', i) END, {CATEGORY}, i % 2, "
        "CASE WHEN i % 100 = 99 THEN 1 ELSE 0 END, 1767225600 + i FROM seq")
                               .replace(QStringLiteral("{EVENTS}"), QString::number(shape.events))
                               .replace(QStringLiteral("{CATEGORY}"), categoryCase);

    const QString markets = QStringLiteral(
        "INSERT INTO markets(ticker, event_ticker, series_ticker, market_type, title, subtitle, status, "
        "result, open_time, close_time, yes_bid, yes_ask, no_bid, no_ask, last_price, volume, volume_24h, "
        "open_interest, liquidity, updated_at) "
        "WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < {MARKETS}) "
        "SELECT printf('KXEV-%04d-M%06d', n / {PER_EVENT}, n), printf('KXEV-%04d', n / {PER_EVENT}), "
        "printf('KXSER%02d', (n / {PER_EVENT}) % 40), 'binary', "
        "CASE WHEN n % 2500 = 17 THEN printf('Rate cut 50%%_odds case %d', n) "
        "ELSE printf('Will reading %d of %s close above %d?', n, "
        "CASE n % 5 WHEN 0 THEN 'Alpha' WHEN 1 THEN 'beta' WHEN 2 THEN 'Gamma' WHEN 3 THEN 'delta' "
        "ELSE 'Epsilon' END, 50 + n % 450) END, "
        "CASE WHEN n % 4 = 0 THEN printf('Above %d', 50 + n % 450) END, "
        "CASE n % 10 WHEN 5 THEN 'closed' WHEN 6 THEN 'determined' WHEN 7 THEN 'finalized' "
        "WHEN 8 THEN 'initialized' WHEN 9 THEN 'inactive' ELSE 'active' END, "
        "CASE WHEN n % 10 IN (6, 7) THEN 'yes' ELSE '' END, "
        "1767225600 - 86400, "
        "CASE WHEN n % 29 = 0 THEN NULL ELSE 1767225600 + (n * 3607) % 31536000 END, "
        "CASE WHEN n % 17 = 0 THEN NULL WHEN n % 23 = 0 THEN (n * 7) % 9 * 1000 + 1000 "
        "ELSE ((n * 7919) % 98 + 1) * 10000 END, "
        "CASE WHEN n % 17 = 0 THEN NULL ELSE ((n * 7919) % 98 + 2) * 10000 END, "
        "CASE WHEN n % 17 = 0 THEN NULL ELSE (98 - (n * 7919) % 98) * 10000 END, "
        "CASE WHEN n % 17 = 0 THEN NULL ELSE (99 - (n * 7919) % 98) * 10000 END, "
        "CASE WHEN n % 19 = 0 THEN NULL ELSE ((n * 31) % 99 + 1) * 10000 END, "
        "(n * 104729) % 100000000, (n * 7) % 1000000, (n * 13) % 5000000, (n * 3) % 100000000, "
        "1767225600 + n FROM seq")
                                .replace(QStringLiteral("{MARKETS}"), QString::number(shape.markets))
                                .replace(QStringLiteral("{PER_EVENT}"), QString::number(perEvent));

    const QString settlements = QStringLiteral(
        "INSERT INTO settlements(ticker, event_ticker, result, settled_at, settlement_value) "
        "SELECT ticker, event_ticker, CASE CAST(substr(ticker, -6) AS INTEGER) % 3 WHEN 0 THEN 'yes' "
        "WHEN 1 THEN 'no' ELSE 'void' END, close_time + 3600 * (CAST(substr(ticker, -6) AS INTEGER) % 5), "
        "CASE CAST(substr(ticker, -6) AS INTEGER) % 3 WHEN 0 THEN 1000000 WHEN 1 THEN 0 ELSE NULL END "
        "FROM markets WHERE status IN ('determined', 'finalized') AND close_time IS NOT NULL");

    return write(path, {events, markets, settlements}, error);
}

namespace {

struct SeriesDefinition
{
    const char *series;
    const char *category;
    const char *eventTitle; // %1: date
    const char *marketTitle; // %1: strike, %2: date
    const char *strikePrefix;
    int firstStrike;
    int strikeStep;
    int strikes;
};

} // namespace

bool createShowcase(const QString &path, QString *error)
{
    static const SeriesDefinition definitions[] = {
        {"KXHIGHNY", "Climate and Weather", "Highest temperature in NYC on %1?",
            "Will the high temp in NYC be above %1\u00b0F on %2?", "T", 38, 2, 8},
        {"KXHIGHCHI", "Climate and Weather", "Highest temperature in Chicago on %1?",
            "Will the high temp in Chicago be above %1\u00b0F on %2?", "T", 30, 2, 8},
        {"KXBTCD", "Crypto", "Bitcoin price on %1 at 5pm EDT?", "Will Bitcoin be above $%1 on %2 at 5pm EDT?",
            "B", 82000, 1000, 10},
        {"KXETHD", "Crypto", "Ethereum price on %1 at 5pm EDT?",
            "Will Ethereum be above $%1 on %2 at 5pm EDT?", "B", 1800, 50, 8},
        {"KXINXU", "Economics", "S&P 500 close on %1?", "Will the S&P 500 close above %1 on %2?", "B", 5500,
            25, 10},
        {"KXAPPROVE", "Politics", "Presidential approval rating on %1?",
            "Will the approval rating be above %1% on %2?", "A", 38, 1, 8},
        {"KXSPOTIFY", "Culture", "Spotify daily streams of the top song on %1?",
            "Will the top song have more than %1 thousand streams on %2?", "S", 2800, 100, 6},
    };
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    const qint64 firstDay = 1773100800; // 2026-03-10 00:00 UTC
    const qint64 now = 1773500400; // 2026-03-14 15:00 UTC
    quint32 seed = 20260314;
    const auto random = [&seed](int range) {
        seed = seed * 1664525u + 1013904223u;
        return int((seed >> 8) % quint32(range));
    };

    QStringList events;
    QStringList markets;
    QStringList settlements;
    for (const SeriesDefinition &definition : definitions) {
        for (int day = 0; day < 10; ++day) {
            const qint64 dayStart = firstDay + day * 86400;
            const QDate date = QDateTime::fromSecsSinceEpoch(dayStart, Qt::UTC).date();
            const QString dateText = english.toString(date, QStringLiteral("MMM d, yyyy"));
            const QString eventTicker = QString::fromLatin1(definition.series) + QStringLiteral("-26")
                + english.toString(date, QStringLiteral("MMMdd")).toUpper();
            const qint64 closeTime = dayStart + 21 * 3600;
            const bool settled = closeTime + 3600 < now;
            const bool closed = !settled && closeTime < now;
            events << QStringLiteral("(%1, %2, %3, NULL, %4, 1, 0, %5)")
                          .arg(quoted(eventTicker), quoted(QString::fromLatin1(definition.series)),
                              quoted(QString::fromUtf8(definition.eventTitle).arg(dateText)),
                              quoted(QString::fromLatin1(definition.category)))
                          .arg(now - random(3600));
            // Where the outcome is expected, in strike steps from the first strike.
            const int center = 2 + random(definition.strikes - 3);
            for (int k = 0; k < definition.strikes; ++k) {
                const int strike = definition.firstStrike + k * definition.strikeStep;
                const QString ticker = eventTicker + u'-' + QString::fromLatin1(definition.strikePrefix)
                    + QString::number(strike);
                // A smooth falling probability curve over the strikes, in tenths of a cent.
                const int distance = k - center;
                int tenths = 500 - distance * 180 + random(60) - 30;
                tenths = qBound(1, tenths, 995);
                const qint64 bid = qint64(tenths < 10 ? tenths : tenths / 10 * 10) * 1000;
                const qint64 ask = qMin<qint64>(bid + (1 + random(3)) * 10000, 990000);
                const qint64 last = bid + random(int(ask - bid) / 10000 + 1) * 10000;
                const qint64 volume = qint64(random(4000000)) * (tenths > 100 && tenths < 900 ? 10 : 1);
                const qint64 openInterest = volume / 3 + random(50000);
                const QString status = settled
                    ? QStringLiteral("finalized")
                    : (closed ? QStringLiteral("closed") : QStringLiteral("active"));
                const bool yes = distance < 0;
                markets << QStringLiteral("(%1, %2, %3, 'binary', %4, %5, %6, %7, %8, %9, ")
                               .arg(quoted(ticker), quoted(eventTicker),
                                   quoted(QString::fromLatin1(definition.series)),
                                   quoted(QString::fromUtf8(definition.marketTitle)
                                              .arg(english.toString(strike), dateText)),
                                   quoted(QStringLiteral("Above ") + english.toString(strike)),
                                   quoted(status),
                                   quoted(settled ? (yes ? QStringLiteral("yes") : QStringLiteral("no"))
                                                  : QString()))
                               .arg(dayStart - 3 * 86400)
                               .arg(closeTime)
                        + (settled ? QStringLiteral("NULL, NULL, NULL, NULL, %1, ").arg(yes ? 1000000 : 0)
                                   : QStringLiteral("%1, %2, %3, %4, %5, ")
                                         .arg(bid)
                                         .arg(ask)
                                         .arg(1000000 - ask)
                                         .arg(1000000 - bid)
                                         .arg(last))
                        + QStringLiteral("%1, %2, %3, %4)")
                              .arg(volume)
                              .arg(volume / 7)
                              .arg(openInterest)
                              .arg(now - random(7200));
                if (settled) {
                    settlements << QStringLiteral("(%1, %2, %3, %4, %5)")
                                       .arg(quoted(ticker), quoted(eventTicker),
                                           quoted(yes ? QStringLiteral("yes") : QStringLiteral("no")))
                                       .arg(closeTime + 1800 + random(1800))
                                       .arg(yes ? 1000000 : 0);
                }
            }
        }
    }
    return write(path,
        {QStringLiteral("INSERT INTO events(ticker, series_ticker, title, sub_title, category, "
                        "mutually_exclusive, is_placeholder, updated_at) VALUES ")
                + events.join(u','),
            QStringLiteral("INSERT INTO markets(ticker, event_ticker, series_ticker, market_type, title, "
                           "subtitle, status, result, open_time, close_time, yes_bid, yes_ask, no_bid, "
                           "no_ask, last_price, volume, volume_24h, open_interest, updated_at) VALUES ")
                + markets.join(u','),
            QStringLiteral("INSERT INTO settlements(ticker, event_ticker, result, settled_at, "
                           "settlement_value) VALUES ")
                + settlements.join(u',')},
        error);
}

ReadConnection::ReadConnection(const QString &path)
    : m_name(QStringLiteral("browser-test-reader-") + QUuid::createUuid().toString(QUuid::Id128))
{
    Schema::ConnectionOptions options;
    options.access = Schema::Access::ReadOnly;
    m_open = Schema::openConnection(m_name, path, options, &m_error);
}

ReadConnection::~ReadConnection()
{
    if (m_open)
        Schema::closeConnection(m_name);
}

int checkpointBusy(const QString &path, int busyTimeoutMs)
{
    int busy = -1;
    const QString name
        = QStringLiteral("browser-test-checkpoint-") + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")) && query.next())
                busy = query.value(0).toInt();
            query.finish();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return busy;
}

qint64 walSize(const QString &path)
{
    return QFileInfo(path + QStringLiteral("-wal")).size();
}

Reader::Reader(const QString &path)
    : m_thread(std::make_unique<BrowserReaderThread>())
{
    m_error = m_thread->open(path);
}

Reader::~Reader() = default;

BrowserReader *Reader::reader() const
{
    return m_thread->reader();
}

bool settle(BrowserTableModel &model, int timeoutMs)
{
    return QTest::qWaitFor([&model] { return !model.isBusy(); }, timeoutMs);
}

bool attach(BrowserTableModel &model, const Reader &reader)
{
    model.setReader(reader.reader());
    return settle(model);
}

QStringList strings(const QString &path, const QString &sql)
{
    QStringList result;
    const QVariantList values = KmTest::queryColumn(path, sql);
    result.reserve(values.size());
    for (const QVariant &value : values)
        result.append(value.toString());
    return result;
}

QList<QVariantList> rows(const QString &path, const QString &sql)
{
    QList<QVariantList> result;
    const QString name = QStringLiteral("browser-test-rows-") + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        if (db.open()) {
            QSqlQuery query(db);
            query.setForwardOnly(true);
            if (query.exec(sql)) {
                while (query.next()) {
                    QVariantList row;
                    for (int column = 0; column < query.record().count(); ++column)
                        row.append(query.isNull(column) ? QVariant() : query.value(column));
                    result.append(row);
                }
            } else {
                qDebug("BrowserTestDb::rows failed: %s", qPrintable(query.lastError().text()));
            }
            query.finish();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

QStringList modelTickers(BrowserTableModel &model, int first, int count)
{
    const int end = count < 0 ? model.rowCount() : qMin(model.rowCount(), first + count);
    // Chunks the cache holds at once (it keeps BrowserTableModel::defaultCachedPages pages).
    const int chunk = model.pageSize() * (BrowserTableModel::defaultCachedPages / 2);
    QStringList tickers;
    for (int start = first; start < end; start += chunk) {
        const int last = qMin(end, start + chunk) - 1;
        model.ensureRows(start, last);
        if (!settle(model))
            qWarning("modelTickers: rows %d to %d did not arrive", start, last);
        for (int row = start; row <= last; ++row)
            tickers.append(model.tickerAt(row));
    }
    return tickers;
}

QString quoted(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\'', QStringLiteral("''"));
    return u'\'' + escaped + u'\'';
}

} // namespace BrowserTestDb

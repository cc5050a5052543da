// Page parsing: MarketParser over a JsonScanner-scanned page (what the sync uses) against the
// QJsonDocument path it replaced, on every /markets page of a kalshi-sim (modern, legacy and
// malformed markets), on hand-made edge cases and on random mutations of those. It first checks that
// both paths give identical records and skipped reasons and that the scanner accepts nothing Qt
// reads otherwise, and fails (exit 1) if not; then it times them.
#include "benchsupport.h"
#include "network/jsonscanner.h"
#include "network/marketparser.h"
#include "simulatorprocess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>

namespace {

bool sameText(const QString &a, const QString &b)
{
    return a == b && a.isNull() == b.isNull();
}

QString describeDifference(const MarketRecord &a, const MarketRecord &b)
{
    const QList<std::pair<const char *, std::pair<QString, QString>>> texts = {
        {"ticker", {a.ticker, b.ticker}},           {"eventTicker", {a.eventTicker, b.eventTicker}},
        {"seriesTicker", {a.seriesTicker, b.seriesTicker}}, {"marketType", {a.marketType, b.marketType}},
        {"title", {a.title, b.title}},              {"subtitle", {a.subtitle, b.subtitle}},
        {"yesSubTitle", {a.yesSubTitle, b.yesSubTitle}}, {"noSubTitle", {a.noSubTitle, b.noSubTitle}},
        {"status", {a.status, b.status}},           {"result", {a.result, b.result}},
    };
    for (const auto &[name, values] : texts) {
        if (!sameText(values.first, values.second))
            return QStringLiteral("%1: \"%2\" vs \"%3\"").arg(QString::fromLatin1(name), values.first, values.second);
    }
    const QList<std::pair<const char *, std::pair<std::optional<qint64>, std::optional<qint64>>>> numbers = {
        {"openTime", {a.openTime, b.openTime}},           {"closeTime", {a.closeTime, b.closeTime}},
        {"expirationTime", {a.expirationTime, b.expirationTime}}, {"settlementTs", {a.settlementTs, b.settlementTs}},
        {"yesBid", {a.yesBid, b.yesBid}},                 {"yesAsk", {a.yesAsk, b.yesAsk}},
        {"noBid", {a.noBid, b.noBid}},                    {"noAsk", {a.noAsk, b.noAsk}},
        {"lastPrice", {a.lastPrice, b.lastPrice}},        {"volume", {a.volume, b.volume}},
        {"volume24h", {a.volume24h, b.volume24h}},        {"openInterest", {a.openInterest, b.openInterest}},
        {"liquidity", {a.liquidity, b.liquidity}},        {"settlementValue", {a.settlementValue, b.settlementValue}},
    };
    for (const auto &[name, values] : numbers) {
        if (values.first != values.second)
            return QStringLiteral("%1: %2 vs %3")
                .arg(QString::fromLatin1(name))
                .arg(values.first ? QString::number(*values.first) : QStringLiteral("null"))
                .arg(values.second ? QString::number(*values.second) : QStringLiteral("null"));
    }
    return QString();
}

// Empty when both parses agree, else what differs first.
QString compare(const MarketParser::ParsedPage &expected, const MarketParser::ParsedPage &actual)
{
    if (expected.records.size() != actual.records.size() || expected.skipped.size() != actual.skipped.size())
        return QStringLiteral("%1 records and %2 skipped vs %3 and %4")
            .arg(expected.records.size())
            .arg(expected.skipped.size())
            .arg(actual.records.size())
            .arg(actual.skipped.size());
    for (qsizetype i = 0; i < expected.records.size(); ++i) {
        const QString difference = describeDifference(expected.records.at(i), actual.records.at(i));
        if (!difference.isEmpty())
            return QStringLiteral("record %1: %2").arg(i).arg(difference);
    }
    for (qsizetype i = 0; i < expected.skipped.size(); ++i) {
        if (!sameText(expected.skipped.at(i).ticker, actual.skipped.at(i).ticker)
            || expected.skipped.at(i).reason != actual.skipped.at(i).reason)
            return QStringLiteral("skipped %1: %2 (%3) vs %4 (%5)")
                .arg(i)
                .arg(expected.skipped.at(i).ticker, expected.skipped.at(i).reason, actual.skipped.at(i).ticker,
                     actual.skipped.at(i).reason);
    }
    return QString();
}

MarketParser::ParsedPage slowParse(const QByteArray &body)
{
    return MarketParser::parseMarketsPage(
        QJsonDocument::fromJson(body).object().value(QLatin1String("markets")).toArray());
}

bool scan(const QByteArray &body, ListPage *page)
{
    JsonScanner::ListBody scanned;
    if (!JsonScanner::scanListBody(body, QLatin1String("markets"), &scanned) || !scanned.items
        || scanned.items->kind != JsonScanner::Kind::Array)
        return false;
    page->body = body;
    page->scanned = true;
    page->elements = scanned.elements;
    return true;
}

QList<QByteArray> downloadPages(const QUrl &base, const QString &filter)
{
    QNetworkAccessManager manager;
    QList<QByteArray> pages;
    QString cursor;
    do {
        QUrl url(base.toString() + QStringLiteral("/markets"));
        QString query = QStringLiteral("limit=1000") + filter;
        if (!cursor.isEmpty())
            query += QStringLiteral("&cursor=") + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
        url.setQuery(query, QUrl::StrictMode);
        QNetworkReply *reply = manager.get(QNetworkRequest(url));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const QByteArray body = reply->readAll();
        delete reply;
        pages.append(body);
        cursor = QJsonDocument::fromJson(body).object().value(QLatin1String("cursor")).toString();
    } while (!cursor.isEmpty());
    return pages;
}

// Hand-made items around every rule of MarketParser and every corner of the scanner.
QList<QByteArray> edgeCases()
{
    const QByteArray base = R"("event_ticker":"KXE-26","status":"active","title":"T")";
    const QList<QByteArray> items = {
        R"({"ticker":"A1",)" + base + R"(,"yes_bid_dollars":"0.4500","volume_fp":"3877.56"})",
        R"({"ticker":"A2",)" + base + R"(,"subtitle":"quote \" slash \\ \/ nl \n tab \t u \u00e9 \u20ac nul \u0000"})",
        R"({"ticker":"A3",)" + base + R"(,"subtitle":"direct é € 😀"})",
        R"({"ticker":"A4",)" + base + R"(,"ticker":"A4b"})",
        R"({"tick\u0065r":"A5",)" + base + "}",
        R"({"ticker":"A6","event_ticker":"KXE-26","status":"active","title":""})",
        R"({"ticker":"A7",)" + base + R"(,"subtitle":"","result":"","series_ticker":"","market_type":null})",
        R"({"ticker":"A8",)" + base + R"(,"yes_bid":45,"yes_ask":-3,"no_bid":0,"volume":12,"liquidity":-5})",
        R"({"ticker":"A9",)" + base + R"(,"yes_bid":45.0})",
        R"({"ticker":"A10",)" + base + R"(,"yes_bid":45.5})",
        R"({"ticker":"A11",)" + base + R"(,"yes_bid":123456789012345})",
        R"({"ticker":"A12",)" + base + R"(,"yes_bid_dollars":0.45})",
        R"({"ticker":"A13",)" + base + R"(,"yes_bid_dollars":"","yes_bid":45})",
        R"({"ticker":"A14",)" + base + R"(,"yes_bid_dollars":null,"yes_bid":45})",
        R"({"ticker":"A15",)" + base + R"(,"yes_bid_dollars":"0.45001"})",
        R"({"ticker":"A16",)" + base + R"(,"yes_bid_dollars":"0.0010","liquidity_dollars":"-1.0000"})",
        R"({"ticker":"A17",)" + base + R"(,"close_time":"2026-12-05T21:00:00Z","open_time":"2026-12-05T21:00:00.123+01:30"})",
        R"({"ticker":"A18",)" + base + R"(,"close_time":"2026-13-05T21:00:00Z"})",
        R"({"ticker":"A19",)" + base + R"(,"close_time":""})",
        R"({"ticker":"A20",)" + base + R"(,"close_time":1767225600})",
        R"({"event_ticker":"KXE-26","status":"active","title":"no ticker"})",
        R"({"ticker":"","event_ticker":"KXE-26","status":"active","title":"empty ticker"})",
        R"({"ticker":"A23","event_ticker":"KXE-26","status":"active"})",
        R"({"ticker":"A24","event_ticker":"KXE-26","status":5,"title":"x"})",
        R"({"ticker":"A25",)" + base + R"(,"series_ticker":"KXS","nested":{"a":[1,2,{"b":"}]\""}],"c":null},"flag":true})",
        R"(  { "ticker" : "A26" , "event_ticker":"NODASH" ,"status":"active","title":"T" , "volume_24h_fp" : "1.5" }  )",
        R"({"ticker":"A27",)" + base + R"(,"settlement_value_dollars":"1.0000","settlement_ts":"2026-12-06T00:00:00Z","result":"yes"})",
        R"({"ticker":"A28",)" + base + R"(,"open_interest":null,"open_interest_fp":null})",
        R"({"ticker":"A29",)" + base + R"(,"volume_fp":"12.345"})",
        R"({"ticker":"A30",)" + base + R"(,"yes_ask_dollars":true})",
        R"({"ticker":"A31",)" + base + R"(,"no_ask":-0})",
        "42",
        R"("a string item")",
        "null",
        "[1,2]",
        "{}",
    };
    QList<QByteArray> bodies;
    for (const QByteArray &item : items)
        bodies.append(R"({"markets":[)" + item + R"(],"cursor":""})");
    QByteArray all = R"({"cursor":null,"markets":[)";
    for (qsizetype i = 0; i < items.size(); ++i)
        all += (i ? "," : "") + items.at(i);
    bodies.append(all + "]}");
    return bodies;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    SimulatorProcess simulator;
    QString error;
    if (!simulator.start({QStringLiteral("--markets"), QStringLiteral("20000"), QStringLiteral("--settled"),
                          QStringLiteral("3000"), QStringLiteral("--malformed-every"), QStringLiteral("97")},
                         &error)) {
        Bench::note(error);
        return 1;
    }
    QList<QByteArray> pages = downloadPages(simulator.baseUrl(), QString());
    pages += downloadPages(simulator.baseUrl(), QStringLiteral("&status=settled"));
    simulator.stop();

    // Identical results first.
    int checked = 0;
    int scannedEdgeCases = 0;
    qint64 records = 0;
    for (const QByteArray &body : pages + edgeCases()) {
        const bool edgeCase = checked >= pages.size();
        ListPage page;
        if (!scan(body, &page)) {
            if (!edgeCase) {
                Bench::note(QStringLiteral("the scanner refused simulator page %1").arg(checked + 1));
                return 1;
            }
            ++checked;
            continue;
        }
        scannedEdgeCases += edgeCase ? 1 : 0;
        const MarketParser::ParsedPage expected = slowParse(body);
        const QString difference = compare(expected, MarketParser::parseMarketsPage(page));
        if (!difference.isEmpty()) {
            Bench::note(QStringLiteral("body %1 parses differently: %2\n  %3").arg(checked + 1).arg(difference,
                                                                                                  QString::fromUtf8(body.left(300))));
            return 1;
        }
        records += expected.records.size() + expected.skipped.size();
        ++checked;
    }
    Bench::note(QStringLiteral("%1 bodies (%2 simulator pages, %3 edge cases scanned), %4 items: identical results")
                    .arg(checked)
                    .arg(pages.size())
                    .arg(scannedEdgeCases)
                    .arg(records));

    // Random one- and two-byte mutations of the edge cases: whatever the scanner accepts, Qt must
    // accept too, with the same cursor, and both parses must agree.
    const QList<QByteArray> seeds = edgeCases();
    const QByteArray alphabet = QByteArrayLiteral("{}[]\",:\\ \t\nunlfe0123456789.-+Eabc\x7f\xc3\xa9\xed\xa0\x80\xef\xbf\xbe");
    QRandomGenerator random(20261127);
    int accepted = 0;
    constexpr int mutations = 40000;
    for (int i = 0; i < mutations; ++i) {
        QByteArray body = seeds.at(int(random.bounded(seeds.size())));
        for (int edit = 0; edit < 1 + int(random.bounded(2)); ++edit) {
            const qsizetype at = random.bounded(body.size());
            const char c = alphabet.at(random.bounded(alphabet.size()));
            switch (random.bounded(3)) {
            case 0:
                body[at] = c;
                break;
            case 1:
                body.insert(at, c);
                break;
            default:
                body.remove(at, 1);
                break;
            }
        }
        JsonScanner::ListBody scanned;
        if (!JsonScanner::scanListBody(body, QLatin1String("markets"), &scanned))
            continue;
        ++accepted;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(body, &error);
        const bool cursorAgrees = !scanned.cursor || scanned.cursor->kind != JsonScanner::Kind::String
            || JsonScanner::decodeString(QByteArrayView(body).sliced(scanned.cursor->begin, scanned.cursor->end - scanned.cursor->begin))
                   == document.object().value(QLatin1String("cursor")).toString();
        if (error.error != QJsonParseError::NoError || !document.isObject() || !cursorAgrees) {
            Bench::note(QStringLiteral("the scanner accepted what Qt reads otherwise (%1): %2")
                            .arg(error.errorString(), QString::fromUtf8(body.toPercentEncoding(" {}[]\",:"))));
            return 1;
        }
        ListPage page;
        if (scan(body, &page)) {
            const QString difference = compare(slowParse(body), MarketParser::parseMarketsPage(page));
            if (!difference.isEmpty()) {
                Bench::note(QStringLiteral("mutated body parses differently: %1\n  %2").arg(difference, QString::fromUtf8(body)));
                return 1;
            }
        }
    }
    Bench::note(QStringLiteral("%1 random mutations, %2 accepted by the scanner: Qt agrees on all").arg(mutations).arg(accepted));

    // Then speed, over the simulator pages, a few rounds of each.
    QList<double> slow;
    QList<double> fast;
    qint64 markets = 0;
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer timer;
        timer.start();
        markets = 0;
        for (const QByteArray &body : std::as_const(pages)) {
            const QJsonDocument document = QJsonDocument::fromJson(body);
            markets += MarketParser::parseMarketsPage(document.object().value(QLatin1String("markets")).toArray()).records.size();
        }
        slow.append(double(timer.nsecsElapsed()) / 1e6);
        timer.restart();
        for (const QByteArray &body : std::as_const(pages)) {
            ListPage page;
            scan(body, &page);
            MarketParser::parseMarketsPage(page);
        }
        fast.append(double(timer.nsecsElapsed()) / 1e6);
    }
    const double per1000 = 1000.0 / double(markets);
    Bench::note(QStringLiteral("QJsonDocument path ms: %1; scanned path ms: %2 (%3 markets)")
                    .arg(Bench::samples(slow, 1), Bench::samples(fast, 1))
                    .arg(markets));
    Bench::figure("parse_qjson_ms_per_1000_markets", Bench::median(slow) * per1000, 2, "info");
    Bench::figure("parse_scanned_ms_per_1000_markets", Bench::median(fast) * per1000, 2, "info");
    Bench::figure("parse_scanned_vs_qjson", Bench::median(fast) / Bench::median(slow), 2, "info; identical results");
    return 0;
}

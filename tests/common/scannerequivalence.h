#pragma once

// Checks that a page parsed through JsonScanner (what the sync uses) gives exactly what the
// QJsonDocument path gives: shared by tst_jsonscanner (correctness) and km-bench-parse (timing).
#include "network/jsonscanner.h"
#include "network/listpage.h"
#include "network/marketparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace ScannerEquivalence {

inline bool sameText(const QString &a, const QString &b)
{
    return a == b && a.isNull() == b.isNull();
}

inline QString describeDifference(const MarketRecord &a, const MarketRecord &b)
{
    const QList<std::pair<const char *, std::pair<QString, QString>>> texts = {
        {"ticker", {a.ticker, b.ticker}},
        {"eventTicker", {a.eventTicker, b.eventTicker}},
        {"seriesTicker", {a.seriesTicker, b.seriesTicker}},
        {"marketType", {a.marketType, b.marketType}},
        {"title", {a.title, b.title}},
        {"subtitle", {a.subtitle, b.subtitle}},
        {"yesSubTitle", {a.yesSubTitle, b.yesSubTitle}},
        {"noSubTitle", {a.noSubTitle, b.noSubTitle}},
        {"status", {a.status, b.status}},
        {"result", {a.result, b.result}},
    };
    for (const auto &[name, values] : texts) {
        if (!sameText(values.first, values.second))
            return QStringLiteral("%1: \"%2\" vs \"%3\"")
                .arg(QString::fromLatin1(name), values.first, values.second);
    }
    const QList<std::pair<const char *, std::pair<std::optional<qint64>, std::optional<qint64>>>> numbers = {
        {"openTime", {a.openTime, b.openTime}},
        {"closeTime", {a.closeTime, b.closeTime}},
        {"expirationTime", {a.expirationTime, b.expirationTime}},
        {"settlementTs", {a.settlementTs, b.settlementTs}},
        {"yesBid", {a.yesBid, b.yesBid}},
        {"yesAsk", {a.yesAsk, b.yesAsk}},
        {"noBid", {a.noBid, b.noBid}},
        {"noAsk", {a.noAsk, b.noAsk}},
        {"lastPrice", {a.lastPrice, b.lastPrice}},
        {"volume", {a.volume, b.volume}},
        {"volume24h", {a.volume24h, b.volume24h}},
        {"openInterest", {a.openInterest, b.openInterest}},
        {"liquidity", {a.liquidity, b.liquidity}},
        {"settlementValue", {a.settlementValue, b.settlementValue}},
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
inline QString compare(const MarketParser::ParsedPage &expected, const MarketParser::ParsedPage &actual)
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
                .arg(expected.skipped.at(i).ticker, expected.skipped.at(i).reason,
                    actual.skipped.at(i).ticker, actual.skipped.at(i).reason);
    }
    return QString();
}

inline MarketParser::ParsedPage slowParse(const QByteArray &body)
{
    return MarketParser::parseMarketsPage(
        QJsonDocument::fromJson(body).object().value(QLatin1String("markets")).toArray());
}

inline bool scan(const QByteArray &body, ListPage *page)
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

// Hand-made items around every rule of MarketParser and every corner of the scanner.
inline QList<QByteArray> edgeCases()
{
    const QByteArray base = R"("event_ticker":"KXE-26","status":"active","title":"T")";
    const QList<QByteArray> items = {
        R"({"ticker":"A1",)" + base + R"(,"yes_bid_dollars":"0.4500","volume_fp":"3877.56"})",
        R"({"ticker":"A2",)" + base
            + R"(,"subtitle":"quote \" slash \\ \/ nl \n tab \t u \u00e9 \u20ac nul \u0000"})",
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
        R"({"ticker":"A17",)" + base
            + R"(,"close_time":"2026-12-05T21:00:00Z","open_time":"2026-12-05T21:00:00.123+01:30"})",
        R"({"ticker":"A18",)" + base + R"(,"close_time":"2026-13-05T21:00:00Z"})",
        R"({"ticker":"A19",)" + base + R"(,"close_time":""})",
        R"({"ticker":"A20",)" + base + R"(,"close_time":1767225600})",
        R"({"event_ticker":"KXE-26","status":"active","title":"no ticker"})",
        R"({"ticker":"","event_ticker":"KXE-26","status":"active","title":"empty ticker"})",
        R"({"ticker":"A23","event_ticker":"KXE-26","status":"active"})",
        R"({"ticker":"A24","event_ticker":"KXE-26","status":5,"title":"x"})",
        R"({"ticker":"A25",)" + base
            + R"(,"series_ticker":"KXS","nested":{"a":[1,2,{"b":"}]\""}],"c":null},"flag":true})",
        R"(  { "ticker" : "A26" , "event_ticker":"NODASH" ,"status":"active","title":"T" , "volume_24h_fp" : "1.5" }  )",
        R"({"ticker":"A27",)" + base
            + R"(,"settlement_value_dollars":"1.0000","settlement_ts":"2026-12-06T00:00:00Z","result":"yes"})",
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

// A realistic page of modern, legacy and settled markets, as the simulator and Kalshi send them.
inline QByteArray realisticPage()
{
    QByteArray page = R"({"markets":[)";
    for (int i = 0; i < 200; ++i) {
        if (i > 0)
            page += ',';
        const QByteArray n = QByteArray::number(i);
        QByteArray item = R"({"ticker":"KXSIM1-26DEC05-M)" + n
            + R"(","event_ticker":"KXSIM1-26DEC05","market_type":"binary",)"
              R"("title":"Will it be above )"
            + n + R"(?","subtitle":"Above )" + n + R"(","status":")" + (i % 5 == 0 ? "finalized" : "active")
            + R"(","result":")" + (i % 5 == 0 ? "yes" : "")
            + R"(",)"
              R"("open_time":"2026-09-26T00:00:00Z","close_time":"2026-12-05T21:00:00Z",)"
              R"("expiration_time":"2026-12-05T22:00:00Z",)";
        if (i % 7 == 0) {
            item += R"("yes_bid":)" + QByteArray::number(i % 90) + R"(,"yes_ask":)"
                + QByteArray::number(i % 90 + 2) + R"(,"volume":)" + n + R"(,"liquidity":-1})";
        } else {
            item += R"("yes_bid_dollars":"0.)" + QByteArray::number(1000 + i).right(4)
                + R"(","yes_ask_dollars":"0.9900",)"
                  R"("volume_fp":")"
                + n + R"(.25","open_interest_fp":"12.00","mve_selected_legs":[{"side":"yes"}]})";
        }
        page += item;
    }
    return page + R"(],"cursor":"abc+/=="})";
}

// One or two random byte edits (replace, insert, delete) drawn from JSON's own characters and
// a few UTF-8 troublemakers: the mutation step of the random comparisons.
inline QByteArray mutate(QByteArray body, QRandomGenerator &random)
{
    static const QByteArray alphabet
        = QByteArrayLiteral("{}[]\",:\\ \t\nunlfe0123456789.-+Eabc\x7f\xc3\xa9\xed\xa0\x80\xef\xbf\xbe");
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
    return body;
}

} // namespace ScannerEquivalence

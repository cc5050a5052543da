// Page parsing: MarketParser over a JsonScanner-scanned page (what the sync uses) against the
// QJsonDocument path it replaced, on every /markets page of a kalshi-sim (modern, legacy and
// malformed markets), on hand-made edge cases and on random mutations of those. It first checks that
// both paths give identical records and skipped reasons and that the scanner accepts nothing Qt
// reads otherwise, and fails (exit 1) if not; then it times them.
#include "benchsupport.h"
#include "network/jsonscanner.h"
#include "network/marketparser.h"
#include "scannerequivalence.h"
#include "simulatorprocess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>

using namespace ScannerEquivalence;

namespace {

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

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    SimulatorProcess simulator;
    QString error;
    if (!simulator.start(
            {QStringLiteral("--markets"), QStringLiteral("20000"), QStringLiteral("--settled"),
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
            Bench::note(QStringLiteral("body %1 parses differently: %2\n  %3")
                            .arg(checked + 1)
                            .arg(difference, QString::fromUtf8(body.left(300))));
            return 1;
        }
        records += expected.records.size() + expected.skipped.size();
        ++checked;
    }
    Bench::note(
        QStringLiteral("%1 bodies (%2 simulator pages, %3 edge cases scanned), %4 items: identical results")
            .arg(checked)
            .arg(pages.size())
            .arg(scannedEdgeCases)
            .arg(records));

    // Random one- and two-byte mutations of the edge cases: whatever the scanner accepts, Qt must
    // accept too, with the same cursor, and both parses must agree.
    const QList<QByteArray> seeds = edgeCases();
    QRandomGenerator random(20261127);
    int accepted = 0;
    constexpr int mutations = 40000;
    for (int i = 0; i < mutations; ++i) {
        const QByteArray body = mutate(seeds.at(int(random.bounded(seeds.size()))), random);
        JsonScanner::ListBody scanned;
        if (!JsonScanner::scanListBody(body, QLatin1String("markets"), &scanned))
            continue;
        ++accepted;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(body, &error);
        const bool cursorAgrees = !scanned.cursor || scanned.cursor->kind != JsonScanner::Kind::String
            || JsonScanner::decodeString(QByteArrayView(body).sliced(
                   scanned.cursor->begin, scanned.cursor->end - scanned.cursor->begin))
                == document.object().value(QLatin1String("cursor")).toString();
        if (error.error != QJsonParseError::NoError || !document.isObject() || !cursorAgrees) {
            Bench::note(
                QStringLiteral("the scanner accepted what Qt reads otherwise (%1): %2")
                    .arg(error.errorString(), QString::fromUtf8(body.toPercentEncoding(" {}[]\",:"))));
            return 1;
        }
        ListPage page;
        if (scan(body, &page)) {
            const QString difference = compare(slowParse(body), MarketParser::parseMarketsPage(page));
            if (!difference.isEmpty()) {
                Bench::note(QStringLiteral("mutated body parses differently: %1\n  %2")
                                .arg(difference, QString::fromUtf8(body)));
                return 1;
            }
        }
    }
    Bench::note(QStringLiteral("%1 random mutations, %2 accepted by the scanner: Qt agrees on all")
                    .arg(mutations)
                    .arg(accepted));

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
            markets
                += MarketParser::parseMarketsPage(document.object().value(QLatin1String("markets")).toArray())
                       .records.size();
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
    Bench::figure(
        "parse_scanned_vs_qjson", Bench::median(fast) / Bench::median(slow), 2, "info; identical results");
    return 0;
}

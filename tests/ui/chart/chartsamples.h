#pragma once

#include "chart/chartdata.h"

#include <QList>

#include <algorithm>

// Deterministic snapshot series shared by tst_snapshotchart and the example renderer.
namespace ChartSamples {

// Regular snapshots every `spacing` seconds with bid 40¢, ask 44¢, last 42¢ (+ a small ripple so the
// line is not flat) and a cumulative volume growing by 10 contracts per snapshot.
inline QList<ChartPoint> regular(int count, qint64 start = 1764000000, qint64 spacing = 60)
{
    QList<ChartPoint> points;
    points.reserve(count);
    for (int i = 0; i < count; ++i) {
        ChartPoint p;
        p.time = start + i * spacing;
        p.yesBid = 400000;
        p.yesAsk = 440000;
        p.lastPrice = 420000 + (i % 3 - 1) * 2000;
        p.volume = 100000 + i * 1000;
        points.append(p);
    }
    return points;
}

// A small deterministic generator, so the series is the same on every machine.
class Lcg
{
public:
    explicit Lcg(quint64 seed)
        : m_state(seed)
    {
    }
    // Uniform in [0, 1).
    double next()
    {
        m_state = m_state * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(m_state >> 11) / double(1ULL << 53);
    }

private:
    quint64 m_state;
};

// A realistic day of a thin market: one-minute snapshots, a mid price moving in sub-penny ticks
// (0.1¢), a spread of 1-3¢ that changes now and then, a last price that moves only on trades, a
// 90-minute collection outage after point 300, a short stretch with an empty book, and volume
// bursts when the price jumps.
inline QList<ChartPoint> realistic(int count = 500, qint64 start = 1764054000)
{
    QList<ChartPoint> points;
    points.reserve(count);
    Lcg random(20261127);
    qint64 mid = 380000;
    qint64 halfSpread = 10000;
    qint64 last = 380000;
    qint64 cumulative = 1234500;
    qint64 time = start;
    for (int i = 0; i < count; ++i) {
        ChartPoint p;
        time += (i % 500 == 300) ? 90 * 60 : 60;
        p.time = time;
        const int phase = i % 500;
        const bool burst = phase == 120 || phase == 121 || phase == 250 || phase == 380 || phase == 381;
        if (random.next() < 0.3)
            mid += qint64((random.next() - 0.5) * 10) * 1000;
        if (burst)
            mid += (phase < 300 ? 1 : -1) * (15 + qint64(random.next() * 20)) * 1000;
        if (phase == 301)
            mid += 40000; // the market moved during the outage
        mid = std::clamp<qint64>(mid, 80000, 920000);
        if (random.next() < 0.05)
            halfSpread = 5000 + qint64(random.next() * 3) * 5000;
        if (phase >= 200 && phase < 212) {
            p.yesBid = 0;
            p.yesAsk = 1000000; // empty book: no quote
        } else {
            p.yesBid = mid - halfSpread;
            p.yesAsk = mid + halfSpread;
        }
        qint64 traded = 0; // centi-contracts
        if (random.next() < 0.35)
            traded = 100 + qint64(random.next() * random.next() * random.next() * 8000);
        if (burst)
            traded += 40000 + qint64(random.next() * 110000);
        if (traded > 0)
            last = mid + qint64((random.next() - 0.5) * 2 * double(halfSpread) / 1000) * 1000;
        p.lastPrice = last;
        cumulative += traded;
        p.volume = cumulative;
        points.append(p);
    }
    return points;
}

} // namespace ChartSamples

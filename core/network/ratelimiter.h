#pragma once

#include <QtGlobal>

#include <functional>
#include <limits>

// Paces requests with a token bucket (GCRA form): tokens refill at `rate` per second and at most
// `burst` of them accumulate while idle. Plain value class, not thread-safe: each KalshiClient owns
// one and uses it from the sync thread only.
//
// Burst: the server allows about 20 requests per second. A bucket of B tokens refilling at R/s lets
// at most B + R requests into any one-second window. The default B = 1 is strict even spacing
// (R + 1 = 16 per window at most, and N requests span at least (N - 1) / R seconds). A bucket of
// "1-2 seconds worth" (15-30 tokens) would let 30-45 requests into the first second after an idle
// pause, exactly the burst the server punishes, to save at most (B - 1) / R seconds per pause.
class RateLimiter final
{
public:
    // Monotonic time in nanoseconds; the default reads a QElapsedTimer started at construction.
    using Clock = std::function<qint64()>;

    static constexpr double defaultRate = 15.0;
    static constexpr int defaultBurst = 1;
    // The rates a user may choose (kalshi-monitor-cli --rate-limit): one request in 100 s to 1000/s.
    static constexpr double minimumRate = 0.01;
    static constexpr double maximumRate = 1000.0;

    // requestsPerSecond <= 0, NaN or infinite means unlimited; a smaller positive rate than
    // minimumRate counts as minimumRate, so the interval stays far inside qint64 nanoseconds.
    // burst < 1 counts as 1 (strictly even spacing).
    explicit RateLimiter(
        double requestsPerSecond = defaultRate, int burst = defaultBurst, Clock clock = Clock());

    void setRate(double requestsPerSecond, int burst = defaultBurst);
    double rate() const { return m_rate; }
    int burst() const { return m_burst; }
    bool isUnlimited() const { return m_intervalNs == 0; }

    // Claims the next free slot and returns how many milliseconds from now it starts (0 = go now).
    // Every call consumes a slot, so calls made before the earlier slots have passed queue up behind
    // them. Rounded up: waiting the returned time never sends early.
    qint64 reserve();

    // The wait reserve() would return now, without claiming anything.
    qint64 currentDelayMs() const;

private:
    qint64 nowNs() const;
    qint64 delayNs(qint64 now) const;

    Clock m_clock;
    double m_rate = 0;
    int m_burst = 1;
    qint64 m_intervalNs = 0; // 0 when unlimited
    // When the next slot is free if no burst were allowed; far past while idle.
    qint64 m_theoreticalArrivalNs = std::numeric_limits<qint64>::min();
};

#include "network/ratelimiter.h"

#include <QElapsedTimer>

#include <cmath>
#include <memory>

namespace {

qint64 nsToMsCeil(qint64 ns)
{
    return ns <= 0 ? 0 : (ns + 999999) / 1000000;
}

} // namespace

RateLimiter::RateLimiter(double requestsPerSecond, int burst, Clock clock)
    : m_clock(std::move(clock))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] { return timer->nsecsElapsed(); };
    }
    setRate(requestsPerSecond, burst);
}

void RateLimiter::setRate(double requestsPerSecond, int burst)
{
    m_rate = requestsPerSecond > 0 && std::isfinite(requestsPerSecond) ? qMax(minimumRate, requestsPerSecond)
                                                                       : 0;
    m_burst = qMax(1, burst);
    // Rounded up so that N slots never span less than (N - 1) / rate seconds.
    m_intervalNs = m_rate > 0 ? qint64(std::ceil(1e9 / m_rate)) : 0;
}

qint64 RateLimiter::nowNs() const
{
    return m_clock();
}

qint64 RateLimiter::delayNs(qint64 now) const
{
    if (isUnlimited())
        return 0;
    const qint64 tat = qMax(m_theoreticalArrivalNs, now);
    return qMax<qint64>(0, tat - qint64(m_burst - 1) * m_intervalNs - now);
}

qint64 RateLimiter::reserve()
{
    if (isUnlimited())
        return 0;
    const qint64 now = nowNs();
    const qint64 wait = delayNs(now);
    m_theoreticalArrivalNs = qMax(m_theoreticalArrivalNs, now) + m_intervalNs;
    return nsToMsCeil(wait);
}

qint64 RateLimiter::currentDelayMs() const
{
    return nsToMsCeil(delayNs(nowNs()));
}

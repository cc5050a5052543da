#include "network/ratelimiter.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <cmath>

namespace {

constexpr qint64 nsPerMs = 1000000;

} // namespace

class TstRateLimiter : public QObject
{
    Q_OBJECT

    qint64 m_nowNs = 0;

    RateLimiter makeLimiter(double rate, int burst)
    {
        return RateLimiter(rate, burst, [this] { return m_nowNs; });
    }

    // A caller that sends each request exactly when the limiter allows it; returns the send times.
    QList<qint64> sendPaced(RateLimiter &limiter, int count)
    {
        QList<qint64> sentAtNs;
        for (int i = 0; i < count; ++i) {
            m_nowNs += limiter.reserve() * nsPerMs;
            sentAtNs.append(m_nowNs);
        }
        return sentAtNs;
    }

    static int largestCountInWindow(const QList<qint64> &timesNs, qint64 windowNs)
    {
        int largest = 0;
        for (qsizetype first = 0; first < timesNs.size(); ++first) {
            int count = 0;
            for (qsizetype i = first; i < timesNs.size() && timesNs.at(i) - timesNs.at(first) <= windowNs;
                 ++i)
                ++count;
            largest = qMax(largest, count);
        }
        return largest;
    }

private Q_SLOTS:
    void init()
    {
        KmTest::failOnForbiddenWarnings();
        m_nowNs = 5 * 1000 * nsPerMs; // any start: the clock is not assumed to begin at 0
    }

    void pacing_data()
    {
        QTest::addColumn<double>("rate");
        QTest::addColumn<int>("burst");
        QTest::addColumn<int>("count");

        QTest::newRow("15/s default") << 15.0 << RateLimiter::defaultBurst << 31;
        QTest::newRow("15/s burst 3") << 15.0 << 3 << 40;
        QTest::newRow("20/s") << 20.0 << 1 << 50;
        QTest::newRow("2/s") << 2.0 << 1 << 7;
        QTest::newRow("0.5/s") << 0.5 << 1 << 4;
        QTest::newRow("400/s") << 400.0 << 1 << 1000;
    }

    void pacing()
    {
        QFETCH(double, rate);
        QFETCH(int, burst);
        QFETCH(int, count);

        RateLimiter limiter = makeLimiter(rate, burst);
        const QList<qint64> sent = sendPaced(limiter, count);

        // The first `burst` go at once, every later one a full interval after its slot's predecessor.
        const double intervalMs = 1000.0 / rate;
        for (int i = 0; i < burst; ++i)
            QCOMPARE(sent.at(i), sent.first());
        const double spanMs = double(sent.last() - sent.first()) / nsPerMs;
        QVERIFY2(spanMs >= (count - burst) * intervalMs,
            qPrintable(QStringLiteral("%1 requests took %2 ms").arg(count).arg(spanMs)));
        // Not slower than needed: each send waits at most 1 ms of rounding beyond its slot.
        QVERIFY2(spanMs <= (count - burst) * intervalMs + count,
            qPrintable(QStringLiteral("%1 requests took %2 ms").arg(count).arg(spanMs)));
        for (qsizetype i = burst; i < sent.size(); ++i) {
            const double gapMs = double(sent.at(i) - sent.at(i - 1)) / nsPerMs;
            QVERIFY2(gapMs >= intervalMs - 1.0,
                qPrintable(QStringLiteral("gap %1 ms before request %2").arg(gapMs).arg(i)));
        }
        // No one-second window ever holds more than the bucket plus one second of refill.
        QVERIFY(largestCountInWindow(sent, 1000 * nsPerMs) <= burst + int(std::ceil(rate)));
    }

    void fifteenPerSecondNeverReachesTheServerLimit()
    {
        RateLimiter limiter = makeLimiter(15.0, RateLimiter::defaultBurst);
        const QList<qint64> sent = sendPaced(limiter, 200);
        const int largest = largestCountInWindow(sent, 1000 * nsPerMs);
        QVERIFY2(largest <= 16, qPrintable(QString::number(largest)));
        QVERIFY(largest < 20);
        // 200 requests: at least 199 / 15 s.
        QVERIFY(sent.last() - sent.first() >= 199LL * 1000 * nsPerMs / 15);
    }

    void reservationsQueueUpWhenMadeAtOnce()
    {
        // Reserving for a whole queue at the same instant hands out consecutive slots.
        RateLimiter limiter = makeLimiter(15.0, 1);
        for (int i = 0; i < 30; ++i) {
            const qint64 wait = limiter.reserve();
            QVERIFY2(
                wait * 15 >= i * 1000LL, qPrintable(QStringLiteral("slot %1 in %2 ms").arg(i).arg(wait)));
            QVERIFY2(wait * 15 <= i * 1000LL + 15,
                qPrintable(QStringLiteral("slot %1 in %2 ms").arg(i).arg(wait)));
        }
    }

    void burstRefillsOnlyUpToItsSize()
    {
        RateLimiter limiter = makeLimiter(10.0, 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(limiter.reserve(), qint64(0));
        QCOMPARE(limiter.reserve(), qint64(100));

        // A long idle pause refills the bucket to 3, not to 10 s worth.
        m_nowNs += 10 * 1000 * nsPerMs;
        for (int i = 0; i < 3; ++i)
            QCOMPARE(limiter.reserve(), qint64(0));
        QCOMPARE(limiter.reserve(), qint64(100));
        QCOMPARE(limiter.reserve(), qint64(200));

        // Half an interval later the next slot is half an interval closer.
        m_nowNs += 50 * nsPerMs;
        QCOMPARE(limiter.currentDelayMs(), qint64(250));
    }

    void currentDelayDoesNotConsume()
    {
        RateLimiter limiter = makeLimiter(4.0, 1);
        QCOMPARE(limiter.currentDelayMs(), qint64(0));
        QCOMPARE(limiter.currentDelayMs(), qint64(0));
        QCOMPARE(limiter.reserve(), qint64(0));
        QCOMPARE(limiter.currentDelayMs(), qint64(250));
        QCOMPARE(limiter.currentDelayMs(), qint64(250));
        QCOMPARE(limiter.reserve(), qint64(250));
        QCOMPARE(limiter.currentDelayMs(), qint64(500));
    }

    void waitsRoundUp()
    {
        // 15/s is 66.67 ms: waiting 66 ms would be early.
        RateLimiter limiter = makeLimiter(15.0, 1);
        QCOMPARE(limiter.reserve(), qint64(0));
        QCOMPARE(limiter.reserve(), qint64(67));
        QCOMPARE(limiter.reserve(), qint64(134));
    }

    void unlimited_data()
    {
        QTest::addColumn<double>("rate");
        QTest::newRow("zero") << 0.0;
        QTest::newRow("negative") << -1.0;
        QTest::newRow("nan") << std::nan("");
        QTest::newRow("infinity") << HUGE_VAL;
    }

    // Issue 12: 1e-300/s made the interval ceil(1e9 / 1e-300) ns, far beyond qint64 (undefined; in
    // practice no pacing at all). Positive rates below the minimum pace at the minimum.
    void tinyRatesPaceAtTheMinimum_data()
    {
        QTest::addColumn<double>("rate");
        QTest::newRow("1e-300") << 1e-300;
        QTest::newRow("denormal") << 4.9e-324;
        QTest::newRow("0.0001") << 0.0001;
        QTest::newRow("minimum") << RateLimiter::minimumRate;
    }

    void tinyRatesPaceAtTheMinimum()
    {
        QFETCH(double, rate);
        RateLimiter limiter = makeLimiter(rate, 1);
        QVERIFY(!limiter.isUnlimited());
        QCOMPARE(limiter.rate(), RateLimiter::minimumRate);
        const qint64 intervalMs = qint64(1000 / RateLimiter::minimumRate);
        QCOMPARE(limiter.reserve(), qint64(0));
        QCOMPARE(limiter.reserve(), intervalMs);
        QCOMPARE(limiter.reserve(), 2 * intervalMs);
    }

    void unlimited()
    {
        QFETCH(double, rate);
        RateLimiter limiter = makeLimiter(rate, 1);
        QVERIFY(limiter.isUnlimited());
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(limiter.reserve(), qint64(0));
        QCOMPARE(limiter.currentDelayMs(), qint64(0));
    }

    void setRateSwitchesModes()
    {
        RateLimiter limiter = makeLimiter(0, 1);
        QVERIFY(limiter.isUnlimited());
        limiter.setRate(5.0, 1);
        QVERIFY(!limiter.isUnlimited());
        QCOMPARE(limiter.rate(), 5.0);
        QCOMPARE(limiter.reserve(), qint64(0));
        QCOMPARE(limiter.reserve(), qint64(200));
        limiter.setRate(-3, 1);
        QVERIFY(limiter.isUnlimited());
        QCOMPARE(limiter.reserve(), qint64(0));
    }

    void monotonicDefaultClock()
    {
        // The real clock: 6 requests at 50/s span at least 100 ms of wall time.
        RateLimiter limiter(50.0, 1);
        QElapsedTimer elapsed;
        elapsed.start();
        for (int i = 0; i < 6; ++i)
            QThread::msleep(static_cast<unsigned long>(limiter.reserve()));
        QVERIFY2(elapsed.elapsed() >= 100, qPrintable(QString::number(elapsed.elapsed())));
    }
};

KM_TEST_GUILESS_MAIN(TstRateLimiter)
#include "tst_ratelimiter.moc"

#pragma once

#include "network/ratelimiter.h"
#include "network/requesterror.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

// Lives in the sync thread and is used only from there (create it there, or moveToThread before
// the first get()). Sends public GETs to the Kalshi Trade API, paced by one RateLimiter shared by
// every request of this client, and retries what is worth retrying: HTTP 408, 429, 500, 502, 503,
// 504, network errors and timeouts, with exponential backoff and jitter, or exactly the server's
// Retry-After when it sends one. Several requests may be in flight at once.
// Against a hostile or broken server: a body beyond maxBodyBytes (counted decompressed, as it
// arrives) is refused once it passes the limit, an attempt still unfinished after
// requestDeadlineMs fails, and no redirect is followed except an upgrade from http to https on the
// same host. None of these is retried; they fail the request with an error that names the cause.
// Every get() ends in exactly one finished() signal, emitted from the event loop, or synchronously
// from cancel()/cancelAll() for the requests they cancel.
class KalshiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KalshiClient)

public:
    static QUrl defaultBaseUrl();
    static QString defaultUserAgent(); // "KalshiMonitor/<KM_VERSION>"

    struct Options
    {
        QUrl baseUrl = defaultBaseUrl();
        double requestsPerSecond = RateLimiter::defaultRate; // <= 0: unlimited
        int rateBurst = RateLimiter::defaultBurst;
        int maxAttempts = 6; // first try included
        int transferTimeoutMs = 30000; // without any data for this long an attempt times out
        int requestDeadlineMs = 120000; // an attempt not complete after this long fails; <= 0: none
        qint64 maxBodyBytes = 64 * 1024 * 1024; // a larger response body fails; <= 0: no limit
        int backoffBaseMs = 1000; // delay after the first failed attempt, doubled each time
        int backoffMaxMs = 30000;
        double backoffJitter = 0.5; // a backoff waits between (1 - jitter) and 1 times its nominal
        int retryAfterMaxMs = 300000; // a longer Retry-After is cut to this
        QString userAgent = defaultUserAgent();
    };

    explicit KalshiClient(QObject *parent = nullptr);
    explicit KalshiClient(const Options &options, QObject *parent = nullptr);
    ~KalshiClient() override;

    const Options &options() const { return m_options; }

    // Queues GET <baseUrl><path>?<query> (path like "/markets") and returns its id (never 0).
    // Query values follow QUrlQuery's rules (a literal '%' is "%25"); everything else, '+'
    // included, is percent-encoded on the wire.
    quint64 get(const QString &path, const QUrlQuery &query = QUrlQuery());

    // Aborts one request or all of them, wherever they are (waiting for a rate slot, waiting to retry,
    // or on the wire). Each ends with finished(id, false, ..., cancelled = true); none is retried.
    void cancel(quint64 id);
    void cancelAll();

    // Requests that have not finished yet.
    int pendingCount() const { return int(m_requests.size()); }
    // Requests waiting for a rate slot (or for a 429's hold to end), not yet sent.
    int waitingCount() const { return int(m_ready.size()); }
    // Inside a slot connected to finished(ok = true): how long the reported request was on the
    // wire, from its (last) sending to its response, without the wait for the rate limiter.
    qint64 lastRoundTripMs() const { return m_lastRoundTripMs; }

    // Milliseconds to wait according to a Retry-After header value: delta-seconds or an HTTP-date
    // (IMF-fixdate, asctime; "GMT"/"UTC" or a numeric zone). nullopt when it is neither.
    static std::optional<qint64> retryAfterMs(const QByteArray &value, const QDateTime &nowUtc);

    // Whether a redirect from `from` to `to` is followed: only http to https on the same host.
    static bool isFollowedRedirect(const QUrl &from, const QUrl &to);

    // The message inside an error body: {"error":{"code","message"}} gives "code: message",
    // {"error":"text"} gives "text"; empty when the body has neither.
    static QString serverErrorMessage(const QByteArray &body);

Q_SIGNALS:
    // ok: a 2xx response arrived and body is its content; error.kind is None. Otherwise error says
    // why, its text() e.g. "GET /markets: HTTP 400 invalid_parameters: limit must be <= 1000".
    // error.httpStatus is the status of the last response (on success too), 0 when none arrived.
    // error.kind is Cancelled only for requests ended by cancel()/cancelAll().
    void finished(quint64 id, bool ok, const QByteArray &body, const RequestError &error);
    // Attempt `attempt` (2 for the first retry) starts in about delayMs; error says what failed
    // (its path set; its text() is the line a log shows).
    void retrying(quint64 id, int attempt, qint64 delayMs, const RequestError &error);

private:
    struct Request
    {
        QString path; // "/markets"
        QUrl url;
        int attempts = 0;
        qint64 sentAtMs = 0; // on m_clock
        QNetworkReply *reply = nullptr;
        QByteArray body; // of the attempt on the wire, read as it arrives
        RequestError refused; // why this client aborted the attempt on the wire, if it did
    };

    QNetworkAccessManager *network();
    void schedule();
    void onPacerTimeout();
    void send(quint64 id);
    void onReplyFinished(quint64 id, QNetworkReply *reply);
    void onReplyData(quint64 id, QNetworkReply *reply);
    void onRedirected(quint64 id, QNetworkReply *reply, const QUrl &target);
    // Aborts the attempt on the wire; onReplyFinished() then fails the request with `why`.
    void refuse(quint64 id, QNetworkReply *reply, const RequestError &why);
    void retryOrFail(quint64 id, RequestError error, std::optional<qint64> retryAfter);
    void fail(quint64 id, RequestError error);
    qint64 backoffMs(int failedAttempts) const;
    QUrl urlFor(const QString &path, const QUrlQuery &query) const;

    const Options m_options;
    RateLimiter m_limiter;
    QNetworkAccessManager *m_network = nullptr; // created in this object's thread by network()
    QHash<quint64, Request> m_requests;
    QList<quint64> m_ready; // waiting for a rate slot, oldest first
    QTimer m_pacer;
    bool m_pacerHoldsSlot = false; // the pacer's timeout sends m_ready's head on a slot already reserved
    QElapsedTimer m_clock;
    qint64 m_holdUntilMs = 0; // on m_clock: after a 429 nothing is sent before this
    qint64 m_lastRoundTripMs = -1;
    quint64 m_nextId = 1;
};

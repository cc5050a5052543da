#include "network/kalshiclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace {

bool isRetryableStatus(int status)
{
    switch (status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
        return true;
    default:
        return false;
    }
}

// Errors below the HTTP layer (connection refused or reset, DNS, proxy trouble, a garbled
// response) are usually transient. TLS handshake and redirect failures are configuration problems
// that no retry fixes.
bool isRetryableTransportError(QNetworkReply::NetworkError error)
{
    if (error == QNetworkReply::SslHandshakeFailedError || error == QNetworkReply::TooManyRedirectsError
        || error == QNetworkReply::InsecureRedirectError)
        return false;
    return (error > QNetworkReply::NoError && error < QNetworkReply::ContentAccessDenied)
        || error == QNetworkReply::ProtocolFailure;
}

} // namespace

QUrl KalshiClient::defaultBaseUrl()
{
    return QUrl(QStringLiteral("https://api.elections.kalshi.com/trade-api/v2"));
}

QString KalshiClient::defaultUserAgent()
{
    return QStringLiteral("KalshiMonitor/" KM_VERSION);
}

KalshiClient::KalshiClient(QObject *parent)
    : KalshiClient(Options(), parent)
{
}

KalshiClient::KalshiClient(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_limiter(options.requestsPerSecond, options.rateBurst)
    , m_pacer(this)
{
    m_pacer.setSingleShot(true);
    m_pacer.setTimerType(Qt::PreciseTimer);
    connect(&m_pacer, &QTimer::timeout, this, &KalshiClient::onPacerTimeout);
    m_clock.start();
}

KalshiClient::~KalshiClient()
{
    // No signals from a dying object: replies still on the wire are dropped silently.
    for (const Request &request : std::as_const(m_requests)) {
        if (request.reply) {
            request.reply->disconnect(this);
            request.reply->abort();
        }
    }
}

QNetworkAccessManager *KalshiClient::network()
{
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setAutoDeleteReplies(false);
    }
    return m_network;
}

QUrl KalshiClient::urlFor(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_options.baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + (path.startsWith(u'/') ? path : u'/' + path));

    // QUrlQuery leaves '+' unencoded, which servers read as a space: opaque cursors need every
    // reserved character percent-encoded.
    QString encoded;
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &item : items) {
        if (!encoded.isEmpty())
            encoded += u'&';
        encoded += QString::fromLatin1(QUrl::toPercentEncoding(item.first)) + u'='
            + QString::fromLatin1(QUrl::toPercentEncoding(item.second));
    }
    if (!encoded.isEmpty())
        url.setQuery(encoded, QUrl::StrictMode);
    return url;
}

bool KalshiClient::isFollowedRedirect(const QUrl &from, const QUrl &to)
{
    return from.scheme() == QStringLiteral("http") && to.scheme() == QStringLiteral("https")
        && !from.host().isEmpty() && from.host().compare(to.host(), Qt::CaseInsensitive) == 0
        && to.userInfo().isEmpty();
}

quint64 KalshiClient::get(const QString &path, const QUrlQuery &query)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const quint64 id = m_nextId++;
    Request request;
    request.path = path;
    request.url = urlFor(path, query);
    m_requests.insert(id, request);
    m_ready.append(id);
    schedule();
    return id;
}

void KalshiClient::schedule()
{
    if (m_pacer.isActive())
        return;
    while (!m_ready.isEmpty()) {
        const qint64 hold = m_holdUntilMs - m_clock.elapsed();
        if (hold > 0) {
            m_pacerHoldsSlot = false;
            m_pacer.start(int(hold));
            return;
        }
        const qint64 wait = m_limiter.reserve();
        if (wait > 0) {
            m_pacerHoldsSlot = true;
            m_pacer.start(int(wait));
            return;
        }
        send(m_ready.takeFirst());
    }
}

void KalshiClient::onPacerTimeout()
{
    // A 429 that arrived during the wait wastes the reserved slot: the hold comes first.
    if (m_pacerHoldsSlot && !m_ready.isEmpty() && m_holdUntilMs <= m_clock.elapsed())
        send(m_ready.takeFirst());
    m_pacerHoldsSlot = false;
    schedule();
}

void KalshiClient::send(quint64 id)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    ++it->attempts;
    QNetworkRequest request(it->url);
    request.setHeader(QNetworkRequest::UserAgentHeader, m_options.userAgent);
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    request.setTransferTimeout(qMax(0, m_options.transferTimeoutMs));
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);
    QNetworkReply *reply = network()->get(request);
    it->reply = reply;
    it->sentAtMs = m_clock.elapsed();
    it->body.clear();
    it->refused = RequestError();
    connect(reply, &QNetworkReply::readyRead, this, [this, id, reply] { onReplyData(id, reply); });
    connect(reply, &QNetworkReply::redirected, this,
        [this, id, reply](const QUrl &target) { onRedirected(id, reply, target); });
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { onReplyFinished(id, reply); });
    if (m_options.requestDeadlineMs > 0) {
        // The transfer timeout measures silence only: a server that drips a byte now and then
        // would hold the request for ever without this.
        auto *deadline = new QTimer(reply);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, this, [this, id, reply] {
            RequestError why;
            why.kind = RequestError::Kind::Deadline;
            why.limit = m_options.requestDeadlineMs;
            refuse(id, reply, why);
        });
        deadline->start(m_options.requestDeadlineMs);
    }
}

void KalshiClient::onReplyData(quint64 id, QNetworkReply *reply)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end() || it->reply != reply || it->refused.isError())
        return;
    // Read as it arrives (decompressed), so that memory holds at most the limit plus one chunk.
    it->body += reply->readAll();
    if (m_options.maxBodyBytes > 0 && it->body.size() > m_options.maxBodyBytes) {
        it->body.clear();
        it->body.squeeze();
        RequestError why;
        why.kind = RequestError::Kind::TooLarge;
        why.limit = m_options.maxBodyBytes;
        refuse(id, reply, why);
    }
}

void KalshiClient::onRedirected(quint64 id, QNetworkReply *reply, const QUrl &target)
{
    const QUrl resolved = reply->url().resolved(target);
    if (isFollowedRedirect(reply->url(), resolved)) {
        Q_EMIT reply->redirectAllowed();
        return;
    }
    RequestError why;
    why.kind = RequestError::Kind::Redirect;
    why.detail = resolved.toDisplayString(QUrl::RemoveUserInfo);
    refuse(id, reply, why);
}

void KalshiClient::refuse(quint64 id, QNetworkReply *reply, const RequestError &why)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end() || it->reply != reply || it->refused.isError())
        return;
    it->refused = why;
    reply->abort(); // finished() follows, and onReplyFinished() fails the request with `why`
}

void KalshiClient::onReplyFinished(quint64 id, QNetworkReply *reply)
{
    reply->deleteLater();
    const auto it = m_requests.find(id);
    if (it == m_requests.end() || it->reply != reply)
        return;
    it->reply = nullptr;

    const QNetworkReply::NetworkError error = reply->error();
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    RequestError failure;
    failure.httpStatus = status;

    if (it->refused.isError()) {
        failure = it->refused;
        failure.httpStatus = status;
        fail(id, failure);
        return;
    }
    // cancel() disconnects before it aborts, and refuse() is handled above, so a cancellation seen
    // here can only be Qt's own transfer timeout, which reports itself exactly like abort().
    if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError) {
        failure.kind = RequestError::Kind::Timeout;
        failure.limit = m_options.transferTimeoutMs;
        retryOrFail(id, failure, std::nullopt);
        return;
    }
    failure.kind = RequestError::Kind::Network;
    failure.detail = reply->errorString();
    if (isRetryableTransportError(error)) {
        retryOrFail(id, failure, std::nullopt);
        return;
    }
    if (status >= 200 && status < 300) {
        if (error != QNetworkReply::NoError) {
            // A success whose body Qt could not deliver, e.g. a compressed body that expands
            // past QNetworkRequest::decompressedSafetyCheckThreshold: no retry brings it.
            failure.kind = RequestError::Kind::Content;
            fail(id, failure);
            return;
        }
        QByteArray body = std::move(it->body);
        body += reply->readAll();
        if (m_options.maxBodyBytes > 0 && body.size() > m_options.maxBodyBytes) {
            failure.kind = RequestError::Kind::TooLarge;
            failure.detail.clear();
            failure.limit = m_options.maxBodyBytes;
            fail(id, failure);
            return;
        }
        m_lastRoundTripMs = m_clock.elapsed() - it->sentAtMs;
        m_requests.erase(it);
        RequestError success;
        success.httpStatus = status;
        Q_EMIT finished(id, true, body, success);
        return;
    }
    if (status == 0) {
        fail(id, failure);
        return;
    }

    failure.kind = RequestError::Kind::Http;
    failure.detail = serverErrorMessage(it->body + reply->readAll());
    if (failure.detail.isEmpty())
        failure.detail = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    if (!isRetryableStatus(status)) {
        fail(id, failure);
        return;
    }
    std::optional<qint64> retryAfter;
    const QByteArray retryAfterHeader = reply->rawHeader(QByteArrayLiteral("Retry-After"));
    if (!retryAfterHeader.isEmpty())
        retryAfter = retryAfterMs(retryAfterHeader, QDateTime::currentDateTimeUtc());
    retryOrFail(id, failure, retryAfter);
}

void KalshiClient::retryOrFail(quint64 id, RequestError error, std::optional<qint64> retryAfter)
{
    const auto it = m_requests.find(id);
    Q_ASSERT(it != m_requests.end());
    if (it->attempts >= m_options.maxAttempts) {
        error.attempts = it->attempts;
        fail(id, error);
        return;
    }
    const qint64 delay = retryAfter ? qBound(qint64(0), *retryAfter, qint64(m_options.retryAfterMaxMs))
                                    : backoffMs(it->attempts);
    // The server's bucket is empty for everyone: hold back every request, not just this one.
    if (error.httpStatus == 429)
        m_holdUntilMs = qMax(m_holdUntilMs, m_clock.elapsed() + delay);
    error.path = it->path;
    Q_EMIT retrying(id, it->attempts + 1, delay, error);
    QTimer::singleShot(int(delay), Qt::PreciseTimer, this, [this, id] {
        if (!m_requests.contains(id))
            return; // cancelled while waiting
        m_ready.prepend(id);
        schedule();
    });
}

void KalshiClient::fail(quint64 id, RequestError error)
{
    const Request request = m_requests.take(id);
    error.path = request.path;
    Q_EMIT finished(id, false, QByteArray(), error);
}

qint64 KalshiClient::backoffMs(int failedAttempts) const
{
    const double nominal = qMin(double(m_options.backoffMaxMs),
        double(m_options.backoffBaseMs) * std::pow(2.0, qMax(0, failedAttempts - 1)));
    const double jitter = qBound(0.0, m_options.backoffJitter, 1.0);
    const double factor = 1.0 - jitter * QRandomGenerator::global()->generateDouble();
    return qMax<qint64>(0, qint64(nominal * factor));
}

void KalshiClient::cancel(quint64 id)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    const Request request = *it;
    m_requests.erase(it);
    m_ready.removeOne(id);
    if (request.reply) {
        request.reply->disconnect(this);
        request.reply->abort();
        request.reply->deleteLater();
    }
    RequestError error;
    error.kind = RequestError::Kind::Cancelled;
    error.path = request.path;
    Q_EMIT finished(id, false, QByteArray(), error);
}

void KalshiClient::cancelAll()
{
    // Only the requests pending now: a slot may start new ones from its finished() handler.
    QList<quint64> ids = m_requests.keys();
    std::sort(ids.begin(), ids.end());
    for (const quint64 id : std::as_const(ids))
        cancel(id);
}

std::optional<qint64> KalshiClient::retryAfterMs(const QByteArray &value, const QDateTime &nowUtc)
{
    const QByteArray trimmed = value.trimmed();
    bool isNumber = false;
    const qint64 seconds = trimmed.toLongLong(&isNumber);
    // Beyond a year is as good as for ever (and seconds * 1000 stays far from overflow).
    constexpr qint64 yearSeconds = 366LL * 24 * 3600;
    if (isNumber)
        return seconds < 0 ? std::nullopt : std::optional<qint64>(qMin(seconds, yearSeconds) * 1000);

    QString text = QString::fromLatin1(trimmed);
    if (text.endsWith(QLatin1String(" GMT")) || text.endsWith(QLatin1String(" UTC")))
        text = text.chopped(4) + QStringLiteral(" +0000");
    const QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    return qMax<qint64>(0, nowUtc.msecsTo(when));
}

QString KalshiClient::serverErrorMessage(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return QString();
    const QJsonValue error = document.object().value(QLatin1String("error"));
    if (error.isString())
        return error.toString().trimmed();
    if (!error.isObject())
        return QString();
    const QString code = error.toObject().value(QLatin1String("code")).toString().trimmed();
    const QString message = error.toObject().value(QLatin1String("message")).toString().trimmed();
    if (code.isEmpty() || message.isEmpty())
        return code + message;
    return code + QStringLiteral(": ") + message;
}

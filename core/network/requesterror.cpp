#include "network/requesterror.h"

#include <QRegularExpression>

namespace {

QString bytesText(qint64 bytes)
{
    constexpr qint64 mebibyte = 1024 * 1024;
    if (bytes >= mebibyte && bytes % mebibyte == 0)
        return QString::number(bytes / mebibyte) + QStringLiteral(" MiB");
    return QString::number(bytes) + QStringLiteral(" bytes");
}

} // namespace

QString RequestError::reason() const
{
    switch (kind) {
    case Kind::None:
        return QString();
    case Kind::Network:
        return QStringLiteral("network error: ") + detail;
    case Kind::Timeout:
        return QStringLiteral("timed out (no data for %1 ms)").arg(limit);
    case Kind::Deadline:
        return QStringLiteral("no complete response within %1 s (the request deadline)").arg(limit / 1000.0);
    case Kind::Http:
        return QStringLiteral("HTTP %1").arg(httpStatus) + (detail.isEmpty() ? QString() : u' ' + detail);
    case Kind::TooLarge:
        return QStringLiteral("response body larger than %1, the limit for one response: refused")
            .arg(bytesText(limit));
    case Kind::Content:
        return QStringLiteral("HTTP %1 but its body was refused: ").arg(httpStatus) + detail;
    case Kind::Redirect:
        return QStringLiteral("redirected to %1: not followed (only same-host upgrades to https are)")
            .arg(detail);
    case Kind::Parse:
        return detail;
    case Kind::RepeatedCursor:
        return QStringLiteral("the server repeated cursor \"%1\" (endless loop refused)").arg(detail);
    case Kind::PageCeiling:
        return QStringLiteral("more pages after %1, the ceiling for one listing (endless listing refused)")
            .arg(limit);
    case Kind::Cancelled:
        return QStringLiteral("cancelled");
    case Kind::NoClient:
        return QStringLiteral("no client");
    }
    return detail;
}

QString RequestError::text() const
{
    if (kind == Kind::None)
        return QString();
    QString out = QStringLiteral("GET ") + path;
    if (page > 0)
        out += QStringLiteral(" page ") + QString::number(page);
    out += QStringLiteral(": ") + reason();
    if (attempts > 1)
        out += QStringLiteral(" (gave up after %1 attempts)").arg(attempts);
    if (!window.isEmpty())
        out += QStringLiteral(" (") + window + u')';
    return out;
}

RequestError RequestError::fromText(const QString &text)
{
    // The shapes text() and reason() write (a PartitionedListing's window starts "<field>-time window");
    // the details are lazy so that the optional endings match.
    static const QRegularExpression pattern(QStringLiteral(
        R"(^GET (\S+)(?: page (\d+))?: (?:network error: (.*?)|timed out \(no data for (\d+) ms\))"
        R"(|no complete response within ([0-9.]+) s \(the request deadline\)|HTTP (\d{3})(?: (.*?))??))"
        R"((?: \(gave up after (\d+) attempts\))?(?: \((\w+-time window .*)\))?$)"));
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    RequestError error;
    if (!match.hasMatch())
        return error;
    error.path = match.captured(1);
    error.page = match.captured(2).toInt();
    if (match.capturedStart(3) >= 0) {
        error.kind = Kind::Network;
        error.detail = match.captured(3);
    } else if (match.capturedStart(4) >= 0) {
        error.kind = Kind::Timeout;
        error.limit = match.captured(4).toLongLong();
    } else if (match.capturedStart(5) >= 0) {
        error.kind = Kind::Deadline;
        error.limit = qRound64(match.captured(5).toDouble() * 1000);
    } else {
        error.httpStatus = match.captured(6).toInt();
        if (error.httpStatus < 400) // Content: "HTTP 200 but its body was refused: ..."
            return RequestError();
        error.kind = Kind::Http;
        error.detail = match.captured(7);
    }
    error.attempts = match.captured(8).toInt();
    error.window = match.captured(9);
    return error;
}

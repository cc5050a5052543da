#include "network/requesterror.h"

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

#include "collect/duration.h"

namespace Duration {

namespace {

constexpr qint64 msPerSecond = 1000;
constexpr qint64 msPerMinute = 60 * msPerSecond;
constexpr qint64 msPerHour = 60 * msPerMinute;

} // namespace

std::optional<qint64> parseMs(QStringView text)
{
    text = text.trimmed();
    qsizetype digits = 0;
    while (digits < text.size() && text.at(digits) >= u'0' && text.at(digits) <= u'9')
        ++digits;
    if (digits == 0)
        return std::nullopt;

    const QStringView unit = text.mid(digits);
    qint64 factor = 0;
    if (unit.isEmpty() || unit == u"m")
        factor = msPerMinute;
    else if (unit == u"s")
        factor = msPerSecond;
    else if (unit == u"h")
        factor = msPerHour;
    else if (unit == u"ms")
        factor = 1;
    else
        return std::nullopt;

    // Accumulate with a bound check per digit: no intermediate value can overflow.
    const qint64 limit = maxMs / factor;
    qint64 value = 0;
    for (qsizetype i = 0; i < digits; ++i) {
        value = value * 10 + (text.at(i).unicode() - u'0');
        if (value > limit)
            return std::nullopt;
    }
    if (value == 0)
        return std::nullopt;
    return value * factor;
}

std::optional<qint64> parseAgeSecs(QStringView text)
{
    text = text.trimmed();
    if (text.size() < 2 || text.size() > 7)
        return std::nullopt;
    const QChar unit = text.back();
    const qint64 factor = unit == u'm' ? 60
        : unit == u'h'                 ? 3600
        : unit == u'd'                 ? 86400
        : unit == u'w'                 ? 7 * 86400
                                       : 0;
    if (factor == 0)
        return std::nullopt;
    qint64 value = 0;
    for (const QChar c : text.chopped(1)) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
    }
    if (value == 0)
        return std::nullopt;
    return value * factor;
}

QString format(qint64 ms)
{
    if (ms <= 0)
        return QString();
    if (ms % msPerHour == 0)
        return QString::number(ms / msPerHour) + u'h';
    if (ms % msPerMinute == 0)
        return QString::number(ms / msPerMinute) + u'm';
    if (ms % msPerSecond == 0)
        return QString::number(ms / msPerSecond) + u's';
    return QString::number(ms) + u"ms";
}

} // namespace Duration

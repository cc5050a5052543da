#include "fixedpoint.h"

#include <limits>

namespace FixedPoint {

std::optional<qint64> parseScaled(QStringView text, int scaleDigits)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;

    bool negative = false;
    if (text.front() == u'-' || text.front() == u'+') {
        negative = text.front() == u'-';
        text = text.mid(1);
    }

    constexpr qint64 max = std::numeric_limits<qint64>::max();
    constexpr qint64 limit = max / 10;
    qint64 value = 0;
    int fractionDigits = 0;
    int integerDigits = 0;
    bool seenPoint = false;
    for (const QChar c : text) {
        if (c == u'.') {
            if (seenPoint)
                return std::nullopt;
            seenPoint = true;
            continue;
        }
        if (c < u'0' || c > u'9')
            return std::nullopt;
        if (seenPoint) {
            // Digits past the scale are accepted only when they change nothing ("0.450000").
            if (fractionDigits >= scaleDigits) {
                if (c != u'0')
                    return std::nullopt;
                continue;
            }
            ++fractionDigits;
        } else {
            ++integerDigits;
        }
        const int digit = c.unicode() - u'0';
        if (value > limit || (value == limit && digit > max % 10))
            return std::nullopt;
        value = value * 10 + digit;
    }
    if (integerDigits == 0 && fractionDigits == 0)
        return std::nullopt;
    if (seenPoint && text.back() == u'.')
        return std::nullopt;

    for (int i = fractionDigits; i < scaleDigits; ++i) {
        if (value > limit)
            return std::nullopt;
        value *= 10;
    }
    return negative ? -value : value;
}

} // namespace FixedPoint

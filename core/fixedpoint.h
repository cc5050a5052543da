#pragma once

#include <QStringView>

#include <optional>

// Exact decimal conversions for the API's fixed-point strings; never goes through double.
namespace FixedPoint {

// Parses an unsigned or signed decimal string ("0.4523", "-1.5", "12") into an integer scaled by
// 10^scaleDigits. Fraction digits past scaleDigits are refused unless they are zeros: the result is
// exact or there is none, never rounded. A magnitude beyond qint64 has none either.
std::optional<qint64> parseScaled(QStringView text, int scaleDigits);

// "0.4500" dollars -> 450000 micro-dollars.
inline std::optional<qint64> dollarsToMicros(QStringView text)
{
    return parseScaled(text, 6);
}

// "3877.56" contracts -> 387756 centi-contracts.
inline std::optional<qint64> contractsToCenti(QStringView text)
{
    return parseScaled(text, 2);
}

// Legacy integer cents (45) -> micro-dollars (450000).
constexpr qint64 centsToMicros(qint64 cents)
{
    return cents * 10000;
}

// Legacy whole contract count (3877) -> centi-contracts (387700).
constexpr qint64 wholeContractsToCenti(qint64 count)
{
    return count * 100;
}

} // namespace FixedPoint

#pragma once

#include "fixedpoint.h"
#include "network/marketparser.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QLatin1String>
#include <QLocale>
#include <QString>
#include <QStringView>

#include <limits>
#include <optional>

// The field rules MarketParser states (fixed-point strings, legacy integers, ranges, the first
// reason an item is malformed), shared by every parser of API objects. Pure, callable from any
// thread; internal to core/network.
namespace FieldReading {

inline QString describeValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return u'"' + value.toString() + u'"';
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    default:
        return QStringLiteral("null");
    }
}

// What a fixed-point field holds decides its unit and which values it may take.
enum class Quantity {
    Price, // micro-dollars from "*_dollars", legacy cents; 0 to 1 dollar
    Amount, // micro-dollars, legacy cents, any sign (liquidity: a negative one is unknown)
    Count, // centi-contracts from "*_fp", legacy whole contracts; never negative
};

constexpr qint64 oneDollarMicros = FixedPoint::centsToMicros(100);

inline std::optional<qint64> parseModern(Quantity quantity, QStringView text)
{
    return quantity == Quantity::Count ? FixedPoint::contractsToCenti(text)
                                       : FixedPoint::dollarsToMicros(text);
}

// A legacy integer in the field's stored unit; nullopt when that does not fit in qint64.
inline std::optional<qint64> convertLegacy(Quantity quantity, qint64 value)
{
    const qint64 factor
        = quantity == Quantity::Count ? FixedPoint::wholeContractsToCenti(1) : FixedPoint::centsToMicros(1);
    const qint64 limit = std::numeric_limits<qint64>::max() / factor;
    if (value > limit || value < -limit)
        return std::nullopt;
    return value * factor;
}

// Why a value (in the stored unit) cannot be stored; nullptr when it can.
inline const char *rangeProblem(Quantity quantity, qint64 value)
{
    switch (quantity) {
    case Quantity::Price:
        return value < 0 || value > oneDollarMicros ? "a price outside 0 to 1 dollar" : nullptr;
    case Quantity::Count:
        return value < 0 ? "a negative count" : nullptr;
    case Quantity::Amount:
        return nullptr;
    }
    return nullptr;
}

// Reads fields of one item, remembering the first reason the item is malformed; the parse
// functions check ok() once at the end instead of after every field.
class ItemReader
{
public:
    explicit ItemReader(const QJsonObject &item)
        : m_item(item)
    {
    }

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }

    // A string that must be present; empty is refused unless allowEmpty.
    QString required(QLatin1String key, bool allowEmpty = false)
    {
        const QJsonValue value = m_item.value(key);
        if (value.isUndefined() || value.isNull())
            fail(QStringLiteral("missing ") + key);
        else if (!value.isString())
            malformed(key, value);
        else if (!allowEmpty && value.toString().isEmpty())
            fail(QStringLiteral("empty ") + key);
        return value.toString();
    }

    // Absent, null and "" give a null QString.
    QString text(QLatin1String key)
    {
        const QJsonValue value = m_item.value(key);
        if (value.isUndefined() || value.isNull())
            return QString();
        if (!value.isString()) {
            malformed(key, value);
            return QString();
        }
        const QString string = value.toString();
        return string.isEmpty() ? QString() : string;
    }

    std::optional<qint64> time(QLatin1String key)
    {
        const QString string = text(key);
        if (string.isNull())
            return std::nullopt;
        const std::optional<qint64> seconds = MarketParser::parseRfc3339(string);
        if (!seconds)
            malformed(key, m_item.value(key));
        return seconds;
    }

    std::optional<bool> flag(QLatin1String key)
    {
        const QJsonValue value = m_item.value(key);
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        if (!value.isBool()) {
            malformed(key, value);
            return std::nullopt;
        }
        return value.toBool();
    }

    // Dollar string "0.4500" -> micro-dollars; legacy integer cents when the string is absent.
    std::optional<qint64> price(QLatin1String modernKey, QLatin1String legacyKey)
    {
        return fixedPoint(modernKey, legacyKey, Quantity::Price);
    }

    std::optional<qint64> amount(QLatin1String modernKey, QLatin1String legacyKey)
    {
        return fixedPoint(modernKey, legacyKey, Quantity::Amount);
    }

    // Contract string "3877.56" -> centi-contracts; legacy whole contracts when the string is absent.
    std::optional<qint64> count(QLatin1String modernKey, QLatin1String legacyKey)
    {
        return fixedPoint(modernKey, legacyKey, Quantity::Count);
    }

private:
    std::optional<qint64> fixedPoint(QLatin1String modernKey, QLatin1String legacyKey, Quantity quantity)
    {
        const QJsonValue value = m_item.value(modernKey);
        if (value.isUndefined() || value.isNull())
            return legacyInteger(legacyKey, quantity);
        if (!value.isString()) {
            malformed(modernKey, value);
            return std::nullopt;
        }
        if (value.toString().isEmpty())
            return std::nullopt;
        const std::optional<qint64> parsed = parseModern(quantity, value.toString());
        if (!parsed)
            malformed(modernKey, value);
        return inRange(modernKey, value, quantity, parsed);
    }

    std::optional<qint64> legacyInteger(QLatin1String key, Quantity quantity)
    {
        const QJsonValue value = m_item.value(key);
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        // Legacy fields are whole numbers; beyond 2^50 a double no longer says which one.
        constexpr double limit = 1125899906842624.0;
        const double number = value.toDouble();
        const qint64 integer = value.toInteger();
        const std::optional<qint64> converted = convertLegacy(quantity, integer);
        if (!value.isDouble() || double(integer) != number || number > limit || number < -limit
            || !converted) {
            malformed(key, value);
            return std::nullopt;
        }
        return inRange(key, value, quantity, converted);
    }

    std::optional<qint64> inRange(
        QLatin1String key, const QJsonValue &value, Quantity quantity, std::optional<qint64> parsed)
    {
        if (!parsed)
            return parsed;
        if (const char *problem = rangeProblem(quantity, *parsed)) {
            fail(QStringLiteral("malformed ") + key + QStringLiteral(" (") + describeValue(value)
                + QStringLiteral("): ") + QLatin1String(problem));
            return std::nullopt;
        }
        return parsed;
    }

    void malformed(QLatin1String key, const QJsonValue &value)
    {
        fail(QStringLiteral("malformed ") + key + QStringLiteral(" (") + describeValue(value) + u')');
    }

    void fail(const QString &reason)
    {
        if (m_error.isEmpty())
            m_error = reason;
    }

    const QJsonObject &m_item;
    QString m_error;
};

} // namespace FieldReading

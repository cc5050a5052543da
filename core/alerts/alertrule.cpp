#include "alerts/alertrule.h"

#include "fixedpoint.h"

#include <QJsonValue>

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> fromName(const QString &name, const std::pair<Enum, const char *> (&names)[N])
{
    for (const auto &[value, text] : names) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
QString toName(Enum value, const std::pair<Enum, const char *> (&names)[N])
{
    for (const auto &[candidate, text] : names) {
        if (candidate == value)
            return QString::fromLatin1(text);
    }
    return QString();
}

const std::pair<AlertRule::Scope, const char *> scopeNames[] = {{AlertRule::Scope::Ticker, "ticker"},
    {AlertRule::Scope::Event, "event"}, {AlertRule::Scope::Series, "series"}};
const std::pair<AlertRule::Kind, const char *> kindNames[]
    = {{AlertRule::Kind::Above, "above"}, {AlertRule::Kind::Below, "below"}, {AlertRule::Kind::Move, "move"},
        {AlertRule::Kind::VolumeJump, "volume_jump"}, {AlertRule::Kind::StatusChange, "status_change"}};
const std::pair<AlertRule::Field, const char *> fieldNames[]
    = {{AlertRule::Field::YesBid, "yes_bid"}, {AlertRule::Field::YesAsk, "yes_ask"},
        {AlertRule::Field::NoBid, "no_bid"}, {AlertRule::Field::NoAsk, "no_ask"},
        {AlertRule::Field::LastPrice, "last_price"}, {AlertRule::Field::Spread, "spread"}};

bool isPriceKind(AlertRule::Kind kind)
{
    return kind == AlertRule::Kind::Above || kind == AlertRule::Kind::Below || kind == AlertRule::Kind::Move;
}

} // namespace

QString AlertRule::scopeName(Scope scope)
{
    return toName(scope, scopeNames);
}
std::optional<AlertRule::Scope> AlertRule::scopeFromName(const QString &name)
{
    return fromName(name, scopeNames);
}
QString AlertRule::kindName(Kind kind)
{
    return toName(kind, kindNames);
}
std::optional<AlertRule::Kind> AlertRule::kindFromName(const QString &name)
{
    return fromName(name, kindNames);
}
QString AlertRule::fieldName(Field field)
{
    return toName(field, fieldNames);
}
std::optional<AlertRule::Field> AlertRule::fieldFromName(const QString &name)
{
    return fromName(name, fieldNames);
}

std::optional<qint64> AlertRule::parsePriceLevel(const QString &text)
{
    std::optional<qint64> micros;
    if (text.endsWith(u'c')) {
        // Cents scaled by 10^4 are micro-dollars.
        micros = FixedPoint::parseScaled(QStringView(text).chopped(1), 4);
    } else {
        micros = FixedPoint::dollarsToMicros(text);
    }
    if (!micros || *micros < 0 || *micros > 1000000 || text.startsWith(u'+') || text.startsWith(u'-'))
        return std::nullopt;
    return micros;
}

std::optional<qint64> AlertRule::parseCents(const QString &text)
{
    const QString digits = text.endsWith(u'c') ? text.chopped(1) : text;
    const std::optional<qint64> micros = parsePriceLevel(digits + u'c');
    if (!micros || *micros <= 0)
        return std::nullopt;
    return micros;
}

std::optional<qint64> AlertRule::parseContracts(const QString &text)
{
    const std::optional<qint64> centi = FixedPoint::contractsToCenti(text);
    if (!centi || *centi <= 0 || text.startsWith(u'+'))
        return std::nullopt;
    return centi;
}

std::optional<qint64> AlertRule::levelValue() const
{
    if (kind == Kind::StatusChange)
        return std::nullopt;
    return level;
}

std::optional<qint64> AlertRule::windowValue() const
{
    return kind == Kind::Move ? std::optional<qint64>(windowSecs) : std::nullopt;
}

QString AlertRule::fieldText() const
{
    if (kind == Kind::Above || kind == Kind::Below)
        return fieldName(field);
    if (kind == Kind::Move)
        return fieldName(Field::LastPrice);
    if (kind == Kind::VolumeJump)
        return QStringLiteral("volume_24h");
    return QString();
}

QString AlertRule::describe() const
{
    const QString where = scope == Scope::Ticker ? target : scopeName(scope) + u' ' + target;
    switch (kind) {
    case Kind::Above:
    case Kind::Below:
        return QStringLiteral("%1: %2 %3 %4")
            .arg(where, fieldName(field), kindName(kind), formatDollars(level));
    case Kind::Move:
        return QStringLiteral("%1: last_price moves %2c within %3 s")
            .arg(where, QString::number(double(level) / 10000.0))
            .arg(windowSecs);
    case Kind::VolumeJump:
        return QStringLiteral("%1: volume_24h up %2 contracts between snapshots")
            .arg(where, formatContracts(level));
    case Kind::StatusChange:
        return QStringLiteral("%1: status changes").arg(where);
    }
    return where;
}

QJsonObject AlertRule::toJson() const
{
    QJsonObject object{{QStringLiteral("id"), id ? QJsonValue(*id) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("scope"), scopeName(scope)}, {QStringLiteral("target"), target},
        {QStringLiteral("kind"), kindName(kind)}, {QStringLiteral("created_at"), createdAt},
        {QStringLiteral("note"), note.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(note)},
        {QStringLiteral("description"), describe()}};
    const QString fieldText = this->fieldText();
    object.insert(
        QStringLiteral("field"), fieldText.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(fieldText));
    if (kind == Kind::Above || kind == Kind::Below)
        object.insert(QStringLiteral("level"), formatDollars(level));
    else if (kind == Kind::Move)
        object.insert(QStringLiteral("level"), formatDollars(level));
    else if (kind == Kind::VolumeJump)
        object.insert(QStringLiteral("level"), formatContracts(level));
    if (kind == Kind::Move)
        object.insert(QStringLiteral("window_secs"), windowSecs);
    return object;
}

QJsonObject AlertFiring::toJson() const
{
    const auto value = [this](const std::optional<qint64> &v) -> QJsonValue {
        if (!v)
            return QJsonValue(QJsonValue::Null);
        return isPriceKind(kind) ? formatDollars(*v) : formatContracts(*v);
    };
    QJsonObject object{{QStringLiteral("id"), id}, {QStringLiteral("rule_id"), ruleId},
        {QStringLiteral("kind"), AlertRule::kindName(kind)}, {QStringLiteral("ticker"), ticker},
        {QStringLiteral("snapshot_time"), snapshotTime}, {QStringLiteral("fired_at"), firedAt},
        {QStringLiteral("value_before"), value(valueBefore)},
        {QStringLiteral("value"),
            kind == AlertRule::Kind::StatusChange ? QJsonValue(status) : value(valueAfter)},
        {QStringLiteral("message"), message},
        {QStringLiteral("note"), note.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(note)}};
    return object;
}

QString formatDollars(qint64 micros)
{
    const qint64 magnitude = micros < 0 ? -micros : micros;
    // Four decimals like the API's *_dollars fields; finer levels keep their digits.
    QString fraction = QStringLiteral("%1").arg(magnitude % 1000000, 6, 10, QLatin1Char('0'));
    while (fraction.size() > 4 && fraction.endsWith(u'0'))
        fraction.chop(1);
    return (micros < 0 ? QStringLiteral("-") : QString()) + QString::number(magnitude / 1000000) + u'.'
        + fraction;
}

QString formatContracts(qint64 centi)
{
    const qint64 magnitude = centi < 0 ? -centi : centi;
    QString text = (centi < 0 ? QStringLiteral("-") : QString()) + QString::number(magnitude / 100);
    if (magnitude % 100 != 0)
        text += u'.' + QStringLiteral("%1").arg(magnitude % 100, 2, 10, QLatin1Char('0'));
    return text;
}

#include "alerts/alertrule.h"

#include "fixedpoint.h"

#include <QJsonValue>

#include <array>

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
    QString where = scope == Scope::Ticker ? target : scopeName(scope) + u' ' + target;
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
    if (kind == Kind::Above || kind == Kind::Below || kind == Kind::Move)
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

// The two below are built digit by digit, without QString::arg: every firing's message formats up
// to three of them inside the writer's transaction (issue 14).
QString formatDollars(qint64 micros)
{
    const quint64 magnitude = micros < 0 ? 0 - quint64(micros) : quint64(micros);
    std::array<char, 32> buffer{};
    char *const end = buffer.data() + buffer.size();
    char *text = end;
    // Four decimals like the API's *_dollars fields; finer levels keep their digits.
    quint64 fraction = magnitude % 1000000;
    int digits = 6;
    while (digits > 4 && fraction % 10 == 0) {
        fraction /= 10;
        --digits;
    }
    for (int i = 0; i < digits; ++i, fraction /= 10)
        *--text = char('0' + fraction % 10);
    *--text = '.';
    quint64 whole = magnitude / 1000000;
    do {
        *--text = char('0' + whole % 10);
        whole /= 10;
    } while (whole != 0);
    if (micros < 0)
        *--text = '-';
    return QString::fromLatin1(text, end - text);
}

QString formatContracts(qint64 centi)
{
    const quint64 magnitude = centi < 0 ? 0 - quint64(centi) : quint64(centi);
    std::array<char, 32> buffer{};
    char *const end = buffer.data() + buffer.size();
    char *text = end;
    if (const quint64 cents = magnitude % 100; cents != 0) {
        *--text = char('0' + cents % 10);
        *--text = char('0' + cents / 10);
        *--text = '.';
    }
    quint64 whole = magnitude / 100;
    do {
        *--text = char('0' + whole % 10);
        whole /= 10;
    } while (whole != 0);
    if (centi < 0)
        *--text = '-';
    return QString::fromLatin1(text, end - text);
}

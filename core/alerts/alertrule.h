#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// An alert rule as stored in alert_rules: what it watches (one market, or every market of an event
// or series) and the one condition it watches for. Plain value type; units as in the database
// (prices micro-dollars, counts centi-contracts, times Unix seconds).
struct AlertRule
{
    enum class Scope { Ticker, Event, Series };
    enum class Kind { Above, Below, Move, VolumeJump, StatusChange };
    enum class Field { YesBid, YesAsk, NoBid, NoAsk, LastPrice, Spread };

    std::optional<qint64> id; // none until stored
    Scope scope = Scope::Ticker;
    QString target;
    Kind kind = Kind::Above;
    Field field = Field::LastPrice; // Above and Below; Move watches LastPrice
    qint64 level = 0; // Above/Below: the price; Move: the move; VolumeJump: centi-contracts
    qint64 windowSecs = 0; // Move only
    QString note;
    qint64 createdAt = 0;

    static QString scopeName(Scope scope);
    static std::optional<Scope> scopeFromName(const QString &name);
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
    static QString fieldName(Field field);
    static std::optional<Field> fieldFromName(const QString &name);
    // "0.65" (dollars, as the API writes prices) or "65c" (cents) -> micro-dollars; none for
    // anything else, negatives and values above one dollar.
    static std::optional<qint64> parsePriceLevel(const QString &text);
    // Whole cents -> micro-dollars, for --move.
    static std::optional<qint64> parseCents(const QString &text);
    // Whole or decimal contracts -> centi-contracts, for --volume-jump.
    static std::optional<qint64> parseContracts(const QString &text);

    // Columns for the writer's description of alert_rules.
    QString scopeText() const { return scopeName(scope); }
    QString kindText() const { return kindName(kind); }
    std::optional<qint64> levelValue() const;
    std::optional<qint64> windowValue() const;
    QString fieldText() const;

    // "KXHIGHNY-26DEC01-B45: yes_bid above $0.65"
    QString describe() const;
    QJsonObject toJson() const;
};

// One recorded firing of a rule (a row of alert_events).
struct AlertFiring
{
    qint64 id = 0;
    qint64 ruleId = 0;
    QString ticker;
    qint64 snapshotTime = 0;
    qint64 firedAt = 0;
    std::optional<qint64> valueBefore;
    std::optional<qint64> valueAfter;
    QString status; // StatusChange: the new status (and result)
    QString message;
    AlertRule::Kind kind = AlertRule::Kind::Above;
    QString note;

    QJsonObject toJson() const;
};

// Dollars as the API writes them: 650000 -> "0.6500"; a negative move keeps its sign.
QString formatDollars(qint64 micros);
// Centi-contracts as contracts: 387756 -> "3877.56", 100 -> "1".
QString formatContracts(qint64 centi);

Q_DECLARE_METATYPE(AlertRule)
Q_DECLARE_METATYPE(AlertFiring)

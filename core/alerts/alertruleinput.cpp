#include "alerts/alertruleinput.h"

#include "collect/duration.h"

namespace {

QStringList options(const QStringList &names)
{
    QStringList result;
    for (const QString &name : names)
        result.append(u"--" + name);
    return result;
}

std::optional<AlertRule> refuse(
    AlertRuleInputError *error, AlertRuleInputError::Part part, const QStringList &words = {})
{
    error->part = part;
    error->words = words;
    return std::nullopt;
}

} // namespace

QString AlertRuleInputError::cliMessage() const
{
    const QString word = words.value(0);
    switch (part) {
    case Part::NoScope:
        return QStringLiteral("alerts add needs what to watch: --ticker T, --event E or --series S");
    case Part::ManyScopes:
        return QStringLiteral("%1: a rule watches one market, event or series")
            .arg(options(words).join(QStringLiteral(" and ")));
    case Part::Target:
        return QStringLiteral("--%1 needs a ticker without spaces").arg(word);
    case Part::NoCondition:
        return QStringLiteral(
            "alerts add needs a condition: --when FIELD above|below LEVEL, --move CENTS --within D, "
            "--volume-jump N or --status-change");
    case Part::ManyConditions:
        return QStringLiteral("%1: a rule has one condition")
            .arg(options(words).join(QStringLiteral(" and ")));
    case Part::WithinWithoutMove:
        return QStringLiteral("--within applies to --move only");
    case Part::WhenWords:
        return QStringLiteral(
            "--when needs three words: FIELD above|below LEVEL (e.g. --when yes_bid above 0.65)");
    case Part::Field:
        return QStringLiteral(
            "--when: unknown field '%1' (yes_bid, yes_ask, no_bid, no_ask, last_price or spread)")
            .arg(word);
    case Part::Direction:
        return QStringLiteral("--when: '%1' is neither above nor below").arg(word);
    case Part::Level:
        return QStringLiteral("--when: level '%1' is not a price from 0 to 1 dollar like 0.65 or 65c")
            .arg(word);
    case Part::Move:
        return QStringLiteral("--move '%1' is not a move in cents from 1 to 100").arg(word);
    case Part::MissingWithin:
        return QStringLiteral("--move needs --within D (e.g. --within 1h)");
    case Part::Within:
        return QStringLiteral("--within '%1' is not a duration like 30m or 2h").arg(word);
    case Part::VolumeJump:
        return QStringLiteral("--volume-jump '%1' is not a positive number of contracts").arg(word);
    }
    return QString();
}

namespace AlertRuleParser {

std::optional<AlertRule> parse(const AlertRuleInput &input, AlertRuleInputError *error)
{
    using Part = AlertRuleInputError::Part;
    AlertRule rule;
    QStringList scopes;
    if (input.ticker)
        scopes.append(QStringLiteral("ticker"));
    if (input.event)
        scopes.append(QStringLiteral("event"));
    if (input.series)
        scopes.append(QStringLiteral("series"));
    if (scopes.isEmpty())
        return refuse(error, Part::NoScope);
    if (scopes.size() > 1)
        return refuse(error, Part::ManyScopes, scopes);
    rule.scope = input.ticker ? AlertRule::Scope::Ticker
        : input.event         ? AlertRule::Scope::Event
                              : AlertRule::Scope::Series;
    rule.target = input.ticker ? *input.ticker : input.event ? *input.event : *input.series;
    if (rule.target.trimmed().isEmpty() || rule.target.trimmed() != rule.target)
        return refuse(error, Part::Target, scopes);

    QStringList conditions;
    if (input.when)
        conditions.append(QStringLiteral("when"));
    if (input.move)
        conditions.append(QStringLiteral("move"));
    if (input.volumeJump)
        conditions.append(QStringLiteral("volume-jump"));
    if (input.statusChange)
        conditions.append(QStringLiteral("status-change"));
    if (conditions.isEmpty())
        return refuse(error, Part::NoCondition);
    if (conditions.size() > 1)
        return refuse(error, Part::ManyConditions, conditions);
    if (input.within && !input.move)
        return refuse(error, Part::WithinWithoutMove);

    if (input.when) {
        const QStringList &words = *input.when;
        if (words.size() != 3)
            return refuse(error, Part::WhenWords, words);
        const std::optional<AlertRule::Field> field = AlertRule::fieldFromName(words.at(0));
        if (!field)
            return refuse(error, Part::Field, {words.at(0)});
        const std::optional<AlertRule::Kind> direction = AlertRule::kindFromName(words.at(1));
        if (!direction || (*direction != AlertRule::Kind::Above && *direction != AlertRule::Kind::Below))
            return refuse(error, Part::Direction, {words.at(1)});
        const std::optional<qint64> level = AlertRule::parsePriceLevel(words.at(2));
        if (!level)
            return refuse(error, Part::Level, {words.at(2)});
        rule.kind = *direction;
        rule.field = *field;
        rule.level = *level;
    } else if (input.move) {
        const std::optional<qint64> move = AlertRule::parseCents(*input.move);
        if (!move)
            return refuse(error, Part::Move, {*input.move});
        if (!input.within)
            return refuse(error, Part::MissingWithin);
        const std::optional<qint64> windowMs = Duration::parseMs(*input.within);
        if (!windowMs || *windowMs < 1000)
            return refuse(error, Part::Within, {*input.within});
        rule.kind = AlertRule::Kind::Move;
        rule.field = AlertRule::Field::LastPrice;
        rule.level = *move;
        rule.windowSecs = *windowMs / 1000;
    } else if (input.volumeJump) {
        const std::optional<qint64> jump = AlertRule::parseContracts(*input.volumeJump);
        if (!jump)
            return refuse(error, Part::VolumeJump, {*input.volumeJump});
        rule.kind = AlertRule::Kind::VolumeJump;
        rule.level = *jump;
    } else {
        rule.kind = AlertRule::Kind::StatusChange;
    }
    rule.note = input.note;
    return rule;
}

} // namespace AlertRuleParser

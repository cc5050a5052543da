#pragma once

#include "alerts/alertrule.h"

#include <QString>
#include <QStringList>

#include <optional>

// A rule as a person gives it, in words not yet checked: the CLI's options of `alerts add` and the
// app's Add dialog both fill one and parse it here, so that the same words give the same rule and
// the same refusal. Pure values; any thread.
struct AlertRuleInput
{
    // What to watch: exactly one is set.
    std::optional<QString> ticker;
    std::optional<QString> event;
    std::optional<QString> series;
    // The condition: exactly one of `when` (FIELD above|below LEVEL), `move` (with `within`),
    // `volumeJump` and `statusChange`.
    std::optional<QStringList> when;
    std::optional<QString> move;
    std::optional<QString> within;
    std::optional<QString> volumeJump;
    bool statusChange = false;
    QString note;
};

// Why an input was refused: the part that is wrong and the words given for it.
struct AlertRuleInputError
{
    enum class Part {
        NoScope, // words: none
        ManyScopes, // words: the scopes given ("ticker", "event", ...)
        Target, // words: the scope's name
        NoCondition,
        ManyConditions, // words: the conditions given ("when", "move", "volume-jump", "status-change")
        WithinWithoutMove,
        WhenWords, // `when` is not three words
        Field,
        Direction,
        Level,
        Move,
        MissingWithin,
        Within,
        VolumeJump,
    };
    Part part = Part::NoScope;
    QStringList words;

    // The message of `kalshi-monitor-cli alerts add`, naming its options.
    QString cliMessage() const;
};

namespace AlertRuleParser {

// The rule the words describe (no id, no creation time), or std::nullopt and the refusal.
std::optional<AlertRule> parse(const AlertRuleInput &input, AlertRuleInputError *error);

} // namespace AlertRuleParser

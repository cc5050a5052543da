#pragma once

#include "alerts/alertrule.h"

#include <QCoreApplication>
#include <QString>

// A rule in plain, translated words for the app ("KXBTC-25 yes bid above $0.65", "any market of
// event E moves 5¢ within 10 min"); the CLI keeps AlertRule::describe(). Pure functions; GUI thread
// (they read the application's translators and locale).
class AlertRuleText final
{
    Q_DECLARE_TR_FUNCTIONS(AlertRuleText)

public:
    AlertRuleText() = delete;

    static QString describe(const AlertRule &rule);
    // What happened at a firing, in the same words ("last price rose above $0.40", "fell 2¢ within
    // 10 min"); `rule` is null when the rule was removed since. Falls back to the stored message
    // where the words need the rule.
    static QString happened(const AlertFiring &firing, const AlertRule *rule);
    // happened() with the rule's note: "last price rose above $0.40 (sell?)".
    static QString firingWords(const AlertFiring &firing, const AlertRule *rule);
    // What a rule of this kind watches, without its target and level: "price move", ...
    static QString kindWords(AlertRule::Kind kind);
    // "yes bid", "spread", ...
    static QString fieldWords(AlertRule::Field field);
    // 650000 -> "$0.65", 655000 -> "$0.655"
    static QString dollars(qint64 micros);
    // 50000 -> "5¢", 25000 -> "2.5¢"
    static QString cents(qint64 micros);
    // 600 -> "10 min", 5400 -> "90 min", 7200 -> "2 h", 45 -> "45 s"
    static QString duration(qint64 secs);
};

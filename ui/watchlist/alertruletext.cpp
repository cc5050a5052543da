#include "watchlist/alertruletext.h"

#include "browser/browserformat.h"

#include <QLocale>

namespace {

// Digits after the point: at least `least`, more only where the value needs them.
QString decimal(qint64 value, int scaleDigits, int least)
{
    qint64 scale = 1;
    for (int i = 0; i < scaleDigits; ++i)
        scale *= 10;
    int digits = scaleDigits;
    while (digits > least && value % 10 == 0) {
        value /= 10;
        scale /= 10;
        --digits;
    }
    if (value % scale == 0 && least == 0)
        return QLocale().toString(value / scale);
    return QLocale().toString(double(value) / double(scale), 'f', digits);
}

} // namespace

QString AlertRuleText::happened(const AlertFiring &firing, const AlertRule *rule)
{
    const qint64 change
        = firing.valueBefore && firing.valueAfter ? *firing.valueAfter - *firing.valueBefore : 0;
    switch (firing.kind) {
    case AlertRule::Kind::Above:
        if (rule)
            return tr("%1 rose above %2").arg(fieldWords(rule->field), dollars(rule->level));
        break;
    case AlertRule::Kind::Below:
        if (rule)
            return tr("%1 fell below %2").arg(fieldWords(rule->field), dollars(rule->level));
        break;
    case AlertRule::Kind::Move:
        if (!firing.valueBefore || !firing.valueAfter)
            break;
        if (rule) {
            return (change >= 0 ? tr("rose %1 within %2") : tr("fell %1 within %2"))
                .arg(cents(qAbs(change)), duration(rule->windowSecs));
        }
        return (change >= 0 ? tr("rose %1") : tr("fell %1")).arg(cents(qAbs(change)));
    case AlertRule::Kind::VolumeJump:
        if (firing.valueBefore && firing.valueAfter)
            return tr("24h volume rose by %1 contracts").arg(BrowserFormat::contracts(change));
        break;
    case AlertRule::Kind::StatusChange:
        if (!firing.status.isEmpty())
            return tr("status changed to %1").arg(BrowserFormat::marketStatus(firing.status));
        break;
    }
    return firing.message;
}

QString AlertRuleText::firingWords(const AlertFiring &firing, const AlertRule *rule)
{
    const QString words = happened(firing, rule);
    return firing.note.isEmpty() ? words : tr("%1 (%2)").arg(words, firing.note);
}

QString AlertRuleText::kindWords(AlertRule::Kind kind)
{
    switch (kind) {
    case AlertRule::Kind::Above:
        return tr("price above a level");
    case AlertRule::Kind::Below:
        return tr("price below a level");
    case AlertRule::Kind::Move:
        return tr("price move");
    case AlertRule::Kind::VolumeJump:
        return tr("24h volume jump");
    case AlertRule::Kind::StatusChange:
        return tr("status change");
    }
    return QString();
}

QString AlertRuleText::fieldWords(AlertRule::Field field)
{
    switch (field) {
    case AlertRule::Field::YesBid:
        return tr("yes bid");
    case AlertRule::Field::YesAsk:
        return tr("yes ask");
    case AlertRule::Field::NoBid:
        return tr("no bid");
    case AlertRule::Field::NoAsk:
        return tr("no ask");
    case AlertRule::Field::LastPrice:
        return tr("last price");
    case AlertRule::Field::Spread:
        return tr("spread");
    }
    return QString();
}

QString AlertRuleText::dollars(qint64 micros)
{
    return tr("$%1").arg(decimal(micros, 6, 2));
}

QString AlertRuleText::cents(qint64 micros)
{
    return tr("%1¢").arg(decimal(micros, 4, 0));
}

QString AlertRuleText::duration(qint64 secs)
{
    if (secs >= 3600 && secs % 3600 == 0)
        return tr("%1 h").arg(QLocale().toString(secs / 3600));
    if (secs >= 60 && secs % 60 == 0)
        return tr("%1 min").arg(QLocale().toString(secs / 60));
    return tr("%1 s").arg(QLocale().toString(secs));
}

QString AlertRuleText::describe(const AlertRule &rule)
{
    // The subject of the sentence: the market itself, or any market of the event or series.
    QString subject;
    switch (rule.scope) {
    case AlertRule::Scope::Ticker:
        subject = rule.target;
        break;
    case AlertRule::Scope::Event:
        subject = tr("any market of event %1").arg(rule.target);
        break;
    case AlertRule::Scope::Series:
        subject = tr("any market of series %1").arg(rule.target);
        break;
    }
    switch (rule.kind) {
    case AlertRule::Kind::Above:
        return tr("%1 %2 above %3").arg(subject, fieldWords(rule.field), dollars(rule.level));
    case AlertRule::Kind::Below:
        return tr("%1 %2 below %3").arg(subject, fieldWords(rule.field), dollars(rule.level));
    case AlertRule::Kind::Move:
        return tr("%1 moves %2 within %3").arg(subject, cents(rule.level), duration(rule.windowSecs));
    case AlertRule::Kind::VolumeJump:
        return tr("%1 24h volume jumps by %2 contracts between snapshots")
            .arg(subject, BrowserFormat::contracts(rule.level));
    case AlertRule::Kind::StatusChange:
        return tr("%1 changes status or result").arg(subject);
    }
    return subject;
}

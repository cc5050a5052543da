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

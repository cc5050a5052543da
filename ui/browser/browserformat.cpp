#include "browserformat.h"

#include <QDateTime>

namespace {

constexpr QChar centSign(0x00A2);
constexpr QChar emDash(0x2014);

quint64 powerOfTen(int digits)
{
    quint64 result = 1;
    for (int i = 0; i < digits; ++i)
        result *= 10;
    return result;
}

} // namespace

QString BrowserFormat::scaledDecimal(
    qint64 value, int scaleDigits, int minDecimals, bool dropWholeFraction, const QLocale &locale)
{
    const bool negative = value < 0;
    // Unsigned so that the most negative qint64 still has a magnitude.
    const quint64 magnitude = negative ? quint64(0) - quint64(value) : quint64(value);
    const quint64 scale = powerOfTen(scaleDigits);
    const quint64 whole = magnitude / scale;
    const quint64 fraction = magnitude % scale;

    QString text = locale.toString(whole);
    if (fraction != 0 || (!dropWholeFraction && minDecimals > 0)) {
        QString digits = QString::number(fraction).rightJustified(scaleDigits, u'0');
        int keep = int(digits.size());
        while (keep > minDecimals && digits.at(keep - 1) == u'0')
            --keep;
        digits.truncate(keep);
        if (!digits.isEmpty())
            text += locale.decimalPoint() + digits;
    }
    if (negative)
        text.prepend(locale.negativeSign());
    return text;
}

QString BrowserFormat::price(qint64 micros, PriceFormat format, const QLocale &locale)
{
    // One cent is 10^4 micro-dollars; a $1 contract's price in cents is also its implied probability.
    // Whole cents, rounded half away from zero, so a column has one precision; the tooltip is exact.
    // A price that is not 0 or 100 does not show as one: "<1¢", ">99¢".
    const qint64 half = micros < 0 ? -5000 : 5000;
    const qint64 cents = (micros + half) / 10000;
    QString number = locale.toString(cents);
    if (cents == 0 && micros > 0)
        number = u'<' + locale.toString(1);
    else if (cents == 100 && micros < 1000000)
        number = u'>' + locale.toString(99);
    if (format == PriceFormat::Probability)
        return number + locale.percent();
    return number + centSign;
}

bool BrowserFormat::isSubPenny(qint64 micros)
{
    return micros % 10000 != 0;
}

QString BrowserFormat::priceToolTip(qint64 micros, const QLocale &locale)
{
    const QString dollars = scaledDecimal(micros, 6, 4, false, QLocale::c());
    return tr("$%1 (%2 micro-dollars)").arg(dollars, locale.toString(micros));
}

QString BrowserFormat::contracts(qint64 centi, const QLocale &locale)
{
    // Whole counts without decimals, fractional ones with both, so that a column's decimals align.
    return scaledDecimal(centi, 2, 2, true, locale);
}

QString BrowserFormat::contractsToolTip(qint64 centi, const QLocale &locale)
{
    return tr("%1 contracts (%2 centi-contracts)")
        .arg(scaledDecimal(centi, 2, 2, false, locale), locale.toString(centi));
}

QString BrowserFormat::dateTime(qint64 unixSeconds)
{
    return QDateTime::fromSecsSinceEpoch(unixSeconds).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString BrowserFormat::dateTimeToolTip(qint64 unixSeconds)
{
    const QDateTime local = QDateTime::fromSecsSinceEpoch(unixSeconds);
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm:ss");
    return tr("%1 local time\n%2 UTC\nUnix time %3")
        .arg(local.toString(format), local.toUTC().toString(format), QString::number(unixSeconds));
}

QString BrowserFormat::marketStatus(const QString &apiStatus)
{
    if (apiStatus == u"active" || apiStatus == u"open")
        return tr("Open");
    if (apiStatus == u"initialized" || apiStatus == u"unopened")
        return tr("Unopened");
    if (apiStatus == u"inactive" || apiStatus == u"paused")
        return tr("Paused");
    if (apiStatus == u"closed")
        return tr("Closed");
    if (apiStatus == u"determined")
        return tr("Determined");
    if (apiStatus == u"disputed")
        return tr("Disputed");
    if (apiStatus == u"amended")
        return tr("Amended");
    if (apiStatus == u"finalized" || apiStatus == u"settled")
        return tr("Settled");
    return apiStatus;
}

QString BrowserFormat::settlementResult(const QString &result)
{
    if (result == u"yes")
        return tr("Yes");
    if (result == u"no")
        return tr("No");
    if (result == u"void")
        return tr("Void");
    return result;
}

QString BrowserFormat::missing()
{
    return QString(emDash);
}

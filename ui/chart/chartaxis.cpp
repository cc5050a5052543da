#include "chart/chartaxis.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace ChartAxis {

namespace {

constexpr double kMonthSeconds = 30.44 * 86400;
constexpr double kYearSeconds = 365.25 * 86400;

constexpr TimeStep kTimeSteps[] = {
    {TimeUnit::Second, 1, 1},
    {TimeUnit::Second, 2, 2},
    {TimeUnit::Second, 5, 5},
    {TimeUnit::Second, 10, 10},
    {TimeUnit::Second, 15, 15},
    {TimeUnit::Second, 30, 30},
    {TimeUnit::Minute, 1, 60},
    {TimeUnit::Minute, 2, 120},
    {TimeUnit::Minute, 5, 300},
    {TimeUnit::Minute, 10, 600},
    {TimeUnit::Minute, 15, 900},
    {TimeUnit::Minute, 30, 1800},
    {TimeUnit::Hour, 1, 3600},
    {TimeUnit::Hour, 2, 7200},
    {TimeUnit::Hour, 3, 10800},
    {TimeUnit::Hour, 6, 21600},
    {TimeUnit::Hour, 12, 43200},
    {TimeUnit::Day, 1, 86400},
    {TimeUnit::Day, 2, 172800},
    {TimeUnit::Week, 1, 604800},
    {TimeUnit::Month, 1, kMonthSeconds},
    {TimeUnit::Month, 2, 2 * kMonthSeconds},
    {TimeUnit::Month, 3, 3 * kMonthSeconds},
    {TimeUnit::Month, 6, 6 * kMonthSeconds},
    {TimeUnit::Year, 1, kYearSeconds},
    {TimeUnit::Year, 2, 2 * kYearSeconds},
    {TimeUnit::Year, 5, 5 * kYearSeconds},
    {TimeUnit::Year, 10, 10 * kYearSeconds},
    {TimeUnit::Year, 25, 25 * kYearSeconds},
    {TimeUnit::Year, 100, 100 * kYearSeconds},
};

constexpr int kMaxTicks = 400;

} // namespace

const TimeStep &chooseTimeStep(double span, double pixelWidth, double minSpacingPx)
{
    const double pxPerSecond = span > 0 ? pixelWidth / span : 0;
    for (const TimeStep &step : kTimeSteps) {
        if (step.approxSeconds * pxPerSecond >= minSpacingPx)
            return step;
    }
    return kTimeSteps[std::size(kTimeSteps) - 1];
}

namespace {

qint64 startOfDay(QDate date)
{
    return date.startOfDay().toSecsSinceEpoch();
}

void generateTimeTicks(const TimeStep &step, qint64 from, qint64 to, QList<qint64> &ticks)
{
    ticks.clear();
    if (to < from)
        return;
    const QDate firstDate = QDateTime::fromSecsSinceEpoch(from).date();
    const QDate lastDate = QDateTime::fromSecsSinceEpoch(to).date();
    auto add = [&](qint64 t) {
        if (t >= from && t <= to && (ticks.isEmpty() || t > ticks.constLast()))
            ticks.append(t);
    };
    switch (step.unit) {
    case TimeUnit::Second:
    case TimeUnit::Minute:
    case TimeUnit::Hour: {
        const int unitSeconds = step.unit == TimeUnit::Second ? 1 : step.unit == TimeUnit::Minute ? 60 : 3600;
        const int stepSeconds = unitSeconds * step.count;
        // Wall-clock alignment per local day, so that ticks stay on the hour across DST changes.
        for (QDate date = firstDate; date <= lastDate && ticks.size() < kMaxTicks; date = date.addDays(1)) {
            const qint64 dayStart = startOfDay(date);
            const qint64 firstK = std::max<qint64>(0, (from - dayStart) / stepSeconds - 1);
            for (qint64 k = firstK; k * stepSeconds < 86400 && ticks.size() < kMaxTicks; ++k) {
                const QTime wall = QTime(0, 0).addSecs(int(k * stepSeconds));
                const qint64 t = QDateTime(date, wall).toSecsSinceEpoch();
                if (t > to)
                    break;
                add(t);
            }
        }
        break;
    }
    case TimeUnit::Day:
    case TimeUnit::Week:
        for (QDate date = firstDate; date <= lastDate && ticks.size() < kMaxTicks; date = date.addDays(1)) {
            if (step.unit == TimeUnit::Week && date.dayOfWeek() != Qt::Monday)
                continue;
            if (step.unit == TimeUnit::Day && date.toJulianDay() % step.count != 0)
                continue;
            add(startOfDay(date));
        }
        break;
    case TimeUnit::Month:
        for (QDate date(firstDate.year(), firstDate.month(), 1); date <= lastDate && ticks.size() < kMaxTicks;
             date = date.addMonths(1)) {
            if ((date.month() - 1) % step.count == 0)
                add(startOfDay(date));
        }
        break;
    case TimeUnit::Year:
        for (int year = firstDate.year(); year <= lastDate.year() && ticks.size() < kMaxTicks; ++year) {
            if (year % step.count == 0)
                add(startOfDay(QDate(year, 1, 1)));
        }
        break;
    }
}

} // namespace

qint64 niceStep(double raw, qint64 minimum)
{
    qint64 magnitude = minimum;
    while (true) {
        for (const int m : {1, 2, 5}) {
            if (double(m * magnitude) >= raw)
                return m * magnitude;
        }
        if (magnitude > std::numeric_limits<qint64>::max() / 100)
            return magnitude;
        magnitude *= 10;
    }
}

namespace {

QLocale displayLocale(const QLocale &locale)
{
    return locale.language() == QLocale::C ? QLocale(QLocale::English, QLocale::UnitedStates) : locale;
}

} // namespace

QString compactContracts(qint64 centi, const QLocale &locale)
{
    const QLocale l = displayLocale(locale);
    const double contracts = double(centi) / 100.0;
    if (contracts >= 1e6)
        return l.toString(contracts / 1e6, 'g', 3) + QLatin1Char('M');
    if (contracts >= 1e3)
        return l.toString(contracts / 1e3, 'g', 3) + QLatin1Char('k');
    return l.toString(contracts, 'g', 3);
}

QString formatPrice(qint64 micros, PriceUnit unit, const QLocale &locale)
{
    const QLocale l = displayLocale(locale);
    // Integer rounding: doubles would print 45.229999 for some exact micro-dollar values.
    const qint64 hundredths = (std::abs(micros) + 50) / 100; // 0.01 cent = 100 micro-dollars
    QString text = l.toString(hundredths / 100);
    const qint64 fraction = hundredths % 100;
    if (fraction % 10 != 0)
        text += l.decimalPoint() + QString::number(fraction).rightJustified(2, QLatin1Char('0'));
    else if (fraction != 0)
        text += l.decimalPoint() + QString::number(fraction / 10);
    if (micros < 0)
        text.prepend(l.negativeSign());
    if (unit == PriceUnit::Percent)
        return QCoreApplication::translate("SnapshotChart", "%1%", "a probability in percent").arg(text);
    return text + QChar(0xA2);
}

QString formatContracts(qint64 centi, const QLocale &locale)
{
    const QLocale l = displayLocale(locale);
    const qint64 magnitude = std::abs(centi);
    QString text = l.toString(magnitude / 100);
    if (magnitude % 100 != 0)
        text += l.decimalPoint() + QString::number(magnitude % 100).rightJustified(2, QLatin1Char('0'));
    if (centi < 0)
        text.prepend(l.negativeSign());
    return text;
}

QString formatCents(qint64 micros)
{
    return formatPrice(micros, PriceUnit::Cents, QLocale::c());
}

QString formatContracts(qint64 centi)
{
    return formatContracts(centi, QLocale::c());
}

QString timeZoneLabel(qint64 time)
{
    const QDateTime local = QDateTime::fromSecsSinceEpoch(time);
    const int offset = local.offsetFromUtc();
    QString utc = QStringLiteral("UTC");
    if (offset != 0) {
        const int minutes = std::abs(offset) / 60;
        utc += QLatin1Char(offset < 0 ? '-' : '+')
            + QStringLiteral("%1:%2")
                  .arg(minutes / 60, 2, 10, QLatin1Char('0'))
                  .arg(minutes % 60, 2, 10, QLatin1Char('0'));
    }
    const QString abbreviation = local.timeZoneAbbreviation();
    // Zones without a name of their own abbreviate as "+03" or "UTC": the offset says it all.
    if (abbreviation.isEmpty() || abbreviation.startsWith(QLatin1String("UTC"))
        || abbreviation.startsWith(QLatin1String("GMT")) || abbreviation.startsWith(QLatin1Char('+'))
        || abbreviation.startsWith(QLatin1Char('-')))
        return utc;
    return QStringLiteral("%1 (%2)").arg(abbreviation, utc);
}

QList<qint64> timeTicks(const TimeStep &step, qint64 from, qint64 to)
{
    QList<qint64> ticks;
    generateTimeTicks(step, from, to, ticks);
    return ticks;
}

} // namespace ChartAxis

#pragma once

#include <QList>
#include <QLocale>
#include <QString>

// Axis steps and the texts of a chart's numbers: pure functions, no widgets.
namespace ChartAxis {

enum class TimeUnit { Second, Minute, Hour, Day, Week, Month, Year };

struct TimeStep
{
    TimeUnit unit;
    int count;
    double approxSeconds;
};

// The smallest step that gives each label at least minSpacingPx of pixelWidth.
const TimeStep &chooseTimeStep(double span, double pixelWidth, double minSpacingPx);
// Tick times in [from, to] aligned to local-time boundaries (whole minutes, hours, midnights,
// first of month...); sub-day steps stay on the hour across DST changes.
QList<qint64> timeTicks(const TimeStep &step, qint64 from, qint64 to);

// 1, 2, 5 x 10^k, at least `minimum`.
qint64 niceStep(double raw, qint64 minimum);

// How prices read: cents (45¢) or the probability they stand for (45%); a dollar is 100 of both.
enum class PriceUnit { Cents, Percent };

// Texts in `locale` (decimal point, digit groups); the C locale reads as US English.
// "45¢", "45.23¢", "0.1¢" or "45.23%": micro-dollars with up to 2 decimals.
QString formatPrice(qint64 micros, PriceUnit unit, const QLocale &locale);
// "3,877.56": centi-contracts as contracts.
QString formatContracts(qint64 centi, const QLocale &locale);
// "1.2k", "3.4M": for the volume scale.
QString compactContracts(qint64 centi, const QLocale &locale);
// The same in US English, cents.
QString formatCents(qint64 micros);
QString formatContracts(qint64 centi);

// "UTC", or "CET (UTC+01:00)": the zone local times are shown in, at `time`.
QString timeZoneLabel(qint64 time);

} // namespace ChartAxis

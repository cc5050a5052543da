#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <QString>

// How the database browser shows stored values: prices in micro-dollars, contract counts in
// centi-contracts, times in Unix seconds UTC (see resources/sql/001_initial.sql). Pure functions,
// callable from any thread; the browser calls them in the GUI thread. Decimals are produced from the
// integers digit by digit, never through double, so what is shown is exactly what is stored.
class BrowserFormat final
{
    Q_DECLARE_TR_FUNCTIONS(BrowserFormat)

public:
    enum class PriceFormat { Cents, Probability };

    BrowserFormat() = delete;

    // 450000 -> "45¢" (or "45%"); whole cents in every cell, rounded half away from zero
    // (452300 -> "45¢", 455000 -> "46¢"); the exact value is in priceToolTip().
    static QString price(qint64 micros, PriceFormat format, const QLocale &locale = QLocale());
    // True when whole cents do not show `micros` exactly.
    static bool isSubPenny(qint64 micros);
    // "$0.4523 (452,300 micro-dollars)"
    static QString priceToolTip(qint64 micros, const QLocale &locale = QLocale());

    // 387756 -> "3,877.56", 387750 -> "3,877.50", 387700 -> "3,877".
    static QString contracts(qint64 centi, const QLocale &locale = QLocale());
    static QString contractsToolTip(qint64 centi, const QLocale &locale = QLocale());

    // Local date and time, minutes precision: "2026-03-12 14:05".
    static QString dateTime(qint64 unixSeconds);
    static QString dateTimeToolTip(qint64 unixSeconds);

    // The API's market status values as words for people; unknown values are shown as stored.
    static QString marketStatus(const QString &apiStatus);
    // Settlement results "yes", "no", "void".
    static QString settlementResult(const QString &result);

    // What an empty (NULL) cell shows.
    static QString missing();

    // `value` scaled by 10^scaleDigits as a decimal with grouping, keeping between minDecimals and
    // scaleDigits fraction digits (trailing zeros beyond minDecimals dropped; none if the fraction is 0
    // and dropWholeFraction).
    static QString scaledDecimal(qint64 value, int scaleDigits, int minDecimals, bool dropWholeFraction,
        const QLocale &locale = QLocale());
};

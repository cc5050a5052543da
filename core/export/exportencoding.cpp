#include "export/exportencoding.h"

#include <cstring>

namespace ExportEncoding {

namespace {

// "00".."99": two digits per division halves the divisions of every number written.
constexpr char digitPairs[]
    = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";

// Writes the digits of `magnitude` (unsigned, so that the most negative qint64 has one too).
char *writeDigits(char *out, quint64 magnitude)
{
    char digits[20];
    int start = 20;
    while (magnitude >= 100) {
        const unsigned pair = unsigned(magnitude % 100) * 2;
        magnitude /= 100;
        start -= 2;
        digits[start] = digitPairs[pair];
        digits[start + 1] = digitPairs[pair + 1];
    }
    if (magnitude >= 10) {
        start -= 2;
        digits[start] = digitPairs[magnitude * 2];
        digits[start + 1] = digitPairs[magnitude * 2 + 1];
    } else {
        digits[--start] = char('0' + magnitude);
    }
    std::memcpy(out, digits + start, size_t(20 - start));
    return out + (20 - start);
}

char *writeTwoDigits(char *out, int value)
{
    out[0] = char('0' + value / 10);
    out[1] = char('0' + value % 10);
    return out + 2;
}

quint64 magnitudeOf(qint64 value)
{
    return value < 0 ? quint64(0) - quint64(value) : quint64(value);
}

// Howard Hinnant's civil_from_days: days since 1970-01-01 -> year, month, day (proleptic Gregorian).
void civilFromDays(qint64 days, qint64 *year, int *month, int *day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 monthIndex = (5 * dayOfYear + 2) / 153;
    *day = int(dayOfYear - (153 * monthIndex + 2) / 5 + 1);
    *month = int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
    *year = yearOfEra + era * 400 + (*month <= 2 ? 1 : 0);
}

bool csvNeedsQuotes(QByteArrayView utf8)
{
    if (utf8.isEmpty())
        return true;
    for (const char c : utf8) {
        if (c == ',' || c == '"' || c == '\r' || c == '\n')
            return true;
    }
    return false;
}

} // namespace

char *writeInteger(char *out, qint64 value)
{
    if (value < 0)
        *out++ = '-';
    return writeDigits(out, magnitudeOf(value));
}

char *writeScaled(char *out, qint64 scaled, int scaleDigits, int minFractionDigits)
{
    quint64 divisor = 1;
    for (int i = 0; i < scaleDigits; ++i)
        divisor *= 10;
    const quint64 magnitude = magnitudeOf(scaled);
    if (scaled < 0)
        *out++ = '-';
    out = writeDigits(out, magnitude / divisor);
    quint64 fraction = magnitude % divisor;
    int digits = scaleDigits;
    while (digits > minFractionDigits && fraction % 10 == 0) {
        fraction /= 10;
        --digits;
    }
    if (digits == 0)
        return out;
    *out++ = '.';
    for (int i = digits - 1; i >= 0; --i) {
        out[i] = char('0' + fraction % 10);
        fraction /= 10;
    }
    return out + digits;
}

char *writeTime(char *out, qint64 secondsSinceEpoch)
{
    // Years 0000-9999: the range RFC 3339 can write.
    constexpr qint64 first = -62167219200; // 0000-01-01T00:00:00Z
    constexpr qint64 last = 253402300799; // 9999-12-31T23:59:59Z
    if (secondsSinceEpoch < first || secondsSinceEpoch > last)
        return writeInteger(out, secondsSinceEpoch);
    const qint64 days
        = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86400 : (secondsSinceEpoch - 86399) / 86400;
    const int secondOfDay = int(secondsSinceEpoch - days * 86400);
    qint64 year = 0;
    int month = 0;
    int day = 0;
    civilFromDays(days, &year, &month, &day);
    out = writeTwoDigits(out, int(year / 100));
    out = writeTwoDigits(out, int(year % 100));
    *out++ = '-';
    out = writeTwoDigits(out, month);
    *out++ = '-';
    out = writeTwoDigits(out, day);
    *out++ = 'T';
    out = writeTwoDigits(out, secondOfDay / 3600);
    *out++ = ':';
    out = writeTwoDigits(out, secondOfDay / 60 % 60);
    *out++ = ':';
    out = writeTwoDigits(out, secondOfDay % 60);
    *out++ = 'Z';
    return out;
}

qsizetype csvFieldMaxBytes(qsizetype utf8Bytes)
{
    return 2 * utf8Bytes + 2;
}

char *writeCsvField(char *out, QByteArrayView utf8)
{
    if (!csvNeedsQuotes(utf8)) {
        std::memcpy(out, utf8.data(), size_t(utf8.size()));
        return out + utf8.size();
    }
    *out++ = '"';
    for (const char c : utf8) {
        if (c == '"')
            *out++ = '"';
        *out++ = c;
    }
    *out++ = '"';
    return out;
}

qsizetype jsonStringMaxBytes(qsizetype utf8Bytes)
{
    return 6 * utf8Bytes + 2;
}

char *writeJsonString(char *out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    *out++ = '"';
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == '"' || byte == '\\') {
            *out++ = '\\';
            *out++ = c;
        } else if (byte == '\n') {
            *out++ = '\\';
            *out++ = 'n';
        } else if (byte == '\r') {
            *out++ = '\\';
            *out++ = 'r';
        } else if (byte == '\t') {
            *out++ = '\\';
            *out++ = 't';
        } else if (byte < 0x20) {
            out[0] = '\\';
            out[1] = 'u';
            out[2] = '0';
            out[3] = '0';
            out[4] = hex[byte >> 4];
            out[5] = hex[byte & 0xF];
            out += 6;
        } else {
            *out++ = c;
        }
    }
    *out++ = '"';
    return out;
}

} // namespace ExportEncoding

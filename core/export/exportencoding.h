#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Byte-level text for export rows, written straight into a caller's buffer: an export writes tens
// of millions of values, and going through QString or double per value would cost more than the
// reading. Every function writes at most the number of bytes its *MaxBytes says. Pure functions.
namespace ExportEncoding {

constexpr int integerMaxBytes = 20; // "-9223372036854775808"
constexpr int decimalMaxBytes = 22; // the integer, a point, and the sign
constexpr int timeMaxBytes = 20; // "2026-11-01T12:30:45Z", or the seconds as an integer

// 450000 -> "450000". Returns the end of the written text.
char *writeInteger(char *out, qint64 value);

// The exact decimal value of `scaled` / 10^scaleDigits with at least minFractionDigits fraction
// digits and no trailing zeros beyond them: (450000, 6, 4) -> "0.4500", (450001, 6, 4) ->
// "0.450001", (387700, 2, 0) -> "3877". No floating point anywhere.
char *writeScaled(char *out, qint64 scaled, int scaleDigits, int minFractionDigits);

// Unix seconds -> "2026-11-01T12:30:45Z" (RFC 3339, UTC), for years 0000-9999; other times are
// written as the plain number of seconds.
char *writeTime(char *out, qint64 secondsSinceEpoch);

// A CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, or is empty (so that an
// empty text stays apart from NULL, which is written as nothing); quotes doubled.
qsizetype csvFieldMaxBytes(qsizetype utf8Bytes);
char *writeCsvField(char *out, QByteArrayView utf8);

// A JSON string with its quotes; quote, backslash and control characters escaped, UTF-8 kept.
qsizetype jsonStringMaxBytes(qsizetype utf8Bytes);
char *writeJsonString(char *out, QByteArrayView utf8);

} // namespace ExportEncoding

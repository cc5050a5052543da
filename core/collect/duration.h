#pragma once

#include <QString>
#include <QStringView>

#include <optional>

// Collection intervals as people write them: "20s", "15m", "6h"; a bare number means minutes.
// Pure functions, usable from any thread.
namespace Duration {

// The longest interval accepted: one year.
constexpr qint64 maxMs = qint64(366) * 24 * 60 * 60 * 1000;

// Milliseconds for "N", "Ns", "Nm", "Nh" (and "Nms", so that format() round-trips), N a positive
// decimal integer; surrounding spaces are ignored. std::nullopt for zero, signs, other suffixes,
// inner spaces, and anything above maxMs.
std::optional<qint64> parseMs(QStringView text);

// The largest unit that states ms exactly: 21600000 -> "6h", 900000 -> "15m", 20000 -> "20s",
// 1500 -> "1500ms". Empty for ms <= 0.
QString format(qint64 ms);

// Ages for retention, counted back from now: "Nm", "Nh", "Nd" or "Nw" in seconds (the unit is
// required, so that "30" is never taken for minutes when days were meant), N a positive decimal
// integer of at most 6 digits; surrounding spaces are ignored. std::nullopt for anything else.
std::optional<qint64> parseAgeSecs(QStringView text);

} // namespace Duration

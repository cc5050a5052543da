#pragma once

#include <QString>

namespace Paths {

inline constexpr char productionApiBase[] = "https://api.elections.kalshi.com/trade-api/v2";
inline constexpr char demoApiBase[] = "https://demo-api.kalshi.co/trade-api/v2";

// KALSHI_MONITOR_DB if set, else <generic data location>/kalshi-monitor/kalshi-monitor.db;
// the CLI and the GUI share it.
QString defaultDatabasePath();

// KALSHI_API_BASE if set, else production.
QString defaultApiBase();

} // namespace Paths

#include "paths.h"

#include <QDir>
#include <QStandardPaths>

namespace Paths {

QString defaultDatabasePath()
{
    QString fromEnvironment = qEnvironmentVariable("KALSHI_MONITOR_DB");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(base).filePath(QStringLiteral("kalshi-monitor/kalshi-monitor.db"));
}

QString defaultApiBase()
{
    const QString fromEnvironment = qEnvironmentVariable("KALSHI_API_BASE");
    return fromEnvironment.isEmpty() ? QString::fromLatin1(productionApiBase) : fromEnvironment;
}

} // namespace Paths

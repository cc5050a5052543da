#include "logging.h"

Q_LOGGING_CATEGORY(lcSync, "km.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "km.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNetwork, "km.network", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCollect, "km.collect", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "km.ui", QtInfoMsg)

void KmLogging::enableDeveloperLogs()
{
    QLoggingCategory::setFilterRules(QStringLiteral("km.*.debug=true"));
}

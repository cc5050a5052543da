#pragma once

#include <QLoggingCategory>

// Developer logs, one category per area, quiet by default ("km.*.debug=false"). Enable them with
// QT_LOGGING_RULES="km.*.debug=true" (or one area, "km.sync.debug=true"); the CLI's --verbose does the
// same. What a user should read goes to the app's log view and the CLI's stderr, not here.
Q_DECLARE_LOGGING_CATEGORY(lcSync)
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcNetwork)
Q_DECLARE_LOGGING_CATEGORY(lcCollect)
Q_DECLARE_LOGGING_CATEGORY(lcUi)

namespace KmLogging {

// --verbose: turns on the debug output of every km.* category (QT_LOGGING_RULES still overrides).
void enableDeveloperLogs();

} // namespace KmLogging

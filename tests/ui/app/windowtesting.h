#pragma once

#include "mainwindow/mainwindow.h"

#include <QString>

#include <memory>

// Opening and closing the real main window in GUI tests. Lives in the test's (GUI) thread.
namespace KmTest {

// Gives the test process its own QSettings (organization "kalshi-monitor-test", this application
// name, files under configFolder), so no test reads or writes the user's settings.
void useTestSettings(const QString &applicationName, const QString &configFolder);

// What a test window starts with: the database, the API base (nothing listens on the default, so no
// sync reaches anything), no rate limit, and no collection restored from settings.
MainWindow::Startup windowStartup(
    const QString &databasePath, const QString &apiBase = QStringLiteral("http://127.0.0.1:9"));

// Shows a window for `startup` and waits until it has opened its database; a window that cannot
// open it aborts the test process (qFatal), since every later check would fail for it.
std::unique_ptr<MainWindow> openWindow(const MainWindow::Startup &startup);

// Closes the window the way a user does and waits until its threads have stopped and it is hidden.
bool closeAndWait(MainWindow &window);

} // namespace KmTest

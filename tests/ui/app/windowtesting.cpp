#include "windowtesting.h"

#include <QCoreApplication>
#include <QSettings>
#include <QSignalSpy>

namespace KmTest {

void useTestSettings(const QString &applicationName, const QString &configFolder)
{
    QCoreApplication::setOrganizationName(QStringLiteral("kalshi-monitor-test"));
    QCoreApplication::setApplicationName(applicationName);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, configFolder);
}

MainWindow::Startup windowStartup(const QString &databasePath, const QString &apiBase)
{
    MainWindow::Startup startup;
    startup.settings.databasePath = databasePath;
    startup.settings.rateLimit = 0;
    startup.apiBaseOverride = apiBase;
    startup.restoreCollecting = false;
    return startup;
}

std::unique_ptr<MainWindow> openWindow(const MainWindow::Startup &startup)
{
    auto window = std::make_unique<MainWindow>(startup);
    QSignalSpy opened(window.get(), &MainWindow::databaseOpened);
    window->show();
    if (!opened.wait(10000) || !opened.at(0).at(0).toBool())
        qFatal("the window did not open its database %s", qPrintable(startup.settings.databasePath));
    return window;
}

bool closeAndWait(MainWindow &window)
{
    QSignalSpy stopped(&window, &MainWindow::pipelineStopped);
    window.close();
    if (!window.isPipelineStopped() && !stopped.wait(30000))
        return false;
    return window.isPipelineStopped() && !window.isVisible();
}

} // namespace KmTest

#include "cli/unixsignalwatcher.h"
#include "logging.h"
#include "mainwindow/demosimulator.h"
#include "mainwindow/guistartup.h"
#include "mainwindow/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kalshi-monitor"));
    QApplication::setOrganizationName(QStringLiteral("kalshi-monitor"));
    QApplication::setApplicationDisplayName(QStringLiteral("Kalshi Monitor"));
    QApplication::setApplicationVersion(QStringLiteral(KM_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("kalshi-monitor"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/kalshi-monitor.png")));

    GuiOptions options;
    QString message;
    bool help = false;
    if (!GuiStartup::parse(QApplication::arguments(), &options, &message, &help)) {
        std::fprintf(stderr, "usage error: %s\n", qPrintable(message));
        return 2;
    }
    if (help) {
        std::fputs(qPrintable(message), stdout);
        return 0;
    }
    if (options.verbose)
        KmLogging::enableDeveloperLogs();
    GuiStartup::installTranslations(&app, options.language);

    MainWindow::Startup startup;
    QSettings settings;
    startup.settings = AppSettings::load(settings);
    if (!options.databasePath.isEmpty())
        startup.settings.databasePath = options.databasePath;
    startup.apiBaseOverride = options.apiBase;

    DemoSimulator simulator;
    if (options.demo) {
        QString error;
        if (!simulator.start({QStringLiteral("--markets"), QStringLiteral("5000"), QStringLiteral("--events"),
                                 QStringLiteral("300"), QStringLiteral("--settled"), QStringLiteral("600"),
                                 QStringLiteral("--tick-seconds"), QStringLiteral("5")},
                &error)) {
            QMessageBox::critical(nullptr, QObject::tr("Kalshi Monitor"), error);
            return 1;
        }
        startup.demo = true;
        startup.apiBaseOverride = simulator.apiBase().toString();
        startup.restoreCollecting = false;
        if (options.databasePath.isEmpty()) {
            const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
            startup.settings.databasePath = QDir(dir).filePath(QStringLiteral("kalshi-monitor/demo.db"));
        }
    }

    MainWindow window(startup);
    // SIGTERM (logout, kill), SIGINT and SIGHUP quit without asking, also while collecting: the
    // running page commits, or is reported lost at once when another process holds the database lock.
    UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, &window,
        [&window] { window.quit(MainWindow::QuitPrompt::DontAsk); });
    // The window hides as soon as it is asked to close: the application ends once its threads have.
    QObject::connect(
        &window, &MainWindow::pipelineStopped, &app, &QCoreApplication::quit, Qt::QueuedConnection);
    window.show();
    const int status = QApplication::exec();
    simulator.stop();
    return status;
}

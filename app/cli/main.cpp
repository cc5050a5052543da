#include "cli/clioptions.h"
#include "cli/clirunner.h"
#include "logging.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kalshi-monitor-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("kalshi-monitor"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KM_VERSION));

    CliOptions options;
    QString message;
    switch (parseCliArguments(QCoreApplication::arguments(), &options, &message)) {
    case CliParse::Help:
        std::fputs(qPrintable(message), stdout);
        return 0;
    case CliParse::UsageError:
        std::fprintf(stderr, "usage error: %s\n", qPrintable(message));
        return 2;
    case CliParse::Ok:
        break;
    }
    if (options.verbose)
        KmLogging::enableDeveloperLogs();
    CliRunner runner(options);
    return runner.exec();
}

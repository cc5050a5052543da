#include "cli/clioptions.h"
#include "cli/clirunner.h"
#include "logging.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

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
        // A script that asked for JSON gets its one line also when the arguments were wrong.
        if (QCoreApplication::arguments().contains(QStringLiteral("--json"))) {
            const QJsonObject json{
                {QStringLiteral("command"),
                    options.command.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(options.command)},
                {QStringLiteral("ok"), false}, {QStringLiteral("usage_error"), true},
                {QStringLiteral("error"), message}};
            std::fprintf(stdout, "%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
        }
        return 2;
    case CliParse::Ok:
        break;
    }
    if (options.verbose)
        KmLogging::enableDeveloperLogs();
    CliRunner runner(options);
    return runner.exec();
}

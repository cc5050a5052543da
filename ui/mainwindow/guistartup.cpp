#include "mainwindow/guistartup.h"

#include "storage/schema.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>
#include <QUrl>

namespace GuiStartup {

bool parse(const QStringList &arguments, GuiOptions *options, QString *message, bool *help)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "GuiStartup", "Kalshi Monitor: collects Kalshi market data into SQLite or PostgreSQL and shows it."));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
        QCoreApplication::translate("GuiStartup", "Show this help."));
    const QCommandLineOption db(QStringLiteral("db"),
        QCoreApplication::translate("GuiStartup", "Database file or postgresql:// URL."),
        QStringLiteral("PATH|URL"));
    const QCommandLineOption api(QStringLiteral("api-base"),
        QCoreApplication::translate("GuiStartup", "API base URL."), QStringLiteral("URL"));
    const QCommandLineOption demo(QStringLiteral("demo"),
        QCoreApplication::translate("GuiStartup", "Start the bundled simulator and use it offline."));
    const QCommandLineOption lang(QStringLiteral("lang"),
        QCoreApplication::translate("GuiStartup", "Language code, e.g. de or en."), QStringLiteral("CODE"));
    const QCommandLineOption verbose(
        QStringLiteral("verbose"), QCoreApplication::translate("GuiStartup", "Developer logs on stderr."));
    parser.addOptions({helpOption, db, api, demo, lang, verbose});
    *help = false;
    if (!parser.parse(arguments)) {
        *message = parser.errorText();
        return false;
    }
    if (parser.isSet(helpOption)) {
        *help = true;
        *message = parser.helpText();
        return true;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *message = QCoreApplication::translate("GuiStartup", "unexpected argument '%1'")
                       .arg(parser.positionalArguments().constFirst());
        return false;
    }
    options->databasePath = parser.value(db);
    options->apiBase = parser.value(api);
    options->demo = parser.isSet(demo);
    options->language = parser.value(lang);
    options->verbose = parser.isSet(verbose);
    if (parser.isSet(db) && options->databasePath.isEmpty()) {
        *message = QCoreApplication::translate("GuiStartup", "--db needs a path");
        return false;
    }
    if (parser.isSet(db)) {
        if (const QString refused = Schema::checkDatabaseFile(options->databasePath); !refused.isEmpty()) {
            *message = QStringLiteral("--db: ") + refused;
            return false;
        }
    }
    if (!options->apiBase.isEmpty()) {
        const QUrl url(options->apiBase, QUrl::StrictMode);
        if (!url.isValid()
            || (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("https"))
            || url.host().isEmpty()) {
            *message = QCoreApplication::translate("GuiStartup", "--api-base '%1' is not an http(s) URL")
                           .arg(options->apiBase);
            return false;
        }
        if (options->demo) {
            *message = QCoreApplication::translate("GuiStartup", "--demo and --api-base exclude each other");
            return false;
        }
    }
    return true;
}

QString installTranslations(QCoreApplication *app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto *translator = new QTranslator(app);
    if (translator->load(
            locale, QStringLiteral("kalshimonitor"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        app->installTranslator(translator);
    } else {
        // A language without a translation (or the C locale) gets English, whose translation
        // holds the plural forms: without it "%n row(s)" would show as "5 row(s)".
        if (translator->load(QStringLiteral("kalshimonitor_en"), QStringLiteral(":/i18n")))
            app->installTranslator(translator);
        else
            delete translator;
        return QStringLiteral("en");
    }
    auto *qtTranslator = new QTranslator(app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        app->installTranslator(qtTranslator);
    } else {
        delete qtTranslator;
    }
    QLocale::setDefault(locale);
    return locale.name().section(u'_', 0, 0);
}

} // namespace GuiStartup

#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

// The command line of kalshi-monitor and what has to happen before the window shows.
struct GuiOptions
{
    QString databasePath; // empty: from the settings
    QString apiBase; // empty: from the settings
    bool demo = false;
    QString language; // empty: the system locale
    bool verbose = false; // developer logs (km.*.debug) on stderr
};

namespace GuiStartup {

// False with a message on a usage error; `help` is set when --help was asked (message = help text).
bool parse(const QStringList &arguments, GuiOptions *options, QString *message, bool *help);

// Loads the app's and Qt's translations for `language` (or the system locale) into the application.
// Returns the language actually used ("en" when no translation matched).
QString installTranslations(QCoreApplication *app, const QString &language);

} // namespace GuiStartup

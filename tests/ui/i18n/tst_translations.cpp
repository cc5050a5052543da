#include <QApplication>

#include "dashboard/dashboardwidget.h"
#include "dashboard/syncformat.h"
#include "mainwindow/guistartup.h"
#include "testsupport.h"

#include <QFile>
#include <QHash>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

struct TsMessage
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString type; // "unfinished", "vanished", "obsolete" or empty for a finished translation
    QString translation;
    QStringList forms;

    QString key() const { return context + u'\x1f' + source + u'\x1f' + comment; }
    QString label() const { return context + QStringLiteral(": \"") + source + u'"'; }
};

struct TsFile
{
    QString language;
    QString sourceLanguage;
    QList<TsMessage> messages;
    QString error;

    const TsMessage *find(const QString &context, const QString &source) const
    {
        for (const TsMessage &message : messages) {
            if (message.context == context && message.source == source)
                return &message;
        }
        return nullptr;
    }

    QSet<QString> keys(bool numerusOnly = false) const
    {
        QSet<QString> result;
        for (const TsMessage &message : messages) {
            if (!numerusOnly || message.numerus)
                result.insert(message.key());
        }
        return result;
    }

    QSet<QString> contexts() const
    {
        QSet<QString> result;
        for (const TsMessage &message : messages)
            result.insert(message.context);
        return result;
    }
};

TsFile readTs(const QString &path)
{
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = path + QStringLiteral(": ") + file.errorString();
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == u"TS") {
                ts.language = xml.attributes().value(QLatin1String("language")).toString();
                ts.sourceLanguage = xml.attributes().value(QLatin1String("sourcelanguage")).toString();
            } else if (name == u"context") {
                context.clear();
            } else if (name == u"name") {
                context = xml.readElementText();
            } else if (name == u"message") {
                message = TsMessage();
                message.context = context;
                message.numerus = xml.attributes().value(QLatin1String("numerus")) == u"yes";
            } else if (name == u"source") {
                message.source = xml.readElementText();
            } else if (name == u"comment") {
                message.comment = xml.readElementText();
            } else if (name == u"translation") {
                message.type = xml.attributes().value(QLatin1String("type")).toString();
                if (!message.numerus)
                    message.translation = xml.readElementText();
            } else if (name == u"numerusform") {
                message.forms.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == u"message") {
            ts.messages.append(message);
        }
    }
    if (xml.hasError())
        ts.error = path + QStringLiteral(": ") + xml.errorString();
    return ts;
}

QString tsPath(const QString &language)
{
    return QStringLiteral(KM_TRANSLATIONS_DIR "/kalshimonitor_") + language + QStringLiteral(".ts");
}

// Placeholders (%1, %L1, %n, %Ln) in order of appearance, sorted: a translation may reorder them.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%L?(\\d+|n)"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found.append(it.next().captured());
    found.sort();
    return found;
}

// The mnemonic letters of a text: "&File" -> f; "&&" is a literal ampersand.
QString accelerators(const QString &text)
{
    QString letters;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != u'&')
            continue;
        if (text.at(i + 1) == u'&') {
            ++i;
            continue;
        }
        if (!text.at(i + 1).isSpace())
            letters.append(text.at(i + 1).toLower());
    }
    return letters;
}

// Every text that needs a translation, with its plural forms for numerus messages.
QStringList translatedTexts(const TsMessage &message)
{
    return message.numerus ? message.forms : QStringList{message.translation};
}

void removeInstalledTranslators()
{
    const QList<QTranslator *> translators = qApp->findChildren<QTranslator *>();
    for (QTranslator *translator : translators) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

// German and English both have two plural forms (one, other).
constexpr int pluralForms = 2;

} // namespace

class TranslationsTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void filesParse_data();
    void filesParse();
    void germanIsComplete();
    void englishHoldsOnlyPluralForms();
    void placeholdersAndAcceleratorsKept_data();
    void placeholdersAndAcceleratorsKept();
    void germanAcceleratorsDoNotClash_data();
    void germanAcceleratorsDoNotClash();
    void bothStaticLibrariesAreExtracted();
    void filesMatchTheSources_data();
    void filesMatchTheSources();
    void noEscapeThatLupdateMisreads();
    void compiledGermanLoads();
    void compiledEnglishHasPlurals();
    void unknownLanguageFallsBackToEnglish_data();
    void unknownLanguageFallsBackToEnglish();

private:
    TsFile m_de;
    TsFile m_en;
    QLocale m_defaultLocale;
};

void TranslationsTest::initTestCase()
{
    KmTest::failOnForbiddenWarnings();
    m_defaultLocale = QLocale();
    m_de = readTs(tsPath(QStringLiteral("de")));
    m_en = readTs(tsPath(QStringLiteral("en")));
}

void TranslationsTest::init()
{
    KmTest::failOnForbiddenWarnings();
}

void TranslationsTest::cleanup()
{
    removeInstalledTranslators();
    QLocale::setDefault(m_defaultLocale);
}

void TranslationsTest::cleanupTestCase()
{
    KmTest::failOnForbiddenWarnings();
}

void TranslationsTest::filesParse_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("de") << QStringLiteral("de");
    QTest::newRow("en") << QStringLiteral("en");
}

void TranslationsTest::filesParse()
{
    QFETCH(QString, language);
    const TsFile &ts = language == u"de" ? m_de : m_en;
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
    QVERIFY(!ts.messages.isEmpty());
    QVERIFY2(ts.language.startsWith(language), qPrintable(ts.language));
    QCOMPARE(ts.sourceLanguage, QStringLiteral("en"));
}

void TranslationsTest::germanIsComplete()
{
    QVERIFY2(m_de.error.isEmpty(), qPrintable(m_de.error));
    QStringList problems;
    for (const TsMessage &message : std::as_const(m_de.messages)) {
        if (!message.type.isEmpty())
            problems.append(message.label() + QStringLiteral(" is ") + message.type);
        if (message.numerus && message.forms.size() != pluralForms)
            problems.append(
                message.label() + QStringLiteral(" has %1 plural forms").arg(message.forms.size()));
        const QStringList texts = translatedTexts(message);
        for (const QString &text : texts) {
            if (text.trimmed().isEmpty())
                problems.append(message.label() + QStringLiteral(" has an empty translation"));
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TranslationsTest::englishHoldsOnlyPluralForms()
{
    QVERIFY2(m_en.error.isEmpty(), qPrintable(m_en.error));
    QStringList problems;
    for (const TsMessage &message : std::as_const(m_en.messages)) {
        if (!message.numerus)
            problems.append(message.label() + QStringLiteral(" is not a plural message"));
        if (!message.type.isEmpty())
            problems.append(message.label() + QStringLiteral(" is ") + message.type);
        if (message.forms.size() != pluralForms)
            problems.append(
                message.label() + QStringLiteral(" has %1 plural forms").arg(message.forms.size()));
        for (const QString &form : message.forms) {
            if (form.trimmed().isEmpty())
                problems.append(message.label() + QStringLiteral(" has an empty plural form"));
            if (form.contains(QStringLiteral("(s)")))
                problems.append(message.label() + QStringLiteral(" still says \"(s)\": ") + form);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    // Every plural message of the program has its English forms.
    QCOMPARE(m_en.keys(true), m_de.keys(true));
}

void TranslationsTest::placeholdersAndAcceleratorsKept_data()
{
    filesParse_data();
}

void TranslationsTest::placeholdersAndAcceleratorsKept()
{
    QFETCH(QString, language);
    const TsFile &ts = language == u"de" ? m_de : m_en;
    QVERIFY(!ts.messages.isEmpty());
    QStringList problems;
    for (const TsMessage &message : ts.messages) {
        const QStringList expected = placeholders(message.source);
        const qsizetype sourceAccelerators = accelerators(message.source).size();
        const QStringList texts = translatedTexts(message);
        for (const QString &text : texts) {
            if (placeholders(text) != expected) {
                problems.append(message.label() + QStringLiteral(": placeholders of \"") + text
                    + QStringLiteral("\" differ"));
            }
            if (accelerators(text).size() != sourceAccelerators)
                problems.append(message.label() + QStringLiteral(": accelerators of \"") + text
                    + QStringLiteral("\" differ"));
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TranslationsTest::germanAcceleratorsDoNotClash_data()
{
    // Texts whose mnemonics are active at the same time.
    QTest::addColumn<QList<QStringList>>("texts"); // {context, source}
    const auto mainWindow = [](const char *source) {
        return QStringList{QStringLiteral("MainWindow"), QString::fromUtf8(source)};
    };
    const auto logView = [](const char *source) {
        return QStringList{QStringLiteral("LogView"), QString::fromUtf8(source)};
    };
    const auto settings = [](const char *source) {
        return QStringList{QStringLiteral("SettingsDialog"), QString::fromUtf8(source)};
    };
    // The menu bar, the page tabs and the log page's buttons share the window.
    QTest::newRow("window with the log page") << QList<QStringList>{mainWindow("&File"), mainWindow("&View"),
        mainWindow("&Help"), mainWindow("&Dashboard"), mainWindow("C&ollection"), mainWindow("&Browser"),
        mainWindow("Char&t"), mainWindow("&Log"), mainWindow("&Watchlist"), logView("&Show:"),
        logView("&Copy"), logView("Save &As\u2026"), logView("Cl&ear")};
    const auto alerts = [](const char *source) {
        return QStringList{QStringLiteral("AlertsWidget"), QString::fromUtf8(source)};
    };
    QTest::newRow("window with the alerts page") << QList<QStringList>{mainWindow("&File"),
        mainWindow("&View"), mainWindow("&Help"), mainWindow("&Dashboard"), mainWindow("C&ollection"),
        mainWindow("&Browser"), mainWindow("Char&t"), mainWindow("&Log"), mainWindow("&Watchlist"),
        alerts("&Add Rule\u2026"), alerts("Remove &Rule")};
    const auto ruleDialog = [](const char *source) {
        return QStringList{QStringLiteral("AlertRuleDialog"), QString::fromUtf8(source)};
    };
    QTest::newRow("alert rule dialog") << QList<QStringList>{ruleDialog("&Watch:"), ruleDialog("&Ticker:"),
        ruleDialog("&Event:"), ruleDialog("&Series:"), ruleDialog("Con&dition:"), ruleDialog("&Note:")};
    QTest::newRow("File menu") << QList<QStringList>{mainWindow("&Sync Now"), mainWindow("&Cancel Sync"),
        mainWindow("C&ollect"), mainWindow("E&xport\u2026"), mainWindow("S&ettings\u2026"),
        mainWindow("&Quit")};
    QTest::newRow("View menu") << QList<QStringList>{mainWindow("&Dashboard"), mainWindow("C&ollection"),
        mainWindow("&Browser"), mainWindow("Char&t"), mainWindow("&Log"), mainWindow("&Watchlist"),
        mainWindow("&Refresh Views")};
    QTest::newRow("Help menu") << QList<QStringList>{
        mainWindow("&About Kalshi Monitor"), mainWindow("About &Qt")};
    QTest::newRow("log context menu")
        << QList<QStringList>{logView("&Copy"), logView("Select &All"), logView("Cl&ear")};
    QTest::newRow("settings dialog") << QList<QStringList>{settings("&Production"), settings("&Demo"),
        settings("C&ustom"), settings("&Rate limit:"), settings("&Browse\u2026"), settings("Da&tabase:"),
        settings("&Snapshot every:"), settings("&Markets every:"), settings("S&ettlements every:"),
        settings("Run a full sync &when collection starts"), settings("&General"), settings("St&orage")};
    const auto storage = [](const char *source) {
        return QStringList{QStringLiteral("StoragePage"), QString::fromUtf8(source)};
    };
    QTest::newRow("storage page") << QList<QStringList>{settings("&General"), settings("St&orage"),
        storage("&Thin snapshots older than:"), storage("The last state of each market in each &hour"),
        storage("The last state of each market in each d&ay"), storage("&Nothing: drop them"),
        storage("Also drop &every snapshot of markets settled more than"),
        storage("Prune &daily with these choices while Kalshi Monitor is open"), storage("Pre&view"),
        storage("&Prune Now"), storage("&Stop"), storage("&Refresh")};
    const auto exportDialog = [](const char *source) {
        return QStringList{QStringLiteral("ExportDialog"), QString::fromUtf8(source)};
    };
    QTest::newRow("export dialog") << QList<QStringList>{exportDialog("B&rowser: %1, %2"),
        exportDialog("C&hart: the snapshots of %1 shown, %2 to %3"), exportDialog("&Format:"),
        exportDialog("&Integer units: prices in micro-dollars, counts in centi-contracts"),
        exportDialog("&Dollars and contracts (exact decimals)"), exportDialog("Fi&le:"),
        exportDialog("&Browse\u2026"), exportDialog("E&xport")};
}

void TranslationsTest::germanAcceleratorsDoNotClash()
{
    QFETCH(QList<QStringList>, texts);
    QHash<QChar, QString> used;
    for (const QStringList &text : texts) {
        const TsMessage *message = m_de.find(text.at(0), text.at(1));
        QVERIFY2(message,
            qPrintable(text.join(QStringLiteral(": ")) + QStringLiteral(" is not in the German file")));
        const QString letters = accelerators(message->translation);
        QCOMPARE(letters.size(), qsizetype(1));
        const QChar letter = letters.at(0);
        QVERIFY2(!used.contains(letter),
            qPrintable(QStringLiteral("\"%1\" and \"%2\" both use Alt+%3")
                           .arg(used.value(letter), message->translation, QString(letter))));
        used.insert(letter, message->translation);
    }
}

void TranslationsTest::bothStaticLibrariesAreExtracted()
{
    // Qt 6.4's lupdate misses the strings of a static library whose sources it is not given.
    const QSet<QString> german = m_de.contexts();
    for (const char *context : {"SyncSession", "SyncWorker", "CollectorLock", "Schema", // kmcore
             "DashboardWidget", "MainWindow", "BrowserWidget", "SettingsDialog"}) { // kmui
        QVERIFY2(german.contains(QString::fromLatin1(context)), context);
    }
    const QSet<QString> english = m_en.contexts();
    QVERIFY(english.contains(QStringLiteral("SyncJobRunner"))); // kmcore
    QVERIFY(english.contains(QStringLiteral("DashboardWidget"))); // kmui
}

void TranslationsTest::filesMatchTheSources_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("de") << QStringLiteral("de") << QStringList();
    QTest::newRow("en") << QStringLiteral("en") << QStringList{QStringLiteral("-pluralonly")};
}

void TranslationsTest::filesMatchTheSources()
{
    // lupdate over the same source list as update_translations, into a copy: any string added to or
    // removed from the sources since the .ts files were last updated shows up as a difference.
    QFETCH(QString, language);
    QFETCH(QStringList, options);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QStringLiteral("kalshimonitor_") + language + QStringLiteral(".ts"));
    QVERIFY(QFile::copy(tsPath(language), copy));
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(KM_LUPDATE),
        options
            + QStringList{QStringLiteral("-no-obsolete"), QStringLiteral("-silent"),
                QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("@" KM_I18N_SOURCE_LIST),
                QStringLiteral("-ts"), copy});
    QVERIFY2(lupdate.waitForFinished(30000), qPrintable(lupdate.errorString()));
    QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
        lupdate.readAll().constData());

    const TsFile committed = language == u"de" ? m_de : m_en;
    const TsFile fresh = readTs(copy);
    QVERIFY2(fresh.error.isEmpty(), qPrintable(fresh.error));
    QStringList added;
    QStringList removed;
    for (const TsMessage &message : fresh.messages) {
        if (!committed.keys().contains(message.key()))
            added.append(message.label());
    }
    for (const TsMessage &message : committed.messages) {
        if (!fresh.keys().contains(message.key()))
            removed.append(message.label());
    }
    QVERIFY2(added.isEmpty(),
        qPrintable(QStringLiteral("not in the .ts file, build update_translations and "
                                  "translate:\n")
            + added.join(u'\n')));
    QVERIFY2(removed.isEmpty(),
        qPrintable(
            QStringLiteral("no longer in the sources, build update_translations:\n") + removed.join(u'\n')));
}

void TranslationsTest::noEscapeThatLupdateMisreads()
{
    // lupdate reads "\u2013ask" as the escape \u2013a followed by "sk", so the message never matches
    // the compiled string. Split such literals: "\u2013" "ask".
    QFile list(QStringLiteral(KM_I18N_SOURCE_LIST));
    QVERIFY2(list.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(list.errorString()));
    static const QRegularExpression escape(QStringLiteral("\\\\u[0-9A-Fa-f]{5}"));
    static const QRegularExpression translatable(QStringLiteral("\\btr\\(|translate\\(|^\\s*\"|QT_TR"));
    QStringList problems;
    int sources = 0;
    while (!list.atEnd()) {
        const QString path = QString::fromUtf8(list.readLine()).trimmed();
        if (path.isEmpty() || path.startsWith(QStringLiteral("-I")))
            continue;
        QFile source(path);
        QVERIFY2(source.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(path));
        ++sources;
        int number = 0;
        while (!source.atEnd()) {
            const QString line = QString::fromUtf8(source.readLine());
            ++number;
            if (escape.match(line).hasMatch() && translatable.match(line).hasMatch())
                problems.append(
                    path + u':' + QString::number(number) + QStringLiteral(": ") + line.trimmed());
        }
    }
    QVERIFY(sources > 50);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TranslationsTest::compiledGermanLoads()
{
    // The same loading code as the application, against the .qm files compiled from the .ts files.
    QCOMPARE(GuiStartup::installTranslations(qApp, QStringLiteral("de")), QStringLiteral("de"));
    QCOMPARE(
        QCoreApplication::translate("MainWindow", "&Sync Now"), QStringLiteral("&Jetzt synchronisieren"));
    QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), QStringLiteral("&Datei"));
    QCOMPARE(
        QCoreApplication::translate("SyncSession", "cancelled"), QStringLiteral("abgebrochen")); // kmcore
    QCOMPARE(QCoreApplication::translate("SnapshotChart",
                 "Yes bid\u2013"
                 "ask"),
        QStringLiteral("Geld\u2013Brief (Ja)"));
    QCOMPARE(
        QCoreApplication::translate("DashboardWidget", "%Ln row(s)", nullptr, 1), QStringLiteral("1 Zeile"));
    QCOMPARE(QCoreApplication::translate("DashboardWidget", "%Ln row(s)", nullptr, 1234),
        QStringLiteral("1.234 Zeilen"));
    QCOMPARE(
        QCoreApplication::translate("SyncJobRunner", "%n page(s)", nullptr, 3), QStringLiteral("3 Seiten"));
    // Qt's own strings come from qtbase_de.qm (package qt6-translations-l10n).
    QCOMPARE(QCoreApplication::translate("QShortcut", "Ctrl"), QStringLiteral("Strg"));

    // Widgets of kmui pick the translation up.
    QCOMPARE(SyncFormat::statusText(SyncStatus::Failed), QStringLiteral("fehlgeschlagen"));
    const DashboardWidget dashboard;
    QCOMPARE(dashboard.headerText(), QStringLiteral("Noch keine Synchronisierung ausgef\u00fchrt"));
}

void TranslationsTest::compiledEnglishHasPlurals()
{
    QCOMPARE(GuiStartup::installTranslations(qApp, QStringLiteral("en")), QStringLiteral("en"));
    QCOMPARE(
        QCoreApplication::translate("DashboardWidget", "%Ln row(s)", nullptr, 1), QStringLiteral("1 row"));
    QCOMPARE(QCoreApplication::translate("DashboardWidget", "%Ln row(s)", nullptr, 1234),
        QStringLiteral("1,234 rows"));
    QCOMPARE(
        QCoreApplication::translate("SyncJobRunner", "%n page(s)", nullptr, 1), QStringLiteral("1 page"));
    QCOMPARE(
        QCoreApplication::translate("SyncJobRunner", "%n page(s)", nullptr, 3), QStringLiteral("3 pages"));
    QCOMPARE(QCoreApplication::translate("LogView", "%Ln error(s)", nullptr, 0), QStringLiteral("0 errors"));
    // Everything else is the source text.
    QCOMPARE(QCoreApplication::translate("MainWindow", "&Sync Now"), QStringLiteral("&Sync Now"));
    const DashboardWidget dashboard;
    QCOMPARE(dashboard.headerText(), QStringLiteral("No sync has run yet"));
}

void TranslationsTest::unknownLanguageFallsBackToEnglish_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("Finnish (no translation)") << QStringLiteral("fi");
    QTest::newRow("the C locale") << QStringLiteral("C");
}

void TranslationsTest::unknownLanguageFallsBackToEnglish()
{
    QFETCH(QString, language);
    QCOMPARE(GuiStartup::installTranslations(qApp, language), QStringLiteral("en"));
    // English plurals, not the source's "%n row(s)"; everything else is the source text.
    QCOMPARE(
        QCoreApplication::translate("DashboardWidget", "%Ln row(s)", nullptr, 1), QStringLiteral("1 row"));
    QCOMPARE(
        QCoreApplication::translate("SyncJobRunner", "%n page(s)", nullptr, 3), QStringLiteral("3 pages"));
    QCOMPARE(QCoreApplication::translate("MainWindow", "&Sync Now"), QStringLiteral("&Sync Now"));
}

KM_TEST_WIDGETS_MAIN(TranslationsTest)

#include "tst_translations.moc"

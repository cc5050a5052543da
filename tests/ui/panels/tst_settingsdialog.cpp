#include <QApplication>

#include "paths.h"
#include "settings/settingsdialog.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr qint64 minute = 60 * 1000;

AppSettings sample(const QString &databasePath)
{
    AppSettings settings = AppSettings::defaults();
    settings.environment = AppSettings::ApiEnvironment::Custom;
    settings.customApiBase = QStringLiteral("http://127.0.0.1:8089/trade-api/v2");
    settings.databasePath = databasePath;
    settings.rateLimit = 7.5;
    settings.collection.jobs[QStringLiteral("snapshot")] = {20 * 1000, true};
    settings.collection.jobs[QStringLiteral("markets")] = {2 * 60 * minute, true};
    settings.collection.jobs[QStringLiteral("settlements")] = {60 * minute, false};
    settings.collection.collecting = true;
    settings.collection.initialSync = false;
    settings.collection.mveFilter = QStringLiteral("only");
    return settings;
}

} // namespace

class TstSettingsDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    template <typename T> static T *child(const QWidget &dialog, const QString &name)
    {
        T *widget = dialog.findChild<T *>(name);
        if (!widget)
            qFatal("no child %s", qPrintable(name));
        return widget;
    }

private Q_SLOTS:
    void initTestCase()
    {
        KmTest::failOnForbiddenWarnings();
        QVERIFY(m_dir.isValid());
        // Defaults must not depend on the environment of whoever runs the tests.
        qunsetenv("KALSHI_API_BASE");
        qunsetenv("KALSHI_MONITOR_DB");
    }
    void init() { KmTest::failOnForbiddenWarnings(); }
    void cleanupTestCase() { KmTest::failOnForbiddenWarnings(); }

    // Every interval is labelled in words with its own accelerator (the watchlist's read "watchlist every:").
    void intervalLabelsAreWords()
    {
        SettingsDialog dialog;
        dialog.setSettings(AppSettings::defaults());
        auto *field = dialog.findChild<QLineEdit *>(QStringLiteral("interval:watchlist"));
        QVERIFY(field);
        QString label;
        for (const QLabel *candidate : dialog.findChildren<QLabel *>()) {
            if (candidate->buddy() == field)
                label = candidate->text();
        }
        QCOMPARE(label, QStringLiteral("Watc&hlist every:"));
    }

    void apiInUseIsShownOnlyWhenOverridden()
    {
        SettingsDialog dialog;
        dialog.setSettings(AppSettings::defaults());
        QVERIFY(dialog.apiInUseText().isEmpty());
        dialog.setApiInUse(QStringLiteral("http://127.0.0.1:40123/trade-api/v2"), true);
        QVERIFY(dialog.apiInUseText().contains(QStringLiteral("bundled simulator")));
        QVERIFY(dialog.apiInUseText().contains(QStringLiteral("http://127.0.0.1:40123/trade-api/v2")));
        dialog.setApiInUse(QString(), false);
        QVERIFY(dialog.apiInUseText().isEmpty());
    }

    void defaults()
    {
        const AppSettings settings = AppSettings::defaults();
        QCOMPARE(settings.environment, AppSettings::ApiEnvironment::Production);
        QCOMPARE(settings.apiBase(), QStringLiteral("https://api.elections.kalshi.com/trade-api/v2"));
        QCOMPARE(settings.databasePath, Paths::defaultDatabasePath());
        QCOMPARE(settings.rateLimit, 15.0);
        QCOMPARE(settings.collection.jobs.value(QStringLiteral("snapshot")).intervalMs, 15 * minute);
        QVERIFY(settings.collection.initialSync);
    }

    void defaultsFollowEnvironment()
    {
        qputenv("KALSHI_API_BASE", "https://demo-api.kalshi.co/trade-api/v2/");
        const AppSettings demo = AppSettings::defaults();
        qputenv("KALSHI_API_BASE", "http://127.0.0.1:9000/trade-api/v2");
        const AppSettings custom = AppSettings::defaults();
        qunsetenv("KALSHI_API_BASE");
        QCOMPARE(demo.environment, AppSettings::ApiEnvironment::Demo);
        QCOMPARE(custom.environment, AppSettings::ApiEnvironment::Custom);
        QCOMPARE(custom.apiBase(), QStringLiteral("http://127.0.0.1:9000/trade-api/v2"));
    }

    void roundTrip()
    {
        const QString ini = m_dir.filePath(QStringLiteral("roundtrip.ini"));
        const AppSettings saved = sample(m_dir.filePath(QStringLiteral("data/km.db")));
        {
            QSettings store(ini, QSettings::IniFormat);
            QVERIFY(saved.save(store));
        }
        QSettings store(ini, QSettings::IniFormat);
        QStringList problems;
        const AppSettings loaded = AppSettings::load(store, &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QCOMPARE(loaded.environment, saved.environment);
        QCOMPARE(loaded.customApiBase, saved.customApiBase);
        QCOMPARE(loaded.apiBase(), saved.customApiBase);
        QCOMPARE(loaded.databasePath, saved.databasePath);
        QCOMPARE(loaded.rateLimit, 7.5);
        for (const QString &job : CollectionSettings::scheduledJobs()) {
            QCOMPARE(
                loaded.collection.jobs.value(job).intervalMs, saved.collection.jobs.value(job).intervalMs);
            QCOMPARE(loaded.collection.jobs.value(job).enabled, saved.collection.jobs.value(job).enabled);
        }
        QCOMPARE(loaded.collection.collecting, true);
        QCOMPARE(loaded.collection.initialSync, false);
        // Readable by people: plain text values.
        QCOMPARE(store.value(QStringLiteral("api/environment")).toString(), QStringLiteral("custom"));
        QCOMPARE(store.value(QStringLiteral("api/rateLimit")).toString(), QStringLiteral("7.5"));
    }

    void emptyFileGivesDefaults()
    {
        QSettings store(m_dir.filePath(QStringLiteral("empty.ini")), QSettings::IniFormat);
        QStringList problems;
        const AppSettings loaded = AppSettings::load(store, &problems);
        QVERIFY(problems.isEmpty());
        const AppSettings defaults = AppSettings::defaults();
        QCOMPARE(loaded.environment, defaults.environment);
        QCOMPARE(loaded.databasePath, defaults.databasePath);
        QCOMPARE(loaded.rateLimit, defaults.rateLimit);
    }

    void loadRefusesBadValues_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("environment") << QStringLiteral("api/environment") << QStringLiteral("staging");
        QTest::newRow("rate too high") << QStringLiteral("api/rateLimit") << QStringLiteral("500");
        QTest::newRow("rate not a number") << QStringLiteral("api/rateLimit") << QStringLiteral("fast");
        QTest::newRow("relative db") << QStringLiteral("database/path") << QStringLiteral("km.db");
        QTest::newRow("interval") << QStringLiteral("collection/markets/interval") << QStringLiteral("5x");
    }

    void loadRefusesBadValues()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        const QString ini
            = m_dir.filePath(QStringLiteral("bad-%1.ini")
                                 .arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')));
        {
            QSettings store(ini, QSettings::IniFormat);
            store.setValue(key, value);
        }
        QSettings store(ini, QSettings::IniFormat);
        QStringList problems;
        const AppSettings loaded = AppSettings::load(store, &problems);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().startsWith(key + u':'), qPrintable(problems.first()));
        const AppSettings defaults = AppSettings::defaults();
        QCOMPARE(loaded.environment, defaults.environment);
        QCOMPARE(loaded.rateLimit, defaults.rateLimit);
        QCOMPARE(loaded.databasePath, defaults.databasePath);
        QCOMPARE(loaded.collection.jobs.value(QStringLiteral("markets")).intervalMs, 60 * minute);
    }

    void customWithBadUrlFallsBackToProduction()
    {
        const QString ini = m_dir.filePath(QStringLiteral("badurl.ini"));
        {
            QSettings store(ini, QSettings::IniFormat);
            store.setValue(QStringLiteral("api/environment"), QStringLiteral("custom"));
            store.setValue(QStringLiteral("api/customBase"), QStringLiteral("ftp://example.org/v2"));
        }
        QSettings store(ini, QSettings::IniFormat);
        QStringList problems;
        const AppSettings loaded = AppSettings::load(store, &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(loaded.environment, AppSettings::ApiEnvironment::Production);
    }

    void apiBase_data()
    {
        QTest::addColumn<AppSettings::ApiEnvironment>("environment");
        QTest::addColumn<QString>("custom");
        QTest::addColumn<QString>("expected");
        QTest::newRow("production") << AppSettings::ApiEnvironment::Production
                                    << QStringLiteral("http://ignored")
                                    << QStringLiteral("https://api.elections.kalshi.com/trade-api/v2");
        QTest::newRow("demo") << AppSettings::ApiEnvironment::Demo << QString()
                              << QStringLiteral("https://demo-api.kalshi.co/trade-api/v2");
        QTest::newRow("custom") << AppSettings::ApiEnvironment::Custom
                                << QStringLiteral("http://127.0.0.1:8089/trade-api/v2")
                                << QStringLiteral("http://127.0.0.1:8089/trade-api/v2");
        QTest::newRow("custom trailing slash")
            << AppSettings::ApiEnvironment::Custom << QStringLiteral(" https://example.org/api/ ")
            << QStringLiteral("https://example.org/api");
    }

    void apiBase()
    {
        QFETCH(AppSettings::ApiEnvironment, environment);
        QFETCH(QString, custom);
        QFETCH(QString, expected);
        AppSettings settings = AppSettings::defaults();
        settings.environment = environment;
        settings.customApiBase = custom;
        QCOMPARE(settings.apiBase(), expected);
    }

    void dialogShowsSettings()
    {
        SettingsDialog dialog;
        const AppSettings settings = sample(m_dir.filePath(QStringLiteral("shown.db")));
        dialog.setSettings(settings);
        QVERIFY(child<QRadioButton>(dialog, QStringLiteral("custom"))->isChecked());
        QCOMPARE(child<QLineEdit>(dialog, QStringLiteral("customApiBase"))->text(), settings.customApiBase);
        QVERIFY(child<QLineEdit>(dialog, QStringLiteral("customApiBase"))->isEnabled());
        QCOMPARE(child<QLineEdit>(dialog, QStringLiteral("databasePath"))->text(), settings.databasePath);
        QCOMPARE(child<QDoubleSpinBox>(dialog, QStringLiteral("rateLimit"))->value(), 7.5);
        QCOMPARE(
            child<QLineEdit>(dialog, QStringLiteral("interval:snapshot"))->text(), QStringLiteral("20s"));
        QCOMPARE(child<QLineEdit>(dialog, QStringLiteral("interval:markets"))->text(), QStringLiteral("2h"));
        QCOMPARE(
            child<QLineEdit>(dialog, QStringLiteral("interval:settlements"))->text(), QStringLiteral("1h"));
        QVERIFY(!child<QCheckBox>(dialog, QStringLiteral("initialSync"))->isChecked());
        QCOMPARE(child<QComboBox>(dialog, QStringLiteral("mveFilter"))->currentData().toString(),
            QStringLiteral("only"));

        // The custom URL field is only for Custom.
        child<QRadioButton>(dialog, QStringLiteral("demo"))->setChecked(true);
        QVERIFY(!child<QLineEdit>(dialog, QStringLiteral("customApiBase"))->isEnabled());
        child<QRadioButton>(dialog, QStringLiteral("production"))->setChecked(true);
        QVERIFY(!child<QLineEdit>(dialog, QStringLiteral("customApiBase"))->isEnabled());
    }

    void dialogRefusesInvalid_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::newRow("custom url empty") << QStringLiteral("customApiBase") << QString();
        QTest::newRow("custom url ftp")
            << QStringLiteral("customApiBase") << QStringLiteral("ftp://example.org/v2");
        QTest::newRow("custom url no scheme")
            << QStringLiteral("customApiBase") << QStringLiteral("example.org/v2");
        QTest::newRow("custom url no host") << QStringLiteral("customApiBase") << QStringLiteral("https://");
        QTest::newRow("db empty") << QStringLiteral("databasePath") << QStringLiteral("  ");
        QTest::newRow("db folder") << QStringLiteral("databasePath") << QStringLiteral("<dir>");
        QTest::newRow("db relative") << QStringLiteral("databasePath") << QStringLiteral("data/km.db");
        QTest::newRow("rate too low") << QStringLiteral("rateLimit") << QStringLiteral("0.2");
        QTest::newRow("rate zero") << QStringLiteral("rateLimit") << QStringLiteral("0");
        QTest::newRow("rate too high") << QStringLiteral("rateLimit") << QStringLiteral("150");
        QTest::newRow("interval 5x") << QStringLiteral("interval:snapshot") << QStringLiteral("5x");
        QTest::newRow("interval empty") << QStringLiteral("interval:markets") << QString();
        QTest::newRow("interval zero") << QStringLiteral("interval:settlements") << QStringLiteral("0m");
    }

    void dialogRefusesInvalid()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        SettingsDialog dialog;
        const AppSettings original = sample(m_dir.filePath(QStringLiteral("valid.db")));
        dialog.setSettings(original);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        if (field == u"rateLimit")
            child<QDoubleSpinBox>(dialog, field)->setValue(value.toDouble());
        else
            child<QLineEdit>(dialog, field)->setText(value == u"<dir>" ? m_dir.path() : value);

        dialog.accept();
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(dialog.errors().size(), 1);
        QVERIFY(child<QLabel>(dialog, QLatin1String("error:") + field)->isVisible());
        // Nothing of the refused edit leaks into settings().
        QCOMPARE(dialog.settings().customApiBase, original.customApiBase);
        QCOMPARE(dialog.settings().databasePath, original.databasePath);
        QCOMPARE(dialog.settings().rateLimit, original.rateLimit);

        // Corrected, it closes.
        dialog.setSettings(original);
        QVERIFY(dialog.errors().isEmpty());
        dialog.accept();
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void customUrlIgnoredForOtherEnvironments()
    {
        SettingsDialog dialog;
        dialog.setSettings(sample(m_dir.filePath(QStringLiteral("valid.db"))));
        dialog.show();
        child<QLineEdit>(dialog, QStringLiteral("customApiBase"))->setText(QStringLiteral("not a url"));
        child<QRadioButton>(dialog, QStringLiteral("demo"))->setChecked(true);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.settings().environment, AppSettings::ApiEnvironment::Demo);
        QCOMPARE(dialog.settings().apiBase(), QStringLiteral("https://demo-api.kalshi.co/trade-api/v2"));
    }

    void okSavesEdits()
    {
        const QString ini = m_dir.filePath(QStringLiteral("dialog.ini"));
        QSettings store(ini, QSettings::IniFormat);
        SettingsDialog dialog;
        dialog.setStore(&store);
        const AppSettings original = sample(m_dir.filePath(QStringLiteral("valid.db")));
        dialog.setSettings(original);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        child<QRadioButton>(dialog, QStringLiteral("production"))->setChecked(true);
        const QString newDb = m_dir.filePath(QStringLiteral("other/kalshi.db"));
        child<QLineEdit>(dialog, QStringLiteral("databasePath"))->setText(newDb);
        child<QDoubleSpinBox>(dialog, QStringLiteral("rateLimit"))->setValue(20);
        child<QLineEdit>(dialog, QStringLiteral("interval:snapshot"))->setText(QStringLiteral("5m"));
        child<QLineEdit>(dialog, QStringLiteral("interval:settlements"))->setText(QStringLiteral(" 12h "));
        child<QCheckBox>(dialog, QStringLiteral("initialSync"))->setChecked(true);
        auto *mveFilter = child<QComboBox>(dialog, QStringLiteral("mveFilter"));
        mveFilter->setCurrentIndex(mveFilter->findData(QStringLiteral("include")));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());

        const AppSettings edited = dialog.settings();
        QCOMPARE(edited.environment, AppSettings::ApiEnvironment::Production);
        QCOMPARE(edited.databasePath, newDb);
        QCOMPARE(edited.rateLimit, 20.0);
        QCOMPARE(edited.collection.jobs.value(QStringLiteral("snapshot")).intervalMs, 5 * minute);
        QCOMPARE(edited.collection.jobs.value(QStringLiteral("markets")).intervalMs, 2 * 60 * minute);
        QCOMPARE(edited.collection.jobs.value(QStringLiteral("settlements")).intervalMs, 12 * 60 * minute);
        QVERIFY(edited.collection.initialSync);
        QCOMPARE(edited.collection.mveFilter, QStringLiteral("include"));
        // Not edited in the dialog: passed through.
        QCOMPARE(edited.collection.jobs.value(QStringLiteral("settlements")).enabled, false);
        QCOMPARE(edited.collection.collecting, true);
        QCOMPARE(edited.customApiBase, original.customApiBase);

        QSettings reread(ini, QSettings::IniFormat);
        const AppSettings loaded = AppSettings::load(reread);
        QCOMPARE(loaded.environment, AppSettings::ApiEnvironment::Production);
        QCOMPARE(loaded.databasePath, newDb);
        QCOMPARE(loaded.rateLimit, 20.0);
        QCOMPARE(loaded.collection.jobs.value(QStringLiteral("settlements")).intervalMs, 12 * 60 * minute);
        QCOMPARE(loaded.collection.mveFilter, QStringLiteral("include"));
    }

    void cancelKeepsSettings()
    {
        SettingsDialog dialog;
        const AppSettings original = sample(m_dir.filePath(QStringLiteral("valid.db")));
        dialog.setSettings(original);
        dialog.show();
        child<QDoubleSpinBox>(dialog, QStringLiteral("rateLimit"))->setValue(30);
        dialog.reject();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(dialog.settings().rateLimit, original.rateLimit);
    }
};

KM_TEST_WIDGETS_MAIN(TstSettingsDialog)
#include "tst_settingsdialog.moc"

#pragma once

#include "appsettings.h"

#include <QDialog>
#include <QMap>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSettings;
class QTabWidget;
class StorageController;
class StoragePage;

// Lives in the GUI thread. Edits AppSettings: API environment (custom URL only for Custom),
// database file, request rate, the scheduled jobs' intervals and the initial full sync. OK checks
// every field; an unusable value is explained under its field and the dialog stays open. When a
// store is set, OK also saves into it (and stays open if that fails). The enabled flags of the jobs
// and the collecting flag are not edited here: settings() passes them through from setSettings().
// Fields have object names for tests: "production", "demo", "custom", "customApiBase",
// "databasePath", "rateLimit", "interval:<job>", "initialSync". A second tab, Storage
// (StoragePage), edits the StorageSettings and prunes and measures through a StorageController.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // What setSettings() gave, with the edits of the last successful accept().
    AppSettings settings() const { return m_settings; }
    void setSettings(const AppSettings &settings);
    // Where OK saves; nullptr (the default): OK saves nothing and the caller reads settings().
    void setStore(QSettings *store) { m_store = store; }
    // The messages shown next to fields (and the save error), empty when none is.
    QStringList errors() const;
    // The API this session uses instead of the one chosen here (--demo's bundled simulator or
    // --api-base), shown above the choice; empty: none. The choice still applies to later sessions.
    void setApiInUse(const QString &apiBase, bool demo);
    QString apiInUseText() const;
    // The window's storage work, for the Storage tab; nullptr: its buttons are disabled.
    void setStorageController(StorageController *controller);
    StoragePage *storagePage() const { return m_storagePage; }
    void showStoragePage();

public Q_SLOTS:
    // Closes with Accepted only when every field is valid (and the store, if any, saved).
    void accept() override;

private:
    QLabel *createErrorLabel(const QString &objectName);
    void showError(QLabel *label, const QString &message);
    void updateEnvironmentFields();
    void browseDatabase();

    AppSettings m_settings;
    QSettings *m_store = nullptr;
    QLabel *m_apiInUse = nullptr;
    QRadioButton *m_production = nullptr;
    QRadioButton *m_demo = nullptr;
    QRadioButton *m_custom = nullptr;
    QLineEdit *m_customApiBase = nullptr;
    QLabel *m_customApiBaseError = nullptr;
    QDoubleSpinBox *m_rateLimit = nullptr;
    QLabel *m_rateLimitError = nullptr;
    QLineEdit *m_databasePath = nullptr;
    QLabel *m_databasePathError = nullptr;
    QMap<QString, QLineEdit *> m_intervals;
    QMap<QString, QLabel *> m_intervalErrors;
    QCheckBox *m_initialSync = nullptr;
    QComboBox *m_mveFilter = nullptr;
    QLabel *m_saveError = nullptr;
    QTabWidget *m_tabs = nullptr;
    StoragePage *m_storagePage = nullptr;
};

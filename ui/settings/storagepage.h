#pragma once

#include "storagesettings.h"

#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;
class StorageController;
struct PruneResult;
struct StorageSizes;

// Lives in the GUI thread. Settings > Storage: the choices of a prune (older than N days, keep the
// last state of each hour or day or nothing, drop the snapshots of markets settled more than N days
// ago), daily pruning on or off, Preview (a dry run: "would remove N snapshot rows, about X MB"),
// Prune Now and Stop, the progress and outcome in words, and the size of every table (bytes and
// rows). The work is the StorageController's; without one (or without an open database) the
// buttons are disabled and the page says why. Fields have object names for tests: "olderThanDays",
// "keepHourly", "keepDaily", "keepNone", "dropSettled", "settledAfterDays", "daily", "preview",
// "pruneNow", "stopPrune", "pruneStatus", "pruneProgress", "tableSizes", "sizeSummary", "refreshSizes".
class StoragePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoragePage)

public:
    explicit StoragePage(QWidget *parent = nullptr);
    ~StoragePage() override;

    void setController(StorageController *controller);
    void setStorageSettings(const StorageSettings &settings);
    // The fields as edited, lastDailyPrune passed through from setStorageSettings().
    StorageSettings storageSettings() const;
    // Asked before Prune Now removes anything; the default asks with a message box. Tests answer.
    void setConfirmation(std::function<bool(const QString &question)> confirm)
    {
        m_confirm = std::move(confirm);
    }

    QString statusText() const;

public Q_SLOTS:
    void preview();
    void pruneNow();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateControls();
    void updateLastDaily();
    void onPruneStarted();
    void onPruneProgress(const PruneResult &soFar);
    void onPruneFinished(const PruneResult &result);
    void showSizes(const StorageSizes &sizes);
    void setStatus(const QString &text, bool error = false);

    QPointer<StorageController> m_controller;
    std::shared_ptr<const PruneResult> m_lastResult; // shown in words until the next prune starts
    StorageSettings m_settings;
    std::function<bool(const QString &)> m_confirm;
    QSpinBox *m_olderThan;
    QRadioButton *m_keepHourly;
    QRadioButton *m_keepDaily;
    QRadioButton *m_keepNone;
    QCheckBox *m_dropSettled;
    QSpinBox *m_settledAfter;
    QCheckBox *m_daily;
    QLabel *m_lastDaily;
    QPushButton *m_preview;
    QPushButton *m_pruneNow;
    QPushButton *m_stop;
    QProgressBar *m_progress;
    QLabel *m_status;
    QTableWidget *m_tables;
    QLabel *m_sizeSummary;
    QPushButton *m_refresh;
};

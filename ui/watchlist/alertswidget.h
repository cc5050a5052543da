#pragma once

#include <QWidget>

#include "alerts/alertrule.h"

class AlertRuleDialog;
class AlertTableModel;
class QLabel;
class QPushButton;
class QSettings;
class QTableView;
class QTableWidget;

// Lives in the GUI thread. The alerts tab: the latest firings recorded in alert_events by any
// process (newest first, unread ones in bold) above the active rules. Reads through the GUI's
// read-only connection, only when another connection has committed since the last read (PRAGMA
// data_version). Firings count as read once the tab has been shown with them. Rules are added
// (AlertRuleDialog) and removed through the writer thread: this widget only asks, by signal.
class AlertsWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsWidget)

public:
    // Firings read and shown; older ones stay in the database (kalshi-monitor-cli alerts history).
    static constexpr int shownFirings = 500;

    explicit AlertsWidget(QWidget *parent = nullptr);
    ~AlertsWidget() override;

    void setConnectionName(const QString &connectionName);
    QTableView *firingsView() const { return m_firingsView; }
    AlertTableModel *firingsModel() const { return m_firings; }
    QTableWidget *rulesView() const { return m_rulesView; }
    QPushButton *addRuleButton() const { return m_addRuleButton; }
    QPushButton *removeRuleButton() const { return m_removeRuleButton; }
    int unreadCount() const;
    void markAllRead();

    // The newest firing seen (alerts/lastSeenId), so that a new session counts only newer ones.
    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

public Q_SLOTS:
    void refresh(bool force = false);
    void removeSelectedRules();
    // Opens the Add dialog (window-modal, deleted on close) for a rule on `ticker`, its event or its
    // series; an empty ticker starts from the selected firing's market, if any. Without an open
    // database it opens nothing (nullptr) and says why in the view.
    AlertRuleDialog *openAddDialog(const QString &ticker = QString());
    // The writer's answers (DatabaseWriter::alertRuleAdded).
    void ruleAdded(quint64 token, qint64 ruleId, const QString &error);
    // The writer's answer (DatabaseWriter::alertRuleRemoved).
    void ruleRemoved(quint64 token, bool found, const QString &error);

Q_SIGNALS:
    void marketActivated(const QString &ticker);
    void unreadCountChanged(int unread);
    // Firings recorded since the previous read (by any process), newest first; the first read of
    // a session announces none (those are told by the unread count).
    void firingsArrived(const QStringList &messages);
    void ruleRemovalRequested(qint64 ruleId);
    void ruleAddRequested(const AlertRule &rule);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateUnread();

    QString m_connectionName;
    qint64 m_dataVersion = -1;
    int m_reportedUnread = -1;
    qint64 m_newestAnnounced = -1; // -1: nothing read yet
    QLabel *m_message;
    QTableView *m_firingsView;
    AlertTableModel *m_firings;
    QTableWidget *m_rulesView;
    QPushButton *m_addRuleButton;
    QPushButton *m_removeRuleButton;
};

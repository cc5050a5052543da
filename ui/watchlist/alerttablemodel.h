#pragma once

#include "alerts/alertrule.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

// Lives in the GUI thread. Recorded firings of alert rules, newest first, in the order given;
// firings newer than the last one seen are unread and shown in bold.
class AlertTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertTableModel)

public:
    enum Column { FiredAt, Ticker, Rule, Message, Value, ColumnCount };
    enum Role { TickerRole = Qt::UserRole + 1 };

    explicit AlertTableModel(QObject *parent = nullptr);
    ~AlertTableModel() override;

    // `rules` describes the active rules by id; a firing of a removed rule shows only its kind.
    void setFirings(const QList<AlertFiring> &newestFirst, const QHash<qint64, AlertRule> &rules);
    const QList<AlertFiring> &firings() const { return m_firings; }
    void setLastSeenId(qint64 id);
    qint64 lastSeenId() const { return m_lastSeenId; }
    qint64 newestId() const { return m_firings.isEmpty() ? 0 : m_firings.constFirst().id; }
    int unreadCount() const;

    // The value a firing reports, in the units of its rule: "45¢ → 52¢", "1,200 → 4,800", "closed".
    static QString valueText(const AlertFiring &firing);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<AlertFiring> m_firings;
    QHash<qint64, AlertRule> m_rules;
    qint64 m_lastSeenId = 0;
};

#include "watchlist/alerttablemodel.h"

#include "browser/browserformat.h"
#include "watchlist/alertruletext.h"

#include <QFont>

AlertTableModel::AlertTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

AlertTableModel::~AlertTableModel() = default;

void AlertTableModel::setFirings(const QList<AlertFiring> &newestFirst, const QHash<qint64, AlertRule> &rules)
{
    beginResetModel();
    m_firings = newestFirst;
    m_rules = rules;
    endResetModel();
}

void AlertTableModel::setLastSeenId(qint64 id)
{
    if (id == m_lastSeenId)
        return;
    m_lastSeenId = id;
    if (!m_firings.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::FontRole});
}

int AlertTableModel::unreadCount() const
{
    int count = 0;
    for (const AlertFiring &firing : m_firings)
        count += firing.id > m_lastSeenId ? 1 : 0;
    return count;
}

QString AlertTableModel::valueText(const AlertFiring &firing)
{
    if (firing.kind == AlertRule::Kind::StatusChange)
        return BrowserFormat::marketStatus(firing.status);
    const auto format = [&firing](qint64 value) {
        return firing.kind == AlertRule::Kind::VolumeJump
            ? BrowserFormat::contracts(value)
            : BrowserFormat::price(value, BrowserFormat::PriceFormat::Cents);
    };
    if (firing.valueBefore && firing.valueAfter)
        return tr("%1 → %2").arg(format(*firing.valueBefore), format(*firing.valueAfter));
    if (firing.valueAfter)
        return format(*firing.valueAfter);
    return BrowserFormat::missing();
}

int AlertTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_firings.size());
}

int AlertTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_firings.size())
        return {};
    const AlertFiring &firing = m_firings.at(index.row());
    const auto rule = m_rules.constFind(firing.ruleId);
    switch (role) {
    case TickerRole:
        return firing.ticker;
    case Qt::FontRole:
        if (firing.id > m_lastSeenId) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case FiredAt:
            return BrowserFormat::dateTime(firing.firedAt);
        case Ticker:
            return firing.ticker;
        case Rule:
            return rule != m_rules.constEnd()
                ? tr("#%1 %2").arg(firing.ruleId).arg(AlertRuleText::describe(*rule))
                : tr("#%1 %2 (removed)").arg(firing.ruleId).arg(AlertRuleText::kindWords(firing.kind));
        case Message:
            return AlertRuleText::firingWords(firing, rule != m_rules.constEnd() ? &*rule : nullptr);
        case Value:
            return valueText(firing);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case FiredAt:
            return tr("Fired %1 at the snapshot of %2")
                .arg(BrowserFormat::dateTimeToolTip(firing.firedAt),
                    BrowserFormat::dateTimeToolTip(firing.snapshotTime));
        case Message:
            return firing.message;
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() == Value ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                       : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant AlertTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case FiredAt:
        return tr("Time");
    case Ticker:
        return tr("Ticker");
    case Rule:
        return tr("Rule");
    case Message:
        return tr("Message");
    case Value:
        return tr("Value");
    default:
        return {};
    }
}

#include "watchlist/alertswidget.h"

#include "alerts/alertstore.h"
#include "logging.h"
#include "storage/schema.h"
#include "watchlist/alertruledialog.h"
#include "watchlist/alertruletext.h"
#include "watchlist/alerttablemodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

AlertsWidget::AlertsWidget(QWidget *parent)
    : QWidget(parent)
    , m_message(new QLabel(this))
    , m_firingsView(new QTableView(this))
    , m_firings(new AlertTableModel(this))
    , m_rulesView(new QTableWidget(0, 2, this))
    , m_addRuleButton(new QPushButton(tr("&Add Rule…"), this))
    , m_removeRuleButton(new QPushButton(tr("Remove &Rule"), this))
{
    m_message->setObjectName(QStringLiteral("alertsMessage"));
    m_message->setWordWrap(true);
    m_firingsView->setObjectName(QStringLiteral("firingsView"));
    m_firingsView->setModel(m_firings);
    m_firingsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_firingsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_firingsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_firingsView->setAlternatingRowColors(true);
    m_firingsView->setWordWrap(false);
    m_firingsView->verticalHeader()->hide();
    m_firingsView->horizontalHeader()->setSectionResizeMode(AlertTableModel::Message, QHeaderView::Stretch);
    m_firingsView->horizontalHeader()->resizeSection(AlertTableModel::FiredAt, 130);
    m_firingsView->horizontalHeader()->resizeSection(AlertTableModel::Ticker, 200);
    m_firingsView->horizontalHeader()->resizeSection(AlertTableModel::Rule, 300);
    m_firingsView->setToolTip(tr("Double-click a firing to open the chart of its market"));
    connect(m_firingsView, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT marketActivated(index.data(AlertTableModel::TickerRole).toString());
    });

    m_rulesView->setObjectName(QStringLiteral("rulesView"));
    m_rulesView->setHorizontalHeaderLabels({tr("Rule"), tr("Note")});
    m_rulesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rulesView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rulesView->verticalHeader()->hide();
    m_rulesView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_rulesView->horizontalHeader()->resizeSection(1, 260);
    m_addRuleButton->setObjectName(QStringLiteral("addRuleButton"));
    m_addRuleButton->setEnabled(false);
    connect(m_addRuleButton, &QPushButton::clicked, this, [this] { openAddDialog(); });
    m_removeRuleButton->setObjectName(QStringLiteral("removeRuleButton"));
    m_removeRuleButton->setEnabled(false);
    connect(m_removeRuleButton, &QPushButton::clicked, this, &AlertsWidget::removeSelectedRules);
    connect(m_rulesView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        [this] { m_removeRuleButton->setEnabled(m_rulesView->selectionModel()->hasSelection()); });

    auto *rulesPane = new QWidget(this);
    auto *rulesHeader = new QHBoxLayout;
    rulesHeader->addWidget(
        new QLabel(tr("Alert rules (also kalshi-monitor-cli alerts add, list, remove):"), rulesPane), 1);
    rulesHeader->addWidget(m_addRuleButton);
    rulesHeader->addWidget(m_removeRuleButton);
    auto *rulesLayout = new QVBoxLayout(rulesPane);
    rulesLayout->setContentsMargins(0, 0, 0, 0);
    rulesLayout->addLayout(rulesHeader);
    rulesLayout->addWidget(m_rulesView, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_firingsView);
    splitter->addWidget(rulesPane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);
    m_message->setText(tr("No database is open."));
}

AlertsWidget::~AlertsWidget() = default;

void AlertsWidget::setConnectionName(const QString &connectionName)
{
    m_connectionName = connectionName;
    m_dataVersion = -1;
    m_addRuleButton->setEnabled(!connectionName.isEmpty());
    if (connectionName.isEmpty()) {
        m_firings->setFirings({}, {});
        m_rulesView->setRowCount(0);
        m_message->setText(tr("No database is open."));
        updateUnread();
        return;
    }
    refresh(true);
}

int AlertsWidget::unreadCount() const
{
    return m_firings->unreadCount();
}

void AlertsWidget::markAllRead()
{
    m_firings->setLastSeenId(std::max(m_firings->lastSeenId(), m_firings->newestId()));
    updateUnread();
}

void AlertsWidget::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("alerts/lastSeenId"), m_firings->lastSeenId());
}

void AlertsWidget::restoreState(const QSettings &settings)
{
    m_firings->setLastSeenId(settings.value(QStringLiteral("alerts/lastSeenId"), 0).toLongLong());
    updateUnread();
}

void AlertsWidget::refresh(bool force)
{
    if (m_connectionName.isEmpty() || !QSqlDatabase::contains(m_connectionName))
        return;
    const QSqlDatabase database = QSqlDatabase::database(m_connectionName, false);
    if (!database.isOpen())
        return;
    const qint64 dataVersion = Schema::dataVersion(m_connectionName);
    if (!force && dataVersion >= 0 && dataVersion == m_dataVersion)
        return;
    m_dataVersion = dataVersion;
    QList<AlertRule> rules;
    QList<AlertFiring> firings;
    QString error;
    if (!AlertStore::readRules(m_connectionName, &rules, &error)
        || !AlertStore::readLatestFirings(m_connectionName, shownFirings, &firings, &error)) {
        qCDebug(lcUi) << "reading the alerts failed:" << error;
        m_message->setText(tr("Cannot read the alerts: %1").arg(error));
        return;
    }
    QHash<qint64, AlertRule> rulesById;
    m_rulesView->setRowCount(int(rules.size()));
    for (int row = 0; row < rules.size(); ++row) {
        const AlertRule &rule = rules.at(row);
        rulesById.insert(rule.id.value_or(0), rule);
        auto *description = new QTableWidgetItem(AlertRuleText::describe(rule));
        description->setData(Qt::UserRole, rule.id.value_or(0));
        description->setToolTip(tr("Rule #%1: %2").arg(rule.id.value_or(0)).arg(rule.describe()));
        m_rulesView->setItem(row, 0, description);
        m_rulesView->setItem(row, 1, new QTableWidgetItem(rule.note));
    }
    m_firings->setFirings(firings, rulesById);
    const qint64 newest = firings.isEmpty() ? 0 : firings.constFirst().id;
    if (m_newestAnnounced >= 0 && newest > m_newestAnnounced) {
        QStringList messages;
        for (const AlertFiring &firing : std::as_const(firings)) {
            if (firing.id <= m_newestAnnounced)
                break;
            const auto rule = rulesById.constFind(firing.ruleId);
            const QString words
                = AlertRuleText::firingWords(firing, rule != rulesById.constEnd() ? &*rule : nullptr);
            // A stored message (the words of a removed rule) names its market already.
            messages.append(
                words.startsWith(firing.ticker + u':') ? words : tr("%1: %2").arg(firing.ticker, words));
        }
        Q_EMIT firingsArrived(messages);
    }
    m_newestAnnounced = qMax(m_newestAnnounced, newest);
    if (firings.isEmpty())
        m_message->setText(rules.isEmpty()
                ? tr("No alert rules yet. Add one with Add Rule… below, or from a market's menu "
                     "(Alert Me…) in the browser or watchlist.")
                : tr("No alert has fired yet."));
    else
        m_message->setText(tr("The latest %n firing(s), newest first. Double-click one to open its chart.",
            "", int(firings.size())));
    if (isVisible())
        markAllRead();
    updateUnread();
}

void AlertsWidget::removeSelectedRules()
{
    const QModelIndexList rows = m_rulesView->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        Q_EMIT ruleRemovalRequested(index.data(Qt::UserRole).toLongLong());
}

AlertRuleDialog *AlertsWidget::openAddDialog(const QString &ticker)
{
    // Rules live in the database: without one the dialog could store nothing.
    if (m_connectionName.isEmpty()) {
        m_message->setText(
            tr("No database is open, so there is nowhere to keep an alert rule: choose a database in "
               "Settings (Ctrl+,) first."));
        return nullptr;
    }
    AlertRuleDialog::Market market;
    market.ticker = ticker;
    if (market.ticker.isEmpty()) {
        const QModelIndex current = m_firingsView->currentIndex();
        if (current.isValid())
            market.ticker = current.data(AlertTableModel::TickerRole).toString();
    }
    if (!market.ticker.isEmpty()) {
        QString error;
        if (!AlertStore::readMarketScope(
                m_connectionName, market.ticker, &market.event, &market.series, &error))
            qCDebug(lcUi) << "reading the event and series of" << market.ticker << "failed:" << error;
    }
    auto *dialog = new AlertRuleDialog(market, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { Q_EMIT ruleAddRequested(dialog->rule()); });
    dialog->open();
    return dialog;
}

void AlertsWidget::ruleAdded(quint64, qint64, const QString &error)
{
    if (!error.isEmpty()) {
        m_message->setText(tr("The rule could not be added: %1").arg(error));
        return;
    }
    refresh(true);
}

void AlertsWidget::ruleRemoved(quint64, bool, const QString &error)
{
    if (!error.isEmpty()) {
        m_message->setText(tr("The rule could not be removed: %1").arg(error));
        return;
    }
    refresh(true);
}

void AlertsWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    markAllRead();
}

void AlertsWidget::updateUnread()
{
    const int unread = unreadCount();
    if (unread == m_reportedUnread)
        return;
    m_reportedUnread = unread;
    Q_EMIT unreadCountChanged(unread);
}

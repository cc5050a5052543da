#include "mainwindow/trayicon.h"

#include <QAction>
#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>

namespace {

QIcon iconFor(TrayIcon::State state)
{
    switch (state) {
    case TrayIcon::State::Running:
        return QIcon(QStringLiteral(":/icons/sync.png"));
    case TrayIcon::State::Collecting:
        return QIcon(QStringLiteral(":/icons/collect.png"));
    case TrayIcon::State::CollectionOff:
    case TrayIcon::State::CollectionPaused:
        break;
    }
    return QIcon(QStringLiteral(":/icons/kalshi-monitor.png"));
}

} // namespace

TrayIcon::TrayIcon(QAction *syncNow, QAction *collect, QAction *quit, QObject *parent)
    : QObject(parent)
    , m_menu(std::make_unique<QMenu>())
    , m_showWindowAction(new QAction(tr("Show &Window"), this))
{
    connect(m_showWindowAction, &QAction::triggered, this, &TrayIcon::showWindowRequested);
    m_menu->addAction(m_showWindowAction);
    m_menu->addSeparator();
    m_menu->addAction(syncNow);
    m_menu->addAction(collect);
    m_menu->addSeparator();
    m_menu->addAction(quit);
    setState(State::CollectionOff, QString());
}

TrayIcon::~TrayIcon() = default;

void TrayIcon::install()
{
    if (m_tray || !QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(iconFor(m_state), this);
    m_tray->setToolTip(m_toolTip);
    m_tray->setContextMenu(m_menu.get());
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT showWindowRequested();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayIcon::showWindowRequested);
    m_tray->show();
}

bool TrayIcon::isInstalled() const
{
    return m_tray != nullptr;
}

void TrayIcon::setState(State state, const QString &lastSync)
{
    const QString stateText = state == State::Running ? tr("Syncing")
        : state == State::Collecting                  ? tr("Collection on")
        : state == State::CollectionPaused            ? tr("Collection paused")
                                                      : tr("Collection off");
    QString toolTip = tr("Kalshi Monitor: %1").arg(stateText);
    if (!lastSync.isEmpty())
        toolTip += QLatin1Char('\n') + lastSync;
    if (state == m_state && toolTip == m_toolTip)
        return;
    m_state = state;
    m_toolTip = toolTip;
    if (m_tray) {
        m_tray->setIcon(iconFor(state));
        m_tray->setToolTip(toolTip);
    }
}

void TrayIcon::notify(const QString &title, const QString &message, Urgency urgency)
{
    if (m_tray)
        m_tray->showMessage(title, message,
            urgency == Urgency::Warning ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
    Q_EMIT notified(title, message);
}

#pragma once

#include <QObject>
#include <QString>

#include <memory>

class QAction;
class QMenu;
class QSystemTrayIcon;

// Lives in the GUI thread. The system tray icon that keeps the app reachable while collection goes
// on with the window hidden, and the one way the app raises desktop notifications. Without a tray
// (no tray host, or the offscreen platform of tests) it keeps its menu and state and announces each
// notification by the notified() signal only.
class TrayIcon final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)

public:
    // CollectionPaused: Collect is on but the collector lock was lost; it is being taken again.
    enum class State { CollectionOff, Collecting, Running, CollectionPaused };

    // The menu shows syncNow, collect and quit, the window's own actions, and Show window.
    TrayIcon(QAction *syncNow, QAction *collect, QAction *quit, QObject *parent = nullptr);
    ~TrayIcon() override;

    // Shows the icon when the platform has a tray; otherwise nothing shows.
    void install();
    bool isInstalled() const;
    void setState(State state, const QString &lastSync);
    State state() const { return m_state; }
    QString toolTip() const { return m_toolTip; }
    QMenu *menu() const { return m_menu.get(); }
    QAction *showWindowAction() const { return m_showWindowAction; }

    enum class Urgency { Information, Warning };
    void notify(const QString &title, const QString &message, Urgency urgency);

Q_SIGNALS:
    void showWindowRequested();
    void notified(const QString &title, const QString &message);

private:
    std::unique_ptr<QMenu> m_menu; // QSystemTrayIcon does not own its context menu
    QAction *m_showWindowAction;
    QSystemTrayIcon *m_tray = nullptr;
    State m_state = State::CollectionOff;
    QString m_toolTip;
};

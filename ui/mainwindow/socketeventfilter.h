#pragma once

#include <QObject>

class QSocketNotifier;

// An application event filter (GUI thread) that names the QSocketNotifier of one socket: at the
// first socket event for `socket` it removes itself, keeps the event from the notifier and emits
// found(). For a notifier that a library created without a parent (QPSQL's, for LISTEN).
class SocketEventFilter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SocketEventFilter)

public:
    SocketEventFilter(qintptr socket, QObject *parent);
    ~SocketEventFilter() override;

    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void found(QSocketNotifier *notifier);

private:
    const qintptr m_socket;
    bool m_installed = true;
};

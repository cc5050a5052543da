#include "mainwindow/socketeventfilter.h"

#include <QCoreApplication>
#include <QEvent>
#include <QSocketNotifier>

SocketEventFilter::SocketEventFilter(qintptr socket, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
{
    QCoreApplication::instance()->installEventFilter(this);
}

SocketEventFilter::~SocketEventFilter()
{
    if (m_installed)
        QCoreApplication::instance()->removeEventFilter(this);
}

bool SocketEventFilter::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::SockAct || !m_installed)
        return false;
    auto *notifier = qobject_cast<QSocketNotifier *>(watched);
    if (!notifier || notifier->socket() != m_socket)
        return false;
    m_installed = false;
    QCoreApplication::instance()->removeEventFilter(this);
    Q_EMIT found(notifier);
    return true;
}

#pragma once

#include <QObject>

class QSocketNotifier;

// Lives in the main thread. Turns SIGINT, SIGTERM and SIGHUP (a closed terminal or session, treated
// like SIGTERM) into a Qt signal through a self-pipe, so the handler itself only writes one byte
// (async-signal-safe) and the work happens in the event loop.
class UnixSignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixSignalWatcher)

public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

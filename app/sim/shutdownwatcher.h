#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGINT, SIGTERM and (optionally) the end of stdin into one Qt signal, so kalshi-sim leaves
// its event loop cleanly and a parent that dies takes it along. Lives in the main thread; only one
// instance may exist because POSIX signal handlers are process-wide.
class ShutdownWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShutdownWatcher)

public:
    explicit ShutdownWatcher(bool watchStdin, QObject *parent = nullptr);
    ~ShutdownWatcher() override;

    bool isValid() const { return m_signalNotifier != nullptr; }

Q_SIGNALS:
    void shutdownRequested();

private:
    void readStdin();

    QSocketNotifier *m_signalNotifier = nullptr;
    QSocketNotifier *m_stdinNotifier = nullptr;
};

#pragma once

#include <QObject>
#include <QProcess>
#include <QUrl>

// Lives in the GUI thread. Starts the bundled kalshi-sim on a free loopback port for --demo and
// stops it with the app; the child also exits by itself when our end of its stdin closes.
class DemoSimulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoSimulator)

public:
    explicit DemoSimulator(QObject *parent = nullptr);
    ~DemoSimulator() override;

    // kalshi-sim beside this executable, in the build tree, or on PATH; empty if none.
    static QString findExecutable();

    // Blocks up to a few seconds for the simulator's "listening on" line.
    bool start(const QStringList &arguments, QString *error);
    void stop();
    QUrl apiBase() const { return m_apiBase; }

private:
    QProcess m_process;
    QUrl m_apiBase;
};

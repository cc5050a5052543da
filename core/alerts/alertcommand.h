#pragma once

#include "alerts/alertrule.h"

#include <QObject>
#include <QSet>
#include <QString>

class QProcess;

// Lives in the thread that delivers firings (the CLI's main thread). Runs the user's --on-alert
// command once per firing through /bin/sh -c, with the firing as JSON in KM_ALERT_JSON, without
// waiting for it: collection goes on while it runs. A command that cannot start, exits non-zero or
// outlives finish() is reported through failed().
class AlertCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertCommand)

public:
    explicit AlertCommand(QString command, QObject *parent = nullptr);
    ~AlertCommand() override;

    void run(const AlertFiring &firing);
    // Waits up to timeoutMs for the commands still running, then kills the rest. For the exit.
    void finish(int timeoutMs);
    int running() const { return int(m_running.size()); }

Q_SIGNALS:
    void failed(const QString &message);

private:
    const QString m_command;
    QSet<QProcess *> m_running;
};

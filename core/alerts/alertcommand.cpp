#include "alerts/alertcommand.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QProcess>

AlertCommand::AlertCommand(QString command, QObject *parent)
    : QObject(parent)
    , m_command(std::move(command))
{
}

AlertCommand::~AlertCommand()
{
    finish(0);
}

void AlertCommand::run(const AlertFiring &firing)
{
    auto *process = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("KM_ALERT_JSON"),
        QString::fromUtf8(QJsonDocument(firing.toJson()).toJson(QJsonDocument::Compact)));
    process->setProcessEnvironment(environment);
    process->setProcessChannelMode(QProcess::ForwardedChannels);
    process->setStandardInputFile(QProcess::nullDevice());
    const QString what
        = QStringLiteral("--on-alert command for alert #%1 (%2)").arg(firing.id).arg(firing.ticker);
    connect(
        process, &QProcess::finished, this, [this, process, what](int exitCode, QProcess::ExitStatus status) {
            m_running.remove(process);
            process->deleteLater();
            if (status != QProcess::NormalExit)
                Q_EMIT failed(what + QStringLiteral(" crashed"));
            else if (exitCode != 0)
                Q_EMIT failed(what + QStringLiteral(" failed with exit code %1").arg(exitCode));
        });
    connect(process, &QProcess::errorOccurred, this, [this, process, what](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        m_running.remove(process);
        process->deleteLater();
        Q_EMIT failed(what + QStringLiteral(" did not start: ") + process->errorString());
    });
    m_running.insert(process);
    process->start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), m_command});
}

void AlertCommand::finish(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    const QSet<QProcess *> running = m_running;
    for (QProcess *process : running) {
        if (process->state() != QProcess::NotRunning
            && !process->waitForFinished(int(qMax<qint64>(0, deadline.remainingTime())))) {
            process->kill();
            process->waitForFinished(1000);
            Q_EMIT failed(QStringLiteral("--on-alert command still running at exit: killed"));
        }
    }
}

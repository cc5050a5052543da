#include "mainwindow/demosimulator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

DemoSimulator::DemoSimulator(QObject *parent)
    : QObject(parent)
{
}

DemoSimulator::~DemoSimulator()
{
    stop();
}

QString DemoSimulator::findExecutable()
{
    const QDir appDir(QCoreApplication::applicationDirPath());
    const QStringList candidates = {
        appDir.filePath(QStringLiteral("kalshi-sim")), appDir.filePath(QStringLiteral("../sim/kalshi-sim"))};
    for (const QString &candidate : candidates) {
        const QFileInfo info(candidate);
        if (info.isFile() && info.isExecutable())
            return info.canonicalFilePath();
    }
    return QStandardPaths::findExecutable(QStringLiteral("kalshi-sim"));
}

bool DemoSimulator::start(const QStringList &arguments, QString *error)
{
    const QString program = findExecutable();
    if (program.isEmpty()) {
        *error = tr("The bundled simulator kalshi-sim was not found next to the application.");
        return false;
    }
    m_process.start(program, arguments + QStringList{QStringLiteral("--exit-on-stdin-close")});
    if (!m_process.waitForStarted(5000)) {
        *error = tr("The simulator did not start: %1").arg(m_process.errorString());
        return false;
    }
    QByteArray output;
    while (!output.contains('\n')) {
        if (!m_process.waitForReadyRead(10000)) {
            *error = tr("The simulator did not report its address: %1")
                         .arg(QString::fromUtf8(m_process.readAllStandardError()).trimmed());
            stop();
            return false;
        }
        output += m_process.readAllStandardOutput();
    }
    static const QRegularExpression pattern(QStringLiteral("listening on (\\S+)"));
    const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(output));
    if (!match.hasMatch()) {
        *error = tr("Unexpected output from the simulator: %1").arg(QString::fromUtf8(output).trimmed());
        stop();
        return false;
    }
    m_apiBase = QUrl(match.captured(1));
    return true;
}

void DemoSimulator::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel();
    m_process.terminate();
    if (!m_process.waitForFinished(3000)) {
        m_process.kill();
        m_process.waitForFinished(3000);
    }
}

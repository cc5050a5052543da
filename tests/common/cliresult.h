#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>

namespace KmTest {

// What a finished kalshi-monitor-cli process left: its exit code (-1 when it crashed or was killed),
// both output streams, and the last stdout line read as the --json summary.
struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json;
};

// Waits for a started CLI process (killing it after timeoutMs) and collects its result.
inline CliResult finishCli(QProcess &process, int timeoutMs)
{
    CliResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    if (!lines.isEmpty())
        result.json = QJsonDocument::fromJson(lines.last()).object();
    return result;
}

} // namespace KmTest

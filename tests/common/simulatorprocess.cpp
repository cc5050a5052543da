#include "simulatorprocess.h"

#include "testsupport.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

SimulatorProcess::~SimulatorProcess()
{
    stop();
}

bool SimulatorProcess::start(const QStringList &arguments, QString *error)
{
    const QString program = KmTest::builtExecutable(QStringLiteral("kalshi-sim"));
    if (program.isEmpty()) {
        *error = QStringLiteral("kalshi-sim was not built");
        return false;
    }
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start(program, arguments + QStringList{QStringLiteral("--exit-on-stdin-close")});
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("kalshi-sim did not start: ") + m_process.errorString();
        return false;
    }
    static const QRegularExpression pattern(QStringLiteral("listening on (\\S+)"));
    QByteArray output;
    while (!output.contains('\n')) {
        if (!m_process.waitForReadyRead(15000)) {
            *error = QStringLiteral("kalshi-sim printed no address: ")
                + QString::fromUtf8(m_process.readAllStandardError());
            return false;
        }
        output += m_process.readAllStandardOutput();
    }
    const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(output));
    if (!match.hasMatch()) {
        *error = QStringLiteral("unexpected first line from kalshi-sim: ") + QString::fromUtf8(output);
        return false;
    }
    m_baseUrl = QUrl(match.captured(1));
    return true;
}

void SimulatorProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel();
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

namespace {

// One synchronous request to the simulator; the body, or empty when it failed or timed out.
QByteArray request(const QUrl &url, bool post, bool *ok, const QByteArray &payload = QByteArray())
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    if (!payload.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = post ? manager.post(request, payload) : manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    *ok = reply->isFinished() && reply->error() == QNetworkReply::NoError;
    const QByteArray body = *ok ? reply->readAll() : QByteArray();
    reply->abort();
    delete reply;
    return body;
}

} // namespace

QJsonDocument SimulatorProcess::get(const QString &pathAndQuery) const
{
    bool ok = false;
    return QJsonDocument::fromJson(request(QUrl(m_baseUrl.toString() + pathAndQuery), false, &ok));
}

bool SimulatorProcess::resetStats() const
{
    bool ok = false;
    request(QUrl(m_baseUrl.toString() + QStringLiteral("/sim/reset-stats")), true, &ok);
    return ok;
}

QJsonDocument SimulatorProcess::moveMarket(const QString &ticker, const QJsonObject &values) const
{
    bool ok = false;
    return QJsonDocument::fromJson(
        request(QUrl(m_baseUrl.toString() + QStringLiteral("/sim/markets/") + ticker), true, &ok,
            QJsonDocument(values).toJson(QJsonDocument::Compact)));
}

QJsonArray SimulatorProcess::listAll(const QString &path, const QString &itemsKey, const QString &query) const
{
    QJsonArray all;
    QString cursor;
    for (int page = 0; page < 100000; ++page) {
        QUrlQuery parameters(query);
        parameters.addQueryItem(QStringLiteral("limit"),
            itemsKey == QStringLiteral("events") ? QStringLiteral("200") : QStringLiteral("1000"));
        if (!cursor.isEmpty())
            parameters.addQueryItem(QStringLiteral("cursor"), cursor);
        const QJsonObject object = get(path + u'?' + parameters.toString(QUrl::FullyEncoded)).object();
        const QJsonArray items = object.value(itemsKey).toArray();
        for (const QJsonValue &item : items)
            all.append(item);
        cursor = object.value(QStringLiteral("cursor")).toString();
        if (cursor.isEmpty())
            break;
    }
    return all;
}

std::unique_ptr<SimulatorProcess> KmTest::startSimulator(const QStringList &arguments)
{
    auto simulator = std::make_unique<SimulatorProcess>();
    QString error;
    if (!simulator->start(arguments, &error))
        qFatal("%s", qPrintable(error));
    return simulator;
}

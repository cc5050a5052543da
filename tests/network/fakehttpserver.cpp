#include "fakehttpserver.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

} // namespace

FakeHttpServer::FakeHttpServer(QObject *parent)
    : QObject(parent)
    , m_server(this)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeHttpServer::onNewConnection);
    m_clock.start();
}

FakeHttpServer::~FakeHttpServer()
{
    for (auto it = m_buffers.keyBegin(); it != m_buffers.keyEnd(); ++it)
        (*it)->disconnect(this);
}

bool FakeHttpServer::listen(const QHostAddress &address)
{
    return m_server.listen(address, 0);
}

QUrl FakeHttpServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_server.serverPort());
    url.setPath(QStringLiteral("/trade-api/v2"));
    return url;
}

void FakeHttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_buffers.insert(socket, QByteArray());
        m_connectionIds.insert(socket, ++m_connections);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_streams.remove(socket);
            m_buffers.remove(socket);
            m_connectionIds.remove(socket);
            socket->deleteLater();
        });
    }
}

void FakeHttpServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        Request request;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
        }
        const qsizetype bodyLength = request.headers.value("content-length").toLongLong();
        if (buffer.size() < headerEnd + 4 + bodyLength)
            return;
        buffer.remove(0, headerEnd + 4 + bodyLength);

        const QUrl url = QUrl::fromEncoded(QByteArrayLiteral("http://localhost") + request.target);
        request.path = url.path();
        request.query = QUrlQuery(url);
        request.receivedMs = m_clock.elapsed();
        request.connection = m_connectionIds.value(socket);
        m_requests.append(request);

        Response response;
        if (m_handler)
            response = m_handler(request);
        else if (!m_queue.isEmpty())
            response = m_queue.takeFirst();
        else
            response = Response::json(R"({"error":{"code":"no_response","message":"nothing queued"}})", 500);
        Q_EMIT requestReceived(int(m_requests.size() - 1));

        if (response.neverAnswer)
            continue;
        if (response.delayMs > 0) {
            QPointer<QTcpSocket> guarded(socket);
            QTimer::singleShot(response.delayMs, this, [this, guarded, response] {
                if (guarded)
                    respond(guarded, response);
            });
        } else {
            respond(socket, response);
        }
    }
}

void FakeHttpServer::respond(QTcpSocket *socket, const Response &response)
{
    const qint64 length = response.streamBytes > 0 ? response.streamBytes : response.body.size();
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status)
        + "\r\nContent-Type: application/json\r\n"
        + (response.chunked ? QByteArray("Transfer-Encoding: chunked")
                            : "Content-Length: " + QByteArray::number(length))
        + "\r\nConnection: keep-alive\r\n";
    for (const auto &header : response.headers)
        head += header.first + ": " + header.second + "\r\n";
    socket->write(head + "\r\n");
    if (response.streamBytes > 0) {
        m_streams.insert(socket, {response.streamBytes, response.chunked});
        // Pumped by a timer, not by bytesWritten: on bytesWritten the server (in the client's thread)
        // kept that thread so busy that the reply's data stopped reaching it, and the client timed
        // out while gigabytes flowed (about one full run in two). At most 1 MB per 5 ms still
        // brings a 64 MiB limit within a second.
        auto *poll = new QTimer(socket);
        connect(poll, &QTimer::timeout, this, [this, socket, poll] {
            if (m_streams.contains(socket))
                pumpStream(socket);
            else
                poll->deleteLater();
        });
        poll->start(5);
        pumpStream(socket);
    } else if (response.dripMs > 0) {
        startDrip(socket, response);
    } else if (response.chunked) {
        if (!response.body.isEmpty())
            socket->write(QByteArray::number(response.body.size(), 16) + "\r\n" + response.body + "\r\n");
        socket->write("0\r\n\r\n");
    } else {
        socket->write(response.body);
    }
}

void FakeHttpServer::pumpStream(QTcpSocket *socket)
{
    const auto it = m_streams.find(socket);
    if (it == m_streams.end())
        return;
    // Made as the socket drains, never more than about 1 MB ahead: the server's memory stays
    // small however large the body, and what it wrote is what the client was offered.
    static const QByteArray filler(64 * 1024, ' ');
    while (it->remaining > 0 && socket->bytesToWrite() < 1024 * 1024) {
        const qint64 piece = qMin<qint64>(filler.size(), it->remaining);
        const QByteArray data = filler.left(piece);
        socket->write(it->chunked ? QByteArray::number(piece, 16) + "\r\n" + data + "\r\n" : data);
        it->remaining -= piece;
        m_streamedBytes += piece;
    }
    if (it->remaining == 0) {
        if (it->chunked)
            socket->write("0\r\n\r\n");
        m_streams.erase(it);
    }
}

void FakeHttpServer::startDrip(QTcpSocket *socket, const Response &response)
{
    auto *timer = new QTimer(socket);
    auto sent = std::make_shared<qsizetype>(0);
    connect(timer, &QTimer::timeout, this, [this, socket, timer, sent, response] {
        if (*sent >= response.body.size()) {
            if (response.chunked)
                socket->write("0\r\n\r\n");
            timer->stop();
            return;
        }
        const QByteArray byte = response.body.mid(*sent, 1);
        socket->write(response.chunked ? "1\r\n" + byte + "\r\n" : byte);
        ++*sent;
        ++m_streamedBytes;
    });
    timer->start(response.dripMs);
}

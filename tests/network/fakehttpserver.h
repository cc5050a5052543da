#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QTcpSocket;

// Lives in the test's thread. A minimal HTTP/1.1 server on 127.0.0.1 for the network tests: it
// records every request and answers it with what the handler returns (or the next queued response).
// Connections stay open between requests (keep-alive), as a real server's would.
class FakeHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeHttpServer)

public:
    struct Request
    {
        QByteArray method;
        QByteArray target; // as sent: "/trade-api/v2/markets?limit=5"
        QString path; // decoded path: "/trade-api/v2/markets"
        QUrlQuery query;
        QHash<QByteArray, QByteArray> headers; // names in lower case
        qint64 receivedMs = 0; // on clock()
        int connection = 0; // which TCP connection carried it (1, 2, ...)

        QString queryValue(const QString &key) const { return query.queryItemValue(key, QUrl::FullyDecoded); }
    };

    struct Response
    {
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool neverAnswer = false; // keep the connection open and silent
        int delayMs = 0; // answer this late
        bool chunked = false; // Transfer-Encoding: chunked instead of a Content-Length
        qint64 streamBytes = 0; // > 0: instead of body, this many filler bytes, made as the socket drains
        int dripMs = 0; // > 0: the body one byte at a time, one every dripMs

        static Response json(const QByteArray &body, int status = 200)
        {
            Response response;
            response.status = status;
            response.body = body;
            return response;
        }
    };

    using Handler = std::function<Response(const Request &)>;

    explicit FakeHttpServer(QObject *parent = nullptr);
    ~FakeHttpServer() override;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost);
    // http://127.0.0.1:<port>/trade-api/v2, the base URL a KalshiClient should use.
    QUrl baseUrl() const;

    // The handler answers every request; without one, queued responses are used in order, and
    // when none is left the answer is 500.
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void enqueue(const Response &response) { m_queue.append(response); }

    const QList<Request> &requests() const { return m_requests; }
    // Body bytes written so far by streamed (streamBytes) and dripped (dripMs) responses.
    qint64 streamedBytes() const { return m_streamedBytes; }
    int connectionCount() const { return m_connections; }
    const QElapsedTimer &clock() const { return m_clock; }

Q_SIGNALS:
    void requestReceived(int index);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const Response &response);
    void pumpStream(QTcpSocket *socket);
    void startDrip(QTcpSocket *socket, const Response &response);

    struct Stream
    {
        qint64 remaining = 0;
        bool chunked = false;
    };

    QTcpServer m_server;
    Handler m_handler;
    QList<Response> m_queue;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QHash<QTcpSocket *, int> m_connectionIds;
    QHash<QTcpSocket *, Stream> m_streams;
    qint64 m_streamedBytes = 0;
    int m_connections = 0;
    QElapsedTimer m_clock;
};

#pragma once

#include <QString>
#include <QtGlobal>

namespace KmTest {

// A TCP port on 127.0.0.1 that listens and never accepts: the kernel completes the handshake and
// nobody ever reads or answers, like a hung host or a half-open route. Closed when destroyed.
class SilentServer final
{
    Q_DISABLE_COPY_MOVE(SilentServer)

public:
    // On a free port, or on `port` (a stopped server's, to stand for its vanished host).
    explicit SilentServer(quint16 port = 0);
    ~SilentServer();

    bool isListening() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    // postgresql://km@127.0.0.1:<port>/kalshi?sslmode=disable, then `&options` if given.
    QString postgresUrl(const QString &options = QString()) const;

private:
    int m_socket = -1;
    quint16 m_port = 0;
};

} // namespace KmTest

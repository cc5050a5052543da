#include "silentserver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace KmTest {

SilentServer::SilentServer(quint16 port)
    : m_socket(::socket(AF_INET, SOCK_STREAM, 0))
{
    if (m_socket < 0)
        return;
    const int reuse = 1; // a port whose server just stopped may still have connections closing
    ::setsockopt(m_socket, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(m_socket, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
        && ::listen(m_socket, 8) == 0
        && ::getsockname(m_socket, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        m_port = ntohs(address.sin_port);
}

SilentServer::~SilentServer()
{
    if (m_socket >= 0)
        ::close(m_socket);
}

QString SilentServer::postgresUrl(const QString &options) const
{
    QString url = QStringLiteral("postgresql://km@127.0.0.1:%1/kalshi?sslmode=disable").arg(m_port);
    if (!options.isEmpty())
        url += u'&' + options;
    return url;
}

} // namespace KmTest

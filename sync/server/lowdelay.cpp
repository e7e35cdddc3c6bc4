#include "lowdelay.h"

#include <QAbstractHttpServer>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

#if __has_include(<netinet/tcp.h>)
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace rd::server {

void LowDelayTcpServer::incomingConnection(qintptr handle)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
#if __has_include(<netinet/tcp.h>)
        ::close(int(handle)); // (the socket did not take it)
#endif
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
#ifdef TCP_QUICKACK
    // The other direction: a client may write a request's body after its headers with
    // Nagle's algorithm on (QNetworkAccessManager does), so the body waits for our
    // acknowledgement of the headers. Acknowledge each read at once (Linux; the flag
    // does not stick, hence on every read).
    QObject::connect(socket, &QIODevice::readyRead, socket, [socket] {
        const int one = 1;
        ::setsockopt(int(socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    });
#endif
    addPendingConnection(socket);
}

quint16 listenLowDelay(QAbstractHttpServer& http, const QHostAddress& address, quint16 port, bool tls)
{
    if (!tls) {
        auto* server = new LowDelayTcpServer(&http);
        if (!server->listen(address, port)) {
            delete server;
            return 0;
        }
        http.bind(server);
        return server->serverPort();
    }
    // TLS: QtHttpServer makes its QSslServer; each socket is set as its handshake starts.
    const quint16 bound = http.listen(address, port);
    if (bound == 0) return 0;
    if (auto* ssl = qobject_cast<QSslServer*>(http.servers().constLast()))
        QObject::connect(ssl, &QSslServer::startedEncryptionHandshake,
            [](QSslSocket* s) { s->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
    return bound;
}

} // namespace rd::server

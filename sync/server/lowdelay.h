#pragma once
// The server's listening sockets with Nagle's algorithm off on every connection.
#include <QHostAddress>
#include <QTcpServer>

class QAbstractHttpServer;

namespace rd::server {

// A QTcpServer whose accepted sockets have TCP_NODELAY (and, on Linux, acknowledge each read
// at once): see listenLowDelay.
class LowDelayTcpServer : public QTcpServer {
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr handle) override;
};

// Listens on address:port like QAbstractHttpServer::listen (tls: the server was given its
// certificate with sslSetup), with TCP_NODELAY on each accepted connection. QtHttpServer writes an answer's
// headers and its body separately; with Nagle's algorithm the body then waits for the
// client's acknowledgement of the headers, which a delayed ACK holds up to 40 ms (measured:
// one sync round in ten took 40 ms longer on loopback). Returns the port, 0 on failure.
quint16 listenLowDelay(QAbstractHttpServer& http, const QHostAddress& address, quint16 port, bool tls);

} // namespace rd::server

#pragma once

#include "common/result.h"
#include "httpclient.h"

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QUrl>

namespace rd::server {

class ServerSettings;

// The URLs the server calls on a tenant's behalf (webhooks, the captcha check) reach public
// addresses only: not loopback, link-local (cloud metadata at 169.254.169.254), private,
// shared (100.64/10), multicast or unspecified addresses, unless the server's admin allows a
// range (server setting outbound.allow). Every address the host name resolves to must pass;
// a plain http request then goes to the address that was checked (no second lookup that could
// answer otherwise); https keeps the name, whose certificate an internal service cannot show.
namespace outbound {

using Subnets = QList<QPair<QHostAddress, int>>;

// ADDRESS with an IPv4-mapped IPv6 form (::ffff:a.b.c.d) as the IPv4 address it is.
QHostAddress plain(const QHostAddress& address);
// No private, loopback, link-local, shared, multicast, reserved or unspecified address.
bool isPublic(const QHostAddress& address);
// The outbound.allow setting: "ADDRESS[/BITS], ..." (empty: none).
Result<Subnets> parseAllowed(const QString& text);
// The URL to connect to (plain http: its host replaced by the checked address) and the Host
// header to send, or ValidationFailed (reason outbound_refused) naming the address.
struct Target {
    QUrl url;
    QByteArray host; // for the Host header; empty: the URL's own
};
// TIMEOUTMS bounds the name lookup.
Result<Target> check(const QUrl& url, const Subnets& allowed, int timeoutMs = 10000);

// blockingPost to a checked URL (the allow-list from SETTINGS); a refused URL is a result with
// nothing sent (refused, the reason in error).
HttpResult post(ServerSettings& settings, const QUrl& url, const QByteArray& contentType, const QByteArray& body,
    QList<QPair<QByteArray, QByteArray>> headers, int timeoutMs);

} // namespace outbound
} // namespace rd::server

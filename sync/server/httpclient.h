#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

namespace rd::server {

// What came of one outgoing HTTP request.
struct HttpResult {
    int status = 0; // 0: no answer
    QByteArray body;
    bool timedOut = false;
    bool refused = false; // nothing was sent: connection refused, host not found, TLS failed
    QString error; // when status is 0
};

// A blocking POST for worker threads (a local event loop; QNetworkAccessManager): the SMS
// provider, the captcha check and webhooks use it. No redirects are followed.
HttpResult blockingPost(const QUrl& url, const QByteArray& contentType, const QByteArray& body,
    const QList<QPair<QByteArray, QByteArray>>& headers, int timeoutMs);

} // namespace rd::server

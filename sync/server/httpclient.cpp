#include "httpclient.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace rd::server {

HttpResult blockingPost(const QUrl& url, const QByteArray& contentType, const QByteArray& body,
    const QList<QPair<QByteArray, QByteArray>>& headers, int timeoutMs)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto& [name, value] : headers)
        req.setRawHeader(name, value);
    QNetworkReply* reply = nam.post(req, body);
    HttpResult out;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        out.timedOut = true;
        reply->abort();
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    if (!reply->isFinished()) loop.exec();
    timer.stop();
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (out.status != 0) {
        out.body = reply->readAll();
    } else {
        const auto e = reply->error();
        out.refused = !out.timedOut
            && (e == QNetworkReply::ConnectionRefusedError || e == QNetworkReply::HostNotFoundError
                || e == QNetworkReply::SslHandshakeFailedError);
        out.error = reply->errorString();
    }
    reply->deleteLater();
    return out;
}

} // namespace rd::server

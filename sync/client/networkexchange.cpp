// The real network under the sync engine: one HTTP exchange through QNetworkAccessManager
// (tests hand the engine other exchanges that drop, repeat or reorder answers).
#include "syncengine.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace rd::sync {

HttpExchange networkExchange(int timeoutMs)
{
    return [timeoutMs](const QByteArray& method, const QString& url, const QByteArray& body,
               const QByteArray& contentType, const QString& bearer) {
        thread_local QNetworkAccessManager nam;
        QNetworkRequest req { QUrl(url) };
        req.setTransferTimeout(timeoutMs);
        if (!contentType.isEmpty()) req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        req.setRawHeader("Accept", "application/cbor, application/json");
        if (!bearer.isEmpty()) req.setRawHeader("Authorization", "Bearer " + bearer.toLatin1());
        QNetworkReply* reply = nam.sendCustomRequest(req, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished()) loop.exec();
        HttpResponse r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        if (r.status == 0) r.error = reply->errorString();
        reply->deleteLater();
        return r;
    };
}

} // namespace rd::sync

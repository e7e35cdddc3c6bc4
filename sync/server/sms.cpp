#include "sms.h"

#include "crypto/crypto.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

namespace rd::server {

namespace {
Error smsError(const QString& message, bool transient, bool unknown, int httpStatus = 0, const QString& code = {})
{
    return makeError(transient || unknown ? ErrorCode::Unavailable : ErrorCode::ValidationFailed, message,
        { { QStringLiteral("transient"), transient }, { QStringLiteral("outcome_unknown"), unknown },
            { QStringLiteral("http_status"), httpStatus }, { QStringLiteral("provider_code"), code } });
}

QByteArray formEncode(const QList<QPair<QString, QString>>& fields)
{
    QByteArray out;
    for (const auto& [k, v] : fields) {
        if (!out.isEmpty()) out += '&';
        out += QUrl::toPercentEncoding(k) + '=' + QUrl::toPercentEncoding(v);
    }
    return out;
}
} // namespace

Result<SmsSent> SmsClient::send(
    const QString& to, const QString& body, const QString& idempotencyKey, const QString& statusCallback)
{
    if (!m_settings.configured())
        return smsError(QStringLiteral("No SMS provider is set up on this server (sms.url, sms.account, sms.token, "
                                       "sms.from)."),
            true, false);
    QString base = m_settings.url;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QUrl url(base
        + QStringLiteral("/2010-04-01/Accounts/%1/Messages.json")
              .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_settings.account))));
    QList<QPair<QString, QString>> fields { { QStringLiteral("To"), to }, { QStringLiteral("From"), m_settings.from },
        { QStringLiteral("Body"), body } };
    if (!statusCallback.isEmpty()) fields << qMakePair(QStringLiteral("StatusCallback"), statusCallback);

    QNetworkAccessManager nam;
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    req.setRawHeader(
        "Authorization", "Basic " + (m_settings.account.toUtf8() + ':' + m_settings.token.toUtf8()).toBase64());
    req.setRawHeader("Idempotency-Key", idempotencyKey.toUtf8());
    req.setRawHeader("Accept", "application/json");
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply* reply = nam.post(req, formEncode(fields));
    bool timedOut = false;
    bool written = false;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        reply->abort();
    });
    QObject::connect(reply, &QNetworkReply::uploadProgress, &loop, [&](qint64 sent, qint64 total) {
        if (total > 0 && sent >= total) written = true;
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(m_settings.timeoutMs);
    if (!reply->isFinished()) loop.exec();
    timer.stop();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = status != 0 ? reply->readAll() : QByteArray();
    const QNetworkReply::NetworkError netError = reply->error();
    const QString netMessage = reply->errorString();
    reply->deleteLater();
    if (status == 0) {
        // No answer. Refused or unresolvable: nothing went out. Otherwise the request may have
        // reached the provider: the outcome is unknown.
        const bool nothingSent = !written
            && (netError == QNetworkReply::ConnectionRefusedError || netError == QNetworkReply::HostNotFoundError
                || netError == QNetworkReply::SslHandshakeFailedError);
        if (nothingSent)
            return smsError(QStringLiteral("The SMS provider could not be reached: %1").arg(netMessage), true, false);
        return smsError(timedOut
                ? QStringLiteral("The SMS provider did not answer within %1 s: the message may have "
                                 "been sent.")
                      .arg(m_settings.timeoutMs / 1000)
                : QStringLiteral("The connection to the SMS provider broke after the request: %1").arg(netMessage),
            false, true);
    }
    const QJsonObject json = QJsonDocument::fromJson(answer).object();
    if (status >= 200 && status < 300) {
        const QString sid = json.value(QStringLiteral("sid")).toString();
        if (sid.isEmpty())
            return smsError(
                QStringLiteral("The SMS provider answered %1 without a message id.").arg(status), false, true, status);
        return SmsSent { sid, json.value(QStringLiteral("status")).toString() };
    }
    const QString code = json.value(QStringLiteral("code")).toVariant().toString();
    const QString text = json.value(QStringLiteral("message")).toString();
    const QString message = QStringLiteral("The SMS provider answered %1%2%3.")
                                .arg(status)
                                .arg(code.isEmpty() ? QString() : QStringLiteral(" (code %1)").arg(code),
                                    text.isEmpty() ? QString() : QStringLiteral(": ") + text);
    return smsError(message, status == 429 || status >= 500, false, status, code);
}

namespace sms {

QString signature(const QString& token, const QString& url, QList<QPair<QString, QString>> params)
{
    std::sort(params.begin(), params.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    QByteArray data = url.toUtf8();
    for (const auto& [k, v] : std::as_const(params))
        data += k.toUtf8() + v.toUtf8();
    return QString::fromLatin1(crypto::hmac(QStringLiteral("SHA-1"), token.toUtf8(), data).toBase64());
}

bool isStopWord(const QString& body)
{
    static const QStringList words { QStringLiteral("STOP"), QStringLiteral("STOPALL"), QStringLiteral("UNSUBSCRIBE"),
        QStringLiteral("CANCEL"), QStringLiteral("END"), QStringLiteral("QUIT") };
    return words.contains(body.trimmed().toUpper());
}

QString normalizeNumber(const QString& number)
{
    QString digits = number.trimmed();
    const bool plus = digits.startsWith(QLatin1Char('+'));
    digits.remove(QRegularExpression(QStringLiteral("[^0-9]")));
    return plus ? QLatin1Char('+') + digits : digits;
}

} // namespace sms

} // namespace rd::server

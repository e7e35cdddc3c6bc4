#include "sms.h"

#include "crypto/crypto.h"
#include "httpclient.h"
#include "pgdatabase.h"

#include <QJsonDocument>
#include <QJsonObject>

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

    const HttpResult r = blockingPost(url, QByteArrayLiteral("application/x-www-form-urlencoded"), formEncode(fields),
        { { "Authorization", "Basic " + (m_settings.account.toUtf8() + ':' + m_settings.token.toUtf8()).toBase64() },
            { "Idempotency-Key", idempotencyKey.toUtf8() }, { "Accept", "application/json" } },
        m_settings.timeoutMs);
    const int status = r.status;
    const QByteArray& answer = r.body;
    if (status == 0) {
        // No answer. Refused or unresolvable: nothing went out. Otherwise the request may have
        // reached the provider: the outcome is unknown.
        if (r.refused)
            return smsError(QStringLiteral("The SMS provider could not be reached: %1").arg(r.error), true, false);
        return smsError(r.timedOut
                ? QStringLiteral("The SMS provider did not answer within %1 s: the message may have "
                                 "been sent.")
                      .arg(m_settings.timeoutMs / 1000)
                : QStringLiteral("The connection to the SMS provider broke after the request: %1").arg(r.error),
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

Result<QString> tenantRegion(PgDatabase& db, const QString& tenantId)
{
    auto row = db.select(QStringLiteral("SELECT fields->>'settings' FROM entity_state WHERE tenant_id = ? AND entity = "
                                        "'tenants' AND NOT deleted ORDER BY server_seq DESC LIMIT 1"),
        { tenantId });
    if (!row) return row.error();
    if (row.value().isEmpty()) return QString();
    const QJsonObject settings = QJsonDocument::fromJson(row.value().first().value(0).toString().toUtf8()).object();
    return settings.value(QStringLiteral("default_country")).toString().trimmed().toUpper();
}

} // namespace sms

} // namespace rd::server

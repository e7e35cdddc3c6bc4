#pragma once

#include "common/result.h"

#include <QList>
#include <QPair>
#include <QString>

namespace rd::server {

class PgDatabase;

// How to reach the SMS provider (server settings sms.*): a Twilio-compatible HTTP API.
struct SmsSettings {
    QString url; // API base, e.g. https://api.twilio.com
    QString account; // account SID
    QString token; // auth token: Basic auth and the webhooks' signing key
    QString from; // sender number or name
    int timeoutMs = 15000;
    // The provider answers a repeated Idempotency-Key with the first message instead of sending
    // again: a message whose outcome is unknown may then be sent again safely.
    bool dedup = false;
    bool configured() const { return !url.isEmpty() && !account.isEmpty() && !token.isEmpty() && !from.isEmpty(); }
};

struct SmsSent {
    QString sid; // the provider's message id
    QString status; // its status then (queued, sent, ...)
};

// One SMS through the provider: POST {url}/2010-04-01/Accounts/{account}/Messages.json with
// To, From, Body and StatusCallback (form fields), Basic auth, and the header
// Idempotency-Key. Blocking (a local event loop): the dispatcher runs it on its own thread.
// Errors carry details: transient (no connection, 429, 5xx: try again later), outcome_unknown
// (no answer in time, or the connection dropped after the request went out), provider_code
// and http_status (4xx: the provider refused this message for good, e.g. a bad number).
class SmsClient {
public:
    explicit SmsClient(SmsSettings settings)
        : m_settings(std::move(settings))
    {
    }
    Result<SmsSent> send(
        const QString& to, const QString& body, const QString& idempotencyKey, const QString& statusCallback = {});

private:
    SmsSettings m_settings;
};

namespace sms {
// The signature a Twilio-compatible provider puts in X-Twilio-Signature on its webhooks:
// base64(HMAC-SHA1(token, url + each form parameter's name and value, sorted by name)).
QString signature(const QString& token, const QString& url, QList<QPair<QString, QString>> params);
// Whether an inbound text asks for no more messages (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT).
bool isStopWord(const QString& body);
// The region national phone numbers are read in for a tenant: its default_country setting
// (empty when it has none). Call inside a transaction scoped to the tenant.
Result<QString> tenantRegion(PgDatabase& db, const QString& tenantId);
} // namespace sms

} // namespace rd::server

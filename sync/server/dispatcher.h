#pragma once

#include "mail.h"
#include "pgdatabase.h"
#include "serversettings.h"
#include "sms.h"

#include <QJsonObject>

namespace rd::server {

struct DispatchReport {
    int picked = 0; // newly queued intents taken into the dispatch table
    int claimed = 0;
    int sent = 0;
    int retried = 0; // a transient failure: tried again later
    int failed = 0; // refused for good (bounced, no consent, opted out)
    int dead = 0; // out of attempts: a dead letter for an admin
    int unknown = 0; // may or may not have gone out: an operator decides
    int withdrawn = 0; // cancelled, deleted, or its sequence was confirmed before it was due
    int agencySent = 0; // agency emails with the CV (a candidate confirmed)
    int webhooksSent = 0; // webhook deliveries answered 2xx
    QJsonObject toJson() const;
};

// The outreach dispatcher (docs/outreach.md "Sending"): takes the outreach intents the desktops
// queued (replicated rows), and sends each once. Several instances may run at once: a message
// is claimed with FOR UPDATE SKIP LOCKED and a lease; a lease that runs out while a message was
// being sent leaves it "unknown" (email has no way to ask whether it went out), never sent
// again by itself. Transient failures are retried with exponential back-off up to
// dispatch.max_attempts, then become dead letters; each tenant is held to its rate_per_minute.
// Every outcome goes back to the desktops as a change of the intent's status (sent, unknown,
// failed, bounced, cancelled, opted_out), so it shows on the candidate's timeline after sync.
class Dispatcher {
public:
    struct Options {
        QString owner; // this instance (for the lease); default: a new id
        int batch = 50; // at most this many per tenant and pass
        int leaseSeconds = 300;
    };
    Dispatcher(PgDatabase& db, ServerSettings& settings, Options options);
    Dispatcher(PgDatabase& db, ServerSettings& settings);

    Result<DispatchReport> runOnce();

    // For admins: the tenant's messages in STATE (dead letters, unknown, ...; empty: all), newest
    // first, with attempts and the last error; agency emails (channel "agency") among them.
    Result<QJsonArray> list(const QString& tenantId, const QString& state);
    // An operator's decision on a dead, unknown or failed message: "resend" (queued again now,
    // attempts reset), "sent" (it did go out) or "failed" (give up). Goes to the laptops too.
    // AGENCY: the decision is on the intent's agency email instead.
    Status decide(const QString& tenantId, const QString& intentId, const QString& decision, bool agency = false);

    // A signed link token for an intent: kind "c" (confirm) or "u" (unsubscribe), valid until
    // EXPIRES; verified with verifyToken (the tenant and intent it names, or an error).
    static Result<QString> token(ServerSettings& settings, const QString& kind, const QString& tenantId,
        const QString& intentId, const QDateTime& expires);
    static Result<QPair<QString, QString>> verifyToken(
        ServerSettings& settings, const QString& kind, const QString& token, const QDateTime& now);
    // The wait before attempt n+1 after n failures: 30 s doubling, at most an hour.
    static int backoffSeconds(int attempts);

private:
    // How a tenant's messages go out, read once per pass (not per message): the mail server,
    // the sender, the SMS provider, the links' base address and signing key; problem and
    // smsProblem say what is missing.
    struct EmailSetup {
        SmtpSettings smtp;
        SmsSettings sms;
        QString from, fromName, linkBase;
        QByteArray linkKey;
        QString problem; // what keeps email from going out
        QString smsProblem; // what keeps SMS from going out
    };
    EmailSetup emailSetup(const QString& tenantId, const QString& tenantName);
    Status runTenant(const QString& tenantId, const QString& tenantName, DispatchReport& report);
    // SMTP: the pass's connection to the mail server, kept open from one message to the next.
    Status deliver(const QString& tenantId, const EmailSetup& email, SmtpClient& smtp, const QString& intentId,
        int attempts, int maxAttempts, DispatchReport& report);
    // The outcome, in one transaction: the dispatch row and the intent's status for the desktops.
    Status record(const QString& tenantId, const QString& intentId, const QString& state, const QString& status,
        const QString& error, const QString& providerId = {}, int retryInSeconds = 0, const QJsonObject& also = {});
    // A transient failure: queued again after the back-off, or a dead letter once out of attempts.
    Status retryOrDeadMessage(const QString& tenantId, const QString& intentId, int attempts, int maxAttempts,
        const QString& why, DispatchReport& report);
    Status deliverSms(const QString& tenantId, const EmailSetup& setup, const QString& intentId,
        const QJsonObject& intent, QString text, int attempts, int maxAttempts, DispatchReport& report);
    // The agency email of a confirmed intent (Confirmation), and its outcome (audited).
    Status deliverAgency(const QString& tenantId, const EmailSetup& email, SmtpClient& smtp, const QString& intentId,
        int attempts, int maxAttempts, DispatchReport& report);
    Status recordAgency(const QString& tenantId, const QString& intentId, const QString& state, const QString& error,
        const QString& cvSource = {}, int retryInSeconds = 0);
    PgDatabase& m_db;
    ServerSettings& m_settings;
    Options m_options;
};

} // namespace rd::server

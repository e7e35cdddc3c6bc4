#pragma once

#include "pgdatabase.h"
#include "serversettings.h"

#include <QJsonArray>
#include <QJsonObject>

namespace rd::server {

// Outbound webhooks (docs/integrations.md): per tenant, a URL and the events it wants —
// application.created, application.stage_changed, candidate.confirmed, outreach.delivered.
// Events are queued in the transaction that makes them (exactly one delivery row per webhook
// and event) and posted by the dispatcher as JSON {id, event, created_at, tenant, data} with
// X-RecruitDesk-Event, X-RecruitDesk-Delivery and X-RecruitDesk-Signature: "t=UNIX,v1=HEX" where
// HEX = HMAC-SHA256(secret, "UNIX.BODY"). A 2xx answer is delivered; anything else is tried
// again with back-off (30 s doubling, at most an hour) until dispatch.max_attempts, then it is a
// dead letter an admin can replay.
class Webhooks {
public:
    Webhooks(PgDatabase& db, ServerSettings& settings)
        : m_db(db)
        , m_settings(settings)
    {
    }
    static const QStringList& events();
    // Inside the caller's tenant-scoped transaction: a delivery for each active webhook of the
    // tenant that wants EVENT.
    static Status enqueue(PgDatabase& db, const QString& tenantId, const QString& event, const QJsonObject& data);
    static QByteArray signature(const QByteArray& secret, qint64 unixTime, const QByteArray& body);

    // Admin: {id, url, events, secret} — the secret is shown once.
    Result<QJsonObject> add(const QString& tenantId, const QString& url, const QStringList& events);
    Result<QJsonArray> list(const QString& tenantId);
    Status remove(const QString& tenantId, const QString& id);
    Result<QJsonArray> deliveries(const QString& tenantId, const QString& state);
    // A dead (or delivered) delivery queued again now, attempts reset.
    Status replay(const QString& tenantId, const QString& deliveryId);
    // The dispatcher's part: posts the tenant's due deliveries (claimed with SKIP LOCKED).
    struct Report {
        int sent = 0, retried = 0, dead = 0;
    };
    Result<Report> deliverDue(const QString& tenantId, const QString& owner, int maxAttempts, int batch = 50);

private:
    PgDatabase& m_db;
    ServerSettings& m_settings;
};

// API keys for the REST API (/v1/api/...): "rdk_ID_SECRET"; only SHA-256 of the secret is kept
// (it is 32 random bytes: no slow hash needed). Scopes: jobs:read, applications:read.
class ApiKeys {
public:
    explicit ApiKeys(PgDatabase& db)
        : m_db(db)
    {
    }
    static const QStringList& scopes();
    // {id, name, scopes, key}: the key is shown once.
    Result<QJsonObject> create(const QString& tenantId, const QString& name, const QStringList& scopes);
    Result<QJsonArray> list(const QString& tenantId);
    // A new key with the same name and scopes; the old one stops working now.
    Result<QJsonObject> rotate(const QString& tenantId, const QString& id);
    Status revoke(const QString& tenantId, const QString& id);
    struct Caller {
        QString tenantId;
        QString keyId;
    };
    // The key in "Authorization: Bearer KEY" or "X-Api-Key: KEY", if it is live and has SCOPE:
    // auth_failed (401) or permission_denied (403) otherwise.
    Result<Caller> authenticate(const QString& key, const QString& scope);

private:
    PgDatabase& m_db;
};

// Inbound webhooks (POST /v1/inbound/TENANT_SLUG/INTEGRATION_ID): another system sends jobs and candidates
// by its own ids, signed like our outbound webhooks with the integration's secret. Mapped to
// rows of source = the integration's name and external_id = its id: created once, then updated.
class Integrations {
public:
    Integrations(PgDatabase& db, ServerSettings& settings)
        : m_db(db)
        , m_settings(settings)
    {
    }
    Result<QJsonObject> add(const QString& tenantId, const QString& name); // {id, name, secret}
    Result<QJsonArray> list(const QString& tenantId);
    // BODY: {"type": "job.upsert"|"candidate.upsert", "external_id": "...", "data": {...}}.
    // Returns {id, created}; auth_failed on a bad signature (or an unknown integration).
    Result<QJsonObject> receive(const QString& tenantSlug, const QString& integrationId,
        const QByteArray& signatureHeader, const QByteArray& body);
    // Checks "t=UNIX,v1=HEX" against SECRET and BODY, at most five minutes old.
    static bool verify(const QByteArray& secret, const QByteArray& header, const QByteArray& body, qint64 now);

private:
    PgDatabase& m_db;
    ServerSettings& m_settings;
};

} // namespace rd::server

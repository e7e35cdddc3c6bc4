#pragma once

#include "mail.h"
#include "pgdatabase.h"
#include "sms.h"

#include <QJsonArray>
#include <QString>

namespace rd::server {

// The settings an admin sets with `recruitdesk-server settings set KEY VALUE [--tenant NAME]`
// (docs/server-admin.md "Outreach"): server-wide keys (smtp.*, sms.*, public_url, dispatch.*)
// and per-tenant keys (agency_email, confirm_stage, from_email, sender_name, rate_per_minute).
// Secret values (smtp.password, sms.token) are sealed with the key in the server's key file
// ([secrets] key_file), made on first use: a copy of the database alone does not reveal them.
class ServerSettings {
public:
    struct Key {
        QString name;
        bool tenant; // per tenant, else server-wide
        bool secret;
        QString description;
    };
    static const QList<Key>& keys();

    ServerSettings(PgDatabase& db, QString keyFile);

    // TENANT: its slug, name or id; may be empty for a tenant key when the server has exactly
    // one tenant. An empty VALUE removes the setting.
    Status set(const QString& key, const QString& value, const QString& tenant = {});
    // The value (decrypted), or empty when not set.
    Result<QString> get(const QString& key, const QString& tenantId = {});
    // Every key with its value (secrets shown as "(set)"), for one tenant or the server.
    Result<QJsonArray> list(const QString& tenant = {});
    // smtp.* as the mail client needs them.
    Result<SmtpSettings> smtp();
    // sms.* as the SMS client needs them.
    Result<SmsSettings> sms();
    // A key for signing links (confirm, unsubscribe) derived from the key file (made if missing).
    Result<QByteArray> linkKey();
    // The tenant (id) a --tenant argument names.
    Result<QString> tenantId(const QString& tenant);
    // Another secret sealed with the key file (webhook secrets), bound to CONTEXT; base64.
    Result<QString> seal(const QString& value, const QString& context);
    Result<QString> open(const QString& sealed, const QString& context);

private:
    Result<QByteArray> key(bool create);
    PgDatabase& m_db;
    QString m_keyFile;
};

} // namespace rd::server

#pragma once

#include "mail.h"
#include "pgdatabase.h"
#include "serversettings.h"

#include <QJsonObject>

namespace rd::server {

// What the server does when a candidate confirms interest through an outreach link
// (docs/outreach.md "Confirming"):
// - at once, in the confirm page's transaction: the candidate's application for the job is
//   created, or moved, at the tenant's confirm_stage (server-made changes every desktop pulls,
//   with a stage_history row), the agency email is queued (agency_deliveries), and both are
//   written to the tenant's audit chain of device "server:TENANT";
// - then, by the dispatcher: the email to the tenant's agency_email with the subject exactly
//   "#scoreagents# EXTERNAL_JOB_ID" and the CV attached as PDF — the approved tailored variant
//   for the job if there is one, else the master CV (its uploaded PDF when the master version
//   was read from one the server holds, else rendered from its text).
class Confirmation {
public:
    Confirmation(PgDatabase& db, ServerSettings& settings)
        : m_db(db)
        , m_settings(settings)
    {
    }

    // Inside the caller's tenant-scoped transaction; INTENT is the confirmed intent's fields.
    Status confirmed(const QString& tenantId, const QString& intentId, const QJsonObject& intent);

    // The CV the agency receives for a candidate and job (inside a tenant-scoped transaction).
    struct Cv {
        QString fileName;
        QByteArray pdf;
        QString source; // "variant", "upload", "master" or "" (no CV on file)
        QString versionId; // the variant's or the version's id
    };
    Result<Cv> cvFor(const QString& tenantId, const QString& candidateId, const QString& jobId);

    // The agency email for a confirmed intent, without its sender (inside a tenant-scoped
    // transaction). not_found when the intent, its job or the candidate is gone;
    // validation_failed when the tenant has no agency_email.
    Result<MailMessage> agencyEmail(const QString& tenantId, const QString& intentId, QString* cvSource = nullptr);

    // agency_email or confirm_stage for the tenant: the server's setting (recruitdesk-server
    // settings set) when there is one, else what the tenant's admin set on a desktop (the
    // replicated tenant row's settings.outreach). Inside a tenant-scoped transaction.
    Result<QString> tenantSetting(const QString& tenantId, const QString& key);

private:
    Status placeApplication(const QString& tenantId, const QJsonObject& intent, const QString& intentId);
    PgDatabase& m_db;
    ServerSettings& m_settings;
};

} // namespace rd::server

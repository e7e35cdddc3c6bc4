#include "confirmation.h"

#include "auditstore.h"
#include "common/ids.h"
#include "crypto/crypto.h"
#include "documents/documents.h"
#include "httpapp.h"
#include "integrations.h"
#include "serverutil.h"
#include "syncservice.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlRecord>

namespace rd::server {

namespace {
QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

// Live rows of one entity matching a jsonb condition, as (row_id, fields).
Result<QList<QPair<QString, QJsonObject>>> liveRows(PgDatabase& db, const QString& tenantId, const QString& entity,
    const QString& where, const QVariantList& binds, const QString& orderBy = {}, int limit = 0)
{
    QString sql = QStringLiteral("SELECT row_id, fields::text FROM entity_state WHERE tenant_id = ? AND entity = ? AND "
                                 "NOT deleted AND coalesce(fields->>'deleted_at', '') = '' AND ")
        + where;
    if (!orderBy.isEmpty()) sql += QStringLiteral(" ORDER BY ") + orderBy;
    if (limit > 0) sql += QStringLiteral(" LIMIT %1").arg(limit);
    auto rows = db.select(sql, QVariantList { tenantId, entity } + binds);
    if (!rows) return rows.error();
    QList<QPair<QString, QJsonObject>> out;
    for (const auto& r : rows.value())
        out << qMakePair(r.value(0).toString(), jsonObjectOf(r.value(1)));
    return out;
}

Result<QJsonObject> liveRow(PgDatabase& db, const QString& tenantId, const QString& entity, const QString& rowId)
{
    auto rows = liveRows(db, tenantId, entity, QStringLiteral("row_id = ?"), { rowId });
    if (!rows) return rows.error();
    if (rows.value().isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("The server has no live %1 %2.").arg(entity, rowId));
    return rows.value().first().second;
}

QString personName(const QJsonObject& candidate)
{
    return (str(candidate, "first_name") + QLatin1Char(' ') + str(candidate, "last_name")).trimmed();
}
} // namespace

Result<QString> Confirmation::tenantSetting(const QString& tenantId, const QString& key)
{
    auto server = m_settings.get(key, tenantId);
    if (!server || !server.value().isEmpty()) return server;
    auto row
        = m_db.select(QStringLiteral("SELECT fields->>'settings' FROM entity_state WHERE tenant_id = ? AND entity = "
                                     "'tenants' AND NOT deleted ORDER BY server_seq DESC LIMIT 1"),
            { tenantId });
    if (!row) return row.error();
    if (row.value().isEmpty()) return QString();
    const QJsonObject settings = QJsonDocument::fromJson(row.value().first().value(0).toString().toUtf8()).object();
    return settings.value(QStringLiteral("outreach")).toObject().value(key).toString().trimmed();
}

Status Confirmation::confirmed(const QString& tenantId, const QString& intentId, const QJsonObject& intent)
{
    RD_TRY(placeApplication(tenantId, intent, intentId));
    auto queued = m_db.exec(
        QStringLiteral("INSERT INTO agency_deliveries (tenant_id, intent_id) VALUES (?, ?) ON CONFLICT DO NOTHING"),
        { tenantId, intentId });
    if (!queued) return queued.error();
    RD_TRY(Webhooks::enqueue(m_db, tenantId, QStringLiteral("candidate.confirmed"),
        { { QStringLiteral("intent_id"), intentId }, { QStringLiteral("candidate_id"), str(intent, "candidate_id") },
            { QStringLiteral("job_id"), str(intent, "job_id") },
            { QStringLiteral("channel"), str(intent, "channel") } }));
    return AuditStore(m_db).appendServer(tenantId, QStringLiteral("outreach.confirm"),
        QStringLiteral("outreach_intent"), intentId,
        { { QStringLiteral("candidate_id"), str(intent, "candidate_id") },
            { QStringLiteral("job_id"), str(intent, "job_id") },
            { QStringLiteral("status"), QStringLiteral("confirmed") },
            { QStringLiteral("agency_email"), QStringLiteral("queued") } });
}

Status Confirmation::placeApplication(const QString& tenantId, const QJsonObject& intent, const QString& intentId)
{
    const QString candidateId = str(intent, "candidate_id");
    const QString jobId = str(intent, "job_id");
    if (jobId.isEmpty()) return {}; // a message about no job in particular
    auto job = liveRow(m_db, tenantId, QStringLiteral("job_postings"), jobId);
    if (!job) return job.error().code == ErrorCode::NotFound ? Status() : Status(job.error());
    const QString jobStatus = str(job.value(), "status");
    AuditStore audit(m_db);
    if (jobStatus == QLatin1String("closed") || jobStatus == QLatin1String("archived"))
        return audit.appendServer(tenantId, QStringLiteral("application.confirm_skipped"), QStringLiteral("job"), jobId,
            { { QStringLiteral("candidate_id"), candidateId },
                { QStringLiteral("reason"), QStringLiteral("job_") + jobStatus } });
    auto stages
        = liveRows(m_db, tenantId, QStringLiteral("pipeline_stages"), QStringLiteral("fields->>'pipeline_id' = ?"),
            { str(job.value(), "pipeline_id") }, QStringLiteral("(fields->>'position')::int"));
    if (!stages) return stages.error();
    if (stages.value().isEmpty()) return {};
    auto setting = tenantSetting(tenantId, QStringLiteral("confirm_stage"));
    if (!setting) return setting.error();
    const QString wanted = setting.value().trimmed();
    int target = wanted.isEmpty() ? 0 : -1;
    for (int i = 0; i < stages.value().size() && target < 0; ++i)
        if (str(stages.value()[i].second, "name").compare(wanted, Qt::CaseInsensitive) == 0) target = i;
    if (target < 0) {
        logJson(QStringLiteral("warning"), QStringLiteral("confirm_stage is not a stage of the job's pipeline"),
            { { QStringLiteral("tenant_id"), tenantId }, { QStringLiteral("job_id"), jobId },
                { QStringLiteral("confirm_stage"), wanted } });
        target = 0;
    }
    const QString stageId = stages.value()[target].first;
    const QString workspaceTenant = str(intent, "tenant_id"); // the id the desktops use
    const QString now = nowIsoUtc();
    SyncService sync(m_db);
    auto history = [&](const QString& applicationId, const QString& from) -> Status {
        const QString id = newUuidV7();
        auto h = sync.serverInsert(tenantId, QStringLiteral("stage_history"), id,
            { { QStringLiteral("id"), id }, { QStringLiteral("tenant_id"), workspaceTenant },
                { QStringLiteral("application_id"), applicationId },
                { QStringLiteral("from_stage_id"), from.isEmpty() ? QJsonValue() : QJsonValue(from) },
                { QStringLiteral("to_stage_id"), stageId }, { QStringLiteral("status"), QStringLiteral("active") },
                { QStringLiteral("moved_by"), QJsonValue() }, { QStringLiteral("moved_at"), now },
                { QStringLiteral("created_at"), now }, { QStringLiteral("updated_at"), now },
                { QStringLiteral("created_by"), QJsonValue() }, { QStringLiteral("updated_by"), QJsonValue() },
                { QStringLiteral("deleted_at"), QJsonValue() } });
        return h ? Status() : Status(h.error());
    };
    auto existing = liveRows(m_db, tenantId, QStringLiteral("applications"),
        QStringLiteral("fields->>'candidate_id' = ? AND fields->>'job_id' = ?"), { candidateId, jobId });
    if (!existing) return existing.error();
    const QJsonObject why { { QStringLiteral("via"), QStringLiteral("outreach_confirmation") },
        { QStringLiteral("intent_id"), intentId }, { QStringLiteral("stage_id"), stageId },
        { QStringLiteral("stage"), str(stages.value()[target].second, "name") } };
    if (!existing.value().isEmpty()) {
        // Moved forward only: an application already past the confirm stage stays where it is.
        const auto& [appId, app] = existing.value().first();
        int current = -1;
        for (int i = 0; i < stages.value().size(); ++i)
            if (stages.value()[i].first == str(app, "stage_id")) current = i;
        if (str(app, "status") != QLatin1String("active") || current >= target) return {};
        auto moved = sync.serverChange(tenantId, QStringLiteral("applications"), appId,
            { { QStringLiteral("stage_id"), stageId }, { QStringLiteral("updated_at"), now } });
        if (!moved) return moved.error();
        RD_TRY(history(appId, str(app, "stage_id")));
        QJsonObject diff = why;
        diff.insert(QStringLiteral("from_stage_id"), str(app, "stage_id"));
        return audit.appendServer(
            tenantId, QStringLiteral("application.move"), QStringLiteral("application"), appId, diff);
    }
    const QString appId = newUuidV7();
    const QString owner = str(intent, "created_by");
    auto made = sync.serverInsert(tenantId, QStringLiteral("applications"), appId,
        { { QStringLiteral("id"), appId }, { QStringLiteral("tenant_id"), workspaceTenant },
            { QStringLiteral("candidate_id"), candidateId }, { QStringLiteral("job_id"), jobId },
            { QStringLiteral("stage_id"), stageId }, { QStringLiteral("status"), QStringLiteral("active") },
            { QStringLiteral("owner_id"), owner.isEmpty() ? QJsonValue() : QJsonValue(owner) },
            { QStringLiteral("score"), QJsonValue() }, { QStringLiteral("source"), QStringLiteral("outreach") },
            { QStringLiteral("applied_at"), now }, { QStringLiteral("created_at"), now },
            { QStringLiteral("updated_at"), now }, { QStringLiteral("created_by"), QJsonValue() },
            { QStringLiteral("updated_by"), QJsonValue() }, { QStringLiteral("deleted_at"), QJsonValue() } });
    if (!made) return made.error();
    RD_TRY(history(appId, {}));
    QJsonObject diff = why;
    diff.insert(QStringLiteral("candidate_id"), candidateId);
    diff.insert(QStringLiteral("job_id"), jobId);
    return audit.appendServer(
        tenantId, QStringLiteral("application.create"), QStringLiteral("application"), appId, diff);
}

Result<Confirmation::Cv> Confirmation::cvFor(const QString& tenantId, const QString& candidateId, const QString& jobId)
{
    Cv cv;
    auto candidate = liveRow(m_db, tenantId, QStringLiteral("candidates"), candidateId);
    if (!candidate) return candidate.error();
    const QString name = personName(candidate.value());
    QString safe = name;
    safe.replace(QRegularExpression(QStringLiteral("[^\\w\\- ]+"), QRegularExpression::UseUnicodePropertiesOption),
        QStringLiteral("_"));
    cv.fileName = QStringLiteral("CV %1.pdf").arg(safe.isEmpty() ? candidateId : safe);
    QString text, footer;
    auto variant = liveRows(m_db, tenantId, QStringLiteral("cv_variants"),
        QStringLiteral("fields->>'candidate_id' = ? AND fields->>'job_id' = ? AND fields->>'state' = 'approved'"),
        { candidateId, jobId }, QStringLiteral("fields->>'decided_at' DESC NULLS LAST, row_id DESC"), 1);
    if (!variant) return variant.error();
    if (!variant.value().isEmpty()) {
        cv.source = QStringLiteral("variant");
        cv.versionId = variant.value().first().first;
        text = str(variant.value().first().second, "text");
        auto job = liveRow(m_db, tenantId, QStringLiteral("job_postings"), jobId);
        if (job)
            footer = QStringLiteral("Prepared for %1 (%2).")
                         .arg(str(job.value(), "title"), str(job.value(), "job_number"));
    } else {
        auto master
            = liveRows(m_db, tenantId, QStringLiteral("cv_versions"), QStringLiteral("fields->>'candidate_id' = ?"),
                { candidateId }, QStringLiteral("(fields->>'version')::int DESC"), 1);
        if (!master) return master.error();
        if (master.value().isEmpty()) return cv; // no CV on file
        const QJsonObject& v = master.value().first().second;
        cv.versionId = master.value().first().first;
        text = str(v, "text");
        footer = QStringLiteral("CV version %1").arg(v.value(QStringLiteral("version")).toInteger());
        // Read from an uploaded PDF the server holds: the agency gets that file as it is.
        if (const QString attachmentId = str(v, "attachment_id"); !attachmentId.isEmpty()) {
            auto a = liveRow(m_db, tenantId, QStringLiteral("attachments"), attachmentId);
            if (a && str(a.value(), "mime_type") == QLatin1String("application/pdf")) {
                const QString sha = str(a.value(), "sha256");
                auto chunks = m_db.select(
                    QStringLiteral(
                        "SELECT c.data FROM blob_chunks c JOIN blobs b ON b.tenant_id = c.tenant_id AND b.sha256 "
                        "= c.sha256 WHERE c.tenant_id = ? AND c.sha256 = ? AND b.complete ORDER BY c.chunk_offset"),
                    { tenantId, sha });
                if (!chunks) return chunks.error();
                QByteArray bytes;
                for (const auto& r : chunks.value())
                    bytes += r.value(0).toByteArray();
                if (!bytes.isEmpty() && crypto::sha256Hex(bytes) == sha) {
                    cv.source = QStringLiteral("upload");
                    cv.pdf = bytes;
                    return cv;
                }
            }
        }
        cv.source = QStringLiteral("master");
    }
    auto pdf = documents::renderPdf(name, text, footer);
    if (!pdf) return pdf.error();
    cv.pdf = pdf.value();
    return cv;
}

Result<MailMessage> Confirmation::agencyEmail(const QString& tenantId, const QString& intentId, QString* cvSource)
{
    auto to = tenantSetting(tenantId, QStringLiteral("agency_email"));
    if (!to) return to.error();
    if (to.value().isEmpty())
        return makeError(ErrorCode::ValidationFailed,
            QStringLiteral(
                "The tenant has no agency_email (recruitdesk-server settings set agency_email ADDRESS --tenant NAME)."),
            { { QStringLiteral("field"), QStringLiteral("agency_email") } });
    auto intent = liveRow(m_db, tenantId, QStringLiteral("outreach_intents"), intentId);
    if (!intent) return intent.error();
    const QString candidateId = str(intent.value(), "candidate_id");
    const QString jobId = str(intent.value(), "job_id");
    auto job = liveRow(m_db, tenantId, QStringLiteral("job_postings"), jobId);
    if (!job) return job.error();
    auto candidate = liveRow(m_db, tenantId, QStringLiteral("candidates"), candidateId);
    if (!candidate) return candidate.error();
    auto cv = cvFor(tenantId, candidateId, jobId);
    if (!cv) return cv.error();
    QString reference = str(job.value(), "external_id");
    if (reference.isEmpty()) reference = str(job.value(), "job_number");
    MailMessage m;
    m.to = { to.value() };
    m.subject = QStringLiteral("#scoreagents# ") + reference;
    const QString name = personName(candidate.value());
    m.text = QStringLiteral("%1 confirmed interest in %2 (%3) on %4.\n\nCandidate: %1\nEmail: %5\nJob: %2\nReference: "
                            "%3\n\n%6\n")
                 .arg(name, str(job.value(), "title"), reference,
                     QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")),
                     str(intent.value(), "recipient"),
                     cv.value().pdf.isEmpty() ? QStringLiteral("No CV is on file for this candidate.")
                         : cv.value().source == QLatin1String("variant")
                         ? QStringLiteral("Attached: the CV tailored for this job (approved).")
                         : QStringLiteral("Attached: the candidate's CV."));
    if (!cv.value().pdf.isEmpty())
        m.attachments << MailAttachment { cv.value().fileName, QStringLiteral("application/pdf"), cv.value().pdf };
    m.messageId = QStringLiteral("agency.") + intentId;
    if (cvSource) *cvSource = cv.value().source;
    return m;
}

} // namespace rd::server

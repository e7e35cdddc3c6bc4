#include "exportservice.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/json.h"
#include "recruiting/fields.h"
#include "service/context.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>

namespace rd {

QByteArray ExportService::csvField(const QString& value)
{
    QByteArray v = value.toUtf8();
    // Neutralise spreadsheet formulas (CSV injection): a leading = + - @ gets a quote mark.
    if (!v.isEmpty() && QByteArrayLiteral("=+-@").contains(v.at(0)) && !(v.at(0) == '-' && v.size() > 1 && std::isdigit(uchar(v.at(1)))))
        v.prepend('\'');
    if (v.contains(',') || v.contains('"') || v.contains('\n') || v.contains('\r')) {
        v.replace("\"", "\"\"");
        return '"' + v + '"';
    }
    return v;
}

namespace {
struct Spec {
    Resource resource;
    QStringList headers;
    QString sql; // selects the header columns in order; keyset by id
};

const Spec* specFor(const QString& kind)
{
    static const Spec candidates { Resource::Candidate,
        { "external_id", "first_name", "last_name", "email", "phone", "location", "latitude", "longitude", "skills", "resume_text", "source", "tags", "id" },
        QStringLiteral("SELECT c.external_id, c.first_name, c.last_name, "
                       "(SELECT group_concat(value, ';') FROM candidate_contacts WHERE candidate_id = c.id AND kind = 'email' AND deleted_at IS NULL), "
                       "(SELECT group_concat(value, ';') FROM candidate_contacts WHERE candidate_id = c.id AND kind = 'phone' AND deleted_at IS NULL), "
                       "c.location, c.latitude, c.longitude, c.skills, (SELECT text FROM cv_versions WHERE candidate_id = c.id AND deleted_at IS NULL "
                       "ORDER BY version DESC LIMIT 1), c.source, c.tags, c.id FROM candidates c "
                       "WHERE c.tenant_id = ? AND c.deleted_at IS NULL AND c.id > ? ORDER BY c.id LIMIT 1000") };
    static const Spec jobs { Resource::Job,
        { "external_id", "title", "description", "department", "location", "latitude", "longitude", "remote", "must_have", "nice_to_have",
            "tags", "status", "job_number", "id" },
        QStringLiteral("SELECT external_id, title, description, department, location, latitude, longitude, remote, must_have, nice_to_have, "
                       "tags, status, job_number, id FROM job_postings WHERE tenant_id = ? AND deleted_at IS NULL AND id > ? ORDER BY id LIMIT 1000") };
    static const Spec applications { Resource::Application,
        { "candidate_external_id", "candidate_id", "job_external_id", "job_id", "stage", "status", "source", "applied_at", "id" },
        QStringLiteral("SELECT c.external_id, a.candidate_id, j.external_id, a.job_id, s.name, a.status, a.source, a.applied_at, a.id "
                       "FROM applications a JOIN candidates c ON c.id = a.candidate_id JOIN job_postings j ON j.id = a.job_id "
                       "JOIN pipeline_stages s ON s.id = a.stage_id WHERE a.tenant_id = ? AND a.deleted_at IS NULL AND a.id > ? "
                       "ORDER BY a.id LIMIT 1000") };
    if (kind == QLatin1String("candidates"))
        return &candidates;
    if (kind == QLatin1String("jobs"))
        return &jobs;
    if (kind == QLatin1String("applications"))
        return &applications;
    return nullptr;
}

bool isListColumn(const QString& h)
{
    return h == QLatin1String("skills") || h == QLatin1String("tags") || h == QLatin1String("must_have") || h == QLatin1String("nice_to_have");
}
} // namespace

Result<int> ExportService::exportTo(const Session& session, const QString& kind, const QString& format, QIODevice& out)
{
    const Spec* spec = specFor(kind);
    if (!spec)
        return validate::failed(QStringLiteral("kind"), QStringLiteral("Export candidates, jobs or applications."), QStringLiteral("enum"));
    if (format != QLatin1String("csv") && format != QLatin1String("json"))
        return validate::failed(QStringLiteral("format"), QStringLiteral("The format is csv or json."), QStringLiteral("enum"));
    RD_TRY(m_ctx.authz.require(session, spec->resource, Action::Export));
    const bool csv = format == QLatin1String("csv");
    if (csv) {
        QByteArrayList head;
        for (const QString& h : spec->headers)
            head << csvField(h);
        out.write(head.join(',') + "\r\n");
    } else {
        out.write("[");
    }
    int count = 0;
    QString after;
    for (;;) {
        auto rows = m_ctx.db.select(spec->sql, { session.tenantId, after });
        if (!rows)
            return rows.error();
        if (rows.value().isEmpty())
            break;
        for (const QSqlRecord& r : rows.value()) {
            if (csv) {
                QByteArrayList line;
                for (int i = 0; i < spec->headers.size(); ++i) {
                    const QString h = spec->headers[i];
                    const QString v = isListColumn(h) ? listFromJson(r.value(i).toString()).join(QLatin1Char(';')) : r.value(i).toString();
                    line << csvField(v);
                }
                out.write(line.join(',') + "\r\n");
            } else {
                QJsonObject o;
                for (int i = 0; i < spec->headers.size(); ++i) {
                    const QString h = spec->headers[i];
                    if (isListColumn(h))
                        o.insert(h, QJsonArray::fromStringList(listFromJson(r.value(i).toString())));
                    else if (h == QLatin1String("email") || h == QLatin1String("phone"))
                        o.insert(h + QLatin1Char('s'), QJsonArray::fromStringList(r.value(i).toString().split(QLatin1Char(';'), Qt::SkipEmptyParts)));
                    else
                        o.insert(h, QJsonValue::fromVariant(r.value(i)));
                }
                out.write((count ? ",\n" : "\n") + canonicalJson(o));
            }
            ++count;
            after = r.value(int(spec->headers.size()) - 1).toString();
        }
    }
    if (!csv)
        out.write("\n]\n");
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    RD_TRY(uow.audit(QStringLiteral("export.") + kind, kind, QString(), { { QStringLiteral("format"), format }, { QStringLiteral("rows"), count } }));
    RD_TRY(uow.commit());
    return count;
}

const QStringList& ExportService::stateTables()
{
    static const QStringList tables { "tenants", "users", "roles", "role_permissions", "user_roles", "job_postings", "job_managers", "pipelines",
        "pipeline_stages", "candidates", "candidate_contacts", "consents", "cv_versions", "cv_variants", "attachments", "applications",
        "stage_history", "interviews", "interviewers", "interview_feedback", "notes", "notifications", "notification_prefs", "cohorts",
        "cohort_members", "outreach_intents", "outreach_templates" };
    return tables;
}

const QStringList& ExportService::deviceLocalColumns(const QString& table)
{
    static const QStringList none;
    static const QStringList users { "password_hash", "password_changed_at", "mfa_secret", "mfa_pending_secret", "mfa_last_step",
        "failed_attempts", "locked_until", "last_sign_in_at" };
    return table == QLatin1String("users") ? users : none;
}

Result<int> ExportService::exportState(const Session& session, QIODevice& out)
{
    // Users and roles are part of it: an admin's export (users.export), with every kind's.
    for (Resource r : { Resource::User, Resource::Candidate, Resource::Job, Resource::Application })
        RD_TRY(m_ctx.authz.require(session, r, Action::Export));
    Database& db = m_ctx.db;
    int count = 0;
    QJsonObject tables;
    for (const QString& table : stateTables()) {
        // Columns from the schema (never from input), minus the device-local ones.
        auto info = db.select(QStringLiteral("SELECT name FROM pragma_table_info('%1') ORDER BY name").arg(table));
        if (!info)
            return info.error();
        QStringList columns;
        for (const auto& c : info.value())
            if (!deviceLocalColumns(table).contains(c.value(0).toString()))
                columns << c.value(0).toString();
        QJsonArray rows;
        RD_TRY(db.forEachRow(QStringLiteral("SELECT %1 FROM %2 WHERE tenant_id = ? ORDER BY id").arg(columns.join(QLatin1Char(',')), table).toUtf8(),
            { Database::RawValue::str(session.tenantId) }, [&](const Database::RawRow& r) {
                QJsonObject row;
                for (int i = 0; i < columns.size(); ++i) {
                    if (r.isNull(i))
                        row.insert(columns[i], QJsonValue::Null);
                    else
                        row.insert(columns[i], r.text(i));
                }
                rows.append(row);
            }));
        count += int(rows.size());
        tables.insert(table, rows);
    }
    const QJsonObject doc { { QStringLiteral("format"), QStringLiteral("recruitdesk-state") }, { QStringLiteral("version"), 1 },
        { QStringLiteral("tenant_id"), session.tenantId }, { QStringLiteral("tables"), tables } };
    if (out.write(QJsonDocument(doc).toJson(QJsonDocument::Indented)) < 0)
        return makeError(ErrorCode::StorageError, QStringLiteral("cannot write the export"));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    RD_TRY(uow.audit(QStringLiteral("export.state"), QStringLiteral("tenant"), session.tenantId, { { QStringLiteral("rows"), count } }));
    RD_TRY(uow.commit());
    return count;
}

} // namespace rd

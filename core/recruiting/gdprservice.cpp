#include "gdprservice.h"

#include "store/replication.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "common/json.h"
#include "documents/documents.h"
#include "jobs/jobqueue.h"
#include "recruiting/attachmentservice.h"
#include "recruiting/candidateservice.h"
#include "service/context.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimeZone>
#include <QSqlField>
#include <QSqlRecord>

Q_LOGGING_CATEGORY(lcGdpr, "rd.core.gdpr")

namespace rd {

namespace {
QJsonObject rowJson(const QSqlRecord& r)
{
    QJsonObject o;
    for (int i = 0; i < r.count(); ++i) {
        const QVariant v = r.value(i);
        const QString name = r.fieldName(i);
        if (v.isNull())
            o.insert(name, QJsonValue());
        else if (v.typeId() == QMetaType::QByteArray)
            continue; // no binary columns in an export
        else if (v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Int)
            o.insert(name, v.toLongLong());
        else if (v.typeId() == QMetaType::Double)
            o.insert(name, v.toDouble());
        else {
            // The columns stored as JSON come back as JSON; free text (a note that happens to
            // look like JSON) stays text.
            static const QStringList jsonColumns { QStringLiteral("skills"), QStringLiteral("tags"), QStringLiteral("links"),
                QStringLiteral("education"), QStringLiteral("experience"), QStringLiteral("preferences"), QStringLiteral("ratings") };
            const QJsonDocument doc = jsonColumns.contains(name) ? QJsonDocument::fromJson(v.toString().toUtf8()) : QJsonDocument();
            if (doc.isArray())
                o.insert(name, doc.array());
            else if (doc.isObject())
                o.insert(name, doc.object());
            else
                o.insert(name, v.toString());
        }
    }
    return o;
}

Result<QJsonArray> rowsJson(Database& db, const QString& sql, const QVariantList& binds)
{
    auto rows = db.select(sql, binds);
    if (!rows)
        return rows.error();
    QJsonArray out;
    for (const auto& r : rows.value())
        out << rowJson(r);
    return out;
}

QStringList column(const Result<QList<QSqlRecord>>& rows)
{
    QStringList out;
    if (rows)
        for (const auto& r : rows.value())
            out << r.value(0).toString();
    return out;
}

QString placeholders(qsizetype n)
{
    QStringList q;
    for (qsizetype i = 0; i < n; ++i)
        q << QStringLiteral("?");
    return q.join(QLatin1Char(','));
}

QVariantList variants(const QStringList& ids)
{
    QVariantList out;
    for (const QString& s : ids)
        out << s;
    return out;
}

QString safeName(QString s)
{
    static const QString bad = QStringLiteral("/\\:*?\"<>|");
    for (QChar& c : s)
        if (bad.contains(c) || c.unicode() < 0x20)
            c = QLatin1Char('_');
    return s.left(120);
}
} // namespace

Result<QJsonObject> GdprService::recordConsent(const Session& session, const QString& candidateKey, const QString& purpose, const QString& state,
    const QString& method, const QString& expiresAt)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update, candidateKey));
    RD_TRY(validate::text(QStringLiteral("purpose"), purpose, 60, true));
    RD_TRY(validate::text(QStringLiteral("method"), method, 60, false));
    if (state != QLatin1String("granted") && state != QLatin1String("withdrawn"))
        return validate::failed(QStringLiteral("state"), QStringLiteral("Consent is granted or withdrawn."), QStringLiteral("enum"));
    QString expires;
    if (!expiresAt.isEmpty()) {
        QDateTime t = QDateTime::fromString(expiresAt, Qt::ISODate);
        if (!t.isValid())
            t = QDateTime(QDate::fromString(expiresAt, Qt::ISODate), QTime(0, 0), QTimeZone::utc());
        if (!t.isValid())
            return validate::failed(QStringLiteral("expires_at"), QStringLiteral("Give the expiry as a date (2027-12-31)."), QStringLiteral("format"));
        expires = t.toUTC().toString(Qt::ISODateWithMs);
    }
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO consents (id, tenant_id, candidate_id, purpose, state, method, expires_at, created_at, "
                                              "updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)"),
        { id, session.tenantId, cand.value().id, purpose, state, method, expires.isEmpty() ? QVariant() : QVariant(expires), uow.now(), uow.now(),
            session.userId, session.userId });
    if (!ins)
        return ins.error();
    const QJsonObject record { { QStringLiteral("id"), id }, { QStringLiteral("candidate_id"), cand.value().id },
        { QStringLiteral("purpose"), purpose }, { QStringLiteral("state"), state }, { QStringLiteral("method"), method },
        { QStringLiteral("expires_at"), expires.isEmpty() ? QJsonValue() : QJsonValue(expires) }, { QStringLiteral("created_at"), uow.now() } };
    RD_TRY(uow.audit(QStringLiteral("consent.record"), QStringLiteral("consent"), id, record));
    if (purpose == QLatin1String("processing")) {
        auto up = m_ctx.db.change(QStringLiteral("UPDATE candidates SET consent = ?, last_activity_at = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
            { state, uow.now(), uow.now(), session.userId, cand.value().id });
        if (!up)
            return up.error();
    }
    RD_TRY(uow.commit());
    return record;
}

Result<QList<QJsonObject>> GdprService::consents(const Session& session, const QString& candidateKey)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read, candidateKey));
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    RD_TRY(m_ctx.authz.requireCandidateVisible(session, cand.value().id));
    auto rows = rowsJson(m_ctx.db, QStringLiteral("SELECT id, candidate_id, purpose, state, method, expires_at, created_at, created_by FROM consents "
                                                  "WHERE tenant_id = ? AND candidate_id = ? ORDER BY created_at, id"),
        { session.tenantId, cand.value().id });
    if (!rows)
        return rows.error();
    QList<QJsonObject> out;
    for (const QJsonValue& v : rows.value())
        out << v.toObject();
    return out;
}

Result<QByteArray> GdprService::exportCandidate(const Session& session, const QString& candidateKey)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Privacy, Action::Export, candidateKey));
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    const QString id = cand.value().id;
    const QString t = session.tenantId;
    Database& db = m_ctx.db;
    QJsonObject doc;
    doc.insert(QStringLiteral("format"), QStringLiteral("recruitdesk-subject-export/1"));
    doc.insert(QStringLiteral("exported_at"), m_ctx.clock.nowIso());
    QList<QPair<QString, QByteArray>> files;

    auto profile = rowsJson(db, QStringLiteral("SELECT * FROM candidates WHERE id = ?"), { id });
    if (!profile)
        return profile.error();
    doc.insert(QStringLiteral("candidate"), profile.value().first());
    struct Part {
        const char* key;
        QString sql;
    };
    const QList<Part> parts {
        { "contacts", QStringLiteral("SELECT kind, value, created_at FROM candidate_contacts WHERE candidate_id = ? AND deleted_at IS NULL") },
        { "consents", QStringLiteral("SELECT purpose, state, method, expires_at, created_at FROM consents WHERE candidate_id = ? ORDER BY created_at") },
        { "applications", QStringLiteral("SELECT a.id, j.title AS job_title, j.job_number, s.name AS stage, a.status, a.source, a.applied_at, "
                                         "a.updated_at FROM applications a JOIN job_postings j ON j.id = a.job_id JOIN pipeline_stages s ON "
                                         "s.id = a.stage_id WHERE a.candidate_id = ? AND a.deleted_at IS NULL") },
        { "stage_history", QStringLiteral("SELECT h.application_id, f.name AS from_stage, s.name AS to_stage, h.status, h.moved_at FROM "
                                          "stage_history h JOIN applications a ON a.id = h.application_id LEFT JOIN pipeline_stages f ON "
                                          "f.id = h.from_stage_id JOIN pipeline_stages s ON s.id = h.to_stage_id WHERE a.candidate_id = ? "
                                          "ORDER BY h.moved_at") },
        { "interviews", QStringLiteral("SELECT i.id, i.application_id, i.starts_at, i.time_zone, i.duration_min, i.location, i.video_link, "
                                       "i.status FROM interviews i JOIN applications a ON a.id = i.application_id WHERE a.candidate_id = ?") },
        { "interview_feedback", QStringLiteral("SELECT f.interview_id, f.ratings, f.recommendation, f.comment, f.created_at FROM "
                                               "interview_feedback f JOIN interviews i ON i.id = f.interview_id JOIN applications a ON "
                                               "a.id = i.application_id WHERE a.candidate_id = ?") },
        { "notes", QStringLiteral("WITH me(id) AS (SELECT ?) SELECT n.subject_type, n.subject_id, n.body, n.created_at FROM notes n, me "
                                  "WHERE n.deleted_at IS NULL AND ((n.subject_type = 'candidate' AND n.subject_id = me.id) OR (n.subject_type = "
                                  "'application' AND n.subject_id IN (SELECT id FROM applications WHERE candidate_id = me.id))) ORDER BY n.created_at") },
        { "cv_versions", QStringLiteral("SELECT version, source, text, created_at FROM cv_versions WHERE candidate_id = ? AND deleted_at IS NULL "
                                        "ORDER BY version") },
        { "cv_variants", QStringLiteral("SELECT v.id, j.title AS job_title, v.state, v.text, v.created_at, v.decided_at FROM cv_variants v JOIN "
                                        "job_postings j ON j.id = v.job_id WHERE v.candidate_id = ? AND v.deleted_at IS NULL") },
        { "attachments", QStringLiteral("SELECT id, file_name, mime_type, size, sha256, created_at FROM attachments WHERE candidate_id = ? AND "
                                        "deleted_at IS NULL") },
        { "outreach", QStringLiteral("SELECT id, channel, template, recipient, subject, body, send_at, status, created_at FROM "
                                     "outreach_intents WHERE candidate_id = ? AND deleted_at IS NULL ORDER BY created_at") },
    };
    for (const Part& p : parts) {
        auto rows = rowsJson(db, p.sql, { id });
        if (!rows)
            return rows.error();
        doc.insert(QString::fromLatin1(p.key), rows.value());
    }
    for (const QJsonValue& v : doc.value(QStringLiteral("cv_versions")).toArray())
        files.append({ QStringLiteral("cv/v%1.txt").arg(v.toObject().value(QStringLiteral("version")).toInt()),
            v.toObject().value(QStringLiteral("text")).toString().toUtf8() });
    for (const QJsonValue& v : doc.value(QStringLiteral("attachments")).toArray()) {
        const QJsonObject a = v.toObject();
        auto bytes = m_attachments.readBlob(a.value(QStringLiteral("sha256")).toString());
        if (!bytes)
            return bytes.error();
        files.append({ QStringLiteral("attachments/%1-%2").arg(a.value(QStringLiteral("id")).toString(), safeName(a.value(QStringLiteral("file_name")).toString())),
            bytes.value() });
    }
    // Audit entries about the candidate and their records, with personal diffs opened.
    auto audit = db.select(QStringLiteral("SELECT id, action, resource_type, resource_id, user_id, outcome, diff, created_at FROM audit_log "
                                          "WHERE tenant_id = ? AND (resource_id = ? OR diff LIKE '%' || ? || '%') ORDER BY seq"),
        { t, id, id });
    if (!audit)
        return audit.error();
    QJsonArray entries;
    for (const auto& r : audit.value()) {
        QJsonObject e = rowJson(r);
        e.insert(QStringLiteral("diff"), openPersonalDiff(m_ctx, t, parseObject(r.value(6).toString())));
        entries << e;
    }
    doc.insert(QStringLiteral("audit"), entries);
    files.prepend({ QStringLiteral("candidate.json"), QJsonDocument(doc).toJson(QJsonDocument::Indented) });
    auto zip = documents::zip(files);
    if (!zip)
        return zip.error();
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    RD_TRY(uow.audit(QStringLiteral("candidate.gdpr_export"), QStringLiteral("candidate"), id,
        { { QStringLiteral("files"), files.size() }, { QStringLiteral("bytes"), zip.value().size() } }));
    RD_TRY(uow.commit());
    return zip;
}

// Rows made offline that point at the erased candidate and were never sent (an application, its
// stage history, its interviews and their interviewers) follow the candidate's restated record, with their current
// values: their inserts were recorded before it, and a server that never had the candidate would
// refuse them in that order ("names a candidates row the workspace does not have"; the simulation,
// seed 9711). Rows the server has keep their records where they are.
Status GdprService::restateUnsentDependents(Database& db, const QString& candidateId, qint64 firstSeq)
{
    auto pushed = db.meta(QStringLiteral("sync_pushed")); // the highest record the sync server has
    if (!pushed && pushed.error().code != ErrorCode::NotFound) return pushed.error();
    const qint64 sent = pushed ? pushed.value().toLongLong() : 0; // (none: never synced)
    const QString apps = QStringLiteral("SELECT id FROM applications WHERE candidate_id = ?");
    const QList<QPair<QString, QString>> dependents { { QStringLiteral("applications"), QStringLiteral("candidate_id = ?") },
        { QStringLiteral("stage_history"), QStringLiteral("application_id IN (%1)").arg(apps) },
        { QStringLiteral("interviews"), QStringLiteral("application_id IN (%1)").arg(apps) },
        { QStringLiteral("interviewers"),
            QStringLiteral("interview_id IN (SELECT id FROM interviews WHERE application_id IN (%1))").arg(apps) } };
    for (const auto& [table, where] : dependents) {
        const QStringList ids = column(db.select(QStringLiteral("SELECT DISTINCT row_id FROM changes WHERE entity = ? AND op = "
                                                                "'insert' AND dev_seq > ? AND dev_seq < ? AND row_id IN "
                                                                "(SELECT id FROM %1 WHERE %2)")
                                                     .arg(table, where),
            { table, sent, firstSeq, candidateId }));
        if (ids.isEmpty()) continue;
        const QString in = placeholders(ids.size());
        auto gone = db.change(QStringLiteral("DELETE FROM changes WHERE entity = ? AND dev_seq < ? AND row_id IN (%1)").arg(in),
            QVariantList { table, firstSeq } + variants(ids));
        if (!gone) return gone.error();
        if (auto c = replication::captureRows(db, table, QStringLiteral("r.id IN (%1)").arg(in), variants(ids)); !c)
            return c.error();
    }
    return {};
}

Status GdprService::eraseOne(UnitOfWork& uow, const QString& id, QJsonObject& counts, QStringList& shas)
{
    Database& db = m_ctx.db;
    const QString t = uow.session().tenantId;
    // Outbox records written before the erasure hold personal values; the erasure's own
    // records (anonymised values, tombstones) are those from here on.
    auto firstSeq = db.selectOne(QStringLiteral("SELECT coalesce(max(dev_seq), 0) + 1 FROM changes"));
    if (!firstSeq)
        return firstSeq.error();
    auto count = [&](const char* key, int n) { counts.insert(QString::fromLatin1(key), counts.value(QString::fromLatin1(key)).toInt() + n); };
    const QStringList apps = column(db.select(QStringLiteral("SELECT id FROM applications WHERE candidate_id = ?"), { id }));
    const QStringList contacts = column(db.select(QStringLiteral("SELECT id FROM candidate_contacts WHERE candidate_id = ?"), { id }));
    const QStringList cvs = column(db.select(QStringLiteral("SELECT id FROM cv_versions WHERE candidate_id = ?"), { id }));
    const QStringList variantIds = column(db.select(QStringLiteral("SELECT id FROM cv_variants WHERE candidate_id = ?"), { id }));
    auto attRows = db.select(QStringLiteral("SELECT id, sha256 FROM attachments WHERE candidate_id = ?"), { id });
    if (!attRows)
        return attRows.error();
    QStringList atts;
    for (const auto& r : attRows.value()) {
        atts << r.value(0).toString();
        shas << r.value(1).toString();
    }
    const QStringList outreach = column(db.select(QStringLiteral("SELECT id FROM outreach_intents WHERE candidate_id = ?"), { id }));
    QStringList noteSubjects = apps;
    noteSubjects << id;
    const QStringList notes = column(db.select(QStringLiteral("SELECT id FROM notes WHERE subject_id IN (%1)").arg(placeholders(noteSubjects.size())),
        variants(noteSubjects)));

    auto run = [&](const QString& sql, const QStringList& ids, const QVariantList& before = {}) -> Result<int> {
        if (ids.isEmpty())
            return 0;
        return db.change(sql.arg(placeholders(ids.size())), before + variants(ids));
    };
    // Rows that only hold personal data go (variants before the CV versions they point at);
    // their outbox records are rewritten below.
    struct Personal {
        const char* table;
        const char* entity;
        const char* count;
        const QStringList& ids;
    };
    const Personal personal[] { { "candidate_contacts", "candidate_contact", "contacts", contacts },
        { "cv_variants", "cv_variant", "cv_variants", variantIds }, { "cv_versions", "cv_version", "cv_versions", cvs },
        { "attachments", "attachment", "attachments", atts }, { "notes", "note", "notes", notes },
        { "outreach_intents", "outreach_intent", "outreach_intents", outreach } };
    Result<int> n = 0;
    for (const Personal& p : personal) {
        if (!(n = run(QStringLiteral("DELETE FROM %1 WHERE id IN (%2)").arg(QLatin1String(p.table), QStringLiteral("%1")), p.ids)))
            return n.error();
        count(p.count, n.value());
    }
    QStringList subjects = apps;
    subjects << id;
    if (!(n = run(QStringLiteral("DELETE FROM notifications WHERE subject_id IN (%1)"), subjects)))
        return n.error();
    const QStringList feedback = apps.isEmpty() ? QStringList()
        : column(db.select(QStringLiteral("SELECT f.id FROM interview_feedback f JOIN interviews i ON i.id = f.interview_id WHERE "
                                          "i.application_id IN (%1)").arg(placeholders(apps.size())),
            variants(apps)));
    if (!(n = run(QStringLiteral("UPDATE interview_feedback SET comment = '' WHERE id IN (%1)"), feedback)))
        return n.error();
    if (!(n = run(QStringLiteral("UPDATE import_batch_rows SET previous = NULL WHERE row_id IN (%1)"), QStringList { id })))
        return n.error();
    // Derived matching facts (skills, coordinates) and the candidate's point in the radius index.
    if (!(n = run(QStringLiteral("DELETE FROM candidate_geo WHERE id IN (SELECT search_key FROM match_facts WHERE candidate_id IN (%1))"),
              QStringList { id })))
        return n.error();
    if (!(n = run(QStringLiteral("DELETE FROM match_skills WHERE candidate_id IN (%1)"), QStringList { id })))
        return n.error();
    if (!(n = run(QStringLiteral("DELETE FROM match_facts WHERE candidate_id IN (%1)"), QStringList { id })))
        return n.error();
    if (!(n = run(QStringLiteral("DELETE FROM matches WHERE candidate_id IN (%1)"), QStringList { id })))
        return n.error();
    if (!(n = run(QStringLiteral("DELETE FROM match_rescore WHERE candidate_id IN (%1)"), QStringList { id })))
        return n.error();
    auto generation = db.change(QStringLiteral("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'match_facts_gen'"));
    if (!generation)
        return generation.error();
    // The candidate row stays (applications and aggregates point at it), anonymised.
    auto anon = db.change(QStringLiteral("UPDATE candidates SET first_name = 'Erased', last_name = 'candidate', headline = '', location = '', "
                                         "latitude = NULL, longitude = NULL, external_id = NULL, owner_id = NULL, consent = 'withdrawn', "
                                         "skills = '[]', tags = '[]', links = '[]', education = '[]', experience = '[]', preferences = '{}', "
                                         "erased_at = ?, deleted_at = coalesce(deleted_at, ?), updated_at = ?, updated_by = ? "
                                         "WHERE id = ? AND tenant_id = ?"),
        { uow.now(), uow.now(), uow.now(), uow.session().userId, id, t });
    if (!anon)
        return anon.error();
    // The rows that stay (the anonymised candidate, emptied feedback) are recorded again in full,
    // so a server that never received them still gets the row, and one that did gets the
    // anonymised values; recorded first, so the outbox's numbering goes on above every record
    // withdrawn below (withdrawing the newest record first let the next one take number 1 again:
    // the erasure and what followed were never sent; found by a break test).
    if (auto c = replication::captureRows(db, QStringLiteral("candidates"), QStringLiteral("r.id = ?"), { id }); !c)
        return c.error();
    RD_TRY(restateUnsentDependents(db, id, firstSeq.value().value(0).toLongLong()));
    if (!feedback.isEmpty())
        if (auto c = replication::captureRows(db, QStringLiteral("interview_feedback"),
                QStringLiteral("r.id IN (%1)").arg(placeholders(feedback.size())), variants(feedback));
            !c)
            return c.error();
    // Earlier outbox records of these rows held the personal values: withdrawn.
    QStringList rows = contacts + cvs + variantIds + atts + notes + outreach + feedback;
    rows << id;
    if (!(n = run(QStringLiteral("DELETE FROM changes WHERE dev_seq < ? AND row_id IN (%1)"), rows, { firstSeq.value().value(0) })))
        return n.error();
    // The anonymising updates themselves are in the full records above (an update of a row the
    // server never had would be refused: a candidate made offline and erased before it was sent).
    QStringList restated = feedback;
    restated << id;
    if (!(n = run(QStringLiteral("DELETE FROM changes WHERE dev_seq >= ? AND op = 'update' AND row_id IN (%1)"), restated,
              { firstSeq.value().value(0) })))
        return n.error();
    RD_TRY(destroySubjectKey(m_ctx, t, id));
    return {};
}

Status GdprService::compactIndex()
{
    // FTS5 keeps deleted tokens in older segments until they merge; 'optimize' rewrites the
    // index into one segment (secure_delete zeroes the freed pages), and a truncating
    // checkpoint drops the WAL that still holds the old page images.
    RD_TRY(m_ctx.db.execRaw(QStringLiteral("INSERT INTO candidate_search (candidate_search) VALUES ('optimize')")));
    return m_ctx.db.execRaw(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
}

Result<QJsonObject> GdprService::erase(const Session& session, const QString& candidateKey, const QString& reason)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Privacy, Action::Delete, candidateKey));
    RD_TRY(validate::text(QStringLiteral("reason"), reason, 500, false));
    QString id;
    auto live = m_candidates.load(session.tenantId, candidateKey);
    if (live) {
        id = live.value().id;
    } else {
        // A soft-deleted (for example merged) candidate can be erased by its id.
        auto row = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM candidates WHERE id = ? AND tenant_id = ? AND erased_at IS NULL"),
            { candidateKey, session.tenantId });
        if (!row)
            return live.error();
        id = row.value().value(0).toString();
    }
    // Candidates merged into this one hold the same person's data.
    QStringList ids { id };
    for (int i = 0; i < ids.size(); ++i) {
        auto merged = m_ctx.db.select(QStringLiteral("SELECT json_extract(diff, '$.duplicate') FROM audit_log WHERE tenant_id = ? AND "
                                                     "action = 'candidate.merge' AND resource_id = ?"),
            { session.tenantId, ids[i] });
        for (const QString& d : column(merged))
            if (!d.isEmpty() && !ids.contains(d))
                ids << d;
    }
    QStringList shas;
    QJsonObject counts;
    {
        UnitOfWork uow(m_ctx, session);
        RD_TRY(uow.status());
        for (const QString& c : ids)
            RD_TRY(eraseOne(uow, c, counts, shas));
        QJsonObject diff = counts;
        diff.insert(QStringLiteral("erased"), QJsonArray::fromStringList(ids));
        diff.insert(QStringLiteral("reason"), reason);
        RD_TRY(uow.audit(QStringLiteral("candidate.erase"), QStringLiteral("candidate"), id, diff));
        uow.publish(EntityChanged { session.tenantId, QStringLiteral("candidate"), id, QStringLiteral("update") });
        RD_TRY(uow.commit());
    }
    for (const QString& sha : shas)
        RD_TRY(m_attachments.collectBlob(sha));
    RD_TRY(compactIndex());
    counts.insert(QStringLiteral("erased"), QJsonArray::fromStringList(ids));
    return counts;
}

Result<QJsonObject> GdprService::runRetention(const Session& session)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Privacy, Action::Manage));
    auto months = m_ctx.db.selectOne(QStringLiteral("SELECT json_extract(settings, '$.retention_months') FROM tenants WHERE id = ?"),
        { session.tenantId });
    if (!months)
        return months.error();
    const int n = months.value().value(0).toInt();
    if (n <= 0)
        return QJsonObject { { QStringLiteral("erased"), 0 }, { QStringLiteral("rule"), QStringLiteral("off") } };
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(m_ctx.clock.nowMs(), QTimeZone::utc());
    const QString cutoff = now.addMonths(-n).toString(Qt::ISODateWithMs);
    const QString nowIso = now.toString(Qt::ISODateWithMs);
    // Last activity: the candidate row, their applications and consent records.
    auto due = m_ctx.db.select(
        QStringLiteral("SELECT c.id FROM candidates c WHERE c.tenant_id = ? AND c.erased_at IS NULL AND c.deleted_at IS NULL AND "
                       "max(c.updated_at, coalesce(c.last_activity_at, ''), coalesce((SELECT max(a.updated_at) FROM applications a WHERE "
                       "a.candidate_id = c.id), ''), coalesce((SELECT max(k.created_at) FROM consents k WHERE k.candidate_id = c.id), '')) < ? "
                       "AND NOT EXISTS (SELECT 1 FROM consents k WHERE k.candidate_id = c.id AND k.state = 'granted' AND k.expires_at > ? "
                       "AND k.created_at = (SELECT max(k2.created_at) FROM consents k2 WHERE k2.candidate_id = c.id AND k2.purpose = k.purpose))"),
        { session.tenantId, cutoff, nowIso });
    if (!due)
        return due.error();
    int erased = 0;
    for (const QString& id : column(due)) {
        auto r = erase(session, id, QStringLiteral("retention: inactive for %1 months").arg(n));
        if (!r)
            return r.error();
        ++erased;
    }
    return QJsonObject { { QStringLiteral("erased"), erased }, { QStringLiteral("cutoff"), cutoff }, { QStringLiteral("months"), n } };
}

Status GdprService::scheduleRetention(const QString& tenantId)
{
    const QString day = QDateTime::fromMSecsSinceEpoch(m_ctx.clock.nowMs(), QTimeZone::utc()).date().toString(Qt::ISODate);
    auto job = m_jobs.enqueue(tenantId, kRetentionJob, QStringLiteral("retention:") + day);
    return job ? Status() : Status(job.error());
}

Status GdprService::runRetentionJob(const JobRecord& job)
{
    // A workspace attached to a sync server erases in the name of the user it syncs as (meta
    // sync_user, set by the sync engine): the server refuses erasures from anyone without
    // privacy.delete, and every laptop erasing on its own would only fight it. Without
    // privacy.manage the sweep is left to a colleague who has it.
    Session session = Session::systemFor(job.tenantId);
    auto server = m_ctx.db.meta(QStringLiteral("sync_server"));
    if (server && !server.value().isEmpty()) {
        auto user = m_ctx.db.meta(QStringLiteral("sync_user"));
        session.system = false;
        session.userId = user ? user.value() : QString();
        if (session.userId.isEmpty() || !m_ctx.authz.can(session, Resource::Privacy, Action::Manage)) {
            qCInfo(lcGdpr) << "retention sweep skipped: this synced device's user does not hold privacy.manage";
            return {};
        }
    }
    auto r = runRetention(session);
    if (r && r.value().value(QStringLiteral("erased")).toInt() > 0)
        qCInfo(lcGdpr) << "retention erased" << r.value().value(QStringLiteral("erased")).toInt() << "candidates in tenant" << job.tenantId;
    return r ? Status() : Status(r.error());
}

} // namespace rd

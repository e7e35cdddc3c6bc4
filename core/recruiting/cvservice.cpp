#include "cvservice.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "common/json.h"
#include "crypto/crypto.h"
#include "documents/documents.h"
#include "recruiting/candidateservice.h"
#include "recruiting/jobservice.h"
#include "service/context.h"

#include <QJsonArray>
#include <QSqlRecord>

namespace rd {

namespace {
constexpr int kMaxCvChars = 2000000; // generous: extracted text of a long PDF

const QString kVersionColumns = QStringLiteral("id, candidate_id, version, text, source, attachment_id, sha256, created_at, created_by");
const QString kVariantColumns = QStringLiteral("v.id, v.candidate_id, v.job_id, v.cv_version_id, cv.version, v.text, v.state, v.submitted_by, "
                                               "v.submitted_at, v.decided_by, v.decided_at, v.decision_comment, v.created_at, v.created_by, "
                                               "v.updated_at");

CvVersion versionFrom(const QSqlRecord& r)
{
    CvVersion v;
    v.id = r.value(0).toString();
    v.candidateId = r.value(1).toString();
    v.version = r.value(2).toInt();
    v.text = r.value(3).toString();
    v.source = r.value(4).toString();
    v.attachmentId = r.value(5).toString();
    v.sha256 = r.value(6).toString();
    v.createdAt = r.value(7).toString();
    v.createdBy = r.value(8).toString();
    return v;
}

CvVariant variantFrom(const QSqlRecord& r)
{
    CvVariant v;
    v.id = r.value(0).toString();
    v.candidateId = r.value(1).toString();
    v.jobId = r.value(2).toString();
    v.cvVersionId = r.value(3).toString();
    v.baseVersion = r.value(4).toInt();
    v.text = r.value(5).toString();
    v.state = r.value(6).toString();
    v.submittedBy = r.value(7).toString();
    v.submittedAt = r.value(8).toString();
    v.decidedBy = r.value(9).toString();
    v.decidedAt = r.value(10).toString();
    v.decisionComment = r.value(11).toString();
    v.createdAt = r.value(12).toString();
    v.createdBy = r.value(13).toString();
    v.updatedAt = r.value(14).toString();
    return v;
}

QJsonValue orNull(const QString& s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); }

} // namespace

Status CvService::checkText(const QString& text)
{
    if (text.trimmed().isEmpty())
        return validate::failed(QStringLiteral("text"), QStringLiteral("The CV text is empty."), QStringLiteral("required"));
    if (text.size() > kMaxCvChars)
        return validate::failed(QStringLiteral("text"), QStringLiteral("The CV text is longer than %1 characters.").arg(kMaxCvChars),
            QStringLiteral("too_long"));
    return {};
}

QJsonObject CvVersion::toJson(bool withText) const
{
    QJsonObject o { { QStringLiteral("id"), id }, { QStringLiteral("candidate_id"), candidateId }, { QStringLiteral("version"), version },
        { QStringLiteral("source"), source }, { QStringLiteral("attachment_id"), orNull(attachmentId) }, { QStringLiteral("sha256"), sha256 },
        { QStringLiteral("chars"), text.size() }, { QStringLiteral("created_at"), createdAt }, { QStringLiteral("created_by"), orNull(createdBy) } };
    if (withText)
        o.insert(QStringLiteral("text"), text);
    return o;
}

QJsonObject CvVariant::toJson(bool withText) const
{
    QJsonObject o { { QStringLiteral("id"), id }, { QStringLiteral("candidate_id"), candidateId }, { QStringLiteral("job_id"), jobId },
        { QStringLiteral("cv_version_id"), cvVersionId }, { QStringLiteral("base_version"), baseVersion }, { QStringLiteral("state"), state },
        { QStringLiteral("submitted_by"), orNull(submittedBy) }, { QStringLiteral("submitted_at"), orNull(submittedAt) },
        { QStringLiteral("decided_by"), orNull(decidedBy) }, { QStringLiteral("decided_at"), orNull(decidedAt) },
        { QStringLiteral("decision_comment"), decisionComment }, { QStringLiteral("created_at"), createdAt },
        { QStringLiteral("created_by"), orNull(createdBy) }, { QStringLiteral("updated_at"), updatedAt } };
    if (withText)
        o.insert(QStringLiteral("text"), text);
    return o;
}

QJsonObject diffLines(const QString& before, const QString& after)
{
    const QStringList a = before.split(QLatin1Char('\n'));
    const QStringList b = after.split(QLatin1Char('\n'));
    // Common prefix and suffix, then an LCS table over the middle (bounded: beyond 4M cells the
    // middle is shown as replaced, which is still a correct if less minimal diff).
    qsizetype pre = 0;
    while (pre < a.size() && pre < b.size() && a[pre] == b[pre])
        ++pre;
    qsizetype suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
        ++suf;
    const qsizetype n = a.size() - pre - suf;
    const qsizetype m = b.size() - pre - suf;
    QList<QPair<QChar, QString>> ops;
    for (qsizetype i = 0; i < pre; ++i)
        ops.append({ QLatin1Char('='), a[i] });
    if (n * m <= 4'000'000) {
        std::vector<int> lcs(static_cast<size_t>((n + 1) * (m + 1)), 0);
        auto at = [&](qsizetype i, qsizetype j) -> int& { return lcs[static_cast<size_t>(i * (m + 1) + j)]; };
        for (qsizetype i = n - 1; i >= 0; --i)
            for (qsizetype j = m - 1; j >= 0; --j)
                at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
        qsizetype i = 0, j = 0;
        while (i < n && j < m) {
            if (a[pre + i] == b[pre + j]) {
                ops.append({ QLatin1Char('='), a[pre + i] });
                ++i;
                ++j;
            } else if (at(i + 1, j) >= at(i, j + 1)) {
                ops.append({ QLatin1Char('-'), a[pre + i++] });
            } else {
                ops.append({ QLatin1Char('+'), b[pre + j++] });
            }
        }
        while (i < n)
            ops.append({ QLatin1Char('-'), a[pre + i++] });
        while (j < m)
            ops.append({ QLatin1Char('+'), b[pre + j++] });
    } else {
        for (qsizetype i = 0; i < n; ++i)
            ops.append({ QLatin1Char('-'), a[pre + i] });
        for (qsizetype j = 0; j < m; ++j)
            ops.append({ QLatin1Char('+'), b[pre + j] });
    }
    for (qsizetype i = a.size() - suf; i < a.size(); ++i)
        ops.append({ QLatin1Char('='), a[i] });

    QJsonArray lines;
    int added = 0, removed = 0;
    QString unified;
    for (const auto& [op, text] : ops) {
        lines.append(QJsonObject { { QStringLiteral("op"), QString(op) }, { QStringLiteral("text"), text } });
        added += op == QLatin1Char('+');
        removed += op == QLatin1Char('-');
        unified += (op == QLatin1Char('=') ? QLatin1Char(' ') : op) + text + QLatin1Char('\n');
    }
    return { { QStringLiteral("added"), added }, { QStringLiteral("removed"), removed }, { QStringLiteral("lines"), lines },
        { QStringLiteral("unified"), unified } };
}

Result<CvVersion> CvService::latest(const QString& tenantId, const QString& candidateId)
{
    return loadVersion(tenantId, candidateId, 0);
}

Result<CvVersion> CvService::loadVersion(const QString& tenantId, const QString& candidateId, int version)
{
    auto row = version > 0
        ? m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM cv_versions WHERE tenant_id = ? AND candidate_id = ? AND version = ? AND "
                                            "deleted_at IS NULL").arg(kVersionColumns),
            { tenantId, candidateId, version })
        : m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM cv_versions WHERE tenant_id = ? AND candidate_id = ? AND deleted_at IS NULL "
                                            "ORDER BY version DESC LIMIT 1").arg(kVersionColumns),
            { tenantId, candidateId });
    if (!row)
        return row.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, version > 0 ? QStringLiteral("The candidate has no CV version %1.").arg(version)
                                                         : QStringLiteral("The candidate has no CV yet."))
            : row.error();
    return versionFrom(row.value());
}

Result<CvVersion> CvService::addVersion(const Session& session, const QString& candidateKey, const QString& text, const QString& source,
    const QString& attachmentId, bool allowUnchanged)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update, candidateKey));
    RD_TRY(checkText(text));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    const QString candidateId = cand.value().id;
    const QString sha = crypto::sha256Hex(text.toUtf8());
    auto prev = latest(session.tenantId, candidateId);
    if (!prev && prev.error().code != ErrorCode::NotFound)
        return prev.error();
    if (prev && prev.value().sha256 == sha) {
        if (allowUnchanged)
            return prev;
        return makeError(ErrorCode::Conflict, QStringLiteral("The CV text is the same as version %1.").arg(prev.value().version),
            { { QStringLiteral("reason"), QStringLiteral("unchanged") }, { QStringLiteral("version"), prev.value().version } });
    }
    const int number = prev ? prev.value().version + 1 : 1;
    auto id = writeVersion(uow, candidateId, number, text, sha, source, attachmentId, false);
    if (!id)
        return id.error();
    auto v = loadVersion(session.tenantId, candidateId, number);
    if (!v)
        return v.error();
    RD_TRY(uow.commit());
    return v;
}

Result<QString> CvService::writeVersion(UnitOfWork& uow, const QString& candidateId, int number, const QString& text,
    const QString& sha, const QString& source, const QString& attachmentId, bool newSubject)
{
    Database& db = uow.db();
    const Session& session = uow.session();
    const QString id = uow.newId();
    using V = Database::RawValue;
    RD_TRY(db.appendRow("INSERT INTO cv_versions (id, tenant_id, candidate_id, version, text, source, attachment_id, sha256, created_at, "
                        "updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        { V::str(id), V::str(session.tenantId), V::str(candidateId), V::num(number), V::str(text), V::str(source),
            V::optStr(attachmentId), V::str(sha), V::str(uow.now()), V::str(uow.now()), V::optStr(session.userId),
            V::optStr(session.userId) }));
    RD_TRY(db.appendRow("UPDATE candidates SET last_activity_at = ? WHERE id = ?", { V::str(uow.now()), V::str(candidateId) }));
    const QJsonObject meta { { QStringLiteral("candidate_id"), candidateId }, { QStringLiteral("version"), number },
        { QStringLiteral("source"), source }, { QStringLiteral("sha256"), sha }, { QStringLiteral("chars"), text.size() } };
    RD_TRY(uow.auditPersonalCanonical(candidateId, newSubject, QStringLiteral("cv.create_version"), QStringLiteral("cv_version"), id,
        canonicalJson(meta)));
    uow.publish(EntityChanged { session.tenantId, QStringLiteral("cv_version"), id, QStringLiteral("insert") });
    return id;
}

Result<QList<CvVersion>> CvService::versions(const Session& session, const QString& candidateKey)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read, candidateKey));
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    RD_TRY(m_ctx.authz.requireCandidateVisible(session, cand.value().id));
    auto rows = m_ctx.db.select(QStringLiteral("SELECT %1 FROM cv_versions WHERE tenant_id = ? AND candidate_id = ? AND deleted_at IS NULL "
                                               "ORDER BY version DESC").arg(kVersionColumns),
        { session.tenantId, cand.value().id });
    if (!rows)
        return rows.error();
    QList<CvVersion> out;
    for (const auto& r : rows.value())
        out << versionFrom(r);
    return out;
}

Result<CvVersion> CvService::version(const Session& session, const QString& candidateKey, int number)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read, candidateKey));
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    RD_TRY(m_ctx.authz.requireCandidateVisible(session, cand.value().id));
    return loadVersion(session.tenantId, cand.value().id, number);
}

Result<QJsonObject> CvService::diff(const Session& session, const QString& candidateKey, int from, int to)
{
    auto a = version(session, candidateKey, from);
    if (!a)
        return a.error();
    auto b = version(session, candidateKey, to);
    if (!b)
        return b.error();
    QJsonObject d = diffLines(a.value().text, b.value().text);
    d.insert(QStringLiteral("from"), a.value().version);
    d.insert(QStringLiteral("to"), b.value().version);
    return d;
}

Result<CvVariant> CvService::loadVariant(const QString& tenantId, const QString& id)
{
    auto row = m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM cv_variants v JOIN cv_versions cv ON cv.id = v.cv_version_id "
                                                 "WHERE v.id = ? AND v.tenant_id = ? AND v.deleted_at IS NULL").arg(kVariantColumns),
        { id, tenantId });
    if (!row)
        return row.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("No such CV variant.")) : row.error();
    return variantFrom(row.value());
}

Result<CvVariant> CvService::createVariant(const Session& session, const QString& candidateKey, const QString& jobKey, int fromVersion,
    const QString& text)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update, candidateKey));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    auto job = m_jobs.load(session.tenantId, jobKey);
    if (!job)
        return job.error();
    auto base = loadVersion(session.tenantId, cand.value().id, fromVersion);
    if (!base)
        return base.error();
    const QString body = text.isEmpty() ? base.value().text : text;
    RD_TRY(checkText(body));
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO cv_variants (id, tenant_id, candidate_id, job_id, cv_version_id, text, state, "
                                              "created_at, updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,'draft',?,?,?,?)"),
        { id, session.tenantId, cand.value().id, job.value().id, base.value().id, body, uow.now(), uow.now(), session.userId, session.userId });
    if (!ins)
        return ins.error();
    const QJsonObject meta { { QStringLiteral("candidate_id"), cand.value().id }, { QStringLiteral("job_id"), job.value().id },
        { QStringLiteral("cv_version_id"), base.value().id }, { QStringLiteral("base_version"), base.value().version },
        { QStringLiteral("state"), QStringLiteral("draft") }, { QStringLiteral("sha256"), crypto::sha256Hex(body.toUtf8()) } };
    RD_TRY(uow.auditPersonal(cand.value().id, QStringLiteral("cv_variant.create"), QStringLiteral("cv_variant"), id, meta));
    uow.publish(EntityChanged { session.tenantId, QStringLiteral("cv_variant"), id, QStringLiteral("insert") });
    auto v = loadVariant(session.tenantId, id);
    if (!v)
        return v.error();
    RD_TRY(uow.commit());
    return v;
}

Result<CvVariant> CvService::transition(const Session& session, const QString& id, const QString& action,
    const std::function<Result<QJsonObject>(const CvVariant&)>& change)
{
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto v = loadVariant(session.tenantId, id);
    if (!v)
        return v.error();
    auto fields = change(v.value());
    if (!fields)
        return fields.error();
    QList<QPair<QString, QVariant>> columns;
    QStringList sets;
    QVariantList values;
    for (auto it = fields.value().begin(); it != fields.value().end(); ++it) {
        sets << it.key() + QStringLiteral(" = ?"); // keys come from this file only
        values << it.value().toVariant();
    }
    sets << QStringLiteral("updated_at = ?") << QStringLiteral("updated_by = ?");
    values << uow.now() << session.userId << id;
    auto up = m_ctx.db.change(QStringLiteral("UPDATE cv_variants SET %1 WHERE id = ?").arg(sets.join(QStringLiteral(", "))), values);
    if (!up)
        return up.error();
    QJsonObject diff = fields.value(); // the audit keeps a hash of the text, not the text
    if (diff.contains(QStringLiteral("text")))
        diff.insert(QStringLiteral("sha256"), crypto::sha256Hex(diff.take(QStringLiteral("text")).toString().toUtf8()));
    RD_TRY(uow.auditPersonal(v.value().candidateId, action, QStringLiteral("cv_variant"), id, diff));
    uow.publish(EntityChanged { session.tenantId, QStringLiteral("cv_variant"), id, QStringLiteral("update") });
    auto after = loadVariant(session.tenantId, id);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

namespace {
Error wrongState(const CvVariant& v, const QString& what)
{
    return makeError(ErrorCode::Conflict, QStringLiteral("A %1 variant cannot be %2.").arg(QString(v.state).replace(QLatin1Char('_'), QLatin1Char(' ')), what),
        { { QStringLiteral("state"), v.state }, { QStringLiteral("reason"), QStringLiteral("invalid_state") } });
}
} // namespace

Result<CvVariant> CvService::editVariant(const Session& session, const QString& id, const QString& text)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update, id));
    RD_TRY(checkText(text));
    return transition(session, id, QStringLiteral("cv_variant.edit"), [&](const CvVariant& v) -> Result<QJsonObject> {
        if (v.state != QLatin1String("draft") && v.state != QLatin1String("rejected"))
            return wrongState(v, QStringLiteral("edited"));
        return QJsonObject { { QStringLiteral("text"), text }, { QStringLiteral("state"), QStringLiteral("draft") } };
    });
}

Result<CvVariant> CvService::submitVariant(const Session& session, const QString& id)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Update, id));
    const QString now = m_ctx.clock.nowIso();
    return transition(session, id, QStringLiteral("cv_variant.submit"), [&](const CvVariant& v) -> Result<QJsonObject> {
        if (v.state != QLatin1String("draft"))
            return wrongState(v, QStringLiteral("submitted"));
        return QJsonObject { { QStringLiteral("state"), QStringLiteral("pending_approval") }, { QStringLiteral("submitted_by"), session.userId },
            { QStringLiteral("submitted_at"), now } };
    });
}

Result<CvVariant> CvService::decideVariant(const Session& session, const QString& id, bool approve, const QString& comment)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Job, Action::Update, id));
    RD_TRY(validate::text(QStringLiteral("comment"), comment, 2000, false));
    const QString now = m_ctx.clock.nowIso();
    return transition(session, id, approve ? QStringLiteral("cv_variant.approve") : QStringLiteral("cv_variant.reject"),
        [&](const CvVariant& v) -> Result<QJsonObject> {
            auto job = m_jobs.load(session.tenantId, v.jobId);
            if (!job)
                return job.error();
            RD_TRY(m_jobs.requireAssignedIfManager(session, job.value()));
            if (v.submittedBy == session.userId && !m_ctx.authz.can(session, Resource::Candidate, Action::Manage))
                return makeError(ErrorCode::PermissionDenied,
                    QStringLiteral("A variant must be approved by someone other than the person who submitted it."),
                    { { QStringLiteral("rule"), QStringLiteral("four_eyes") } });
            if (v.state != QLatin1String("pending_approval"))
                return wrongState(v, approve ? QStringLiteral("approved") : QStringLiteral("rejected"));
            return QJsonObject { { QStringLiteral("state"), approve ? QStringLiteral("approved") : QStringLiteral("rejected") },
                { QStringLiteral("decided_by"), session.userId }, { QStringLiteral("decided_at"), now },
                { QStringLiteral("decision_comment"), comment } };
        });
}

Result<CvVariant> CvService::variant(const Session& session, const QString& id)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read, id));
    auto v = loadVariant(session.tenantId, id);
    if (!v)
        return v.error();
    // A hiring manager sees the variants made for their assigned jobs.
    auto job = m_jobs.load(session.tenantId, v.value().jobId);
    if (!job)
        return job.error();
    if (m_jobs.isScopedManager(session) && !job.value().managerIds.contains(session.userId))
        return makeError(ErrorCode::NotFound, QStringLiteral("CV variant not found."),
            { { QStringLiteral("id"), id }, { QStringLiteral("rule"), QStringLiteral("assigned_jobs_only") } });
    return v;
}

Result<QList<CvVariant>> CvService::variants(const Session& session, const QString& candidateKey, const QString& jobKey)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Read, candidateKey));
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    QString sql = QStringLiteral("SELECT %1 FROM cv_variants v JOIN cv_versions cv ON cv.id = v.cv_version_id WHERE v.tenant_id = ? AND "
                                 "v.candidate_id = ? AND v.deleted_at IS NULL").arg(kVariantColumns);
    RD_TRY(m_ctx.authz.requireCandidateVisible(session, cand.value().id));
    QVariantList values { session.tenantId, cand.value().id };
    const auto [jobScope, scopeBinds] = m_jobs.assignedJobsFilter(session, QStringLiteral("v.job_id"));
    sql += jobScope;
    values += scopeBinds;
    if (!jobKey.isEmpty()) {
        auto job = m_jobs.load(session.tenantId, jobKey);
        if (!job)
            return job.error();
        sql += QStringLiteral(" AND v.job_id = ?");
        values << job.value().id;
    }
    auto rows = m_ctx.db.select(sql + QStringLiteral(" ORDER BY v.created_at DESC, v.id DESC"), values);
    if (!rows)
        return rows.error();
    QList<CvVariant> out;
    for (const auto& r : rows.value())
        out << variantFrom(r);
    return out;
}

Result<QByteArray> CvService::exportVariantPdf(const Session& session, const QString& id)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Export, id));
    auto v = loadVariant(session.tenantId, id);
    if (!v)
        return v.error();
    if (v.value().state != QLatin1String("approved"))
        return makeError(ErrorCode::Conflict, QStringLiteral("Only approved variants can be exported."),
            { { QStringLiteral("state"), v.value().state }, { QStringLiteral("reason"), QStringLiteral("not_approved") } });
    auto cand = m_candidates.load(session.tenantId, v.value().candidateId);
    if (!cand)
        return cand.error();
    auto job = m_jobs.load(session.tenantId, v.value().jobId);
    if (!job)
        return job.error();
    const QString name = (cand.value().firstName + QLatin1Char(' ') + cand.value().lastName).trimmed();
    auto pdf = documents::renderPdf(name, v.value().text,
        QStringLiteral("Prepared for %1 (%2). Based on CV version %3.").arg(job.value().title, job.value().jobNumber).arg(v.value().baseVersion));
    if (!pdf)
        return pdf.error();
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    RD_TRY(uow.audit(QStringLiteral("cv_variant.export"), QStringLiteral("cv_variant"), id,
        { { QStringLiteral("format"), QStringLiteral("pdf") }, { QStringLiteral("bytes"), pdf.value().size() },
            { QStringLiteral("job_id"), v.value().jobId } }));
    RD_TRY(uow.commit());
    return pdf;
}

Result<QByteArray> CvService::exportVersionPdf(const Session& session, const QString& candidateKey, int number)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Candidate, Action::Export, candidateKey));
    auto cand = m_candidates.load(session.tenantId, candidateKey);
    if (!cand)
        return cand.error();
    RD_TRY(m_ctx.authz.requireCandidateVisible(session, cand.value().id));
    auto v = loadVersion(session.tenantId, cand.value().id, number);
    if (!v)
        return v.error();
    const QString name = (cand.value().firstName + QLatin1Char(' ') + cand.value().lastName).trimmed();
    auto pdf = documents::renderPdf(name, v.value().text, QStringLiteral("CV version %1").arg(v.value().version));
    if (!pdf)
        return pdf.error();
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    RD_TRY(uow.audit(QStringLiteral("cv.export"), QStringLiteral("cv_version"), v.value().id,
        { { QStringLiteral("format"), QStringLiteral("pdf") }, { QStringLiteral("bytes"), pdf.value().size() },
            { QStringLiteral("version"), v.value().version } }));
    RD_TRY(uow.commit());
    return pdf;
}

} // namespace rd

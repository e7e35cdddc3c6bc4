#include "outreachservice.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "crypto/crypto.h"
#include "recruiting/candidateservice.h"
#include "recruiting/jobservice.h"
#include "service/context.h"
#include "templateservice.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>

namespace rd {

namespace {
const QString kColumns
    = QStringLiteral("id, candidate_id, coalesce(job_id, ''), channel, template, step, recipient, subject, body, "
                     "coalesce(send_at, ''), status, dedup_key, created_at, coalesce(created_by, ''), body_html, "
                     "coalesce(unless_confirmed, '')");

OutreachIntent intentFrom(const QSqlRecord& r)
{
    OutreachIntent i;
    i.id = r.value(0).toString();
    i.candidateId = r.value(1).toString();
    i.jobId = r.value(2).toString();
    i.channel = r.value(3).toString();
    i.templateName = r.value(4).toString();
    i.step = r.value(5).toInt();
    i.recipient = r.value(6).toString();
    i.subject = r.value(7).toString();
    i.body = r.value(8).toString();
    i.sendAt = r.value(9).toString();
    i.status = r.value(10).toString();
    i.dedupKey = r.value(11).toString();
    i.createdAt = r.value(12).toString();
    i.createdBy = r.value(13).toString();
    i.bodyHtml = r.value(14).toString();
    i.unlessConfirmed = r.value(15).toString();
    return i;
}
} // namespace

namespace {
// A time to send: date, time and offset (a local time without one would mean different
// moments on different laptops).
Result<QDateTime> parseSendAt(const QString& text)
{
    const QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!at.isValid() || at.timeSpec() == Qt::LocalTime)
        return validate::failed(QStringLiteral("send_at"),
            QStringLiteral("The time to send needs a date, a time and a time zone offset (2026-12-01T09:00:00+01:00)."),
            QStringLiteral("format"));
    return at;
}
} // namespace

QJsonObject OutreachIntent::toJson() const
{
    return { { QStringLiteral("intent_id"), id }, { QStringLiteral("candidate_id"), candidateId },
        { QStringLiteral("job_id"), jobId.isEmpty() ? QJsonValue() : QJsonValue(jobId) },
        { QStringLiteral("channel"), channel }, { QStringLiteral("template"), templateName },
        { QStringLiteral("step"), step }, { QStringLiteral("recipient"), recipient },
        { QStringLiteral("subject"), subject }, { QStringLiteral("body"), body },
        { QStringLiteral("body_html"), bodyHtml },
        { QStringLiteral("unless_confirmed"), unlessConfirmed.isEmpty() ? QJsonValue() : QJsonValue(unlessConfirmed) },
        { QStringLiteral("send_at"), sendAt.isEmpty() ? QJsonValue() : QJsonValue(sendAt) },
        { QStringLiteral("status"), status }, { QStringLiteral("dedup_key"), dedupKey },
        { QStringLiteral("created_at"), createdAt }, { QStringLiteral("created_by"), createdBy },
        { QStringLiteral("existing"), existing } };
}

OutreachService::OutreachService(
    ServiceContext& ctx, CandidateService& candidates, JobService& jobs, TemplateService& templates)
    : m_ctx(ctx)
    , m_candidates(candidates)
    , m_jobs(jobs)
    , m_templates(templates)
{
}

QString OutreachService::dedupKey(const QString& tenantId, const QString& candidateId, const QString& channel,
    const QString& templateName, int step, const QString& subject, const QString& body, const QString& bodyHtml)
{
    // A JSON array: unambiguous however the parts look; the same message gives the same key
    // on every device. The HTML part only when there is one (keys of plain messages unchanged).
    QJsonArray parts { QStringLiteral("outreach.v1"), tenantId, candidateId, channel, templateName, step, subject,
        body };
    if (!bodyHtml.isEmpty()) parts.append(bodyHtml);
    return crypto::sha256Hex(QJsonDocument(parts).toJson(QJsonDocument::Compact));
}

Result<OutreachIntent> OutreachService::load(const QString& tenantId, const QString& where, const QVariantList& binds)
{
    auto r = m_ctx.db.selectOne(
        QStringLiteral("SELECT %1 FROM outreach_intents WHERE tenant_id = ? AND deleted_at IS NULL AND %2")
            .arg(kColumns, where),
        QVariantList { tenantId } + binds);
    if (!r)
        return r.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, QStringLiteral("No such outreach message."))
            : r.error();
    return intentFrom(r.value());
}

Result<OutreachIntent> OutreachService::queue(const Session& session, const NewIntent& in)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Outreach, Action::Create));
    if (in.channel != QLatin1String("email") && in.channel != QLatin1String("sms"))
        return validate::failed(
            QStringLiteral("channel"), QStringLiteral("The channel is email or sms."), QStringLiteral("enum"));
    RD_TRY(validate::text(QStringLiteral("template"), in.templateName, 100, false));
    RD_TRY(validate::text(QStringLiteral("body"), in.body, 100000, true));
    if (in.channel == QLatin1String("email")) {
        RD_TRY(validate::text(QStringLiteral("subject"), in.subject, 300, true));
        RD_TRY(validate::text(QStringLiteral("body_html"), in.bodyHtml, 200000, false));
    } else if (!in.subject.isEmpty() || !in.bodyHtml.isEmpty()) {
        return validate::failed(in.subject.isEmpty() ? QStringLiteral("body_html") : QStringLiteral("subject"),
            QStringLiteral("An SMS is text only: no subject, no HTML."));
    }
    if (in.step < 0 || in.step > 20)
        return validate::failed(
            QStringLiteral("step"), QStringLiteral("The step of a sequence is from 0 to 20."), QStringLiteral("range"));
    QString sendAt;
    if (!in.sendAt.isEmpty()) {
        auto at = parseSendAt(in.sendAt);
        if (!at) return at.error();
        sendAt = at.value().toUTC().toString(Qt::ISODateWithMs);
    }
    auto candidate = m_candidates.get(session, in.candidate);
    if (!candidate) return candidate.error();
    QString jobId;
    if (!in.job.isEmpty()) {
        auto job = m_jobs.get(session, in.job);
        if (!job) return job.error();
        jobId = job.value().id;
    }
    if (candidate.value().consent == QLatin1String("withdrawn"))
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("The candidate withdrew consent to be contacted."),
            { { QStringLiteral("field"), QStringLiteral("candidate") },
                { QStringLiteral("reason"), QStringLiteral("consent_withdrawn") } });
    // Opted out (STOP, an unsubscribe link): of this channel, for good.
    if (auto out
        = m_ctx.db.selectOne(QStringLiteral("SELECT 1 FROM outreach_intents WHERE tenant_id = ? AND "
                                            "candidate_id = ? AND channel = ? AND status = 'opted_out' LIMIT 1"),
            { session.tenantId, candidate.value().id, in.channel });
        out)
        return makeError(ErrorCode::ValidationFailed,
            QStringLiteral("The candidate opted out of %1 messages.")
                .arg(in.channel == QLatin1String("email") ? QStringLiteral("email") : QStringLiteral("SMS")),
            { { QStringLiteral("field"), QStringLiteral("candidate") },
                { QStringLiteral("reason"), QStringLiteral("opted_out") } });
    const QStringList& addresses
        = in.channel == QLatin1String("email") ? candidate.value().emails : candidate.value().phones;
    if (addresses.isEmpty())
        return makeError(ErrorCode::ValidationFailed,
            in.channel == QLatin1String("email") ? QStringLiteral("The candidate has no email address.")
                                                 : QStringLiteral("The candidate has no phone number."),
            { { QStringLiteral("field"), QStringLiteral("candidate") },
                { QStringLiteral("reason"), QStringLiteral("no_recipient") } });
    const QString key = dedupKey(
        session.tenantId, candidate.value().id, in.channel, in.templateName, in.step, in.subject, in.body, in.bodyHtml);
    // The same message again: the one queued before (nothing is queued twice).
    if (auto before = load(session.tenantId, QStringLiteral("dedup_key = ?"), { key }); before) {
        OutreachIntent i = before.value();
        i.existing = true;
        return i;
    } else if (before.error().code != ErrorCode::NotFound) {
        return before.error();
    }
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    const QString id = uow.newId();
    auto ins = m_ctx.db.change(
        QStringLiteral("INSERT INTO outreach_intents (id, tenant_id, candidate_id, job_id, channel, template, step, "
                       "recipient, subject, body, body_html, send_at, status, dedup_key, unless_confirmed, created_at, "
                       "updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'queued',?,?,?,?,?,?)"),
        { id, session.tenantId, candidate.value().id, jobId.isEmpty() ? QVariant() : QVariant(jobId), in.channel,
            in.templateName, in.step, addresses.first(), in.subject, in.body, in.bodyHtml,
            sendAt.isEmpty() ? QVariant() : QVariant(sendAt), key,
            in.unlessConfirmed.isEmpty() ? QVariant() : QVariant(in.unlessConfirmed), uow.now(), uow.now(),
            session.userId, session.userId });
    if (!ins) return ins.error();
    RD_TRY(uow.recordedPersonal(candidate.value().id, QStringLiteral("outreach.queue"),
        QStringLiteral("outreach_intent"), id, QStringLiteral("insert"),
        { { QStringLiteral("candidate_id"), candidate.value().id }, { QStringLiteral("channel"), in.channel },
            { QStringLiteral("template"), in.templateName }, { QStringLiteral("step"), in.step },
            { QStringLiteral("dedup_key"), key }, { QStringLiteral("send_at"), sendAt } }));
    auto out = load(session.tenantId, QStringLiteral("id = ?"), { id });
    if (!out) return out.error();
    RD_TRY(uow.commit());
    return out;
}

Result<QList<OutreachIntent>> OutreachService::queueTemplate(const Session& session, const TemplateIntent& in)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Outreach, Action::Create));
    auto first = m_templates.get(session, in.templateKey);
    if (!first) return first.error();
    QDateTime at = QDateTime::fromMSecsSinceEpoch(m_ctx.clock.nowMs(), Qt::UTC);
    if (!in.sendAt.isEmpty()) {
        auto parsed = parseSendAt(in.sendAt);
        if (!parsed) return parsed.error();
        at = parsed.value();
    }
    // The sequence: the template, then each one's follow-up (a loop ends it).
    QList<OutreachTemplate> steps { first.value() };
    QList<int> afterDays { 0 };
    QStringList seen { first.value().id };
    while (!steps.last().followUpTemplate.isEmpty() && steps.size() <= 20) {
        auto next = m_templates.get(session, steps.last().followUpTemplate);
        if (!next)
            return makeError(ErrorCode::ValidationFailed,
                QStringLiteral("The follow-up '%1' of template '%2' does not exist.")
                    .arg(steps.last().followUpTemplate, steps.last().name),
                { { QStringLiteral("field"), QStringLiteral("follow_up_template") },
                    { QStringLiteral("reason"), QStringLiteral("missing_template") } });
        if (seen.contains(next.value().id)) break;
        seen << next.value().id;
        afterDays << afterDays.last() + steps.last().followUpDays.value_or(0);
        steps << next.value();
    }
    Transaction tx(m_ctx.db);
    RD_TRY(tx.status());
    QList<OutreachIntent> out;
    for (int i = 0; i < steps.size(); ++i) {
        auto rendered = m_templates.renderDraft(session, steps[i], in.candidate, in.job);
        if (!rendered) return rendered.error();
        NewIntent n;
        n.candidate = in.candidate;
        n.job = in.job;
        n.channel = steps[i].channel;
        n.templateName = steps[i].name;
        n.step = i;
        n.subject = rendered.value().subject;
        n.body = rendered.value().body;
        n.bodyHtml = rendered.value().bodyHtml;
        if (i > 0 || !in.sendAt.isEmpty()) n.sendAt = at.addDays(afterDays[i]).toString(Qt::ISODateWithMs);
        if (i > 0) n.unlessConfirmed = out.first().id;
        auto q = queue(session, n);
        if (!q) return q.error();
        out << q.value();
    }
    RD_TRY(tx.commit());
    return out;
}

Result<QList<OutreachIntent>> OutreachService::list(const Session& session, const QString& candidate)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Outreach, Action::Read));
    QString where = QStringLiteral("tenant_id = ? AND deleted_at IS NULL");
    QVariantList binds { session.tenantId };
    if (!candidate.isEmpty()) {
        auto c = m_candidates.get(session, candidate);
        if (!c) return c.error();
        where += QStringLiteral(" AND candidate_id = ?");
        binds << c.value().id;
    }
    auto rows = m_ctx.db.select(
        QStringLiteral("SELECT %1 FROM outreach_intents WHERE %2 ORDER BY created_at, id").arg(kColumns, where), binds);
    if (!rows) return rows.error();
    QList<OutreachIntent> out;
    for (const auto& r : rows.value())
        out << intentFrom(r);
    return out;
}

Result<OutreachIntent> OutreachService::get(const Session& session, const QString& id)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Outreach, Action::Read));
    return load(session.tenantId, QStringLiteral("id = ?"), { id });
}

Result<OutreachIntent> OutreachService::cancel(const Session& session, const QString& id)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Outreach, Action::Update));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto intent = load(session.tenantId, QStringLiteral("id = ?"), { id });
    if (!intent) return intent.error();
    if (intent.value().status != QLatin1String("queued"))
        return makeError(ErrorCode::Conflict,
            QStringLiteral("Only a queued message can be cancelled; this one is %1.").arg(intent.value().status),
            { { QStringLiteral("field"), QStringLiteral("status") },
                { QStringLiteral("reason"), QStringLiteral("not_queued") } });
    auto upd = m_ctx.db.change(
        QStringLiteral("UPDATE outreach_intents SET status = 'cancelled', updated_at = ?, updated_by = ? WHERE id = ?"),
        { uow.now(), session.userId, id });
    if (!upd) return upd.error();
    RD_TRY(uow.recorded(QStringLiteral("outreach.cancel"), QStringLiteral("outreach_intent"), id,
        QStringLiteral("update"), { { QStringLiteral("status"), QStringLiteral("cancelled") } }));
    auto out = load(session.tenantId, QStringLiteral("id = ?"), { id });
    if (!out) return out.error();
    RD_TRY(uow.commit());
    return out;
}

} // namespace rd

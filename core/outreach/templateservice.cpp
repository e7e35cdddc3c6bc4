#include "templateservice.h"

#include "auth/validation.h"
#include "recruiting/candidateservice.h"
#include "recruiting/jobservice.h"
#include "service/context.h"
#include "templaterender.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlRecord>

namespace rd {

namespace {
const QString kColumns = QStringLiteral("id, name, channel, subject, body, body_html, owner_id, follow_up_days, "
                                        "follow_up_template, created_at, updated_at");

OutreachTemplate templateFrom(const QSqlRecord& r)
{
    OutreachTemplate t;
    t.id = r.value(0).toString();
    t.name = r.value(1).toString();
    t.channel = r.value(2).toString();
    t.subject = r.value(3).toString();
    t.body = r.value(4).toString();
    t.bodyHtml = r.value(5).toString();
    t.ownerId = r.value(6).toString();
    if (!r.value(7).isNull()) t.followUpDays = r.value(7).toInt();
    t.followUpTemplate = r.value(8).toString();
    t.createdAt = r.value(9).toString();
    t.updatedAt = r.value(10).toString();
    return t;
}

} // namespace

QJsonObject OutreachTemplate::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("name"), name }, { QStringLiteral("channel"), channel },
        { QStringLiteral("subject"), subject }, { QStringLiteral("body"), body },
        { QStringLiteral("body_html"), bodyHtml }, { QStringLiteral("personal"), !ownerId.isEmpty() },
        { QStringLiteral("follow_up_days"), followUpDays ? QJsonValue(*followUpDays) : QJsonValue() },
        { QStringLiteral("follow_up_template"),
            followUpTemplate.isEmpty() ? QJsonValue() : QJsonValue(followUpTemplate) },
        { QStringLiteral("created_at"), createdAt }, { QStringLiteral("updated_at"), updatedAt } };
}

QJsonObject RenderedMessage::toJson() const
{
    QJsonObject o { { QStringLiteral("channel"), channel }, { QStringLiteral("body"), body },
        { QStringLiteral("variables"), QJsonArray::fromStringList(variables) } };
    if (channel == QLatin1String("email")) {
        o.insert(QStringLiteral("subject"), subject);
        o.insert(QStringLiteral("body_html"), bodyHtml);
    } else {
        o.insert(QStringLiteral("sms_characters"), smsCharacters);
        o.insert(QStringLiteral("sms_segments"), smsSegments);
        o.insert(QStringLiteral("sms_encoding"), smsEncoding);
    }
    return o;
}

TemplateService::TemplateService(ServiceContext& ctx, CandidateService& candidates, JobService& jobs)
    : m_ctx(ctx)
    , m_candidates(candidates)
    , m_jobs(jobs)
{
}

QList<QPair<QString, QString>> TemplateService::variables()
{
    return {
        { QStringLiteral("candidate.first_name"), QStringLiteral("The candidate's first name") },
        { QStringLiteral("candidate.last_name"), QStringLiteral("The candidate's last name") },
        { QStringLiteral("candidate.full_name"), QStringLiteral("First and last name") },
        { QStringLiteral("candidate.email"), QStringLiteral("The candidate's first email address") },
        { QStringLiteral("candidate.phone"), QStringLiteral("The candidate's first phone number") },
        { QStringLiteral("candidate.location"), QStringLiteral("Where the candidate lives") },
        { QStringLiteral("candidate.headline"), QStringLiteral("The candidate's headline") },
        { QStringLiteral("job.title"), QStringLiteral("The job's title") },
        { QStringLiteral("job.external_job_id"), QStringLiteral("The job's external id (the client's reference)") },
        { QStringLiteral("job.number"), QStringLiteral("The job's number in this workspace") },
        { QStringLiteral("job.location"), QStringLiteral("Where the job is") },
        { QStringLiteral("job.department"), QStringLiteral("The job's department") },
        { QStringLiteral("recruiter.name"), QStringLiteral("Your name (your email address if it is not filled in)") },
        { QStringLiteral("recruiter.first_name"), QStringLiteral("Your first name") },
        { QStringLiteral("recruiter.email"), QStringLiteral("Your email address") },
        { QStringLiteral("agency.name"), QStringLiteral("The workspace's (agency's) name") },
        { QStringLiteral("confirm_link"),
            QStringLiteral("A link where the candidate confirms interest in the job (needs a job)") },
        { QStringLiteral("unsubscribe_link"), QStringLiteral("A link that stops further messages") },
    };
}

Result<QString> TemplateService::renderText(
    const QString& text, const QHash<QString, QString>& values, bool html, QStringList* used)
{
    return templates::renderText(text, values, html, used);
}

void TemplateService::smsLength(const QString& text, int* characters, int* segments, QString* encoding)
{
    templates::smsLength(text, characters, segments, encoding);
}

Status TemplateService::requireWrite(const Session& session, const OutreachTemplate& t, Action action)
{
    // The tenant's templates are managed by who may manage outreach; one's own by oneself.
    if (t.ownerId.isEmpty()) return m_ctx.authz.require(session, Resource::Outreach, Action::Manage);
    RD_TRY(m_ctx.authz.require(session, Resource::Outreach, action));
    if (t.ownerId != session.userId)
        return makeError(ErrorCode::PermissionDenied, QStringLiteral("This template belongs to another user."));
    return {};
}

Status TemplateService::checkFields(const OutreachTemplate& t)
{
    RD_TRY(validate::text(QStringLiteral("name"), t.name, 100, true));
    if (t.channel != QLatin1String("email") && t.channel != QLatin1String("sms"))
        return validate::failed(
            QStringLiteral("channel"), QStringLiteral("The channel is email or sms."), QStringLiteral("enum"));
    if (t.channel == QLatin1String("email")) {
        RD_TRY(validate::text(QStringLiteral("subject"), t.subject, 300, true));
        RD_TRY(validate::text(QStringLiteral("body"), t.body, 100000, true));
        RD_TRY(validate::text(QStringLiteral("body_html"), t.bodyHtml, 200000, false));
    } else {
        if (!t.subject.isEmpty())
            return validate::failed(QStringLiteral("subject"), QStringLiteral("An SMS has no subject."));
        if (!t.bodyHtml.isEmpty())
            return validate::failed(QStringLiteral("body_html"), QStringLiteral("An SMS has no HTML body."));
        RD_TRY(validate::text(QStringLiteral("body"), t.body, 1600, true));
    }
    if (t.followUpDays.has_value() != !t.followUpTemplate.isEmpty())
        return validate::failed(QStringLiteral("follow_up_days"),
            QStringLiteral("A follow-up needs both the number of days and the template to send."));
    if (t.followUpDays && (*t.followUpDays < 1 || *t.followUpDays > 90))
        return validate::failed(QStringLiteral("follow_up_days"),
            QStringLiteral("A follow-up is sent 1 to 90 days later."), QStringLiteral("range"));
    if (!t.followUpTemplate.isEmpty() && t.followUpTemplate == t.name)
        return validate::failed(
            QStringLiteral("follow_up_template"), QStringLiteral("A template cannot follow itself up."));
    // Every variable must exist (values come when it is rendered for someone).
    QHash<QString, QString> known;
    for (const auto& [name, description] : variables())
        known.insert(name, QStringLiteral("x"));
    for (const QString& text : { t.subject, t.body, t.bodyHtml })
        if (auto r = renderText(text, known, false); !r) return r.error();
    return {};
}

Result<OutreachTemplate> TemplateService::load(const Session& session, const QString& key)
{
    // The user's own first, then the tenant's.
    auto r
        = m_ctx.db.selectOne(QStringLiteral("SELECT %1 FROM outreach_templates WHERE tenant_id = ? AND deleted_at IS "
                                            "NULL AND (owner_id = '' OR owner_id = ?) AND (id = ? OR name = ?) "
                                            "ORDER BY owner_id = '' LIMIT 1")
                                 .arg(kColumns),
            { session.tenantId, session.userId, key, key });
    if (!r)
        return r.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, QStringLiteral("No template '%1'.").arg(key),
                { { QStringLiteral("field"), QStringLiteral("template") } })
            : r.error();
    return templateFrom(r.value());
}

Result<OutreachTemplate> TemplateService::get(const Session& session, const QString& key)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Outreach, Action::Read));
    return load(session, key);
}

Result<QList<OutreachTemplate>> TemplateService::list(const Session& session, const QString& channel)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Outreach, Action::Read));
    auto rows
        = m_ctx.db.select(QStringLiteral("SELECT %1 FROM outreach_templates WHERE tenant_id = ? AND deleted_at IS "
                                         "NULL AND (owner_id = '' OR owner_id = ?) AND (? = '' OR channel = ?) "
                                         "ORDER BY lower(name), owner_id = ''")
                              .arg(kColumns),
            { session.tenantId, session.userId, channel, channel });
    if (!rows) return rows.error();
    QList<OutreachTemplate> out;
    for (const auto& r : rows.value())
        out << templateFrom(r);
    return out;
}

Result<OutreachTemplate> TemplateService::create(const Session& session, const NewTemplate& in)
{
    OutreachTemplate t;
    t.name = in.name.trimmed();
    t.channel = in.channel;
    t.subject = in.subject;
    t.body = in.body;
    t.bodyHtml = in.bodyHtml;
    t.ownerId = in.personal ? session.userId : QString();
    t.followUpDays = in.followUpDays;
    t.followUpTemplate = in.followUpTemplate.trimmed();
    RD_TRY(requireWrite(session, t, Action::Create));
    RD_TRY(checkFields(t));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    const QString id = uow.newId();
    auto ins = m_ctx.db.change(
        QStringLiteral("INSERT INTO outreach_templates (id, tenant_id, owner_id, name, channel, subject, body, "
                       "body_html, follow_up_days, follow_up_template, created_at, updated_at, created_by, updated_by) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        { id, session.tenantId, t.ownerId, t.name, t.channel, t.subject, t.body, t.bodyHtml,
            t.followUpDays ? QVariant(*t.followUpDays) : QVariant(), t.followUpTemplate, uow.now(), uow.now(),
            session.userId, session.userId });
    if (!ins)
        return ins.error().code == ErrorCode::Conflict
            ? makeError(ErrorCode::Conflict, QStringLiteral("There is already a template called '%1'.").arg(t.name),
                { { QStringLiteral("field"), QStringLiteral("name") } })
            : ins.error();
    RD_TRY(uow.recorded(QStringLiteral("outreach_template.create"), QStringLiteral("outreach_template"), id,
        QStringLiteral("insert"),
        { { QStringLiteral("name"), t.name }, { QStringLiteral("channel"), t.channel },
            { QStringLiteral("personal"), in.personal } }));
    auto out = load(session, id);
    if (!out) return out.error();
    RD_TRY(uow.commit());
    return out;
}

Result<OutreachTemplate> TemplateService::update(const Session& session, const QString& key, const QJsonObject& fields)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Outreach, Action::Read));
    auto before = load(session, key);
    if (!before) return before.error();
    OutreachTemplate t = before.value();
    RD_TRY(requireWrite(session, t, Action::Update));
    static const QStringList allowed { QStringLiteral("name"), QStringLiteral("subject"), QStringLiteral("body"),
        QStringLiteral("body_html"), QStringLiteral("follow_up_days"), QStringLiteral("follow_up_template") };
    for (auto it = fields.begin(); it != fields.end(); ++it)
        if (!allowed.contains(it.key()))
            return validate::failed(it.key(), QStringLiteral("'%1' cannot be changed.").arg(it.key()));
    if (fields.contains(QStringLiteral("name"))) t.name = fields.value(QStringLiteral("name")).toString().trimmed();
    if (fields.contains(QStringLiteral("subject"))) t.subject = fields.value(QStringLiteral("subject")).toString();
    if (fields.contains(QStringLiteral("body"))) t.body = fields.value(QStringLiteral("body")).toString();
    if (fields.contains(QStringLiteral("body_html"))) t.bodyHtml = fields.value(QStringLiteral("body_html")).toString();
    if (fields.contains(QStringLiteral("follow_up_days"))) {
        const QJsonValue v = fields.value(QStringLiteral("follow_up_days"));
        t.followUpDays = v.isNull() ? std::nullopt : std::optional<int>(v.toInt());
    }
    if (fields.contains(QStringLiteral("follow_up_template")))
        t.followUpTemplate = fields.value(QStringLiteral("follow_up_template")).toString().trimmed();
    RD_TRY(checkFields(t));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto upd = m_ctx.db.change(
        QStringLiteral("UPDATE outreach_templates SET name = ?, subject = ?, body = ?, body_html = ?, follow_up_days = "
                       "?, follow_up_template = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
        { t.name, t.subject, t.body, t.bodyHtml, t.followUpDays ? QVariant(*t.followUpDays) : QVariant(),
            t.followUpTemplate, uow.now(), session.userId, t.id });
    if (!upd)
        return upd.error().code == ErrorCode::Conflict
            ? makeError(ErrorCode::Conflict, QStringLiteral("There is already a template called '%1'.").arg(t.name),
                { { QStringLiteral("field"), QStringLiteral("name") } })
            : upd.error();
    QJsonObject diff;
    for (auto it = fields.begin(); it != fields.end(); ++it)
        diff.insert(it.key(), it.key() == QLatin1String("name") ? QJsonValue(t.name) : QJsonValue(true));
    RD_TRY(uow.recorded(QStringLiteral("outreach_template.update"), QStringLiteral("outreach_template"), t.id,
        QStringLiteral("update"), diff));
    auto out = load(session, t.id);
    if (!out) return out.error();
    RD_TRY(uow.commit());
    return out;
}

Status TemplateService::remove(const Session& session, const QString& key)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Outreach, Action::Read));
    auto t = load(session, key);
    if (!t) return t.error();
    RD_TRY(requireWrite(session, t.value(), Action::Delete));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    RD_TRY(
        m_ctx.db.change(QStringLiteral("UPDATE outreach_templates SET deleted_at = ?, updated_at = ?, updated_by = ? "
                                       "WHERE id = ?"),
            { uow.now(), uow.now(), session.userId, t.value().id }));
    RD_TRY(uow.recorded(QStringLiteral("outreach_template.delete"), QStringLiteral("outreach_template"), t.value().id,
        QStringLiteral("delete"), { { QStringLiteral("name"), t.value().name } }));
    return uow.commit();
}

Result<RenderedMessage> TemplateService::render(
    const Session& session, const QString& templateKey, const QString& candidate, const QString& job)
{
    auto t = get(session, templateKey);
    if (!t) return t.error();
    return renderDraft(session, t.value(), candidate, job);
}

Result<RenderedMessage> TemplateService::renderDraft(
    const Session& session, const OutreachTemplate& draft, const QString& candidate, const QString& job)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Outreach, Action::Read));
    if (draft.channel != QLatin1String("email") && draft.channel != QLatin1String("sms"))
        return validate::failed(
            QStringLiteral("channel"), QStringLiteral("The channel is email or sms."), QStringLiteral("enum"));
    auto c = m_candidates.get(session, candidate);
    if (!c) return c.error();
    QHash<QString, QString> values;
    for (const auto& [name, description] : variables())
        values.insert(name, QString()); // known, no value until filled in
    const Candidate& cand = c.value();
    values[QStringLiteral("candidate.first_name")] = cand.firstName;
    values[QStringLiteral("candidate.last_name")] = cand.lastName;
    values[QStringLiteral("candidate.full_name")] = QStringList { cand.firstName, cand.lastName }
                                                        .filter(QRegularExpression(QStringLiteral("\\S")))
                                                        .join(QLatin1Char(' '));
    values[QStringLiteral("candidate.email")] = cand.emails.value(0);
    values[QStringLiteral("candidate.phone")] = cand.phones.value(0);
    values[QStringLiteral("candidate.location")] = cand.location;
    values[QStringLiteral("candidate.headline")] = cand.headline;
    if (!job.isEmpty()) {
        auto j = m_jobs.get(session, job);
        if (!j) return j.error();
        values[QStringLiteral("job.title")] = j.value().title;
        values[QStringLiteral("job.external_job_id")] = j.value().externalId;
        values[QStringLiteral("job.number")] = j.value().jobNumber;
        values[QStringLiteral("job.location")] = j.value().location;
        values[QStringLiteral("job.department")] = j.value().department;
        // Confirming interest is about a job: without one there is nothing to confirm.
        values[QStringLiteral("confirm_link")] = QStringLiteral("{{confirm_link}}");
    }
    values[QStringLiteral("unsubscribe_link")] = QStringLiteral("{{unsubscribe_link}}");
    auto me = m_ctx.db.selectOne(
        QStringLiteral("SELECT given_name, family_name, email FROM users WHERE id = ? AND tenant_id = ?"),
        { session.userId, session.tenantId });
    if (me) {
        values[QStringLiteral("recruiter.first_name")] = me.value().value(0).toString();
        const QString name
            = (me.value().value(0).toString() + QLatin1Char(' ') + me.value().value(1).toString()).trimmed();
        values[QStringLiteral("recruiter.name")] = name.isEmpty() ? me.value().value(2).toString() : name;
        values[QStringLiteral("recruiter.email")] = me.value().value(2).toString();
    }
    auto tenant = m_ctx.db.selectOne(QStringLiteral("SELECT name FROM tenants WHERE id = ?"), { session.tenantId });
    if (tenant) values[QStringLiteral("agency.name")] = tenant.value().value(0).toString();

    RenderedMessage out;
    out.channel = draft.channel;
    const bool email = draft.channel == QLatin1String("email");
    templates::Problems problems; // of every part at once (the subject's and the body's missing values together)
    const QString subject = templates::substitute(email ? draft.subject : QString(), values, false, &out.variables, problems);
    const QString body = templates::substitute(draft.body, values, false, &out.variables, problems);
    const QString html = templates::substitute(email ? draft.bodyHtml : QString(), values, true, &out.variables, problems);
    if (problems.any()) return problems.error();
    out.body = body;
    if (email) {
        out.subject = subject.simplified(); // one line
        out.bodyHtml = html;
    } else {
        QString counted = out.body;
        for (const QString& v : templates::kServerVariables)
            counted.replace(QStringLiteral("{{%1}}").arg(v), QString(templates::kLinkLength, QLatin1Char('x')));
        smsLength(counted, &out.smsCharacters, &out.smsSegments, &out.smsEncoding);
    }
    return out;
}

} // namespace rd

#include "interviewservice.h"

#include "auth/permissions.h"
#include "auth/validation.h"
#include "common/ids.h"
#include "common/json.h"
#include "recruiting/candidateservice.h"
#include "recruiting/jobservice.h"
#include "service/context.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlRecord>
#include <QTimeZone>

namespace rd {

QJsonObject Interview::toJson() const
{
    QJsonArray fb;
    for (const QJsonObject& f : feedback)
        fb << f;
    return { { QStringLiteral("id"), id }, { QStringLiteral("application_id"), applicationId },
        { QStringLiteral("starts_at"), startsAtUtc }, { QStringLiteral("time_zone"), timeZone },
        { QStringLiteral("duration_min"), durationMin }, { QStringLiteral("location"), location },
        { QStringLiteral("video_link"), videoLink }, { QStringLiteral("status"), status },
        { QStringLiteral("interviewers"), QJsonArray::fromStringList(interviewerIds) }, { QStringLiteral("feedback"), fb } };
}

Status InterviewService::checkApplicationScope(const Session& session, const QString& applicationId)
{
    auto app = m_ctx.db.selectOne(QStringLiteral("SELECT job_id FROM applications WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL"),
        { applicationId, session.tenantId });
    if (!app)
        return app.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("Application not found.")) : app.error();
    if (!m_jobs.isScopedManager(session))
        return {};
    auto job = m_jobs.load(session.tenantId, app.value().value(0).toString());
    if (!job)
        return job.error();
    if (!job.value().managerIds.contains(session.userId))
        return makeError(ErrorCode::PermissionDenied, QStringLiteral("You can only work on applications for jobs assigned to you."),
            { { QStringLiteral("rule"), QStringLiteral("assigned_jobs_only") } });
    return {};
}

Result<Interview> InterviewService::load(const QString& tenantId, const QString& id)
{
    auto r = m_ctx.db.selectOne(QStringLiteral("SELECT id, application_id, starts_at, time_zone, duration_min, location, video_link, status "
                                               "FROM interviews WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL"),
        { id, tenantId });
    if (!r)
        return r.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("Interview not found.")) : r.error();
    Interview iv { r.value().value(0).toString(), r.value().value(1).toString(), r.value().value(2).toString(), r.value().value(3).toString(),
        r.value().value(4).toInt(), r.value().value(5).toString(), r.value().value(6).toString(), r.value().value(7).toString(), {}, {} };
    auto who = m_ctx.db.select(QStringLiteral("SELECT user_id FROM interviewers WHERE interview_id = ? AND deleted_at IS NULL ORDER BY user_id"), { id });
    if (!who)
        return who.error();
    for (const auto& w : who.value())
        iv.interviewerIds << w.value(0).toString();
    auto fb = m_ctx.db.select(QStringLiteral("SELECT interviewer_id, ratings, recommendation, comment, updated_at FROM interview_feedback "
                                             "WHERE interview_id = ? AND deleted_at IS NULL ORDER BY interviewer_id"),
        { id });
    if (!fb)
        return fb.error();
    for (const auto& f : fb.value())
        iv.feedback << QJsonObject { { QStringLiteral("interviewer_id"), f.value(0).toString() },
            { QStringLiteral("ratings"), parseObject(f.value(1).toString()) }, { QStringLiteral("recommendation"), f.value(2).toString() },
            { QStringLiteral("comment"), f.value(3).toString() }, { QStringLiteral("updated_at"), f.value(4).toString() } };
    return iv;
}

Result<QList<QJsonObject>> InterviewService::list(
    const Session& session, const QString& fromUtc, const QString& toUtc, bool mineOnly)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Interview, Action::Read));
    auto [where, scopeBinds] = m_jobs.assignedJobsFilter(session, QStringLiteral("a.job_id"));
    QVariantList binds = QVariantList { session.tenantId, fromUtc, toUtc } + scopeBinds;
    if (mineOnly) {
        where += QStringLiteral(
            " AND (i.created_by = ? OR EXISTS (SELECT 1 FROM interviewers v WHERE v.interview_id = i.id AND "
            "v.user_id = ? AND v.deleted_at IS NULL))");
        binds << session.userId << session.userId;
    }
    auto rows = m_ctx.db.select(
        QStringLiteral(
            "SELECT i.id, i.application_id, i.starts_at, i.time_zone, i.duration_min, i.location, i.video_link, "
            "i.status, "
            "c.id, trim(c.first_name || ' ' || c.last_name), j.id, j.title, (SELECT count(*) FROM interview_feedback f "
            "WHERE "
            "f.interview_id = i.id AND f.deleted_at IS NULL) FROM interviews i JOIN applications a ON a.id = "
            "i.application_id "
            "JOIN candidates c ON c.id = a.candidate_id JOIN job_postings j ON j.id = a.job_id WHERE i.tenant_id = ? "
            "AND "
            "i.deleted_at IS NULL AND i.starts_at >= ? AND i.starts_at < ?%1 ORDER BY i.starts_at, i.id LIMIT 500")
            .arg(where),
        binds);
    if (!rows) return rows.error();
    QList<QJsonObject> out;
    for (const auto& r : rows.value()) {
        const QString id = r.value(0).toString();
        auto who = m_ctx.db.select(
            QStringLiteral("SELECT u.id, coalesce(nullif(trim(u.given_name || ' ' || u.family_name), ''), u.email), "
                           "EXISTS (SELECT 1 FROM interview_feedback f WHERE f.interview_id = v.interview_id AND "
                           "f.interviewer_id = u.id AND f.deleted_at IS NULL) FROM interviewers v JOIN users u ON "
                           "u.id = v.user_id WHERE v.interview_id = ? AND v.deleted_at IS NULL ORDER BY 2"),
            { id });
        if (!who) return who.error();
        QJsonArray interviewers;
        bool mine = false, myFeedback = false;
        for (const auto& w : who.value()) {
            interviewers << QJsonObject { { QStringLiteral("id"), w.value(0).toString() },
                { QStringLiteral("name"), w.value(1).toString() } };
            if (w.value(0).toString() == session.userId) {
                mine = true;
                myFeedback = w.value(2).toBool();
            }
        }
        out << QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("application_id"), r.value(1).toString() },
            { QStringLiteral("starts_at"), r.value(2).toString() },
            { QStringLiteral("time_zone"), r.value(3).toString() },
            { QStringLiteral("duration_min"), r.value(4).toInt() },
            { QStringLiteral("location"), r.value(5).toString() },
            { QStringLiteral("video_link"), r.value(6).toString() },
            { QStringLiteral("status"), r.value(7).toString() },
            { QStringLiteral("candidate_id"), r.value(8).toString() },
            { QStringLiteral("candidate"), r.value(9).toString() },
            { QStringLiteral("job_id"), r.value(10).toString() }, { QStringLiteral("job"), r.value(11).toString() },
            { QStringLiteral("interviewers"), interviewers }, { QStringLiteral("feedback_count"), r.value(12).toInt() },
            { QStringLiteral("i_interview"), mine }, { QStringLiteral("my_feedback"), myFeedback } };
    }
    return out;
}

namespace {
// START (ISO-8601 with an offset, or local time in TIMEZONE) as UTC ISO-8601, checked with the
// zone and DURATION (minutes).
Result<QString> plannedStart(const QString& startText, const QString& timeZone, int durationMin)
{
    const QByteArray tzId = timeZone.toUtf8();
    if (timeZone.isEmpty() || !QTimeZone::isTimeZoneIdAvailable(tzId))
        return validate::failed(QStringLiteral("time_zone"), QStringLiteral("'%1' is not an IANA time zone (e.g. Europe/Berlin).").arg(timeZone),
            QStringLiteral("time_zone"));
    QDateTime start = QDateTime::fromString(startText, Qt::ISODate);
    if (start.isValid() && start.timeSpec() == Qt::LocalTime) // no offset given: local time in the planning zone
        start = QDateTime(start.date(), start.time(), QTimeZone(tzId));
    if (!start.isValid())
        return validate::failed(QStringLiteral("start"), QStringLiteral("start must be an ISO date and time, e.g. 2026-12-01T10:00."),
            QStringLiteral("format"));
    if (durationMin < 5 || durationMin > 8 * 60)
        return validate::failed(QStringLiteral("duration"), QStringLiteral("duration must be 5 to 480 minutes."), QStringLiteral("range"));
    return Clock::toIso(start.toMSecsSinceEpoch());
}
} // namespace

Result<Interview> InterviewService::schedule(const Session& session, const NewInterview& in)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Interview, Action::Create));
    auto planned = plannedStart(in.start, in.timeZone, in.durationMin);
    if (!planned)
        return planned.error();
    RD_TRY(validate::text(QStringLiteral("location"), in.location, 300, false));
    RD_TRY(validate::text(QStringLiteral("video_link"), in.videoLink, 500, false));
    static const QRegularExpression spaceOrControl(QStringLiteral("[\\x00-\\x20\\x7f]"));
    if (!in.videoLink.isEmpty() && (!in.videoLink.trimmed().startsWith(QLatin1String("https://")) || in.videoLink.trimmed().contains(spaceOrControl)))
        return validate::failed(QStringLiteral("video_link"), QStringLiteral("video_link must be an https:// address."), QStringLiteral("format"));
    RD_TRY(checkApplicationScope(session, in.applicationId));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    for (const QString& u : in.interviewerIds) {
        auto user = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM users WHERE id = ? AND tenant_id = ? AND active = 1 AND deleted_at IS NULL"),
            { u, session.tenantId });
        if (!user)
            return validate::failed(QStringLiteral("interviewers"), QStringLiteral("An interviewer is not an active user of this workspace."),
                QStringLiteral("unknown_user"));
    }
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    const QString startsAt = planned.value();
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO interviews (id, tenant_id, application_id, starts_at, time_zone, duration_min, "
                                              "location, video_link, created_at, updated_at, created_by, updated_by) VALUES "
                                              "(?,?,?,?,?,?,?,?,?,?,?,?)"),
        { id, session.tenantId, in.applicationId, startsAt, in.timeZone, in.durationMin, in.location.trimmed(), in.videoLink.trimmed(),
            uow.now(), uow.now(), session.userId, session.userId });
    if (!ins)
        return ins.error();
    RD_TRY(uow.recorded(QStringLiteral("interview.create"), QStringLiteral("interview"), id, QStringLiteral("insert"),
        { { QStringLiteral("application_id"), in.applicationId }, { QStringLiteral("starts_at"), startsAt },
            { QStringLiteral("time_zone"), in.timeZone }, { QStringLiteral("duration_min"), in.durationMin },
            { QStringLiteral("location"), in.location.trimmed() }, { QStringLiteral("video_link"), in.videoLink.trimmed() },
            { QStringLiteral("interviewers"), QJsonArray::fromStringList(in.interviewerIds) } }));
    for (const QString& u : in.interviewerIds) {
        const QString rid = newUuidV7(m_ctx.clock.nowMs());
        auto r = m_ctx.db.change(QStringLiteral("INSERT INTO interviewers (id, tenant_id, interview_id, user_id, created_at, updated_at, "
                                                "created_by, updated_by) VALUES (?,?,?,?,?,?,?,?)"),
            { rid, session.tenantId, id, u, uow.now(), uow.now(), session.userId, session.userId });
        if (!r)
            return r.error();
    }
    auto iv = load(session.tenantId, id);
    if (!iv)
        return iv.error();
    RD_TRY(uow.commit());
    return iv;
}

Result<Interview> InterviewService::get(const Session& session, const QString& id)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Interview, Action::Read, id));
    auto iv = load(session.tenantId, id);
    if (!iv)
        return iv.error();
    RD_TRY(checkApplicationScope(session, iv.value().applicationId));
    return iv;
}

Result<Interview> InterviewService::setStatus(const Session& session, const QString& id, const QString& status)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Interview, Action::Update, id));
    if (status != QLatin1String("scheduled") && status != QLatin1String("completed") && status != QLatin1String("cancelled"))
        return validate::failed(QStringLiteral("status"), QStringLiteral("status is scheduled, completed or cancelled."), QStringLiteral("enum"));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto iv = load(session.tenantId, id);
    if (!iv)
        return iv.error();
    RD_TRY(checkApplicationScope(session, iv.value().applicationId));
    auto up = m_ctx.db.change(QStringLiteral("UPDATE interviews SET status = ?, updated_at = ?, updated_by = ? WHERE id = ?"),
        { status, uow.now(), session.userId, id });
    if (!up)
        return up.error();
    RD_TRY(uow.recorded(QStringLiteral("interview.set_status"), QStringLiteral("interview"), id, QStringLiteral("update"),
        { { QStringLiteral("status"), status } }));
    auto after = load(session.tenantId, id);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

Result<Interview> InterviewService::reschedule(const Session& session, const QString& id, const QString& start, const QString& timeZone,
    int durationMin)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Interview, Action::Update, id));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto iv = load(session.tenantId, id);
    if (!iv)
        return iv.error();
    RD_TRY(checkApplicationScope(session, iv.value().applicationId));
    if (iv.value().status != QLatin1String("scheduled"))
        return makeError(ErrorCode::Conflict, QStringLiteral("Only a scheduled interview can be moved (this one is %1).").arg(iv.value().status),
            { { QStringLiteral("reason"), QStringLiteral("not_scheduled") } });
    const QString zone = timeZone.isEmpty() ? iv.value().timeZone : timeZone;
    const int duration = durationMin > 0 ? durationMin : iv.value().durationMin;
    auto planned = plannedStart(start, zone, duration);
    if (!planned)
        return planned.error();
    auto up = m_ctx.db.change(QStringLiteral("UPDATE interviews SET starts_at = ?, time_zone = ?, duration_min = ?, updated_at = ?, updated_by = ? "
                                             "WHERE id = ?"),
        { planned.value(), zone, duration, uow.now(), session.userId, id });
    if (!up)
        return up.error();
    RD_TRY(uow.recorded(QStringLiteral("interview.reschedule"), QStringLiteral("interview"), id, QStringLiteral("update"),
        { { QStringLiteral("starts_at"), planned.value() }, { QStringLiteral("time_zone"), zone }, { QStringLiteral("duration_min"), duration } }));
    auto after = load(session.tenantId, id);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

Result<Interview> InterviewService::giveFeedback(const Session& session, const QString& id, const QJsonObject& ratings,
    const QString& recommendation, const QString& comment)
{
    RD_TRY(m_ctx.authz.require(session, Resource::Interview, Action::Update, id));
    static const QStringList recs { QStringLiteral("strong_yes"), QStringLiteral("yes"), QStringLiteral("no"), QStringLiteral("strong_no") };
    if (!recs.contains(recommendation))
        return validate::failed(QStringLiteral("recommendation"), QStringLiteral("recommendation is strong_yes, yes, no or strong_no."),
            QStringLiteral("enum"));
    for (auto it = ratings.begin(); it != ratings.end(); ++it) {
        RD_TRY(validate::text(QStringLiteral("ratings"), it.key(), 100, true));
        const double v = it.value().toDouble(-1);
        if (!it.value().isDouble() || v < 1 || v > 5 || v != double(int(v)))
            return validate::failed(QStringLiteral("ratings"), QStringLiteral("Ratings are whole numbers from 1 to 5 ('%1').").arg(it.key()),
                QStringLiteral("range"));
    }
    RD_TRY(validate::text(QStringLiteral("comment"), comment, 10000, false));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    auto iv = load(session.tenantId, id);
    if (!iv)
        return iv.error();
    if (!iv.value().interviewerIds.contains(session.userId))
        return makeError(ErrorCode::PermissionDenied, QStringLiteral("Only the interview's interviewers give feedback."),
            { { QStringLiteral("rule"), QStringLiteral("interviewers_only") } });
    auto old = m_ctx.db.change(QStringLiteral("UPDATE interview_feedback SET deleted_at = ?, updated_at = ? WHERE interview_id = ? AND "
                                              "interviewer_id = ? AND deleted_at IS NULL"),
        { uow.now(), uow.now(), id, session.userId });
    if (!old)
        return old.error();
    const QString fid = newUuidV7(m_ctx.clock.nowMs());
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO interview_feedback (id, tenant_id, interview_id, interviewer_id, ratings, "
                                              "recommendation, comment, created_at, updated_at, created_by, updated_by) VALUES "
                                              "(?,?,?,?,?,?,?,?,?,?,?)"),
        { fid, session.tenantId, id, session.userId, QString::fromUtf8(canonicalJson(ratings)), recommendation, comment, uow.now(), uow.now(),
            session.userId, session.userId });
    if (!ins)
        return ins.error();
    // Feedback is about the candidate: its audit diff is sealed under the candidate's key.
    auto person = m_ctx.db.selectOne(QStringLiteral("SELECT candidate_id FROM applications WHERE id = ?"), { iv.value().applicationId });
    if (!person)
        return person.error();
    const QJsonObject fields { { QStringLiteral("interview_id"), id }, { QStringLiteral("ratings"), ratings },
        { QStringLiteral("recommendation"), recommendation }, { QStringLiteral("comment"), comment } };
    RD_TRY(uow.recordedPersonal(person.value().value(0).toString(), QStringLiteral("interview.feedback"), QStringLiteral("interview_feedback"),
        fid, QStringLiteral("insert"), fields));
    auto after = load(session.tenantId, id);
    if (!after)
        return after.error();
    RD_TRY(uow.commit());
    return after;
}

namespace {
// RFC 5545 text escaping and 75-octet line folding.
QString icsText(QString s)
{
    s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    s.replace(QLatin1Char(';'), QStringLiteral("\\;"));
    s.replace(QLatin1Char(','), QStringLiteral("\\,"));
    s.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    s.remove(QLatin1Char('\r'));
    return s;
}

QString fold(const QString& line)
{
    QByteArray utf8 = line.toUtf8();
    QString out;
    int taken = 0;
    bool first = true;
    while (!utf8.isEmpty()) {
        int n = std::min<int>(int(utf8.size()), first ? 75 : 74);
        while (n < utf8.size() && (quint8(utf8[n]) & 0xC0) == 0x80) // do not split a UTF-8 sequence
            --n;
        out += (first ? QString() : QStringLiteral("\r\n ")) + QString::fromUtf8(utf8.left(n));
        utf8.remove(0, n);
        taken += n;
        first = false;
    }
    return out + QStringLiteral("\r\n");
}

QString icsTime(qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")); }
} // namespace

Result<QString> InterviewService::ics(const Session& session, const QString& id)
{
    auto iv = get(session, id);
    if (!iv)
        return iv.error();
    auto names = m_ctx.db.selectOne(QStringLiteral("SELECT trim(c.first_name || ' ' || c.last_name), j.title FROM applications a JOIN "
                                                   "candidates c ON c.id = a.candidate_id JOIN job_postings j ON j.id = a.job_id WHERE a.id = ?"),
        { iv.value().applicationId });
    if (!names)
        return names.error();
    // Who planned it (the organizer a calendar needs to accept a cancellation) and when the
    // interview last changed: SEQUENCE grows with every change, so a calendar that imported an
    // earlier file takes a moved time or a cancellation as the newer version of the same event.
    auto meta = m_ctx.db.selectOne(QStringLiteral("SELECT i.created_at, i.updated_at, coalesce(u.email, ''), coalesce(trim(u.given_name || ' ' || "
                                                  "u.family_name), '') FROM interviews i LEFT JOIN users u ON u.id = i.created_by WHERE i.id = ?"),
        { id });
    if (!meta)
        return meta.error();
    const qint64 sequence = std::max<qint64>(0, (Clock::fromIso(meta.value().value(1).toString()) - Clock::fromIso(meta.value().value(0).toString())) / 1000);
    const bool cancelled = iv.value().status == QLatin1String("cancelled");
    const qint64 start = Clock::fromIso(iv.value().startsAtUtc);
    const qint64 end = start + qint64(iv.value().durationMin) * 60 * 1000;
    QString out;
    out += fold(QStringLiteral("BEGIN:VCALENDAR"));
    out += fold(QStringLiteral("VERSION:2.0"));
    out += fold(QStringLiteral("PRODID:-//RecruitDesk//Interviews//EN"));
    out += fold(cancelled ? QStringLiteral("METHOD:CANCEL") : QStringLiteral("METHOD:PUBLISH"));
    out += fold(QStringLiteral("BEGIN:VEVENT"));
    out += fold(QStringLiteral("UID:%1@recruitdesk").arg(iv.value().id));
    out += fold(QStringLiteral("SEQUENCE:%1").arg(sequence));
    out += fold(QStringLiteral("DTSTAMP:%1").arg(icsTime(m_ctx.clock.nowMs())));
    // A name or address goes into one property line: no line breaks or other control
    // characters (they would add lines of their own), no quotes in a quoted parameter.
    static const QRegularExpression control(QStringLiteral("[\\x00-\\x1f\\x7f\"]"));
    const auto person = [&](const QString& property, const QString& name, const QString& email) {
        const QString cn = QString(name).remove(control).trimmed();
        const QString address = QString(email).remove(control).remove(QLatin1Char(' '));
        if (address.isEmpty())
            return;
        out += fold(QStringLiteral("%1%2:mailto:%3").arg(property, cn.isEmpty() ? QString() : QStringLiteral(";CN=\"%1\"").arg(cn), address));
    };
    person(QStringLiteral("ORGANIZER"), meta.value().value(3).toString(), meta.value().value(2).toString());
    // The interviewers, so a calendar that takes the file as an invitation knows whom it concerns.
    auto interviewers = m_ctx.db.select(QStringLiteral("SELECT u.email, trim(u.given_name || ' ' || u.family_name) FROM interviewers i JOIN users u "
                                                       "ON u.id = i.user_id WHERE i.interview_id = ? AND i.deleted_at IS NULL ORDER BY u.email"),
        { id });
    if (!interviewers)
        return interviewers.error();
    for (const auto& r : interviewers.value())
        person(QStringLiteral("ATTENDEE;ROLE=REQ-PARTICIPANT"), r.value(1).toString(), r.value(0).toString());
    out += fold(QStringLiteral("DTSTART:%1").arg(icsTime(start)));
    out += fold(QStringLiteral("DTEND:%1").arg(icsTime(end)));
    out += fold(QStringLiteral("SUMMARY:%1").arg(icsText(QStringLiteral("Interview: %1 – %2").arg(names.value().value(0).toString(),
                                                    names.value().value(1).toString()))));
    if (!iv.value().location.isEmpty())
        out += fold(QStringLiteral("LOCATION:%1").arg(icsText(iv.value().location)));
    QString description = QStringLiteral("Planned in %1.").arg(iv.value().timeZone);
    if (!iv.value().videoLink.isEmpty()) {
        description += QStringLiteral("\nVideo: ") + iv.value().videoLink;
        out += fold(QStringLiteral("URL:%1").arg(QString(iv.value().videoLink).remove(control)));
    }
    out += fold(QStringLiteral("DESCRIPTION:%1").arg(icsText(description)));
    out += fold(QStringLiteral("STATUS:%1").arg(iv.value().status == QLatin1String("cancelled") ? QStringLiteral("CANCELLED")
                                                                                              : QStringLiteral("CONFIRMED")));
    out += fold(QStringLiteral("END:VEVENT"));
    out += fold(QStringLiteral("END:VCALENDAR"));
    return out;
}

namespace {
Result<Resource> noteResource(const QString& type)
{
    if (type == QLatin1String("candidate"))
        return Resource::Candidate;
    if (type == QLatin1String("job"))
        return Resource::Job;
    if (type == QLatin1String("application"))
        return Resource::Application;
    return validate::failed(QStringLiteral("subject"), QStringLiteral("Notes go on a candidate, job or application."), QStringLiteral("enum"));
}
} // namespace

Result<QJsonObject> InterviewService::addNote(const Session& session, const QString& type, const QString& subjectId, const QString& body)
{
    auto res = noteResource(type);
    if (!res)
        return res.error();
    RD_TRY(m_ctx.authz.require(session, res.value(), Action::Update, subjectId));
    RD_TRY(validate::text(QStringLiteral("body"), body, 20000, true));
    const QString table = type == QLatin1String("candidate") ? QStringLiteral("candidates")
        : type == QLatin1String("job")                       ? QStringLiteral("job_postings")
                                                             : QStringLiteral("applications");
    auto exists = m_ctx.db.selectOne(QStringLiteral("SELECT id FROM %1 WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL").arg(table),
        { subjectId, session.tenantId });
    if (!exists)
        return exists.error().code == ErrorCode::NotFound ? makeError(ErrorCode::NotFound, QStringLiteral("Nothing to attach the note to."))
                                                          : exists.error();
    if (type == QLatin1String("application"))
        RD_TRY(checkApplicationScope(session, subjectId));
    UnitOfWork uow(m_ctx, session);
    RD_TRY(uow.status());
    const QString id = newUuidV7(m_ctx.clock.nowMs());
    auto ins = m_ctx.db.change(QStringLiteral("INSERT INTO notes (id, tenant_id, subject_type, subject_id, body, created_at, updated_at, "
                                              "created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?)"),
        { id, session.tenantId, type, subjectId, body, uow.now(), uow.now(), session.userId, session.userId });
    if (!ins)
        return ins.error();
    const QJsonObject note { { QStringLiteral("id"), id }, { QStringLiteral("subject_type"), type }, { QStringLiteral("subject_id"), subjectId },
        { QStringLiteral("body"), body }, { QStringLiteral("author_id"), session.userId }, { QStringLiteral("created_at"), uow.now() } };
    // A note about a candidate (or one of their applications) is personal data: its audit diff
    // is sealed under the candidate's key so that erasure can make it unreadable.
    QString person = type == QLatin1String("candidate") ? subjectId : QString();
    if (type == QLatin1String("application")) {
        auto app = m_ctx.db.selectOne(QStringLiteral("SELECT candidate_id FROM applications WHERE id = ?"), { subjectId });
        if (!app)
            return app.error();
        person = app.value().value(0).toString();
    }
    RD_TRY(uow.recordedPersonal(person, QStringLiteral("note.create"), QStringLiteral("note"), id, QStringLiteral("insert"), note));
    RD_TRY(uow.commit());
    return note;
}

Result<QList<QJsonObject>> InterviewService::notes(const Session& session, const QString& type, const QString& subjectId)
{
    auto res = noteResource(type);
    if (!res)
        return res.error();
    RD_TRY(m_ctx.authz.require(session, res.value(), Action::Read, subjectId));
    if (type == QLatin1String("application"))
        RD_TRY(checkApplicationScope(session, subjectId));
    if (type == QLatin1String("candidate"))
        RD_TRY(m_ctx.authz.requireCandidateVisible(session, subjectId));
    if (type == QLatin1String("job"))
        RD_TRY(m_ctx.authz.requireJobVisible(session, subjectId));
    auto rows = m_ctx.db.select(QStringLiteral("SELECT id, body, created_by, created_at FROM notes WHERE tenant_id = ? AND subject_type = ? "
                                               "AND subject_id = ? AND deleted_at IS NULL ORDER BY created_at, id"),
        { session.tenantId, type, subjectId });
    if (!rows)
        return rows.error();
    QList<QJsonObject> out;
    for (const auto& r : rows.value())
        out << QJsonObject { { QStringLiteral("id"), r.value(0).toString() }, { QStringLiteral("subject_type"), type },
            { QStringLiteral("subject_id"), subjectId }, { QStringLiteral("body"), r.value(1).toString() },
            { QStringLiteral("author_id"), r.value(2).toString() }, { QStringLiteral("created_at"), r.value(3).toString() } };
    return out;
}

} // namespace rd

#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QJsonObject>
#include <QStringList>

namespace rd {

struct ServiceContext;
class JobService;

struct Interview {
    QString id;
    QString applicationId;
    QString startsAtUtc; // ISO-8601 UTC
    QString timeZone;    // IANA zone it was planned in
    int durationMin = 0;
    QString location;
    QString videoLink;
    QString status;
    QStringList interviewerIds;
    QList<QJsonObject> feedback;
    QJsonObject toJson() const;
};

struct NewInterview {
    QString applicationId;
    QString start;    // ISO-8601 with offset/Z, or local "yyyy-MM-ddTHH:mm" in timeZone
    QString timeZone; // IANA, e.g. Europe/Berlin
    int durationMin = 60;
    QString location;
    QString videoLink;
    QStringList interviewerIds;
};

// Interviews with interviewers and per-interviewer feedback (scorecard ratings 1-5 and a
// recommendation); .ics export. Notes on candidates, jobs and applications live here too.
class InterviewService {
public:
    InterviewService(ServiceContext& ctx, JobService& jobs) : m_ctx(ctx), m_jobs(jobs) { }

    Result<Interview> schedule(const Session& session, const NewInterview& in);
    Result<Interview> get(const Session& session, const QString& id);
    Result<Interview> setStatus(const Session& session, const QString& id, const QString& status);
    // Moves a scheduled interview to START (as in schedule); an empty TIMEZONE or a DURATION of 0
    // keeps the interview's. Its .ics then carries a higher SEQUENCE.
    Result<Interview> reschedule(const Session& session, const QString& id, const QString& start, const QString& timeZone = {},
        int durationMin = 0);
    // Only a listed interviewer gives feedback, once (a second call replaces it).
    Result<Interview> giveFeedback(const Session& session, const QString& id, const QJsonObject& ratings,
        const QString& recommendation, const QString& comment);
    // An .ics calendar event (RFC 5545): SEQUENCE grows with every change of the interview (a
    // moved time replaces the event in the calendar that imported it); a cancelled interview is
    // METHOD:CANCEL with STATUS:CANCELLED, which removes it; ORGANIZER is who planned it.
    Result<QString> ics(const Session& session, const QString& id);
    // Interviews starting in [fromUtc, toUtc) (ISO-8601 UTC), earliest first, with the
    // candidate, the job and the interviewers' names: {id, application_id, starts_at,
    // time_zone, duration_min, location, video_link, status, candidate_id, candidate, job_id,
    // job, interviewers:[{id,name}], feedback_count, my_feedback}. mineOnly: those the reader
    // interviews in or planned. A hiring manager sees those of jobs assigned to them.
    Result<QList<QJsonObject>> list(const Session& session, const QString& fromUtc, const QString& toUtc, bool mineOnly = false);

    Result<QJsonObject> addNote(const Session& session, const QString& subjectType, const QString& subjectId, const QString& body);
    Result<QList<QJsonObject>> notes(const Session& session, const QString& subjectType, const QString& subjectId);

private:
    Result<Interview> load(const QString& tenantId, const QString& id);
    Status checkApplicationScope(const Session& session, const QString& applicationId);
    ServiceContext& m_ctx;
    JobService& m_jobs;
};

} // namespace rd

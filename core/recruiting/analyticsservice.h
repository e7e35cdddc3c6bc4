#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QJsonArray>
#include <QJsonObject>

namespace rd {

struct ServiceContext;
class JobService;

// Funnel and flow figures (queries only; charts come with the UI). Needs report.read.
class AnalyticsService {
public:
    AnalyticsService(ServiceContext& ctx, JobService& jobs) : m_ctx(ctx), m_jobs(jobs) { }

    // Per stage of one job (pipeline order), or per stage kind over all jobs: applications that
    // reached the stage, are in it now, and the conversion from the previous stage.
    Result<QJsonArray> funnel(const Session& session, const QString& job = {});
    // Median hours spent in each stage before the next move (moves out only).
    Result<QJsonArray> timeInStage(const Session& session, const QString& job = {});
    Result<QJsonArray> bySource(const Session& session);
    Result<QJsonArray> byWeek(const Session& session); // ISO-like year-week of applied_at

private:
    ServiceContext& m_ctx;
    JobService& m_jobs;
};

} // namespace rd

#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QJsonObject>
#include <QStringList>

namespace rd {

class Workspace;

// Deterministic, realistic demo data: candidate i and job j depend only on (seed, i) and
// (seed, j), so the same seed gives the same records on every machine and any count. Names,
// cities with coordinates, skills from the curated taxonomy (resources/taxonomy/skills.json),
// CV texts of 1-3 KB. Used by the first run, tests and the benchmarks.
class DemoData {
public:
    explicit DemoData(quint64 seed) : m_seed(seed) { }

    // Fields for CandidateService::create plus "resume_text" (the CV) and "profile" (index).
    QJsonObject candidate(int i) const;
    // Fields for JobService::create.
    QJsonObject job(int j) const;
    // The job a candidate applies to, or -1 (about one candidate in three applies).
    int appliedJob(int i, int jobs) const;

    // One CSV row per candidate with the canonical import headers (docs/import.md).
    static QStringList csvHeaders();
    QByteArray csvRow(int i) const;

    // Every skill name the generator can produce (each is in the taxonomy).
    static QStringList allSkills();

private:
    quint64 m_seed;
};

struct DemoSeedOptions {
    int candidates = 200;
    int jobs = 20;
    quint64 seed = 1;
    bool applications = true;
};

// Creates the jobs (published), candidates with CV versions and applications through the
// services, as `session`. Returns {"jobs","candidates","applications","cv_versions","seconds"}.
Result<QJsonObject> seedDemoData(Workspace& ws, const Session& session, const DemoSeedOptions& options);

} // namespace rd

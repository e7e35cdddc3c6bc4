#include "matchesmodel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"

#include <QtConcurrent>

MatchesModel::MatchesModel(QObject* parent)
    : QAbstractListModel(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_watcher.isCanceled()) return;
        const Outcome outcome = m_watcher.result();
        if (outcome.generation != m_generation) return;
        // Busy until the newest answer is in the model (not merely computed on the pool).
        m_busy = false;
        Q_EMIT busyChanged();
        if (outcome.error) ErrorModel::instance()->report(*outcome.error);
        take(outcome.rows);
    });
}

MatchesModel::~MatchesModel()
{
    m_watcher.waitForFinished();
}

int MatchesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MatchesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return r.title;
    case CandidateIdRole:
        return r.candidateId;
    case JobIdRole:
        return r.jobId;
    case ScoreRole:
        return r.score;
    case ExcludedRole:
        return r.excluded;
    case ExclusionRole:
        return r.exclusion;
    case MatchedRole:
        return r.matched;
    case MissingRole:
        return r.missing;
    case NiceRole:
        return r.nice;
    case DistanceRole:
        return r.distance;
    case RemoteRole:
        return r.remote;
    case AppliedRole:
        return r.applied;
    case WhyRole:
        return r.why;
    default:
        return {};
    }
}

QHash<int, QByteArray> MatchesModel::roleNames() const
{
    return { { CandidateIdRole, "candidateId" }, { JobIdRole, "jobId" }, { TitleRole, "title" }, { ScoreRole, "score" },
        { ExcludedRole, "excluded" }, { ExclusionRole, "exclusion" }, { MatchedRole, "matched" },
        { MissingRole, "missing" }, { NiceRole, "nice" }, { DistanceRole, "distance" }, { RemoteRole, "remote" },
        { AppliedRole, "applied" }, { WhyRole, "why" } };
}

void MatchesModel::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reload();
}

void MatchesModel::setJobId(const QString& id)
{
    if (m_jobId == id && m_candidateId.isEmpty()) return;
    m_jobId = id;
    m_candidateId.clear();
    Q_EMIT subjectChanged();
    reload();
}

void MatchesModel::setCandidateId(const QString& id)
{
    if (m_candidateId == id && m_jobId.isEmpty()) return;
    m_candidateId = id;
    m_jobId.clear();
    Q_EMIT subjectChanged();
    reload();
}

void MatchesModel::take(const Rows& rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
    Q_EMIT countChanged();
    Q_EMIT loaded();
}

void MatchesModel::reload()
{
    ++m_generation;
    if (!m_controller || !m_controller->signedIn() || (m_jobId.isEmpty() && m_candidateId.isEmpty())) {
        m_subjectTitle.clear();
        if (m_busy) {
            m_busy = false;
            Q_EMIT busyChanged();
        }
        take({});
        return;
    }
    rd::Workspace* ws = m_controller->workspace();
    const rd::Session session = m_controller->session();
    const QString job = m_jobId, candidate = m_candidateId;
    if (!job.isEmpty()) {
        auto j = ws->postings().get(session, job);
        m_subjectTitle = j ? j.value().title : QString();
    } else {
        auto c = ws->candidates().get(session, candidate);
        m_subjectTitle = c ? (c.value().firstName + QLatin1Char(' ') + c.value().lastName).trimmed() : QString();
    }
    // A newer request replaces one still running (the watcher follows the newest future; an
    // older answer that still arrives is recognised by its generation and dropped).
    const int generation = m_generation;
    m_watcher.setFuture(QtConcurrent::run([ws, session, job, candidate, generation]() -> Outcome {
        const bool forJob = !job.isEmpty();
        auto results = forJob ? ws->matching().forJob(session, job, 50, true)
                              : ws->matching().forCandidate(session, candidate, 20, true);
        if (!results) return Outcome { generation, {}, results.error() };
        Rows rows;
        for (const rd::MatchResult& m : results.value()) {
            Row r;
            r.candidateId = m.candidateId;
            r.jobId = m.jobId;
            r.title = forJob ? m.candidateName : m.jobTitle;
            r.score = m.score;
            r.excluded = m.excluded;
            // The reason in the reader's language (the core's detail is English).
            if (m.exclusionReason == QLatin1String("missing_must_have"))
                r.exclusion = MatchesModel::tr("Lacks a must-have skill");
            else if (m.exclusionReason == QLatin1String("too_far"))
                r.exclusion = m.distanceKm ? MatchesModel::tr("Too far away (%1 km)").arg(qRound(*m.distanceKm))
                                           : MatchesModel::tr("Too far away");
            else if (m.exclusionReason == QLatin1String("job_not_open"))
                r.exclusion = MatchesModel::tr("The job is not open");
            else
                r.exclusion = m.exclusionDetail;
            r.matched = m.matchedMustHave.join(QStringLiteral(", "));
            r.missing = m.missingMustHave.join(QStringLiteral(", "));
            r.nice = m.matchedNiceToHave.join(QStringLiteral(", "));
            r.distance = m.distanceKm ? *m.distanceKm : -1;
            r.remote = m.remote;
            r.applied = m.applied;
            QStringList why;
            if (!m.matchedMustHave.isEmpty()) why << MatchesModel::tr("has %1").arg(r.matched);
            if (!m.matchedNiceToHave.isEmpty()) why << MatchesModel::tr("also %1").arg(r.nice);
            if (m.distanceKm)
                why << (m.remoteHandling == QLatin1String("ignored")
                        ? MatchesModel::tr("%1 km away (remote job)").arg(qRound(*m.distanceKm))
                        : MatchesModel::tr("%1 km away").arg(qRound(*m.distanceKm)));
            else if (m.remote == QLatin1String("remote"))
                why << MatchesModel::tr("remote job");
            if (m.textRelevance > 0.5) why << MatchesModel::tr("CV mentions the job's skills");
            r.why = why.join(QStringLiteral(" · "));
            rows << r;
        }
        return Outcome { generation, rows, std::nullopt };
    }));
    m_busy = true;
    Q_EMIT busyChanged();
}

bool MatchesModel::addToPipeline(int row)
{
    if (!m_controller || row < 0 || row >= m_rows.size()) return false;
    const Row& r = m_rows.at(row);
    auto a = m_controller->workspace()->applications().apply(
        m_controller->session(), r.candidateId, r.jobId, QStringLiteral("match"));
    if (!a) {
        ErrorModel::instance()->report(a.error());
        return false;
    }
    m_rows[row].applied = true;
    Q_EMIT dataChanged(index(row), index(row), { AppliedRole });
    return true;
}

QVariantList MatchesModel::top(int n) const
{
    QVariantList out;
    for (const Row& r : m_rows) {
        if (out.size() >= n) break;
        if (!r.excluded)
            out << QVariantMap { { QStringLiteral("candidateId"), r.candidateId },
                { QStringLiteral("title"), r.title } };
    }
    return out;
}

#include "candidateprofile.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"

#include <QJsonArray>

CandidateProfile::CandidateProfile(QObject* parent)
    : QObject(parent)
{
}

void CandidateProfile::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reload();
}

void CandidateProfile::setCandidateId(const QString& id)
{
    if (m_id == id) return;
    m_id = id;
    Q_EMIT candidateIdChanged();
    reload();
}

bool CandidateProfile::reload()
{
    m_candidate.clear();
    m_applications.clear();
    m_timeline.clear();
    m_duplicates.clear();
    bool ok = false;
    if (m_controller && m_controller->signedIn() && !m_id.isEmpty()) {
        rd::Workspace* ws = m_controller->workspace();
        const rd::Session& s = m_controller->session();
        auto c = ws->candidates().get(s, m_id);
        if (!c) {
            ErrorModel::instance()->report(c.error());
        } else {
            m_candidate = c.value().toJson().toVariantMap();
            // What the reader may not see is left out, not an error on the profile.
            if (auto apps = ws->applications().listForCandidate(s, m_id))
                for (const rd::Application& a : apps.value())
                    m_applications << a.toJson().toVariantMap();
            if (auto d = ws->candidates().possibleDuplicates(s, m_id))
                for (const rd::CandidateService::DuplicateHint& h : d.value())
                    m_duplicates << QVariantMap { { QStringLiteral("id"), h.candidate.id },
                        { QStringLiteral("name"), h.candidate.firstName + QLatin1Char(' ') + h.candidate.lastName },
                        { QStringLiteral("headline"), h.candidate.headline },
                        { QStringLiteral("location"), h.candidate.location }, { QStringLiteral("match"), h.match },
                        { QStringLiteral("value"), h.value } };
            if (auto t = ws->activity().timeline(s, m_id))
                m_timeline = t.value().toVariantList();
            else
                ErrorModel::instance()->report(t.error());
            ok = true;
        }
    }
    Q_EMIT changed();
    return ok;
}

bool CandidateProfile::updateField(const QString& field, const QString& value)
{
    if (!m_controller || m_id.isEmpty()) return false;
    QJsonValue v = value;
    if (field == QLatin1String("skills") || field == QLatin1String("tags")) {
        QJsonArray list;
        for (const QString& part : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!part.trimmed().isEmpty()) list << part.trimmed();
        v = list;
    }
    auto r = m_controller->workspace()->candidates().update(m_controller->session(), m_id, { { field, v } });
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    return reload();
}

bool CandidateProfile::addNote(const QString& body)
{
    if (!m_controller || m_id.isEmpty()) return false;
    auto r = m_controller->workspace()->interviews().addNote(
        m_controller->session(), QStringLiteral("candidate"), m_id, body);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    return reload();
}

QVariantMap CandidateProfile::other(const QString& candidateId) const
{
    if (!m_controller || candidateId.isEmpty()) return {};
    rd::Workspace* ws = m_controller->workspace();
    auto c = ws->candidates().get(m_controller->session(), candidateId);
    if (!c) {
        ErrorModel::instance()->report(c.error());
        return {};
    }
    QVariantMap m = c.value().toJson().toVariantMap();
    auto apps = ws->applications().listForCandidate(m_controller->session(), candidateId);
    m.insert(QStringLiteral("applications"), apps ? int(apps.value().size()) : 0);
    return m;
}

bool CandidateProfile::merge(const QString& survivorId, const QString& duplicateId)
{
    if (!m_controller) return false;
    auto r = m_controller->workspace()->candidates().merge(m_controller->session(), survivorId, duplicateId);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    if (m_id != r.value().id) {
        m_id = r.value().id;
        Q_EMIT candidateIdChanged();
    }
    return reload();
}

bool CandidateProfile::undoMerge(const QString& auditEntryId)
{
    if (!m_controller) return false;
    auto r = m_controller->workspace()->candidates().undoMerge(m_controller->session(), auditEntryId);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    return reload();
}

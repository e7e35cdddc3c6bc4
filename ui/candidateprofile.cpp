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

#include "jobeditor.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"
#include "matching/gazetteer.h"
#include "matching/taxonomy.h"

#include <QJsonArray>
#include <QLocale>

namespace {

// A list field from the form: a JS array or comma-separated text; skills normalised.
QJsonArray listFrom(const QVariant& v, bool skills)
{
    QStringList parts
        = v.metaType().id() == QMetaType::QString ? v.toString().split(QLatin1Char(',')) : v.toStringList();
    QJsonArray out;
    QStringList seen;
    for (QString p : std::as_const(parts)) {
        p = p.trimmed();
        if (p.isEmpty()) continue;
        if (skills) {
            const QString c = rd::SkillTaxonomy::builtIn().canonical(p);
            if (!c.isEmpty()) p = c;
        }
        if (seen.contains(p, Qt::CaseInsensitive)) continue;
        seen << p;
        out << p;
    }
    return out;
}

} // namespace

JobEditor::JobEditor(QObject* parent)
    : QObject(parent)
{
}

void JobEditor::setController(AppController* controller)
{
    if (m_controller == controller) return;
    if (m_controller) disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    // Signing in, out or as someone else changes what may be edited (and what may be read).
    if (m_controller) connect(m_controller, &AppController::stateChanged, this, &JobEditor::reload);
    Q_EMIT controllerChanged();
    reload();
}

void JobEditor::setJobId(const QString& id)
{
    if (m_id == id) return;
    m_id = id;
    Q_EMIT jobIdChanged();
    reload();
}

bool JobEditor::canEdit() const
{
    if (!m_controller || !m_controller->signedIn()) return false;
    return m_controller->can(
        QStringLiteral("job"), m_id.isEmpty() ? QStringLiteral("create") : QStringLiteral("update"));
}

void JobEditor::setError(const QString& field, const QString& text)
{
    if (m_errorField == field && m_errorText == text) return;
    m_errorField = field;
    m_errorText = text;
    Q_EMIT errorChanged();
}

bool JobEditor::reload()
{
    m_job.clear();
    m_stages.clear();
    bool ok = true;
    if (m_controller && m_controller->signedIn() && !m_id.isEmpty()) {
        rd::Workspace* ws = m_controller->workspace();
        const rd::Session& s = m_controller->session();
        auto job = ws->postings().get(s, m_id);
        if (!job) {
            ErrorModel::instance()->report(job.error());
            ok = false;
        } else {
            m_job = job.value().toJson().toVariantMap();
            QHash<QString, int> counts;
            if (auto apps = ws->applications().listForJob(s, m_id))
                for (const rd::Application& a : apps.value())
                    ++counts[a.stageId];
            for (const rd::Stage& st : job.value().stages) {
                QVariantMap m = st.toJson().toVariantMap();
                m.insert(QStringLiteral("applications"), counts.value(st.id));
                m_stages << m;
            }
        }
    }
    Q_EMIT changed();
    return ok;
}

template <typename R> bool JobEditor::apply(R result)
{
    if (!result) {
        const rd::Error& e = result.error();
        // A refused publish names what is missing; the form marks the first of those.
        const QJsonArray missing = e.details.value(QStringLiteral("missing")).toArray();
        setError(missing.isEmpty() ? e.details.value(QStringLiteral("field")).toString() : missing.first().toString(),
            e.message);
        ErrorModel::instance()->report(e);
        return false; // the form keeps what was typed
    }
    setError({}, {});
    if (m_id != result.value().id) {
        m_id = result.value().id;
        Q_EMIT jobIdChanged();
    }
    reload();
    return true;
}

bool JobEditor::save(const QVariantMap& fields)
{
    if (!m_controller || !m_controller->signedIn()) return false;
    QJsonObject patch;
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        const QString& k = it.key();
        if (k == QLatin1String("must_have") || k == QLatin1String("nice_to_have"))
            patch.insert(k, listFrom(it.value(), true));
        else if (k == QLatin1String("tags"))
            patch.insert(k, listFrom(it.value(), false));
        else if (k == QLatin1String("max_distance_km") || k == QLatin1String("latitude")
            || k == QLatin1String("longitude")) {
            const QString text = it.value().toString().trimmed();
            // "12.5" and "12,5" (a decimal comma, whatever the system locale), then the locale's form.
            bool number = false;
            double c = QString(text).replace(QLatin1Char(','), QLatin1Char('.')).toDouble(&number);
            if (!number) c = QLocale().toDouble(text, &number);
            if (text.isEmpty() || it.value().isNull())
                patch.insert(k, QJsonValue());
            else if (number)
                patch.insert(k, c);
            else {
                setError(k, tr("Enter a number."));
                return false;
            }
        } else
            patch.insert(k, it.value().toString().trimmed());
    }
    rd::Workspace* ws = m_controller->workspace();
    const bool ok = m_id.isEmpty() ? apply(ws->postings().create(m_controller->session(), patch))
                                   : apply(ws->postings().update(m_controller->session(), m_id, patch));
    if (ok) Q_EMIT saved();
    return ok;
}

bool JobEditor::publish()
{
    if (!m_controller || m_id.isEmpty()) return false;
    return apply(m_controller->workspace()->postings().publish(m_controller->session(), m_id));
}

bool JobEditor::setStatus(const QString& status)
{
    if (!m_controller || m_id.isEmpty()) return false;
    return apply(m_controller->workspace()->postings().setStatus(m_controller->session(), m_id, status));
}

QStringList JobEditor::skillSuggestions(const QString& prefix) const
{
    return rd::SkillTaxonomy::builtIn().suggest(prefix, 8);
}

QString JobEditor::normaliseSkill(const QString& skill) const
{
    const QString c = rd::SkillTaxonomy::builtIn().canonical(skill);
    return c.isEmpty() ? skill.trimmed() : c;
}

QVariantList JobEditor::placeSuggestions(const QString& prefix) const
{
    QVariantList out;
    if (prefix.trimmed().size() < 2) return out; // one letter would list the world's cities
    for (const rd::Place& p : rd::Gazetteer::builtIn().suggest(prefix, 8)) {
        const QString label = p.name + QStringLiteral(", ") + p.country;
        out << QVariantMap { { QStringLiteral("label"), label }, { QStringLiteral("name"), p.name },
            { QStringLiteral("country"), p.country }, { QStringLiteral("latitude"), p.latitude },
            { QStringLiteral("longitude"), p.longitude }, { QStringLiteral("population"), p.population } };
    }
    return out;
}

bool JobEditor::addStage(const QString& name, const QString& kind)
{
    if (!m_controller || m_id.isEmpty()) return false;
    return apply(m_controller->workspace()->postings().addStage(m_controller->session(), m_id, name.trimmed(), kind));
}

bool JobEditor::renameStage(const QString& stage, const QString& name)
{
    if (!m_controller || m_id.isEmpty()) return false;
    return apply(
        m_controller->workspace()->postings().renameStage(m_controller->session(), m_id, stage, name.trimmed()));
}

bool JobEditor::moveStage(const QString& stage, int delta)
{
    if (!m_controller || m_id.isEmpty()) return false;
    QStringList order;
    for (const QVariant& v : std::as_const(m_stages))
        order << v.toMap().value(QStringLiteral("id")).toString();
    const int from = int(order.indexOf(stage));
    const int to = from + delta;
    if (from < 0 || to < 0 || to >= order.size()) return false;
    order.move(from, to);
    return apply(m_controller->workspace()->postings().reorderStages(m_controller->session(), m_id, order));
}

bool JobEditor::removeStage(const QString& stage, const QString& moveTo)
{
    if (!m_controller || m_id.isEmpty()) return false;
    return apply(m_controller->workspace()->postings().removeStage(m_controller->session(), m_id, stage, moveTo));
}

int JobEditor::applicationsIn(const QString& stage) const
{
    for (const QVariant& v : m_stages) {
        const QVariantMap m = v.toMap();
        if (m.value(QStringLiteral("id")).toString() == stage) return m.value(QStringLiteral("applications")).toInt();
    }
    return 0;
}

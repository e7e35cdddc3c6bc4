#include "outreachmodel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "errormodel.h"

#include <QSet>

OutreachModel::OutreachModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int OutreachModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant OutreachModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows.at(index.row());
    switch (role) {
    case IntentIdRole:
        return r.id;
    case CandidateIdRole:
        return r.candidateId;
    case Qt::DisplayRole:
    case CandidateNameRole:
        return r.candidateName;
    case JobIdRole:
        return r.jobId;
    case ChannelRole:
        return r.channel;
    case TemplateRole:
        return r.templateName;
    case StepRole:
        return r.step;
    case RecipientRole:
        return r.recipient;
    case SubjectRole:
        return r.subject;
    case StatusRole:
        return r.status;
    case SyncedRole:
        return r.synced;
    case SendAtRole:
        return r.sendAt;
    case CreatedAtRole:
        return r.createdAt;
    default:
        return {};
    }
}

QHash<int, QByteArray> OutreachModel::roleNames() const
{
    return { { IntentIdRole, "intentId" }, { CandidateIdRole, "candidateId" }, { CandidateNameRole, "candidateName" },
        { JobIdRole, "jobId" }, { ChannelRole, "channel" }, { TemplateRole, "templateName" }, { StepRole, "step" },
        { RecipientRole, "recipient" }, { SubjectRole, "subject" }, { StatusRole, "status" }, { SyncedRole, "synced" },
        { SendAtRole, "sendAt" }, { CreatedAtRole, "createdAt" } };
}

void OutreachModel::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reload();
    reloadTemplates();
}

void OutreachModel::setStatus(const QString& status)
{
    if (m_status == status) return;
    m_status = status;
    Q_EMIT statusChanged();
    reload();
}

bool OutreachModel::canManage() const
{
    return m_controller && m_controller->signedIn()
        && m_controller->can(QStringLiteral("outreach"), QStringLiteral("manage"));
}

QString OutreachModel::candidateName(const QString& id)
{
    auto it = m_names.constFind(id);
    if (it != m_names.constEnd()) return *it;
    auto c = m_controller->workspace()->candidates().get(m_controller->session(), id);
    const QString name = c ? (c.value().firstName + QLatin1Char(' ') + c.value().lastName).trimmed() : QString();
    m_names.insert(id, name);
    return name;
}

void OutreachModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_names.clear();
    if (m_controller && m_controller->signedIn()) {
        rd::Workspace* ws = m_controller->workspace();
        auto list = ws->outreach().list(m_controller->session());
        if (!list) {
            ErrorModel::instance()->report(list.error());
        } else {
            // Messages whose insert has not reached the server yet (attached workspaces only).
            QSet<QString> pending;
            const auto pushed = ws->db().meta(QStringLiteral("sync_pushed"));
            auto rows = ws->db().select(QStringLiteral("SELECT row_id FROM changes WHERE entity = 'outreach_intents' "
                                                       "AND op = 'insert' AND dev_seq > ?"),
                { pushed ? pushed.value().toLongLong() : 0 });
            if (rows)
                for (const auto& r : rows.value())
                    pending.insert(r.value(0).toString());
            for (const rd::OutreachIntent& i : list.value()) {
                if (!m_status.isEmpty() && i.status != m_status) continue;
                m_rows << Row { i.id, i.candidateId, candidateName(i.candidateId), i.jobId, i.channel, i.templateName,
                    i.recipient, i.subject, i.status, i.sendAt, i.createdAt, i.step, !pending.contains(i.id) };
            }
        }
    }
    endResetModel();
    Q_EMIT countChanged();
}

bool OutreachModel::cancel(const QString& intentId)
{
    if (!m_controller || !m_controller->signedIn()) return false;
    auto r = m_controller->workspace()->outreach().cancel(m_controller->session(), intentId);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    reload();
    return true;
}

QVariantList OutreachModel::variables() const
{
    QVariantList out;
    for (const auto& [name, description] : rd::TemplateService::variables())
        out << QVariantMap { { QStringLiteral("name"), name }, { QStringLiteral("description"), description } };
    return out;
}

void OutreachModel::reloadTemplates()
{
    m_templates.clear();
    if (m_controller && m_controller->signedIn()) {
        auto list = m_controller->workspace()->templates().list(m_controller->session());
        if (!list)
            ErrorModel::instance()->report(list.error());
        else
            for (const rd::OutreachTemplate& t : list.value())
                m_templates << t.toJson().toVariantMap();
    }
    Q_EMIT templatesChanged();
}

namespace {
rd::OutreachTemplate draftOf(const QVariantMap& f)
{
    rd::OutreachTemplate t;
    t.id = f.value(QStringLiteral("id")).toString();
    t.name = f.value(QStringLiteral("name")).toString().trimmed();
    t.channel = f.value(QStringLiteral("channel")).toString();
    t.subject = f.value(QStringLiteral("subject")).toString();
    t.body = f.value(QStringLiteral("body")).toString();
    t.bodyHtml = f.value(QStringLiteral("body_html")).toString();
    const int days = f.value(QStringLiteral("follow_up_days")).toInt();
    if (days > 0) t.followUpDays = days;
    t.followUpTemplate = f.value(QStringLiteral("follow_up_template")).toString();
    return t;
}
} // namespace

QString OutreachModel::saveTemplate(const QVariantMap& fields)
{
    if (!m_controller || !m_controller->signedIn()) return {};
    rd::TemplateService& templates = m_controller->workspace()->templates();
    const rd::OutreachTemplate d = draftOf(fields);
    rd::Result<rd::OutreachTemplate> saved = [&]() -> rd::Result<rd::OutreachTemplate> {
        if (d.id.isEmpty()) {
            rd::NewTemplate n;
            n.name = d.name;
            n.channel = d.channel;
            n.subject = d.subject;
            n.body = d.body;
            n.bodyHtml = d.bodyHtml;
            n.personal = fields.value(QStringLiteral("personal")).toBool();
            n.followUpDays = d.followUpDays;
            n.followUpTemplate = d.followUpTemplate;
            return templates.create(m_controller->session(), n);
        }
        QJsonObject change { { QStringLiteral("name"), d.name }, { QStringLiteral("subject"), d.subject },
            { QStringLiteral("body"), d.body }, { QStringLiteral("body_html"), d.bodyHtml },
            { QStringLiteral("follow_up_template"), d.followUpTemplate },
            { QStringLiteral("follow_up_days"), d.followUpDays ? QJsonValue(*d.followUpDays) : QJsonValue() } };
        return templates.update(m_controller->session(), d.id, change);
    }();
    if (!saved) {
        ErrorModel::instance()->report(saved.error());
        return {};
    }
    reloadTemplates();
    return saved.value().id;
}

bool OutreachModel::removeTemplate(const QString& id)
{
    if (!m_controller || !m_controller->signedIn()) return false;
    const rd::Status s = m_controller->workspace()->templates().remove(m_controller->session(), id);
    if (!s) {
        ErrorModel::instance()->report(s.error());
        return false;
    }
    reloadTemplates();
    return true;
}

QVariantMap OutreachModel::preview(const QVariantMap& draft, const QString& candidateId, const QString& jobId)
{
    if (!m_controller || !m_controller->signedIn() || candidateId.isEmpty()) return {};
    auto r = m_controller->workspace()->templates().renderDraft(
        m_controller->session(), draftOf(draft), candidateId, jobId);
    if (!r) {
        QVariantMap out { { QStringLiteral("error"), r.error().message },
            { QStringLiteral("reason"), r.error().details.value(QStringLiteral("reason")).toString() },
            { QStringLiteral("variables"), r.error().details.value(QStringLiteral("variables")).toVariant() } };
        return out;
    }
    const rd::RenderedMessage& m = r.value();
    return { { QStringLiteral("subject"), m.subject }, { QStringLiteral("text"), m.body },
        { QStringLiteral("html"), m.bodyHtml }, { QStringLiteral("characters"), m.smsCharacters },
        { QStringLiteral("parts"), m.smsSegments }, { QStringLiteral("encoding"), m.smsEncoding } };
}

QVariantMap OutreachModel::queueTemplate(
    const QString& templateName, const QStringList& candidateIds, const QString& jobId, const QString& sendAt)
{
    if (!m_controller || !m_controller->signedIn()) return {};
    rd::OutreachService& outreach = m_controller->workspace()->outreach();
    int queued = 0, existing = 0;
    QVariantList problems;
    for (const QString& id : candidateIds) {
        auto r = outreach.queueTemplate(m_controller->session(), { templateName, id, jobId, sendAt });
        if (!r) {
            problems << QVariantMap { { QStringLiteral("candidate_id"), id },
                { QStringLiteral("name"), candidateName(id) }, { QStringLiteral("error"), r.error().message },
                { QStringLiteral("reason"), r.error().details.value(QStringLiteral("reason")).toString() } };
            continue;
        }
        for (const rd::OutreachIntent& i : r.value())
            ++(i.existing ? existing : queued);
    }
    reload();
    return { { QStringLiteral("queued"), queued }, { QStringLiteral("existing"), existing },
        { QStringLiteral("problems"), problems } };
}

QVariantList OutreachModel::previewCandidates(const QString& search)
{
    QVariantList out;
    if (!m_controller || !m_controller->signedIn()) return out;
    rd::ListQuery q;
    q.limit = 50;
    if (!search.trimmed().isEmpty())
        q.filters << rd::Filter { QStringLiteral("last_name"), rd::Filter::Op::Like, { search.trimmed() } }; // contains
    auto page = m_controller->workspace()->candidates().list(m_controller->session(), q);
    if (!page) return out;
    for (const rd::Candidate& c : page.value().items)
        out << QVariantMap { { QStringLiteral("id"), c.id },
            { QStringLiteral("name"), (c.firstName + QLatin1Char(' ') + c.lastName).trimmed() } };
    return out;
}

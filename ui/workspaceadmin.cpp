#include "workspaceadmin.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "auth/validation.h"
#include "errormodel.h"
#include "recruiting/csvreader.h"
#include "userfiles.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QtConcurrent>
#include <algorithm>

namespace {

const QStringList kWeightKeys { QStringLiteral("must_have"), QStringLiteral("nice_to_have"), QStringLiteral("text"),
    QStringLiteral("distance"), QStringLiteral("recency"), QStringLiteral("distance_half_km"),
    QStringLiteral("hybrid_distance_factor"), QStringLiteral("recency_half_life_days") };

} // namespace

WorkspaceAdmin::WorkspaceAdmin(QObject* parent)
    : QObject(parent)
{
    // The running import's position, five times a second.
    m_progressTimer.setInterval(200);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        if (!m_control || m_importSize <= 0) return;
        const double p = std::clamp(double(m_control->bytesRead.load()) / double(m_importSize), 0.0, 1.0);
        if (p == m_importProgress) return;
        m_importProgress = p;
        Q_EMIT importProgressChanged();
    });
    connect(&m_import, &QFutureWatcherBase::finished, this, [this] {
        const ImportOutcome outcome = m_import.result();
        m_importing = false;
        m_progressTimer.stop();
        m_importProgress = outcome.error.isEmpty() ? 1.0 : 0.0;
        Q_EMIT importProgressChanged();
        if (!outcome.error.isEmpty())
            ErrorModel::instance()->report(
                rd::makeError(rd::errorCodeFromName(outcome.error.value(QStringLiteral("code")).toString())
                                  .value_or(rd::ErrorCode::Internal),
                    outcome.error.value(QStringLiteral("message")).toString()));
        else
            m_importReport = outcome.report;
        Q_EMIT importChanged();
    });
}

WorkspaceAdmin::~WorkspaceAdmin()
{
    m_import.waitForFinished();
}

void WorkspaceAdmin::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reloadSettings();
}

bool WorkspaceAdmin::reloadSettings()
{
    m_settings.clear();
    if (!m_controller || !m_controller->signedIn()) {
        Q_EMIT settingsChanged();
        return false;
    }
    auto t = m_controller->workspace()->tenants().get(m_controller->session());
    if (!t) {
        ErrorModel::instance()->report(t.error());
        Q_EMIT settingsChanged();
        return false;
    }
    const QJsonObject s = t.value().settings;
    m_settings = QVariantMap { { QStringLiteral("name"), t.value().name }, { QStringLiteral("kind"), t.value().kind },
        { QStringLiteral("default_country"), s.value(QStringLiteral("default_country")).toString() },
        { QStringLiteral("attachment_max_mb"), s.value(QStringLiteral("attachment_max_mb")).toVariant().toDouble() },
        { QStringLiteral("retention_months"), s.value(QStringLiteral("retention_months")).toVariant().toInt() },
        { QStringLiteral("weights"),
            rd::MatchWeights::fromJson(s.value(QStringLiteral("matching")).toObject()).toJson().toVariantMap() },
        { QStringLiteral("agency_email"),
            s.value(QStringLiteral("outreach")).toObject().value(QStringLiteral("agency_email")).toString() },
        { QStringLiteral("confirm_stage"),
            s.value(QStringLiteral("outreach")).toObject().value(QStringLiteral("confirm_stage")).toString() } };
    Q_EMIT settingsChanged();
    return true;
}

bool WorkspaceAdmin::saveSettings(const QVariantMap& values)
{
    if (!m_controller || !m_controller->signedIn()) return false;
    rd::Workspace* ws = m_controller->workspace();
    auto t = ws->tenants().get(m_controller->session());
    if (!t) {
        ErrorModel::instance()->report(t.error());
        return false;
    }
    rd::TenantPatch patch;
    if (values.contains(QStringLiteral("name"))) patch.name = values.value(QStringLiteral("name")).toString().trimmed();
    if (values.contains(QStringLiteral("kind"))) patch.kind = values.value(QStringLiteral("kind")).toString();
    QJsonObject s = t.value().settings;
    // A setting left empty (or 0) is removed: the built-in default applies again.
    const auto number = [&](const QString& key) {
        if (!values.contains(key)) return;
        bool ok = false;
        const double d = values.value(key).toString().replace(QLatin1Char(','), QLatin1Char('.')).toDouble(&ok);
        if (ok && d > 0)
            s.insert(key, d);
        else
            s.remove(key);
    };
    number(QStringLiteral("attachment_max_mb"));
    number(QStringLiteral("retention_months"));
    if (values.contains(QStringLiteral("default_country"))) {
        const QString c = values.value(QStringLiteral("default_country")).toString().trimmed().toUpper();
        if (c.isEmpty())
            s.remove(QStringLiteral("default_country"));
        else
            s.insert(QStringLiteral("default_country"), c);
    }
    if (values.contains(QStringLiteral("weights"))) {
        const QVariantMap w = values.value(QStringLiteral("weights")).toMap();
        QJsonObject matching = s.value(QStringLiteral("matching")).toObject();
        for (const QString& k : kWeightKeys)
            if (w.contains(k)) matching.insert(k, w.value(k).toDouble());
        s.insert(QStringLiteral("matching"), matching);
    }
    // Outreach: where confirmations go and the stage they place the application at (the sync
    // server reads them from the replicated tenant row; docs/outreach.md).
    QJsonObject outreach = s.value(QStringLiteral("outreach")).toObject();
    for (const QString& key : { QStringLiteral("agency_email"), QStringLiteral("confirm_stage") }) {
        if (!values.contains(key)) continue;
        const QString v = values.value(key).toString().trimmed();
        if (key == QLatin1String("agency_email") && !v.isEmpty())
            if (const rd::Status ok = rd::validate::email(v); !ok) {
                ErrorModel::instance()->report(ok.error());
                return false;
            }
        if (v.isEmpty())
            outreach.remove(key);
        else
            outreach.insert(key, v);
    }
    if (outreach.isEmpty())
        s.remove(QStringLiteral("outreach"));
    else
        s.insert(QStringLiteral("outreach"), outreach);
    patch.settings = s;
    auto r = ws->tenants().update(m_controller->session(), patch);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return false;
    }
    // A new country reads the national numbers an older release kept as typed (decision 0022).
    if (auto phones = ws->candidates().normaliseStoredPhones(); !phones)
        ErrorModel::instance()->report(phones.error());
    return reloadSettings();
}

QVariantMap WorkspaceAdmin::runRetention()
{
    if (!m_controller || !m_controller->signedIn()) return {};
    auto r = m_controller->workspace()->gdpr().runRetention(m_controller->session());
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return {};
    }
    return r.value().toVariantMap();
}

void WorkspaceAdmin::setAuditFilter(const QString& filter)
{
    if (m_auditFilter == filter) return;
    m_auditFilter = filter;
    fetchAudit(true);
}

bool WorkspaceAdmin::reloadAudit()
{
    return fetchAudit(true);
}

bool WorkspaceAdmin::moreAudit()
{
    return !m_auditCursor.isEmpty() && fetchAudit(false);
}

bool WorkspaceAdmin::fetchAudit(bool reset)
{
    if (reset) {
        m_audit.clear();
        m_auditCursor.clear();
    }
    bool ok = false;
    if (m_controller && m_controller->signedIn()) {
        rd::Workspace* ws = m_controller->workspace();
        const rd::Session& s = m_controller->session();
        if (m_userNames.isEmpty()) {
            rd::ListQuery users;
            users.limit = rd::ListQuery::kMaxLimit;
            if (auto page = ws->users().list(s, users))
                for (const rd::User& u : page.value().items)
                    m_userNames.insert(u.id,
                        (u.givenName + QLatin1Char(' ') + u.familyName).trimmed().isEmpty()
                            ? u.email
                            : (u.givenName + QLatin1Char(' ') + u.familyName).trimmed());
        }
        rd::ListQuery q;
        q.limit = 100;
        q.sort = { { QStringLiteral("seq"), true } };
        q.cursor = reset ? QString() : m_auditCursor;
        if (!m_auditFilter.trimmed().isEmpty())
            q.filters << rd::Filter { QStringLiteral("action"), rd::Filter::Op::Like,
                { m_auditFilter.trimmed() } }; // contains
        auto page = ws->listAudit(s, q);
        if (!page) {
            ErrorModel::instance()->report(page.error());
        } else {
            ok = true;
            for (const rd::AuditEntry& e : page.value().items)
                m_audit << QVariantMap { { QStringLiteral("seq"), e.seq }, { QStringLiteral("id"), e.id },
                    { QStringLiteral("at"), e.createdAt },
                    { QStringLiteral("user"),
                        e.userId.isEmpty() ? tr("system") : m_userNames.value(e.userId, e.userId) },
                    { QStringLiteral("action"), e.action },
                    { QStringLiteral("resource"),
                        e.resourceType
                            + (e.resourceId.isEmpty() ? QString() : QLatin1Char(' ') + e.resourceId.right(8)) },
                    { QStringLiteral("outcome"), e.outcome } };
            m_auditCursor = page.value().nextCursor;
        }
    }
    Q_EMIT auditChanged();
    return ok;
}

QVariantMap WorkspaceAdmin::verifyAudit()
{
    if (!m_controller || !m_controller->signedIn()) return {};
    auto r = m_controller->workspace()->verifyAudit(m_controller->session());
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return {};
    }
    const rd::VerifyReport& v = r.value();
    return { { QStringLiteral("ok"), v.ok }, { QStringLiteral("chains"), v.chains },
        { QStringLiteral("entries"), v.entries }, { QStringLiteral("reason"), v.reason },
        { QStringLiteral("entry_id"), v.entryId } };
}

bool WorkspaceAdmin::exportCandidate(const QString& candidateId, const QUrl& file)
{
    if (!m_controller || !m_controller->signedIn()) return false;
    auto data = m_controller->workspace()->gdpr().exportCandidate(m_controller->session(), candidateId);
    if (!data) {
        ErrorModel::instance()->report(data.error());
        return false;
    }
    return userfiles::save(file, data.value());
}

QVariantMap WorkspaceAdmin::eraseCandidate(const QString& candidateId, const QString& reason)
{
    if (!m_controller || !m_controller->signedIn()) return {};
    auto r = m_controller->workspace()->gdpr().erase(m_controller->session(), candidateId, reason.trimmed());
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return {};
    }
    return r.value().toVariantMap();
}

QStringList WorkspaceAdmin::csvHeader(const QUrl& file) const
{
    QFile f(userfiles::path(file));
    if (!userfiles::openForReading(f)) return {};
    rd::CsvReader reader(f);
    QStringList fields;
    if (!reader.next(fields)) return {};
    for (QString& h : fields)
        h = h.trimmed();
    return fields;
}

QStringList WorkspaceAdmin::canonicalHeaders(const QString& kind) const
{
    return rd::ImportService::canonicalHeaders(kind);
}

bool WorkspaceAdmin::startImport(const QUrl& file, const QString& kind, const QVariantMap& mapping, bool dryRun)
{
    if (!m_controller || !m_controller->signedIn() || m_importing) return false;
    QHash<QString, QString> map;
    for (auto it = mapping.constBegin(); it != mapping.constEnd(); ++it)
        if (!it.value().toString().isEmpty() && it.key() != it.value().toString())
            map.insert(it.key(), it.value().toString());
    rd::Workspace* ws = m_controller->workspace();
    const rd::Session session = m_controller->session();
    const QString path = userfiles::path(file);
    auto control = std::make_shared<rd::ImportControl>();
    m_control = control;
    m_importSize = QFileInfo(path).size();
    m_importProgress = 0;
    Q_EMIT importProgressChanged();
    m_progressTimer.start();
    m_import.setFuture(QtConcurrent::run([ws, session, path, kind, map, dryRun, control]() -> ImportOutcome {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return { {},
                { { QStringLiteral("code"), QStringLiteral("storage_error") },
                    { QStringLiteral("message"),
                        WorkspaceAdmin::tr("The file could not be read: %1").arg(f.errorString()) } } };
        auto r = ws->imports().importCsv(session, kind, f, QFileInfo(path).fileName(), dryRun, map, control.get());
        if (!r)
            return { {},
                { { QStringLiteral("code"), r.error().codeName() },
                    { QStringLiteral("message"), r.error().message } } };
        return { r.value().toJson().toVariantMap(), {} };
    }));
    m_importing = true;
    Q_EMIT importChanged();
    return true;
}

QVariantMap WorkspaceAdmin::revertImport(const QString& batchId)
{
    if (!m_controller || !m_controller->signedIn()) return {};
    auto r = m_controller->workspace()->imports().revert(m_controller->session(), batchId);
    if (!r) {
        ErrorModel::instance()->report(r.error());
        return {};
    }
    m_importReport.clear();
    Q_EMIT importChanged();
    return r.value().toVariantMap();
}

void WorkspaceAdmin::cancelImport()
{
    if (m_importing && m_control) m_control->cancel.store(true);
}

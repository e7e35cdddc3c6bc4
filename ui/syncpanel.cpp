#include "syncpanel.h"

#include "app/workspace.h"
#include "appcontroller.h"
#include "client/syncengine.h"
#include "client/syncscheduler.h"
#include "errormodel.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtConcurrent>

SyncPanel::SyncPanel(QObject* parent)
    : QAbstractListModel(parent)
{
}

SyncPanel::~SyncPanel() = default;

int SyncPanel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SyncPanel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const QVariantMap& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case FieldRole:
        return r.value(QStringLiteral("field_text"), r.value(QStringLiteral("field")));
    case ServerSeqRole:
        return r.value(QStringLiteral("server_seq"));
    case EntityRole:
        return r.value(QStringLiteral("entity"));
    case RowIdRole:
        return r.value(QStringLiteral("row_id"));
    case LosingValueRole:
        return r.value(QStringLiteral("losing_text"));
    case CurrentValueRole:
        return r.value(QStringLiteral("current_text"));
    case CanRestoreRole:
        return !r.contains(QStringLiteral("field_text")) // a refusal has nothing to restore
            && (r.value(QStringLiteral("entity")) == QLatin1String("candidates")
                || r.value(QStringLiteral("entity")) == QLatin1String("job_postings"));
    default:
        return {};
    }
}

QHash<int, QByteArray> SyncPanel::roleNames() const
{
    return { { ServerSeqRole, "serverSeq" }, { EntityRole, "entity" }, { RowIdRole, "rowId" }, { FieldRole, "field" },
        { LosingValueRole, "losingValue" }, { CurrentValueRole, "currentValue" }, { CanRestoreRole, "canRestore" } };
}

void SyncPanel::setController(AppController* controller)
{
    if (m_controller == controller) return;
    m_controller = controller;
    Q_EMIT controllerChanged();
    reload();
}

void SyncPanel::setBusy(bool busy)
{
    if (m_busy == busy) return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

namespace {
QString shown(const QJsonValue& v)
{
    if (v.isNull() || v.isUndefined()) return QStringLiteral("—");
    if (v.isString()) return v.toString();
    if (v.isDouble()) return QString::number(v.toDouble());
    if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                         : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}
} // namespace

void SyncPanel::reload()
{
    QList<QVariantMap> rows;
    m_server.clear();
    if (m_controller && m_controller->signedIn()) {
        rd::Workspace* ws = m_controller->workspace();
        rd::sync::SyncEngine engine(*ws, m_controller->session());
        m_server = engine.server();
        auto list = engine.conflicts();
        if (!list) {
            ErrorModel::instance()->report(list.error());
        } else {
            for (const QJsonObject& c : list.value()) {
                QVariantMap r = c.toVariantMap();
                r.insert(QStringLiteral("losing_text"), shown(c.value(QStringLiteral("losing_value"))));
                const QString raw = c.value(QStringLiteral("field")).toString();
                if (raw.startsWith(QLatin1String("refused:"))) {
                    // A change the server refused: what was tried and why, in words.
                    const QJsonObject tried = c.value(QStringLiteral("losing_value")).toObject();
                    r.insert(QStringLiteral("field_text"), tr("your change was refused by the server (%1)").arg(raw.mid(8)));
                    r.insert(QStringLiteral("losing_text"), tried.value(QStringLiteral("message")).toString());
                }
                // The value the row has now (the winner, or what was written since).
                const QString entity = c.value(QStringLiteral("entity")).toString();
                const QString field = c.value(QStringLiteral("field")).toString();
                QString current = QStringLiteral("—");
                auto cols = ws->db().select(QStringLiteral("SELECT name FROM pragma_table_info(?)"), { entity });
                bool known = false;
                if (cols)
                    for (const auto& col : cols.value())
                        known = known || col.value(0).toString() == field;
                if (known) {
                    auto now = ws->db().selectOne(QStringLiteral("SELECT %1 FROM %2 WHERE id = ?").arg(field, entity),
                        { c.value(QStringLiteral("row_id")).toString() });
                    if (now)
                        current = now.value().value(0).isNull() ? QStringLiteral("—") : now.value().value(0).toString();
                    else
                        current = tr("(deleted)");
                }
                r.insert(QStringLiteral("current_text"), current);
                rows << r;
            }
        }
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
    Q_EMIT countChanged();
    Q_EMIT serverChanged();
}

bool SyncPanel::resolve(int row, bool useLosing)
{
    if (!m_controller || row < 0 || row >= m_rows.size()) return false;
    const QVariantMap r = m_rows.at(row);
    rd::sync::SyncEngine engine(*m_controller->workspace(), m_controller->session());
    rd::Status st = engine.resolveConflict(r.value(QStringLiteral("server_seq")).toLongLong(),
        r.value(QStringLiteral("entity")).toString(), r.value(QStringLiteral("row_id")).toString(),
        r.value(QStringLiteral("field")).toString(), useLosing);
    if (!st) {
        ErrorModel::instance()->report(st.error());
        return false;
    }
    reload();
    if (auto* scheduler = qobject_cast<rd::sync::SyncScheduler*>(m_controller->sync())) scheduler->refreshCounts();
    return true;
}

bool SyncPanel::keepCurrent(int row)
{
    return resolve(row, false);
}

bool SyncPanel::restoreLosing(int row)
{
    return resolve(row, true);
}

void SyncPanel::testServer(const QString& url)
{
    auto* nam = new QNetworkAccessManager(this);
    QNetworkRequest req(
        QUrl(url.trimmed().chopped(url.trimmed().endsWith(QLatin1Char('/')) ? 1 : 0) + QStringLiteral("/health")));
    req.setTransferTimeout(10000);
    setBusy(true);
    QNetworkReply* reply = nam->get(req);
    connect(reply, &QNetworkReply::finished, this, [this, reply, nam] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        m_testOk = status == 200;
        if (status == 0)
            m_testResult = tr("Not reachable: %1").arg(reply->errorString());
        else if (status == 200)
            m_testResult = tr("The sync server answers and its database is ready.");
        else
            m_testResult
                = tr("The server answered %1 (%2).").arg(status).arg(body.value(QStringLiteral("status")).toString());
        reply->deleteLater();
        nam->deleteLater();
        setBusy(false);
        Q_EMIT testResultChanged();
    });
}

template <typename Work, typename Done>
void SyncPanel::inBackground(Work work, Done done)
{
    using R = std::invoke_result_t<Work>;
    setBusy(true);
    auto* watcher = new QFutureWatcher<R>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, done] {
        const R result = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        done(result);
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

void SyncPanel::connectDevice(
    const QString& url, const QString& email, const QString& password, const QString& code, bool upload)
{
    if (!m_controller || !m_controller->signedIn() || m_busy) return;
    rd::Workspace* ws = m_controller->workspace();
    const rd::Session session = m_controller->session();
    auto tenant = ws->tenants().get(session);
    const QString slug = tenant ? tenant.value().slug : QString();
    inBackground(
        [ws, session, url, slug, email, password, code, upload] {
            rd::sync::SyncEngine engine(*ws, session);
            return engine.connect(url.trimmed(), slug, email.trimmed(), password, code, upload);
        },
        [this](const rd::Status& st) {
            if (!st)
                ErrorModel::instance()->report(st.error());
            else
                m_controller->restartSync();
            reload();
            Q_EMIT finished(st.ok());
        });
}

void SyncPanel::loadDevices()
{
    if (!m_controller || !m_controller->signedIn() || m_busy) return;
    rd::Workspace* ws = m_controller->workspace();
    const rd::Session session = m_controller->session();
    inBackground([ws, session] { return rd::sync::SyncEngine(*ws, session).devices(); },
        [this](const rd::Result<QJsonArray>& r) {
            if (!r) {
                ErrorModel::instance()->report(r.error());
                return;
            }
            m_devices = r.value().toVariantList();
            Q_EMIT devicesChanged();
        });
}

void SyncPanel::revokeDevice(const QString& deviceId, bool wipe, const QString& reason)
{
    if (!m_controller || !m_controller->signedIn() || m_busy) return;
    rd::Workspace* ws = m_controller->workspace();
    const rd::Session session = m_controller->session();
    inBackground(
        [ws, session, deviceId, wipe, reason] {
            return rd::sync::SyncEngine(*ws, session).revokeDevice(deviceId, wipe, reason.trimmed());
        },
        [this](const rd::Status& st) {
            if (!st) ErrorModel::instance()->report(st.error());
            loadDevices();
        });
}

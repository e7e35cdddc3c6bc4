#include "appcontroller.h"
#include "lockscreen.h"

#include "app/workspace.h"
#include "client/syncengine.h"
#include "client/syncscheduler.h"
#include "errormodel.h"
#include "userfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QPalette>
#include <QProcess>
#include <QSettings>
#include <QtConcurrent>

namespace {
rd::Workspace* g_workspace = nullptr;
}

AppController::AppController(rd::Workspace* workspace, QObject* parent)
    : QObject(parent)
    , m_ws(workspace)
{
}

void AppController::setInstanceWorkspace(rd::Workspace* workspace)
{
    g_workspace = workspace;
}

namespace {
QString g_theme = QStringLiteral("system");
}

void AppController::setTheme(const QString& theme)
{
    g_theme = theme;
}

namespace {
QString g_language;
}

void AppController::setLanguage(const QString& language)
{
    g_language = language;
}

QStringList AppController::restartArguments(const QString& path)
{
    QStringList args { QStringLiteral("--db"), path, QStringLiteral("--theme"), g_theme };
    if (!g_language.isEmpty()) args << QStringLiteral("--lang") << g_language;
    return args;
}

bool AppController::startOn(const QString& path, const QString& program, qint64* pid)
{
    return QProcess::startDetached(
        program.isEmpty() ? QCoreApplication::applicationFilePath() : program, restartArguments(path), QString(), pid);
}

bool AppController::darkTheme() const
{
    if (g_theme == QLatin1String("dark")) return true;
    if (g_theme == QLatin1String("light")) return false;
    // The system's choice shows in the platform palette (Windows, macOS, GNOME/KDE themes).
    return QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
}

namespace {
const QString kRecentKey = QStringLiteral("workspaces/recent");
constexpr int kRecentMax = 10;
// The recent list lives in ~/.config/recruitdesk/recruitdesk.conf (and the platforms' equivalents).
}

void AppController::rememberDatabase(const QString& path)
{
    QSettings settings(QStringLiteral("recruitdesk"), QStringLiteral("recruitdesk"));
    QStringList recent = settings.value(kRecentKey).toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > kRecentMax)
        recent.removeLast();
    settings.setValue(kRecentKey, recent);
}

QStringList AppController::recentDatabases() const
{
    return QSettings(QStringLiteral("recruitdesk"), QStringLiteral("recruitdesk")).value(kRecentKey).toStringList();
}

bool AppController::forgetDatabase(const QString& path)
{
    QSettings settings(QStringLiteral("recruitdesk"), QStringLiteral("recruitdesk"));
    QStringList recent = settings.value(kRecentKey).toStringList();
    if (!recent.removeAll(path)) return false;
    settings.setValue(kRecentKey, recent);
    Q_EMIT recentChanged();
    return true;
}

bool AppController::switchDatabase(const QUrl& file)
{
    const QString path = QFileInfo(userfiles::path(file)).absoluteFilePath();
    if (!QFileInfo(path).absoluteDir().exists()) {
        ErrorModel::instance()->report(rd::makeError(rd::ErrorCode::StorageError,
            tr("The folder of %1 does not exist.").arg(path), { { QStringLiteral("path"), path } }));
        return false;
    }
    if (path == QFileInfo(databasePath()).absoluteFilePath()) {
        ErrorModel::instance()->report(rd::makeError(rd::ErrorCode::ValidationFailed,
            tr("This workspace file is already open."), { { QStringLiteral("path"), path } }));
        return false;
    }
    rememberDatabase(path);
    Q_EMIT recentChanged();
    Q_EMIT switchRequested(path);
    return true;
}

AppController* AppController::create(QQmlEngine* engine, QJSEngine*)
{
    Q_ASSERT(g_workspace);
    return new AppController(g_workspace, engine);
}

bool AppController::needsSetup() const
{
    // A join cut off part-way stays on the first-run page until it is finished.
    if (rd::sync::SyncEngine::isJoining(*m_ws)) return true;
    auto t = m_ws->tenants().listForSignIn();
    return t.ok() && t.value().isEmpty();
}

QStringList AppController::workspaces() const
{
    QStringList out;
    auto t = m_ws->tenants().listForSignIn();
    if (t.ok())
        for (const rd::Tenant& tenant : t.value())
            out << tenant.slug;
    return out;
}

QString AppController::databasePath() const
{
    return m_ws->db().path();
}

void AppController::setBusy(bool busy)
{
    if (m_busy == busy) return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

bool AppController::passwordsMatch(const QString& password, const QString& confirm)
{
    if (password == confirm) return true;
    ErrorModel::instance()->report(rd::makeError(rd::ErrorCode::ValidationFailed, tr("The two passwords differ."),
        { { QStringLiteral("field"), QStringLiteral("password") } }));
    Q_EMIT finished(false);
    return false;
}

void AppController::createWorkspace(const QString& name, const QString& kind, const QString& email,
    const QString& givenName, const QString& familyName, const QString& password, const QString& confirm)
{
    ErrorModel::instance()->clear();
    if (!passwordsMatch(password, confirm)) return;
    setBusy(true);
    rd::NewWorkspace w { name, {}, kind, email, password, givenName, familyName };
    auto* watcher = new QFutureWatcher<rd::Result<rd::Tenant>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, email, password] {
        auto r = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (!r) {
            ErrorModel::instance()->report(r.error());
            Q_EMIT finished(false);
            return;
        }
        Q_EMIT stateChanged();
        signIn(r.value().slug, email, password);
    });
    watcher->setFuture(QtConcurrent::run([ws = m_ws, w] { return ws->tenants().createWorkspace(w); }));
}

void AppController::joinWorkspace(const QString& server, const QString& workspaceSlug, const QString& email,
    const QString& password, const QString& totp, const QString& joinCode, const QString& confirm)
{
    ErrorModel::instance()->clear();
    const bool invited = !joinCode.trimmed().isEmpty();
    if (invited && !passwordsMatch(password, confirm)) return;
    setBusy(true);
    using Joined = rd::Result<QString>; // the workspace's slug
    auto* watcher = new QFutureWatcher<Joined>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, email, password] {
        auto r = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (!r) {
            ErrorModel::instance()->report(r.error());
            Q_EMIT stateChanged(); // part of the workspace may have arrived
            Q_EMIT finished(false);
            return;
        }
        Q_EMIT stateChanged();
        signIn(r.value(), email, password); // offline sign-in with the same password from now on
    });
    watcher->setFuture(QtConcurrent::run([ws = m_ws, server, workspaceSlug, email, password, totp, joinCode, invited]() -> Joined {
        auto session = invited
            ? rd::sync::SyncEngine::joinWithCode(*ws, server, workspaceSlug.trimmed(), email.trimmed(), joinCode, password)
            : rd::sync::SyncEngine::join(*ws, server, workspaceSlug.trimmed(), email.trimmed(), password, totp.trimmed());
        if (!session) return session.error();
        auto tenant = ws->tenants().get(session.value());
        if (!tenant) return tenant.error();
        return tenant.value().slug;
    }));
}

void AppController::signIn(const QString& workspaceSlug, const QString& email, const QString& password)
{
    ErrorModel::instance()->clear();
    m_pendingSlug = workspaceSlug;
    m_pendingEmail = email;
    m_pendingPassword = password;
    m_pendingCode.clear();
    attemptSignIn();
}

void AppController::submitCode(const QString& code)
{
    ErrorModel::instance()->clear();
    m_pendingCode = code.trimmed();
    attemptSignIn();
}

void AppController::cancelMfa()
{
    m_pendingPassword.clear();
    m_pendingCode.clear();
    m_mfaPending = false;
    Q_EMIT stateChanged();
}

void AppController::attemptSignIn()
{
    setBusy(true);
    rd::SignInRequest req;
    req.tenantSlug = m_pendingSlug;
    req.email = m_pendingEmail;
    req.password = m_pendingPassword;
    if (m_pendingCode.size() > 8)
        req.recoveryCode = m_pendingCode;
    else
        req.totpCode = m_pendingCode;
    auto* watcher = new QFutureWatcher<rd::Result<rd::Session>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        auto r = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (!r) {
            if (r.error().code == rd::ErrorCode::MfaRequired) {
                m_mfaPending = true;
                Q_EMIT stateChanged();
                Q_EMIT finished(false);
                return;
            }
            ErrorModel::instance()->report(r.error());
            Q_EMIT finished(false);
            return;
        }
        m_pendingPassword.clear();
        m_pendingCode.clear();
        m_mfaPending = false;
        m_session = r.value();
        loadSessionInfo();
        startSync();
        Q_EMIT stateChanged();
        Q_EMIT finished(true);
    });
    watcher->setFuture(QtConcurrent::run([ws = m_ws, req] { return ws->auth().signIn(req); }));
}

void AppController::loadSessionInfo()
{
    auto tenant = m_ws->tenants().get(m_session);
    m_tenantName = tenant ? tenant.value().name : QString();
    m_tenantKind = tenant ? tenant.value().kind : QString();
    auto roles = m_ws->context().authz.roleNames(m_session);
    m_roles = roles ? roles.value() : QStringList();
    m_canAdmin = m_ws->context().authz.can(m_session, rd::Resource::User, rd::Action::Manage);
    auto user = m_ws->users().get(m_session, m_session.userId);
    m_userName = user ? user.value().displayName() : m_session.email;
}

AppController::~AppController()
{
    stopSync();
}

QObject* AppController::sync() const
{
    return m_sync.get();
}

void AppController::startSync()
{
    stopSync();
    rd::sync::SyncScheduler::Policy policy;
    m_sync = std::make_unique<rd::sync::SyncScheduler>(rd::sync::SyncScheduler::hooksFor(*m_ws, m_session), policy);
    // Every local write (from any thread) asks for a round after the quiet period.
    rd::sync::SyncScheduler* scheduler = m_sync.get();
    m_changeSubscription = m_ws->bus().subscribe<rd::EntityChanged>([scheduler](const rd::EntityChanged&) {
        QMetaObject::invokeMethod(scheduler, &rd::sync::SyncScheduler::localChange, Qt::QueuedConnection);
    });
    // A round the server refused for good (erased, key taken away): the app gives way to the
    // lock screen, signed out (LockScreen, decision 0024).
    connect(m_sync.get(), &rd::sync::SyncScheduler::changed, this, [this, scheduler] {
        if (scheduler->state() != QLatin1String("shut")) return;
        const rd::Error why { rd::ErrorCode::PermissionDenied, scheduler->error(),
            { { QStringLiteral("reason"), scheduler->shutReason() } } };
        const QString path = m_ws->db().path();
        QMetaObject::invokeMethod(this, [this, path, why] {
            signOut();
            LockScreen::instance()->lock(path, why);
        }, Qt::QueuedConnection);
    });
    m_sync->start();
    if (m_sync->state() != QLatin1String("not_connected")) m_sync->syncNow();
}

void AppController::stopSync()
{
    if (m_changeSubscription >= 0) m_ws->bus().unsubscribe(m_changeSubscription);
    m_changeSubscription = -1;
    m_sync.reset();
}

void AppController::signOut()
{
    stopSync();
    m_session = {};
    m_canAdmin = false;
    m_roles.clear();
    m_userName.clear();
    m_tenantName.clear();
    m_mfaPending = false;
    Q_EMIT stateChanged();
}

bool AppController::can(const QString& resource, const QString& action) const
{
    const auto r = rd::parseResource(resource);
    const auto a = rd::parseAction(action);
    return signedIn() && r && a && m_ws->context().authz.can(m_session, *r, *a);
}

void AppController::restartSync()
{
    if (!signedIn()) return;
    startSync();
    Q_EMIT stateChanged();
}

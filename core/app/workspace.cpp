#include "workspace.h"

#include "store/replication.h"

#include "auth/permissions.h"
#include "crypto/crypto.h"

#include <QSqlRecord>

namespace rd {

Workspace::Workspace(std::unique_ptr<Database> db, const Clock& clock, crypto::SecretBox::KeyLoader loader)
    : m_db(std::move(db))
    , m_clock(&clock)
    , m_secrets(std::move(loader))
    , m_ctx(std::make_unique<ServiceContext>(*m_db, clock, m_bus, m_secrets))
    , m_tenants(*m_ctx)
    , m_users(*m_ctx)
    , m_roles(*m_ctx)
    , m_auth(*m_ctx)
    , m_jobs(*m_ctx)
    , m_postings(*m_ctx)
    , m_candidates(*m_ctx)
    , m_applications(*m_ctx, m_postings, m_candidates)
    , m_search(*m_ctx)
    , m_interviews(*m_ctx, m_postings)
    , m_cvs(*m_ctx, m_postings, m_candidates)
    , m_attachments(*m_ctx, m_jobs, m_candidates, m_cvs)
    , m_gdpr(*m_ctx, m_jobs, m_candidates, m_attachments)
    , m_notifications(*m_ctx)
    , m_savedSearches(*m_ctx, m_search)
    , m_cohorts(*m_ctx, m_candidates)
    , m_imports(*m_ctx, m_postings, m_candidates, m_applications, m_cvs, m_jobs)
    , m_exports(*m_ctx)
    , m_analytics(*m_ctx, m_postings)
    , m_activity(*m_ctx, m_postings, m_candidates)
    , m_matching(*m_ctx, m_postings, m_candidates)
    , m_templates(*m_ctx, m_candidates, m_postings)
    , m_outreach(*m_ctx, m_candidates, m_postings, m_templates)
{
    m_jobs.registerHandler(AttachmentService::kExtractJob, [this](const JobRecord& job) { return m_attachments.runExtraction(job); });
    m_jobs.registerHandler(QString::fromLatin1(SearchService::kIndexJob), [this](const JobRecord& job) { return m_search.runIndexJob(job); });
    m_jobs.registerHandler(QString::fromLatin1(SearchService::kMergeJob), [this](const JobRecord& job) { return m_search.runMergeJob(job); });
    m_jobs.registerHandler(QString::fromLatin1(MatchingService::kRecomputeJob),
        [this](const JobRecord& job) { return m_matching.runRecomputeJob(job); });
    m_jobs.registerHandler(GdprService::kRetentionJob, [this](const JobRecord& job) { return m_gdpr.runRetentionJob(job); });
}

Workspace::~Workspace() { m_jobs.stop(); }

QString Workspace::defaultKeyFilePath(const QString& dbPath) { return dbPath + QStringLiteral(".key"); }

crypto::SecretBox::KeyLoader Workspace::passphraseFileLoader(const QString& keyPath, const QByteArray& passphrase)
{
    return [keyPath, passphrase]() -> Result<QByteArray> {
        crypto::PassphraseKeyFile file(keyPath, passphrase);
        return crypto::SecretBox::loadOrCreate(file);
    };
}

Result<std::unique_ptr<Workspace>> Workspace::open(const QString& path, WorkspaceOptions options)
{
    static const Status selfTest = crypto::selfTest();
    if (!selfTest)
        return selfTest.error();
    auto loader = options.custody ? [c = options.custody]() { return c->load(); }
        : options.keyLoader       ? options.keyLoader
                                  : passphraseFileLoader(defaultKeyFilePath(path), qgetenv("RECRUITDESK_KEY_PASSPHRASE"));
    // The key comes first: the file is encrypted with it.
    auto key = loader();
    if (!key)
        return key.error();
    OpenOptions open = options.open;
    if (options.encrypted)
        open.dataKey = key.value();
    auto db = Database::open(path, open);
    if (!db) {
        Error e = db.error();
        if (options.custody && e.details.value(QStringLiteral("reason")).toString() == QLatin1String("wrong_key")
            && !options.custody->state().leased)
            e.message += QStringLiteral(" If this workspace syncs with a server, its key lease file %1 may be missing: restore "
                                        "it with the workspace file.")
                             .arg(crypto::KeyCustody::leasePath(path));
        return e;
    }
    // A file the server leased opens only with its lease: a copy of the key from before the
    // lease (a keychain or key file backup) does not bypass it (decision 0024).
    if (options.custody && !options.custody->state().leased) {
        auto leased = db.value()->meta(QString::fromLatin1(kLeasedMeta));
        if (leased && !leased.value().isEmpty())
            return makeError(ErrorCode::CryptoError,
                QStringLiteral("This workspace is held under a key lease from its sync server (%1), but its lease file %2 is "
                               "missing. Restore it with the workspace file, or ask your administrator.")
                    .arg(leased.value(), crypto::KeyCustody::leasePath(path)),
                { { QStringLiteral("reason"), QStringLiteral("lease_missing") }, { QStringLiteral("server"), leased.value() } });
    }
    if (db.value()->convertedOnOpen())
        qInfo("This workspace file is now encrypted at rest. Its backup (encrypted too) is %s. Keep %s.key with the file: "
              "without it (or the keychain entry it names) the workspace cannot be opened.",
            qPrintable(db.value()->lastBackupPath()), qPrintable(path));
    // A file left with outbox recording off has it on again (replication::healCapture); opening
    // does not fail on it (the next sync round tries again and tells the user).
    if (auto healed = replication::healCapture(*db.value()); !healed)
        qWarning("Cannot check outbox recording: %s", qPrintable(healed.error().message));
    const Clock& clock = options.clock ? *options.clock : SystemClock::instance();
    std::unique_ptr<Workspace> ws(new Workspace(std::move(db).value(), clock, [k = key.value()]() -> Result<QByteArray> { return k; }));
    ws->m_custody = options.custody;
    ws->m_dataKey = key.value();
    // Phone numbers an older release kept as typed are rewritten in E.164, once (decision 0022);
    // the file still opens if that fails (it is tried again at the next open).
    if (auto phones = ws->candidates().normaliseStoredPhones(); !phones)
        qWarning("Cannot rewrite phone numbers in E.164: %s", qPrintable(phones.error().message));
    else if (phones.value() > 0)
        qInfo("Rewrote %d phone numbers in E.164 (the international form, +44...).", phones.value());
    return ws;
}

Result<Page<AuditEntry>> Workspace::listAudit(const Session& session, const ListQuery& query)
{
    RD_TRY(m_ctx->authz.require(session, Resource::Audit, Action::Read));
    auto page = m_ctx->audit.list(session.tenantId, query);
    if (!page)
        return page;
    for (AuditEntry& e : page.value().items)
        e.diff = openPersonalDiff(*m_ctx, session.tenantId, e.diff);
    return page;
}

Status Workspace::scheduleDailyJobs()
{
    auto tenants = m_db->select(QStringLiteral("SELECT id FROM tenants WHERE deleted_at IS NULL AND status = 'active'"));
    if (!tenants)
        return tenants.error();
    for (const auto& t : tenants.value())
        RD_TRY(m_gdpr.scheduleRetention(t.value(0).toString()));
    return {};
}

Result<VerifyReport> Workspace::verifyAudit(const Session& session)
{
    RD_TRY(m_ctx->authz.require(session, Resource::Audit, Action::Read));
    return m_ctx->audit.verify(session.tenantId);
}

} // namespace rd

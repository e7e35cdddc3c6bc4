#pragma once

#include "audit/auditlog.h"
#include "auth/authservice.h"
#include "auth/roleservice.h"
#include "auth/tenantservice.h"
#include "auth/userservice.h"
#include "common/clock.h"
#include "common/result.h"
#include "crypto/keystore.h"
#include "jobs/eventbus.h"
#include "jobs/jobqueue.h"
#include "matching/matchingservice.h"
#include "recruiting/activityservice.h"
#include "recruiting/analyticsservice.h"
#include "recruiting/applicationservice.h"
#include "recruiting/attachmentservice.h"
#include "recruiting/candidateservice.h"
#include "recruiting/cohortservice.h"
#include "recruiting/cvservice.h"
#include "recruiting/exportservice.h"
#include "recruiting/gdprservice.h"
#include "recruiting/importservice.h"
#include "recruiting/interviewservice.h"
#include "recruiting/jobservice.h"
#include "recruiting/notificationservice.h"
#include "recruiting/savedsearchservice.h"
#include "outreach/outreachservice.h"
#include "outreach/templateservice.h"
#include "recruiting/searchservice.h"
#include "service/context.h"
#include "store/database.h"
#include "crypto/keylease.h"

#include <memory>

namespace rd {

struct WorkspaceOptions {
    const Clock* clock = nullptr;     // default: system clock
    // The workspace data key: it encrypts the file (decision 0023) and seals secrets. Called once,
    // before the file opens. Default: passphrase key file next to the database.
    crypto::SecretBox::KeyLoader keyLoader;
    // Instead of keyLoader: where the key lives and its lease from the sync server (decision
    // 0024). Sync renews the lease through it and carries out a remote wipe.
    std::shared_ptr<crypto::KeyCustody> custody;
    OpenOptions open;
    // false keeps (or makes) a plain file: only benchmarks that measure the encrypted store
    // against the plain one in the same run set it.
    bool encrypted = true;
};

// An open local store with every core service wired to it. The desktop app, the CLI and the
// tests all start here, so they run the same code paths.
class Workspace {
public:
    static Result<std::unique_ptr<Workspace>> open(const QString& path, WorkspaceOptions options = {});
    // Meta key set once a sync server leased the key (the server's address): opened through a
    // custody, such a file needs its lease file (decision 0024).
    static constexpr const char* kLeasedMeta = "key_leased_by";
    ~Workspace();

    Database& db() { return *m_db; }
    ServiceContext& context() { return *m_ctx; }
    const Clock& clock() const { return *m_clock; }
    // The key's custody when the workspace was opened with one (else null: tests, tools).
    const std::shared_ptr<crypto::KeyCustody>& keyCustody() const { return m_custody; }
    // The data key (the workspace is open, so it was loaded).
    Result<QByteArray> dataKey() { return m_dataKey; }
    EventBus& bus() { return m_bus; }
    TenantService& tenants() { return m_tenants; }
    UserService& users() { return m_users; }
    RoleService& roles() { return m_roles; }
    AuthService& auth() { return m_auth; }
    JobQueue& jobs() { return m_jobs; }
    JobService& postings() { return m_postings; }
    CandidateService& candidates() { return m_candidates; }
    ApplicationService& applications() { return m_applications; }
    SearchService& search() { return m_search; }
    InterviewService& interviews() { return m_interviews; }
    ImportService& imports() { return m_imports; }
    ExportService& exports() { return m_exports; }
    AnalyticsService& analytics() { return m_analytics; }
    ActivityService& activity() { return m_activity; }
    MatchingService& matching() { return m_matching; }
    CvService& cvs() { return m_cvs; }
    AttachmentService& attachments() { return m_attachments; }
    GdprService& gdpr() { return m_gdpr; }
    NotificationService& notifications() { return m_notifications; }
    SavedSearchService& savedSearches() { return m_savedSearches; }
    OutreachService& outreach() { return m_outreach; }
    TemplateService& templates() { return m_templates; }
    CohortService& cohorts() { return m_cohorts; }
    AuditLog& audit() { return m_ctx->audit; }
    crypto::SecretBox& secrets() { return m_secrets; }

    Result<Page<AuditEntry>> listAudit(const Session& session, const ListQuery& query);
    Result<VerifyReport> verifyAudit(const Session& session);
    // Enqueues today's periodic jobs (the GDPR retention sweep) for every tenant in the file;
    // idempotent per day. The desktop app calls it at start and hourly.
    Status scheduleDailyJobs();

    // Default key file: "<database>.key", passphrase from RECRUITDESK_KEY_PASSPHRASE (may be empty).
    static QString defaultKeyFilePath(const QString& dbPath);
    static crypto::SecretBox::KeyLoader passphraseFileLoader(const QString& keyPath, const QByteArray& passphrase);

private:
    Workspace(std::unique_ptr<Database> db, const Clock& clock, crypto::SecretBox::KeyLoader loader);

    std::unique_ptr<Database> m_db;
    const Clock* m_clock;
    std::shared_ptr<crypto::KeyCustody> m_custody;
    QByteArray m_dataKey;
    EventBus m_bus;
    crypto::SecretBox m_secrets;
    std::unique_ptr<ServiceContext> m_ctx;
    TenantService m_tenants;
    UserService m_users;
    RoleService m_roles;
    AuthService m_auth;
    JobQueue m_jobs;
    JobService m_postings;
    CandidateService m_candidates;
    ApplicationService m_applications;
    SearchService m_search;
    InterviewService m_interviews;
    CvService m_cvs;
    AttachmentService m_attachments;
    GdprService m_gdpr;
    NotificationService m_notifications;
    SavedSearchService m_savedSearches;
    CohortService m_cohorts;
    ImportService m_imports;
    ExportService m_exports;
    AnalyticsService m_analytics;
    ActivityService m_activity;
    MatchingService m_matching;
    TemplateService m_templates;
    OutreachService m_outreach;
};

} // namespace rd

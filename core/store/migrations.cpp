#include "migrations.h"

#include "replication.h"

namespace rd::migrations {

namespace {
// Columns every tenant-scoped table carries (see docs/architecture.md).
#define RD_STD_COLUMNS                                                                                                 \
    "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT, updated_by TEXT, deleted_at TEXT"

QStringList v1()
{
    return {
        // Key/value facts about this database file: device_id, key_source, ...
        QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),

        QStringLiteral("CREATE TABLE tenants (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL, "
                       "slug TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('agency','employer','school')), "
                       "status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended')), "
                       "settings TEXT NOT NULL DEFAULT '{}', plan TEXT NOT NULL DEFAULT 'standard', " RD_STD_COLUMNS
                       ", CHECK (tenant_id = id))"),
        QStringLiteral("CREATE UNIQUE INDEX tenants_slug ON tenants(slug) WHERE deleted_at IS NULL"),

        QStringLiteral("CREATE TABLE users (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "email TEXT NOT NULL, email_norm TEXT NOT NULL, given_name TEXT NOT NULL DEFAULT '', "
                       "family_name TEXT NOT NULL DEFAULT '', active INTEGER NOT NULL DEFAULT 1, "
                       "verified INTEGER NOT NULL DEFAULT 0, password_hash TEXT, password_changed_at TEXT, "
                       "mfa_enabled INTEGER NOT NULL DEFAULT 0, mfa_secret BLOB, mfa_pending_secret BLOB, "
                       "mfa_last_step INTEGER NOT NULL DEFAULT 0, failed_attempts INTEGER NOT NULL DEFAULT 0, "
                       "locked_until TEXT, last_sign_in_at TEXT, " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX users_email ON users(tenant_id, email_norm) WHERE deleted_at IS NULL"),

        QStringLiteral("CREATE TABLE roles (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', is_system INTEGER NOT NULL DEFAULT 0, "
                       RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX roles_name ON roles(tenant_id, name) WHERE deleted_at IS NULL"),

        QStringLiteral("CREATE TABLE role_permissions (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "role_id TEXT NOT NULL REFERENCES roles(id), resource TEXT NOT NULL, action TEXT NOT NULL, "
                       RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX role_permissions_unique ON role_permissions(role_id, resource, action) "
                       "WHERE deleted_at IS NULL"),

        QStringLiteral("CREATE TABLE user_roles (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "user_id TEXT NOT NULL REFERENCES users(id), role_id TEXT NOT NULL REFERENCES roles(id), "
                       RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX user_roles_unique ON user_roles(user_id, role_id) WHERE deleted_at IS NULL"),

        // One-time codes: MFA recovery codes and admin-issued password reset codes, stored hashed.
        QStringLiteral("CREATE TABLE auth_codes (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "user_id TEXT NOT NULL REFERENCES users(id), purpose TEXT NOT NULL CHECK (purpose IN "
                       "('recovery','reset')), code_hash TEXT NOT NULL, expires_at TEXT, used_at TEXT, " RD_STD_COLUMNS
                       ")"),
        QStringLiteral("CREATE INDEX auth_codes_user ON auth_codes(user_id, purpose)"),

        // Tamper-evident audit log: per (tenant, device) hash chain; append-only by trigger.
        // No secondary index: the chain itself (verified link by link) is the integrity
        // check, and writes stay one b-tree insert per entry.
        QStringLiteral("CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, "
                       "tenant_id TEXT NOT NULL, device_id TEXT NOT NULL, chain_seq INTEGER NOT NULL, "
                       "user_id TEXT, action TEXT NOT NULL, resource_type TEXT NOT NULL, resource_id TEXT, "
                       "outcome TEXT NOT NULL DEFAULT 'ok', diff TEXT NOT NULL DEFAULT '{}', correlation_id TEXT, "
                       "created_at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"),
        QStringLiteral("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"),
        QStringLiteral("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"),
        // Last link of each chain, so truncating the tail is detected too.
        QStringLiteral("CREATE TABLE audit_heads (tenant_id TEXT NOT NULL, device_id TEXT NOT NULL, "
                       "chain_seq INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (tenant_id, device_id))"),

        // Outbox: one change record per mutation, read by sync. One file is one device, so
        // dev_seq alone orders and identifies the records (rowid: one b-tree per insert);
        // sync keeps its push cursor in meta rather than flagging rows.
        // The device id is the file's (meta.device_id); it is not repeated per row.
        QStringLiteral("CREATE TABLE changes (dev_seq INTEGER PRIMARY KEY, "
                       "tenant_id TEXT NOT NULL, entity TEXT NOT NULL, row_id TEXT NOT NULL, "
                       "op TEXT NOT NULL CHECK (op IN ('insert','update','delete')), fields TEXT NOT NULL, "
                       "base_server_seq INTEGER, correlation_id TEXT, created_at TEXT NOT NULL)"),
        // The outbox as sync reads it: every change record with this file's device id.
        QStringLiteral("CREATE VIEW outbox AS SELECT m.value AS device_id, c.dev_seq, c.tenant_id, c.entity, c.row_id, "
                       "c.op, c.fields, c.base_server_seq, c.correlation_id, c.created_at FROM changes c "
                       "JOIN meta m ON m.key = 'device_id'"),
        // Persistent background jobs.
        QStringLiteral("CREATE TABLE jobs (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, kind TEXT NOT NULL, "
                       "idempotency_key TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '{}', "
                       "state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','running','done','dead')), "
                       "attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL DEFAULT 8, "
                       "next_run_at INTEGER NOT NULL, last_error TEXT, locked_by TEXT, " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX jobs_idempotency ON jobs(tenant_id, idempotency_key)"),
        QStringLiteral("CREATE INDEX jobs_due ON jobs(state, next_run_at)"),
    };
}
// Recruiting domain, part 1: pipelines, jobs, candidates with contacts, applications.
QStringList v2()
{
    return {
        // Pipelines: job_id NULL is the tenant's default template; a job gets its own copy.
        QStringLiteral("CREATE TABLE pipelines (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "job_id TEXT, name TEXT NOT NULL, " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE INDEX pipelines_job ON pipelines(tenant_id, job_id)"),
        QStringLiteral("CREATE TABLE pipeline_stages (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "pipeline_id TEXT NOT NULL REFERENCES pipelines(id), name TEXT NOT NULL, kind TEXT NOT NULL CHECK "
                       "(kind IN ('applied','screening','interview','offer','hired','rejected')), position INTEGER NOT NULL, "
                       RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE INDEX pipeline_stages_pipeline ON pipeline_stages(pipeline_id, position)"),

        QStringLiteral("CREATE TABLE job_postings (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "job_number TEXT NOT NULL, external_id TEXT, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', "
                       "department TEXT NOT NULL DEFAULT '', location TEXT NOT NULL DEFAULT '', latitude REAL, longitude REAL, "
                       "remote TEXT NOT NULL DEFAULT 'onsite' CHECK (remote IN ('onsite','hybrid','remote')), "
                       "employment_type TEXT NOT NULL DEFAULT '', salary_min REAL, salary_max REAL, salary_currency TEXT, "
                       "status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','open','closed','archived')), "
                       "published INTEGER NOT NULL DEFAULT 0, tags TEXT NOT NULL DEFAULT '[]', must_have TEXT NOT NULL "
                       "DEFAULT '[]', nice_to_have TEXT NOT NULL DEFAULT '[]', pipeline_id TEXT REFERENCES pipelines(id), "
                       RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX job_postings_number ON job_postings(tenant_id, job_number) WHERE deleted_at IS NULL"),
        QStringLiteral("CREATE UNIQUE INDEX job_postings_external ON job_postings(tenant_id, external_id) "
                       "WHERE external_id IS NOT NULL AND deleted_at IS NULL"),
        QStringLiteral("CREATE TABLE job_managers (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "job_id TEXT NOT NULL REFERENCES job_postings(id), user_id TEXT NOT NULL REFERENCES users(id), "
                       RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX job_managers_unique ON job_managers(job_id, user_id) WHERE deleted_at IS NULL"),
        QStringLiteral("CREATE INDEX job_managers_user ON job_managers(tenant_id, user_id)"),

        QStringLiteral("CREATE TABLE candidates (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "external_id TEXT, first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '', "
                       "headline TEXT NOT NULL DEFAULT '', location TEXT NOT NULL DEFAULT '', latitude REAL, longitude REAL, "
                       "source TEXT NOT NULL DEFAULT '', owner_id TEXT, consent TEXT NOT NULL DEFAULT 'unknown' CHECK "
                       "(consent IN ('unknown','granted','withdrawn')), skills TEXT NOT NULL DEFAULT '[]', "
                       "tags TEXT NOT NULL DEFAULT '[]', links TEXT NOT NULL DEFAULT '[]', " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX candidates_external ON candidates(tenant_id, external_id) "
                       "WHERE external_id IS NOT NULL AND deleted_at IS NULL"),
        QStringLiteral("CREATE TABLE candidate_contacts (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "candidate_id TEXT NOT NULL REFERENCES candidates(id), kind TEXT NOT NULL CHECK (kind IN "
                       "('email','phone')), value TEXT NOT NULL, value_norm TEXT NOT NULL, " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE INDEX candidate_contacts_lookup ON candidate_contacts(tenant_id, kind, value_norm) "
                       "WHERE deleted_at IS NULL"),
        QStringLiteral("CREATE INDEX candidate_contacts_candidate ON candidate_contacts(candidate_id)"),

        QStringLiteral("CREATE TABLE applications (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "candidate_id TEXT NOT NULL REFERENCES candidates(id), job_id TEXT NOT NULL REFERENCES "
                       "job_postings(id), stage_id TEXT NOT NULL REFERENCES pipeline_stages(id), status TEXT NOT NULL "
                       "DEFAULT 'active' CHECK (status IN ('active','rejected','withdrawn','hired')), owner_id TEXT, "
                       "score REAL, source TEXT NOT NULL DEFAULT '', applied_at TEXT NOT NULL, " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX applications_unique ON applications(tenant_id, candidate_id, job_id) "
                       "WHERE deleted_at IS NULL"),
        QStringLiteral("CREATE INDEX applications_job ON applications(tenant_id, job_id, stage_id)"),
        QStringLiteral("CREATE TABLE stage_history (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "application_id TEXT NOT NULL REFERENCES applications(id), from_stage_id TEXT, to_stage_id TEXT NOT "
                       "NULL, status TEXT NOT NULL, moved_by TEXT, moved_at TEXT NOT NULL, " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE INDEX stage_history_application ON stage_history(application_id, moved_at)"),

        // Notes on candidates, jobs and applications.
        QStringLiteral("CREATE TABLE notes (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), subject_type TEXT "
                       "NOT NULL CHECK (subject_type IN ('candidate','job','application')), subject_id TEXT NOT NULL, body TEXT "
                       "NOT NULL, " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE INDEX notes_subject ON notes(tenant_id, subject_type, subject_id, created_at)"),
        // Interviews: start in UTC plus the IANA zone it was planned in; feedback per interviewer.
        QStringLiteral("CREATE TABLE interviews (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "application_id TEXT NOT NULL REFERENCES applications(id), starts_at TEXT NOT NULL, time_zone TEXT NOT NULL, "
                       "duration_min INTEGER NOT NULL, location TEXT NOT NULL DEFAULT '', video_link TEXT NOT NULL DEFAULT '', "
                       "status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','completed','cancelled')), "
                       RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE INDEX interviews_application ON interviews(tenant_id, application_id)"),
        QStringLiteral("CREATE TABLE interviewers (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "interview_id TEXT NOT NULL REFERENCES interviews(id), user_id TEXT NOT NULL REFERENCES users(id), "
                       RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE INDEX interviewers_interview ON interviewers(interview_id)"),
        QStringLiteral("CREATE TABLE interview_feedback (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "interview_id TEXT NOT NULL REFERENCES interviews(id), interviewer_id TEXT NOT NULL REFERENCES users(id), "
                       "ratings TEXT NOT NULL DEFAULT '{}', recommendation TEXT NOT NULL CHECK (recommendation IN "
                       "('strong_yes','yes','no','strong_no')), comment TEXT NOT NULL DEFAULT '', " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX interview_feedback_unique ON interview_feedback(interview_id, interviewer_id) "
                       "WHERE deleted_at IS NULL"),

        // CSV imports: one batch per file, the rows it created or changed (with their previous
        // values) so the batch can be reverted.
        QStringLiteral("CREATE TABLE import_batches (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "kind TEXT NOT NULL, file_name TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'applied' CHECK "
                       "(status IN ('applied','reverted')), report TEXT NOT NULL DEFAULT '{}', " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE TABLE import_batch_rows (id INTEGER PRIMARY KEY, batch_id TEXT NOT NULL REFERENCES import_batches(id), "
                       "entity TEXT NOT NULL, row_id TEXT NOT NULL, action TEXT NOT NULL CHECK (action IN ('created','updated')), "
                       "previous TEXT)"),
        QStringLiteral("CREATE INDEX import_batch_rows_batch ON import_batch_rows(batch_id)"),

        // Full-text search (FTS5, BM25). Each indexed row gets a stable integer key from a
        // keys table (INTEGER PRIMARY KEY survives VACUUM, plain rowids may not); triggers
        // keep the index current with every insert, update and soft delete.
        QStringLiteral("CREATE TABLE search_keys (rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, row_id TEXT NOT NULL, "
                       "UNIQUE (kind, row_id))"),
        QStringLiteral("CREATE VIRTUAL TABLE candidate_search USING fts5(tenant_id UNINDEXED, name, headline, skills, tags, "
                       "location, emails, tokenize = 'unicode61 remove_diacritics 2')"),
        QStringLiteral("CREATE VIRTUAL TABLE job_search USING fts5(tenant_id UNINDEXED, title, description, tags, skills, "
                       "location, tokenize = 'unicode61 remove_diacritics 2')"),
        QStringLiteral("CREATE VIEW candidate_search_source AS SELECT c.id, c.tenant_id, trim(c.first_name || ' ' || c.last_name) "
                       "AS name, c.headline, (SELECT group_concat(value, ' ') FROM json_each(c.skills)) AS skills, "
                       "(SELECT group_concat(value, ' ') FROM json_each(c.tags)) AS tags, c.location, "
                       "(SELECT group_concat(cc.value, ' ') FROM candidate_contacts cc WHERE cc.candidate_id = c.id AND "
                       "cc.kind = 'email' AND cc.deleted_at IS NULL) AS emails FROM candidates c WHERE c.deleted_at IS NULL"),
        QStringLiteral("CREATE TRIGGER candidate_search_ins AFTER INSERT ON candidates BEGIN "
                       "INSERT OR IGNORE INTO search_keys (kind, row_id) VALUES ('candidate', new.id); "
                       "INSERT INTO candidate_search (rowid, tenant_id, name, headline, skills, tags, location, emails) "
                       "SELECT k.rowid, s.tenant_id, s.name, s.headline, s.skills, s.tags, s.location, s.emails FROM "
                       "candidate_search_source s JOIN search_keys k ON k.kind = 'candidate' AND k.row_id = s.id "
                       "WHERE s.id = new.id; END"),
        QStringLiteral("CREATE TRIGGER candidate_search_upd AFTER UPDATE ON candidates BEGIN "
                       "DELETE FROM candidate_search WHERE rowid = (SELECT rowid FROM search_keys WHERE kind = 'candidate' "
                       "AND row_id = old.id); "
                       "INSERT INTO candidate_search (rowid, tenant_id, name, headline, skills, tags, location, emails) "
                       "SELECT k.rowid, s.tenant_id, s.name, s.headline, s.skills, s.tags, s.location, s.emails FROM "
                       "candidate_search_source s JOIN search_keys k ON k.kind = 'candidate' AND k.row_id = s.id "
                       "WHERE s.id = new.id; END"),
        // Contacts change the emails column: re-index the candidate.
        QStringLiteral("CREATE TRIGGER candidate_search_contacts AFTER INSERT ON candidate_contacts BEGIN "
                       "UPDATE candidates SET id = id WHERE id = new.candidate_id; END"),
        QStringLiteral("CREATE TRIGGER candidate_search_contacts_upd AFTER UPDATE ON candidate_contacts BEGIN "
                       "UPDATE candidates SET id = id WHERE id = new.candidate_id; END"),
        QStringLiteral("CREATE TRIGGER job_search_ins AFTER INSERT ON job_postings BEGIN "
                       "INSERT OR IGNORE INTO search_keys (kind, row_id) VALUES ('job', new.id); "
                       "INSERT INTO job_search (rowid, tenant_id, title, description, tags, skills, location) "
                       "SELECT k.rowid, new.tenant_id, new.title, new.description, "
                       "(SELECT group_concat(value, ' ') FROM json_each(new.tags)), "
                       "(SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.must_have)) || ' ' || "
                       "(SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.nice_to_have)), new.location "
                       "FROM search_keys k WHERE k.kind = 'job' AND k.row_id = new.id AND new.deleted_at IS NULL; END"),
        QStringLiteral("CREATE TRIGGER job_search_upd AFTER UPDATE ON job_postings BEGIN "
                       "DELETE FROM job_search WHERE rowid = (SELECT rowid FROM search_keys WHERE kind = 'job' AND "
                       "row_id = old.id); "
                       "INSERT INTO job_search (rowid, tenant_id, title, description, tags, skills, location) "
                       "SELECT k.rowid, new.tenant_id, new.title, new.description, "
                       "(SELECT group_concat(value, ' ') FROM json_each(new.tags)), "
                       "(SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.must_have)) || ' ' || "
                       "(SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.nice_to_have)), new.location "
                       "FROM search_keys k WHERE k.kind = 'job' AND k.row_id = new.id AND new.deleted_at IS NULL; END"),
    };
}

// Recruiting domain, part 2: CVs and tailored variants, attachments, saved searches,
// notifications, consent and per-subject keys (GDPR), source jobs, school cohorts.
QStringList v3()
{
    QStringList s {
        QStringLiteral("ALTER TABLE candidates ADD COLUMN erased_at TEXT"),
        QStringLiteral("ALTER TABLE candidates ADD COLUMN education TEXT NOT NULL DEFAULT '[]'"),
        QStringLiteral("ALTER TABLE candidates ADD COLUMN experience TEXT NOT NULL DEFAULT '[]'"),
        QStringLiteral("ALTER TABLE candidates ADD COLUMN preferences TEXT NOT NULL DEFAULT '{}'"),
        QStringLiteral("ALTER TABLE candidates ADD COLUMN last_activity_at TEXT"),
        QStringLiteral("ALTER TABLE job_postings ADD COLUMN source TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE job_postings ADD COLUMN company TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE job_postings ADD COLUMN canonical_job_id TEXT REFERENCES job_postings(id)"),
        QStringLiteral("ALTER TABLE job_postings ADD COLUMN dedupe_key TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE job_postings ADD COLUMN max_distance_km REAL"),
        // Source jobs are unique per (source, external id); the tenant's own jobs have source ''.
        QStringLiteral("DROP INDEX job_postings_external"),
        QStringLiteral("CREATE UNIQUE INDEX job_postings_external ON job_postings(tenant_id, source, external_id) "
                       "WHERE external_id IS NOT NULL AND deleted_at IS NULL"),
        QStringLiteral("CREATE INDEX job_postings_dedupe ON job_postings(tenant_id, dedupe_key) WHERE deleted_at IS NULL"),

        // Master CV: every edit is a new immutable version.
        QStringLiteral("CREATE TABLE cv_versions (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "candidate_id TEXT NOT NULL REFERENCES candidates(id), version INTEGER NOT NULL, text TEXT NOT NULL, "
                       "source TEXT NOT NULL DEFAULT 'manual', attachment_id TEXT, sha256 TEXT NOT NULL, " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX cv_versions_unique ON cv_versions(candidate_id, version)"),
        QStringLiteral("CREATE TRIGGER cv_versions_immutable BEFORE UPDATE OF text, version, candidate_id ON cv_versions "
                       "WHEN old.deleted_at IS NULL AND new.deleted_at IS NULL "
                       "BEGIN SELECT RAISE(ABORT, 'cv versions are immutable'); END"),
        // Tailored variant of one CV version for one job, with an approval state.
        QStringLiteral("CREATE TABLE cv_variants (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "candidate_id TEXT NOT NULL REFERENCES candidates(id), job_id TEXT NOT NULL REFERENCES job_postings(id), "
                       "cv_version_id TEXT NOT NULL REFERENCES cv_versions(id), text TEXT NOT NULL, "
                       "state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','pending_approval','approved','rejected')), "
                       "submitted_by TEXT, submitted_at TEXT, decided_by TEXT, decided_at TEXT, decision_comment TEXT NOT NULL "
                       "DEFAULT '', " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE INDEX cv_variants_candidate ON cv_variants(tenant_id, candidate_id, job_id)"),

        // Attachments: content-addressed (SHA-256 of the plaintext) encrypted files under the
        // profile folder; the row holds what was detected and extracted.
        QStringLiteral("CREATE TABLE attachments (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "candidate_id TEXT NOT NULL REFERENCES candidates(id), file_name TEXT NOT NULL, mime_type TEXT NOT NULL, "
                       "size INTEGER NOT NULL, sha256 TEXT NOT NULL, extraction TEXT NOT NULL DEFAULT 'pending' CHECK "
                       "(extraction IN ('pending','done','failed','unsupported')), extracted_text TEXT, extraction_error TEXT, "
                       RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE INDEX attachments_candidate ON attachments(tenant_id, candidate_id)"),
        QStringLiteral("CREATE INDEX attachments_blob ON attachments(sha256)"),

        QStringLiteral("CREATE TABLE saved_searches (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "user_id TEXT NOT NULL REFERENCES users(id), name TEXT NOT NULL, query TEXT NOT NULL, kind TEXT NOT NULL "
                       "DEFAULT '', last_run_at TEXT, last_result_ids TEXT NOT NULL DEFAULT '[]', " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX saved_searches_name ON saved_searches(tenant_id, user_id, name) WHERE deleted_at IS NULL"),

        QStringLiteral("CREATE TABLE notifications (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "user_id TEXT NOT NULL REFERENCES users(id), event TEXT NOT NULL, subject_type TEXT NOT NULL, "
                       "subject_id TEXT NOT NULL, data TEXT NOT NULL DEFAULT '{}', read_at TEXT, " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE INDEX notifications_user ON notifications(tenant_id, user_id, read_at, created_at)"),
        QStringLiteral("CREATE TABLE notification_prefs (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "user_id TEXT NOT NULL REFERENCES users(id), event TEXT NOT NULL, in_app INTEGER NOT NULL DEFAULT 1, "
                       RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX notification_prefs_unique ON notification_prefs(user_id, event) WHERE deleted_at IS NULL"),

        // Consent records (append-only history; the candidate row keeps the current state).
        QStringLiteral("CREATE TABLE consents (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "candidate_id TEXT NOT NULL REFERENCES candidates(id), purpose TEXT NOT NULL, state TEXT NOT NULL CHECK "
                       "(state IN ('granted','withdrawn')), method TEXT NOT NULL DEFAULT '', expires_at TEXT, " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE INDEX consents_candidate ON consents(tenant_id, candidate_id, created_at)"),
        // Per-subject data keys (sealed with the workspace key). Personal data in audit diffs is
        // encrypted under the subject's key; erasure deletes the key ("crypto-shredding").
        QStringLiteral("CREATE TABLE subject_keys (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "subject_type TEXT NOT NULL, sealed_key BLOB NOT NULL, created_at TEXT NOT NULL)"),

        // School tenants: cohorts of learners and their mentors.
        QStringLiteral("CREATE TABLE cohorts (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "name TEXT NOT NULL, starts_on TEXT, ends_on TEXT, " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX cohorts_name ON cohorts(tenant_id, name) WHERE deleted_at IS NULL"),
        QStringLiteral("CREATE TABLE cohort_members (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), "
                       "cohort_id TEXT NOT NULL REFERENCES cohorts(id), candidate_id TEXT REFERENCES candidates(id), "
                       "user_id TEXT REFERENCES users(id), role TEXT NOT NULL CHECK (role IN ('learner','mentor')), "
                       RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE INDEX cohort_members_cohort ON cohort_members(cohort_id, role)"),

        // Candidate search now includes CV and attachment text. Triggers only mark a candidate
        // dirty; Database::commit re-indexes the dirty candidates once per transaction (a bulk
        // import writes each search document once, not once per contact and CV row).
        QStringLiteral("DROP TRIGGER candidate_search_ins"),
        QStringLiteral("DROP TRIGGER candidate_search_upd"),
        QStringLiteral("DROP TRIGGER candidate_search_contacts"),
        QStringLiteral("DROP TRIGGER candidate_search_contacts_upd"),
        QStringLiteral("DROP TABLE candidate_search"),
        QStringLiteral("DROP VIEW candidate_search_source"),
        QStringLiteral("CREATE TABLE search_dirty (kind TEXT NOT NULL, row_id TEXT NOT NULL, PRIMARY KEY (kind, row_id)) WITHOUT ROWID"),
        // The search document of a candidate (json_each cannot be used inside triggers' FTS
        // statements on every build, so list columns are flattened with replace()).
        // scope: the tenant as one indexed token, so that a search is tenant-scoped inside the
        // FTS query itself (a posting-list intersection) instead of reading every match's row.
        QStringLiteral("CREATE VIEW candidate_search_source AS SELECT k.rowid AS key, c.id, c.tenant_id, "
                       "'t' || replace(c.tenant_id, '-', '') AS scope, trim(c.first_name || ' ' || c.last_name) AS name, c.headline, "
                       "replace(replace(replace(c.skills, '[', ''), ']', ''), '\"', '') AS skills, "
                       "replace(replace(replace(c.tags, '[', ''), ']', ''), '\"', '') AS tags, c.location, "
                       "(SELECT group_concat(cc.value, ' ') FROM candidate_contacts cc WHERE cc.candidate_id = c.id AND "
                       "cc.kind = 'email' AND cc.deleted_at IS NULL) AS emails, "
                       "coalesce((SELECT v.text FROM cv_versions v WHERE v.candidate_id = c.id AND v.deleted_at IS NULL "
                       "ORDER BY v.version DESC LIMIT 1), '') || ' ' || coalesce((SELECT group_concat(a.extracted_text, ' ') "
                       "FROM attachments a WHERE a.candidate_id = c.id AND a.deleted_at IS NULL AND a.extraction = 'done'), '') AS cv "
                       "FROM candidates c JOIN search_keys k ON k.kind = 'candidate' AND k.row_id = c.id WHERE c.deleted_at IS NULL"),
        QStringLiteral("CREATE VIRTUAL TABLE candidate_search USING fts5(tenant_id UNINDEXED, scope, name, headline, skills, tags, "
                       "location, emails, cv, tokenize = 'unicode61 remove_diacritics 2')"),
        QStringLiteral("INSERT INTO candidate_search (rowid, tenant_id, scope, name, headline, skills, tags, location, emails, cv) "
                       "SELECT key, tenant_id, scope, name, headline, skills, tags, location, emails, cv FROM candidate_search_source"),
        QStringLiteral("CREATE TRIGGER candidate_search_ins AFTER INSERT ON candidates BEGIN "
                       "INSERT OR IGNORE INTO search_keys (kind, row_id) VALUES ('candidate', new.id); "
                       "INSERT OR IGNORE INTO search_dirty (kind, row_id) VALUES ('candidate', new.id); END"),
        QStringLiteral("CREATE TRIGGER candidate_search_upd AFTER UPDATE ON candidates BEGIN "
                       "INSERT OR IGNORE INTO search_dirty (kind, row_id) VALUES ('candidate', new.id); END"),
    };
    // Tables whose rows feed a candidate's search document.
    for (const char* table : { "candidate_contacts", "cv_versions", "attachments" }) {
        const QString t = QString::fromLatin1(table);
        s << QStringLiteral("CREATE TRIGGER %1_search_ins AFTER INSERT ON %1 BEGIN INSERT OR IGNORE INTO search_dirty (kind, row_id) "
                            "VALUES ('candidate', new.candidate_id); END").arg(t)
          << QStringLiteral("CREATE TRIGGER %1_search_upd AFTER UPDATE ON %1 BEGIN INSERT OR IGNORE INTO search_dirty (kind, row_id) "
                            "VALUES ('candidate', new.candidate_id); INSERT OR IGNORE INTO search_dirty (kind, row_id) "
                            "VALUES ('candidate', old.candidate_id); END").arg(t)
          << QStringLiteral("CREATE TRIGGER %1_search_del AFTER DELETE ON %1 BEGIN INSERT OR IGNORE INTO search_dirty (kind, row_id) "
                            "VALUES ('candidate', old.candidate_id); END").arg(t);
    }
    return s;
}
// Schema 4: derived facts for matching (decision 0010). Like the search index they are
// device-local and never synced: triggers mark candidates whose facts are stale, and
// MatchingService refreshes them before it ranks.
QStringList v4()
{
    QStringList s {
        // Clustered by tenant: ranking a job reads one tenant's rows in order, no index lookups.
        QStringLiteral("CREATE TABLE match_facts (tenant_id TEXT NOT NULL, candidate_id TEXT NOT NULL, cv_version INTEGER NOT NULL "
                       "DEFAULT 0, skills TEXT NOT NULL DEFAULT '|', latitude REAL, longitude REAL, relocate INTEGER NOT NULL DEFAULT 0, "
                       "activity_at TEXT, search_key INTEGER, PRIMARY KEY (tenant_id, candidate_id)) WITHOUT ROWID"),
        QStringLiteral("CREATE UNIQUE INDEX match_facts_candidate ON match_facts(candidate_id)"),
        // Skill -> candidates, so the candidates having every must-have come from index ranges.
        QStringLiteral("CREATE TABLE match_skills (tenant_id TEXT NOT NULL, skill TEXT NOT NULL, candidate_id TEXT NOT NULL, "
                       "PRIMARY KEY (tenant_id, skill, candidate_id)) WITHOUT ROWID"),
        QStringLiteral("CREATE TABLE match_dirty (candidate_id TEXT PRIMARY KEY) WITHOUT ROWID"),
        // Candidates with coordinates, keyed by their search key, for radius searches.
        QStringLiteral("CREATE VIRTUAL TABLE candidate_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon)"),
        QStringLiteral("CREATE TRIGGER candidates_match_ins AFTER INSERT ON candidates BEGIN "
                       "INSERT OR IGNORE INTO match_dirty (candidate_id) VALUES (new.id); END"),
        QStringLiteral("CREATE TRIGGER candidates_match_upd AFTER UPDATE ON candidates BEGIN "
                       "INSERT OR IGNORE INTO match_dirty (candidate_id) VALUES (new.id); END"),
        QStringLiteral("CREATE TRIGGER cv_versions_match_ins AFTER INSERT ON cv_versions BEGIN "
                       "INSERT OR IGNORE INTO match_dirty (candidate_id) VALUES (new.candidate_id); END"),
        QStringLiteral("CREATE TRIGGER cv_versions_match_upd AFTER UPDATE ON cv_versions BEGIN "
                       "INSERT OR IGNORE INTO match_dirty (candidate_id) VALUES (new.candidate_id); END"),
        QStringLiteral("INSERT INTO match_dirty (candidate_id) SELECT id FROM candidates"),
    };
    return s;
}
// Schema 5: stored matches (decision 0011). One row per (job, candidate, CV version): the
// best kStoredPerJob eligible candidates of every open job for their current CV versions
// (current = 1), and the rows of earlier CV versions as they were (current = 0). Derived and
// device-local like the facts: triggers mark what changed and enqueue one match.recompute job.
QStringList v5()
{
    // The recompute job a mark enqueues: one per round (meta match_round); the job bumps the
    // round when it starts, so a mark made while it runs enqueues the next one.
    const QString enqueue = QStringLiteral(
        "INSERT OR IGNORE INTO jobs (id, tenant_id, kind, idempotency_key, payload, state, attempts, max_attempts, next_run_at, "
        "created_at, updated_at) VALUES (lower(hex(randomblob(16))), '', 'match.recompute', 'match.recompute:' || "
        "coalesce((SELECT value FROM meta WHERE key = 'match_round'), '1'), '{}', 'pending', 0, 8, 0, "
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));");
    return {
        QStringLiteral("CREATE TABLE matches (tenant_id TEXT NOT NULL, job_id TEXT NOT NULL, candidate_id TEXT NOT NULL, "
                       "cv_version INTEGER NOT NULL, score REAL NOT NULL, current INTEGER NOT NULL DEFAULT 1, breakdown TEXT NOT NULL, "
                       "computed_at TEXT NOT NULL, PRIMARY KEY (job_id, candidate_id, cv_version)) WITHOUT ROWID"),
        QStringLiteral("CREATE INDEX matches_rank ON matches(job_id, current, score DESC)"),
        QStringLiteral("CREATE INDEX matches_candidate ON matches(candidate_id, current)"),
        // Per job: the best text relevance it was normalised by, and whether every eligible
        // candidate is stored (fewer than kStoredPerJob).
        QStringLiteral("CREATE TABLE match_jobs (job_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, best_text REAL NOT NULL DEFAULT 0, "
                       "complete INTEGER NOT NULL DEFAULT 0, computed_at TEXT NOT NULL) WITHOUT ROWID"),
        QStringLiteral("CREATE TABLE match_jobs_dirty (job_id TEXT PRIMARY KEY) WITHOUT ROWID"),
        // Candidates whose facts were refreshed and whose matches are not yet.
        QStringLiteral("CREATE TABLE match_rescore (candidate_id TEXT PRIMARY KEY) WITHOUT ROWID"),
        QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('match_round', '1')"),
        // The CV's skill mentions ("c++:3|qt:1") and length in words: BM25 from the facts.
        QStringLiteral("ALTER TABLE match_facts ADD COLUMN cv_skills TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE match_facts ADD COLUMN cv_words INTEGER NOT NULL DEFAULT 0"),
        // Years of experience per skill where known ("python:5|qt:2").
        QStringLiteral("ALTER TABLE match_facts ADD COLUMN skill_years TEXT NOT NULL DEFAULT ''"),
        // Bumped by every change to match_facts, so an in-memory copy knows when it is stale.
        QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('match_facts_gen', '1')"),
        QStringLiteral("CREATE TRIGGER job_postings_match_ins AFTER INSERT ON job_postings BEGIN "
                       "INSERT OR IGNORE INTO match_jobs_dirty (job_id) VALUES (new.id); END"),
        QStringLiteral("CREATE TRIGGER job_postings_match_upd AFTER UPDATE ON job_postings BEGIN "
                       "INSERT OR IGNORE INTO match_jobs_dirty (job_id) VALUES (new.id); END"),
        // Applying changes the applied flag of the pair.
        QStringLiteral("CREATE TRIGGER applications_match_ins AFTER INSERT ON applications BEGIN "
                       "INSERT OR IGNORE INTO match_dirty (candidate_id) VALUES (new.candidate_id); END"),
        QStringLiteral("CREATE TRIGGER applications_match_upd AFTER UPDATE OF deleted_at, job_id, candidate_id ON applications BEGIN "
                       "INSERT OR IGNORE INTO match_dirty (candidate_id) VALUES (new.candidate_id); END"),
        QStringLiteral("CREATE TRIGGER match_dirty_enqueue AFTER INSERT ON match_dirty BEGIN %1 END").arg(enqueue),
        QStringLiteral("CREATE TRIGGER match_jobs_dirty_enqueue AFTER INSERT ON match_jobs_dirty BEGIN %1 END").arg(enqueue),
        QStringLiteral("INSERT OR IGNORE INTO match_jobs_dirty (job_id) SELECT id FROM job_postings"),
        QStringLiteral("INSERT OR IGNORE INTO match_dirty (candidate_id) SELECT candidate_id FROM match_facts"),
    };
}
// Schema 6: sync capture (decision 0014). Triggers on every replicated table write the
// outbox; the records services wrote before were partial and never pushed (no sync engine
// existed), so they are dropped: attaching a workspace to a server uploads its whole state.
QStringList v6(const ColumnsOf& columnsOf)
{
    QStringList s {
        // One row: whether writes are captured (0 while pulled changes are applied), the
        // correlation id and time of the unit of work, and the pull cursor (base_server_seq).
        QStringLiteral("CREATE TABLE sync_ctx (id INTEGER PRIMARY KEY CHECK (id = 1), capture INTEGER NOT NULL DEFAULT 1, "
                       "correlation_id TEXT, created_at TEXT NOT NULL DEFAULT '', base_seq INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("INSERT INTO sync_ctx (id) VALUES (1)"),
        QStringLiteral("DELETE FROM changes"),
        // Values that lost to a later change in server order, for review.
        QStringLiteral("CREATE TABLE sync_conflicts (server_seq INTEGER NOT NULL, tenant_id TEXT NOT NULL, entity TEXT NOT NULL, "
                       "row_id TEXT NOT NULL, field TEXT NOT NULL, losing_value TEXT, losing_server_seq INTEGER NOT NULL, "
                       "resolved_at TEXT, resolved_by TEXT, PRIMARY KEY (server_seq, entity, row_id, field))"),
        QStringLiteral("CREATE INDEX sync_conflicts_open ON sync_conflicts(tenant_id, resolved_at)"),
        // A CV version is immutable for users; the server may still renumber a version two
        // offline devices both created (docs/sync.md "Duplicates").
        QStringLiteral("DROP TRIGGER cv_versions_immutable"),
        QStringLiteral("CREATE TRIGGER cv_versions_immutable BEFORE UPDATE OF text, version, candidate_id ON cv_versions "
                       "WHEN old.deleted_at IS NULL AND new.deleted_at IS NULL AND (SELECT capture FROM sync_ctx) = 1 "
                       "BEGIN SELECT RAISE(ABORT, 'cv versions are immutable'); END"),
    };
    s << replication::allCaptureTriggers(columnsOf, false);
    return s;
}
// Schema 7: attachment files and partial replication (docs/sync.md). Device-local: which
// files this device has, which the server has, failed downloads; rows to drop after a scope change.
QStringList v7()
{
    return QStringList {
        QStringLiteral("CREATE TABLE blob_state (sha256 TEXT PRIMARY KEY, local INTEGER NOT NULL DEFAULT 0, on_server INTEGER NOT NULL "
                       "DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, next_try_at TEXT, updated_at TEXT NOT NULL DEFAULT '')"),
        // Rows this device may no longer hold once the server's read scope changed (partial
        // replication): each row pulled again under the new scope leaves the list; what is
        // left when the pull is through is dropped.
        QStringLiteral("CREATE TABLE sync_purge (entity TEXT NOT NULL, row_id TEXT NOT NULL, PRIMARY KEY (entity, row_id))"),
        // Outreach intents: a message to a candidate, queued on a laptop and sent by the sync
        // server; one per dedup key among live rows (docs/sync.md "Outreach intents").
        QStringLiteral("CREATE TABLE outreach_intents (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), candidate_id "
                       "TEXT NOT NULL REFERENCES candidates(id), job_id TEXT REFERENCES job_postings(id), channel TEXT NOT NULL CHECK "
                       "(channel IN ('email','sms')), template TEXT NOT NULL DEFAULT '', step INTEGER NOT NULL DEFAULT 0, recipient TEXT "
                       "NOT NULL, subject TEXT NOT NULL DEFAULT '', body TEXT NOT NULL, send_at TEXT, status TEXT NOT NULL DEFAULT 'queued' "
                       "CHECK (status IN ('queued','sending','sent','delivered','bounced','unknown','failed','confirmed','declined',"
                       "'opted_out','cancelled')), dedup_key TEXT NOT NULL, " RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX outreach_intents_dedup ON outreach_intents(tenant_id, dedup_key) WHERE deleted_at IS NULL"),
        QStringLiteral("CREATE INDEX outreach_intents_candidate ON outreach_intents(tenant_id, candidate_id, created_at)"),
    } + replication::captureTriggers(QStringLiteral("outreach_intents"),
        { QStringLiteral("id"), QStringLiteral("tenant_id"), QStringLiteral("candidate_id"), QStringLiteral("job_id"), QStringLiteral("channel"),
            QStringLiteral("template"), QStringLiteral("step"), QStringLiteral("recipient"), QStringLiteral("subject"), QStringLiteral("body"),
            QStringLiteral("send_at"), QStringLiteral("status"), QStringLiteral("dedup_key"), QStringLiteral("created_at"),
            QStringLiteral("updated_at"), QStringLiteral("created_by"), QStringLiteral("updated_by"), QStringLiteral("deleted_at") });
}
// Schema 8: indexes for the desktop: the lists, newest first (without them every candidate
// page sorted the whole table: 500 ms at 100k), and a record's audit entries.
QStringList v8()
{
    return QStringList {
        QStringLiteral("CREATE INDEX candidates_updated ON candidates(tenant_id, updated_at, id)"),
        QStringLiteral("CREATE INDEX job_postings_updated ON job_postings(tenant_id, updated_at, id)"),
        // A record's own history (the candidate timeline) without reading the whole log.
        QStringLiteral("CREATE INDEX audit_log_resource ON audit_log(resource_type, resource_id)"),
        // The interviews screen and the dashboard: by time.
        QStringLiteral("CREATE INDEX interviews_starts ON interviews(tenant_id, starts_at)"),
    };
}
// Schema 9: a candidate's namesakes (the profile's duplicate warning) without a table scan.
// Partial (live rows only): as a full index the planner also took it for the candidate
// list's count(*) and looked up every row's deleted_at (100k: 220 ms, was 55 ms); partial it
// answers that count from the index alone (20 ms).
QStringList v9()
{
    return QStringList {
        QStringLiteral("CREATE INDEX candidates_name ON candidates(tenant_id, lower(last_name), lower(first_name)) "
                       "WHERE deleted_at IS NULL"),
    };
}
// Schema 10: message templates (issue 7), the HTML part of an email, and sequences: a
// follow-up names the first message of its sequence and is withdrawn once that one is
// confirmed (by the sync server, which sends it).
QStringList v10()
{
    const QStringList intentColumns { QStringLiteral("id"), QStringLiteral("tenant_id"), QStringLiteral("candidate_id"),
        QStringLiteral("job_id"), QStringLiteral("channel"), QStringLiteral("template"), QStringLiteral("step"),
        QStringLiteral("recipient"), QStringLiteral("subject"), QStringLiteral("body"), QStringLiteral("body_html"),
        QStringLiteral("send_at"), QStringLiteral("status"), QStringLiteral("dedup_key"),
        QStringLiteral("unless_confirmed"), QStringLiteral("created_at"), QStringLiteral("updated_at"),
        QStringLiteral("created_by"), QStringLiteral("updated_by"), QStringLiteral("deleted_at") };
    const QStringList templateColumns { QStringLiteral("id"), QStringLiteral("tenant_id"), QStringLiteral("owner_id"),
        QStringLiteral("name"), QStringLiteral("channel"), QStringLiteral("subject"), QStringLiteral("body"),
        QStringLiteral("body_html"), QStringLiteral("follow_up_days"), QStringLiteral("follow_up_template"),
        QStringLiteral("created_at"), QStringLiteral("updated_at"), QStringLiteral("created_by"),
        QStringLiteral("updated_by"), QStringLiteral("deleted_at") };
    return QStringList {
        // owner_id '' is the tenant's template; a user's id, that user's own.
        QStringLiteral("CREATE TABLE outreach_templates (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES "
                       "tenants(id), owner_id TEXT NOT NULL DEFAULT '', name TEXT NOT NULL, channel TEXT NOT NULL CHECK "
                       "(channel IN ('email','sms')), subject TEXT NOT NULL DEFAULT '', body TEXT NOT NULL, body_html "
                       "TEXT NOT NULL DEFAULT '', follow_up_days INTEGER, follow_up_template TEXT NOT NULL DEFAULT '', "
                       RD_STD_COLUMNS ")"),
        QStringLiteral("CREATE UNIQUE INDEX outreach_templates_name ON outreach_templates(tenant_id, owner_id, name) "
                       "WHERE deleted_at IS NULL"),
        QStringLiteral("ALTER TABLE outreach_intents ADD COLUMN body_html TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE outreach_intents ADD COLUMN unless_confirmed TEXT"),
    } + replication::captureTriggers(QStringLiteral("outreach_templates"), templateColumns)
        + replication::captureTriggers(QStringLiteral("outreach_intents"), intentColumns);
}
#undef RD_STD_COLUMNS
} // namespace

// Outbox records a sync server refused because it does not know their entity or a field yet (a
// newer desktop than the server): kept here, device-local, and put back into the outbox once the
// server reports a newer schema (docs/sync.md "What the server trusts").
QStringList v11()
{
    return {
        QStringLiteral("CREATE TABLE sync_held (id INTEGER PRIMARY KEY, tenant_id TEXT NOT NULL, entity TEXT NOT NULL, row_id TEXT NOT NULL, "
                       "op TEXT NOT NULL, fields TEXT NOT NULL, base_server_seq INTEGER, correlation_id TEXT, "
                       "created_at TEXT NOT NULL DEFAULT '', server_schema INTEGER NOT NULL, reason TEXT NOT NULL)"),
    };
}

// Schema 12: an outbox update of a list column keeps the column's value before (`prior`), so the
// server merges two devices' additions and removals; a merged-away candidate names its survivor
// (`merged_into`), so what another laptop added to it offline follows (docs/sync.md "Push").
QStringList v12(const ColumnsOf& columnsOf)
{
    QStringList s { QStringLiteral("ALTER TABLE changes ADD COLUMN prior TEXT"),
        // The candidate a merged-away duplicate went into (CandidateService::merge).
        QStringLiteral("ALTER TABLE candidates ADD COLUMN merged_into TEXT REFERENCES candidates(id)") };
    for (const QString& table : { QStringLiteral("candidates"), QStringLiteral("job_postings") }) {
        QStringList columns = columnsOf(table); // (as before this version's statements run)
        if (table == QLatin1String("candidates") && !columns.contains(QStringLiteral("merged_into")))
            columns << QStringLiteral("merged_into");
        s << replication::captureTriggers(table, replication::replicatedColumns(*replication::table(table), columns));
    }
    return s;
}

// Schema 13:
// - fields whose newer server value a pull did not apply because this device's unsent edit of
//   them wins locally: an edit made after that pull is still not based on that value
//   (SyncEngine::applyPage, docs/sync.md "Push"). Device-local; cleared when a pull applies the
//   field or the server's timeline changes.
// - a job or candidate removed outright (sync drops rows a narrowed read scope no longer covers)
//   leaves nothing in the search index: the job's index row stayed, so its return (the scope
//   widened again) failed on the index's row id, and a candidate's name stayed searchable text
//   in the file. Rows left so far go now.
QStringList v13()
{
    return {
        QStringLiteral("CREATE TABLE sync_unseen (entity TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL, "
                       "server_seq INTEGER NOT NULL, PRIMARY KEY (entity, row_id, field)) WITHOUT ROWID"),
        QStringLiteral("CREATE TRIGGER job_search_del AFTER DELETE ON job_postings BEGIN "
                       "DELETE FROM job_search WHERE rowid = (SELECT rowid FROM search_keys WHERE kind = 'job' AND "
                       "row_id = old.id); END"),
        QStringLiteral("CREATE TRIGGER candidate_search_del AFTER DELETE ON candidates BEGIN "
                       "INSERT OR IGNORE INTO search_dirty (kind, row_id) VALUES ('candidate', old.id); END"),
        QStringLiteral("DELETE FROM job_search WHERE rowid NOT IN (SELECT k.rowid FROM search_keys k JOIN job_postings j "
                       "ON j.id = k.row_id WHERE k.kind = 'job')"),
        QStringLiteral("DELETE FROM candidate_search WHERE rowid NOT IN (SELECT k.rowid FROM search_keys k JOIN candidates c "
                       "ON c.id = k.row_id WHERE k.kind = 'candidate')"),
        // (Deleted words stay in older index segments until they merge: GdprService::compactIndex.)
        QStringLiteral("INSERT INTO candidate_search (candidate_search) VALUES ('optimize')"),
    };
}

// Schema 14: a change from the sync server this device's schema refuses waits aside (server
// order kept per row), retried at every pull, instead of failing every pull at it
// (SyncEngine::applyPage). Device-local.
QStringList v14()
{
    return {
        QStringLiteral("CREATE TABLE sync_unapplied (server_seq INTEGER PRIMARY KEY, entity TEXT NOT NULL, "
                       "row_id TEXT NOT NULL, op TEXT NOT NULL, fields TEXT NOT NULL, error TEXT NOT NULL, "
                       "failed_at TEXT NOT NULL)"),
    };
}

// Schema 15: the outbox's numbering never goes back. A record numbered at or below what the sync
// server already has from this device (sync_pushed) would never be sent, silently: that happened
// when the record kept for numbering was deleted (an erasure right after a sync, found by a break
// test). Such a record is moved just above it as it is written. Device-local.
QStringList v15()
{
    return {
        QStringLiteral("CREATE TRIGGER changes_number_forward AFTER INSERT ON changes WHEN NEW.dev_seq <= coalesce((SELECT "
                       "CAST(value AS INTEGER) FROM meta WHERE key = 'sync_pushed'), 0) BEGIN UPDATE changes SET dev_seq = "
                       "max(coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'sync_pushed'), 0), (SELECT "
                       "max(dev_seq) FROM changes)) + 1 WHERE dev_seq = NEW.dev_seq; END"),
    };
}

int latest() { return 15; }

QStringList statementsFor(int version, const ColumnsOf& columnsOf)
{
    if (version == 6)
        return v6(columnsOf);
    if (version == 12)
        return v12(columnsOf);
    return statementsFor(version);
}

QStringList statementsFor(int version)
{
    switch (version) {
    case 1: return v1();
    case 2: return v2();
    case 3: return v3();
    case 4: return v4();
    case 5: return v5();
    case 7: return v7();
    case 8: return v8();
    case 9: return v9();
    case 10: return v10();
    case 11: return v11();
    case 13: return v13();
    case 14: return v14();
    case 15: return v15();
    default: return {};
    }
}

} // namespace rd::migrations

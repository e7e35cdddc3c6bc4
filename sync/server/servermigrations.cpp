#include "servermigrations.h"

namespace rd::server::migrations {

const std::vector<Migration>& all()
{
    static const std::vector<Migration> list {
        { QStringLiteral("server state, tenants, devices"),
            {
                // The epoch changes only when the server's data is replaced (a restore from
                // backup); clients compare it to detect a server that went back in time.
                QStringLiteral(
                    "CREATE TABLE server_state (id boolean PRIMARY KEY DEFAULT true CHECK (id), epoch uuid NOT NULL, "
                    "created_at timestamptz NOT NULL DEFAULT now())"),
                QStringLiteral("INSERT INTO server_state (epoch) VALUES (gen_random_uuid())"),
                QStringLiteral(
                    "CREATE TABLE tenants (id text PRIMARY KEY, name text NOT NULL, slug text NOT NULL UNIQUE, "
                    "kind text NOT NULL CHECK (kind IN ('agency','employer','school')), "
                    "status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended')), "
                    "created_at timestamptz NOT NULL DEFAULT now())"),
                QStringLiteral(
                    "CREATE TABLE devices (id text PRIMARY KEY, tenant_id text NOT NULL REFERENCES tenants(id), "
                    "user_id text NOT NULL, name text NOT NULL DEFAULT '', last_dev_seq bigint NOT NULL DEFAULT 0, "
                    "created_at timestamptz NOT NULL DEFAULT now(), last_seen_at timestamptz, revoked_at timestamptz)"),
                QStringLiteral("CREATE INDEX devices_tenant ON devices(tenant_id)"),
            } },
        { QStringLiteral("users, signing keys, refresh tokens, sign-in throttling"),
            {
                // The server's copy of the users it signs in (tenant admins add them; the
                // desktop's users follow with sync).
                QStringLiteral(
                    "CREATE TABLE users (id text PRIMARY KEY, tenant_id text NOT NULL REFERENCES tenants(id), email "
                    "text NOT NULL, "
                    "display_name text NOT NULL DEFAULT '', password_hash text NOT NULL, totp_secret text, "
                    "totp_last_step bigint NOT NULL DEFAULT -1, roles text[] NOT NULL DEFAULT '{}', active boolean NOT "
                    "NULL "
                    "DEFAULT true, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (tenant_id, email))"),
                // Ed25519 keys that sign access tokens, shared by every server instance.
                QStringLiteral(
                    "CREATE TABLE signing_keys (kid text PRIMARY KEY, seed bytea NOT NULL, public_key bytea NOT NULL, "
                    "created_at timestamptz NOT NULL DEFAULT now(), retired_at timestamptz)"),
                // Single-use refresh tokens (their SHA-256), in families: one per sign-in.
                QStringLiteral("CREATE TABLE refresh_tokens (id text PRIMARY KEY, family_id text NOT NULL, tenant_id "
                               "text NOT NULL, "
                               "user_id text NOT NULL, device_id text NOT NULL REFERENCES devices(id), token_hash "
                               "bytea NOT NULL UNIQUE, "
                               "expires_at timestamptz NOT NULL, used_at timestamptz, revoked_at timestamptz, "
                               "created_at timestamptz NOT NULL DEFAULT now())"),
                QStringLiteral("CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id)"),
                QStringLiteral("CREATE INDEX refresh_tokens_device ON refresh_tokens(device_id)"),
                QStringLiteral("CREATE TABLE sign_in_attempts (key text PRIMARY KEY, window_start timestamptz NOT "
                               "NULL, failures integer NOT NULL)"),
            } },
        { QStringLiteral("changes in server order, entity state, conflicts, row-level security"),
            {
                // The gapless per-tenant counter, locked by every push.
                QStringLiteral("CREATE TABLE tenant_counters (tenant_id text PRIMARY KEY REFERENCES tenants(id), "
                               "server_seq bigint NOT NULL "
                               "DEFAULT 0)"),
                QStringLiteral(
                    "CREATE TABLE changes (tenant_id text NOT NULL, server_seq bigint NOT NULL, device_id text NOT "
                    "NULL, "
                    "dev_seq bigint NOT NULL, entity text NOT NULL, row_id text NOT NULL, op text NOT NULL CHECK (op "
                    "IN "
                    "('insert','update','delete')), fields jsonb NOT NULL, base_server_seq bigint NOT NULL DEFAULT 0, "
                    "correlation_id text, received_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (tenant_id, "
                    "server_seq), "
                    "UNIQUE (device_id, dev_seq))"),
                // Each row's merged fields and, per field, the server_seq that last set it.
                QStringLiteral(
                    "CREATE TABLE entity_state (tenant_id text NOT NULL, entity text NOT NULL, row_id text NOT NULL, "
                    "fields jsonb NOT NULL DEFAULT '{}', versions jsonb NOT NULL DEFAULT '{}', deleted boolean NOT "
                    "NULL DEFAULT "
                    "false, server_seq bigint NOT NULL, PRIMARY KEY (tenant_id, entity, row_id))"),
                QStringLiteral(
                    "CREATE TABLE conflicts (tenant_id text NOT NULL, server_seq bigint NOT NULL, entity text NOT "
                    "NULL, "
                    "row_id text NOT NULL, field text NOT NULL, losing_value jsonb, losing_server_seq bigint NOT NULL, "
                    "created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (tenant_id, server_seq, field))"),
                // The second wall: rows of other tenants are invisible unless the transaction
                // says which tenant it serves (rd.tenant_id), even to the owner.
                QStringLiteral(
                    "DO $$ DECLARE t text; BEGIN FOREACH t IN ARRAY "
                    "ARRAY['tenant_counters','changes','entity_state','conflicts'] "
                    "LOOP EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t); "
                    "EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t); "
                    "EXECUTE format('CREATE POLICY tenant_wall ON %I USING (tenant_id = "
                    "current_setting(''rd.tenant_id'', true)) "
                    "WITH CHECK (tenant_id = current_setting(''rd.tenant_id'', true))', t); END LOOP; END $$"),
            } },
        { QStringLiteral("audit entries: append-only, partitioned by month, hash chains per device"),
            {
                QStringLiteral("CREATE TABLE audit_chain_heads (tenant_id text NOT NULL, device_id text NOT NULL, "
                               "chain_seq bigint NOT NULL, "
                               "hash text NOT NULL, PRIMARY KEY (tenant_id, device_id))"),
                // created_at_text is the device's string (part of the hash); created_at partitions.
                QStringLiteral("CREATE TABLE audit_entries (tenant_id text NOT NULL, device_id text NOT NULL, "
                               "chain_seq bigint NOT NULL, "
                               "id text NOT NULL, user_id text NOT NULL, action text NOT NULL, resource_type text NOT "
                               "NULL, resource_id text "
                               "NOT NULL, outcome text NOT NULL, diff text NOT NULL, correlation_id text NOT NULL, "
                               "created_at_text text NOT "
                               "NULL, created_at timestamptz NOT NULL, prev_hash text NOT NULL, hash text NOT NULL, "
                               "received_at timestamptz "
                               "NOT NULL DEFAULT now(), PRIMARY KEY (tenant_id, device_id, chain_seq, created_at)) "
                               "PARTITION BY RANGE "
                               "(created_at)"),
                // Monthly partitions are created as entries arrive; the default one stays empty
                // unless a month's partition could not be made.
                QStringLiteral("CREATE TABLE audit_entries_default PARTITION OF audit_entries DEFAULT"),
                QStringLiteral(
                    "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
                    "'audit entries are append-only' USING ERRCODE = 'insufficient_privilege'; END $$"),
                QStringLiteral("CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW "
                               "EXECUTE FUNCTION "
                               "audit_append_only()"),
                QStringLiteral("CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT "
                               "EXECUTE FUNCTION "
                               "audit_append_only()"),
                QStringLiteral(
                    "DO $$ DECLARE t text; BEGIN FOREACH t IN ARRAY ARRAY['audit_entries','audit_chain_heads'] "
                    "LOOP EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t); "
                    "EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t); "
                    "EXECUTE format('CREATE POLICY tenant_wall ON %I USING (tenant_id = "
                    "current_setting(''rd.tenant_id'', true)) "
                    "WITH CHECK (tenant_id = current_setting(''rd.tenant_id'', true))', t); END LOOP; END $$"),
            } },
        { QStringLiteral("tenants bound to one desktop workspace; refresh retry keys; unique claims"),
            {
                // The id of the desktop workspace (its tenants row) whose data this tenant holds:
                // set by the first push, checked on every push and audit entry after.
                QStringLiteral("ALTER TABLE tenants ADD COLUMN workspace_id text UNIQUE"),
                // A refresh whose answer was lost may be retried with the same retry key for a
                // short while (AuthService::kRetrySeconds); any other reuse revokes the family.
                QStringLiteral("ALTER TABLE refresh_tokens ADD COLUMN retry_key_hash bytea"),
                // Unique keys claimed by live rows (replication::Table::uniqueKeys): the first row
                // in server order keeps a key; a later one is resolved (docs/sync.md "Duplicates").
                QStringLiteral("CREATE TABLE unique_claims (tenant_id text NOT NULL, entity text NOT NULL, key_name "
                               "text NOT NULL, "
                               "key_value text NOT NULL, row_id text NOT NULL, PRIMARY KEY (tenant_id, entity, "
                               "key_name, key_value))"),
                QStringLiteral("CREATE INDEX unique_claims_row ON unique_claims(tenant_id, entity, row_id)"),
                // A change the server adjusted (a duplicate resolved) keeps what the device sent,
                // so a retried batch is still recognised as the same.
                QStringLiteral("ALTER TABLE changes ADD COLUMN pushed_fields jsonb"),
                // Bumped when the server finds it lost a tenant's changes (restored from a
                // backup): part of the epoch clients see, so every device pulls again and
                // uploads what it has.
                QStringLiteral("ALTER TABLE tenant_counters ADD COLUMN generation integer NOT NULL DEFAULT 0"),
                QStringLiteral("ALTER TABLE unique_claims ENABLE ROW LEVEL SECURITY"),
                QStringLiteral("ALTER TABLE unique_claims FORCE ROW LEVEL SECURITY"),
                QStringLiteral("CREATE POLICY tenant_wall ON unique_claims USING (tenant_id = "
                               "current_setting('rd.tenant_id', true)) "
                               "WITH CHECK (tenant_id = current_setting('rd.tenant_id', true))"),
            } },
        { QStringLiteral("attachment files (blobs): resumable uploads in chunks, verified by SHA-256"),
            {
                // One row per file and tenant, named by the SHA-256 of its bytes; complete once
                // every byte arrived and the hash matched.
                QStringLiteral("CREATE TABLE blobs (tenant_id text NOT NULL REFERENCES tenants(id), sha256 text NOT "
                               "NULL CHECK (sha256 ~ "
                               "'^[0-9a-f]{64}$'), size bigint NOT NULL CHECK (size > 0), received bigint NOT NULL "
                               "DEFAULT 0, complete "
                               "boolean NOT NULL DEFAULT false, device_id text NOT NULL, created_at timestamptz NOT "
                               "NULL DEFAULT now(), "
                               "updated_at timestamptz NOT NULL DEFAULT now(), completed_at timestamptz, PRIMARY KEY "
                               "(tenant_id, sha256))"),
                QStringLiteral(
                    "CREATE TABLE blob_chunks (tenant_id text NOT NULL, sha256 text NOT NULL, chunk_offset bigint NOT "
                    "NULL, data "
                    "bytea NOT NULL, PRIMARY KEY (tenant_id, sha256, chunk_offset), FOREIGN KEY (tenant_id, sha256) "
                    "REFERENCES blobs(tenant_id, sha256) ON DELETE CASCADE)"),
                QStringLiteral(
                    "DO $$ DECLARE t text; BEGIN FOREACH t IN ARRAY ARRAY['blobs','blob_chunks'] "
                    "LOOP EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t); "
                    "EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t); "
                    "EXECUTE format('CREATE POLICY tenant_wall ON %I USING (tenant_id = "
                    "current_setting(''rd.tenant_id'', true)) "
                    "WITH CHECK (tenant_id = current_setting(''rd.tenant_id'', true))', t); END LOOP; END $$"),
            } },
        { QStringLiteral(
              "server settings (smtp.*, sms.*, per-tenant outreach settings) and the outreach dispatcher's state"),
            {
                // tenant_id '' holds the server-wide keys; a secret's value is sealed with the
                // server's key file (docs/server-admin.md), never stored in the clear.
                QStringLiteral("CREATE TABLE server_settings (tenant_id text NOT NULL DEFAULT '', key text NOT NULL, "
                               "value text NOT NULL, "
                               "secret boolean NOT NULL DEFAULT false, updated_at timestamptz NOT NULL DEFAULT now(), "
                               "PRIMARY KEY (tenant_id, key))"),
                // One row per outreach intent the dispatcher has seen: queued -> sending (leased)
                // -> sent | unknown | failed | dead | withdrawn; attempts and back-off.
                QStringLiteral(
                    "CREATE TABLE outreach_dispatch (tenant_id text NOT NULL REFERENCES tenants(id), intent_id text "
                    "NOT NULL, "
                    "channel text NOT NULL, state text NOT NULL CHECK (state IN "
                    "('queued','sending','sent','unknown','failed',"
                    "'dead','withdrawn')), attempts integer NOT NULL DEFAULT 0, next_attempt_at timestamptz NOT NULL "
                    "DEFAULT "
                    "now(), lease_owner text, lease_until timestamptz, provider_id text, last_error text, "
                    "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), "
                    "sent_at timestamptz, PRIMARY KEY (tenant_id, intent_id))"),
                QStringLiteral(
                    "CREATE INDEX outreach_dispatch_due ON outreach_dispatch(tenant_id, state, next_attempt_at)"),
                QStringLiteral("CREATE INDEX outreach_dispatch_sent ON outreach_dispatch(tenant_id, sent_at) WHERE "
                               "sent_at IS NOT NULL"),
                // The queued intents among a tenant's rows, without reading them all.
                QStringLiteral("CREATE INDEX entity_state_outreach_queued ON entity_state(tenant_id) WHERE entity = "
                               "'outreach_intents' "
                               "AND NOT deleted AND fields->>'status' = 'queued'"),
                QStringLiteral("ALTER TABLE outreach_dispatch ENABLE ROW LEVEL SECURITY"),
                QStringLiteral("ALTER TABLE outreach_dispatch FORCE ROW LEVEL SECURITY"),
                QStringLiteral("CREATE POLICY tenant_wall ON outreach_dispatch USING (tenant_id = "
                               "current_setting('rd.tenant_id', true)) "
                               "WITH CHECK (tenant_id = current_setting('rd.tenant_id', true))"),
            } },
        { QStringLiteral("the agency's email when a candidate confirms (CV attached), sent by the dispatcher; job "
                         "board rate limit"),
            {
                // One row per confirmed outreach intent: queued -> sending (leased) -> sent |
                // unknown | dead (| failed: an operator gave up), like outreach_dispatch.
                QStringLiteral(
                    "CREATE TABLE agency_deliveries (tenant_id text NOT NULL REFERENCES tenants(id), intent_id text "
                    "NOT "
                    "NULL, state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','sent','unknown',"
                    "'failed','dead')), attempts integer NOT NULL DEFAULT 0, next_attempt_at timestamptz NOT NULL "
                    "DEFAULT now(), "
                    "lease_owner text, lease_until timestamptz, last_error text, attachment text, "
                    "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), "
                    "sent_at timestamptz, PRIMARY KEY (tenant_id, intent_id))"),
                QStringLiteral(
                    "CREATE INDEX agency_deliveries_due ON agency_deliveries(tenant_id, state, next_attempt_at)"),
                // Whether a candidate opted out of a channel, checked before every message is sent.
                QStringLiteral("CREATE INDEX entity_state_outreach_opted_out ON entity_state(tenant_id, "
                               "(fields->>'candidate_id'), (fields->>'channel')) WHERE entity = 'outreach_intents' AND "
                               "fields->>'status' = 'opted_out'"),
                // Outbound webhooks per tenant (secret sealed with the key file) and their deliveries:
                // queued -> sending (leased) -> sent | dead, retried with back-off; replayed by admins.
                QStringLiteral(
                    "CREATE TABLE webhooks (id text PRIMARY KEY, tenant_id text NOT NULL REFERENCES tenants(id), url "
                    "text NOT "
                    "NULL, events text[] NOT NULL, secret text NOT NULL, active boolean NOT NULL DEFAULT true, "
                    "created_at timestamptz NOT NULL DEFAULT now())"),
                QStringLiteral(
                    "CREATE TABLE webhook_deliveries (id text PRIMARY KEY, tenant_id text NOT NULL REFERENCES "
                    "tenants(id), "
                    "webhook_id text NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE, event text NOT NULL, payload "
                    "jsonb NOT NULL, state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','sent',"
                    "'dead')), attempts integer NOT NULL DEFAULT 0, next_attempt_at timestamptz NOT NULL DEFAULT "
                    "now(), "
                    "lease_owner text, lease_until timestamptz, last_status integer, last_error text, created_at "
                    "timestamptz NOT NULL DEFAULT now(), sent_at timestamptz)"),
                QStringLiteral(
                    "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(tenant_id, state, next_attempt_at)"),
                // API keys: only a hash of the secret part is kept.
                QStringLiteral("CREATE TABLE api_keys (id text PRIMARY KEY, tenant_id text NOT NULL REFERENCES "
                               "tenants(id), name text "
                               "NOT NULL, scopes text[] NOT NULL, secret_hash text NOT NULL, created_at timestamptz "
                               "NOT NULL DEFAULT "
                               "now(), last_used_at timestamptz, revoked_at timestamptz, replaced_by text)"),
                // Inbound webhooks: one endpoint and secret per integration (a job board, another ATS).
                QStringLiteral(
                    "CREATE TABLE integrations (id text PRIMARY KEY, tenant_id text NOT NULL REFERENCES tenants(id), "
                    "name "
                    "text NOT NULL, secret text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE "
                    "(tenant_id, name))"),
                QStringLiteral(
                    "DO $$ DECLARE t text; BEGIN FOREACH t IN ARRAY "
                    "ARRAY['webhooks','webhook_deliveries','integrations'] "
                    "LOOP EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t); "
                    "EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t); "
                    "EXECUTE format('CREATE POLICY tenant_wall ON %I USING (tenant_id = "
                    "current_setting(''rd.tenant_id'', true)) "
                    "WITH CHECK (tenant_id = current_setting(''rd.tenant_id'', true))', t); END LOOP; END $$"),
                // Job board applications per address (the rate limit), kept a day.
                QStringLiteral("CREATE TABLE apply_attempts (tenant_id text NOT NULL REFERENCES tenants(id), address "
                               "text NOT NULL, "
                               "at timestamptz NOT NULL DEFAULT now())"),
                QStringLiteral("CREATE INDEX apply_attempts_recent ON apply_attempts(tenant_id, address, at)"),
                QStringLiteral("ALTER TABLE apply_attempts ENABLE ROW LEVEL SECURITY"),
                QStringLiteral("ALTER TABLE apply_attempts FORCE ROW LEVEL SECURITY"),
                QStringLiteral("CREATE POLICY tenant_wall ON apply_attempts USING (tenant_id = "
                               "current_setting('rd.tenant_id', true)) "
                               "WITH CHECK (tenant_id = current_setting('rd.tenant_id', true))"),
                QStringLiteral("ALTER TABLE agency_deliveries ENABLE ROW LEVEL SECURITY"),
                QStringLiteral("ALTER TABLE agency_deliveries FORCE ROW LEVEL SECURITY"),
                QStringLiteral("CREATE POLICY tenant_wall ON agency_deliveries USING (tenant_id = "
                               "current_setting('rd.tenant_id', true)) "
                               "WITH CHECK (tenant_id = current_setting('rd.tenant_id', true))"),
            } },
        { QStringLiteral("the device that bound a tenant's workspace; the desktop user an account acts as; audit entries "
                         "filed by the server's receive time (partitions made ahead), with their attribution"),
            {
                // The device whose upload attached the workspace (its account's first upload
                // acts with every permission until its own roles are stored, docs/sync.md).
                QStringLiteral("ALTER TABLE tenants ADD COLUMN bound_device text"),
                // The desktop users row a server account acts as, bound the first time it is
                // found by email, so changing emails in the workspace never re-points an account.
                QStringLiteral("ALTER TABLE users ADD COLUMN desktop_user_id text"),
                // Audit entries were filed by the device's clock (created_at), so a laptop chose
                // which partition its entries made, and a push made the partition (DDL) on the
                // fly. They are filed by received_at now: partitions are made ahead by the server
                // (AuditStore::preparePartitions), never inside a push; the default partition
                // takes anything else. attribution: whether the entry's user is the device's
                // signed-in one (anyone else's entries are kept for the chain, marked refused).
                QStringLiteral("ALTER TABLE audit_entries NO FORCE ROW LEVEL SECURITY"),
                QStringLiteral("ALTER TABLE audit_entries RENAME TO audit_entries_by_client_time"),
                QStringLiteral(
                    "CREATE TABLE audit_entries (tenant_id text NOT NULL, device_id text NOT NULL, chain_seq bigint NOT "
                    "NULL, id text NOT NULL, user_id text NOT NULL, action text NOT NULL, resource_type text NOT NULL, "
                    "resource_id text NOT NULL, outcome text NOT NULL, diff text NOT NULL, correlation_id text NOT NULL, "
                    "created_at_text text NOT NULL, created_at timestamptz NOT NULL, prev_hash text NOT NULL, hash text "
                    "NOT NULL, received_at timestamptz NOT NULL DEFAULT now(), attribution text NOT NULL DEFAULT "
                    "'accepted' CHECK (attribution IN ('accepted','refused')), PRIMARY KEY (tenant_id, device_id, "
                    "chain_seq, received_at)) PARTITION BY RANGE (received_at)"),
                QStringLiteral("CREATE TABLE audit_entries_overflow PARTITION OF audit_entries DEFAULT"),
                QStringLiteral(
                    "DO $$ DECLARE m date; BEGIN FOR m IN SELECT DISTINCT date_trunc('month', received_at AT TIME ZONE "
                    "'UTC')::date FROM audit_entries_by_client_time LOOP EXECUTE format('CREATE TABLE %I PARTITION OF "
                    "audit_entries FOR VALUES FROM (%L) TO (%L)', 'audit_entries_r' || to_char(m, 'YYYY') || 'm' || "
                    "to_char(m, 'MM'), to_char(m, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(m + interval '1 month', "
                    "'YYYY-MM-DD') || ' 00:00:00+00'); END LOOP; END $$"),
                QStringLiteral("INSERT INTO audit_entries (tenant_id, device_id, chain_seq, id, user_id, action, resource_type, resource_id, outcome, diff, correlation_id, created_at_text, created_at, prev_hash, hash, received_at) SELECT tenant_id, device_id, chain_seq, id, user_id, action, resource_type, resource_id, outcome, diff, correlation_id, created_at_text, created_at, prev_hash, hash, received_at FROM audit_entries_by_client_time"),
                QStringLiteral("DROP TABLE audit_entries_by_client_time"),
                QStringLiteral("CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW "
                               "EXECUTE FUNCTION audit_append_only()"),
                QStringLiteral("CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT "
                               "EXECUTE FUNCTION audit_append_only()"),
                QStringLiteral("ALTER TABLE audit_entries ENABLE ROW LEVEL SECURITY"),
                QStringLiteral("ALTER TABLE audit_entries FORCE ROW LEVEL SECURITY"),
                QStringLiteral("CREATE POLICY tenant_wall ON audit_entries USING (tenant_id = "
                               "current_setting('rd.tenant_id', true)) "
                               "WITH CHECK (tenant_id = current_setting('rd.tenant_id', true))"),
                // Pushed records the server refused, by device and number, so a retried batch
                // (its answer lost) gets the same refusals again, and a reused number with other
                // content is told apart (docs/sync.md).
                QStringLiteral("CREATE TABLE refused_changes (tenant_id text NOT NULL REFERENCES tenants(id), device_id "
                               "text NOT NULL, dev_seq bigint NOT NULL, entity text NOT NULL, row_id text NOT NULL, op "
                               "text NOT NULL, fields_sha256 text NOT NULL, reason text NOT NULL, message text NOT NULL, "
                               "field text NOT NULL DEFAULT '', refused_at timestamptz NOT NULL DEFAULT now(), PRIMARY "
                               "KEY (tenant_id, device_id, dev_seq))"),
                QStringLiteral("ALTER TABLE refused_changes ENABLE ROW LEVEL SECURITY"),
                QStringLiteral("ALTER TABLE refused_changes FORCE ROW LEVEL SECURITY"),
                QStringLiteral("CREATE POLICY tenant_wall ON refused_changes USING (tenant_id = "
                               "current_setting('rd.tenant_id', true)) "
                               "WITH CHECK (tenant_id = current_setting('rd.tenant_id', true))"),
            } },
        { QStringLiteral("invitations: single-use join codes for colleagues an admin invites"),
            {
                // Beside users (accounts) and devices, which sign-in reads before it knows the
                // tenant: only the code's SHA-256 is kept; a code works once, until it expires,
                // and a few wrong tries void it (docs/server-admin.md "Inviting colleagues").
                QStringLiteral("CREATE TABLE invitations (id text PRIMARY KEY, tenant_id text NOT NULL REFERENCES "
                               "tenants(id), account_id text NOT NULL REFERENCES users(id), code_sha256 text NOT NULL, "
                               "role text NOT NULL, invited_by text NOT NULL DEFAULT '', created_at timestamptz NOT NULL "
                               "DEFAULT now(), expires_at timestamptz NOT NULL, used_at timestamptz, voided_at "
                               "timestamptz, failed_tries int NOT NULL DEFAULT 0, request_key text NOT NULL DEFAULT '')"),
                QStringLiteral("CREATE INDEX invitations_account ON invitations (account_id, created_at DESC)"),
                // An invited account has no password until its owner sets one with the code;
                // invited_user: its workspace user was made by the invitation (else the address
                // was a workspace user already, whose code goes only to them).
                QStringLiteral("ALTER TABLE users ADD COLUMN invited boolean NOT NULL DEFAULT false"),
                QStringLiteral("ALTER TABLE users ADD COLUMN invited_user boolean NOT NULL DEFAULT false"),
            } },
        { QStringLiteral("device lineage and server restores: a restored laptop's successor device, restore points"),
            {
                // A laptop restored from a backup (or a copy of its file) carries on as a new
                // device: predecessor names the one it came from, and where its audit chain
                // left the predecessor's (docs/sync.md "What can go wrong").
                QStringLiteral("ALTER TABLE devices ADD COLUMN predecessor text REFERENCES devices(id)"),
                QStringLiteral("ALTER TABLE devices ADD COLUMN origin jsonb"),
                // When the server last told the device its file differs from what it has
                // (dev_seq_reused, a forked audit chain): only then may it register a successor.
                QStringLiteral("ALTER TABLE devices ADD COLUMN renewal_due_at timestamptz"),
                // The tenant's last change when a successor was registered: its predecessors'
                // changes up to there are its own history (a copied file's original, still in use,
                // writes later ones as someone else).
                QStringLiteral("ALTER TABLE devices ADD COLUMN registered_seq bigint"),
                // `recruitdesk-server restored` after a pg_restore: the tenant's last change the
                // restored database holds. Devices rebase what they send on it.
                QStringLiteral("ALTER TABLE tenant_counters ADD COLUMN restored_seq bigint"),
                // A file no live attachment names any more is kept for a grace period (a restored
                // laptop or server may name it again) and collected after (BlobStore::collect).
                QStringLiteral("ALTER TABLE blobs ADD COLUMN released_at timestamptz"),
            } },
        { QStringLiteral("token signing keys sealed with the server's key file"),
            {
                // seed holds the key sealed (AES-256-GCM with the key file, base64) when sealed;
                // plain keys are sealed the first time a server with a key file uses them.
                QStringLiteral("ALTER TABLE signing_keys ADD COLUMN sealed boolean NOT NULL DEFAULT false"),
                // One current key at most: two servers making the first key, or two rotations at
                // once, cannot leave two keys current (the second insert fails and reads again).
                QStringLiteral("UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL AND kid <> (SELECT kid "
                               "FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1)"),
                QStringLiteral("CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys ((true)) WHERE retired_at IS NULL"),
            } },
        { QStringLiteral("key leases and remote wipe (decision 0024)"),
            {
                // The device's lease key (sealed with the key file when lease_sealed), the end of
                // its current lease, and a wipe an administrator ordered (and when the laptop
                // said it had done it).
                QStringLiteral("ALTER TABLE devices ADD COLUMN lease_key text, ADD COLUMN lease_sealed boolean NOT NULL DEFAULT "
                               "false, ADD COLUMN lease_until timestamptz, ADD COLUMN wipe_requested_at timestamptz, ADD "
                               "COLUMN wipe_reason text, ADD COLUMN wiped_at timestamptz"),
                // A user's own offline period (days), beside the tenant's offline_lease_days.
                QStringLiteral("ALTER TABLE users ADD COLUMN offline_days integer CHECK (offline_days BETWEEN 1 AND 365)"),
            } },
    };
    return list;
}

} // namespace rd::server::migrations

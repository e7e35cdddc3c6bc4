#include "servermigrations.h"

namespace rd::server::migrations {

const std::vector<Migration>& all()
{
    static const std::vector<Migration> list {
        { QStringLiteral("server state, tenants, devices"),
            {
                // The epoch changes only when the server's data is replaced (a restore from
                // backup); clients compare it to detect a server that went back in time.
                QStringLiteral("CREATE TABLE server_state (id boolean PRIMARY KEY DEFAULT true CHECK (id), epoch uuid NOT NULL, "
                               "created_at timestamptz NOT NULL DEFAULT now())"),
                QStringLiteral("INSERT INTO server_state (epoch) VALUES (gen_random_uuid())"),
                QStringLiteral("CREATE TABLE tenants (id text PRIMARY KEY, name text NOT NULL, slug text NOT NULL UNIQUE, "
                               "kind text NOT NULL CHECK (kind IN ('agency','employer','school')), "
                               "status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended')), "
                               "created_at timestamptz NOT NULL DEFAULT now())"),
                QStringLiteral("CREATE TABLE devices (id text PRIMARY KEY, tenant_id text NOT NULL REFERENCES tenants(id), "
                               "user_id text NOT NULL, name text NOT NULL DEFAULT '', last_dev_seq bigint NOT NULL DEFAULT 0, "
                               "created_at timestamptz NOT NULL DEFAULT now(), last_seen_at timestamptz, revoked_at timestamptz)"),
                QStringLiteral("CREATE INDEX devices_tenant ON devices(tenant_id)"),
            } },
        { QStringLiteral("users, signing keys, refresh tokens, sign-in throttling"),
            {
                // The server's copy of the users it signs in (tenant admins add them; the
                // desktop's users follow with sync).
                QStringLiteral("CREATE TABLE users (id text PRIMARY KEY, tenant_id text NOT NULL REFERENCES tenants(id), email text NOT NULL, "
                               "display_name text NOT NULL DEFAULT '', password_hash text NOT NULL, totp_secret text, "
                               "totp_last_step bigint NOT NULL DEFAULT -1, roles text[] NOT NULL DEFAULT '{}', active boolean NOT NULL "
                               "DEFAULT true, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (tenant_id, email))"),
                // Ed25519 keys that sign access tokens, shared by every server instance.
                QStringLiteral("CREATE TABLE signing_keys (kid text PRIMARY KEY, seed bytea NOT NULL, public_key bytea NOT NULL, "
                               "created_at timestamptz NOT NULL DEFAULT now(), retired_at timestamptz)"),
                // Single-use refresh tokens (their SHA-256), in families: one per sign-in.
                QStringLiteral("CREATE TABLE refresh_tokens (id text PRIMARY KEY, family_id text NOT NULL, tenant_id text NOT NULL, "
                               "user_id text NOT NULL, device_id text NOT NULL REFERENCES devices(id), token_hash bytea NOT NULL UNIQUE, "
                               "expires_at timestamptz NOT NULL, used_at timestamptz, revoked_at timestamptz, "
                               "created_at timestamptz NOT NULL DEFAULT now())"),
                QStringLiteral("CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id)"),
                QStringLiteral("CREATE INDEX refresh_tokens_device ON refresh_tokens(device_id)"),
                QStringLiteral("CREATE TABLE sign_in_attempts (key text PRIMARY KEY, window_start timestamptz NOT NULL, failures integer NOT NULL)"),
            } },
    };
    return list;
}

} // namespace rd::server::migrations

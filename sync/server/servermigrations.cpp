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
    };
    return list;
}

} // namespace rd::server::migrations

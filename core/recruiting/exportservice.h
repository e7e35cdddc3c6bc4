#pragma once

#include "auth/session.h"
#include "common/result.h"

#include <QIODevice>

namespace rd {

struct ServiceContext;

// Export of jobs, candidates and applications to CSV (the import's canonical headers, so an
// export re-imports) or JSON (an array of objects). Streams page by page; needs the export
// permission on the kind; audited with the row count.
class ExportService {
public:
    explicit ExportService(ServiceContext& ctx) : m_ctx(ctx) { }
    Result<int> exportTo(const Session& session, const QString& kind, const QString& format, QIODevice& out);
    // The tenant's whole replicated state as one JSON document, deterministically: the tables
    // that sync replicates (docs/sync.md), rows sorted by id, keys sorted, without device-local
    // tables or columns (outbox, jobs, search and matching indexes, audit chain heads, sign-in
    // secrets and counters). Two devices that converged print the same bytes. Needs the export
    // permission on users, candidates, jobs and applications (admins); audited. Returns the
    // number of rows.
    Result<int> exportState(const Session& session, QIODevice& out);
    // The tables and columns exportState leaves out (for docs and tests).
    static const QStringList& stateTables();
    static const QStringList& deviceLocalColumns(const QString& table);
    static QByteArray csvField(const QString& value);

private:
    ServiceContext& m_ctx;
};

} // namespace rd

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
    static QByteArray csvField(const QString& value);

private:
    ServiceContext& m_ctx;
};

} // namespace rd

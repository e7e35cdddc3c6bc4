#pragma once

#include "auth/session.h"
#include "common/result.h"
#include "recruiting/searchservice.h"

#include <QJsonObject>
#include <QList>

namespace rd {

struct ServiceContext;

// A user's saved searches: a name, a query (with its field filters) and a kind. Running one
// returns the hits and how many of them were not in the previous run's results
// ("new since last run"; every hit is new on the first run).
class SavedSearchService {
public:
    static constexpr int kRunLimit = 200; // the search limit

    SavedSearchService(ServiceContext& ctx, SearchService& search) : m_ctx(ctx), m_search(search) { }

    Result<QJsonObject> create(const Session& session, const QString& name, const QString& query, const QString& kind = {});
    Result<QList<QJsonObject>> list(const Session& session);
    // {"saved_search":{...},"total":n,"new":n,"new_ids":[...],"hits":[...]}
    Result<QJsonObject> run(const Session& session, const QString& idOrName, int limit = kRunLimit);
    Status remove(const Session& session, const QString& idOrName);

private:
    Result<QJsonObject> load(const Session& session, const QString& idOrName);
    ServiceContext& m_ctx;
    SearchService& m_search;
};

} // namespace rd

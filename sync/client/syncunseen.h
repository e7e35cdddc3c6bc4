#pragma once
// Fields whose newer server value a pull did not apply, because this device's unsent edit of
// the field wins locally until pushed (sync_unseen, desktop schema 13). An edit made after such
// a pull is still not based on that value, although the pull cursor went past it: the push says
// so per field (ChangeRecord::unseen), and the server decides by the field's real base
// (docs/sync.md "Push").
#include "protocol/wire.h"
#include "store/database.h"

#include <QHash>
#include <QSet>

namespace rd::sync {

class UnseenFields {
public:
    static Result<UnseenFields> load(Database& db);
    // A pulled change was applied but for `kept` (this device's pending fields -> the lowest
    // base of their unsent edits): those the change is newer than are remembered at its
    // server_seq (the first one stays), the fields applied forgotten.
    Status pulled(Database& db, const ServerChange& c, const QHash<QString, qint64>& kept);
    // Marks what the change's fields had not seen (those remembered later than its base).
    void describe(ChangeRecord& c) const;
    // The row was written with the server's current values (a refused change put back): its
    // fields are seen, but for those still pending.
    static Status forget(Database& db, const QString& entity, const QString& rowId, const QSet<QString>& pending);
    // The server's timeline changed: every server_seq here is meaningless.
    static Status clear(Database& db);

private:
    QHash<QString, QHash<QString, qint64>> m_rows; // "entity/row" -> field -> server_seq
};

} // namespace rd::sync

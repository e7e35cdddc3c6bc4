#include "syncunseen.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace rd::sync {

namespace {
QString keyOf(const QString& entity, const QString& rowId)
{
    return entity + QLatin1Char('/') + rowId;
}
} // namespace

Result<UnseenFields> UnseenFields::load(Database& db)
{
    UnseenFields u;
    auto rows = db.select(QStringLiteral("SELECT entity, row_id, field, server_seq FROM sync_unseen"));
    if (!rows) return rows.error();
    for (const auto& r : rows.value())
        u.m_rows[keyOf(r.value(0).toString(), r.value(1).toString())].insert(
            r.value(2).toString(), r.value(3).toLongLong());
    return u;
}

Status UnseenFields::pulled(Database& db, const ServerChange& c, const QHash<QString, qint64>& kept)
{
    const QString key = keyOf(c.entity, c.rowId);
    auto row = m_rows.find(key);
    if (c.op == QLatin1String("delete")) {
        if (row == m_rows.end()) return {};
        m_rows.erase(row);
        auto gone = db.change(
            QStringLiteral("DELETE FROM sync_unseen WHERE entity = ? AND row_id = ?"), { c.entity, c.rowId });
        return gone ? Status {} : Status { gone.error() };
    }
    for (auto it = c.fields.constBegin(); it != c.fields.constEnd(); ++it) {
        const QString& field = it.key();
        if (kept.contains(field)) {
            // Every unsent edit of the field was made after this change reached the device
            // (pulled again from the start, say): it was seen, nothing to remember.
            if (c.serverSeq <= kept.value(field)) continue;
            if (row != m_rows.end() && row->contains(field)) continue; // the first one stays
            auto ins = db.change(QStringLiteral("INSERT OR IGNORE INTO sync_unseen (entity, row_id, field, server_seq) "
                                                "VALUES (?, ?, ?, ?)"),
                { c.entity, c.rowId, field, c.serverSeq });
            if (!ins) return ins.error();
            row = m_rows.find(key);
            if (row == m_rows.end()) row = m_rows.insert(key, {});
            row->insert(field, c.serverSeq);
        } else if (row != m_rows.end() && row->remove(field) > 0) {
            auto gone
                = db.change(QStringLiteral("DELETE FROM sync_unseen WHERE entity = ? AND row_id = ? AND field = ?"),
                    { c.entity, c.rowId, field });
            if (!gone) return gone.error();
        }
    }
    return {};
}

void UnseenFields::describe(ChangeRecord& c) const
{
    const auto row = m_rows.constFind(keyOf(c.entity, c.rowId));
    if (row == m_rows.cend()) return;
    for (auto it = row->cbegin(); it != row->cend(); ++it)
        if (it.value() <= c.baseServerSeq && (c.fields.contains(it.key()) || c.op == QLatin1String("delete")))
            c.unseen.insert(it.key(), it.value());
}

Status UnseenFields::forget(Database& db, const QString& entity, const QString& rowId, const QSet<QString>& pending)
{
    const QJsonArray keep = QJsonArray::fromStringList(QStringList(pending.cbegin(), pending.cend()));
    auto gone = db.change(QStringLiteral("DELETE FROM sync_unseen WHERE entity = ? AND row_id = ? AND field NOT IN "
                                         "(SELECT value FROM json_each(?))"),
        { entity, rowId, QString::fromUtf8(QJsonDocument(keep).toJson(QJsonDocument::Compact)) });
    return gone ? Status {} : Status { gone.error() };
}

Status UnseenFields::clear(Database& db)
{
    auto gone = db.change(QStringLiteral("DELETE FROM sync_unseen"));
    return gone ? Status {} : Status { gone.error() };
}

} // namespace rd::sync

#include "blobstore.h"

#include "crypto/crypto.h"

#include <QRegularExpression>

namespace rd::server {

QJsonObject BlobStatus::toJson() const
{
    return { { QStringLiteral("sha256"), sha256 }, { QStringLiteral("size"), size },
        { QStringLiteral("received"), received }, { QStringLiteral("complete"), complete } };
}

bool BlobStore::validName(const QString& sha256)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    return hex.match(sha256).hasMatch();
}

namespace {
Error notFound(const QString& sha)
{
    return Error { ErrorCode::NotFound, QStringLiteral("The server has no such file."),
        { { QStringLiteral("sha256"), sha }, { QStringLiteral("reason"), QStringLiteral("blob_unknown") } } };
}
} // namespace

Status BlobStore::beginScoped(const QString& tenantId)
{
    RD_TRY(m_db.begin());
    auto scoped = m_db.scopeToTenant(tenantId);
    if (!scoped) {
        m_db.rollback();
        return scoped.error();
    }
    return {};
}

Result<BlobStatus> BlobStore::status(const QString& sha, bool lock)
{
    auto rows = m_db.select(QStringLiteral("SELECT size, received, complete FROM blobs WHERE tenant_id = "
                                           "current_setting('rd.tenant_id', true) AND sha256 = ?%1")
                                .arg(lock ? QStringLiteral(" FOR UPDATE") : QString()),
        { sha });
    if (!rows) return rows.error();
    if (rows.value().isEmpty()) return notFound(sha);
    const QSqlRecord& r = rows.value().first();
    return BlobStatus { sha, r.value(0).toLongLong(), r.value(1).toLongLong(), r.value(2).toBool() };
}

Result<BlobStatus> BlobStore::begin(const AccessClaims& claims, const QString& sha, qint64 size)
{
    if (!validName(sha))
        return Error { ErrorCode::ValidationFailed,
            QStringLiteral("A file is named by the SHA-256 of its bytes (64 hex digits)."),
            { { QStringLiteral("field"), QStringLiteral("sha256") } } };
    if (size < 1)
        return Error { ErrorCode::ValidationFailed, QStringLiteral("The file size must be at least 1 byte."),
            { { QStringLiteral("field"), QStringLiteral("size") } } };
    if (size > m_maxBytes)
        return Error { ErrorCode::ValidationFailed,
            QStringLiteral("The file size must be from 1 byte to %1 bytes.").arg(m_maxBytes),
            { { QStringLiteral("field"), QStringLiteral("size") },
                { QStringLiteral("reason"), QStringLiteral("too_large") },
                { QStringLiteral("max_bytes"), m_maxBytes } } };
    RD_TRY(beginScoped(claims.tenantId));
    auto fail = [&](const Error& e) -> Result<BlobStatus> {
        m_db.rollback();
        return e;
    };
    // Uploads nobody finished within a week are given up (a device that comes back starts again).
    auto stale = m_db.exec(
        QStringLiteral(
            "DELETE FROM blobs WHERE tenant_id = ? AND NOT complete AND updated_at < now() - interval '7 days'"),
        { claims.tenantId });
    if (!stale) return fail(stale.error());
    auto ins = m_db.exec(
        QStringLiteral(
            "INSERT INTO blobs (tenant_id, sha256, size, device_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"),
        { claims.tenantId, sha, size, claims.deviceId });
    if (!ins) return fail(ins.error());
    auto st = status(sha, true);
    if (!st) return fail(st.error());
    if (st.value().size != size) {
        if (st.value().complete)
            return fail(
                Error { ErrorCode::ValidationFailed, QStringLiteral("The file with this hash has another size."),
                    { { QStringLiteral("field"), QStringLiteral("size") },
                        { QStringLiteral("reason"), QStringLiteral("size_mismatch") } } });
        // An unfinished upload announced with another size (a bad client): start over.
        auto reset = m_db.exec(
            QStringLiteral("DELETE FROM blob_chunks WHERE tenant_id = ? AND sha256 = ?"), { claims.tenantId, sha });
        if (!reset) return fail(reset.error());
        auto resize = m_db.exec(
            QStringLiteral(
                "UPDATE blobs SET size = ?, received = 0, updated_at = now() WHERE tenant_id = ? AND sha256 = ?"),
            { size, claims.tenantId, sha });
        if (!resize) return fail(resize.error());
        st = BlobStatus { sha, size, 0, false };
    }
    RD_TRY(m_db.commit());
    return st;
}

Result<BlobStatus> BlobStore::append(
    const AccessClaims& claims, const QString& sha, qint64 offset, const QByteArray& bytes)
{
    if (!validName(sha)) return notFound(sha);
    if (bytes.isEmpty() || bytes.size() > kMaxChunk)
        return Error { ErrorCode::ValidationFailed,
            QStringLiteral("A chunk holds from 1 byte to %1 bytes.").arg(kMaxChunk),
            { { QStringLiteral("field"), QStringLiteral("body") } } };
    RD_TRY(beginScoped(claims.tenantId));
    auto fail = [&](const Error& e) -> Result<BlobStatus> {
        m_db.rollback();
        return e;
    };
    auto st = status(sha, true);
    if (!st) return fail(st.error());
    BlobStatus b = st.value();
    if (b.complete) { // a retried last chunk: nothing to do
        m_db.rollback();
        return b;
    }
    if (offset != b.received)
        return fail(Error { ErrorCode::Conflict, QStringLiteral("The upload continues at byte %1.").arg(b.received),
            { { QStringLiteral("reason"), QStringLiteral("offset_mismatch") },
                { QStringLiteral("received"), b.received } } });
    if (offset + bytes.size() > b.size)
        return fail(Error { ErrorCode::ValidationFailed, QStringLiteral("The chunk goes past the announced size."),
            { { QStringLiteral("field"), QStringLiteral("body") },
                { QStringLiteral("reason"), QStringLiteral("past_size") } } });
    auto ins = m_db.exec(
        QStringLiteral("INSERT INTO blob_chunks (tenant_id, sha256, chunk_offset, data) VALUES (?, ?, ?, ?)"),
        { claims.tenantId, sha, offset, bytes });
    if (!ins) return fail(ins.error());
    b.received += bytes.size();
    if (b.received == b.size) {
        // The last chunk: the bytes must be the ones the name promises.
        auto chunks = m_db.select(
            QStringLiteral("SELECT data FROM blob_chunks WHERE tenant_id = ? AND sha256 = ? ORDER BY chunk_offset"),
            { claims.tenantId, sha });
        if (!chunks) return fail(chunks.error());
        QByteArray all;
        all.reserve(qsizetype(b.size));
        for (const QSqlRecord& r : chunks.value())
            all += r.value(0).toByteArray();
        if (crypto::sha256Hex(all) != sha) {
            auto drop = m_db.exec(
                QStringLiteral("DELETE FROM blob_chunks WHERE tenant_id = ? AND sha256 = ?"), { claims.tenantId, sha });
            auto reset = m_db.exec(
                QStringLiteral("UPDATE blobs SET received = 0, updated_at = now() WHERE tenant_id = ? AND sha256 = ?"),
                { claims.tenantId, sha });
            if (!drop || !reset) return fail(!drop ? drop.error() : reset.error());
            RD_TRY(m_db.commit());
            return Error { ErrorCode::ValidationFailed,
                QStringLiteral("The bytes do not match the file's SHA-256; send the file again."),
                { { QStringLiteral("reason"), QStringLiteral("hash_mismatch") }, { QStringLiteral("received"), 0 } } };
        }
        b.complete = true;
    }
    auto upd = m_db.exec(
        QStringLiteral(
            "UPDATE blobs SET received = ?, complete = ?, updated_at = now(), completed_at = CASE WHEN ? THEN "
            "now() END WHERE tenant_id = ? AND sha256 = ?"),
        { b.received, b.complete, b.complete, claims.tenantId, sha });
    if (!upd) return fail(upd.error());
    RD_TRY(m_db.commit());
    return b;
}

Result<QByteArray> BlobStore::read(
    const AccessClaims& claims, const QString& sha, qint64 offset, qint64 length, qint64* size)
{
    if (!validName(sha)) return notFound(sha);
    if (offset < 0 || length < 1)
        return Error { ErrorCode::ValidationFailed, QStringLiteral("offset must be 0 or more and length 1 or more."),
            { { QStringLiteral("field"), QStringLiteral("offset") } } };
    length = qMin(length, kMaxChunk);
    RD_TRY(beginScoped(claims.tenantId));
    auto fail = [&](const Error& e) -> Result<QByteArray> {
        m_db.rollback();
        return e;
    };
    auto st = status(sha, false);
    if (!st) return fail(st.error());
    if (!st.value().complete) return fail(notFound(sha));
    if (size) *size = st.value().size;
    if (offset >= st.value().size) {
        m_db.rollback();
        return QByteArray();
    }
    // The chunks that overlap [offset, offset + length), cut to the range.
    auto chunks = m_db.select(
        QStringLiteral("SELECT chunk_offset, data FROM blob_chunks WHERE tenant_id = ? AND sha256 = ? AND "
                       "chunk_offset < ? AND chunk_offset + length(data) > ? ORDER BY chunk_offset"),
        { claims.tenantId, sha, offset + length, offset });
    if (!chunks) return fail(chunks.error());
    m_db.rollback();
    QByteArray out;
    for (const QSqlRecord& r : chunks.value()) {
        const qint64 at = r.value(0).toLongLong();
        const QByteArray data = r.value(1).toByteArray();
        const qint64 from = qMax<qint64>(0, offset - at);
        const qint64 to = qMin<qint64>(data.size(), offset + length - at);
        out += data.mid(from, to - from);
    }
    return out;
}

Result<int> BlobStore::collect(PgDatabase& db, const QStringList& shas, bool now)
{
    // Files no live attachment row of the tenant names: released now (collected after the
    // grace period), or gone at once (an erasure's). Files released longer ago than the grace
    // period and still unnamed go too, on any collect of the tenant.
    const QString unnamed = QStringLiteral(
        "NOT EXISTS (SELECT 1 FROM entity_state e WHERE e.tenant_id = b.tenant_id AND e.entity = 'attachments' AND NOT "
        "e.deleted AND e.fields->>'sha256' = b.sha256 AND e.fields->>'deleted_at' IS NULL)");
    int gone = 0;
    if (!shas.isEmpty()) {
        auto released = db.exec(
            (now ? QStringLiteral("DELETE FROM blobs b") : QStringLiteral("UPDATE blobs b SET released_at = coalesce(released_at, now())"))
                + QStringLiteral(" WHERE b.tenant_id = current_setting('rd.tenant_id', true) AND b.sha256 = ANY(string_to_array(?, "
                                 "',')) AND ")
                + unnamed,
            { shas.join(QLatin1Char(',')) });
        if (!released) return released.error();
        if (now) gone += released.value();
    }
    auto expired = db.exec(QStringLiteral("DELETE FROM blobs b WHERE b.tenant_id = current_setting('rd.tenant_id', true) AND "
                                          "b.released_at < now() - make_interval(days => ?) AND ")
            + unnamed,
        { kGraceDays });
    if (!expired) return expired.error();
    return gone + expired.value();
}

} // namespace rd::server

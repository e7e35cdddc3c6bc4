// Attachment files and the sync server (docs/sync.md "Attachment files"): this device's files
// the server lacks go up before the outbox; files of pulled rows come down after the pull.
#include "common/json.h"
#include "syncengine.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace rd::sync {

Status SyncEngine::noteBlobs()
{
    // Files of live attachment rows this device has not looked at yet: present here or not.
    Database& db = m_ws.db();
    auto rows = db.select(
        QStringLiteral("SELECT DISTINCT a.sha256 FROM attachments a LEFT JOIN blob_state b ON b.sha256 = a.sha256 "
                       "WHERE a.deleted_at IS NULL AND b.sha256 IS NULL"));
    if (!rows) return rows.error();
    for (const auto& r : rows.value()) {
        const QString sha = r.value(0).toString();
        const bool here = QFileInfo::exists(m_ws.attachments().blobPath(sha));
        auto ins
            = db.change(QStringLiteral("INSERT OR IGNORE INTO blob_state (sha256, local, updated_at) VALUES (?, ?, ?)"),
                { sha, here ? 1 : 0, m_ws.context().clock.nowIso() });
        if (!ins) return ins.error();
    }
    return {};
}

Status SyncEngine::uploadBlobs(SyncSummary& s)
{
    RD_TRY(noteBlobs());
    Database& db = m_ws.db();
    auto rows = db.select(
        QStringLiteral("SELECT b.sha256 FROM blob_state b WHERE b.local = 1 AND b.on_server = 0 AND EXISTS (SELECT 1 "
                       "FROM attachments a WHERE a.sha256 = b.sha256 AND a.deleted_at IS NULL) ORDER BY b.sha256"));
    if (!rows) return rows.error();
    for (const auto& r : rows.value()) {
        const QString sha = r.value(0).toString();
        auto bytes = m_ws.attachments().readBlob(sha);
        if (!bytes) {
            // The file went (collected, or lost on this disk): another device may have it.
            qCWarning(lcSync) << "attachment file" << sha << "cannot be read:" << bytes.error().message;
            auto mark = db.change(QStringLiteral("UPDATE blob_state SET local = 0, last_error = ? WHERE sha256 = ?"),
                { bytes.error().message, sha });
            if (!mark) return mark.error();
            continue;
        }
        const QByteArray& content = bytes.value();
        // Announce (or ask how far an earlier upload got), then send from there.
        auto started = call("POST", QStringLiteral("/v1/blobs/") + sha,
            compactJson(QJsonObject { { QStringLiteral("size"), qint64(content.size()) } }), nullptr,
            "application/json");
        if (!started) return started.error();
        QJsonObject st = QJsonDocument::fromJson(started.value()).object();
        for (int guard = 0; !st.value(QStringLiteral("complete")).toBool() && guard < 100000; ++guard) {
            const qint64 offset = st.value(QStringLiteral("received")).toInteger();
            const QByteArray chunk = content.mid(offset, kBlobChunk);
            auto sent = call("PUT", QStringLiteral("/v1/blobs/%1?offset=%2").arg(sha).arg(offset), chunk, nullptr,
                "application/octet-stream");
            if (!sent) {
                // Another attempt got further (a lost answer): continue where the server is.
                if (sent.error().code == ErrorCode::Conflict
                    && sent.error().details.contains(QStringLiteral("received"))) {
                    st.insert(QStringLiteral("received"), sent.error().details.value(QStringLiteral("received")));
                    continue;
                }
                return sent.error();
            }
            st = QJsonDocument::fromJson(sent.value()).object();
        }
        auto mark = db.change(
            QStringLiteral("UPDATE blob_state SET on_server = 1, last_error = NULL, updated_at = ? WHERE sha256 = ?"),
            { m_ws.context().clock.nowIso(), sha });
        if (!mark) return mark.error();
        ++s.blobsUploaded;
    }
    return {};
}

Status SyncEngine::downloadBlobs(SyncSummary& s)
{
    RD_TRY(noteBlobs());
    Database& db = m_ws.db();
    const QString now = m_ws.context().clock.nowIso();
    auto rows = db.select(
        QStringLiteral("SELECT b.sha256, max(a.size), b.attempts FROM blob_state b JOIN attachments a ON a.sha256 = "
                       "b.sha256 AND a.deleted_at IS NULL WHERE b.local = 0 AND (b.next_try_at IS NULL OR "
                       "b.next_try_at <= ?) GROUP BY b.sha256 ORDER BY b.sha256"),
        { now });
    if (!rows) return rows.error();
    for (const auto& r : rows.value()) {
        const QString sha = r.value(0).toString();
        const qint64 size = r.value(1).toLongLong();
        QByteArray content;
        Error failed;
        bool ok = true;
        while (content.size() < size) {
            auto part = call("GET",
                QStringLiteral("/v1/blobs/%1?offset=%2&length=%3").arg(sha).arg(content.size()).arg(kBlobChunk), {});
            if (!part) {
                if (part.error().code == ErrorCode::Unavailable) return part.error(); // offline: the next round
                failed = part.error();
                ok = false;
                break;
            }
            if (part.value().isEmpty()) break;
            content += part.value();
        }
        if (ok) {
            if (Status stored = m_ws.attachments().storeBlob(sha, content); !stored) {
                failed = stored.error();
                ok = false;
            }
        }
        if (!ok) {
            // Not on the server (yet), or damaged: tried again later, less often each time.
            const int attempts = r.value(2).toInt() + 1;
            const qint64 wait = qMin<qint64>(qint64(60) << qMin(attempts, 12), 6 * 3600);
            qCWarning(lcSync) << "attachment file" << sha << "not downloaded:" << failed.message;
            auto mark = db.change(
                QStringLiteral(
                    "UPDATE blob_state SET attempts = ?, last_error = ?, next_try_at = ?, updated_at = ? WHERE "
                    "sha256 = ?"),
                { attempts, failed.message,
                    QDateTime::fromString(now, Qt::ISODateWithMs).addSecs(wait).toString(Qt::ISODateWithMs), now,
                    sha });
            if (!mark) return mark.error();
            continue;
        }
        auto mark = db.change(
            QStringLiteral("UPDATE blob_state SET local = 1, on_server = 1, attempts = 0, last_error = NULL, "
                           "next_try_at = NULL, updated_at = ? WHERE sha256 = ?"),
            { now, sha });
        if (!mark) return mark.error();
        ++s.blobsDownloaded;
    }
    auto missing = db.selectOne(
        QStringLiteral("SELECT count(DISTINCT b.sha256) FROM blob_state b JOIN attachments a ON a.sha256 = "
                       "b.sha256 AND a.deleted_at IS NULL WHERE b.local = 0"));
    if (!missing) return missing.error();
    s.blobsMissing = missing.value().value(0).toInt();
    return {};
}

} // namespace rd::sync

#pragma once

#include "crypto/crypto.h"
#include "pgdatabase.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QVariant>

namespace rd::server {

// Small helpers of the server's stores.

// Runs F in a transaction scoped to the tenant (row-level security); rolled back when it fails.
template <typename F> Status inTenant(PgDatabase& db, const QString& tenantId, F f)
{
    RD_TRY(db.begin());
    Status s = db.scopeToTenant(tenantId);
    if (s) s = f();
    if (!s) {
        db.rollback();
        return s;
    }
    return db.commit();
}

// Whether a merged row is soft-deleted: deleted_at set (a row that leaves it out is as live as NULL).
inline bool softDeleted(const QJsonObject& row)
{
    const QJsonValue v = row.value(QStringLiteral("deleted_at"));
    return !v.isNull() && !v.isUndefined();
}

// The digest a pushed record's fields are remembered by (refused records, redacted changes):
// they may hold what PostgreSQL cannot store, a NUL say.
// The UTF-8 length of a text, without making it (pages are cut by bytes on the wire).
inline qint64 utf8Size(const QString& s)
{
    qint64 n = 0;
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        n += u < 0x80 ? 1 : u < 0x800 ? 2 : c.isSurrogate() ? 2 : 3; // a surrogate pair: 4
    }
    return n;
}

inline QString fieldsDigest(const QJsonObject& fields)
{
    return crypto::sha256Hex(QJsonDocument(fields).toJson(QJsonDocument::Compact));
}

// A text[] literal for a bound parameter ("{a,b}"), and back.
inline QString pgTextArray(const QStringList& items)
{
    QStringList quoted;
    for (const QString& i : items)
        quoted << QLatin1Char('"') + QString(i).remove(QLatin1Char('"')).remove(QLatin1Char('\\')) + QLatin1Char('"');
    return QLatin1Char('{') + quoted.join(QLatin1Char(',')) + QLatin1Char('}');
}
inline QStringList fromPgTextArray(const QVariant& v)
{
    QString s = v.toString();
    if (s.startsWith(QLatin1Char('{'))) s = s.mid(1, s.size() - 2);
    QStringList out;
    for (QString part : s.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out << part.remove(QLatin1Char('"'));
    return out;
}

// 32 random bytes, base64url: webhook, integration and API key secrets.
inline QString newSecret()
{
    return QString::fromLatin1(
        crypto::randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// A jsonb column read as text (a replicated row's fields) as an object.
inline QJsonObject jsonObjectOf(const QVariant& v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

// Now, as the desktops write times (ISO 8601, UTC, milliseconds).
inline QString nowIsoUtc()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

// A timestamptz column as ISO 8601 UTC ("" for NULL).
inline QString isoUtc(const QVariant& v)
{
    return v.isNull() ? QString() : v.toDateTime().toUTC().toString(Qt::ISODate);
}

} // namespace rd::server

#include "serversettings.h"

#include "outbound.h"

#include "crypto/crypto.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>
#include <QSqlRecord>
#include <QUrl>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace rd::server {

namespace {
Error settingError(const QString& key, const QString& message)
{
    return makeError(ErrorCode::ValidationFailed, message,
        { { QStringLiteral("field"), QStringLiteral("value") }, { QStringLiteral("key"), key } });
}

Status check(const QString& key, const QString& value)
{
    if (value.isEmpty()) return {};
    auto number = [&](int lo, int hi) -> Status {
        bool ok = false;
        const int n = value.toInt(&ok);
        if (!ok || n < lo || n > hi)
            return settingError(key, QStringLiteral("%1 is a number from %2 to %3.").arg(key).arg(lo).arg(hi));
        return {};
    };
    auto email = [&]() -> Status {
        if (!value.contains(QLatin1Char('@')) || value.contains(QLatin1Char(' ')) || value.startsWith(QLatin1Char('@'))
            || value.endsWith(QLatin1Char('@')))
            return settingError(key, QStringLiteral("%1 is an email address.").arg(key));
        return {};
    };
    auto url = [&]() -> Status {
        const QUrl u(value);
        if (!u.isValid() || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http"))
            || u.host().isEmpty())
            return settingError(key, QStringLiteral("%1 is an http(s) address.").arg(key));
        return {};
    };
    if (key == QLatin1String("smtp.port")) return number(1, 65535);
    if (key == QLatin1String("smtp.tls"))
        return value == QLatin1String("none") || value == QLatin1String("starttls")
                || value == QLatin1String("implicit")
            ? Status()
            : Status(settingError(key, QStringLiteral("smtp.tls is none, starttls or implicit.")));
    if (key == QLatin1String("smtp.ca_file"))
        return QFileInfo(value).isReadable()
            ? Status()
            : Status(settingError(key, QStringLiteral("%1 cannot be read.").arg(value)));
    if (key == QLatin1String("smtp.from") || key == QLatin1String("agency_email") || key == QLatin1String("from_email"))
        return email();
    if (key == QLatin1String("public_url") || key == QLatin1String("sms.url")) return url();
    if (key == QLatin1String("rate_per_minute")) return number(1, 100000);
    if (key == QLatin1String("offline_lease_days")) return number(1, 365);
    if (key == QLatin1String("dispatch.max_attempts")) return number(1, 50);
    if (key == QLatin1String("dispatch.lease_seconds")) return number(2, 3600);
    if (key == QLatin1String("smtp.timeout_seconds") || key == QLatin1String("sms.timeout_seconds"))
        return number(1, 600);
    if (key == QLatin1String("apply.max_mb")) return number(1, 100);
    if (key == QLatin1String("apply.per_hour")) return number(1, 10000);
    if (key == QLatin1String("captcha.verify_url")) return url();
    if (key == QLatin1String("outbound.allow")) {
        auto list = outbound::parseAllowed(value);
        return list ? Status() : Status(settingError(key, list.error().message));
    }
    if (key == QLatin1String("sms.dedup"))
        return value == QLatin1String("true") || value == QLatin1String("false")
            ? Status()
            : Status(settingError(key, QStringLiteral("sms.dedup is true or false.")));
    return {};
}
} // namespace

const QList<ServerSettings::Key>& ServerSettings::keys()
{
    static const QList<Key> all {
        { QStringLiteral("smtp.host"), false, false, QStringLiteral("The outgoing mail server") },
        { QStringLiteral("smtp.port"), false, false, QStringLiteral("Its port (587 for STARTTLS, 465 implicit TLS)") },
        { QStringLiteral("smtp.tls"), false, false, QStringLiteral("none | starttls | implicit (default starttls)") },
        { QStringLiteral("smtp.user"), false, false, QStringLiteral("User name to sign in (AUTH PLAIN/LOGIN)") },
        { QStringLiteral("smtp.password"), false, true, QStringLiteral("Its password (sealed with the key file)") },
        { QStringLiteral("smtp.from"), false, false, QStringLiteral("Sender address when a tenant sets none") },
        { QStringLiteral("smtp.ca_file"), false, false, QStringLiteral("Extra CA certificates (PEM) to trust") },
        { QStringLiteral("smtp.timeout_seconds"), false, false, QStringLiteral("Wait for each answer (default 30)") },
        { QStringLiteral("sms.url"), false, false, QStringLiteral("Twilio-compatible API base URL") },
        { QStringLiteral("sms.account"), false, false, QStringLiteral("Account SID") },
        { QStringLiteral("sms.token"), false, true, QStringLiteral("Auth token (sealed with the key file)") },
        { QStringLiteral("sms.from"), false, false, QStringLiteral("Sender number or name") },
        { QStringLiteral("sms.timeout_seconds"), false, false,
            QStringLiteral("Wait for the provider's answer (default 15)") },
        { QStringLiteral("sms.dedup"), false, false,
            QStringLiteral("true when the provider honours Idempotency-Key: a message whose outcome is unknown is "
                           "then sent again safely (default false)") },
        { QStringLiteral("public_url"), false, false,
            QStringLiteral("Address candidates reach this server at (confirm and unsubscribe links)") },
        { QStringLiteral("dispatch.max_attempts"), false, false,
            QStringLiteral("Attempts before a message becomes a dead letter (default 8)") },
        { QStringLiteral("dispatch.lease_seconds"), false, false,
            QStringLiteral("How long a sender holds a message; one that stopped is then 'unknown' (default 300)") },
        { QStringLiteral("apply.max_mb"), false, false,
            QStringLiteral("Largest CV the job board takes, in MB (default 10)") },
        { QStringLiteral("apply.per_hour"), false, false,
            QStringLiteral("Job board applications per address and hour (default 5)") },
        { QStringLiteral("captcha.verify_url"), false, false,
            QStringLiteral("Captcha check for the job board (reCAPTCHA/hCaptcha siteverify URL); empty: none") },
        { QStringLiteral("captcha.secret"), false, true, QStringLiteral("Its secret (sealed with the key file)") },
        { QStringLiteral("outbound.allow"), false, false,
            QStringLiteral("Private or loopback ranges webhooks and the captcha check may call (ADDRESS[/BITS], ...); "
                           "default none: public addresses only") },
        { QStringLiteral("agency_email"), true, false,
            QStringLiteral("Where confirmations go (subject #scoreagents# {external_job_id}, CV attached)") },
        { QStringLiteral("confirm_stage"), true, false,
            QStringLiteral("Pipeline stage a confirmed candidate's application moves to") },
        { QStringLiteral("from_email"), true, false, QStringLiteral("Sender address of this tenant's messages") },
        { QStringLiteral("sender_name"), true, false, QStringLiteral("Sender name (default: the tenant's name)") },
        { QStringLiteral("rate_per_minute"), true, false,
            QStringLiteral("At most this many messages a minute for the tenant (default 60)") },
        { QStringLiteral("offline_lease_days"), true, false,
            QStringLiteral("Days a laptop's workspace opens without reaching this server (default 14; a user's own: "
                           "`user offline`)") },
    };
    return all;
}

ServerSettings::ServerSettings(PgDatabase& db, QString keyFile)
    : m_db(db)
    , m_keyFile(std::move(keyFile))
{
}

Result<QByteArray> ServerSettings::key(bool create)
{
    if (m_keyFile.isEmpty())
        return makeError(ErrorCode::ValidationFailed,
            QStringLiteral("Secret settings need a key file: set [secrets] key_file in the configuration, or "
                           "RECRUITDESK_SECRETS_KEY_FILE."),
            { { QStringLiteral("field"), QStringLiteral("secrets.key_file") } });
    QFile f(m_keyFile);
    if (f.open(QIODevice::ReadOnly)) {
        const QByteArray k = QByteArray::fromHex(f.readAll().trimmed());
        if (k.size() != 32)
            return makeError(ErrorCode::CryptoError, QStringLiteral("The key file %1 is not a key.").arg(m_keyFile));
        return k;
    }
    if (!create)
        return makeError(ErrorCode::CryptoError,
            QStringLiteral("The key file %1 is missing: the secret settings cannot be read.").arg(m_keyFile));
    // Made whole beside it, then linked into place only if no key file exists yet: two threads
    // or servers making it at once end with one key, the loser reading the winner's (a key
    // replaced after something was sealed with it would leave that secret unreadable).
    const QByteArray k = crypto::randomBytes(32);
    const QString temp = m_keyFile + QStringLiteral(".new-") + QString::fromLatin1(crypto::randomBytes(6).toHex());
    {
        QFile out(temp);
        if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return makeError(ErrorCode::StorageError,
                QStringLiteral("Cannot create the key file %1: %2").arg(m_keyFile, out.errorString()));
        out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const bool written = out.write(k.toHex() + "\n") == 65 && out.flush() && ::fsync(out.handle()) == 0;
        out.close();
        if (!written) {
            QFile::remove(temp);
            return makeError(ErrorCode::StorageError, QStringLiteral("Cannot write the key file %1.").arg(m_keyFile));
        }
    }
    const int linked = ::link(QFile::encodeName(temp).constData(), QFile::encodeName(m_keyFile).constData());
    const int error = errno;
    QFile::remove(temp);
    if (linked == 0) return k;
    if (error == EEXIST) return key(false); // someone else's, made meanwhile
    return makeError(ErrorCode::StorageError,
        QStringLiteral("Cannot create the key file %1: %2").arg(m_keyFile, QString::fromLocal8Bit(std::strerror(error))));
}

Result<QByteArray> ServerSettings::linkKey()
{
    auto k = key(true);
    if (!k) return k.error();
    return crypto::hmac(QStringLiteral("SHA-256"), k.value(), QByteArrayLiteral("recruitdesk outreach links v1"));
}

Result<QString> ServerSettings::tenantId(const QString& tenant)
{
    auto rows = tenant.isEmpty() ? m_db.select(QStringLiteral("SELECT id FROM tenants ORDER BY created_at LIMIT 2"))
                                 : m_db.select(QStringLiteral("SELECT id FROM tenants WHERE slug = ? OR id = ? OR "
                                                              "lower(name) = lower(?) LIMIT 2"),
                                     { tenant, tenant, tenant });
    if (!rows) return rows.error();
    if (rows.value().size() == 1) return rows.value().first().value(0).toString();
    if (tenant.isEmpty())
        return makeError(ErrorCode::ValidationFailed,
            rows.value().isEmpty() ? QStringLiteral("There is no tenant yet.")
                                   : QStringLiteral("This server has several tenants: say which with --tenant NAME."),
            { { QStringLiteral("field"), QStringLiteral("tenant") } });
    return rows.value().isEmpty()
        ? makeError(ErrorCode::NotFound, QStringLiteral("No tenant %1.").arg(tenant),
            { { QStringLiteral("field"), QStringLiteral("tenant") } })
        : makeError(ErrorCode::ValidationFailed, QStringLiteral("%1 names several tenants; use the slug.").arg(tenant),
            { { QStringLiteral("field"), QStringLiteral("tenant") } });
}

Status ServerSettings::set(const QString& name, const QString& value, const QString& tenant)
{
    const Key* k = nullptr;
    for (const Key& candidate : keys())
        if (candidate.name == name) k = &candidate;
    if (!k)
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("Unknown setting %1.").arg(name),
            { { QStringLiteral("field"), QStringLiteral("key") }, { QStringLiteral("key"), name } });
    if (!k->tenant && !tenant.isEmpty())
        return makeError(ErrorCode::ValidationFailed,
            QStringLiteral("%1 is a server-wide setting (no --tenant).").arg(name),
            { { QStringLiteral("field"), QStringLiteral("tenant") } });
    RD_TRY(check(name, value));
    QString tid;
    if (k->tenant) {
        auto t = tenantId(tenant);
        if (!t) return t.error();
        tid = t.value();
    }
    if (value.isEmpty()) {
        auto del
            = m_db.exec(QStringLiteral("DELETE FROM server_settings WHERE tenant_id = ? AND key = ?"), { tid, name });
        return del ? Status() : Status(del.error());
    }
    QString stored = value;
    if (k->secret) {
        auto sealKey = key(true);
        if (!sealKey) return sealKey.error();
        auto sealed = crypto::seal(sealKey.value(), value.toUtf8(), (tid + QLatin1Char('/') + name).toUtf8());
        if (!sealed) return sealed.error();
        stored = QString::fromLatin1(sealed.value().toBase64());
    }
    auto up = m_db.exec(QStringLiteral("INSERT INTO server_settings (tenant_id, key, value, secret, updated_at) VALUES "
                                       "(?,?,?,?, now()) ON CONFLICT (tenant_id, key) DO UPDATE SET value = "
                                       "excluded.value, secret = excluded.secret, updated_at = now()"),
        { tid, name, stored, k->secret });
    return up ? Status() : Status(up.error());
}

Result<QString> ServerSettings::get(const QString& name, const QString& tenantId)
{
    auto rows = m_db.select(QStringLiteral("SELECT value, secret FROM server_settings WHERE tenant_id = ? AND key = ?"),
        { tenantId, name });
    if (!rows) return rows.error();
    if (rows.value().isEmpty()) return QString();
    const QString value = rows.value().first().value(0).toString();
    if (!rows.value().first().value(1).toBool()) return value;
    auto sealKey = key(false);
    if (!sealKey) return sealKey.error();
    auto opened = crypto::open(
        sealKey.value(), QByteArray::fromBase64(value.toLatin1()), (tenantId + QLatin1Char('/') + name).toUtf8());
    if (!opened)
        return makeError(ErrorCode::CryptoError,
            QStringLiteral("%1 cannot be read with the key file %2 (another server's key?).").arg(name, m_keyFile));
    return QString::fromUtf8(opened.value());
}

Result<QJsonArray> ServerSettings::list(const QString& tenant)
{
    QString tid;
    if (!tenant.isEmpty()) {
        auto t = tenantId(tenant);
        if (!t) return t.error();
        tid = t.value();
    }
    auto rows
        = m_db.select(QStringLiteral("SELECT key, value, secret FROM server_settings WHERE tenant_id = ?"), { tid });
    if (!rows) return rows.error();
    QHash<QString, QPair<QString, bool>> values;
    for (const auto& r : rows.value())
        values.insert(r.value(0).toString(), { r.value(1).toString(), r.value(2).toBool() });
    QJsonArray out;
    for (const Key& k : keys()) {
        if (k.tenant != !tid.isEmpty()) continue;
        const auto v = values.value(k.name);
        out << QJsonObject { { QStringLiteral("key"), k.name },
            { QStringLiteral("value"),
                v.first.isEmpty() ? QJsonValue() : QJsonValue(v.second ? QStringLiteral("(set)") : v.first) },
            { QStringLiteral("secret"), k.secret }, { QStringLiteral("description"), k.description } };
    }
    return out;
}

Result<SmtpSettings> ServerSettings::smtp()
{
    SmtpSettings s;
    bool portSet = false;
    auto read = [&](const char* k) { return get(QString::fromLatin1(k)); };
    for (const char* k : { "smtp.host", "smtp.port", "smtp.tls", "smtp.user", "smtp.password", "smtp.ca_file",
             "smtp.timeout_seconds" }) {
        auto v = read(k);
        if (!v) return v.error();
        const QString value = v.value();
        if (value.isEmpty()) continue;
        const QLatin1String name(k);
        if (name == QLatin1String("smtp.host"))
            s.host = value;
        else if (name == QLatin1String("smtp.port")) {
            s.port = value.toInt();
            portSet = true;
        } else if (name == QLatin1String("smtp.tls"))
            s.tls = value;
        else if (name == QLatin1String("smtp.user"))
            s.user = value;
        else if (name == QLatin1String("smtp.password"))
            s.password = value;
        else if (name == QLatin1String("smtp.ca_file"))
            s.caFile = value;
        else if (name == QLatin1String("smtp.timeout_seconds"))
            s.timeoutMs = value.toInt() * 1000;
    }
    if (!portSet) s.port = s.tls == QLatin1String("implicit") ? 465 : s.tls == QLatin1String("none") ? 25 : 587;
    return s;
}

Result<QString> ServerSettings::seal(const QString& value, const QString& context)
{
    auto k = key(true);
    if (!k) return k.error();
    auto sealed = crypto::seal(k.value(), value.toUtf8(), context.toUtf8());
    if (!sealed) return sealed.error();
    return QString::fromLatin1(sealed.value().toBase64());
}

Result<QString> ServerSettings::open(const QString& sealed, const QString& context)
{
    auto k = key(false);
    if (!k) return k.error();
    auto opened = crypto::open(k.value(), QByteArray::fromBase64(sealed.toLatin1()), context.toUtf8());
    if (!opened)
        return makeError(ErrorCode::CryptoError,
            QStringLiteral("A secret cannot be read with the key file %1 (another server's key?).").arg(m_keyFile));
    return QString::fromUtf8(opened.value());
}

Result<SmsSettings> ServerSettings::sms()
{
    SmsSettings s;
    for (const char* k : { "sms.url", "sms.account", "sms.token", "sms.from", "sms.timeout_seconds", "sms.dedup" }) {
        auto v = get(QString::fromLatin1(k));
        if (!v) return v.error();
        const QString value = v.value();
        const QLatin1String name(k);
        if (name == QLatin1String("sms.url"))
            s.url = value;
        else if (name == QLatin1String("sms.account"))
            s.account = value;
        else if (name == QLatin1String("sms.token"))
            s.token = value;
        else if (name == QLatin1String("sms.from"))
            s.from = value;
        else if (name == QLatin1String("sms.timeout_seconds") && !value.isEmpty())
            s.timeoutMs = value.toInt() * 1000;
        else if (name == QLatin1String("sms.dedup"))
            s.dedup = value == QLatin1String("true");
    }
    return s;
}

} // namespace rd::server

#pragma once

#include "app/workspace.h"
#include "auth/permissions.h"
#include "common/ids.h"
#include "crypto/crypto.h"
#include "crypto/pagecipher.h"
#include "store/cryptvfs.h"
#include "store/database.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace rd::test {

inline const QString kAdminPassword = QStringLiteral("Admin-Passphrase-2026");
inline const QString kUserPassword = QStringLiteral("User-Passphrase-2026");

// A workspace in a fresh temporary directory with a fake clock and a passphrase key file.
// A workspace's whole state as the export writes it (the sync tests compare replicas with it).
inline QByteArray exportOf(Workspace& ws, const Session& s)
{
    QBuffer buf;
    buf.open(QIODevice::WriteOnly);
    auto n = ws.exports().exportState(s, buf);
    if (!n) qFatal("export failed: %s", qPrintable(n.error().message));
    return buf.data();
}

struct TestWorkspace {
    QTemporaryDir dir;
    FakeClock clock;
    std::unique_ptr<Workspace> ws;
    QString path;
    // Set (before open()) to open through a key custody (key lease tests); else keyLoader().
    std::shared_ptr<crypto::KeyCustody> custody;

    TestWorkspace() { open(); }

    void open()
    {
        ws.reset();
        path = dir.filePath(QStringLiteral("test.db"));
        if (!QFileInfo::exists(path)) startFromTemplate();
        WorkspaceOptions o;
        o.clock = &clock;
        if (custody)
            o.custody = custody;
        else
            o.keyLoader = keyLoader();
        auto r = Workspace::open(path, o);
        if (!r)
            qFatal("cannot open test workspace: %s", qPrintable(r.error().message));
        ws = std::move(r).value();
    }
    void reopen() { open(); }

    // One data key per test process (no Argon2 per open): the template file is encrypted with it,
    // and so is every workspace a test makes.
    static const QByteArray& dataKey()
    {
        static const QByteArray key = crypto::randomBytes(32);
        return key;
    }
    static crypto::SecretBox::KeyLoader keyLoader()
    {
        return []() -> Result<QByteArray> { return dataKey(); };
    }

    // A new file starts as a copy of one migrated once per process, with its own device id:
    // migrating a fresh file costs tens of milliseconds, and the sync simulation makes
    // thousands (migrations themselves: test_store). The copy is what a fresh file is: the
    // same schema and the same seeded rows; RD_TEST_NO_TEMPLATE=1 migrates each file anew.
    void startFromTemplate()
    {
        static const QString templatePath = [] {
            if (qEnvironmentVariableIsSet("RD_TEST_NO_TEMPLATE")) return QString();
            static QTemporaryDir templateDir;
            const QString p = templateDir.filePath(QStringLiteral("template.db"));
            OpenOptions options;
            options.dataKey = dataKey();
            auto made = Database::open(p, options);
            if (!made) qFatal("cannot make the template workspace: %s", qPrintable(made.error().message));
            return p; // closed when `made` goes: the file alone holds everything (no -wal left)
        }();
        if (templatePath.isEmpty()) return;
        if (!QFile::copy(templatePath, path)) qFatal("cannot copy the template workspace to %s", qPrintable(path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        OpenOptions options;
        options.dataKey = dataKey();
        auto copy = Database::open(path, options);
        if (!copy || !copy.value()->setDeviceId(newUuidV7())) qFatal("cannot give %s its device id", qPrintable(path));
    }

    Workspace* operator->() { return ws.get(); }

    // Creates a tenant with an admin and returns the admin's session.
    Session createTenant(const QString& name, const QString& slug = {}, const QString& adminEmail = {})
    {
        NewWorkspace w;
        w.name = name;
        w.slug = slug;
        w.adminEmail = adminEmail.isEmpty() ? QStringLiteral("admin@%1.test").arg(slug.isEmpty() ? QStringLiteral("x") : slug)
                                            : adminEmail;
        w.adminPassword = kAdminPassword;
        auto t = ws->tenants().createWorkspace(w);
        if (!t)
            qFatal("createWorkspace failed: %s %s", qPrintable(t.error().codeName()), qPrintable(t.error().message));
        return signIn(t.value().slug, w.adminEmail, kAdminPassword);
    }

    Session signIn(const QString& slug, const QString& email, const QString& password)
    {
        SignInRequest req;
        req.tenantSlug = slug;
        req.email = email;
        req.password = password;
        auto s = ws->auth().signIn(req);
        if (!s)
            qFatal("signIn failed: %s", qPrintable(s.error().message));
        return s.value();
    }

    // Adds a user with one role (no password: returns a session made directly, as the
    // Authorizer reads permissions from the database on every call anyway).
    Session addUser(const Session& admin, const QString& email, const QString& role)
    {
        NewUser nu;
        nu.email = email;
        nu.roles = { role };
        auto u = ws->users().create(admin, nu);
        if (!u)
            qFatal("addUser failed: %s", qPrintable(u.error().message));
        Session s;
        s.tenantId = admin.tenantId;
        s.userId = u.value().id;
        s.email = email;
        return s;
    }

    int count(const QString& sql, const QVariantList& binds = {})
    {
        auto r = ws->db().selectOne(sql, binds);
        return r ? r.value().value(0).toInt() : -1;
    }
};

// A connection of its own to an encrypted workspace file, as someone holding the file and its
// key (or a test that tampers with it) would open it: through the VFS.
inline QSqlDatabase openEncrypted(const QString& path, const QString& name, const QByteArray& dataKey)
{
    if (!cryptvfs::ensureRegistered()) qFatal("cannot register the encrypting VFS");
    static QHash<QByteArray, QString> tokens; // registered for the life of the test process
    QString& token = tokens[dataKey];
    if (token.isEmpty()) token = cryptvfs::addKey(dataKey);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(cryptvfs::uri(path, token));
    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI"));
    db.open();
    return db;
}

// What a holder of the key finds on disk: every page of an encrypted database file or WAL opened
// as it lies (free pages too), in file order; any other file as it is.
inline QByteArray readableBytes(const QString& path, const QByteArray& dataKey = TestWorkspace::dataKey())
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    QByteArray bytes = f.readAll();
    const bool wal = path.endsWith(QLatin1String("-wal"));
    if (!wal && cryptvfs::inspect(path) != cryptvfs::FileState::Encrypted) return bytes;
    if (wal && cryptvfs::inspect(path.chopped(4)) != cryptvfs::FileState::Encrypted) return bytes;
    auto u8 = [&bytes](qsizetype at) { return reinterpret_cast<uint8_t*>(bytes.data()) + at; };
    auto be32 = [&](qsizetype at) { return (uint32_t(u8(at)[0]) << 24) | (uint32_t(u8(at)[1]) << 16) | (uint32_t(u8(at)[2]) << 8) | u8(at)[3]; };
    crypto::PageCipher cipher(cryptvfs::pageKey(dataKey));
    if (!wal) {
        const int size = (int(u8(0)[16]) << 8 | u8(0)[17]) == 1 ? 65536 : (int(u8(0)[16]) << 8 | u8(0)[17]);
        for (qsizetype at = 0; at + size <= bytes.size(); at += size) {
            const uint32_t pgno = uint32_t(at / size + 1);
            (void)cipher.open(u8(at), size, pgno == 1 ? 24 : 0, pgno);
        }
        return bytes;
    }
    if (bytes.size() < 32) return bytes;
    const int size = int(be32(8));
    for (qsizetype at = 32; at + 24 + size <= bytes.size(); at += 24 + size) {
        const uint32_t pgno = be32(at);
        (void)cipher.open(u8(at + 24), size, pgno == 1 ? 24 : 0, pgno);
    }
    return bytes;
}

} // namespace rd::test

#define RD_VERIFY_OK(expr)                                                                                             \
    do {                                                                                                               \
        const auto& rd_r_ = (expr);                                                                                    \
        if (!rd_r_.ok())                                                                                               \
            QFAIL(qPrintable(QStringLiteral("%1 failed: %2 %3").arg(QStringLiteral(#expr), rd_r_.error().codeName(),     \
                rd_r_.error().message)));                                                                              \
    } while (0)

#define RD_VERIFY_ERROR(expr, expectedCode)                                                                            \
    do {                                                                                                               \
        const auto& rd_r_ = (expr);                                                                                    \
        QVERIFY2(!rd_r_.ok(), #expr " unexpectedly succeeded");                                                       \
        QCOMPARE(rd_r_.error().codeName(), errorCodeName(expectedCode));                                               \
    } while (0)

// RFC 6238 test vectors, verification window and replay refusal.
#include "auth/totp.h"
#include "crypto/crypto.h"

#include <QTest>

using namespace rd;

class TestTotp : public QObject {
    Q_OBJECT
private slots:
    void rfc6238Vectors_data()
    {
        QTest::addColumn<qint64>("time");
        QTest::addColumn<QString>("algo");
        QTest::addColumn<QString>("expected");
        const struct {
            qint64 t;
            const char* sha1;
            const char* sha256;
            const char* sha512;
        } rows[] = {
            { 59, "94287082", "46119246", "90693936" },
            { 1111111109, "07081804", "68084774", "25091201" },
            { 1111111111, "14050471", "67062674", "99943326" },
            { 1234567890, "89005924", "91819424", "93441116" },
            { 2000000000, "69279037", "90698825", "38618901" },
            { 20000000000, "65353130", "77737706", "47863826" },
        };
        for (const auto& r : rows) {
            QTest::addRow("sha1-%lld", r.t) << r.t << "SHA-1" << r.sha1;
            QTest::addRow("sha256-%lld", r.t) << r.t << "SHA-256" << r.sha256;
            QTest::addRow("sha512-%lld", r.t) << r.t << "SHA-512" << r.sha512;
        }
    }

    void rfc6238Vectors()
    {
        QFETCH(qint64, time);
        QFETCH(QString, algo);
        QFETCH(QString, expected);
        // RFC 6238 appendix B seeds: the ASCII digits repeated to the hash's block size.
        QByteArray seed = "12345678901234567890";
        if (algo == QLatin1String("SHA-256"))
            seed = "12345678901234567890123456789012";
        else if (algo == QLatin1String("SHA-512"))
            seed = "1234567890123456789012345678901234567890123456789012345678901234";
        QCOMPARE(totp::code(seed, time, 8, 30, algo), expected);
    }

    void rfc4226HotpVectors()
    {
        const QStringList expected { "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489" };
        for (int i = 0; i < expected.size(); ++i)
            QCOMPARE(totp::hotp("12345678901234567890", quint64(i)), expected[i]);
    }

    void verifyAcceptsWindowAndRefusesReplay()
    {
        const QByteArray secret = crypto::randomBytes(20);
        const qint64 now = 1'780'000'015;
        const QString current = totp::code(secret, now);
        const QString previous = totp::code(secret, now - 30);
        const QString old = totp::code(secret, now - 90);
        const qint64 step = totp::verify(secret, current, now, 0);
        QCOMPARE(step, now / 30);
        QVERIFY(totp::verify(secret, previous, now, 0) == now / 30 - 1);
        QCOMPARE(totp::verify(secret, old, now, 0), qint64(-1));
        // The same code cannot be used twice.
        QCOMPARE(totp::verify(secret, current, now, step), qint64(-1));
        QCOMPARE(totp::verify(secret, QStringLiteral("12345"), now, 0), qint64(-1));
        QCOMPARE(totp::verify(secret, QStringLiteral("abcdef"), now, 0), qint64(-1));
    }

    void provisioningUriCarriesSecret()
    {
        const QByteArray secret = "12345678901234567890";
        const QString uri = totp::provisioningUri(QStringLiteral("RecruitDesk"), QStringLiteral("ada@example.com"), secret);
        QVERIFY(uri.startsWith(QLatin1String("otpauth://totp/")));
        QVERIFY(uri.contains(QLatin1String("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")));
    }
};

QTEST_GUILESS_MAIN(TestTotp)
#include "test_totp.moc"

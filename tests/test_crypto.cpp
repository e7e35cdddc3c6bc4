// Argon2id password hashes, AES-256-GCM known answers and tamper detection, key files.
#include "crypto/crypto.h"
#include "crypto/keystore.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace rd;

class TestCrypto : public QObject {
    Q_OBJECT
private slots:
    void selfTestPasses() { QVERIFY(crypto::selfTest().ok()); }

    void argon2idRoundTrip()
    {
        auto h = crypto::hashPassword(QStringLiteral("correct horse battery staple ✓"));
        QVERIFY(h.ok());
        QVERIFY(crypto::verifyPassword(QStringLiteral("correct horse battery staple ✓"), h.value()));
        QVERIFY(!crypto::verifyPassword(QStringLiteral("correct horse battery staple"), h.value()));
        QVERIFY(!crypto::verifyPassword(QString(), h.value()));
        // Salted: the same password hashes differently each time.
        auto h2 = crypto::hashPassword(QStringLiteral("correct horse battery staple ✓"));
        QVERIFY(h2.ok());
        QVERIFY(h.value() != h2.value());
    }

    void argon2idParameters()
    {
        auto h = crypto::hashPassword(QStringLiteral("some password"));
        QVERIFY(h.ok());
        static const QRegularExpression re(QStringLiteral("^\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([^$]+)\\$([^$]+)$"));
        const auto m = re.match(h.value());
        QVERIFY2(m.hasMatch(), qPrintable(h.value()));
        QVERIFY(m.captured(1).toInt() >= 19 * 1024); // at least 19 MiB
        QVERIFY(m.captured(2).toInt() >= 2);
        QVERIFY(m.captured(3).toInt() >= 1);
        QVERIFY(QByteArray::fromBase64(m.captured(4).toLatin1()).size() >= 16); // salt
        QVERIFY(QByteArray::fromBase64(m.captured(5).toLatin1()).size() >= 32); // tag
        // A non-Argon2id hash is never accepted.
        QVERIFY(!crypto::verifyPassword(QStringLiteral("x"), QStringLiteral("$2y$10$abcdefghijklmnopqrstuv")));
    }

    void gcmNistVectors_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("iv");
        QTest::addColumn<QByteArray>("plaintext");
        QTest::addColumn<QByteArray>("aad");
        QTest::addColumn<QByteArray>("ciphertext");
        QTest::addColumn<QByteArray>("tag");
        const QByteArray k0(32, 0);
        const QByteArray kf = QByteArray::fromHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        const QByteArray iv = QByteArray::fromHex("cafebabefacedbaddecaf888");
        // McGrew/Viega GCM specification (NIST submission), test cases 13-16 (AES-256).
        QTest::newRow("case13") << k0 << QByteArray(12, 0) << QByteArray() << QByteArray() << QByteArray()
                                << QByteArray::fromHex("530f8afbc74536b9a963b4f1c4cb738b");
        QTest::newRow("case14") << k0 << QByteArray(12, 0) << QByteArray(16, 0) << QByteArray()
                                << QByteArray::fromHex("cea7403d4d606b6e074ec5d3baf39d18")
                                << QByteArray::fromHex("d0d1c8a799996bf0265b98b5d48ab919");
        QTest::newRow("case15")
            << kf << iv
            << QByteArray::fromHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                                   "b16aedf5aa0de657ba637b391aafd255")
            << QByteArray()
            << QByteArray::fromHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
                                   "c5f61e6393ba7a0abcc9f662898015ad")
            << QByteArray::fromHex("b094dac5d93471bdec1a502270e3cc6c");
        QTest::newRow("case16")
            << kf << iv
            << QByteArray::fromHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                                   "b16aedf5aa0de657ba637b39")
            << QByteArray::fromHex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
            << QByteArray::fromHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
                                   "c5f61e6393ba7a0abcc9f662")
            << QByteArray::fromHex("76fc6ece0f4e1768cddf8853bb2d551b");
    }

    void gcmNistVectors()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, iv);
        QFETCH(QByteArray, plaintext);
        QFETCH(QByteArray, aad);
        QFETCH(QByteArray, ciphertext);
        QFETCH(QByteArray, tag);
        auto enc = crypto::gcmEncrypt(key, iv, plaintext, aad);
        QVERIFY(enc.ok());
        QCOMPARE(enc.value().toHex(), (ciphertext + tag).toHex());
        auto dec = crypto::gcmDecrypt(key, iv, ciphertext + tag, aad);
        QVERIFY(dec.ok());
        QCOMPARE(dec.value(), plaintext);
    }

    void gcmTamperDetection_data()
    {
        QTest::addColumn<QString>("what");
        QTest::newRow("nonce") << "nonce";
        QTest::newRow("ciphertext") << "ciphertext";
        QTest::newRow("tag") << "tag";
        QTest::newRow("aad") << "aad";
        QTest::newRow("key") << "key";
        QTest::newRow("truncated") << "truncated";
    }

    void gcmTamperDetection()
    {
        QFETCH(QString, what);
        const QByteArray key = crypto::randomBytes(32);
        auto sealed = crypto::seal(key, "TOTP secret 123", "totp:user-1");
        QVERIFY(sealed.ok());
        QByteArray s = sealed.value();
        QByteArray k = key;
        QByteArray ad = "totp:user-1";
        if (what == QLatin1String("nonce"))
            s[0] = char(s[0] ^ 0x01);
        else if (what == QLatin1String("ciphertext"))
            s[14] = char(s[14] ^ 0x80);
        else if (what == QLatin1String("tag"))
            s[s.size() - 1] = char(s[s.size() - 1] ^ 0x01);
        else if (what == QLatin1String("aad"))
            ad = "totp:user-2";
        else if (what == QLatin1String("key"))
            k[5] = char(k[5] ^ 0x10);
        else if (what == QLatin1String("truncated"))
            s.chop(1);
        auto opened = crypto::open(k, s, ad);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::CryptoError);
        // The untouched original still opens.
        auto good = crypto::open(key, sealed.value(), "totp:user-1");
        QVERIFY(good.ok());
        QCOMPARE(good.value(), QByteArray("TOTP secret 123"));
    }

    void sealUsesFreshNonces()
    {
        const QByteArray key = crypto::randomBytes(32);
        auto a = crypto::seal(key, "same", {});
        auto b = crypto::seal(key, "same", {});
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a.value() != b.value());
        QCOMPARE(a.value().size(), 12 + 4 + 16);
    }

    // RFC 8032 section 7.1, tests 1 and 2.
    void ed25519Rfc8032_data()
    {
        QTest::addColumn<QByteArray>("seed");
        QTest::addColumn<QByteArray>("publicKey");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("signature");
        QTest::newRow("test 1") << QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                                << QByteArray::fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a") << QByteArray()
                                << QByteArray::fromHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b4"
                                                       "6bd25bf5f0595bbe24655141438e7a100b");
        QTest::newRow("test 2") << QByteArray::fromHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
                                << QByteArray::fromHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c") << QByteArray::fromHex("72")
                                << QByteArray::fromHex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d"
                                                       "8c387b2eaeb4302aeeb00d291612bb0c00");
    }
    void ed25519Rfc8032()
    {
        QFETCH(QByteArray, seed);
        QFETCH(QByteArray, publicKey);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, signature);
        QCOMPARE(crypto::ed25519PublicKey(seed).value(), publicKey);
        QCOMPARE(crypto::ed25519Sign(seed, message).value(), signature);
        QVERIFY(crypto::ed25519Verify(publicKey, message, signature));
        QByteArray tampered = message + "x";
        QVERIFY(!crypto::ed25519Verify(publicKey, tampered, signature));
        QByteArray badSig = signature;
        badSig[10] = char(badSig[10] ^ 1);
        QVERIFY(!crypto::ed25519Verify(publicKey, message, badSig));
        auto pair = crypto::ed25519Generate();
        QVERIFY(pair.ok());
        QVERIFY(crypto::ed25519Verify(pair.value().publicKey, message, crypto::ed25519Sign(pair.value().seed, message).value()));
        QVERIFY(!crypto::ed25519Verify(pair.value().publicKey, message, signature));
    }

    void base32Rfc4648_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("encoded");
        QTest::newRow("f") << QByteArray("f") << "MY";
        QTest::newRow("fo") << QByteArray("fo") << "MZXQ";
        QTest::newRow("foo") << QByteArray("foo") << "MZXW6";
        QTest::newRow("foob") << QByteArray("foob") << "MZXW6YQ";
        QTest::newRow("fooba") << QByteArray("fooba") << "MZXW6YTB";
        QTest::newRow("foobar") << QByteArray("foobar") << "MZXW6YTBOI";
    }

    void base32Rfc4648()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, encoded);
        QCOMPARE(crypto::base32Encode(raw), encoded);
        QCOMPARE(crypto::base32Decode(encoded.toLower()), raw);
    }

    void keyFileRoundTripAndWrongPassphrase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("k.key"));
        crypto::PassphraseKeyFile file(path, "right passphrase");
        auto missing = file.load();
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        auto created = crypto::SecretBox::loadOrCreate(file);
        QVERIFY(created.ok());
        QCOMPARE(created.value().size(), 32);
        QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                                                | QFileDevice::WriteOther),
            QFileDevice::Permissions());
        auto again = crypto::SecretBox::loadOrCreate(file);
        QVERIFY(again.ok());
        QCOMPARE(again.value(), created.value());
        QVERIFY(!QFile(path).readAll().contains(created.value().toBase64()));

        crypto::PassphraseKeyFile wrong(path, "wrong passphrase");
        auto w = wrong.load();
        QVERIFY(!w.ok());
        QCOMPARE(w.error().code, ErrorCode::CryptoError);

        crypto::SecretBox box([&] { return crypto::SecretBox::loadOrCreate(file); });
        auto s = box.seal("secret", "ad");
        QVERIFY(s.ok());
        auto o = box.open(s.value(), "ad");
        QVERIFY(o.ok());
        QCOMPARE(o.value(), QByteArray("secret"));
    }
};

QTEST_GUILESS_MAIN(TestCrypto)
#include "test_crypto.moc"

// The server's email: MIME built by us and read back by Python's email parser, sent over real
// SMTP to a local aiosmtpd sink (tests/smtpsink.py): plain, STARTTLS and implicit TLS with a
// certificate made here, AUTH PLAIN and LOGIN, refusals and deferrals with their codes, and a
// server that does not answer after the message ("outcome unknown").
#include "server/mail.h"
#include "smtpsink.h"
#include "testutil.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <botan/auto_rng.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/pkcs8.h>
#include <botan/x509self.h>

using namespace rd;
using namespace rd::server;

namespace {

MailMessage sample()
{
    MailMessage m;
    m.from = QStringLiteral("agency@acme.test");
    m.fromName = QStringLiteral("Acme Talent (Zoë)");
    m.to = { QStringLiteral("ada@example.org") };
    m.subject = QStringLiteral(
        "#scoreagents# EXT-1 — Bewerbung für Ingenieur:in / 工程师, a long subject that needs folding");
    m.text = QStringLiteral(
        "Hello Ada,\n.a line starting with a dot\nUmlaute: äöü ß — and a very long line that goes on and "
        "on well past seventy-six characters so that it must be soft-wrapped by the encoder.\n");
    m.html = QStringLiteral("<p>Hello <b>Ada</b> — ä</p>");
    m.headers << qMakePair(QByteArray("List-Unsubscribe"), QStringLiteral("<https://sync.acme.test/unsubscribe/abc>"));
    return m;
}
} // namespace

class TestMail : public QObject {
    Q_OBJECT

    QTemporaryDir certs;
    QString certFile, keyFile;

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(QStringLiteral("/usr/bin/python3")), "python3 (Debian) is needed for the SMTP sink");
        // A certificate for 127.0.0.1, made with Botan; the client is told to trust it.
        Botan::AutoSeeded_RNG rng;
        Botan::ECDSA_PrivateKey key(rng, Botan::EC_Group("secp256r1"));
        Botan::X509_Cert_Options opts("127.0.0.1/DE/RecruitDesk tests/SMTP");
        opts.ip = "127.0.0.1";
        opts.dns = "localhost";
        const Botan::X509_Certificate cert = Botan::X509::create_self_signed_cert(opts, key, "SHA-256", rng);
        certFile = certs.filePath(QStringLiteral("cert.pem"));
        keyFile = certs.filePath(QStringLiteral("key.pem"));
        QFile c(certFile), k(keyFile);
        QVERIFY(c.open(QIODevice::WriteOnly) && k.open(QIODevice::WriteOnly));
        c.write(QByteArray::fromStdString(cert.PEM_encode()));
        k.write(QByteArray::fromStdString(Botan::PKCS8::PEM_encode(key)));
    }

    void mimeEncodings()
    {
        QCOMPARE(mime::encodeHeader(QStringLiteral("Plain subject")), QByteArray("Plain subject"));
        const QByteArray enc = mime::encodeHeader(QString(40, QChar(0x00e4)));
        QVERIFY(enc.startsWith("=?UTF-8?B?"));
        QVERIFY(enc.contains("\r\n ")); // 80 bytes of UTF-8: two words
        for (const QByteArray& line : enc.split('\n'))
            QVERIFY(line.trimmed().size() <= 75);
        const QByteArray qp = mime::quotedPrintable(QByteArray("a=b \r\n.dot\r\nend ") + QByteArray(100, 'x'));
        QVERIFY2(qp.startsWith("a=3Db=20\r\n=2Edot\r\n"), qp.constData()); // a space at a line end is encoded
        for (const QByteArray& line : qp.split('\n'))
            QVERIFY(line.size() <= 77);
    }

    void plainWithAttachment()
    {
        test::SmtpSink sink;
        QVERIFY(sink.start({}));
        SmtpSettings s;
        s.host = QStringLiteral("127.0.0.1");
        s.port = sink.port;
        s.tls = QStringLiteral("none");
        MailMessage m = sample();
        MailAttachment pdf;
        pdf.fileName = QStringLiteral("Lebenslauf Zoë.pdf");
        pdf.mimeType = QStringLiteral("application/pdf");
        for (int i = 0; i < 5000; ++i)
            pdf.data += char(i * 7 % 256);
        m.attachments << pdf;
        auto r = SmtpClient(s).send(m);
        RD_VERIFY_OK(r);
        QCOMPARE(r.value().code, 250);
        QVERIFY(r.value().text.contains(QLatin1String("sink-1")));
        const QJsonObject got = sink.received(1);
        QCOMPARE(got.value(QStringLiteral("defects")).toArray().size(), 0);
        QCOMPARE(got.value(QStringLiteral("subject")).toString(), m.subject);
        QCOMPARE(
            got.value(QStringLiteral("from")).toString(), QStringLiteral("\"Acme Talent (Zoë)\" <agency@acme.test>"));
        QCOMPARE(got.value(QStringLiteral("mail_from")).toString(), m.from);
        QCOMPARE(got.value(QStringLiteral("rcpt_tos")).toArray().first().toString(), m.to.first());
        QCOMPARE(got.value(QStringLiteral("list_unsubscribe")).toString(),
            QStringLiteral("<https://sync.acme.test/unsubscribe/abc>"));
        QCOMPARE(got.value(QStringLiteral("content_type")).toString(), QStringLiteral("multipart/mixed"));
        const QJsonArray parts = got.value(QStringLiteral("parts")).toArray();
        QCOMPARE(parts.size(), 3);
        QCOMPARE(parts[0].toObject().value(QStringLiteral("content_type")).toString(), QStringLiteral("text/plain"));
        QCOMPARE(
            parts[0].toObject().value(QStringLiteral("text")).toString(), m.text); // dots, umlauts, long lines intact
        QCOMPARE(parts[1].toObject().value(QStringLiteral("content_type")).toString(), QStringLiteral("text/html"));
        QCOMPARE(parts[1].toObject().value(QStringLiteral("text")).toString(), m.html);
        QCOMPARE(parts[2].toObject().value(QStringLiteral("filename")).toString(), pdf.fileName);
        QCOMPARE(
            parts[2].toObject().value(QStringLiteral("content_type")).toString(), QStringLiteral("application/pdf"));
        QCOMPARE(parts[2].toObject().value(QStringLiteral("sha256")).toString(),
            QString::fromLatin1(QCryptographicHash::hash(pdf.data, QCryptographicHash::Sha256).toHex()));
        QVERIFY(!got.value(QStringLiteral("tls")).toBool());
    }

    void tlsAndSignIn_data()
    {
        QTest::addColumn<QString>("tls");
        QTest::newRow("starttls") << QStringLiteral("starttls");
        QTest::newRow("implicit") << QStringLiteral("implicit");
    }
    void tlsAndSignIn()
    {
        QFETCH(QString, tls);
        test::SmtpSink sink;
        QVERIFY(sink.start({ QStringLiteral("--tls"), tls, QStringLiteral("--cert"), certFile, QStringLiteral("--key"),
            keyFile, QStringLiteral("--user"), QStringLiteral("mailer"), QStringLiteral("--password"),
            QStringLiteral("s3cret-ä") }));
        SmtpSettings s;
        s.host = QStringLiteral("127.0.0.1");
        s.port = sink.port;
        s.tls = tls;
        s.user = QStringLiteral("mailer");
        s.password = QStringLiteral("s3cret-ä");
        s.timeoutMs = 10000;
        // The certificate is not trusted yet: refused before anything is said.
        auto untrusted = SmtpClient(s).send(sample());
        QVERIFY(!untrusted.ok());
        QCOMPARE(untrusted.error().code, ErrorCode::CryptoError);
        QCOMPARE(untrusted.error().details.value(QStringLiteral("transient")).toBool(), false);
        QCOMPARE(sink.count(), 0);
        s.caFile = certFile;
        RD_VERIFY_OK(SmtpClient(s).send(sample()));
        QCOMPARE(sink.received(1).value(QStringLiteral("tls")).toBool(), true);
        QCOMPARE(sink.received(1).value(QStringLiteral("authenticated")).toBool(), true);
        // A wrong password: auth_failed, not retried as if the server were away.
        s.password = QStringLiteral("wrong");
        auto denied = SmtpClient(s).send(sample());
        QVERIFY2(denied.error().code == ErrorCode::AuthFailed, qPrintable(denied.error().message));
        QCOMPARE(denied.error().details.value(QStringLiteral("smtp_code")).toInt(), 535);
        QCOMPARE(sink.count(), 1);
    }

    // Internationalised addresses: a domain goes as punycode to any server; a mailbox name that
    // is not ASCII only to a server that offers SMTPUTF8, else the message is refused for good.
    void internationalAddresses()
    {
        test::SmtpSink ascii;
        QVERIFY(ascii.start());
        SmtpSettings s;
        s.host = QStringLiteral("127.0.0.1");
        s.port = ascii.port;
        s.tls = QStringLiteral("none");
        s.timeoutMs = 10000;
        MailMessage m = sample();
        m.to = { QString::fromUtf8("joerg@bücher.example") };
        RD_VERIFY_OK(SmtpClient(s).send(m));
        QCOMPARE(ascii.received(1).value(QStringLiteral("rcpt_tos")).toArray(), QJsonArray { QStringLiteral("joerg@xn--bcher-kva.example") });
        m.to = { QString::fromUtf8("jörg@bücher.example") };
        auto refused = SmtpClient(s).send(m);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().details.value(QStringLiteral("transient")).toBool(), false);
        QCOMPARE(refused.error().details.value(QStringLiteral("phase")).toString(), QStringLiteral("rcpt"));
        QCOMPARE(ascii.count(), 1);

        test::SmtpSink utf8;
        QVERIFY(utf8.start({ QStringLiteral("--smtputf8") }));
        s.port = utf8.port;
        RD_VERIFY_OK(SmtpClient(s).send(m));
        const QJsonObject got = utf8.received(1);
        QCOMPARE(got.value(QStringLiteral("rcpt_tos")).toArray(), QJsonArray { QString::fromUtf8("jörg@xn--bcher-kva.example") });
        QVERIFY(got.value(QStringLiteral("mail_options")).toArray().contains(QStringLiteral("SMTPUTF8")));
        QCOMPARE(got.value(QStringLiteral("to")).toString(), QString::fromUtf8("jörg@xn--bcher-kva.example"));
    }

    // A man in the middle answers STARTTLS with a second line in the same packet: the client
    // drops the connection before any TLS handshake, and sends nothing more.
    void injectedAnswersAfterStartTlsAreRefused()
    {
        test::SmtpSink fake;
        QVERIFY(fake.start({ QStringLiteral("--inject-after-starttls") }));
        SmtpSettings s;
        s.host = QStringLiteral("127.0.0.1");
        s.port = fake.port;
        s.tls = QStringLiteral("starttls");
        s.caFile = certFile;
        s.timeoutMs = 10000;
        auto sent = SmtpClient(s).send(sample());
        QVERIFY(!sent.ok());
        QCOMPARE(sent.error().details.value(QStringLiteral("phase")).toString(), QStringLiteral("starttls"));
        QVERIFY2(sent.error().message.contains(QLatin1String("injecting")), qPrintable(sent.error().message));
        QTRY_COMPARE_WITH_TIMEOUT(fake.count(), 1, 10000); // the connection ended
        QCOMPARE(fake.received(1).value(QStringLiteral("after")).toString(), QString()); // no ClientHello
    }

    void loginMechanismAndPlainRefusal()
    {
        // A server that offers only AUTH LOGIN.
        test::SmtpSink login;
        QVERIFY(login.start({ QStringLiteral("--user"), QStringLiteral("mailer"), QStringLiteral("--password"),
            QStringLiteral("pw"), QStringLiteral("--only-login") }));
        SmtpSettings l;
        l.host = QStringLiteral("127.0.0.1");
        l.port = login.port;
        l.tls = QStringLiteral("none");
        l.user = QStringLiteral("mailer");
        l.password = QStringLiteral("pw");
        RD_VERIFY_OK(SmtpClient(l).send(sample()));
        QCOMPARE(login.received(1).value(QStringLiteral("authenticated")).toBool(), true);
        // A server without STARTTLS is refused when it is asked for: nothing in the clear.
        test::SmtpSink plain;
        QVERIFY(plain.start({}));
        SmtpSettings s;
        s.host = QStringLiteral("127.0.0.1");
        s.port = plain.port;
        s.tls = QStringLiteral("starttls");
        auto r = SmtpClient(s).send(sample());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().details.value(QStringLiteral("phase")).toString(), QStringLiteral("starttls"));
        QCOMPARE(plain.count(), 0);
    }

    void refusalsAndDeferrals()
    {
        test::SmtpSink sink;
        QVERIFY(sink.start({}));
        SmtpSettings s;
        s.host = QStringLiteral("127.0.0.1");
        s.port = sink.port;
        s.tls = QStringLiteral("none");
        MailMessage m = sample();
        m.to = { QStringLiteral("nobody@reject.test") };
        auto rejected = SmtpClient(s).send(m);
        QCOMPARE(rejected.error().code, ErrorCode::ValidationFailed);
        QCOMPARE(rejected.error().details.value(QStringLiteral("smtp_code")).toInt(), 550);
        QCOMPARE(rejected.error().details.value(QStringLiteral("phase")).toString(), QStringLiteral("rcpt"));
        QCOMPARE(rejected.error().details.value(QStringLiteral("transient")).toBool(), false);
        m.to = { QStringLiteral("busy@later.test") };
        auto deferred = SmtpClient(s).send(m);
        QCOMPARE(deferred.error().code, ErrorCode::Unavailable);
        QCOMPARE(deferred.error().details.value(QStringLiteral("smtp_code")).toInt(), 451);
        QCOMPARE(deferred.error().details.value(QStringLiteral("transient")).toBool(), true);
        QCOMPARE(sink.count(), 0);
        // Nobody listening: transient, nothing unknown.
        s.port = 9;
        auto away = SmtpClient(s).send(sample());
        QCOMPARE(away.error().code, ErrorCode::Unavailable);
        QCOMPARE(away.error().details.value(QStringLiteral("phase")).toString(), QStringLiteral("connect"));
        QVERIFY(!away.error().details.contains(QStringLiteral("outcome_unknown")));
    }

    // One client keeps its connection for the next message (RSET between them); a refused
    // message closes it and the next one opens a new connection.
    void connectionKeptBetweenMessages()
    {
        test::SmtpSink sink;
        QVERIFY(sink.start({}));
        SmtpSettings s;
        s.host = QStringLiteral("127.0.0.1");
        s.port = sink.port;
        s.tls = QStringLiteral("none");
        SmtpClient client(s);
        MailMessage m = sample();
        RD_VERIFY_OK(client.send(m));
        m.to = { QStringLiteral("bea@example.org") };
        RD_VERIFY_OK(client.send(m));
        QCOMPARE(sink.count(), 2);
        const int port = sink.received(1).value(QStringLiteral("peer_port")).toInt();
        QVERIFY(port > 0);
        QCOMPARE(sink.received(2).value(QStringLiteral("peer_port")).toInt(), port);
        m.to = { QStringLiteral("nobody@reject.test") };
        QVERIFY(!client.send(m));
        m.to = { QStringLiteral("cy@example.org") };
        RD_VERIFY_OK(client.send(m));
        QCOMPARE(sink.count(), 3);
        QVERIFY(sink.received(3).value(QStringLiteral("peer_port")).toInt() != port);
        QCOMPARE(sink.received(3).value(QStringLiteral("rcpt_tos")).toArray().first().toString(),
            QStringLiteral("cy@example.org"));
    }

    // The server takes the message but does not answer in time: it may have been accepted.
    void noAnswerAfterTheMessage()
    {
        test::SmtpSink sink;
        QVERIFY(sink.start({ QStringLiteral("--delay-data"), QStringLiteral("5") }));
        SmtpSettings s;
        s.host = QStringLiteral("127.0.0.1");
        s.port = sink.port;
        s.tls = QStringLiteral("none");
        s.timeoutMs = 1000;
        auto r = SmtpClient(s).send(sample());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().details.value(QStringLiteral("outcome_unknown")).toBool(), true);
        QCOMPARE(r.error().details.value(QStringLiteral("phase")).toString(), QStringLiteral("message"));
        QTRY_COMPARE(sink.count(), 1); // it did arrive
    }
};

QTEST_GUILESS_MAIN(TestMail)
#include "test_mail.moc"

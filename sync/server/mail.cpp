#include "mail.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QLocale>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QUrl>
#include <QUuid>

namespace rd::server {

namespace mime {

bool printableAscii(const QString& s)
{
    for (const QChar c : s)
        if (c.unicode() < 0x20 || c.unicode() > 0x7e) return false;
    return true;
}

QString asciiDomain(const QString& address)
{
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    if (at < 0) return address;
    const QString domain = address.mid(at + 1);
    if (printableAscii(domain)) return address;
    const QByteArray ace = QUrl::toAce(domain);
    return ace.isEmpty() ? address : address.left(at + 1) + QString::fromLatin1(ace);
}

namespace {

QByteArray base64Lines(const QByteArray& data)
{
    const QByteArray b64 = data.toBase64();
    QByteArray out;
    out.reserve(b64.size() + b64.size() / 76 * 2 + 2);
    for (qsizetype i = 0; i < b64.size(); i += 76)
        out += b64.mid(i, 76) + "\r\n";
    return out;
}

// RFC 2231: filename*=UTF-8''percent-encoded, for names that are not plain ASCII.
QByteArray fileNameParameter(const QString& name)
{
    if (printableAscii(name) && !name.contains(QLatin1Char('"')) && !name.contains(QLatin1Char('\\')))
        return "filename=\"" + name.toLatin1() + "\"";
    return "filename*=UTF-8''" + name.toUtf8().toPercentEncoding();
}

QByteArray address(const QString& name, const QString& addr)
{
    if (name.isEmpty()) return addr.toUtf8();
    const bool plain
        = printableAscii(name) && !name.contains(QRegularExpression(QStringLiteral("[\"(),:;<>@\\[\\]\\\\]")));
    return (plain ? name.toLatin1() : encodeHeader(name)) + " <" + addr.toUtf8() + ">";
}

QByteArray textPart(const QByteArray& type, const QString& text)
{
    QString normalised = text;
    normalised.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    normalised.replace(QLatin1Char('\n'), QStringLiteral("\r\n"));
    return "Content-Type: " + type + "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        + quotedPrintable(normalised.toUtf8()) + "\r\n";
}

QByteArray boundary()
{
    return "=_rd_" + QUuid::createUuid().toString(QUuid::Id128).toLatin1();
}
} // namespace

QByteArray encodeHeader(const QString& value)
{
    if (printableAscii(value)) return value.toLatin1();
    // Encoded words of at most 75 characters: 45 bytes of UTF-8 each, never splitting a
    // character; folded with CRLF SPACE.
    QList<QByteArray> words;
    QByteArray chunk;
    for (qsizetype i = 0; i < value.size(); ++i) {
        QString one(value.at(i));
        if (value.at(i).isHighSurrogate() && i + 1 < value.size()) one += value.at(++i);
        const QByteArray bytes = one.toUtf8();
        if (chunk.size() + bytes.size() > 45) {
            words << chunk;
            chunk.clear();
        }
        chunk += bytes;
    }
    if (!chunk.isEmpty()) words << chunk;
    QByteArray out;
    for (const QByteArray& w : words) {
        if (!out.isEmpty()) out += "\r\n ";
        out += "=?UTF-8?B?" + w.toBase64() + "?=";
    }
    return out;
}

QByteArray quotedPrintable(const QByteArray& data)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    int lineLength = 0;
    auto put = [&](const QByteArray& piece) {
        if (lineLength + piece.size() > 75) { // soft break: "=" ends the line
            out += "=\r\n";
            lineLength = 0;
        }
        out += piece;
        lineLength += int(piece.size());
    };
    for (qsizetype i = 0; i < data.size(); ++i) {
        const auto c = static_cast<unsigned char>(data.at(i));
        if (c == '\r' && i + 1 < data.size() && data.at(i + 1) == '\n') {
            out += "\r\n";
            lineLength = 0;
            ++i;
            continue;
        }
        const bool atLineEnd = i + 1 == data.size() || data.at(i + 1) == '\r';
        // A line starting with "." is encoded too (some relays mangle it), and "From " at a
        // line start survives mbox readers that way as well.
        const bool lineStartDot = lineLength == 0 && c == '.';
        if ((c >= 33 && c <= 126 && c != '=' && !lineStartDot) || ((c == ' ' || c == '\t') && !atLineEnd))
            put(QByteArray(1, char(c)));
        else {
            const char escaped[3] = { '=', hex[c >> 4], hex[c & 15] };
            put(QByteArray(escaped, 3));
        }
    }
    return out;
}

QByteArray build(const MailMessage& m, const QDateTime& date)
{
    QByteArray head;
    auto header = [&](const QByteArray& name, const QByteArray& value) { head += name + ": " + value + "\r\n"; };
    header(
        "Date", QLocale::c().toString(date.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")).toLatin1() + " +0000");
    header("From", address(m.fromName, m.from));
    QList<QByteArray> to;
    for (const QString& t : m.to)
        to << t.toUtf8();
    header("To", to.join(", "));
    if (!m.replyTo.isEmpty()) header("Reply-To", m.replyTo.toUtf8());
    header("Subject", encodeHeader(m.subject));
    const QString domain = m.from.section(QLatin1Char('@'), 1).isEmpty() ? QStringLiteral("recruitdesk.invalid")
                                                                         : m.from.section(QLatin1Char('@'), 1);
    header("Message-ID",
        "<"
            + (m.messageId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) + QLatin1Char('@') + domain
                                     : m.messageId)
                  .toUtf8()
            + ">");
    header("MIME-Version", "1.0");
    for (const auto& [name, value] : m.headers)
        header(name, encodeHeader(value));

    QByteArray body;
    if (m.html.isEmpty()) {
        body = textPart("text/plain", m.text);
    } else {
        const QByteArray b = boundary();
        body = "Content-Type: multipart/alternative; boundary=\"" + b + "\"\r\n\r\n";
        body += "--" + b + "\r\n" + textPart("text/plain", m.text);
        body += "--" + b + "\r\n" + textPart("text/html", m.html);
        body += "--" + b + "--\r\n";
    }
    if (!m.attachments.isEmpty()) {
        const QByteArray b = boundary();
        QByteArray mixed = "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n";
        mixed += "--" + b + "\r\n" + body;
        for (const MailAttachment& a : m.attachments) {
            mixed += "--" + b + "\r\n";
            mixed += "Content-Type: " + a.mimeType.toLatin1() + "\r\n";
            mixed += "Content-Disposition: attachment; " + fileNameParameter(a.fileName) + "\r\n";
            mixed += "Content-Transfer-Encoding: base64\r\n\r\n";
            mixed += base64Lines(a.data);
        }
        mixed += "--" + b + "--\r\n";
        body = mixed;
    }
    return head + body;
}

} // namespace mime

namespace {
struct Reply {
    int code = 0;
    QStringList lines;
    QString text() const { return lines.join(QLatin1Char(' ')); }
};

Error smtpError(const QString& phase, const QString& message, int code, bool transient, bool unknown = false)
{
    ErrorCode ec = transient ? ErrorCode::Unavailable : ErrorCode::ValidationFailed;
    if (phase == QLatin1String("auth") && code == 535) ec = ErrorCode::AuthFailed;
    if (phase == QLatin1String("starttls") && code == 0 && !transient) ec = ErrorCode::CryptoError;
    QJsonObject details { { QStringLiteral("phase"), phase }, { QStringLiteral("transient"), transient } };
    if (code) details.insert(QStringLiteral("smtp_code"), code);
    if (unknown) details.insert(QStringLiteral("outcome_unknown"), true);
    return makeError(ec, message, details);
}

} // namespace

class SmtpConversation {
public:
    explicit SmtpConversation(const SmtpSettings& s)
        : m_s(s)
    {
    }

    Status connect()
    {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        if (!m_s.caFile.isEmpty()) {
            QFile f(m_s.caFile);
            if (!f.open(QIODevice::ReadOnly))
                return smtpError(QStringLiteral("connect"),
                    QStringLiteral("Cannot read the CA file %1: %2").arg(m_s.caFile, f.errorString()), 0, false);
            conf.addCaCertificates(QSslCertificate::fromData(f.readAll(), QSsl::Pem));
        }
        m_socket.setSslConfiguration(conf);
        if (m_s.tls == QLatin1String("implicit")) {
            m_socket.connectToHostEncrypted(m_s.host, quint16(m_s.port));
            if (!m_socket.waitForEncrypted(m_s.timeoutMs)) return tlsFailure(QStringLiteral("connect"));
        } else {
            m_socket.connectToHost(m_s.host, quint16(m_s.port));
            if (!m_socket.waitForConnected(m_s.timeoutMs))
                return smtpError(QStringLiteral("connect"),
                    QStringLiteral("Cannot connect to %1:%2: %3")
                        .arg(m_s.host)
                        .arg(m_s.port)
                        .arg(m_socket.errorString()),
                    0, true);
        }
        return {};
    }

    Result<Reply> read(const QString& phase, bool afterData = false)
    {
        Reply r;
        QDeadlineTimer deadline(m_s.timeoutMs);
        for (;;) {
            while (!m_socket.canReadLine()) {
                if (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0)
                    return smtpError(
                        phase, QStringLiteral("The mail server closed the connection."), 0, true, afterData);
                if (deadline.hasExpired() || !m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
                    if (!m_socket.canReadLine())
                        return smtpError(phase,
                            afterData
                                ? QStringLiteral("No answer after the message was sent: it may or may not have been "
                                                 "accepted.")
                                : QStringLiteral("The mail server did not answer in time."),
                            0, true, afterData);
            }
            const QByteArray line = m_socket.readLine().trimmed();
            if (line.size() < 3)
                return smtpError(
                    phase, QStringLiteral("The mail server's answer makes no sense."), 0, false, afterData);
            r.code = line.left(3).toInt();
            r.lines << QString::fromUtf8(line.mid(4));
            if (line.size() == 3 || line.at(3) == ' ') return r;
        }
    }

    Status write(const QByteArray& bytes, const QString& phase)
    {
        m_socket.write(bytes);
        while (m_socket.bytesToWrite() > 0)
            if (!m_socket.waitForBytesWritten(m_s.timeoutMs))
                return smtpError(phase,
                    QStringLiteral("Sending to the mail server failed: %1").arg(m_socket.errorString()), 0, true);
        return {};
    }

    // A command and its answer, which must be one of EXPECTED.
    Result<Reply> command(
        const QByteArray& line, const QString& phase, std::initializer_list<int> expected, const QString& shown = {})
    {
        RD_TRY(write(line + "\r\n", phase));
        auto r = read(phase);
        if (!r) return r.error();
        for (int e : expected)
            if (r.value().code == e) return r;
        return refused(r.value(), phase, shown.isEmpty() ? QString::fromUtf8(line) : shown);
    }

    static Error refused(const Reply& r, const QString& phase, const QString& what)
    {
        return smtpError(phase, QStringLiteral("The mail server refused %1: %2 %3").arg(what).arg(r.code).arg(r.text()),
            r.code, r.code >= 400 && r.code < 500);
    }

    QStringList caps; // what the server offered in its (last) EHLO answer

    // Bytes received and not read yet.
    qint64 buffered() const { return m_socket.bytesAvailable(); }

    Status startTls()
    {
        m_socket.startClientEncryption();
        if (!m_socket.waitForEncrypted(m_s.timeoutMs)) return tlsFailure(QStringLiteral("starttls"));
        return {};
    }

    Error tlsFailure(const QString& phase)
    {
        QStringList why;
        for (const QSslError& e : m_socket.sslHandshakeErrors())
            why << e.errorString();
        if (why.isEmpty()) why << m_socket.errorString();
        const bool certificate = !m_socket.sslHandshakeErrors().isEmpty();
        Error e = smtpError(phase,
            QStringLiteral("No secure connection to %1:%2: %3")
                .arg(m_s.host)
                .arg(m_s.port)
                .arg(why.join(QStringLiteral("; "))),
            0, !certificate);
        if (certificate) e.code = ErrorCode::CryptoError;
        return e;
    }

    void quit()
    {
        if (m_socket.state() == QAbstractSocket::ConnectedState) {
            m_socket.write("QUIT\r\n");
            m_socket.waitForBytesWritten(1000);
            m_socket.disconnectFromHost();
        }
    }

private:
    const SmtpSettings& m_s;
    QSslSocket m_socket;
};

namespace {
QStringList capabilities(const Reply& ehlo)
{
    QStringList out;
    for (qsizetype i = 1; i < ehlo.lines.size(); ++i)
        out << ehlo.lines.at(i).toUpper();
    return out;
}

// Lines that start with "." get another one (RFC 5321 4.5.2); the message ends with CRLF.CRLF.
QByteArray dotStuffed(const QByteArray& message)
{
    QByteArray out;
    out.reserve(message.size() + 64);
    bool lineStart = true;
    for (const char c : message) {
        if (lineStart && c == '.') out += '.';
        out += c;
        lineStart = c == '\n';
    }
    if (!out.endsWith("\r\n")) out += "\r\n";
    return out + ".\r\n";
}
} // namespace

SmtpClient::SmtpClient(SmtpSettings settings)
    : m_settings(std::move(settings))
{
}

SmtpClient::~SmtpClient()
{
    close();
}

void SmtpClient::close()
{
    if (m_conversation) m_conversation->quit();
    m_conversation.reset();
}

Status SmtpClient::open()
{
    const SmtpSettings& s = m_settings;
    auto c = std::make_unique<SmtpConversation>(s);
    RD_TRY(c->connect());
    auto greeting = c->read(QStringLiteral("greeting"));
    if (!greeting) return greeting.error();
    if (greeting.value().code != 220)
        return SmtpConversation::refused(
            greeting.value(), QStringLiteral("greeting"), QStringLiteral("the connection"));
    auto ehlo = c->command("EHLO " + s.heloName.toLatin1(), QStringLiteral("ehlo"), { 250 });
    if (!ehlo) return ehlo.error();
    if (s.tls == QLatin1String("starttls")) {
        if (!capabilities(ehlo.value()).contains(QStringLiteral("STARTTLS")))
            return smtpError(QStringLiteral("starttls"),
                QStringLiteral(
                    "The mail server does not offer STARTTLS (smtp.tls is starttls): nothing was sent in the clear."),
                0, false);
        if (auto r = c->command("STARTTLS", QStringLiteral("starttls"), { 220 }); !r) return r.error();
        // Anything after the 220 came in the clear and would be read as if it came through TLS
        // (a man in the middle's injected answers, CVE-2011-0411): the connection is dropped.
        if (c->buffered() > 0)
            return smtpError(QStringLiteral("starttls"),
                QStringLiteral("The mail server sent more after agreeing to STARTTLS, before the encryption began "
                               "(someone on the network may be injecting answers): nothing was sent."),
                0, false);
        RD_TRY(c->startTls());
        ehlo = c->command("EHLO " + s.heloName.toLatin1(), QStringLiteral("ehlo"), { 250 });
        if (!ehlo) return ehlo.error();
    }
    if (!s.user.isEmpty()) {
        QStringList mechanisms;
        for (const QString& cap : capabilities(ehlo.value()))
            if (cap.startsWith(QLatin1String("AUTH ")) || cap.startsWith(QLatin1String("AUTH=")))
                mechanisms << cap.mid(5).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (mechanisms.contains(QStringLiteral("PLAIN"))) {
            const QByteArray token
                = (QByteArray(1, '\0') + s.user.toUtf8() + QByteArray(1, '\0') + s.password.toUtf8()).toBase64();
            if (auto r = c->command(
                    "AUTH PLAIN " + token, QStringLiteral("auth"), { 235 }, QStringLiteral("the sign-in (AUTH PLAIN)"));
                !r)
                return r.error();
        } else if (mechanisms.contains(QStringLiteral("LOGIN"))) {
            if (auto r = c->command("AUTH LOGIN", QStringLiteral("auth"), { 334 }); !r) return r.error();
            if (auto r = c->command(
                    s.user.toUtf8().toBase64(), QStringLiteral("auth"), { 334 }, QStringLiteral("the user name"));
                !r)
                return r.error();
            if (auto r = c->command(s.password.toUtf8().toBase64(), QStringLiteral("auth"), { 235 },
                    QStringLiteral("the sign-in (AUTH LOGIN)"));
                !r)
                return r.error();
        } else {
            return smtpError(QStringLiteral("auth"),
                QStringLiteral("The mail server offers no sign-in this client speaks (PLAIN, LOGIN): %1.")
                    .arg(mechanisms.isEmpty() ? QStringLiteral("none") : mechanisms.join(QLatin1Char(' '))),
                0, false);
        }
    }
    c->caps = capabilities(ehlo.value());
    m_conversation = std::move(c);
    return {};
}

Result<SmtpReceipt> SmtpClient::send(const MailMessage& message)
{
    const SmtpSettings& s = m_settings;
    if (s.host.isEmpty())
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("No mail server is configured (smtp.host)."),
            { { QStringLiteral("phase"), QStringLiteral("connect") }, { QStringLiteral("transient"), false } });
    if (s.tls != QLatin1String("none") && s.tls != QLatin1String("starttls") && s.tls != QLatin1String("implicit"))
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("smtp.tls is none, starttls or implicit."),
            { { QStringLiteral("phase"), QStringLiteral("connect") }, { QStringLiteral("transient"), false } });
    if (message.to.isEmpty())
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("A message needs a recipient."),
            { { QStringLiteral("phase"), QStringLiteral("rcpt") }, { QStringLiteral("transient"), false } });
    // A connection kept from the message before starts over with RSET; one the server closed
    // meanwhile (or that fails RSET) is replaced — nothing of this message was sent yet.
    if (m_conversation && !m_conversation->command("RSET", QStringLiteral("rset"), { 250 })) m_conversation.reset();
    if (!m_conversation) RD_TRY(open());
    auto r = transaction(message);
    if (!r) close(); // the next message starts on a fresh connection
    return r;
}

Result<SmtpReceipt> SmtpClient::transaction(const MailMessage& message)
{
    SmtpConversation& c = *m_conversation;
    // Internationalised addresses: a domain goes as its ASCII (punycode) form, which every
    // server takes; a mailbox name that is not ASCII needs the server's SMTPUTF8 (RFC 6531),
    // or the message cannot be delivered there at all (a permanent refusal, nothing sent).
    MailMessage m = message;
    m.from = mime::asciiDomain(message.from);
    m.replyTo = message.replyTo.isEmpty() ? QString() : mime::asciiDomain(message.replyTo);
    for (QString& to : m.to)
        to = mime::asciiDomain(to);
    bool utf8 = !mime::printableAscii(m.from) || !mime::printableAscii(m.replyTo);
    for (const QString& to : std::as_const(m.to))
        if (!mime::printableAscii(to)) {
            utf8 = true;
            if (!c.caps.contains(QStringLiteral("SMTPUTF8")))
                return smtpError(QStringLiteral("rcpt"),
                    QStringLiteral("The mail server cannot deliver to %1: the part before the @ is not ASCII and the "
                                   "server does not offer SMTPUTF8.")
                        .arg(to),
                    0, false);
        }
    if (utf8 && !c.caps.contains(QStringLiteral("SMTPUTF8")))
        return smtpError(QStringLiteral("mail"),
            QStringLiteral("The sender or reply-to address (%1, %2) is not ASCII before the @ and the mail server does not offer "
                           "SMTPUTF8.")
                .arg(m.from, m.replyTo),
            0, false);
    const QByteArray bytes = mime::build(m, QDateTime::currentDateTimeUtc());
    // The body is 7-bit (encoded words, quoted-printable, base64); only UTF-8 addresses need SMTPUTF8.
    if (auto r = c.command("MAIL FROM:<" + m.from.toUtf8() + ">" + (utf8 ? QByteArray(" SMTPUTF8") : QByteArray()),
            QStringLiteral("mail"), { 250 });
        !r)
        return r.error();
    for (const QString& to : std::as_const(m.to))
        if (auto r = c.command("RCPT TO:<" + to.toUtf8() + ">", QStringLiteral("rcpt"), { 250, 251 },
                QStringLiteral("the recipient %1").arg(to));
            !r)
            return r.error();
    if (auto r = c.command("DATA", QStringLiteral("data"), { 354 }); !r) return r.error();
    RD_TRY(c.write(dotStuffed(bytes), QStringLiteral("message")));
    auto done = c.read(QStringLiteral("message"), true);
    if (!done) return done.error();
    if (done.value().code != 250)
        return SmtpConversation::refused(done.value(), QStringLiteral("message"), QStringLiteral("the message"));
    return SmtpReceipt { done.value().code, done.value().text() };
}

} // namespace rd::server

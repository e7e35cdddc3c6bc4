#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <memory>

namespace rd::server {

struct MailAttachment {
    QString fileName;
    QString mimeType = QStringLiteral("application/octet-stream");
    QByteArray data;
};

// One email: plain text, optionally an HTML alternative, optionally attachments.
struct MailMessage {
    QString from; // address
    QString fromName;
    QStringList to;
    QString replyTo;
    QString subject;
    QString text;
    QString html;
    QList<MailAttachment> attachments;
    QList<QPair<QByteArray, QString>> headers; // extra headers, e.g. List-Unsubscribe
    QString messageId; // without <>; made up when empty
};

namespace mime {
// Printable ASCII only (no control characters).
bool printableAscii(const QString& s);
// ADDRESS with its domain in ASCII (IDNA punycode: bücher.example -> xn--bcher-kva.example).
QString asciiDomain(const QString& address);
// The message as RFC 5322 / MIME bytes with CRLF line ends: UTF-8 headers as RFC 2047
// encoded words, text parts quoted-printable, attachments base64 (file names per RFC 2231).
QByteArray build(const MailMessage& message, const QDateTime& date);
// A header value: as it is when printable ASCII, else =?UTF-8?B?...?= words (folded).
QByteArray encodeHeader(const QString& value);
QByteArray quotedPrintable(const QByteArray& data);
} // namespace mime

// How to reach the outgoing mail server (server settings smtp.*).
struct SmtpSettings {
    QString host;
    int port = 587;
    QString tls = QStringLiteral("starttls"); // none | starttls | implicit
    QString user; // empty: no AUTH
    QString password;
    QString heloName = QStringLiteral("recruitdesk");
    QString caFile; // extra CA certificates (PEM) to trust, e.g. a company's own
    int timeoutMs = 30000;
};

// What the mail server said when it took the message.
struct SmtpReceipt {
    int code = 0;
    QString text; // e.g. "2.0.0 OK queued as 4F1A..."
};

class SmtpConversation;

// A blocking SMTP client (RFC 5321) for worker threads: STARTTLS or implicit TLS (certificates
// verified), AUTH PLAIN or LOGIN, one message per call. The connection stays open for the next
// send() (RSET between messages, a new connection when the server dropped it or a message
// failed) until close() or destruction (QUIT). Errors carry details.phase (connect, greeting,
// ehlo, starttls, auth, mail, rcpt, data, message), details.smtp_code when the server answered,
// and details.transient (worth retrying later: no connection, 4xx, a timeout). A timeout after
// the message was sent leaves it unknown whether the server took it:
// details.outcome_unknown = true (the dispatcher must not simply send it again).
class SmtpClient {
public:
    explicit SmtpClient(SmtpSettings settings);
    ~SmtpClient();
    SmtpClient(const SmtpClient&) = delete;
    SmtpClient& operator=(const SmtpClient&) = delete;
    Result<SmtpReceipt> send(const MailMessage& message);
    void close();

private:
    Status open(); // connect, greet, TLS, sign in
    Result<SmtpReceipt> transaction(const MailMessage& message); // MAIL, RCPT, DATA
    SmtpSettings m_settings;
    std::unique_ptr<SmtpConversation> m_conversation;
};

} // namespace rd::server

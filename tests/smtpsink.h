#pragma once
// Drives the Python stand-ins of the outreach tests: tests/smtpsink.py (a real SMTP server on
// Debian's python3-aiosmtpd; the email tests and bench_outreach) and tests/smsprovider.py (a
// Twilio-compatible SMS API). Needs RD_SOURCE_DIR.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace rd::test {

// A local stand-in server written in Python (tests/NAME.py): started on a free port (it prints
// "PORT n"), stopped when destroyed (it serves until its standard input closes); what it
// received lands in dir as N.json (and N.partK.bin for attachments).
struct ScriptServer {
    QProcess process;
    QTemporaryDir dir;
    quint16 port = 0;

    // False when it did not start.
    bool startScript(const QString& script, const QStringList& extra)
    {
        process.setProgram(QStringLiteral("/usr/bin/python3"));
        process.setArguments(
            QStringList { QStringLiteral(RD_SOURCE_DIR "/tests/") + script, QStringLiteral("--dir"), dir.path() }
            + extra);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start();
        if (!process.waitForStarted(10000)) return false;
        QByteArray line;
        for (int i = 0; i < 100 && !line.startsWith("PORT "); ++i) {
            process.waitForReadyRead(200);
            if (process.canReadLine()) line = process.readLine().trimmed();
        }
        port = line.mid(5).toUShort();
        return port != 0;
    }
    ~ScriptServer()
    {
        process.closeWriteChannel();
        if (!process.waitForFinished(5000)) process.kill();
        process.waitForFinished(2000);
    }
    // The n-th thing received (1-based), as the script recorded it.
    QJsonObject received(int n) const
    {
        QFile f(dir.filePath(QStringLiteral("%1.json").arg(n)));
        if (!f.open(QIODevice::ReadOnly)) return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }
    int count() const { return int(QDir(dir.path()).entryList({ QStringLiteral("*.json") }, QDir::Files).size()); }
};

// tests/smtpsink.py: a real SMTP server on Debian's python3-aiosmtpd; received(n) is the n-th
// message as Python's email parser read it.
struct SmtpSink : ScriptServer {
    // smtpsink.py options: --tls, --user, --delay-data, ...
    bool start(const QStringList& extra = {}) { return startScript(QStringLiteral("smtpsink.py"), extra); }
    // The bytes of part PART (0-based, as in received(n)["parts"]) of the n-th message, when it
    // is not text (attachments).
    QByteArray partBytes(int n, int part) const
    {
        QFile f(dir.filePath(QStringLiteral("%1.part%2.bin").arg(n).arg(part)));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
};

// tests/smsprovider.py: a Twilio-compatible SMS API (--dedup, --hold S; behaviour by the
// number's last digits, see the script); received(n) is the n-th message it accepted.
struct SmsProvider : ScriptServer {
    bool start(const QStringList& extra = {}) { return startScript(QStringLiteral("smsprovider.py"), extra); }
};

} // namespace rd::test

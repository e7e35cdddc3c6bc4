#pragma once
// Drives tests/smtpsink.py (a real SMTP server on Debian's python3-aiosmtpd) for the email
// tests and bench_outreach: started on a free port, stopped when destroyed. Needs RD_SOURCE_DIR.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace rd::test {

struct SmtpSink {
    QProcess process;
    QTemporaryDir dir; // N.eml and N.json per message received
    quint16 port = 0;

    // EXTRA: smtpsink.py options (--tls, --user, --delay-data, ...). False when it did not start.
    bool start(const QStringList& extra = {})
    {
        process.setProgram(QStringLiteral("/usr/bin/python3"));
        process.setArguments(
            QStringList { QStringLiteral(RD_SOURCE_DIR "/tests/smtpsink.py"), QStringLiteral("--dir"), dir.path() }
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
    ~SmtpSink()
    {
        process.closeWriteChannel(); // the sink serves until its stdin closes
        if (!process.waitForFinished(5000)) process.kill();
        process.waitForFinished(2000);
    }
    // The n-th message (1-based) as the sink's parser read it.
    QJsonObject received(int n) const
    {
        QFile f(dir.filePath(QStringLiteral("%1.json").arg(n)));
        if (!f.open(QIODevice::ReadOnly)) return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }
    // The bytes of part PART (0-based, as in received(n)["parts"]) of the n-th message, when it
    // is not text (attachments).
    QByteArray partBytes(int n, int part) const
    {
        QFile f(dir.filePath(QStringLiteral("%1.part%2.bin").arg(n).arg(part)));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    int count() const { return int(QDir(dir.path()).entryList({ QStringLiteral("*.json") }, QDir::Files).size()); }
};

} // namespace rd::test

// A throwaway PostgreSQL cluster for the server tests (a ctest fixture):
//   pgfixture start INFO   initdb in a new /tmp directory, start on a free loopback port,
//                          write "URL\nDIRECTORY\n" to INFO (URL: postgresql://rd@127.0.0.1:PORT/postgres)
//   pgfixture stop INFO    stop that cluster and remove its directory
// Each step is checked: start succeeds only when the server answers (pg_isready) on the
// written address; stop succeeds only when it no longer answers and its directory is gone.
// PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUrl>
#include <cstdio>
#include <unistd.h>

namespace {
QString binDir()
{
    QStringList versions = QDir(QStringLiteral("/usr/lib/postgresql")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(
        versions.begin(), versions.end(), [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& v : versions)
        if (QFile::exists(QStringLiteral("/usr/lib/postgresql/%1/bin/initdb").arg(v)))
            return QStringLiteral("/usr/lib/postgresql/%1/bin").arg(v);
    return {};
}

bool run(const QString& program, const QStringList& args, QString* output = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (::geteuid() == 0)
        p.start(QStringLiteral("runuser"),
            QStringList { QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program } + args);
    else
        p.start(program, args);
    const bool ok = p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    const QString out = QString::fromLocal8Bit(p.readAll());
    if (output) *output = out;
    if (!ok) std::fprintf(stderr, "pgfixture: %s failed:\n%s\n", qPrintable(program), qPrintable(out));
    return ok;
}
// Whether a server answers on the loopback port (pg_isready exit code 0).
bool answers(const QString& bin, quint16 port)
{
    return QProcess::execute(bin + QStringLiteral("/pg_isready"),
               { QStringLiteral("-q"), QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                   QString::number(port), QStringLiteral("-t"), QStringLiteral("10") })
        == 0;
}

int failed(const char* what)
{
    std::fprintf(stderr, "pgfixture: FAILED: %s\n", what);
    return 1;
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3 || (args[1] != QLatin1String("start") && args[1] != QLatin1String("stop"))) {
        std::fprintf(stderr, "usage: pgfixture start|stop INFO_FILE\n");
        return 2;
    }
    const QString bin = binDir();
    if (bin.isEmpty()) {
        std::fprintf(stderr,
            "pgfixture: no PostgreSQL server found under /usr/lib/postgresql (scripts/deps.sh test installs it)\n");
        return 1;
    }
    QFile info(args[2]);
    if (args[1] == QLatin1String("stop")) {
        if (!info.open(QIODevice::ReadOnly)) return 0; // nothing was started
        const QStringList lines = QString::fromUtf8(info.readAll()).split(QLatin1Char('\n'));
        info.close();
        const QString dir = lines.value(1);
        if (!dir.startsWith(QStringLiteral("/tmp/rd-pg-"))) return 1;
        const quint16 port = quint16(QUrl(lines.value(0)).port());
        if (!run(bin + QStringLiteral("/pg_ctl"),
                { QStringLiteral("-D"), dir + QStringLiteral("/data"), QStringLiteral("-m"), QStringLiteral("fast"),
                    QStringLiteral("-w"), QStringLiteral("stop") }))
            return failed("pg_ctl stop");
        if (port == 0 || answers(bin, port)) return failed("the server still answers after stop");
        if (!QDir(dir).removeRecursively() || QDir(dir).exists()) return failed("the cluster directory is still there");
        info.remove();
        return 0;
    }
    QTemporaryDir tmp(QStringLiteral("/tmp/rd-pg-XXXXXX"));
    tmp.setAutoRemove(false);
    const QString dir = tmp.path();
    if (::geteuid() == 0
        && QProcess::execute(QStringLiteral("chown"), { QStringLiteral("postgres:postgres"), dir }) != 0)
        return 1;
    if (!run(bin + QStringLiteral("/initdb"),
            { QStringLiteral("-D"), dir + QStringLiteral("/data"), QStringLiteral("-A"), QStringLiteral("trust"),
                QStringLiteral("-U"), QStringLiteral("rd"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                QStringLiteral("--locale=C"), QStringLiteral("--no-sync") }))
        return 1;
    // A free loopback port (another process may take it before PostgreSQL does: retried).
    for (int attempt = 0; attempt < 5; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) return 1;
        const quint16 port = probe.serverPort();
        probe.close();
        const QString options
            = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                             "-c full_page_writes=off -c max_connections=200")
                  .arg(port)
                  .arg(dir);
        if (run(bin + QStringLiteral("/pg_ctl"),
                { QStringLiteral("-D"), dir + QStringLiteral("/data"), QStringLiteral("-l"),
                    dir + QStringLiteral("/log"), QStringLiteral("-o"), options, QStringLiteral("-w"),
                    QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start") })) {
            if (!answers(bin, port)) {
                run(bin + QStringLiteral("/pg_ctl"),
                    { QStringLiteral("-D"), dir + QStringLiteral("/data"), QStringLiteral("-m"),
                        QStringLiteral("immediate"), QStringLiteral("stop") });
                QDir(dir).removeRecursively();
                return failed("the started server does not answer on its port");
            }
            if (!info.open(QIODevice::WriteOnly | QIODevice::Truncate)) return failed("cannot write the info file");
            info.write(QStringLiteral("postgresql://rd@127.0.0.1:%1/postgres\n%2\n").arg(port).arg(dir).toUtf8());
            std::printf("PostgreSQL on 127.0.0.1:%u in %s\n", unsigned(port), qPrintable(dir));
            return 0;
        }
    }
    QDir(dir).removeRecursively();
    return 1;
}

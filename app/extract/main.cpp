// recruitdesk-extract MIME: the document's bytes on standard input, its plain text (UTF-8) on
// standard output. The readers of PDF, DOCX, RTF and HTML run here, apart from the desktop app
// and the sync server, under a memory and a CPU-time limit, so a file made to crash or hang
// them costs this process only (documents::extractText starts it and waits, with a time limit).
//   exit 0: the text; 2: the file cannot be read ("reason<TAB>message" on standard error);
//   3: usage. Killed or crashed: the caller says the file could not be read.
#include "documents/documents.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

namespace {
void limit(int resource, const char* variable, rlim_t fallback, rlim_t unit)
{
#ifdef Q_OS_UNIX
    bool ok = false;
    const int given = qEnvironmentVariableIntValue(variable, &ok);
    const rlim_t value = (ok && given > 0 ? rlim_t(given) : fallback) * unit;
    rlimit l { value, value };
    (void)setrlimit(resource, &l);
#else
    Q_UNUSED(resource) Q_UNUSED(variable) Q_UNUSED(fallback) Q_UNUSED(unit)
#endif
}
} // namespace

int main(int argc, char** argv)
{
    // The limits first, before any file is looked at.
#ifdef Q_OS_UNIX
    limit(RLIMIT_AS, "RECRUITDESK_EXTRACT_MEMORY_MB", 1024, 1024 * 1024);
    limit(RLIMIT_CPU, "RECRUITDESK_EXTRACT_CPU_SECONDS", 30, 1);
    // No core file of a reader that stopped: it would hold the candidate's CV.
    rlimit none { 0, 0 };
    (void)setrlimit(RLIMIT_CORE, &none);
#endif
    QCoreApplication app(argc, argv);
    rd::documents::silenceReaders();
    if (argc != 2) {
        std::fprintf(stderr, "usage: recruitdesk-extract MIME < FILE > TEXT\n");
        return 3;
    }
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        std::fprintf(stderr, "io\tThe document cannot be read from standard input.\n");
        return 2;
    }
    // Read in pieces (a read of the whole cap at once would reserve it first).
    constexpr qint64 kMaxInput = 256LL << 20;
    QByteArray content;
    QByteArray chunk(1 << 16, Qt::Uninitialized);
    for (qint64 n; (n = in.read(chunk.data(), chunk.size())) > 0;) {
        content.append(chunk.constData(), n);
        if (content.size() > kMaxInput) {
            std::fprintf(stderr, "too_large\tThe document is larger than 256 MB.\n");
            return 2;
        }
    }
    auto text = rd::documents::extractTextHere(content, QString::fromLatin1(argv[1]));
    if (!text) {
        const QByteArray reason = text.error().details.value(QStringLiteral("reason")).toString().toUtf8();
        std::fprintf(stderr, "%s\t%s\n", reason.isEmpty() ? "corrupt" : reason.constData(), text.error().message.toUtf8().constData());
        return 2;
    }
    const QByteArray out = text.value().toUtf8();
    if (std::fwrite(out.constData(), 1, size_t(out.size()), stdout) != size_t(out.size())) return 2;
    return std::fflush(stdout) == 0 ? 0 : 2;
}

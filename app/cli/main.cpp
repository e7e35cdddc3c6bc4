#include "cli.h"

#include <QGuiApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {
// PDF rendering (cv export, variant export) needs fonts, i.e. a QGuiApplication; those verbs
// get one on the offscreen platform so they run without a display. Everything else stays a
// plain QCoreApplication.
bool needsGui(int argc, char* argv[])
{
    bool document = false;
    bool exporting = false;
    for (int i = 1; i < argc; ++i) {
        document = document || !std::strcmp(argv[i], "cv") || !std::strcmp(argv[i], "variant");
        exporting = exporting || !std::strcmp(argv[i], "export");
    }
    return document && exporting;
}
} // namespace

int main(int argc, char* argv[])
{
    std::unique_ptr<QCoreApplication> app;
    if (needsGui(argc, argv)) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QLoggingCategory::setFilterRules(QStringLiteral("rd.*.info=false\nrd.*.debug=false"));
    QCoreApplication::setApplicationName(QStringLiteral("recruitdesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RD_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    rd::cli::Cli cli(out, err);
    const int rc = cli.run(QCoreApplication::arguments().mid(1));
    out.flush();
    err.flush();
    return rc;
}

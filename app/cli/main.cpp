#include "cli.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
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

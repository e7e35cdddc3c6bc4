#pragma once
// For the server benchmarks: a throwaway PostgreSQL cluster (tests/pgfixture, started when
// made, removed when destroyed) and fresh databases on it.
#include "server/pgdatabase.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QUuid>

namespace rd::bench {

struct Cluster {
    QTemporaryDir tmp;
    QString info;
    QString url; // the cluster's postgres database, as its superuser
    Cluster()
    {
        info = tmp.filePath(QStringLiteral("pg.info"));
        if (QProcess::execute(QCoreApplication::applicationDirPath() + QStringLiteral("/../pgfixture"),
                { QStringLiteral("start"), info })
            != 0)
            qFatal("cannot start PostgreSQL");
        QFile f(info);
        if (!f.open(QIODevice::ReadOnly)) qFatal("no cluster info");
        url = QString::fromUtf8(f.readLine()).trimmed();
    }
    ~Cluster()
    {
        QProcess::execute(
            QCoreApplication::applicationDirPath() + QStringLiteral("/../pgfixture"), { QStringLiteral("stop"), info });
    }
    // A fresh database owned by a non-superuser (row-level security applies, as in production).
    QString freshDatabase() const
    {
        server::PgDatabase admin(server::PgUrl::parse(url).value());
        const QString name = QStringLiteral("rdbench_") + QUuid::createUuid().toString(QUuid::Id128).left(10);
        (void)admin.exec(
            QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rdapp') THEN CREATE "
                           "ROLE rdapp LOGIN; END IF; END $$"));
        if (!admin.exec(QStringLiteral("CREATE DATABASE %1 OWNER rdapp").arg(name))) qFatal("cannot create database");
        QString u = url;
        return u.replace(QStringLiteral("postgresql://rd@"), QStringLiteral("postgresql://rdapp@"))
            .replace(QStringLiteral("/postgres"), QLatin1Char('/') + name);
    }
};

} // namespace rd::bench

#pragma once

#include "app/demodata.h"
#include "app/workspace.h"
#include "common/result.h"

#include <QJsonValue>
#include <QMap>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <memory>

namespace rd::cli {

// Exit codes: a contract with scripts (docs/cli.md).
enum Exit {
    Ok = 0,
    Other = 1,
    Usage = 2,
    AuthFailed = 3,
    PermissionDenied = 4,
    NotFound = 5,
    ValidationFailed = 6,
    ChainBroken = 7,
    Unavailable = 8, // the sync server could not be reached; nothing was lost, try again later
};

int exitCodeFor(ErrorCode code);

struct Args {
    QStringList positional;
    QMap<QString, QStringList> options; // --name value (repeatable); flags map to {"1"}
    bool has(const QString& name) const { return options.contains(name); }
    QString value(const QString& name, const QString& fallback = {}) const
    {
        return options.contains(name) ? options.value(name).constLast() : fallback;
    }
    QStringList values(const QString& name) const { return options.value(name); }
};

struct Command {
    QString name;        // "user add"
    QString synopsis;    // "--email E [--role R]..."
    QString description;
    QStringList valueOptions; // options taking a value
    QStringList flags;        // options without value
    bool needsUser = true;
    std::function<int(class Cli&, const Args&)> run;
    bool opensDatabase = true;
};

class Cli {
public:
    Cli(QTextStream& out, QTextStream& err);
    int run(const QStringList& arguments); // arguments without argv[0]

    // Helpers for commands.
    Workspace& workspace() { return *m_ws; }
    const Session& session() const { return m_session; }
    bool json() const { return m_json; }
    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }
    int fail(const Error& e);
    int usage(const QString& message);
    void print(const QJsonValue& json, const QString& text);
    QString secret(const char* envName, const QString& prompt, bool confirm = false);
    Result<ListQuery> listQuery(const Args& args);
    Result<User> userByEmail(const QString& email);
    Status openWorkspace();
    void closeWorkspace() { m_ws.reset(); }
    QString tenantSlug() const { return m_tenantSlug; }
    QString dbPath() const { return m_dbPath; }

private:
    void registerCommands();
    void printHelp();
    void printCommandHelp(const Command& c);
    int signIn();

    QTextStream& m_out;
    QTextStream& m_err;
    QList<Command> m_commands;
    QString m_dbPath;
    QString m_userEmail;
    QString m_tenantSlug;
    bool m_json = false;
    std::unique_ptr<Workspace> m_ws;
    Session m_session;
};

// Command groups (cliadmin.cpp, cliops.cpp).
QList<Command> adminCommands();
QList<Command> opsCommands();
QList<Command> recruitingCommands();
QList<Command> documentCommands();
QList<Command> privacyCommands();
QList<Command> collaborationCommands();
QList<Command> seedCommands();
QList<Command> syncCommands();
QList<Command> outreachCommands();

} // namespace rd::cli

// Outreach verbs: message templates, preview, queue, list, cancel (issue 7).
#include "cli.h"
#include "cliutil.h"

#include <QJsonArray>

namespace rd::cli {

namespace {
QString templateLine(const OutreachTemplate& t)
{
    return QStringLiteral("%1  %2  %3%4%5")
        .arg(t.name.leftJustified(24), t.channel.leftJustified(5),
            t.channel == QLatin1String("email") ? t.subject : t.body.left(50).simplified(),
            t.ownerId.isEmpty() ? QString() : QStringLiteral("  (yours)"),
            t.followUpTemplate.isEmpty()
                ? QString()
                : QStringLiteral("  then %1 after %2 days").arg(t.followUpTemplate).arg(t.followUpDays.value_or(0)));
}

QString renderedText(const RenderedMessage& m)
{
    QStringList lines;
    if (m.channel == QLatin1String("email")) {
        lines << QStringLiteral("Subject: %1").arg(m.subject) << QString() << m.body;
        if (!m.bodyHtml.isEmpty())
            lines << QString() << QStringLiteral("(and an HTML part of %1 characters)").arg(m.bodyHtml.size());
    } else {
        lines << m.body << QString()
              << QStringLiteral("%1 characters, %2 SMS part(s), %3")
                     .arg(m.smsCharacters)
                     .arg(m.smsSegments)
                     .arg(m.smsEncoding);
    }
    return lines.join(QLatin1Char('\n'));
}

// --body T or --body-file F; --html-file F.
Status readTemplateTexts(const Args& a, QString& body, QString& html, bool required)
{
    if (a.has(QStringLiteral("body")) && a.has(QStringLiteral("body-file")))
        return makeError(
            ErrorCode::ValidationFailed, QStringLiteral("Give the body with --body or --body-file, not both."));
    if (a.has(QStringLiteral("body"))) {
        body = a.value(QStringLiteral("body"));
    } else if (a.has(QStringLiteral("body-file"))) {
        auto bytes = readFile(a.value(QStringLiteral("body-file")));
        if (!bytes) return bytes.error();
        body = QString::fromUtf8(bytes.value());
    } else if (required) {
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("Give the body with --body-file F (or --body T)."),
            { { QStringLiteral("field"), QStringLiteral("body") } });
    }
    if (a.has(QStringLiteral("html-file"))) {
        auto bytes = readFile(a.value(QStringLiteral("html-file")));
        if (!bytes) return bytes.error();
        html = QString::fromUtf8(bytes.value());
    }
    return {};
}

int cmdTemplate(Cli& cli, const Args& a, const QString& verb)
{
    TemplateService& t = cli.workspace().templates();
    if (verb == QLatin1String("list"))
        return printList(
            cli, t.list(cli.session(), a.value(QStringLiteral("channel"))),
            [](const OutreachTemplate& x) { return x.toJson(); }, templateLine, QStringLiteral("(no templates)"));
    if (verb == QLatin1String("variables")) {
        QJsonArray arr;
        QStringList lines;
        for (const auto& [name, description] : TemplateService::variables()) {
            arr << QJsonObject { { QStringLiteral("name"), name }, { QStringLiteral("description"), description } };
            lines << QStringLiteral("{{%1}}").arg(name).leftJustified(26) + QStringLiteral("  ") + description;
        }
        cli.print(arr,
            lines.join(QLatin1Char('\n')) + QStringLiteral("\n{{name|text}} gives a fallback for an empty value."));
        return Ok;
    }
    if (verb == QLatin1String("add")) {
        if (!a.has(QStringLiteral("name")) || !a.has(QStringLiteral("channel")))
            return cli.usage(QStringLiteral("template add needs --name N and --channel email|sms"));
        NewTemplate n;
        n.name = a.value(QStringLiteral("name"));
        n.channel = a.value(QStringLiteral("channel"));
        n.subject = a.value(QStringLiteral("subject"));
        n.personal = a.has(QStringLiteral("personal"));
        if (auto st = readTemplateTexts(a, n.body, n.bodyHtml, true); !st) return cli.fail(st.error());
        if (a.has(QStringLiteral("follow-up-days"))) {
            int days = 0;
            if (int rc = intOption(cli, a, QStringLiteral("follow-up-days"), days); rc != Ok) return rc;
            n.followUpDays = days;
        }
        n.followUpTemplate = a.value(QStringLiteral("follow-up"));
        auto r = t.create(cli.session(), n);
        if (!r) return cli.fail(r.error());
        cli.print(r.value().toJson(), QStringLiteral("Saved template %1.").arg(r.value().name));
        return Ok;
    }
    if (a.positional.size() != 1) return cli.usage(QStringLiteral("template %1 needs the template's name").arg(verb));
    const QString key = a.positional[0];
    if (verb == QLatin1String("show")) {
        auto r = t.get(cli.session(), key);
        if (!r) return cli.fail(r.error());
        const OutreachTemplate& x = r.value();
        cli.print(x.toJson(),
            templateLine(x) + QStringLiteral("\n\n")
                + (x.channel == QLatin1String("email") ? QStringLiteral("Subject: %1\n\n").arg(x.subject) : QString())
                + x.body);
        return Ok;
    }
    if (verb == QLatin1String("remove")) {
        if (auto st = t.remove(cli.session(), key); !st) return cli.fail(st.error());
        cli.print(QJsonObject { { QStringLiteral("removed"), key } }, QStringLiteral("Removed template %1.").arg(key));
        return Ok;
    }
    // edit
    QJsonObject fields;
    if (a.has(QStringLiteral("name"))) fields.insert(QStringLiteral("name"), a.value(QStringLiteral("name")));
    if (a.has(QStringLiteral("subject"))) fields.insert(QStringLiteral("subject"), a.value(QStringLiteral("subject")));
    QString body, html;
    if (auto st = readTemplateTexts(a, body, html, false); !st) return cli.fail(st.error());
    if (a.has(QStringLiteral("body")) || a.has(QStringLiteral("body-file")))
        fields.insert(QStringLiteral("body"), body);
    if (a.has(QStringLiteral("html-file"))) fields.insert(QStringLiteral("body_html"), html);
    if (a.has(QStringLiteral("no-follow-up"))) {
        fields.insert(QStringLiteral("follow_up_days"), QJsonValue());
        fields.insert(QStringLiteral("follow_up_template"), QString());
    }
    if (a.has(QStringLiteral("follow-up-days"))) {
        int days = 0;
        if (int rc = intOption(cli, a, QStringLiteral("follow-up-days"), days); rc != Ok) return rc;
        fields.insert(QStringLiteral("follow_up_days"), days);
    }
    if (a.has(QStringLiteral("follow-up")))
        fields.insert(QStringLiteral("follow_up_template"), a.value(QStringLiteral("follow-up")));
    if (fields.isEmpty()) return cli.usage(QStringLiteral("template edit: nothing to change"));
    auto r = t.update(cli.session(), key, fields);
    if (!r) return cli.fail(r.error());
    cli.print(r.value().toJson(), QStringLiteral("Saved template %1.").arg(r.value().name));
    return Ok;
}

int previewOutreach(Cli& cli, const Args& a)
{
    if (!a.has(QStringLiteral("template")) || !a.has(QStringLiteral("candidate")))
        return cli.usage(QStringLiteral("outreach preview needs --template N and --candidate ID"));
    auto r = cli.workspace().templates().render(cli.session(), a.value(QStringLiteral("template")),
        a.value(QStringLiteral("candidate")), a.value(QStringLiteral("job")));
    if (!r) return cli.fail(r.error());
    cli.print(r.value().toJson(), renderedText(r.value()));
    return Ok;
}

int queueTemplate(Cli& cli, const Args& a)
{
    if (!a.has(QStringLiteral("candidate")))
        return cli.usage(QStringLiteral("outreach queue --template N needs --candidate ID"));
    for (const char* textOnly : { "channel", "subject", "text", "file", "step", "template-name" })
        if (a.has(QString::fromLatin1(textOnly)))
            return cli.usage(QStringLiteral("--%1 does not go with --template (the template says it)")
                                 .arg(QString::fromLatin1(textOnly)));
    TemplateIntent in;
    in.templateKey = a.value(QStringLiteral("template"));
    in.candidate = a.value(QStringLiteral("candidate"));
    in.job = a.value(QStringLiteral("job"));
    in.sendAt = a.value(QStringLiteral("at"));
    auto r = cli.workspace().outreach().queueTemplate(cli.session(), in);
    if (!r) return cli.fail(r.error());
    const OutreachIntent& first = r.value().first();
    QJsonArray followUps;
    QStringList lines { first.existing ? QStringLiteral("Already queued as %1 (%2).").arg(first.id, first.status)
                                       : QStringLiteral("Queued %1 to %2.").arg(first.id, first.recipient) };
    for (qsizetype i = 1; i < r.value().size(); ++i) {
        const OutreachIntent& f = r.value().at(i);
        followUps << QJsonObject { { QStringLiteral("intent_id"), f.id }, { QStringLiteral("dedup_key"), f.dedupKey },
            { QStringLiteral("status"), f.status }, { QStringLiteral("send_at"), f.sendAt },
            { QStringLiteral("template"), f.templateName } };
        lines << QStringLiteral("Follow-up %1 (%2) at %3 unless confirmed.").arg(f.id, f.templateName, f.sendAt);
    }
    const QJsonObject out { { QStringLiteral("intent_id"), first.id }, { QStringLiteral("dedup_key"), first.dedupKey },
        { QStringLiteral("status"), first.status }, { QStringLiteral("existing"), first.existing },
        { QStringLiteral("follow_ups"), followUps } };
    cli.print(out, lines.join(QLatin1Char('\n')));
    return Ok;
}

int cmdOutreach(Cli& cli, const Args& a, const QString& verb)
{
    OutreachService& o = cli.workspace().outreach();
    auto line = [](const OutreachIntent& i) {
        return QStringLiteral("%1  %2  %3  %4  %5%6")
            .arg(i.id, i.status.leftJustified(9), i.channel.leftJustified(5), i.recipient,
                i.subject.isEmpty() ? i.body.left(40).simplified() : i.subject,
                i.sendAt.isEmpty() ? QString() : QStringLiteral("  at ") + i.sendAt);
    };
    if (verb == QLatin1String("list"))
        return printList(
            cli, o.list(cli.session(), a.value(QStringLiteral("candidate"))),
            [](const OutreachIntent& i) { return i.toJson(); }, line, QStringLiteral("(no outreach messages)"));
    if (verb == QLatin1String("cancel")) {
        if (a.positional.size() != 1) return cli.usage(QStringLiteral("outreach cancel needs the message's ID"));
        auto r = o.cancel(cli.session(), a.positional[0]);
        if (!r) return cli.fail(r.error());
        cli.print(r.value().toJson(), QStringLiteral("Cancelled."));
        return Ok;
    }
    if (verb == QLatin1String("preview")) return previewOutreach(cli, a);
    if (a.has(QStringLiteral("template"))) return queueTemplate(cli, a);
    if (!a.has(QStringLiteral("candidate")) || !a.has(QStringLiteral("channel")))
        return cli.usage(
            QStringLiteral("outreach queue needs --template NAME --candidate ID [--job ID], or --candidate ID "
                           "and --channel email|sms with the text"));
    NewIntent in;
    in.candidate = a.value(QStringLiteral("candidate"));
    in.job = a.value(QStringLiteral("job"));
    in.channel = a.value(QStringLiteral("channel"));
    in.subject = a.value(QStringLiteral("subject"));
    in.sendAt = a.value(QStringLiteral("at"));
    in.templateName = a.value(QStringLiteral("template-name"));
    if (int rc = intOption(cli, a, QStringLiteral("step"), in.step); rc != Ok) return rc;
    auto body = textArg(a);
    if (!body) return cli.fail(body.error());
    in.body = body.value();
    auto r = o.queue(cli.session(), in);
    if (!r) return cli.fail(r.error());
    const QJsonObject out { { QStringLiteral("intent_id"), r.value().id },
        { QStringLiteral("dedup_key"), r.value().dedupKey }, { QStringLiteral("status"), r.value().status },
        { QStringLiteral("existing"), r.value().existing } };
    cli.print(out,
        r.value().existing ? QStringLiteral("Already queued as %1 (%2).").arg(r.value().id, r.value().status)
                           : QStringLiteral("Queued %1 to %2.").arg(r.value().id, r.value().recipient));
    return Ok;
}
} // namespace

QList<Command> outreachCommands()
{
    const QStringList templateOptions { QStringLiteral("name"), QStringLiteral("channel"), QStringLiteral("subject"),
        QStringLiteral("body"), QStringLiteral("body-file"), QStringLiteral("html-file"),
        QStringLiteral("follow-up-days"), QStringLiteral("follow-up") };
    return {
        { QStringLiteral("template add"),
            QStringLiteral(
                "--name N --channel email|sms [--subject S] (--body-file F | --body T) [--html-file F] [--personal] "
                "[--follow-up-days N --follow-up TEMPLATE]"),
            QStringLiteral(
                "Save a message template; {{variables}} are listed by `template variables`. The workspace's "
                "templates need outreach.manage; --personal makes one only yours. A follow-up is sent N days "
                "later unless the candidate confirmed."),
            templateOptions, { QStringLiteral("personal") }, true, verbOf(cmdTemplate, "add") },
        { QStringLiteral("template list"), QStringLiteral("[--channel email|sms]"),
            QStringLiteral("The workspace's templates and yours."), { QStringLiteral("channel") }, {}, true,
            verbOf(cmdTemplate, "list") },
        { QStringLiteral("template show"), QStringLiteral("NAME"), QStringLiteral("A template's texts."), {}, {}, true,
            verbOf(cmdTemplate, "show") },
        { QStringLiteral("template edit"),
            QStringLiteral(
                "NAME [--name N] [--subject S] [--body-file F | --body T] [--html-file F] [--follow-up-days N "
                "--follow-up TEMPLATE | --no-follow-up]"),
            QStringLiteral("Change a template."), templateOptions, { QStringLiteral("no-follow-up") }, true,
            verbOf(cmdTemplate, "edit") },
        { QStringLiteral("template remove"), QStringLiteral("NAME"), QStringLiteral("Delete a template."), {}, {}, true,
            verbOf(cmdTemplate, "remove") },
        { QStringLiteral("template variables"), QString(), QStringLiteral("The variables a template may use."), {}, {},
            false, verbOf(cmdTemplate, "variables"), false },
        { QStringLiteral("outreach preview"), QStringLiteral("--template N --candidate ID [--job ID]"),
            QStringLiteral(
                "The message a template makes for a candidate and job (an SMS with its length and parts); an "
                "unknown or empty variable is an error."),
            { QStringLiteral("template"), QStringLiteral("candidate"), QStringLiteral("job") }, {}, true,
            verbOf(cmdOutreach, "preview") },
        { QStringLiteral("outreach queue"),
            QStringLiteral(
                "--template N --candidate ID [--job ID] [--at ISO8601] | --candidate ID --channel email|sms [--job ID] "
                "[--subject S] (--text T | --file F) [--at ISO8601] [--step N] [--template-name N]"),
            QStringLiteral(
                "Queue a message to a candidate (sent by the sync server): a template rendered for the candidate and "
                "job (with its follow-ups), or a text. The same message again returns the first (\"existing\": "
                "true); queued on two laptops offline, it is sent once. --at takes a time with its offset "
                "(2026-12-01T09:00:00+01:00)."),
            { QStringLiteral("template"), QStringLiteral("candidate"), QStringLiteral("channel"), QStringLiteral("job"),
                QStringLiteral("subject"), QStringLiteral("text"), QStringLiteral("file"), QStringLiteral("at"),
                QStringLiteral("step"), QStringLiteral("template-name") },
            {}, true, verbOf(cmdOutreach, "queue") },
        { QStringLiteral("outreach list"), QStringLiteral("[--candidate ID]"),
            QStringLiteral("Outreach messages, oldest first."), { QStringLiteral("candidate") }, {}, true,
            verbOf(cmdOutreach, "list") },
        { QStringLiteral("outreach cancel"), QStringLiteral("ID"), QStringLiteral("Withdraw a queued message."), {}, {},
            true, verbOf(cmdOutreach, "cancel") },
    };
}

} // namespace rd::cli

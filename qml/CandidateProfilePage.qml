import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// A candidate's profile: details edited in place (saved through the core when a field is
// left), applications with their stage, a note composer and the timeline.
Page {
    id: page
    objectName: "candidateProfilePage"
    property alias candidateId: profile.candidateId
    signal back()
    signal openPipeline(string jobId)
    signal openMatches(string candidateId, string name)
    signal openDocuments(string candidateId)
    background: Rectangle { color: Theme.page }
    readonly property bool canEdit: AppController.signedIn && AppController.can("candidate", "update")

    CandidateProfile { id: profile; controller: AppController }
    InterviewsModel { id: planner; controller: AppController; days: 1 }
    ScheduleInterviewDialog {
        id: scheduleDialog
        parent: Overlay.overlay
        model: planner
        onScheduled: profile.reload()
    }
    function reload() { profile.reload() }
    readonly property var c: profile.candidate
    // Audit actions on the timeline in words (unknown ones as recorded).
    function auditLabel(action) {
        switch (action) {
        case "candidate.create": return qsTr("Profile created")
        case "candidate.update": return qsTr("Profile updated")
        case "candidate.merge": return qsTr("Duplicate merged into this profile")
        case "candidate.unmerge": return qsTr("Merge undone")
        case "candidate.gdpr_export": return qsTr("Personal data exported (GDPR)")
        case "candidate.erase": return qsTr("Personal data erased (GDPR)")
        default: return action
        }
    }

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 8
            anchors.rightMargin: 16
            ToolButton { text: "‹ " + qsTr("Candidates"); onClicked: page.back(); Accessible.name: qsTr("Back to candidates") }
            Label {
                text: profile.loaded ? ((page.c.first_name || "") + " " + (page.c.last_name || "")) : ""
                font.pixelSize: 20
                font.bold: true
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
            Button {
                objectName: "candidateDocumentsButton"
                visible: profile.loaded
                flat: true
                text: qsTr("CV && documents")
                onClicked: page.openDocuments(profile.candidateId)
            }
            Button {
                objectName: "candidateMatchesButton"
                visible: profile.loaded
                flat: true
                text: qsTr("Matching jobs")
                onClicked: page.openMatches(profile.candidateId, (page.c.first_name || "") + " " + (page.c.last_name || ""))
            }
            Label {
                visible: profile.loaded
                text: qsTr("Profile %1% complete").arg(page.c.profile_completion || 0)
                color: Theme.muted
            }
        }
    }

    Label {
        anchors.centerIn: parent
        visible: !profile.loaded
        text: qsTr("Choose a candidate from the list.")
        color: Theme.muted
    }

    // Possible duplicates: a banner above the profile, "Compare & merge…" opens the dialog.
    Rectangle {
        id: duplicateBanner
        objectName: "duplicateBanner"
        visible: profile.loaded && profile.duplicates.length > 0
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: visible ? 24 : 0
        height: visible ? dupRow.implicitHeight + 16 : 0
        radius: 6
        color: Theme.warn
        border.color: "#e6c35c"
        readonly property var first: profile.duplicates.length > 0 ? profile.duplicates[0] : ({})
        RowLayout {
            id: dupRow
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 8
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                textFormat: Text.PlainText
                text: qsTr("Possible duplicate: %1 (%2)").arg(duplicateBanner.first.name || "")
                          .arg(duplicateBanner.first.match === "email" ? qsTr("same email %1").arg(duplicateBanner.first.value)
                               : duplicateBanner.first.match === "phone" ? qsTr("same phone %1").arg(duplicateBanner.first.value)
                               : qsTr("same name"))
                      + (profile.duplicates.length > 1 ? " " + qsTr("and %n more", "", profile.duplicates.length - 1) : "")
            }
            Button {
                objectName: "compareMergeButton"
                flat: true
                text: qsTr("Compare && merge…")
                onClicked: mergeDialog.start(duplicateBanner.first.id)
            }
        }
    }
    MergeDialog {
        id: mergeDialog
        parent: Overlay.overlay
        profile: profile
    }

    RowLayout {
        visible: profile.loaded
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.top: duplicateBanner.visible ? duplicateBanner.bottom : parent.top
        anchors.margins: 24
        spacing: 16

        // Details and applications.
        ScrollView {
            id: left
            Layout.fillHeight: true
            Layout.preferredWidth: 420
            contentWidth: availableWidth
            ColumnLayout {
                width: left.availableWidth
                spacing: 16
                Pane {
                    Layout.fillWidth: true
                    Material.elevation: 1
                    GridLayout {
                        anchors.left: parent.left
                        anchors.right: parent.right
                        columns: 2
                        columnSpacing: 12
                        Repeater {
                            model: [
                                { field: "first_name", label: qsTr("First name") },
                                { field: "last_name", label: qsTr("Last name") },
                                { field: "headline", label: qsTr("Headline") },
                                { field: "location", label: qsTr("Location") },
                                { field: "source", label: qsTr("Source") },
                                { field: "skills", label: qsTr("Skills") }
                            ]
                            delegate: RowLayout {
                                required property var modelData
                                Layout.columnSpan: 2
                                Layout.fillWidth: true
                                Label { text: modelData.label; color: Theme.muted; Layout.preferredWidth: 90 }
                                TextField {
                                    objectName: "field_" + modelData.field
                                    Layout.fillWidth: true
                                    readOnly: !page.canEdit
                                    Accessible.name: modelData.label
                                    readonly property string stored: profile.loaded
                                        ? (Array.isArray(page.c[modelData.field]) ? page.c[modelData.field].join(", ") : (page.c[modelData.field] || ""))
                                        : ""
                                    text: stored
                                    onEditingFinished: if (text !== stored && !profile.updateField(modelData.field, text)) text = stored
                                }
                            }
                        }
                        Label { text: qsTr("Email"); color: Theme.muted }
                        Label { text: (page.c.emails || []).join(", "); Layout.fillWidth: true; elide: Text.ElideRight }
                        Label { text: qsTr("Phone"); color: Theme.muted }
                        Label { text: (page.c.phones_display || page.c.phones || []).join(", "); Layout.fillWidth: true; elide: Text.ElideRight }
                        Label { text: qsTr("Consent"); color: Theme.muted }
                        Label {
                            text: !profile.loaded ? "" : page.c.consent === "granted" ? qsTr("granted")
                                  : page.c.consent === "withdrawn" ? qsTr("withdrawn") : qsTr("unknown")
                        }
                    }
                }
                Pane {
                    Layout.fillWidth: true
                    Material.elevation: 1
                    ColumnLayout {
                        anchors.left: parent.left
                        anchors.right: parent.right
                        Label { text: qsTr("Applications (%1)").arg(profile.applications.length); font.bold: true; font.pixelSize: 16 }
                        Label {
                            visible: profile.applications.length === 0
                            text: qsTr("No applications yet.")
                            color: Theme.muted
                        }
                        Repeater {
                            model: profile.applications
                            delegate: ItemDelegate {
                                required property var modelData
                                Layout.fillWidth: true
                                onClicked: page.openPipeline(modelData.job_id)
                                contentItem: RowLayout {
                                    Label { text: modelData.job_title; font.bold: true; Layout.fillWidth: true; elide: Text.ElideRight }
                                    Label { text: modelData.stage + (modelData.status !== "active" ? " · " + modelData.status : ""); color: Theme.muted }
                                    ToolButton {
                                        objectName: "scheduleInterview"
                                        visible: AppController.signedIn && AppController.can("interview", "create") && modelData.status === "active"
                                        text: qsTr("Interview…")
                                        Accessible.name: qsTr("Schedule an interview for %1").arg(modelData.job_title)
                                        onClicked: scheduleDialog.openFor(modelData.id, (page.c.first_name || "") + " " + (page.c.last_name || "") + " · " + modelData.job_title)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        // Notes and the timeline.
        Pane {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Material.elevation: 1
            ColumnLayout {
                anchors.fill: parent
                spacing: 8
                Label { text: qsTr("Timeline"); font.bold: true; font.pixelSize: 16 }
                RowLayout {
                    visible: AppController.signedIn && AppController.can("candidate", "update")
                    TextField {
                        id: note
                        objectName: "noteField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("Add a note…")
                        Accessible.name: qsTr("Note")
                        onAccepted: addNote.clicked()
                    }
                    Button {
                        id: addNote
                        objectName: "addNoteButton"
                        text: qsTr("Add note")
                        enabled: note.text.trim() !== ""
                        onClicked: if (profile.addNote(note.text)) note.text = ""
                    }
                }
                ListView {
                    id: timeline
                    objectName: "timeline"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: profile.timeline
                    spacing: 4
                    ScrollBar.vertical: ScrollBar {}
                    delegate: RowLayout {
                        required property var modelData
                        width: timeline.width
                        spacing: 10
                        Rectangle {
                            Layout.alignment: Qt.AlignTop
                            Layout.topMargin: 6
                            width: 10; height: 10; radius: 5
                            color: modelData.kind === "stage_move" ? "#4f6bd8" : modelData.kind === "note" ? "#f0a020"
                                   : modelData.kind === "interview" ? "#2e9e6a" : modelData.kind === "application" ? "#8a55d0"
                                   : modelData.kind === "outreach" ? "#d0558a" : "#9aa3b5"
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 0
                            Label {
                                Layout.fillWidth: true
                                wrapMode: Text.Wrap
                                font.bold: modelData.kind !== "audit"
                                text: (modelData.kind === "stage_move" ? qsTr("Moved: %1").arg(modelData.detail) + " · " + modelData.title
                                       : modelData.kind === "application" ? qsTr("Applied for %1").arg(modelData.title)
                                       : modelData.kind === "interview" ? qsTr("Interview for %1").arg(modelData.title) + " · " + modelData.detail
                                       : modelData.kind === "note" ? modelData.detail
                                       : modelData.kind === "outreach" ? qsTr("Message: %1").arg(modelData.title) + " · " + modelData.detail
                                       : page.auditLabel(modelData.title))
                            }
                            RowLayout {
                                Label {
                                    color: Theme.muted
                                    font.pixelSize: 12
                                    text: new Date(modelData.at).toLocaleString(Qt.locale(), Locale.ShortFormat)
                                          + (modelData.by !== "" ? " · " + modelData.by : "")
                                }
                                // A merge can be undone from its audit entry.
                                Button {
                                    objectName: "undoMergeButton"
                                    visible: modelData.kind === "audit" && modelData.title === "candidate.merge" && page.canEdit
                                    flat: true
                                    padding: 0
                                    implicitHeight: 28
                                    font.pixelSize: 12
                                    text: qsTr("Undo merge")
                                    onClicked: profile.undoMerge(modelData.ref)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

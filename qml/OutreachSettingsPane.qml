import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Workspace > Outreach: where the sync server sends a candidate's CV when they confirm interest
// ("#scoreagents# EXTERNAL-ID" with the CV as PDF), and the pipeline stage their application is
// placed at. Saved in the workspace's settings; the server uses them after the next sync (a
// value its admin set with `recruitdesk-server settings set` takes precedence).
ScrollView {
    id: pane
    objectName: "outreachSettings"
    required property WorkspaceAdmin admin
    contentWidth: availableWidth

    Pane {
        width: Math.min(pane.availableWidth, 720)
        Material.elevation: 1
        GridLayout {
            anchors.left: parent.left
            anchors.right: parent.right
            columns: 2
            columnSpacing: 12
            Label { Layout.columnSpan: 2; text: qsTr("Outreach"); font.bold: true; font.pixelSize: 16 }
            Label { text: qsTr("Agency address"); color: Theme.muted }
            TextField {
                id: agencyEmail
                objectName: "agencyEmail"
                Layout.fillWidth: true
                text: pane.admin.settings.agency_email || ""
                placeholderText: qsTr("e.g. cv@agency.example")
                Accessible.name: qsTr("Agency address for confirmations")
            }
            Label { text: qsTr("Confirm stage"); color: Theme.muted }
            TextField {
                id: confirmStage
                objectName: "confirmStage"
                Layout.fillWidth: true
                text: pane.admin.settings.confirm_stage || ""
                placeholderText: qsTr("a stage name, e.g. Screening (default: the first stage)")
                Accessible.name: qsTr("Stage of a confirmed candidate's application")
            }
            Label {
                Layout.columnSpan: 2
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                color: Theme.muted
                font.pixelSize: 12
                text: qsTr("When a candidate confirms interest through the link in an outreach message, the sync server emails this address with the subject “#scoreagents# ” and the job's external id, the CV attached as PDF (the approved tailored CV for the job, else the master CV), and creates or moves the candidate's application to this stage.")
            }
            Button {
                objectName: "saveOutreachSettings"
                Layout.columnSpan: 2
                Layout.alignment: Qt.AlignRight
                highlighted: true
                text: qsTr("Save")
                onClicked: pane.admin.saveSettings({ agency_email: agencyEmail.text, confirm_stage: confirmStage.text })
            }
        }
    }
}

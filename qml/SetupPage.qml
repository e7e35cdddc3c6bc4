import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// First run: create the workspace and its first admin.
Page {
    id: page
    background: Rectangle { color: Theme.page }

    Pane {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 520)
        padding: 32
        Material.elevation: 4

        ColumnLayout {
            anchors.fill: parent
            spacing: 12

            Label {
                text: qsTr("Welcome to RecruitDesk")
                font.pixelSize: 26
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: "#555"
                text: qsTr("Create your workspace and the first administrator account. Everything stays on this computer until you set up sync.")
            }
            TextField { id: name; objectName: "workspaceName"; Layout.fillWidth: true; placeholderText: qsTr("Workspace name, e.g. Northwind Talent") }
            ComboBox {
                id: kind
                Layout.fillWidth: true
                model: [ { value: "agency", text: qsTr("Recruitment agency") },
                         { value: "employer", text: qsTr("Employer (in-house hiring)") },
                         { value: "school", text: qsTr("School or university") } ]
                textRole: "text"
                valueRole: "value"
            }
            RowLayout {
                Layout.fillWidth: true
                TextField { id: given; Layout.fillWidth: true; placeholderText: qsTr("First name") }
                TextField { id: family; Layout.fillWidth: true; placeholderText: qsTr("Last name") }
            }
            TextField { id: email; objectName: "adminEmail"; Layout.fillWidth: true; placeholderText: qsTr("Admin email"); inputMethodHints: Qt.ImhEmailCharactersOnly }
            TextField { id: password; objectName: "adminPassword"; Layout.fillWidth: true; placeholderText: qsTr("Password (at least 12 characters)"); echoMode: TextInput.Password }
            TextField { id: confirm; objectName: "adminConfirm"; Layout.fillWidth: true; placeholderText: qsTr("Repeat password"); echoMode: TextInput.Password
                onAccepted: create.clicked() }
            Button {
                id: create
                objectName: "createWorkspace"
                Layout.fillWidth: true
                highlighted: true
                enabled: !AppController.busy && name.text.length > 0 && email.text.length > 0 && password.text.length > 0
                text: AppController.busy ? qsTr("Creating…") : qsTr("Create workspace")
                onClicked: AppController.createWorkspace(name.text, kind.currentValue, email.text, given.text, family.text,
                                                         password.text, confirm.text)
            }
            BusyIndicator { Layout.alignment: Qt.AlignHCenter; running: AppController.busy; visible: running }
            Button {
                objectName: "openOtherWorkspaceFile"
                flat: true
                Layout.alignment: Qt.AlignHCenter
                text: qsTr("Open an existing workspace file…")
                onClicked: filesDialog.open()
            }
        }
    }
    WorkspaceFilesDialog { id: filesDialog; parent: Overlay.overlay }
}

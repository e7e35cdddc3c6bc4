import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// First run: create the workspace and its first admin, or join the team's workspace from its
// sync server (with the server password or an invitation's join code).
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
            TabBar {
                id: mode
                Layout.fillWidth: true
                TabButton { objectName: "createTab"; text: qsTr("Create a workspace") }
                TabButton { objectName: "joinTab"; text: qsTr("Join from a sync server") }
            }
            StackLayout {
                Layout.fillWidth: true
                currentIndex: mode.currentIndex

                ColumnLayout {
                    spacing: 12
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
                }

                // A colleague's laptop: the workspace comes from the team's sync server, with the
                // server password, or with the join code of an admin's invitation and a new password.
                ColumnLayout {
                    spacing: 12
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        color: "#555"
                        text: qsTr("Join a workspace from a sync server: enter the server's address and your account. If an administrator invited you, enter the join code from the invitation and choose your password.")
                    }
                    TextField { id: joinServer; objectName: "joinServer"; Layout.fillWidth: true; placeholderText: qsTr("Server address, e.g. https://sync.example.com"); inputMethodHints: Qt.ImhUrlCharactersOnly }
                    TextField { id: joinSlug; objectName: "joinWorkspaceName"; Layout.fillWidth: true; placeholderText: qsTr("Workspace (as in the invitation; may be left empty)") }
                    TextField { id: joinEmail; objectName: "joinEmail"; Layout.fillWidth: true; placeholderText: qsTr("Your email"); inputMethodHints: Qt.ImhEmailCharactersOnly }
                    CheckBox { id: invited; objectName: "joinInvited"; text: qsTr("I have a join code from an invitation") }
                    TextField { id: joinCode; objectName: "joinCode"; visible: invited.checked; Layout.fillWidth: true; placeholderText: qsTr("Join code, e.g. 7KQ2-M9XD-4TRB"); font.capitalization: Font.AllUppercase }
                    TextField { id: joinPassword; objectName: "joinPassword"; Layout.fillWidth: true; echoMode: TextInput.Password
                        placeholderText: invited.checked ? qsTr("Choose your password (at least 12 characters)") : qsTr("Password") }
                    TextField { id: joinConfirm; objectName: "joinConfirm"; visible: invited.checked; Layout.fillWidth: true; echoMode: TextInput.Password; placeholderText: qsTr("Repeat password") }
                    TextField { id: joinTotp; objectName: "joinTotp"; visible: !invited.checked; Layout.fillWidth: true; placeholderText: qsTr("Code from your authenticator app (if you use one)"); inputMethodHints: Qt.ImhDigitsOnly
                        onAccepted: join.clicked() }
                    Button {
                        id: join
                        objectName: "joinWorkspace"
                        Layout.fillWidth: true
                        highlighted: true
                        enabled: !AppController.busy && joinServer.text.length > 0 && joinEmail.text.length > 0 && joinPassword.text.length > 0
                                 && (!invited.checked || joinCode.text.length > 0)
                        text: AppController.busy ? qsTr("Joining…") : qsTr("Join workspace")
                        onClicked: AppController.joinWorkspace(joinServer.text, joinSlug.text, joinEmail.text, joinPassword.text,
                                                               joinTotp.text, invited.checked ? joinCode.text : "", joinConfirm.text)
                    }
                }
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

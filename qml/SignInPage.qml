import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Sign-in with email and password, then the authenticator code when MFA is on.
Page {
    id: page
    background: Rectangle { color: Theme.page }

    Connections {
        target: AppController
        function onFinished(ok) { if (!ok) password.selectAll() }
    }

    Pane {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 420)
        padding: 32
        Material.elevation: 4

        StackLayout {
            anchors.fill: parent
            currentIndex: AppController.mfaPending ? 1 : 0

            ColumnLayout {
                spacing: 12
                Label { text: qsTr("Sign in to RecruitDesk"); font.pixelSize: 24; font.bold: true }
                ComboBox {
                    id: workspace
                    objectName: "workspaceChooser"
                    Layout.fillWidth: true
                    visible: AppController.workspaces.length > 1
                    model: AppController.workspaces
                }
                TextField { id: email; objectName: "signInEmail"; Layout.fillWidth: true; placeholderText: qsTr("Email"); focus: true
                    onAccepted: password.forceActiveFocus() }
                TextField { id: password; objectName: "signInPassword"; Layout.fillWidth: true; placeholderText: qsTr("Password"); echoMode: TextInput.Password
                    onAccepted: signInButton.clicked() }
                Button {
                    id: signInButton
                    objectName: "signInButton"
                    Layout.fillWidth: true
                    highlighted: true
                    enabled: !AppController.busy && email.text.length > 0 && password.text.length > 0
                    text: AppController.busy ? qsTr("Signing in…") : qsTr("Sign in")
                    onClicked: AppController.signIn(workspace.visible ? workspace.currentText : "", email.text, password.text)
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: "#666"
                    font.pixelSize: 12
                    text: qsTr("Forgot your password? Ask an admin for a one-time reset code.")
                }
                Button {
                    objectName: "switchWorkspaceFile"
                    flat: true
                    Layout.alignment: Qt.AlignHCenter
                    text: qsTr("Another workspace file…")
                    onClicked: filesDialog.open()
                }
            }

            ColumnLayout {
                spacing: 12
                Label { text: qsTr("Two-step verification"); font.pixelSize: 24; font.bold: true }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("Enter the 6-digit code from your authenticator app, or one of your recovery codes.")
                }
                TextField { id: code; objectName: "totpCode"; Layout.fillWidth: true; placeholderText: qsTr("123456")
                    onAccepted: verify.clicked() }
                Button {
                    id: verify
                    Layout.fillWidth: true
                    highlighted: true
                    enabled: !AppController.busy && code.text.length >= 6
                    text: qsTr("Verify")
                    onClicked: AppController.submitCode(code.text)
                }
                Button { Layout.fillWidth: true; flat: true; text: qsTr("Back"); onClicked: AppController.cancelMfa() }
            }
        }
    }
    WorkspaceFilesDialog { id: filesDialog; parent: Overlay.overlay }
}

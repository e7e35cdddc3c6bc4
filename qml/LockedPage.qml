import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// The workspace cannot be used on this computer now (LockScreen, decision 0024): its offline
// period ended or the server took its key away (sign in at the server to open it again), or an
// administrator had it erased (why, and what happens next). Uses no Theme: it also shows when
// no workspace opened at all.
Page {
    id: page
    objectName: "lockedPage"

    Pane {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 520)
        padding: 32
        Material.elevation: 4

        ColumnLayout {
            anchors.fill: parent
            spacing: 12
            Label {
                objectName: "lockedTitle"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: LockScreen.title
                font.pixelSize: 22
                font.bold: true
            }
            Label {
                objectName: "lockedMessage"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: LockScreen.message
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                visible: LockScreen.erased
                opacity: 0.7
                text: qsTr("Nothing of it is left on this computer. Work that had not been sent to the sync server is gone. "
                           + "Your colleagues' copies are not affected; ask your administrator if this was a mistake.")
            }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 12
                visible: LockScreen.canUnlock
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    opacity: 0.7
                    text: qsTr("Your password for %1 opens it again. Nothing you did offline is lost.").arg(LockScreen.email)
                }
                TextField {
                    id: password
                    objectName: "unlockPassword"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Password")
                    echoMode: TextInput.Password
                    focus: true
                    onAccepted: unlockButton.clicked()
                }
                TextField {
                    id: code
                    objectName: "unlockCode"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Authenticator code (if you use one)")
                    inputMethodHints: Qt.ImhDigitsOnly
                    onAccepted: unlockButton.clicked()
                }
                Button {
                    id: unlockButton
                    objectName: "unlockButton"
                    Layout.fillWidth: true
                    highlighted: true
                    enabled: !LockScreen.busy && password.text.length > 0
                    text: LockScreen.busy ? qsTr("Signing in…") : qsTr("Sign in and open")
                    onClicked: LockScreen.unlock(password.text, code.text)
                }
                Label {
                    objectName: "unlockError"
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    visible: LockScreen.unlockError.length > 0
                    color: Material.color(Material.Red)
                    text: LockScreen.unlockError
                }
            }
            Button {
                objectName: "lockedDone"
                Layout.alignment: Qt.AlignRight
                flat: !LockScreen.erased
                text: LockScreen.erased ? qsTr("I understand") : qsTr("Quit")
                onClicked: LockScreen.erased ? LockScreen.acknowledge() : LockScreen.quit()
            }
        }
    }
}

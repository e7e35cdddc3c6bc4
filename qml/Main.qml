import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

ApplicationWindow {
    id: window
    width: 1280
    height: 720
    minimumWidth: 900
    minimumHeight: 600
    visible: true
    Material.theme: Theme.dark ? Material.Dark : Material.Light
    color: Theme.page
    title: AppController.signedIn ? qsTr("RecruitDesk — %1").arg(AppController.tenantName) : qsTr("RecruitDesk")

    header: ErrorBanner {}

    Loader {
        anchors.fill: parent
        sourceComponent: LockScreen.locked ? lockedPage
                        : AppController.needsSetup ? setupPage
                        : AppController.signedIn ? shellPage : signInPage
    }

    Component { id: setupPage; SetupPage {} }
    Component { id: signInPage; SignInPage {} }
    Component { id: shellPage; ShellPage {} }
    Component { id: lockedPage; LockedPage {} }
}

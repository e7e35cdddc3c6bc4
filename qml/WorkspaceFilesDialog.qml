import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Dialogs
import QtQuick.Layouts
import RecruitDesk

// Workspace files (profiles): the ones opened on this computer, another file, or a new one.
// Choosing one restarts the app on it.
Dialog {
    id: dialog
    objectName: "workspaceFilesDialog"
    modal: true
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 80 : 640, 640)
    title: qsTr("Workspace files")
    standardButtons: Dialog.Close

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: 8
        Label {
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            color: Theme.muted
            text: qsTr("Each workspace file is a separate workspace (for example one per agency or client) with its own key. Open now: %1").arg(AppController.databasePath)
        }
        Repeater {
            model: AppController.recentDatabases
            delegate: ItemDelegate {
                id: recentRow
                required property string modelData
                objectName: "recent_" + modelData
                Layout.fillWidth: true
                enabled: modelData !== AppController.databasePath
                onClicked: AppController.switchDatabase("file://" + modelData)
                contentItem: RowLayout {
                    Label { text: recentRow.modelData.replace(/^.*\//, ""); font.bold: true }
                    Label { text: recentRow.modelData; color: Theme.muted; elide: Text.ElideMiddle; Layout.fillWidth: true }
                    ToolButton {
                        text: "×"
                        visible: recentRow.enabled
                        Accessible.name: qsTr("Remove %1 from the list").arg(recentRow.modelData)
                        onClicked: AppController.forgetDatabase(recentRow.modelData)
                    }
                }
            }
        }
        RowLayout {
            Button { text: qsTr("Open a workspace file…"); onClicked: openFile.open() }
            Button { text: qsTr("New workspace file…"); onClicked: newFile.open() }
        }
    }
    FileDialog {
        id: openFile
        title: qsTr("Open a workspace file")
        nameFilters: [qsTr("Workspace files (*.db)"), qsTr("All files (*)")]
        onAccepted: AppController.switchDatabase(selectedFile)
    }
    FileDialog {
        id: newFile
        title: qsTr("New workspace file")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("Workspace files (*.db)")]
        defaultSuffix: "db"
        onAccepted: AppController.switchDatabase(selectedFile)
    }
}

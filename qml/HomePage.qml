import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

Page {
    background: Rectangle { color: "#f4f6fa" }
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 32
        spacing: 16
        Label {
            text: qsTr("Good to see you, %1").arg(AppController.userName)
            font.pixelSize: 26
            font.bold: true
        }
        Label {
            color: "#555"
            text: qsTr("Workspace %1 (%2) · your roles: %3").arg(AppController.tenantName).arg(AppController.tenantKind)
                      .arg(AppController.roles.join(", "))
        }
        Pane {
            Layout.fillWidth: true
            Material.elevation: 1
            ColumnLayout {
                anchors.fill: parent
                Label { text: qsTr("Working offline"); font.bold: true }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("This workspace lives in %1. Every change is recorded in the tamper-evident audit log and queued for sync.")
                              .arg(AppController.databasePath)
                }
            }
        }
        Item { Layout.fillHeight: true }
    }
}

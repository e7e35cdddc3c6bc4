import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import RecruitDesk

// Shows the current user-facing error from ErrorModel (one place for all errors).
Rectangle {
    id: banner
    visible: ErrorModel.active
    height: visible ? row.implicitHeight + 16 : 0
    color: "#fdecea"
    border.color: "#f5c2c0"

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: 8
        spacing: 12
        Label {
            text: "⚠"
            color: Theme.error
            font.pixelSize: 18
        }
        Label {
            objectName: "errorText"
            Layout.fillWidth: true
            text: ErrorModel.message
            color: "#5f2120"
            wrapMode: Text.Wrap
        }
        Label {
            text: ErrorModel.code
            color: "#8c1d18"
            font.family: "monospace"
            font.pixelSize: 12
        }
        ToolButton {
            text: "✕"
            onClicked: ErrorModel.clear()
            Accessible.name: qsTr("Dismiss error")
        }
    }
}

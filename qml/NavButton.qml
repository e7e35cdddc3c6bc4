import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ItemDelegate {
    id: button
    property bool selected: false
    // A count shown as a pill at the right (hidden at 0), e.g. unread notifications.
    property int badge: 0
    Layout.fillWidth: true
    highlighted: selected
    contentItem: RowLayout {
        Label {
            text: button.text
            color: button.selected ? "white" : "#d6dcea"
            font.bold: button.selected
            leftPadding: 8
            Layout.fillWidth: true
            elide: Text.ElideRight
        }
        Rectangle {
            visible: button.badge > 0
            radius: 9
            implicitHeight: 18
            implicitWidth: Math.max(18, badgeText.implicitWidth + 10)
            color: "#e5484d"
            Label { id: badgeText; anchors.centerIn: parent; text: button.badge > 99 ? "99+" : String(button.badge); color: "white"; font.pixelSize: 11; font.bold: true }
        }
    }
    background: Rectangle {
        radius: 6
        color: button.selected ? "#3a4a72" : button.hovered ? "#2b3858" : "transparent"
    }
}

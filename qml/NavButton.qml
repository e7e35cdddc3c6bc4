import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ItemDelegate {
    property bool selected: false
    Layout.fillWidth: true
    highlighted: selected
    contentItem: Label {
        text: parent.text
        color: parent.selected ? "white" : "#d6dcea"
        font.bold: parent.selected
        leftPadding: 8
    }
    background: Rectangle {
        radius: 6
        color: parent.selected ? "#3a4a72" : parent.hovered ? "#2b3858" : "transparent"
    }
}

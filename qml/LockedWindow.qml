import QtQuick
import QtQuick.Controls
import RecruitDesk

// The whole window when the workspace did not open (main.cpp): LockedPage alone.
ApplicationWindow {
    width: 900
    height: 600
    visible: true
    title: qsTr("RecruitDesk")
    LockedPage { anchors.fill: parent }
}

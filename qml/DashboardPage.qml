import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Dashboard: open jobs with their applications per stage, today's interviews, applications
// waiting for a first look, and recent activity. Clicking a job opens its pipeline; a
// candidate opens the profile.
Page {
    id: page
    objectName: "dashboardPage"
    signal openJob(string jobId)
    signal openCandidate(string candidateId)
    background: Rectangle { color: Theme.page }

    DashboardModel { id: dash; controller: AppController }
    readonly property int jobCount: dash.jobs.length
    function reload() { dash.reload() }
    Connections {
        target: AppController.sync
        ignoreUnknownSignals: true
        function onRoundFinished(ok) { if (ok) dash.reload() }
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: scroll.availableWidth
            spacing: 16

            Label {
                Layout.topMargin: 24
                Layout.leftMargin: 32
                text: qsTr("Good to see you, %1").arg(AppController.userName)
                font.pixelSize: 26
                font.bold: true
            }

            RowLayout {
                Layout.leftMargin: 32
                Layout.rightMargin: 32
                spacing: 16
                Repeater {
                    model: [
                        { label: qsTr("Open jobs"), value: dash.jobs.length },
                        { label: qsTr("Active applications"), value: dash.applicationsActive },
                        { label: qsTr("Waiting for review"), value: dash.waitingCount },
                        { label: qsTr("Interviews today"), value: dash.interviewsToday.length }
                    ]
                    delegate: Pane {
                        required property var modelData
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1 // four equal cards
                        Material.elevation: 1
                        Accessible.name: modelData.label + ": " + modelData.value
                        ColumnLayout {
                            Label { text: modelData.value; font.pixelSize: 30; font.bold: true; color: Theme.text }
                            Label { text: modelData.label; color: Theme.muted }
                        }
                    }
                }
            }

            RowLayout {
                Layout.leftMargin: 32
                Layout.rightMargin: 32
                Layout.bottomMargin: 24
                spacing: 16

                // Open jobs with stage counts.
                Pane {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 3
                    Layout.alignment: Qt.AlignTop
                    Material.elevation: 1
                    ColumnLayout {
                        anchors.left: parent.left
                        anchors.right: parent.right
                        spacing: 8
                        Label { text: qsTr("Open jobs"); font.bold: true; font.pixelSize: 16 }
                        Label {
                            visible: dash.jobs.length === 0
                            text: qsTr("No open jobs. Create or open one under Jobs.")
                            color: Theme.muted
                        }
                        Repeater {
                            model: dash.jobs
                            delegate: ItemDelegate {
                                required property var modelData
                                objectName: "dashboardJob"
                                Layout.fillWidth: true
                                Accessible.name: qsTr("Open the pipeline of %1").arg(modelData.title)
                                onClicked: page.openJob(modelData.id)
                                contentItem: ColumnLayout {
                                    spacing: 4
                                    RowLayout {
                                        Label { text: modelData.title; font.bold: true; Layout.fillWidth: true; elide: Text.ElideRight }
                                        Label { text: qsTr("%n active", "", modelData.total); color: Theme.muted }
                                    }
                                    Flow {
                                        Layout.fillWidth: true
                                        spacing: 6
                                        Repeater {
                                            model: modelData.stages
                                            delegate: Rectangle {
                                                required property var modelData
                                                radius: 10
                                                height: 22
                                                width: chip.implicitWidth + 16
                                                color: modelData.count > 0 ? Theme.accentSoft : Theme.chip
                                                Label {
                                                    id: chip
                                                    anchors.centerIn: parent
                                                    text: modelData.name + " " + modelData.count
                                                    font.pixelSize: 12
                                                    color: Theme.text
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 2
                    Layout.alignment: Qt.AlignTop
                    spacing: 16

                    Pane {
                        Layout.fillWidth: true
                        Material.elevation: 1
                        ColumnLayout {
                            anchors.left: parent.left
                            anchors.right: parent.right
                            Label { text: qsTr("My interviews today"); font.bold: true; font.pixelSize: 16 }
                            Label {
                                visible: dash.interviewsToday.length === 0
                                text: qsTr("Nothing planned today.")
                                color: Theme.muted
                            }
                            Repeater {
                                model: dash.interviewsToday
                                delegate: ItemDelegate {
                                    required property var modelData
                                    Layout.fillWidth: true
                                    onClicked: page.openCandidate(modelData.candidate_id)
                                    text: Qt.formatTime(new Date(modelData.starts_at), Qt.DefaultLocaleShortDate) + "  "
                                          + modelData.candidate + " · " + modelData.job
                                }
                            }
                        }
                    }

                    Pane {
                        Layout.fillWidth: true
                        Material.elevation: 1
                        ColumnLayout {
                            anchors.left: parent.left
                            anchors.right: parent.right
                            Label { text: qsTr("Waiting for review (%1)").arg(dash.waitingCount); font.bold: true; font.pixelSize: 16 }
                            Label {
                                visible: dash.waitingCount === 0
                                text: qsTr("No new applications.")
                                color: Theme.muted
                            }
                            Repeater {
                                model: dash.waiting
                                delegate: ItemDelegate {
                                    required property var modelData
                                    objectName: "waitingItem"
                                    Layout.fillWidth: true
                                    onClicked: page.openCandidate(modelData.candidate_id)
                                    contentItem: ColumnLayout {
                                        spacing: 0
                                        Label { text: modelData.candidate; font.bold: true }
                                        Label {
                                            text: qsTr("%1 · applied %2").arg(modelData.job)
                                                      .arg(new Date(modelData.applied_at).toLocaleDateString(Qt.locale(), Locale.ShortFormat))
                                            color: Theme.muted
                                            font.pixelSize: 12
                                        }
                                    }
                                }
                            }
                        }
                    }

                    Pane {
                        Layout.fillWidth: true
                        Material.elevation: 1
                        ColumnLayout {
                            anchors.left: parent.left
                            anchors.right: parent.right
                            Label { text: qsTr("Recent activity"); font.bold: true; font.pixelSize: 16 }
                            Repeater {
                                model: dash.activity
                                delegate: Label {
                                    required property var modelData
                                    Layout.fillWidth: true
                                    elide: Text.ElideRight
                                    font.pixelSize: 12
                                    text: new Date(modelData.at).toLocaleString(Qt.locale(), Locale.ShortFormat) + "  "
                                          + (modelData.user !== "" ? modelData.user + " · " : "") + modelData.action
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Matches: for a job, the best candidates; for a candidate, the job they applied for first
// and then suggestions. Every row says why (must-haves found and missing, distance, remote
// work); "Add to pipeline" applies the candidate to the job; tick candidates and "Propose…" to
// send them the job by email or SMS (ComposeDialog).
Page {
    id: page
    objectName: "matchesPage"
    signal openCandidate(string candidateId)
    signal openPipeline(string jobId)
    background: Rectangle { color: Theme.page }
    readonly property bool canApply: AppController.signedIn && AppController.can("application", "create")
    readonly property bool forJob: matches.jobId !== ""
    readonly property bool canPropose: AppController.signedIn && AppController.can("outreach", "create")
    property var selected: ({}) // candidate id -> name, for Propose…
    readonly property int selectedCount: Object.keys(selected).length
    function toggle(candidateId, name, on) {
        const s = Object.assign({}, selected)
        if (on) s[candidateId] = name
        else delete s[candidateId]
        selected = s
    }

    MatchesModel { id: matches; objectName: "matchesModel"; controller: AppController }
    JobListModel { id: openJobs; controller: AppController; status: "open" }
    function showJob(jobId) { matches.jobId = jobId; selected = {} }
    // Ticks the best N candidates that can be proposed to and opens Propose… (once the matches
    // are in; the screenshot run shows the dialog this way).
    property int proposeTopPending: 0
    function proposeTop(n) { proposeTopPending = n; proposeWhenReady() }
    function closeCompose() { compose.close() }
    function proposeWhenReady() {
        if (proposeTopPending <= 0 || matches.busy || !forJob || matches.count === 0) return
        const s = {}
        for (const r of matches.top(proposeTopPending)) s[r.candidateId] = r.title
        proposeTopPending = 0
        selected = s
        compose.openFor(matches.jobId, matches.subjectTitle, Object.keys(s), Object.keys(s).map(k => s[k]))
    }
    Connections {
        target: matches
        function onBusyChanged() { page.proposeWhenReady() }
        function onCountChanged() { page.proposeWhenReady() }
    }
    function showCandidate(candidateId) { matches.candidateId = candidateId }
    function reload() { openJobs.reload(); matches.reload() }

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 24
            anchors.rightMargin: 16
            spacing: 12
            Label { text: qsTr("Matches"); font.pixelSize: 20; font.bold: true }
            ComboBox {
                id: jobPicker
                objectName: "matchJobPicker"
                Layout.preferredWidth: 340
                Accessible.name: qsTr("Job")
                model: openJobs
                textRole: "title"
                valueRole: "jobId"
                displayText: page.forJob ? matches.subjectTitle
                                         : matches.candidateId !== "" ? qsTr("Jobs for %1").arg(matches.subjectTitle) : qsTr("Choose an open job")
                onActivated: { matches.jobId = currentValue; page.selected = {} }
            }
            BusyIndicator { running: matches.busy; visible: running; Layout.preferredHeight: 32; Layout.preferredWidth: 32 }
            Item { Layout.fillWidth: true }
            Label { text: qsTr("%n result(s)", "", matches.count); color: Theme.muted }
            Button {
                objectName: "proposeButton"
                visible: page.forJob && page.canPropose
                enabled: page.selectedCount > 0
                highlighted: true
                text: qsTr("Propose to %n…", "", page.selectedCount)
                onClicked: compose.openFor(matches.jobId, matches.subjectTitle, Object.keys(page.selected),
                                           Object.keys(page.selected).map(k => page.selected[k]))
            }
        }
    }

    Pane {
        anchors.fill: parent
        anchors.margins: 24
        Material.elevation: 1
        padding: 0
        ListView {
            id: list
            objectName: "matchList"
            anchors.fill: parent
            clip: true
            model: matches
            ScrollBar.vertical: ScrollBar {}
            Label {
                anchors.centerIn: parent
                visible: list.count === 0 && !matches.busy
                text: page.forJob || matches.candidateId !== "" ? qsTr("No matches.") : qsTr("Choose a job to see its best candidates.")
                color: Theme.muted
            }
            delegate: ItemDelegate {
                id: row
                required property int index
                required property string candidateId
                required property string jobId
                required property string title
                required property double score
                required property bool excluded
                required property string exclusion
                required property string missing
                required property bool applied
                required property string why
                width: list.width
                height: 72
                opacity: excluded ? 0.6 : 1
                Accessible.name: title + ", " + qsTr("score %1").arg(Math.round(score))
                onClicked: page.forJob ? page.openCandidate(candidateId) : page.openPipeline(jobId)
                contentItem: RowLayout {
                    spacing: 14
                    CheckBox {
                        objectName: "selectMatch"
                        visible: page.forJob && page.canPropose
                        enabled: !row.excluded
                        checked: page.selected[row.candidateId] !== undefined
                        Accessible.name: qsTr("Select %1").arg(row.title)
                        onToggled: page.toggle(row.candidateId, row.title, checked)
                    }
                    // The score as a ring of text and a bar.
                    ColumnLayout {
                        Layout.preferredWidth: 64
                        spacing: 2
                        Label { text: Math.round(row.score); font.pixelSize: 20; font.bold: true; color: row.excluded ? Theme.error : Theme.text }
                        Rectangle {
                            Layout.preferredWidth: 56
                            height: 4
                            radius: 2
                            color: Theme.line
                            Rectangle { width: parent.width * Math.min(1, row.score / 100); height: 4; radius: 2; color: "#4f6bd8" }
                        }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label { text: row.title; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                        Label {
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            font.pixelSize: 12
                            color: row.excluded ? Theme.error : "#2e7d4f"
                            text: row.excluded ? row.exclusion : row.why
                        }
                        Label {
                            visible: row.missing !== ""
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            font.pixelSize: 12
                            color: Theme.error
                            text: qsTr("missing: %1").arg(row.missing)
                        }
                    }
                    Label { visible: row.applied; text: qsTr("In pipeline"); color: Theme.muted }
                    Button {
                        objectName: "addToPipeline"
                        visible: page.canApply && !row.applied && !row.excluded
                        text: qsTr("Add to pipeline")
                        onClicked: matches.addToPipeline(row.index)
                    }
                }
            }
        }
    }

    ComposeDialog { id: compose; parent: Overlay.overlay }
}

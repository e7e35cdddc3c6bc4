import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// The job editor: details, location (offline gazetteer lookup), remote mode, must-have and
// nice-to-have skills (taxonomy autocomplete), publish / close, and the job's own pipeline.
Page {
    id: page
    objectName: "jobEditorPage"
    property alias jobId: editor.jobId
    property alias editor: editor
    signal back()
    signal openPipeline(string jobId)
    background: Rectangle { color: Theme.page }
    readonly property var j: editor.job
    readonly property bool canEdit: editor.canEdit
    property bool dirty: false
    // The coordinates the location text stands for (a chosen place, or the stored ones).
    property var latitude: null
    property var longitude: null

    JobEditor {
        id: editor
        objectName: "jobEditor"
        controller: AppController
        // A stage edit reloads the job; what is typed but not saved stays in the form.
        onChanged: if (!page.dirty) page.fillForm()
    }
    function reload() { dirty = false; editor.reload(); fillForm() }
    function startNew() { dirty = false; editor.jobId = ""; fillForm() }

    function fillForm() {
        var job = editor.job
        title.text = job.title || ""
        department.text = job.department || ""
        description.text = job.description || ""
        location.text = job.location || ""
        latitude = job.latitude === undefined ? null : job.latitude
        longitude = job.longitude === undefined ? null : job.longitude
        remote.currentIndex = Math.max(0, remote.indexOfValue(job.remote || "onsite"))
        employment.text = job.employment_type || ""
        distance.text = job.max_distance_km === undefined || job.max_distance_km === null ? "" : String(job.max_distance_km)
        mustHave.skills = job.must_have || []
        niceToHave.skills = job.nice_to_have || []
        dirty = false
    }
    function formFields() {
        return {
            title: title.text, department: department.text, description: description.text,
            location: location.text, latitude: latitude, longitude: longitude,
            remote: remote.currentValue, employment_type: employment.text,
            max_distance_km: distance.text, must_have: mustHave.skills, nice_to_have: niceToHave.skills
        }
    }
    function save() {
        if (editor.save(formFields())) {
            dirty = false
            fillForm()
        }
    }
    function statusLabel(s) {
        return s === "open" ? qsTr("Open") : s === "draft" ? qsTr("Draft") : s === "closed" ? qsTr("Closed")
             : s === "archived" ? qsTr("Archived") : ""
    }
    function kindLabel(k) {
        switch (k) {
        case "applied": return qsTr("Applied")
        case "screening": return qsTr("Screening")
        case "interview": return qsTr("Interview")
        case "offer": return qsTr("Offer")
        case "hired": return qsTr("Hired")
        case "rejected": return qsTr("Rejected")
        default: return k
        }
    }
    Shortcut { sequences: [StandardKey.Save]; enabled: page.visible && page.canEdit; onActivated: page.save() }

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 8
            anchors.rightMargin: 16
            spacing: 8
            ToolButton { text: "‹ " + qsTr("Jobs"); onClicked: page.back(); Accessible.name: qsTr("Back to jobs") }
            Label {
                text: editor.isNew ? qsTr("New job") : (page.j.title || "")
                font.pixelSize: 20
                font.bold: true
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                visible: !editor.isNew
                text: page.statusLabel(page.j.status) + (page.j.published ? " · " + qsTr("published") : "")
                color: Theme.muted
            }
            Button {
                objectName: "jobSaveButton"
                visible: page.canEdit
                enabled: page.dirty || editor.isNew
                highlighted: true
                text: editor.isNew ? qsTr("Create job") : qsTr("Save")
                onClicked: page.save()
            }
            Button {
                objectName: "jobPublishButton"
                visible: page.canEdit && !editor.isNew && !page.j.published && page.j.status !== "closed" && page.j.status !== "archived"
                flat: true
                text: qsTr("Publish")
                onClicked: editor.publish()
            }
            Button {
                visible: page.canEdit && page.j.status === "open"
                flat: true
                text: qsTr("Close job")
                onClicked: editor.setStatus("closed")
            }
            Button {
                visible: page.canEdit && page.j.status === "closed"
                flat: true
                text: qsTr("Reopen")
                onClicked: editor.setStatus("open")
            }
            Button {
                visible: !editor.isNew
                flat: true
                text: qsTr("Pipeline")
                onClicked: page.openPipeline(editor.jobId)
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 24
        spacing: 16

        ScrollView {
            id: formScroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            Pane {
                width: formScroll.availableWidth
                Material.elevation: 1
                GridLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    columns: 2
                    columnSpacing: 16
                    rowSpacing: 8

                    Label { text: qsTr("Title"); color: Theme.muted }
                    ColumnLayout {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 100 // the column shrinks to the pane, not to the text
                        spacing: 0
                        TextField {
                            id: title
                            objectName: "jobTitleField"
                            Layout.fillWidth: true
                            readOnly: !page.canEdit
                            Accessible.name: qsTr("Title")
                            onTextEdited: page.dirty = true
                        }
                        Label {
                            objectName: "jobTitleError"
                            visible: editor.errorField === "title"
                            text: qsTr("A job needs a title.")
                            color: Theme.error
                            font.pixelSize: 12
                        }
                    }
                    Label { text: qsTr("Department"); color: Theme.muted }
                    TextField {
                        id: department
                        Layout.preferredWidth: 100
                        Layout.fillWidth: true
                        readOnly: !page.canEdit
                        Accessible.name: qsTr("Department")
                        onTextEdited: page.dirty = true
                    }
                    Label { text: qsTr("Location"); color: Theme.muted }
                    ColumnLayout {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 100 // the column shrinks to the pane, not to the text
                        spacing: 0
                        TextField {
                            id: location
                            objectName: "jobLocationField"
                            Layout.fillWidth: true
                            readOnly: !page.canEdit
                            placeholderText: qsTr("City, country")
                            Accessible.name: qsTr("Location")
                            onTextEdited: {
                                page.dirty = true
                                page.latitude = null
                                page.longitude = null
                                places.model = editor.placeSuggestions(text)
                                if (places.count > 0) placePopup.open(); else placePopup.close()
                            }
                            Keys.onDownPressed: if (placePopup.visible) places.incrementCurrentIndex()
                            Keys.onUpPressed: if (placePopup.visible) places.decrementCurrentIndex()
                            Keys.onReturnPressed: if (placePopup.visible) page.choosePlace(places.model[places.currentIndex])
                            Keys.onEscapePressed: placePopup.close()
                            Popup {
                                id: placePopup
                                y: location.height
                                width: location.width
                                padding: 0
                                implicitHeight: Math.min(places.contentHeight, 300)
                                ListView {
                                    id: places
                                    anchors.fill: parent
                                    clip: true
                                    delegate: ItemDelegate {
                                        required property var modelData
                                        width: places.width
                                        text: modelData.label
                                        highlighted: ListView.isCurrentItem
                                        onClicked: page.choosePlace(modelData)
                                    }
                                }
                            }
                        }
                        Label {
                            objectName: "jobGeoLabel"
                            Layout.fillWidth: true
                            wrapMode: Text.WordWrap
                            font.pixelSize: 12
                            color: Theme.muted
                            text: page.latitude !== null && page.longitude !== null
                                  ? qsTr("Map position %1, %2 (distance scoring on)").arg(Number(page.latitude).toFixed(3)).arg(Number(page.longitude).toFixed(3))
                                  : location.text !== "" ? qsTr("Choose a place from the list to score distance; otherwise it is looked up when matching.")
                                  : ""
                        }
                    }
                    Label { text: qsTr("Work mode"); color: Theme.muted }
                    ComboBox {
                        id: remote
                        Layout.preferredWidth: 100
                        objectName: "jobRemoteBox"
                        enabled: page.canEdit
                        Layout.fillWidth: true
                        Accessible.name: qsTr("Work mode")
                        textRole: "label"
                        valueRole: "value"
                        model: [
                            { value: "onsite", label: qsTr("On site") },
                            { value: "hybrid", label: qsTr("Hybrid") },
                            { value: "remote", label: qsTr("Remote") }
                        ]
                        onActivated: page.dirty = true
                    }
                    Label { text: qsTr("Max. distance (km)"); color: Theme.muted }
                    TextField {
                        id: distance
                        Layout.preferredWidth: 100
                        objectName: "jobDistanceField"
                        Layout.fillWidth: true
                        readOnly: !page.canEdit
                        placeholderText: qsTr("No limit")
                        inputMethodHints: Qt.ImhFormattedNumbersOnly
                        Accessible.name: qsTr("Maximum distance in kilometres")
                        onTextEdited: page.dirty = true
                    }
                    Label { text: qsTr("Employment"); color: Theme.muted }
                    TextField {
                        id: employment
                        Layout.preferredWidth: 100
                        Layout.fillWidth: true
                        readOnly: !page.canEdit
                        placeholderText: qsTr("e.g. full-time")
                        Accessible.name: qsTr("Employment type")
                        onTextEdited: page.dirty = true
                    }
                    Label { text: qsTr("Must-haves"); color: Theme.muted; Layout.alignment: Qt.AlignTop }
                    SkillsInput {
                        id: mustHave
                        Layout.preferredWidth: 100
                        objectName: "mustHaveInput"
                        Layout.fillWidth: true
                        label: qsTr("Must-have skills")
                        readOnly: !page.canEdit
                        suggest: editor.skillSuggestions
                        normalise: editor.normaliseSkill
                        onEdited: page.dirty = true
                    }
                    Label { text: qsTr("Nice to have"); color: Theme.muted; Layout.alignment: Qt.AlignTop }
                    SkillsInput {
                        id: niceToHave
                        Layout.preferredWidth: 100
                        objectName: "niceToHaveInput"
                        Layout.fillWidth: true
                        label: qsTr("Nice-to-have skills")
                        readOnly: !page.canEdit
                        suggest: editor.skillSuggestions
                        normalise: editor.normaliseSkill
                        onEdited: page.dirty = true
                    }
                    Label { text: qsTr("Description"); color: Theme.muted; Layout.alignment: Qt.AlignTop }
                    ColumnLayout {
                        Layout.fillWidth: true
                        Layout.preferredWidth: 100 // the column shrinks to the pane, not to the text
                        spacing: 0
                        TextArea {
                            id: description
                            objectName: "jobDescriptionField"
                            Layout.fillWidth: true
                            Layout.preferredHeight: Math.max(160, implicitHeight)
                            wrapMode: TextEdit.Wrap
                            readOnly: !page.canEdit
                            Accessible.name: qsTr("Description")
                            onTextChanged: if (activeFocus) page.dirty = true
                        }
                        Label {
                            visible: editor.errorField === "description"
                            text: qsTr("Publishing needs a description.")
                            color: Theme.error
                            font.pixelSize: 12
                        }
                    }
                }
            }
        }

        // The job's own pipeline.
        Pane {
            Layout.preferredWidth: 400
            Layout.fillHeight: true
            Material.elevation: 1
            ColumnLayout {
                anchors.fill: parent
                spacing: 8
                Label { text: qsTr("Pipeline stages"); font.bold: true; font.pixelSize: 16 }
                Label {
                    visible: editor.isNew
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    color: Theme.muted
                    text: qsTr("Create the job first; it starts with the workspace's default pipeline.")
                }
                ListView {
                    id: stageList
                    objectName: "stageList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: editor.stages
                    spacing: 2
                    delegate: RowLayout {
                        id: stageRow
                        required property var modelData
                        required property int index
                        width: stageList.width
                        spacing: 4
                        TextField {
                            Layout.fillWidth: true
                            text: stageRow.modelData.name
                            readOnly: !page.canEdit
                            Accessible.name: qsTr("Stage name")
                            onEditingFinished: if (text !== stageRow.modelData.name) editor.renameStage(stageRow.modelData.id, text)
                        }
                        Label {
                            // The kind where the name does not say it, and the applications in the stage.
                            text: (page.kindLabel(stageRow.modelData.kind) !== stageRow.modelData.name
                                   ? page.kindLabel(stageRow.modelData.kind) + " · " : "") + stageRow.modelData.applications
                            color: Theme.muted
                            font.pixelSize: 12
                            Layout.preferredWidth: 90
                            elide: Text.ElideRight
                        }
                        ToolButton {
                            visible: page.canEdit
                            enabled: stageRow.index > 0
                            text: "↑"
                            Accessible.name: qsTr("Move %1 up").arg(stageRow.modelData.name)
                            onClicked: editor.moveStage(stageRow.modelData.id, -1)
                        }
                        ToolButton {
                            visible: page.canEdit
                            enabled: stageRow.index < stageList.count - 1
                            text: "↓"
                            Accessible.name: qsTr("Move %1 down").arg(stageRow.modelData.name)
                            onClicked: editor.moveStage(stageRow.modelData.id, 1)
                        }
                        ToolButton {
                            visible: page.canEdit
                            text: "×"
                            Accessible.name: qsTr("Remove %1").arg(stageRow.modelData.name)
                            onClicked: removeDialog.ask(stageRow.modelData)
                        }
                    }
                }
                RowLayout {
                    visible: page.canEdit && !editor.isNew
                    Layout.fillWidth: true
                    TextField {
                        id: newStage
                        objectName: "newStageField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("New stage")
                        Accessible.name: qsTr("New stage name")
                        onAccepted: addStageButton.clicked()
                    }
                    ComboBox {
                        id: newKind
                        Layout.preferredWidth: 150
                        Accessible.name: qsTr("Stage kind")
                        textRole: "label"
                        valueRole: "value"
                        model: ["screening", "interview", "offer", "applied", "hired", "rejected"].map(function (k) {
                            return { value: k, label: page.kindLabel(k) } })
                    }
                    Button {
                        id: addStageButton
                        text: qsTr("Add")
                        enabled: newStage.text.trim() !== ""
                        onClicked: if (editor.addStage(newStage.text, newKind.currentValue)) newStage.text = ""
                    }
                }
            }
        }
    }

    function choosePlace(p) {
        if (!p) return
        location.text = p.label
        latitude = p.latitude
        longitude = p.longitude
        dirty = true
        placePopup.close()
    }

    Dialog {
        id: removeDialog
        objectName: "removeStageDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        property var stage: ({})
        title: qsTr("Remove stage “%1”").arg(stage.name || "")
        standardButtons: Dialog.Ok | Dialog.Cancel
        function ask(s) { stage = s; moveTo.currentIndex = -1; open() }
        readonly property var others: editor.stages.filter(function (s) { return s.id !== removeDialog.stage.id })
        ColumnLayout {
            spacing: 8
            Label {
                text: removeDialog.stage.applications > 0
                      ? qsTr("%n application(s) are in this stage. Move them to:", "", removeDialog.stage.applications || 0)
                      : qsTr("No application is in this stage.")
            }
            ComboBox {
                id: moveTo
                visible: removeDialog.stage.applications > 0
                Layout.preferredWidth: 260
                Accessible.name: qsTr("Move applications to")
                model: removeDialog.others
                textRole: "name"
                valueRole: "id"
            }
        }
        onAccepted: editor.removeStage(stage.id, moveTo.currentIndex >= 0 ? moveTo.currentValue : "")
    }
}

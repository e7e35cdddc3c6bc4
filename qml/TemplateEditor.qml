import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// Outreach > Templates: the list, and the editor of one template (email: subject, text, HTML;
// SMS: text) with a live preview on a chosen candidate and job. Variables: click one to insert
// it, or type "{{" for suggestions. Errors (an unknown variable, one without a value for this
// candidate) show under the preview before anything is saved or queued.
Item {
    id: editor
    objectName: "templateEditor"
    required property OutreachModel model
    property string templateId: ""
    property bool dirty: false
    property var previewResult: ({})
    property TextArea lastArea: bodyArea

    function load(t) {
        templateId = t ? t.id : ""
        nameField.text = t ? t.name : ""
        channelBox.currentIndex = t && t.channel === "sms" ? 1 : 0
        subjectField.text = t ? (t.subject || "") : ""
        bodyArea.text = t ? t.body : ""
        htmlArea.text = t ? (t.body_html || "") : ""
        followDays.value = t && t.follow_up_days ? t.follow_up_days : 0
        followTemplate.text = t ? (t.follow_up_template || "") : ""
        dirty = false
        refreshPreview()
    }
    function draft() {
        return { id: templateId, name: nameField.text, channel: channelBox.currentValue, subject: subjectField.text,
                 body: bodyArea.text, body_html: htmlArea.text, follow_up_days: followDays.value,
                 follow_up_template: followTemplate.text, personal: personalBox.checked }
    }
    function refreshPreview() {
        previewResult = candidateBox.currentValue ? model.preview(draft(), candidateBox.currentValue, jobBox.currentValue || "") : ({})
    }
    function insertVariable(name) {
        const area = lastArea
        area.insert(area.cursorPosition, "{{" + name + "}}")
        area.forceActiveFocus()
    }
    function changed() { dirty = true; previewTimer.restart() }

    Timer { id: previewTimer; interval: 250; onTriggered: editor.refreshPreview() }
    JobListModel { id: jobs; controller: AppController; status: "open" }
    Component.onCompleted: {
        candidateBox.model = model.previewCandidates()
        if (model.templates.length > 0) load(model.templates[0])
    }

    RowLayout {
        anchors.fill: parent
        spacing: 16

        Pane {
            Layout.fillHeight: true
            Layout.preferredWidth: 200
            Material.elevation: 1
            padding: 0
            ColumnLayout {
                anchors.fill: parent
                spacing: 0
                Button {
                    objectName: "newTemplate"
                    Layout.fillWidth: true
                    Layout.margins: 8
                    text: qsTr("New template")
                    onClicked: editor.load(null)
                }
                ListView {
                    id: templateList
                    objectName: "templateList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: editor.model.templates
                    delegate: ItemDelegate {
                        required property var modelData
                        width: templateList.width
                        highlighted: modelData.id === editor.templateId
                        text: modelData.name + (modelData.owner_id ? "  " + qsTr("(mine)") : "")
                        Accessible.name: text
                        onClicked: editor.load(modelData)
                        Label {
                            anchors.right: parent.right
                            anchors.rightMargin: 12
                            anchors.verticalCenter: parent.verticalCenter
                            text: parent.modelData.channel === "sms" ? "SMS" : qsTr("Email")
                            color: Theme.muted
                            font.pixelSize: 12
                        }
                    }
                }
            }
        }

        ScrollView {
            id: formScroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            ColumnLayout {
                width: formScroll.availableWidth
                spacing: 8
                RowLayout {
                    TextField {
                        id: nameField
                        objectName: "templateName"
                        Layout.fillWidth: true
                        placeholderText: qsTr("Template name")
                        Accessible.name: qsTr("Template name")
                        onTextEdited: editor.dirty = true
                    }
                    ComboBox {
                        id: channelBox
                        objectName: "templateChannel"
                        enabled: editor.templateId === ""
                        Accessible.name: qsTr("Channel")
                        textRole: "label"
                        valueRole: "value"
                        model: [{ value: "email", label: qsTr("Email") }, { value: "sms", label: "SMS" }]
                        onActivated: editor.changed()
                    }
                    CheckBox {
                        id: personalBox
                        visible: editor.templateId === ""
                        checked: !editor.model.canManage
                        enabled: editor.model.canManage
                        text: qsTr("Only mine")
                    }
                }
                TextField {
                    id: subjectField
                    objectName: "templateSubject"
                    visible: channelBox.currentValue === "email"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Subject, e.g. {{job.title}} — interested?")
                    Accessible.name: qsTr("Subject")
                    onTextEdited: editor.changed()
                }
                TextArea {
                    id: bodyArea
                    objectName: "templateBody"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 140
                    wrapMode: TextEdit.Wrap
                    placeholderText: qsTr("Hello {{candidate.first_name}}, … {{confirm_link}}")
                    Accessible.name: channelBox.currentValue === "sms" ? qsTr("Text") : qsTr("Plain text")
                    onActiveFocusChanged: if (activeFocus) editor.lastArea = bodyArea
                    onTextChanged: { if (activeFocus) { editor.changed(); suggest.update(bodyArea) } }
                }
                TextArea {
                    id: htmlArea
                    objectName: "templateHtml"
                    visible: channelBox.currentValue === "email"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 70
                    wrapMode: TextEdit.Wrap
                    placeholderText: qsTr("Optional HTML version")
                    Accessible.name: qsTr("HTML version")
                    onActiveFocusChanged: if (activeFocus) editor.lastArea = htmlArea
                    onTextChanged: { if (activeFocus) { editor.changed(); suggest.update(htmlArea) } }
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: 4
                    Repeater {
                        model: editor.model.variables
                        delegate: Button {
                            required property var modelData
                            flat: true
                            font.pixelSize: 11
                            font.capitalization: Font.MixedCase
                            padding: 4
                            topInset: 0
                            bottomInset: 0
                            implicitHeight: 26
                            text: "{{" + modelData.name + "}}"
                            ToolTip.visible: hovered
                            ToolTip.text: modelData.description
                            onClicked: editor.insertVariable(modelData.name)
                        }
                    }
                }
                RowLayout {
                    Label { text: qsTr("Follow up after"); color: Theme.muted }
                    SpinBox { id: followDays; from: 0; to: 60; editable: true; Accessible.name: qsTr("Days before the follow-up"); onValueModified: editor.dirty = true }
                    Label { text: qsTr("days with"); color: Theme.muted }
                    TextField {
                        id: followTemplate
                        Layout.fillWidth: true
                        enabled: followDays.value > 0
                        placeholderText: qsTr("template name")
                        Accessible.name: qsTr("Follow-up template")
                        onTextEdited: editor.dirty = true
                    }
                }
                RowLayout {
                    Button {
                        objectName: "saveTemplate"
                        text: qsTr("Save")
                        highlighted: true
                        enabled: nameField.text.trim() !== "" && bodyArea.text.trim() !== ""
                        onClicked: {
                            const id = editor.model.saveTemplate(editor.draft())
                            if (id !== "") { editor.templateId = id; editor.dirty = false }
                        }
                    }
                    Button {
                        text: qsTr("Delete")
                        flat: true
                        visible: editor.templateId !== ""
                        onClicked: if (editor.model.removeTemplate(editor.templateId)) editor.load(null)
                    }
                    Label { visible: editor.dirty; text: qsTr("Not saved"); color: Theme.muted }
                }

            }
        }
        ColumnLayout {
            objectName: "previewColumn"
            Layout.fillHeight: true
            // A fixed width: wrapped text must not feed back into the row's layout (polish loop).
            Layout.preferredWidth: 340
            Layout.minimumWidth: 340
            Layout.maximumWidth: 340
            spacing: 8
            // The live preview.
            Label { text: qsTr("Preview"); font.bold: true; font.pixelSize: 16 }
            ColumnLayout {
                Layout.fillWidth: true
                ComboBox {
                    id: candidateBox
                    objectName: "previewCandidate"
                    Layout.fillWidth: true
                    Accessible.name: qsTr("Candidate to preview with")
                    textRole: "name"
                    valueRole: "id"
                    onActivated: editor.refreshPreview()
                    onModelChanged: editor.refreshPreview()
                }
                ComboBox {
                    id: jobBox
                    objectName: "previewJob"
                    Layout.fillWidth: true
                    Accessible.name: qsTr("Job to preview with")
                    model: jobs
                    textRole: "title"
                    valueRole: "jobId"
                    onActivated: editor.refreshPreview()
                    onCountChanged: editor.refreshPreview()
                }
            }
            Pane {
                objectName: "previewPane"
                Layout.fillWidth: true
                contentWidth: 340 - leftPadding - rightPadding
                Material.elevation: 1
                ColumnLayout {
                    anchors.left: parent.left
                    anchors.right: parent.right
                    Label {
                        objectName: "previewError"
                        visible: !!editor.previewResult.error
                        Layout.fillWidth: true
                        wrapMode: Text.WordWrap
                        color: Theme.error
                        text: editor.previewResult.error || ""
                    }
                    Label {
                        visible: !editor.previewResult.error && channelBox.currentValue === "email"
                        Layout.fillWidth: true
                        wrapMode: Text.WordWrap
                        font.bold: true
                        text: editor.previewResult.subject || ""
                    }
                    Label {
                        objectName: "previewText"
                        visible: !editor.previewResult.error
                        Layout.fillWidth: true
                        wrapMode: Text.WordWrap
                        text: editor.previewResult.text || qsTr("Choose a candidate to preview.")
                    }
                    Label {
                        objectName: "smsLength"
                        visible: !editor.previewResult.error && channelBox.currentValue === "sms" && editor.previewResult.characters !== undefined
                        color: editor.previewResult.parts > 1 ? Theme.error : Theme.muted
                        font.pixelSize: 12
                        text: qsTr("%1 characters · %n SMS part(s) · %2", "", editor.previewResult.parts || 0)
                              .arg(editor.previewResult.characters || 0).arg(editor.previewResult.encoding === "ucs2" ? qsTr("Unicode") : "GSM-7")
                    }
                }
            }
            Item { Layout.fillHeight: true }
        }
    }

    // "{{" typed: the variables that fit what follows it.
    Popup {
        id: suggest
        objectName: "variableSuggestions"
        property TextArea area: bodyArea
        property string prefix: ""
        width: 300
        height: Math.min(240, suggestions.contentHeight + 8)
        padding: 4
        function update(a) {
            area = a
            const before = a.text.substring(0, a.cursorPosition)
            const m = before.match(/\{\{([\w.]*)$/)
            if (!m) { close(); return }
            prefix = m[1]
            const r = a.positionToRectangle(a.cursorPosition)
            const p = a.mapToItem(editor, r.x, r.y + r.height)
            x = p.x
            y = p.y
            if (!opened) open()
        }
        ListView {
            id: suggestions
            anchors.fill: parent
            clip: true
            model: editor.model.variables.filter(v => v.name.startsWith(suggest.prefix))
            delegate: ItemDelegate {
                required property var modelData
                width: suggestions.width
                text: modelData.name
                onClicked: {
                    const a = suggest.area
                    a.insert(a.cursorPosition, modelData.name.substring(suggest.prefix.length) + "}}")
                    suggest.close()
                    a.forceActiveFocus()
                }
            }
        }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import RecruitDesk

// A list of skills as removable chips plus a field with taxonomy autocomplete: typing shows
// canonical names ("k8" -> Kubernetes); Enter or a click adds the chosen or typed skill in
// its canonical spelling. `suggest` and `normalise` come from the editor (JobEditor).
ColumnLayout {
    id: input
    property var skills: []
    property bool readOnly: false
    property string label: ""
    property var suggest: function (prefix) { return [] }
    property var normalise: function (skill) { return skill }
    signal edited()
    spacing: 4

    function add(text) {
        var s = normalise(text.trim())
        if (s === "") return
        for (var i = 0; i < skills.length; ++i)
            if (skills[i].toLowerCase() === s.toLowerCase()) return
        skills = skills.concat([s])
        field.text = ""
        edited()
    }
    function remove(i) {
        var copy = skills.slice()
        copy.splice(i, 1)
        skills = copy
        edited()
    }

    Flow {
        Layout.fillWidth: true
        spacing: 6
        visible: input.skills.length > 0
        Repeater {
            model: input.skills
            delegate: Rectangle {
                required property string modelData
                required property int index
                radius: 12
                height: 26
                width: chipRow.implicitWidth + 16
                color: Theme.accentSoft
                Row {
                    id: chipRow
                    anchors.centerIn: parent
                    spacing: 4
                    Label { text: modelData; anchors.verticalCenter: parent.verticalCenter }
                    ToolButton {
                        visible: !input.readOnly
                        text: "×"
                        width: 22; height: 22
                        padding: 0
                        anchors.verticalCenter: parent.verticalCenter
                        Accessible.name: qsTr("Remove %1").arg(modelData)
                        onClicked: input.remove(index)
                    }
                }
            }
        }
    }
    TextField {
        id: field
        objectName: input.objectName + "Field"
        visible: !input.readOnly
        Layout.fillWidth: true
        placeholderText: qsTr("Add a skill and press Enter")
        Accessible.name: input.label
        onTextEdited: {
            suggestions.model = text.trim().length > 0 ? input.suggest(text) : []
            if (suggestions.count > 0) popup.open(); else popup.close()
        }
        Keys.onDownPressed: if (popup.visible) suggestions.incrementCurrentIndex()
        Keys.onUpPressed: if (popup.visible) suggestions.decrementCurrentIndex()
        onAccepted: {
            input.add(popup.visible && suggestions.currentIndex >= 0 ? suggestions.model[suggestions.currentIndex] : text)
            popup.close()
        }
        Keys.onEscapePressed: popup.close()
        Popup {
            id: popup
            y: field.height
            width: field.width
            padding: 0
            implicitHeight: Math.min(suggestions.contentHeight, 240)
            ListView {
                id: suggestions
                anchors.fill: parent
                clip: true
                currentIndex: 0
                delegate: ItemDelegate {
                    required property string modelData
                    required property int index
                    width: suggestions.width
                    text: modelData
                    highlighted: ListView.isCurrentItem
                    onClicked: { input.add(modelData); popup.close() }
                }
            }
        }
    }
}

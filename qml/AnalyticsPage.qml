import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import QtCharts
import RecruitDesk

// Analytics: the funnel, the median time in each stage, sources and applications per week,
// for all jobs or one, drawn with QtCharts.
Page {
    id: page
    objectName: "analyticsPage"
    background: Rectangle { color: Theme.page }
    property alias model: analytics

    AnalyticsModel {
        id: analytics
        objectName: "analyticsModel"
        controller: AppController
        onChanged: page.fillPie()
    }
    JobListModel { id: jobs; controller: AppController }
    function reload() { analytics.reload(); jobs.reload() }
    function values(list, key) { return list.map(function (r) { return r[key] }) }
    function labels(list) { return list.map(function (r) { return r.label }) }
    // An axis maximum of 1, 2 or 5 times a power of ten (five even steps with tickCount 6).
    function nice(v) {
        if (v <= 5) return 5
        var p = Math.pow(10, Math.floor(Math.log10(v)))
        var m = v / p
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p
    }
    function fillPie() {
        pie.clear()
        for (var i = 0; i < analytics.sources.length; ++i) {
            var s = analytics.sources[i]
            pie.append(s.label + " (" + s.applications + ")", s.applications) // named in the legend
        }
    }
    Component.onCompleted: fillPie()

    header: ToolBar {
        Material.background: Theme.surface
        Material.foreground: Theme.text
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 24
            anchors.rightMargin: 16
            spacing: 12
            Label { text: qsTr("Analytics"); font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            ComboBox {
                id: jobFilter
                objectName: "analyticsJob"
                Layout.preferredWidth: 320
                Accessible.name: qsTr("Job")
                textRole: "label"
                valueRole: "value"
                // "All jobs" first, then every job in the list.
                model: [{ value: "", label: qsTr("All jobs") }].concat(jobTitles.items)
                onActivated: analytics.jobId = currentValue
            }
        }
    }
    // The job list as [{value, label}] for the filter.
    QtObject {
        id: jobTitles
        property var items: {
            var out = []
            for (var i = 0; i < jobs.count; ++i)
                out.push({ value: jobs.idAt(i), label: jobs.titleAt(i) })
            return out
        }
    }

    Label {
        anchors.centerIn: parent
        visible: !analytics.allowed
        text: qsTr("Your role does not include reports.")
        color: Theme.muted
    }

    GridLayout {
        visible: analytics.allowed
        anchors.fill: parent
        anchors.margins: 16
        columns: 2
        rowSpacing: 12
        columnSpacing: 12

        ChartView {
            id: funnelChart
            objectName: "funnelChart"
            Layout.fillWidth: true
            Layout.fillHeight: true
            title: qsTr("Funnel: applications that reached each stage")
            antialiasing: true
            theme: Theme.dark ? ChartView.ChartThemeDark : ChartView.ChartThemeLight
            legend.visible: false
            HorizontalBarSeries {
                id: funnelSeries
                axisY: BarCategoryAxis { categories: page.labels(analytics.funnel).slice().reverse() }
                axisX: ValueAxis { min: 0; max: page.nice(analytics.maxReached); tickCount: 6; labelFormat: "%d" }
                labelsVisible: true
                BarSet {
                    label: qsTr("Reached")
                    color: "#4f6bd8"
                    values: page.values(analytics.funnel, "reached").slice().reverse()
                }
            }
        }
        ChartView {
            objectName: "timeInStageChart"
            Layout.fillWidth: true
            Layout.fillHeight: true
            title: qsTr("Median time in stage (hours)")
            antialiasing: true
            theme: Theme.dark ? ChartView.ChartThemeDark : ChartView.ChartThemeLight
            legend.visible: false
            BarSeries {
                axisX: BarCategoryAxis { categories: page.labels(analytics.timeInStage) }
                axisY: ValueAxis { min: 0; max: analytics.maxHours < 1 ? 1 : page.nice(analytics.maxHours); tickCount: 6; labelFormat: analytics.maxHours < 5 ? "%.1f" : "%d" }
                BarSet { label: qsTr("Hours"); color: "#2e9e6a"; values: page.values(analytics.timeInStage, "hours") }
            }
        }
        ChartView {
            objectName: "sourcesChart"
            Layout.fillWidth: true
            Layout.fillHeight: true
            title: qsTr("Applications by source")
            antialiasing: true
            theme: Theme.dark ? ChartView.ChartThemeDark : ChartView.ChartThemeLight
            legend.alignment: Qt.AlignRight
            PieSeries { id: pie; size: 0.7 }
        }
        ChartView {
            objectName: "weeksChart"
            Layout.fillWidth: true
            Layout.fillHeight: true
            title: qsTr("Applications per week")
            antialiasing: true
            theme: Theme.dark ? ChartView.ChartThemeDark : ChartView.ChartThemeLight
            legend.visible: false
            BarSeries {
                axisX: BarCategoryAxis { categories: page.labels(analytics.weeks) }
                axisY: ValueAxis { min: 0; max: page.nice(analytics.maxWeek); tickCount: 6; labelFormat: "%d" }
                BarSet { label: qsTr("Applications"); color: "#8a55d0"; values: page.values(analytics.weeks, "applications") }
            }
        }
    }
}

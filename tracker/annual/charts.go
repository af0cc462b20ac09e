package annual

import (
	"fmt"
	"html/template"

	"isms/tracker"
	"isms/tracker/chart"
)

// unitChart draws the 局' completion rates, the figures of the table it stands beside.
func unitChart(d *tracker.Dashboard) template.HTML {
	bars := &chart.Bars{ID: "chart-bureaus", Title: fmt.Sprintf("局ごとの修了率（%s）", d.FiscalYear)}
	for _, u := range d.Units {
		if u.Level == tracker.LevelBureau {
			bars.Items = append(bars.Items, chart.Bar{Label: u.Unit.Bureau, Value: u.Rate(), Note: fmt.Sprintf("%d/%d人", u.Passed, u.Targets)})
		}
	}
	if len(bars.Items) == 0 {
		return ""
	}
	return bars.SVG()
}

// progressChart draws completion against the deadline, as the dashboard does.
func progressChart(d *tracker.Dashboard) template.HTML {
	pc := &chart.Progress{ID: "chart-progress", Title: fmt.Sprintf("修了率の推移と受講期限（%s）", d.FiscalYear),
		Start: d.Plan.Start.Start(), Deadline: d.Plan.Deadline.Start()}
	for _, p := range d.Progress {
		pc.Points = append(pc.Points, chart.Point{At: p.Date.Start(), Value: float64(p.Passed) / float64(d.Total.Targets)})
	}
	return pc.SVG()
}

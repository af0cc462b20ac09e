package chart

import (
	"fmt"
	"html/template"
	"strings"
	"time"
)

// Progress draws completion over time against the plan: the share of targets through on each
// day, the plan's line from nobody at the start to everybody at the deadline, and the deadline.
type Progress struct {
	ID       string
	Title    string
	Desc     string
	Start    time.Time // the plan's first day
	Deadline time.Time // zero: no deadline line
	Points   []Point   // in time order
}

// Point is the share through (0–1) at the end of a day.
type Point struct {
	At    time.Time
	Value float64
}

// SVG draws the chart.
func (c *Progress) SVG() template.HTML {
	const (
		width, height = 720, 280
		left, right   = 52, 24
		top, bottom   = 20, 46
	)
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	end := c.Start
	if len(c.Points) > 0 {
		end = c.Points[len(c.Points)-1].At
	}
	if c.Deadline.After(end) {
		end = c.Deadline
	}
	span := end.Sub(c.Start).Hours()
	if span <= 0 {
		span = 24
	}
	x := func(t time.Time) float64 { return left + t.Sub(c.Start).Hours()/span*plotW }
	y := func(v float64) float64 { return top + (1-min(max(v, 0), 1))*plotH }

	desc := c.Desc
	if desc == "" {
		desc = "折れ線グラフ。日ごとの値は、このグラフの後の表にあります。"
	}
	var s svg
	s.open(c.ID, c.Title, desc, width, height)
	for _, tick := range []float64{0, 0.25, 0.5, 0.75, 1} {
		s.line(left, y(tick), left+plotW, y(tick), grid, 1, "")
		s.text(left-6, y(tick)+4, "end", percent(tick), "")
	}
	s.line(left, top, left, top+plotH, ink, 1, "")
	s.line(left, top+plotH, left+plotW, top+plotH, ink, 1, "")

	// Date labels: the start, the end and a few between, never closer than 70 pixels.
	labels := []time.Time{c.Start}
	for i := 1; i < 5; i++ {
		labels = append(labels, c.Start.Add(time.Duration(float64(end.Sub(c.Start))*float64(i)/5)))
	}
	labels = append(labels, end)
	lastX := -1000.0
	for _, t := range labels {
		px := x(t)
		if px-lastX < 70 {
			continue
		}
		lastX = px
		s.line(px, top+plotH, px, top+plotH+5, ink, 1, "")
		s.text(px, top+plotH+20, "middle", fmt.Sprintf("%d/%d", t.Month(), t.Day()), "")
	}

	if !c.Deadline.IsZero() {
		dx := x(c.Deadline)
		s.line(left, y(0), dx, y(1), ink, 1.5, "6 4")
		// The label sits above the line, ending a little before the deadline, where the line is
		// already below the text.
		if run := dx - left; run > 60 {
			lx := dx - 40
			s.text(lx, y(1)+40*(y(0)-y(1))/run-6, "end", "計画", "")
		}
		s.line(dx, top, dx, top+plotH, accent, 2, "3 3")
		// The label stays inside the drawing when the deadline is near either end of the axis.
		label := fmt.Sprintf("受講期限 %d/%d", c.Deadline.Month(), c.Deadline.Day())
		anchor, lx := "middle", dx
		switch half := textWidth(label)/2 + 4; {
		case dx+half > width:
			anchor, lx = "end", dx
		case dx-half < 0:
			anchor, lx = "start", dx
		}
		s.text(lx, top+plotH+38, anchor, label, ` fill="`+accent+`" font-weight="bold"`)
	}
	if len(c.Points) > 0 {
		var pts []string
		for _, p := range c.Points {
			pts = append(pts, num(x(p.At))+","+num(y(p.Value)))
		}
		fmt.Fprintf(&s.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="3"/>`, strings.Join(pts, " "), barFill)
		lastP := c.Points[len(c.Points)-1]
		fmt.Fprintf(&s.b, `<circle cx="%s" cy="%s" r="4" fill="%s"/>`, num(x(lastP.At)), num(y(lastP.Value)), barFill)
		s.text(min(x(lastP.At)+8, left+plotW-40), y(lastP.Value)-8, "start", percent(lastP.Value), ` font-weight="bold"`)
	}
	return s.close()
}

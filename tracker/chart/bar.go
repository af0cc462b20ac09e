package chart

import "html/template"

// Bars is a horizontal bar chart of shares between 0 and 1, such as the completion rate of each
// section.
type Bars struct {
	ID    string // unique on the page
	Title string // what the chart shows, read out as its name
	Desc  string // one sentence of text alternative; "" gives a default
	Items []Bar
}

// Bar is one bar.
type Bar struct {
	Label string
	Value float64 // 0–1
	Note  string  // shown after the percentage, e.g. "12/15人"
}

// maxLabelWidth bounds the label column; longer labels end in an ellipsis (the full label is
// the bar's tooltip and is in the table).
const maxLabelWidth = 260

// SVG draws the chart.
func (c *Bars) SVG() template.HTML {
	const (
		width  = 720
		rowH   = 24
		barH   = 16
		top    = 26
		bottom = 8
		right  = 110 // room for "100% 999/999人"
	)
	labelW := 0.0
	for _, it := range c.Items {
		labelW = max(labelW, textWidth(it.Label))
	}
	labelW = min(labelW, maxLabelWidth) + 12
	plotW := width - labelW - right
	height := top + rowH*len(c.Items) + bottom
	desc := c.Desc
	if desc == "" {
		desc = "横棒グラフ。各項目の値は、このグラフの後の表にあります。"
	}
	var s svg
	s.open(c.ID, c.Title, desc, width, height)
	for _, tick := range []float64{0, 0.25, 0.5, 0.75, 1} {
		x := labelW + tick*plotW
		s.line(x, top-4, x, float64(height-bottom), grid, 1, "")
		s.text(x, top-10, "middle", percent(tick), "")
	}
	for i, it := range c.Items {
		v := min(max(it.Value, 0), 1)
		y := float64(top + i*rowH)
		s.text(labelW-8, y+rowH/2+4, "end", clip(it.Label, labelW-12), "")
		tooltip := it.Label + " " + percent(v)
		if it.Note != "" {
			tooltip += "（" + it.Note + "）"
		}
		s.rect(labelW, y+(rowH-barH)/2, v*plotW, barH, barFill, barFill, tooltip)
		value := percent(v)
		if it.Note != "" {
			value += " " + it.Note
		}
		s.text(labelW+v*plotW+6, y+rowH/2+4, "start", value, "")
	}
	return s.close()
}

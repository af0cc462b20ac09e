package chart

import (
	"fmt"
	"html/template"
	"strconv"
)

// Columns is a column chart of counts per class, one column per series side by side: the
// score distribution of this year beside last year's.
type Columns struct {
	ID     string
	Title  string
	Desc   string
	Labels []string // the classes, e.g. 「0–9点」
	Series []Series // at most two are told apart in print: solid and hatched
}

// Series is one set of counts, parallel to Columns.Labels.
type Series struct {
	Name   string
	Values []int
}

// SVG draws the chart.
func (c *Columns) SVG() template.HTML {
	const (
		width, height = 720, 260
		left, right   = 44, 12
		top, bottom   = 30, 40
	)
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	maxV := 0
	for _, s := range c.Series {
		for _, v := range s.Values {
			maxV = max(maxV, v)
		}
	}
	step := niceStep(maxV)
	top4 := max(step*((maxV+step-1)/step), step) // the axis ends on a grid line at or above the largest count
	y := func(v int) float64 { return top + plotH - float64(v)/float64(top4)*plotH }

	desc := c.Desc
	if desc == "" {
		desc = "縦棒グラフ。各階級の値は、このグラフの後の表にあります。"
	}
	var s svg
	s.open(c.ID, c.Title, desc, width, height)
	fmt.Fprintf(&s.b, `<defs><pattern id="%s-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="6" height="6" fill="%s"/><line x1="0" y1="0" x2="0" y2="6" stroke="%s" stroke-width="2"/></pattern></defs>`,
		esc(c.ID), barLight, barFill)
	for v := 0; v <= top4; v += step {
		s.line(left, y(v), left+plotW, y(v), grid, 1, "")
		s.text(left-6, y(v)+4, "end", strconv.Itoa(v), "")
	}
	s.line(left, top+plotH, left+plotW, top+plotH, ink, 1, "")
	n := max(len(c.Labels), 1)
	groupW := plotW / float64(n)
	k := max(len(c.Series), 1)
	barW := (groupW - 8) / float64(k)
	for i, label := range c.Labels {
		gx := left + float64(i)*groupW
		for j, ser := range c.Series {
			v := 0
			if i < len(ser.Values) {
				v = ser.Values[i]
			}
			fill := barFill
			if j%2 == 1 {
				fill = "url(#" + esc(c.ID) + "-hatch)"
			}
			s.rect(gx+4+float64(j)*barW, y(v), barW, top+plotH-y(v), fill, barFill, ser.Name+" "+label+" "+strconv.Itoa(v))
		}
		s.text(gx+groupW/2, top+plotH+16, "middle", label, ` font-size="11"`)
	}
	// Legend, top right.
	lx := float64(width - right)
	for j := len(c.Series) - 1; j >= 0; j-- {
		name := c.Series[j].Name
		lx -= textWidth(name) + 30
		fill := barFill
		if j%2 == 1 {
			fill = "url(#" + esc(c.ID) + "-hatch)"
		}
		s.rect(lx, 8, 14, 14, fill, barFill, "")
		s.text(lx+20, 20, "start", name, "")
	}
	return s.close()
}

// niceStep is a round grid step (1, 2 or 5 times a power of ten) that puts about four lines
// over max.
func niceStep(max int) int {
	if max <= 4 {
		return 1
	}
	raw := (max + 3) / 4
	step := 1
	for step*10 <= raw {
		step *= 10
	}
	for _, f := range []int{1, 2, 5} {
		if step*f >= raw {
			return step * f
		}
	}
	return step * 10
}

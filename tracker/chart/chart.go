// Package chart draws the reports' charts as inline SVG on the server: no script, no chart
// library, nothing loaded from elsewhere. The charts are drawn for print as much as for the
// screen: black text, dark strokes, a hatch rather than a second colour, so a grey-scale copy for
// the committee still reads. Each chart is an image with a short text alternative; the page puts
// the same figures in a table beside it for screen readers and for anyone who wants the numbers.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
	"unicode"
)

// Colours: dark enough for a 3:1 contrast with white and distinct in grey scale.
const (
	ink      = "#1a1a1a"
	grid     = "#b0b0b0"
	barFill  = "#1f4e79"
	barLight = "#ffffff"
	accent   = "#b00020" // the deadline
	fontSize = 13
)

// svg collects the elements of one chart.
type svg struct {
	b strings.Builder
}

func (s *svg) open(id, title, desc string, width, height int) {
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" role="img" aria-labelledby="%s-title %s-desc" `+
		`viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet" font-size="%d" fill="%s">`,
		esc(id), esc(id), esc(id), width, height, fontSize, ink)
	fmt.Fprintf(&s.b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
}

func (s *svg) close() template.HTML {
	s.b.WriteString(`</svg>`)
	// Every value written above went through esc, and the markup is this package's own.
	return template.HTML(s.b.String())
}

func (s *svg) text(x, y float64, anchor, content string, extra string) {
	fmt.Fprintf(&s.b, `<text x="%s" y="%s" text-anchor="%s"%s>%s</text>`, num(x), num(y), anchor, extra, esc(content))
}

func (s *svg) line(x1, y1, x2, y2 float64, stroke string, width float64, dash string) {
	d := ""
	if dash != "" {
		d = ` stroke-dasharray="` + dash + `"`
	}
	fmt.Fprintf(&s.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`,
		num(x1), num(y1), num(x2), num(y2), stroke, num(width), d)
}

func (s *svg) rect(x, y, w, h float64, fill, stroke, tooltip string) {
	if w < 0 {
		w = 0
	}
	if h < 0 {
		h = 0
	}
	fmt.Fprintf(&s.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="1">`,
		num(x), num(y), num(w), num(h), fill, stroke)
	if tooltip != "" {
		fmt.Fprintf(&s.b, `<title>%s</title>`, esc(tooltip))
	}
	s.b.WriteString(`</rect>`)
}

func esc(s string) string { return html.EscapeString(s) }

// num writes a coordinate with at most one decimal.
func num(f float64) string { return strconv.FormatFloat(float64(int(f*10+0.5))/10, 'f', -1, 64) }

// textWidth estimates the width of s in pixels: a full-width character is one em, others about
// six tenths of one.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if wide(r) {
			w += fontSize
		} else {
			w += fontSize * 0.6
		}
	}
	return w
}

func wide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x3000 && r <= 0x303F)
}

// clip shortens s to fit width pixels, ending it with an ellipsis.
func clip(s string, width float64) string {
	if textWidth(s) <= width {
		return s
	}
	out := []rune{}
	for _, r := range s {
		if textWidth(string(out)+string(r))+fontSize > width {
			break
		}
		out = append(out, r)
	}
	return string(out) + "…"
}

// percent formats a share 0–1 as a whole percent, rounded down so 99.6% is not shown as 100%.
func percent(v float64) string { return strconv.Itoa(int(v*100+1e-9)) + "%" }

// Percent is the share as the tables beside the charts show it.
func Percent(v float64) string { return percent(v) }

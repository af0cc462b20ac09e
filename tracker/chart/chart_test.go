package chart_test

import (
	"encoding/xml"
	"html/template"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"isms/tracker"
	"isms/tracker/chart"
)

// parse checks that the SVG is well-formed XML and returns its elements' names and texts.
func parse(t *testing.T, h template.HTML) (map[string]int, []string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(h)))
	elements := map[string]int{}
	var texts []string
	var inText bool
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, h)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			elements[tok.Name.Local]++
			inText = tok.Name.Local == "text" || tok.Name.Local == "title" || tok.Name.Local == "desc"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		}
	}
	return elements, texts
}

// noExternal checks that nothing in the chart points outside the page.
func noExternal(t *testing.T, h template.HTML) {
	t.Helper()
	s := strings.Replace(string(h), `xmlns="http://www.w3.org/2000/svg"`, "", 1)
	if regexp.MustCompile(`(?i)https?:|href|<script|<image|<foreignObject|style=`).MatchString(s) {
		t.Fatalf("external reference, script or inline style in %s", h)
	}
}

func contains(texts []string, want string) bool {
	for _, s := range texts {
		if s == want {
			return true
		}
	}
	return false
}

func TestBars(t *testing.T) {
	c := &chart.Bars{ID: "by-section", Title: "課別の修了率", Items: []chart.Bar{
		{Label: "情報企画課", Value: 0.5, Note: "1/2人"},
		{Label: "<script>alert(1)</script>課", Value: 0.999, Note: "999/1000人"},
		{Label: strings.Repeat("とても長い課の名前", 10), Value: 1.2},
	}}
	h := c.SVG()
	noExternal(t, h)
	elements, texts := parse(t, h)
	if elements["svg"] != 1 || elements["rect"] != 3 {
		t.Fatalf("got %v, want one svg with three bars", elements)
	}
	for _, want := range []string{"課別の修了率", "情報企画課", "50% 1/2人", "99% 999/1000人", "100%"} {
		if !contains(texts, want) {
			t.Errorf("no text %q in %q", want, texts)
		}
	}
	if strings.Contains(string(h), "<script>") {
		t.Fatal("label not escaped")
	}
	if !strings.Contains(string(h), `role="img"`) || !strings.Contains(string(h), `aria-labelledby="by-section-title by-section-desc"`) {
		t.Fatal("no text alternative")
	}
	// The long label is cut with an ellipsis and kept whole in the bar's tooltip.
	if !strings.Contains(string(h), "…</text>") || !contains(texts, strings.Repeat("とても長い課の名前", 10)+" 100%") {
		t.Fatalf("long label: got %q", texts)
	}
}

func TestProgress(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, tracker.Japan) }
	c := &chart.Progress{ID: "progress", Title: "修了率の推移", Start: day(6, 1), Deadline: day(7, 31),
		Points: []chart.Point{{At: day(6, 1), Value: 0.1}, {At: day(6, 15), Value: 0.4}, {At: day(7, 1), Value: 0.6}}}
	h := c.SVG()
	noExternal(t, h)
	elements, texts := parse(t, h)
	if elements["polyline"] != 1 || elements["circle"] != 1 {
		t.Fatalf("got %v", elements)
	}
	for _, want := range []string{"修了率の推移", "受講期限 7/31", "計画", "60%", "6/1", "7/31"} {
		if !contains(texts, want) {
			t.Errorf("no text %q in %q", want, texts)
		}
	}
	t.Run("Empty", func(t *testing.T) {
		h := (&chart.Progress{ID: "p", Title: "x", Start: day(6, 1)}).SVG()
		parse(t, h)
	})
	t.Run("DeadlineLabelInsideAtTheEnd", func(t *testing.T) {
		// A deadline on the last day of the axis would put a centred label half outside.
		h := (&chart.Progress{ID: "p", Title: "x", Start: day(4, 1), Deadline: time.Date(2027, 3, 31, 0, 0, 0, 0, tracker.Japan),
			Points: []chart.Point{{At: day(6, 1), Value: 0.5}}}).SVG()
		if !regexp.MustCompile(`text-anchor="end"[^>]*>受講期限 3/31<`).MatchString(string(h)) {
			t.Fatalf("deadline label not anchored inside: %s", h)
		}
	})
}

func TestColumns(t *testing.T) {
	c := &chart.Columns{ID: "dist", Title: "得点分布", Labels: []string{"0–9点", "10–19点", "100点"},
		Series: []chart.Series{{Name: "2026年度", Values: []int{0, 3, 17}}, {Name: "2025年度", Values: []int{1, 2, 9}}}}
	h := c.SVG()
	noExternal(t, h)
	elements, texts := parse(t, h)
	// Six columns and two legend keys.
	if elements["rect"] < 8 || elements["pattern"] != 1 {
		t.Fatalf("got %v", elements)
	}
	for _, want := range []string{"得点分布", "2026年度", "2025年度", "100点", "2026年度 100点 17", "20"} {
		if !contains(texts, want) {
			t.Errorf("no text %q in %q", want, texts)
		}
	}
	t.Run("AllZero", func(t *testing.T) {
		h := (&chart.Columns{ID: "z", Title: "x", Labels: []string{"a"}, Series: []chart.Series{{Name: "s", Values: []int{0}}}}).SVG()
		if strings.Contains(string(h), "NaN") || strings.Contains(string(h), "Inf") {
			t.Fatalf("got %s", h)
		}
		parse(t, h)
	})
}

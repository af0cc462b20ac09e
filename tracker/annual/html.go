package annual

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"isms/tracker"
	"isms/tracker/export"
)

// CSS is the report's stylesheet: the screen and the A4 print layout (表紙, 目次, numbered
// sections, tables kept on one page or with their header repeated, page numbers in the margin).
//
//go:embed report.css
var CSS []byte

//go:embed templates/report.html
var reportTemplate string

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"cell":    func(v any) template.HTML { return keepDates(Cell(v)) },
	"text":    keepDates,
	"numeric": func(c Column) bool { return c.Numeric },
	"jst":     tracker.JapaneseTime,
	"date":    func(t time.Time) string { return tracker.DateOf(t).Japanese() },
	"classA":  func() string { return tracker.ClassificationA },
	"css":     func() template.CSS { return template.CSS(CSS) }, // the package's own stylesheet
}).Parse(reportTemplate))

// Document says how the standalone document gets its stylesheet: linked from CSSHref (a page under
// a Content-Security-Policy that refuses inline styles), or written into it (a file for printing).
type Document struct {
	CSSHref string
}

// WriteHTML writes the report as a standalone A4 document: 表紙, 目次 and the sections.
func WriteHTML(w io.Writer, r *Report, d Document) error {
	return tmpl.ExecuteTemplate(w, "document", struct {
		*Report
		Document
	}{r, d})
}

// Body is the report's sections alone, for a page that has its own frame.
func Body(r *Report) (template.HTML, error) {
	var b bytes.Buffer
	if err := tmpl.ExecuteTemplate(&b, "body", r); err != nil {
		return "", err
	}
	// The markup is this package's template, executed with escaping.
	return template.HTML(b.String()), nil
}

// Cell renders a table value as the report prints it.
func Cell(v any) string {
	switch v := v.(type) {
	case nil:
		return "—"
	case string:
		return v
	case int:
		return thousands(v)
	case Percent:
		return strconv.Itoa(int(v)) + "%"
	case export.Ratio:
		return strconv.FormatFloat(float64(v)*100, 'f', 1, 64) + "%"
	case export.Fixed:
		return strconv.FormatFloat(v.V, 'f', v.Places, 64)
	case tracker.Date:
		return v.Japanese()
	}
	return ""
}

// thousands writes 50000 as 50,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// datePattern finds the dates and fiscal years of the report's text, Western and era, which must not break across
// lines on a phone or a printed page.
var datePattern = regexp.MustCompile(`\d{4}年\d{1,2}月\d{1,2}日|\d{4}年度|（(?:令和|平成)[元\d]+年(?:\d{1,2}月\d{1,2}日|度)）`)

// keepDates escapes s as HTML and keeps each date in it on one line.
func keepDates(s string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range datePattern.FindAllStringIndex(s, -1) {
		b.WriteString(template.HTMLEscapeString(s[last:m[0]]))
		b.WriteString(`<span class="nowrap">` + template.HTMLEscapeString(s[m[0]:m[1]]) + `</span>`)
		last = m[1]
	}
	b.WriteString(template.HTMLEscapeString(s[last:]))
	return template.HTML(b.String())
}

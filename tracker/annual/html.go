package annual

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
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
	"cell":    Cell,
	"numeric": func(c Column) bool { return c.Numeric },
	"jst":     func(t time.Time) string { return t.In(tracker.Japan).Format("2006年1月2日 15:04") },
	"date":    func(t time.Time) string { return DateJP(tracker.DateOf(t)) },
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
		return DateJP(v)
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

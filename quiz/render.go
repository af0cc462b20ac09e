package quiz

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdown renders bank text. Raw HTML is not passed through (goldmark's default): a bank file is edited by
// hand and its text is shown inside the tracker's pages, so it must not be able to inject markup or script.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

// Rendered is a question's text as HTML. A bank does not change once parsed and every paper shows the same
// questions, so each question is rendered once, on first use (about 1.5 ms per 20-question paper otherwise).
type Rendered struct {
	Stem, Explanation template.HTML
	Choices           map[string]template.HTML // by choice ID
}

// Rendered returns the question rendered, rendering it on the first call.
func (q *Question) Rendered() *Rendered {
	q.render.Do(func() {
		r := &Rendered{Stem: q.StemHTML(), Explanation: q.ExplanationHTML(), Choices: make(map[string]template.HTML, len(q.Choices))}
		for _, c := range q.Choices {
			r.Choices[c.ID] = c.HTML()
		}
		q.rendered = r
	})
	return q.rendered
}

// StemHTML renders the question's stem.
func (q *Question) StemHTML() template.HTML { return convert(q.Stem) }

// ExplanationHTML renders the explanation; article names such as 【04】第13条 become links to the handbook.
func (q *Question) ExplanationHTML() template.HTML { return convert(linkArticles(q.Explanation)) }

// HTML renders the choice's text as inline HTML, fit to sit inside a <label>.
func (c Choice) HTML() template.HTML { return convertInline(c.Text) }

func convertInline(src string) template.HTML {
	out := string(convert(src))
	// A one-paragraph choice loses its <p> so that the label stays inline.
	if inner, ok := strings.CutPrefix(strings.TrimSpace(out), "<p>"); ok {
		if inner, ok := strings.CutSuffix(inner, "</p>"); ok && !strings.Contains(inner, "<p>") {
			return template.HTML(inner)
		}
	}
	return template.HTML(out)
}

func convert(src string) template.HTML {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		// Convert fails only when writing to the buffer fails, which bytes.Buffer does not; escaping the
		// source keeps the page correct all the same.
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(buf.String())
}

// articleRe finds an article named the handbook's way, 【04】第13条, with the rest of a reference that may
// follow (第2項, (7)) left as text. A name already inside a Markdown link ("[【04】第13条](…)") is skipped.
var articleRe = regexp.MustCompile(`(\[?)【(\d{2})】第(\d+)条`)

// linkArticles turns article names in Markdown source into links to their anchors in the handbook.
func linkArticles(src string) string {
	return articleRe.ReplaceAllStringFunc(src, func(m string) string {
		if strings.HasPrefix(m, "[") {
			return m
		}
		sub := articleRe.FindStringSubmatch(m)
		id := sub[2] + "-" + sub[3]
		url := ArticleURL(id)
		if url == "" {
			return m
		}
		return "[" + m + "](" + url + ")"
	})
}

package handbook

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"isms/policy"
)

// page is a content file the build writes for Hugo: front matter and an HTML body.
type page struct {
	Path   string // relative to the staged content dir: standards/04.html
	Title  string
	Weight int
	Layout string
	Params map[string]string
	Body   string
}

func (p page) write(contentDir string) error {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", strconv.Quote(p.Title))
	if p.Weight != 0 {
		fmt.Fprintf(&b, "weight: %d\n", p.Weight)
	}
	if p.Layout != "" {
		fmt.Fprintf(&b, "layout: %s\n", p.Layout)
	}
	if len(p.Params) > 0 {
		b.WriteString("params:\n")
		for _, k := range sortedKeys(p.Params) {
			fmt.Fprintf(&b, "  %s: %s\n", k, strconv.Quote(p.Params[k]))
		}
	}
	b.WriteString("---\n")
	b.WriteString(p.Body)
	path := filepath.Join(contentDir, filepath.FromSlash(p.Path))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// stageContent writes the content Hugo builds: the repository's content/ as it is, except the policy text and
// the glossary, which are rendered from the model, plus the generated control pages.
func stageContent(doc *policy.Document, srcDir, dstDir string) (int, error) {
	generated := map[string]bool{policy.PolicyFile: true, "glossary/_index.md": true}
	for _, s := range doc.Standards {
		generated[filepath.ToSlash(s.File)] = true
	}
	if err := copyTree(srcDir, dstDir, generated); err != nil {
		return 0, err
	}
	glossarySrc, err := os.ReadFile(filepath.Join(srcDir, "glossary", "_index.md"))
	if err != nil {
		return 0, fmt.Errorf("用語集 content/glossary/_index.md が読めません: %w", err)
	}
	front, body := splitFront(string(glossarySrc))
	terms, intro, err := buildGlossary(doc, body)
	if err != nil {
		return 0, err
	}
	links := newLinker(doc, glossaryAnchors(terms))

	pages := []page{{Path: "glossary/_index.html", Title: front["title"], Layout: "glossary",
		Params: map[string]string{"description": front["description"]},
		Body:   markdown(intro) + renderGlossary(doc, terms)}}
	pages = append(pages, policyPage(doc, links))
	for i, s := range doc.Standards {
		params := map[string]string{"number": s.Number, "label": s.Label()}
		if i > 0 {
			params["prev_url"], params["prev_title"] = doc.Standards[i-1].URL(), doc.Standards[i-1].Label()+doc.Standards[i-1].Title
		}
		if i+1 < len(doc.Standards) {
			params["next_url"], params["next_title"] = doc.Standards[i+1].URL(), doc.Standards[i+1].Label()+doc.Standards[i+1].Title
		}
		n, _ := strconv.Atoi(s.Number)
		pages = append(pages, page{Path: "standards/" + s.Number + ".html", Title: s.Title, Weight: n,
			Layout: "standard", Params: params, Body: renderStandard(s, links.forPage(s))})
	}
	controls := collectControls(doc)
	pages = append(pages, page{Path: "controls/_index.html", Title: "ISO/IEC 27001 管理策", Body: renderControlIndex(controls)})
	for i, c := range controls {
		pages = append(pages, page{Path: "controls/" + ControlSlug(c.ID) + ".html", Title: "管理策 " + c.ID, Weight: i + 1,
			Body: renderControl(doc, c)})
	}
	for _, p := range pages {
		if err := p.write(dstDir); err != nil {
			return 0, err
		}
	}
	return len(pages), nil
}

// policyPage renders the 方針: its preamble and closing are Markdown; each 取組み is an anchored list item.
func policyPage(doc *policy.Document, l *linker) page {
	s := doc.Policy
	var b strings.Builder
	for _, bl := range s.Preamble {
		b.WriteString(markdown(bl.Text))
	}
	l = l.forPage(s)
	b.WriteString(`<ol class="commitments">`)
	for _, a := range s.Articles() {
		fmt.Fprintf(&b, `<li id="%s">%s</li>`, a.Anchor(), l.text(a.PlainText(), where{article: a}))
	}
	b.WriteString("</ol>")
	for _, ap := range s.Appendices {
		b.WriteString(`<div class="signature">`)
		for _, bl := range ap.Blocks {
			b.WriteString(markdown(bl.Text))
		}
		b.WriteString("</div>")
	}
	return page{Path: "policy/_index.html", Title: s.Title, Layout: "policy", Body: b.String()}
}

var md = goldmark.New(goldmark.WithExtensions(extension.Table))

// markdown renders trusted content Markdown (raw HTML is not passed through).
func markdown(src string) string {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return ""
	}
	return buf.String()
}

// splitFront separates simple "key: value" front matter from a Markdown file's body.
func splitFront(src string) (map[string]string, string) {
	front := map[string]string{}
	if !strings.HasPrefix(src, "---\n") {
		return front, src
	}
	end := strings.Index(src[4:], "\n---\n")
	if end < 0 {
		return front, src
	}
	for _, l := range strings.Split(src[4:4+end], "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			front[strings.TrimSpace(k)] = strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return front, src[4+end+5:]
}

// copyTree copies srcDir to dstDir, leaving out the files (slash paths relative to srcDir) in skip.
func copyTree(srcDir, dstDir string, skip map[string]bool) error {
	return filepath.WalkDir(srcDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(srcDir, path)
		if skip[filepath.ToSlash(rel)] {
			return nil
		}
		dst := filepath.Join(dstDir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

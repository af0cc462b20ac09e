package handbook

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
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
		for _, k := range slices.Sorted(maps.Keys(p.Params)) {
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

// Edition is one version of the text published as pages: the current text at the site root, or a frozen
// version under /versions/<id>/.
type Edition struct {
	Doc      *policy.Document
	Base     string // URL prefix of its pages, without a trailing slash: "" or "/versions/r02-08"
	Glossary string // the edition's content/glossary/_index.md
	// Params adds front matter to each page, by its URL path relative to Base ("/standards/04/"):
	// an old version's banner and version menu. May be nil.
	Params func(path string) map[string]string
}

// StageEdition writes the edition's pages (方針, standards, glossary, controls) under contentDir.
func StageEdition(e Edition, contentDir string) (int, error) {
	doc := e.Doc
	front, body := splitFront(e.Glossary)
	terms, intro, err := buildGlossary(doc, body)
	if err != nil {
		return 0, err
	}
	links := newLinker(doc, glossaryAnchors(terms), e.Base)

	pages := []page{{Path: "glossary/_index.html", Title: front["title"], Layout: "glossary",
		Params: map[string]string{"description": front["description"]},
		Body:   markdown(intro) + renderGlossary(doc, terms, e.Base)}}
	pages = append(pages, policyPage(doc, links))
	for i, s := range doc.Standards {
		params := map[string]string{"number": s.Number, "label": s.Label()}
		if i > 0 {
			prev := doc.Standards[i-1]
			params["prev_url"], params["prev_title"] = e.Base+prev.URL(), prev.Label()+prev.Title
		}
		if i+1 < len(doc.Standards) {
			next := doc.Standards[i+1]
			params["next_url"], params["next_title"] = e.Base+next.URL(), next.Label()+next.Title
		}
		n, _ := strconv.Atoi(s.Number)
		pages = append(pages, page{Path: "standards/" + s.Number + ".html", Title: s.Title, Weight: n,
			Layout: "standard", Params: params, Body: renderStandard(s, links.forPage(s))})
	}
	controls := collectControls(doc)
	pages = append(pages, page{Path: "controls/_index.html", Title: "ISO/IEC 27001 管理策", Layout: "plain",
		Body: renderControlIndex(doc, controls, e.Base)})
	for i, c := range controls {
		pages = append(pages, page{Path: "controls/" + ControlSlug(c.ID) + ".html", Title: "管理策 " + c.ID, Weight: i + 1,
			Body: renderControl(doc, c, e.Base)})
	}
	dir := filepath.Join(contentDir, filepath.FromSlash(strings.TrimPrefix(e.Base, "/")))
	for _, p := range pages {
		if e.Params != nil {
			if p.Params == nil {
				p.Params = map[string]string{}
			}
			for k, v := range e.Params(pagePath(p.Path)) {
				p.Params[k] = v
			}
		}
		if err := p.write(dir); err != nil {
			return 0, err
		}
	}
	return len(pages), nil
}

// pagePath is the URL path of a staged content file: standards/04.html → /standards/04/.
func pagePath(file string) string {
	p := strings.TrimSuffix(strings.TrimSuffix(file, ".html"), "_index")
	return "/" + strings.TrimSuffix(p, "/") + "/"
}

// stageContent writes what Hugo builds: the repository's content/ as it is, except the policy text and the
// glossary, which the current edition renders from the model.
func stageContent(doc *policy.Document, srcDir, dstDir string) (int, error) {
	generated := map[string]bool{policy.PolicyFile: true, "glossary/_index.md": true}
	for _, s := range doc.Standards {
		generated[filepath.ToSlash(s.File)] = true
	}
	if err := copyTree(srcDir, dstDir, generated); err != nil {
		return 0, err
	}
	glossary, err := os.ReadFile(filepath.Join(srcDir, "glossary", "_index.md"))
	if err != nil {
		return 0, fmt.Errorf("用語集 content/glossary/_index.md が読めません: %w", err)
	}
	return StageEdition(Edition{Doc: doc, Glossary: string(glossary)}, dstDir)
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
	fmt.Fprintf(&b, `<p class="history-link"><a href="%s/history/%s/">方針の改正履歴</a></p>`, l.base, policy.PolicyNumber)
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

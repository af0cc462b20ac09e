package handbook

import (
	"fmt"
	"html"
	"strings"

	"isms/policy/history"
)

// TableOptions says how to print a 新旧対照表.
type TableOptions struct {
	OldName, NewName string // the versions compared, for the column headings: 令和2年8月版
	// OldFirst puts 改正前 in the left column; the usual order is 改正後 | 改正前.
	OldFirst bool
	// Links adds, above each changed row, links to the article in each version (OldBase and NewBase are
	// their URL prefixes: "/versions/r02-08", "" for the current text). A file to print or send has none.
	Links            bool
	OldBase, NewBase string
}

// ComparisonHTML writes the table of every changed standard: the heading line （傍線部分は改正部分）, then
// per standard a table whose columns are 改正後 and 改正前, changed runs underlined — as <ins> in 改正後 and
// <del> in 改正前, each with a hidden label for screen readers, since the underline alone is not read out.
func ComparisonHTML(c *history.Comparison, o TableOptions) string {
	var b strings.Builder
	b.WriteString(`<div class="shinkyu">`)
	changed := c.Changed()
	if len(changed) == 0 {
		b.WriteString(`<p class="shinkyu-none">改正はありません（両方の版の条文は同じです）。</p></div>`)
		return b.String()
	}
	b.WriteString(`<nav class="shinkyu-toc no-print" aria-label="改正のあった基準"><ul>`)
	for _, s := range changed {
		n := 0
		for _, r := range s.Rows {
			if r.Change != 0 {
				n++
			}
		}
		fmt.Fprintf(&b, `<li><a href="#s%s">%s</a> <span class="count">%d か所</span></li>`, s.Number, html.EscapeString(s.Label()+s.Title), n)
	}
	b.WriteString("</ul></nav>")
	b.WriteString(`<p class="shinkyu-lead">（傍線部分は改正部分）</p>`)
	for _, s := range changed {
		writeStandardTable(&b, s, o)
	}
	b.WriteString("</div>")
	return b.String()
}

func writeStandardTable(b *strings.Builder, s *history.StandardDiff, o TableOptions) {
	title := s.Label() + s.Title
	fmt.Fprintf(b, `<section class="shinkyu-standard" aria-labelledby="s%s"><h2 id="s%s">%s</h2>`, s.Number, s.Number, html.EscapeString(title))
	fmt.Fprintf(b, `<table class="shinkyu-table"><caption class="visually-hidden">%sの新旧対照表（傍線部分は改正部分）</caption><thead><tr>`, html.EscapeString(title))
	heads := []string{columnHead("改正後", o.NewName), columnHead("改正前", o.OldName)}
	if o.OldFirst {
		heads[0], heads[1] = heads[1], heads[0]
	}
	for _, h := range heads {
		fmt.Fprintf(b, `<th scope="col">%s</th>`, h)
	}
	b.WriteString("</tr></thead><tbody>")
	for _, r := range s.Rows {
		writeRow(b, r, o)
	}
	b.WriteString("</tbody></table></section>")
}

func columnHead(what, version string) string {
	if version == "" {
		return what
	}
	return what + `<span class="shinkyu-version">（` + html.EscapeString(version) + `）</span>`
}

func writeRow(b *strings.Builder, r *history.Row, o TableOptions) {
	anchors := r.Anchors()
	class := rowClass(r.Change)
	if len(anchors) > 0 {
		fmt.Fprintf(b, `<tr id="%s" class="%s">`, anchors[0], class)
	} else {
		fmt.Fprintf(b, `<tr class="%s">`, class)
	}
	newCell, oldCell := cell(r.NewLines, "ins"), cell(r.OldLines, "del")
	var meta strings.Builder
	for _, a := range anchors[min(1, len(anchors)):] {
		fmt.Fprintf(&meta, `<span id="%s"></span>`, a) // the other articles of a folded run, for links from history pages
	}
	if r.Change != 0 {
		fmt.Fprintf(&meta, `<p class="row-meta no-print"><span class="row-kind">%s</span>`, html.EscapeString(r.Change.String()))
		if o.Links && r.Unit == "" {
			if len(r.New) > 0 {
				fmt.Fprintf(&meta, ` <a href="%s%s#%s">改正後の条文</a>`, o.NewBase, standardURL(r.New[0]), r.New[0].Anchor())
			}
			if len(r.Old) > 0 {
				fmt.Fprintf(&meta, ` <a href="%s%s#%s">改正前の条文</a>`, o.OldBase, standardURL(r.Old[0]), r.Old[0].Anchor())
			}
		}
		meta.WriteString("</p>")
	}
	cells := []string{meta.String() + newCell, oldCell}
	if o.OldFirst {
		cells = []string{meta.String() + oldCell, newCell}
	}
	for _, c := range cells {
		fmt.Fprintf(b, "<td>%s</td>", c)
	}
	b.WriteString("</tr>\n")
}

func rowClass(c history.Change) string {
	switch {
	case c == 0:
		return "row-same"
	case c&history.Added != 0:
		return "row-added"
	case c&history.Deleted != 0:
		return "row-deleted"
	case c == history.Renumbered:
		return "row-moved"
	}
	return "row-amended"
}

// cell prints a column's lines; changed runs are wrapped in tag (ins or del) with hidden labels around
// them, so that a screen reader says where the underline starts and ends.
func cell(lines []history.Line, tag string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(`<p class="l">`)
		for i := 0; i < len(l); i++ {
			if !l[i].Changed {
				b.WriteString(html.EscapeString(l[i].Text))
				continue
			}
			text := l[i].Text
			for i+1 < len(l) && l[i+1].Changed {
				i++
				text += l[i].Text
			}
			fmt.Fprintf(&b, `<%s><span class="visually-hidden">［傍線］</span>%s<span class="visually-hidden">［傍線ここまで］</span></%s>`, tag, html.EscapeString(text), tag)
		}
		b.WriteString("</p>")
	}
	return b.String()
}

// ComparisonDocument writes a 新旧対照表 as a standalone HTML file that prints on A4 landscape with the
// column heading repeated on every page: what isms diff produces for the 事務局 to circulate.
func ComparisonDocument(c *history.Comparison, o TableOptions) string {
	var b strings.Builder
	title := fmt.Sprintf("新旧対照表（%s → %s）", o.OldName, o.NewName)
	b.WriteString("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<style>\n%s%s%s</style>\n</head>\n<body>\n<main>\n", html.EscapeString(title), documentCSS, shinkyuCSS, shinkyuPrintCSS)
	fmt.Fprintf(&b, "<h1>情報セキュリティ方針・対策基準 %s</h1>\n", html.EscapeString(title))
	b.WriteString(ComparisonHTML(c, o))
	b.WriteString("\n</main>\n</body>\n</html>\n")
	return b.String()
}

// pairBody is the content of a prebuilt 新旧対照表 page on the site.
func (s *versionSite) pairBody(p *history.Pair) string {
	var b strings.Builder
	// Landscape only for this page's print-out: the rest of the site prints portrait.
	b.WriteString(`<link rel="stylesheet" href="/assets/shinkyu-print.css" media="print">`)
	oldName, newName := p.Old.Name, s.editionName(p.NewID())
	fmt.Fprintf(&b, `<p class="shinkyu-intro">%s（%s施行）から`, html.EscapeString(oldName), p.Old.Effective.Japanese())
	if p.New != nil {
		fmt.Fprintf(&b, `%s（%s施行）への改正を、条ごとに示します。`, html.EscapeString(newName), p.New.Effective.Japanese())
	} else {
		b.WriteString(`現行版への、版として登録されていない変更を、条ごとに示します。`)
	}
	b.WriteString("改正のない条は（略）としています。</p>")
	b.WriteString(ComparisonHTML(p.Comparison, TableOptions{OldName: oldName, NewName: newName, Links: true,
		OldBase: versionBase(p.Old.ID), NewBase: versionBase(p.NewID())}))
	return b.String()
}

// stagePair writes the page of one 新旧対照表.
func (s *versionSite) stagePair(p *history.Pair) error {
	title := fmt.Sprintf("新旧対照表（%s → %s）", p.Old.Name, s.editionName(p.NewID()))
	path := strings.TrimPrefix(PairURL(p.Old.ID, p.NewID()), "/") + "index.html"
	return jsonPage{Path: path, Title: title, Layout: "plain", Body: s.pairBody(p)}.write(s.dir)
}

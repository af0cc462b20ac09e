package handbook

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"isms/policy"
)

// renderStandard writes the body of a standard's page: its table of contents, then its chapters and
// articles as semantic HTML (<article id="art-N">, 項 and 号 as ordered lists with their own anchors).
func renderStandard(s *policy.Standard, l *linker) string {
	var b strings.Builder
	b.WriteString(`<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">目次</h2><ol class="toc-chapters">`)
	for _, c := range s.Chapters {
		fmt.Fprintf(&b, `<li><a href="#ch-%d">%s</a><ol class="toc-articles">`, c.Number, html.EscapeString(chapterTitle(c)))
		for _, a := range c.Articles {
			fmt.Fprintf(&b, `<li><a href="#%s">%s</a></li>`, a.Anchor(), html.EscapeString(a.Heading()))
		}
		b.WriteString(`</ol></li>`)
	}
	for i, ap := range s.Appendices {
		fmt.Fprintf(&b, `<li><a href="#appendix-%d">%s</a></li>`, i+1, html.EscapeString(ap.Title))
	}
	b.WriteString("</ol></nav>\n")
	for _, c := range s.Chapters {
		fmt.Fprintf(&b, `<section class="chapter" aria-labelledby="ch-%d"><h2 id="ch-%d">%s</h2>`+"\n", c.Number, c.Number, html.EscapeString(chapterTitle(c)))
		for _, a := range c.Articles {
			renderArticle(&b, a, l)
		}
		b.WriteString("</section>\n")
	}
	for i, ap := range s.Appendices {
		fmt.Fprintf(&b, `<section class="appendix" aria-labelledby="appendix-%d"><h2 id="appendix-%d">%s</h2>`, i+1, i+1, html.EscapeString(ap.Title))
		renderBlocks(&b, ap.Blocks, l, where{})
		b.WriteString("</section>\n")
	}
	return b.String()
}

func chapterTitle(c *policy.Chapter) string { return fmt.Sprintf("第%d章 %s", c.Number, c.Title) }

func renderArticle(b *strings.Builder, a *policy.Article, l *linker) {
	fmt.Fprintf(b, `<article class="article" id="%s" aria-labelledby="%s-h">`, a.Anchor(), a.Anchor())
	fmt.Fprintf(b, `<h3 id="%s-h">%s</h3>`, a.Anchor(), html.EscapeString(a.Heading()))
	b.WriteString(`<p class="article-meta">`)
	if len(a.Controls) > 0 {
		b.WriteString(`<span class="controls">管理策 `)
		for i, c := range a.Controls {
			if i > 0 {
				b.WriteString("、")
			}
			fmt.Fprintf(b, `<a href="%s/controls/%s/">%s</a>`, l.base, ControlSlug(c), html.EscapeString(c))
		}
		b.WriteString(`</span> `)
	}
	fmt.Fprintf(b, `<a class="permalink" href="#%s" data-copy>この条のリンク<span class="visually-hidden">（%s）</span></a>`, a.Anchor(), html.EscapeString(a.Heading()))
	fmt.Fprintf(b, ` <a class="history-link" href="%s">改正履歴<span class="visually-hidden">（%s）</span></a>`, HistoryURL(l.base, a), html.EscapeString(a.Heading()))
	b.WriteString("</p>\n")
	b.WriteString(`<ol class="paragraphs">`)
	for _, p := range a.Paragraphs {
		fmt.Fprintf(b, `<li id="%s">`, p.Anchor(a))
		if p.Number > 1 {
			fmt.Fprintf(b, `<span class="pnum" aria-hidden="true">%d</span><span class="visually-hidden">第%d項</span>`, p.Number, p.Number)
		}
		renderBlocks(b, p.Blocks, l, where{article: a, para: p.Number})
		b.WriteString("</li>\n")
	}
	b.WriteString("</ol></article>\n")
}

// renderBlocks writes a run of blocks; consecutive items form one list whose items carry anchors
// art-N-P-I (号 I of 項 P) and, for sub-items, art-N-P-I-J.
func renderBlocks(b *strings.Builder, blocks []policy.Block, l *linker, w where, prefix ...string) {
	inList := false
	for _, bl := range blocks {
		if bl.Kind != policy.ItemBlock && inList {
			b.WriteString("</ol>")
			inList = false
		}
		switch bl.Kind {
		case policy.TextBlock:
			fmt.Fprintf(b, "<p>%s</p>", l.text(bl.Text, w))
		case policy.NoteBlock:
			fmt.Fprintf(b, `<p class="note">%s</p>`, noteHTML(bl.Text, l, w))
		case policy.TableBlock:
			renderTable(b, bl.Table, l, w)
		case policy.ItemBlock:
			if !inList {
				b.WriteString(`<ol class="items">`)
				inList = true
			}
			id := ""
			if w.article != nil {
				parts := append(append([]string{w.article.Anchor(), strconv.Itoa(w.para)}, prefix...), strconv.Itoa(bl.Item.Number))
				id = ` id="` + strings.Join(parts, "-") + `"`
			}
			fmt.Fprintf(b, `<li%s><span class="label">%s</span> %s`, id, html.EscapeString(bl.Item.Label), l.text(bl.Item.Text, w))
			if len(bl.Item.Blocks) > 0 {
				renderBlocks(b, bl.Item.Blocks, l, w, append(prefix, strconv.Itoa(bl.Item.Number))...)
			}
			b.WriteString("</li>")
		}
	}
	if inList {
		b.WriteString("</ol>")
	}
}

// noteHTML keeps a definition's bold term (※**マルウェア (Malware)** とは…) as <strong> and gives it an anchor.
func noteHTML(text string, l *linker, w where) template.HTML {
	if i := strings.Index(text, "**"); i >= 0 {
		if j := strings.Index(text[i+2:], "**"); j >= 0 {
			term := text[i+2 : i+2+j]
			return template.HTML(html.EscapeString(text[:i]) + `<dfn><strong>` + html.EscapeString(term) + `</strong></dfn>` + string(l.text(text[i+2+j+2:], w)))
		}
	}
	return l.text(text, w)
}

// renderTable writes a table with header cells; an empty first cell continues the group above it, so the
// first column is merged with rowspan as in the printed standard.
func renderTable(b *strings.Builder, t *policy.Table, l *linker, w where) {
	b.WriteString(`<div class="table-wrap"><table>`)
	if t.Caption != "" {
		fmt.Fprintf(b, "<caption>%s</caption>", html.EscapeString(t.Caption))
	}
	b.WriteString("<thead><tr>")
	for _, h := range t.Header {
		fmt.Fprintf(b, `<th scope="col">%s</th>`, cellHTML(h, l, w))
	}
	b.WriteString("</tr></thead><tbody>")
	for i, r := range t.Rows {
		b.WriteString("<tr>")
		for j, c := range r {
			if j == 0 {
				if c == "" && i > 0 {
					continue
				}
				span := 1
				for k := i + 1; k < len(t.Rows) && t.Rows[k][0] == ""; k++ {
					span++
				}
				rs := ""
				if span > 1 {
					rs = fmt.Sprintf(` rowspan="%d"`, span)
				}
				fmt.Fprintf(b, `<th scope="%s"%s>%s</th>`, map[bool]string{true: "rowgroup", false: "row"}[span > 1], rs, cellHTML(c, l, w))
				continue
			}
			fmt.Fprintf(b, "<td>%s</td>", cellHTML(c, l, w))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table></div>")
}

func cellHTML(c string, l *linker, w where) template.HTML {
	parts := strings.Split(c, "<br>")
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = string(l.text(strings.TrimSpace(p), w))
	}
	return template.HTML(strings.Join(out, "<br>"))
}

// ControlSlug is the URL segment of a control's page: A9.4.2 → a9-4-2.
func ControlSlug(c string) string { return strings.ToLower(strings.ReplaceAll(c, ".", "-")) }

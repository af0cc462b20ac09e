package handbook

import (
	"fmt"
	"html"
	"strings"

	"isms/policy"
	"isms/policy/iso"
)

// control2022 is a control of ISO/IEC 27001:2022 and the articles that cite one of its 2013 controls, in the
// handbook's order.
type control2022 struct {
	iso.Control
	Articles []*policy.Article
}

func collect2022(doc *policy.Document) []*control2022 {
	var out []*control2022
	for _, c := range iso.Controls() {
		out = append(out, &control2022{Control: c})
	}
	byID := map[string]*control2022{}
	for _, c := range out {
		byID[c.ID] = c
	}
	for _, a := range doc.Articles() {
		for _, id := range iso.To2022(a.Controls) {
			byID[id].Articles = append(byID[id].Articles, a)
		}
	}
	return out
}

// anchor22 is the fragment of a 2022 control on /controls/: 8.5 → c22-8-5.
func anchor22(id string) string { return "c22-" + strings.ReplaceAll(id, ".", "-") }

// link22 links a 2022 control's entry on /controls/ by its number and name.
func link22(id, base string) string {
	c, _ := iso.Lookup(id)
	return fmt.Sprintf(`<a href="%s/controls/#%s">%s %s</a>`, base, anchor22(id), id, html.EscapeString(c.Name))
}

// relationSentence says what became of a 2013 control in 2022.
func relationSentence(m iso.Mapping, base string) string {
	switch m.Relation {
	case iso.Split:
		links := make([]string, len(m.To))
		for i, id := range m.To {
			links[i] = link22(id, base)
		}
		return "2022年版では " + strings.Join(links, " と ") + " に分かれました。"
	case iso.Merged:
		c, _ := iso.Lookup(m.To[0])
		var others []string
		for _, id := range c.From {
			if id != m.From {
				others = append(others, id)
			}
		}
		return "2022年版では、" + strings.Join(others, "、") + " とあわせて " + link22(m.To[0], base) + " にまとめられました。"
	default:
		return "2022年版では " + link22(m.To[0], base) + " に当たります。"
	}
}

// renderUncovered lists the 2022 controls that no article covers: those new in 2022, then those whose 2013
// controls the handbook does not cite.
func renderUncovered(b *strings.Builder, controls []*control2022, base string) {
	var added, uncited []*control2022
	for _, c := range controls {
		switch {
		case len(c.Articles) > 0:
		case c.New:
			added = append(added, c)
		default:
			uncited = append(uncited, c)
		}
	}
	fmt.Fprintf(b, `<section aria-labelledby="uncovered"><h2 id="uncovered">条文が対応していない2022年版の管理策（%d 件）</h2>`, len(added)+len(uncited))
	b.WriteString("<p>審査で最初に確認される管理策です。どの条文も、これらに読み替えられる管理策を引用していません。</p>\n")
	list := func(title string, cs []*control2022, from bool) {
		fmt.Fprintf(b, `<h3>%s（%d 件）</h3><ul class="c22-short">`, title, len(cs))
		for _, c := range cs {
			fmt.Fprintf(b, `<li><a href="#%s">%s %s</a>`, anchor22(c.ID), c.ID, html.EscapeString(c.Name))
			if from {
				fmt.Fprintf(b, ` <span class="c22-from">2013年版 %s</span>`, strings.Join(c.From, "、"))
			}
			b.WriteString("</li>")
		}
		b.WriteString("</ul>\n")
	}
	list("2022年版で新設された管理策", added, false)
	if len(uncited) > 0 {
		list("2013年版にもあり、対策基準が引用していない管理策", uncited, true)
	}
	b.WriteString("</section>\n")
}

// render2022 lists every 2022 control by theme with the 2013 controls it comes from and the articles that
// cover it.
func render2022(b *strings.Builder, doc *policy.Document, controls []*control2022, cited []*control, base string) {
	pages := map[string]bool{}
	for _, c := range cited {
		pages[c.ID] = true
	}
	b.WriteString(`<section aria-labelledby="v2022"><h2 id="v2022">2022年版の番号による一覧</h2>` + "\n")
	for _, t := range iso.Themes {
		var in []*control2022
		for _, c := range controls {
			if c.Theme() == t.Number {
				in = append(in, c)
			}
		}
		fmt.Fprintf(b, `<section aria-labelledby="theme-%d"><h3 id="theme-%d">%d %s（%d 件）</h3><ul class="c22-list">`, t.Number, t.Number, t.Number, t.Name, len(in))
		for _, c := range in {
			render2022Entry(b, doc, c, pages, base)
		}
		b.WriteString("</ul></section>\n")
	}
	b.WriteString("</section>\n")
}

// render2022Entry writes one 2022 control: its number and name, the 2013 controls it comes from (linked
// where the handbook cites them and so has their page), and its articles.
func render2022Entry(b *strings.Builder, doc *policy.Document, c *control2022, pages map[string]bool, base string) {
	fmt.Fprintf(b, `<li id="%s"><h4 class="c22-head"><span class="c22-id">%s</span> %s</h4>`, anchor22(c.ID), c.ID, html.EscapeString(c.Name))
	if c.New {
		b.WriteString(`<p class="c22-from">2022年版で新設</p>`)
	} else {
		from := make([]string, len(c.From))
		for i, id := range c.From {
			from[i] = id
			if pages[id] {
				from[i] = fmt.Sprintf(`<a href="%s/controls/%s/">%s</a>`, base, ControlSlug(id), id)
			}
		}
		fmt.Fprintf(b, `<p class="c22-from">2013年版 %s</p>`, strings.Join(from, "、"))
	}
	if len(c.Articles) == 0 {
		b.WriteString(`<p class="c22-none">対応する条文はありません。</p>`)
	} else {
		b.WriteString(`<ul class="article-list">`)
		for _, a := range c.Articles {
			b.WriteString("<li>" + articleLink(doc, a, base) + "</li>")
		}
		b.WriteString("</ul>")
	}
	b.WriteString("</li>\n")
}

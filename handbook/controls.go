package handbook

import (
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"

	"isms/policy"
	"isms/policy/iso"
)

// clauses are the Annex A clauses of ISO/IEC 27001:2013 (JIS Q 27001:2014) that group the controls.
var clauses = map[int]string{
	5: "情報セキュリティのための方針群", 6: "情報セキュリティのための組織", 7: "人的資源のセキュリティ",
	8: "資産の管理", 9: "アクセス制御", 10: "暗号", 11: "物理的及び環境的セキュリティ", 12: "運用のセキュリティ",
	13: "通信のセキュリティ", 14: "システムの取得、開発及び保守", 15: "供給者関係",
	16: "情報セキュリティインシデント管理", 17: "事業継続マネジメントにおける情報セキュリティの側面", 18: "順守",
}

// control is one Annex A control of 2013 and the articles that cite it.
type control struct {
	ID       string // A9.4.2
	Articles []*policy.Article
}

func (c control) clause() int {
	n, _ := strconv.Atoi(strings.SplitN(strings.TrimPrefix(c.ID, "A"), ".", 2)[0])
	return n
}

// collectControls lists every cited control in Annex A order.
func collectControls(doc *policy.Document) []*control {
	byID := map[string]*control{}
	for _, a := range doc.Articles() {
		for _, id := range a.Controls {
			c := byID[id]
			if c == nil {
				c = &control{ID: id}
				byID[id] = c
			}
			c.Articles = append(c.Articles, a)
		}
	}
	out := make([]*control, 0, len(byID))
	for _, c := range byID {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *control) int { return iso.Compare(a.ID, b.ID) })
	return out
}

// renderControlIndex writes /controls/: first what an auditor asks in 2022 numbers (the 2022 controls no
// article covers, then every 2022 control with its articles), then the cited 2013 controls by clause.
func renderControlIndex(doc *policy.Document, controls []*control, base string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<p>対策基準の条文は、ISO/IEC 27001:2013（JIS Q 27001:2014）附属書A の管理策 %d 件を引用しています。"+
		"2013年版に基づく認証は2025年10月31日（令和7年10月31日）に効力を失い、審査では2022年版の番号が使われます。"+
		"このページでは、条文が引用する2013年版の管理策を2022年版の番号に読み替えて示します。"+
		"読み替えは ISO/IEC 27002:2022 附属書B の対応表によります（2022年版の管理策の名称は、このハンドブックでの略称です）。</p>\n", len(controls))
	b.WriteString(`<nav class="toc" aria-labelledby="controls-toc"><h2 id="controls-toc">このページの内容</h2><ul>` +
		`<li><a href="#uncovered">条文が対応していない2022年版の管理策</a></li><li><a href="#v2022">2022年版の番号による一覧</a><ul>`)
	for _, t := range iso.Themes {
		fmt.Fprintf(&b, `<li><a href="#theme-%d">%d %s</a></li>`, t.Number, t.Number, t.Name)
	}
	b.WriteString(`</ul></li><li><a href="#v2013">2013年版の箇条による一覧</a></li></ul></nav>` + "\n")
	c22 := collect2022(doc)
	renderUncovered(&b, c22, base)
	render2022(&b, doc, c22, controls, base)
	render2013(&b, controls, base)
	return b.String()
}

// render2013 lists the cited 2013 controls by clause, with how many articles cite each and their 2022
// numbers.
func render2013(b *strings.Builder, controls []*control, base string) {
	b.WriteString(`<section aria-labelledby="v2013"><h2 id="v2013">2013年版の箇条による一覧</h2>` +
		"<p>管理策を選ぶと、それを実施している条文の一覧が表示されます。→ の後は2022年版の番号です。</p>\n")
	clause := 0
	for _, c := range controls {
		if c.clause() != clause {
			if clause != 0 {
				b.WriteString("</ul></section>\n")
			}
			clause = c.clause()
			fmt.Fprintf(b, `<section aria-labelledby="a%d"><h3 id="a%d">A.%d %s</h3><ul class="control-list">`, clause, clause, clause, html.EscapeString(clauses[clause]))
		}
		fmt.Fprintf(b, `<li><a href="%s/controls/%s/">%s</a> <span class="count">%d 条</span>`, base, ControlSlug(c.ID), c.ID, len(c.Articles))
		if m, ok := iso.From2013(c.ID); ok {
			fmt.Fprintf(b, ` <span class="c22-to">→ %s</span>`, strings.Join(m.To, "、"))
		}
		b.WriteString("</li>")
	}
	if clause != 0 {
		b.WriteString("</ul></section>\n")
	}
	b.WriteString("</section>\n")
}

// renderControl writes one control's page: its 2022 control(s), then the articles that cite it.
func renderControl(doc *policy.Document, c *control, base string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<p>ISO/IEC 27001:2013 附属書A 箇条 A.%d（%s）の管理策 %s です。</p>`, c.clause(), html.EscapeString(clauses[c.clause()]), c.ID)
	if m, ok := iso.From2013(c.ID); ok {
		fmt.Fprintf(&b, `<p class="c22-note">%s</p>`, relationSentence(m, base))
	}
	fmt.Fprintf(&b, `<h2>この管理策を実施している条文（%d 条）</h2><ul class="article-list">`, len(c.Articles))
	for _, a := range c.Articles {
		b.WriteString("<li>" + articleLink(doc, a, base) + "</li>")
	}
	b.WriteString("</ul>")
	return b.String()
}

// articleLink links an article from a list: 【04】第13条（パスワードの利用） and its standard's title.
func articleLink(doc *policy.Document, a *policy.Article, base string) string {
	std := doc.Standard(a.Standard)
	return fmt.Sprintf(`<a href="%s#%s">%s%s</a> <span class="std">%s</span>`, base+std.URL(), a.Anchor(), std.Label(), html.EscapeString(a.Heading()), html.EscapeString(std.Title))
}

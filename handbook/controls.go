package handbook

import (
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"

	"isms/policy"
)

// clauses are the Annex A clauses of ISO/IEC 27001:2013 (JIS Q 27001:2014) that group the controls.
var clauses = map[int]string{
	5: "情報セキュリティのための方針群", 6: "情報セキュリティのための組織", 7: "人的資源のセキュリティ",
	8: "資産の管理", 9: "アクセス制御", 10: "暗号", 11: "物理的及び環境的セキュリティ", 12: "運用のセキュリティ",
	13: "通信のセキュリティ", 14: "システムの取得、開発及び保守", 15: "供給者関係",
	16: "情報セキュリティインシデント管理", 17: "事業継続マネジメントにおける情報セキュリティの側面", 18: "順守",
}

// control is one Annex A control and the articles that cite it.
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
	sort.Slice(out, func(i, j int) bool { return controlLess(out[i].ID, out[j].ID) })
	return out
}

func controlLess(a, b string) bool {
	pa, pb := strings.Split(strings.TrimPrefix(a, "A"), "."), strings.Split(strings.TrimPrefix(b, "A"), ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}

// renderControlIndex writes /controls/: the controls grouped by clause, with how many articles cite each.
func renderControlIndex(controls []*control, base string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<p>対策基準の条文が準拠している ISO/IEC 27001:2013 附属書A の管理策（%d 件）を、箇条ごとに示します。管理策を選ぶと、それを実施している条文の一覧が表示されます。</p>\n", len(controls))
	clause := 0
	for _, c := range controls {
		if c.clause() != clause {
			if clause != 0 {
				b.WriteString("</ul></section>\n")
			}
			clause = c.clause()
			fmt.Fprintf(&b, `<section aria-labelledby="a%d"><h2 id="a%d">A.%d %s</h2><ul class="control-list">`, clause, clause, clause, html.EscapeString(clauses[clause]))
		}
		fmt.Fprintf(&b, `<li><a href="%s/controls/%s/">%s</a> <span class="count">%d 条</span></li>`, base, ControlSlug(c.ID), c.ID, len(c.Articles))
	}
	if clause != 0 {
		b.WriteString("</ul></section>\n")
	}
	return b.String()
}

// renderControl writes one control's page: the articles that cite it.
func renderControl(doc *policy.Document, c *control, base string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<p>附属書A 箇条 A.%d（%s）の管理策 %s を実施している条文です。</p><ul class="article-list">`, c.clause(), html.EscapeString(clauses[c.clause()]), c.ID)
	for _, a := range c.Articles {
		std := doc.Standard(a.Standard)
		fmt.Fprintf(&b, `<li><a href="%s#%s">%s%s</a> <span class="std">%s</span></li>`, base+std.URL(), a.Anchor(), std.Label(), html.EscapeString(a.Heading()), html.EscapeString(std.Title))
	}
	b.WriteString("</ul>")
	return b.String()
}

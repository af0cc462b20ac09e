package handbook

import (
	"fmt"
	"html"
	"strings"

	"isms/policy"
	"isms/policy/history"
)

// HistoryURL is where an article's revision history is, in the edition whose pages start with base
// ("" for the current text, "/versions/r02-08" for a frozen version): /history/04/#art-13. Article pages
// link to it.
func HistoryURL(base string, a *policy.Article) string {
	return base + "/history/" + a.Standard + "/#" + a.Anchor()
}

// stageHistory writes the history pages of one edition: /history/ (or /versions/<id>/history/) listing
// each version's changes, and one page per standard with the history of each of its articles, anchored
// art-N as that edition numbers them.
func (s *versionSite) stageHistory(id string, doc *policy.Document) error {
	base := versionBase(id)
	dir := strings.TrimPrefix(base+"/history", "/")
	pages := []jsonPage{{Path: dir + "/_index.html", Title: "改正履歴", Layout: "plain",
		Params: s.frozenParams(id, "/history/"), Body: s.historyIndex(base, doc)}}
	stds := append([]*policy.Standard{doc.Policy}, doc.Standards...)
	for i, st := range stds {
		pages = append(pages, jsonPage{Path: dir + "/" + st.Number + ".html", Title: standardName(st) + "の改正履歴",
			Weight: i + 1, Layout: "plain", Params: s.frozenParams(id, "/history/"+st.Number+"/"), Body: s.standardHistory(id, st)})
	}
	for _, p := range pages {
		if err := p.write(s.dir); err != nil {
			return err
		}
	}
	return nil
}

// historyIndex lists the standards' history pages and, for each version, what it changed.
func (s *versionSite) historyIndex(base string, doc *policy.Document) string {
	var b strings.Builder
	b.WriteString("<p>方針と各基準の条ごとに、どの版で新設・改正・条番号変更・削除されたかを示します。</p>")
	b.WriteString(s.noHistoryNote())
	b.WriteString(`<ul class="page-list">`)
	for _, st := range append([]*policy.Standard{doc.Policy}, doc.Standards...) {
		fmt.Fprintf(&b, `<li><a href="%s/history/%s/">%s</a></li>`, base, st.Number, html.EscapeString(standardName(st)))
	}
	b.WriteString("</ul>")
	for i := len(s.h.Pairs) - 1; i >= 0; i-- {
		p := s.h.Pairs[i]
		heading := html.EscapeString(s.editionName(p.NewID()))
		if p.New != nil {
			heading += fmt.Sprintf("（%s施行）", p.New.Effective.Japanese())
		} else {
			heading += "（版として登録されていない変更）"
		}
		fmt.Fprintf(&b, `<section class="version-changes"><h2>%s</h2><p><a href="%s">新旧対照表（%s → %s）</a></p><ul>`,
			heading, PairURL(p.Old.ID, p.NewID()), html.EscapeString(p.Old.Name), html.EscapeString(s.editionName(p.NewID())))
		for _, sd := range p.Comparison.Changed() {
			for _, r := range sd.Rows {
				if r.Change == 0 {
					continue
				}
				anchors := r.Anchors()
				href := PairURL(p.Old.ID, p.NewID())
				if len(anchors) > 0 {
					href += "#" + anchors[0]
				}
				fmt.Fprintf(&b, `<li><a href="%s">%s%s</a> %s</li>`, href, sd.Label(), html.EscapeString(rowName(r)), r.Change)
			}
		}
		b.WriteString("</ul></section>")
	}
	return b.String()
}

// rowName names what a row of a 新旧対照表 covers: 第13条, 旧第5条, 第4条～第6条, 第2章.
func rowName(r *history.Row) string {
	if r.Unit != "" {
		return r.Unit
	}
	name := func(arts []*policy.Article) string {
		first := articleNumberName(arts[0])
		if len(arts) == 1 {
			return first
		}
		return first + "～" + articleNumberName(arts[len(arts)-1])
	}
	if len(r.New) == 0 {
		return "旧" + name(r.Old)
	}
	return name(r.New)
}

func articleNumberName(a *policy.Article) string {
	if a.Standard == policy.PolicyNumber {
		return fmt.Sprintf("取組み%d", a.Number)
	}
	return fmt.Sprintf("第%d条", a.Number)
}

func (s *versionSite) noHistoryNote() string {
	if len(s.h.Editions) > 0 {
		return ""
	}
	why := "版の一覧（versions.toml）に版が登録されていない"
	if s.archive.Notice != "" {
		why = "このサイトの生成時に git の履歴を読めなかった"
	}
	return fmt.Sprintf(`<p class="note">%sため、改正履歴を表示できません。</p>`, why)
}

// standardHistory writes the history of each article of st as edition id has it, then of the articles
// of the same standard that edition does not have (deleted before it, or added after it).
func (s *versionSite) standardHistory(id string, st *policy.Standard) string {
	base := versionBase(id)
	var b strings.Builder
	fmt.Fprintf(&b, `<p>各条が、どの版で新設・改正・条番号変更・削除されたかを示します。改正の内容は「新旧対照表」で確認できます。<a href="%s%s">%sの本文へ</a></p>`,
		base, st.URL(), html.EscapeString(standardName(st)))
	b.WriteString(s.noHistoryNote())
	present, absent := s.h.OfStandard(id, st.Number)
	for _, l := range present {
		a := l.In(id)
		fmt.Fprintf(&b, `<section class="article-history" id="%s" aria-labelledby="%s-h"><h2 id="%s-h"><a href="%s%s#%s">%s</a></h2>`,
			a.Anchor(), a.Anchor(), a.Anchor(), base, st.URL(), a.Anchor(), html.EscapeString(articleName(a)))
		s.writeEntries(&b, l)
		b.WriteString("</section>")
	}
	if len(absent) > 0 {
		b.WriteString(`<h2 id="others">この版にない条</h2>`)
		for _, l := range absent {
			last := lastArticle(l)
			fmt.Fprintf(&b, `<section class="article-history" id="lineage-%s" aria-labelledby="lineage-%s-h"><h3 id="lineage-%s-h">%s</h3>`,
				l.Key, l.Key, l.Key, html.EscapeString(articleName(last)))
			s.writeEntries(&b, l)
			b.WriteString("</section>")
		}
	}
	return b.String()
}

// lastArticle is the lineage's article as it last stood: in the current text, or before its deletion.
func lastArticle(l *history.Lineage) *policy.Article {
	if a := l.In(history.CurrentID); a != nil {
		return a
	}
	e := l.Entries[len(l.Entries)-1]
	if e.New != nil {
		return e.New
	}
	return e.Old
}

func (s *versionSite) writeEntries(b *strings.Builder, l *history.Lineage) {
	if len(l.Entries) == 0 {
		b.WriteString(`<p class="history-none">改正履歴はありません。</p>`)
		return
	}
	b.WriteString(`<ol class="history-entries">`)
	for _, e := range l.Entries {
		b.WriteString("<li>")
		switch {
		case e.Edition == nil && e.New != nil:
			fmt.Fprintf(b, `<span class="history-date">版として登録前</span> <a href="%s#%s">現行版</a>`, standardURL(e.New), e.New.Anchor())
		case e.Edition == nil:
			b.WriteString(`<span class="history-date">版として登録前</span> <a href="/">現行版</a>`)
		default:
			fmt.Fprintf(b, `<time class="history-date" datetime="%s">%s施行</time> `, e.Edition.Effective, e.Edition.Effective.Japanese())
			a := e.New
			if a == nil {
				fmt.Fprintf(b, `<a href="%s/">%s</a>`, versionBase(e.Edition.ID), html.EscapeString(e.Edition.Name))
			} else {
				fmt.Fprintf(b, `<a href="%s%s#%s">%s</a>`, versionBase(e.Edition.ID), standardURL(a), a.Anchor(), html.EscapeString(e.Edition.Name))
			}
		}
		fmt.Fprintf(b, ` <span class="history-kind">%s</span>`, html.EscapeString(e.Kind()))
		if d := entryDetails(e); len(d) > 0 {
			fmt.Fprintf(b, "（%s）", html.EscapeString(strings.Join(d, "、")))
		}
		if e.Pair != nil {
			var anchor string
			if e.New != nil {
				anchor = history.RowAnchor(e.New, false)
			} else {
				anchor = history.RowAnchor(e.Old, true)
			}
			fmt.Fprintf(b, ` <a href="%s#%s">新旧対照表</a>`, PairURL(e.Pair.Old.ID, e.Pair.NewID()), anchor)
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ol>")
}

// entryDetails says what an entry did: the article's number, its old and new numbers when renumbered,
// and what an amendment changed inside it (第2項第10号を新設).
func entryDetails(e history.Entry) []string {
	switch {
	case e.Pair == nil || e.Old == nil:
		return []string{articleNumberName(e.New)}
	case e.New == nil:
		return []string{articleNumberName(e.Old)}
	case e.Change&history.Renumbered != 0:
		return append([]string{articleNumberName(e.Old) + " → " + articleNumberName(e.New)}, e.Parts...)
	}
	return e.Parts
}

func standardURL(a *policy.Article) string {
	if a.Standard == policy.PolicyNumber {
		return "/policy/"
	}
	return "/standards/" + a.Standard + "/"
}

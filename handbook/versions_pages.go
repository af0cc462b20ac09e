package handbook

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"

	"isms/policy"
	"isms/policy/history"
)

// bannerParams gives every page of a frozen version its banner, linking to the same page of the current
// text where there is one.
func (s *versionSite) bannerParams(e *history.Edition) func(path string) map[string]string {
	return func(path string) map[string]string {
		return map[string]string{"version_banner": s.banner(e, path)}
	}
}

// banner says which version the page shows. The link carries data-version so that the version menu's
// script can keep the reader on the same article (#art-N) in the current text.
func (s *versionSite) banner(e *history.Edition, path string) string {
	target, same := s.currentPage(path)
	what := "現行版の同じページ"
	if !same {
		what = "現行版のトップページ"
	}
	link := fmt.Sprintf(`<a href="%s" data-version="%s">%s</a>`, target, history.CurrentID, what)
	if !same {
		link = fmt.Sprintf(`<a href="%s">%s</a>`, target, what)
	}
	name := html.EscapeString(e.Name)
	date := e.Effective.Japanese()
	if e == s.latest() && s.currentIsLatest() {
		return fmt.Sprintf("これは%s（%s施行）を固定して掲載したページです。内容は現行版と同じです。%s", name, date, link)
	}
	return fmt.Sprintf("<strong>この版は旧版です。</strong>%s（%s施行）の条文を当時のまま掲載しています。現在の規定は%sをご覧ください。", name, date, link)
}

// currentPage is the page of the current text that corresponds to path (a URL path relative to a
// version's base), or the home page when the current text has no such page.
func (s *versionSite) currentPage(path string) (string, bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case path == "/", path == "/policy/", path == "/glossary/", path == "/controls/", path == "/standards/", path == "/history/":
		return path, true
	case len(parts) == 2 && (parts[0] == "standards" || parts[0] == "history"):
		if s.current.Standard(parts[1]) != nil {
			return path, true
		}
	case len(parts) == 2 && parts[0] == "controls":
		if s.controls == nil {
			s.controls = map[string]bool{}
			for _, c := range collectControls(s.current) {
				s.controls[ControlSlug(c.ID)] = true
			}
		}
		if s.controls[parts[1]] {
			return path, true
		}
	}
	return "/", false
}

// frozenParams are the params of a version's own pages (its home, its standards list, its history).
func (s *versionSite) frozenParams(id, path string) map[string]any {
	if id == history.CurrentID {
		return nil
	}
	for _, e := range s.h.Editions {
		if e.ID == id {
			return map[string]any{"version_banner": s.banner(e, path)}
		}
	}
	return nil
}

// stageEditionPages writes a version's home page, its list of standards and its history pages.
func (s *versionSite) stageEditionPages(e *history.Edition) error {
	base := versionBase(e.ID)
	dir := strings.TrimPrefix(base, "/")
	var b strings.Builder
	fmt.Fprintf(&b, `<p class="version-meta">施行日 <time datetime="%s">%s</time>`, e.Effective, e.Effective.Japanese())
	fmt.Fprintf(&b, `　コミット <code>%s</code></p>`, html.EscapeString(shortCommit(e.Commit)))
	if e.Summary != "" {
		fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(e.Summary))
	}
	b.WriteString(`<h2>この版の条文</h2><ul class="page-list">`)
	fmt.Fprintf(&b, `<li><a href="%s/policy/">%s</a></li>`, base, html.EscapeString(e.Doc.Policy.Title))
	for _, st := range e.Doc.Standards {
		fmt.Fprintf(&b, `<li><a href="%s%s">%s%s</a></li>`, base, st.URL(), st.Label(), html.EscapeString(st.Title))
	}
	fmt.Fprintf(&b, `</ul><ul class="page-list"><li><a href="%s/glossary/">用語集</a></li><li><a href="%s/controls/">ISO/IEC 27001 管理策</a></li><li><a href="%s/history/">改正履歴</a></li></ul>`, base, base, base)
	b.WriteString(`<h2>新旧対照表</h2><ul class="page-list">`)
	for _, p := range s.h.Pairs {
		if p.Old == e || p.New == e {
			fmt.Fprintf(&b, `<li><a href="%s">%s → %s</a></li>`, PairURL(p.Old.ID, p.NewID()), html.EscapeString(p.Old.Name), html.EscapeString(s.editionName(p.NewID())))
		}
	}
	fmt.Fprintf(&b, `<li><a href="/versions/">版の一覧</a></li></ul>`)

	pages := []jsonPage{
		{Path: dir + "/_index.html", Title: e.Name, Layout: "plain", Params: s.frozenParams(e.ID, "/"), Body: b.String()},
		{Path: dir + "/standards/_index.html", Title: "情報セキュリティ対策基準", Params: s.frozenParams(e.ID, "/standards/"),
			Body: "<p>" + html.EscapeString(e.Name) + "の情報セキュリティ対策基準（" + fmt.Sprint(len(e.Doc.Standards)) + " 基準）です。</p>"},
	}
	for _, p := range pages {
		if err := p.write(s.dir); err != nil {
			return err
		}
	}
	return s.stageHistory(e.ID, e.Doc)
}

// stageIndex writes /versions/: the list of versions, and in its params what the version menu on every
// page needs (see layouts/partials/version-menu.html).
func (s *versionSite) stageIndex() error {
	var b strings.Builder
	b.WriteString("<p>ハンドブックに掲載した情報セキュリティ方針・対策基準の版の一覧です。旧版は当時の条文のまま掲載しています。改正の内容は新旧対照表で確認できます。</p>")
	if s.archive.Notice != "" {
		fmt.Fprintf(&b, `<p class="note">このサイトは旧版を含めずに生成されています（%s）。</p>`, html.EscapeString(s.archive.Notice))
	}
	b.WriteString(`<div class="table-wrap"><table class="versions"><thead><tr><th scope="col">版</th><th scope="col">施行日</th><th scope="col">概要</th><th scope="col">新旧対照表</th></tr></thead><tbody>`)
	cur := "現行版"
	if l := s.latest(); l != nil && s.currentIsLatest() {
		cur += "（" + l.Name + "と同じ）"
	} else if l != nil {
		cur += "（" + l.Name + "の後の変更を含む）"
	}
	pairTo := map[string]*history.Pair{}
	for _, p := range s.h.Pairs {
		pairTo[p.NewID()] = p
	}
	pairCell := func(id string) string {
		if p := pairTo[id]; p != nil {
			return fmt.Sprintf(`<a href="%s">%sとの対照</a>`, PairURL(p.Old.ID, p.NewID()), html.EscapeString(p.Old.Name))
		}
		return "―"
	}
	fmt.Fprintf(&b, `<tr><th scope="row"><a href="/">%s</a></th><td>―</td><td>現在の条文</td><td>%s</td></tr>`, html.EscapeString(cur), pairCell(history.CurrentID))
	for i := len(s.h.Editions) - 1; i >= 0; i-- {
		e := s.h.Editions[i]
		fmt.Fprintf(&b, `<tr><th scope="row"><a href="%s/">%s</a></th><td><time datetime="%s">%s</time></td><td>%s</td><td>%s</td></tr>`,
			versionBase(e.ID), html.EscapeString(e.Name), e.Effective, e.Effective.Japanese(), html.EscapeString(e.Summary), pairCell(e.ID))
	}
	b.WriteString("</tbody></table></div>")
	b.WriteString(`<p><a href="/history/">条ごとの改正履歴</a></p>`)

	editions := []map[string]string{{"id": history.CurrentID, "label": cur, "base": "", "edition": s.currentEdition()}}
	for i := len(s.h.Editions) - 1; i >= 0; i-- {
		e := s.h.Editions[i]
		editions = append(editions, map[string]string{"id": e.ID, "label": e.Name + "（" + e.Effective.Japanese() + "施行）", "base": versionBase(e.ID)})
	}
	anchors, err := s.anchorMaps()
	if err != nil {
		return err
	}
	return jsonPage{Path: "versions/_index.html", Title: "版の一覧", Layout: "plain",
		Params: map[string]any{"editions": editions, "anchors": anchors}, Body: b.String()}.write(s.dir)
}

// currentEdition names the version the current text is, with its 施行日, as a printed standard carries it
// under its title (layouts/partials/edition-line.html): 令和2年8月版（令和2年8月1日施行）, or, when the text
// has changed since the latest listed version, 現行版（令和3年4月版（令和3年4月1日施行）の後の変更を含む）.
func (s *versionSite) currentEdition() string {
	l := s.latest()
	switch {
	case l == nil:
		return "現行版"
	case s.currentIsLatest():
		return l.Name + "（" + l.Effective.Japanese() + "施行）"
	}
	return "現行版（" + l.Name + "（" + l.Effective.Japanese() + "施行）の後の変更を含む）"
}

// anchorMap is, for one standard in one version, where its article anchors differ from the current text:
// A maps the version's anchor to the lineage key (the current anchor, or x1… for a deleted article) and
// K the key back to the version's anchor ("" where the version lacks the article). Identical numbering
// needs no entry, so the maps stay small.
type anchorMap struct {
	A map[string]string `json:"a,omitempty"`
	K map[string]string `json:"k,omitempty"`
}

// anchorMaps returns, per standard, the JSON the version menu's script uses to keep the reader on the
// same article in another version.
func (s *versionSite) anchorMaps() (map[string]string, error) {
	byStd := map[string]map[string]*anchorMap{}
	entry := func(std, edition string) *anchorMap {
		if byStd[std] == nil {
			byStd[std] = map[string]*anchorMap{}
		}
		m := byStd[std][edition]
		if m == nil {
			m = &anchorMap{A: map[string]string{}, K: map[string]string{}}
			byStd[std][edition] = m
		}
		return m
	}
	for _, l := range s.h.Lineages {
		for _, id := range s.h.EditionIDs() {
			a := l.In(id)
			switch {
			case a != nil && a.Anchor() != l.Key:
				m := entry(l.Standard, id)
				m.A[a.Anchor()] = l.Key
				m.K[l.Key] = a.Anchor()
			case a == nil && strings.HasPrefix(l.Key, "art-"):
				entry(l.Standard, id).K[l.Key] = ""
			}
		}
	}
	out := map[string]string{}
	for std, m := range byStd {
		data, err := json.Marshal(m)
		if err != nil {
			return nil, err
		}
		out[std] = string(data)
	}
	return out, nil
}

func shortCommit(c string) string {
	if len(c) > 10 {
		return c[:10]
	}
	return c
}

// articleName is how history pages name an article: 第13条（パスワードの利用）, or 取組み3 in the 方針.
func articleName(a *policy.Article) string {
	if a.Standard == policy.PolicyNumber {
		return fmt.Sprintf("取組み%d", a.Number)
	}
	return a.Heading()
}

// standardName is the standard's label and title: 【04】職員等の…, or the 方針's title.
func standardName(s *policy.Standard) string {
	if s.Number == policy.PolicyNumber {
		return s.Title
	}
	return s.Label() + s.Title
}

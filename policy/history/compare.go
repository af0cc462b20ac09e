package history

import (
	"sort"
	"strings"

	"isms/policy"
)

// Change is what happened to an article (or another part of the text) from one version to the next. The
// flags combine: an article renumbered and amended is Renumbered|Amended. Zero is unchanged.
type Change uint8

const (
	Amended    Change = 1 << iota // 改正
	Added                         // 新設
	Deleted                       // 削除
	Renumbered                    // 条番号変更
)

// String is the change in the handbook's words: 改正, 新設, 削除, 条番号変更, 条番号変更・改正.
func (c Change) String() string {
	var parts []string
	if c&Added != 0 {
		parts = append(parts, "新設")
	}
	if c&Deleted != 0 {
		parts = append(parts, "削除")
	}
	if c&Renumbered != 0 {
		parts = append(parts, "条番号変更")
	}
	if c&Amended != 0 {
		parts = append(parts, "改正")
	}
	if len(parts) == 0 {
		return "改正なし"
	}
	return strings.Join(parts, "・")
}

// ArticleChange pairs an article of the old version with the same article in the new one.
type ArticleChange struct {
	Old, New *policy.Article // Old is nil when Added, New when Deleted
	Change   Change
	// Parts names what an amendment changed inside the article, in the words of an amending text:
	// 見出しを改正, 第2項を改正, 第2項第10号を新設, 第3号から第9号までを1号ずつ繰下げ, 第1項の表を改正.
	Parts []string
}

// Comparison is the 新旧対照表 of two versions of the handbook.
type Comparison struct {
	// Standards holds the 方針 ("00") and every standard of either version, in order.
	Standards []*StandardDiff
	// Articles is every article of either version, the deleted ones where they stood.
	Articles []ArticleChange
}

// StandardDiff is the part of the table for one standard (or the 方針).
type StandardDiff struct {
	Number   string
	Title    string // in the new version, or the old one if the standard was deleted
	OldTitle string
	Rows     []*Row
}

// Row is one row of the table: the same article (or run of unchanged articles, or other part of the text)
// as the new and the old version print it.
type Row struct {
	Change Change
	// Unit names what the row holds when it is not articles: 題名, 前文, 第2章, an appendix title.
	Unit     string
	New, Old []*policy.Article // the articles the row covers on each side (several for a folded run)
	// NewLines and OldLines are the printed columns 改正後 and 改正前, changed runs marked.
	NewLines, OldLines []Line
}

// Changed tells whether any part of the standard differs between the two versions.
func (s *StandardDiff) Changed() bool {
	for _, r := range s.Rows {
		if r.Change != 0 {
			return true
		}
	}
	return false
}

// Label is how the handbook prefixes the standard's title: 【04】, or nothing for the 方針.
func (s *StandardDiff) Label() string {
	if s.Number == policy.PolicyNumber {
		return ""
	}
	return "【" + s.Number + "】"
}

// Changed lists the standards that differ.
func (c *Comparison) Changed() []*StandardDiff {
	var out []*StandardDiff
	for _, s := range c.Standards {
		if s.Changed() {
			out = append(out, s)
		}
	}
	return out
}

// Anchors are the fragment IDs of the row on a table page, one per article it covers: art-04-13 for an
// article of the new version, old-art-04-13 for a deleted one. History pages link to them.
func (r *Row) Anchors() []string {
	var out []string
	for _, a := range r.New {
		out = append(out, RowAnchor(a, false))
	}
	if len(r.New) == 0 {
		for _, a := range r.Old {
			out = append(out, RowAnchor(a, true))
		}
	}
	return out
}

// RowAnchor is the fragment of an article's row in a table: art-04-13, or old-art-04-13 when deleted.
func RowAnchor(a *policy.Article, deleted bool) string {
	if deleted {
		return "old-art-" + a.ID()
	}
	return "art-" + a.ID()
}

// Compare builds the 新旧対照表 from old to new.
func Compare(old, new *policy.Document) *Comparison {
	c := &Comparison{}
	for _, n := range standardNumbers(old, new) {
		sd, changes := compareStandard(n, old.Standard(n), new.Standard(n))
		c.Standards = append(c.Standards, sd)
		c.Articles = append(c.Articles, changes...)
	}
	return c
}

func standardNumbers(docs ...*policy.Document) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range docs {
		if d.Policy != nil && !seen[policy.PolicyNumber] {
			seen[policy.PolicyNumber] = true
			out = append(out, policy.PolicyNumber)
		}
		for _, s := range d.Standards {
			if !seen[s.Number] {
				seen[s.Number] = true
				out = append(out, s.Number)
			}
		}
	}
	sort.Strings(out)
	return out
}

// item is one entry of a standard's table before folding: an article pair or a heading.
type item struct {
	change   ArticleChange
	unit     *Row // a chapter heading row instead of an article
	row      *Row // the article's row, when it is not folded
	foldable bool // unchanged or only renumbered
}

func compareStandard(number string, os, ns *policy.Standard) (*StandardDiff, []ArticleChange) {
	sd := &StandardDiff{Number: number}
	var oldArts, newArts []*policy.Article
	if os != nil {
		sd.OldTitle = os.Title
		oldArts = os.Articles()
	}
	if ns != nil {
		sd.Title = ns.Title
		newArts = ns.Articles()
	} else {
		sd.Title = sd.OldTitle
	}

	if os != nil && ns != nil && os.Title != ns.Title {
		sd.Rows = append(sd.Rows, textRow("題名", os.Title, ns.Title))
	}
	if r := blocksRow("前文", "", preamble(os), preamble(ns)); r != nil {
		sd.Rows = append(sd.Rows, r)
	}

	items := orderArticles(oldArts, newArts)
	items = withChapterRows(items, os, ns)
	var changes []ArticleChange
	for i := range items {
		it := &items[i]
		if it.unit != nil {
			continue
		}
		if !it.foldable {
			it.row = articleRow(&it.change)
		}
		changes = append(changes, it.change)
	}
	sd.Rows = append(sd.Rows, fold(items)...)

	for _, r := range appendixRows(os, ns) {
		sd.Rows = append(sd.Rows, r)
	}
	return sd, changes
}

// orderArticles pairs the articles and lists them in the new version's order, each deleted article just
// before the first new article that follows it in the old version.
func orderArticles(old, new []*policy.Article) []item {
	match := matchArticles(old, new)
	matched := make([]bool, len(old))
	for _, i := range match {
		if i >= 0 {
			matched[i] = true
		}
	}
	var out []item
	next := 0
	deletedUpTo := func(end int) {
		for ; next < end; next++ {
			if !matched[next] {
				out = append(out, item{change: ArticleChange{Old: old[next], Change: Deleted}})
			}
		}
	}
	for j, a := range new {
		i := match[j]
		if i < 0 {
			out = append(out, item{change: ArticleChange{New: a, Change: Added}})
			continue
		}
		deletedUpTo(i)
		next = max(next, i+1)
		var ch Change
		if old[i].Number != a.Number {
			ch |= Renumbered
		}
		if contentKey(old[i]) != contentKey(a) {
			ch |= Amended
		}
		out = append(out, item{change: ArticleChange{Old: old[i], New: a, Change: ch}, foldable: ch&Amended == 0})
	}
	deletedUpTo(len(old))
	return out
}

func preamble(s *policy.Standard) []policy.Block {
	if s == nil {
		return nil
	}
	return nonNil(s.Preamble)
}

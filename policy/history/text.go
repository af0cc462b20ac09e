package history

import (
	"strings"

	"isms/policy"
)

// Text prints the changed standards of the table as plain text, changed runs in [brackets]: for a terminal,
// and for tests, which check tables exactly.
//
//	== 【04】職員等の情報資産使用に関する基準
//	-- 改正 04-13
//	改正後
//	  （パスワードの利用：A9.3.1）
//	  第13条　職員等は、[パスフレーズ]を…
//	改正前
//	  …
func (c *Comparison) Text() string {
	var b strings.Builder
	changed := c.Changed()
	if len(changed) == 0 {
		return "（改正なし）\n"
	}
	for _, s := range changed {
		b.WriteString("== " + s.Label() + s.Title + "\n")
		for _, r := range s.Rows {
			b.WriteString("-- " + r.Kind() + " " + r.Subject() + "\n")
			writeColumn(&b, "改正後", r.NewLines)
			writeColumn(&b, "改正前", r.OldLines)
		}
	}
	return b.String()
}

// Kind is the row's change as printed: 改正, 新設, 削除, 条番号変更, or （略） for unchanged text.
func (r *Row) Kind() string {
	if r.Change == 0 {
		return markSame
	}
	return r.Change.String()
}

// Subject names what the row covers: 04-13, 04-1～04-12, 04-7←04-6 (renumbered), 旧04-6 (deleted), or the unit.
func (r *Row) Subject() string {
	if r.Unit != "" {
		return r.Unit
	}
	ids := func(arts []*policy.Article) string {
		if len(arts) == 1 {
			return arts[0].ID()
		}
		return arts[0].ID() + "～" + arts[len(arts)-1].ID()
	}
	switch {
	case len(r.New) == 0:
		return "旧" + ids(r.Old)
	case len(r.Old) == 0 || r.Change&Renumbered == 0:
		return ids(r.New)
	}
	return ids(r.New) + "←" + ids(r.Old)
}

func writeColumn(b *strings.Builder, title string, lines []Line) {
	b.WriteString(title + "\n")
	for _, l := range lines {
		b.WriteString("  ")
		open := false
		for _, s := range l {
			if s.Changed != open {
				b.WriteString(map[bool]string{true: "[", false: "]"}[s.Changed])
				open = s.Changed
			}
			b.WriteString(s.Text)
		}
		if open {
			b.WriteString("]")
		}
		b.WriteString("\n")
	}
}

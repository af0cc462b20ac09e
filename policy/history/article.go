package history

import (
	"strings"

	"isms/policy"
)

// articleRow prints one article that was added, deleted or amended, and names what changed in it.
func articleRow(c *ArticleChange) *Row {
	r := &Row{Change: c.Change}
	switch {
	case c.Old == nil:
		r.New = []*policy.Article{c.New}
		r.NewLines = wholeArticle(c.New)
		r.OldLines = []Line{{{Text: markAdded}}}
	case c.New == nil:
		r.Old = []*policy.Article{c.Old}
		r.OldLines = wholeArticle(c.Old)
		r.NewLines = []Line{{{Text: markDeleted}}}
	default:
		r.New, r.Old = []*policy.Article{c.New}, []*policy.Article{c.Old}
		r.OldLines, r.NewLines, c.Parts = articleLines(c.Old, c.New)
		if c.Change&Renumbered != 0 {
			r.NewLines = append(r.NewLines, articleRenumbering(r.Old, r.New).note())
		}
	}
	return r
}

// wholeArticle prints an article entirely underlined: one that is added or deleted.
func wholeArticle(a *policy.Article) []Line {
	u := printedArticle(a)
	var lines []Line
	if u.caption != "" {
		lines = append(lines, Line{{Text: "（"}, {Text: u.caption, Changed: true}, {Text: "）"}})
	}
	for _, p := range u.paras {
		lines = append(lines, p.print(true)...)
	}
	return lines
}

// numbered puts a 項's number in front of its first line.
func numbered(number string, changed bool, first Line) Line {
	if number == "" {
		return first
	}
	out := Line{{Text: number, Changed: changed}}
	if len(first) > 0 {
		// an added 項 is underlined from its number to its end, without a gap
		out = append(out, Seg{Text: "　", Changed: changed && first[0].Changed})
		out = append(out, first...)
	}
	return out
}

// articleLines prints both versions of an amended article: the caption, then its 項, paired by structure
// (see alignParts): unchanged runs folded to （略）, changed ones in full with the changes marked, added
// and deleted ones marked whole. It also names each change (見出しを改正, 第2項第10号を新設).
func articleLines(old, new *policy.Article) (oldLines, newLines []Line, changes []string) {
	ou, nu := printedArticle(old), printedArticle(new)
	c := &columns{single: len(ou.paras) == 1 && len(nu.paras) == 1}
	if ou.caption != "" || nu.caption != "" {
		o, n := DiffText(ou.caption, nu.caption)
		if ou.caption != nu.caption {
			c.record("見出しを改正")
		}
		if ou.caption != "" {
			c.old = append(c.old, bracketed(o[0]))
		}
		if nu.caption != "" {
			c.new = append(c.new, bracketed(n[0]))
		}
	}
	if bodyUnchanged(ou.paras, nu.paras) {
		// only the caption (or the number) changed: the body is （略） as a whole
		o, n := ou.paras[0].label, nu.paras[0].label
		c.old = append(c.old, numbered(o, o != n, Line{{Text: markSame}}))
		c.new = append(c.new, numbered(n, o != n, Line{{Text: markSame}}))
		return c.old, c.new, c.changes
	}
	c.siblings(ou.paras, nu.paras, "")
	if len(c.changes) == 1 && c.changes[0] == "条文を改正" {
		// an article of one sentence was reworded: 改正 says it all
		c.changes = nil
	}
	return c.old, c.new, c.changes
}

func bodyUnchanged(old, new []*part) bool {
	if len(old) != len(new) {
		return false
	}
	for i := range old {
		if old[i].key != new[i].key {
			return false
		}
	}
	return true
}

// sameLines folds a run of unchanged 項: the article's first 項 on its own line (第13条　（略）), the
// others as 2　（略）, 2・3　（略） or 2～4　（略）.
func sameLines(numbers []string) []Line {
	var out []Line
	if len(numbers) > 0 && !isParagraphNumber(numbers[0]) {
		out = append(out, Line{{Text: numbers[0] + "　" + markSame}})
		numbers = numbers[1:]
	}
	switch len(numbers) {
	case 0:
	case 1:
		out = append(out, Line{{Text: numbers[0] + "　" + markSame}})
	case 2:
		out = append(out, Line{{Text: numbers[0] + "・" + numbers[1] + "　" + markSame}})
	default:
		out = append(out, Line{{Text: numbers[0] + "～" + numbers[len(numbers)-1] + "　" + markSame}})
	}
	return out
}

// isParagraphNumber tells a 項 number (2, 3 …) from an article's (第13条), which numbers its first 項.
func isParagraphNumber(s string) bool { return strings.Trim(s, "0123456789") == "" }

func bracketed(l Line) Line {
	return append(append(Line{{Text: "（"}}, l...), Seg{Text: "）"})
}

// articleRenumbering is the note under a run of articles that moved by the same number of places:
// （第3条から第5条までを1条ずつ繰り下げる。）.
func articleRenumbering(old, new []*policy.Article) *renumbering {
	first, last := old[0], old[len(old)-1]
	counter := "条"
	if first.Standard == policy.PolicyNumber {
		counter = "" // 取組み are counted as 1つ
	}
	return &renumbering{counter: counter, shift: new[0].Number - first.Number, n: len(old),
		first: articleNumber(first.Standard, first.Number), last: articleNumber(last.Standard, last.Number),
		to: articleNumber(new[0].Standard, new[0].Number), lastNumber: last.Number}
}

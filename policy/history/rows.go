package history

import (
	"fmt"
	"strings"

	"isms/policy"
)

// Markers printed in the column that has nothing to show, as 新旧対照表 do.
const (
	markAdded   = "（新設）" // in 改正前, where the new version adds something
	markDeleted = "（削る）" // in 改正後, where the new version removes something
	markSame    = "（略）"  // unchanged text, folded
)

// withChapterRows inserts a row before the first article of each chapter whose heading was added,
// retitled or deleted. Unchanged chapters add nothing.
func withChapterRows(items []item, os, ns *policy.Standard) []item {
	oldCh, newCh := chapterIndex(os), chapterIndex(ns)
	if len(oldCh.byNumber) == 0 && len(newCh.byNumber) == 0 {
		return items
	}
	var out []item
	done := map[string]bool{}
	for _, it := range items {
		if a := it.change.New; a != nil {
			if c := newCh.first[a]; c != nil && !done[fmt.Sprint("n", c.Number)] {
				done[fmt.Sprint("n", c.Number)] = true
				if oc := oldCh.byNumber[c.Number]; oc == nil {
					out = append(out, item{unit: chapterRow(nil, c)})
				} else if oc.Title != c.Title {
					out = append(out, item{unit: chapterRow(oc, c)})
				}
			}
		}
		if a := it.change.Old; a != nil {
			if c := oldCh.first[a]; c != nil && newCh.byNumber[c.Number] == nil && !done[fmt.Sprint("o", c.Number)] {
				done[fmt.Sprint("o", c.Number)] = true
				out = append(out, item{unit: chapterRow(c, nil)})
			}
		}
		out = append(out, it)
	}
	return out
}

type chapters struct {
	byNumber map[int]*policy.Chapter
	first    map[*policy.Article]*policy.Chapter // the first article of each chapter → its chapter
}

func chapterIndex(s *policy.Standard) chapters {
	c := chapters{byNumber: map[int]*policy.Chapter{}, first: map[*policy.Article]*policy.Chapter{}}
	if s == nil || s.Number == policy.PolicyNumber {
		return c
	}
	for _, ch := range s.Chapters {
		c.byNumber[ch.Number] = ch
		if len(ch.Articles) > 0 {
			c.first[ch.Articles[0]] = ch
		}
	}
	return c
}

func chapterRow(old, new *policy.Chapter) *Row {
	heading := func(c *policy.Chapter) string {
		if c == nil {
			return ""
		}
		return fmt.Sprintf("第%d章　%s", c.Number, c.Title)
	}
	c := new
	if c == nil {
		c = old
	}
	return textRow(fmt.Sprintf("第%d章", c.Number), heading(old), heading(new))
}

// fold turns the items into rows, folding each run of unchanged articles into one （略） row, and each
// run of articles that only moved by the same number of places into one row with the numbers underlined.
func fold(items []item) []*Row {
	var rows []*Row
	for i := 0; i < len(items); {
		it := items[i]
		switch {
		case it.unit != nil:
			rows = append(rows, it.unit)
			i++
		case it.foldable:
			j := i + 1
			for j < len(items) && items[j].foldable && continues(items[j-1].change, items[j].change) {
				j++
			}
			rows = append(rows, foldedRow(items[i:j]))
			i = j
		default:
			rows = append(rows, articleRow(it.change))
			i++
		}
	}
	return rows
}

// continues tells whether b follows a in both versions with the same shift of numbers.
func continues(a, b ArticleChange) bool {
	return b.New.Number == a.New.Number+1 && b.Old.Number == a.Old.Number+1
}

func foldedRow(run []item) *Row {
	r := &Row{}
	for _, it := range run {
		r.New = append(r.New, it.change.New)
		r.Old = append(r.Old, it.change.Old)
		r.Change |= it.change.Change
	}
	moved := r.Change&Renumbered != 0
	r.NewLines = []Line{{{Text: articleRange(r.New), Changed: moved}, {Text: "　" + markSame}}}
	r.OldLines = []Line{{{Text: articleRange(r.Old), Changed: moved}, {Text: "　" + markSame}}}
	return r
}

// articleRange names a run of consecutive articles: 第5条, 第5条・第6条, 第5条～第9条.
func articleRange(arts []*policy.Article) string {
	first, last := arts[0], arts[len(arts)-1]
	a, b := articleNumber(first.Standard, first.Number), articleNumber(last.Standard, last.Number)
	switch len(arts) {
	case 1:
		return a
	case 2:
		return a + "・" + b
	}
	return a + "～" + b
}

func articleRow(c ArticleChange) *Row {
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
		r.OldLines, r.NewLines = articleLines(c.Old, c.New)
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
		lines = append(lines, wholePara(p)...)
	}
	return lines
}

func wholePara(p printedPara) []Line {
	lines := wholeLines(p.text)
	lines[0] = numbered(p.number, true, lines[0])
	return lines
}

func wholeLines(text string) []Line {
	var out []Line
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			out = append(out, Line{})
			continue
		}
		out = append(out, Line{{Text: l, Changed: true}})
	}
	return out
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

// articleLines prints both versions of an amended article: the caption, then each 項 — changed ones in
// full with the changes marked, unchanged runs folded to （略）, added and deleted ones marked.
func articleLines(old, new *policy.Article) (oldLines, newLines []Line) {
	ou, nu := printedArticle(old), printedArticle(new)
	if ou.caption != "" || nu.caption != "" {
		o, n := DiffText(ou.caption, nu.caption)
		if ou.caption != "" {
			oldLines = append(oldLines, bracketed(o[0]))
		}
		if nu.caption != "" {
			newLines = append(newLines, bracketed(n[0]))
		}
	}
	pairs := alignParagraphs(ou.paras, nu.paras)
	quiet := true
	for _, p := range pairs {
		if p[0] < 0 || p[1] < 0 || ou.paras[p[0]].text != nu.paras[p[1]].text {
			quiet = false
		}
	}
	if quiet {
		// only the caption (or the number) changed: the body is （略） as a whole
		o, n := ou.paras[0].number, nu.paras[0].number
		oldLines = append(oldLines, numbered(o, o != n, Line{{Text: markSame}}))
		newLines = append(newLines, numbered(n, o != n, Line{{Text: markSame}}))
		return oldLines, newLines
	}
	var same []string // numbers of the run of unchanged 項 not yet printed
	flush := func() {
		for _, l := range sameLines(same) {
			oldLines = append(oldLines, l)
			newLines = append(newLines, l)
		}
		same = nil
	}
	for _, p := range pairs {
		switch {
		case p[0] < 0:
			flush()
			newLines = append(newLines, wholePara(nu.paras[p[1]])...)
			oldLines = appendMarker(oldLines, markAdded)
		case p[1] < 0:
			flush()
			oldLines = append(oldLines, wholePara(ou.paras[p[0]])...)
			newLines = appendMarker(newLines, markDeleted)
		default:
			op, np := ou.paras[p[0]], nu.paras[p[1]]
			renumbered := op.number != np.number
			switch {
			case op.text == np.text && !renumbered:
				same = append(same, np.number)
			case op.text == np.text:
				flush()
				oldLines = append(oldLines, numbered(op.number, true, Line{{Text: markSame}}))
				newLines = append(newLines, numbered(np.number, true, Line{{Text: markSame}}))
			default:
				flush()
				o, n := DiffText(op.text, np.text)
				o[0] = numbered(op.number, renumbered, o[0])
				n[0] = numbered(np.number, renumbered, n[0])
				oldLines = append(oldLines, o...)
				newLines = append(newLines, n...)
			}
		}
	}
	flush()
	return oldLines, newLines
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

func appendMarker(lines []Line, mark string) []Line {
	if n := len(lines); n > 0 && len(lines[n-1]) == 1 && lines[n-1][0] == (Seg{Text: mark}) {
		return lines
	}
	return append(lines, Line{{Text: mark}})
}

func bracketed(l Line) Line {
	return append(append(Line{{Text: "（"}}, l...), Seg{Text: "）"})
}

// diffText compares two texts character by character and returns each printed as marked lines. A side
// with no text at all (a caption added) gets one empty line.
func DiffText(old, new string) (oldLines, newLines []Line) {
	o, n := []rune(old), []rune(new)
	om, nm := diffRunes(o, n)
	return segments(o, om), segments(n, nm)
}

// textRow compares a one-line part of the text (a title, a chapter heading); "" on a side is absent.
func textRow(unit, old, new string) *Row {
	r := &Row{Unit: unit}
	switch {
	case old == "":
		r.Change = Added
		r.NewLines, r.OldLines = wholeLines(new), []Line{{{Text: markAdded}}}
	case new == "":
		r.Change = Deleted
		r.NewLines, r.OldLines = []Line{{{Text: markDeleted}}}, wholeLines(old)
	default:
		r.Change = Amended
		r.OldLines, r.NewLines = DiffText(old, new)
	}
	return r
}

// blocksRow compares prose sections such as the 前文, headed by title if any; nil when they are the same.
// A nil side is absent.
func blocksRow(unit, title string, old, new []policy.Block) *Row {
	text := func(blocks []policy.Block) string {
		if blocks == nil {
			return ""
		}
		t := blocksText(blocks)
		if title != "" {
			t = title + "\n" + t
		}
		return t
	}
	o, n := text(old), text(new)
	if o == n {
		return nil
	}
	return textRow(unit, o, n)
}

// appendixRows compares the appendices (tables after the articles, the 方針's date and signature) by title.
func appendixRows(os, ns *policy.Standard) []*Row {
	var oldAps, newAps []policy.Appendix
	if os != nil {
		oldAps = os.Appendices
	}
	if ns != nil {
		newAps = ns.Appendices
	}
	name := func(ap policy.Appendix) string {
		if ap.Title == "" {
			return "結び"
		}
		return ap.Title
	}
	var rows []*Row
	used := map[int]bool{}
	for _, n := range newAps {
		var old []policy.Block
		for i, o := range oldAps {
			if !used[i] && o.Title == n.Title {
				used[i], old = true, nonNil(o.Blocks)
				break
			}
		}
		if r := blocksRow(name(n), n.Title, old, nonNil(n.Blocks)); r != nil {
			rows = append(rows, r)
		}
	}
	for i, o := range oldAps {
		if !used[i] {
			if r := blocksRow(name(o), o.Title, nonNil(o.Blocks), nil); r != nil {
				rows = append(rows, r)
			}
		}
	}
	return rows
}

func nonNil(b []policy.Block) []policy.Block {
	if b == nil {
		return []policy.Block{}
	}
	return b
}

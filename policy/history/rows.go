package history

import (
	"fmt"

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
			rows = append(rows, it.row)
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
	if moved {
		r.NewLines = append(r.NewLines, articleRenumbering(r.Old, r.New).note())
	}
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

// DiffText compares two texts character by character and returns each printed as marked lines. A side
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
		r.NewLines, r.OldLines = textLines("", new, true), []Line{{{Text: markAdded}}}
	case new == "":
		r.Change = Deleted
		r.NewLines, r.OldLines = []Line{{{Text: markDeleted}}}, textLines("", old, true)
	default:
		r.Change = Amended
		r.OldLines, r.NewLines = DiffText(old, new)
	}
	return r
}

// blocksRow compares prose sections such as the 前文, headed by title if any, by their structure as
// articles are; nil when they are the same. A nil side is absent.
func blocksRow(unit, title string, old, new []policy.Block) *Row {
	parts := func(blocks []policy.Block) []*part {
		if blocks == nil {
			return nil
		}
		out := []*part{}
		if title != "" {
			out = append(out, newPart(&part{kind: partText, text: title}))
		}
		return append(out, blockParts(blocks, "")...)
	}
	op, np := parts(old), parts(new)
	r := &Row{Unit: unit}
	switch {
	case op == nil:
		r.Change = Added
		r.NewLines, r.OldLines = printAll(np), []Line{{{Text: markAdded}}}
	case np == nil:
		r.Change = Deleted
		r.NewLines, r.OldLines = []Line{{{Text: markDeleted}}}, printAll(op)
	case bodyUnchanged(op, np):
		return nil
	default:
		c := &columns{}
		c.siblings(op, np, "")
		r.Change, r.OldLines, r.NewLines = Amended, c.old, c.new
	}
	return r
}

func printAll(parts []*part) []Line {
	var out []Line
	for _, p := range parts {
		out = append(out, p.print(true)...)
	}
	return out
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

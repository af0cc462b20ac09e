package history

import (
	"fmt"
	"strings"
)

// columns gathers the two printed columns of a unit being compared, and names each change in the words
// of an amending text (第2項第10号を新設) for the article's history.
type columns struct {
	old, new []Line
	changes  []string
	// single is set for an article of one 項, whose text is named 条文 rather than 第1項.
	single bool
	same   []string // labels of the run of unchanged 項 not yet printed
}

// record notes a change once; a table row's changes all amend the same table.
func (c *columns) record(change string) {
	if n := len(c.changes); n > 0 && c.changes[n-1] == change {
		return
	}
	c.changes = append(c.changes, change)
}

// within is how a change inside the unit named path is named: 第2項 for a 項, 第2項第3号 for a 号, 第2項 for
// a sentence of 第2項, 第2項の表 for its table.
func (c *columns) within(path string, p *part) string {
	switch p.kind {
	case partPara:
		return p.name()
	case partItem:
		return path + p.name()
	case partTable, partCaption, partHeader, partRow:
		if strings.HasSuffix(path, "表") {
			return path
		}
		if path == "" {
			return "表"
		}
		return path + "の表"
	}
	if path == "" {
		return "条文"
	}
	return path
}

// inside is the path under which the parts of p are named.
func (c *columns) inside(path string, p *part) string {
	if p.kind == partPara && c.single {
		return ""
	}
	return c.within(path, p)
}

// siblings compares two lists of parts under the unit named path: pairs them (see alignParts), prints
// unchanged pairs plain (unchanged 項 folded to （略）), changed pairs with their changed runs marked, and
// added or deleted parts underlined whole with （新設） or （削る） in the other column. A run of parts whose
// numbers alone changed is followed by a note in 改正後 that says so.
func (c *columns) siblings(old, new []*part, path string) {
	var run *renumbering
	flush := func() {
		if run != nil {
			c.new = append(c.new, run.note())
			c.record(path + run.summary())
			run = nil
		}
	}
	for _, p := range alignParts(old, new) {
		switch {
		case p[0] < 0:
			flush()
			c.alone(new[p[1]], &c.new, &c.old, markAdded, "新設", path)
		case p[1] < 0:
			flush()
			c.alone(old[p[0]], &c.old, &c.new, markDeleted, "削除", path)
		default:
			o, n := old[p[0]], new[p[1]]
			switch {
			case o.label == n.label:
				flush()
			case o.renumberable() && n.renumberable() && o.counter() == n.counter():
				if run != nil && run.continues(o, n) {
					run.add(o)
				} else {
					flush()
					run = startRenumbering(o, n)
				}
			default:
				flush()
			}
			c.pair(o, n, path)
		}
	}
	flush()
	c.flushSame()
}

// alone prints a part that only one version has (own), underlined whole, with mark in the other column.
// A 項, 号 or table is 新設 or 削除 as change says; a sentence added to or taken from a 項 amends the 項.
func (c *columns) alone(p *part, own, other *[]Line, mark, change, path string) {
	c.flushSame()
	*own = append(*own, p.print(true)...)
	*other = appendMarker(*other, indented(p.indent, Seg{Text: mark}))
	if p.kind != partPara && p.kind != partItem && p.kind != partTable {
		change = "改正"
	}
	c.record(c.within(path, p) + "を" + change)
}

// pair prints two matched parts: the label underlined if it changed, the text compared character by
// character, what they hold compared as siblings.
func (c *columns) pair(o, n *part, path string) {
	relabel := o.label != n.label
	label := func(p *part) Seg { return Seg{Text: p.label, Changed: relabel} }
	if o.key == n.key {
		if o.kind == partPara {
			if !relabel {
				c.same = append(c.same, n.label)
				return
			}
			c.flushSame()
			c.old = append(c.old, numbered(o.label, true, Line{{Text: markSame}}))
			c.new = append(c.new, numbered(n.label, true, Line{{Text: markSame}}))
			return
		}
		c.old = append(c.old, relabelled(o, label(o))...)
		c.new = append(c.new, relabelled(n, label(n))...)
		return
	}
	c.flushSame()
	name := c.within(path, n)
	switch n.kind {
	case partPara:
		sub := &columns{single: c.single}
		sub.siblings(o.parts, n.parts, c.inside(path, n))
		c.old = append(c.old, paraLines(o, relabel, sub.old)...)
		c.new = append(c.new, paraLines(n, relabel, sub.new)...)
		for _, ch := range sub.changes {
			c.record(ch)
		}
	case partItem:
		if o.text != n.text {
			c.record(name + "を改正")
		}
		ol, nl := DiffText(o.text, n.text)
		c.old = append(c.old, itemLines(o, label(o), ol)...)
		c.new = append(c.new, itemLines(n, label(n), nl)...)
		c.siblings(o.parts, n.parts, name)
	case partTable:
		c.siblings(o.parts, n.parts, name)
	default:
		c.record(name + "を改正")
		ol, nl := DiffText(o.text, n.text)
		c.old = append(c.old, indentAll(o.indent, ol)...)
		c.new = append(c.new, indentAll(n.indent, nl)...)
	}
}

// flushSame prints the run of unchanged 項 as （略） in both columns.
func (c *columns) flushSame() {
	for _, l := range sameLines(c.same) {
		c.old = append(c.old, l)
		c.new = append(c.new, l)
	}
	c.same = nil
}

// relabelled prints an unchanged part with its label as given (underlined when only the number changed).
func relabelled(p *part, label Seg) []Line {
	lines := p.print(false)
	if p.kind == partItem {
		first := lines[0]
		text := first[len(first)-1].Text[len(p.label):]
		lines[0] = indented(p.indent, label, Seg{Text: text})
	}
	return lines
}

// itemLines prints a 号's label and its compared text.
func itemLines(p *part, label Seg, text []Line) []Line {
	first := indented(p.indent, label, Seg{Text: "　"})
	first = append(first, text[0]...)
	return append([]Line{first}, indentAll(p.indent+"　", text[1:])...)
}

func indentAll(indent string, lines []Line) []Line {
	if indent == "" {
		return lines
	}
	out := make([]Line, len(lines))
	for i, l := range lines {
		out[i] = indented(indent, l...)
	}
	return out
}

func appendMarker(lines []Line, mark Line) []Line {
	if n := len(lines); n > 0 && sameLine(lines[n-1], mark) {
		return lines
	}
	return append(lines, mark)
}

func sameLine(a, b Line) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// renumbering is a run of units that moved by the same number of places: 第3号～第9号 became 第4号～第10号
// when a 号 was inserted before them. 新旧対照表 underline the numbers only; a note says what happened.
type renumbering struct {
	counter     string // 条, 項, 号, or "" for ア, イ … and the 方針's 取組み
	indent      string
	shift       int
	n           int    // units in the run
	first, last string // the first and last unit's old names
	to          string // the first unit's new name
	lastNumber  int    // the last unit's old number
}

func startRenumbering(o, n *part) *renumbering {
	return &renumbering{counter: n.counter(), indent: n.indent, shift: n.number - o.number, n: 1,
		first: o.name(), last: o.name(), to: n.name(), lastNumber: o.number}
}

// continues tells whether o → n extends the run: the next number on both sides.
func (r *renumbering) continues(o, n *part) bool {
	return n.counter() == r.counter && n.number-o.number == r.shift && o.number == r.lastNumber+1
}

func (r *renumbering) add(o *part) {
	r.n++
	r.last, r.lastNumber = o.name(), o.number
}

// note is the run as an amending text says it: （第9号を第10号とする。）, （第3号から第9号までを1号ずつ繰り下げる。）.
func (r *renumbering) note() Line {
	return indented(r.indent, Seg{Text: "（" + r.sentence("とする", "繰り下げる", "繰り上げる") + "。）"})
}

// summary is the run in the history's words: 第9号を第10号に繰下げ, 第3号から第9号までを1号ずつ繰下げ.
func (r *renumbering) summary() string {
	return r.sentence("に"+r.direction("繰下げ", "繰上げ"), "繰下げ", "繰上げ")
}

func (r *renumbering) direction(down, up string) string {
	if r.shift < 0 {
		return up
	}
	return down
}

func (r *renumbering) sentence(one, down, up string) string {
	if r.n == 1 {
		return r.first + "を" + r.to + one
	}
	span := r.first + "から" + r.last + "まで"
	if r.n == 2 {
		span = r.first + "及び" + r.last
	}
	counter := r.counter
	if counter == "" {
		counter = "つ"
	}
	return fmt.Sprintf("%sを%d%sずつ%s", span, abs(r.shift), counter, r.direction(down, up))
}

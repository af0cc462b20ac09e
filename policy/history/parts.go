package history

import (
	"fmt"
	"strconv"
	"strings"

	"isms/policy"
)

// The table compares an article by its structure before its characters: the 項 of both versions are
// paired first, then within each pair its blocks (sentences, 号, tables), then the sub-items of each 号 and
// the rows of each table. Only the text of a matched pair is compared character by character, so a 号
// inserted beside an unchanged one is underlined as a whole and the unchanged one not at all.

type partKind uint8

const (
	partPara    partKind = iota // a 項: label 第13条 or 2, parts its blocks
	partText                    // a sentence block or a ※ note
	partItem                    // a 号 or sub-item: label (1) or ア, text its first line, parts what follows
	partTable                   // a table: parts its caption, header row and rows
	partCaption                 // the 表N line above a table
	partHeader                  // a table's header row
	partRow                     // a table's row
)

// part is one unit of printed text.
type part struct {
	kind   partKind
	label  string // as printed before the text: 第13条 or 2 for a 項, (1) or ア for an item
	number int    // the 項 or 号 number (ア is 1, イ 2 …); 0 when it has none
	text   string // its own line(s), without label or indent
	indent string // printed before each of its lines: sub-items and what continues an item are indented
	parts  []*part
	// key is everything the part prints except its own label and indent: equal keys are the same text.
	key   string
	grams bigrams // of key, computed when first compared
}

func newPart(p *part) *part {
	var b strings.Builder
	b.WriteString(p.text)
	for _, c := range p.parts {
		fmt.Fprintf(&b, "\n%d%s　%s", c.kind, c.label, c.key)
	}
	p.key = b.String()
	return p
}

// paraPart is 項 p of article a as the table prints it.
func paraPart(a *policy.Article, p *policy.Paragraph) *part {
	return newPart(&part{kind: partPara, label: paraNumber(a, p.Number), number: p.Number, parts: blockParts(p.Blocks, "")})
}

// blockParts turns blocks into parts, indented by indent.
func blockParts(blocks []policy.Block, indent string) []*part {
	var out []*part
	for _, b := range blocks {
		switch b.Kind {
		case policy.TextBlock, policy.NoteBlock:
			out = append(out, newPart(&part{kind: partText, text: b.Text, indent: indent}))
		case policy.ItemBlock:
			it := b.Item
			out = append(out, newPart(&part{kind: partItem, label: it.Label, number: itemNumber(it.Label), text: it.Text,
				indent: indent, parts: blockParts(it.Blocks, indent+"　")}))
		case policy.TableBlock:
			t := b.Table
			var rows []*part
			if t.Caption != "" {
				rows = append(rows, newPart(&part{kind: partCaption, text: t.Caption, indent: indent}))
			}
			rows = append(rows, newPart(&part{kind: partHeader, text: tableLine(t.Header), indent: indent}))
			for _, r := range t.Rows {
				rows = append(rows, newPart(&part{kind: partRow, text: tableLine(r), indent: indent}))
			}
			out = append(out, newPart(&part{kind: partTable, indent: indent, parts: rows}))
		}
	}
	return out
}

func tableLine(cells []string) string { return "｜" + strings.Join(cells, "｜") + "｜" }

// iroha is the order of the katakana that label sub-items.
const iroha = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"

// itemNumber reads a 号's label, (3) or （３）, as 3, and a sub-item's, ウ, as 3; 0 if it is neither.
func itemNumber(label string) int {
	inner := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(label, "("), "（"), ")"), "）")
	if inner != label {
		n := 0
		for _, r := range inner {
			switch {
			case r >= '0' && r <= '9':
				n = n*10 + int(r-'0')
			case r >= '０' && r <= '９':
				n = n*10 + int(r-'０')
			default:
				return 0
			}
		}
		return n
	}
	if i := strings.Index(iroha, label); i >= 0 && len(label) == len("ア") {
		return len([]rune(iroha[:i])) + 1
	}
	return 0
}

// counter is the word a part is counted with in an amending text: 項, 号, or "" for ア, イ ….
func (p *part) counter() string {
	switch {
	case p.kind == partPara:
		return "項"
	case p.kind == partItem && strings.ContainsAny(p.label, "(（"):
		return "号"
	}
	return ""
}

// name is how an amending text names the part: 第2項, 第10号, ア.
func (p *part) name() string {
	if c := p.counter(); c != "" {
		return "第" + strconv.Itoa(p.number) + c
	}
	return p.label
}

// renumberable tells whether the part has a number an amendment can move: a 項 after the first, a 号, a
// sub-item.
func (p *part) renumberable() bool {
	return p.number > 0 && (p.kind == partItem || p.kind == partPara && p.number > 1)
}

// print writes the part's lines, all underlined when changed (an added or deleted part).
func (p *part) print(changed bool) []Line {
	var out []Line
	switch p.kind {
	case partItem:
		first, rest, _ := strings.Cut(p.text, "\n")
		out = append(out, indented(p.indent, Seg{Text: p.label + "　" + first, Changed: changed}))
		if rest != "" {
			out = append(out, textLines(p.indent+"　", rest, changed)...)
		}
	case partText, partCaption, partHeader, partRow:
		out = textLines(p.indent, p.text, changed)
	}
	for _, c := range p.parts {
		out = append(out, c.print(changed)...)
	}
	if p.kind == partPara {
		return paraLines(p, changed, out)
	}
	return out
}

// paraLines puts a 項's number in front of its printed lines; the number stands on a line of its own
// above a list or table.
func paraLines(p *part, changed bool, lines []Line) []Line {
	if len(p.parts) == 0 || p.parts[0].kind != partText {
		lines = append([]Line{{}}, lines...)
	}
	lines[0] = numbered(p.label, changed, lines[0])
	return lines
}

func textLines(indent, text string, changed bool) []Line {
	var out []Line
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			out = append(out, Line{})
			continue
		}
		out = append(out, indented(indent, Seg{Text: l, Changed: changed}))
	}
	return out
}

// indented puts indent, never underlined, in front of segs.
func indented(indent string, segs ...Seg) Line {
	if indent == "" {
		return Line(segs)
	}
	return append(Line{{Text: indent}}, segs...)
}

func (p *part) bigrams() bigrams {
	if p.grams == nil {
		p.grams = newBigrams(p.key)
	}
	return p.grams
}

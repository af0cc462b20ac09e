package policy

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Error is a problem in a content file, reported as file:line so the 事務局 can fix it.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Errors is every problem found in a load; the build stops on any of them.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

var (
	chapterRe   = regexp.MustCompile(`^## 第(\d+)章\s+(.+)$`)
	articleRe   = regexp.MustCompile(`^### 第(\d+)条(.*)$`)
	captionRe   = regexp.MustCompile(`^（(.+)）$`)
	controlsRe  = regexp.MustCompile(`^(.+?)：([A-Za-z0-9.、, ]+)$`)
	controlRe   = regexp.MustCompile(`^A(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?$`)
	paraRe      = regexp.MustCompile(`^(\d+)(?: (.+))?$`)
	itemRe      = regexp.MustCompile(`^- (\(\d+\)|[ア-ン]) (.+)$`)
	subItemRe   = regexp.MustCompile(`^  - (\(\d+\)|[ア-ン]) (.+)$`)
	tableRowRe  = regexp.MustCompile(`^\|.*\|$`)
	tableSepRe  = regexp.MustCompile(`^\|(\s*:?-+:?\s*\|)+$`)
	frontLineRe = regexp.MustCompile(`^(\w+):\s*(.*)$`)
)

// parser reads one standard's content file.
type parser struct {
	file  string
	std   *Standard
	errs  Errors
	lines []string
	i     int

	chapter *Chapter
	article *Article
	para    *Paragraph
	item    *Item
	inApp   bool
	seen    map[int]int // article number → line, for duplicates
}

// ParseStandard parses the content file of one standard (name is used in messages).
func ParseStandard(name string, src []byte) (*Standard, error) {
	p := &parser{file: name, std: &Standard{File: name}, seen: map[int]int{}}
	front, body, bodyLine := splitFrontMatter(string(src))
	p.std.Title = front["title"]
	p.std.Number = front["number"]
	for _, r := range strings.Split(front["unresolved"], ",") {
		if r = strings.TrimSpace(r); r != "" {
			p.std.Unresolved = append(p.std.Unresolved, r)
		}
	}
	if p.std.Title == "" {
		p.fail(1, "front matter に title がありません")
	}
	p.lines = strings.Split(body, "\n")
	for p.i = 0; p.i < len(p.lines); p.i++ {
		p.line(p.lines[p.i], bodyLine+p.i)
	}
	if len(p.std.Chapters) == 0 {
		p.fail(bodyLine, "章（## 第1章 …）がありません")
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return p.std, nil
}

func (p *parser) fail(line int, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) line(l string, n int) {
	trimmed := strings.TrimRight(l, " \t\r")
	if strings.TrimSpace(trimmed) == "" {
		p.item = p.itemIfIndentedNext()
		return
	}
	switch {
	case chapterRe.MatchString(trimmed):
		m := chapterRe.FindStringSubmatch(trimmed)
		num, _ := strconv.Atoi(m[1])
		p.chapter = &Chapter{Number: num, Title: m[2]}
		p.std.Chapters = append(p.std.Chapters, p.chapter)
		p.article, p.para, p.item, p.inApp = nil, nil, nil, false
	case strings.HasPrefix(trimmed, "## "):
		p.std.Appendices = append(p.std.Appendices, Appendix{Title: strings.TrimPrefix(trimmed, "## "), Line: n})
		p.article, p.para, p.item, p.inApp = nil, nil, nil, true
	case strings.HasPrefix(trimmed, "### "):
		p.startArticle(trimmed, n)
	case p.inApp:
		p.appendBlock(&p.std.Appendices[len(p.std.Appendices)-1].Blocks, trimmed, n)
	case p.article == nil:
		p.fail(n, "条（### 第N条（見出し））の外に本文があります: %q", short(trimmed))
	case subItemRe.MatchString(trimmed):
		if p.item == nil {
			p.fail(n, "細目 %q の前に号がありません", short(trimmed))
			return
		}
		m := subItemRe.FindStringSubmatch(trimmed)
		sub := &Item{Label: m[1], Text: m[2], Number: countItems(p.item.Blocks) + 1}
		p.item.Blocks = append(p.item.Blocks, Block{Kind: ItemBlock, Item: sub, Line: n})
	case itemRe.MatchString(trimmed):
		m := itemRe.FindStringSubmatch(trimmed)
		it := &Item{Label: m[1], Text: m[2], Number: countItems(p.para.Blocks) + 1}
		p.para.Blocks = append(p.para.Blocks, Block{Kind: ItemBlock, Item: it, Line: n})
		p.item = it
	case strings.HasPrefix(trimmed, "  ") && p.item != nil:
		p.appendBlock(&p.item.Blocks, strings.TrimSpace(trimmed), n)
	case paraRe.MatchString(trimmed):
		m := paraRe.FindStringSubmatch(trimmed)
		num, _ := strconv.Atoi(m[1])
		if num != len(p.article.Paragraphs)+1 {
			p.fail(n, "%sの第%d項の次が第%d項です（項番号は 2, 3, … と続けてください）", p.article.Heading(), len(p.article.Paragraphs), num)
			return
		}
		p.para = &Paragraph{Number: num, Line: n}
		p.article.Paragraphs = append(p.article.Paragraphs, p.para)
		p.item = nil
		if m[2] != "" {
			p.para.Blocks = append(p.para.Blocks, Block{Kind: TextBlock, Text: m[2], Line: n})
		}
	default:
		p.item = nil
		p.appendBlock(&p.para.Blocks, trimmed, n)
	}
}

// itemIfIndentedNext keeps the current item open across a blank line when the next line is indented,
// which is how an item's body is written.
func (p *parser) itemIfIndentedNext() *Item {
	for j := p.i + 1; j < len(p.lines); j++ {
		if strings.TrimSpace(p.lines[j]) == "" {
			continue
		}
		if strings.HasPrefix(p.lines[j], "  ") || itemRe.MatchString(p.lines[j]) {
			return p.item
		}
		return nil
	}
	return nil
}

func (p *parser) startArticle(l string, n int) {
	m := articleRe.FindStringSubmatch(l)
	if m == nil {
		p.fail(n, "見出し %q は「### 第N条（見出し）」の形ではありません", short(l))
		return
	}
	num, _ := strconv.Atoi(m[1])
	a := &Article{Standard: p.std.Number, Number: num, Line: n}
	cm := captionRe.FindStringSubmatch(strings.TrimSpace(m[2]))
	if cm == nil || strings.TrimSpace(cm[1]) == "" {
		p.fail(n, "第%d条に見出しがありません（### 第%d条（見出し） の形で書いてください）", num, num)
	} else {
		a.Caption = cm[1]
		if c := controlsRe.FindStringSubmatch(cm[1]); c != nil {
			a.Caption = c[1]
			for _, id := range strings.Split(c[2], "、") {
				id = strings.TrimSpace(id)
				if !controlRe.MatchString(id) {
					p.fail(n, "第%d条の管理策 %q は A9.4.2 の形ではありません", num, id)
					continue
				}
				a.Controls = append(a.Controls, id)
			}
		}
	}
	if first, dup := p.seen[num]; dup {
		p.fail(n, "第%d条が重複しています（%d 行目にもあります）", num, first)
	}
	p.seen[num] = n
	if p.chapter == nil {
		p.fail(n, "第%d条が章の前にあります", num)
		return
	}
	p.article = a
	p.para = &Paragraph{Number: 1, Line: n}
	a.Paragraphs = []*Paragraph{p.para}
	p.item = nil
	p.chapter.Articles = append(p.chapter.Articles, a)
}

// appendBlock adds a prose line, note or table row to blocks; consecutive prose lines are one block.
func (p *parser) appendBlock(blocks *[]Block, l string, n int) {
	last := len(*blocks) - 1
	switch {
	case tableRowRe.MatchString(l):
		if last >= 0 && (*blocks)[last].Kind == TableBlock && (*blocks)[last].Line+len((*blocks)[last].Table.Rows)+2 >= n {
			if !tableSepRe.MatchString(l) {
				t := (*blocks)[last].Table
				t.Rows = append(t.Rows, splitRow(l, len(t.Header)))
			}
			return
		}
		*blocks = append(*blocks, Block{Kind: TableBlock, Table: &Table{Header: splitRow(l, 0)}, Line: n})
	case strings.HasPrefix(l, "※"):
		*blocks = append(*blocks, Block{Kind: NoteBlock, Text: l, Line: n})
	case last >= 0 && (*blocks)[last].Kind == TextBlock && p.i > 0 && strings.TrimSpace(p.lines[p.i-1]) != "":
		(*blocks)[last].Text += l
	default:
		*blocks = append(*blocks, Block{Kind: TextBlock, Text: l, Line: n})
	}
}

func splitRow(l string, width int) []string {
	cells := strings.Split(strings.Trim(l, "|"), "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	for width > 0 && len(cells) < width {
		cells = append(cells, "")
	}
	return cells
}

func countItems(blocks []Block) int {
	n := 0
	for _, b := range blocks {
		if b.Kind == ItemBlock {
			n++
		}
	}
	return n
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// splitFrontMatter separates "---" front matter (simple key: value lines) from the body.
func splitFrontMatter(src string) (map[string]string, string, int) {
	front := map[string]string{}
	if !strings.HasPrefix(src, "---\n") {
		return front, src, 1
	}
	rest := src[4:]
	end := strings.Index(rest, "\n---\n")
	if end < 0 {
		return front, src, 1
	}
	for _, l := range strings.Split(rest[:end], "\n") {
		if m := frontLineRe.FindStringSubmatch(l); m != nil {
			front[m[1]] = strings.Trim(strings.TrimSpace(m[2]), `"'`)
		}
	}
	head := src[:4+end+5]
	return front, rest[end+5:], strings.Count(head, "\n") + 1
}

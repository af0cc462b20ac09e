// Package policy reads the handbook's text (content/) into a Document: the 情報セキュリティ方針 and the
// 13 対策基準, each a list of chapters and articles with their 項 and 号. The search index, the version
// diff, the site renderer and the quiz reference checks all work from this one model.
//
// The format of content/ is described in FORMAT.md beside this file.
package policy

import (
	"fmt"
	"strconv"
	"strings"
)

// PolicyNumber is the number the 方針 takes beside the standards 01…13; its items have IDs "00-N".
const PolicyNumber = "00"

// Document is the whole handbook text.
type Document struct {
	Policy    *Standard   // the 方針, Number "00"; its 取組み are its articles
	Standards []*Standard // 【01】…【13】 in order
}

// Standard is one 対策基準 (or the 方針).
type Standard struct {
	Number     string     // "01"…"13", or "00" for the 方針
	Title      string     // セキュリティ組織に関する基準
	File       string     // path of its content file, for messages
	Chapters   []*Chapter // in order; every article belongs to one
	Preamble   []Block    // text before the first chapter (the 方針's 前文 and 目的)
	Appendices []Appendix // tables after the last article (表1. ISMS関係法令等一覧)
	// Unresolved lists references in the city's text to articles that do not exist (front matter
	// "unresolved:"); they are published unlinked instead of failing the build.
	Unresolved []string
}

// Appendix is a titled section after the articles, such as a table the articles refer to.
type Appendix struct {
	Title  string
	Blocks []Block
	Line   int
}

// Chapter is a 第N章.
type Chapter struct {
	Number   int
	Title    string // 総則
	Articles []*Article
}

// Article is a 第N条: the unit that quiz questions cite and search results point to.
type Article struct {
	Standard   string       // "04"
	Number     int          // 13
	Caption    string       // パスワードの利用 (without brackets or controls)
	Controls   []string     // ISO/IEC 27001:2013 Annex A controls, as written: "A9.3.1"
	Paragraphs []*Paragraph // 項, the first one unnumbered in the text but numbered 1 here
	Line       int          // line of its heading in File
}

// Paragraph is a 項. Number 1 is the article's opening sentence.
type Paragraph struct {
	Number int
	Blocks []Block // text, items, tables and notes in reading order
	Line   int
}

// BlockKind tells what a Block holds.
type BlockKind int

const (
	TextBlock  BlockKind = iota // a sentence or paragraph of prose
	ItemBlock                   // a 号 ("(1) …") or a sub-item ("ア …"), see Item
	TableBlock                  // a table, see Table
	NoteBlock                   // a ※ note or definition
)

// Block is one piece of a paragraph, in reading order.
type Block struct {
	Kind  BlockKind
	Text  string // the prose of a text or note block; the first line of an item
	Item  *Item
	Table *Table
	Line  int
}

// Item is a 号 ((1), (2) …) or a sub-item (ア, イ …).
type Item struct {
	Label  string  // as printed: "(1)", "ア"
	Number int     // 1-based position among its siblings; anchors use it so a repeated label stays unique
	Text   string  // the item's own text
	Blocks []Block // what follows it: continuation paragraphs and sub-items
}

// Table is a table with a header row; Caption is the 表N line printed above it, if any.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
}

// ID is the machine ID quiz questions cite: "04-13".
func (a *Article) ID() string { return ArticleID(a.Standard, a.Number) }

// Anchor is the fragment of the article on its page: "art-13".
func (a *Article) Anchor() string { return "art-" + strconv.Itoa(a.Number) }

// Heading is the article's number and caption as printed: 第13条（パスワードの利用）.
func (a *Article) Heading() string {
	if a.Caption == "" {
		return fmt.Sprintf("第%d条", a.Number)
	}
	return fmt.Sprintf("第%d条（%s）", a.Number, a.Caption)
}

// ArticleID builds the machine ID of article n of standard std.
func ArticleID(std string, n int) string { return fmt.Sprintf("%s-%d", std, n) }

// ParseArticleID splits "04-13" into "04" and 13.
func ParseArticleID(id string) (std string, n int, ok bool) {
	s, num, found := strings.Cut(id, "-")
	if !found || len(s) != 2 {
		return "", 0, false
	}
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return s, n, true
}

// URL is the site path of the page that holds the standard: /standards/04/ or /policy/.
func (s *Standard) URL() string {
	if s.Number == PolicyNumber {
		return "/policy/"
	}
	return "/standards/" + s.Number + "/"
}

// Label is how the handbook names the standard in running text: 【04】.
func (s *Standard) Label() string { return "【" + s.Number + "】" }

// Articles lists the standard's articles in order.
func (s *Standard) Articles() []*Article {
	var out []*Article
	for _, c := range s.Chapters {
		out = append(out, c.Articles...)
	}
	return out
}

// Standard returns the standard numbered n ("00" is the 方針), or nil.
func (d *Document) Standard(n string) *Standard {
	if n == PolicyNumber {
		return d.Policy
	}
	for _, s := range d.Standards {
		if s.Number == n {
			return s
		}
	}
	return nil
}

// Article returns the article with the given ID ("04-13"), or nil.
func (d *Document) Article(id string) *Article {
	std, n, ok := ParseArticleID(id)
	if !ok {
		return nil
	}
	s := d.Standard(std)
	if s == nil {
		return nil
	}
	for _, a := range s.Articles() {
		if a.Number == n {
			return a
		}
	}
	return nil
}

// Articles lists every article of the 方針 and the standards, in order.
func (d *Document) Articles() []*Article {
	var out []*Article
	if d.Policy != nil {
		out = append(out, d.Policy.Articles()...)
	}
	for _, s := range d.Standards {
		out = append(out, s.Articles()...)
	}
	return out
}

// Anchor is the fragment of paragraph p of article a: "art-13-2".
func (p *Paragraph) Anchor(a *Article) string { return a.Anchor() + "-" + strconv.Itoa(p.Number) }

// PlainText is the article's text without markup, paragraphs separated by newlines: what search indexes and
// the version diff compares.
func (a *Article) PlainText() string {
	var b strings.Builder
	for _, p := range a.Paragraphs {
		if p.Number > 1 {
			fmt.Fprintf(&b, "%d ", p.Number)
		}
		writeBlocks(&b, p.Blocks)
	}
	return strings.TrimSpace(b.String())
}

func writeBlocks(b *strings.Builder, blocks []Block) {
	for _, bl := range blocks {
		switch bl.Kind {
		case TextBlock, NoteBlock:
			b.WriteString(bl.Text)
			b.WriteByte('\n')
		case ItemBlock:
			b.WriteString(bl.Item.Label)
			b.WriteByte(' ')
			b.WriteString(bl.Item.Text)
			b.WriteByte('\n')
			writeBlocks(b, bl.Item.Blocks)
		case TableBlock:
			t := bl.Table
			if t.Caption != "" {
				b.WriteString(t.Caption)
				b.WriteByte('\n')
			}
			b.WriteString(strings.Join(t.Header, " "))
			b.WriteByte('\n')
			for _, r := range t.Rows {
				b.WriteString(strings.Join(r, " "))
				b.WriteByte('\n')
			}
		}
	}
}

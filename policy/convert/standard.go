package convert

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"isms/policy"
)

// stdConverter converts the lines of one standard. The source is irregular (headings at varying levels, list
// markers on some paragraphs and not others, sentences broken across pages), so it works line by line and keeps
// the place the next line belongs to.
type stdConverter struct {
	number string
	errata *[]Erratum
	std    policy.Standard

	chapter  *policy.Chapter
	article  *policy.Article
	para     *policy.Paragraph
	item     *policy.Item // the last 号, for sub-items and item bodies
	last     *string      // the text a broken line continues
	lastItem bool         // last is an item's own text
	caption  string       // a caption line waiting for its article
	appendix *policy.Appendix
	table    *policy.Table
}

var tableCaption = regexp.MustCompile(`^表\d+\.`)

func (c *stdConverter) convert(lines []string, firstLine int) (string, error) {
	c.std.Number = c.number
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(fix(lines[i], c.whereFor(lines[i]), c.errata), " \t　")
		if strings.Contains(line, "\t") || strings.HasPrefix(line, "---") {
			c.tableRow(line)
			continue
		}
		if strings.TrimSpace(line) == "" {
			if c.table != nil && !nextHasTab(lines, i) {
				c.endTable()
			}
			continue
		}
		if c.table != nil {
			c.endTable()
		}
		if err := c.line(line); err != nil {
			return "", fmt.Errorf("line %d: %w", firstLine+i, err)
		}
	}
	if c.table != nil {
		c.endTable()
	}
	return policy.FormatStandard(&c.std), nil
}

func nextHasTab(lines []string, i int) bool {
	for j := i + 1; j < len(lines); j++ {
		if strings.TrimSpace(lines[j]) != "" {
			return strings.Contains(lines[j], "\t")
		}
	}
	return false
}

func (c *stdConverter) line(line string) error {
	trimmed := strings.TrimSpace(line)
	switch {
	case chapterHeading.MatchString(line):
		m := chapterHeading.FindStringSubmatch(line)
		n, _ := strconv.Atoi(m[1])
		c.chapter = &policy.Chapter{Number: n, Title: strings.TrimSpace(m[2])}
		c.std.Chapters = append(c.std.Chapters, c.chapter)
		c.article, c.para, c.item, c.last = nil, nil, nil, nil
	case captionLine.MatchString(line) && !strings.HasPrefix(trimmed, "- "):
		c.caption = captionLine.FindStringSubmatch(line)[1]
	case tableCaption.MatchString(trimmed):
		c.appendix = &policy.Appendix{Title: trimmed}
		c.std.Appendices = append(c.std.Appendices, *c.appendix)
	case articleLine.MatchString(line):
		m := articleLine.FindStringSubmatch(line)
		n, _ := strconv.Atoi(m[1])
		if c.chapter == nil {
			return fmt.Errorf("第%d条 comes before any chapter", n)
		}
		if c.caption == "" {
			return fmt.Errorf("第%d条 has no caption line", n)
		}
		caption, controls := splitCaption(c.caption)
		c.caption = ""
		c.article = &policy.Article{Standard: c.number, Number: n, Caption: caption, Controls: controls}
		c.chapter.Articles = append(c.chapter.Articles, c.article)
		c.para = &policy.Paragraph{Number: 1}
		c.article.Paragraphs = append(c.article.Paragraphs, c.para)
		c.item = nil
		c.text(m[2])
	case c.article == nil:
		return fmt.Errorf("text outside an article: %q", trimmed)
	case subItemLine.MatchString(line) && c.item != nil:
		m := subItemLine.FindStringSubmatch(line)
		sub := &policy.Item{Label: m[1], Text: m[2]}
		sub.Number = countItems(c.item.Blocks) + 1
		c.item.Blocks = append(c.item.Blocks, policy.Block{Kind: policy.ItemBlock, Item: sub})
		c.last, c.lastItem = &sub.Text, false
	case itemLine.MatchString(line):
		m := itemLine.FindStringSubmatch(line)
		it := &policy.Item{Label: "(" + m[1] + ")", Text: m[2]}
		it.Number = countItems(c.para.Blocks) + 1
		c.para.Blocks = append(c.para.Blocks, policy.Block{Kind: policy.ItemBlock, Item: it})
		c.item = it
		c.last, c.lastItem = &it.Text, true
	case c.isNextParagraph(line):
		m := paragraphLine.FindStringSubmatch(line)
		n, _ := strconv.Atoi(m[1])
		c.para = &policy.Paragraph{Number: n}
		c.article.Paragraphs = append(c.article.Paragraphs, c.para)
		c.item = nil
		c.text(m[2])
	case strings.HasPrefix(trimmed, "※"):
		c.para.Blocks = append(c.para.Blocks, policy.Block{Kind: policy.NoteBlock, Text: trimmed})
		c.last = nil
	default:
		c.continuation(strings.TrimPrefix(trimmed, "- "))
	}
	return nil
}

func (c *stdConverter) isNextParagraph(line string) bool {
	m := paragraphLine.FindStringSubmatch(line)
	if m == nil {
		return false
	}
	n, _ := strconv.Atoi(m[1])
	return n == len(c.article.Paragraphs)+1
}

// text starts a new prose block in the current paragraph.
func (c *stdConverter) text(s string) {
	c.para.Blocks = append(c.para.Blocks, policy.Block{Kind: policy.TextBlock, Text: s})
	c.last, c.lastItem = &c.para.Blocks[len(c.para.Blocks)-1].Text, false
}

// continuation places a line with no marker: the rest of a sentence broken by a page (joined), the body of a
// titled item such as 【02】第5条(1), or a further prose paragraph.
func (c *stdConverter) continuation(s string) {
	if c.last != nil && !endsSentence(*c.last) && !(c.lastItem && isTitle(*c.last)) {
		*c.errata = append(*c.errata, joinErratum(c.where(), *c.last, s))
		*c.last = fix(*c.last+s, c.where(), c.errata)
		return
	}
	if c.item != nil && c.lastItem && isTitle(*c.last) || c.item != nil && !c.lastItem && c.last == nil {
		c.item.Blocks = append(c.item.Blocks, policy.Block{Kind: policy.TextBlock, Text: s})
		c.last, c.lastItem = &c.item.Blocks[len(c.item.Blocks)-1].Text, false
		return
	}
	c.text(s)
}

func (c *stdConverter) where() string {
	w := "【" + c.number + "】"
	if c.article != nil {
		w += fmt.Sprintf("第%d条", c.article.Number)
		if c.para != nil && c.para.Number > 1 {
			w += fmt.Sprintf("第%d項", c.para.Number)
		}
	}
	return w
}

// whereFor names the place a source line belongs to, before the line has been placed.
func (c *stdConverter) whereFor(line string) string {
	if m := articleLine.FindStringSubmatch(line); m != nil {
		return "【" + c.number + "】第" + m[1] + "条"
	}
	if c.article != nil && c.isNextParagraph(line) {
		return c.where() + "第" + paragraphLine.FindStringSubmatch(line)[1] + "項"
	}
	return c.where()
}

func endsSentence(s string) bool {
	return strings.HasSuffix(s, "。") || strings.HasSuffix(s, "」") || strings.HasSuffix(s, "）")
}

// isTitle tells an item that names a topic (【02】第5条(1) 例外措置の許可) from one broken mid-sentence.
func isTitle(s string) bool { return len([]rune(s)) <= 14 && !strings.ContainsAny(s, "、。") }

func countItems(blocks []policy.Block) int {
	n := 0
	for _, b := range blocks {
		if b.Kind == policy.ItemBlock {
			n++
		}
	}
	return n
}

var htmlPara = regexp.MustCompile(`</?p>`)

func (c *stdConverter) tableRow(line string) {
	if strings.HasPrefix(line, "---") {
		return // the converter's own separator line
	}
	cells := strings.Split(line, "\t")
	for i, cell := range cells {
		cell = strings.TrimSpace(cell)
		cell = strings.ReplaceAll(cell, "</p> <p>", "<br>")
		cells[i] = strings.TrimSpace(htmlPara.ReplaceAllString(cell, ""))
	}
	if c.table == nil {
		c.table = &policy.Table{Header: cells}
		return
	}
	for len(cells) < len(c.table.Header) {
		cells = append(cells, "")
	}
	c.table.Rows = append(c.table.Rows, cells)
}

func (c *stdConverter) endTable() {
	b := policy.Block{Kind: policy.TableBlock, Table: c.table}
	c.table = nil
	if c.appendix != nil {
		c.std.Appendices[len(c.std.Appendices)-1].Blocks = append(c.std.Appendices[len(c.std.Appendices)-1].Blocks, b)
		return
	}
	c.para.Blocks = append(c.para.Blocks, b)
	c.last = nil
}

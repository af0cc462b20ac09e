package policy

import (
	"fmt"
	"strings"
)

// FormatStandard writes the body of a standard's content file (without front matter) in the format of
// FORMAT.md. Parse reads back what it writes.
func FormatStandard(s *Standard) string {
	var b strings.Builder
	for _, c := range s.Chapters {
		fmt.Fprintf(&b, "## 第%d章 %s\n\n", c.Number, c.Title)
		for _, a := range c.Articles {
			formatArticle(&b, a)
		}
	}
	for _, ap := range s.Appendices {
		fmt.Fprintf(&b, "## %s\n\n", ap.Title)
		formatBlocks(&b, ap.Blocks, "")
	}
	return b.String()
}

// CaptionLine is an article's heading line as written in content: 第4条（CISOの役割：A5.1.2、A7.2.1）.
func (a *Article) CaptionLine() string {
	c := a.Caption
	if len(a.Controls) > 0 {
		c += "：" + strings.Join(a.Controls, "、")
	}
	return fmt.Sprintf("第%d条（%s）", a.Number, c)
}

func formatArticle(b *strings.Builder, a *Article) {
	fmt.Fprintf(b, "### %s\n\n", a.CaptionLine())
	for _, p := range a.Paragraphs {
		blocks := p.Blocks
		if p.Number > 1 {
			if len(blocks) > 0 && blocks[0].Kind == TextBlock {
				fmt.Fprintf(b, "%d %s\n\n", p.Number, blocks[0].Text)
				blocks = blocks[1:]
			} else {
				fmt.Fprintf(b, "%d\n\n", p.Number)
			}
		}
		formatBlocks(b, blocks, "")
	}
}

func formatBlocks(b *strings.Builder, blocks []Block, indent string) {
	for i, bl := range blocks {
		switch bl.Kind {
		case TextBlock, NoteBlock:
			fmt.Fprintf(b, "%s%s\n\n", indent, bl.Text)
		case ItemBlock:
			fmt.Fprintf(b, "%s- %s %s\n", indent, bl.Item.Label, bl.Item.Text)
			if len(bl.Item.Blocks) > 0 {
				// an item with a body is set off by blank lines so its body reads as its own
				b.WriteString("\n")
				formatBlocks(b, bl.Item.Blocks, indent+"  ")
			} else if i+1 == len(blocks) || blocks[i+1].Kind != ItemBlock {
				b.WriteString("\n")
			}
		case TableBlock:
			formatTable(b, bl.Table)
		}
	}
}

func formatTable(b *strings.Builder, t *Table) {
	if t.Caption != "" {
		fmt.Fprintf(b, "%s\n\n", t.Caption)
	}
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + strings.ReplaceAll(c, "|", "｜") + " |")
		}
		b.WriteString("\n")
	}
	row(t.Header)
	sep := make([]string, len(t.Header))
	for i := range sep {
		sep[i] = "---"
	}
	row(sep)
	for _, r := range t.Rows {
		row(r)
	}
	b.WriteString("\n")
}

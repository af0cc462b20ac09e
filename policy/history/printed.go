package history

import (
	"fmt"
	"strconv"
	"strings"

	"isms/policy"
)

// The 新旧対照表 prints articles the way the city's standards are printed: the caption in brackets on its
// own line, then 第N条 followed by the first 項, then each further 項 after its number, each 号 on a line.

// printedPara is one 項 as printed: its number (第13条 for the first, 2, 3 … after it) and its text lines.
type printedPara struct {
	number string
	text   string // lines joined by "\n"; the first follows the number
}

// unit is something the table compares as a whole: an article, a chapter heading, the 前文, an appendix.
type unit struct {
	caption string // an article's caption with its controls, without brackets; "" for other units
	paras   []printedPara
}

func printedArticle(a *policy.Article) unit {
	u := unit{caption: a.Caption}
	if len(a.Controls) > 0 {
		u.caption += "：" + strings.Join(a.Controls, "、")
	}
	for _, p := range a.Paragraphs {
		var lines []string
		if len(p.Blocks) > 0 && p.Blocks[0].Kind != policy.TextBlock {
			lines = append(lines, "") // the number stands on a line of its own above a list or table
		}
		writeLines(&lines, p.Blocks, "")
		u.paras = append(u.paras, printedPara{number: paraNumber(a, p.Number), text: strings.Join(lines, "\n")})
	}
	return u
}

// paraNumber is how 項 n of a is numbered in print: 第13条 for the first (取組み1． in the 方針), then 2, 3 ….
func paraNumber(a *policy.Article, n int) string {
	if n > 1 {
		return strconv.Itoa(n)
	}
	return articleNumber(a.Standard, a.Number)
}

func articleNumber(std string, n int) string {
	if std == policy.PolicyNumber {
		return fmt.Sprintf("取組み%d", n)
	}
	return fmt.Sprintf("第%d条", n)
}

func writeLines(lines *[]string, blocks []policy.Block, indent string) {
	for _, b := range blocks {
		switch b.Kind {
		case policy.TextBlock, policy.NoteBlock:
			for _, l := range strings.Split(b.Text, "\n") {
				*lines = append(*lines, indent+l)
			}
		case policy.ItemBlock:
			*lines = append(*lines, indent+b.Item.Label+"　"+b.Item.Text)
			writeLines(lines, b.Item.Blocks, indent+"　")
		case policy.TableBlock:
			t := b.Table
			if t.Caption != "" {
				*lines = append(*lines, indent+t.Caption)
			}
			*lines = append(*lines, indent+"｜"+strings.Join(t.Header, "｜")+"｜")
			for _, r := range t.Rows {
				*lines = append(*lines, indent+"｜"+strings.Join(r, "｜")+"｜")
			}
		}
	}
}

// blocksText prints prose blocks (the 前文, an appendix) as lines.
func blocksText(blocks []policy.Block) string {
	var lines []string
	writeLines(&lines, blocks, "")
	return strings.Join(lines, "\n")
}

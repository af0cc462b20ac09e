package history

import (
	"fmt"
	"strconv"
	"strings"

	"isms/policy"
)

// The 新旧対照表 prints articles the way the city's standards are printed: the caption in brackets on its
// own line, then 第N条 followed by the first 項, then each further 項 after its number, each 号 on a line.

// unit is an article as the table compares it: its caption and its 項.
type unit struct {
	caption string // the caption with its controls, without brackets
	paras   []*part
}

func printedArticle(a *policy.Article) unit {
	u := unit{caption: a.Caption}
	if len(a.Controls) > 0 {
		u.caption += "：" + strings.Join(a.Controls, "、")
	}
	for _, p := range a.Paragraphs {
		u.paras = append(u.paras, paraPart(a, p))
	}
	return u
}

// paraNumber is how 項 n of a is numbered in print: 第13条 for the first (取組み1 in the 方針), then 2, 3 ….
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

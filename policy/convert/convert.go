// Package convert turns the city's source text (a PDF converted to Markdown, shared/policy/source.md) into the
// handbook's content files in the format of policy/FORMAT.md. It runs once per new source; afterwards the
// content files are the text the 事務局 maintains. Every correction of a conversion artifact is returned as an
// Erratum so that the published errata page keeps the text traceable to the source.
package convert

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Erratum is one correction of a conversion artifact.
type Erratum struct {
	Where     string // 【05】第7条
	Source    string // the text as it stands in the source
	Published string // the text as published
}

// Result is the converted handbook: content files by path relative to content/, and the corrections made.
type Result struct {
	Files  map[string]string
	Errata []Erratum
}

// Convert converts the whole source.
func Convert(src string) (*Result, error) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	lines := strings.Split(src, "\n")
	res := &Result{Files: map[string]string{}}

	start := indexOf(lines, 0, func(l string) bool { return strings.HasPrefix(l, "# 情報安全都市") })
	stdStart := indexOf(lines, 0, func(l string) bool { return strings.HasPrefix(l, "# 西宮市情報セキュリティ対策基準書") })
	if start < 0 || stdStart < 0 {
		return nil, fmt.Errorf("source: the policy or the standards heading is missing")
	}
	policy, err := convertPolicy(lines[start:stdStart])
	if err != nil {
		return nil, err
	}
	res.Files["policy/_index.md"] = policy
	res.Errata = append(res.Errata, Erratum{Where: "方針（目的）", Source: "- ・ 機密性を維持し、…（箇条書きの記号が二重）", Published: "・ を除いた箇条書き"})

	var bounds []int
	for i := stdStart; i < len(lines); i++ {
		if stdHeading.MatchString(lines[i]) {
			bounds = append(bounds, i)
		}
	}
	bounds = append(bounds, len(lines))
	for k := 0; k+1 < len(bounds); k++ {
		m := stdHeading.FindStringSubmatch(lines[bounds[k]])
		num, title := m[1], strings.TrimSpace(m[2])
		c := &stdConverter{number: num, errata: &res.Errata}
		body, err := c.convert(lines[bounds[k]+1:bounds[k+1]], bounds[k]+2)
		if err != nil {
			return nil, fmt.Errorf("【%s】: %w", num, err)
		}
		n, _ := strconv.Atoi(num)
		front := fmt.Sprintf("title: %s\nnumber: \"%s\"\nweight: %d\n", title, num, n)
		if u := unresolved[num]; u != "" {
			front += "unresolved: " + u + "\n"
		}
		res.Files["standards/"+num+".md"] = "---\n" + front + "---\n\n" + body
	}
	res.Files["errata.md"] = FormatErrata(res.Errata)
	return res, nil
}

var (
	stdHeading     = regexp.MustCompile(`^#{1,2} 【(\d\d)】(.+)$`)
	chapterHeading = regexp.MustCompile(`^#{2,4} 第(\d+)章\s*(.+)$`)
	captionLine    = regexp.MustCompile(`^(?:#{3,4} )?[(（](.+)[)）]\s*$`)
	articleLine    = regexp.MustCompile(`^(?:- )?第(\d+)条\s+(.+)$`)
	paragraphLine  = regexp.MustCompile(`^(?:- )?(\d+)\s+(.+)$`)
	itemLine       = regexp.MustCompile(`^\s*(?:- )?\((\d+)\)\s*(.+)$`)
	subItemLine    = regexp.MustCompile(`^\s*- ([アイウエオカキクケコ])\s+(.+)$`)
	controlsSuffix = regexp.MustCompile(`\s*[:：]\s*(A[\d.]+(?:\s*[、,]\s*A[\d.]+)*)$`)
)

func indexOf(lines []string, from int, f func(string) bool) int {
	for i := from; i < len(lines); i++ {
		if f(lines[i]) {
			return i
		}
	}
	return -1
}

// unresolved are references in the city's text to articles that do not exist; they are kept as written.
var unresolved = map[string]string{"02": "<基準②-06>第16条"}

// corrections are the conversion artifacts found in the source: exact source text, published text and,
// for the errata page, where it occurs. They are applied to each line before it is converted.
var corrections = []struct{ from, to string }{
	{"持ち込んで서는ならない", "持ち込んではならない"},
	{"持ち込んではず、", "持ち込んではならず、"},
	{"必要性和業務", "必要性と業務"},
	{"おかななければ", "おかなければ"},
	{"C I S O", "CISO"},
	{"I S M S", "ISMS"},
	{"I SMS 統括", "ISMS統括"},
	{"I SMS", "ISMS"},
	{"、IMS統括責任者", "、ISMS統括責任者"},
	{"しなければばならない", "しなければならない"}, // a page break repeated the syllable
}

// fix applies the corrections to one line of article where, recording each.
func fix(line, where string, errata *[]Erratum) string {
	for _, c := range corrections {
		for strings.Contains(line, c.from) {
			*errata = append(*errata, Erratum{Where: where, Source: c.from, Published: c.to})
			line = strings.Replace(line, c.from, c.to, 1)
		}
	}
	return line
}

// splitCaption splits "(CISOの役割: A5.1.2、A7.2.1)" into the caption and its controls.
func splitCaption(s string) (caption string, controls []string) {
	s = strings.TrimSpace(s)
	if m := controlsSuffix.FindStringSubmatchIndex(s); m != nil {
		for _, c := range regexp.MustCompile(`A[\d.]+`).FindAllString(s[m[2]:m[3]], -1) {
			controls = append(controls, strings.TrimSuffix(c, "."))
		}
		s = strings.TrimSpace(s[:m[0]])
	}
	return s, controls
}

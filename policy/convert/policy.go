package convert

import (
	"fmt"
	"regexp"
	"strings"
)

var bulletItem = regexp.MustCompile(`^- ・\s*(.+)$`)

// convertPolicy converts the 方針: its two headings become the page title and subtitle, the aims a list, the
// 取組み a numbered list, and the date and signatory its closing lines.
func convertPolicy(lines []string) (string, error) {
	var b strings.Builder
	b.WriteString("---\ntitle: 情報セキュリティ方針\nsubtitle: 情報安全都市をめざして ～西宮市情報セキュリティ方針～\n---\n\n")
	n := 0
	for _, l := range lines[1:] {
		l = strings.TrimRight(l, " \t")
		switch {
		case strings.HasPrefix(l, "## ～"):
			continue
		case strings.HasPrefix(l, "### ("), strings.HasPrefix(l, "### （"):
			fmt.Fprintf(&b, "## %s\n", strings.Trim(strings.TrimPrefix(l, "### "), "()（）"))
		case bulletItem.MatchString(l):
			fmt.Fprintf(&b, "- %s\n", bulletItem.FindStringSubmatch(l)[1])
			continue
		default:
			b.WriteString(l + "\n")
		}
		if strings.HasPrefix(l, "1. ") || len(l) > 2 && l[0] >= '1' && l[0] <= '9' && strings.HasPrefix(l[1:], ". ") {
			n++
		}
	}
	if n != 7 {
		return "", fmt.Errorf("方針: %d 取組み found, want 7", n)
	}
	out := regexp.MustCompile(`\n{3,}`).ReplaceAllString(b.String(), "\n\n")
	// "- …" aims directly follow the sentence that introduces them; Markdown needs a blank line between.
	out = strings.Replace(out, "において、\n\n- ", "において、\n\n- ", 1)
	return strings.TrimRight(out, "\n") + "\n", nil
}

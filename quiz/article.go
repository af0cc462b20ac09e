package quiz

import (
	"cmp"
	"strconv"
	"strings"
)

// policyNumber is the number the 方針 takes beside the standards; its 取組み are "00-1".."00-7".
const policyNumber = "00"

// splitCite splits "04-13" into "04" and 13; ok is false for anything else.
func splitCite(id string) (std string, art int, ok bool) {
	if !citeRe.MatchString(id) {
		return "", 0, false
	}
	std, n, _ := strings.Cut(id, "-")
	art, err := strconv.Atoi(n)
	return std, art, err == nil
}

// ArticleURL returns the handbook address of a cited article: "04-13" → "/standards/04/#art-13",
// "00-3" → "/policy/#art-3"; "" when id is not an article ID.
func ArticleURL(id string) string {
	std, art, ok := splitCite(id)
	switch {
	case !ok:
		return ""
	case std == policyNumber:
		return "/policy/#art-" + strconv.Itoa(art)
	default:
		return "/standards/" + std + "/#art-" + strconv.Itoa(art)
	}
}

// ArticleLabel returns how the handbook names a cited article: "04-13" → "【04】第13条",
// "00-3" → "方針 取組み3"; id itself when it is not an article ID.
func ArticleLabel(id string) string {
	std, art, ok := splitCite(id)
	switch {
	case !ok:
		return id
	case std == policyNumber:
		return "方針 取組み" + strconv.Itoa(art)
	default:
		return "【" + std + "】第" + strconv.Itoa(art) + "条"
	}
}

// compareCites orders article IDs by standard, then by article number ("04-9" before "04-13").
func compareCites(a, b string) int {
	sa, na, _ := splitCite(a)
	sb, nb, _ := splitCite(b)
	return cmp.Or(cmp.Compare(sa, sb), cmp.Compare(na, nb), cmp.Compare(a, b))
}

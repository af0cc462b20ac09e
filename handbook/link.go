package handbook

import (
	"html"
	"html/template"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"isms/policy"
)

// linker turns the city's cross-references and glossary terms in running text into links. One linker serves
// one page: a glossary term is linked at its first use on the page only.
type linker struct {
	doc      *policy.Document
	std      *policy.Standard // the page's standard, for 第N条の手順 and 前項
	titles   map[string]*policy.Standard
	glossary map[string]string // term → its anchor on /glossary/
	base     string            // URL prefix of the edition being rendered
	re       *regexp.Regexp
	used     map[string]bool
}

// newLinker compiles the patterns shared by every page of an edition.
func newLinker(doc *policy.Document, glossary map[string]string, base string) *linker {
	l := &linker{doc: doc, titles: map[string]*policy.Standard{}, glossary: glossary, base: base}
	var titles []string
	for _, s := range doc.Standards {
		l.titles[s.Title] = s
		titles = append(titles, regexp.QuoteMeta(s.Title))
	}
	terms := make([]string, 0, len(glossary))
	for t := range glossary {
		terms = append(terms, t)
	}
	// longest first, so 副CISO wins over CISO and ISMS統括責任者 over ISMS
	sort.Slice(terms, func(i, j int) bool {
		if len(terms[i]) != len(terms[j]) {
			return len(terms[i]) > len(terms[j])
		}
		return terms[i] < terms[j]
	})
	for i, t := range terms {
		terms[i] = regexp.QuoteMeta(t)
	}
	pattern := `<基準②-(\d\d)>(?:第(\d+)条|全般)` + // 1, 2
		`|「(` + strings.Join(titles, "|") + `)」` + // 3
		`|第(\d+)条(?:の手順)` + // 4
		`|(前項)` // 5
	if len(terms) > 0 {
		pattern += `|(` + strings.Join(terms, "|") + `)` // 6
	}
	l.re = regexp.MustCompile(pattern)
	return l
}

// forPage returns a linker with its own record of terms already linked.
func (l *linker) forPage(std *policy.Standard) *linker {
	c := *l
	c.std = std
	c.used = map[string]bool{}
	return &c
}

// where is the place in the text being linked: the article and 項 for 前項.
type where struct {
	article *policy.Article
	para    int
}

// text escapes s and links what it recognises.
func (l *linker) text(s string, w where) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range l.re.FindAllStringSubmatchIndex(s, -1) {
		href, title := l.target(s, m, w)
		if href == "" {
			continue
		}
		b.WriteString(html.EscapeString(s[last:m[0]]))
		b.WriteString(`<a href="` + html.EscapeString(href) + `"`)
		if title != "" {
			b.WriteString(` title="` + html.EscapeString(title) + `"`)
		}
		b.WriteString(`>` + html.EscapeString(s[m[0]:m[1]]) + `</a>`)
		last = m[1]
	}
	b.WriteString(html.EscapeString(s[last:]))
	return template.HTML(b.String())
}

// target resolves one match to a URL and a tooltip, or "" to leave the text as it is.
func (l *linker) target(s string, m []int, w where) (href, title string) {
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	switch {
	case group(1) != "":
		std := l.doc.Standard(group(1))
		if std == nil || l.std != nil && l.std.IsUnresolved(s[m[0]:m[1]]) {
			return "", ""
		}
		if group(2) == "" {
			return l.base + std.URL(), std.Label() + std.Title
		}
		a := l.doc.Article(policy.ArticleID(group(1), atoi(group(2))))
		if a == nil {
			return "", ""
		}
		return l.base + std.URL() + "#" + a.Anchor(), std.Label() + a.Heading()
	case group(3) != "":
		std := l.titles[group(3)]
		return l.base + std.URL(), std.Label() + std.Title
	case group(4) != "":
		if l.std == nil {
			return "", ""
		}
		a := l.doc.Article(policy.ArticleID(l.std.Number, atoi(group(4))))
		if a == nil {
			return "", ""
		}
		return "#" + a.Anchor(), a.Heading()
	case group(5) != "":
		if w.article == nil || w.para < 2 {
			return "", ""
		}
		return "#" + w.article.Anchor() + "-" + strconv.Itoa(w.para-1), "第" + strconv.Itoa(w.para-1) + "項"
	case group(6) != "":
		term := group(6)
		if l.used == nil || l.used[term] || !wholeTerm(s, m[0], m[1]) {
			return "", ""
		}
		l.used[term] = true
		return l.base + "/glossary/#" + l.glossary[term], "用語集: " + term
	}
	return "", ""
}

// wholeTerm tells whether s[start:end] stands as a word of its own rather than as part of a longer one:
// ログ in ログの取得, not in ログイン or ログオン. Japanese has no spaces, so a term is cut off only where it
// would run on in the same script: katakana into katakana, Latin letters or digits into Latin letters or
// digits. A kanji term inside a compound (情報資産 in 情報資産台帳) is the term and stays linked.
func wholeTerm(s string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:start])
	first, _ := utf8.DecodeRuneInString(s[start:end])
	last, _ := utf8.DecodeLastRuneInString(s[start:end])
	after, _ := utf8.DecodeRuneInString(s[end:])
	runsOn := func(a, b rune) bool { c := script(a); return c != 0 && c == script(b) }
	return !(start > 0 && runsOn(first, before)) && !(end < len(s) && runsOn(last, after))
}

// script is 1 for katakana (and the long-vowel mark), 2 for Latin letters and digits, 0 for anything else.
func script(r rune) int {
	switch {
	case unicode.Is(unicode.Katakana, r) || r == 'ー' || r == 'ｰ':
		return 1
	case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)),
		r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r >= '０' && r <= '９':
		return 2
	}
	return 0
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

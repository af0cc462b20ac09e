package handbook

import (
	"fmt"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"isms/policy"
)

// Term is one glossary entry and the article (or 項) that defines it.
type Term struct {
	Term       string
	English    string
	Definition string // the defining sentence, as the city wrote it
	Article    *policy.Article
	Paragraph  int  // 0: the article as a whole
	Role       bool // a role the standards name, listed in content/glossary/_index.md
	Anchor     string
}

var (
	noteDefinition = regexp.MustCompile(`^※\*\*(.+?)(?:\s*\((.+?)\))?\*\*\s*(.+)$`)
	hereafter      = regexp.MustCompile(`[（(]以下、?「([^」]+)」という。?[)）]`)
	roleRow        = regexp.MustCompile(`^\|\s*([^|]+?)\s*\|\s*(\d\d-\d+(?:-\d+)?)\s*\|$`)
)

// buildGlossary collects the ※ definitions and the （以下「…」という。） definitions from the text, and the
// roles listed in content/glossary/_index.md with the article that sets each up. The first definition of a
// term wins. It returns the entries sorted by term and the page's intro Markdown with the role table removed.
func buildGlossary(doc *policy.Document, source string) ([]*Term, string, error) {
	byTerm := map[string]*Term{}
	add := func(t *Term) {
		if _, ok := byTerm[t.Term]; !ok {
			byTerm[t.Term] = t
		}
	}
	for _, a := range doc.Articles() {
		for _, p := range a.Paragraphs {
			eachText(p.Blocks, func(text string) {
				if m := noteDefinition.FindStringSubmatch(text); m != nil {
					add(&Term{Term: m[1], English: m[2], Definition: m[1] + m[3], Article: a, Paragraph: p.Number})
				}
				for _, m := range hereafter.FindAllStringSubmatch(text, -1) {
					add(&Term{Term: m[1], Definition: sentenceAround(text, m[0]), Article: a, Paragraph: p.Number})
				}
			})
		}
	}
	var intro []string
	for i, line := range strings.Split(source, "\n") {
		m := roleRow.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			if t := strings.TrimSpace(line); !strings.HasPrefix(t, "|") && !strings.HasPrefix(t, "<!--") {
				intro = append(intro, line)
			}
			continue
		}
		parts := strings.Split(m[2], "-")
		a := doc.Article(parts[0] + "-" + parts[1])
		if a == nil {
			return nil, "", fmt.Errorf("glossary/_index.md:%d: %s の定める条 %s がありません", i+1, m[1], m[2])
		}
		para := 1
		if len(parts) == 3 {
			para, _ = strconv.Atoi(parts[2])
			if para < 1 || para > len(a.Paragraphs) {
				return nil, "", fmt.Errorf("glossary/_index.md:%d: %s の定める項 %s がありません", i+1, m[1], m[2])
			}
		}
		def := ""
		eachText(a.Paragraphs[para-1].Blocks, func(text string) {
			if def == "" && strings.Contains(text, m[1]) {
				def = text
			}
		})
		if def == "" {
			def = firstText(a.Paragraphs[para-1].Blocks)
		}
		byTerm[m[1]] = &Term{Term: m[1], Definition: def, Article: a, Paragraph: map[bool]int{true: para, false: 0}[len(parts) == 3], Role: true}
	}
	terms := make([]*Term, 0, len(byTerm))
	for _, t := range byTerm {
		terms = append(terms, t)
	}
	sort.Slice(terms, func(i, j int) bool { return terms[i].Term < terms[j].Term })
	for i, t := range terms {
		t.Anchor = "term-" + strconv.Itoa(i+1)
	}
	return terms, strings.Join(intro, "\n"), nil
}

func eachText(blocks []policy.Block, f func(string)) {
	for _, b := range blocks {
		switch b.Kind {
		case policy.TextBlock, policy.NoteBlock:
			f(b.Text)
		case policy.ItemBlock:
			f(b.Item.Text)
			eachText(b.Item.Blocks, f)
		}
	}
}

func firstText(blocks []policy.Block) string {
	s := ""
	eachText(blocks, func(t string) {
		if s == "" {
			s = t
		}
	})
	return s
}

// sentenceAround returns the sentence of text (ending in 。) that contains part.
func sentenceAround(text, part string) string {
	i := strings.Index(text, part)
	start := strings.LastIndex(text[:i], "。")
	if start < 0 {
		start = 0
	} else {
		start += len("。")
	}
	end := strings.Index(text[i+len(part):], "。")
	if end < 0 {
		return text[start:]
	}
	return text[start : i+len(part)+end+len("。")]
}

// glossaryAnchors maps each term to its anchor, for the linker.
func glossaryAnchors(terms []*Term) map[string]string {
	m := make(map[string]string, len(terms))
	for _, t := range terms {
		m[t.Term] = t.Anchor
	}
	return m
}

// renderGlossary writes the roles, then the defined terms, each as a definition list.
func renderGlossary(doc *policy.Document, terms []*Term, base string) string {
	var b strings.Builder
	for _, group := range []struct {
		id, title string
		roles     bool
	}{{"roles", "役割", true}, {"terms", "用語", false}} {
		fmt.Fprintf(&b, `<section aria-labelledby="%s"><h2 id="%s">%s</h2><dl class="glossary">`, group.id, group.id, group.title)
		for _, t := range terms {
			if t.Role == group.roles {
				renderTerm(&b, doc, t, base)
			}
		}
		b.WriteString("</dl></section>")
	}
	return b.String()
}

func renderTerm(b *strings.Builder, doc *policy.Document, t *Term, base string) {
	std := doc.Standard(t.Article.Standard)
	href := base + std.URL() + "#" + t.Article.Anchor()
	where := std.Label() + t.Article.Heading()
	if t.Paragraph > 1 {
		href = base + std.URL() + "#" + t.Article.Anchor() + "-" + strconv.Itoa(t.Paragraph)
		where += fmt.Sprintf("第%d項", t.Paragraph)
	}
	fmt.Fprintf(b, `<dt id="%s">%s`, t.Anchor, html.EscapeString(t.Term))
	if t.English != "" {
		fmt.Fprintf(b, ` <span lang="en">(%s)</span>`, html.EscapeString(t.English))
	}
	fmt.Fprintf(b, `</dt><dd><p>%s</p><p class="defined-in">定める条: <a href="%s">%s</a></p></dd>`,
		html.EscapeString(t.Definition), href, html.EscapeString(where))
}

package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Files of the handbook text, relative to content/.
const (
	PolicyFile   = "policy/_index.md"
	StandardsDir = "standards"
)

// Load reads the 方針 and every standard from fsys (rooted at content/) and checks the cross-references
// between them. Any problem is returned as Errors, each with file:line.
func Load(fsys fs.FS) (*Document, error) {
	var errs Errors
	collect := func(err error) {
		var es Errors
		if errors.As(err, &es) {
			errs = append(errs, es...)
		} else if err != nil {
			errs = append(errs, &Error{File: "content", Msg: err.Error()})
		}
	}
	doc := &Document{}
	src, err := fs.ReadFile(fsys, PolicyFile)
	if err != nil {
		return nil, fmt.Errorf("方針 %s が読めません: %w", PolicyFile, err)
	}
	doc.Policy, err = ParsePolicy(PolicyFile, src)
	collect(err)

	names, err := fs.Glob(fsys, StandardsDir+"/*.md")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		if path.Base(name) == "_index.md" {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		s, err := ParseStandard(name, src)
		collect(err)
		if s == nil {
			continue
		}
		if want := strings.TrimSuffix(path.Base(name), ".md"); s.Number != want {
			collect(Errors{{File: name, Line: 1, Msg: fmt.Sprintf("number %q はファイル名 %s.md と一致しません", s.Number, want)}})
		}
		doc.Standards = append(doc.Standards, s)
	}
	if len(errs) == 0 {
		errs = append(errs, checkReferences(doc)...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return doc, nil
}

// ParsePolicy parses the 方針: prose before the numbered 取組み is its preamble (Markdown), each 取組み
// "N. …" is article 00-N, and what follows (date, signatory) is its closing.
func ParsePolicy(name string, src []byte) (*Standard, error) {
	front, body, bodyLine := splitFrontMatter(string(src))
	s := &Standard{Number: PolicyNumber, Title: front["title"], File: name}
	ch := &Chapter{Number: 0, Title: "取組み"}
	s.Chapters = []*Chapter{ch}
	closing := Appendix{}
	var block []string
	blockLine := 0
	flush := func() {
		if len(block) == 0 {
			return
		}
		b := Block{Kind: TextBlock, Text: strings.Join(block, "\n"), Line: blockLine}
		if len(ch.Articles) == 0 {
			s.Preamble = append(s.Preamble, b)
		} else {
			closing.Blocks = append(closing.Blocks, b)
		}
		block = nil
	}
	item := regexp.MustCompile(`^(\d+)\. (.+)$`)
	for i, l := range strings.Split(body, "\n") {
		n := bodyLine + i
		if m := item.FindStringSubmatch(l); m != nil {
			flush()
			num, _ := strconv.Atoi(m[1])
			if num != len(ch.Articles)+1 {
				return nil, Errors{{File: name, Line: n, Msg: fmt.Sprintf("取組み %d の次が %d です", len(ch.Articles), num)}}
			}
			ch.Articles = append(ch.Articles, &Article{Standard: PolicyNumber, Number: num, Line: n,
				Paragraphs: []*Paragraph{{Number: 1, Line: n, Blocks: []Block{{Kind: TextBlock, Text: m[2], Line: n}}}}})
			continue
		}
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		if len(block) == 0 {
			blockLine = n
		}
		block = append(block, l)
	}
	flush()
	if len(ch.Articles) == 0 {
		return nil, Errors{{File: name, Line: bodyLine, Msg: "取組み（1. … の番号付きの項目）がありません"}}
	}
	s.Appendices = []Appendix{closing}
	return s, nil
}

// StandardRef matches a reference to another standard's article as the city writes it: <基準②-04>第4条.
var StandardRef = regexp.MustCompile(`<基準②-(\d\d)>(?:第(\d+)条|全般)`)

// checkReferences reports references to articles that do not exist.
func checkReferences(doc *Document) Errors {
	var errs Errors
	for _, s := range doc.Standards {
		for _, a := range s.Articles() {
			forEachText(a, func(text string, line int) {
				for _, m := range StandardRef.FindAllStringSubmatch(text, -1) {
					target := doc.Standard(m[1])
					if target == nil {
						errs = append(errs, &Error{File: s.File, Line: line, Msg: fmt.Sprintf("%s: 参照先の基準 %s がありません", m[0], m[1])})
						continue
					}
					if m[2] != "" && doc.Article(ArticleID(m[1], atoi(m[2]))) == nil && !s.IsUnresolved(m[0]) {
						errs = append(errs, &Error{File: s.File, Line: line, Msg: fmt.Sprintf("%s: 参照先の条がありません", m[0])})
					}
				}
			})
		}
		for _, ap := range s.Appendices {
			walkBlocks(ap.Blocks, ap.Line, func(text string, line int) {
				for _, m := range StandardRef.FindAllStringSubmatch(text, -1) {
					if m[2] != "" && doc.Article(ArticleID(m[1], atoi(m[2]))) == nil && !s.IsUnresolved(m[0]) {
						errs = append(errs, &Error{File: s.File, Line: line, Msg: fmt.Sprintf("%s: 参照先の条がありません", m[0])})
					}
				}
			})
		}
	}
	return errs
}

// IsUnresolved tells whether ref is a dangling reference the content declares as the city's own.
func (s *Standard) IsUnresolved(ref string) bool {
	for _, r := range s.Unresolved {
		if r == ref {
			return true
		}
	}
	return false
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// forEachText calls f with every piece of text in the article and the line it stands on.
func forEachText(a *Article, f func(text string, line int)) {
	for _, p := range a.Paragraphs {
		walkBlocks(p.Blocks, p.Line, f)
	}
}

func walkBlocks(blocks []Block, line int, f func(string, int)) {
	for _, b := range blocks {
		l := b.Line
		if l == 0 {
			l = line
		}
		switch b.Kind {
		case TextBlock, NoteBlock:
			f(b.Text, l)
		case ItemBlock:
			f(b.Item.Text, l)
			walkBlocks(b.Item.Blocks, l, f)
		case TableBlock:
			for _, c := range b.Table.Header {
				f(c, l)
			}
			for _, r := range b.Table.Rows {
				for _, c := range r {
					f(c, l)
				}
			}
		}
	}
}

package quiz

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DefaultPassPercent is the pass mark of a bank whose front matter does not set one.
const DefaultPassPercent = 80

// The line shapes of a bank file (FORMAT.md). Labels accept the full-width colon too, because a Japanese
// input method types it unasked.
var (
	frontKeyRe   = regexp.MustCompile(`^([A-Za-z_]+)\s*[:：]\s*(.*)$`)
	competencyRe = regexp.MustCompile(`^[-*]\s+([^\s:：]+)\s*[:：]\s*(.*)$`)
	metaRe       = regexp.MustCompile(`^(力量|条文)\s*[:：]\s*(.*)$`)
	choiceRe     = regexp.MustCompile(`^[-*+]\s+([A-Za-zＡ-Ｚａ-ｚ])\s*[.．)）]\s*(.*)$`)
	answerRe     = regexp.MustCompile(`^正解\s*[:：]\s*(.*)$`)
	explainRe    = regexp.MustCompile(`^解説\s*[:：]\s*(.*)$`)
	idRe         = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	listSepRe    = regexp.MustCompile(`[\s,，、]+`)
)

// Parse reads one bank file. name is used in messages. A file with syntax problems gives Problems (each
// name:line) and no bank; problems of meaning (unknown competency, missing article, too few questions …)
// are left to Validate, which needs all banks and the policy.
func Parse(name string, src []byte) (*Bank, error) {
	p := &parser{problems: problems{file: name}}
	b := p.parse(src)
	if err := p.list.err(); err != nil {
		return nil, err
	}
	b.File = name
	sum := sha256.Sum256(src)
	b.Version = hex.EncodeToString(sum[:6])
	return b, nil
}

type parser struct {
	problems
	lines []string
}

// line returns the text of 1-based line n.
func (p *parser) line(n int) string { return p.lines[n-1] }

func (p *parser) parse(src []byte) *Bank {
	b := &Bank{PassPercent: DefaultPassPercent, competencyLines: map[string]int{}}
	if !utf8.Valid(src) {
		p.add(1, "UTF-8 の文字コードで保存してください")
		return b
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	p.lines = strings.Split(text, "\n")

	n := p.frontMatter(b)
	if n == 0 {
		return b
	}
	// Sections: prose before the first "## " heading is an introduction for the editor and is ignored.
	section := ""
	for n <= len(p.lines) {
		l := p.line(n)
		switch {
		case isQuestionHeading(l):
			if section == "" || section == "力量" {
				p.add(n, "問題の見出し（### …）は「## 問題」などの見出しの後に書いてください")
			}
			n = p.question(b, n)
			continue
		case isSectionHeading(l):
			section = strings.TrimSpace(strings.TrimLeft(l, "#"))
			if section == "" {
				p.add(n, "見出し（## …）に名前がありません")
			}
		case section == "力量":
			p.competency(b, n)
		case section != "" && strings.TrimSpace(l) != "":
			p.add(n, "問題の外に文があります。問題は「### 問題ID」の見出しで始めてください")
		}
		n++
	}
	if len(b.Competencies) == 0 {
		p.add(b.line, "力量がありません。「## 力量」の下に「- ID: 力量の名前」の形で書いてください")
	}
	return b
}

func isSectionHeading(l string) bool {
	return strings.HasPrefix(l, "##") && !strings.HasPrefix(l, "###")
}

func isQuestionHeading(l string) bool {
	return strings.HasPrefix(l, "###") && !strings.HasPrefix(l, "####")
}

// frontMatter reads the block between the first two "---" lines and returns the line after it, or 0 when
// the file has no usable front matter.
func (p *parser) frontMatter(b *Bank) int {
	if len(p.lines) == 0 || strings.TrimSpace(p.lines[0]) != "---" {
		p.add(1, "1 行目は「---」で始まるフロントマター（module, title, pass, draw）にしてください")
		return 0
	}
	b.line = 1
	seen := map[string]bool{}
	for n := 2; n <= len(p.lines); n++ {
		l := strings.TrimSpace(p.line(n))
		if l == "---" {
			if b.Module == "" && !seen["module"] {
				p.add(1, "フロントマターに module（モジュールID）がありません")
			}
			if b.Title == "" && !seen["title"] {
				p.add(1, "フロントマターに title（モジュール名）がありません")
			}
			if !seen["draw"] {
				p.add(1, "フロントマターに draw（1 回の出題数）がありません")
			}
			return n + 1
		}
		if l == "" {
			continue
		}
		m := frontKeyRe.FindStringSubmatch(l)
		if m == nil {
			p.add(n, "フロントマターの行は「キー: 値」の形で書いてください")
			continue
		}
		key, val := m[1], strings.TrimSpace(m[2])
		if seen[key] {
			p.add(n, "%s が 2 回書かれています", key)
			continue
		}
		seen[key] = true
		switch key {
		case "module":
			if !idRe.MatchString(val) {
				p.add(n, "module %q は英小文字・数字・ハイフンで書いてください（例: general）", val)
			}
			b.Module = val
		case "title":
			if val == "" {
				p.add(n, "title が空です")
			}
			b.Title = val
		case "pass":
			v, err := strconv.Atoi(val)
			if err != nil || v < 1 || v > 100 {
				p.add(n, "pass（合格点）は 1〜100 の整数（パーセント）で書いてください: %q", val)
				continue
			}
			b.PassPercent = v
		case "draw":
			v, err := strconv.Atoi(val)
			if err != nil || v < 1 || v > 1000 {
				p.add(n, "draw（1 回の出題数）は 1 以上の整数で書いてください: %q", val)
				continue
			}
			b.DrawCount = v
		default:
			p.add(n, "フロントマターのキー %q は使えません（module, title, pass, draw）", key)
		}
	}
	p.add(1, "フロントマターが「---」の行で閉じられていません")
	return 0
}

// competency reads one line of the 力量 section.
func (p *parser) competency(b *Bank, n int) {
	l := strings.TrimSpace(p.line(n))
	if l == "" {
		return
	}
	m := competencyRe.FindStringSubmatch(l)
	if m == nil {
		p.add(n, "力量は「- ID: 力量の名前」の形で書いてください")
		return
	}
	id, name := m[1], strings.TrimSpace(m[2])
	switch {
	case !idRe.MatchString(id):
		p.add(n, "力量ID %q は英小文字・数字・ハイフンで書いてください（例: legal）", id)
	case name == "":
		p.add(n, "力量 %s に名前がありません", id)
	case b.competencyLines[id] != 0:
		p.add(n, "力量 %s が 2 回定義されています（%d 行目）", id, b.competencyLines[id])
	default:
		b.Competencies = append(b.Competencies, Competency{ID: id, Name: name})
		b.competencyLines[id] = n
	}
}

// question reads the question whose heading is on line start and returns the line after it.
func (p *parser) question(b *Bank, start int) int {
	end := start + 1
	for end <= len(p.lines) && !isSectionHeading(p.line(end)) && !isQuestionHeading(p.line(end)) {
		end++
	}
	q := &Question{ID: strings.TrimSpace(strings.TrimLeft(p.line(start), "#")), Line: start}
	if !idRe.MatchString(q.ID) {
		p.add(start, "問題ID %q は英小文字・数字・ハイフンで書いてください（例: general-001）", q.ID)
	}
	if p.questionBody(q, start+1, end) {
		b.Questions = append(b.Questions, q)
	}
	return end
}

// questionBody fills q from lines [from, to) and reports whether it is complete enough to keep.
func (p *parser) questionBody(q *Question, from, to int) bool {
	n := p.skipBlank(from, to)
	// 力量: and 条文: come first, in either order.
	for ; n < to; n++ {
		m := metaRe.FindStringSubmatch(strings.TrimSpace(p.line(n)))
		if m == nil {
			break
		}
		switch m[1] {
		case "力量":
			if q.competencyLine != 0 {
				p.add(n, "力量: が 2 回書かれています")
			}
			q.Competency, q.competencyLine = strings.TrimSpace(m[2]), n
		case "条文":
			if q.citesLine != 0 {
				p.add(n, "条文: が 2 回書かれています")
			}
			q.Cites, q.citesLine = splitList(m[2]), n
		}
	}
	ok := true
	if q.competencyLine == 0 {
		p.add(q.Line, "問題 %s に「力量: 力量ID」の行がありません（見出しのすぐ下に書きます）", q.ID)
		ok = false
	}
	if q.citesLine == 0 {
		p.add(q.Line, "問題 %s に「条文: 04-13」の形の行がありません（見出しのすぐ下に書きます）", q.ID)
		ok = false
	}

	// The stem runs up to the first choice.
	var stem []string
	for ; n < to && !choiceRe.MatchString(p.line(n)); n++ {
		if answerRe.MatchString(p.line(n)) || explainRe.MatchString(p.line(n)) {
			break
		}
		stem = append(stem, p.line(n))
	}
	q.Stem = strings.TrimSpace(strings.Join(stem, "\n"))
	if q.Stem == "" {
		p.add(q.Line, "問題 %s に問題文がありません", q.ID)
		ok = false
	}
	if n >= to || !choiceRe.MatchString(p.line(n)) {
		p.add(min(n, to-1), "問題 %s に選択肢（「- a. …」の形）がありません", q.ID)
		return false
	}

	// Choices, each possibly continued on lines indented by two spaces, then 正解:.
	for ; n < to; n++ {
		l := p.line(n)
		if m := choiceRe.FindStringSubmatch(l); m != nil {
			id := normalizeLetter(m[1])
			if id < "a" || id > "e" {
				p.add(n, "選択肢の記号は a〜e にしてください: %q", m[1])
				ok = false
			}
			q.Choices = append(q.Choices, Choice{ID: id, Text: strings.TrimSpace(m[2])})
			q.choiceLines = append(q.choiceLines, n)
			continue
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		if strings.HasPrefix(l, "  ") || strings.HasPrefix(l, "\t") {
			c := &q.Choices[len(q.Choices)-1]
			c.Text += "\n" + strings.TrimSpace(l)
			continue
		}
		break
	}
	for i, c := range q.Choices {
		if c.Text == "" {
			p.add(q.choiceLines[i], "選択肢 %s に文がありません", c.ID)
			ok = false
		}
	}
	if n >= to || !answerRe.MatchString(p.line(n)) {
		p.add(min(n, to-1), "問題 %s: 選択肢の後に「正解: b」の行を書いてください", q.ID)
		return false
	}
	q.answerLine = n
	for _, a := range splitList(answerRe.FindStringSubmatch(p.line(n))[1]) {
		a = normalizeLetter(a)
		found := false
		for i := range q.Choices {
			if q.Choices[i].ID == a {
				q.Choices[i].Correct, found = true, true
			}
		}
		if !found {
			q.unknownAnswers = append(q.unknownAnswers, a)
		}
	}

	n = p.skipBlank(n+1, to)
	if n >= to || !explainRe.MatchString(p.line(n)) {
		at := q.answerLine
		if n < to {
			at = n
		}
		p.add(at, "問題 %s: 正解の後に「解説: …」を書いてください", q.ID)
		return false
	}
	expl := []string{explainRe.FindStringSubmatch(p.line(n))[1]}
	expl = append(expl, p.lines[n:to-1]...)
	q.Explanation = strings.TrimSpace(strings.Join(expl, "\n"))
	if q.Explanation == "" {
		p.add(n, "問題 %s の解説が空です", q.ID)
		ok = false
	}
	return ok
}

func (p *parser) skipBlank(n, to int) int {
	for n < to && strings.TrimSpace(p.line(n)) == "" {
		n++
	}
	return n
}

// splitList splits "04-13, 04-19" or "a、c" into its items.
func splitList(s string) []string {
	var out []string
	for _, f := range listSepRe.Split(strings.TrimSpace(s), -1) {
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

// normalizeLetter folds a choice letter typed full-width or upper-case to the ASCII lower-case ID.
func normalizeLetter(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size != len(s) {
		return strings.ToLower(s)
	}
	switch {
	case r >= 'Ａ' && r <= 'Ｚ':
		r = 'a' + (r - 'Ａ')
	case r >= 'ａ' && r <= 'ｚ':
		r = 'a' + (r - 'ａ')
	case r >= 'A' && r <= 'Z':
		r = 'a' + (r - 'A')
	}
	return string(r)
}

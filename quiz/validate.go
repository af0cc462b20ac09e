package quiz

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// The floors of the question banks: a competency is taught by at least 4 questions, a module by at least 20, and the
// general module, which everyone takes every year, by at least 30.
const (
	MinPerCompetency = 4
	MinPerBank       = 20
	MinGeneral       = 30
	MinChoices       = 3
	MaxChoices       = 5
)

var citeRe = regexp.MustCompile(`^\d{2}-[1-9]\d*$`)

// Validate checks the banks together and returns every problem found as Problems, each file:line, or nil.
// articleExists says whether an article ID ("04-13", "00-3") exists in the policy; nil checks only the
// form of the IDs. Besides each bank's own rules, every module that a 第16条 role must pass needs a bank,
// so that a bank directory given to the tracker cannot leave a role without its training.
func Validate(banks []*Bank, articleExists func(id string) bool) error {
	var all Problems
	modules := map[string]string{}   // module → where first defined
	questions := map[string]string{} // question ID → where first defined
	for _, b := range banks {
		p := &problems{file: b.File}
		bankLine := cmp.Or(b.line, 1)
		if where, dup := modules[b.Module]; dup {
			p.add(bankLine, "モジュール %s は %s にもあります", b.Module, where)
		} else {
			modules[b.Module] = fmt.Sprintf("%s:%d", b.File, bankLine)
		}
		validateBank(p, b)
		for _, q := range b.Questions {
			if where, dup := questions[q.ID]; dup {
				p.add(q.Line, "問題ID %s が重複しています（%s にもあります）", q.ID, where)
			} else {
				questions[q.ID] = fmt.Sprintf("%s:%d", b.File, q.Line)
			}
			validateQuestion(p, b, q, articleExists)
		}
		all = append(all, p.list...)
	}
	all = append(all, missingModules(banks, modules)...)
	return all.err()
}

// missingModules reports each module a role requires that has no bank, as the file it would be in.
func missingModules(banks []*Bank, have map[string]string) Problems {
	dir := "."
	if len(banks) > 0 {
		dir = path.Dir(banks[0].File)
	}
	var ps Problems
	for _, m := range ModuleOrder() {
		if _, ok := have[m]; ok {
			continue
		}
		var roles []string
		for _, r := range Roles() {
			for _, req := range RequiredModules(r) {
				if req == m {
					roles = append(roles, r.Name())
				}
			}
		}
		ps = append(ps, Problem{File: path.Join(dir, m+".md"), Line: 1,
			Message: fmt.Sprintf("モジュール %s の問題集がありません（%sの研修に必要です）", m, strings.Join(roles, "・"))})
	}
	return ps
}

func validateBank(p *problems, b *Bank) {
	line := cmp.Or(b.line, 1)
	if b.PassPercent < 1 || b.PassPercent > 100 {
		p.add(line, "合格点 %d%% は 1〜100 にしてください", b.PassPercent)
	}
	floor := MinPerBank
	if b.Module == string(RoleGeneral) {
		floor = MinGeneral
	}
	if len(b.Questions) < floor {
		p.add(line, "問題が %d 問しかありません（このモジュールは %d 問以上必要です）", len(b.Questions), floor)
	}
	if b.DrawCount < len(b.Competencies) {
		p.add(line, "draw（出題数）%d は力量の数 %d 以上にしてください（各力量から 1 問以上出題するため）",
			b.DrawCount, len(b.Competencies))
	}
	if b.DrawCount > len(b.Questions) {
		p.add(line, "draw（出題数）%d が問題数 %d を超えています", b.DrawCount, len(b.Questions))
	}
	count := map[string]int{}
	for _, q := range b.Questions {
		count[q.Competency]++
	}
	for _, c := range b.Competencies {
		if count[c.ID] < MinPerCompetency {
			p.add(cmp.Or(b.competencyLines[c.ID], line), "力量 %s（%s）の問題が %d 問しかありません（%d 問以上必要です）",
				c.ID, c.Name, count[c.ID], MinPerCompetency)
		}
	}
}

func validateQuestion(p *problems, b *Bank, q *Question, articleExists func(string) bool) {
	if !strings.HasPrefix(q.ID, b.Module+"-") {
		p.add(q.Line, "問題ID %s はモジュール名で始めてください（例: %s-001）", q.ID, b.Module)
	}
	if _, ok := b.Competency(q.Competency); !ok {
		p.add(cmp.Or(q.competencyLine, q.Line), "問題 %s の力量 %q はこの問題集の「## 力量」にありません", q.ID, q.Competency)
	}
	citesLine := cmp.Or(q.citesLine, q.Line)
	if len(q.Cites) == 0 {
		p.add(citesLine, "問題 %s に引用条文がありません（「条文: 04-13」の形）", q.ID)
	}
	for _, id := range q.Cites {
		switch {
		case !citeRe.MatchString(id):
			p.add(citesLine, "問題 %s の条文 %q は「04-13」（基準番号-条番号）の形で書いてください", q.ID, id)
		case articleExists != nil && !articleExists(id):
			p.add(citesLine, "問題 %s が引用する条文 %s（%s）は方針・対策基準にありません", q.ID, id, ArticleLabel(id))
		}
	}
	if strings.TrimSpace(q.Stem) == "" {
		p.add(q.Line, "問題 %s に問題文がありません", q.ID)
	}
	if strings.TrimSpace(q.Explanation) == "" {
		p.add(q.Line, "問題 %s に解説がありません", q.ID)
	}
	if n := len(q.Choices); n < MinChoices || n > MaxChoices {
		p.add(q.Line, "問題 %s の選択肢が %d 個です（%d〜%d 個にしてください）", q.ID, n, MinChoices, MaxChoices)
	}
	ids := map[string]bool{}
	texts := map[string]string{}
	correct := 0
	for i, c := range q.Choices {
		line := q.Line
		if i < len(q.choiceLines) {
			line = q.choiceLines[i]
		}
		if ids[c.ID] {
			p.add(line, "問題 %s の選択肢 %s が重複しています", q.ID, c.ID)
		}
		ids[c.ID] = true
		key := strings.Join(strings.Fields(c.Text), " ")
		if other, dup := texts[key]; dup {
			p.add(line, "問題 %s の選択肢 %s は %s と同じ文です", q.ID, c.ID, other)
		} else {
			texts[key] = c.ID
		}
		if c.Correct {
			correct++
		}
	}
	answerLine := cmp.Or(q.answerLine, q.Line)
	for _, a := range q.unknownAnswers {
		p.add(answerLine, "問題 %s の正解 %q は選択肢にありません", q.ID, a)
	}
	switch {
	case correct == 0:
		p.add(answerLine, "問題 %s に正解がありません（「正解: b」の形で書きます）", q.ID)
	case correct == len(q.Choices):
		p.add(answerLine, "問題 %s はすべての選択肢が正解です（誤りの選択肢を 1 つ以上入れてください）", q.ID)
	}
}

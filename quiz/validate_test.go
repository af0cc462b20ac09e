package quiz_test

import (
	"fmt"
	"strings"
	"testing"

	"isms/quiz"
)

func TestValidate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		banks := completeBanks(t, mustParse(t, "manager.md", smallSpec.src()))
		if err := quiz.Validate(banks, articleExists); err != nil {
			t.Fatalf("Validate: %v", err)
		}
	})

	t.Run("NilArticleExistsChecksFormOnly", func(t *testing.T) {
		src := strings.ReplaceAll(smallSpec.src(), "条文: 04-13", "条文: 99-1")
		if err := quiz.Validate(completeBanks(t, mustParse(t, "manager.md", src)), nil); err != nil {
			t.Fatalf("Validate: %v", err)
		}
	})

	base := smallSpec.src()
	for _, tt := range []struct {
		name string
		src  string
		at   string // the problem is reported at the line holding this text
		want string
	}{
		{"ErrDuplicateQuestionID", replaceOnce(t, base, "### manager-002\n", "### manager-001\n"), "### manager-001\n力量: authority\n条文: 04-13\n\n問題文 2", "重複"},
		{"ErrQuestionIDPrefix", replaceOnce(t, base, "### manager-002\n", "### other-002\n"), "### other-002", "モジュール名で始め"},
		{"ErrUnknownCompetency", replaceOnce(t, base, "力量: authority\n条文: 04-13\n\n問題文 1 ", "力量: authorty\n条文: 04-13\n\n問題文 1 "), "力量: authorty", "力量 \"authorty\""},
		{"ErrCitedArticleMissing", replaceOnce(t, base, "条文: 04-13\n\n問題文 3 ", "条文: 04-13, 04-21\n\n問題文 3 "), "条文: 04-13, 04-21", "04-21（【04】第21条）"},
		{"ErrCitedPolicyItemMissing", replaceOnce(t, base, "条文: 04-13\n\n問題文 3 ", "条文: 00-8\n\n問題文 3 "), "条文: 00-8", "方針 取組み8"},
		{"ErrCiteForm", replaceOnce(t, base, "条文: 04-13\n\n問題文 3 ", "条文: 【04】第13条\n\n問題文 3 "), "条文: 【04】第13条", "04-13"},
		{"ErrCiteLeadingZero", replaceOnce(t, base, "条文: 04-13\n\n問題文 3 ", "条文: 4-013\n\n問題文 3 "), "条文: 4-013", "基準番号-条番号"},
		{"ErrNoCites", replaceOnce(t, base, "条文: 04-13\n\n問題文 3 ", "条文:\n\n問題文 3 "), "条文:\n\n問題文 3", "引用条文がありません"},
		{"ErrFewQuestionsPerCompetency", cutQuestion(t, cutQuestion(t, base, 20), 19), "- risk:", "力量 risk（riskを理解すること）の問題が 3 問"},
		{"ErrFewQuestionsInBank", cutQuestion(t, base, 20), "---", "20 問以上"},
		{"ErrAnswerNotAmongChoices", replaceOnce(t, base, "正解: b\n解説: 【04】第13条のとおりです（問題 4）", "正解: b, e\n解説: 【04】第13条のとおりです（問題 4）"), "正解: b, e", "正解 \"e\" は選択肢にありません"},
		{"ErrNoCorrectChoice", replaceOnce(t, base, "正解: b\n解説: 【04】第13条のとおりです（問題 4）", "正解:\n解説: 【04】第13条のとおりです（問題 4）"), "正解:\n解説: 【04】第13条のとおりです（問題 4）", "正解がありません"},
		{"ErrAllChoicesCorrect", replaceOnce(t, base, "正解: b\n解説: 【04】第13条のとおりです（問題 4）", "正解: a, b, c, d\n解説: 【04】第13条のとおりです（問題 4）"), "正解: a, b, c, d", "すべての選択肢が正解"},
		{"ErrDuplicateChoiceID", replaceOnce(t, base, "- d. 問題 5 の選択肢 d", "- c. 問題 5 の選択肢 d"), "- c. 問題 5 の選択肢 d", "選択肢 c が重複"},
		{"ErrDuplicateChoiceText", replaceOnce(t, base, "- d. 問題 5 の選択肢 d", "- d. 問題 5 の選択肢  a"), "- d. 問題 5 の選択肢  a", "a と同じ文"},
		{"ErrTooFewChoices", replaceOnce(t, base, "- c. 問題 6 の選択肢 c\n- d. 問題 6 の選択肢 d\n", ""), "### manager-006", "2 個"},
		{"ErrTooManyChoices", replaceOnce(t, base, "- d. 問題 6 の選択肢 d\n", "- d. 問題 6 の選択肢 d\n- e. 問題 6 の選択肢 e\n- a. 問題 6 の選択肢 f\n"), "### manager-006", "6 個"},
		{"ErrDrawAboveQuestions", replaceOnce(t, base, "draw: 10", "draw: 21"), "---", "問題数 20 を超えて"},
		{"ErrDrawBelowCompetencies", replaceOnce(t, base, "draw: 10", "draw: 3"), "---", "力量の数 4 以上"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := mustParse(t, "manager.md", tt.src)
			ps := problems(t, quiz.Validate(completeBanks(t, b), articleExists))
			line := lineOf(t, tt.src, tt.at)
			if !hasProblem(ps, "manager.md", line, tt.want) {
				t.Errorf("want a problem at manager.md:%d containing %q, got:\n%v", line, tt.want, ps)
			}
			for _, p := range ps {
				if !strings.HasPrefix(p.String(), "manager.md:") {
					t.Errorf("problem %q does not start with file:line", p)
				}
			}
		})
	}

	t.Run("ErrFewQuestionsInGeneral", func(t *testing.T) {
		// 25 questions pass the floor of other modules but not general's 30.
		spec := bankSpec{module: "general", competencies: []string{"c1", "c2", "c3", "c4", "c5"}, perComp: 5, draw: 20}
		src := spec.src()
		ps := problems(t, quiz.Validate([]*quiz.Bank{mustParse(t, "general.md", src)}, articleExists))
		if !hasProblem(ps, "general.md", 1, "30 問以上") {
			t.Errorf("want a problem at general.md:1 about 30 questions, got:\n%v", ps)
		}
	})

	t.Run("ErrMissingModule", func(t *testing.T) {
		var banks []*quiz.Bank
		for _, b := range completeBanks(t) {
			if b.Module != "chief" && b.Module != "auditor" {
				banks = append(banks, b)
			}
		}
		ps := problems(t, quiz.Validate(banks, articleExists))
		if got, want := len(ps), 2; got != want {
			t.Fatalf("got %d problems, want %d:\n%v", got, want, ps)
		}
		if !hasProblem(ps, "chief.md", 1, "ISMS統括責任者の研修に必要") || !hasProblem(ps, "auditor.md", 1, "セキュリティ内部監査委員の研修に必要") {
			t.Errorf("want chief.md:1 and auditor.md:1 reported missing, got:\n%v", ps)
		}
	})

	t.Run("ErrMissingModuleNamesEveryRole", func(t *testing.T) {
		var banks []*quiz.Bank
		for _, b := range completeBanks(t) {
			if b.Module != "manager" {
				banks = append(banks, b)
			}
		}
		ps := problems(t, quiz.Validate(banks, articleExists))
		want := "モジュール manager の問題集がありません（セキュリティ管理者・局長級・部長級職員・ISMS統括責任者・セキュリティ内部監査委員の研修に必要です）"
		if !hasProblem(ps, "manager.md", 1, want) {
			t.Errorf("want %q, got:\n%v", want, ps)
		}
	})

	t.Run("ErrDuplicateQuestionIDAcrossBanks", func(t *testing.T) {
		a := mustParse(t, "manager.md", base)
		b := mustParse(t, "copy.md", strings.Replace(base, "module: manager", "module: manager2", 1))
		ps := problems(t, quiz.Validate([]*quiz.Bank{a, b}, articleExists))
		if !hasProblem(ps, "copy.md", lineOf(t, base, "### manager-001"), "manager.md:") {
			t.Errorf("want copy.md's manager-001 reported as a duplicate of manager.md's, got:\n%v", ps)
		}
	})

	t.Run("ErrDuplicateModule", func(t *testing.T) {
		a := mustParse(t, "manager.md", base)
		b := mustParse(t, "manager-copy.md", strings.ReplaceAll(base, "### manager-", "### manager-9"))
		ps := problems(t, quiz.Validate([]*quiz.Bank{a, b}, articleExists))
		if !hasProblem(ps, "manager-copy.md", 1, "モジュール manager は manager.md:1 にもあります") {
			t.Errorf("want the second manager bank reported, got:\n%v", ps)
		}
	})

	t.Run("ProgrammaticBank", func(t *testing.T) {
		// A bank built in code (no file lines) is checked the same way, at line 1 or the question's line.
		b := &quiz.Bank{Module: "x", File: "code", PassPercent: 0, DrawCount: 1,
			Competencies: []quiz.Competency{{ID: "c", Name: "C"}},
			Questions: []*quiz.Question{{ID: "x-1", Competency: "c", Cites: []string{"04-13"}, Stem: "s", Explanation: "e",
				Choices: []quiz.Choice{{ID: "a", Text: "1"}, {ID: "b", Text: "2"}, {ID: "c", Text: "3"}}, Line: 7}}}
		ps := problems(t, quiz.Validate([]*quiz.Bank{b}, articleExists))
		for _, want := range []struct {
			line int
			msg  string
		}{{1, "合格点 0%"}, {1, "20 問以上"}, {1, "4 問以上"}, {7, "正解がありません"}} {
			if !hasProblem(ps, "code", want.line, want.msg) {
				t.Errorf("want code:%d containing %q, got:\n%v", want.line, want.msg, ps)
			}
		}
	})
}

// cutQuestion removes question n (1-based) of a generated bank.
func cutQuestion(t testing.TB, src string, n int) string {
	t.Helper()
	head := fmt.Sprintf("\n### manager-%03d\n", n)
	i := strings.Index(src, head)
	if i < 0 {
		t.Fatalf("question %d not found", n)
	}
	j := strings.Index(src[i+len(head):], "\n### ")
	if j < 0 {
		return src[:i+1]
	}
	return src[:i] + src[i+len(head)+j:]
}

package quiz_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"isms/quiz"
)

// multiSpec is smallSpec with question 1 turned into a two-answer question (a and b).
func multiBank(t testing.TB) *quiz.Bank {
	src := replaceOnce(t, smallSpec.src(), "正解: b\n解説: 【04】第13条のとおりです（問題 1）", "正解: a, b\n解説: 【04】第13条のとおりです（問題 1）")
	return mustParse(t, "manager.md", src)
}

// paperWith returns a paper of the bank's own version holding the given questions.
func paperWith(b *quiz.Bank, ids ...string) *quiz.Paper {
	p := &quiz.Paper{Module: b.Module, BankVersion: b.Version, Seed: 1}
	for _, id := range ids {
		p.Items = append(p.Items, quiz.PaperItem{QuestionID: id, ChoiceOrder: []string{"d", "c", "b", "a"}})
	}
	return p
}

// allRight answers every question on the paper with its correct choices.
func allRight(b *quiz.Bank, p *quiz.Paper) map[string][]string {
	answers := map[string][]string{}
	for _, it := range p.Items {
		answers[it.QuestionID] = b.Question(it.QuestionID).CorrectIDs()
	}
	return answers
}

func TestGrade(t *testing.T) {
	b := multiBank(t)
	ten := []string{"manager-001", "manager-002", "manager-003", "manager-004", "manager-005",
		"manager-006", "manager-007", "manager-008", "manager-009", "manager-010"}

	for _, tt := range []struct {
		name        string
		answers     func(map[string][]string)
		correct     int
		percent     int
		passed      bool
		wrongChosen []string // what manager-001 records, when the test is about it
	}{
		{"AllRight", func(map[string][]string) {}, 10, 100, true, nil},
		{"AtPassMark", func(a map[string][]string) { a["manager-002"] = []string{"a"}; a["manager-003"] = []string{"c"} }, 8, 80, true, nil},
		{"BelowPassMark", func(a map[string][]string) {
			a["manager-002"] = []string{"a"}
			a["manager-003"] = []string{"c"}
			a["manager-004"] = []string{"d"}
		}, 7, 70, false, nil},
		{"MultipleSubsetIsWrong", func(a map[string][]string) { a["manager-001"] = []string{"a"} }, 9, 90, true, []string{"a"}},
		{"MultipleSupersetIsWrong", func(a map[string][]string) { a["manager-001"] = []string{"a", "b", "c"} }, 9, 90, true, []string{"a", "b", "c"}},
		{"MultipleInAnyOrder", func(a map[string][]string) { a["manager-001"] = []string{"b", "a"} }, 10, 100, true, nil},
		{"DuplicateChoiceCountsOnce", func(a map[string][]string) { a["manager-001"] = []string{"b", "a", "b"} }, 10, 100, true, nil},
		{"SingleWithOneChoiceTwiceIsOne", func(a map[string][]string) { a["manager-002"] = []string{"c", "c"} }, 9, 90, true, nil},
		{"UnansweredIsWrong", func(a map[string][]string) { delete(a, "manager-001") }, 9, 90, true, []string{}},
		{"EmptyAnswerIsWrong", func(a map[string][]string) { a["manager-001"] = nil }, 9, 90, true, []string{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := paperWith(b, ten...)
			answers := allRight(b, p)
			tt.answers(answers)
			r, err := b.Grade(p, answers)
			if err != nil {
				t.Fatalf("Grade: %v", err)
			}
			if r.Correct != tt.correct || r.Total != 10 || r.Percent != tt.percent || r.Passed != tt.passed {
				t.Errorf("got %d/%d %d%% passed=%v, want %d/10 %d%% passed=%v",
					r.Correct, r.Total, r.Percent, r.Passed, tt.correct, tt.percent, tt.passed)
			}
			if got, want := len(r.Items), 10; got != want {
				t.Fatalf("%d items, want %d", got, want)
			}
			for i, it := range r.Items {
				if it.QuestionID != ten[i] || it.Competency != b.Question(ten[i]).Competency {
					t.Errorf("item %d = %+v, want question %s in paper order", i, it, ten[i])
				}
			}
			if tt.wrongChosen != nil {
				it := r.Items[0]
				if it.Right || !slices.Equal(it.Chosen, tt.wrongChosen) || it.Chosen == nil {
					t.Errorf("manager-001 = %+v, want wrong with chosen %q", it, tt.wrongChosen)
				}
			}
		})
	}

	t.Run("PassMarkIsExact", func(t *testing.T) {
		// 2 of 3 is 66.66…%: it rounds down to 66 and fails a 67% mark, but must pass a 66% one
		// without the rounding deciding.
		bb := *b
		p := paperWith(&bb, "manager-002", "manager-003", "manager-004")
		answers := allRight(&bb, p)
		answers["manager-004"] = []string{"a"}
		for _, tt := range []struct {
			pass   int
			passed bool
		}{{66, true}, {67, false}} {
			bb.PassPercent = tt.pass
			r, err := bb.Grade(p, answers)
			if err != nil {
				t.Fatal(err)
			}
			if r.Percent != 66 || r.Passed != tt.passed {
				t.Errorf("pass %d%%: got %d%% passed=%v, want 66%% passed=%v", tt.pass, r.Percent, r.Passed, tt.passed)
			}
		}
	})

	t.Run("DrawnPaper", func(t *testing.T) {
		for seed := int64(0); seed < 100; seed++ {
			p := b.Draw(seed)
			r, err := b.Grade(p, allRight(b, p))
			if err != nil {
				t.Fatal(err)
			}
			if r.Correct != r.Total || !r.Passed || r.Total != b.DrawCount {
				t.Fatalf("seed %d: all-right answers scored %d/%d passed=%v", seed, r.Correct, r.Total, r.Passed)
			}
		}
	})

	t.Run("CompetencyScores", func(t *testing.T) {
		p := paperWith(b, "manager-001", "manager-006", "manager-002", "manager-007")
		answers := allRight(b, p)
		answers["manager-002"] = []string{"c"}
		r, err := b.Grade(p, answers)
		if err != nil {
			t.Fatal(err)
		}
		want := []quiz.CompetencyScore{{Competency: "authority", Correct: 1, Total: 2}, {Competency: "area", Correct: 2, Total: 2}}
		if got := r.Competencies(); !slices.Equal(got, want) {
			t.Errorf("Competencies() = %+v, want %+v", got, want)
		}
	})

	for _, tt := range []struct {
		name    string
		paper   func() *quiz.Paper
		answers map[string][]string
		want    string // part of the Japanese message
		stale   bool
	}{
		{"ErrQuestionNotOnPaper", func() *quiz.Paper { return paperWith(b, "manager-001") }, map[string][]string{"manager-002": {"b"}}, "manager-002 はこの試験にありません", false},
		{"ErrUnknownQuestion", func() *quiz.Paper { return paperWith(b, "manager-001") }, map[string][]string{"manager-999": {"b"}}, "manager-999 はこの試験にありません", false},
		{"ErrUnknownChoice", func() *quiz.Paper { return paperWith(b, "manager-001") }, map[string][]string{"manager-001": {"a", "z"}}, "選択肢「z」はありません", false},
		{"ErrSeveralChoicesToSingle", func() *quiz.Paper { return paperWith(b, "manager-001", "manager-002", "manager-003") },
			map[string][]string{"manager-002": {"b", "c"}, "manager-003": {"a", "b"}}, "問2、問3は選択肢を1つだけ選ぶ問題です", false},
		{"ErrOtherModule", func() *quiz.Paper { p := paperWith(b, "manager-001"); p.Module = "general"; return p }, nil, "モジュール", false},
		{"ErrNilPaper", func() *quiz.Paper { return nil }, nil, "試験がありません", false},
		{"ErrQuestionTwiceOnPaper", func() *quiz.Paper { return paperWith(b, "manager-001", "manager-001") }, nil, "2 回", false},
		{"ErrStaleVersion", func() *quiz.Paper { p := paperWith(b, "manager-001"); p.BankVersion = "000000000000"; return p }, nil, "もう一度受験", true},
		{"ErrStaleQuestion", func() *quiz.Paper { return paperWith(b, "manager-001", "manager-404") }, nil, "もう一度受験", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := b.Grade(tt.paper(), tt.answers)
			if r != nil {
				t.Errorf("Grade returned a result %+v with error %v", r, err)
			}
			var qe *quiz.Error
			if !errors.As(err, &qe) {
				t.Fatalf("error %v (%T), want *quiz.Error", err, err)
			}
			if !strings.Contains(qe.Message, tt.want) {
				t.Errorf("message %q does not contain %q", qe.Message, tt.want)
			}
			if got := errors.Is(err, quiz.ErrStalePaper); got != tt.stale {
				t.Errorf("errors.Is(err, ErrStalePaper) = %v, want %v", got, tt.stale)
			}
		})
	}

	t.Run("AnswersUntouched", func(t *testing.T) {
		p := paperWith(b, "manager-001")
		answers := map[string][]string{"manager-001": {"b", "a", "b"}}
		if _, err := b.Grade(p, answers); err != nil {
			t.Fatal(err)
		}
		if got, want := answers["manager-001"], []string{"b", "a", "b"}; !slices.Equal(got, want) {
			t.Errorf("Grade changed the caller's answers to %q", got)
		}
	})
}

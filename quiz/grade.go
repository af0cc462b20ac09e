package quiz

import (
	"fmt"
	"slices"
	"strings"
)

// Error is a problem with what a user submitted for grading. Message is Japanese and safe to show.
type Error struct{ Message string }

func (e *Error) Error() string { return e.Message }

// ErrStalePaper is returned by Grade when the paper was drawn from another version of the bank (the bank
// was edited and redeployed during the attempt). Grading it against the new key would record a score under
// a bank version that did not produce it, so the attempt has to be drawn again.
var ErrStalePaper = &Error{Message: "問題集が更新されたため、この回答は採点できません。もう一度受験してください。"}

// Result is a graded attempt.
type Result struct {
	Correct int          `json:"correct"`
	Total   int          `json:"total"`
	Percent int          `json:"percent"` // rounded down
	Passed  bool         `json:"passed"`  // Correct/Total reaches the bank's PassPercent exactly, not the rounded Percent
	Items   []ItemResult `json:"items"`   // in paper order
}

// ItemResult is the outcome of one question.
type ItemResult struct {
	QuestionID string   `json:"question"`
	Competency string   `json:"competency"`
	Chosen     []string `json:"chosen"` // sorted choice IDs; empty when unanswered
	Right      bool     `json:"right"`
}

// Grade grades answers (question ID → chosen choice IDs) against the paper. A question is right only when
// exactly its set of correct choices is chosen; an unanswered question is wrong. A question that is not on
// the paper or a choice the question does not have is an *Error and nothing is graded.
func (b *Bank) Grade(p *Paper, answers map[string][]string) (*Result, error) {
	if p == nil {
		return nil, &Error{Message: "採点する試験がありません。"}
	}
	if p.Module != b.Module {
		return nil, &Error{Message: fmt.Sprintf("この回答はモジュール「%s」のものではありません。", b.Title)}
	}
	if p.BankVersion != b.Version {
		return nil, ErrStalePaper
	}
	onPaper := make(map[string]*Question, len(p.Items))
	for _, it := range p.Items {
		q := b.Question(it.QuestionID)
		if q == nil {
			return nil, ErrStalePaper
		}
		if onPaper[q.ID] != nil {
			return nil, &Error{Message: fmt.Sprintf("問題 %s が試験に 2 回含まれています。", q.ID)}
		}
		onPaper[q.ID] = q
	}
	for id, chosen := range answers {
		q := onPaper[id]
		if q == nil {
			return nil, &Error{Message: fmt.Sprintf("問題 %s はこの試験にありません。", id)}
		}
		for _, c := range chosen {
			if _, ok := q.Choice(c); !ok {
				return nil, &Error{Message: fmt.Sprintf("問題 %s に選択肢「%s」はありません。", id, c)}
			}
		}
	}
	if err := singleAnswers(p, onPaper, answers); err != nil {
		return nil, err
	}

	r := &Result{Total: len(p.Items), Items: make([]ItemResult, len(p.Items))}
	for i, it := range p.Items {
		q := onPaper[it.QuestionID]
		chosen := slices.Compact(slices.Sorted(slices.Values(answers[q.ID])))
		if chosen == nil {
			chosen = []string{}
		}
		right := slices.Equal(chosen, slices.Sorted(slices.Values(q.CorrectIDs())))
		if right {
			r.Correct++
		}
		r.Items[i] = ItemResult{QuestionID: q.ID, Competency: q.Competency, Chosen: chosen, Right: right}
	}
	if r.Total > 0 {
		r.Percent = r.Correct * 100 / r.Total
		r.Passed = r.Correct*100 >= b.PassPercent*r.Total
	}
	return r, nil
}

// singleAnswers refuses several choices to a question with one right answer (a form shows it as radio
// buttons, so only a forged or broken submission sends more): graded, it would be stored as a wrong
// answer the person never gave. The message names the questions by their number on the paper.
func singleAnswers(p *Paper, onPaper map[string]*Question, answers map[string][]string) error {
	var numbers []string
	for i, it := range p.Items {
		q := onPaper[it.QuestionID]
		if !q.Multiple() && len(slices.Compact(slices.Sorted(slices.Values(answers[q.ID])))) > 1 {
			numbers = append(numbers, fmt.Sprintf("問%d", i+1))
		}
	}
	if len(numbers) == 0 {
		return nil
	}
	return &Error{Message: fmt.Sprintf("%sは選択肢を1つだけ選ぶ問題です。1つだけ選んでから送信してください。", strings.Join(numbers, "、"))}
}

// CompetencyScore is how one competency fared in a result.
type CompetencyScore struct {
	Competency     string
	Correct, Total int
}

// Competencies sums the result per competency, in the order the competencies first appear on the paper;
// the effectiveness evaluation of 【01】第17条3 reads it.
func (r *Result) Competencies() []CompetencyScore {
	var out []CompetencyScore
	index := map[string]int{}
	for _, it := range r.Items {
		i, ok := index[it.Competency]
		if !ok {
			i = len(out)
			index[it.Competency] = i
			out = append(out, CompetencyScore{Competency: it.Competency})
		}
		out[i].Total++
		if it.Right {
			out[i].Correct++
		}
	}
	return out
}

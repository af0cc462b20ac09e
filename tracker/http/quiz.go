package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"slices"

	"isms/quiz"
	"isms/tracker"
)

// questionView is one question as a page or the API shows it. Correct and Explanation are filled
// only after grading: the answer key never reaches a form.
type questionView struct {
	N           int            `json:"n"`
	ID          string         `json:"id"`
	Competency  string         `json:"competency"`
	Stem        template.HTML  `json:"stemHtml"`
	Multiple    bool           `json:"multiple"`
	Choices     []choiceView   `json:"choices"`
	Answered    bool           `json:"answered"`
	Right       bool           `json:"right,omitempty"`
	Explanation template.HTML  `json:"explanationHtml,omitempty"`
	Cites       []citationView `json:"cites,omitempty"`
	Missing     bool           `json:"-"` // in the bank no more (shown by ID only)
}

type choiceView struct {
	ID      string        `json:"id"`
	HTML    template.HTML `json:"html"`
	Chosen  bool          `json:"chosen,omitempty"`
	Correct bool          `json:"correct,omitempty"`
}

type citationView struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	URL   string `json:"url"`
}

// paperView lays out a paper with the chosen answers; reveal adds the key and explanations.
func paperView(b *quiz.Bank, p *quiz.Paper, answers map[string][]string, reveal bool, items []tracker.AttemptItem) []questionView {
	right := map[string]bool{}
	for _, it := range items {
		right[it.QuestionID] = it.Right
	}
	var out []questionView
	for i, it := range p.Items {
		v := questionView{N: i + 1, ID: it.QuestionID}
		q := b.Question(it.QuestionID)
		chosen := answers[it.QuestionID]
		v.Answered = len(chosen) > 0
		if q == nil {
			v.Missing = true
			out = append(out, v)
			continue
		}
		r := q.Rendered()
		v.Competency, v.Stem, v.Multiple = q.Competency, r.Stem, q.Multiple()
		for _, id := range it.ChoiceOrder {
			c, ok := q.Choice(id)
			if !ok {
				continue
			}
			cv := choiceView{ID: id, HTML: r.Choices[id], Chosen: slices.Contains(chosen, id)}
			if reveal {
				cv.Correct = c.Correct
			}
			v.Choices = append(v.Choices, cv)
		}
		if reveal {
			v.Right = right[it.QuestionID]
			v.Explanation = r.Explanation
			for _, c := range q.Cites {
				v.Cites = append(v.Cites, citationView{ID: c, Label: quiz.ArticleLabel(c), URL: quiz.ArticleURL(c)})
			}
		}
		out = append(out, v)
	}
	return out
}

// submission carries the paper back to the form when it cannot be recorded.
type submission struct {
	bank    *quiz.Bank
	paper   *quiz.Paper
	token   string
	answers map[string][]string
}

// submit grades answers to a signed paper and records the attempt. A second submission of the same
// paper returns the first attempt. On an error the submission is returned so the form can be shown
// again with the answers kept.
func (s *Server) submit(ctx context.Context, token string, answers map[string][]string) (*tracker.Attempt, *submission, error) {
	a, sub, _, err := s.submitAttempt(ctx, token, answers)
	return a, sub, err
}

// submitAttempt is submit that also tells whether this call recorded the attempt.
func (s *Server) submitAttempt(ctx context.Context, token string, answers map[string][]string) (*tracker.Attempt, *submission, bool, error) {
	p, err := tracker.Trainee(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	claims, key, err := s.openPaper(token, p.Account.ID)
	if err != nil {
		return nil, nil, false, err
	}
	b, err := s.paperBank(claims)
	if err != nil {
		return nil, nil, false, err
	}
	if b.Version != claims.Version {
		return nil, nil, false, tracker.Errorf(tracker.ECONFLICT, "%s", quiz.ErrStalePaper.Message)
	}
	paper := b.Draw(claims.Seed)
	sub := &submission{bank: b, paper: paper, token: token, answers: answers}
	var missing []int
	for i, it := range paper.Items {
		if len(answers[it.QuestionID]) == 0 {
			missing = append(missing, i+1)
		}
	}
	if len(missing) > 0 {
		return nil, sub, false, tracker.Errorf(tracker.EINVALID, "未回答の問題が%d問あります（%s）。すべての問題に回答してから送信してください。",
			len(missing), numbers(missing))
	}
	res, err := b.Grade(paper, answers)
	if err != nil {
		var qe *quiz.Error
		if errors.As(err, &qe) {
			return nil, sub, false, tracker.Errorf(tracker.EINVALID, "%s", qe.Message)
		}
		return nil, sub, false, err
	}
	paperJSON, err := json.Marshal(paper)
	if err != nil {
		return nil, sub, false, err
	}
	a := &tracker.Attempt{
		Key: key, Module: b.Module, PolicyVersion: s.PolicyVersion(s.Now()), BankVersion: b.Version,
		Paper: paperJSON, Answers: answers, Correct: res.Correct, Total: res.Total, Percent: res.Percent, Passed: res.Passed,
		StartedAt: timeUnix(claims.Started),
	}
	for _, it := range res.Items {
		a.Items = append(a.Items, tracker.AttemptItem{QuestionID: it.QuestionID, Competency: it.Competency, Chosen: it.Chosen, Right: it.Right})
	}
	created, err := s.AttemptService.CreateAttempt(ctx, a)
	if err != nil {
		return nil, sub, false, err
	}
	return a, sub, created, nil
}

func numbers(ns []int) string {
	s := ""
	for i, n := range ns {
		if i > 0 {
			s += "、"
		}
		if i == 10 {
			return s + "…"
		}
		s += fmt.Sprintf("問%d", n)
	}
	return s
}

// mayTake checks that the module is one the caller must take under the plan in force, or a
// 改正研修 required of them, and returns what a paper is drawn from.
func (s *Server) mayTake(ctx context.Context, module string) (*drawable, error) {
	p, err := tracker.Trainee(ctx)
	if err != nil {
		return nil, err
	}
	plan, _, err := s.PlanService.PlanInForce(ctx, s.fiscalYear())
	if err != nil {
		return nil, err
	}
	if v, ok := tracker.AmendmentOf(module); ok {
		return s.mayRetrain(ctx, p.Person, plan, v)
	}
	b := s.bank(module)
	if b == nil || !slices.Contains(plan.ModulesFor(p.Person), module) {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "研修モジュール「%s」は、あなたの今年度の受講対象にありません。", module)
	}
	return s.drawableBank(ctx, b)
}

package http

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"isms/quiz"
	"isms/tracker"
)

// After an amendment takes effect, a question that cites an article it changed may teach the old
// text: it is not drawn until the 事務局 has reviewed it (tracker.Reviews). A 改正研修 is drawn from
// the reviewed questions that cite the amended articles, among the modules of the person's role.

// drawable is a bank as a paper may be drawn from it now, and what the paper's claims must carry
// for the submission to draw the same paper.
type drawable struct {
	bank      *quiz.Bank
	excluded  []string // questions of an annual bank left out while they wait for review
	questions []string // the questions of a 改正研修
}

// The 改正研修 is a short quiz on what changed, with the annual quiz's pass mark.
const (
	retrainingDraw = 5
	retrainingPass = 80
)

// reviews relates the recorded reviews to the amendments in effect now; nil without amendments,
// so a tree without history costs nothing.
func (s *Server) reviews(ctx context.Context) (*tracker.Reviews, error) {
	if len(s.Amendments) == 0 {
		return nil, nil
	}
	list, err := s.AmendmentService.QuestionReviews(ctx)
	if err != nil {
		return nil, err
	}
	return tracker.NewReviews(s.Amendments, list, s.Now()), nil
}

// drawableBank leaves out of an annual bank the questions that wait for review. Every competency
// must keep a question, or the paper would not test it: then nothing is drawn, and the message
// says why and who can help.
func (s *Server) drawableBank(ctx context.Context, b *quiz.Bank) (*drawable, error) {
	r, err := s.reviews(ctx)
	if err != nil || r == nil {
		return &drawable{bank: b}, err
	}
	var excluded []string
	for _, q := range b.Questions {
		if !r.Drawable(q) {
			excluded = append(excluded, q.ID)
		}
	}
	if len(excluded) == 0 {
		return &drawable{bank: b}, nil
	}
	d := &drawable{bank: withoutQuestions(b, excluded), excluded: excluded}
	if empty := emptyCompetencies(b, d.bank); len(empty) > 0 {
		return nil, tracker.Errorf(tracker.ECONFLICT, "「%s」の研修は、方針の改正に合わせた問題の見直しが終わるまで受講できません"+
			"（力量「%s」の問題がすべて見直し待ちです）。情報セキュリティ事務局が見直しを終えてから、もう一度受講してください。",
			b.Title, strings.Join(empty, "」「"))
	}
	return d, nil
}

// withoutQuestions is the bank less some questions; its version stays the bank's, which the
// attempt records.
func withoutQuestions(b *quiz.Bank, ids []string) *quiz.Bank {
	nb := *b
	nb.Questions = make([]*quiz.Question, 0, len(b.Questions))
	for _, q := range b.Questions {
		if !slices.Contains(ids, q.ID) {
			nb.Questions = append(nb.Questions, q)
		}
	}
	return &nb
}

// emptyCompetencies names the competencies of b that have no question left in drawn.
func emptyCompetencies(b, drawn *quiz.Bank) []string {
	var out []string
	for _, c := range b.Competencies {
		if !slices.ContainsFunc(drawn.Questions, func(q *quiz.Question) bool { return q.Competency == c.ID }) {
			out = append(out, c.Name)
		}
	}
	return out
}

// retrainingQuestions are the questions a 改正研修 is drawn from for someone who must pass
// modules: those of the modules that cite an article the amendment changed, reviewed for it and
// drawable. cited counts the citing questions, reviewed or not.
func (s *Server) retrainingQuestions(a *tracker.Amendment, modules []string, r *tracker.Reviews) (ids []string, cited int) {
	seen := map[string]bool{}
	for _, m := range modules {
		b := s.bank(m)
		if b == nil {
			continue
		}
		for _, q := range b.Questions {
			if seen[q.ID] || !tracker.CitesAny(a, q) {
				continue
			}
			seen[q.ID] = true
			cited++
			if r != nil && r.Of(a.Version, q.ID) != nil && r.Drawable(q) {
				ids = append(ids, q.ID)
			}
		}
	}
	return ids, cited
}

// retrainingBank is a 改正研修 as a bank of its own: the questions named, one group, a short
// paper. Its version covers the questions and their banks' versions, so an edited bank makes a
// paper drawn before it stale, as for the annual quiz.
func (s *Server) retrainingBank(a *tracker.Amendment, ids []string) (*quiz.Bank, error) {
	h := sha256.New()
	fmt.Fprintf(h, "retraining.v1 %s", a.Version)
	b := &quiz.Bank{Module: tracker.AmendmentModule(a.Version), Title: a.RetrainingTitle(), PassPercent: retrainingPass, DrawCount: retrainingDraw}
	for _, id := range ids {
		q, from := s.question(id)
		if q == nil {
			return nil, tracker.Errorf(tracker.ECONFLICT, "%s", quiz.ErrStalePaper.Message)
		}
		fmt.Fprintf(h, " %s@%s", id, from.Version)
		b.Questions = append(b.Questions, q)
	}
	b.Version = hex.EncodeToString(h.Sum(nil))[:12]
	return b, nil
}

// question finds a question in any bank.
func (s *Server) question(id string) (*quiz.Question, *quiz.Bank) {
	for _, b := range s.Banks {
		if q := b.Question(id); q != nil {
			return q, b
		}
	}
	return nil, nil
}

// mayRetrain checks that the caller must take the version's 改正研修 and can now, and returns
// what to draw it from.
func (s *Server) mayRetrain(ctx context.Context, p *tracker.Person, plan *tracker.Plan, version string) (*drawable, error) {
	a := tracker.FindAmendment(s.Amendments, version)
	if a == nil || !a.InEffect(s.Now()) {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "この版の改正研修はありません。")
	}
	settings, err := s.AmendmentService.AmendmentSettings(ctx)
	if err != nil {
		return nil, err
	}
	if set := tracker.SettingOf(settings, version); !set.Retraining || set.Waived {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "%sの改正研修は、受講対象になっていません。", a.Name)
	}
	r, err := s.reviews(ctx)
	if err != nil {
		return nil, err
	}
	ids, cited := s.retrainingQuestions(a, plan.ModulesFor(p), r)
	switch {
	case cited == 0:
		return nil, tracker.Errorf(tracker.ENOTFOUND, "%sで改正された条文は、あなたの役割の研修では扱わないため、改正研修はありません。", a.Name)
	case len(ids) == 0:
		return nil, tracker.Errorf(tracker.ECONFLICT, "%sの改正研修は、問題の見直しが終わるまで受講できません。情報セキュリティ事務局が準備を終えてから、もう一度受講してください。", a.Name)
	}
	b, err := s.retrainingBank(a, ids)
	if err != nil {
		return nil, err
	}
	return &drawable{bank: b, questions: ids}, nil
}

// paperBank is the bank a submitted paper was drawn from, rebuilt from its signed claims.
func (s *Server) paperBank(c paperClaims) (*quiz.Bank, error) {
	if v, ok := tracker.AmendmentOf(c.Module); ok {
		a := tracker.FindAmendment(s.Amendments, v)
		if a == nil {
			return nil, tracker.Errorf(tracker.ENOTFOUND, "この版の改正研修はありません。")
		}
		return s.retrainingBank(a, c.Questions)
	}
	b := s.bank(c.Module)
	if b == nil {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "研修モジュール「%s」はありません。", c.Module)
	}
	if len(c.Excluded) > 0 {
		b = withoutQuestions(b, c.Excluded)
	}
	return b, nil
}

// attemptBank is the bank an attempt's questions are shown from, and whether it changed since: a
// 改正研修's questions are found in the banks they come from.
func (s *Server) attemptBank(a *tracker.Attempt) (*quiz.Bank, bool) {
	v, ok := tracker.AmendmentOf(a.Module)
	if !ok {
		b := s.bank(a.Module)
		return b, b != nil && b.Version != a.BankVersion
	}
	b := &quiz.Bank{Module: a.Module, Title: s.moduleTitle(a.Module), PassPercent: retrainingPass}
	for _, bank := range s.Banks {
		b.Questions = append(b.Questions, bank.Questions...)
	}
	if am := tracker.FindAmendment(s.Amendments, v); am != nil {
		b.Title = am.RetrainingTitle()
	}
	return b, false
}

// learnURL is where a module is learned: its page in the handbook, or for a 改正研修 the notice.
func learnURL(module string) string {
	if v, ok := tracker.AmendmentOf(module); ok {
		return "/app/amendments/" + v + "/"
	}
	return "/modules/" + module + "/"
}

package http

import (
	"context"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"isms/quiz"
	"isms/tracker"
)

// The 事務局's pages for each version: its setting (deadline, waiver with the reason, 改正研修) and
// the questions citing its amended articles, each to be marked reviewed, so that no question
// teaching the old text stays in use unreviewed (isms quiz check -since lists the same questions).

// amendmentRow is a version as the 事務局's lists show it.
type amendmentRow struct {
	A        *tracker.Amendment
	Setting  *tracker.AmendmentSetting
	InEffect bool
	Citing   int // questions citing its amended articles
	Pending  int // of which not yet reviewed
}

// amendmentRecords reads the versions' settings and the reviews of questions.
func (s *Server) amendmentRecords(ctx context.Context) (map[string]*tracker.AmendmentSetting, []*tracker.QuestionReview, error) {
	settings, err := s.AmendmentService.AmendmentSettings(ctx)
	if err != nil {
		return nil, nil, err
	}
	reviews, err := s.AmendmentService.QuestionReviews(ctx)
	return settings, reviews, err
}

// amendmentRows lists the amendments (newest first), of one fiscal year when fy is not zero.
func (s *Server) amendmentRows(ctx context.Context, fy tracker.FiscalYear) ([]amendmentRow, error) {
	settings, reviews, err := s.amendmentRecords(ctx)
	if err != nil {
		return nil, err
	}
	r := tracker.NewReviews(s.Amendments, reviews, s.Now())
	var out []amendmentRow
	for i := len(s.Amendments) - 1; i >= 0; i-- {
		a := s.Amendments[i]
		if fy != 0 && a.FiscalYear() != fy {
			continue
		}
		row := amendmentRow{A: a, Setting: tracker.SettingOf(settings, a.Version), InEffect: a.InEffect(s.Now())}
		for _, q := range s.citing(a) {
			row.Citing++
			if r.Of(a.Version, q.q.ID) == nil {
				row.Pending++
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// citedQuestion is a question of a bank that cites an article the amendment changed.
type citedQuestion struct {
	q    *quiz.Question
	bank *quiz.Bank
}

func (s *Server) citing(a *tracker.Amendment) []citedQuestion {
	var out []citedQuestion
	for _, b := range s.Banks {
		for _, q := range b.Questions {
			if tracker.CitesAny(a, q) {
				out = append(out, citedQuestion{q, b})
			}
		}
	}
	return out
}

func (s *Server) handleAdminAmendments(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	rows, err := s.amendmentRows(r.Context(), 0)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "admin_amendments", s.page(r, "改正版の周知と問題の見直し", rows))
}

// reviewItem is a question to review against the amendment, with what it cites.
type reviewItem struct {
	Q       *quiz.Question
	Bank    *quiz.Bank
	Stem    template.HTML
	Cites   []citeView
	Review  *tracker.QuestionReview // the newest for this version; nil while pending
	Pending bool                    // not reviewed, and the amendment is in effect: not drawn
}

// citeView is an article a question cites, with its extract when the amendment changed it.
type citeView struct {
	Label   string
	URL     string
	Amended *articleView
}

type adminAmendmentPage struct {
	A         *tracker.Amendment
	Articles  []articleView
	Setting   *tracker.AmendmentSetting
	Form      *tracker.AmendmentSetting // what the form shows: the setting, or what was sent back with a problem
	InEffect  bool
	Items     []reviewItem
	Pending   int
	Blocked   []string // modules that would lose every question of a competency
	Message   string
	StatusURL string
}

func (s *Server) adminAmendment(ctx context.Context, r *http.Request) (*adminAmendmentPage, error) {
	a := tracker.FindAmendment(s.Amendments, r.PathValue("version"))
	if a == nil {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "版「%s」の改正はありません。", r.PathValue("version"))
	}
	settings, reviews, err := s.amendmentRecords(ctx)
	if err != nil {
		return nil, err
	}
	v := &adminAmendmentPage{A: a, Articles: articleViews(a.Articles), Setting: tracker.SettingOf(settings, a.Version),
		InEffect: a.InEffect(s.Now()), StatusURL: ackURL(ackDashboardPath, a.Version, 0, "")}
	v.Form = v.Setting
	// Before the 施行日, the page shows what would not be drawn from it on.
	at := s.Now()
	if !v.InEffect {
		at = a.Effective.Start()
	}
	rv := tracker.NewReviews(s.Amendments, reviews, at)
	for _, c := range s.citing(a) {
		it := reviewItem{Q: c.q, Bank: c.bank, Stem: c.q.Rendered().Stem, Review: rv.Of(a.Version, c.q.ID)}
		it.Pending = it.Review == nil
		if it.Pending {
			v.Pending++
		}
		for _, id := range c.q.Cites {
			cv := citeView{Label: quiz.ArticleLabel(id), URL: quiz.ArticleURL(id)}
			for i := range a.Articles {
				if art := a.Articles[i]; art.ID == id || art.OldID == id {
					cv.Amended, cv.Label = &v.Articles[i], art.Label
				}
			}
			it.Cites = append(it.Cites, cv)
		}
		v.Items = append(v.Items, it)
	}
	for _, b := range s.Banks {
		drawn := &quiz.Bank{Competencies: b.Competencies}
		for _, q := range b.Questions {
			if rv.Drawable(q) {
				drawn.Questions = append(drawn.Questions, q)
			}
		}
		if empty := emptyCompetencies(b, drawn); len(empty) > 0 {
			v.Blocked = append(v.Blocked, b.Title+"（力量「"+strings.Join(empty, "」「")+"」）")
		}
	}
	return v, nil
}

// settingFromForm reads the setting form: deadline, whether confirmation is required (and why
// not), 改正研修.
func settingFromForm(r *http.Request, version string) (*tracker.AmendmentSetting, error) {
	set := &tracker.AmendmentSetting{Version: version, Waived: r.PostFormValue("required") == "no",
		Reason: r.PostFormValue("reason"), Retraining: r.PostFormValue("retraining") == "yes"}
	if v := strings.TrimSpace(r.PostFormValue("deadline")); v != "" {
		d, err := tracker.ParseDate(v)
		if err != nil {
			return set, tracker.Errorf(tracker.EINVALID, "期限を 2026-09-30 の形で入力してください。")
		}
		set.Deadline = d
	}
	if req := r.PostFormValue("required"); req != "yes" && req != "no" {
		return set, tracker.Errorf(tracker.EINVALID, "周知確認を求めるかどうかを選んでください。")
	}
	return set, nil
}

// adminAmendmentPage answers the 事務局 only, with the page of the version in the path.
func (s *Server) adminAmendmentPage(w http.ResponseWriter, r *http.Request) (*adminAmendmentPage, bool) {
	if !s.requireAdminPage(w, r) {
		return nil, false
	}
	v, err := s.adminAmendment(r.Context(), r)
	if err != nil {
		s.Error(w, r, err)
		return nil, false
	}
	return v, true
}

func (s *Server) handleAdminAmendment(w http.ResponseWriter, r *http.Request) {
	if v, ok := s.adminAmendmentPage(w, r); ok {
		s.pages.render(w, "admin_amendment", s.page(r, v.A.Name+"の周知と問題の見直し", v))
	}
}

func (s *Server) handleAmendmentSetting(w http.ResponseWriter, r *http.Request) {
	v, ok := s.adminAmendmentPage(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	set, err := settingFromForm(r, v.A.Version)
	if err == nil {
		err = s.saveSetting(ctx, v.A, set)
	}
	if err != nil {
		if tracker.ErrorCode(err) != tracker.EINVALID {
			s.Error(w, r, err)
			return
		}
		v.Form, v.Message = set, tracker.ErrorMessage(err)
		w.WriteHeader(http.StatusBadRequest)
		s.pages.render(w, "admin_amendment", s.page(r, v.A.Name+"の周知と問題の見直し", v))
		return
	}
	http.Redirect(w, r, "/app/admin/amendments/"+v.A.Version+"?done=amendment", http.StatusSeeOther)
}

// saveSetting checks a setting against its amendment and saves it.
func (s *Server) saveSetting(ctx context.Context, a *tracker.Amendment, set *tracker.AmendmentSetting) error {
	if err := set.Validate(a); err != nil {
		return err
	}
	return s.AmendmentService.SaveAmendmentSetting(ctx, set)
}

// reviewOf checks that a question cites the amendment's articles and makes its review.
func (s *Server) reviewOf(a *tracker.Amendment, question string, outcome tracker.ReviewOutcome, note string) (*tracker.QuestionReview, error) {
	i := slices.IndexFunc(s.citing(a), func(c citedQuestion) bool { return c.q.ID == question })
	if i < 0 {
		return nil, tracker.Errorf(tracker.EINVALID, "問題「%s」は%sで改正された条文を引用していません。", question, a.Name)
	}
	c := s.citing(a)[i]
	return &tracker.QuestionReview{Question: question, Module: c.bank.Module, BankVersion: c.bank.Version, Version: a.Version,
		Outcome: outcome, Note: note}, nil
}

func (s *Server) handleQuestionReview(w http.ResponseWriter, r *http.Request) {
	v, ok := s.adminAmendmentPage(w, r)
	if !ok {
		return
	}
	question := r.PostFormValue("question")
	rv, err := s.reviewOf(v.A, question, tracker.ReviewOutcome(r.PostFormValue("outcome")), r.PostFormValue("note"))
	if err == nil {
		err = s.AmendmentService.RecordQuestionReview(r.Context(), rv)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/app/admin/amendments/"+v.A.Version+"?done=review#q-"+question, http.StatusSeeOther)
}

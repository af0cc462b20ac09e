package http

import (
	"context"
	"html/template"
	"net/http"
	"time"

	"isms/tracker"
)

// 改正のお知らせ: from an amendment's 施行日, everyone in post sees its notice at the top of
// 今年度の研修 until they confirm 「内容を確認しました」 (周知確認), unless the 事務局 waived it.

// noticeView is an amendment's notice as the caller sees it.
type noticeView struct {
	*tracker.Notice
	ForRole, Others []articleView
	Setting         *tracker.AmendmentSetting
	Ack             *tracker.Acknowledgement // nil until confirmed
	Retraining      *retrainingView          // when a 改正研修 is required
	Overdue         bool                     // the deadline has passed unconfirmed
	CSRF            string
}

// articleView is an amended article with its extract, rendered by the application (internal/amend)
// from the policy text.
type articleView struct {
	tracker.AmendedArticle
	ExtractHTML template.HTML
}

func articleViews(arts []tracker.AmendedArticle) []articleView {
	out := make([]articleView, len(arts))
	for i, a := range arts {
		out[i] = articleView{AmendedArticle: a, ExtractHTML: template.HTML(a.Extract)}
	}
	return out
}

// retrainingView is where the caller stands with a required 改正研修.
type retrainingView struct {
	Module   string
	Title    string
	Attempts int
	PassedAt *time.Time
	PassID   int64
	LastID   int64
	// Problem says why it cannot be taken now; NotForRole that the amended articles are not
	// taught in the caller's modules, so there is nothing to take.
	Problem    string
	NotForRole bool
}

// notices returns the notices of the amendments in effect that the caller must confirm: those not
// yet confirmed, and those confirmed that took effect this fiscal year or whose 改正研修 is not yet
// passed.
func (s *Server) notices(ctx context.Context, p *tracker.Person, csrf string) (pending, confirmed []*noticeView, err error) {
	for _, a := range s.Amendments {
		if !a.InEffect(s.Now()) {
			continue
		}
		v, err := s.notice(ctx, p, a, csrf)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case !v.Setting.Required():
		case v.Ack == nil:
			pending = append(pending, v)
		case a.FiscalYear() == s.fiscalYear() || (v.Retraining != nil && !v.Retraining.NotForRole && v.Retraining.PassedAt == nil):
			confirmed = append(confirmed, v)
		}
	}
	return pending, confirmed, nil
}

// notice lays out one amendment for the caller, with their 周知確認 and 改正研修.
func (s *Server) notice(ctx context.Context, p *tracker.Person, a *tracker.Amendment, csrf string) (*noticeView, error) {
	settings, err := s.AmendmentService.AmendmentSettings(ctx)
	if err != nil {
		return nil, err
	}
	plan, _, err := s.PlanService.PlanInForce(ctx, s.fiscalYear())
	if err != nil {
		return nil, err
	}
	n := a.NoticeFor(p, plan.ModulesFor(p))
	v := &noticeView{Notice: n, ForRole: articleViews(n.ForRole), Others: articleViews(n.Others), Setting: tracker.SettingOf(settings, a.Version),
		CSRF: csrf}
	acks, _, err := s.AmendmentService.FindAcknowledgements(ctx, tracker.AcknowledgementFilter{PersonID: p.ID, Version: a.Version, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(acks) > 0 {
		v.Ack = acks[0]
	}
	v.Overdue = v.Ack == nil && !v.Setting.Deadline.IsZero() && !s.Now().Before(v.Setting.Deadline.End())
	if v.Setting.Retraining && v.Setting.Required() {
		if v.Retraining, err = s.retraining(ctx, p, plan, a); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// retraining sums up the caller's attempts at a version's 改正研修 and whether it can be taken.
func (s *Server) retraining(ctx context.Context, p *tracker.Person, plan *tracker.Plan, a *tracker.Amendment) (*retrainingView, error) {
	module := tracker.AmendmentModule(a.Version)
	v := &retrainingView{Module: module, Title: a.RetrainingTitle()}
	attempts, _, err := s.AttemptService.FindAttempts(ctx, tracker.AttemptFilter{PersonID: p.ID, Module: module})
	if err != nil {
		return nil, err
	}
	v.Attempts = len(attempts)
	for _, at := range attempts { // newest first
		if v.LastID == 0 {
			v.LastID = at.ID
		}
		if at.Passed {
			t := at.SubmittedAt
			v.PassedAt, v.PassID = &t, at.ID
		}
	}
	if _, err := s.mayRetrain(ctx, p, plan, a.Version); err != nil {
		switch tracker.ErrorCode(err) {
		case tracker.ENOTFOUND:
			v.NotForRole = true
		case tracker.ECONFLICT:
			v.Problem = tracker.ErrorMessage(err)
		default:
			return nil, err
		}
	}
	return v, nil
}

// amendmentOf finds the amendment named in the path, in effect now.
func (s *Server) amendmentOf(r *http.Request) (*tracker.Amendment, error) {
	a := tracker.FindAmendment(s.Amendments, r.PathValue("version"))
	if a == nil || !a.InEffect(s.Now()) {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "この版の改正のお知らせはありません。")
	}
	return a, nil
}

// handleAmendment is one amendment's notice for the caller: to read again, or to confirm.
func (s *Server) handleAmendment(w http.ResponseWriter, r *http.Request) {
	if session(r).Account.Admin() {
		http.Redirect(w, r, "/app/admin/amendments/"+r.PathValue("version"), http.StatusSeeOther)
		return
	}
	p, err := tracker.Trainee(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	a, err := s.amendmentOf(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v, err := s.notice(r.Context(), p.Person, a, session(r).CSRF)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "amendment", s.page(r, "改正のお知らせ（"+a.Name+"）", v))
}

// handleAcknowledge records 「内容を確認しました」. The form carries the digest of the notice it
// showed; a notice laid out differently now (another role, another text) is shown again instead.
func (s *Server) handleAcknowledge(w http.ResponseWriter, r *http.Request) {
	k, _, err := s.acknowledge(r.Context(), r, r.PostFormValue("digest"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/app/amendments/"+k.Version+"/?done=acknowledged", http.StatusSeeOther)
}

// acknowledge checks the request against the notice the caller is shown now and records it.
func (s *Server) acknowledge(ctx context.Context, r *http.Request, digest string) (*tracker.Acknowledgement, bool, error) {
	p, err := tracker.Trainee(ctx)
	if err != nil {
		return nil, false, err
	}
	a, err := s.amendmentOf(r)
	if err != nil {
		return nil, false, err
	}
	v, err := s.notice(ctx, p.Person, a, "")
	if err != nil {
		return nil, false, err
	}
	switch {
	case !v.Setting.Required():
		return nil, false, tracker.Errorf(tracker.ECONFLICT, "%sは周知確認を求めていません（%s）。", a.Name, v.Setting.Reason)
	case v.Ack != nil:
		return v.Ack, false, nil
	case digest != v.Digest:
		return nil, false, tracker.Errorf(tracker.ECONFLICT, "お知らせの内容が、表示されたときから変わっています（役割の変更や改正内容の更新）。"+
			"お知らせを開き直し、内容を読んでから、もう一度「内容を確認しました」を押してください。")
	}
	k := &tracker.Acknowledgement{Version: a.Version, Commit: a.Commit, Digest: v.Digest}
	created, err := s.AmendmentService.Acknowledge(ctx, k)
	return k, created, err
}

// ackEntry is a 周知確認 in a person's 受講歴, with the amendment it confirmed.
type ackEntry struct {
	*tracker.Acknowledgement
	Amendment *tracker.Amendment
}

// ackEntries lists a person's 周知確認 of the amendments this server knows, newest first.
func (s *Server) ackEntries(ctx context.Context, personID int64) ([]ackEntry, error) {
	if len(s.Amendments) == 0 {
		return nil, nil
	}
	list, _, err := s.AmendmentService.FindAcknowledgements(ctx, tracker.AcknowledgementFilter{PersonID: personID})
	if err != nil {
		return nil, err
	}
	var out []ackEntry
	for _, k := range list {
		if a := tracker.FindAmendment(s.Amendments, k.Version); a != nil {
			out = append(out, ackEntry{k, a})
		}
	}
	return out, nil
}

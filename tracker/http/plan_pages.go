package http

import (
	"net/http"
	"strings"

	"isms/quiz"
	"isms/tracker"
)

type plansPage struct {
	Plans   []*tracker.Plan
	Current tracker.FiscalYear
}

func (s *Server) handlePlans(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	plans, err := s.PlanService.FindPlans(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "plans", s.page(r, "年度教育計画", plansPage{Plans: plans, Current: s.fiscalYear()}))
}

type planPage struct {
	Plan     *tracker.Plan
	Modules  []*quiz.Bank
	Sessions []*tracker.TrainingSession // the year's sessions that cover modules, for the credits
	New      bool
	Message  string
	// Amendments are the versions that take effect in the year, with their 周知確認 and 改正研修.
	Amendments []amendmentRow
}

func (s *Server) handlePlanPage(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	fy, err := tracker.ParseFiscalYear(r.PathValue("fy"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p, err := s.PlanService.FindPlan(r.Context(), fy)
	isNew := tracker.ErrorCode(err) == tracker.ENOTFOUND
	if isNew {
		p, err = tracker.DefaultPlan(fy), nil
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderPlan(w, r, http.StatusOK, planPage{Plan: p, New: isNew})
}

// renderPlan shows the plan form with what it offers besides the plan: the year's sessions to
// credit and the amendments that take effect in the year.
func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, status int, v planPage) {
	fy := v.Plan.FiscalYear
	var err error
	if v.Sessions, err = s.creditableSessions(r, fy); err == nil {
		v.Amendments, err = s.amendmentRows(r.Context(), fy)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v.Modules = s.Banks
	w.WriteHeader(status)
	s.pages.render(w, "plan", s.page(r, fy.String()+"の年度教育計画", v))
}

// planFromForm reads the plan form. Dates that do not parse are reported together with the
// plan's own checks.
func planFromForm(r *http.Request, fy tracker.FiscalYear) (*tracker.Plan, error) {
	p := &tracker.Plan{FiscalYear: fy, Modules: map[tracker.Role][]string{},
		Approver: strings.TrimSpace(r.PostFormValue("approver")), Note: strings.TrimSpace(r.PostFormValue("note"))}
	var problems []string
	for _, f := range []struct {
		name, label string
		dst         *tracker.Date
		optional    bool
	}{{"start", "実施期間の開始日", &p.Start, false}, {"end", "実施期間の終了日", &p.End, false},
		{"deadline", "受講期限", &p.Deadline, false}, {"approved_on", "承認日", &p.ApprovedOn, true}} {
		v := strings.TrimSpace(r.PostFormValue(f.name))
		if v == "" && f.optional {
			continue
		}
		d, err := tracker.ParseDate(v)
		if err != nil {
			problems = append(problems, f.label+"を 2026-04-01 の形で入力してください。")
			continue
		}
		*f.dst = d
	}
	for _, role := range tracker.Roles() {
		p.Modules[role] = r.PostForm["modules."+string(role)]
	}
	problems = append(problems, planTrainingFromForm(r, p)...)
	if len(problems) > 0 {
		return p, &tracker.Error{Code: tracker.EINVALID, Message: strings.Join(problems, "\n")}
	}
	return p, nil
}

func (s *Server) handlePlanSave(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	fy, err := tracker.ParseFiscalYear(r.PathValue("fy"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p, err := planFromForm(r, fy)
	if err == nil && !p.ApprovedOn.IsZero() && !confirmed(r) {
		// Recording the committee's approval moves every member of staff onto this plan; the
		// plan's own problems are listed with the box, so one round trip shows them all.
		msg := confirmMessage
		if verr := p.Validate(func(m string) bool { return s.bank(m) != nil }); verr != nil {
			msg = tracker.ErrorMessage(verr) + "\n" + msg
		}
		err = &tracker.Error{Code: tracker.EINVALID, Message: msg}
	}
	if err == nil {
		err = s.PlanService.SavePlan(r.Context(), p)
	}
	if err != nil {
		if tracker.ErrorCode(err) != tracker.EINVALID {
			s.Error(w, r, err)
			return
		}
		s.renderPlan(w, r, http.StatusBadRequest, planPage{Plan: p, Message: tracker.ErrorMessage(err)})
		return
	}
	http.Redirect(w, r, "/app/admin/plans/?done=plan", http.StatusSeeOther)
}

package http

import (
	"net/http"

	"isms/tracker"
)

// requireAdminPage answers 403 to anyone but a 事務局 account.
func (s *Server) requireAdminPage(w http.ResponseWriter, r *http.Request) bool {
	if session(r).Account.Admin() {
		return true
	}
	s.Error(w, r, tracker.Errorf(tracker.EFORBIDDEN, "この画面は情報セキュリティ事務局の管理者IDだけが使えます。"))
	return false
}

type adminPage struct {
	Plan     *tracker.Plan
	Recorded *tracker.Plan
	Active   int
	Left     int
}

func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	ctx := r.Context()
	plan, recorded, err := s.PlanService.PlanInForce(ctx, s.fiscalYear())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	_, active, err := s.PersonService.FindPeople(ctx, tracker.PersonFilter{Status: tracker.StatusActive, Limit: 1})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	_, left, _ := s.PersonService.FindPeople(ctx, tracker.PersonFilter{Status: tracker.StatusLeft, Limit: 1})
	s.pages.render(w, "admin", s.page(r, "情報セキュリティ事務局", adminPage{Plan: plan, Recorded: recorded, Active: active, Left: left}))
}

package http

import (
	"net/http"

	"isms/tracker"
)

type peoplePage struct {
	Query    string
	Status   string
	People   []*tracker.Person
	Total    int
	Issued   *tracker.TempPassword
	Accounts []*tracker.Account
}

func (s *Server) handleAdminPeople(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	s.renderPeople(w, r, nil)
}

func (s *Server) renderPeople(w http.ResponseWriter, r *http.Request, issued *tracker.TempPassword) {
	q, st := r.URL.Query().Get("q"), r.URL.Query().Get("status")
	if r.Method == http.MethodPost {
		q, st = r.PostFormValue("q"), r.PostFormValue("status")
	}
	f := tracker.PersonFilter{Query: q, Status: tracker.Status(st), Limit: 200}
	people, total, err := s.PersonService.FindPeople(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	accounts, err := s.AuthService.FindAccounts(r.Context(), tracker.KindAdmin)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "people", s.page(r, "職員と管理者ID", peoplePage{Query: q, Status: st, People: people, Total: total,
		Issued: issued, Accounts: accounts}))
}

// handlePasswordReset issues a temporary password and shows it once on the resulting page.
func (s *Server) handlePasswordReset(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	temp, err := s.AuthService.ResetPassword(r.Context(), r.PathValue("no"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.renderPeople(w, r, temp)
}

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
	Accounts []*tracker.Account
}

func (s *Server) handleAdminPeople(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	q, st := r.URL.Query().Get("q"), r.URL.Query().Get("status")
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
		Accounts: accounts}))
}

// handlePasswordReset issues a temporary password once the box "内容を確認しました" is ticked (the
// current password stops working at once), and shows it once, ready to print as a 通知書.
func (s *Server) handlePasswordReset(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	p, err := s.PersonService.FindPersonByStaffNo(r.Context(), r.PathValue("no"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !confirmed(r) {
		s.renderPerson(w, r, http.StatusBadRequest, confirmMessage)
		return
	}
	temp, err := s.AuthService.ResetPassword(r.Context(), p.StaffNo)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	temp.Unit = p.Unit.Name()
	s.renderTempPasswords(w, r, tempPasswordsPage{Passwords: []*tracker.TempPassword{temp}})
}

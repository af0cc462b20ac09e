package http

import (
	"net/http"
	"time"

	"isms/tracker"
)

// tempPasswordsPage shows temporary passwords the one time they exist in clear: after a roster
// import or a reset. The same page prints them as one A4 slip per person, as 通知書 three to a
// page to cut apart and fold, or as a list; the choice is a radio button the print stylesheet
// reads, so the page is never loaded again (it could not be: the passwords are not stored).
type tempPasswordsPage struct {
	Import    *tracker.RosterResult // the import that made them; nil for a reset
	Passwords []*tracker.TempPassword
	SignIn    string    // where to sign in: the origin the 事務局 used, /app/login
	Issued    time.Time // when the passwords were made
	MinLength int       // of the password each person chooses
}

func (s *Server) renderTempPasswords(w http.ResponseWriter, r *http.Request, v tempPasswordsPage) {
	if v.Import != nil {
		v.Passwords = v.Import.Passwords
	}
	v.SignIn, v.Issued, v.MinLength = s.origin(r)+"/app/login", s.Now(), s.minLength()
	title := "仮パスワードを発行しました"
	if v.Import != nil {
		title = "職員名簿を取り込みました"
	}
	s.pages.render(w, "temp_passwords", s.page(r, title, v))
}

// origin is the scheme and host the request came to: the address staff will type, as the 事務局
// reached the server (behind a trusted proxy, with the scheme it reports).
func (s *Server) origin(r *http.Request) string {
	if s.secure(r) {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

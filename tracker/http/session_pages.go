package http

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"isms/tracker"
)

func (s *Server) routePages(mux *http.ServeMux) {
	mux.HandleFunc("GET /app/static/", s.handleStatic)
	mux.HandleFunc("GET /app/{$}", s.handleHome)
	mux.HandleFunc("GET /app/login", s.handleLoginPage)
	mux.HandleFunc("POST /app/login", s.handleLogin)
	mux.HandleFunc("POST /app/logout", s.handleLogout)
	mux.HandleFunc("GET /app/password", s.handlePasswordPage)
	mux.HandleFunc("POST /app/password", s.handlePassword)

	mux.HandleFunc("GET /app/training/{$}", s.handleTraining)
	mux.HandleFunc("GET /app/training/{module}/quiz", s.handleQuiz)
	mux.HandleFunc("POST /app/training/{module}/quiz", s.handleQuizSubmit)
	mux.HandleFunc("GET /app/attempts/{id}", s.handleAttempt)
	mux.HandleFunc("POST /app/attempts/{id}/survey", s.handleSurvey)
	mux.HandleFunc("GET /app/history/{$}", s.handleHistory)

	mux.HandleFunc("GET /app/units/{$}", s.handleUnits)
	mux.HandleFunc("GET /app/units/{id}/{$}", s.handleUnit)
	mux.HandleFunc("GET /app/people/{no}/{$}", s.handlePerson)

	mux.HandleFunc("GET /app/admin/{$}", s.handleAdmin)
	mux.HandleFunc("GET /app/admin/roster", s.handleRosterPage)
	mux.HandleFunc("POST /app/admin/roster", s.handleRosterPreview)
	mux.HandleFunc("POST /app/admin/roster/apply", s.handleRosterApply)
	mux.HandleFunc("GET /app/admin/roles", s.handleRoleMap)
	mux.HandleFunc("POST /app/admin/roles", s.handleRoleMapPost)
	mux.HandleFunc("GET /app/admin/plans/{$}", s.handlePlans)
	mux.HandleFunc("GET /app/admin/plans/{fy}", s.handlePlanPage)
	mux.HandleFunc("POST /app/admin/plans/{fy}", s.handlePlanSave)
	mux.HandleFunc("GET /app/admin/people", s.handleAdminPeople)
	mux.HandleFunc("POST /app/admin/people/{no}/password", s.handlePasswordReset)
	mux.HandleFunc("GET /app/admin/audit", s.handleAudit)
	s.routeReports(mux)    // report pages and their API (report_routes.go)
	s.routeTraining(mux)   // 集合研修・訓練 and reminders (training_routes.go)
	s.routeAmendments(mux) // notices, 周知状況 and the review of questions (amendment_routes.go)

	mux.HandleFunc("/app/", func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, tracker.Errorf(tracker.ENOTFOUND, "ページが見つかりません。"))
	})
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	if session(r).Account.Admin() {
		http.Redirect(w, r, "/app/admin/", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/app/training/", http.StatusSeeOther)
}

type loginPage struct {
	Next    string
	Token   string
	Login   string
	Message string
}

// safeNext keeps the return address inside the tracker, so the sign-in form cannot be used to send
// someone elsewhere.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/app/") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") && next != "/app/login" {
		return next
	}
	return "/app/"
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if sess := session(r); sess != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, "", "")
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, login, message string) {
	token := randomString()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: token, Path: "/app/login", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.secure(r)})
	next := r.URL.Query().Get("next")
	if r.Method == http.MethodPost {
		next = r.PostFormValue("next")
	}
	w.WriteHeader(status)
	s.pages.render(w, "login", s.page(r, "ログイン", loginPage{Next: safeNext(next), Token: token, Login: login, Message: message}))
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	// Sign-in CSRF: the form's token must match the cookie set with the form.
	c, err := r.Cookie(loginCookie)
	form := r.PostFormValue(csrfField)
	if err != nil || form == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(form)) != 1 {
		s.refuse(w, r, "sign-in form token")
		return
	}
	login := strings.TrimSpace(r.PostFormValue("login"))
	device := s.deviceFor(r, login)
	sess, err := s.AuthService.SignIn(r.Context(), tracker.Credentials{Login: login, Password: r.PostFormValue("password"),
		Source: s.clientAddr(r), Device: device})
	if err != nil {
		s.holdRefusal(r, err)
		// The password is never put back in the form; the ID is.
		s.renderLogin(w, r, ErrorStatus(tracker.ErrorCode(err)), login, tracker.ErrorMessage(err))
		return
	}
	s.setSessionCookie(w, r, sess.Token)
	s.setDevice(w, r, sess.Account.Login, device)
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/app/login", MaxAge: -1})
	if sess.Account.MustChange {
		http.Redirect(w, r, "/app/password", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.AuthService.SignOut(r.Context(), session(r).Token); err != nil {
		s.Error(w, r, err)
		return
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/app/login?done=signout", http.StatusSeeOther)
}

type passwordPage struct {
	Temporary bool
	MinLength int
	Message   string
}

func (s *Server) handlePasswordPage(w http.ResponseWriter, r *http.Request) {
	s.renderPassword(w, r, http.StatusOK, "")
}

func (s *Server) renderPassword(w http.ResponseWriter, r *http.Request, status int, message string) {
	w.WriteHeader(status)
	s.pages.render(w, "password", s.page(r, "パスワードの変更", passwordPage{
		Temporary: session(r).Account.MustChange, MinLength: s.minLength(), Message: message}))
}

func (s *Server) minLength() int {
	if s.PasswordMinLength > 0 {
		return s.PasswordMinLength
	}
	return 12
}

func (s *Server) handlePassword(w http.ResponseWriter, r *http.Request) {
	next, confirm := r.PostFormValue("new"), r.PostFormValue("confirm")
	if next != confirm {
		s.renderPassword(w, r, http.StatusBadRequest, "新しいパスワードと確認用のパスワードが一致しません。")
		return
	}
	if err := s.AuthService.ChangePassword(r.Context(), r.PostFormValue("current"), next); err != nil {
		s.renderPassword(w, r, ErrorStatus(tracker.ErrorCode(err)), tracker.ErrorMessage(err))
		return
	}
	// An admin takes no training: their next step is the 事務局's menu.
	landing := "/app/training/?done=password"
	if session(r).Account.Admin() {
		landing = "/app/admin/?done=password"
	}
	http.Redirect(w, r, landing, http.StatusSeeOther)
}

// maxHeldRefusals bounds the refused sign-ins held at once: each holds a goroutine and a
// connection, and past the bound a refusal is answered at once.
const maxHeldRefusals = 256

// holdRefusal waits RefusalDelay before a sign-in refused by the limits is answered. Refusing costs
// the server little, but a client answered at once sends the next request at once: held, 32
// clients flooding from one address send a few dozen requests a second instead of thousands, and
// the CPU stays with the people signing in elsewhere.
func (s *Server) holdRefusal(r *http.Request, err error) {
	if tracker.ErrorCode(err) != tracker.ETOOMANY || s.RefusalDelay <= 0 {
		return
	}
	select {
	case s.held <- struct{}{}:
	default:
		return
	}
	defer func() { <-s.held }()
	t := time.NewTimer(s.RefusalDelay)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

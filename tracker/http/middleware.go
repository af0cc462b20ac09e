package http

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"isms/tracker"
)

const (
	sessionCookie = "isms_session"
	loginCookie   = "isms_login" // double-submit token of the sign-in form, before there is a session
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

type sessionKey struct{}

// session returns the request's session, or nil when not signed in.
func session(r *http.Request) *tracker.Session {
	s, _ := r.Context().Value(sessionKey{}).(*tracker.Session)
	return s
}

// open paths need no session: signing in, the stylesheet, and the sign-in API.
func openPath(p string) bool {
	return p == "/app/login" || strings.HasPrefix(p, "/app/static/") || p == "/api/login"
}

// authenticate finds the session (from the cookie, or opens one for a trusted proxy's header),
// puts the caller in the context, sends a must-change account to the password page, and refuses
// state-changing requests without the session's CSRF token.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		src := s.clientAddr(r)
		ctx := tracker.NewContext(r.Context(), &tracker.Principal{Source: src})
		r = r.WithContext(ctx)
		sess := s.sessionOf(w, r, src)
		if sess == nil {
			if openPath(r.URL.Path) {
				next.ServeHTTP(w, r)
				return
			}
			s.unauthorized(w, r)
			return
		}
		ctx = tracker.NewContext(r.Context(), &tracker.Principal{Account: sess.Account, Person: sess.Person, Source: src, Token: sess.Token})
		ctx = contextWithSession(ctx, sess)
		r = r.WithContext(ctx)

		if unsafeMethod(r.Method) && uploadPath(r.URL.Path) && (isMultipart(r) || isAPI(r)) {
			// Who may send a file is settled before a byte of it is read; the connection is then
			// closed rather than the rest of the body read and thrown away. (A 課長's ticked
			// attendance is a plain form, not a file.)
			if !sess.Account.Admin() {
				w.Header().Set("Connection", "close")
				s.Error(w, r, tracker.Errorf(tracker.EFORBIDDEN, "ファイルの取り込みは情報セキュリティ事務局の管理者IDだけが行えます。"))
				return
			}
			if isMultipart(r) {
				up, err := s.readUpload(r)
				if err != nil {
					refuseBody(w, r)
					s.Error(w, r, err)
					return
				}
				defer up.close()
				r = r.WithContext(context.WithValue(r.Context(), uploadKey{}, up))
			}
		}
		if unsafeMethod(r.Method) && !openPath(r.URL.Path) && !validCSRF(r, sess.CSRF) {
			s.refuse(w, r, "missing or wrong CSRF token")
			return
		}
		if sess.Account.MustChange && !passwordPath(r.URL.Path) {
			if isAPI(r) {
				s.Error(w, r, tracker.Errorf(tracker.EPASSWORD, "パスワードを変更してください（仮パスワードまたは期限切れのパスワードです）。POST /api/password で変更できます。"))
				return
			}
			http.Redirect(w, r, "/app/password", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func passwordPath(p string) bool {
	return p == "/app/password" || p == "/api/password" || p == "/app/logout" || p == "/api/logout" ||
		p == "/api/me" || strings.HasPrefix(p, "/app/static/")
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// validCSRF compares the token from the header or the form body with the session's, in constant
// time. A token in the URL's query is never taken: URLs end up in logs, histories and Referer
// headers.
func validCSRF(r *http.Request, want string) bool {
	got := r.Header.Get(csrfHeader)
	if up := uploadOf(r); got == "" && up != nil {
		got = up.fields.Get(csrfField)
	} else if got == "" {
		got = r.PostFormValue(csrfField)
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// sessionOf returns the live session of the cookie, or, for a request that a trusted proxy vouches
// for, the session of the proxy's user (opening one when needed).
func (s *Server) sessionOf(w http.ResponseWriter, r *http.Request, src string) *tracker.Session {
	var sess *tracker.Session
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if got, err := s.AuthService.Session(r.Context(), c.Value); err == nil {
			sess = got
		} else if tracker.ErrorCode(err) != tracker.EUNAUTHORIZED {
			s.Logger.Error("session lookup", "err", err)
		}
	}
	if s.ProxyHeader == "" || !s.fromTrustedProxy(r) {
		return sess
	}
	login := strings.TrimSpace(r.Header.Get(s.ProxyHeader))
	if login == "" || (sess != nil && sess.Account.Login == login) {
		return sess
	}
	opened, err := s.AuthService.SignInTrusted(r.Context(), login, src)
	if err != nil {
		return nil
	}
	s.setSessionCookie(w, r, opened.Token)
	return opened
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

// unauthorized sends a page request to the sign-in form (coming back afterwards) and answers an
// API request with 401.
func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) || unsafeMethod(r.Method) {
		s.Error(w, r, tracker.Errorf(tracker.EUNAUTHORIZED, "ログインしていないか、一定時間操作がなかったためログアウトしました。もう一度ログインしてください。"))
		return
	}
	next := r.URL.Path
	if r.URL.RawQuery != "" {
		next += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, "/app/login?next="+url.QueryEscape(next), http.StatusSeeOther)
}

// refuse answers 403 to a request that failed a CSRF or origin check and logs it.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, why string) {
	s.AuditService.RecordEvent(r.Context(), &tracker.AuditEvent{Action: tracker.ActionAccessDenied, Target: r.Method + " " + r.URL.Path,
		Outcome: tracker.OutcomeFailure, Detail: why})
	s.Error(w, r, tracker.Errorf(tracker.EFORBIDDEN, "この操作は受け付けられません。画面を開き直してからもう一度操作してください（フォームの有効期限切れ、または別のサイトからの送信です）。"))
}

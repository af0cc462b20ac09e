package http_test

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"isms/internal/app"
	"isms/tracker"
)

// passedAttempt has 1001 pass general and returns the attempt's path.
func passedAttempt(t *testing.T, e *env, c *client) string {
	t.Helper()
	r := c.get("/app/training/general/quiz")
	r = c.post("/app/training/general/quiz", e.answerForm("general", r.body, true))
	wantStatus(t, r, http.StatusSeeOther)
	return r.location
}

func TestScopeBoundaries(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	ctx := context.Background()
	staff := e.staff("1001", temps["1001"])
	attemptURL := passedAttempt(t, e, staff)
	own, _ := e.db.FindPersonByStaffNo(ctx, "1001")
	citizen, _ := e.db.FindPersonByStaffNo(ctx, "1006")
	section := "/app/units/" + strconv.FormatInt(own.Unit.SectionID, 10) + "/"
	department := "/app/units/" + strconv.FormatInt(own.Unit.DepartmentID, 10) + "/"
	otherBureau := "/app/units/" + strconv.FormatInt(citizen.Unit.BureauID, 10) + "/"

	neighbour := e.staff("1003", temps["1003"]) // 情報システム課 主任
	otherMgr := e.staff("1004", temps["1004"])  // 情報システム課 課長
	mgr := e.staff("1002", temps["1002"])       // 情報企画課 課長
	director := e.staff("1005", temps["1005"])  // 情報管理部 部長

	tests := []struct {
		name   string
		c      *client
		path   string
		status int
	}{
		{"StaffOwnAttempt", staff, attemptURL, http.StatusOK},
		{"StaffOtherRecord404", neighbour, attemptURL, http.StatusNotFound},
		{"StaffOtherPerson404", neighbour, "/app/people/1001/", http.StatusNotFound},
		{"StaffUnitList403", neighbour, section, http.StatusForbidden},
		{"StaffUnits403", neighbour, "/app/units/", http.StatusForbidden},
		{"OtherManagerRecord404", otherMgr, attemptURL, http.StatusNotFound},
		{"OtherManagerSection403", otherMgr, section, http.StatusForbidden},
		{"ManagerDepartment403", mgr, department, http.StatusForbidden},
		{"ManagerOwnSection", mgr, section, http.StatusOK},
		{"DirectorDepartment", director, department, http.StatusOK},
		{"DirectorSection", director, section, http.StatusOK},
		{"DirectorRecord", director, attemptURL, http.StatusOK},
		{"DirectorOtherBureau403", director, otherBureau, http.StatusForbidden},
		{"DirectorOtherBureauPerson404", director, "/app/people/1006/", http.StatusNotFound},
		{"StaffAdmin403", staff, "/app/admin/", http.StatusForbidden},
		{"ManagerAudit403", mgr, "/app/admin/audit", http.StatusForbidden},
		{"ManagerRoster403", mgr, "/app/admin/roster", http.StatusForbidden},
		{"UnknownUnit404", director, "/app/units/99999/", http.StatusNotFound},
		{"BadAttemptID404", staff, "/app/attempts/abc", http.StatusNotFound},
		{"NotSignedInRedirect", e.client(), attemptURL, http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.c.get(tt.path)
			wantStatus(t, r, tt.status)
			if tt.status == http.StatusNotFound && tt.c != staff && strings.Contains(r.body, "山田") {
				t.Fatal("a 404 page reveals the person")
			}
		})
	}
	t.Run("APIBoundaries", func(t *testing.T) {
		id := strings.TrimPrefix(attemptURL, "/app/attempts/")
		for _, tt := range []struct {
			name   string
			c      *client
			path   string
			status int
		}{
			{"OtherAttempt404", neighbour, "/api/attempts/" + id, http.StatusNotFound},
			{"OtherPerson404", neighbour, "/api/people/1001", http.StatusNotFound},
			{"OtherSection403", otherMgr, "/api/units/" + strconv.FormatInt(own.Unit.SectionID, 10) + "/status", http.StatusForbidden},
			{"OwnSection", mgr, "/api/units/" + strconv.FormatInt(own.Unit.SectionID, 10) + "/status", http.StatusOK},
			{"OtherPersonAttempts404", neighbour, "/api/attempts?person=1001", http.StatusNotFound},
			{"StaffAudit403", mgr, "/api/audit", http.StatusForbidden},
			{"StaffPlans403", mgr, "/api/audit/verify", http.StatusForbidden},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantStatus(t, tt.c.api("GET", tt.path, nil, nil), tt.status)
			})
		}
	})
	t.Run("DeniedIsLogged", func(t *testing.T) {
		events, _, err := e.db.FindEvents(ctx, tracker.AuditFilter{Action: tracker.ActionAccessDenied, Actor: "1004"})
		if err != nil || len(events) == 0 {
			t.Fatalf("got %d access_denied events for 1004, %v", len(events), err)
		}
	})
}

func TestCSRF(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	ctx := context.Background()
	staff := e.staff("1001", temps["1001"])
	r := staff.get("/app/training/general/quiz")
	form := e.answerForm("general", r.body, true)

	for _, tt := range []struct {
		name string
		path string
		form url.Values
	}{
		{"QuizNoToken", "/app/training/general/quiz", withCSRF(form, "")},
		{"QuizWrongToken", "/app/training/general/quiz", withCSRF(form, "forged")},
		{"Logout", "/app/logout", url.Values{"csrf": {""}}},
		{"Password", "/app/password", url.Values{"csrf": {"x"}, "current": {newPassword}, "new": {"another-long-phrase"}, "confirm": {"another-long-phrase"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := staff.post(tt.path, tt.form)
			wantStatus(t, r, http.StatusForbidden)
			wantBody(t, r, "この操作は受け付けられません")
		})
	}
	t.Run("TokenInQueryRefused", func(t *testing.T) {
		// A token in the URL would leak through logs and Referer headers: only the header or the
		// form body counts.
		staff.get("/app/training/")
		req, _ := http.NewRequest("POST", e.srv.URL()+"/app/logout?csrf="+url.QueryEscape(staff.csrf), strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r := staff.do(req)
		wantStatus(t, r, http.StatusForbidden)
		wantBody(t, r, "この操作は受け付けられません")
	})
	t.Run("NothingChanged", func(t *testing.T) {
		if _, total, _ := e.db.FindAttempts(ctx, tracker.AttemptFilter{}); total != 0 {
			t.Fatalf("got %d attempts", total)
		}
		wantStatus(t, staff.get("/app/training/"), http.StatusOK) // still signed in, old password
	})
	t.Run("CrossOrigin", func(t *testing.T) {
		req, _ := http.NewRequest("POST", e.srv.URL()+"/app/training/general/quiz", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		wantStatus(t, staff.do(req), http.StatusForbidden)
	})
	t.Run("LoginFormToken", func(t *testing.T) {
		c := e.client()
		r := c.post("/app/login", url.Values{"csrf": {"guess"}, "login": {"1002"}, "password": {temps["1002"]}})
		wantStatus(t, r, http.StatusForbidden)
		events, _, _ := e.db.FindEvents(ctx, tracker.AuditFilter{Action: tracker.ActionAccessDenied, Actor: tracker.AnonymousActor})
		if len(events) != 1 || events[0].Source != "127.0.0.1" || events[0].Target != "POST /app/login" {
			t.Fatalf("got %+v, want the refusal logged for an anonymous caller", events)
		}
	})
	t.Run("APIHeader", func(t *testing.T) {
		c := e.client()
		var sess struct {
			CSRF string `json:"csrfToken"`
		}
		wantStatus(t, c.api("POST", "/api/login", map[string]string{"login": "1003", "password": temps["1003"]}, &sess), http.StatusOK)
		c.csrf = ""
		wantStatus(t, c.api("POST", "/api/password", map[string]string{"current": temps["1003"], "new": newPassword}, nil), http.StatusForbidden)
		c.csrf = sess.CSRF
		wantStatus(t, c.api("POST", "/api/password", map[string]string{"current": temps["1003"], "new": newPassword}, nil), http.StatusNoContent)
	})
	t.Run("APILoginNeedsJSON", func(t *testing.T) {
		c := e.client()
		req, _ := http.NewRequest("POST", e.srv.URL()+"/api/login", strings.NewReader(`{"login":"1004","password":"x"}`))
		req.Header.Set("Content-Type", "text/plain")
		wantStatus(t, c.do(req), http.StatusBadRequest)
	})
}

func withCSRF(form url.Values, token string) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = v
	}
	out.Set("csrf", token)
	return out
}

func TestLockoutAndIdle(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	t.Run("SameMessage", func(t *testing.T) {
		unknown := e.client().signIn("9999", "whatever-password")
		wrong := e.client().signIn("1001", "whatever-password")
		wantStatus(t, unknown, http.StatusUnauthorized)
		wantStatus(t, wrong, http.StatusUnauthorized)
		msg := func(b string) string {
			b = b[strings.Index(b, `class="problem"`):]
			return b[:strings.Index(b, "</div>")]
		}
		if msg(unknown.body) != msg(wrong.body) {
			t.Fatalf("unknown ID and wrong password differ:\n%s\n%s", msg(unknown.body), msg(wrong.body))
		}
		if strings.Contains(wrong.body, "whatever-password") {
			t.Fatal("the password is echoed")
		}
	})
	t.Run("Lockout", func(t *testing.T) {
		c := e.client()
		for i := 0; i < 5; i++ {
			c.signIn("1002", "wrong-password-123")
		}
		r := c.signIn("1002", temps["1002"])
		wantStatus(t, r, http.StatusTooManyRequests)
		wantBody(t, r, "続けて5回ログインに失敗したため", "ロック中")
		e.clock.Add(15 * time.Minute)
		r = c.signIn("1002", temps["1002"])
		wantStatus(t, r, http.StatusSeeOther)
	})
	t.Run("IdleTimeout", func(t *testing.T) {
		c := e.staff("1003", temps["1003"])
		e.clock.Add(29 * time.Minute)
		wantStatus(t, c.get("/app/training/"), http.StatusOK)
		e.clock.Add(29 * time.Minute)
		wantStatus(t, c.get("/app/training/"), http.StatusOK)
		e.clock.Add(31 * time.Minute)
		r := c.get("/app/training/")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/app/login?next=") {
			t.Fatalf("after 31 idle minutes: got %d → %q, want the sign-in page", r.status, r.location)
		}
		wantStatus(t, c.api("GET", "/api/me", nil, nil), http.StatusUnauthorized)
	})
	t.Run("SignOut", func(t *testing.T) {
		c := e.staff("1004", temps["1004"])
		c.get("/app/training/")
		r := c.post("/app/logout", nil)
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, c.get("/app/training/"), http.StatusSeeOther)
	})
	t.Run("CookieFlags", func(t *testing.T) {
		c := e.client()
		r := c.signIn("1005", temps["1005"])
		ck := r.header.Get("Set-Cookie")
		if !strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "SameSite=Lax") || strings.Contains(ck, "Secure") {
			t.Fatalf("got %q, want HttpOnly, SameSite and no Secure over plain HTTP", ck)
		}
	})
	t.Run("CookieSecureBehindTLSProxy", func(t *testing.T) {
		e2 := newEnv(t, func(a *app.App) {
			a.Config.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
		})
		temps2 := e2.importRoster(baseRoster)
		c := e2.client()
		c.get("/app/login")
		form := url.Values{"csrf": {c.csrf}, "login": {"1001"}, "password": {temps2["1001"]}}
		req, _ := http.NewRequest("POST", e2.srv.URL()+"/app/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-Proto", "https")
		r := c.do(req)
		if ck := r.header.Get("Set-Cookie"); !strings.Contains(ck, "isms_session=") || !strings.Contains(ck, "Secure") {
			t.Fatalf("got %q, want a Secure session cookie when TLS ends at the proxy", ck)
		}
		if r.header.Get("Strict-Transport-Security") == "" {
			t.Fatal("no HSTS header over TLS")
		}
	})
}

func TestDoubleSubmitConcurrent(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	staff := e.staff("1001", temps["1001"])
	r := staff.get("/app/training/general/quiz")
	form := e.answerForm("general", r.body, false)
	form.Set("csrf", staff.csrf)
	body := form.Encode()
	var wg sync.WaitGroup
	locations := make([]string, 6)
	for i := range locations {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", e.srv.URL()+"/app/training/general/quiz", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := staff.hc.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			locations[i] = res.Header.Get("Location")
		}()
	}
	wg.Wait()
	for _, l := range locations {
		if l != locations[0] || l == "" {
			t.Fatalf("got %q, want one attempt for all", locations)
		}
	}
	if _, total, _ := e.db.FindAttempts(context.Background(), tracker.AttemptFilter{}); total != 1 {
		t.Fatalf("got %d attempts, want 1", total)
	}
	wantBody(t, staff.get(locations[0]), "不合格", "もう一度受講する")
}

func TestStaticFallthrough(t *testing.T) {
	e := newEnv(t)
	r := e.client().get("/standards/04/")
	wantStatus(t, r, http.StatusOK)
	if r.body != "handbook:/standards/04/" {
		t.Fatalf("got %q", r.body)
	}
	if r.header.Get("Cache-Control") == "no-store" {
		t.Fatal("the handbook got the tracker's no-store header")
	}
	tr := e.client().get("/app/login")
	if tr.header.Get("Cache-Control") != "no-store" || !strings.Contains(tr.header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Fatalf("got headers %v", tr.header)
	}
	wantBody(t, tr, `href="/assets/site.css"`, `href="/app/static/tracker.css"`)
	css := e.client().get("/app/static/tracker.css")
	wantStatus(t, css, http.StatusOK)
}

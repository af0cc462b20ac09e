package http_test

import (
	"context"
	"net/http"
	"net/netip"
	"strconv"
	"testing"

	"isms/internal/app"
	"isms/quiz"
	"isms/tracker"
)

// TestAPIJourney drives the same journey through the JSON API, as automation would.
func TestAPIJourney(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	c := e.client()

	var sess struct {
		CSRF    string `json:"csrfToken"`
		Account struct {
			MustChange bool `json:"mustChange"`
		} `json:"account"`
	}
	wantStatus(t, c.api("POST", "/api/login", map[string]string{"login": "1001", "password": temps["1001"]}, &sess), http.StatusOK)
	if !sess.Account.MustChange || sess.CSRF == "" {
		t.Fatalf("got %+v", sess)
	}
	c.csrf = sess.CSRF
	r := c.api("GET", "/api/training", nil, nil)
	wantStatus(t, r, http.StatusForbidden)
	wantBody(t, r, `"code":"password"`)
	wantStatus(t, c.api("POST", "/api/password", map[string]string{"current": temps["1001"], "new": newPassword}, nil), http.StatusNoContent)

	var training struct {
		Label  string                `json:"label"`
		Status *tracker.PersonStatus `json:"status"`
	}
	wantStatus(t, c.api("GET", "/api/training", nil, &training), http.StatusOK)
	if training.Label != "2026年度（令和8年度）" || len(training.Status.Modules) != 1 || training.Status.Modules[0].State != tracker.StateNotStarted {
		t.Fatalf("got %+v", training)
	}

	var paper struct {
		Paper     string `json:"paper"`
		Questions []struct {
			ID      string `json:"id"`
			Choices []struct {
				ID      string `json:"id"`
				Correct bool   `json:"correct"`
			} `json:"choices"`
		} `json:"questions"`
	}
	wantStatus(t, c.api("POST", "/api/training/general/papers", map[string]any{}, &paper), http.StatusCreated)
	bank := quiz.Find(e.banks, "general")
	answers := map[string][]string{}
	for _, q := range paper.Questions {
		for _, ch := range q.Choices {
			if ch.Correct {
				t.Fatal("the paper carries the answer key")
			}
		}
		answers[q.ID] = bank.Question(q.ID).CorrectIDs()
	}
	var attempt struct {
		ID        int64 `json:"id"`
		Passed    bool  `json:"passed"`
		Percent   int   `json:"percent"`
		Questions []struct {
			Explanation string `json:"explanationHtml"`
		} `json:"questions"`
	}
	body := map[string]any{"paper": paper.Paper, "answers": answers}
	r = c.api("POST", "/api/attempts", body, &attempt)
	wantStatus(t, r, http.StatusCreated)
	if !attempt.Passed || attempt.Percent != 100 || len(attempt.Questions) != 0 {
		t.Fatalf("got %+v", attempt)
	}
	loc := r.header.Get("Location")
	wantStatus(t, c.api("GET", loc, nil, &attempt), http.StatusOK)
	if loc != "/api/attempts/"+strconv.FormatInt(attempt.ID, 10) || len(attempt.Questions) != 20 || attempt.Questions[0].Explanation == "" {
		t.Fatalf("GET %s: got %+v", loc, attempt)
	}
	var again struct {
		ID int64 `json:"id"`
	}
	wantStatus(t, c.api("POST", "/api/attempts", body, &again), http.StatusOK)
	if again.ID != attempt.ID {
		t.Fatalf("resubmission: got %d, want %d", again.ID, attempt.ID)
	}
	id := strconv.FormatInt(attempt.ID, 10)
	wantStatus(t, c.api("POST", "/api/attempts/"+id+"/survey", map[string]any{"understanding": 5, "usefulness": 4, "comment": "役に立った"}, nil), http.StatusCreated)
	wantStatus(t, c.api("POST", "/api/attempts/"+id+"/survey", map[string]any{"understanding": 5, "usefulness": 4}, nil), http.StatusConflict)

	var list struct {
		Total    int                `json:"total"`
		Attempts []*tracker.Attempt `json:"attempts"`
	}
	wantStatus(t, c.api("GET", "/api/attempts?fy=2026", nil, &list), http.StatusOK)
	if list.Total != 1 || list.Attempts[0].Survey == nil || list.Attempts[0].Survey.Understanding != 5 {
		t.Fatalf("got %+v", list)
	}

	// The manager reads the section through the API.
	m := e.client()
	wantStatus(t, m.api("POST", "/api/login", map[string]string{"login": "1002", "password": temps["1002"]}, &sess), http.StatusOK)
	m.csrf = sess.CSRF
	wantStatus(t, m.api("POST", "/api/password", map[string]string{"current": temps["1002"], "new": newPassword}, nil), http.StatusNoContent)
	var units []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	wantStatus(t, m.api("GET", "/api/units", nil, &units), http.StatusOK)
	if len(units) != 1 || units[0].Name != "総務局 情報管理部 情報企画課" {
		t.Fatalf("got %+v", units)
	}
	var status struct {
		People   int                     `json:"people"`
		Complete int                     `json:"complete"`
		Rows     []*tracker.PersonStatus `json:"rows"`
	}
	wantStatus(t, m.api("GET", "/api/units/"+strconv.FormatInt(units[0].ID, 10)+"/status?show=pending", nil, &status), http.StatusOK)
	if status.People != 2 || status.Complete != 1 || len(status.Rows) != 1 || status.Rows[0].Person.StaffNo != "1002" {
		t.Fatalf("got %+v", status)
	}
	wantStatus(t, m.api("GET", "/api/people/1001", nil, nil), http.StatusOK)
	wantStatus(t, m.api("PUT", "/api/plans/2026", map[string]any{}, nil), http.StatusForbidden)

	// The 事務局 records the plan and reads the log.
	a := e.client()
	wantStatus(t, a.api("POST", "/api/login", map[string]string{"login": e.admin.Login, "password": e.admin.Password}, &sess), http.StatusOK)
	a.csrf = sess.CSRF
	wantStatus(t, a.api("POST", "/api/password", map[string]string{"current": e.admin.Password, "new": newPassword}, nil), http.StatusNoContent)
	plan := map[string]any{
		"modules": map[string][]string{"general": {"general"}, "manager": {"general", "manager"}, "executive": {"general", "manager", "executive"},
			"chief": {"general", "manager", "executive", "chief"}, "auditor": {"general", "manager", "executive", "auditor"}},
		"start": "2026-05-01", "end": "2027-02-28", "deadline": "2027-01-31", "approvedOn": "2026-04-20", "approver": "情報セキュリティ委員会",
	}
	wantStatus(t, a.api("PUT", "/api/plans/2026", plan, nil), http.StatusOK)
	var inForce tracker.Plan
	wantStatus(t, c.api("GET", "/api/plans/2026?inForce=1", nil, &inForce), http.StatusOK)
	if inForce.Default || inForce.Deadline.String() != "2027-01-31" {
		t.Fatalf("got %+v", inForce)
	}
	var events struct {
		Total int `json:"total"`
	}
	wantStatus(t, a.api("GET", "/api/audit?action=attempt_submit", nil, &events), http.StatusOK)
	if events.Total != 1 {
		t.Fatalf("got %d attempt_submit events, want 1", events.Total)
	}
	var v tracker.AuditVerification
	wantStatus(t, a.api("GET", "/api/audit/verify", nil, &v), http.StatusOK)
	if !v.OK() {
		t.Fatalf("got %+v", v)
	}
	var temp tracker.TempPassword
	wantStatus(t, a.api("POST", "/api/people/1003/password-reset", map[string]any{}, &temp), http.StatusOK)
	if temp.Password == "" {
		t.Fatal("no password")
	}
	wantStatus(t, a.api("POST", "/api/training/general/papers", map[string]any{}, nil), http.StatusForbidden)
	wantStatus(t, c.api("POST", "/api/logout", map[string]any{}, nil), http.StatusNoContent)
	wantStatus(t, c.api("GET", "/api/me", nil, nil), http.StatusUnauthorized)
	_ = context.Background()
}

func TestTrustedProxySignIn(t *testing.T) {
	e := newEnv(t, func(a *app.App) {
		a.Config.ProxyHeader = "X-Remote-User"
		a.Config.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	temps := e.importRoster(baseRoster)
	c := e.client()
	get := func(path, user string) *response {
		req, _ := http.NewRequest("GET", e.srv.URL()+path, nil)
		if user != "" {
			req.Header.Set("X-Remote-User", user)
			req.Header.Set("X-Forwarded-For", "192.0.2.44")
		}
		return c.do(req)
	}
	t.Run("OK", func(t *testing.T) {
		// The account still has its unchanged temporary password: the proxy's sign-in is not held
		// up by it, and the flag stays for the day the person signs in with the password.
		r := get("/app/training/", "1001")
		wantStatus(t, r, http.StatusOK)
		wantText(t, r, "山田 太郎さん")
		events, _, _ := e.db.FindEvents(context.Background(), tracker.AuditFilter{Action: tracker.ActionSignInTrusted})
		if len(events) != 1 || events[0].Source != "192.0.2.44" {
			t.Fatalf("got %+v", events)
		}
		// The session cookie carries on; the header again does not open another session.
		get("/app/history/", "1001")
		if events, _, _ := e.db.FindEvents(context.Background(), tracker.AuditFilter{Action: tracker.ActionSignInTrusted}); len(events) != 1 {
			t.Fatalf("got %d SSO sign-ins, want 1", len(events))
		}
	})
	t.Run("PasswordStillToChange", func(t *testing.T) {
		r := e.client().signIn("1001", temps["1001"])
		if r.status != http.StatusSeeOther || r.location != "/app/password" {
			t.Fatalf("got %d → %q, want the password page", r.status, r.location)
		}
	})
	t.Run("ErrAdminViaProxy", func(t *testing.T) {
		wantStatus(t, e.client().signIn("nobody", "x"), http.StatusUnauthorized)
		c2 := e.client()
		req, _ := http.NewRequest("GET", e.srv.URL()+"/app/admin/", nil)
		req.Header.Set("X-Remote-User", e.admin.Login)
		r := c2.do(req)
		if r.status != http.StatusSeeOther || r.location == "/app/admin/" {
			t.Fatalf("an admin account signed in through the proxy: %d %q", r.status, r.location)
		}
	})
	t.Run("UntrustedIgnored", func(t *testing.T) {
		e2 := newEnv(t, func(a *app.App) {
			a.Config.ProxyHeader = "X-Remote-User"
			a.Config.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.1/32")}
		})
		e2.importRoster(baseRoster)
		c := e2.client()
		req, _ := http.NewRequest("GET", e2.srv.URL()+"/app/training/", nil)
		req.Header.Set("X-Remote-User", "1001")
		r := c.do(req)
		if r.status != http.StatusSeeOther {
			t.Fatalf("a header from an untrusted address signed someone in: %d", r.status)
		}
	})
}

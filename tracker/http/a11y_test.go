package http_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"isms/internal/app"
	"isms/internal/browser"
)

func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	os.Exit(code)
}

// siteCSS serves the handbook's stylesheet from the repository, so colours and contrast are
// checked as they will be served.
func siteCSS(a *app.App) {
	css, err := os.ReadFile(filepath.Join("..", "..", "static", "assets", "site.css"))
	a.Static = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/assets/site.css" && err == nil {
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
			w.Write(css)
			return
		}
		http.NotFound(w, r)
	})
}

// browserSignIn signs a tab in through the page's own form fields.
func browserSignIn(t *testing.T, ctx context.Context, base, login, password string) {
	t.Helper()
	if err := browser.Navigate(ctx, base+"/app/login"); err != nil {
		t.Fatal(err)
	}
	js := fmt.Sprintf(`fetch('/app/login', {method: 'POST', credentials: 'same-origin', redirect: 'manual',
		body: new URLSearchParams({csrf: document.querySelector('input[name=csrf]').value, login: %q, password: %q, next: '/app/'})}).then(() => true)`,
		login, password)
	if _, err := browser.Eval[bool](ctx, js); err != nil {
		t.Fatal(err)
	}
}

// TestAccessibility runs axe-core (WCAG 2.0/2.1 A and AA, which covers JIS X 8341-3:2016 AA) on
// every page of the tracker, as staff, manager and 事務局 see them, and checks that nothing loads
// from another origin.
func TestAccessibility(t *testing.T) {
	e := newEnv(t, siteCSS)
	temps := e.importRoster(baseRoster)
	base := e.srv.URL()
	staff := e.staff("1001", temps["1001"])
	attempt := passedAttempt(t, e, staff)
	e.staff("1002", temps["1002"])
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)
	own, _ := e.db.FindPersonByStaffNo(context.Background(), "1001")
	unit := "/app/units/" + strconv.FormatInt(own.Unit.SectionID, 10) + "/"

	check := func(t *testing.T, ctx context.Context, path string, wantStatus int) {
		t.Helper()
		err := browser.Navigate(ctx, base+path)
		if wantStatus < 400 && err != nil {
			t.Fatal(err)
		}
		report, err := browser.Axe(ctx, browser.WCAG...)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range report.Violations {
			t.Errorf("%s:\n%s", path, v)
		}
		for _, r := range browser.TakeRequests(ctx) {
			if !r.Local(base) {
				t.Errorf("%s loads from another origin: %s", path, r)
			}
		}
	}
	pages := []struct {
		who, password string
		paths         []string
	}{
		{"", "", []string{"/app/login", "/app/nothing"}},
		{"1001", newPassword, []string{"/app/training/", "/app/training/general/quiz", attempt, "/app/history/", "/app/password"}},
		{"1002", newPassword, []string{"/app/units/", unit, unit + "?show=pending", "/app/people/1001/", attempt}},
		{e.admin.Login, newPassword, []string{"/app/admin/", "/app/admin/roster", "/app/admin/plans/", "/app/admin/plans/2026",
			"/app/admin/people", "/app/admin/audit", "/app/admin/audit?verify=1"}},
	}
	for _, p := range pages {
		t.Run("As"+strings.ToUpper(p.who + "Anonymous")[:4], func(t *testing.T) {
			// The pages have no scripts at all (CSP script-src 'none'), so the browser runs them as
			// one with JavaScript off would.
			ctx := browser.New(t)
			if p.who != "" {
				browserSignIn(t, ctx, base, p.who, p.password)
			}
			for _, path := range p.paths {
				status := http.StatusOK
				if path == "/app/nothing" {
					status = http.StatusNotFound
				}
				check(t, ctx, path, status)
			}
		})
	}
	t.Run("FormErrors", func(t *testing.T) {
		// Pages showing a problem: the quiz with an unanswered question, a refused roster.
		ctx := browser.New(t)
		browserSignIn(t, ctx, base, "1001", newPassword)
		if err := browser.Navigate(ctx, base+"/app/training/general/quiz"); err != nil {
			t.Fatal(err)
		}
		// Submit the form as it is (nothing answered), with the browser's own validation off; the
		// submission is left to a timer so that the evaluation returns before the page goes.
		if _, err := browser.Eval[bool](ctx, `(setTimeout(() => { const f = document.querySelector('form[action$="/quiz"]'); f.noValidate = true; f.submit() }, 50), true)`); err != nil {
			t.Fatal(err)
		}
		if err := browser.WaitFor(ctx, `/未回答の問題が\d+問あります/.test(document.body.innerText)`); err != nil {
			text, _ := browser.Eval[string](ctx, `document.body.innerText`)
			t.Fatalf("%v; the page says %q", err, text[:min(len(text), 300)])
		}
		report, err := browser.Axe(ctx, browser.WCAG...)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range report.Violations {
			t.Errorf("quiz with problems:\n%s", v)
		}
	})
}

package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"isms/internal/app"
	"isms/tracker"
)

// apiLogin signs in through the JSON API.
func (c *client) apiLogin(login, password string) *response {
	c.t.Helper()
	var sess struct {
		CSRF string `json:"csrfToken"`
	}
	r := c.api("POST", "/api/login", map[string]string{"login": login, "password": password}, &sess)
	if r.status == http.StatusOK {
		c.csrf = sess.CSRF
	}
	return r
}

// TestLockoutNoWeapon proves that someone who knows only an ID cannot keep its owner out: three
// failures from one address lock that address out of the 事務局's ID, while the 事務局's session
// lives on and the 事務局 signs in from elsewhere; isms user reset lifts the lock.
func TestLockoutNoWeapon(t *testing.T) {
	e := newEnv(t)
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)
	attacker := e.clientFrom("127.1.0.2")

	// Three unauthenticated sign-ins with the documented ID, as anyone on the network can send.
	var tries []*response
	for i := range 4 {
		tries = append(tries, attacker.apiLogin(e.admin.Login, fmt.Sprintf("guess-%d-password", i)))
	}
	t.Run("AdminLocksAfterThree", func(t *testing.T) {
		for i, left := range []int{2, 1} {
			wantStatus(t, tries[i], http.StatusUnauthorized)
			wantBody(t, tries[i], fmt.Sprintf("あと%d回続けて間違えると", left), "管理者IDは3回")
		}
		wantStatus(t, tries[2], http.StatusTooManyRequests)
		wantBody(t, tries[2], "続けて3回ログインに失敗したため", "ロック中")
		wantStatus(t, tries[3], http.StatusTooManyRequests)
	})
	t.Run("SessionLivesOn", func(t *testing.T) {
		wantStatus(t, admin.get("/app/admin/"), http.StatusOK)
	})
	t.Run("OwnerSignsInElsewhere", func(t *testing.T) {
		wantStatus(t, e.clientFrom("127.2.0.3").apiLogin(e.admin.Login, newPassword), http.StatusOK)
	})
	t.Run("ResetLiftsTheLock", func(t *testing.T) {
		cli := app.New(e.app.Config)
		if err := cli.OpenExisting(); err != nil {
			t.Fatal(err)
		}
		temp, err := cli.DB.ResetPassword(tracker.NewContext(context.Background(), tracker.SystemPrincipal("cli:test")), e.admin.Login)
		cli.Close()
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, attacker.apiLogin(e.admin.Login, temp.Password), http.StatusOK)
	})
}

// TestSignInMessages proves that the refusals tell the truth without telling whether an ID exists.
func TestSignInMessages(t *testing.T) {
	e := newEnv(t)
	e.importRoster(baseRoster)
	problem := func(r *response) string {
		b := r.body[strings.Index(r.body, `class="problem"`):]
		return b[:strings.Index(b, "</div>")]
	}
	for i := range 5 {
		known := e.clientFrom("127.3.0.2").signIn("1001", "wrong-password-123")
		unknown := e.clientFrom("127.3.0.2").signIn("9999", "wrong-password-123")
		if known.status != unknown.status || problem(known) != problem(unknown) {
			t.Fatalf("failure %d: an ID that exists and one that does not are told apart:\n%d %s\n%d %s", i+1,
				known.status, problem(known), unknown.status, problem(unknown))
		}
		if i < 4 {
			wantStatus(t, known, http.StatusUnauthorized)
			wantBody(t, known, fmt.Sprintf("あと%d回続けて間違えると", 4-i), "職員番号は5回、管理者IDは3回")
		} else {
			wantStatus(t, known, http.StatusTooManyRequests)
			wantBody(t, known, "このIDは、この端末から続けて5回ログインに失敗したため", "ロック中")
		}
	}
}

// TestSignInFlood proves that a flood of failures from one address is refused before any password
// is checked, while people elsewhere sign in, and that the audit log grows by a few events only.
func TestSignInFlood(t *testing.T) {
	// Refusals are held a moment only, so the test's sixty requests go quickly.
	e := newEnv(t, func(a *app.App) { a.Config.RefusalDelay = time.Millisecond })
	temps := e.importRoster(baseRoster)
	owner := e.clientFrom("127.3.0.9")
	owner.signInAndChange("1003", temps["1003"]) // this browser now holds a device token for 1003
	owner.post("/app/logout", nil)
	ctx := context.Background()
	before, _, _ := e.db.FindEvents(ctx, tracker.AuditFilter{Limit: 1})

	flood := e.clientFrom("127.3.0.2")
	refused := 0
	for i := range 60 {
		r := flood.apiLogin(fmt.Sprint(1001+i%6), "wrong-password-123")
		if r.status == http.StatusTooManyRequests && strings.Contains(r.body, "失敗が多いため") {
			refused++
		}
	}
	if refused < 30 {
		t.Fatalf("got %d of 60 refused at once, want the address stopped after its 20 failures", refused)
	}
	t.Run("OthersSignIn", func(t *testing.T) {
		wantStatus(t, e.clientFrom("127.4.0.5").apiLogin("1004", temps["1004"]), http.StatusOK)
	})
	t.Run("OwnBrowserAtThatAddress", func(t *testing.T) {
		// The owner's own browser shares the flooded address but not its limits.
		wantStatus(t, owner.signIn("1003", newPassword), http.StatusSeeOther)
	})
	t.Run("AuditBounded", func(t *testing.T) {
		events, _, _ := e.db.FindEvents(ctx, tracker.AuditFilter{Outcome: tracker.OutcomeFailure, Limit: 1000})
		n := 0
		for _, ev := range events {
			if ev.ID > before[0].ID && ev.Source == "127.3.0.2" {
				n++
			}
		}
		// The first failure; the rest wait in memory for the minute's summary.
		if n != 1 {
			t.Fatalf("got %d failure events from the flooding address, want 1 until the summary", n)
		}
	})
}

// TestDistributedGuessing proves that failures at one ID from many addresses slow down further
// tries from unknown clients, lock nobody out, and leave the owner's own browser alone.
func TestDistributedGuessing(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	owner := e.clientFrom("127.6.0.9")
	owner.signInAndChange("1002", temps["1002"])
	owner.post("/app/logout", nil)
	for i := range 10 {
		r := e.clientFrom(fmt.Sprintf("127.5.%d.2", i)).apiLogin("1002", "wrong-password-123")
		wantStatus(t, r, http.StatusUnauthorized)
	}
	r := e.clientFrom("127.7.0.2").apiLogin("1002", newPassword)
	wantStatus(t, r, http.StatusTooManyRequests)
	wantBody(t, r, "試せる間隔を空けています")
	wantStatus(t, owner.signIn("1002", newPassword), http.StatusSeeOther)
}

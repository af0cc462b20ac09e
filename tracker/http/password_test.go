package http_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"isms/internal/app"
	"isms/tracker"
)

// TestPasswordHistory proves that a password cannot be changed back to one of the last few.
func TestPasswordHistory(t *testing.T) {
	e := newEnv(t, func(a *app.App) { a.Config.PasswordHistory = 3 })
	temps := e.importRoster(baseRoster)
	c := e.staff("1001", temps["1001"]) // temporary → newPassword
	change := func(current, next string) *response {
		c.get("/app/password")
		return c.post("/app/password", url.Values{"current": {current}, "new": {next}, "confirm": {next}})
	}
	const second, third = "tsubame-sora-tobu", "hibari-nohara-utau"
	wantStatus(t, change(newPassword, second), http.StatusSeeOther)

	t.Run("ErrPrevious", func(t *testing.T) {
		r := change(second, newPassword)
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "最近使った3個のパスワード（現在のものを含む）は使えません")
	})
	t.Run("ErrTwoBack", func(t *testing.T) {
		wantStatus(t, change(second, third), http.StatusSeeOther)
		r := change(third, newPassword)
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "最近使った3個のパスワード")
	})
	t.Run("OKOnceForgotten", func(t *testing.T) {
		wantStatus(t, change(third, "kaede-aki-someru"), http.StatusSeeOther)
		// newPassword is now four back: no longer remembered.
		wantStatus(t, change("kaede-aki-someru", newPassword), http.StatusSeeOther)
	})
	t.Run("ErrAfterReset", func(t *testing.T) {
		// A password replaced by a reset may have been learnt by someone: it does not come back.
		temp, err := e.db.ResetPassword(tracker.NewContext(context.Background(), tracker.SystemPrincipal("test")), "1001")
		if err != nil {
			t.Fatal(err)
		}
		c := e.client()
		c.signIn("1001", temp.Password)
		c.get("/app/password")
		r := c.post("/app/password", url.Values{"current": {temp.Password}, "new": {newPassword}, "confirm": {newPassword}})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "最近使った3個のパスワード")
	})
}

// TestSessionsEndWithPassword proves that changing a password ends the account's other sessions
// and keeps the one that changed it, and that a reset from the command line (another process)
// ends every session of the account at once.
func TestSessionsEndWithPassword(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	signedIn := func(c *client) bool {
		r := c.get("/app/training/")
		return r.status == http.StatusOK
	}
	t.Run("Change", func(t *testing.T) {
		a := e.staff("1001", temps["1001"])
		b := e.client()
		wantStatus(t, b.signIn("1001", newPassword), http.StatusSeeOther)
		if !signedIn(a) || !signedIn(b) {
			t.Fatal("both sessions should be live before the change")
		}
		a.get("/app/password")
		wantStatus(t, a.post("/app/password", url.Values{"current": {newPassword}, "new": {"tsubame-sora-tobu"},
			"confirm": {"tsubame-sora-tobu"}}), http.StatusSeeOther)
		if !signedIn(a) {
			t.Fatal("the session that changed the password ended")
		}
		if signedIn(b) {
			t.Fatal("the other session lives on after the password changed")
		}
	})
	t.Run("ResetFromCommandLine", func(t *testing.T) {
		a := e.staff("1002", temps["1002"])
		b := e.client()
		wantStatus(t, b.signIn("1002", newPassword), http.StatusSeeOther)
		if !signedIn(a) || !signedIn(b) { // both sessions are now in the server's cache
			t.Fatal("both sessions should be live before the reset")
		}
		cli := app.New(e.app.Config)
		if err := cli.OpenExisting(); err != nil {
			t.Fatal(err)
		}
		defer cli.Close()
		if _, err := cli.DB.ResetPassword(tracker.NewContext(context.Background(), tracker.SystemPrincipal("cli:test")), "1002"); err != nil {
			t.Fatal(err)
		}
		if signedIn(a) || signedIn(b) {
			t.Fatal("a session lives on after isms user reset")
		}
	})
}

package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"isms/tracker"
	"isms/tracker/sqlite"
)

const newPassword = "kamome-umi-hashiru"

func TestSignIn(t *testing.T) {
	ctx := context.Background()
	t.Run("OKTemporaryMustChange", func(t *testing.T) {
		db, _ := openDB(t)
		_, pw := importRoster(t, db, baseRoster)
		s, err := db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: pw["1001"]})
		if err != nil {
			t.Fatal(err)
		}
		if !s.Account.MustChange || s.Person == nil || s.Person.StaffNo != "1001" || s.Token == "" || s.CSRF == "" {
			t.Fatalf("got %+v, want a must-change session for 1001", s)
		}
	})
	t.Run("ErrSameMessage", func(t *testing.T) {
		db, _ := openDB(t)
		_, pw := importRoster(t, db, baseRoster)
		_, unknown := db.SignIn(ctx, tracker.Credentials{Login: "9999", Password: "whatever"})
		_, wrong := db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: pw["1001"] + "x"})
		wantCode(t, unknown, tracker.EUNAUTHORIZED)
		wantCode(t, wrong, tracker.EUNAUTHORIZED)
		if tracker.ErrorMessage(unknown) != tracker.ErrorMessage(wrong) {
			t.Fatalf("unknown ID: %q; wrong password: %q; want the same message", tracker.ErrorMessage(unknown), tracker.ErrorMessage(wrong))
		}
	})
	t.Run("Lockout", func(t *testing.T) {
		db, clk := openDB(t)
		_, pw := importRoster(t, db, baseRoster)
		from := func(login, password, source string) error {
			_, err := db.SignIn(ctx, tracker.Credentials{Login: login, Password: password, Source: source})
			return err
		}
		for i := 0; i < 4; i++ {
			wantCode(t, from("1001", "wrong-password-1", "10.0.1.2"), tracker.EUNAUTHORIZED)
		}
		// The fifth failure locks this address out of the ID, and says so.
		err := from("1001", "wrong-password-1", "10.0.1.2")
		wantCode(t, err, tracker.ETOOMANY)
		wantMessage(t, err, "ロック中")
		// Locked: even the right password is refused from there; the owner elsewhere signs in.
		wantCode(t, from("1001", pw["1001"], "10.0.1.2"), tracker.ETOOMANY)
		if err := from("1001", pw["1001"], "10.0.2.7"); err != nil {
			t.Fatalf("the owner at another address: %v", err)
		}
		clk.Add(14 * time.Minute)
		wantCode(t, from("1001", pw["1001"], "10.0.1.2"), tracker.ETOOMANY)
		clk.Add(time.Minute)
		if err := from("1001", pw["1001"], "10.0.1.2"); err != nil {
			t.Fatalf("after 15 minutes: %v", err)
		}
		events, _, err := db.FindEvents(ctx, tracker.AuditFilter{Action: tracker.ActionLockout})
		if err != nil || len(events) != 1 || events[0].Actor != "1001" || events[0].Source != "10.0.1.2" {
			t.Fatalf("got %d lockout events, %v; want one for 1001 from 10.0.1.2", len(events), err)
		}
	})
	t.Run("LockoutCountResetsOnSuccess", func(t *testing.T) {
		db, _ := openDB(t)
		_, pw := importRoster(t, db, baseRoster)
		for i := 0; i < 4; i++ {
			db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: "wrong-password-1"})
		}
		if _, err := db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: pw["1001"]}); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 4; i++ {
			db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: "wrong-password-1"})
		}
		if _, err := db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: pw["1001"]}); err != nil {
			t.Fatalf("4 failures after a success locked the account: %v", err)
		}
	})
	t.Run("AdminLockoutStricter", func(t *testing.T) {
		db, _ := openDB(t)
		temp, err := db.EnsureAdmin(ctx)
		if err != nil || temp == nil {
			t.Fatal(temp, err)
		}
		for i := 0; i < 2; i++ {
			_, err = db.SignIn(ctx, tracker.Credentials{Login: temp.Login, Password: "wrong-password-1"})
			wantMessage(t, err, "管理者IDは3回")
		}
		_, err = db.SignIn(ctx, tracker.Credentials{Login: temp.Login, Password: "wrong-password-1"})
		wantMessage(t, err, "続けて3回ログインに失敗したため")
		_, err = db.SignIn(ctx, tracker.Credentials{Login: temp.Login, Password: temp.Password})
		wantCode(t, err, tracker.ETOOMANY)
	})
	t.Run("ErrLeft", func(t *testing.T) {
		db, _ := openDB(t)
		_, pw := importRoster(t, db, baseRoster)
		importRoster(t, db, baseRoster[:len(rosterHeader)]+baseRoster[len(rosterHeader)+len("1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,主事,職員,,\n"):])
		_, err := db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: pw["1001"]})
		wantCode(t, err, tracker.EUNAUTHORIZED)
	})
}

func TestSession(t *testing.T) {
	ctx := context.Background()
	db, clk := openDB(t)
	_, pw := importRoster(t, db, baseRoster)
	s, err := db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: pw["1001"]})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		got, err := db.Session(ctx, s.Token)
		if err != nil || got.Account.Login != "1001" || got.CSRF != s.CSRF {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("UseKeepsAlive", func(t *testing.T) {
		clk.Add(29 * time.Minute)
		if _, err := db.Session(ctx, s.Token); err != nil {
			t.Fatal(err)
		}
		clk.Add(29 * time.Minute)
		if _, err := db.Session(ctx, s.Token); err != nil {
			t.Fatalf("58 minutes after sign-in but used 29 minutes ago: %v", err)
		}
	})
	t.Run("ErrIdleTimeout", func(t *testing.T) {
		clk.Add(30 * time.Minute)
		_, err := db.Session(ctx, s.Token)
		wantCode(t, err, tracker.EUNAUTHORIZED)
		// The session is gone, not only refused this once.
		clk.Add(-30 * time.Minute)
		_, err = db.Session(ctx, s.Token)
		wantCode(t, err, tracker.EUNAUTHORIZED)
	})
	t.Run("ErrUnknownToken", func(t *testing.T) {
		_, err := db.Session(ctx, "not-a-token")
		wantCode(t, err, tracker.EUNAUTHORIZED)
	})
	t.Run("SignOut", func(t *testing.T) {
		s2, err := db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: pw["1001"]})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SignOut(ctx, s2.Token); err != nil {
			t.Fatal(err)
		}
		_, err = db.Session(ctx, s2.Token)
		wantCode(t, err, tracker.EUNAUTHORIZED)
	})
}

func TestChangePassword(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	_, pw := importRoster(t, db, baseRoster)
	uctx := signIn(t, db, "1001", pw["1001"])
	other, err := db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: pw["1001"]})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		current, next string
		code, message string
	}{
		{"ErrWrongCurrent", "nope", newPassword, tracker.EUNAUTHORIZED, "現在のパスワードが違います"},
		{"ErrShort", pw["1001"], "short", tracker.EINVALID, "12文字以上"},
		{"ErrContainsID", pw["1001"], "umi-1001-hashiru", tracker.EINVALID, "利用者ID"},
		{"ErrCommon", pw["1001"], "Password2026!", tracker.EINVALID, "よく使われる"},
		{"ErrSame", pw["1001"], pw["1001"], tracker.EINVALID, "現在のパスワードと異なる"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.ChangePassword(uctx, tt.current, tt.next)
			wantCode(t, err, tt.code)
			wantMessage(t, err, tt.message)
			// Nothing changed: the temporary password still works.
			if _, err := db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: pw["1001"]}); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		if err := db.ChangePassword(uctx, pw["1001"], newPassword); err != nil {
			t.Fatal(err)
		}
		s, err := db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: newPassword})
		if err != nil || s.Account.MustChange {
			t.Fatalf("got %+v, %v; want a session without MustChange", s, err)
		}
		_, err = db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: pw["1001"]})
		wantCode(t, err, tracker.EUNAUTHORIZED)
		// The other session opened with the old password has ended; this one lives on.
		_, err = db.Session(ctx, other.Token)
		wantCode(t, err, tracker.EUNAUTHORIZED)
		if _, err := db.Session(ctx, tracker.PrincipalFrom(uctx).Token); err != nil {
			t.Fatalf("the session that changed the password: %v", err)
		}
	})
}

func TestPasswordExpiry(t *testing.T) {
	ctx := context.Background()
	db, clk := openDB(t)
	temp, _ := db.EnsureAdmin(ctx)
	actx := signIn(t, db, temp.Login, temp.Password)
	if err := db.ChangePassword(actx, temp.Password, newPassword); err != nil {
		t.Fatal(err)
	}
	clk.Add(89 * 24 * time.Hour)
	if s, err := db.SignIn(ctx, tracker.Credentials{Login: temp.Login, Password: newPassword}); err != nil || s.Account.MustChange {
		t.Fatalf("after 89 days: %+v, %v; want no change required", s, err)
	}
	clk.Add(24 * time.Hour)
	if s, err := db.SignIn(ctx, tracker.Credentials{Login: temp.Login, Password: newPassword}); err != nil || !s.Account.MustChange {
		t.Fatalf("after 90 days: %+v, %v; want a change required", s, err)
	}
}

func TestAdminAccounts(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	_, pw := importRoster(t, db, baseRoster)
	t.Run("EnsureAdminOnce", func(t *testing.T) {
		first, err := db.EnsureAdmin(ctx)
		if err != nil || first == nil || first.Login != sqlite.FirstAdminLogin {
			t.Fatalf("got %+v, %v", first, err)
		}
		again, err := db.EnsureAdmin(ctx)
		if err != nil || again != nil {
			t.Fatalf("got %+v, %v; want nil the second time", again, err)
		}
	})
	t.Run("ErrStaffCannotCreate", func(t *testing.T) {
		_, err := db.CreateAdmin(signIn(t, db, "1002", pw["1002"]), "sato-admin", "佐藤")
		wantCode(t, err, tracker.EFORBIDDEN)
	})
	t.Run("ErrBadLogin", func(t *testing.T) {
		_, err := db.CreateAdmin(ctx, "A", "佐藤")
		wantCode(t, err, tracker.EINVALID)
	})
	t.Run("ErrTaken", func(t *testing.T) {
		_, err := db.CreateAdmin(ctx, sqlite.FirstAdminLogin, "佐藤")
		wantCode(t, err, tracker.ECONFLICT)
	})
	t.Run("ResetLiftsLockout", func(t *testing.T) {
		for i := 0; i < 5; i++ {
			db.SignIn(ctx, tracker.Credentials{Login: "1003", Password: "wrong-password-1"})
		}
		temp, err := db.ResetPassword(ctx, "1003")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SignIn(ctx, tracker.Credentials{Login: "1003", Password: temp.Password}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrResetByStaff", func(t *testing.T) {
		_, err := db.ResetPassword(signIn(t, db, "1002", pw["1002"]), "1001")
		wantCode(t, err, tracker.EFORBIDDEN)
	})
}

// TestSessionCacheCleared proves that the in-memory session cache never outlives a change made by
// this process: a reset or a leaver ends the session at once.
func TestSessionCacheCleared(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	_, pw := importRoster(t, db, baseRoster)
	open := func(login string) string {
		s, err := db.SignIn(ctx, tracker.Credentials{Login: login, Password: pw[login]})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Session(ctx, s.Token); err != nil { // now cached
			t.Fatal(err)
		}
		return s.Token
	}
	t.Run("Reset", func(t *testing.T) {
		token := open("1001")
		if _, err := db.ResetPassword(ctx, "1001"); err != nil {
			t.Fatal(err)
		}
		_, err := db.Session(ctx, token)
		wantCode(t, err, tracker.EUNAUTHORIZED)
	})
	t.Run("Leaver", func(t *testing.T) {
		token := open("1006")
		importRoster(t, db, strings.Replace(baseRoster, "1006,伊藤 四郎,イトウ シロウ,市民局,市民部,市民課,主事,会計年度任用職員,,\n", "", 1))
		_, err := db.Session(ctx, token)
		wantCode(t, err, tracker.EUNAUTHORIZED)
	})
	t.Run("LockoutEndsNoSession", func(t *testing.T) {
		// Failures made elsewhere are no way to throw the owner out.
		token := open("1003")
		for i := 0; i < 5; i++ {
			db.SignIn(ctx, tracker.Credentials{Login: "1003", Password: "wrong-password-1", Source: "10.6.6.6"})
		}
		if _, err := db.Session(ctx, token); err != nil {
			t.Fatalf("the session ended after failures from another address: %v", err)
		}
	})
	t.Run("Moved", func(t *testing.T) {
		token := open("1002")
		importRoster(t, db, strings.Replace(baseRoster, "1002,佐藤 花子,サトウ ハナコ,総務局,情報管理部,情報企画課,課長", "1002,佐藤 花子,サトウ ハナコ,総務局,情報管理部,情報システム課,課長", 1))
		s, err := db.Session(ctx, token)
		if err != nil || s.Person.Unit.Section != "情報システム課" {
			t.Fatalf("got %+v, %v; want the new section at once", s, err)
		}
	})
}

func TestStaleSessionsSwept(t *testing.T) {
	ctx := context.Background()
	db, clk := openDB(t)
	_, pw := importRoster(t, db, baseRoster)
	for i := 0; i < 3; i++ {
		if _, err := db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: pw["1001"]}); err != nil {
			t.Fatal(err)
		}
	}
	clk.Add(31 * time.Minute)
	if _, err := db.SignIn(ctx, tracker.Credentials{Login: "1002", Password: pw["1002"]}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := rawDB(t, db.Path).QueryRow(`SELECT COUNT(*) FROM sessions`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("got %d sessions, %v; want only the live one", n, err)
	}
}

// TestSignInFailuresSummarised: a run of refused sign-ins from one address is logged as its first
// failure, the lockouts, and one summary with the count, not one event per attempt.
func TestSignInFailuresSummarised(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	importRoster(t, db, baseRoster)
	before, _, err := db.FindEvents(ctx, tracker.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	const attempts = 200
	for i := range attempts {
		login := "1001"
		if i%2 == 1 {
			login = "9999" // unknown
		}
		db.SignIn(ctx, tracker.Credentials{Login: login, Password: "wrong-password-1", Source: "10.7.7.7"})
	}
	// The summary is written when the store stops.
	path := db.Path
	db.Close()
	db2 := sqlite.NewDB(path)
	db2.Config = testConfig()
	if err := db2.Open(); err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	events, _, err := db2.FindEvents(ctx, tracker.AuditFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var signins, lockouts []*tracker.AuditEvent
	for _, e := range events {
		if e.ID <= before[0].ID || e.Source != "10.7.7.7" {
			continue
		}
		switch e.Action {
		case tracker.ActionSignIn:
			signins = append(signins, e)
		case tracker.ActionLockout:
			lockouts = append(lockouts, e)
		}
	}
	if len(signins) != 2 || len(lockouts) != 2 {
		t.Fatalf("got %d sign-in and %d lockout events, want 2 (the first, the summary) and 2 (1001, the unknown ID)", len(signins), len(lockouts))
	}
	summary := signins[0] // newest first
	if !strings.Contains(summary.Detail, "summary: 199 more failures") || !strings.Contains(summary.Detail, "1001 ×") ||
		!strings.Contains(summary.Detail, "(不明なID) ×") || strings.Contains(summary.Detail, "9999") {
		t.Fatalf("got summary %q", summary.Detail)
	}
	if v, err := db2.VerifyChain(ctx); err != nil || !v.OK() {
		t.Fatalf("chain: %+v, %v", v, err)
	}
}

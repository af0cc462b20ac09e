package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"isms/tracker"
)

func TestAuditChain(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	_, pw := importRoster(t, db, baseRoster)
	signIn(t, db, "1001", pw["1001"])
	db.SignIn(ctx, tracker.Credentials{Login: "1001", Password: "wrong-password-1", Source: "192.0.2.7"})

	t.Run("OK", func(t *testing.T) {
		v, err := db.VerifyChain(ctx)
		if err != nil || !v.OK() || v.Events != 3 || len(v.Head) != 64 {
			t.Fatalf("got %+v, %v; want 3 events, chain intact", v, err)
		}
	})
	t.Run("EventsCarryWhoWhenWhereOutcome", func(t *testing.T) {
		events, _, err := db.FindEvents(ctx, tracker.AuditFilter{Action: tracker.ActionSignIn, Outcome: tracker.OutcomeFailure})
		if err != nil || len(events) != 1 {
			t.Fatalf("got %d, %v", len(events), err)
		}
		e := events[0]
		if e.Actor != "1001" || e.Source != "192.0.2.7" || e.At.IsZero() {
			t.Fatalf("got %+v", e)
		}
	})
	t.Run("ErrUpdateRefused", func(t *testing.T) {
		raw := rawDB(t, db.Path)
		if _, err := raw.Exec(`UPDATE audit_log SET outcome = 'success' WHERE outcome = 'failure'`); err == nil {
			t.Fatal("got nil, want the trigger to refuse")
		}
		if _, err := raw.Exec(`DELETE FROM audit_log`); err == nil {
			t.Fatal("got nil, want the trigger to refuse")
		}
	})
	t.Run("TamperDetected", func(t *testing.T) {
		raw := rawDB(t, db.Path)
		// Someone with the file in hand drops the trigger and rewrites a row.
		for _, q := range []string{`DROP TRIGGER audit_log_no_update`,
			`UPDATE audit_log SET outcome = 'success' WHERE id = 3`} {
			if _, err := raw.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		v, err := db.VerifyChain(ctx)
		if err != nil || v.OK() || v.BrokenAt != 3 {
			t.Fatalf("got %+v, %v; want broken at 3", v, err)
		}
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		_, _, err := db.FindEvents(signIn(t, db, "1002", pw["1002"]), tracker.AuditFilter{})
		wantCode(t, err, tracker.EFORBIDDEN)
	})
}

func TestAuditGap(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	importRoster(t, db, baseRoster)
	db.RecordEvent(ctx, &tracker.AuditEvent{Action: tracker.ActionBackup})
	db.RecordEvent(ctx, &tracker.AuditEvent{Action: tracker.ActionBackup})
	raw := rawDB(t, db.Path)
	for _, q := range []string{`DROP TRIGGER audit_log_no_delete`, `DELETE FROM audit_log WHERE id = 2`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	v, err := db.VerifyChain(ctx)
	if err != nil || v.OK() || v.BrokenAt != 3 {
		t.Fatalf("got %+v, %v; want broken at 3 (2 missing)", v, err)
	}
}

func rawDB(t *testing.T, path string) *sql.DB {
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	importRoster(t, db, baseRoster)
	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dest)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("got %v, %v; want a 0600 file", info, err)
	}
	var n int
	if err := rawDB(t, dest).QueryRow(`SELECT COUNT(*) FROM people`).Scan(&n); err != nil || n != 6 {
		t.Fatalf("got %d people in the backup, %v", n, err)
	}
	t.Run("ErrExists", func(t *testing.T) {
		wantCode(t, db.Backup(ctx, dest), tracker.ECONFLICT)
	})
	events, _, _ := db.FindEvents(ctx, tracker.AuditFilter{Action: tracker.ActionBackup})
	if len(events) != 1 || events[0].Outcome != tracker.OutcomeSuccess {
		t.Fatalf("got %+v", events)
	}
}

func TestSecret(t *testing.T) {
	db, _ := openDB(t)
	a, err := db.Secret(context.Background(), "paper")
	if err != nil || len(a) != 32 {
		t.Fatal(a, err)
	}
	b, _ := db.Secret(context.Background(), "paper")
	c, _ := db.Secret(context.Background(), "other")
	if string(a) != string(b) || string(a) == string(c) {
		t.Fatal("want the same key per name and different keys per name")
	}
}

func TestCommandLineActor(t *testing.T) {
	db, _ := openDB(t)
	ctx := tracker.NewContext(context.Background(), tracker.SystemPrincipal("cli:somu@server1"))
	r := parseRoster(t, baseRoster)
	d, err := db.PreviewRoster(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ApplyRoster(ctx, r, d.Digest); err != nil {
		t.Fatal(err)
	}
	events, _, err := db.FindEvents(ctx, tracker.AuditFilter{Action: tracker.ActionRosterImport})
	if err != nil || len(events) != 1 || events[0].Actor != "cli:somu@server1" {
		t.Fatalf("got %+v, %v", events, err)
	}
	// A request that is not signed in is not the command line.
	anon := tracker.NewContext(context.Background(), &tracker.Principal{Source: "192.0.2.1"})
	_, err = db.PreviewRoster(anon, r)
	wantCode(t, err, tracker.EFORBIDDEN)
	people, _, err := db.FindPeople(anon, tracker.PersonFilter{})
	if err != nil || len(people) != 0 {
		t.Fatalf("got %d people for an anonymous caller, %v", len(people), err)
	}
}

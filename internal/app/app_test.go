package app_test

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"isms/internal/app"
	"isms/policy/history"
	"isms/tracker"
	"isms/tracker/auth"
)

// TestListen: the assembled application serves the tracker on a free loopback port over the real
// store, with the first 事務局 account created once.
func TestListen(t *testing.T) {
	cfg := app.DefaultConfig()
	cfg.Addr, cfg.Data = "127.0.0.1:0", filepath.Join(t.TempDir(), "data")
	a := app.New(cfg)
	a.HashParams = &auth.Params{Memory: 64, Time: 1, Threads: 1}
	if err := a.Open(); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	first, err := a.Listen(context.Background())
	if err != nil || first == nil || first.Login != "jimukyoku" {
		t.Fatalf("got %+v, %v; want the first admin", first, err)
	}
	res, err := http.Get(a.HTTP.URL() + "/app/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /app/login: %d", res.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(cfg.Data, "tracker.db")); err != nil {
		t.Fatal(err)
	}
}

// TestOpenExisting: the commands that read records refuse a data directory without a database,
// naming the file, and create nothing.
func TestOpenExisting(t *testing.T) {
	cfg := app.DefaultConfig()
	cfg.Data = filepath.Join(t.TempDir(), "data")
	err := app.New(cfg).OpenExisting()
	if err == nil || !strings.Contains(err.Error(), filepath.Join(cfg.Data, "tracker.db")+" がありません") {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(cfg.Data); !os.IsNotExist(err) {
		t.Fatalf("the data directory was created: %v", err)
	}
}

// TestPolicyEdition: attempts record the flag's edition, else the newest version of versions.toml
// whose 施行日 has come by the day of the attempt (in Japan), else "current".
func TestPolicyEdition(t *testing.T) {
	t.Chdir(t.TempDir())
	edition := func(flagValue string) func(time.Time) string {
		t.Helper()
		cfg := app.DefaultConfig()
		cfg.PolicyVersion, cfg.Data = flagValue, filepath.Join(t.TempDir(), "data")
		a := app.New(cfg)
		if err := a.Open(); err != nil {
			t.Fatal(err)
		}
		a.Close()
		return a.Edition
	}
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, tracker.Japan) }
	if got := edition("")(at(2026, time.November, 26, 10)); got != "current" {
		t.Errorf("no versions.toml: %q, want current", got)
	}
	os.WriteFile(history.FileName, []byte(`
[[version]]
id = "r02-08"
name = "令和2年8月版"
effective = 2020-08-01
commit = "5ae65204b50b1f9db8d0ddab8406a7fa80090cb7"

[[version]]
id = "r09-04"
name = "令和9年4月版"
effective = 2027-04-01
commit = "0123456789abcdef0123456789abcdef01234567"
`), 0o644)
	// One server, running across the second version's 施行日.
	running := edition("")
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{at(2026, time.November, 26, 10), "r02-08"},
		{at(2027, time.March, 31, 23), "r02-08"},
		{at(2027, time.April, 1, 0), "r09-04"}, // midnight in Japan: 15:00 UTC the day before
		{time.Date(2027, time.March, 31, 15, 0, 0, 0, time.UTC), "r09-04"},
		{at(2019, time.April, 1, 10), "current"},
	} {
		if got := running(c.at); got != c.want {
			t.Errorf("at %s: %q, want %q", c.at, got, c.want)
		}
	}
	if got := edition(" 2026.1 ")(at(2027, time.April, 1, 10)); got != "2026.1" {
		t.Errorf("flag: %q, want 2026.1", got)
	}
	t.Run("Names", func(t *testing.T) {
		// The versions are read once, for the names pages and exports show, flag or no flag.
		cfg := app.DefaultConfig()
		cfg.PolicyVersion, cfg.Data = "r02-08", filepath.Join(t.TempDir(), "data")
		a := app.New(cfg)
		if err := a.Open(); err != nil {
			t.Fatal(err)
		}
		a.Close()
		if got, want := a.Editions.Label("r09-04"), "令和9年4月版（令和9年4月1日施行）"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})

	os.WriteFile(history.FileName, []byte("[[version]]\nid = \"R2\"\n"), 0o644)
	cfg := app.DefaultConfig()
	cfg.Data = filepath.Join(t.TempDir(), "data")
	if err := app.New(cfg).Open(); err == nil {
		t.Error("a broken versions.toml was accepted")
	}
}

// TestQuizDirValidated: serve and the administration commands refuse a bank directory that leaves
// a role without its module, naming the missing file, as isms build would.
func TestQuizDirValidated(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "quiz", "general.md"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "general.md"), src, 0o644)
	cfg := app.DefaultConfig()
	cfg.QuizDir, cfg.Data = dir, filepath.Join(t.TempDir(), "data")
	err = app.New(cfg).Open()
	if err == nil || !strings.Contains(err.Error(), filepath.ToSlash(filepath.Join(dir, "manager.md"))) {
		t.Fatalf("got %v, want the missing manager.md named", err)
	}
}

// lineWriter hands each write of the log to a channel, so a test waits for the line, not for time.
type lineWriter chan string

func (w lineWriter) Write(p []byte) (int, error) { w <- string(p); return len(p), nil }

// TestHeadInLog: the server writes the audit chain's head to its log, an anchor that verifies.
func TestHeadInLog(t *testing.T) {
	cfg := app.DefaultConfig()
	cfg.Addr, cfg.Data = "127.0.0.1:0", filepath.Join(t.TempDir(), "data")
	cfg.HeadInterval = time.Hour // the first line is written at start, the last at stop
	lines := make(lineWriter, 100)
	a := app.New(cfg)
	a.HashParams = &auth.Params{Memory: 64, Time: 1, Threads: 1}
	a.Logger = slog.New(slog.NewTextHandler(lines, nil))
	if err := a.Open(); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Listen(context.Background()); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(time.Minute)
	for {
		select {
		case line := <-lines:
			_, v, ok := strings.Cut(line, "audit_head=")
			if !ok {
				continue
			}
			anchor, err := tracker.ParseAnchor(strings.Fields(v)[0])
			if err != nil {
				t.Fatal(err)
			}
			if v, err := a.DB.VerifyChain(context.Background(), anchor); err != nil || !v.OK() {
				t.Fatalf("got %+v, %v", v, err)
			}
			return
		case <-deadline:
			t.Fatal("no audit_head line in the log")
		}
	}
}

// TestRoleMapFileValidated: a bad -role-map file stops the start with every bad line named; a
// good one is the mapping in force, over what the 事務局 saved on the page.
func TestRoleMapFileValidated(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("主事 = general\n課長\n部長 = 社長\n"), 0o600)
	cfg := app.DefaultConfig()
	cfg.RoleMap, cfg.Data = bad, filepath.Join(dir, "data")
	err := app.New(cfg).Open()
	if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "2行目") || !strings.Contains(err.Error(), "3行目: 役割「社長」") {
		t.Fatalf("got %v, want the file and both bad lines named", err)
	}
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("主事 = general\n"), 0o600)
	cfg.RoleMap = good
	a := app.New(cfg)
	if err := a.Open(); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	m, err := a.DB.RoleMapInForce(context.Background())
	if err != nil || m.Source != tracker.RoleMapFromFile || m.File != good || len(m.Map) != 1 {
		t.Fatalf("got %+v, %v; want the file's mapping in force", m, err)
	}
}

package main

import (
	"context"
	"database/sql"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// capture runs the command line and returns what it printed on stdout.
func capture(t *testing.T, args ...string) (string, error) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	err = run(context.Background(), args)
	w.Close()
	os.Stdout = old
	return <-done, err
}

const cmdRoster = "職員番号,氏名,氏名カナ,局,部,課,職位,区分,監査委員,メール\n" +
	"1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,主事,職員,,\n" +
	"1002,佐藤 花子,サトウ ハナコ,総務局,情報管理部,情報企画課,課長,職員,1,\n"

// TestTrackerCommands runs the administration commands against one data directory, as the 事務局
// would on the server.
func TestTrackerCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("ISMS_DATA", filepath.Join(dir, "data"))
	csv := filepath.Join(dir, "roster.csv")
	os.WriteFile(csv, append([]byte{0xEF, 0xBB, 0xBF}, cmdRoster...), 0o644)

	t.Run("RosterPreviewOnly", func(t *testing.T) {
		out, err := capture(t, "roster", "import", csv)
		if err != nil || !strings.Contains(out, "追加 2人") || !strings.Contains(out, "まだ何も変更していません") {
			t.Fatalf("got %q, %v", out, err)
		}
	})
	t.Run("RosterBadFile", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.csv")
		os.WriteFile(bad, []byte(cmdRoster+"1003,鈴木,スズキ,総務局,,,大臣,職員,,\n"), 0o644)
		_, err := capture(t, "roster", "import", "-apply", bad)
		if err == nil || !strings.Contains(err.Error(), "4行目: 職位「大臣」") {
			t.Fatalf("got %v", err)
		}
	})
	pwFile := filepath.Join(dir, "pw.csv")
	t.Run("RosterApply", func(t *testing.T) {
		out, err := capture(t, "roster", "import", "-apply", "-passwords", pwFile, csv)
		if err != nil || !strings.Contains(out, "取り込みました") {
			t.Fatalf("got %q, %v", out, err)
		}
		info, err := os.Stat(pwFile)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("passwords file: %v %v", info, err)
		}
		b, _ := os.ReadFile(pwFile)
		if !strings.HasPrefix(string(b), "職員番号,氏名,所属,仮パスワード\n1001,山田 太郎,") {
			t.Fatalf("got %q", b)
		}
		if _, err := capture(t, "roster", "import", "-apply", "-passwords", pwFile, csv); err == nil {
			t.Fatal("overwrote the passwords file")
		}
	})
	t.Run("Plan", func(t *testing.T) {
		out, err := capture(t, "plan", "set", "-year", "2026", "-start", "2026-05-01", "-end", "2027-02-28", "-deadline", "2027-01-31")
		if err != nil || !strings.Contains(out, "承認待ち") {
			t.Fatalf("got %q, %v", out, err)
		}
		if _, err := capture(t, "plan", "set", "-year", "2026", "-start", "2026-05-01", "-end", "2026-04-01", "-deadline", "x"); err == nil {
			t.Fatal("got nil for a bad plan")
		}
		if _, err := capture(t, "plan", "set", "-year", "2026", "-start", "2026-05-01", "-end", "2027-02-28", "-deadline", "2027-01-31",
			"-modules", "general=general,cooking"); err == nil || !strings.Contains(err.Error(), "cooking") {
			t.Fatalf("got %v for an unknown module", err)
		}
		out, err = capture(t, "plan", "approve", "-year", "2026", "-date", "2026-04-20", "-approver", "情報セキュリティ委員会")
		if err != nil || !strings.Contains(out, "2026-04-20 情報セキュリティ委員会") {
			t.Fatalf("got %q, %v", out, err)
		}
		out, _ = capture(t, "plan", "show", "-year", "2026")
		if !strings.Contains(out, "受講期限  2027-01-31") {
			t.Fatalf("got %q", out)
		}
	})
	t.Run("User", func(t *testing.T) {
		out, err := capture(t, "user", "create", "-login", "somu01", "-name", "総務 一郎")
		if err != nil || !regexp.MustCompile(`仮パスワード.*: [A-Za-z0-9]{4}-`).MatchString(out) {
			t.Fatalf("got %q, %v", out, err)
		}
		if _, err := capture(t, "user", "create", "-login", "somu01", "-name", "x"); err == nil || !strings.Contains(err.Error(), "すでに使われています") {
			t.Fatalf("got %v", err)
		}
		out, err = capture(t, "user", "list")
		if err != nil || !strings.Contains(out, "somu01") {
			t.Fatalf("got %q, %v", out, err)
		}
		if out, err = capture(t, "user", "reset", "1001"); err != nil || !strings.Contains(out, "1001（山田 太郎）の仮パスワード") {
			t.Fatalf("got %q, %v", out, err)
		}
		if _, err := capture(t, "user", "reset", "9999"); err == nil {
			t.Fatal("reset an unknown ID")
		}
	})
	t.Run("Backup", func(t *testing.T) {
		dest := filepath.Join(dir, "backup.db")
		if out, err := capture(t, "backup", dest); err != nil || !strings.Contains(out, "整合性確認済み") {
			t.Fatalf("got %q, %v", out, err)
		}
		if _, err := capture(t, "backup", dest); err == nil {
			t.Fatal("overwrote a backup")
		}
	})
	t.Run("AuditVerify", func(t *testing.T) {
		out, err := capture(t, "audit", "verify")
		if err != nil || !strings.Contains(out, "改ざんなし") {
			t.Fatalf("got %q, %v", out, err)
		}
		head, err := capture(t, "audit", "head")
		if err != nil {
			t.Fatal(err)
		}
		anchor := strings.TrimSpace(head)
		out, err = capture(t, "audit", "verify", "-anchor", anchor)
		if err != nil || !strings.Contains(out, "控え 1件と一致しました") {
			t.Fatalf("-anchor %s: got %q, %v", anchor, out, err)
		}
		anchorFile := filepath.Join(dir, "anchors.txt")
		os.WriteFile(anchorFile, []byte("# 委員会議事録より\n"+anchor+"\ntime=2026-12-02 level=INFO msg=\"audit chain head\" audit_head="+anchor+"\n"), 0o644)
		if out, err := capture(t, "audit", "verify", "-anchors", anchorFile); err != nil || !strings.Contains(out, "控え 2件") {
			t.Fatalf("-anchors: got %q, %v", out, err)
		}
		if _, err := capture(t, "audit", "verify", "-anchor", "12-nothex"); err == nil || !strings.Contains(err.Error(), "番号-16桁") {
			t.Fatalf("a malformed anchor: got %v", err)
		}
		raw, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "data", "tracker.db")+"?_busy_timeout=5000")
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var actor string
		raw.QueryRow(`SELECT actor FROM audit_log WHERE action = 'roster_import'`).Scan(&actor)
		if !strings.HasPrefix(actor, "cli:") {
			t.Fatalf("got actor %q, want the operator", actor)
		}
		for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET detail = 'x' WHERE id = 2`} {
			if _, err := raw.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := capture(t, "audit", "verify"); err == nil || !strings.Contains(err.Error(), "番号 2") {
			t.Fatalf("got %v, want the tampered event found", err)
		}
	})
	t.Run("ErrEnvironment", func(t *testing.T) {
		t.Setenv("ISMS_LOCKOUT", "many")
		t.Setenv("ISMS_IDLE_TIMEOUT", "soon")
		_, err := capture(t, "user", "list")
		if err == nil || !strings.Contains(err.Error(), "ISMS_LOCKOUT") || !strings.Contains(err.Error(), "ISMS_IDLE_TIMEOUT") {
			t.Fatalf("got %v, want both bad variables named", err)
		}
	})
}

// TestServeTracker runs `isms serve` with the real wiring: the site and the tracker on one origin.
func TestServeTracker(t *testing.T) {
	dir := t.TempDir()
	public := filepath.Join(dir, "public")
	os.MkdirAll(public, 0o755)
	os.WriteFile(filepath.Join(public, "index.html"), []byte("<!DOCTYPE html><title>handbook</title>"), 0o644)
	os.WriteFile(filepath.Join(public, "404.html"), []byte("<!DOCTYPE html><title>ページが見つかりません</title>"), 0o644)
	os.MkdirAll(filepath.Join(public, "assets"), 0o755)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("ISMS_DATA", filepath.Join(dir, "data"))
	t.Setenv("ISMS_PUBLIC", public)
	t.Setenv("ISMS_ADDR", addr)
	out, err := capture(t, "user", "create", "-login", "somu01", "-name", "総務 一郎")
	if err != nil {
		t.Fatal(err)
	}
	temp := regexp.MustCompile(`: ([A-Za-z0-9-]{19})`).FindStringSubmatch(out)[1]

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}) }()
	base := "http://" + addr
	// serve listens once it has opened the store; until then a request is refused. The deadline
	// only turns a server that never starts into a failure instead of a hung test.
	var res *http.Response
	for deadline := time.Now().Add(2 * time.Minute); ; {
		if res, err = http.Get(base + "/"); err == nil || time.Now().After(deadline) {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped before it answered: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "<title>handbook</title>") {
		t.Fatalf("got %q", body)
	}
	// The handbook's 404 page for an address it does not have and for a folder without a page.
	for _, path := range []string{"/standards/99/", "/assets/"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "<title>ページが見つかりません</title>") {
			t.Errorf("%s: status %d, %q", path, res.StatusCode, body)
		}
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err = c.Get(base + "/app/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	token := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)[1]
	res, err = c.PostForm(base+"/app/login", url.Values{"csrf": {string(token)}, "login": {"somu01"}, "password": {temp}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.Request.URL.Path != "/app/password" || !strings.Contains(string(page), "仮パスワード") {
		t.Fatalf("after sign-in: %s %.300s", res.Request.URL, page)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("serve did not stop")
	}
}

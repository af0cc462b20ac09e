package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"isms/tracker"
	"isms/tracker/auth"
	"isms/tracker/roster"
	"isms/tracker/sqlite"
)

// clock is a replaceable time for the store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// openDB opens a store on a file in t.TempDir(), with a cheap hash and a clock set to
// 2026-06-01 10:00 Japan time.
func openDB(t testing.TB) (*sqlite.DB, *clock) {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "data", "tracker.db"))
	db.Hasher = auth.NewHasher(auth.Params{Memory: 64, Time: 1, Threads: 1}, 4)
	c := &clock{t: time.Date(2026, 6, 1, 10, 0, 0, 0, tracker.Japan)}
	db.Now = c.Now
	db.Config = testConfig()
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, c
}

// testConfig is the store's policy as the tests expect it: the documented defaults.
func testConfig() sqlite.Config {
	return sqlite.Config{
		LockoutThreshold: 5, AdminLockoutThreshold: 3, LockoutDuration: 15 * time.Minute,
		IdleTimeout: 30 * time.Minute, SessionLifetime: 12 * time.Hour, AdminPasswordMaxAge: 90 * 24 * time.Hour,
		KnownModule: func(m string) bool {
			return m == "general" || m == "manager" || m == "executive" || m == "chief" || m == "auditor"
		},
	}
}

const rosterHeader = "職員番号,氏名,氏名カナ,局,部,課,職位,区分,監査委員,メール\n"

// baseRoster: two sections of one department, a 部長 and a 局長.
const baseRoster = rosterHeader +
	"1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,主事,職員,,\n" +
	"1002,佐藤 花子,サトウ ハナコ,総務局,情報管理部,情報企画課,課長,職員,,\n" +
	"1003,鈴木 一郎,スズキ イチロウ,総務局,情報管理部,情報システム課,主任,職員,,\n" +
	"1004,高橋 次郎,タカハシ ジロウ,総務局,情報管理部,情報システム課,課長,職員,,\n" +
	"1005,田中 三郎,タナカ サブロウ,総務局,情報管理部,,部長,職員,,\n" +
	"1006,伊藤 四郎,イトウ シロウ,市民局,市民部,市民課,主事,会計年度任用職員,,\n"

func parseRoster(t testing.TB, src string) *tracker.Roster {
	t.Helper()
	r, err := (&roster.Parser{Roles: tracker.DefaultRoleMap()}).Parse("roster.csv", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// importRoster previews and applies a roster as the command line would, returning the
// temporary passwords by login.
func importRoster(t testing.TB, db *sqlite.DB, src string) (*tracker.RosterResult, map[string]string) {
	t.Helper()
	ctx := context.Background()
	r := parseRoster(t, src)
	d, err := db.PreviewRoster(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.ApplyRoster(ctx, r, d.Digest)
	if err != nil {
		t.Fatal(err)
	}
	pw := map[string]string{}
	for _, p := range res.Passwords {
		pw[p.Login] = p.Password
	}
	return res, pw
}

// signIn signs in and returns a context carrying the session's principal.
func signIn(t testing.TB, db *sqlite.DB, login, password string) context.Context {
	t.Helper()
	s, err := db.SignIn(context.Background(), tracker.Credentials{Login: login, Password: password, Source: "127.0.0.1"})
	if err != nil {
		t.Fatalf("sign in %s: %v", login, err)
	}
	return tracker.NewContext(context.Background(), &tracker.Principal{Account: s.Account, Person: s.Person, Source: "127.0.0.1", Token: s.Token})
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := tracker.ErrorCode(err); got != code {
		t.Fatalf("got %v (code %q), want code %q", err, got, code)
	}
}

func wantMessage(t testing.TB, err error, part string) {
	t.Helper()
	if got := tracker.ErrorMessage(err); !strings.Contains(got, part) {
		t.Fatalf("got message %q, want it to contain %q", got, part)
	}
}

func TestOpen(t *testing.T) {
	t.Run("ReopenKeepsData", func(t *testing.T) {
		db, _ := openDB(t)
		importRoster(t, db, baseRoster)
		path := db.Path
		db.Close()
		again := sqlite.NewDB(path)
		again.Config = testConfig()
		if err := again.Open(); err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		people, total, err := again.FindPeople(context.Background(), tracker.PersonFilter{})
		if err != nil || total != 6 || len(people) != 6 {
			t.Fatalf("got %d people (total %d), %v; want 6", len(people), total, err)
		}
	})
	t.Run("ErrConfigUnset", func(t *testing.T) {
		if err := sqlite.NewDB(filepath.Join(t.TempDir(), "tracker.db")).Open(); err == nil {
			t.Fatal("got nil, want an error for a store without its policy")
		}
	})
	t.Run("ErrMemory", func(t *testing.T) {
		db := sqlite.NewDB(":memory:")
		db.Config = testConfig()
		if err := db.Open(); err == nil {
			t.Fatal("got nil, want an error for :memory:")
		}
	})
}

// TestCloseLeavesCompleteFile proves that the checkpointer empties the WAL on Close, so copying
// tracker.db alone (without -wal) copies everything.
func TestCloseLeavesCompleteFile(t *testing.T) {
	db, _ := openDB(t)
	importRoster(t, db, baseRoster)
	db.Close()
	if info, err := os.Stat(db.Path + "-wal"); err == nil && info.Size() > 0 {
		t.Fatalf("the WAL holds %d bytes after Close", info.Size())
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	b, err := os.ReadFile(db.Path)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(copyPath, b, 0o600)
	raw, err := sql.Open("sqlite3", "file:"+copyPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM people`).Scan(&n); err != nil || n != 6 {
		t.Fatalf("got %d people in a copy of the file alone, %v", n, err)
	}
}

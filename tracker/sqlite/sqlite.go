// Package sqlite implements the tracker's services on SQLite (github.com/mattn/go-sqlite3): WAL,
// durable commits (synchronous=FULL), embedded numbered migrations, one writer connection and a
// pool of readers, and group commit for quiz submissions.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"isms/tracker"
	"isms/tracker/auth"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Config is the store's policy. The application's configuration table (internal/app) gives every
// value; Open refuses a configuration that leaves one unset.
type Config struct {
	LockoutThreshold      int           // failures at a staff ID from one client before that client is locked out of it (【09】第5条2)
	AdminLockoutThreshold int           // the same for admin accounts, lower by default
	LockoutDuration       time.Duration // how long a lock lasts
	AddressFailures       int           // failures an address may make per LockoutDuration; 0: auth.DefaultLimits
	BlockFailures         int           // the same for an address block (/24, /64); 0: auth.DefaultLimits
	IDFailures            int           // failures at an ID from unknown clients before they must wait; 0: auth.DefaultLimits
	IdleTimeout           time.Duration // a session unused this long ends (【07】第13条)
	SessionLifetime       time.Duration // a session ends this long after sign-in, used or not
	PasswordMaxAge        time.Duration // staff must change a password this old; 0 = never (【07】第11条(3))
	AdminPasswordMaxAge   time.Duration // the same for admin accounts; 0 = never
	PasswordHistory       int           // a new password may not be one of this many latest, the current one included
	MaxAttempts           int           // submissions per module per fiscal year; 0 = unlimited
	// KnownModule reports whether a module ID names a quiz bank; plans are checked against it.
	// nil accepts every module.
	KnownModule func(string) bool
	// RoleMapFile is the mapping of a file given to the server (-role-map), nil when none: it
	// overrides the revisions saved on the page (tracker.RoleMapSource).
	RoleMapFile *tracker.RoleMapping
}

func (c *Config) validate() error {
	if c.LockoutThreshold < 1 || c.AdminLockoutThreshold < 1 || c.LockoutDuration <= 0 || c.IdleTimeout <= 0 || c.SessionLifetime <= 0 {
		return fmt.Errorf("sqlite: the lockout thresholds and duration, the idle timeout and the session lifetime must be set")
	}
	if c.KnownModule == nil {
		c.KnownModule = func(string) bool { return true }
	}
	c.PasswordHistory = max(c.PasswordHistory, 1) // the current password is always refused
	return nil
}

// touchInterval bounds how often a session's last-use time is written: a request within a minute
// of the last write does not write again, so an idle timeout can end a session up to this much
// early, and a busy page costs no extra writes.
const touchInterval = time.Minute

// DB is the store. Set the fields, then call Open.
type DB struct {
	Path   string
	Config Config
	Hasher *auth.Hasher
	Rule   *auth.Rule
	// Now is the clock; tests replace it. Every row written in one transaction gets one time.
	Now func() time.Time

	db  *sql.DB // the one writer connection: BEGIN IMMEDIATE, so writers queue in Go, not on SQLite's lock
	rdb *sql.DB // readers
	cdb *sql.DB // the checkpointer (checkpoint.go)

	checkpointDone chan struct{}

	// Statements of the submit path, prepared once on the writer connection.
	insertAttemptStmt *sql.Stmt
	insertEventStmt   *sql.Stmt
	sessionStmt       *sql.Stmt // on the readers
	sessions          sessionCache
	plans             planCache
	throttle          *auth.Throttle // the sign-in limits (signin.go)
	failures          failureLog     // refused sign-ins waiting to be summarised (signin_log.go)
	failuresDone      chan struct{}
	amendmentSettings brief[map[string]*tracker.AmendmentSetting]
	questionReviews   brief[[]*tracker.QuestionReview]

	submits chan *submitRequest
	gate    submitGate
	done    chan struct{}
	stopped chan struct{}
}

// NewDB returns a store for the database file at path; set its Config before Open.
func NewDB(path string) *DB {
	return &DB{
		Path:   path,
		Hasher: auth.NewHasher(auth.DefaultParams, 2),
		Rule:   auth.NewRule(12),
		Now:    time.Now,
	}
}

// Open creates the directory and the file if needed, migrates the schema and starts the writer.
func (db *DB) Open() error {
	if db.Path == "" || db.Path == ":memory:" {
		return fmt.Errorf("sqlite: a file path is required (an in-memory database is one per connection)")
	}
	if err := os.MkdirAll(filepath.Dir(db.Path), 0o700); err != nil {
		return err
	}
	if err := db.Config.validate(); err != nil {
		return err
	}

	// Pragmas go in the DSN: PRAGMA through Exec would reach one pooled connection only.
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "5000")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_txlock", "immediate")
	var err error
	if db.db, err = sql.Open("sqlite3", "file:"+db.Path+"?"+q.Encode()); err != nil {
		return err
	}
	db.db.SetMaxOpenConns(1)
	db.db.SetConnMaxIdleTime(0)
	applied, err := db.migrate()
	if err != nil {
		db.db.Close()
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	if err := db.prepare(); err != nil {
		db.db.Close()
		return err
	}

	db.throttle = auth.NewThrottle(auth.Limits{StaffFailures: db.Config.LockoutThreshold, AdminFailures: db.Config.AdminLockoutThreshold,
		LockFor: db.Config.LockoutDuration, AddressFailures: db.Config.AddressFailures, BlockFailures: db.Config.BlockFailures,
		IDFailures: db.Config.IDFailures})
	db.done = make(chan struct{})
	if err := db.startCheckpointer(q); err != nil {
		db.db.Close()
		return err
	}
	// The data file holds 重要性分類A records: readable by the service's user only.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Chmod(db.Path+suffix, 0o600)
	}

	r := url.Values{}
	r.Set("_foreign_keys", "on")
	r.Set("_busy_timeout", "5000")
	r.Set("_query_only", "true")
	r.Set("_txlock", "deferred")
	if db.rdb, err = sql.Open("sqlite3", "file:"+db.Path+"?"+r.Encode()); err != nil {
		db.db.Close()
		return err
	}
	// Few readers: sessions and plans are cached above the store, and each connection holds its own
	// page cache (SQLite's memory, outside the Go runtime's limit).
	db.rdb.SetMaxOpenConns(4)
	db.rdb.SetMaxIdleConns(4)
	if db.sessionStmt, err = db.rdb.Prepare(sessionQuery); err != nil {
		db.rdb.Close()
		db.db.Close()
		return err
	}

	db.submits = make(chan *submitRequest, 1024)
	db.stopped = make(chan struct{})
	go db.runSubmits()
	db.failuresDone = make(chan struct{})
	go db.runFailureLog()
	if slices.Contains(applied, evidenceMigration) {
		if err := db.bindExisting(context.Background()); err != nil {
			db.Close()
			return fmt.Errorf("sqlite: binding the records kept so far to the audit chain: %w", err)
		}
	}
	return nil
}

func (db *DB) prepare() error {
	var err error
	db.insertAttemptStmt, err = db.db.Prepare(`INSERT INTO attempts (key, person_id, staff_no, name, role, position, unit_id, bureau_id,
		bureau, department_id, department, section_id, section, module, fiscal_year, policy_version, bank_version, paper, answers, items,
		correct, total, percent, passed, started_at, submitted_at, late)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO NOTHING`)
	if err != nil {
		return err
	}
	db.insertEventStmt, err = db.db.Prepare(`INSERT INTO audit_log (id, at, actor, account_id, action, target, outcome, source, detail,
		record_kind, record_id, record_sha256, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	return err
}

// Close stops the writer after the submissions already queued and closes the database.
func (db *DB) Close() error {
	if db.done != nil {
		db.gate.mu.Lock()
		already := db.gate.closed
		db.gate.closed = true
		db.gate.mu.Unlock()
		if already {
			return nil
		}
		close(db.done)
		<-db.stopped
		if db.failuresDone != nil {
			<-db.failuresDone // the counted sign-in failures are written before the database closes
		}
		db.stopCheckpointer()
	}
	var err error
	if db.rdb != nil {
		err = db.rdb.Close()
	}
	if db.db != nil {
		if e := db.db.Close(); e != nil {
			err = e
		}
	}
	return err
}

// evidenceMigration starts binding evidence to the audit chain; a database that had records before
// it has them bound when it is applied (bindExisting).
const evidenceMigration = "migrations/005_evidence.sql"

// migrate applies the embedded migrations not yet recorded, each in its own transaction, and
// returns the names of those it applied.
func (db *DB) migrate() ([]string, error) {
	if _, err := db.db.Exec(`CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return nil, err
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var applied []string
	for _, name := range names {
		done, err := db.migrateFile(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if done {
			applied = append(applied, name)
		}
	}
	// A database written by a newer binary has migrations this one does not know: refuse it rather
	// than run on a schema it does not understand.
	var newest string
	db.db.QueryRow(`SELECT COALESCE(MAX(name), '') FROM migrations`).Scan(&newest)
	if len(names) > 0 && newest > names[len(names)-1] {
		return nil, fmt.Errorf("the database has migration %s, newer than this program knows; use a newer isms", newest)
	}
	return applied, nil
}

// migrateFile applies one migration unless it is recorded; it reports whether it applied it.
func (db *DB) migrateFile(name string) (bool, error) {
	tx, err := db.db.Begin()
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	src, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return false, err
	}
	if _, err := tx.Exec(string(src)); err != nil {
		return false, err
	}
	if _, err := tx.Exec(`INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, time.Now().Unix()); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// Tx is a write transaction with the one time its rows get.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time

	headKnown bool // the audit chain's head below is loaded
	headID    int64
	headHash  string
}

// BeginTx starts a write transaction. BEGIN IMMEDIATE takes the write lock at once, so a read
// followed by a write in the same transaction cannot fail on a lock upgrade.
func (db *DB) BeginTx(ctx context.Context) (*Tx, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &Tx{Tx: tx, db: db, now: db.now()}, nil
}

func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Second) }

// unix converts a time for storage; the zero time is 0.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// fromUnix converts back; 0 is the zero time.
func fromUnix(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

func nullUnix(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromUnix(n.Int64)
	return &t
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// actorOf names the caller for the log: the login, the operator for the command line, "system" for
// the server's own work, or tracker.AnonymousActor for a request without a session.
func actorOf(ctx context.Context) (string, int64, string) {
	p := tracker.PrincipalFrom(ctx)
	if p != nil && p.System && p.Source != "" {
		return p.Source, 0, "cli"
	}
	switch {
	case p == nil || p.System:
		return "system", 0, ""
	case p.Account == nil:
		// A request that is not signed in (a refused sign-in form, a cross-site post).
		return tracker.AnonymousActor, 0, p.Source
	}
	return p.Account.Login, p.Account.ID, p.Source
}

// requireAdmin refuses callers other than an admin or the command line.
func requireAdmin(ctx context.Context) error {
	p := tracker.PrincipalFrom(ctx)
	if p == nil || p.System || p.Account.Admin() {
		return nil
	}
	return tracker.Errorf(tracker.EFORBIDDEN, "この操作は情報セキュリティ事務局の管理者IDだけが行えます。")
}

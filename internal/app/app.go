// Package app assembles the application from one Config: the store, the question banks, the role
// mapping, the policy edition in force and the HTTP server that serves the handbook and the tracker
// on one origin. `isms serve` and the other commands, the load and report benchmarks and the
// end-to-end tests all build the application here, so the tests prove the wiring that ships.
package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"isms/quiz"
	"isms/tracker"
	"isms/tracker/auth"
	trackerhttp "isms/tracker/http"
	"isms/tracker/roster"
	"isms/tracker/sqlite"
)

// App is the assembled application. Set Config (and any replaceable part), then Open.
type App struct {
	Config Config

	// Replaceable parts for tests and benchmarks; nil takes the real one.
	Now        func() time.Time // the clock of the store and the server
	HashParams *auth.Params     // the argon2id cost; tests take a cheap one
	Static     http.Handler     // what answers outside /app/ and /api/: the built handbook; nil answers 404
	Logger     *slog.Logger     // the server's log: standard error
	Out        io.Writer        // the operator's terminal, for Serve's messages: standard error
	Root       string           // the repository with versions.toml, .git and content/; "" is the working directory

	// Set by Open.
	DB      *sqlite.DB
	Banks   []*quiz.Bank
	RoleMap *tracker.RoleMapping   // the -role-map file's mapping, nil when none (the store then has it)
	Edition func(time.Time) string // the policy edition in force at a time, recorded with attempts
	// Editions are the published versions of the policy (versions.toml), read once by Open unless
	// set before: they name the editions attempts recorded on pages and in exports.
	Editions tracker.Editions
	// Amendments are the policy's amendments, read from the repository unless set before Open.
	Amendments []*tracker.Amendment

	// Set by Listen.
	HTTP *trackerhttp.Server

	amendNotice string // why no amendments could be read, for Serve to say
	stopHead    chan struct{}
	headDone    chan struct{}
	stopRemind  chan struct{}
	remindDone  chan struct{}
}

// New returns an application with the configuration c.
func New(c Config) *App { return &App{Config: c} }

// DBPath is the database file in the data directory.
func (a *App) DBPath() string { return filepath.Join(a.Config.Data, "tracker.db") }

// Open loads the banks and the role mapping and opens the store, creating the database on first use.
func (a *App) Open() error { return a.open(true) }

// OpenExisting is Open for the commands that read or copy records: a missing database is an error,
// not a new empty one.
func (a *App) OpenExisting() error { return a.open(false) }

func (a *App) open(create bool) error {
	if !create {
		if _, err := os.Stat(a.DBPath()); err != nil {
			return fmt.Errorf("%s がありません", a.DBPath())
		}
	}
	var err error
	if a.Banks, err = a.Config.banks(); err != nil {
		return err
	}
	if a.RoleMap, err = a.Config.roleMapFile(); err != nil {
		return err
	}
	if a.Editions == nil {
		if a.Editions, err = a.Config.editions(a.root()); err != nil {
			return err
		}
	}
	if err := a.loadAmendments(); err != nil {
		return err
	}
	a.Edition = a.Config.edition(a.Editions)
	db := sqlite.NewDB(a.DBPath())
	db.Config = a.Config.store(a.Banks)
	db.Config.RoleMapFile = a.RoleMap
	db.Rule = auth.NewRule(a.Config.PasswordMin, a.Config.PasswordWords...)
	params := auth.DefaultParams
	if a.HashParams != nil {
		params = *a.HashParams
	}
	db.Hasher = auth.NewHasher(params, a.Config.HashConcurrency)
	if a.Now != nil {
		db.Now = a.Now
	}
	if err := db.Open(); err != nil {
		return fmt.Errorf("%s を開けません: %w", a.DBPath(), err)
	}
	a.DB = db
	return nil
}

// store is the store's share of the configuration; banks bound the modules a plan may name.
func (c Config) store(banks []*quiz.Bank) sqlite.Config {
	return sqlite.Config{
		LockoutThreshold:      c.Lockout,
		AdminLockoutThreshold: c.AdminLockout,
		LockoutDuration:       c.LockoutDuration,
		AddressFailures:       c.AddressFailures,
		BlockFailures:         c.BlockFailures,
		IDFailures:            c.IDFailures,
		IdleTimeout:           c.IdleTimeout,
		SessionLifetime:       c.SessionLifetime,
		PasswordMaxAge:        c.PasswordMaxAge,
		AdminPasswordMaxAge:   c.AdminPasswordMaxAge,
		PasswordHistory:       c.PasswordHistory,
		MaxAttempts:           c.MaxAttempts,
		KnownModule:           func(m string) bool { return quiz.Find(banks, m) != nil },
	}
}

// RosterParser reads roster files with the mapping in force now (tracker.RoleMapSource).
func (a *App) RosterParser(ctx context.Context) (*roster.Parser, error) {
	m, err := a.DB.RoleMapInForce(ctx)
	if err != nil {
		return nil, err
	}
	return &roster.Parser{Roles: m.Map}, nil
}

// Listen creates the first 事務局 account on a fresh database, builds the HTTP server and serves
// on Config.Addr in the background ("127.0.0.1:0" picks a free port; HTTP.Addr then has it). The
// first account's temporary password is returned once, nil when accounts exist.
func (a *App) Listen(ctx context.Context) (*tracker.TempPassword, error) {
	first, err := a.DB.EnsureAdmin(ctx)
	if err != nil {
		return nil, err
	}
	key, err := a.DB.Secret(ctx, "paper")
	if err != nil {
		return nil, err
	}
	// Uploaded rosters wait here between preview and apply: on the server's own disk, readable by
	// the service only, emptied at every start.
	uploads := filepath.Join(a.Config.Data, "uploads")
	if err := os.RemoveAll(uploads); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(uploads, 0o700); err != nil {
		return nil, err
	}
	logger := a.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	db := a.DB
	reminders, err := a.RemindService()
	if err != nil {
		return nil, err
	}
	a.HTTP = &trackerhttp.Server{
		Addr:        a.Config.Addr,
		AuthService: db, PersonService: db, RosterService: db, PlanService: db, AttemptService: db, AuditService: db,
		ReportService: db, RoleMapService: db, TrainingService: db, DrillService: db, ReminderService: db, Reminders: reminders,
		AmendmentService: db, Amendments: a.Amendments, ProposalService: db, EvidenceService: db,
		Banks:         a.Banks,
		PolicyVersion: a.Edition, Editions: a.Editions, PaperKey: key, PaperTTL: a.Config.PaperTTL,
		Static:      a.Static,
		ProxyHeader: a.Config.ProxyHeader, TrustedProxies: a.Config.TrustedProxies, SecureCookies: a.Config.SecureCookies,
		PasswordMinLength: a.Config.PasswordMin,
		TempDir:           uploads,
		RefusalDelay:      a.Config.RefusalDelay,
		Now:               a.Now,
		Logger:            logger,
	}
	if err := a.HTTP.Open(); err != nil {
		return nil, err
	}
	if a.Config.HeadInterval > 0 {
		a.stopHead, a.headDone = make(chan struct{}), make(chan struct{})
		go a.logHead(logger, a.Config.HeadInterval)
	}
	if len(a.Config.RemindDays) > 0 && reminders.Mailer != nil {
		a.stopRemind, a.remindDone = make(chan struct{}), make(chan struct{})
		go a.remindLoop(logger, time.Hour)
	}
	return first, nil
}

// logHead writes the audit chain's head to the server's log at start, then every interval when
// it has moved, and at stop: the log is kept apart from the database, so the lines are anchors an
// attacker who rewrites the database cannot reach (isms audit verify -anchors LOGFILE).
func (a *App) logHead(logger *slog.Logger, interval time.Duration) {
	defer close(a.headDone)
	var last tracker.AuditAnchor
	write := func() {
		head, err := a.DB.ChainHead(context.Background())
		if err != nil {
			logger.Error("audit chain head", "err", err)
			return
		}
		if head != last && head.EventID != 0 {
			logger.Info("audit chain head", "audit_head", head.String())
			last = head
		}
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		write()
		select {
		case <-tick.C:
		case <-a.stopHead:
			write()
			return
		}
	}
}

// Serve is `isms serve`: it opens the store, creates the first 事務局 account on a fresh database
// and prints its temporary password once, and serves until ctx ends, then lets requests in flight
// finish.
func (a *App) Serve(ctx context.Context) error {
	out := a.Out
	if out == nil {
		out = os.Stderr
	}
	if err := a.Open(); err != nil {
		return err
	}
	defer a.Close()
	first, err := a.Listen(ctx)
	if err != nil {
		return err
	}
	if first != nil {
		// Printed once, to the operator's terminal only; the log never holds it.
		fmt.Fprintf(out, "isms: 情報セキュリティ事務局の管理者ID %q を作成しました。\n", first.Login)
		fmt.Fprintf(out, "isms: 仮パスワード（一度だけ表示します。最初のログインで変更してください）: %s\n", first.Password)
	}
	edition := a.Edition(time.Now())
	fmt.Fprintf(out, "isms: 受講記録に記す方針の版（現在）: %s（%s）\n", a.Editions.Label(edition), edition)
	if a.amendNotice != "" {
		fmt.Fprintf(out, "isms: 改正のお知らせは表示しません: %s\n", a.amendNotice)
	}
	fmt.Fprintf(out, "isms: serving %s/ (研修管理 /app/, API /api/, data %s)\n", a.HTTP.URL(), a.DB.Path)
	<-ctx.Done()
	return nil
}

// Close stops the server, letting requests in flight finish, then closes the store.
func (a *App) Close() error {
	var err error
	if a.stopRemind != nil {
		close(a.stopRemind)
		<-a.remindDone
		a.stopRemind = nil
	}
	if a.HTTP != nil {
		err = a.HTTP.Close()
		a.HTTP = nil
	}
	if a.stopHead != nil {
		close(a.stopHead)
		<-a.headDone
		a.stopHead = nil
	}
	if a.DB != nil {
		if e := a.DB.Close(); e != nil {
			err = e
		}
		a.DB = nil
	}
	return err
}

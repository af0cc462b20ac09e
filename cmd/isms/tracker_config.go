package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"isms/policy/history"
	"isms/quiz"
	"isms/tracker"
	"isms/tracker/auth"
	"isms/tracker/sqlite"
)

// envFlags registers flags whose defaults come from ISMS_… environment variables, collecting the
// errors of environment values that do not parse so the command can refuse to start with all of
// them listed.
type envFlags struct {
	fs   *flag.FlagSet
	errs []error
}

func (e *envFlags) env(name string) (string, bool) {
	v, ok := os.LookupEnv(name)
	return strings.TrimSpace(v), ok && strings.TrimSpace(v) != ""
}

func (e *envFlags) String(name, env, def, usage string) *string {
	if v, ok := e.env(env); ok {
		def = v
	}
	return e.fs.String(name, def, usage+" ("+env+")")
}

func (e *envFlags) Int(name, env string, def int, usage string) *int {
	if v, ok := e.env(env); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			e.errs = append(e.errs, fmt.Errorf("%s=%q: 0 以上の整数で指定してください", env, v))
		} else {
			def = n
		}
	}
	return e.fs.Int(name, def, usage+" ("+env+")")
}

func (e *envFlags) Bool(name, env string, def bool, usage string) *bool {
	if v, ok := e.env(env); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			e.errs = append(e.errs, fmt.Errorf("%s=%q: true か false で指定してください", env, v))
		} else {
			def = b
		}
	}
	return e.fs.Bool(name, def, usage+" ("+env+")")
}

// Duration accepts Go durations (15m, 12h) and whole days (90d).
func (e *envFlags) Duration(name, env string, def time.Duration, usage string) *time.Duration {
	d := &durationValue{d: def}
	if v, ok := e.env(env); ok {
		if err := d.Set(v); err != nil {
			e.errs = append(e.errs, fmt.Errorf("%s=%q: %v", env, v, err))
		}
	}
	e.fs.Var(d, name, usage+" ("+env+")")
	return &d.d
}

type durationValue struct{ d time.Duration }

func (v *durationValue) String() string {
	if v.d != 0 && v.d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", v.d/(24*time.Hour))
	}
	return v.d.String()
}

func (v *durationValue) Set(s string) error {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 {
			return errors.New("期間は 15m、12h、90d の形で指定してください")
		}
		v.d = time.Duration(days) * 24 * time.Hour
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return errors.New("期間は 15m、12h、90d の形で指定してください")
	}
	v.d = d
	return nil
}

// parse parses the arguments and reports every bad environment value.
func (e *envFlags) parse(args []string) error {
	if err := e.fs.Parse(args); err != nil {
		return err
	}
	return errors.Join(e.errs...)
}

// trackerConfig is the tracker's configuration shared by serve and the administration commands.
// The README's configuration table lists it.
type trackerConfig struct {
	data          *string
	roleMap       *string
	quizDir       *string
	policyVersion *string

	lockout, adminLockout, passwordMin, maxAttempts, hashConcurrency *int
	lockoutDuration, idleTimeout, sessionLifetime                    *time.Duration
	passwordMaxAge, adminPasswordMaxAge, paperTTL                    *time.Duration
	passwordWords, proxyHeader, trustedProxies                       *string
	secureCookies                                                    *bool
	memoryLimit                                                      *string
}

// storeFlags registers what every command that opens the database needs.
func storeFlags(e *envFlags) *trackerConfig {
	c := &trackerConfig{}
	c.data = e.String("data", "ISMS_DATA", "data", "data directory; the database is tracker.db in it")
	c.roleMap = e.String("role-map", "ISMS_ROLE_MAP", "", "file mapping 職位 to roles (職位 = role per line); empty: the built-in mapping")
	c.quizDir = e.String("quiz-dir", "ISMS_QUIZ_DIR", "", "directory of question banks; empty: the banks built into isms")
	c.lockout = e.Int("lockout", "ISMS_LOCKOUT", 5, "failed sign-ins before a staff ID locks")
	c.adminLockout = e.Int("admin-lockout", "ISMS_ADMIN_LOCKOUT", 3, "failed sign-ins before an admin ID locks")
	c.lockoutDuration = e.Duration("lockout-duration", "ISMS_LOCKOUT_DURATION", 15*time.Minute, "how long a locked ID stays locked")
	c.idleTimeout = e.Duration("idle-timeout", "ISMS_IDLE_TIMEOUT", 30*time.Minute, "a session unused this long ends")
	c.sessionLifetime = e.Duration("session-lifetime", "ISMS_SESSION_LIFETIME", 12*time.Hour, "a session ends this long after sign-in")
	c.passwordMin = e.Int("password-min", "ISMS_PASSWORD_MIN", 12, "shortest password, in characters")
	c.passwordWords = e.String("password-words", "ISMS_PASSWORD_WORDS", "nishinomiya,西宮,西宮市,isms", "comma-separated words refused in passwords, besides the built-in list")
	c.passwordMaxAge = e.Duration("password-max-age", "ISMS_PASSWORD_MAX_AGE", 0, "staff must change a password this old; 0: never")
	c.adminPasswordMaxAge = e.Duration("admin-password-max-age", "ISMS_ADMIN_PASSWORD_MAX_AGE", 90*24*time.Hour, "admins must change a password this old")
	c.maxAttempts = e.Int("max-attempts", "ISMS_MAX_ATTEMPTS", 0, "quiz submissions per module and fiscal year; 0: unlimited")
	c.hashConcurrency = e.Int("hash-concurrency", "ISMS_HASH_CONCURRENCY", max(1, runtime.NumCPU()), "password hashes computed at once (each holds 9 MiB)")
	return c
}

// serverFlags registers what only serve needs.
func (c *trackerConfig) serverFlags(e *envFlags) {
	c.policyVersion = e.String("policy-version", "ISMS_POLICY_VERSION", "", "the policy edition in force, recorded with every attempt; empty: the newest version in effect in versions.toml")
	c.paperTTL = e.Duration("paper-ttl", "ISMS_PAPER_TTL", 8*time.Hour, "how long a drawn quiz may be submitted")
	c.proxyHeader = e.String("proxy-header", "ISMS_PROXY_HEADER", "", "header carrying the 職員番号 from a single-sign-on proxy; empty: off")
	c.trustedProxies = e.String("trusted-proxies", "ISMS_TRUSTED_PROXIES", "", "comma-separated addresses or CIDRs of the proxies allowed to use it and X-Forwarded-*")
	c.secureCookies = e.Bool("secure-cookies", "ISMS_SECURE_COOKIES", false, "mark cookies Secure even when TLS ends at a proxy that does not send X-Forwarded-Proto")
	c.memoryLimit = e.String("memory-limit", "ISMS_MEMORY_LIMIT", "48MiB", "soft memory limit of the Go runtime (like GOMEMLIMIT); 0: none")
}

// applyMemoryLimit sets the runtime's soft limit, so the garbage collector returns the password
// hashes' 9 MiB blocks before the process grows past it.
func (c *trackerConfig) applyMemoryLimit() error {
	if _, set := os.LookupEnv("GOGC"); !set {
		// Half the default headroom: the heap is small and mostly short-lived request garbage.
		debug.SetGCPercent(50)
	}
	v := strings.TrimSpace(*c.memoryLimit)
	if v == "" || v == "0" {
		return nil
	}
	units := []struct {
		suffix string
		n      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(v, u.suffix); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
			if err != nil || n <= 0 {
				break
			}
			debug.SetMemoryLimit(n * u.n)
			return nil
		}
	}
	return fmt.Errorf("ISMS_MEMORY_LIMIT=%q: 64MiB のように単位（MiB、GiB）を付けて指定してください", v)
}

func (c *trackerConfig) dbPath() string { return filepath.Join(*c.data, "tracker.db") }

// roles returns the role mapping in force.
func (c *trackerConfig) roles() (tracker.RoleMap, error) {
	if *c.roleMap == "" {
		return tracker.DefaultRoleMap(), nil
	}
	f, err := os.Open(*c.roleMap)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := tracker.ParseRoleMap(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", *c.roleMap, tracker.ErrorMessage(err))
	}
	return m, nil
}

// banks returns the question banks in force. Banks from a directory are checked as isms build
// checks them (every role's module present, every rule of the format), less the articles' existence,
// which needs the handbook's text.
func (c *trackerConfig) banks() ([]*quiz.Bank, error) {
	if *c.quizDir == "" {
		return quiz.Builtin()
	}
	banks, err := quiz.LoadDir(*c.quizDir)
	if err != nil {
		return nil, err
	}
	if err := quiz.Validate(banks, nil); err != nil {
		return nil, err
	}
	return banks, nil
}

// policyEdition gives the edition recorded with an attempt made at a time: the flag's value, else
// the newest version of versions.toml (in the working directory, as isms build reads it) whose
// 施行日 has come by that day in Japan, else "current" for a handbook that has published no version.
func (c *trackerConfig) policyEdition() (func(time.Time) string, error) {
	if v := strings.TrimSpace(*c.policyVersion); v != "" {
		return func(time.Time) string { return v }, nil
	}
	versions, err := history.ReadVersions(history.FileName)
	if err != nil {
		return nil, err
	}
	return func(t time.Time) string {
		j := t.In(tracker.Japan)
		day := history.Date{Year: j.Year(), Month: j.Month(), Day: j.Day()}
		edition := "current"
		for _, v := range versions {
			if !day.Before(v.Effective) {
				edition = v.ID
			}
		}
		return edition
	}, nil
}

func (c *trackerConfig) trustedPrefixes() ([]netip.Prefix, error) {
	var out []netip.Prefix
	if c.trustedProxies == nil {
		return nil, nil
	}
	for _, s := range strings.Split(*c.trustedProxies, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("ISMS_TRUSTED_PROXIES: %q はアドレスでも CIDR でもありません", s)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// openDB opens the store with the configuration; banks, when given, bound the modules a plan may name.
// openExistingDB is openDB for the commands that read or copy records: a missing database is an
// error, not a new empty one.
func (c *trackerConfig) openExistingDB(banks []*quiz.Bank) (*sqlite.DB, error) {
	if _, err := os.Stat(c.dbPath()); err != nil {
		return nil, fmt.Errorf("%s がありません", c.dbPath())
	}
	return c.openDB(banks)
}

func (c *trackerConfig) openDB(banks []*quiz.Bank) (*sqlite.DB, error) {
	db := sqlite.NewDB(c.dbPath())
	var extra []string
	for _, w := range strings.Split(*c.passwordWords, ",") {
		if w = strings.TrimSpace(w); w != "" {
			extra = append(extra, w)
		}
	}
	db.Rule = auth.NewRule(*c.passwordMin, extra...)
	db.Hasher = auth.NewHasher(auth.DefaultParams, *c.hashConcurrency)
	db.Config.LockoutThreshold = *c.lockout
	db.Config.AdminLockoutThreshold = *c.adminLockout
	db.Config.LockoutDuration = *c.lockoutDuration
	db.Config.IdleTimeout = *c.idleTimeout
	db.Config.SessionLifetime = *c.sessionLifetime
	db.Config.PasswordMaxAge = *c.passwordMaxAge
	db.Config.AdminPasswordMaxAge = *c.adminPasswordMaxAge
	db.Config.MaxAttempts = *c.maxAttempts
	if banks != nil {
		db.Config.KnownModule = func(m string) bool { return quiz.Find(banks, m) != nil }
	}
	if err := db.Open(); err != nil {
		return nil, fmt.Errorf("%s を開けません: %w", c.dbPath(), err)
	}
	return db, nil
}

// operatorContext marks command-line work with the operator's name for the audit log.
func operatorContext(ctx context.Context) context.Context {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	host, _ := os.Hostname()
	return tracker.NewContext(ctx, tracker.SystemPrincipal("cli:"+name+"@"+host))
}

// userError turns a tracker error into the message a user reads on the terminal.
func userError(err error) error {
	if err == nil {
		return nil
	}
	var e *tracker.Error
	if errors.As(err, &e) {
		return errors.New(e.Message)
	}
	return err
}

// required gives the 第16条 modules of a role, for a plan's defaults.
func required(r tracker.Role) []string { return quiz.RequiredModules(quiz.Role(r)) }

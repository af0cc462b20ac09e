package app

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is the configuration of the tracker and the server. Its fields are set from the table of
// options below: defaults, then ISMS_… environment variables, then command-line flags.
type Config struct {
	Addr          string // listen address (serve)
	Public        string // built site directory (serve)
	Data          string // data directory; the database is tracker.db in it
	RoleMap       string // file mapping 職位 to roles, overriding the page's; empty: the page's, else the built-in one
	QuizDir       string // directory of question banks; empty: the banks built into isms
	PolicyVersion string // the edition recorded with attempts; empty: by versions.toml and the day (serve)

	Lockout, AdminLockout                         int
	AddressFailures, BlockFailures, IDFailures    int
	RefusalDelay                                  time.Duration // serve
	LockoutDuration, IdleTimeout, SessionLifetime time.Duration
	PasswordMin                                   int
	PasswordWords                                 []string
	PasswordMaxAge, AdminPasswordMaxAge           time.Duration
	PasswordHistory                               int
	MaxAttempts                                   int
	HashConcurrency                               int

	PaperTTL       time.Duration  // serve
	ProxyHeader    string         // serve
	TrustedProxies []netip.Prefix // serve
	SecureCookies  bool           // serve
	MemoryLimit    int64          // bytes; 0: none (serve)
	HeadInterval   time.Duration  // how often the audit chain's head goes to the log; 0: never (serve)

	// Reminders (serve): the city's mail relay, the portal's address in the mails, the schedule.
	SMTPHost, SMTPFrom, SMTPFromName, SMTPUser, SMTPPassword, SMTPCA string
	SMTPPort                                                         int
	SMTPPlain                                                        bool
	PortalURL                                                        string
	RemindDays                                                       []int
}

// An Option is one row of the configuration table: its flag, environment variable, default, help
// and parser. The table is the one place these are written; --help and tracker/README.md's table
// are rendered from it (a test compares the README with it).
type Option struct {
	Flag    string
	Env     string
	Default string // the value when neither the environment nor a flag gives one, as typed
	Shown   string // the default as the README shows it, when it is computed ("number of CPUs")
	Help    string
	Serve   bool // read by `isms serve` only
	set     func(c *Config, v string) error
}

// Options is the configuration table, in the order the README lists it.
var Options = []Option{
	{Flag: "addr", Env: "ISMS_ADDR", Default: "127.0.0.1:8080", Serve: true, Help: "listen address",
		set: text(func(c *Config) *string { return &c.Addr })},
	{Flag: "public", Env: "ISMS_PUBLIC", Default: "public", Serve: true, Help: "built site directory",
		set: text(func(c *Config) *string { return &c.Public })},
	{Flag: "data", Env: "ISMS_DATA", Default: "data", Help: "data directory; the database is `tracker.db` in it",
		set: text(func(c *Config) *string { return &c.Data })},
	{Flag: "role-map", Env: "ISMS_ROLE_MAP", Shown: "(none)", Help: "file mapping 職位 to 第16条 roles (`職位 = 役割` or `局/職位 = 役割` per line); when given it overrides the table the 事務局 saves on its page, see below",
		set: text(func(c *Config) *string { return &c.RoleMap })},
	{Flag: "quiz-dir", Env: "ISMS_QUIZ_DIR", Shown: "(built in)", Help: "directory of question banks instead of those built into `isms`",
		set: text(func(c *Config) *string { return &c.QuizDir })},
	{Flag: "policy-version", Env: "ISMS_POLICY_VERSION", Serve: true,
		Shown: "the newest version of `versions.toml` whose 施行日 has come on the day of each attempt, or `current`",
		Help:  "the policy edition recorded with every attempt",
		set:   text(func(c *Config) *string { return &c.PolicyVersion })},
	{Flag: "lockout", Env: "ISMS_LOCKOUT", Default: "5",
		Help: "failed sign-ins at a staff ID from one client (an address, or a browser that signed in to the ID before) before that client is locked out of the ID; the ID's owner elsewhere is not (see Sign-in limits)",
		set:  count(func(c *Config) *int { return &c.Lockout }, 1)},
	{Flag: "admin-lockout", Env: "ISMS_ADMIN_LOCKOUT", Default: "3", Help: "the same for admin IDs (【09】第5条2: stricter for privileged IDs)",
		set: count(func(c *Config) *int { return &c.AdminLockout }, 1)},
	{Flag: "lockout-duration", Env: "ISMS_LOCKOUT_DURATION", Default: "15m", Help: "how long a lock lasts; also the period of the budgets below",
		set: duration(func(c *Config) *time.Duration { return &c.LockoutDuration }, true)},
	{Flag: "signin-address-failures", Env: "ISMS_SIGNIN_ADDRESS_FAILURES", Default: "20",
		Help: "failed sign-ins one address may make per lockout duration before its sign-ins are refused at once (browsers that signed in before are not held to it)",
		set:  count(func(c *Config) *int { return &c.AddressFailures }, 1)},
	{Flag: "signin-block-failures", Env: "ISMS_SIGNIN_BLOCK_FAILURES", Default: "100",
		Help: "the same for an address block (/24 for IPv4, /64 for IPv6)",
		set:  count(func(c *Config) *int { return &c.BlockFailures }, 1)},
	{Flag: "signin-id-failures", Env: "ISMS_SIGNIN_ID_FAILURES", Default: "10",
		Help: "failed sign-ins at one ID from clients it does not know before each further try from them must wait (1 s, doubling, at most 1 minute)",
		set:  count(func(c *Config) *int { return &c.IDFailures }, 1)},
	{Flag: "idle-timeout", Env: "ISMS_IDLE_TIMEOUT", Default: "30m", Help: "a session unused this long ends (【07】第13条)",
		set: duration(func(c *Config) *time.Duration { return &c.IdleTimeout }, true)},
	{Flag: "session-lifetime", Env: "ISMS_SESSION_LIFETIME", Default: "12h", Help: "a session ends this long after sign-in",
		set: duration(func(c *Config) *time.Duration { return &c.SessionLifetime }, true)},
	{Flag: "password-min", Env: "ISMS_PASSWORD_MIN", Default: "12", Help: "shortest password, in characters",
		set: count(func(c *Config) *int { return &c.PasswordMin }, 8)},
	{Flag: "password-words", Env: "ISMS_PASSWORD_WORDS", Default: "nishinomiya,西宮,西宮市,isms", Help: "words refused in passwords besides the built-in list",
		set: func(c *Config, v string) error {
			c.PasswordWords = nil
			for _, w := range strings.Split(v, ",") {
				if w = strings.TrimSpace(w); w != "" {
					c.PasswordWords = append(c.PasswordWords, w)
				}
			}
			return nil
		}},
	{Flag: "password-max-age", Env: "ISMS_PASSWORD_MAX_AGE", Default: "0", Shown: "`0` (never)", Help: "staff must change a password this old (【07】第11条(3))",
		set: duration(func(c *Config) *time.Duration { return &c.PasswordMaxAge }, false)},
	{Flag: "admin-password-max-age", Env: "ISMS_ADMIN_PASSWORD_MAX_AGE", Default: "90d", Help: "the same for admin IDs",
		set: duration(func(c *Config) *time.Duration { return &c.AdminPasswordMaxAge }, false)},
	{Flag: "password-history", Env: "ISMS_PASSWORD_HISTORY", Default: "5",
		Help: "a new password may not be any of this many latest passwords of the ID, the current one included (【07】第11条)",
		set:  count(func(c *Config) *int { return &c.PasswordHistory }, 1)},
	{Flag: "max-attempts", Env: "ISMS_MAX_ATTEMPTS", Default: "0", Shown: "`0` (unlimited)", Help: "quiz submissions per module and fiscal year (retakes)",
		set: count(func(c *Config) *int { return &c.MaxAttempts }, 0)},
	{Flag: "hash-concurrency", Env: "ISMS_HASH_CONCURRENCY", Default: "0", Shown: "number of CPUs", Help: "password hashes computed at once (each holds 9 MiB); 0: the number of CPUs",
		set: func(c *Config, v string) error {
			if err := count(func(c *Config) *int { return &c.HashConcurrency }, 0)(c, v); err != nil {
				return err
			}
			if c.HashConcurrency == 0 {
				c.HashConcurrency = max(1, runtime.NumCPU())
			}
			return nil
		}},
	{Flag: "signin-refusal-delay", Env: "ISMS_SIGNIN_REFUSAL_DELAY", Default: "500ms", Serve: true,
		Help: "how long the answer to a sign-in refused by these limits is held (at most 256 at once), so that a flooding client slows itself down; `0`: at once",
		set:  duration(func(c *Config) *time.Duration { return &c.RefusalDelay }, false)},
	{Flag: "paper-ttl", Env: "ISMS_PAPER_TTL", Default: "8h", Serve: true, Help: "how long a drawn quiz may be submitted",
		set: duration(func(c *Config) *time.Duration { return &c.PaperTTL }, true)},
	{Flag: "proxy-header", Env: "ISMS_PROXY_HEADER", Shown: "(off)", Serve: true, Help: "header with the 職員番号 from a single-sign-on reverse proxy",
		set: text(func(c *Config) *string { return &c.ProxyHeader })},
	{Flag: "trusted-proxies", Env: "ISMS_TRUSTED_PROXIES", Shown: "(none)", Serve: true,
		Help: "comma-separated IPs/CIDRs allowed to send that header and `X-Forwarded-For/Proto`",
		set:  func(c *Config, v string) (err error) { c.TrustedProxies, err = parsePrefixes(v); return err }},
	{Flag: "secure-cookies", Env: "ISMS_SECURE_COOKIES", Default: "false", Serve: true,
		Help: "mark cookies `Secure` even when TLS ends at a proxy that sends no `X-Forwarded-Proto`",
		set:  boolean(func(c *Config) *bool { return &c.SecureCookies })},
	{Flag: "audit-head-interval", Env: "ISMS_AUDIT_HEAD_INTERVAL", Default: "1h", Serve: true,
		Help: "how often the server writes the audit chain's head to its log (`audit_head=…`, an anchor outside the database for `isms audit verify -anchors`); `0`: never",
		set:  duration(func(c *Config) *time.Duration { return &c.HeadInterval }, false)},
	{Flag: "memory-limit", Env: "ISMS_MEMORY_LIMIT", Default: "48MiB", Serve: true,
		Help: "soft memory limit of the Go runtime; `serve` also halves GOGC unless `GOGC` is set",
		set:  func(c *Config, v string) (err error) { c.MemoryLimit, err = parseSize(v); return err }},
	{Flag: "smtp-host", Env: "ISMS_SMTP_HOST", Shown: "(off)", Serve: true,
		Help: "the city's mail relay for reminders; unset, reminders are handed out as a mail-merge file or slips",
		set:  text(func(c *Config) *string { return &c.SMTPHost })},
	{Flag: "smtp-port", Env: "ISMS_SMTP_PORT", Default: "587", Serve: true, Help: "the relay's port (submission)",
		set: count(func(c *Config) *int { return &c.SMTPPort }, 1)},
	{Flag: "smtp-from", Env: "ISMS_SMTP_FROM", Shown: "(none)", Serve: true, Help: "the reminders' sender address",
		set: text(func(c *Config) *string { return &c.SMTPFrom })},
	{Flag: "smtp-from-name", Env: "ISMS_SMTP_FROM_NAME", Default: "情報セキュリティ事務局", Serve: true, Help: "the sender's name",
		set: text(func(c *Config) *string { return &c.SMTPFromName })},
	{Flag: "smtp-user", Env: "ISMS_SMTP_USER", Shown: "(no authentication)", Serve: true,
		Help: "user for the relay's AUTH PLAIN; the password is read from `ISMS_SMTP_PASSWORD` only (never a flag, never logged)",
		set:  text(func(c *Config) *string { return &c.SMTPUser })},
	{Env: "ISMS_SMTP_PASSWORD", Shown: "(none)", Serve: true, Help: "the relay's password (environment only)",
		set: text(func(c *Config) *string { return &c.SMTPPassword })},
	{Flag: "smtp-ca", Env: "ISMS_SMTP_CA", Shown: "(the system's)", Serve: true, Help: "PEM file of the CA that signed the relay's certificate",
		set: text(func(c *Config) *string { return &c.SMTPCA })},
	{Flag: "smtp-plain", Env: "ISMS_SMTP_PLAIN", Default: "false", Serve: true,
		Help: "allow a relay that offers no STARTTLS (sends in the clear; by default such a relay is refused)",
		set:  boolean(func(c *Config) *bool { return &c.SMTPPlain })},
	{Flag: "portal-url", Env: "ISMS_PORTAL_URL", Shown: "`http://` and `-addr`", Serve: true,
		Help: "the portal's address as staff reach it, for the links in reminders (e.g. `https://isms.city.example.lg.jp`)",
		set:  text(func(c *Config) *string { return &c.PortalURL })},
	{Flag: "remind-days", Env: "ISMS_REMIND_DAYS", Shown: "(off)", Serve: true,
		Help: "send reminders by mail this many days before each person's deadline, e.g. `14,3` (checked hourly)",
		set: func(c *Config, v string) error {
			c.RemindDays = nil
			for _, f := range strings.Split(v, ",") {
				if f = strings.TrimSpace(f); f == "" {
					continue
				}
				n, err := strconv.Atoi(f)
				if err != nil || n < 0 || n > 365 {
					return errors.New("0〜365 の日数をコンマで区切って指定してください（例: 14,3）")
				}
				c.RemindDays = append(c.RemindDays, n)
			}
			return nil
		}},
}

// DefaultConfig is the configuration with every option at its default.
func DefaultConfig() Config {
	var c Config
	for _, o := range Options {
		if err := o.set(&c, o.Default); err != nil {
			panic(fmt.Sprintf("app: the default of -%s does not parse: %v", o.Flag, err))
		}
	}
	return c
}

// ApplyEnv sets the options whose environment variable lookup finds, for a command that takes the
// store's options (and the server's when serve is true). Every bad value is reported, by name.
func (c *Config) ApplyEnv(lookup func(string) (string, bool), serve bool) error {
	var errs []error
	for _, o := range Options {
		if o.Serve && !serve {
			continue
		}
		v, ok := lookup(o.Env)
		if v = strings.TrimSpace(v); !ok || v == "" {
			continue
		}
		if err := o.set(c, v); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: %v", o.Env, v, err))
		}
	}
	return errors.Join(errs...)
}

// RegisterFlags adds the options to fs, each writing into c when given.
func (c *Config) RegisterFlags(fs *flag.FlagSet, serve bool) {
	for i := range Options {
		o := &Options[i]
		if (o.Serve && !serve) || o.Flag == "" {
			continue // an option without a flag is a secret, read from the environment only
		}
		shown := o.Default
		if o.Shown != "" {
			shown = strings.ReplaceAll(o.Shown, "`", "")
		}
		fs.Var(&optionValue{o: o, c: c}, o.Flag, fmt.Sprintf("%s (%s; default %s)", strings.ReplaceAll(o.Help, "`", ""), o.Env, shown))
	}
}

// optionValue is an option as a flag.Value.
type optionValue struct {
	o    *Option
	c    *Config
	text string
}

func (v *optionValue) String() string {
	if v == nil {
		return ""
	}
	return v.text
}

func (v *optionValue) Set(s string) error {
	if err := v.o.set(v.c, strings.TrimSpace(s)); err != nil {
		return err
	}
	v.text = s
	return nil
}

// MarkdownTable renders the table as tracker/README.md shows it.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Flag | Environment | Default | Meaning |\n|---|---|---|---|\n")
	for _, o := range Options {
		shown := o.Shown
		if shown == "" {
			shown = "`" + o.Default + "`"
		}
		help := o.Help
		if o.Serve {
			help += " (`serve`)"
		}
		flag := "`-" + o.Flag + "`"
		if o.Flag == "" {
			flag = "(none)"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s |\n", flag, o.Env, shown, help)
	}
	return b.String()
}

func text(field func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *field(c) = v; return nil }
}

func boolean(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("true か false で指定してください")
		}
		*field(c) = b
		return nil
	}
}

func count(field func(*Config) *int, least int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < least {
			return fmt.Errorf("%d 以上の整数で指定してください", least)
		}
		*field(c) = n
		return nil
	}
}

// duration accepts Go durations (15m, 12h) and whole days (90d); positive refuses 0.
func duration(field func(*Config) *time.Duration, positive bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		var d time.Duration
		var err error
		if n, ok := strings.CutSuffix(v, "d"); ok {
			var days int
			days, err = strconv.Atoi(n)
			d = time.Duration(days) * 24 * time.Hour
		} else {
			d, err = time.ParseDuration(v)
		}
		if err != nil || d < 0 || (positive && d == 0) {
			return errors.New("期間は 15m、12h、90d の形で指定してください")
		}
		*field(c) = d
		return nil
	}
}

func parsePrefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(v, ",") {
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
			return nil, fmt.Errorf("%q はアドレスでも CIDR でもありません", s)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// parseSize reads 48MiB, 1GiB, 64MB; "" and "0" are no limit.
func parseSize(v string) (int64, error) {
	if v == "" || v == "0" {
		return 0, nil
	}
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}} {
		if num, ok := strings.CutSuffix(v, u.suffix); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
			if err == nil && n > 0 {
				return n * u.n, nil
			}
			break
		}
	}
	return 0, errors.New("64MiB のように単位（MiB、GiB）を付けて指定してください")
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"

	"isms/internal/app"
	"isms/tracker"
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

// trackerFlags registers the application's configuration table (internal/app) on the command's
// flags: the environment's values first, every bad one reported when the flags are parsed, then
// the flags over them. serve adds the options only the server reads.
func trackerFlags(e *envFlags, serve bool) *app.Config {
	c := app.DefaultConfig()
	if err := c.ApplyEnv(os.LookupEnv, serve); err != nil {
		e.errs = append(e.errs, err)
	}
	c.RegisterFlags(e.fs, serve)
	return &c
}

// openApp opens the application's store with the configuration; existing refuses a missing
// database (the commands that read or copy records) instead of creating an empty one.
func openApp(c *app.Config, existing bool) (*app.App, error) {
	a := app.New(*c)
	open := a.Open
	if existing {
		open = a.OpenExisting
	}
	if err := open(); err != nil {
		return nil, err
	}
	return a, nil
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

// envOr returns the environment variable name, or def when it is unset.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

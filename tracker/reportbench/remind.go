package reportbench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"isms/internal/app"
	"isms/internal/smtptest"
	"isms/tracker"
	"isms/tracker/remind"
)

// RemindOptions configure `isms bench remind`.
type RemindOptions struct {
	Staff     int // the city whose reminders are prepared
	SendStaff int // the city whose reminders are all sent
	Runs      int
	Dir       string
	Keep      bool
	Out       io.Writer
}

// RemindResult is what the benchmark measured.
type RemindResult struct {
	Prepare   []time.Duration // one per run, for Staff people
	PrepCPU   []time.Duration // the CPU time of each (the process's, so the machine's other load does not count)
	Reminders int             // in each prepared batch
	Sent      int             // messages sent in each send run
	Send      []time.Duration // one per run: every reminder of the SendStaff city sent and recorded
}

// Remind fills a city of Staff people in which nearly everyone is still outstanding, times the
// preparation of its reminders, then sends every reminder of a city of SendStaff people through a
// real SMTP server on loopback (STARTTLS, AUTH PLAIN), each send recorded as evidence.
func Remind(ctx context.Context, o RemindOptions) (*RemindResult, error) {
	dir := o.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "isms-bench-remind-")
		if err != nil {
			return nil, err
		}
		dir = d
	}
	if !o.Keep {
		defer os.RemoveAll(dir)
	}
	relay, err := smtptest.Start("isms", "bench-relay", false)
	if err != nil {
		return nil, err
	}
	defer relay.Close()
	relay.Discard = true
	ca := filepath.Join(dir, "relay-ca.pem")
	if err := os.WriteFile(ca, relay.CertPEM, 0o600); err != nil {
		return nil, err
	}
	res := &RemindResult{}
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, tracker.Japan)
	city := func(name string, staff int) (*remind.Service, remind.Options, func(), error) {
		path := filepath.Join(dir, name, "tracker.db")
		fmt.Fprintf(o.Out, "filling %d staff into %s …\n", staff, path)
		if _, _, err := Populate(ctx, path, City{Staff: staff, Bureaus: 10, Departments: 5, Sections: 10, Years: 1, Last: 2026,
			Attempts: 2, Now: now, Mail: true}); err != nil {
			return nil, remind.Options{}, nil, err
		}
		cfg := app.DefaultConfig()
		cfg.Data = filepath.Dir(path)
		cfg.SMTPHost, cfg.SMTPPort, cfg.SMTPFrom, cfg.SMTPUser, cfg.SMTPPassword, cfg.SMTPCA = relay.Host, relay.Port, "isms@city.example.jp",
			relay.User, relay.Password, ca
		a := app.New(cfg)
		a.Now = func() time.Time { return now }
		if err := a.Open(); err != nil {
			return nil, remind.Options{}, nil, err
		}
		s, err := a.RemindService()
		if err != nil {
			a.Close()
			return nil, remind.Options{}, nil, err
		}
		return s, remind.Options{FiscalYear: 2026}, func() { a.Close() }, nil
	}
	system := tracker.NewContext(ctx, tracker.SystemPrincipal("bench"))

	s, opts, done, err := city("prepare", o.Staff)
	if err != nil {
		return nil, err
	}
	for i := 0; i < o.Runs; i++ {
		cpu0 := processCPU()
		start := time.Now()
		b, err := s.Prepare(system, opts)
		if err != nil {
			done()
			return nil, err
		}
		res.Prepare = append(res.Prepare, time.Since(start))
		res.PrepCPU = append(res.PrepCPU, processCPU()-cpu0)
		res.Reminders = len(b.Staff) + len(b.Managers)
		fmt.Fprintf(o.Out, "prepare run %d: %d reminders in %v (CPU %v)\n", i+1, res.Reminders, res.Prepare[i].Round(time.Millisecond),
			res.PrepCPU[i].Round(time.Millisecond))
	}
	done()

	for i := 0; i < o.Runs; i++ {
		s, opts, done, err := city(fmt.Sprintf("send%d", i+1), o.SendStaff)
		if err != nil {
			return nil, err
		}
		b, err := s.Prepare(system, opts)
		if err != nil {
			done()
			return nil, err
		}
		before := relay.Count()
		start := time.Now()
		r, err := s.Send(system, opts, b.Digest)
		elapsed := time.Since(start)
		done()
		if err != nil {
			return nil, err
		}
		if r.Failed > 0 || relay.Count()-before != r.Sent {
			return nil, fmt.Errorf("send run %d: %d failed, relay received %d of %d", i+1, r.Failed, relay.Count()-before, r.Sent)
		}
		res.Sent = r.Sent
		res.Send = append(res.Send, elapsed)
		fmt.Fprintf(o.Out, "send run %d: %d messages in %v (%.0f messages/s, each recorded)\n", i+1, r.Sent, elapsed.Round(time.Millisecond),
			float64(r.Sent)/elapsed.Seconds())
	}
	return res, nil
}

// MedianDuration is the median of the durations.
func MedianDuration(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

// processCPU is the CPU time this process has used.
func processCPU() time.Duration {
	var r syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &r)
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

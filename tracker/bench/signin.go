package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// The sign-in flood benchmark (`isms bench signin`): a real server process with the real password
// hash, Attackers clients on one loopback address sending wrong passwords for the documented
// 事務局 ID and sequential 職員番号 as fast as the server answers, and the 事務局 itself signing in
// from another address block meanwhile. It prints the 事務局's sign-in latency without and
// during the flood, the flood's rate and answers, and how much the audit log grew.

// SigninOptions bound a run.
type SigninOptions struct {
	Binary    string        // the isms binary to run as the server
	Attackers int           // concurrent clients sending bad sign-ins, all from AttackFrom
	Duration  time.Duration // the flood lasts this long
	Baseline  time.Duration // the 事務局's sign-ins are first measured alone for this long
	Dir       string        // working directory; a temporary one if empty
	Keep      bool          // keep Dir afterwards
	Out       io.Writer     // progress

	AttackFrom string // the attackers' address, 127.1.0.2 by default
	SignInFrom string // the 事務局's address, in another block, 127.2.0.3 by default
}

// SigninResult holds the figures of a run.
type SigninResult struct {
	Attackers       int
	Elapsed         time.Duration
	AttackRequests  int // answered, any status
	AttackPerSecond float64
	AttackRefused   int // 429: refused by the limits before any password was checked
	AttackWrong     int // 401: a password checked and found wrong
	AttackOther     int // anything else, or a failed request

	Baseline      []time.Duration // the 事務局's sign-ins alone
	DuringFlood   []time.Duration // the 事務局's sign-ins during the flood
	SignInsFailed int

	AuditEvents, AuditBytes           int64 // the audit log's growth during the flood
	AuditEventsAfter, AuditBytesAfter int64 // the same up to the server's stop (the summaries are written then)
	ServerCPU                         time.Duration
	PeakRSS                           int64
	ChainOK                           bool
}

// Signin runs the benchmark.
func Signin(ctx context.Context, o SigninOptions) (*SigninResult, error) {
	if o.Attackers < 1 || o.Duration <= 0 {
		return nil, errors.New("bench: attackers and duration must be positive")
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.AttackFrom == "" {
		o.AttackFrom = "127.1.0.2"
	}
	if o.SignInFrom == "" {
		o.SignInFrom = "127.2.0.3"
	}
	data, public, done, err := workDir(o.Dir, "isms-bench-signin-", o.Keep)
	if err != nil {
		return nil, err
	}
	defer done()
	// Staff whose sequential numbers the attackers try.
	if _, err := prepare(ctx, data, 64); err != nil {
		return nil, err
	}
	srv, err := startServer(ctx, o.Binary, data, public)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	if srv.firstPassword == "" {
		return nil, errors.New("bench: the server printed no first 事務局 password")
	}
	fmt.Fprintf(o.Out, "server pid %d at %s\n", srv.cmd.Process.Pid, srv.url)

	admin := func() *benchClient { return fromAddress(srv.url, o.SignInFrom, 1) }
	c := admin()
	var sess struct {
		CSRF string `json:"csrfToken"`
	}
	if st, err := c.call("POST", "/api/login", map[string]string{"login": "jimukyoku", "password": srv.firstPassword}, &sess); err != nil || st != 200 {
		return nil, fmt.Errorf("bench: first sign-in: %d %v", st, err)
	}
	c.csrf = sess.CSRF
	if st, err := c.call("POST", "/api/password", map[string]string{"current": srv.firstPassword, "new": newPassword}, nil); err != nil || st != 204 {
		return nil, fmt.Errorf("bench: password change: %d %v", st, err)
	}

	res := &SigninResult{Attackers: o.Attackers}
	// signIns signs the 事務局 in again and again, each time as a browser that never signed in
	// before (so no device token helps it), until stop closes.
	signIns := func(stop <-chan struct{}) []time.Duration {
		var out []time.Duration
		for {
			select {
			case <-stop:
				return out
			default:
			}
			t0 := time.Now()
			st, err := admin().call("POST", "/api/login", map[string]string{"login": "jimukyoku", "password": newPassword}, nil)
			if err != nil || st != 200 {
				res.SignInsFailed++
				continue
			}
			out = append(out, time.Since(t0))
		}
	}
	fmt.Fprintf(o.Out, "the 事務局 signs in alone for %s\n", o.Baseline)
	stop := make(chan struct{})
	time.AfterFunc(o.Baseline, func() { close(stop) })
	res.Baseline = signIns(stop)

	db, err := sql.Open("sqlite3", "file:"+filepath.Join(data, "tracker.db")+"?_query_only=true&_busy_timeout=5000")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	events0, bytes0, err := auditSize(db)
	if err != nil {
		return nil, err
	}
	pid := srv.cmd.Process.Pid
	cpu0 := cpuTime(pid)

	fmt.Fprintf(o.Out, "%d attackers from %s for %s; the 事務局 signs in from %s\n", o.Attackers, o.AttackFrom, o.Duration, o.SignInFrom)
	var refused, wrong, other atomic.Int64
	stop = make(chan struct{})
	var wg sync.WaitGroup
	attack := fromAddress(srv.url, o.AttackFrom, o.Attackers)
	logins := []string{"jimukyoku"}
	for i := range 64 {
		logins = append(logins, fmt.Sprintf("B%05d", i+1))
	}
	start := time.Now()
	for i := range o.Attackers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := i; ; n += o.Attackers {
				select {
				case <-stop:
					return
				default:
				}
				st, err := attack.call("POST", "/api/login", map[string]string{"login": logins[n%len(logins)], "password": "guess-" + fmt.Sprint(n)}, nil)
				switch {
				case err != nil:
					other.Add(1)
				case st == http.StatusTooManyRequests:
					refused.Add(1)
				case st == http.StatusUnauthorized:
					wrong.Add(1)
				default:
					other.Add(1)
				}
			}
		}()
	}
	time.AfterFunc(o.Duration, func() { close(stop) })
	res.DuringFlood = signIns(stop)
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.ServerCPU = cpuTime(pid) - cpu0
	res.AttackRefused, res.AttackWrong, res.AttackOther = int(refused.Load()), int(wrong.Load()), int(other.Load())
	res.AttackRequests = res.AttackRefused + res.AttackWrong + res.AttackOther
	res.AttackPerSecond = float64(res.AttackRequests) / res.Elapsed.Seconds()
	events1, bytes1, err := auditSize(db)
	if err != nil {
		return nil, err
	}
	res.AuditEvents, res.AuditBytes = events1-events0, bytes1-bytes0
	res.PeakRSS = peakRSS(pid)
	db.Close()
	if err := srv.stop(); err != nil {
		return nil, fmt.Errorf("bench: server: %v", err)
	}

	a, err := open(data)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	v, err := a.DB.VerifyChain(ctx)
	if err != nil {
		return nil, err
	}
	res.ChainOK = v.OK()
	res.AuditEventsAfter = int64(v.Events) - events0
	after, err := sql.Open("sqlite3", "file:"+filepath.Join(data, "tracker.db")+"?_query_only=true")
	if err != nil {
		return nil, err
	}
	defer after.Close()
	_, bytes2, err := auditSize(after)
	res.AuditBytesAfter = bytes2 - bytes0
	return res, err
}

// fromAddress is a client whose connections come from a loopback address of its own.
func fromAddress(base, address string, conns int) *benchClient {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(address)}}
	t := &http.Transport{DialContext: d.DialContext, MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute}
	jar, _ := cookiejar.New(nil)
	return &benchClient{hc: &http.Client{Jar: jar, Transport: t, Timeout: 60 * time.Second}, base: base}
}

// auditSize counts the audit log's events and the bytes of their fields.
func auditSize(db *sql.DB) (events, size int64, err error) {
	err = db.QueryRow(`SELECT COUNT(*), COALESCE(SUM(LENGTH(actor) + LENGTH(action) + LENGTH(target) + LENGTH(outcome) + LENGTH(source) +
		LENGTH(detail) + LENGTH(prev_hash) + LENGTH(hash) + LENGTH(record_kind) + LENGTH(record_sha256) + 32), 0) FROM audit_log`).Scan(&events, &size)
	return events, size, err
}

// Print writes the figures as the README shows them.
func (r *SigninResult) Print(w io.Writer) {
	fmt.Fprintf(w, "flood               %d attackers from one address, %.1f s\n", r.Attackers, r.Elapsed.Seconds())
	fmt.Fprintf(w, "attack requests     %d (%.0f/s): %d refused without checking a password (429), %d passwords checked (401), %d other\n",
		r.AttackRequests, r.AttackPerSecond, r.AttackRefused, r.AttackWrong, r.AttackOther)
	fmt.Fprintf(w, "sign-in alone       %d sign-ins, p50 %.1f ms, p99 %.1f ms\n", len(r.Baseline), ms(percentile(r.Baseline, 0.5)),
		ms(percentile(r.Baseline, 0.99)))
	fmt.Fprintf(w, "sign-in in flood    %d sign-ins, p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d failed\n", len(r.DuringFlood),
		ms(percentile(r.DuringFlood, 0.5)), ms(percentile(r.DuringFlood, 0.99)), ms(percentile(r.DuringFlood, 1)), r.SignInsFailed)
	fmt.Fprintf(w, "audit log growth    %d events, %d bytes during the flood, of which %d the 事務局's sign-ins; %d events, %d bytes up to the server's stop (summaries written)\n",
		r.AuditEvents, r.AuditBytes, len(r.DuringFlood), r.AuditEventsAfter, r.AuditBytesAfter)
	fmt.Fprintf(w, "server              CPU %.1f s in the flood, peak memory %.1f MB (VmHWM); audit chain intact: %v\n",
		r.ServerCPU.Seconds(), float64(r.PeakRSS)/(1<<20), r.ChainOK)
}

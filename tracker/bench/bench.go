// Package bench is the load benchmark of the submit path (`isms bench submit`): a real server
// process on loopback, a real SQLite file with synchronous=FULL, and many clients each signing in,
// drawing a paper and submitting graded answers as fast as the server takes them.
package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"isms/internal/app"
	"isms/tracker"
	"isms/tracker/roster"
)

// Options bound a run in clients, time and count.
type Options struct {
	Binary   string        // the isms binary to run as the server ("serve" is its first argument)
	Clients  int           // concurrent clients, each a member of staff with their own session
	Duration time.Duration // the measured phase ends after this long …
	Max      int           // … or after this many submissions, whichever comes first
	Module   string        // the quiz every client takes
	Dir      string        // working directory for the database and the site; a temporary one if empty
	Keep     bool          // keep Dir afterwards
	Out      io.Writer     // progress and figures
	// DrawInline draws each paper inside the measured loop (two requests per submission) instead
	// of before it.
	DrawInline bool

	serverPID int
}

// Result holds the figures of a run.
type Result struct {
	Clients     int
	Submissions int           // answered 201 Created by the server
	Errors      int           // any other answer or a failed request
	Elapsed     time.Duration // the measured phase
	PerSecond   float64
	SubmitP50   time.Duration
	SubmitP99   time.Duration
	SubmitMax   time.Duration
	DrawP50     time.Duration
	DrawP99     time.Duration
	DrawInline  bool
	ServerCPU   time.Duration // CPU time the server used in the measured phase
	ClientCPU   time.Duration // CPU time the clients (this process) used in it
	PeakRSS     int64         // the server's peak resident memory, bytes (VmHWM)
	PeakAnon    int64         // its peak private (anonymous) memory: heap, stacks, SQLite caches (sampled)
	FileRSS     int64         // the binary's mapped pages resident at the end (shared, reclaimable)
	Recorded    int           // attempts found in the database afterwards
	ChainOK     bool
	DBPath      string
	ServerError string
}

// Submit runs the benchmark.
func Submit(ctx context.Context, o Options) (*Result, error) {
	if o.Clients < 1 || o.Duration <= 0 || o.Max < 1 {
		return nil, errors.New("bench: clients, duration and max must be positive")
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.Module == "" {
		o.Module = "general"
	}
	data, public, done, err := workDir(o.Dir, "isms-bench-", o.Keep)
	if err != nil {
		return nil, err
	}
	defer done()
	os.WriteFile(filepath.Join(public, "index.html"), []byte("<!DOCTYPE html><title>bench</title>"), 0o644)

	fmt.Fprintf(o.Out, "preparing %d staff in %s\n", o.Clients, data)
	passwords, err := prepare(ctx, data, o.Clients)
	if err != nil {
		return nil, err
	}

	srv, err := startServer(ctx, o.Binary, data, public)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	fmt.Fprintf(o.Out, "server pid %d at %s\n", srv.cmd.Process.Pid, srv.url)
	o.serverPID = srv.cmd.Process.Pid

	sampler := sampleMemory(srv.cmd.Process.Pid)
	res, err := load(ctx, srv.url, passwords, o)
	if err != nil {
		return nil, err
	}
	res.PeakRSS = peakRSS(srv.cmd.Process.Pid)
	res.PeakAnon, res.FileRSS = sampler.stop()
	if err := srv.stop(); err != nil {
		res.ServerError = err.Error()
	}
	res.DBPath = filepath.Join(data, "tracker.db")
	res.Recorded, res.ChainOK, err = check(ctx, data)
	return res, err
}

// open opens the application's store in the data directory as `isms serve` will.
func open(data string) (*app.App, error) {
	cfg := app.DefaultConfig()
	cfg.Data = data
	a := app.New(cfg)
	return a, a.Open()
}

// prepare creates the database with one member of staff per client, spread over eight sections,
// and returns their temporary passwords by 職員番号.
func prepare(ctx context.Context, data string, n int) (map[string]string, error) {
	a, err := open(data)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	db := a.DB
	var b strings.Builder
	b.WriteString(strings.Join(roster.Columns, ",") + "\n")
	for i := range n {
		fmt.Fprintf(&b, "B%05d,負荷 試験%d,フカ シケン,総務局,情報管理部,第%d課,主事,職員,,\n", i+1, i+1, i%8+1)
	}
	parser, err := a.RosterParser(ctx)
	if err != nil {
		return nil, err
	}
	r, err := parser.Parse("bench.csv", []byte(b.String()))
	if err != nil {
		return nil, err
	}
	ctx = tracker.NewContext(ctx, tracker.SystemPrincipal("bench"))
	d, err := db.PreviewRoster(ctx, r)
	if err != nil {
		return nil, err
	}
	applied, err := db.ApplyRoster(ctx, r, d.Digest)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, p := range applied.Passwords {
		out[p.Login] = p.Password
	}
	return out, nil
}

type server struct {
	cmd     *exec.Cmd
	url     string
	done    chan error
	stopped bool
	err     error
	// firstPassword is the first 事務局 account's temporary password, as serve prints it once on
	// a fresh database.
	firstPassword string
}

// startServer runs `isms serve` on a free loopback port and waits for its "serving" line.
func startServer(ctx context.Context, binary, data, public string) (*server, error) {
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(os.Environ(), "ISMS_ADDR=127.0.0.1:0", "ISMS_DATA="+data, "ISMS_PUBLIC="+public)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, done: make(chan error, 1)}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			if strings.Contains(line, "仮パスワード") {
				s.firstPassword = strings.TrimSpace(line[strings.LastIndex(line, ": ")+2:])
			}
			if _, rest, ok := strings.Cut(line, "serving http://"); ok {
				addr, _, _ := strings.Cut(rest, "/")
				select {
				case found <- "http://" + addr:
				default:
				}
			}
		}
		s.done <- cmd.Wait()
	}()
	select {
	case u := <-found:
		s.url = u
		return s, nil
	case err := <-s.done:
		return nil, fmt.Errorf("bench: the server exited before serving: %v", err)
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		return nil, errors.New("bench: the server did not start within 30 s")
	case <-ctx.Done():
		cmd.Process.Kill()
		return nil, ctx.Err()
	}
}

// stop ends the server with SIGTERM (a graceful shutdown) and waits for it.
func (s *server) stop() error {
	if s.stopped {
		return s.err
	}
	s.stopped = true
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.err = err
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		s.err = errors.New("the server did not stop within 20 s")
	}
	return s.err
}

// memorySampler polls the server's private memory, which /proc keeps no peak of.
type memorySampler struct {
	done chan struct{}
	out  chan [2]int64
}

func sampleMemory(pid int) *memorySampler {
	m := &memorySampler{done: make(chan struct{}), out: make(chan [2]int64, 1)}
	go func() {
		var peak, file int64
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			anon, f := statusKB(pid, "RssAnon:"), statusKB(pid, "RssFile:")
			peak = max(peak, anon)
			if f > 0 {
				file = f
			}
			select {
			case <-m.done:
				m.out <- [2]int64{peak, file}
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *memorySampler) stop() (peakAnon, fileRSS int64) {
	close(m.done)
	v := <-m.out
	return v[0], v[1]
}

// statusKB reads one "Name: N kB" line of /proc/PID/status, in bytes.
func statusKB(pid int, name string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, name); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}

// peakRSS reads the process's high-water resident set size from /proc (Linux).
func peakRSS(pid int) int64 { return statusKB(pid, "VmHWM:") }

// check counts what the database holds after the server stopped, and verifies the audit chain.
func check(ctx context.Context, data string) (int, bool, error) {
	a, err := open(data)
	if err != nil {
		return 0, false, err
	}
	defer a.Close()
	db := a.DB
	_, total, err := db.FindAttempts(ctx, tracker.AttemptFilter{Limit: 1})
	if err != nil {
		return 0, false, err
	}
	v, err := db.VerifyChain(ctx)
	if err != nil {
		return total, false, err
	}
	return total, v.OK(), nil
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	i := int(float64(len(ds)-1) * p)
	return ds[i]
}

// Print writes the figures as the README shows them.
func (r *Result) Print(w io.Writer) {
	fmt.Fprintf(w, "clients             %d\n", r.Clients)
	fmt.Fprintf(w, "submissions         %d in %.2f s\n", r.Submissions, r.Elapsed.Seconds())
	fmt.Fprintf(w, "throughput          %.0f submissions/s\n", r.PerSecond)
	fmt.Fprintf(w, "submit latency      p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", ms(r.SubmitP50), ms(r.SubmitP99), ms(r.SubmitMax))
	when := "before the measured phase"
	if r.DrawInline {
		when = "inside the measured loop"
	}
	fmt.Fprintf(w, "draw latency        p50 %.1f ms, p99 %.1f ms (papers drawn %s)\n", ms(r.DrawP50), ms(r.DrawP99), when)
	if r.Submissions > 0 {
		fmt.Fprintf(w, "CPU per submission  server %.2f ms, clients %.2f ms (server %.1f s, clients %.1f s in the phase)\n",
			ms(r.ServerCPU)/float64(r.Submissions), ms(r.ClientCPU)/float64(r.Submissions), r.ServerCPU.Seconds(), r.ClientCPU.Seconds())
	}
	fmt.Fprintf(w, "errors              %d\n", r.Errors)
	fmt.Fprintf(w, "server peak memory  %.1f MB resident (VmHWM), of which the binary's mapped code %.1f MB; peak private memory %.1f MB\n",
		float64(r.PeakRSS)/(1<<20), float64(r.FileRSS)/(1<<20), float64(r.PeakAnon)/(1<<20))
	fmt.Fprintf(w, "recorded            %d attempts in the database, audit chain intact: %v\n", r.Recorded, r.ChainOK)
	if r.ServerError != "" {
		fmt.Fprintf(w, "server exit         %s\n", r.ServerError)
	}
}

// cpuTime reads a process's user+system CPU time from /proc (Linux; 0 elsewhere).
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces; fields after the closing parenthesis are fixed.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ is 100 on Linux
}

func selfCPU() time.Duration { return cpuTime(os.Getpid()) }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// workDir makes a benchmark's working directory (a temporary one when dir is empty) with its data
// and public folders; done removes it unless keep.
func workDir(dir, prefix string, keep bool) (data, public string, done func(), err error) {
	if dir == "" {
		if dir, err = os.MkdirTemp("", prefix); err != nil {
			return "", "", nil, err
		}
	}
	done = func() {}
	if !keep {
		done = func() { os.RemoveAll(dir) }
	}
	data, public = filepath.Join(dir, "data"), filepath.Join(dir, "public")
	if err := os.MkdirAll(public, 0o755); err != nil {
		done()
		return "", "", nil, err
	}
	return data, public, done, nil
}

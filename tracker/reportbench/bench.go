package reportbench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"time"

	"isms/internal/app"
	"isms/tracker"
	"isms/tracker/sqlite"
)

// ExportOptions bound `isms bench export`.
type ExportOptions struct {
	Binary string // the isms binary; each run is `isms export` in a process of its own
	Rows   int    // attempts in the fiscal year, i.e. rows of the attempts report
	Runs   int
	Dir    string // working directory; a temporary one if empty
	Keep   bool
	Out    io.Writer
}

// Run is one export.
type Run struct {
	Report  string
	Format  string
	Rows    int
	Elapsed time.Duration
	PeakRSS int64         // bytes: the export process's maximum resident set (getrusage)
	CPU     time.Duration // user and system time of the export process
	Bytes   int64         // size of the file
}

// Export seeds a city whose newest fiscal year has o.Rows attempts and exports them, and the
// attendance list of its staff, o.Runs times each.
func Export(ctx context.Context, o ExportOptions) ([]Run, error) {
	if o.Rows < 2 || o.Runs < 1 || o.Binary == "" {
		return nil, errors.New("reportbench: rows, runs and the binary are required")
	}
	out := o.Out
	if out == nil {
		out = io.Discard
	}
	dir, data, fy, cleanup, err := seedYear(ctx, o.Dir, o.Keep, out, City{Staff: o.Rows / 2, Attempts: o.Rows})
	if err != nil {
		return nil, err
	}
	defer cleanup()

	var runs []Run
	for _, report := range []string{"attempts", "attendance"} {
		for i := 0; i < o.Runs; i++ {
			r, err := exportOnce(ctx, o.Binary, data, dir, report, fy, i)
			if err != nil {
				return runs, err
			}
			fmt.Fprintf(out, "  %s xlsx run %d: %d rows, %.2f s (CPU %.2f s), peak RSS %.1f MB, %.1f MB file\n", report, i+1, r.Rows,
				r.Elapsed.Seconds(), r.CPU.Seconds(), mb(r.PeakRSS), mb(r.Bytes))
			runs = append(runs, r)
		}
	}
	return runs, nil
}

func exportOnce(ctx context.Context, binary, data, dir, report string, fy tracker.FiscalYear, i int) (Run, error) {
	file := filepath.Join(dir, fmt.Sprintf("%s-%d.xlsx", report, i))
	r, stdout, err := measure(ctx, binary, file, "export", report, "-data", data, "-year", strconv.Itoa(int(fy)), "-format", "xlsx",
		"-o", file, "-purpose", "benchmark")
	if err != nil {
		return r, err
	}
	r.Report, r.Format = report, "xlsx"
	// The command reports the rows it wrote (…を100000行出力しました); the export record agrees.
	parts := bytes.SplitN(stdout, []byte("）を"), 2)
	if len(parts) < 2 {
		return r, fmt.Errorf("cannot read the row count in %q", stdout)
	}
	if _, err := fmt.Sscanf(string(parts[1]), "%d", &r.Rows); err != nil {
		return r, fmt.Errorf("cannot read the row count in %q", stdout)
	}
	return r, nil
}

// measure runs the isms binary with args in a process of its own, which writes file, and returns
// its wall and CPU time, peak memory and the file's size (the file is removed), and what it printed.
func measure(ctx context.Context, binary, file string, args ...string) (Run, []byte, error) {
	cmd := exec.CommandContext(ctx, binary, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := Run{Elapsed: time.Since(start)}
	if err != nil {
		return r, nil, fmt.Errorf("isms %s: %v: %s", args[0], err, stderr.String())
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.PeakRSS = ru.Maxrss * 1024 // kilobytes on Linux
		r.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	info, err := os.Stat(file)
	if err != nil {
		return r, nil, err
	}
	r.Bytes = info.Size()
	os.Remove(file)
	return r, stdout.Bytes(), nil
}

// DashboardOptions bound `isms bench dashboard`.
type DashboardOptions struct {
	Staff    int
	Years    int
	Requests int
	Dir      string
	Keep     bool
	Out      io.Writer
}

// Timing is the latency of one page over the measured requests.
type Timing struct {
	Name          string
	Path          string
	N             int
	P50, P90, Max time.Duration
	CPU           time.Duration // this process's CPU time per request (server and client; the client's share is small)
	Bytes         int
}

// Dashboard seeds a city of o.Staff people with o.Years fiscal years of records, starts the real
// tracker server on loopback with a signed-in 事務局 session, and times the report pages.
func Dashboard(ctx context.Context, o DashboardOptions) ([]Timing, int, error) {
	if o.Staff < 1 || o.Years < 1 || o.Requests < 1 {
		return nil, 0, errors.New("reportbench: staff, years and requests must be positive")
	}
	out := o.Out
	if out == nil {
		out = io.Discard
	}
	dir, cleanup, err := workDir(o.Dir, o.Keep)
	if err != nil {
		return nil, 0, err
	}
	defer cleanup()
	now := time.Now()
	fy := tracker.FiscalYearOf(now)
	path := filepath.Join(dir, "data", "tracker.db")
	fmt.Fprintf(out, "seeding %d staff and %d fiscal years in %s\n", o.Staff, o.Years, path)
	people, attempts, err := Populate(ctx, path, City{Staff: o.Staff, Bureaus: 10, Departments: 5, Sections: 10, Years: o.Years, Last: fy, Now: now})
	if err != nil {
		return nil, 0, err
	}
	fmt.Fprintf(out, "seeded %d people, %d attempts\n", people, attempts)

	cfg := app.DefaultConfig()
	cfg.Addr, cfg.Data = "127.0.0.1:0", filepath.Dir(path)
	a := app.New(cfg)
	amendment := benchAmendment(now)
	a.Amendments = []*tracker.Amendment{amendment}
	if err := a.Open(); err != nil {
		return nil, 0, err
	}
	defer a.Close()
	db := a.DB
	acks, err := seedAcknowledgements(ctx, db, amendment)
	if err != nil {
		return nil, 0, err
	}
	fmt.Fprintf(out, "seeded %d 周知確認 of %s\n", acks, amendment.Name)
	token, err := adminSession(ctx, db)
	if err != nil {
		return nil, 0, err
	}
	if _, err := a.Listen(ctx); err != nil {
		return nil, 0, err
	}
	srv := a.HTTP

	y := strconv.Itoa(int(fy))
	client := &http.Client{Timeout: time.Minute}
	get := func(path string) (time.Duration, int, error) {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL()+path, nil)
		req.AddCookie(&http.Cookie{Name: "isms_session", Value: token})
		start := time.Now()
		res, err := client.Do(req)
		if err != nil {
			return 0, 0, err
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return 0, 0, fmt.Errorf("GET %s: %d %.300s", path, res.StatusCode, b)
		}
		return time.Since(start), len(b), nil
	}
	// The first view of a year builds its report_status rows from scratch.
	first, _, err := get("/app/reports/?fy=" + y)
	if err != nil {
		return nil, 0, err
	}
	fmt.Fprintf(out, "  %-34s %6.1f ms (builds the year's status rows)\n", "first view after seeding", ms(first))
	// Submissions keep arriving during a campaign: the next view recomputes only their people.
	var inc []time.Duration
	for round := 0; round < 5; round++ {
		if err := submitSome(ctx, db, o.Staff, 100, round); err != nil {
			return nil, 0, err
		}
		d, _, err := get("/app/reports/?fy=" + y)
		if err != nil {
			return nil, 0, err
		}
		inc = append(inc, d)
	}
	slices.Sort(inc)
	fmt.Fprintf(out, "  %-34s median %6.1f ms  max %6.1f ms  (5 rounds)\n", "view after 100 new submissions", ms(inc[2]), ms(inc[4]))

	pages := []Timing{
		{Name: "事務局 dashboard, current year", Path: "/app/reports/?fy=" + y},
		{Name: "事務局 dashboard, previous year", Path: "/app/reports/?fy=" + strconv.Itoa(int(fy-1))},
		{Name: "dashboard of one 局", Path: "/app/reports/?fy=" + y + "&unit=1"},
		{Name: "未受講者 of one 課 (list page)", Path: "/app/reports/people?state=outstanding&fy=" + y + "&unit=3"},
		{Name: "dashboard JSON API", Path: "/api/reports/dashboard?fy=" + y},
		{Name: "周知状況 dashboard (事務局)", Path: "/app/reports/acknowledgements?version=" + amendment.Version},
		{Name: "周知状況 of one 局", Path: "/app/reports/acknowledgements?version=" + amendment.Version + "&unit=1"},
		{Name: "未確認 of one 課 (list page)", Path: "/app/reports/acknowledgements/people?state=pending&version=" + amendment.Version + "&unit=3"},
		{Name: "周知状況 JSON API", Path: "/api/reports/acknowledgements?version=" + amendment.Version},
	}
	for i := range pages {
		p := &pages[i]
		var ds []time.Duration
		var cpu0 time.Duration
		for j := 0; j < o.Requests+2; j++ {
			if j == 2 {
				cpu0 = selfCPU()
			}
			d, n, err := get(p.Path)
			if err != nil {
				return nil, 0, err
			}
			p.Bytes = n
			if j >= 2 { // the first two warm the caches
				ds = append(ds, d)
			}
		}
		p.CPU = (selfCPU() - cpu0) / time.Duration(len(ds))
		slices.Sort(ds)
		p.N, p.P50, p.P90, p.Max = len(ds), ds[len(ds)/2], ds[len(ds)*9/10], ds[len(ds)-1]
		fmt.Fprintf(out, "  %-34s median %6.1f ms  p90 %6.1f ms  max %6.1f ms  CPU %5.1f ms/request  (%d requests, %d KB)\n", p.Name,
			ms(p.P50), ms(p.P90), ms(p.Max), ms(p.CPU), p.N, p.Bytes/1024)
	}
	return pages, attempts, nil
}

// submitSome records n graded attempts through the store, as the quiz pages do, for people
// spread over a city of staff members.
func submitSome(ctx context.Context, db *sqlite.DB, staff, n, round int) error {
	for i := 0; i < n; i++ {
		p, err := db.FindPersonByStaffNo(ctx, fmt.Sprintf("%07d", 1+(1000+round*977+i*131)%staff))
		if err != nil {
			return err
		}
		a := &tracker.Attempt{Key: fmt.Sprintf("bench-more-%d-%d", round, i), Module: "general", PolicyVersion: "bench", BankVersion: "bench",
			Paper: []byte(`{}`), Answers: map[string][]string{}, Items: []tracker.AttemptItem{{QuestionID: "general-001", Competency: "duty", Right: true}},
			Correct: 10, Total: 10, Percent: 100, Passed: true, StartedAt: time.Now().Add(-10 * time.Minute)}
		pctx := tracker.NewContext(ctx, &tracker.Principal{Account: &tracker.Account{Login: p.StaffNo, Kind: tracker.KindStaff}, Person: p})
		if _, err := db.CreateAttempt(pctx, a); err != nil {
			return err
		}
	}
	return nil
}

// adminSession creates the first 事務局 account, changes its temporary password and returns a
// session token for it.
func adminSession(ctx context.Context, db *sqlite.DB) (string, error) {
	temp, err := db.EnsureAdmin(ctx)
	if err != nil || temp == nil {
		return "", fmt.Errorf("reportbench: no admin account: %v", err)
	}
	s, err := db.SignIn(ctx, tracker.Credentials{Login: temp.Login, Password: temp.Password, Source: "127.0.0.1"})
	if err != nil {
		return "", err
	}
	const password = "kamome-umi-hashiru-bench"
	actx := tracker.NewContext(ctx, &tracker.Principal{Account: s.Account, Source: "127.0.0.1", Token: s.Token})
	if err := db.ChangePassword(actx, temp.Password, password); err != nil {
		return "", err
	}
	s, err = db.SignIn(ctx, tracker.Credentials{Login: temp.Login, Password: password, Source: "127.0.0.1"})
	if err != nil {
		return "", err
	}
	return s.Token, nil
}

// seedYear fills a working directory's database with a city of 10 局 × 5 部 × 10 課 and one fiscal
// year of records, the current one (c's other fields as given), and returns the directory, the
// data directory and the year.
func seedYear(ctx context.Context, dir string, keep bool, out io.Writer, c City) (string, string, tracker.FiscalYear, func(), error) {
	dir, cleanup, err := workDir(dir, keep)
	if err != nil {
		return "", "", 0, nil, err
	}
	c.Now = time.Now()
	c.Bureaus, c.Departments, c.Sections, c.Years, c.Last = 10, 5, 10, 1, tracker.FiscalYearOf(c.Now)
	data := filepath.Join(dir, "data")
	fmt.Fprintf(out, "seeding %d staff with %s in %s\n", c.Staff, c.Last, data)
	people, attempts, err := Populate(ctx, filepath.Join(data, "tracker.db"), c)
	if err != nil {
		cleanup()
		return "", "", 0, nil, err
	}
	fmt.Fprintf(out, "seeded %d people, %d attempts\n", people, attempts)
	return dir, data, c.Last, cleanup, nil
}

func workDir(dir string, keep bool) (string, func(), error) {
	if dir != "" {
		return dir, func() {}, os.MkdirAll(dir, 0o700)
	}
	d, err := os.MkdirTemp("", "isms-reportbench-")
	if err != nil {
		return "", nil, err
	}
	if keep {
		return d, func() {}, nil
	}
	return d, func() { os.RemoveAll(d) }, nil
}

// selfCPU is this process's user and system time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
func mb(b int64) float64         { return float64(b) / (1 << 20) }

// Median is the middle of the runs' elapsed and CPU times, with the largest peak memory.
func Median(runs []Run, report string) (time.Duration, time.Duration, int64, int) {
	var ds, cs []time.Duration
	var peak int64
	rows := 0
	for _, r := range runs {
		if r.Report == report {
			ds, cs = append(ds, r.Elapsed), append(cs, r.CPU)
			peak = max(peak, r.PeakRSS)
			rows = r.Rows
		}
	}
	if len(ds) == 0 {
		return 0, 0, 0, 0
	}
	slices.Sort(ds)
	slices.Sort(cs)
	return ds[len(ds)/2], cs[len(cs)/2], peak, rows
}

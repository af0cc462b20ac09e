package bench_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"isms/internal/app"
	"isms/tracker/bench"
)

// TestMain lets the test binary stand in for `isms serve`, so the benchmark's process handling is
// tested without building the whole isms command.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		if err := serve(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serve is isms serve without the handbook: the same application, assembled by internal/app.
func serve() error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	cfg := app.DefaultConfig()
	cfg.Addr, cfg.Data = os.Getenv("ISMS_ADDR"), os.Getenv("ISMS_DATA")
	a := app.New(cfg)
	a.Static = http.NotFoundHandler()
	return a.Serve(ctx)
}

func TestSubmit(t *testing.T) {
	var out strings.Builder
	// Max ends the measured phase: on a busy machine 40 submissions may take longer than any short
	// duration, and the test counts them. The duration only bounds a server that stalls.
	res, err := bench.Submit(context.Background(), bench.Options{Binary: os.Args[0], Clients: 4, Duration: 2 * time.Minute,
		Max: 40, Out: &out})
	if err != nil {
		t.Fatal(err, out.String())
	}
	if res.Submissions != 40 || res.Errors != 0 || res.Recorded != 40 || !res.ChainOK || res.SubmitP50 <= 0 {
		t.Fatalf("got %+v", res)
	}
	var printed strings.Builder
	res.Print(&printed)
	for _, want := range []string{"submissions/s", "p50", "p99", "errors              0", "peak memory", "40 attempts in the database"} {
		if !strings.Contains(printed.String(), want) {
			t.Errorf("printout lacks %q:\n%s", want, printed.String())
		}
	}
}

func TestSignin(t *testing.T) {
	var out strings.Builder
	res, err := bench.Signin(context.Background(), bench.SigninOptions{Binary: os.Args[0], Attackers: 4, Duration: time.Second,
		Baseline: 300 * time.Millisecond, Out: &out})
	if err != nil {
		t.Fatal(err, out.String())
	}
	if res.SignInsFailed != 0 || len(res.Baseline) == 0 || len(res.DuringFlood) == 0 || res.AttackRefused == 0 || !res.ChainOK {
		t.Fatalf("got %+v", res)
	}
	if flood := res.AuditEvents - int64(len(res.DuringFlood)); flood > 10 {
		t.Fatalf("the flood of %d requests wrote %d events, want a handful", res.AttackRequests, flood)
	}
	var printed strings.Builder
	res.Print(&printed)
	for _, want := range []string{"refused without checking a password (429)", "sign-in in flood", "p99", "audit log growth", "audit chain intact: true"} {
		if !strings.Contains(printed.String(), want) {
			t.Errorf("printout lacks %q:\n%s", want, printed.String())
		}
	}
}

func TestUpload(t *testing.T) {
	var out strings.Builder
	res, err := bench.Upload(context.Background(), bench.UploadOptions{Binary: os.Args[0], Uploads: 2, Rows: 2000, Out: &out})
	if err != nil {
		t.Fatal(err, out.String())
	}
	if res.AdminStatuses[200] != 2 || res.StaffStatuses[200] != 0 || res.Rows != 2000 || res.PeakRSS == 0 || !res.UploadDirEmpty {
		t.Fatalf("got %+v", res)
	}
	var printed strings.Builder
	res.Print(&printed)
	if !strings.Contains(printed.String(), "peak private memory") {
		t.Errorf("printout: %s", printed.String())
	}
}

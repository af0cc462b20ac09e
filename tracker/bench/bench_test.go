package bench_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"isms/quiz"
	"isms/tracker"
	"isms/tracker/bench"
	trackerhttp "isms/tracker/http"
	"isms/tracker/roster"
	"isms/tracker/sqlite"
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

func serve() error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	db := sqlite.NewDB(filepath.Join(os.Getenv("ISMS_DATA"), "tracker.db"))
	if err := db.Open(); err != nil {
		return err
	}
	defer db.Close()
	banks, err := quiz.Builtin()
	if err != nil {
		return err
	}
	key, err := db.Secret(ctx, "paper")
	if err != nil {
		return err
	}
	srv := &trackerhttp.Server{Services: db, Banks: banks, Roster: &roster.Parser{Roles: tracker.DefaultRoleMap()}, PaperKey: key}
	h, err := srv.Handler()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", os.Getenv("ISMS_ADDR"))
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "isms: serving http://%s/ (test)\n", ln.Addr())
	hs := &http.Server{Handler: h}
	go func() { <-ctx.Done(); hs.Close() }()
	hs.Serve(ln)
	return nil
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

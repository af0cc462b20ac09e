package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"isms/tracker/bench"
)

// runBenchSubmit is the load benchmark of the submit path: it starts this binary as a server on
// loopback with a fresh database, signs in -clients members of staff and has each draw and submit
// quizzes until -duration or -max, then prints submissions/s, latency, errors and the server's
// peak memory, and checks that every accepted submission is in the database.
func runBenchSubmit(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench submit", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	clients := e.Int("clients", "ISMS_BENCH_CLIENTS", 64, "concurrent clients")
	duration := e.Duration("duration", "ISMS_BENCH_DURATION", 10*time.Second, "length of the measured phase")
	maxN := e.Int("max", "ISMS_BENCH_MAX", 20000, "stop after this many submissions (papers for them are drawn first)")
	module := e.String("module", "ISMS_BENCH_MODULE", "general", "module the clients take")
	dir := e.String("dir", "ISMS_BENCH_DIR", "", "working directory (a temporary one if empty)")
	keep := e.Bool("keep", "ISMS_BENCH_KEEP", false, "keep the working directory")
	inline := e.Bool("draw-inline", "ISMS_BENCH_DRAW_INLINE", false, "draw each paper inside the measured loop (two requests per submission)")
	if err := e.parse(args); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	res, err := bench.Submit(ctx, bench.Options{Binary: self, Clients: *clients, Duration: *duration, Max: *maxN,
		Module: *module, Dir: *dir, Keep: *keep, DrawInline: *inline, Out: os.Stderr})
	if err != nil {
		return err
	}
	res.Print(os.Stdout)
	if res.Recorded != res.Submissions || !res.ChainOK || res.Errors > 0 {
		return fmt.Errorf("bench: %d accepted, %d recorded, %d errors, chain intact %v", res.Submissions, res.Recorded, res.Errors, res.ChainOK)
	}
	return nil
}

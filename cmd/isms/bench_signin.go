package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"isms/tracker/bench"
)

// runBenchSignin is the sign-in flood benchmark: it starts this binary as a server on loopback,
// floods it with bad sign-ins from one address and measures the 事務局's own sign-ins from another
// address meanwhile, then prints the latencies, the flood's answers and the audit log's growth.
func runBenchSignin(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench signin", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	attackers := e.Int("attackers", "ISMS_BENCH_ATTACKERS", 32, "concurrent clients sending bad sign-ins from one address")
	duration := e.Duration("duration", "ISMS_BENCH_DURATION", 10*time.Second, "length of the flood")
	baseline := e.Duration("baseline", "ISMS_BENCH_BASELINE", 3*time.Second, "the 事務局's sign-ins are first measured alone for this long")
	dir := e.String("dir", "ISMS_BENCH_DIR", "", "working directory (a temporary one if empty)")
	keep := e.Bool("keep", "ISMS_BENCH_KEEP", false, "keep the working directory")
	if err := e.parse(args); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	res, err := bench.Signin(ctx, bench.SigninOptions{Binary: self, Attackers: *attackers, Duration: *duration, Baseline: *baseline,
		Dir: *dir, Keep: *keep, Out: os.Stderr})
	if err != nil {
		return err
	}
	res.Print(os.Stdout)
	if !res.ChainOK || res.SignInsFailed > 0 {
		return fmt.Errorf("bench: %d of the 事務局's sign-ins failed, audit chain intact %v", res.SignInsFailed, res.ChainOK)
	}
	return nil
}

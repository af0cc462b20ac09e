package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/debug"

	"isms/handbook"
	"isms/internal/app"
)

// runServe serves the built site (public/) and, on the same origin, the tracker: its pages under
// /app/ and its JSON API under /api/. The application is assembled by internal/app.
func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	cfg := trackerFlags(e, true)
	if err := e.parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(cfg.Public); err != nil {
		return fmt.Errorf("%s がありません。先に isms build を実行してください", cfg.Public)
	}
	if _, set := os.LookupEnv("GOGC"); !set {
		// Half the default headroom: the heap is small and mostly short-lived request garbage.
		debug.SetGCPercent(50)
	}
	if cfg.MemoryLimit > 0 {
		// The garbage collector returns the password hashes' 9 MiB blocks before the process grows past it.
		debug.SetMemoryLimit(cfg.MemoryLimit)
	}
	a := app.New(*cfg)
	a.Static = handbook.Static(cfg.Public)
	return a.Serve(ctx)
}

package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"isms/tracker/bench"
)

// runBenchUpload measures the server's memory with concurrent roster uploads of the largest size:
// first by a member of staff (refused before the body is read), then by the 事務局.
func runBenchUpload(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench upload", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	uploads := e.Int("uploads", "ISMS_BENCH_UPLOADS", 6, "concurrent uploads of each kind")
	dir := e.String("dir", "ISMS_BENCH_DIR", "", "working directory (a temporary one if empty)")
	keep := e.Bool("keep", "ISMS_BENCH_KEEP", false, "keep the working directory")
	if err := e.parse(args); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	res, err := bench.Upload(ctx, bench.UploadOptions{Binary: self, Uploads: *uploads, Dir: *dir, Keep: *keep, Out: os.Stderr})
	if err != nil {
		return err
	}
	res.Print(os.Stdout)
	if res.AdminStatuses[200] != *uploads {
		return fmt.Errorf("bench: the 事務局's uploads were answered %v, want %d × 200", res.AdminStatuses, *uploads)
	}
	return nil
}

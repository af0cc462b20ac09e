package reportbench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
)

// YearOptions bound `isms bench report`.
type YearOptions struct {
	Binary string // the isms binary; each run is `isms report` or `isms evidence pack` in a process of its own
	Staff  int
	Runs   int
	Dir    string
	Keep   bool
	Out    io.Writer
}

// Year seeds a city of o.Staff people with one fiscal year of records and makes the year report
// (the committee's document and its workbook) and the evidence pack o.Runs times each, each in a
// process of its own so that its peak memory is its own.
func Year(ctx context.Context, o YearOptions) ([]Run, error) {
	if o.Staff < 1 || o.Runs < 1 || o.Binary == "" {
		return nil, errors.New("reportbench: staff, runs and the binary are required")
	}
	out := o.Out
	if out == nil {
		out = io.Discard
	}
	dir, data, fy, cleanup, err := seedYear(ctx, o.Dir, o.Keep, out, City{Staff: o.Staff})
	if err != nil {
		return nil, err
	}
	defer cleanup()
	year := strconv.Itoa(int(fy))
	var runs []Run
	for _, job := range []struct{ name, file string }{{"report html", "report.html"}, {"report xlsx", "report.xlsx"}, {"evidence pack", "pack.zip"}} {
		for i := 0; i < o.Runs; i++ {
			file := filepath.Join(dir, fmt.Sprintf("%d-%s", i, job.file))
			args := []string{"report", "-data", data, "-year", year, "-o", file, "-purpose", "benchmark"}
			if job.name == "evidence pack" {
				args = []string{"evidence", "pack", "-data", data, "-year", year, "-o", file, "-purpose", "benchmark"}
			}
			r, _, err := measure(ctx, o.Binary, file, args...)
			if err != nil {
				return runs, err
			}
			r.Report = job.name
			fmt.Fprintf(out, "  %s run %d: %.2f s (CPU %.2f s), peak RSS %.1f MB, %.1f MB file\n", job.name, i+1, r.Elapsed.Seconds(),
				r.CPU.Seconds(), mb(r.PeakRSS), mb(r.Bytes))
			runs = append(runs, r)
		}
	}
	return runs, nil
}

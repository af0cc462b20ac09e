package reportbench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"time"

	"isms/tracker"
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
	dir, cleanup, err := workDir(o.Dir, o.Keep)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	now := time.Now()
	fy := tracker.FiscalYearOf(now)
	data := filepath.Join(dir, "data")
	fmt.Fprintf(out, "seeding %d staff with %s in %s\n", o.Staff, fy, data)
	people, attempts, err := Populate(ctx, filepath.Join(data, "tracker.db"),
		City{Staff: o.Staff, Bureaus: 10, Departments: 5, Sections: 10, Years: 1, Last: fy, Now: now})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "seeded %d people, %d attempts\n", people, attempts)
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

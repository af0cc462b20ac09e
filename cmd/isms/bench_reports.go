package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"isms/tracker/reportbench"
)

// runBenchExport measures `isms export` at the city's scale: 100,000 attempt rows to XLSX, each
// run a process of its own so its peak memory is measured alone. Targets: ≤ 5 s, ≤ 200 MB.
func runBenchExport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench export", flag.ContinueOnError)
	rows := fs.Int("rows", 100000, "attempts in the fiscal year (rows of the attempts report)")
	runs := fs.Int("runs", 5, "runs of each export")
	dir := fs.String("dir", "", "working directory (default: a temporary one, removed afterwards)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	binary, err := os.Executable()
	if err != nil {
		return err
	}
	res, err := reportbench.Export(ctx, reportbench.ExportOptions{Binary: binary, Rows: *rows, Runs: *runs, Dir: *dir, Keep: *dir != "", Out: os.Stdout})
	if err != nil {
		return err
	}
	for _, report := range []string{"attempts", "attendance"} {
		med, cpu, peak, n := reportbench.Median(res, report)
		fmt.Printf("export %-10s xlsx: %d rows  median %.2f s (CPU %.2f s)  peak RSS %.1f MB (largest of %d runs)\n", report, n,
			med.Seconds(), cpu.Seconds(), float64(peak)/(1<<20), *runs)
	}
	return nil
}

// runBenchDashboard times the report pages over a city of 50,000 staff with five fiscal years of
// records, through the real server on loopback. Target: the dashboard ≤ 200 ms (median).
func runBenchDashboard(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench dashboard", flag.ContinueOnError)
	staff := fs.Int("staff", 50000, "members of staff")
	years := fs.Int("years", 5, "fiscal years of records")
	requests := fs.Int("requests", 30, "measured requests per page")
	dir := fs.String("dir", "", "working directory (default: a temporary one, removed afterwards)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	_, attempts, err := reportbench.Dashboard(ctx, reportbench.DashboardOptions{Staff: *staff, Years: *years, Requests: *requests,
		Dir: *dir, Keep: *dir != "", Out: os.Stdout})
	if err != nil {
		return err
	}
	fmt.Printf("%d staff, %d fiscal years, %d attempts in all\n", *staff, *years, attempts)
	return nil
}

// runBenchReport measures the year report and the evidence pack over a city of 50,000 staff with a
// fiscal year of records, each run a process of its own. Targets: ≤ 10 s and ≤ 200 MB.
func runBenchReport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench report", flag.ContinueOnError)
	staff := fs.Int("staff", 50000, "members of staff")
	runs := fs.Int("runs", 3, "runs of each")
	dir := fs.String("dir", "", "working directory (default: a temporary one, removed afterwards)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	binary, err := os.Executable()
	if err != nil {
		return err
	}
	res, err := reportbench.Year(ctx, reportbench.YearOptions{Binary: binary, Staff: *staff, Runs: *runs, Dir: *dir, Keep: *dir != "", Out: os.Stdout})
	if err != nil {
		return err
	}
	for _, job := range []string{"report html", "report xlsx", "evidence pack"} {
		med, cpu, peak, _ := reportbench.Median(res, job)
		fmt.Printf("%-14s median %.2f s (CPU %.2f s)  peak RSS %.1f MB (largest of %d runs)\n", job, med.Seconds(), cpu.Seconds(),
			float64(peak)/(1<<20), *runs)
	}
	return nil
}

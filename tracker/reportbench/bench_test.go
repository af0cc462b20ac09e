package reportbench_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"isms/internal/app"
	"isms/tracker"
	"isms/tracker/reportbench"
)

// TestPopulateExact: the export benchmark's city holds exactly the attempts asked for in the
// newest year, readable through the store as the export reads them.
func TestPopulateExact(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tracker.db")
	now := time.Now()
	fy := tracker.FiscalYearOf(now)
	people, attempts, err := reportbench.Populate(ctx, path, reportbench.City{Staff: 120, Bureaus: 2, Departments: 2, Sections: 3,
		Years: 1, Last: fy, Attempts: 200, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if people != 120 || attempts != 200 {
		t.Fatalf("seeded %d people, %d attempts; want 120, 200", people, attempts)
	}
	cfg := app.DefaultConfig()
	cfg.Data = filepath.Dir(path)
	a := app.New(cfg)
	if err := a.OpenExisting(); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	db := a.DB
	_, total, err := db.FindAttempts(ctx, tracker.AttemptFilter{FiscalYear: fy, Limit: 1})
	if err != nil || total != 200 {
		t.Fatalf("store finds %d attempts of %s, %v; want 200", total, fy, err)
	}
}

// TestDashboardSmall runs the dashboard benchmark on a small city over the real server: every page
// it times answers, and it reports a figure for each.
func TestDashboardSmall(t *testing.T) {
	var out strings.Builder
	pages, attempts, err := reportbench.Dashboard(context.Background(), reportbench.DashboardOptions{Staff: 400, Years: 2, Requests: 2,
		Dir: t.TempDir(), Keep: true, Out: &out})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if attempts == 0 || len(pages) != 9 {
		t.Fatalf("%d attempts, %d pages timed\n%s", attempts, len(pages), out.String())
	}
	if !strings.Contains(out.String(), "seeded 360 周知確認") {
		t.Errorf("the 周知確認 seeded are not reported\n%s", out.String())
	}
	for _, p := range pages {
		if p.N != 2 || p.Bytes == 0 || p.P50 <= 0 {
			t.Errorf("%s: %d requests, %d bytes, median %v", p.Name, p.N, p.Bytes, p.P50)
		}
	}
}

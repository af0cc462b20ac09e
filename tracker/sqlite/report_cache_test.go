package sqlite_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"isms/tracker"
	"isms/tracker/sqlite"
)

func liveDashboard(t *testing.T, db *sqlite.DB, ctx context.Context, plan *tracker.Plan, unitID int64, asOf time.Time) *tracker.Dashboard {
	t.Helper()
	list, _, err := db.FindStatuses(ctx, plan, tracker.StatusFilter{FiscalYear: plan.FiscalYear, UnitID: unitID})
	if err != nil {
		t.Fatal(err)
	}
	d := &tracker.Dashboard{FiscalYear: plan.FiscalYear, Plan: plan, AsOf: asOf}
	d.Build(list)
	return d
}

func figures(d *tracker.Dashboard) string {
	b, _ := json.Marshal([]any{d.Total, d.Units, d.Roles, d.Categories, d.Modules, d.Progress})
	return string(b)
}

// TestDashboardCache: the dashboard's cached rows follow new attempts, a new roster and a new
// plan, and always agree with the statuses computed afresh.
func TestDashboardCache(t *testing.T) {
	f := newReportFixture(t)
	check := func(name string, ctx context.Context, plan *tracker.Plan, unitID int64) *tracker.Dashboard {
		t.Helper()
		got, err := f.db.Dashboard(ctx, plan, unitID)
		if err != nil {
			t.Fatal(err)
		}
		want := liveDashboard(t, f.db, ctx, plan, unitID, got.AsOf)
		if figures(got) != figures(want) {
			t.Fatalf("%s:\n got %s\nwant %s", name, figures(got), figures(want))
		}
		return got
	}
	admin, mgr := f.ctx["admin"], f.ctx["1004"]
	plan := planOf(2026)
	check("Initial", admin, plan, 0)
	check("ManagerInitial", mgr, plan, 0)

	// New attempts: 1004 fails general, 1006 passes; the rows of just these two are recomputed.
	f.clk.Add(2 * time.Hour)
	for _, a := range []struct {
		login string
		att   *tracker.Attempt
	}{
		{"1004", graded("c-1004-g", "general", gIDs, false, true, false)},
		{"1006", graded("c-1006-g", "general", gIDs, true, true, true)},
	} {
		if _, err := f.db.CreateAttempt(f.ctx[a.login], a.att); err != nil {
			t.Fatal(err)
		}
	}
	d := check("AfterAttempts", admin, plan, 0)
	if d.Total != (tracker.Counts{Targets: 6, Passed: 4, InProgress: 2}) {
		t.Fatalf("got %+v, want 4 passed and 2 in progress", d.Total)
	}
	check("ManagerAfterAttempts", mgr, plan, 0)
	check("UnitAfterAttempts", admin, plan, f.units["情報システム課"])

	// A new roster: 1003 moves to 市民課, 1001 leaves (having trained this year, still counted).
	f.clk.Add(24 * time.Hour)
	moved := strings.Replace(baseRoster, "1003,鈴木 一郎,スズキ イチロウ,総務局,情報管理部,情報システム課", "1003,鈴木 一郎,スズキ イチロウ,市民局,市民部,市民課", 1)
	moved = strings.Replace(moved, "1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,主事,職員,,\n", "", 1)
	importRoster(t, f.db, moved)
	d = check("AfterRoster", admin, plan, 0)
	if d.Total.Targets != 6 {
		t.Fatalf("got %+v, want 1001 still counted (trained before leaving)", d.Total)
	}
	check("OtherManagerAfterRoster", mgr, plan, 0)
	check("PastYearUnchanged", admin, planOf(2025), 0)

	// An approved plan asking only the general module of everyone changes the yardstick.
	only := planOf(2026)
	for _, r := range tracker.Roles() {
		only.Modules[r] = []string{"general"}
	}
	only.ApprovedOn, only.Approver = date("2026-05-20"), "情報セキュリティ委員会"
	d = check("OtherPlan", admin, only, 0)
	if d.Total.Passed != 5 {
		t.Fatalf("got %+v, want 5 through on general alone", d.Total)
	}
	check("BackToDefaultPlan", admin, plan, 0)
}

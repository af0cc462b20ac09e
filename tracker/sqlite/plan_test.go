package sqlite_test

import (
	"context"
	"testing"

	"isms/tracker"
)

func date(s string) tracker.Date {
	d, err := tracker.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func validPlan() *tracker.Plan {
	return &tracker.Plan{
		FiscalYear: 2026,
		Modules: map[tracker.Role][]string{
			tracker.RoleGeneral:   {"general"},
			tracker.RoleManager:   {"general", "manager"},
			tracker.RoleExecutive: {"general", "manager", "executive"},
			tracker.RoleChief:     {"general", "manager", "executive", "chief"},
			tracker.RoleAuditor:   {"general", "manager", "executive", "auditor"},
		},
		Start: date("2026-05-01"), End: date("2027-02-28"), Deadline: date("2027-01-31"),
	}
}

func TestSavePlan(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db, _ := openDB(t)
		p := validPlan()
		if err := db.SavePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindPlan(ctx, 2026)
		if err != nil || got.Approved() || got.Deadline.String() != "2027-01-31" || len(got.Modules[tracker.RoleAuditor]) != 4 ||
			got.Modules[tracker.RoleAuditor][3] != "auditor" || got.UpdatedBy != "system" {
			t.Fatalf("got %+v, %v", got, err)
		}
		p.ApprovedOn, p.Approver = date("2026-04-20"), "情報セキュリティ委員会"
		if err := db.SavePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, _ = db.FindPlan(ctx, 2026)
		if !got.Approved() || got.Approver != "情報セキュリティ委員会" {
			t.Fatalf("got %+v", got)
		}
		events, _, _ := db.FindEvents(ctx, tracker.AuditFilter{Action: tracker.ActionPlanSave})
		if len(events) != 2 {
			t.Fatalf("got %d plan events, want 2", len(events))
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db, _ := openDB(t)
		_, err := db.FindPlan(ctx, 2030)
		wantCode(t, err, tracker.ENOTFOUND)
	})
	for _, tt := range []struct {
		name   string
		change func(p *tracker.Plan)
		want   string
	}{
		{"ErrUnknownModule", func(p *tracker.Plan) { p.Modules[tracker.RoleGeneral] = []string{"cooking"} }, "「cooking」は存在しません"},
		{"ErrNoModules", func(p *tracker.Plan) { delete(p.Modules, tracker.RoleChief) }, "ISMS統括責任者の研修モジュールがありません"},
		{"ErrEndBeforeStart", func(p *tracker.Plan) { p.End = date("2026-04-30") }, "終了日が開始日より前"},
		{"ErrOutsideYear", func(p *tracker.Plan) { p.End = date("2027-04-30") }, "2026年度（令和8年度）の中"},
		{"ErrDeadline", func(p *tracker.Plan) { p.Deadline = date("2027-03-15") }, "受講期限は実施期間の中"},
		{"ErrApproverWithoutDate", func(p *tracker.Plan) { p.Approver = "委員会" }, "承認日と承認者の両方"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openDB(t)
			p := validPlan()
			tt.change(p)
			err := db.SavePlan(ctx, p)
			wantCode(t, err, tracker.EINVALID)
			wantMessage(t, err, tt.want)
			_, err = db.FindPlan(ctx, 2026)
			wantCode(t, err, tracker.ENOTFOUND)
		})
	}
	t.Run("ErrNotAdmin", func(t *testing.T) {
		db, _ := openDB(t)
		_, pw := importRoster(t, db, baseRoster)
		wantCode(t, db.SavePlan(signIn(t, db, "1005", pw["1005"]), validPlan()), tracker.EFORBIDDEN)
	})
}

package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"isms/tracker"
	"isms/tracker/sqlite"
)

func planOf(fy tracker.FiscalYear) *tracker.Plan { return tracker.DefaultPlan(fy) }

func planFor(fy tracker.FiscalYear) (*tracker.Plan, error) { return planOf(fy), nil }

// competencies of the fixture's questions: g1 and g2 test "duty", g3 "legal"; m1, m2 "mgmt".
var fixtureCompetency = map[string]string{"g1": "duty", "g2": "duty", "g3": "legal", "m1": "mgmt", "m2": "mgmt", "e1": "audit", "e2": "audit"}

// graded is an attempt whose marks are rights[i] for question ids[i]; it passes only with every
// question right, and its percent is rounded down as quiz.Grade does.
func graded(key, module string, ids []string, rights ...bool) *tracker.Attempt {
	a := &tracker.Attempt{Key: key, Module: module, PolicyVersion: "v2026", BankVersion: "b1",
		Paper: json.RawMessage(`{}`), Answers: map[string][]string{}, Total: len(ids),
		StartedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, tracker.Japan)}
	for i, id := range ids {
		a.Items = append(a.Items, tracker.AttemptItem{QuestionID: id, Competency: fixtureCompetency[id], Right: rights[i]})
		if rights[i] {
			a.Correct++
		}
	}
	a.Percent = a.Correct * 100 / a.Total
	a.Passed = a.Correct == a.Total
	return a
}

var (
	gIDs = []string{"g1", "g2", "g3"}
	mIDs = []string{"m1", "m2"}
	eIDs = []string{"e1", "e2"}
)

// reportFixture is baseRoster, imported on 2026-03-15, with these attempts:
//
//	fiscal 2025 (2026-03-20): 1001 general 1/3 (fail); 1003 general 3/3 (pass)
//	fiscal 2026 (2026-06-01): 1001 general 3/3 pass, survey 5/4 "わかりやすい"
//	                          1002 general 3/3 pass; manager 1/2 fail
//	                          1003 general 1/3 fail, then 3/3 pass with survey 3/5
//	                          1005 general, manager, executive all right
//	                          1004 and 1006 nothing
//
// so for 2026: six targets; 合格 1001, 1003, 1005; 受講中 1002; 未受講 1004, 1006.
type reportFixture struct {
	db     *sqlite.DB
	clk    *clock
	ctx    map[string]context.Context // by login; "admin" is a signed-in 事務局 account
	units  map[string]int64           // section or department name → unit ID
	person map[string]int64
}

func newReportFixture(t *testing.T) *reportFixture {
	t.Helper()
	db, clk := openDB(t)
	clk.Add(-78 * 24 * time.Hour) // 2026-03-15 10:00
	_, pw := importRoster(t, db, baseRoster)
	f := &reportFixture{db: db, clk: clk, ctx: map[string]context.Context{}, units: map[string]int64{}, person: map[string]int64{}}
	for _, login := range []string{"1001", "1002", "1003", "1004", "1005", "1006"} {
		f.ctx[login] = signIn(t, db, login, pw[login])
		p, err := db.FindPersonByStaffNo(context.Background(), login)
		if err != nil {
			t.Fatal(err)
		}
		f.person[login] = p.ID
	}
	temp, err := db.EnsureAdmin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f.ctx["admin"] = signIn(t, db, temp.Login, temp.Password)
	units, err := db.FindUnits(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		switch u.Level() {
		case tracker.LevelSection:
			f.units[u.Section] = u.ID()
		case tracker.LevelDepartment:
			f.units[u.Department] = u.ID()
		default:
			f.units[u.Bureau] = u.ID()
		}
	}

	submit := func(login string, a *tracker.Attempt, survey *tracker.Survey) {
		t.Helper()
		if _, err := db.CreateAttempt(f.ctx[login], a); err != nil {
			t.Fatalf("%s %s: %v", login, a.Key, err)
		}
		if survey != nil {
			survey.AttemptID = a.ID
			if err := db.SaveSurvey(f.ctx[login], survey); err != nil {
				t.Fatal(err)
			}
		}
	}
	clk.Add(5 * 24 * time.Hour) // 2026-03-20: fiscal 2025
	submit("1001", graded("25-1001-g", "general", gIDs, true, false, false), nil)
	submit("1003", graded("25-1003-g", "general", gIDs, true, true, true), nil)
	clk.Add(73 * 24 * time.Hour) // 2026-06-01: fiscal 2026
	submit("1001", graded("1001-g", "general", gIDs, true, true, true), &tracker.Survey{Understanding: 5, Usefulness: 4, Comment: "わかりやすい"})
	submit("1002", graded("1002-g", "general", gIDs, true, true, true), nil)
	submit("1002", graded("1002-m", "manager", mIDs, false, true), nil)
	submit("1003", graded("1003-g1", "general", gIDs, true, false, false), nil)
	clk.Add(time.Hour)
	submit("1003", graded("1003-g2", "general", gIDs, true, true, true), &tracker.Survey{Understanding: 3, Usefulness: 5})
	submit("1005", graded("1005-g", "general", gIDs, true, true, true), nil)
	submit("1005", graded("1005-m", "manager", mIDs, true, true), nil)
	submit("1005", graded("1005-e", "executive", eIDs, true, true), nil)
	return f
}

func TestDashboard(t *testing.T) {
	f := newReportFixture(t)
	plan := planOf(2026)
	d, err := f.db.Dashboard(f.ctx["admin"], plan, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := (tracker.Counts{Targets: 6, Passed: 3, InProgress: 1, NotStarted: 2}); d.Total != want || d.Scope != "全庁" {
		t.Fatalf("got %+v %q, want %+v 全庁", d.Total, d.Scope, want)
	}
	units := map[string]tracker.Counts{}
	var order []string
	for _, u := range d.Units {
		units[u.Unit.Name()] = u.Counts
		order = append(order, u.Unit.Name())
	}
	wantUnits := []struct {
		name string
		c    tracker.Counts
	}{
		{"総務局", tracker.Counts{Targets: 5, Passed: 3, InProgress: 1, NotStarted: 1}},
		{"総務局 情報管理部", tracker.Counts{Targets: 5, Passed: 3, InProgress: 1, NotStarted: 1}},
		{"総務局 情報管理部 情報企画課", tracker.Counts{Targets: 2, Passed: 1, InProgress: 1}},
		{"総務局 情報管理部 情報システム課", tracker.Counts{Targets: 2, Passed: 1, NotStarted: 1}},
		{"市民局", tracker.Counts{Targets: 1, NotStarted: 1}},
		{"市民局 市民部", tracker.Counts{Targets: 1, NotStarted: 1}},
		{"市民局 市民部 市民課", tracker.Counts{Targets: 1, NotStarted: 1}},
	}
	for i, w := range wantUnits {
		if i >= len(order) || order[i] != w.name || units[w.name] != w.c {
			t.Errorf("unit %d: got %v %+v, want %s %+v", i, order, units[w.name], w.name, w.c)
		}
	}
	roles := map[tracker.Role]tracker.Counts{}
	for _, r := range d.Roles {
		roles[r.Role] = r.Counts
	}
	if roles[tracker.RoleGeneral] != (tracker.Counts{Targets: 3, Passed: 2, NotStarted: 1}) ||
		roles[tracker.RoleManager] != (tracker.Counts{Targets: 2, InProgress: 1, NotStarted: 1}) ||
		roles[tracker.RoleExecutive] != (tracker.Counts{Targets: 1, Passed: 1}) {
		t.Errorf("roles: got %+v", d.Roles)
	}
	cats := map[tracker.Category]tracker.Counts{}
	for _, c := range d.Categories {
		cats[c.Category] = c.Counts
	}
	if cats[tracker.CategoryStaff] != (tracker.Counts{Targets: 5, Passed: 3, InProgress: 1, NotStarted: 1}) ||
		cats[tracker.CategoryFixedTerm] != (tracker.Counts{Targets: 1, NotStarted: 1}) {
		t.Errorf("categories: got %+v", d.Categories)
	}
	wantMods := []tracker.ModuleCounts{{Module: "general", Required: 6, Passed: 4}, {Module: "manager", Required: 3, Passed: 1},
		{Module: "executive", Required: 1, Passed: 1}}
	if fmt.Sprint(d.Modules) != fmt.Sprint(wantMods) {
		t.Errorf("modules: got %+v, want %+v", d.Modules, wantMods)
	}
	if n := len(d.Progress); n == 0 || d.Progress[n-1].Passed != 3 || d.Progress[n-1].Date.String() != "2026-06-01" {
		t.Errorf("progress: got %+v, want 3 through on 2026-06-01 last", d.Progress)
	}

	t.Run("PreviousYear", func(t *testing.T) {
		d, err := f.db.Dashboard(f.ctx["admin"], planOf(2025), 0)
		if err != nil {
			t.Fatal(err)
		}
		// Everyone was on the roster at the end of fiscal 2025 (imported 2026-03-15).
		if want := (tracker.Counts{Targets: 6, Passed: 1, InProgress: 1, NotStarted: 4}); d.Total != want {
			t.Fatalf("got %+v, want %+v", d.Total, want)
		}
	})
	t.Run("UnitDrillDown", func(t *testing.T) {
		d, err := f.db.Dashboard(f.ctx["admin"], plan, f.units["情報システム課"])
		if err != nil {
			t.Fatal(err)
		}
		if want := (tracker.Counts{Targets: 2, Passed: 1, NotStarted: 1}); d.Total != want || d.Scope != "総務局 情報管理部 情報システム課" {
			t.Fatalf("got %+v %q, want %+v", d.Total, d.Scope, want)
		}
	})
}

func TestReportScope(t *testing.T) {
	f := newReportFixture(t)
	plan := planOf(2026)
	tests := []struct {
		name    string
		login   string
		unit    string // "" for the caller's whole scope
		targets int
		code    string
	}{
		{"AdminAll", "admin", "", 6, ""},
		{"CommandLineAll", "", "", 6, ""},
		{"ManagerOwnSection", "1002", "", 2, ""},
		{"ManagerOwnSectionByID", "1002", "情報企画課", 2, ""},
		{"ManagerOtherSection", "1002", "情報システム課", 0, tracker.EFORBIDDEN},
		{"ManagerDepartment", "1002", "情報管理部", 0, tracker.EFORBIDDEN},
		{"DirectorDepartment", "1005", "", 5, ""},
		{"DirectorSection", "1005", "情報システム課", 2, ""},
		{"DirectorOtherBureau", "1005", "市民課", 0, tracker.EFORBIDDEN},
		{"StaffNothing", "1001", "", 0, tracker.EFORBIDDEN},
		{"StaffOwnSection", "1001", "情報企画課", 0, tracker.EFORBIDDEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := f.ctx[tt.login]
			if tt.login == "" {
				ctx = context.Background()
			}
			d, err := f.db.Dashboard(ctx, plan, f.units[tt.unit])
			wantCode(t, err, tt.code)
			if err == nil && d.Total.Targets != tt.targets {
				t.Fatalf("dashboard: got %d targets, want %d", d.Total.Targets, tt.targets)
			}
			list, total, err := f.db.FindStatuses(ctx, plan, tracker.StatusFilter{FiscalYear: 2026, UnitID: f.units[tt.unit]})
			wantCode(t, err, tt.code)
			if err == nil && (total != tt.targets || len(list) != tt.targets) {
				t.Fatalf("list: got %d (total %d), want %d", len(list), total, tt.targets)
			}
		})
	}
	t.Run("UnknownUnit", func(t *testing.T) {
		_, err := f.db.Dashboard(f.ctx["admin"], plan, 9999)
		wantCode(t, err, tracker.ENOTFOUND)
	})
	t.Run("ErrNoPlan", func(t *testing.T) {
		_, err := f.db.Dashboard(f.ctx["admin"], nil, 0)
		wantCode(t, err, tracker.EINVALID)
	})
}

func TestFindStatuses(t *testing.T) {
	f := newReportFixture(t)
	plan := planOf(2026)
	staffNos := func(list []*tracker.PersonReport) string {
		var s []string
		for _, r := range list {
			s = append(s, r.Person.StaffNo)
		}
		return strings.Join(s, ",")
	}
	tests := []struct {
		name   string
		login  string
		filter tracker.StatusFilter
		want   string
		total  int
	}{
		// Unit order (the 部 itself before its 課), then kana within a unit.
		{"AllInOrder", "admin", tracker.StatusFilter{}, "1005,1002,1001,1003,1004,1006", 6},
		{"Outstanding", "admin", tracker.StatusFilter{State: tracker.PersonOutstanding}, "1002,1004,1006", 3},
		{"NotStarted", "admin", tracker.StatusFilter{State: tracker.PersonNotStarted}, "1004,1006", 2},
		{"Passed", "admin", tracker.StatusFilter{State: tracker.PersonPassed}, "1005,1001,1003", 3},
		{"Role", "admin", tracker.StatusFilter{Role: tracker.RoleManager}, "1002,1004", 2},
		{"Category", "admin", tracker.StatusFilter{Category: tracker.CategoryFixedTerm}, "1006", 1},
		{"Module", "admin", tracker.StatusFilter{Module: "executive"}, "1005", 1},
		{"Page", "admin", tracker.StatusFilter{Offset: 2, Limit: 2}, "1001,1003", 6},
		{"ManagerOutstanding", "1002", tracker.StatusFilter{State: tracker.PersonOutstanding}, "1002", 1},
		{"OtherManagerOutstanding", "1004", tracker.StatusFilter{State: tracker.PersonOutstanding}, "1004", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.filter.FiscalYear = 2026
			list, total, err := f.db.FindStatuses(f.ctx[tt.login], plan, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := staffNos(list); got != tt.want || total != tt.total {
				t.Fatalf("got %s (total %d), want %s (total %d)", got, total, tt.want, tt.total)
			}
		})
	}
	t.Run("Detail", func(t *testing.T) {
		list, _, err := f.db.FindStatuses(f.ctx["admin"], plan, tracker.StatusFilter{FiscalYear: 2026, Module: "general", State: tracker.PersonPassed})
		if err != nil {
			t.Fatal(err)
		}
		var r *tracker.PersonReport
		for _, x := range list {
			if x.Person.StaffNo == "1003" {
				r = x
			}
		}
		if r == nil || len(r.Modules) != 1 {
			t.Fatalf("got %+v", list)
		}
		m := r.Modules[0]
		// Failed at 33, passed at 100 an hour later: two attempts, the passing score recorded.
		if m.State != tracker.StatePassed || m.Result.Attempts != 2 || m.Percent != 100 || r.Versions["general"] != "v2026" ||
			r.CompletedAt == nil || r.Person.Unit.Section != "情報システム課" || r.Person.Position != "主任" {
			t.Fatalf("got %+v %+v %+v", m, m.Result, r)
		}
	})
	for _, tt := range []struct {
		name   string
		plan   *tracker.Plan
		filter tracker.StatusFilter
	}{
		{"ErrYear", plan, tracker.StatusFilter{FiscalYear: 1}},
		{"ErrState", plan, tracker.StatusFilter{FiscalYear: 2026, State: "late"}},
		{"ErrPlanYear", planOf(2025), tracker.StatusFilter{FiscalYear: 2026}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := f.db.FindStatuses(f.ctx["admin"], tt.plan, tt.filter)
			wantCode(t, err, tracker.EINVALID)
		})
	}
}

// TestPlacementFollowsPostings: after a 異動 and a departure, the current year follows the new
// roster while last year's figures stay as they were.
func TestPlacementFollowsPostings(t *testing.T) {
	f := newReportFixture(t)
	f.clk.Add(24 * time.Hour) // 2026-06-02
	moved := strings.Replace(baseRoster, "1003,鈴木 一郎,スズキ イチロウ,総務局,情報管理部,情報システム課", "1003,鈴木 一郎,スズキ イチロウ,市民局,市民部,市民課", 1)
	left := strings.Replace(moved, "1006,伊藤 四郎,イトウ シロウ,市民局,市民部,市民課,主事,会計年度任用職員,,\n", "", 1)
	importRoster(t, f.db, left)
	f.clk.Add(time.Hour)

	section := func(fy tracker.FiscalYear, staffNo string) string {
		list, _, err := f.db.FindStatuses(f.ctx["admin"], planOf(fy), tracker.StatusFilter{FiscalYear: fy})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			if r.Person.StaffNo == staffNo {
				return r.Person.Unit.Section
			}
		}
		return "(not a target)"
	}
	for _, tt := range []struct {
		name    string
		fy      tracker.FiscalYear
		staffNo string
		want    string
	}{
		{"MovedNow", 2026, "1003", "市民課"},
		{"MovedLastYear", 2025, "1003", "情報システム課"},
		{"LeftWithoutTrainingNotChased", 2026, "1006", "(not a target)"},
		{"LeftStillInLastYear", 2025, "1006", "市民課"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := section(tt.fy, tt.staffNo); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
	t.Run("LastYearManagerSeesWhoWasThere", func(t *testing.T) {
		d, err := f.db.Dashboard(f.ctx["1004"], planOf(2025), 0)
		if err != nil {
			t.Fatal(err)
		}
		if d.Total.Targets != 2 {
			t.Fatalf("got %+v, want 1003 and 1004 in 情報システム課 for 2025", d.Total)
		}
	})
}

func TestFindHistory(t *testing.T) {
	f := newReportFixture(t)
	t.Run("OwnAcrossYears", func(t *testing.T) {
		h, err := f.db.FindHistory(f.ctx["1003"], "1003", planFor)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Years) != 2 || h.Years[0].FiscalYear != 2026 || h.Years[1].FiscalYear != 2025 {
			t.Fatalf("got years %+v, want 2026 then 2025", h.Years)
		}
		y := h.Years[0]
		if len(y.Attempts) != 2 || y.Attempts[0].Percent != 33 || y.Attempts[1].Percent != 100 || y.Report.State != tracker.PersonPassed ||
			y.Attempts[0].Paper != nil || y.Attempts[1].Survey == nil {
			t.Fatalf("got %+v", y)
		}
		if y := h.Years[1]; len(y.Attempts) != 1 || y.Report.State != tracker.PersonPassed {
			t.Fatalf("2025: got %+v", y)
		}
		if len(h.Postings) != 1 {
			t.Fatalf("got postings %+v", h.Postings)
		}
	})
	t.Run("CurrentYearWithoutAttempts", func(t *testing.T) {
		h, err := f.db.FindHistory(f.ctx["admin"], "1004", planFor)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Years) != 1 || h.Years[0].Report.State != tracker.PersonNotStarted || len(h.Years[0].Report.Modules) != 2 {
			t.Fatalf("got %+v", h.Years)
		}
	})
	for _, tt := range []struct {
		name    string
		login   string
		staffNo string
		code    string
	}{
		{"StaffOther", "1001", "1003", tracker.ENOTFOUND},
		{"StaffUnknown", "1001", "9999", tracker.ENOTFOUND},
		{"ManagerOwnSection", "1002", "1001", ""},
		{"ManagerOtherSection", "1002", "1003", tracker.ENOTFOUND},
		{"DirectorDepartment", "1005", "1003", ""},
		{"DirectorOtherBureau", "1005", "1006", tracker.ENOTFOUND},
		{"AdminAny", "admin", "1006", ""},
		{"Empty", "admin", "", tracker.ENOTFOUND},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.db.FindHistory(f.ctx[tt.login], tt.staffNo, planFor)
			wantCode(t, err, tt.code)
		})
	}
}

func TestEachAttempt(t *testing.T) {
	f := newReportFixture(t)
	collect := func(ctx context.Context, filter tracker.AttemptFilter) (string, error) {
		var keys []string
		err := f.db.EachAttempt(ctx, filter, func(a *tracker.Attempt) error {
			keys = append(keys, a.Key)
			return nil
		})
		return strings.Join(keys, ","), err
	}
	tests := []struct {
		name   string
		login  string
		filter tracker.AttemptFilter
		want   string
		code   string
	}{
		{"AdminYear", "admin", tracker.AttemptFilter{FiscalYear: 2025}, "25-1001-g,25-1003-g", ""},
		{"AdminModule", "admin", tracker.AttemptFilter{FiscalYear: 2026, Module: "manager"}, "1002-m,1005-m", ""},
		{"ManagerScope", "1002", tracker.AttemptFilter{FiscalYear: 2026}, "1001-g,1002-g,1002-m", ""},
		{"ManagerOtherSection", "1002", tracker.AttemptFilter{UnitID: -1}, "", tracker.EFORBIDDEN},
		{"Staff", "1001", tracker.AttemptFilter{}, "", tracker.EFORBIDDEN},
		{"ErrYear", "admin", tracker.AttemptFilter{FiscalYear: 12}, "", tracker.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.filter.UnitID == -1 {
				tt.filter.UnitID = f.units["情報システム課"]
			}
			got, err := collect(f.ctx[tt.login], tt.filter)
			wantCode(t, err, tt.code)
			if got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRecordExport(t *testing.T) {
	f := newReportFixture(t)
	ok := func() *tracker.Export {
		return &tracker.Export{Report: tracker.ReportOutstanding, FiscalYear: 2026, Scope: "総務局 情報管理部 情報企画課",
			Format: tracker.FormatCSV, Rows: 1, FileSHA256: strings.Repeat("0f", 32), Purpose: "課内の督促"}
	}
	e := ok()
	if err := f.db.RecordExport(f.ctx["1002"], e); err != nil {
		t.Fatal(err)
	}
	if e.ID == 0 || e.Actor != "1002" || e.Classification != tracker.ClassificationA || e.At.IsZero() {
		t.Fatalf("got %+v", e)
	}
	t.Run("ErrInvalidChangesNothing", func(t *testing.T) {
		bad := ok()
		bad.Format = "docx"
		wantCode(t, f.db.RecordExport(f.ctx["1002"], bad), tracker.EINVALID)
		_, total, _ := f.db.FindExports(f.ctx["admin"], tracker.ExportFilter{})
		if total != 1 {
			t.Fatalf("got %d records, want 1", total)
		}
	})
	t.Run("AdminLists", func(t *testing.T) {
		list, total, err := f.db.FindExports(f.ctx["admin"], tracker.ExportFilter{})
		if err != nil || total != 1 || list[0].Scope != e.Scope || list[0].Purpose != "課内の督促" || list[0].FiscalYear != 2026 || list[0].Rows != 1 {
			t.Fatalf("got %+v (%d), %v", list, total, err)
		}
		events, _, err := f.db.FindEvents(f.ctx["admin"], tracker.AuditFilter{Action: tracker.ActionExport})
		if err != nil || len(events) != 1 || events[0].Actor != "1002" || !strings.Contains(events[0].Detail, "report=outstanding") {
			t.Fatalf("got events %+v, %v", events, err)
		}
	})
	t.Run("ErrManagerLists", func(t *testing.T) {
		_, _, err := f.db.FindExports(f.ctx["1002"], tracker.ExportFilter{})
		wantCode(t, err, tracker.EFORBIDDEN)
	})
}

// liveDashboard builds the dashboard from the per-person statuses, the way the lists compute
// them, to check the cached figures against.

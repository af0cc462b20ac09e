package tracker_test

import (
	"strings"
	"testing"
	"time"

	"isms/tracker"
)

func date(t *testing.T, s string) tracker.Date {
	t.Helper()
	d, err := tracker.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// jst is a time on a day in Japan time.
func jst(y int, m time.Month, d int) *time.Time {
	v := time.Date(y, m, d, 12, 0, 0, 0, tracker.Japan)
	return &v
}

func reportPlan(t *testing.T) *tracker.Plan {
	return &tracker.Plan{
		FiscalYear: 2026,
		Modules: map[tracker.Role][]string{
			tracker.RoleGeneral:   {"general"},
			tracker.RoleManager:   {"general", "manager"},
			tracker.RoleExecutive: {"general", "manager", "executive"},
			tracker.RoleChief:     {"general", "manager", "executive", "chief"},
			tracker.RoleAuditor:   {"general", "manager", "executive", "auditor"},
		},
		Start: date(t, "2026-06-01"), End: date(t, "2026-09-30"), Deadline: date(t, "2026-07-31"),
	}
}

func passedAt(at *time.Time) *tracker.ModuleResult {
	return &tracker.ModuleResult{Attempts: 1, PassedAt: at, PassPercent: 90, BestPercent: 90}
}

// dashboardFixture: five people in two bureaus; figures worked out by hand in TestDashboardBuild.
func dashboardFixture(t *testing.T) (*tracker.Plan, []*tracker.PersonReport) {
	plan := reportPlan(t)
	secA := tracker.Unit{BureauID: 1, Bureau: "総務局", DepartmentID: 2, Department: "情報管理部", SectionID: 3, Section: "情報企画課"}
	secB := tracker.Unit{BureauID: 1, Bureau: "総務局", DepartmentID: 2, Department: "情報管理部", SectionID: 4, Section: "情報システム課"}
	dept := tracker.Unit{BureauID: 1, Bureau: "総務局", DepartmentID: 2, Department: "情報管理部"}
	other := tracker.Unit{BureauID: 5, Bureau: "市民局", DepartmentID: 6, Department: "市民部", SectionID: 7, Section: "市民課"}
	people := []struct {
		p       *tracker.Person
		results map[string]*tracker.ModuleResult
	}{
		{&tracker.Person{ID: 1, Name: "一", Unit: secA, Role: tracker.RoleGeneral, Category: tracker.CategoryStaff},
			map[string]*tracker.ModuleResult{"general": passedAt(jst(2026, 6, 10))}},
		{&tracker.Person{ID: 2, Name: "二", Unit: secA, Role: tracker.RoleManager, Category: tracker.CategoryStaff},
			map[string]*tracker.ModuleResult{"general": passedAt(jst(2026, 6, 12)), "manager": {Attempts: 2, BestPercent: 60}}},
		{&tracker.Person{ID: 3, Name: "三", Unit: secB, Role: tracker.RoleGeneral, Category: tracker.CategoryFixedTerm}, nil},
		{&tracker.Person{ID: 4, Name: "四", Unit: dept, Role: tracker.RoleExecutive, Category: tracker.CategoryStaff},
			map[string]*tracker.ModuleResult{"general": passedAt(jst(2026, 6, 20)), "manager": passedAt(jst(2026, 6, 25)),
				"executive": passedAt(jst(2026, 7, 1))}},
		{&tracker.Person{ID: 5, Name: "五", Unit: other, Role: tracker.RoleGeneral, Category: tracker.CategoryContractor},
			map[string]*tracker.ModuleResult{"general": passedAt(jst(2026, 4, 5))}},
	}
	var reports []*tracker.PersonReport
	for _, p := range people {
		reports = append(reports, tracker.NewPersonReport(plan, p.p, p.results, nil))
	}
	return plan, reports
}

func TestNewPersonReport(t *testing.T) {
	_, reports := dashboardFixture(t)
	tests := []struct {
		name      string
		report    *tracker.PersonReport
		state     tracker.PersonState
		completed *time.Time
	}{
		{"Passed", reports[0], tracker.PersonPassed, jst(2026, 6, 10)},
		{"InProgress", reports[1], tracker.PersonInProgress, nil},
		{"NotStarted", reports[2], tracker.PersonNotStarted, nil},
		{"PassedLastModuleCounts", reports[3], tracker.PersonPassed, jst(2026, 7, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.report
			if r.State != tt.state {
				t.Errorf("got state %s, want %s", r.State, tt.state)
			}
			if (r.CompletedAt == nil) != (tt.completed == nil) || (r.CompletedAt != nil && !r.CompletedAt.Equal(*tt.completed)) {
				t.Errorf("got completed %v, want %v", r.CompletedAt, tt.completed)
			}
		})
	}
}

func TestDashboardBuild(t *testing.T) {
	plan, reports := dashboardFixture(t)
	d := &tracker.Dashboard{FiscalYear: 2026, Plan: plan, AsOf: *jst(2026, 8, 15)}
	d.Build(reports)

	if want := (tracker.Counts{Targets: 5, Passed: 3, InProgress: 1, NotStarted: 1}); d.Total != want {
		t.Errorf("total: got %+v, want %+v", d.Total, want)
	}
	if got := d.Total.Outstanding(); got != 2 {
		t.Errorf("outstanding: got %d, want 2", got)
	}
	if got := d.Total.Percent(); got != 60 {
		t.Errorf("percent: got %d, want 60", got)
	}

	type unitWant struct {
		ids    [3]int64
		level  tracker.UnitLevel
		counts tracker.Counts
	}
	wantUnits := []unitWant{
		{[3]int64{1, 0, 0}, tracker.LevelBureau, tracker.Counts{Targets: 4, Passed: 2, InProgress: 1, NotStarted: 1}},
		{[3]int64{1, 2, 0}, tracker.LevelDepartment, tracker.Counts{Targets: 4, Passed: 2, InProgress: 1, NotStarted: 1}},
		{[3]int64{1, 2, 3}, tracker.LevelSection, tracker.Counts{Targets: 2, Passed: 1, InProgress: 1}},
		{[3]int64{1, 2, 4}, tracker.LevelSection, tracker.Counts{Targets: 1, NotStarted: 1}},
		{[3]int64{5, 0, 0}, tracker.LevelBureau, tracker.Counts{Targets: 1, Passed: 1}},
		{[3]int64{5, 6, 0}, tracker.LevelDepartment, tracker.Counts{Targets: 1, Passed: 1}},
		{[3]int64{5, 6, 7}, tracker.LevelSection, tracker.Counts{Targets: 1, Passed: 1}},
	}
	if len(d.Units) != len(wantUnits) {
		t.Fatalf("got %d unit rows, want %d: %+v", len(d.Units), len(wantUnits), d.Units)
	}
	for i, w := range wantUnits {
		g := d.Units[i]
		ids := [3]int64{g.Unit.BureauID, g.Unit.DepartmentID, g.Unit.SectionID}
		if ids != w.ids || g.Level != w.level || g.Counts != w.counts {
			t.Errorf("unit %d: got %v %s %+v, want %v %s %+v", i, ids, g.Level, g.Counts, w.ids, w.level, w.counts)
		}
	}

	wantRoles := []tracker.RoleCounts{
		{Role: tracker.RoleGeneral, Counts: tracker.Counts{Targets: 3, Passed: 2, NotStarted: 1}},
		{Role: tracker.RoleManager, Counts: tracker.Counts{Targets: 1, InProgress: 1}},
		{Role: tracker.RoleExecutive, Counts: tracker.Counts{Targets: 1, Passed: 1}},
	}
	if len(d.Roles) != len(wantRoles) {
		t.Fatalf("got roles %+v, want %+v", d.Roles, wantRoles)
	}
	for i := range wantRoles {
		if d.Roles[i] != wantRoles[i] {
			t.Errorf("role %d: got %+v, want %+v", i, d.Roles[i], wantRoles[i])
		}
	}
	wantCats := []tracker.CategoryCounts{
		{Category: tracker.CategoryStaff, Counts: tracker.Counts{Targets: 3, Passed: 2, InProgress: 1}},
		{Category: tracker.CategoryFixedTerm, Counts: tracker.Counts{Targets: 1, NotStarted: 1}},
		{Category: tracker.CategoryContractor, Counts: tracker.Counts{Targets: 1, Passed: 1}},
	}
	for i := range wantCats {
		if i >= len(d.Categories) || d.Categories[i] != wantCats[i] {
			t.Errorf("categories: got %+v, want %+v", d.Categories, wantCats)
			break
		}
	}
	wantMods := []tracker.ModuleCounts{{Module: "general", Required: 5, Passed: 4}, {Module: "manager", Required: 2, Passed: 1},
		{Module: "executive", Required: 1, Passed: 1}}
	for i := range wantMods {
		if i >= len(d.Modules) || d.Modules[i] != wantMods[i] {
			t.Errorf("modules: got %+v, want %+v", d.Modules, wantMods)
			break
		}
	}

	// 6/1 … 8/15 is 76 days; at most 27 points gives a step of 3 days: 6/1, 6/4, …, 8/15 (26
	// points), the deadline 7/31 (day 60) among them.
	if len(d.Progress) != 26 {
		t.Fatalf("got %d progress points, want 26", len(d.Progress))
	}
	at := map[string]tracker.ProgressPoint{}
	deadlines := 0
	for _, p := range d.Progress {
		at[p.Date.String()] = p
		if p.Deadline {
			deadlines++
		}
	}
	for _, w := range []struct {
		day      string
		passed   int
		deadline bool
	}{
		{"2026-06-01", 1, false}, // the contractor passed in April, before the period
		{"2026-06-07", 1, false},
		{"2026-06-10", 2, false},
		{"2026-06-28", 2, false},
		{"2026-07-01", 3, false},
		{"2026-07-31", 3, true},
		{"2026-08-15", 3, false},
	} {
		p, ok := at[w.day]
		if !ok || p.Passed != w.passed || p.Deadline != w.deadline {
			t.Errorf("%s: got %+v (present %v), want passed %d deadline %v", w.day, p, ok, w.passed, w.deadline)
		}
	}
	if deadlines != 1 {
		t.Errorf("got %d deadline points, want 1", deadlines)
	}
}

func TestDashboardProgressBeforeDeadline(t *testing.T) {
	plan, reports := dashboardFixture(t)
	d := &tracker.Dashboard{FiscalYear: 2026, Plan: plan, AsOf: *jst(2026, 6, 3)}
	d.Build(reports)
	// Three days of the period so far: one point a day, no deadline yet.
	if len(d.Progress) != 3 || d.Progress[2].Date.String() != "2026-06-03" || d.Progress[2].Deadline {
		t.Fatalf("got %+v, want 6/1–6/3 without the deadline", d.Progress)
	}
	d = &tracker.Dashboard{FiscalYear: 2026, Plan: plan, AsOf: *jst(2026, 5, 1)}
	d.Build(reports)
	if len(d.Progress) != 0 {
		t.Fatalf("got %+v before the period, want none", d.Progress)
	}
}

func TestStatusFilter(t *testing.T) {
	tests := []struct {
		name   string
		filter tracker.StatusFilter
		want   string // part of the message; "" for valid
	}{
		{"OK", tracker.StatusFilter{FiscalYear: 2026, State: tracker.PersonOutstanding, Role: tracker.RoleManager, Category: tracker.CategoryStaff}, ""},
		{"ErrYear", tracker.StatusFilter{FiscalYear: 26}, "年度"},
		{"ErrRole", tracker.StatusFilter{FiscalYear: 2026, Role: "boss"}, "役割"},
		{"ErrCategory", tracker.StatusFilter{FiscalYear: 2026, Category: "派遣"}, "区分"},
		{"ErrState", tracker.StatusFilter{FiscalYear: 2026, State: "done"}, "受講状況"},
		{"ErrOffset", tracker.StatusFilter{FiscalYear: 2026, Offset: -1}, "表示位置"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.filter.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			if tracker.ErrorCode(err) != tracker.EINVALID || !strings.Contains(tracker.ErrorMessage(err), tt.want) {
				t.Fatalf("got %v, want EINVALID mentioning %q", err, tt.want)
			}
		})
	}

	_, reports := dashboardFixture(t)
	matches := func(f tracker.StatusFilter) []string {
		var names []string
		for _, r := range reports {
			if f.Matches(r) {
				names = append(names, r.Person.Name)
			}
		}
		return names
	}
	for _, tt := range []struct {
		name   string
		filter tracker.StatusFilter
		want   string
	}{
		{"All", tracker.StatusFilter{}, "一二三四五"},
		{"Outstanding", tracker.StatusFilter{State: tracker.PersonOutstanding}, "二三"},
		{"NotStarted", tracker.StatusFilter{State: tracker.PersonNotStarted}, "三"},
		{"Role", tracker.StatusFilter{Role: tracker.RoleGeneral}, "一三五"},
		{"Category", tracker.StatusFilter{Category: tracker.CategoryContractor}, "五"},
		{"Module", tracker.StatusFilter{Module: "manager"}, "二四"},
	} {
		t.Run("Matches"+tt.name, func(t *testing.T) {
			if got := strings.Join(matches(tt.filter), ""); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestExportValidate(t *testing.T) {
	ok := func() tracker.Export {
		return tracker.Export{Report: tracker.ReportAttendance, Format: tracker.FormatXLSX, FiscalYear: 2026, Scope: "全庁",
			Rows: 10, FileSHA256: strings.Repeat("a", 64), Purpose: "委員会報告"}
	}
	tests := []struct {
		name   string
		change func(*tracker.Export)
		want   string
	}{
		{"OK", func(*tracker.Export) {}, ""},
		{"ErrReport", func(e *tracker.Export) { e.Report = "salaries" }, "帳票"},
		{"ErrFormat", func(e *tracker.Export) { e.Format = "docx" }, "出力形式"},
		{"ErrScope", func(e *tracker.Export) { e.Scope = " " }, "範囲"},
		{"ErrDigest", func(e *tracker.Export) { e.FileSHA256 = "" }, "ハッシュ"},
		{"ErrPurposeNewline", func(e *tracker.Export) { e.Purpose = "a\nb" }, "使用できない文字"},
		{"ErrPurposeLong", func(e *tracker.Export) { e.Purpose = strings.Repeat("あ", 201) }, "200字以内"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok()
			tt.change(&e)
			err := e.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			if !strings.Contains(tracker.ErrorMessage(err), tt.want) {
				t.Fatalf("got %v, want a message with %q", err, tt.want)
			}
		})
	}
}

func TestEffectivenessDescribe(t *testing.T) {
	e := &tracker.Effectiveness{FiscalYear: 2026, Modules: []*tracker.ModuleComparison{{
		Module: "general",
		Current: &tracker.ModuleEffectiveness{Module: "general",
			Competencies: []tracker.CompetencyResult{{Competency: "duty", Correct: 3, Total: 4}},
			Items: &tracker.ItemAnalysis{Items: []*tracker.ItemResult{
				{QuestionID: "general-002", N: 5, Facility: 0.4},
				{QuestionID: "general-old", N: 2, Facility: 1},
			}}},
	}}}
	e.Describe([]*tracker.ModuleRef{{Module: "general", Title: "一般職員", Competencies: []tracker.CompetencyRef{{ID: "duty", Name: "責任"}},
		Questions: []tracker.QuestionRef{
			{ID: "general-001", Competency: "duty", Cites: []string{"01-3"}},
			{ID: "general-002", Competency: "duty", Cites: []string{"04-13", "07-11"}},
		}}})
	mc := e.Modules[0]
	if mc.Title != "一般職員" || mc.Current.Competencies[0].Name != "責任" {
		t.Fatalf("got title %q competency %+v", mc.Title, mc.Current.Competencies[0])
	}
	var ids []string
	for _, it := range mc.Current.Items.Items {
		ids = append(ids, it.QuestionID)
	}
	// Bank order first (the never-drawn question with N 0), then questions no longer in the bank.
	if got := strings.Join(ids, ","); got != "general-001,general-002,general-old" {
		t.Fatalf("got items %s", got)
	}
	if it := mc.Current.Items.Items[1]; strings.Join(it.Cites, ",") != "04-13,07-11" || it.N != 5 {
		t.Fatalf("got %+v, want the cites attached to the drawn question", it)
	}
	if it := mc.Current.Items.Items[0]; it.N != 0 || it.Competency != "duty" {
		t.Fatalf("got %+v, want an undrawn question listed with N 0", it)
	}
}

// TestLatePassed: a module passed after the deadline, or by an attempt recorded as late, is
// 期限後合格; a person through with such a module is 期限後合格, counted among the passed and apart.
func TestLatePassed(t *testing.T) {
	plan := reportPlan(t) // deadline 2026-07-31
	unit := tracker.Unit{BureauID: 1, Bureau: "総務局"}
	person := func(id int64, name string) *tracker.Person {
		return &tracker.Person{ID: id, Name: name, Unit: unit, Role: tracker.RoleGeneral, Category: tracker.CategoryStaff}
	}
	marked := passedAt(jst(2026, 7, 1))
	marked.PassLate = true // recorded late: a deadline of the person's own had passed
	reports := []*tracker.PersonReport{
		tracker.NewPersonReport(plan, person(1, "期限内"), map[string]*tracker.ModuleResult{"general": passedAt(jst(2026, 7, 31))}, nil),
		tracker.NewPersonReport(plan, person(2, "期限後"), map[string]*tracker.ModuleResult{"general": passedAt(jst(2026, 8, 1))}, nil),
		tracker.NewPersonReport(plan, person(3, "記録"), map[string]*tracker.ModuleResult{"general": marked}, nil),
	}
	for i, want := range []tracker.PersonState{tracker.PersonPassed, tracker.PersonLatePassed, tracker.PersonLatePassed} {
		if got := reports[i].State; got != want {
			t.Errorf("%s: got %s, want %s", reports[i].Person.Name, got, want)
		}
	}
	if got := reports[1].Modules[0].State; got != tracker.StateLatePassed {
		t.Errorf("module: got %s, want %s", got, tracker.StateLatePassed)
	}
	d := &tracker.Dashboard{FiscalYear: 2026, Plan: plan, AsOf: *jst(2026, 9, 1)}
	d.Build(reports)
	if d.Total.Passed != 3 || d.Total.LatePassed != 2 || d.Total.Outstanding() != 0 {
		t.Errorf("got %+v, want 3 passed of whom 2 late", d.Total)
	}
	for _, tt := range []struct {
		filter tracker.PersonState
		want   int
	}{{tracker.PersonPassed, 3}, {tracker.PersonLatePassed, 2}, {tracker.PersonOutstanding, 0}} {
		n := 0
		for _, r := range reports {
			if tt.filter.Matches(r.State) {
				n++
			}
		}
		if n != tt.want {
			t.Errorf("filter %s: got %d, want %d", tt.filter, n, tt.want)
		}
	}
}

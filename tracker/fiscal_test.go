package tracker_test

import (
	"strings"
	"testing"
	"time"

	"isms/tracker"
)

func TestFiscalYear(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		at   time.Time
		want tracker.FiscalYear
	}{
		{"April1JapanMidnight", utc("2026-03-31T15:00:00Z"), 2026}, // 2026-04-01 00:00 JST
		{"March31JapanLastSecond", utc("2026-03-31T14:59:59Z"), 2025},
		{"Summer", utc("2026-08-15T03:00:00Z"), 2026},
		{"January", utc("2027-01-10T00:00:00Z"), 2026},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tracker.FiscalYearOf(tt.at); got != tt.want {
				t.Fatalf("got %d, want %d", got, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		fy   tracker.FiscalYear
		want string
	}{
		{2026, "2026年度（令和8年度）"}, {2019, "2019年度（令和元年度）"}, {2018, "2018年度（平成30年度）"}, {2020, "2020年度（令和2年度）"},
	} {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.fy.String(); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("Bounds", func(t *testing.T) {
		fy := tracker.FiscalYear(2026)
		if !fy.Contains(fy.Start()) || fy.Contains(fy.End()) || fy.Start().Format(time.RFC3339) != "2026-04-01T00:00:00+09:00" {
			t.Fatalf("start %v end %v", fy.Start(), fy.End())
		}
	})
	t.Run("Parse", func(t *testing.T) {
		if fy, err := tracker.ParseFiscalYear("2026年度"); err != nil || fy != 2026 {
			t.Fatal(fy, err)
		}
		if _, err := tracker.ParseFiscalYear("令和8"); tracker.ErrorCode(err) != tracker.EINVALID {
			t.Fatalf("got %v, want EINVALID", err)
		}
	})
}

func TestParseRoleMap(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		m, err := tracker.ParseRoleMap(strings.NewReader("# 西宮市の職位\n主事 = general\n課長=セキュリティ管理者\n\n部長 = executive\n"))
		if err != nil {
			t.Fatal(err)
		}
		if r, ok := m.RoleOf("課長"); !ok || r != tracker.RoleManager {
			t.Fatalf("got %q %v", r, ok)
		}
		if _, ok := m.RoleOf("係長"); ok {
			t.Fatal("係長 is not in this map")
		}
	})
	t.Run("ErrEveryLine", func(t *testing.T) {
		_, err := tracker.ParseRoleMap(strings.NewReader("主事 = general\n課長\n部長 = boss\n主事 = manager\n"))
		msg := tracker.ErrorMessage(err)
		for _, want := range []string{"2行目", "3行目: ロール「boss」", "4行目: 職位「主事」が重複"} {
			if !strings.Contains(msg, want) {
				t.Errorf("got %q, want %q", msg, want)
			}
		}
	})
}

func TestTrainingRoleAndModules(t *testing.T) {
	plan := tracker.DefaultPlan(2026, func(r tracker.Role) []string {
		return map[tracker.Role][]string{
			tracker.RoleGeneral: {"general"}, tracker.RoleManager: {"general", "manager"},
			tracker.RoleExecutive: {"general", "manager", "executive"}, tracker.RoleChief: {"general", "manager", "executive", "chief"},
			tracker.RoleAuditor: {"general", "manager", "executive", "auditor"},
		}[r]
	})
	for _, tt := range []struct {
		name    string
		role    tracker.Role
		auditor bool
		want    string
	}{
		{"General", tracker.RoleGeneral, false, "general"},
		{"ManagerAuditor", tracker.RoleManager, true, "general,manager,executive,auditor"},
		{"ChiefAuditor", tracker.RoleChief, true, "general,manager,executive,chief,auditor"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := &tracker.Person{Role: tt.role, Auditor: tt.auditor}
			if got := strings.Join(plan.ModulesFor(p), ","); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("Status", func(t *testing.T) {
		passed := time.Now()
		st := tracker.StatusOf(plan, &tracker.Person{Role: tracker.RoleManager}, map[string]*tracker.ModuleResult{
			"general": {Attempts: 2, PassedAt: &passed, PassPercent: 90, BestPercent: 90},
			"manager": {Attempts: 1, BestPercent: 60},
		})
		if st.Complete || st.Modules[0].State != tracker.StatePassed || st.Modules[1].State != tracker.StateInProgress {
			t.Fatalf("got %+v %+v", st.Modules[0], st.Modules[1])
		}
	})
}

func TestScope(t *testing.T) {
	section := tracker.Unit{BureauID: 1, Bureau: "総務局", DepartmentID: 2, Department: "情報管理部", SectionID: 3, Section: "情報企画課"}
	otherSection := tracker.Unit{BureauID: 1, Bureau: "総務局", DepartmentID: 2, Department: "情報管理部", SectionID: 4, Section: "情報システム課"}
	department := tracker.Unit{BureauID: 1, Bureau: "総務局", DepartmentID: 2, Department: "情報管理部"}
	bureau := tracker.Unit{BureauID: 1, Bureau: "総務局"}
	someone := &tracker.Person{ID: 9, Unit: section}
	for _, tt := range []struct {
		name       string
		principal  *tracker.Principal
		seesPerson bool
		seesUnit   tracker.Unit
		unitOK     bool
	}{
		{"Staff", &tracker.Principal{Account: &tracker.Account{Kind: tracker.KindStaff}, Person: &tracker.Person{ID: 1, Role: tracker.RoleGeneral, Unit: section}}, false, section, false},
		{"Manager", &tracker.Principal{Account: &tracker.Account{Kind: tracker.KindStaff}, Person: &tracker.Person{ID: 2, Role: tracker.RoleManager, Unit: section}}, true, section, true},
		{"ManagerNotDepartment", &tracker.Principal{Account: &tracker.Account{Kind: tracker.KindStaff}, Person: &tracker.Person{ID: 2, Role: tracker.RoleManager, Unit: section}}, true, department, false},
		{"OtherManager", &tracker.Principal{Account: &tracker.Account{Kind: tracker.KindStaff}, Person: &tracker.Person{ID: 3, Role: tracker.RoleManager, Unit: otherSection}}, false, section, false},
		{"Director", &tracker.Principal{Account: &tracker.Account{Kind: tracker.KindStaff}, Person: &tracker.Person{ID: 4, Role: tracker.RoleExecutive, Unit: department}}, true, department, true},
		{"DirectorNotBureau", &tracker.Principal{Account: &tracker.Account{Kind: tracker.KindStaff}, Person: &tracker.Person{ID: 4, Role: tracker.RoleExecutive, Unit: department}}, true, bureau, false},
		{"BureauChief", &tracker.Principal{Account: &tracker.Account{Kind: tracker.KindStaff}, Person: &tracker.Person{ID: 5, Role: tracker.RoleExecutive, Unit: bureau}}, true, bureau, true},
		{"Admin", &tracker.Principal{Account: &tracker.Account{Kind: tracker.KindAdmin}}, true, bureau, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.principal.Scope()
			if got := s.CanSeePerson(someone); got != tt.seesPerson {
				t.Errorf("CanSeePerson: got %v, want %v", got, tt.seesPerson)
			}
			u := tt.seesUnit
			if got := s.CanSeeUnit(&u); got != tt.unitOK {
				t.Errorf("CanSeeUnit(%s): got %v, want %v", u.Name(), got, tt.unitOK)
			}
		})
	}
}

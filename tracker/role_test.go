package tracker_test

import (
	"strings"
	"testing"
	"time"

	"isms/tracker"
)

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
		for _, want := range []string{"2行目", "3行目: 役割「boss」", "4行目: 職位「主事」が重複"} {
			if !strings.Contains(msg, want) {
				t.Errorf("got %q, want %q", msg, want)
			}
		}
	})
}

func TestRoleMapLines(t *testing.T) {
	t.Run("BureauLine", func(t *testing.T) {
		m, err := tracker.ParseRoleMap(strings.NewReader("局長 = 局長級・部長級職員\n 総務局 ／ 局長 = chief\n"))
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			bureau string
			want   tracker.Role
		}{{"総務局", tracker.RoleChief}, {"市民局", tracker.RoleExecutive}, {"", tracker.RoleExecutive}} {
			if got, ok := m.RoleFor(tt.bureau, "局長", tracker.CategoryStaff); !ok || got != tt.want {
				t.Errorf("%s: got %q %v, want %q", tt.bureau, got, ok, tt.want)
			}
		}
	})
	t.Run("Contractor", func(t *testing.T) {
		m := tracker.DefaultRoleMap()
		if r, ok := m.RoleFor("総務局", "", tracker.CategoryContractor); !ok || r != tracker.RoleGeneral {
			t.Errorf("contractor without 職位: got %q %v, want 一般職員", r, ok)
		}
		if _, ok := m.RoleFor("総務局", "", tracker.CategoryStaff); ok {
			t.Error("staff without 職位: got a role, want none")
		}
	})
	t.Run("ErrEveryLine", func(t *testing.T) {
		_, err := tracker.ParseRoleMap(strings.NewReader("a/b/c = general\n/課長 = manager\n課長 = \n総務局/局長 = chief\n総務局／局長 = executive\n" +
			strings.Repeat("長", 101) + " = general\n"))
		msg := tracker.ErrorMessage(err)
		for _, want := range []string{"（5件）", "1行目: 「a/b/c」は「職位」か「局/職位」の形", "2行目: 「/課長」", "3行目: 役割がありません",
			"5行目: 職位「総務局の局長」が重複", "6行目: 「長長"} {
			if !strings.Contains(msg, want) {
				t.Errorf("got %q, want %q", msg, want)
			}
		}
	})
	t.Run("TextRoundTrip", func(t *testing.T) {
		m := tracker.DefaultRoleMap()
		back, err := tracker.ParseRoleMap(strings.NewReader(m.Text()))
		if err != nil {
			t.Fatal(err)
		}
		if len(back) != len(m) {
			t.Fatalf("got %d lines back, want %d", len(back), len(m))
		}
		for k, r := range m {
			if back[k] != r {
				t.Errorf("%s: got %q, want %q", k, back[k], r)
			}
		}
		if !strings.Contains(m.Text(), "# ISMS統括責任者\n総務局/局長 = ISMS統括責任者\n") {
			t.Errorf("got %q, want the 総務局's line first under its role", m.Text())
		}
	})
}

func TestRoleLabel(t *testing.T) {
	for _, tt := range []struct {
		role    tracker.Role
		auditor bool
		want    string
	}{
		{tracker.RoleExecutive, true, "局長級・部長級職員・セキュリティ内部監査委員"},
		{tracker.RoleChief, true, "ISMS統括責任者・セキュリティ内部監査委員"},
		{tracker.RoleManager, false, "セキュリティ管理者"},
		{tracker.RoleAuditor, true, "セキュリティ内部監査委員"},
	} {
		p := &tracker.Person{Role: tt.role, Auditor: tt.auditor}
		if got := p.RoleLabel(); got != tt.want {
			t.Errorf("%s %v: got %q, want %q", tt.role, tt.auditor, got, tt.want)
		}
	}
}

func TestTrainingRoleAndModules(t *testing.T) {
	plan := tracker.DefaultPlan(2026)
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
		passed := time.Date(2027, 3, 31, 23, 59, 0, 0, tracker.Japan) // the deadline's last minute
		st := tracker.StatusOf(plan, &tracker.Person{Role: tracker.RoleManager}, map[string]*tracker.ModuleResult{
			"general": {Attempts: 2, PassedAt: &passed, PassPercent: 90, BestPercent: 90},
			"manager": {Attempts: 1, BestPercent: 60},
		})
		if st.Complete || st.Modules[0].State != tracker.StatePassed || st.Modules[1].State != tracker.StateFailed {
			t.Fatalf("got %+v %+v", st.Modules[0], st.Modules[1])
		}
	})
	t.Run("LatePassCompletes", func(t *testing.T) {
		withDeadline := *plan
		withDeadline.Deadline, _ = tracker.ParseDate("2027-01-31")
		late := time.Date(2027, 2, 1, 0, 0, 0, 0, tracker.Japan) // the first instant after the deadline
		st := tracker.StatusOf(&withDeadline, &tracker.Person{Role: tracker.RoleGeneral}, map[string]*tracker.ModuleResult{
			"general": {Attempts: 1, PassedAt: &late, PassPercent: 80, BestPercent: 80},
		})
		if !st.Complete || st.Modules[0].State != tracker.StateLatePassed {
			t.Fatalf("got %+v", st.Modules[0])
		}
	})
}

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

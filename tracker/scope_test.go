package tracker_test

import (
	"testing"

	"isms/tracker"
)

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

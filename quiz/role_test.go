package quiz_test

import (
	"slices"
	"testing"

	"isms/quiz"
)

func TestRoles(t *testing.T) {
	want := []quiz.Role{quiz.RoleGeneral, quiz.RoleManager, quiz.RoleExecutive, quiz.RoleChief, quiz.RoleAuditor}
	if got := quiz.Roles(); !slices.Equal(got, want) {
		t.Fatalf("Roles() = %q, want %q", got, want)
	}
	// The 第16条 table and design.md: names as written, modules cumulative; the auditor builds on the
	// 部長級職員, not on the ISMS統括責任者.
	for _, tt := range []struct {
		role     quiz.Role
		name     string
		required []string
	}{
		{quiz.RoleGeneral, "一般職員", []string{"general"}},
		{quiz.RoleManager, "セキュリティ管理者", []string{"general", "manager"}},
		{quiz.RoleExecutive, "局長級・部長級職員", []string{"general", "manager", "executive"}},
		{quiz.RoleChief, "ISMS統括責任者", []string{"general", "manager", "executive", "chief"}},
		{quiz.RoleAuditor, "セキュリティ内部監査委員", []string{"general", "manager", "executive", "auditor"}},
	} {
		t.Run(string(tt.role), func(t *testing.T) {
			if !tt.role.Valid() {
				t.Error("Valid() = false")
			}
			if got := tt.role.Name(); got != tt.name {
				t.Errorf("Name() = %q, want %q", got, tt.name)
			}
			got := quiz.RequiredModules(tt.role)
			if !slices.Equal(got, tt.required) {
				t.Errorf("RequiredModules = %q, want %q", got, tt.required)
			}
			got[0] = "changed"
			if again := quiz.RequiredModules(tt.role); again[0] != tt.required[0] {
				t.Error("changing the returned slice changed the table")
			}
		})
	}
	t.Run("Unknown", func(t *testing.T) {
		for _, r := range []quiz.Role{"", "admin", "General"} {
			if r.Valid() || r.Name() != "" || quiz.RequiredModules(r) != nil {
				t.Errorf("role %q: Valid=%v Name=%q Required=%v, want invalid", r, r.Valid(), r.Name(), quiz.RequiredModules(r))
			}
		}
	})
}

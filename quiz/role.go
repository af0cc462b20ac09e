package quiz

// Role is a role of the 【01】第16条 table; each role must pass a cumulative set of modules.
type Role string

// The 第16条 roles, in the table's order.
const (
	RoleGeneral   Role = "general"   // 一般職員
	RoleManager   Role = "manager"   // セキュリティ管理者
	RoleExecutive Role = "executive" // 局長級・部長級職員
	RoleChief     Role = "chief"     // ISMS統括責任者
	RoleAuditor   Role = "auditor"   // セキュリティ内部監査委員
)

// roleTable is the 第16条 table: each role's name and the modules it must pass. Competencies are cumulative
// ("一般職員の力量に加え、…"); the 内部監査委員 builds on the 部長級職員, not on the ISMS統括責任者.
var roleTable = []struct {
	role     Role
	name     string
	required []string
}{
	{RoleGeneral, "一般職員", []string{"general"}},
	{RoleManager, "セキュリティ管理者", []string{"general", "manager"}},
	{RoleExecutive, "局長級・部長級職員", []string{"general", "manager", "executive"}},
	{RoleChief, "ISMS統括責任者", []string{"general", "manager", "executive", "chief"}},
	{RoleAuditor, "セキュリティ内部監査委員", []string{"general", "manager", "executive", "auditor"}},
}

// Roles returns the 第16条 roles in the table's order.
func Roles() []Role {
	roles := make([]Role, len(roleTable))
	for i, r := range roleTable {
		roles[i] = r.role
	}
	return roles
}

// Name returns the role's Japanese name as written in 第16条, or "" for an unknown role.
func (r Role) Name() string {
	for _, e := range roleTable {
		if e.role == r {
			return e.name
		}
	}
	return ""
}

// Valid reports whether r is one of the 第16条 roles.
func (r Role) Valid() bool { return r.Name() != "" }

// RequiredModules returns the modules a person in role r must pass, in the order to take them; nil for an
// unknown role. The slice is the caller's to keep.
func RequiredModules(r Role) []string {
	for _, e := range roleTable {
		if e.role == r {
			return append([]string(nil), e.required...)
		}
	}
	return nil
}

// ModuleOrder is the order of the five modules as the table introduces them; banks are listed in it.
func ModuleOrder() []string {
	return []string{"general", "manager", "executive", "chief", "auditor"}
}

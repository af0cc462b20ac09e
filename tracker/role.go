package tracker

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"isms/quiz"
)

// Role is a row of the 第16条 table. The table itself (each role's name and the modules it must pass)
// belongs to package quiz, whose banks are the modules; the tracker uses the same type, so there is one
// table and no conversion at the edges.
type Role = quiz.Role

// The 第16条 roles, in the table's order.
const (
	RoleGeneral   = quiz.RoleGeneral   // 一般職員
	RoleManager   = quiz.RoleManager   // セキュリティ管理者 (課等の長)
	RoleExecutive = quiz.RoleExecutive // 局長級・部長級職員
	RoleChief     = quiz.RoleChief     // ISMS統括責任者
	RoleAuditor   = quiz.RoleAuditor   // セキュリティ内部監査委員
)

// Roles lists the roles in the order of the 第16条 table.
func Roles() []Role { return quiz.Roles() }

// RequiredModules gives the modules a role must pass by the 第16条 table (cumulative), the default
// of every plan.
func RequiredModules(r Role) []string { return quiz.RequiredModules(r) }

// RoleMap derives a person's 第16条 role from the roster: 職位 gives the role, and the 監査委員
// flag makes the person a セキュリティ内部監査委員 on top of it (see Person.TrainingRole). The city edits the
// mapping as a file (ParseRoleMap), since 職位 names change with reorganisations.
type RoleMap map[string]Role

// DefaultRoleMap is the mapping used when none is configured. 課長級 → セキュリティ管理者 (【01】第9条),
// 部長級・局長級 → 局長級・部長級職員 (第7–8条), 総務局長 → ISMS統括責任者 (第5条); everyone else,
// including 会計年度任用職員 and 外部委託要員 (第12条3), is 一般職員.
func DefaultRoleMap() RoleMap {
	m := RoleMap{}
	for _, p := range []string{"職員", "主事補", "主事", "技師補", "技師", "主任", "係長", "主査", "課長補佐",
		"副主幹", "主幹", "専門員", "会計年度任用職員", "委託要員"} {
		m[p] = RoleGeneral
	}
	for _, p := range []string{"課長", "担当課長", "室長", "所長", "館長", "参事"} {
		m[p] = RoleManager
	}
	for _, p := range []string{"部長", "担当部長", "次長", "局長", "副局長", "担当理事"} {
		m[p] = RoleExecutive
	}
	m["総務局長"] = RoleChief
	m["ISMS統括責任者"] = RoleChief
	return m
}

// RoleOf returns the role of a 職位, and false when the 職位 is not mapped. The 監査委員 flag is
// applied on top by Person.TrainingRole.
func (m RoleMap) RoleOf(position string) (Role, bool) {
	r, ok := m[position]
	return r, ok
}

// Positions lists the mapped 職位 in a stable order, for messages and the README.
func (m RoleMap) Positions() []string {
	ps := make([]string, 0, len(m))
	for p := range m {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// ParseRoleMap reads a mapping file: one "職位 = role" per line, role being general, manager,
// executive, chief or auditor (or the role's Japanese name); blank lines and lines starting with #
// are ignored. Every bad line is reported with its number.
func ParseRoleMap(r io.Reader) (RoleMap, error) {
	m := RoleMap{}
	var problems []string
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pos, role, ok := strings.Cut(line, "=")
		pos, role = strings.TrimSpace(pos), strings.TrimSpace(role)
		if !ok || pos == "" {
			problems = append(problems, fmt.Sprintf("%d行目: 「職位 = 役割」の形ではありません", n))
			continue
		}
		r, ok := parseRole(role)
		if !ok {
			problems = append(problems, fmt.Sprintf("%d行目: 役割「%s」は general, manager, executive, chief, auditor のいずれかです", n, role))
			continue
		}
		if _, dup := m[pos]; dup {
			problems = append(problems, fmt.Sprintf("%d行目: 職位「%s」が重複しています", n, pos))
			continue
		}
		m[pos] = r
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, Errorf(EINVALID, "職位の対応表に誤りがあります。\n%s", strings.Join(problems, "\n"))
	}
	if len(m) == 0 {
		return nil, Errorf(EINVALID, "職位の対応表が空です。")
	}
	return m, nil
}

func parseRole(s string) (Role, bool) {
	for _, r := range Roles() {
		if s == string(r) || s == r.Name() {
			return r, true
		}
	}
	return "", false
}

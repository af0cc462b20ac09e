package tracker

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

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
// flag makes the person a セキュリティ内部監査委員 on top of it (see Person.TrainingRole). A key is a
// 職位 ("局長"), or a 局 and a 職位 ("総務局/局長"), which wins over the 職位 alone: 【01】第5条 makes
// the 総務局長 the ISMS統括責任者, while every other 局長 is 局長級・部長級職員. The 事務局 edits the
// mapping on a page (write-once revisions) or in a file (ParseRoleMap), since 職位 names change
// with reorganisations.
type RoleMap map[string]Role

// BureauSeparator joins a 局 and a 職位 in a key of RoleMap.
const BureauSeparator = "/"

// DefaultRoleMap is the mapping used when none is configured. 課長級 → セキュリティ管理者 (【01】第9条),
// 部長級・局長級 → 局長級・部長級職員 (第7–8条), the 総務局's 局長 → ISMS統括責任者 (第5条); everyone
// else, including 会計年度任用職員 and 外部委託要員 (第12条3), is 一般職員.
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
	m["総務局"+BureauSeparator+"局長"] = RoleChief
	m["総務局長"] = RoleChief
	m["ISMS統括責任者"] = RoleChief
	return m
}

// RoleOf returns the role of a 職位 by its own line, and false when there is none. The 監査委員
// flag is applied on top by Person.TrainingRole.
func (m RoleMap) RoleOf(position string) (Role, bool) {
	r, ok := m[position]
	return r, ok
}

// RoleFor returns the role of a roster row: the line for its 局 and 職位, else the line for the
// 職位. A 外部委託 row without a 職位 is 一般職員 (【01】第12条3: contractors are trained as staff),
// because cities' rosters leave the 職位 of contractors empty. False when no line applies.
func (m RoleMap) RoleFor(bureau, position string, c Category) (Role, bool) {
	if position == "" {
		return RoleGeneral, c == CategoryContractor
	}
	if r, ok := m[bureau+BureauSeparator+position]; ok && bureau != "" {
		return r, true
	}
	return m.RoleOf(position)
}

// Positions lists the keys in a stable order.
func (m RoleMap) Positions() []string {
	ps := make([]string, 0, len(m))
	for p := range m {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// KeyLabel is a key as people read it: 局長, or 総務局の局長.
func KeyLabel(key string) string {
	if b, p, ok := strings.Cut(key, BureauSeparator); ok {
		return b + "の" + p
	}
	return key
}

// RoleLines are the keys of one role, for the pages that show the mapping.
type RoleLines struct {
	Role Role
	Keys []string // the 局 + 職位 lines first, as KeyLabel shows them
}

// ByRole groups the keys by role, in the order of the 第16条 table.
func (m RoleMap) ByRole() []RoleLines {
	var out []RoleLines
	for _, r := range Roles() {
		var bureau, plain []string
		for _, k := range m.Positions() {
			if m[k] != r {
				continue
			}
			if strings.Contains(k, BureauSeparator) {
				bureau = append(bureau, KeyLabel(k))
			} else {
				plain = append(plain, k)
			}
		}
		out = append(out, RoleLines{Role: r, Keys: append(bureau, plain...)})
	}
	return out
}

// Text writes the mapping in the form ParseRoleMap reads, one role after another, with the roles'
// names: the text the 事務局 starts editing from.
func (m RoleMap) Text() string {
	var b strings.Builder
	for i, rl := range m.ByRole() {
		if len(rl.Keys) == 0 {
			continue
		}
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "# %s\n", rl.Role.Name())
		for _, k := range m.Positions() {
			if m[k] == rl.Role && strings.Contains(k, BureauSeparator) {
				fmt.Fprintf(&b, "%s = %s\n", k, rl.Role.Name())
			}
		}
		for _, k := range m.Positions() {
			if m[k] == rl.Role && !strings.Contains(k, BureauSeparator) {
				fmt.Fprintf(&b, "%s = %s\n", k, rl.Role.Name())
			}
		}
	}
	return b.String()
}

// Limits on a mapping, so a wrong paste cannot exhaust the server.
const (
	MaxRoleMapLines = 2000
	maxKeyLen       = 100 // characters of a 局 or a 職位, as a roster's field
)

// ParseRoleMap reads a mapping: one "職位 = 役割" or "局/職位 = 役割" per line, the role being its
// Japanese name or general, manager, executive, chief or auditor; blank lines and lines starting
// with # are ignored. Every bad line is reported with its number.
func ParseRoleMap(r io.Reader) (RoleMap, error) {
	m := RoleMap{}
	var problems []string
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		if n > MaxRoleMapLines {
			return nil, Errorf(EINVALID, "職位の対応表が長すぎます（上限 %d 行）。", MaxRoleMapLines)
		}
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if p := roleMapLine(m, line); p != "" {
			problems = append(problems, fmt.Sprintf("%d行目: %s", n, p))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, Errorf(EINVALID, "職位の対応表を読み込めません（1行が長すぎます）。")
	}
	if len(problems) > 0 {
		return nil, Errorf(EINVALID, "職位の対応表に誤りがあります（%d件）。\n%s", len(problems), strings.Join(problems, "\n"))
	}
	if len(m) == 0 {
		return nil, Errorf(EINVALID, "職位の対応表が空です。「職位 = 役割」の行を1行以上書いてください。")
	}
	return m, nil
}

// roleMapLine adds one line to m, or says what is wrong with it.
func roleMapLine(m RoleMap, line string) string {
	key, role, ok := strings.Cut(line, "=")
	key, role = strings.TrimSpace(strings.ReplaceAll(key, "／", BureauSeparator)), strings.TrimSpace(role)
	if !ok || key == "" {
		return "「職位 = 役割」または「局/職位 = 役割」の形ではありません。"
	}
	if strings.ContainsFunc(line, unicode.IsControl) {
		return "使用できない文字（制御文字）が含まれています。"
	}
	parts := strings.Split(key, BureauSeparator)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
		if parts[i] == "" || len(parts) > 2 {
			return fmt.Sprintf("「%s」は「職位」か「局/職位」の形にしてください（/ は局と職位の間に1つだけ）。", key)
		}
		if utf8.RuneCountInString(parts[i]) > maxKeyLen {
			return fmt.Sprintf("「%s」が長すぎます（上限%d文字）。", parts[i], maxKeyLen)
		}
	}
	key = strings.Join(parts, BureauSeparator)
	r, ok := parseRole(role)
	if role == "" {
		return "役割がありません（= の右に書いてください）。"
	}
	if !ok {
		return fmt.Sprintf("役割「%s」は %s のいずれかです（general, manager, executive, chief, auditor でも書けます）。", role, roleNames())
	}
	if _, dup := m[key]; dup {
		return fmt.Sprintf("職位「%s」が重複しています。", KeyLabel(key))
	}
	m[key] = r
	return ""
}

func roleNames() string {
	var names []string
	for _, r := range Roles() {
		names = append(names, r.Name())
	}
	return strings.Join(names, "、")
}

func parseRole(s string) (Role, bool) {
	for _, r := range Roles() {
		if s == string(r) || s == r.Name() {
			return r, true
		}
	}
	return "", false
}

// RoleLabel names a person's roles as every page and report shows them: the 職位's role, with
// セキュリティ内部監査委員 beside it for a 監査委員 (局長級・部長級職員・セキュリティ内部監査委員), so
// that neither is hidden by the other.
func RoleLabel(r Role, auditor bool) string {
	if auditor && r != RoleAuditor {
		return r.Name() + "・" + RoleAuditor.Name()
	}
	return r.Name()
}

// RoleLabel is the person's roles, as the package's RoleLabel names them.
func (p *Person) RoleLabel() string { return RoleLabel(p.Role, p.Auditor) }

package tracker

import (
	"fmt"
	"slices"
	"strings"
)

// SessionCredit says that attending a session counts as passing one of the plan's modules for the
// people of some roles (their training role when the attendance was recorded). The plan, approved
// by the committee, decides it; the session only says what it covers.
type SessionCredit struct {
	Session int64  `json:"session"`
	Module  string `json:"module"`
	Roles   []Role `json:"roles"`
}

// FollowUp assigns a module to everyone who clicked in a 訓練 (the link, an attachment, or entered
// data), due by a deadline of its own.
type FollowUp struct {
	Drill    int64  `json:"drill"`
	Module   string `json:"module"`
	Deadline Date   `json:"deadline"`
}

// followUp returns the follow-up that assigns module to the person, if any (a module they must
// pass anyway keeps its own deadline).
func (p *Plan) followUp(person *Person, module string) (FollowUp, bool) {
	for _, f := range p.FollowUps {
		if f.Module == module && slices.Contains(person.Clicked, f.Drill) {
			base := *person
			base.Clicked = nil
			if !slices.Contains(p.ModulesFor(&base), module) {
				return f, true
			}
		}
	}
	return FollowUp{}, false
}

// Counts reports whether attending session as role passes module under the plan.
func (p *Plan) Counts(session int64, module string, role Role) bool {
	for _, c := range p.Credits {
		if c.Session == session && c.Module == module && slices.Contains(c.Roles, role) {
			return true
		}
	}
	return false
}

// SortCredits orders credits by session and module, so a plan saved from a form compares equal to
// the same plan saved from the API.
func SortCredits(cs []SessionCredit) {
	slices.SortFunc(cs, func(a, b SessionCredit) int {
		if a.Session != b.Session {
			return int(a.Session - b.Session)
		}
		return strings.Compare(a.Module, b.Module)
	})
	for i := range cs {
		slices.SortFunc(cs[i].Roles, func(a, b Role) int { return roleIndex(a) - roleIndex(b) })
	}
}

func roleIndex(r Role) int { return slices.Index(Roles(), r) }

// MaxRelativeDays bounds the relative deadlines a plan may give.
const MaxRelativeDays = 365

func (p *Plan) trainingProblems() []string {
	var problems []string
	if p.JoinerDays < 0 || p.JoinerDays > MaxRelativeDays || p.RoleChangeDays < 0 || p.RoleChangeDays > MaxRelativeDays {
		problems = append(problems, fmt.Sprintf("入所時・役割の変更時の受講期限は0〜%d日で指定してください（0は計画の受講期限）。", MaxRelativeDays))
	}
	for _, f := range p.FollowUps {
		if f.Drill <= 0 || f.Module == "" || f.Deadline.IsZero() {
			problems = append(problems, "訓練でクリックした職員に課す研修には、研修モジュールと受講期限を指定してください。")
		}
	}
	for _, c := range p.Credits {
		if c.Session <= 0 || c.Module == "" {
			problems = append(problems, "合格として扱う集合研修の指定が正しくありません。")
			continue
		}
		for _, r := range c.Roles {
			if !r.Valid() {
				problems = append(problems, fmt.Sprintf("役割「%s」は存在しません。", r))
			}
		}
	}
	return problems
}

// DeadlineFor is the day by which the person must have passed module (期限後合格 after it). It is
// the plan's deadline, except
//   - for someone who joined during the fiscal year (Person.JoinedAt) when the plan gives
//     JoinerDays: that many days after joining, for every module (入所時研修, 【02】表1);
//   - for a module a 訓練's follow-up assigned (Plan.FollowUps): the follow-up's own deadline;
//   - for the modules a change of role during the year added (promoted to 課長: the manager
//     module), when the plan gives RoleChangeDays: that many days after the change. What the
//     person had to pass before keeps its deadline, and what they passed counts.
//
// Every page, report, export and reminder asks here; module "" asks for the person's deadline
// apart from a change of role.
func (p *Plan) DeadlineFor(person *Person, module string) Date {
	d := p.Deadline
	if person == nil {
		return d
	}
	if p.JoinerDays > 0 && !person.JoinedAt.IsZero() && p.FiscalYear.Contains(person.JoinedAt) {
		d = DateOf(person.JoinedAt).AddDays(p.JoinerDays)
	}
	if module != "" && p.RoleChangeDays > 0 && p.addedByRoleChange(person, module) {
		d = DateOf(person.RoleChangedAt).AddDays(p.RoleChangeDays)
	}
	if f, ok := p.followUp(person, module); ok {
		d = f.Deadline
	}
	return d
}

// addedByRoleChange reports whether the person's change of role during the plan's year added the
// module to what they must pass.
func (p *Plan) addedByRoleChange(person *Person, module string) bool {
	if person.RoleChangedAt.IsZero() || person.RoleBefore == "" || !p.FiscalYear.Contains(person.RoleChangedAt) {
		return false
	}
	before := *person
	before.Role = person.RoleBefore
	return slices.Contains(p.ModulesFor(person), module) && !slices.Contains(p.ModulesFor(&before), module)
}

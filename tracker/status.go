package tracker

import "time"

// State is where a person stands with one required module in a fiscal year.
type State string

const (
	StateNotStarted State = "未受講"         // no attempt this fiscal year
	StateInProgress State = "受講中"         // begun, not finished (a course of several parts)
	StateFailed     State = "不合格（再受講が必要）" // attempted, not passed yet
	StatePassed     State = "合格"
	StateLatePassed State = "期限後合格" // passed after the person's deadline
)

// Done reports whether the state fulfils the requirement (passed, in time or late).
func (s State) Done() bool { return s == StatePassed || s == StateLatePassed }

// ModuleStatus is one line of a person's 今年度の研修.
type ModuleStatus struct {
	Module   string        `json:"module"`
	State    State         `json:"state"`
	Result   *ModuleResult `json:"result,omitempty"`
	PassedAt *time.Time    `json:"passedAt,omitempty"`
	Percent  int           `json:"percent,omitempty"` // the passing score, else the best so far
	Deadline Date          `json:"deadline"`          // Plan.DeadlineFor the person and module
}

// PersonStatus is a person's standing against the plan: every required module, and whether all
// are passed.
type PersonStatus struct {
	Person   *Person         `json:"person"`
	Role     Role            `json:"role"`
	Modules  []*ModuleStatus `json:"modules"`
	Complete bool            `json:"complete"`
}

// StatusOf combines the plan and a person's results (module → result, may be nil).
func StatusOf(plan *Plan, p *Person, results map[string]*ModuleResult) *PersonStatus {
	ps := &PersonStatus{Person: p, Role: p.TrainingRole(), Complete: true}
	for _, m := range plan.ModulesFor(p) {
		ms := &ModuleStatus{Module: m, State: StateNotStarted, Deadline: plan.DeadlineFor(p, m)}
		if r := results[m]; r != nil && (r.Attempts > 0 || r.PassedAt != nil) {
			ms.Result = r
			ms.State = StateFailed
			ms.Percent = r.BestPercent
			if r.PassedAt != nil {
				ms.State = StatePassed
				// Late when the passing attempt was recorded as late, or when it came after the
				// deadline as the plan now has it (attempts recorded before the mark existed).
				if deadline := ms.Deadline; r.PassLate || !deadline.IsZero() && !r.PassedAt.Before(deadline.End()) {
					ms.State = StateLatePassed
				}
				ms.PassedAt = r.PassedAt
				ms.Percent = r.PassPercent
			}
		}
		if !ms.State.Done() {
			ps.Complete = false
		}
		ps.Modules = append(ps.Modules, ms)
	}
	return ps
}

// NextDeadline is the earliest deadline of the modules not yet passed; zero when all are.
func (ps *PersonStatus) NextDeadline() Date {
	var d Date
	for _, m := range ps.Modules {
		if !m.State.Done() && (d.IsZero() || m.Deadline.Before(d)) {
			d = m.Deadline
		}
	}
	return d
}

// Missing lists the modules not yet passed.
func (ps *PersonStatus) Missing() []*ModuleStatus {
	var out []*ModuleStatus
	for _, m := range ps.Modules {
		if !m.State.Done() {
			out = append(out, m)
		}
	}
	return out
}

package tracker

import (
	"context"
	"time"
)

// ClassificationA is the 重要性分類 of everything the reports hold: staff names, sections and
// results are 職員名簿情報 (【03】第4条). Every export's file name and title carry it (【03】第5条).
const ClassificationA = "重要性分類A"

// PersonState is where a person stands with the whole plan in a fiscal year.
type PersonState string

const (
	PersonPassed     PersonState = "passed"     // 合格: every required module passed
	PersonLatePassed PersonState = "latepassed" // 期限後合格: every required module passed, one after the deadline
	PersonInProgress PersonState = "inprogress" // 受講中: attempted, not every module passed yet
	PersonNotStarted PersonState = "notstarted" // 未受講: no attempt at a required module this year
	// PersonOutstanding selects both of the last two: everyone a manager has to chase
	// (the 未受講者一覧). It is a filter, never a person's own state.
	PersonOutstanding PersonState = "outstanding"
)

// Valid reports whether s is a state or the outstanding filter.
func (s PersonState) Valid() bool {
	switch s {
	case PersonPassed, PersonLatePassed, PersonInProgress, PersonNotStarted, PersonOutstanding:
		return true
	}
	return false
}

// Label is the state as pages and exports show it.
func (s PersonState) Label() string {
	switch s {
	case PersonPassed:
		return "合格"
	case PersonLatePassed:
		return "期限後合格"
	case PersonInProgress:
		return "受講中"
	case PersonNotStarted:
		return "未受講"
	case PersonOutstanding:
		return "未受講者（未受講・受講中）"
	}
	return string(s)
}

// Done reports whether the state is through the plan, in time or late.
func (s PersonState) Done() bool { return s == PersonPassed || s == PersonLatePassed }

// Matches reports whether a person in state s is selected by the filter f ("" selects all). The
// passed filter selects everyone through, in time or late, as the 合格者 figure counts them.
func (f PersonState) Matches(s PersonState) bool {
	switch f {
	case "":
		return true
	case PersonOutstanding:
		return !s.Done()
	case PersonPassed:
		return s.Done()
	}
	return f == s
}

// PersonReport is a person's standing in a fiscal year as the reports show it. The embedded
// PersonStatus is the tracker's; Person in it is placed as in that fiscal year: the unit, 職位
// and role of the posting in force at the year's cut-off (Dashboard.AsOf), so last year's
// figures do not move with this year's 異動.
type PersonReport struct {
	*PersonStatus
	State PersonState `json:"state"`
	// CompletedAt is when the last required module was passed; nil until then.
	CompletedAt *time.Time `json:"completedAt,omitempty"`
	// Versions is the policy version of each module's passing attempt (else of its latest).
	Versions map[string]string `json:"versions,omitempty"`
}

// NewPersonReport evaluates a person against the plan with their results (module → result) and
// the policy versions of those results (module → version; may be nil).
func NewPersonReport(plan *Plan, p *Person, results map[string]*ModuleResult, versions map[string]string) *PersonReport {
	r := &PersonReport{PersonStatus: StatusOf(plan, p, results), State: PersonNotStarted, Versions: versions}
	attempted, late := false, false
	for _, m := range r.Modules {
		if m.Result != nil {
			attempted = true
		}
		late = late || m.State == StateLatePassed
		if m.PassedAt != nil && (r.CompletedAt == nil || m.PassedAt.After(*r.CompletedAt)) {
			r.CompletedAt = m.PassedAt
		}
	}
	switch {
	case r.Complete && late:
		r.State = PersonLatePassed
	case r.Complete:
		r.State = PersonPassed
	case attempted:
		r.State, r.CompletedAt = PersonInProgress, nil
	default:
		r.CompletedAt = nil
	}
	return r
}

// StatusFilter selects people for the drill-down lists, a section's list and the 未受講者一覧.
// Zero fields do not filter, except FiscalYear, which is required.
type StatusFilter struct {
	FiscalYear FiscalYear  `json:"fiscalYear"`
	UnitID     int64       `json:"unitId,omitempty"`   // people placed in this 局, 部 or 課 that year
	Role       Role        `json:"role,omitempty"`     // training role that year
	Category   Category    `json:"category,omitempty"` // 区分
	State      PersonState `json:"state,omitempty"`
	Module     string      `json:"module,omitempty"` // people who must pass this module
	Offset     int         `json:"offset,omitempty"`
	Limit      int         `json:"limit,omitempty"`
	// Brief leaves out what only lists and exports show (the passing score, the policy versions),
	// for callers that need the states and deadlines alone (reminders).
	Brief bool `json:"-"`
}

// Validate checks the filter's values, all problems at once.
func (f *StatusFilter) Validate() error {
	var problems []string
	if !f.FiscalYear.Valid() {
		problems = append(problems, "年度が正しくありません。西暦の4桁（例: 2026）で指定してください。")
	}
	if f.UnitID < 0 {
		problems = append(problems, "所属の指定が正しくありません。")
	}
	if f.Role != "" && !f.Role.Valid() {
		problems = append(problems, "役割の指定が正しくありません。")
	}
	if f.Category != "" && !f.Category.Valid() {
		problems = append(problems, "区分は 職員・会計年度任用職員・外部委託 のいずれかです。")
	}
	if f.State != "" && !f.State.Valid() {
		problems = append(problems, "受講状況の指定が正しくありません。")
	}
	if len(f.Module) > 50 {
		problems = append(problems, "研修モジュールの指定が正しくありません。")
	}
	if f.Offset < 0 || f.Limit < 0 {
		problems = append(problems, "表示位置の指定が正しくありません。")
	}
	return joinProblems(problems)
}

// Matches reports whether a report passes the filter's role, category, state and module.
func (f *StatusFilter) Matches(r *PersonReport) bool {
	if f.Role != "" && r.Role != f.Role {
		return false
	}
	if f.Category != "" && r.Person.Category != f.Category {
		return false
	}
	if !f.State.Matches(r.State) {
		return false
	}
	if f.Module != "" {
		for _, m := range r.Modules {
			if m.Module == f.Module {
				return true
			}
		}
		return false
	}
	return true
}

func joinProblems(problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	msg := problems[0]
	for _, p := range problems[1:] {
		msg += "\n" + p
	}
	return &Error{Code: EINVALID, Message: msg}
}

// ReportService gives the 事務局 and the managers their attendance and effectiveness reports
// and records every export. Every method applies the caller's scope (【09】第3条) in its query:
// staff see themselves only, a セキュリティ管理者 their 課, a 局長・部長 their 局 or 部, the
// ISMS統括責任者 and the 事務局 everything.
//
// The plan is the yardstick of a report; the caller gives it (tracker.InForce with the 第16条
// modules), so the store needs no knowledge of the question banks.
type ReportService interface {
	// Dashboard returns the figures of plan.FiscalYear for the people in the caller's scope, or in
	// the unit unitID (0: the whole scope).
	// EINVALID for a plan without a valid fiscal year; EFORBIDDEN for a caller who manages nobody
	// (staff) and for a unit outside the scope; ENOTFOUND for an unknown unit.
	Dashboard(ctx context.Context, plan *Plan, unitID int64) (*Dashboard, error)

	// ReportScope names what a report of the caller over unitID (0: the whole scope) covers: 全庁
	// or a unit's full name. Errors as Dashboard.
	ReportScope(ctx context.Context, unitID int64) (string, error)

	// FindStatuses returns the people selected by the filter with their standing against plan, in
	// unit and name order, and the total before Offset/Limit. plan.FiscalYear must equal
	// f.FiscalYear. Errors as Dashboard, and EINVALID when the filter does not validate.
	FindStatuses(ctx context.Context, plan *Plan, f StatusFilter) ([]*PersonReport, int, error)

	// EachStatus calls fn for every person FindStatuses would return (ignoring Offset and Limit),
	// for exports; an error from fn stops it and is returned. Errors as FindStatuses.
	EachStatus(ctx context.Context, plan *Plan, f StatusFilter, fn func(*PersonReport) error) error

	// FindHistory returns a person's 受講歴 across fiscal years, evaluating each year against
	// planFor(year).
	// ENOTFOUND when there is no such person or the person is outside the caller's scope (staff
	// see only themselves), so the answer does not reveal whether the number exists.
	FindHistory(ctx context.Context, staffNo string, planFor func(FiscalYear) (*Plan, error)) (*History, error)

	// EachAttempt calls fn for every attempt of people in the caller's scope selected by f
	// (Offset and Limit ignored), oldest first, without the paper and answers, for exports.
	// EFORBIDDEN for a caller who manages nobody and for f.UnitID outside the scope.
	EachAttempt(ctx context.Context, f AttemptFilter, fn func(*Attempt) error) error

	// Effectiveness returns the effectiveness evaluation (【01】第17条3) of a fiscal year, for one
	// module or all (module ""), with the previous year's figures beside each.
	// EFORBIDDEN for a caller whose scope is not the whole city (the survey answers of a small
	// section would not stay anonymous); EINVALID for a bad fiscal year.
	Effectiveness(ctx context.Context, fy FiscalYear, module string) (*Effectiveness, error)

	// RecordExport records a 持ち出し (【03】第9条3) with its audit event; the caller, time and
	// source are filled in. Call it before the file leaves the server.
	// EINVALID when Validate fails.
	RecordExport(ctx context.Context, e *Export) error

	// FindExports lists recorded exports, newest first, and the total before Offset/Limit.
	// EFORBIDDEN for a caller who is not an admin.
	FindExports(ctx context.Context, f ExportFilter) ([]*Export, int, error)
}

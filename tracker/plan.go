package tracker

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Plan is the 年度教育計画 of 【01】第17条1–2: for one fiscal year, the modules each role must pass,
// the training period and deadline, and the 情報セキュリティ委員会's approval.
type Plan struct {
	FiscalYear FiscalYear        `json:"fiscalYear"`
	Modules    map[Role][]string `json:"modules"` // module IDs per role, in the order staff see them
	Start      Date              `json:"start"`   // 実施期間 (first day)
	End        Date              `json:"end"`     // 実施期間 (last day)
	Deadline   Date              `json:"deadline"`
	ApprovedOn Date              `json:"approvedOn,omitzero"` // 委員会承認日; zero while a draft
	Approver   string            `json:"approver,omitempty"`  // who approved (委員会, 委員長名)
	Note       string            `json:"note,omitempty"`
	UpdatedAt  time.Time         `json:"updatedAt,omitzero"`
	UpdatedBy  string            `json:"updatedBy,omitempty"`
	Default    bool              `json:"default,omitempty"` // true when DefaultPlan stands in for an unapproved or missing plan

	// Training rules beside the modules (plan_training.go).
	JoinerDays     int             `json:"joinerDays,omitempty"`     // 入所時研修: a new hire's deadline, days after joining; 0: the plan's
	RoleChangeDays int             `json:"roleChangeDays,omitempty"` // the modules a new role adds: days after the change; 0: the plan's
	Credits        []SessionCredit `json:"credits,omitempty"`        // sessions whose attendance counts as passing a module
	FollowUps      []FollowUp      `json:"followUps,omitempty"`      // modules for those who clicked in a 訓練
}

// Approved reports whether the committee's approval is recorded.
func (p *Plan) Approved() bool { return !p.ApprovedOn.IsZero() }

// DefaultPlan stands in for a fiscal year without a recorded plan: the 第16条 modules per role over
// the whole fiscal year.
func DefaultPlan(fy FiscalYear) *Plan {
	p := &Plan{FiscalYear: fy, Modules: map[Role][]string{}, Default: true}
	for _, r := range Roles() {
		p.Modules[r] = RequiredModules(r)
	}
	p.Start = DateOf(fy.Start())
	p.End = DateOf(fy.End().Add(-time.Hour))
	p.Deadline = p.End
	return p
}

// InForce returns the plan staff pages follow in a fiscal year: the recorded plan once the committee's
// approval is on it (【01】第17条1), otherwise DefaultPlan. recorded may be nil.
func InForce(recorded *Plan, fy FiscalYear) *Plan {
	if recorded != nil && recorded.Approved() {
		return recorded
	}
	return DefaultPlan(fy)
}

// ModulesFor returns the modules a person must pass under the plan: those of their training role,
// plus the auditor's for a 監査委員 whose role is another (the ISMS統括責任者), plus the follow-up
// module of each 訓練 in which they clicked (Person.Clicked).
func (p *Plan) ModulesFor(person *Person) []string {
	mods := slices.Clone(p.Modules[person.TrainingRole()])
	if person.Auditor {
		for _, m := range p.Modules[RoleAuditor] {
			if !slices.Contains(mods, m) {
				mods = append(mods, m)
			}
		}
	}
	for _, f := range p.FollowUps {
		if slices.Contains(person.Clicked, f.Drill) && !slices.Contains(mods, f.Module) {
			mods = append(mods, f.Module)
		}
	}
	return mods
}

// Validate checks the plan against the modules that exist (known reports whether a module ID
// names a quiz bank). All problems are reported together.
func (p *Plan) Validate(known func(module string) bool) error {
	var problems []string
	if !p.FiscalYear.Valid() {
		problems = append(problems, "年度が正しくありません。")
	}
	for _, r := range Roles() {
		mods := p.Modules[r]
		if len(mods) == 0 {
			problems = append(problems, fmt.Sprintf("%sの研修モジュールがありません。", r.Name()))
		}
		seen := map[string]bool{}
		for _, m := range mods {
			switch {
			case !known(m):
				problems = append(problems, fmt.Sprintf("%sの研修モジュール「%s」は存在しません。", r.Name(), m))
			case seen[m]:
				problems = append(problems, fmt.Sprintf("%sの研修モジュール「%s」が重複しています。", r.Name(), m))
			}
			seen[m] = true
		}
	}
	for r := range p.Modules {
		if !r.Valid() {
			problems = append(problems, fmt.Sprintf("役割「%s」はありません。", r))
		}
	}
	switch {
	case p.Start.IsZero() || p.End.IsZero() || p.Deadline.IsZero():
		problems = append(problems, "実施期間（開始日・終了日）と受講期限を入力してください。")
	default:
		if p.End.Before(p.Start) {
			problems = append(problems, "実施期間の終了日が開始日より前です。")
		}
		if p.Start.FiscalYear() != p.FiscalYear || p.End.FiscalYear() != p.FiscalYear {
			problems = append(problems, fmt.Sprintf("実施期間は%sの中（4月1日〜翌年3月31日）で指定してください。", p.FiscalYear))
		}
		if p.Deadline.Before(p.Start) || p.End.Before(p.Deadline) {
			problems = append(problems, "受講期限は実施期間の中で指定してください。")
		}
	}
	if p.Approved() != (strings.TrimSpace(p.Approver) != "") {
		problems = append(problems, "承認を記録するときは承認日と承認者の両方を入力してください。")
	}
	problems = append(problems, p.trainingProblems()...)
	if len([]rune(p.Approver)) > 100 || len([]rune(p.Note)) > 1000 {
		problems = append(problems, "承認者は100字以内、備考は1000字以内で入力してください。")
	}
	if len(problems) > 0 {
		return &Error{Code: EINVALID, Message: strings.Join(problems, "\n")}
	}
	return nil
}

// PlanService keeps the annual plans.
type PlanService interface {
	// FindPlan returns the recorded plan of a fiscal year. ENOTFOUND when none is recorded.
	FindPlan(ctx context.Context, fy FiscalYear) (*Plan, error)

	// FindPlans lists the recorded plans, newest year first.
	FindPlans(ctx context.Context) ([]*Plan, error)

	// PlanInForce returns the plan staff follow in a fiscal year (InForce) and the recorded plan, nil
	// when none is recorded (it may be a draft awaiting approval). Every paper drawn and every report
	// needs it, so implementations may keep it briefly; a plan saved through the same service shows
	// at once.
	PlanInForce(ctx context.Context, fy FiscalYear) (inForce, recorded *Plan, err error)

	// SavePlan records or replaces a fiscal year's plan, approval included; admins only.
	// EINVALID when the plan does not validate (known modules are the store's configuration);
	// EFORBIDDEN for a non-admin caller.
	SavePlan(ctx context.Context, p *Plan) error
}

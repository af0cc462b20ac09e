package tracker

import (
	"cmp"
	"slices"
	"time"
)

// Counts are the figures of a group of people in a fiscal year. Targets = Passed + InProgress +
// NotStarted.
type Counts struct {
	Targets    int `json:"targets"`    // 対象者
	Passed     int `json:"passed"`     // 合格者: every required module passed, in time or late
	LatePassed int `json:"latePassed"` // of Passed, 期限後合格: a required module passed after the deadline
	InProgress int `json:"inProgress"` // 受講中
	NotStarted int `json:"notStarted"` // 未受講
}

// Outstanding is everyone not yet through: 未受講 and 受講中.
func (c Counts) Outstanding() int { return c.Targets - c.Passed }

// Rate is the completion rate, Passed / Targets (0 without targets).
func (c Counts) Rate() float64 {
	if c.Targets == 0 {
		return 0
	}
	return float64(c.Passed) / float64(c.Targets)
}

// Percent is the completion rate in percent, rounded down, so 99.9% never shows as 100%.
func (c Counts) Percent() int {
	if c.Targets == 0 {
		return 0
	}
	return c.Passed * 100 / c.Targets
}

func (c *Counts) addN(s PersonState, n int) {
	c.Targets += n
	switch s {
	case PersonPassed:
		c.Passed += n
	case PersonLatePassed:
		c.Passed += n
		c.LatePassed += n
	case PersonInProgress:
		c.InProgress += n
	default:
		c.NotStarted += n
	}
}

// UnitCounts are the figures of a 局, 部 or 課: everyone placed in it or below.
type UnitCounts struct {
	Unit  Unit      `json:"unit"`
	Level UnitLevel `json:"level"`
	Counts
}

// RoleCounts are the figures of one 第16条 role.
type RoleCounts struct {
	Role Role `json:"role"`
	Counts
}

// CategoryCounts are the figures of one 区分.
type CategoryCounts struct {
	Category Category `json:"category"`
	Counts
}

// ModuleCounts say how many people must pass a module and how many have.
type ModuleCounts struct {
	Module   string `json:"module"`
	Required int    `json:"required"`
	Passed   int    `json:"passed"`
}

// ProgressPoint is the completion on one day: how many targets had passed everything by its end.
type ProgressPoint struct {
	Date     Date `json:"date"`
	Passed   int  `json:"passed"`
	Deadline bool `json:"deadline,omitempty"` // the plan's 受講期限
}

// Dashboard is the 事務局's view of a fiscal year, or a manager's of their unit.
type Dashboard struct {
	FiscalYear FiscalYear `json:"fiscalYear"`
	Plan       *Plan      `json:"plan"`
	// Scope names what the figures cover: 全庁, or a unit's full name.
	Scope string `json:"scope"`
	// Unit is the unit looked at, nil for the caller's whole scope.
	Unit *Unit `json:"unit,omitempty"`
	// AsOf is the cut-off: now for the current year, the year's end for a past one. A person
	// counts when in post at AsOf or when they made an attempt in the year.
	AsOf       time.Time        `json:"asOf"`
	Total      Counts           `json:"total"`
	Units      []UnitCounts     `json:"units"` // 局, then its 部, then their 課, in roster order
	Roles      []RoleCounts     `json:"roles"` // in 第16条 order, roles without targets left out
	Categories []CategoryCounts `json:"categories"`
	Modules    []ModuleCounts   `json:"modules"`
	Progress   []ProgressPoint  `json:"progress"`

	sums *dashboardSums
}

// Build fills the figures from every person's report. The reports' Person.Unit must be the
// placement in the fiscal year.
func (d *Dashboard) Build(reports []*PersonReport) {
	for _, r := range reports {
		d.Add(r)
	}
	d.Finish()
}

// dashboardSums gathers the figures while counts stream in, so a dashboard over the whole city
// never holds every person at once.
type dashboardSums struct {
	units    map[[3]int64]*UnitCounts
	roles    map[Role]*RoleCounts
	cats     map[Category]*CategoryCounts
	mods     map[string]*ModuleCounts
	modOrder []string
	done     []doneCount // completions, for the progress series
}

type doneCount struct {
	at time.Time
	n  int
}

// Add counts one person's report; call Finish after the last.
func (d *Dashboard) Add(r *PersonReport) {
	var required, passed []string
	attempted, late := false, false
	for _, m := range r.Modules {
		required = append(required, m.Module)
		if m.State.Done() {
			passed = append(passed, m.Module)
		}
		if m.Result != nil {
			attempted = true
		}
		late = late || m.State == StateLatePassed
	}
	d.AddCounts(r.Person.Unit, r.Role, r.Person.Category, required, passed, attempted, late, 1)
	if r.CompletedAt != nil {
		d.AddCompletions(*r.CompletedAt, 1)
	}
}

// AddCounts counts n people alike: placed in unit, in a training role and 区分, required to pass
// the modules required, of which they have passed passed (one of them after the deadline when
// late), having attempted at least one of them or not. Their state follows as NewPersonReport's
// does.
func (d *Dashboard) AddCounts(unit Unit, role Role, category Category, required, passed []string, attempted, late bool, n int) {
	if d.sums == nil {
		d.sums = &dashboardSums{units: map[[3]int64]*UnitCounts{}, roles: map[Role]*RoleCounts{},
			cats: map[Category]*CategoryCounts{}, mods: map[string]*ModuleCounts{}}
	}
	sums := d.sums
	state := PersonNotStarted
	switch {
	case len(passed) == len(required) && late:
		state = PersonLatePassed
	case len(passed) == len(required):
		state = PersonPassed
	case attempted:
		state = PersonInProgress
	}
	d.Total.addN(state, n)
	for _, l := range unitLevels(unit) {
		uc := sums.units[l.key]
		if uc == nil {
			uc = &UnitCounts{Unit: l.unit, Level: l.level}
			sums.units[l.key] = uc
		}
		uc.addN(state, n)
	}
	rc := sums.roles[role]
	if rc == nil {
		rc = &RoleCounts{Role: role}
		sums.roles[role] = rc
	}
	rc.addN(state, n)
	cc := sums.cats[category]
	if cc == nil {
		cc = &CategoryCounts{Category: category}
		sums.cats[category] = cc
	}
	cc.addN(state, n)
	for _, m := range required {
		mc := sums.mods[m]
		if mc == nil {
			mc = &ModuleCounts{Module: m}
			sums.mods[m] = mc
			sums.modOrder = append(sums.modOrder, m)
		}
		mc.Required += n
		if slices.Contains(passed, m) {
			mc.Passed += n
		}
	}
}

// AddCompletions records that n of the people counted passed their last required module at at.
func (d *Dashboard) AddCompletions(at time.Time, n int) {
	if d.sums == nil {
		d.sums = &dashboardSums{units: map[[3]int64]*UnitCounts{}, roles: map[Role]*RoleCounts{},
			cats: map[Category]*CategoryCounts{}, mods: map[string]*ModuleCounts{}}
	}
	d.sums.done = append(d.sums.done, doneCount{at, n})
}

// Finish orders the figures and computes the progress series.
func (d *Dashboard) Finish() {
	sums := d.sums
	if sums == nil {
		sums = &dashboardSums{}
	}
	d.sums = nil
	d.Units = make([]UnitCounts, 0, len(sums.units))
	for _, uc := range sums.units {
		d.Units = append(d.Units, *uc)
	}
	// Unit IDs grow in the order the roster first named them, which is the city's own order; a
	// 局 sorts before its 部 (department ID 0) and a 部 before its 課.
	slices.SortFunc(d.Units, func(a, b UnitCounts) int {
		return cmp.Or(cmp.Compare(a.Unit.BureauID, b.Unit.BureauID), cmp.Compare(a.Unit.DepartmentID, b.Unit.DepartmentID),
			cmp.Compare(a.Unit.SectionID, b.Unit.SectionID))
	})
	d.Roles = []RoleCounts{}
	for _, role := range Roles() {
		if rc := sums.roles[role]; rc != nil {
			d.Roles = append(d.Roles, *rc)
		}
	}
	d.Categories = []CategoryCounts{}
	for _, c := range []Category{CategoryStaff, CategoryFixedTerm, CategoryContractor} {
		if cc := sums.cats[c]; cc != nil {
			d.Categories = append(d.Categories, *cc)
		}
	}
	d.Modules = []ModuleCounts{}
	for _, m := range moduleOrder(d.Plan, sums.modOrder) {
		if mc := sums.mods[m]; mc != nil {
			d.Modules = append(d.Modules, *mc)
		}
	}
	d.Progress = progress(d.Plan, d.AsOf, sums.done)
}

type unitLevel struct {
	key   [3]int64
	unit  Unit
	level UnitLevel
}

// unitLevels lists the 局 of u, its 部 and its 課, as far as u is placed.
func unitLevels(u Unit) []unitLevel {
	out := []unitLevel{{[3]int64{u.BureauID}, Unit{BureauID: u.BureauID, Bureau: u.Bureau}, LevelBureau}}
	if u.DepartmentID != 0 {
		out = append(out, unitLevel{[3]int64{u.BureauID, u.DepartmentID},
			Unit{BureauID: u.BureauID, Bureau: u.Bureau, DepartmentID: u.DepartmentID, Department: u.Department}, LevelDepartment})
	}
	if u.SectionID != 0 {
		out = append(out, unitLevel{[3]int64{u.BureauID, u.DepartmentID, u.SectionID}, u, LevelSection})
	}
	return out
}

// moduleOrder lists the plan's modules in the order the roles introduce them, then any other
// module seen.
func moduleOrder(plan *Plan, seen []string) []string {
	var order []string
	if plan != nil {
		for _, r := range Roles() {
			for _, m := range plan.Modules[r] {
				if !slices.Contains(order, m) {
					order = append(order, m)
				}
			}
		}
	}
	for _, m := range seen {
		if !slices.Contains(order, m) {
			order = append(order, m)
		}
	}
	return order
}

// maxProgressPoints bounds the series so its table stays readable; the step grows with the
// period instead.
const maxProgressPoints = 27

// progress is the number of targets through by the end of each step of the plan's period, up to
// AsOf, with the deadline always among the points.
func progress(plan *Plan, asOf time.Time, done []doneCount) []ProgressPoint {
	if plan == nil || plan.Start.IsZero() || plan.End.IsZero() {
		return nil
	}
	last := plan.End
	if today := DateOf(asOf); today.Before(last) {
		last = today
	}
	if last.Before(plan.Start) {
		return nil
	}
	days := int(last.Start().Sub(plan.Start.Start()).Hours()/24+0.5) + 1
	step := max(1, (days+maxProgressPoints-2)/(maxProgressPoints-1))
	var dates []Date
	for i := 0; i < days; i += step {
		dates = append(dates, DateOf(plan.Start.Start().AddDate(0, 0, i)))
	}
	if !sameDay(dates[len(dates)-1], last) {
		dates = append(dates, last)
	}
	if !plan.Deadline.IsZero() && !last.Before(plan.Deadline) && !slices.ContainsFunc(dates, func(d Date) bool { return sameDay(d, plan.Deadline) }) {
		dates = append(dates, plan.Deadline)
		slices.SortFunc(dates, func(a, b Date) int { return a.Start().Compare(b.Start()) })
	}

	slices.SortFunc(done, func(a, b doneCount) int { return a.at.Compare(b.at) })
	points := make([]ProgressPoint, len(dates))
	j, through := 0, 0
	for i, d := range dates {
		end := d.End()
		for j < len(done) && done[j].at.Before(end) {
			through += done[j].n
			j++
		}
		points[i] = ProgressPoint{Date: d, Passed: through, Deadline: sameDay(d, plan.Deadline)}
	}
	return points
}

// sameDay compares dates by their day, whatever Location value each holds.
func sameDay(a, b Date) bool { return a.String() == b.String() }

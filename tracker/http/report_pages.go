package http

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"isms/tracker"
	"isms/tracker/chart"
)

// exportForm is the export box of a report page: a POST form (CSRF-protected, recorded as a
// 持ち出し), one button per format.
type exportForm struct {
	CSRF    string
	Reports []tracker.ReportKind // choices; one means no choice is shown
	Filter  tracker.StatusFilter
	StaffNo string
	Formats []tracker.ExportFormat
	// Version and AckState select the 周知確認状況 of a version.
	Version  string
	AckState tracker.AckState
}

type progressRow struct {
	Date     tracker.Date
	Passed   int
	Percent  string
	Deadline bool
}

type dashboardView struct {
	D          *tracker.Dashboard
	Filter     tracker.StatusFilter
	Years      []tracker.FiscalYear
	Base       *tracker.Unit // the unit looked at; nil for the whole city
	Children   []tracker.UnitCounts
	ChildLevel string
	UnitChart  template.HTML
	Progress   []progressRow
	ProgChart  template.HTML
	All        bool
	Export     exportForm
	Acks       []ackSummary // the 周知状況 of the year's amendments
}

// PeopleURL links a figure to the people behind it.
func (v *dashboardView) PeopleURL(unitID int64, state string) string {
	f := v.Filter
	f.UnitID = unitID
	return "/app/reports/people?" + filterQuery(f, map[string]string{"state": state})
}

// RoleURL links a role's figure to its people.
func (v *dashboardView) RoleURL(role tracker.Role, state string) string {
	f := v.Filter
	f.Role = role
	return "/app/reports/people?" + filterQuery(f, map[string]string{"state": state})
}

// CategoryURL links a 区分's figure to its people.
func (v *dashboardView) CategoryURL(c tracker.Category, state string) string {
	f := v.Filter
	f.Category = c
	return "/app/reports/people?" + filterQuery(f, map[string]string{"state": state})
}

// ModuleURL links a module's figure to the people who must pass it.
func (v *dashboardView) ModuleURL(module, state string) string {
	f := v.Filter
	f.Module = module
	return "/app/reports/people?" + filterQuery(f, map[string]string{"state": state})
}

// DrillURL opens the dashboard of a unit.
func (v *dashboardView) DrillURL(unitID int64) string {
	return "/app/reports/?" + filterQuery(tracker.StatusFilter{FiscalYear: v.Filter.FiscalYear, UnitID: unitID}, nil)
}

// fiscalYears are the years a selector offers: next year's plan back to five years ago.
func (s *Server) fiscalYears() []tracker.FiscalYear {
	cur := s.fiscalYear()
	var out []tracker.FiscalYear
	for y := cur + 1; y >= cur-5; y-- {
		out = append(out, y)
	}
	return out
}

func (s *Server) handleReportDashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rq, err := s.reportQuery(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rs, f, plan := s.ReportService, rq.filter, rq.plan
	d, err := rs.Dashboard(ctx, plan, f.UnitID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	scope := tracker.PrincipalFrom(ctx).Scope()
	v := &dashboardView{D: d, Filter: tracker.StatusFilter{FiscalYear: f.FiscalYear, UnitID: f.UnitID}, Years: s.fiscalYears(), All: scope.All,
		Export: exportForm{CSRF: session(r).CSRF, Filter: tracker.StatusFilter{FiscalYear: f.FiscalYear, UnitID: f.UnitID},
			Reports: []tracker.ReportKind{tracker.ReportAttendance, tracker.ReportOutstanding, tracker.ReportAttempts},
			Formats: exportFormats(r, true)}}
	v.Base = baseUnit(ctx, d.Unit)
	if v.Acks, err = s.ackSummaries(ctx, f.FiscalYear, f.UnitID); err != nil {
		s.Error(w, r, err)
		return
	}
	v.Children, v.ChildLevel = childUnits(d.Units, v.Base)
	if len(v.Children) > 0 {
		bars := &chart.Bars{ID: "chart-units", Title: fmt.Sprintf("%sごとの修了率（%s）", v.ChildLevel, d.FiscalYear)}
		for _, c := range v.Children {
			bars.Items = append(bars.Items, chart.Bar{Label: childLabel(c.Unit, c.Level, v.Base), Value: c.Rate(), Note: fmt.Sprintf("%d/%d人", c.Passed, c.Targets)})
		}
		v.UnitChart = bars.SVG()
	}
	if len(d.Progress) > 0 && d.Total.Targets > 0 {
		pc := &chart.Progress{ID: "chart-progress", Title: fmt.Sprintf("修了率の推移と受講期限（%s）", d.FiscalYear),
			Start: d.Plan.Start.Start(), Deadline: d.Plan.Deadline.Start()}
		for _, p := range d.Progress {
			rate := float64(p.Passed) / float64(d.Total.Targets)
			pc.Points = append(pc.Points, chart.Point{At: p.Date.Start(), Value: rate})
			v.Progress = append(v.Progress, progressRow{Date: p.Date, Passed: p.Passed, Percent: chart.Percent(rate), Deadline: p.Deadline})
		}
		v.ProgChart = pc.SVG()
	}
	s.pages.render(w, "report_dashboard", s.page(r, "受講状況レポート", v))
}

// childUnits are the rows one level below the unit looked at (the 局 for the whole city), and
// what that level is called. People placed directly in a 局 or 部 count in its total only.
func childUnits(rows []tracker.UnitCounts, base *tracker.Unit) ([]tracker.UnitCounts, string) {
	return childRows(rows, func(r tracker.UnitCounts) (tracker.Unit, tracker.UnitLevel) { return r.Unit, r.Level }, base)
}

// childRows is childUnits for any rows placed in units.
func childRows[T any](rows []T, place func(T) (tracker.Unit, tracker.UnitLevel), base *tracker.Unit) ([]T, string) {
	var out []T
	level := "局"
	for _, r := range rows {
		u, l := place(r)
		switch {
		case base == nil:
			if l == tracker.LevelBureau {
				out = append(out, r)
			}
		case base.Level() == tracker.LevelBureau:
			level = "部・課"
			if u.BureauID == base.BureauID && (l == tracker.LevelDepartment || (l == tracker.LevelSection && u.DepartmentID == 0)) {
				out = append(out, r)
			}
		case base.Level() == tracker.LevelDepartment:
			level = "課"
			if l == tracker.LevelSection && u.DepartmentID == base.DepartmentID {
				out = append(out, r)
			}
		}
	}
	return out, level
}

// childLabel is a row's name without the part the page already names.
func childLabel(u tracker.Unit, l tracker.UnitLevel, base *tracker.Unit) string {
	switch {
	case base == nil:
		return u.Bureau
	case l == tracker.LevelSection && u.Department != "" && base.Level() == tracker.LevelBureau:
		return u.Department + " " + u.Section
	case l == tracker.LevelSection:
		return u.Section
	}
	return u.Department
}

// ChildLabel is childLabel for templates.
func (v *dashboardView) ChildLabel(c tracker.UnitCounts) string {
	return childLabel(c.Unit, c.Level, v.Base)
}

const peoplePerPage = 100

type peopleView struct {
	Filter       tracker.StatusFilter
	Scope        string
	Heading      string
	Plan         *tracker.Plan
	Rows         []*tracker.PersonReport
	Total        int
	Page, Pages  int
	PrevURL      string
	NextURL      string
	DashboardURL string
	Export       exportForm
}

func (s *Server) handleReportPeople(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rq, err := s.reportQuery(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rs, f, page, plan := s.ReportService, rq.filter, rq.page, rq.plan
	scope, err := rs.ReportScope(ctx, f.UnitID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f.Offset, f.Limit = (page-1)*peoplePerPage, peoplePerPage
	rows, total, err := rs.FindStatuses(ctx, plan, f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f.Offset, f.Limit = 0, 0
	v := &peopleView{Filter: f, Scope: scope, Heading: peopleHeading(scope, f, s), Plan: plan, Rows: rows, Total: total, Page: page,
		Pages:        max(1, (total+peoplePerPage-1)/peoplePerPage),
		DashboardURL: "/app/reports/?" + filterQuery(tracker.StatusFilter{FiscalYear: f.FiscalYear, UnitID: f.UnitID}, nil)}
	if page > 1 {
		v.PrevURL = "/app/reports/people?" + filterQuery(f, map[string]string{"page": strconv.Itoa(page - 1)})
	}
	if page < v.Pages {
		v.NextURL = "/app/reports/people?" + filterQuery(f, map[string]string{"page": strconv.Itoa(page + 1)})
	}
	reports := []tracker.ReportKind{tracker.ReportAttendance, tracker.ReportOutstanding}
	if f.State == tracker.PersonOutstanding || f.State == tracker.PersonNotStarted || f.State == tracker.PersonInProgress {
		reports = []tracker.ReportKind{tracker.ReportOutstanding, tracker.ReportAttendance}
	}
	v.Export = exportForm{CSRF: session(r).CSRF, Filter: f, Reports: reports, Formats: exportFormats(r, false)}
	s.pages.render(w, "report_people", s.page(r, v.Heading, v))
}

// peopleHeading says whose list it is: 「総務局 情報管理部 情報企画課の未受講者」.
func peopleHeading(scope string, f tracker.StatusFilter, s *Server) string {
	what := "対象者"
	switch f.State {
	case tracker.PersonOutstanding:
		what = "未受講者（未受講・受講中）"
	case tracker.PersonNotStarted:
		what = "未受講の人"
	case tracker.PersonInProgress:
		what = "受講中の人"
	case tracker.PersonPassed:
		what = "合格者"
	case tracker.PersonLatePassed:
		what = "期限後合格者"
	}
	var narrow string
	if f.Role != "" {
		narrow += "・" + f.Role.Name()
	}
	if f.Category != "" {
		narrow += "・" + string(f.Category)
	}
	if f.Module != "" {
		narrow += "・" + s.moduleName(f.Module) + "の対象"
	}
	if narrow != "" {
		narrow = "（" + narrow[len("・"):] + "）"
	}
	return scope + "の" + what + narrow
}

func (s *Server) moduleName(module string) string { return s.moduleTitle(module) }

type historyView struct {
	H      *tracker.History
	Own    bool
	Export exportForm
	Acks   []ackEntry
}

func (s *Server) handleReportHistory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	h, err := s.ReportService.FindHistory(ctx, r.PathValue("no"), func(fy tracker.FiscalYear) (*tracker.Plan, error) { return s.planFor(ctx, fy) })
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p := tracker.PrincipalFrom(ctx)
	v := &historyView{H: h, Own: p.Person != nil && p.Person.ID == h.Person.ID,
		Export: exportForm{CSRF: session(r).CSRF, Reports: []tracker.ReportKind{tracker.ReportHistory}, StaffNo: h.Person.StaffNo,
			Formats: exportFormats(r, true)}}
	if v.Acks, err = s.ackEntries(ctx, h.Person.ID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "report_history", s.page(r, h.Person.Name+"さんの受講歴", v))
}

type exportsView struct {
	Exports []*tracker.Export
	Total   int
}

func (s *Server) handleReportExports(w http.ResponseWriter, r *http.Request) {
	list, total, err := s.ReportService.FindExports(r.Context(), tracker.ExportFilter{Limit: 500})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "report_exports", s.page(r, "持ち出しの記録", &exportsView{Exports: list, Total: total}))
}

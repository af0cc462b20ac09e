package http

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"isms/tracker"
	"isms/tracker/export"
)

// routeReports registers the report pages under /app/reports/ and their API under /api/reports/.
func (s *Server) routeReports(mux *http.ServeMux) {
	mux.HandleFunc("GET /app/reports/{$}", s.handleReportDashboard)
	mux.HandleFunc("GET /app/reports/people", s.handleReportPeople)
	mux.HandleFunc("GET /app/reports/history/{no}/{$}", s.handleReportHistory)
	mux.HandleFunc("GET /app/reports/effectiveness", s.handleReportEffectiveness)
	mux.HandleFunc("GET /app/reports/exports", s.handleReportExports)
	mux.HandleFunc("POST /app/reports/export", s.handleReportExport)
	s.routeAnnual(mux) // the year report and the evidence pack (annual_pages.go)

	mux.HandleFunc("GET /api/reports/dashboard", s.apiReportDashboard)
	mux.HandleFunc("GET /api/reports/people", s.apiReportPeople)
	mux.HandleFunc("GET /api/reports/history/{no}", s.apiReportHistory)
	mux.HandleFunc("GET /api/reports/effectiveness", s.apiReportEffectiveness)
	mux.HandleFunc("GET /api/reports/exports", s.apiReportExports)
	mux.HandleFunc("POST /api/reports/export", s.apiReportExport)
}

// planFor is the plan in force in a fiscal year.
func (s *Server) planFor(ctx context.Context, fy tracker.FiscalYear) (*tracker.Plan, error) {
	plan, _, err := s.PlanService.PlanInForce(ctx, fy)
	return plan, err
}

// reportQuery is what every status report starts from: the filter and page
// the query asks for, and the plan in force in the filter's fiscal year.
type reportQuery struct {
	filter tracker.StatusFilter
	page   int
	plan   *tracker.Plan
}

func (s *Server) reportQuery(r *http.Request) (*reportQuery, error) {
	f, page, err := s.statusFilter(r.URL.Query())
	if err != nil {
		return nil, err
	}
	plan, err := s.planFor(r.Context(), f.FiscalYear)
	if err != nil {
		return nil, err
	}
	return &reportQuery{filter: f, page: page, plan: plan}, nil
}

// statusFilter reads a report filter from the query: fy, unit, role, category, state, module,
// page. Bad values are EINVALID, so a tampered link gets a clear answer, not a silent default.
func (s *Server) statusFilter(q url.Values) (tracker.StatusFilter, int, error) {
	f := tracker.StatusFilter{FiscalYear: s.fiscalYear()}
	var problems []string
	if v := q.Get("fy"); v != "" {
		fy, err := tracker.ParseFiscalYear(v)
		if err != nil {
			problems = append(problems, tracker.ErrorMessage(err))
		}
		f.FiscalYear = fy
	}
	if v := q.Get("unit"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			problems = append(problems, "所属の指定が正しくありません。")
		}
		f.UnitID = id
	}
	f.Role = tracker.Role(q.Get("role"))
	f.Category = tracker.Category(q.Get("category"))
	f.State = tracker.PersonState(q.Get("state"))
	f.Module = q.Get("module")
	page := 1
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			problems = append(problems, "ページの指定が正しくありません。")
		}
		page = n
	}
	if len(problems) == 0 {
		if err := f.Validate(); err != nil {
			problems = append(problems, tracker.ErrorMessage(err))
		}
	}
	if f.Module != "" && s.bank(f.Module) == nil {
		problems = append(problems, "研修モジュール「"+f.Module+"」はありません。")
	}
	if len(problems) > 0 {
		return f, 0, tracker.Errorf(tracker.EINVALID, "%s", strings.Join(problems, "\n"))
	}
	return f, page, nil
}

// query is the filter as a query string, for links that keep it.
func filterQuery(f tracker.StatusFilter, set map[string]string) string {
	q := url.Values{}
	q.Set("fy", strconv.Itoa(int(f.FiscalYear)))
	if f.UnitID != 0 {
		q.Set("unit", strconv.FormatInt(f.UnitID, 10))
	}
	if f.Role != "" {
		q.Set("role", string(f.Role))
	}
	if f.Category != "" {
		q.Set("category", string(f.Category))
	}
	if f.State != "" {
		q.Set("state", string(f.State))
	}
	if f.Module != "" {
		q.Set("module", f.Module)
	}
	for k, v := range set {
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

// exportSource is what this server's exports are made from. The xAPI home page is the origin
// the request came to, so the statements name the portal as its users reach it.
func (s *Server) exportSource(r *http.Request) *export.Source {
	return &export.Source{Reports: s.ReportService, Training: s.TrainingService, Drills: s.DrillService, Reminders: s.ReminderService,
		PlanFor: s.planFor, Modules: export.ModuleRefs(s.Banks), Editions: s.Editions, XAPI: &export.XAPI{HomePage: s.origin(r)}, Now: s.Now,
		Amendments: s.Amendments, Acks: s.AmendmentService}
}

// madeBy names the caller in an export's title block.
func madeBy(r *http.Request) string {
	sess := session(r)
	if sess == nil {
		return ""
	}
	return sess.Account.Login + "（" + sess.Account.DisplayName + "）"
}

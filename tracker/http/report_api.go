package http

import (
	"net/http"
	"strconv"

	"isms/tracker"
)

// apiReportDashboard: GET /api/reports/dashboard?fy=&unit=
func (s *Server) apiReportDashboard(w http.ResponseWriter, r *http.Request) {
	rq, err := s.reportQuery(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	d, err := s.ReportService.Dashboard(r.Context(), rq.plan, rq.filter.UnitID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// apiReportPeople: GET /api/reports/people?fy=&unit=&role=&category=&state=&module=&offset=&limit=
func (s *Server) apiReportPeople(w http.ResponseWriter, r *http.Request) {
	rq, err := s.reportQuery(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	q, f := r.URL.Query(), rq.filter
	f.Limit = 100
	for name, dst := range map[string]*int{"offset": &f.Offset, "limit": &f.Limit} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || (name == "limit" && (n == 0 || n > 1000)) {
				s.Error(w, r, tracker.Errorf(tracker.EINVALID, "%s は 0 以上の整数で指定してください（limit は 1〜1000）。", name))
				return
			}
			*dst = n
		}
	}
	list, total, err := s.ReportService.FindStatuses(r.Context(), rq.plan, f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if list == nil {
		list = []*tracker.PersonReport{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"fiscalYear": f.FiscalYear, "total": total, "offset": f.Offset, "people": list})
}

// apiReportHistory: GET /api/reports/history/{staffNo}
func (s *Server) apiReportHistory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	h, err := s.ReportService.FindHistory(ctx, r.PathValue("no"), func(fy tracker.FiscalYear) (*tracker.Plan, error) { return s.planFor(ctx, fy) })
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h)
}

// apiReportEffectiveness: GET /api/reports/effectiveness?fy=&module=
func (s *Server) apiReportEffectiveness(w http.ResponseWriter, r *http.Request) {
	v, err := s.effectiveness(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v.E)
}

// apiReportExports: GET /api/reports/exports (事務局 only)
func (s *Server) apiReportExports(w http.ResponseWriter, r *http.Request) {
	list, total, err := s.ReportService.FindExports(r.Context(), tracker.ExportFilter{Limit: 1000})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if list == nil {
		list = []*tracker.Export{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "exports": list})
}

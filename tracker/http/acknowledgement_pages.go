package http

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"isms/tracker"
)

// 周知状況: who in post has confirmed a version's notice, by 局/部/課, with the lists behind the
// figures. A 課長 reaches the section's 未確認 in the same two clicks as its 未受講者: the menu's
// 受講状況レポート, then the 未確認 figure of the year's amendments on it.

// ackRequest is what a 周知状況 page asks for.
type ackRequest struct {
	q    tracker.AckQuery
	a    *tracker.Amendment
	set  *tracker.AmendmentSetting
	page int
}

// inEffect lists the amendments in effect now, newest first.
func (s *Server) inEffect() []*tracker.Amendment {
	var out []*tracker.Amendment
	for _, a := range s.Amendments {
		if a.InEffect(s.Now()) {
			out = append(out, a)
		}
	}
	slices.Reverse(out)
	return out
}

// ackRequest reads version (default: the newest amendment in effect), unit, state and page.
func (s *Server) ackRequest(ctx context.Context, q url.Values) (*ackRequest, error) {
	var problems []string
	req := &ackRequest{page: 1}
	version := q.Get("version")
	switch {
	case version == "" && len(s.inEffect()) > 0:
		req.a = s.inEffect()[0]
	case version == "":
		return nil, tracker.Errorf(tracker.ENOTFOUND, "施行された改正はまだありません。")
	case !tracker.ValidVersion(version):
		problems = append(problems, "版の指定が正しくありません。")
	default:
		if req.a = tracker.FindAmendment(s.Amendments, version); req.a == nil || !req.a.InEffect(s.Now()) {
			return nil, tracker.Errorf(tracker.ENOTFOUND, "版「%s」の改正は、施行されていないか、ありません。", version)
		}
	}
	if v := q.Get("unit"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			problems = append(problems, "所属の指定が正しくありません。")
		}
		req.q.UnitID = id
	}
	req.q.State = tracker.AckState(q.Get("state"))
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			problems = append(problems, "ページの指定が正しくありません。")
		}
		req.page = n
	}
	if req.a != nil {
		req.q.Version = req.a.Version
		if err := req.q.Validate(); err != nil {
			problems = append(problems, tracker.ErrorMessage(err))
		}
	}
	if len(problems) > 0 {
		return nil, tracker.Errorf(tracker.EINVALID, "%s", strings.Join(problems, "\n"))
	}
	settings, err := s.AmendmentService.AmendmentSettings(ctx)
	if err != nil {
		return nil, err
	}
	req.set = tracker.SettingOf(settings, req.a.Version)
	if req.set.Retraining {
		req.q.Retraining, req.q.Since = tracker.AmendmentModule(req.a.Version), req.a.FiscalYear()
	}
	return req, nil
}

// ackURL is a 周知状況 page of a version, unit and state.
func ackURL(page, version string, unitID int64, state tracker.AckState) string {
	q := url.Values{"version": {version}}
	if unitID != 0 {
		q.Set("unit", strconv.FormatInt(unitID, 10))
	}
	if state != "" {
		q.Set("state", string(state))
	}
	return page + "?" + q.Encode()
}

const (
	ackDashboardPath = "/app/reports/acknowledgements"
	ackPeoplePath    = "/app/reports/acknowledgements/people"
)

type ackDashboardView struct {
	D          *tracker.AckDashboard
	A          *tracker.Amendment
	Setting    *tracker.AmendmentSetting
	Versions   []*tracker.Amendment
	Base       *tracker.Unit
	Children   []tracker.AckUnitCounts
	ChildLevel string
	Export     exportForm
}

// PeopleURL links a figure to the people behind it; state is "", confirmed or pending.
func (v *ackDashboardView) PeopleURL(unitID int64, state string) string {
	return ackURL(ackPeoplePath, v.A.Version, unitID, tracker.AckState(state))
}

// DrillURL opens the 周知状況 of a unit.
func (v *ackDashboardView) DrillURL(unitID int64) string {
	return ackURL(ackDashboardPath, v.A.Version, unitID, "")
}

// ChildLabel names a row without the part the page already names.
func (v *ackDashboardView) ChildLabel(c tracker.AckUnitCounts) string {
	return childLabel(c.Unit, c.Level, v.Base)
}

// baseUnit is the unit a report looks at: the one asked for, else a manager's own.
func baseUnit(ctx context.Context, asked *tracker.Unit) *tracker.Unit {
	if asked != nil {
		return asked
	}
	if sc := tracker.PrincipalFrom(ctx).Scope(); !sc.All && sc.Unit != nil {
		u := *sc.Unit
		return &u
	}
	return nil
}

func (s *Server) handleAckDashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	req, err := s.ackRequest(ctx, r.URL.Query())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	d, err := s.AmendmentService.AckDashboard(ctx, req.q)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v := &ackDashboardView{D: d, A: req.a, Setting: req.set, Versions: s.inEffect(), Base: baseUnit(ctx, d.Unit),
		Export: exportForm{CSRF: session(r).CSRF, Filter: tracker.StatusFilter{UnitID: req.q.UnitID}, Version: req.a.Version,
			Reports: []tracker.ReportKind{tracker.ReportAcknowledgements},
			Formats: []tracker.ExportFormat{tracker.FormatXLSX, tracker.FormatCSV, tracker.FormatXAPI}}}
	v.Children, v.ChildLevel = childRows(d.Units, func(c tracker.AckUnitCounts) (tracker.Unit, tracker.UnitLevel) { return c.Unit, c.Level }, v.Base)
	s.pages.render(w, "report_acknowledgements", s.page(r, "改正の周知状況", v))
}

type ackPeopleView struct {
	A            *tracker.Amendment
	Setting      *tracker.AmendmentSetting
	Heading      string
	State        tracker.AckState
	Rows         []*tracker.AckStatus
	Total        int
	Page, Pages  int
	PrevURL      string
	NextURL      string
	DashboardURL string
	UnitID       int64
	Export       exportForm
}

func (s *Server) handleAckPeople(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	req, err := s.ackRequest(ctx, r.URL.Query())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	scope, err := s.ReportService.ReportScope(ctx, req.q.UnitID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	from := (req.page - 1) * peoplePerPage
	v := &ackPeopleView{A: req.a, Setting: req.set, State: req.q.State, Page: req.page, UnitID: req.q.UnitID,
		DashboardURL: ackURL(ackDashboardPath, req.a.Version, req.q.UnitID, "")}
	v.Total, err = s.AmendmentService.EachAckStatus(ctx, req.q, func(st *tracker.AckStatus) error {
		if n := len(v.Rows); n < peoplePerPage && v.Total >= from {
			v.Rows = append(v.Rows, st)
		}
		v.Total++
		return nil
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	what := "対象者"
	if req.q.State != "" {
		what = req.q.State.Label() + "の人"
	}
	v.Heading = scope + "の" + what + "（" + req.a.Name + "）"
	v.Pages = max(1, (v.Total+peoplePerPage-1)/peoplePerPage)
	if req.page > 1 {
		v.PrevURL = ackURL(ackPeoplePath, req.a.Version, req.q.UnitID, req.q.State) + "&page=" + strconv.Itoa(req.page-1)
	}
	if req.page < v.Pages {
		v.NextURL = ackURL(ackPeoplePath, req.a.Version, req.q.UnitID, req.q.State) + "&page=" + strconv.Itoa(req.page+1)
	}
	v.Export = exportForm{CSRF: session(r).CSRF, Filter: tracker.StatusFilter{UnitID: req.q.UnitID}, Version: req.a.Version,
		AckState: req.q.State, Reports: []tracker.ReportKind{tracker.ReportAcknowledgements},
		Formats: []tracker.ExportFormat{tracker.FormatXLSX, tracker.FormatCSV}}
	s.pages.render(w, "report_ack_people", s.page(r, v.Heading, v))
}

// ackSummary is one amendment of a fiscal year on the attendance dashboard.
type ackSummary struct {
	A       *tracker.Amendment
	Setting *tracker.AmendmentSetting
	Counts  tracker.AckCounts
	unitID  int64
}

// URL links the summary to the 周知状況 or, with a state, to its people.
func (a ackSummary) URL(state string) string {
	if state == "" {
		return ackURL(ackDashboardPath, a.A.Version, a.unitID, "")
	}
	return ackURL(ackPeoplePath, a.A.Version, a.unitID, tracker.AckState(state))
}

// ackSummaries are the 周知状況 of the amendments that took effect in a fiscal year (the year's
// record), over the unit the dashboard looks at.
func (s *Server) ackSummaries(ctx context.Context, fy tracker.FiscalYear, unitID int64) ([]ackSummary, error) {
	var out []ackSummary
	for _, a := range s.inEffect() {
		if a.FiscalYear() != fy {
			continue
		}
		settings, err := s.AmendmentService.AmendmentSettings(ctx)
		if err != nil {
			return nil, err
		}
		sum := ackSummary{A: a, Setting: tracker.SettingOf(settings, a.Version), unitID: unitID}
		if sum.Setting.Required() {
			q := tracker.AckQuery{Version: a.Version, UnitID: unitID}
			if sum.Setting.Retraining {
				q.Retraining, q.Since = tracker.AmendmentModule(a.Version), a.FiscalYear()
			}
			d, err := s.AmendmentService.AckDashboard(ctx, q)
			if err != nil {
				return nil, err
			}
			sum.Counts = d.Total
		}
		out = append(out, sum)
	}
	return out, nil
}

package http

import (
	"context"
	"net/http"
	"strconv"

	"isms/tracker"
)

type unitsPage struct {
	Units []*tracker.Unit
}

// handleUnits lists the units the caller may follow up.
func (s *Server) handleUnits(w http.ResponseWriter, r *http.Request) {
	units, err := s.PersonService.FindUnits(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if len(units) == 0 {
		s.Error(w, r, tracker.Errorf(tracker.EFORBIDDEN, "所属の受講状況は、セキュリティ管理者・局長級・部長級職員と情報セキュリティ事務局が見られます。"))
		return
	}
	s.pages.render(w, "units", s.page(r, "所属の受講状況", unitsPage{Units: units}))
}

type unitPage struct {
	Unit       *tracker.Unit
	FiscalYear tracker.FiscalYear
	Plan       *tracker.Plan
	Rows       []*tracker.PersonStatus
	Pending    bool // only people who have not passed everything
	People     int
	Complete   int
}

// unitStatus computes the status of every active person in the unit the request names ({id}), for
// its fiscal year (?fy=, default the current one), all of them or only the pending (?show=pending).
func (s *Server) unitStatus(r *http.Request) (*unitPage, error) {
	unitID, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "該当する所属は見つかりません。")
	}
	fy, err := s.fiscalYearParam(r)
	if err != nil {
		return nil, err
	}
	ctx, pendingOnly := r.Context(), r.URL.Query().Get("show") == "pending"
	unit, err := s.PersonService.FindUnit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	people, _, err := s.PersonService.FindPeople(ctx, tracker.PersonFilter{UnitID: unitID, Status: tracker.StatusActive})
	if err != nil {
		return nil, err
	}
	plan, _, err := s.PlanService.PlanInForce(ctx, fy)
	if err != nil {
		return nil, err
	}
	results, err := s.AttemptService.FindResults(ctx, plan, unitID, 0)
	if err != nil {
		return nil, err
	}
	v := &unitPage{Unit: unit, FiscalYear: fy, Plan: plan, Pending: pendingOnly, People: len(people)}
	for _, p := range people {
		st := tracker.StatusOf(plan, p, results[p.ID])
		if st.Complete {
			v.Complete++
		}
		if !pendingOnly || !st.Complete {
			v.Rows = append(v.Rows, st)
		}
	}
	return v, nil
}

// fiscalYearParam reads ?fy=, defaulting to the current fiscal year.
func (s *Server) fiscalYearParam(r *http.Request) (tracker.FiscalYear, error) {
	if v := r.URL.Query().Get("fy"); v != "" {
		return tracker.ParseFiscalYear(v)
	}
	return s.fiscalYear(), nil
}

func (s *Server) handleUnit(w http.ResponseWriter, r *http.Request) {
	v, err := s.unitStatus(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "unit", s.page(r, v.Unit.Name()+"の受講状況", v))
}

type personPage struct {
	Person   *tracker.Person
	Postings []*tracker.Posting
	Status   *tracker.PersonStatus
	Years    []historyYear
	Message  string // a problem with the 仮パスワード form
}

// personRecord is a person with their section history (異動) and every attempt, as the page and the
// API show them; the store's scope makes a person outside the caller's scope ENOTFOUND.
func (s *Server) personRecord(ctx context.Context, staffNo string) (*tracker.Person, []*tracker.Posting, []*tracker.Attempt, error) {
	p, err := s.PersonService.FindPersonByStaffNo(ctx, staffNo)
	if err != nil {
		return nil, nil, nil, err
	}
	postings, err := s.PersonService.FindPostings(ctx, p.StaffNo)
	if err != nil {
		return nil, nil, nil, err
	}
	attempts, _, err := s.AttemptService.FindAttempts(ctx, tracker.AttemptFilter{PersonID: p.ID})
	if err != nil {
		return nil, nil, nil, err
	}
	return p, postings, attempts, nil
}

// handlePerson shows one person's record to someone whose scope includes them; to anyone else the
// person does not exist (404).
func (s *Server) handlePerson(w http.ResponseWriter, r *http.Request) {
	s.renderPerson(w, r, http.StatusOK, "")
}

func (s *Server) renderPerson(w http.ResponseWriter, r *http.Request, status int, message string) {
	ctx := r.Context()
	p, postings, attempts, err := s.personRecord(ctx, r.PathValue("no"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	fy := s.fiscalYear()
	plan, _, err := s.PlanService.PlanInForce(ctx, fy)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	results, err := s.AttemptService.FindResults(ctx, plan, 0, p.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(status)
	s.pages.render(w, "person", s.page(r, p.Name+"さんの研修記録", personPage{Person: p, Postings: postings,
		Status: tracker.StatusOf(plan, p, results[p.ID]), Years: groupByYear(attempts), Message: message}))
}

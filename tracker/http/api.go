package http

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"isms/quiz"
	"isms/tracker"
)

// routeAPI registers the JSON API; the README's table lists every route.
func (s *Server) routeAPI(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/login", s.apiLogin)
	mux.HandleFunc("POST /api/logout", s.apiLogout)
	mux.HandleFunc("GET /api/me", s.apiMe)
	mux.HandleFunc("POST /api/password", s.apiPassword)

	mux.HandleFunc("GET /api/modules", s.apiModules)
	mux.HandleFunc("GET /api/training", s.apiTraining)
	mux.HandleFunc("POST /api/training/{module}/papers", s.apiPaper)
	mux.HandleFunc("POST /api/attempts", s.apiSubmit)
	mux.HandleFunc("GET /api/attempts", s.apiAttempts)
	mux.HandleFunc("GET /api/attempts/{id}", s.apiAttempt)
	mux.HandleFunc("POST /api/attempts/{id}/survey", s.apiSurvey)

	mux.HandleFunc("GET /api/units", s.apiUnits)
	mux.HandleFunc("GET /api/units/{id}/status", s.apiUnitStatus)
	mux.HandleFunc("GET /api/people", s.apiPeople)
	mux.HandleFunc("GET /api/people/{no}", s.apiPerson)
	mux.HandleFunc("POST /api/people/{no}/password-reset", s.apiPasswordReset)

	mux.HandleFunc("POST /api/roster/preview", s.apiRosterPreview)
	mux.HandleFunc("POST /api/roster/apply", s.apiRosterApply)
	mux.HandleFunc("GET /api/plans", s.apiPlans)
	mux.HandleFunc("GET /api/plans/{fy}", s.apiPlan)
	mux.HandleFunc("PUT /api/plans/{fy}", s.apiPlanSave)
	mux.HandleFunc("GET /api/audit", s.apiAudit)
	mux.HandleFunc("GET /api/audit/verify", s.apiAuditVerify)

	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, tracker.Errorf(tracker.ENOTFOUND, "API %s %s はありません。", r.Method, r.URL.Path))
	})
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var c tracker.Credentials
	// JSON only: a cross-site form cannot send application/json without a preflight, so this is the
	// API's sign-in CSRF defence (with the origin check in front).
	if err := decodeJSON(r, &c); err != nil {
		s.Error(w, r, err)
		return
	}
	c.Source, c.Device = s.clientAddr(r), s.deviceFor(r, c.Login)
	sess, err := s.AuthService.SignIn(r.Context(), c)
	if err != nil {
		s.holdRefusal(r, err)
		s.Error(w, r, err)
		return
	}
	s.setSessionCookie(w, r, sess.Token)
	s.setDevice(w, r, sess.Account.Login, c.Device)
	writeJSON(w, http.StatusOK, sess)
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.AuthService.SignOut(r.Context(), session(r).Token); err != nil {
		s.Error(w, r, err)
		return
	}
	s.clearSessionCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, session(r))
}

func (s *Server) apiPassword(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Current string `json:"current"`
		New     string `json:"new"`
	}
	if err := decodeJSON(r, &body); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.AuthService.ChangePassword(r.Context(), body.Current, body.New); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type moduleJSON struct {
	Module       string            `json:"module"`
	Title        string            `json:"title"`
	PassPercent  int               `json:"passPercent"`
	DrawCount    int               `json:"drawCount"`
	Version      string            `json:"version"`
	Competencies []quiz.Competency `json:"competencies"`
	Roles        []tracker.Role    `json:"requiredBy"`
	URL          string            `json:"url"`
}

func (s *Server) apiModules(w http.ResponseWriter, r *http.Request) {
	var out []moduleJSON
	for _, b := range s.Banks {
		m := moduleJSON{Module: b.Module, Title: b.Title, PassPercent: b.PassPercent, DrawCount: b.DrawCount, Version: b.Version,
			Competencies: b.Competencies, URL: "/modules/" + b.Module + "/"}
		for _, role := range tracker.Roles() {
			for _, req := range tracker.RequiredModules(role) {
				if req == b.Module {
					m.Roles = append(m.Roles, role)
				}
			}
		}
		out = append(out, m)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiTraining(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := tracker.PrincipalFrom(ctx)
	if p.Person == nil {
		s.Error(w, r, tracker.Errorf(tracker.ENOTFOUND, "管理者IDには受講対象の研修がありません。"))
		return
	}
	fy, err := s.fiscalYearParam(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	plan, _, err := s.PlanService.PlanInForce(ctx, fy)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	results, err := s.AttemptService.FindResults(ctx, plan, 0, p.Person.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"fiscalYear": fy, "label": fy.String(), "plan": plan,
		"status": tracker.StatusOf(plan, p.Person, results[p.Person.ID])})
}

func (s *Server) apiPaper(w http.ResponseWriter, r *http.Request) {
	d, err := s.mayTake(r.Context(), r.PathValue("module"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := d.bank
	paper, token := s.newPaper(d, session(r).Account.ID)
	head := struct {
		Paper       string `json:"paper"`
		Module      string `json:"module"`
		Title       string `json:"title"`
		BankVersion string `json:"bankVersion"`
		PassPercent int    `json:"passPercent"`
	}{token, b.Module, b.Title, b.Version, b.PassPercent}
	s.writeWithQuestions(w, r, http.StatusCreated, head, b, paperView(b, paper, nil, false, nil))
}

// writeWithQuestions answers obj with the questions added, by the fast encoder.
func (s *Server) writeWithQuestions(w http.ResponseWriter, r *http.Request, status int, obj any, b *quiz.Bank, views []questionView) {
	body, err := s.questionJSON.withQuestions(obj, b, views)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// attemptJSON is an attempt with its questions laid out; the raw paper is left out (the questions
// are in paper order), which also spares re-validating it on every answer.
type attemptJSON struct {
	*tracker.Attempt
	Paper     json.RawMessage `json:"paper,omitempty"`
	Questions []questionView  `json:"questions,omitempty"`
}

func (s *Server) apiSubmit(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Paper   string              `json:"paper"`
		Answers map[string][]string `json:"answers"`
	}
	if err := decodeJSON(r, &body); err != nil {
		s.Error(w, r, err)
		return
	}
	a, _, created, err := s.submitAttempt(r.Context(), body.Paper, body.Answers)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	status := http.StatusOK // the same paper again: the attempt already recorded
	if created {
		status = http.StatusCreated
	}
	// The answer is the graded attempt; its questions with the key and explanations are at the
	// Location (GET), so the submit path stays small.
	w.Header().Set("Location", "/api/attempts/"+strconv.FormatInt(a.ID, 10))
	writeJSON(w, status, attemptJSON{Attempt: a})
}

func intParam(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, tracker.Errorf(tracker.EINVALID, "%s は0以上の整数で指定してください。", name)
	}
	return n, nil
}

func (s *Server) apiAttempts(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	f := tracker.AttemptFilter{Module: q.Get("module")}
	var err error
	if q.Get("fy") != "" {
		if f.FiscalYear, err = tracker.ParseFiscalYear(q.Get("fy")); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	unit, err1 := intParam(r, "unit")
	offset, err2 := intParam(r, "offset")
	limit, err3 := intParam(r, "limit")
	for _, e := range []error{err1, err2, err3} {
		if e != nil {
			s.Error(w, r, e)
			return
		}
	}
	f.UnitID, f.Offset, f.Limit = int64(unit), offset, min(max(limit, 0), 1000)
	if f.Limit == 0 {
		f.Limit = 100
	}
	if no := q.Get("person"); no != "" {
		p, err := s.PersonService.FindPersonByStaffNo(ctx, no)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		f.PersonID = p.ID
	} else if p := tracker.PrincipalFrom(ctx); f.UnitID == 0 && p.Person != nil && !p.Scope().Manages() {
		f.PersonID = p.Person.ID
	}
	attempts, total, err := s.AttemptService.FindAttempts(ctx, f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "attempts": nonNil(attempts)})
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

func (s *Server) apiAttempt(w http.ResponseWriter, r *http.Request) {
	v, err := s.attemptView(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if v.Bank == nil {
		writeJSON(w, http.StatusOK, attemptJSON{Attempt: v.Attempt})
		return
	}
	s.writeWithQuestions(w, r, http.StatusOK, attemptJSON{Attempt: v.Attempt}, v.Bank, v.Questions)
}

func (s *Server) apiSurvey(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.Error(w, r, tracker.Errorf(tracker.ENOTFOUND, "この受験記録は見つかりません。"))
		return
	}
	var sv tracker.Survey
	if err := decodeJSON(r, &sv); err != nil {
		s.Error(w, r, err)
		return
	}
	sv.AttemptID, sv.CreatedAt = id, time.Time{}
	if err := s.AttemptService.SaveSurvey(r.Context(), &sv); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, sv)
}

func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) {
	units, err := s.PersonService.FindUnits(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	type unitJSON struct {
		ID int64 `json:"id"`
		*tracker.Unit
		Name string `json:"name"`
	}
	out := []unitJSON{}
	for _, u := range units {
		out = append(out, unitJSON{ID: u.ID(), Unit: u, Name: u.Name()})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiUnitStatus(w http.ResponseWriter, r *http.Request) {
	v, err := s.unitStatus(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": v.Unit, "name": v.Unit.Name(), "fiscalYear": v.FiscalYear, "plan": v.Plan,
		"people": v.People, "complete": v.Complete, "rows": nonNil(v.Rows)})
}

func (s *Server) apiPeople(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	unit, err1 := intParam(r, "unit")
	offset, err2 := intParam(r, "offset")
	limit, err3 := intParam(r, "limit")
	for _, e := range []error{err1, err2, err3} {
		if e != nil {
			s.Error(w, r, e)
			return
		}
	}
	st := tracker.Status(q.Get("status"))
	if st != "" && st != tracker.StatusActive && st != tracker.StatusLeft {
		s.Error(w, r, tracker.Errorf(tracker.EINVALID, "status は 在職 か 退職 で指定してください。"))
		return
	}
	people, total, err := s.PersonService.FindPeople(r.Context(), tracker.PersonFilter{UnitID: int64(unit), Query: q.Get("q"), Status: st,
		Offset: offset, Limit: min(max(limit, 0), 5000)})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "people": nonNil(people)})
}

func (s *Server) apiPerson(w http.ResponseWriter, r *http.Request) {
	p, postings, attempts, err := s.personRecord(r.Context(), r.PathValue("no"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"person": p, "postings": nonNil(postings), "attempts": nonNil(attempts)})
}

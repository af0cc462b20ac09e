package http

import (
	"net/http"
	"os"
	"strings"
	"time"

	"isms/tracker"
)

// The 事務局's part of the JSON API: passwords, roster, plans and the audit log.

func (s *Server) apiPasswordReset(w http.ResponseWriter, r *http.Request) {
	temp, err := s.AuthService.ResetPassword(r.Context(), r.PathValue("no"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, temp)
}

// apiRoster reads a CSV request body (the file as saved, any of the accepted encodings) into a
// temporary file and runs fn with the parsed roster.
func (s *Server) apiRoster(w http.ResponseWriter, r *http.Request, fn func(*tracker.Roster) error) {
	f, err := s.spool(r.Body)
	if err != nil {
		refuseBody(w, r)
		s.Error(w, r, err)
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "roster.csv"
	}
	if err := s.parseRoster(r.Context(), f, name, fn); err != nil {
		s.Error(w, r, err)
	}
}

func (s *Server) apiRosterPreview(w http.ResponseWriter, r *http.Request) {
	s.apiRoster(w, r, func(ros *tracker.Roster) error {
		d, err := s.RosterService.PreviewRoster(r.Context(), ros)
		if err != nil {
			return err
		}
		writeJSONWith(w, http.StatusOK, func(enc *jsonStream) { enc.rosterDiff(d) })
		return nil
	})
}

func (s *Server) apiRosterApply(w http.ResponseWriter, r *http.Request) {
	digest := r.URL.Query().Get("digest")
	if digest == "" {
		s.Error(w, r, tracker.Errorf(tracker.EINVALID, "digest（POST /api/roster/preview が返した値）を指定してください。"))
		return
	}
	s.apiRoster(w, r, func(ros *tracker.Roster) error {
		res, err := s.RosterService.ApplyRoster(r.Context(), ros, digest)
		if err != nil {
			return err
		}
		writeJSONWith(w, http.StatusOK, func(enc *jsonStream) { enc.rosterResult(res) })
		return nil
	})
}

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request) {
	plans, err := s.PlanService.FindPlans(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, nonNil(plans))
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) {
	fy, err := tracker.ParseFiscalYear(r.PathValue("fy"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if r.URL.Query().Get("inForce") == "1" {
		p, _, err := s.PlanService.PlanInForce(r.Context(), fy)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, p)
		return
	}
	p, err := s.PlanService.FindPlan(r.Context(), fy)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiPlanSave(w http.ResponseWriter, r *http.Request) {
	fy, err := tracker.ParseFiscalYear(r.PathValue("fy"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var p tracker.Plan
	if err := decodeJSON(r, &p); err != nil {
		s.Error(w, r, err)
		return
	}
	if p.FiscalYear != 0 && p.FiscalYear != fy {
		s.Error(w, r, tracker.Errorf(tracker.EINVALID, "URL の年度（%d）と fiscalYear（%d）が一致しません。", fy, p.FiscalYear))
		return
	}
	p.FiscalYear, p.Default = fy, false
	err = s.PlanService.SavePlan(r.Context(), &p)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, &p)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, err1 := intParam(r, "offset")
	limit, err2 := intParam(r, "limit")
	for _, e := range []error{err1, err2} {
		if e != nil {
			s.Error(w, r, e)
			return
		}
	}
	f := tracker.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Outcome: q.Get("outcome"), Offset: offset, Limit: limit}
	for name, dst := range map[string]*time.Time{"since": &f.Since, "until": &f.Until} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				s.Error(w, r, tracker.Errorf(tracker.EINVALID, "%s は RFC 3339 の日時（2026-04-01T00:00:00+09:00）で指定してください。", name))
				return
			}
			*dst = t
		}
	}
	events, total, err := s.AuditService.FindEvents(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.AuditService.RecordEvent(r.Context(), &tracker.AuditEvent{Action: tracker.ActionAuditView, Outcome: tracker.OutcomeSuccess,
		Detail: "api " + strings.TrimSpace(r.URL.RawQuery)})
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "events": nonNil(events)})
}

func (s *Server) apiAuditVerify(w http.ResponseWriter, r *http.Request) {
	if !session(r).Account.Admin() {
		s.Error(w, r, tracker.Errorf(tracker.EFORBIDDEN, "監査ログの検証は情報セキュリティ事務局の管理者IDだけが行えます。"))
		return
	}
	v, err := s.AuditService.VerifyChain(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

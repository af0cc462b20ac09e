package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"isms/tracker"
)

type auditPage struct {
	Filter   tracker.AuditFilter
	Since    string // the date range as typed, YYYY-MM-DD
	Until    string
	Message  string // what is wrong with the filter
	Rows     []auditRow
	Total    int
	Page     int
	Pages    int
	Verified *tracker.AuditVerification
	Actions  []auditAction
	PrevURL  string
	NextURL  string
}

// auditRow is an event as people read it: names and sentences instead of codes.
type auditRow struct {
	*tracker.AuditEvent
	ActorName  string
	ActionName string
	TargetText string
	DetailText string
}

type auditAction struct{ Code, Name string }

const auditPageSize = 100

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	v := auditPage{Page: page, Since: strings.TrimSpace(q.Get("since")), Until: strings.TrimSpace(q.Get("until"))}
	f := tracker.AuditFilter{Actor: strings.TrimSpace(q.Get("actor")), Action: q.Get("action"), Outcome: q.Get("outcome"),
		Limit: auditPageSize, Offset: (page - 1) * auditPageSize}
	var problems []string
	if v.Since != "" {
		d, err := tracker.ParseDate(v.Since)
		if err != nil {
			problems = append(problems, "期間の開始日: "+tracker.ErrorMessage(err))
		}
		f.Since = d.Start()
	}
	if v.Until != "" {
		d, err := tracker.ParseDate(v.Until)
		if err != nil {
			problems = append(problems, "期間の終了日: "+tracker.ErrorMessage(err))
		}
		f.Until = d.End()
	}
	if len(problems) == 0 && !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		problems = append(problems, "期間の終了日が開始日より前です。")
	}
	for _, a := range tracker.AuditActions {
		v.Actions = append(v.Actions, auditAction{Code: a, Name: tracker.ActionName(a)})
	}
	v.Filter = f
	if len(problems) > 0 {
		v.Message = strings.Join(problems, "\n")
		w.WriteHeader(http.StatusBadRequest)
		s.pages.render(w, "audit", s.page(r, "監査ログ", v))
		return
	}
	events, total, err := s.AuditService.FindEvents(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v.Total, v.Pages = total, (total+auditPageSize-1)/auditPageSize
	for _, e := range events {
		v.Rows = append(v.Rows, auditRow{AuditEvent: e, ActorName: tracker.AuditActorName(e.Actor), ActionName: tracker.ActionName(e.Action),
			TargetText: tracker.AuditTarget(e), DetailText: tracker.AuditDetail(e, s.moduleTitle)})
	}
	pageURL := func(n int) string {
		u := url.Values{}
		for k, val := range map[string]string{"actor": f.Actor, "action": f.Action, "outcome": f.Outcome, "since": v.Since, "until": v.Until} {
			if val != "" {
				u.Set(k, val)
			}
		}
		u.Set("page", strconv.Itoa(n))
		return "/app/admin/audit?" + u.Encode()
	}
	if page > 1 {
		v.PrevURL = pageURL(page - 1)
	}
	if page < v.Pages {
		v.NextURL = pageURL(page + 1)
	}
	if q.Get("verify") == "1" {
		if v.Verified, err = s.AuditService.VerifyChain(r.Context()); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	// Reading the log is itself logged: who looked at whose sign-ins is part of the record.
	s.AuditService.RecordEvent(r.Context(), &tracker.AuditEvent{Action: tracker.ActionAuditView, Outcome: tracker.OutcomeSuccess,
		Detail: "filter actor=" + f.Actor + " action=" + f.Action + " outcome=" + f.Outcome + " since=" + v.Since + " until=" + v.Until})
	s.pages.render(w, "audit", s.page(r, "監査ログ", v))
}

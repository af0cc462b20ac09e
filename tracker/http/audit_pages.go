package http

import (
	"net/http"
	"strconv"

	"isms/tracker"
)

type auditPage struct {
	Filter   tracker.AuditFilter
	Events   []*tracker.AuditEvent
	Total    int
	Page     int
	Pages    int
	Verified *tracker.AuditVerification
	Actions  []string
}

var auditActions = []string{tracker.ActionSignIn, tracker.ActionSignInTrusted, tracker.ActionSignOut, tracker.ActionLockout,
	tracker.ActionPasswordChange, tracker.ActionPasswordReset, tracker.ActionAdminCreate, tracker.ActionRosterImport,
	tracker.ActionPlanSave, tracker.ActionAttemptSubmit, tracker.ActionSurveySubmit, tracker.ActionAccessDenied,
	tracker.ActionBackup, tracker.ActionExport, tracker.ActionAuditView}

const auditPageSize = 100

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	f := tracker.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Outcome: q.Get("outcome"),
		Limit: auditPageSize, Offset: (page - 1) * auditPageSize}
	events, total, err := s.AuditService.FindEvents(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v := auditPage{Filter: f, Events: events, Total: total, Page: page, Pages: (total + auditPageSize - 1) / auditPageSize, Actions: auditActions}
	if q.Get("verify") == "1" {
		if v.Verified, err = s.AuditService.VerifyChain(r.Context()); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	// Reading the log is itself logged: who looked at whose sign-ins is part of the record.
	s.AuditService.RecordEvent(r.Context(), &tracker.AuditEvent{Action: tracker.ActionAuditView, Outcome: tracker.OutcomeSuccess,
		Detail: "filter actor=" + f.Actor + " action=" + f.Action + " outcome=" + f.Outcome})
	s.pages.render(w, "audit", s.page(r, "監査ログ", v))
}

package http

import "net/http"

// routeTraining registers the pages of 集合研修・訓練 (sessions_pages.go, drill_pages.go) and of
// reminders (remind_pages.go), and their API.
func (s *Server) routeTraining(mux *http.ServeMux) {
	mux.HandleFunc("GET /app/sessions/{$}", s.handleSessions)
	mux.HandleFunc("POST /app/sessions/{$}", s.handleSessionCreate)
	mux.HandleFunc("GET /app/sessions/{id}/{$}", s.handleSession)
	mux.HandleFunc("POST /app/sessions/{id}/attendance", s.handleAttendancePreview)
	mux.HandleFunc("POST /app/sessions/{id}/attendance/apply", s.handleAttendanceApply)
	mux.HandleFunc("POST /app/sessions/{id}/drill", s.handleDrillPreview)
	mux.HandleFunc("POST /app/sessions/{id}/drill/apply", s.handleDrillApply)
	mux.HandleFunc("GET /app/reports/drills", s.handleDrillReport)
	mux.HandleFunc("GET /app/admin/reminders", s.handleReminders)
	mux.HandleFunc("POST /app/admin/reminders/send", s.handleRemindersSend)
	mux.HandleFunc("POST /app/admin/reminders/handout", s.handleRemindersHandOut)

	mux.HandleFunc("GET /api/sessions", s.apiSessions)
	mux.HandleFunc("POST /api/sessions", s.apiSessionCreate)
	mux.HandleFunc("GET /api/sessions/{id}/attendance", s.apiAttendance)
	mux.HandleFunc("GET /api/reports/drills", s.apiDrillReport)
	mux.HandleFunc("GET /api/reminders/preview", s.apiRemindersPreview)
}

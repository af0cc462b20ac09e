package http

import (
	"net/http"
	"strconv"

	"isms/tracker"
	"isms/tracker/roster"
)

func (s *Server) handleDrillPreview(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	v, err := s.sessionView(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	data, name, ok, err := uploadedFile(r)
	if !ok {
		s.sessionProblem(w, r, v, tracker.Errorf(tracker.EINVALID, "訓練結果ファイル（CSV）を選んでください。"))
		return
	}
	if err != nil {
		s.sessionProblem(w, r, v, tracker.Errorf(tracker.EINVALID, "訓練結果ファイルを読み込めません。"))
		return
	}
	file, err := roster.ParseDrill(name, data)
	if err == nil {
		v.DrillPV, err = s.DrillService.PreviewDrill(r.Context(), v.Session.ID, file)
	}
	if err != nil {
		s.sessionProblem(w, r, v, err)
		return
	}
	v.Pending = s.pendingDrill.put(session(r).Account.ID, file)
	s.pages.render(w, "drill_preview", s.page(r, v.Session.Title+"（訓練結果の確認）", v))
}

func (s *Server) handleDrillApply(w http.ResponseWriter, r *http.Request) {
	if !s.requireAdminPage(w, r) {
		return
	}
	v, err := s.sessionView(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	id := r.PostFormValue("pending")
	file, ok := s.pendingDrill.get(session(r).Account.ID, id)
	if !ok {
		s.Error(w, r, errPendingGone("記録済み", "新しいファイルを選んだ", "もう一度ファイルを選んでください。"))
		return
	}
	if _, err := s.DrillService.ImportDrill(r.Context(), v.Session.ID, file, r.PostFormValue("digest")); err != nil {
		s.Error(w, r, err)
		return
	}
	s.pendingDrill.drop(id)
	http.Redirect(w, r, "/app/sessions/"+strconv.FormatInt(v.Session.ID, 10)+"/?done=drill", http.StatusSeeOther)
}

type drillsPage struct {
	FiscalYear tracker.FiscalYear
	Report     *tracker.DrillReport
}

// handleDrillReport is the 訓練 report of a fiscal year: every drill's figures by 局/部/課, repeat
// clickers, and the years side by side.
func (s *Server) handleDrillReport(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYearParam(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	d, err := s.DrillService.DrillReport(r.Context(), 0, fy)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "drills", s.page(r, "訓練の結果", drillsPage{FiscalYear: fy, Report: d}))
}

func (s *Server) apiDrillReport(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYearParam(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var id int64
	if v := r.URL.Query().Get("session"); v != "" {
		if id, err = strconv.ParseInt(v, 10, 64); err != nil {
			s.Error(w, r, tracker.Errorf(tracker.EINVALID, "訓練の指定が正しくありません。"))
			return
		}
	}
	d, err := s.DrillService.DrillReport(r.Context(), id, fy)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiSessions(w http.ResponseWriter, r *http.Request) {
	fy, err := s.fiscalYearParam(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.mayFollowSessions(r); err != nil {
		s.Error(w, r, err)
		return
	}
	list, err := s.TrainingService.FindSessions(r.Context(), fy)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"fiscalYear": fy, "sessions": list})
}

func (s *Server) apiSessionCreate(w http.ResponseWriter, r *http.Request) {
	var ts tracker.TrainingSession
	if err := decodeJSON(r, &ts); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.TrainingService.CreateSession(r.Context(), &ts); err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/sessions/"+strconv.FormatInt(ts.ID, 10)+"/attendance")
	writeJSON(w, http.StatusCreated, ts)
}

func (s *Server) apiAttendance(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.Error(w, r, tracker.Errorf(tracker.ENOTFOUND, "この集合研修・訓練は見つかりません。"))
		return
	}
	if err := s.mayFollowSessions(r); err != nil {
		s.Error(w, r, err)
		return
	}
	if _, err := s.TrainingService.FindSession(r.Context(), id); err != nil {
		s.Error(w, r, err)
		return
	}
	list, err := s.TrainingService.FindAttendance(r.Context(), id, 0)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"attendance": list})
}

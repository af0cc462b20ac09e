package http

import (
	"net/http"
	"strconv"

	"isms/tracker"
)

// routeAmendments registers the notices, the 周知状況, the 事務局's pages for each version and
// their API.
func (s *Server) routeAmendments(mux *http.ServeMux) {
	mux.HandleFunc("GET /app/amendments/{version}/{$}", s.handleAmendment)
	mux.HandleFunc("POST /app/amendments/{version}/acknowledge", s.handleAcknowledge)
	mux.HandleFunc("GET /app/reports/acknowledgements", s.handleAckDashboard)
	mux.HandleFunc("GET /app/reports/acknowledgements/people", s.handleAckPeople)
	mux.HandleFunc("GET /app/admin/amendments/{$}", s.handleAdminAmendments)
	mux.HandleFunc("GET /app/admin/amendments/{version}", s.handleAdminAmendment)
	mux.HandleFunc("POST /app/admin/amendments/{version}/setting", s.handleAmendmentSetting)
	mux.HandleFunc("POST /app/admin/amendments/{version}/reviews", s.handleQuestionReview)

	mux.HandleFunc("GET /api/amendments", s.apiAmendments)
	mux.HandleFunc("POST /api/amendments/{version}/acknowledgement", s.apiAcknowledge)
	mux.HandleFunc("PUT /api/amendments/{version}/setting", s.apiAmendmentSetting)
	mux.HandleFunc("POST /api/amendments/{version}/reviews", s.apiQuestionReview)
	mux.HandleFunc("GET /api/acknowledgements", s.apiAcknowledgements)
	mux.HandleFunc("GET /api/acknowledgements/{id}", s.apiAcknowledgement)
	mux.HandleFunc("GET /api/reports/acknowledgements", s.apiAckDashboard)
	mux.HandleFunc("GET /api/reports/acknowledgements/people", s.apiAckPeople)
}

// apiAmendments lists, for staff, the notices of the amendments in effect with their 周知確認; for
// the 事務局, every amendment with its setting.
func (s *Server) apiAmendments(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := tracker.PrincipalFrom(ctx)
	if p.Person == nil {
		rows, err := s.amendmentRows(ctx, 0)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		type row struct {
			*tracker.Amendment
			Setting         *tracker.AmendmentSetting `json:"setting"`
			InEffect        bool                      `json:"inEffect"`
			CitingQuestions int                       `json:"citingQuestions"`
			PendingReviews  int                       `json:"pendingReviews"`
		}
		out := []row{}
		for _, rw := range rows {
			out = append(out, row{rw.A, rw.Setting, rw.InEffect, rw.Citing, rw.Pending})
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	pending, confirmed, err := s.notices(ctx, p.Person, "")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	type notice struct {
		*tracker.Notice
		Setting         *tracker.AmendmentSetting `json:"setting"`
		Acknowledgement *tracker.Acknowledgement  `json:"acknowledgement,omitempty"`
	}
	out := []notice{}
	for _, v := range append(pending, confirmed...) {
		out = append(out, notice{v.Notice, v.Setting, v.Ack})
	}
	writeJSON(w, http.StatusOK, out)
}

// apiAcknowledge records 周知確認: 201 with the record, or 200 with the record made before.
func (s *Server) apiAcknowledge(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Digest string `json:"digest"`
	}
	if err := decodeJSON(r, &body); err != nil {
		s.Error(w, r, err)
		return
	}
	k, created, err := s.acknowledge(r.Context(), r, body.Digest)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/acknowledgements/"+strconv.FormatInt(k.ID, 10))
	}
	writeJSON(w, status, k)
}

func (s *Server) apiAmendmentSetting(w http.ResponseWriter, r *http.Request) {
	a := tracker.FindAmendment(s.Amendments, r.PathValue("version"))
	if a == nil {
		s.Error(w, r, tracker.Errorf(tracker.ENOTFOUND, "版「%s」の改正はありません。", r.PathValue("version")))
		return
	}
	var set tracker.AmendmentSetting
	if err := decodeJSON(r, &set); err != nil {
		s.Error(w, r, err)
		return
	}
	set.Version, set.Default = a.Version, false
	if err := s.saveSetting(r.Context(), a, &set); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, &set)
}

func (s *Server) apiQuestionReview(w http.ResponseWriter, r *http.Request) {
	a := tracker.FindAmendment(s.Amendments, r.PathValue("version"))
	if a == nil {
		s.Error(w, r, tracker.Errorf(tracker.ENOTFOUND, "版「%s」の改正はありません。", r.PathValue("version")))
		return
	}
	var body struct {
		Question string                `json:"question"`
		Outcome  tracker.ReviewOutcome `json:"outcome"`
		Note     string                `json:"note"`
	}
	if err := decodeJSON(r, &body); err != nil {
		s.Error(w, r, err)
		return
	}
	rv, err := s.reviewOf(a, body.Question, body.Outcome, body.Note)
	if err == nil {
		err = s.AmendmentService.RecordQuestionReview(r.Context(), rv)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, rv)
}

func (s *Server) apiAcknowledgements(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	f := tracker.AcknowledgementFilter{Version: q.Get("version")}
	var bad bool
	if v := q.Get("person"); v != "" {
		p, err := s.PersonService.FindPersonByStaffNo(ctx, v)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		f.PersonID = p.ID
	}
	if v := q.Get("unit"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		bad = err != nil || id <= 0
		f.UnitID = id
	}
	offset, limit, err := pageParams(q.Get("offset"), q.Get("limit"))
	if bad || err != nil || (f.Version != "" && !tracker.ValidVersion(f.Version)) {
		s.Error(w, r, tracker.Errorf(tracker.EINVALID, "検索の条件（version・person・unit・offset・limit）が正しくありません。"))
		return
	}
	f.Offset, f.Limit = offset, limit
	list, total, err := s.AmendmentService.FindAcknowledgements(ctx, f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if list == nil {
		list = []*tracker.Acknowledgement{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "acknowledgements": list})
}

// pageParams reads offset and limit: limit 1–1000, 100 when not given.
func pageParams(offset, limit string) (int, int, error) {
	o, l := 0, 100
	var err error
	if offset != "" {
		if o, err = strconv.Atoi(offset); err != nil || o < 0 {
			return 0, 0, tracker.Errorf(tracker.EINVALID, "offset が正しくありません。")
		}
	}
	if limit != "" {
		if l, err = strconv.Atoi(limit); err != nil || l < 1 || l > 1000 {
			return 0, 0, tracker.Errorf(tracker.EINVALID, "limit は 1〜1000 で指定してください。")
		}
	}
	return o, l, nil
}

func (s *Server) apiAcknowledgement(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.Error(w, r, tracker.Errorf(tracker.ENOTFOUND, "この周知確認の記録は見つかりません。"))
		return
	}
	k, err := s.AmendmentService.FindAcknowledgementByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, k)
}

func (s *Server) apiAckDashboard(w http.ResponseWriter, r *http.Request) {
	req, err := s.ackRequest(r.Context(), r.URL.Query())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	d, err := s.AmendmentService.AckDashboard(r.Context(), req.q)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"amendment": req.a, "setting": req.set, "dashboard": d})
}

func (s *Server) apiAckPeople(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req, err := s.ackRequest(r.Context(), q)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	offset, limit, err := pageParams(q.Get("offset"), q.Get("limit"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	people := []*tracker.AckStatus{}
	total, err := s.AmendmentService.EachAckStatus(r.Context(), req.q, func(st *tracker.AckStatus) error {
		if n := len(people); n < limit && offset <= 0 {
			people = append(people, st)
		}
		offset--
		return nil
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"version": req.a.Version, "total": total, "people": people})
}

package http

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"isms/tracker"
)

// codes maps each error code to its HTTP status.
var codes = map[string]int{
	tracker.ECONFLICT:     http.StatusConflict,
	tracker.EFORBIDDEN:    http.StatusForbidden,
	tracker.EINTERNAL:     http.StatusInternalServerError,
	tracker.EINVALID:      http.StatusBadRequest,
	tracker.ENOTFOUND:     http.StatusNotFound,
	tracker.EUNAUTHORIZED: http.StatusUnauthorized,
	tracker.EPASSWORD:     http.StatusForbidden,
	tracker.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	tracker.ETOOMANY:      http.StatusTooManyRequests,
}

// ErrorStatus returns the HTTP status for a tracker error code.
func ErrorStatus(code string) int {
	if s, ok := codes[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Error writes err as JSON for the API and as a page otherwise. Internal errors are logged and
// shown only as "内部エラー". Refusals for scope are logged in the audit log.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := tracker.ErrorCode(err), tracker.ErrorMessage(err)
	if code == tracker.EINTERNAL {
		s.Logger.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == tracker.EFORBIDDEN {
		p := tracker.PrincipalFrom(r.Context())
		if p != nil && p.Account != nil {
			s.AuditService.RecordEvent(r.Context(), &tracker.AuditEvent{Action: tracker.ActionAccessDenied,
				Target: r.Method + " " + r.URL.Path, Outcome: tracker.OutcomeFailure, Detail: msg})
		}
	}
	status := ErrorStatus(code)
	if isAPI(r) {
		writeJSON(w, status, map[string]string{"code": code, "error": msg})
		return
	}
	w.WriteHeader(status)
	s.pages.render(w, "error", s.page(r, "エラー", errorPage{Status: status, Message: msg}))
}

type errorPage struct {
	Status  int
	Message string
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	// Compact, and without escaping < > & as \u003c…: the answers carry rendered HTML, the type is
	// application/json with nosniff, and escaping doubled the size and cost of a paper.
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// decodeJSON reads a JSON body into v, refusing unknown fields so a typo is an error, not a no-op.
func decodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "application/json" && !strings.HasPrefix(ct, "application/json;") {
		return tracker.Errorf(tracker.EINVALID, "Content-Type: application/json で送信してください。")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return tracker.Errorf(tracker.EINVALID, "JSON を読み取れません: %s", jsonProblem(err))
	}
	return nil
}

func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "構文の誤り"
	case errors.As(err, &te):
		return "項目「" + te.Field + "」の型が違います"
	}
	if m := err.Error(); len(m) < 100 {
		return m
	}
	return "形式の誤り"
}

type ctxSessionKey = sessionKey

func contextWithSession(ctx context.Context, s *tracker.Session) context.Context {
	return context.WithValue(ctx, ctxSessionKey{}, s)
}

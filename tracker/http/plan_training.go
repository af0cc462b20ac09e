package http

import (
	"net/http"
	"strconv"
	"strings"

	"isms/tracker"
)

// creditableSessions are the fiscal year's sessions that cover modules: the plan may credit them.
func (s *Server) creditableSessions(r *http.Request, fy tracker.FiscalYear) ([]*tracker.TrainingSession, error) {
	all, err := s.TrainingService.FindSessions(r.Context(), fy)
	if err != nil {
		return nil, err
	}
	var out []*tracker.TrainingSession
	for _, ses := range all {
		if len(ses.Modules) > 0 {
			out = append(out, ses)
		}
	}
	return out, nil
}

// planTrainingFromForm reads the relative deadlines and the credits (credit.<session>.<module> =
// roles) of the plan form.
func planTrainingFromForm(r *http.Request, p *tracker.Plan) []string {
	var problems []string
	for _, f := range []struct {
		name, label string
		dst         *int
	}{{"joiner_days", "入所した日からの日数", &p.JoinerDays}, {"role_change_days", "役割が変わった日からの日数", &p.RoleChangeDays}} {
		v := strings.TrimSpace(r.PostFormValue(f.name))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			problems = append(problems, f.label+"は半角の整数で入力してください。")
			continue
		}
		*f.dst = n
	}
	for key, roles := range r.PostForm {
		rest, ok := strings.CutPrefix(key, "credit.")
		if !ok || len(roles) == 0 {
			continue
		}
		id, module, _ := strings.Cut(rest, ".")
		sid, err := strconv.ParseInt(id, 10, 64)
		if err != nil || module == "" {
			problems = append(problems, "合格として扱う集合研修の指定が正しくありません。")
			continue
		}
		c := tracker.SessionCredit{Session: sid, Module: module}
		for _, role := range roles {
			c.Roles = append(c.Roles, tracker.Role(role))
		}
		p.Credits = append(p.Credits, c)
	}
	tracker.SortCredits(p.Credits)
	return problems
}

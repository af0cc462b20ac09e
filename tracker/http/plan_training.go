package http

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"isms/tracker"
)

// creditableSessions are the fiscal year's sessions: those that cover modules may be credited, and
// a 訓練 may have a follow-up module for those who clicked.
func (s *Server) creditableSessions(r *http.Request, fy tracker.FiscalYear) ([]*tracker.TrainingSession, error) {
	return s.TrainingService.FindSessions(r.Context(), fy)
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
	for key, v := range r.PostForm {
		rest, ok := strings.CutPrefix(key, "followup.")
		id, _, _ := strings.Cut(rest, ".")
		if !ok || !strings.HasSuffix(key, ".module") || strings.TrimSpace(v[0]) == "" {
			continue
		}
		drill, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			problems = append(problems, "訓練の指定が正しくありません。")
			continue
		}
		f := tracker.FollowUp{Drill: drill, Module: v[0]}
		if d, err := tracker.ParseDate(strings.TrimSpace(r.PostFormValue("followup." + id + ".deadline"))); err == nil {
			f.Deadline = d
		}
		p.FollowUps = append(p.FollowUps, f)
	}
	slices.SortFunc(p.FollowUps, func(a, b tracker.FollowUp) int { return cmp.Compare(a.Drill, b.Drill) })
	return problems
}

// followUpOf is the plan's follow-up of a 訓練 (templates); zero when none.
func followUpOf(p *tracker.Plan, drill int64) tracker.FollowUp {
	for _, f := range p.FollowUps {
		if f.Drill == drill {
			return f
		}
	}
	return tracker.FollowUp{}
}

func init() { funcs["followUpOf"] = followUpOf }

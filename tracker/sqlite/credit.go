package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"isms/tracker"
)

// A module counts as passed for a person when they passed its quiz or attended a session the plan
// credits toward that module for their role (tracker.Plan.Credits): the attendance's role is the
// person's training role when it was recorded, so what they attended before a change of role still
// counts.

// credit is one credited attendance: the session and the module it passes, on the session's last day.
type credit struct {
	session int64
	module  string
	on      time.Time
}

// creditSet is the credited attendances of a fiscal year by person.
type creditSet map[int64][]credit

// apply merges a person's credits into their results (module → result), creating results for
// modules they never attempted.
func (c creditSet) apply(personID int64, results map[string]*tracker.ModuleResult) {
	for _, cr := range c[personID] {
		r := results[cr.module]
		if r == nil {
			r = &tracker.ModuleResult{Module: cr.module}
			results[cr.module] = r
		}
		r.Credit(cr.session, cr.on)
	}
}

// credits reads the attendances the plan credits (of one person when personID ≠ 0). Plans without
// credits read nothing.
func (db *DB) credits(ctx context.Context, plan *tracker.Plan, personID int64) (creditSet, error) {
	if len(plan.Credits) == 0 {
		return nil, nil
	}
	values, args := creditValues(plan)
	where := ""
	if personID != 0 {
		where, args = " WHERE t.person_id = ?", append(args, personID)
	}
	rows, err := db.rdb.QueryContext(ctx, `WITH `+values+`
		SELECT t.person_id, c.session_id, c.module, s.end_on FROM attendance t
		JOIN credits c ON c.session_id = t.session_id AND c.role = t.role
		JOIN training_sessions s ON s.id = t.session_id`+where+` ORDER BY t.person_id, s.end_on`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	set := creditSet{}
	for rows.Next() {
		var person, session int64
		var module, end string
		if err := rows.Scan(&person, &session, &module, &end); err != nil {
			return nil, err
		}
		on, err := tracker.ParseDate(end)
		if err != nil {
			return nil, fmt.Errorf("session %d: %w", session, err)
		}
		set[person] = append(set[person], credit{session, module, on.Start()})
	}
	return set, rows.Err()
}

// creditValues is the plan's credits as a CTE credits(session_id, module, role, on_at): on_at is
// the unix time of the session's last day (Japan time), filled in by SQL from the session.
func creditValues(plan *tracker.Plan) (string, []any) {
	var rows []string
	var args []any
	for _, c := range plan.Credits {
		for _, r := range c.Roles {
			rows = append(rows, "(?, ?, ?)")
			args = append(args, c.Session, c.Module, string(r))
		}
	}
	if len(rows) == 0 {
		return `credits(session_id, module, role) AS (SELECT 0, '', '' WHERE 0)`, nil
	}
	return `credits(session_id, module, role) AS (VALUES ` + strings.Join(rows, ", ") + `)`, args
}

// creditKey names the plan's credits in the dashboard cache's source, so a change rebuilds it.
func creditKey(plan *tracker.Plan) string {
	var parts []string
	for _, c := range plan.Credits {
		roles := make([]string, len(c.Roles))
		for i, r := range c.Roles {
			roles[i] = string(r)
		}
		parts = append(parts, fmt.Sprintf("%d:%s:%s", c.Session, c.Module, strings.Join(roles, "+")))
	}
	return strings.Join(parts, ",")
}

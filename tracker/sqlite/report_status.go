package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"isms/tracker"
)

// The dashboard reads report_status (migration 003): one narrow row per person placed in a fiscal
// year, with bit masks of the plan's modules required, passed and attempted. Placing 50,000
// people and summing a year's attempts takes SQLite about half a second; counting the rows takes
// a few milliseconds. The rows are a cache: refreshStatus rebuilds a year's rows when the roster
// (postings) or the plan they follow changed, and recomputes only the people with attempts newer
// than the last it counted otherwise. Attempts are only ever added, so that is exact.

// placedCTE selects the people placed in fiscal year fy at cut (see the comment on placement):
// everyone whose posting was in force at cut, then those who made an attempt in the year while
// not in post, at their latest posting begun by then (or their current record).
func placedCTE(fy tracker.FiscalYear, cut int64, only string, onlyArgs []any) (string, []any) {
	// only, when set, limits both branches to some people (" IN (…)" with its arguments), and the
	// second then starts from them rather than from everyone who made an attempt.
	args := []any{cut, cut}
	first := ""
	if only != "" {
		first = " AND s.person_id" + only
		args = append(args, onlyArgs...)
	}
	args = append(args, cut)
	second := "p.id IN (SELECT e.person_id FROM attempts e WHERE e.fiscal_year = ?)"
	if only != "" {
		second = "p.id" + only + " AND EXISTS (SELECT 1 FROM attempts e WHERE e.person_id = p.id AND e.fiscal_year = ?)"
		args = append(args, onlyArgs...)
	}
	args = append(args, fy, cut, cut)
	return `placed AS (
	SELECT s.person_id, s.unit_id, s.position, s.role FROM postings s
	WHERE s.from_at <= ? AND (s.to_at IS NULL OR s.to_at > ?)` + first + `
	UNION ALL
	SELECT p.id, COALESCE(l.unit_id, p.unit_id), COALESCE(l.position, p.position), COALESCE(l.role, p.role)
	FROM people p LEFT JOIN postings l ON l.id = (SELECT x.id FROM postings x WHERE x.person_id = p.id AND x.from_at <= ?
		ORDER BY x.from_at DESC, x.id DESC LIMIT 1)
	WHERE ` + second + `
		AND NOT EXISTS (SELECT 1 FROM postings s WHERE s.person_id = p.id AND s.from_at <= ? AND (s.to_at IS NULL OR s.to_at > ?))
)`, args
}

// planBits numbers the plan's modules, in the order the roles introduce them.
func planBits(plan *tracker.Plan) ([]string, error) {
	var mods []string
	for _, r := range tracker.Roles() {
		for _, m := range plan.Modules[r] {
			if !slices.Contains(mods, m) {
				mods = append(mods, m)
			}
		}
	}
	for _, f := range plan.FollowUps {
		if !slices.Contains(mods, f.Module) {
			mods = append(mods, f.Module)
		}
	}
	if len(mods) > 62 {
		return nil, tracker.Errorf(tracker.EINVALID, "年度教育計画の研修モジュールが多すぎます（%d、上限62）。", len(mods))
	}
	return mods, nil
}

func maskOf(mods, of []string) int64 {
	var m int64
	for i, mod := range mods {
		if slices.Contains(of, mod) {
			m |= 1 << i
		}
	}
	return m
}

func modulesOf(mods []string, mask int64) []string {
	out := make([]string, 0, len(mods))
	for i, mod := range mods {
		if mask&(1<<i) != 0 {
			out = append(out, mod)
		}
	}
	return out
}

// statusSource names what a fiscal year's rows follow: the roster as imported (its postings) and
// the plan's modules, and the cut-off when it is fixed (a past year). For the current year the
// placement does not move with the clock between imports, so the key does not either.
func (db *DB) statusSource(ctx context.Context, q querier, plan *tracker.Plan, mods []string, cut time.Time) (string, int64, error) {
	var imports, postings, attempt, attendance, drills int64
	if err := q.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(id), 0) FROM roster_imports), (SELECT COALESCE(MAX(id), 0) FROM postings),
		(SELECT COALESCE(MAX(id), 0) FROM attempts), (SELECT COALESCE(MAX(id), 0) FROM attendance),
		(SELECT COALESCE(MAX(id), 0) FROM drill_results)`).Scan(&imports, &postings, &attempt, &attendance, &drills); err != nil {
		return "", 0, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "v3 imports=%d postings=%d modules=%s", imports, postings, strings.Join(mods, "+"))
	// Attendance is recorded in batches, rarely: any new one, or a change of the plan's credits,
	// rebuilds the year.
	if len(plan.Credits) > 0 {
		fmt.Fprintf(&b, " attendance=%d credits=%s", attendance, creditKey(plan))
	}
	for _, f := range plan.FollowUps {
		fmt.Fprintf(&b, " followup=%d:%s drills=%d", f.Drill, f.Module, drills)
	}
	for _, r := range tracker.Roles() {
		fmt.Fprintf(&b, " %s=%s", r, strings.Join(plan.Modules[r], "+"))
	}
	if end := plan.FiscalYear.End().Add(-time.Second); end.Before(db.now()) {
		fmt.Fprintf(&b, " cut=%d", cut.Unix())
	} else {
		b.WriteString(" cut=now")
	}
	return b.String(), attempt, nil
}

// refreshStatus brings the plan's fiscal year's rows up to date.
func (db *DB) refreshStatus(ctx context.Context, plan *tracker.Plan, cut time.Time) ([]string, error) {
	mods, err := planBits(plan)
	if err != nil {
		return nil, err
	}
	fy := plan.FiscalYear
	fresh := func(q querier) (bool, string, int64, int64, bool, error) {
		source, attempt, err := db.statusSource(ctx, q, plan, mods, cut)
		if err != nil {
			return false, "", 0, 0, false, err
		}
		var builtSource string
		var builtAttempt int64
		err = q.QueryRowContext(ctx, `SELECT source, attempt_id FROM report_builds WHERE fiscal_year = ?`, fy).Scan(&builtSource, &builtAttempt)
		if err != nil && err != sql.ErrNoRows {
			return false, "", 0, 0, false, err
		}
		sameSource := err == nil && builtSource == source
		return sameSource && builtAttempt == attempt, source, attempt, builtAttempt, sameSource, nil
	}
	ok, _, _, _, _, err := fresh(db.rdb)
	if err != nil || ok {
		return mods, err
	}
	// Rebuild under the write lock, deciding again inside it: another request may have just done it.
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ok, source, attempt, builtAttempt, sameSource, err := fresh(tx)
	if err != nil || ok {
		return mods, err
	}
	since := int64(-1) // everyone
	if sameSource {
		since = builtAttempt
	}
	if err := tx.buildStatus(ctx, plan, mods, unix(cut), since); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO report_builds (fiscal_year, source, attempt_id, built_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (fiscal_year) DO UPDATE SET source = excluded.source, attempt_id = excluded.attempt_id, built_at = excluded.built_at`,
		fy, source, attempt, unix(tx.now)); err != nil {
		return nil, err
	}
	return mods, tx.Commit()
}

// buildStatus writes the rows of everyone placed in the year (since < 0) or of the people with
// attempts newer than since.
func (tx *Tx) buildStatus(ctx context.Context, plan *tracker.Plan, mods []string, cut int64, since int64) error {
	fy := plan.FiscalYear
	changed, changedArgs := "", []any(nil)
	if since >= 0 {
		// The newest attempts by ID (a range of the table's key), not by the fiscal-year index,
		// which would read the whole year: the unary + keeps the planner off that index.
		changed, changedArgs = ` IN (SELECT c.person_id FROM attempts c WHERE c.id > ? AND +c.fiscal_year = ?)`, []any{since, fy}
		if _, err := tx.ExecContext(ctx, `DELETE FROM report_status WHERE fiscal_year = ? AND id`+changed,
			append([]any{fy}, changedArgs...)...); err != nil {
			return err
		}
	} else if _, err := tx.ExecContext(ctx, `DELETE FROM report_status WHERE fiscal_year = ?`, fy); err != nil {
		return err
	}

	placed, args := placedCTE(fy, cut, changed, changedArgs)
	credits, creditArgs := creditValues(plan)
	placed += ", " + credits
	args = append(args, creditArgs...)
	// The modules required of each (role, 監査委員) pair, as Plan.ModulesFor gives them.
	var req strings.Builder
	for _, r := range tracker.Roles() {
		for _, aud := range []bool{false, true} {
			p := &tracker.Person{Role: r, Auditor: aud}
			key := string(r) + "/0"
			if aud {
				key = string(r) + "/1"
			}
			req.WriteString(" WHEN ? THEN " + strconv.FormatInt(maskOf(mods, plan.ModulesFor(p)), 10))
			args = append(args, key)
		}
	}
	// A 訓練's follow-up module is required of those who clicked in it.
	var followUps strings.Builder
	for _, f := range plan.FollowUps {
		followUps.WriteString(` | CASE WHEN EXISTS (SELECT 1 FROM drill_results d WHERE d.person_id = pl.person_id AND d.session_id = ?
			AND d.clicked + d.attachment + d.submitted > 0) THEN ` + strconv.FormatInt(maskOf(mods, []string{f.Module}), 10) + ` ELSE 0 END`)
		args = append(args, f.Drill)
	}
	var bits strings.Builder
	for i, m := range mods {
		bits.WriteString(" WHEN ? THEN " + strconv.FormatInt(1<<i, 10))
		args = append(args, m)
	}
	args = append(args, fy)
	resWhere, creditWhere := "", ""
	if changed != "" {
		resWhere = " AND a.person_id" + changed
		args = append(args, changedArgs...)
	}
	if changed != "" {
		creditWhere = " WHERE t.person_id" + changed
	}
	args = append(args, bitArgs(mods)...) // the credited modules are numbered by the same CASE
	if changed != "" {
		args = append(args, changedArgs...)
	}
	args = append(args, fy)
	_, err := tx.ExecContext(ctx, `WITH `+placed+`,
	ppl AS (
		SELECT pl.person_id, u.bureau_id, u.department_id, u.section_id,
			CASE WHEN p.auditor = 1 AND pl.role <> 'chief' THEN 'auditor' ELSE pl.role END AS trole, p.category,
			(CASE pl.role || '/' || p.auditor`+req.String()+` ELSE 0 END)`+followUps.String()+` AS req
		FROM placed pl JOIN people p ON p.id = pl.person_id JOIN units u ON u.id = pl.unit_id
	),
	res AS (
		SELECT person_id, bit, MIN(pass_key) AS pass_key FROM (
			SELECT a.person_id, CASE a.module`+bits.String()+` ELSE 0 END AS bit,
				CASE WHEN a.passed = 1 THEN a.submitted_at * 2 + a.late END AS pass_key
			FROM attempts a WHERE a.fiscal_year = ?`+resWhere+`
			UNION ALL
			-- A credited attendance passes on the session's last day; its lateness against the
			-- person's own deadline is decided by StatusOf, which the pages use.
			SELECT t.person_id, CASE c.module`+bits.String()+` ELSE 0 END,
				(CAST(strftime('%s', s.end_on) AS INTEGER) - 32400) * 2
			FROM attendance t JOIN credits c ON c.session_id = t.session_id AND c.role = t.role
			JOIN training_sessions s ON s.id = t.session_id`+creditWhere+`
		) GROUP BY person_id, bit
	)
	INSERT INTO report_status (fiscal_year, bureau_id, department_id, section_id, role, category, req, pass, state, id, done_day)
	SELECT ?, bureau_id, department_id, section_id, trole, category, req, pass & req,
		CASE WHEN pass & req = req THEN (CASE WHEN late & req != 0 THEN 3 ELSE 2 END) WHEN att & req != 0 THEN 1 ELSE 0 END,
		person_id,
		CASE WHEN pass & req = req THEN (done_at + 32400) / 86400 END
	FROM (
		SELECT x.person_id, x.bureau_id, x.department_id, x.section_id, x.trole, x.category, x.req,
			COALESCE(SUM(CASE WHEN r.pass_key IS NOT NULL THEN r.bit END), 0) AS pass,
			COALESCE(SUM(CASE WHEN r.pass_key % 2 = 1 THEN r.bit END), 0) AS late,
			COALESCE(SUM(r.bit), 0) AS att,
			MAX(CASE WHEN r.pass_key IS NOT NULL AND (r.bit & x.req) != 0 THEN r.pass_key / 2 END) AS done_at
		FROM ppl x LEFT JOIN res r ON r.person_id = x.person_id
		GROUP BY x.person_id
	)`, args...)
	return err
}

// statusScope is scopeCondition on report_status (alias p): its unit columns are the placement's.
func statusScope(ctx context.Context) (string, []any) {
	c, args := scopeCondition(ctx)
	return strings.ReplaceAll(c, "u.", "p."), args
}

// dashboardCounts adds the year's figures in the caller's scope (and unit) to d.
func (db *DB) dashboardCounts(ctx context.Context, d *tracker.Dashboard, mods []string, unit *tracker.Unit) error {
	scope, args := statusScope(ctx)
	where := "p.fiscal_year = ? AND " + scope
	args = append([]any{d.FiscalYear}, args...)
	if unit != nil {
		c, id := unitCondition(unit)
		where, args = where+" AND "+strings.ReplaceAll(c, "u.", "p."), append(args, id)
	}
	names, err := db.unitNames(ctx)
	if err != nil {
		return err
	}
	// Both queries read an index in the order they group by: no sort, however many people.
	rows, err := db.rdb.QueryContext(ctx, `SELECT p.bureau_id, p.department_id, p.section_id, p.role, p.category, p.req, p.pass,
		p.state, COUNT(*) FROM report_status p WHERE `+where+`
		GROUP BY p.bureau_id, p.department_id, p.section_id, p.role, p.category, p.req, p.pass, p.state`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var bureau, dept, section, req, pass int64
		var role tracker.Role
		var category tracker.Category
		var state, n int
		if err := rows.Scan(&bureau, &dept, &section, &role, &category, &req, &pass, &state, &n); err != nil {
			rows.Close()
			return err
		}
		d.AddCounts(names.unit(bureau, dept, section), role, category, modulesOf(mods, req), modulesOf(mods, pass), state >= 1, state == 3, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = db.rdb.QueryContext(ctx, `SELECT p.done_day, COUNT(*) FROM report_status p
		WHERE `+where+` AND p.state >= 2 AND p.done_day IS NOT NULL GROUP BY p.done_day`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var day int64
		var n int
		if err := rows.Scan(&day, &n); err != nil {
			return err
		}
		d.AddCompletions(time.Unix(day*86400-32400, 0), n)
	}
	return rows.Err()
}

// bitArgs are the arguments of the CASE that numbers the modules (" WHEN ? THEN 1<<i").
func bitArgs(mods []string) []any {
	args := make([]any, len(mods))
	for i, m := range mods {
		args[i] = m
	}
	return args
}

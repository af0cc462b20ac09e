package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"isms/tracker"
)

var _ tracker.ReportService = (*DB)(nil)

// A person's place in a fiscal year is the posting in force at the year's cut-off (its end, or now
// for the current year): the latest posting begun by then. A person counts in the year when that
// posting had not ended by the cut-off, or when they made an attempt in the year (someone who
// trained and then left still shows, and is not chased). placedCTE (report_status.go) selects
// them with the unit, 職位 and role of that posting.

// placement is one query over the people of a fiscal year.
type placement struct {
	plan     *tracker.Plan
	cut      time.Time
	unit     *tracker.Unit // restrict to this unit (already checked against the scope)
	personID int64         // restrict to one person
	// unscoped skips the caller's scope: only for one person the caller was already allowed to
	// see (a 受講歴 follows the person into years spent in other units).
	unscoped bool
	// detail adds what lists and exports show beyond the dashboard's figures: the passing
	// attempt's score and the policy versions.
	detail bool
}

// cutOff is the instant a fiscal year's placement is taken at.
func (db *DB) cutOff(fy tracker.FiscalYear) time.Time {
	now := db.now()
	if end := fy.End().Add(-time.Second); end.Before(now) {
		return end.UTC()
	}
	return now
}

// eachReport calls fn for every person placed in the plan's fiscal year within the caller's
// scope, in unit and kana order.
func (db *DB) eachReport(ctx context.Context, q placement, fn func(*tracker.PersonReport) error) error {
	fy := q.plan.FiscalYear
	cut := unix(q.cut)
	// Who is placed where comes from report_status, brought up to date first, where the scope
	// and unit conditions select the rows by index; the details are then read for those people
	// only.
	if _, err := db.refreshStatus(ctx, q.plan, q.cut); err != nil {
		return err
	}
	scope, args := statusScope(ctx)
	where := []string{"p.fiscal_year = ?", scope}
	args = append([]any{fy}, args...)
	if q.unscoped && q.personID != 0 {
		where, args = []string{"p.fiscal_year = ?"}, []any{fy}
	}
	if q.unit != nil {
		c, id := unitCondition(q.unit)
		where, args = append(where, strings.ReplaceAll(c, "u.", "p.")), append(args, id)
	}
	if q.personID != 0 {
		where, args = append(where, "p.id = ?"), append(args, q.personID)
	}
	args = append(args, fy)
	detailCols, detailJoin := `, NULL, NULL, NULL, NULL`, ``
	if q.detail {
		detailCols = `, pa.percent, pa.id, pa.policy_version, la.policy_version`
		detailJoin = ` LEFT JOIN attempts pa ON pa.id = (SELECT x.id FROM attempts x WHERE x.person_id = r.person_id
			AND x.fiscal_year = ? AND x.module = r.module AND x.passed = 1 ORDER BY x.submitted_at, x.id LIMIT 1)
			LEFT JOIN attempts la ON la.id = r.last_id`
	}
	args = append(args, cut)
	if q.detail {
		args = append(args, fy)
	}
	query := `WITH sel AS (SELECT p.id FROM report_status p WHERE ` + strings.Join(where, " AND ") + `),
		results AS (
			SELECT a.person_id, a.module, COUNT(*) AS n, MAX(a.percent) AS best, MAX(a.id) AS last_id,
				MIN(CASE WHEN a.passed = 1 THEN a.submitted_at * 2 + a.late END) AS pass_key
			FROM attempts a WHERE a.fiscal_year = ? AND a.person_id IN (SELECT id FROM sel) GROUP BY a.person_id, a.module
		)
		SELECT p.id, p.staff_no, p.name, p.kana, COALESCE(l.position, p.position), p.category, p.auditor, COALESCE(l.role, p.role),
			p.mail, p.status, p.created_at, p.updated_at, p.left_at, p.joined_at, p.role_changed_at, p.role_before, ` + clickedColumn + `,
			u.bureau_id, u.department_id, u.section_id,
			r.module, r.n, r.best, r.last_id, r.pass_key` + detailCols + `
		FROM sel JOIN people p ON p.id = sel.id
		LEFT JOIN postings l ON l.id = (SELECT x.id FROM postings x WHERE x.person_id = p.id AND x.from_at <= ?
			ORDER BY x.from_at DESC, x.id DESC LIMIT 1)
		JOIN units u ON u.id = COALESCE(l.unit_id, p.unit_id)
		LEFT JOIN results r ON r.person_id = p.id` + detailJoin + `
		ORDER BY u.bureau_id, u.department_id, u.section_id, p.kana, p.staff_no, p.id`

	names, err := db.unitNames(ctx)
	if err != nil {
		return err
	}
	rows, err := db.rdb.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()

	credits, err := db.credits(ctx, q.plan, q.personID)
	if err != nil {
		return err
	}
	var cur *tracker.Person
	var results map[string]*tracker.ModuleResult
	var versions map[string]string
	flush := func() error {
		if cur == nil {
			return nil
		}
		credits.apply(cur.ID, results)
		r := tracker.NewPersonReport(q.plan, cur, results, versions)
		cur, results, versions = nil, nil, nil
		return fn(r)
	}
	for rows.Next() {
		var (
			p                      tracker.Person
			created, updated       int64
			joined, roleChanged    int64
			clicked                string
			left                   sql.NullInt64
			bureau, dept, section  int64
			module                 sql.NullString
			n, best, lastID        sql.NullInt64
			passKey                sql.NullInt64 // the first passing attempt's time × 2 + its late mark
			passPercent, passID    sql.NullInt64
			passVersion, lastVersn sql.NullString
		)
		if err := rows.Scan(&p.ID, &p.StaffNo, &p.Name, &p.Kana, &p.Position, &p.Category, &p.Auditor, &p.Role, &p.Mail, &p.Status,
			&created, &updated, &left, &joined, &roleChanged, &p.RoleBefore, &clicked, &bureau, &dept, &section, &module, &n, &best, &lastID, &passKey,
			&passPercent, &passID, &passVersion, &lastVersn); err != nil {
			return err
		}
		if cur == nil || cur.ID != p.ID {
			if err := flush(); err != nil {
				return err
			}
			p.CreatedAt, p.UpdatedAt, p.LeftAt = fromUnix(created), fromUnix(updated), nullUnix(left)
			p.JoinedAt, p.RoleChangedAt = fromUnix(joined), fromUnix(roleChanged)
			p.Clicked = parseIDs(clicked)
			p.Unit = names.unit(bureau, dept, section)
			cur = &p
			results = map[string]*tracker.ModuleResult{}
			if q.detail {
				versions = map[string]string{}
			}
		}
		if !module.Valid {
			continue
		}
		mr := &tracker.ModuleResult{Module: module.String, Attempts: int(n.Int64), BestPercent: int(best.Int64), LastID: lastID.Int64,
			PassPercent: int(passPercent.Int64), PassID: passID.Int64}
		if passKey.Valid {
			mr.PassedAt = nullUnix(sql.NullInt64{Int64: passKey.Int64 / 2, Valid: true})
			mr.PassLate = passKey.Int64%2 == 1
		}
		if mr.PassedAt != nil && !q.detail {
			// Without the detail join the passing score is not read; the best score is the
			// closest figure and is only ever shown from detailed queries.
			mr.PassPercent = mr.BestPercent
		}
		results[module.String] = mr
		if q.detail {
			if passVersion.Valid {
				versions[module.String] = passVersion.String
			} else {
				versions[module.String] = lastVersn.String
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// unitTable holds every unit's names by ID: the report queries read IDs only, since thousands of
// people share a few hundred unit names.
type unitTable map[int64]struct{ bureau, department, section string }

func (db *DB) unitNames(ctx context.Context) (unitTable, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT id, bureau, department, section FROM units`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t := unitTable{}
	for rows.Next() {
		var id int64
		var v struct{ bureau, department, section string }
		if err := rows.Scan(&id, &v.bureau, &v.department, &v.section); err != nil {
			return nil, err
		}
		t[id] = v
	}
	return t, rows.Err()
}

func (t unitTable) unit(bureau, department, section int64) tracker.Unit {
	u := tracker.Unit{BureauID: bureau, DepartmentID: department, SectionID: section}
	switch {
	case section != 0:
		v := t[section]
		u.Bureau, u.Department, u.Section = v.bureau, v.department, v.section
	case department != 0:
		v := t[department]
		u.Bureau, u.Department = v.bureau, v.department
	default:
		u.Bureau = t[bureau].bureau
	}
	return u
}

// reportScope checks that the caller manages someone and that the unit (0: none) lies in their
// scope, and names what the report covers.
func (db *DB) reportScope(ctx context.Context, unitID int64) (*tracker.Unit, string, error) {
	s := tracker.PrincipalFrom(ctx).Scope()
	if !s.Manages() {
		return nil, "", tracker.Errorf(tracker.EFORBIDDEN, "所属の受講状況を見る権限がありません。自分の受講状況は「今年度の研修」で確認できます。")
	}
	if unitID != 0 {
		unit, err := db.FindUnit(ctx, unitID)
		if err != nil {
			return nil, "", err
		}
		return unit, unit.Name(), nil
	}
	if s.All {
		return nil, "全庁", nil
	}
	return nil, s.Unit.Name(), nil
}

// ReportScope names what a report over unitID covers.
func (db *DB) ReportScope(ctx context.Context, unitID int64) (string, error) {
	_, name, err := db.reportScope(ctx, unitID)
	return name, err
}

func checkPlan(plan *tracker.Plan) error {
	if plan == nil || !plan.FiscalYear.Valid() {
		return tracker.Errorf(tracker.EINVALID, "年度が正しくありません。西暦の4桁（例: 2026）で指定してください。")
	}
	return nil
}

// Dashboard returns the figures of a fiscal year in the caller's scope.
func (db *DB) Dashboard(ctx context.Context, plan *tracker.Plan, unitID int64) (*tracker.Dashboard, error) {
	if err := checkPlan(plan); err != nil {
		return nil, err
	}
	unit, scopeName, err := db.reportScope(ctx, unitID)
	if err != nil {
		return nil, err
	}
	d := &tracker.Dashboard{FiscalYear: plan.FiscalYear, Plan: plan, Scope: scopeName, Unit: unit, AsOf: db.cutOff(plan.FiscalYear)}
	mods, err := db.refreshStatus(ctx, plan, d.AsOf)
	if err != nil {
		return nil, err
	}
	if err := db.dashboardCounts(ctx, d, mods, unit); err != nil {
		return nil, err
	}
	d.Finish()
	return d, nil
}

// FindStatuses returns the people selected by the filter with their standing.
func (db *DB) FindStatuses(ctx context.Context, plan *tracker.Plan, f tracker.StatusFilter) ([]*tracker.PersonReport, int, error) {
	var out []*tracker.PersonReport
	total := 0
	err := db.EachStatus(ctx, plan, f, func(r *tracker.PersonReport) error {
		total++
		if total > f.Offset && (f.Limit == 0 || len(out) < f.Limit) {
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// EachStatus streams the people selected by the filter.
func (db *DB) EachStatus(ctx context.Context, plan *tracker.Plan, f tracker.StatusFilter, fn func(*tracker.PersonReport) error) error {
	if err := f.Validate(); err != nil {
		return err
	}
	if err := checkPlan(plan); err != nil {
		return err
	}
	if plan.FiscalYear != f.FiscalYear {
		return tracker.Errorf(tracker.EINVALID, "計画の年度（%s）と指定の年度（%s）が一致しません。", plan.FiscalYear, f.FiscalYear)
	}
	unit, _, err := db.reportScope(ctx, f.UnitID)
	if err != nil {
		return err
	}
	q := placement{plan: plan, cut: db.cutOff(f.FiscalYear), unit: unit, detail: !f.Brief}
	return db.eachReport(ctx, q, func(r *tracker.PersonReport) error {
		if !f.Matches(r) {
			return nil
		}
		return fn(r)
	})
}

// moduleRank orders module IDs as the 第16条 table introduces them (the module IDs are the role
// names), then alphabetically.
func moduleRank(a, b string) int {
	rank := func(m string) int {
		for i, r := range tracker.Roles() {
			if string(r) == m {
				return i
			}
		}
		return len(tracker.Roles())
	}
	return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
}

func sortModules(ms []string) { slices.SortFunc(ms, moduleRank) }

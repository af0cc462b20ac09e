package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"isms/tracker"
)

var _ tracker.PlanService = (*DB)(nil)

// FindPlan returns a recorded plan.
func (db *DB) FindPlan(ctx context.Context, fy tracker.FiscalYear) (*tracker.Plan, error) {
	plans, err := db.findPlans(ctx, fy)
	if err != nil {
		return nil, err
	}
	if len(plans) == 0 {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "%sの年度教育計画は登録されていません。", fy)
	}
	return plans[0], nil
}

// FindPlans lists recorded plans, newest first.
func (db *DB) FindPlans(ctx context.Context) ([]*tracker.Plan, error) {
	return db.findPlans(ctx, 0)
}

func (db *DB) findPlans(ctx context.Context, fy tracker.FiscalYear) ([]*tracker.Plan, error) {
	return db.findPlansIn(ctx, db.rdb, fy)
}

// findPlansIn reads plans through q: the readers, or a write transaction that has just saved one.
func (db *DB) findPlansIn(ctx context.Context, q querier, fy tracker.FiscalYear) ([]*tracker.Plan, error) {
	rows, err := q.QueryContext(ctx, `SELECT fiscal_year, period_start, period_end, deadline, approved_on, approver, note, updated_at, updated_by,
		training FROM plans WHERE ? = 0 OR fiscal_year = ? ORDER BY fiscal_year DESC`, fy, fy)
	if err != nil {
		return nil, err
	}
	var plans []*tracker.Plan
	byYear := map[tracker.FiscalYear]*tracker.Plan{}
	for rows.Next() {
		var p tracker.Plan
		var start, end, deadline, approved, training string
		var updated int64
		if err := rows.Scan(&p.FiscalYear, &start, &end, &deadline, &approved, &p.Approver, &p.Note, &updated, &p.UpdatedBy, &training); err != nil {
			rows.Close()
			return nil, err
		}
		if err := readPlanTraining(&p, training); err != nil {
			rows.Close()
			return nil, err
		}
		p.Start, _ = tracker.ParseDate(start)
		p.End, _ = tracker.ParseDate(end)
		p.Deadline, _ = tracker.ParseDate(deadline)
		if approved != "" {
			p.ApprovedOn, _ = tracker.ParseDate(approved)
		}
		p.UpdatedAt = fromUnix(updated)
		p.Modules = map[tracker.Role][]string{}
		plans = append(plans, &p)
		byYear[p.FiscalYear] = &p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT fiscal_year, role, module FROM plan_modules WHERE ? = 0 OR fiscal_year = ? ORDER BY fiscal_year, role, ord`, fy, fy)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var y tracker.FiscalYear
		var role tracker.Role
		var module string
		if err := rows.Scan(&y, &role, &module); err != nil {
			return nil, err
		}
		if p := byYear[y]; p != nil {
			p.Modules[role] = append(p.Modules[role], module)
		}
	}
	return plans, rows.Err()
}

// SavePlan records a plan in full, replacing the year's previous one.
func (db *DB) SavePlan(ctx context.Context, p *tracker.Plan) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	p.Approver = strings.TrimSpace(p.Approver)
	p.Note = strings.TrimSpace(p.Note)
	tracker.SortCredits(p.Credits)
	if err := p.Validate(db.Config.KnownModule); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	actor, _, _ := actorOf(ctx)
	var before sql.NullString
	tx.QueryRowContext(ctx, `SELECT approved_on FROM plans WHERE fiscal_year = ?`, p.FiscalYear).Scan(&before)
	if err := tx.checkCredits(ctx, p); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO plans (fiscal_year, period_start, period_end, deadline, approved_on, approver, note, updated_at, updated_by,
		training) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (fiscal_year) DO UPDATE SET period_start = excluded.period_start, period_end = excluded.period_end,
			deadline = excluded.deadline, approved_on = excluded.approved_on, approver = excluded.approver, note = excluded.note,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by, training = excluded.training`,
		p.FiscalYear, p.Start.String(), p.End.String(), p.Deadline.String(), p.ApprovedOn.String(), p.Approver, p.Note, unix(tx.now), actor,
		planTraining(p)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM plan_modules WHERE fiscal_year = ?`, p.FiscalYear); err != nil {
		return err
	}
	var summary []string
	for _, r := range tracker.Roles() {
		for i, m := range p.Modules[r] {
			if _, err := tx.ExecContext(ctx, `INSERT INTO plan_modules (fiscal_year, role, module, ord) VALUES (?, ?, ?, ?)`, p.FiscalYear, r, m, i); err != nil {
				return err
			}
		}
		summary = append(summary, fmt.Sprintf("%s=%s", r, strings.Join(p.Modules[r], "+")))
	}
	// The revision is the plan as the tables now hold it (a role without modules is absent).
	saved, err := db.findPlansIn(ctx, tx, p.FiscalYear)
	if err != nil {
		return err
	}
	rev, err := tx.insertPlanRevision(saved[0], actor)
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("period=%s..%s deadline=%s modules=%s", p.Start, p.End, p.Deadline, strings.Join(summary, ","))
	if p.Approved() {
		detail += fmt.Sprintf(" approved=%s by %s", p.ApprovedOn, p.Approver)
	}
	if err := tx.logEvidence(ctx, tracker.EvidencePlan, rev, tracker.ActionPlanSave, fmt.Sprintf("plan %d", p.FiscalYear), detail); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	db.plans.clear()
	p.UpdatedAt, p.UpdatedBy, p.Default = tx.now, actor, false
	return nil
}

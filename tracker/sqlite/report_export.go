package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"isms/tracker"
)

// attemptSummaryColumns are what exports need of an attempt: not the paper, answers or items,
// whose JSON would cost more to read than everything else together.
const attemptSummaryColumns = `a.id, a.key, a.person_id, a.staff_no, a.name, a.role, a.position, a.bureau_id, a.bureau,
	a.department_id, a.department, a.section_id, a.section, a.module, a.fiscal_year, a.policy_version, a.bank_version,
	a.correct, a.total, a.percent, a.passed, a.started_at, a.submitted_at, a.late`

// attemptScopeCondition limits attempts to the caller's scope by the unit each was taken in: an
// attempt belongs to the 課 the person was in when they took it.
func attemptScopeCondition(ctx context.Context) (string, []any) {
	s := tracker.PrincipalFrom(ctx).Scope()
	switch {
	case s.All:
		return "1", nil
	case s.Unit != nil:
		c, id := snapshotUnitCondition(s.Unit)
		return "(" + c + " OR a.person_id = ?)", []any{id, s.Person}
	}
	return "a.person_id = ?", []any{s.Person}
}

// snapshotUnitCondition is unitCondition on the unit columns an attempt keeps (alias a).
func snapshotUnitCondition(u *tracker.Unit) (string, int64) {
	c, id := unitCondition(u)
	return strings.Replace(c, "u.", "a.", 1), id
}

// EachAttempt streams attempts in the caller's scope, in the order they were recorded.
func (db *DB) EachAttempt(ctx context.Context, f tracker.AttemptFilter, fn func(*tracker.Attempt) error) error {
	if !tracker.PrincipalFrom(ctx).Scope().Manages() {
		return tracker.Errorf(tracker.EFORBIDDEN, "所属の受験記録を出力する権限がありません。")
	}
	if f.FiscalYear != 0 && !f.FiscalYear.Valid() {
		return tracker.Errorf(tracker.EINVALID, "年度が正しくありません。西暦の4桁（例: 2026）で指定してください。")
	}
	scope, args := attemptScopeCondition(ctx)
	where := []string{scope}
	if f.UnitID != 0 {
		unit, err := db.FindUnit(ctx, f.UnitID)
		if err != nil {
			return err
		}
		c, id := snapshotUnitCondition(unit)
		where, args = append(where, c), append(args, id)
	}
	if f.PersonID != 0 {
		where, args = append(where, "a.person_id = ?"), append(args, f.PersonID)
	}
	if f.Module != "" {
		where, args = append(where, "a.module = ?"), append(args, f.Module)
	}
	if f.FiscalYear != 0 {
		where, args = append(where, "a.fiscal_year = ?"), append(args, f.FiscalYear)
	}
	// IDs are given in the order submissions are committed, so ID order is submission order, and
	// reading in it needs no sort of the whole year.
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+attemptSummaryColumns+` FROM attempts a WHERE `+strings.Join(where, " AND ")+
		` ORDER BY a.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a tracker.Attempt
		var started, submitted int64
		if err := rows.Scan(&a.ID, &a.Key, &a.PersonID, &a.StaffNo, &a.Name, &a.Role, &a.Position, &a.Unit.BureauID, &a.Unit.Bureau,
			&a.Unit.DepartmentID, &a.Unit.Department, &a.Unit.SectionID, &a.Unit.Section, &a.Module, &a.FiscalYear, &a.PolicyVersion,
			&a.BankVersion, &a.Correct, &a.Total, &a.Percent, &a.Passed, &started, &submitted, &a.Late); err != nil {
			return err
		}
		a.StartedAt, a.SubmittedAt = fromUnix(started), fromUnix(submitted)
		if err := fn(&a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RecordExport records a 持ち出し and its audit event in one transaction.
func (db *DB) RecordExport(ctx context.Context, e *tracker.Export) error {
	if e.Classification == "" {
		e.Classification = tracker.ClassificationA
	}
	e.Purpose = strings.TrimSpace(e.Purpose)
	if err := e.Validate(); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	actor, accountID, source := actorOf(ctx)
	e.At, e.Actor, e.AccountID, e.Source = tx.now, actor, accountID, source
	var account sql.NullInt64
	if accountID != 0 {
		account = sql.NullInt64{Int64: accountID, Valid: true}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO exports (at, account_id, actor, report, scope, format, rows, classification, purpose,
		file_sha256, source, fiscal_year) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, unix(e.At), account, e.Actor, e.Report, e.Scope,
		e.Format, e.Rows, e.Classification, e.Purpose, e.FileSHA256, e.Source, e.FiscalYear)
	if err != nil {
		return err
	}
	e.ID, _ = res.LastInsertId()
	detail := fmt.Sprintf("report=%s year=%d scope=%s format=%s rows=%d class=%s sha256=%s", e.Report, e.FiscalYear, e.Scope,
		e.Format, e.Rows, e.Classification, e.FileSHA256)
	if e.Purpose != "" {
		detail += " purpose=" + e.Purpose
	}
	if err := tx.logEvidence(ctx, tracker.EvidenceExport, e.ID, tracker.ActionExport, fmt.Sprintf("export %d", e.ID), detail); err != nil {
		return err
	}
	return tx.Commit()
}

// FindExports lists the 持ち出し records for an admin, newest first.
func (db *DB) FindExports(ctx context.Context, f tracker.ExportFilter) ([]*tracker.Export, int, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, 0, err
	}
	where, args := []string{"1"}, []any(nil)
	if f.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, f.Actor)
	}
	if f.Report != "" {
		where, args = append(where, "report = ?"), append(args, f.Report)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.Since.Unix())
	}
	if !f.Until.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.Until.Unix())
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := db.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM exports`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT id, at, COALESCE(account_id, 0), actor, report, fiscal_year, scope, format, rows,
		classification, purpose, file_sha256, source FROM exports`+cond+` ORDER BY id DESC LIMIT ? OFFSET ?`,
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*tracker.Export
	for rows.Next() {
		var e tracker.Export
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.AccountID, &e.Actor, &e.Report, &e.FiscalYear, &e.Scope, &e.Format, &e.Rows,
			&e.Classification, &e.Purpose, &e.FileSHA256, &e.Source); err != nil {
			return nil, 0, err
		}
		e.At = fromUnix(at)
		out = append(out, &e)
	}
	return out, total, rows.Err()
}

package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"isms/tracker"
)

// The 周知状況 counts everyone in post now, placed where the roster places them now: an amendment
// binds whoever works under the policy today, so someone who joined after the 施行日 is counted
// (and shown the notice) like everyone else, and someone who left is not chased.

// ackSelection is the people in post in the caller's scope (and unit), each with their 周知確認 of
// the version and, when the query names a 改正研修, their first pass of it.
type ackSelection struct {
	unit  *tracker.Unit
	scope string // 全庁 or the unit's name
	// joins follow "FROM people p" (units u is joined only when where needs it: the 事務局's whole
	// city is counted from the index of people in post alone); passedAt is the column of the
	// 改正研修's first pass, NULL when the query names none, so no attempt is read.
	joins, where, passedAt string
	args                   []any
	needsUnits             bool
}

func (db *DB) ackSelection(ctx context.Context, q tracker.AckQuery) (*ackSelection, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	unit, scopeName, err := db.reportScope(ctx, q.UnitID)
	if err != nil {
		return nil, err
	}
	sel := &ackSelection{unit: unit, scope: scopeName, passedAt: "NULL", args: []any{q.Version}}
	sel.joins = ` LEFT JOIN acknowledgements k ON k.person_id = p.id AND k.version = ?`
	if q.Retraining != "" {
		// The passes are read by the fiscal-year index from the 施行日's year on.
		sel.joins += ` LEFT JOIN (SELECT t.person_id, MIN(t.submitted_at) AS passed_at FROM attempts t
			WHERE t.fiscal_year >= ? AND t.module = ? AND t.passed = 1 GROUP BY t.person_id) r ON r.person_id = p.id`
		sel.passedAt = "r.passed_at"
		sel.args = append(sel.args, q.Since, q.Retraining)
	}
	scope, scopeArgs := scopeCondition(ctx)
	where := []string{"p.status = ?", scope}
	sel.args = append(append(sel.args, tracker.StatusActive), scopeArgs...)
	if unit != nil {
		c, id := unitCondition(unit)
		where, sel.args = append(where, c), append(sel.args, id)
	}
	sel.where = strings.Join(where, " AND ")
	sel.needsUnits = strings.Contains(sel.where, "u.")
	return sel, nil
}

// AckDashboard returns the 周知状況 of a version in the caller's scope.
func (db *DB) AckDashboard(ctx context.Context, q tracker.AckQuery) (*tracker.AckDashboard, error) {
	sel, err := db.ackSelection(ctx, q)
	if err != nil {
		return nil, err
	}
	d := &tracker.AckDashboard{Version: q.Version, Retraining: q.Retraining != "", Scope: sel.scope, Unit: sel.unit, AsOf: db.now()}
	names, err := db.unitNames(ctx)
	if err != nil {
		return nil, err
	}
	units := ""
	if sel.needsUnits {
		units = ` JOIN units u ON u.id = p.unit_id`
	}
	// One row per unit, counted in the order of the index of people in post by unit, then placed.
	rows, err := db.rdb.QueryContext(ctx, `SELECT w.bureau_id, w.department_id, w.section_id, g.n, g.confirmed, g.retrained
		FROM (SELECT p.unit_id, COUNT(*) AS n, COUNT(k.id) AS confirmed, COUNT(`+sel.passedAt+`) AS retrained
			FROM people p`+units+sel.joins+` WHERE `+sel.where+` GROUP BY p.unit_id) g
		JOIN units w ON w.id = g.unit_id`, sel.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var bureau, dept, section int64
		var n, confirmed, retrained int
		if err := rows.Scan(&bureau, &dept, &section, &n, &confirmed, &retrained); err != nil {
			return nil, err
		}
		d.Add(names.unit(bureau, dept, section), n, confirmed, retrained)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	d.Finish()
	return d, nil
}

// EachAckStatus streams the people in post selected by the query, with their 周知確認.
func (db *DB) EachAckStatus(ctx context.Context, q tracker.AckQuery, fn func(*tracker.AckStatus) error) (int, error) {
	sel, err := db.ackSelection(ctx, q)
	if err != nil {
		return 0, err
	}
	where := sel.where
	switch q.State {
	case tracker.AckConfirmed:
		where += " AND k.id IS NOT NULL"
	case tracker.AckPending:
		where += " AND k.id IS NULL"
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+personColumns+`, `+ackColumnsOf("k")+`, `+sel.passedAt+personFrom+sel.joins+
		` WHERE `+where+` ORDER BY u.bureau_id, u.department_id, u.section_id, p.kana, p.staff_no, p.id`, sel.args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		s, err := scanAckStatus(rows)
		if err != nil {
			return n, err
		}
		n++
		if err := fn(s); err != nil {
			return n, err
		}
	}
	return n, rows.Err()
}

// ackColumnsOf is ackColumns on another alias.
func ackColumnsOf(alias string) string { return strings.ReplaceAll(ackColumns, "a.", alias+".") }

// scanAckStatus reads a person, their record (all NULL when they have not confirmed) and the time
// of their first pass of the 改正研修.
func scanAckStatus(rows *sql.Rows) (*tracker.AckStatus, error) {
	var pr personRow
	var ackID, personID, bureauID, deptID, sectionID, at, passed sql.NullInt64
	var staffNo, name, role, position, bureau, dept, section, version, commit, digest sql.NullString
	if err := rows.Scan(append(pr.dests(), &ackID, &personID, &staffNo, &name, &role, &position, &bureauID, &bureau, &deptID, &dept,
		&sectionID, &section, &version, &commit, &digest, &at, &passed)...); err != nil {
		return nil, err
	}
	p := pr.person()
	s := &tracker.AckStatus{Person: p, RetrainedAt: nullUnix(passed)}
	if ackID.Valid {
		s.Acknowledgement = &tracker.Acknowledgement{ID: ackID.Int64, PersonID: personID.Int64, StaffNo: staffNo.String, Name: name.String,
			Role: tracker.Role(role.String), Position: position.String,
			Unit: tracker.Unit{BureauID: bureauID.Int64, Bureau: bureau.String, DepartmentID: deptID.Int64, Department: dept.String,
				SectionID: sectionID.Int64, Section: section.String},
			Version: version.String, Commit: commit.String, Digest: digest.String, AcknowledgedAt: fromUnix(at.Int64)}
	}
	return s, nil
}

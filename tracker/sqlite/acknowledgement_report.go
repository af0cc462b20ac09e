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
// The third result is the FROM clause, which names the 改正研修's first pass r.passed_at.
func (db *DB) ackSelection(ctx context.Context, q tracker.AckQuery) (*tracker.Unit, string, string, []any, error) {
	if err := q.Validate(); err != nil {
		return nil, "", "", nil, err
	}
	unit, scopeName, err := db.reportScope(ctx, q.UnitID)
	if err != nil {
		return nil, "", "", nil, err
	}
	// The 改正研修's passes are read by the fiscal-year index from the 施行日's year on.
	retrained, args := `(SELECT NULL AS person_id, NULL AS passed_at)`, []any{q.Version}
	if q.Retraining != "" {
		retrained = `(SELECT t.person_id, MIN(t.submitted_at) AS passed_at FROM attempts t
			WHERE t.fiscal_year >= ? AND t.module = ? AND t.passed = 1 GROUP BY t.person_id)`
		args = append(args, q.Since, q.Retraining)
	}
	scope, scopeArgs := scopeCondition(ctx)
	where := []string{"p.status = ?", scope}
	args = append(append(args, tracker.StatusActive), scopeArgs...)
	if unit != nil {
		c, id := unitCondition(unit)
		where, args = append(where, c), append(args, id)
	}
	from := ` FROM people p JOIN units u ON u.id = p.unit_id
		LEFT JOIN acknowledgements k ON k.person_id = p.id AND k.version = ?
		LEFT JOIN ` + retrained + ` r ON r.person_id = p.id
		WHERE ` + strings.Join(where, " AND ")
	return unit, scopeName, from, args, nil
}

// AckDashboard returns the 周知状況 of a version in the caller's scope.
func (db *DB) AckDashboard(ctx context.Context, q tracker.AckQuery) (*tracker.AckDashboard, error) {
	unit, scopeName, from, args, err := db.ackSelection(ctx, q)
	if err != nil {
		return nil, err
	}
	d := &tracker.AckDashboard{Version: q.Version, Retraining: q.Retraining != "", Scope: scopeName, Unit: unit, AsOf: db.now()}
	names, err := db.unitNames(ctx)
	if err != nil {
		return nil, err
	}
	// One row per unit, in the order of the people's unit index.
	rows, err := db.rdb.QueryContext(ctx, `SELECT u.bureau_id, u.department_id, u.section_id, COUNT(*), COUNT(k.id), COUNT(r.passed_at)`+
		from+` GROUP BY p.unit_id`, args...)
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
	_, _, from, args, err := db.ackSelection(ctx, q)
	if err != nil {
		return 0, err
	}
	switch q.State {
	case tracker.AckConfirmed:
		from += " AND k.id IS NOT NULL"
	case tracker.AckPending:
		from += " AND k.id IS NULL"
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+personColumns+`, `+ackColumnsOf("k")+`, r.passed_at`+from+
		` ORDER BY u.bureau_id, u.department_id, u.section_id, p.kana, p.staff_no, p.id`, args...)
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
	var p tracker.Person
	var unitID, created, updated int64
	var left, ackID, personID, bureauID, deptID, sectionID, at, passed sql.NullInt64
	var staffNo, name, role, position, bureau, dept, section, version, commit, digest sql.NullString
	if err := rows.Scan(&p.ID, &p.StaffNo, &p.Name, &p.Kana, &unitID, &p.Unit.BureauID, &p.Unit.Bureau, &p.Unit.DepartmentID,
		&p.Unit.Department, &p.Unit.SectionID, &p.Unit.Section, &p.Position, &p.Category, &p.Auditor, &p.Role, &p.Mail,
		&p.Status, &created, &updated, &left,
		&ackID, &personID, &staffNo, &name, &role, &position, &bureauID, &bureau, &deptID, &dept, &sectionID, &section,
		&version, &commit, &digest, &at, &passed); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt, p.LeftAt = fromUnix(created), fromUnix(updated), nullUnix(left)
	s := &tracker.AckStatus{Person: &p, RetrainedAt: nullUnix(passed)}
	if ackID.Valid {
		s.Acknowledgement = &tracker.Acknowledgement{ID: ackID.Int64, PersonID: personID.Int64, StaffNo: staffNo.String, Name: name.String,
			Role: tracker.Role(role.String), Position: position.String,
			Unit: tracker.Unit{BureauID: bureauID.Int64, Bureau: bureau.String, DepartmentID: deptID.Int64, Department: dept.String,
				SectionID: sectionID.Int64, Section: section.String},
			Version: version.String, Commit: commit.String, Digest: digest.String, AcknowledgedAt: fromUnix(at.Int64)}
	}
	return s, nil
}

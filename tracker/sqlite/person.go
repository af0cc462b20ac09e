package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"isms/tracker"
)

var _ tracker.PersonService = (*DB)(nil)

// personColumns selects a person with their unit; scanPerson reads them in this order.
const personColumns = `p.id, p.staff_no, p.name, p.kana, p.unit_id, u.bureau_id, u.bureau, u.department_id, u.department,
	u.section_id, u.section, p.position, p.category, p.auditor, p.role, p.mail, p.status, p.created_at, p.updated_at, p.left_at,
	p.joined_at, p.role_changed_at, p.role_before, ` + clickedColumn

// clickedColumn lists the 訓練 in which the person (alias p) clicked, for Plan.FollowUps.
const clickedColumn = `(SELECT COALESCE(group_concat(d.session_id), '') FROM drill_results d WHERE d.person_id = p.id AND d.clicked + d.attachment + d.submitted > 0)`

const personFrom = ` FROM people p JOIN units u ON u.id = p.unit_id `

type scanner interface{ Scan(...any) error }

func scanPerson(s scanner) (*tracker.Person, error) {
	var r personRow
	if err := s.Scan(r.dests()...); err != nil {
		return nil, err
	}
	return r.person(), nil
}

// personRow receives the personColumns of a row, for queries that read more columns after them.
type personRow struct {
	p                                             tracker.Person
	unitID, created, updated, joined, roleChanged int64
	clicked                                       string
	left                                          sql.NullInt64
}

// dests are the destinations of personColumns, in order.
func (r *personRow) dests() []any {
	p := &r.p
	return []any{&p.ID, &p.StaffNo, &p.Name, &p.Kana, &r.unitID, &p.Unit.BureauID, &p.Unit.Bureau, &p.Unit.DepartmentID,
		&p.Unit.Department, &p.Unit.SectionID, &p.Unit.Section, &p.Position, &p.Category, &p.Auditor, &p.Role, &p.Mail,
		&p.Status, &r.created, &r.updated, &r.left, &r.joined, &r.roleChanged, &p.RoleBefore, &r.clicked}
}

func (r *personRow) person() *tracker.Person {
	p := r.p
	p.Clicked = parseIDs(r.clicked)
	p.CreatedAt, p.UpdatedAt, p.LeftAt = fromUnix(r.created), fromUnix(r.updated), nullUnix(r.left)
	p.JoinedAt, p.RoleChangedAt = fromUnix(r.joined), fromUnix(r.roleChanged)
	return &p
}

// unitCondition returns the SQL condition "the unit u lies in unit" (u being the alias of units).
func unitCondition(unit *tracker.Unit) (string, int64) {
	switch unit.Level() {
	case tracker.LevelSection:
		return "u.section_id = ?", unit.SectionID
	case tracker.LevelDepartment:
		return "u.department_id = ?", unit.DepartmentID
	}
	return "u.bureau_id = ?", unit.BureauID
}

// scopeCondition limits a people query (aliases p and u) to the caller's scope.
func scopeCondition(ctx context.Context) (string, []any) {
	s := tracker.PrincipalFrom(ctx).Scope()
	switch {
	case s.All:
		return "1", nil
	case s.Unit != nil:
		c, id := unitCondition(s.Unit)
		return "(" + c + " OR p.id = ?)", []any{id, s.Person}
	}
	return "p.id = ?", []any{s.Person}
}

// personByID reads a person regardless of scope, for the store's own use.
func (db *DB) personByID(ctx context.Context, q querier, id int64) (*tracker.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+personFrom+`WHERE p.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "該当する職員は見つかりません。")
	}
	return p, err
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// FindPersonByStaffNo returns a person in the caller's scope.
func (db *DB) FindPersonByStaffNo(ctx context.Context, staffNo string) (*tracker.Person, error) {
	people, _, err := db.FindPeople(ctx, tracker.PersonFilter{StaffNo: staffNo, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(people) == 0 {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "該当する職員は見つかりません。")
	}
	return people[0], nil
}

// FindPeople returns people in the caller's scope.
func (db *DB) FindPeople(ctx context.Context, f tracker.PersonFilter) ([]*tracker.Person, int, error) {
	scope, args := scopeCondition(ctx)
	where := []string{scope}
	if f.UnitID != 0 {
		unit, err := db.FindUnit(ctx, f.UnitID)
		if err != nil {
			return nil, 0, err
		}
		c, id := unitCondition(unit)
		where, args = append(where, c), append(args, id)
	}
	if f.StaffNo != "" {
		where, args = append(where, "p.staff_no = ?"), append(args, f.StaffNo)
	}
	if f.Status != "" {
		where, args = append(where, "p.status = ?"), append(args, f.Status)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + escapeLike(q) + "%"
		where = append(where, `(p.staff_no LIKE ? ESCAPE '\' OR p.name LIKE ? ESCAPE '\' OR p.kana LIKE ? ESCAPE '\')`)
		args = append(args, like, like, like)
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := db.rdb.QueryRowContext(ctx, `SELECT COUNT(*)`+personFrom+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = -1 // all
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+personColumns+personFrom+cond+
		` ORDER BY u.bureau, u.department, u.section, p.kana, p.staff_no LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var people []*tracker.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, 0, err
		}
		people = append(people, p)
	}
	return people, total, rows.Err()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// FindPostings returns the section history of a person in scope.
func (db *DB) FindPostings(ctx context.Context, staffNo string) ([]*tracker.Posting, error) {
	p, err := db.FindPersonByStaffNo(ctx, staffNo)
	if err != nil {
		return nil, err
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT u.bureau_id, u.bureau, u.department_id, u.department, u.section_id, u.section,
		s.position, s.role, s.from_at, s.to_at FROM postings s JOIN units u ON u.id = s.unit_id
		WHERE s.person_id = ? ORDER BY s.from_at, s.id`, p.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*tracker.Posting
	for rows.Next() {
		var ps tracker.Posting
		var from int64
		var to sql.NullInt64
		if err := rows.Scan(&ps.Unit.BureauID, &ps.Unit.Bureau, &ps.Unit.DepartmentID, &ps.Unit.Department, &ps.Unit.SectionID,
			&ps.Unit.Section, &ps.Position, &ps.Role, &from, &to); err != nil {
			return nil, err
		}
		ps.From, ps.To = fromUnix(from), nullUnix(to)
		out = append(out, &ps)
	}
	return out, rows.Err()
}

const unitColumns = `u.bureau_id, u.bureau, u.department_id, u.department, u.section_id, u.section`

func scanUnit(s scanner) (*tracker.Unit, error) {
	var u tracker.Unit
	err := s.Scan(&u.BureauID, &u.Bureau, &u.DepartmentID, &u.Department, &u.SectionID, &u.Section)
	return &u, err
}

// FindUnit returns a unit in the caller's scope.
func (db *DB) FindUnit(ctx context.Context, id int64) (*tracker.Unit, error) {
	u, err := scanUnit(db.rdb.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units u WHERE u.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "該当する所属は見つかりません。")
	}
	if err != nil {
		return nil, err
	}
	if !tracker.PrincipalFrom(ctx).Scope().CanSeeUnit(u) {
		return nil, tracker.Errorf(tracker.EFORBIDDEN, "この所属の情報を見る権限がありません。")
	}
	return u, nil
}

// FindUnits lists the units in the caller's scope.
func (db *DB) FindUnits(ctx context.Context) ([]*tracker.Unit, error) {
	s := tracker.PrincipalFrom(ctx).Scope()
	cond, args := "1", []any(nil)
	switch {
	case s.All:
	case s.Unit != nil:
		c, id := unitCondition(s.Unit)
		cond, args = c, []any{id}
	default:
		return nil, nil
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+unitColumns+` FROM units u WHERE `+cond+
		` ORDER BY u.bureau, u.department, u.section`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*tracker.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// ensureUnit returns the unit for the names, creating it and its ancestors as needed.
func (tx *Tx) ensureUnit(ctx context.Context, bureau, department, section string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM units WHERE bureau = ? AND department = ? AND section = ?`,
		bureau, department, section).Scan(&id)
	if err == nil {
		return id, nil
	}
	if err != sql.ErrNoRows {
		return 0, err
	}
	var bureauID, departmentID int64
	switch {
	case department == "" && section == "":
		// this is the 局 itself
	default:
		if bureauID, err = tx.ensureUnit(ctx, bureau, "", ""); err != nil {
			return 0, err
		}
		if department != "" && section != "" {
			if departmentID, err = tx.ensureUnit(ctx, bureau, department, ""); err != nil {
				return 0, err
			}
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO units (bureau, department, section, bureau_id, department_id, section_id, created_at)
		VALUES (?, ?, ?, ?, ?, 0, ?)`, bureau, department, section, bureauID, departmentID, unix(tx.now))
	if err != nil {
		return 0, err
	}
	id, _ = res.LastInsertId()
	// A unit's own level points at itself.
	switch {
	case section != "":
		_, err = tx.ExecContext(ctx, `UPDATE units SET section_id = id WHERE id = ?`, id)
	case department != "":
		_, err = tx.ExecContext(ctx, `UPDATE units SET department_id = id WHERE id = ?`, id)
	default:
		_, err = tx.ExecContext(ctx, `UPDATE units SET bureau_id = id WHERE id = ?`, id)
	}
	return id, err
}

// parseIDs reads a comma-separated list of IDs (SQLite's group_concat).
func parseIDs(s string) []int64 {
	var out []int64
	for _, f := range splitList(s) {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

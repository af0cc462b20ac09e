package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"isms/tracker"
)

// checkAttendanceCaller allows the 事務局 (a file or ticks) and a セキュリティ管理者 confirming
// their own 課.
func checkAttendanceCaller(ctx context.Context, method string) error {
	p := tracker.PrincipalFrom(ctx)
	admin := p == nil || p.System || p.Account.Admin()
	switch {
	case admin && (method == tracker.AttendanceCSV || method == tracker.AttendancePage):
		return nil
	case !admin && method == tracker.AttendanceManager && p.Person != nil && p.Person.Role == tracker.RoleManager && p.Scope().Unit != nil:
		return nil
	case method != tracker.AttendanceCSV && method != tracker.AttendancePage && method != tracker.AttendanceManager:
		return tracker.Errorf(tracker.EINVALID, "出席の記録方法が正しくありません。")
	}
	return tracker.Errorf(tracker.EFORBIDDEN, "出席を記録できるのは情報セキュリティ事務局と、所属の職員について確認するセキュリティ管理者です。")
}

// peopleByStaffNo reads the people with the given numbers, whatever the caller's scope.
func peopleByStaffNo(ctx context.Context, q querier, nos []string) (map[string]*tracker.Person, error) {
	out := map[string]*tracker.Person{}
	return out, peopleIn(ctx, q, "p.staff_no", nos, func(p *tracker.Person) { out[p.StaffNo] = p })
}

// peopleIn reads the people whose column (a people query's expression) is one of values, in chunks
// that keep each query's parameters few.
func peopleIn(ctx context.Context, q querier, column string, values []string, fn func(*tracker.Person)) error {
	for len(values) > 0 {
		chunk := values[:min(len(values), 500)]
		values = values[len(chunk):]
		args := make([]any, len(chunk))
		for i, v := range chunk {
			args[i] = v
		}
		rows, err := q.QueryContext(ctx, `SELECT `+personColumns+personFrom+`WHERE `+column+` IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			p, err := scanPerson(rows)
			if err != nil {
				rows.Close()
				return err
			}
			fn(p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// PreviewAttendance checks a list against the roster and the session's records.
func (db *DB) PreviewAttendance(ctx context.Context, sessionID int64, list *tracker.StaffList, method string) (*tracker.AttendancePreview, error) {
	if err := checkAttendanceCaller(ctx, method); err != nil {
		return nil, err
	}
	return db.previewAttendance(ctx, db.rdb, sessionID, list, method)
}

func (db *DB) previewAttendance(ctx context.Context, q querier, sessionID int64, list *tracker.StaffList, method string) (*tracker.AttendancePreview, error) {
	s, err := db.sessionByID(ctx, q, sessionID)
	if err != nil {
		return nil, err
	}
	if len(list.StaffNos) == 0 {
		return nil, tracker.Errorf(tracker.EINVALID, "出席者が指定されていません。")
	}
	people, err := peopleByStaffNo(ctx, q, list.StaffNos)
	if err != nil {
		return nil, err
	}
	recorded, err := recordedPeople(ctx, q, "attendance", sessionID)
	if err != nil {
		return nil, err
	}

	scope := tracker.PrincipalFrom(ctx).Scope()
	pv := &tracker.AttendancePreview{Session: s, FileName: list.FileName}
	var problems []string
	seen := map[string]int{}
	for i, no := range list.StaffNos {
		where := listRow(list, i)
		p := people[no]
		switch {
		case seen[no] != 0:
			problems = append(problems, fmt.Sprintf("%s: 職員番号「%s」が%sと重複しています。", where, no, listRow(list, seen[no]-1)))
			continue
		case p == nil || !scope.CanSeePerson(p):
			if method == tracker.AttendanceManager {
				problems = append(problems, fmt.Sprintf("%s: 職員番号「%s」は所属の職員ではありません。", where, no))
			} else {
				problems = append(problems, fmt.Sprintf("%s: 職員番号「%s」は名簿にありません。", where, no))
			}
		case p.Status != tracker.StatusActive:
			problems = append(problems, fmt.Sprintf("%s: 職員番号「%s」（%s）は退職しています。", where, no, p.Name))
		case recorded[p.ID]:
			pv.Already = append(pv.Already, p)
		default:
			pv.Add = append(pv.Add, p)
			if !s.For(p) {
				pv.NotFor = append(pv.NotFor, p)
			}
		}
		seen[no] = i + 1
	}
	if len(problems) > 0 {
		return nil, tracker.Errorf(tracker.EINVALID, "出席者の指定に誤りがあります（%d件）。記録は行っていません。\n%s", len(problems), strings.Join(problems, "\n"))
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\x00%s\n", s.ID, method, list.Digest)
	added := make([]string, len(pv.Add))
	for i, p := range pv.Add {
		added[i] = p.StaffNo
	}
	sort.Strings(added)
	h.Write([]byte(strings.Join(added, "\n")))
	pv.Digest = hex.EncodeToString(h.Sum(nil))[:32]
	return pv, nil
}

// listRow names where a number came from: its row in a file, or its place in a ticked list.
func listRow(list *tracker.StaffList, i int) string {
	if i < len(list.Rows) && list.Rows[i] > 0 {
		return fmt.Sprintf("%d行目", list.Rows[i])
	}
	return fmt.Sprintf("%d人目", i+1)
}

// RecordAttendance records the previewed list in one transaction.
func (db *DB) RecordAttendance(ctx context.Context, sessionID int64, list *tracker.StaffList, method, digest string) ([]*tracker.Attendance, error) {
	if err := checkAttendanceCaller(ctx, method); err != nil {
		return nil, err
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	pv, err := db.previewAttendance(ctx, tx, sessionID, list, method)
	if err != nil {
		return nil, err
	}
	if pv.Digest != digest {
		return nil, tracker.Errorf(tracker.ECONFLICT, "確認の後に出席者の指定か記録が変わりました。もう一度確認してから記録してください。")
	}
	actor, _, _ := actorOf(ctx)
	var out []*tracker.Attendance
	for _, p := range pv.Add {
		a := &tracker.Attendance{SessionID: sessionID, PersonID: p.ID, StaffNo: p.StaffNo, Name: p.Name, Role: p.TrainingRole(), Unit: p.Unit,
			Method: method, FileSHA256: list.Digest, RecordedAt: tx.now, RecordedBy: actor}
		res, err := tx.ExecContext(ctx, `INSERT INTO attendance (session_id, person_id, staff_no, name, role, bureau_id, bureau, department_id,
			department, section_id, section, method, file_sha256, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.SessionID, a.PersonID, a.StaffNo, a.Name, a.Role, a.Unit.BureauID, a.Unit.Bureau, a.Unit.DepartmentID, a.Unit.Department,
			a.Unit.SectionID, a.Unit.Section, a.Method, a.FileSHA256, unix(a.RecordedAt), a.RecordedBy)
		if err != nil {
			return nil, err
		}
		a.ID, _ = res.LastInsertId()
		if err := tx.logEvidence(ctx, tracker.EvidenceAttendance, a.ID, tracker.ActionAttendance, fmt.Sprintf("attendance %d", a.ID),
			fmt.Sprintf("session=%d staff=%s method=%s", sessionID, a.StaffNo, method)); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, tx.Commit()
}

const attendanceColumns = `a.id, a.session_id, a.person_id, a.staff_no, a.name, a.role, a.bureau_id, a.bureau, a.department_id, a.department,
	a.section_id, a.section, a.method, a.file_sha256, a.recorded_at, a.recorded_by`

// FindAttendance returns attendances in the caller's scope (by the unit each was recorded in, like
// attempts), with their sessions' kind, title and dates.
func (db *DB) FindAttendance(ctx context.Context, sessionID, personID int64) ([]*tracker.Attendance, error) {
	c, args := attemptScopeCondition(ctx)
	where := []string{c}
	if personID != 0 {
		p, err := db.personByID(ctx, db.rdb, personID)
		if err != nil || !tracker.PrincipalFrom(ctx).Scope().CanSeePerson(p) {
			return nil, tracker.Errorf(tracker.ENOTFOUND, "該当する職員は見つかりません。")
		}
		where, args = append(where, "a.person_id = ?"), append(args, personID)
	}
	if sessionID != 0 {
		where, args = append(where, "a.session_id = ?"), append(args, sessionID)
	}
	return db.queryAttendance(ctx, strings.Join(where, " AND "), args)
}

// attendanceOf reads one person's attendance whatever the unit it was recorded in: for a 受講歴,
// whose person the caller was already allowed to see.
func (db *DB) attendanceOf(ctx context.Context, personID int64) ([]*tracker.Attendance, error) {
	return db.queryAttendance(ctx, "a.person_id = ?", []any{personID})
}

func (db *DB) queryAttendance(ctx context.Context, where string, args []any) ([]*tracker.Attendance, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+attendanceColumns+`, s.fiscal_year, s.kind, s.title, s.start_on, s.end_on
		FROM attendance a JOIN training_sessions s ON s.id = a.session_id WHERE `+where+`
		ORDER BY s.start_on, a.section_id, a.staff_no, a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*tracker.Attendance
	for rows.Next() {
		var a tracker.Attendance
		var s tracker.TrainingSession
		var at int64
		var start, end string
		if err := rows.Scan(&a.ID, &a.SessionID, &a.PersonID, &a.StaffNo, &a.Name, &a.Role, &a.Unit.BureauID, &a.Unit.Bureau,
			&a.Unit.DepartmentID, &a.Unit.Department, &a.Unit.SectionID, &a.Unit.Section, &a.Method, &a.FileSHA256, &at, &a.RecordedBy,
			&s.FiscalYear, &s.Kind, &s.Title, &start, &end); err != nil {
			return nil, err
		}
		a.RecordedAt = fromUnix(at)
		s.ID = a.SessionID
		s.Start, _ = tracker.ParseDate(start)
		s.End, _ = tracker.ParseDate(end)
		a.Session = &s
		out = append(out, &a)
	}
	return out, rows.Err()
}

// recordedPeople lists the people a session already has rows for in table (attendance or
// drill_results).
func recordedPeople(ctx context.Context, q querier, table string, sessionID int64) (map[int64]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT person_id FROM `+table+` WHERE session_id = ?`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

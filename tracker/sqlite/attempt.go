package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"isms/tracker"
)

var _ tracker.AttemptService = (*DB)(nil)

// CreateAttempt records a graded attempt for the caller through the group-commit writer.
func (db *DB) CreateAttempt(ctx context.Context, a *tracker.Attempt) (bool, error) {
	p, err := tracker.Trainee(ctx)
	if err != nil {
		return false, err
	}
	if a.SubmittedAt.IsZero() {
		a.SubmittedAt = db.now()
	}
	a.StartedAt = a.StartedAt.UTC().Truncate(time.Second) // stored in seconds, like every time
	a.FiscalYear = tracker.FiscalYearOf(a.SubmittedAt)
	if err := a.Validate(); err != nil {
		return false, err
	}
	answers, err := json.Marshal(a.Answers)
	if err != nil {
		return false, err
	}
	items, err := json.Marshal(a.Items)
	if err != nil {
		return false, err
	}
	if p.Person.Status != tracker.StatusActive {
		return false, tracker.Errorf(tracker.EFORBIDDEN, "名簿上で退職となっているため、受講を記録できません。")
	}
	plan, _, err := db.PlanInForce(ctx, a.FiscalYear)
	if err != nil {
		return false, err
	}
	req := &submitRequest{attempt: a, person: p.Person, answers: string(answers), items: string(items),
		actor: p.Account.Login, accountID: p.Account.ID, source: p.Source, deadline: plan.DeadlineFor(p.Person, a.Module), fy: plan.FiscalYear,
		done: make(chan struct{})}
	if err := db.enqueue(req); err != nil {
		return false, err
	}
	return req.created, req.err
}

// insertAttempt runs in the writer's transaction. It is the hot path of the benchmark: two
// prepared inserts per submission (the attempt and its audit event), no reads unless the paper
// was submitted before or a retake limit is set.
func (tx *Tx) insertAttempt(r *submitRequest) (bool, error) {
	ctx, a, person := context.Background(), r.attempt, r.person
	a.SubmittedAt = tx.now
	a.FiscalYear = tracker.FiscalYearOf(tx.now)
	// Late is decided at the moment of the commit; a submission that crossed into a new fiscal
	// year meanwhile belongs to that year, whose deadline is still ahead.
	a.Late = a.FiscalYear == r.fy && !r.deadline.IsZero() && !tx.now.Before(r.deadline.End())
	if max := tx.db.Config.MaxAttempts; max > 0 {
		if found, err := tx.existingAttempt(ctx, r); found || err != nil {
			return false, err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM attempts WHERE person_id = ? AND fiscal_year = ? AND module = ?`,
			person.ID, a.FiscalYear, a.Module).Scan(&n); err != nil {
			return false, err
		}
		if n >= max {
			return false, tracker.Errorf(tracker.ECONFLICT, "この研修は今年度%d回まで受験できます。上限に達したため記録できません。情報セキュリティ事務局に相談してください。", max)
		}
	}
	// The attempt and its event are one: a failure of either takes both back, and the rest of the
	// batch stands.
	return tx.alone(ctx, func() (bool, error) { return tx.insertAttemptRow(ctx, r) })
}

// alone runs one request's writes of a batch in a savepoint: a failure takes them all back, and
// the rest of the batch stands.
func (tx *Tx) alone(ctx context.Context, write func() (bool, error)) (bool, error) {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT request`); err != nil {
		return false, err
	}
	created, err := write()
	if err != nil {
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO request`); rerr != nil {
			return false, rerr
		}
	}
	if _, rerr := tx.ExecContext(ctx, `RELEASE request`); rerr != nil && err == nil {
		return false, rerr
	}
	return created, err
}

// insertAttemptRow writes the attempt and the event bound to it.
func (tx *Tx) insertAttemptRow(ctx context.Context, r *submitRequest) (bool, error) {
	a, person := r.attempt, r.person
	// The snapshot is the person as the session found them at the start of this request.
	a.PersonID, a.StaffNo, a.Name, a.Role, a.Position, a.Unit = person.ID, person.StaffNo, person.Name, person.TrainingRole(), person.Position, person.Unit
	res, err := tx.StmtContext(ctx, tx.db.insertAttemptStmt).ExecContext(ctx,
		a.Key, a.PersonID, a.StaffNo, a.Name, a.Role, a.Position, a.Unit.ID(), a.Unit.BureauID, a.Unit.Bureau, a.Unit.DepartmentID,
		a.Unit.Department, a.Unit.SectionID, a.Unit.Section, a.Module, a.FiscalYear, a.PolicyVersion, a.BankVersion, string(a.Paper),
		r.answers, r.items, a.Correct, a.Total, a.Percent, a.Passed, unix(a.StartedAt), unix(a.SubmittedAt), a.Late)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// The same paper again (back button, double click): the first submission stands.
		found, err := tx.existingAttempt(ctx, r)
		if err == nil && !found {
			err = fmt.Errorf("attempt %q conflicted but was not found", a.Key)
		}
		return false, err
	}
	a.ID, _ = res.LastInsertId()
	outcome := "fail"
	if a.Passed {
		outcome = "pass"
	}
	if a.Late {
		outcome += " late"
	}
	err = tx.recordEvidence(tracker.EvidenceAttempt, a.ID, &tracker.AuditEvent{Actor: r.actor, AccountID: r.accountID, Source: r.source,
		Action: tracker.ActionAttemptSubmit, Target: fmt.Sprintf("attempt %d", a.ID), Outcome: tracker.OutcomeSuccess,
		Detail: fmt.Sprintf("module=%s bank=%s %d/%d %d%% %s", a.Module, a.BankVersion, a.Correct, a.Total, a.Percent, outcome)})
	return err == nil, err
}

// existingAttempt fills r.attempt from an attempt already recorded under its key.
func (tx *Tx) existingAttempt(ctx context.Context, r *submitRequest) (bool, error) {
	var id, owner int64
	err := tx.QueryRowContext(ctx, `SELECT id, person_id FROM attempts WHERE key = ?`, r.attempt.Key).Scan(&id, &owner)
	switch {
	case err == sql.ErrNoRows:
		return false, nil
	case err != nil:
		return false, err
	case owner != r.person.ID:
		return false, tracker.Errorf(tracker.ENOTFOUND, "この受験は見つかりません。")
	}
	found, err := tx.db.attemptByID(ctx, tx, id)
	if err != nil {
		return false, err
	}
	*r.attempt = *found
	return true, nil
}

const attemptColumns = `a.id, a.key, a.person_id, a.staff_no, a.name, a.role, a.position, a.bureau_id, a.bureau, a.department_id,
	a.department, a.section_id, a.section, a.module, a.fiscal_year, a.policy_version, a.bank_version, a.paper, a.answers, a.items,
	a.correct, a.total, a.percent, a.passed, a.started_at, a.submitted_at, a.late,
	s.understanding, s.usefulness, s.comment, s.created_at`

const attemptFrom = ` FROM attempts a LEFT JOIN surveys s ON s.attempt_id = a.id `

func scanAttempt(sc scanner) (*tracker.Attempt, error) {
	var a tracker.Attempt
	var paper, answers, items string
	var started, submitted int64
	var und, use, screated sql.NullInt64
	var comment sql.NullString
	if err := sc.Scan(&a.ID, &a.Key, &a.PersonID, &a.StaffNo, &a.Name, &a.Role, &a.Position, &a.Unit.BureauID, &a.Unit.Bureau,
		&a.Unit.DepartmentID, &a.Unit.Department, &a.Unit.SectionID, &a.Unit.Section, &a.Module, &a.FiscalYear, &a.PolicyVersion,
		&a.BankVersion, &paper, &answers, &items, &a.Correct, &a.Total, &a.Percent, &a.Passed, &started, &submitted, &a.Late,
		&und, &use, &comment, &screated); err != nil {
		return nil, err
	}
	a.Paper = json.RawMessage(paper)
	if err := json.Unmarshal([]byte(answers), &a.Answers); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(items), &a.Items); err != nil {
		return nil, err
	}
	a.StartedAt, a.SubmittedAt = fromUnix(started), fromUnix(submitted)
	if und.Valid {
		a.Survey = &tracker.Survey{AttemptID: a.ID, Understanding: int(und.Int64), Usefulness: int(use.Int64), Comment: comment.String,
			CreatedAt: fromUnix(screated.Int64)}
	}
	return &a, nil
}

func (db *DB) attemptByID(ctx context.Context, q querier, id int64) (*tracker.Attempt, error) {
	a, err := scanAttempt(q.QueryRowContext(ctx, `SELECT `+attemptColumns+attemptFrom+`WHERE a.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "この受験記録は見つかりません。")
	}
	return a, err
}

// FindAttemptByID returns an attempt whose person is in the caller's scope.
func (db *DB) FindAttemptByID(ctx context.Context, id int64) (*tracker.Attempt, error) {
	a, err := db.attemptByID(ctx, db.rdb, id)
	if err != nil {
		return nil, err
	}
	p, err := db.personByID(ctx, db.rdb, a.PersonID)
	if err != nil {
		return nil, err
	}
	if !tracker.PrincipalFrom(ctx).Scope().CanSeePerson(p) {
		// Not 403: whether someone else's record exists is itself not the caller's to know.
		return nil, tracker.Errorf(tracker.ENOTFOUND, "この受験記録は見つかりません。")
	}
	return a, nil
}

// attemptScope builds the conditions shared by FindAttempts and FindResults.
func (db *DB) attemptScope(ctx context.Context, personID, unitID int64) ([]string, []any, error) {
	scope, args := scopeCondition(ctx)
	where := []string{scope}
	if personID != 0 {
		p, err := db.personByID(ctx, db.rdb, personID)
		if err != nil || !tracker.PrincipalFrom(ctx).Scope().CanSeePerson(p) {
			return nil, nil, tracker.Errorf(tracker.ENOTFOUND, "該当する職員は見つかりません。")
		}
		where, args = append(where, "a.person_id = ?"), append(args, personID)
	}
	if unitID != 0 {
		unit, err := db.FindUnit(ctx, unitID)
		if err != nil {
			return nil, nil, err
		}
		c, id := unitCondition(unit)
		where, args = append(where, c), append(args, id)
	}
	return where, args, nil
}

// FindAttempts returns attempts of people in the caller's scope, newest first.
func (db *DB) FindAttempts(ctx context.Context, f tracker.AttemptFilter) ([]*tracker.Attempt, int, error) {
	where, args, err := db.attemptScope(ctx, f.PersonID, f.UnitID)
	if err != nil {
		return nil, 0, err
	}
	if f.Module != "" {
		where, args = append(where, "a.module = ?"), append(args, f.Module)
	}
	if f.FiscalYear != 0 {
		where, args = append(where, "a.fiscal_year = ?"), append(args, f.FiscalYear)
	}
	from := attemptFrom + ` JOIN people p ON p.id = a.person_id JOIN units u ON u.id = p.unit_id WHERE ` + strings.Join(where, " AND ")
	return findPage(ctx, db, attemptColumns, from, `a.submitted_at DESC, a.id DESC`, args, f.Offset, f.Limit, scanAttempt)
}

// FindResults sums up attempts per person and module in the plan's fiscal year, with the credited
// attendances.
func (db *DB) FindResults(ctx context.Context, plan *tracker.Plan, unitID, personID int64) (map[int64]map[string]*tracker.ModuleResult, error) {
	fy := plan.FiscalYear
	where, args, err := db.attemptScope(ctx, personID, unitID)
	if err != nil {
		return nil, err
	}
	where, args = append(where, "a.fiscal_year = ?"), append(args, fy)
	rows, err := db.rdb.QueryContext(ctx, `SELECT a.person_id, a.module, a.id, a.percent, a.passed, a.submitted_at, a.late
		FROM attempts a JOIN people p ON p.id = a.person_id JOIN units u ON u.id = p.unit_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY a.submitted_at, a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[string]*tracker.ModuleResult{}
	for rows.Next() {
		var personID, id, submitted int64
		var module string
		var percent int
		var passed, late bool
		if err := rows.Scan(&personID, &module, &id, &percent, &passed, &submitted, &late); err != nil {
			return nil, err
		}
		m := out[personID]
		if m == nil {
			m = map[string]*tracker.ModuleResult{}
			out[personID] = m
		}
		r := m[module]
		if r == nil {
			r = &tracker.ModuleResult{Module: module}
			m[module] = r
		}
		r.Attempts++
		r.LastID = id
		r.BestPercent = max(r.BestPercent, percent)
		if passed && r.PassedAt == nil {
			t := fromUnix(submitted)
			r.PassedAt, r.PassPercent, r.PassID, r.PassLate = &t, percent, id, late
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Credits of the people asked for: the scope was checked above, and people are read by ID.
	credits, err := db.credits(ctx, plan, personID)
	if err != nil {
		return nil, err
	}
	people, err := db.scopedPeople(ctx, unitID, personID)
	if err != nil {
		return nil, err
	}
	for _, id := range people {
		if len(credits[id]) == 0 {
			continue
		}
		if out[id] == nil {
			out[id] = map[string]*tracker.ModuleResult{}
		}
		credits.apply(id, out[id])
	}
	return out, nil
}

// scopedPeople lists the IDs of the people of a unit, or the one person, in the caller's scope.
func (db *DB) scopedPeople(ctx context.Context, unitID, personID int64) ([]int64, error) {
	if personID != 0 {
		return []int64{personID}, nil
	}
	people, _, err := db.FindPeople(ctx, tracker.PersonFilter{UnitID: unitID})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	return ids, nil
}

// SaveSurvey records the survey of one of the caller's attempts.
func (db *DB) SaveSurvey(ctx context.Context, s *tracker.Survey) error {
	p := tracker.PrincipalFrom(ctx)
	if p == nil || p.Person == nil {
		return tracker.Errorf(tracker.ENOTFOUND, "この受験記録は見つかりません。")
	}
	if err := s.Validate(); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var owner int64
	err = tx.QueryRowContext(ctx, `SELECT person_id FROM attempts WHERE id = ?`, s.AttemptID).Scan(&owner)
	if err == sql.ErrNoRows || (err == nil && owner != p.Person.ID) {
		return tracker.Errorf(tracker.ENOTFOUND, "この受験記録は見つかりません。")
	}
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM surveys WHERE attempt_id = ?`, s.AttemptID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return tracker.Errorf(tracker.ECONFLICT, "この受験のアンケートはすでに回答済みです。")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO surveys (attempt_id, understanding, usefulness, comment, created_at) VALUES (?, ?, ?, ?, ?)`,
		s.AttemptID, s.Understanding, s.Usefulness, s.Comment, unix(tx.now)); err != nil {
		return err
	}
	if err := tx.logEvidence(ctx, tracker.EvidenceSurvey, s.AttemptID, tracker.ActionSurveySubmit, fmt.Sprintf("attempt %d", s.AttemptID),
		fmt.Sprintf("understanding=%d usefulness=%d", s.Understanding, s.Usefulness)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.CreatedAt = tx.now
	return nil
}

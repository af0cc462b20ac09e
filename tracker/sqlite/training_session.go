package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"isms/tracker"
)

var _ tracker.TrainingService = (*DB)(nil)

const sessionColumns = `s.id, s.fiscal_year, s.kind, s.title, s.start_on, s.end_on, s.place, s.roles, s.units, s.modules, s.note,
	s.created_at, s.created_by`

func scanSession(sc scanner) (*tracker.TrainingSession, error) {
	var s tracker.TrainingSession
	var start, end, roles, units, modules string
	var created int64
	if err := sc.Scan(&s.ID, &s.FiscalYear, &s.Kind, &s.Title, &start, &end, &s.Place, &roles, &units, &modules, &s.Note, &created,
		&s.CreatedBy); err != nil {
		return nil, err
	}
	s.Start, _ = tracker.ParseDate(start)
	s.End, _ = tracker.ParseDate(end)
	for _, r := range splitList(roles) {
		s.Roles = append(s.Roles, tracker.Role(r))
	}
	for _, u := range splitList(units) {
		id, _ := strconv.ParseInt(u, 10, 64)
		s.UnitIDs = append(s.UnitIDs, id)
	}
	s.Modules = splitList(modules)
	s.CreatedAt = fromUnix(created)
	return &s, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// CreateSession records a session and its audit event in one transaction.
func (db *DB) CreateSession(ctx context.Context, s *tracker.TrainingSession) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	if err := s.Validate(db.Config.KnownModule); err != nil {
		return err
	}
	roles := make([]string, len(s.Roles))
	for i, r := range s.Roles {
		roles[i] = string(r)
	}
	units := make([]string, len(s.UnitIDs))
	for i, id := range s.UnitIDs {
		if _, err := db.FindUnit(ctx, id); err != nil {
			return tracker.Errorf(tracker.EINVALID, "対象の所属（番号 %d）はありません。", id)
		}
		units[i] = strconv.FormatInt(id, 10)
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	actor, _, _ := actorOf(ctx)
	res, err := tx.ExecContext(ctx, `INSERT INTO training_sessions (fiscal_year, kind, title, start_on, end_on, place, roles, units, modules,
		note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.FiscalYear, s.Kind, s.Title, s.Start.String(),
		s.End.String(), s.Place, strings.Join(roles, ","), strings.Join(units, ","), strings.Join(s.Modules, ","), s.Note, unix(tx.now), actor)
	if err != nil {
		return err
	}
	s.ID, _ = res.LastInsertId()
	s.CreatedAt, s.CreatedBy = tx.now, actor
	detail := fmt.Sprintf("kind=%s title=%s date=%s..%s modules=%s", s.Kind, s.Title, s.Start, s.End, strings.Join(s.Modules, "+"))
	if err := tx.logEvidence(ctx, tracker.EvidenceSession, s.ID, tracker.ActionSessionCreate, fmt.Sprintf("session %d", s.ID), detail); err != nil {
		return err
	}
	return tx.Commit()
}

// FindSessions lists sessions, newest first, with the attendances the caller may see.
func (db *DB) FindSessions(ctx context.Context, fy tracker.FiscalYear) ([]*tracker.TrainingSession, error) {
	scope, args := attemptScopeCondition(ctx)
	args = append(args, fy, fy)
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+sessionColumns+`,
		(SELECT COUNT(*) FROM attendance a WHERE a.session_id = s.id AND `+scope+`)
		FROM training_sessions s WHERE ? = 0 OR s.fiscal_year = ? ORDER BY s.start_on DESC, s.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*tracker.TrainingSession
	for rows.Next() {
		var n int
		s, err := scanSession(scanFunc(func(dest ...any) error { return rows.Scan(append(dest, &n)...) }))
		if err != nil {
			return nil, err
		}
		s.Attended = n
		out = append(out, s)
	}
	return out, rows.Err()
}

// FindSession returns one session.
func (db *DB) FindSession(ctx context.Context, id int64) (*tracker.TrainingSession, error) {
	return db.sessionByID(ctx, db.rdb, id)
}

func (db *DB) sessionByID(ctx context.Context, q querier, id int64) (*tracker.TrainingSession, error) {
	s, err := scanSession(q.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM training_sessions s WHERE s.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "この集合研修・訓練は見つかりません。")
	}
	return s, err
}

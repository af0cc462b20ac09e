package sqlite

import (
	"context"
	"fmt"
	"time"

	"isms/tracker"
)

var _ tracker.ReminderService = (*DB)(nil)

// RecordReminders records reminders in one transaction, each bound to the audit chain.
func (db *DB) RecordReminders(ctx context.Context, logs []*tracker.ReminderLog) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	actor, _, _ := actorOf(ctx)
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO reminders (batch, fiscal_year, sent_at, actor, channel, kind, person_id, staff_no, to_addr,
		subject, body_sha256, detail, outcome, error, section_id, department_id, bureau_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, l := range logs {
		l.SentAt, l.Actor = tx.now, actor
		res, err := stmt.ExecContext(ctx, l.Batch, l.FiscalYear, unix(l.SentAt), l.Actor, l.Channel, l.Kind, l.PersonID, l.StaffNo, l.To,
			l.Subject, l.BodySHA256, l.Detail, l.Outcome, l.Error, l.Unit.SectionID, l.Unit.DepartmentID, l.Unit.BureauID)
		if err != nil {
			return err
		}
		l.ID, _ = res.LastInsertId()
		if err := tx.logEvidence(ctx, tracker.EvidenceReminder, l.ID, tracker.ActionReminder, fmt.Sprintf("reminder %d", l.ID),
			fmt.Sprintf("batch=%s channel=%s kind=%s staff=%s outcome=%s", l.Batch, l.Channel, l.Kind, l.StaffNo, l.Outcome)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// FindReminders lists a fiscal year's reminders, newest first.
func (db *DB) FindReminders(ctx context.Context, fy tracker.FiscalYear, limit int) ([]*tracker.ReminderLog, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = -1
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT r.id, r.batch, r.fiscal_year, r.sent_at, r.actor, r.channel, r.kind, r.person_id, r.staff_no,
		COALESCE(p.name, ''), r.to_addr, r.subject, r.body_sha256, r.detail, r.outcome, r.error, r.bureau_id, r.department_id, r.section_id
		FROM reminders r LEFT JOIN people p ON p.id = r.person_id WHERE ? = 0 OR r.fiscal_year = ? ORDER BY r.id DESC LIMIT ?`, fy, fy, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names, err := db.unitNames(ctx)
	if err != nil {
		return nil, err
	}
	var out []*tracker.ReminderLog
	for rows.Next() {
		var l tracker.ReminderLog
		var at, bureau, dept, section int64
		if err := rows.Scan(&l.ID, &l.Batch, &l.FiscalYear, &at, &l.Actor, &l.Channel, &l.Kind, &l.PersonID, &l.StaffNo, &l.Name, &l.To,
			&l.Subject, &l.BodySHA256, &l.Detail, &l.Outcome, &l.Error, &bureau, &dept, &section); err != nil {
			return nil, err
		}
		l.SentAt = fromUnix(at)
		if bureau != 0 {
			l.Unit = names.unit(bureau, dept, section)
		}
		out = append(out, &l)
	}
	return out, rows.Err()
}

// LastReminded returns when each person was last sent a reminder in the fiscal year.
func (db *DB) LastReminded(ctx context.Context, fy tracker.FiscalYear) (map[int64]time.Time, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT person_id, MAX(sent_at) FROM reminders WHERE fiscal_year = ? AND outcome = 'sent'
		GROUP BY person_id`, fy)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &at); err != nil {
			return nil, err
		}
		out[id] = fromUnix(at)
	}
	return out, rows.Err()
}

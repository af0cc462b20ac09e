package sqlite

import (
	"context"
	"database/sql"
	"time"

	"isms/tracker"
)

var _ tracker.EvidenceService = (*DB)(nil)

// FirstEventSince returns the first event written at or after t.
func (db *DB) FirstEventSince(ctx context.Context, t time.Time) (int64, error) {
	if err := requireAdmin(ctx); err != nil {
		return 0, err
	}
	var id sql.NullInt64
	err := db.rdb.QueryRowContext(ctx, `SELECT MIN(id) FROM audit_log WHERE at >= ?`, t.Unix()).Scan(&id)
	return id.Int64, err
}

// headID is the newest event's ID, for a stretch that ends at the head.
func (db *DB) headID(ctx context.Context, to int64) (int64, error) {
	if to > 0 {
		return to, nil
	}
	head, err := db.ChainHead(ctx)
	return head.EventID, err
}

// EachEvent streams the events from..to, oldest first.
func (db *DB) EachEvent(ctx context.Context, from, to int64, fn func(*tracker.AuditEvent) error) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	to, err := db.headID(ctx, to)
	if err != nil {
		return err
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_log WHERE id BETWEEN ? AND ? ORDER BY id`, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachRecord streams the records the events from..to bind, table by table, in their canonical form.
func (db *DB) EachRecord(ctx context.Context, from, to int64, fn func(*tracker.EvidenceRecord) error) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	to, err := db.headID(ctx, to)
	if err != nil {
		return err
	}
	for _, t := range evidenceTables {
		// A record is read as stored now; the verifier compares it with the digest its event bound. The
		// kind is written into the query (a constant of this package) so the partial index serves it.
		rows, err := db.rdb.QueryContext(ctx, `SELECT `+t.selectList()+` FROM `+t.table+` WHERE `+t.key+` IN
			(SELECT record_id FROM audit_log WHERE record_kind = '`+t.kind+`' AND id BETWEEN ? AND ?) ORDER BY `+t.key, from, to)
		if err != nil {
			return err
		}
		for rows.Next() {
			id, row, err := t.scanCanonical(rows)
			if err == nil {
				err = fn(&tracker.EvidenceRecord{Kind: t.kind, ID: id, Row: row})
			}
			if err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// EvidenceColumns names each kind's canonical columns.
func (db *DB) EvidenceColumns() map[string][]string {
	out := map[string][]string{}
	for _, t := range evidenceTables {
		cols := append([]string(nil), t.columns...)
		for _, l := range t.later {
			cols = append(cols, l.name)
		}
		out[t.kind] = cols
	}
	return out
}

// FindRosterImports lists the applied roster files, oldest first.
func (db *DB) FindRosterImports(ctx context.Context) ([]*tracker.RosterImport, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT id, imported_at, actor, file_name, file_sha256, encoding, rows, added, changed, leaving
		FROM roster_imports ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*tracker.RosterImport
	for rows.Next() {
		var r tracker.RosterImport
		var at int64
		if err := rows.Scan(&r.ID, &at, &r.Actor, &r.FileName, &r.FileSHA256, &r.Encoding, &r.Rows, &r.Added, &r.Changed, &r.Leaving); err != nil {
			return nil, err
		}
		r.ImportedAt = fromUnix(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// FindPlanRevisions lists the saves of a year's plan with the events that wrote them, oldest first.
func (db *DB) FindPlanRevisions(ctx context.Context, fy tracker.FiscalYear) ([]*tracker.PlanRevision, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	// The kind is written into the query so that the partial index on bound events serves it.
	rows, err := db.rdb.QueryContext(ctx, `SELECT r.id, r.fiscal_year, r.saved_at, r.saved_by, r.plan, COALESCE(
			(SELECT MIN(e.id) FROM audit_log e WHERE e.record_kind = '`+tracker.EvidencePlan+`' AND e.record_id = r.id), 0)
		FROM plan_revisions r WHERE r.fiscal_year = ? ORDER BY r.id`, fy)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*tracker.PlanRevision
	for rows.Next() {
		var r tracker.PlanRevision
		var at int64
		if err := rows.Scan(&r.ID, &r.FiscalYear, &at, &r.SavedBy, &r.Plan, &r.EventID); err != nil {
			return nil, err
		}
		r.SavedAt = fromUnix(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}

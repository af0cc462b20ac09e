package sqlite

import (
	"context"
	"fmt"
	"strings"

	"isms/tracker"
)

var _ tracker.RoleMapService = (*DB)(nil)

// maxRoleMapBytes bounds a saved mapping; MaxRoleMapLines lines of two short names fit easily.
const maxRoleMapBytes = 256 << 10

// RoleMapInForce returns the mapping in force: the server's file, else the newest saved
// revision, else the built-in mapping.
func (db *DB) RoleMapInForce(ctx context.Context) (*tracker.RoleMapping, error) {
	rev, err := newestRoleMap(ctx, db.rdb)
	if err != nil {
		return nil, err
	}
	return db.roleMapping(rev)
}

func (db *DB) roleMapping(rev *tracker.RoleMapRevision) (*tracker.RoleMapping, error) {
	if f := db.Config.RoleMapFile; f != nil {
		m := *f
		m.Revision = rev
		return &m, nil
	}
	if rev != nil {
		m, err := tracker.ParseRoleMap(strings.NewReader(rev.Text))
		if err != nil {
			// Only text that parsed was saved; the revision was changed beside the application.
			return nil, fmt.Errorf("sqlite: %s: %s", tracker.RecordName(tracker.EvidenceRoleMap, rev.ID), tracker.ErrorMessage(err))
		}
		return &tracker.RoleMapping{Map: m, Text: rev.Text, Source: tracker.RoleMapStored, Revision: rev}, nil
	}
	m := tracker.DefaultRoleMap()
	return &tracker.RoleMapping{Map: m, Text: m.Text(), Source: tracker.RoleMapBuiltin}, nil
}

func newestRoleMap(ctx context.Context, q querier) (*tracker.RoleMapRevision, error) {
	revs, err := findRoleMaps(ctx, q, 1)
	if err != nil || len(revs) == 0 {
		return nil, err
	}
	return revs[0], nil
}

// findRoleMaps reads revisions newest first; limit 0 reads all.
func findRoleMaps(ctx context.Context, q querier, limit int) ([]*tracker.RoleMapRevision, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := q.QueryContext(ctx, `SELECT id, saved_at, saved_by, mapping FROM role_map_revisions ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var revs []*tracker.RoleMapRevision
	for rows.Next() {
		var r tracker.RoleMapRevision
		var at int64
		if err := rows.Scan(&r.ID, &at, &r.SavedBy, &r.Text); err != nil {
			return nil, err
		}
		r.SavedAt = fromUnix(at)
		revs = append(revs, &r)
	}
	return revs, rows.Err()
}

// FindRoleMapRevisions lists the saved revisions, newest first.
func (db *DB) FindRoleMapRevisions(ctx context.Context) ([]*tracker.RoleMapRevision, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	return findRoleMaps(ctx, db.rdb, 0)
}

// PreviewRoleMap gives each person in post the role m would give them and lists those whose
// role changes and those m does not cover.
func (db *DB) PreviewRoleMap(ctx context.Context, m tracker.RoleMap) (*tracker.RoleMapPreview, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+personColumns+personFrom+`WHERE p.status = ?
		ORDER BY u.bureau, u.department, u.section, p.staff_no`, tracker.StatusActive)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	pv := &tracker.RoleMapPreview{Changes: []*tracker.RoleChange{}, Unmapped: []*tracker.Person{}}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		pv.People++
		switch r, ok := m.RoleFor(p.Unit.Bureau, p.Position, p.Category); {
		case !ok:
			pv.Unmapped = append(pv.Unmapped, p)
		case r != p.Role:
			pv.Changes = append(pv.Changes, &tracker.RoleChange{Person: p, Role: r})
		}
	}
	return pv, rows.Err()
}

// SaveRoleMap records a new revision of the mapping with its audit event, in one transaction.
func (db *DB) SaveRoleMap(ctx context.Context, text string) (*tracker.RoleMapRevision, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	if f := db.Config.RoleMapFile; f != nil {
		return nil, tracker.ErrRoleMapFile(f.File)
	}
	if len(text) > maxRoleMapBytes {
		return nil, tracker.Errorf(tracker.EINVALID, "職位の対応表が大きすぎます（上限 %d KB）。", maxRoleMapBytes>>10)
	}
	text = tracker.NormalizeRoleMapText(text)
	m, err := tracker.ParseRoleMap(strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	prev, err := newestRoleMap(ctx, tx)
	if err != nil {
		return nil, err
	}
	if prev != nil && prev.Text == text {
		return nil, tracker.Errorf(tracker.EINVALID, "保存されている対応表（%sに保存）と同じです。変更はありません。", prev.SavedAt.In(tracker.Japan).Format("2006年1月2日 15:04"))
	}
	before, err := db.roleMapping(prev)
	if err != nil {
		return nil, err
	}
	actor, _, _ := actorOf(ctx)
	res, err := tx.ExecContext(ctx, `INSERT INTO role_map_revisions (saved_at, saved_by, mapping) VALUES (?, ?, ?)`, unix(tx.now), actor, text)
	if err != nil {
		return nil, err
	}
	id, _ := res.LastInsertId()
	if err := tx.logEvidence(ctx, tracker.EvidenceRoleMap, id, tracker.ActionRoleMapSave, fmt.Sprintf("role map %d", id),
		roleMapChanges(before.Map, m)); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return &tracker.RoleMapRevision{ID: id, SavedAt: tx.now, SavedBy: actor, Text: text}, nil
}

// roleMapChanges says in the audit event what a save changed: lines added, removed, given another
// role (at most maxDetail bytes, so a reorganisation's save stays one readable event).
func roleMapChanges(before, after tracker.RoleMap) string {
	const maxDetail = 2000
	var added, removed, changed []string
	for _, k := range after.Positions() {
		switch r, ok := before[k]; {
		case !ok:
			added = append(added, k+"="+string(after[k]))
		case r != after[k]:
			changed = append(changed, k+"="+string(r)+"→"+string(after[k]))
		}
	}
	for _, k := range before.Positions() {
		if _, ok := after[k]; !ok {
			removed = append(removed, k)
		}
	}
	d := fmt.Sprintf("lines=%d added=%s removed=%s changed=%s", len(after), strings.Join(added, ","), strings.Join(removed, ","),
		strings.Join(changed, ","))
	if len(d) > maxDetail {
		d = strings.ToValidUTF8(d[:maxDetail], "") + "…"
	}
	return d
}

package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"isms/tracker"
	"isms/tracker/auth"
)

var _ tracker.RosterService = (*DB)(nil)

// PreviewRoster compares a roster with the records without changing anything.
func (db *DB) PreviewRoster(ctx context.Context, r *tracker.Roster) (*tracker.RosterDiff, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	return db.diffRoster(ctx, db.rdb, r)
}

// diffRoster reads every person and admin login through q and compares.
func (db *DB) diffRoster(ctx context.Context, q querier, r *tracker.Roster) (*tracker.RosterDiff, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+personColumns+personFrom)
	if err != nil {
		return nil, err
	}
	current := map[string]*tracker.Person{}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		current[p.StaffNo] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	admins := map[string]bool{}
	rows, err = q.QueryContext(ctx, `SELECT login FROM accounts WHERE kind = 'admin'`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var l string
		rows.Scan(&l)
		admins[l] = true
	}
	rows.Close()

	d := &tracker.RosterDiff{Warnings: append([]string(nil), r.Warnings...)}
	var clashes []string
	listed := map[string]bool{}
	for _, e := range r.Entries {
		listed[e.StaffNo] = true
		if admins[e.StaffNo] {
			clashes = append(clashes, fmt.Sprintf("%d行目: 職員番号「%s」は管理者IDと同じです。", e.Row, e.StaffNo))
			continue
		}
		p, ok := current[e.StaffNo]
		if !ok {
			d.Added = append(d.Added, e)
			continue
		}
		if fields := changedFields(p, e); len(fields) > 0 {
			d.Changed = append(d.Changed, &tracker.RosterChange{Entry: e, Before: p, Fields: fields})
		} else {
			d.Unchanged++
		}
	}
	if len(clashes) > 0 {
		return nil, tracker.Errorf(tracker.EINVALID, "名簿に誤りがあります（%d件）。取り込みは行っていません。\n%s", len(clashes), strings.Join(clashes, "\n"))
	}
	active := 0
	for _, p := range current {
		if p.Status != tracker.StatusActive {
			continue
		}
		active++
		if !listed[p.StaffNo] {
			d.Leaving = append(d.Leaving, p)
		}
	}
	sort.Slice(d.Leaving, func(i, j int) bool { return d.Leaving[i].StaffNo < d.Leaving[j].StaffNo })
	if active > 0 && len(d.Leaving)*10 > active {
		d.Warnings = append(d.Warnings, fmt.Sprintf("在職者%d人のうち%d人が退職扱いになります。名簿の一部だけを取り込もうとしていないか確かめてください。",
			active, len(d.Leaving)))
	}
	d.Digest = diffDigest(d)
	return d, nil
}

// changedFields names, in Japanese, what differs between the record and the row.
func changedFields(p *tracker.Person, e *tracker.RosterEntry) []string {
	var f []string
	if p.Name != e.Name {
		f = append(f, "氏名")
	}
	if p.Kana != e.Kana {
		f = append(f, "氏名カナ")
	}
	if p.Unit.Bureau != e.Bureau || p.Unit.Department != e.Department || p.Unit.Section != e.Section {
		f = append(f, "所属")
	}
	if p.Position != e.Position {
		f = append(f, "職位")
	}
	if p.Role != e.Role {
		f = append(f, "役割")
	}
	if p.Category != e.Category {
		f = append(f, "区分")
	}
	if p.Auditor != e.Auditor {
		f = append(f, "監査委員")
	}
	if p.Mail != e.Mail {
		f = append(f, "メール")
	}
	if p.Status != tracker.StatusActive {
		f = append(f, "在職（再登録）")
	}
	return f
}

// diffDigest hashes everything the diff would write, so applying refuses a diff that differs in
// any value from the one previewed.
func diffDigest(d *tracker.RosterDiff) string {
	h := sha256.New()
	entry := func(tag string, e *tracker.RosterEntry) {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%t\x00%s\x00%s\n", tag, e.StaffNo, e.Name, e.Kana,
			e.Bureau, e.Department, e.Section, e.Position, e.Category, e.Auditor, e.Role, e.Mail)
	}
	for _, e := range d.Added {
		entry("A", e)
	}
	for _, c := range d.Changed {
		entry("C"+strings.Join(c.Fields, ","), c.Entry)
	}
	for _, p := range d.Leaving {
		fmt.Fprintf(h, "L\x00%s\n", p.StaffNo)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// ApplyRoster applies a previewed roster in one transaction.
func (db *DB) ApplyRoster(ctx context.Context, r *tracker.Roster, digest string) (*tracker.RosterResult, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	// Temporary passwords are made before the transaction, for the people the preview adds or
	// brings back; the diff is recomputed inside and must match digest, so the set is the same.
	pre, err := db.diffRoster(ctx, db.rdb, r)
	if err != nil {
		return nil, err
	}
	temps := map[string]string{}
	for _, e := range pre.Added {
		temps[e.StaffNo] = auth.TempPassword()
	}
	for _, c := range pre.Changed {
		if c.Before.Status != tracker.StatusActive {
			temps[c.Entry.StaffNo] = auth.TempPassword()
		}
	}

	tx, err := db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := db.diffRoster(ctx, tx, r)
	if err != nil {
		return nil, err
	}
	if d.Digest != digest || d.Digest != pre.Digest {
		return nil, tracker.Errorf(tracker.ECONFLICT, "プレビューの後に名簿ファイルか登録内容が変わりました。もう一度プレビューしてから取り込んでください。")
	}
	actor, _, _ := actorOf(ctx)
	res, err := tx.ExecContext(ctx, `INSERT INTO roster_imports (imported_at, actor, file_name, file_sha256, encoding, rows, added, changed, leaving)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, unix(tx.now), actor, r.FileName, r.Digest, r.Encoding, len(r.Entries), len(d.Added),
		len(d.Changed), len(d.Leaving))
	if err != nil {
		return nil, err
	}
	importID, _ := res.LastInsertId()
	result := &tracker.RosterResult{ImportID: importID, Diff: d}
	// People added by any import after the first joined then (new hires); the first import loads
	// the staff as they are.
	var joined int64
	if err := tx.QueryRowContext(ctx, `SELECT CASE WHEN MIN(id) < ? THEN ? ELSE 0 END FROM roster_imports`, importID, unix(tx.now)).Scan(&joined); err != nil {
		return nil, err
	}

	for _, e := range d.Added {
		unitID, err := tx.ensureUnit(ctx, e.Bureau, e.Department, e.Section)
		if err != nil {
			return nil, err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO people (staff_no, name, kana, unit_id, position, category, auditor, role, mail, status,
			created_at, updated_at, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.StaffNo, e.Name, e.Kana, unitID, e.Position,
			e.Category, e.Auditor, e.Role, e.Mail, tracker.StatusActive, unix(tx.now), unix(tx.now), joined)
		if err != nil {
			return nil, err
		}
		personID, _ := res.LastInsertId()
		if err := tx.openPosting(ctx, personID, unitID, e, importID); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO accounts (login, kind, person_id, display_name, password_hash, must_change,
			password_changed_at, created_at, updated_at) VALUES (?, 'staff', ?, ?, ?, 1, ?, ?, ?)`, e.StaffNo, personID, e.Name,
			auth.HashTemp(temps[e.StaffNo]), unix(tx.now), unix(tx.now), unix(tx.now)); err != nil {
			return nil, err
		}
		result.Passwords = append(result.Passwords, &tracker.TempPassword{Login: e.StaffNo, Name: e.Name, Unit: e.UnitName(), Password: temps[e.StaffNo]})
	}
	for _, c := range d.Changed {
		if err := tx.applyChange(ctx, c, importID, temps[c.Entry.StaffNo]); err != nil {
			return nil, err
		}
		if t := temps[c.Entry.StaffNo]; t != "" {
			result.Passwords = append(result.Passwords, &tracker.TempPassword{Login: c.Entry.StaffNo, Name: c.Entry.Name, Unit: c.Entry.UnitName(), Password: t})
		}
	}
	for _, p := range d.Leaving {
		if _, err := tx.ExecContext(ctx, `UPDATE people SET status = ?, left_at = ?, updated_at = ? WHERE id = ?`,
			tracker.StatusLeft, unix(tx.now), unix(tx.now), p.ID); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE postings SET to_at = ? WHERE person_id = ? AND to_at IS NULL`, unix(tx.now), p.ID); err != nil {
			return nil, err
		}
		// 【09】第3条4: access ends when the person leaves.
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET disabled = 1, updated_at = ? WHERE person_id = ?`, unix(tx.now), p.ID); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE person_id = ?)`, p.ID); err != nil {
			return nil, err
		}
	}
	detail := fmt.Sprintf("file=%s sha256=%s rows=%d added=%d changed=%d leaving=%d", r.FileName, r.Digest, len(r.Entries),
		len(d.Added), len(d.Changed), len(d.Leaving))
	if err := tx.logEvidence(ctx, tracker.EvidenceRosterImport, importID, tracker.ActionRosterImport, fmt.Sprintf("import %d", importID), detail); err != nil {
		return nil, err
	}
	defer db.sessionsChanged() // people moved or left: sessions must see it at once
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return result, nil
}

func (tx *Tx) openPosting(ctx context.Context, personID, unitID int64, e *tracker.RosterEntry, importID int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO postings (person_id, unit_id, position, role, from_at, import_id) VALUES (?, ?, ?, ?, ?, ?)`,
		personID, unitID, e.Position, e.Role, unix(tx.now), importID)
	return err
}

// applyChange updates a person; a new unit or position closes the current posting and opens one
// (異動), and a person coming back gets their account back with a new temporary password.
func (tx *Tx) applyChange(ctx context.Context, c *tracker.RosterChange, importID int64, temp string) error {
	e, p := c.Entry, c.Before
	unitID, err := tx.ensureUnit(ctx, e.Bureau, e.Department, e.Section)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET name = ?, kana = ?, unit_id = ?, position = ?, category = ?, auditor = ?, role = ?,
		mail = ?, status = ?, left_at = NULL, updated_at = ? WHERE id = ?`, e.Name, e.Kana, unitID, e.Position, e.Category, e.Auditor, e.Role,
		e.Mail, tracker.StatusActive, unix(tx.now), p.ID); err != nil {
		return err
	}
	if p.Role != e.Role && p.Status == tracker.StatusActive {
		// A change of role: the modules the new role adds get a deadline of their own (Plan.DeadlineFor).
		if _, err := tx.ExecContext(ctx, `UPDATE people SET role_changed_at = ?, role_before = ? WHERE id = ?`, unix(tx.now), p.Role, p.ID); err != nil {
			return err
		}
	}
	moved := p.Unit.ID() != unitID || p.Position != e.Position || p.Role != e.Role || p.Status != tracker.StatusActive
	if moved {
		if _, err := tx.ExecContext(ctx, `UPDATE postings SET to_at = ? WHERE person_id = ? AND to_at IS NULL`, unix(tx.now), p.ID); err != nil {
			return err
		}
		if err := tx.openPosting(ctx, p.ID, unitID, e, importID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET display_name = ?, updated_at = ? WHERE person_id = ?`, e.Name, unix(tx.now), p.ID); err != nil {
		return err
	}
	if temp != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET disabled = 0, password_hash = ?, must_change = 1, password_changed_at = ?,
			failed_count = 0, locked_until = 0 WHERE person_id = ?`, auth.HashTemp(temp), unix(tx.now), p.ID); err != nil {
			return err
		}
	}
	return nil
}

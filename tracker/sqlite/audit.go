package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"isms/tracker"
)

// Ensure the service implements the interface.
var _ tracker.AuditService = (*DB)(nil)

// appendEvent adds e to the chain inside tx. The transaction holds the write lock (BEGIN
// IMMEDIATE), so reading the last hash and appending cannot interleave with another writer, in
// this process or another.
func (tx *Tx) appendEvent(e *tracker.AuditEvent) error {
	// The chain's head is read once per transaction and then carried along: nobody else can append
	// while this transaction holds the write lock.
	if !tx.headKnown {
		err := tx.QueryRow(`SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&tx.headID, &tx.headHash)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		tx.headKnown = true
	}
	prev := tx.headHash
	e.ID = tx.headID + 1
	e.At = tx.now
	if e.Outcome == "" {
		e.Outcome = tracker.OutcomeSuccess
	}
	if e.Actor == "" {
		e.Actor = "system"
	}
	e.PrevHash = prev
	e.Hash = e.ChainHash(prev)
	if _, err := tx.Stmt(tx.db.insertEventStmt).Exec(e.ID, unix(e.At), e.Actor, e.AccountID, e.Action, e.Target, e.Outcome, e.Source,
		e.Detail, e.RecordKind, e.RecordID, e.RecordSHA256, e.PrevHash, e.Hash); err != nil {
		return err
	}
	tx.headID, tx.headHash = e.ID, e.Hash
	return nil
}

// logEvent appends an event for the caller in ctx.
func (tx *Tx) logEvent(ctx context.Context, action, target, outcome, detail string) error {
	actor, accountID, source := actorOf(ctx)
	return tx.appendEvent(&tracker.AuditEvent{Actor: actor, AccountID: accountID, Source: source,
		Action: action, Target: target, Outcome: outcome, Detail: detail})
}

// RecordEvent appends an event in a transaction of its own.
func (db *DB) RecordEvent(ctx context.Context, e *tracker.AuditEvent) error {
	if e.Action == "" {
		return tracker.Errorf(tracker.EINVALID, "記録する操作が指定されていません。")
	}
	actor, accountID, source := actorOf(ctx)
	if e.Actor == "" {
		e.Actor, e.AccountID = actor, accountID
	}
	if e.Source == "" {
		e.Source = source
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.appendEvent(e); err != nil {
		return err
	}
	return tx.Commit()
}

// FindEvents returns events for an admin, newest first.
func (db *DB) FindEvents(ctx context.Context, f tracker.AuditFilter) ([]*tracker.AuditEvent, int, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, 0, err
	}
	var where []string
	var args []any
	if f.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, f.Actor)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if f.Outcome != "" {
		where, args = append(where, "outcome = ?"), append(args, f.Outcome)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.Since.Unix())
	}
	if !f.Until.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.Until.Unix())
	}
	cond := ""
	if len(where) > 0 {
		cond = "WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := db.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+eventColumns+`
		FROM audit_log `+cond+` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var events []*tracker.AuditEvent
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, 0, err
		}
		events = append(events, e)
	}
	return events, total, rows.Err()
}

const eventColumns = `id, at, actor, account_id, action, target, outcome, source, detail, record_kind, record_id, record_sha256,
	prev_hash, hash`

func scanEvent(rows *sql.Rows) (*tracker.AuditEvent, error) {
	var e tracker.AuditEvent
	var at int64
	err := rows.Scan(&e.ID, &at, &e.Actor, &e.AccountID, &e.Action, &e.Target, &e.Outcome, &e.Source, &e.Detail, &e.RecordKind,
		&e.RecordID, &e.RecordSHA256, &e.PrevHash, &e.Hash)
	e.At = fromUnix(at)
	return &e, err
}

// VerifyChain reads the whole log in order and recomputes each hash, checks the anchors given
// against it, then recomputes every evidence record against the event bound to it.
func (db *DB) VerifyChain(ctx context.Context, anchors ...tracker.AuditAnchor) (*tracker.AuditVerification, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_log ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	anchored := map[int64]string{}
	for _, a := range anchors {
		anchored[a.EventID] = a.Hash
	}
	v := &tracker.AuditVerification{Anchors: len(anchors)}
	prev := ""
	var lastID int64
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		if v.Events == 0 {
			v.Oldest = e.At
		}
		v.Events++
		if v.OK() {
			switch {
			case e.ID != lastID+1:
				v.BrokenAt, v.Problem = e.ID, fmt.Sprintf("監査ログの番号 %d〜%d がありません（削除されています）。", lastID+1, e.ID-1)
			case e.PrevHash != prev:
				v.BrokenAt, v.Problem = e.ID, fmt.Sprintf("監査ログ番号 %d の前のイベントのハッシュが一致しません（前のイベントが変更または削除されています）。", e.ID)
			case e.ChainHash(prev) != e.Hash:
				v.BrokenAt, v.Problem = e.ID, fmt.Sprintf("監査ログ番号 %d の内容がハッシュと一致しません（変更されています）。", e.ID)
			}
			if h, ok := anchored[e.ID]; ok && v.OK() && !strings.HasPrefix(e.Hash, h) {
				v.BrokenAt, v.Problem = e.ID, fmt.Sprintf("監査ログ番号 %d のハッシュが控え（%s）と一致しません（控えの後に書き換えられています）。",
					e.ID, tracker.AuditAnchor{EventID: e.ID, Hash: h})
			}
		}
		prev, lastID = e.Hash, e.ID
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	v.Head, v.Anchor = prev, tracker.AnchorOf(lastID, prev)
	for _, a := range anchors {
		if a.EventID > lastID && v.OK() {
			v.BrokenAt, v.Problem = a.EventID, fmt.Sprintf("控え（%s）の監査ログ番号 %d がありません。最新は番号 %d です（控えの後の記録が削除されています）。",
				a, a.EventID, lastID)
		}
	}
	if !v.OK() {
		return v, nil
	}
	return v, db.verifyRecords(ctx, v)
}

// ChainHead returns the newest event as an anchor.
func (db *DB) ChainHead(ctx context.Context) (tracker.AuditAnchor, error) {
	var id int64
	var hash string
	err := db.rdb.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&id, &hash)
	if err != nil && err != sql.ErrNoRows {
		return tracker.AuditAnchor{}, err
	}
	return tracker.AnchorOf(id, hash), nil
}

// AnchorHead appends the anchor event and returns it: the head as it is written down.
func (db *DB) AnchorHead(ctx context.Context) (tracker.AuditAnchor, error) {
	e := &tracker.AuditEvent{Action: tracker.ActionAuditAnchor, Target: "audit_log"}
	if err := db.RecordEvent(ctx, e); err != nil {
		return tracker.AuditAnchor{}, err
	}
	return tracker.AnchorOf(e.ID, e.Hash), nil
}

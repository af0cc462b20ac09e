package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"

	"isms/tracker"
)

// Secret returns the named random key, creating it on first use. The HTTP layer signs quiz papers
// with one, so papers drawn before a restart can still be submitted after it.
func (db *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := db.rdb.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = ?`, "secret:"+name).Scan(&v)
	if err == nil {
		return v, nil
	}
	if err != sql.ErrNoRows {
		return nil, err
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	v = make([]byte, 32)
	rand.Read(v)
	// Another process may have created it meanwhile: keep whichever is stored.
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, "secret:"+name, v); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = ?`, "secret:"+name).Scan(&v); err != nil {
		return nil, err
	}
	return v, tx.Commit()
}

// Backup writes a consistent copy of the live database to path (【03】第11条), checks the copy's
// integrity and logs the backup. It refuses to overwrite an existing file.
func (db *DB) Backup(ctx context.Context, path string) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		return tracker.Errorf(tracker.ECONFLICT, "バックアップ先 %s はすでに存在します。別のファイル名を指定してください。", path)
	}
	// VACUUM INTO copies from one read snapshot while other connections keep writing; it runs on
	// a connection of its own because the reader pool is query-only.
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, path)
	conn.Close()
	if err != nil {
		db.logOutcome(ctx, tracker.ActionBackup, path, tracker.OutcomeFailure, err.Error())
		return fmt.Errorf("backup: %w", err)
	}
	os.Chmod(path, 0o600)
	check, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer check.Close()
	var result string
	if err := check.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil || result != "ok" {
		db.logOutcome(ctx, tracker.ActionBackup, path, tracker.OutcomeFailure, "integrity check: "+result)
		return fmt.Errorf("backup: integrity check of %s: %q %v", path, result, err)
	}
	info, _ := os.Stat(path)
	size := int64(0)
	if info != nil {
		size = info.Size()
	}
	db.logOutcome(ctx, tracker.ActionBackup, path, tracker.OutcomeSuccess, fmt.Sprintf("bytes=%d", size))
	return nil
}

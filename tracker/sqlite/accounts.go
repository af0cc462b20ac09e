package sqlite

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"isms/tracker"
	"isms/tracker/auth"
)

// ChangePassword checks the current password, the rule, and stores the new hash.
func (db *DB) ChangePassword(ctx context.Context, current, next string) error {
	p := tracker.PrincipalFrom(ctx)
	if p == nil || p.Account == nil {
		return tracker.Errorf(tracker.EUNAUTHORIZED, "ログインしてください。")
	}
	a, err := db.accountByID(ctx, db.rdb, p.Account.ID)
	if err != nil {
		return err
	}
	// Guessing the current password from a borrowed session is held to the sign-in limits; a lock
	// ends no session.
	now, admin := db.now(), a.Kind == tracker.KindAdmin
	ticket, refused := db.throttle.Enter(clientOf(p.Source, ""), now)
	if refused != nil {
		return db.refusal(refused, admin)
	}
	defer ticket.Leave()
	if refused := ticket.Check(a.Login, admin, passwordTag(a.hash), now); refused != nil {
		return db.refusal(refused, admin)
	}
	ok := false
	if a.hash != "" {
		if ok, err = db.Hasher.Verify(ctx, a.hash, current); err != nil {
			return err
		}
	}
	if !ok {
		db.logOutcome(ctx, tracker.ActionPasswordChange, a.Login, tracker.OutcomeFailure, "wrong current password")
		if _, until := ticket.Fail(now); !until.IsZero() {
			db.logLockout(ctx, p.Source, "", a.Login, a.ID, admin, until)
		}
		return tracker.Errorf(tracker.EUNAUTHORIZED, "現在のパスワードが違います。")
	}
	ticket.Succeed()
	problems := db.Rule.Check(a.Login, next)
	if next == current {
		problems = append(problems, "現在のパスワードと異なるパスワードにしてください。")
	} else if len(problems) == 0 {
		used, err := db.usedBefore(ctx, a.ID, next)
		if err != nil {
			return err
		}
		if used {
			problems = append(problems, fmt.Sprintf("最近使った%d個のパスワード（現在のものを含む）は使えません。別のパスワードにしてください。",
				db.Config.PasswordHistory))
		}
	}
	if len(problems) > 0 {
		db.logOutcome(ctx, tracker.ActionPasswordChange, a.Login, tracker.OutcomeFailure, "rule not met")
		return &tracker.Error{Code: tracker.EINVALID, Message: strings.Join(problems, "\n")}
	}
	hash, err := db.Hasher.Hash(ctx, next)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.retirePassword(ctx, a); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET password_hash = ?, must_change = 0, password_changed_at = ?, failed_count = 0,
		updated_at = ? WHERE id = ?`, hash, unix(tx.now), unix(tx.now), a.ID); err != nil {
		return err
	}
	// Other sessions may be someone who learned the old password: end them.
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE account_id = ? AND token_hash != ?`, a.ID, hashToken(p.Token)); err != nil {
		return err
	}
	if err := tx.logEvent(ctx, tracker.ActionPasswordChange, a.Login, tracker.OutcomeSuccess, ""); err != nil {
		return err
	}
	defer db.sessionsChanged()
	return tx.Commit()
}

// usedBefore reports whether password is one of the account's earlier passwords still remembered
// (PasswordHistory less the current one). Each is checked with the slow hash, so the history is
// short.
func (db *DB) usedBefore(ctx context.Context, accountID int64, password string) (bool, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT hash FROM password_history WHERE account_id = ? ORDER BY id DESC LIMIT ?`,
		accountID, db.Config.PasswordHistory-1)
	if err != nil {
		return false, err
	}
	var hashes []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return false, err
		}
		hashes = append(hashes, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, h := range hashes {
		ok, err := db.Hasher.Verify(ctx, h, password)
		if err == nil && ok {
			return true, nil
		}
	}
	return false, nil
}

// retirePassword moves the account's current hash into its history and forgets the ones beyond
// what is remembered. Temporary passwords are not kept: nobody chose them, and they would take
// the places of passwords someone might choose again.
func (tx *Tx) retirePassword(ctx context.Context, a *accountRow) error {
	if a.hash == "" || auth.IsTemp(a.hash) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO password_history (account_id, hash, retired_at) VALUES (?, ?, ?)`,
		a.ID, a.hash, unix(tx.now)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM password_history WHERE account_id = ? AND id NOT IN
		(SELECT id FROM password_history WHERE account_id = ? ORDER BY id DESC LIMIT ?)`, a.ID, a.ID, tx.db.Config.PasswordHistory-1)
	return err
}

func (db *DB) logOutcome(ctx context.Context, action, target, outcome, detail string) {
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return
	}
	defer tx.Rollback()
	if tx.logEvent(ctx, action, target, outcome, detail) == nil {
		tx.Commit()
	}
}

// ResetPassword issues a temporary password.
func (db *DB) ResetPassword(ctx context.Context, login string) (*tracker.TempPassword, error) {
	if err := requireAdmin(ctx); err != nil {
		db.logOutcome(ctx, tracker.ActionPasswordReset, login, tracker.OutcomeFailure, "not an admin")
		return nil, err
	}
	a, err := db.accountByLogin(ctx, db.rdb, login)
	if err != nil {
		return nil, err
	}
	temp := auth.TempPassword()
	hash := auth.HashTemp(temp)
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// The password being replaced may be known to someone else: it may not come back either.
	if err := tx.retirePassword(ctx, a); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET password_hash = ?, must_change = 1, password_changed_at = ?, failed_count = 0,
		locked_until = 0, updated_at = ? WHERE id = ?`, hash, unix(tx.now), unix(tx.now), a.ID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE account_id = ?`, a.ID); err != nil {
		return nil, err
	}
	if err := tx.logEvent(ctx, tracker.ActionPasswordReset, a.Login, tracker.OutcomeSuccess, ""); err != nil {
		return nil, err
	}
	defer db.sessionsChanged()
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return &tracker.TempPassword{Login: a.Login, Name: a.DisplayName, Password: temp}, nil
}

var adminLoginPattern = regexp.MustCompile(`^[a-z][a-z0-9_.-]{2,31}$`)

// CreateAdmin creates a privileged account with a temporary password.
func (db *DB) CreateAdmin(ctx context.Context, login, name string) (*tracker.TempPassword, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	switch {
	case !adminLoginPattern.MatchString(login):
		return nil, tracker.Errorf(tracker.EINVALID, "管理者ID「%s」は英小文字で始まる3〜32文字（英小文字・数字・. _ -）にしてください。", login)
	case name == "" || len([]rune(name)) > 50:
		return nil, tracker.Errorf(tracker.EINVALID, "管理者の氏名を50文字以内で入力してください。")
	}
	temp := auth.TempPassword()
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM accounts WHERE login = ?`, login).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, tracker.Errorf(tracker.ECONFLICT, "ID「%s」はすでに使われています。", login)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO accounts (login, kind, display_name, password_hash, must_change, password_changed_at,
		created_at, updated_at) VALUES (?, 'admin', ?, ?, 1, ?, ?, ?)`, login, name, auth.HashTemp(temp), unix(tx.now), unix(tx.now), unix(tx.now)); err != nil {
		return nil, err
	}
	if err := tx.logEvent(ctx, tracker.ActionAdminCreate, login, tracker.OutcomeSuccess, name); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return &tracker.TempPassword{Login: login, Name: name, Password: temp}, nil
}

// FirstAdminLogin is the 事務局 account the first start creates.
const FirstAdminLogin = "jimukyoku"

// EnsureAdmin creates the first 事務局 account when there is no admin account at all, and returns
// its one-time password; it returns nil when an admin exists.
func (db *DB) EnsureAdmin(ctx context.Context) (*tracker.TempPassword, error) {
	var n int
	if err := db.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM accounts WHERE kind = 'admin'`).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, nil
	}
	return db.CreateAdmin(ctx, FirstAdminLogin, "情報セキュリティ事務局")
}

// FindAccounts lists accounts of a kind ("" for all).
func (db *DB) FindAccounts(ctx context.Context, kind tracker.AccountKind) ([]*tracker.Account, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE ? = '' OR a.kind = ? ORDER BY a.kind, a.login`, kind, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*tracker.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		acc := a.Account
		out = append(out, &acc)
	}
	return out, rows.Err()
}

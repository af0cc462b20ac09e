package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"time"

	"isms/tracker"
)

var _ tracker.AuthService = (*DB)(nil)

const accountColumns = `a.id, a.login, a.kind, COALESCE(a.person_id, 0), a.display_name, a.password_hash, a.must_change,
	a.password_changed_at, a.disabled, a.created_at`

type accountRow struct {
	tracker.Account
	hash string
}

func scanAccount(s scanner) (*accountRow, error) {
	var a accountRow
	var changed, created int64
	err := s.Scan(&a.ID, &a.Login, &a.Kind, &a.PersonID, &a.DisplayName, &a.hash, &a.MustChange, &changed, &a.Disabled, &created)
	a.PasswordChangedAt, a.CreatedAt = fromUnix(changed), fromUnix(created)
	return &a, err
}

func (db *DB) accountByLogin(ctx context.Context, q querier, login string) (*accountRow, error) {
	a, err := scanAccount(q.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.login = ?`, login))
	if err == sql.ErrNoRows {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "該当するIDはありません。")
	}
	return a, err
}

func (db *DB) accountByID(ctx context.Context, q querier, id int64) (*accountRow, error) {
	a, err := scanAccount(q.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "該当するIDはありません。")
	}
	return a, err
}

// active reports whether the account may sign in at all (ignoring the password and the lock).
func (db *DB) active(ctx context.Context, a *accountRow) (*tracker.Person, bool) {
	if a.Disabled {
		return nil, false
	}
	if a.Kind != tracker.KindStaff {
		return nil, true
	}
	p, err := db.personByID(ctx, db.rdb, a.PersonID)
	if err != nil || p.Status != tracker.StatusActive {
		return nil, false
	}
	return p, true
}

func (db *DB) maxAge(kind tracker.AccountKind) time.Duration {
	if kind == tracker.KindAdmin {
		return db.Config.AdminPasswordMaxAge
	}
	return db.Config.PasswordMaxAge
}

// openSession applies password expiry and stores a new session.
func (db *DB) openSession(ctx context.Context, a *accountRow, person *tracker.Person, source, action string) (*tracker.Session, error) {
	token, csrf := randomToken(), randomToken()
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if max := db.maxAge(a.Kind); max > 0 && !a.MustChange && tx.now.Sub(a.PasswordChangedAt) >= max && action == tracker.ActionSignIn {
		a.MustChange = true
	}
	// A trusted sign-in leaves the stored must-change flag alone: the password still has to be
	// changed the day the person signs in with it.
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET must_change = CASE WHEN ? THEN ? ELSE must_change END, updated_at = ? WHERE id = ?`,
		action == tracker.ActionSignIn, a.MustChange, unix(tx.now), a.ID); err != nil {
		return nil, err
	}
	// Sessions nobody came back to are swept here, so the table holds only live ones.
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE seen_at <= ? OR created_at <= ?`,
		unix(tx.now.Add(-db.Config.IdleTimeout)), unix(tx.now.Add(-db.Config.SessionLifetime))); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, account_id, csrf, source, created_at, seen_at, trusted)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, hashToken(token), a.ID, csrf, source, unix(tx.now), unix(tx.now), action == tracker.ActionSignInTrusted); err != nil {
		return nil, err
	}
	detail := ""
	if a.MustChange {
		detail = "password change required"
	}
	if err := tx.appendEvent(&tracker.AuditEvent{Actor: a.Login, AccountID: a.ID, Action: action, Target: a.Login,
		Outcome: tracker.OutcomeSuccess, Source: source, Detail: detail}); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	acc := a.Account
	return &tracker.Session{Token: token, CSRF: csrf, Account: &acc, Person: person, CreatedAt: tx.now, SeenAt: tx.now}, nil
}

// SignInTrusted opens a session for a staff login vouched for by the single-sign-on proxy.
func (db *DB) SignInTrusted(ctx context.Context, login, source string) (*tracker.Session, error) {
	a, err := db.accountByLogin(ctx, db.rdb, login)
	if tracker.ErrorCode(err) == tracker.ENOTFOUND {
		db.logFailure(ctx, source, "", 0, "sso: unknown id")
		return nil, tracker.Errorf(tracker.EUNAUTHORIZED, "シングルサインオンのIDが職員名簿にありません。情報セキュリティ事務局に連絡してください。")
	}
	if err != nil {
		return nil, err
	}
	person, active := db.active(ctx, a)
	if !active || a.Kind != tracker.KindStaff {
		// Privileged accounts always sign in with their own password (【09】第5条).
		db.logFailure(ctx, source, a.Login, a.ID, "sso: not an active staff account")
		return nil, tracker.Errorf(tracker.EUNAUTHORIZED, "このIDはシングルサインオンでは利用できません。情報セキュリティ事務局に連絡してください。")
	}
	a.MustChange = false // the password is the proxy's business
	return db.openSession(ctx, a, person, source, tracker.ActionSignInTrusted)
}

// Session returns a live session, ends an idle or expired one, and records use at most once a
// minute.
func (db *DB) Session(ctx context.Context, token string) (*tracker.Session, error) {
	expired := tracker.Errorf(tracker.EUNAUTHORIZED, "ログインしていないか、一定時間操作がなかったためログアウトしました。もう一度ログインしてください。")
	if token == "" {
		return nil, expired
	}
	h := hashToken(token)
	var s tracker.Session
	var a accountRow
	var person *tracker.Person
	if e, ok := db.sessions.get(h, db.stamp()); ok {
		s, a = e.session, e.account
		person = s.Person
	} else {
		// One query for the session, its account and person.
		var created, seen int64
		var changed, acreated int64
		var trusted bool
		row := db.sessionStmt.QueryRowContext(ctx, h)
		p, err := scanPerson(scanFunc(func(dest ...any) error {
			all := append([]any{&s.CSRF, &created, &seen, &trusted, &a.ID, &a.Login, &a.Kind, &a.PersonID, &a.DisplayName, &a.hash,
				&a.MustChange, &changed, &a.Disabled, &acreated}, dest...)
			return row.Scan(all...)
		}))
		if err == sql.ErrNoRows {
			return nil, expired
		}
		if err != nil {
			return nil, err
		}
		a.PasswordChangedAt, a.CreatedAt = fromUnix(changed), fromUnix(acreated)
		s.CreatedAt, s.SeenAt = fromUnix(created), fromUnix(seen)
		if trusted {
			a.MustChange = false // signed in by the proxy: the portal's password is not in use
		}
		if a.Kind == tracker.KindStaff && p.ID != 0 {
			person = p
		}
		s.Person = person
		db.sessions.put(h, &cachedSession{session: s, account: a, loaded: time.Now()})
	}
	s.Token = token
	now := db.now()
	active := !a.Disabled
	if a.Kind == tracker.KindStaff {
		active = active && person != nil && person.Status == tracker.StatusActive
	}
	if now.Sub(s.SeenAt) >= db.Config.IdleTimeout || now.Sub(s.CreatedAt) >= db.Config.SessionLifetime || !active {
		db.endSession(ctx, h, &a, "session expired")
		return nil, expired
	}
	if now.Sub(s.SeenAt) >= touchInterval {
		tx, err := db.BeginTx(ctx)
		if err != nil {
			return nil, err
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET seen_at = ? WHERE token_hash = ?`, unix(tx.now), h); err != nil {
			return nil, err
		}
		if err := tx.Commit(); err != nil {
			return nil, err
		}
		s.SeenAt = tx.now
		db.sessions.touch(h, tx.now)
	}
	acc := a.Account
	s.Account, s.Person = &acc, person
	return &s, nil
}

// scanFunc adapts a function to the scanner interface.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// sessionQuery reads a session with its account and, for staff, the person (zero values for admins).
const sessionQuery = `SELECT s.csrf, s.created_at, s.seen_at, s.trusted, ` + accountColumns + `,
	COALESCE(p.id, 0), COALESCE(p.staff_no, ''), COALESCE(p.name, ''), COALESCE(p.kana, ''), COALESCE(p.unit_id, 0),
	COALESCE(u.bureau_id, 0), COALESCE(u.bureau, ''), COALESCE(u.department_id, 0), COALESCE(u.department, ''),
	COALESCE(u.section_id, 0), COALESCE(u.section, ''), COALESCE(p.position, ''), COALESCE(p.category, ''), COALESCE(p.auditor, 0),
	COALESCE(p.role, ''), COALESCE(p.mail, ''), COALESCE(p.status, ''), COALESCE(p.created_at, 0), COALESCE(p.updated_at, 0), p.left_at,
	COALESCE(p.joined_at, 0), COALESCE(p.role_changed_at, 0), COALESCE(p.role_before, ''), ` + clickedColumn + `
	FROM sessions s JOIN accounts a ON a.id = s.account_id LEFT JOIN people p ON p.id = a.person_id LEFT JOIN units u ON u.id = p.unit_id
	WHERE s.token_hash = ?`

func (db *DB) endSession(ctx context.Context, tokenHash string, a *accountRow, detail string) {
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	if err != nil {
		return
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return
	}
	_, _, source := actorOf(ctx)
	if tx.appendEvent(&tracker.AuditEvent{Actor: a.Login, AccountID: a.ID, Action: tracker.ActionSignOut, Target: a.Login,
		Outcome: tracker.OutcomeSuccess, Source: source, Detail: detail}) == nil {
		tx.Commit()
	}
	db.sessionsChanged()
}

// SignOut ends a session.
func (db *DB) SignOut(ctx context.Context, token string) error {
	h := hashToken(token)
	var accountID int64
	err := db.rdb.QueryRowContext(ctx, `SELECT account_id FROM sessions WHERE token_hash = ?`, h).Scan(&accountID)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	a, err := db.accountByID(ctx, db.rdb, accountID)
	if err != nil {
		return err
	}
	db.endSession(ctx, h, a, "")
	return nil
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"time"

	"isms/tracker"
	"isms/tracker/auth"
)

// SignIn checks a password and opens a session, within the sign-in limits (auth.Throttle): a
// sign-in the limits refuse is answered before the account is read or any hash computed, and a
// failure writes nothing but, now and then, an audit event (signin_log.go). The slow hash runs
// outside any transaction.
func (db *DB) SignIn(ctx context.Context, c tracker.Credentials) (*tracker.Session, error) {
	now := db.now()
	ticket, refused := db.throttle.Enter(clientOf(c.Source, c.Device), now)
	if refused != nil {
		db.logFailure(ctx, c.Source, notChecked, 0, refusedKind(refused))
		return nil, db.refusal(refused, false)
	}
	defer ticket.Leave()
	a, err := db.accountByLogin(ctx, db.rdb, c.Login)
	known := err == nil
	if err != nil && tracker.ErrorCode(err) != tracker.ENOTFOUND {
		return nil, err
	}
	// An ID that does not exist is held to the limits of the kind it looks like, so that neither
	// the count nor the lock tells whether it exists (【07】第9条2).
	admin, tag, login, accountID := looksAdmin(c.Login), "", "", int64(0)
	if known {
		admin, tag, login, accountID = a.Kind == tracker.KindAdmin, passwordTag(a.hash), a.Login, a.ID
	}
	// No ID is longer than 32 characters: a longer one is kept only as far as that, so a flood of
	// long made-up IDs cannot grow the limits' memory.
	key := c.Login
	if len(key) > 64 {
		key = key[:64]
	}
	if refused := ticket.Check(key, admin, tag, now); refused != nil {
		db.logFailure(ctx, c.Source, login, accountID, refusedKind(refused))
		return nil, db.refusal(refused, admin)
	}
	ok, active := false, false
	var person *tracker.Person
	if known && a.hash != "" {
		if ok, err = db.Hasher.Verify(ctx, a.hash, c.Password); err != nil {
			return nil, err
		}
		person, active = db.active(ctx, a)
	} else {
		db.Hasher.Dummy(ctx, c.Password)
	}
	if ok && active {
		ticket.Succeed()
		return db.openSession(ctx, a, person, c.Source, tracker.ActionSignIn)
	}
	kind := "unknown id"
	switch {
	case known && ok:
		kind = "disabled or left"
	case known:
		kind = "wrong password"
	}
	left, lockedUntil := ticket.Fail(now)
	db.logFailure(ctx, c.Source, login, accountID, kind)
	if !lockedUntil.IsZero() {
		db.logLockout(ctx, c.Source, c.Device, login, accountID, admin, lockedUntil)
		return nil, db.refusal(&auth.Refusal{Reason: auth.Locked, Until: lockedUntil}, admin)
	}
	return nil, db.signInRefused(left)
}

// notChecked names, in the log, the ID of a sign-in refused before the account was read.
const notChecked = "(未照合)"

// clientOf is the sign-in limits' view of a client.
func clientOf(source, device string) auth.Client {
	a, _ := netip.ParseAddr(source)
	return auth.Client{Address: a.Unmap(), Device: device}
}

// passwordTag names the account's current password for the sign-in limits: a reset changes it,
// and the limits forget the ID's failures.
func passwordTag(hash string) string {
	sum := sha256.Sum256([]byte(hash))
	return hex.EncodeToString(sum[:8])
}

// looksAdmin reports whether an ID is shaped like an admin ID (a lower-case letter first) rather
// than a 職員番号.
func looksAdmin(login string) bool { return adminLoginPattern.MatchString(login) }

func refusedKind(r *auth.Refusal) string {
	switch r.Reason {
	case auth.Busy:
		return "refused: another sign-in in progress"
	case auth.AddressLimit:
		return "refused: address over its failures"
	case auth.BlockLimit:
		return "refused: address block over its failures"
	case auth.Locked:
		return "refused: locked for this client"
	}
	return "refused: waiting after repeated failures"
}

// signInRefused is the answer to a wrong ID or password: the same whether the ID exists, the
// password was wrong or the account may not sign in (【07】第9条2), and true about the rule.
func (db *DB) signInRefused(left int) error {
	lim := db.throttle.Limits()
	return tracker.Errorf(tracker.EUNAUTHORIZED,
		"ログインできませんでした。職員番号（管理者ID）とパスワードを確かめてください。このIDで、あと%d回続けて間違えると、この端末からは%d分間このIDでログインできなくなります（職員番号は%d回、管理者IDは%d回まで）。",
		left, int(lim.LockFor/time.Minute), lim.StaffFailures, lim.AdminFailures)
}

// refusal is the answer to a sign-in the limits refused. It says what holds it back and for how
// long, and never whether the ID exists.
func (db *DB) refusal(r *auth.Refusal, admin bool) error {
	wait := max(1, int((r.Until.Sub(db.now())+time.Second-1)/time.Second))
	switch r.Reason {
	case auth.Busy:
		return tracker.Errorf(tracker.ETOOMANY, "この端末（またはこのネットワーク）からのログインを処理しています。数秒待ってからもう一度ログインしてください。")
	case auth.AddressLimit, auth.BlockLimit:
		return tracker.Errorf(tracker.ETOOMANY,
			"この端末（またはこのネットワーク）からのログインの失敗が多いため、しばらくログインを受け付けません。約%d秒後にもう一度ログインしてください。以前このIDでログインしたブラウザーからは、待たずにログインできます。",
			wait)
	case auth.Locked:
		// Shown to the minute, rounded up: the lock has ended by the time shown.
		until := r.Until.Add(time.Minute - time.Nanosecond).Truncate(time.Minute).In(tracker.Japan).Format("15時04分")
		return tracker.Errorf(tracker.ETOOMANY,
			"このIDは、この端末から続けて%d回ログインに失敗したため、%sまでこの端末からはログインできません（ロック中）。ほかの端末や、以前このIDでログインしたブラウザーからはログインできます。急ぐときやパスワードが分からないときは、情報セキュリティ事務局にパスワードの再発行を依頼してください（再発行するとロックは解除されます）。",
			db.throttle.Failures(admin), until)
	}
	return tracker.Errorf(tracker.ETOOMANY,
		"このIDへのログインの失敗が続いているため、試せる間隔を空けています。約%d秒後にもう一度ログインしてください。以前このIDでログインしたブラウザーからは、待たずにログインできます。",
		wait)
}

// logLockout writes at once that a client was locked out of an ID: it is what the 事務局 must see.
func (db *DB) logLockout(ctx context.Context, source, device, login string, accountID int64, admin bool, until time.Time) {
	actor := login
	if actor == "" {
		actor = "(不明なID)"
	}
	client := "address " + source
	if device != "" {
		client = "a browser signed in before, at " + source
	}
	db.RecordEvent(ctx, &tracker.AuditEvent{Actor: actor, AccountID: accountID, Action: tracker.ActionLockout, Target: login,
		Outcome: tracker.OutcomeSuccess, Source: source,
		Detail: fmt.Sprintf("%d failures from %s; that client is locked out of the ID until %s; other clients and sessions are not affected",
			db.throttle.Failures(admin), client, until.In(tracker.Japan).Format(time.RFC3339))})
}

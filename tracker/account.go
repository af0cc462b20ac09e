package tracker

import (
	"context"
	"time"
)

// AccountKind separates everyday staff IDs from privileged ones (【09】第5条4: 特権IDと一般IDは分割).
type AccountKind string

const (
	// KindStaff signs in with the 職員番号 and sees only what the person's role allows.
	KindStaff AccountKind = "staff"
	// KindAdmin is a 情報セキュリティ事務局 account: it runs the roster, the plan and the logs and sees
	// every record, but it is not a person on the roster and takes no training.
	KindAdmin AccountKind = "admin"
)

// Account is a sign-in ID. Staff accounts are created by the roster import, one per person;
// admin accounts only by the `isms user` command.
type Account struct {
	ID          int64       `json:"id"`
	Login       string      `json:"login"`
	Kind        AccountKind `json:"kind"`
	PersonID    int64       `json:"personId,omitempty"`
	DisplayName string      `json:"displayName"`
	// MustChange is set for a temporary password (【09】第6条3) and when the password has expired.
	MustChange        bool      `json:"mustChange"`
	PasswordChangedAt time.Time `json:"passwordChangedAt"`
	Disabled          bool      `json:"disabled"`
	CreatedAt         time.Time `json:"createdAt"`
}

// Admin reports whether the account is a privileged 事務局 account.
func (a *Account) Admin() bool { return a != nil && a.Kind == KindAdmin }

// Session is a signed-in browser or API client. The token is only ever held by the client; the
// store keeps its hash.
type Session struct {
	Token     string    `json:"-"`
	CSRF      string    `json:"csrfToken"`
	Account   *Account  `json:"account"`
	Person    *Person   `json:"person,omitempty"` // nil for admin accounts
	CreatedAt time.Time `json:"createdAt"`
	SeenAt    time.Time `json:"seenAt"`
}

// Credentials is what a sign-in form or API call sends.
type Credentials struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	Source   string `json:"-"` // client address, for the log and the sign-in limits
	// Device is the device token the browser holds from its last sign-in to Login, checked by
	// the HTTP layer ("" when it has none): the owner's own browser, which failures elsewhere
	// cannot slow down.
	Device string `json:"-"`
}

// TempPassword is a one-time password issued to a person or an admin; it is shown once and only
// its hash is stored.
type TempPassword struct {
	Login    string `json:"login"`
	Name     string `json:"name"`
	Unit     string `json:"unit,omitempty"`
	Password string `json:"password"`
}

// AuthService signs people in and out and keeps passwords (【07】第9–13条, 【09】第5–6条).
type AuthService interface {
	// SignIn checks credentials and opens a session.
	// EUNAUTHORIZED, with the same message, for an unknown ID, a wrong password, a disabled
	// account or a person who has left (【07】第9条2: no hints); the message tells how many
	// failures are left before this client is locked out of the ID. ETOOMANY, without checking
	// the password, when the sign-in limits refuse it (this client is locked out of the ID, the
	// ID must wait, the address has failed too often, or a sign-in from it is in progress): the
	// message says which and until when, alike for IDs that exist and IDs that do not. Failures
	// never end a session. The limits are the store's configuration (auth.Throttle).
	SignIn(ctx context.Context, c Credentials) (*Session, error)

	// SignInTrusted opens a session for a staff login asserted by a trusted single-sign-on proxy.
	// EUNAUTHORIZED when the login is unknown, not a staff account, disabled or has left.
	SignInTrusted(ctx context.Context, login, source string) (*Session, error)

	// Session returns the session for a token and marks it as used.
	// EUNAUTHORIZED when the token is unknown or the session has been idle too long (【07】第13条).
	Session(ctx context.Context, token string) (*Session, error)

	// SignOut ends the session. Unknown tokens are ignored.
	SignOut(ctx context.Context, token string) error

	// ChangePassword changes the caller's password and ends their other sessions.
	// EUNAUTHORIZED when current is wrong (a failure of the sign-in limits); ETOOMANY when the
	// limits refuse the attempt; EINVALID when next breaks the password rule or is one of the last
	// few (the message says which part).
	ChangePassword(ctx context.Context, current, next string) error

	// ResetPassword issues a temporary password for a login; only an admin may call it. It also
	// lifts every lock of the ID (the sign-in limits forget an ID whose password changed) and ends
	// the account's sessions.
	// EFORBIDDEN for a non-admin caller; ENOTFOUND for an unknown login.
	ResetPassword(ctx context.Context, login string) (*TempPassword, error)

	// CreateAdmin creates a privileged 事務局 account with a temporary password. Only the command
	// line (no caller in ctx) or an admin may call it.
	// EINVALID for a malformed login or name; ECONFLICT when the login is taken.
	CreateAdmin(ctx context.Context, login, name string) (*TempPassword, error)

	// FindAccounts lists admin accounts (kind admin) or all, for the `isms user list` command.
	FindAccounts(ctx context.Context, kind AccountKind) ([]*Account, error)
}

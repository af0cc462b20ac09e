package tracker

import "context"

// Principal is who is acting: the signed-in account (with its person for staff) and the address
// the request came from. Services read it from the context for scope checks and the audit log.
type Principal struct {
	Account *Account
	Person  *Person
	Source  string
	Token   string // the current session's token, so a password change can keep this session alone
	// System marks the command line, run by whoever holds the server: it sees everything and is
	// logged under Source (e.g. "cli:root@host").
	System bool
}

// SystemPrincipal is the caller for command-line work, named after the operator for the log.
func SystemPrincipal(operator string) *Principal {
	return &Principal{System: true, Source: operator}
}

// Trainee returns the caller in ctx as a member of staff who trains. Admin IDs belong to nobody on
// the roster and take no training (【09】第5条4: privileged IDs are not used for everyday work).
// EFORBIDDEN for a caller without a person.
func Trainee(ctx context.Context) (*Principal, error) {
	p := PrincipalFrom(ctx)
	if p == nil || p.Account == nil || p.Person == nil {
		return nil, Errorf(EFORBIDDEN, "研修の受講は職員のIDで行ってください（管理者IDでは受講できません）。")
	}
	return p, nil
}

type principalKey struct{}

// NewContext returns a context carrying p.
func NewContext(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the caller, or nil for the server's own work (which, like System, sees
// everything).
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

package tracker

import "context"

// Principal is who is acting: the signed-in account (with its person for staff) and the address
// the request came from. Services read it from the context for scope checks and the audit log.
type Principal struct {
	Account *Account
	Person  *Person
	Source  string
	Token   string // the current session's token, so a password change can keep this session alone
}

type principalKey struct{}

// NewContext returns a context carrying p.
func NewContext(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the caller, or nil for the command line and the system itself.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

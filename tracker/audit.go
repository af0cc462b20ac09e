package tracker

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Audit actions. Every sign-in success and failure, lockout, password change, roster import, plan
// change, attempt submission and administrative action is logged (【07】第17条).
const (
	ActionSignIn         = "signin"          // password sign-in (outcome success or failure)
	ActionSignInTrusted  = "signin_sso"      // sign-in asserted by the trusted proxy
	ActionSignOut        = "signout"         //
	ActionLockout        = "lockout"         // the account was locked after repeated failures
	ActionPasswordChange = "password_change" //
	ActionPasswordReset  = "password_reset"  // an admin issued a temporary password
	ActionAdminCreate    = "admin_create"    // a privileged account was created
	ActionRosterImport   = "roster_import"   //
	ActionPlanSave       = "plan_save"       //
	ActionAttemptSubmit  = "attempt_submit"  //
	ActionSurveySubmit   = "survey_submit"   //
	ActionAccessDenied   = "access_denied"   // a request outside the caller's scope or without a valid CSRF token
	ActionBackup         = "backup"          // 【03】第11条
	ActionExport         = "export"          // a 持ち出し of records (【03】第9条3)
	ActionAuditView      = "audit_view"      // the log itself was read
)

// Outcomes.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
)

// AuditEvent is one line of the audit log. Each event's Hash covers its fields and the previous
// event's hash, so changing or removing a row breaks the chain from there on (VerifyChain).
type AuditEvent struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"` // login, or "system" for the command line and the server itself
	AccountID int64     `json:"accountId,omitempty"`
	Action    string    `json:"action"`
	Target    string    `json:"target,omitempty"` // what was acted on: a login, "attempt 12", "plan 2026"
	Outcome   string    `json:"outcome"`
	Source    string    `json:"source,omitempty"` // client address
	Detail    string    `json:"detail,omitempty"` // never a password
	PrevHash  string    `json:"prevHash"`
	Hash      string    `json:"hash"`
}

// ChainHash computes the event's hash from its fields and prev, the previous event's hash ("" for
// the first). The encoding is a JSON array, so no field can bleed into the next.
func (e *AuditEvent) ChainHash(prev string) string {
	b, _ := json.Marshal([]any{prev, e.ID, e.At.Unix(), e.Actor, e.AccountID, e.Action, e.Target, e.Outcome, e.Source, e.Detail})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// AuditFilter selects events. Zero fields do not filter.
type AuditFilter struct {
	Actor   string
	Action  string
	Outcome string
	Since   time.Time
	Until   time.Time
	Offset  int
	Limit   int
}

// AuditVerification is the result of checking the chain.
type AuditVerification struct {
	Events   int       `json:"events"`
	Head     string    `json:"head"`               // hash of the last event: record it elsewhere to detect truncation
	BrokenAt int64     `json:"brokenAt,omitempty"` // ID of the first event whose hash does not match
	Problem  string    `json:"problem,omitempty"`
	Oldest   time.Time `json:"oldest,omitzero"`
}

// OK reports whether the whole chain matched.
func (v *AuditVerification) OK() bool { return v.BrokenAt == 0 && v.Problem == "" }

// AuditRetention is the shortest time events are kept (【07】第17条3: 3ヶ月以上). The tracker never
// deletes events; the value documents the floor for anyone who archives the database.
const AuditRetention = 92 * 24 * time.Hour

// AuditService reads and extends the log.
type AuditService interface {
	// RecordEvent appends an event (the caller, time and chain fields are filled in).
	RecordEvent(ctx context.Context, e *AuditEvent) error

	// FindEvents returns events, newest first, and the total before Offset/Limit.
	// EFORBIDDEN for a caller who is not an admin.
	FindEvents(ctx context.Context, filter AuditFilter) ([]*AuditEvent, int, error)

	// VerifyChain recomputes every hash. It returns an error only when the log cannot be read; a
	// broken chain is reported in the result.
	VerifyChain(ctx context.Context) (*AuditVerification, error)
}

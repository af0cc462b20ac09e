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
	ActionRoleMapSave    = "role_map_save"   // the 職位 → role mapping was saved on its page
	ActionAttemptSubmit  = "attempt_submit"  //
	ActionSurveySubmit   = "survey_submit"   //
	ActionAccessDenied   = "access_denied"   // a request outside the caller's scope or without a valid CSRF token
	ActionBackup         = "backup"          // 【03】第11条
	ActionExport         = "export"          // a 持ち出し of records (【03】第9条3)
	ActionAuditView      = "audit_view"      // the log itself was read
	ActionAuditAnchor    = "audit_anchor"    // the chain's head was written down outside the database (isms audit head)
	ActionEvidenceBind   = "evidence_bind"   // a record kept before evidence was bound to the chain was bound to it
	ActionSessionCreate  = "session_create"  // a 集合研修 or 訓練 was recorded
	ActionAttendance     = "attendance"      // an attendance was recorded
	ActionDrillImport    = "drill_import"    // a 訓練's result for one person was recorded
	ActionReminder       = "reminder"        // a reminder was sent or handed out

	ActionAcknowledge      = "acknowledge"       // 周知確認 of an amendment's notice
	ActionAmendmentSetting = "amendment_setting" // the 事務局 saved a version's deadline, waiver or 改正研修
	ActionQuestionReview   = "question_review"   // a question citing amended articles was reviewed
	ActionProposalSave     = "proposal_save"     // the 事務局 saved a proposal for next year's plan (year report)
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
	// The evidence record the event writes, with the SHA-256 of the row as stored (see Evidence):
	// the chain then covers the record, so a changed, added or removed row is found.
	RecordKind   string `json:"recordKind,omitempty"`
	RecordID     int64  `json:"recordId,omitempty"`
	RecordSHA256 string `json:"recordSha256,omitempty"`
	PrevHash     string `json:"prevHash"`
	Hash         string `json:"hash"`
}

// ChainHash computes the event's hash from its fields and prev, the previous event's hash ("" for
// the first). The encoding is a JSON array, so no field can bleed into the next. An event that
// records evidence adds the record's kind, ID and digest (events written before evidence was bound
// keep the shorter array, so their hashes still match).
func (e *AuditEvent) ChainHash(prev string) string {
	fields := []any{prev, e.ID, e.At.Unix(), e.Actor, e.AccountID, e.Action, e.Target, e.Outcome, e.Source, e.Detail}
	if e.RecordSHA256 != "" {
		fields = append(fields, e.RecordKind, e.RecordID, e.RecordSHA256)
	}
	b, _ := json.Marshal(fields)
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

// AuditVerification is the result of checking the chain, the evidence records bound to it and the
// anchors given.
type AuditVerification struct {
	Events  int         `json:"events"`
	Head    string      `json:"head"`    // hash of the last event
	Anchor  AuditAnchor `json:"anchor"`  // the head as `isms audit head` writes it down
	Records int         `json:"records"` // evidence records checked against their events
	Anchors int         `json:"anchors"` // anchors checked
	// The first problem found: the event whose hash or sequence breaks (BrokenAt), or the evidence
	// record that differs from its event (Record, e.g. "attempt 12"), with a sentence saying what.
	BrokenAt int64     `json:"brokenAt,omitempty"`
	Record   string    `json:"record,omitempty"`
	Problem  string    `json:"problem,omitempty"`
	Oldest   time.Time `json:"oldest,omitzero"`
}

// OK reports whether the whole chain, every record and every anchor matched.
func (v *AuditVerification) OK() bool { return v.BrokenAt == 0 && v.Record == "" && v.Problem == "" }

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

	// VerifyChain recomputes every hash, recomputes every evidence record against the event that
	// wrote it, and checks that each anchor (a head written down earlier) is still in the chain. It
	// returns an error only when the log cannot be read; a mismatch is reported in the result.
	VerifyChain(ctx context.Context, anchors ...AuditAnchor) (*AuditVerification, error)

	// ChainHead returns the newest event as an anchor, without checking the chain.
	ChainHead(ctx context.Context) (AuditAnchor, error)

	// AnchorHead records that the chain's head is being written down outside the database and
	// returns it (the anchor is the event this call appends).
	AnchorHead(ctx context.Context) (AuditAnchor, error)
}

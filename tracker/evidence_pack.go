package tracker

import (
	"context"
	"time"
)

// RosterImport is one applied 職員名簿 file, as its evidence record keeps it.
type RosterImport struct {
	ID         int64     `json:"id"`
	ImportedAt time.Time `json:"importedAt"`
	Actor      string    `json:"actor"`
	FileName   string    `json:"fileName"`
	FileSHA256 string    `json:"fileSha256"`
	Encoding   string    `json:"encoding"`
	Rows       int       `json:"rows"`
	Added      int       `json:"added"`
	Changed    int       `json:"changed"`
	Leaving    int       `json:"leaving"`
}

// PlanRevision is one save of a year's plan, as its evidence record keeps it.
type PlanRevision struct {
	ID         int64      `json:"id"`
	FiscalYear FiscalYear `json:"fiscalYear"`
	SavedAt    time.Time  `json:"savedAt"`
	SavedBy    string     `json:"savedBy"`
	Plan       string     `json:"plan"`    // the plan's canonical JSON, as approved
	EventID    int64      `json:"eventId"` // the audit event that wrote it
}

// EvidenceService reads a stretch of the audit chain and the evidence records bound to it, for an
// evidence pack that an auditor verifies without the database. Every method is for admins (and the
// command line) only: EFORBIDDEN otherwise.
type EvidenceService interface {
	// FirstEventSince returns the ID of the first event written at or after t, 0 when none is.
	FirstEventSince(ctx context.Context, t time.Time) (int64, error)

	// EachEvent calls fn for every event with an ID from from to to (0: the head when called), oldest
	// first.
	EachEvent(ctx context.Context, from, to int64, fn func(*AuditEvent) error) error

	// EachRecord calls fn for every evidence record that an event with an ID from from to to binds,
	// kind by kind in the store's order of evidence tables, each kind in ID order, in its canonical form.
	EachRecord(ctx context.Context, from, to int64, fn func(*EvidenceRecord) error) error

	// EvidenceColumns names the columns of each kind's canonical row, in order.
	EvidenceColumns() map[string][]string

	// FindRosterImports lists every applied roster file, oldest first.
	FindRosterImports(ctx context.Context) ([]*RosterImport, error)

	// FindPlanRevisions lists every save of a year's plan, oldest first.
	FindPlanRevisions(ctx context.Context, fy FiscalYear) ([]*PlanRevision, error)
}

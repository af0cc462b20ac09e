package tracker

import (
	"context"
)

// RosterEntry is one validated row of a 職員名簿 file.
type RosterEntry struct {
	Row        int      `json:"row"` // row number in the file (the header is row 1)
	StaffNo    string   `json:"staffNo"`
	Name       string   `json:"name"`
	Kana       string   `json:"kana"`
	Bureau     string   `json:"bureau"`
	Department string   `json:"department,omitempty"`
	Section    string   `json:"section,omitempty"`
	Position   string   `json:"position"`
	Category   Category `json:"category"`
	Auditor    bool     `json:"auditor"`
	Role       Role     `json:"role"` // of Position, by the RoleMap in force
	Mail       string   `json:"mail,omitempty"`
}

// UnitName is the entry's full unit name, as Unit.Name gives it.
func (e *RosterEntry) UnitName() string {
	return Unit{Bureau: e.Bureau, Department: e.Department, Section: e.Section}.Name()
}

// Roster is a whole parsed file. A roster is the complete list of staff: whoever is on the
// database but not in the file is leaving.
type Roster struct {
	FileName string         `json:"fileName"`
	Digest   string         `json:"digest"`   // SHA-256 of the file, recorded with the import
	Encoding string         `json:"encoding"` // UTF-8, UTF-8 (BOM) or Shift_JIS
	Entries  []*RosterEntry `json:"entries"`
	// Warnings are what was accepted but should be looked at (a 外部委託 row without 職位 taken as
	// 一般職員, an empty 氏名カナ), each with its row numbers; the preview shows them.
	Warnings []string `json:"warnings,omitempty"`
}

// RosterChange is a person whose row differs from the record.
type RosterChange struct {
	Entry  *RosterEntry `json:"entry"`
	Before *Person      `json:"before"`
	Fields []string     `json:"fields"` // what changed, in Japanese: 氏名, 所属, 職位, …
}

// RosterDiff is the preview of an import: nothing is applied until it is confirmed.
type RosterDiff struct {
	Added     []*RosterEntry  `json:"added"`
	Changed   []*RosterChange `json:"changed"`
	Leaving   []*Person       `json:"leaving"`
	Unchanged int             `json:"unchanged"`
	Warnings  []string        `json:"warnings,omitempty"`
	// Digest names this exact diff. ApplyRoster refuses when the diff it would apply has another
	// digest (the file or the records changed since the preview).
	Digest string `json:"digest"`
}

// RosterResult is an applied import. Passwords holds the temporary passwords of the new staff
// accounts; they are shown once and never stored in clear.
type RosterResult struct {
	ImportID  int64           `json:"importId"`
	Diff      *RosterDiff     `json:"diff"`
	Passwords []*TempPassword `json:"passwords"`
}

// RosterService compares and applies rosters; only admins and the command line may call it.
type RosterService interface {
	// PreviewRoster compares the roster with the records.
	// EFORBIDDEN for a non-admin caller; EINVALID when a row clashes with the records (a 職員番号
	// used by an admin ID).
	PreviewRoster(ctx context.Context, r *Roster) (*RosterDiff, error)

	// ApplyRoster applies the roster in one transaction: adds people with staff accounts and
	// temporary passwords, updates changed people (recording a posting on each 異動), marks the
	// missing as 退職 and disables their accounts. digest is the previewed RosterDiff.Digest.
	// ECONFLICT when the diff no longer matches digest; errors as PreviewRoster.
	ApplyRoster(ctx context.Context, r *Roster, digest string) (*RosterResult, error)
}

// Package evidencepack makes the 監査証跡パック an internal auditor (【12】第3–4条) takes away, and
// verifies one without the database: a ZIP holding the year report, the plan and its approval, a
// roster summary, every export of the year's records, the audit events from the year's first to
// the head with the evidence records they bind, the anchors, and a manifest of every file with its
// SHA-256. The pack is a 持ち出し like every export: its record binds the manifest's SHA-256 into
// the audit chain, and that record's event (the seal) is what the committee writes down.
package evidencepack

import (
	"time"

	"isms/tracker"
)

// FormatName identifies the layout of a pack's manifest.
const FormatName = "isms-evidence-pack/1"

// Fixed names inside the pack.
const (
	ManifestFile = "manifest.json"
	SealFile     = "seal.json"
	EventsFile   = "audit/events.jsonl"
	AnchorsFile  = "audit/anchors.txt"
	ColumnsFile  = "records/columns.json"
	recordsDir   = "records/"
)

// Manifest lists every file of the pack (except itself and the seal) with its size and SHA-256, and
// the stretch of the audit chain the pack holds.
type Manifest struct {
	Format         string             `json:"format"`
	FiscalYear     tracker.FiscalYear `json:"fiscalYear"`
	MadeAt         time.Time          `json:"madeAt"`
	MadeBy         string             `json:"madeBy"`
	Classification string             `json:"classification"`
	Names          bool               `json:"names"` // the roster's names are in it
	Chain          Chain              `json:"chain"`
	Files          []File             `json:"files"`
}

// Chain is the stretch of the audit chain in the pack: events First…Head, the first linked to
// the event before it by PrevHash.
type Chain struct {
	First    int64  `json:"first"`
	Head     int64  `json:"head"`
	PrevHash string `json:"prevHash"`
	HeadHash string `json:"headHash"`
}

// File is one file of the pack. ExportID names the 持ち出し record of a file that was recorded as
// an export of its own; its recorded SHA-256 must equal the file's.
type File struct {
	Path     string `json:"path"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`
	ExportID int64  `json:"exportId,omitempty"`
}

// Seal is the 持ち出し record of the pack itself and the audit event that wrote it: the record's
// file SHA-256 is the manifest's. It is written after the manifest, so it is not listed in it.
type Seal struct {
	Event  *tracker.AuditEvent     `json:"event"`
	Record *tracker.EvidenceRecord `json:"record"`
}

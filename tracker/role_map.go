package tracker

import (
	"context"
	"strings"
	"time"
)

// RoleMapSource says where the 職位 → role mapping in force comes from. The precedence is fixed:
// a file given to the server (-role-map) wins, so automation that writes the file stays in
// control; else the newest revision the 事務局 saved on the page; else DefaultRoleMap.
type RoleMapSource string

const (
	RoleMapFromFile RoleMapSource = "file"    // the -role-map file
	RoleMapStored   RoleMapSource = "stored"  // the newest saved revision
	RoleMapBuiltin  RoleMapSource = "builtin" // DefaultRoleMap
)

// Label says where the mapping comes from, as the pages put it.
func (s RoleMapSource) Label() string {
	switch s {
	case RoleMapFromFile:
		return "サーバーの設定ファイル（-role-map）"
	case RoleMapStored:
		return "この画面で保存した対応表"
	}
	return "既定の対応表（【01】第16条の表による）"
}

// ErrRoleMapFile is the answer to a change of the mapping on the page while a file overrides it.
func ErrRoleMapFile(file string) error {
	return Errorf(ECONFLICT, "職位の対応表はサーバーの設定ファイル（-role-map %s）で指定されているため、この画面では変更できません。ファイルを直すか、設定から外してください。", file)
}

// RoleMapRevision is one save of the mapping on the page: written once (an evidence record), the
// newest in force unless a file overrides it.
type RoleMapRevision struct {
	ID      int64     `json:"id"`
	SavedAt time.Time `json:"savedAt"`
	SavedBy string    `json:"savedBy"`
	Text    string    `json:"text"` // as saved: ParseRoleMap reads it
}

// RoleMapping is the mapping in force and where it comes from.
type RoleMapping struct {
	Map    RoleMap       `json:"map"`
	Text   string        `json:"text"` // the mapping as its source has it
	Source RoleMapSource `json:"source"`
	File   string        `json:"file,omitempty"` // the file, when Source is RoleMapFromFile
	// Revision is the newest saved revision, also when a file overrides it; nil when none was saved.
	Revision *RoleMapRevision `json:"revision,omitempty"`
}

// NormalizeRoleMapText is the text a revision keeps: line ends as LF, no trailing blanks, one final
// newline, so that saving the same text twice is seen as no change.
func NormalizeRoleMapText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t　")
	}
	return strings.TrimSpace(strings.Join(lines, "\n")) + "\n"
}

// RoleChange is a person on the current roster whose role a mapping would change at the next
// roster import.
type RoleChange struct {
	Person *Person `json:"person"` // as recorded, with the role of the current mapping
	Role   Role    `json:"role"`   // by the new mapping
}

// RoleMapPreview is what a mapping would do to the people on the current roster.
type RoleMapPreview struct {
	People  int           `json:"people"`  // in post (在職), all checked
	Changes []*RoleChange `json:"changes"` // whose role changes, in unit and 職員番号 order
	// Unmapped are people whose 職位 no line covers: the next roster import would refuse them.
	Unmapped []*Person `json:"unmapped"`
}

// RoleMapService keeps the 職位 → role mapping.
type RoleMapService interface {
	// RoleMapInForce returns the mapping roster files are read with now.
	RoleMapInForce(ctx context.Context) (*RoleMapping, error)

	// FindRoleMapRevisions lists the saved revisions, newest first. EFORBIDDEN for a non-admin.
	FindRoleMapRevisions(ctx context.Context) ([]*RoleMapRevision, error)

	// PreviewRoleMap compares the roles a mapping gives the people in post with their recorded
	// roles, changing nothing. EFORBIDDEN for a non-admin.
	PreviewRoleMap(ctx context.Context, m RoleMap) (*RoleMapPreview, error)

	// SaveRoleMap validates and saves a new revision, in force for the next roster read.
	// EINVALID listing every bad line, or when the text equals the revision in force; ECONFLICT
	// while a file overrides the stored mapping; EFORBIDDEN for a non-admin.
	SaveRoleMap(ctx context.Context, text string) (*RoleMapRevision, error)
}

package tracker

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// SessionKind is the kind of a session (design.md: 集合研修 and its kinds).
type SessionKind string

const (
	KindClassroom SessionKind = "集合研修"
	KindExternal  SessionKind = "外部研修"
	KindELearning SessionKind = "e-ラーニング（他システム）"
	KindDrill     SessionKind = "訓練" // 標的型メール訓練, 模擬訓練 (【11】第8条)
)

// SessionKinds lists the kinds in the order forms offer them.
func SessionKinds() []SessionKind {
	return []SessionKind{KindClassroom, KindExternal, KindELearning, KindDrill}
}

// Valid reports whether k is one of the kinds.
func (k SessionKind) Valid() bool { return slices.Contains(SessionKinds(), k) }

// Session is a training held outside the portal's quizzes: a classroom session for 課長, an external
// course, another system's e-learning, or a drill. The 事務局 records it once; the plan says whether
// attending it counts toward a role's module (Plan.Credits).
type TrainingSession struct {
	ID         int64       `json:"id"`
	FiscalYear FiscalYear  `json:"fiscalYear"`
	Kind       SessionKind `json:"kind"`
	Title      string      `json:"title"`
	Start      Date        `json:"start"`
	End        Date        `json:"end"` // the last day; equal to Start for a one-day session
	Place      string      `json:"place,omitempty"`
	Roles      []Role      `json:"roles,omitempty"`   // whom it is for; empty: everyone
	UnitIDs    []int64     `json:"unitIds,omitempty"` // which units it is for; empty: all
	Modules    []string    `json:"modules,omitempty"` // the plan's modules it covers
	Note       string      `json:"note,omitempty"`
	CreatedAt  time.Time   `json:"createdAt"`
	CreatedBy  string      `json:"createdBy"`

	Attended int `json:"attended"` // people recorded as attending (read, not stored)
}

// Validate checks what the 事務局 enters, every problem at once. known reports whether a module
// exists.
func (s *TrainingSession) Validate(known func(string) bool) error {
	var problems []string
	s.Title, s.Place, s.Note = strings.TrimSpace(s.Title), strings.TrimSpace(s.Place), strings.TrimSpace(s.Note)
	if !s.Kind.Valid() {
		problems = append(problems, "種類は 集合研修・外部研修・e-ラーニング（他システム）・訓練 のいずれかです。")
	}
	problems = append(problems, textProblems("名称", s.Title, 100, true)...)
	problems = append(problems, textProblems("場所", s.Place, 100, false)...)
	problems = append(problems, textProblems("備考", s.Note, 1000, false)...)
	switch {
	case s.Start.IsZero():
		problems = append(problems, "実施日を入力してください。")
	case s.End.IsZero():
		s.End = s.Start
	}
	if !s.Start.IsZero() && s.End.Before(s.Start) {
		problems = append(problems, "終了日が実施日より前です。")
	}
	if !s.Start.IsZero() {
		s.FiscalYear = s.Start.FiscalYear()
		if !s.End.IsZero() && s.End.FiscalYear() != s.FiscalYear {
			problems = append(problems, "実施日と終了日は同じ年度の中で指定してください。")
		}
	}
	for _, r := range s.Roles {
		if !r.Valid() {
			problems = append(problems, fmt.Sprintf("役割「%s」は存在しません。", r))
		}
	}
	for _, m := range s.Modules {
		if !known(m) {
			problems = append(problems, fmt.Sprintf("研修モジュール「%s」は存在しません。", m))
		}
	}
	return joinProblems(problems)
}

// For reports whether the session is meant for the person (its roles and units).
func (s *TrainingSession) For(p *Person) bool {
	if len(s.Roles) > 0 && !slices.Contains(s.Roles, p.TrainingRole()) && !slices.Contains(s.Roles, p.Role) {
		return false
	}
	if len(s.UnitIDs) == 0 {
		return true
	}
	for _, id := range s.UnitIDs {
		if id == p.Unit.BureauID || id == p.Unit.DepartmentID || id == p.Unit.SectionID {
			return true
		}
	}
	return false
}

// textProblems checks a free-text field's characters and length.
func textProblems(label, s string, max int, required bool) []string {
	switch {
	case required && s == "":
		return []string{label + "を入力してください。"}
	case !utf8.ValidString(s) || strings.ContainsFunc(s, isForbiddenControl) || strings.ContainsAny(s, "\r\n") && label != "備考":
		return []string{label + "に使用できない文字が含まれています。"}
	case utf8.RuneCountInString(s) > max:
		return []string{fmt.Sprintf("%sは%d字以内で入力してください。", label, max)}
	}
	return nil
}

// Attendance methods: how an attendance was recorded.
const (
	AttendanceCSV     = "csv"     // a file of 職員番号 the 事務局 uploaded
	AttendancePage    = "page"    // ticked by the 事務局 on the session's page
	AttendanceManager = "manager" // confirmed by the person's セキュリティ管理者
)

// AttendanceMethodName is a method as people read it.
func AttendanceMethodName(m string) string {
	switch m {
	case AttendanceCSV:
		return "出席者ファイル"
	case AttendancePage:
		return "事務局が記録"
	case AttendanceManager:
		return "セキュリティ管理者が確認"
	}
	return m
}

// Attendance is one person's attendance at a session: evidence, written once, with who recorded
// it, when and how, and the person's role and unit at the time.
type Attendance struct {
	ID         int64     `json:"id"`
	SessionID  int64     `json:"sessionId"`
	PersonID   int64     `json:"personId"`
	StaffNo    string    `json:"staffNo"`
	Name       string    `json:"name"`
	Role       Role      `json:"role"` // training role when recorded
	Unit       Unit      `json:"unit"`
	Method     string    `json:"method"`
	FileSHA256 string    `json:"fileSha256,omitempty"`
	RecordedAt time.Time `json:"recordedAt"`
	RecordedBy string    `json:"recordedBy"`

	Session *TrainingSession `json:"session,omitempty"` // filled by reads that join it
}

// StaffList is a parsed file of 職員番号 (attendance), as the roster reader reads files.
type StaffList struct {
	FileName string   `json:"fileName"`
	Digest   string   `json:"digest"`
	Encoding string   `json:"encoding"`
	StaffNos []string `json:"staffNos"`
	Rows     []int    `json:"rows"` // the row of each number, for messages
}

// AttendancePreview is what recording a list would do: nothing is written until it is confirmed
// with the same Digest.
type AttendancePreview struct {
	Session  *TrainingSession `json:"session"`
	Add      []*Person        `json:"add"`     // recorded when confirmed
	Already  []*Person        `json:"already"` // recorded before; left as they are
	NotFor   []*Person        `json:"notFor"`  // recorded too, but the session was not meant for them
	Digest   string           `json:"digest"`  // names this exact preview
	FileName string           `json:"fileName,omitempty"`
}

// TrainingService keeps sessions and attendance. Reads are scoped like attempts.
type TrainingService interface {
	// CreateSession records a session; 事務局 only. EINVALID when Validate fails (every problem);
	// EFORBIDDEN for anyone else.
	CreateSession(ctx context.Context, s *TrainingSession) error

	// FindSessions lists a fiscal year's sessions (0: every year), newest first, with the number of
	// attendances the caller may see. Any signed-in caller may list them.
	FindSessions(ctx context.Context, fy FiscalYear) ([]*TrainingSession, error)

	// FindSession returns a session. ENOTFOUND when there is none.
	FindSession(ctx context.Context, id int64) (*TrainingSession, error)

	// PreviewAttendance checks a list of 職員番号 against the roster and the session's records.
	// The 事務局 may name anyone on the roster; a セキュリティ管理者 only the people of their own
	// 課 (method manager). EINVALID lists every number that matches nobody or lies outside the
	// caller's scope, and nothing is recorded; EFORBIDDEN for staff.
	PreviewAttendance(ctx context.Context, sessionID int64, list *StaffList, method string) (*AttendancePreview, error)

	// RecordAttendance records the previewed list in one transaction, each attendance bound to the
	// audit chain. ECONFLICT when the preview no longer matches digest; errors as
	// PreviewAttendance.
	RecordAttendance(ctx context.Context, sessionID int64, list *StaffList, method, digest string) ([]*Attendance, error)

	// FindAttendance returns the attendances of a session (sessionID ≠ 0) or of a person
	// (personID ≠ 0) in the caller's scope, oldest first. ENOTFOUND for a person outside it.
	FindAttendance(ctx context.Context, sessionID, personID int64) ([]*Attendance, error)
}

package tracker

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Attempt is one graded quiz: the training record of 【01】第17条3. It keeps who took it with their
// role and unit at that time, so records stay true after a 異動, and what exactly was asked.
type Attempt struct {
	ID int64 `json:"id"`
	// Key identifies the drawn paper; a second submission of the same paper (back button, double
	// click) finds the first attempt instead of recording another.
	Key string `json:"-"`

	PersonID int64  `json:"personId"`
	StaffNo  string `json:"staffNo"`
	Name     string `json:"name"`
	Role     Role   `json:"role"` // TrainingRole when taken
	Position string `json:"position"`
	Unit     Unit   `json:"unit"`

	Module        string     `json:"module"`
	FiscalYear    FiscalYear `json:"fiscalYear"`
	PolicyVersion string     `json:"policyVersion"`
	BankVersion   string     `json:"bankVersion"`

	Paper   json.RawMessage     `json:"paper"`   // the drawn quiz.Paper: questions and choice order
	Answers map[string][]string `json:"answers"` // question ID → chosen choice IDs
	Items   []AttemptItem       `json:"items"`   // per-question grading, for competency analysis

	Correct int  `json:"correct"`
	Total   int  `json:"total"`
	Percent int  `json:"percent"`
	Passed  bool `json:"passed"`

	StartedAt   time.Time `json:"startedAt"`
	SubmittedAt time.Time `json:"submittedAt"`
	// Late is set when the attempt was submitted after the person's deadline under the plan in
	// force (Plan.DeadlineFor), or after the plan's period: it is recorded all the same, marked
	// 期限後 wherever its result is shown.
	Late bool `json:"late"`

	Survey *Survey `json:"survey,omitempty"`
}

// AttemptItem is the grading of one question of an attempt.
type AttemptItem struct {
	QuestionID string   `json:"questionId"`
	Competency string   `json:"competency"`
	Chosen     []string `json:"chosen"`
	Right      bool     `json:"right"`
}

// Validate checks what the caller of CreateAttempt supplies.
func (a *Attempt) Validate() error {
	switch {
	case a.Key == "" || len(a.Key) > 200:
		return Errorf(EINVALID, "受験の識別子が正しくありません。")
	case a.Module == "":
		return Errorf(EINVALID, "研修モジュールが指定されていません。")
	case !a.FiscalYear.Valid():
		return Errorf(EINVALID, "年度が正しくありません。")
	case a.Total <= 0 || a.Correct < 0 || a.Correct > a.Total || a.Percent < 0 || a.Percent > 100:
		return Errorf(EINVALID, "採点結果が正しくありません。")
	case len(a.Paper) == 0 || !json.Valid(a.Paper):
		return Errorf(EINVALID, "出題内容が記録されていません。")
	case a.StartedAt.IsZero() || a.StartedAt.After(a.SubmittedAt) && !a.SubmittedAt.IsZero():
		return Errorf(EINVALID, "受験開始時刻が正しくありません。")
	}
	return nil
}

// Survey is the short questionnaire after a quiz: the evidence of effectiveness (【01】第17条3).
type Survey struct {
	AttemptID     int64     `json:"attemptId"`
	Understanding int       `json:"understanding"` // 理解度 1–5
	Usefulness    int       `json:"usefulness"`    // 業務への役立ち 1–5
	Comment       string    `json:"comment,omitempty"`
	CreatedAt     time.Time `json:"createdAt"`
}

// MaxSurveyComment is the longest comment accepted, in characters.
const MaxSurveyComment = 1000

// Validate checks the answers' ranges and the comment.
func (s *Survey) Validate() error {
	var problems []string
	if s.Understanding < 1 || s.Understanding > 5 {
		problems = append(problems, "理解度を1〜5から選んでください。")
	}
	if s.Usefulness < 1 || s.Usefulness > 5 {
		problems = append(problems, "業務への役立ちを1〜5から選んでください。")
	}
	if !utf8.ValidString(s.Comment) || strings.ContainsFunc(s.Comment, isForbiddenControl) {
		problems = append(problems, "感想に使用できない文字が含まれています。")
	} else if n := utf8.RuneCountInString(s.Comment); n > MaxSurveyComment {
		problems = append(problems, fmt.Sprintf("感想は%d字以内で入力してください（現在%d字）。", MaxSurveyComment, n))
	}
	if len(problems) > 0 {
		return &Error{Code: EINVALID, Message: strings.Join(problems, "\n")}
	}
	return nil
}

// isForbiddenControl reports control characters other than tab and newlines.
func isForbiddenControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f || r == utf8.RuneError
}

// AttemptFilter selects attempts. Zero fields do not filter.
type AttemptFilter struct {
	PersonID   int64
	UnitID     int64 // attempts of people now in this unit
	Module     string
	FiscalYear FiscalYear
	Offset     int
	Limit      int
}

// ModuleResult sums up one person's attempts at one module in one fiscal year.
type ModuleResult struct {
	Module      string     `json:"module"`
	Attempts    int        `json:"attempts"`
	PassedAt    *time.Time `json:"passedAt,omitempty"` // first passing submission
	PassLate    bool       `json:"passLate,omitempty"` // that submission was recorded as late
	PassPercent int        `json:"passPercent,omitempty"`
	BestPercent int        `json:"bestPercent"`
	LastID      int64      `json:"lastAttemptId"`
	PassID      int64      `json:"passAttemptId,omitempty"`
	// Session is the session whose attendance passed the module (Plan.Credits), when that came
	// before any passing attempt; PassedAt is then the session's last day.
	Session int64 `json:"session,omitempty"`
}

// Credit merges a credited attendance (session, on its last day) into the result: the module is
// passed from the earlier of the two.
func (r *ModuleResult) Credit(session int64, on time.Time) {
	if r.PassedAt == nil || on.Before(*r.PassedAt) {
		t := on
		r.PassedAt, r.Session, r.PassID = &t, session, 0
		r.PassPercent = 0
	}
}

// AttemptService records and reads attempts. Reads apply the caller's scope.
type AttemptService interface {
	// CreateAttempt records a graded attempt for the caller, filling in the snapshot of who they
	// are now. When an attempt with the same Key exists, a is filled from it and created is false.
	// EINVALID when Validate fails; EFORBIDDEN for a caller without a person (admins take no
	// training) or one who has left; ECONFLICT when the retake limit for the module is reached.
	CreateAttempt(ctx context.Context, a *Attempt) (created bool, err error)

	// FindAttemptByID returns an attempt with its survey.
	// ENOTFOUND when it does not exist or its person is outside the caller's scope.
	FindAttemptByID(ctx context.Context, id int64) (*Attempt, error)

	// FindAttempts returns attempts, newest first, and the total count before Offset/Limit.
	// EFORBIDDEN when filter.UnitID is outside the scope; ENOTFOUND when filter.PersonID is.
	FindAttempts(ctx context.Context, filter AttemptFilter) ([]*Attempt, int, error)

	// FindResults sums up attempts per person and module in the plan's fiscal year, for the people
	// of a unit (unitID) or one person (personID), with the attendances the plan credits
	// (ModuleResult.Credit). Scope errors as FindAttempts.
	FindResults(ctx context.Context, plan *Plan, unitID, personID int64) (map[int64]map[string]*ModuleResult, error)

	// SaveSurvey records the survey of one of the caller's own attempts.
	// EINVALID when Validate fails; ENOTFOUND when the attempt is not the caller's; ECONFLICT when
	// the attempt already has a survey.
	SaveSurvey(ctx context.Context, s *Survey) error
}

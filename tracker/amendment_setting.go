package tracker

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"isms/quiz"
)

// AmendmentSetting is what the 事務局 decides for one version: 周知確認 is required of everyone in
// post from the 施行日 unless waived (a purely editorial amendment, with the reason recorded), by
// an optional deadline, and a 改正研修 may be required as well. Every save is a revision kept as
// evidence; the newest is in force.
type AmendmentSetting struct {
	Version    string    `json:"version"`
	Deadline   Date      `json:"deadline,omitzero"` // 周知確認（と改正研修）の期限; zero: none
	Waived     bool      `json:"waived,omitempty"`  // 周知確認を求めない
	Reason     string    `json:"reason,omitempty"`  // why it is waived
	Retraining bool      `json:"retraining,omitempty"`
	SavedAt    time.Time `json:"savedAt,omitzero"`
	SavedBy    string    `json:"savedBy,omitempty"`
	Default    bool      `json:"default,omitempty"` // no revision is recorded: the default stands
}

// DefaultAmendmentSetting is the setting of a version nobody has set: confirmation required, no
// deadline, no 改正研修.
func DefaultAmendmentSetting(version string) *AmendmentSetting {
	return &AmendmentSetting{Version: version, Default: true}
}

// SettingOf returns a version's setting in force from AmendmentService.AmendmentSettings.
func SettingOf(settings map[string]*AmendmentSetting, version string) *AmendmentSetting {
	if s := settings[version]; s != nil {
		return s
	}
	return DefaultAmendmentSetting(version)
}

// Required reports whether staff must confirm the version.
func (s *AmendmentSetting) Required() bool { return !s.Waived }

// MaxWaiverReason is the longest reason accepted, in characters.
const MaxWaiverReason = 500

// Validate checks a setting against its amendment, all problems at once.
func (s *AmendmentSetting) Validate(a *Amendment) error {
	var problems []string
	if a == nil || a.Version != s.Version {
		return Errorf(EINVALID, "版の指定が正しくありません。")
	}
	s.Reason = strings.TrimSpace(s.Reason)
	if !s.Deadline.IsZero() && s.Deadline.Before(a.Effective) {
		problems = append(problems, fmt.Sprintf("期限は施行日（%s）以降の日にしてください。", a.Effective.Japanese()))
	}
	switch {
	case s.Waived && s.Reason == "":
		problems = append(problems, "周知確認を求めない理由（字句の修正だけの改正であることなど）を入力してください。")
	case !s.Waived && s.Reason != "":
		problems = append(problems, "理由は周知確認を求めないときだけ入力してください。")
	case !utf8.ValidString(s.Reason) || strings.ContainsFunc(s.Reason, isForbiddenControl):
		problems = append(problems, "理由に使用できない文字が含まれています。")
	case utf8.RuneCountInString(s.Reason) > MaxWaiverReason:
		problems = append(problems, fmt.Sprintf("理由は%d字以内で入力してください（現在%d字）。", MaxWaiverReason, utf8.RuneCountInString(s.Reason)))
	}
	if s.Waived && s.Retraining {
		problems = append(problems, "周知確認を求めない版には改正研修を課せません。")
	}
	return joinProblems(problems)
}

// ReviewOutcome is what the review of a question found.
type ReviewOutcome string

const (
	ReviewUnchanged ReviewOutcome = "unchanged" // the question still teaches the amended text as it stands
	ReviewEdited    ReviewOutcome = "edited"    // the question was edited in the bank to teach the new text
)

// Label is the outcome as pages show it.
func (o ReviewOutcome) Label() string {
	switch o {
	case ReviewUnchanged:
		return "見直し済（変更なし）"
	case ReviewEdited:
		return "見直し済（問題集で修正）"
	}
	return string(o)
}

// QuestionReview records that a question citing articles an amendment changed was reviewed
// against it, so that no question teaching the old text stays in use unreviewed.
type QuestionReview struct {
	ID          int64         `json:"id"`
	Question    string        `json:"question"`
	Module      string        `json:"module"`
	BankVersion string        `json:"bankVersion"` // of the bank when reviewed
	Version     string        `json:"version"`     // the amendment
	Outcome     ReviewOutcome `json:"outcome"`
	Note        string        `json:"note,omitempty"`
	ReviewedAt  time.Time     `json:"reviewedAt"`
	ReviewedBy  string        `json:"reviewedBy"`
}

// MaxReviewNote is the longest note accepted, in characters.
const MaxReviewNote = 500

// Validate checks what the caller of RecordQuestionReview supplies.
func (r *QuestionReview) Validate() error {
	var problems []string
	r.Note = strings.TrimSpace(r.Note)
	if r.Question == "" || len(r.Question) > 100 || r.Module == "" || len(r.Module) > 100 || len(r.BankVersion) > 100 {
		problems = append(problems, "見直す問題の指定が正しくありません。")
	}
	if !ValidVersion(r.Version) {
		problems = append(problems, "版の指定が正しくありません。")
	}
	if r.Outcome != ReviewUnchanged && r.Outcome != ReviewEdited {
		problems = append(problems, "見直しの結果は「変更なし」か「問題集で修正した」を選んでください。")
	}
	if !utf8.ValidString(r.Note) || strings.ContainsFunc(r.Note, isForbiddenControl) {
		problems = append(problems, "メモに使用できない文字が含まれています。")
	} else if n := utf8.RuneCountInString(r.Note); n > MaxReviewNote {
		problems = append(problems, fmt.Sprintf("メモは%d字以内で入力してください（現在%d字）。", MaxReviewNote, n))
	}
	return joinProblems(problems)
}

// Reviews says which questions still wait for review against the amendments in effect at a time:
// a question that cites an article an amendment in effect changed, and has no review for that
// amendment, is not drawn.
type Reviews struct {
	inEffect []*Amendment
	newest   map[[2]string]*QuestionReview // (version, question) → newest review
}

// NewReviews relates the reviews recorded to the amendments in effect at t.
func NewReviews(amendments []*Amendment, reviews []*QuestionReview, t time.Time) *Reviews {
	r := &Reviews{newest: map[[2]string]*QuestionReview{}}
	for _, a := range amendments {
		if a.InEffect(t) {
			r.inEffect = append(r.inEffect, a)
		}
	}
	for _, rv := range reviews {
		k := [2]string{rv.Version, rv.Question}
		if old := r.newest[k]; old == nil || old.ID < rv.ID {
			r.newest[k] = rv
		}
	}
	return r
}

// Of returns the newest review of a question for a version, or nil.
func (r *Reviews) Of(version, question string) *QuestionReview {
	return r.newest[[2]string{version, question}]
}

// Pending lists the amendments in effect that q cites and has not been reviewed for.
func (r *Reviews) Pending(q *quiz.Question) []*Amendment {
	var out []*Amendment
	for _, a := range r.inEffect {
		if CitesAny(a, q) && r.Of(a.Version, q.ID) == nil {
			out = append(out, a)
		}
	}
	return out
}

// Drawable reports whether q may be drawn: nothing it cites waits for review.
func (r *Reviews) Drawable(q *quiz.Question) bool { return len(r.Pending(q)) == 0 }

// CitesAny reports whether a question cites an article the amendment changed.
func CitesAny(a *Amendment, q *quiz.Question) bool {
	for _, c := range q.Cites {
		if a.Cites(c) {
			return true
		}
	}
	return false
}

package tracker

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// PlanProposal is what the 事務局 proposes to change in next year's plan, written into the year
// report (【01】第17条3, the input to the マネジメントレビュー of 第20条). The text may be revised until
// the committee meets; every save is kept as a revision, written once and bound to the audit chain,
// so the report shows the newest and the record shows who wrote what when.
type PlanProposal struct {
	ID         int64      `json:"id"`
	FiscalYear FiscalYear `json:"fiscalYear"` // the year reported on (the plan proposed is the next one's)
	Text       string     `json:"text"`
	SavedAt    time.Time  `json:"savedAt"`
	SavedBy    string     `json:"savedBy"`
}

// MaxProposalText is the longest proposal accepted, in characters.
const MaxProposalText = 4000

// Validate checks the year and the text, every problem at once.
func (p *PlanProposal) Validate() error {
	var problems []string
	if !p.FiscalYear.Valid() {
		problems = append(problems, "年度が正しくありません。西暦の4桁（例: 2026）で指定してください。")
	}
	switch {
	case !utf8.ValidString(p.Text) || strings.ContainsFunc(p.Text, isForbiddenControl):
		problems = append(problems, "次年度計画への提案に使用できない文字が含まれています。")
	case strings.TrimSpace(p.Text) == "":
		problems = append(problems, "次年度計画への提案を入力してください。")
	case utf8.RuneCountInString(p.Text) > MaxProposalText:
		problems = append(problems, fmt.Sprintf("次年度計画への提案は%d字以内で入力してください（現在%d字）。", MaxProposalText,
			utf8.RuneCountInString(p.Text)))
	}
	return joinProblems(problems)
}

// ProposalService keeps the proposals for next year's plan.
type ProposalService interface {
	// FindProposals returns every revision of a year's proposal, newest first (none: an empty list).
	// EFORBIDDEN for a caller whose scope is not the whole city; EINVALID for a bad fiscal year.
	FindProposals(ctx context.Context, fy FiscalYear) ([]*PlanProposal, error)

	// SaveProposal records a new revision with its audit event; the caller and time are filled in.
	// EINVALID when Validate fails; EFORBIDDEN for a caller who is not an admin.
	SaveProposal(ctx context.Context, p *PlanProposal) error
}

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"isms/tracker"
)

// planContent is a plan as its revisions record it: everything the committee approves, in a
// canonical JSON (struct fields in order, map keys sorted).
// The training rules came later: they are left out when unset, so revisions saved before them
// still match.
func planContent(p *tracker.Plan) string {
	b, _ := json.Marshal(struct {
		FiscalYear     tracker.FiscalYear        `json:"fiscalYear"`
		Start          string                    `json:"start"`
		End            string                    `json:"end"`
		Deadline       string                    `json:"deadline"`
		Modules        map[tracker.Role][]string `json:"modules"`
		ApprovedOn     string                    `json:"approvedOn"`
		Approver       string                    `json:"approver"`
		Note           string                    `json:"note"`
		JoinerDays     int                       `json:"joinerDays,omitempty"`
		RoleChangeDays int                       `json:"roleChangeDays,omitempty"`
		Credits        []tracker.SessionCredit   `json:"credits,omitempty"`
		FollowUps      []tracker.FollowUp        `json:"followUps,omitempty"`
	}{p.FiscalYear, p.Start.String(), p.End.String(), p.Deadline.String(), p.Modules, p.ApprovedOn.String(), p.Approver, p.Note,
		p.JoinerDays, p.RoleChangeDays, p.Credits, p.FollowUps})
	return string(b)
}

// planTrainingJSON is how the plans table keeps the training rules (” when none).
type planTrainingJSON struct {
	JoinerDays     int                     `json:"joinerDays,omitempty"`
	RoleChangeDays int                     `json:"roleChangeDays,omitempty"`
	Credits        []tracker.SessionCredit `json:"credits,omitempty"`
	FollowUps      []tracker.FollowUp      `json:"followUps,omitempty"`
}

func planTraining(p *tracker.Plan) string {
	if p.JoinerDays == 0 && p.RoleChangeDays == 0 && len(p.Credits) == 0 && len(p.FollowUps) == 0 {
		return ""
	}
	b, _ := json.Marshal(planTrainingJSON{p.JoinerDays, p.RoleChangeDays, p.Credits, p.FollowUps})
	return string(b)
}

func readPlanTraining(p *tracker.Plan, s string) error {
	if s == "" {
		return nil
	}
	var t planTrainingJSON
	if err := json.Unmarshal([]byte(s), &t); err != nil {
		return fmt.Errorf("plan %d: training rules: %w", p.FiscalYear, err)
	}
	p.JoinerDays, p.RoleChangeDays, p.Credits, p.FollowUps = t.JoinerDays, t.RoleChangeDays, t.Credits, t.FollowUps
	return nil
}

// checkCredits refuses credits for a session of another year or a module the session does not cover.
func (tx *Tx) checkCredits(ctx context.Context, p *tracker.Plan) error {
	var problems []string
	for _, c := range p.Credits {
		s, err := tx.db.sessionByID(ctx, tx, c.Session)
		switch {
		case tracker.ErrorCode(err) == tracker.ENOTFOUND:
			problems = append(problems, fmt.Sprintf("集合研修（番号 %d）は記録されていません。", c.Session))
		case err != nil:
			return err
		case s.FiscalYear != p.FiscalYear:
			problems = append(problems, fmt.Sprintf("集合研修「%s」は%sのものです。", s.Title, s.FiscalYear))
		case !slices.Contains(s.Modules, c.Module):
			problems = append(problems, fmt.Sprintf("集合研修「%s」は研修モジュール「%s」を扱っていません。", s.Title, c.Module))
		}
	}
	for _, f := range p.FollowUps {
		s, err := tx.db.sessionByID(ctx, tx, f.Drill)
		switch {
		case tracker.ErrorCode(err) == tracker.ENOTFOUND:
			problems = append(problems, fmt.Sprintf("訓練（番号 %d）は記録されていません。", f.Drill))
		case err != nil:
			return err
		case s.Kind != tracker.KindDrill || s.FiscalYear != p.FiscalYear:
			problems = append(problems, fmt.Sprintf("「%s」は%sの訓練ではありません。", s.Title, p.FiscalYear))
		case !tx.db.Config.KnownModule(f.Module):
			problems = append(problems, fmt.Sprintf("研修モジュール「%s」は存在しません。", f.Module))
		}
	}
	if len(problems) > 0 {
		return &tracker.Error{Code: tracker.EINVALID, Message: strings.Join(problems, "\n")}
	}
	return nil
}

// insertPlanRevision records a save of p as a revision, written once.
func (tx *Tx) insertPlanRevision(p *tracker.Plan, savedBy string) (int64, error) {
	res, err := tx.Exec(`INSERT INTO plan_revisions (fiscal_year, saved_at, saved_by, plan) VALUES (?, ?, ?, ?)`,
		p.FiscalYear, unix(tx.now), savedBy, planContent(p))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// verifyCurrentPlans checks that each fiscal year's plan in force is its newest revision, so a
// plan changed in the database, beside the application, is found like a changed record.
func (db *DB) verifyCurrentPlans(ctx context.Context, v *tracker.AuditVerification) error {
	plans, err := db.findPlans(ctx, 0)
	if err != nil {
		return err
	}
	for _, p := range plans {
		var id int64
		var content string
		err := db.rdb.QueryRowContext(ctx, `SELECT id, plan FROM plan_revisions WHERE fiscal_year = ? ORDER BY id DESC LIMIT 1`,
			p.FiscalYear).Scan(&id, &content)
		switch {
		case err == sql.ErrNoRows:
			v.Record, v.Problem = fmt.Sprintf("%sの年度教育計画", p.FiscalYear), fmt.Sprintf("%sの年度教育計画に保存記録がありません（計画が後から追加されています）。", p.FiscalYear)
			return nil
		case err != nil:
			return err
		case content != planContent(p):
			v.Record = tracker.RecordName(tracker.EvidencePlan, id)
			v.Problem = fmt.Sprintf("%sの年度教育計画が最新の保存記録（%s）と一致しません（計画が変更されています）。", p.FiscalYear, v.Record)
			return nil
		}
	}
	return nil
}

package sqlite

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"isms/tracker"
)

var _ tracker.ProposalService = (*DB)(nil)

// FindProposals returns a year's proposal revisions, newest first, to callers who see the whole city.
func (db *DB) FindProposals(ctx context.Context, fy tracker.FiscalYear) ([]*tracker.PlanProposal, error) {
	if !tracker.PrincipalFrom(ctx).Scope().All {
		return nil, tracker.Errorf(tracker.EFORBIDDEN, "年度報告は情報セキュリティ事務局とISMS統括責任者だけが見られます。")
	}
	if !fy.Valid() {
		return nil, tracker.Errorf(tracker.EINVALID, "年度が正しくありません。西暦の4桁（例: 2026）で指定してください。")
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT id, fiscal_year, saved_at, saved_by, text FROM plan_proposals WHERE fiscal_year = ?
		ORDER BY id DESC`, fy)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*tracker.PlanProposal{}
	for rows.Next() {
		var p tracker.PlanProposal
		var at int64
		if err := rows.Scan(&p.ID, &p.FiscalYear, &at, &p.SavedBy, &p.Text); err != nil {
			return nil, err
		}
		p.SavedAt = fromUnix(at)
		out = append(out, &p)
	}
	return out, rows.Err()
}

// SaveProposal records a new revision of a year's proposal, bound to the chain.
func (db *DB) SaveProposal(ctx context.Context, p *tracker.PlanProposal) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	p.Text = strings.TrimSpace(strings.ReplaceAll(p.Text, "\r\n", "\n"))
	if err := p.Validate(); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	actor, _, _ := actorOf(ctx)
	res, err := tx.ExecContext(ctx, `INSERT INTO plan_proposals (fiscal_year, saved_at, saved_by, text) VALUES (?, ?, ?, ?)`,
		p.FiscalYear, unix(tx.now), actor, p.Text)
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("year=%d chars=%d", p.FiscalYear, utf8.RuneCountInString(p.Text))
	if err := tx.logEvidence(ctx, tracker.EvidenceProposal, id, tracker.ActionProposalSave, fmt.Sprintf("proposal %d", p.FiscalYear), detail); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	p.ID, p.SavedAt, p.SavedBy = id, tx.now, actor
	return nil
}

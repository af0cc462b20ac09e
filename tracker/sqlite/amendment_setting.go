package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"isms/tracker"
)

// settingJSON is a setting as its revisions record it, in a canonical JSON.
type settingJSON struct {
	Version    string `json:"version"`
	Deadline   string `json:"deadline"`
	Waived     bool   `json:"waived"`
	Reason     string `json:"reason"`
	Retraining bool   `json:"retraining"`
}

func settingContent(s *tracker.AmendmentSetting) string {
	b, _ := json.Marshal(settingJSON{s.Version, s.Deadline.String(), s.Waived, s.Reason, s.Retraining})
	return string(b)
}

// SaveAmendmentSetting records a revision of a version's setting, written once.
func (db *DB) SaveAmendmentSetting(ctx context.Context, s *tracker.AmendmentSetting) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	if !tracker.ValidVersion(s.Version) {
		return tracker.Errorf(tracker.EINVALID, "版の指定が正しくありません。")
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	actor, _, _ := actorOf(ctx)
	res, err := tx.ExecContext(ctx, `INSERT INTO amendment_settings (version, saved_at, saved_by, setting) VALUES (?, ?, ?, ?)`,
		s.Version, unix(tx.now), actor, settingContent(s))
	if err != nil {
		return err
	}
	id, _ := res.LastInsertId()
	detail := fmt.Sprintf("deadline=%s waived=%t retraining=%t", s.Deadline, s.Waived, s.Retraining)
	if s.Waived {
		detail += " reason=" + s.Reason
	}
	if err := tx.logEvidence(ctx, tracker.EvidenceAmendmentSetting, id, tracker.ActionAmendmentSetting, "amendment "+s.Version, detail); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	db.amendmentSettings.clear()
	s.SavedAt, s.SavedBy, s.Default = tx.now, actor, false
	return nil
}

// AmendmentSettings returns the newest revision of every version's setting.
func (db *DB) AmendmentSettings(ctx context.Context) (map[string]*tracker.AmendmentSetting, error) {
	return db.amendmentSettings.get(func() (map[string]*tracker.AmendmentSetting, error) {
		rows, err := db.rdb.QueryContext(ctx, `SELECT saved_at, saved_by, setting FROM amendment_settings ORDER BY id`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := map[string]*tracker.AmendmentSetting{}
		for rows.Next() {
			var at int64
			var by, content string
			if err := rows.Scan(&at, &by, &content); err != nil {
				return nil, err
			}
			var c settingJSON
			if err := json.Unmarshal([]byte(content), &c); err != nil {
				return nil, err
			}
			s := &tracker.AmendmentSetting{Version: c.Version, Waived: c.Waived, Reason: c.Reason, Retraining: c.Retraining,
				SavedAt: fromUnix(at), SavedBy: by}
			if c.Deadline != "" {
				if s.Deadline, err = tracker.ParseDate(c.Deadline); err != nil {
					return nil, err
				}
			}
			out[s.Version] = s // later revisions replace earlier ones
		}
		return out, rows.Err()
	})
}

// RecordQuestionReview records that a question was reviewed against an amendment.
func (db *DB) RecordQuestionReview(ctx context.Context, r *tracker.QuestionReview) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	actor, _, _ := actorOf(ctx)
	res, err := tx.ExecContext(ctx, `INSERT INTO question_reviews (question, module, bank_version, version, outcome, note, reviewed_at,
		reviewed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.Question, r.Module, r.BankVersion, r.Version, r.Outcome, r.Note, unix(tx.now), actor)
	if err != nil {
		return err
	}
	r.ID, _ = res.LastInsertId()
	if err := tx.logEvidence(ctx, tracker.EvidenceQuestionReview, r.ID, tracker.ActionQuestionReview, "question "+r.Question,
		fmt.Sprintf("version=%s module=%s bank=%s outcome=%s", r.Version, r.Module, r.BankVersion, r.Outcome)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	db.questionReviews.clear()
	r.ReviewedAt, r.ReviewedBy = tx.now, actor
	return nil
}

// QuestionReviews returns every review, oldest first.
func (db *DB) QuestionReviews(ctx context.Context) ([]*tracker.QuestionReview, error) {
	return db.questionReviews.get(func() ([]*tracker.QuestionReview, error) {
		rows, err := db.rdb.QueryContext(ctx, `SELECT id, question, module, bank_version, version, outcome, note, reviewed_at, reviewed_by
			FROM question_reviews ORDER BY id`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []*tracker.QuestionReview
		for rows.Next() {
			var r tracker.QuestionReview
			var at int64
			if err := rows.Scan(&r.ID, &r.Question, &r.Module, &r.BankVersion, &r.Version, &r.Outcome, &r.Note, &at, &r.ReviewedBy); err != nil {
				return nil, err
			}
			r.ReviewedAt = fromUnix(at)
			out = append(out, &r)
		}
		return out, rows.Err()
	})
}

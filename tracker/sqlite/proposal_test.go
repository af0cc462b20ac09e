package sqlite_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"isms/tracker"
)

// TestProposal: the 事務局's proposal for next year's plan is kept as revisions, newest first, each
// bound to the audit chain; only admins write it and only whole-city callers read it.
func TestProposal(t *testing.T) {
	ctx := context.Background()
	db, raw := evidenceFixture(t)
	for _, text := range []string{"標的型メール訓練を年2回にする。", "  標的型メール訓練を年2回にし、\r\n課長研修に事例を加える。  "} {
		if err := db.SaveProposal(ctx, &tracker.PlanProposal{FiscalYear: 2026, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("OK", func(t *testing.T) {
		got, err := db.FindProposals(ctx, 2026)
		if err != nil || len(got) != 2 {
			t.Fatalf("got %d revisions, %v; want 2", len(got), err)
		}
		if got[0].Text != "標的型メール訓練を年2回にし、\n課長研修に事例を加える。" || got[0].SavedBy == "" || got[1].ID >= got[0].ID {
			t.Errorf("newest revision %+v; want the trimmed text with its author, newest first", got[0])
		}
		if other, _ := db.FindProposals(ctx, 2027); len(other) != 0 {
			t.Errorf("2027: got %d revisions, want none", len(other))
		}
		if v, err := db.VerifyChain(ctx); err != nil || !v.OK() || v.Records != 8 {
			t.Fatalf("got %+v, %v; want 8 records checked, all matching", v, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, p := range []*tracker.PlanProposal{{FiscalYear: 2026, Text: "  "}, {FiscalYear: 2026, Text: strings.Repeat("あ", 4001)},
			{FiscalYear: 2026, Text: "a\x00b"}, {FiscalYear: 1, Text: "x"}} {
			wantCode(t, db.SaveProposal(ctx, p), tracker.EINVALID)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		staff := tracker.NewContext(ctx, &tracker.Principal{Account: &tracker.Account{Login: "1002", Kind: tracker.KindStaff},
			Person: &tracker.Person{ID: 2, StaffNo: "1002"}})
		wantCode(t, db.SaveProposal(staff, &tracker.PlanProposal{FiscalYear: 2026, Text: "x"}), tracker.EFORBIDDEN)
		_, err := db.FindProposals(staff, 2026)
		wantCode(t, err, tracker.EFORBIDDEN)
	})
	t.Run("TamperFound", func(t *testing.T) {
		if _, err := raw.Exec(`UPDATE plan_proposals SET text = 'x' WHERE id = 1`); err == nil || !strings.Contains(err.Error(), "written once") {
			t.Fatalf("got %v, want the trigger to refuse", err)
		}
		for _, q := range []string{`DROP TRIGGER plan_proposals_no_update`, `UPDATE plan_proposals SET text = '訓練は不要とする。' WHERE id = 1`} {
			if _, err := raw.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		if v, _ := db.VerifyChain(ctx); v.Record != "次年度計画への提案の記録 1" || !strings.Contains(v.Problem, "一致しません") {
			t.Fatalf("got %+v, want the changed proposal named", v)
		}
	})
}

// TestEachRecord: the records a stretch of the chain binds come out in the canonical form whose
// SHA-256 their events carry, so a verifier without the database can check them.
func TestEachRecord(t *testing.T) {
	ctx := context.Background()
	db, _ := evidenceFixture(t)
	bound := map[string]string{}
	var first, last int64
	err := db.EachEvent(ctx, 1, 0, func(e *tracker.AuditEvent) error {
		if first == 0 {
			first = e.ID
		}
		if e.ID != last+1 {
			t.Errorf("event %d after %d", e.ID, last)
		}
		last = e.ID
		if e.RecordKind != "" {
			bound[tracker.RecordName(e.RecordKind, e.RecordID)] = e.RecordSHA256
		}
		return nil
	})
	if err != nil || first != 1 || len(bound) != 6 {
		t.Fatalf("events 1..%d, %d bound records, %v; want every event from 1 and 6 records", last, len(bound), err)
	}
	n := 0
	err = db.EachRecord(ctx, 1, last, func(r *tracker.EvidenceRecord) error {
		n++
		name := tracker.RecordName(r.Kind, r.ID)
		if got, want := tracker.EvidenceDigest(r.Row), bound[name]; got != want {
			t.Errorf("%s: digest %s, event binds %s", name, got, want)
		}
		var cols []any
		// A column added later (attempts.late) is written only when it holds other than its default.
		if err := json.Unmarshal(r.Row, &cols); err != nil || len(cols) == 0 || len(cols) > len(db.EvidenceColumns()[r.Kind]) {
			t.Errorf("%s: %d values for %d columns (%v)", name, len(cols), len(db.EvidenceColumns()[r.Kind]), err)
		}
		return nil
	})
	if err != nil || n != 6 {
		t.Fatalf("got %d records, %v; want 6", n, err)
	}
	t.Run("Stretch", func(t *testing.T) {
		n := 0
		db.EachRecord(ctx, last, last, func(r *tracker.EvidenceRecord) error { n++; return nil })
		if n != 1 {
			t.Errorf("the last event binds %d records, want 1 (the export)", n)
		}
	})
}

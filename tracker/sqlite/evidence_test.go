package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"isms/tracker"
	"isms/tracker/sqlite"
)

// evidenceFixture is a store holding one record of every kind of evidence: a roster import, a plan,
// two attempts, a survey and an export.
func evidenceFixture(t *testing.T) (*sqlite.DB, *sql.DB) {
	t.Helper()
	ctx := context.Background()
	db, _ := openDB(t)
	_, pw := importRoster(t, db, baseRoster)
	if err := db.SavePlan(ctx, validPlan()); err != nil {
		t.Fatal(err)
	}
	uctx := signIn(t, db, "1001", pw["1001"])
	for _, a := range []*tracker.Attempt{newAttempt("e1", "general", 4, false), newAttempt("e2", "general", 9, true)} {
		if _, err := db.CreateAttempt(uctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveSurvey(uctx, &tracker.Survey{AttemptID: 2, Understanding: 4, Usefulness: 5, Comment: "分かりやすい"}); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordExport(ctx, &tracker.Export{Report: tracker.ReportAttendance, Scope: "全庁", Format: tracker.FormatCSV, Rows: 6,
		FiscalYear: 2026, FileSHA256: strings.Repeat("ab", 32)}); err != nil {
		t.Fatal(err)
	}
	return db, rawDB(t, db.Path)
}

// TestEvidenceBound: every evidence record is bound to the audit chain, so a change beside the
// application (with the file in hand and the triggers dropped) is named by verification.
func TestEvidenceBound(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db, _ := evidenceFixture(t)
		v, err := db.VerifyChain(ctx)
		if err != nil || !v.OK() || v.Records != 6 {
			t.Fatalf("got %+v, %v; want 6 records checked, all matching", v, err)
		}
	})
	t.Run("ErrChangeRefused", func(t *testing.T) {
		_, raw := evidenceFixture(t)
		for _, q := range []string{`UPDATE attempts SET percent = 100, passed = 1 WHERE id = 1`, `DELETE FROM attempts WHERE id = 1`,
			`UPDATE surveys SET usefulness = 1`, `DELETE FROM exports`, `UPDATE roster_imports SET added = 0`, `DELETE FROM plan_revisions`} {
			if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "written once") {
				t.Errorf("%s: got %v, want the trigger to refuse", q, err)
			}
		}
	})
	for _, tt := range []struct {
		name   string
		tamper []string
		want   string // the record named
		what   string // part of the sentence
	}{
		{"AttemptFailToPass", []string{`DROP TRIGGER attempts_no_update`, `UPDATE attempts SET percent = 100, correct = 10, passed = 1 WHERE id = 1`},
			"受験記録 1", "一致しません"},
		{"AttemptRemoved", []string{`DROP TRIGGER attempts_no_delete`, `DELETE FROM attempts WHERE id = 1`}, "受験記録 1", "ありません"},
		{"AttemptAdded", []string{`INSERT INTO attempts SELECT 3, 'forged', person_id, staff_no, name, role, position, unit_id, bureau_id,
			bureau, department_id, department, section_id, section, 'manager', fiscal_year, policy_version, bank_version, paper, answers,
			items, correct, total, percent, passed, started_at, submitted_at, late FROM attempts WHERE id = 2`}, "受験記録 3", "対応する監査ログがありません"},
		{"AttemptLateMarkChanged", []string{`DROP TRIGGER attempts_no_update`, `UPDATE attempts SET late = 1 WHERE id = 1`}, "受験記録 1", "一致しません"},
		{"SurveyChanged", []string{`DROP TRIGGER surveys_no_update`, `UPDATE surveys SET usefulness = 1`}, "アンケート回答 2", "一致しません"},
		{"ExportRemoved", []string{`DROP TRIGGER exports_no_delete`, `DELETE FROM exports`}, "持ち出し記録 1", "ありません"},
		{"RosterImportChanged", []string{`DROP TRIGGER roster_imports_no_update`, `UPDATE roster_imports SET leaving = 0, file_sha256 = 'x'`},
			"名簿の取り込み記録 1", "一致しません"},
		{"PlanApprovalForged", []string{`UPDATE plans SET approved_on = '2026-04-20', approver = '情報セキュリティ委員会'`},
			"年度教育計画の保存記録 1", "一致しません"},
		{"PlanRevisionChanged", []string{`DROP TRIGGER plan_revisions_no_update`, `UPDATE plan_revisions SET saved_by = 'someone'`},
			"年度教育計画の保存記録 1", "一致しません"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, raw := evidenceFixture(t)
			for _, q := range tt.tamper {
				if _, err := raw.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			v, err := db.VerifyChain(ctx)
			if err != nil || v.OK() || v.Record != tt.want || !strings.Contains(v.Problem, tt.what) {
				t.Fatalf("got %+v, %v; want %s named (%s)", v, err, tt.want, tt.what)
			}
		})
	}
}

// TestAnchor: removing the newest events leaves a chain that verifies by itself; the anchor
// written down before finds it.
func TestAnchor(t *testing.T) {
	ctx := context.Background()
	db, raw := evidenceFixture(t)
	db.RecordEvent(ctx, &tracker.AuditEvent{Action: tracker.ActionBackup})
	anchor, err := db.AnchorHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again, err := tracker.ParseAnchor(anchor.String())
	if err != nil || again != anchor || len(anchor.Hash) != 16 {
		t.Fatalf("anchor %q read back as %+v, %v", anchor, again, err)
	}
	t.Run("OK", func(t *testing.T) {
		v, err := db.VerifyChain(ctx, anchor)
		if err != nil || !v.OK() || v.Anchor != anchor || v.Anchors != 1 {
			t.Fatalf("got %+v, %v", v, err)
		}
	})
	t.Run("ErrWrongAnchor", func(t *testing.T) {
		wrong := anchor
		wrong.Hash = strings.Repeat("0", 16)
		if v, _ := db.VerifyChain(ctx, wrong); v.OK() || v.BrokenAt != anchor.EventID {
			t.Fatalf("got %+v", v)
		}
	})
	t.Run("TruncationFoundByAnchor", func(t *testing.T) {
		for _, q := range []string{`DROP TRIGGER audit_log_no_delete`, `DELETE FROM audit_log WHERE id >= ?`} {
			if _, err := raw.Exec(q, anchor.EventID-1); err != nil {
				t.Fatal(err)
			}
		}
		if v, err := db.VerifyChain(ctx); err != nil || !v.OK() {
			t.Fatalf("without the anchor: got %+v, %v; want the shortened chain to verify (this is what anchors are for)", v, err)
		}
		v, err := db.VerifyChain(ctx, anchor)
		if err != nil || v.OK() || !strings.Contains(v.Problem, "控え") {
			t.Fatalf("got %+v, %v; want the missing anchor named", v, err)
		}
	})
	t.Run("ErrParse", func(t *testing.T) {
		for _, s := range []string{"", "12", "12-abc", "x-9f2c1b7e4a5d6c3b", "12-9f2c1b7e4a5d6c3z"} {
			if _, err := tracker.ParseAnchor(s); tracker.ErrorCode(err) != tracker.EINVALID {
				t.Errorf("%q: got %v", s, err)
			}
		}
	})
}

// TestBindExisting: a database that held records before evidence was bound has them bound when it
// is upgraded, and from then on a change is found.
func TestBindExisting(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tracker.db")
	raw, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	// The schema as it stood before, with records written the way the store wrote them then.
	raw.Exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`)
	for _, name := range []string{"001_init.sql", "002_reports.sql", "003_report_status.sql", "004_trusted_sessions.sql"} {
		src, err := os.ReadFile(filepath.Join("migrations", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(src)); err != nil {
			t.Fatal(name, err)
		}
		raw.Exec(`INSERT INTO migrations VALUES (?, 0)`, "migrations/"+name)
	}
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC).Unix()
	items, _ := json.Marshal([]tracker.AttemptItem{{QuestionID: "q1", Competency: "c1", Right: true}})
	for _, q := range []string{
		`INSERT INTO units VALUES (1, '総務局', '', '', 1, 0, 0, 0)`,
		`INSERT INTO people VALUES (1, '1001', '山田 太郎', 'ヤマダ タロウ', 1, '主事', '職員', 0, 'general', '', '在職', 0, 0, NULL)`,
		`INSERT INTO plans VALUES (2026, '2026-05-01', '2027-02-28', '2027-01-31', '', '', '', 0, 'jimukyoku')`,
		`INSERT INTO plan_modules VALUES (2026, 'general', 'general', 0)`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	if _, err := raw.Exec(`INSERT INTO attempts VALUES (1, 'old', 1, '1001', '山田 太郎', 'general', '主事', 1, 1, '総務局', 0, '', 0, '',
		'general', 2026, 'r02-08', 'b', '{}', '{}', ?, 9, 10, 90, 1, ?, ?)`, string(items), now-600, now); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db := sqlite.NewDB(path)
	db.Config = testConfig()
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v, err := db.VerifyChain(ctx)
	if err != nil || !v.OK() || v.Records != 2 {
		t.Fatalf("got %+v, %v; want the old attempt and the plan's first revision bound", v, err)
	}
	events, _, _ := db.FindEvents(ctx, tracker.AuditFilter{Action: tracker.ActionEvidenceBind})
	if len(events) != 2 {
		t.Fatalf("got %d binding events, want 2", len(events))
	}
	raw = rawDB(t, path)
	for _, q := range []string{`DROP TRIGGER attempts_no_update`, `UPDATE attempts SET percent = 100`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if v, _ := db.VerifyChain(ctx); v.Record != "受験記録 1" {
		t.Fatalf("got %+v, want the changed attempt named", v)
	}
}

package sqlite_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"isms/tracker"
	"isms/tracker/sqlite"
)

const testVersion = "r08-07"

func newAck(version string) *tracker.Acknowledgement {
	return &tracker.Acknowledgement{Version: version, Commit: "0123456789abcdef0123456789abcdef01234567", Digest: strings.Repeat("ab", 32)}
}

// ackFixture is the base roster with 1001 and 1002 (情報企画課) having confirmed testVersion and
// 1003 (情報システム課) not; it returns the store and the signed-in contexts by login.
func ackFixture(t *testing.T) (*sqlite.DB, map[string]context.Context) {
	t.Helper()
	db, _ := openDB(t)
	_, pw := importRoster(t, db, baseRoster)
	ctxs := map[string]context.Context{}
	for _, login := range []string{"1001", "1002", "1003", "1004", "1005", "1006"} {
		ctxs[login] = signIn(t, db, login, pw[login])
	}
	for _, login := range []string{"1001", "1002"} {
		if _, err := db.Acknowledge(ctxs[login], newAck(testVersion)); err != nil {
			t.Fatal(err)
		}
	}
	return db, ctxs
}

func TestAcknowledge(t *testing.T) {
	ctx := context.Background()
	db, ctxs := ackFixture(t)
	t.Run("OK", func(t *testing.T) {
		list, total, err := db.FindAcknowledgements(ctx, tracker.AcknowledgementFilter{Version: testVersion})
		if err != nil || total != 2 {
			t.Fatalf("got %d records, %v; want 2", total, err)
		}
		k := list[1] // oldest last: 1001's
		if k.StaffNo != "1001" || k.Role != tracker.RoleGeneral || k.Unit.Section != "情報企画課" || k.Position != "主事" ||
			k.AcknowledgedAt.IsZero() || k.Digest != strings.Repeat("ab", 32) {
			t.Fatalf("got %+v, want 1001's record with role and 所属 at the time", k)
		}
	})
	t.Run("TwiceRecordsOnce", func(t *testing.T) {
		again := newAck(testVersion)
		created, err := db.Acknowledge(ctxs["1001"], again)
		if err != nil || created || again.ID != 1 {
			t.Fatalf("got created %v, ID %d, %v; want the first record (ID 1), not created", created, again.ID, err)
		}
		events, _, _ := db.FindEvents(ctx, tracker.AuditFilter{Action: tracker.ActionAcknowledge})
		if len(events) != 2 {
			t.Fatalf("got %d acknowledge events, want 2 (one per person)", len(events))
		}
	})
	t.Run("ConcurrentDoubleClickRecordsOnce", func(t *testing.T) {
		var wg sync.WaitGroup
		ids := make([]int64, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				k := newAck("r09-04")
				if _, err := db.Acknowledge(ctxs["1003"], k); err != nil {
					t.Error(err)
				}
				ids[i] = k.ID
			}()
		}
		wg.Wait()
		_, total, _ := db.FindAcknowledgements(ctx, tracker.AcknowledgementFilter{Version: "r09-04"})
		if total != 1 || ids[0] == 0 || ids[0] != ids[7] {
			t.Fatalf("got %d records, IDs %v; want one record for all", total, ids)
		}
	})
	t.Run("ErrAdmin", func(t *testing.T) {
		_, err := db.Acknowledge(ctx, newAck(testVersion))
		wantCode(t, err, tracker.EFORBIDDEN)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, k := range []*tracker.Acknowledgement{
			{Version: "R08/07", Commit: "0123456", Digest: strings.Repeat("ab", 32)},
			{Version: testVersion, Commit: "xyz", Digest: strings.Repeat("ab", 32)},
			{Version: testVersion, Commit: "0123456", Digest: "short"},
		} {
			_, err := db.Acknowledge(ctxs["1006"], k)
			wantCode(t, err, tracker.EINVALID)
		}
	})
}

// TestAcknowledgementScope: records are scoped like attempts.
func TestAcknowledgementScope(t *testing.T) {
	db, ctxs := ackFixture(t)
	t.Run("OwnRecord", func(t *testing.T) {
		if k, err := db.FindAcknowledgementByID(ctxs["1001"], 1); err != nil || k.StaffNo != "1001" {
			t.Fatalf("got %+v, %v", k, err)
		}
	})
	t.Run("ErrAnotherPersons404", func(t *testing.T) {
		_, err := db.FindAcknowledgementByID(ctxs["1003"], 1)
		wantCode(t, err, tracker.ENOTFOUND)
		_, err = db.FindAcknowledgementByID(ctxs["1001"], 2)
		wantCode(t, err, tracker.ENOTFOUND)
	})
	t.Run("ManagerSeesSection", func(t *testing.T) {
		if _, err := db.FindAcknowledgementByID(ctxs["1002"], 1); err != nil {
			t.Fatal(err)
		}
		_, total, err := db.FindAcknowledgements(ctxs["1004"], tracker.AcknowledgementFilter{})
		if err != nil || total != 0 {
			t.Fatalf("情報システム課's 課長: got %d records, %v; want none of 情報企画課's", total, err)
		}
	})
	t.Run("ErrAnotherSection403", func(t *testing.T) {
		units, _ := db.FindUnits(context.Background())
		var other int64
		for _, u := range units {
			if u.Section == "情報システム課" {
				other = u.ID()
			}
		}
		_, _, err := db.FindAcknowledgements(ctxs["1002"], tracker.AcknowledgementFilter{UnitID: other})
		wantCode(t, err, tracker.EFORBIDDEN)
		_, err = db.AckDashboard(ctxs["1002"], tracker.AckQuery{Version: testVersion, UnitID: other})
		wantCode(t, err, tracker.EFORBIDDEN)
	})
	t.Run("ErrStaffDashboard", func(t *testing.T) {
		_, err := db.AckDashboard(ctxs["1001"], tracker.AckQuery{Version: testVersion})
		wantCode(t, err, tracker.EFORBIDDEN)
	})
}

func TestAckDashboard(t *testing.T) {
	ctx := context.Background()
	db, ctxs := ackFixture(t)
	t.Run("City", func(t *testing.T) {
		d, err := db.AckDashboard(ctx, tracker.AckQuery{Version: testVersion})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := d.Total, (tracker.AckCounts{Targets: 6, Confirmed: 2}); got != want {
			t.Fatalf("total: got %+v, want %+v", got, want)
		}
		byName := map[string]tracker.AckCounts{}
		for _, u := range d.Units {
			byName[u.Unit.Name()] = u.AckCounts
		}
		if byName["総務局 情報管理部 情報企画課"].Confirmed != 2 || byName["総務局 情報管理部 情報システム課"].Pending() != 2 ||
			byName["総務局"].Targets != 5 || byName["市民局"].Targets != 1 {
			t.Fatalf("units: got %+v", byName)
		}
		if d.Units[0].Unit.Name() != "総務局" {
			t.Fatalf("the first row is %s, want the 局 before its 部 and 課", d.Units[0].Unit.Name())
		}
	})
	t.Run("Manager", func(t *testing.T) {
		d, err := db.AckDashboard(ctxs["1002"], tracker.AckQuery{Version: testVersion})
		if err != nil || d.Total.Targets != 2 || d.Total.Confirmed != 2 || d.Scope != "総務局 情報管理部 情報企画課" {
			t.Fatalf("got %+v, %v", d, err)
		}
	})
	t.Run("PendingList", func(t *testing.T) {
		var got []string
		n, err := db.EachAckStatus(ctxs["1005"], tracker.AckQuery{Version: testVersion, State: tracker.AckPending},
			func(s *tracker.AckStatus) error {
				got = append(got, s.Person.StaffNo)
				return nil
			})
		if err != nil || n != 3 || strings.Join(got, ",") != "1005,1003,1004" {
			t.Fatalf("部長's 未確認: got %v (%d), %v; want 1005 (placed in the 部), then 情報システム課's two by kana", got, n, err)
		}
	})
	t.Run("ConfirmedWithDates", func(t *testing.T) {
		_, err := db.EachAckStatus(ctx, tracker.AckQuery{Version: testVersion, State: tracker.AckConfirmed}, func(s *tracker.AckStatus) error {
			if s.State() != tracker.AckConfirmed || s.Acknowledgement.AcknowledgedAt.IsZero() || s.Acknowledgement.Version != testVersion {
				t.Errorf("got %+v", s)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Retraining", func(t *testing.T) {
		module := tracker.AmendmentModule(testVersion)
		if _, err := db.CreateAttempt(ctxs["1003"], newAttempt("re1", module, 9, true)); err != nil {
			t.Fatal(err)
		}
		d, err := db.AckDashboard(ctx, tracker.AckQuery{Version: testVersion, Retraining: module, Since: 2026})
		if err != nil || d.Total.Retrained != 1 || !d.Retraining {
			t.Fatalf("got %+v, %v; want one 改正研修 passed", d.Total, err)
		}
		d, _ = db.AckDashboard(ctx, tracker.AckQuery{Version: testVersion})
		if d.Total.Retrained != 0 {
			t.Fatalf("without a 改正研修 required: got %d retrained", d.Total.Retrained)
		}
	})
	t.Run("LeftNotCounted", func(t *testing.T) {
		importRoster(t, db, strings.Replace(baseRoster, "1006,伊藤 四郎,イトウ シロウ,市民局,市民部,市民課,主事,会計年度任用職員,,\n", "", 1))
		d, _ := db.AckDashboard(ctx, tracker.AckQuery{Version: testVersion})
		if d.Total.Targets != 5 {
			t.Fatalf("got %d targets, want 5 (the person who left is not chased)", d.Total.Targets)
		}
	})
	t.Run("ErrQuery", func(t *testing.T) {
		_, err := db.AckDashboard(ctx, tracker.AckQuery{Version: "../x", State: "done"})
		wantCode(t, err, tracker.EINVALID)
		wantMessage(t, err, "版の指定")
		wantMessage(t, err, "未確認")
	})
}

func TestAmendmentSettings(t *testing.T) {
	ctx := context.Background()
	db, ctxs := ackFixture(t)
	deadline := date("2026-09-30")
	if err := db.SaveAmendmentSetting(ctx, &tracker.AmendmentSetting{Version: testVersion, Deadline: deadline}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveAmendmentSetting(ctx, &tracker.AmendmentSetting{Version: testVersion, Deadline: deadline, Retraining: true}); err != nil {
		t.Fatal(err)
	}
	got, err := db.AmendmentSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := tracker.SettingOf(got, testVersion)
	if !s.Retraining || s.Deadline.String() != "2026-09-30" || s.Default || s.SavedBy == "" {
		t.Fatalf("got %+v, want the newest revision", s)
	}
	if d := tracker.SettingOf(got, "r09-04"); !d.Default || !d.Required() {
		t.Fatalf("a version without a setting: got %+v, want the default (confirmation required)", d)
	}
	err = db.SaveAmendmentSetting(ctxs["1002"], &tracker.AmendmentSetting{Version: testVersion, Waived: true, Reason: "字句の修正"})
	wantCode(t, err, tracker.EFORBIDDEN)
}

func TestQuestionReviews(t *testing.T) {
	ctx := context.Background()
	db, ctxs := ackFixture(t)
	r := &tracker.QuestionReview{Question: "general-001", Module: "general", BankVersion: "b1", Version: testVersion, Outcome: tracker.ReviewUnchanged}
	if err := db.RecordQuestionReview(ctx, r); err != nil {
		t.Fatal(err)
	}
	list, err := db.QuestionReviews(ctx)
	if err != nil || len(list) != 1 || list[0].Question != "general-001" || list[0].ReviewedBy == "" {
		t.Fatalf("got %+v, %v", list, err)
	}
	err = db.RecordQuestionReview(ctx, &tracker.QuestionReview{Question: "general-001", Module: "general", Version: testVersion, Outcome: "ok"})
	wantCode(t, err, tracker.EINVALID)
	err = db.RecordQuestionReview(ctxs["1002"], r)
	wantCode(t, err, tracker.EFORBIDDEN)
}

// TestAmendmentEvidenceBound: 周知確認, settings and reviews are evidence: a change beside the
// application is named by verification.
func TestAmendmentEvidenceBound(t *testing.T) {
	ctx := context.Background()
	fixture := func(t *testing.T) *sqlite.DB {
		db, _ := ackFixture(t)
		if err := db.SaveAmendmentSetting(ctx, &tracker.AmendmentSetting{Version: testVersion, Deadline: date("2026-09-30")}); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordQuestionReview(ctx, &tracker.QuestionReview{Question: "general-001", Module: "general", BankVersion: "b1",
			Version: testVersion, Outcome: tracker.ReviewEdited}); err != nil {
			t.Fatal(err)
		}
		return db
	}
	t.Run("OK", func(t *testing.T) {
		v, err := fixture(t).VerifyChain(ctx)
		if err != nil || !v.OK() || v.Records != 5 {
			t.Fatalf("got %+v, %v; want 5 records checked (the roster import, 2 confirmations, a setting, a review)", v, err)
		}
	})
	t.Run("ErrChangeRefused", func(t *testing.T) {
		raw := rawDB(t, fixture(t).Path)
		for _, q := range []string{`UPDATE acknowledgements SET acknowledged_at = 0`, `DELETE FROM acknowledgements`,
			`UPDATE amendment_settings SET setting = '{}'`, `DELETE FROM question_reviews`} {
			if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "written once") {
				t.Errorf("%s: got %v, want the trigger to refuse", q, err)
			}
		}
	})
	for _, tt := range []struct {
		name   string
		tamper []string
		want   string
		what   string
	}{
		{"AcknowledgementBackdated", []string{`DROP TRIGGER acknowledgements_no_update`, `UPDATE acknowledgements SET acknowledged_at = acknowledged_at - 86400 WHERE id = 2`},
			"周知確認記録 2", "一致しません"},
		{"AcknowledgementRemoved", []string{`DROP TRIGGER acknowledgements_no_delete`, `DELETE FROM acknowledgements WHERE id = 1`},
			"周知確認記録 1", "ありません"},
		{"AcknowledgementForged", []string{`INSERT INTO acknowledgements SELECT 3, 3, '1003', '鈴木 一郎', role, position, unit_id, bureau_id,
			bureau, department_id, department, section_id, section, version, commit_hash, notice_sha256, acknowledged_at FROM acknowledgements WHERE id = 1`},
			"周知確認記録 3", "対応する監査ログがありません"},
		{"DeadlineMoved", []string{`DROP TRIGGER amendment_settings_no_update`, `UPDATE amendment_settings SET setting = replace(setting, '2026-09-30', '2027-03-31')`},
			"改正版の周知設定の保存記録 1", "一致しません"},
		{"ReviewChanged", []string{`DROP TRIGGER question_reviews_no_update`, `UPDATE question_reviews SET outcome = 'unchanged'`},
			"問題の見直し記録 1", "一致しません"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := fixture(t)
			raw := rawDB(t, db.Path)
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

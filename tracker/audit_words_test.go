package tracker_test

import (
	"strings"
	"testing"

	"isms/tracker"
)

// TestAuditWords: every action has a Japanese name, and the details the store writes read as
// Japanese sentences.
func TestAuditWords(t *testing.T) {
	t.Run("EveryActionNamed", func(t *testing.T) {
		for _, a := range tracker.AuditActions {
			if got := tracker.ActionName(a); got == a || got == "" {
				t.Errorf("%s has no Japanese name", a)
			}
		}
	})
	title := func(m string) string { return map[string]string{"general": "一般職員の研修"}[m] }
	tests := []struct {
		name   string
		event  tracker.AuditEvent
		target string
		detail string
	}{
		{"WrongPassword", tracker.AuditEvent{Action: "signin", Target: "1001", Detail: "wrong password"}, "1001", "パスワードの誤り"},
		{"Refused", tracker.AuditEvent{Action: "signin", Detail: "refused: address over its failures"}, "", "このアドレスからの失敗が上限を超えたため、受け付けない"},
		{"FailureSummary", tracker.AuditEvent{Action: "signin", Target: "1001",
			Detail: "summary: 2774 more failures from this source 10:00:01–10:00:11: refused: another sign-in in progress ×2700 wrong password ×74; IDs 1001 ×2000 1002 ×774 and 3 more"},
			"1001", "この送信元からの続く失敗 2774回（10:00:01〜10:00:11）: 同じアドレスからのログインを処理中のため、受け付けない 2700回、パスワードの誤り 74回。ID: 1001 2000回、1002 774回、ほか3件"},
		{"UnknownID", tracker.AuditEvent{Action: "signin", Detail: "unknown id"}, "", "登録されていないID"},
		{"Lockout", tracker.AuditEvent{Action: "lockout", Target: "1001",
			Detail: "5 failures from address 192.0.2.7; that client is locked out of the ID until 2026-06-01T10:15:00+09:00; other clients and sessions are not affected"},
			"1001", "192.0.2.7から5回続けて失敗したため、その端末からは2026年6月1日（令和8年6月1日）10:15までこのIDでログインできない（ほかの端末とログイン中の利用者には影響なし）"},
		{"RuleNotMet", tracker.AuditEvent{Action: "password_change", Detail: "rule not met"}, "", "新しいパスワードが規則を満たさない"},
		{"Attempt", tracker.AuditEvent{Action: "attempt_submit", Target: "attempt 12", Detail: "module=general bank=e82b7cf8825e 8/10 80% pass"},
			"受験記録 12", "一般職員の研修: 8/10問正解（80点）合格"},
		{"Survey", tracker.AuditEvent{Action: "survey_submit", Target: "attempt 12", Detail: "understanding=4 usefulness=5"},
			"受験記録 12", "理解度 4・業務への役立ち 5"},
		{"Roster", tracker.AuditEvent{Action: "roster_import", Target: "import 3",
			Detail: "file=名簿 6月.csv sha256=0123456789abcdef0123 rows=120 added=3 changed=2 leaving=1"},
			"名簿の取り込み記録 3", "ファイル「名簿 6月.csv」（120人、SHA-256 0123456789abcdef…）: 追加3人・変更2人・退職扱い1人"},
		{"Plan", tracker.AuditEvent{Action: "plan_save", Target: "plan 2026",
			Detail: "period=2026-05-01..2027-02-28 deadline=2027-01-31 modules=general=general,manager=general+manager approved=2026-04-20 by 情報セキュリティ委員会 委員長"},
			"2026年度（令和8年度）の計画",
			"実施期間 2026年5月1日（令和8年5月1日）〜2027年2月28日（令和9年2月28日）、受講期限 2027年1月31日（令和9年1月31日）、" +
				"研修 一般職員 general／セキュリティ管理者 general・manager、承認 2026年4月20日（令和8年4月20日）（情報セキュリティ委員会 委員長）"},
		{"Export", tracker.AuditEvent{Action: "export", Target: "export 5",
			Detail: "report=outstanding year=2026 scope=総務局 情報管理部 format=csv rows=3 class=重要性分類A sha256=abcdef0123456789abcd purpose=課長会議"},
			"持ち出し記録 5", "未受講者一覧（2026年度（令和8年度））、範囲 総務局 情報管理部、CSV、3行、重要性分類A、SHA-256 abcdef0123456789…、目的「課長会議」"},
		{"AuditView", tracker.AuditEvent{Action: "audit_view", Detail: "filter actor=1001 action=signin outcome=failure since=2026-06-01 until=2026-06-30"},
			"", "絞り込み: 利用者 1001・操作 ログイン・結果 失敗・期間 2026年6月1日（令和8年6月1日）〜2026年6月30日（令和8年6月30日）"},
		{"AuditViewAll", tracker.AuditEvent{Action: "audit_view", Detail: "filter actor= action= outcome="}, "", "絞り込みなし"},
		{"CSRF", tracker.AuditEvent{Action: "access_denied", Target: "POST /app/password", Detail: "missing or wrong CSRF token"},
			"/app/password（送信）", "フォームの確認用の値がないか、一致しない"},
		{"Forbidden", tracker.AuditEvent{Action: "access_denied", Target: "GET /app/units/3/", Detail: "この所属の記録は見られません。"},
			"/app/units/3/（表示）", "この所属の記録は見られません。"},
		{"Unknown", tracker.AuditEvent{Action: "something_new", Target: "x 1", Detail: "a=b"}, "x 1", "a=b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tracker.AuditTarget(&tt.event); got != tt.target {
				t.Errorf("target: got %q, want %q", got, tt.target)
			}
			if got := tracker.AuditDetail(&tt.event, title); got != tt.detail {
				t.Errorf("detail: got %q, want %q", got, tt.detail)
			}
		})
	}
	t.Run("Actors", func(t *testing.T) {
		if got := tracker.AuditActorName("system"); got != "システム" {
			t.Errorf("got %q", got)
		}
		// What earlier versions recorded for a request without a session reads as today's word.
		old := "(未" + "サイン" + "イン)"
		if got := tracker.AuditActorName(old); got != tracker.AnonymousActor || strings.Contains(got, "サイン") {
			t.Errorf("got %q", got)
		}
	})
}

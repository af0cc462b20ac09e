package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"isms/quiz"
	"isms/tracker"
)

// TestAuditPage: the log reads in Japanese, its filter offers the actions by name and takes a date
// range, and a bad range is refused with the reason.
func TestAuditPage(t *testing.T) {
	e := newEnv(t)
	e.importRoster(baseRoster)
	e.client().signIn("1001", "wrong-password-1")
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)

	r := admin.get("/app/admin/audit")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "ログイン", "パスワードの誤り", "パスワードの変更", "2026年6月1日（令和8年6月1日）10:00")
	wantBody(t, r, `<option value="signin">ログイン</option>`, `<option value="password_change">パスワードの変更</option>`)
	for _, code := range []string{"signin", "password_change", "wrong password"} {
		if strings.Contains(pageText(r.body), code) {
			t.Errorf("the page shows the code %q to people", code)
		}
	}

	t.Run("DateRange", func(t *testing.T) {
		r := admin.get("/app/admin/audit?since=2026-06-01&until=2026-06-01&action=signin&outcome=failure")
		wantStatus(t, r, http.StatusOK)
		wantText(t, r, "1件（新しい順）", "パスワードの誤り")
		r = admin.get("/app/admin/audit?since=2026-06-02")
		wantStatus(t, r, http.StatusOK)
		wantText(t, r, "0件（新しい順）", "該当する記録はありません。")
		// The reading itself is logged, with the range, and reads back in words.
		r = admin.get("/app/admin/audit?action=audit_view")
		wantText(t, r, "絞り込み: 期間 2026年6月2日（令和8年6月2日）〜")
	})
	t.Run("ErrBadRange", func(t *testing.T) {
		for _, tt := range []struct{ query, want string }{
			{"since=2026-13-01", "期間の開始日: 日付「2026-13-01」が正しくありません。"},
			{"until=tomorrow", "期間の終了日: 日付「tomorrow」が正しくありません。"},
			{"since=2026-06-02&until=2026-06-01", "期間の終了日が開始日より前です。"},
		} {
			r := admin.get("/app/admin/audit?" + tt.query)
			wantStatus(t, r, http.StatusBadRequest)
			wantText(t, r, tt.want)
		}
	})
	t.Run("PagerKeepsFilter", func(t *testing.T) {
		// A hundred failures from as many addresses (failures from one address are summarised).
		for i := range 100 {
			e.db.RecordEvent(context.Background(), &tracker.AuditEvent{Actor: fmt.Sprintf("9%03d", i), Action: tracker.ActionSignIn,
				Target: fmt.Sprintf("9%03d", i), Outcome: tracker.OutcomeFailure, Source: fmt.Sprintf("192.0.2.%d", i), Detail: "unknown id"})
		}
		r := admin.get("/app/admin/audit?outcome=failure&since=2026-06-01")
		wantText(t, r, "101件（新しい順）", "1 / 2ページ")
		next := link(t, r.body, "古い記録へ")
		u, err := url.Parse(next)
		if err != nil || u.Query().Get("outcome") != "failure" || u.Query().Get("since") != "2026-06-01" || u.Query().Get("page") != "2" {
			t.Fatalf("next page: got %q", next)
		}
		wantText(t, admin.get(next), "2 / 2ページ", "パスワードの誤り")
	})
}

// TestResultPage: a failed attempt says a retake is needed until the module is passed; the
// explanations come before the survey; the policy edition is named, not numbered.
func TestResultPage(t *testing.T) {
	e := newReportEnv(t)
	mgr := e.staff("1002", e.temps["1002"])
	r := mgr.get(fmt.Sprintf("/app/attempts/%d", e.attempts["1002/manager"]))
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "不合格（再受講が必要）", "もう一度受講する", "令和8年4月改正版（令和8年4月1日施行）")
	text := pageText(r.body)
	if strings.Contains(text, "2026.1") {
		t.Error("the page shows the edition's ID")
	}
	if i, j := strings.Index(text, "問題と解説"), strings.Index(text, "研修アンケート"); i < 0 || j < 0 || i > j {
		t.Errorf("explanations at %d, survey at %d: want the explanations first", i, j)
	}

	staff := e.staff("1003", e.temps["1003"])
	first := e.attempts["1003/general"] - 1 // 1003 failed, then passed
	r = staff.get(fmt.Sprintf("/app/attempts/%d", first))
	wantText(t, r, "不合格", "この研修には、この受験の後に合格しています。")
	if strings.Contains(pageText(r.body), "再受講が必要") || strings.Contains(r.body, "もう一度受講する") {
		t.Error("a failed attempt followed by a pass asks for a retake")
	}
	wantText(t, staff.get("/app/training/"), "合格", "もう一度受講")
	wantText(t, mgr.get("/app/training/"), "不合格（再受講が必要）", "再受講する")
}

// TestItemAnalysisPage: questions are judged only from 30 responses, shown by their text, and the
// page speaks of this system alone.
func TestItemAnalysisPage(t *testing.T) {
	t.Run("TooFewResponses", func(t *testing.T) {
		e := newReportEnv(t)
		r := e.admin().get("/app/reports/effectiveness?fy=2026&module=general")
		wantStatus(t, r, http.StatusOK)
		wantText(t, r, "回答が30件以上ある設問", "見直しの候補になった設問はありません。", "回答が30件に満たないため判定していない設問が3問あります。")
		if strings.Contains(r.body, "Moodle") {
			t.Error("the page names another product")
		}
	})
	t.Run("Flagged", func(t *testing.T) {
		e := newEnv(t)
		var roster strings.Builder
		roster.WriteString(rosterHeader)
		for i := range 30 {
			fmt.Fprintf(&roster, "%d,職員 %d,ショクイン,総務局,情報管理部,情報企画課,主事,職員,,\n", 2000+i, i)
		}
		re := &reportEnv{env: e, temps: e.importRoster(roster.String()), attempts: map[string]int64{}}
		for i := range 30 {
			re.attempt(fmt.Sprint(2000+i), "general", true)
		}
		r := re.admin().get("/app/reports/effectiveness?fy=2026&module=general")
		wantStatus(t, r, http.StatusOK)
		// Every one of the 30 answered the bank's first three questions right: too easy.
		wantText(t, r, "見直しの候補: 3問", "易しすぎる（難易度 1.00、回答 30件）")
		bank := quiz.Find(e.banks, "general")
		for _, q := range bank.Questions[:3] {
			stem := []rune(strings.TrimSpace(pageText(string(q.StemHTML()))))
			wantText(t, r, string(stem[:min(len(stem), 15)]), "設問番号 "+q.ID)
		}
	})
}

package http_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"isms/tracker"
)

var (
	attemptPath  = regexp.MustCompile(`^/app/attempts/(\d+)$`)
	pendingField = regexp.MustCompile(`name="pending" value="([^"]+)"`)
	digestField  = regexp.MustCompile(`name="digest" value="([^"]+)"`)
	passwordRow  = regexp.MustCompile(`<tr><th scope="row" class="nw">(\d+)</th><td data-label="氏名" class="nw">[^<]*</td><td data-label="仮パスワード" class="password nw">([A-Za-z0-9-]{19})</td>`)
	unitLink     = regexp.MustCompile(`href="/app/units/(\d+)/"`)
)

// TestJourney is the whole path of a training year over HTTP: the 事務局 signs in for the first time and
// imports the roster; a member of staff signs in with the temporary password, changes it, takes
// and passes the quiz, answers the survey and sees the record; the section's manager sees it.
func TestJourney(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()

	// The 事務局's first sign-in: the one-time password must be changed first.
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)
	r := admin.get("/app/")
	wantStatus(t, r, http.StatusSeeOther)
	if r.location != "/app/admin/" {
		t.Fatalf("admin home: got %q", r.location)
	}
	wantBody(t, admin.get("/app/admin/"), "情報セキュリティ事務局", "未登録")

	// Roster: preview, then apply.
	admin.get("/app/admin/roster")
	r = admin.upload("/app/admin/roster", "file", "名簿.csv", []byte(baseRoster))
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "まだ何も変更していません", "追加 <strong>6</strong>人", "山田 太郎")
	if _, total, _ := e.db.FindPeople(ctx, tracker.PersonFilter{}); total != 0 {
		t.Fatalf("preview applied %d people", total)
	}
	r = admin.post("/app/admin/roster/apply", url.Values{"confirmed": {"1"},
		"pending": {pendingField.FindStringSubmatch(r.body)[1]}, "digest": {digestField.FindStringSubmatch(r.body)[1]}})
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "職員名簿を取り込みました", "追加 6人")
	temps := map[string]string{}
	for _, m := range passwordRow.FindAllStringSubmatch(r.body, -1) {
		temps[m[1]] = m[2]
	}
	if len(temps) != 6 {
		t.Fatalf("got %d temporary passwords on the result page, want 6", len(temps))
	}

	// Staff: temporary password, forced change; nothing else is reachable before.
	staff := e.client()
	r = staff.signIn("1001", temps["1001"])
	if r.location != "/app/password" {
		t.Fatalf("got %q, want the password page first", r.location)
	}
	r = staff.get("/app/training/")
	if r.status != http.StatusSeeOther || r.location != "/app/password" {
		t.Fatalf("training before the change: got %d → %q", r.status, r.location)
	}
	staff.get("/app/password")
	r = staff.post("/app/password", url.Values{"current": {temps["1001"]}, "new": {"short"}, "confirm": {"short"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantBody(t, r, "12文字以上")
	if strings.Contains(r.body, `value="short"`) {
		t.Fatal("the rejected password is echoed back in the form")
	}
	r = staff.post("/app/password", url.Values{"current": {temps["1001"]}, "new": {newPassword}, "confirm": {newPassword}})
	wantStatus(t, r, http.StatusSeeOther)

	// 今年度の研修.
	r = staff.get("/app/training/")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "2026年度（令和8年度）", "一般職員", "未受講")
	wantBody(t, r, `href="/modules/general/"`, `href="/app/training/general/quiz"`)

	// Take the quiz and pass.
	r = staff.get("/app/training/general/quiz")
	wantStatus(t, r, http.StatusOK)
	if strings.Contains(r.body, "正解") || strings.Contains(r.body, "correct") {
		t.Fatal("the quiz form carries the answer key")
	}
	form := e.answerForm("general", r.body, true)
	r = staff.post("/app/training/general/quiz", form)
	wantStatus(t, r, http.StatusSeeOther)
	m := attemptPath.FindStringSubmatch(r.location)
	if m == nil {
		t.Fatalf("got location %q, want /app/attempts/N", r.location)
	}
	attemptURL := r.location
	r = staff.get(attemptURL)
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "合格", "20/20問正解（100点）", "問題と解説", "根拠:", "研修アンケート", "方針・対策基準の版令和8年4月改正版（令和8年4月1日施行）")
	wantBody(t, r, `href="/standards/`)

	// The back button resubmits the same paper: recorded once.
	r = staff.post("/app/training/general/quiz", form)
	if r.status != http.StatusSeeOther || r.location != attemptURL {
		t.Fatalf("resubmission: got %d → %q, want → %q", r.status, r.location, attemptURL)
	}

	// Survey (effectiveness evidence).
	r = staff.get(attemptURL)
	r = staff.post(attemptURL+"/survey", url.Values{"understanding": {"4"}, "usefulness": {"5"}, "comment": {"USB メモリの扱いがよくわかった"}})
	wantStatus(t, r, http.StatusSeeOther)
	wantText(t, staff.get(r.location), "アンケートにご回答いただきありがとうございました", "回答済みです（理解度 4・業務への役立ち 5、5段階）")

	// The record.
	wantText(t, staff.get("/app/training/"), "合格", "2026年6月1日（令和8年6月1日）・100点")
	history := staff.get("/app/history/")
	wantText(t, history, "2026年度（令和8年度）", "一般職員・総務局 情報管理部 情報企画課")
	wantBody(t, history, attemptURL)

	// The section's manager sees it.
	mgr := e.client()
	mgr.signInAndChange("1002", temps["1002"])
	r = mgr.get("/app/training/")
	wantText(t, r, "セキュリティ管理者", "情報企画課の受講状況と未受講者を見る")
	unit := unitLink.FindStringSubmatch(r.body)[1]
	r = mgr.get("/app/units/" + unit + "/")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "重要性分類A", "山田 太郎", "一般職員: 合格", "佐藤 花子", "在職者 2人", "全研修合格 1人")
	r = mgr.get("/app/units/" + unit + "/?show=pending")
	if strings.Contains(r.body, "山田 太郎") || !strings.Contains(r.body, "佐藤 花子") {
		t.Fatalf("未受講者 list: %.800s", r.body)
	}
	person := mgr.get("/app/people/1001/")
	wantText(t, person, "山田 太郎さんの研修記録", "情報企画課")
	wantBody(t, person, attemptURL)
	wantText(t, mgr.get(attemptURL), "山田 太郎さん（職員番号 1001）の受験記録です", "合格")

	// Exactly one attempt, with the snapshot.
	attempts, total, err := e.db.FindAttempts(ctx, tracker.AttemptFilter{})
	if err != nil || total != 1 {
		t.Fatalf("got %d attempts, %v; want 1", total, err)
	}
	a := attempts[0]
	if a.StaffNo != "1001" || a.Unit.Section != "情報企画課" || a.PolicyVersion != "2026.1" || a.BankVersion == "" ||
		a.Survey == nil || len(a.Items) != 20 || !a.Passed {
		t.Fatalf("got %+v", a)
	}
	v, err := e.db.VerifyChain(ctx)
	if err != nil || !v.OK() {
		t.Fatalf("audit chain: %+v, %v", v, err)
	}
}

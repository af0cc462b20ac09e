package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"isms/tracker"
)

// TestConfirmations: what cannot be undone waits for the ticked box 内容を確認しました; without
// it the form comes back as it was, with the reason, and nothing has changed.
func TestConfirmations(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)

	t.Run("RosterApply", func(t *testing.T) {
		admin.get("/app/admin/roster")
		preview := admin.upload("/app/admin/roster", "file", "名簿.csv", []byte(baseRoster))
		wantBody(t, preview, `<input type="checkbox" name="confirmed" value="1" required`, "内容を確認しました")
		form := url.Values{"pending": {pendingField.FindStringSubmatch(preview.body)[1]}, "digest": {digestField.FindStringSubmatch(preview.body)[1]}}
		r := admin.post("/app/admin/roster/apply", form)
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "「内容を確認しました」にチェックを入れて", "職員名簿の取り込み（確認）", "追加 <strong>6</strong>人")
		if _, total, _ := e.db.FindPeople(ctx, tracker.PersonFilter{}); total != 0 {
			t.Fatalf("got %d people, want none before the box is ticked", total)
		}
		// The same preview can still be applied.
		form.Set("confirmed", "1")
		wantStatus(t, admin.post("/app/admin/roster/apply", form), http.StatusOK)
		if _, total, _ := e.db.FindPeople(ctx, tracker.PersonFilter{}); total != 6 {
			t.Fatalf("got %d people, want 6", total)
		}
	})
	t.Run("PasswordReset", func(t *testing.T) {
		temp, err := e.db.ResetPassword(tracker.NewContext(ctx, tracker.SystemPrincipal("test")), "1001")
		if err != nil {
			t.Fatal(err)
		}
		e.staff("1001", temp.Password)
		r := admin.get("/app/people/1001/")
		wantBody(t, r, `action="/app/admin/people/1001/password"`, `name="confirmed" value="1" required`)
		r = admin.post("/app/admin/people/1001/password", url.Values{})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "山田 太郎さんの研修記録", "「内容を確認しました」にチェックを入れて")
		if c := e.client(); c.signIn("1001", newPassword).location != "/app/" {
			t.Fatal("the password changed without the box ticked")
		}
		r = admin.post("/app/admin/people/1001/password", url.Values{"confirmed": {"1"}})
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, "仮パスワードを発行しました", "総務局 情報管理部 情報企画課", e.srv.URL()+"/app/login")
		if c := e.client(); c.signIn("1001", newPassword).status != http.StatusUnauthorized {
			t.Fatal("the old password still works")
		}
		m := passwordRow.FindStringSubmatch(r.body)
		if m == nil || m[1] != "1001" {
			t.Fatalf("no temporary password row in %.2000s", r.body)
		}
		if c := e.client(); c.signIn("1001", m[2]).location != "/app/password" {
			t.Fatal("the temporary password shown does not sign in")
		}
	})
	t.Run("PlanApproval", func(t *testing.T) {
		admin.get("/app/admin/plans/2026")
		form := url.Values{"start": {"2026-05-01"}, "end": {"2027-02-28"}, "deadline": {"2027-01-31"}, "modules.general": {"general"},
			"approved_on": {"2026-04-20"}, "approver": {"情報セキュリティ委員会"}, "note": {"備考の文"}}
		r := admin.post("/app/admin/plans/2026", form)
		wantStatus(t, r, http.StatusBadRequest)
		// The plan's own problems come with the box's, all at once.
		wantBody(t, r, "<li>セキュリティ管理者の研修モジュールがありません。</li>", "「内容を確認しました」にチェックを入れて",
			`value="情報セキュリティ委員会"`, ">備考の文</textarea>", `value="2027-01-31"`)
		form = withModules(form)
		r = admin.post("/app/admin/plans/2026", form)
		wantStatus(t, r, http.StatusBadRequest)
		if strings.Contains(r.body, "研修モジュールがありません") || !strings.Contains(r.body, "「内容を確認しました」") {
			t.Fatalf("got %.3000s, want the box alone asked for", r.body)
		}
		if _, err := e.db.FindPlan(ctx, 2026); tracker.ErrorCode(err) != tracker.ENOTFOUND {
			t.Fatalf("got %v, want no plan saved", err)
		}
		form.Set("confirmed", "1")
		wantStatus(t, admin.post("/app/admin/plans/2026", form), http.StatusSeeOther)
		if p, err := e.db.FindPlan(ctx, 2026); err != nil || !p.Approved() {
			t.Fatalf("got %+v, %v; want the approval recorded", p, err)
		}
		// A plan saved without an approval needs no box.
		admin.get("/app/admin/plans/2027")
		form = url.Values{"start": {"2027-05-01"}, "end": {"2028-02-28"}, "deadline": {"2028-01-31"}, "modules.general": {"general"}}
		wantStatus(t, admin.post("/app/admin/plans/2027", withModules(form)), http.StatusSeeOther)
	})
}

// withModules adds every role's modules of the 第16条 table to a plan form.
func withModules(form url.Values) url.Values {
	for _, r := range tracker.Roles() {
		form["modules."+string(r)] = tracker.RequiredModules(r)
	}
	return form
}

// TestPasswordLanding: after changing their password an admin lands on the 事務局's menu (an
// admin takes no training), staff on their training.
func TestPasswordLanding(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	for _, tt := range []struct{ name, login, temp, want string }{
		{"Admin", e.admin.Login, e.admin.Password, "/app/admin/?done=password"},
		{"Staff", "1001", temps["1001"], "/app/training/?done=password"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := e.client()
			c.signIn(tt.login, tt.temp)
			c.get("/app/password")
			r := c.post("/app/password", url.Values{"current": {tt.temp}, "new": {newPassword}, "confirm": {newPassword}})
			if r.status != http.StatusSeeOther || r.location != tt.want {
				t.Fatalf("got %d → %q, want %q", r.status, r.location, tt.want)
			}
			wantBody(t, c.get(tt.want), "パスワードを変更しました。")
		})
	}
}

// TestXAPIForAdminOnly: the export form offers xAPI（JSON）to the 事務局 only, and the page and the
// API refuse it to anyone else, in Japanese, recording nothing.
func TestXAPIForAdminOnly(t *testing.T) {
	e := newReportEnv(t)
	admin := e.admin()
	mgr := e.staff("1002", e.temps["1002"])
	for _, path := range []string{"/app/reports/", "/app/reports/history/1001/"} {
		if r := mgr.get(path); strings.Contains(r.body, "xAPI") || !strings.Contains(r.body, "CSVで出力") {
			t.Errorf("%s: a 課長 is offered xAPI", path)
		}
		if r := admin.get(path); !strings.Contains(r.body, `value="xapi"`) {
			t.Errorf("%s: the 事務局 is not offered xAPI", path)
		}
	}
	mgr.get("/app/reports/")
	r := mgr.post("/app/reports/export", url.Values{"report": {"attempts"}, "format": {"xapi"}, "fy": {"2026"}})
	wantStatus(t, r, http.StatusForbidden)
	wantBody(t, r, "xAPI（JSON）形式の出力は")
	r = mgr.api("POST", "/api/reports/export", map[string]any{"report": "attempts", "format": "xapi", "fiscalYear": 2026}, nil)
	wantStatus(t, r, http.StatusForbidden)
	wantBody(t, r, `"code":"forbidden"`, "Excel（XLSX）か CSV で出力してください")
	if _, total, _ := e.db.FindExports(context.Background(), tracker.ExportFilter{}); total != 0 {
		t.Fatalf("got %d exports recorded, want none", total)
	}
	admin.get("/app/reports/")
	download(t, admin, url.Values{"report": {"attempts"}, "format": {"xapi"}, "fy": {"2026"}})
}

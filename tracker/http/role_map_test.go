package http_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"isms/internal/app"
	"isms/tracker"
)

var previewedField = regexp.MustCompile(`name="previewed" value="([^"]+)"`)

// mapWithSupervisor is the built-in mapping with 主任 made a セキュリティ管理者 and a 職位 the
// built-in one does not know.
var mapWithSupervisor = strings.Replace(tracker.DefaultRoleMap().Text(), "主任 = 一般職員\n", "", 1) +
	"\n# 追加\n主任 = セキュリティ管理者\n情報化推進員 = 一般職員\n"

// TestRoleMapPage: the 事務局 sees the mapping in force and where it comes from, previews a change
// against the current roster, and saves it; the next roster upload is read with it.
func TestRoleMapPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.importRoster(baseRoster)
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)

	t.Run("View", func(t *testing.T) {
		r := admin.get("/app/admin/roles")
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, "既定の対応表", "<dt>ISMS統括責任者</dt><dd>総務局の局長、ISMS統括責任者、総務局長</dd>",
			"区分が外部委託で職位が空欄の人", "名簿の監査委員の列が 1 の人", "役割が変わる人 <strong>0</strong>人", "まだ保存されていません",
			`<textarea id="text" name="text"`, "総務局/局長 = ISMS統括責任者")
		if strings.Contains(r.body, `value="save"`) {
			t.Fatal("a save button before any preview")
		}
	})
	t.Run("ErrEveryBadLine", func(t *testing.T) {
		admin.get("/app/admin/roles")
		bad := "主事 = general\n課長\n部長 = 社長\n主事 = manager\n"
		r := admin.post("/app/admin/roles", url.Values{"text": {bad}, "action": {"preview"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "（3件）", "<li>2行目: 「職位 = 役割」または「局/職位 = 役割」の形ではありません。</li>", "<li>3行目: 役割「社長」は",
			"<li>4行目: 職位「主事」が重複しています。</li>", ">"+bad+"</textarea>")
	})
	var previewed *response
	t.Run("Preview", func(t *testing.T) {
		admin.get("/app/admin/roles")
		previewed = admin.post("/app/admin/roles", url.Values{"text": {mapWithSupervisor}, "action": {"preview"}})
		wantStatus(t, previewed, http.StatusOK)
		wantBody(t, previewed, "変更後の対応表（まだ保存していません）", "役割が変わる人 <strong>1</strong>人",
			"<li>鈴木 一郎（1003・総務局 情報管理部 情報システム課・主任）: 一般職員 → <strong>セキュリティ管理者</strong></li>",
			`value="save"`)
		if revs, _ := e.db.FindRoleMapRevisions(ctx); len(revs) != 0 {
			t.Fatalf("a preview saved %d revisions", len(revs))
		}
	})
	t.Run("ErrSaveOtherText", func(t *testing.T) {
		r := admin.post("/app/admin/roles", url.Values{"text": {mapWithSupervisor + "係長代理 = general\n"}, "action": {"save"},
			"previewed": {previewedField.FindStringSubmatch(previewed.body)[1]}})
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, "確認した後に対応表が書き換えられています", "役割が変わる人 <strong>1</strong>人")
		if revs, _ := e.db.FindRoleMapRevisions(ctx); len(revs) != 0 {
			t.Fatalf("saved %d revisions of a text that was not previewed", len(revs))
		}
	})
	t.Run("Save", func(t *testing.T) {
		r := admin.post("/app/admin/roles", url.Values{"text": {mapWithSupervisor}, "action": {"save"},
			"previewed": {previewedField.FindStringSubmatch(previewed.body)[1]}})
		wantStatus(t, r, http.StatusSeeOther)
		r = admin.get(r.location)
		wantBody(t, r, "職位と役割の対応表を保存しました", "この画面で保存した対応表", "役割が変わる人 <strong>1</strong>人", "<td>1</td>")
		events, _, _ := e.db.FindEvents(ctx, tracker.AuditFilter{Action: tracker.ActionRoleMapSave})
		if len(events) != 1 || events[0].Actor != e.admin.Login || events[0].RecordKind != tracker.EvidenceRoleMap ||
			!strings.Contains(events[0].Detail, "added=情報化推進員=general") || !strings.Contains(events[0].Detail, "主任=general→manager") {
			t.Fatalf("got %+v; want one bound event naming the change", events)
		}
	})
	t.Run("NextRosterUsesIt", func(t *testing.T) {
		// No restart: the upload is read with the mapping saved a moment ago.
		roster := baseRoster + "1009,推進 太郎,スイシン タロウ,総務局,情報管理部,情報企画課,情報化推進員,職員,,\n"
		admin.get("/app/admin/roster")
		r := admin.upload("/app/admin/roster", "file", "名簿.csv", []byte(roster))
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, "追加 <strong>1</strong>人", "変更 <strong>1</strong>人", `<th scope="row" class="nw">鈴木 一郎</th><td data-label="行">4</td><td data-label="職員番号"><span class="nw">1003</span></td><td data-label="変わる項目">役割</td>`)
	})
}

// TestRoleMapFile: a file given to the server (-role-map) is in force over the saved table, for
// automation; the page says so and offers no editing.
func TestRoleMapFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "roles.txt")
	text := tracker.DefaultRoleMap().Text() + "情報化推進員 = general\n"
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, func(a *app.App) { a.Config.RoleMap = file })
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)
	r := admin.get("/app/admin/roles")
	wantBody(t, r, "サーバーの設定ファイル（-role-map）", html.EscapeString(file), "ファイルを直すか、設定から外してください")
	if strings.Contains(r.body, "<textarea") {
		t.Fatal("the page offers to edit a mapping the file overrides")
	}
	r = admin.post("/app/admin/roles", url.Values{"text": {text + "係長 = manager\n"}, "action": {"preview"}})
	wantStatus(t, r, http.StatusConflict)
	wantBody(t, r, "この画面では変更できません")
	if revs, _ := e.db.FindRoleMapRevisions(context.Background()); len(revs) != 0 {
		t.Fatalf("got %d revisions, want none", len(revs))
	}
	wantBody(t, admin.get("/app/admin/roster"), "今使われている対応表: サーバーの設定ファイル（-role-map）")
	r = admin.upload("/app/admin/roster", "file", "名簿.csv", []byte(rosterHeader+"1001,推進 太郎,スイシン,総務局,,,情報化推進員,職員,,\n"))
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "追加 <strong>1</strong>人")
}

// TestRoleMapPageRefused: only the 事務局 sees or changes the mapping.
func TestRoleMapPageRefused(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	mgr := e.staff("1002", temps["1002"])
	wantStatus(t, mgr.get("/app/admin/roles"), http.StatusForbidden)
	wantStatus(t, mgr.post("/app/admin/roles", url.Values{"text": {"主事 = general\n"}, "action": {"preview"}}), http.StatusForbidden)
}

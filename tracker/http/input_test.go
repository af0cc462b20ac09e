package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"isms/tracker"
)

func TestRosterUpload(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)
	admin.get("/app/admin/roster")

	sjis, err := japanese.ShiftJIS.NewEncoder().String(strings.ReplaceAll(baseRoster, "\n", "\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ShiftJIS", func(t *testing.T) {
		r := admin.upload("/app/admin/roster", "file", "名簿_sjis.csv", []byte(sjis))
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, "Shift_JIS", "追加 <strong>6</strong>人", "佐藤 花子", "総務局 情報管理部 情報企画課")
	})
	t.Run("BOM", func(t *testing.T) {
		r := admin.upload("/app/admin/roster", "file", "名簿_utf8.csv", append([]byte{0xEF, 0xBB, 0xBF}, baseRoster...))
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, "UTF-8 (BOM)", "追加 <strong>6</strong>人")
	})
	for _, tt := range []struct {
		name string
		data string
		want []string
	}{
		{"ErrRows", rosterHeader + ",山田,ヤマダ,総務局,,,主事,職員,,\n1002,佐藤,サトウ,総務局,,,大臣,職員,,\n1002,田中,タナカ,総務局,,,主事,職員,,\n1004,高橋,タカハシ,総務局,,,主事,職員\n",
			[]string{"（4件）", "2行目: 職員番号がありません", "3行目: 職位「大臣」", "4行目: 職員番号「1002」が3行目と重複", "5行目: 列の数が10ではありません"}},
		{"ErrHeader", "番号,名前\n1,a\n", []string{"見出し"}},
		{"ErrEmpty", "", []string{"空です"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := admin.upload("/app/admin/roster", "file", "bad.csv", []byte(tt.data))
			wantStatus(t, r, http.StatusBadRequest)
			wantBody(t, r, tt.want...)
			wantBody(t, r, "取り込みは行っていません")
		})
	}
	t.Run("ErrNoFile", func(t *testing.T) {
		r := admin.post("/app/admin/roster", url.Values{})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "名簿ファイル（CSV）を選んでください")
	})
	t.Run("ErrStalePreview", func(t *testing.T) {
		r := admin.upload("/app/admin/roster", "file", "名簿.csv", []byte(baseRoster))
		pending, digest := pendingField.FindStringSubmatch(r.body)[1], digestField.FindStringSubmatch(r.body)[1]
		// Meanwhile someone imports through the command line.
		e.importRoster(baseRoster[:len(baseRoster)-len("1006,伊藤 四郎,イトウ シロウ,市民局,市民部,市民課,主事,会計年度任用職員,,\n")])
		r = admin.post("/app/admin/roster/apply", url.Values{"pending": {pending}, "digest": {digest}, "confirmed": {"1"}})
		wantStatus(t, r, http.StatusConflict)
		wantBody(t, r, "もう一度プレビュー")
		if _, total, _ := e.db.FindPeople(ctx, tracker.PersonFilter{}); total != 5 {
			t.Fatalf("got %d people, want the 5 of the other import", total)
		}
	})
	t.Run("ErrPreviewReplaced", func(t *testing.T) {
		// A preview in another tab replaces the first: one account, one preview at a time.
		first := admin.upload("/app/admin/roster", "file", "名簿.csv", []byte(baseRoster))
		second := admin.upload("/app/admin/roster", "file", "名簿.csv", []byte(baseRoster))
		form := func(r *response) url.Values {
			return url.Values{"pending": {pendingField.FindStringSubmatch(r.body)[1]}, "digest": {digestField.FindStringSubmatch(r.body)[1]}}
		}
		stale := form(first)
		stale.Set("confirmed", "1")
		r := admin.post("/app/admin/roster/apply", stale)
		wantStatus(t, r, http.StatusConflict)
		wantBody(t, r, "別の画面で新しいファイルをプレビューした", "もう一度ファイルを選んでプレビュー")
		if _, total, _ := e.db.FindPeople(ctx, tracker.PersonFilter{}); total != 5 {
			t.Fatalf("got %d people, want the 5 from before", total)
		}
		// The second preview still stands (without the ticked box it is shown again).
		r = admin.post("/app/admin/roster/apply", form(second))
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "職員名簿の取り込み（確認）", "追加 <strong>1</strong>人")
	})
	t.Run("ErrPendingReused", func(t *testing.T) {
		r := admin.post("/app/admin/roster/apply", url.Values{"pending": {"nope"}, "digest": {"x"}})
		wantStatus(t, r, http.StatusConflict)
	})
	t.Run("APIShiftJIS", func(t *testing.T) {
		var d tracker.RosterDiff
		wantStatus(t, admin.api("POST", "/api/roster/preview?name=sjis.csv", sjis, &d), http.StatusOK)
		if len(d.Added) != 1 || d.Added[0].Name != "伊藤 四郎" || d.Digest == "" {
			t.Fatalf("got %+v", d)
		}
		var res tracker.RosterResult
		wantStatus(t, admin.api("POST", "/api/roster/apply?digest="+d.Digest, sjis, &res), http.StatusOK)
		if len(res.Passwords) != 1 || res.Passwords[0].Login != "1006" {
			t.Fatalf("got %+v", res)
		}
		r := admin.api("POST", "/api/roster/apply?digest="+d.Digest, sjis, nil)
		wantStatus(t, r, http.StatusConflict)
	})
	t.Run("APIErrRows", func(t *testing.T) {
		r := admin.api("POST", "/api/roster/preview", rosterHeader+"1001,山田,ヤマダ,総務局,,,主事,パート,,\n", nil)
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, `"code":"invalid"`, "2行目: 区分「パート」")
	})
}

func TestBadInput(t *testing.T) {
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	ctx := context.Background()
	staff := e.staff("1001", temps["1001"])
	countAttempts := func() int {
		_, total, _ := e.db.FindAttempts(ctx, tracker.AttemptFilter{})
		return total
	}

	t.Run("QuizUnanswered", func(t *testing.T) {
		r := staff.get("/app/training/general/quiz")
		form := e.answerForm("general", r.body, true)
		var dropped string
		for k := range form {
			if strings.HasPrefix(k, "q.") {
				dropped = k
				break
			}
		}
		delete(form, dropped)
		r = staff.post("/app/training/general/quiz", form)
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "未回答の問題が1問あります", "（未回答）", "checked")
		if countAttempts() != 0 {
			t.Fatal("an incomplete submission was recorded")
		}
	})
	t.Run("QuizUnknownChoice", func(t *testing.T) {
		r := staff.get("/app/training/general/quiz")
		form := e.answerForm("general", r.body, true)
		for k := range form {
			if strings.HasPrefix(k, "q.") {
				form[k] = []string{"z"}
				break
			}
		}
		wantStatus(t, staff.post("/app/training/general/quiz", form), http.StatusBadRequest)
		if countAttempts() != 0 {
			t.Fatal("recorded")
		}
	})
	t.Run("QuizForeignQuestion", func(t *testing.T) {
		r := staff.get("/app/training/general/quiz")
		form := e.answerForm("general", r.body, true)
		form.Set("q.manager-001", "a")
		wantStatus(t, staff.post("/app/training/general/quiz", form), http.StatusBadRequest)
	})
	t.Run("QuizForgedPaper", func(t *testing.T) {
		r := staff.get("/app/training/general/quiz")
		form := e.answerForm("general", r.body, true)
		form.Set("paper", form.Get("paper")+"x")
		r = staff.post("/app/training/general/quiz", form)
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "受験用紙が正しくありません")
	})
	t.Run("QuizOtherPersonsPaper", func(t *testing.T) {
		other := e.staff("1003", temps["1003"])
		r := other.get("/app/training/general/quiz")
		form := e.answerForm("general", r.body, true)
		wantStatus(t, staff.post("/app/training/general/quiz", form), http.StatusBadRequest)
	})
	t.Run("QuizExpiredPaper", func(t *testing.T) {
		r := staff.get("/app/training/general/quiz")
		form := e.answerForm("general", r.body, true)
		// The session is kept alive; the paper is not.
		for range 27 {
			e.clock.Add(20 * time.Minute)
			wantStatus(t, staff.get("/app/training/"), http.StatusOK)
		}
		r = staff.post("/app/training/general/quiz", form)
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "受験を始めてから8時間を過ぎた")
	})
	t.Run("QuizNotRequired", func(t *testing.T) {
		r := staff.get("/app/training/auditor/quiz")
		wantStatus(t, r, http.StatusNotFound)
		wantBody(t, r, "受講対象にありません")
	})
	if countAttempts() != 0 {
		t.Fatal("a bad submission was recorded")
	}
	t.Run("Survey", func(t *testing.T) {
		attempt := passedAttempt(t, e, staff)
		staff.get(attempt)
		r := staff.post(attempt+"/survey", url.Values{"understanding": {"9"}, "usefulness": {""}, "comment": {strings.Repeat("長", 1001)}})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "理解度を1〜5から選んでください", "業務への役立ちを1〜5から選んでください", "1000字以内")
		a, _ := e.db.FindAttemptByID(tracker.NewContext(ctx, nil), 1)
		if a == nil || a.Survey != nil {
			t.Fatal("a bad survey was stored")
		}
	})
	t.Run("PasswordMismatch", func(t *testing.T) {
		staff.get("/app/password")
		r := staff.post("/app/password", url.Values{"current": {newPassword}, "new": {"sora-ni-kumo-ga"}, "confirm": {"sora-ni-kumo-gA"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "一致しません")
	})
	t.Run("Plan", func(t *testing.T) {
		admin := e.client()
		admin.signInAndChange(e.admin.Login, e.admin.Password)
		admin.get("/app/admin/plans/2026")
		r := admin.post("/app/admin/plans/2026", url.Values{"start": {"2026-05-01"}, "end": {"2026-04-01"}, "deadline": {"someday"},
			"approver": {"委員会"}, "modules.general": {"general"}, "modules.manager": {"general", "cooking"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "受講期限を 2026-04-01 の形で入力してください")
		r = admin.post("/app/admin/plans/2026", url.Values{"start": {"2026-05-01"}, "end": {"2026-04-01"}, "deadline": {"2026-05-01"},
			"approver": {"委員会"}, "modules.general": {"general"}, "modules.manager": {"general", "cooking"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "終了日が開始日より前", "「cooking」は存在しません", "局長級・部長級職員の研修モジュールがありません", "承認日と承認者の両方")
		if _, err := e.db.FindPlan(ctx, 2026); tracker.ErrorCode(err) != tracker.ENOTFOUND {
			t.Fatalf("a bad plan was stored: %v", err)
		}
		wantStatus(t, admin.get("/app/admin/plans/令和8"), http.StatusBadRequest)
	})
	t.Run("APIJSON", func(t *testing.T) {
		wantStatus(t, staff.api("POST", "/api/attempts", `{"paper": 1}`, nil), http.StatusBadRequest)
		wantStatus(t, staff.api("POST", "/api/attempts", `{"paper": "x", "extra": true}`, nil), http.StatusBadRequest)
		wantStatus(t, staff.api("GET", "/api/attempts?limit=-3", nil, nil), http.StatusBadRequest)
		wantStatus(t, staff.api("GET", "/api/nothing", nil, nil), http.StatusNotFound)
	})
}

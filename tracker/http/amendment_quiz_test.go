package http_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"isms/quiz"
	"isms/tracker"
)

// The general questions that cite 【04】第13条, which the amendment changed.
var citingAmended = []string{"general-001", "general-024", "general-036"}

// TestFlaggedNotDrawn: from the 施行日, a question citing an amended article is not drawn until the
// 事務局 records its review; the page for the version lists it with the articles' extracts.
func TestFlaggedNotDrawn(t *testing.T) {
	e := newAmendEnv(t, nil)
	staff := e.staff("1001", e.temps["1001"])
	paper := staff.get("/app/training/general/quiz")
	wantStatus(t, paper, http.StatusOK)
	drawn := paperQuestions(paper.body)
	if len(drawn) != 33 {
		t.Fatalf("got %d questions, want the 36 of the bank less the 3 awaiting review", len(drawn))
	}
	for _, id := range citingAmended {
		if slices.Contains(drawn, id) {
			t.Fatalf("%s, awaiting review, was drawn", id)
		}
	}
	t.Run("SubmitsAsDrawn", func(t *testing.T) {
		r := staff.post("/app/training/general/quiz", e.answerForm("general", paper.body, true))
		wantStatus(t, r, http.StatusSeeOther)
		wantBody(t, staff.get(r.location), "合格", "33/33問正解")
	})

	admin := e.admin()
	page := admin.get("/app/admin/amendments/" + amended)
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "問題の見直し（3問、うち見直し待ち 3問）", "isms quiz check -since r08-07", "general-001", "general-024", "general-036",
		"【04】第13条（パスワードの利用）</a>（改正）", "及びパスフレーズ")
	for i, id := range citingAmended[:2] {
		outcome := []string{"unchanged", "edited"}[i]
		r := admin.post("/app/admin/amendments/"+amended+"/reviews", url.Values{"question": {id}, "outcome": {outcome}, "note": {"条文と照合"}})
		wantStatus(t, r, http.StatusSeeOther)
	}
	t.Run("ErrReview", func(t *testing.T) {
		r := admin.post("/app/admin/amendments/"+amended+"/reviews", url.Values{"question": {"general-002"}, "outcome": {"unchanged"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "引用していません")
		r = admin.post("/app/admin/amendments/"+amended+"/reviews", url.Values{"question": {"general-036"}, "outcome": {"ok"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantBody(t, r, "見直しの結果")
		wantStatus(t, staff.post("/app/admin/amendments/"+amended+"/reviews", url.Values{"question": {"general-036"}, "outcome": {"edited"}}),
			http.StatusForbidden)
	})
	wantBody(t, admin.get("/app/admin/amendments/"+amended), "うち見直し待ち 1問", "見直し済（変更なし）", "見直し済（問題集で修正）", "条文と照合")
	drawn = paperQuestions(staff.get("/app/training/general/quiz").body)
	if len(drawn) != 35 || !slices.Contains(drawn, "general-001") || !slices.Contains(drawn, "general-024") || slices.Contains(drawn, "general-036") {
		t.Fatalf("after two reviews: got %d questions %v, want general-001 and general-024 back, general-036 still out", len(drawn), drawn)
	}
}

// TestFlaggedCompetencyRefused: when every question of a competency awaits review, the quiz is not
// drawn without it: the trainee is told why, the 事務局's page warns.
func TestFlaggedCompetencyRefused(t *testing.T) {
	legal := regexp.MustCompile(`(力量: legal\n)条文: [^\n]+`)
	e := newAmendEnv(t, map[string]func(string) string{
		"general.md": func(src string) string { return legal.ReplaceAllString(src, "${1}条文: 07-11") },
	})
	r := e.staff("1001", e.temps["1001"]).get("/app/training/general/quiz")
	wantStatus(t, r, http.StatusConflict)
	wantBody(t, r, "見直しが終わるまで受講できません", "法的要求事項について理解すること", "情報セキュリティ事務局")
	wantBody(t, e.admin().get("/app/admin/amendments/"+amended), "今は受講できません", "一般職員（力量「法的要求事項について理解すること」）")
}

// TestRetraining: a 改正研修 required for the version is drawn only from the reviewed questions
// citing the amended articles, graded and recorded as attempts of its own module, apart from the
// annual requirement.
func TestRetraining(t *testing.T) {
	e := newAmendEnv(t, nil)
	admin := e.admin()
	staff := e.staff("1001", e.temps["1001"])
	module := tracker.AmendmentModule(amended)
	t.Run("ErrNotRequired", func(t *testing.T) {
		wantStatus(t, staff.get("/app/training/"+module+"/quiz"), http.StatusNotFound)
	})
	r := admin.post("/app/admin/amendments/"+amended+"/setting", url.Values{"required": {"yes"}, "deadline": {"2026-06-30"}, "retraining": {"yes"}})
	wantStatus(t, r, http.StatusSeeOther)
	t.Run("WaitsForReview", func(t *testing.T) {
		page := staff.get("/app/training/")
		wantText(t, page, "改正研修（令和8年7月改正版）", "期限は2026年6月30日（令和8年6月30日）", "問題の見直しが終わるまで受講できません")
		wantStatus(t, staff.get("/app/training/"+module+"/quiz"), http.StatusConflict)
	})
	for _, id := range citingAmended {
		wantStatus(t, admin.post("/app/admin/amendments/"+amended+"/reviews", url.Values{"question": {id}, "outcome": {"unchanged"}}), http.StatusSeeOther)
	}
	paper := staff.get("/app/training/" + module + "/quiz")
	wantStatus(t, paper, http.StatusOK)
	wantBody(t, paper, "改正研修（令和8年7月改正版）の研修", `href="/app/amendments/r08-07/"`)
	drawn := paperQuestions(paper.body)
	slices.Sort(drawn)
	if !slices.Equal(drawn, citingAmended) {
		t.Fatalf("got %v, want exactly the reviewed questions citing amended articles %v", drawn, citingAmended)
	}
	form := e.answerForm("general", paper.body, true)
	r = staff.post("/app/training/"+module+"/quiz", form)
	wantStatus(t, r, http.StatusSeeOther)
	result := staff.get(r.location)
	wantBody(t, result, "研修の結果: 改正研修（令和8年7月改正版）", "合格", "3/3問正解")

	t.Run("RecordedApartFromTheAnnualRequirement", func(t *testing.T) {
		page := staff.get("/app/training/")
		wantBody(t, page, "<h3>改正研修（令和8年7月改正版）</h3>", `<a href="/app/attempts/`)
		wantText(t, page, "合格 2026年6月1日（令和8年6月1日）")
		if !strings.Contains(page.body, `<span class="state state-none">未受講</span>`) {
			t.Fatalf("the annual module no longer reads 未受講: %.3000s", page.body)
		}
		var status struct {
			Status tracker.PersonStatus `json:"status"`
		}
		staff.api("GET", "/api/training", nil, &status)
		if status.Status.Complete || len(status.Status.Modules) != 1 || status.Status.Modules[0].Module != "general" {
			t.Fatalf("the 改正研修 counts for the annual requirement: %+v", status.Status)
		}
		var attempts struct {
			Attempts []*tracker.Attempt `json:"attempts"`
		}
		staff.api("GET", "/api/attempts?module="+url.QueryEscape(module), nil, &attempts)
		if len(attempts.Attempts) != 1 || attempts.Attempts[0].Module != module || !attempts.Attempts[0].Passed {
			t.Fatalf("attempts of the 改正研修: %+v", attempts.Attempts)
		}
	})
	t.Run("ReportedAndExported", func(t *testing.T) {
		d := admin.get("/app/reports/acknowledgements")
		wantBody(t, d, "改正研修に合格 <strong>1</strong>人")
		csv := admin.post("/app/reports/export", url.Values{"report": {"attempts"}, "format": {"csv"}, "fy": {"2026"}})
		wantBody(t, csv, "改正研修（令和8年7月改正版）")
		wantBody(t, admin.get("/app/reports/effectiveness?fy=2026"), `<h2 id="m-amendment:r08-07">改正研修（令和8年7月改正版）</h2>`)
		x := admin.post("/app/reports/export", url.Values{"report": {"attempts"}, "format": {"xapi"}, "fy": {"2026"}})
		wantBody(t, x, `"id":"http://`+strings.TrimPrefix(e.srv.URL(), "http://")+`/versions/r08-07/"`, `"ja-JP":"改正研修（令和8年7月改正版）"`)
	})
	t.Run("ManagerDrawsFromTheirModules", func(t *testing.T) {
		mgr := e.staff("1002", e.temps["1002"])
		p := mgr.get("/app/training/" + module + "/quiz")
		wantStatus(t, p, http.StatusOK)
		for _, id := range paperQuestions(p.body) {
			q := questionIn(e.banks, id)
			if q == nil || !slices.ContainsFunc(q.Cites, func(c string) bool { return c == "04-13" || c == "07-11" }) {
				t.Fatalf("%s does not cite an amended article", id)
			}
		}
	})
}

func questionIn(banks []*quiz.Bank, id string) *quiz.Question {
	for _, b := range banks {
		if q := b.Question(id); q != nil {
			return q
		}
	}
	return nil
}

// TestAmendmentSetting: the 事務局 sets a deadline, or waives confirmation of an editorial amendment
// with its reason; every save is a revision in the audit log, and the plan of the year shows it.
func TestAmendmentSetting(t *testing.T) {
	e := newAmendEnv(t, nil)
	admin := e.admin()
	for _, tt := range []struct {
		name string
		form url.Values
		want string
	}{
		{"ErrWaivedWithoutReason", url.Values{"required": {"no"}}, "理由"},
		{"ErrDeadlineBeforeEffective", url.Values{"required": {"yes"}, "deadline": {"2026-05-01"}}, "施行日"},
		{"ErrDeadlineNotADate", url.Values{"required": {"yes"}, "deadline": {"6月末"}}, "2026-09-30 の形"},
		{"ErrWaivedWithRetraining", url.Values{"required": {"no"}, "reason": {"字句の修正"}, "retraining": {"yes"}}, "改正研修"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := admin.post("/app/admin/amendments/"+amended+"/setting", tt.form)
			wantStatus(t, r, http.StatusBadRequest)
			wantBody(t, r, tt.want, `value="`+tt.form.Get("reason")+`"`)
		})
	}
	r := admin.post("/app/admin/amendments/"+amended+"/setting", url.Values{"required": {"no"}, "reason": {"字句の修正のみ"}})
	wantStatus(t, r, http.StatusSeeOther)
	wantBody(t, admin.get(r.location), "改正版の設定を保存しました。")
	wantBody(t, admin.get("/app/admin/plans/2026"), "この年度に施行される改正", "令和8年7月改正版（<span class=\"nw\">令和8年6月1日</span>施行）", "周知確認を求めない（字句の修正のみ）")
	wantBody(t, admin.get("/app/admin/amendments/"), "求めない（字句の修正のみ）")
	var events struct {
		Total int `json:"total"`
	}
	admin.api("GET", "/api/audit?action="+tracker.ActionAmendmentSetting, nil, &events)
	if events.Total != 1 {
		t.Fatalf("got %d setting events, want 1 (the refused ones record nothing)", events.Total)
	}
	t.Run("WaivedHasNoNotice", func(t *testing.T) {
		staff := e.staff("1001", e.temps["1001"])
		if strings.Contains(staff.get("/app/training/").body, "改正のお知らせ:") {
			t.Fatal("a waived version is still shown")
		}
		wantStatus(t, staff.post("/app/amendments/"+amended+"/acknowledge", url.Values{"digest": {strings.Repeat("0", 64)}}), http.StatusConflict)
		wantBody(t, admin.get("/app/reports/"), "周知確認を求めていません（字句の修正のみ）")
	})
}

package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"isms/tracker"
)

// TestLateSubmission proves that a quiz submitted after the deadline, or after the plan's period,
// is recorded and marked 期限後 on every page, report and export where its status shows.
func TestLateSubmission(t *testing.T) {
	e := newEnv(t) // the clock stands at 2026年6月1日
	temps := e.importRoster(baseRoster)
	ctx := tracker.NewContext(context.Background(), tracker.SystemPrincipal("test"))
	d := func(s string) tracker.Date { v, _ := tracker.ParseDate(s); return v }
	plan := &tracker.Plan{FiscalYear: 2026, Modules: tracker.DefaultPlan(2026).Modules, Start: d("2026-04-01"), End: d("2026-06-30"),
		Deadline: d("2026-05-31"), ApprovedOn: d("2026-04-20"), Approver: "情報セキュリティ委員会"}
	if err := e.db.SavePlan(ctx, plan); err != nil {
		t.Fatal(err)
	}
	staff := e.staff("1001", temps["1001"])
	r := staff.get("/app/training/general/quiz")
	r = staff.post("/app/training/general/quiz", e.answerForm("general", r.body, true))
	wantStatus(t, r, http.StatusSeeOther)
	attemptURL := r.location

	t.Run("Recorded", func(t *testing.T) {
		id, _ := strconv.ParseInt(strings.TrimPrefix(attemptURL, "/app/attempts/"), 10, 64)
		a, err := e.db.FindAttemptByID(ctx, id)
		if err != nil || !a.Passed || !a.Late {
			t.Fatalf("got %+v, %v; want a passed attempt marked late", a, err)
		}
	})
	t.Run("ResultPage", func(t *testing.T) {
		wantBody(t, staff.get(attemptURL), `<span class="state state-late">期限後</span>`, "期限後の受験として記録しています")
	})
	t.Run("HistoryPage", func(t *testing.T) {
		wantBody(t, staff.get("/app/history/"), `<span class="state state-late">期限後</span>`)
	})
	t.Run("TrainingPage", func(t *testing.T) {
		wantBody(t, staff.get("/app/training/"), "期限後合格")
	})
	mgr := e.staff("1002", temps["1002"]) // 情報企画課 課長
	t.Run("SectionStatus", func(t *testing.T) {
		p, _ := e.db.FindPersonByStaffNo(ctx, "1001")
		wantBody(t, mgr.get("/app/units/"+strconv.FormatInt(p.Unit.SectionID, 10)+"/"), "期限後合格")
	})
	t.Run("PersonRecord", func(t *testing.T) {
		wantBody(t, mgr.get("/app/people/1001/"), "期限後合格", `<span class="state state-late">期限後</span>`)
	})
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)
	t.Run("Dashboard", func(t *testing.T) {
		wantBody(t, admin.get("/app/reports/?fy=2026"), "うち期限後合格 <a", ">1人</a>）")
	})
	t.Run("PeopleList", func(t *testing.T) {
		r := admin.get("/app/reports/people?fy=2026&state=latepassed")
		wantBody(t, r, "山田 太郎", `<span class="state state-late">期限後合格</span>`)
		if r := admin.get("/app/reports/people?fy=2026&state=outstanding"); strings.Contains(r.body, "山田 太郎") {
			t.Fatal("a person through after the deadline is listed among the 未受講者")
		}
	})
	t.Run("ReportHistory", func(t *testing.T) {
		wantBody(t, admin.get("/app/reports/history/1001/"), `<span class="state state-late">期限後合格</span>`, `<span class="state state-late">期限後</span>`)
	})
	admin.get("/app/reports/")
	for _, tt := range []struct {
		report, format, want string
	}{
		{"attendance", "csv", "期限後合格"},
		{"attempts", "csv", "期限後"},
		{"attempts", "xapi", "/xapi/extensions/late"},
		{"history", "csv", "期限後合格"},
	} {
		t.Run("Export"+tt.report+tt.format, func(t *testing.T) {
			form := url.Values{"report": {tt.report}, "format": {tt.format}, "fy": {"2026"}}
			if tt.report == "history" {
				form.Set("staff", "1001")
			}
			if body := strings.Join(csvLines(t, download(t, admin, form).body), "\n"); !strings.Contains(body, tt.want) {
				t.Fatalf("export does not contain %q: %.500s", tt.want, body)
			}
		})
	}
	t.Run("AfterThePeriod", func(t *testing.T) {
		// After 実施期間 the submission is still recorded, and marked late.
		e.clock.Add(45 * 24 * time.Hour)
		c := e.client()
		wantStatus(t, c.api("POST", "/api/login", map[string]string{"login": "1001", "password": newPassword}, &struct{}{}), http.StatusOK)
		var sess struct {
			CSRF string `json:"csrfToken"`
		}
		c.api("GET", "/api/me", nil, &sess)
		c.csrf = sess.CSRF
		var paper struct {
			Paper     string `json:"paper"`
			Questions []struct {
				ID string `json:"id"`
			} `json:"questions"`
		}
		wantStatus(t, c.api("POST", "/api/training/general/papers", map[string]any{}, &paper), http.StatusCreated)
		answers := map[string][]string{}
		for _, q := range paper.Questions {
			answers[q.ID] = []string{"a"}
		}
		var a tracker.Attempt
		wantStatus(t, c.api("POST", "/api/attempts", map[string]any{"paper": paper.Paper, "answers": answers}, &a), http.StatusCreated)
		if !a.Late || a.ID == 0 {
			t.Fatalf("got %+v, want the attempt recorded and marked late", a)
		}
	})
}

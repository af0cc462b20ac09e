package http_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"isms/internal/browser"
)

// TestTrainingAccessibility runs axe-core on the pages of 集合研修・訓練 and reminders at a phone's
// width (360 px) and a desktop's (1280 px), as the 事務局, a 課長 and staff see them, the
// confirmation pages and the slips included, and checks that nothing loads from another origin
// and nothing scrolls sideways on a phone. With ISMS_SCREENSHOTS set to a directory, each page
// is also saved there as a PNG to look at.
func TestTrainingAccessibility(t *testing.T) {
	t.Parallel() // a browser test: it waits on Chromium, so it runs beside the others
	e, _ := relayEnv(t, siteCSS)
	temps := e.importRoster(yearRoster)
	base := e.srv.URL()
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)
	e.staff("1002", temps["1002"])
	e.staff("1001", temps["1001"])
	id := createSession(t, admin, url.Values{"kind": {"集合研修"}, "title": {"課長級情報セキュリティ研修"}, "start": {"2026-07-10"},
		"place": {"本庁舎8階会議室"}, "roles": {"manager"}, "modules": {"manager"}})
	drill := createSession(t, admin, url.Values{"kind": {"訓練"}, "title": {"標的型メール訓練（第1回）"}, "start": {"2026-09-01"}})
	admin.get("/app/sessions/" + id + "/")
	pv := admin.upload("/app/sessions/"+id+"/attendance", "file", "a.csv", []byte("職員番号\n1002\n"))
	confirm(t, admin, pv, "/app/sessions/"+id+"/attendance/apply", "pending", "digest", "method")
	admin.get("/app/sessions/" + drill + "/")
	pv = admin.upload("/app/sessions/"+drill+"/drill", "file", "r.csv", []byte("職員番号,送信,開封,クリック,報告\n1001,1,1,1,0\n1002,1,1,0,1\n1003,1,0,0,0\n"))
	confirm(t, admin, pv, "/app/sessions/"+drill+"/drill/apply", "pending", "digest")
	p1001, _ := e.db.FindPersonByStaffNo(context.Background(), "1001")
	section := strconv.FormatInt(p1001.Unit.SectionID, 10)
	shots := os.Getenv("ISMS_SCREENSHOTS")

	type page struct {
		name, path string
		post       string // a form to submit on the page (selector), for confirmation pages
	}
	pages := []struct {
		who   string
		pages []page
	}{
		{e.admin.Login, []page{{"sessions", "/app/sessions/", ""}, {"session", "/app/sessions/" + id + "/?unit=" + section, ""},
			{"drill", "/app/sessions/" + drill + "/", ""}, {"drills", "/app/reports/drills?fy=2026", ""},
			{"reminders", "/app/admin/reminders", ""}, {"plan", "/app/admin/plans/2026", ""},
			{"attendance-preview", "/app/sessions/" + id + "/?unit=" + section, `form[action$="/attendance"]:not([enctype])`},
			{"slips", "/app/admin/reminders", `form[action$="/handout"]`},
			{"session-error", "/app/sessions/", `form[action="/app/sessions/"]`}}},
		{"1002", []page{{"manager-sessions", "/app/sessions/", ""}, {"manager-session", "/app/sessions/" + id + "/", ""},
			{"manager-drill", "/app/sessions/" + drill + "/", ""}}},
		{"1001", []page{{"staff-training", "/app/training/", ""}}},
	}
	for _, who := range pages {
		for _, width := range []int64{360, 1280} {
			t.Run(fmt.Sprintf("%s/%d", who.who, width), func(t *testing.T) {
				ctx := browser.New(t)
				if err := browser.SetViewport(ctx, width, 900, width < 600); err != nil {
					t.Fatal(err)
				}
				browserSignIn(t, ctx, base, who.who, newPassword)
				for _, p := range who.pages {
					if err := browser.Navigate(ctx, base+p.path); err != nil {
						t.Fatal(err)
					}
					if p.post != "" {
						submitFirst(t, ctx, p.post)
					}
					report, err := browser.Axe(ctx, browser.WCAG...)
					if err != nil {
						t.Fatal(err)
					}
					for _, v := range report.Violations {
						t.Errorf("%s at %d px:\n%s", p.name, width, v)
					}
					for _, r := range browser.TakeRequests(ctx) {
						if !r.Local(base) {
							t.Errorf("%s loads from another origin: %s", p.name, r)
						}
					}
					if wide, _ := browser.Eval[bool](ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide && width < 600 {
						t.Errorf("%s scrolls sideways at %d px", p.name, width)
					}
					if shots != "" {
						png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
						if err != nil {
							t.Fatal(err)
						}
						os.WriteFile(filepath.Join(shots, fmt.Sprintf("%s-%d.png", p.name, width)), png, 0o644)
					}
				}
			})
		}
	}
}

// submitFirst submits the form the selector finds (ticking its first checkbox) and waits for the
// next page.
func submitFirst(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	before, _ := browser.Eval[string](ctx, `location.href + document.title`)
	js := fmt.Sprintf(`(setTimeout(() => { const f = document.querySelector(%q); const c = f.querySelector('input[type=checkbox]:not(:disabled)');
		if (c) c.checked = true; f.noValidate = true; HTMLFormElement.prototype.submit.call(f) }, 50), true)`, selector)
	if _, err := browser.Eval[bool](ctx, js); err != nil {
		t.Fatal(err)
	}
	for range 100 {
		now, _ := browser.Eval[string](ctx, `new Promise(r => setTimeout(() => r(document.readyState === 'complete' ? location.href + document.title : ''), 100))`)
		if now != "" && now != before {
			return
		}
	}
	t.Fatalf("submitting %s did not lead to another page", selector)
}

package http_test

import (
	"net/url"
	"strconv"
	"testing"

	"isms/internal/browser"
)

// TestAmendmentAccessibility runs axe-core on the notice, the 周知状況 and the 事務局's version pages,
// on a phone (360 px) and a desktop (1280 px), as staff, a 課長 and the 事務局 see them, and checks
// that nothing scrolls sideways or loads from another origin.
func TestAmendmentAccessibility(t *testing.T) {
	t.Parallel() // a browser test: it waits on Chromium, so it runs beside the others
	e := newAmendEnv(t, nil, siteCSS)
	base := e.srv.URL()
	admin := e.admin()
	admin.post("/app/admin/amendments/"+amended+"/setting", url.Values{"required": {"yes"}, "deadline": {"2026-06-30"}, "retraining": {"yes"}})
	for _, id := range []string{"general-001", "general-024"} {
		admin.post("/app/admin/amendments/"+amended+"/reviews", url.Values{"question": {id}, "outcome": {"edited"}, "note": {"解説を改正後の条文に合わせた"}})
	}
	e.staff("1001", e.temps["1001"])
	confirmed := e.staff("1003", e.temps["1003"])
	confirmed.confirm(confirmed.get("/app/training/").body)
	e.staff("1002", e.temps["1002"])
	unit := strconv.FormatInt(e.units["情報企画課"], 10)
	pages := []struct {
		name, who string
		paths     []string
	}{
		{"Staff", "1001", []string{"/app/training/", "/app/amendments/" + amended + "/", "/app/training/amendment:" + amended + "/quiz"}},
		{"Confirmed", "1003", []string{"/app/training/", "/app/amendments/" + amended + "/"}},
		{"Manager", "1002", []string{"/app/reports/", "/app/reports/acknowledgements", "/app/reports/acknowledgements/people?state=pending&unit=" + unit}},
		{"Admin", e.env.admin.Login, []string{"/app/admin/amendments/", "/app/admin/amendments/" + amended, "/app/admin/plans/2026",
			"/app/reports/acknowledgements", "/app/reports/acknowledgements/people?version=" + amended}},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			ctx := browser.New(t)
			browserSignIn(t, ctx, base, p.who, newPassword)
			for _, width := range []int64{360, 1280} {
				if err := browser.SetViewport(ctx, width, 800, width < 600); err != nil {
					t.Fatal(err)
				}
				for _, path := range p.paths {
					if err := browser.Navigate(ctx, base+path); err != nil {
						t.Fatal(err)
					}
					report, err := browser.Axe(ctx, browser.WCAG...)
					if err != nil {
						t.Fatal(err)
					}
					for _, v := range report.Violations {
						t.Errorf("%s at %d px:\n%s", path, width, v)
					}
					wide, err := browser.Eval[bool](ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`)
					if err != nil || wide {
						t.Errorf("%s at %d px scrolls sideways (%v)", path, width, err)
					}
					for _, r := range browser.TakeRequests(ctx) {
						if !r.Local(base) {
							t.Errorf("%s loads from another origin: %s", path, r)
						}
					}
				}
			}
		})
	}
}

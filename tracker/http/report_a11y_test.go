package http_test

import (
	"strconv"
	"testing"

	"isms/internal/browser"
)

// TestReportAccessibility runs axe-core on every report page, as a 課長 and as the 事務局 see them
// (charts, tables, the export form, an error page), and checks that nothing loads from another
// origin.
func TestReportAccessibility(t *testing.T) {
	e := newReportEnv(t, siteCSS)
	base := e.srv.URL()
	e.staff("1002", e.temps["1002"])
	e.admin()
	dept := strconv.FormatInt(e.units["情報管理部"], 10)
	pages := []struct {
		name, who string
		paths     []string
	}{
		{"Manager", "1002", []string{"/app/reports/", "/app/reports/people?state=outstanding", "/app/reports/history/1001/"}},
		{"Admin", e.env.admin.Login, []string{"/app/reports/", "/app/reports/?unit=" + dept, "/app/reports/people?fy=2026",
			"/app/reports/history/1003/", "/app/reports/effectiveness?fy=2026", "/app/reports/exports", "/app/reports/people?state=late",
			"/app/reports/annual?fy=2026", "/app/reports/annual/print?fy=2026"}},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			ctx := browser.New(t)
			browserSignIn(t, ctx, base, p.who, newPassword)
			for _, path := range p.paths {
				// The refused filter answers 400 with an error page, which is checked too.
				if err := browser.Navigate(ctx, base+path); err != nil && path != "/app/reports/people?state=late" {
					t.Fatal(err)
				}
				report, err := browser.Axe(ctx, browser.WCAG...)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range report.Violations {
					t.Errorf("%s:\n%s", path, v)
				}
				for _, r := range browser.TakeRequests(ctx) {
					if !r.Local(base) {
						t.Errorf("%s loads from another origin: %s", path, r)
					}
				}
			}
		})
	}
}

package handbook_test

// The version pages in a real browser (Chromium, headless, see internal/browser): the version menu's
// script keeps the reader on the same article across versions, the pages pass axe-core, load nothing
// from elsewhere, do not scroll sideways on a phone, and the 新旧対照表 prints landscape with its header
// on every page. The browser is closed by TestMain in browser_test.go.

import (
	"strings"
	"testing"

	"isms/internal/browser"
	"isms/internal/sitetest"
)

// versionSiteURL serves amendedRepo's site with its versions (amendedSite) on 127.0.0.1.
func versionSiteURL(t *testing.T) string {
	t.Helper()
	return sitetest.Serve(t, amendedSite(t).public)
}

// followJS clicks the link matched by %s and returns where it leads once the version menu's script has
// run, without leaving the page (a listener after the script's cancels the navigation).
const followJS = `(() => {
	window.addEventListener("click", e => e.preventDefault(), {once: true});
	const a = document.querySelector(%q);
	if (!a) return "no link";
	a.click();
	return a.getAttribute("href");
})()`

func TestVersionMenuKeepsArticle(t *testing.T) {
	t.Parallel()
	base := versionSiteURL(t)
	ctx := browser.New(t)
	tests := []struct {
		name, page, link, want string
	}{
		// 【10】 got a new 第2条 in r03-04, so the old 第2条 is now 第3条.
		{"RenumberedToCurrent", "/versions/r02-08/standards/10/#art-2", `.version-menu a[data-version="current"]`, "/standards/10/#art-3"},
		{"RenumberedFromCurrent", "/standards/10/#art-3", `.version-menu a[data-version="r02-08"]`, "/versions/r02-08/standards/10/#art-2"},
		{"BannerLink", "/versions/r02-08/standards/10/#art-5", `.version-banner a[data-version="current"]`, "/standards/10/#art-6"},
		{"SameNumberKeepsParagraph", "/versions/r02-08/standards/10/#art-1-1", `.version-menu a[data-version="current"]`, "/standards/10/#art-1-1"},
		{"UnchangedStandard", "/versions/r02-08/standards/04/#art-13-2", `.version-menu a[data-version="r03-04"]`, "/versions/r03-04/standards/04/#art-13-2"},
		// The new 第2条 is not in r02-08: the reader lands on the page, not on another article.
		{"AddedArticleNotInOldVersion", "/standards/10/#art-2", `.version-menu a[data-version="r02-08"]`, "/versions/r02-08/standards/10/"},
		{"DeletedArticleNotInCurrent", "/versions/r02-08/standards/13/#art-9", `.version-menu a[data-version="current"]`, "/standards/13/"},
		{"HistoryPage", "/history/10/#art-3", `.version-menu a[data-version="r02-08"]`, "/versions/r02-08/history/10/#art-2"},
		{"NoArticle", "/versions/r02-08/standards/10/", `.version-menu a[data-version="current"]`, "/standards/10/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// a fresh load, so that the hash is the page's own
			if err := browser.Navigate(ctx, base+"/"); err != nil {
				t.Fatal(err)
			}
			if err := browser.Navigate(ctx, base+tt.page); err != nil {
				t.Fatal(err)
			}
			got, err := browser.Eval[string](ctx, strings.Replace(followJS, "%q", `'`+tt.link+`'`, 1))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestVersionPagesInBrowser(t *testing.T) {
	t.Parallel()
	base := versionSiteURL(t)
	ctx := browser.New(t)
	for _, page := range []string{
		"/versions/", "/versions/r02-08/", "/versions/r02-08/standards/", "/versions/r02-08/standards/10/",
		"/versions/r02-08..r03-04/", "/versions/r03-04..current/", "/history/", "/history/10/", "/history/13/",
		"/versions/r02-08/history/10/", "/versions/r02-08/controls/a13-2-4/", "/standards/04/",
	} {
		t.Run(strings.Trim(page, "/"), func(t *testing.T) {
			// As every page of the real site is checked (TestEveryPageInBrowser).
			if err := browser.SetViewport(ctx, 1280, 800, false); err != nil {
				t.Fatal(err)
			}
			checkAccessible(t, ctx, base, page)
			if err := browser.SetViewport(ctx, phoneWidth, 640, true); err != nil {
				t.Fatal(err)
			}
			checkNarrow(t, ctx, page)
		})
	}
}

// printCheckJS reports what a printed 新旧対照表 looks like: the page size the print stylesheet asks
// for, how the table header is laid out (repeated on every page as a table-header-group), and whether
// the screen-only parts are hidden.
const printCheckJS = `(() => {
	let size = "";
	for (const sheet of document.styleSheets) {
		let rules;
		try { rules = sheet.cssRules; } catch (e) { continue; }
		const walk = list => { for (const r of list) {
			if (r instanceof CSSPageRule) size = r.style.getPropertyValue("size");
			else if (r.cssRules) walk(r.cssRules);
		} };
		walk(rules);
	}
	const shown = sel => { const el = document.querySelector(sel); return !!el && getComputedStyle(el).display !== "none"; };
	return {
		size,
		thead: getComputedStyle(document.querySelector(".shinkyu-table thead")).display,
		menu: shown(".version-menu"),
		meta: shown(".row-meta"),
		lead: shown(".shinkyu-lead"),
		underline: getComputedStyle(document.querySelector(".shinkyu-table del")).textDecorationLine,
	};
})()`

type printed struct {
	Size      string
	Thead     string
	Menu      bool
	Meta      bool
	Lead      bool
	Underline string
}

func TestPrintComparison(t *testing.T) {
	t.Parallel()
	base := versionSiteURL(t)
	ctx := browser.New(t)
	if err := browser.EmulateMedia(ctx, "print"); err != nil {
		t.Fatal(err)
	}
	defer browser.EmulateMedia(ctx, "")
	if err := browser.Navigate(ctx, base+"/versions/r02-08..r03-04/"); err != nil {
		t.Fatal(err)
	}
	got, err := browser.Eval[printed](ctx, printCheckJS)
	if err != nil {
		t.Fatal(err)
	}
	got.Size = strings.ToLower(got.Size)
	want := printed{Size: "a4 landscape", Thead: "table-header-group", Menu: false, Meta: false, Lead: true, Underline: "underline"}
	if got != want {
		t.Errorf("printed: got %+v, want %+v", got, want)
	}
	// Other pages keep printing portrait: the landscape sheet is the table page's own.
	if err := browser.Navigate(ctx, base+"/standards/04/"); err != nil {
		t.Fatal(err)
	}
	size, err := browser.Eval[string](ctx, `[...document.styleSheets].flatMap(s => { try { return [...s.cssRules] } catch (e) { return [] } })
		.flatMap(r => r.cssRules ? [...r.cssRules] : [r]).filter(r => r instanceof CSSPageRule).map(r => r.style.getPropertyValue("size")).join(",")`)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(size, "landscape") {
		t.Errorf("/standards/04/ prints %s", size)
	}
}

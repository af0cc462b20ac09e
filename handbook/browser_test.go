package handbook_test

// The built handbook in a real browser (Debian's Chromium, headless): JIS X 8341-3:2016 AA by
// axe-core on every page, no request off the site, no sideways scrolling at 360 px, articles
// readable without JavaScript, navigation left out of print. Run .ci/deps first on a new
// machine: it installs Chromium and axe-core.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"isms/internal/browser"
	"isms/internal/sitetest"
	"isms/policy"
)

// The package's tests that build a site or drive the browser run in parallel (as many at a time as
// go test's -parallel, the number of cores): one waits on Chromium while another runs Hugo, and
// builds take turns (handbook.Build).
func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	sitetest.Close()
	closeShared()
	os.Exit(code)
}

// phoneWidth is the narrowest screen the handbook must read well on, in CSS pixels.
const phoneWidth = 360

// Every page of the built site, served as `isms serve` serves it, in Chromium: axe-core finds
// no WCAG 2.0/2.1 A or AA violation, the page requests nothing but the site's own files (none
// of them missing) and meets no error, and at 360 px wide the document does not scroll sideways.
// A frozen version's page that is, but for its version, the same as a page checked is not loaded
// again (see sitetest.BrowserPages).
func TestEveryPageInBrowser(t *testing.T) {
	t.Parallel()
	public := sitetest.Build(t)
	base := sitetest.Serve(t, public)
	pages, same, err := sitetest.BrowserPages(public)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 30 {
		t.Fatalf("only %d pages to check in the built site: %v", len(pages), pages)
	}
	t.Logf("%d pages checked; %d frozen pages the same as one of them", len(pages), len(same))
	// Two workers, each with its own tab: the machine has two cores, and a worker waits on
	// the browser part of the time. The package's other tests share the cores (see TestMain).
	tabs := make(chan context.Context, 2)
	for range cap(tabs) {
		tabs <- browser.New(t)
	}
	for _, page := range pages {
		t.Run(strings.Trim(page, "/"), func(t *testing.T) {
			t.Parallel()
			ctx := <-tabs
			defer func() { tabs <- ctx }()
			// One navigation per page: checked at desktop size, then narrowed to a phone's
			// width, where the page lays itself out again.
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

// checkAccessible loads the page, runs axe-core on it and checks what the page requested on the
// way and that it met no error (a script's, or a Content-Security-Policy refusal).
func checkAccessible(t *testing.T, ctx context.Context, base, page string) {
	t.Helper()
	// Anything still arriving from the previous page in this tab is checked too, named as such:
	// a late failure is a failure all the same.
	checkTraffic(t, ctx, base, "after the previous page in this tab, before "+page)
	if err := browser.Navigate(ctx, base+page); err != nil {
		t.Fatal(err)
	}
	report, err := browser.Axe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range report.Violations {
		t.Errorf("%s: axe-core: %s", page, v)
	}
	checkTraffic(t, ctx, base, page)
}

// checkTraffic checks the requests and the errors the tab has recorded since the last check:
// every request stays on the site and succeeds, and no error occurred.
func checkTraffic(t *testing.T, ctx context.Context, base, where string) {
	t.Helper()
	for _, r := range browser.TakeRequests(ctx) {
		switch {
		case !r.Local(base):
			t.Errorf("%s: request to another host: %s", where, r)
		case r.Type == "Other" && faviconProbe(r.URL):
		case r.Failure != "" || r.Status >= 400:
			t.Errorf("%s: broken request: %s", where, r)
		}
	}
	for _, e := range browser.TakeErrors(ctx) {
		if !strings.Contains(e, "404") || !faviconProbe(strings.TrimSuffix(e, ":1)")) {
			t.Errorf("%s: %s", where, e)
		}
	}
}

// faviconProbe reports whether url is /favicon.ico, which Chromium asks for by itself, once per
// browser context on whichever page comes first, when the page declares no icon: not the
// page's request, and its 404 not the page's error.
func faviconProbe(url string) bool { return strings.HasSuffix(url, "/favicon.ico") }

// overflowJS measures the page's width against the viewport and, when the page is wider, names
// the outermost elements that stick out on the right.
const overflowJS = `(() => {
	const d = document.documentElement, vw = d.clientWidth;
	const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
		[...el.classList].slice(0, 2).map(c => "." + c).join("");
	const sticking = [];
	if (d.scrollWidth > vw) {
		const out = el => el.getBoundingClientRect().right > vw + 0.5;
		for (const el of document.body.querySelectorAll("*")) {
			if (!out(el) || (el.parentElement !== document.body && out(el.parentElement))) continue;
			sticking.push(name(el) + " to " + Math.round(el.getBoundingClientRect().right) + "px");
			if (sticking.length == 8) break;
		}
	}
	return {viewport: vw, scroll: d.scrollWidth, sticking};
})()`

type overflow struct {
	Viewport int
	Scroll   int
	Sticking []string
}

// checkNarrow checks that the loaded page, on a 360 px phone screen, does not scroll sideways.
func checkNarrow(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	got, err := browser.Eval[overflow](ctx, overflowJS)
	if err != nil {
		t.Fatal(err)
	}
	if got.Viewport != phoneWidth {
		t.Errorf("%s: layout viewport is %d px on a %d px phone: the page needs <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
			page, got.Viewport, phoneWidth)
	}
	if got.Scroll > got.Viewport {
		t.Errorf("%s: at %d px the page is %d px wide and scrolls sideways; sticking out: %s",
			page, got.Viewport, got.Scroll, strings.Join(got.Sticking, ", "))
	}
}

// With JavaScript off, every standard page still shows all of its articles.
func TestStandardsWithoutJavaScript(t *testing.T) {
	t.Parallel()
	root, err := sitetest.Root()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := policy.Load(os.DirFS(filepath.Join(root, "content")))
	if err != nil {
		t.Fatal(err)
	}
	base := sitetest.Serve(t, sitetest.Build(t))
	ctx := browser.New(t)
	if err := browser.DisableScripts(ctx); err != nil {
		t.Fatal(err)
	}
	for _, s := range doc.Standards {
		t.Run(s.Number, func(t *testing.T) {
			if err := browser.Navigate(ctx, base+s.URL()); err != nil {
				t.Fatal(err)
			}
			got, err := browser.Eval[shownCount](ctx, articlesShownJS)
			if err != nil {
				t.Fatal(err)
			}
			if want := len(s.Articles()); got.All != want || got.Shown != want {
				t.Errorf("%s without JavaScript: %d of %d article elements shown, want all %d; hidden: %v",
					s.URL(), got.Shown, got.All, want, got.Hidden)
			}
		})
	}
}

type shownCount struct {
	All, Shown int
	Hidden     []string
}

// articlesShownJS counts the article elements and those a reader sees (laid out, not hidden,
// with text).
const articlesShownJS = `(() => {
	const all = [...document.querySelectorAll('article[id^="art-"]')];
	const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden" &&
		el.innerText.trim() !== "";
	return {all: all.length, shown: all.filter(shown).length, hidden: all.filter(el => !shown(el)).map(el => el.id)};
})()`

// printParts are the parts of a page a printout leaves out, each found by what it is rather
// than by one class name, so that the test follows the markup's meaning.
var printParts = []struct{ name, selector string }{
	{"header navigation", "header nav"},
	{"breadcrumbs", `nav.breadcrumbs, nav[aria-label*="パンくず"], nav[aria-label="現在位置"]`},
	{"footer navigation", "footer nav"},
	{"search box", `[role="search"], input[type="search"]`},
}

type partShown struct {
	Found, Shown int
}

// A standard printed: the navigation and the search box are not displayed, the articles are, on
// A4 pages.
func TestPrintStandard(t *testing.T) {
	t.Parallel()
	const page = "/standards/04/"
	base := sitetest.Serve(t, sitetest.Build(t))
	ctx := browser.New(t)
	if err := browser.Navigate(ctx, base+page); err != nil {
		t.Fatal(err)
	}
	measure := func(selector string) partShown {
		t.Helper()
		js := fmt.Sprintf(`(() => {
			const els = [...document.querySelectorAll(%q)];
			const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
			return {found: els.length, shown: els.filter(shown).length};
		})()`, selector)
		got, err := browser.Eval[partShown](ctx, js)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	// On screen first: a part the page lacks would make the print check pass for nothing.
	for _, p := range printParts {
		if got := measure(p.selector); got.Found == 0 || got.Shown == 0 {
			t.Errorf("%s on screen: no %s shown (%s): found %d, shown %d", page, p.name, p.selector, got.Found, got.Shown)
		}
	}
	if err := browser.EmulateMedia(ctx, "print"); err != nil {
		t.Fatal(err)
	}
	for _, p := range printParts {
		t.Run(strings.ReplaceAll(p.name, " ", "-"), func(t *testing.T) {
			if got := measure(p.selector); got.Shown != 0 {
				t.Errorf("%s printed: %d of %d %s elements (%s) still displayed", page, got.Shown, got.Found, p.name, p.selector)
			}
		})
	}
	t.Run("A4", func(t *testing.T) {
		pdf, err := browser.PrintToPDF(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sizes := browser.PDFPageSizes(pdf)
		if len(sizes) < 2 {
			t.Fatalf("%s printed on %d pages, want the whole standard over several", page, len(sizes))
		}
		for i, s := range sizes {
			if !s.Is(browser.A4) {
				t.Errorf("%s printed: page %d is %.0f × %.0f pt, want A4 (595 × 842 pt)", page, i+1, s.Width, s.Height)
			}
		}
	})
	t.Run("articles", func(t *testing.T) {
		got, err := browser.Eval[shownCount](ctx, articlesShownJS)
		if err != nil {
			t.Fatal(err)
		}
		if got.All == 0 || got.Shown != got.All {
			t.Errorf("%s printed: %d of %d articles displayed; hidden: %v", page, got.Shown, got.All, got.Hidden)
		}
	})
}

// No file of the built site points the browser at another host: no CDN, web font, analytics or
// external link, so that the handbook works on the city's closed network.
func TestNoAbsoluteURLsToOtherHosts(t *testing.T) {
	t.Parallel()
	refs, err := sitetest.ExternalURLs(sitetest.Build(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		t.Errorf("absolute URL to another host: %s", r)
	}
}

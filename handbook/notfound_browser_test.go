package handbook_test

// What a reader meets at the edges of the handbook, in Chromium (see internal/browser): the 404 page
// for an address the site does not have, the version a printed standard names, the search buttons and
// the header's search box, and the site's own icon. The browser is closed by TestMain in
// browser_test.go.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"isms/internal/browser"
	"isms/internal/sitetest"
)

// navigateStatus loads url and returns the HTTP status of the document, which may be an error status:
// the 404 page is a page to look at.
func navigateStatus(t *testing.T, ctx context.Context, url string) int64 {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, opDeadline)
	defer cancel()
	resp, err := chromedp.Run(tctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("navigating to %s: %v", url, err)
	}
	if resp == nil {
		t.Fatalf("navigating to %s: no response", url)
	}
	return resp.Status
}

// checkAxe runs axe-core on the loaded page.
func checkAxe(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	report, err := browser.Axe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range report.Violations {
		t.Errorf("%s: axe-core: %s", where, v)
	}
}

// checkRequests checks what the tab requested since the last check: nothing off the site, nothing
// broken but the missing page itself (missing, "" when none is expected), the site's icon loaded and
// no probe for /favicon.ico.
func checkRequests(t *testing.T, ctx context.Context, base, missing string) {
	t.Helper()
	icon := false
	for _, r := range browser.TakeRequests(ctx) {
		switch {
		case !r.Local(base):
			t.Errorf("request to another host: %s", r)
		case strings.HasSuffix(r.URL, "/favicon.ico"):
			t.Errorf("the browser looked for an icon the page does not declare: %s", r)
		case r.Type == "Document" && r.URL == base+missing:
			if r.Status != 404 {
				t.Errorf("%s: status %d, want 404", r.URL, r.Status)
			}
		case r.Failure != "" || r.Status >= 400:
			t.Errorf("broken request: %s", r)
		case strings.HasSuffix(r.URL, "/assets/favicon.svg"):
			icon = true
		}
	}
	if !icon {
		t.Error("the site's icon /assets/favicon.svg was not loaded")
	}
}

// notFoundJS describes the loaded page as a reader sees it.
const notFoundJS = `(() => {
	const form = document.querySelector("main form[role=search]");
	return {
		title: document.title,
		h1: document.querySelector("main h1").textContent,
		search: !!form && form.getAttribute("action") === "/search/" && !!form.querySelector("input[name=q]") && !!form.querySelector("button[type=submit]"),
		links: [...document.querySelectorAll("main a")].map(a => a.getAttribute("href")),
		listing: document.body.textContent.includes("site.css"),
		wide: document.documentElement.scrollWidth > document.documentElement.clientWidth,
	};
})()`

type notFoundPage struct {
	Title   string
	H1      string
	Search  bool
	Links   []string
	Listing bool
	Wide    bool
}

// An unknown address, at any depth, and a folder of files without a page of its own, answer 404 with
// the site's own page: its layout, a search box, a way back to the handbook; accessible and without
// sideways scrolling, on a desktop and on a phone.
func TestNotFoundPageInBrowser(t *testing.T) {
	base := sitetest.Serve(t, sitetest.Build(t))
	atBothWidths(t, func(t *testing.T, ctx context.Context, width int64) {
		for _, path := range []string{"/standards/99/", "/versions/r02-08/standards/99/", "/assets/", "/mistyped.html"} {
			t.Run(strings.Trim(path, "/"), func(t *testing.T) {
				if got := navigateStatus(t, ctx, base+path); got != 404 {
					t.Errorf("status %d, want 404", got)
				}
				got, err := browser.Eval[notFoundPage](ctx, notFoundJS)
				if err != nil {
					t.Fatal(err)
				}
				if got.Title != "ページが見つかりません | 西宮市 情報セキュリティハンドブック" || got.H1 != "ページが見つかりません" {
					t.Errorf("title %q, heading %q", got.Title, got.H1)
				}
				if !got.Search {
					t.Error("no search form on the page")
				}
				for _, want := range []string{"/", "/standards/"} {
					if !slices.Contains(got.Links, want) {
						t.Errorf("no link to %s: %v", want, got.Links)
					}
				}
				if got.Listing {
					t.Error("the page lists the folder's files")
				}
				if got.Wide {
					t.Errorf("the page scrolls sideways at %d px", width)
				}
				checkAxe(t, ctx, path)
				checkRequests(t, ctx, base, path)
			})
		}
	})
	// The search box takes the reader to the search page with the words typed.
	t.Run("Search", func(t *testing.T) {
		ctx := browser.New(t)
		navigateStatus(t, ctx, base+"/standards/99/")
		tctx, cancel := context.WithTimeout(ctx, opDeadline)
		defer cancel()
		if _, err := chromedp.RunResponse(tctx, chromedp.SendKeys(chromedp.ID("not-found-q"), "パスワード"), chromedp.Submit(chromedp.ID("not-found-q"))); err != nil {
			t.Fatal(err)
		}
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#search-results li")))
		got, err := browser.Eval[string](ctx, `decodeURIComponent(location.pathname + location.search)`)
		if err != nil {
			t.Fatal(err)
		}
		if got != "/search/?q=パスワード" {
			t.Errorf("the search went to %s", got)
		}
	})
	// Reached by a link, the page offers to go back to where the reader was; reached by a typed address,
	// it does not offer a back that would leave the site.
	t.Run("Back", func(t *testing.T) {
		ctx := browser.New(t)
		if err := browser.Navigate(ctx, base+"/standards/04/"); err != nil {
			t.Fatal(err)
		}
		// a link on the page to an address the site does not have
		if _, err := browser.Eval[bool](ctx, `(() => { const a = document.createElement("a"); a.id = "broken"; a.href = "/standards/99/"; a.textContent = "x"; document.body.append(a); return true; })()`); err != nil {
			t.Fatal(err)
		}
		tctx, cancel := context.WithTimeout(ctx, opDeadline)
		defer cancel()
		resp, err := chromedp.RunResponse(tctx, chromedp.Click(chromedp.ID("broken")))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != 404 {
			t.Errorf("the broken link: status %d, want 404", resp.Status)
		}
		hidden, err := browser.Eval[bool](ctx, `document.querySelector(".not-found-back").hidden`)
		if err != nil {
			t.Fatal(err)
		}
		if hidden {
			t.Fatal("reached by a link, the page offers no 前のページに戻る")
		}
		// Going back may restore the page from the browser's cache without loading it: wait for the
		// navigation itself.
		navigated := chromedp.Events(tctx, page.FrameNavigated)
		do(t, ctx, chromedp.Click(chromedp.CSS(".not-found-back button")))
		for ev, err := range navigated {
			if err != nil {
				t.Fatal(err)
			}
			if ev.Frame.ParentID == "" {
				if got := strings.TrimPrefix(ev.Frame.URL, base); got != "/standards/04/" {
					t.Errorf("前のページに戻る went to %s", got)
				}
				break
			}
		}
		navigateStatus(t, ctx, base+"/standards/99/")
		hidden, err = browser.Eval[bool](ctx, `document.querySelector(".not-found-back").hidden`)
		if err != nil {
			t.Fatal(err)
		}
		if !hidden {
			t.Error("a typed address offers 前のページに戻る")
		}
	})
}

// opDeadline bounds a chain of browser actions; it only keeps a hung browser from blocking the tests.
const opDeadline = 2 * time.Minute

// do runs browser actions in the tab of ctx, in order.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, opDeadline)
	defer cancel()
	if err := chromedp.Do(tctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// atBothWidths runs check in a fresh tab on a desktop (1280 px) and on a phone (360 px).
func atBothWidths(t *testing.T, check func(t *testing.T, ctx context.Context, width int64)) {
	for _, size := range []struct {
		width  int64
		mobile bool
	}{{1280, false}, {phoneWidth, true}} {
		t.Run(fmt.Sprint(size.width), func(t *testing.T) {
			ctx := browser.New(t)
			if err := browser.SetViewport(ctx, size.width, 800, size.mobile); err != nil {
				t.Fatal(err)
			}
			check(t, ctx, size.width)
		})
	}
}

// editionJS reports whether the page's version line and banner are displayed, and their text.
const editionJS = `(() => {
	const shown = el => !!el && el.getClientRects().length > 0;
	const line = document.querySelector(".edition-line"), banner = document.querySelector(".version-banner");
	return {line: shown(line) ? line.textContent : "", banner: shown(banner) ? banner.textContent : ""};
})()`

type editionShown struct{ Line, Banner string }

// A printed standard (and the 方針) names its version and 施行日 under its title; a frozen version's
// printout names them in its banner. On screen the version menu says it, so the line is not shown. The
// printout passes axe-core at 1280 and 360 px.
func TestPrintedStandardNamesItsVersion(t *testing.T) {
	base := sitetest.Serve(t, sitetest.Build(t))
	atBothWidths(t, func(t *testing.T, ctx context.Context, width int64) {
		for _, page := range []string{"/standards/04/", "/policy/", "/versions/r02-08/standards/04/"} {
			t.Run(strings.Trim(page, "/"), func(t *testing.T) {
				if err := browser.EmulateMedia(ctx, ""); err != nil {
					t.Fatal(err)
				}
				if err := browser.Navigate(ctx, base+page); err != nil {
					t.Fatal(err)
				}
				screen, err := browser.Eval[editionShown](ctx, editionJS)
				if err != nil {
					t.Fatal(err)
				}
				if err := browser.EmulateMedia(ctx, "print"); err != nil {
					t.Fatal(err)
				}
				defer browser.EmulateMedia(ctx, "")
				printed, err := browser.Eval[editionShown](ctx, editionJS)
				if err != nil {
					t.Fatal(err)
				}
				if screen.Line != "" {
					t.Errorf("on screen the version line is shown: %q", screen.Line)
				}
				frozen := strings.HasPrefix(page, "/versions/")
				named := printed.Line
				if frozen {
					named = printed.Banner
					if printed.Line != "" {
						t.Errorf("a frozen version prints the line as well as its banner: %q", printed.Line)
					}
				}
				if !strings.Contains(named, "版") || !strings.Contains(named, "施行") || !strings.Contains(named, "年") {
					t.Errorf("printed: the version and its 施行日 are not named: line %q, banner %q", printed.Line, printed.Banner)
				}
				checkAxe(t, ctx, page+" printed")
			})
		}
	})
}

// headerJS measures the header's search box and the page's search button: whether the placeholder fits
// the box, and the button's colours.
const headerJS = `(() => {
	const input = document.querySelector("#site-search-q");
	const cs = getComputedStyle(input);
	const c = document.createElement("canvas").getContext("2d");
	c.font = cs.font;
	const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
	const button = document.querySelector("main button[type=submit]");
	const bs = button ? getComputedStyle(button) : null;
	return {
		placeholder: input.placeholder, fits: c.measureText(input.placeholder).width <= room,
		button: bs ? bs.backgroundColor + " " + bs.color : "",
	};
})()`

type headerShown struct {
	Placeholder string
	Fits        bool
	Button      string
}

// The header's search box shows its whole placeholder on a phone and a desktop, and the search page's
// 検索 button is drawn as the site's button (the header's blue, white text), not the browser's default.
func TestSearchBoxesInBrowser(t *testing.T) {
	base := sitetest.Serve(t, sitetest.Build(t))
	atBothWidths(t, func(t *testing.T, ctx context.Context, width int64) {
		if err := browser.Navigate(ctx, base+"/search/?q=パスワード"); err != nil {
			t.Fatal(err)
		}
		got, err := browser.Eval[headerShown](ctx, headerJS)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Fits {
			t.Errorf("the header's placeholder %q is cut off", got.Placeholder)
		}
		if got.Button != "rgb(29, 79, 145) rgb(255, 255, 255)" {
			t.Errorf("the search button is drawn %q, want the site's blue with white text", got.Button)
		}
		checkAxe(t, ctx, "/search/")
		checkRequests(t, ctx, base, "")
	})
}

package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"isms/internal/browser"
)

// pageCheck is what the browser measures on a page: whether it scrolls sideways, which words that
// must keep their line (IDs, numbers, dates, names) were broken, and every text a person reads or
// hears (for the vocabulary check).
type pageCheck struct {
	ScrollWidth int      `json:"scrollWidth"`
	Viewport    int      `json:"viewport"` // the layout viewport (a phone zooms out to show a wider page whole)
	Wide        []string `json:"wide"`     // the innermost elements reaching past the right edge
	Broken      []string `json:"broken"`   // words split across lines
	Small       []string `json:"small"`    // chart text drawn too small to read
	Text        string   `json:"text"`
}

// measure runs in the page. A token is broken when the rectangles of its text lie on more than one
// line. Tokens are looked for in every text node: runs of ASCII letters, digits and the marks
// inside IDs and addresses (1003, somu01, 127.0.0.1, 10:05, a3f9…), Western dates (2026年6月1日),
// era dates and fiscal years (（令和8年6月1日）, 2026年度); besides, every .nw element (names and
// the like) must sit on one line. Chart text is measured as drawn: its font size times the scale
// of the chart's viewBox.
const measure = `(() => {
	const vw = document.documentElement.clientWidth;
	const out = {scrollWidth: document.documentElement.scrollWidth, viewport: vw, wide: [], broken: [], small: [], text: ''};
	const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : '') +
		' «' + (el.textContent || '').trim().slice(0, 40) + '»';
	const hidden = el => { for (let e = el; e; e = e.parentElement) { const cs = getComputedStyle(e); if (cs.display === 'none' || cs.visibility === 'hidden' || (cs.position === 'absolute' && cs.clip !== 'auto')) return true; } return false; };
	// The innermost elements whose box or content reaches past the right edge name the culprit.
	const wide = [];
	const depth = el => { let d = 0; for (let e = el; e; e = e.parentElement) d++; return d; };
	if (out.scrollWidth > vw) {
		for (const el of document.body.querySelectorAll('*')) {
			const r = el.getBoundingClientRect();
			const right = Math.max(r.right, r.left + el.scrollWidth);
			if (r.width > 0 && right > vw + 1 && !hidden(el)) wide.push([depth(el), Math.round(right) + 'px ' + describe(el)]);
		}
	}
	wide.sort((a, b) => b[0] - a[0]);
	out.wide = wide.slice(0, 5).map(w => w[1]);
	const lines = rects => { const tops = []; for (const r of rects) { if (r.width < 1) continue; if (!tops.some(t => Math.abs(t - r.top) < 3)) tops.push(r.top); } return tops.length; };
	const token = /\d{4}年\d{1,2}月\d{1,2}日|[（(](?:令和|平成|昭和)[元\d]+年(?:\d{1,2}月\d{1,2}日|度)[）)]|\d{4}年度|[A-Za-z0-9][A-Za-z0-9._:@,\-]*[A-Za-z0-9]/g;
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		const p = n.parentElement;
		if (!p || p.closest('script, style, option, textarea, select') || hidden(p)) continue;
		for (const m of n.data.matchAll(token)) {
			const range = document.createRange();
			range.setStart(n, m.index);
			range.setEnd(n, m.index + m[0].length);
			if (lines(range.getClientRects()) > 1) out.broken.push(m[0] + ' in ' + describe(p));
		}
	}
	// Chart text drawn smaller than 10 px is unreadable: a chart must scale its text or give way to its table.
	for (const el of document.querySelectorAll('svg text')) {
		const svg = el.ownerSVGElement, box = svg && svg.viewBox.baseVal;
		if (!box || !box.width || hidden(el)) continue;
		const px = parseFloat(getComputedStyle(el).fontSize) * svg.getBoundingClientRect().width / box.width;
		if (px < 10) { out.small.push('chart text drawn ' + px.toFixed(1) + ' px high: ' + describe(el)); break; }
	}
	for (const el of document.querySelectorAll('.nw')) {
		if (!hidden(el) && lines(el.getClientRects()) > 1) out.broken.push(describe(el));
	}
	const parts = [document.title, document.body.textContent];
	for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder], [data-label], button, input[type=submit]')) {
		for (const a of ['aria-label', 'title', 'alt', 'placeholder', 'data-label']) { if (el.hasAttribute(a)) parts.push(el.getAttribute(a)); }
		if (el.tagName === 'INPUT') parts.push(el.value);
	}
	out.text = parts.join('\n');
	return JSON.stringify(out);
})()`

// check measures the page in the tab of ctx.
func check(ctx context.Context) (*pageCheck, error) {
	raw, err := browser.Eval[string](ctx, measure)
	if err != nil {
		return nil, err
	}
	var c pageCheck
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// TestLayout visits every tracker page as each kind of user meets it (staff, 課長, 部長, 事務局, and
// before login), in Chromium at 360 px (a phone) and 1280 px (a desk), and checks that nothing
// scrolls sideways (the document is no wider than the viewport), that no ID, number, date, address
// or name is broken across lines, that axe-core finds nothing (WCAG 2.0/2.1 A and AA), that nothing
// loads from another origin, and that every word on the page is the city's (retiredWords).
func TestLayout(t *testing.T) {
	t.Parallel() // a browser test: it waits on Chromium, so it runs beside the others
	for _, width := range []int64{360, 1280} {
		// Each width has a server and database of its own: the tour changes data (a roster
		// applied, a password issued), and an account keeps one roster preview at a time, so
		// the 事務局 of one width would otherwise void the preview of the other.
		e := newReportEnv(t, siteCSS)
		legs := tour(t, e)
		signInAll(e, legs)
		base := e.srv.URL()
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			t.Parallel()
			for _, l := range legs {
				t.Run(l.role, func(t *testing.T) {
					ctx := tab(t, base, width, l.login)
					for _, s := range l.stops {
						if err := visit(ctx, base, s); err != nil {
							t.Fatalf("%s: %v", s.name, err)
						}
						c, err := check(ctx)
						if err != nil {
							t.Fatalf("%s: %v", s.name, err)
						}
						// A desk's browser shows a scroll bar beside a long page; a phone's overlays it.
						if c.Viewport > int(width) || c.Viewport < int(width)-20 {
							t.Errorf("%s: the layout viewport is %d px, want %d less a scroll bar", s.name, c.Viewport, width)
						}
						if c.ScrollWidth > c.Viewport {
							t.Errorf("%s scrolls sideways: document %d px in a %d px viewport; past the edge: %s",
								s.name, c.ScrollWidth, c.Viewport, strings.Join(c.Wide, "; "))
						}
						for _, b := range c.Broken {
							t.Errorf("%s breaks a word across lines: %s", s.name, b)
						}
						for _, b := range c.Small {
							t.Errorf("%s has %s", s.name, b)
						}
						if !strings.Contains(c.Text, s.want) {
							t.Errorf("%s does not say %q", s.name, s.want)
						}
						for _, w := range retiredWords(c.Text) {
							t.Errorf("%s uses %s", s.name, w)
						}
						report, err := browser.Axe(ctx, browser.WCAG...)
						if err != nil {
							t.Fatalf("%s: %v", s.name, err)
						}
						for _, v := range report.Violations {
							t.Errorf("%s:\n%s", s.name, v)
						}
						for _, r := range browser.TakeRequests(ctx) {
							if !r.Local(base) {
								t.Errorf("%s loads from another origin: %s", s.name, r)
							}
						}
					}
				})
			}
		})
	}
}

// TestMeasure: the measurements find a page that scrolls sideways and words broken across lines, and
// pass a page that has neither.
func TestMeasure(t *testing.T) {
	pages := map[string]string{
		"/bad": `<p style="white-space: nowrap">` + strings.Repeat("横に長い行 ", 40) + `</p>
			<p style="width: 3em; word-break: break-all">somu0123456 127.0.0.1</p>
			<p style="width: 4em">2026年12月2日（令和8年12月2日）</p>
			<svg viewBox="0 0 720 40" width="100%"><text x="10" y="30" font-size="13">小さすぎる文字</text></svg>`,
		"/good": `<p>横に長い行が折り返す段落です。` + strings.Repeat("横に長い行 ", 40) + `</p>
			<p style="width: 8em"><span class="nw" style="white-space: nowrap">somu0123</span> 127.0.0.1</p>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="ja"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>t</title></head><body>%s</body></html>`, pages[r.URL.Path])
	}))
	defer srv.Close()
	ctx := browser.New(t)
	if err := browser.SetViewport(ctx, 360, 800, true); err != nil {
		t.Fatal(err)
	}
	measureAt := func(path string) *pageCheck {
		t.Helper()
		if err := browser.Navigate(ctx, srv.URL+path); err != nil {
			t.Fatal(err)
		}
		c, err := check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	bad := measureAt("/bad")
	if bad.ScrollWidth <= bad.Viewport || len(bad.Wide) == 0 {
		t.Errorf("the wide page: got scroll width %d in %d px, past the edge %q", bad.ScrollWidth, bad.Viewport, bad.Wide)
	}
	if len(bad.Small) == 0 {
		t.Error("the chart's tiny text is not found")
	}
	broken := strings.Join(bad.Broken, "\n")
	for _, want := range []string{"somu0123456", "127.0.0.1", "2026年12月2日", "（令和8年12月2日）"} {
		if !strings.Contains(broken, want) {
			t.Errorf("%s broken across lines is not found; found %q", want, bad.Broken)
		}
	}
	if good := measureAt("/good"); good.ScrollWidth > good.Viewport || len(good.Broken) > 0 || len(good.Small) > 0 {
		t.Errorf("the good page: got scroll width %d in %d px, broken %q, small %q", good.ScrollWidth, good.Viewport, good.Broken, good.Small)
	}
}
